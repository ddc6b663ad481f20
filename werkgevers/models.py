from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Arbeidsmarktregio, Gemeente, Organisatie

kvk_validator = RegexValidator(r"^\d{8}$", _("Een KvK-nummer bestaat uit precies 8 cijfers."))
postcode_validator = RegexValidator(
    r"^[1-9]\d{3} ?[A-Za-z]{2}$", _("Vul een postcode in zoals 1234 AB.")
)


class Werkgever(models.Model):
    """A company the WSP serves; its people log in through the linked Organisatie."""

    organisatie = models.OneToOneField(
        Organisatie,
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        related_name="werkgever",
        limit_choices_to={"soort": Organisatie.Soort.WERKGEVER},
    )
    naam = models.CharField(_("bedrijfsnaam"), max_length=200, db_index=True)
    kvk_nummer = models.CharField(_("KvK-nummer"), max_length=8, unique=True, validators=[kvk_validator])
    sector = models.CharField(_("sector"), max_length=200, blank=True)
    aantal_medewerkers = models.PositiveIntegerField(
        _("aantal medewerkers"), validators=[MinValueValidator(1), MaxValueValidator(1_000_000)]
    )
    regio = models.ForeignKey(
        Arbeidsmarktregio, verbose_name=_("arbeidsmarktregio"), on_delete=models.PROTECT, related_name="werkgevers"
    )
    gemeente = models.ForeignKey(
        Gemeente, verbose_name=_("gemeente"), on_delete=models.PROTECT, related_name="werkgevers"
    )
    accountmanager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vaste accountmanager"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="werkgevers",
        limit_choices_to={"rol": "accountmanager"},
    )
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("werkgever")
        verbose_name_plural = _("werkgevers")
        ordering = ["naam"]

    def __str__(self):
        return self.naam

    @property
    def is_mkb(self):
        return 5 <= self.aantal_medewerkers <= 50


class Vacature(models.Model):
    class Status(models.TextChoices):
        CONCEPT = "concept", _("Concept")
        OPEN = "open", _("Open")
        VERVULD = "vervuld", _("Vervuld")
        GESLOTEN = "gesloten", _("Gesloten")

    werkgever = models.ForeignKey(
        Werkgever, verbose_name=_("werkgever"), on_delete=models.CASCADE, related_name="vacatures"
    )
    titel = models.CharField(_("titel"), max_length=200)
    omschrijving = models.TextField(_("omschrijving"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.CONCEPT, db_index=True
    )
    uren_per_week = models.PositiveSmallIntegerField(
        _("uren per week"), validators=[MinValueValidator(1), MaxValueValidator(40)]
    )
    aantal_posities = models.PositiveSmallIntegerField(
        _("aantal plaatsen"), default=1, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    postcode = models.CharField(_("postcode"), max_length=7, validators=[postcode_validator])
    gemeente = models.ForeignKey(
        Gemeente, verbose_name=_("werklocatie (gemeente)"), on_delete=models.PROTECT, related_name="vacatures"
    )
    regio = models.ForeignKey(
        Arbeidsmarktregio, verbose_name=_("arbeidsmarktregio"), on_delete=models.PROTECT, related_name="vacatures"
    )
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    gewijzigd_op = models.DateTimeField(_("gewijzigd op"), auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("vacature")
        verbose_name_plural = _("vacatures")
        ordering = ["-aangemaakt_op"]
        indexes = [models.Index(fields=["regio", "status"])]

    def __str__(self):
        return f"{self.titel} ({self.werkgever})"
