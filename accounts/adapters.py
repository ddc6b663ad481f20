from allauth.account.adapter import DefaultAccountAdapter
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import strip_tags

from accounts.emails import queue_rendered_email
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
