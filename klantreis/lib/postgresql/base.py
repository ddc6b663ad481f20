"""Django's PostgreSQL backend (psycopg2) that plans a read once per connection: prepared statements.

On the pages of the load benchmark PostgreSQL spends most of a read on planning it: a page's reads are index
lookups that run in 0.01-0.15 ms, and planning them takes 0.1-1.5 ms (``EXPLAIN ANALYZE`` of every read of a
load run, ``docs/benchmarks.md``, "Tiende sessie"). psycopg 3 prepares a query once a connection has run it a few
times; psycopg2, the driver of this project, has no such thing. This backend does the same with SQL's
``PREPARE``/``EXECUTE``:

- a SELECT that a connection runs for the ``drempel``-th time (the same SQL text; the values may differ) is
  prepared as ``PREPARE kr_N AS <the SQL with $1..$n>`` and from then on runs as ``EXECUTE kr_N(<the values>)``;
  psycopg2 adapts the values as it always did. PostgreSQL plans the first five runs with their values and then
  keeps one generic plan when that is not costlier;
- at most ``maximum`` statements per connection; the least recently used is deallocated;
- a prepared statement gives the same rows as the query: PostgreSQL infers the type of each ``$n`` from where it
  stands, and where that type would read a value otherwise than the query with the value written out does (a
  number where the inferred type is text or an integer, a moment where it is a date, ...), that call runs as a
  plain query. A SELECT that PostgreSQL cannot prepare runs as a plain query; inside a transaction the PREPARE
  is tried under a savepoint, so a failure leaves the transaction as it was;
- where PostgreSQL can infer no type for a ``$n`` (it says ``text``) and the value is a whole number or a boolean,
  as in the ``SELECT 1 AS "a"`` of Django's ``Exists()`` and ``.exists()`` or a ``Value(0)`` in a union, the
  statement is prepared with ``$n::integer`` (``bigint``, ``boolean``): the type PostgreSQL gives that value
  written out, so the statement reads as the query does. A later call with another kind of value in that place
  runs as a plain query. Without this, every such read was planned again on every run;
- a schema change on the connection deallocates everything (PostgreSQL refuses a cached plan whose result type
  changed); a statement the server no longer knows (or whose plan it refuses) is prepared again, and outside a
  transaction that call runs as a plain query;
- debug output and ``CaptureQueriesContext`` show the query with its values, not the EXECUTE;
- a search for words anywhere in a text (``LIKE '%...%'``, Django's ``contains`` and ``icontains``) is never
  prepared: its best plan depends on the words. A rare name comes from a trigram index, a common one ("jan") from
  the person's own rows, and two letters ("de") from no trigram index at all. The generic plan PostgreSQL keeps
  after five runs took the trigram index for every term: the team's caseload search for "de" went from 75 ms to
  900 ms on its sixth run (docs/benchmarks.md, zevenentwintigste sessie). A prefix (``LIKE 'abc%'``) is prepared.

``DATABASE_PREPARED_STATEMENTS=false`` switches it off; behind PgBouncer in transaction pooling it is off, because
the next transaction may run on another server connection, which does not know the statement.

The health check of a kept connection (``CONN_HEALTH_CHECKS``) asks the socket before it asks the server. Django
sends ``SELECT 1`` before the first query of every request: a round trip that costs the web process ~40 µs and the
backend ~45 µs of CPU (measured on these machines), on every request. A connection the server ended (a restart, a
failover, ``pg_terminate_backend``, ``idle_session_timeout``) has its goodbye (an error message, then the end of
the stream) waiting in the socket; a connection that is well has nothing there, since nothing was asked. So: nothing
to read, open and idle on the client's side, and the connection is taken as it is; anything else (something to
read, an error on the socket, a transaction left open) and Django's ``SELECT 1`` decides, as before. Neither way
sees a server that vanished without a word (a network that drops everything): then the first query fails, as it
would have after a ``SELECT 1`` that answered a moment earlier.
"""

import codecs
import datetime
import decimal
import itertools
import re
import select
from collections import OrderedDict

