"""Anja (WW) gives her sollicitaties in the portal on her phone, not on paper; her klantmanager sees who is behind.
Real Chromium at 390 px, axe (WCAG 2.1 AA) on every page, no sideways scrolling."""

import io
import os
from datetime import timedelta

import pikepdf
import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import WerkzoekendeUserFactory
from conftest import Wereld
from sollicitaties.models import Sollicitatieactiviteit
from sollicitaties.tests.factories import SollicitatieplichtFactory, WWKandidaatFactory
from tests.conftest import SCREENSHOTS, Toegankelijkheid, inloggen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _pdf():
    pdf = pikepdf.new()
    pdf.add_blank_page()
    uit = io.BytesIO()
    pdf.save(uit)
    return uit.getvalue()


class Telefoon:
    """axe and the width check on every page visited."""

    def __init__(self, page):
        self.page, self.axe = page, Toegankelijkheid()

    def controleer(self, naam):
        self.page.wait_for_load_state("load")
        if SCREENSHOTS:
            os.makedirs(SCREENSHOTS, exist_ok=True)
            self.page.screenshot(path=os.path.join(SCREENSHOTS, f"sollicitaties-{naam}.png"), full_page=True)
        breedte = self.page.evaluate("document.documentElement.scrollWidth")
        assert breedte <= 390, f"{naam}: {breedte}px breed"
        rapport = self.axe.fouten(self.page)
        assert not rapport, f"{naam}:\n{rapport}"


def test_anja_gives_four_sollicitaties_and_the_klantmanager_sees_who_is_behind(browser, live_server, tmp_path):
    wereld = Wereld()
    anja_user = WerkzoekendeUserFactory(voornaam="Anja", achternaam="Roest")
    anja = WWKandidaatFactory(voornaam="Anja", achternaam="Roest", account=anja_user, klantmanager=wereld.klantmanager)
    # Bas started 10 days ago and gave nothing yet: behind (one a week is the pace).
    SollicitatieplichtFactory(kandidaat=WWKandidaatFactory(voornaam="Bas", achternaam="Achterop",
                                                           klantmanager=wereld.klantmanager),
                              startdatum=timezone.localdate() - timedelta(days=10))
    bewijs = tmp_path / "bevestiging.pdf"
    bewijs.write_bytes(_pdf())

    context = browser.new_context(locale="nl-NL", viewport={"width": 390, "height": 844})
    page = context.new_page()
    telefoon = Telefoon(page)
    inloggen(page, live_server, anja_user.email)
    page.goto(live_server.url + reverse("mijn_sollicitatieplicht"))
    assert page.get_by_text("Nog 4 te doen").is_visible()
    telefoon.controleer("leeg")

    werkgevers = [("Bouwbedrijf Jansen", "Medewerker planning", "mail"),
                  ("Gemeente Zwolle", "Medewerker klantcontact", "formulier"),
                  ("Kringloop De Vondst", "Winkelmedewerker", "langs"),
                  ("Hornbach Zwolle", "Verkoopmedewerker bouw", "gesprek")]
    for i, (werkgever, functie, wijze) in enumerate(werkgevers):
        page.get_by_role("link", name="Sollicitatie doorgeven").click()
        page.wait_for_load_state("load")
        page.get_by_label("Bij welke werkgever?").fill(werkgever)
        page.get_by_label("Welke functie?").fill(functie)
        page.get_by_label("Hoe heb je gesolliciteerd?").select_option(wijze)
        if i == 0:
            page.get_by_label("Bewijs (pdf, Word of een foto, hooguit 10 MB)").set_input_files(str(bewijs))
            telefoon.controleer("formulier")
        page.get_by_role("button", name="Opslaan").click()
        page.wait_for_load_state("load")
        assert page.get_by_text("Je sollicitatie is opgeslagen.").is_visible()
    assert page.get_by_text("Deze periode is compleet").is_visible()
    assert page.get_by_role("link", name="Bewijs: bevestiging.pdf").is_visible()
    telefoon.controleer("compleet")
    assert Sollicitatieactiviteit.objects.filter(kandidaat=anja).count() == 4
    assert Sollicitatieactiviteit.objects.exclude(bewijs="").get().bewijs.open("rb").read(5) == b"%PDF-"

    # A mistake is told in plain Dutch and what she typed stays.
    page.get_by_role("link", name="Sollicitatie doorgeven").click()
    page.get_by_label("Bij welke werkgever?").fill("Albert Heijn")
    page.get_by_label("Welke functie?").fill("Vakkenvuller")
    page.get_by_label("Wanneer?").fill((timezone.localdate() + timedelta(days=2)).isoformat())
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_load_state("load")
    assert page.get_by_text("Deze datum ligt in de toekomst").first.is_visible()
    assert page.get_by_label("Bij welke werkgever?").input_value() == "Albert Heijn"
    telefoon.controleer("fout")
    context.clear_cookies()

    inloggen(page, live_server, wereld.klantmanager.email)
    page.goto(live_server.url + reverse("klantmanager_home"))
    page.get_by_label("Aandacht nodig").select_option("sollicitaties")
    page.get_by_role("button", name="Filteren").click()
    page.wait_for_load_state("load")
    lijst = page.locator("#caseload-lijst")
    assert lijst.get_by_text("Bas Achterop").is_visible()
    assert lijst.get_by_text("loopt achter met solliciteren").is_visible()
    assert lijst.get_by_text("Anja Roest").count() == 0
    telefoon.controleer("caseload")
    page.goto(live_server.url + reverse("sollicitatieplicht", args=[anja.pk]))
    assert page.get_by_text("Deze periode is compleet").is_visible()
    assert page.get_by_text("Hornbach Zwolle").is_visible()
    telefoon.controleer("klantmanager")
    page.get_by_role("link", name="Aanpassen (maatwerk)").click()
    page.wait_for_load_state("load")
    telefoon.controleer("maatwerk")
    if SCREENSHOTS:  # the same pages on a desktop, to look at
        page.set_viewport_size({"width": 1280, "height": 900})
        page.screenshot(path=os.path.join(SCREENSHOTS, "sollicitaties-maatwerk-1280.png"), full_page=True)
        page.goto(live_server.url + reverse("sollicitatieplicht", args=[anja.pk]))
        page.screenshot(path=os.path.join(SCREENSHOTS, "sollicitaties-klantmanager-1280.png"), full_page=True)
    context.close()
