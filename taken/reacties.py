"""Reactions to journey events that make work for professionals: a task is never written by the domain
service itself, but by this app (above the domain apps) after the change committed, in the transaction
that marks the event handled (so exactly once). ``Taak.sleutel`` keeps a cause from giving one person two
tasks."""

from datetime import date, datetime, timedelta

from django.db.models import F, Q, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.bulkrem import BULKTOEGANG_GEREMD, DOWNLOADS
from accounts.models import Rol, User
from accounts.selectors import (
    ONDERWERP_VAN_COORDINATORTAAK,
    coordinatortaken,
    is_coordinatortaak,
    opvolgers_van_coordinatortaken,
)
from accounts.services import GEBRUIKER_GEWIJZIGD, wie_zij_was_als_vertrokken
from bemiddeling.models import Voordracht
from bemiddeling.services import (
    VERVALLEN_DOSSIER_GESLOTEN,
    VERVALLEN_ELDERS_GEPLAATST,
    VERVALLEN_VACATURE_GESLOTEN,
    VOORDRACHT_AANGENOMEN,
    VOORDRACHT_AFGEWEZEN,
    VOORDRACHT_VERVALLEN,
)
from klantreis.lib import datums
from klantreis.lib.bulk import rijen_invoegen
from klantreis.lib.tekst import een_punt
from klantreis.lib.werktijd import volgende_werkdag
from matching.models import Interesse
from matching.services import INTERESSE_GETOOND
from outbox.registry import reageer_op
from plaatsingen.models import Checkin, NazorgMoment, Plaatsing
from plaatsingen.services import (
    CHECKIN_LAAG,
    NAZORGMOMENTEN_OPGEPAKT,
    PLAATSING_AFGESLOTEN,
    PLAATSING_GESTART,
    PROEFPLAATSING_GESTOPT,
)
from sollicitaties.models import Sollicitatieplicht
from taken.models import Taak
from werkgevers.models import Werkgever
from werkgevers.services import ACCOUNTMANAGER_GEWIJZIGD, VACATURE_GEOPEND, geopend_voor_accountmanager
from werkzoekenden.models import Actie, Kandidaat, Rechtenverzoek, ToestemmingVerzoek
from werkzoekenden.services import (
    ACTIE_GEWIJZIGD,
    DOSSIER_AFGESLOTEN,
    DOSSIER_HEROPEND,
    DOSSIER_OVERGEDRAGEN,
    RECHTENVERZOEK_AFGEHANDELD,
    RECHTENVERZOEK_INGEDIEND,
    RECHTENVERZOEK_VERLOPEN,
    TOESTEMMING_GEWEIGERD,
    TOESTEMMING_INGETROKKEN,
    TOESTEMMING_VERLEEND,
)


def _taken_schrijven(taken):
    Taak.objects.bulk_create(taken, ignore_conflicts=any(t.sleutel for t in taken))


def _werkdagen_verder(dag, aantal):
    for _i in range(aantal):
        dag = volgende_werkdag(dag)
    return dag


@reageer_op(NAZORGMOMENTEN_OPGEPAKT)
def nazorgtaken(gebeurtenis):
    """One task per professional per moment: call or visit, and record the outcome."""
    uiterlijk = date.fromisoformat(gebeurtenis.gegevens["datum"])
    nu = timezone.now()
    soorten = dict(NazorgMoment.Soort.choices)
    momenten = gebeurtenis.gegevens["momenten"]
    kandidaat_van = dict(NazorgMoment.objects.filter(pk__in=[m[0] for m in momenten]).values_list(
        "pk", "plaatsing__kandidaat_id"))
    rijen = []
    # The event carries [moment, soort, kandidaat, werkgever id, werkgever, accountmanager id, klantmanager id].
    for moment_id, soort, kandidaat, werkgever_id, werkgever_naam, am_id, km_id in momenten:
        omschrijving = een_punt(_("Nazorg %(moment)s: %(k)s bij %(w)s. Bel of ga langs en leg de uitkomst vast.") % {
            "moment": str(soorten[soort]).lower(), "k": kandidaat, "w": werkgever_naam})
        for professional_id in {am_id, km_id} - {None}:
            rijen.append((professional_id, omschrijving[:500], uiterlijk, nu, werkgever_id,
                          kandidaat_van.get(moment_id), f"nazorg:{moment_id}:{professional_id}"))
    # Many at once, without model instances; the event is handled once, so these keys are new.
    rijen_invoegen(Taak, ["toegewezen_aan_id", "omschrijving", "uiterlijk", "aangemaakt_op", "werkgever_id",
                          "kandidaat_id", "sleutel"], rijen)


@reageer_op(VOORDRACHT_AFGEWEZEN)
def vervolgtaken(gebeurtenis):
    """An afgewezen kandidaat is picked up: accountmanager and klantmanager discuss and look further."""
    voordracht = Voordracht.objects.select_related("kandidaat__klantmanager", "vacature__werkgever",
                                                   "voorgedragen_door").get(pk=gebeurtenis.gegevens["voordracht_id"])
    reden = voordracht.Reden(voordracht.reden).label if voordracht.reden else ""
    gegevens = {"kandidaat": voordracht.kandidaat, "wat": gebeurtenis.gegevens["wat"], "reden": reden,
                "werkgever": voordracht.vacature.werkgever.naam, "vacature": voordracht.vacature.titel}
    # The klantmanager talks it through with the werkzoekende; the accountmanager, who does not, looks for another
    # kandidaat for the werkgever and, with the klantmanager, another vacature for this one.
    omschrijvingen = {
        Rol.KLANTMANAGER: _("Bespreek met %(kandidaat)s: %(wat)s bij %(werkgever)s (%(reden)s) en zoek samen met de "
                            "accountmanager een nieuwe match."),
        Rol.ACCOUNTMANAGER: _("%(kandidaat)s is %(wat)s bij %(werkgever)s (%(reden)s). Zoek een andere kandidaat voor "
                              "%(vacature)s, en met de klantmanager een andere vacature voor %(kandidaat)s."),
    }
    ontvangers = {voordracht.voorgedragen_door}
    if voordracht.kandidaat.klantmanager_id:
        ontvangers.add(voordracht.kandidaat.klantmanager)
    _taken_schrijven([Taak(toegewezen_aan=g, omschrijving=(omschrijvingen.get(g.rol, omschrijvingen[Rol.KLANTMANAGER])
                                                           % gegevens)[:500],
                           voordracht=voordracht, kandidaat_id=voordracht.kandidaat_id,
                           uiterlijk=date.fromisoformat(gebeurtenis.gegevens["uiterlijk"]),
                           sleutel=f"afgewezen:{voordracht.pk}:{g.pk}") for g in ontvangers])


