"""Issue #13 end to end in real Chromium, axe on every new page, at desktop width and at 390 px.

1. Hans (accountmanager) asks consent for Willem at Bakkerij Van Dam from "Wie past erbij?" -> Jeske
   (klantmanager) sees the open question -> Willem says yes on his phone -> Hans has a task, sees Willem by
   name on the matching page and proposes him.
2. Bakkerij Van Dam plans the sollicitatiegesprek: it is in the agenda of werkgever, accountmanager,
   klantmanager and werkzoekende and in their iCalendar feeds; moved, all four get mail.
"""

import re
import urllib.request
from datetime import datetime, time, timedelta

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from agenda.services import feed_vernieuwen
from bemiddeling.models import Voordracht
from bemiddeling.services import voordracht_create, voordracht_reageren
from beroepen.models import BeroepVaardigheid
from beroepen.tests.factories import BeroepFactory, VaardigheidFactory
from conftest import Wereld
from taken.models import Taak
from tests.conftest import Toegankelijkheid, inloggen
from werkgevers.tests.factories import VacatureFactory
from werkzoekenden.models import Toestemming, ToestemmingVerzoek
from werkzoekenden.services import toestemming_verlenen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(params=[1280, 390], ids=["desktop", "telefoon"])
def breedte(request):
    return request.param


@pytest.fixture
def scherm(browser):
    contexts = []

    def _nieuw(breedte):
        context = browser.new_context(locale="nl-NL", viewport={"width": breedte, "height": 900})
        contexts.append(context)
        return context.new_page()

    yield _nieuw
    for context in contexts:
        context.close()


def _niet_breder_dan(page, breedte):
    assert page.evaluate("document.documentElement.scrollWidth") <= breedte, page.url


def _klik(page, rol, naam):
    page.get_by_role(rol, name=naam).first.click()
    page.wait_for_load_state("load")


def _wereld():
    wereld = Wereld()
    wereld.accountmanager.voornaam, wereld.accountmanager.achternaam = "Hans", "de Wit"
    wereld.accountmanager.save()
    wereld.klantmanager.voornaam, wereld.klantmanager.achternaam = "Jeske", "Bos"
    wereld.klantmanager.save()
    wereld.werkgever.naam = "Bakkerij Van Dam"
    wereld.werkgever.save()
    return wereld


def test_toestemming_vragen_verlenen_en_voordragen(scherm, breedte, live_server):
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
    toestemming_verlenen(kandidaat=willem, doel=Toestemming.Doel.VINDBAAR, door=wereld.klantmanager)

    # Hans asks, from the matching page; Willem is still anonymous there.
    hans = scherm(breedte)
    inloggen(hans, live_server, wereld.accountmanager.email)
    hans.goto(f"{live_server.url}/vacatures/{vacature.pk}/matches/")
    assert "Willem" not in hans.locator("main").inner_text()
    hans.get_by_role("link", name=re.compile(f"Toestemming vragen {willem.pseudoniem}")).click()
    hans.wait_for_load_state("load")
    axe.controleer(hans, f"toestemming-vragen-{breedte}")
    _niet_breder_dan(hans, breedte)
    assert hans.get_by_label("Het cv").is_checked()
    hans.get_by_label("Telefoonnummer en e-mailadres").check()
    _klik(hans, "button", "Toestemming vragen")
    assert "Toestemming gevraagd: wacht op antwoord" in hans.locator("main").inner_text()
    verzoek = ToestemmingVerzoek.objects.get()
    assert verzoek.delen == ["profiel", "cv", "contact"]

    # Jeske sees the question on her home page.
    jeske = scherm(breedte)
    inloggen(jeske, live_server, wereld.klantmanager.email)
    jeske.goto(f"{live_server.url}/klantmanager/")
    vragen = jeske.locator("#kop-vragen").locator("..").inner_text()
    assert "Willem van de Vecht" in vragen and "Bakkerij Van Dam" in vragen and "Hans de Wit" in vragen
    axe.controleer(jeske, f"klantmanager-vragen-{breedte}")

    # Willem answers on his phone.
    willem_tel = scherm(390)
    inloggen(willem_tel, live_server, wereld.werkzoekende_user.email)
    vraag = willem_tel.locator(".wsp-vraag").inner_text()
    assert "Mogen we je gegevens delen met Bakkerij Van Dam?" in vraag and "Bakker" in vraag
    assert "je cv" in vraag and "je telefoonnummer en e-mailadres" in vraag and "hoort niets over jou" in vraag
    axe.controleer(willem_tel, "werkzoekende-vraag-390")
    _niet_breder_dan(willem_tel, 390)
    _klik(willem_tel, "button", "Ja, dat mag")
    assert "We delen je gegevens met Bakkerij Van Dam" in willem_tel.locator("main").inner_text()
    assert willem_tel.locator(".wsp-vraag").count() == 0

    # Hans is told (task, mail without a name) and proposes Willem at once.
    assert any("Antwoord op je vraag" in m.subject and "Willem" not in m.body for m in mail.outbox)
    hans.goto(f"{live_server.url}/taken/")
    assert "Willem van de Vecht geeft toestemming" in hans.locator("main").inner_text()
    hans.goto(f"{live_server.url}/vacatures/{vacature.pk}/matches/")
    assert "Willem van de Vecht" in hans.locator("#matches").inner_text()
    hans.get_by_role("link", name=re.compile("Voordragen Willem")).click()
    hans.wait_for_load_state("load")
    hans.get_by_label("Waarom past deze kandidaat?").fill("Willem bakt al jaren brood en kan direct beginnen.")
    _klik(hans, "button", "Voordragen")
    assert Voordracht.objects.get(vacature=vacature).kandidaat == willem
    assert Taak.objects.filter(toegewezen_aan=wereld.accountmanager, sleutel=f"toestemmingsverzoek:{verzoek.pk}")


