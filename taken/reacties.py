"""Reactions to journey events that make work for professionals: a task is never written by the domain
service itself, but by this app (above the domain apps) after the change committed, in the transaction
that marks the event handled (so exactly once). ``Taak.sleutel`` keeps a cause from giving one person two
tasks."""

from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from bemiddeling.models import Voordracht
from bemiddeling.services import VOORDRACHT_AFGEWEZEN, VOORDRACHT_VERVALLEN
from klantreis.lib.bulk import rijen_invoegen
from outbox.registry import reageer_op
from plaatsingen.models import Checkin, NazorgMoment, Plaatsing
from plaatsingen.services import CHECKIN_LAAG, NAZORGMOMENTEN_OPGEPAKT, PROEFPLAATSING_GESTOPT
from taken.models import Taak
from werkzoekenden.models import Actie, Kandidaat, ToestemmingVerzoek
from werkzoekenden.services import (
    ACTIE_GEWIJZIGD,
    DOSSIER_OVERGEDRAGEN,
    TOESTEMMING_GEWEIGERD,
    TOESTEMMING_VERLEEND,
)


def _taken_schrijven(taken):
    Taak.objects.bulk_create(taken, ignore_conflicts=any(t.sleutel for t in taken))


@reageer_op(NAZORGMOMENTEN_OPGEPAKT)
def nazorgtaken(gebeurtenis):
    """One task per professional per moment: call or visit, and record the outcome."""
    uiterlijk = date.fromisoformat(gebeurtenis.gegevens["datum"])
    nu = timezone.now()
    soorten = dict(NazorgMoment.Soort.choices)
    rijen = []
    # The event carries [moment, soort, kandidaat, werkgever id, werkgever, accountmanager id, klantmanager id].
    for moment_id, soort, kandidaat, werkgever_id, werkgever_naam, am_id, km_id in gebeurtenis.gegevens["momenten"]:
        omschrijving = _("Nazorg %(moment)s: %(k)s bij %(w)s. Bel of ga langs en leg de uitkomst vast.") % {
            "moment": str(soorten[soort]).lower(), "k": kandidaat, "w": werkgever_naam}
        for professional_id in {am_id, km_id} - {None}:
            rijen.append((professional_id, omschrijving[:500], uiterlijk, nu, werkgever_id,
                          f"nazorg:{moment_id}:{professional_id}"))
    # Many at once, without model instances; the event is handled once, so these keys are new.
    rijen_invoegen(Taak, ["toegewezen_aan_id", "omschrijving", "uiterlijk", "aangemaakt_op", "werkgever_id", "sleutel"],
                   rijen)


@reageer_op(VOORDRACHT_AFGEWEZEN)
def vervolgtaken(gebeurtenis):
    """An afgewezen kandidaat is picked up: accountmanager and klantmanager discuss and look further."""
    voordracht = Voordracht.objects.select_related("kandidaat__klantmanager", "vacature__werkgever",
                                                   "voorgedragen_door").get(pk=gebeurtenis.gegevens["voordracht_id"])
    reden = voordracht.Reden(voordracht.reden).label if voordracht.reden else ""
    omschrijving = _("Bespreek met %(kandidaat)s: %(wat)s bij %(werkgever)s (%(reden)s) en zoek een nieuwe match.") % {
        "kandidaat": voordracht.kandidaat, "wat": gebeurtenis.gegevens["wat"],
        "werkgever": voordracht.vacature.werkgever.naam, "reden": reden}
    ontvangers = {voordracht.voorgedragen_door}
    if voordracht.kandidaat.klantmanager_id:
        ontvangers.add(voordracht.kandidaat.klantmanager)
    _taken_schrijven([Taak(toegewezen_aan=g, omschrijving=omschrijving[:500], voordracht=voordracht,
                           uiterlijk=date.fromisoformat(gebeurtenis.gegevens["uiterlijk"]),
                           sleutel=f"afgewezen:{voordracht.pk}:{g.pk}") for g in ontvangers])


