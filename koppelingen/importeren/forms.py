"""The per-row forms: one Dutch message per field, codes or labels for choices, ``|``-separated lists."""

import datetime
import re

from django import forms
from django.utils import formats, timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from klantreis.lib.forms import (
    EMAIL_FOUT,
    POSTCODE,
    TE_VER_VOORUIT,
    TWEE_JAAR,
    Datumgrens,
    Tekstlimieten,
    TelefoonField,
    geen_formule,
)
from klantreis.lib.postcode import normaliseer_postcode
from werkgevers.forms import STARTDATUM_GRENZEN
from werkgevers.models import Contracttype, Rijbewijs, Taalniveau, Vacature
from werkzoekenden.forms import CONTRACT_KEUZES, DATUMGRENZEN, RIJBEWIJS_KEUZES
from werkzoekenden.models import Kandidaat

LIJSTSCHEIDER = "|"
DATUMNOTATIES = ["%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d-%m-%y"]  # and with slashes: SCHUINE_DATUM
# "3/4/2026": 3 April as the Dutch write it, 4 March from an American Excel (month/day/year). Which one is decided per
# column of a file (``datumvolgorde``); a dash or a dot is always day-month, as above.
SCHUINE_DATUM = re.compile(r"\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*")
# "31 dec 2026", "31 december 2026", "31-dec-26": how a Dutch source system or spreadsheet writes a date in words.
# English abbreviations too (Excel in English writes "31-Dec-2026"); "mei" and "may" are the same month.
MAANDEN = {
    **dict.fromkeys(("jan", "januari", "january"), 1), **dict.fromkeys(("feb", "februari", "february"), 2),
    **dict.fromkeys(("mrt", "maa", "maart", "mar", "march"), 3), **dict.fromkeys(("apr", "april"), 4),
    **dict.fromkeys(("mei", "may"), 5), **dict.fromkeys(("jun", "juni", "june"), 6),
    **dict.fromkeys(("jul", "juli", "july"), 7), **dict.fromkeys(("aug", "augustus", "august"), 8),
    **dict.fromkeys(("sep", "sept", "september"), 9), **dict.fromkeys(("okt", "oktober", "oct", "october"), 10),
    **dict.fromkeys(("nov", "november"), 11), **dict.fromkeys(("dec", "december"), 12),
}
JAAR_IN_TWEE_CIJFERS = re.compile(r"\d{1,2}-\d{1,2}-\d{2}")  # "%d-%m-%y" in DATUMNOTATIES
DATUM_IN_WOORDEN = re.compile(r"^(\d{1,2})[\s.-]*([^\W\d_]+)\.?[\s.-]*(\d{4}|\d{2})$")
JA = {"ja", "j", "1", "true", "waar", "yes", "y", "x"}
NEE = {"nee", "n", "0", "false", "onwaar", "no"}


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


class DatumField(forms.DateField):
    """A date as digits (``DATUMNOTATIES``, ``SCHUINE_DATUM``) or with the month in words, Dutch or English:
    "31 dec 2026". ``maand_eerst`` and ``gemengd`` are set per import by ``datumvolgorde``."""

    input_formats = DATUMNOTATIES
    default_error_messages = {"invalid": gettext_lazy("Vul een datum in zoals 31-12-2026, 31 dec 2026 of 2026-12-31.")}
    maand_eerst = False  # this file's slash dates in this column are American: month/day/year
    gemengd = None  # the message for a column whose slash dates come in both orders: none of them is read

    def to_python(self, value):
        schuin = SCHUINE_DATUM.fullmatch(value) if isinstance(value, str) else None
        if schuin is not None:
            if self.gemengd:
                raise forms.ValidationError(self.gemengd, code="gemengd")
            eerste, tweede, jaar = (int(deel) for deel in schuin.groups())
            maand, dag = (eerste, tweede) if self.maand_eerst else (tweede, eerste)
            try:
                return datetime.date(jaar, maand, dag)
            except ValueError:  # 31/2/2026, 0/1/2026
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        gevonden = DATUM_IN_WOORDEN.match(value.strip()) if isinstance(value, str) else None
        if gevonden is None or gevonden[2].lower() not in MAANDEN:
            datum = super().to_python(value)
            kort = datum is not None and isinstance(value, str) and JAAR_IN_TWEE_CIJFERS.fullmatch(value.strip())
            # strptime's %y makes 69-99 the 1900s, while "31 dec 70" below is 2070: one rule for both.
            return self._kort_jaar(datum.replace(year=2000 + datum.year % 100)) if kort else datum
        dag, jaar = int(gevonden[1]), int(gevonden[3])
        try:
            datum = datetime.date(jaar + 2000 if jaar < 100 else jaar, MAANDEN[gevonden[2].lower()], dag)
        except ValueError:  # 31 feb
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        return self._kort_jaar(datum) if jaar < 100 else datum

    @staticmethod
    def _kort_jaar(datum):
        """A year in two digits is this century; far ahead ("31-12-70") it was more likely 1970, and neither is a
        date to import without asking: beschikbaar_per and startdatum lie near today (their forms allow two years)."""
        if datum > TWEE_JAAR.vanaf(timezone.localdate()):
            raise forms.ValidationError(TE_VER_VOORUIT, code="te_ver_vooruit", params={"termijn": TWEE_JAAR.tekst})
        return datum


