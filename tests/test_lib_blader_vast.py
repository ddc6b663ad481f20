"""klantreis.lib.paginering.blader_vast: keyset pages with SQL compiled once per process give, for any values and any
cursor, the page ``blader`` gives for the same queryset; a hand-made cursor gives the first page, never an error."""

import random
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from klantreis.lib.paginering import blader, blader_vast, codeer_cursor
from outbox.models import Mail
from tests.gebouwd import gebouwde_queries

pytestmark = pytest.mark.django_db

VOLGORDES = [["-aangemaakt_op", "-pk"], ["onderwerp", "aangemaakt_op", "pk"], ["pogingen", "-pk"]]


@pytest.fixture
def mails():
    """Mails with many ties in each sort key, so that a page boundary falls inside a run of equal values."""
    rng = random.Random(11)
    nu = timezone.now().replace(microsecond=0)
    Mail.objects.bulk_create(
        Mail(message_id=f"{nr:032d}", aan=f"{nr}@voorbeeld.nl", onderwerp=rng.choice(["A", "B", "C"]), template="t",
             context={}, tekst="", aangemaakt_op=nu - timedelta(minutes=rng.randrange(6)), pogingen=rng.randrange(3),
             status=rng.choice([Mail.Status.WACHT, Mail.Status.MISLUKT]), volgende_poging_op=nu)
        for nr in range(40))
    return nu


def _bouw(pogingen, status):
    return Mail.objects.exclude(status=status).filter(pogingen__in=pogingen)


def _vast(verzoek, volgorde, pogingen, status):
    return blader_vast(verzoek, "test.mails", _bouw, volgorde, per_pagina=4, pogingen=pogingen, status=status)


def _zelfde(a, b):
    return ([m.pk for m in a.object_list], a.vorige, a.volgende, a.is_eerste) == (
        [m.pk for m in b.object_list], b.vorige, b.volgende, b.is_eerste)


@pytest.mark.parametrize("volgorde", VOLGORDES, ids=["moment", "tekst", "getal"])
def test_every_page_there_and_back_is_the_page_blader_gives(mails, volgorde):
    rf = RequestFactory()
    for pogingen, status in (([0, 1, 2], "geen"), ([0, 1], Mail.Status.WACHT), ([2], Mail.Status.MISLUKT)):
        alle = list(_bouw(pogingen, status).order_by(*volgorde))
        assert len(alle) > 4  # more than one page
        gezien, verder = [], {}
        while True:
            blad = _vast(rf.get("/", verder), volgorde, pogingen, status)
            assert _zelfde(blad, blader(rf.get("/", verder), _bouw(pogingen, status), volgorde, per_pagina=4))
            gezien += blad.object_list
            if blad.volgende is None:
                break
            verder = {"na": blad.volgende}
        assert gezien == alle
        terug = blad.object_list
        while blad.vorige is not None:  # back from the last page
            verzoek = {"voor": blad.vorige}
            blad = _vast(rf.get("/", verzoek), volgorde, pogingen, status)
            assert _zelfde(blad, blader(rf.get("/", verzoek), _bouw(pogingen, status), volgorde, per_pagina=4))
            terug = blad.object_list + terug
        assert blad.is_eerste and terug == alle


def test_back_pages_are_the_pages_blader_gives(mails):
    rf = RequestFactory()
    volgorde = ["-aangemaakt_op", "-pk"]
    pogingen = [0, 1, 2]
    alle = list(_bouw(pogingen, "geen").order_by(*volgorde))
    for i in range(len(alle)):  # the page before every row
        cursor = codeer_cursor([alle[i].aangemaakt_op, alle[i].pk])
        vast = _vast(rf.get("/", {"voor": cursor}), volgorde, pogingen, "geen")
        assert _zelfde(vast, blader(rf.get("/", {"voor": cursor}), _bouw(pogingen, "geen"), volgorde, per_pagina=4))
        assert vast.object_list == alle[max(0, i - 4):i]
        assert vast.is_eerste == (i <= 4)


def test_compiled_once_then_one_query_per_page(mails, monkeypatch):
    rf = RequestFactory()
    volgorde = ["-aangemaakt_op", "-pk"]
    eerste = _vast(rf.get("/"), volgorde, [0, 1, 2], Mail.Status.MISLUKT)
    _vast(rf.get("/", {"na": eerste.volgende}), volgorde, [0, 1, 2], Mail.Status.MISLUKT)
    _vast(rf.get("/", {"voor": eerste.volgende}), volgorde, [0, 1, 2], Mail.Status.MISLUKT)
    gebouwd = gebouwde_queries(monkeypatch)
    with CaptureQueriesContext(connection) as queries:
        blad = _vast(rf.get("/"), volgorde, [0, 1], Mail.Status.WACHT)
        verder = _vast(rf.get("/", {"na": blad.volgende}), volgorde, [0, 1], Mail.Status.WACHT)
        _vast(rf.get("/", {"voor": verder.vorige}), volgorde, [0, 1], Mail.Status.WACHT)
    assert gebouwd == [] and len(queries) == 3
    assert blad.object_list == list(_bouw([0, 1], Mail.Status.WACHT).order_by(*volgorde)[:4])


