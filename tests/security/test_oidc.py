"""DigiD and eHerkenning (OpenID Connect via a broker), end to end against a real provider process.

The provider is panva's oidc-provider (tests/security/oidc/provider.mjs, from package-lock.json): real
discovery, authorization code flow with PKCE (required), RS256-signed ID tokens and a JWKS, and a login
and consent page that the browser fills in. Nothing of allauth or the portal is mocked.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from allauth.socialaccount.models import SocialAccount, SocialToken

from accounts.models import User
from accounts.oidc import koppelsleutel
from conftest import ontbreekt
from tests.conftest import inloggen, menukeuze
from tests.test_settings_env import start
from tests.werkers import vrije_poort

ROOT = Path(__file__).resolve().parents[2]
PROVIDER = Path(__file__).parent / "oidc" / "provider.mjs"

BROKERS = {
    # provider_id: (naam, client_id, scope, attributen)
    "digid": ("DigiD", "portaal-digid", ["openid", "bsn"], ["bsn"]),
    "eherkenning": ("eHerkenning", "portaal-eherkenning", ["openid", "kvk"], ["kvk", "sub"]),
}
# Who can log in at the test provider (any password), with the attributes the broker hands over.
PERSONEN = {
    "willem": {"bsn": "111222333"},
    "anton": {"bsn": "444555666"},
    "onbekend": {"bsn": "777888999"},
    "zonder-bsn": {},
    "martijn": {"kvk": "12345678"},
}


@pytest.fixture(scope="session")
def oidc_provider(live_server, tmp_path_factory):
    """The provider as a process of its own, for the whole run; its issuer URL."""
    node = shutil.which("node")
    if node is None:
        ontbreekt("Node.js ontbreekt: installeer nodejs (zie README)")
    if not (ROOT / "node_modules" / "oidc-provider").is_dir():
        ontbreekt("oidc-provider ontbreekt: npm ci")
    poort = vrije_poort()
    config = {
        "port": poort,
        "clients": [
            {"client_id": client_id, "client_secret": f"geheim-{provider_id}",
             "redirect_uris": [f"{live_server.url}/accounts/oidc/{provider_id}/login/callback/"]}
            for provider_id, (_naam, client_id, _scope, _attr) in BROKERS.items()
        ],
        "accounts": PERSONEN,
    }
    pad = tmp_path_factory.mktemp("oidc") / "config.json"
    pad.write_text(json.dumps(config))
    proces = subprocess.Popen([node, str(PROVIDER), str(pad)], cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    issuer = f"http://127.0.0.1:{poort}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if proces.poll() is not None:
                pytest.fail(f"de OIDC-testprovider stopte meteen:\n{proces.stdout.read()}")
            try:
                if requests.get(f"{issuer}/.well-known/openid-configuration", timeout=1).ok:
                    break
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("de OIDC-testprovider antwoordt niet binnen 30 seconden")
            time.sleep(0.2)
        yield issuer
    finally:
        proces.terminate()
        try:
            proces.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proces.kill()
            proces.wait()


@pytest.fixture
def brokers(settings, oidc_provider):
    """The portal configured for both brokers, as settings.py builds it from OIDC_* variables."""
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"OAUTH_PKCE_ENABLED": True, "APPS": [
        {"provider_id": provider_id, "name": naam, "client_id": client_id, "secret": f"geheim-{provider_id}",
         "settings": {"server_url": oidc_provider, "scope": scope, "oauth_pkce_enabled": True,
                      "attributen": attributen}}
        for provider_id, (naam, client_id, scope, attributen) in BROKERS.items()
    ]}}
    return oidc_provider


def koppel(gebruiker, provider_id, *waarden):
    return SocialAccount.objects.create(user=gebruiker, provider=provider_id,
                                        uid=koppelsleutel(broker=provider_id, waarden=list(waarden)),
                                        extra_data={})


def bij_makelaar_inloggen(page, live_server, login):
    """Fill in the provider's login page and agree on its consent page, until back at the portal."""
    page.wait_for_load_state("load")
    for _ in range(4):
        if page.url.startswith(live_server.url):
            return
        if page.locator("input[name=login]").count():
            page.fill("input[name=login]", login)
            page.fill("input[name=password]", "wat-dan-ook")
        page.locator("button[type=submit]").first.click()
        page.wait_for_load_state("load")
    assert page.url.startswith(live_server.url), page.url


def ingelogd_als(page, live_server):
    """The e-mail address the portal's session belongs to, or None (asked of the server, not the page)."""
    antwoord = page.request.get(f"{live_server.url}/", max_redirects=0)
    return antwoord.headers.get("location")


