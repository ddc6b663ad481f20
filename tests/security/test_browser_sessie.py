"""The warning before an idle session ends, in real Chromium (small limits configured for the test):
it appears, is accessible, "Ingelogd blijven" keeps the session, and left alone the screen goes to the
login page with the reason, so an unattended screen stops showing personal data.

The idle time passes on two clocks moved forward together, not by waiting: the page's (Playwright's clock:
``setTimeout``, ``setInterval`` and ``Date`` in sessie.js) and the server's (time-machine: ``time.time`` in the
live server's thread, where the session's limits are checked). The requests between them are real. Neither clock
moves with real time (the page's is paused, the server's does not tick): on a busy machine a login or a page may
take seconds, and the 15-second session must not end because of that (CI twice found the klantmanager logged out
before the first key). Nor do they run ahead of the server: each step waits for the answers to what the page asked
(``Klokken``), and the typing test runs once more with a server that takes half a second to answer
(twenty steps of the clocks: without the waiting the session ends while the test types).
"""

import time
from urllib.parse import urlsplit

import pytest
import time_machine
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError

from accounts import sessie
from conftest import Wereld
from tests.conftest import Toegankelijkheid, antwoorden_bijhouden, inloggen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def korte_sessie(settings):
    # 15 seconds for everyone: a medewerker has a limit of its own (SESSIE_INACTIEF_MINUTEN_MEDEWERKER). More than
    # the warning and its 5-second margin (sessie.js), so a moment of activity puts the warning off again.
    settings.SESSIE_INACTIEF_MINUTEN = settings.SESSIE_INACTIEF_MINUTEN_MEDEWERKER = 0.25
    settings.SESSIE_WAARSCHUWING_SECONDEN = 8  # the warning after 7 seconds


class Klokken:
    """The server's clock and the page's, moved forward together a second at a time: the server's first, so that
    a request a timer in the page sends finds the server as late as the page. Only these steps move them.

    After each step the clocks wait until the server has answered what the page's timers asked it (``sessie_status``)
    and the page has had the answer: the test moves the clocks some forty times faster than real time, so an answer
    that takes 100 ms of real time would otherwise arrive seconds later on the page's clock. sessie.js plans its next
    check from the moment an answer arrives; with the clocks running ahead of a slow answer, the next check came after
    the server's limit and the session ended while the test typed (CI: the page went to
    ``/accounts/login/?next=%2Fdossiers%2Fnieuw%2F``, the address SessieLimietMiddleware sends an ended session to)."""

    def __init__(self, page, reis):
        self.page, self.reis = page, reis
        self.onderweg = set()
        self.status = reverse("sessie_status")
        page.on("request", self._gevraagd)
        page.on("requestfinished", self._beantwoord)
        page.on("requestfailed", self._beantwoord)

    def _gevraagd(self, verzoek):
        if urlsplit(verzoek.url).path == self.status:
            self.onderweg.add(verzoek)

    def _beantwoord(self, verzoek):
        self.onderweg.discard(verzoek)

    def verder(self, seconden):
        for _ in range(seconden):
            self.reis.shift(1)
            self.page.clock.run_for(1000)  # every timer that falls due on the way fires
            self._antwoorden_afwachten()

    def _antwoorden_afwachten(self, binnen=60):
        # The request event of a fetch a timer sent reaches Python before run_for returns (the renderer reports
        # it first); the answer's events arrive while Playwright waits.
        grens = time.monotonic() + binnen
        while self.onderweg:
            assert time.monotonic() < grens, f"no answer to {self.onderweg} after {binnen} s"
            self.page.wait_for_timeout(5)
        try:
            self.page.evaluate("0")  # a task in the page after the answer's: sessie.js has handled it
        except PlaywrightError as fout:  # or it went to the login page with it: a new document, nothing to handle
            if "context was destroyed" not in str(fout):
                raise

    def tot(self, klaar, seconden):
        """Moves on until ``klaar()`` holds, at most ``seconden`` steps; the seconds that passed on the shared clock
        (the steps). After each step the page has up to a quarter of a second of real time to show what the answers
        to its timers' questions made of it."""
        begin = time.time()
        for _ in range(seconden):
            self.verder(1)
            for _ in range(10):
                if klaar():
                    return time.time() - begin
                self.page.wait_for_timeout(25)
        raise AssertionError(f"not after {seconden} seconds")


