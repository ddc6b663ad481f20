"""The accountmanager records the aanvraag of a regeling while a colleague (or another tab) takes that regeling off
the plaatsing with "Gegevens corrigeren", at the same moment.

Real concurrency on PostgreSQL: two threads, each with its own connection. Both lock the plaatsing row first, so the
correction waits for the aanvraag, then sees it and refuses; without that lock the correction read no aanvraag, took
the regeling off, and the aanvraag was left on a regeling the plaatsing no longer had: the loss without a trace that
this guard is there for."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone

from conftest import Wereld
from plaatsingen import services
from plaatsingen.models import Regelingaanvraag
from werkgevers.models import Instrument

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_correction_at_the_moment_of_the_aanvraag_waits_for_it_and_keeps_the_regeling(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("gelijktijdigheid wordt op PostgreSQL getest (DATABASE_URL=postgres://...)")
    wereld = Wereld().met_plaatsing()
    polis = Instrument.objects.get(naam="No-riskpolis")
    wereld.plaatsing.instrumenten.add(polis)
    overig = list(wereld.plaatsing.instrumenten.exclude(pk=polis.pk))

    binnen = threading.Event()
    origineel = services.aanvraag_in_woorden

    def even_wachten(aanvraag):
        # The aanvraag's service holds its locks here: let the correction start and run into them.
        if not binnen.is_set():
            binnen.set()
            time.sleep(0.5)
        return origineel(aanvraag)

    monkeypatch.setattr(services, "aanvraag_in_woorden", even_wachten)
    uitkomsten = {}

    def aanvragen():
        try:
            services.regeling_aanvragen(plaatsing=wereld.plaatsing, instrument=polis, door=wereld.accountmanager,
                                        aangevraagd_op=timezone.localdate())
            uitkomsten["aanvraag"] = "vastgelegd"
        except Exception as exc:  # noqa: BLE001 - the test reports whatever happened
            uitkomsten["aanvraag"] = exc
        finally:
            connections.close_all()

    def corrigeren():
        binnen.wait(10)
        try:
            services.plaatsing_corrigeren(plaatsing=wereld.plaatsing, door=wereld.accountmanager,
                                          reden="Polis per ongeluk aangevinkt.", instrumenten=overig)
            uitkomsten["correctie"] = "gecorrigeerd"
        except ValidationError as exc:
            uitkomsten["correctie"] = exc.message_dict.get("instrumenten")
        except Exception as exc:  # noqa: BLE001
            uitkomsten["correctie"] = exc
        finally:
            connections.close_all()

    draden = [threading.Thread(target=aanvragen), threading.Thread(target=corrigeren)]
    for draad in draden:
        draad.start()
    for draad in draden:
        draad.join(30)
    assert uitkomsten["aanvraag"] == "vastgelegd", uitkomsten
    [melding] = uitkomsten["correctie"]
    assert melding.startswith(f"No-riskpolis is aangevraagd bij {polis.aanvragen_bij} op ") and melding.endswith(
        "Leg eerst bij de regeling vast dat de aanvraag is ingetrokken; daarna kun je hem hier weghalen."), uitkomsten
    assert wereld.plaatsing.instrumenten.filter(pk=polis.pk).exists()
    assert Regelingaanvraag.objects.get().instrument == polis
