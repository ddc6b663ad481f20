"""Follow-up tasks for professionals. The table keeps the name it had in ``accounts``."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Taak(models.Model):
    """A follow-up task for a professional (e.g. discuss a rejection with the kandidaat)."""

    toegewezen_aan = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("voor"), on_delete=models.CASCADE,
                                       related_name="taken")
    omschrijving = models.CharField(_("wat moet er gebeuren"), max_length=500)
    uiterlijk = models.DateField(_("uiterlijk op"), null=True, blank=True)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    afgerond_op = models.DateTimeField(_("afgerond op"), null=True, blank=True, db_index=True)
    # What the task is about; set where relevant.
    voordracht = models.ForeignKey("bemiddeling.Voordracht", on_delete=models.CASCADE, null=True, blank=True,
                                   related_name="taken")
    werkgever = models.ForeignKey("werkgevers.Werkgever", on_delete=models.CASCADE, null=True, blank=True,
                                  related_name="taken")
    rechtenverzoek = models.ForeignKey("werkzoekenden.Rechtenverzoek", on_delete=models.CASCADE, null=True,
                                       blank=True, related_name="taken")
    # The kandidaat the task is about, whatever else it names: a warme overdracht moves the old klantmanager's open
    # tasks about them to the new one, and /taken/ links the klantmanager to the dossier.
    kandidaat = models.ForeignKey("werkzoekenden.Kandidaat", on_delete=models.CASCADE, null=True, blank=True,
                                  related_name="taken")
    # Written by a reaction to a journey event: the same cause never gives the same person a second task
    # (e.g. "nazorg:<moment>:<user>", "actie:<actie>").
    sleutel = models.CharField(_("sleutel"), max_length=200, unique=True, null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("taak")
        db_table = "accounts_taak"
        verbose_name_plural = _("taken")
        ordering = ["afgerond_op", "uiterlijk", "aangemaakt_op"]
        indexes = [models.Index(fields=["toegewezen_aan", "afgerond_op"])]

    def __str__(self):
        return self.omschrijving
