"""Real headless Chromium (Debian's) through Playwright, with axe-core on every page visited."""

import os
import re
import shutil

import pytest
from django.core import mail

from accounts.models import Arbeidsmarktregio, Rol, User
from accounts.tests.factories import WACHTWOORD
from conftest import Wereld, ontbreekt

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
SCREENSHOTS = os.environ.get("SCREENSHOT_DIR")


@pytest.fixture(scope="session")
def browser():
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        ontbreekt("Chromium ontbreekt: apt-get install chromium")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--disable-quic"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


class Toegankelijkheid:
    def __init__(self):
        from axe_playwright_python.sync_playwright import Axe

        self.axe = Axe()
        self.bezocht = []

    def controleer(self, page, naam):
        page.wait_for_load_state("load")
        if SCREENSHOTS:
            os.makedirs(SCREENSHOTS, exist_ok=True)
            page.screenshot(path=os.path.join(SCREENSHOTS, f"{naam}.png"), full_page=True)
        resultaat = self.axe.run(page, options=WCAG_AA)
        self.bezocht.append(page.url)
        assert resultaat.violations_count == 0, f"{naam} ({page.url}):\n{resultaat.generate_report()}"


@pytest.fixture
def axe():
    return Toegankelijkheid()


def inloggen(page, live_server, email, wachtwoord=WACHTWOORD):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(wachtwoord)
    page.get_by_role("button", name="Inloggen", exact=True).last.click()
    page.wait_for_load_state("load")


HOME = {
    "beheerder": ("/beheer/", "Overzicht beheer"),
    "accountmanager": ("/accountmanager/", "Goedendag Anton"),
    "klantmanager": ("/klantmanager/", "Mijn caseload"),
    "werkgever": ("/werkgever/", "De Heul Installatietechniek"),
    "werkzoekende": ("/mijn/", "Hallo Willem"),
}


def test_each_role_logs_in_and_lands_on_its_home_page(page, live_server, axe):
    wereld = Wereld()
    page.goto(live_server.url + "/")
    axe.controleer(page, "welkom")
    page.goto(live_server.url + "/accounts/login/")
    axe.controleer(page, "inloggen")
    for rol, gebruiker in wereld.per_rol().items():
        inloggen(page, live_server, gebruiker.email)
        pad, kop = HOME[rol]
        assert page.url == live_server.url + pad, rol
        assert kop in page.locator("h1").inner_text()
        axe.controleer(page, f"home-{rol}")
        page.get_by_role("button", name="Uitloggen").click()
        page.wait_for_load_state("load")
        assert "Uitloggen" not in page.content() or "/accounts/logout/" in page.url
        if "/accounts/logout/" in page.url:  # allauth asks to confirm
            page.locator("main").get_by_role("button").click()
    # A wrong password: a clear Dutch message, the e-mail address stays filled in.
    inloggen(page, live_server, wereld.klantmanager.email, "fout-wachtwoord")
    tekst = page.locator("main").inner_text()
    assert "e-mailadres en/of wachtwoord" in tekst.lower(), tekst
    assert page.get_by_label("E-mailadres").input_value() == wereld.klantmanager.email
    axe.controleer(page, "inloggen-fout")


def test_beheerder_adds_region_and_invites_klantmanager_who_logs_in(page, live_server, axe):
    wereld = Wereld()
    inloggen(page, live_server, wereld.beheerder.email)
    page.goto(live_server.url + "/beheer/admin/accounts/arbeidsmarktregio/add/")
    page.locator("#id_code").fill("AM99")
    page.locator("#id_naam").fill("Testregio Waddeneilanden")
    page.locator("input[name=_save]").click()
    page.wait_for_load_state("load")
    assert Arbeidsmarktregio.objects.filter(code="AM99", naam="Testregio Waddeneilanden").exists()

    page.goto(live_server.url + "/uitnodigen/")
    axe.controleer(page, "uitnodigen")
    # First with a mistake: the form says what is wrong and keeps the input.
    page.get_by_label("E-mailadres").fill("nina@gemeente")
    page.get_by_label("Voornaam").fill("Nina")
    page.get_by_label("Achternaam").fill("Nieuw")
    page.get_by_label("Rol").select_option(Rol.KLANTMANAGER.value)
    page.get_by_label("Arbeidsmarktregio").select_option(label="Midden-Gelderland")
    page.get_by_label("Organisatie").select_option(str(wereld.klantmanager.organisatie.pk))
    page.get_by_role("button", name="Uitnodiging versturen").click()
    page.wait_for_load_state("load")
    assert "Vul een geldig e-mailadres in" in page.content()
    assert page.get_by_label("Achternaam").input_value() == "Nieuw"
    axe.controleer(page, "uitnodigen-fout")
    page.get_by_label("E-mailadres").fill("nina@gemeente.example.nl")
    page.get_by_role("button", name="Uitnodiging versturen").click()
    page.wait_for_load_state("load")
    assert "Uitnodiging verstuurd naar nina@gemeente.example.nl" in page.content()
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_load_state("load")

    bericht = next(m for m in mail.outbox if m.to == ["nina@gemeente.example.nl"])
    pad = re.search(r"/uitnodiging/\S+/", bericht.body).group(0)
    page.goto(live_server.url + pad)
    axe.controleer(page, "uitnodiging-accepteren")
    page.locator("#id_new_password1").fill("Zomer-in-Arnhem-2026")
    page.locator("#id_new_password2").fill("Zomer-in-Arnhem-2026")
    page.get_by_role("button", name="Wachtwoord instellen").click()
    page.wait_for_load_state("load")
    assert page.url == live_server.url + "/klantmanager/"
    assert User.objects.get(email="nina@gemeente.example.nl").has_usable_password()

    # And with the chosen password through the normal login page.
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_load_state("load")
    inloggen(page, live_server, "nina@gemeente.example.nl", "Zomer-in-Arnhem-2026")
    assert page.url == live_server.url + "/klantmanager/"


def test_works_on_a_phone(browser, live_server):
    wereld = Wereld()
    context = browser.new_context(locale="nl-NL", viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    inloggen(page, live_server, wereld.werkgever_user.email)
    assert page.get_by_text("Uw vaste contactpersoon").is_visible()
    breedte = page.evaluate("document.documentElement.scrollWidth")
    assert breedte <= 375, f"de pagina is {breedte}px breed op een telefoon van 375px"
    context.close()
