from urllib.parse import urlencode, urlsplit

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, REDIRECT_FIELD_NAME, load_backend, logout
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponseRedirect, JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils import translation
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from accounts import sessie
from accounts.models import Rol, User
from klantreis.lib import vaste_vorm
from klantreis.lib.adressen import adres


def _gebruiker_met_organisatie(pk):
    return User.objects.select_related("organisatie", "regio").filter(pk=pk).order_by()


def gebruiker_van_sessie(request):
    """``django.contrib.auth.get_user``, with the user's organisatie and regio read in the same query, with SQL
    compiled once per process: the header shows the regio on every page, and every audit row names the organisatie.
    Where the session row named this user, the user came with the session (``accounts.sessieopslag``) and no query
    is needed; otherwise (a session saved before the column existed) the user is read here.
    The checks are Django's own, in the same order: a backend that is still configured, a user it may let in
    (``user_can_authenticate``), the session's hash with the current secret, then with the fallback secrets (and a
    new session key), else the session ends. A backend that loads users in another way than ``ModelBackend`` does
    (allauth's is a ``ModelBackend``) is left to Django."""
    try:
        user_id = auth._get_user_session_key(request)
        backend_path = request.session[BACKEND_SESSION_KEY]
    except KeyError:
        return AnonymousUser()
    if backend_path not in settings.AUTHENTICATION_BACKENDS:
        return AnonymousUser()
    backend = load_backend(backend_path)
    if getattr(type(backend), "get_user", None) is not ModelBackend.get_user:
        return auth.get_user(request)
    gelezen = getattr(request.session, "gelezen_gebruiker", None)
    if gelezen is not None and gelezen[0] == user_id:
        # Read with the session in the same query (accounts/sessieopslag.py): the row the session names.
        gevonden = [gelezen[1]] if gelezen[1] is not None else []
    else:
        gevonden = vaste_vorm.objecten("accounts.gebruiker", _gebruiker_met_organisatie, pk=user_id)
    user = gevonden[0] if gevonden and backend.user_can_authenticate(gevonden[0]) else None
    if user is None:
        return AnonymousUser()
    session_hash = request.session.get(HASH_SESSION_KEY)
    session_auth_hash = user.get_session_auth_hash()
    if session_hash and constant_time_compare(session_hash, session_auth_hash):
        return user
    if session_hash and any(constant_time_compare(session_hash, fallback_auth_hash)
                            for fallback_auth_hash in user.get_session_auth_fallback_hash()):
        request.session.cycle_key()
        request.session[HASH_SESSION_KEY] = session_auth_hash
        return user
    request.session.flush()
    return AnonymousUser()


class GebruikerMiddleware(AuthenticationMiddleware):
    """Django's ``AuthenticationMiddleware`` (and in its place), loading the user with ``gebruiker_van_sessie``."""

    def process_request(self, request):
        super().process_request(request)
        # Read now, not lazily: SessieLimietMiddleware asks every request whether it is logged in, so the user is
        # read on every request anyway, and every later ``user.…`` (dozens per page, in views and templates)
        # would otherwise go through SimpleLazyObject's proxy. Without a session cookie this reads nothing.
        request.user = _gecachte_gebruiker(request)


def _gecachte_gebruiker(request):
    if not hasattr(request, "_cached_user"):  # the attribute Django's own get_user caches it in
        request._cached_user = gebruiker_van_sessie(request)
    return request._cached_user


class NederlandsEerstMiddleware(LocaleMiddleware):
    """Dutch first: the portal speaks Dutch unless the user chose another language (the language
    cookie set by the switch in the header). A browser's Accept-Language does not override that."""

    def process_request(self, request):
        taal = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if taal not in dict(settings.LANGUAGES):
            taal = settings.LANGUAGE_CODE
        translation.activate(taal)
        request.LANGUAGE_CODE = translation.get_language()


def _is_htmx(request):
    return request.headers.get("HX-Request") == "true"


def _naar(request, url):
    """Send the browser elsewhere; an htmx request would swap the target page into a fragment."""
    if _is_htmx(request):
        return HttpResponseClientRedirect(url)
    return HttpResponseRedirect(url)


