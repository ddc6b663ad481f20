"""The last place of a startmoment goes to one person, however many ask at the same moment (PostgreSQL: the
startmoment row is locked while the places are counted)."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from conftest import Wereld, ontbreekt
from ondersteuning import services
from ondersteuning.models import Aanvraag
from ondersteuning.tests.factories import StartmomentFactory
from werkzoekenden.tests.factories import KandidaatFactory

pytestmark = pytest.mark.django_db(transaction=True)
MENSEN = 6


def _tegelijk(functie, argumenten):
    """Run ``functie(arg)`` for every argument in its own thread (own connection), all released at once."""
    start = threading.Barrier(len(argumenten))
    uitkomsten = []

    def draai(arg):
        try:
            start.wait()
            functie(arg)
            uitkomsten.append("gelukt")
        except ValidationError as exc:
            uitkomsten.append(" ".join(exc.messages))
        finally:
            connection.close()

    draden = [threading.Thread(target=draai, args=(a,)) for a in argumenten]
    for d in draden:
        d.start()
    for d in draden:
        d.join()
    return uitkomsten


@pytest.fixture
def traag_tellen(monkeypatch):
    """Widen the window between counting the places and writing the request, so that without the row lock
    several people would see the same free place (this makes the test fail if the lock goes)."""
    echt = services.bezet

    def bezet(startmoment):
        aantal = echt(startmoment)
        time.sleep(0.3)
        return aantal

    monkeypatch.setattr(services, "bezet", bezet)


def test_six_people_asking_at_once_for_two_places_get_two_places(traag_tellen):
    if connection.vendor != "postgresql":
        ontbreekt("PostgreSQL nodig voor rijvergrendeling")
    wereld = Wereld()
    start = StartmomentFactory(capaciteit=2)
    kandidaten = [KandidaatFactory(klantmanager=wereld.klantmanager) for _ in range(MENSEN)]

    def vraag(kandidaat):
        services.aanvraag_indienen(kandidaat=kandidaat, door=wereld.klantmanager, traject=start.traject,
                                   startmoment=start)

    uitkomsten = _tegelijk(vraag, kandidaten)
    assert uitkomsten.count("gelukt") == 2, uitkomsten
    assert all("vol" in u for u in uitkomsten if u != "gelukt")
    assert Aanvraag.objects.filter(startmoment=start).count() == 2


def test_one_person_clicking_twice_at_once_makes_one_request():
    if connection.vendor != "postgresql":
        ontbreekt("PostgreSQL nodig")
    wereld = Wereld()
    start = StartmomentFactory(capaciteit=None)

    def vraag(_i):
        services.aanvraag_indienen(kandidaat=wereld.kandidaat, door=wereld.werkzoekende_user, traject=start.traject,
                                   startmoment=start)

    uitkomsten = _tegelijk(vraag, range(4))
    assert uitkomsten.count("gelukt") == 1, uitkomsten
    assert Aanvraag.objects.filter(kandidaat=wereld.kandidaat).count() == 1
