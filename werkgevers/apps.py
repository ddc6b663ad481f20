from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WerkgeversConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "werkgevers"
    verbose_name = _("Werkgevers")
