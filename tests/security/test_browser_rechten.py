"""At phone width (390 px): Willem downloads his data (JSON and PDF, and opens them) and asks for a correction;
Jeske sees the task with the legal deadline and answers; Willem reads the answer. Axe 0 on every page, and
nothing sticks out sideways."""

import io
import json
from pathlib import Path

import pytest
from django.utils import timezone
from pypdf import PdfReader

from conftest import Wereld
from tests.conftest import inloggen
from werkzoekenden.models import Rechtenverzoek, een_maand_later

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BREEDTE = 390


def past(page, axe, naam):
    assert page.evaluate("document.documentElement.scrollWidth") <= BREEDTE, f"{naam} is breder dan {BREEDTE} px"
    axe.controleer(page, naam)


def test_willem_downloads_and_asks_jeske_answers(browser, live_server, axe):
    wereld = Wereld()
    wereld.met_bemiddeling()
    jeske = wereld.klantmanager
    jeske.voornaam, jeske.achternaam = "Jeske", "de Graaf"
    jeske.save(update_fields=["voornaam", "achternaam"])
    context = browser.new_context(locale="nl-NL", viewport={"width": BREEDTE, "height": 844}, accept_downloads=True)
    page = context.new_page()

    inloggen(page, live_server, wereld.werkzoekende_user.email)
    page.get_by_role("link", name="Alles downloaden of iets laten verbeteren").first.click()
    page.wait_for_load_state("load")
    past(page, axe, "390-mijn-gegevens")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download als JSON (voor een computer)").click()
    gegevens = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert gegevens["profiel"]["voornaam"] == "Willem"
    assert gegevens["voordrachten"][0]["werkgever"] == "De Heul Installatietechniek"
    with page.expect_download() as download:
        page.get_by_role("link", name="Download als PDF (om te lezen)").click()
    pdf = PdfReader(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert "van de Vecht" in "".join(p.extract_text() for p in pdf.pages)

    page.get_by_label("Iets verbeteren").check()
    page.get_by_label("Over welke gegevens gaat het?").fill("Mijn telefoonnummer is oud")
    page.get_by_label("Wat moet het worden? Of: waarom wil je dit?").fill("06 44443333")
    page.get_by_role("button", name="Verzoek versturen").click()
    page.wait_for_load_state("load")
    assert "We hebben je verzoek ontvangen" in page.content()
    assert page.get_by_text("Ontvangen", exact=True).is_visible()
    past(page, axe, "390-mijn-gegevens-verzoek")
    verzoek = Rechtenverzoek.objects.get(kandidaat=wereld.kandidaat)
    context.clear_cookies()

    inloggen(page, live_server, jeske.email)
    page.goto(live_server.url + "/taken/")
    taak = page.locator("#taken-lijst li", has_text="Verzoek van Willem van de Vecht")
    # The legal month runs from the Dutch calendar day of the request, not the UTC one (between 23:00 and 00:00
    # UTC these differ).
    uiterlijk = een_maand_later(timezone.localdate(verzoek.ingediend_op))
    assert verzoek.uiterlijk == uiterlijk
    assert taak.is_visible()
    maanden = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
               "november", "december"]
    assert f"{uiterlijk.day} {maanden[uiterlijk.month - 1]}" in taak.inner_text()
    past(page, axe, "390-taken-verzoek")
    taak.get_by_role("link", name="naar het verzoek").click()
    page.wait_for_load_state("load")
    assert "Mijn telefoonnummer is oud" in page.content()
    past(page, axe, "390-rechtenverzoek")
    page.get_by_role("button", name="In behandeling nemen").click()
    page.wait_for_load_state("load")
    page.get_by_label("Gedaan zoals gevraagd").check()
    page.get_by_label("Antwoord aan de werkzoekende").fill("Ik heb je telefoonnummer aangepast naar 06 44443333.")
    page.get_by_role("button", name="Antwoord versturen en afhandelen").click()
    page.wait_for_load_state("load")
    past(page, axe, "390-rechtenverzoek-afgehandeld")
    context.clear_cookies()

    inloggen(page, live_server, wereld.werkzoekende_user.email)
    page.goto(live_server.url + "/mijn/gegevens/")
    assert "Ik heb je telefoonnummer aangepast naar 06 44443333." in page.content()
    assert page.get_by_text("Afgehandeld", exact=True).is_visible()
    past(page, axe, "390-mijn-gegevens-antwoord")
    context.close()