@reageer_op(VOORDRACHT_VERVALLEN)
def voordracht_vervallen(gebeurtenis):
    """The kandidaat withdrew consent, or was hired elsewhere: the accountmanager tells the werkgever more if
    needed and looks for another kandidaat. The vacature was vervuld or closed: she looks for another vacature
    for the kandidaat."""
    voordracht = Voordracht.objects.select_related("kandidaat", "vacature__werkgever__accountmanager",
                                                   "voorgedragen_door", "geplaatst_via__vacature",
                                                   ).get(pk=gebeurtenis.gegevens["voordracht_id"])
    via = voordracht.geplaatst_via
    if (gebeurtenis.gegevens.get("reden") == VERVALLEN_ELDERS_GEPLAATST and via is not None
            and via.vacature.werkgever_id == voordracht.vacature.werkgever_id):
        # Hired by this same werkgever for another vacature: no "andere werkgever", and no notice went to it.
        omschrijving = _("%(w)s heeft %(k)s aangenomen als %(a)s; de voordracht voor %(v)s is daarom gestopt. "
                         "Zoek een andere kandidaat als %(w)s nog zoekt.")
    elif gebeurtenis.gegevens.get("reden") == VERVALLEN_ELDERS_GEPLAATST:
        omschrijving = _("%(k)s is bij een andere werkgever aangenomen; de voordracht voor %(v)s bij %(w)s is "
                         "gestopt. %(w)s kreeg een neutraal bericht. Zoek een andere kandidaat.")
    elif gebeurtenis.gegevens.get("reden") == VERVALLEN_VACATURE_GESLOTEN:
        # The job is gone, the kandidaat is not: she was ready for work and waits for the next match.
        omschrijving = _("De vacature %(v)s bij %(w)s is vervuld of gesloten; de voordracht van %(k)s is daarom "
                         "gestopt. Kijk of %(k)s bij een andere vacature past.")
    elif gebeurtenis.gegevens.get("reden") == VERVALLEN_DOSSIER_GESLOTEN:
        omschrijving = _("Het dossier van %(k)s is gesloten; de voordracht voor %(v)s bij %(w)s is gestopt. "
                         "%(w)s kreeg een neutraal bericht. Zoek een andere kandidaat.")
    else:
        omschrijving = _("%(k)s heeft de toestemming ingetrokken; de voordracht voor %(v)s bij %(w)s is gestopt. "
                         "%(w)s kreeg een neutraal bericht. Zoek een andere kandidaat.")
    _taken_schrijven([Taak(
        toegewezen_aan=voordracht.opvolgende_accountmanager, voordracht=voordracht,
        werkgever=voordracht.vacature.werkgever, uiterlijk=timezone.localdate() + timedelta(days=2),
        sleutel=f"vervallen:{voordracht.pk}", kandidaat_id=voordracht.kandidaat_id,
        omschrijving=(omschrijving % {"k": voordracht.kandidaat, "v": voordracht.vacature.titel,
                                      "w": voordracht.vacature.werkgever.naam,
                                      "a": via.vacature.titel if via is not None else ""})[:500],
    )])


def _plaatsing_regelen_sleutel(voordracht_id):
    return f"aangenomen:{voordracht_id}"


@reageer_op(VOORDRACHT_AANGENOMEN)
def plaatsing_regelen(gebeurtenis):
    """The werkgever hired the kandidaat: the accountmanager arranges the (proef)plaatsing with him ("Plaatsing
    regelen" on the voordracht, where the task links to). Done when the plaatsing has started."""
    voordracht = Voordracht.objects.select_related("kandidaat", "vacature__werkgever__accountmanager",
                                                   "voorgedragen_door").get(pk=gebeurtenis.gegevens["voordracht_id"])
    if Plaatsing.objects.filter(voordracht_id=voordracht.pk).exists():
        return  # started before this reaction ran (a backlog): its start would never close the task
    werkgever = voordracht.vacature.werkgever
    _taken_schrijven([Taak(
        toegewezen_aan=voordracht.opvolgende_accountmanager, voordracht=voordracht, werkgever=werkgever,
        kandidaat_id=voordracht.kandidaat_id,
        uiterlijk=_werkdagen_verder(timezone.localdate(), 2), sleutel=_plaatsing_regelen_sleutel(voordracht.pk),
        omschrijving=(_("%(w)s heeft %(k)s aangenomen voor %(v)s. Neem contact op met %(w)s en regel de plaatsing "
                        "of proefplaatsing: 'Plaatsing regelen' op de voordracht.") % {
            "w": werkgever.naam, "k": voordracht.kandidaat, "v": voordracht.vacature.titel})[:500],
    )])


@reageer_op(PLAATSING_GESTART)
def plaatsing_geregeld(gebeurtenis):
    """The plaatsing has started: the task to arrange it is done."""
    voordracht_id = Plaatsing.objects.filter(pk=gebeurtenis.gegevens["plaatsing_id"]).values_list(
        "voordracht_id", flat=True).first()
    if voordracht_id is not None:
        Taak.objects.filter(sleutel=_plaatsing_regelen_sleutel(voordracht_id), afgerond_op__isnull=True).update(
            afgerond_op=timezone.now())


