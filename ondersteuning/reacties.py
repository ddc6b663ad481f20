"""Work for the klantmanager from the ondersteuningsgids. The task lives here, not in ``taken``: ``taken`` is a
floor below this app and cannot know its events (docs/architecture.md). ``Taak.sleutel`` names the aanvraag,
so a reaction that ran twice gives no second task; the decision closes it. The text names no one: the
klantmanager opens the list of open aanvragen (and gets a melding that does name the werkzoekende)."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from klantreis.lib.werktijd import eerste_werkdag_vanaf
from ondersteuning.models import Aanvraag
from ondersteuning.services import (
    AANVRAAG_BEOORDEELD,
    AANVRAAG_INGEDIEND,
    AANVRAAG_INGETROKKEN,
    AANVRAAG_VERVALLEN,
    aanvragen_vervallen,
)
from outbox.registry import reageer_op
from taken.models import Taak
from werkzoekenden.services import DOSSIER_AFGESLOTEN

BEOORDELEN_BINNEN = timedelta(days=5)


def taak_sleutel(aanvraag_id):
    return f"ondersteuning:{aanvraag_id}"


@reageer_op(AANVRAAG_INGEDIEND)
def aanvraag_beoordelen_taak(gebeurtenis):
    aanvraag = (Aanvraag.objects.select_related("traject", "kandidaat")
                .filter(pk=gebeurtenis.gegevens["aanvraag_id"]).first())
    if aanvraag is None or not aanvraag.open or not aanvraag.kandidaat.klantmanager_id:
        return
    Taak.objects.bulk_create([Taak(
        toegewezen_aan_id=aanvraag.kandidaat.klantmanager_id, kandidaat_id=aanvraag.kandidaat_id,
        omschrijving=_("Beoordeel een aanvraag voor ondersteuning: %(t)s (zie Ondersteuning, open aanvragen)")
        % {"t": aanvraag.traject.titel},
        uiterlijk=eerste_werkdag_vanaf(timezone.localdate() + BEOORDELEN_BINNEN),
        sleutel=taak_sleutel(aanvraag.pk))], ignore_conflicts=True)


@reageer_op(AANVRAAG_BEOORDEELD, AANVRAAG_INGETROKKEN, AANVRAAG_VERVALLEN)
def aanvraag_beoordeeld_taak_af(gebeurtenis):
    Taak.objects.filter(sleutel=taak_sleutel(gebeurtenis.gegevens["aanvraag_id"]),
                        afgerond_op__isnull=True).update(afgerond_op=timezone.now())


@reageer_op(DOSSIER_AFGESLOTEN)
def dossier_afgesloten(gebeurtenis):
    """Her open requests lapse with the dossier (``services.aanvragen_vervallen``); not when it is open again by the
    time this runs (a worker behind, a retry): the service looks, under the kandidaat's lock."""
    aanvragen_vervallen(kandidaat_id=gebeurtenis.gegevens["kandidaat_id"])
