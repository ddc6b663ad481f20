"""How long a session lives: an idle limit per role group and an absolute limit for everyone.

What counts as activity: every request the person makes, with two exceptions that a page sends by
itself and that would otherwise keep an unattended screen logged in forever:
- the warning script asking how much time is left (GET on ``sessie_status``), and
- an htmx request marked as background work with the header ``X-Achtergrond: 1`` (use it on every
  ``hx-trigger="every ..."`` poll).
"Ingelogd blijven" in the warning is a POST on ``sessie_status``: a person's click, so it counts.

The last activity is written to the session at most once a minute (a tenth of the limit if that is less), so a busy page does not write the
session row on every request.
"""

import time

from allauth.account.authentication import get_authentication_records

# allauth 65 has no public function to add an authentication record; this is the one its own flows use.
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from django.conf import settings

SESSIE_BEGIN = "sessie_begin"
SESSIE_ACTIEF = "sessie_laatst_actief"
ACHTERGROND_HEADER = "X-Achtergrond"
SCHRIJF_INTERVAL = 60  # seconds


def inactief_minuten(user):
    if user.is_medewerker:
        return settings.SESSIE_INACTIEF_MINUTEN_MEDEWERKER
    return settings.SESSIE_INACTIEF_MINUTEN


def sessie_starten(session, *, nu=None):
    nu = time.time() if nu is None else nu
    session[SESSIE_BEGIN] = nu
    session[SESSIE_ACTIEF] = nu


def verlopen_reden(session, user, *, nu=None):
    """``"inactief"``, ``"maximum"`` or None while the session may go on."""
    nu = time.time() if nu is None else nu
    begin, actief = session.get(SESSIE_BEGIN), session.get(SESSIE_ACTIEF)
    if not isinstance(begin, (int, float)) or not isinstance(actief, (int, float)):
        return None  # a session from before this limit: it starts counting now (see activiteit)
    if nu - begin > settings.SESSIE_MAXIMUM_UUR * 3600:
        return "maximum"
    if nu - actief > inactief_minuten(user) * 60:
        return "inactief"
    return None


def activiteit(session, user, *, nu=None, altijd=False):
    nu = time.time() if nu is None else nu
    if not isinstance(session.get(SESSIE_BEGIN), (int, float)):
        sessie_starten(session, nu=nu)
        return
    # Never coarser than a tenth of the limit, so a short configured limit still sees every click.
    interval = min(SCHRIJF_INTERVAL, inactief_minuten(user) * 6)
    if altijd or nu - session.get(SESSIE_ACTIEF, 0) >= interval:
        session[SESSIE_ACTIEF] = nu


def resterend(session, user, *, nu=None):
    """Seconds until the session ends, whichever limit comes first."""
    nu = time.time() if nu is None else nu
    begin, actief = session.get(SESSIE_BEGIN, nu), session.get(SESSIE_ACTIEF, nu)
    tot_inactief = actief + inactief_minuten(user) * 60 - nu
    tot_maximum = begin + settings.SESSIE_MAXIMUM_UUR * 3600 - nu
    return max(0, int(min(tot_inactief, tot_maximum)))


def mfa_in_sessie(request):
    """Was this session confirmed with a second factor (app code, recovery code, passkey)?

    allauth keeps a record of every authentication step in the session; no database query needed.
    """
    return any(r.get("method") == "mfa" for r in get_authentication_records(request, request.user))


def mfa_vereist(user):
    return settings.MFA_VERPLICHT and user.is_authenticated and user.is_medewerker


def bij_inloggen(sender, request, user, **kwargs):
    """user_logged_in: the absolute limit and the idle clock start at the login."""
    if request is not None and hasattr(request, "session"):
        sessie_starten(request.session)


def bij_authenticator_toegevoegd(sender, request, user, authenticator, **kwargs):
    """Setting up an app or a passkey proves the second factor in this very session (the code from the
    app, or the passkey ceremony, was checked), so the session counts as confirmed with it."""
    if request is None or authenticator.type == Authenticator.Type.RECOVERY_CODES:
        return
    record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type, bij_instellen=True)