@reageer_op(PLAATSING_GESTART)
def sollicitatieplicht_bij_werk(gebeurtenis):
    """Work starts for someone with a sollicitatieplicht: the klantmanager looks whether it still fits (maatwerk or a
    vrijstelling), rather than the werkzoekende being reminded of applications while she works. Not when it is 0
    already, nor without a klantmanager."""
    plaatsing = Plaatsing.objects.select_related("kandidaat__klantmanager", "werkgever").get(
        pk=gebeurtenis.gegevens["plaatsing_id"])
    kandidaat = plaatsing.kandidaat
    if kandidaat.klantmanager is None or not Sollicitatieplicht.objects.filter(kandidaat=kandidaat,
                                                                               aantal__gt=0).exists():
        return
    _taken_schrijven([Taak(
        toegewezen_aan=kandidaat.klantmanager, kandidaat_id=kandidaat.pk, sleutel=f"plicht_werk:{plaatsing.pk}",
        uiterlijk=max(plaatsing.startdatum, timezone.localdate()),
        omschrijving=(_("%(k)s begint op %(d)s bij %(w)s (%(s)s, %(u)s uur per week). Kijk of de sollicitatieplicht "
                        "nog past: maatwerk of een vrijstelling.") % {
            "k": kandidaat, "d": datums.kort(plaatsing.startdatum, "j F"), "w": plaatsing.werkgever.naam,
            "s": plaatsing.get_soort_display().lower(), "u": plaatsing.uren_per_week})[:500])])


@reageer_op(PROEFPLAATSING_GESTOPT)
def proefplaatsing_gestopt(gebeurtenis):
    plaatsing = Plaatsing.objects.select_related("kandidaat__klantmanager", "werkgever").get(
        pk=gebeurtenis.gegevens["plaatsing_id"])
    ontvanger = plaatsing.kandidaat.klantmanager or User.objects.get(pk=gebeurtenis.door_id)
    _taken_schrijven([Taak(
        toegewezen_aan=ontvanger, uiterlijk=date.fromisoformat(gebeurtenis.gegevens["uiterlijk"]),
        sleutel=f"proef_gestopt:{plaatsing.pk}", kandidaat_id=plaatsing.kandidaat_id,
        omschrijving=_("Proefplaatsing van %(k)s bij %(w)s gestopt (%(r)s). Bespreek het en zoek verder.") % {
            "k": plaatsing.kandidaat, "w": plaatsing.werkgever.naam, "r": gebeurtenis.gegevens["reden"]})])


@reageer_op(PLAATSING_AFGESLOTEN)
def plaatsing_afgesloten(gebeurtenis):
    """The contract ended: the werknemer may need help or an uitkering again, and the plan needs the klantmanager
    (or, without one, whoever closed it)."""
    plaatsing = Plaatsing.objects.select_related("kandidaat__klantmanager", "werkgever").get(
        pk=gebeurtenis.gegevens["plaatsing_id"])
    hoe = plaatsing.transities.filter(naar=Plaatsing.Status.AFGEROND).order_by("-pk").values_list(
        "toelichting", flat=True).first() or ""
    _taken_schrijven([Taak(
        toegewezen_aan=plaatsing.kandidaat.klantmanager or User.objects.get(pk=gebeurtenis.door_id),
        uiterlijk=date.fromisoformat(gebeurtenis.gegevens["uiterlijk"]), sleutel=f"afgesloten:{plaatsing.pk}",
        kandidaat_id=plaatsing.kandidaat_id,
        omschrijving=((_("De werkervaringsplaats van %(k)s bij %(w)s is afgesloten: %(hoe)s Neem contact op: hoe gaat "
                         "%(k)s verder, en is er weer hulp of een uitkering nodig?")
                       if plaatsing.soort == Plaatsing.Soort.WERKERVARING else
                       _("Het contract van %(k)s bij %(w)s is afgesloten: %(hoe)s Neem contact op: werkt %(k)s verder, "
                         "of is er weer hulp of een uitkering nodig?")) % {
            "k": plaatsing.kandidaat, "w": plaatsing.werkgever.naam, "hoe": hoe})[:500])])


@reageer_op(CHECKIN_LAAG)
def lage_score(gebeurtenis):
    """A low score does not wait for the next moment: the accountmanager hears it today."""
    checkin = Checkin.objects.select_related("moment__plaatsing__werkgever__accountmanager",
                                             "moment__plaatsing__kandidaat").get(pk=gebeurtenis.gegevens["checkin_id"])
    am = checkin.moment.plaatsing.werkgever.accountmanager
    if am:
        _taken_schrijven([Taak(
            toegewezen_aan=am, uiterlijk=date.fromisoformat(gebeurtenis.gegevens["uiterlijk"]),
            sleutel=f"checkin_laag:{checkin.pk}", kandidaat_id=checkin.moment.plaatsing.kandidaat_id,
            # The accountmanager calls the werkgever: the task links to it (she may not open the dossier).
            werkgever=checkin.moment.plaatsing.werkgever,
            omschrijving=_("Lage score (%(s)s) van de %(rol)s bij %(p)s: neem contact op.") % {
                "s": checkin.score, "rol": checkin.get_rol_display().lower(), "p": checkin.moment.plaatsing})])


OVERDRACHT = "overdracht:"
CASELOAD_KENNISMAKEN_DAGEN = 14


