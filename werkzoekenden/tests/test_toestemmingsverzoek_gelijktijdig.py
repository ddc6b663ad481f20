"""Saying yes to a consent question while the klantmanager closes the dossier, on PostgreSQL with a connection per
thread: the two took the kandidaat and the question in opposite order and deadlocked."""

import threading
import time

import pytest
from django.db import transaction

from tests.gelijktijdig import in_draad
from werkgevers.tests.factories import VacatureFactory
from werkzoekenden.models import Toestemming, ToestemmingVerzoek
from werkzoekenden.services import dossier_afsluiten, toestemming_verzoek_beantwoorden, toestemming_vragen
from werkzoekenden.tests.factories import ToestemmingFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_yes_to_a_question_while_the_dossier_closes_does_not_deadlock(wereld_pg):
    """Karin closes Willem's dossier (it locks the dossier, ends his consents, then lets his open question lapse)
    while Willem taps "Ja, dat mag" (it locked the question, then the dossier): each waited for the other, and
    PostgreSQL broke one off ("deadlock detected"), a server error for Karin or Willem. Now both take the dossier
    first: the yes waits for the closing and finds the question lapsed."""
    kandidaat = wereld_pg.kandidaat
    verzoek = toestemming_vragen(kandidaat=kandidaat, vacature=VacatureFactory(werkgever=wereld_pg.werkgever),
                                 door=wereld_pg.accountmanager, delen=["profiel", "cv"])
    vindbaar = ToestemmingFactory(kandidaat=kandidaat, doel=Toestemming.Doel.VINDBAAR, werkgever=None)
    vast, ja_begonnen = threading.Event(), threading.Event()

    def consent_vasthouden():
        # Someone else writing to one of his consents holds the closing up while it holds the dossier.
        with transaction.atomic():
            Toestemming.objects.select_for_update().get(pk=vindbaar.pk)
            vast.set()
            ja_begonnen.wait(5)
            time.sleep(0.5)  # the yes has taken what it takes before it waits

    def sluiten():
        vast.wait(5)
        dossier_afsluiten(kandidaat=kandidaat, door=wereld_pg.klantmanager, reden="werk")

    def ja():
        vast.wait(5)
        time.sleep(0.3)  # the closing holds the dossier by now, waiting for the consent
        ja_begonnen.set()
        toestemming_verzoek_beantwoorden(verzoek=verzoek, door=wereld_pg.werkzoekende_user, ja=True)

    draden = [in_draad(consent_vasthouden), in_draad(sluiten), in_draad(ja)]
    for draad, _fouten in draden:
        draad.join(30)
    fouten = [f for _draad, lijst in draden for f in lijst]
    assert not [f for f in fouten if "deadlock" in str(f)], fouten
    kandidaat.refresh_from_db()
    assert kandidaat.afgesloten_op is not None
    verzoek.refresh_from_db()
    assert verzoek.status == ToestemmingVerzoek.Status.VERVALLEN
    assert not Toestemming.objects.filter(kandidaat=kandidaat, ingetrokken_op__isnull=True).exists()
