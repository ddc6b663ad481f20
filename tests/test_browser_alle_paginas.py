"""Every page of the portal in Chromium, as the role that may open it, at desktop width and at phone width (390 px):
axe-core (WCAG 2.1 A/AA, with 1.3.4 Orientation once per set of style sheets and width) finds no violation at
either width, the Content-Security-Policy is sent and the browser
reports no violation of it, nothing sticks out sideways on a phone and the header leaves room for the content.

The page list comes from the permission matrix: every URL name whose expected answer for a role is 200
is opened in Chromium as that role. A new page is therefore checked as soon as it joins the matrix.
Each page is loaded once: after the desktop checks the viewport narrows to 390 px and the same document is checked
again (the portal folds its menu with CSS media queries only, no script reads the width). The Django admin is
Django's own interface for the beheerder: its pages are checked for the policy only.
"""

import os
import re

import pytest
from allauth.account.models import EmailAddress
from django.core.files.base import ContentFile
from django.urls import reverse

from conftest import Wereld
from tests.conftest import SCREENSHOTS, Toegankelijkheid, inloggen
from tests.test_permission_matrix import MATRIX, _agenda_objecten

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GEBRUIKER = {"beheerder": "beheerder", "accountmanager": "accountmanager", "klantmanager": "klantmanager",
             "werkgever": "werkgever_user", "werkzoekende": "werkzoekende_user", "programma": "programma"}
NIET_HTML = {"health", "gesprek_agenda", "agenda_feed", "overeenkomst_download", "cv_downloaden", "voordracht_cv",
             "document_downloaden", "voordracht_document",
             "beroep_zoeken", "bijlage_downloaden", "sessie_status", "mijn_gegevens_json", "mijn_gegevens_pdf",
             "werkgever_mijn_gegevens_json", "werkgever_mijn_gegevens_pdf",
             "sollicitatie_bewijs", "sollicitaties_pdf", "monitor_export"}


def _wereld():
    from werkgevers.models import Instrument
    from werkzoekenden.services import actie_toevoegen, cv_opslaan

    wereld = Wereld()
    wereld.met_bemiddeling()
    wereld.met_plaatsing()
    wereld.instrument = Instrument.objects.first()
    # a title as long as many real ones: the werkgever's list of vacatures then needs more than a phone's width
    wereld.vacature.titel = "Orderpicker-magazijnmedewerker"
    wereld.vacature.save(update_fields=["titel"])
    cv_opslaan(kandidaat=wereld.kandidaat, door=wereld.klantmanager, soort="pdf",
               bestand=ContentFile(b"%PDF-1.4 test", name="cv.pdf"))
    wereld.actie = actie_toevoegen(kandidaat=wereld.kandidaat, door=wereld.klantmanager, levensdomein="werk",
                                   doel="Werk vinden", omschrijving="Cv bijwerken", eigenaar="ik")
    from tests.test_permission_matrix import _berichten_en_meldingen

    _berichten_en_meldingen(wereld)  # a thread with an attachment and a melding (issue #13)
    from tests.test_permission_matrix import _documenten

    _documenten(wereld)  # Willem's VCA certificate with the voordracht (issue #14)
    _agenda_objecten(wereld)
    return wereld


DESKTOP = {"width": 1280, "height": 900}
TELEFOON = {"width": 390, "height": 844}
# the page's width, and where the content starts below the header
MATEN_JS = ("[document.documentElement.scrollWidth,"
            " document.querySelector('main') && document.querySelector('main').getBoundingClientRect().top"
            " + window.scrollY]")
