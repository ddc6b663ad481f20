import os
import sys

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "klantreis.settings")

from klantreis.env import ConfigError  # noqa: E402

try:
    from django.conf import settings

    settings.INSTALLED_APPS  # noqa: B018 - force reading the environment now
except ConfigError as exc:
    sys.exit(f"Configuratiefout: {exc}")

app = Celery("klantreis")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
