"""The voordracht lifecycle: proposed, invited, interviewed, hired or not. The tables keep the names they
had in ``matching``."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klantreis.lib.toestanden import MetToestanden, Toestanden, keuze_constraint
from werkgevers.models import AccountmanagerToewijzing


class VoordrachtStatus(models.TextChoices):
    VOORGEDRAGEN = "voorgedragen", _("Voorgedragen")
    UITGENODIGD = "uitgenodigd", _("Uitgenodigd")
    GESPREK_GEPLAND = "gesprek_gepland", _("Gesprek gepland")
    AANGENOMEN = "aangenomen", _("Aangenomen")
    NIET_PASSEND = "niet_passend", _("Niet passend")
    AFGEWEZEN = "afgewezen", _("Afgewezen na gesprek")
    ELDERS_GEPLAATST = "elders_geplaatst", _("Elders geplaatst")
    INGETROKKEN = "ingetrokken", _("Ingetrokken")
    ZONDER_TOESTEMMING = "zonder_toestemming", _("Gestopt: toestemming ingetrokken")
    # The werkgever marked the vacature vervuld or closed it while the voordracht was still open.
    VACATURE_GESLOTEN = "vacature_gesloten", _("Gestopt: vacature vervuld of gesloten")


class VoordrachtReden(models.TextChoices):
    ERVARING = "ervaring", _("Te weinig ervaring voor deze functie")
    VAARDIGHEDEN = "vaardigheden", _("Mist vaardigheden die nodig zijn")
    MOTIVATIE = "motivatie", _("Motivatie past niet bij de functie")
    BESCHIKBAARHEID = "beschikbaarheid", _("Uren of beschikbaarheid passen niet")
    REISAFSTAND = "reisafstand", _("Reisafstand is te groot")
    TAAL = "taal", _("Taalniveau past niet")
    VACATURE_VERVULD = "vervuld", _("De vacature is al vervuld")
    ANDERS = "anders", _("Andere reden")


# The choices live at module level because ``Meta.constraints`` cannot see names of the class body.
_S = VoordrachtStatus
# A werkgever who says no gives a reason from the list: the kandidaat and the klantmanager learn from it.
MET_REDEN = (_S.NIET_PASSEND, _S.AFGEWEZEN)


class Voordracht(MetToestanden, models.Model):
    """A kandidaat proposed to a werkgever for one vacature: an explicit state machine."""

    Status = VoordrachtStatus
    Reden = VoordrachtReden

    OPEN = (_S.VOORGEDRAGEN, _S.UITGENODIGD, _S.GESPREK_GEPLAND)
    OVERGANGEN = Toestanden(VoordrachtStatus, {
        _S.VOORGEDRAGEN: {_S.UITGENODIGD, _S.GESPREK_GEPLAND, _S.NIET_PASSEND, _S.ELDERS_GEPLAATST, _S.INGETROKKEN,
                          _S.ZONDER_TOESTEMMING, _S.VACATURE_GESLOTEN},
        _S.UITGENODIGD: {_S.GESPREK_GEPLAND, _S.ELDERS_GEPLAATST, _S.INGETROKKEN, _S.ZONDER_TOESTEMMING,
                         _S.VACATURE_GESLOTEN},
        _S.GESPREK_GEPLAND: {_S.GESPREK_GEPLAND, _S.AANGENOMEN, _S.AFGEWEZEN, _S.ELDERS_GEPLAATST, _S.INGETROKKEN,
                             _S.ZONDER_TOESTEMMING, _S.VACATURE_GESLOTEN},
        _S.AANGENOMEN: set(),
        _S.NIET_PASSEND: set(),
        _S.AFGEWEZEN: set(),
        _S.ELDERS_GEPLAATST: set(),
        _S.INGETROKKEN: set(),
        # Reached by the system (door=None) when the kandidaat withdraws consent.
        _S.ZONDER_TOESTEMMING: set(),
        _S.VACATURE_GESLOTEN: set(),
    })

    vacature = models.ForeignKey(
        "werkgevers.Vacature", verbose_name=_("vacature"), on_delete=models.CASCADE, related_name="voordrachten"
    )
    kandidaat = models.ForeignKey(
        "werkzoekenden.Kandidaat", verbose_name=_("kandidaat"), on_delete=models.CASCADE, related_name="voordrachten"
    )
    toestemming = models.ForeignKey(
        "werkzoekenden.Toestemming",
        verbose_name=_("toestemming"),
        on_delete=models.PROTECT,
        related_name="voordrachten",
        help_text=_("De toestemming van de kandidaat om het cv met deze werkgever te delen."),
    )
    toelichting = models.TextField(_("waarom deze kandidaat past"))
    instrumenten = models.ManyToManyField(
        "werkgevers.Instrument", verbose_name=_("instrumenten die kunnen gelden"), blank=True, related_name="+",
        db_table="matching_voordracht_instrumenten",
    )
    # Chosen by the accountmanager from what the kandidaat allows to share (Document.delen_met_werkgever).
    documenten = models.ManyToManyField(
        "werkzoekenden.Document", verbose_name=_("documenten die meegaan"), blank=True, related_name="voordrachten",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.VOORGEDRAGEN,
                              db_index=True)
    voorgedragen_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("voorgedragen door"), on_delete=models.PROTECT, related_name="+"
    )
    voorgedragen_op = models.DateTimeField(_("voorgedragen op"), default=timezone.now, db_index=True)
    gereageerd_op = models.DateTimeField(_("gereageerd op"), null=True, blank=True)
    reden = models.CharField(_("reden"), max_length=20, choices=Reden.choices, blank=True)
    reden_toelichting = models.TextField(_("toelichting op de reden"), blank=True)
    reden_delen_met_kandidaat = models.BooleanField(_("reden mag gedeeld worden met de kandidaat"), default=False)
    herinnering_verstuurd_op = models.DateTimeField(_("herinnering verstuurd op"), null=True, blank=True)
    # The werkgever hears of new voordrachten once a day, all in one mail (not one mail per kandidaat).
    werkgever_gemeld_op = models.DateTimeField(_("aan de werkgever gemeld op"), null=True, blank=True)
    # Closed as 'elders geplaatst': the voordracht on which the kandidaat was hired, so the texts can say where (at
    # the same werkgever too, where "bij een andere werkgever" was untrue). Never shown to another werkgever.
    geplaatst_via = models.ForeignKey("self", verbose_name=_("aangenomen via"), on_delete=models.SET_NULL,
                                      null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("voordracht")
        db_table = "matching_voordracht"
        verbose_name_plural = _("voordrachten")
        ordering = ["-voorgedragen_op"]
        constraints = [
            models.UniqueConstraint(
                fields=["vacature", "kandidaat"],
                condition=models.Q(status__in=["voorgedragen", "uitgenodigd", "gesprek_gepland"]),
                name="een_open_voordracht_per_kandidaat_per_vacature",
            ),
            keuze_constraint("status", VoordrachtStatus, name="voordracht_status_bekend"),
            keuze_constraint("reden", VoordrachtReden, leeg=True, name="voordracht_reden_bekend"),
            models.CheckConstraint(condition=~models.Q(status__in=MET_REDEN) | ~models.Q(reden=""),
                                   name="voordracht_afwijzing_met_reden"),
        ]
        indexes = [
            models.Index(fields=["status", "voorgedragen_op"]),
            # A vacature's voordrachten newest first (its page, a page at a time): a range of this index. With only
            # the index on voorgedragen_op, PostgreSQL walked every voordracht of the country newest first and kept
            # this vacature's (42,580 read for 26 of an older vacature: 35 ms).
            models.Index(fields=["vacature", "-voorgedragen_op", "-id"], name="voordracht_vacature_nieuwste"),
        ]

    # Whether this voordracht stopped without consent because the klantmanager closed the dossier
    # (``STAP_DOSSIER_GESLOTEN``): set by the page's read, ``bemiddeling.selectors.vervallingen_erbij`` or the
    # annotation of ``voordrachten_van_vacature``. Not read: no, which is what a withdrawn consent says.
    dossier_gesloten = False

    def __str__(self):
        return f"{self.kandidaat} voor {self.vacature.titel}"

    @property
    def is_open(self):
        return self.status in self.OPEN

    @property
    def status_weergave(self):
        """The status as staff read it: "Gestopt: toestemming ingetrokken" tells them the kandidaat withdrew it, which
        is untrue when closing the dossier ended the consent (``dossier_gesloten``)."""
        if self.status == VoordrachtStatus.ZONDER_TOESTEMMING and self.dossier_gesloten:
            return _("Gestopt: dossier gesloten")
        return self.get_status_display()

    @property
    def toestemming_gestopt_bij_afsluiten(self):
        """The consent this voordracht rested on is no longer active because the dossier closed, not because the
        kandidaat withdrew it: the voordracht stopped with the closing, or the consent says so (``bij_afsluiten``,
        which outlives a dossier opened again; its closing moment does not). A list reads the consent's field along."""
        return self.dossier_gesloten or self.toestemming.bij_afsluiten

    @property
    def opvolgende_accountmanager(self):
        """Who follows a voordracht up with the werkgever: the accountmanager who made it, unless that account is
        no longer active or the werkgever was handed over to another vaste accountmanager since; then the
        werkgever's vaste accountmanager (if any). A colleague's voordracht without a handover stays hers."""
        door, vaste = self.voorgedragen_door, self.vacature.werkgever.accountmanager
        if vaste is None or vaste.pk == door.pk:
            return door
        if not door.is_active:
            return vaste
        overgedragen = AccountmanagerToewijzing.objects.filter(
            werkgever_id=self.vacature.werkgever_id, accountmanager_id=vaste.pk, van__gt=self.voorgedragen_op).exists()
        return vaste if overgedragen else door


