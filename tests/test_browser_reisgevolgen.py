"""What one role does reaches the others, walked in real Chromium with axe on every page: consent withdrawn,
a warme overdracht and a plan action for the contactpersoon (issue: reisgevolgen). The journey events run
after commit inside the request, so each consequence shows on the next page another person opens.
The werkzoekende's pages are also opened at 390 px: no horizontal scroll."""

import re

import pytest
from django.core.files.base import ContentFile

from accounts.tests.factories import KlantmanagerFactory, OrganisatieFactory, regio
from bemiddeling.services import voordracht_create
from conftest import Wereld, laad_referentiedata_na_flush
from tests.conftest import Toegankelijkheid, inloggen
from werkgevers.tests.factories import VacatureFactory
from werkzoekenden.tests.factories import KandidaatFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
DESKTOP = {"width": 1280, "height": 900}
TELEFOON = {"width": 390, "height": 844}


def knop(page, naam):
    page.get_by_role("button", name=naam).click()
    page.wait_for_load_state("load")


def link(page, naam):
    page.get_by_role("link", name=naam).first.click()
    page.wait_for_load_state("load")


def uitloggen(page):
    knop(page, "Uitloggen")


def main(page):
    return page.locator("main").inner_text()


def past_op_telefoon(page):
    """The werkzoekende opens the same page on a phone: nothing sticks out sideways."""
    page.set_viewport_size(TELEFOON)
    page.reload()
    page.wait_for_load_state("load")
    breedte = page.evaluate("document.documentElement.scrollWidth")
    assert breedte <= TELEFOON["width"], f"{page.url} scrolt horizontaal op 390 px (scrollWidth {breedte})"
    page.set_viewport_size(DESKTOP)
    page.reload()
    page.wait_for_load_state("load")


def assert_actie_klaar(page, omschrijving):
    """The action shows as done, and the button to mark it done is gone (the heading of either side: the werkzoekende
    reads "Wat mijn contactpersoon regelt")."""
    regio = page.get_by_role("region", name=re.compile("Wat (de|mijn) (contactpersoon|klantmanager) regelt"))
    actie = regio.get_by_role("listitem").filter(has_text=omschrijving)
    tekst = actie.inner_text()
    assert "Klaar" in tekst and "Nog te doen" not in tekst, tekst
    assert actie.get_by_role("button", name=re.compile("^Klaar")).count() == 0


