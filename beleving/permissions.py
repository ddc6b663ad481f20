from django.http import Http404

from beleving.selectors import vraag_van


def get_belevingsvraag_for_user(user, pk, *, write=False):
    """One's own open question, or 404: someone else's, an answered or an expired one look the same."""
    vraag = vraag_van(user, pk) if user.is_authenticated else None
    if vraag is None:
        raise Http404
    return vraag
