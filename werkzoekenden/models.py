import secrets
from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce, Concat, Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Arbeidsmarktregio, Gemeente
from klantreis.lib.namen import sorteernaam
from klantreis.lib.postcode import postcode_validator

# Crockford's base32: no I, L, O or U, so a code read aloud on the phone is not misheard.
PSEUDONIEM_TEKENS = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def nieuw_pseudoniem() -> str:
    """A random code that names a kandidaat shown anonymously ("Kandidaat K-7QF3X-M2A9P"): 50 random bits, not
    derived from the database id, so it says nothing about how many kandidaten there are or who came when."""
    tekens = "".join(secrets.choice(PSEUDONIEM_TEKENS) for _i in range(10))
    return f"K-{tekens[:5]}-{tekens[5:]}"


class Opleidingsniveau(models.TextChoices):
    BASIS = "basis", _("Basisonderwijs")
    VMBO = "vmbo", _("vmbo / mbo 1")
    MBO = "mbo", _("mbo 2-4")
    HAVO_VWO = "havo_vwo", _("havo / vwo")
    HBO = "hbo", _("hbo")
    WO = "wo", _("wo")


class Contactvoorkeur(models.TextChoices):
    APP = "app", _("Appen")
    MAIL = "mail", _("Mailen")
    BELLEN = "bellen", _("Bellen")


class SoortContact(models.TextChoices):
    TELEFONISCH = "telefonisch", _("Telefonisch")
    FACE_TO_FACE = "face_to_face", _("Persoonlijk")  # B1 Dutch, not the English "face-to-face"
    ZELFSTANDIG = "zelfstandig", _("Zelfstandig (zelf aan de slag, met hulp als ik erom vraag)")

    @classmethod
    def voor_medewerker(cls, waarde):
        """The label on staff pages: the werkzoekende chooses "met hulp als ik erom vraag" in her own words; the
        klantmanager does not read an "ik" that is not her."""
        if waarde == cls.ZELFSTANDIG:
            return _("Zelfstandig (met hulp als de werkzoekende erom vraagt)")
        return cls(waarde).label if waarde in cls.values else waarde

    @classmethod
    def keuzes_voor_medewerker(cls):
        return [(waarde, cls.voor_medewerker(waarde)) for waarde in cls.values]


class Afsluitreden(models.TextChoices):
    WERK = "werk", _("Uitgestroomd naar werk")
    OPLEIDING = "opleiding", _("Begonnen met een opleiding")
    VERHUISD = "verhuisd", _("Verhuisd naar een andere gemeente")
    GEEN_UITKERING = "geen_uitkering", _("Geen uitkering meer en geen hulp meer nodig")
    EIGEN_VERZOEK = "eigen_verzoek", _("Op eigen verzoek gestopt")
    ANDERS = "anders", _("Andere reden")


# The caseload's sort key "langst geen contact": never contacted comes first.
NOOIT_GEBELD = date(1900, 1, 1)
# ... and "evaluatie eerst" puts plans without an evaluation date last.
GEEN_EVALUATIE = date(9999, 12, 31)


