"""Step 1: a CSV or JSON file to rows of text, or a ``Bestandsfout`` with one Dutch sentence.

Encoding (UTF-8, else Windows-1252 as Dutch Excel writes it), delimiter, header and the physical line
number of every row. ``KANDIDATEN`` and ``VACATURES`` say which columns each import expects.
"""

import codecs
import csv
import itertools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

SCHEIDINGSTEKENS = (";", "\t", ",")  # on a tie the first wins: Dutch Excel writes semicolons
# Control characters that never occur in a text file (tab, line breaks and form feed do).
BESTURINGSTEKENS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


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


@dataclass(slots=True)
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


def _utf8_of_cp1252(regel):
    try:
        return regel.decode("utf-8")
    except UnicodeDecodeError:
        return regel.decode("cp1252")


def _decodeer(data, naam, encoding=None):
    """Bytes to text: UTF-16 with its BOM, UTF-8 (a BOM is dropped), else Windows-1252; ``encoding`` overrides."""
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
    elif data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        # Excel's "Unicode-tekst" (tab-separated) and many Windows exports: the BOM says what it is.
        try:
            tekst = data.decode("utf-16").removeprefix("\ufeff")
        except UnicodeDecodeError:
            raise _niet_tekst(naam) from None
    else:
        if b"\x00" in data:
            # UTF-16 without a BOM and every binary format (xlsx is a zip) contain NUL bytes.
            raise _niet_tekst(naam)
        try:
            tekst = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                # A file begun in one program (UTF-8, often with a BOM) and added to in another (Windows-1252): each
                # line as what it is, else its UTF-8 lines would be imported as "ZoÃ«". Windows-1252 text that is
                # also valid UTF-8 is not written by people ("Ã«"); a UTF-8 character never spans a line break.
                tekst = "".join(_utf8_of_cp1252(regel)
                                for regel in data.removeprefix(codecs.BOM_UTF8).splitlines(keepends=True))
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


# A line with its end (\r\n, \r or \n, kept), as io.StringIO(tekst, newline="") yields them.
REGEL = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def _regels(tekst):
    """The lines of ``tekst`` one at a time: ``io.StringIO`` first copies the whole text, at four bytes a character
    (64 MB for a 16 MB file)."""
    return (gevonden.group() for gevonden in REGEL.finditer(tekst))


def _csv_rijen(tekst, soort):
    eerste = next((regel.strip() for regel in _regels(tekst) if regel.strip()), "")
    scheiding = _scheidingsteken(eerste)
    excel_hint = re.fullmatch(r"sep=(.)", eerste)  # Excel's optional first line, e.g. "sep=;"
    if excel_hint:
        scheiding = excel_hint.group(1)
    lezer = csv.reader(_regels(tekst), delimiter=scheiding)
    namen, rijen, laatste, regels_tekst = None, [], None, None
    while True:
        begin = lezer.line_num + 1  # a quoted value may span lines: the row starts after the previous one
        try:
            cellen = next(lezer)
        except StopIteration:
            break
        except csv.Error:
            # In practice only "field larger than field limit": a quote that is never closed swallowed 128 kB.
            raise _open_aanhalingsteken(begin) from None
        laatste = (begin, cellen)
        if any("\n" in c or "\r" in c for c in cellen):
            # A value over more lines is fine in quotes, as Excel writes it. But a stray quote that a later quote
            # "closes" ('K-3;"Anna"') makes the lines between one value, and those rows vanished without a word.
            # That later quote is followed by text, which the strict reader refuses (a proper value never is).
            regels_tekst = regels_tekst or list(_regels(tekst))  # only for a file with such a value
            try:
                list(csv.reader(regels_tekst[begin - 1:lezer.line_num], delimiter=scheiding, strict=True))
            except csv.Error:
                raise _open_aanhalingsteken(begin) from None
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
    if laatste is not None and any("\n" in c or "\r" in c for c in laatste[1]):
        # The reader takes a quote that is never closed as a value up to the end of the file, so every later row
        # vanished into one cell and the report spoke only of missing fields. A record in proper CSV holds an even
        # number of quotes (enclosing pairs, doubled inside).
        ruw = "".join(itertools.islice(_regels(tekst), laatste[0] - 1, None))
        if ruw.count('"') % 2:
            raise _open_aanhalingsteken(laatste[0])
    return rijen


def _open_aanhalingsteken(regel):
    return Bestandsfout(_('Regel %(n)s heeft een aanhalingsteken (") dat niet wordt gesloten, zodat de rest van het '
                          "bestand één waarde lijkt. Haal het weg, of zet de hele waarde tussen aanhalingstekens.")
                        % {"n": regel})


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
        grootte = pad.stat().st_size
        if grootte > settings.IMPORT_MAX_BYTES:
            # Before reading: every row is held, checked and written in one transaction.
            raise Bestandsfout(_("%(naam)s is %(grootte)s MB; een import leest hoogstens %(max)s MB (instelling "
                                 "IMPORT_MAX_MB). Splits het bestand in delen van hoogstens %(max)s MB, met de "
                                 "kopregel bovenaan elk deel, en importeer die na elkaar.")
                               % {"naam": pad.name, "max": settings.IMPORT_MAX_BYTES // (1024 * 1024),
                                  "grootte": formats.number_format(grootte / (1024 * 1024), 1, use_l10n=True)})
        data = pad.read_bytes()
    except OSError as fout:
        raise Bestandsfout(_("%(naam)s kan niet gelezen worden: %(fout)s")
                           % {"naam": pad, "fout": fout.strerror}) from None
    formaat = formaat or formaat_bij(pad, data)
    tekst, meldingen = _decodeer(data, pad.name, encoding)
    del data  # the text is all that is needed from here: half the memory of a large file
    rijen = (_json_rijen if formaat == "json" else _csv_rijen)(tekst, soort)
    if not rijen:
        # Not an error: a daily export with no changes is only a header. But a file saved from the wrong sheet
        # or cut off looks the same, and "0 nieuw" alone does not tell the person who ran it.
        meldingen.append(_("Let op: %(naam)s heeft geen regels met gegevens, alleen een kopregel (of een lege "
                           "lijst). Er is niets te importeren.") % {"naam": pad.name})
    return Gelezen(rijen=rijen, meldingen=meldingen)
