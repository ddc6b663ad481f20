from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortaalConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "portaal"
    verbose_name = _("Portaal")
