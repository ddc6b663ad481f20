import base64
import hashlib

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.providers.base import AuthProcess
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from accounts import oidc
from accounts.emails import queue_rendered_email
from accounts.models import Rol
from klantreis.lib.clientip import client_ip


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        """No self-service accounts: staff are invited by a beheerder, werkgevers and
        werkzoekenden by their contactpersoon (accounts.services.gebruiker_uitnodigen)."""
        return False

    def get_client_ip(self, request):
        """allauth's rate limits (login, password reset) count per client: behind a trusted proxy that is the
        address in X-Forwarded-For, never the proxy's own (VERTROUWDE_PROXIES)."""
        return client_ip(request) or super().get_client_ip(request)

    def get_login_redirect_url(self, request):
        return reverse("home")

    def send_mail(self, template_prefix, email, context):
        """allauth's own mails (verification, password reset) also leave through Celery."""
        message = self.render_mail(template_prefix, email, context)
        html = ""
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                html = content
        if message.content_subtype == "html":
            html, text = message.body, strip_tags(message.body)
        else:
            text = message.body
        if not html:  # every mail also has an HTML version, in the house style
            html = render_to_string("emails/basis.html", {"tekst": text, "onderwerp": message.subject})
        queue_rendered_email(to=message.to, subject=message.subject, text=text, html=html)


def _melding(request, *, titel, tekst, status):
    return ImmediateHttpResponse(
        render(request, "accounts/oidc_melding.html", {"titel": titel, "tekst": tekst}, status=status)
    )


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """DigiD and eHerkenning (OpenID Connect via a broker) for accounts that exist and were linked."""

    def is_open_for_signup(self, request, sociallogin):
        return False

    def list_apps(self, request, provider=None, client_id=None):
        """Only the brokers from the environment (settings.py); a SocialApp row in the database counts not."""
        return [app for app in super().list_apps(request, provider=provider, client_id=client_id) if app.pk is None]

    def populate_user(self, request, sociallogin, data):
        """Replace the broker's attribute by its keyed hash before allauth looks up or stores anything.

        allauth calls this between reading the broker's answer and looking up the link, so it is the one
        place where the BSN can be dropped before it reaches the database or the session.
        """
        app = sociallogin.provider.app
        attributen = app.settings.get("attributen", ["sub"])
        claims = oidc.broker_claims(sociallogin.account.extra_data or {})
        uid = oidc.identiteit(broker=app.provider_id, attributen=attributen, claims=claims)
        sociallogin.account.extra_data = oidc.minimale_gegevens(attributen=attributen, claims=claims)
        sociallogin.email_addresses = []
        if uid is None:
            if oidc.ROL_PER_BROKER.get(app.provider_id) == Rol.WERKZOEKENDE:
                tekst = _("%(broker)s gaf niet door wie je bent. Probeer het later opnieuw, of log in met je "
                          "e-mailadres en wachtwoord.")
            else:
                tekst = _("%(broker)s gaf niet door wie u bent. Probeer het later opnieuw, of log in met uw "
                          "e-mailadres en wachtwoord.")
            raise _melding(request, status=400, titel=_("Inloggen met %(broker)s lukt niet") % {"broker": app.name},
                           tekst=tekst % {"broker": app.name})
        sociallogin.account.uid = uid
        # The user object allauth builds here is never saved (no sign-up): it gets no data at all.
        return super().populate_user(request, sociallogin, {})

    def pre_social_login(self, request, sociallogin):
        app = sociallogin.provider.app
        rol = oidc.ROL_PER_BROKER.get(app.provider_id, app.settings.get("rol"))
        if sociallogin.state.get("process") == AuthProcess.CONNECT:
            if request.user.is_authenticated and request.user.rol != rol:
                raise self._geweigerd(request, app.name, request.user)
            return
        if not sociallogin.is_existing:
            raise self._onbekend(request, app.name, rol)
        if sociallogin.user.is_medewerker or sociallogin.user.rol != rol:
            raise self._geweigerd(request, app.name, sociallogin.user)

    def _geweigerd(self, request, broker, gebruiker):
        if gebruiker.is_medewerker:
            tekst = _("Medewerkers loggen in met hun e-mailadres, wachtwoord en tweede stap. Inloggen met "
                      "%(broker)s is er alleen voor werkzoekenden en werkgevers.") % {"broker": broker}
        elif gebruiker.rol == Rol.WERKGEVER:
            tekst = _("Inloggen met %(broker)s is er voor werkzoekenden. Werkgevers loggen in met eHerkenning "
                      "of met hun e-mailadres en wachtwoord.") % {"broker": broker}
        else:
            tekst = _("Inloggen met %(broker)s is er voor werkgevers. Jij logt in met DigiD of met je "
                      "e-mailadres en wachtwoord.") % {"broker": broker}
        return _melding(request, status=403, titel=_("Inloggen met %(broker)s kan niet") % {"broker": broker},
                        tekst=tekst)

    def _onbekend(self, request, broker, rol):
        if rol == Rol.WERKZOEKENDE:
            tekst = _("Je bent ingelogd bij %(broker)s, maar %(broker)s is nog niet gekoppeld aan je account "
                      "in dit portaal. Log één keer in met je e-mailadres en wachtwoord. Kies dan "
                      "'%(broker)s koppelen' in het menu. Daarna kun je altijd inloggen met %(broker)s. "
                      "Heb je nog geen account? Je contactpersoon stuurt je een uitnodiging.") % {"broker": broker}
        else:
            tekst = _("U bent ingelogd bij %(broker)s, maar %(broker)s is nog niet gekoppeld aan uw account "
                      "in dit portaal. Log één keer in met uw e-mailadres en wachtwoord. Kies dan "
                      "'%(broker)s koppelen' in het menu. Daarna kunt u altijd inloggen met %(broker)s. "
                      "Heeft u nog geen account? Uw accountmanager stuurt u een uitnodiging.") % {"broker": broker}
        return _melding(request, status=403, titel=_("%(broker)s is nog niet gekoppeld") % {"broker": broker},
                        tekst=tekst)


class MfaAdapter(DefaultMFAAdapter):
    """The second factor: secrets encrypted at rest, the portal's name in the authenticator app, and
    no way for staff to switch off their last second factor while it is required."""

    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "cannot_delete_authenticator": _lazy(
            "Medewerkers hebben altijd een tweede stap nodig. Voeg eerst een andere toe (bijvoorbeeld een "
            "passkey) en verwijder deze daarna."
        ),
        "incorrect_code": _lazy("Deze code klopt niet. Typ de code die de app nu laat zien, of een herstelcode."),
    }

    def _get_site_name(self):
        return str(_("Werkgeversservicepunt"))

    def _fernet(self):
        # One key per SECRET_KEY; SECRET_KEY_FALLBACKS keeps secrets readable while a key is rotated.
        sleutels = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
        return MultiFernet([
            Fernet(base64.urlsafe_b64encode(hashlib.sha256(f"allauth.mfa:{s}".encode()).digest())) for s in sleutels
        ])

    def encrypt(self, text):
        return self._fernet().encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text):
        try:
            return self._fernet().decrypt(encrypted_text.encode()).decode()
        except InvalidToken:
            # Stored before encryption was switched on (or by hand in a test): it is the plain secret.
            return encrypted_text

    def can_delete_authenticator(self, authenticator):
        user = authenticator.user
        if not (settings.MFA_VERPLICHT and user.is_medewerker):
            return True
        andere = Authenticator.objects.filter(user_id=user.pk).exclude(pk=authenticator.pk).exclude(
            type=Authenticator.Type.RECOVERY_CODES)
        return andere.exists()
