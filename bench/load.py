#!/usr/bin/env python
"""Load benchmark: the portal under concurrent users, beside a hello-world on the same server settings.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/klantreis_belasting_bench \\
        .venv/bin/python bench/load.py --gebruikers 50 --duur 60 [--workers 4 --threads 4 --conn-max-age 60]

Prints figures, passes or fails nothing. Logging in and viewing dossiers write (sessions, last_login, audit rows):
run it on a copy of the benchmark database (``createdb -T klantreis_bench klantreis_belasting_bench``). In one run it

0. prints the settings used (gunicorn.conf.py read with the server's environment; ``--workers``/``--threads`` set
   WEB_CONCURRENCY/WEB_THREADS, otherwise its defaults hold), the size of the data and the load average;
1. starts gunicorn with production settings (DEBUG off, static files through WhiteNoise after collectstatic,
   persistent connections as configured) serving ``bench/hallo.py``: the same settings and middleware, one view
   that answers "hallo", and the same gunicorn.conf.py without the matching-index hook
   (``bench/hallo_gunicorn.py``); ``--gebruikers`` clients ask it for ``--duur`` seconds: the ceiling of this
   machine;
2. starts gunicorn the same way serving the portal and runs four role scenarios with as many clients, spread
   over the roles: each client logs in for real (the allauth form, CSRF, password) and then walks the pages of
   its role (klantmanager: caseload, next page, a dossier, its plan; accountmanager: home, a werkgever, a
   vacature, "Wie past erbij?"; werkgever: home, a vacature; werkzoekende: home, plan, "Mijn gegevens");
3. prints per page: requests, requests/s, p50/p95/p99 and errors, the totals, the ratio to hello-world, the peak
   of the portal's database connections (pg_stat_activity, its own application_name) and those still open at the
   end, and the load average at the end;
4. prints for both servers their CPU per request over the measuring window (gunicorn's processes and the
   PostgreSQL backends of its connections, from /proc): on a shared machine less noisy than requests/s.

With ``--rondes N`` (N > 1) both servers run side by side and the windows take turns: hello-world, the portal,
hello-world, the portal, ... N pairs of ``--duur`` seconds each. The ratio is then taken per pair, from two windows
a minute apart instead of two runs minutes apart (a shared machine drifts: hello-world here went from 923 to 1,619
requests/s within ten minutes), and printed per pair with the median; the per-page table covers all portal
windows together.

The clients run in ``--processen`` processes (threads inside), so the Python client is not what limits.
The server runs with ``MFA_VERPLICHT=false`` (the second step is one request at login, not what is measured)
and with the bulk brake's limits raised (a client asks for dossiers faster than any person). Data: the demo
with bulk (``manage.py demo --kandidaten N``); bulk klantmanagers log in with the demo password.
"""

import argparse
import multiprocessing
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.werkers import vrije_poort  # noqa: E402

WACHTWOORD = "Klantreis-demo-2026"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VOLGENDE = re.compile(r'rel="next" href="([^"]+)"')


def server_env(args):
    env = dict({k: v for k, v in os.environ.items() if k != "DEBUG"}, DEBUG="false", SECRET_KEY="bench-" + "x" * 50, ALLOWED_HOSTS="127.0.0.1",
               SECURE_COOKIES="false", SECURE_SSL_REDIRECT="false", MFA_VERPLICHT="false",
               LIMIET_PROFIELEN="100000", LIMIET_CV_DOWNLOADS="100000", DJANGO_SETTINGS_MODULE="klantreis.settings",
               # As behind the load balancer in production: every client has an address of its own
               # (X-Forwarded-For), so the login rate limit per address sees 50 people, not one.
               VERTROUWDE_PROXIES="127.0.0.1")
    if args.conn_max_age is not None:
        env["DATABASE_CONN_MAX_AGE"] = str(args.conn_max_age)
    # Through gunicorn.conf.py, as in production: what is not given here is its default.
    if getattr(args, "workers", None) is not None:
        env["WEB_CONCURRENCY"] = str(args.workers)
    if getattr(args, "threads", None) is not None:
        env["WEB_THREADS"] = str(args.threads)
    return env


def server_instellingen(env):
    """What the server runs with: gunicorn.conf.py read with the server's environment, and the database settings."""
    import runpy

    bewaard = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    try:
        conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    finally:
        os.environ.clear()
        os.environ.update(bewaard)
    # gunicorn runs gthread instead of sync when there is more than one thread (its own rule).
    worker_class = "gthread" if conf["worker_class"] == "sync" and conf["threads"] > 1 else conf["worker_class"]
    return {"workers": conf["workers"], "threads": conf["threads"], "worker_class": worker_class,
            "keepalive": conf["keepalive"] if worker_class == "gthread" else None, "timeout": conf["timeout"],
            "conn_max_age": env.get("DATABASE_CONN_MAX_AGE", "60 (standaard zonder DEBUG)"),
            "pgbouncer_transaction_pooling": env.get("PGBOUNCER_TRANSACTION_POOLING", "false"),
            "prepared_statements": env.get("DATABASE_PREPARED_STATEMENTS", "true (standaard)")}