def _datum_of_none(jaar, maand, dag):
    try:
        return datetime.date(jaar, maand, dag)
    except ValueError:
        return None


def datumvolgorde(rijen, kolommen):
    """How to read the slash dates ("3/4/2026") of each date column of a file: ``({kolom: (maand_eerst, gemengd)},
    meldingen)``.

    One file comes from one program, so one column holds one order. A date whose middle part is above 12
    ("12/31/2026") can only be month/day: then every slash date in the column is (American Excel). A date whose first
    part is above 12 ("31/12/2026") can only be day/month. When every slash date could be either ("3/4/2026"), the
    column is read day/month, as in the Netherlands and in a British Excel, and the report says so with an example,
    so that the one who imports sees "3 april 2026" and can stop a file from an American Excel. A column with both
    an American and a Dutch date is not read at all (``gemengd``, an error on each of its slash dates): which of the
    two is meant by "3/4/2026" cannot be told, and a date read wrongly is worse than a row refused.
    """
    volgorde, meldingen = {}, []
    for kolom in kolommen:
        amerikaans = nederlands = dubbelzinnig = None  # the first (plaats, waarde) of each kind
        for rij in rijen:
            waarde = rij.waarden.get(kolom)
            schuin = SCHUINE_DATUM.fullmatch(waarde) if isinstance(waarde, str) else None
            if schuin is None:
                continue
            eerste, tweede, jaar = int(schuin[1]), int(schuin[2]), int(schuin[3])
            # Only a real date tells the order: 2/30/2026 or 31/4/2026 is none either way, and is refused by itself.
            als_amerikaans, als_nederlands = _datum_of_none(jaar, eerste, tweede), _datum_of_none(jaar, tweede, eerste)
            if als_amerikaans and not als_nederlands:
                amerikaans = amerikaans or (rij.plaats, waarde.strip())
            elif als_nederlands and not als_amerikaans:
                nederlands = nederlands or (rij.plaats, waarde.strip())
            elif als_nederlands and eerste != tweede and not dubbelzinnig:
                dubbelzinnig = (rij.plaats, waarde.strip(), als_nederlands)
        if amerikaans and nederlands:
            volgorde[kolom] = (False, _(
                "In deze kolom staan datums met een schuine streep in twee volgordes: %(us)s (%(us_plaats)s) kan "
                "alleen maand/dag/jaar zijn en %(nl)s (%(nl_plaats)s) alleen dag/maand/jaar. Welke datum er bedoeld "
                "is, is zo niet te zien. Schrijf de datums in deze kolom als 31-12-2026 of 2026-12-31.") % {
                "us": amerikaans[1], "us_plaats": amerikaans[0], "nl": nederlands[1], "nl_plaats": nederlands[0]})
        elif amerikaans:
            volgorde[kolom] = (True, None)
            meldingen.append(_("Let op: kolom %(k)s: de datums met een schuine streep zijn gelezen als "
                               "maand/dag/jaar (Amerikaanse Excel), omdat %(w)s (%(plaats)s) alleen zo een datum is.")
                             % {"k": kolom, "w": amerikaans[1], "plaats": amerikaans[0]})
        elif dubbelzinnig and not nederlands:
            meldingen.append(_("Let op: kolom %(k)s: de datums met een schuine streep zijn gelezen als "
                               "dag/maand/jaar: %(w)s (%(plaats)s) is %(datum)s. Komt het bestand uit een Amerikaanse "
                               "Excel (maand/dag/jaar)? Schrijf de datums dan als 2026-12-31 en importeer opnieuw.")
                             % {"k": kolom, "w": dubbelzinnig[1], "plaats": dubbelzinnig[0],
                                "datum": formats.date_format(dubbelzinnig[2], "j F Y")})
    return volgorde, meldingen