# The logged-in header (logo, name, log out, language, menu) may take at most this much before the content.
MAX_KOP = 160
# A heading in the content with less room than this above it, below what precedes it (the nearest element that ends
# above it, beside it or across it, not its own container): it reads as part of that table, list or form.
KOP_RUIMTE = 8
KOPPEN_JS = """min => {
  const main = document.querySelector('main'), krap = [];
  if (!main) return krap;
  // Not what is hidden for the eye only (.wsp-verborgen: a square pixel, for screen readers), nor what a closed
  // <details> holds (Chromium keeps its layout boxes: checkVisibility says they are skipped).
  const zichtbaar = [...main.querySelectorAll('*')].filter(e => {
    const r = e.getBoundingClientRect();
    return r.width > 1 && r.height > 1 && e.checkVisibility({visibilityProperty: true});
  });
  for (const kop of zichtbaar.filter(e => /^H[2-4]$/.test(e.tagName))) {
    const k = kop.getBoundingClientRect();
    let onder = null, wat = null;
    for (const e of zichtbaar) {
      if (e.contains(kop) || kop.contains(e)) continue;
      const r = e.getBoundingClientRect();
      const erboven = r.bottom <= k.top + 1 && r.right > k.left && r.left < k.right;
      if (erboven && (onder === null || r.bottom > onder)) [onder, wat] = [r.bottom, e];
    }
    if (onder !== null && k.top - onder < min) krap.push(kop.textContent.trim().slice(0, 40) + ': '
      + Math.round(k.top - onder) + 'px below ' + wat.tagName.toLowerCase() + '.' + [...wat.classList].join('.'));
  }
  return krap;
}"""
# On a phone no table is wider than its box (a column off-screen to the right, as the werkgever's "Wacht op uw
# reactie" was, is a column nobody sees): a list table is a stack of cards there (wsp-tabel--stapel), each cell behind
# its column's name, which must be the name in the table's head.
TABELLEN_JS = """() => {
  const uit = [];
  for (const t of document.querySelectorAll('main table')) {
    if (!t.checkVisibility()) continue;
    const koppen = [...t.querySelectorAll(':scope > thead th')].map(th => th.textContent.trim());
    const naam = koppen.join('|').slice(0, 50), doos = t.parentElement.clientWidth;
    if (t.scrollWidth > doos + 1) uit.push(naam + ': ' + t.scrollWidth + 'px in ' + doos + 'px');
    if (!t.classList.contains('wsp-tabel--stapel')) continue;
    for (const rij of t.querySelectorAll(':scope > tbody > tr')) [...rij.children].forEach((cel, i) => {
      if (cel.tagName === 'TD' && cel.colSpan === 1 && cel.dataset.kolom !== koppen[i])
        uit.push(naam + ': kolom ' + (i + 1) + ' heet ' + JSON.stringify(cel.dataset.kolom) + ' in een rij');
    });
  }
  return uit;
}"""
ADMIN = ("admin:index", "admin:accounts_verwerking_changelist", "admin:accounts_user_changelist")
# WCAG 2.1 1.3.4 (Orientation, AA): axe's css-orientation-lock is marked experimental, so a run by tag leaves it
# out. It reads only the page's style sheets (the orientation media queries that match the viewport), not the
# document, and costs a fifth of a run: the walk adds it once per distinct set of style sheets at each width (the
# portal's pages share one set; the admin has its own).
STIJLBLADEN_JS = ("Array.from(document.styleSheets, s => (s.href || 'inline:' + s.ownerNode.textContent)"
                  " + ' ' + s.media.mediaText).join('\\n')")
ALLEEN_STIJLBLADEN = ("css-orientation-lock",)
CSP_MELDER = ("document.addEventListener('securitypolicyviolation', e => console.error("
              "'Content Security Policy: ' + e.violatedDirective + ' ' + e.blockedURI));")


def _pagina_s(rol, wereld):
    for naam, (kwargs, verwacht) in sorted(MATRIX.items()):
        if verwacht.get(rol) != 200 or naam in NIET_HTML:
            continue
        yield naam, reverse(naam, kwargs=kwargs(wereld) if callable(kwargs) else kwargs)


class Bevindingen:
    def __init__(self):
        self.csp, self.status, self.axe, self.te_breed, self.te_hoog, self.krap = [], [], [], [], [], []
        self.tabellen = []
        self.bezocht = 0
        self.stijlbladen = set()  # (style sheets, width) css-orientation-lock has run on

    def samen(self):
        return "\n".join(f"{kop}:\n" + "\n".join(lijst) for kop, lijst in (
            ("antwoord niet 200, doorgestuurd of zonder Content-Security-Policy", self.status),
            ("CSP-schending in Chromium", self.csp), ("axe (WCAG 2.1 AA)", self.axe),
            ("breder dan 390 px", self.te_breed), ("kop te hoog op een telefoon", self.te_hoog),
            ("tabel op een telefoon breder dan zijn ruimte of een cel onder de verkeerde kolomnaam", self.tabellen),
            (f"minder dan {KOP_RUIMTE} px boven een tussenkop", self.krap)) if lijst)


