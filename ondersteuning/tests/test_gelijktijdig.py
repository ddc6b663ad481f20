"""An aanvraag lapsing (the dossier closed) while the klantmanager approves it, on PostgreSQL with a connection per
thread."""

import time

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ondersteuning import services
from ondersteuning.models import Aanvraag
from ondersteuning.tests.factories import StartmomentFactory
from tests.gelijktijdig import tegelijk
from werkzoekenden.models import Kandidaat

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_lapse_and_an_approval_at_once_end_in_one_without_a_deadlock(wereld_pg, monkeypatch):
    """Both lock the aanvraag and then the kandidaat (the approval in ``actie_toevoegen``). The lapse locking the
    kandidaat first, as most services do, made a deadlock of the two; now the one waits for the other."""
    actie_toevoegen = services.actie_toevoegen

    def traag(**kwargs):  # the approval holds the aanvraag a moment before it locks the kandidaat
        time.sleep(0.2)
        return actie_toevoegen(**kwargs)

    monkeypatch.setattr(services, "actie_toevoegen", traag)
    startmoment = StartmomentFactory()
    aanvraag = services.aanvraag_indienen(kandidaat=wereld_pg.kandidaat, door=wereld_pg.werkzoekende_user,
                                          traject=startmoment.traject, startmoment=startmoment)
    # closed without its reaction: the lapse below is that reaction
    Kandidaat.objects.filter(pk=wereld_pg.kandidaat.pk).update(afgesloten_op=timezone.now())

    fouten = tegelijk([
        lambda: services.aanvragen_vervallen(kandidaat_id=wereld_pg.kandidaat.pk),
        lambda: services.aanvraag_beoordelen(aanvraag=aanvraag, door=wereld_pg.klantmanager, goedkeuren=True)])

    # the approval is refused (the plan of a closed dossier stands still, or it lapsed already); nothing else fails
    assert len(fouten) == 1 and isinstance(fouten[0], ValidationError), fouten
    aanvraag.refresh_from_db()
    assert aanvraag.status == Aanvraag.Status.VERVALLEN
