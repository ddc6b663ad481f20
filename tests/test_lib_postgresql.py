"""Prepared statements for the reads a connection repeats (klantreis/lib/postgresql, issue #16): the same rows
as the plain query, fewer plans, nothing lost when PostgreSQL cannot or no longer can run one."""

import decimal
import select
import sys

import psycopg2
import pytest
from django.contrib.auth.models import Permission
from django.db import ProgrammingError, close_old_connections, connection, connections, transaction
from django.db.models import Exists, F, OuterRef, Value
from django.test.utils import CaptureQueriesContext

from conftest import ontbreekt
from klantreis.lib.postgresql.base import Voorbereid, _plaatshouders


def _opnieuw(drempel=3, maximum=256):
    """Nothing prepared on the server, and a state of the connection that knows it."""
    connection.ensure_connection()
    with connection.connection.cursor() as ruw:
        ruw.execute("DEALLOCATE ALL")
    return Voorbereid(drempel=drempel, maximum=maximum)


@pytest.fixture
def schoon():
    """A state of its own on the test connection, with nothing prepared on the server yet; afterwards again a
    state that matches the server (the rest of the test run uses this connection)."""
    if connection.vendor != "postgresql":
        ontbreekt("PostgreSQL nodig")
    bewaard = connection.voorbereid
    connection.voorbereid = _opnieuw()
    yield connection.voorbereid
    connection.voorbereid = _opnieuw(bewaard.drempel, bewaard.maximum) if bewaard is not None else None
    if bewaard is None:
        _opnieuw()


@pytest.fixture
def voorbereid(db, schoon):
    return schoon


def _op_de_server():
    with connection.connection.cursor() as ruw:
        ruw.execute("SELECT name, statement, generic_plans + custom_plans FROM pg_prepared_statements")
        return {naam: (tekst, keer) for naam, tekst, keer in ruw.fetchall()}


def _rechten(begin):
    return list(Permission.objects.filter(codename__startswith=begin).order_by("codename").values_list(
        "codename", flat=True))


def test_the_settings_switch_it_on_for_postgresql():
    if connection.vendor != "postgresql":
        ontbreekt("PostgreSQL nodig")
    assert connection.settings_dict["ENGINE"] == "klantreis.lib.postgresql"
    assert connection.voorbereid is not None and connection.voorbereid.drempel == 3


def test_a_read_repeated_on_a_connection_is_planned_once_and_gives_the_same_rows(voorbereid):
    alle = list(Permission.objects.values_list("codename", flat=True))
    verwacht = {begin: sorted(n for n in alle if n.startswith(begin)) for begin in ("add_", "view_", "delete_")}
    assert all(verwacht.values())
    for _ in range(4):
        for begin, namen in verwacht.items():
            assert _rechten(begin) == namen
    server = _op_de_server()
    sql = Permission.objects.filter(codename__startswith="a").order_by("codename").values_list(
        "codename", flat=True).query
    tekst = _plaatshouders(sql.sql_with_params()[0])
    gevonden = [naam for naam, (statement, _keer) in server.items() if tekst in statement]
    assert len(gevonden) == 1, server
    # Prepared at the third run: 10 of the 12 runs above were EXECUTEs, the plain query ran twice.
    assert server[gevonden[0]][1] == 10
    # What a test or the debug toolbar sees is the query with its values, not "EXECUTE kr_1(...)".
    with CaptureQueriesContext(connection) as queries:
        assert _rechten("view_") == verwacht["view_"]
    assert queries.captured_queries[0]["sql"].startswith("SELECT") and "'view\\_%'" in queries.captured_queries[0]["sql"]


def test_a_value_read_otherwise_in_its_place_runs_as_a_plain_query(voorbereid):
    """``SELECT $1`` makes $1 text, ``integer * $1`` makes $1 an integer: prepared, 1 would come back as '1' and
    1.5 as 2. Such a call runs as the plain query."""
    recht = Permission.objects.order_by("pk").first()
    for _ in range(5):
        rij = Permission.objects.filter(pk=recht.pk).annotate(
            een=Value(1), half=F("pk") * decimal.Decimal("1.5")).values_list("een", "half").get()
        assert rij == (1, recht.pk * decimal.Decimal("1.5"))
        assert type(rij[0]) is int
    # The text in the same place is prepared: a quoted value has no type of its own either way.
    for _ in range(5):
        assert Permission.objects.filter(pk=recht.pk).annotate(t=Value("x")).values_list("t", flat=True).get() == "x"


