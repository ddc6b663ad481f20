"""Plaatsingen and nazorg. Every transition: one transaction, the row locked, a guard, a transition
row, mail after commit. Contact moments are rows with a due time; the sweep claims them with a
compare-and-set so that each is handled exactly once, whatever crashes or runs twice."""

import hashlib
import secrets
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import Rol, User, Verwerking
from accounts.services import verwerking_registreer
from bemiddeling.models import Voordracht
from klantreis.lib import datums
from klantreis.lib.bulk import rijen_invoegen
from klantreis.lib.claim import claim, claim_rijen
from klantreis.lib.toestanden import OvergangNietToegestaan, aantekening, begin_vastleggen, overgang
from klantreis.lib.werktijd import eerste_werkdag_vanaf
from outbox.services import gebeurtenis_vastleggen, mails_invoegen
from plaatsingen import emails
from plaatsingen.models import (
    AANVRAAG_REDEN_MAX,
    AKKOORD,
    AKKOORD_VOOR,
    CHECKIN_GELDIG,
    CORRIGEERBAAR,
    PROEF_MAX_MAANDEN,
    PROEF_MAX_MAANDEN_MET_REDEN,
    REGELINGEN,
    Checkin,
    NazorgMoment,
    Plaatsing,
    PlaatsingCorrectie,
    Regelingaanvraag,
    maanden_later,
)
from plaatsingen.overeenkomst import overeenkomst_pdf
from werkgevers.emails import werkgever_aanhef
from werkgevers.models import PROEFPLAATSING_INSTRUMENT, Instrument, Tijdlijnregel, Werkgever
from werkgevers.services import tijdlijn
from werkzoekenden.models import Contactvoorkeur, Kandidaat

# Journey events of this app (the apps above react to them).
NAZORGMOMENTEN_OPGEPAKT = "plaatsingen.nazorgmomenten_opgepakt"
PROEFPLAATSING_GESTOPT = "plaatsingen.proefplaatsing_gestopt"
# A contract (or werkervaringsplaats) ended and was closed (``plaatsing_id``, ``uiterlijk``): the klantmanager gets a
# task to talk with the werknemer about what comes next, and the werknemer hears who will.
PLAATSING_AFGESLOTEN = "plaatsingen.plaatsing_afgesloten"
CHECKIN_LAAG = "plaatsingen.checkin_laag"
# The work starts: a plaatsing became ``lopend`` (payload ``plaatsing_id``, ``eerste``: not a contract that
# follows a proefplaatsing); and a nazorg contact was held (``moment_id``, ``plaatsing_id``). Beleving asks
# werkgever and werkzoekende "Hoe ging dit?".
PLAATSING_GESTART = "plaatsingen.plaatsing_gestart"
NAZORG_GEVOERD = "plaatsingen.nazorg_gevoerd"
# The overeenkomst (again) waits for the werkgever's signature (payload ``plaatsing_id``): the werkgever's people
# see it in their meldingen. The mail "Overeenkomst klaar om te ondertekenen" goes from here, as before.
OVEREENKOMST_KLAARGEZET = "plaatsingen.overeenkomst_klaargezet"
# The werkgever signed it (the first time or again after a correction; payload ``plaatsing_id``): what asked him to
# sign is done.
OVEREENKOMST_ONDERTEKEND = "plaatsingen.overeenkomst_ondertekend"
# The accountmanager corrected what was typed wrong (payload ``plaatsing_id``, ``correctie_id``, ``ter_ondertekening``:
# the correction sent the werkgever the overeenkomst to sign (again), with its own mail; ``werknemer``: how she hears
# of it, ``werknemer_bereik``): the werkgever, the werknemer and the professionals hear what changed.
PLAATSING_GECORRIGEERD = "plaatsingen.plaatsing_gecorrigeerd"
# The accountmanager gave a running plaatsing another end ("Verlengen"; payload ``plaatsing_id``, ``van`` and ``tot``:
# the old and the new einddatum, ISO): the werkgever's people, the werknemer and the professionals hear the new end.
PLAATSING_VERLENGD = "plaatsingen.plaatsing_verlengd"

# The besluit on the aanvraag of a regeling (payload ``plaatsing_id``, ``aanvraag_id``, ``besluit``: toegekend or
# afgewezen): news for the werkgever, who need no longer chase the WSP for it.
REGELING_BESLUIT = "plaatsingen.regeling_besluit"
# The first akkoord of UWV or the gemeente on a proefplaatsing (payload ``plaatsing_id``): the state of the regeling
# Proefplaatsing (``volgt_akkoord``), news for the werkgever like a ``REGELING_BESLUIT``.
AKKOORD_VASTGELEGD = "plaatsingen.akkoord_vastgelegd"

# How the werknemer hears what changed in her plaatsing (``werknemer_bereik``): a melding in the portal (her account);
# a mail (no account, mail is how she wants to be reached and we have her address); or from the klantmanager, who is
# asked to pass it on.
BEREIK_PORTAAL, BEREIK_MAIL, BEREIK_DOORGEVEN = "portaal", "mail", "doorgeven"

VROEGER_VASTLEGGEN = timedelta(days=7)  # how far ahead of its day a nazorg moment's outcome may be recorded
NAZORG_OP_DAG = time(10, 0)  # contact moments fall due at 10:00 local time on their day


# A value the form could not read (its field has an error of its own): the checks that need it wait for it.
ONBEKEND = object()


def fouten_in_gegevens(*, soort, startdatum, einddatum, uren_per_week, verlenging_reden="", vorige=None) -> dict:
    """{field: Dutch message} for the rules of dates and hours. A value given as ``ONBEKEND`` skips the checks that
    need it, so that a form with an error in one field still says at once what is wrong with the others."""

    def bekend(*waarden):
        return all(waarde is not ONBEKEND for waarde in waarden)

    fouten = {}
    if vorige is not None and bekend(startdatum) and startdatum < vorige.startdatum:
        fouten["startdatum"] = _("Het contract begint niet vóór de proefplaatsing: die begon op %(datum)s.") % {
            "datum": formats.date_format(vorige.startdatum, "j F Y")}
    if bekend(uren_per_week) and not 1 <= uren_per_week <= 40:
        fouten["uren_per_week"] = _("Vul tussen 1 en 40 uur per week in.")
    if bekend(startdatum, einddatum) and einddatum and einddatum < startdatum:
        fouten["einddatum"] = _("De einddatum ligt vóór de startdatum.")
    if not bekend(soort, einddatum):
        return fouten
    if soort in (Plaatsing.Soort.PROEFPLAATSING, Plaatsing.Soort.TIJDELIJK, Plaatsing.Soort.WERKERVARING) \
            and not einddatum:
        fouten["einddatum"] = _("Vul een einddatum in.")
    if soort == Plaatsing.Soort.VAST and einddatum:
        fouten["einddatum"] = _("Een vast contract heeft geen einddatum.")
    if soort == Plaatsing.Soort.PROEFPLAATSING and einddatum and bekend(startdatum) and einddatum >= startdatum:
        # The einddatum is the last day worked ("tot en met"): 2 months from 2 March ends on 1 May.
        if einddatum >= maanden_later(startdatum, PROEF_MAX_MAANDEN_MET_REDEN):
            fouten["einddatum"] = _("Een proefplaatsing duurt hooguit 6 maanden.")
        elif einddatum >= maanden_later(startdatum, PROEF_MAX_MAANDEN) and bekend(verlenging_reden) \
                and not verlenging_reden.strip():
            fouten["verlenging_reden"] = _("Een proefplaatsing langer dan 2 maanden kan alleen met een reden.")
    return fouten


def controleer_gegevens(*, soort, startdatum, einddatum, uren_per_week, verlenging_reden="", vorige=None):
    """The rules for dates and hours, with a Dutch message per field: for a new plaatsing and for a correction alike
    (``fouten_in_gegevens``; the forms ask it too). ``vorige``: the proefplaatsing a contract follows
    (``Plaatsing.vorige``), which it does not start before."""
    if fouten := fouten_in_gegevens(soort=soort, startdatum=startdatum, einddatum=einddatum,
                                    uren_per_week=uren_per_week, verlenging_reden=verlenging_reden, vorige=vorige):
        raise ValidationError(fouten)


# The regeling of the proefplaatsing itself (``werkgevers.models.PROEFPLAATSING_INSTRUMENT``, a name the
# instrumentengids keeps): it ends with it, the others go on.


def _is_proefplaatsing_instrument(instrument):
    return instrument.naam.lower() == PROEFPLAATSING_INSTRUMENT.lower()


def volgt_akkoord(instrument) -> bool:
    """Whether the regeling is the one whose state IS the akkoord of UWV or the gemeente on the plaatsing
    (``akkoord_instantie``, ``akkoord_op``): the regeling Proefplaatsing, met behoud van uitkering. It has no aanvraag
    or besluit of its own (``regeling_aanvragen`` and ``regeling_besluit`` refuse it), so the two can never disagree."""
    return _is_proefplaatsing_instrument(instrument)


