"""Invitations sent at the same moment (two tabs, two colleagues): the daily limit holds and one new address gets one
account. Real concurrency on PostgreSQL: each thread has its own connection and keeps its transaction open a while
after inviting, so the other runs while the first still holds its lock."""

import pytest
from django.core.exceptions import ValidationError

from accounts.models import Collegauitnodiging, User
from tests.gelijktijdig import tegelijk
from werkgevers.services import collega_uitnodigen
from werkgevers.tests.factories import WerkgeverUserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _tegelijk(taken):
    return tegelijk(taken, vang=ValidationError)


def test_two_tabs_cannot_both_send_the_last_invitation_of_the_day(wereld_pg, settings):
    settings.LIMIET_UITNODIGINGEN_PER_DAG = 2
    martijn, werkgever = wereld_pg.werkgever_user, wereld_pg.werkgever
    collega_uitnodigen(werkgever=werkgever, door=martijn, email="een@example.nl", voornaam="Een", achternaam="E")
    fouten = _tegelijk([
        lambda: collega_uitnodigen(werkgever=werkgever, door=martijn, email="twee@example.nl", voornaam="Twee",
                                   achternaam="T"),
        lambda: collega_uitnodigen(werkgever=werkgever, door=martijn, email="drie@example.nl", voornaam="Drie",
                                   achternaam="D"),
    ])
    assert len(fouten) == 1 and "U heeft vandaag al 2 uitnodigingen verstuurd" in fouten[0].messages[0]
    assert Collegauitnodiging.objects.filter(door=martijn).count() == 2


def test_two_colleagues_inviting_one_new_address_make_one_account(wereld_pg):
    werkgever = wereld_pg.werkgever
    ria = WerkgeverUserFactory(werkgever=werkgever)
    fouten = _tegelijk([
        lambda door=door: collega_uitnodigen(werkgever=werkgever, door=door, email="piet@deheul.example.nl",
                                             voornaam="Piet", achternaam="de Boer")
        for door in (wereld_pg.werkgever_user, ria)
    ])
    assert fouten == []
    assert User.objects.filter(email="piet@deheul.example.nl").count() == 1
    assert Collegauitnodiging.objects.filter(email="piet@deheul.example.nl").count() == 2
