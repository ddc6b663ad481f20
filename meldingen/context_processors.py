from meldingen.selectors import TELLER_MAX, aantal_ongelezen


def meldingen(request):
    """The unread count for the header: asked at most once per request, and only when a page shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def teller():
        if not hasattr(request, "_meldingen_ongelezen"):
            request._meldingen_ongelezen = aantal_ongelezen(user)
        return request._meldingen_ongelezen

    return {"meldingen_ongelezen": teller, "meldingen_max": TELLER_MAX}