def _geen_eigen_aanvraag(instrument):
    if volgt_akkoord(instrument):
        raise ValidationError(_("Voor de regeling %(naam)s leg je geen aanvraag of besluit vast: die volgt het akkoord "
                                "van UWV of de gemeente. Leg dat akkoord vast bij de plaatsing.") % {
            "naam": instrument.naam})


def fouten_in_regelingen(*, soort, instrumenten, huidige=None, aanvragen=None) -> list[str]:
    """Dutch messages for regelingen that do not fit the plaatsing. The regeling Proefplaatsing (met behoud van
    uitkering, with the akkoord of UWV or the gemeente) belongs to a proefplaatsing only; a contract after it goes on
    without (``instrumenten_voor_contract``). ``huidige``: what the plaatsing has now, for a correction: a
    proefplaatsing keeps its own regeling (it is what the plaatsing is and what UWV or the gemeente agreed to), and a
    regeling the beheerder has taken out of the instrumentengids may stay but not be added. (At the start the form
    offers only those in the gids; a contract after a proefplaatsing takes over what goes on, also one taken out
    since.) ``aanvragen``: {instrument id: ``Regelingaanvraag``} of the plaatsing: a regeling applied for or granted
    stays until the aanvraag is recorded as withdrawn (``regeling_besluit``), so that none vanishes without a trace
    while UWV or the gemeente still decide on it or pay it."""
    fouten = []
    if soort != Plaatsing.Soort.PROEFPLAATSING:
        fouten += [_("De regeling %(naam)s hoort alleen bij een proefplaatsing.") % {"naam": i.naam}
                   for i in instrumenten if _is_proefplaatsing_instrument(i)]
    if huidige is not None:
        gekozen, had = {i.pk for i in instrumenten}, {i.pk for i in huidige}
        if soort == Plaatsing.Soort.PROEFPLAATSING:
            fouten += [_("Dit is een proefplaatsing: de regeling %(naam)s blijft erbij.") % {"naam": i.naam}
                       for i in huidige if _is_proefplaatsing_instrument(i) and i.pk not in gekozen]
        fouten += [_("%(naam)s staat niet meer in de instrumentengids en kan er niet bij komen.") % {"naam": i.naam}
                   for i in instrumenten if not i.actief and i.pk not in had]
        for i in huidige:
            aanvraag = (aanvragen or {}).get(i.pk)
            if i.pk in gekozen or aanvraag is None or not aanvraag.in_gebruik:
                continue
            if aanvraag.status == Regelingaanvraag.Status.TOEGEKEND:
                fouten.append(_("%(naam)s is toegekend op %(op)s. Leg eerst bij de regeling vast dat die is "
                                "ingetrokken; daarna kun je hem hier weghalen.") % {
                    "naam": i.naam, "op": formats.date_format(aanvraag.besluit_op, "j F Y")})
            else:
                fouten.append(_("%(naam)s is aangevraagd bij %(bij)s op %(op)s. Leg eerst bij de regeling vast dat de "
                                "aanvraag is ingetrokken; daarna kun je hem hier weghalen.") % {
                    "naam": i.naam, "bij": aanvraag.aangevraagd_bij,
                    "op": formats.date_format(aanvraag.aangevraagd_op, "j F Y")})
    return fouten


def regelingen_te_kiezen(plaatsing: Plaatsing):
    """The regelingen "Gegevens corrigeren" offers: those in the instrumentengids that fit the soort (the regeling
    Proefplaatsing only on a proefplaatsing), and any the plaatsing has, so that none goes unseen: one taken out of
    the gids since, or one that does not fit (``fouten_in_regelingen`` then asks to untick it)."""
    huidige = plaatsing.instrumenten.values("pk")
    passend = Instrument.objects.filter(actief=True)
    if not plaatsing.is_proef:
        passend = passend.exclude(naam__iexact=PROEFPLAATSING_INSTRUMENT)
    return Instrument.objects.filter(Q(pk__in=passend.values("pk")) | Q(pk__in=huidige))


def werknemer_bereik(kandidaat: Kandidaat) -> str:
    """``BEREIK_PORTAAL``, ``BEREIK_MAIL`` or ``BEREIK_DOORGEVEN``: how the werknemer hears of a correction of her
    plaatsing. Meldingen need an account she can log in with; without one she gets a mail only when her contactvoorkeur
    is mail (as beleving asks her), else the klantmanager tells her the way they agreed (bellen, appen)."""
    if kandidaat.account_id and kandidaat.account.is_active:
        return BEREIK_PORTAAL
    if kandidaat.contactvoorkeur == Contactvoorkeur.MAIL and kandidaat.email:
        return BEREIK_MAIL
    return BEREIK_DOORGEVEN


def regio_van_werkgever_volgen(*, werkgever_id: int) -> int:
    """Give the werkgever's plaatsingen its current region (after a beheerder moved it); the number changed. Reads
    the region when it runs, so two moves in a row end in the last one, whatever order their reactions run in."""
    regio_id = Werkgever.objects.filter(pk=werkgever_id).values_list("regio_id", flat=True).first()
    if regio_id is None:
        return 0
    return Plaatsing.objects.filter(werkgever_id=werkgever_id).exclude(regio_id=regio_id).update(regio_id=regio_id)


def _vergrendel(plaatsing):
    return Plaatsing.objects.select_for_update(of=("self",)).select_related(
        "kandidaat__klantmanager", "kandidaat__account", "werkgever__accountmanager").get(pk=plaatsing.pk)


def plaatsing_starten(*, voordracht: Voordracht, door: User, soort: str, functie: str, startdatum, einddatum,
                      uren_per_week: int, verlenging_reden: str = "", voorwaarden: str = "", instrumenten=(),
                      vorige: Plaatsing | None = None) -> Plaatsing:
    """From an accepted voordracht. A proefplaatsing or werkervaringsplaats waits for its overeenkomst;
    a contract runs at once."""
    if door.rol != Rol.ACCOUNTMANAGER:
        raise PermissionError("Alleen de accountmanager zet een plaatsing klaar.")
    controleer_gegevens(soort=soort, startdatum=startdatum, einddatum=einddatum, uren_per_week=uren_per_week,
                        verlenging_reden=verlenging_reden, vorige=vorige)
    instrumenten = list(instrumenten)
    if fouten := fouten_in_regelingen(soort=soort, instrumenten=instrumenten):
        raise ValidationError({"instrumenten": fouten})
    with transaction.atomic():
        voordracht = Voordracht.objects.select_for_update(of=("self",)).select_related(
            "kandidaat", "vacature__werkgever").get(pk=voordracht.pk)
        if voordracht.status != Voordracht.Status.AANGENOMEN:
            raise ValidationError(_("Een plaatsing begint bij een voordracht met status 'aangenomen'."))
        if vorige is None and Plaatsing.objects.filter(voordracht=voordracht, vorige__isnull=True).exists():
            raise ValidationError(_("Voor deze voordracht is al een plaatsing gemaakt."))
        # The werkgever's region, read under its lock: a beheerder moving the werkgever at this moment waits for
        # this plaatsing (and the reaction to the move then finds it), or has committed and this reads the new one.
        regio_id = Werkgever.objects.select_for_update().values_list("regio_id", flat=True).get(
            pk=voordracht.vacature.werkgever_id)
        plaatsing = Plaatsing.objects.create(
            voordracht=voordracht, kandidaat=voordracht.kandidaat, werkgever=voordracht.vacature.werkgever,
            regio_id=regio_id, soort=soort, functie=functie, startdatum=startdatum,
            einddatum=einddatum, uren_per_week=uren_per_week, verlenging_reden=verlenging_reden,
            voorwaarden=voorwaarden, aangemaakt_door=door, vorige=vorige,
        )
        plaatsing.instrumenten.set(instrumenten)
        begin_vastleggen(plaatsing, door=door)
        if vorige is not None:
            _aanvragen_overnemen(vorige, plaatsing, door=door)
        if not plaatsing.heeft_overeenkomst_nodig:
            overgang(plaatsing, Plaatsing.Status.LOPEND, door=door)
            plaatsing.save(update_fields=["status"])
            nazorgmomenten_plannen(plaatsing)
            gebeurtenis_vastleggen(PLAATSING_GESTART, door=door, plaatsing_id=plaatsing.pk, eerste=vorige is None)
            # "Feestje!": a vast contract, or the contract that follows a proefplaatsing.
            if soort == Plaatsing.Soort.VAST or (vorige is not None and vorige.is_proef):
                emails.felicitatie(plaatsing)
        with translation.override(settings.LANGUAGE_CODE):  # stored, read by everyone later: in Dutch
            regel = _("%(soort)s voor %(functie)s vanaf %(start)s.") % {
                "soort": plaatsing.get_soort_display(), "functie": functie, "start": datums.datum(startdatum)}
        tijdlijn(plaatsing.werkgever, Tijdlijnregel.Soort.PLAATSING, regel, door=door)
    return plaatsing


