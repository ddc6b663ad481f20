"""The brake page and the too-big-file message in real Chromium: calm Dutch text, axe (WCAG 2.1 AA) clean,
no horizontal scroll at 390 px."""

import pytest
from django.test import override_settings

from conftest import Wereld, laad_referentiedata_na_flush
from tests.conftest import Toegankelijkheid, inloggen
from werkzoekenden.tests.factories import KandidaatFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TELEFOON = {"width": 390, "height": 844}


def _geen_horizontale_scroll(page):
    page.set_viewport_size(TELEFOON)
    breedte = page.evaluate("document.documentElement.scrollWidth")
    assert breedte <= TELEFOON["width"], f"{page.url} scrolt horizontaal op 390 px ({breedte})"


def test_the_brake_page_explains_calmly(page, live_server):
    laad_referentiedata_na_flush()
    wereld = Wereld()
    tweede = KandidaatFactory(klantmanager=wereld.klantmanager)
    wereld.kandidaat.klantmanager = wereld.klantmanager
    wereld.kandidaat.save(update_fields=["klantmanager"])
    axe = Toegankelijkheid()
    inloggen(page, live_server, wereld.klantmanager.email)
    with override_settings(LIMIET_PROFIELEN=1):
        page.goto(f"{live_server.url}/dossiers/{wereld.kandidaat.pk}/")
        antwoord = page.goto(f"{live_server.url}/dossiers/{tweede.pk}/")
    assert antwoord.status == 429
    tekst = page.locator("main").inner_text()
    assert "Even wachten" in tekst and "Waarschijnlijk is dit een vergissing" in tekst
    assert "Over 10 minuten kun je weer verder" in tekst
    axe.controleer(page, "bulkrem")
    _geen_horizontale_scroll(page)


def test_a_too_big_cv_is_stopped_in_the_browser_before_it_is_sent(page, live_server, tmp_path):
    laad_referentiedata_na_flush()
    wereld = Wereld()
    axe = Toegankelijkheid()
    inloggen(page, live_server, wereld.werkzoekende_user.email)
    page.goto(f"{live_server.url}/dossiers/{wereld.kandidaat.pk}/cv/")
    groot = tmp_path / "cv.pdf"
    groot.write_bytes(b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024 + 1))
    verzoeken = []
    page.on("request", lambda r: verzoeken.append(r.method))
    page.get_by_label("Kies je cv (pdf of Word, hooguit 10 MB)").set_input_files(str(groot))
    page.get_by_role("button", name="Cv opslaan").click()
    melding = page.get_by_role("alert")
    assert "groter dan 10 MB" in melding.inner_text()
    assert "POST" not in verzoeken
    axe.controleer(page, "cv-te-groot")
    _geen_horizontale_scroll(page)
