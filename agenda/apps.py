from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgendaConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "agenda"
    verbose_name = _("Agenda")

    def ready(self):
        # Bemiddeling's pages (a floor below) learn of the werkzoekende's answer and of who is busy through these.
        from agenda.selectors import botsingen, uitnodigingen_bij_gesprekken
        from bemiddeling.selectors import agenda_registreren

        agenda_registreren(uitnodigingen=uitnodigingen_bij_gesprekken, botsingen=botsingen)
