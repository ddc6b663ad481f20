"""Every write about sollicitatieactiviteiten and the plicht. Each keeps the current-period state on the plicht
row (``stand_bijwerken``) in the same transaction, with the row locked, so two tabs saving at once cannot leave a
wrong count behind."""

import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import gettext_noop

from accounts.models import Verwerking
from accounts.services import verwerking_registreer
from klantreis.lib.claim import claim_rijen
from klantreis.lib.opslag import bestand_opslaan
from outbox.services import gebeurtenis_vastleggen
from sollicitaties.models import (
    STANDAARD_AANTAL,
    PlichtWijziging,
    Sollicitatieactiviteit,
    Sollicitatieplicht,
    achter_vanaf,
    periode_grenzen,
    periode_nummer,
)
from werkzoekenden.models import Kandidaat

ACTIVITEIT_VASTGELEGD = "sollicitaties.activiteit_vastgelegd"
PLICHT_GEWIJZIGD = "sollicitaties.plicht_gewijzigd"
PERIODE_BIJNA_OM = "sollicitaties.periode_bijna_om"
# The WW ended and its sollicitatieplicht with it (``ww_plicht_beeindigen``); payload ``kandidaat_id``, ``plicht_id``,
# ``wijziging_id`` (the PlichtWijziging that ended it).
WW_PLICHT_GESTOPT = "sollicitaties.ww_plicht_gestopt"

DOSSIER_GESLOTEN = _lazy("Je dossier is gesloten. Je hoeft hier niets meer door te geven.")

# A reminder goes this many days before the last day of a period that is not yet complete.
HERINNERING_DAGEN = 3
PARTIJ = 500


def standaard_startdatum(kandidaat):
    """Without a date from the klantmanager the periods count from the day the dossier was made."""
    return timezone.localdate(kandidaat.aangemaakt_op) if kandidaat.aangemaakt_op else timezone.localdate()


def heeft_standaard_plicht(kandidaat) -> bool:
    return kandidaat.uitkering == Kandidaat.Uitkering.WW


def stand_bijwerken(*, plicht, vandaag=None, opslaan=True):
    """Recount the current period of ``plicht`` (the caller holds the row lock or just created it)."""
    vandaag = vandaag or timezone.localdate()
    nummer = max(periode_nummer(plicht.startdatum, vandaag), 0)
    begin, eind = periode_grenzen(plicht.startdatum, nummer)
    gedaan = Sollicitatieactiviteit.objects.filter(kandidaat_id=plicht.kandidaat_id, datum__gte=begin,
                                                   datum__lte=eind).count()
    plicht.periode_begin, plicht.periode_eind, plicht.gedaan = begin, eind, min(gedaan, 32767)
    plicht.achter_vanaf = achter_vanaf(begin, plicht.aantal, gedaan)
    if opslaan:
        plicht.save(update_fields=["periode_begin", "periode_eind", "gedaan", "achter_vanaf"])
    return plicht


def _plicht_vergrendeld(kandidaat, *, maken):
    """The plicht row, locked; a WW kandidaat without one gets the standard (``maken``), anyone else None.

    With no row yet there is nothing to lock, so the kandidaat row is locked before the plicht is made: a second
    request at the same moment waits there and then finds (and locks) the plicht the first made."""
    plicht = Sollicitatieplicht.objects.select_for_update().filter(kandidaat=kandidaat).first()
    if plicht is None and maken:
        Kandidaat.objects.select_for_update().filter(pk=kandidaat.pk).first()
        plicht = Sollicitatieplicht.objects.select_for_update().filter(kandidaat=kandidaat).first()
        if plicht is None:
            plicht = Sollicitatieplicht.objects.create(kandidaat=kandidaat,
                                                       startdatum=standaard_startdatum(kandidaat))
            plicht = Sollicitatieplicht.objects.select_for_update().get(pk=plicht.pk)
    return plicht


def _bewijs_opslaan(activiteit, bestand):
    naam = os.path.basename(bestand.name)[:150] or f"bewijs.{bestand.soort}"
    with bestand_opslaan("bewijs"):
        activiteit.bewijs.save(
            f"sollicitatie-{activiteit.kandidaat_id}-{timezone.now():%Y%m%d%H%M%S%f}.{bestand.soort}", bestand,
            save=False)
    activiteit.bewijs_bestandsnaam = naam


def _open_periode_begin(plicht, vandaag):
    return periode_grenzen(plicht.startdatum, max(periode_nummer(plicht.startdatum, vandaag), 0))[0]


