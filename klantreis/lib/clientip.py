"""The address of the person behind a request, also when the portal runs behind a proxy.

Behind a load balancer every request comes from the balancer's address: a rate limit keyed on ``REMOTE_ADDR`` would
put everyone in one bucket. The proxy names the client in ``X-Forwarded-For``, but anybody can send that header, so
it is believed only when the request comes from a proxy in ``VERTROUWDE_PROXIES`` (IP addresses or CIDR networks).
The list is read right to left: each trusted proxy appends the address it got the request from, so the right-most
address that is *not* a trusted proxy is the client; whatever stands left of it the client may have made up.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# Headers a proxy sets; from anyone else they are removed before Django reads them (SECURE_PROXY_SSL_HEADER).
PROXY_KOPPEN = ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST", "HTTP_X_FORWARDED_PORT")


@lru_cache(maxsize=8)
def _netwerken(proxies):
    netwerken = []
    for waarde in proxies:
        try:
            netwerken.append(ipaddress.ip_network(waarde.strip(), strict=False))
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"VERTROUWDE_PROXIES bevat '{waarde}': dat is geen IP-adres of netwerk (zoals 10.0.0.0/8)."
            ) from exc
    return tuple(netwerken)


def _adres(tekst):
    try:
        return ipaddress.ip_address(tekst.strip().strip("[]"))
    except ValueError:
        return None


def is_vertrouwde_proxy(adres):
    adres = _adres(adres) if isinstance(adres, str) else adres
    netwerken = _netwerken(tuple(getattr(settings, "VERTROUWDE_PROXIES", ())))
    return adres is not None and any(adres in netwerk for netwerk in netwerken)


def client_ip(request):
    """The client's IP address as text: ``REMOTE_ADDR``, or from ``X-Forwarded-For`` behind a trusted proxy."""
    direct = request.META.get("REMOTE_ADDR", "")
    if not is_vertrouwde_proxy(direct):
        return direct
    keten = [a for a in (_adres(d) for d in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")) if a]
    for adres in reversed(keten):
        if not is_vertrouwde_proxy(adres):
            return str(adres)
    # Only proxies in the chain (a health check from the balancer itself): the left-most is the closest we know.
    return str(keten[0]) if keten else direct


class VertrouwdeProxyMiddleware:
    """First in the chain: a request that did not come from a trusted proxy loses its X-Forwarded-* headers, so
    nobody can claim https (``SECURE_PROXY_SSL_HEADER``) or another address by sending them. ``request.client_ip``
    is the address rate limits use."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_vertrouwde_proxy(request.META.get("REMOTE_ADDR", "")):
            for kop in PROXY_KOPPEN:
                request.META.pop(kop, None)
        request.client_ip = client_ip(request)
        return self.get_response(request)
