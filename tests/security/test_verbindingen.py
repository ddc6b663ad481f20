"""A threaded server cannot leak database connections (issue #12: `make run` on PostgreSQL exhausted
max_connections=100 under a small crawl).

runserver serves every HTTP connection in a thread of its own; with persistent connections (CONN_MAX_AGE > 0)
each thread left its PostgreSQL connection open after the thread was gone. The test starts a real runserver on
the test database in production mode (DEBUG=false, and DATABASE_CONN_MAX_AGE=60 asked for explicitly), lets 30
clients crawl it at once over keep-alive connections, and counts the server's connections in pg_stat_activity.
"""

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection

from bench.load import verbindingen_per_worker
from conftest import ontbreekt
from tests.werkers import Proces, Webserver, database_url, verbindingen, vrije_poort

KLANTEN = 30
PADEN = ["/health/", "/hulp-bij-personeel/", "/instrumenten/", "/regio/"]


@pytest.fixture
def webserver(transactional_db, tmp_path):
    if connection.vendor != "postgresql":
        ontbreekt("PostgreSQL nodig")
    naam = f"lektest-{uuid.uuid4().hex[:8]}"
    env = {"DATABASE_URL": database_url(connection.settings_dict, naam),
           "SECRET_KEY": "lektest-" + "x" * 40, "ALLOWED_HOSTS": "127.0.0.1", "SECURE_COOKIES": "false",
           "SECURE_SSL_REDIRECT": "false", "DATABASE_CONN_MAX_AGE": "60", "PYTHONUNBUFFERED": "1",
           "DJANGO_SETTINGS_MODULE": "klantreis.settings"}
    web = Webserver({**os.environ, **env}, tmp_path / "logs")
    web.env["DEBUG"] = "false"  # production settings: persistent connections were the default there
    web.start()
    assert web.wacht_tot_klaar(), web.staart()
    yield web, naam
    web.stop()


def test_runserver_keeps_no_connection_for_threads_that_are_gone(webserver):
    web, naam = webserver
    poort = web.poort
    fouten = []
    piek = [0]
    klaar = threading.Event()

    def meten():
        try:
            while not klaar.is_set():
                piek[0] = max(piek[0], verbindingen(naam))
                time.sleep(0.05)
        finally:
            connection.close()  # this thread's own connection to the test database

    def klant():
        try:
            c = http.client.HTTPConnection("127.0.0.1", poort, timeout=30)
            for i in range(6):
                c.request("GET", PADEN[i % len(PADEN)])
                r = c.getresponse()
                r.read()
                if r.status != 200:
                    fouten.append(r.status)
            time.sleep(1)  # a crawler keeps its connection open a while
            c.close()
        except Exception as exc:  # collected, so the assertion below shows it
            fouten.append(repr(exc))

    meter = threading.Thread(target=meten)
    meter.start()
    klanten = [threading.Thread(target=klant) for _ in range(KLANTEN)]
    for t in klanten:
        t.start()
    for t in klanten:
        t.join()
    # The server's threads end when their clients close; give it a moment to get there.
    grens = time.monotonic() + 10
    while verbindingen(naam) > 1 and time.monotonic() < grens:
        time.sleep(0.1)
    over = verbindingen(naam)
    klaar.set()
    meter.join()
    assert not fouten, f"{fouten[:5]}\n{web.staart()}"
    assert over <= 1, f"{over} verbindingen bleven open na de crawl (piek {piek[0]})"
    # While 30 clients were connected at once, no more than one connection per request in flight.
    assert piek[0] <= KLANTEN


# --- gunicorn, as in production (gunicorn.conf.py: sync with one thread, gthread with more) ---------------------

WORKERS, THREADS = 2, 3  # THREADS: the tests that run gthread (WEB_THREADS > 1)


def _workers(master_pid):
    uit = subprocess.run(["pgrep", "-P", str(master_pid)], capture_output=True, text=True)
    return {int(p) for p in uit.stdout.split()}


def _golf(poort, fouten, klanten=KLANTEN, verzoeken=6):
    """``klanten`` clients at once, each with a keep-alive connection of its own."""

    def klant():
        try:
            c = http.client.HTTPConnection("127.0.0.1", poort, timeout=60)
            for i in range(verzoeken):
                c.request("GET", PADEN[i % len(PADEN)])
                r = c.getresponse()
                r.read()
                if r.status != 200:
                    fouten.append(r.status)
            c.close()
        except Exception as exc:  # collected, so the assertion shows it
            fouten.append(repr(exc))

    draden = [threading.Thread(target=klant) for _ in range(klanten)]
    for t in draden:
        t.start()
    for t in draden:
        t.join()


