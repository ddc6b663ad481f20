"""Loading ESCO: every skill, Dutch where ESCO has it, English (marked) where it does not."""

import csv
import gzip
import shutil
from collections import Counter
from itertools import islice

import pytest
from django.db import connection

from beroepen import referentiedata
from beroepen.models import Beroep, BeroepVaardigheid, Vaardigheid
from beroepen.referentiedata import laad_beroepen_en_vaardigheden
from beroepen.selectors import vaardigheden_zoeken
from beroepen.tests.factories import BeroepFactory, VaardigheidFactory
from conftest import ontbreekt

pytestmark = pytest.mark.django_db

MUSICAL_STAFF = "http://data.europa.eu/esco/skill/0005c151-5b5a-4a66-8aac-60e734beb1ab"  # no Dutch label


def test_every_esco_skill_is_loaded_english_ones_marked_and_findable():
    beroepen, vaardigheden, relaties = laad_beroepen_en_vaardigheden()
    # Before: 7,097 skills (only those with a Dutch label), 42% of essential skills unknown.
    assert vaardigheden == Vaardigheid.objects.count() == 14028
    assert Vaardigheid.objects.filter(alleen_engels=False).count() == 7097
    engels = Vaardigheid.objects.get(uri=MUSICAL_STAFF)
    assert engels.naam == engels.naam_en == "manage musical staff" and engels.alleen_engels
    assert str(engels) == "manage musical staff (Engels)"
    nederlands = Vaardigheid.objects.filter(alleen_engels=False).exclude(naam_en="").first()
    assert str(nederlands) == nederlands.naam != nederlands.naam_en
    # Real occupations now know all their essential skills that ESCO links.
    assert BeroepVaardigheid.objects.filter(essentieel=True, vaardigheid__alleen_engels=True).count() > 5000

    # Search finds a skill by its English name too, and puts Dutch names first.
    assert nederlands in vaardigheden_zoeken(nederlands.naam_en)
    assert engels in vaardigheden_zoeken("musical staff")
    gevonden = list(vaardigheden_zoeken("musical", limit=200))
    assert any(v.alleen_engels for v in gevonden) and not any(v.alleen_engels for v in gevonden[:3])
    assert [v.alleen_engels for v in gevonden] == sorted(v.alleen_engels for v in gevonden)

    # Loading twice changes nothing, and puts back what was changed by hand.
    Vaardigheid.objects.filter(pk=engels.pk).update(naam="iets anders", alleen_engels=False)
    assert laad_beroepen_en_vaardigheden() == (beroepen, vaardigheden, relaties)
    engels.refresh_from_db()
    assert engels.naam == "manage musical staff" and engels.alleen_engels


def _schrijf(pad, rijen):
    """``rijen`` (dicts) as a CSV file like the shipped ones (gzipped for ``.gz``)."""
    rijen = list(rijen)
    with (gzip.open if pad.suffix == ".gz" else open)(pad, "wt", encoding="utf-8", newline="") as handle:
        schrijver = csv.DictWriter(handle, list(rijen[0]))
        schrijver.writeheader()
        schrijver.writerows(rijen)


def _esco_deel(map_, beroepen=100):
    """The first ``beroepen`` occupations of the shipped files, every skill, and the relations between them."""
    bron = referentiedata.DATA_DIR
    eerste = list(islice(referentiedata._csv(bron / "esco_occupations_nl.csv"), beroepen))
    _schrijf(map_ / "esco_occupations_nl.csv", eerste)
    shutil.copy(bron / "esco_skills_nl.csv", map_)
    uris = {rij["conceptUri"] for rij in eerste}
    for naam in ("esco_occupationSkillRelations_v1.1.1.csv.gz", "esco_occupationSkillRelations_v1.2.0_supplement.csv"):
        _schrijf(map_ / naam, (rij for rij in referentiedata._csv(bron / naam) if rij["occupationUri"] in uris))


def _scans(*tabellen):
    """Whole-table reads of ``tabellen`` in this transaction so far (PostgreSQL's statistics)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname, seq_scan FROM pg_stat_xact_user_tables WHERE relname = ANY(%s)",
                       [list(tabellen)])
        return Counter(dict(cursor.fetchall()))


def test_the_relations_are_checked_through_the_index_even_after_checks_planned_on_near_empty_tables(
        tmp_path, monkeypatch):
    """A connection keeps the plan of each foreign-key check from its first uses. On a worker of the test suite,
    after a module's ESCO rows were rolled back and vacuumed, factories made a few relations: their checks were
    planned as a scan of the then one-page tables. With the foreign keys checked per statement (as in a module's
    transaction, ``conftest.een_keer_per_module``), the next load checked its 120,000 relations with that plan, one
    scan of the 14,000 skills each: a fixture's setup of 117 s instead of 8. Loading the occupations and skills
    gives PostgreSQL their statistics before the relations go in, so it plans those checks again."""
    if connection.vendor != "postgresql":
        ontbreekt("PostgreSQL nodig: de plannen van de controles op foreign keys")
    _esco_deel(tmp_path)
    monkeypatch.setattr(referentiedata, "DATA_DIR", tmp_path)
    beroep, vaardigheid = Beroep._meta.db_table, Vaardigheid._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        # The tables as such a worker had them: empty and analyzed (undone with the test's transaction).
        cursor.execute(f"TRUNCATE {beroep}, {vaardigheid}, {BeroepVaardigheid._meta.db_table} CASCADE")
    referentiedata._statistieken_bijwerken(Beroep, Vaardigheid, BeroepVaardigheid)
    paren = [(BeroepFactory(), VaardigheidFactory()) for _ in range(8)]
    voor = _scans(beroep, vaardigheid)
    for b, v in paren:  # past PostgreSQL's five custom plans, so each check keeps one generic plan
        BeroepVaardigheid.objects.create(beroep=b, vaardigheid=v)
    # Each check read its table whole, as on that worker.
    assert _scans(beroep, vaardigheid) - voor == Counter({beroep: 8, vaardigheid: 8})

    voor = _scans(beroep, vaardigheid)
    beroepen, vaardigheden, relaties = laad_beroepen_en_vaardigheden()
    tijdens = _scans(beroep, vaardigheid) - voor

    assert (beroepen, vaardigheden) == (108, 14028 + 8)
    assert BeroepVaardigheid.objects.count() == relaties + 8 > 2000
    # The load reads each table whole a few times (what is stored, the new keys); not once per relation (3,837).
    assert all(aantal <= 10 for aantal in tijdens.values()), tijdens
