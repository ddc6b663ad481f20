"""Message threads of the portal: a simple secure mailbox between the people who work together.

Who takes part is never stored: it follows from the relation the thread belongs to (see
``berichten.permissions``). A werkzoekende thread belongs to the Kandidaat, so at a warme overdracht the
new vaste klantmanager reads the history and the old one no longer does; a werkgever thread belongs to the
Werkgever and follows its vaste accountmanager."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Berichtenwisseling(models.Model):
    class Soort(models.TextChoices):
        WERKZOEKENDE = "werkzoekende", _("Werkzoekende en klantmanager")
        WERKGEVER = "werkgever", _("Werkgever en accountmanager")
        OVERLEG = "overleg", _("Overleg accountmanager en klantmanager over een kandidaat")

    soort = models.CharField(_("soort"), max_length=20, choices=Soort.choices)
    onderwerp = models.CharField(_("onderwerp"), max_length=200)
    kandidaat = models.ForeignKey("werkzoekenden.Kandidaat", on_delete=models.CASCADE, null=True, blank=True,
                                  related_name="berichtenwisselingen")
    werkgever = models.ForeignKey("werkgevers.Werkgever", on_delete=models.CASCADE, null=True, blank=True,
                                  related_name="berichtenwisselingen")
    # Only for an overleg: the accountmanager on the other side (the klantmanager is the kandidaat's).
    accountmanager = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="+", limit_choices_to={"rol": "accountmanager"})
    gestart_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                     related_name="+")
    aangemaakt_op = models.DateTimeField(_("begonnen op"), default=timezone.now)
    # The inbox's order. A person's inbox is bounded by a relation (a caseload, a werkgever): a small one is looked
    # up by it and sorted; a team's (60,000 kandidaten among a million) walks ``wisseling_nieuwste`` until a page is
    # full. Which one is PostgreSQL's choice, from the statistics of the relation (``zichtbaar``).
    laatste_bericht_op = models.DateTimeField(_("laatste bericht"), default=timezone.now)

    class Meta:
        verbose_name = _("berichtenwisseling")
        verbose_name_plural = _("berichtenwisselingen")
        ordering = ["-laatste_bericht_op", "-pk"]
        indexes = [models.Index(fields=["-laatste_bericht_op", "-id"], name="wisseling_nieuwste")]
        constraints = [
            models.CheckConstraint(
                name="wisseling_hoort_bij_relatie",
                condition=(
                    models.Q(soort="werkzoekende", kandidaat__isnull=False, werkgever__isnull=True,
                             accountmanager__isnull=True)
                    | models.Q(soort="werkgever", werkgever__isnull=False, kandidaat__isnull=True,
                               accountmanager__isnull=True)
                    | models.Q(soort="overleg", kandidaat__isnull=False, accountmanager__isnull=False,
                               werkgever__isnull=True)
                ),
            ),
        ]

    def __str__(self):
        return self.onderwerp


class Bericht(models.Model):
    wisseling = models.ForeignKey(Berichtenwisseling, on_delete=models.CASCADE, related_name="berichten")
    afzender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    tekst = models.TextField(_("bericht"), max_length=5000)
    verstuurd_op = models.DateTimeField(_("verstuurd op"), default=timezone.now)

    class Meta:
        verbose_name = _("bericht")
        verbose_name_plural = _("berichten")
        ordering = ["pk"]
        # A thread pages by id (keyset): "the 20 before id X in this thread" is one index range.
        indexes = [models.Index(fields=["wisseling", "id"], name="bericht_wisseling_id")]

    def __str__(self):
        return f"{self.wisseling}: {self.verstuurd_op:%Y-%m-%d %H:%M}"


class Bijlage(models.Model):
    """A file with a bericht: checked by content like the cv (pdf or docx), under MEDIA_ROOT, which no URL
    serves: only the permission-checked download view does."""

    bericht = models.ForeignKey(Bericht, on_delete=models.CASCADE, related_name="bijlagen")
    bestand = models.FileField(_("bestand"), upload_to="berichten/")
    bestandsnaam = models.CharField(_("bestandsnaam"), max_length=200)
    soort = models.CharField(_("soort"), max_length=10)
    grootte = models.PositiveIntegerField(_("grootte (bytes)"))

    class Meta:
        verbose_name = _("bijlage")
        verbose_name_plural = _("bijlagen")
        ordering = ["pk"]

    def __str__(self):
        return self.bestandsnaam


class Gelezen(models.Model):
    """Read state per person and thread: everything up to ``tot_bericht`` has been seen."""

    wisseling = models.ForeignKey(Berichtenwisseling, on_delete=models.CASCADE, related_name="gelezen")
    gebruiker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    tot_bericht = models.BigIntegerField(default=0)
    op = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["wisseling", "gebruiker"], name="gelezen_een_per_persoon")]