HANDGEMAAKT = {  # values no key of ours holds: the first page
    "NUL-teken": "a\x00b",
    "te groot getal": 10 ** 30,
    "net te groot voor bigint": 2 ** 63,
    "moment zonder tijdzone": datetime(2026, 1, 1, 12, 0),
    "waar/onwaar": True,
    "datum als tekst": "2026-99-99",
    "tekst": "x",
}


@pytest.mark.parametrize("waarde", HANDGEMAAKT.values(), ids=HANDGEMAAKT.keys())
@pytest.mark.parametrize("richting", ["na", "voor"])
def test_a_hand_made_cursor_gives_the_first_page(mails, waarde, richting):
    rf = RequestFactory()
    volgorde = ["-aangemaakt_op", "-pk"]
    pogingen = [0, 1, 2]
    eerste = _vast(rf.get("/"), volgorde, pogingen, "geen")
    blad = _vast(rf.get("/", {richting: codeer_cursor([waarde, waarde])}), volgorde, pogingen, "geen")
    assert _zelfde(blad, eerste)


def test_a_number_where_a_text_is_sorted_gives_a_page_not_an_error(mails):
    """A stale or hand-made link whose values the keys can hold (a number as a subject) gives a page of the list."""
    rf = RequestFactory()
    volgorde = ["onderwerp", "aangemaakt_op", "pk"]
    pogingen = [0, 1, 2]
    alle = set(_bouw(pogingen, "geen"))
    for richting in ("na", "voor"):
        blad = _vast(rf.get("/", {richting: codeer_cursor([5, timezone.now(), 5])}), volgorde, pogingen, "geen")
        assert set(blad.object_list) <= alle


def test_an_empty_list_is_refused():
    with pytest.raises(ValueError, match="lege lijst"):
        _vast(RequestFactory().get("/"), ["-aangemaakt_op", "-pk"], [], "geen")


@pytest.mark.parametrize("cursor", [
    [timezone.now(), 2 ** 63], [timezone.now(), -(2 ** 63)], [datetime(2099, 1, 1), 1],
], ids=["id-groter-dan-bigint", "id-kleiner-dan-bigint", "moment-zonder-tijdzone"])
def test_a_cursor_a_key_could_not_have_written_gives_the_first_page(mails, cursor):
    """A moment and a number, as the keys hold them, but a number beyond a bigint or a moment without its time zone:
    no row of ours has such a key, so the link was made by hand. Before, PostgreSQL compared the id as a numeric
    (and walked no index); the naive moment was read in the server's time zone."""
    rf = RequestFactory()
    volgorde = ["-aangemaakt_op", "-pk"]
    eerste = _vast(rf.get("/"), volgorde, [0, 1, 2], "geen")
    for richting in ("na", "voor"):
        assert _zelfde(_vast(rf.get("/", {richting: codeer_cursor(cursor)}), volgorde, [0, 1, 2], "geen"), eerste)
        assert _zelfde(blader(rf.get("/", {richting: codeer_cursor(cursor)}), _bouw([0, 1, 2], "geen"), volgorde,
                              per_pagina=4), eerste)


@pytest.mark.parametrize("waarde", [40_000, 2**31, -(2**31) - 1],
                         ids=["buiten-smallint", "buiten-integer", "onder-integer"])
def test_a_number_beyond_a_narrow_key_gives_the_first_page_also_once_prepared(mails, waarde):
    """A hand-made cursor whose number a small integer column cannot hold (``pogingen``), after the connection has
    run the shape often enough to prepare it (klantreis/lib/postgresql: PostgreSQL then types the parameter as the
    column and refuses the number, which aborted the request's transaction)."""
    rf = RequestFactory()
    volgorde = ["pogingen", "-pk"]
    eerste = _vast(rf.get("/"), volgorde, [0, 1, 2], "geen")
    for _ in range(6):  # prepared from the third run on
        _vast(rf.get("/", {"na": eerste.volgende}), volgorde, [0, 1, 2], "geen")
    for richting in ("na", "voor"):
        blad = _vast(rf.get("/", {richting: codeer_cursor([waarde, 1])}), volgorde, [0, 1, 2], "geen")
        if connection.vendor == "postgresql":
            assert _zelfde(blad, eerste)
        else:  # SQLite holds any large number in an integer column: the page after (or before) it; no negative one
            alle = list(_bouw([0, 1, 2], "geen").order_by(*volgorde))
            verwacht = {("na", True): [], ("voor", True): alle[-4:], ("na", False): alle[:4],
                        ("voor", False): alle[:4]}
            assert blad.object_list == verwacht[richting, waarde > 0]
    assert Mail.objects.count() == 40  # the transaction is still usable