class Kandidaat(models.Model):
    """A werkzoekende the WSP helps into work (WW or bijstand); their digital dossier starts here."""

    class Uitkering(models.TextChoices):
        WW = "ww", _("WW")
        BIJSTAND = "bijstand", _("Bijstand (Participatiewet)")
        ANDERS = "anders", _("Andere uitkering")
        GEEN = "geen", _("Geen uitkering")

    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="kandidaat",
        limit_choices_to={"rol": "werkzoekende"},
    )
    voornaam = models.CharField(_("voornaam"), max_length=100)
    achternaam = models.CharField(_("achternaam"), max_length=150, db_index=True)
    # How the kandidaat is named where the name may not be shown (matches, shortlist, rank output).
    pseudoniem = models.CharField(_("pseudoniem"), max_length=16, unique=True, editable=False,
                                  default=nieuw_pseudoniem)
    # The achternaam without tussenvoegsel, lower case ("de Boer" -> "boer"): lists sort on it. Kept by save().
    sorteernaam = models.CharField(_("sorteernaam"), max_length=150, editable=False, default="")
    # First name and surname in upper case, kept by the database itself: what a search by name looks in
    # (``werkzoekenden.selectors.op_naam_gezocht``), without upper-casing every name of a caseload per search.
    zoektekst = models.GeneratedField(
        expression=Upper(Concat("voornaam", models.Value(" "), "achternaam")),
        output_field=models.CharField(max_length=251), db_persist=True, verbose_name=_("zoektekst"))
    email = models.EmailField(_("e-mailadres"), blank=True)
    telefoon = models.CharField(_("telefoonnummer"), max_length=20, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, validators=[postcode_validator])
    gemeente = models.ForeignKey(
        Gemeente, verbose_name=_("woonplaats (gemeente)"), on_delete=models.PROTECT, related_name="kandidaten"
    )
    # Indexed with the id (``kandidaat_regio``, below), not alone.
    regio = models.ForeignKey(
        Arbeidsmarktregio, verbose_name=_("arbeidsmarktregio"), on_delete=models.PROTECT, related_name="kandidaten",
        db_index=False,
    )
    uitkering = models.CharField(_("uitkering"), max_length=20, choices=Uitkering.choices, db_index=True)
    werkfit = models.BooleanField(_("werkfit"), default=True, db_index=True)
    klantmanager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vaste klantmanager"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="caseload",
        limit_choices_to={"rol": "klantmanager"},
    )
    # Matching profile: what a werkgever may see once the kandidaat consents (never age, health, origin).
    samenvatting = models.TextField(_("over mij"), blank=True)
    opleidingsniveau = models.CharField(_("opleidingsniveau"), max_length=20, choices=Opleidingsniveau.choices,
                                        blank=True)
    werkervaring = models.TextField(_("werkervaring"), blank=True, help_text=_("Eén functie per regel."))
    vaardigheden = models.ManyToManyField("beroepen.Vaardigheid", blank=True, related_name="kandidaten",
                                          verbose_name=_("vaardigheden"))
    doelgroepregister = models.BooleanField(_("in het doelgroepregister"), default=False)
    doelgroepregister_van = models.DateField(_("doelgroepregister vanaf"), null=True, blank=True)
    doelgroepregister_tot = models.DateField(_("doelgroepregister tot"), null=True, blank=True)
    # Wishes: what the werkzoekende wants, not only what they did before ("niet in mijn oude straatje").
    gewenste_beroepen = models.ManyToManyField("beroepen.Beroep", blank=True, related_name="+",
                                               verbose_name=_("gewenste beroepen"))
    gewenste_uren = models.PositiveSmallIntegerField(_("gewenste uren per week"), null=True, blank=True)
    max_reisafstand_km = models.PositiveSmallIntegerField(_("maximale reisafstand (km)"), null=True, blank=True)
    gewenst_contracttype = models.CharField(_("gewenst soort contract"), max_length=20, blank=True)
    beschikbaar_per = models.DateField(_("beschikbaar vanaf"), null=True, blank=True)
    rijbewijs = models.CharField(_("rijbewijs"), max_length=5, blank=True)
    talen = models.CharField(_("talen"), max_length=200, blank=True, help_text=_("Bijvoorbeeld: Nederlands B1, Pools"))
    contactvoorkeur = models.CharField(_("hoe wil je bereikt worden"), max_length=10, choices=Contactvoorkeur.choices,
                                       default=Contactvoorkeur.BELLEN)
    soort_contact = models.CharField(_("soort contact in deze fase"), max_length=15, choices=SoortContact.choices,
                                     default=SoortContact.FACE_TO_FACE, db_index=True)
    laatste_contact_op = models.DateField(_("laatste contact"), null=True, blank=True, db_index=True)
    # The first day this kandidaat needs attention on the caseload (no contact for 30 days, an action past its
    # date, the plan's evaluation due); empty: nothing planned that will. Kept by ``aandacht_bijwerken`` after
    # every save of the kandidaat, its plan or an action, so counting a caseload's attention is an index range
    # (klantmanager, aandacht_vanaf <= today), never the three conditions over every row (docs/benchmarks.md).
    aandacht_vanaf = models.DateField(_("vraagt aandacht vanaf"), null=True, blank=True, editable=False)
    # The plan's next evaluation, copied by the same function, so "evaluatie eerst" sorts without a join.
    volgende_evaluatie = models.DateField(_("volgende evaluatie"), null=True, blank=True, editable=False)
    # The uploaded cv lives in the default storage (MEDIA_ROOT or a private bucket, docs/scaling.md), which no URL
    # serves: only the permission-checked views do.
    cv = models.FileField(_("cv"), upload_to="cv/", blank=True)
    cv_bestandsnaam = models.CharField(_("bestandsnaam cv"), max_length=200, blank=True)
    cv_geupload_op = models.DateTimeField(_("cv geüpload op"), null=True, blank=True)
    # The one-time key of the cv page that stored this cv (klantreis.lib.forms.FormuliersleutelField): that page sent
    # again with the same file (a double click) is this cv, not a second upload; another visit, or another file, is.
    cv_formuliersleutel = models.UUIDField(null=True, blank=True, editable=False)
    externe_referentie = models.CharField(
        _("externe referentie"), max_length=50, blank=True,
        help_text=_("Het nummer in het eigen systeem van UWV of gemeente; een nieuwe import werkt hiermee bij."))
    # Closing a dossier (the klantmanager, with a reason) starts the retention period (privacy.bewaren):
    # after it the dossier is anonymised, the cv deleted earlier still.
    afgesloten_op = models.DateTimeField(_("afgesloten op"), null=True, blank=True, db_index=True)
    afsluitreden = models.CharField(_("reden van afsluiten"), max_length=20, choices=Afsluitreden.choices, blank=True)
    geanonimiseerd_op = models.DateTimeField(_("geanonimiseerd op"), null=True, blank=True, db_index=True)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    # Moved forward by every change that matters for matching (also skills, wishes and consent, see
    # matching.signals): each web process brings its matching index up to date from this column.
    gewijzigd_op = models.DateTimeField(_("gewijzigd op"), auto_now=True, db_index=True)
    # The new-dossier form's one-time key (klantreis.lib.forms.FormuliersleutelField): that page sent again is this
    # dossier, not a second one; another visit to the form is another dossier, also with the same name and address.
    formuliersleutel = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("kandidaat")
        verbose_name_plural = _("kandidaten")
        ordering = ["achternaam", "voornaam"]
        constraints = [
            models.UniqueConstraint(fields=["externe_referentie"], condition=~models.Q(externe_referentie=""),
                                    name="kandidaat_externe_referentie_uniek"),
            models.UniqueConstraint(fields=["formuliersleutel"], condition=models.Q(formuliersleutel__isnull=False),
                                    name="kandidaat_formuliersleutel_eenmalig"),
        ]
        permissions = [("waarnemen_kandidaat", _("Kan dossier waarnemen (collega vervangen)"))]
        indexes = [
            # The caseload page: one klantmanager's rows in name order, read page by page (keyset). On PostgreSQL
            # it also holds ``zoektekst`` (INCLUDE, migration 0020): a name search of a team's caseload reads the
            # index alone.
            models.Index(fields=["klantmanager", "sorteernaam", "voornaam", "id"], name="kandidaat_caseload_naam"),
            # ... and for a team's combined caseload (waarneming): the name order over all rows, filtered.
            models.Index(fields=["sorteernaam", "voornaam", "id"], name="kandidaat_naamvolgorde"),
            # ... and "langst geen contact" first, and the attention count (docs/benchmarks.md, "Caseload").
            models.Index(fields=["klantmanager", "laatste_contact_op", "id"], name="kandidaat_caseload_contact"),
            # "langst geen contact" over a team's caseload: the sort key of werkzoekenden.selectors (no NULLs).
            models.Index(Coalesce("laatste_contact_op", models.Value(NOOIT_GEBELD)), models.F("sorteernaam"),
                         models.F("id"), name="kandidaat_contactvolgorde"),
            models.Index(Coalesce("volgende_evaluatie", models.Value(GEEN_EVALUATIE)), models.F("sorteernaam"),
                         models.F("id"), name="kandidaat_evaluatievolgorde"),
            models.Index(fields=["klantmanager", "aandacht_vanaf"], name="kandidaat_caseload_aandacht"),
            # How many open (or closed) dossiers a caseload holds (the page counts them on every visit), from this
            # index alone, on PostgreSQL and SQLite (migration 0031).
            models.Index(fields=["klantmanager", "afgesloten_op"], name="kandidaat_caseload_status"),
            # The region's kandidaten (the foreign key's lookups), and one kandidaat by id within a region: "Wie past
            # erbij?" looks up who shared their profile with one werkgever only, over the whole country, and reads
            # only those of the vacature's region from the table (migration 0022).
            models.Index(fields=["regio", "id"], name="kandidaat_regio"),
        ]

    def __str__(self):
        return f"{self.voornaam} {self.achternaam}"

    def soort_contact_voor_medewerker(self):
        return SoortContact.voor_medewerker(self.soort_contact)

    @property
    def anoniem(self):
        return _("Kandidaat %(code)s") % {"code": self.pseudoniem}

    def save(self, *args, **kwargs):
        nieuw = self._state.adding
        if nieuw:
            # 50 bits make a clash rare, not impossible: draw again rather than fail on the unique index.
            while Kandidaat.objects.filter(pseudoniem=self.pseudoniem).exists():
                self.pseudoniem = nieuw_pseudoniem()
            self.aandacht_nieuw()
        self.sorteernaam = sorteernaam(self.achternaam)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "achternaam" in update_fields:
            kwargs["update_fields"] = {*update_fields, "sorteernaam"}
        super().save(*args, **kwargs)
        if not nieuw and (update_fields is None or "laatste_contact_op" in update_fields):
            aandacht_bijwerken([self.pk])

    @property
    def bewaard_tot(self):
        """For a closed dossier: (the day the cv and documents go, the first day the rest can be anonymised), as
        ``privacy.bewaren`` does it; None while open. The second moves on while a plaatsing still runs: the period
        starts when the last one ends as well."""
        if self.afgesloten_op is None:
            return None
        dicht = timezone.localdate(self.afgesloten_op)
        return (dicht + timedelta(days=settings.BEWAARTERMIJNEN["cv"]),
                dicht + timedelta(days=settings.BEWAARTERMIJNEN["dossier"]))

    @property
    def contact_nodig_vanaf(self):
        """The first day the caseload asks for contact (``aandacht_datum``); None: never contacted, so always."""
        return None if self.laatste_contact_op is None else contact_aandacht_vanaf(self.laatste_contact_op)

    def aandacht_nieuw(self):
        """The attention dates of a new kandidaat, set before its INSERT: with no plan and no action yet (they refer
        to the kandidaat, so come after it) they follow from the last contact alone. What ``aandacht_bijwerken``
        would compute after the INSERT, without its read and UPDATE (two queries per new kandidaat)."""
        contact = self._meta.get_field("laatste_contact_op").to_python(self.laatste_contact_op)  # as stored
        self.aandacht_vanaf = aandacht_datum(laatste_contact_op=contact, evaluatiedatum=None,
                                             eerste_open_uiterlijk=None)
        self.volgende_evaluatie = None


