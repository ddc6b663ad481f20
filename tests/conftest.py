"""Shared browser fixtures: one headless Chromium (Debian's) for the whole run, axe-core per page."""

import os
import shutil

import pytest

from accounts.tests.factories import WACHTWOORD
from conftest import ontbreekt

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
