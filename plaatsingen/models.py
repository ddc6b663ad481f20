from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from klantreis.lib import datums
from klantreis.lib.toestanden import MetToestanden, Toestanden, keuze_constraint

PROEF_MAX_MAANDEN = 2
PROEF_MAX_MAANDEN_MET_REDEN = 6


class PlaatsingSoort(models.TextChoices):
    PROEFPLAATSING = "proef", _("Proefplaatsing (met behoud van uitkering)")
    TIJDELIJK = "tijdelijk", _("Tijdelijk contract")
    VAST = "vast", _("Vast contract")
    WERKERVARING = "werkervaring", _("Werkervaringsplaats")


class PlaatsingStatus(models.TextChoices):
    VOORBEREIDING = "voorbereiding", _("In voorbereiding")
    WACHT_OP_HANDTEKENING = "ter_ondertekening", _("Wacht op handtekening werkgever")
    LOPEND = "lopend", _("Loopt")
    CONTRACT = "contract", _("Omgezet in contract")
    AFSCHEID = "afscheid", _("Afscheid genomen")
    AFGEROND = "afgerond", _("Afgerond")


# The choices live at module level because ``Meta.constraints`` cannot see names of the class body.
_S = PlaatsingStatus
# These soorten start only once the werkgever has signed the overeenkomst (``plaatsing_starten``); a contract
# (tijdelijk, vast) runs at once, without one.
MET_OVEREENKOMST = (PlaatsingSoort.PROEFPLAATSING, PlaatsingSoort.WERKERVARING)
# Before the signature; every other status (lopend and what follows it, and any status added later) is after.
VOOR_ONDERTEKENING = (_S.VOORBEREIDING, _S.WACHT_OP_HANDTEKENING)


