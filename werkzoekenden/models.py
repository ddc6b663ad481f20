from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Arbeidsmarktregio, Gemeente
from werkgevers.models import postcode_validator


class Kandidaat(models.Model):
    """A werkzoekende the WSP helps into work (WW or bijstand); their digital dossier starts here."""

    class Uitkering(models.TextChoices):
        WW = "ww", _("WW")
        BIJSTAND = "bijstand", _("Bijstand (Participatiewet)")
        ANDERS = "anders", _("Andere uitkering")
        GEEN = "geen", _("Geen uitkering")

    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="kandidaat",
        limit_choices_to={"rol": "werkzoekende"},
    )
    voornaam = models.CharField(_("voornaam"), max_length=100)
    achternaam = models.CharField(_("achternaam"), max_length=150, db_index=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    telefoon = models.CharField(_("telefoonnummer"), max_length=20, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, validators=[postcode_validator])
    gemeente = models.ForeignKey(
        Gemeente, verbose_name=_("woonplaats (gemeente)"), on_delete=models.PROTECT, related_name="kandidaten"
    )
    regio = models.ForeignKey(
        Arbeidsmarktregio, verbose_name=_("arbeidsmarktregio"), on_delete=models.PROTECT, related_name="kandidaten"
    )
    uitkering = models.CharField(_("uitkering"), max_length=20, choices=Uitkering.choices, db_index=True)
    werkfit = models.BooleanField(_("werkfit"), default=True, db_index=True)
    klantmanager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vaste klantmanager"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="caseload",
        limit_choices_to={"rol": "klantmanager"},
    )
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("kandidaat")
        verbose_name_plural = _("kandidaten")
        ordering = ["achternaam", "voornaam"]
        permissions = [("waarnemen_kandidaat", _("Kan dossier waarnemen (collega vervangen)"))]

    def __str__(self):
        return f"{self.voornaam} {self.achternaam}"