import psycopg2
import psycopg2.extensions
from django.conf import settings
from django.db.backends.postgresql import base, operations

# psycopg2 decodes the name of every column of every result (and each status message) with the Python codec it looks
# up for the connection's encoding (``psycopg2.extensions.encodings``): for UTF8 ``encodings.utf_8.decode``, a
# function written in Python around the C function ``codecs.utf_8_decode``; values have a decoder in C of their
# own. A page reads 5-20 results of 5-60 columns: 27 calls per query, 2.2% of the CPU of the load mix. The same
# codec without the Python layer: the decoder is ``codecs.utf_8_decode`` itself. Called as psycopg2 calls it (the
# bytes only) it does not raise on an incomplete character at the very end, which a name PostgreSQL sends in UTF8
# never has; anything else that is not UTF8 still raises, as before.
UTF8_CODEC = "klantreis_utf_8"


def _codec_zoeken(naam):
    if naam == UTF8_CODEC:
        return codecs.CodecInfo(name=UTF8_CODEC, encode=codecs.utf_8_encode, decode=codecs.utf_8_decode)
    return None


codecs.register(_codec_zoeken)
for _pg_naam in ("UTF8", "UNICODE"):
    if psycopg2.extensions.encodings.get(_pg_naam) == "utf_8":
        psycopg2.extensions.encodings[_pg_naam] = UTF8_CODEC

# A statement that is not (or no longer) known on the server, and "cached plan must not change result type".
_STATEMENT_WEG = {"26000", "0A000"}
_LEZEN = ("SELECT ", "(SELECT ")
_PLAATSHOUDER = re.compile(r"%[s%]")

_GETAL = frozenset({"smallint", "integer", "bigint", "numeric", "real", "double precision", "oid"})
_KOMMA = frozenset({"numeric", "real", "double precision"})
_MOMENT = frozenset({"timestamp with time zone", "timestamp without time zone"})
_DATUM = _MOMENT | {"date"}
_TIJD = frozenset({"time without time zone", "time with time zone"})


def _past(waarde, soort):
    """Whether PostgreSQL reads ``waarde`` (as psycopg2 writes it out) as a ``$n`` of type ``soort`` the same as
    it reads the value written into the query itself."""
    if waarde is None or isinstance(waarde, str):
        return True  # a quoted literal has no type of its own: the place decides, as for $n
    if isinstance(waarde, bool):
        return soort == "boolean"
    if isinstance(waarde, int):
        return soort in _GETAL
    if isinstance(waarde, (float, decimal.Decimal)):
        return soort in _KOMMA
    if isinstance(waarde, datetime.datetime):
        return soort in _MOMENT
    if isinstance(waarde, datetime.date):
        return soort in _DATUM
    if isinstance(waarde, datetime.time):
        return soort in _TIJD
    if isinstance(waarde, datetime.timedelta):
        return soort == "interval"
    if isinstance(waarde, (list, tuple)):
        return soort.endswith("[]")
    return soort not in ("text", "unknown")  # Json, UUID, ...: psycopg2 writes them with their type


def _plaatshouders(sql, soorten=None):
    """psycopg2's ``%s`` placeholders as ``$1``, ``$2``, ...; ``%%`` as the ``%`` it stands for. ``soorten``:
    {position (from 0): type} for the placeholders written with a cast, ``$n::type``."""
    teller = itertools.count(1)
    soorten = soorten or {}

    def vervang(m):
        if m.group() == "%%":
            return "%"
        n = next(teller)
        soort = soorten.get(n - 1)
        return f"${n}::{soort}" if soort else f"${n}"

    return _PLAATSHOUDER.sub(vervang, sql)


def _soort_uitgeschreven(waarde):
    """The type PostgreSQL gives ``waarde`` as psycopg2 writes it into a query, for a value written as a typed
    constant (a whole number, a boolean); None for anything else (a quoted value has no type of its own)."""
    if isinstance(waarde, bool):
        return "boolean"
    if isinstance(waarde, int):
        if -(2 ** 31) <= waarde < 2 ** 31:
            return "integer"
        if -(2 ** 63) <= waarde < 2 ** 63:
            return "bigint"
    return None


