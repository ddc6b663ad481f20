"""CSV that a spreadsheet opens as data, never as formulas (CSV or formula injection).

Excel and LibreOffice run a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and after a TAB or CR) as a formula:
``=CMD|' /C calc'!A0`` starts a program, ``=HYPERLINK(...)`` leaks data. Text that people typed (a name, a note,
a vacaturetitel) goes into every export, so each cell is checked on the way out: a formula gets a leading
apostrophe, which makes the spreadsheet show it as text. Numbers stay numbers: ``+31 6 12345678``, ``-12,50`` and
``-3`` have only digits and separators after the sign, which no spreadsheet can turn into a call.
The import (``klantreis.lib.forms.geen_formule``) uses the same test to refuse such text before it is stored.
"""

import csv
import re
from decimal import Decimal

from django.http import HttpResponse

FORMULETEKENS = ("=", "+", "-", "@", "\t", "\r")
# A sign followed by only digits and the separators of numbers, amounts, dates and phone numbers.
_GETAL = re.compile(r"^[+-]\s*\d[\d\s.,()/-]*$")


def is_formule(tekst):
    """Would a spreadsheet read this text as a formula?"""
    if not isinstance(tekst, str) or not tekst:
        return False
    begin = tekst.lstrip(" ")
    if not begin:
        return False
    if begin[0] in "=@\t\r" or tekst[0] in "\t\r":
        return True
    if begin[0] in "+-":
        return not _GETAL.match(begin)
    return False


def veilige_cel(waarde):
    """The value as a CSV cell: text that is a formula gets a leading apostrophe; numbers and None pass."""
    if waarde is None:
        return ""
    if isinstance(waarde, str) and is_formule(waarde):
        return "'" + waarde
    return waarde


def veilige_rij(rij):
    return [veilige_cel(waarde) for waarde in rij]


def _nederlands_getal(waarde):
    """A fraction with a decimal comma, as Dutch Excel reads it: "4.3" in a ';' file opens as the date 4 March, and
    "8.5" as 85 or a date. Whole numbers and text pass unchanged."""
    if isinstance(waarde, (float, Decimal)) and not isinstance(waarde, bool):
        return str(waarde).replace(".", ",")
    return waarde


def csv_response(bestandsnaam, kopregel, rijen):
    """A CSV download (UTF-8 with BOM so Excel reads accents, ';' and a decimal comma as Dutch Excel expects) with
    every cell made safe. The response has a Content-Disposition, so it is never stored (GeenOpslagMiddleware)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{bestandsnaam}"'
    response.write("\ufeff")
    schrijver = csv.writer(response, delimiter=";")
    schrijver.writerow(veilige_rij(kopregel))
    for rij in rijen:
        schrijver.writerow([_nederlands_getal(cel) for cel in veilige_rij(rij)])
    return response
