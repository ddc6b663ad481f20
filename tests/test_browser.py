"""Real headless Chromium (Debian's) through Playwright, with axe-core on every page visited."""

import asyncio
import re

import pytest
from django.core import mail
from django.db import connections

from accounts.models import Arbeidsmarktregio, Rol, User
from conftest import Wereld
from tests.conftest import inloggen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

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
    inloggen(page, live_server, wereld.klantmanager.email, "fout-wachtwoord", lukt=False)
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
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_load_state("load")
    # The werkzoekende's pages are used on a phone most of all.
    inloggen(page, live_server, wereld.werkzoekende_user.email)
    for pad in ["/mijn/", f"/dossiers/{wereld.kandidaat.pk}/plan/", f"/dossiers/{wereld.kandidaat.pk}/cv/",
                f"/dossiers/{wereld.kandidaat.pk}/toestemmingen/", "/mijn/sollicitaties/"]:
        page.goto(live_server.url + pad)
        breedte = page.evaluate("document.documentElement.scrollWidth")
        assert breedte <= 375, f"{pad} is {breedte}px breed op een telefoon van 375px"
    context.close()


def test_django_keeps_one_connection_per_thread_while_the_browser_runs(browser):
    """Playwright's sync API keeps an event loop running in this thread, and asgiref then keeps Django's connections
    per context instead of per thread. The thread must still have one connection, the one it had: a second one,
    made for that context, was used by every later test, never closed, and kept the test database from being
    dropped at the end of the run ("is being accessed by other users")."""
    assert asyncio.get_running_loop().is_running()  # as asgiref sees this thread while the browser is up
    eigen = connections._connections._storage  # asgiref's storage per thread (a threading.local)
    assert connections["default"] is eigen.default
