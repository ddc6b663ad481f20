from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OndersteuningConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ondersteuning"
    verbose_name = _("Ondersteuningsgids")
