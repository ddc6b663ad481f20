"""The waarneming page in real Chromium, at 1280 and 390 px: Jeske, who covers for Karin, reads before she saves that
Karin's waarneming goes along to the colleague she chooses; after saving, that Lotte covers for Karin too; and
Karin reads why Lotte covers her caseload. No page scrolls sideways, and axe finds nothing."""

import os

import pytest

from accounts.services import waarnemer_instellen
from accounts.tests.factories import KlantmanagerFactory
from conftest import Wereld
from tests.conftest import SCREENSHOTS, Toegankelijkheid, inloggen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _bekijken(page, naam, axe):
    axe.controleer(page, naam)
    for breedte in (1280, 390):
        page.set_viewport_size({"width": breedte, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth") <= breedte, (naam, breedte)
        if SCREENSHOTS:  # SCREENSHOT_DIR: each width, to look at
            page.screenshot(path=os.path.join(SCREENSHOTS, f"{naam}-{breedte}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_passing_on_the_waarneming_reads_clearly_at_both_widths(page, live_server):
    axe = Toegankelijkheid()
    wereld = Wereld()
    karin = wereld.klantmanager
    jeske = KlantmanagerFactory(organisatie=karin.organisatie, regio=karin.regio, voornaam="Jeske",
                                achternaam="Gunterman")
    KlantmanagerFactory(organisatie=karin.organisatie, regio=karin.regio, voornaam="Lotte", achternaam="Peters")
    waarnemer_instellen(gebruiker=karin, waarnemer=jeske)

    inloggen(page, live_server, jeske.email)
    page.goto(f"{live_server.url}/waarneming/")
    tekst = page.locator("main").inner_text()
    assert "Zelf neem je waar voor: Karin Klant." in tekst
    assert "Die waarneming gaat mee naar de collega die je kiest, tot je terug bent." in tekst
    _bekijken(page, "waarneming-voor", axe)

    page.get_by_label("Zoek je collega op naam").fill("lotte")
    page.get_by_role("radio", name="Lotte Peters").check()
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name="Opslaan").click()
    assert "Ook je waarneming voor Karin Klant gaat mee naar Lotte Peters, tot je terug bent." in page.locator(
        "main").inner_text()
    _bekijken(page, "waarneming-opgeslagen", axe)
    page.goto(f"{live_server.url}/waarneming/")
    assert "Zolang je afwezig bent, neemt Lotte Peters ook waar voor: Karin Klant." in page.locator(
        "main").inner_text()
    _bekijken(page, "waarneming-doorgegeven", axe)

    page.context.clear_cookies()
    inloggen(page, live_server, karin.email)
    page.goto(f"{live_server.url}/waarneming/")
    assert "Jeske Gunterman, die je koos, is zelf afwezig en gaf het door." in page.locator("main").inner_text()
    _bekijken(page, "waarneming-gekozen-afwezig", axe)
