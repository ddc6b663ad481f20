import pytest
from django.core.management import call_command

from monitor.models import Kengetal
from monitor.tests.factories import KengetalFactory

pytestmark = pytest.mark.django_db


def test_demo_figures_fill_gaps_only_and_run_twice():
    from monitor.forms import snelkeuze

    _van, tot = snelkeuze("12m")
    echt = KengetalFactory(sleutel="belofte_24u", maand=tot, aantal=1, noemer=2, personen=2)
    call_command("monitor_demo")
    aantal = Kengetal.objects.count()
    assert aantal > 4 * 12 * 20
    echt.refresh_from_db()
    assert (echt.aantal, echt.noemer) == (1, 2)  # a real rollup row is kept
    call_command("monitor_demo")
    assert Kengetal.objects.count() == aantal
