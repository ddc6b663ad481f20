"""The notification centre: what changed for you, in the portal (and by mail when you want that)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Bezorging(models.TextChoices):
    PORTAAL = "portaal", _("Alleen in het portaal")
    DIRECT = "direct", _("Direct per mail")
    DAGELIJKS = "dagelijks", _("Eén keer per dag een samenvatting per mail")


class Melding(models.Model):
    class Soort(models.TextChoices):
        BERICHT = "bericht", _("Nieuw bericht")
        VOORDRACHT = "voordracht", _("Reactie op een voordracht")
        GESPREK = "gesprek", _("Sollicitatiegesprek")
        TOESTEMMING = "toestemming", _("Toestemming")
        CONTACTPERSOON = "contactpersoon", _("Nieuwe contactpersoon")
        PLAN = "plan", _("Plan van aanpak")
        CV = "cv", _("Cv")
        DOCUMENT = "document", _("Document")
        NAZORG = "nazorg", _("Nazorg")
        AGENDA = "agenda", _("Afspraak")
        SOLLICITATIES = "sollicitaties", _("Sollicitatieplicht")
        INTERESSE = "interesse", _("Interesse in een vacature")
        WAARNEMING = "waarneming", _("Waarneming")
        VACATURE = "vacature", _("Vacature")
        CONTACTVOORKEUR = "contactvoorkeur", _("Contactvoorkeur")
        GEGEVENS = "gegevens", _("Verzoek over gegevens")
        DOSSIER = "dossier", _("Dossier gesloten")

    ontvanger = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meldingen")
    soort = models.CharField(_("soort"), max_length=20, choices=Soort.choices)
    # What happened, as short as it can be: no more personal data than the receiver needs to act.
    tekst = models.CharField(_("tekst"), max_length=300)
    url = models.CharField(_("link"), max_length=300, blank=True)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    gelezen_op = models.DateTimeField(_("gelezen op"), null=True, blank=True)
    # Put in a daily summary mail (only for people who chose that).
    samengevat_op = models.DateTimeField(null=True, blank=True, editable=False)
    # The cause: the same cause never gives one person a second melding (a reaction that ran twice).
    sleutel = models.CharField(_("sleutel"), max_length=200, unique=True, editable=False)
    # A copy for the colleague covering a klantmanager or accountmanager who is away
    # (``services._voor_de_waarnemers``): whose melding it copies. It goes when she no longer covers for that
    # colleague (``services.kopieen_van_waarneming_verwijderen``): it points into a caseload she no longer opens.
    waargenomen_voor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True,
                                         editable=False, db_index=False, related_name="+")

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        ordering = ["-aangemaakt_op", "-pk"]
        indexes = [
            models.Index(fields=["ontvanger", "-aangemaakt_op", "-id"], name="melding_lijst"),
            # The count in the header on every page: unread ones only.
            models.Index(fields=["ontvanger"], condition=models.Q(gelezen_op__isnull=True), name="melding_ongelezen"),
            # The copies of a waarneming, to remove when it ends (most meldingen are no copy).
            models.Index(fields=["waargenomen_voor", "ontvanger"], condition=models.Q(waargenomen_voor__isnull=False),
                         name="melding_kopie_voor"),
        ]

    def __str__(self):
        return self.tekst


class MeldingVoorkeur(models.Model):
    """How someone wants to hear of a melding. Without a row: see ``meldingen.services.bezorging_voor``."""

    gebruiker = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                     related_name="meldingvoorkeur")
    bezorging = models.CharField(_("hoe wil je het horen"), max_length=10, choices=Bezorging.choices)
    gewijzigd_op = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("meldingvoorkeur")
        verbose_name_plural = _("meldingvoorkeuren")


class Samenvatting(models.Model):
    """One daily summary per person per day: the unique row is the claim, so a second run sends nothing."""

    gebruiker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    datum = models.DateField()
    aantal = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["gebruiker", "datum"], name="een_samenvatting_per_dag")]
