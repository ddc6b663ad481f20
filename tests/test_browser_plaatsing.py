"""Plaatsing and nazorg end to end in real Chromium, with axe on every page (issue: plaatsingen en nazorg)."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from conftest import Wereld
from plaatsingen.models import Checkin, NazorgMoment, Plaatsing
from plaatsingen.services import nazorg_sweep
from tests.conftest import Toegankelijkheid, inloggen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def knop(page, naam):
    page.get_by_role("button", name=naam).click()
    page.wait_for_load_state("load")


def link(page, naam):
    page.get_by_role("link", name=naam).first.click()
    page.wait_for_load_state("load")


def test_accepted_voordracht_to_signed_proefplaatsing_checkin_and_vast_contract(page, live_server):
    axe = Toegankelijkheid()
    wereld = Wereld().met_bemiddeling()
    wereld.gesprek_geweest(wereld.voordracht)
    vandaag = timezone.localdate()

    # After the gesprek, the accountmanager records "aangenomen" and arranges a proefplaatsing.
    inloggen(page, live_server, wereld.accountmanager.email)
    page.goto(f"{live_server.url}/voordrachten/{wereld.voordracht.pk}/")
    link(page, "Uitkomst vastleggen")
    page.get_by_role("radio", name="Afgewezen").check()
    assert page.get_by_label("Reden bij afwijzing").is_visible()
    page.get_by_role("radio", name="Aangenomen").check()
    assert not page.get_by_label("Reden bij afwijzing").is_visible()  # the reason belongs to "Afgewezen" only
    knop(page, "Uitkomst vastleggen")
    link(page, "Plaatsing regelen")
    axe.controleer(page, "plaatsing-nieuw")
    page.get_by_label("Startdatum").fill((vandaag + timedelta(days=1)).isoformat())
    page.get_by_label("Einddatum").fill((vandaag + timedelta(days=150)).isoformat())
    page.get_by_label("Uren per week").fill("36")
    knop(page, "Plaatsing aanmaken")
    assert "langer dan 2 maanden kan alleen met een reden" in page.content()  # and nothing typed is lost
    assert page.get_by_label("Uren per week").input_value() == "36"
    page.get_by_label("Einddatum").fill((vandaag + timedelta(days=55)).isoformat())
    knop(page, "Plaatsing aanmaken")
    plaatsing = Plaatsing.objects.get(voordracht=wereld.voordracht)
    axe.controleer(page, "plaatsing-detail-am")
    link(page, "Akkoord UWV/gemeente vastleggen")
    page.get_by_label("Akkoord van (instantie en naam)").fill("Gemeente Arnhem, K. Klant")
    knop(page, "Akkoord vastleggen")
    mail.outbox.clear()
    knop(page, "Overeenkomst klaarzetten")
    assert any("ondertekenen" in m.subject for m in mail.outbox)
    knop(page, "Uitloggen")

    # The werkgever reviews and signs in the portal; both parties can download the signed PDF.
    inloggen(page, live_server, wereld.werkgever_user.email)
    assert "wacht op uw handtekening" in page.locator("main").inner_text()
    link(page, "Willem van de Vecht")
    link(page, "Overeenkomst bekijken en ondertekenen")
    axe.controleer(page, "ondertekenen")
    page.get_by_label("Uw volledige naam (als handtekening)").fill("Martijn de Heul")
    knop(page, "Ondertekenen")
    assert "Vink aan dat u akkoord gaat" in page.content()
    page.get_by_label("Ik heb de overeenkomst gelezen en ga akkoord").check()
    knop(page, "Ondertekenen")
    plaatsing.refresh_from_db()
    assert plaatsing.status == Plaatsing.Status.LOPEND and plaatsing.ondertekend_door_naam == "Martijn de Heul"
    axe.controleer(page, "plaatsing-detail-werkgever")
    pdf = page.request.get(live_server.url + f"/plaatsingen/{plaatsing.pk}/overeenkomst.pdf")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf" and pdf.body().startswith(b"%PDF")
    knop(page, "Uitloggen")

    # The hours were typed wrong: the accountmanager corrects them. Willem keeps working; the werkgever signs the
    # changed overeenkomst again (on a phone, too).
    inloggen(page, live_server, wereld.accountmanager.email)
    page.goto(f"{live_server.url}/plaatsingen/{plaatsing.pk}/")
    link(page, "Gegevens corrigeren")
    axe.controleer(page, "corrigeren")
    page.get_by_label("Uren per week").fill("32")
    page.get_by_label("Wat was er fout?").fill("Uren van de oude vacature overgenomen.")
    knop(page, "Correctie opslaan")
    tekst = page.locator("main").inner_text()
    assert "De werkgever krijgt de nieuwe overeenkomst om opnieuw te ondertekenen." in tekst
    assert "Nieuwe handtekening nodig sinds" in tekst and "Einde proefplaatsing: besluit" in tekst
    knop(page, "Uitloggen")
    inloggen(page, live_server, wereld.werkgever_user.email)
    assert "Gewijzigde overeenkomst: wacht op uw handtekening" in page.locator("main").inner_text()
    page.set_viewport_size({"width": 390, "height": 844})
    link(page, "Willem van de Vecht")
    tekst = page.locator("main").inner_text()
    assert "De overeenkomst is gewijzigd nadat u die ondertekende" in tekst
    assert "Uren per week: nu 32 (was 36)" in tekst and "oude vacature" not in tekst  # what, not why
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    axe.controleer(page, "plaatsing-opnieuw-ondertekenen")
    link(page, "Overeenkomst bekijken en ondertekenen")
    assert "Uren per week: nu 32 (was 36)" in page.locator("main").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    axe.controleer(page, "opnieuw-ondertekenen")
    page.get_by_label("Uw volledige naam (als handtekening)").fill("Martijn de Heul")
    page.get_by_label("Ik heb de overeenkomst gelezen en ga akkoord").check()
    knop(page, "Ondertekenen")
    plaatsing.refresh_from_db()
    assert (plaatsing.status, plaatsing.uren_per_week, plaatsing.opnieuw_te_ondertekenen_sinds) == (
        Plaatsing.Status.LOPEND, 32, None)
    page.set_viewport_size({"width": 1280, "height": 900})
    knop(page, "Uitloggen")

    # Two weeks later the sweep sends the check-ins; the werkgever answers through the link, no password.
    dag1 = plaatsing.nazorgmomenten.get(soort=NazorgMoment.Soort.DAG_1)
    week2 = plaatsing.nazorgmomenten.get(soort=NazorgMoment.Soort.WEEK_2)
    assert nazorg_sweep(nu=dag1.gepland_op + timedelta(minutes=5)) == 1  # the 24-hour moment
    mail.outbox.clear()
    assert nazorg_sweep(nu=week2.gepland_op + timedelta(minutes=5)) == 1
    checkin_mail = next(m for m in mail.outbox if m.subject.endswith("Hoe gaat het?")
                        and wereld.werkgever_user.email in m.to)
    pad = re.search(r"/hoe-gaat-het/\S+/", checkin_mail.body).group(0)
    page.goto(live_server.url + pad)
    axe.controleer(page, "checkin")
    page.get_by_role("radio", name="4").check()
    page.get_by_label("Wilt u er iets over kwijt?").fill("Willem is op tijd en leert snel.")
    knop(page, "Versturen")
    assert "Dank u wel" in page.locator("h1").inner_text()
    assert Checkin.objects.get(moment=week2, rol="werkgever").score == 4
    page.goto(live_server.url + pad)  # the link works once
    assert "al beantwoord" in page.locator("main").inner_text()

    # The end of the proefplaatsing: a vast contract, and the felicitatie mail goes out.
    inloggen(page, live_server, wereld.accountmanager.email)
    page.goto(f"{live_server.url}/plaatsingen/{plaatsing.pk}/")
    link(page, "Einde proefplaatsing: besluit")
    axe.controleer(page, "afronden")
    mail.outbox.clear()
    page.get_by_role("radio", name="De werkgever biedt een contract aan").check()
    page.get_by_label("Soort contract").select_option("vast")
    knop(page, "Besluit vastleggen")
    contract = Plaatsing.objects.get(vorige=plaatsing)
    assert contract.soort == Plaatsing.Soort.VAST and contract.status == Plaatsing.Status.LOPEND
    feest = [m for m in mail.outbox if "Feestje" in m.subject]
    assert feest and {wereld.werkgever_user.email, wereld.werkzoekende_user.email} <= {a for m in feest for a in m.to}
    axe.controleer(page, "contract")
    page.goto(live_server.url + "/plaatsingen/")
    axe.controleer(page, "nazorg-overzicht")