class Toestemming(models.Model):
    """Consent of a werkzoekende for one purpose. Active while not withdrawn; every change is logged."""

    class Doel(models.TextChoices):
        DELEN_MET_WERKGEVER = "werkgever", _("Cv en profiel delen met een werkgever")
        DELEN_MET_DERDE = "derde", _("Gegevens delen met een derde partij")
        VINDBAAR = "vindbaar", _("Anoniem vindbaar voor accountmanagers in mijn regio")

    kandidaat = models.ForeignKey(Kandidaat, on_delete=models.CASCADE, related_name="toestemmingen")
    doel = models.CharField(_("doel"), max_length=20, choices=Doel.choices)
    werkgever = models.ForeignKey("werkgevers.Werkgever", verbose_name=_("werkgever"), on_delete=models.CASCADE,
                                  null=True, blank=True, related_name="toestemmingen")
    class Wijze(models.TextChoices):
        PORTAAL = "portaal", _("zelf in het portaal")
        GESPREK = "gesprek", _("mondeling in een gesprek")
        TELEFOON = "telefoon", _("telefonisch")
        SCHRIFTELIJK = "schriftelijk", _("schriftelijk (op papier of per mail)")

    derde_partij = models.CharField(_("derde partij"), max_length=200, blank=True)
    # How and when the werkzoekende said yes: themselves in the portal, or to their klantmanager, who records it.
    # Empty: not recorded (consent recorded by staff before this was asked, or by an import).
    wijze = models.CharField(_("hoe gegeven"), max_length=15, choices=Wijze.choices, blank=True)
    gegeven_op = models.DateField(_("gegeven op (datum)"), null=True, blank=True)
    verleend_op = models.DateTimeField(_("gegeven op"), default=timezone.now)
    verleend_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                      related_name="+", verbose_name=_("vastgelegd door"))
    ingetrokken_op = models.DateTimeField(_("ingetrokken op"), null=True, blank=True, db_index=True)
    ingetrokken_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                         blank=True, related_name="+")
    # It ended because the dossier closed (``dossier_afsluiten``), not because she withdrew it: stored, since the
    # dossier's closing moment is gone once it opens again, and a second closing comes after the first one's consents.
    # db_default too: the demo's bulk and the benchmarks insert consents with SQL of their own.
    bij_afsluiten = models.BooleanField(_("gestopt doordat het dossier sloot"), default=False, db_default=False)

    class Meta:
        verbose_name = _("toestemming")
        verbose_name_plural = _("toestemmingen")
        ordering = ["-verleend_op"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(doel="werkgever") | models.Q(werkgever__isnull=False),
                name="toestemming_werkgever_noemt_werkgever",
            ),
            models.UniqueConstraint(
                fields=["kandidaat", "doel", "werkgever"],
                condition=models.Q(ingetrokken_op__isnull=True, doel="werkgever"),
                name="een_actieve_toestemming_per_werkgever",
            ),
        ]
        # "Does this kandidaat consent to X right now?" is asked for every matching proposal.
        indexes = [models.Index(fields=["kandidaat", "doel"], condition=models.Q(ingetrokken_op__isnull=True),
                                name="actieve_toestemming"),
                   # "Who shared their profile with this werkgever only?", asked with every ranking of its vacatures:
                   # answered from this index alone, not one table row per kandidaat (migration 0022).
                   models.Index(fields=["werkgever", "kandidaat"],
                                condition=models.Q(doel="werkgever", ingetrokken_op__isnull=True),
                                name="toestemming_voor_werkgever")]

    def __str__(self):
        return f"{self.kandidaat}: {self.wat}"

    @property
    def wat(self):
        """What the consent is for, with whom, as a person writes it, without the werkzoekende's name ("gegevens
        delen met Schuldhulp Arnhem"): for a melding, a button, a page that already says whose it is."""
        if self.doel == self.Doel.DELEN_MET_WERKGEVER and self.werkgever_id:
            return _("cv en profiel delen met %(w)s") % {"w": self.werkgever.naam}
        if self.doel == self.Doel.DELEN_MET_DERDE and self.derde_partij:
            return _("gegevens delen met %(p)s") % {"p": self.derde_partij}
        if self.doel == self.Doel.VINDBAAR:
            return _("zonder naam vindbaar voor accountmanagers in de regio")
        return str(self.get_doel_display()).lower()

    @property
    def actief(self):
        return self.ingetrokken_op is None


