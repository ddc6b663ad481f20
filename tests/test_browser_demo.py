"""`manage.py demo` gives one working login per role: each lands on its own page in a real browser."""

import re
import time
from io import StringIO

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.management import call_command

from conftest import laad_referentiedata_na_flush
from tests.conftest import Toegankelijkheid, inloggen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VERWACHT = {
    "beheerder@wsp.example.nl": ("/beheer/", "Overzicht beheer"),
    "sanne.jansen@wsp.example.nl": ("/accountmanager/", "Goedendag Sanne"),
    "jeske.gunterman@gemeente.example.nl": ("/klantmanager/", "Mijn caseload"),
    "martijn@deheul.example.nl": ("/werkgever/", "De Heul Installatietechniek"),
    "info@bakkerijvandam.example.nl": ("/werkgever/", "Bakkerij Van Dam"),
    "willem.vandevecht@example.nl": ("/mijn/", "Hallo Willem"),
    "anja.roest@example.nl": ("/mijn/", "Hallo Anja"),
}


@pytest.mark.duur(30)  # builds the demo first
def test_demo_logins_land_on_their_pages(page, live_server):
    laad_referentiedata_na_flush()
    uitvoer = StringIO()
    call_command("demo", stdout=uitvoer)
    call_command("demo", stdout=StringIO())  # idempotent: a second run changes nothing that breaks
    tekst = uitvoer.getvalue()
    wachtwoord = re.search(r"wachtwoord voor allemaal: (\S+)\)", tekst).group(1)
    # Staff log in with a second step: the printed demo secret works in any authenticator app.
    geheim = re.search(r"geheime sleutel (\S+)", tekst).group(1)
    herstelcode_sanne = re.search(r"sanne\.jansen@wsp\.example\.nl\s+herstelcodes: (\S+)", tekst).group(1)

    def tweede_stap(code):
        if "/accounts/2fa/authenticate/" in page.url:
            page.locator("input[name=code]").fill(code)
            page.get_by_role("button", name="Inloggen", exact=True).click()
            page.wait_for_load_state("load")
    geprint = set(re.findall(r"\S+@\S+\.nl", tekst))
    assert set(VERWACHT) <= geprint
    axe = Toegankelijkheid()
    for email, (pad, kop) in VERWACHT.items():
        inloggen(page, live_server, email, wachtwoord)
        tweede_stap(format_hotp_value(hotp_value(geheim, int(time.time()) // 30)))
        assert page.url == live_server.url + pad, email
        assert kop in page.locator("h1").inner_text(), email
        axe.controleer(page, f"demo-{email.split('@')[0]}")
        page.get_by_role("button", name="Uitloggen").click()
        page.wait_for_load_state("load")
    # The bakery sees the cv the demo proposed, Sanne sees a werkgever waiting for her call.
    inloggen(page, live_server, "info@bakkerijvandam.example.nl", wachtwoord)
    page.get_by_role("link", name="Medewerker bakkerij").click()
    page.wait_for_load_state("load")
    assert "Willem van de Vecht" in page.locator("main").inner_text()
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_load_state("load")
    inloggen(page, live_server, "sanne.jansen@wsp.example.nl", wachtwoord)
    tweede_stap(herstelcode_sanne)
    assert "Garage Maasland" in page.locator("main").inner_text()
