from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WerkzoekendenConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "werkzoekenden"
    verbose_name = _("Werkzoekenden")
