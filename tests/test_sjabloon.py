"""The kept, migrated test database (tests/sjabloon.py): a clone is as migrated as a fresh database, and the key
changes with everything a migration reads."""

import shutil

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests import sjabloon


@pytest.mark.django_db
def test_the_test_database_has_every_migration_and_the_reference_data():
    from accounts.models import Arbeidsmarktregio, Postcodegebied

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
