"""``manage.py referentiedata_laden`` again on a loaded database (what ``make run`` does at every start): it writes
only what differs from the files. It rewrote all 4,086 postcode areas and 342 gemeenten each time: 4 of the 6 s."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Arbeidsmarktregio, Gemeente, Postcodegebied
from accounts.selectors import regio_met_wsp

pytestmark = pytest.mark.django_db


def _geschreven(queries, tabellen):
    return [q["sql"] for q in queries.captured_queries
            if q["sql"].startswith(("UPDATE", "INSERT", "DELETE")) and any(f'"{t}"' in q["sql"] for t in tabellen)]


def test_loading_the_same_files_again_writes_no_region_gemeente_or_postcode_and_a_change_is_put_back(esco):
    tabellen = ("accounts_arbeidsmarktregio", "accounts_gemeente", "accounts_postcodegebied")
    aantallen = (Arbeidsmarktregio.objects.count(), Gemeente.objects.count(), Postcodegebied.objects.count())
    assert aantallen == (35, 342, 4086)  # the data migrations loaded them
    uit = StringIO()
    with CaptureQueriesContext(connection) as queries:
        call_command("referentiedata_laden", stdout=uit)
    assert _geschreven(queries, tabellen) == []
    assert "35 arbeidsmarktregio's, 342 gemeenten en 4086 postcodegebieden geladen." in uit.getvalue()

    # Something changed by hand (or an older release of the files): loaded again, it is what the files say.
    arnhem = Gemeente.objects.get(naam="Arnhem")
    regio = arnhem.regio
    Gemeente.objects.filter(pk=arnhem.pk).update(lat=0.0, provincie="Nergens")
    Postcodegebied.objects.filter(pc4="6811").update(woonplaatsen="Ergens")
    Arbeidsmarktregio.objects.filter(pk=regio.pk).update(naam="Oude naam")
    with CaptureQueriesContext(connection) as queries:
        call_command("referentiedata_laden", stdout=StringIO())
    assert len(_geschreven(queries, tabellen)) == 3
    arnhem.refresh_from_db()
    regio.refresh_from_db()
    assert arnhem.provincie == "Gelderland" and 51.9 < arnhem.lat < 52.1
    assert Postcodegebied.objects.get(pc4="6811").woonplaatsen == "Arnhem"
    assert regio.naam == "Midden-Gelderland"
    assert (Arbeidsmarktregio.objects.count(), Gemeente.objects.count(), Postcodegebied.objects.count()) == aantallen



def test_gemeenten_are_listed_as_a_dutch_reader_looks_for_them():
    """"'s-Gravenhage" and "'s-Hertogenbosch" stood above every other name, under the apostrophe."""
    alle = list(Gemeente.objects.values_list("naam", flat=True))  # every list of gemeenten, the admin's selects too
    assert alle == sorted(alle, key=lambda naam: naam.removeprefix("'s-").lower()) and alle[0] != "'s-Gravenhage"
    assert alle.index("Gouda") < alle.index("'s-Gravenhage") < alle.index("Groningen")
    haaglanden = [g.naam for g in regio_met_wsp("AM21").gemeenten.all()]  # the public page of the region
    assert haaglanden.index("'s-Gravenhage") == haaglanden.index("Delft") + 1
