"""Issue #13, the notification centre fed by the journey, end to end in real Chromium (axe on every page):

1. Hans asks consent for Willem -> Willem sees the bell count and the question (390 px) and says yes -> Hans sees
   a melding (bell count, the list) and proposes Willem.
2. The werkgever moves the sollicitatiegesprek: werkgever, accountmanager, klantmanager and werkzoekende have one
   melding each about it (the werkgever none: they moved it), not a second one through the agenda.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from bemiddeling.models import Voordracht
from bemiddeling.services import gesprek_plannen, voordracht_reageren
from beroepen.models import BeroepVaardigheid
from beroepen.tests.factories import BeroepFactory, VaardigheidFactory
from meldingen.models import Melding
from tests.conftest import Toegankelijkheid, inloggen
from tests.test_browser_agenda import _klik, _niet_breder_dan, _wereld, scherm  # noqa: F401 (fixture)
from werkgevers.tests.factories import VacatureFactory
from werkzoekenden.models import Toestemming
from werkzoekenden.services import toestemming_verlenen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _bel(page):
    aantal = page.locator(".wsp-bel__aantal")
    return aantal.inner_text().strip() if aantal.count() else "0"


def test_toestemming_en_verplaatst_gesprek_in_de_meldingen(scherm, live_server):  # noqa: F811
    axe = Toegankelijkheid()
    wereld = _wereld()
    deeg = VaardigheidFactory(naam="deeg bereiden")
    bakker = BeroepFactory(naam="bakker", isco_code="7512")
    BeroepVaardigheid.objects.create(beroep=bakker, vaardigheid=deeg, essentieel=True)
    vacature = VacatureFactory(werkgever=wereld.werkgever, titel="Bakker", beroep=bakker, postcode="6811 AB")
    vacature.vereiste_vaardigheden.set([deeg])
    willem = wereld.kandidaat
    willem.vaardigheden.set([deeg])
    willem.gewenste_beroepen.add(bakker)
    toestemming_verlenen(kandidaat=willem, doel=Toestemming.Doel.VINDBAAR, door=wereld.werkzoekende_user)  # he did it himself
    # The klantmanager hears that one too (toestemming_gegeven); what follows is counted from here.
    eerder = Melding.objects.filter(ontvanger=wereld.klantmanager, soort="toestemming").count()

    # 1. Hans asks from the matching page.
    hans = scherm(1280)
    inloggen(hans, live_server, wereld.accountmanager.email)
    hans.goto(f"{live_server.url}/vacatures/{vacature.pk}/matches/")
    hans.get_by_role("link", name=re.compile(f"Toestemming vragen {willem.pseudoniem}")).click()
    hans.wait_for_load_state("load")
    _klik(hans, "button", "Toestemming vragen")
    assert _bel(hans) == "0"  # who asks hears nothing of their own doing

    # Willem, on his phone: the bell says 1, the melding leads to the question, he says yes.
    tel = scherm(390)
    inloggen(tel, live_server, wereld.werkzoekende_user.email)
    assert _bel(tel) == "1"
    tel.goto(f"{live_server.url}/meldingen/")
    lijst = tel.locator("main").inner_text()
    assert "Er is een vraag over het delen van je gegevens" in lijst
    assert "Bakkerij Van Dam" not in lijst  # the melding names no werkgever; the home page does, after login
    axe.controleer(tel, "meldingen-werkzoekende-390")
    _niet_breder_dan(tel, 390)
    tel.get_by_role("button", name=re.compile("^Er is een vraag over het delen")).first.click()
    tel.wait_for_load_state("load")
    assert "Mogen we je gegevens delen met Bakkerij Van Dam?" in tel.locator(".wsp-vraag").inner_text()
    axe.controleer(tel, "vraag-na-melding-390")
    _niet_breder_dan(tel, 390)
    _klik(tel, "button", "Ja, dat mag")
    assert "We delen je gegevens met Bakkerij Van Dam" in tel.locator("main").inner_text()

    # Hans: the bell, the melding with Willem's name, and straight on to voordragen.
    hans.goto(f"{live_server.url}/meldingen/")
    assert _bel(hans) == "1"
    assert "Willem van de Vecht geeft toestemming" in hans.locator("main").inner_text()
    axe.controleer(hans, "meldingen-accountmanager")
    hans.get_by_role("button", name=re.compile("^Willem van de Vecht geeft toestemming")).first.click()
    hans.wait_for_load_state("load")
    assert f"/vacatures/{vacature.pk}/matches/" in hans.url
    hans.get_by_role("link", name=re.compile("Voordragen Willem")).click()
    hans.wait_for_load_state("load")
    hans.get_by_label("Waarom past deze kandidaat?").fill("Willem bakt al jaren brood en kan direct beginnen.")
    _klik(hans, "button", "Voordragen")
    voordracht = Voordracht.objects.get(vacature=vacature, kandidaat=willem)
    # The klantmanager heard both: the question and the yes.
    assert Melding.objects.filter(ontvanger=wereld.klantmanager, soort="toestemming").count() == eerder + 2

    # 2. The werkgever invites Willem and plans the gesprek; then moves it in the browser.
    voordracht_reageren(voordracht=voordracht, door=wereld.werkgever_user, uitnodigen=True)
    dag = timezone.localdate() + timedelta(days=3)
    gesprek_plannen(voordracht=voordracht, door=wereld.werkgever_user, locatie="Bakkerij Van Dam, Markt 3, Arnhem",
                    begint_op=timezone.now() + timedelta(days=2), begeleider_gaat_mee=True)
    Melding.objects.all().delete()
    werkgever = scherm(1280)
    inloggen(werkgever, live_server, wereld.werkgever_user.email)
    werkgever.goto(f"{live_server.url}/voordrachten/{voordracht.pk}/gesprek/")
    werkgever.get_by_label("Datum").fill(dag.isoformat())
    werkgever.get_by_label("Tijd").fill("14:30")
    _klik(werkgever, "button", "Gesprek verplaatsen")
    for mens in (wereld.accountmanager, wereld.klantmanager, wereld.werkzoekende_user):
        teksten = list(Melding.objects.filter(ontvanger=mens).values_list("tekst", flat=True))
        assert len(teksten) == 1 and "verplaatst" in teksten[0], (mens.rol, teksten)
    assert not Melding.objects.filter(ontvanger=wereld.werkgever_user).exists()
    assert _bel(werkgever) == "0"
    axe.controleer(werkgever, "gesprek-verplaatst-werkgever")

    tel.goto(f"{live_server.url}/meldingen/")
    assert _bel(tel) == "1"
    assert "Je gesprek bij Bakkerij Van Dam is verplaatst naar" in tel.locator("main").inner_text()
    axe.controleer(tel, "meldingen-gesprek-verplaatst-390")
    _niet_breder_dan(tel, 390)
    jeske = scherm(1280)
    inloggen(jeske, live_server, wereld.klantmanager.email)
    assert _bel(jeske) == "1"
    jeske.goto(f"{live_server.url}/meldingen/")
    assert "Gesprek van Willem van de Vecht bij Bakkerij Van Dam verplaatst naar" in jeske.locator("main").inner_text()
    axe.controleer(jeske, "meldingen-klantmanager")
