from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    """Journey events and the e-mail outbox: the ground floor that every app writes to in its own
    transaction, and that the apps above react to after commit."""

    name = "outbox"
    verbose_name = _("Gebeurtenissen en uitgaande mail")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Every app's reactions to journey events (``<app>/reacties.py``), found like admin.py is.
        autodiscover_modules("reacties")
