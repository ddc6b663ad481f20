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
    # Empty for a werkzoekende without an account (asked by mail only) and after the retention period
    # (privacy ``bewaartermijnen``: the answer stays for the monitor, the link to the person goes).
    gebruiker = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("gevraagd aan"), on_delete=models.CASCADE,
                                  null=True, blank=True, related_name="belevingsvragen")
    kandidaat = models.ForeignKey("werkzoekenden.Kandidaat", verbose_name=_("kandidaat"), on_delete=models.CASCADE,
                                  null=True, blank=True, related_name="belevingsvragen")
    werkgever = models.ForeignKey("werkgevers.Werkgever", verbose_name=_("werkgever"), on_delete=models.CASCADE,
                                  null=True, blank=True, related_name="belevingsvragen")
    regio = models.ForeignKey("accounts.Arbeidsmarktregio", verbose_name=_("arbeidsmarktregio"),
                              on_delete=models.PROTECT, related_name="belevingsvragen")
    organisatie = models.ForeignKey("accounts.Organisatie", verbose_name=_("organisatie"), on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="belevingsvragen")
    # The person's row for the weekly cap and the opt-out (a werkgever without an account has nothing else).
    bevraagde = models.ForeignKey("beleving.Bevraagde", verbose_name=_("bevraagde"), on_delete=models.SET_NULL,
                                  null=True, blank=True, related_name="vragen")
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

    @property
    def voor_werkgever(self) -> bool:
        return self.touchpoint in WERKGEVER_TOUCHPOINTS

    @property
    def vraag(self) -> str:
        """The question as the person reads it: "u" for a werkgever, B1 "je" for a werkzoekende; no names."""
        return str(VRAGEN[self.touchpoint])

    @property
    def is_open(self) -> bool:
        return self.beantwoord_op is None and self.verloopt_op > timezone.now()


# What each touchpoint asks. Never a name: the question is also opened from a mail, without login.
VRAGEN = {
    Touchpoint.WG_EERSTE_CONTACT: _("Hoe ging het eerste contact met het Werkgeversservicepunt?"),
    Touchpoint.WG_KENNISMAKING: _("Hoe ging de kennismaking bij u op het bedrijf?"),
    Touchpoint.WG_VOORDRACHTEN: _("Hoe ging het ontvangen van kandidaten voor uw vacature?"),
    Touchpoint.WG_GESPREK: _("Hoe ging het regelen van het sollicitatiegesprek?"),
    Touchpoint.WG_NAZORG: _("Hoe gaat de begeleiding nu uw nieuwe medewerker bij u werkt?"),
    Touchpoint.WZ_INTAKE: _("Hoe ging je eerste gesprek met je contactpersoon?"),
    Touchpoint.WZ_PLAN: _("Hoe ging het gesprek over je plan?"),
    Touchpoint.WZ_VOORDRACHT: _("We hebben je voorgesteld aan een werkgever. Hoe ging dat?"),
    Touchpoint.WZ_GESPREK: _("Hoe ging de hulp bij je sollicitatiegesprek?"),
    Touchpoint.WZ_START_WERK: _("Je gaat aan het werk. Hoe ging het regelen daarvan?"),
    Touchpoint.WZ_NAZORG: _("Hoe gaat de hulp nu je werkt?"),
    Touchpoint.WZ_OVERDRACHT: _("Je hebt een nieuwe contactpersoon. Hoe ging die overstap?"),
}


class Bevraagde(models.Model):
    """One row per person who can be asked: when they were last asked and whether they said "Vraag me dit
    niet meer". The row is the claim of the weekly cap: ``vraag_stellen`` moves ``laatst_gevraagd_op`` with one
    conditional UPDATE, so of two events at the same moment only one asks (the other waits for the row lock
    and then finds the week taken).

    ``persoon`` names who it is: ``kandidaat:<id>`` for a werkzoekende (with or without an account),
    ``gebruiker:<id>`` for a werkgever with an account, ``email:<sha256>`` for a werkgever's contactpersoon
    without one (only the hash of the address is kept)."""

    persoon = models.CharField(_("persoon"), max_length=80, unique=True)
    gebruiker = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("gebruiker"), on_delete=models.CASCADE,
                                     null=True, blank=True, related_name="belevingsstand")
    kandidaat = models.OneToOneField("werkzoekenden.Kandidaat", verbose_name=_("kandidaat"), on_delete=models.CASCADE,
                                     null=True, blank=True, related_name="belevingsstand")
    laatst_gevraagd_op = models.DateTimeField(_("laatst gevraagd op"), null=True, blank=True)
    niet_meer_vragen_op = models.DateTimeField(_("wil geen vragen meer sinds"), null=True, blank=True)

    class Meta:
        verbose_name = _("bevraagde")
        verbose_name_plural = _("bevraagden")

    def __str__(self):
        return self.persoon
