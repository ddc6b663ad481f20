"""A real Celery worker process on the configured broker (Redis in CI, the file broker locally)."""

import ast
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from accounts.tasks import ping_task
from conftest import ontbreekt
from klantreis.celery import app
from outbox.models import Mail
from outbox.services import mails_maken
from outbox.tasks import mails_versturen_task
from tests.test_celery_sweep import workers  # noqa: F401 - the fixture: real workers on the test database

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.celery_worker


def _broker_bereikbaar():
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=3)
        return True
    except Exception:  # noqa: BLE001 - any connection failure means: not reachable
        return False


@pytest.fixture(scope="module")
def worker(tmp_path_factory):
    if not _broker_bereikbaar():
        ontbreekt(f"Celery-broker {settings.CELERY_BROKER_URL} is niet bereikbaar")
    queue = f"test-{uuid.uuid4().hex[:8]}"
    maildir = tmp_path_factory.mktemp("mail")
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="klantreis.settings", DEBUG="true",
               EMAIL_BACKEND="file", EMAIL_FILE_PATH=str(maildir))
    proces = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "klantreis", "worker", "--pool=solo", "-Q", queue,
         "--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat",
         "-n", f"{queue}@%h"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    vorige = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        yield {"queue": queue, "maildir": maildir, "proces": proces}
    finally:
        app.conf.task_always_eager = vorige
        # The module's checks are done: kill -9, not a warm shutdown (~3.3 s on the file broker, see Workers.stop).
        proces.kill()
        proces.wait(timeout=20)


def test_every_task_module_loads_without_the_system_checks():
    """``celery worker --skip-checks`` (``CELERY_SKIP_CHECKS``) leaves out Django's system checks, and with them the
    import of every view that their walk over the URLs does first. The task modules must load on their own:
    ``matching.tasks`` imports the index, and the index imported ``matching.tasks`` back (a cycle that only the
    import order of the checks hid; with the checks skipped the worker registered no task)."""
    code = ("import django; django.setup(); from klantreis.celery import app; app.loader.import_default_modules(); "
            "print(sorted(naam for naam in app.tasks if not naam.startswith('celery.')))")
    uit = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
                         env=dict(os.environ, DJANGO_SETTINGS_MODULE="klantreis.settings", DEBUG="true",
                                  CELERY_SKIP_CHECKS="1"))
    assert uit.returncode == 0, uit.stderr[-3000:]
    taken = set(ast.literal_eval(uit.stdout.strip().splitlines()[-1]))
    assert {regel["task"] for regel in settings.CELERY_BEAT_SCHEDULE.values()} <= taken, taken
    assert "matching.tasks.matchingindex_bouwen_task" in taken


def test_round_trip_through_a_real_worker(worker):
    result = ping_task.apply_async(args=["hallo"], queue=worker["queue"])
    assert result.get(timeout=90) == {"pong": "hallo"}
    assert worker["proces"].poll() is None, "de worker is gestopt"


@pytest.mark.django_db(transaction=True)
def test_worker_sends_the_mail_from_the_outbox(workers, tmp_path):
    """The mail row is written here; a real worker on the same database claims, sends and records it."""
    onderwerp = f"Testbericht {uuid.uuid4().hex[:6]}"
    # Written without publishing: this test publishes to its own worker's mail queue below.
    Mail.objects.bulk_create(mails_maken(aan=["a@voorbeeld.nl"], onderwerp=onderwerp, tekst="tekst",
                                         html="<p>html</p>"))
    # The fixture stops the worker with kill -9 once the checks are done (a warm stop costs ~3.3 s on the file
    # broker and proves nothing here: Workers.stop).
    workers.start(1)
    mails_versturen_task.apply_async(queue=f"{workers.queue}-mail")
    _wacht_op_mail({"maildir": workers.maildir}, onderwerp)
    deadline = time.monotonic() + 30
    while Mail.objects.get().status != Mail.Status.VERSTUURD and time.monotonic() < deadline:
        time.sleep(0.2)
    assert Mail.objects.get().status == Mail.Status.VERSTUURD


def _wacht_op_mail(worker, onderwerp):
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        inhoud = [p.read_text() for p in Path(worker["maildir"]).glob("*.log")]
        if any(onderwerp in i for i in inhoud):
            bericht = next(i for i in inhoud if onderwerp in i)
            assert "text/html" in bericht and "a@voorbeeld.nl" in bericht
            return
        time.sleep(0.3)
    pytest.fail("de worker heeft de e-mail niet binnen 90 seconden verstuurd")
