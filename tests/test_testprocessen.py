"""A process a test starts (gunicorn, runserver, a Celery worker, manage.py) inherits the test process's environment
and must leave the checkout's own files alone: its matching index goes to the test run's folder, not to
var/matchingindex, where a developer's or a benchmark's index lives. And the servers a test starts get ports no other
server of the run has."""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests import werkers
from tests.werkers import database_url, vrije_poort

ROOT = Path(__file__).resolve().parent.parent


def _versies(map_):
    return sorted(p.name for p in Path(map_).glob("v*")) if Path(map_).is_dir() else []


@pytest.mark.django_db(transaction=True)
def test_an_index_built_by_a_process_a_test_starts_stays_out_of_the_checkout(wereld):
    van_de_run = Path(os.environ["MATCHINGINDEX_MAP"])  # this test's own folder, as in this process
    assert van_de_run == settings.MATCHINGINDEX_MAP and not van_de_run.is_relative_to(settings.BASE_DIR)
    checkout = settings.BASE_DIR / "var" / "matchingindex"
    voor = _versies(checkout), (checkout / "current").read_bytes() if (checkout / "current").is_file() else None
    eerder = set(_versies(van_de_run))
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="klantreis.settings", DEBUG="true",
               DATABASE_URL=database_url(connection.settings_dict))
    uit = subprocess.run([sys.executable, "manage.py", "matchingindex_bouwen"], check=False, cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=120)
    assert uit.returncode == 0, uit.stderr[-3000:]
    (versie,) = set(_versies(van_de_run)) - eerder
    meta = json.loads((van_de_run / versie / "meta.json").read_text())
    assert connection.settings_dict["NAME"] in json.dumps(meta)
    assert (_versies(checkout), (checkout / "current").read_bytes() if (checkout / "current").is_file() else None) \
        == voor


def test_the_servers_a_test_starts_never_get_the_same_port(monkeypatch):
    """The outage test once gave its Redis and its web server one port: a bind to port 0 lets the kernel hand a port
    out again once its socket is closed (3 of 200 such ports were repeats here). Now no port twice, in one process or
    in two at the same time (pytest-xdist workers, a benchmark beside a test run), none that something listens on,
    none in the kernel's ephemeral range."""
    eigen = [vrije_poort() for _ in range(100)]
    try:
        ander = json.loads(subprocess.run(
            [sys.executable, "-c", "import json; from tests.werkers import vrije_poort;"
                                   " print(json.dumps([vrije_poort() for _ in range(100)]))"],
            cwd=ROOT, capture_output=True, text=True, check=True).stdout)
        assert len(set(eigen)) == len(eigen) and len(set(ander)) == len(ander)
        assert not set(eigen) & set(ander)
        laag, hoog = map(int, Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split())
        assert not [p for p in eigen + ander if laag <= p <= hoog]
        with socket.socket() as bezet:
            bezet.bind(("127.0.0.1", 0))
            bezet.listen()
            poort = bezet.getsockname()[1]
            monkeypatch.setattr(werkers, "POORTEN", range(poort, poort + 1))
            with pytest.raises(RuntimeError, match="geen vrije poort"):
                vrije_poort()
    finally:  # the locks this test took go, as they go with a process that ends
        for poort in eigen:
            werkers._sloten.pop(poort).close()
