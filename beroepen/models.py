"""ESCO reference data: occupations and skills. The tables keep the names they had in ``matching``."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Beroep(models.Model):
    """An occupation of the ESCO classification (Dutch labels), loaded by ``referentiedata_laden``."""

    uri = models.CharField(_("ESCO-URI"), max_length=200, unique=True)
    naam = models.CharField(_("naam"), max_length=200, db_index=True)
    synoniemen = models.TextField(_("andere namen"), blank=True, help_text=_("Eén per regel."))
    isco_code = models.CharField(_("ISCO-code"), max_length=4, blank=True, db_index=True)
    omschrijving = models.TextField(_("omschrijving"), blank=True)
    vaardigheden = models.ManyToManyField(
        "Vaardigheid", through="BeroepVaardigheid", related_name="beroepen", verbose_name=_("vaardigheden")
    )

    class Meta:
        verbose_name = _("beroep")
        verbose_name_plural = _("beroepen")
        db_table = "matching_beroep"
        ordering = ["naam"]

    def __str__(self):
        return self.naam


def vaardigheid_label(naam, alleen_engels):
    """How a skill is shown: ESCO's Dutch label, or the English one, marked as such."""
    return _("%(naam)s (Engels)") % {"naam": naam} if alleen_engels else naam


class Vaardigheid(models.Model):
    """An ESCO skill. About half have no Dutch label in ESCO: ``naam`` then holds the English one and
    ``alleen_engels`` is set, so the skill can still be required and matched, and is shown marked."""

    uri = models.CharField(_("ESCO-URI"), max_length=200, unique=True)
    naam = models.CharField(_("naam"), max_length=300, db_index=True)
    naam_en = models.CharField(_("Engelse naam"), max_length=300, blank=True, db_index=True)
    alleen_engels = models.BooleanField(_("alleen een Engelse naam"), default=False)
    synoniemen = models.TextField(_("andere namen"), blank=True)

    class Meta:
        verbose_name = _("vaardigheid")
        verbose_name_plural = _("vaardigheden")
        db_table = "matching_vaardigheid"
        ordering = ["alleen_engels", "naam"]  # Dutch first

    def __str__(self):
        return str(vaardigheid_label(self.naam, self.alleen_engels))


class BeroepVaardigheid(models.Model):
    beroep = models.ForeignKey(Beroep, on_delete=models.CASCADE, related_name="beroepvaardigheden")
    vaardigheid = models.ForeignKey(Vaardigheid, on_delete=models.CASCADE, related_name="beroepvaardigheden")
    essentieel = models.BooleanField(_("essentieel"), default=True)

    class Meta:
        verbose_name = _("vaardigheid bij beroep")
        verbose_name_plural = _("vaardigheden bij beroepen")
        db_table = "matching_beroepvaardigheid"
        constraints = [models.UniqueConstraint(fields=["beroep", "vaardigheid"], name="uniek_beroep_vaardigheid")]