def _gieten(params, soorten):
    """{position: type} of the values PostgreSQL typed as text for want of context that are written out as typed
    constants: prepared with that cast they read as in the query."""
    return {i: soort for i, (waarde, plek) in enumerate(zip(params or (), soorten))
            if plek in ("text", "unknown") and (soort := _soort_uitgeschreven(waarde))}


class Voorbereid:
    """The prepared statements of one server connection: SQL text -> (name, the types of its parameters)."""

    def __init__(self, *, drempel, maximum):
        self.drempel, self.maximum = drempel, maximum
        self.namen = OrderedDict()
        self.gezien = {}
        self.niet = set()
        self.opruimen = []
        self.teller = itertools.count(1)

    def statement(self, cursor, sql, params):
        """The name to EXECUTE for ``sql`` with these values, or None: run it as a plain query."""
        if params and any(isinstance(waarde, str) and waarde.startswith("%") for waarde in params):
            return None  # a search for words anywhere in a text (LIKE '%...%'): see the module's docstring
        gevonden = self.namen.get(sql)
        if gevonden is None:
            if sql in self.niet:
                return None
            keer = self.gezien.get(sql, 0) + 1
            if keer < self.drempel:
                if len(self.gezien) >= 8 * self.maximum:
                    self.gezien.clear()
                self.gezien[sql] = keer
                return None
            self.gezien.pop(sql, None)
            gevonden = self._voorbereiden(cursor, sql, params)
            if gevonden is None:
                return None
        else:
            self.namen.move_to_end(sql)
        naam, soorten, gegoten = gevonden
        if params and not all(map(_past, params, soorten)):
            return None
        if gegoten and not all(_soort_uitgeschreven(params[i]) == soorten[i] for i in gegoten):
            return None  # in a place prepared with a cast: only the kind of value the cast stands for (not NULL)
        return naam

    def _voorbereiden(self, cursor, sql, params):
        verbinding = cursor.connection
        if verbinding.get_transaction_status() == psycopg2.extensions.TRANSACTION_STATUS_INERROR:
            return None
        while len(self.namen) >= self.maximum:
            self.opruimen.append(self.namen.popitem(last=False)[1][0])
        naam = f"kr_{next(self.teller)}"
        tekst = sql if params is None else _plaatshouders(sql)
        in_transactie = not verbinding.autocommit
        with psycopg2.extensions.cursor(verbinding) as ruw:
            if in_transactie:
                ruw.execute("SAVEPOINT kr_voorbereiden")
            opgeruimd = False
            try:
                # DEALLOCATE and PREPARE are no part of a transaction (a rollback undoes neither), but a failing
                # one would abort it: hence the savepoint.
                for oud in self.opruimen:
                    ruw.execute(f"DEALLOCATE {oud}")
                opgeruimd = True
                ruw.execute(f"PREPARE {naam} AS {tekst}")
                soorten = self._soorten(ruw, naam)
                gegoten = _gieten(params, soorten)
                if gegoten:
                    ruw.execute(f"DEALLOCATE {naam}")
                    ruw.execute(f"PREPARE {naam} AS {_plaatshouders(sql, gegoten)}")
                    soorten = self._soorten(ruw, naam)
            except psycopg2.Error:
                if in_transactie:
                    ruw.execute("ROLLBACK TO SAVEPOINT kr_voorbereiden")
                    ruw.execute("RELEASE SAVEPOINT kr_voorbereiden")
                if opgeruimd:  # the PREPARE failed, not a DEALLOCATE
                    if len(self.niet) >= 8 * self.maximum:
                        self.niet.clear()
                    self.niet.add(sql)
                self.opruimen.clear()
                return None
            self.opruimen.clear()
            if in_transactie:
                ruw.execute("RELEASE SAVEPOINT kr_voorbereiden")
        self.namen[sql] = (naam, soorten, tuple(gegoten))
        return self.namen[sql]

    @staticmethod
    def _soorten(ruw, naam):
        ruw.execute("SELECT parameter_types::text[] FROM pg_prepared_statements WHERE name = %s", [naam])
        return tuple(ruw.fetchone()[0] or ())

    def vergeet(self, sql, *, bestaat):
        """A statement the server no longer knows (or whose cached plan it refuses): prepared again later."""
        gevonden = self.namen.pop(sql, None)
        if gevonden is not None and bestaat:
            self.opruimen.append(gevonden[0])