class SessieLimietMiddleware:
    """Ends a session after SESSIE_INACTIEF_MINUTEN(_MEDEWERKER) without activity, and after
    SESSIE_MAXIMUM_UUR in any case; see accounts/sessie.py for what counts as activity."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            reden = sessie.verlopen_reden(request.session, user)
            if reden:
                return self._uitloggen(request, reden)
            if self._is_activiteit(request):
                sessie.activiteit(request.session, user)
        return self.get_response(request)

    @staticmethod
    def _is_activiteit(request):
        if request.headers.get(sessie.ACHTERGROND_HEADER):
            return False
        # adres(): reverse() from the kept text; a full reverse() on every request was 1.9% of the load mix's CPU.
        return not (request.method == "GET" and request.path == adres("sessie_status", ()))

    def _uitloggen(self, request, reden):
        user = request.user
        minuten = sessie.inactief_minuten(user)
        if reden == "maximum":
            if user.rol == Rol.WERKGEVER:
                tekst = _("U bent uitgelogd omdat u langer dan %(uur)s uur was ingelogd. Log opnieuw in om verder "
                          "te gaan.")
            else:
                tekst = _("Je bent uitgelogd omdat je langer dan %(uur)s uur was ingelogd. Log opnieuw in om "
                          "verder te gaan.")
        elif user.rol == Rol.WERKGEVER:
            tekst = _("U bent uitgelogd omdat u %(minuten)s minuten niet actief was. Zo kan niemand anders op uw "
                      "scherm verder. Log opnieuw in om verder te gaan.")
        else:
            tekst = _("Je bent uitgelogd omdat je %(minuten)s minuten niet actief was. Zo kan niemand anders op je "
                      "scherm verder. Log opnieuw in om verder te gaan.")
        logout(request)
        messages.info(request, tekst % {"minuten": minuten, "uur": settings.SESSIE_MAXIMUM_UUR})
        # Back to the page after logging in again; a POST (a form sent after the limit) cannot be repeated.
        terug = request.get_full_path() if request.method == "GET" else reverse("home")
        inloggen = f"{resolve_url(settings.LOGIN_URL)}?{urlencode({REDIRECT_FIELD_NAME: terug})}"
        if request.path == reverse("sessie_status"):
            return JsonResponse({"resterend": 0, "verlopen": True, "inloggen": resolve_url(settings.LOGIN_URL)})
        return _naar(request, inloggen)


# Pages a member of staff may open before the session is confirmed with a second factor.
ZONDER_MFA = {"account_logout", "account_login", "set_language", "health", "sessie_status",
              "mfa_reauthenticate", "mfa_reauthenticate_webauthn", "mfa_authenticate"}
# ...and, for someone who has no second factor yet, the pages to set one up.
MFA_INSTELLEN = {"account_reauthenticate", "mfa_index", "mfa_activate_totp", "mfa_view_recovery_codes",
                 "mfa_generate_recovery_codes", "mfa_download_recovery_codes", "mfa_add_webauthn",
                 "mfa_list_webauthn"}


class MfaVerplichtMiddleware:
    """Staff reach no page (the Django admin included) until this session was confirmed with a second
    factor. Without an authenticator they are sent to set one up; with one (a session that was never
    asked for it) they confirm it first. Switch off with MFA_VERPLICHT=false (tests do, per test)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not sessie.mfa_vereist(user) or sessie.mfa_in_sessie(request):
            return None
        naam = request.resolver_match.url_name if request.resolver_match else None
        if naam in ZONDER_MFA:
            return None
        heeft_authenticator = Authenticator.objects.filter(user_id=user.pk).exclude(
            type=Authenticator.Type.RECOVERY_CODES).exists()
        if not heeft_authenticator:
            if naam in MFA_INSTELLEN:
                return None
            return _naar(request, reverse("mfa_index"))
        volgende = request.get_full_path() if request.method == "GET" and not _is_htmx(request) else reverse("home")
        return _naar(request, f"{reverse('mfa_reauthenticate')}?{urlencode({REDIRECT_FIELD_NAME: volgende})}")


class BrokerFormActionMiddleware:
    """The DigiD/eHerkenning buttons post to the portal, which redirects the browser to the broker; a browser
    applies the CSP ``form-action`` to that redirect too. So the configured brokers' origins (and only those)
    join ``'self'`` there. Reads the settings per request: a broker configured by environment or in a test."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        apps = settings.SOCIALACCOUNT_PROVIDERS.get("openid_connect", {}).get("APPS", [])
        origins = sorted({_origin(app.get("settings", {}).get("server_url", "")) for app in apps} - {""})
        if origins:
            update = dict(getattr(response, "_csp_update", None) or {})
            update["form-action"] = [*update.get("form-action", []), *origins]
            response._csp_update = update
        return response


def _origin(url):
    deel = urlsplit(url)
    return f"{deel.scheme}://{deel.netloc}" if deel.scheme and deel.netloc else ""