def akkoord_is_correctie(plaatsing: Plaatsing) -> bool:
    """Whether recording an akkoord now changes one that is there (or one an overeenkomst was made with): then it is a
    correction (``plaatsing_corrigeren``), with a reason, a history and a new pdf, not a first recording."""
    return bool(plaatsing.akkoord_op or plaatsing.overeenkomst)


def proefplaatsing_akkoord(*, plaatsing: Plaatsing, door: User, instantie: str, op, reden: str = "",
                           stand: str | None = None) -> Plaatsing:
    """Record the approval of UWV or the gemeente (who and when); needed before the werkgever signs. The first one is
    simply recorded. Changing it afterwards (a mistake, or a new akkoord after the period or the hours were corrected)
    is a correction, with ``reden`` (``akkoord_is_correctie``, ``plaatsing_corrigeren``): an overeenkomst made with the
    old one is made again. ``stand``: the ``correctie_stand`` the form was opened on."""
    if op > timezone.localdate():
        raise ValidationError({"op": _("Het akkoord kan niet in de toekomst gegeven zijn.")})
    with transaction.atomic():
        plaatsing = _vergrendel(plaatsing)
        if not plaatsing.is_proef:
            raise ValidationError(_("Alleen een proefplaatsing heeft akkoord van de uitkeringsinstantie nodig."))
        if akkoord_is_correctie(plaatsing):
            return plaatsing_corrigeren(plaatsing=plaatsing, door=door, reden=reden, stand=stand,
                                        akkoord_instantie=instantie, akkoord_op=op).plaatsing
        _niet_intussen_veranderd(plaatsing, stand)
        plaatsing.akkoord_instantie, plaatsing.akkoord_op, plaatsing.akkoord_vastgelegd_door = instantie, op, door
        plaatsing.save(update_fields=["akkoord_instantie", "akkoord_op", "akkoord_vastgelegd_door"])
        # News for the werkgever as a besluit on a regeling is. A changed akkoord is a correction, and its melding
        # (``PLAATSING_GECORRIGEERD``) says what changed: no second one.
        gebeurtenis_vastleggen(AKKOORD_VASTGELEGD, door=door, plaatsing_id=plaatsing.pk)
    return plaatsing


AL_KLAARGEZET = "al_klaargezet"  # the code of the refusal: the overeenkomst waits for the werkgever already


def overeenkomst_klaarzetten(*, plaatsing: Plaatsing, door: User) -> Plaatsing:
    """Generate the overeenkomst as PDF from what we know and ask the werkgever to sign it. Once: a second press (a
    double click, a second tab) finds it with the werkgever already and sends him nothing again (``al_klaargezet``).
    A changed overeenkomst goes to him again through ``plaatsing_corrigeren``."""
    with transaction.atomic():
        plaatsing = _vergrendel(plaatsing)
        if plaatsing.is_proef and not plaatsing.akkoord_op:
            raise ValidationError(_("Leg eerst het akkoord van UWV of de gemeente vast."))
        if plaatsing.status == Plaatsing.Status.WACHT_OP_HANDTEKENING:
            raise ValidationError(_("De overeenkomst ligt al bij de werkgever om te ondertekenen."),
                                  code=AL_KLAARGEZET)
        if plaatsing.status != Plaatsing.Status.VOORBEREIDING:
            raise ValidationError(_("Deze overeenkomst is al ondertekend."))
        _overeenkomst_naar_werkgever(plaatsing, door=door)
    return plaatsing


def _overeenkomst_vervangen(plaatsing, naam, *, vorige_bewaren=False):
    """A new pdf of the overeenkomst, made from the plaatsing as it is now. The one it replaces leaves the storage
    once this commits (a concept nobody signed), unless ``vorige_bewaren``: a signed one, named in the correction
    that changed it (``PlaatsingCorrectie.oud["overeenkomst"]``) and removed with the dossier (privacy.bewaren)."""
    vorige = plaatsing.overeenkomst.name
    plaatsing.overeenkomst.save(naam, ContentFile(overeenkomst_pdf(plaatsing)), save=False)
    if vorige and not vorige_bewaren:
        storage = plaatsing.overeenkomst.storage
        transaction.on_commit(lambda: storage.delete(vorige), robust=True)


def _overeenkomst_naar_werkgever(plaatsing, *, door, vorige_bewaren=False):
    """The overeenkomst made (again) from the plaatsing as it is now, and the werkgever asked to sign it: the melding
    (``OVEREENKOMST_KLAARGEZET``) and the mail "Overeenkomst klaar om te ondertekenen". Row locked by the caller."""
    _overeenkomst_vervangen(plaatsing, f"overeenkomst-{plaatsing.pk}.pdf", vorige_bewaren=vorige_bewaren)
    if plaatsing.status == Plaatsing.Status.VOORBEREIDING:
        overgang(plaatsing, Plaatsing.Status.WACHT_OP_HANDTEKENING, door=door)
    plaatsing.save(update_fields=["overeenkomst", "status"])
    gebeurtenis_vastleggen(OVEREENKOMST_KLAARGEZET, door=door, plaatsing_id=plaatsing.pk)
    emails.ter_ondertekening(plaatsing)


def overeenkomst_ondertekenen(*, plaatsing: Plaatsing, door: User, naam: str) -> Plaatsing:
    """The werkgever signs in the portal: an explicit accept with name and time. Once, and once more after each
    correction that changed what he signed (``Plaatsing.opnieuw_te_ondertekenen``): that new signature replaces the
    old one on the running plaatsing, which neither starts again nor has its nazorg planned anew."""
    if not naam.strip():
        raise ValidationError({"naam": _("Vul uw naam in als handtekening.")})
    with transaction.atomic():
        plaatsing = _vergrendel(plaatsing)
        opnieuw = plaatsing.opnieuw_te_ondertekenen
        if plaatsing.ondertekend_op and not opnieuw:
            raise ValidationError(_("Deze overeenkomst is al ondertekend door %(naam)s op %(op)s.") % {
                "op": datums.datum_tijd(plaatsing.ondertekend_op), "naam": plaatsing.ondertekend_door_naam})
        if not plaatsing.te_ondertekenen:
            raise ValidationError(_("Er ligt geen overeenkomst klaar om te ondertekenen."))
        plaatsing.ondertekend_door_naam, plaatsing.ondertekend_door = naam.strip(), door
        plaatsing.ondertekend_op, plaatsing.opnieuw_te_ondertekenen_sinds = timezone.now(), None
        # The signed version: the same document with the signature block filled in; the concept goes.
        _overeenkomst_vervangen(plaatsing, f"overeenkomst-{plaatsing.pk}-ondertekend.pdf")
        opslaan = ["ondertekend_door_naam", "ondertekend_door", "ondertekend_op", "opnieuw_te_ondertekenen_sinds",
                   "overeenkomst"]
        if opnieuw:
            aantekening(plaatsing, door=door,
                        toelichting=gettext_noop("gewijzigde overeenkomst opnieuw ondertekend door %(naam)s")
                        % {"naam": naam})
            plaatsing.save(update_fields=opslaan)
            tijdlijn(plaatsing.werkgever, Tijdlijnregel.Soort.OVEREENKOMST,
                     gettext_noop("Gewijzigde overeenkomst opnieuw ondertekend door %(naam)s.") % {"naam": naam},
                     door=door)
        else:
            overgang(plaatsing, Plaatsing.Status.LOPEND, door=door,
                     toelichting=gettext_noop("ondertekend door %(naam)s") % {"naam": naam})
            plaatsing.save(update_fields=[*opslaan, "status"])
            nazorgmomenten_plannen(plaatsing)
            gebeurtenis_vastleggen(PLAATSING_GESTART, door=door, plaatsing_id=plaatsing.pk,
                                   eerste=plaatsing.vorige_id is None)
            tijdlijn(plaatsing.werkgever, Tijdlijnregel.Soort.OVEREENKOMST,
                     gettext_noop("Overeenkomst ondertekend door %(naam)s.") % {"naam": naam}, door=door)
        gebeurtenis_vastleggen(OVEREENKOMST_ONDERTEKEND, door=door, plaatsing_id=plaatsing.pk)
        emails.ondertekend(plaatsing, opnieuw=opnieuw)
    return plaatsing


def _op_dag(datum):
    return timezone.make_aware(datetime.combine(datum, NAZORG_OP_DAG))


