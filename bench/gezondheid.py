#!/usr/bin/env python
"""What a request costs before its own work: gunicorn with production settings answering ``/health/`` (one query
of its own), CPU per request of the worker (all its threads) and of its PostgreSQL backend. Prints figures, passes
or fails nothing.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/klantreis_bench \\
        .venv/bin/python bench/gezondheid.py [--boom /tmp/oud] [--verzoeken 3000 --rondes 3]

Every page pays what ``/health/`` pays on top of its own queries: gunicorn, the middleware, and the health check of
the kept database connection (``CONN_HEALTH_CHECKS``). With ``--boom DIR`` (a checkout of other code, with
``.venv`` in it) that code is measured as well, the two taking turns per round: same machine, same minutes. It only
reads.
"""

import argparse
import http.client
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

import psycopg2

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.werkers import vrije_poort  # noqa: E402


def _cpu(pid):
    """CPU seconds of a process, every thread (gthread, WEB_THREADS > 1, serves in its threads)."""
    return sum(int((taak / "schedstat").read_text().split()[0]) for taak in Path(f"/proc/{pid}/task").iterdir()) / 1e9


class Database:
    def __init__(self, url):
        deel = urlparse(url)
        self.naam = deel.path.lstrip("/")
        self.beheer = psycopg2.connect(host=deel.hostname or "127.0.0.1", port=deel.port or 5432,
                                       user=deel.username or "postgres", dbname=self.naam)
        self.beheer.autocommit = True

    def _een(self, sql, *waarden):
        with self.beheer.cursor() as cursor:
            cursor.execute(sql, waarden)
            return cursor.fetchall()

    def backends(self):
        return [pid for (pid,) in self._een(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND backend_type = 'client backend' "
            "AND pid <> pg_backend_pid()", self.naam)]


def meten(boom, env, db, verzoeken):
    poort = vrije_poort()
    server = subprocess.Popen([str(Path(boom) / ".venv/bin/gunicorn"), "klantreis.wsgi", "-c", "gunicorn.conf.py",
                               "-b", f"127.0.0.1:{poort}"], cwd=boom, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        grens = time.monotonic() + 120
        while True:
            try:
                verbinding = http.client.HTTPConnection("127.0.0.1", poort, timeout=30)
                verbinding.request("GET", "/health/")
                verbinding.getresponse().read()
                break
            except OSError:
                if time.monotonic() > grens or server.poll() is not None:
                    raise SystemExit(f"gunicorn in {boom} antwoordt niet") from None
                time.sleep(0.2)
        for _ in range(100):  # warm
            verbinding.request("GET", "/health/")
            verbinding.getresponse().read()
        (worker,) = [int(p) for p in subprocess.run(["pgrep", "-P", str(server.pid)], check=True,
                                                     capture_output=True, text=True).stdout.split()]
        backends = db.backends()
        worker_cpu, db_cpu = _cpu(worker), sum(_cpu(b) for b in backends)
        for _ in range(verzoeken):
            verbinding.request("GET", "/health/")
            antwoord = verbinding.getresponse()
            antwoord.read()
            if antwoord.status != 200:
                raise SystemExit(f"/health/: {antwoord.status}")
        worker_cpu, db_cpu = _cpu(worker) - worker_cpu, sum(_cpu(b) for b in backends) - db_cpu
        return worker_cpu / verzoeken, db_cpu / verzoeken
    finally:
        server.terminate()
        server.wait()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--boom", help="een andere checkout (met .venv), om en om gemeten")
    parser.add_argument("--verzoeken", type=int, default=3000)
    parser.add_argument("--rondes", type=int, default=3)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        raise SystemExit("Zet DATABASE_URL op een PostgreSQL-database op deze machine.")
    db = Database(url)
    env = dict(os.environ, DEBUG="false", SECRET_KEY="bench-" + "x" * 50, ALLOWED_HOSTS="127.0.0.1",
               SECURE_COOKIES="false", SECURE_SSL_REDIRECT="false", WEB_CONCURRENCY="1", WEB_THREADS="1",
               # The same worker class for both trees (an older gunicorn.conf.py ran gthread): the code is compared.
               GUNICORN_CMD_ARGS="--worker-class=sync")
    bomen = [("deze code", str(ROOT))] + ([("--boom", args.boom)] if args.boom else [])
    print(f"gunicorn, 1 worker x 1 thread, {args.verzoeken} x /health/ (sync: een verbinding per verzoek), database "
          f"{db.naam}")
    for ronde in range(1, args.rondes + 1):
        for naam, boom in (bomen if ronde % 2 else bomen[::-1]):
            worker, database = meten(boom, env, db, args.verzoeken)
            print(f"ronde {ronde} {naam:9s}: worker {worker * 1e6:6.0f} µs + PostgreSQL {database * 1e6:4.0f} µs CPU "
                  f"per verzoek", flush=True)


if __name__ == "__main__":
    sys.exit(main())
