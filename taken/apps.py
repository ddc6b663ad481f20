from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TakenConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "taken"
    verbose_name = _("Taken")