def gewenste_momenten(plaatsing):
    """{soort: due time} for a running plaatsing: 24 hours, 2 weeks, 6 weeks after the start, and the end (a week
    before it); the 2- and 6-week calls only while they come before the end call.

    A moment that falls on a weekend or a public holiday moves to the next werkdag (``klantreis.lib.werktijd``):
    nobody is there to call, and nobody at work to be called."""
    start = timezone.make_aware(datetime.combine(plaatsing.startdatum, time(9, 0)))
    dag_1 = timezone.localtime(start + timedelta(hours=24))
    momenten = {
        NazorgMoment.Soort.DAG_1: timezone.make_aware(datetime.combine(eerste_werkdag_vanaf(dag_1.date()),
                                                                       dag_1.time())),
        NazorgMoment.Soort.WEEK_2: _op_werkdag(plaatsing.startdatum + timedelta(weeks=2)),
        NazorgMoment.Soort.WEEK_6: _op_werkdag(plaatsing.startdatum + timedelta(weeks=6)),
    }
    if plaatsing.einddatum:
        soort = NazorgMoment.Soort.EINDE_PROEF if plaatsing.is_proef else NazorgMoment.Soort.EINDE_CONTRACT
        # A week before the end: time to decide about what comes next.
        einde = momenten[soort] = _op_werkdag(max(plaatsing.startdatum, plaatsing.einddatum - timedelta(days=7)))
        # In a short plaatsing the end call is the last one: a 2- or 6-week call on its day would be a second call
        # (and a second "Hoe gaat het?" mail) at the same hour, one after it a call about a plaatsing that is over.
        for week in (NazorgMoment.Soort.WEEK_2, NazorgMoment.Soort.WEEK_6):
            if momenten[week] >= einde:
                del momenten[week]
    return momenten


def _op_werkdag(datum):
    return _op_dag(eerste_werkdag_vanaf(datum))


def nazorgmomenten_plannen(plaatsing: Plaatsing):
    """Create the moments, or move those not yet handled when dates change. Call inside a transaction.

    A 2- or 6-week call that was left out because the end call came first (``gewenste_momenten``) and whose time that
    end call (or a later one) has taken up already is not made when the plaatsing is extended: it would be a second
    "Hoe gaat het?" right after the end call that led to the extension."""
    bestaand, gehouden = {}, None
    # The latest moment per soort counts (an extension after the end moment was handled adds a new one).
    for m in plaatsing.nazorgmomenten.exclude(soort=NazorgMoment.Soort.EXTRA).order_by("gepland_op", "pk"):
        bestaand[m.soort] = m
        if m.verwerkt_op is not None:
            gehouden = m.gepland_op if gehouden is None else max(gehouden, m.gepland_op)
    gewenst = gewenste_momenten(plaatsing)
    for soort, moment in bestaand.items():
        if soort not in gewenst and moment.verwerkt_op is None:
            moment.delete()
    for soort, due in gewenst.items():
        moment = bestaand.get(soort)
        einde = soort in (NazorgMoment.Soort.EINDE_PROEF, NazorgMoment.Soort.EINDE_CONTRACT)
        if moment is None and not einde and gehouden is not None and due <= gehouden:
            continue
        if moment is None or (einde and moment.verwerkt_op is not None and due > moment.gepland_op + timedelta(days=1)):
            NazorgMoment.objects.create(plaatsing=plaatsing, soort=soort, gepland_op=due)
        elif moment.verwerkt_op is None and moment.gepland_op != due:
            # Compare-and-set: a sweep that claimed it a moment ago wins; then it stays as it was.
            claim(NazorgMoment.objects.filter(pk=moment.pk, verwerkt_op__isnull=True), gepland_op=due)


def plaatsing_verlengen(*, plaatsing: Plaatsing, door: User, einddatum, verlenging_reden: str = "") -> Plaatsing:
    """A contract extended (or a proefplaatsing lengthened): the end moment moves along, and everyone who relies on
    the end date hears the new one (``PLAATSING_VERLENGD``; the werkgever on his tijdlijn too).

    The end date is on the overeenkomst the werkgever signed: as after a correction of it (``plaatsing_corrigeren``)
    the plaatsing keeps running and keeps that signature, and the new overeenkomst goes to the werkgever to sign again
    (``Plaatsing.opnieuw_te_ondertekenen_sinds``, the melding and the mail of ``_overeenkomst_naar_werkgever``). What
    changed is kept as a ``PlaatsingCorrectie`` of soort ``VERLENGING`` (its reden says what happened): it names the
    signed pdf (kept on file until the dossier's retention) and it is what the werkgever's signing page shows as
    changed; the pages and the AVG export list it as a changed end date, not as a correction."""
    with transaction.atomic():
        plaatsing = _vergrendel(plaatsing)
        if plaatsing.status != Plaatsing.Status.LOPEND:
            raise ValidationError(_("Alleen een lopende plaatsing kan verlengd worden."))
        controleer_gegevens(soort=plaatsing.soort, startdatum=plaatsing.startdatum, einddatum=einddatum,
                            uren_per_week=plaatsing.uren_per_week,
                            verlenging_reden=verlenging_reden or plaatsing.verlenging_reden)
        van = plaatsing.einddatum
        velden = ("einddatum", "verlenging_reden")
        was = {veld: _als_json(getattr(plaatsing, veld)) for veld in velden}
        plaatsing.einddatum = einddatum
        if verlenging_reden:
            plaatsing.verlenging_reden = verlenging_reden
        opslaan = ["einddatum", "verlenging_reden"]
        # Signed before (now or at an earlier verlenging or correction): what he signs says the new end.
        opnieuw = einddatum != van and plaatsing.heeft_overeenkomst_nodig and plaatsing.ondertekend_op is not None
        getekend = opnieuw and plaatsing.overeenkomst_ondertekend
        nieuw = {veld: _als_json(getattr(plaatsing, veld)) for veld in velden
                 if _als_json(getattr(plaatsing, veld)) != was[veld]}
        oud = {veld: was[veld] for veld in nieuw}
        if getekend:
            oud.update(ondertekend_door_naam=plaatsing.ondertekend_door_naam,
                       ondertekend_op=plaatsing.ondertekend_op.isoformat(), overeenkomst=plaatsing.overeenkomst.name)
            plaatsing.opnieuw_te_ondertekenen_sinds = timezone.now()
            opslaan.append("opnieuw_te_ondertekenen_sinds")
        plaatsing.save(update_fields=opslaan)
        # "Verlengen" also takes an earlier end (the plaatsing stops sooner): every stored line says which.
        eerder = van is not None and einddatum < van
        with translation.override(settings.LANGUAGE_CODE):  # stored, read by everyone later: in Dutch
            d = {"d": datums.datum(einddatum)}
            regel = (_("Plaatsing van %(k)s eindigt eerder, op %(d)s.") if eerder
                     else _("Plaatsing van %(k)s verlengd tot %(d)s.")) % {"k": plaatsing.kandidaat.voornaam, **d}
            if opnieuw:
                verlengd = (_("eindigt eerder, op %(d)s; de werkgever ondertekent opnieuw") if eerder
                            else _("verlengd tot %(d)s; de werkgever ondertekent opnieuw")) % d
                reden = (_("Eindigt eerder, op %(d)s (geen fout): de werkgever ondertekent de overeenkomst opnieuw.")
                         if eerder else
                         _("Verlengd tot %(d)s (geen fout): de werkgever ondertekent de overeenkomst opnieuw.")) % d
            else:
                verlengd = (_("eindigt eerder, op %(d)s") if eerder else _("verlengd tot %(d)s")) % d
        aantekening(plaatsing, door=door, toelichting=verlengd)
        if opnieuw:
            PlaatsingCorrectie.objects.create(plaatsing=plaatsing, door=door, reden=reden, oud=oud, nieuw=nieuw,
                                              soort=PlaatsingCorrectie.Soort.VERLENGING)
        nazorgmomenten_plannen(plaatsing)
        if einddatum != van:
            tijdlijn(plaatsing.werkgever, Tijdlijnregel.Soort.PLAATSING, regel, door=door)
            gebeurtenis_vastleggen(PLAATSING_VERLENGD, door=door, plaatsing_id=plaatsing.pk,
                                   van=van.isoformat() if van else None, tot=einddatum.isoformat())
        if opnieuw:
            _overeenkomst_naar_werkgever(plaatsing, door=door, vorige_bewaren=getekend)
    return plaatsing


def correctie_stand(plaatsing: Plaatsing) -> str:
    """What the correction form (or the akkoord form) was opened on (its hidden ``stand``): the status, the signature
    and the values it corrects. A form opened before someone else changed any of these is refused, not applied over
    their change."""
    waarden = [str(plaatsing.status), _als_json(plaatsing.ondertekend_op),
               _als_json(plaatsing.opnieuw_te_ondertekenen_sinds),
               *(_als_json(getattr(plaatsing, veld)) for veld in (*CORRIGEERBAAR, *AKKOORD)),
               sorted(plaatsing.instrumenten.values_list("pk", flat=True))]
    return hashlib.sha256(repr(waarden).encode()).hexdigest()[:32]


def _niet_intussen_veranderd(plaatsing, stand):
    """Refuse a form opened on another ``correctie_stand`` than the locked plaatsing's."""
    if stand is not None and stand != correctie_stand(plaatsing):
        raise OvergangNietToegestaan(_("Deze plaatsing is intussen veranderd."), obj=plaatsing,
                                     status=plaatsing.status, naar=plaatsing.status)


