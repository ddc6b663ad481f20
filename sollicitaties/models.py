"""The WW sollicitatieplicht: what a werkzoekende did to find work (``Sollicitatieactiviteit``) against what is
asked of them per period of four weeks (``Sollicitatieplicht``, maatwerk with its history in ``PlichtWijziging``).

Periods are counted from ``Sollicitatieplicht.startdatum``: period k runs from startdatum + 28k for 28 days.
The plicht row also keeps the state of the current period (``periode_begin``, ``periode_eind``, ``gedaan``,
``achter_vanaf``), written by every service that changes activities or the plicht and by the daily task that
starts the next period, so the caseload filter "loopt achter" is two comparisons on one indexed row."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from werkzoekenden.models import Kandidaat

PERIODE_DAGEN = 28
STANDAARD_AANTAL = 4


class Sollicitatieplicht(models.Model):
    kandidaat = models.OneToOneField(Kandidaat, on_delete=models.CASCADE, related_name="sollicitatieplicht",
                                     verbose_name=_("kandidaat"))
    startdatum = models.DateField(_("perioden tellen vanaf"))
    aantal = models.PositiveSmallIntegerField(_("aantal sollicitatieactiviteiten per 4 weken"),
                                              default=STANDAARD_AANTAL)
    # Maatwerk: why the klantmanager set it lower than the standard (empty for the standard).
    reden = models.TextField(_("reden maatwerk"), blank=True)
    # The current period, kept by services.stand_bijwerken (see the module docstring).
    periode_begin = models.DateField(_("begin huidige periode"), null=True, blank=True)
    periode_eind = models.DateField(_("einde huidige periode"), null=True, blank=True, db_index=True)
    gedaan = models.PositiveSmallIntegerField(_("gedaan in huidige periode"), default=0)
    # From this day the werkzoekende is behind in the current period (null: complete, or no plicht).
    achter_vanaf = models.DateField(_("loopt achter vanaf"), null=True, blank=True, db_index=True)
    # The periode_begin of the last period whose reminder went: once per period.
    herinnerd_periode = models.DateField(_("herinnering verstuurd voor periode"), null=True, blank=True)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("sollicitatieplicht")
        verbose_name_plural = _("sollicitatieplichten")
        constraints = [
            models.CheckConstraint(condition=models.Q(aantal__lte=STANDAARD_AANTAL), name="plicht_hooguit_standaard"),
            models.CheckConstraint(condition=models.Q(aantal=STANDAARD_AANTAL) | ~models.Q(reden=""),
                                   name="plicht_maatwerk_met_reden"),
        ]

    def __str__(self):
        return f"{self.kandidaat}: {self.aantal} per 4 weken"

    @property
    def vrijgesteld(self):
        return self.aantal == 0


class PlichtWijziging(models.Model):
    """Who changed the plicht, when, from what to what and why: the maatwerk history."""

    plicht = models.ForeignKey(Sollicitatieplicht, on_delete=models.CASCADE, related_name="wijzigingen")
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    op = models.DateTimeField(_("op"), auto_now_add=True)
    aantal_was = models.PositiveSmallIntegerField(_("aantal was"), null=True, blank=True)
    aantal = models.PositiveSmallIntegerField(_("aantal"))
    startdatum_was = models.DateField(_("startdatum was"), null=True, blank=True)
    startdatum = models.DateField(_("startdatum"))
    reden = models.TextField(_("reden"), blank=True)

    class Meta:
        verbose_name = _("wijziging sollicitatieplicht")
        verbose_name_plural = _("wijzigingen sollicitatieplicht")
        ordering = ["op", "pk"]


class Sollicitatieactiviteit(models.Model):
    class Wijze(models.TextChoices):
        MAIL = "mail", _("Per mail")
        FORMULIER = "formulier", _("Via een website of formulier")
        BRIEF = "brief", _("Per brief")
        TELEFOON = "telefoon", _("Gebeld")
        GESPREK = "gesprek", _("Sollicitatiegesprek")
        LANGS = "langs", _("Langsgegaan bij het bedrijf")
        NETWERK = "netwerk", _("Via mijn netwerk")
        UITZENDBUREAU = "uitzendbureau", _("Ingeschreven bij een uitzendbureau")
        ANDERS = "anders", _("Anders")

    kandidaat = models.ForeignKey(Kandidaat, on_delete=models.CASCADE, related_name="sollicitatieactiviteiten",
                                  verbose_name=_("kandidaat"))
    werkgever = models.CharField(_("werkgever"), max_length=200)
    functie = models.CharField(_("functie"), max_length=200)
    datum = models.DateField(_("datum"))
    wijze = models.CharField(_("hoe"), max_length=20, choices=Wijze.choices)
    link = models.URLField(_("link naar de vacature"), max_length=500, blank=True)
    toelichting = models.TextField(_("toelichting"), blank=True)
    # Stored under MEDIA_ROOT, which no URL serves: only the permission-checked download does.
    bewijs = models.FileField(_("bewijs"), upload_to="sollicitaties/", blank=True)
    bewijs_bestandsnaam = models.CharField(_("bestandsnaam bewijs"), max_length=200, blank=True)
    vastgelegd_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                        related_name="+")
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    gewijzigd_op = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    # The form's one-time key (klantreis.lib.forms.FormuliersleutelField): the same page sent again is this
    # activity, not a second sollicitatie.
    formuliersleutel = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("sollicitatieactiviteit")
        verbose_name_plural = _("sollicitatieactiviteiten")
        indexes = [models.Index(fields=["kandidaat", "datum"], name="sollicitatie_kandidaat_datum")]
        constraints = [models.CheckConstraint(condition=models.Q(wijze__in=[
            "mail", "formulier", "brief", "telefoon", "gesprek", "langs", "netwerk", "uitzendbureau", "anders"]),
            name="sollicitatie_wijze_geldig"),
            models.UniqueConstraint(fields=["kandidaat", "formuliersleutel"],
                                    condition=models.Q(formuliersleutel__isnull=False),
                                    name="sollicitatie_formuliersleutel_eenmalig")]

    def __str__(self):
        return f"{self.functie} bij {self.werkgever} ({self.datum:%d-%m-%Y})"

    @property
    def bewijs_soort(self):
        return self.bewijs.name.rsplit(".", 1)[-1] if self.bewijs else ""


# --- periods ----------------------------------------------------------------------------------------------

def periode_nummer(startdatum, datum) -> int:
    """0 for the first period; negative before the start."""
    return (datum - startdatum).days // PERIODE_DAGEN


def periode_grenzen(startdatum, nummer):
    from datetime import timedelta

    begin = startdatum + timedelta(days=PERIODE_DAGEN * nummer)
    return begin, begin + timedelta(days=PERIODE_DAGEN - 1)


def achter_vanaf(begin, aantal, gedaan):
    """The first day of the period on which ``gedaan`` is less than the pace asks: by the end of day d (0-based)
    of the period ``(d + 1) * aantal / 28`` activities, rounded down. With 4 per 4 weeks that is one by the end
    of each week: nothing by day 7 is behind, three on the last day is behind. None: complete or no plicht."""
    from datetime import timedelta

    if aantal <= 0 or gedaan >= aantal:
        return None
    dag = -(-(gedaan + 1) * PERIODE_DAGEN // aantal) - 1  # ceil((gedaan + 1) * 28 / aantal) - 1
    return begin + timedelta(days=dag)
