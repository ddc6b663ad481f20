"""A monitor table as a download: CSV (klantreis.lib.spreadsheet) or Excel (openpyxl), formula-safe in both.

The rows are the page's rows (monitor.tabellen): suppressed cells are "minder dan 5" here too. Only
aggregates, so the download is not written to the verwerkingenlog (tests/security/test_audit_dekking.py).
openpyxl is imported at the first Excel download, not with the URLs of every web process (klantreis.lib.lui)."""

from io import BytesIO

from django.http import HttpResponse

from klantreis.lib.lui import LuiModule
from klantreis.lib.spreadsheet import csv_response, veilige_cel, veilige_rij

openpyxl = LuiModule("openpyxl")
stijlen = LuiModule("openpyxl.styles")

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csv_download(tabel, bestandsnaam):
    return csv_response(f"{bestandsnaam}.csv", [str(k) for k in tabel.kop], tabel.exportrijen)


def xlsx_download(tabel, bestandsnaam):
    """Each text cell passes the CSV rule (``veilige_cel``): a formula gets a leading apostrophe and is stored as
    text, so Excel never runs it. Numbers stay numbers."""
    boek = openpyxl.Workbook()
    blad = boek.active
    blad.title = str(tabel.titel)[:31]
    blad.append(veilige_rij([str(k) for k in tabel.kop]))
    for rij in tabel.exportrijen:
        blad.append([veilige_cel(str(c)) if not isinstance(c, (int, float)) else c for c in rij])
    for cel in blad[1]:
        cel.font = stijlen.Font(bold=True)
    inhoud = BytesIO()
    boek.save(inhoud)
    response = HttpResponse(inhoud.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{bestandsnaam}.xlsx"'
    response["Cache-Control"] = "no-store"
    return response