def waarom_niet_te_corrigeren(plaatsing: Plaatsing) -> str:
    """Empty, or the Dutch reason why this plaatsing's gegevens can no longer be corrected."""
    if plaatsing.is_beeindigd:
        return _("Deze plaatsing is beëindigd (%(status)s). De gegevens van een beëindigde plaatsing kun je niet meer "
                 "corrigeren.") % {"status": plaatsing.get_status_display()}
    return ""


def _als_json(waarde):
    return waarde.isoformat() if hasattr(waarde, "isoformat") else waarde


def _namen(instrumenten):
    return [i.naam for i in sorted(instrumenten, key=lambda i: (i.naam, i.pk))]


def plaatsing_corrigeren(*, plaatsing: Plaatsing, door: User, reden: str, stand: str | None = None,
                         **velden) -> PlaatsingCorrectie:
    """"Gegevens corrigeren": the accountmanager puts right what was typed wrong (``velden``: any of
    ``CORRIGEERBAAR``, the regelingen as ``instrumenten``, or the akkoord of UWV or the gemeente as ``AKKOORD`` (from
    ``proefplaatsing_akkoord``); one left out stays as it is), with the same rules as at the start
    (``controleer_gegevens``, ``fouten_in_regelingen``), and says what was wrong.

    Before the signature everything changes as it is; an overeenkomst waiting for the werkgever is made again and
    offered anew. Once the werkgever has signed, any correction changes what he signed (all of it, the akkoord included,
    is on the overeenkomst): the plaatsing keeps running (the werknemer is at work) and keeps that signature, the
    correction names it and its pdf, and the new overeenkomst goes to the werkgever to sign again (the way
    ``overeenkomst_klaarzetten`` offers it; ``Plaatsing.opnieuw_te_ondertekenen_sinds``). A new period or new hours of a
    proefplaatsing keep its akkoord of UWV or the gemeente, noted as given before the correction (the klantmanager's
    melding and the page ask to check it). The contact moments not yet held follow a new start or end
    (``nazorgmomenten_plannen``); those held stay. ``stand``: the ``correctie_stand`` of the plaatsing the form showed;
    when it has changed since, ``OvergangNietToegestaan``. One transaction, the row locked; a WIJZIGEN line in the
    verwerkingenlog for the werknemer."""
    if door.rol != Rol.ACCOUNTMANAGER:
        raise PermissionError("Alleen de accountmanager corrigeert een plaatsing.")
    if onbekend := set(velden) - {*CORRIGEERBAAR, REGELINGEN, *AKKOORD}:
        raise TypeError(f"Niet te corrigeren: {sorted(onbekend)}")
    if not reden.strip():
        raise ValidationError({"reden": _("Schrijf op wat er fout was.")})
    regelingen = velden.pop(REGELINGEN, None)
    with transaction.atomic():
        plaatsing = _vergrendel(plaatsing)
        _niet_intussen_veranderd(plaatsing, stand)
        if waarom := waarom_niet_te_corrigeren(plaatsing):
            raise ValidationError(waarom)
        if set(velden) & set(AKKOORD) and not plaatsing.is_proef:
            raise ValidationError(_("Alleen een proefplaatsing heeft akkoord van de uitkeringsinstantie nodig."))
        veranderd = {veld: waarde for veld, waarde in velden.items() if getattr(plaatsing, veld) != waarde}
        huidige = list(plaatsing.instrumenten.all())
        if regelingen is not None:
            regelingen = list(regelingen)
            if {i.pk for i in regelingen} != {i.pk for i in huidige}:
                veranderd[REGELINGEN] = regelingen
        if not veranderd:
            raise ValidationError(_("Er is niets veranderd: dit zijn de gegevens die er al stonden."))
        controleer_gegevens(soort=plaatsing.soort, vorige=plaatsing.vorige, **{
            veld: velden.get(veld, getattr(plaatsing, veld)) for veld in (
                "startdatum", "einddatum", "uren_per_week", "verlenging_reden")})
        if REGELINGEN in veranderd and (fouten := fouten_in_regelingen(
                soort=plaatsing.soort, instrumenten=regelingen, huidige=huidige,
                aanvragen=regelingaanvragen(plaatsing))):
            raise ValidationError({REGELINGEN: fouten})
        kolommen = {veld: waarde for veld, waarde in veranderd.items() if veld != REGELINGEN}
        if set(kolommen) & set(AKKOORD):
            # The akkoord is one thing (who and when): both, whichever changed, and who recorded it.
            kolommen.update({veld: velden.get(veld, getattr(plaatsing, veld)) for veld in AKKOORD})
            plaatsing.akkoord_vastgelegd_door = door
        oud = {veld: _als_json(getattr(plaatsing, veld)) for veld in kolommen}
        nieuw = {veld: _als_json(waarde) for veld, waarde in kolommen.items()}
        if REGELINGEN in veranderd:
            oud[REGELINGEN], nieuw[REGELINGEN] = _namen(huidige), _namen(regelingen)
        if plaatsing.is_proef and plaatsing.akkoord_op and set(veranderd) & set(AKKOORD_VOOR):
            # Given for the old period or hours: kept (only UWV or the gemeente can say), and named to be checked.
            oud.update(akkoord_instantie=plaatsing.akkoord_instantie, akkoord_op=plaatsing.akkoord_op.isoformat())
        for veld, waarde in kolommen.items():
            setattr(plaatsing, veld, waarde)
        opslaan = [*kolommen, *(["akkoord_vastgelegd_door"] if set(kolommen) & set(AKKOORD) else [])]
        # What the werkgever signed no longer says what holds: he signs the new overeenkomst. The signed one stays on
        # file, named here. (Changed again before he signed it: the concept is made anew, nothing more to keep.) This
        # holds for the akkoord too: it is printed on what he signed, and a signed document is never made again.
        getekend = plaatsing.heeft_overeenkomst_nodig and plaatsing.overeenkomst_ondertekend
        if getekend:
            oud.update(ondertekend_door_naam=plaatsing.ondertekend_door_naam,
                       ondertekend_op=plaatsing.ondertekend_op.isoformat(), overeenkomst=plaatsing.overeenkomst.name)
            plaatsing.opnieuw_te_ondertekenen_sinds = timezone.now()
            opslaan.append("opnieuw_te_ondertekenen_sinds")
            aantekening(plaatsing, door=door,
                        toelichting=gettext_noop("gegevens gecorrigeerd; de werkgever ondertekent opnieuw"))
        plaatsing.save(update_fields=opslaan)
        if REGELINGEN in veranderd:
            plaatsing.instrumenten.set(regelingen)
        correctie = PlaatsingCorrectie.objects.create(plaatsing=plaatsing, door=door, reden=reden.strip(), oud=oud,
                                                      nieuw=nieuw)
        if plaatsing.status == Plaatsing.Status.LOPEND and {"startdatum", "einddatum"} & set(veranderd):
            nazorgmomenten_plannen(plaatsing)
        verwerking_registreer(gebruiker=door, actie=Verwerking.Actie.WIJZIGEN, obj=plaatsing,
                              betrokkene=plaatsing.kandidaat, doel=gettext_noop("plaatsing corrigeren"),
                              details=correctie.veldnamen()[:500])
        ter_ondertekening = plaatsing.te_ondertekenen
        bereik = werknemer_bereik(plaatsing.kandidaat)
        gebeurtenis_vastleggen(PLAATSING_GECORRIGEERD, door=door, plaatsing_id=plaatsing.pk, correctie_id=correctie.pk,
                               ter_ondertekening=ter_ondertekening, werknemer=bereik)
        if bereik == BEREIK_MAIL:
            emails.gecorrigeerd_werknemer(plaatsing, correctie)
        if ter_ondertekening:
            _overeenkomst_naar_werkgever(plaatsing, door=door, vorige_bewaren=getekend)
        with translation.override(settings.LANGUAGE_CODE):  # stored, read by everyone later: in Dutch
            tijdlijn(plaatsing.werkgever, Tijdlijnregel.Soort.PLAATSING,
                     _("Plaatsing van %(k)s gecorrigeerd: %(velden)s.") % {
                         "k": plaatsing.kandidaat.voornaam, "velden": correctie.veldnamen()}, door=door)
    return correctie


# --- the aanvraag and besluit of each regeling ----------------------------------------------------------------


def regelingaanvragen(plaatsing: Plaatsing) -> dict:
    """{instrument id: ``Regelingaanvraag``} of the plaatsing (a regeling without one is still to be applied for)."""
    return {a.instrument_id: a for a in Regelingaanvraag.objects.filter(plaatsing=plaatsing)}


def _datum(datum):
    return formats.date_format(datum, "j F Y")


def aanvraag_in_woorden(aanvraag):
    """What an aanvraag says now, for its history: "aangevraagd bij UWV op 2 maart 2026, kenmerk 123"."""
    status = Regelingaanvraag.Status
    if aanvraag.status == status.AANGEVRAAGD:
        tekst = _("aangevraagd bij %(bij)s op %(op)s") % {"bij": aanvraag.aangevraagd_bij,
                                                         "op": _datum(aanvraag.aangevraagd_op)}
        return f"{tekst}, {_('kenmerk')} {aanvraag.kenmerk}" if aanvraag.kenmerk else tekst
    tekst = {status.TOEGEKEND: _("toegekend op %(op)s"), status.AFGEWEZEN: _("afgewezen op %(op)s"),
             status.INGETROKKEN: _("ingetrokken op %(op)s")}[aanvraag.status] % {"op": _datum(aanvraag.besluit_op)}
    return f"{tekst}: {aanvraag.reden}" if aanvraag.reden else tekst


