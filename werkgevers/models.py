from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Arbeidsmarktregio, Gemeente, Organisatie
from klantreis.lib.postcode import postcode_validator
from klantreis.lib.toestanden import keuze_constraint

VERVAL_TERMIJN = timedelta(days=90)

kvk_validator = RegexValidator(r"^\d{8}$", _("Een KvK-nummer bestaat uit precies 8 cijfers."))


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
    website = models.URLField(_("website"), blank=True)
    # Who to call at the company (the person who asked for help; may have no account).
    # The last contact of the WSP with the werkgever (first contact, a visit, an agreement, a message from the
    # accountmanager): "Mijn werkgevers" shows who has not heard from the WSP for a long time (relatiebeheer).
    laatste_contact_op = models.DateField(_("laatste contact"), null=True, blank=True)
    contactpersoon_naam = models.CharField(_("contactpersoon"), max_length=200, blank=True)
    contactpersoon_telefoon = models.CharField(_("telefoon contactpersoon"), max_length=20, blank=True)
    contactpersoon_email = models.EmailField(_("e-mail contactpersoon"), blank=True)
    # Bedrijfsprofiel, kept by the accountmanager after the kennismaking op locatie.
    activiteiten = models.TextField(_("wat doet het bedrijf"), blank=True)
    cultuur = models.TextField(_("cultuur en sfeer"), blank=True)
    zoekt = models.TextField(
        _("wat zoekt het bedrijf in mensen"), blank=True, help_text=_("Bijvoorbeeld motivatie, affiniteit met het vak.")
    )
    leidt_op = models.BooleanField(_("leidt zelf mensen op"), null=True, blank=True)
    open_doelgroepregister = models.BooleanField(_("staat open voor kandidaten uit het doelgroepregister"),
                                                 null=True, blank=True)
    open_tweede_kans = models.BooleanField(_("staat open voor een tweede kans"), null=True, blank=True,
                                           help_text=_("Bijvoorbeeld na detentie of lange werkloosheid."))
    profiel_bijgewerkt_op = models.DateTimeField(_("profiel bijgewerkt op"), null=True, blank=True)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("werkgever")
        verbose_name_plural = _("werkgevers")
        ordering = ["naam"]
        # The accountmanager's list of the werkgevers of their region, by name: a page read in this order from the
        # region's part of the index, not every werkgever of the region sorted for each page.
        indexes = [models.Index(fields=["regio", "naam", "id"], name="werkgever_regio_naam")]

    def __str__(self):
        return self.naam

    @property
    def is_mkb(self):
        return 5 <= self.aantal_medewerkers <= 50


class Contracttype(models.TextChoices):
    TIJDELIJK = "tijdelijk", _("Tijdelijk contract")
    VAST = "vast", _("Vast contract")
    UITZEND = "uitzend", _("Via uitzendbureau")
    WERKERVARING = "werkervaring", _("Werkervaringsplaats")


class Rijbewijs(models.TextChoices):
    GEEN = "", _("Niet nodig")
    B = "B", _("Rijbewijs B (auto)")
    C = "C", _("Rijbewijs C (vrachtwagen)")
    BE = "BE", _("Rijbewijs BE (aanhanger)")


