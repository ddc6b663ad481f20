"""The DigiD and eHerkenning buttons: only for brokers that are configured (OIDC_*_ISSUER)."""

from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.models import SocialAccount
from django import template
from django.utils.translation import gettext_lazy as _

from accounts.models import Rol
from accounts.oidc import ROL_PER_BROKER

register = template.Library()

DOELGROEP = {Rol.WERKZOEKENDE: _("voor werkzoekenden"), Rol.WERKGEVER: _("voor werkgevers")}


def _brokers(request):
    return [p for p in get_adapter().list_providers(request) if p.app.provider_id in ROL_PER_BROKER]


@register.simple_tag(takes_context=True)
def inlog_brokers(context):
    """For the login page: one entry per configured broker, with the URL its button posts to."""
    request = context["request"]
    parameters = {"process": "login"}
    if request.GET.get("next"):
        parameters["next"] = request.GET["next"]  # allauth only follows it when it stays on this site
    return [
        {"naam": p.name, "id": p.app.provider_id, "url": p.get_login_url(request, **parameters),
         "doelgroep": DOELGROEP[ROL_PER_BROKER[p.app.provider_id]]}
        for p in _brokers(request)
    ]


@register.simple_tag(takes_context=True)
def koppel_brokers(context):
    """For the account page: the brokers of this person's role, each with its link (or None)."""
    request = context["request"]
    gebruiker = request.user
    gekoppeld = {a.provider: a for a in SocialAccount.objects.filter(user=gebruiker)}
    return [
        {"naam": p.name, "id": p.app.provider_id, "url": p.get_login_url(request, process="connect"),
         "koppeling": gekoppeld.get(p.app.provider_id)}
        for p in _brokers(request)
        if ROL_PER_BROKER[p.app.provider_id] == gebruiker.rol
    ]
