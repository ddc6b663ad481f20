from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Matchgewichten(models.Model):
    """How heavily each part counts in the matching score; one row, tuned by a beheerder in the admin.

    A part that does not apply (no rijbewijs asked, no contract wish) is left out of the maximum, so the score
    stays a percentage of what could be scored for this pair."""

    beroep = models.PositiveSmallIntegerField(_("beroep (zelfde of verwant)"), default=25)
    vereist = models.PositiveSmallIntegerField(_("vereiste vaardigheden"), default=35)
    gewenst = models.PositiveSmallIntegerField(_("gewenste vaardigheden"), default=5)
    afstand = models.PositiveSmallIntegerField(_("reisafstand"), default=15)
    uren = models.PositiveSmallIntegerField(_("uren per week"), default=10)
    contract = models.PositiveSmallIntegerField(_("soort contract"), default=5)
    start = models.PositiveSmallIntegerField(_("beschikbaar bij de start"), default=5)
    rijbewijs = models.PositiveSmallIntegerField(_("rijbewijs"), default=5)
    taal = models.PositiveSmallIntegerField(_("taalniveau Nederlands"), default=5)
    doelgroep = models.PositiveSmallIntegerField(_("werkgever open voor doelgroepregister"), default=5)
    gewijzigd_op = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    gewijzigd_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                       related_name="+", verbose_name=_("gewijzigd door"))

    ONDERDELEN = ("beroep", "vereist", "gewenst", "afstand", "uren", "contract", "start", "rijbewijs", "taal",
                  "doelgroep")

    class Meta:
        verbose_name = _("gewichten voor matchen")
        verbose_name_plural = _("gewichten voor matchen")
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="matchgewichten_een_rij"),
        ]

    def __str__(self):
        return str(_("Gewichten voor matchen"))

    def clean(self):
        if not sum(getattr(self, o) for o in self.ONDERDELEN):
            raise ValidationError(_("Geef minstens één onderdeel een gewicht groter dan 0."))

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    def als_dict(self):
        return {o: getattr(self, o) for o in self.ONDERDELEN}


class Interesse(models.Model):
    """A werkzoekende said "Ik wil hier meer over weten" about a vacature on "Mijn kansen": once per vacature.

    Their klantmanager hears of it (a melding and a task, through ``matching.interesse_getoond``) and decides with
    them whether to ask the accountmanager for a voordracht; nothing reaches the werkgever from here."""

    kandidaat = models.ForeignKey("werkzoekenden.Kandidaat", verbose_name=_("werkzoekende"), on_delete=models.CASCADE,
                                  related_name="interesses")
    vacature = models.ForeignKey("werkgevers.Vacature", verbose_name=_("vacature"), on_delete=models.CASCADE,
                                 related_name="interesses")
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+", verbose_name=_("door"))
    getoond_op = models.DateTimeField(_("verstuurd op"), default=timezone.now)

    class Meta:
        verbose_name = _("interesse in een vacature")
        verbose_name_plural = _("interesse in vacatures")
        ordering = ["getoond_op", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["kandidaat", "vacature"], name="interesse_een_keer_per_vacature"),
        ]

    def __str__(self):
        return f"{self.kandidaat} - {self.vacature}"