def test_werkzoekende_logs_in_with_digid(page, live_server, brokers, wereld, axe):
    koppel(wereld.werkzoekende_user, "digid", "111222333")
    page.goto(f"{live_server.url}/accounts/login/")
    axe.controleer(page, "inloggen-met-makelaars")
    page.get_by_role("button", name="Inloggen met DigiD").click()
    assert page.url.startswith(brokers + "/interaction/")
    bij_makelaar_inloggen(page, live_server, "willem")
    assert page.url == f"{live_server.url}/mijn/"
    assert "Willem" in page.locator(".wsp-header__wie").inner_text()
    assert "werkzoekende" in page.locator(".wsp-header__wie").inner_text()
    # allauth refreshed the link on this login: still nothing of the broker's answer but attribute names.
    koppeling = SocialAccount.objects.get(user=wereld.werkzoekende_user)
    assert koppeling.extra_data == {"attributen": ["bsn"]} and koppeling.last_login is not None


def test_unlinked_identity_gets_a_dutch_explanation_and_no_account(page, live_server, brokers, wereld):
    gebruikers = User.objects.count()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("button", name="Inloggen met DigiD").click()
    bij_makelaar_inloggen(page, live_server, "onbekend")
    assert page.get_by_role("heading", level=1).inner_text() == "DigiD is nog niet gekoppeld"
    assert "Log één keer in met je e-mailadres en wachtwoord" in page.content()
    assert ingelogd_als(page, live_server) is None  # the home page answers 200 to anonymous visitors
    assert User.objects.count() == gebruikers and not SocialAccount.objects.exists()


def test_staff_identity_is_refused(page, live_server, brokers, wereld):
    koppel(wereld.klantmanager, "digid", "444555666")  # a link that should never have been made
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("button", name="Inloggen met DigiD").click()
    bij_makelaar_inloggen(page, live_server, "anton")
    assert page.get_by_role("heading", level=1).inner_text() == "Inloggen met DigiD kan niet"
    assert "Medewerkers loggen in met hun e-mailadres" in page.content()
    assert ingelogd_als(page, live_server) is None


def test_broker_without_the_attribute_is_refused(page, live_server, brokers, wereld):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("button", name="Inloggen met DigiD").click()
    bij_makelaar_inloggen(page, live_server, "zonder-bsn")
    assert page.get_by_role("heading", level=1).inner_text() == "Inloggen met DigiD lukt niet"
    assert ingelogd_als(page, live_server) is None and not SocialAccount.objects.exists()


def test_werkgever_links_eherkenning_then_logs_in_with_it(page, live_server, brokers, wereld, axe):
    page.set_viewport_size({"width": 390, "height": 844})
    inloggen(page, live_server, wereld.werkgever_user.email)
    menukeuze(page, "eHerkenning koppelen")
    assert page.get_by_role("heading", level=1).inner_text() == "Inloggen met eHerkenning"
    assert page.get_by_role("button", name="DigiD koppelen").count() == 0  # DigiD is for werkzoekenden
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    axe.controleer(page, "ehekenning-koppelen")
    page.get_by_role("button", name="eHerkenning koppelen").click()
    bij_makelaar_inloggen(page, live_server, "martijn")
    assert page.url == f"{live_server.url}/accounts/3rdparty/"
    assert page.get_by_text("Gekoppeld", exact=True).is_visible()

    # What the portal keeps: a keyed hash of KvK number and pseudonym, nothing of the broker's answer.
    koppeling = SocialAccount.objects.get(user=wereld.werkgever_user)
    assert koppeling.provider == "eherkenning"
    assert koppeling.uid == koppelsleutel(broker="eherkenning", waarden=["12345678", "martijn"])
    assert koppeling.extra_data == {"attributen": ["kvk", "sub"]}
    assert "12345678" not in json.dumps([koppeling.uid, koppeling.extra_data])
    assert not SocialToken.objects.exists()

    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_load_state("load")
    assert ingelogd_als(page, live_server) is None
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("button", name="Inloggen met eHerkenning").click()
    bij_makelaar_inloggen(page, live_server, "martijn")
    assert page.url == f"{live_server.url}/werkgever/"
    assert "Martijn" in page.locator(".wsp-header__wie").inner_text()


def test_staff_cannot_link_a_broker(page, live_server, brokers, wereld):
    inloggen(page, live_server, wereld.klantmanager.email)
    page.goto(f"{live_server.url}/accounts/3rdparty/")
    assert "Medewerkers loggen in met hun e-mailadres" in page.content()
    assert page.get_by_role("button", name="DigiD koppelen").count() == 0
    # Posting to the connect URL by hand ends at the same refusal, after the broker.
    page.evaluate("""() => {
        const form = document.createElement('form');
        form.method = 'post';
        form.action = '/accounts/oidc/digid/login/?process=connect';
        const csrf = document.querySelector('input[name=csrfmiddlewaretoken]').cloneNode();
        form.appendChild(csrf);
        document.body.appendChild(form);
        form.submit();
    }""")
    page.wait_for_url(brokers + "/**")
    bij_makelaar_inloggen(page, live_server, "anton")
    assert page.get_by_role("heading", level=1).inner_text() == "Inloggen met DigiD kan niet"
    assert not SocialAccount.objects.exists()