def start_gunicorn(app, poort, env, *, config, toegangslog=None, workers=None):
    """gunicorn as in production, with ``config`` (gunicorn.conf.py, or for hello-world the same without the
    hook that builds the matching index); workers and threads come from ``env`` through that file. With
    ``toegangslog`` gunicorn writes every request there with its duration as the server measured it. With
    ``workers`` (how many the configuration starts) it returns only once every worker is ready (the hook of
    bench/meet_gunicorn.py), not when the first one answers."""
    cmd = [str(ROOT / ".venv/bin/gunicorn"), app, "--bind", f"127.0.0.1:{poort}", "--log-level", "warning",
           "--config", str(config)]
    gereed = None
    if workers:
        gereed = Path(tempfile.mkdtemp(prefix="klantreis-load-")) / "gereed"
        env = dict(env, BENCH_BASIS=str(Path(config).relative_to(ROOT)), BENCH_GEREED=str(gereed))
        cmd[-1] = str(ROOT / "bench/meet_gunicorn.py")
    if toegangslog:
        cmd += ["--access-logfile", str(toegangslog), "--access-logformat", "%(t)s %(s)s %(D)s %(U)s"]
    proces = subprocess.Popen(cmd, cwd=ROOT, env=env, start_new_session=True)
    proces.bench_map = gereed.parent if gereed is not None else None  # removed by stop()
    begin = time.monotonic()
    import requests

    while time.monotonic() - begin < 120 and proces.poll() is None:
        klaar = gereed is None or (gereed.exists() and len(gereed.read_text().split()) >= workers)
        try:
            if klaar and requests.get(f"http://127.0.0.1:{poort}/", timeout=2).status_code < 500:
                return proces
        except requests.RequestException:
            pass
        time.sleep(0.1 if klaar else 0.3)
    stop(proces)
    raise SystemExit(f"gunicorn ({app}) kwam niet op binnen 120 s")


class Verbindingen(threading.Thread):
    """Counts the server's database connections (its own application_name) every half second: the peak shows
    whether connections stay within workers x threads."""

    def __init__(self, naam):
        super().__init__(daemon=True)
        self.naam, self.piek, self.klaar = naam, 0, threading.Event()

    def run(self):
        from django.db import connection

        if connection.vendor != "postgresql":
            return
        try:
            while not self.klaar.wait(0.5):
                with connection.cursor() as cursor:
                    cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = %s", [self.naam])
                    self.piek = max(self.piek, cursor.fetchone()[0])
        finally:
            connection.close()

    def nu(self):
        from django.db import connection

        if connection.vendor != "postgresql":
            return None
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = %s", [self.naam])
            return cursor.fetchone()[0]


def _tcp_sockets():
    """{inode: (local port, state)} of every TCP socket on the machine (/proc/net/tcp and tcp6)."""
    sockets = {}
    for bestand in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            regels = Path(bestand).read_text().splitlines()[1:]
        except OSError:
            continue
        for regel in regels:
            velden = regel.split()
            sockets[int(velden[9])] = (int(velden[1].rsplit(":", 1)[1], 16), velden[3])
    return sockets


def _socket_inodes(pid):
    inodes = []
    try:
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            doel = os.readlink(fd)
            if doel.startswith("socket:["):
                inodes.append(int(doel[8:-1]))
    except OSError:
        pass
    return inodes


def verbindingen_per_worker(master):
    """How many client connections each worker of gunicorn ``master`` holds: the established sockets on the port
    the master listens on. A gthread worker keeps the keep-alive connections it accepted, so a run in which one
    worker holds nearly all of them measures one core, not the machine (a sync worker holds none between requests)."""
    sockets = _tcp_sockets()
    poorten = {sockets[i][0] for i in _socket_inodes(master) if sockets.get(i, (0, ""))[1] == "0A"}  # LISTEN
    uit = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True, check=False)
    return sorted((sum(1 for i in _socket_inodes(int(pid)) if sockets.get(i, (0, ""))[1] == "01"  # ESTABLISHED
                       and sockets[i][0] in poorten) for pid in uit.stdout.split()), reverse=True)