class Taalniveau(models.TextChoices):
    GEEN = "", _("Geen eis")
    A1 = "A1", _("A1: een paar woorden")
    A2 = "A2", _("A2: eenvoudige gesprekken")
    B1 = "B1", _("B1: dagelijkse taal")
    B2 = "B2", _("B2: vloeiend op het werk")
    C1 = "C1", _("C1: zeer goed")


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
    beroep = models.ForeignKey("beroepen.Beroep", verbose_name=_("beroep"), on_delete=models.PROTECT,
                               null=True, blank=True, related_name="vacatures")
    vereiste_vaardigheden = models.ManyToManyField("beroepen.Vaardigheid", blank=True, related_name="+",
                                                   verbose_name=_("vereiste vaardigheden"))
    gewenste_vaardigheden = models.ManyToManyField("beroepen.Vaardigheid", blank=True, related_name="+",
                                                   verbose_name=_("gewenste vaardigheden"))
    contracttype = models.CharField(_("soort contract"), max_length=20, choices=Contracttype.choices,
                                    default=Contracttype.TIJDELIJK)
    startdatum = models.DateField(_("startdatum"), null=True, blank=True)
    rijbewijs = models.CharField(_("rijbewijs nodig"), max_length=5, choices=Rijbewijs.choices,
                                 default=Rijbewijs.GEEN, blank=True)
    taalniveau = models.CharField(_("taalniveau Nederlands"), max_length=2, choices=Taalniveau.choices,
                                  default=Taalniveau.GEEN, blank=True)
    open_voor_proefplaatsing = models.BooleanField(_("open voor een proefplaatsing"), default=True)
    aangemaakt_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                        blank=True, related_name="+")
    laatst_bevestigd_op = models.DateTimeField(
        _("laatst bijgewerkt of bevestigd"), default=timezone.now, db_index=True,
        help_text=_("Na 90 dagen zonder wijziging vragen we de werkgever of de vacature nog open is."),
    )
    bevestiging_gevraagd_op = models.DateTimeField(null=True, blank=True)
    externe_referentie = models.CharField(
        _("externe referentie"), max_length=50, blank=True,
        help_text=_("Het nummer in het eigen systeem; een nieuwe import werkt hiermee bij."))
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    gewijzigd_op = models.DateTimeField(_("gewijzigd op"), auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("vacature")
        verbose_name_plural = _("vacatures")
        ordering = ["-aangemaakt_op"]
        indexes = [
            models.Index(fields=["regio", "status"]),
            # The beheerder's list of every vacature, newest first (the admin adds -id for a fixed order), reads its
            # page from here instead of sorting them all (open and closed: they add up over the years).
            models.Index(fields=["-aangemaakt_op", "-id"], name="vacature_nieuwste"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["externe_referentie"], condition=~models.Q(externe_referentie=""),
                                    name="vacature_externe_referentie_uniek"),
        ]

    def __str__(self):
        return f"{self.titel} ({self.werkgever})"

    @property
    def verouderd(self):
        """Open and untouched for 90 days: ask the werkgever whether it is still open."""
        return self.status == self.Status.OPEN and self.laatst_bevestigd_op < timezone.now() - VERVAL_TERMIJN


class Vestiging(models.Model):
    werkgever = models.ForeignKey(Werkgever, verbose_name=_("werkgever"), on_delete=models.CASCADE,
                                  related_name="vestigingen")
    adres = models.CharField(_("straat en huisnummer"), max_length=200)
    postcode = models.CharField(_("postcode"), max_length=7, validators=[postcode_validator])
    plaats = models.CharField(_("plaats"), max_length=100)
    gemeente = models.ForeignKey(Gemeente, verbose_name=_("gemeente"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("vestiging")
        verbose_name_plural = _("vestigingen")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.adres}, {self.postcode} {self.plaats}"


class AccountmanagerToewijzing(models.Model):
    """History of who was the vaste accountmanager of a werkgever, and since when."""

    werkgever = models.ForeignKey(Werkgever, on_delete=models.CASCADE, related_name="toewijzingen")
    accountmanager = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                       verbose_name=_("accountmanager"))
    van = models.DateTimeField(_("vanaf"), default=timezone.now)
    tot = models.DateTimeField(_("tot"), null=True, blank=True)
    toegewezen_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                        related_name="+", verbose_name=_("toegewezen door"))
    reden = models.CharField(_("reden"), max_length=300, blank=True)
    # Set when she became the vaste accountmanager only by picking up this verzoek (``verzoek_oppakken``): not yet a
    # relation. Closed without contact, it never became one, and the retention may wipe the asker from the werkgever
    # (``privacy.bewaren``, category ``werkgever_zonder_relatie``).
    verzoek = models.ForeignKey("Verzoek", verbose_name=_("bij het oppakken van verzoek"), on_delete=models.SET_NULL,
                                null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("toewijzing accountmanager")
        verbose_name_plural = _("toewijzingen accountmanager")
        ordering = ["-van"]

    def __str__(self):
        return f"{self.werkgever}, vaste accountmanager sinds {timezone.localtime(self.van):%d-%m-%Y}"


class VerzoekSluitreden(models.TextChoices):
    """Why a verzoek was closed without contact (``Verzoek.Sluitreden``)."""

    # Called and mailed without an answer: the werkgever did not get the promised call (the monitor counts it).
    NIET_BEREIKBAAR = "niet_bereikbaar", _("Niet bereikbaar")
    # Spam, a werkzoekende on the werkgevers' form, a question for another desk: it was never a verzoek.
    GEEN_VRAAG = "geen_vraag", _("Geen vraag voor het WSP")


class Verzoek(models.Model):
    """A werkgever asks the WSP for help: the start of the 24-hour promise."""

    class Kanaal(models.TextChoices):
        WEBFORMULIER = "web", _("Webformulier")
        TELEFOON = "telefoon", _("Telefoon (centraal nummer)")

    class Status(models.TextChoices):
        NIEUW = "nieuw", _("Wacht op contact")
        CONTACT = "contact", _("Contact opgenomen")
        GESLOTEN = "gesloten", _("Gesloten zonder contact")

    Sluitreden = VerzoekSluitreden

    werkgever = models.ForeignKey(Werkgever, verbose_name=_("werkgever"), on_delete=models.CASCADE,
                                  related_name="verzoeken")
    regio = models.ForeignKey(Arbeidsmarktregio, verbose_name=_("arbeidsmarktregio"), on_delete=models.PROTECT,
                              related_name="verzoeken")
    accountmanager = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("accountmanager"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="verzoeken",
        help_text=_("Leeg: het verzoek staat in de wachtrij van de regio."),
    )
    kanaal = models.CharField(_("kanaal"), max_length=10, choices=Kanaal.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.NIEUW,
                              db_index=True)
    contactpersoon = models.CharField(_("contactpersoon"), max_length=200)
    telefoon = models.CharField(_("telefoonnummer"), max_length=20)
    email = models.EmailField(_("e-mailadres"))
    vraag = models.TextField(_("vraag"))
    ontvangen_op = models.DateTimeField(_("ontvangen op"), default=timezone.now)
    deadline = models.DateTimeField(_("uiterlijk contact op"), db_index=True)
    herinnering_verstuurd_op = models.DateTimeField(_("herinnering verstuurd op"), null=True, blank=True)
    geescaleerd_op = models.DateTimeField(_("geëscaleerd op"), null=True, blank=True)
    contact_opgenomen_op = models.DateTimeField(_("contact opgenomen op"), null=True, blank=True)
    contact_opgenomen_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                               blank=True, related_name="+")
    contact_notitie = models.TextField(_("verslag van het eerste contact"), blank=True)
    # Closed without contact (``verzoek_sluiten``): who could not be reached, or what was no question for the WSP.
    gesloten_op = models.DateTimeField(_("gesloten op"), null=True, blank=True)
    gesloten_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="+")
    sluitreden = models.CharField(_("reden van sluiten"), max_length=20, choices=Sluitreden.choices, blank=True)
    sluit_toelichting = models.TextField(_("toelichting bij het sluiten"), blank=True)
    geregistreerd_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                           blank=True, related_name="+",
                                           help_text=_("Bij een telefoontje: wie het vastlegde."))

    class Meta:
        verbose_name = _("verzoek")
        verbose_name_plural = _("verzoeken")
        ordering = ["deadline"]
        indexes = [models.Index(fields=["regio", "status", "deadline"])]
        constraints = [
            keuze_constraint("sluitreden", VerzoekSluitreden, name="verzoek_sluitreden_bekend", leeg=True),
            # A closed verzoek says when and why: the retention counts from gesloten_op, the monitor reads the reason.
            models.CheckConstraint(condition=~models.Q(status="gesloten")
                                   | (models.Q(gesloten_op__isnull=False) & ~models.Q(sluitreden="")),
                                   name="verzoek_gesloten_met_moment_en_reden"),
        ]

    def __str__(self):
        return f"{self.werkgever} ({timezone.localtime(self.ontvangen_op):%d-%m-%Y %H:%M})"

    @property
    def tijd_over(self):
        return self.deadline - timezone.now()

    @property
    def te_laat(self):
        return self.status == self.Status.NIEUW and self.deadline < timezone.now()

    @property
    def is_open(self):
        """Still waiting for a call: contact can be recorded, or it can be closed without contact."""
        return self.status == self.Status.NIEUW


