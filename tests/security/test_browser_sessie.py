"""The warning before an idle session ends, in real Chromium (small limits configured for the test):
it appears, is accessible, "Ingelogd blijven" keeps the session, and left alone the screen goes to the
login page with the reason, so an unattended screen stops showing personal data."""

import pytest

from conftest import Wereld
from tests.conftest import Toegankelijkheid, inloggen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def korte_sessie(settings):
    # 15 seconds for everyone: a medewerker has a limit of its own (SESSIE_INACTIEF_MINUTEN_MEDEWERKER). More than
    # the warning and its 5-second margin (sessie.js), so a moment of activity puts the warning off again.
    settings.SESSIE_INACTIEF_MINUTEN = settings.SESSIE_INACTIEF_MINUTEN_MEDEWERKER = 0.25
    settings.SESSIE_WAARSCHUWING_SECONDEN = 8  # the warning after 7 seconds


@pytest.mark.duur(25)  # waits for a session to expire
def test_warning_keeps_or_ends_the_session(page, live_server, korte_sessie):
    axe = Toegankelijkheid()
    wereld = Wereld()
    inloggen(page, live_server, wereld.werkzoekende_user.email)
    assert page.url == f"{live_server.url}/mijn/"
    dialoog = page.get_by_role("dialog", name="Je wordt bijna uitgelogd")
    dialoog.wait_for(state="visible", timeout=10_000)
    assert "Je wordt over minder dan een minuut uitgelogd" in dialoog.inner_text()
    knop = dialoog.get_by_role("button", name="Ingelogd blijven")
    assert page.evaluate("document.activeElement.textContent").strip() == "Ingelogd blijven"
    axe.controleer(page, "sessie-waarschuwing")
    knop.click()
    dialoog.wait_for(state="hidden", timeout=5_000)
    assert page.url == f"{live_server.url}/mijn/"

    # Left alone: the warning comes back and then the screen goes to the login page.
    dialoog.wait_for(state="visible", timeout=10_000)
    page.wait_for_url(f"{live_server.url}/accounts/login/?next=%2Fmijn%2F", timeout=20_000)
    assert "niet actief was" in page.locator("main").inner_text()
    axe.controleer(page, "uitgelogd-na-inactiviteit")
    page.goto(f"{live_server.url}/mijn/")
    assert "/accounts/login/" in page.url  # really logged out on the server


@pytest.mark.duur(25)
def test_typing_in_a_form_counts_as_activity(page, live_server, korte_sessie):
    wereld = Wereld()
    inloggen(page, live_server, wereld.klantmanager.email)
    page.goto(f"{live_server.url}/dossiers/nieuw/")
    veld = page.locator("main form input[type=text]").first
    dialoog = page.get_by_role("dialog", name="Je wordt bijna uitgelogd")
    for _ in range(8):  # 16 seconds of typing: longer than the 15-second limit
        veld.press("a")
        page.wait_for_timeout(2_000)
    assert not dialoog.is_visible()
    assert "/dossiers/nieuw/" in page.url and veld.input_value() == "a" * 8
    # The klantmanager's limit is in force: once the typing stops, the warning comes.
    dialoog.wait_for(state="visible", timeout=15_000)
