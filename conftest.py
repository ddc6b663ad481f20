import contextlib
import copy
import functools
import gc
import importlib
import json
import os
import shutil
import tempfile
import uuid
from collections import defaultdict
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.management import create_contenttypes
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection, connections, transaction
from django.db.backends.postgresql.base import DatabaseWrapper as Postgres
from django.db.backends.sqlite3.base import DatabaseWrapper as Sqlite
from django.db.models import Max
from django.db.models.signals import post_migrate
from django.utils import timezone, translation
from guardian.shortcuts import clear_ct_cache

from accounts.models import Arbeidsmarktregio, Gemeente, Postcodegebied, Rol
from accounts.referentiedata import laad_postcodegebieden, laad_regios_en_gemeenten
from accounts.tests.factories import (
    AccountmanagerFactory,
    BeheerderFactory,
    KlantmanagerFactory,
    UserFactory,
    WerkzoekendeUserFactory,
    regio,
    vergeet_referenties,
)
from bemiddeling.models import Sollicitatiegesprek
from bemiddeling.services import gesprek_plannen, voordracht_create, voordracht_reageren, voordracht_uitkomst
from beroepen.referentiedata import laad_beroepen_en_vaardigheden
from beroepen.tests.factories import BeroepFactory
from matching import index
from matching.selectors import vergeet_referentiedata
from plaatsingen.models import Plaatsing
from plaatsingen.services import (
    overeenkomst_klaarzetten,
    overeenkomst_ondertekenen,
    plaatsing_starten,
    proefplaatsing_akkoord,
)
from taken.services import taak_aanmaken
from tests.sjabloon import GEMAAKT, installeer
from werkgevers.models import Instrument, Verzoek
from werkgevers.referentiedata import laad_instrumenten
from werkgevers.services import verzoek_indienen
from werkgevers.tests.factories import VacatureFactory, WerkgeverFactory, WerkgeverUserFactory
from werkzoekenden.models import Toestemming
from werkzoekenden.services import toestemming_verlenen
from werkzoekenden.tests.factories import KandidaatFactory

# Python's cycle collector in a test process: with its defaults (700, 10, 10) a full collection ran every few
# seconds over everything the run holds (Django, the apps, every collected test), and took a quarter of a second
# each time: 5 of 40 CPU seconds in werkzoekenden + bemiddeling (docs/benchmarks.md, "zestiende sessie").
# What exists after collection stays for the whole run, so it is frozen out of the collector; young objects
# are collected after 10,000 allocations instead of 700. Memory stays the same (maxrss 420 MB in both).
GC_DREMPELS = (10_000, 20, 20)


def pytest_collection_finish(session):
    gc.collect()
    gc.freeze()


IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def logregel_queries():
    """Queries of one verwerkingenlog line (accounts.services.verwerking_vastleggen): one statement on PostgreSQL
    (the line and its betrokkenen in one INSERT), the line and one bulk INSERT of its betrokkenen elsewhere."""
    return 1 if connection.vendor == "postgresql" else 2


def ontbreekt(reden):
    """A missing service or browser: a skip on a developer's machine, a failure in CI."""
    if IN_CI:
        pytest.fail(f"{reden} (in CI wordt niets overgeslagen)")
    pytest.skip(reden)


def laad_referentiedata_na_flush():
    """Migrations load the reference data; a transactional test empties the tables afterwards."""
    if not Gemeente.objects.exists():
        laad_regios_en_gemeenten(Arbeidsmarktregio, Gemeente)
    if not Postcodegebied.objects.exists():
        laad_postcodegebieden(Gemeente, Postcodegebied)
    if not Instrument.objects.exists():
        laad_instrumenten(Instrument)


