"""Import kandidaten and vacatures from a CSV or JSON file (``manage.py import_kandidaten`` and
``manage.py import_vacatures``; the README section "Kandidaten en vacatures importeren" is the user guide).

Three steps, each usable on its own:

1. ``bestand_lezen`` turns the bytes into rows of text: encoding (UTF-8, else Windows-1252 as Dutch Excel
   writes it), delimiter, header and the physical line number of every row. A file it cannot read raises
   ``Bestandsfout`` with one Dutch sentence.
2. ``kandidaten_controleren`` / ``vacatures_controleren`` validate every row with a Django form, so each
   problem is a Dutch message for one field, and resolve names (beroep, vaardigheid, klantmanager, werkgever).
3. ``kandidaten_importeren`` / ``vacatures_importeren`` write the valid rows in one transaction and update
   by ``externe_referentie`` instead of duplicating.
"""

import codecs
import csv
import io
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django import forms
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accounts.models import Rol, User, Verwerking
from accounts.selectors import gemeente_voor_postcode
from accounts.services import verwerkingen_registreer
from matching.models import Beroep, Vaardigheid
from matching.selectors import beroep_bij_naam
from werkgevers.forms import EMAIL_FOUT, POSTCODE, TELEFOON
from werkgevers.models import Contracttype, Rijbewijs, Taalniveau, Tijdlijnregel, Vacature, Werkgever
from werkgevers.services import normaliseer_postcode
from werkzoekenden.forms import CONTRACT_KEUZES, RIJBEWIJS_KEUZES
from werkzoekenden.models import Kandidaat, KlantmanagerToewijzing, PlanVanAanpak, Toestemming

LIJSTSCHEIDER = "|"
DATUMNOTATIES = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]
JA = {"ja", "j", "1", "true", "waar", "yes", "y", "x"}
NEE = {"nee", "n", "0", "false", "onwaar", "no"}
SCHEIDINGSTEKENS = (";", "\t", ",")  # on a tie the first wins: Dutch Excel writes semicolons
# Control characters that never occur in a text file (tab, line breaks and form feed do).
BESTURINGSTEKENS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
PER_KEER = 500  # ids per IN (...) query: SQLite limits the number of parameters in one statement


class Bestandsfout(Exception):
    """The file as a whole cannot be imported (not text, bad JSON, a missing or unknown column)."""


@dataclass(frozen=True)
class Soort:
    """What one kind of import expects: its columns, which are required, which hold lists."""

    naam: str
    kolommen: tuple
    verplicht: tuple
    lijsten: frozenset


KANDIDATEN = Soort(
    naam="kandidaten",
    kolommen=("referentie", "voornaam", "achternaam", "email", "telefoon", "postcode", "uitkering", "werkfit",
              "klantmanager", "gewenste_beroepen", "vaardigheden", "gewenste_uren", "max_reisafstand_km",
              "gewenst_contracttype", "beschikbaar_per", "rijbewijs", "talen", "vindbaar"),
    verplicht=("referentie", "voornaam", "achternaam", "postcode", "uitkering"),
    lijsten=frozenset({"gewenste_beroepen", "vaardigheden"}),
)
VACATURES = Soort(
    naam="vacatures",
    kolommen=("referentie", "werkgever_kvk", "titel", "omschrijving", "postcode", "uren_per_week", "aantal_posities",
              "beroep", "vereiste_vaardigheden", "gewenste_vaardigheden", "contracttype", "startdatum", "rijbewijs",
              "taalniveau", "status"),
    verplicht=("referentie", "werkgever_kvk", "titel", "postcode", "uren_per_week"),
    lijsten=frozenset({"vereiste_vaardigheden", "gewenste_vaardigheden"}),
)


@dataclass
class Rij:
    """One row of the file as text. ``waarden`` holds only the columns this row has (a JSON item may
    leave some out); a value is a string, or a list of strings for a list column in JSON."""

    plaats: str  # "regel 7" (physical line in the CSV file, header = 1) or "item 3" (position in JSON)
    waarden: dict
    problemen: list = field(default_factory=list)  # (veld or None, melding) found while reading


@dataclass
class Gelezen:
    rijen: list
    meldingen: list  # notices for the report, e.g. that the file was read as Windows-1252


@dataclass
class Probleem:
    plaats: str
    veld: str | None
    melding: str

    def __str__(self):
        if self.veld:
            return _("%(plaats)s, veld %(veld)s: %(melding)s") % {
                "plaats": self.plaats, "veld": self.veld, "melding": self.melding}
        return f"{self.plaats}: {self.melding}"


@dataclass
class GeldigeRij:
    plaats: str
    referentie: str
    velden: dict  # model field -> value, only for the columns in the file (see ``_modelvelden``)
    lijsten: dict  # M2M field -> list of pks, only for list columns in the file
    vindbaar: bool | None = None


@dataclass
class Controle:
    geldig: list
    problemen: list
    aantal_rijen: int
    bestaand: set  # referenties already in the database (to tell "nieuw" from "bijgewerkt" in a dry run)

    @property
    def overgeslagen(self):
        return self.aantal_rijen - len(self.geldig)


@dataclass
class Uitkomst:
    nieuw: list = field(default_factory=list)  # pks
    bijgewerkt: list = field(default_factory=list)
    ongewijzigd: int = 0
    meldingen: list = field(default_factory=list)


# --- reading ---------------------------------------------------------------------------------


def formaat_bij(pad, data=b""):
    """csv or json from the extension; an unknown extension is decided by the first character."""
    achtervoegsel = Path(pad).suffix.lower()
    if achtervoegsel in (".csv", ".txt", ".tsv"):
        return "csv"
    if achtervoegsel == ".json":
        return "json"
    begin = data.lstrip(codecs.BOM_UTF8 + b" \t\r\n")[:1]
    return "json" if begin in (b"[", b"{") else "csv"