class Plaatsing(MetToestanden, models.Model):
    """A kandidaat at work at a werkgever, started from an accepted voordracht."""

    Soort = PlaatsingSoort
    Status = PlaatsingStatus

    OVERGANGEN = Toestanden(PlaatsingStatus, {
        _S.VOORBEREIDING: {_S.WACHT_OP_HANDTEKENING, _S.LOPEND},
        _S.WACHT_OP_HANDTEKENING: {_S.LOPEND},
        # A correction of what was signed keeps a running plaatsing running (``opnieuw_te_ondertekenen_sinds``).
        _S.LOPEND: {_S.CONTRACT, _S.AFSCHEID, _S.AFGEROND},
        _S.CONTRACT: set(),
        _S.AFSCHEID: set(),
        _S.AFGEROND: set(),
    })

    voordracht = models.ForeignKey("bemiddeling.Voordracht", verbose_name=_("voordracht"), on_delete=models.PROTECT,
                                   related_name="plaatsingen")
    kandidaat = models.ForeignKey("werkzoekenden.Kandidaat", verbose_name=_("werknemer"), on_delete=models.PROTECT,
                                  related_name="plaatsingen")
    werkgever = models.ForeignKey("werkgevers.Werkgever", verbose_name=_("werkgever"), on_delete=models.PROTECT,
                                  related_name="plaatsingen")
    # The werkgever's region, whose accountmanagers arrange the plaatsing and its nazorg: kept here so that their
    # overview reads the region's part of an index (counts per status, newest first) instead of joining every
    # plaatsing of the country to the region's werkgevers. ``save`` fills it from the werkgever; when a beheerder
    # moves a werkgever to another region, the event WERKGEVER_REGIO_GEWIJZIGD moves its plaatsingen along
    # (plaatsingen/reacties.py).
    regio = models.ForeignKey("accounts.Arbeidsmarktregio", verbose_name=_("arbeidsmarktregio"),
                              on_delete=models.PROTECT, related_name="+", db_index=False)
    vorige = models.OneToOneField("self", verbose_name=_("volgt op"), on_delete=models.PROTECT, null=True,
                                  blank=True, related_name="vervolg")
    soort = models.CharField(_("soort"), max_length=20, choices=Soort.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.VOORBEREIDING,
                              db_index=True)
    functie = models.CharField(_("functie"), max_length=200)
    startdatum = models.DateField(_("startdatum"), db_index=True)
    einddatum = models.DateField(_("einddatum"), null=True, blank=True, db_index=True)
    uren_per_week = models.PositiveSmallIntegerField(_("uren per week"))
    verlenging_reden = models.TextField(
        _("reden voor een proefplaatsing langer dan 2 maanden"), blank=True)
    voorwaarden = models.TextField(_("afspraken en voorwaarden"), blank=True)
    instrumenten = models.ManyToManyField("werkgevers.Instrument", verbose_name=_("instrumenten"), blank=True,
                                          related_name="+")
    # Proefplaatsing: approval of the benefit agency (UWV or gemeente), recorded by a professional.
    akkoord_instantie = models.CharField(_("akkoord van"), max_length=200, blank=True,
                                         help_text=_("Bijvoorbeeld: UWV Arnhem, J. de Boer"))
    akkoord_op = models.DateField(_("akkoord gegeven op"), null=True, blank=True)
    akkoord_vastgelegd_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                                blank=True, related_name="+")
    # The overeenkomst: generated from known data, signed by the werkgever in the portal.
    overeenkomst = models.FileField(_("overeenkomst (pdf)"), upload_to="overeenkomsten/", blank=True)
    ondertekend_door_naam = models.CharField(_("ondertekend door"), max_length=200, blank=True)
    ondertekend_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                         blank=True, related_name="+")
    ondertekend_op = models.DateTimeField(_("ondertekend op"), null=True, blank=True)
    # A correction changed what the werkgever signed (``plaatsing_corrigeren``): the new overeenkomst waits for a new
    # signature since then. The plaatsing keeps running and keeps the signature above (and its pdf, named in the
    # correction) until the werkgever signs the new one (``overeenkomst_ondertekenen``), which clears this.
    opnieuw_te_ondertekenen_sinds = models.DateTimeField(_("nieuwe handtekening nodig sinds"), null=True, blank=True)
    afscheid_reden = models.TextField(_("reden van afscheid"), blank=True)
    aangemaakt_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    aangemaakt_op = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("plaatsing")
        verbose_name_plural = _("plaatsingen")
        ordering = ["-startdatum", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(einddatum__isnull=True)
                                   | models.Q(einddatum__gte=models.F("startdatum")),
                                   name="plaatsing_einde_na_start"),
            models.CheckConstraint(condition=models.Q(uren_per_week__gte=1, uren_per_week__lte=40),
                                   name="plaatsing_uren_1_tot_40"),
            keuze_constraint("status", PlaatsingStatus, name="plaatsing_status_bekend"),
            keuze_constraint("soort", PlaatsingSoort, name="plaatsing_soort_bekend"),
            models.CheckConstraint(
                condition=~models.Q(soort__in=MET_OVEREENKOMST) | models.Q(status__in=VOOR_ONDERTEKENING)
                | models.Q(ondertekend_op__isnull=False),
                name="plaatsing_overeenkomst_ondertekend_voor_start"),
            # Only a signed overeenkomst is signed again.
            models.CheckConstraint(
                condition=models.Q(opnieuw_te_ondertekenen_sinds__isnull=True) | models.Q(ondertekend_op__isnull=False),
                name="plaatsing_opnieuw_ondertekenen_na_ondertekening"),
            models.CheckConstraint(
                condition=~models.Q(soort=PlaatsingSoort.PROEFPLAATSING, status=_S.LOPEND)
                | models.Q(akkoord_op__isnull=False),
                name="proefplaatsing_loopt_met_akkoord"),
            # A contract after a proefplaatsing is a second plaatsing on the same voordracht, with ``vorige``.
            models.UniqueConstraint(fields=["voordracht"], condition=models.Q(vorige__isnull=True),
                                    name="een_eerste_plaatsing_per_voordracht"),
        ]
        indexes = [
            # The accountmanager's overview (plaatsingen.selectors): the counts per status of the region from the
            # index alone, and the list newest first, a page at a time.
            models.Index(fields=["regio", "status"], name="plaatsing_regio_status"),
            models.Index(fields=["regio", "-startdatum", "-id"], name="plaatsing_regio_nieuwste"),
        ]

    def __str__(self):
        return f"{self.kandidaat} bij {self.werkgever} ({self.get_soort_display()})"

    def save(self, *args, **kwargs):
        if self.regio_id is None and self.werkgever_id is not None:
            self.regio_id = self.werkgever.regio_id
        super().save(*args, **kwargs)

    @property
    def is_proef(self):
        return self.soort == self.Soort.PROEFPLAATSING

    @property
    def heeft_overeenkomst_nodig(self):
        return self.soort in (self.Soort.PROEFPLAATSING, self.Soort.WERKERVARING)

    @property
    def opnieuw_te_ondertekenen(self):
        """Running, and a correction changed the overeenkomst since the werkgever signed it: he signs the new one."""
        return self.status == self.Status.LOPEND and self.opnieuw_te_ondertekenen_sinds is not None

    @property
    def begint_nog(self):
        """Running (signed, or a contract needing no signature) while its startdatum is still to come: it has not
        begun, and no page, melding or mail may say it has."""
        return (self.status == self.Status.LOPEND and self.startdatum is not None
                and self.startdatum > timezone.localdate())

    @property
    def status_weergave(self):
        """The status as pages show it: "Loopt" from the startdatum on; before, when it starts."""
        if self.begint_nog:
            dag = datums.kort(self.startdatum, "j F")
            return (gettext("Getekend, start op %(d)s") if self.heeft_overeenkomst_nodig
                    else gettext("Start op %(d)s")) % {"d": dag}
        return self.get_status_display()

    @property
    def te_ondertekenen(self):
        """The werkgever can sign now: the first time (it waits for him) or again (``opnieuw_te_ondertekenen``)."""
        return self.status == self.Status.WACHT_OP_HANDTEKENING or self.opnieuw_te_ondertekenen

    @property
    def overeenkomst_ondertekend(self):
        """Whether the current overeenkomst (the pdf on file now) is the signed one, not a changed one to sign again."""
        return self.ondertekend_op is not None and self.opnieuw_te_ondertekenen_sinds is None

    @property
    def is_beeindigd(self):
        """Afscheid, afgerond, or become a contract (a plaatsing of its own): nothing about it changes any more."""
        return self.status in self.OVERGANGEN.eindtoestanden()