def _op_een_telefoon(page, rol, naam, b):
    breedte, kop = page.evaluate(MATEN_JS)
    if breedte > TELEFOON["width"]:
        b.te_breed.append(f"{rol} {naam}: {breedte}px")
        if SCREENSHOTS:
            os.makedirs(SCREENSHOTS, exist_ok=True)
            page.screenshot(path=os.path.join(SCREENSHOTS, f"390-{rol}-{naam}.png"), full_page=True)
    if rol != "anoniem" and (kop is None or kop > MAX_KOP):
        b.te_hoog.append(f"{rol} {naam}: inhoud begint op {kop}px")
    if tabellen := page.evaluate(TABELLEN_JS):
        b.tabellen.append(f"{rol} {naam}: {'; '.join(tabellen)}")


def _bekijk(page, url, rol, naam, axe, b):
    """Loads the page at the width the previous page ended on, checks it there, then at the other width: one
    resize per page."""
    response = page.goto(url)
    if response.status != 200 or "content-security-policy" not in response.headers:
        b.status.append(f"{rol} {naam}: {response.status} {sorted(response.headers)}")
        return
    if page.url != url:  # the matrix answers 200 without a redirect: a login page here is a session that is gone
        b.status.append(f"{rol} {naam}: doorgestuurd naar {page.url}")
        return
    page.wait_for_load_state("load")
    b.bezocht += 1
    if naam.startswith("admin:"):
        return
    breedtes = [DESKTOP, TELEFOON] if page.viewport_size == DESKTOP else [TELEFOON, DESKTOP]
    stijlbladen = page.evaluate(STIJLBLADEN_JS)
    for i, breedte in enumerate(breedtes):
        if i:
            page.set_viewport_size(breedte)
        if breedte == TELEFOON:
            _op_een_telefoon(page, rol, naam, b)
        if krap := page.evaluate(KOPPEN_JS, KOP_RUIMTE):
            b.krap.append(f"{rol} {naam} ({breedte['width']} px): {'; '.join(krap)}")
        ook = () if (stijlbladen, breedte["width"]) in b.stijlbladen else ALLEEN_STIJLBLADEN
        b.stijlbladen.add((stijlbladen, breedte["width"]))
        if rapport := axe.fouten(page, ook=ook):
            b.axe.append(f"{rol} {naam} ({breedte['width']} px): {rapport}")


@pytest.mark.duur(120)  # 300 pages, each at two widths
def test_every_page_at_desktop_and_phone_width_passes_axe_and_the_policy(browser, live_server):
    context = browser.new_context(locale="nl-NL", viewport=DESKTOP)
    page = context.new_page()
    b = Bevindingen()
    page.on("console", lambda bericht: b.csp.append(f"{page.url}: {bericht.text}")
            if "Content Security Policy" in bericht.text or "Content-Security-Policy" in bericht.text else None)
    page.add_init_script(CSP_MELDER)
    axe = Toegankelijkheid()
    axe.in_elke_pagina(context)
    wereld = _wereld()
    # a long address in a card: it must wrap, not push the page wider
    lang = "karin.klantmanager-van-der-westhuizen@gemeente-overbetuwe.example.nl"
    wereld.klantmanager.email = lang
    wereld.klantmanager.save(update_fields=["email"])
    # And her verified address (allauth logs in by it): with the user's alone she landed on "confirm your address",
    # not logged in, and the walk checked the login page in place of each of her pages.
    assert EmailAddress.objects.filter(user=wereld.klantmanager).update(email=lang) == 1
    for rol in ["anoniem", *GEBRUIKER]:
        if rol != "anoniem":
            inloggen(page, live_server, getattr(wereld, GEBRUIKER[rol]).email)
        pagina_s = list(_pagina_s(rol, wereld))
        if rol == "beheerder":
            pagina_s += [(naam, reverse(naam)) for naam in ADMIN]
            pagina_s.append(("admin:accounts_user_change",
                             reverse("admin:accounts_user_change", args=[wereld.klantmanager.pk])))
        for naam, url in pagina_s:
            _bekijk(page, live_server.url + url, rol, naam, axe, b)
        context.clear_cookies()
    context.close()
    assert not b.samen(), b.samen()
    assert b.bezocht > 200, b.bezocht
    assert {breedte for _, breedte in b.stijlbladen} == {DESKTOP["width"], TELEFOON["width"]}, b.stijlbladen