def _feed_events(live_server, gebruiker):
    sleutel = feed_vernieuwen(gebruiker=gebruiker)
    with urllib.request.urlopen(f"{live_server.url}/agenda/feed/{sleutel}.ics") as response:  # no login
        return Calendar.from_ical(response.read()).walk("VEVENT")


def test_gesprek_van_de_werkgever_in_vier_agendas_en_verplaatsen_meldt_alle_vier(scherm, breedte, live_server):
    axe = Toegankelijkheid()
    wereld = _wereld()
    vacature = VacatureFactory(werkgever=wereld.werkgever, titel="Bakker")
    toestemming_verlenen(kandidaat=wereld.kandidaat, doel=Toestemming.Doel.DELEN_MET_WERKGEVER,
                         werkgever=wereld.werkgever, door=wereld.klantmanager)
    voordracht = voordracht_create(vacature=vacature, kandidaat=wereld.kandidaat, door=wereld.accountmanager,
                                   toelichting="Ervaren bakker.")
    voordracht_reageren(voordracht=voordracht, door=wereld.werkgever_user, uitnodigen=True)
    dag = timezone.localdate() + timedelta(days=2)

    werkgever = scherm(breedte)
    inloggen(werkgever, live_server, wereld.werkgever_user.email)
    werkgever.goto(f"{live_server.url}/voordrachten/{voordracht.pk}/gesprek/")
    werkgever.get_by_label("Datum").fill(dag.isoformat())
    werkgever.get_by_label("Tijd").fill("10:00")
    werkgever.get_by_label("Plaats van het gesprek").fill("Bakkerij Van Dam, Markt 3, Arnhem")
    _klik(werkgever, "button", "Gesprek plannen")

    week = "{}-W{:02d}".format(*dag.isocalendar()[:2])
    personen = {"werkgever": (werkgever, wereld.werkgever_user, "/agenda/"),
                "accountmanager": (None, wereld.accountmanager, f"/agenda/?week={week}"),
                "klantmanager": (None, wereld.klantmanager, f"/agenda/?week={week}"),
                "werkzoekende": (None, wereld.werkzoekende_user, "/agenda/")}
    for rol, (pagina, gebruiker, pad) in personen.items():
        if pagina is None:
            pagina = scherm(breedte)
            inloggen(pagina, live_server, gebruiker.email)
            personen[rol] = (pagina, gebruiker, pad)
        pagina.goto(live_server.url + pad)
        lijst = pagina.locator("main").inner_text()
        assert "Sollicitatiegesprek Bakker" in lijst and "10:00" in lijst, rol
        # Staff's week names the werkzoekende at the gesprek; the werkgever's agenda names no werkzoekende.
        assert ("Met Willem van de Vecht" in lijst) == (rol in ("accountmanager", "klantmanager")), rol
        axe.controleer(pagina, f"agenda-{rol}-{breedte}")
        _niet_breder_dan(pagina, breedte)
        pagina.get_by_role("link", name=re.compile("Sollicitatiegesprek Bakker")).first.click()
        pagina.wait_for_load_state("load")
        assert "Bakkerij Van Dam, Markt 3, Arnhem" in pagina.locator("main").inner_text()
        axe.controleer(pagina, f"afspraak-{rol}-{breedte}")
        _niet_breder_dan(pagina, breedte)
        [event] = _feed_events(live_server, gebruiker)
        assert "Willem" not in str(event["summary"])
        assert event.decoded("dtstart").hour == 10

    # The werkgever moves it: all four hear it.
    mail.outbox.clear()
    werkgever.goto(f"{live_server.url}/voordrachten/{voordracht.pk}/gesprek/")
    werkgever.get_by_label("Datum").fill(dag.isoformat())
    werkgever.get_by_label("Tijd").fill("14:30")
    _klik(werkgever, "button", "Gesprek verplaatsen")
    ontvangers = {adres for m in mail.outbox for adres in m.to}
    for rol, (_pagina, gebruiker, _pad) in personen.items():
        assert gebruiker.email in ontvangers, rol
        [event] = _feed_events(live_server, gebruiker)
        assert (event.decoded("dtstart").hour, event.decoded("dtstart").minute) == (14, 30)
        assert int(event["sequence"]) == 1

    # Agenda page with the feed link section, after making a link (shown once).
    klantmanager = personen["klantmanager"][0]
    klantmanager.goto(f"{live_server.url}/agenda/")
    _klik(klantmanager, "button", "Nieuwe link maken")
    assert "/agenda/feed/" in klantmanager.get_by_label("Je persoonlijke agendalink").input_value()
    axe.controleer(klantmanager, f"agenda-koppelen-{breedte}")
    _niet_breder_dan(klantmanager, breedte)


