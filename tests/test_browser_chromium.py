"""The Chromium the browser tests run: Playwright's own switched-off features stay off when the tests switch off one
more (RenderDocument, tests/conftest.py)."""

import pytest

from tests.conftest import OOK_UIT, uitgezet

pytestmark = [pytest.mark.browser]

ZET = "<script>localStorage.setItem('x', '1')</script>gezet"
LEES = "<script>parent.postMessage(String(localStorage.getItem('x')), '*')</script>"
OUDER = ("<script>window.addEventListener('message', e => { document.title = 'gezien: ' + e.data })</script>"
         "<iframe src='http://b.test/lees' title='b'></iframe>")


def test_one_switch_holds_playwrights_list_and_ours_each_once():
    assert uitgezet(["PaintHolding", "RenderDocument", "MediaRouter"]) == (
        "--disable-features=PaintHolding,RenderDocument,MediaRouter")
    assert uitgezet([]) == "--disable-features=" + ",".join(OOK_UIT)


def test_playwrights_own_features_stay_off_in_the_test_browser(browser):
    """Playwright switches off ThirdPartyStoragePartitioning, so a frame of b.test inside a.test sees what b.test
    stored as a page of its own. A second --disable-features switch that did not repeat Playwright's list would
    switch it on again (Chromium keeps only the last such switch): the frame would see nothing ('null')."""
    context = browser.new_context()
    pagina = {"http://b.test/zet": ZET, "http://b.test/lees": LEES, "http://a.test/": OUDER}
    context.route("**/*", lambda route: route.fulfill(content_type="text/html", body=pagina[route.request.url]))
    page = context.new_page()
    page.goto("http://b.test/zet")
    page.goto("http://a.test/")
    page.wait_for_function("document.title.startsWith('gezien')")
    assert page.title() == "gezien: 1"
    context.close()
