import base64
import hashlib

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from accounts.emails import queue_rendered_email


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        """No self-service accounts: staff are invited by a beheerder, werkgevers and
        werkzoekenden by their contactpersoon (accounts.services.gebruiker_uitnodigen)."""
        return False

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


class MfaAdapter(DefaultMFAAdapter):
    """The second factor: secrets encrypted at rest, the portal's name in the authenticator app, and
    no way for staff to switch off their last second factor while it is required."""

    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "cannot_delete_authenticator": _(
            "Medewerkers hebben altijd een tweede stap nodig. Voeg eerst een andere toe (bijvoorbeeld een "
            "passkey) en verwijder deze daarna."
        ),
        "incorrect_code": _("Deze code klopt niet. Typ de code die uw app nu laat zien, of een herstelcode."),
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