def _keer_uitgevoerd(deel):
    """How often the server ran the prepared statement whose text contains ``deel`` (None: not prepared)."""
    keer = [k for tekst, k in _op_de_server().values() if deel in tekst]
    assert len(keer) <= 1, keer
    return keer[0] if keer else None


def test_a_whole_number_without_a_type_in_its_place_is_prepared_with_the_type_it_has_written_out(voorbereid):
    """``Exists()`` and ``.exists()`` write ``SELECT 1 AS "a"``: PostgreSQL types that $n as text, so without a
    cast every run was planned again. Prepared as ``$n::integer`` it reads as the query does."""
    recht = Permission.objects.order_by("pk").first()
    zelfde_type = Permission.objects.filter(content_type=OuterRef("content_type"))
    for _ in range(6):
        assert Permission.objects.filter(pk=recht.pk).exists()
        rij = Permission.objects.filter(pk=recht.pk).annotate(
            broer=Exists(zelfde_type.exclude(pk=recht.pk)), een=Value(1), groot=Value(2 ** 40),
            waar=Value(True)).values_list("broer", "een", "groot", "waar").get()
        assert rij == (True, 1, 2 ** 40, True) and type(rij[1]) is int
    assert _keer_uitgevoerd('SELECT $1::integer AS "a" FROM "auth_permission" WHERE') >= 3  # .exists()
    gegoten = [tekst for tekst, _keer in _op_de_server().values() if "::integer" in tekst]
    assert gegoten and all("::bigint" in t and "::boolean" in t for t in gegoten if "groot" in t), gegoten
    assert _keer_uitgevoerd('AS "groot"') >= 3
    # Another kind of value in a place prepared with a cast runs as the plain query: text stays text.
    for waarde in ("1", 2 ** 40, 1.5):
        rij = Permission.objects.filter(pk=recht.pk).annotate(
            broer=Exists(zelfde_type.exclude(pk=recht.pk)), een=Value(waarde), groot=Value(2 ** 40),
            waar=Value(True)).values_list("een", flat=True).get()
        assert rij == waarde and type(rij) is type(waarde)
    with connection.cursor() as cursor:
        for waarde in (7, 7, 7, 7, None, "7"):
            cursor.execute('SELECT %s AS "a"', [waarde])
            assert cursor.fetchone() == (waarde,)
    (keer,) = [k for tekst, k in _op_de_server().values() if tekst.endswith('AS SELECT $1::integer AS "a"')]
    assert keer == 2  # the third and fourth 7 (prepared at the third run); not NULL, not text


def test_a_read_postgresql_cannot_prepare_leaves_the_transaction_as_it_was(voorbereid):
    with transaction.atomic():
        recht = Permission.objects.order_by("pk").first()
        Permission.objects.filter(pk=recht.pk).update(name="Tijdelijk")
        for _ in range(5):
            with connection.cursor() as cursor:
                cursor.execute("SELECT %s IS NULL", [None])  # PostgreSQL: "could not determine data type of $1"
                assert cursor.fetchone() == (True,)
        assert Permission.objects.get(pk=recht.pk).name == "Tijdelijk"
    assert "SELECT %s IS NULL" in voorbereid.niet


def test_a_schema_change_forgets_what_was_prepared(voorbereid):
    for _ in range(4):
        assert _rechten("add_")
    assert _op_de_server()
    with connection.schema_editor():
        pass
    assert _op_de_server() == {} and connection.voorbereid is not voorbereid
    for _ in range(4):
        assert _rechten("add_")
    assert len(_op_de_server()) == 1


def test_a_connection_keeps_at_most_its_maximum(voorbereid):
    connection.voorbereid = klein = Voorbereid(drempel=1, maximum=3)
    for n in range(1, 9):  # eight shapes: the LIMIT is part of the SQL
        assert len(Permission.objects.filter(codename__startswith="add_").values_list("pk", flat=True)[:n]) <= n
    server = _op_de_server()
    assert len(server) == 3 and len(klein.namen) == 3
    # The least recently used went: what is left are the last three.
    assert sorted(tekst.rsplit("LIMIT ", 1)[1] for tekst, _keer in server.values()) == ["6", "7", "8"]


