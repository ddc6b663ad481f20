from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeldingenConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "meldingen"
    verbose_name = _("Meldingen")

    def ready(self):
        # Here, not at the top: these modules read models, which exist only once the apps are loaded.
        from accounts.sessieopslag import mee_lezen
        from meldingen.selectors import MET_DE_SESSIE, ongelezen_met_de_sessie

        mee_lezen(MET_DE_SESSIE, ongelezen_met_de_sessie)