@reageer_op(DOSSIER_OVERGEDRAGEN)
def overdracht_ontvangen(gebeurtenis):
    """A warme overdracht is warm on the receiving side too: a task to make first contact. The work goes along
    with the dossier: every open task of the old klantmanager about this kandidaat (an action of the plan that
    "mijn contactpersoon" does, a voordracht, an interesse, a rechtenverzoek, nazorg, ...) is the new one's now,
    since the old one can no longer open the dossier; the old one's own "overgenomen" task is done."""
    kandidaat = Kandidaat.objects.get(pk=gebeurtenis.gegevens["kandidaat_id"])
    van = User.objects.get(pk=gebeurtenis.gegevens["van_id"])
    naar_id = gebeurtenis.gegevens["naar_id"]
    van_de_vorige = Taak.objects.filter(kandidaat=kandidaat, toegewezen_aan=van, afgerond_op__isnull=True)
    van_de_vorige.filter(sleutel__startswith=OVERDRACHT).update(afgerond_op=timezone.now())
    # To whoever holds the dossier now: handed on again (or back) before this reaction ran, the tasks go there,
    # not to someone who no longer has it. A coordinator's escalation stays with the coordinator. The key keeps
    # naming its cause; the event behind it is handled once, so no reaction writes it again.
    if kandidaat.klantmanager_id and kandidaat.klantmanager_id != van.pk:
        van_de_vorige.exclude(sleutel__contains=":escalatie:").update(toegewezen_aan_id=kandidaat.klantmanager_id)
    if kandidaat.klantmanager_id != naar_id:
        return  # the receiver handed it on already: no first contact to make
    # One dossier is called within three days; a share of a whole caseload (thirty, sixty) cannot be, so those
    # tasks get two weeks: due all at once they would all be late together and say nothing about which one is.
    dagen = CASELOAD_KENNISMAKEN_DAGEN if gebeurtenis.gegevens.get("caseloadoverdracht_id") else 3
    _taken_schrijven([Taak(
        toegewezen_aan_id=naar_id, uiterlijk=timezone.localdate() + timedelta(days=dagen), kandidaat=kandidaat,
        sleutel=f"{OVERDRACHT}{gebeurtenis.pk}",
        omschrijving=_("Dossier van %(k)s overgenomen van %(van)s: lees de overdrachtsnotitie en neem contact op.")
        % {"k": kandidaat, "van": van})])


def _taken_van_het_dossier(kandidaat_id):
    return Taak.objects.filter(kandidaat_id=kandidaat_id).filter(
        Q(sleutel__startswith="actie:") | Q(sleutel__startswith=OVERDRACHT) | Q(sleutel__startswith="interesse:"))


@reageer_op(DOSSIER_AFGESLOTEN)
def dossier_afgesloten(gebeurtenis):
    """Nobody works in a closed dossier: the tasks its plan gave the klantmanager ("Plan van ..."), the first
    contact after a handover and a vacature the werkzoekende asked about ("... wil meer weten over ...") are done,
    or they stayed in "Mijn taken", overdue, for someone no longer guided. A rechtenverzoek (a legal deadline) and
    the work of a voordracht or plaatsing follow their own ends. Done at the moment of closing, so reopening finds
    them (``dossier_heropend``); not at all when it is open again by the time this runs (a worker behind, a
    retry)."""
    gesloten_op = Kandidaat.objects.filter(pk=gebeurtenis.gegevens["kandidaat_id"]).values_list(
        "afgesloten_op", flat=True).first()
    if gesloten_op is not None:
        _taken_van_het_dossier(gebeurtenis.gegevens["kandidaat_id"]).filter(afgerond_op__isnull=True).update(
            afgerond_op=gesloten_op)


@reageer_op(DOSSIER_HEROPEND)
def dossier_heropend(gebeurtenis):
    """The dossier is open again: the tasks its closing finished (done at that very moment) are open again."""
    _taken_van_het_dossier(gebeurtenis.gegevens["kandidaat_id"]).filter(
        afgerond_op=datetime.fromisoformat(gebeurtenis.gegevens["gesloten_op"])).update(afgerond_op=None)


@reageer_op(ACTIE_GEWIJZIGD)
def actie_voor_contactpersoon(gebeurtenis):
    """A plan action owned by "mijn contactpersoon" is a task for the klantmanager, closed when it is done
    (and gone when the action moves to someone else)."""
    actie = Actie.objects.select_related("plan__kandidaat__klantmanager").filter(
        pk=gebeurtenis.gegevens["actie_id"]).first()
    sleutel = f"actie:{gebeurtenis.gegevens['actie_id']}"
    open_taak = Taak.objects.filter(sleutel=sleutel, afgerond_op__isnull=True)
    if actie is None or actie.eigenaar != Actie.Eigenaar.CONTACTPERSOON or actie.status == Actie.Status.KLAAR:
        open_taak.update(afgerond_op=timezone.now())
        return
    kandidaat = actie.plan.kandidaat
    if kandidaat.klantmanager_id is None:
        return
    omschrijving = _("Plan van %(k)s: %(a)s") % {"k": kandidaat, "a": actie.omschrijving}
    bijgewerkt = Taak.objects.filter(sleutel=sleutel).update(
        toegewezen_aan=kandidaat.klantmanager, omschrijving=omschrijving[:500], uiterlijk=actie.uiterlijk,
        afgerond_op=None, kandidaat=kandidaat)
    if not bijgewerkt:
        _taken_schrijven([Taak(toegewezen_aan=kandidaat.klantmanager, omschrijving=omschrijving[:500],
                               uiterlijk=actie.uiterlijk, sleutel=sleutel, kandidaat=kandidaat)])


def _coordinatoren_voor(kandidaat):
    """The klantmanager-coordinators of the klantmanager's organisation, else those of the kandidaat's region."""
    km = kandidaat.klantmanager
    coordinatoren = User.objects.filter(rol="klantmanager", is_coordinator=True, is_active=True)
    if km is not None and km.organisatie_id:
        binnen = list(coordinatoren.filter(organisatie_id=km.organisatie_id))
        if binnen:
            return binnen
    return list(coordinatoren.filter(regio_id=kandidaat.regio_id))