def _niet_tekst(naam, extra=""):
    return Bestandsfout(
        _("%(naam)s is geen CSV- of JSON-tekstbestand; sla het op als CSV (puntkomma's) of CSV UTF-8.")
        % {"naam": naam} + extra)


def _decodeer(data, naam, encoding=None):
    """Bytes to text: UTF-8 (a BOM is dropped), else Windows-1252; ``encoding`` overrides both."""
    meldingen = []
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise Bestandsfout(_("Onbekende tekenset '%(e)s'. Bijvoorbeeld: utf-8, cp1252 of utf-16.")
                               % {"e": encoding}) from None
        try:
            tekst = data.decode(encoding)
        except UnicodeDecodeError as fout:
            raise Bestandsfout(_("%(naam)s is niet te lezen als %(e)s (byte %(pos)s).")
                               % {"naam": naam, "e": encoding, "pos": fout.start + 1}) from None
        tekst = tekst.removeprefix("\ufeff")
    else:
        if b"\x00" in data:
            # UTF-16 (Excel's "Unicode-tekst") and every binary format (xlsx is a zip) contain NUL bytes.
            utf16 = data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
            raise _niet_tekst(naam, " " + _("Het is UTF-16; sla het op als CSV UTF-8 of gebruik --encoding utf-16.")
                              if utf16 else "")
        try:
            tekst = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                tekst = data.decode("cp1252")
            except UnicodeDecodeError:
                raise _niet_tekst(naam) from None
            meldingen.append(_("Let op: %(naam)s is geen UTF-8 en is gelezen als Windows-1252 (zoals Excel "
                               "'CSV (puntkomma's)' opslaat). Controleer namen met accenten, zoals Zoë.")
                             % {"naam": naam})
    if BESTURINGSTEKENS.search(tekst):
        raise _niet_tekst(naam)
    if not tekst.strip():
        raise Bestandsfout(_("%(naam)s is leeg.") % {"naam": naam})
    return tekst, meldingen


def _kolomnaam(naam):
    return str(naam).strip().lower().replace(" ", "_").replace("-", "_")


def _controleer_kolommen(namen, soort, *, verplicht=True):
    onbekend = [n for n in namen if n and n not in soort.kolommen]
    if onbekend:
        raise Bestandsfout(
            ngettext("Onbekende kolom: %(o)s.", "Onbekende kolommen: %(o)s.", len(onbekend))
            % {"o": ", ".join(onbekend)}
            + " " + _("Bekende kolommen: %(b)s.") % {"b": ", ".join(soort.kolommen)})
    dubbel = sorted({n for n in namen if n and namen.count(n) > 1})
    if dubbel:
        raise Bestandsfout(_("Kolom %(k)s staat meer dan één keer in de kopregel.") % {"k": ", ".join(dubbel)})
    ontbreekt = [k for k in soort.verplicht if k not in namen]
    if verplicht and ontbreekt:
        raise Bestandsfout(
            ngettext("Verplichte kolom ontbreekt: %(k)s.", "Verplichte kolommen ontbreken: %(k)s.", len(ontbreekt))
            % {"k": ", ".join(ontbreekt)})


def _scheidingsteken(kopregel):
    aantallen = [(kopregel.count(teken), -i, teken) for i, teken in enumerate(SCHEIDINGSTEKENS)]
    return max(aantallen)[2]


def _csv_rijen(tekst, soort):
    regels = io.StringIO(tekst, newline="")
    eerste = next((regel.strip() for regel in regels if regel.strip()), "")
    scheiding = _scheidingsteken(eerste)
    excel_hint = re.fullmatch(r"sep=(.)", eerste)  # Excel's optional first line, e.g. "sep=;"
    if excel_hint:
        scheiding = excel_hint.group(1)
    regels.seek(0)
    lezer = csv.reader(regels, delimiter=scheiding)
    namen, rijen = None, []
    while True:
        begin = lezer.line_num + 1  # a quoted value may span lines: the row starts after the previous one
        try:
            cellen = next(lezer)
        except StopIteration:
            break
        except csv.Error as fout:
            raise Bestandsfout(_("regel %(n)s: %(fout)s") % {"n": lezer.line_num, "fout": fout}) from None
        if not any(c.strip() for c in cellen):
            continue  # empty line, or only separators (Excel writes ";;;;")
        if namen is None:
            if excel_hint:
                excel_hint = None
                continue
            namen = [_kolomnaam(c) for c in cellen]
            _controleer_kolommen(namen, soort)
            continue
        plaats = _("regel %(n)s") % {"n": begin}
        waarden = {naam: (cellen[i].strip() if i < len(cellen) else "") for i, naam in enumerate(namen) if naam}
        rij = Rij(plaats=plaats, waarden=waarden)
        los = [c for i, c in enumerate(cellen) if c.strip() and (i >= len(namen) or not namen[i])]
        if los:
            rij.problemen.append((None, _("Deze regel heeft een waarde in een kolom zonder naam in de kopregel "
                                          "(%(w)s). Staat er een %(s)s te veel in?") % {"w": los[0][:40],
                                                                                       "s": scheiding}))
        rijen.append(rij)
    if namen is None:
        raise Bestandsfout(_("Het bestand heeft geen kopregel."))
    return rijen


def _json_waarde(waarde, *, lijst):
    """A JSON value as the text a CSV cell would hold; raises ValueError with a Dutch message."""
    if isinstance(waarde, list):
        if not lijst:
            raise ValueError(_("Verwacht één waarde, geen lijst."))
        return [_json_waarde(w, lijst=False) for w in waarde if w is not None]
    if waarde is None:
        return ""
    if isinstance(waarde, bool):
        return "ja" if waarde else "nee"
    if isinstance(waarde, (int, float)):
        return str(waarde)
    if isinstance(waarde, str):
        return waarde.strip()
    raise ValueError(_("Verwacht een tekst of een getal."))


