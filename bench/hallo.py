"""Hello-world for bench/load.py: the portal's settings and middleware, one view. Served by gunicorn as
``bench.hallo:application`` so the ceiling of the machine is measured on the same server settings."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "klantreis.settings")

from django.conf import settings  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402

settings.ROOT_URLCONF = __name__


def hallo(request):
    return HttpResponse("hallo", content_type="text/plain")


urlpatterns = [path("", hallo), path("hallo/", hallo)]

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
