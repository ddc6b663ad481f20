"""Shared fixtures: one headless Chromium (Debian's) for the whole run, axe-core per page; the full wereld built
once per module for the tests that only look at it (the permission matrix and what derives from it)."""

import copy
import functools
import os
import shutil
import threading
import time
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.base import AxeResults
from django.conf import settings
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connections
from django.db.backends.signals import connection_created
from django.dispatch import receiver
from django.test.testcases import LiveServerThread

from accounts.tests.factories import WACHTWOORD
from conftest import Wereld, een_keer_per_module, ontbreekt
from tests.test_permission_matrix import admin_objecten


class _LiveServer(ThreadedWSGIServer):
    """The live server of the browser tests, with a database connection per HTTP connection instead of per request.
    Django's live server serves each HTTP connection (Chromium keeps them open between pages) in a thread of its own
    and closes that thread's database connections when the HTTP connection ends; with CONN_MAX_AGE 0 it also opened
    and closed one for every request in between: on SQLite the schema read again (~2 ms), on PostgreSQL a new server
    process (~3 ms). Here a connection made in such a thread stays for the thread's life, as gunicorn's workers keep
    theirs (CONN_MAX_AGE in production), so a browser test also runs the portal's prepared statements. A connection
    that failed or is left in a transaction is still closed at the end of its request (Django's own checks)."""

    def server_bind(self):
        super().server_bind()
        LIVE_SERVERS.add(self.server_address[1])

    def process_request_thread(self, request, client_address):
        _draad.blijvend = True
        super().process_request_thread(request, client_address)


_draad = threading.local()
LIVE_SERVERS = set()  # the ports the live servers of this process listen on


@receiver(connection_created)
def _blijft_in_de_draad_van_de_live_server(sender, connection, **kwargs):
    if getattr(_draad, "blijvend", False):
        connection.close_at = None


LiveServerThread.server_class = _LiveServer


def _chromium():
    """CHROMIUM_PATH, else Debian's old headless shell (package chromium-headless-shell: the same Chromium without
    the full browser around it, what Playwright itself runs headless; a quarter less CPU per page than the full
    browser, docs/benchmarks.md), else Debian's chromium."""
    if pad := os.environ.get("CHROMIUM_PATH"):
        return pad if os.path.exists(pad) else None
    return shutil.which("chromium-headless-shell") or shutil.which("chromium")


CHROMIUM = _chromium()
# resultTypes: axe still finds every violation, but lists one example of each rule that passed instead of every
# element, and so sends far less back to Python; a quarter less time per page.
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
           "resultTypes": ["violations"]}
SCREENSHOTS = os.environ.get("SCREENSHOT_DIR")


SCHAKELAARS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run", "--disable-quic"]
# Chromium features the tests switch off on top of Playwright's own list. RenderDocument makes a new frame (and so a
# new document host in the browser process and a new frame in the renderer) for every navigation, even to a page of
# the same site; without it a navigation costs Chromium about a third less CPU and a page of the walk, axe included,
# about a sixth (docs/benchmarks.md, veertiende sessie). Nothing a page can see depends on it.
OOK_UIT = ("RenderDocument",)


def playwrights_uitgezette_functies(playwright):
    """The features Playwright itself switches off (--disable-features: PaintHolding, ThirdPartyStoragePartitioning,
    HttpsUpgrades and more, each for a reason its authors give). Chromium honours only the last --disable-features
    switch, so a switch of ours replaces Playwright's unless it repeats that list. Read from a browser Playwright
    launches (Browser.getBrowserCommandLine, which answers only with --enable-automation), not copied: the list
    changes with Playwright's versions."""
    verkenner = playwright.chromium.launch(executable_path=CHROMIUM, args=[*SCHAKELAARS, "--enable-automation"])
    try:
        argumenten = verkenner.new_browser_cdp_session().send("Browser.getBrowserCommandLine")["arguments"]
    finally:
        verkenner.close()
    return [functie for argument in argumenten if argument.startswith("--disable-features=")
            for functie in argument.split("=", 1)[1].split(",") if functie]


