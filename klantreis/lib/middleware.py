"""Request guards that hold for every page."""

from django.shortcuts import render


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
