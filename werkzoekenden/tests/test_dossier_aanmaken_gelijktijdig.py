"""The new-dossier form sent twice at the same moment (a double tap), on PostgreSQL with a connection per thread."""

import uuid

import pytest

from tests.gelijktijdig import tegelijk
from werkzoekenden.models import Kandidaat
from werkzoekenden.services import dossier_aanmaken

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_new_dossier_form_sent_twice_at_once_is_one_dossier(wereld_pg):
    """The klantmanager's own row, locked, makes the second wait; it then finds the dossier the first one made
    with the same form's key."""
    sleutel = uuid.uuid4()

    def aanmaken():
        dossier_aanmaken(door=wereld_pg.klantmanager, voornaam="Dubbel", achternaam="Tik",
                         postcode=wereld_pg.kandidaat.postcode, uitkering="bijstand", email="dubbel.tik@example.nl",
                         formuliersleutel=sleutel)

    fouten = tegelijk([aanmaken, aanmaken])
    assert not fouten, fouten
    assert Kandidaat.objects.filter(achternaam="Tik").count() == 1