def _testflush():
    """The test runner empties the database after each transactional test (live_server, TransactionTestCase).
    Three changes to Django's flush, for the tests only:

    - The verwerkingenlog's triggers refuse TRUNCATE and DELETE. Here, as the table's owner (which the
      application's role in production is not, see docs/security.md), the flush switches them off around its
      own statements and on again. Nothing else in the tests does so.
    - The reference data stays: otherwise the next test loaded 35 regions, 342 gemeenten, 4,086 postcode areas
      and the instruments again from their CSV files. No test changes these tables while committing (the data
      migrations fill them, the tests only read), and nothing refers from them to a flushed table. So do the
      content types and permissions, which follow from the models: the post_migrate signal after the flush
      made the same rows again (with new ids); now it would find them there, and is left out
      (``_post_migrate_vindt_alles``).
    - Only tables with rows are emptied (one query finds them), and on PostgreSQL with DELETE instead of one
      TRUNCATE of all ninety tables: TRUNCATE makes a new file for every table and its commit waits for the
      disk, about a second per browser test for the few dozen small tables a test fills. The foreign keys are
      all DEFERRABLE INITIALLY DEFERRED and checked at the end, so the order of the DELETEs does not matter.
      Sequences are not reset, as before; a test that asks for that (reset_sequences) gets Django's TRUNCATE.
    """
    migratie = importlib.import_module("accounts.migrations.0008_verwerkingenlog_betrokkenen_en_truncate")
    # A browser test may add to a reference table while committing (the beheerder adds a region in the admin):
    # the flush removes what lies beyond the reference data (REFERENTIE_GRENS, the highest id per table when the
    # test database was made), or a later test found 36 regions.
    logtabellen = ("accounts_verwerking", "accounts_verwerkingbetrokkene")
    blijft = {m._meta.db_table for m in (Arbeidsmarktregio, Gemeente, Postcodegebied, Instrument, ContentType,
                                         Permission)}
    triggers = {
        "postgresql": ([f"ALTER TABLE {t} DISABLE TRIGGER USER" for t in logtabellen],
                       [f"ALTER TABLE {t} ENABLE TRIGGER USER" for t in logtabellen]),
        "sqlite": ([f"DROP TRIGGER IF EXISTS {naam}" for naam in migratie.SQLITE_TRIGGERS],
                   list(migratie.SQLITE_TRIGGERS.values())),
    }

    def gevuld(connection, tables):
        if not tables:
            return []
        q = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(f"SELECT '{t}' WHERE EXISTS (SELECT 1 FROM {q(t)})" for t in tables))
            return [t for (t,) in cursor.fetchall()]

    for ops in (Postgres.ops_class, Sqlite.ops_class):
        origineel = ops.sql_flush

        def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False, _origineel=origineel):
            q = self.quote_name
            erbij = [f"DELETE FROM {q(t)} WHERE {q('id')} > {int(REFERENTIE_GRENS[t])}" for t in tables
                     if t in REFERENTIE_GRENS]
            tables = [t for t in tables if t not in blijft]
            if not reset_sequences:  # a sequence of a table emptied earlier must be reset too
                tables = gevuld(self.connection, tables)
            if self.connection.vendor == "postgresql" and not (reset_sequences or allow_cascade):
                sql = ["SET CONSTRAINTS ALL DEFERRED", *(f"DELETE FROM {q(t)}" for t in tables), *erbij,
                       "SET CONSTRAINTS ALL IMMEDIATE"]  # checked before the triggers are on again
            else:
                sql = [*_origineel(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade),
                       *erbij]
            if sql and any(t in tables for t in logtabellen):
                uit, aan = triggers[self.connection.vendor]
                sql = [*uit, *sql, *aan]
            return sql

        ops.sql_flush = sql_flush

    flush = importlib.import_module("django.core.management.commands.flush")
    signaal = flush.emit_post_migrate_signal

    def na_de_flush(verbosity, interactive, db, **kwargs):
        if _post_migrate_vindt_alles(db):
            return
        signaal(verbosity, interactive, db, **kwargs)
        if db in TYPEN_EN_RECHTEN:  # made what was missing: the next flush compares with the tables as they are now
            TYPEN_EN_RECHTEN[db] = _typen_en_rechten(db)

    flush.emit_post_migrate_signal = na_de_flush


# What the flush's post_migrate signal would do (Django's contenttypes and auth, and guardian): make the content types
# and the permissions the models need, and forget the caches of content types. Both tables stay through a test flush
# (above), so the signal found every row there again: 104 queries and 24 ms of the test process's CPU per flush,
# after each of the run's 95 committing tests. It is left out when these three are its only receivers, for every
# app it is sent for, and both tables hold what they held when the test database was made (count and highest id:
# the ids the caches know); otherwise it goes out as in Django.
TYPEN_EN_RECHTEN = {}  # database alias -> (count, highest id) of the content types and of the permissions


def _typen_en_rechten(alias):
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT (SELECT COUNT(*) FROM django_content_type), (SELECT MAX(id) FROM django_content_type),"
                       " (SELECT COUNT(*) FROM auth_permission), (SELECT MAX(id) FROM auth_permission)")
        return tuple(cursor.fetchone())


