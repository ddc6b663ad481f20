from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    """Journey events and the e-mail outbox: the ground floor that every app writes to in its own
    transaction, and that the apps above react to after commit."""

    name = "outbox"
    verbose_name = _("Gebeurtenissen en uitgaande mail")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Register the send tasks with Celery in every process (web too): publishing looks them up by name.
        from outbox import tasks  # noqa: F401
