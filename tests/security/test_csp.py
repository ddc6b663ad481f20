"""Content-Security-Policy: no inline code, no eval, never framed; what a browser blocks is reported and logged.

The browser test opens every page of the permission matrix in Chromium as the role that may see it and fails on
any CSP violation the console reports. The other tests read the header and the report endpoint directly.
"""

import json
import logging
import re
from pathlib import Path

import pytest
from django.core.cache import cache
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


def _richtlijnen(response):
    return {deel.split()[0]: deel.split()[1:] for deel in
            (d.strip() for d in response["Content-Security-Policy"].split(";")) if deel}


@pytest.mark.django_db
def test_every_page_has_a_policy_without_inline_code_or_eval(client, wereld):
    client.force_login(wereld.klantmanager)
    for url in (reverse("verzoek_indienen"), reverse("dossier", args=[wereld.kandidaat.pk]),
                reverse("account_change_password")):
        response = client.get(url)
        assert response.status_code == 200, url
        csp = _richtlijnen(response)
        assert csp["script-src"][0] == "'self'" and csp["style-src"][0] == "'self'"
        for bron in ("script-src", "style-src", "default-src"):
            assert "'unsafe-inline'" not in csp[bron] and "'unsafe-eval'" not in csp[bron], (url, bron)
        assert csp["frame-ancestors"] == ["'none'"]
        assert csp["form-action"] == ["'self'"]
        assert csp["base-uri"] == ["'none'"]
        assert csp["object-src"] == ["'none'"]
        assert csp["report-uri"] == [reverse("csp_rapport")]


@pytest.mark.django_db
def test_the_admin_has_the_policy_too(client, wereld):
    client.force_login(wereld.beheerder)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