class Levensdomein(models.TextChoices):
    WERK = "werk", _("Werk")
    SCHOLING = "scholing", _("Scholing")
    FINANCIEN = "financien", _("Geld en schulden")
    GEZONDHEID = "gezondheid", _("Gezondheid")
    ZORG = "zorg", _("Zorg en ondersteuning (WMO)")
    KINDEROPVANG = "kinderopvang", _("Kinderopvang")
    MOBILITEIT = "mobiliteit", _("Vervoer")
    TAAL = "taal", _("Taal")


class PlanVanAanpak(models.Model):
    """The integraal plan van aanpak: one per kandidaat, owned together by the werkzoekende and the klantmanager."""

    kandidaat = models.OneToOneField(Kandidaat, on_delete=models.CASCADE, related_name="plan")
    evaluatiedatum = models.DateField(_("volgende evaluatie"), null=True, blank=True, db_index=True)
    aangemaakt_op = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("plan van aanpak")
        verbose_name_plural = _("plannen van aanpak")

    def __str__(self):
        return f"Plan van aanpak {self.kandidaat}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        aandacht_bijwerken([self.kandidaat_id])


class Actie(models.Model):
    """One step in the plan: who does it, by when, and whether it is done."""

    class Eigenaar(models.TextChoices):
        IK = "ik", _("Ik")
        CONTACTPERSOON = "contactpersoon", _("Mijn contactpersoon")
        DERDE = "derde", _("Een andere organisatie")

    class Status(models.TextChoices):
        OPEN = "open", _("Nog te doen")
        BEZIG = "bezig", _("Bezig")
        KLAAR = "klaar", _("Klaar")

    plan = models.ForeignKey(PlanVanAanpak, on_delete=models.CASCADE, related_name="acties")
    levensdomein = models.CharField(_("onderwerp"), max_length=20, choices=Levensdomein.choices)
    doel = models.CharField(_("doel"), max_length=300, help_text=_("Wat wil je bereiken?"))
    omschrijving = models.CharField(_("wat moet er gebeuren"), max_length=500)
    eigenaar = models.CharField(_("wie doet het"), max_length=20, choices=Eigenaar.choices)
    derde_partij = models.CharField(_("welke organisatie"), max_length=200, blank=True,
                                    help_text=_("Bijvoorbeeld schuldhulpverlening of het WMO-loket."))
    uiterlijk = models.DateField(_("klaar op"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True)
    notitie = models.TextField(_("notitie"), blank=True)
    # Optimistic locking: a save carries the version it started from; a stale version is refused.
    versie = models.PositiveIntegerField(default=1)
    gewijzigd_op = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("actie")
        verbose_name_plural = _("acties")
        ordering = ["status", "uiterlijk", "pk"]

    def __str__(self):
        return self.omschrijving

    @property
    def over_datum(self):
        """Still to do while its day has passed (the caseload's "Acties over datum", for one action)."""
        return self.status != self.Status.KLAAR and self.uiterlijk is not None and self.uiterlijk < timezone.localdate()

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        aandacht_bijwerken(Kandidaat.objects.filter(plan__pk=self.plan_id).values("pk"))

    def delete(self, *args, **kwargs):
        plan_id = self.plan_id
        resultaat = super().delete(*args, **kwargs)
        aandacht_bijwerken(Kandidaat.objects.filter(plan__pk=plan_id).values("pk"))
        return resultaat


class PlanWijziging(models.Model):
    """History of the plan: every change, by whom, with the text before and after."""

    plan = models.ForeignKey(PlanVanAanpak, on_delete=models.CASCADE, related_name="wijzigingen")
    actie = models.ForeignKey(Actie, on_delete=models.SET_NULL, null=True, blank=True, related_name="wijzigingen")
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    tijdstip = models.DateTimeField(default=timezone.now, db_index=True)
    omschrijving = models.CharField(max_length=500)
    voor = models.TextField(blank=True)
    na = models.TextField(blank=True)

    class Meta:
        ordering = ["-tijdstip", "-pk"]


class KlantmanagerToewijzing(models.Model):
    """Who was the vaste klantmanager, since when; a warme overdracht carries its note."""

    kandidaat = models.ForeignKey(Kandidaat, on_delete=models.CASCADE, related_name="toewijzingen")
    klantmanager = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Her organisation when she was assigned: a beheerder may move her to another one later, and whether UWV handed
    # the dossier to the gemeente (``portaal.waar_sta_ik``) is about then, not now. Empty: she had none.
    organisatie = models.ForeignKey("accounts.Organisatie", verbose_name=_("organisatie"), on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")
    van = models.DateTimeField(default=timezone.now)
    tot = models.DateTimeField(null=True, blank=True)
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    overdrachtsnotitie = models.TextField(_("overdrachtsnotitie"), blank=True)

    class Meta:
        ordering = ["-van", "-pk"]

    def __str__(self):
        return f"{self.kandidaat}, vaste klantmanager sinds {timezone.localtime(self.van):%d-%m-%Y}"


class DossierToegang(models.Model):
    """Access to one dossier for a colleague klantmanager outside the relation (a colleague who covers one
    werkzoekende, a klantmanager of the gemeente beside UWV's): why, until when, given and ended by whom.

    What opens the dossier is the django-guardian grant (``werkzoekenden.permissions.WAARNEMEN``), never this row:
    it holds what the pages show and what the expiry sweep needs. ``werkzoekenden.toegang`` writes both in one
    transaction. A klantmanager of another organisation needs the werkzoekende's consent (``toestemming``):
    withdrawing it ends the access."""

    class Einde(models.TextChoices):
        BEEINDIGD = "beeindigd", _("beëindigd door de klantmanager")
        VERLOPEN = "verlopen", _("einddatum voorbij")
        TOESTEMMING_INGETROKKEN = "toestemming", _("toestemming ingetrokken")
        DOSSIER_GESLOTEN = "gesloten", _("dossier gesloten")
        OVERGEDRAGEN = "overgedragen", _("dossier overgedragen")
        # The dossier was handed over to the colleague herself: she holds it now as its vaste klantmanager, so her
        # access for a task is moot (nobody is told it ended: she did not lose the dossier).
        NU_VASTE_KLANTMANAGER = "nu_vast", _("nu vaste klantmanager")
        # The colleague left, or her organisation or role changed (``accounts.GEBRUIKER_GEWIJZIGD``): the access was
        # given to her as a klantmanager of that organisation.
        COLLEGA_VERTROKKEN = "vertrokken", _("collega vertrokken of van organisatie of rol gewisseld")

    kandidaat = models.ForeignKey(Kandidaat, on_delete=models.CASCADE, related_name="toegangen")
    klantmanager = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("collega"), on_delete=models.PROTECT,
                                     related_name="dossiertoegangen")
    reden = models.CharField(_("waarom"), max_length=200)
    tot = models.DateField(_("tot en met"))
    gegeven_door = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("gegeven door"),
                                     on_delete=models.SET_NULL, null=True, related_name="+")
    gegeven_op = models.DateTimeField(_("gegeven op"), default=timezone.now)
    toestemming = models.ForeignKey(Toestemming, verbose_name=_("toestemming"), on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="dossiertoegangen")
    beeindigd_op = models.DateTimeField(_("beëindigd op"), null=True, blank=True)
    beeindigd_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                       related_name="+")
    einde = models.CharField(_("waarom beëindigd"), max_length=15, choices=Einde.choices, blank=True)

    class Meta:
        verbose_name = _("toegang tot een dossier")
        verbose_name_plural = _("toegang tot dossiers")
        ordering = ["tot", "pk"]
        constraints = [
            # One running access per colleague and dossier: giving it again changes that one (a new end date).
            models.UniqueConstraint(fields=["kandidaat", "klantmanager"], condition=models.Q(beeindigd_op__isnull=True),
                                    name="een_lopende_dossiertoegang"),
            models.CheckConstraint(condition=models.Q(beeindigd_op__isnull=True, einde="")
                                   | models.Q(beeindigd_op__isnull=False) & ~models.Q(einde=""),
                                   name="dossiertoegang_einde_met_reden"),
        ]
        indexes = [
            # The dossier's list of who has access now; the colleague's list of dossiers shared with her.
            models.Index(fields=["kandidaat", "tot"], condition=models.Q(beeindigd_op__isnull=True),
                         name="dossiertoegang_lopend"),
            models.Index(fields=["klantmanager", "tot"], condition=models.Q(beeindigd_op__isnull=True),
                         name="dossiertoegang_van_collega"),
            # The expiry sweep: the running ones whose end date is past.
            models.Index(fields=["tot"], condition=models.Q(beeindigd_op__isnull=True),
                         name="dossiertoegang_verloopt"),
        ]

    def __str__(self):
        return f"{self.kandidaat}: {self.klantmanager} tot {self.tot}"

    @property
    def lopend(self):
        return self.beeindigd_op is None


