"""One agenda for everyone: visits, gesprekken, klantmanager appointments, nazorggesprekken and group sessions,
with their participants. A sollicitatiegesprek (bemiddeling) has its Afspraak kept in step by ``reacties``."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The longest an afspraak lasts (a sollicitatiegesprek at most 8 hours): who looks for afspraken overlapping a time
# reads those starting at most this long before it, by the index on ``start``.
MAX_DUUR = timedelta(hours=12)

# Of a Deelnemer: the klantmanager at a sollicitatiegesprek the werkzoekende goes to alone. She has it in the agenda
# for information only: no reminder (its .ics, a REQUEST, would put it back in her own calendar after the CANCEL she
# got), and her time stays free (``selectors.bezet``), as her feed says (TRANSPARENT).
BEGELEIDER_NIET_MEE = Q(afspraak__gesprek__begeleider_gaat_mee=False,
                        gebruiker_id=F("afspraak__gesprek__voordracht__kandidaat__klantmanager_id"))


class Afspraak(models.Model):
    class Soort(models.TextChoices):
        KENNISMAKINGSBEZOEK = "kennismakingsbezoek", _("Kennismakingsbezoek")
        SOLLICITATIEGESPREK = "sollicitatiegesprek", _("Sollicitatiegesprek")
        KLANTMANAGERGESPREK = "klantmanagergesprek", _("Gesprek met klantmanager")
        NAZORGGESPREK = "nazorggesprek", _("Nazorggesprek")
        GROEPSBIJEENKOMST = "groepsbijeenkomst", _("Groepsbijeenkomst of workshop")

    class Status(models.TextChoices):
        GEPLAND = "gepland", _("Gepland")
        VERPLAATST = "verplaatst", _("Verplaatst")
        GEANNULEERD = "geannuleerd", _("Gaat niet door")

    soort = models.CharField(_("soort afspraak"), max_length=30, choices=Soort.choices)
    titel = models.CharField(_("titel"), max_length=200)
    start = models.DateTimeField(_("begint om"), db_index=True)
    eind = models.DateTimeField(_("eindigt om"))
    plaats = models.CharField(_("plaats"), max_length=300, blank=True)
    videolink = models.URLField(_("videolink"), max_length=500, blank=True)
    toelichting = models.TextField(_("toelichting"), blank=True)
    status = models.CharField(_("status"), max_length=15, choices=Status.choices, default=Status.GEPLAND)
    # Why it does not take place, when the agenda knows (a closed dossier); empty for a cancel by hand.
    annuleringsreden = models.CharField(_("waarom niet"), max_length=200, blank=True)
    # Groepsbijeenkomst: how many can come, and for which region it is open to sign up.
    capaciteit = models.PositiveSmallIntegerField(_("aantal plaatsen"), null=True, blank=True)
    regio = models.ForeignKey("accounts.Arbeidsmarktregio", on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+")
    werkgever = models.ForeignKey("werkgevers.Werkgever", on_delete=models.CASCADE, null=True, blank=True,
                                  related_name="agenda_afspraken")
    gesprek = models.OneToOneField("bemiddeling.Sollicitatiegesprek", on_delete=models.CASCADE, null=True,
                                   blank=True, related_name="afspraak")
    georganiseerd_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    ics_uid = models.CharField(max_length=100, unique=True)
    volgnummer = models.PositiveIntegerField(default=0, help_text=_("SEQUENCE in de agenda-uitnodiging."))
    aangemaakt_op = models.DateTimeField(default=timezone.now)
    gewijzigd_op = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("afspraak")
        verbose_name_plural = _("afspraken")
        ordering = ["start", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(eind__gt=F("start")), name="afspraak_eind_na_start"),
            models.CheckConstraint(condition=~Q(plaats="") | ~Q(videolink=""), name="afspraak_plaats_of_videolink"),
            models.CheckConstraint(
                condition=Q(capaciteit__isnull=True) | Q(soort="groepsbijeenkomst", capaciteit__gt=0),
                name="afspraak_capaciteit_bij_groepsbijeenkomst"),
            models.CheckConstraint(condition=Q(status__in=["gepland", "verplaatst", "geannuleerd"]),
                                   name="afspraak_status_bekend"),
            models.CheckConstraint(condition=Q(soort__in=["kennismakingsbezoek", "sollicitatiegesprek",
                                                          "klantmanagergesprek", "nazorggesprek",
                                                          "groepsbijeenkomst"]),
                                   name="afspraak_soort_bekend"),
        ]
        indexes = [models.Index(fields=["soort", "regio", "start"], name="afspraak_open_groep")]

    def __str__(self):
        return f"{self.titel} ({timezone.localtime(self.start):%d-%m-%Y %H:%M})"

    @property
    def titel_voor_werkzoekende(self):
        """Werkzoekenden know their klantmanager as their contactpersoon: the standard title of a gesprek with
        the klantmanager (the label, stored when no title was typed) says so to them."""
        if self.soort == self.Soort.KLANTMANAGERGESPREK and self.titel in (
                "Gesprek met klantmanager", str(self.Soort.KLANTMANAGERGESPREK.label)):
            return _("Gesprek met je contactpersoon")
        return self.titel

    @property
    def geannuleerd(self):
        return self.status == self.Status.GEANNULEERD

    @property
    def is_groep(self):
        return self.soort == self.Soort.GROEPSBIJEENKOMST

    @classmethod
    def deelname_fouten(cls, soort, *, werkgever=None, kandidaten=(), capaciteit=None) -> dict:
        """Whether who is invited fits the soort, as the klantreis has them: a kennismakingsbezoek is the
        accountmanager's visit at a werkgever; a gesprek met de klantmanager is hers with a werkzoekende, without a
        werkgever; a nazorggesprek follows a plaatsing, with its werkgever or its werkzoekende (or both); a
        groepsbijeenkomst is for werkzoekenden of the region, who sign up (some may be invited): no werkgever, and
        places left for others, or it is a gesprek with one werkzoekende under another name. (A sollicitatiegesprek
        comes only from a voordracht, with its werkgever and kandidaat: ``services.gesprek_bijwerken``.) Returns the
        errors by field: ``werkgever``, ``kandidaat``, or ``wie`` (nobody of either); empty when it fits."""
        fouten = {}
        if soort == cls.Soort.KENNISMAKINGSBEZOEK and werkgever is None:
            fouten["werkgever"] = _("Een kennismakingsbezoek is bij een werkgever. Kies de werkgever.")
        elif soort == cls.Soort.KLANTMANAGERGESPREK:
            if not kandidaten:
                fouten["kandidaat"] = _("Een gesprek met de klantmanager is met een werkzoekende. Kies de "
                                        "werkzoekende.")
            if werkgever is not None:
                fouten["werkgever"] = _("Bij een gesprek met de klantmanager is geen werkgever. Laat de werkgever "
                                        "leeg, of kies een andere soort afspraak.")
        elif soort == cls.Soort.NAZORGGESPREK and werkgever is None and not kandidaten:
            fouten["wie"] = _("Een nazorggesprek is met de werkgever of de werkzoekende van een plaatsing. Kies met "
                              "wie.")
        elif soort == cls.Soort.GROEPSBIJEENKOMST:
            if werkgever is not None:
                fouten["werkgever"] = _("Een groepsbijeenkomst is voor werkzoekenden, niet met één werkgever. Laat de "
                                        "werkgever leeg, of kies een andere soort afspraak.")
            if kandidaten and capaciteit and len(kandidaten) >= capaciteit:
                fouten["kandidaat"] = _("Bij een groepsbijeenkomst kunnen ook anderen zich aanmelden: er zijn meer "
                                        "plaatsen nodig dan werkzoekenden die je uitnodigt. Is het een gesprek met één "
                                        "werkzoekende? Kies dan een gesprek met de klantmanager.")
        return fouten

    def kan_nog_beantwoorden(self, nu=None):
        """An invitation is answered ("ik kan niet", "ik kan toch") while the afspraak still takes place and has
        not started."""
        return not self.geannuleerd and self.start > (nu or timezone.now())


class Deelnemer(models.Model):
    """Who takes part: a user (staff, werkgever) or a kandidaat (whether or not they have an account)."""

    class Status(models.TextChoices):
        AANGEMELD = "aangemeld", _("Doet mee")
        WACHTLIJST = "wachtlijst", _("Op de wachtlijst")
        AFGEMELD = "afgemeld", _("Afgemeld")
        # An invited werkzoekende, or a werkgever's contactpersoon at a visit, said they cannot come (with why, and
        # when they can): the organiser proposes a new time. Moving the afspraak invites them again (``aangemeld``).
        KAN_NIET = "kan_niet", _("Kan niet")

    afspraak = models.ForeignKey(Afspraak, on_delete=models.CASCADE, related_name="deelnemers")
    gebruiker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True,
                                  related_name="deelnames")
    kandidaat = models.ForeignKey("werkzoekenden.Kandidaat", on_delete=models.CASCADE, null=True, blank=True,
                                  related_name="deelnames")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.AANGEMELD)
    aangemeld_op = models.DateTimeField(default=timezone.now)
    # The reminder 24 hours before: due at ``herinnering_op`` (a copy of start - 24h, so the claim filters on
    # this row only), sent once (``herinnerd_op``). Moving the afspraak sets a new due time and clears it.
    herinnering_op = models.DateTimeField(null=True, blank=True)
    herinnerd_op = models.DateTimeField(null=True, blank=True)
    kan_niet_reden = models.CharField(_("waarom niet"), max_length=500, blank=True)
    kan_niet_wanneer_wel = models.CharField(_("wanneer wel"), max_length=200, blank=True)
    kan_niet_op = models.DateTimeField(_("laten weten op"), null=True, blank=True)
    # Whether the afspraak was mailed to them with its .ics (an invitation, a change, a reminder), so it is in their
    # own calendar: not for the colleague away whose waarnemer planned it with his werkzoekende or werkgever
    # (``services.afspraak_plannen``). Who never had it gets no CANCEL for it (a handover, a cancellation).
    uitgenodigd = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("deelnemer")
        verbose_name_plural = _("deelnemers")
        ordering = ["aangemeld_op", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(gebruiker__isnull=False) | Q(kandidaat__isnull=False),
                                   name="deelnemer_is_iemand"),
            models.UniqueConstraint(fields=["afspraak", "gebruiker"], condition=Q(gebruiker__isnull=False),
                                    name="deelnemer_gebruiker_eenmaal"),
            models.UniqueConstraint(fields=["afspraak", "kandidaat"], condition=Q(kandidaat__isnull=False),
                                    name="deelnemer_kandidaat_eenmaal"),
            models.CheckConstraint(condition=Q(status__in=["aangemeld", "wachtlijst", "afgemeld", "kan_niet"]),
                                   name="deelnemer_status_bekend"),
            # "Ik kan niet" (a kandidaat, or a werkgever's contactpersoon) always comes with a reason and a time.
            models.CheckConstraint(
                condition=~Q(status="kan_niet") | (Q(kan_niet_op__isnull=False) & ~Q(kan_niet_reden="")),
                name="deelnemer_kan_niet_met_reden"),
        ]
        indexes = [models.Index(fields=["herinnering_op"], condition=Q(herinnerd_op__isnull=True),
                                name="deelnemer_herinnering_open")]

    @property
    def kan_niet(self):
        return self.status == self.Status.KAN_NIET

    @property
    def opnieuw_uitgenodigd(self):
        """The afspraak moved and she is invited at its new time (a "kan niet" at the old time was cleared by the
        move; one at the new time is her answer since)."""
        return self.status == self.Status.AANGEMELD and self.afspraak.status == Afspraak.Status.VERPLAATST


class AgendaFeed(models.Model):
    """The secret address of someone's iCalendar feed. Only a SHA-256 of the token is stored: a copy of the
    database does not give anyone the feeds. A new link replaces the old; deleting the row revokes it."""

    gebruiker = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agenda_feed")
    sleutel_hash = models.CharField(max_length=64, unique=True)
    aangemaakt_op = models.DateTimeField(default=timezone.now)
    laatst_gebruikt_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("agendakoppeling")
        verbose_name_plural = _("agendakoppelingen")