def test_withdrawn_consent_reaches_the_werkzoekende_the_accountmanager_and_the_werkgever(page, live_server):
    axe = Toegankelijkheid()
    wereld = Wereld().met_bemiddeling()  # Willem: voordracht for "Monteur" at De Heul, gesprek gepland
    willem, voordracht = wereld.kandidaat, wereld.voordracht
    willem.cv.save("cv-willem.pdf", ContentFile(PDF))
    # A second voordracht on the same consent that still waits for De Heul's answer.
    service = VacatureFactory(werkgever=wereld.werkgever, beroep=wereld.beroep, titel="Servicemonteur")
    wachtend = voordracht_create(vacature=service, kandidaat=willem, door=wereld.accountmanager,
                                 toelichting="Rustig en precies.")
    detail = f"{live_server.url}/voordrachten/{voordracht.pk}/"
    cv_download = f"{live_server.url}/voordrachten/{voordracht.pk}/cv/"

    # Before: De Heul sees Willem, his cv, and one kandidaat waiting for an answer on "Servicemonteur".
    inloggen(page, live_server, wereld.werkgever_user.email)
    rij = page.get_by_role("row", name=re.compile("Servicemonteur"))
    assert rij.get_by_role("cell").last.inner_text().strip() == "1"
    axe.controleer(page, "werkgever-home-voor-intrekken")
    assert page.request.get(cv_download).status == 200
    page.goto(detail)
    assert "Willem van de Vecht" in page.locator("h1").inner_text()
    axe.controleer(page, "voordracht-werkgever-voor-intrekken")
    uitloggen(page)

    # Willem withdraws the consent for De Heul with the button on his consent page.
    inloggen(page, live_server, wereld.werkzoekende_user.email)
    axe.controleer(page, "werkzoekende-home")
    past_op_telefoon(page)
    link(page, "Met wie mogen we mijn gegevens delen?")
    axe.controleer(page, "toestemmingen")
    past_op_telefoon(page)
    page.get_by_role("button", name=re.compile(r"Intrekken.*De Heul Installatietechniek")).click()
    page.wait_for_load_state("load")
    # First what stops with it: both voordrachten, and the gesprek that does not take place.
    vraag = main(page)
    assert "Je voordracht voor Monteur bij De Heul Installatietechniek." in vraag
    assert "Je voordracht voor Servicemonteur bij De Heul Installatietechniek." in vraag
    assert "gaat niet door" in vraag and "niet terug" in vraag
    axe.controleer(page, "toestemming-intrekken-vraag")
    past_op_telefoon(page)
    page.get_by_role("button", name="Ja, trek mijn toestemming in").click()
    page.wait_for_load_state("load")
    assert "Ingetrokken. Vanaf nu delen we hiervoor niets meer." in main(page)
    assert "ingetrokken op" in page.get_by_role("region", name="Gegeven toestemming").inner_text()
    axe.controleer(page, "toestemmingen-ingetrokken")

    # His sollicitaties: both voordrachten stopped, no gesprek choice left to make.
    link(page, "Mijn sollicitaties")
    for titel in ("Monteur bij De Heul Installatietechniek", "Servicemonteur bij De Heul Installatietechniek"):
        kaart = page.get_by_role("article", name=titel, exact=True)
        assert "Gestopt: toestemming ingetrokken" in kaart.inner_text(), kaart.inner_text()
    assert page.get_by_role("button", name=re.compile("begeleider|alleen")).count() == 0
    axe.controleer(page, "mijn-sollicitaties")
    past_op_telefoon(page)
    uitloggen(page)

    # Anton, the accountmanager, has a task per stopped voordracht, and cannot plan a gesprek any more.
    inloggen(page, live_server, wereld.accountmanager.email)
    link(page, "Taken")
    taken = page.get_by_role("region", name="Open taken")
    for titel in ("Monteur", "Servicemonteur"):
        assert taken.get_by_role("listitem").filter(has_text=re.compile(
            rf"toestemming ingetrokken; de voordracht voor {titel} bij De Heul")).count() == 1, taken.inner_text()
    axe.controleer(page, "taken-accountmanager")
    taken.get_by_role("listitem").filter(has_text="de voordracht voor Monteur bij").get_by_role(
        "link", name="naar de voordracht").click()
    page.wait_for_load_state("load")
    assert page.url == detail
    tekst = main(page)
    assert "Gestopt: toestemming ingetrokken" in tekst
    assert "De werkgever ziet deze voordracht niet meer." in tekst
    assert page.get_by_role("link", name=re.compile("Gesprek (plannen|verplaatsen)")).count() == 0
    assert "Gesprek plannen" not in tekst and "Gesprek verplaatsen" not in tekst
    axe.controleer(page, "voordracht-na-intrekken")
    uitloggen(page)

    # De Heul: the cv and the voordracht are gone (404), and nothing waits for their answer.
    inloggen(page, live_server, wereld.werkgever_user.email)
    axe.controleer(page, "werkgever-home-na-intrekken")
    for titel in ("Monteur", "Servicemonteur"):
        rij = page.get_by_role("row", name=re.compile(rf"^{titel}\b"))
        assert rij.get_by_role("cell").last.inner_text().strip() == "0", rij.inner_text()
    assert page.request.get(cv_download).status == 404
    antwoord = page.goto(detail)
    assert antwoord.status == 404
    assert page.goto(f"{live_server.url}/voordrachten/{wachtend.pk}/reageren/").status == 404
    page.goto(f"{live_server.url}/werkgever/")
    link(page, "Servicemonteur")
    assert "Willem" not in main(page)
    assert page.get_by_role("link", name="Reageren: uitnodigen of niet passend").count() == 0
    axe.controleer(page, "vacature-werkgever-na-intrekken")


def test_warme_overdracht_with_a_new_uitkering_is_warm_on_the_receiving_side(page, live_server):
    axe = Toegankelijkheid()
    laad_referentiedata_na_flush()
    uwv = OrganisatieFactory(soort="uwv", gemeente=None, naam="UWV Arnhem", regio=regio("AM07"))
    ula = KlantmanagerFactory(voornaam="Ula", achternaam="Uwv", regio=regio("AM07"), organisatie=uwv)
    jeske = KlantmanagerFactory(voornaam="Jeske", achternaam="Gemeente", regio=regio("AM07"))
    anja = KandidaatFactory(voornaam="Anja", achternaam="Roest", klantmanager=ula, uitkering="ww")

    # Ula (UWV) hands Anja's WW dossier to Jeske at the gemeente: the WW ends, the bijstand begins.
    inloggen(page, live_server, ula.email)
    page.get_by_role("row", name=re.compile("Anja Roest")).get_by_role("link").first.click()
    page.wait_for_load_state("load")
    assert "WW" in page.get_by_role("region", name="Uitkering en werk").inner_text()
    axe.controleer(page, "dossier-voor-overdracht")
    link(page, "Warme overdracht")
    axe.controleer(page, "overdracht")
    # Ula knows Jeske's team, not her name: the gemeente's name finds her.
    page.get_by_label("Zoek je collega op naam of organisatie").fill(jeske.organisatie.naam)
    page.get_by_role("radio", name=re.compile("Jeske Gemeente")).check()
    page.get_by_label("Overdrachtsnotitie").fill("WW eindigt 1 maart. Bijstand is aangevraagd.")
    page.get_by_label("Uitkering na de overdracht").select_option(label="Bijstand (Participatiewet)")
    knop(page, "Dossier overdragen")
    assert "Het dossier is overgedragen" in main(page)
    assert page.get_by_role("row", name=re.compile("Anja Roest")).count() == 0  # gone from Ula's caseload
    axe.controleer(page, "caseload-na-overdracht")
    uitloggen(page)

    # Jeske: a task about the dossier, then the dossier itself and the plan's history.
    inloggen(page, live_server, jeske.email)
    link(page, "Taken")
    taken = page.get_by_role("region", name="Open taken")
    taak = taken.get_by_role("listitem").filter(has_text="Anja Roest")
    assert taak.count() == 1, taken.inner_text()
    assert "Dossier van Anja Roest overgenomen van Ula Uwv" in taak.inner_text()
    axe.controleer(page, "taken-ontvanger")
    link(page, "Mijn caseload")
    axe.controleer(page, "caseload-ontvanger")
    page.get_by_role("row", name=re.compile("Anja Roest")).get_by_role("link").first.click()
    page.wait_for_load_state("load")
    assert "Bijstand" in page.get_by_role("region", name="Uitkering en werk").inner_text()
    vaste = page.get_by_role("region", name="Vaste klantmanagers").inner_text()
    assert "Ula Uwv" in vaste and "Jeske Gemeente" in vaste, vaste
    assert "WW eindigt 1 maart. Bijstand is aangevraagd." in vaste
    axe.controleer(page, "dossier-ontvanger")
    link(page, "Plan van aanpak")
    veranderd = page.get_by_role("region", name="Wat er veranderde").inner_text()
    assert "Dossier overgedragen van Ula Uwv aan Jeske Gemeente" in veranderd, veranderd
    assert "Bijstand" in veranderd, veranderd
    axe.controleer(page, "plan-ontvanger")