class ServerCpu:
    """CPU seconds of the server in the measuring window: every process of gunicorn's session (master and workers,
    ``start_new_session``) and the PostgreSQL backends of its connections (its ``application_name``), read from
    /proc at the start and the end of the window. Per request that is a figure the noise of a shared machine
    touches less than requests/s: a change of a few percent in what a page costs shows there first."""

    TIK = os.sysconf("SC_CLK_TCK")

    def __init__(self, proces, naam):
        self.sessie, self.naam, self.metingen = proces.pid, naam, []
        self.clients = 0.0  # CPU seconds of the client processes in the same window (``belasten`` fills it in)
        self.verbindingen = []  # client connections per worker at the start of the window

    @staticmethod
    def _stat(pid):
        try:
            velden = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            return None
        return int(velden[3]), (int(velden[11]) + int(velden[12])) / ServerCpu.TIK  # pgrp, utime + stime

    def _backends(self):
        from django.db import connection

        if connection.vendor != "postgresql":
            return []
        with connection.cursor() as cursor:
            cursor.execute("SELECT pid FROM pg_stat_activity WHERE application_name = %s", [self.naam])
            return [pid for (pid,) in cursor.fetchall()]

    def meet(self):
        gunicorn = 0.0
        for pad in Path("/proc").iterdir():
            if pad.name.isdigit() and (stat := self._stat(pad.name)) and stat[0] == self.sessie:
                gunicorn += stat[1]
        backends = {pid: stat[1] for pid in self._backends() if (stat := self._stat(pid))}
        if not self.metingen:  # at the start of the window, when every client is connected
            self.verbindingen = verbindingen_per_worker(self.sessie)
        self.metingen.append((gunicorn, backends))

    def sluiten(self):
        from django.db import connection

        connection.close()  # this thread's own connection

    def per_verzoek(self, verzoeken):
        """(gunicorn, PostgreSQL, clients) milliseconds of CPU per request over the window; a backend that came or
        went during the window counts from zero or up to its last reading."""
        (g0, b0), (g1, b1) = self.metingen[0], self.metingen[-1]
        pg = sum(cpu - b0.get(pid, 0.0) for pid, cpu in b1.items())
        return (g1 - g0) * 1000 / verzoeken, pg * 1000 / verzoeken, self.clients * 1000 / verzoeken


def stop(proces):
    try:
        os.killpg(proces.pid, signal.SIGTERM)
        proces.wait(timeout=30)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(proces.pid, signal.SIGKILL)
    if getattr(proces, "bench_map", None) is not None:
        shutil.rmtree(proces.bench_map, ignore_errors=True)


# --- clients ----------------------------------------------------------------------------------------------

def inloggen(sessie, basis, email):
    pagina = sessie.get(f"{basis}/accounts/login/", timeout=300)
    token = CSRF.search(pagina.text).group(1)
    antwoord = sessie.post(f"{basis}/accounts/login/", data={"csrfmiddlewaretoken": token, "login": email,
                                                              "password": WACHTWOORD},
                           headers={"Referer": f"{basis}/accounts/login/"}, timeout=300, allow_redirects=False)
    if antwoord.status_code != 302:
        raise RuntimeError(f"inloggen {email}: {antwoord.status_code}")


def opvragen(sessie, basis, naam, url, volgende):
    """One page; returns (fout or None, the caseload's next page)."""
    import requests

    try:
        antwoord = sessie.get(basis + url, timeout=120, allow_redirects=False,
                              headers={"X-Bench-Verzonden": f"{time.time():.6f}"})
    except requests.RequestException as exc:
        return type(exc).__name__, volgende
    if antwoord.status_code != 200:
        return f"{antwoord.status_code} {antwoord.headers.get('Location', '')}", volgende
    if naam == "caseload: eerste pagina":
        gevonden = VOLGENDE.search(antwoord.text)
        volgende = gevonden.group(1).replace("&amp;", "&") if gevonden else None
        if volgende and volgende.startswith("?"):
            volgende = url + volgende
    return None, volgende


def client(basis, scenario, gereed, venster, uitkomst, denktijd=0.0):
    """Log in and ask every kind of page once (nothing recorded), report ready, wait for the window everyone
    measures in, then walk the pages at random until it closes."""
    import requests

    time.sleep(scenario.get("wacht", 0.0))
    sessie = requests.Session()
    sessie.headers["X-Forwarded-For"] = scenario["adres"]
    rng = random.Random()
    volgende = None
    try:
        if scenario.get("email"):
            inloggen(sessie, basis, scenario["email"])
        eerste = {}
        for naam, url in scenario["paginas"]:
            eerste.setdefault(naam, url)
        for naam, url in eerste.items():  # each kind of page once: the caseload's first page before its next
            if naam == "caseload: volgende pagina":
                url = volgende
            if url:
                _fout, volgende = opvragen(sessie, basis, naam, url, volgende)
    except Exception as exc:  # noqa: BLE001 - a failed login is a figure too
        uitkomst.append(("inloggen", 0.0, repr(exc)))
        return
    finally:
        with gereed.get_lock():
            gereed.value += 1
    while venster[0] == 0:
        time.sleep(0.05)
    start, eind = venster[0], venster[1]
    if denktijd:
        # People do not all click at the same moment: each starts reading at a random point of a page, so the
        # window opens on a steady stream (without this all 50 asked at once and waited up to 0.3 s for each other).
        start += rng.expovariate(1 / denktijd)
    while time.monotonic() < start:
        time.sleep(0.01)
    while time.monotonic() < eind:
        naam, url = rng.choice(scenario["paginas"])
        if naam == "caseload: volgende pagina":
            if not volgende:
                continue
            url = volgende
        begin = time.perf_counter()
        fout, volgende = opvragen(sessie, basis, naam, url, volgende)
        if time.monotonic() < eind:
            uitkomst.append((naam, (time.perf_counter() - begin) * 1000, fout))
        if denktijd:
            # A person reads the page before the next click: exponential, mean ``denktijd``.
            time.sleep(max(0.0, min(rng.expovariate(1 / denktijd), eind - time.monotonic(), 10 * denktijd)))


