"""Issue #13, berichten and meldingen in real Chromium: Willem (on a 390 px phone) sends Jeske a message with an
attachment, Jeske (at her desk) answers, Willem sees the count in the header and reads the answer. axe (WCAG 2.1
AA) on every new page at both widths, and nothing sticks out sideways on the phone."""

import pytest

from berichten.models import Bericht, Bijlage
from conftest import Wereld
from meldingen.models import Melding
from tests.conftest import Toegankelijkheid, inloggen
from tests.security.test_uploads import schone_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = schone_pdf()
TELEFOON = {"width": 390, "height": 844}
BUREAU = {"width": 1280, "height": 900}


def _past(page):
    breedte = page.evaluate("document.documentElement.scrollWidth")
    assert breedte <= 390, f"{page.url}: {breedte}px breed"


def _teller(page):
    return page.locator("header a[href='/meldingen/']")


def test_willem_and_jeske_write_each_other(browser, live_server, tmp_path):
    axe = Toegankelijkheid()
    wereld = Wereld()
    jeske = wereld.klantmanager
    jeske.voornaam, jeske.achternaam = "Jeske", "Gunterman"
    jeske.save()
    wereld.kandidaat.contactvoorkeur = "app"
    wereld.kandidaat.save()
    brief = tmp_path / "motivatie bakkerij.pdf"
    brief.write_bytes(PDF)

    telefoon = browser.new_context(locale="nl-NL", viewport=TELEFOON)
    willem = telefoon.new_page()
    inloggen(willem, live_server, wereld.werkzoekende_user.email)
    # The header says there is nothing new, in words a screen reader reads too.
    assert _teller(willem).get_attribute("href") == "/meldingen/"
    assert "geen nieuwe" in _teller(willem).text_content()
    willem.get_by_role("link", name="Berichten", exact=True).click()
    willem.wait_for_load_state("load")
    axe.controleer(willem, "390-werkzoekende-berichten-leeg")
    _past(willem)
    willem.get_by_role("link", name="Nieuw bericht aan je contactpersoon").click()
    willem.wait_for_load_state("load")
    axe.controleer(willem, "390-werkzoekende-bericht-nieuw")
    _past(willem)
    willem.get_by_label("Onderwerp").fill("Vacature bij de bakkerij")
    willem.get_by_label("Je bericht").fill("Hoi Jeske,\nik zag de vacature bij Bakkerij Van Dam. Wil je mijn "
                                           "motivatie lezen?")
    willem.get_by_label("Bijlage").set_input_files(str(brief))
    willem.get_by_role("button", name="Versturen").click()
    willem.wait_for_load_state("load")
    assert "Je bericht is verstuurd." in willem.content()
    axe.controleer(willem, "390-werkzoekende-wisseling")
    _past(willem)
    bijlage = Bijlage.objects.get()
    assert (bijlage.bestandsnaam, bijlage.soort) == ("motivatie bakkerij.pdf", "pdf")

    # Jeske, at her desk, sees the count and answers.
    bureau = browser.new_context(locale="nl-NL", viewport=BUREAU)
    jeske_pagina = bureau.new_page()
    inloggen(jeske_pagina, live_server, jeske.email)
    assert "1 ongelezen" in _teller(jeske_pagina).text_content()
    _teller(jeske_pagina).click()
    jeske_pagina.wait_for_load_state("load")
    axe.controleer(jeske_pagina, "1280-klantmanager-meldingen")
    jeske_pagina.get_by_role("button", name="Nieuw bericht van Willem van de Vecht: Vacature bij de bakkerij", exact=True).click()
    jeske_pagina.wait_for_load_state("load")
    axe.controleer(jeske_pagina, "1280-klantmanager-wisseling")
    with jeske_pagina.expect_download() as download:
        jeske_pagina.get_by_role("link", name="Bijlage: motivatie bakkerij.pdf").click()
    with Bijlage.objects.get().bestand.open("rb") as opgeslagen:  # the attachment as it was written anew
        assert open(download.value.path(), "rb").read() == opgeslagen.read()
    jeske_pagina.get_by_label("Je bericht").fill("Hoi Willem, goede brief! Ik stuur hem door naar Hans.")
    jeske_pagina.get_by_role("button", name="Versturen").click()
    jeske_pagina.wait_for_load_state("load")
    assert "geen nieuwe" in _teller(jeske_pagina).text_content()
    jeske_pagina.goto(live_server.url + "/berichten/")
    axe.controleer(jeske_pagina, "1280-klantmanager-berichten")
    jeske_pagina.goto(live_server.url + "/meldingen/voorkeur/")
    axe.controleer(jeske_pagina, "1280-klantmanager-meldingen-voorkeur")

    # Willem sees the count on his phone and reads the answer.
    willem.goto(live_server.url + "/mijn/")
    willem.wait_for_load_state("load")
    assert _teller(willem).locator(".wsp-bel__aantal").inner_text() == "1"
    assert "1 ongelezen" in _teller(willem).text_content()
    _past(willem)
    _teller(willem).click()
    willem.wait_for_load_state("load")
    axe.controleer(willem, "390-werkzoekende-meldingen")
    _past(willem)
    willem.get_by_role("button", name="Je hebt een nieuw bericht van Jeske Gunterman.", exact=True).click()
    willem.wait_for_load_state("load")
    assert "goede brief" in willem.content()
    assert _teller(willem).locator(".wsp-bel__aantal").count() == 0
    axe.controleer(willem, "390-werkzoekende-wisseling-antwoord")
    _past(willem)
    willem.goto(live_server.url + "/berichten/")
    axe.controleer(willem, "390-werkzoekende-berichten")
    _past(willem)
    willem.goto(live_server.url + "/meldingen/voorkeur/")
    axe.controleer(willem, "390-werkzoekende-meldingen-voorkeur")
    _past(willem)
    willem.get_by_role("radio", name="Direct per mail").check()
    willem.get_by_role("button", name="Opslaan").click()
    willem.wait_for_load_state("load")
    assert "Je keuze is opgeslagen." in willem.content()

    assert Bericht.objects.count() == 2
    assert not Melding.objects.filter(gelezen_op__isnull=True).exists()
    telefoon.close()
    bureau.close()