def regelingaanvraag_stand(aanvraag: Regelingaanvraag | None) -> str:
    """The version of an aanvraag a form was opened on (its hidden ``stand``): the id of its last history row, "" for
    none yet. Every change writes one (a new kenmerk, a besluit, a new aanvraag after a rejection), so a form opened
    before a colleague's change is refused, not applied over it. Reads ``wijzigingen`` prefetched when they are."""
    if aanvraag is None:
        return ""
    return str(max((w.pk for w in aanvraag.wijzigingen.all()), default=0))


def waarom_geen_aanvragen(plaatsing: Plaatsing) -> str:
    """Empty, or the Dutch reason why the aanvragen and besluiten of this plaatsing's regelingen are no longer recorded
    on it: it has ended. A proefplaatsing that became a contract handed them on (``_aanvragen_overnemen``)."""
    if plaatsing.status == Plaatsing.Status.CONTRACT:
        return _("Deze proefplaatsing is een contract geworden. De aanvragen van de regelingen zijn meegegaan naar "
                 "het contract: leg ze daar vast.")
    if plaatsing.is_beeindigd:
        return _("Deze plaatsing is beëindigd (%(status)s). Aanvragen en besluiten van regelingen leg je hier niet "
                 "meer vast.") % {"status": plaatsing.get_status_display()}
    return ""


def _regeling_vergrendelen(plaatsing, instrument, stand):
    """The plaatsing locked (as ``plaatsing_corrigeren`` locks it: a correction that takes the regeling off waits for
    this, and then sees the aanvraag), checked not to have ended, the regeling checked to be on it, and its aanvraag
    (or None) locked. ``stand``: the ``regelingaanvraag_stand`` the form was opened on; another is
    ``OvergangNietToegestaan``."""
    plaatsing = _vergrendel(plaatsing)
    if waarom := waarom_geen_aanvragen(plaatsing):
        raise ValidationError(waarom)
    if not plaatsing.instrumenten.filter(pk=instrument.pk).exists():
        raise ValidationError(_("%(naam)s hoort niet (meer) bij deze plaatsing.") % {"naam": instrument.naam})
    aanvraag = Regelingaanvraag.objects.select_for_update().filter(plaatsing=plaatsing, instrument=instrument).first()
    if stand is not None and stand != regelingaanvraag_stand(aanvraag):
        if aanvraag is None:
            raise ValidationError(_("Deze regeling is intussen veranderd. Bekijk hoe die er nu voor staat."))
        raise OvergangNietToegestaan(_("Deze aanvraag is intussen veranderd."), obj=aanvraag, status=aanvraag.status,
                                     naar=aanvraag.status)
    return plaatsing, aanvraag


def regeling_aanvragen(*, plaatsing: Plaatsing, instrument: Instrument, door: User, aangevraagd_op,
                       aangevraagd_bij: str = "", kenmerk: str = "", stand: str | None = None) -> Regelingaanvraag:
    """Record that a regeling of the plaatsing was applied for: when (not in the future), with whom (the instrument's
    ``aanvragen_bij`` when left empty) and its kenmerk. Again after a rejection or a withdrawal (a new aanvraag; the
    history keeps the earlier one); on an aanvraag still waiting for its besluit it corrects these details. One
    transaction, the plaatsing and the aanvraag locked, a row in its history."""
    if door.rol != Rol.ACCOUNTMANAGER:
        raise PermissionError("Alleen de accountmanager legt een aanvraag vast.")
    _geen_eigen_aanvraag(instrument)
    if aangevraagd_op > timezone.localdate():
        raise ValidationError({"aangevraagd_op": _("Deze datum ligt in de toekomst. Leg de aanvraag vast als die "
                                                   "gedaan is.")})
    aangevraagd_bij = aangevraagd_bij.strip() or instrument.aanvragen_bij.strip()
    if not aangevraagd_bij:
        raise ValidationError({"aangevraagd_bij": _("Vul in bij wie de regeling is aangevraagd, bijvoorbeeld UWV of "
                                                    "de gemeente.")})
    kenmerk = kenmerk.strip()
    with transaction.atomic():
        plaatsing, aanvraag = _regeling_vergrendelen(plaatsing, instrument, stand)
        if aanvraag is None:
            aanvraag = Regelingaanvraag(plaatsing=plaatsing, instrument=instrument)
        elif aanvraag.besluit_op is not None and aangevraagd_op < aanvraag.besluit_op:
            # Again after a rejection or a withdrawal: not before it.
            raise ValidationError({"aangevraagd_op": _("Deze datum ligt vóór de vorige stap (%(wat)s op %(op)s).") % {
                "wat": aanvraag.get_status_display().lower(), "op": _datum(aanvraag.besluit_op)}})
        elif aanvraag.status == Regelingaanvraag.Status.AANGEVRAAGD and (
                aanvraag.aangevraagd_op, aanvraag.aangevraagd_bij, aanvraag.kenmerk) == (
                aangevraagd_op, aangevraagd_bij, kenmerk):
            raise ValidationError(_("Er is niets veranderd: dit is de aanvraag die er al stond."))
        nieuw, van = aanvraag.pk is None, aanvraag.status
        aanvraag.aangevraagd_op, aanvraag.aangevraagd_bij, aanvraag.kenmerk = aangevraagd_op, aangevraagd_bij, kenmerk
        aanvraag.besluit_op, aanvraag.reden = None, ""
        aanvraag.gewijzigd_door, aanvraag.gewijzigd_op = door, timezone.now()
        toelichting = aanvraag_in_woorden(Regelingaanvraag(
            status=Regelingaanvraag.Status.AANGEVRAAGD, aangevraagd_op=aangevraagd_op, aangevraagd_bij=aangevraagd_bij,
            kenmerk=kenmerk))
        if nieuw:
            aanvraag.save()
            begin_vastleggen(aanvraag, door=door, toelichting=toelichting)
        elif van == Regelingaanvraag.Status.AANGEVRAAGD:
            aanvraag.save()
            aantekening(aanvraag, door=door, toelichting=toelichting)
        else:
            overgang(aanvraag, Regelingaanvraag.Status.AANGEVRAAGD, door=door, toelichting=toelichting)
            aanvraag.save()
        verwerking_registreer(gebruiker=door, actie=Verwerking.Actie.WIJZIGEN, obj=plaatsing,
                              betrokkene=plaatsing.kandidaat, doel=gettext_noop("regeling aanvragen"),
                              details=instrument.naam)
    return aanvraag


def _aanvragen_overnemen(vorige, plaatsing, *, door):
    """A contract after a proefplaatsing goes on with its regelingen (``instrumenten_voor_contract``): their
    aanvragen and besluiten go along, so a granted no-riskpolis is not "nog aan te vragen" on the contract."""
    for oud in Regelingaanvraag.objects.filter(plaatsing=vorige, instrument__in=plaatsing.instrumenten.all()):
        kopie = Regelingaanvraag.objects.create(
            plaatsing=plaatsing, instrument_id=oud.instrument_id, status=oud.status, aangevraagd_op=oud.aangevraagd_op,
            aangevraagd_bij=oud.aangevraagd_bij, kenmerk=oud.kenmerk, besluit_op=oud.besluit_op, reden=oud.reden,
            gewijzigd_door=door)
        with translation.override(settings.LANGUAGE_CODE):  # stored, read by everyone later: in Dutch
            toelichting = _("overgenomen van de proefplaatsing: %(wat)s") % {"wat": aanvraag_in_woorden(oud)}
        begin_vastleggen(kopie, door=door, toelichting=toelichting)


BESLUITEN = (Regelingaanvraag.Status.TOEGEKEND, Regelingaanvraag.Status.AFGEWEZEN,
             Regelingaanvraag.Status.INGETROKKEN)