@pytest.fixture
def klokken(page):
    # A minute ahead of the real time, so the page's clock (installed with the real time, running until it is paused)
    # cannot have passed it when it is paused there, however slow the machine.
    samen = time.time() + 60
    with time_machine.travel(samen, tick=False) as reis:
        page.clock.install()
        page.clock.pause_at(samen)
        yield Klokken(page, reis)


def test_warning_keeps_or_ends_the_session(page, live_server, korte_sessie, klokken):
    axe = Toegankelijkheid()
    wereld = Wereld()
    inloggen(page, live_server, wereld.werkzoekende_user.email)
    assert page.url == f"{live_server.url}/mijn/"
    dialoog = page.get_by_role("dialog", name="Je wordt bijna uitgelogd")
    # The warning: 8 seconds before the 15-second limit (the server counts in whole seconds), not at once.
    assert klokken.tot(dialoog.is_visible, 10) >= 6
    assert "Je wordt over minder dan een minuut uitgelogd" in dialoog.inner_text()
    knop = dialoog.get_by_role("button", name="Ingelogd blijven")
    assert page.evaluate("document.activeElement.textContent").strip() == "Ingelogd blijven"
    axe.controleer(page, "sessie-waarschuwing", klok_stil=True)
    knop.click()
    dialoog.wait_for(state="hidden", timeout=5_000)
    assert page.url == f"{live_server.url}/mijn/"

    # Left alone: the warning comes back and then the screen goes to the login page.
    assert klokken.tot(dialoog.is_visible, 10) >= 5  # 14 whole seconds were left after the click: about 6 later
    # the dialog counts down, then asks the server, which has ended the session
    klokken.tot(lambda: "/accounts/login/" in page.url, 12)
    page.wait_for_load_state("load")
    assert page.url == f"{live_server.url}/accounts/login/?next=%2Fmijn%2F"
    assert "niet actief was" in page.locator("main").inner_text()
    axe.controleer(page, "uitgelogd-na-inactiviteit", klok_stil=True)
    page.goto(f"{live_server.url}/mijn/")
    assert "/accounts/login/" in page.url  # really logged out on the server


@pytest.fixture
def trage_server(request, monkeypatch):
    """The server takes ``request.param`` seconds of real time to say how much time is left (``sessie_status``), as
    a busy machine may: the clocks must wait for the answer (``Klokken``), not run ahead of it."""
    if request.param:
        echt = sessie.resterend

        def traag(*args, **kwargs):
            time.sleep(request.param)
            return echt(*args, **kwargs)

        monkeypatch.setattr(sessie, "resterend", traag)


@pytest.mark.parametrize("trage_server", [0, 0.5], ids=["gewone-server", "trage-server"], indirect=True)
def test_typing_in_a_form_counts_as_activity(page, live_server, korte_sessie, klokken, trage_server):
    wereld = Wereld()
    inloggen(page, live_server, wereld.klantmanager.email)
    antwoorden, _ = antwoorden_bijhouden(page, live_server)
    page.goto(f"{live_server.url}/dossiers/nieuw/")
    assert page.url == f"{live_server.url}/dossiers/nieuw/", (antwoorden, page.locator("main").inner_text())
    veld = page.locator("main form input[type=text]").first
    dialoog = page.get_by_role("dialog", name="Je wordt bijna uitgelogd")
    for keer in range(12):  # 24 seconds of typing: longer than the 15-second limit
        veld.press("a", timeout=5_000)  # a warning would take the keyboard (a modal dialog)
        klokken.verder(2)
        assert not dialoog.is_visible(), f"warning after {2 * (keer + 1)} seconds of typing"
    assert "/dossiers/nieuw/" in page.url and veld.input_value() == "a" * 12
    # The klantmanager's limit is in force: once the typing stops, the warning comes.
    klokken.tot(dialoog.is_visible, 15)