# The step to zonder_toestemming that closing the dossier gave (not a consent she withdrew), for a filter of
# VoordrachtTransitie: known by the consent's own mark (``Toestemming.bij_afsluiten``). The step's ``door`` (the
# klantmanager who closed it) said so before, and became empty when her account was deleted: the step then read as a
# consent the werkzoekende withdrew.
STAP_DOSSIER_GESLOTEN = models.Q(naar=VoordrachtStatus.ZONDER_TOESTEMMING, voordracht__toestemming__bij_afsluiten=True)


class VoordrachtTransitie(models.Model):
    voordracht = models.ForeignKey(Voordracht, on_delete=models.CASCADE, related_name="transities")
    van = models.CharField(_("van"), max_length=20, choices=Voordracht.Status.choices, blank=True)
    naar = models.CharField(_("naar"), max_length=20, choices=Voordracht.Status.choices)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("door"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    tijdstip = models.DateTimeField(_("tijdstip"), default=timezone.now)
    toelichting = models.CharField(_("toelichting"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("statuswijziging voordracht")
        db_table = "matching_voordrachttransitie"
        verbose_name_plural = _("statuswijzigingen voordrachten")
        ordering = ["tijdstip", "id"]
        constraints = [
            keuze_constraint("van", VoordrachtStatus, leeg=True, name="voordrachttransitie_van_bekend"),
            keuze_constraint("naar", VoordrachtStatus, name="voordrachttransitie_naar_bekend"),
        ]

    @property
    def dossier_gesloten(self):
        """The step that stopped the voordracht when the klantmanager closed the dossier (``STAP_DOSSIER_GESLOTEN``,
        as the lists read it): the voordracht is read along (the history reads its own steps through it)."""
        return (self.naar == VoordrachtStatus.ZONDER_TOESTEMMING
                and self.voordracht.toestemming.bij_afsluiten)

    @property
    def naar_weergave(self):
        """The step as the voordracht's history names it: the cause, not "toestemming ingetrokken", when closing the
        dossier stopped it (``Voordracht.status_weergave``)."""
        return _("Gestopt: dossier gesloten") if self.dossier_gesloten else self.get_naar_display()


class Sollicitatiegesprek(models.Model):
    voordracht = models.ForeignKey(Voordracht, on_delete=models.CASCADE, related_name="gesprekken")
    begint_op = models.DateTimeField(_("datum en tijd"))
    duur_minuten = models.PositiveSmallIntegerField(_("duur (minuten)"), default=60)
    locatie = models.CharField(_("plaats"), max_length=300)
    begeleider_gaat_mee = models.BooleanField(
        _("begeleider gaat mee"), default=False, help_text=_("De keuze van de kandidaat.")
    )
    voorbereiding = models.TextField(
        _("voorbereiding voor de kandidaat"), blank=True, help_text=_("Tips van de accountmanager.")
    )
    gepland_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("gepland door"), on_delete=models.PROTECT, related_name="+"
    )
    gepland_op = models.DateTimeField(_("gepland op"), default=timezone.now)
    ics_uid = models.CharField(max_length=100, unique=True)
    geannuleerd_op = models.DateTimeField(_("geannuleerd op"), null=True, blank=True,
                                          help_text=_("Gaat niet door; iedereen kreeg een annulering voor de agenda."))
    volgnummer = models.PositiveIntegerField(default=0, help_text=_("SEQUENCE in de agenda-uitnodiging."))

    class Meta:
        verbose_name = _("sollicitatiegesprek")
        db_table = "matching_sollicitatiegesprek"
        verbose_name_plural = _("sollicitatiegesprekken")
        ordering = ["-begint_op"]

    def __str__(self):
        return f"{self.voordracht} op {timezone.localtime(self.begint_op):%d-%m-%Y %H:%M}"


class Shortlist(models.Model):
    """The accountmanager's shortlist for one vacature: people to look at more closely, not yet proposed."""

    vacature = models.ForeignKey("werkgevers.Vacature", on_delete=models.CASCADE, related_name="shortlist")
    kandidaat = models.ForeignKey("werkzoekenden.Kandidaat", on_delete=models.CASCADE, related_name="+")
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    toegevoegd_op = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("shortlist")
        db_table = "matching_shortlist"
        verbose_name_plural = _("shortlists")
        constraints = [models.UniqueConstraint(fields=["vacature", "kandidaat"], name="uniek_op_shortlist")]


class Gespreksvoorbereiding(models.Model):
    """What the werkzoekende needs before a sollicitatiegesprek: about the werkgever and the vacature, questions
    to expect, what to bring, the journey, and a checklist to tick off. The klantmanager or the accountmanager
    fills it (either may edit; ``gewijzigd`` keeps who changed which part last); the werkgever never sees it.
    Made with a default checklist when the gesprek is planned; a moved gesprek keeps it, a cancelled one closes
    it (``gesloten_op``)."""

    # The parts staff write, in the order the page shows them (also the keys of ``gewijzigd``).
    TEKSTVELDEN = ("over_werkgever", "over_vacature", "vragen", "meenemen", "reis")

    gesprek = models.OneToOneField(Sollicitatiegesprek, on_delete=models.CASCADE,
                                   related_name="gespreksvoorbereiding")
    over_werkgever = models.TextField(_("over de werkgever"), blank=True)
    over_vacature = models.TextField(_("over het werk"), blank=True)
    vragen = models.TextField(_("vragen die je kunt verwachten"), blank=True)
    meenemen = models.TextField(_("wat neem je mee"), blank=True)
    reis = models.TextField(_("reis en tijd"), blank=True)
    # {deel: {"door": user id, "op": ISO time}}: who changed which part last ("punten" is the checklist).
    gewijzigd = models.JSONField(default=dict, blank=True)
    aangemaakt_op = models.DateTimeField(default=timezone.now)
    gesloten_op = models.DateTimeField(_("gesloten op"), null=True, blank=True,
                                       help_text=_("Het gesprek gaat niet door."))

    class Meta:
        verbose_name = _("voorbereiding op een gesprek")
        verbose_name_plural = _("voorbereidingen op gesprekken")

    def __str__(self):
        return f"Voorbereiding {self.gesprek}"

    @property
    def is_open(self):
        """Still to prepare for: not closed, the gesprek not cancelled and still to come, and the voordracht
        still at the gesprek (not withdrawn, not decided elsewhere)."""
        gesprek = self.gesprek
        return (self.gesloten_op is None and gesprek.geannuleerd_op is None and gesprek.begint_op > timezone.now()
                and gesprek.voordracht.status == VoordrachtStatus.GESPREK_GEPLAND)


class Voorbereidingspunt(models.Model):
    """One line of the checklist; the werkzoekende ticks it off (``afgevinkt_op``)."""

    voorbereiding = models.ForeignKey(Gespreksvoorbereiding, on_delete=models.CASCADE, related_name="punten")
    tekst = models.CharField(_("wat moet je doen"), max_length=200)
    volgorde = models.PositiveSmallIntegerField(default=0)
    afgevinkt_op = models.DateTimeField(_("afgevinkt op"), null=True, blank=True)

    class Meta:
        verbose_name = _("punt van de voorbereiding")
        verbose_name_plural = _("punten van de voorbereiding")
        ordering = ["volgorde", "pk"]
        constraints = [models.UniqueConstraint(fields=["voorbereiding", "tekst"], name="voorbereidingspunt_uniek")]

    def __str__(self):
        return self.tekst
