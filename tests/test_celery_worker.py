"""A real Celery worker process on the configured broker (Redis in CI, the file broker locally)."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from accounts.tasks import ping_task, send_email_task
from conftest import ontbreekt
from klantreis.celery import app

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
        proces.terminate()
        try:
            proces.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proces.kill()


def test_round_trip_through_a_real_worker(worker):
    result = ping_task.apply_async(args=["hallo"], queue=worker["queue"])
    assert result.get(timeout=90) == {"pong": "hallo"}
    assert worker["proces"].poll() is None, "de worker is gestopt"


def test_worker_sends_the_mail(worker):
    onderwerp = f"Testbericht {uuid.uuid4().hex[:6]}"
    send_email_task.apply_async(
        kwargs={"to": ["a@voorbeeld.nl"], "subject": onderwerp, "text": "tekst", "html": "<p>html</p>"},
        queue=worker["queue"],
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        inhoud = [p.read_text() for p in Path(worker["maildir"]).glob("*.log")]
        if any(onderwerp in i for i in inhoud):
            bericht = next(i for i in inhoud if onderwerp in i)
            assert "text/html" in bericht and "a@voorbeeld.nl" in bericht
            return
        time.sleep(0.3)
    pytest.fail("de worker heeft de e-mail niet binnen 90 seconden verstuurd")