def maanden_later(datum, maanden):
    """The same day ``maanden`` months later (the last day of the month when it does not exist)."""
    import calendar

    maand = datum.month - 1 + maanden
    jaar, maand = datum.year + maand // 12, maand % 12 + 1
    return datum.replace(year=jaar, month=maand, day=min(datum.day, calendar.monthrange(jaar, maand)[1]))


class PlaatsingTransitie(models.Model):
    plaatsing = models.ForeignKey(Plaatsing, on_delete=models.CASCADE, related_name="transities")
    van = models.CharField(max_length=20, choices=Plaatsing.Status.choices, blank=True)
    naar = models.CharField(max_length=20, choices=Plaatsing.Status.choices)
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    tijdstip = models.DateTimeField(default=timezone.now)
    toelichting = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["tijdstip", "pk"]
        constraints = [
            keuze_constraint("van", PlaatsingStatus, leeg=True, name="plaatsingtransitie_van_bekend"),
            keuze_constraint("naar", PlaatsingStatus, name="plaatsingtransitie_naar_bekend"),
        ]

    @property
    def naar_weergave(self):
        """The state it went to as the verloop shows it: signed (or started) before the startdatum, it had not
        begun, and the verloop says when it starts, as ``Plaatsing.status_weergave`` does, not "Loopt"."""
        plaatsing = self.plaatsing
        if (self.naar == Plaatsing.Status.LOPEND and plaatsing.startdatum is not None
                and timezone.localdate(self.tijdstip) < plaatsing.startdatum):
            dag = datums.kort(plaatsing.startdatum, "j F")
            return (gettext("Getekend, start op %(d)s") if plaatsing.heeft_overeenkomst_nodig
                    else gettext("Start op %(d)s")) % {"d": dag}
        return self.get_naar_display()


