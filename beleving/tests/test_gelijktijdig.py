"""Two journey events about one person handled at the same moment, by two workers: still one question.

Real concurrency on PostgreSQL: each thread has its own connection and keeps its transaction open a while after
its reaction ran, so the other runs while the first still holds its locks."""

import pytest
from django.db import connection

from beleving.models import Belevingsvraag, Bevraagde
from conftest import Wereld
from outbox.models import Gebeurtenis
from outbox.services import gebeurtenis_verwerken
from tests.gelijktijdig import tegelijk
from werkzoekenden.services import DOSSIER_AANGEMAAKT, PLAN_GEEVALUEERD

pytestmark = pytest.mark.django_db(transaction=True)


def _tegelijk(taken):
    fouten = tegelijk(taken)
    assert not fouten, fouten


@pytest.mark.parametrize("al_eens_gevraagd", [False, True], ids=["nieuw", "bekend"])
def test_events_at_once_ask_one_question(al_eens_gevraagd):
    if connection.vendor != "postgresql":
        pytest.skip("gelijktijdigheid wordt op PostgreSQL getest (DATABASE_URL=postgres://...)")
    wereld = Wereld()
    kandidaat = wereld.kandidaat
    if al_eens_gevraagd:  # the person's row exists already, asked long ago: the race is on the UPDATE only
        from datetime import timedelta

        from django.utils import timezone

        Bevraagde.objects.create(persoon=f"kandidaat:{kandidaat.pk}", kandidaat=kandidaat,
                                 laatst_gevraagd_op=timezone.now() - timedelta(days=30))
    ids = [Gebeurtenis.objects.create(soort=soort, gegevens={"kandidaat_id": kandidaat.pk, "plan_id": 0}).pk
           for soort in (DOSSIER_AANGEMAAKT, PLAN_GEEVALUEERD, PLAN_GEEVALUEERD, PLAN_GEEVALUEERD)]
    _tegelijk([lambda pk=pk: gebeurtenis_verwerken(pk) for pk in ids])
    assert not Gebeurtenis.objects.filter(pk__in=ids, verwerkt_op__isnull=True).exists()
    assert Belevingsvraag.objects.filter(kandidaat=kandidaat).count() == 1
    assert Bevraagde.objects.filter(kandidaat=kandidaat).count() == 1