class VoorbereidendeCursor(psycopg2.extensions.cursor):
    voorbereid = None
    oorspronkelijk = None

    def execute(self, query, vars=None):
        if (self.voorbereid is not None and isinstance(query, str) and query.startswith(_LEZEN)
                and not isinstance(vars, dict)):
            naam = self.voorbereid.statement(self, query, vars)
            if naam is not None:
                self.oorspronkelijk = (query, vars)
                try:
                    if vars:
                        return super().execute(f"EXECUTE {naam}({', '.join(['%s'] * len(vars))})", vars)
                    return super().execute(f"EXECUTE {naam}")
                except psycopg2.Error as fout:
                    if fout.pgcode not in _STATEMENT_WEG:
                        raise
                    self.voorbereid.vergeet(query, bestaat=fout.pgcode != "26000")
                    if not self.connection.autocommit:
                        raise  # the transaction is aborted: only the caller can start again
                    # Outside a transaction nothing was lost: the query runs as a plain one.
        self.oorspronkelijk = None
        return super().execute(query, vars)


class DatabaseOperations(operations.DatabaseOperations):
    def last_executed_query(self, cursor, sql, params):
        oorspronkelijk = getattr(cursor, "oorspronkelijk", None)
        if oorspronkelijk is not None:
            query, waarden = oorspronkelijk
            return query if waarden is None else cursor.mogrify(query, waarden).decode()
        return super().last_executed_query(cursor, sql, params)


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
    voorbereid = None

    def get_new_connection(self, conn_params):
        verbinding = super().get_new_connection(conn_params)
        drempel = getattr(settings, "DATABASE_PREPARE_THRESHOLD", None)
        self.voorbereid = None if drempel is None else Voorbereid(
            drempel=drempel, maximum=getattr(settings, "DATABASE_PREPARED_MAX", 256))
        return verbinding

    def create_cursor(self, name=None):
        if name or self.voorbereid is None:
            return super().create_cursor(name)
        cursor = self.connection.cursor(cursor_factory=VoorbereidendeCursor)
        cursor.tzinfo_factory = self.tzinfo_factory if settings.USE_TZ else None
        cursor.voorbereid = self.voorbereid
        return cursor

    def close_if_health_check_failed(self):
        if (self.connection is not None and self.health_check_enabled and not self.health_check_done
                and not self.pool and self._niets_te_lezen()):
            self.health_check_done = True
            return
        super().close_if_health_check_failed()

    def _niets_te_lezen(self):
        """Whether the connection is open and idle on the client's side and its socket holds nothing to read: no
        goodbye from the server (see the module's docstring). A poll of the socket, no round trip."""
        verbinding = self.connection
        try:
            if verbinding.closed or verbinding.get_transaction_status() != psycopg2.extensions.TRANSACTION_STATUS_IDLE:
                return False
            peiler = select.poll()
            peiler.register(verbinding.fileno(), select.POLLIN | select.POLLPRI)
            return not peiler.poll(0)  # also POLLHUP and POLLERR, which poll reports whatever was asked
        except (psycopg2.Error, OSError, ValueError):
            return False

    def schema_editor(self, *args, **kwargs):
        if self.voorbereid is not None and self.connection is not None:
            with psycopg2.extensions.cursor(self.connection) as ruw:
                ruw.execute("DEALLOCATE ALL")
            self.voorbereid = Voorbereid(drempel=self.voorbereid.drempel, maximum=self.voorbereid.maximum)
        return super().schema_editor(*args, **kwargs)
