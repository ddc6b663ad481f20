"""The dossier is a fifth of all pages the load run asks (docs/benchmarks.md): what it reads, it reads once."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from beroepen.models import Beroep
from beroepen.tests.factories import BeroepFactory
from conftest import ontbreekt
from matching import selectors as matching_selectors
from matching.tests.test_gewichten_admin import Klok
from werkzoekenden.services import gewenst_beroep_toevoegen

pytestmark = pytest.mark.django_db

# A read of the kandidaat's own columns (the page's and the profile's both hold the postcode; the counts of "Waar sta
# ik?" select from the same table, but none of its columns).
UIT_KANDIDAAT = re.compile(r'^SELECT [^()]*"werkzoekenden_kandidaat"\."postcode".*? FROM "werkzoekenden_kandidaat"',
                           re.DOTALL)


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in ctx.captured_queries]


def _wensen(wereld):
    """Three wishes, added out of order; their names as the page should list them: in the order of Beroep (by name,
    as the database sorts)."""
    beroepen = [BeroepFactory(naam=naam) for naam in ("vrachtwagenchauffeur", "Bakkerijmedewerker",
                                                       "assemblagemedewerker")]
    for beroep in beroepen:
        gewenst_beroep_toevoegen(kandidaat=wereld.kandidaat, door=wereld.klantmanager, beroep=beroep)
    return "<dt>Beroepen</dt><dd>" + ", ".join(Beroep.objects.filter(
        pk__in=[b.pk for b in beroepen]).values_list("naam", flat=True)) + "</dd>"


def test_the_dossier_reads_the_kandidaat_once_with_the_profile_for_matching_in_the_same_row(client, wereld):
    """The page read the kandidaat for itself, then again (by primary key, with the ids of skills and wishes as
    arrays) as the profile for "Vacatures die passen", and the wished beroepen a third time. On PostgreSQL the one
    read of the page now brings the arrays along: the profile and the names of the wishes need no query."""
    if connection.vendor != "postgresql":
        ontbreekt("PostgreSQL nodig: de koppelingen als arrays in de rij")
    wensen = _wensen(wereld)
    client.force_login(wereld.klantmanager)
    url = reverse("dossier", args=[wereld.kandidaat.pk])
    client.get(url)
    html, sqls = _queries(client, url)
    assert len([s for s in sqls if UIT_KANDIDAAT.match(s)]) == 1, sqls
    assert not [s for s in sqls if '"matching_beroep"' in s], sqls
    assert wensen in html  # as before: by name (the order of Beroep), each once


@pytest.mark.parametrize("rol", ["klantmanager", "werkzoekende_user"])
def test_the_wished_beroepen_on_the_dossier_for_both_sides(client, wereld, rol):
    """The werkzoekende sees their own dossier without the matches: the wishes come from the same row (PostgreSQL)
    or are read (SQLite), in the same order."""
    wensen = _wensen(wereld)
    client.force_login(getattr(wereld, rol))
    html, _sqls = _queries(client, reverse("dossier", args=[wereld.kandidaat.pk]))
    assert wensen in html and wensen.count(",") == 2
    wereld.kandidaat.gewenste_beroepen.clear()
    html, _sqls = _queries(client, reverse("dossier", args=[wereld.kandidaat.pk]))
    assert "<dt>Beroepen</dt><dd>-</dd>" in html


def test_the_dossier_does_not_read_the_matching_weights_on_every_visit(client, wereld, monkeypatch):
    monkeypatch.setattr(matching_selectors, "time", Klok())  # within GEWICHTEN_GELDIG_SECONDEN, however slow
    client.force_login(wereld.klantmanager)
    url = reverse("dossier", args=[wereld.kandidaat.pk])
    _html, eerste = _queries(client, url)
    _html, tweede = _queries(client, url)
    assert [s for s in eerste if '"matching_matchgewichten"' in s]
    assert not [s for s in tweede if '"matching_matchgewichten"' in s], tweede
