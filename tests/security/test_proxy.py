"""Rate limits count per client, also behind a proxy (VERTROUWDE_PROXIES), and a made-up X-Forwarded-For from
anyone else changes nothing."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory, override_settings
from django.urls import reverse

from klantreis.lib.clientip import client_ip

PROXY = "10.0.0.1"
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def lege_cache():
    cache.clear()
    yield
    cache.clear()


def _ip(remote, xff=None):
    meta = {"REMOTE_ADDR": remote}
    if xff is not None:
        meta["HTTP_X_FORWARDED_FOR"] = xff
    return client_ip(RequestFactory().get("/", **meta))


@override_settings(VERTROUWDE_PROXIES=["10.0.0.0/24", "2001:db8::/32"])
def test_the_client_is_the_right_most_address_that_is_not_a_trusted_proxy():
    assert _ip(PROXY, "203.0.113.5") == "203.0.113.5"
    # A client that sends its own X-Forwarded-For: the proxy appends the real address; the made-up part is left.
    assert _ip(PROXY, "1.2.3.4, 203.0.113.5") == "203.0.113.5"
    # Two trusted proxies in a row (ingress behind a load balancer).
    assert _ip(PROXY, "203.0.113.5, 10.0.0.7") == "203.0.113.5"
    assert _ip("2001:db8::1", "2a02:a46::42") == "2a02:a46::42"
    assert _ip(PROXY, "onzin, 203.0.113.5") == "203.0.113.5"
    assert _ip(PROXY) == PROXY  # the balancer's own health check
    # Not from a trusted proxy: the header is ignored.
    assert _ip("198.51.100.7", "203.0.113.5") == "198.51.100.7"


@override_settings(VERTROUWDE_PROXIES=[])
def test_without_trusted_proxies_the_header_is_never_believed():
    assert _ip(PROXY, "203.0.113.5") == PROXY


LOGINS_PER_MINUUT = 30  # allauth's default rate limit "login": "30/m/ip"


def _mislukte_login(client, remote, xff=None, *, n=0):
    extra = {"REMOTE_ADDR": remote}
    if xff:
        extra["HTTP_X_FORWARDED_FOR"] = xff
    return client.post(reverse("account_login"), {"login": f"iemand{n}@example.nl", "password": "fout-wachtwoord-1"},
                       **extra).status_code


@override_settings(VERTROUWDE_PROXIES=[PROXY])
def test_two_clients_behind_one_trusted_proxy_have_their_own_login_bucket(client):
    """allauth allows 30 login attempts a minute per address. Before: behind the proxy all clients shared the
    proxy's bucket, so one person guessing passwords locked everyone out."""
    eerste = [_mislukte_login(client, PROXY, "203.0.113.5", n=i) for i in range(LOGINS_PER_MINUUT + 1)]
    assert 429 not in eerste[:-1] and eerste[-1] == 429
    assert _mislukte_login(client, PROXY, "203.0.113.6") == 200  # the next client is not locked out


@override_settings(VERTROUWDE_PROXIES=[PROXY])
def test_a_spoofed_forwarded_for_from_an_untrusted_address_is_ignored(client):
    """An attacker rotating X-Forwarded-For does not get a fresh bucket per made-up address."""
    statussen = [_mislukte_login(client, "198.51.100.7", f"203.0.113.{i}", n=i) for i in range(LOGINS_PER_MINUUT + 1)]
    assert 429 not in statussen[:-1] and statussen[-1] == 429


@override_settings(VERTROUWDE_PROXIES=[PROXY])
def test_the_public_verzoek_form_counts_per_client_behind_the_proxy(client):
    from werkgevers.views import _client_ip

    verzoek = RequestFactory().post("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert _client_ip(verzoek) == "203.0.113.5"
    ander = RequestFactory().post("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.6")
    assert _client_ip(ander) == "203.0.113.6"


@override_settings(VERTROUWDE_PROXIES=[PROXY])
def test_forwarded_headers_from_an_untrusted_address_are_removed(client):
    from django.http import HttpRequest

    from klantreis.lib.clientip import VertrouwdeProxyMiddleware

    gezien = {}

    def view(request: HttpRequest):
        gezien.update(request.META, client_ip=request.client_ip)

    middleware = VertrouwdeProxyMiddleware(view)
    middleware(RequestFactory().get("/", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="203.0.113.5",
                                    HTTP_X_FORWARDED_PROTO="https"))
    assert "HTTP_X_FORWARDED_PROTO" not in gezien and "HTTP_X_FORWARDED_FOR" not in gezien
    assert gezien["client_ip"] == "198.51.100.7"
    middleware(RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.5",
                                    HTTP_X_FORWARDED_PROTO="https"))
    assert gezien["HTTP_X_FORWARDED_PROTO"] == "https" and gezien["client_ip"] == "203.0.113.5"
