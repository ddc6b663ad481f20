from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.base_session import AbstractBaseSession
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, When
from django.db.models.functions import Concat, Lower, Substr, Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Arbeidsmarktregio(models.Model):
    """One of the 35 arbeidsmarktregio's of CBS; each has one Werkgeversservicepunt."""

    code = models.CharField(_("code"), max_length=4, unique=True, help_text=_("CBS-code, bijv. AM21"))
    naam = models.CharField(_("naam"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("arbeidsmarktregio")
        verbose_name_plural = _("arbeidsmarktregio's")
        ordering = ["naam"]

    def __str__(self):
        return self.naam


# A Dutch list files "'s-Hertogenbosch" under H and "'s-Gravenhage" under G: the leading "'s-" or "'t " is
# passed over, as a reader looks for the name (and as the CBS lists do). Case does not count either.
GEMEENTE_VOLGORDE = Lower(Case(
    *(When(naam__startswith=begin, then=Substr("naam", len(begin) + 1)) for begin in ("'s-", "'s ", "'t-", "'t ")),
    default=F("naam")))


class Gemeente(models.Model):
    code = models.CharField(_("code"), max_length=6, unique=True, help_text=_("CBS-code, bijv. GM0200"))
    naam = models.CharField(_("naam"), max_length=100, db_index=True)
    provincie = models.CharField(_("provincie"), max_length=50, blank=True)
    regio = models.ForeignKey(
        Arbeidsmarktregio,
        verbose_name=_("arbeidsmarktregio"),
        on_delete=models.PROTECT,
        related_name="gemeenten",
    )
    lat = models.FloatField(_("breedtegraad"), null=True, blank=True)
    lon = models.FloatField(_("lengtegraad"), null=True, blank=True)

    class Meta:
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")
        ordering = [GEMEENTE_VOLGORDE, "naam"]

    def __str__(self):
        return self.naam


class Postcodegebied(models.Model):
    """A 4-digit postcode area with its centre, for travel distances and finding the gemeente."""

    pc4 = models.CharField(_("postcode (4 cijfers)"), max_length=4, unique=True)
    lat = models.FloatField()
    lon = models.FloatField()
    woonplaatsen = models.CharField(max_length=300, blank=True)
    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="postcodegebieden")

    class Meta:
        verbose_name = _("postcodegebied")
        verbose_name_plural = _("postcodegebieden")
        ordering = ["pc4"]

    def __str__(self):
        return self.pc4


class Organisatie(models.Model):
    class Soort(models.TextChoices):
        WSP = "wsp", _("Werkgeversservicepunt")
        GEMEENTE = "gemeente", _("Gemeente")
        UWV = "uwv", _("UWV-vestiging")
        WERKGEVER = "werkgever", _("Werkgever")

    naam = models.CharField(_("naam"), max_length=200, db_index=True)
    soort = models.CharField(_("soort"), max_length=20, choices=Soort.choices, db_index=True)
    regio = models.ForeignKey(
        Arbeidsmarktregio,
        verbose_name=_("arbeidsmarktregio"),
        on_delete=models.PROTECT,
        related_name="organisaties",
    )
    gemeente = models.ForeignKey(
        Gemeente,
        verbose_name=_("gemeente"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisaties",
        help_text=_("Voor een gemeentelijke organisatie: welke gemeente."),
    )
    telefoon = models.CharField(_("telefoonnummer"), max_length=20, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["naam"]
        constraints = [
            # One Werkgeversservicepunt per arbeidsmarktregio.
            models.UniqueConstraint(
                fields=["regio"], condition=models.Q(soort="wsp"), name="een_wsp_per_regio"
            ),
        ]

    def __str__(self):
        return self.naam

    def clean(self):
        if self.soort == self.Soort.GEMEENTE and self.gemeente is None:
            raise ValidationError({"gemeente": _("Kies de gemeente van deze gemeentelijke organisatie.")})
        if self.gemeente_id and self.regio_id and self.gemeente.regio_id != self.regio_id:
            raise ValidationError({"gemeente": _(
                "%(gemeente)s hoort bij arbeidsmarktregio %(hoort_bij)s, niet bij %(gekozen)s. Kies een gemeente van "
                "%(gekozen)s, of de regio %(hoort_bij)s.") % {
                    "gemeente": self.gemeente.naam, "hoort_bij": self.gemeente.regio, "gekozen": self.regio}})


class Rol(models.TextChoices):
    BEHEERDER = "beheerder", _("Beheerder")
    ACCOUNTMANAGER = "accountmanager", _("Accountmanager")
    KLANTMANAGER = "klantmanager", _("Klantmanager")
    WERKGEVER = "werkgever", _("Werkgever")
    WERKZOEKENDE = "werkzoekende", _("Werkzoekende")
    # The programme (Programmaraad, landelijk): reads the klantreis monitor of every region, only aggregates;
    # nothing personal anywhere in the portal. Staff for the second factor and the session limits.
    PROGRAMMA = "programma", _("Programma (landelijk)")


STAFF_ROLLEN = (Rol.BEHEERDER, Rol.ACCOUNTMANAGER, Rol.KLANTMANAGER, Rol.PROGRAMMA)

# Why someone with this role looked at or changed a werkzoekende's data, as the werkzoekende reads it on "Wie heeft
# mijn gegevens bekeken" (B1, "je"). The ``doel`` a line of the verwerkingenlog keeps is mostly what was done
# ("afspraak bekijken", "dossier bijwerken"), which that page shows under "Wat" already. "": the portal itself (a
# line without an account: an import, the bewaartermijn).
WAAROM_PER_ROL = {
    Rol.KLANTMANAGER: _("om je te begeleiden naar werk"),
    Rol.ACCOUNTMANAGER: _("om je in contact te brengen met werkgevers die mensen zoeken"),
    Rol.WERKGEVER: _("om te kijken of je bij hun vacature past, of om je op je werk te begeleiden"),
    Rol.BEHEERDER: _("om het portaal te beheren en je te helpen met je account"),
    Rol.PROGRAMMA: _("om te volgen hoe de hulp bij werk gaat"),
    Rol.WERKZOEKENDE: _("om je eigen gegevens te bekijken"),
    "": _("om je gegevens volgens de regels bij te houden"),
}

# Which organisation kinds a role may belong to.
TOEGESTANE_ORGANISATIES = {
    Rol.BEHEERDER: {Organisatie.Soort.WSP, Organisatie.Soort.GEMEENTE, Organisatie.Soort.UWV},
    Rol.ACCOUNTMANAGER: {Organisatie.Soort.WSP, Organisatie.Soort.GEMEENTE, Organisatie.Soort.UWV},
    Rol.KLANTMANAGER: {Organisatie.Soort.GEMEENTE, Organisatie.Soort.UWV},
    Rol.WERKGEVER: {Organisatie.Soort.WERKGEVER},
    Rol.WERKZOEKENDE: set(),
    Rol.PROGRAMMA: {Organisatie.Soort.WSP, Organisatie.Soort.GEMEENTE, Organisatie.Soort.UWV},
}


# Between the columns of ``User.zoektekst``: a control character (ASCII unit separator) that no form takes and no
# one types, so a searched phrase never spans two columns, as in Django's search of each column apart.
ZOEKTEKST_SCHEIDING = "\x1f"


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("Een e-mailadres is verplicht.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        """A superuser is a beheerder; the first beheerder of an installation is made this way."""
        extra_fields.update(is_staff=True, is_superuser=True, rol=Rol.BEHEERDER)
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in. E-mail is the login; one role; staff belong to one region."""

    email = models.EmailField(_("e-mailadres"), unique=True)
    voornaam = models.CharField(_("voornaam"), max_length=100, blank=True)
    achternaam = models.CharField(_("achternaam"), max_length=150, blank=True)
    # E-mail address, first name and surname in upper case, between them a character no search word holds
    # (ZOEKTEKST_SCHEIDING), kept by the database itself: what the beheerder's search of the users looks in
    # (accounts.admin.UserAdmin), without upper-casing three columns of every user per search. On PostgreSQL the
    # name index carries it (migration 0016), so a search of two letters is counted and paged from that index alone.
    zoektekst = models.GeneratedField(
        expression=Upper(Concat("email", models.Value(ZOEKTEKST_SCHEIDING), "voornaam",
                                models.Value(ZOEKTEKST_SCHEIDING), "achternaam")),
        output_field=models.CharField(max_length=506), db_persist=True, verbose_name=_("zoektekst"))
    telefoon = models.CharField(_("telefoonnummer"), max_length=20, blank=True)
    rol = models.CharField(_("rol"), max_length=20, choices=Rol.choices, db_index=True)
    organisatie = models.ForeignKey(
        Organisatie,
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="medewerkers",
    )
    regio = models.ForeignKey(
        Arbeidsmarktregio,
        verbose_name=_("arbeidsmarktregio"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="medewerkers",
        help_text=_("Medewerkers horen bij één arbeidsmarktregio."),
    )
    is_staff = models.BooleanField(
        _("toegang tot beheer"),
        default=False,
        help_text=_("Wordt automatisch gezet voor beheerders."),
    )
    is_active = models.BooleanField(_("actief"), default=True)
    date_joined = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    uitgenodigd_door = models.ForeignKey(
        "self",
        verbose_name=_("uitgenodigd door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uitgenodigd_op = models.DateTimeField(_("uitgenodigd op"), null=True, blank=True, db_index=True)
    waarnemer = models.ForeignKey(
        "self", verbose_name=_("wordt vervangen door"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="waargenomen",
        help_text=_("Een collega van dezelfde organisatie die de caseload waarneemt (bij verlof of ziekte)."),
    )
    # The colleague she chose as waarnemer, while that colleague is away herself and passed this waarneming on to
    # her own waarnemer (then ``waarnemer``): it goes back to her when she is back (``accounts.services``).
    waarneming_doorgegeven_door = models.ForeignKey(
        "self", verbose_name=_("waarneming doorgegeven door"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
        help_text=_("De gekozen waarnemer, die zelf afwezig is en deze waarneming aan een collega doorgaf."),
    )
    is_coordinator = models.BooleanField(
        _("WSP-coördinator"), default=False,
        help_text=_("Krijgt verzoeken van werkgevers die na 24 uur nog niet gebeld zijn."),
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        ordering = ["achternaam", "voornaam", "email"]
        # The beheerder's list of users reads its page from this index, in this order (every werkzoekende with
        # an account is a user: at national volume a million rows).
        indexes = [
            models.Index(fields=["achternaam", "voornaam", "email"], name="gebruiker_op_naam"),
            # /beheer/ counts the active users of each role up to a limit: from this index alone (3.5 ms for the
            # first 10,001 werkgevers of 700,000 users), where a scan of the table read 69,000 rows (28 ms).
            models.Index(fields=["rol"], condition=models.Q(is_active=True), name="gebruiker_actief_per_rol"),
            # The invitations never used: what the sweep of expired invitations reads (every six hours), and the open
            # ones on /beheer/. Nearly every account logged in once, so this index holds a few rows where the one on
            # uitgenodigd_op holds them all: the sweep read all 700,000 users to find the few (661 ms from disk).
            models.Index(fields=["uitgenodigd_op"], condition=models.Q(last_login__isnull=True),
                         name="uitnodiging_nooit_gebruikt"),
        ]

    def __str__(self):
        return self.get_full_name() or self.email

    def get_full_name(self):
        return f"{self.voornaam} {self.achternaam}".strip()

    def get_short_name(self):
        return self.voornaam or self.email

    @property
    def is_medewerker(self):
        return self.rol in STAFF_ROLLEN

    @property
    def leest_je(self):
        """Werkzoekenden (in B1) and staff are addressed with "je", werkgevers with "u". An anonymous visitor
        has no such attribute: templates then take the "u" of the public pages."""
        return self.rol != Rol.WERKGEVER

    def wacht_op_eerste_wachtwoord(self):
        """An active account made by an invitation whose owner has not chosen a password yet."""
        return self.is_active and self.uitgenodigd_op is not None and not self.has_usable_password()

    def clean(self):
        errors = {}
        if self.rol in (Rol.ACCOUNTMANAGER, Rol.KLANTMANAGER, Rol.BEHEERDER) and not self.regio_id:
            errors["regio"] = _("Een medewerker hoort bij een arbeidsmarktregio.")
        if self.rol and self.organisatie_id:
            toegestaan = TOEGESTANE_ORGANISATIES[self.rol]
            if self.organisatie.soort not in toegestaan:
                errors["organisatie"] = _("Een %(rol)s kan niet bij een organisatie van soort %(soort)s horen.") % {
                    "rol": self.get_rol_display().lower(),
                    "soort": self.organisatie.get_soort_display().lower(),
                }
        if self.rol in (Rol.ACCOUNTMANAGER, Rol.KLANTMANAGER, Rol.WERKGEVER) and not self.organisatie_id:
            errors["organisatie"] = _("Kies de organisatie waar deze persoon werkt.")
        elif (self.rol in (Rol.ACCOUNTMANAGER, Rol.KLANTMANAGER, Rol.BEHEERDER) and self.organisatie_id
              and self.regio_id and self.organisatie.regio_id != self.regio_id and "organisatie" not in errors
              and self._regio_of_organisatie_gewijzigd()):
            # Her region is her organisation's (as the invitation asks): a region changed alone would leave her
            # verzoeken, tasks and colleagues in the region she left, without the event a move gives. Asked only
            # when one of the two changes: an account saved apart before this rule is not locked against every
            # other change (a phone number, a waarnemer while she is ill, switching it off when she leaves).
            errors["regio"] = _("%(organisatie)s hoort bij arbeidsmarktregio %(regio)s. Kies die regio, of een "
                                "organisatie in deze regio.") % {"organisatie": self.organisatie.naam,
                                                                 "regio": self.organisatie.regio.naam}
        if errors:
            raise ValidationError(errors)

    def _regio_of_organisatie_gewijzigd(self):
        if self.pk is None:
            return True
        was = type(self).objects.filter(pk=self.pk).values("regio_id", "organisatie_id").first()
        return was is None or (was["regio_id"], was["organisatie_id"]) != (self.regio_id, self.organisatie_id)

    def save(self, *args, **kwargs):
        # Only beheerders reach the Django admin (where they manage everything); the flags follow the role.
        self.is_staff = self.is_superuser = self.rol == Rol.BEHEERDER
        if self.email:
            self.email = self.email.strip().lower()
        super().save(*args, **kwargs)


class VerwerkingQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Het verwerkingenlog is alleen-toevoegen.")

    def delete(self):
        raise PermissionError("Het verwerkingenlog is alleen-toevoegen.")


# What the beheerder's search of the verwerkingenlog looks in: all NOT NULL, so their text needs no COALESCE.
ZOEKVELDEN_VERWERKING = ("gebruiker_omschrijving", "organisatie", "object_omschrijving", "object_id", "doel", "wat")


class Zoektekst(models.Func):
    """The text fields of a verwerkingenlog line as one upper-case text, for the beheerder's search. On PostgreSQL a
    trigram index (``verwerking_zoektekst``, made by migration accounts.0012 outside the model state, so SQLite never
    sees it) holds this expression, and the search filters on the same SQL, so the database uses that index. Six
    LIKEs over six columns read the whole log for a rare name: 15-22 s at 3 million lines (docs/benchmarks.md)."""

    template = "UPPER(%(expressions)s)"
    arg_joiner = " || ' ' || "
    output_field = models.TextField()

    def __init__(self):
        super().__init__(*[models.F(veld) for veld in ZOEKVELDEN_VERWERKING])


class Verwerking(models.Model):
    """One line of the verwerkingenlog (AVG): who saw or changed whose personal data, when and why.

    Who: the account, and as text what it was at that moment (name, role, organisation), so the line stays
    true after the person changes job or the account is removed. Whose data: the ``betrokkenen`` (one for a
    page about one person, all people on the page for a list page: one line, not one per person). What:
    ``wat`` (which page or document) and ``actie``; why: ``doel``. ``content_type``/``object_id`` name the
    record the page was about, empty for a list page.

    Append-only: the model refuses updates and deletes; the database refuses UPDATE, TRUNCATE, and DELETE of
    a line younger than the minimum bewaartermijn (migration 0008), so only the retention purge
    (``accounts.services.verwerkingen_opschonen``) can remove old lines.
    """

    class Actie(models.TextChoices):
        INZIEN = "inzien", _("Inzien")
        AANMAKEN = "aanmaken", _("Aanmaken")
        WIJZIGEN = "wijzigen", _("Wijzigen")
        VERWIJDEREN = "verwijderen", _("Verwijderen")
        DELEN = "delen", _("Delen")

    tijdstip = models.DateTimeField(_("tijdstip"), default=timezone.now, db_index=True)
    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        # No cascade and no SET NULL: the log is never rewritten, not even when an account goes.
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="verwerkingen",
    )
    # Kept as text too, so the log still says who it was after an account is removed.
    gebruiker_omschrijving = models.CharField(_("door (tekst)"), max_length=300)
    rol = models.CharField(_("rol"), max_length=20, choices=Rol.choices, blank=True)
    organisatie = models.CharField(_("organisatie"), max_length=200, blank=True)
    actie = models.CharField(_("actie"), max_length=20, choices=Actie.choices, db_index=True)
    wat = models.CharField(_("wat"), max_length=200, blank=True)
    # No index of their own: the lookup (content_type, object_id, tijdstip) of Meta.indexes starts with them, and
    # every index is written on every page view that is logged (migration 0017).
    content_type = models.ForeignKey(ContentType, verbose_name=_("soort gegeven"), on_delete=models.PROTECT,
                                     null=True, blank=True, db_index=False)
    object_id = models.CharField(_("record"), max_length=64, blank=True)
    object_omschrijving = models.CharField(_("omschrijving"), max_length=300)
    doel = models.CharField(_("doel"), max_length=200)
    details = models.CharField(_("details"), max_length=500, blank=True)

    objects = VerwerkingQuerySet.as_manager()

    class Meta:
        verbose_name = _("verwerking")
        verbose_name_plural = _("verwerkingenlog")
        ordering = ["-tijdstip", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "tijdstip"])]

    def __str__(self):
        # In the portal's time, as the line's own "Tijdstip" field shows it (the title said 18:24 above 19:24).
        return (f"{timezone.localtime(self.tijdstip):%Y-%m-%d %H:%M} {self.gebruiker_omschrijving} {self.actie} "
                f"{self.object_omschrijving}")

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Het verwerkingenlog is alleen-toevoegen.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Het verwerkingenlog is alleen-toevoegen.")


class VerwerkingBetrokkene(models.Model):
    """Whose personal data a line of the verwerkingenlog is about: one row per person.

    A list page writes one Verwerking and one of these per person on it. "Which lines concern kandidaat X"
    is the indexed lookup (content_type, object_id). Append-only like its Verwerking.
    """

    verwerking = models.ForeignKey(Verwerking, on_delete=models.CASCADE, related_name="betrokkenen")
    # No index of its own: verwerking_betrokkene_idx starts with it (migration 0017).
    content_type = models.ForeignKey(ContentType, verbose_name=_("soort persoon"), on_delete=models.PROTECT,
                                     db_index=False)
    object_id = models.CharField(_("persoon"), max_length=64)
    omschrijving = models.CharField(_("omschrijving"), max_length=300)

    objects = VerwerkingQuerySet.as_manager()

    class Meta:
        verbose_name = _("betrokkene")
        verbose_name_plural = _("betrokkenen")
        indexes = [models.Index(fields=["content_type", "object_id", "verwerking"], name="verwerking_betrokkene_idx")]

    def __str__(self):
        return self.omschrijving

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Het verwerkingenlog is alleen-toevoegen.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Het verwerkingenlog is alleen-toevoegen.")


class Sessie(AbstractBaseSession):
    """A session as Django's database sessions keep it, with the person logged in as a column of its own.

    Every page a logged-in person opens first reads their session and then the person; with the person's id
    beside the session data, ``accounts.sessieopslag`` reads both in one query. The column follows the session's
    ``_auth_user_id`` whenever the session is saved; a session whose column does not (yet) match is read as
    before, in two queries. A person deleted takes their sessions along.
    """

    gebruiker = models.ForeignKey(User, verbose_name=_("gebruiker"), null=True, blank=True, on_delete=models.CASCADE,
                                  related_name="+")

    class Meta(AbstractBaseSession.Meta):
        db_table = "accounts_sessie"
        verbose_name = _("sessie")
        verbose_name_plural = _("sessies")


class Collegauitnodiging(models.Model):
    """One invitation a werkgever's person sent from "Collega's met toegang" (``werkgevers.services.
    collega_uitnodigen``), whatever the address turned out to be.

    The page answers every address alike, so that nobody learns from it whether an address has an account on the
    portal (a werkzoekende is a client of the gemeente or UWV: AVG). These rows make that hold on the page as well:
    an open invitation is listed as "nog niet ingelogd" until it is accepted, withdrawn or expires, whether it made
    a colleague's account or only told the owner of another account that someone tried. They are also what the
    daily limit counts (``LIMIET_UITNODIGINGEN_PER_DAG``). Swept a day after the link would have expired
    (``accounts.services.verlopen_uitnodigingen_opruimen``).
    """

    door = models.ForeignKey(User, verbose_name=_("verstuurd door"), on_delete=models.CASCADE, related_name="+")
    organisatie = models.ForeignKey(Organisatie, verbose_name=_("organisatie"), on_delete=models.CASCADE,
                                    related_name="+")
    email = models.EmailField(_("e-mailadres"))
    voornaam = models.CharField(_("voornaam"), max_length=100)
    achternaam = models.CharField(_("achternaam"), max_length=150)
    # The colleague's account it concerns (new, invited again or already there); None: the address has an account
    # with another role or of another organisation, which was left as it was.
    gebruiker = models.ForeignKey(User, verbose_name=_("account"), null=True, blank=True, on_delete=models.CASCADE,
                                  related_name="+")
    verstuurd_op = models.DateTimeField(_("verstuurd op"), default=timezone.now)
    ingetrokken_op = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)

    class Meta:
        verbose_name = _("uitnodiging van een collega")
        verbose_name_plural = _("uitnodigingen van collega's")
        indexes = [
            models.Index(fields=["door", "verstuurd_op"], name="collegauitnodiging_per_dag"),
            models.Index(fields=["organisatie", "verstuurd_op"], name="collegauitnodiging_open"),
            models.Index(fields=["verstuurd_op"], name="collegauitnodiging_opruimen"),
        ]

    def __str__(self):
        return f"{self.voornaam} {self.achternaam}".strip() or self.email

    def get_full_name(self):
        return str(self)