@functools.cache
def _alleen_typen_en_rechten():
    """Whether the only receivers of post_migrate, for any app that sends it, are the three above. Read once: the
    receivers are connected when the apps are ready."""
    ontvangers = set()
    for app in apps.get_app_configs():
        synchroon, asynchroon = post_migrate._live_receivers(app)
        ontvangers.update(synchroon, asynchroon)
    return ontvangers <= {create_contenttypes, create_permissions, clear_ct_cache}


def _post_migrate_vindt_alles(alias):
    return (alias in TYPEN_EN_RECHTEN and _alleen_typen_en_rechten()
            and _typen_en_rechten(alias) == TYPEN_EN_RECHTEN[alias])


REFERENTIE_GRENS = {}  # reference table -> its highest id in this process's test database when it was made


@pytest.fixture(scope="session", autouse=True)
def _referentiedata_grens(django_db_setup, django_db_blocker):
    """Where the reference data ends in this worker's test database, for the flush of ``_testflush``. Without a
    test database (no collected test uses one) there is nothing to flush, and nothing to read: the connection
    would go to the portal's own database."""
    if connection.alias not in GEMAAKT:
        return
    with django_db_blocker.unblock():
        for model in (Arbeidsmarktregio, Gemeente, Postcodegebied, Instrument):
            REFERENTIE_GRENS[model._meta.db_table] = model.objects.aggregate(hoogste=Max("id"))["hoogste"] or 0
        TYPEN_EN_RECHTEN[connection.alias] = _typen_en_rechten(connection.alias)


_testflush()