def proces_main(basis, scenarios, gereed, venster, wachtrij, denktijd):
    uitkomst = []
    draden = [threading.Thread(target=client, args=(basis, s, gereed, venster, uitkomst, denktijd))
              for s in scenarios]
    for d in draden:
        d.start()
    # This process's own CPU (all its client threads) over the measuring window: what asking costs the machine.
    while venster[0] == 0 and any(d.is_alive() for d in draden):
        time.sleep(0.01)
    cpu = 0.0
    if venster[0]:
        time.sleep(max(0.0, venster[0] - time.monotonic()))
        begin = time.process_time()
        time.sleep(max(0.0, venster[1] - time.monotonic()))
        cpu = time.process_time() - begin
    for d in draden:
        d.join()
    wachtrij.put((uitkomst, cpu))


TUSSENPOOS = 0.02  # seconds between two clients' first connection
MUURVENSTER = [0.0, 0.0]  # the last measured window in wall-clock time, for the server's access log


def wachtrij_server(wachtlog, titel):
    """How long the requests of the last window waited in the server before a worker thread began with them (the
    ``pre_request`` hook of bench/meet_gunicorn.py against the client's send time)."""
    begin, eind = MUURVENSTER
    duren = sorted(float(ms) for moment, ms in (r.split() for r in Path(wachtlog).read_text().splitlines() if r)
                   if begin <= float(moment) < eind)
    if duren:
        def p(q):
            return duren[min(len(duren) - 1, int(len(duren) * q))]
        print(f"  wachten vóór de verwerking ({titel}, {len(duren)} verzoeken): p50 {p(0.5):.1f} ms, "
              f"p95 {p(0.95):.1f} ms, p99 {p(0.99):.1f} ms, max {duren[-1]:.1f} ms")


def serverzijde(toegangslog, titel):
    """p50/p95/p99 of the requests in the last window as gunicorn measured them (from reading the request to
    writing the response): what the server adds, apart from the clients' own waiting."""
    from datetime import datetime

    begin, eind = MUURVENSTER
    duren = []
    for regel in Path(toegangslog).read_text().splitlines():
        try:
            tijd, rest = regel[1:].split("] ", 1)
            moment = datetime.strptime(tijd, "%d/%b/%Y:%H:%M:%S %z").timestamp()
            duur = int(rest.split()[1]) / 1000
        except (ValueError, IndexError):
            continue
        if int(begin) <= moment < eind:
            duren.append(duur)
    duren.sort()
    if not duren:
        return
    def p(q):
        return duren[min(len(duren) - 1, int(len(duren) * q))]
    print(f"  aan de kant van de server ({titel}, gunicorn-accesslog, {len(duren)} verzoeken): p50 {p(0.5):.1f} ms, "
          f"p95 {p(0.95):.1f} ms, p99 {p(0.99):.1f} ms, max {duren[-1]:.1f} ms")
    wachtrij_server(Path(toegangslog).with_name("wachten.log"), titel)


