"""Keyset pages and a cursor made by hand: of the right shape (a list of values, as many as the sort keys) but not of
the keys' types. Before, a text where the key is a number (the id) or a moment made the page a 500."""

import pytest
from django.urls import reverse

from klantreis.lib.paginering import codeer_cursor

pytestmark = pytest.mark.django_db

LIJSTEN = [  # url name, who, extra query, number of sort keys
    ("klantmanager_home", "klantmanager", {}, 3),
    ("klantmanager_home", "klantmanager", {"sorteer": "contact"}, 3),
    ("berichten", "klantmanager", {}, 2),
    ("uitnodigen", "klantmanager", {}, 3),
    ("werkgevers_regio", "accountmanager", {}, 2),
    ("nazorg_overzicht", "accountmanager", {}, 2),
    ("nazorg_overzicht", "klantmanager", {}, 2),
]
WAARDEN = {"tekst": "x", "NUL-teken": "a\x00b", "te groot getal": 10 ** 30, "datum als tekst": "2026-99-99"}


@pytest.mark.parametrize(("lijst", "wie", "extra", "sleutels"), LIJSTEN,
                         ids=[f"{naam}{'-' + '-'.join(extra) if extra else ''}" for naam, _w, extra, _s in LIJSTEN])
@pytest.mark.parametrize("waarde", WAARDEN.values(), ids=WAARDEN.keys())
def test_a_hand_made_cursor_gives_a_page_not_an_error(client, wereld, lijst, wie, extra, sleutels, waarde):
    """A value the key cannot hold gives the first page; one it can (a number as a name) a page after or before it,
    as a stale link would."""
    client.force_login(getattr(wereld, wie))
    alle = set(client.get(reverse(lijst), extra).context["blad"].object_list)
    for richting in ("na", "voor"):
        antwoord = client.get(reverse(lijst), {**extra, richting: codeer_cursor([waarde] * sleutels)})
        assert antwoord.status_code == 200
        assert set(antwoord.context["blad"].object_list) <= alle


@pytest.mark.parametrize(("lijst", "wie", "cursor"), [
    ("werkgevers_regio", "accountmanager", ["a\x00b", 1]),
    ("klantmanager_home", "klantmanager", ["a\x00b", "b", 1]),
    ("berichten", "klantmanager", ["2026-01-01T00:00:00+00:00", 1]),
], ids=["werkgevers", "caseload", "inbox-moment-als-tekst"])
def test_a_value_of_the_right_type_that_the_database_refuses_gives_the_first_page(client, wereld, lijst, wie, cursor):
    """A text key with a NUL character: its shape compiles, and psycopg2 refuses the value when it is sent (SQLite
    takes it: a page after it there). And a moment written as text where the key is a moment. The first page, and the
    request's transaction goes on."""
    from django.db import connection

    client.force_login(getattr(wereld, wie))
    eerste = [r.pk for r in client.get(reverse(lijst)).context["blad"].object_list]
    for richting in ("na", "voor"):
        antwoord = client.get(reverse(lijst), {richting: codeer_cursor(cursor)})
        assert antwoord.status_code == 200
        if connection.vendor == "postgresql" or lijst == "berichten":
            assert [r.pk for r in antwoord.context["blad"].object_list] == eerste
