"""The coordinator of Midden-Gelderland opens the monitor, reads the 24-hour figure, the funnel and the heartbeat
with its table, chooses a period and downloads the funnel as Excel; axe (WCAG 2.1 AA) at 1280 and 390 px."""

import os
from datetime import date

import pytest
from openpyxl import load_workbook

from accounts.tests.factories import AccountmanagerFactory, regio
from conftest import laad_referentiedata_na_flush
from monitor.forms import snelkeuze
from monitor.tests.factories import KengetalFactory
from tests.conftest import SCREENSHOTS, inloggen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _wereld():
    laad_referentiedata_na_flush()
    am07 = regio("AM07")
    hans = AccountmanagerFactory(email="hans.klip@wsp.example.nl", voornaam="Hans", achternaam="Klip", regio=am07,
                                 is_coordinator=True)
    van, tot = snelkeuze("12m")
    for i in range(12):
        maand = date(van.year + (van.month - 1 + i) // 12, (van.month - 1 + i) % 12 + 1, 1)
        KengetalFactory(regio=am07, maand=maand, sleutel="belofte_24u", aantal=9, noemer=10, personen=10)
        KengetalFactory(regio=am07, maand=maand, sleutel="funnel_verzoek", aantal=10, personen=10)
        KengetalFactory(regio=am07, maand=maand, sleutel="funnel_voordracht", aantal=6, personen=6)
        KengetalFactory(regio=am07, maand=maand, sleutel="funnel_plaatsing", aantal=1, personen=1)
        for t, score in (("wg_eerste_contact", 4.4), ("wg_kennismaking", 4.0), ("wg_voordrachten", 2.2),
                         ("wz_intake", 3.6), ("wz_gesprek", 4.2)):
            KengetalFactory(regio=am07, maand=maand, sleutel=f"beleving:{t}", aantal=int(score * 5), noemer=5,
                            personen=5)
    return hans, tot


def _foto(page, naam):
    if SCREENSHOTS:
        os.makedirs(SCREENSHOTS, exist_ok=True)
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{naam}.png"), full_page=True)


def test_coordinator_reads_filters_and_exports(browser, live_server, axe, tmp_path):
    hans, tot = _wereld()
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    inloggen(page, live_server, hans.email)
    page.get_by_role("link", name="Klantreis monitor").first.click()
    page.wait_for_load_state("load")
    assert page.locator("h1").inner_text() == "Klantreis monitor"
    assert page.locator('[data-kengetal="belofte_24u"]').inner_text() == "90%"
    assert page.get_by_role("img", name="Van verzoek tot werk").is_visible()
    assert page.get_by_role("img", name="Werkgeversreis").is_visible()
    assert page.get_by_role("img", name="Werkzoekendereis").is_visible()
    # the heartbeat's data table behind "Tabel: ..."
    page.get_by_text("Tabel: Beleving per moment van de reis").click()
    tabel = page.locator('table[data-tabel="heartbeat"]')
    assert tabel.is_visible()
    assert "eerste contact" in tabel.inner_text() and "4,4 van 5" in tabel.inner_text()
    assert "Plaatsingen12" in page.locator('table[data-tabel="funnel"]').text_content()  # 12 people in the year
    axe.controleer(page, "monitor-coordinator-1280")

    # a period: only the last month
    page.get_by_label("Van maand").fill(f"{tot:%Y-%m}")
    page.get_by_label("Tot en met maand").fill(f"{tot:%Y-%m}")
    page.get_by_role("button", name="Toon").click()
    page.wait_for_load_state("load")
    assert f"van={tot:%Y-%m}" in page.url
    page.get_by_text("Tabel: Van verzoek tot werk").click()
    funnel = page.locator('table[data-tabel="funnel"]').inner_text()
    assert "Verzoeken\t10" in funnel and "Plaatsingen\tminder dan 5" in funnel  # one person in that month

    with page.expect_download() as download:
        page.get_by_role("link", name="Excel Van verzoek tot werk").click()
    pad = tmp_path / "funnel.xlsx"
    download.value.save_as(pad)
    rijen = [[c.value for c in rij] for rij in load_workbook(pad).active.iter_rows()]
    assert rijen[0] == ["Stap", "Aantal"]
    assert ["Verzoeken", 10] in rijen and ["Voordrachten", 6] in rijen
    assert ["Plaatsingen", "minder dan 5"] in rijen  # one person: suppressed in the export too
    _foto(page, "monitor-1280")
    context.close()

    telefoon = browser.new_context(locale="nl-NL", viewport={"width": 390, "height": 844})
    page = telefoon.new_page()
    inloggen(page, live_server, hans.email)
    page.goto(live_server.url + "/monitor/")
    page.wait_for_load_state("load")
    for details in page.locator("details").all():
        details.locator("summary").click()  # open tables scroll inside their own box
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    axe.controleer(page, "monitor-coordinator-390")
    _foto(page, "monitor-390")
    telefoon.close()
