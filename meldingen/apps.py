from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeldingenConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "meldingen"
    verbose_name = _("Meldingen")