def test_no_template_has_inline_script_style_or_handlers():
    """A template with inline code would be blocked by the policy (and is the place an injection would hide).
    Mail templates are exempt: mail clients need inline styles and no browser applies this header to them."""
    fouten = []
    sjablonen = [p for p in ROOT.glob("**/templates/**/*.html")
                 if ".venv" not in p.parts and "node_modules" not in p.parts and "emails" not in p.parts]
    assert len(sjablonen) > 40
    for pad in sjablonen:
        tekst = pad.read_text()
        for patroon, wat in ((r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", "inline <script>"),
                             (r"<style\b", "<style>"), (r"\sstyle=", "style-attribuut"),
                             (r"\son[a-z]+\s*=", "on*-handler"), (r"javascript:", "javascript:-link"),
                             (r"\bhx-on", "hx-on (eval)")):
            if re.search(patroon, tekst, re.IGNORECASE):
                fouten.append(f"{pad.relative_to(ROOT)}: {wat}")
    assert not fouten, "\n".join(fouten)


def test_htmx_is_told_not_to_inject_styles_or_eval():
    """htmx adds an inline <style> for its indicator and evaluates trigger filters with Function() unless told not
    to; both would be CSP violations (or need 'unsafe-*')."""
    basis = (ROOT / "templates" / "base.html").read_text()
    meta = re.search(r"<meta name=\"htmx-config\" content='([^']+)'>", basis)
    assert meta, "base.html mist de htmx-config meta-tag"
    config = json.loads(meta.group(1))
    assert config == {"includeIndicatorStyles": False, "allowEval": False, "allowScriptTags": False}
    assert ".htmx-indicator" in (ROOT / "static" / "css" / "wsp.css").read_text()


# --- the report endpoint ----------------------------------------------------------------------------------------
SCHENDING = {"csp-report": {"document-uri": "http://testserver/mijn/", "violated-directive": "script-src-elem",
                            "effective-directive": "script-src-elem", "blocked-uri": "inline",
                            "source-file": "http://testserver/mijn/", "line-number": 12}}


@pytest.fixture(autouse=False)
def lege_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db
def test_a_violation_report_is_logged(client, caplog, lege_cache):
    with caplog.at_level(logging.WARNING, logger="klantreis.csp"):
        response = client.post(reverse("csp_rapport"), json.dumps(SCHENDING), content_type="application/csp-report")
    assert response.status_code == 204
    melding = [r.getMessage() for r in caplog.records if r.name == "klantreis.csp"]
    assert len(melding) == 1
    assert "violated-directive=script-src-elem" in melding[0] and "blocked-uri=inline" in melding[0]
    assert "document-uri=http://testserver/mijn/" in melding[0]


@pytest.mark.django_db
def test_a_reporting_api_report_is_logged(client, caplog, lege_cache):
    rapport = [{"type": "csp-violation", "url": "http://testserver/", "body": {
        "documentURL": "http://testserver/", "effectiveDirective": "style-src-attr", "blockedURL": "inline",
        "disposition": "enforce"}}, {"type": "deprecation", "body": {"id": "x"}}]
    with caplog.at_level(logging.WARNING, logger="klantreis.csp"):
        response = client.post(reverse("csp_rapport"), json.dumps(rapport), content_type="application/reports+json")
    assert response.status_code == 204
    meldingen = [r.getMessage() for r in caplog.records if r.name == "klantreis.csp"]
    assert len(meldingen) == 1 and "effectiveDirective=style-src-attr" in meldingen[0]


@pytest.mark.django_db
def test_the_report_endpoint_refuses_garbage_and_large_bodies(client, lege_cache):
    assert client.get(reverse("csp_rapport")).status_code == 405
    assert client.post(reverse("csp_rapport"), "{niet json", content_type="application/csp-report").status_code == 400
    assert client.post(reverse("csp_rapport"), "[1, 2]", content_type="application/json").status_code == 400
    groot = json.dumps({"csp-report": {"blocked-uri": "x" * 20000}})
    assert client.post(reverse("csp_rapport"), groot, content_type="application/csp-report").status_code == 413


@pytest.mark.django_db
def test_the_report_endpoint_is_rate_limited_per_client(client, caplog, lege_cache, settings):
    """A script that floods the endpoint fills no disk: past the limit reports are dropped (429), not logged."""
    settings.CSP_RAPPORTEN_PER_MINUUT = 3
    with caplog.at_level(logging.WARNING, logger="klantreis.csp"):
        statussen = [client.post(reverse("csp_rapport"), json.dumps(SCHENDING), content_type="application/csp-report",
                                 REMOTE_ADDR="198.51.100.9").status_code for _ in range(5)]
        ander = client.post(reverse("csp_rapport"), json.dumps(SCHENDING), content_type="application/csp-report",
                            REMOTE_ADDR="198.51.100.10").status_code
    assert statussen == [204, 204, 204, 429, 429]
    assert ander == 204
    assert len([r for r in caplog.records if r.name == "klantreis.csp"]) == 4


# --- in Chromium --------------------------------------------------------------------------------------------------
# Every page of every role (and the admin's) is walked with the policy on in
# tests/test_browser_alle_paginas.py, together with axe and the phone width: one page load serves all three checks.


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_browser_check_sees_a_violation(page, live_server):
    """The page walk (test_browser_alle_paginas) can fail: an inline handler put into a page is blocked and
    Chromium says so."""
    schendingen = []
    page.on("console", lambda b: schendingen.append(b.text) if "Content Security Policy" in b.text else None)
    response = page.goto(live_server.url + reverse("verzoek_indienen"))
    assert response.status == 200
    page.evaluate("() => { const s = document.createElement('div'); s.innerHTML = '<img src=x onerror=1>';"
                  " document.body.appendChild(s); }")
    page.wait_for_timeout(300)
    assert schendingen, "Chromium meldde de inline handler niet: de CSP-controle hierboven kan niet falen"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_chromium_sends_a_violation_to_the_report_endpoint(page, live_server):
    """The policy's report-uri really reaches the portal (with report-to added, Chromium sent nothing in 90 s)."""
    page.goto(live_server.url + reverse("verzoek_indienen"))
    with page.expect_request(lambda r: r.url.endswith(reverse("csp_rapport")) and r.method == "POST",
                             timeout=90_000) as rapport:
        page.evaluate("() => { const s = document.createElement('div'); s.innerHTML = '<img src=x onerror=1>';"
                      " document.body.appendChild(s); }")
    melding = json.loads(rapport.value.post_data)["csp-report"]
    assert melding["violated-directive"].startswith("script-src") and melding["blocked-uri"] == "inline"
    assert rapport.value.response().status == 204