@pytest.mark.django_db(transaction=True)
def test_a_statement_the_server_no_longer_knows_is_read_plainly_and_prepared_again(schoon):
    """As when a pooler in session mode runs DISCARD ALL between two clients of one server connection."""
    for _ in range(4):
        verwacht = _rechten("change_")
    assert _op_de_server()
    with connection.connection.cursor() as ruw:
        ruw.execute("DEALLOCATE ALL")
    assert _rechten("change_") == verwacht  # outside a transaction: read again as a plain query
    for _ in range(3):
        assert _rechten("change_") == verwacht
    assert len(_op_de_server()) == 1
    # In a transaction the failed EXECUTE has aborted it: the error reaches the caller, and the next run works.
    with connection.connection.cursor() as ruw:
        ruw.execute("DEALLOCATE ALL")
    with pytest.raises(Exception, match="does not exist"), transaction.atomic():
        _rechten("change_")
    for _ in range(4):
        assert _rechten("change_") == verwacht


@pytest.mark.django_db(transaction=True)
def test_a_dropped_connection_starts_again_with_nothing_prepared(schoon):
    """The server ends the connection (a restart, a failover, pg_terminate_backend): the statements went with it.
    At the next request Django's health check opens a new connection, with a state of its own."""
    for _ in range(4):
        verwacht = _rechten("view_")
    oude_staat, pid = connection.voorbereid, connection.connection.get_backend_pid()
    assert oude_staat.namen
    instellingen = connection.get_connection_params()
    beheer = psycopg2.connect(**instellingen)
    beheer.autocommit = True
    with beheer.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s, 10000)", [pid])  # returns once the backend is gone
    beheer.close()
    # What the request handler does at the start of every request (CONN_HEALTH_CHECKS, CONN_MAX_AGE).
    connection.close_if_unusable_or_obsolete()
    for _ in range(4):
        assert _rechten("view_") == verwacht
    assert connection.connection.get_backend_pid() != pid
    assert connection.voorbereid is not oude_staat and len(_op_de_server()) == 1


def test_a_search_for_words_anywhere_in_a_text_is_never_prepared(voorbereid):
    """Its best plan depends on the words (a trigram index for a rare name, the caseload for a common one, no trigram
    index for two letters): the generic plan PostgreSQL keeps after five runs took the trigram index for every term,
    and the team's caseload search for "de" went from 75 to 900 ms on the sixth run. A prefix is still prepared."""
    for _ in range(6):
        assert list(Permission.objects.filter(codename__icontains="view").values_list("pk", flat=True))
        assert _rechten("view_")
    zoeken = Permission.objects.filter(codename__icontains="x").values_list("pk", flat=True).query
    prefix = Permission.objects.filter(codename__startswith="a").order_by("codename").values_list(
        "codename", flat=True).query
    server = [tekst for tekst, _keer in _op_de_server().values()]
    assert not [t for t in server if _plaatshouders(zoeken.sql_with_params()[0]) in t], server
    assert [t for t in server if _plaatshouders(prefix.sql_with_params()[0]) in t], server


def _python_aanroepen_van_utf8_decode(doe):
    """How many times ``doe()`` calls a function written in Python in the stdlib's utf-8 codec module."""
    aanroepen = []

    def profiel(frame, gebeurtenis, _arg):
        if gebeurtenis == "call" and frame.f_code.co_filename.endswith(("encodings/utf_8.py", "encodings\\utf_8.py")):
            aanroepen.append(frame.f_code.co_name)

    sys.setprofile(profiel)
    try:
        doe()
    finally:
        sys.setprofile(None)
    return aanroepen


def test_column_names_are_decoded_without_a_python_call_per_column(db):
    """psycopg2 decodes every column name of every result with the Python codec of the connection's encoding; for
    UTF8 that was ``encodings.utf_8.decode``, a Python function, 27 calls per query of a page. Now the C function
    itself, with the same names, non-ASCII included, and the same errors."""
    if connection.vendor != "postgresql":
        ontbreekt("PostgreSQL nodig")
    connection.ensure_connection()
    uitkomst = {}

    def lezen():
        with connection.cursor() as cursor:
            cursor.execute('SELECT 1 AS "één", %s::text AS "naïef", 3 AS gewoon', ["café"])
            uitkomst["namen"] = [kolom.name for kolom in cursor.description]
            uitkomst["rij"] = cursor.fetchone()
            uitkomst["status"] = cursor.cursor.statusmessage

    assert _python_aanroepen_van_utf8_decode(lezen) == []
    assert uitkomst == {"namen": ["één", "naïef", "gewoon"], "rij": (1, "café", 3), "status": "SELECT 1"}
    with pytest.raises(ProgrammingError, match='column "kolom_é" does not exist'), transaction.atomic(), \
            connection.cursor() as cursor:
        cursor.execute("SELECT kolom_é FROM django_content_type")


