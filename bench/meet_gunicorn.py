"""Gunicorn settings for ``bench/load.py --serverlog``: the configuration named by ``BENCH_BASIS`` (gunicorn.conf.py,
or bench/hallo_gunicorn.py for the hello-world) as it is, plus a ``pre_request`` hook that writes, for every request
that carries ``X-Bench-Verzonden`` (the client's clock when it sent it), how long it waited before a worker thread
began with it: in the socket, the poller and the thread pool. Same machine, same clock."""

import os
import runpy
import time
from pathlib import Path

_HIER = Path(__file__).resolve().parent.parent
globals().update({naam: waarde for naam, waarde in
                  runpy.run_path(str(_HIER / os.environ.get("BENCH_BASIS", "gunicorn.conf.py"))).items()
                  if not naam.startswith("_")})
_LOG = os.environ.get("BENCH_WACHTLOG")


def pre_request(worker, req):
    verzonden = next((waarde for naam, waarde in req.headers if naam == "X-BENCH-VERZONDEN"), None)
    if _LOG and verzonden:
        nu = time.time()
        with open(_LOG, "a") as log:
            log.write(f"{nu:.3f} {(nu - float(verzonden)) * 1000:.2f}\n")
