#!/usr/bin/env python
"""The pages of the load benchmark one at a time, one user: where the time of each page goes.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/klantreis_belasting_bench \\
        .venv/bin/python bench/paginas.py --herhalingen 10 --explain 2 --profiel 12

Prints figures, passes or fails nothing. For every page of the four role scenarios of ``bench/load.py`` (the same
people, the same URLs) it requests the page through Django's test client with the production settings of the load
run (DEBUG off, cached templates): wall time p50/p95 over ``--herhalingen``, the number of queries and their total
time, the slowest ``--explain`` queries with their ``EXPLAIN (ANALYZE, BUFFERS)`` on PostgreSQL, and with
``--profiel N`` the N functions with the most own time in one request (cProfile), with ``--sjablonen N`` the N
template lines with the most own time (a lazy queryset counts at the line that first reads it), with
``--database-cpu N`` the N queries that cost the PostgreSQL backend the most CPU per request (its CPU time read from
/proc before and after each query: a write such as the verwerkingenlog's INSERT costs there what no plan shows).
In the same run, as the baseline for the noise of the machine, /health/ and the public start page. Beside the wall
time the CPU time of the page (``time.process_time``) and, when PostgreSQL runs on this machine, the CPU time of its
backend per request (``database-cpu``, from /proc): on a busy machine those are the figures that say what a page
costs.

It writes what a visit writes (sessions, audit rows, last_login): run it on a copy of the benchmark database.
"""

import argparse
import cProfile
import io
import os
import pstats
import re
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load import VOLGENDE, scenarios_maken, server_env  # noqa: E402


def _server_cpu():
    """CPU seconds of this connection's PostgreSQL backend so far, when the server runs on this machine (its
    process is in /proc); None otherwise (another machine, SQLite)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    connection.ensure_connection()
    pid = connection.connection.get_backend_pid()
    try:  # nanoseconds on the CPU (/proc/<pid>/stat counts in 10 ms ticks)
        return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0]) / 1e9
    except (OSError, ValueError, IndexError):
        return None


def uitlegbaar(sql):
    """Whether ``EXPLAIN ANALYZE`` may run ``sql`` again: a read (``SELECT``, also a UNION that starts with a
    bracket: "Wie past erbij?" reads its kandidaten so), not a write (the verwerkingenlog's ``WITH regel AS (INSERT
    ...)`` would add a line each time it is explained)."""
    kop = sql.lstrip().lstrip("(").lstrip().upper()
    return kop.startswith("SELECT") or (kop.startswith("WITH") and not re.search(r"\b(INSERT|UPDATE|DELETE)\b", kop))


def tijden(client, url, herhalingen):
    """Wall time p50/p95, the median CPU time of this process (the view runs in it) and the mean CPU time of the
    database backend per request (None when it cannot be read): on a busy machine the wall time mostly measures
    the other processes, the CPU times what the page itself costs."""
    client.get(url)  # warm: the first request pays for caches every later request has
    gemeten, cpu = [], []
    server_begin = _server_cpu()
    for _ in range(herhalingen):
        begin, begin_cpu = time.perf_counter(), time.process_time()
        antwoord = client.get(url)
        gemeten.append((time.perf_counter() - begin) * 1000)
        cpu.append((time.process_time() - begin_cpu) * 1000)
    server_eind = _server_cpu()
    server = None if server_begin is None or server_eind is None else (server_eind - server_begin) / herhalingen * 1000
    gemeten.sort()
    return (antwoord, statistics.median(gemeten), gemeten[min(len(gemeten) - 1, int(len(gemeten) * 0.95))],
            statistics.median(cpu), server)


class Sjablonen:
    """Exclusive time per template line (a node and what it evaluates: a lazy queryset in ``{% if %}`` counts
    where it is first read), by wrapping Django's ``Node.render_annotated`` while it is switched on."""

    def __init__(self):
        from django.template import base

        self.base, self.origineel = base, base.Node.render_annotated
        self.tijd, self.keer, self.stapel = defaultdict(float), defaultdict(int), []

    def __enter__(self):
        origineel, tijd, keer, stapel = self.origineel, self.tijd, self.keer, self.stapel

        def render_annotated(node, context):
            begin = time.perf_counter()
            stapel.append(0.0)
            try:
                return origineel(node, context)
            finally:
                duur = time.perf_counter() - begin
                binnen = stapel.pop()
                if stapel:
                    stapel[-1] += duur
                bron, token = getattr(node, "origin", None), getattr(node, "token", None)
                sleutel = (bron.template_name if bron else "?", token.lineno if token else 0,
                           token.contents[:80] if token else type(node).__name__)
                tijd[sleutel] += duur - binnen
                keer[sleutel] += 1

        self.base.Node.render_annotated = render_annotated
        return self

    def __exit__(self, *exc):
        self.base.Node.render_annotated = self.origineel

    def regels(self, aantal, herhalingen):
        totaal = sum(self.tijd.values()) / herhalingen * 1000
        uit = [f"    sjablonen samen {totaal:.2f} ms per verzoek (met meetkosten); de duurste regels:"]
        for (naam, regel, inhoud), duur in sorted(self.tijd.items(), key=lambda x: -x[1])[:aantal]:
            uit.append(f"    {duur / herhalingen * 1000:7.3f} ms {self.keer[(naam, regel, inhoud)] // herhalingen:4d}x  "
                       f"{naam}:{regel}  {{% {inhoud} %}}")
        return uit