@pytest.fixture
def zoals_gunicorn(schoon):
    """The test connection kept as gunicorn keeps one (``CONN_MAX_AGE`` > 0, ``CONN_HEALTH_CHECKS``), with every
    ``SELECT 1`` of Django's health check counted (and still sent)."""
    instellingen = connection.settings_dict
    bewaard = instellingen["CONN_MAX_AGE"], instellingen["CONN_HEALTH_CHECKS"]
    instellingen["CONN_MAX_AGE"], instellingen["CONN_HEALTH_CHECKS"] = 60, True
    connection.close()
    connection.ensure_connection()
    gevraagd = []
    klasse = type(connections["default"])
    origineel = klasse.is_usable

    def is_usable(self):
        if self.connection is not None:
            gevraagd.append(self.connection.get_backend_pid() if not self.connection.closed else "dicht")
        return origineel(self)

    klasse.is_usable = is_usable
    try:
        yield gevraagd
    finally:
        klasse.is_usable = origineel
        instellingen["CONN_MAX_AGE"], instellingen["CONN_HEALTH_CHECKS"] = bewaard
        connection.close()


def _verzoek():
    """What the request handler does around a request (``close_old_connections`` at its start and end) with one
    query in it; the backend that answered."""
    close_old_connections()
    _rechten("view_")
    close_old_connections()
    return connection.connection.get_backend_pid()


@pytest.mark.django_db(transaction=True)
def test_a_kept_connection_that_is_well_is_not_asked_select_1(zoals_gunicorn):
    """Django's health check sent ``SELECT 1`` before the first query of every request: a round trip of ~85 µs CPU
    (web process and backend together) per request. A socket with nothing to read is a connection that is well."""
    pids = {_verzoek() for _ in range(5)}
    assert zoals_gunicorn == []
    assert len(pids) == 1


@pytest.mark.django_db(transaction=True)
def test_a_connection_the_server_ended_is_replaced_before_the_request_reads(zoals_gunicorn):
    pid = _verzoek()
    beheer = psycopg2.connect(**connection.get_connection_params())
    beheer.autocommit = True
    with beheer.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s, 10000)", [pid])
    beheer.close()
    nieuw = _verzoek()
    assert nieuw != pid
    assert zoals_gunicorn == [pid]  # its goodbye in the socket: Django's SELECT 1 decided, and it failed
    assert _verzoek() == nieuw


@pytest.mark.django_db(transaction=True)
def test_something_to_read_leaves_the_decision_to_select_1(zoals_gunicorn):
    """A message the server sent unasked (here a notification) is no goodbye: ``SELECT 1`` reads it and the
    connection stays."""
    with connection.connection.cursor() as ruw:
        ruw.execute("LISTEN klantreis_test")
    pid = _verzoek()
    beheer = psycopg2.connect(**connection.get_connection_params())
    beheer.autocommit = True
    with beheer.cursor() as cursor:
        cursor.execute("NOTIFY klantreis_test")
    beheer.close()
    # The listening backend passes it on when it gets to it: wait until it is in the socket.
    assert select.select([connection.connection.fileno()], [], [], 10)[0]
    assert _verzoek() == pid
    assert zoals_gunicorn == [pid]
    with connection.connection.cursor() as ruw:
        ruw.execute("UNLISTEN klantreis_test")


@pytest.mark.django_db
def test_the_generic_plan_of_a_test_leaves_the_connection_as_it_was_also_when_the_read_fails():
    """``tests.plannen.generiek_plan`` prepares a statement of its own, which no rollback removes: a read that failed
    left it behind (the next call: "prepared statement already exists") and aborted the test's transaction, so that
    its clean-up raised instead of the real error."""
    if connection.vendor != "postgresql":
        ontbreekt("PostgreSQL nodig")
    from tests.plannen import generiek_plan

    with connection.cursor() as cursor:
        with pytest.raises(ProgrammingError, match="bestaat_niet"):
            generiek_plan(cursor, "SELECT id FROM bestaat_niet WHERE id = %s", [1])
        plan = generiek_plan(cursor, 'SELECT "id" FROM "auth_permission" WHERE "id" = %s', [1])
        cursor.execute("SHOW plan_cache_mode")
        assert cursor.fetchone()[0] == "auto"
        cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE name = 'kr_test_generiek'")
        assert cursor.fetchone()[0] == 0
    assert plan["Node Type"].endswith("Scan")
    assert Permission.objects.exists()  # the transaction is still usable
