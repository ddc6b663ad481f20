"""How a step of the journey felt: one short question ("Hoe ging dit?", five faces, optional comment).

A question is asked after a key moment (a touchpoint) to the person concerned: in the portal, and as a
one-time link in the outbox mail (no login). Never more than one question per person per week. The monitor
(docs/kpi.md) rolls the answers up per region, organisation, touchpoint and month.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Touchpoint(models.TextChoices):
    # Werkgeversreis
    WG_EERSTE_CONTACT = "wg_eerste_contact", _("Werkgever: eerste contact")
    WG_KENNISMAKING = "wg_kennismaking", _("Werkgever: kennismaking")
    WG_VOORDRACHTEN = "wg_voordrachten", _("Werkgever: voordrachten ontvangen")
    WG_GESPREK = "wg_gesprek", _("Werkgever: sollicitatiegesprek")
    WG_NAZORG = "wg_nazorg", _("Werkgever: nazorg")
    # Werkzoekendereis
    WZ_INTAKE = "wz_intake", _("Werkzoekende: intake")
    WZ_PLAN = "wz_plan", _("Werkzoekende: bespreking plan van aanpak")
    WZ_VOORDRACHT = "wz_voordracht", _("Werkzoekende: voorgedragen")
    WZ_GESPREK = "wz_gesprek", _("Werkzoekende: sollicitatiegesprek")
    WZ_START_WERK = "wz_start_werk", _("Werkzoekende: start van het werk")
    WZ_NAZORG = "wz_nazorg", _("Werkzoekende: nazorg")
    WZ_OVERDRACHT = "wz_overdracht", _("Werkzoekende: warme overdracht")


WERKGEVER_TOUCHPOINTS = tuple(t for t in Touchpoint if t.startswith("wg_"))
WERKZOEKENDE_TOUCHPOINTS = tuple(t for t in Touchpoint if t.startswith("wz_"))


class Score(models.IntegerChoices):
    HEEL_SLECHT = 1, _("Heel slecht")
    SLECHT = 2, _("Slecht")
    GEWOON = 3, _("Gewoon")
    GOED = 4, _("Goed")
    HEEL_GOED = 5, _("Heel goed")


class Belevingsvraag(models.Model):
    """One question to one person about one touchpoint; answered at most once.

    ``regio`` and ``organisatie`` (the WSP, gemeente or UWV whose service was experienced) are copied at the
    moment of asking, so the monitor groups answers without joining the journey tables. ``sleutel`` names the
    cause (e.g. ``wz_gesprek:gesprek:12``): the same cause never asks twice.
    """

    touchpoint = models.CharField(_("moment"), max_length=30, choices=Touchpoint.choices)
    gebruiker = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("gevraagd aan"), on_delete=models.CASCADE,
                                  related_name="belevingsvragen")
    kandidaat = models.ForeignKey("werkzoekenden.Kandidaat", verbose_name=_("kandidaat"), on_delete=models.CASCADE,
                                  null=True, blank=True, related_name="belevingsvragen")
    werkgever = models.ForeignKey("werkgevers.Werkgever", verbose_name=_("werkgever"), on_delete=models.CASCADE,
                                  null=True, blank=True, related_name="belevingsvragen")
    regio = models.ForeignKey("accounts.Arbeidsmarktregio", verbose_name=_("arbeidsmarktregio"),
                              on_delete=models.PROTECT, related_name="belevingsvragen")
    organisatie = models.ForeignKey("accounts.Organisatie", verbose_name=_("organisatie"), on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="belevingsvragen")
    sleutel = models.CharField(_("aanleiding"), max_length=200, unique=True)
    gesteld_op = models.DateTimeField(_("gesteld op"), default=timezone.now)
    verloopt_op = models.DateTimeField(_("verloopt op"))
    # Only a hash of the one-time link's token is kept (like the nazorg check-in).
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    beantwoord_op = models.DateTimeField(_("beantwoord op"), null=True, blank=True)
    score = models.PositiveSmallIntegerField(_("hoe ging het"), choices=Score.choices, null=True, blank=True,
                                             validators=[MinValueValidator(1), MaxValueValidator(5)])
    opmerking = models.TextField(_("toelichting"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("belevingsvraag")
        verbose_name_plural = _("belevingsvragen")
        ordering = ["-gesteld_op"]
        constraints = [
            models.CheckConstraint(condition=models.Q(score__isnull=True) | models.Q(score__gte=1, score__lte=5),
                                   name="beleving_score_1_tot_5"),
            models.CheckConstraint(
                condition=models.Q(beantwoord_op__isnull=True, score__isnull=True)
                | models.Q(beantwoord_op__isnull=False, score__isnull=False),
                name="beleving_antwoord_met_score"),
        ]
        indexes = [
            models.Index(fields=["gebruiker", "gesteld_op"], name="beleving_per_persoon"),
            models.Index(fields=["regio", "beantwoord_op"], name="beleving_per_regio"),
        ]

    def __str__(self):
        return f"{self.get_touchpoint_display()} ({self.gesteld_op:%d-%m-%Y})"
