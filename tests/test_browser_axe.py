"""How the browser tests put axe-core into a page (tests/conftest.py, ``Toegankelijkheid``): from the live server, as a
script of the page's own origin that the portal's policy lets run; on a page of another origin, as source."""

import re

import pytest
from django.urls import reverse

from tests.conftest import AXE_BESTAND, AXE_URL, Toegankelijkheid

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VERSIE = re.search(r"/\*! axe v([0-9.]+)", AXE_BESTAND.read_text()).group(1)


def _geladen_van_de_server(page):
    return page.evaluate("name => performance.getEntriesByType('resource').filter(e => e.name.endsWith(name)).length",
                         AXE_URL)


def test_a_portal_page_loads_axe_from_the_live_server_and_axe_finds_a_violation(page, live_server):
    schendingen = []
    page.on("console", lambda b: schendingen.append(b.text) if "Content Security Policy" in b.text else None)
    axe = Toegankelijkheid()
    page.goto(live_server.url + reverse("verzoek_indienen"))
    assert axe.fouten(page) == ""
    assert _geladen_van_de_server(page) == 1
    assert page.evaluate("axe.version") == VERSIE
    assert not schendingen, schendingen
    # the same document again: axe is there, nothing loaded twice
    page.evaluate("document.querySelector('main').insertAdjacentHTML('afterbegin', '<img src=\"/static/x.png\">')")
    assert "image-alt" in axe.fouten(page)
    assert _geladen_van_de_server(page) == 1


def test_a_page_of_another_origin_gets_the_source(page, live_server):
    axe = Toegankelijkheid()
    page.set_content("<!doctype html><html lang='nl'><head><title>Elders</title></head>"
                     "<body><main><h1>Elders</h1><img src='x.png'></main></body></html>")
    assert "image-alt" in axe.fouten(page)
    assert _geladen_van_de_server(page) == 0
    assert page.evaluate("typeof axe.run") == "function"