class Wereld:
    """One person per role, related the way the portal relates them, plus strangers."""

    def __init__(self):
        # A data migration loads the regions; a flushed transactional test database needs them again.
        laad_referentiedata_na_flush()
        self.beheerder = BeheerderFactory(voornaam="Bea", achternaam="Beheer")
        self.accountmanager = AccountmanagerFactory(voornaam="Anton", achternaam="Account")
        self.klantmanager = KlantmanagerFactory(voornaam="Karin", achternaam="Klant")
        self.werkgever = WerkgeverFactory(accountmanager=self.accountmanager, naam="De Heul Installatietechniek")
        self.werkgever_user = WerkgeverUserFactory(werkgever=self.werkgever, voornaam="Martijn", achternaam="de Heul")
        self.werkzoekende_user = WerkzoekendeUserFactory(voornaam="Willem", achternaam="van de Vecht")
        self.kandidaat = KandidaatFactory(
            voornaam="Willem", achternaam="van de Vecht", account=self.werkzoekende_user, klantmanager=self.klantmanager
        )
        # Same roles, no relation to anything above: another region, another company.
        self.vreemde_accountmanager = AccountmanagerFactory(regio=_regio("AM29"))
        self.vreemde_klantmanager = KlantmanagerFactory(regio=_regio("AM29"))
        self.vreemde_werkgever_user = WerkgeverUserFactory(werkgever=WerkgeverFactory(naam="Ander Bedrijf"))

    def met_bemiddeling(self):
        """A vacature with a voordracht and a gesprek, an open verzoek and a task: the werkgeversreis."""
        self.beroep = BeroepFactory(naam="monteur installatietechniek", met_vaardigheden=["VCA", "leidingen leggen"])
        self.vacature = VacatureFactory(werkgever=self.werkgever, beroep=self.beroep, titel="Monteur")
        self.toestemming = toestemming_verlenen(
            kandidaat=self.kandidaat, doel=Toestemming.Doel.DELEN_MET_WERKGEVER, werkgever=self.werkgever,
            door=self.klantmanager,
        )
        self.voordracht = voordracht_create(vacature=self.vacature, kandidaat=self.kandidaat, door=self.accountmanager,
                                            toelichting="Ervaren en gemotiveerd.")
        voordracht_reageren(voordracht=self.voordracht, door=self.werkgever_user, uitnodigen=True)
        self.gesprek = gesprek_plannen(voordracht=self.voordracht, door=self.accountmanager,
                                       begint_op=timezone.now() + timezone.timedelta(days=3), locatie="Arnhem",
                                       begeleider_gaat_mee=True)
        self.verzoek = verzoek_indienen(
            bedrijfsnaam="Nieuw B.V.", kvk_nummer="87654321", adres="Markt 1", postcode="6811 AB", plaats="Arnhem",
            sector="Bouw", aantal_medewerkers=12, contactpersoon="Piet", telefoon="026 1234567",
            email="piet@nieuw.nl", vraag="Twee timmerlieden", kanaal=Verzoek.Kanaal.WEBFORMULIER,
        )
        self.taak = taak_aanmaken(voor=self.accountmanager, omschrijving="Bel Piet", werkgever=self.werkgever)
        return self

    def met_plaatsing(self):
        """On top of met_bemiddeling: a second kandidaat (Anja) hired and in a running, signed proefplaatsing."""
        if not hasattr(self, "vacature"):
            self.met_bemiddeling()
        self.kandidaat2 = KandidaatFactory(voornaam="Anja", achternaam="Roest", klantmanager=self.klantmanager,
                                           uitkering="ww")
        toestemming_verlenen(kandidaat=self.kandidaat2, doel=Toestemming.Doel.DELEN_MET_WERKGEVER,
                             werkgever=self.werkgever, door=self.klantmanager)
        self.voordracht2 = voordracht_create(vacature=self.vacature, kandidaat=self.kandidaat2,
                                             door=self.accountmanager, toelichting="Handig en creatief.")
        self.plaatsing = self.proefplaatsing_met_akkoord(self.voordracht2)
        overeenkomst_klaarzetten(plaatsing=self.plaatsing, door=self.accountmanager)
        self.plaatsing = overeenkomst_ondertekenen(plaatsing=self.plaatsing, door=self.werkgever_user,
                                                   naam="Martijn de Heul")
        self.moment = self.plaatsing.nazorgmomenten.order_by("gepland_op").first()
        return self

    def proefplaatsing_met_akkoord(self, voordracht):
        """From a fresh voordracht: invited, a gesprek that took place, hired, and a proefplaatsing of 60 days from
        today with the akkoord of UWV, not yet sent to the werkgever to sign."""
        voordracht_reageren(voordracht=voordracht, door=self.werkgever_user, uitnodigen=True)
        gesprek_plannen(voordracht=voordracht, door=self.accountmanager, locatie="Arnhem",
                        begint_op=timezone.now() + timedelta(hours=2), begeleider_gaat_mee=False)
        self.gesprek_geweest(voordracht)
        voordracht_uitkomst(voordracht=voordracht, door=self.werkgever_user, aangenomen=True)
        vandaag = timezone.localdate()
        plaatsing = plaatsing_starten(
            voordracht=voordracht, door=self.accountmanager, soort=Plaatsing.Soort.PROEFPLAATSING,
            functie="Monteur", startdatum=vandaag, einddatum=vandaag + timedelta(days=60), uren_per_week=32)
        proefplaatsing_akkoord(plaatsing=plaatsing, door=self.accountmanager, instantie="UWV Arnhem", op=vandaag)
        return plaatsing

    @staticmethod
    def gesprek_geweest(voordracht):
        """The planned gesprek took place an hour ago: only then can the outcome be 'aangenomen'."""
        Sollicitatiegesprek.objects.filter(voordracht=voordracht).update(
            begint_op=timezone.now() - timedelta(hours=1))

    def per_rol(self):
        return {
            "beheerder": self.beheerder,
            "accountmanager": self.accountmanager,
            "klantmanager": self.klantmanager,
            "werkgever": self.werkgever_user,
            "werkzoekende": self.werkzoekende_user,
        }

    @property
    def programma(self):
        """The programme (landelijk): made when a test first asks for it, so other worlds stay as they were."""
        if not hasattr(self, "_programma"):
            self._programma = UserFactory(rol=Rol.PROGRAMMA, organisatie=None, regio=None, voornaam="Pim",
                                          achternaam="Programma")
        return self._programma

    def gebruiker(self, rol):
        if rol == "programma":
            return self.programma
        return {**self.per_rol(), "vreemde_accountmanager": self.vreemde_accountmanager,
                "vreemde_klantmanager": self.vreemde_klantmanager,
                "vreemde_werkgever": self.vreemde_werkgever_user}[rol]


def _regio(code):
    return regio(code)