def _controleer_datum(plicht, datum, vandaag):
    if datum > vandaag:
        raise ValidationError({"datum": _("Deze datum ligt in de toekomst. Vul de dag in waarop je solliciteerde.")})
    if datum < _open_periode_begin(plicht, vandaag):
        raise ValidationError({"datum": _("Deze datum ligt in een periode die al voorbij is.")})


def activiteit_vastleggen(*, kandidaat, door, werkgever, functie, datum, wijze, link="", toelichting="",
                          bewijs=None, formuliersleutel=None) -> Sollicitatieactiviteit:
    """The werkzoekende records what she did; a WW kandidaat without a plicht row gets the standard one here.

    ``formuliersleutel`` is the form's one-time key: the same page sent again (a double tap, or the back button and
    "Opslaan" again) returns the activity it made, counted once. A new visit to the form is a new key, so two real
    sollicitaties with the same content both count (a swallowed one can cost a WW werkzoekende her uitkering). The
    plicht row's lock (the kandidaat row's while the first plicht is made) makes a second request wait. A closed
    dossier asks nothing any more, and takes nothing."""
    vandaag = timezone.localdate()
    with transaction.atomic():
        _niet_gesloten(kandidaat.pk)  # as it is now, not as the request found it
        plicht = _plicht_vergrendeld(kandidaat, maken=heeft_standaard_plicht(kandidaat))
        if plicht is None:
            raise ValidationError(_("Je hebt nu geen sollicitatieplicht in het portaal."))
        if formuliersleutel is not None and (eerder := Sollicitatieactiviteit.objects.filter(
                kandidaat=kandidaat, formuliersleutel=formuliersleutel).first()):
            return eerder
        _controleer_datum(plicht, datum, vandaag)
        activiteit = Sollicitatieactiviteit(kandidaat=kandidaat, werkgever=werkgever.strip(), functie=functie.strip(),
                                            datum=datum, wijze=wijze, link=link, toelichting=toelichting,
                                            vastgelegd_door=door if getattr(door, "is_authenticated", False) else None,
                                            formuliersleutel=formuliersleutel)
        activiteit.full_clean(exclude=["bewijs", "vastgelegd_door"])
        if bewijs is not None:
            _bewijs_opslaan(activiteit, bewijs)
        activiteit.save()
        stand_bijwerken(plicht=plicht, vandaag=vandaag)
        gebeurtenis_vastleggen(ACTIVITEIT_VASTGELEGD, door=door, kandidaat_id=kandidaat.pk,
                               activiteit_id=activiteit.pk, periode_begin=plicht.periode_begin.isoformat(),
                               gedaan=plicht.gedaan, aantal=plicht.aantal)
    return activiteit


def kan_wijzigen(activiteit, plicht, vandaag=None) -> bool:
    """Only while its period is open."""
    vandaag = vandaag or timezone.localdate()
    return plicht is not None and activiteit.datum >= _open_periode_begin(plicht, vandaag)


def _niet_gesloten(kandidaat_id):
    """A closed dossier asks nothing any more, and what she passed on stays as it was: read on the kandidaat row,
    locked (as ``dossier_afsluiten`` locks it), so a closing not yet committed is waited for. Call first in
    ``atomic()``. NO KEY: a sollicitatie saved in another tab holds the plicht and then refers to this row (its
    insert takes a KEY SHARE lock); a full lock here would wait for it while holding what it waits for."""
    if Kandidaat.objects.select_for_update(no_key=True).filter(pk=kandidaat_id).values_list(
            "afgesloten_op", flat=True).first() is not None:
        raise ValidationError(DOSSIER_GESLOTEN)


def activiteit_wijzigen(*, activiteit, door, werkgever, functie, datum, wijze, link="", toelichting="",
                        bewijs=None, bewijs_weg=False) -> Sollicitatieactiviteit:
    vandaag = timezone.localdate()
    with transaction.atomic():
        _niet_gesloten(activiteit.kandidaat_id)
        plicht = _plicht_vergrendeld(activiteit.kandidaat, maken=False)
        activiteit = Sollicitatieactiviteit.objects.select_for_update().get(pk=activiteit.pk)
        if not kan_wijzigen(activiteit, plicht, vandaag):
            raise ValidationError(_("Deze periode is voorbij. Je kunt deze sollicitatie niet meer veranderen."))
        _controleer_datum(plicht, datum, vandaag)
        oud = activiteit.bewijs.name if activiteit.bewijs else None
        activiteit.werkgever, activiteit.functie, activiteit.datum = werkgever.strip(), functie.strip(), datum
        activiteit.wijze, activiteit.link, activiteit.toelichting = wijze, link, toelichting
        activiteit.full_clean(exclude=["bewijs", "vastgelegd_door"])
        if bewijs is not None:
            _bewijs_opslaan(activiteit, bewijs)
        elif bewijs_weg:
            activiteit.bewijs, activiteit.bewijs_bestandsnaam = "", ""
        activiteit.save()
        stand_bijwerken(plicht=plicht, vandaag=vandaag)
        if oud and oud != (activiteit.bewijs.name if activiteit.bewijs else None):
            storage = activiteit.bewijs.storage
            transaction.on_commit(lambda: storage.delete(oud), robust=True)
    return activiteit


