"""Gunicorn settings for the servers of ``bench/load.py``: the configuration named by ``BENCH_BASIS`` (gunicorn.conf.py,
or bench/hallo_gunicorn.py for the hello-world) as it is, plus two things for measuring:

- with ``BENCH_GEREED``, every worker writes its pid to that file once it is ready (after the configuration's own
  ``post_worker_init``), so the clients start only when every worker can accept connections. Otherwise the
  first requests all go to the worker that is ready, and under gthread (WEB_THREADS > 1), which keeps the
  keep-alive connections it accepted, those clients stay there and half the machine idles (seen: 48 of 50);
- with ``BENCH_WACHTLOG`` (``--serverlog``), a ``pre_request`` hook that writes, for every request that carries
  ``X-Bench-Verzonden`` (the client's clock when it sent it), how long it waited before a worker thread began with
  it: in the listening socket (sync), or in the socket, the poller and the thread pool (gthread). Same machine, same
  clock."""

import os
import runpy
import time
from pathlib import Path

_HIER = Path(__file__).resolve().parent.parent
_BASIS = runpy.run_path(str(_HIER / os.environ.get("BENCH_BASIS", "gunicorn.conf.py")))
globals().update({naam: waarde for naam, waarde in _BASIS.items() if not naam.startswith("_")})
_GEREED = os.environ.get("BENCH_GEREED")
_LOG = os.environ.get("BENCH_WACHTLOG")


def post_worker_init(worker):
    if "post_worker_init" in _BASIS:
        _BASIS["post_worker_init"](worker)
    if _GEREED:
        with open(_GEREED, "a") as gereed:
            gereed.write(f"{worker.pid}\n")


if _LOG:  # only then: a hook costs every request a call
    def pre_request(worker, req):
        verzonden = next((waarde for naam, waarde in req.headers if naam == "X-BENCH-VERZONDEN"), None)
        if verzonden:
            nu = time.time()
            with open(_LOG, "a") as log:
                log.write(f"{nu:.3f} {(nu - float(verzonden)) * 1000:.2f}\n")
