"""Switching language halfway through a form keeps what was typed."""

import pytest
from django.urls import reverse

from conftest import laad_referentiedata_na_flush
from tests.conftest import Toegankelijkheid, inloggen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(params=[1280, 390], ids=["desktop", "telefoon"])
def scherm(request, browser):
    context = browser.new_context(locale="nl-NL", viewport={"width": request.param, "height": 900})
    yield context.new_page(), request.param
    context.close()


def test_language_switch_keeps_a_half_filled_form(scherm, live_server):
    page, breedte = scherm
    laad_referentiedata_na_flush()
    page.goto(live_server.url + reverse("verzoek_indienen"))
    page.get_by_label("Naam van uw bedrijf").fill("Installatiebedrijf Betuwe")
    page.get_by_label("Plaats").fill("Tiel")
    page.get_by_label("Waarmee kunnen we u helpen?").fill("Twee monteurs, liefst per 1 maart.")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state("load")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("input[name=bedrijfsnaam]").input_value() == "Installatiebedrijf Betuwe"
    assert page.locator("input[name=plaats]").input_value() == "Tiel"
    assert page.locator("textarea[name=vraag]").input_value() == "Twee monteurs, liefst per 1 maart."
    # Only for that one switch: opening the page again later starts empty.
    page.goto(live_server.url + reverse("verzoek_indienen"))
    assert page.locator("input[name=bedrijfsnaam]").input_value() == ""
    page.get_by_role("button", name="Nederlands").click()
    page.wait_for_load_state("load")
    Toegankelijkheid().controleer(page, "taalwissel-formulier")
    assert page.evaluate("document.documentElement.scrollWidth") <= breedte


def test_language_switch_never_keeps_a_password(page, live_server, wereld_tx):
    inloggen(page, live_server, wereld_tx.werkzoekende_user.email)
    page.goto(live_server.url + reverse("account_change_password"))
    page.locator("input[type=password]").first.fill("geheim-wachtwoord-1")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state("load")
    assert page.locator("input[type=password]").first.input_value() == ""
    page.get_by_role("button", name="Nederlands").click()


@pytest.fixture
def wereld_tx():
    from conftest import Wereld

    return Wereld()
