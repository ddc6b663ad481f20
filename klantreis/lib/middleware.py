"""Request guards that hold for every page."""

import logging

from django.shortcuts import render

from klantreis.lib.opslag import OPSLAGFOUTEN

logger = logging.getLogger(__name__)


def _bevat_nul(querydict):
    return any("\x00" in sleutel or any("\x00" in waarde for waarde in waarden)
               for sleutel, waarden in querydict.lists())


class GeenNulTekensMiddleware:
    """A NUL character (``%00``) in a search parameter or a form field is never meant; PostgreSQL cannot store or
    compare it and would answer with a 500. Such a request gets a 400 with a Dutch page, before any view runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _bevat_nul(request.GET) or (request.method == "POST" and _bevat_nul(request.POST)):
            return render(request, "nul_teken.html", status=400)
        return self.get_response(request)


PERMISSIONS_POLICY = ", ".join(f"{functie}=()" for functie in (
    "accelerometer", "camera", "geolocation", "gyroscope", "magnetometer", "microphone", "payment", "usb"))


class GeenOpslagMiddleware:
    """Pages for a logged-in person carry personal data, and so does every download: no browser or proxy may
    keep a copy (``Cache-Control: no-store``). Every response also says the portal uses no camera, microphone,
    location and the like (``Permissions-Policy``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        gebruiker = getattr(request, "user", None)
        ingelogd = gebruiker is not None and gebruiker.is_authenticated
        download = response.has_header("Content-Disposition")
        if (ingelogd or download) and not request.path.startswith("/static/"):
            response["Cache-Control"] = "no-store"
            response["Pragma"] = "no-cache"
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class OpslagStoringMiddleware:
    """Object storage that does not answer (down, unreachable, a timeout) or refuses (credentials without the right
    to read or write): a Dutch page with status 503 that says the file could not be read or stored, and an error in
    the log for the beheerder, never a 500. A file that is simply gone is ``FileNotFoundError`` (django-storages
    turns S3's 404 into it), which ``klantreis.lib.views.download`` answers with its own 404 page. Every write of a
    file is inside the transaction of its row, so an upload that fails here stored nothing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OPSLAGFOUTEN):
            return None
        # A timeout or a connection closed halfway carries response=None; a refusal S3's answer (a HEAD: no body).
        code = (getattr(exception, "response", None) or {}).get("Error", {}).get("Code", "")
        logger.error("Opslag van bestanden niet bereikbaar (%s %s): %s %s", type(exception).__name__, code,
                     request.method, request.path)
        response = render(request, "opslag_onbereikbaar.html", {"opslaan": request.method == "POST"}, status=503)
        response["Retry-After"] = "60"
        return response
