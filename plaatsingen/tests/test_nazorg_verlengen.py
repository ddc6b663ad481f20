from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from klantreis.lib.werktijd import eerste_werkdag_vanaf
from plaatsingen.models import NazorgMoment, Plaatsing
from plaatsingen.services import nazorg_sweep, plaatsing_afsluiten, plaatsing_verlengen, proefplaatsing_afronden

pytestmark = pytest.mark.django_db

# ``w``: Anja's running proefplaatsing, built once for the module on the standing clock the tests stand on
# (plaatsingen/tests/conftest.py).


def test_extension_after_the_end_moment_was_handled_plans_a_new_end_moment(w):
    plaatsing = w.plaatsing
    einde = plaatsing.nazorgmomenten.get(soort=NazorgMoment.Soort.EINDE_PROEF)
    with time_machine.travel(einde.gepland_op + timedelta(minutes=1), tick=False):
        assert nazorg_sweep() >= 1
        plaatsing_verlengen(plaatsing=plaatsing, door=w.accountmanager,
                            einddatum=plaatsing.einddatum + timedelta(days=30), verlenging_reden="Nog een maand leren")
    momenten = plaatsing.nazorgmomenten.filter(soort=NazorgMoment.Soort.EINDE_PROEF).order_by("gepland_op")
    assert momenten.count() == 2
    assert momenten[0].verwerkt_op is not None and momenten[1].verwerkt_op is None
    # A week before the new end, or the first werkdag after that when it falls on a weekend or holiday.
    assert timezone.localtime(momenten[1].gepland_op).date() == eerste_werkdag_vanaf(
        plaatsing.einddatum + timedelta(days=30 - 7))


def test_contract_cannot_start_before_the_proefplaatsing(w):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        proefplaatsing_afronden(plaatsing=w.plaatsing, door=w.accountmanager, besluit="contract",
                                contractsoort="vast", startdatum=w.plaatsing.startdatum - timedelta(days=1))
    assert "startdatum" in exc.value.message_dict


def test_a_finished_contract_is_closed_and_its_moments_stop(w):
    with pytest.raises(ValidationError):
        plaatsing_afsluiten(plaatsing=w.plaatsing, door=w.accountmanager)  # a proef needs a decision
    contract = proefplaatsing_afronden(plaatsing=w.plaatsing, door=w.accountmanager, besluit="contract",
                                       contractsoort="tijdelijk", startdatum=w.plaatsing.einddatum,
                                       einddatum=w.plaatsing.einddatum + timedelta(days=180))
    assert contract.nazorgmomenten.filter(verwerkt_op__isnull=True).exists()
    plaatsing_afsluiten(plaatsing=contract, door=w.accountmanager, toelichting="Contract liep af")
    contract.refresh_from_db()
    assert contract.status == Plaatsing.Status.AFGEROND
    assert not contract.nazorgmomenten.filter(verwerkt_op__isnull=True, gepland_op__gt=timezone.now()).exists()
