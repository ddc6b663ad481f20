"""Every page of the permission matrix at phone width (390 px), as the role that uses it: nothing may stick out
sideways, and the header leaves room for the content."""

import os

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from tests.conftest import SCREENSHOTS, WCAG_AA, inloggen
from tests.test_browser_alle_paginas import GEBRUIKER, NIET_HTML, _wereld
from tests.test_permission_matrix import MATRIX

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BREEDTE = 390
BREEDTE_JS = "document.documentElement.scrollWidth"
# The logged-in header (logo, name, log out, language, menu) may take at most this much before the content.
MAX_KOP = 160


def _pagina_s(rol, wereld):
    for naam, (kwargs, verwacht) in sorted(MATRIX.items()):
        if verwacht.get(rol) != 200 or naam in NIET_HTML:
            continue
        if rol != "anoniem" and naam.startswith("account_"):
            continue
        yield naam, reverse(naam, kwargs=kwargs(wereld) if callable(kwargs) else kwargs)


def test_every_page_fits_a_phone(browser, live_server):
    """And passes axe (WCAG 2.1 AA) at that width too: a menu that folds may hide a label or a contrast."""
    axe = Axe()
    context = browser.new_context(locale="nl-NL", viewport={"width": BREEDTE, "height": 844})
    page = context.new_page()
    wereld = _wereld()
    # a long address in a card: it must wrap, not push the page wider
    wereld.klantmanager.email = "karin.klantmanager-van-der-westhuizen@gemeente-overbetuwe.example.nl"
    wereld.klantmanager.save(update_fields=["email"])
    te_breed, te_hoog, ontoegankelijk, bezocht = [], [], [], 0
    for rol in ["anoniem", *GEBRUIKER]:
        if rol != "anoniem":
            inloggen(page, live_server, getattr(wereld, GEBRUIKER[rol]).email)
        for naam, url in _pagina_s(rol, wereld):
            page.goto(live_server.url + url)
            page.wait_for_load_state("load")
            breedte = page.evaluate(BREEDTE_JS)
            if breedte > BREEDTE:
                te_breed.append(f"{rol} {naam}: {breedte}px")
                if SCREENSHOTS:
                    os.makedirs(SCREENSHOTS, exist_ok=True)
                    page.screenshot(path=os.path.join(SCREENSHOTS, f"390-{rol}-{naam}.png"), full_page=True)
            if rol != "anoniem":
                kop = page.evaluate("document.querySelector('main').getBoundingClientRect().top + window.scrollY")
                if kop > MAX_KOP:
                    te_hoog.append(f"{rol} {naam}: inhoud begint op {kop:.0f}px")
            resultaat = axe.run(page, options=WCAG_AA)
            if resultaat.violations_count:
                ontoegankelijk.append(f"{rol} {naam}: {resultaat.generate_report()}")
            bezocht += 1
        context.clear_cookies()
    context.close()
    assert not te_breed, "breder dan 390 px:\n" + "\n".join(te_breed)
    assert not te_hoog, "kop te hoog:\n" + "\n".join(te_hoog)
    assert not ontoegankelijk, "axe bij 390 px:\n" + "\n".join(ontoegankelijk)
    assert bezocht > 70