# What "Gegevens corrigeren" may change, in the order the form, the page and the melding name them. All of it is printed
# on the overeenkomst: once signed, correcting any of it asks the werkgever to sign the new overeenkomst.
CORRIGEERBAAR = ("functie", "startdatum", "einddatum", "verlenging_reden", "uren_per_week", "voorwaarden")
# The regelingen (``Plaatsing.instrumenten``) are corrected on the same form, with the rules of the soort
# (``services.fouten_in_regelingen``). They are on the overeenkomst too, and part of what the werkgever agrees to. A
# correction keeps them as the names of the instrumenten, in the order of the instrumentengids.
REGELINGEN = "instrumenten"
# What the werkgever agrees to when he signs.
ONDERTEKEND = (*CORRIGEERBAAR, REGELINGEN)
# The akkoord of UWV or the gemeente, changed once recorded (``services.proefplaatsing_akkoord``): a correction too. It
# is printed on the overeenkomst, so after his signature he signs the new one, as for any correction: a signed pdf is
# never made again. Kept as both columns in ``oud`` and ``nieuw``, named as one line.
AKKOORD = ("akkoord_instantie", "akkoord_op")
# What a correction names, in this order ("akkoord": the two columns of ``AKKOORD``).
BENOEMD = (*ONDERTEKEND, "akkoord")
# What UWV or the gemeente agreed to for a proefplaatsing (``akkoord_op``): correcting one of these leaves an akkoord
# that was given for the old values, to be checked (``PlaatsingCorrectie.akkoord_te_controleren``).
AKKOORD_VOOR = ("startdatum", "einddatum", "uren_per_week")
# How the melding says a change in plain words: with the new and the old value, or only that it changed. (The
# regelingen say which came and which went: ``PlaatsingCorrectie._in_woorden``.)
_IN_WOORDEN = {
    "functie": _("De functie is nu %(nieuw)s (was %(oud)s)."),
    "startdatum": _("De startdatum is nu %(nieuw)s (was %(oud)s)."),
    "einddatum": _("De einddatum is nu %(nieuw)s (was %(oud)s)."),
    "uren_per_week": _("Het aantal uren per week is nu %(nieuw)s (was %(oud)s)."),
    "verlenging_reden": _("De reden voor een proefplaatsing langer dan 2 maanden is aangepast."),
    "voorwaarden": _("De afspraken en voorwaarden zijn aangepast."),
    "akkoord": _("Het akkoord van UWV of de gemeente is nu %(nieuw)s (was %(oud)s)."),
}
# The names of what is not a column of its own (or is called otherwise on the pages than in the model).
_NAMEN = {REGELINGEN: _("regelingen"), "akkoord": _("akkoord van UWV of de gemeente")}
IN_WOORDEN_MAX = 200  # a melding holds 300 characters; longer than this, it names only what changed