def een_maand_later(datum):
    """The same day one calendar month later, or the month's last day (31 January -> 28/29 February).

    AVG art. 12(3): a request of the data subject is answered "within one month of receipt"."""
    jaar, maand = (datum.year + 1, 1) if datum.month == 12 else (datum.year, datum.month + 1)
    for dag in (datum.day, 30, 29, 28):
        try:
            return datum.replace(year=jaar, month=maand, day=dag)
        except ValueError:
            continue
    raise AssertionError("unreachable")


class Rechtenverzoek(models.Model):
    """A request of the werkzoekende to correct, delete, restrict or object (AVG art. 16, 17, 18, 21).

    It becomes a task for the klantmanager with the legal deadline (one calendar month); after the deadline
    the coordinator gets one too. The werkzoekende sees the status and the answer in the portal."""

    class Soort(models.TextChoices):
        CORRECTIE = "correctie", _("Iets verbeteren")
        VERWIJDERING = "verwijdering", _("Iets verwijderen")
        BEPERKING = "beperking", _("Iets tijdelijk niet meer gebruiken")
        BEZWAAR = "bezwaar", _("Bezwaar maken tegen hoe mijn gegevens gebruikt worden")

    class Status(models.TextChoices):
        ONTVANGEN = "ontvangen", _("Ontvangen")
        IN_BEHANDELING = "in_behandeling", _("In behandeling")
        AFGEHANDELD = "afgehandeld", _("Afgehandeld")

    class Uitkomst(models.TextChoices):
        GEDAAN = "gedaan", _("Gedaan zoals gevraagd")
        DEELS = "deels", _("Voor een deel gedaan")
        NIET = "niet", _("Niet gedaan")

    kandidaat = models.ForeignKey(Kandidaat, on_delete=models.CASCADE, related_name="rechtenverzoeken")
    soort = models.CharField(_("wat wil je"), max_length=20, choices=Soort.choices)
    wat = models.TextField(_("over welke gegevens gaat het"))
    wens = models.TextField(_("wat moet het worden, of waarom"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ONTVANGEN,
                              db_index=True)
    ingediend_op = models.DateTimeField(_("ingediend op"), default=timezone.now)
    uiterlijk = models.DateField(_("uiterlijk beantwoord op"), db_index=True)
    in_behandeling_op = models.DateTimeField(_("in behandeling sinds"), null=True, blank=True)
    afgehandeld_op = models.DateTimeField(_("afgehandeld op"), null=True, blank=True)
    afgehandeld_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                         related_name="+", verbose_name=_("afgehandeld door"))
    uitkomst = models.CharField(_("uitkomst"), max_length=10, choices=Uitkomst.choices, blank=True)
    antwoord = models.TextField(_("antwoord"), blank=True)
    geescaleerd_op = models.DateTimeField(_("doorgezet naar coördinator op"), null=True, blank=True)

    class Meta:
        verbose_name = _("verzoek over gegevens")
        verbose_name_plural = _("verzoeken over gegevens")
        ordering = ["-ingediend_op", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(soort__in=["correctie", "verwijdering", "beperking", "bezwaar"]),
                                   name="rechtenverzoek_soort_geldig"),
            models.CheckConstraint(
                condition=~models.Q(status="afgehandeld") | (models.Q(afgehandeld_op__isnull=False) & ~models.Q(
                    uitkomst="")),
                name="rechtenverzoek_afgehandeld_heeft_uitkomst"),
        ]
        indexes = [models.Index(fields=["uiterlijk"], condition=~models.Q(status="afgehandeld"),
                                name="rechtenverzoek_open")]

    def __str__(self):
        return f"{self.get_soort_display()} ({self.ingediend_op:%d-%m-%Y})"

    @property
    def open(self):
        return self.status != self.Status.AFGEHANDELD