def test_no_broker_configured_means_no_button(client, wereld):
    antwoord = client.get("/accounts/login/")
    assert b"Inloggen met DigiD" not in antwoord.content and b"eHerkenning" not in antwoord.content
    assert client.post("/accounts/oidc/digid/login/?process=login").status_code == 404
    client.force_login(wereld.werkzoekende_user)
    assert "DigiD koppelen" not in [str(keuze.label) for keuze in client.get("/mijn/").context["menu"]]


def test_key_depends_on_broker_value_and_secret(settings):
    settings.OIDC_KOPPELSLEUTEL = "a" * 40
    sleutel = koppelsleutel(broker="digid", waarden=["111222333"])
    assert re.fullmatch(r"[0-9a-f]{64}", sleutel) and "111222333" not in sleutel
    assert sleutel == koppelsleutel(broker="digid", waarden=["111222333"])
    assert sleutel != koppelsleutel(broker="eherkenning", waarden=["111222333"])
    assert sleutel != koppelsleutel(broker="digid", waarden=["111222334"])
    settings.OIDC_KOPPELSLEUTEL = "b" * 40
    assert sleutel != koppelsleutel(broker="digid", waarden=["111222333"])


@pytest.mark.parametrize(
    "omgeving,variabele",
    [
        ({"OIDC_DIGID_ISSUER": "makelaar.example.nl"}, "OIDC_DIGID_ISSUER"),
        ({"OIDC_DIGID_ISSUER": "http://makelaar.example.nl", "OIDC_DIGID_CLIENT_ID": "x",
          "OIDC_DIGID_CLIENT_SECRET": "y"}, "OIDC_DIGID_ISSUER"),
        ({"OIDC_EHERKENNING_ISSUER": "https://makelaar.example.nl"}, "OIDC_EHERKENNING_CLIENT_ID"),
        ({"OIDC_EHERKENNING_CLIENT_ID": "x"}, "OIDC_EHERKENNING_ISSUER"),
        ({"OIDC_DIGID_ISSUER": "https://makelaar.example.nl", "OIDC_DIGID_CLIENT_ID": "x",
          "OIDC_DIGID_CLIENT_SECRET": "y", "OIDC_DIGID_ATTRIBUUT": "bsn,,kvk"}, "OIDC_DIGID_ATTRIBUUT"),
        ({"OIDC_DIGID_ISSUER": "https://makelaar.example.nl", "OIDC_DIGID_CLIENT_ID": "x",
          "OIDC_DIGID_CLIENT_SECRET": "y", "OIDC_DIGID_SCOPE": "bsn"}, "OIDC_DIGID_SCOPE"),
    ],
)
def test_bad_broker_variable_stops_with_one_dutch_line(omgeving, variabele):
    resultaat = start(**omgeving)
    assert resultaat.returncode != 0
    regels = [r for r in resultaat.stderr.splitlines() if r.strip()]
    assert len(regels) == 1 and regels[0].startswith("Configuratiefout:") and variabele in regels[0], resultaat.stderr


def test_broker_from_the_environment():
    omgeving = {k: v for k, v in os.environ.items() if not k.startswith("OIDC_") and k != "DJANGO_SETTINGS_MODULE"}
    omgeving.update({"DEBUG": "true", "DJANGO_SETTINGS_MODULE": "klantreis.settings",
                     "OIDC_DIGID_ISSUER": "https://makelaar.example.nl/oidc/", "OIDC_DIGID_CLIENT_ID": "wsp",
                     "OIDC_DIGID_CLIENT_SECRET": "s3cr3t", "OIDC_DIGID_SCOPE": "openid, bsn"})
    resultaat = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c",
         "import json; from django.conf import settings; print(json.dumps(settings.SOCIALACCOUNT_PROVIDERS))"],
        cwd=ROOT, env=omgeving, capture_output=True, text=True, timeout=120)
    assert resultaat.returncode == 0, resultaat.stderr
    apps = json.loads(resultaat.stdout.strip().splitlines()[-1])["openid_connect"]["APPS"]
    assert apps == [{"provider_id": "digid", "name": "DigiD", "client_id": "wsp", "secret": "s3cr3t",
                     "settings": {"server_url": "https://makelaar.example.nl/oidc", "scope": ["openid", "bsn"],
                                  "oauth_pkce_enabled": True, "attributen": ["bsn"], "rol": "werkzoekende"}}]


def test_cancel_at_the_broker_comes_back_to_a_dutch_page(page, live_server, brokers, wereld):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("button", name="Inloggen met DigiD").click()
    page.get_by_role("link", name="[ Cancel ]").click()
    page.wait_for_url(live_server.url + "/**")
    assert page.get_by_role("heading", level=1).inner_text() == "Inloggen afgebroken"
    assert ingelogd_als(page, live_server) is None