@reageer_op(RECHTENVERZOEK_INGEDIEND)
def rechtenverzoek_taak(gebeurtenis):
    """A request of the werkzoekende about their data: a task with the legal deadline for the klantmanager
    (no klantmanager: the coordinators)."""
    verzoek = Rechtenverzoek.objects.select_related("kandidaat__klantmanager").get(
        pk=gebeurtenis.gegevens["rechtenverzoek_id"])
    kandidaat = verzoek.kandidaat
    omschrijving = _("Verzoek van %(k)s over de gegevens: %(soort)s. Beantwoord het binnen de wettelijke termijn.") % {
        "k": kandidaat, "soort": str(verzoek.get_soort_display()).lower()}
    ontvangers = [kandidaat.klantmanager] if kandidaat.klantmanager_id else _coordinatoren_voor(kandidaat)
    if not ontvangers:  # as for an overdue one (``rechtenverzoek_escalatie``)
        ontvangers = _beheerder_van(kandidaat.regio_id)
        omschrijving = _geen_coordinator(Taak(rechtenverzoek=verzoek)) + omschrijving
    _taken_schrijven([Taak(toegewezen_aan=g, omschrijving=omschrijving[:500], uiterlijk=verzoek.uiterlijk,
                           rechtenverzoek=verzoek, kandidaat_id=verzoek.kandidaat_id,
                           sleutel=f"rechtenverzoek:{verzoek.pk}:{g.pk}")
                      for g in ontvangers])


@reageer_op(RECHTENVERZOEK_VERLOPEN)
def rechtenverzoek_escalatie(gebeurtenis):
    """The legal month passed without an answer: the coordinator sees to it that it is answered now."""
    verzoek = Rechtenverzoek.objects.select_related("kandidaat__klantmanager").get(
        pk=gebeurtenis.gegevens["rechtenverzoek_id"])
    if verzoek.status == Rechtenverzoek.Status.AFGEHANDELD:
        return
    omschrijving = _("Te laat: het verzoek van %(k)s over de gegevens (%(soort)s) moest uiterlijk %(d)s beantwoord "
                     "zijn. Zorg dat het vandaag gebeurt.") % {
        "k": verzoek.kandidaat, "soort": str(verzoek.get_soort_display()).lower(),
        "d": verzoek.uiterlijk.strftime("%d-%m-%Y")}
    ontvangers = _coordinatoren_voor(verzoek.kandidaat)
    if not ontvangers:
        # Nobody may open it: a beheerder of the region appoints a coordinator, who then gets it.
        ontvangers = _beheerder_van(verzoek.kandidaat.regio_id)
        omschrijving = _geen_coordinator(Taak(rechtenverzoek=verzoek)) + omschrijving
    # One task per person per request: who holds it already (a coordinator or beheerder who got it because there was
    # no klantmanager, a klantmanager who is coordinator herself) reads on that task that it is late, due today.
    al_open = Taak.objects.filter(rechtenverzoek=verzoek, afgerond_op__isnull=True,
                                  toegewezen_aan_id__in=[g.pk for g in ontvangers])
    houders = set(al_open.values_list("toegewezen_aan_id", flat=True))
    if houders:
        al_open.update(omschrijving=omschrijving[:500], uiterlijk=timezone.localdate())
    _taken_schrijven([Taak(toegewezen_aan=g, omschrijving=omschrijving[:500], uiterlijk=timezone.localdate(),
                           rechtenverzoek=verzoek, kandidaat_id=verzoek.kandidaat_id,
                           sleutel=f"rechtenverzoek:{verzoek.pk}:escalatie:{g.pk}")
                      for g in ontvangers if g.pk not in houders])


def _beheerder_van(regio_id, *, niet=None):
    """A beheerder of the region (first by name), else any: as a list, empty when there is none."""
    beheerders = list(User.objects.filter(rol=Rol.BEHEERDER, is_active=True).exclude(pk=niet)
                      .order_by("achternaam", "voornaam", "pk"))
    return ([b for b in beheerders if b.regio_id == regio_id] or beheerders)[:1]


@reageer_op(RECHTENVERZOEK_AFGEHANDELD)
def rechtenverzoek_taken_sluiten(gebeurtenis):
    Taak.objects.filter(rechtenverzoek_id=gebeurtenis.gegevens["rechtenverzoek_id"],
                        afgerond_op__isnull=True).update(afgerond_op=timezone.now())


@reageer_op(BULKTOEGANG_GEREMD)
def bulktoegang_geremd(gebeurtenis):
    """An account opened or downloaded more personal data in a few minutes than work needs: the coordinators of
    its region look at it (a mistake, or an account that is misused). One task per coordinator per window."""
    g = gebeurtenis.gegevens
    wie = User.objects.select_related("organisatie").get(pk=g["gebruiker_id"])
    coordinatoren = list(User.objects.filter(is_coordinator=True, is_active=True, regio_id=g["regio_id"])) \
        if g["regio_id"] else []
    if not coordinatoren:
        # A region without a coordinator (or an account without a region): the beheerders look instead.
        coordinatoren = list(User.objects.filter(rol=Rol.BEHEERDER, is_active=True))
    wat = _("cv's of documenten gedownload") if g["wat"] == DOWNLOADS else _("verschillende dossiers geopend")
    omschrijving = _("%(wie)s (%(rol)s, %(org)s) heeft meer dan %(limiet)s keer %(wat)s binnen %(minuten)s minuten "
                     "en is tijdelijk geremd. Bel na of het klopt; zie het verwerkingenlog.") % {
        "wie": wie.get_full_name() or wie.email, "rol": wie.get_rol_display().lower(),
        "org": wie.organisatie or "-", "limiet": g["limiet"], "wat": wat, "minuten": g["minuten"]}
    _taken_schrijven([Taak(toegewezen_aan=c, omschrijving=omschrijving[:500], uiterlijk=timezone.localdate(),
                           sleutel=f"bulkrem:{wie.pk}:{g['wat']}:{g['venster']}:{c.pk}")
                      for c in coordinatoren])


