"""The ondersteuningsgids: what a werkzoekende can choose to take part in (training, taal, schuldhulp, jobcoach,
werkervaringsplaats, groepsbijeenkomsten), per gemeente or arbeidsmarktregio, and their requests to join."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Traject(models.Model):
    """One kind of support on offer in a region (or one gemeente of it), kept by the region's staff."""

    class Soort(models.TextChoices):
        TRAINING = "training", _("Training of cursus")
        TAAL = "taal", _("Taal")
        SCHULDHULP = "schuldhulp", _("Hulp bij geld en schulden")
        JOBCOACH = "jobcoach", _("Jobcoach")
        WERKERVARINGSPLAATS = "werkervaringsplaats", _("Werkervaringsplaats")
        GROEPSBIJEENKOMST = "groepsbijeenkomst", _("Workshop of groepsbijeenkomst")
        GEZONDHEID = "gezondheid", _("Gezondheid en zorg")
        ANDERS = "anders", _("Iets anders")

    titel = models.CharField(_("naam van het traject"), max_length=200)
    omschrijving = models.TextField(_("wat is het"), help_text=_("In gewone taal (B1): wat ga je doen, wat heb je eraan?"))
    soort = models.CharField(_("soort"), max_length=30, choices=Soort.choices)
    voor_wie = models.CharField(_("voor wie"), max_length=500, blank=True)
    duur = models.CharField(_("hoe lang"), max_length=200, blank=True,
                            help_text=_("Bijvoorbeeld: 2 dagen, of 1 ochtend per week, 3 maanden."))
    kosten = models.CharField(_("wat kost het jou"), max_length=200, default="Geen")
    aanbieder = models.CharField(_("wie geeft het (aanbieder)"), max_length=200)
    plaats = models.CharField(_("waar"), max_length=200)
    regio = models.ForeignKey("accounts.Arbeidsmarktregio", verbose_name=_("arbeidsmarktregio"),
                              on_delete=models.PROTECT, related_name="+")
    # Empty: for the whole region; else only for werkzoekenden living in this gemeente.
    gemeente = models.ForeignKey("accounts.Gemeente", verbose_name=_("alleen voor gemeente"), on_delete=models.PROTECT,
                                 null=True, blank=True, related_name="+")
    gearchiveerd_op = models.DateTimeField(_("gearchiveerd op"), null=True, blank=True)
    aangemaakt_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                        related_name="+")
    aangemaakt_op = models.DateTimeField(default=timezone.now)
    gewijzigd_op = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("traject")
        verbose_name_plural = _("trajecten")
        ordering = ["titel", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(soort__in=["training", "taal", "schuldhulp", "jobcoach",
                                                          "werkervaringsplaats", "groepsbijeenkomst", "gezondheid",
                                                          "anders"]),
                                   name="traject_soort_bekend"),
        ]
        indexes = [models.Index(fields=["regio", "gearchiveerd_op", "soort"], name="traject_in_regio")]

    def __str__(self):
        return self.titel

    @property
    def plaats_in_de_agenda(self):
        """Where a session takes place, as the agenda shows it: the aanbieder and the place, the aanbieder once when
        the place names it already ("Werkplein Arnhem" at "Werkplein Arnhem, zaal 2")."""
        aanbieder, plaats = self.aanbieder.strip(), self.plaats.strip()
        if not aanbieder or aanbieder.casefold() in plaats.casefold():
            return plaats
        return f"{aanbieder}, {plaats}" if plaats else aanbieder

    @property
    def gearchiveerd(self):
        return self.gearchiveerd_op is not None


class Startmoment(models.Model):
    """When a traject starts, with how many places. A groepsbijeenkomst is an agenda afspraak: signing up and
    its capacity are the agenda's (``agenda.services.aanmelden``); other starts fill with aanvragen."""

    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="startmomenten")
    start = models.DateTimeField(_("start"), db_index=True)
    capaciteit = models.PositiveSmallIntegerField(_("aantal plaatsen"), null=True, blank=True)
    afspraak = models.OneToOneField("agenda.Afspraak", on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="startmoment")
    aangemaakt_op = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("startmoment")
        verbose_name_plural = _("startmomenten")
        ordering = ["start", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(capaciteit__isnull=True) | Q(capaciteit__gt=0),
                                   name="startmoment_capaciteit_positief"),
        ]

    def __str__(self):
        return f"{self.traject} ({timezone.localtime(self.start):%d-%m-%Y %H:%M})"

    @property
    def begonnen(self):
        return self.start <= timezone.now()

    @property
    def is_groep(self):
        return self.afspraak_id is not None


class Aanvraag(models.Model):
    """A werkzoekende asks to take part ("Ik wil hieraan meedoen"); their klantmanager says yes (it becomes an
    action in the plan van aanpak) or no, with a reason the werkzoekende reads."""

    class Status(models.TextChoices):
        INGEDIEND = "ingediend", _("Wacht op je contactpersoon")
        GOEDGEKEURD = "goedgekeurd", _("Goedgekeurd")
        AFGEWEZEN = "afgewezen", _("Niet goedgekeurd")
        INGETROKKEN = "ingetrokken", _("Ingetrokken")
        # The dossier closed while she waited for an answer: nobody decides on it any more. She may ask again
        # when it opens again.
        VERVALLEN = "vervallen", _("Vervallen")

    ACTIEF = (Status.INGEDIEND, Status.GOEDGEKEURD)  # these take a place at the startmoment

    traject = models.ForeignKey(Traject, on_delete=models.PROTECT, related_name="aanvragen")
    startmoment = models.ForeignKey(Startmoment, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="aanvragen")
    kandidaat = models.ForeignKey("werkzoekenden.Kandidaat", on_delete=models.CASCADE,
                                  related_name="ondersteuningsaanvragen")
    motivatie = models.TextField(_("waarom wil je meedoen"), blank=True)
    status = models.CharField(_("status"), max_length=15, choices=Status.choices, default=Status.INGEDIEND)
    ingediend_op = models.DateTimeField(_("gevraagd op"), default=timezone.now)
    ingediend_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                       related_name="+")
    beoordeeld_op = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    beoordeeld_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                        related_name="+")
    reden = models.TextField(_("reden"), blank=True)
    actie = models.ForeignKey("werkzoekenden.Actie", on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+")

    class Meta:
        verbose_name = _("aanvraag voor ondersteuning")
        verbose_name_plural = _("aanvragen voor ondersteuning")
        ordering = ["-ingediend_op", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=["ingediend", "goedgekeurd", "afgewezen", "ingetrokken",
                                                               "vervallen"]),
                                   name="aanvraag_status_bekend"),
            models.CheckConstraint(condition=~Q(status="afgewezen") | ~Q(reden=""),
                                   name="aanvraag_afgewezen_met_reden"),
            # One open or approved request per person per traject: a double click makes no second one.
            models.UniqueConstraint(fields=["kandidaat", "traject"],
                                    condition=Q(status__in=["ingediend", "goedgekeurd"]),
                                    name="aanvraag_een_actieve_per_traject"),
        ]
        indexes = [models.Index(fields=["status", "kandidaat"], name="aanvraag_open")]

    def __str__(self):
        return f"{self.kandidaat}: {self.traject}"

    @property
    def open(self):
        return self.status == self.Status.INGEDIEND
