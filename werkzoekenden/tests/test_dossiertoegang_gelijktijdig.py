"""Closing a dossier (or handing it over) while its access for a colleague of another organisation ends: both lock the
kandidaat first, so one waits for the other instead of a deadlock ("deadlock detected", a 500). Real concurrency on
PostgreSQL: each thread has its own connection."""

import threading
import time
from datetime import timedelta

import pytest
from django.db import connections
from django.utils import timezone

from accounts.tests.factories import KlantmanagerFactory
from werkzoekenden import services
from werkzoekenden.models import Afsluitreden, DossierToegang, Toestemming

pytestmark = pytest.mark.django_db(transaction=True)


def _toegang_met_toestemming(wereld):
    jeske = KlantmanagerFactory(regio=wereld.klantmanager.regio, voornaam="Jeske", achternaam="Gunterman")
    return services.dossiertoegang_geven(
        kandidaat=wereld.kandidaat, door=wereld.klantmanager, klantmanager=jeske, reden="Schulden",
        tot=timezone.localdate() + timedelta(days=14), wijze=Toestemming.Wijze.GESPREK,
        gegeven_op=timezone.localdate())


def _afsluiten(wereld):
    services.dossier_afsluiten(kandidaat=wereld.kandidaat, door=wereld.klantmanager, reden=Afsluitreden.VERHUISD)


@pytest.mark.parametrize("andere", ["beeindigen", "intrekken"])
def test_closing_the_dossier_while_the_access_ends_does_not_deadlock(wereld_pg, monkeypatch, andere):
    """Closing holds the kandidaat and the access rows and then withdraws the consents; ending the access (or
    withdrawing its consent) took the consent first and then the access row: each waited for the other."""
    toegang = _toegang_met_toestemming(wereld_pg)
    toestemming = Toestemming.objects.get(pk=toegang.toestemming_id)
    houdt_vast = threading.Event()
    echt = services._toegang_beeindigen

    def langzaam(t, **kwargs):
        echt(t, **kwargs)
        if threading.current_thread().name == "afsluiten":
            houdt_vast.set()
            time.sleep(0.6)  # kandidaat and access locked; the other one starts now, then the consents follow

    monkeypatch.setattr(services, "_toegang_beeindigen", langzaam)
    fouten = []

    def afsluiten():
        try:
            _afsluiten(wereld_pg)
        except Exception as exc:  # noqa: BLE001 - what the other thread's deadlock looks like here
            fouten.append(exc)
        finally:
            connections.close_all()

    def beeindigen():
        houdt_vast.wait(10)
        try:
            if andere == "beeindigen":
                services.dossiertoegang_beeindigen(toegang=toegang, door=wereld_pg.klantmanager)
            else:
                services.toestemming_intrekken(toestemming=toestemming, door=wereld_pg.werkzoekende_user)
        except Exception as exc:  # noqa: BLE001
            fouten.append(exc)
        finally:
            connections.close_all()

    draden = [threading.Thread(target=afsluiten, name="afsluiten"), threading.Thread(target=beeindigen)]
    for d in draden:
        d.start()
    for d in draden:
        d.join(30)
    assert fouten == []
    toegang.refresh_from_db()
    # Closing came first: the access ended with the dossier, once; the consent is withdrawn.
    assert toegang.einde == DossierToegang.Einde.DOSSIER_GESLOTEN
    assert Toestemming.objects.get(pk=toestemming.pk).ingetrokken_op is not None