def _gunicorn_starten(threads, logs):
    naam = f"lektest-gunicorn-{uuid.uuid4().hex[:8]}"
    poort = vrije_poort()
    env = {**os.environ, "DATABASE_URL": database_url(connection.settings_dict, naam),
           "SECRET_KEY": "lektest-" + "x" * 40, "ALLOWED_HOSTS": "127.0.0.1", "SECURE_COOKIES": "false",
           "SECURE_SSL_REDIRECT": "false", "DATABASE_CONN_MAX_AGE": "60", "DEBUG": "false",
           "WEB_CONCURRENCY": str(WORKERS), "DJANGO_SETTINGS_MODULE": "klantreis.settings"}
    env.pop("WEB_THREADS", None)
    if threads is not None:
        env["WEB_THREADS"] = str(threads)
    web = Proces("gunicorn", [sys.executable, "-m", "gunicorn", "klantreis.wsgi:application", "--bind",
                              f"127.0.0.1:{poort}", "--config", "gunicorn.conf.py"], env, logs)
    web.start()
    grens = time.monotonic() + 60
    while time.monotonic() < grens and web.leeft:
        try:
            with socket.create_connection(("127.0.0.1", poort), timeout=1):
                break
        except OSError:
            time.sleep(0.1)
    return web, poort, naam


@pytest.fixture(scope="module")
def _gunicorns():
    """One gunicorn per thread setting for the whole module (a start costs three Django processes)."""
    servers = {}
    yield servers
    for web, _poort, _naam in servers.values():
        web.stop()


@pytest.fixture
def gunicorn(request, transactional_db, _gunicorns, tmp_path_factory):
    """gunicorn with gunicorn.conf.py and WORKERS workers; with ``@pytest.mark.parametrize("gunicorn", [n],
    indirect=True)`` WEB_THREADS=n, otherwise the configuration's own default (one thread: the sync worker).
    Tests with the same setting share one server."""
    if connection.vendor != "postgresql":
        ontbreekt("PostgreSQL nodig")
    threads = getattr(request, "param", None)
    if threads not in _gunicorns:
        _gunicorns[threads] = _gunicorn_starten(threads, tmp_path_factory.mktemp("gunicorn") / "logs")
    web, _poort, _naam = _gunicorns[threads]
    assert web.leeft, web.staart()
    return _gunicorns[threads]


@pytest.mark.parametrize("gunicorn", [None, THREADS], indirect=True, ids=["sync", "gthread"])
def test_gunicorn_keeps_at_most_a_connection_per_thread_and_a_killed_worker_keeps_none(gunicorn, request):
    web, poort, naam = gunicorn
    grens_verbindingen = WORKERS * (request.node.callspec.params["gunicorn"] or 1)
    fouten = []
    na_golf = []
    for _ in range(3):
        _golf(poort, fouten)
        # Persistent connections stay (that is the point), but never more than one per thread: a new wave of
        # clients reuses them. The matching index of an empty database is built and its connection closed by now.
        na_golf.append(verbindingen(naam))
    assert not fouten, f"{fouten[:5]}\n{web.staart()}"
    assert 1 <= max(na_golf) <= grens_verbindingen, na_golf

    # A worker killed mid-life (OOM killer, timeout): its connections end with it, and its successor's count
    # within the same bound.
    slachtoffer = min(_workers(web.pid))
    os.kill(slachtoffer, signal.SIGKILL)
    grens = time.monotonic() + 30
    while (len(_workers(web.pid) - {slachtoffer}) < WORKERS) and time.monotonic() < grens:
        time.sleep(0.1)
    _golf(poort, fouten)
    assert not fouten, f"{fouten[:5]}\n{web.staart()}"
    assert verbindingen(naam) <= grens_verbindingen