def regeling_besluit(*, plaatsing: Plaatsing, instrument: Instrument, door: User, besluit: str, op, reden: str = "",
                     stand: str | None = None) -> Regelingaanvraag:
    """The besluit on an aanvraag (toegekend, afgewezen with the reason), or that it was withdrawn (``ingetrokken``,
    also after it was granted: the regeling can then be taken off the plaatsing). Not in the future, not before the
    aanvraag. A besluit is news for the werkgever (``REGELING_BESLUIT``); a withdrawal is his or the WSP's own step.
    One transaction, the plaatsing and the aanvraag locked, the transition in its history."""
    if door.rol != Rol.ACCOUNTMANAGER:
        raise PermissionError("Alleen de accountmanager legt een besluit vast.")
    _geen_eigen_aanvraag(instrument)
    if besluit not in BESLUITEN:
        raise ValidationError({"besluit": _("Kies: toegekend, afgewezen of ingetrokken.")})
    fouten = {}
    if op > timezone.localdate():
        fouten["op"] = _("Deze datum ligt in de toekomst. Leg het vast als het zover is.")
    reden = reden.strip()
    if besluit == Regelingaanvraag.Status.AFGEWEZEN and not reden:
        fouten["reden"] = _("Schrijf op waarom de aanvraag is afgewezen. De werkgever leest het.")
    if len(reden) > AANVRAAG_REDEN_MAX:
        fouten["reden"] = _("Schrijf de reden in hoogstens %(max)d tekens (nu %(n)d).") % {
            "max": AANVRAAG_REDEN_MAX, "n": len(reden)}
    if fouten:
        raise ValidationError(fouten)
    with transaction.atomic():
        plaatsing, aanvraag = _regeling_vergrendelen(plaatsing, instrument, stand)
        if aanvraag is None:
            raise ValidationError(_("%(naam)s is nog niet aangevraagd. Leg eerst de aanvraag vast.") % {
                "naam": instrument.naam})
        if op < aanvraag.aangevraagd_op:
            raise ValidationError({"op": _("Deze datum ligt vóór de aanvraag (%(op)s).") % {
                "op": _datum(aanvraag.aangevraagd_op)}})
        if aanvraag.besluit_op is not None and op < aanvraag.besluit_op:
            # A withdrawal of a granted one: not before the grant.
            raise ValidationError({"op": _("Deze datum ligt vóór de toekenning (%(op)s).") % {
                "op": _datum(aanvraag.besluit_op)}})
        aanvraag.controleer_overgang(besluit)
        aanvraag.besluit_op, aanvraag.reden = op, reden
        aanvraag.gewijzigd_door, aanvraag.gewijzigd_op = door, timezone.now()
        overgang(aanvraag, besluit, door=door, toelichting=aanvraag_in_woorden(
            Regelingaanvraag(status=besluit, besluit_op=op, reden=reden)))
        aanvraag.save(update_fields=["status", "besluit_op", "reden", "gewijzigd_door", "gewijzigd_op"])
        if besluit != Regelingaanvraag.Status.INGETROKKEN:
            gebeurtenis_vastleggen(REGELING_BESLUIT, door=door, plaatsing_id=plaatsing.pk, aanvraag_id=aanvraag.pk,
                                   besluit=besluit)
        verwerking_registreer(gebruiker=door, actie=Verwerking.Actie.WIJZIGEN, obj=plaatsing,
                              betrokkene=plaatsing.kandidaat, doel=gettext_noop("besluit over een regeling"),
                              details=instrument.naam)
    return aanvraag


def instrumenten_voor_contract(plaatsing: Plaatsing):
    """The regelingen of a proefplaatsing that go on with the contract after it (a no-riskpolis, loonkostensubsidie,
    a jobcoach): all of them but the proefplaatsing itself."""
    return plaatsing.instrumenten.exclude(naam__iexact=PROEFPLAATSING_INSTRUMENT)


def proefplaatsing_afronden(*, plaatsing: Plaatsing, door: User, besluit: str, contractsoort: str = "",
                            startdatum=None, einddatum=None, uren_per_week=None, reden: str = "",
                            instrumenten=None) -> Plaatsing:
    """The end of a proefplaatsing asks for a decision: a contract (a new plaatsing follows) or afscheid,
    which sends the kandidaat back to matching with a task for the klantmanager. The contract carries
    ``instrumenten``; None: those of the proefplaatsing that go on (``instrumenten_voor_contract``)."""
    with transaction.atomic():
        plaatsing = _vergrendel(plaatsing)
        if not plaatsing.is_proef:
            raise ValidationError(_("Dit is geen proefplaatsing."))
        if besluit == "contract":
            if contractsoort not in (Plaatsing.Soort.TIJDELIJK, Plaatsing.Soort.VAST):
                raise ValidationError({"contractsoort": _("Kies een tijdelijk of een vast contract.")})
            if startdatum is None:
                raise ValidationError({"startdatum": _("Vul de startdatum van het contract in.")})
            doorlopend = list(instrumenten_voor_contract(plaatsing))
            instrumenten = doorlopend if instrumenten is None else list(instrumenten)
            # A regeling that goes on and is applied for or granted goes along with its aanvraag, as a correction
            # keeps it: taken off here, it would vanish while UWV or the gemeente decide on it or pay it.
            if fouten := fouten_in_regelingen(soort=contractsoort, instrumenten=instrumenten, huidige=doorlopend,
                                              aanvragen=regelingaanvragen(plaatsing)):
                raise ValidationError({"instrumenten": fouten})
            # Not before the proefplaatsing: checked with the contract's other dates (``controleer_gegevens``, as for a
            # correction of it); refused, it undoes the transition below with the rest of this transaction.
            overgang(plaatsing, Plaatsing.Status.CONTRACT, door=door)
            plaatsing.save(update_fields=["status"])
            _open_momenten_vervallen(plaatsing)
            return plaatsing_starten(
                voordracht=plaatsing.voordracht, door=door, soort=contractsoort, functie=plaatsing.functie,
                startdatum=startdatum, einddatum=einddatum, uren_per_week=uren_per_week or plaatsing.uren_per_week,
                vorige=plaatsing, instrumenten=instrumenten,
            )
        if besluit != "afscheid":
            raise ValidationError({"besluit": _("Kies: contract of afscheid.")})
        if not reden.strip():
            raise ValidationError({"reden": _("Geef de reden van het afscheid; daar leren we van.")})
        overgang(plaatsing, Plaatsing.Status.AFSCHEID, door=door, toelichting=reden)
        plaatsing.afscheid_reden = reden
        plaatsing.save(update_fields=["status", "afscheid_reden"])
        _open_momenten_vervallen(plaatsing)
        # The klantmanager (or whoever decided) gets a task to discuss it and look further.
        gebeurtenis_vastleggen(PROEFPLAATSING_GESTOPT, door=door, plaatsing_id=plaatsing.pk, reden=reden[:200],
                               uiterlijk=(timezone.localdate() + timedelta(days=3)).isoformat())
        tijdlijn(plaatsing.werkgever, Tijdlijnregel.Soort.PLAATSING, gettext_noop("Proefplaatsing beëindigd."),
                 door=door)
    return plaatsing


def _open_momenten_vervallen(plaatsing):
    """Moments still to come of a plaatsing that stopped are no longer needed."""
    plaatsing.nazorgmomenten.filter(verwerkt_op__isnull=True, gepland_op__gt=timezone.now()).delete()


# --- nazorg sweep and check-ins --------------------------------------------------------------


def _token():
    token = secrets.token_urlsafe(32)
    return token, hashlib.sha256(token.encode()).hexdigest()


NAZORG_BATCH = 1000


def te_sweepen(nu):
    """The moments due at ``nu`` that no sweep has handled, from the index on (verwerkt_op, gepland_op). Those of a
    plaatsing whose changed overeenkomst waits for a new signature are among them: the werknemer is at work."""
    return NazorgMoment.objects.filter(verwerkt_op__isnull=True, gepland_op__lte=nu)


def nazorg_sweep(*, nu=None, batch=NAZORG_BATCH, bij_volle_batch=None) -> int:
    """Celery beat: every due moment becomes, once, a task for the accountmanager and the klantmanager
    (journey event ``NAZORGMOMENTEN_OPGEPAKT``), a reminder mail to each, and a check-in mail to werkgever
    and werknemer. Moments are claimed in batches with SKIP LOCKED, so parallel sweeps share the work; a
    batch's claim, check-ins, mails and event are one transaction: a crash undoes all of it.

    ``bij_volle_batch`` is called once when the first batch was full (more work than one batch): the task
    asks a second worker slot to sweep along."""
    nu = nu or timezone.now()
    aantal = 0
    while True:
        with transaction.atomic():
            ids = claim_rijen(te_sweepen(nu), aantal=batch, volgorde=("gepland_op", "pk"), verwerkt_op=nu)
            if ids:
                aantal += _momenten_afhandelen(ids, nu)
        if len(ids) < batch:
            return aantal
        if bij_volle_batch is not None:
            bij_volle_batch()
            bij_volle_batch = None


