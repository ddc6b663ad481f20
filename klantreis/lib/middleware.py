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