def _json_rijen(tekst, soort):
    try:
        inhoud = json.loads(tekst)
    except json.JSONDecodeError as fout:
        raise Bestandsfout(_("Het bestand is geen geldige JSON: fout op regel %(r)s, kolom %(k)s (%(m)s).")
                           % {"r": fout.lineno, "k": fout.colno, "m": fout.msg}) from None
    if isinstance(inhoud, dict):
        inhoud = next((v for k, v in inhoud.items() if _kolomnaam(k) == soort.naam), None)
    if not isinstance(inhoud, list):
        raise Bestandsfout(_('Verwacht een lijst met objecten, of een object met de sleutel "%(s)s" en daarin '
                             "die lijst.") % {"s": soort.naam})
    rijen = []
    for nummer, item in enumerate(inhoud, 1):
        rij = Rij(plaats=_("item %(n)s") % {"n": nummer}, waarden={})
        rijen.append(rij)
        if not isinstance(item, dict):
            rij.problemen.append((None, _("Dit item is geen object met velden.")))
            continue
        namen = [_kolomnaam(k) for k in item]
        _controleer_kolommen(namen, soort, verplicht=False)  # a missing required field is a row error
        for naam, waarde in zip(namen, item.values(), strict=True):
            try:
                rij.waarden[naam] = _json_waarde(waarde, lijst=naam in soort.lijsten)
            except ValueError as fout:
                rij.problemen.append((naam, str(fout)))
    return rijen


def bestand_lezen(pad, soort, *, formaat=None, encoding=None) -> Gelezen:
    """Read a CSV or JSON file into rows of text, or raise ``Bestandsfout``."""
    pad = Path(pad)
    try:
        data = pad.read_bytes()
    except OSError as fout:
        raise Bestandsfout(_("%(naam)s kan niet gelezen worden: %(fout)s")
                           % {"naam": pad, "fout": fout.strerror}) from None
    formaat = formaat or formaat_bij(pad, data)
    tekst, meldingen = _decodeer(data, pad.name, encoding)
    rijen = (_json_rijen if formaat == "json" else _csv_rijen)(tekst, soort)
    return Gelezen(rijen=rijen, meldingen=meldingen)


# --- validation ------------------------------------------------------------------------------


class Opzoeker:
    """Name -> object lookups for one import, each cached: 10,000 rows name the same few beroepen."""

    def __init__(self):
        self._cache = {}
        self._vaardigheden = None

    def _onthoud(self, soort, sleutel, zoek):
        if (soort, sleutel) not in self._cache:
            self._cache[soort, sleutel] = zoek()
        return self._cache[soort, sleutel]

    def gemeente(self, postcode):
        return self._onthoud("gemeente", postcode[:4], lambda: gemeente_voor_postcode(postcode))

    def beroep(self, naam):
        return self._onthoud("beroep", naam.lower(), lambda: beroep_bij_naam(naam))

    def vaardigheid(self, naam):
        """Exact name, any case. ESCO has a handful of names twice: the oldest row wins."""
        if self._vaardigheden is None:
            self._vaardigheden = {}
            for pk, vnaam in Vaardigheid.objects.order_by("-pk").values_list("pk", "naam"):
                self._vaardigheden[vnaam.strip().lower()] = pk
        return self._vaardigheden.get(naam.strip().lower())

    def klantmanager(self, email):
        return self._onthoud("klantmanager", email.lower(), lambda: User.objects.filter(
            email__iexact=email, rol=Rol.KLANTMANAGER).first())

    def werkgever(self, kvk):
        return self._onthoud("werkgever", kvk, lambda: Werkgever.objects.filter(kvk_nummer=kvk).first())


def _per_keer(waarden):
    waarden = list(waarden)
    for i in range(0, len(waarden), PER_KEER):
        yield waarden[i:i + PER_KEER]


def _bestaande(queryset, referenties):
    """Objects by externe_referentie, fetched in chunks."""
    gevonden = {}
    for deel in _per_keer(r for r in referenties if r):
        gevonden.update((o.externe_referentie, o) for o in queryset.filter(externe_referentie__in=deel))
    return gevonden


class KeuzeField(forms.CharField):
    """A choice typed as its code or its label, in any case: "ww", "WW" or "Bijstand (Participatiewet)"."""

    def __init__(self, *, keuzes, **kwargs):
        self.keuzes = keuzes
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return ""
        for code, label in self.keuzes:
            if value.lower() in (str(code).lower(), str(label).lower()):
                return code
        raise forms.ValidationError(_("'%(w)s' kennen we niet. Kies uit: %(k)s.") % {
            "w": value, "k": ", ".join(str(code) for code, _label in self.keuzes if code)})


class JaNeeField(forms.Field):
    def to_python(self, value):
        value = (value or "").strip().lower()
        if not value:
            return None
        if value in JA:
            return True
        if value in NEE:
            return False
        raise forms.ValidationError(_("Vul ja of nee in."))


