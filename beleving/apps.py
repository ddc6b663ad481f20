from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BelevingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "beleving"
    verbose_name = _("Beleving")
