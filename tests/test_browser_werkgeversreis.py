"""The werkgeversreis end to end in real Chromium, with axe on every page (issue: werkgeversreis)."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from bemiddeling.models import Voordracht
from beroepen.tests.factories import BeroepFactory
from conftest import Wereld
from taken.models import Taak
from tests.conftest import Toegankelijkheid, inloggen
from werkgevers.models import Verzoek, Werkgever
from werkzoekenden.models import Toestemming
from werkzoekenden.services import toestemming_verlenen
from werkzoekenden.tests.factories import KandidaatFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def knop(page, naam):
    page.get_by_role("button", name=naam).click()
    page.wait_for_load_state("load")


def test_from_first_request_to_invited_and_declined_kandidaten(page, live_server):
    axe = Toegankelijkheid()
    wereld = Wereld()
    BeroepFactory(naam="monteur verwarmings- en ventilatietechniek", met_vaardigheden=["leidingen aanleggen", "VCA"])
    willem = wereld.kandidaat
    anja = KandidaatFactory(voornaam="Anja", achternaam="Roest", klantmanager=wereld.klantmanager)

    # 1. A new werkgever asks for help through the public form, without an account.
    page.goto(live_server.url + "/hulp-bij-personeel/")
    axe.controleer(page, "verzoek-formulier")
    velden = {
        "Naam van uw bedrijf": "Installatiebedrijf Betuwe", "KvK-nummer": "1234", "Straat en huisnummer van de vestiging":
        "Industrieweg 4", "Postcode": "6811 AB", "Plaats": "Arnhem", "Sector of branche": "Installatietechniek",
        "Aantal medewerkers": "18", "Uw naam": "Joke Betuwe", "Telefoonnummer waarop we u kunnen bellen":
        "026 123 4567", "E-mailadres": "joke@betuwe.example.nl", "Waarmee kunnen we u helpen?": "Wij zoeken een monteur.",
    }
    for label, waarde in velden.items():
        page.get_by_label(label, exact=True).fill(waarde)
    knop(page, "Verstuur mijn vraag")
    assert "precies 8 cijfers" in page.content()  # a clear message, and nothing typed is lost
    assert page.get_by_label("Uw naam", exact=True).input_value() == "Joke Betuwe"
    axe.controleer(page, "verzoek-formulier-fout")
    page.get_by_label("KvK-nummer").fill("41234567")
    knop(page, "Verstuur mijn vraag")
    assert "we bellen u binnen één werkdag" in page.locator("h1").inner_text().lower()
    verzoek = Verzoek.objects.get(werkgever__kvk_nummer="41234567")
    assert any("één werkdag" in m.body and m.to == ["joke@betuwe.example.nl"] for m in mail.outbox)

    # 2. The accountmanager sees it in the queue with its deadline and registers contact.
    inloggen(page, live_server, wereld.accountmanager.email)
    page.get_by_role("link", name="Verzoeken", exact=True).click()
    page.wait_for_load_state("load")
    rij = page.get_by_role("row", name=re.compile("Installatiebedrijf Betuwe"))
    # The deadline is one werkdag of werkuren later (klantreis.lib.werktijd), shown with the time left.
    resterend = verzoek.deadline - timezone.now()
    uren = int(resterend.total_seconds() // 3600)
    assert re.search(rf"nog ({uren}|{uren - 1}|{uren + 1}) uur", rij.inner_text()), rij.inner_text()
    assert f"{timezone.localtime(verzoek.deadline):%H:%M}" in rij.inner_text()
    axe.controleer(page, "verzoeken")
    rij.get_by_role("link").click()
    page.wait_for_load_state("load")
    axe.controleer(page, "verzoek-detail")
    page.get_by_label("Wat is er besproken?").fill("Joke gebeld; bezoek gepland voor donderdag.")
    knop(page, "Contact opgenomen: klok stoppen")
    verzoek.refresh_from_db()
    assert verzoek.status == Verzoek.Status.CONTACT
    werkgever = Werkgever.objects.get(pk=verzoek.werkgever_id)
    assert werkgever.accountmanager == wereld.accountmanager
    axe.controleer(page, "werkgever-detail")

    # 3. Kennismaking op locatie and the company profile.
    page.get_by_role("link", name="Bezoek vastleggen").click()
    page.get_by_label("Verslag").fill("Werkplaats met 6 monteurs; sfeer informeel; leermeester aanwezig.")
    knop(page, "Bezoek vastleggen")
    axe.controleer(page, "profiel")
    page.get_by_label("Wat zoekt het bedrijf in mensen").fill("Motivatie en feeling voor techniek.")
    page.get_by_label("Leidt zelf mensen op").select_option("true")
    knop(page, "Profiel opslaan")
    assert "Motivatie en feeling voor techniek." in page.content()

    # 4. Agreements, confirmed by e-mail.
    mail.outbox.clear()
    page.get_by_role("link", name="Afspraak vastleggen").click()
    page.get_by_label("Wat spreken we af?").fill("Binnen twee weken twee passende cv's.")
    page.get_by_label("Wie doet het?").fill("Accountmanager")
    knop(page, "Vastleggen en bevestigen per e-mail")
    bevestiging = next(m for m in mail.outbox if "joke@betuwe.example.nl" in m.to)
    assert "twee passende cv's" in bevestiging.body

    # 5. A vacature with a beroep from the list and its vaardigheden; then open it.
    page.get_by_role("link", name="Nieuwe vacature").click()
    page.wait_for_load_state("load")
    page.get_by_label("Titel van de vacature").fill("Monteur installatietechniek")
    page.get_by_label("Beroep").fill("monteur verwarmings- en ventilatietechniek")
    page.get_by_label("Uren per week").fill("38")
    axe.controleer(page, "vacature-nieuw")
    knop(page, "Opslaan en verder")
    axe.controleer(page, "vacature-vaardigheden")
    page.locator("fieldset", has_text="Vereiste vaardigheden").get_by_label("VCA").check()
    knop(page, "Vaardigheden opslaan")
    knop(page, "Openzetten")
    assert "Open" in page.locator("main").inner_text()

    # The kandidaten agreed to share their cv with this werkgever (the werkzoekende's own consent).
    for kandidaat in (willem, anja):
        toestemming_verlenen(kandidaat=kandidaat, doel=Toestemming.Doel.DELEN_MET_WERKGEVER, werkgever=werkgever,
                             door=wereld.klantmanager)
    # 6. Propose two kandidaten, each with a toelichting and instruments.
    for kandidaat in (willem, anja):
        page.get_by_role("link", name="Kandidaat voordragen").click()
        page.wait_for_load_state("load")
        page.get_by_label("Kandidaat", exact=True).select_option(str(kandidaat.pk))
        page.get_by_label("Waarom past deze kandidaat?").fill(f"{kandidaat.voornaam} is handig en gemotiveerd.")
        page.get_by_label("Proefplaatsing").check()
        if kandidaat == willem:
            axe.controleer(page, "voordragen")
        knop(page, "Voordragen")
    assert Voordracht.objects.filter(vacature__werkgever=werkgever).count() == 2
    axe.controleer(page, "vacature-detail-am")

    # 7. The accountmanager invites Joke to the portal; she chooses a password.
    mail.outbox.clear()
    page.get_by_role("link", name="Werkgever uitnodigen").click()
    page.get_by_label("Werkgever").select_option(str(werkgever.pk))
    page.get_by_label("Voornaam").fill("Joke")
    page.get_by_label("Achternaam").fill("Betuwe")
    page.get_by_label("E-mailadres").fill("joke@betuwe.example.nl")
    knop(page, "Uitnodiging versturen")
    knop(page, "Uitloggen")
    link = re.search(r"/uitnodiging/\S+/", next(m for m in mail.outbox if "uitnodiging" in m.body.lower()).body).group(0)
    page.goto(live_server.url + link)
    page.locator("#id_new_password1").fill("Betuwe-monteurs-2026")
    page.locator("#id_new_password2").fill("Betuwe-monteurs-2026")
    knop(page, "Wachtwoord instellen")
    assert page.url == live_server.url + "/werkgever/"
    assert wereld.accountmanager.get_full_name() in page.locator("main").inner_text()
    assert "twee passende cv's" in page.locator("main").inner_text()
    axe.controleer(page, "werkgever-home")

    # 8. Joke sees the two cv's, invites Willem (a gesprek with an .ics goes out) ...
    page.get_by_role("link", name="Monteur installatietechniek").click()
    page.wait_for_load_state("load")
    axe.controleer(page, "vacature-werkgever")
    page.get_by_role("link", name="Willem van de Vecht").click()
    page.wait_for_load_state("load")
    assert "Willem is handig en gemotiveerd." in page.content()
    axe.controleer(page, "cv")
    page.get_by_role("link", name="Reageren: uitnodigen of niet passend").click()
    page.wait_for_load_state("load")
    axe.controleer(page, "reageren")
    mail.outbox.clear()
    assert not page.get_by_label("Datum").is_visible()  # nothing chosen yet: neither choice's fields
    page.get_by_role("radio", name="Uitnodigen voor een gesprek").check()
    assert not page.get_by_label("Reden bij niet passend").is_visible()
    moment = timezone.localtime() + timedelta(days=4)
    page.get_by_label("Datum").fill(moment.strftime("%Y-%m-%d"))
    page.get_by_label("Tijd").fill("10:30")
    page.get_by_label("Plaats van het gesprek").fill("Industrieweg 4, Arnhem")
    knop(page, "Reactie versturen")
    assert Voordracht.objects.get(kandidaat=willem, vacature__werkgever=werkgever).status == "gesprek_gepland"
    ics = [m for m in mail.outbox if any(a[0] == "uitnodiging.ics" for a in m.attachments)]
    assert {adres for m in ics for adres in m.to} >= {"joke@betuwe.example.nl", wereld.accountmanager.email,
                                                      willem.account.email}

    # ... and declines Anja with a reason; her klantmanager gets a follow-up task.
    page.get_by_role("link", name="Anja Roest").click()
    page.wait_for_load_state("load")
    page.get_by_role("link", name="Reageren: uitnodigen of niet passend").click()
    page.wait_for_load_state("load")
    page.get_by_role("radio", name="Niet passend").check()
    # only the fields of "Niet passend": no date, time, place or begeleider
    for label in ("Datum", "Tijd", "Plaats van het gesprek", "Er gaat een begeleider mee"):
        assert not page.get_by_label(label).is_visible(), label
    assert page.get_by_label("De kandidaat mag deze reden lezen").is_checked()  # on unless she unticks it
    knop(page, "Reactie versturen")
    assert "Kies een reden" in page.content()  # the choice and the form stay as they were
    assert page.get_by_role("radio", name="Niet passend").is_checked()
    page.get_by_label("Reden bij niet passend").select_option("ervaring")
    assert page.get_by_label("De kandidaat mag deze reden lezen").is_checked()
    knop(page, "Reactie versturen")
    afgewezen = Voordracht.objects.get(kandidaat=anja, vacature__werkgever=werkgever)
    assert afgewezen.status == "niet_passend" and afgewezen.reden_delen_met_kandidaat
    assert Taak.objects.filter(toegewezen_aan=wereld.klantmanager, voordracht=afgewezen).exists()
    assert Taak.objects.filter(toegewezen_aan=wereld.accountmanager, voordracht=afgewezen).exists()