@reageer_op(VOORDRACHT_VERVALLEN)
def voordracht_vervallen(gebeurtenis):
    """The kandidaat withdrew consent: the accountmanager tells the werkgever more if needed and looks further."""
    voordracht = Voordracht.objects.select_related("kandidaat", "vacature__werkgever", "voorgedragen_door").get(
        pk=gebeurtenis.gegevens["voordracht_id"])
    _taken_schrijven([Taak(
        toegewezen_aan=voordracht.voorgedragen_door, voordracht=voordracht, werkgever=voordracht.vacature.werkgever,
        uiterlijk=timezone.localdate() + timedelta(days=2), sleutel=f"vervallen:{voordracht.pk}",
        omschrijving=_("%(k)s heeft de toestemming ingetrokken; de voordracht voor %(v)s bij %(w)s is gestopt. "
                       "%(w)s kreeg een neutraal bericht. Zoek een andere kandidaat.") % {
            "k": voordracht.kandidaat, "v": voordracht.vacature.titel, "w": voordracht.vacature.werkgever.naam},
    )])


@reageer_op(PROEFPLAATSING_GESTOPT)
def proefplaatsing_gestopt(gebeurtenis):
    plaatsing = Plaatsing.objects.select_related("kandidaat__klantmanager", "werkgever").get(
        pk=gebeurtenis.gegevens["plaatsing_id"])
    ontvanger = plaatsing.kandidaat.klantmanager or User.objects.get(pk=gebeurtenis.door_id)
    _taken_schrijven([Taak(
        toegewezen_aan=ontvanger, uiterlijk=date.fromisoformat(gebeurtenis.gegevens["uiterlijk"]),
        sleutel=f"proef_gestopt:{plaatsing.pk}",
        omschrijving=_("Proefplaatsing van %(k)s bij %(w)s gestopt (%(r)s). Bespreek het en zoek verder.") % {
            "k": plaatsing.kandidaat, "w": plaatsing.werkgever.naam, "r": gebeurtenis.gegevens["reden"]})])


@reageer_op(CHECKIN_LAAG)
def lage_score(gebeurtenis):
    """A low score does not wait for the next moment: the accountmanager hears it today."""
    checkin = Checkin.objects.select_related("moment__plaatsing__werkgever__accountmanager",
                                             "moment__plaatsing__kandidaat").get(pk=gebeurtenis.gegevens["checkin_id"])
    am = checkin.moment.plaatsing.werkgever.accountmanager
    if am:
        _taken_schrijven([Taak(
            toegewezen_aan=am, uiterlijk=date.fromisoformat(gebeurtenis.gegevens["uiterlijk"]),
            sleutel=f"checkin_laag:{checkin.pk}",
            omschrijving=_("Lage score (%(s)s) van de %(rol)s bij %(p)s: neem contact op.") % {
                "s": checkin.score, "rol": checkin.get_rol_display().lower(), "p": checkin.moment.plaatsing})])


@reageer_op(DOSSIER_OVERGEDRAGEN)
def overdracht_ontvangen(gebeurtenis):
    """A warme overdracht is warm on the receiving side too: a task to make first contact."""
    kandidaat = Kandidaat.objects.get(pk=gebeurtenis.gegevens["kandidaat_id"])
    van = User.objects.get(pk=gebeurtenis.gegevens["van_id"])
    _taken_schrijven([Taak(
        toegewezen_aan_id=gebeurtenis.gegevens["naar_id"], uiterlijk=timezone.localdate() + timedelta(days=3),
        sleutel=f"overdracht:{gebeurtenis.pk}",
        omschrijving=_("Dossier van %(k)s overgenomen van %(van)s: lees de overdrachtsnotitie en neem contact op.")
        % {"k": kandidaat, "van": van})])


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
        afgerond_op=None)
    if not bijgewerkt:
        _taken_schrijven([Taak(toegewezen_aan=kandidaat.klantmanager, omschrijving=omschrijving[:500],
                               uiterlijk=actie.uiterlijk, sleutel=sleutel)])


@reageer_op(TOESTEMMING_VERLEEND)
def toestemming_verleend(gebeurtenis):
    """The werkzoekende said yes: the accountmanager who asked can voordragen at once."""
    verzoek = ToestemmingVerzoek.objects.select_related("kandidaat", "werkgever", "vacature").get(
        pk=gebeurtenis.gegevens["verzoek_id"])
    _taken_schrijven([Taak(
        toegewezen_aan_id=verzoek.gevraagd_door_id, werkgever=verzoek.werkgever,
        uiterlijk=timezone.localdate() + timedelta(days=2), sleutel=f"toestemmingsverzoek:{verzoek.pk}",
        omschrijving=_("%(k)s geeft toestemming om te delen met %(w)s. Draag %(k)s voor voor %(v)s.") % {
            "k": verzoek.kandidaat, "w": verzoek.werkgever.naam, "v": verzoek.vacature.titel})])


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