def test_a_plan_action_for_my_contactpersoon_is_her_task_until_she_marks_it_done(page, live_server):
    axe = Toegankelijkheid()
    wereld = Wereld()
    willem = wereld.kandidaat
    omschrijving = "Afspraak bij de schuldhulp regelen"

    # Willem asks his contactpersoon to arrange something, through the form on his plan.
    inloggen(page, live_server, wereld.werkzoekende_user.email)
    link(page, "Naar mijn plan")
    axe.controleer(page, "mijn-plan")
    past_op_telefoon(page)
    link(page, "Actie toevoegen")
    axe.controleer(page, "actie-toevoegen")
    past_op_telefoon(page)
    page.get_by_label("Onderwerp").select_option(label="Geld en schulden")
    page.get_by_label("Doel").fill("Rust in mijn geldzaken")
    page.get_by_label("Wat moet er gebeuren").fill(omschrijving)
    page.get_by_role("radio", name="Mijn contactpersoon").check()
    knop(page, "Toevoegen")
    assert "De actie staat in het plan." in main(page)
    actie = page.get_by_role("region", name="Wat mijn contactpersoon regelt").get_by_role("listitem").filter(
        has_text=omschrijving)
    assert "Nog te doen" in actie.inner_text()
    axe.controleer(page, "mijn-plan-met-actie")
    past_op_telefoon(page)
    uitloggen(page)

    # Karin sees it among her open tasks ...
    inloggen(page, live_server, wereld.klantmanager.email)
    link(page, "Taken")
    taken = page.get_by_role("region", name="Open taken")
    taak = taken.get_by_role("listitem").filter(has_text=omschrijving)
    assert taak.count() == 1, taken.inner_text()
    assert "Willem van de Vecht" in taak.inner_text()
    axe.controleer(page, "taken-klantmanager")

    # ... opens Willem's plan from her caseload and marks the action done ...
    link(page, "Mijn caseload")
    axe.controleer(page, "caseload-klantmanager")
    page.get_by_role("row", name=re.compile("Willem van de Vecht")).get_by_role("link").first.click()
    page.wait_for_load_state("load")
    axe.controleer(page, "dossier-klantmanager")
    link(page, "Plan van aanpak")
    axe.controleer(page, "plan-klantmanager")
    regelt = page.get_by_role("region", name="Wat de klantmanager regelt")
    regelt.get_by_role("button", name=re.compile(rf"Klaar\s+{omschrijving}")).click()
    page.wait_for_load_state("load")
    assert "Goed gedaan! De actie staat op klaar." in main(page)
    assert_actie_klaar(page, omschrijving)
    axe.controleer(page, "plan-actie-klaar")

    # ... and the task is gone from her open tasks.
    link(page, "Taken")
    assert omschrijving not in page.get_by_role("region", name="Open taken").inner_text()
    axe.controleer(page, "taken-na-klaar")

    # Willem sees it done on his plan.
    uitloggen(page)
    inloggen(page, live_server, wereld.werkzoekende_user.email)
    page.goto(f"{live_server.url}/dossiers/{willem.pk}/plan/")
    assert_actie_klaar(page, omschrijving)
    axe.controleer(page, "mijn-plan-actie-klaar")
    past_op_telefoon(page)
