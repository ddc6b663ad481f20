from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SollicitatiesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "sollicitaties"
    verbose_name = _("Sollicitatieactiviteiten")

    def ready(self):
        # The caseload (werkzoekenden, a floor below) gets the "loopt achter" filter without knowing this app.
        from sollicitaties.selectors import lopen_achter
        from werkzoekenden.selectors import caseload_aandacht_registreren

        caseload_aandacht_registreren("sollicitaties", label=_("Loopt achter met solliciteren"),
                                      kenmerk=_("loopt achter met solliciteren"), kandidaten=lopen_achter)