class PlaatsingCorrectie(models.Model):
    """"Gegevens corrigeren": what the accountmanager changed in a plaatsing after it was made, and why.

    ``oud`` and ``nieuw`` hold the columns the correction changed (dates as ISO text; the regelingen as a list of names;
    a changed akkoord as both its columns). When it changed what the werkgever had signed (he signs the new
    overeenkomst), ``oud`` also holds that signature (``ondertekend_door_naam``, ``ondertekend_op``) and the signed
    pdf's name in the storage (``overeenkomst``), which stays there until the dossier's retention: what was signed
    remains on file. A changed akkoord after his signature keeps the signature but makes a new pdf: ``oud`` names the
    signed pdf (``overeenkomst``) all the same. When it changed the period or the hours of a proefplaatsing with an
    akkoord of UWV or the gemeente, ``oud`` also holds that akkoord (``akkoord_instantie``, ``akkoord_op``): given for
    the old values. It stays on the plaatsing, to be checked.

    ``soort``: a verlenging of a signed plaatsing (``plaatsing_verlengen``, a new end date, later or earlier) is kept
    as such a row too, for all of the above, but nothing was wrong: the pages and the AVG export list it as a changed
    end date, not as a correction, and its ``reden`` says what happened instead of what was wrong."""

    class Soort(models.TextChoices):
        CORRECTIE = "correctie", _("Correctie")
        VERLENGING = "verlenging", _("Einddatum gewijzigd")

    plaatsing = models.ForeignKey(Plaatsing, on_delete=models.CASCADE, related_name="correcties")
    soort = models.CharField(_("soort"), max_length=20, choices=Soort.choices, default=Soort.CORRECTIE)
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    tijdstip = models.DateTimeField(default=timezone.now)
    reden = models.TextField(_("wat was er fout?"))
    oud = models.JSONField(default=dict)
    nieuw = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("correctie van een plaatsing")
        verbose_name_plural = _("correcties van plaatsingen")
        ordering = ["tijdstip", "pk"]

    @property
    def handtekening_vervallen(self):
        return bool(self.oud.get("ondertekend_op"))

    @property
    def akkoord_te_controleren(self):
        """The period or the hours changed after the akkoord was given (not the akkoord itself)."""
        return bool(self.oud.get("akkoord_op")) and "akkoord_op" not in self.nieuw

    @property
    def akkoord_op(self):
        """The date of the akkoord that was given for the values before this correction (or None)."""
        return date.fromisoformat(self.oud["akkoord_op"]) if self.akkoord_te_controleren else None

    def akkoord_nog_van_voor(self, plaatsing):
        """Whether ``plaatsing`` (this correction's) still has the akkoord that was given before this correction."""
        return self.akkoord_te_controleren and (plaatsing.akkoord_instantie, plaatsing.akkoord_op) == (
            self.oud["akkoord_instantie"], self.akkoord_op)

    @property
    def velden(self):
        return [v for v in BENOEMD if (AKKOORD[1] if v == "akkoord" else v) in self.nieuw]

    @staticmethod
    def _waarde(bron, veld):
        if veld == "akkoord":
            return [bron.get(kolom) for kolom in AKKOORD]
        return bron.get(veld)

    @staticmethod
    def _naam(veld):
        return _NAMEN[veld] if veld in _NAMEN else Plaatsing._meta.get_field(veld).verbose_name

    @staticmethod
    def _tekst(veld, waarde, datumformaat="l j F Y"):
        if veld == REGELINGEN:
            return ", ".join(waarde or []) or gettext("geen")
        if veld == "akkoord":
            instantie, op = waarde
            if not op:
                return gettext("geen")
            return ", ".join(filter(None, [instantie, formats.date_format(date.fromisoformat(op), "j F Y")]))
        if waarde in (None, ""):
            return gettext("geen")
        if veld in ("startdatum", "einddatum"):
            return formats.date_format(date.fromisoformat(waarde), datumformaat)
        return str(waarde)

    @classmethod
    def samen(cls, correcties):
        """(label, now, was) per field that ``correcties`` (in order) changed, from the first one's old value to the
        last one's new value: what the werkgever reads before he signs again ("Startdatum: nu 30 november 2026 (was 27
        november 2026)"). A field changed and changed back is left out; why it was wrong is not said."""
        was, nu = {}, {}
        for correctie in correcties:
            for veld in correctie.velden:
                was.setdefault(veld, cls._waarde(correctie.oud, veld))
                nu[veld] = cls._waarde(correctie.nieuw, veld)
        return [(capfirst(cls._naam(veld)), cls._tekst(veld, nu[veld], "j F Y"), cls._tekst(veld, was[veld], "j F Y"))
                for veld in BENOEMD if veld in nu and nu[veld] != was[veld]]

    def regels(self):
        """(label, old, new) per changed field, for the history on the plaatsing page."""
        return [(capfirst(self._naam(v)), self._tekst(v, self._waarde(self.oud, v)),
                 self._tekst(v, self._waarde(self.nieuw, v))) for v in self.velden]

    def _in_woorden(self, veld):
        if veld == REGELINGEN:
            oud, nieuw = self.oud.get(veld) or [], self.nieuw.get(veld) or []
            zinnen = []
            if erbij := [naam for naam in nieuw if naam not in oud]:
                zinnen.append(ngettext("Regeling erbij: %(namen)s.", "Regelingen erbij: %(namen)s.", len(erbij))
                              % {"namen": ", ".join(erbij)})
            if eraf := [naam for naam in oud if naam not in nieuw]:
                zinnen.append(ngettext("Regeling vervallen: %(namen)s.", "Regelingen vervallen: %(namen)s.",
                                       len(eraf)) % {"namen": ", ".join(eraf)})
            return " ".join(zinnen)
        return str(_IN_WOORDEN[veld]) % {"nieuw": self._tekst(veld, self._waarde(self.nieuw, veld)),
                                         "oud": self._tekst(veld, self._waarde(self.oud, veld))}

    def in_woorden(self, max_lengte=IN_WOORDEN_MAX):
        """What changed in plain words, for the werkgever, the werknemer and the professionals alike: "De startdatum
        is nu maandag 4 januari 2027 (was maandag 28 december 2026)." A long functie or several changes that would not
        fit a melding (``max_lengte``) are named instead ("Aangepast: functie, startdatum.")."""
        zinnen = " ".join(self._in_woorden(v) for v in self.velden)
        if len(zinnen) <= max_lengte:
            return zinnen
        return gettext("Aangepast: %(velden)s.") % {"velden": self.veldnamen()}

    def veldnamen(self):
        """What changed, by name: "functie, startdatum"."""
        return ", ".join(str(self._naam(v)) for v in self.velden)


