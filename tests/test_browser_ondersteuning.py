"""Issue #14, "De werkzoekende in regie": the ondersteuningsgids end to end in real Chromium at 390 px (a phone),
axe (WCAG 2.1 AA) on every page, no horizontal scroll.

Willem browses the gids of Midden-Gelderland on his phone, filters on "Training of cursus", asks to join the
VCA course with a motivation; Jeske (his klantmanager) sees the open request, approves it, and the course is in
Willem's plan van aanpak, done by the aanbieder. He also signs up for the workshop, which is then in his agenda.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import Wereld
from ondersteuning.models import Aanvraag
from ondersteuning.services import startmoment_toevoegen, traject_aanmaken
from tests.conftest import SCREENSHOTS, Toegankelijkheid, inloggen, menukeuze
from werkzoekenden.models import Actie

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TELEFOON = 390


def _niet_breder_dan(page, breedte):
    assert page.evaluate("document.documentElement.scrollWidth") <= breedte, page.url


def _gids(wereld):
    km = wereld.klantmanager
    vca = traject_aanmaken(door=km, titel="VCA-basiscursus", soort="training", aanbieder="Bouwopleidingen Gelderland",
                           plaats="Arnhem, Kleefse Waard", duur="2 ochtenden en een examen",
                           kosten="Geen. De gemeente betaalt.", voor_wie="Voor wie in de bouw of techniek wil werken.",
                           omschrijving="Je leert veilig werken op een bouwplaats. Daarna doe je het examen.")
    start = timezone.localtime() + timedelta(days=12)
    startmoment_toevoegen(traject=vca, door=km, start=start.replace(hour=8, minute=30), capaciteit=12)
    traject_aanmaken(door=km, titel="Schuldhulpmaatje", soort="schuldhulp", aanbieder="SchuldHulpMaatje",
                     plaats="Arnhem", omschrijving="Een vrijwilliger helpt je met je post en rekeningen.")
    workshop = traject_aanmaken(door=km, titel="Workshop solliciteren", soort="groepsbijeenkomst",
                                aanbieder="Werkplein Arnhem", plaats="Arnhem",
                                omschrijving="Je oefent een sollicitatiegesprek met anderen.")
    begin = start.replace(hour=10, minute=0) - timedelta(days=4)
    startmoment_toevoegen(traject=workshop, door=km, start=begin, eind=begin + timedelta(hours=2), capaciteit=12)
    return vca


def test_willem_asks_for_the_vca_course_and_jeske_approves_it(browser, live_server):
    axe = Toegankelijkheid()
    wereld = Wereld()
    wereld.klantmanager.voornaam, wereld.klantmanager.achternaam = "Jeske", "Gunterman"
    wereld.klantmanager.save()
    _gids(wereld)
    context = browser.new_context(locale="nl-NL", viewport={"width": TELEFOON, "height": 844})
    page = context.new_page()
    try:
        # Willem, on his phone: the menu leads to the gids; he filters and opens the course.
        inloggen(page, live_server, wereld.werkzoekende_user.email)
        menukeuze(page, "Ondersteuning")
        assert page.get_by_role("heading", name="Ondersteuning: kies zelf wat je helpt").is_visible()
        axe.controleer(page, "willem-gids-390")
        _niet_breder_dan(page, TELEFOON)
        page.get_by_role("link", name="Training of cursus").click()
        page.wait_for_load_state("load")
        assert page.get_by_text("Schuldhulpmaatje").count() == 0
        page.get_by_role("link", name="VCA-basiscursus").click()
        page.wait_for_load_state("load")
        assert page.get_by_text("Nog 12 plekken").is_visible()
        axe.controleer(page, "willem-traject-390")
        _niet_breder_dan(page, TELEFOON)
        page.get_by_role("link", name="Ik wil hieraan meedoen").click()
        page.wait_for_load_state("load")
        # Sending without a start date: a clear message, the motivation stays.
        page.get_by_label("Waarom wil je meedoen?").fill("Ik wil in de bouw werken. Daar heb ik VCA voor nodig.")
        page.get_by_role("button", name="Vraag versturen").click()
        page.wait_for_load_state("load")
        assert page.get_by_text("Kies wanneer je wilt beginnen.").first.is_visible()
        assert "VCA voor nodig" in page.get_by_label("Waarom wil je meedoen?").input_value()
        axe.controleer(page, "willem-meedoen-fout-390")
        _niet_breder_dan(page, TELEFOON)
        page.get_by_label("nog 12 plekken", exact=False).check()
        page.get_by_role("button", name="Vraag versturen").click()
        page.wait_for_load_state("load")
        assert page.get_by_text("Je vraag is verstuurd").is_visible()
        assert page.get_by_text("Wacht op je contactpersoon").first.is_visible()
        axe.controleer(page, "willem-gids-gevraagd-390")
        _niet_breder_dan(page, TELEFOON)
        # He also signs up for the workshop: it is in his agenda.
        page.get_by_role("link", name="Workshop solliciteren").click()
        page.wait_for_load_state("load")
        page.get_by_role("button", name="Ik meld me aan").click()
        page.wait_for_load_state("load")
        assert page.get_by_text("Je bent aangemeld").first.is_visible()
        axe.controleer(page, "willem-workshop-390")
        _niet_breder_dan(page, TELEFOON)
        page.goto(live_server.url + "/agenda/")
        assert page.get_by_role("link", name="Workshop solliciteren").first.is_visible()
        page.context.clear_cookies()

        # Jeske: a melding and the list of open aanvragen; she approves.
        inloggen(page, live_server, wereld.klantmanager.email)
        page.goto(live_server.url + "/meldingen/")
        assert page.get_by_text("wil meedoen aan VCA-basiscursus").first.is_visible()
        page.goto(live_server.url + "/ondersteuning/")
        axe.controleer(page, "jeske-gids-390")
        _niet_breder_dan(page, TELEFOON)
        page.get_by_role("link", name="1 open aanvraag van je caseload").click()
        page.wait_for_load_state("load")
        axe.controleer(page, "jeske-aanvragen-390")
        _niet_breder_dan(page, TELEFOON)
        page.get_by_role("link", name="Willem van de Vecht: VCA-basiscursus").click()
        page.wait_for_load_state("load")
        assert page.get_by_text("Daar heb ik VCA voor nodig.").is_visible()
        axe.controleer(page, "jeske-beoordelen-390")
        _niet_breder_dan(page, TELEFOON)
        page.get_by_label("Ja, goedkeuren", exact=False).check()
        page.get_by_role("button", name="Besluit opslaan").click()
        page.wait_for_load_state("load")
        assert page.get_by_text("Goedgekeurd: het staat in het plan van aanpak.").is_visible()
        assert Aanvraag.objects.get().status == Aanvraag.Status.GOEDGEKEURD
        page.context.clear_cookies()

        # Willem: the course is in his plan van aanpak, done by the aanbieder.
        inloggen(page, live_server, wereld.werkzoekende_user.email)
        page.goto(live_server.url + "/mijn/plan/")
        assert page.get_by_text("VCA-basiscursus").first.is_visible()
        assert page.get_by_text("Bouwopleidingen Gelderland").first.is_visible()
        axe.controleer(page, "willem-plan-390")
        _niet_breder_dan(page, TELEFOON)
        actie = Actie.objects.get(plan__kandidaat=wereld.kandidaat)
        assert actie.eigenaar == Actie.Eigenaar.DERDE and actie.derde_partij == "Bouwopleidingen Gelderland"
        page.goto(live_server.url + "/meldingen/")
        assert page.get_by_text("Je contactpersoon zei ja").first.is_visible()
        if SCREENSHOTS:
            page.goto(live_server.url + "/ondersteuning/")
            page.screenshot(path=f"{SCREENSHOTS}/willem-gids-na-390.png", full_page=True)
    finally:
        context.close()


def test_staff_pages_of_the_gids_at_desktop_width(page, live_server):
    """The beheerder keeps the gids at 1280 px: list, new traject (with an error), traject page."""
    axe = Toegankelijkheid()
    wereld = Wereld()
    _gids(wereld)
    inloggen(page, live_server, wereld.beheerder.email)
    page.goto(live_server.url + "/ondersteuning/")
    axe.controleer(page, "beheerder-gids-1280")
    page.get_by_role("link", name="Nieuw traject").click()
    page.wait_for_load_state("load")
    page.get_by_label("Naam van het traject").fill("Taalcoach")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_load_state("load")
    assert page.get_by_label("Naam van het traject").input_value() == "Taalcoach"
    axe.controleer(page, "beheerder-traject-nieuw-fout-1280")
    page.get_by_label("Soort").select_option("taal")
    page.get_by_label("Wat is het").fill("Elke week een uur Nederlands oefenen met een vrijwilliger.")
    page.get_by_label("Wie geeft het (aanbieder)").fill("Taalhuis Arnhem")
    page.get_by_label("Waar", exact=True).fill("Bibliotheek Rozet, Arnhem")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_load_state("load")
    assert page.get_by_role("heading", name="Taalcoach").is_visible()
    axe.controleer(page, "beheerder-traject-1280")
