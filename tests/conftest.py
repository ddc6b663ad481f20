"""Shared fixtures: one headless Chromium (Debian's) for the whole run, axe-core per page; the full wereld built
once per module for the tests that only look at it (the permission matrix and what derives from it)."""

import copy
import os
import shutil
import sys

import pytest
from django.db import transaction

from accounts.tests.factories import WACHTWOORD
from conftest import Wereld, ontbreekt
from tests.test_permission_matrix import admin_objecten

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# resultTypes: axe still finds every violation, but lists one example of each rule that passed instead of every
# element, and so sends far less back to Python; a quarter less time per page.
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
           "resultTypes": ["violations"]}
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


@pytest.fixture(scope="module")
def _volle_wereld_van_de_module(django_db_setup, django_db_blocker):
    """The wereld with its bemiddeling, plaatsing and admin_objecten, built once per module (the service chain
    took most of each test's time), in a transaction that is rolled back when the module is done. Each test
    runs in a savepoint inside it (pytest-django's ``db``) and gets its own copy of the Python objects (see
    ``volle_wereld``): what a test writes or caches is gone for the next, as with Django's setUpTestData."""
    with django_db_blocker.unblock():
        buiten = transaction.atomic()
        buiten.__enter__()
        try:
            wereld = Wereld()
            admin_objecten(wereld)
        except BaseException:
            buiten.__exit__(*sys.exc_info())
            raise
    yield wereld
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        buiten.__exit__(None, None, None)


@pytest.fixture
def volle_wereld(db, _volle_wereld_van_de_module):
    return copy.deepcopy(_volle_wereld_van_de_module)


def pytest_collection_modifyitems(items):
    """The tests on the wereld built once per module (``volle_wereld``, tests/test_permission_matrix.py) run
    last in their module: its transaction stays open from the first of them to the end of the module, and the
    module's other tests (a transactional one among them) must not run inside it."""
    modules = {}
    for item in items:
        modules.setdefault(item.module.__name__ if hasattr(item, "module") else "", len(modules))

    def volgorde(item):
        module = item.module.__name__ if hasattr(item, "module") else ""
        return modules[module], "volle_wereld" in getattr(item, "fixturenames", ())

    items.sort(key=volgorde)
