"""A threaded server cannot leak database connections (issue #12: `make run` on PostgreSQL exhausted
max_connections=100 under a small crawl).

runserver serves every HTTP connection in a thread of its own; with persistent connections (CONN_MAX_AGE > 0)
each thread left its PostgreSQL connection open after the thread was gone. The test starts a real runserver on
the test database in production mode (DEBUG=false, and DATABASE_CONN_MAX_AGE=60 asked for explicitly), lets 30
clients crawl it at once over keep-alive connections, and counts the server's connections in pg_stat_activity.
"""

import http.client
import os
import threading
import time
import uuid

import pytest
from django.db import connection

from conftest import ontbreekt
from tests.werkers import Webserver, database_url

KLANTEN = 30
PADEN = ["/health/", "/hulp-bij-personeel/", "/instrumenten/", "/regio/"]


def _verbindingen(naam):
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = %s", [naam])
        return cursor.fetchone()[0]


@pytest.fixture
def webserver(transactional_db, tmp_path):
    if connection.vendor != "postgresql":
        ontbreekt("PostgreSQL nodig")
    naam = f"lektest-{uuid.uuid4().hex[:8]}"
    env = {"DATABASE_URL": f"{database_url(connection.settings_dict)}?application_name={naam}",
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
                piek[0] = max(piek[0], _verbindingen(naam))
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
    while _verbindingen(naam) > 1 and time.monotonic() < grens:
        time.sleep(0.1)
    over = _verbindingen(naam)
    klaar.set()
    meter.join()
    assert not fouten, f"{fouten[:5]}\n{web.staart()}"
    assert over <= 1, f"{over} verbindingen bleven open na de crawl (piek {piek[0]})"
    # While 30 clients were connected at once, no more than one connection per request in flight.
    assert piek[0] <= KLANTEN