@reageer_op(TOESTEMMING_VERLEEND)
def toestemming_verleend(gebeurtenis):
    """The werkzoekende said yes: the accountmanager who asked can voordragen at once."""
    verzoek = ToestemmingVerzoek.objects.select_related("kandidaat", "werkgever", "vacature").get(
        pk=gebeurtenis.gegevens["verzoek_id"])
    _taken_schrijven([Taak(
        toegewezen_aan_id=verzoek.gevraagd_door_id, werkgever=verzoek.werkgever, kandidaat_id=verzoek.kandidaat_id,
        uiterlijk=timezone.localdate() + timedelta(days=2), sleutel=f"toestemmingsverzoek:{verzoek.pk}",
        omschrijving=een_punt(_("%(k)s geeft toestemming om te delen met %(w)s. Je kunt %(k)s nu voordragen voor "
                                "%(v)s.") % {"k": verzoek.kandidaat, "w": verzoek.werkgever.naam,
                                             "v": verzoek.vacature.titel}))])


@reageer_op(TOESTEMMING_INGETROKKEN)
def toestemming_ingetrokken(gebeurtenis):
    """The consent the werkzoekende gave on a question is withdrawn: the task to voordragen on it is done (there
    is nothing to voordragen on any more; the accountmanager gets a melding why)."""
    verzoeken = ToestemmingVerzoek.objects.filter(toestemming_id=gebeurtenis.gegevens["toestemming_id"])
    Taak.objects.filter(sleutel__in=[f"toestemmingsverzoek:{pk}" for pk in verzoeken.values_list("pk", flat=True)],
                        afgerond_op__isnull=True).update(afgerond_op=timezone.now())


@reageer_op(TOESTEMMING_GEWEIGERD)
def toestemming_geweigerd(gebeurtenis):
    """The werkzoekende said no: the accountmanager looks further; the kandidaat stays anonymous to them."""
    verzoek = ToestemmingVerzoek.objects.select_related("werkgever", "vacature").get(
        pk=gebeurtenis.gegevens["verzoek_id"])
    _taken_schrijven([Taak(
        toegewezen_aan_id=verzoek.gevraagd_door_id, werkgever=verzoek.werkgever,
        uiterlijk=timezone.localdate() + timedelta(days=2), sleutel=f"toestemmingsverzoek:{verzoek.pk}",
        omschrijving=_("De kandidaat wil niet gedeeld worden met %(w)s voor %(v)s. Kijk naar een andere "
                       "kandidaat.") % {"w": verzoek.werkgever.naam, "v": verzoek.vacature.titel})])


@reageer_op(INTERESSE_GETOOND)
def interesse_getoond(gebeurtenis):
    """The werkzoekende wants to know more about a vacature: the klantmanager talks it through with them and, if it
    fits, asks the werkgever's accountmanager. ``interesse:<id>`` also lets the AVG export and retention find it."""
    interesse = Interesse.objects.select_related("kandidaat__klantmanager", "vacature__werkgever").filter(
        pk=gebeurtenis.gegevens["interesse_id"]).first()
    # Closed by the time this runs (a worker behind): the closing finished the dossier's tasks already.
    if interesse is None or not interesse.kandidaat.klantmanager_id or interesse.kandidaat.afgesloten_op is not None:
        return
    kandidaat, vacature = interesse.kandidaat, interesse.vacature
    omschrijving = _("%(k)s wil meer weten over %(v)s (%(w)s). Bespreek het en vraag zo nodig de accountmanager "
                     "om een voordracht.") % {"k": kandidaat, "v": vacature.titel, "w": vacature.werkgever.naam}
    _taken_schrijven([Taak(toegewezen_aan=kandidaat.klantmanager, omschrijving=omschrijving[:500],
                           werkgever=vacature.werkgever, kandidaat=kandidaat,
                           uiterlijk=_werkdagen_verder(timezone.localdate(), 3),
                           sleutel=f"interesse:{interesse.pk}")])


@reageer_op(VACATURE_GEOPEND)
def vacature_geopend(gebeurtenis):
    """A werkgever opened a vacature himself: his accountmanager looks for kandidaten, soon."""
    vacature, am, omschrijving = geopend_voor_accountmanager(gebeurtenis)
    if vacature is None:
        return
    _taken_schrijven([Taak(
        toegewezen_aan=am, werkgever=vacature.werkgever, uiterlijk=_werkdagen_verder(timezone.localdate(), 2),
        sleutel=f"vacature_geopend:{gebeurtenis.pk}", omschrijving=omschrijving[:500])])


@reageer_op(ACCOUNTMANAGER_GEWIJZIGD)
def werkgever_overgedragen(gebeurtenis):
    """The work goes along with the werkgever: every open task of the previous vaste accountmanager about it (a
    voordracht for one of its vacatures, a vacature to find kandidaten for, a low check-in, ...) is the new one's
    now, as the warme overdracht does for a dossier. To whoever holds the werkgever now: handed on again (or back)
    before this reaction ran, the tasks go there. A klantmanager's tasks about the same voordracht stay hers."""
    van_id = gebeurtenis.gegevens["van_id"]
    naar_id = Werkgever.objects.filter(pk=gebeurtenis.gegevens["werkgever_id"]).values_list(
        "accountmanager_id", flat=True).first()
    if naar_id is None or naar_id == van_id:
        return
    werkgever_id = gebeurtenis.gegevens["werkgever_id"]
    Taak.objects.filter(toegewezen_aan_id=van_id, afgerond_op__isnull=True).filter(
        Q(werkgever_id=werkgever_id) | Q(voordracht__vacature__werkgever_id=werkgever_id)).update(
        toegewezen_aan_id=naar_id)


