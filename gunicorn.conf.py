"""Gunicorn settings read from the working directory (the Dockerfile and docker-compose start gunicorn there).

Workers and threads come from the environment; the defaults are what ``bench/load.py`` measured best on a 2-core
machine (docs/benchmarks.md, "Belasting"). Command-line options (``--workers``, ``--threads``) still win.

Database connections: Django keeps one connection per thread that served a request (CONN_MAX_AGE), so one web
machine holds at most WEB_CONCURRENCY x WEB_THREADS connections, plus one per worker while its matching index is
built. Threads (gthread, WEB_THREADS > 1) live as long as their worker, so a kept connection never outlives its
thread; a sync worker is its own one thread.
"""

import gc
import os
import sys

from klantreis.env import ConfigError, env_int

try:
    # One worker per core: the pages are CPU-bound Python, so more processes than cores only share the same cores.
    # One thread: a second thread in the same worker only makes two pages fight over the GIL. Measured on national
    # data, 2 workers, 50 users in a closed loop (docs/benchmarks.md, "veertigste sessie", five runs each, in
    # turn): 1 thread 269-285 requests/s, gunicorn 3.8-4.2 and PostgreSQL 1.5-1.6 ms of CPU per request;
    # 2 threads 250-265 requests/s, 4.2-4.6 and 1.7-2.1 ms; 3 workers of 1 thread 253-261 requests/s. A request
    # that waits (object storage, clamd, a client reading a cv slowly) holds its worker meanwhile; behind a load
    # balancer that buffers (the usual proxy in front of gunicorn) a slow client holds nothing. Where many such
    # waits come through unbuffered, WEB_THREADS=2 gives a second lane per worker at that cost.
    workers = env_int("WEB_CONCURRENCY", os.cpu_count() or 1, minimum=1, maximum=64)
    threads = env_int("WEB_THREADS", 1, minimum=1, maximum=64)
    # A request that takes longer than this is a bug: a sync worker that has not finished its request by then is
    # killed and replaced. Under gthread (WEB_THREADS > 1) it only bounds a worker whose main loop hangs.
    timeout = env_int("WEB_TIMEOUT", 60, minimum=5, maximum=600)
    # Only with WEB_THREADS > 1 (gthread; the sync worker below closes every connection after its response).
    # Idle keep-alive connections wait in gthread's poller, not in a thread: a browser (or the load balancer)
    # reuses its connection without holding up anyone. Longer than a load balancer's idle timeout (often 60 s):
    # the side that closes first must be the one that sends the next request, or a request on a connection the
    # server just closed fails (measured: 5 of 206 requests with 5 s keepalive and people reading 5 s).
    keepalive = env_int("WEB_KEEPALIVE", 75, minimum=0, maximum=300)
except ConfigError as exc:
    sys.exit(f"Configuratiefout: {exc}")

# sync: a worker takes a connection from the listening socket only when it is free, answers one request on it and
# closes it (``Connection: close``). All requests wait in one queue, the socket's, for whichever worker is free first.
# gthread, which we ran before, keeps the keep-alive connections a worker accepted: a client stays tied to that
# worker, however busy it is, and which worker accepts a new connection is a race, so in a closed loop of 50 clients
# one worker held 33-37 connections and the other 13-17. Measured on national data (docs/benchmarks.md,
# "vierenvijftigste sessie", four runs of two windows each, in turn): gthread p50 217-232 ms, p95 295-345 ms; sync
# p50 236-256 ms, p95 267-285 ms (p95/p50 1.12-1.19 against 1.31-1.55), at 4-9% fewer requests/s: a sync worker
# waits for the client to close each connection (8% of its time here, where the clients share the two cores). Behind the load balancer a new connection per request costs nothing a browser notices:
# the browser keeps its own connection to the load balancer. With WEB_THREADS > 1 gunicorn runs gthread instead,
# and then ``keepalive`` applies.
worker_class = "sync"
graceful_timeout = 30


def index_opwarmen():
    """Each web worker maps the current version of the kandidaat index at once (milliseconds: the build ran before,
    in `manage.py matchingindex_bouwen` or the beat task) and builds its small vacature index in the background, so
    the first ranking does not wait."""
    from matching.index import index, vacature_index

    index().opwarmen()
    vacature_index().opwarmen()


def buiten_de_opruiming(worker):
    """Loads every view (the URL patterns) and moves all the worker holds out of Python's cycle collector
    (``gc.freeze``): Django, the apps and their modules are some 150,000 objects that live as long as the worker, and
    a full collection walked them all, 65-95 ms (measured in a test-client process: one request in twenty; under the
    load benchmark no difference could be measured; docs/benchmarks.md, zevenentwintigste sessie). Young objects are
    collected as before."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports every view module now, before the freeze
    gc.collect()
    gc.freeze()
    worker.log.info("Worker %s: %d objecten bevroren buiten de cyclusopruiming (gc.freeze)", worker.pid,
                    gc.get_freeze_count())


def post_worker_init(worker):
    index_opwarmen()
    buiten_de_opruiming(worker)
