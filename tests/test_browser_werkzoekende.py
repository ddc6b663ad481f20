"""The werkzoekendereis in real Chromium with axe on every page: dossier, invitation, cv, contact
preferences, plan, consent, caseload and the warme overdracht (issue: werkzoekendereis)."""

import re

import pytest
from django.core import mail

from accounts.tests.factories import KlantmanagerFactory, OrganisatieFactory
from beroepen.tests.factories import BeroepFactory
from conftest import Wereld
from tests.conftest import Toegankelijkheid, inloggen
from werkzoekenden.models import Actie, Kandidaat, Toestemming

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]



def _pdf():
    """A real pdf: uploads are parsed and rewritten with pikepdf, a header with nothing behind it is refused."""
    import io

    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page()
    uit = io.BytesIO()
    pdf.save(uit)
    return uit.getvalue()


PDF = _pdf()


def knop(page, naam):
    page.get_by_role("button", name=naam).click()
    page.wait_for_load_state("load")


def link(page, naam):
    page.get_by_role("link", name=naam).first.click()
    page.wait_for_load_state("load")


def test_dossier_cv_plan_consent_caseload_and_handover(page, live_server, tmp_path):
    axe = Toegankelijkheid()
    wereld = Wereld()
    BeroepFactory(naam="bakkerijmedewerker", met_vaardigheden=["deeg kneden", "hygiëneregels volgen"])
    uwv = OrganisatieFactory(soort="uwv", gemeente=None, naam="UWV Arnhem")
    uwv_km = KlantmanagerFactory(voornaam="Ula", achternaam="Uwv", organisatie=uwv)
    gemeente_km = wereld.klantmanager  # Karin Klant, gemeente

    # The UWV klantmanager creates Anja's dossier and invites her.
    inloggen(page, live_server, uwv_km.email)
    link(page, "Nieuw dossier")
    axe.controleer(page, "dossier-nieuw")
    for label, waarde in {"Voornaam": "Anja", "Achternaam": "Roest", "E-mailadres": "anja@voorbeeld.nl",
                          "Postcode": "6811 AB"}.items():
        page.get_by_label(label).fill(waarde)
    page.get_by_label("Uitkering").select_option("ww")
    knop(page, "Dossier aanmaken")
    anja = Kandidaat.objects.get(achternaam="Roest")
    axe.controleer(page, "dossier")
    link(page, "Plan van aanpak")
    link(page, "Actie toevoegen")
    page.get_by_label("Onderwerp").select_option("werk")
    page.get_by_label("Doel").fill("Ander werk vinden, met mijn handen")
    page.get_by_label("Wat moet er gebeuren").fill("Cv bijwerken met kluservaring")
    page.get_by_role("radio", name="De werkzoekende", exact=True).check()
    knop(page, "Toevoegen")
    mail.outbox.clear()
    link(page, "Werkzoekende uitnodigen")
    axe.controleer(page, "uitnodigen-kiezen")
    link(page, "Anja Roest uitnodigen")
    knop(page, "Uitnodiging versturen")
    knop(page, "Uitloggen")

    # Anja chooses a password and finds everything on her home page.
    pad = re.search(r"/uitnodiging/\S+/", mail.outbox[0].body).group(0)
    page.goto(live_server.url + pad)
    page.locator("#id_new_password1").fill("Handig-en-creatief-35")
    page.locator("#id_new_password2").fill("Handig-en-creatief-35")
    knop(page, "Wachtwoord instellen")
    assert "Ula Uwv" in page.locator("main").inner_text()
    axe.controleer(page, "home-anja")

    # Her cv: a text file called cv.pdf is refused with a clear message; the real pdf is kept.
    link(page, "Mijn cv uploaden")
    nep = tmp_path / "cv.pdf"
    nep.write_bytes(b"geen pdf")
    page.get_by_label("Kies je cv (pdf of Word, hooguit 10 MB)").set_input_files(str(nep))
    knop(page, "Cv opslaan")
    assert "geen pdf- of Word-bestand" in page.content()
    axe.controleer(page, "cv-fout")
    echt = tmp_path / "Anja Roest cv.pdf"
    echt.write_bytes(PDF)
    page.get_by_label("Kies je cv (pdf of Word, hooguit 10 MB)").set_input_files(str(echt))
    knop(page, "Cv opslaan")
    anja.refresh_from_db()
    assert anja.cv_bestandsnaam == "Anja Roest cv.pdf"

    # Contact preferences.
    page.goto(f"{live_server.url}/dossiers/{anja.pk}/bewerken/")
    page.get_by_role("radio", name="Appen").check()
    page.get_by_label(re.compile("Telefoonnummer")).fill("06 12345678")  # appen needs a number
    page.get_by_role("radio", name=re.compile("Zelfstandig")).check()
    axe.controleer(page, "gegevens")
    knop(page, "Opslaan")

    # Her plan: she adds an action and marks the klantmanager's one done.
    page.goto(f"{live_server.url}/dossiers/{anja.pk}/plan/")
    axe.controleer(page, "plan")
    link(page, "Actie toevoegen")
    page.get_by_label("Onderwerp").select_option("kinderopvang")
    page.get_by_label("Doel").fill("Opvang na school")
    page.get_by_label("Wat moet er gebeuren").fill("Aanmelden bij de BSO")
    page.get_by_role("radio", name="Ik", exact=True).check()
    knop(page, "Toevoegen")
    page.get_by_role("link", name=re.compile("Bijwerken Cv bijwerken")).click()
    page.wait_for_load_state("load")
    page.get_by_label("Status").select_option("klaar")
    knop(page, "Opslaan")
    assert Actie.objects.get(omschrijving="Cv bijwerken met kluservaring").status == "klaar"

    # What she looks for (not only her old trade) and what she can; then a cv made from her profile.
    page.goto(f"{live_server.url}/dossiers/{anja.pk}/wensen/")
    axe.controleer(page, "wensen")
    page.get_by_label("Beroep dat je zoekt").fill("bakkerijmedewerker")
    knop(page, "Beroep toevoegen")
    page.get_by_label("deeg kneden").check()
    knop(page, "Vaardigheden opslaan")
    assert list(anja.vaardigheden.values_list("naam", flat=True)) == ["deeg kneden"]
    page.goto(f"{live_server.url}/dossiers/{anja.pk}/cv/profiel/")
    assert "bakkerijmedewerker" in page.locator("main").inner_text()
    axe.controleer(page, "cv-profiel")

    # Consent for one werkgever.
    page.goto(f"{live_server.url}/dossiers/{anja.pk}/toestemmingen/")
    axe.controleer(page, "toestemmingen")
    # She finds the werkgever by typing part of its name (htmx shows the results as she types) and picks it; the
    # purpose follows the search.
    page.get_by_label("Zoek de werkgever op naam").fill(wereld.werkgever.naam[:6])
    assert page.get_by_role("radio", name=re.compile("delen met een werkgever")).is_checked()
    page.get_by_role("radio", name=re.compile(re.escape(wereld.werkgever.naam))).check()
    axe.controleer(page, "toestemmingen-werkgever-gezocht")
    knop(page, "Toestemming geven")
    assert Toestemming.objects.filter(kandidaat=anja, werkgever=wereld.werkgever, ingetrokken_op__isnull=True).exists()
    knop(page, "Uitloggen")

    # The klantmanager sees it all in the caseload, then hands the WW dossier to the gemeente.
    inloggen(page, live_server, uwv_km.email)
    rij = page.get_by_role("row", name=re.compile("Anja Roest"))
    assert "Zelfstandig" in rij.inner_text()
    axe.controleer(page, "caseload")
    rij.get_by_role("link").click()
    page.wait_for_load_state("load")
    assert "Appen" in page.locator("main").inner_text()
    link(page, "Warme overdracht")
    axe.controleer(page, "overdracht")
    page.get_by_label("Zoek je collega op naam of organisatie").fill("karin kl")  # htmx: the results alone
    page.get_by_role("radio", name=re.compile("Karin Klant")).check()
    axe.controleer(page, "overdracht-collega-gezocht")
    page.get_by_label("Overdrachtsnotitie").fill("WW eindigt 1 maart. Zoekt werk met de handen; kinderopvang loopt.")
    mail.outbox.clear()
    knop(page, "Dossier overdragen")
    assert any("Karin Klant" in m.body and "anja@voorbeeld.nl" in m.to for m in mail.outbox)
    knop(page, "Uitloggen")

    inloggen(page, live_server, gemeente_km.email)
    page.goto(f"{live_server.url}/dossiers/{anja.pk}/")
    tekst = page.locator("main").inner_text()
    assert "WW eindigt 1 maart" in tekst and "Ula Uwv" in tekst
    page.goto(f"{live_server.url}/dossiers/{anja.pk}/plan/")
    tekst = page.locator("main").inner_text()
    assert "Aanmelden bij de BSO" in tekst and "Cv bijwerken met kluservaring" in tekst