def _kandidaat_van(taak):
    """The werkzoekende a task names (itself, through its voordracht or its rechtenverzoek), or None."""
    if taak.kandidaat_id:
        return taak.kandidaat
    if taak.voordracht_id:
        return taak.voordracht.kandidaat
    if taak.rechtenverzoek_id:
        return taak.rechtenverzoek.kandidaat
    return None


def _opvolger(gebruiker, taak, coordinator):
    """Who takes an open task of someone who left her role or organisation. A task names a werkzoekende or a
    werkgever, so it stays within the organisation she had: its ``coordinator`` (of her role there, else any). With
    none, a task about a werkzoekende goes to that werkzoekende's vaste klantmanager (who may see the dossier), and
    only a task without personal data to a beheerder (as ``bulktoegang_geremd`` does). Never herself, never someone
    of another organisation than hers or the dossier's: else None, and it stays hers."""
    if coordinator is not None:
        return coordinator
    if taak.voordracht_id or taak.rechtenverzoek_id or taak.kandidaat_id:
        kandidaat = _kandidaat_van(taak)
        vaste = kandidaat.klantmanager if kandidaat is not None else None
        if vaste is not None and vaste.pk != gebruiker.pk and vaste.is_active and vaste.rol == Rol.KLANTMANAGER:
            return vaste
        return None
    return User.objects.filter(is_active=True, rol=Rol.BEHEERDER).exclude(pk=gebruiker.pk).order_by(
        "achternaam", "voornaam", "pk").first()


def _coordinator(gebruiker, rol, organisatie_id):
    """A coordinator of ``rol`` in organisation ``organisatie_id``, else any coordinator there; never herself."""
    if organisatie_id is None:
        return None
    coordinatoren = User.objects.filter(is_active=True, is_coordinator=True, organisatie_id=organisatie_id).exclude(
        pk=gebruiker.pk).order_by("achternaam", "voornaam", "pk")
    return coordinatoren.filter(rol=rol).first() or coordinatoren.first()


@reageer_op(GEBRUIKER_GEWIJZIGD)
def taken_na_vertrek(gebeurtenis):
    """She left (account switched off), or her role or organisation changed: the tasks about her dossiers and
    werkgevers went along with their handovers (``overdracht_ontvangen``, ``werkgever_overgedragen``), but what is
    still hers (a task of a closed dossier, a coordinator's check of a colleague, ...) would be seen by nobody: her
    waarneming ended too (accounts.reacties). Her open tasks go to a coordinator of the organisation she had, else to
    someone who may see what they name (``_opvolger``), each saying from whom it came, to finish or pass on.
    Switched on again, nothing moves.

    The outbox may run this late (a retry): it then moves only the tasks she had when the event was recorded, says
    what the event says (not what she is now), and nothing at all when she is back as she was."""
    gewijzigd = gebeurtenis.gegevens["gewijzigd"]
    toen = wie_zij_was_als_vertrokken(gebeurtenis)
    if gewijzigd.get("is_coordinator") == [False, True]:
        _coordinatortaken_van_beheerders_oppakken()
    if toen is None:
        if gewijzigd.get("is_coordinator") == [True, False]:
            _coordinatortaken_doorgeven(gebeurtenis)
        return  # switched on again, or back in the role and organisation she had: her tasks are hers again
    gebruiker = User.objects.get(pk=gebeurtenis.gegevens["gebruiker_id"])
    rol, organisatie_id = toen["rol"], toen["organisatie_id"]
    open_taken = list(Taak.objects.filter(
        toegewezen_aan=gebruiker, afgerond_op__isnull=True, aangemaakt_op__lte=gebeurtenis.aangemaakt_op,
    ).select_related("kandidaat__klantmanager", "voordracht__kandidaat__klantmanager",
                     *ONDERWERP_VAN_COORDINATORTAAK).select_for_update(of=("self",)).order_by("pk"))
    if not open_taken:
        return
    naam = gebruiker.get_full_name() or gebruiker.email
    vertrok = "is_active" in gewijzigd and not gewijzigd["is_active"][1]
    van = (_("Van %(naam)s, die vertrok: ") if vertrok
           else _("Van %(naam)s, die nu een andere functie of organisatie heeft: ")) % {"naam": naam}
    # What only a coordinator can do goes by what it is about (the same rule as when her flag goes); the rest stays
    # within the organisation she had.
    alleen_coordinator = [taak for taak in open_taken if is_coordinatortaak(taak, gebruiker.pk)]
    _coordinatortaken_verplaatsen(gebruiker, alleen_coordinator, van)
    open_taken = [taak for taak in open_taken if taak not in alleen_coordinator]
    coordinator = _coordinator(gebruiker, rol, organisatie_id) if open_taken else None
    per_opvolger = {}
    for taak in open_taken:
        opvolger = _opvolger(gebruiker, taak, coordinator)
        if opvolger is not None:
            per_opvolger.setdefault(opvolger.pk, []).append(taak.pk)
    for opvolger_id, pks in per_opvolger.items():
        Taak.objects.filter(pk__in=pks, toegewezen_aan=gebruiker, afgerond_op__isnull=True).update(
            toegewezen_aan_id=opvolger_id, omschrijving=Substr(Concat(Value(van), F("omschrijving")), 1, 500))


def _coordinatortaken_doorgeven(gebeurtenis):
    """She is no WSP-coordinator any more but stays: the tasks only a coordinator can do (``coordinatortaken``: an
    overdue request about data that would be 404 to her now, the check of a slowed colleague) go on as
    ``_coordinatortaken_verplaatsen`` says. Run late, nothing moves when she has the flag again or left since (that
    event moves all her tasks), and only what she had when the event was recorded."""
    gebruiker = User.objects.filter(pk=gebeurtenis.gegevens["gebruiker_id"]).first()
    if gebruiker is None or gebruiker.is_coordinator or not gebruiker.is_active:
        return
    van = _("Van %(naam)s, die geen coördinator meer is: ") % {"naam": gebruiker.get_full_name() or gebruiker.email}
    _coordinatortaken_verplaatsen(gebruiker, list(
        coordinatortaken(gebruiker).filter(aangemaakt_op__lte=gebeurtenis.aangemaakt_op)
        .select_for_update(of=("self",)).order_by("pk")), van)


