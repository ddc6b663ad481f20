"""The plaatsing rules hold in the database too: each test writes a row that breaks one rule past the
services (``update``/``create``) and expects the database to refuse it; its twin writes the allowed row, so the
refusal is about that rule and nothing else. Runs on SQLite and PostgreSQL."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from klantreis.lib.toestanden import overgang
from plaatsingen.models import Plaatsing, PlaatsingTransitie

pytestmark = pytest.mark.django_db

S, Soort = Plaatsing.Status, Plaatsing.Soort
NA_START = [S.LOPEND, S.CONTRACT, S.AFSCHEID, S.AFGEROND]


@pytest.fixture
def plaatsing(plaatsing_eenmaal):
    """Anja's proefplaatsing: approved by UWV, signed by the werkgever, running (through the services). Built once
    for the module (``plaatsingen/tests/conftest.py``); each test runs in a savepoint inside it."""
    return plaatsing_eenmaal.plaatsing


def _rij(plaatsing):
    return Plaatsing.objects.filter(pk=plaatsing.pk)


def _weigert(queryset, **waarden):
    with pytest.raises(IntegrityError), transaction.atomic():
        queryset.update(**waarden)


def _mag(queryset, **waarden):
    with transaction.atomic():
        assert queryset.update(**waarden) == 1


def test_status_outside_the_choices_is_refused(plaatsing):
    _weigert(_rij(plaatsing), status="zomaar")


def test_soort_outside_the_choices_is_refused(plaatsing):
    _weigert(_rij(plaatsing), soort="stage")


@pytest.mark.parametrize("soort", [Soort.PROEFPLAATSING, Soort.WERKERVARING])
@pytest.mark.parametrize("status", NA_START)
def test_a_plaatsing_with_an_overeenkomst_does_not_run_unsigned(plaatsing, soort, status):
    _weigert(_rij(plaatsing), soort=soort, status=status, ondertekend_op=None)
    _mag(_rij(plaatsing), soort=soort, status=status, ondertekend_op=timezone.now())


@pytest.mark.parametrize("soort", [Soort.PROEFPLAATSING, Soort.WERKERVARING])
@pytest.mark.parametrize("status", [S.VOORBEREIDING, S.WACHT_OP_HANDTEKENING])
def test_before_the_start_the_overeenkomst_may_wait_for_its_signature(plaatsing, soort, status):
    _mag(_rij(plaatsing), soort=soort, status=status, ondertekend_op=None, akkoord_op=None)


@pytest.mark.parametrize("soort", [Soort.TIJDELIJK, Soort.VAST])
def test_a_contract_runs_at_once_without_a_signature(plaatsing, soort):
    _mag(_rij(plaatsing), soort=soort, status=S.LOPEND, ondertekend_op=None, akkoord_op=None)


def test_a_running_proefplaatsing_has_the_akkoord(plaatsing):
    _weigert(_rij(plaatsing), akkoord_op=None)


def test_a_running_werkervaringsplaats_needs_no_akkoord(plaatsing):
    _mag(_rij(plaatsing), soort=Soort.WERKERVARING, akkoord_op=None)


def _nog_een(plaatsing, **extra):
    return Plaatsing.objects.create(
        voordracht=plaatsing.voordracht, kandidaat=plaatsing.kandidaat, werkgever=plaatsing.werkgever,
        soort=Soort.VAST, status=S.LOPEND, functie=plaatsing.functie, uren_per_week=32,
        startdatum=plaatsing.einddatum + timedelta(days=1), aangemaakt_door=plaatsing.aangemaakt_door, **extra)


def test_one_first_plaatsing_per_voordracht(plaatsing):
    with pytest.raises(IntegrityError), transaction.atomic():
        _nog_een(plaatsing, vorige=None)


def test_a_follow_up_plaatsing_on_the_same_voordracht_is_allowed(plaatsing):
    with transaction.atomic():
        vervolg = _nog_een(plaatsing, vorige=plaatsing)
    assert vervolg.voordracht_id == plaatsing.voordracht_id


def test_the_log_refuses_an_unknown_naar(plaatsing):
    with pytest.raises(IntegrityError), transaction.atomic():
        PlaatsingTransitie.objects.create(plaatsing=plaatsing, van=S.LOPEND, naar="zomaar")


def test_the_log_refuses_an_unknown_van(plaatsing):
    with pytest.raises(IntegrityError), transaction.atomic():
        PlaatsingTransitie.objects.create(plaatsing=plaatsing, van="zomaar", naar=S.AFGEROND)


# --- the state machine helper --------------------------------------------------------------------


def test_the_helper_refuses_a_transition_not_in_the_map_in_dutch(plaatsing, plaatsing_eenmaal):
    rijen = plaatsing.transities.count()
    assert not plaatsing.kan_naar(S.VOORBEREIDING)
    with pytest.raises(ValidationError) as exc:
        overgang(plaatsing, S.VOORBEREIDING, door=plaatsing_eenmaal.accountmanager)
    assert exc.value.messages == ["Een plaatsing met status 'Loopt' kan niet naar 'In voorbereiding'."]
    assert plaatsing.status == S.LOPEND
    assert plaatsing.transities.count() == rijen
