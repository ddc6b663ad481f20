"""The one-time form key in real Chromium (klantreis.lib.forms.FormuliersleutelField, static/js/formuliersleutel.js):
every page is no-store, so the back button fetches the form anew with a fresh key. Willem records a sollicitatie,
goes back and presses "Opslaan" again: one sollicitatie. He opens the form again and records a second, real
sollicitatie with the same words: two."""

import pytest

from sollicitaties.models import Sollicitatieactiviteit
from tests.conftest import inloggen
from tests.test_browser_agenda import _klik, _wereld, scherm  # noqa: F401 (fixture)
from werkzoekenden.models import Kandidaat

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def wereld():
    wereld = _wereld()
    Kandidaat.objects.filter(pk=wereld.kandidaat.pk).update(uitkering=Kandidaat.Uitkering.WW)
    return wereld


def _invullen(page):
    page.get_by_label("Bij welke werkgever?").fill("Randstad")
    page.get_by_label("Welke functie?").fill("Productiemedewerker")
    page.get_by_label("Hoe heb je gesolliciteerd?").select_option("formulier")


def test_back_and_opslaan_again_is_one_sollicitatie_a_new_visit_is_another(scherm, live_server, wereld):  # noqa: F811
    willem = scherm(390)
    inloggen(willem, live_server, wereld.werkzoekende_user.email)
    formulier = f"{live_server.url}/dossier/{wereld.kandidaat.pk}/sollicitatieplicht/nieuw/"
    willem.goto(formulier)
    _invullen(willem)
    _klik(willem, "button", "Opslaan")
    assert "Je sollicitatie is opgeslagen." in willem.locator("main").inner_text()

    willem.go_back()
    assert willem.get_by_label("Bij welke werkgever?").input_value() == "Randstad"  # the browser put it back
    _klik(willem, "button", "Opslaan")
    assert "Je sollicitatie is opgeslagen." in willem.locator("main").inner_text()
    assert Sollicitatieactiviteit.objects.filter(kandidaat=wereld.kandidaat).count() == 1

    willem.goto(formulier)  # a new visit: another vacature with the same title
    _invullen(willem)
    _klik(willem, "button", "Opslaan")
    assert Sollicitatieactiviteit.objects.filter(kandidaat=wereld.kandidaat).count() == 2