def test_the_walk_sees_an_axe_violation_a_wide_page_a_high_header_and_a_blocked_inline_style(browser, live_server):
    """The checks of the walk can fail: the help page, altered on its way to the browser, gets an image without
    alt text, an inline style (blocked by the policy), a table wider than a phone pushed below a tall block, a
    heading directly under a list (as every heading-2 was before Utrecht's distance was asked for) and a style sheet
    that locks the orientation; and a page that sends a role without a session to the login page."""
    context = browser.new_context(locale="nl-NL", viewport=DESKTOP)
    page = context.new_page()
    b = Bevindingen()
    page.on("console", lambda bericht: b.csp.append(bericht.text) if "Content Security Policy" in bericht.text
            else None)
    page.add_init_script(CSP_MELDER)
    axe = Toegankelijkheid()
    axe.in_elke_pagina(context)
    url = live_server.url + reverse("verzoek_indienen")
    _bekijk(page, url, "werkgever", "verzoek_indienen", axe, b)  # as the walk finds it: nothing to report
    assert b.bezocht == 1 and not b.samen(), b.samen()
    verbouwd = url + "?verbouwd=1"

    def verbouwen(route):
        antwoord = route.fetch()
        html = antwoord.text().replace(
            '<main', '<div class="wsp-test-hoog"><img src="/static/apple-touch-icon.png" width="20" height="400">'
                     '</div><table><tr><td><pre>' + "x" * 300 + '</pre></td></tr></table>'
                     '<p style="color: red">inline</p><main', 1).replace(
            '</head>', '<link rel="stylesheet" href="/static/test-kantelslot.css"></head>', 1).replace(
            '</main>', '<ul class="utrecht-unordered-list"><li>lijst</li></ul>'
                       '<h2 class="utrecht-heading-2 wsp-test-krap">Tussenkop</h2>'
                       '<div class="wsp-tabel-wrap"><table><thead><tr><th>Breed</th></tr></thead><tbody><tr><td><pre>'
                       + "y" * 80 + '</pre></td></tr></tbody></table></div>'
                       '<table class="wsp-tabel--stapel"><thead><tr><th>Naam</th><th>Plaats</th></tr></thead><tbody>'
                       '<tr><th>Jan</th><td data-kolom="Status">Arnhem</td></tr></tbody></table></main>', 1)
        route.fulfill(response=antwoord, body=html)

    def kantelslot(route):  # a style sheet that turns a phone held upright sideways (WCAG 1.3.4)
        route.fulfill(status=200, content_type="text/css", body="@media (orientation: portrait) {"
                      " html { transform: rotate(90deg); } }"
                      " .wsp-test-krap { --utrecht-space-around: 0 !important; }")

    page.route(verbouwd, verbouwen)
    page.route(live_server.url + "/static/test-kantelslot.css", kantelslot)
    _bekijk(page, verbouwd, "werkgever", "verzoek_indienen", axe, b)
    assert b.bezocht == 2 and not b.status
    # A page of a role whose session is gone: the login page answers 200, but it is not the page.
    _bekijk(page, live_server.url + reverse("werkgever_home"), "werkgever", "werkgever_home", axe, b)
    context.close()
    assert b.bezocht == 2 and b.status == [
        f"werkgever werkgever_home: doorgestuurd naar {live_server.url}/accounts/login/?next=/werkgever/"], b.status
    assert any("image-alt" in r for r in b.axe) and len(b.axe) == 2, b.axe  # at both widths
    # The report names the element by its selector (the walk's runs leave the selectors out; a page with a violation
    # is checked again with them).
    assert all(re.search(r"Target: [^\n]*img", r) for r in b.axe), b.axe
    # A page with a style sheet the walk had not seen gets the style-sheet rule: it fails at phone width.
    (telefoon,) = [r for r in b.axe if "(390 px)" in r]
    assert "CSS Orientation lock is applied" in telefoon, b.axe
    assert b.te_breed and b.te_hoog, b.samen()
    (tabellen,) = b.tabellen  # at phone width: a table that scrolls in its box, a cell under another column's name
    assert re.fullmatch(r'werkgever verzoek_indienen: Breed: \d+px in \d+px; '
                        r'Naam\|Plaats: kolom 2 heet "Status" in een rij', tabellen), tabellen
    # At desktop width (at phone width the orientation lock above has turned the whole page on its side).
    assert b.krap == ["werkgever verzoek_indienen (1280 px): Tussenkop: 0px below ul.utrecht-unordered-list"], b.krap
    assert any("style-src" in c for c in b.csp), b.csp


