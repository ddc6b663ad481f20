from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BerichtenConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "berichten"
    verbose_name = _("Berichten")