def _geen_coordinator(taak):
    """What a beheerder reads before a coordinator-only task that nobody may do: what to do about it."""
    if taak.rechtenverzoek_id:
        return _("Geen klantmanager-coördinator om dit AVG-verzoek af te handelen: maak in het gebruikersbeheer een "
                 "klantmanager van de regio WSP-coördinator; zij krijgt deze taak dan. ")
    return _("Geen WSP-coördinator om deze controle te doen: maak in het gebruikersbeheer een accountmanager of "
             "klantmanager van de regio WSP-coördinator; zij krijgt deze taak dan. ")


def _coordinatortaken_verplaatsen(gebruiker, taken, van):
    """Hand on ``taken`` (hers, coordinator-only, locked by the caller with their rechtenverzoek's kandidaat
    loaded) on every path (flag taken, leaving, moving, run late): to whom what the task is about asks for
    (``opvolgers_van_coordinatortaken``, never herself nor someone of her new place), the one who has the same task
    already first (an escalation goes to every coordinator): then hers is closed. Nobody may: a beheerder of the
    task's region (else any), told to appoint a coordinator, rather than her, who gets 404. Decided with the
    candidates' rows locked: two coordinators losing the flag at once cannot both hand it to the other. A fixed
    number of queries, however many tasks."""
    if not taken:
        return
    opvolgingen = opvolgers_van_coordinatortaken(taken, niet={gebruiker.pk}, voor_update=True)
    beheerders = []
    if any(not o.coordinatoren for o in opvolgingen.values()):
        beheerders = list(User.objects.filter(rol=Rol.BEHEERDER, is_active=True).exclude(pk=gebruiker.pk)
                          .order_by("achternaam", "voornaam", "pk"))
    kandidaten = {}
    for taak in taken:
        opvolging = opvolgingen[taak.pk]
        kandidaten[taak.pk] = opvolging.coordinatoren or (
            [b for b in beheerders if b.regio_id == opvolging.regio_id] or beheerders)[:1]
    # Who has one of these tasks already: the same request, or the same bulkrem window (its key ends with whom).
    heeft_al = set()
    iedereen = {c.pk for lijst in kandidaten.values() for c in lijst}
    if iedereen:
        sleutels = [f"{taak.sleutel.rsplit(':', 1)[0]}:{c.pk}" for taak in taken if not taak.rechtenverzoek_id
                    for c in kandidaten[taak.pk]]
        for wie, verzoek_id, sleutel in Taak.objects.filter(
                toegewezen_aan_id__in=iedereen, afgerond_op__isnull=True).filter(
                Q(rechtenverzoek_id__in={t.rechtenverzoek_id for t in taken if t.rechtenverzoek_id})
                | Q(sleutel__in=sleutels)).values_list("toegewezen_aan_id", "rechtenverzoek_id", "sleutel"):
            heeft_al.add((wie, verzoek_id) if verzoek_id else (wie, sleutel))
    afronden, per_opvolger = [], {}
    for taak in taken:
        lijst = kandidaten[taak.pk]
        if not lijst:
            continue  # not even a beheerder: it stays hers
        gedaan = [c for c in lijst if ((c.pk, taak.rechtenverzoek_id) if taak.rechtenverzoek_id else
                                       (c.pk, f"{taak.sleutel.rsplit(':', 1)[0]}:{c.pk}")) in heeft_al]
        if gedaan:
            afronden.append(taak.pk)
            continue
        opvolger = lijst[0]
        tekst = van if opvolger.rol != Rol.BEHEERDER else _geen_coordinator(taak) + van
        per_opvolger.setdefault((opvolger.pk, tekst), []).append(taak.pk)
    mijn = Taak.objects.filter(toegewezen_aan=gebruiker, afgerond_op__isnull=True)
    if afronden:
        mijn.filter(pk__in=afronden).update(afgerond_op=timezone.now())
    for (opvolger_id, tekst), pks in per_opvolger.items():
        mijn.filter(pk__in=pks).update(toegewezen_aan_id=opvolger_id,
                                       omschrijving=Substr(Concat(Value(tekst), F("omschrijving")), 1, 500))


def _coordinatortaken_van_beheerders_oppakken():
    """A colleague became WSP-coordinator: the coordinator-only tasks a beheerder holds because nobody could do
    them (``_geen_coordinator``) go to whoever may do them now, without the note to the beheerder."""
    notities = {_geen_coordinator(Taak(rechtenverzoek_id=1)), _geen_coordinator(Taak())}
    bij_beheerders = Q()
    for notitie in notities:
        bij_beheerders |= Q(omschrijving__startswith=notitie)
    taken = list(Taak.objects.filter(afgerond_op__isnull=True, toegewezen_aan__rol=Rol.BEHEERDER).filter(
        bij_beheerders).select_related(*ONDERWERP_VAN_COORDINATORTAAK).select_for_update(of=("self",)).order_by("pk"))
    if not taken:
        return
    opvolgingen = opvolgers_van_coordinatortaken(taken, niet=set(), voor_update=True)
    per_opvolger = {}
    for taak in taken:
        if coordinatoren := opvolgingen[taak.pk].coordinatoren:
            per_opvolger.setdefault((coordinatoren[0].pk, _geen_coordinator(taak)), []).append(taak.pk)
    for (opvolger_id, notitie), pks in per_opvolger.items():
        Taak.objects.filter(pk__in=pks).update(toegewezen_aan_id=opvolger_id,
                                               omschrijving=Substr(F("omschrijving"), len(notitie) + 1, 500))
