#!/usr/bin/env python
"""The pages of the load benchmark one at a time, one user: where the time of each page goes.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/klantreis_belasting_bench \\
        .venv/bin/python bench/paginas.py --herhalingen 10 --explain 2 --profiel 12

Prints figures, passes or fails nothing. For every page of the four role scenarios of ``bench/load.py`` (the same
people, the same URLs) it requests the page through Django's test client with the production settings of the load
run (DEBUG off, cached templates): wall time p50/p95 over ``--herhalingen``, the number of queries and their total
time, the slowest ``--explain`` queries with their ``EXPLAIN (ANALYZE, BUFFERS)`` on PostgreSQL, and with
``--profiel N`` the N functions with the most own time in one request (cProfile). In the same run, as the baseline
for the noise of the machine, /health/ and the public start page. Beside the wall time the CPU time of the page
(``time.process_time``): on a busy machine that is the figure that says what a page costs.

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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load import VOLGENDE, scenarios_maken, server_env  # noqa: E402


def tijden(client, url, herhalingen):
    """Wall time p50/p95 and the median CPU time of this process (the view runs in it): on a busy machine the
    wall time mostly measures the other processes, the CPU time what the page itself costs."""
    client.get(url)  # warm: the first request pays for caches every later request has
    gemeten, cpu = [], []
    for _ in range(herhalingen):
        begin, begin_cpu = time.perf_counter(), time.process_time()
        antwoord = client.get(url)
        gemeten.append((time.perf_counter() - begin) * 1000)
        cpu.append((time.process_time() - begin_cpu) * 1000)
    gemeten.sort()
    return (antwoord, statistics.median(gemeten), gemeten[min(len(gemeten) - 1, int(len(gemeten) * 0.95))],
            statistics.median(cpu))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gebruikers", type=int, default=4, help="scenario's (rollen om de beurt), zoals load.py")
    parser.add_argument("--herhalingen", type=int, default=10)
    parser.add_argument("--explain", type=int, default=2, help="de traagste N queries per pagina met hun plan")
    parser.add_argument("--profiel", type=int, default=0, help="de N functies met de meeste eigen tijd")
    parser.add_argument("--alleen", default="", help="alleen pagina's waarvan de naam dit bevat")
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
        _a, p50, p95, cpu = tijden(basis, url, args.herhalingen)
        print(f"\n{naam:44} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  cpu {cpu:6.1f} ms")

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
            antwoord, p50, p95, cpu = tijden(client, url, args.herhalingen)
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            ms = sum(float(q["time"]) for q in queries.captured_queries) * 1000
            print(f"\n{naam:44} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  cpu {cpu:6.1f} ms  "
                  f"status {antwoord.status_code}  "
                  f"{len(queries)} queries {ms:.1f} ms  ({url})")
            traagste = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:args.explain]
            for q in traagste:
                sql = q["sql"]
                kort = re.sub(r"\s+", " ", sql)[:300]
                print(f"  {float(q['time']) * 1000:7.1f} ms  {kort}")
                if connection.vendor == "postgresql" and sql.lstrip().upper().startswith("SELECT"):
                    with connection.cursor() as cursor:
                        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                        for (regel,) in cursor.fetchall():
                            print(f"           {regel}")
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


if __name__ == "__main__":
    main()