def database_cpu_per_query(client, url, herhalingen, aantal):
    """The ``aantal`` queries of a page that cost the PostgreSQL backend the most CPU per request: its CPU time
    (/proc/<pid>/schedstat, nanoseconds) before and after each query, over ``herhalingen`` requests."""
    from django.db import connection

    if _server_cpu() is None:
        return ["    database-cpu per query: alleen met PostgreSQL op deze machine"]
    per_query, keer = defaultdict(float), defaultdict(int)

    def meten(execute, sql, params, many, context):
        begin = _server_cpu()
        try:
            return execute(sql, params, many, context)
        finally:
            sleutel = re.sub(r"\s+", " ", sql)[:150]
            per_query[sleutel] += _server_cpu() - begin
            keer[sleutel] += 1

    with connection.execute_wrapper(meten):
        for _ in range(herhalingen):
            client.get(url)
    uit = [f"    database-cpu per query (ms per verzoek, samen {sum(per_query.values()) / herhalingen * 1000:.2f}):"]
    for sleutel, seconden in sorted(per_query.items(), key=lambda x: -x[1])[:aantal]:
        uit.append(f"    {seconden / herhalingen * 1000:7.3f} ms {keer[sleutel] // herhalingen:3d}x  {sleutel}")
    return uit


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gebruikers", type=int, default=4, help="scenario's (rollen om de beurt), zoals load.py")
    parser.add_argument("--herhalingen", type=int, default=10)
    parser.add_argument("--explain", type=int, default=2, help="de traagste N queries per pagina met hun plan")
    parser.add_argument("--profiel", type=int, default=0, help="de N functies met de meeste eigen tijd")
    parser.add_argument("--sjablonen", type=int, default=0, help="de N sjabloonregels met de meeste eigen tijd")
    parser.add_argument("--alleen", default="", help="alleen pagina's waarvan de naam dit bevat")
    parser.add_argument("--database-cpu", type=int, default=0,
                        help="de N queries met de meeste CPU van de PostgreSQL-backend per verzoek")
    args = parser.parse_args()

    os.environ.update(server_env(argparse.Namespace(conn_max_age=None)))
    os.environ["ALLOWED_HOSTS"] = "testserver"
    scenarios = scenarios_maken(args.gebruikers)  # django.setup() happens here, with the server's environment

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User

    print(f"{args.gebruikers} scenario's, {args.herhalingen} herhalingen per pagina; database "
          f"{connection.settings_dict['NAME']} ({connection.vendor})")
    basis = Client()
    for naam, url in (("baseline: /health/", "/health/"), ("baseline: publieke startpagina", "/")):
        _a, p50, p95, cpu, server = tijden(basis, url, args.herhalingen)
        print(f"\n{naam:44} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  cpu {cpu:6.1f} ms{_server(server)}")

    gezien = set()
    for scenario in scenarios:
        client = Client()
        client.force_login(User.objects.get(email=scenario["email"]))
        paginas = []
        for naam, url in scenario["paginas"]:
            if naam in gezien or url is None or args.alleen not in naam:
                continue
            gezien.add(naam)
            paginas.append((naam, url))
            if naam == "caseload: eerste pagina":
                gevonden = VOLGENDE.search(client.get(url).content.decode())
                if gevonden and args.alleen in "caseload: volgende pagina":
                    volgende = gevonden.group(1).replace("&amp;", "&")
                    paginas.append(("caseload: volgende pagina", url + volgende if volgende.startswith("?")
                                    else volgende))
                    gezien.add("caseload: volgende pagina")
        for naam, url in paginas:
            antwoord, p50, p95, cpu, server = tijden(client, url, args.herhalingen)
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            ms = sum(float(q["time"]) for q in queries.captured_queries) * 1000
            print(f"\n{naam:44} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  cpu {cpu:6.1f} ms{_server(server)}  "
                  f"status {antwoord.status_code} {len(antwoord.content) / 1024:.0f} kB  "
                  f"{len(queries)} queries {ms:.1f} ms  ({url})")
            traagste = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:args.explain]
            for q in traagste:
                sql = q["sql"]
                kort = re.sub(r"\s+", " ", sql)[:300]
                print(f"  {float(q['time']) * 1000:7.1f} ms  {kort}")
                if connection.vendor == "postgresql" and uitlegbaar(sql):
                    with connection.cursor() as cursor:
                        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                        for (regel,) in cursor.fetchall():
                            print(f"           {regel}")
            if args.sjablonen:
                with Sjablonen() as sjablonen:
                    for _ in range(args.herhalingen):
                        client.get(url)
                print("\n".join(sjablonen.regels(args.sjablonen, args.herhalingen)))
            if args.database_cpu:
                print("\n".join(database_cpu_per_query(client, url, args.herhalingen, args.database_cpu)))
            if args.profiel:
                profiel = cProfile.Profile()
                profiel.enable()
                client.get(url)
                profiel.disable()
                uit = io.StringIO()
                pstats.Stats(profiel, stream=uit).sort_stats("tottime").print_stats(args.profiel)
                regels = uit.getvalue().splitlines()
                begin = next((i for i, r in enumerate(regels) if r.strip().startswith("ncalls")), 0)
                for regel in regels[begin:]:
                    if regel.strip():
                        print(f"    {regel[:160]}")


def _server(ms):
    return "" if ms is None else f"  database-cpu {ms:5.2f} ms"


if __name__ == "__main__":
    main()
