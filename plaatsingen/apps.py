from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlaatsingenConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "plaatsingen"
    verbose_name = _("Plaatsingen")
