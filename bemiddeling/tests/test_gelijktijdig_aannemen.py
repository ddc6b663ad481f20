"""Two werkgevers (or two tabs) record "aangenomen" for one kandidaat at the same moment, each on another voordracht.

Real concurrency on PostgreSQL: two threads, each with its own connection. Each hire closes the kandidaat's other
open voordrachten; locking its own first and then the other's made the two wait for each other (a deadlock, a 500
for one of them). The test holds each thread just before it closes the others, until both got there."""

import threading
from datetime import timedelta

import pytest
from django.db import DatabaseError, connection, connections
from django.utils import timezone

from bemiddeling import services
from bemiddeling.models import Voordracht
from bemiddeling.services import gesprek_plannen, voordracht_create, voordracht_reageren, voordracht_uitkomst
from conftest import Wereld
from klantreis.lib.toestanden import OvergangNietToegestaan
from werkgevers.tests.factories import VacatureFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_hires_of_one_kandidaat_at_once_give_one_hire_and_a_plain_answer(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("gelijktijdigheid wordt op PostgreSQL getest (DATABASE_URL=postgres://...)")
    wereld = Wereld()
    wereld.met_bemiddeling()
    eerste = wereld.voordracht
    tweede = voordracht_create(vacature=VacatureFactory(werkgever=wereld.werkgever, titel="Servicemonteur"),
                               kandidaat=wereld.kandidaat, door=wereld.accountmanager, toelichting="Past.")
    voordracht_reageren(voordracht=tweede, door=wereld.werkgever_user, uitnodigen=True)
    gesprek_plannen(voordracht=tweede, door=wereld.accountmanager, locatie="Arnhem",
                    begint_op=timezone.now() + timedelta(hours=1), begeleider_gaat_mee=False)
    wereld.gesprek_geweest(eerste)
    wereld.gesprek_geweest(tweede)

    samen = threading.Barrier(2, timeout=3)
    origineel = services._elders_geplaatst

    def na_elkaar_wachten(aangenomen):
        try:
            samen.wait()  # both hold their own voordracht now (before the fix); with it, the second waits earlier
        except threading.BrokenBarrierError:
            pass
        return origineel(aangenomen)

    monkeypatch.setattr(services, "_elders_geplaatst", na_elkaar_wachten)
    uitkomsten = {}

    def aannemen(voordracht):
        try:
            voordracht_uitkomst(voordracht=voordracht, door=wereld.werkgever_user, aangenomen=True)
            uitkomsten[voordracht.pk] = "aangenomen"
        except (OvergangNietToegestaan, DatabaseError) as exc:
            uitkomsten[voordracht.pk] = exc
        finally:
            connections.close_all()

    draden = [threading.Thread(target=aannemen, args=(v,)) for v in (eerste, tweede)]
    for d in draden:
        d.start()
    for d in draden:
        d.join(30)
    assert not [u for u in uitkomsten.values() if isinstance(u, DatabaseError)], uitkomsten
    assert sorted(str(type(u).__name__) if not isinstance(u, str) else u for u in uitkomsten.values()) == [
        "OvergangNietToegestaan", "aangenomen"]
    statussen = sorted(Voordracht.objects.filter(pk__in=[eerste.pk, tweede.pk]).values_list("status", flat=True))
    assert statussen == sorted([Voordracht.Status.AANGENOMEN, Voordracht.Status.ELDERS_GEPLAATST])
