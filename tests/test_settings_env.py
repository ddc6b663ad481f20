"""A wrong or malformed environment variable stops start-up with one line that names it."""

import json
import os
import sqlite3
import subprocess
import sys
from collections import namedtuple
from pathlib import Path

import pytest

from klantreis.env import ConfigError, env_bool, env_broker, env_database, env_int, env_list

ROOT = Path(__file__).resolve().parent.parent

Start = namedtuple("Start", "returncode stdout stderr")

# One Python process starts manage.py once per environment, each in a child of its own (fork) with exactly that
# environment, its own stdout and stderr, and the exit code an interpreter gives: a message passed to
# sys.exit goes to stderr with code 1, an uncaught exception prints its traceback. The children skip the
# interpreter's start and the import of the libraries in VOORAF, which took most of each start's time; the
# portal's own modules (klantreis, its settings, its apps) are imported in every child anew.
# Libraries only (never the portal's own modules): what took most of the time of a start.
VOORAF = ["django.conf", "django.core.management", "celery.app.base", "kombu.pools", "dj_database_url", "asgiref.sync",
          "numpy", "requests", "icalendar", "fido2", "cryptography"]
STARTER = "VOORAF = %r\n" % VOORAF + r"""
import importlib, json, os, runpy, sys, tempfile, traceback

for naam in VOORAF:  # loaded once, before the forks
    try:
        importlib.import_module(naam)
    except ImportError:
        pass

resultaten = []
for omgeving, argv in json.load(sys.stdin):
    with tempfile.TemporaryFile() as uit, tempfile.TemporaryFile() as fout:
        pid = os.fork()
        if pid == 0:
            os.dup2(uit.fileno(), 1)
            os.dup2(fout.fileno(), 2)
            os.environ.clear()
            os.environ.update(omgeving)
            sys.argv = argv
            code = 1
            try:
                runpy.run_path(argv[0], run_name="__main__")
                code = 0
            except SystemExit as exc:
                if exc.code is None or isinstance(exc.code, int):
                    code = exc.code or 0
                else:
                    print(exc.code, file=sys.stderr)
            except BaseException:
                traceback.print_exc()
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        uit.seek(0)
        fout.seek(0)
        resultaten.append([os.waitstatus_to_exitcode(status), uit.read().decode(), fout.read().decode()])
json.dump(resultaten, sys.stdout)
"""


