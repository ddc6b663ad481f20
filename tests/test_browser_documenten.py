"""Issue #14 item 3 in real Chromium at 390 px: Willem uploads his VCA certificate with its expiry date and lets
it go along with a voordracht; Anton (accountmanager) chooses it for the voordracht; Martijn (werkgever) downloads
it from the voordracht page, and the download is in the verwerkingenlog. axe (WCAG 2.1 AA) 0 violations on every
page, nothing wider than the phone."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Verwerking
from conftest import Wereld
from tests.conftest import Toegankelijkheid, inloggen
from werkzoekenden.models import Document
from werkzoekenden.tests.test_cv import PDF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TELEFOON = {"width": 390, "height": 844}


def _past(page):
    breedte = page.evaluate("document.documentElement.scrollWidth")
    assert breedte <= 390, f"{page.url}: {breedte}px breed"


def _telefoon(browser, live_server, gebruiker):
    pagina = browser.new_context(locale="nl-NL", viewport=TELEFOON).new_page()
    inloggen(pagina, live_server, gebruiker.email)
    return pagina


def test_willem_sends_his_vca_along_and_the_werkgever_downloads_it(browser, live_server, tmp_path):
    axe = Toegankelijkheid()
    wereld = Wereld().met_bemiddeling()
    bestand = tmp_path / "VCA certificaat Willem.pdf"
    bestand.write_bytes(PDF)
    verloopt = timezone.localdate() + timedelta(days=500)

    willem = _telefoon(browser, live_server, wereld.werkzoekende_user)
    willem.get_by_role("link", name="Mijn diploma's, certificaten en andere documenten").click()
    willem.wait_for_load_state("load")
    axe.controleer(willem, "390-werkzoekende-documenten-leeg")
    _past(willem)
    willem.get_by_label("Wat voor document is het?").select_option("certificaat")
    willem.get_by_label("Naam van het document").fill("VCA basis")
    willem.get_by_label("Kies het bestand").set_input_files(str(bestand))
    willem.get_by_label("Verloopt op").fill(verloopt.isoformat())
    willem.get_by_label("Dit document mag mee als je wordt voorgedragen bij een werkgever").check()
    willem.get_by_role("button", name="Document opslaan").click()
    willem.wait_for_load_state("load")
    assert "VCA basis is opgeslagen." in willem.content()
    tekst = willem.locator("main").inner_text()
    assert "Verloopt op" in tekst and "Mag mee bij een voordracht" in tekst
    axe.controleer(willem, "390-werkzoekende-documenten")
    _past(willem)
    document = Document.objects.get()
    assert (document.soort, document.verloopt_op, document.delen_met_werkgever) == ("certificaat", verloopt, True)

    anton = _telefoon(browser, live_server, wereld.accountmanager)
    anton.goto(f"{live_server.url}/voordrachten/{wereld.voordracht.pk}/")
    anton.get_by_role("link", name="Documenten kiezen die meegaan").click()
    anton.wait_for_load_state("load")
    axe.controleer(anton, "390-accountmanager-voordracht-documenten")
    _past(anton)
    anton.get_by_label("VCA basis", exact=False).check()
    anton.get_by_role("button", name="Opslaan").click()
    anton.wait_for_load_state("load")
    assert "De werkgever ziet nu de gekozen documenten" in anton.content()

    martijn = _telefoon(browser, live_server, wereld.werkgever_user)
    martijn.goto(f"{live_server.url}/voordrachten/{wereld.voordracht.pk}/")
    assert "verloopt op" in martijn.locator("#kop-documenten + ul").inner_text()
    axe.controleer(martijn, "390-werkgever-voordracht-met-documenten")
    _past(martijn)
    voor = set(Verwerking.objects.values_list("pk", flat=True))
    with martijn.expect_download() as download:
        martijn.get_by_role("link", name="VCA basis").click()
    assert open(download.value.path(), "rb").read().startswith(b"%PDF-")
    assert download.value.suggested_filename.startswith("certificaat-Willem")
    regel = Verwerking.objects.exclude(pk__in=voor).get()
    assert regel.gebruiker == wereld.werkgever_user and regel.actie == Verwerking.Actie.INZIEN
    assert "download" in regel.wat and regel.betrokkenen.get().object_id == str(wereld.kandidaat.pk)
    assert axe.bezocht