class ToestemmingVerzoek(models.Model):
    """An accountmanager asks a werkzoekende (in the portal, not by phone via the klantmanager) whether their
    profile may be shared with one werkgever for one vacature. A yes becomes the real ``Toestemming``."""

    class Status(models.TextChoices):
        GEVRAAGD = "gevraagd", _("Gevraagd")
        VERLEEND = "verleend", _("Toestemming gegeven")
        GEWEIGERD = "geweigerd", _("Geen toestemming")
        VERVALLEN = "vervallen", _("Vervallen")

    class Gegeven(models.TextChoices):
        NAAM_EN_PROFIEL = "profiel", _("je naam en je profiel (werkervaring, vaardigheden, opleiding)")
        CV = "cv", _("je cv")
        CONTACTGEGEVENS = "contact", _("je telefoonnummer en e-mailadres")

    kandidaat = models.ForeignKey(Kandidaat, on_delete=models.CASCADE, related_name="toestemmingsverzoeken")
    werkgever = models.ForeignKey("werkgevers.Werkgever", verbose_name=_("werkgever"), on_delete=models.CASCADE,
                                  related_name="toestemmingsverzoeken")
    vacature = models.ForeignKey("werkgevers.Vacature", verbose_name=_("vacature"), on_delete=models.CASCADE,
                                 related_name="toestemmingsverzoeken")
    gevraagd_door = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("gevraagd door"),
                                      on_delete=models.PROTECT, related_name="+")
    # What the werkgever would see: a list of ``Gegeven`` values, always including the profile.
    delen = models.JSONField(_("wat wordt gedeeld"), default=list)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.GEVRAAGD)
    gevraagd_op = models.DateTimeField(_("gevraagd op"), default=timezone.now)
    beantwoord_op = models.DateTimeField(_("beantwoord op"), null=True, blank=True)
    beantwoord_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                        related_name="+")
    reden = models.CharField(_("reden (mag leeg)"), max_length=500, blank=True)
    toestemming = models.ForeignKey(Toestemming, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="verzoeken")

    class Meta:
        verbose_name = _("vraag om toestemming")
        verbose_name_plural = _("vragen om toestemming")
        ordering = ["-gevraagd_op", "-pk"]
        constraints = [
            # One open question per kandidaat per werkgever: asking twice does not ask twice.
            models.UniqueConstraint(fields=["kandidaat", "werkgever"], condition=models.Q(status="gevraagd"),
                                    name="een_open_toestemmingsverzoek_per_werkgever"),
            models.CheckConstraint(condition=models.Q(status__in=["gevraagd", "verleend", "geweigerd", "vervallen"]),
                                   name="toestemmingsverzoek_status_bekend"),
            models.CheckConstraint(condition=models.Q(status="gevraagd") | models.Q(beantwoord_op__isnull=False),
                                   name="toestemmingsverzoek_beantwoord_met_tijdstip"),
        ]
        indexes = [models.Index(fields=["kandidaat", "status"], name="toestemmingsverzoek_open"),
                   models.Index(fields=["status", "gevraagd_op"], name="toestemmingsverzoek_leeftijd")]

    def __str__(self):
        return f"{self.kandidaat}: delen met {self.werkgever} ({self.get_status_display()})"

    @property
    def is_open(self):
        return self.status == self.Status.GEVRAAGD

    def gedeelde_gegevens(self):
        labels = dict(self.Gegeven.choices)
        return [labels[g] for g in self.Gegeven.values if g in self.delen]


# --- attention on the caseload (denormalised, see Kandidaat.aandacht_vanaf) --------------------------------

CONTACT_TERMIJN = timedelta(days=30)
# Without any contact date a kandidaat needs attention from the start: a date before any real one.
ALTIJD = date(2000, 1, 1)


def contact_aandacht_vanaf(laatste_contact_op):
    """No contact for more than ``CONTACT_TERMIJN``: from this day on."""
    return laatste_contact_op + CONTACT_TERMIJN + timedelta(days=1)