def activiteit_verwijderen(*, activiteit, door) -> None:
    vandaag = timezone.localdate()
    with transaction.atomic():
        _niet_gesloten(activiteit.kandidaat_id)
        plicht = _plicht_vergrendeld(activiteit.kandidaat, maken=False)
        activiteit = Sollicitatieactiviteit.objects.select_for_update().get(pk=activiteit.pk)
        if not kan_wijzigen(activiteit, plicht, vandaag):
            raise ValidationError(_("Deze periode is voorbij. Je kunt deze sollicitatie niet meer weghalen."))
        oud = activiteit.bewijs.name if activiteit.bewijs else None
        storage = activiteit.bewijs.storage
        activiteit.delete()
        stand_bijwerken(plicht=plicht, vandaag=vandaag)
        if oud:
            transaction.on_commit(lambda: storage.delete(oud), robust=True)


def plicht_instellen(*, kandidaat, door, aantal, startdatum, reden="") -> Sollicitatieplicht:
    """The klantmanager sets the plicht: the standard 4, or less as maatwerk (0: vrijstelling) with a reason.
    Every change is kept in ``PlichtWijziging``; the werkzoekende hears of it through meldingen."""
    reden = (reden or "").strip()
    if not 0 <= aantal <= STANDAARD_AANTAL:
        raise ValidationError({"aantal": _("Kies een aantal van 0 tot en met 4.")})
    if aantal < STANDAARD_AANTAL and not reden:
        raise ValidationError({"reden": _("Schrijf op waarom het minder dan 4 is (maatwerk).")})
    with transaction.atomic():
        plicht = _plicht_vergrendeld(kandidaat, maken=False)
        was_aantal = was_start = None
        if plicht is None:
            plicht = Sollicitatieplicht(kandidaat=kandidaat)
        else:
            was_aantal, was_start = plicht.aantal, plicht.startdatum
        if (was_aantal, was_start) == (aantal, startdatum) and plicht.reden == (reden if aantal < STANDAARD_AANTAL
                                                                                else ""):
            return plicht
        plicht.aantal, plicht.startdatum = aantal, startdatum
        plicht.reden = reden if aantal < STANDAARD_AANTAL else ""
        stand_bijwerken(plicht=plicht, opslaan=False)
        plicht.save()
        PlichtWijziging.objects.create(plicht=plicht, door=door, aantal_was=was_aantal, aantal=aantal,
                                       startdatum_was=was_start, startdatum=startdatum, reden=reden)
        verwerking_registreer(gebruiker=door, actie=Verwerking.Actie.WIJZIGEN, obj=kandidaat,
                              doel=gettext_noop("sollicitatieplicht instellen"))
        gebeurtenis_vastleggen(PLICHT_GEWIJZIGD, door=door, kandidaat_id=kandidaat.pk, plicht_id=plicht.pk,
                               aantal=aantal, aantal_was=was_aantal, startdatum=startdatum.isoformat())
    return plicht


def ww_plicht_beeindigen(*, kandidaat_id, door_id=None) -> Sollicitatieplicht | None:
    """The WW ended (a warme overdracht to the bijstand, ``sollicitaties.reacties``): the WW sollicitatieplicht no
    longer holds. The plicht becomes a vrijstelling with that reason, kept in its history like every change, so
    nothing is asked any more (no counter on her home page, no reminder, not "loopt achter" in the caseload) while
    the periods and what she did stay. The new klantmanager sets a plicht again if the gemeente asks for one. A
    dossier that is WW again by now, or already free of it, is left alone, so she is told once
    (``WW_PLICHT_GESTOPT``). Returns the changed plicht or None."""
    with transaction.atomic():
        plicht = Sollicitatieplicht.objects.select_for_update().select_related("kandidaat").filter(
            kandidaat_id=kandidaat_id).first()
        if plicht is None or plicht.aantal == 0 or plicht.kandidaat.uitkering == Kandidaat.Uitkering.WW:
            return None
        was_aantal = plicht.aantal
        plicht.aantal = 0
        with translation.override(settings.LANGUAGE_CODE):  # stored, read by everyone later: in Dutch
            plicht.reden = _("De WW is gestopt: de sollicitatieplicht van de WW geldt niet meer.")
        stand_bijwerken(plicht=plicht, opslaan=False)
        plicht.save()
        wijziging = PlichtWijziging.objects.create(plicht=plicht, door_id=door_id, aantal_was=was_aantal, aantal=0,
                                                   startdatum_was=plicht.startdatum, startdatum=plicht.startdatum,
                                                   reden=plicht.reden)
        # Not ``PLICHT_GEWIJZIGD``: no klantmanager changed it, the WW ended; she hears that in its own words.
        gebeurtenis_vastleggen(WW_PLICHT_GESTOPT, kandidaat_id=kandidaat_id, plicht_id=plicht.pk,
                               wijziging_id=wijziging.pk)
    return plicht