@pytest.fixture
def met_commit(django_capture_on_commit_callbacks):
    """Call a service and run what waits for its commit (the journey-event reactions: meldingen, tasks, mail), as
    after a real commit: ``met_commit(service, **kwargs)``."""
    def _met_commit(service, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return service(**kwargs)

    return _met_commit


@pytest.fixture
def wereld_pg(transactional_db):
    """A new wereld for a test of real concurrency (threads, each with its own connection: tests/gelijktijdig.py).
    PostgreSQL only: SQLite's one writer makes two transactions a queue, not a race."""
    if connection.vendor != "postgresql":
        pytest.skip("gelijktijdigheid wordt op PostgreSQL getest (DATABASE_URL=postgres://...)")
    return Wereld()


@pytest.fixture
def wereld(request, db):
    """The wereld of conftest.Wereld. A test that commits (a live server, ``transactional_db``) gets a new one;
    any other gets a copy of the one its module made once (``_wereld_van_de_module``, see
    ``wereld_van_de_module``)."""
    if WERELD_VAN_DE_MODULE in request.fixturenames:
        return copy.deepcopy(request.getfixturevalue(WERELD_VAN_DE_MODULE))
    return Wereld()


WERELD_VAN_DE_MODULE = "_wereld_van_de_module"


@pytest.fixture(scope="module")
def _wereld_van_de_module(django_db_setup, django_db_blocker, _dode_rijen_opgeruimd):
    """The wereld made once for a module (een_keer_per_module): 46 queries, ~0.1 s on PostgreSQL, that some
    900 tests each paid. Each test runs in a savepoint inside it and gets a copy of the Python objects. Made after
    ``_dode_rijen_opgeruimd``, so that its transaction is rolled back before that cleans up after the module."""
    with een_keer_per_module(django_db_blocker):
        with django_db_blocker.unblock():
            wereld = Wereld()
        yield wereld


# Fixtures of pytest-django by which a test commits: it cannot run inside a module's transaction.
COMMITTEREND = {"transactional_db", "live_server", "django_db_reset_sequences", "django_db_serialized_rollback"}


def _eigen_wereld(item):
    """Whether the item's ``wereld`` is this file's fixture (not a module's own of the same name)."""
    definities = getattr(getattr(item, "_fixtureinfo", None), "name2fixturedefs", {}).get("wereld")
    return bool(definities) and definities[-1].func.__module__ == __name__


def _eigen_voorbereiding(item):
    """Whether the item has an autouse fixture of its own module or folder (not of this file or a plugin): such a
    fixture ran before the wereld was made, and may set what the making depends on (monitor's tests stop the clock
    at 15 November 2026), where the module's wereld is made before it."""
    definities = getattr(getattr(item, "_fixtureinfo", None), "name2fixturedefs", {})
    return any(getattr(defs[-1], "_autouse", False) and defs[-1].baseid for defs in definities.values() if defs)


def _committerend(item):
    """A ``django_db`` mark that makes the test commit (``transaction=True`` and the like), on it or its module."""
    mark = item.get_closest_marker("django_db")
    if mark is None:
        return False
    stand = dict(zip(("transaction", "reset_sequences", "databases", "serialized_rollback"), mark.args, strict=False))
    stand.update(mark.kwargs)
    return any(stand.get(naam) for naam in ("transaction", "reset_sequences", "serialized_rollback"))


def wereld_van_de_module(items):
    """The tests that get the module's wereld (``_wereld_van_de_module``, asked for before anything else, so that
    its transaction is open before the test's own): those that take conftest's ``wereld`` in a module where no
    test uses another once-per-module fixture (their transactions would nest in the order the tests ask for them),
    that do not commit, and that have no autouse fixture of their own module. The others get a new wereld, as
    before."""
    per_module = {}
    for item in items:
        module = getattr(item, "module", None)
        per_module[module] = per_module.get(module, False) or bool(PER_MODULE & set(getattr(item, "fixturenames", ())))
    for item in items:
        namen = getattr(item, "fixturenames", None)
        if (namen is None or "wereld" not in namen or WERELD_VAN_DE_MODULE in namen or not _eigen_wereld(item)
                or per_module[getattr(item, "module", None)] or COMMITTEREND & set(namen) or _committerend(item)
                or _eigen_voorbereiding(item)):
            continue
        item.fixturenames = [WERELD_VAN_DE_MODULE, *namen]  # its own list: parametrized items share one


# Fixtures whose rows are made once per module (een_keer_per_module): the tests that use them run last in their
# module, because the module's transaction stays open from the first of them to the end of the module, and the
# module's other tests (a transactional one among them) must not run inside it. A fixture built on another
# (``demo_tweemaal`` on ``esco``) opens its transaction inside the other's: tests with more of them run later.
PER_MODULE = {"volle_wereld", "esco", "bevolking_eenmaal", "land_eenmaal", "demo_tweemaal", "plaatsing_eenmaal",
              "wereldje_eenmaal"}
# ... and conftest's own ``wereld``, for the tests that get it once per module (wereld_van_de_module).
OP_DE_MODULE = PER_MODULE | {WERELD_VAN_DE_MODULE}


@contextmanager
def een_keer_per_module(django_db_blocker):
    """For a module-scoped fixture: what it writes inside this block is made once, in a transaction that is
    rolled back when the module is done. Each test runs in a savepoint inside it (pytest-django's ``db``),
    so what a test writes is gone for the next, as with Django's setUpTestData. Write with
    ``django_db_blocker.unblock()``; name the function-scoped fixture in PER_MODULE."""
    with django_db_blocker.unblock():
        buiten = transaction.atomic()
        buiten.__enter__()
        # Foreign keys checked as each statement ends, not deferred to the commit that never comes: a deferred
        # check stays queued in the module's transaction, and PostgreSQL queues it again each time a test's
        # savepoint is rolled back, so every test's teardown (Django's check_constraints) checked all module
        # rows again (2 s per test after the 140,000 ESCO rows).
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            buiten.__exit__(None, None, None)


# PostgreSQL keeps the rows a test deleted (the flush after every transactional test) or rolled back (every other
# test, a module's rows) until VACUUM removes them, and plans with the statistics of the last ANALYZE. With
# autovacuum off, as on the machines CI runs on, both stay for the rest of the run: after the 60,000 kandidaten of
# test_caseload_schaal a later module's query on werkfit kandidaten visited 67,000 dead rows in 1,918 pages, and
# with the old statistics its estimated cost (559,000) passed jit_above_cost, so each run compiled 32 functions:
# 66 such queries of ~210 ms in five test files; afterwards none over 20 ms (docs/benchmarks.md, negentiende
# sessie). After each module the tables with many dead rows get what autovacuum would have given them.
DODE_RIJEN_GRENS = 2000


def dode_rijen_opruimen(verbinding, grens=DODE_RIJEN_GRENS) -> list[str]:
    """VACUUM (ANALYZE) every table with more than ``grens`` dead rows (PostgreSQL's own count); the tables done."""
    with verbinding.cursor() as cursor:
        cursor.execute("SELECT relname FROM pg_stat_user_tables WHERE n_dead_tup > %s ORDER BY relname", [grens])
        tabellen = [tabel for (tabel,) in cursor.fetchall()]
        for tabel in tabellen:
            cursor.execute(f"VACUUM (ANALYZE) {verbinding.ops.quote_name(tabel)}")
    return tabellen


@pytest.fixture(scope="module", autouse=True)
def _dode_rijen_opgeruimd(django_db_blocker):
    yield
    if connection.alias not in GEMAAKT or connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with django_db_blocker.unblock():
        dode_rijen_opruimen(connection)


def werkers_voor(kernen):
    """How many pytest-xdist workers ``-n auto`` starts (``make test``): one more than there are cores. A browser
    test passes each step from pytest to Chromium to the live server and back, a test with real processes waits
    for them (the outage test has Redis away for 30 s): with one worker per core the machine was 77% busy during a
    run, with one more 92%, and the run took 183 s instead of 205 s (docs/benchmarks.md, drieënvijftigste sessie).
    """
    return max(kernen, 1) + 1


@pytest.hookimpl(tryfirst=True, optionalhook=True)  # optional: ``-p no:xdist`` leaves the hook unknown
def pytest_xdist_auto_num_workers(config):
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS") or config.option.numprocesses == "logical":
        return None  # xdist's own answer: the number in that variable, or every logical core
    kernen = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return werkers_voor(kernen)


# What a test costs, roughly, for the order in which pytest-xdist hands out files (``--dist loadfile``), where a file
# has not been measured (``DUREN``): a test with real Chromium or real worker processes takes seconds, most others a
# fraction of one; ``duur(s)`` names the few that take minutes. Only the order matters, not the figures.
DUUR_BROWSER, DUUR_WERKER, DUUR_GEWOON = 8.0, 4.0, 0.2
# What each test file took in a whole run (seconds on its worker, setup and teardown included), written by
# ``make test PYTEST_ARGS=--duren-schrijven``. The estimate above missed by a factor of ten for a file that starts
# processes or loads the demo (portaal's demo tests: 2.4 s estimated, 11.7 s measured), and such a file came last
# and left the other workers idle at the end of the run.
DUREN = Path(__file__).resolve().parent / "tests" / "duren.json"


def pytest_addoption(parser):
    parser.addoption("--duren-schrijven", action="store_true", default=False,
                     help="schrijf de duur per testbestand van deze run naar tests/duren.json (voor de volgorde)")


def pytest_configure(config):
    gc.set_threshold(*GC_DREMPELS)
    installeer()  # a migrated test database is kept and cloned while the migrations stay the same
    if config.getoption("duren_schrijven", False) and not hasattr(config, "workerinput"):
        config.pluginmanager.register(DurenSchrijver(DUREN), "klantreis-duren")
    eigen_matchingindex_map(config)


def eigen_matchingindex_map(config):
    """The processes a test starts (gunicorn, runserver, Celery workers) inherit this process's environment: without
    MATCHINGINDEX_MAP of their own they used the checkout's var/matchingindex, and a gunicorn worker that found no
    version of its (test) database there built one and made it the current version, in place of the one a developer
    or a benchmark had built (seen: "Matchingindex-versie ... overgeslagen: gebouwd uit een andere database
    (postgresql:test_klantreis_ci_gw2)"). Each pytest process gets a folder of its own, removed at its end; a test
    in this process has its own, and so do the processes it starts (``verse_matchingindex``)."""
    map_ = tempfile.mkdtemp(prefix="klantreis-test-matchingindex-")
    os.environ["MATCHINGINDEX_MAP"] = map_
    settings.MATCHINGINDEX_MAP = Path(map_)  # read before this hook ran: module and session fixtures use it too
    config.add_cleanup(lambda: shutil.rmtree(map_, ignore_errors=True))


@functools.cache
def gemeten_duren(pad=DUREN):
    try:
        gelezen = json.loads(Path(pad).read_text(encoding="utf-8"))
        return {bestand: float(seconden) for bestand, seconden in gelezen.items()}
    except (OSError, ValueError, TypeError, AttributeError):
        return {}


class DurenSchrijver:
    """Adds up the durations of every test's setup, call and teardown per file (in the controller under xdist, which
    gets every worker's reports) and, when the run passed, writes them over those the file held; files that no longer
    exist drop out."""

    def __init__(self, pad):
        self.pad = Path(pad)
        self.duren = defaultdict(float)
        self.overgeslagen = set()

    def pytest_runtest_logreport(self, report):
        bestand = report.nodeid.split("::")[0]
        self.duren[bestand] += report.duration
        if report.skipped:  # a test skipped for a missing service: the file's time says nothing
            self.overgeslagen.add(bestand)

    def pytest_sessionfinish(self, session, exitstatus):
        if exitstatus != 0 or not self.duren or deels(session.config):
            return
        gemeten = {bestand: seconden for bestand, seconden in self.duren.items() if bestand not in self.overgeslagen}
        wortel = self.pad.parent.parent
        samen = {bestand: round(seconden, 1) for bestand, seconden in sorted({**gemeten_duren(self.pad),
                                                                               **gemeten}.items())
                 if (wortel / bestand).is_file()}
        tijdelijk = self.pad.with_suffix(".json.tmp")
        tijdelijk.write_text(json.dumps(samen, indent=1) + "\n", encoding="utf-8")
        os.replace(tijdelijk, self.pad)  # a worker reading the file meanwhile sees the old or the new, never half
        gemeten_duren.cache_clear()


def deels(config):
    """A run of part of some file's tests (``-k``, ``-m``, ``--deselect``, ``file::test``): its times per file are not
    the files' times."""
    optie = config.option
    return bool(getattr(optie, "keyword", "") or getattr(optie, "markexpr", "") or getattr(optie, "deselect", None)
                or any("::" in str(argument) for argument in config.args))


def verwachte_duur(item):
    if marker := item.get_closest_marker("duur"):
        return float(marker.args[0])
    if item.get_closest_marker("browser"):
        return DUUR_BROWSER
    if item.get_closest_marker("celery_worker"):
        return DUUR_WERKER
    return DUUR_GEWOON


def op_volgorde(items, gemeten):
    """The longest files first, so that pytest-xdist (with ``--no-loadscope-reorder``, see the Makefile) hands
    them out first and the run ends with short files on every worker, not with one worker still busy with the
    page walk or the outage test while the others wait (longest processing time first). A file's length is what
    ``gemeten`` says it took, else the estimate of its tests. Inside a file, the tests on a once-per-module fixture
    last (PER_MODULE)."""
    modules, bestanden, geschat = {}, {}, defaultdict(float)
    for item in items:
        module = getattr(item, "module", None)
        modules.setdefault(module, len(modules))
        bestanden.setdefault(module, item.nodeid.split("::")[0])
        geschat[module] += verwachte_duur(item)
    lengte = {module: gemeten.get(bestanden[module], geschat[module]) for module in modules}
    items.sort(key=lambda item: (-lengte[getattr(item, "module", None)], modules[getattr(item, "module", None)],
                                 len(OP_DE_MODULE & set(getattr(item, "fixturenames", ())))))


def pytest_collection_modifyitems(items):
    wereld_van_de_module(items)
    op_volgorde(items, gemeten_duren())


@pytest.fixture(scope="module")
def _esco_van_de_module(django_db_setup, django_db_blocker):
    with een_keer_per_module(django_db_blocker):
        with django_db_blocker.unblock():
            laad_beroepen_en_vaardigheden()
        yield


@pytest.fixture
def esco(db, _esco_van_de_module):
    """All ESCO occupations and skills (140,000 rows, 8 s to load), loaded once per module."""


@pytest.fixture(autouse=True)
def verse_matchingindex(settings, tmp_path_factory, monkeypatch):
    """Each test's database starts over, so the per-process matching index must too, and its versions on disk
    (a folder of its own per test, also for the processes the test starts; created only when one builds)."""
    settings.MATCHINGINDEX_MAP = tmp_path_factory.getbasetemp() / "matchingindex" / uuid.uuid4().hex
    monkeypatch.setenv("MATCHINGINDEX_MAP", str(settings.MATCHINGINDEX_MAP))
    index.vergeet()
    vergeet_referentiedata()
    yield
    index.vergeet()
    vergeet_referentiedata()


@pytest.fixture(autouse=True)
def nederlands():
    """Every test starts in Dutch; a request that switched language must not leak into the next test."""
    translation.activate("nl")
    yield
    translation.activate("nl")


@pytest.fixture(autouse=True)
def verse_cache():
    """Counters in the cache (the bulk brake, allauth's rate limits) belong to one test: ids repeat after a
    rollback, so a count must not carry over to the next test's user with the same id. The factories' regions and
    gemeenten too, before and after: a test may have changed them in its transaction, and a module's fixture may
    read them between two tests."""
    cache.clear()
    vergeet_referenties()
    yield
    vergeet_referenties()


@pytest.fixture(scope="session", autouse=True)
def _geen_verbinding_achtergelaten(django_db_setup, django_db_blocker):
    """At the end of a run nothing but this process may still be connected to the test database: a thread or a
    process a test started and left behind would keep it, and pytest-django could not drop it ("is being accessed
    by other users"). Names who it is (application, client port and the local process behind it, this process's
    threads, and where this process opened that connection), so the leak can be found; a warning, not a failure,
    because the run itself passed."""
    import subprocess
    import threading
    import traceback
    import warnings

    geopend = {}  # backend pid -> thread and stack of whoever opened it in this process
    origineel = Postgres.get_new_connection

    def get_new_connection(self, conn_params):
        verbinding = origineel(self, conn_params)
        with contextlib.suppress(Exception):
            geopend[verbinding.get_backend_pid()] = (
                f"{threading.current_thread().name}, {os.environ.get('PYTEST_CURRENT_TEST', '')}",
                "".join(traceback.format_stack(limit=14)[:-1]))
        return verbinding

    Postgres.get_new_connection = get_new_connection
    yield
    Postgres.get_new_connection = origineel
    if connection.vendor != "postgresql":
        return

    try:
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute("SELECT pid, application_name, client_port, backend_start, state, left(query, 160) "
                           "FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")
            anderen = cursor.fetchall()
    except Exception:  # noqa: BLE001 (the connection itself is gone: nothing to name)
        return
    if not anderen:
        return
    wie = []
    for pid, naam, poort, begin, toestand, query in anderen:
        proces = subprocess.run(["ss", "-tnpH", f"sport = :{poort}"], capture_output=True, text=True,
                                check=False).stdout.strip()
        draad, stapel = geopend.get(pid, ("?", "niet in dit proces geopend\n"))
        wie.append(f"backend {pid} ({naam!r}, sinds {begin:%H:%M:%S}, {toestand}: {query!r}), client {proces}, "
                   f"geopend in draad {draad!r} door:\n{stapel}")
    draden = ", ".join(t.name for t in threading.enumerate() if t is not threading.main_thread())
    warnings.warn("Nog verbonden met de testdatabase aan het eind: " + "; ".join(wie) + f". Draden: {draden or 'geen'}",
                  stacklevel=1)
