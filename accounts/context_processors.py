from django.utils.translation import gettext_lazy as _

from accounts.models import Rol

MENU = {
    Rol.BEHEERDER: [
        ("beheerder_home", _("Overzicht")),
        ("uitnodigen", _("Medewerker uitnodigen")),
        ("agenda", _("Agenda")),
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
        ("instrumenten", _("Instrumenten")),
        ("uitnodigen", _("Werkzoekende uitnodigen")),
    ],
    Rol.WERKGEVER: [("werkgever_home", _("Mijn bedrijf")), ("agenda", _("Agenda")),
                    ("instrumenten", _("Regelingen"))],
    Rol.WERKZOEKENDE: [("werkzoekende_home", _("Mijn overzicht")), ("mijn_plan", _("Mijn plan")),
                       ("mijn_voordrachten", _("Mijn sollicitaties")), ("agenda", _("Agenda"))],
}


def navigatie(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"menu": []}
    return {"menu": MENU.get(user.rol, [])}
