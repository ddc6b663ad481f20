"""`manage.py check --deploy` is clean with the production environment of the README, and its parts hold:
http is redirected to https (the health check excepted), X-Forwarded-Proto counts only behind a trusted proxy."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[2]

# The production environment as README.md "Productie" lists it (without services: check needs none).
PRODUCTIE = {
    "DEBUG": "false",
    "ALLOWED_HOSTS": "portaal.wsp.example.nl",
    "CSRF_TRUSTED_ORIGINS": "https://portaal.wsp.example.nl",
    "SITE_URL": "https://portaal.wsp.example.nl",
    "VERTROUWDE_PROXIES": "10.0.0.0/8",
}


def _manage(*args, **env):
    omgeving = {k: v for k, v in os.environ.items()
                if k not in ("DJANGO_SETTINGS_MODULE", "DEBUG", "SECURE_COOKIES", "SECURE_SSL_REDIRECT",
                             "SECURE_HSTS_SECONDS", "SECURE_HSTS_PRELOAD", "VERTROUWDE_PROXIES",
                             # set by the browser tests' fixture (Playwright's sync API) in this process only
                             "DJANGO_ALLOW_ASYNC_UNSAFE")}
    omgeving.update({"DJANGO_SETTINGS_MODULE": "klantreis.settings", "SECRET_KEY": secrets.token_urlsafe(50),
                     **PRODUCTIE, **env})
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=omgeving, capture_output=True,
                          text=True, timeout=120)


def test_check_deploy_is_clean_in_production():
    result = _manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_names_what_is_missing_when_https_is_switched_off():
    """The check above can fail: without the https settings Django names W004 (HSTS) and W008 (redirect)."""
    result = _manage("check", "--deploy", "--fail-level", "WARNING", SECURE_SSL_REDIRECT="false",
                     SECURE_HSTS_SECONDS="0")
    assert result.returncode != 0
    assert "security.W004" in result.stderr and "security.W008" in result.stderr


def test_a_wrong_trusted_proxy_stops_start_up_with_a_dutch_line():
    result = _manage("check", VERTROUWDE_PROXIES="10.0.0.0/8,loadbalancer")
    assert result.returncode != 0
    assert "VERTROUWDE_PROXIES" in result.stderr and "loadbalancer" in result.stderr


def test_production_settings():
    uit = _manage("shell", "-c", "from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT, "
                  "s.SECURE_HSTS_SECONDS, s.SECURE_PROXY_SSL_HEADER, s.SESSION_COOKIE_SECURE, s.SECURE_REDIRECT_EXEMPT)")
    assert uit.returncode == 0, uit.stderr
    assert uit.stdout.strip().splitlines()[-1] == (
        "True 31536000 ('HTTP_X_FORWARDED_PROTO', 'https') True ['^health/$']")
    # Without a trusted proxy nobody's X-Forwarded-Proto is believed.
    zonder = _manage("shell", "-c", "from django.conf import settings as s; print(s.SECURE_PROXY_SSL_HEADER)",
                     VERTROUWDE_PROXIES="")
    assert zonder.stdout.strip().splitlines()[-1] == "None"


@pytest.mark.django_db
@override_settings(SECURE_SSL_REDIRECT=True, VERTROUWDE_PROXIES=["10.0.0.1"],
                   SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"))
def test_http_is_redirected_to_https_except_the_health_check(client):
    response = client.get("/hulp-bij-personeel/", REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 301 and response["Location"].startswith("https://")
    assert client.get("/health/", REMOTE_ADDR="10.0.0.1").status_code == 200  # the load balancer probes http
    # Through the trusted proxy, which terminated https: no redirect.
    achter_proxy = client.get("/hulp-bij-personeel/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_PROTO="https")
    assert achter_proxy.status_code == 200
    # Anyone else claiming https over plain http is still redirected: the header is not theirs to send.
    vervalst = client.get("/hulp-bij-personeel/", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_PROTO="https")
    assert vervalst.status_code == 301


def test_database_connections_per_server():
    """gunicorn keeps a connection per worker; runserver never keeps one (its threads would leak them, see
    test_verbindingen.py); behind PgBouncer in transaction pooling no server-side cursors and no prepared
    statements (the next transaction may run on a server connection that does not know them)."""
    pg = {"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/klantreis"}
    code = ("from django.conf import settings as s; d = s.DATABASES['default']; "
            "print(d['ENGINE'], d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'], d['DISABLE_SERVER_SIDE_CURSORS'], "
            "getattr(s, 'DATABASE_PREPARE_THRESHOLD', None))")
    assert _manage("shell", "-c", code, **pg).stdout.strip().splitlines()[-1] == (
        "klantreis.lib.postgresql 60 True False 3")
    assert _manage("shell", "-c", code, PGBOUNCER_TRANSACTION_POOLING="true", DATABASE_CONN_MAX_AGE="0",
                   **pg).stdout.strip().splitlines()[-1] == "klantreis.lib.postgresql 0 True True None"
    assert _manage("shell", "-c", code, DATABASE_PREPARED_STATEMENTS="false",
                   **pg).stdout.strip().splitlines()[-1] == "klantreis.lib.postgresql 60 True False None"
    assert "Configuratiefout" in _manage("shell", "-c", code, DATABASE_PREPARED_STATEMENTS="misschien",
                                          **pg).stderr
