"""CSV exports and imports are formula-safe (klantreis.lib.spreadsheet), and numbers stay readable."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import Verwerking
from accounts.services import verwerking_registreer
from klantreis.lib.forms import geen_formule
from klantreis.lib.spreadsheet import csv_response, is_formule, veilige_cel

FORMULES = ["=CMD|' /C calc'!A0", "=1+1", "+A1", "-A1", "@SUM(A1:A2)", "\t=1+1", "\r=1", "  =HYPERLINK(\"x\")",
            "-2+3+cmd|' /C calc'!A0", "+31 6 12345678+cmd|' /C calc'!A0", "- tekst", "+", "-"]
GEEN_FORMULES = ["+31 6 12345678", "+31 (0)6-12345678", "-12,50", "-3", "-0.5", "+1", "Jan de Vries", "06-12345678",
                 "a=b", "e-mail: jan@example.nl", "", "2026-11-30"]


@pytest.mark.parametrize("tekst", FORMULES)
def test_a_formula_gets_an_apostrophe_and_is_refused_on_import(tekst):
    assert is_formule(tekst)
    assert veilige_cel(tekst) == "'" + tekst
    with pytest.raises(ValidationError):
        geen_formule(tekst)


@pytest.mark.parametrize("tekst", GEEN_FORMULES)
def test_numbers_and_plain_text_stay_as_they_are(tekst):
    assert not is_formule(tekst)
    assert veilige_cel(tekst) == tekst
    geen_formule(tekst)


def test_non_text_cells_pass():
    assert veilige_cel(None) == ""
    assert veilige_cel(-5) == -5
    assert veilige_cel(3.5) == 3.5


def _lees(response):
    tekst = b"".join(response).decode("utf-8") if response.streaming else response.content.decode("utf-8")
    assert tekst.startswith("\ufeff")
    return list(csv.reader(io.StringIO(tekst[1:]), delimiter=";"))


def test_csv_response_is_a_download_with_safe_cells():
    response = csv_response("x.csv", ["naam", "telefoon"], [["=HYPERLINK(\"http://x\")", "+31 6 12345678"]])
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
    assert _lees(response) == [["naam", "telefoon"], ["'=HYPERLINK(\"http://x\")", "+31 6 12345678"]]


@pytest.mark.django_db
def test_the_beheerder_downloads_the_verwerkingenlog_formula_safe_and_never_stored(client, wereld):
    """A name typed as a formula ends up in the log's descriptions; the export shows it as text."""
    wereld.kandidaat.voornaam = "=CMD|' /C calc'!A0"
    wereld.kandidaat.save()
    verwerking_registreer(gebruiker=wereld.klantmanager, actie=Verwerking.Actie.INZIEN, obj=wereld.kandidaat,
                          doel="+31 6 12345678")
    client.force_login(wereld.beheerder)
    ids = list(Verwerking.objects.values_list("pk", flat=True))
    response = client.post(reverse("admin:accounts_verwerking_changelist"),
                           {"action": "exporteer_csv", "_selected_action": ids})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    rijen = _lees(response)
    assert rijen[0] == ["tijdstip", "door", "rol", "organisatie", "actie", "wat", "soort gegeven", "record",
                        "omschrijving", "doel", "betrokkenen"]
    rij = next(r for r in rijen[1:] if r[7] == str(wereld.kandidaat.pk))
    assert rij[8].startswith("'") and "=CMD" in rij[8]
    assert rij[9] == "+31 6 12345678"
    assert rij[10].startswith("'") and "=CMD" in rij[10]
    assert not any(cel.startswith("=") for r in rijen for cel in r)
