"""Mijn kansen end to end in real Chromium at 390 px (issue #14 item 5): Willem opens Mijn kansen, reads why a
vacature fits and what is missing, clicks "Ik wil hier meer over weten"; Jeske (his klantmanager) sees the melding
and the task. axe (WCAG 2.1 AA) on every page, and nothing scrolls sideways."""

import os

import pytest

from beroepen.tests.factories import BeroepFactory
from conftest import Wereld
from tests.conftest import SCREENSHOTS, Toegankelijkheid, inloggen
from werkgevers.tests.factories import VacatureFactory, WerkgeverFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BREEDTE = 390


def _past(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= BREEDTE, page.url


def _foto(page, naam):
    if SCREENSHOTS:
        os.makedirs(SCREENSHOTS, exist_ok=True)
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{naam}.png"), full_page=True)


def test_willem_asks_about_a_vacature_and_jeske_hears_it(browser, live_server):
    wereld = Wereld()
    jeske = wereld.klantmanager
    jeske.voornaam, jeske.achternaam = "Jeske", "Gunterman"
    jeske.save()
    beroep = BeroepFactory(naam="productiemedewerker", met_vaardigheden=["machines bedienen", "inpakken", "VCA"])
    vaardigheden = {v.naam: v for v in beroep.vaardigheden.all()}
    willem = wereld.kandidaat
    willem.postcode, willem.max_reisafstand_km, willem.gewenste_uren = "6822 AB", 25, 32
    willem.save()
    willem.gewenste_beroepen.set([beroep])
    willem.vaardigheden.set([vaardigheden["machines bedienen"], vaardigheden["inpakken"]])
    vacature = VacatureFactory(
        werkgever=WerkgeverFactory(naam="Zuivel Oost B.V.", sector="Voedingsindustrie",
                                   accountmanager=wereld.accountmanager),
        titel="Productiemedewerker zuivel (vroege dienst, ploegentoeslag en vaste uren)", beroep=beroep,
        postcode="6812 AA", uren_per_week=32)
    vacature.vereiste_vaardigheden.set(list(vaardigheden.values()))

    axe = Toegankelijkheid()
    context = browser.new_context(locale="nl-NL", viewport={"width": BREEDTE, "height": 844})
    page = context.new_page()
    inloggen(page, live_server, wereld.werkzoekende_user.email)
    page.goto(f"{live_server.url}/mijn/kansen/")
    axe.controleer(page, "mijn kansen")
    _past(page)
    _foto(page, "kansen-390-willem")
    kaart = page.locator(f"#vacature-{vacature.pk}")
    assert "Productiemedewerker zuivel" in kaart.inner_text()
    assert "Je zoekt werk als productiemedewerker." in kaart.inner_text()
    assert "Je woont op 3 km." in kaart.inner_text()
    assert "Dit vragen ze en heb je nog niet: VCA." in kaart.inner_text()
    assert "Zuivel Oost" not in page.content()
    kaart.get_by_role("button", name="Ik wil hier meer over weten").click()
    page.wait_for_load_state("load")
    axe.controleer(page, "mijn kansen verstuurd")
    _past(page)
    _foto(page, "kansen-390-willem-verstuurd")
    assert "Jeske weet nu dat je hier meer over wilt weten" in page.content()
    assert "weet dat je hier meer over wilt weten" in page.locator(f"#vacature-{vacature.pk}").inner_text()
    assert page.locator(f"#vacature-{vacature.pk}").get_by_role("button").count() == 0
    context.close()

    context = browser.new_context(locale="nl-NL", viewport={"width": BREEDTE, "height": 844})
    page = context.new_page()
    inloggen(page, live_server, jeske.email)
    page.goto(f"{live_server.url}/meldingen/")
    axe.controleer(page, "meldingen jeske")
    _past(page)
    _foto(page, "kansen-390-jeske-meldingen")
    assert "Willem van de Vecht wil meer weten over de vacature Productiemedewerker zuivel" in page.content()
    page.goto(f"{live_server.url}/taken/")
    axe.controleer(page, "taken jeske")
    _past(page)
    _foto(page, "kansen-390-jeske-taken")
    assert "Willem van de Vecht wil meer weten over Productiemedewerker zuivel" in page.content()
    context.close()

    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    inloggen(page, live_server, wereld.werkzoekende_user.email)
    page.goto(f"{live_server.url}/mijn/kansen/")
    axe.controleer(page, "mijn kansen desktop")
    _foto(page, "kansen-1280-willem")
    context.close()
