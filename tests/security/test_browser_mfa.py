"""The second factor in real Chromium, axe on every page, at desktop width and at 390 px.

An accountmanager is sent to set up an authenticator app, reads the secret from the page, types the code
an app would show, keeps the recovery codes, logs out, logs in with password and code, and once with a
recovery code (which then no longer works). Passkeys are registered and used for real with Chromium's
virtual authenticator (DevTools protocol, WebAuthn domain).
"""

import re
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from conftest import Wereld
from tests.conftest import Toegankelijkheid, inloggen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def mfa_verplicht(settings):
    settings.MFA_VERPLICHT = True


@pytest.fixture(params=[1280, 390], ids=["desktop", "telefoon"])
def breedte(request):
    return request.param


@pytest.fixture
def scherm(browser, breedte):
    context = browser.new_context(locale="nl-NL", viewport={"width": breedte, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def app_code(secret, stap=0):
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + stap))


def controleer(page, axe, naam, breedte):
    axe.controleer(page, f"{naam}-{breedte}")
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= breedte, f"{page.url} scrolt horizontaal op {breedte} px ({scroll})"


def knop(page, naam):
    page.get_by_role("button", name=naam, exact=True).click()
    page.wait_for_load_state("load")


def uitloggen(page):
    page.locator("header").get_by_role("button", name="Uitloggen").click()
    page.wait_for_load_state("load")


def test_accountmanager_sets_up_app_and_logs_in_with_code_and_recovery_code(scherm, live_server, breedte):
    page, axe = scherm, Toegankelijkheid()
    wereld = Wereld()
    am = wereld.accountmanager
    inloggen(page, live_server, am.email)
    # Without a second factor: the explanation, not the portal.
    assert page.url == f"{live_server.url}/accounts/2fa/"
    assert "Stel eerst een tweede stap in" in page.locator("main").inner_text()
    controleer(page, axe, "mfa-uitleg", breedte)
    page.get_by_role("link", name="App instellen").click()
    page.wait_for_load_state("load")
    # allauth asks for the password once more before a login method changes.
    assert "/accounts/reauthenticate/" in page.url
    controleer(page, axe, "wachtwoord-bevestigen", breedte)
    page.get_by_label("Wachtwoord").fill("Testwachtwoord-2026")
    knop(page, "Bevestigen")
    assert "/accounts/2fa/totp/activate/" in page.url
    controleer(page, axe, "app-instellen", breedte)
    secret = page.locator("#totp-geheim").inner_text().strip()
    # A wrong code first: a clear message, the same secret (the app already scanned stays valid).
    page.locator("input[name=code]").fill("123")
    knop(page, "App instellen")
    assert "Niet alles is goed ingevuld" in page.locator("main").inner_text()
    assert page.locator("#totp-geheim").inner_text().strip() == secret
    controleer(page, axe, "app-instellen-fout", breedte)
    page.locator("input[name=code]").fill(app_code(secret))
    knop(page, "App instellen")
    assert "/accounts/2fa/recovery-codes/" in page.url
    codes = page.locator(".wsp-herstelcodes code").all_inner_texts()
    assert len(codes) == 10
    controleer(page, axe, "herstelcodes", breedte)
    page.get_by_role("link", name="Ik heb de codes bewaard, verder naar het portaal").click()
    page.wait_for_load_state("load")
    assert page.url == f"{live_server.url}/accountmanager/"  # setting it up confirmed this session
    uitloggen(page)

    # Password alone: the second step is asked.
    inloggen(page, live_server, am.email)
    assert "/accounts/2fa/authenticate/" in page.url
    controleer(page, axe, "tweede-stap", breedte)
    page.locator("input[name=code]").fill(app_code(secret, stap=1))  # the next code: the setup one is used
    knop(page, "Inloggen")
    assert page.url == f"{live_server.url}/accountmanager/"
    uitloggen(page)

    # Phone lost: a recovery code works once.
    for poging in range(2):
        inloggen(page, live_server, am.email)
        page.locator("input[name=code]").fill(codes[0])
        knop(page, "Inloggen")
        if poging == 0:
            assert page.url == f"{live_server.url}/accountmanager/"
            uitloggen(page)
        else:
            assert "/accounts/2fa/authenticate/" in page.url
            assert "Deze code klopt niet" in page.locator("main").inner_text()
            controleer(page, axe, "tweede-stap-fout", breedte)


def virtuele_sleutel(page):
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send("WebAuthn.addVirtualAuthenticator", {"options": {
        "protocol": "ctap2", "transport": "internal", "hasResidentKey": True,
        "hasUserVerification": True, "isUserVerified": True, "automaticPresenceSimulation": True}})
    return cdp


def test_passkey_registered_and_used_for_login(page, live_server, settings):
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1"]
    axe = Toegankelijkheid()
    wereld = Wereld()
    km = wereld.klantmanager
    basis = live_server.url.replace("127.0.0.1", "localhost")  # a passkey needs a domain, not an IP
    virtuele_sleutel(page)
    page.goto(f"{basis}/accounts/login/")
    page.get_by_label("E-mailadres").fill(km.email)
    page.get_by_label("Wachtwoord").fill("Testwachtwoord-2026")
    page.get_by_role("button", name="Inloggen", exact=True).click()
    page.wait_for_load_state("load")
    page.get_by_role("link", name="Passkey toevoegen").click()
    page.wait_for_load_state("load")
    page.get_by_label("Wachtwoord").fill("Testwachtwoord-2026")
    knop(page, "Bevestigen")
    assert "/accounts/2fa/webauthn/add/" in page.url
    axe.controleer(page, "passkey-toevoegen")
    page.locator("input[name=name]").fill("Laptop kantoor")
    page.locator("input[name=passwordless]").check()
    page.get_by_role("button", name="Passkey toevoegen").click()
    page.wait_for_url(re.compile(r"/accounts/2fa/recovery-codes/"))
    sleutel = Authenticator.objects.get(user=km, type=Authenticator.Type.WEBAUTHN)
    assert sleutel.wrap().is_passwordless
    page.get_by_role("link", name="Ik heb de codes bewaard, verder naar het portaal").click()
    page.wait_for_load_state("load")
    assert page.url == f"{basis}/klantmanager/"
    uitloggen(page)

    # Without a password: the passkey alone (possession plus the device's own check) logs in.
    page.goto(f"{basis}/accounts/login/")
    axe.controleer(page, "inloggen-met-passkey")
    page.get_by_role("button", name="Inloggen met een passkey").click()
    page.wait_for_url(f"{basis}/klantmanager/")
    uitloggen(page)

    # Password first, then the passkey as second step.
    page.goto(f"{basis}/accounts/login/")
    page.get_by_label("E-mailadres").fill(km.email)
    page.get_by_label("Wachtwoord").fill("Testwachtwoord-2026")
    page.get_by_role("button", name="Inloggen", exact=True).click()
    page.wait_for_load_state("load")
    assert "/accounts/2fa/authenticate/" in page.url
    axe.controleer(page, "tweede-stap-passkey")
    page.get_by_role("button", name="Passkey of beveiligingssleutel gebruiken").click()
    page.wait_for_url(f"{basis}/klantmanager/")
