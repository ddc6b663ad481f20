"""Rollups of the klantreis monitor: the pages read these rows, never the journey tables."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kengetal(models.Model):
    """One figure (``monitor.kengetallen``) for one region, optionally one organisation, in one month."""

    sleutel = models.CharField(_("kengetal"), max_length=80)
    regio = models.ForeignKey("accounts.Arbeidsmarktregio", verbose_name=_("arbeidsmarktregio"),
                              on_delete=models.CASCADE, related_name="+")
    # Empty: the whole region. Otherwise the WSP, gemeente or UWV the figure is about.
    organisatie = models.ForeignKey("accounts.Organisatie", verbose_name=_("organisatie"), on_delete=models.CASCADE,
                                    null=True, blank=True, related_name="+")
    maand = models.DateField(_("maand"), help_text=_("De eerste dag van de maand."))
    aantal = models.BigIntegerField(_("aantal"), default=0)
    noemer = models.BigIntegerField(_("noemer"), null=True, blank=True)
    mediaan = models.FloatField(_("mediaan"), null=True, blank=True)
    # Histogram for medians over several months: {"<bucket upper bound>": count}; beleving: {"1": n, ..., "5": n}.
    verdeling = models.JSONField(_("verdeling"), default=dict, blank=True)
    # Distinct people behind the figure; a cell under monitor.kengetallen.MINIMUM_PERSONEN is suppressed.
    personen = models.PositiveIntegerField(_("personen"), default=0)
    bijgewerkt_op = models.DateTimeField(_("bijgewerkt op"), auto_now=True)

    class Meta:
        verbose_name = _("kengetal")
        verbose_name_plural = _("kengetallen")
        # One row per figure, region, organisation and month, and one per figure, region and month for the whole
        # region (no organisatie). Two constraints, the second partial, instead of one with nulls_distinct=False:
        # SQLite (the embedded default) cannot make that one, so there the region rows had no uniqueness at all
        # (system check models.W047 at every migrate).
        constraints = [
            models.UniqueConstraint(fields=["sleutel", "regio", "organisatie", "maand"], name="kengetal_uniek"),
            models.UniqueConstraint(fields=["sleutel", "regio", "maand"], condition=models.Q(organisatie__isnull=True),
                                    name="kengetal_uniek_regio"),
        ]
        indexes = [models.Index(fields=["regio", "maand"], name="kengetal_regio_maand")]

    def __str__(self):
        return f"{self.sleutel} {self.regio_id} {self.maand:%Y-%m}"


class Verversing(models.Model):
    """When the figures of one region and month were last computed (``rollups.kengetallen_schrijven``), also where
    nothing happened and so no ``Kengetal`` row was written: the page tells "computed, nothing to count" from "not
    computed yet"."""

    regio = models.ForeignKey("accounts.Arbeidsmarktregio", verbose_name=_("arbeidsmarktregio"),
                              on_delete=models.CASCADE, related_name="+")
    maand = models.DateField(_("maand"), help_text=_("De eerste dag van de maand."))
    bijgewerkt_op = models.DateTimeField(_("bijgewerkt op"))

    class Meta:
        verbose_name = _("verversing")
        verbose_name_plural = _("verversingen")
        constraints = [models.UniqueConstraint(fields=["regio", "maand"], name="verversing_uniek")]

    def __str__(self):
        return f"{self.regio_id} {self.maand:%Y-%m}"