MENU_BUITEN_BEELD_JS = """() => {
  const buiten = [];
  for (const a of document.querySelectorAll('.wsp-nav a')) {
    const r = a.getBoundingClientRect();
    if (a.checkVisibility() && (r.left < 0 || r.right > window.innerWidth)) buiten.push(a.textContent.trim());
  }
  const rij = document.querySelector('.wsp-nav ul');
  if (rij.scrollWidth > rij.clientWidth) buiten.push('de rij scrolt opzij');
  if (document.documentElement.scrollWidth > window.innerWidth) buiten.push('de pagina scrolt opzij');
  return buiten;
}"""
ZICHTBAAR_JS = "links => links.filter(a => a.checkVisibility()).map(a => a.textContent.trim())"


@pytest.mark.parametrize("rol", ["werkgever_user", "werkzoekende_user"])
def test_on_a_phone_the_menu_shows_home_and_berichten_and_opens_the_rest(browser, live_server, rol):
    """On a phone the menu was one row that scrolled sideways with nothing to show it did: the werkgever's was
    493 px ("Beveiliging" cut at the edge, "Berichten" out of sight), the werkzoekende's 1018 px with "Berichten"
    at the far end. Now the home page and "Berichten" show, and a "Menu" button (aria-expanded) opens every item
    in rows; the header stays low. Without JavaScript every item shows, in rows. At desktop width all show."""
    wereld = Wereld()
    context = browser.new_context(locale="nl-NL", viewport=TELEFOON)
    page = context.new_page()
    inloggen(page, live_server, getattr(wereld, rol).email)
    page.evaluate("document.fonts.ready")
    alle = page.eval_on_selector_all(".wsp-nav a", "links => links.map(a => a.textContent.trim())")
    assert alle[1] == "Berichten" and len(alle) >= 5, alle
    knop = page.get_by_role("button", name="Menu")
    assert knop.get_attribute("aria-expanded") == "false"
    assert page.eval_on_selector_all(".wsp-nav a", ZICHTBAAR_JS) == alle[:2]
    assert page.evaluate(MENU_BUITEN_BEELD_JS) == []
    assert page.evaluate(MATEN_JS)[1] <= MAX_KOP
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"menu-{rol}-390-dicht.png"))
    knop.click()
    assert knop.get_attribute("aria-expanded") == "true"
    assert page.eval_on_selector_all(".wsp-nav a", ZICHTBAAR_JS) == alle
    assert page.evaluate(MENU_BUITEN_BEELD_JS) == []
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"menu-{rol}-390-open.png"))
    page.keyboard.press("Escape")
    assert knop.get_attribute("aria-expanded") == "false"
    # Folded before the page is first drawn: while a deferred script of the page (htmx) still loads, and so before
    # DOMContentLoaded, the menu is already folded (a deferred menu script showed the whole menu for a moment).
    page.add_init_script("window.geladen = false; "
                         "document.addEventListener('DOMContentLoaded', () => { window.geladen = true; });")
    page.route("**/htmx.min.js", lambda route: None)  # never answered: DOMContentLoaded waits for it
    page.goto(page.url, wait_until="commit")
    page.wait_for_selector(".wsp-nav.wsp-nav--dicht", state="attached", timeout=5000)
    assert page.evaluate("window.geladen") is False
    page.unroute("**/htmx.min.js")
    page.goto(page.url)
    knop = page.get_by_role("button", name="Menu")
    page.set_viewport_size(DESKTOP)
    assert not knop.is_visible()
    assert page.eval_on_selector_all(".wsp-nav a", ZICHTBAAR_JS) == alle
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"menu-{rol}-1280.png"))
    context.close()
    zonder_js = browser.new_context(locale="nl-NL", viewport=TELEFOON, java_script_enabled=False)
    page = zonder_js.new_page()
    inloggen(page, live_server, getattr(wereld, rol).email)
    assert not page.get_by_role("button", name="Menu").is_visible()
    assert page.eval_on_selector_all(".wsp-nav a", ZICHTBAAR_JS) == alle
    assert page.evaluate(MENU_BUITEN_BEELD_JS) == []
    zonder_js.close()