def verdelen(scenarios, processen):
    """The clients over the processes, every process with all four roles: the scenarios come in rounds of four
    (klantmanager, accountmanager, werkgever, werkzoekende) and each round goes whole to one process. A process
    opens its connections in one burst, and a gthread worker keeps the connections it accepted (keep-alive): with
    one role per process, one worker could get every slow page (caseload, "Wie past erbij?") and the other every
    quick one, and the run measured a different mix, and a different latency per role, from one run to the next."""
    delen = [[] for _ in range(processen)]
    for i, scenario in enumerate(scenarios):
        delen[i // 4 % processen].append(scenario)
    return delen


def belasten(basis, scenarios, args, denktijd=0.0, meter=None):
    """Run the scenarios (one client each) spread over processes. Every client first logs in and asks each of its
    pages once (the server warms up: password hashes, matching index, caches); when all are ready, or after
    ``--opwarmen`` seconds at most, all measure in the same window of ``--duur`` seconds.
    Returns [(pagina, ms, fout)], the measured seconds and how long the warm-up took."""
    # The clients connect one after the other, TUSSENPOOS seconds apart, as people arrive, not in one burst: a gthread
    # worker (WEB_THREADS > 1; sync closes each connection after its response) keeps the keep-alive connections it accepted, and a burst of fifty connections is accepted in a few
    # milliseconds by whichever worker is on a core at that moment (seen: 44 of 44 and 48 of 50 on one worker, the
    # other idle for the whole run). One at a time, the worker that is less busy takes each.
    scenarios = [dict(s, adres=f"10.16.{i // 250}.{i % 250 + 1}", wacht=i * TUSSENPOOS) for i, s in enumerate(scenarios)]
    wachtrij = multiprocessing.Queue()
    gereed = multiprocessing.Value("i", 0)
    venster = multiprocessing.Array("d", [0.0, 0.0], lock=False)
    delen = verdelen(scenarios, args.processen)
    processen = [multiprocessing.Process(target=proces_main,
                                         args=(basis, deel, gereed, venster, wachtrij, denktijd))
                 for deel in delen if deel]
    begin = time.monotonic()
    for p in processen:
        p.start()
    while gereed.value < len(scenarios) and time.monotonic() - begin < args.opwarmen:
        time.sleep(0.1)
    opgewarmd = time.monotonic() - begin
    # CLOCK_MONOTONIC is one clock for every process on the machine: all clients measure the same window.
    venster[1] = time.monotonic() + 1 + args.duur
    venster[0] = venster[1] - args.duur
    MUURVENSTER[:] = [time.time() + 1, time.time() + 1 + args.duur]
    meten = None
    if meter is not None:  # the server's CPU at the start and the end of the window
        def _meten():
            for moment in (venster[0], venster[1]):
                time.sleep(max(0.0, moment - time.monotonic()))
                meter.meet()
            meter.sluiten()
        meten = threading.Thread(target=_meten, daemon=True)
        meten.start()
    uitkomst, clients = [], 0.0
    for _ in processen:
        deel, cpu = wachtrij.get()
        uitkomst += deel
        clients += cpu
    if meter is not None:
        meter.clients = clients
    for p in processen:
        p.join()
    if meten is not None:
        meten.join()
    return uitkomst, float(args.duur), opgewarmd


def _kwantiel(gesorteerd, q):
    return gesorteerd[min(len(gesorteerd) - 1, int(len(gesorteerd) * q))]


def rapport(titel, uitkomst, seconden):
    per_pagina = defaultdict(list)
    fouten = defaultdict(int)
    for naam, ms, fout in uitkomst:
        if fout:
            fouten[naam] += 1
        else:
            per_pagina[naam].append(ms)
    print(f"\n{titel} ({seconden:.0f} s)")
    print(f"  {'pagina':42} {'aantal':>7} {'per s':>7} {'p50':>8} {'p95':>8} {'p99':>8} {'fouten':>7}")
    alles = []
    for naam in sorted(set(per_pagina) | set(fouten)):
        t = sorted(per_pagina[naam])
        alles += t
        if t:
            print(f"  {naam:42} {len(t):7d} {len(t) / seconden:7.1f} {statistics.median(t):8.1f} "
                  f"{_kwantiel(t, .95):8.1f} {_kwantiel(t, .99):8.1f} {fouten[naam]:7d}")
        else:
            print(f"  {naam:42} {0:7d} {0:7.1f} {'-':>8} {'-':>8} {'-':>8} {fouten[naam]:7d}")
    soorten = defaultdict(int)
    for naam, _ms, fout in uitkomst:
        if fout:
            soorten[f"{naam}: {fout[:60]}"] += 1
    for soort, n in sorted(soorten.items(), key=lambda x: -x[1])[:5]:
        print(f"  fout {n:5d}x {soort}")
    alles.sort()
    totaal = len(alles) / seconden
    if alles:
        print(f"  {'totaal':42} {len(alles):7d} {totaal:7.1f} {statistics.median(alles):8.1f} "
              f"{_kwantiel(alles, .95):8.1f} {_kwantiel(alles, .99):8.1f} {sum(fouten.values()):7d}")
    return totaal


def scenarios_maken(aantal):
    """Who logs in and which pages they walk, from the demo data (read with the ORM before the run)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "klantreis.settings")
    os.environ.setdefault("DEBUG", "true")  # this process only reads who logs in; the server runs without DEBUG
    import django

    django.setup()
    from accounts.models import Rol, User
    from portaal.management.commands.demo import BULK_DOMEIN
    from werkgevers.models import Vacature, Werkgever
    from werkzoekenden.models import Kandidaat

    klantmanagers = list(User.objects.filter(rol=Rol.KLANTMANAGER, email__endswith="@" + BULK_DOMEIN)
                         .order_by("pk")[:aantal])
    if not klantmanagers:
        raise SystemExit("Geen bulk-klantmanagers: vul eerst de demo (manage.py demo --kandidaten N).")
    accountmanagers = list(User.objects.filter(rol=Rol.ACCOUNTMANAGER, email__endswith="@" + BULK_DOMEIN)
                           .order_by("pk")[:aantal])
    if not accountmanagers:
        raise SystemExit("Geen bulk-accountmanagers: vul de demo met bulk-werkgevers (manage.py demo --kandidaten N "
                         "--vacatures M), zoals onder 'Hoe meten' in docs/benchmarks.md.")
    werkgevers = list(User.objects.filter(rol=Rol.WERKGEVER, organisatie__werkgever__isnull=False).distinct())
    werkzoekenden = list(User.objects.filter(rol=Rol.WERKZOEKENDE, kandidaat__isnull=False))
    rollen = []
    for i in range(aantal):
        rol = ("klantmanager", "accountmanager", "werkgever", "werkzoekende")[i % 4]
        if rol == "klantmanager":
            km = klantmanagers[i // 4 % len(klantmanagers)]
            dossiers = list(Kandidaat.objects.filter(klantmanager=km).values_list("pk", flat=True)[:20])
            paginas = [("caseload: eerste pagina", "/klantmanager/"), ("caseload: volgende pagina", None)]
            paginas += [("dossier", f"/dossiers/{pk}/") for pk in dossiers[:10]]
            paginas += [("plan van aanpak", f"/dossiers/{pk}/plan/") for pk in dossiers[10:15]]
            rollen.append({"email": km.email, "paginas": paginas})
        elif rol == "accountmanager":
            am = accountmanagers[i // 4 % len(accountmanagers)]
            eigen = list(Werkgever.objects.filter(accountmanager=am).values_list("pk", flat=True)[:5])
            vacatures = list(Vacature.objects.filter(werkgever__accountmanager=am, status="open")
                             .values_list("pk", flat=True)[:5])
            paginas = [("accountmanager: home", "/accountmanager/")]
            paginas += [("werkgever", f"/werkgevers/{pk}/") for pk in eigen]
            paginas += [("vacature", f"/vacatures/{pk}/") for pk in vacatures]
            paginas += [("wie past erbij", f"/vacatures/{pk}/matches/") for pk in vacatures]
            rollen.append({"email": am.email, "paginas": paginas})
        elif rol == "werkgever":
            wg = werkgevers[i // 4 % len(werkgevers)]
            vacatures = list(Vacature.objects.filter(werkgever__organisatie=wg.organisatie)
                             .values_list("pk", flat=True)[:3])
            rollen.append({"email": wg.email, "paginas": [("werkgever: home", "/werkgever/")]
                           + [("werkgever: vacature", f"/vacatures/{pk}/") for pk in vacatures]})
        else:
            wz = werkzoekenden[i // 4 % len(werkzoekenden)]
            rollen.append({"email": wz.email, "paginas": [("werkzoekende: home", "/mijn/"),
                                                           ("werkzoekende: plan", "/mijn/plan/"),
                                                           ("werkzoekende: mijn gegevens", "/mijn/gegevens/")]})
    return rollen


# A country's verwerkingenlog holds millions of lines (every page a person views writes one). With a nearly empty log,
# PostgreSQL plans the foreign-key check of each new betrokkene (a SELECT on accounts_verwerking by id, run at the
# commit) as a seq scan the first time a connection runs it, and keeps that generic plan until an ANALYZE of the
# table (autovacuum; it is off on these machines) or the end of the connection. Every request then reads the whole
# log, which grows with every request: in bench/mix.py the database CPU per request went 1.15 -> 2.20 ms over four
# rounds of 3,000 requests, against 0.93-1.00 ms with a million lines (docs/benchmarks.md, vijfenvijftigste sessie).
LOG_MINIMUM = 100_000


def logomvang():
    """The size of the verwerkingenlog, with a warning when it is too small to measure a country on."""
    from django.db import connection

    from accounts.models import Verwerking

    regels = Verwerking.objects.count()
    tekst = f"{regels:,} regels in de verwerkingenlog"
    if regels < LOG_MINIMUM and connection.vendor == "postgresql":
        tekst += (f"\nLET OP: minder dan {LOG_MINIMUM:,} regels in de verwerkingenlog. PostgreSQL plant de controle "
                  "van de betrokkenen dan als seq scan over de hele log en houdt dat plan zolang de verbinding leeft: "
                  "de database-CPU per verzoek groeit met de log. Vul eerst aan (bench/inzage.py --vul 2000000, dan "
                  "vacuumdb --analyze), zoals onder 'Hoe meten' in docs/benchmarks.md.")
    return tekst


def belasting():
    return "load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def verdeling(inst, meter):
    """The client connections each worker held at the start of the window: what ties a client to one worker under
    gthread (keep-alive). The sync worker closes every connection after its response, so there is nothing to count."""
    if inst["worker_class"] != "gthread":
        return "geen (sync)"
    return ", ".join(map(str, meter.verbindingen)) or "-"


def cpu_per_verzoek(titel, meter, verzoeken, inst):
    if len(meter.metingen) < 2 or not verzoeken:
        return
    gunicorn, postgres, clients = meter.per_verzoek(verzoeken)
    print(f"  server-CPU per verzoek, {titel}: gunicorn {gunicorn:.2f} ms, PostgreSQL {postgres:.2f} ms "
          f"(/proc, over het meetvenster); de clients op dezelfde machine {clients:.2f} ms")
    print(f"  clientverbindingen per worker aan het begin van het venster: {verdeling(inst, meter)}"
          + (" (één verzoek per verbinding)" if inst["worker_class"] != "gthread" else ""))


HALLO = {"email": None, "paginas": [("hallo wereld", "/hallo/")]}  # a hello-world client: no login, one page


def verbindingen_melden(teller, open_na_afloop, inst):
    if open_na_afloop is not None:
        print(f"databaseverbindingen van het portaal: piek {teller.piek}, open na afloop {open_na_afloop} "
              f"(grens workers x threads = {inst['workers'] * inst['threads']}, plus één per worker zolang de "
              f"matching-index bouwt)")


def _geslaagd_per_seconde(uitkomst, seconden):
    return sum(1 for _naam, _ms, fout in uitkomst if not fout) / seconden


def om_en_om(args, env, naam, scenarios, inst):
    """``--rondes``: hello-world and the portal run side by side (a server that gets no requests costs nothing)
    and the clients take turns, so each ratio compares two windows of the same minute."""
    hallo_poort = vrije_poort()
    hallo = start_gunicorn("bench.hallo:application", hallo_poort, env, config=ROOT / "bench/hallo_gunicorn.py",
                           workers=inst["workers"])
    portaal = None
    try:
        portaal_poort = vrije_poort()
        portaal = start_gunicorn("klantreis.wsgi:application", portaal_poort, env, config=ROOT / "gunicorn.conf.py",
                                 workers=inst["workers"])
        teller = Verbindingen(naam)
        teller.start()
        paren, alle_portaal, fouten = [], [], 0
        try:
            for ronde in range(1, args.rondes + 1):
                hallo_cpu, portaal_cpu = ServerCpu(hallo, naam), ServerCpu(portaal, naam)
                uit_hallo, seconden, _ = belasten(f"http://127.0.0.1:{hallo_poort}", [HALLO] * args.gebruikers, args,
                                                  meter=hallo_cpu)
                uit_portaal, _seconden, opgewarmd = belasten(f"http://127.0.0.1:{portaal_poort}", scenarios, args,
                                                             meter=portaal_cpu)
                basis = _geslaagd_per_seconde(uit_hallo, seconden)
                totaal = _geslaagd_per_seconde(uit_portaal, seconden)
                fouten_nu = sum(1 for *_r, fout in uit_hallo + uit_portaal if fout)
                fouten += fouten_nu
                alle_portaal += uit_portaal
                hallo_ms, _pg, hallo_clients_ms = hallo_cpu.per_verzoek(basis * seconden) if basis else (0.0,) * 3
                gunicorn_ms, postgres_ms, clients_ms = (portaal_cpu.per_verzoek(totaal * seconden) if totaal
                                                        else (0.0,) * 3)
                paren.append(100 * totaal / basis if basis else 0.0)
                print(f"ronde {ronde}: hallo wereld {basis:7.1f} req/s (gunicorn {hallo_ms:.2f} ms per verzoek, "
                      f"clients {hallo_clients_ms:.2f}); portaal {totaal:6.1f} req/s (gunicorn {gunicorn_ms:.2f} + "
                      f"PostgreSQL {postgres_ms:.2f} ms, clients {clients_ms:.2f}; "
                      f"opgewarmd in {opgewarmd:.0f} s); fouten {fouten_nu}; verhouding {paren[-1]:.1f}%; "
                      f"verbindingen per worker {verdeling(inst, hallo_cpu)} / {verdeling(inst, portaal_cpu)}; "
                      f"{belasting()}", flush=True)
            open_na_afloop = teller.nu()
        finally:
            teller.klaar.set()
            teller.join()
    finally:
        if portaal is not None:
            stop(portaal)
        stop(hallo)
    rapport(f"Portaal: vier rollen, echte logins, alle {args.rondes} vensters samen", alle_portaal,
            float(args.duur) * args.rondes)
    print(f"\nverhouding portaal / hallo wereld per ronde: {', '.join(f'{v:.1f}%' for v in paren)}; mediaan "
          f"{statistics.median(paren):.1f}% (laagste {min(paren):.1f}%, hoogste {max(paren):.1f}%); fouten {fouten}")
    verbindingen_melden(teller, open_na_afloop, inst)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gebruikers", type=int, default=50)
    parser.add_argument("--duur", type=int, default=60, help="seconden per meting")
    parser.add_argument("--workers", type=int, default=None, help="WEB_CONCURRENCY (standaard: gunicorn.conf.py)")
    parser.add_argument("--threads", type=int, default=None, help="WEB_THREADS (standaard: gunicorn.conf.py)")
    parser.add_argument("--processen", type=int, default=4, help="processen voor de clients")
    parser.add_argument("--opwarmen", type=int, default=600,
                        help="hooguit zoveel seconden inloggen en elke pagina één keer (matching-index, caches); "
                             "er wordt gemeten zodra alle clients klaar zijn")
    parser.add_argument("--conn-max-age", type=int, default=None, help="DATABASE_CONN_MAX_AGE van de server")
    parser.add_argument("--serverlog", action="store_true",
                        help="ook de duur per verzoek zoals gunicorn die mat (accesslog), per meetvenster")
    parser.add_argument("--rondes", type=int, default=1,
                        help="paren van meetvensters om en om (hallo-wereld, portaal); > 1: de verhouding per paar "
                             "en de mediaan, beide servers draaien naast elkaar")
    parser.add_argument("--denktijd", type=float, default=0.0,
                        help="gemiddelde seconden tussen twee pagina's van één gebruiker in de portaalmeting (0: "
                             "gesloten lus zonder pauze, de doorvoer; > 0: mensen die lezen, de wachttijd)")
    args = parser.parse_args()
    if args.rondes < 1:
        parser.error("--rondes moet 1 of meer zijn")
    if args.rondes > 1 and (args.denktijd or args.serverlog):
        parser.error("--rondes gaat alleen samen met de gesloten lus: zonder --denktijd en --serverlog")
    env = server_env(args)
    naam = f"bench-load-{os.getpid()}"
    if env.get("DATABASE_URL", "").startswith("postgres"):
        env["DATABASE_URL"] += ("&" if "?" in env["DATABASE_URL"] else "?") + f"application_name={naam}"
    subprocess.run([str(ROOT / ".venv/bin/python"), "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT,
                   env=env, check=True)
    scenarios = scenarios_maken(args.gebruikers)
    from django.db import connection

    from werkgevers.models import Vacature
    from werkzoekenden.models import Kandidaat

    inst = server_instellingen(env)
    print(f"begin {time.strftime('%Y-%m-%d %H:%M:%S')}, {belasting()}, {os.cpu_count()} cores")
    print(f"database {connection.settings_dict['NAME']} ({connection.vendor}): {Kandidaat.objects.count():,} "
          f"kandidaten, {Vacature.objects.filter(status='open').count():,} open vacatures, {logomvang()}")
    verbindingen = (f"keepalive {inst['keepalive']} s" if inst["keepalive"] is not None
                    else "elke verbinding één verzoek")
    print(f"gunicorn: {inst['workers']} workers x {inst['threads']} threads ({inst['worker_class']}), {verbindingen}, "
          f"timeout {inst['timeout']} s; DATABASE_CONN_MAX_AGE {inst['conn_max_age']}; "
          f"PGBOUNCER_TRANSACTION_POOLING {inst['pgbouncer_transaction_pooling']}; "
          f"DATABASE_PREPARED_STATEMENTS {inst['prepared_statements']}")
    print(f"{args.gebruikers} gebruikers, {args.processen} client-processen; opwarmen tot iedereen klaar is "
          f"(hooguit {args.opwarmen} s), dan {args.duur} s meten per server")
    connection.close()
    if args.rondes > 1:
        om_en_om(args, env, naam, scenarios, inst)
        print(f"einde {time.strftime('%Y-%m-%d %H:%M:%S')}, {belasting()}")
        return
    poort = vrije_poort()
    hallo = start_gunicorn("bench.hallo:application", poort, env, config=ROOT / "bench/hallo_gunicorn.py",
                           workers=inst["workers"])
    hallo_cpu = ServerCpu(hallo, naam)
    try:
        uitkomst, seconden, opgewarmd = belasten(f"http://127.0.0.1:{poort}", [HALLO] * args.gebruikers, args,
                                                 meter=hallo_cpu)
    finally:
        stop(hallo)
    basis = rapport(f"Hallo wereld (zelfde settings en middleware, één view); opgewarmd in {opgewarmd:.0f} s; "
                    f"{belasting()}", uitkomst, seconden)
    cpu_per_verzoek("hallo wereld", hallo_cpu, basis * seconden, inst)
    toegangslog = None
    if args.serverlog:
        toegangslog = Path(tempfile.mkdtemp(prefix="klantreis-load-")) / "toegang.log"
    if toegangslog:  # the same configuration, plus the hook that writes how long each request waited
        env = dict(env, BENCH_WACHTLOG=str(toegangslog.with_name("wachten.log")))
    portaal = start_gunicorn("klantreis.wsgi:application", poort, env, config=ROOT / "gunicorn.conf.py",
                             toegangslog=toegangslog, workers=inst["workers"])
    teller = Verbindingen(naam)
    teller.start()
    portaal_cpu = ServerCpu(portaal, naam)
    try:
        uitkomst, seconden, opgewarmd = belasten(f"http://127.0.0.1:{poort}", scenarios, args, meter=portaal_cpu)
        if toegangslog and not args.denktijd:
            serverzijde(toegangslog, "gesloten lus")
        if args.denktijd:
            totaal_zonder = rapport(f"Portaal: vier rollen, echte logins, gesloten lus zonder denktijd; ingelogd en "
                                    f"opgewarmd in {opgewarmd:.0f} s; {belasting()}", uitkomst, seconden)
            if toegangslog:
                serverzijde(toegangslog, "gesloten lus")
            uitkomst, seconden, _opgewarmd = belasten(f"http://127.0.0.1:{poort}", scenarios, args,
                                                      denktijd=args.denktijd)
            if toegangslog:
                serverzijde(toegangslog, f"{args.denktijd:g} s denktijd")
        open_na_afloop = teller.nu()
    finally:
        teller.klaar.set()
        teller.join()
        stop(portaal)
    if args.denktijd:
        rapport(f"Portaal: dezelfde gebruikers met gemiddeld {args.denktijd:g} s denktijd per pagina; {belasting()}",
                uitkomst, seconden)
        totaal = totaal_zonder
    else:
        totaal = rapport(f"Portaal: vier rollen, echte logins; ingelogd en opgewarmd in {opgewarmd:.0f} s; "
                         f"{belasting()}", uitkomst, seconden)
    cpu_per_verzoek("portaal (gesloten lus)", portaal_cpu, totaal * float(args.duur), inst)
    print(f"\nverhouding portaal / hallo wereld: {totaal:.1f} / {basis:.1f} requests/s = "
          f"{100 * totaal / basis if basis else 0:.1f}%")
    verbindingen_melden(teller, open_na_afloop, inst)
    print(f"einde {time.strftime('%Y-%m-%d %H:%M:%S')}, {belasting()}")


if __name__ == "__main__":
    main()