def starten(omgevingen, *, argv=("manage.py", "check"), zonder=(), basis=None):
    """``manage.py`` started once for every environment in ``omgevingen`` (on top of this process's, without the
    names in ``zonder``): a ``Start`` for each, in the same order."""
    gedeeld = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", *zonder)}
    gedeeld.update(basis if basis is not None else {"DEBUG": "true", "DJANGO_SETTINGS_MODULE": "klantreis.settings"})
    opdrachten = [[{**gedeeld, **omgeving}, list(argv)] for omgeving in omgevingen]
    result = subprocess.run([sys.executable, "-c", STARTER], input=json.dumps(opdrachten), cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return [Start(*r) for r in json.loads(result.stdout)]


def start(**env):
    return starten([env])[0]


def _sleutel(omgeving):
    return tuple(sorted(omgeving.items()))


SLECHTE_VARIABELEN = [
    ("DATABASE_URL", "mysql://root@localhost/klantreis"),
    ("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/"),
    ("CELERY_BROKER_URL", "kafka://localhost:9092"),
    ("CELERY_BROKER_URL", "redis://localhost:poort/0"),
    ("EMAIL_PORT", "vijfentwintig"),
    ("EMAIL_BACKEND", "postduif"),
    ("DEBUG", "misschien"),
    ("ALLOWED_HOSTS", "a.nl,,b.nl"),
    ("UITNODIGING_GELDIG_DAGEN", "0"),
    ("BEWAARTERMIJN_VERWERKINGENLOG_DAGEN", "365"),  # below the database's minimum of 730 days
    ("MATCHINGINDEX_MAP", "var/matchingindex"),  # relative: it would depend on the working directory
    ("MATCHINGINDEX_MAP", str(ROOT / "manage.py")),  # a file, not a folder
    ("MATCHINGINDEX_CONTROLE_SECONDEN", "vaak"),
]
SLECHTE_OPSLAG = [
    ({"OPSLAG_S3_BUCKET": "Klantreis_Bestanden"}, "OPSLAG_S3_BUCKET"),
    ({"OPSLAG_S3_ENDPOINT_URL": "http://minio:9000"}, "OPSLAG_S3_BUCKET"),  # an endpoint without a bucket
    ({"OPSLAG_S3_BUCKET": "klantreis", "OPSLAG_S3_ENDPOINT_URL": "minio:9000"}, "OPSLAG_S3_ENDPOINT_URL"),
    ({"OPSLAG_S3_BUCKET": "klantreis", "OPSLAG_S3_ENDPOINT_URL": "http://minio:poort"}, "OPSLAG_S3_ENDPOINT_URL"),
    ({"OPSLAG_S3_BUCKET": "klantreis", "OPSLAG_S3_ACCESS_KEY": "sleutel"}, "OPSLAG_S3_SECRET_KEY"),
    ({"OPSLAG_S3_BUCKET": "klantreis", "OPSLAG_S3_VERSLEUTELING": "geen"}, "OPSLAG_S3_VERSLEUTELING"),
    ({"OPSLAG_S3_BUCKET": "klantreis", "OPSLAG_S3_KMS_SLEUTEL": "sleutel-1"}, "OPSLAG_S3_KMS_SLEUTEL"),
    ({"OPSLAG_S3_BUCKET": "klantreis", "OPSLAG_S3_ADRESSERING": "pad"}, "OPSLAG_S3_ADRESSERING"),
    ({"OPSLAG_S3_BUCKET": "klantreis", "OPSLAG_S3_PREFIX": "media/../geheim"}, "OPSLAG_S3_PREFIX"),
]
SLECHTE_WERKTIJD = [("WERKTIJD_BEGIN", "half negen"), ("WERKTIJD_EINDE", "25:00"), ("WERKTIJD_EINDE", "08:00")]


@pytest.fixture(scope="module")
def slechte_starten():
    """Every wrong environment of this module's parametrized tests, started in one go: {environment: Start}."""
    omgevingen = ([{v: w} for v, w in SLECHTE_VARIABELEN] + [omgeving for omgeving, _ in SLECHTE_OPSLAG]
                  + [{v: w} for v, w in SLECHTE_WERKTIJD])
    return dict(zip(map(_sleutel, omgevingen), starten(omgevingen)))


@pytest.mark.parametrize("variabele,waarde", SLECHTE_VARIABELEN)
def test_bad_variable_stops_with_one_line_naming_it(slechte_starten, variabele, waarde):
    result = slechte_starten[_sleutel({variabele: waarde})]
    assert result.returncode != 0
    regels = [r for r in result.stderr.splitlines() if r.strip()]
    assert len(regels) == 1, result.stderr
    assert variabele in regels[0] and regels[0].startswith("Configuratiefout:")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("omgeving,variabele", SLECHTE_OPSLAG)
def test_bad_object_storage_settings_stop_with_one_dutch_line(slechte_starten, omgeving, variabele):
    result = slechte_starten[_sleutel(omgeving)]
    assert result.returncode != 0
    regels = [r for r in result.stderr.splitlines() if r.strip()]
    assert len(regels) == 1, result.stderr
    assert variabele in regels[0] and regels[0].startswith("Configuratiefout:")
    assert "Traceback" not in result.stderr


def test_object_storage_from_the_environment(monkeypatch):
    from klantreis.env import env_opslag

    for variabele, waarde in {"OPSLAG_S3_BUCKET": "klantreis-bestanden", "OPSLAG_S3_ENDPOINT_URL": "http://minio:9000",
                              "OPSLAG_S3_ACCESS_KEY": "klantreis", "OPSLAG_S3_SECRET_KEY": "geheim",
                              "OPSLAG_S3_PREFIX": "/media/"}.items():
        monkeypatch.setenv(variabele, waarde)
    opslag = env_opslag()
    assert opslag["BACKEND"] == "storages.backends.s3.S3Storage"
    opties = opslag["OPTIONS"]
    assert (opties["bucket_name"], opties["endpoint_url"], opties["location"], opties["addressing_style"]) == (
        "klantreis-bestanden", "http://minio:9000", "media", "path")
    assert opties["object_parameters"] == {"ServerSideEncryption": "AES256"}
    assert opties["default_acl"] is None and opties["file_overwrite"] is False
    # A storage that does not answer holds a web worker for seconds, not minutes; the client keeps the addressing.
    config = opties["client_config"]
    assert (config.connect_timeout, config.read_timeout, config.retries) == (
        5, 10, {"max_attempts": 3, "mode": "standard"})
    assert config.s3 == {"addressing_style": "path"} and config.signature_version == "s3v4"
    result = start(OPSLAG_S3_BUCKET="klantreis-bestanden", OPSLAG_S3_ENDPOINT_URL="http://minio:9000",
                   OPSLAG_S3_ACCESS_KEY="klantreis", OPSLAG_S3_SECRET_KEY="geheim")
    assert result.returncode == 0, result.stderr


def test_production_needs_a_secret_key_and_hosts():
    zonder_sleutel, zonder_hosts = starten([{"DEBUG": "false", "SECRET_KEY": "", "ALLOWED_HOSTS": ""},
                                            {"DEBUG": "false", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": ""}])
    assert zonder_sleutel.returncode != 0 and "SECRET_KEY" in zonder_sleutel.stderr
    assert zonder_hosts.returncode != 0 and "ALLOWED_HOSTS" in zonder_hosts.stderr


def test_defaults_start_without_any_service():
    result = start(DATABASE_URL="", CELERY_BROKER_URL="")
    assert result.returncode == 0, result.stderr


def test_a_test_process_leaves_no_media_folder_behind(tmp_path):
    """Each process with the test settings made a media folder in /tmp and never removed it."""
    code = ("import os, sys, django; os.environ['DJANGO_SETTINGS_MODULE'] = 'klantreis.settings_test'; "
            "from django.conf import settings; p = settings.MEDIA_ROOT; open(os.path.join(p, 'cv.pdf'), 'w').close(); "
            "print(p)")
    omgeving = {**os.environ, "TMPDIR": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=omgeving, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    media = Path(result.stdout.strip().splitlines()[-1])
    assert media.parent == tmp_path and media.name.startswith("klantreis-media-")
    assert not media.exists()


def test_readers(monkeypatch):
    monkeypatch.setenv("X", "ja")
    assert env_bool("X") is True
    monkeypatch.setenv("X", " 12 ")
    assert env_int("X", 1, minimum=1, maximum=20) == 12
    monkeypatch.setenv("X", "a, b")
    assert env_list("X", []) == ["a", "b"]
    monkeypatch.setenv("X", "postgres://u@db:5432/klantreis")
    assert env_database("X", "")["NAME"] == "klantreis"
    monkeypatch.setenv("X", "redis://127.0.0.1:6379/0")
    assert env_broker("X", "") == "redis://127.0.0.1:6379/0"
    monkeypatch.setenv("X", "21")
    with pytest.raises(ConfigError, match="X=21 valt buiten"):
        env_int("X", 1, minimum=1, maximum=20)


def _laatste_regel(start):
    return start.stdout.strip().splitlines()[-1]


def _site_urls(*omgevingen):
    starts = starten(omgevingen, argv=("manage.py", "shell", "-c",
                                       "from django.conf import settings; print(settings.SITE_URL)"),
                     zonder=("SITE_URL", "PORT"))
    return [_laatste_regel(s) for s in starts]


def test_links_in_mails_follow_the_port_the_portal_runs_on():
    """`PORT=8101 make run` mailed links to port 8000."""
    assert _site_urls({"PORT": "8101"}, {}, {"PORT": "8101", "SITE_URL": "https://wsp.example.nl/"}) == [
        "http://127.0.0.1:8101", "http://127.0.0.1:8000", "https://wsp.example.nl"]


@pytest.mark.parametrize("variabele,waarde", SLECHTE_WERKTIJD)
def test_bad_office_hours_stop_with_one_line_naming_them(slechte_starten, variabele, waarde):
    result = slechte_starten[_sleutel({variabele: waarde})]
    assert result.returncode != 0
    regels = [r for r in result.stderr.splitlines() if r.strip()]
    assert len(regels) == 1, result.stderr
    assert variabele in regels[0] and regels[0].startswith("Configuratiefout:")


def _instellingen(uitdrukking, *omgevingen):
    starts = starten(omgevingen, argv=("manage.py", "shell", "-c",
                                       f"from django.conf import settings; print({uitdrukking})"),
                     zonder=("DATABASE_CONN_MAX_AGE",),
                     basis={"DJANGO_SETTINGS_MODULE": "klantreis.settings", "SECRET_KEY": "x" * 40,
                            "ALLOWED_HOSTS": "localhost"})
    return [_laatste_regel(s) for s in starts]


def test_runserver_on_postgresql_does_not_keep_a_connection_per_thread():
    """`make run` on PostgreSQL exhausted max_connections: runserver's threads each kept one for 60 s."""
    pg = "postgres://postgres@127.0.0.1:5432/klantreis"
    leeftijd = 'settings.DATABASES["default"]["CONN_MAX_AGE"]'
    assert _instellingen(leeftijd, {"DEBUG": "true", "DATABASE_URL": pg}, {"DEBUG": "false", "DATABASE_URL": pg},
                         {"DEBUG": "false", "DATABASE_URL": pg, "DATABASE_CONN_MAX_AGE": "300"}) == ["0", "60", "300"]


# Two processes on the embedded SQLite file, each in a transaction that reads and then writes, as the sweep workers
# (and web, beat and the mail worker of `make run`) do. Each waits, at most a few seconds, until the other has read.
LEZEN_DAN_SCHRIJVEN = r"""
import os, sys, time, pathlib
import django
django.setup()
from django.db import connection, transaction

rol, andere, map = sys.argv[1], sys.argv[2], pathlib.Path(sys.argv[3])
try:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM teller")
        (map / rol).touch()
        grens = time.monotonic() + 2
        while not (map / andere).exists() and time.monotonic() < grens:
            time.sleep(0.01)
        cursor.execute("INSERT INTO teller (wie) VALUES (%s)", [rol])
except Exception as exc:
    sys.exit(f"{type(exc).__name__}: {exc}")
"""


def test_processes_sharing_the_embedded_sqlite_file_wait_for_each_other(tmp_path):
    """`make test` and `make run` on the embedded defaults: two processes that each read and then write in a
    transaction. SQLite's default (deferred) transaction starts as a reader; when two readers both want to write,
    SQLite refuses one at once ("database is locked") instead of letting it wait, whatever the timeout. So two sweep
    workers on the same file failed (tests/test_celery_sweep.py on SQLite, 3 of 3 runs). A transaction that takes
    the write lock when it begins (IMMEDIATE) waits for the other instead."""
    bestand = tmp_path / "gedeeld.sqlite3"
    with sqlite3.connect(bestand) as db:
        db.execute("CREATE TABLE teller (wie TEXT)")
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CI")}
    env.update(DEBUG="true", DJANGO_SETTINGS_MODULE="klantreis.settings", DATABASE_URL=f"sqlite:///{bestand}")
    processen = [subprocess.Popen([sys.executable, "-c", LEZEN_DAN_SCHRIJVEN, rol, andere, str(tmp_path)], cwd=ROOT,
                                  env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for rol, andere in (("a", "b"), ("b", "a"))]
    uitkomsten = [(p.wait(timeout=120), p.stderr.read()) for p in processen]
    assert [code for code, _ in uitkomsten] == [0, 0], [fout.strip().splitlines()[-1:] for _, fout in uitkomsten]
    with sqlite3.connect(bestand) as db:
        assert sorted(wie for (wie,) in db.execute("SELECT wie FROM teller")) == ["a", "b"]


def test_the_embedded_database_passes_the_database_checks():
    """`make run` migrates the embedded SQLite database on every start; its system checks (``check --database``, as
    migrate runs them) found a constraint SQLite cannot make (monitor.Kengetal, models.W047)."""
    result = starten([{"DATABASE_URL": "", "CELERY_BROKER_URL": ""}],
                     argv=("manage.py", "check", "--database", "default"))[0]
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout, result.stderr


def test_make_run_gives_every_process_the_web_servers_address_for_links():
    """honcho gives each process of the Procfile a PORT of its own (web 8123, the worker 8223, the mail worker
    8323, ...). A mail a worker sends must still link to the web server, not to the worker's port."""
    uit = subprocess.run(["make", "-n", "run", "PORT=8123"], cwd=ROOT, capture_output=True, text=True, check=True,
                         env={k: v for k, v in os.environ.items() if k != "SITE_URL"}).stdout
    honcho = [regel for regel in uit.splitlines() if "honcho start" in regel]
    assert len(honcho) == 1, uit
    assert "SITE_URL=http://127.0.0.1:8123 " in honcho[0]
    # A SITE_URL that was set (a server with a name) wins.
    uit = subprocess.run(["make", "-n", "run", "PORT=8123"], cwd=ROOT, capture_output=True, text=True, check=True,
                         env={**os.environ, "SITE_URL": "https://portaal.wsp.example.nl"}).stdout
    honcho = [regel for regel in uit.splitlines() if "honcho start" in regel]
    assert "SITE_URL=https://portaal.wsp.example.nl " in honcho[0]
