"""'Hoe ging dit?' in real Chromium with axe: a werkgever answers from the mail link on a phone without logging in,
and a werkzoekende answers in the portal from the card on her home page."""

from datetime import timedelta

import pytest
from celery import current_app
from django.utils import timezone

from beleving.models import Belevingsvraag, Touchpoint
from conftest import Wereld
from monitor.models import Kengetal
from monitor.rollups import kengetallen_verversen
from outbox.models import Mail
from tests.conftest import Toegankelijkheid, inloggen
from werkgevers.services import bezoek_vastleggen
from werkzoekenden.models import PlanVanAanpak
from werkzoekenden.services import evaluatiedatum_instellen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _geen_horizontale_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_werkgever_answers_from_the_mail_link_on_a_phone_without_logging_in(browser, live_server):
    wereld = Wereld()
    # No mail worker has run yet: the mail waits in the outbox with its link (as after a broker hiccup).
    eager = current_app.conf.task_always_eager
    current_app.conf.task_always_eager = False
    try:
        bezoek_vastleggen(werkgever=wereld.werkgever, door=wereld.accountmanager, bezocht_op=timezone.localdate(),
                          verslag="Kennismaking op locatie")
    finally:
        current_app.conf.task_always_eager = eager
    vraag = Belevingsvraag.objects.get(touchpoint=Touchpoint.WG_KENNISMAKING)
    # The monitor's figure for this touchpoint before the answer (after a refresh, as the beat task does).
    vandaag = timezone.localdate()
    kengetallen_verversen(vanaf=vandaag.replace(day=1), tot=vandaag)
    figuur = Kengetal.objects.filter(sleutel="beleving:wg_kennismaking", regio=vraag.regio, organisatie__isnull=True,
                                     maand=vandaag.replace(day=1))
    assert not figuur.exists()
    mail = Mail.objects.get(sleutel__startswith=f"beleving:{vraag.pk}:")
    assert mail.aan == wereld.werkgever_user.email and mail.status == Mail.Status.WACHT
    link = mail.context["link"]

    axe = Toegankelijkheid()
    context = browser.new_context(locale="nl-NL", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(live_server.url + link)
    assert page.get_by_role("heading", name="Hoe ging dit?").is_visible()
    assert page.get_by_role("group", name="Hoe ging de kennismaking bij u op het bedrijf?").is_visible()
    assert "Inloggen" not in page.locator("main").inner_text()
    assert wereld.werkgever.naam not in page.content()
    _geen_horizontale_scroll(page)
    axe.controleer(page, "390-beleving-link")
    # Sending without a choice: a clear message, the comment stays.
    page.get_by_label("Wilt u er iets over kwijt?").fill("Prettig en duidelijk.")
    page.get_by_role("button", name="Versturen").click()
    page.wait_for_load_state("load")
    assert "Kies hoe het ging" in page.locator("main").inner_text()
    assert page.get_by_label("Wilt u er iets over kwijt?").input_value() == "Prettig en duidelijk."
    axe.controleer(page, "390-beleving-link-fout")
    page.get_by_label("Goed", exact=True).check()
    page.get_by_role("button", name="Versturen").click()
    page.wait_for_load_state("load")
    assert page.get_by_role("heading", name="Dank u wel!").is_visible()
    _geen_horizontale_scroll(page)
    axe.controleer(page, "390-beleving-bedankt")
    vraag.refresh_from_db()
    assert (vraag.score, vraag.opmerking) == (4, "Prettig en duidelijk.")
    # ... and after the next refresh the figure moves: one answer, score 4 (shown as "minder dan 5" until five).
    kengetallen_verversen(vanaf=vandaag.replace(day=1), tot=vandaag)
    assert list(figuur.values_list("aantal", "noemer", "personen")) == [(4, 1, 1)]
    # The link works once.
    assert page.goto(live_server.url + link).status == 404
    context.close()


def test_werkzoekende_answers_in_the_portal(page, live_server):
    wereld = Wereld()
    PlanVanAanpak.objects.update_or_create(kandidaat=wereld.kandidaat,
                                           defaults={"evaluatiedatum": timezone.localdate()})
    evaluatiedatum_instellen(kandidaat=wereld.kandidaat, door=wereld.klantmanager,
                             evaluatiedatum=timezone.localdate() + timedelta(days=90))
    vraag = Belevingsvraag.objects.get(touchpoint=Touchpoint.WZ_PLAN)
    axe = Toegankelijkheid()
    inloggen(page, live_server, wereld.werkzoekende_user.email)
    page.goto(live_server.url + "/mijn/")
    kaart = page.locator(".wsp-beleving-kaart")
    assert "Hoe ging het gesprek over je plan?" in kaart.inner_text()
    axe.controleer(page, "beleving-home-kaart")
    kaart.get_by_role("link", name="Vraag beantwoorden").click()
    page.wait_for_load_state("load")
    axe.controleer(page, "beleving-vraag-portaal")
    page.get_by_label("Heel goed").check()
    page.get_by_label("Wil je er iets over kwijt?").fill("Fijn dat we samen keken.")
    page.get_by_role("button", name="Versturen").click()
    page.wait_for_load_state("load")
    assert page.get_by_role("heading", name="Dank je wel!").is_visible()
    vraag.refresh_from_db()
    assert vraag.score == 5 and vraag.opmerking == "Fijn dat we samen keken."
    page.goto(live_server.url + "/mijn/")
    assert page.locator(".wsp-beleving-kaart").count() == 0
    page.goto(live_server.url + "/hoe-ging-het/")
    assert "Er staat nu geen vraag voor je klaar." in page.locator("main").inner_text()
    axe.controleer(page, "beleving-overzicht")