def aandacht_datum(*, laatste_contact_op, evaluatiedatum, eerste_open_uiterlijk):
    """The first day on which one of the caseload's attention rules holds (``caseload_gefilterd``): no contact
    for more than 30 days, an open action past its date, the evaluation date reached. The caseload's rows name each
    rule that holds (``werkzoekenden/_caseload_rijen.html``)."""
    kandidaten = [ALTIJD if laatste_contact_op is None else contact_aandacht_vanaf(laatste_contact_op)]
    if evaluatiedatum is not None:
        kandidaten.append(evaluatiedatum)
    if eerste_open_uiterlijk is not None:
        kandidaten.append(eerste_open_uiterlijk + timedelta(days=1))
    return min(kandidaten)


def kandidaten_toevoegen(kandidaten, *, batch=1000):
    """What ``Kandidaat.save()`` does for one new kandidaat, for many at once (an import): each a pseudonym no one
    has (drawn again on a clash with the database or with another of the same call), the sort key of the surname
    and the attention dates (``Kandidaat.aandacht_nieuw``), one INSERT per ``batch``. Saved one by
    one, a new kandidaat cost four round trips and two compiled querysets: 3-4 ms each, 40 s for an import of
    10,000. The post_save receivers (matching.signals) do nothing for a new row. Returns the kandidaten, with pks."""
    kandidaten = list(kandidaten)
    for kandidaat in kandidaten:
        kandidaat.sorteernaam = sorteernaam(kandidaat.achternaam)
        kandidaat.aandacht_nieuw()
    gekozen, open_ = set(), kandidaten
    while open_:
        bezet = set()
        for begin in range(0, len(open_), batch):
            bezet.update(Kandidaat.objects.filter(pseudoniem__in=[k.pseudoniem for k in open_[begin:begin + batch]])
                         .values_list("pseudoniem", flat=True))
        opnieuw = []
        for kandidaat in open_:
            if kandidaat.pseudoniem in bezet or kandidaat.pseudoniem in gekozen:
                kandidaat.pseudoniem = nieuw_pseudoniem()
                opnieuw.append(kandidaat)
            else:
                gekozen.add(kandidaat.pseudoniem)
        open_ = opnieuw
    Kandidaat.objects.bulk_create(kandidaten, batch_size=batch)
    return kandidaten


def aandacht_bijwerken(kandidaat_ids, *, batch=5000):
    """Recompute ``aandacht_vanaf`` and ``volgende_evaluatie`` for these kandidaten (a list or a values("pk")
    queryset): one read per batch and one UPDATE per distinct outcome (few: the dates repeat). Called after a
    save of the kandidaat, its plan or an action, after closing or reopening the dossier, and by bulk loaders. A
    closed dossier has no attention date (the caseload's count reads the index alone and leaves it out)."""
    ids = list(kandidaat_ids.values_list("pk", flat=True)) if hasattr(kandidaat_ids, "values_list") else list(
        kandidaat_ids)
    for begin in range(0, len(ids), batch):
        deel = ids[begin:begin + batch]
        rijen = Kandidaat.objects.filter(pk__in=deel).annotate(
            eerste_open=models.Min("plan__acties__uiterlijk", filter=~models.Q(plan__acties__status=Actie.Status.KLAAR))
        ).values_list("pk", "laatste_contact_op", "plan__evaluatiedatum", "eerste_open", "aandacht_vanaf",
                      "volgende_evaluatie", "afgesloten_op")
        per_waarde = {}
        for pk, contact, evaluatie, eerste_open, nu, evaluatie_nu, afgesloten_op in rijen:
            # A closed dossier asks for nothing: nobody calls a werkzoekende who left, so it would be flagged for ever.
            nieuw = None if afgesloten_op is not None else aandacht_datum(
                laatste_contact_op=contact, evaluatiedatum=evaluatie, eerste_open_uiterlijk=eerste_open)
            if (nieuw, evaluatie) != (nu, evaluatie_nu):
                per_waarde.setdefault((nieuw, evaluatie), []).append(pk)
        for (datum, evaluatie), pks in per_waarde.items():
            # Only while the dossier is still as it was read, open (a date) or closed (none): a closing or reopening
            # not yet committed at the read holds the row, and PostgreSQL checks this again once it has committed.
            Kandidaat.objects.filter(pk__in=pks, afgesloten_op__isnull=datum is not None).update(
                aandacht_vanaf=datum, volgende_evaluatie=evaluatie)
class DocumentSoort(models.TextChoices):
    DIPLOMA = "diploma", _("Diploma")
    CERTIFICAAT = "certificaat", _("Certificaat")
    MOTIVATIEBRIEF = "motivatiebrief", _("Motivatiebrief")
    REFERENTIE = "referentie", _("Referentie")
    OVERIG = "overig", _("Iets anders")