def uitgezet(playwrights_lijst):
    """One --disable-features switch: Playwright's list and ours (OOK_UIT), each once, in that order."""
    return "--disable-features=" + ",".join(dict.fromkeys([*playwrights_lijst, *OOK_UIT]))


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM:
        ontbreekt("Chromium ontbreekt: apt-get install chromium-headless-shell")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop
    from playwright.sync_api import sync_playwright

    # Django's connections are per thread (asgiref's Local, thread_critical), but in a thread with a running event
    # loop asgiref keeps them per context instead. Playwright's sync API keeps its loop running in this thread, so
    # from here on the thread would get a second connection to the test database, used by every later test and
    # never closed: after the browser stops the thread sees its first one again, and pytest-django cannot drop the
    # database ("is being accessed by other users"). The thread's own connections go along into that context.
    eigen = {alias: connections[alias] for alias in connections}
    with sync_playwright() as p:
        for alias, verbinding in eigen.items():
            setattr(connections._connections, alias, verbinding)
        browser = p.chromium.launch(executable_path=CHROMIUM,
                                    args=[*SCHAKELAARS, uitgezet(playwrights_uitgezette_functies(p))])
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


# axe-core itself from the npm registry (package-lock.json, a devDependency), not the copy inside
# axe-playwright-python, which lags behind (4.12.1 there): 4.14.1 checks a page of the walk in about a sixth less
# time (docs/benchmarks.md, zesenveertigste sessie). axe-playwright-python still turns the result into a report.
AXE_BESTAND = settings.NODE_MODULES / "axe-core" / "axe.min.js"
AXE_URL = f"{settings.STATIC_URL}test/axe-core/axe.min.js"  # settings_test.py: STATICFILES_DIRS


@functools.cache
def _axe_bron():
    if not AXE_BESTAND.is_file():
        ontbreekt(f"axe-core ontbreekt ({AXE_BESTAND}): npm ci (make install)")
    return AXE_BESTAND.read_text()


class Toegankelijkheid:
    """axe-core on a page. The axe source (half a megabyte) goes into a document once: a second check of the same
    document, say after the viewport changed, only runs the rules again."""

    def __init__(self):
        self.bron = _axe_bron()
        self.bezocht = []
        self.contexten = set()

    def in_elke_pagina(self, context):
        """For a walk that checks every page it opens: the browser puts axe into each new document itself, which
        spares sending the source over for every page."""
        context.add_init_script(self.bron)
        self.contexten.add(id(context))

    def _laden(self, page):
        """axe into the page as a script from the page's own origin (the live server serves it, settings_test.py):
        Chromium then keeps what it compiled of it and the next page of the context runs it without compiling half
        a megabyte again. A page of another origin (the OIDC provider's) gets the source itself."""
        if urlsplit(page.url).port in LIVE_SERVERS:
            page.add_script_tag(url=AXE_URL)
        else:
            page.evaluate(self.bron)

    def fouten(self, page, ook=(), klok_stil=False):
        """'' when axe finds no violation on the page as it stands, else axe's report. ``ook``: rules axe marks
        experimental and leaves out of a run by tag, run this time as well (the page walk's css-orientation-lock).
        ``klok_stil``: the page's clock is paused (``clock.pause_at``), see ``_axe_bij_stilstaande_klok``."""
        if id(page.context) not in self.contexten and not page.evaluate("typeof window.axe !== 'undefined'"):
            self._laden(page)
        opties = {**WCAG_AA, "rules": {regel: {"enabled": True} for regel in ook}} if ook else WCAG_AA

        def run(opties):
            if klok_stil:
                return AxeResults(_axe_bij_stilstaande_klok(page, opties))
            return AxeResults(page.evaluate(AXE_RUN, opties))

        resultaat = run({**opties, **ZONDER_SELECTORS})
        self.bezocht.append(page.url)
        if not resultaat.violations_count:
            return ""
        # Again with the selectors, so the report names each element it found; the same page, the same rules.
        return run(opties).generate_report()

    def controleer(self, page, naam, klok_stil=False):
        page.wait_for_load_state("load")
        if SCREENSHOTS:
            os.makedirs(SCREENSHOTS, exist_ok=True)
            page.screenshot(path=os.path.join(SCREENSHOTS, f"{naam}.png"), full_page=True)
        rapport = self.fouten(page, klok_stil=klok_stil)
        assert not rapport, f"{naam} ({page.url}):\n{rapport}"


