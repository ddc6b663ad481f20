"""Comments for the monitor: within the region (and organisation), the period, and without names."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.tests.factories import regio
from beleving.models import Belevingsvraag, Touchpoint
from beleving.selectors import opmerkingen_voor, zonder_namen
from werkgevers.tests.factories import VacatureFactory
from werkzoekenden.tests.factories import KandidaatFactory

pytestmark = pytest.mark.django_db


def _antwoord(wereld, opmerking, *, touchpoint=Touchpoint.WZ_GESPREK, kandidaat=None, werkgever=None, gebruiker=None,
              op=None, organisatie=None, regio_=None, score=4):
    n = Belevingsvraag.objects.count()
    op = op or timezone.now()
    return Belevingsvraag.objects.create(
        touchpoint=touchpoint, gebruiker=gebruiker, kandidaat=kandidaat, werkgever=werkgever,
        regio=regio_ or wereld.kandidaat.regio, organisatie=organisatie, sleutel=f"t:{n}", token_hash=f"{n:064d}",
        gesteld_op=op - timedelta(hours=1), verloopt_op=op + timedelta(days=14), beantwoord_op=op, score=score,
        opmerking=opmerking)


def test_names_of_the_person_and_the_professionals_become_naam(wereld):
    wereld.met_bemiddeling()
    _antwoord(wereld, "Karin Klant was top, Willem voelde zich gehoord. Anton belde snel. Mail: w@x.nl, 06 12345678",
              kandidaat=wereld.kandidaat, gebruiker=wereld.werkzoekende_user)
    _antwoord(wereld, "Martijn de Heul: van de Vecht paste goed, dank aan anton account!",
              touchpoint=Touchpoint.WG_VOORDRACHTEN, werkgever=wereld.werkgever, gebruiker=wereld.werkgever_user)
    vandaag = timezone.localdate()
    [wz, wg] = opmerkingen_voor(wereld.kandidaat.regio, van=vandaag, tot=vandaag)
    assert wz == "[naam] was top, [naam] voelde zich gehoord. [naam] belde snel. Mail: [e-mail], [telefoon]"
    assert wg == "[naam]: [naam] paste goed, dank aan [naam]!"
    assert wz.touchpoint == Touchpoint.WZ_GESPREK and wz.score == 4
    # A tussenvoegsel alone stays a word: "van de" in a sentence is no name.
    assert zonder_namen("Ik kom van de Betuwe", ["Willem van de Vecht"]) == "Ik kom van de Betuwe"


def test_only_the_region_organisation_and_period_asked_for(wereld):
    andere = regio("AM29")
    nu = timezone.now()
    _antwoord(wereld, "binnen", op=nu, organisatie=wereld.klantmanager.organisatie)
    _antwoord(wereld, "andere organisatie", op=nu)
    _antwoord(wereld, "andere regio", op=nu, regio_=andere)
    _antwoord(wereld, "te vroeg", op=nu - timedelta(days=40), organisatie=wereld.klantmanager.organisatie)
    _antwoord(wereld, "", op=nu, organisatie=wereld.klantmanager.organisatie)  # no comment: not a line
    vandaag = timezone.localdate()
    van = vandaag - timedelta(days=30)
    assert opmerkingen_voor(wereld.kandidaat.regio, wereld.klantmanager.organisatie, van=van, tot=vandaag) == ["binnen"]
    assert sorted(opmerkingen_voor(wereld.kandidaat.regio, van=van, tot=vandaag)) == ["andere organisatie", "binnen"]


def test_query_count_does_not_grow_with_the_comments(wereld):
    wereld.met_bemiddeling()
    vandaag = timezone.localdate()

    def tel():
        with CaptureQueriesContext(connection) as ctx:
            opmerkingen_voor(wereld.kandidaat.regio, van=vandaag, tot=vandaag)
        return len(ctx)

    _antwoord(wereld, "een", kandidaat=wereld.kandidaat, gebruiker=wereld.werkzoekende_user)
    _antwoord(wereld, "twee", touchpoint=Touchpoint.WG_NAZORG, werkgever=wereld.werkgever)
    klein = tel()
    for _ in range(10):
        k = KandidaatFactory(klantmanager=wereld.klantmanager)
        _antwoord(wereld, "nog een", kandidaat=k)
        VacatureFactory(werkgever=wereld.werkgever)
    groot = tel()
    # the answers (+person, kandidaat, klantmanager, werkgever, accountmanager), klantmanager history, voordrachten
    # of the kandidaten and those at the werkgevers (+kandidaat, klantmanager, accountmanager, werkgever; two
    # lists), accountmanager history, werkgever's people
    assert klein == groot == 6


def test_the_newest_comments_read_only_those_not_the_whole_period(wereld):
    """The monitor shows the newest 50 comments of a region's months. Before, every comment of the period was read
    and stripped of names (with the dossiers of all their people), and all but 50 thrown away."""
    from klantreis.lib.paginering import PER_PAGINA
    from tests.plannen import leest_hoogstens

    nu = timezone.now()
    alle = [_antwoord(wereld, f"opmerking {i}", kandidaat=KandidaatFactory(klantmanager=wereld.klantmanager),
                      op=nu - timedelta(hours=i)) for i in range(4 * PER_PAGINA)]
    vandaag = timezone.localdate()
    van = vandaag - timedelta(days=30)
    with CaptureQueriesContext(connection) as queries:
        nieuwste = opmerkingen_voor(wereld.kandidaat.regio, van=van, tot=vandaag, laatste=PER_PAGINA)
    # Oldest first, as without a limit: the newest PER_PAGINA of them.
    assert nieuwste == [str(v.opmerking) for v in reversed(alle[:PER_PAGINA])]
    assert opmerkingen_voor(wereld.kandidaat.regio, van=van, tot=vandaag)[-PER_PAGINA:] == nieuwste
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE beleving_belevingsvraag")
        leest_hoogstens(queries, "beleving_belevingsvraag", 2 * PER_PAGINA)