class Document(models.Model):
    """A document of the werkzoekende besides the cv (which stays ``Kandidaat.cv``): a diploma, a certificate
    with its expiry date, a motivatiebrief, a reference. Checked and cleaned like the cv
    (``klantreis.lib.bestanden``); stored through the default storage, which no URL serves.

    ``delen_met_werkgever`` is the werkzoekende's own choice: only such a document can go along with a voordracht,
    and only while it stays on (switched off, the werkgever's download is 404)."""

    Soort = DocumentSoort

    kandidaat = models.ForeignKey(Kandidaat, on_delete=models.CASCADE, related_name="documenten")
    soort = models.CharField(_("soort document"), max_length=20, choices=DocumentSoort.choices)
    titel = models.CharField(_("naam van het document"), max_length=150, blank=True,
                             help_text=_("Bijvoorbeeld: VCA basis, diploma mbo 2 logistiek."))
    bestand = models.FileField(_("bestand"), upload_to="documenten/")
    bestandsnaam = models.CharField(_("bestandsnaam"), max_length=200)
    bestandssoort = models.CharField(_("pdf of docx"), max_length=4)
    grootte = models.PositiveIntegerField(_("grootte (bytes)"), default=0)
    verloopt_op = models.DateField(_("verloopt op"), null=True, blank=True)
    delen_met_werkgever = models.BooleanField(_("mag mee bij een voordracht"), default=False)
    geupload_op = models.DateTimeField(_("geüpload op"), default=timezone.now)
    geupload_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="+", verbose_name=_("geüpload door"))
    # Set once the reminder "verloopt binnenkort" went out (the claim: one reminder per certificate).
    herinnerd_op = models.DateTimeField(_("herinnering verstuurd op"), null=True, blank=True)
    # The upload form's one-time key (klantreis.lib.forms.FormuliersleutelField): the same page sent again is this
    # document, not a second one.
    formuliersleutel = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documenten")
        ordering = ["soort", "-geupload_op", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(soort__in=DocumentSoort.values), name="document_soort_bekend"),
            models.CheckConstraint(condition=models.Q(verloopt_op__isnull=True) | models.Q(soort="certificaat"),
                                   name="document_alleen_certificaat_verloopt"),
            models.UniqueConstraint(fields=["kandidaat", "formuliersleutel"],
                                    condition=models.Q(formuliersleutel__isnull=False),
                                    name="document_formuliersleutel_eenmalig"),
        ]
        indexes = [
            models.Index(fields=["kandidaat", "soort"], name="document_kandidaat_soort"),
            # The daily sweep: certificates that expire soon and were not reminded of yet.
            models.Index(fields=["verloopt_op"], condition=models.Q(herinnerd_op__isnull=True),
                         name="document_herinnering_open"),
        ]

    def __str__(self):
        return self.naam

    @property
    def naam(self):
        return self.titel or str(self.get_soort_display())

    @property
    def verlopen(self):
        return self.verloopt_op is not None and self.verloopt_op < timezone.localdate()

    @property
    def verloopt_binnenkort(self):
        return (self.verloopt_op is not None and not self.verlopen
                and self.verloopt_op <= timezone.localdate() + timedelta(weeks=DOCUMENT_HERINNERING_WEKEN))


# A certificate's holder and klantmanager hear this many weeks before it expires (documenten_herinneren).
DOCUMENT_HERINNERING_WEKEN = 6


class Caseloadoverdracht(models.Model):
    """A klantmanager leaves or changes team: a beheerder hands her open dossiers to colleagues of her organisation in
    one go. The plan (which dossier to whom) is fixed when it is confirmed, one ``CaseloadoverdrachtDossier`` each; a
    worker then moves them as a warme overdracht does, one transaction per dossier, so a run that stops halfway
    goes on where it was and never moves a dossier twice."""

    class Status(models.TextChoices):
        BEZIG = "bezig", _("Bezig")
        KLAAR = "klaar", _("Klaar")

    van = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("vertrekkende klantmanager"),
                            on_delete=models.PROTECT, related_name="+")
    organisatie = models.ForeignKey("accounts.Organisatie", on_delete=models.PROTECT, null=True, related_name="+")
    notitie = models.TextField(_("overdrachtsnotitie"))
    gestart_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    gestart_op = models.DateTimeField(default=timezone.now)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.BEZIG)
    # When a worker last moved (or skipped) one of its dossiers: the sweep starts a run again that stood still.
    bijgewerkt_op = models.DateTimeField(default=timezone.now)
    klaar_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("caseloadoverdracht")
        verbose_name_plural = _("caseloadoverdrachten")
        ordering = ["-gestart_op", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=["bezig", "klaar"]),
                                   name="caseloadoverdracht_status_bekend"),
            # A double click, or two beheerders at once: one running handover per klantmanager.
            models.UniqueConstraint(fields=["van"], condition=models.Q(status="bezig"),
                                    name="caseloadoverdracht_een_tegelijk"),
        ]
        indexes = [models.Index(fields=["status", "bijgewerkt_op"], name="caseloadoverdracht_lopend")]

    def __str__(self):
        return f"{self.van} ({timezone.localtime(self.gestart_op):%d-%m-%Y %H:%M})"


class CaseloadoverdrachtDossier(models.Model):
    """One dossier of a ``Caseloadoverdracht`` and the colleague it goes to."""

    class Status(models.TextChoices):
        OPEN = "open", _("Nog niet overgedragen")
        OVERGEDRAGEN = "overgedragen", _("Overgedragen")
        # Between the plan and the worker, someone else moved or closed it, or moving it failed: it stays where it
        # is now (``reden`` says why).
        OVERGESLAGEN = "overgeslagen", _("Overgeslagen")

    class Reden(models.TextChoices):
        AL_OVERGEDRAGEN = "al_overgedragen", _("Intussen al door iemand anders overgedragen")
        GESLOTEN = "gesloten", _("Intussen gesloten")
        ONTVANGER_WEG = "ontvanger_weg", _("De collega is niet meer actief bij deze organisatie")
        # Moving it raised an error (bad data of an import, a bug) CASELOAD_POGINGEN times: the run goes on with the
        # others, and the beheerder sees this one on the status page (the error is in the log, never on the page).
        MISLUKT = "mislukt", _("Overdragen mislukte door een fout")

    overdracht = models.ForeignKey(Caseloadoverdracht, on_delete=models.CASCADE, related_name="dossiers")
    kandidaat = models.ForeignKey(Kandidaat, on_delete=models.CASCADE, related_name="+")
    naar = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=15, choices=Status.choices, default=Status.OPEN)
    reden = models.CharField(_("waarom overgeslagen"), max_length=20, choices=Reden.choices, blank=True)
    # Failed attempts to move it; at CASELOAD_POGINGEN it is skipped with reden MISLUKT.
    pogingen = models.PositiveSmallIntegerField(default=0)
    verwerkt_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=["open", "overgedragen", "overgeslagen"]),
                                   name="caseloadoverdracht_dossier_status_bekend"),
            # Once per run. A dossier may wait in two runs (handed by hand to a colleague who then leaves too): the
            # one whose klantmanager no longer holds it skips it (``_waarom_niet_overdragen``).
            models.UniqueConstraint(fields=["overdracht", "kandidaat"], name="caseloadoverdracht_dossier_eenmaal"),
        ]
        indexes = [models.Index(fields=["overdracht", "status", "id"], name="caseloadoverdracht_te_doen")]

    def __str__(self):
        # Listed where a colleague's account cannot be deleted (she received this dossier): the person, not
        # "CaseloadoverdrachtDossier object (7)".
        return f"{self.kandidaat} ({self.get_status_display().lower()})"
