"""The kept, migrated test database (tests/sjabloon.py): a clone is as migrated as a fresh database, and the key
changes with everything a migration reads."""

import os
import shutil
import subprocess
import sys

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models.signals import post_migrate
from django.test.utils import CaptureQueriesContext

from accounts.models import Arbeidsmarktregio, Gemeente, Postcodegebied
from conftest import _alleen_typen_en_rechten
from tests import sjabloon
from werkgevers.models import Instrument


@pytest.mark.django_db
def test_the_test_database_has_every_migration_and_the_reference_data():
    executor = MigrationExecutor(connection)
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []
    assert Arbeidsmarktregio.objects.count() == 35 and Postcodegebied.objects.exists()


def test_every_source_pattern_finds_files():
    for patroon in sjabloon.BRONNEN:
        assert list(sjabloon.ROOT.glob(patroon)), patroon


@pytest.mark.parametrize("pad", ["werkzoekenden/migrations/0001_initial.py", "accounts/referentiedata.py",
                                 "accounts/data/arbeidsmarktregios_2026.csv", "klantreis/lib/namen.py"])
def test_the_key_changes_with_a_migration_and_what_it_loads(tmp_path, monkeypatch, pad):
    for patroon in sjabloon.BRONNEN:
        for bron in sjabloon.ROOT.glob(patroon):
            doel = tmp_path / bron.relative_to(sjabloon.ROOT)
            doel.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(bron, doel)
    monkeypatch.setattr(sjabloon, "ROOT", tmp_path)
    voor = sjabloon.sleutel("postgresql")
    assert sjabloon.sleutel("postgresql") == voor
    assert sjabloon.sleutel("sqlite") != voor
    with open(tmp_path / pad, "a") as f:
        f.write("\n")
    assert sjabloon.sleutel("postgresql") != voor


def test_the_three_newest_sqlite_templates_stay(tmp_path, monkeypatch):
    """A second checkout with other packages makes another key; it must not evict the first one's template."""
    monkeypatch.setattr(sjabloon, "ROOT", tmp_path)
    map_ = tmp_path / "var" / "sjablonen"
    map_.mkdir(parents=True)
    for i in range(4):
        oud = map_ / f"oud{i}.sqlite3"
        oud.write_bytes(b"oud")
        os.utime(oud, (1_000_000 + i, 1_000_000 + i))
    bron = tmp_path / "test.sqlite3"
    bron.write_bytes(b"gemigreerd")

    class Verbinding:
        vendor = "sqlite"

        def close(self):
            pass

    class Creation:
        connection = Verbinding()

        def is_in_memory_db(self, naam):
            return False

    sjabloon._bewaar(Creation(), str(bron))
    nieuw = map_ / f"{sjabloon.sleutel('sqlite')}.sqlite3"
    assert nieuw.read_bytes() == b"gemigreerd"
    assert sorted(p.name for p in map_.glob("*.sqlite3")) == sorted([nieuw.name, "oud3.sqlite3", "oud2.sqlite3"])


# A test that commits (a browser test, here a transactional one) may add to a reference table, as the beheerder adds
# a region in the admin. The flush after it must take that away again, while keeping the reference data itself:
# the first test adds, the next one (same file, so same worker, right after it: pytest-django runs the transactional
# tests of a file after its other tests, in the order written) finds the tables as migrated.
@pytest.mark.django_db(transaction=True)
def test_a_committing_test_adds_to_the_reference_tables():
    regio = Arbeidsmarktregio.objects.create(code="AM98", naam="Testregio Flush")
    gemeente = Gemeente.objects.create(code="GM9998", naam="Testgemeente Flush", regio=regio)
    Postcodegebied.objects.create(pc4="0001", lat=52.0, lon=5.0, gemeente=gemeente)
    Instrument.objects.create(naam="Testinstrument Flush", samenvatting="Voor de test.", voorwaarden="Geen.",
                              voor_wie="Niemand.", aanvragen_bij="Niemand")
    assert Arbeidsmarktregio.objects.count() == 36


@pytest.mark.django_db(transaction=True)
def test_the_next_test_finds_only_the_reference_data_again():
    assert Arbeidsmarktregio.objects.count() == 35 and not Arbeidsmarktregio.objects.filter(code="AM98").exists()
    assert not Gemeente.objects.filter(code="GM9998").exists()
    assert not Postcodegebied.objects.filter(pc4="0001").exists()
    assert not Instrument.objects.filter(naam="Testinstrument Flush").exists()
    assert Gemeente.objects.exists() and Postcodegebied.objects.exists() and Instrument.objects.exists()


def test_a_run_without_any_database_test_passes():
    """A run of only tests that use no database (one file, say) makes no test database: the session fixtures must
    not read one (``_referentiedata_grens`` once queried the portal's own, empty database and failed the run)."""
    uitkomst = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                               "tests/test_testpaths.py"], cwd=sjabloon.ROOT, capture_output=True,
                              text=True, check=False)
    assert uitkomst.returncode == 0, uitkomst.stdout[-3000:] + uitkomst.stderr[-2000:]
    assert "1 passed" in uitkomst.stdout


def _flush_met_post_migrate():
    """Flushes as TransactionTestCase's teardown does; whether post_migrate went out (its receivers read the
    permissions; the flush's own check of the two tables only counts them)."""
    with CaptureQueriesContext(connection) as queries:
        call_command("flush", verbosity=0, interactive=False, reset_sequences=False, allow_cascade=False,
                     inhibit_post_migrate=False)
    return any("auth_permission" in q["sql"] and "COUNT" not in q["sql"] for q in queries.captured_queries)


@pytest.mark.django_db(transaction=True)
def test_the_flush_after_a_committing_test_leaves_out_post_migrate_while_types_and_permissions_are_whole():
    """Content types and permissions stay through the flush, so Django's post_migrate (104 queries) would only find
    them: it is left out. A permission that went missing is made again by it, as in Django."""
    assert not _flush_met_post_migrate()
    recht = Permission.objects.get(codename="view_vacature")
    recht.delete()
    assert _flush_met_post_migrate()
    assert Permission.objects.filter(codename="view_vacature", content_type=recht.content_type).exists()
    assert not _flush_met_post_migrate()


@pytest.mark.django_db(transaction=True)
def test_another_receiver_of_post_migrate_gets_the_signal_after_the_flush():
    """A receiver of one app's post_migrate (as django.contrib.sites connects its default site) refills what the flush
    emptied: with it connected, the signal goes out."""
    ontvangen = []

    def ontvanger(sender, **kwargs):
        ontvangen.append(sender.label)

    post_migrate.connect(ontvanger, sender=apps.get_app_config("werkgevers"))
    _alleen_typen_en_rechten.cache_clear()
    try:
        _flush_met_post_migrate()
    finally:
        post_migrate.disconnect(ontvanger, sender=apps.get_app_config("werkgevers"))
        _alleen_typen_en_rechten.cache_clear()
    assert ontvangen == ["werkgevers"]
    _flush_met_post_migrate()
    assert ontvangen == ["werkgevers"]
