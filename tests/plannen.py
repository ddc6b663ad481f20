"""Query plans in tests: how many rows of a table a query reads, by EXPLAIN ANALYZE on PostgreSQL.

For pages over tables that grow with the country (the verwerkingenlog, the users): a test fills a few hundred rows
and checks that a page reads no more than a page of them. The planner is told what it would find at volume, where
reading the whole table costs more than any index; with a few hundred rows it would otherwise read them all."""

from django.db import connection, transaction

from klantreis.lib.postgresql.base import _gieten, _plaatshouders


def gelezen_rijen(plan, tabel, *, behalve_index_only=False):
    """Rows that the scans of ``tabel`` in an EXPLAIN ANALYZE plan (JSON) read, over all their loops: the rows they
    handed on and the rows their filter dropped. ``behalve_index_only``: not those of index-only scans, which read
    the index alone once VACUUM has marked the table's pages all-visible (as autovacuum does in production; rows a
    test wrote in its own transaction are never all-visible, so their heap fetches say nothing here)."""
    eigen = (plan.get("Relation Name") == tabel and "Scan" in plan["Node Type"]
             and not (behalve_index_only and plan["Node Type"] == "Index Only Scan"))
    rijen = (plan["Actual Rows"] + plan.get("Rows Removed by Filter", 0)) * plan["Actual Loops"] if eigen else 0
    return rijen + sum(gelezen_rijen(kind, tabel, behalve_index_only=behalve_index_only)
                       for kind in plan.get("Plans", []))


def leest_hoogstens(queries, tabel, grens, *, sorteren=False, opzoeken=False, behalve_index_only=False):
    """Each SELECT of ``queries`` (a CaptureQueriesContext) on ``tabel`` reads at most ``grens`` of its rows.

    As at volume: no reading the whole table, and (unless ``sorteren``) no sorting it where an index gives the
    order. With a few hundred rows the two plans cost nearly the same, and dead rows of earlier tests in the same
    database tip the balance (the list of users sorted its 308 rows in CI). Where no index gives the order, the
    planner still sorts, and the test sees every row read. ``sorteren``: a search that finds a few rows sorts them.
    ``opzoeken``: joins look rows up by key (no hash or merge join, and no scan of a whole filtered set kept in memory
    for the join: ``Materialize``), as at volume where a person's few rows meet a table of the whole country; with a
    few hundred rows, hashing or keeping all of them costs the planner less than a handful of lookups (CI: the agenda
    of an accountmanager read all 58 running plaatsingen of the test database, kept for a join with their own).
    Where the query has no way to look up, PostgreSQL still hashes, and the test sees every row read.
    ``behalve_index_only``: rows read by index-only scans do not count (``gelezen_rijen``), and the planner is told
    that ``tabel`` is all-visible, as autovacuum leaves it in production (``alles_zichtbaar``).
    """
    gecontroleerd = 0
    for query in queries.captured_queries:
        sql = query["sql"]
        if f'"{tabel}"' not in sql or not sql.lstrip("(").startswith("SELECT"):
            continue
        gecontroleerd += 1
        with transaction.atomic(), connection.cursor() as cursor:
            if behalve_index_only:
                alles_zichtbaar(cursor, tabel)
            cursor.execute("SET enable_seqscan = off")
            if not sorteren:
                cursor.execute("SET enable_sort = off")
            if opzoeken:
                cursor.execute("SET enable_hashjoin = off")
                cursor.execute("SET enable_mergejoin = off")
                cursor.execute("SET enable_material = off")
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql.replace("%", "%%"))
            plan = cursor.fetchone()[0]
            cursor.execute("RESET enable_seqscan")
            cursor.execute("RESET enable_sort")
            cursor.execute("RESET enable_hashjoin")
            cursor.execute("RESET enable_mergejoin")
            cursor.execute("RESET enable_material")
            transaction.set_rollback(True)  # the statistics of alles_zichtbaar
        assert gelezen_rijen(plan[0]["Plan"], tabel, behalve_index_only=behalve_index_only) <= grens, (
            sql, _knopen(plan[0]["Plan"]))
    assert gecontroleerd, f"geen query op {tabel}: deze controle zou niets controleren"


def _knopen(plan, diepte=0):
    """The plan as indented lines (node, relation, index, rows read): what a failing check prints."""
    regel = (f"{'  ' * diepte}{plan['Node Type']} {plan.get('Relation Name', '')} {plan.get('Index Name', '')} "
             f"rows={plan.get('Actual Rows')}x{plan.get('Actual Loops')} "
             f"removed={plan.get('Rows Removed by Filter', 0)}")
    return "\n".join([regel] + [_knopen(kind, diepte + 1) for kind in plan.get("Plans", [])])


def generiek_gelezen(queryset, tabel, *, sorteren=False):
    """Rows of ``tabel`` that ``queryset`` reads with the plan a prepared statement may keep for any values (its
    generic plan), as the connection runs a read it repeats (klantreis/lib/postgresql): planned without knowing the
    values, so for a value as common as the average one. Joins look rows up by key and (unless ``sorteren``) an index
    gives the order, as at volume (see ``leest_hoogstens``)."""
    return generiek_gelezen_sql(*queryset.query.sql_with_params(), tabel, sorteren=sorteren)