# Only the violations come back to Python: axe's whole result (every rule that passed or did not apply, with its
# description, tags and an example node) cost the test process 14 ms per check to receive and unpack, more than
# a quarter of a check (the page walk: 596 checks, 25.4 -> 17.5 s of CPU in pytest, 66 -> 54 s).
AXE_RUN = "opties => axe.run(opties).then(r => ({violations: r.violations}))"
# axe builds a unique CSS selector for every element it checks (``selectors``, on by default), also for the elements
# that pass and are never reported: a third of a run on the portal's pages (25 pages at 1280 px, in the page, median
# 36.8 -> 23.7 ms; docs/benchmarks.md, zevenenveertigste sessie). A check runs without them; only a page with a
# violation is checked once more with them, for the report. Which elements violate a rule does not depend on it.
ZONDER_SELECTORS = {"selectors": False}
AXE_STARTEN = """opties => {
  window.__axeUitkomst = null;
  axe.run(opties).then(r => { window.__axeUitkomst = {r: {violations: r.violations}}; },
                       e => { window.__axeUitkomst = {fout: String(e)}; });
}"""


def _axe_bij_stilstaande_klok(page, opties, binnen=60):
    """axe.run on a page whose clock is paused: axe hands its steps on with ``setTimeout``, which a paused clock never
    fires by itself. The clock moves a millisecond at a time until axe is done (one step, in practice), so the
    page's time (and every timer of the page's own scripts) stays where the test put it, give or take that."""
    page.evaluate(AXE_STARTEN, opties)
    grens = time.monotonic() + binnen
    while (uitkomst := page.evaluate("window.__axeUitkomst")) is None:
        assert time.monotonic() < grens, f"axe not done after {binnen} s"
        page.clock.run_for(1)
    assert "fout" not in uitkomst, uitkomst["fout"]
    return uitkomst["r"]


@pytest.fixture
def axe():
    return Toegankelijkheid()


def antwoorden_bijhouden(page, live_server):
    """What the server answers the page from now on, static files left out ("302 POST /accounts/login/"), for the
    message of a failed check; and the listener, for ``page.remove_listener("response", ...)``."""
    antwoorden = []

    def bewaar(antwoord):
        adres = antwoord.url.removeprefix(live_server.url)
        if not adres.startswith("/static/"):
            antwoorden.append(f"{antwoord.status} {antwoord.request.method} {adres}")

    page.on("response", bewaar)
    return antwoorden, bewaar


def menukeuze(page, naam):
    """Follow an item of the main menu as a person would: on a phone first open the menu ("Menu") when the item
    is folded away behind it."""
    knop = page.get_by_role("button", name="Menu")
    if knop.is_visible() and knop.get_attribute("aria-expanded") == "false":
        knop.click()
    page.locator(".wsp-nav").get_by_role("link", name=naam, exact=True).click()
    page.wait_for_load_state("load")


def inloggen(page, live_server, email, wachtwoord=WACHTWOORD, *, lukt=True):
    """Through the login form. ``lukt``: the login is meant to succeed, so the page after it may not be the login
    page; if it is, the message says what the server answered, so a failure later in a test is not taken for a
    failed login, nor the other way round."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(wachtwoord)
    antwoorden, bewaar = antwoorden_bijhouden(page, live_server)
    # Wait for the answer to the form (the next page, or the login page again with the error): right after the click
    # the login page itself counts as loaded, and a test that went on at once could open its next page before the
    # session existed (CI: the next page was /accounts/login/?next=... on a busy machine).
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name="Inloggen", exact=True).last.click()
    page.remove_listener("response", bewaar)
    # The address-confirmation step is a login that did not happen either: allauth asks to confirm an address it has
    # not seen verified (the page walk changed the klantmanager's address on the user only, and walked the login
    # page as all of the klantmanager's pages).
    if lukt and page.url.startswith(tuple(f"{live_server.url}/accounts/{pad}/" for pad in ("login", "confirm-email"))):
        raise AssertionError(f"{email} not logged in: {page.url} {antwoorden}\n{page.locator('main').inner_text()}")


@pytest.fixture(scope="module")
def _volle_wereld_van_de_module(django_db_setup, django_db_blocker):
    """The wereld with its bemiddeling, plaatsing and admin_objecten, built once per module: the service chain
    took most of each test's time."""
    with een_keer_per_module(django_db_blocker):
        with django_db_blocker.unblock():
            wereld = Wereld()
            admin_objecten(wereld)
        yield wereld


@pytest.fixture
def volle_wereld(db, _volle_wereld_van_de_module):
    """A copy of the Python objects for each test: what one test caches on them is gone for the next."""
    return copy.deepcopy(_volle_wereld_van_de_module)
