"""A sollicitatie form sent twice at the same moment (a double tap), on PostgreSQL with a connection per thread."""

import threading
import time
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from sollicitaties.models import Sollicitatieactiviteit, Sollicitatieplicht
from sollicitaties.services import activiteit_vastleggen
from tests.gelijktijdig import in_draad, tegelijk
from werkzoekenden.models import Kandidaat
from werkzoekenden.services import dossier_afsluiten

pytestmark = pytest.mark.django_db(transaction=True)


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


def test_a_sollicitatie_sent_while_the_dossier_closes_is_not_taken(wereld_pg):
    """b7ec98a: a closed dossier takes no sollicitatie. The service read that from the kandidaat as the request found
    it: sent while Karin's closing had not committed yet, it was stored in the closed dossier."""
    kandidaat = wereld_pg.kandidaat
    Kandidaat.objects.filter(pk=kandidaat.pk).update(uitkering=Kandidaat.Uitkering.WW)
    kandidaat.refresh_from_db()
    Sollicitatieplicht.objects.create(kandidaat=kandidaat, startdatum=timezone.localdate())
    gesloten = threading.Event()

    def sluiten():
        with transaction.atomic():
            dossier_afsluiten(kandidaat=kandidaat, door=wereld_pg.klantmanager, reden="werk")
            gesloten.set()
            time.sleep(0.5)

    def opslaan():
        gesloten.wait(5)
        activiteit_vastleggen(kandidaat=kandidaat, door=wereld_pg.werkzoekende_user, werkgever="Bakkerij Van Dam",
                              functie="Verkoper", datum=timezone.localdate(), wijze="mail")

    (sluit, sluit_fouten), (sla_op, fouten) = in_draad(sluiten), in_draad(opslaan)
    for draad in (sluit, sla_op):
        draad.join(30)
    assert not sluit_fouten, sluit_fouten
    assert len(fouten) == 1 and isinstance(fouten[0], ValidationError), fouten
    assert not Sollicitatieactiviteit.objects.filter(kandidaat=kandidaat).exists()