class NazorgMoment(models.Model):
    """A contact moment after the start. A row with a due time: it survives restarts and shows on
    dashboards; the sweep claims it once (``verwerkt_op``)."""

    class Soort(models.TextChoices):
        DAG_1 = "24uur", _("24 uur na de start")
        WEEK_2 = "2weken", _("Na 2 weken")
        WEEK_6 = "6weken", _("Na 6 weken")
        EINDE_PROEF = "einde_proef", _("Einde proefplaatsing")
        EINDE_CONTRACT = "einde_contract", _("Einde contract")
        EXTRA = "extra", _("Extra contactmoment")

    class Uitkomst(models.TextChoices):
        GOED = "goed", _("Gesprek gevoerd, het gaat goed")
        BIJZONDERHEDEN = "bijzonderheden", _("Gesprek gevoerd, met bijzonderheden")
        INTERVENTIE = "interventie", _("Interventie nodig")

    plaatsing = models.ForeignKey(Plaatsing, on_delete=models.CASCADE, related_name="nazorgmomenten")
    soort = models.CharField(_("moment"), max_length=20, choices=Soort.choices)
    gepland_op = models.DateTimeField(_("gepland op"), db_index=True)
    verwerkt_op = models.DateTimeField(_("opgepakt op"), null=True, blank=True, db_index=True)
    uitkomst = models.CharField(_("uitkomst"), max_length=20, choices=Uitkomst.choices, blank=True)
    bijzonderheden = models.TextField(_("bijzonderheden"), blank=True)
    interventie = models.CharField(_("interventie"), max_length=200, blank=True,
                                   help_text=_("Bijvoorbeeld jobcoach of extra gesprek."))
    uitkomst_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="+")
    uitkomst_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("nazorgmoment")
        verbose_name_plural = _("nazorgmomenten")
        ordering = ["gepland_op", "pk"]
        indexes = [
            models.Index(fields=["verwerkt_op", "gepland_op"]),
            # The open moments (a few per running plaatsing, never the years of handled ones): "vandaag en te laat"
            # on the nazorg overview, the next moment of a plaatsing.
            models.Index(fields=["gepland_op"], condition=models.Q(uitkomst=""), name="nazorg_open_op_datum"),
            models.Index(fields=["plaatsing", "gepland_op"], condition=models.Q(uitkomst=""),
                         name="nazorg_open_per_plaatsing"),
        ]

    def __str__(self):
        return f"{self.get_soort_display()}: {self.plaatsing}"


CHECKIN_GELDIG = timedelta(days=14)


class Checkin(models.Model):
    """'Hoe gaat het?': a one-time link for the werkgever or the werknemer, for one moment."""

    class Rol(models.TextChoices):
        WERKGEVER = "werkgever", _("Werkgever")
        WERKNEMER = "werknemer", _("Werknemer")

    moment = models.ForeignKey(NazorgMoment, on_delete=models.CASCADE, related_name="checkins")
    rol = models.CharField(max_length=10, choices=Rol.choices)
    email = models.EmailField()
    # Only a hash of the token is stored: the link in the mail is the only key.
    token_hash = models.CharField(max_length=64, unique=True)
    verloopt_op = models.DateTimeField()
    beantwoord_op = models.DateTimeField(null=True, blank=True)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    opmerking = models.TextField(blank=True)

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        constraints = [models.UniqueConstraint(fields=["moment", "rol"], name="een_checkin_per_rol_per_moment")]


class RegelingaanvraagStatus(models.TextChoices):
    AANGEVRAAGD = "aangevraagd", _("Aangevraagd")
    TOEGEKEND = "toegekend", _("Toegekend")
    AFGEWEZEN = "afgewezen", _("Afgewezen")
    INGETROKKEN = "ingetrokken", _("Ingetrokken")


_A = RegelingaanvraagStatus
# Still asked for, or granted: the regeling is in use and stays on the plaatsing until the aanvraag is withdrawn
# (``services.fouten_in_regelingen``).
AANVRAAG_IN_GEBRUIK = (_A.AANGEVRAAGD, _A.TOEGEKEND)
# A besluit or a withdrawal has a date; a rejection says why.
_MET_BESLUIT = (_A.TOEGEKEND, _A.AFGEWEZEN, _A.INGETROKKEN)
# The longest reason of a besluit: its history line ("afgewezen op 30 september 2026: " and the reason) keeps all of it
# (``klantreis.lib.toestanden.TOELICHTING_MAX``), also after the aanvraag is made again and ``reden`` is emptied.
AANVRAAG_REDEN_MAX = 450