def test_each_gunicorn_worker_moves_what_it_loaded_out_of_the_cycle_collector(gunicorn):
    """Django, the apps and every view (some 150,000 objects) live as long as the worker. Before, a full collection
    of Python's cycle collector walked them all, 65-95 ms once every twenty-odd requests, added to that request. Now
    each worker freezes them after loading (gunicorn.conf.py, ``post_worker_init``: ``buiten_de_opruiming``), and says
    how many."""
    web, _poort, _naam = gunicorn
    _alle_workers_klaar(web)
    aantallen = list(_bevroren(web).values())
    assert len(aantallen) == WORKERS, web.staart()
    assert min(aantallen) > 50_000, aantallen  # the apps and the views, not only what gunicorn itself holds


def _bevroren(web):
    """{worker pid: objects it froze} for the workers running now (post_worker_init logs it when the worker is
    ready); a worker that was killed and replaced is not among them."""
    levend = _workers(web.pid)
    return {int(pid): int(n) for pid, n in re.findall(r"Worker (\d+): (\d+) objecten bevroren", web.log.read_text())
            if int(pid) in levend}


def _alle_workers_klaar(web):
    """Every worker running now has run post_worker_init."""
    grens = time.monotonic() + 60
    while time.monotonic() < grens and len(_bevroren(web)) < WORKERS:
        time.sleep(0.2)
    return len(_bevroren(web)) >= WORKERS


def _vastgehouden(master):
    """Client connections (ESTABLISHED on the port the master listens on) held by gunicorn's workers."""
    return sum(verbindingen_per_worker(master))


def test_a_free_worker_answers_while_the_other_is_busy_and_no_worker_keeps_a_client(gunicorn):
    """The production default (one thread: the sync worker). Before, gthread: a worker accepted connections while
    its one thread was busy and kept every keep-alive connection it had accepted, so which worker a client got was a
    race, and a client stayed behind that worker however busy it was (in the load benchmark one worker held 33-37
    of 50 clients, p95 1.5 times the p50). Now a worker takes a connection only when it is free, answers one request
    and closes it: every request waits in the one queue of the listening socket for the first free worker."""
    web, poort, _naam = gunicorn
    assert _alle_workers_klaar(web), web.staart()
    # One worker is busy: a client sent half a request and the worker waits for the rest.
    traag = socket.create_connection(("127.0.0.1", poort), timeout=30)
    traag.sendall(b"GET /health/ HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    time.sleep(0.5)  # the worker has taken it and waits for the rest
    duren, antwoorden, clients = [], [], []
    for _ in range(12):  # under gthread about half of these went to the busy worker and waited with it
        begin = time.monotonic()
        c = http.client.HTTPConnection("127.0.0.1", poort, timeout=5)
        clients.append(c)  # kept, as a browser keeps its keep-alive connection
        try:
            c.request("GET", "/health/")
            r = c.getresponse()
            r.read()
            antwoorden.append((r.status, r.getheader("Connection")))
        except (OSError, http.client.HTTPException) as exc:
            antwoorden.append((repr(exc), None))
        duren.append(time.monotonic() - begin)
    assert antwoorden == [(200, "close")] * 12, f"{antwoorden}\n{web.staart()}"
    assert max(duren) < 4, duren  # each one at once; behind the busy worker a client waited out its 5 s
    # No worker keeps a client's connection after the response (gthread kept all twelve, for keepalive's 75 s).
    grens = time.monotonic() + 5
    while _vastgehouden(web.pid) > 1 and time.monotonic() < grens:  # 1: the half request, still being read
        time.sleep(0.1)
    assert _vastgehouden(web.pid) <= 1
    # The slow client finishes its request and gets its answer too.
    traag.sendall(b"\r\n")
    assert traag.recv(64).startswith(b"HTTP/1.1 200")
    traag.close()
    for c in clients:
        c.close()


def test_gunicorn_with_a_bad_thread_count_stops_with_one_dutch_line(tmp_path):
    env = {**os.environ, "WEB_THREADS": "veel"}
    uit = subprocess.run([sys.executable, "-m", "gunicorn", "klantreis.wsgi:application", "--config",
                          "gunicorn.conf.py", "--check-config"], cwd=Path(__file__).resolve().parents[2], env=env,
                         capture_output=True, text=True, timeout=60)
    assert uit.returncode != 0
    regels = [r for r in uit.stderr.splitlines() if r.strip()]
    assert regels == ["Configuratiefout: Omgevingsvariabele WEB_THREADS='veel' is geen geheel getal."], uit.stderr
