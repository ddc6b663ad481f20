"""A sollicitatie form sent twice at the same moment (a double tap), on PostgreSQL with a connection per thread."""

import uuid

import pytest
from django.db import connection
from django.utils import timezone

from sollicitaties.models import Sollicitatieactiviteit, Sollicitatieplicht
from sollicitaties.services import activiteit_vastleggen
from tests.gelijktijdig import tegelijk
from werkzoekenden.models import Kandidaat

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def wereld_pg():
    if connection.vendor != "postgresql":
        pytest.skip("gelijktijdigheid wordt op PostgreSQL getest (DATABASE_URL=postgres://...)")
    from conftest import Wereld
    return Wereld()


def test_the_first_sollicitatie_sent_twice_at_once_is_stored_once_without_an_error(wereld_pg):
    """Her very first sollicitatie (WW, no plicht row yet to lock): both requests made the standard plicht and the
    second failed on the one-to-one constraint, a 500. Now the second waits and finds the first's activity."""
    kandidaat = wereld_pg.kandidaat
    Kandidaat.objects.filter(pk=kandidaat.pk).update(uitkering=Kandidaat.Uitkering.WW)
    kandidaat.refresh_from_db()
    assert not Sollicitatieplicht.objects.filter(kandidaat=kandidaat).exists()
    sleutel = uuid.uuid4()

    def opslaan():
        activiteit_vastleggen(kandidaat=kandidaat, door=wereld_pg.werkzoekende_user, werkgever="Bakkerij Van Dam",
                              functie="Verkoper", datum=timezone.localdate(), wijze="mail", formuliersleutel=sleutel)

    fouten = tegelijk([opslaan, opslaan])
    assert not fouten, fouten
    assert Sollicitatieactiviteit.objects.filter(kandidaat=kandidaat).count() == 1
    assert Sollicitatieplicht.objects.get(kandidaat=kandidaat).gedaan == 1


def test_two_first_sollicitaties_at_once_both_count(wereld_pg):
    """Two different forms (two keys) at the same moment: both stored, one plicht, counted twice."""
    kandidaat = wereld_pg.kandidaat
    Kandidaat.objects.filter(pk=kandidaat.pk).update(uitkering=Kandidaat.Uitkering.WW)
    kandidaat.refresh_from_db()

    def opslaan():
        activiteit_vastleggen(kandidaat=kandidaat, door=wereld_pg.werkzoekende_user, werkgever="Bakkerij Van Dam",
                              functie="Verkoper", datum=timezone.localdate(), wijze="mail",
                              formuliersleutel=uuid.uuid4())

    fouten = tegelijk([opslaan, opslaan])
    assert not fouten, fouten
    assert Sollicitatieactiviteit.objects.filter(kandidaat=kandidaat).count() == 2
    assert Sollicitatieplicht.objects.get(kandidaat=kandidaat).gedaan == 2