def _momenten_afhandelen(ids, nu):
    """Check-ins and mails for a batch of claimed moments, from plain values (no model instances: a sweep of
    100,000 moments spends its time in the database, not in building objects)."""
    # A moment of a plaatsing that stopped a moment ago is claimed, but nobody needs to be asked anything.
    rijen = list(NazorgMoment.objects.filter(pk__in=ids, plaatsing__status=Plaatsing.Status.LOPEND).order_by("pk")
                 .values_list("pk", "plaatsing_id", "plaatsing__werkgever_id", "plaatsing__werkgever__naam",
                              "plaatsing__werkgever__accountmanager_id", "plaatsing__werkgever__accountmanager__email",
                              "plaatsing__kandidaat__voornaam", "plaatsing__kandidaat__achternaam",
                              "plaatsing__kandidaat__email", "plaatsing__kandidaat__account__email",
                              "plaatsing__kandidaat__klantmanager__email", "plaatsing__kandidaat__klantmanager_id",
                              "soort"))
    werkgevers = Werkgever.objects.in_bulk({r[2] for r in rijen})
    # One check-in per moment and rol: to the first of the company's people, greeted by his own name (not the
    # contactpersoon's); "" when no name is known.
    aanhef_per_werkgever = {pk: werkgever_aanhef(w)[:1] for pk, w in werkgevers.items()}
    verloopt_op = nu + CHECKIN_GELDIG
    geldig_tot = timezone.localtime(verloopt_op)
    verloopt_op = verloopt_op.isoformat()  # once, not per row
    checkins, mails = [], []
    momenten = []  # what the reactions need, so they need not read it again
    for (moment_id, plaatsing_id, werkgever_id, werkgever_naam, am_id, am_email, voornaam, achternaam,
         kandidaat_email, account_email, km_email, km_id, soort) in rijen:
        momenten.append([moment_id, soort, f"{voornaam} {achternaam}", werkgever_id, werkgever_naam, am_id, km_id])
        mails += emails.nazorg_herinnering(moment_id=moment_id, plaatsing_id=plaatsing_id, werkgever=werkgever_naam,
                                           kandidaat=f"{voornaam} {achternaam}", adressen=[am_email, km_email])
        werknemer = account_email or kandidaat_email
        for rol, adressen in ((Checkin.Rol.WERKGEVER, aanhef_per_werkgever[werkgever_id]),
                              (Checkin.Rol.WERKNEMER, [(werknemer, "")])):
            if not adressen or not adressen[0][0]:
                continue
            [(adres, aanhef)] = adressen
            token, token_hash = _token()
            checkins.append((moment_id, rol, adres, token_hash, verloopt_op, ""))
            # "Liever bellen?": the werkgever's own accountmanager; the werknemer's own klantmanager (if any).
            contact_id = km_id or am_id if rol == Checkin.Rol.WERKNEMER else am_id
            mails += emails.checkin(moment_id=moment_id, rol=rol, adres=adres, token=token, contact_id=contact_id,
                                    geldig_tot=geldig_tot, aanhef=aanhef)
    rijen_invoegen(Checkin, ["moment_id", "rol", "email", "token_hash", "verloopt_op", "opmerking"], checkins)
    mails_invoegen(mails)
    if rijen:
        gebeurtenis_vastleggen(NAZORGMOMENTEN_OPGEPAKT, moment_ids=[r[0] for r in rijen], momenten=momenten,
                               datum=timezone.localdate(nu).isoformat())
    return len(rijen)


class CheckinOngeldig(Exception):
    """The link is unknown, expired or already used; the message says which, in Dutch."""


def checkin_zoeken(token: str) -> Checkin:
    token_hash = hashlib.sha256((token or "").encode()).hexdigest()
    checkin = Checkin.objects.select_related("moment__plaatsing__werkgever").filter(token_hash=token_hash).first()
    if checkin is None:
        # Whose link it was is unknown here: a sentence that fits a werkgever ("u") and a werknemer ("je").
        raise CheckinOngeldig(_("Deze link kennen we niet. Kijk of de hele link uit de e-mail is gebruikt."))
    if checkin.beantwoord_op:
        raise CheckinOngeldig(_al_beantwoord(checkin))
    if checkin.verloopt_op < timezone.now():
        raise CheckinOngeldig(_("Deze link is verlopen. Bel gerust uw contactpersoon als u iets kwijt wilt.")
                              if checkin.rol == Checkin.Rol.WERKGEVER else
                              _("Deze link is verlopen. Bel gerust je contactpersoon als je iets kwijt wilt."))
    return checkin


def _al_beantwoord(checkin):
    if checkin.rol == Checkin.Rol.WERKGEVER:
        return _("U heeft deze vragen al beantwoord. Dank u wel!")
    return _("Je hebt deze vragen al beantwoord. Dank je wel!")


def checkin_beantwoorden(*, token: str, score: int, opmerking: str = "") -> Checkin:
    """Once: the second answer through the same link is refused."""
    if not 1 <= score <= 5:
        raise ValidationError({"score": _("Kies een cijfer van 1 tot 5.")})
    with transaction.atomic():
        checkin = checkin_zoeken(token)
        if not claim(Checkin.objects.filter(pk=checkin.pk, beantwoord_op__isnull=True), beantwoord_op=timezone.now(),
                     score=score, opmerking=opmerking):
            raise CheckinOngeldig(_al_beantwoord(checkin))
        checkin.refresh_from_db()
        if score <= 2:
            # A low score does not wait for the next moment: the accountmanager hears it today.
            gebeurtenis_vastleggen(CHECKIN_LAAG, checkin_id=checkin.pk, uiterlijk=timezone.localdate().isoformat())
    return checkin


def nazorg_uitkomst_vastleggen(*, moment: NazorgMoment, door: User, uitkomst: str, bijzonderheden: str = "",
                               interventie: str = "", extra_moment_op=None) -> NazorgMoment:
    """The outcome of a contact moment; again to put it right ("uitkomst wijzigen"): it replaces the one recorded, and
    only the first says that a contact was held (``NAZORG_GEVOERD``). The row is locked: a double click waits for the
    first and then plans no second extra moment at the same time."""
    if uitkomst not in NazorgMoment.Uitkomst.values:
        raise ValidationError({"uitkomst": _("Kies een uitkomst.")})
    if uitkomst == NazorgMoment.Uitkomst.INTERVENTIE and not interventie.strip():
        raise ValidationError({"interventie": _("Welke interventie is nodig? Bijvoorbeeld jobcoach of extra gesprek.")})
    if extra_moment_op and extra_moment_op <= timezone.now():
        raise ValidationError({"extra_moment_op": _("Een extra moment plan je in de toekomst.")})
    with transaction.atomic():
        moment = NazorgMoment.objects.select_for_update().get(pk=moment.pk)
        # A contact a few days early is recorded on its moment; an outcome weeks ahead is a click on the wrong moment
        # (or a guess), and would leave the real moment without anyone checking in.
        if timezone.localdate(moment.gepland_op) > timezone.localdate() + VROEGER_VASTLEGGEN:
            raise ValidationError(
                _("Dit contactmoment is pas op %(datum)s. Leg de uitkomst vast als het contact geweest is (tot een "
                  "week van tevoren kan het).") % {"datum": formats.date_format(
                    timezone.localdate(moment.gepland_op), "j F Y")})
        eerste = not moment.uitkomst
        moment.uitkomst, moment.bijzonderheden, moment.interventie = uitkomst, bijzonderheden, interventie
        moment.uitkomst_door, moment.uitkomst_op = door, timezone.now()
        if moment.verwerkt_op is None:
            moment.verwerkt_op = moment.uitkomst_op  # handled by hand before the sweep came: no check-in mail
        moment.save()
        if eerste:
            gebeurtenis_vastleggen(NAZORG_GEVOERD, door=door, moment_id=moment.pk, plaatsing_id=moment.plaatsing_id)
        # The same extra moment asked again (a double click, "uitkomst wijzigen" keeping it) is planned once.
        if extra_moment_op and not NazorgMoment.objects.filter(
                plaatsing_id=moment.plaatsing_id, soort=NazorgMoment.Soort.EXTRA, gepland_op=extra_moment_op).exists():
            NazorgMoment.objects.create(plaatsing=moment.plaatsing, soort=NazorgMoment.Soort.EXTRA,
                                        gepland_op=extra_moment_op)
    return moment


def plaatsing_afsluiten(*, plaatsing: Plaatsing, door: User, toelichting: str = "") -> Plaatsing:
    """A contract (or werkervaringsplaats) has ended: close it; moments still to come are dropped, and the
    klantmanager and the werknemer hear of it (``PLAATSING_AFGESLOTEN``)."""
    with transaction.atomic():
        plaatsing = _vergrendel(plaatsing)
        if plaatsing.is_proef:
            raise ValidationError(_("Een proefplaatsing sluit je af met een besluit: contract of afscheid."))
        overgang(plaatsing, Plaatsing.Status.AFGEROND, door=door, toelichting=toelichting)
        plaatsing.save(update_fields=["status"])
        _open_momenten_vervallen(plaatsing)
        gebeurtenis_vastleggen(PLAATSING_AFGESLOTEN, door=door, plaatsing_id=plaatsing.pk,
                               uiterlijk=(timezone.localdate() + timedelta(days=3)).isoformat())
        with translation.override(settings.LANGUAGE_CODE):  # stored, read by everyone later: in Dutch
            tijdlijn(plaatsing.werkgever, Tijdlijnregel.Soort.PLAATSING,
                     _("%(soort)s van %(k)s afgesloten.") % {"soort": plaatsing.get_soort_display(),
                                                             "k": plaatsing.kandidaat.voornaam}, door=door)
    return plaatsing
