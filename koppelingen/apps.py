from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KoppelingenConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "koppelingen"
    verbose_name = _("Koppelingen")
