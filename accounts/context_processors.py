from typing import NamedTuple

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from accounts import sessie as sessie_limieten
from accounts.models import Rol
from klantreis.lib.adressen import adres, waar

MENU = {
    Rol.BEHEERDER: [
        ("beheerder_home", _("Overzicht")),
        ("monitor", _("Klantreis monitor")),
        ("uitnodigen", _("Medewerker uitnodigen")),
        ("agenda", _("Agenda")),
        ("ondersteuningsgids", _("Ondersteuningsgids")),
        ("instrumenten", _("Instrumentengids")),
        ("admin:index", _("Beheer")),
    ],
    Rol.ACCOUNTMANAGER: [
        ("accountmanager_home", _("Overzicht")),
        ("verzoeken", _("Verzoeken")),
        ("werkgevers_regio", _("Werkgevers")),
        ("nazorg_overzicht", _("Plaatsingen")),
        ("taken", _("Taken")),
        ("agenda", _("Agenda")),
        ("instrumenten", _("Instrumenten")),
        ("uitnodigen", _("Werkgever uitnodigen")),
    ],
    Rol.KLANTMANAGER: [
        ("klantmanager_home", _("Mijn caseload")),
        ("nazorg_overzicht", _("Plaatsingen")),
        ("taken", _("Taken")),
        ("agenda", _("Agenda")),
        ("ondersteuningsgids", _("Ondersteuning")),
        ("instrumenten", _("Instrumenten")),
        ("uitnodigen", _("Werkzoekende uitnodigen")),
    ],
    Rol.WERKGEVER: [("werkgever_home", _("Mijn bedrijf")), ("agenda", _("Agenda")),
                    ("instrumenten", _("Regelingen"))],
    Rol.WERKZOEKENDE: [("werkzoekende_home", _("Mijn overzicht")), ("mijn_plan", _("Mijn plan")),
                       ("mijn_kansen", _("Mijn kansen")), ("mijn_voordrachten", _("Mijn sollicitaties")),
                       ("mijn_sollicitatieplicht", _("Sollicitatieplicht")), ("ondersteuningsgids", _("Ondersteuning")),
                       ("agenda", _("Agenda"))],
    Rol.PROGRAMMA: [("monitor", _("Klantreis monitor"))],
}
# A WSP-coördinator (accountmanager or klantmanager) also reads the monitor of their own region.
MONITOR_COORDINATOR = ("monitor", _("Klantreis monitor"))


# Linking DigiD / eHerkenning (accounts/oidc.py), in the menu only when that broker is configured.
KOPPELEN = {Rol.WERKZOEKENDE: ("digid", _("DigiD koppelen")), Rol.WERKGEVER: ("eherkenning", _("eHerkenning koppelen"))}


def _ingestelde_brokers():
    apps = settings.SOCIALACCOUNT_PROVIDERS.get("openid_connect", {}).get("APPS", [])
    return {app["provider_id"] for app in apps}


BERICHTEN = ("berichten", _("Berichten"))


class Menukeuze(NamedTuple):
    url: str
    label: str
    huidig: bool  # the page the person is on (aria-current)


def navigatie(request):
    """The main menu as the header shows it: address, label, and whether it is the page the person is on. The
    addresses come from ``adressen.adres`` (kept per name), so the header asks no ``reverse()`` per page."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"menu": []}
    # "Beveiliging" (second factor, passkeys) for everyone, in the menu rather than the header: on a phone the
    # header holds only the bell, Uitloggen and the language.
    menu = [*MENU.get(user.rol, [])]
    if user.is_coordinator and user.rol in (Rol.ACCOUNTMANAGER, Rol.KLANTMANAGER):
        menu.append(MONITOR_COORDINATOR)
    menu.append(("mfa_index", _("Beveiliging")))
    koppelen = KOPPELEN.get(user.rol)
    if koppelen and koppelen[0] in _ingestelde_brokers():
        menu = [*menu, ("socialaccount_connections", koppelen[1])]
    if user.rol != Rol.PROGRAMMA:  # the programme reads aggregates only: no berichten
        # Second, right after the home page: the item used most, first in view on a phone (where the menu wraps).
        menu.insert(1, BERICHTEN)
    # The item is marked on the page its address leads to. An address that forwards (the werkzoekende's
    # "Sollicitatieplicht" leads to her own dossier page) is marked where the view says it is that item's page.
    pad, plek, eigen = request.path, waar(), getattr(request, "menukeuze", None)
    return {"menu": [Menukeuze(url := adres(naam, (), plek), label, url == pad or naam == eigen)
                     for naam, label in menu]}


def sessie(request):
    """For the warning before an idle session ends and the offer of a second factor; no queries."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "sessie_inactief_seconden": int(sessie_limieten.inactief_minuten(user) * 60),
        "sessie_waarschuwing_seconden": settings.SESSIE_WAARSCHUWING_SECONDEN,
        "mfa_in_sessie": sessie_limieten.mfa_in_sessie(request),
        "mfa_vereist": sessie_limieten.mfa_vereist(user),
    }