# A Dutch number of ten digits without its 0: a mobile number (6), an area code (1-5, 7: 010 to 079) or a nationwide
# number (084, 085, 087, 088). 08x and 09x numbers of other lengths (0800, 0900) and 097 (machines) never have nine.
NEDERLANDS_ZONDER_NUL = r"(?:[1-7]\d{8}|8[4578]\d{7})"
# The country codes of the other EU countries. A number of 11 to 15 digits (E.164 allows 15) that begins with one is a
# foreign number whose + Excel dropped (a Dutch number has ten digits with its 0): +32470123456 came as 32470123456,
# a German mobile number +4915112345678 as 4915112345678.
EU_LANDNUMMER = r"(?:30|3[2346]|35[1236789]|37[012]|38[56]|39|40|42[01]|43|45|46|48|49)"
# Country codes outside the EU that many werkzoekenden here have a number of, each with the number of digits after it
# (the national number of the ITU numbering plan), so that only a number of a plausible length gets its + back:
# +212 612345678 (Morocco) came as 212612345678, +90 5321234567 (Turkey) as 905321234567, +597 8123456 (Suriname)
# as 5978123456. Nine digits stay a Dutch number without its 0 (0597 is also a Dutch area code).
BUITEN_EU_LANDNUMMERS = {
    "212": (9,), "213": (9,), "216": (8,),  # Morocco, Algeria, Tunisia
    "90": (10,),  # Turkey
    "597": (7,), "599": (7, 8), "297": (7,),  # Suriname, Curaçao and Bonaire, Aruba
    "44": (9, 10), "41": (9,), "47": (8,),  # United Kingdom, Switzerland, Norway
    "380": (9,),  # Ukraine
    "963": (8, 9), "964": (10,), "98": (10,), "93": (9,),  # Syria, Iraq, Iran, Afghanistan
    "251": (9,), "291": (7,), "252": (8, 9),  # Ethiopia, Eritrea, Somalia
}
BUITEN_EU_NUMMER = "|".join(f"{code}\\d{{{lengte}}}" for code, lengtes in BUITEN_EU_LANDNUMMERS.items()
                            for lengte in lengtes)


class ImportTelefoonField(TelefoonField):
    """``TelefoonField``, and what Excel made of a phone number in a number column: "612345678" is 0612345678 (it
    drops the leading zero), and "31612345678" is +31612345678 (it drops the + of "+31612345678", and the zeros of
    "0031612345678"), as is a foreign number of 11 to 15 digits that begins with the country code of another EU
    country ("32470123456" is +32470123456), or that has the length of a number of one of ``BUITEN_EU_LANDNUMMERS``
    ("212612345678" is +212612345678). Nine digits that are no Dutch number without its 0 are refused with a
    message rather than made into a Dutch number that does not exist. (A Spanish mobile number, also nine digits
    beginning with 6, cannot be told from a Dutch one: written without +34 it reads as Dutch.)"""

    def to_python(self, value):
        if isinstance(value, str):
            kaal = value.strip()
            if re.fullmatch(NEDERLANDS_ZONDER_NUL, kaal):
                value = "0" + kaal
            elif re.fullmatch("31" + NEDERLANDS_ZONDER_NUL, kaal) or (
                    re.fullmatch(r"\d{11,15}", kaal) and re.match(EU_LANDNUMMER, kaal)) or re.fullmatch(
                    BUITEN_EU_NUMMER, kaal):
                value = "+" + kaal
            elif re.fullmatch(r"[1-9]\d{8}", kaal):
                raise forms.ValidationError(
                    _("%(w)s heeft 9 cijfers, maar is geen Nederlands nummer waar de 0 van afgevallen is (zo'n nummer "
                      "begint met een 6 of met een netnummer). Is het een buitenlands nummer? Zet er dan een + en het "
                      "landnummer voor, zoals +32 470 12 34 56.") % {"w": kaal}, code="geen_nederlands_nummer")
        return super().to_python(value)


def _datum():
    return DatumField(required=False)


