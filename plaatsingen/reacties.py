"""Reactions to journey events that make work for professionals. (Moves to the ``taken`` app, above the
domain apps, once that app exists.)"""

from datetime import date

from django.utils.translation import gettext as _

from accounts.models import Taak
from outbox.registry import reageer_op
from plaatsingen.models import NazorgMoment
from plaatsingen.services import NAZORGMOMENTEN_OPGEPAKT


@reageer_op(NAZORGMOMENTEN_OPGEPAKT)
def nazorgtaken_aanmaken(gebeurtenis):
    """One task per professional per moment: call or visit, and record the outcome."""
    uiterlijk = date.fromisoformat(gebeurtenis.gegevens["datum"])
    momenten = NazorgMoment.objects.filter(pk__in=gebeurtenis.gegevens["moment_ids"]).select_related(
        "plaatsing__werkgever__accountmanager", "plaatsing__kandidaat__klantmanager").order_by("pk")
    taken = []
    for moment in momenten:
        plaatsing = moment.plaatsing
        omschrijving = _("Nazorg %(moment)s: %(k)s bij %(w)s. Bel of ga langs en leg de uitkomst vast.") % {
            "moment": moment.get_soort_display().lower(), "k": plaatsing.kandidaat, "w": plaatsing.werkgever.naam}
        for professional in (plaatsing.werkgever.accountmanager, plaatsing.kandidaat.klantmanager):
            if professional is not None:
                taken.append(Taak(toegewezen_aan=professional, omschrijving=omschrijving[:500], uiterlijk=uiterlijk,
                                  werkgever=plaatsing.werkgever))
    Taak.objects.bulk_create(taken)