def test_toch_plannen_en_annuleren_vragen_eerst(scherm, breedte, live_server):
    """Karin plans a gesprek with Willem at a time he already has one: the form says so and keeps what she typed;
    with "Toch plannen" it is planned. "Annuleren" asks first and names who is told."""
    from agenda.models import Afspraak
    from agenda.services import afspraak_plannen

    axe = Toegankelijkheid()
    wereld = _wereld()
    dag = timezone.localdate() + timedelta(days=3)
    begin = timezone.make_aware(datetime.combine(dag, time(14)))
    afspraak_plannen(door=wereld.klantmanager, soort="klantmanagergesprek", titel="Gesprek over je plan", start=begin,
                     eind=begin + timedelta(hours=1), plaats="Werkplein", kandidaten=[wereld.kandidaat])
    karin = scherm(breedte)
    inloggen(karin, live_server, wereld.klantmanager.email)
    karin.goto(f"{live_server.url}/agenda/nieuw/")
    karin.get_by_label("Soort afspraak").select_option("klantmanagergesprek")
    karin.get_by_label("Titel").fill("Cv bijwerken")
    karin.get_by_label("Datum").fill(dag.isoformat())
    karin.get_by_label("Begint om").fill("14:30")
    karin.get_by_label("Eindigt om").fill("15:30")
    karin.locator("#id_plaats").fill("Werkplein kamer 2")
    karin.get_by_label("Met werkzoekende").select_option(str(wereld.kandidaat.pk))
    _klik(karin, "button", "Afspraak plannen")
    waarschuwing = karin.locator("#botsing").inner_text()
    assert "Willem van de Vecht heeft dan al: Gesprek over je plan 14:00-15:00." in waarschuwing
    assert karin.locator("#id_plaats").input_value() == "Werkplein kamer 2"
    axe.controleer(karin, f"botsing-{breedte}")
    _niet_breder_dan(karin, breedte)
    karin.get_by_label("Toch plannen").check()
    _klik(karin, "button", "Afspraak plannen")
    assert "Cv bijwerken" in karin.locator("h1").inner_text()
    _klik(karin, "link", "Annuleren")
    tekst = karin.locator("main").inner_text()
    assert "Weet je het zeker?" in tekst and "Willem van de Vecht" in tekst
    axe.controleer(karin, f"annuleren-{breedte}")
    _niet_breder_dan(karin, breedte)
    _klik(karin, "button", "Ja, annuleren")
    assert "Deze afspraak gaat niet door." in karin.locator("main").inner_text()
    assert Afspraak.objects.get(titel="Cv bijwerken").geannuleerd
