"""The voordracht rules hold in the database too: each test writes a row that breaks one rule past the
services (``update``/``create``) and expects the database to refuse it; its twin writes the allowed row, so the
refusal is about that rule and nothing else. Runs on SQLite and PostgreSQL."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from bemiddeling.models import Voordracht, VoordrachtTransitie
from klantreis.lib.toestanden import overgang

pytestmark = pytest.mark.django_db

S = Voordracht.Status


@pytest.fixture
def voordracht(wereld):
    """Willem's voordracht with a gesprek planned (through the services)."""
    voordracht = wereld.met_bemiddeling().voordracht
    voordracht.refresh_from_db()
    return voordracht


def _weigert(queryset, **waarden):
    with pytest.raises(IntegrityError), transaction.atomic():
        queryset.update(**waarden)


def _rij(voordracht):
    return Voordracht.objects.filter(pk=voordracht.pk)


def test_status_outside_the_choices_is_refused(voordracht):
    _weigert(_rij(voordracht), status="zomaar")


def test_every_status_of_the_choices_is_accepted(voordracht):
    for status in S.values:
        with transaction.atomic():
            _rij(voordracht).update(status=status, reden=Voordracht.Reden.ANDERS)
        assert _rij(voordracht).get().status == status


def test_reden_outside_the_choices_is_refused(voordracht):
    _weigert(_rij(voordracht), reden="geen_zin")


@pytest.mark.parametrize("status", [S.NIET_PASSEND, S.AFGEWEZEN])
def test_a_refusal_without_a_reason_is_refused(voordracht, status):
    _weigert(_rij(voordracht), status=status, reden="")
    with transaction.atomic():
        _rij(voordracht).update(status=status, reden=Voordracht.Reden.TAAL)
    assert _rij(voordracht).get().status == status


@pytest.mark.parametrize("status", [S.INGETROKKEN, S.ELDERS_GEPLAATST, S.ZONDER_TOESTEMMING, S.AANGENOMEN])
def test_other_endings_need_no_reason(voordracht, status):
    with transaction.atomic():
        _rij(voordracht).update(status=status, reden="")
    assert _rij(voordracht).get().status == status


def test_the_log_refuses_an_unknown_naar(voordracht):
    with pytest.raises(IntegrityError), transaction.atomic():
        VoordrachtTransitie.objects.create(voordracht=voordracht, van=S.GESPREK_GEPLAND, naar="zomaar")


def test_the_log_refuses_an_unknown_van(voordracht):
    with pytest.raises(IntegrityError), transaction.atomic():
        VoordrachtTransitie.objects.create(voordracht=voordracht, van="zomaar", naar=S.AANGENOMEN)


def test_the_log_accepts_a_first_row_from_nothing(voordracht):
    with transaction.atomic():
        VoordrachtTransitie.objects.create(voordracht=voordracht, van="", naar=S.VOORGEDRAGEN)


# --- the state machine helper --------------------------------------------------------------------


def test_the_helper_refuses_a_transition_not_in_the_map_in_dutch(voordracht, wereld):
    _rij(voordracht).update(status=S.AANGENOMEN)
    voordracht.refresh_from_db()
    rijen = voordracht.transities.count()
    assert not voordracht.kan_naar(S.UITGENODIGD)
    with pytest.raises(ValidationError) as exc:
        overgang(voordracht, S.UITGENODIGD, door=wereld.accountmanager)
    assert exc.value.messages == ["Een voordracht met status 'Aangenomen' kan niet naar 'Uitgenodigd'."]
    assert voordracht.status == S.AANGENOMEN
    assert voordracht.transities.count() == rijen


def test_the_helper_moves_and_logs_a_transition_in_the_map(voordracht):
    """The system (door=None) closes a voordracht whose consent was withdrawn."""
    rij = overgang(voordracht, S.ZONDER_TOESTEMMING, door=None, toelichting="x" * 600)
    assert voordracht.status == S.ZONDER_TOESTEMMING
    assert (rij.van, rij.naar, rij.door, len(rij.toelichting)) == (S.GESPREK_GEPLAND, S.ZONDER_TOESTEMMING, None, 500)
