"""Real processes against the test database: Celery workers and beat, a Redis of the test's own, the web
server, and a reader for the mail they deliver (Django's file backend).

Every process gets the same environment (``omgeving``): the database the test runs on, the Redis the test
started, a queue of its own, and mail written to a folder. Logs go to files next to the mail folder, so a
failing test can show what each process said (``Proces.staart``)."""

import contextlib
import fcntl
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from email import policy
from email.errors import HeaderParseError
from email.header import decode_header, make_header
from email.parser import BytesHeaderParser
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
SCHEIDING = b"\n" + b"-" * 79 + b"\n"
# The headers as written (compat32): three are read per message, and the structured headers of policy.default (an
# address parser for To, a parse of every Message-ID) cost four times as much for 20,000 messages (6.6 against 1.7
# CPU-s). Encoded words (RFC 2047, a name with an accent in a subject) are decoded by ``_kop``.
KOPPEN = BytesHeaderParser(policy=policy.compat32)


def _kop(waarde) -> str:
    """A header's text as a reader sees it: encoded words decoded, folding undone. Text that only looks like an
    encoded word (an unknown charset, a broken payload) stays as written instead of failing the count."""
    if not waarde:
        return ""
    try:
        tekst = str(make_header(decode_header(waarde)))
    except (LookupError, UnicodeDecodeError, HeaderParseError):
        tekst = str(waarde)
    return " ".join(tekst.split())


# Ports for the servers the tests and benchmarks start (web, Redis, moto, clamd, the OIDC broker): below the kernel's
# ephemeral range (32768-60999 by default), where the kernel hands out ports by itself, for a bind to port 0 and for
# every outgoing connection; each one locked (flock on a file per port) for as long as the process that took it
# lives, so no two processes on this machine, pytest-xdist workers, a second run or a benchmark, get the same one.
# Asking the kernel for a free port (bind to port 0, close, pass the number on) gave the outage test the same port
# for its Redis and its web server: the web server could not start, and the form went to Redis.
POORTEN = range(20000, 32768)
POORTSLOTEN = Path(tempfile.gettempdir()) / "klantreis-poorten"
_sloten: dict[int, object] = {}  # port -> its open, locked file: the lock goes with the process


def vrije_poort() -> int:
    """A port nothing listens on and no other process (nor this one) took, from a random place in ``POORTEN``."""
    POORTSLOTEN.mkdir(exist_ok=True)
    begin = random.randrange(len(POORTEN))
    for i in range(len(POORTEN)):
        poort = POORTEN[(begin + i) % len(POORTEN)]
        if poort in _sloten:
            continue
        slot = open(POORTSLOTEN / str(poort), "a")  # noqa: SIM115 (kept open: the lock lives as long as the file)
        try:
            fcntl.flock(slot, fcntl.LOCK_EX | fcntl.LOCK_NB)
            with socket.socket() as s:
                s.bind(("127.0.0.1", poort))
        except OSError:  # another process has it, or something listens there (RabbitMQ's 25672, say)
            slot.close()
            continue
        _sloten[poort] = slot
        return poort
    raise RuntimeError(f"geen vrije poort meer tussen {POORTEN.start} en {POORTEN.stop - 1}")


