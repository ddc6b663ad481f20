"""Gunicorn settings for the hello-world of bench/load.py: gunicorn.conf.py as it is (workers, threads, worker
class, timeouts from the same environment), without its ``post_worker_init``, which builds the matching index that
a hello-world does not have."""

import runpy
from pathlib import Path

globals().update({naam: waarde for naam, waarde in
                  runpy.run_path(str(Path(__file__).resolve().parent.parent / "gunicorn.conf.py")).items()
                  if not naam.startswith("_") and naam != "post_worker_init"})
