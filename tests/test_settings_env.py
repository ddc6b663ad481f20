"""A wrong or malformed environment variable stops start-up with one line that names it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from klantreis.env import ConfigError, env_bool, env_broker, env_database, env_int, env_list

ROOT = Path(__file__).resolve().parent.parent


def start(**env):
    omgeving = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE",)}
    omgeving.update({"DEBUG": "true", "DJANGO_SETTINGS_MODULE": "klantreis.settings"})
    omgeving.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=omgeving, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    "variabele,waarde",
    [
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
    ],
)
def test_bad_variable_stops_with_one_line_naming_it(variabele, waarde):
    result = start(**{variabele: waarde})
    assert result.returncode != 0
    regels = [r for r in result.stderr.splitlines() if r.strip()]
    assert len(regels) == 1, result.stderr
    assert variabele in regels[0] and regels[0].startswith("Configuratiefout:")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "omgeving,variabele",
    [
        ({"OPSLAG_S3_BUCKET": "Klantreis_Bestanden"}, "OPSLAG_S3_BUCKET"),
        ({"OPSLAG_S3_ENDPOINT_URL": "http://minio:9000"}, "OPSLAG_S3_BUCKET"),  # an endpoint without a bucket
        ({"OPSLAG_S3_BUCKET": "klantreis", "OPSLAG_S3_ENDPOINT_URL": "minio:9000"}, "OPSLAG_S3_ENDPOINT_URL"),
        ({"OPSLAG_S3_BUCKET": "klantreis", "OPSLAG_S3_ENDPOINT_URL": "http://minio:poort"}, "OPSLAG_S3_ENDPOINT_URL"),
        ({"OPSLAG_S3_BUCKET": "klantreis", "OPSLAG_S3_ACCESS_KEY": "sleutel"}, "OPSLAG_S3_SECRET_KEY"),
        ({"OPSLAG_S3_BUCKET": "klantreis", "OPSLAG_S3_VERSLEUTELING": "geen"}, "OPSLAG_S3_VERSLEUTELING"),
        ({"OPSLAG_S3_BUCKET": "klantreis", "OPSLAG_S3_KMS_SLEUTEL": "sleutel-1"}, "OPSLAG_S3_KMS_SLEUTEL"),
        ({"OPSLAG_S3_BUCKET": "klantreis", "OPSLAG_S3_ADRESSERING": "pad"}, "OPSLAG_S3_ADRESSERING"),
        ({"OPSLAG_S3_BUCKET": "klantreis", "OPSLAG_S3_PREFIX": "media/../geheim"}, "OPSLAG_S3_PREFIX"),
    ],
)
def test_bad_object_storage_settings_stop_with_one_dutch_line(omgeving, variabele):
    result = start(**omgeving)
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
    result = start(OPSLAG_S3_BUCKET="klantreis-bestanden", OPSLAG_S3_ENDPOINT_URL="http://minio:9000",
                   OPSLAG_S3_ACCESS_KEY="klantreis", OPSLAG_S3_SECRET_KEY="geheim")
    assert result.returncode == 0, result.stderr


def test_production_needs_a_secret_key_and_hosts():
    result = start(DEBUG="false", SECRET_KEY="", ALLOWED_HOSTS="")
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr
    result = start(DEBUG="false", SECRET_KEY="x" * 50, ALLOWED_HOSTS="")
    assert result.returncode != 0 and "ALLOWED_HOSTS" in result.stderr


def test_defaults_start_without_any_service():
    result = start(DATABASE_URL="", CELERY_BROKER_URL="")
    assert result.returncode == 0, result.stderr


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


def _site_url(**env):
    omgeving = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "SITE_URL", "PORT")}
    omgeving.update({"DEBUG": "true", "DJANGO_SETTINGS_MODULE": "klantreis.settings", **env})
    result = subprocess.run([sys.executable, "manage.py", "shell", "-c",
                             "from django.conf import settings; print(settings.SITE_URL)"],
                            cwd=ROOT, env=omgeving, capture_output=True, text=True, timeout=120)
    return result.stdout.strip().splitlines()[-1]


def test_links_in_mails_follow_the_port_the_portal_runs_on():
    """`PORT=8101 make run` mailed links to port 8000."""
    assert _site_url(PORT="8101") == "http://127.0.0.1:8101"
    assert _site_url() == "http://127.0.0.1:8000"
    assert _site_url(PORT="8101", SITE_URL="https://wsp.example.nl/") == "https://wsp.example.nl"


@pytest.mark.parametrize("variabele,waarde", [
    ("WERKTIJD_BEGIN", "half negen"), ("WERKTIJD_EINDE", "25:00"), ("WERKTIJD_EINDE", "08:00"),
])
def test_bad_office_hours_stop_with_one_line_naming_them(variabele, waarde):
    result = start(**{variabele: waarde})
    assert result.returncode != 0
    regels = [r for r in result.stderr.splitlines() if r.strip()]
    assert len(regels) == 1, result.stderr
    assert variabele in regels[0] and regels[0].startswith("Configuratiefout:")


def _instelling(uitdrukking, **env):
    omgeving = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_CONN_MAX_AGE")}
    omgeving.update({"DJANGO_SETTINGS_MODULE": "klantreis.settings", "SECRET_KEY": "x" * 40,
                     "ALLOWED_HOSTS": "localhost", **env})
    result = subprocess.run([sys.executable, "manage.py", "shell", "-c",
                             f"from django.conf import settings; print({uitdrukking})"],
                            cwd=ROOT, env=omgeving, capture_output=True, text=True, timeout=120)
    return result.stdout.strip().splitlines()[-1]


def test_runserver_on_postgresql_does_not_keep_a_connection_per_thread():
    """`make run` on PostgreSQL exhausted max_connections: runserver's threads each kept one for 60 s."""
    pg = "postgres://postgres@127.0.0.1:5432/klantreis"
    leeftijd = 'settings.DATABASES["default"]["CONN_MAX_AGE"]'
    assert _instelling(leeftijd, DEBUG="true", DATABASE_URL=pg) == "0"
    assert _instelling(leeftijd, DEBUG="false", DATABASE_URL=pg) == "60"
    assert _instelling(leeftijd, DEBUG="false", DATABASE_URL=pg, DATABASE_CONN_MAX_AGE="300") == "300"