class Verzoekaanvulling(models.Model):
    """Someone asked again through the public form while the company's verzoek was still open. The public answer is
    the same as for a first verzoek (whether a company asked the WSP is not told to whoever types its KvK-nummer), so
    the question is kept here, with who asked, for the accountmanager who calls about the open verzoek."""

    verzoek = models.ForeignKey(Verzoek, on_delete=models.CASCADE, related_name="aanvullingen")
    ontvangen_op = models.DateTimeField(_("ontvangen op"), default=timezone.now)
    bedrijfsnaam = models.CharField(_("bedrijfsnaam zoals ingevuld"), max_length=200)
    contactpersoon = models.CharField(_("contactpersoon"), max_length=200)
    telefoon = models.CharField(_("telefoonnummer"), max_length=20)
    email = models.EmailField(_("e-mailadres"))
    vraag = models.TextField(_("vraag"))
    # When the verzoek's contact is recorded, each asker is accounted for (``verzoek_contact_opgenomen``): called or
    # discussed in that call, or still to call, and then a verzoek of their own in the queue with the deadline they
    # were promised. Only the day's first question is mailed: without this, a later asker could be promised a call
    # and forgotten when the first one was called.
    gebeld_op = models.DateTimeField(_("gebeld op"), null=True, blank=True)
    vervolgverzoek = models.ForeignKey(Verzoek, verbose_name=_("nieuw verzoek"), on_delete=models.SET_NULL,
                                       null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("aanvulling op een verzoek")
        verbose_name_plural = _("aanvullingen op verzoeken")
        ordering = ["ontvangen_op", "pk"]

    def __str__(self):
        return f"{self.verzoek} ({timezone.localtime(self.ontvangen_op):%d-%m-%Y %H:%M})"


class Bedrijfsbezoek(models.Model):
    werkgever = models.ForeignKey(Werkgever, on_delete=models.CASCADE, related_name="bezoeken")
    bezocht_op = models.DateField(_("datum bezoek"))
    accountmanager = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    verslag = models.TextField(_("verslag"))
    vastgelegd_op = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("bedrijfsbezoek")
        verbose_name_plural = _("bedrijfsbezoeken")
        ordering = ["-bezocht_op", "-pk"]


class Afspraak(models.Model):
    """An agreement with the werkgever (what, who, by when), confirmed by e-mail."""

    werkgever = models.ForeignKey(Werkgever, on_delete=models.CASCADE, related_name="afspraken")
    wat = models.TextField(_("wat spreken we af"))
    wie = models.CharField(_("wie doet het"), max_length=200)
    uiterlijk = models.DateField(_("uiterlijk op"), null=True, blank=True)
    vastgelegd_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    vastgelegd_op = models.DateTimeField(default=timezone.now, db_index=True)
    bevestiging_verstuurd_op = models.DateTimeField(null=True, blank=True)
    plaatsing = models.ForeignKey("plaatsingen.Plaatsing", on_delete=models.CASCADE, null=True, blank=True,
                                  related_name="nazorgafspraken", help_text=_("Een nazorg-afspraak bij een plaatsing."))
    # The form's one-time key (``klantreis.lib.forms.FormuliersleutelField``): the same page sent twice is one afspraak.
    formuliersleutel = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("afspraak")
        verbose_name_plural = _("afspraken")
        ordering = ["-vastgelegd_op", "-pk"]
        constraints = [models.UniqueConstraint(fields=["werkgever", "formuliersleutel"],
                                               condition=models.Q(formuliersleutel__isnull=False),
                                               name="afspraak_formuliersleutel_eenmalig")]


class Tijdlijnregel(models.Model):
    """One event on the werkgever's timeline; services write them, the tijdlijn page reads them."""

    class Soort(models.TextChoices):
        VERZOEK = "verzoek", _("Verzoek")
        CONTACT = "contact", _("Contact")
        BEZOEK = "bezoek", _("Bedrijfsbezoek")
        PROFIEL = "profiel", _("Bedrijfsprofiel")
        AFSPRAAK = "afspraak", _("Afspraak")
        VACATURE = "vacature", _("Vacature")
        VOORDRACHT = "voordracht", _("Voordracht")
        REACTIE = "reactie", _("Reactie werkgever")
        GESPREK = "gesprek", _("Sollicitatiegesprek")
        PLAATSING = "plaatsing", _("Plaatsing")
        OVEREENKOMST = "overeenkomst", _("Overeenkomst")
        ACCOUNTMANAGER = "accountmanager", _("Vaste accountmanager")

    werkgever = models.ForeignKey(Werkgever, on_delete=models.CASCADE, related_name="tijdlijn")
    tijdstip = models.DateTimeField(default=timezone.now, db_index=True)
    soort = models.CharField(max_length=20, choices=Soort.choices)
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+")
    tekst = models.CharField(max_length=500)
    voor_werkgever = models.BooleanField(default=True, help_text=_("Ziet de werkgever deze regel ook?"))

    class Meta:
        verbose_name = _("tijdlijnregel")
        verbose_name_plural = _("tijdlijn")
        ordering = ["-tijdstip", "-pk"]
        indexes = [models.Index(fields=["werkgever", "tijdstip"])]

    @property
    def door_naam(self):
        """Who did it, for the line's "door ...", when the text does not already say so: "Contact opgenomen door
        Sanne Jansen." needs no second Sanne Jansen behind it."""
        naam = self.door.get_full_name() if self.door_id else ""
        return "" if naam in self.tekst else naam


# The regeling of the proefplaatsing itself (werkgevers.referentiedata). The portal knows it by this name: it ends
# with the proefplaatsing, and its state is the akkoord of UWV or the gemeente on the plaatsing (plaatsingen).
PROEFPLAATSING_INSTRUMENT = "Proefplaatsing"


class Instrument(models.Model):
    """A werkgeversinstrument from the instrumentengids, managed by the beheerder."""

    naam = models.CharField(_("naam"), max_length=100, unique=True)
    samenvatting = models.CharField(_("in het kort"), max_length=300)
    voorwaarden = models.TextField(_("belangrijkste voorwaarden"))
    voor_wie = models.CharField(_("voor wie"), max_length=300)
    aanvragen_bij = models.CharField(_("aan te vragen bij"), max_length=200)
    actief = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("instrument")
        verbose_name_plural = _("instrumentengids")
        ordering = ["naam"]

    def __str__(self):
        return self.naam

    def clean(self):
        """The name of the regeling Proefplaatsing stays as it is, and no other regeling takes it: the portal knows
        that regeling by its name (before, renaming it in the admin gave it an aanvraag of its own beside the
        akkoord, and let it go on to a contract)."""
        was = type(self).objects.filter(pk=self.pk).values_list("naam", flat=True).first() if self.pk else None
        was_het = was is not None and was.lower() == PROEFPLAATSING_INSTRUMENT.lower()
        wordt_het = self.naam.strip().lower() == PROEFPLAATSING_INSTRUMENT.lower()
        if was_het and not wordt_het:
            raise ValidationError({"naam": _(
                "De naam van de regeling %(naam)s blijft zoals hij is: het portaal koppelt er het akkoord van UWV of "
                "de gemeente aan. Pas de uitleg aan, of zet de regeling op niet actief.") % {"naam": was}})
        # A regeling renamed to it would hide its own aanvragen; entered anew it is fine, when it was deleted (only
        # possible while no plaatsing had it).
        if wordt_het and not was_het and (self.pk is not None or type(self).objects.filter(
                naam__iexact=PROEFPLAATSING_INSTRUMENT).exists()):
            raise ValidationError({"naam": _("%(naam)s is de naam van de regeling bij een proefplaatsing. Kies een "
                                             "andere naam.") % {"naam": self.naam}})