def database_url(settings_dict, application_name=None) -> str:
    """The URL of the database a test (or the benchmark) is using, for the processes it starts. On PostgreSQL,
    ``application_name`` names the process's connections in ``pg_stat_activity`` (``verbindingen``)."""
    s = settings_dict
    if s["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{Path(s['NAME']).resolve()}"
    wachtwoord = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    naam = f"?application_name={application_name}" if application_name else ""
    return f"postgres://{s['USER']}{wachtwoord}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}{naam}"


def verbindingen(application_name) -> int:
    """How many connections PostgreSQL has open for ``application_name``, read on the test's own connection. In a
    transactional test (autocommit) every call sees the server as it is now; inside a transaction PostgreSQL would
    show the same snapshot of ``pg_stat_activity`` each time."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = %s", [application_name])
        return cursor.fetchone()[0]


def omgeving(*, database, redis_url, maildir, queue, **extra) -> dict:
    """Environment for every process of one run; ``extra`` adds or overrides variables (all as text)."""
    return dict(
        os.environ, DJANGO_SETTINGS_MODULE="klantreis.settings", DEBUG="true", DATABASE_URL=database,
        CELERY_BROKER_URL=redis_url, CELERY_RESULT_BACKEND=redis_url, CELERY_QUEUE=queue,
        CELERY_MAIL_QUEUE=f"{queue}-mail", EMAIL_BACKEND="file", EMAIL_FILE_PATH=str(maildir),
        PYTHONUNBUFFERED="1", **{k: str(v) for k, v in extra.items()},
    )


def nieuwe_queue(prefix="storing") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


class Proces:
    """One child process; ``start`` again after ``stop``/``kill9`` starts a fresh one with the same command."""

    def __init__(self, naam, argumenten, env, logdir):
        self.naam, self.argumenten, self.env = naam, argumenten, env
        self.logdir = Path(logdir)
        self.logdir.mkdir(parents=True, exist_ok=True)
        self.proces = None
        self.starts = 0

    @property
    def log(self) -> Path:
        return self.logdir / f"{self.naam}.log"

    def start(self):
        assert not self.leeft, f"{self.naam} draait al"
        self.starts += 1
        with open(self.log, "ab") as log:
            log.write(f"\n===== start {self.starts} ({time.strftime('%H:%M:%S')}) =====\n".encode())
            log.flush()
            self.proces = subprocess.Popen(self.argumenten, cwd=ROOT, env=self.env, stdout=log,
                                           stderr=subprocess.STDOUT, start_new_session=True)
        return self

    @property
    def leeft(self) -> bool:
        return self.proces is not None and self.proces.poll() is None

    @property
    def pid(self):
        return self.proces.pid if self.proces else None

    def kill9(self):
        """SIGKILL: no shutdown, no ack, no cleanup; what a power cut or the OOM killer does."""
        if self.leeft:
            self.proces.send_signal(signal.SIGKILL)
            self.proces.wait(timeout=10)

    def stop(self, timeout=20):
        if self.leeft:
            self.proces.terminate()
            try:
                self.proces.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.kill9()

    def wacht_op_log(self, tekst, timeout=60) -> bool:
        """Wait until ``tekst`` appears in the log of the current start."""
        grens = time.monotonic() + timeout
        while time.monotonic() < grens:
            if tekst in self.log.read_text(errors="replace").rsplit("===== start", 1)[-1]:
                return True
            if not self.leeft:
                return False
            time.sleep(0.1)
        return False

    def staart(self, regels=40) -> str:
        if not self.log.exists():
            return ""
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-regels:])


def celery_worker(env, queues, naam, logdir) -> Proces:
    """A ``--pool=solo`` worker: one task at a time in the main process, so ``kill -9`` hits the task itself."""
    return Proces(naam, [sys.executable, "-m", "celery", "-A", "klantreis", "worker", "--pool=solo",
                         "-Q", ",".join(queues), "--without-gossip", "--without-mingle", "--without-heartbeat",
                         "--loglevel=INFO", "-n", f"{naam}-{uuid.uuid4().hex[:6]}@%h"], env, logdir)


def celery_beat(env, logdir) -> Proces:
    """Beat with a schedule file in ``logdir`` (not the database scheduler: the test database is flushed)."""
    return Proces("beat", [sys.executable, "-m", "celery", "-A", "klantreis", "beat", "--loglevel=INFO",
                           "-S", "celery.beat:PersistentScheduler", "-s", str(Path(logdir) / "schedule")],
                  env, logdir)


class Webserver(Proces):
    def __init__(self, env, logdir, poort=None):
        self.poort = poort or vrije_poort()
        super().__init__("web", [sys.executable, "manage.py", "runserver", "--noreload",
                                 f"127.0.0.1:{self.poort}"], {**env, "DEBUG": "true"}, logdir)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.poort}"

    def wacht_tot_klaar(self, timeout=60) -> bool:
        grens = time.monotonic() + timeout
        while time.monotonic() < grens and self.leeft:
            try:
                with socket.create_connection(("127.0.0.1", self.poort), timeout=1):
                    return True
            except OSError:
                time.sleep(0.1)
        return False


class Redis:
    """A redis-server of the test's own on a free port, without persistence: stopping it loses every
    queued message, which is the outage the outbox has to survive. ``start`` again uses the same port."""

    def __init__(self, logdir, poort=None):
        self.poort = poort or vrije_poort()
        self.proces = Proces("redis", ["redis-server", "--port", str(self.poort), "--bind", "127.0.0.1",
                                       "--save", "", "--appendonly", "no"], dict(os.environ), logdir)

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.poort}/0"

    def start(self, timeout=10):
        self.proces.start()
        grens = time.monotonic() + timeout
        while time.monotonic() < grens:
            if self.ping():
                return self
            time.sleep(0.05)
        raise RuntimeError(f"redis-server op poort {self.poort} start niet:\n{self.proces.staart()}")

    def ping(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.poort), timeout=0.5) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def kill9(self):
        self.proces.kill9()

    def stop(self):
        """``shutdown nosave``; SIGKILL when it does not go."""
        if self.proces.leeft:
            # Not checked, nor waited for past 10 s: a server that went meanwhile makes redis-cli exit 1 ("Could not
            # connect"), one that hangs keeps it waiting; the wait below and the SIGKILL after it decide.
            with contextlib.suppress(subprocess.TimeoutExpired):
                subprocess.run(["redis-cli", "-p", str(self.poort), "shutdown", "nosave"], capture_output=True,
                               timeout=10, check=False)
            try:
                self.proces.proces.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proces.kill9()

    @property
    def leeft(self):
        return self.proces.leeft


# --- reading delivered mail ------------------------------------------------------------------------


@dataclass(frozen=True)
class Bericht:
    message_id: str
    aan: str
    onderwerp: str
    bestand: str


def ruwe_berichten(maildir) -> tuple[list[tuple[str, bytes]], int]:
    """(file name, message as written) for every message the file backend wrote to ``maildir``, and how many were
    cut off mid-write (a process killed while writing leaves a message without the closing line of dashes; that one
    counts as not delivered, like an SMTP session that broke off before the final dot)."""
    gevonden, afgebroken = [], 0
    for bestand in sorted(Path(maildir).glob("*.log")):
        delen = bestand.read_bytes().split(SCHEIDING)
        if delen[-1].strip():
            afgebroken += 1
        gevonden += [(bestand.name, ruw.lstrip(b"\n")) for ruw in delen[:-1] if ruw.strip()]
    return gevonden, afgebroken


def berichten(maildir) -> tuple[list[Bericht], int]:
    """Every message the file backend wrote to ``maildir`` (its headers), and how many were cut off mid-write."""
    ruw, afgebroken = ruwe_berichten(maildir)
    gevonden = []
    for naam, tekst in ruw:
        bericht = KOPPEN.parsebytes(tekst)  # the headers are all that is counted
        gevonden.append(Bericht(message_id=_kop(bericht["Message-ID"]), aan=_kop(bericht["To"]),
                                onderwerp=_kop(bericht["Subject"]), bestand=naam))
    return gevonden, afgebroken
