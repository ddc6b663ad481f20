from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BeroepenConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "beroepen"
    verbose_name = _("Beroepen en vaardigheden")