class AantalField(forms.IntegerField):
    """A whole number, also as Dutch Excel writes a number column with decimals: "32,0" (and "32.0")."""

    def to_python(self, value):
        if isinstance(value, str):
            gevonden = re.fullmatch(r"\s*(\d+)[.,](\d+)\s*", value)
            if gevonden and int(gevonden[2]):
                raise forms.ValidationError(self.error_messages["heel"], code="heel")
            if gevonden:
                value = gevonden[1]
        return super().to_python(value)


def _aantal(laagste, hoogste, *, required=False):
    melding = format_lazy(gettext_lazy("Vul een getal in van {laag} tot en met {hoog}."), laag=laagste, hoog=hoogste)
    heel = format_lazy(gettext_lazy("Vul een heel getal in van {laag} tot en met {hoog}, zonder komma."),
                       laag=laagste, hoog=hoogste)
    return AantalField(min_value=laagste, max_value=hoogste, required=required, error_messages={
        "invalid": melding, "min_value": melding, "max_value": melding, "heel": heel})


class _ImportForm(Tekstlimieten, forms.Form):
    referentie = forms.CharField(max_length=50)
    postcode = forms.RegexField(**POSTCODE)

    def __init__(self, data, *, opzoeker, bestaand, aanwezig, datumvolgorde=None, **kwargs):
        """``datumvolgorde``: how this file writes its slash dates, per column (``datumvolgorde()``)."""
        super().__init__(data, **kwargs)
        self.opzoeker, self.bestaand, self.aanwezig = opzoeker, bestaand, aanwezig
        for veld in self.fields.values():
            if isinstance(veld, forms.CharField):
                veld.validators.append(geen_formule)
        for kolom, (maand_eerst, gemengd) in (datumvolgorde or {}).items():
            self.fields[kolom].maand_eerst, self.fields[kolom].gemengd = maand_eerst, gemengd

    def binden(self, data, *, aanwezig):
        """This form, bound to the next row. Each new form deep-copies its ~18 fields and their widgets: a third of
        the time of a 70,000-row import went to that. The fields hold no row state (what a row makes is in
        ``cleaned_data`` and ``errors``, both new at every ``full_clean``), so one form checks every row of an
        import in turn; its bound fields read ``data`` when asked."""
        self.data, self.is_bound, self.aanwezig, self._errors = data, True, aanwezig, None
        self.__dict__.pop("changed_data", None)
        return self

    def clean_postcode(self):
        postcode = normaliseer_postcode(self.cleaned_data["postcode"].strip())
        gemeente = self.opzoeker.gemeente(postcode)
        if gemeente is None:
            raise forms.ValidationError(_("Deze postcode kennen we niet. Controleer de vier cijfers."))
        self.cleaned_data["gemeente"] = gemeente
        return postcode

    def _binnen_grenzen(self, veld, grenzen):
        """The bounds the portal's own form puts on this date (``Datumgrens``: 1-1-2999, 1-1-1066). As in the dossier
        form, only a date that changes is checked: a daily export that repeats what is stored still imports."""
        datum = self.cleaned_data[veld]
        bestaand = self.bestaand.get(self.cleaned_data.get("referentie"))
        if datum is not None and (bestaand is None or getattr(bestaand, veld) != datum):
            Datumgrens(**grenzen)(datum)
        return datum

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
    telefoon = ImportTelefoonField(required=False)
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

    def clean_beschikbaar_per(self):
        return self._binnen_grenzen("beschikbaar_per", DATUMGRENZEN["beschikbaar_per"])

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
    # "0123 4567" as people write it, and "1234567": Excel drops the leading zero of a number column.
    # And "1234567.0" or "1234567,0": a number column with decimals (pandas, Excel), whose 0 is not a digit of it.
    werkgever_kvk = forms.RegexField(regex=r"^\s*((\d[\s.]*){7,8}|\d{7,8}[.,]\d+\s*)$", error_messages={
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
        waarde = self.cleaned_data["werkgever_kvk"].strip()
        decimaal = re.fullmatch(r"(\d{7,8})[.,](\d+)", waarde)
        if decimaal and int(decimaal[2]):
            raise forms.ValidationError(self.fields["werkgever_kvk"].error_messages["invalid"], code="invalid")
        kvk = (decimaal[1] if decimaal else re.sub(r"[\s.]", "", waarde)).zfill(8)
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

    def clean_startdatum(self):
        return self._binnen_grenzen("startdatum", STARTDATUM_GRENZEN)

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