def generiek_gelezen_sql(sql, params, tabel, *, sorteren=False):
    """``generiek_gelezen`` for SQL as it was sent (a read compiled once per process, ``vaste_vorm``)."""
    instellingen = ["enable_seqscan = off", "enable_hashjoin = off", "enable_mergejoin = off"] + (
        [] if sorteren else ["enable_sort = off"])
    with connection.cursor() as cursor:
        for instelling in instellingen:
            cursor.execute(f"SET {instelling}")
        try:
            plan = generiek_plan(cursor, sql, params)
        finally:
            for instelling in instellingen:
                cursor.execute(f"RESET {instelling.split()[0]}")
    return gelezen_rijen(plan, tabel), _knopen(plan)


def herhaald_gelezen_sql(sql, params, tabel):
    """Rows of ``tabel`` that ``sql`` reads on its seventh run as a prepared statement with these values: the plan
    PostgreSQL chooses for a read a connection repeats (klantreis/lib/postgresql). After five runs planned with the
    values it keeps its generic plan, unless that is costlier than those were: so what counts is not the generic plan
    alone but whether PostgreSQL takes it."""
    with connection.cursor() as cursor:
        plan = generiek_plan(cursor, sql, params, herhalingen=6)
    return gelezen_rijen(plan, tabel), _knopen(plan)


def generiek_plan(cursor, sql, params, *, herhalingen=None):
    """The generic plan (EXPLAIN ANALYZE, JSON, its top node) of ``sql`` prepared as the PostgreSQL backend prepares
    it: the plan PostgreSQL keeps for a read a connection repeats, made without knowing the values. A value that
    PostgreSQL types as text for want of context (``SELECT %s AS "a"`` of an ``Exists``) is cast as the backend
    casts it. Under a savepoint: a statement that fails leaves the caller's transaction usable, and the prepared
    statement (which no rollback removes) is dropped whatever happens."""
    try:
        with transaction.atomic():
            cursor.execute("PREPARE kr_test_generiek AS " + _plaatshouders(sql))
            cursor.execute("SELECT parameter_types::text[] FROM pg_prepared_statements WHERE name = 'kr_test_generiek'")
            gegoten = _gieten(params, cursor.fetchone()[0] or ())
            if gegoten:
                cursor.execute("DEALLOCATE kr_test_generiek")
                cursor.execute("PREPARE kr_test_generiek AS " + _plaatshouders(sql, gegoten))
            waarden = ", ".join(["%s"] * len(params))
            if herhalingen is None:
                cursor.execute("SET plan_cache_mode = force_generic_plan")
            for _ in range(herhalingen or 0):  # as the connection runs it: PostgreSQL chooses its plan
                cursor.execute(f"EXECUTE kr_test_generiek({waarden})" if params else "EXECUTE kr_test_generiek",
                               params or None)
            cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE kr_test_generiek({waarden})" if params else
                           "EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE kr_test_generiek", params or None)
            return cursor.fetchone()[0][0]["Plan"]
    finally:
        cursor.execute("RESET plan_cache_mode")
        cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE name = 'kr_test_generiek'")
        if cursor.fetchone()[0]:
            cursor.execute("DEALLOCATE kr_test_generiek")


def alleen_uit_een_index(queryset, tabel):
    """Whether PostgreSQL can answer ``queryset`` from an index of ``tabel`` alone, as at volume (``tabel``
    all-visible, ``alles_zichtbaar``): with sequential and bitmap scans turned off (a turned-off scan stays possible,
    at a prohibitive cost), the plan reads ``tabel`` with index-only scans only. Plain index scans stay on:
    PostgreSQL considers index-only scans only with them. Nothing of this outlives the call. The plan as text, for
    the failure message."""
    sql, params = queryset.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        alles_zichtbaar(cursor, tabel)
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0][0]["Plan"]
        transaction.set_rollback(True)
    gevonden = scans(plan, tabel)
    return bool(gevonden) and all(knoop["Node Type"] == "Index Only Scan" for knoop in gevonden), _knopen(plan)


def alles_zichtbaar(cursor, tabel):
    """Tell the planner, in the caller's transaction (which rolls it back), that every page of ``tabel`` is
    all-visible: what autovacuum gives a table in production. Rows a test wrote in its own transaction never are,
    and then an index-only scan costs the planner what a plain one does."""
    cursor.execute("UPDATE pg_class SET relallvisible = relpages WHERE oid = %s::regclass", [tabel])


def scans(plan, tabel):
    """The scan nodes of ``tabel`` in a plan (JSON), each with its node type, index and conditions."""
    eigen = [plan] if plan.get("Relation Name") == tabel and "Scan" in plan["Node Type"] else []
    return eigen + [knoop for kind in plan.get("Plans", []) for knoop in scans(kind, tabel)]