class NamenField(forms.Field):
    """Names separated by ``|`` (CSV) or a JSON list; empty parts are dropped, doubles too."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.split(LIJSTSCHEIDER)
        namen = []
        for naam in value or []:
            naam = naam.strip()
            if naam and naam.lower() not in (n.lower() for n in namen):
                namen.append(naam)
        return namen


def _datum():
    return forms.DateField(input_formats=DATUMNOTATIES, required=False, error_messages={
        "invalid": gettext_lazy("Vul een datum in zoals 2026-12-01 of 1-12-2026.")})


def _aantal(laagste, hoogste, *, required=False):
    melding = format_lazy(gettext_lazy("Vul een getal in van {laag} tot en met {hoog}."), laag=laagste, hoog=hoogste)
    return forms.IntegerField(min_value=laagste, max_value=hoogste, required=required, error_messages={
        "invalid": melding, "min_value": melding, "max_value": melding})


class _ImportForm(forms.Form):
    referentie = forms.CharField(max_length=50)
    postcode = forms.RegexField(**POSTCODE)

    def __init__(self, data, *, opzoeker, bestaand, aanwezig, **kwargs):
        super().__init__(data, **kwargs)
        self.opzoeker, self.bestaand, self.aanwezig = opzoeker, bestaand, aanwezig

    def clean_postcode(self):
        postcode = normaliseer_postcode(self.cleaned_data["postcode"].strip())
        gemeente = self.opzoeker.gemeente(postcode)
        if gemeente is None:
            raise forms.ValidationError(_("Deze postcode kennen we niet. Controleer de vier cijfers."))
        self.cleaned_data["gemeente"] = gemeente
        return postcode

    def _vaardigheden(self, veld):
        namen = self.cleaned_data[veld]
        onbekend = [n for n in namen if self.opzoeker.vaardigheid(n) is None]
        if onbekend:
            raise forms.ValidationError(
                ngettext("Deze vaardigheid kennen we niet: %(n)s.", "Deze vaardigheden kennen we niet: %(n)s.",
                         len(onbekend)) % {"n": ", ".join(f"'{n}'" for n in onbekend)}
                + " " + _("Gebruik de naam uit de lijst met vaardigheden (ESCO)."))
        return [self.opzoeker.vaardigheid(n) for n in namen]


class KandidaatImportForm(_ImportForm):
    voornaam = forms.CharField(max_length=100)
    achternaam = forms.CharField(max_length=150)
    email = forms.EmailField(required=False, error_messages=EMAIL_FOUT)
    telefoon = forms.RegexField(required=False, max_length=20, **TELEFOON)
    uitkering = KeuzeField(keuzes=Kandidaat.Uitkering.choices)
    werkfit = JaNeeField(required=False)
    klantmanager = forms.EmailField(required=False, error_messages=EMAIL_FOUT)
    gewenste_beroepen = NamenField(required=False)
    vaardigheden = NamenField(required=False)
    gewenste_uren = _aantal(1, 40)
    max_reisafstand_km = _aantal(1, 250)
    gewenst_contracttype = KeuzeField(keuzes=CONTRACT_KEUZES, required=False)
    beschikbaar_per = _datum()
    rijbewijs = KeuzeField(keuzes=RIJBEWIJS_KEUZES, required=False)
    talen = forms.CharField(max_length=200, required=False)
    vindbaar = JaNeeField(required=False)

    def __init__(self, *args, standaard_klantmanager=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.standaard_klantmanager = standaard_klantmanager

    def clean_klantmanager(self):
        email = self.cleaned_data["klantmanager"]
        if not email:
            return None
        klantmanager = self.opzoeker.klantmanager(email)
        if klantmanager is None:
            raise forms.ValidationError(_("Er is geen klantmanager met e-mailadres %(e)s.") % {"e": email})
        if not klantmanager.is_active:
            raise forms.ValidationError(_("Klantmanager %(e)s is niet meer actief.") % {"e": email})
        return klantmanager

    def clean_gewenste_beroepen(self):
        namen = self.cleaned_data["gewenste_beroepen"]
        onbekend = [n for n in namen if self.opzoeker.beroep(n) is None]
        if onbekend:
            raise forms.ValidationError(
                ngettext("Dit beroep kennen we niet: %(n)s.", "Deze beroepen kennen we niet: %(n)s.", len(onbekend))
                % {"n": ", ".join(f"'{n}'" for n in onbekend)}
                + " " + _("Gebruik de naam uit de lijst met beroepen (ESCO)."))
        return list(dict.fromkeys(self.opzoeker.beroep(n).pk for n in namen))

    def clean_vaardigheden(self):
        return self._vaardigheden("vaardigheden")

    def clean(self):
        cleaned = super().clean()
        if "klantmanager" in self.errors or cleaned.get("klantmanager"):
            return cleaned
        bestaand = self.bestaand.get(cleaned.get("referentie"))
        if bestaand is not None and bestaand.klantmanager_id:
            return cleaned  # an empty cell keeps the vaste klantmanager the kandidaat has
        if self.standaard_klantmanager is not None:
            cleaned["klantmanager"] = self.standaard_klantmanager
        else:
            self.add_error("klantmanager", _("Vul het e-mailadres van de klantmanager in, of geef "
                                             "--klantmanager mee voor alle regels zonder klantmanager."))
        return cleaned


class VacatureImportForm(_ImportForm):
    werkgever_kvk = forms.RegexField(regex=r"^\s*\d{8}\s*$", error_messages={
        "invalid": gettext_lazy("Een KvK-nummer bestaat uit precies 8 cijfers, zoals 12345678.")})
    titel = forms.CharField(max_length=200)
    omschrijving = forms.CharField(required=False)
    uren_per_week = _aantal(1, 40, required=True)
    aantal_posities = _aantal(1, 100)
    beroep = forms.CharField(max_length=200, required=False)
    vereiste_vaardigheden = NamenField(required=False)
    gewenste_vaardigheden = NamenField(required=False)
    contracttype = KeuzeField(keuzes=Contracttype.choices, required=False)
    startdatum = _datum()
    rijbewijs = KeuzeField(keuzes=Rijbewijs.choices, required=False)
    taalniveau = KeuzeField(keuzes=Taalniveau.choices, required=False)
    status = KeuzeField(keuzes=Vacature.Status.choices, required=False)

    def clean_werkgever_kvk(self):
        kvk = self.cleaned_data["werkgever_kvk"].strip()
        werkgever = self.opzoeker.werkgever(kvk)
        if werkgever is None:
            raise forms.ValidationError(_("Er is geen werkgever met KvK-nummer %(k)s.") % {"k": kvk})
        return werkgever

    def clean_beroep(self):
        naam = self.cleaned_data["beroep"]
        if not naam:
            return None
        beroep = self.opzoeker.beroep(naam)
        if beroep is None:
            raise forms.ValidationError(_("Dit beroep kennen we niet: '%(n)s'. Gebruik de naam uit de lijst met "
                                          "beroepen (ESCO).") % {"n": naam})
        return beroep

    def clean_vereiste_vaardigheden(self):
        return self._vaardigheden("vereiste_vaardigheden")

    def clean_gewenste_vaardigheden(self):
        return self._vaardigheden("gewenste_vaardigheden")

    def clean(self):
        cleaned = super().clean()
        bestaand = self.bestaand.get(cleaned.get("referentie"))
        werkgever = cleaned.get("werkgever_kvk")
        if bestaand is not None and werkgever is not None and bestaand.werkgever_id != werkgever.pk:
            self.add_error("werkgever_kvk", _(
                "Vacature %(r)s hoort bij een andere werkgever (KvK %(k)s); een import verhuist geen vacature.")
                % {"r": cleaned["referentie"], "k": bestaand.werkgever.kvk_nummer})
        if bestaand is None and cleaned.get("startdatum") and cleaned["startdatum"] < timezone.localdate():
            self.add_error("startdatum", _("De startdatum ligt in het verleden."))
        # Same rule as vacature_status_wijzigen: an open vacature without beroep finds no kandidaten.
        status = cleaned.get("status") or (bestaand.status if bestaand else Vacature.Status.OPEN)
        if "beroep" in self.aanwezig:
            heeft_beroep = cleaned.get("beroep") is not None or "beroep" in self.errors
        else:
            heeft_beroep = bestaand is not None and bestaand.beroep_id is not None
        if status == Vacature.Status.OPEN and not heeft_beroep:
            self.add_error("beroep", _("Een open vacature heeft een beroep nodig; zonder beroep kunnen we geen "
                                       "kandidaten zoeken. Vul een beroep in of zet de status op concept."))
        return cleaned


def _controleer(gelezen, maak_form, modelvelden):
    """Validate every row; a repeated referentie is an error on the later row."""
    eerder, geldig, problemen = {}, [], []
    for rij in gelezen.rijen:
        fouten = list(rij.problemen)
        if fouten and not rij.waarden:  # a JSON item that is not an object: nothing to validate
            problemen.extend(Probleem(rij.plaats, veld, melding) for veld, melding in fouten)
            continue
        al_gemeld = {veld for veld, _melding in fouten}  # a JSON list where one value belongs: not also "verplicht"
        form = maak_form(rij)
        if not form.is_valid():
            for veld, meldingen in form.errors.items():
                if veld not in al_gemeld:
                    fouten.extend((None if veld == "__all__" else veld, m) for m in meldingen)
        referentie = form.cleaned_data.get("referentie")
        if referentie:
            if referentie in eerder:
                fouten.append(("referentie", _("De referentie %(r)s staat ook al op %(plaats)s.")
                               % {"r": referentie, "plaats": eerder[referentie]}))
            else:
                eerder[referentie] = rij.plaats
        if fouten:
            problemen.extend(Probleem(rij.plaats, veld, melding) for veld, melding in fouten)
        else:
            geldig.append(modelvelden(rij, form.cleaned_data))
    return geldig, problemen


# Columns whose empty cell means "not given": the default for a new row, unchanged for an existing one.
# Any other empty cell clears the field.
MET_STANDAARD = {"werkfit", "klantmanager", "vindbaar", "aantal_posities", "contracttype", "status"}


def _modelvelden(rij, cleaned, *, lijsten, hernoem=None):
    velden, m2m = {}, {}
    for kolom in rij.waarden:
        waarde = cleaned.get(kolom)
        if kolom in ("referentie", "vindbaar") or (kolom in MET_STANDAARD and waarde in (None, "")):
            continue
        if kolom in lijsten:
            m2m[kolom] = waarde
        elif kolom == "postcode":
            velden["postcode"], velden["gemeente"] = waarde, cleaned["gemeente"]
            velden["regio"] = cleaned["gemeente"].regio
        else:
            velden[(hernoem or {}).get(kolom, kolom)] = waarde
    if "klantmanager" not in rij.waarden and cleaned.get("klantmanager"):
        velden["klantmanager"] = cleaned["klantmanager"]  # from --klantmanager
    return GeldigeRij(plaats=rij.plaats, referentie=cleaned["referentie"], velden=velden, lijsten=m2m,
                      vindbaar=cleaned.get("vindbaar"))


def _referenties(gelezen):
    return {r.waarden["referentie"] for r in gelezen.rijen if isinstance(r.waarden.get("referentie"), str)}


def kandidaten_controleren(gelezen, *, standaard_klantmanager=None) -> Controle:
    opzoeker = Opzoeker()
    bestaand = _bestaande(Kandidaat.objects.only("pk", "externe_referentie", "klantmanager_id"), _referenties(gelezen))

    def maak_form(rij):
        return KandidaatImportForm(rij.waarden, opzoeker=opzoeker, bestaand=bestaand, aanwezig=set(rij.waarden),
                                   standaard_klantmanager=standaard_klantmanager)

    geldig, problemen = _controleer(gelezen, maak_form, lambda rij, cleaned: _modelvelden(
        rij, cleaned, lijsten=KANDIDATEN.lijsten))
    return Controle(geldig=geldig, problemen=problemen, aantal_rijen=len(gelezen.rijen), bestaand=set(bestaand))


def vacatures_controleren(gelezen) -> Controle:
    opzoeker = Opzoeker()
    bestaand = _bestaande(Vacature.objects.select_related("werkgever").only(
        "pk", "externe_referentie", "status", "beroep_id", "werkgever__kvk_nummer"), _referenties(gelezen))

    def maak_form(rij):
        return VacatureImportForm(rij.waarden, opzoeker=opzoeker, bestaand=bestaand, aanwezig=set(rij.waarden))

    geldig, problemen = _controleer(gelezen, maak_form, lambda rij, cleaned: _modelvelden(
        rij, cleaned, lijsten=VACATURES.lijsten, hernoem={"werkgever_kvk": "werkgever"}))
    return Controle(geldig=geldig, problemen=problemen, aantal_rijen=len(gelezen.rijen), bestaand=set(bestaand))


# --- writing ---------------------------------------------------------------------------------


def _verschil(obj, velden):
    """The fields whose value differs from what ``obj`` has (foreign keys compared by pk)."""
    gewijzigd = []
    for veld, waarde in velden.items():
        huidig = getattr(obj, veld + "_id") if veld in ("gemeente", "regio", "klantmanager", "werkgever", "beroep") \
            else getattr(obj, veld)
        nieuw = waarde.pk if hasattr(waarde, "pk") else waarde
        if huidig != nieuw:
            gewijzigd.append(veld)
    return gewijzigd


def _ids(manager):
    return {o.pk for o in manager.all()}  # prefetched


def _koppelingen_aanmaken(model, koppelingen):
    """Link new rows to their lists with one bulk INSERT per list instead of a ``.set()`` per row (that
    was three quarters of a 10,000-row import). New rows have no links to replace, and the m2m_changed
    receivers (matching.signals) only move ``gewijzigd_op``, which ``_aanraken`` does after the commit."""
    for veld, paren in koppelingen.items():
        m2m = model._meta.get_field(veld)
        through = m2m.remote_field.through
        van, naar = m2m.m2m_field_name() + "_id", m2m.m2m_reverse_field_name() + "_id"
        through.objects.bulk_create([through(**{van: obj.pk, naar: pk}) for obj, pk in paren])


def _aanraken(model, ids):
    """Move ``gewijzigd_op`` to now, after the import transaction committed.

    A long import transaction stamps its rows with a time from before its commit, and the per-process
    matching index catches up by that column (looking back a fixed window): without this a kandidaat
    committed late could stay invisible to a process that already looked past that time.
    """
    nu = timezone.now()
    for deel in _per_keer(ids):
        model.objects.filter(pk__in=deel).update(gewijzigd_op=nu)


def kandidaten_importeren(*, rijen, door=None) -> Uitkomst:
    """Write checked rows (``kandidaten_controleren(...).geldig``) in one transaction.

    An existing kandidaat with the same externe_referentie is updated: only the columns in the file, and a
    list column replaces the whole list. A new kandidaat gets a plan van aanpak and the klantmanager as
    vaste klantmanager (with history, as ``dossier_aanmaken`` does). ``vindbaar=ja`` records the consent
    unless it is active already or the kandidaat withdrew it; ``vindbaar=nee`` never withdraws it (only the
    kandidaat or their klantmanager does that, in the portal). One verwerkingenlog row per kandidaat
    created or changed; unchanged rows write nothing.
    """
    uitkomst = Uitkomst()
    with transaction.atomic():
        bestaand = _bestaande(
            Kandidaat.objects.select_for_update().prefetch_related(
                Prefetch("vaardigheden", queryset=Vaardigheid.objects.only("pk")),
                Prefetch("gewenste_beroepen", queryset=Beroep.objects.only("pk"))),
            [r.referentie for r in rijen])
        vindbaar = {}  # kandidaat pk -> True (active) / False (withdrawn, none active)
        for deel in _per_keer(k.pk for k in bestaand.values()):
            gegeven = Toestemming.objects.filter(kandidaat_id__in=deel, doel=Toestemming.Doel.VINDBAAR)
            for kandidaat_id, ingetrokken in gegeven.values_list("kandidaat_id", "ingetrokken_op"):
                vindbaar[kandidaat_id] = vindbaar.get(kandidaat_id, False) or ingetrokken is None
        nieuw, gewijzigd, toewijzingen, toestemmingen, koppelingen = [], [], [], [], defaultdict(list)
        for rij in rijen:
            kandidaat = bestaand.get(rij.referentie)
            is_nieuw = kandidaat is None
            if is_nieuw:
                kandidaat = Kandidaat(externe_referentie=rij.referentie, **rij.velden)
                kandidaat.save()
                for veld, ids in rij.lijsten.items():
                    koppelingen[veld].extend((kandidaat, pk) for pk in ids)
                toewijzingen.append(KlantmanagerToewijzing(kandidaat=kandidaat, klantmanager=kandidaat.klantmanager,
                                                           door=door))
                nieuw.append(kandidaat)
                veranderd = True
            else:
                velden = _verschil(kandidaat, rij.velden)
                if "klantmanager" in velden:
                    KlantmanagerToewijzing.objects.filter(kandidaat=kandidaat, tot__isnull=True).update(
                        tot=timezone.now())
                    toewijzingen.append(KlantmanagerToewijzing(
                        kandidaat=kandidaat, klantmanager=rij.velden["klantmanager"], door=door,
                        overdrachtsnotitie=_("Vaste klantmanager gewijzigd door een import.")))
                for veld in velden:
                    setattr(kandidaat, veld, rij.velden[veld])
                if velden:
                    kandidaat.save()
                lijsten = [v for v, ids in rij.lijsten.items() if set(ids) != _ids(getattr(kandidaat, v))]
                for veld in lijsten:
                    getattr(kandidaat, veld).set(rij.lijsten[veld])
                veranderd = bool(velden or lijsten)
            if rij.vindbaar is True and kandidaat.pk not in vindbaar:
                toestemmingen.append(Toestemming(kandidaat=kandidaat, doel=Toestemming.Doel.VINDBAAR,
                                                 verleend_door=None))
                vindbaar[kandidaat.pk] = True
                veranderd = True
            elif rij.vindbaar is True and vindbaar[kandidaat.pk] is False:
                uitkomst.meldingen.append(_("%(plaats)s: vindbaar=ja, maar %(k)s heeft die toestemming ingetrokken; "
                                            "de import zet haar niet terug.") % {"plaats": rij.plaats, "k": kandidaat})
            elif rij.vindbaar is False and vindbaar.get(kandidaat.pk):
                uitkomst.meldingen.append(_("%(plaats)s: vindbaar=nee, maar %(k)s gaf toestemming om vindbaar te zijn; "
                                            "intrekken doet de kandidaat of de klantmanager in het portaal.")
                                          % {"plaats": rij.plaats, "k": kandidaat})
            if is_nieuw:
                continue
            if veranderd:
                gewijzigd.append(kandidaat)
            else:
                uitkomst.ongewijzigd += 1
        _koppelingen_aanmaken(Kandidaat, koppelingen)
        PlanVanAanpak.objects.bulk_create([PlanVanAanpak(kandidaat=k) for k in nieuw])
        KlantmanagerToewijzing.objects.bulk_create(toewijzingen)
        toestemmingen = Toestemming.objects.bulk_create(toestemmingen)
        verwerkingen_registreer(gebruiker=door, actie=Verwerking.Actie.AANMAKEN, objecten=nieuw, doel=_("import"))
        verwerkingen_registreer(gebruiker=door, actie=Verwerking.Actie.WIJZIGEN, objecten=gewijzigd, doel=_("import"))
        verwerkingen_registreer(gebruiker=door, actie=Verwerking.Actie.AANMAKEN, objecten=toestemmingen,
                                doel=_("import: toestemming vindbaar"))
    uitkomst.nieuw, uitkomst.bijgewerkt = [k.pk for k in nieuw], [k.pk for k in gewijzigd]
    _aanraken(Kandidaat, uitkomst.nieuw + uitkomst.bijgewerkt)
    return uitkomst


def vacatures_importeren(*, rijen, door=None) -> Uitkomst:
    """Write checked rows (``vacatures_controleren(...).geldig``) in one transaction.

    Updates by externe_referentie like ``kandidaten_importeren``. A new vacature is open unless the file
    says otherwise; a vacature created or changed counts as confirmed (as in ``vacature_opslaan``) and gets
    a line on its werkgever's tijdlijn. A vaardigheid that is both required and wished stays required.
    """
    uitkomst = Uitkomst()
    nu = timezone.now()
    with transaction.atomic():
        bestaand = _bestaande(
            Vacature.objects.select_for_update().prefetch_related(
                Prefetch("vereiste_vaardigheden", queryset=Vaardigheid.objects.only("pk")),
                Prefetch("gewenste_vaardigheden", queryset=Vaardigheid.objects.only("pk"))),
            [r.referentie for r in rijen])
        nieuw, gewijzigd, tijdlijn, koppelingen = [], [], [], defaultdict(list)
        for rij in rijen:
            vacature = bestaand.get(rij.referentie)
            lijsten = dict(rij.lijsten)
            if "gewenste_vaardigheden" in lijsten:
                vereist = lijsten.get("vereiste_vaardigheden")
                if vereist is None:
                    vereist = _ids(vacature.vereiste_vaardigheden) if vacature else set()
                lijsten["gewenste_vaardigheden"] = [pk for pk in lijsten["gewenste_vaardigheden"] if pk not in vereist]
            is_nieuw = vacature is None
            if is_nieuw:
                vacature = Vacature(externe_referentie=rij.referentie, aangemaakt_door=door,
                                    **{"status": Vacature.Status.OPEN, **rij.velden})
                nieuw.append(vacature)
                tekst = _("Vacature aangemaakt: %(titel)s")
            else:
                velden = _verschil(vacature, rij.velden)
                for veld in velden:
                    setattr(vacature, veld, rij.velden[veld])
                lijsten = {v: ids for v, ids in lijsten.items() if set(ids) != _ids(getattr(vacature, v))}
                if not (velden or lijsten):
                    uitkomst.ongewijzigd += 1
                    continue
                gewijzigd.append(vacature)
                tekst = _("Vacature gewijzigd: %(titel)s")
            vacature.laatst_bevestigd_op, vacature.bevestiging_gevraagd_op = nu, None
            vacature.save()
            for veld, ids in lijsten.items():
                if is_nieuw:
                    koppelingen[veld].extend((vacature, pk) for pk in ids)
                else:
                    getattr(vacature, veld).set(ids)
            tijdlijn.append(Tijdlijnregel(werkgever_id=vacature.werkgever_id, soort=Tijdlijnregel.Soort.VACATURE,
                                          tekst=(tekst % {"titel": vacature.titel})[:500], door=door))
        _koppelingen_aanmaken(Vacature, koppelingen)
        Tijdlijnregel.objects.bulk_create(tijdlijn)
    uitkomst.nieuw, uitkomst.bijgewerkt = [v.pk for v in nieuw], [v.pk for v in gewijzigd]
    _aanraken(Vacature, uitkomst.nieuw + uitkomst.bijgewerkt)
    return uitkomst


# --- the two management commands -------------------------------------------------------------


class ImportCommand(BaseCommand):
    """Shared by ``import_kandidaten`` and ``import_vacatures``: options, report and exit status."""

    soort = None
    door_rollen = ()

    def add_arguments(self, parser):
        parser.add_argument("bestand", help="CSV- of JSON-bestand.")
        parser.add_argument("--format", dest="formaat", help="csv of json (standaard: volgens de extensie).")
        parser.add_argument("--encoding", help="Tekenset van het bestand, bijvoorbeeld utf-16 of cp1252 "
                                               "(standaard: UTF-8, anders Windows-1252).")
        parser.add_argument("--skip-invalid", action="store_true",
                            help="Sla regels met fouten over en importeer de rest (standaard: alles of niets).")
        parser.add_argument("--dry-run", action="store_true", help="Alleen controleren; niets opslaan.")
        parser.add_argument("--door", metavar="EMAIL", help="Wie de import doet; komt in het verwerkingenlog.")

    def controleren(self, gelezen, opties):
        raise NotImplementedError

    def importeren(self, rijen, door):
        raise NotImplementedError

    def samenvatting(self, nieuw, bijgewerkt, ongewijzigd, overgeslagen):
        raise NotImplementedError

    def gebruiker(self, email, rollen, optie):
        gebruiker = User.objects.filter(email__iexact=email.strip(), rol__in=rollen, is_active=True).first()
        if gebruiker is None:
            raise CommandError(_("%(optie)s: er is geen actieve %(rollen)s met e-mailadres %(e)s.") % {
                "optie": optie, "e": email, "rollen": _(" of ").join(str(Rol(r).label).lower() for r in rollen)})
        return gebruiker

    def handle(self, *args, **opties):
        pad = Path(opties["bestand"])
        if not pad.exists():
            raise CommandError(_("Bestand %(pad)s bestaat niet.") % {"pad": pad})
        if not pad.is_file():
            raise CommandError(_("%(pad)s is geen bestand.") % {"pad": pad})
        formaat = (opties["formaat"] or "").strip().lower() or None
        if formaat not in (None, "csv", "json"):
            raise CommandError(_("Onbekend formaat '%(f)s'; kies csv of json.") % {"f": opties["formaat"]})
        door = self.gebruiker(opties["door"], self.door_rollen, "--door") if opties["door"] else None
        try:
            gelezen = bestand_lezen(pad, self.soort, formaat=formaat, encoding=opties["encoding"])
        except Bestandsfout as fout:
            raise CommandError(str(fout)) from None
        for melding in gelezen.meldingen:
            self.stdout.write(self.style.WARNING(melding))
        controle = self.controleren(gelezen, opties)
        for probleem in controle.problemen:
            self.stdout.write(str(probleem))
        if controle.problemen and not opties["skip_invalid"]:
            raise CommandError(
                ngettext("%(n)d regel van %(t)d heeft fouten", "%(n)d regels van %(t)d hebben fouten",
                         controle.overgeslagen) % {"n": controle.overgeslagen, "t": controle.aantal_rijen}
                + "; " + _("er is niets opgeslagen. Verbeter het bestand, of importeer alleen de goede regels met "
                           "--skip-invalid."))
        if opties["dry_run"]:
            goed = len(controle.geldig)
            bekend = sum(1 for r in controle.geldig if r.referentie in controle.bestaand)
            self.stdout.write(
                ngettext("Proefdraai: %(g)d regel in orde", "Proefdraai: %(g)d regels in orde", goed) % {"g": goed}
                + " " + _("(%(n)d nieuw, %(b)d met een bekende referentie), %(o)s; er is niets opgeslagen.")
                % {"n": goed - bekend, "b": bekend, "o": _overgeslagen(controle.overgeslagen)})
            return
        try:
            uitkomst = self.importeren(controle.geldig, door)
        except DatabaseError as fout:
            raise CommandError(_("De import is teruggedraaid, er is niets opgeslagen: %(f)s. Draait er tegelijk "
                                 "een andere import? Probeer het opnieuw.") % {"f": fout}) from None
        for melding in uitkomst.meldingen:
            self.stdout.write(self.style.WARNING(melding))
        self.stdout.write(self.style.SUCCESS(self.samenvatting(
            len(uitkomst.nieuw), len(uitkomst.bijgewerkt), uitkomst.ongewijzigd, controle.overgeslagen)))


def _overgeslagen(n):
    return ngettext("%(n)d regel overgeslagen", "%(n)d regels overgeslagen", n) % {"n": n}


def samenvatting_kandidaten(nieuw, bijgewerkt, ongewijzigd, overgeslagen):
    """"12 kandidaten nieuw, 3 bijgewerkt, 2 regels overgeslagen" (a dry run counts what would happen)."""
    delen = [ngettext("%(n)d kandidaat nieuw", "%(n)d kandidaten nieuw", nieuw) % {"n": nieuw},
             _("%(n)d bijgewerkt") % {"n": bijgewerkt}]
    if ongewijzigd:
        delen.append(_("%(n)d ongewijzigd") % {"n": ongewijzigd})
    return ", ".join(delen + [_overgeslagen(overgeslagen)])


def samenvatting_vacatures(nieuw, bijgewerkt, ongewijzigd, overgeslagen):
    delen = [ngettext("%(n)d vacature nieuw", "%(n)d vacatures nieuw", nieuw) % {"n": nieuw},
             _("%(n)d bijgewerkt") % {"n": bijgewerkt}]
    if ongewijzigd:
        delen.append(_("%(n)d ongewijzigd") % {"n": ongewijzigd})
    return ", ".join(delen + [_overgeslagen(overgeslagen)])