class Regelingaanvraag(MetToestanden, models.Model):
    """The application for one regeling of a plaatsing (a loonkostensubsidie with the gemeente, a no-riskpolis with
    UWV): when and with whom it was applied for, and the besluit. No row: still to be applied for. Written only by
    the services (``regeling_aanvragen``, ``regeling_besluit``), each change a row in ``wijzigingen``.

    After a rejection or a withdrawal it can be applied for again (the same row, the history keeps the first one);
    a granted one can be withdrawn (the werkgever stops it, or it was recorded on the wrong regeling)."""

    Status = RegelingaanvraagStatus

    OVERGANGEN = Toestanden(RegelingaanvraagStatus, {
        _A.AANGEVRAAGD: {_A.TOEGEKEND, _A.AFGEWEZEN, _A.INGETROKKEN},
        _A.TOEGEKEND: {_A.INGETROKKEN},
        _A.AFGEWEZEN: {_A.AANGEVRAAGD},
        _A.INGETROKKEN: {_A.AANGEVRAAGD},
    }, log="wijzigingen")

    plaatsing = models.ForeignKey(Plaatsing, on_delete=models.CASCADE, related_name="regelingaanvragen")
    # A regeling the beheerder takes out of the instrumentengids stays on the plaatsingen that have it (``actief``).
    instrument = models.ForeignKey("werkgevers.Instrument", verbose_name=_("regeling"), on_delete=models.PROTECT,
                                   related_name="+")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.AANGEVRAAGD)
    aangevraagd_op = models.DateField(_("aangevraagd op"))
    aangevraagd_bij = models.CharField(_("aangevraagd bij"), max_length=200)
    kenmerk = models.CharField(_("kenmerk"), max_length=100, blank=True)
    besluit_op = models.DateField(_("datum"), null=True, blank=True)
    reden = models.TextField(_("reden"), blank=True)
    gewijzigd_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                       related_name="+")
    gewijzigd_op = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("aanvraag van een regeling")
        verbose_name_plural = _("aanvragen van regelingen")
        constraints = [
            models.UniqueConstraint(fields=["plaatsing", "instrument"], name="een_aanvraag_per_regeling_per_plaatsing"),
            keuze_constraint("status", RegelingaanvraagStatus, name="regelingaanvraag_status_bekend"),
            models.CheckConstraint(condition=models.Q(status=_A.AANGEVRAAGD, besluit_op__isnull=True)
                                   | models.Q(status__in=_MET_BESLUIT, besluit_op__isnull=False),
                                   name="regelingaanvraag_besluit_met_datum"),
            models.CheckConstraint(condition=~models.Q(status=_A.AFGEWEZEN) | ~models.Q(reden=""),
                                   name="regelingaanvraag_afwijzing_met_reden"),
            models.CheckConstraint(condition=models.Q(besluit_op__isnull=True)
                                   | models.Q(besluit_op__gte=models.F("aangevraagd_op")),
                                   name="regelingaanvraag_besluit_na_aanvraag"),
            models.CheckConstraint(condition=~models.Q(aangevraagd_bij=""), name="regelingaanvraag_bij_wie"),
        ]

    def __str__(self):
        return f"{self.instrument} ({self.get_status_display()})"

    @property
    def in_gebruik(self):
        return self.status in AANVRAAG_IN_GEBRUIK


class RegelingaanvraagWijziging(models.Model):
    """Who changed an aanvraag, when, and what it said then (``toelichting``: with whom, the kenmerk, the reason)."""

    aanvraag = models.ForeignKey(Regelingaanvraag, on_delete=models.CASCADE, related_name="wijzigingen")
    van = models.CharField(max_length=20, choices=RegelingaanvraagStatus.choices, blank=True)
    naar = models.CharField(max_length=20, choices=RegelingaanvraagStatus.choices)
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    tijdstip = models.DateTimeField(default=timezone.now)
    toelichting = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["tijdstip", "pk"]
        constraints = [
            keuze_constraint("van", RegelingaanvraagStatus, leeg=True, name="regelingaanvraagwijziging_van_bekend"),
            keuze_constraint("naar", RegelingaanvraagStatus, name="regelingaanvraagwijziging_naar_bekend"),
        ]
