"""What the benchmark scripts read off PostgreSQL's plans. Import after ``bench.meten.django_als_productie()``."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def buffers(functie, tabellen):
    """Shared buffers (hit + read) of every SELECT ``functie`` sends on one of ``tabellen``, by EXPLAIN (ANALYZE,
    BUFFERS): the same figure on a quiet and a busy machine. 0 on another database."""
    if connection.vendor != "postgresql":
        return 0
    with CaptureQueriesContext(connection) as ctx:
        functie()
    totaal = 0
    with connection.cursor() as cursor:
        for query in ctx.captured_queries:
            sql = query["sql"]
            if not sql.startswith("SELECT") or not any(f'"{tabel}"' in sql for tabel in tabellen):
                continue
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql.replace("%", "%%"))
            plan = cursor.fetchone()[0][0]["Plan"]
            totaal += plan.get("Shared Hit Blocks", 0) + plan.get("Shared Read Blocks", 0)
    return totaal
