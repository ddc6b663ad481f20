"""Issue #14 in real Chromium at 390 px (axe 0 violations, no horizontal scroll):

1. Hans (accountmanager) fills the preparation for Willem's sollicitatiegesprek; Willem opens it on his phone
   and ticks it off (with htmx, and the page shows the same after a reload).
2. Willem's home shows where he is in the klantreis ("Waar sta ik?"), with the step he is in marked.
"""

import pytest

from bemiddeling.models import Voorbereidingspunt
from tests.conftest import Toegankelijkheid, inloggen
from tests.test_browser_agenda import _klik, _niet_breder_dan, _wereld, scherm  # noqa: F401 (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

@pytest.fixture
def wereld():
    wereld = _wereld()
    wereld.met_bemiddeling()  # Willem's voordracht at Bakkerij Van Dam with a gesprek in three days
    return wereld


def test_hans_vult_de_voorbereiding_in_en_willem_vinkt_af_op_zijn_telefoon(scherm, live_server, wereld):
    axe = Toegankelijkheid()
    gesprek = wereld.gesprek

    hans = scherm(390)
    inloggen(hans, live_server, wereld.accountmanager.email)
    hans.goto(f"{live_server.url}/voordrachten/{wereld.voordracht.pk}/")
    _klik(hans, "link", "Voorbereiding voor de werkzoekende")
    assert "Voorbereiding op het gesprek" in hans.locator("h1").inner_text()
    axe.controleer(hans, "voorbereiding-accountmanager-390")
    _niet_breder_dan(hans, 390)
    hans.get_by_label("Over de werkgever").fill("Bakkerij Van Dam bakt al 60 jaar brood in Arnhem. Kleine ploeg.")
    hans.get_by_label("Vragen die je kunt verwachten").fill("Kun je om 5 uur beginnen?\nWerk je graag in een team?")
    hans.get_by_label("Reis en tijd").fill("Bus 5 tot halte Markt, dan 2 minuten lopen. Meld je bij Ria.")
    punten = hans.get_by_label("Lijstje om af te vinken")
    punten.fill(punten.input_value() + "\nKies je kleren: schoon en makkelijk")
    _klik(hans, "button", "Voorbereiding opslaan")
    tekst = hans.locator("main").inner_text()
    assert "De voorbereiding is opgeslagen" in tekst and "Hans de Wit (accountmanager)" in tekst
    axe.controleer(hans, "voorbereiding-opgeslagen-390")
    _niet_breder_dan(hans, 390)

    willem = scherm(390)
    inloggen(willem, live_server, wereld.werkzoekende_user.email)
    willem.goto(f"{live_server.url}/mijn/sollicitaties/")
    _klik(willem, "link", "Bereid je gesprek voor")
    main = willem.locator("main").inner_text()
    assert "Je gesprek bij Bakkerij Van Dam" in main
    assert "Kun je om 5 uur beginnen?" in main and "Bus 5 tot halte Markt" in main and "Arnhem" in main
    assert "Je begeleider gaat met je mee." in main and "Laatst aangepast door Hans de Wit" in main
    axe.controleer(willem, "mijn-voorbereiding-390")
    _niet_breder_dan(willem, 390)
    totaal = Voorbereidingspunt.objects.filter(voorbereiding__gesprek=gesprek).count()
    assert f"Je hebt 0 van de {totaal} punten gedaan." in main

    for naam in ("Neem je ID en cv mee", "Kies je kleren: schoon en makkelijk"):
        knop = willem.get_by_role("button", name=naam)
        assert knop.get_attribute("aria-pressed") == "false"
        knop.click()
        willem.wait_for_selector(f'#checklist button[aria-pressed="true"]:has-text("{naam}")')
        # The swapped list keeps the focus on the point just ticked off (keyboard and screen reader users).
        assert willem.evaluate("document.activeElement.textContent").strip().endswith(naam)
    assert f"Je hebt 2 van de {totaal} punten gedaan." in willem.locator("#checklist").inner_text()
    axe.controleer(willem, "mijn-voorbereiding-afgevinkt-390")
    _niet_breder_dan(willem, 390)
    afgevinkt = set(Voorbereidingspunt.objects.filter(voorbereiding__gesprek=gesprek, afgevinkt_op__isnull=False)
                    .values_list("tekst", flat=True))
    assert afgevinkt == {"Neem je ID en cv mee", "Kies je kleren: schoon en makkelijk"}
    # Unticking works too, and a reload shows what is stored.
    willem.get_by_role("button", name="Neem je ID en cv mee").click()
    willem.wait_for_selector('#checklist button[aria-pressed="false"]:has-text("Neem je ID en cv mee")')
    willem.reload()
    assert f"Je hebt 1 van de {totaal} punten gedaan." in willem.locator("#checklist").inner_text()

    # Hans sees what Willem ticked off.
    hans.reload()
    assert f"1 van de {totaal} punten afgevinkt." in hans.locator("main").inner_text()


def test_willem_ziet_op_zijn_startpagina_waar_hij_staat(scherm, live_server, wereld):
    axe = Toegankelijkheid()
    for breedte in (1280, 390):
        willem = scherm(breedte)
        inloggen(willem, live_server, wereld.werkzoekende_user.email)
        reis = willem.locator(".wsp-reis")
        assert reis.get_by_role("heading", name="Waar sta ik?").is_visible()
        stappen = reis.locator("ol > li")
        assert stappen.count() == 10
        nu = reis.locator('li[aria-current="step"]')
        assert nu.count() == 1
        # Bijstand, a gesprek in three days: step 6, "Ik bereid me voor op een sollicitatiegesprek".
        assert "Ik bereid me voor op een sollicitatiegesprek" in nu.inner_text()
        assert "hier ben je nu" in nu.inner_text()
        assert "Stap 6 van 10." in reis.inner_text() and "Wie doet het: jij" in reis.inner_text()
        axe.controleer(willem, f"waar-sta-ik-{breedte}")
        _niet_breder_dan(willem, breedte)
    _klik(willem, "link", "Bereid je gesprek voor")
    assert "Je gesprek bij Bakkerij Van Dam" in willem.locator("h1").inner_text()

    jeske = scherm(390)
    inloggen(jeske, live_server, wereld.klantmanager.email)
    jeske.goto(f"{live_server.url}/dossiers/{wereld.kandidaat.pk}/")
    assert "Waar staat Willem in de klantreis?" in jeske.locator(".wsp-reis").inner_text()
    axe.controleer(jeske, "waar-staat-willem-dossier-390")
    _niet_breder_dan(jeske, 390)