# --- daily ------------------------------------------------------------------------------------------------

def standaard_plichten_maken(*, vandaag=None) -> int:
    """Every open WW dossier without a plicht gets the standard one (periods from the dossier's start), so the
    caseload filter sees them too. In batches; a second run finds nothing to do."""
    vandaag = vandaag or timezone.localdate()
    gemaakt = 0
    while True:
        kandidaten = list(Kandidaat.objects.filter(uitkering=Kandidaat.Uitkering.WW, afgesloten_op__isnull=True,
                                                   sollicitatieplicht__isnull=True)
                          .only("pk", "aangemaakt_op").order_by("pk")[:PARTIJ])
        if not kandidaten:
            return gemaakt
        with transaction.atomic():
            nieuw = [stand_bijwerken(plicht=Sollicitatieplicht(kandidaat_id=k.pk, startdatum=standaard_startdatum(k)),
                                     vandaag=vandaag, opslaan=False) for k in kandidaten]
            Sollicitatieplicht.objects.bulk_create(nieuw, ignore_conflicts=True)
        gemaakt += len(nieuw)


def perioden_doorschuiven(*, vandaag=None) -> int:
    """Plichten whose current period ended start the next one (count and 'behind' date anew)."""
    vandaag = vandaag or timezone.localdate()
    bijgewerkt = 0
    while True:
        with transaction.atomic():
            plichten = list(Sollicitatieplicht.objects.select_for_update()
                            .filter(Q(periode_eind__lt=vandaag) | Q(periode_eind__isnull=True))
                            .order_by("pk")[:PARTIJ])
            for plicht in plichten:
                stand_bijwerken(plicht=plicht, vandaag=vandaag)
        if not plichten:
            return bijgewerkt
        bijgewerkt += len(plichten)


def herinneringen_versturen(*, vandaag=None) -> int:
    """A period ending within ``HERINNERING_DAGEN`` that is not complete: one event per plicht per period, claimed
    on the row (``herinnerd_periode``), so two workers or a retry never remind twice."""
    from datetime import timedelta

    vandaag = vandaag or timezone.localdate()
    rijen = Sollicitatieplicht.objects.filter(
        periode_eind__gte=vandaag, periode_eind__lte=vandaag + timedelta(days=HERINNERING_DAGEN),
        gedaan__lt=F("aantal"), periode_begin__lte=vandaag,
    ).filter(Q(herinnerd_periode__isnull=True) | Q(herinnerd_periode__lt=F("periode_begin")))
    verstuurd = 0
    while True:
        with transaction.atomic():
            ids = claim_rijen(rijen, aantal=PARTIJ, volgorde=["pk"], herinnerd_periode=F("periode_begin"))
            for plicht in Sollicitatieplicht.objects.filter(pk__in=ids).only(
                    "pk", "kandidaat_id", "aantal", "gedaan", "periode_begin", "periode_eind"):
                gebeurtenis_vastleggen(PERIODE_BIJNA_OM, kandidaat_id=plicht.kandidaat_id, plicht_id=plicht.pk,
                                       periode_begin=plicht.periode_begin.isoformat(),
                                       periode_eind=plicht.periode_eind.isoformat(),
                                       nog=plicht.aantal - plicht.gedaan)
        if not ids:
            return verstuurd
        verstuurd += len(ids)


def plichten_bijwerken(*, vandaag=None) -> dict:
    vandaag = vandaag or timezone.localdate()
    return {"gemaakt": standaard_plichten_maken(vandaag=vandaag),
            "doorgeschoven": perioden_doorschuiven(vandaag=vandaag),
            "herinnerd": herinneringen_versturen(vandaag=vandaag)}
