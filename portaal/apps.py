from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _

from klantreis.lib import statisch, urlize, vertalen
from klantreis.lib.keuzes import snelle_weergave


class PortaalConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "portaal"
    verbose_name = _("Portaal")

    def ready(self):
        # Every model is loaded by now: their get_FOO_display build the choices once instead of on every call.
        snelle_weergave(apps.get_models())
        # {% translate "fixed text" %} looked up once per language (klantreis/lib/vertalen.py).
        vertalen.installeer()
        # {% static 'fixed/path' %}: the storage's URL looked up once per path (klantreis/lib/statisch.py).
        statisch.installeer()
        # |urlize: a word that cannot be a link skips Django's link machinery (klantreis/lib/urlize.py).
        urlize.installeer()
