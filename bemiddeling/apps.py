from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BemiddelingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "bemiddeling"
    verbose_name = _("Bemiddeling")
