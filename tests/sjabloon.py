"""A migrated test database kept as a template, so a test run migrates only when the migrations changed.

Migrating the 70 migrations takes 20-30 s per pytest-xdist worker, every run. The first run on a migration state
migrates as always and then keeps the result: on PostgreSQL as a database ``klantreis_sjabloon_<key>``, on SQLite as
a file ``var/sjablonen/<key>.sqlite3``. A later run with the same key clones it (``CREATE DATABASE ... TEMPLATE``, a
file copy) in about a second. The key is a hash of everything that decides what the migrated database holds: every
migration file, the reference data and code the data migrations load, the installed apps and the version of every
installed package. The three newest templates stay. ``--reuse-db`` and an in-memory SQLite keep Django's own behaviour.
"""

import hashlib
import os
import shutil
from importlib import metadata
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import DatabaseError
from django.db.backends.base.creation import BaseDatabaseCreation

ROOT = Path(__file__).resolve().parent.parent
PREFIX = "klantreis_sjabloon_"
BEWAREN = 3  # templates kept per machine (per database server, per var/ folder)
# What the data migrations read besides the migrations themselves.
BRONNEN = ["*/migrations/*.py", "*/referentiedata.py", "accounts/data/*", "klantreis/lib/namen.py",
           "klantreis/lib/migraties.py"]


def sleutel(vendor):
    h = hashlib.sha256(vendor.encode())
    for patroon in BRONNEN:
        for pad in sorted(ROOT.glob(patroon)):
            if pad.is_file() and ".venv" not in pad.parts:
                h.update(str(pad.relative_to(ROOT)).encode())
                h.update(pad.read_bytes())
    h.update(",".join(settings.INSTALLED_APPS).encode())
    pakketten = sorted(f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions())
    h.update("\n".join(pakketten).encode())
    return h.hexdigest()[:16]


def _sqlite_bestand(creation, naam):
    if creation.is_in_memory_db(naam):
        return None
    return ROOT / "var" / "sjablonen" / f"{sleutel('sqlite')}.sqlite3"


def _kloon(creation, naam):
    """True when the test database ``naam`` was made from a kept template."""
    verbinding = creation.connection
    if verbinding.vendor == "postgresql":
        sjabloon = PREFIX + sleutel("postgresql")
        q = verbinding.ops.quote_name
        with creation._nodb_cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [sjabloon])
            if not cursor.fetchone():
                return False
            cursor.execute(f"DROP DATABASE IF EXISTS {q(naam)}")
            try:
                cursor.execute(f"CREATE DATABASE {q(naam)} TEMPLATE {q(sjabloon)}")
            except DatabaseError:  # the template was being written or dropped by another run: migrate instead
                return False
        return True
    bestand = _sqlite_bestand(creation, naam)
    if bestand is None or not bestand.exists():
        return False
    for oud in (naam, f"{naam}-journal", f"{naam}-wal", f"{naam}-shm"):
        if os.path.exists(oud):
            os.remove(oud)
    shutil.copyfile(bestand, naam)
    return True


def _bewaar(creation, naam):
    verbinding = creation.connection
    verbinding.close()
    if verbinding.vendor == "postgresql":
        sjabloon = PREFIX + sleutel("postgresql")
        q = verbinding.ops.quote_name
        with creation._nodb_cursor() as cursor:
            try:
                cursor.execute(f"CREATE DATABASE {q(sjabloon)} TEMPLATE {q(naam)}")
            except DatabaseError:  # another worker kept the same state first
                return
            # The three newest stay: two checkouts with other packages on one machine must not evict each other.
            cursor.execute("SELECT datname FROM pg_database WHERE datname LIKE %s ORDER BY oid DESC OFFSET %s",
                           [PREFIX + "%", BEWAREN])
            for (oud,) in cursor.fetchall():
                try:
                    cursor.execute(f"DROP DATABASE {q(oud)}")
                except DatabaseError:  # in use as a template by another run at this moment
                    pass
        return
    bestand = _sqlite_bestand(creation, naam)
    if bestand is None:
        return
    bestand.parent.mkdir(parents=True, exist_ok=True)
    tijdelijk = bestand.with_suffix(f".{os.getpid()}.tmp")
    shutil.copyfile(naam, tijdelijk)
    os.replace(tijdelijk, bestand)
    oud = sorted(bestand.parent.glob("*.sqlite3"), key=lambda pad: pad.stat().st_mtime, reverse=True)[BEWAREN:]
    for pad in oud:
        pad.unlink(missing_ok=True)


GEMAAKT = set()  # the aliases whose test database this process made (none when no collected test uses one)


def installeer():
    origineel = BaseDatabaseCreation.create_test_db

    def create_test_db(self, verbosity=1, autoclobber=False, serialize=True, keepdb=False):
        GEMAAKT.add(self.connection.alias)
        naam = self._get_test_db_name()
        if keepdb or self.connection.vendor not in ("postgresql", "sqlite"):
            return origineel(self, verbosity, autoclobber, serialize, keepdb)
        if not _kloon(self, naam):
            naam = origineel(self, verbosity, autoclobber, serialize, keepdb)
            _bewaar(self, naam)
            self.connection.ensure_connection()
            return naam
        # What Django's create_test_db does after migrating.
        self.connection.close()
        settings.DATABASES[self.connection.alias]["NAME"] = naam
        self.connection.settings_dict["NAME"] = naam
        if serialize:
            self.connection._test_serialized_contents = self.serialize_db_to_string()
        call_command("createcachetable", database=self.connection.alias)
        self.connection.ensure_connection()
        return naam

    BaseDatabaseCreation.create_test_db = create_test_db
