"""Where browsers report what the Content-Security-Policy blocked (``report-uri``; the Reporting-API format of
``report-to`` is read too).

A violation on a page means either a template that still has inline code (a defect to fix) or something injected
into the page (an attack the policy just stopped). Both belong in the log. The endpoint is public and takes no
login (browsers send reports without cookies), so it reads a bounded body, logs a few fields only, and answers
at most ``CSP_RAPPORTEN_PER_MINUUT`` reports a minute per client address.
"""

import json
import logging

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from klantreis.lib.clientip import client_ip

logger = logging.getLogger("klantreis.csp")

MAX_BYTES = 16 * 1024
VELDEN = ("document-uri", "documentURL", "violated-directive", "effectiveDirective", "effective-directive",
          "blocked-uri", "blockedURL", "source-file", "sourceFile", "line-number", "lineNumber", "disposition")


def _meldingen(gegevens):
    """The reports in a body: ``{"csp-report": {...}}`` (report-uri) or ``[{"type": ..., "body": {...}}]``."""
    if isinstance(gegevens, dict) and isinstance(gegevens.get("csp-report"), dict):
        return [gegevens["csp-report"]]
    if isinstance(gegevens, list):
        return [m["body"] for m in gegevens
                if isinstance(m, dict) and m.get("type") == "csp-violation" and isinstance(m.get("body"), dict)]
    return []


def _kort(waarde):
    return str(waarde)[:300].replace("\n", " ").replace("\r", " ")


@csrf_exempt
@require_POST
def csp_rapport(request):
    per_minuut = getattr(settings, "CSP_RAPPORTEN_PER_MINUUT", 30)
    sleutel = f"csp-rapport:{client_ip(request)}"
    cache.add(sleutel, 0, timeout=60)
    try:
        aantal = cache.incr(sleutel)
    except ValueError:  # expired between add and incr
        aantal = 1
    if aantal > per_minuut:
        return HttpResponse(status=429)
    try:
        lengte = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        lengte = 0
    if lengte > MAX_BYTES:
        return HttpResponse(status=413)
    try:
        gegevens = json.loads(request.read(MAX_BYTES) or b"null")
    except (ValueError, UnicodeDecodeError):
        return HttpResponse(status=400)
    meldingen = _meldingen(gegevens)
    if not meldingen:
        return HttpResponse(status=400)
    for melding in meldingen[:20]:
        logger.warning("CSP-schending: %s", " ".join(
            f"{veld}={_kort(melding[veld])}" for veld in VELDEN if melding.get(veld) not in (None, "")))
    return HttpResponse(status=204)
