"""The public face: a werkgever without an account finds the Werkgeversservicepunt of the region, its phone
number, the request form and the regelingen. And the small things a visitor notices: the favicon."""

import logging

import pytest
from django.urls import reverse

from accounts.models import Arbeidsmarktregio, Organisatie
from tests.test_query_counts import queries_voor

pytestmark = pytest.mark.django_db


def _wsp(code, telefoon="026 377 5500"):
    regio = Arbeidsmarktregio.objects.get(code=code)
    return Organisatie.objects.update_or_create(regio=regio, soort=Organisatie.Soort.WSP, defaults={
        "naam": f"Werkgeversservicepunt {regio.naam}", "telefoon": telefoon, "email": "info@wsp.example.nl"})[0]


def test_home_leads_to_the_form_and_the_regions(client):
    html = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("verzoek_indienen")}"' in html
    assert f'href="{reverse("regios")}"' in html


def test_region_page_shows_what_the_wsp_does_its_number_form_and_instruments(client):
    _wsp("AM07")
    antwoord = client.get(reverse("regio", kwargs={"code": "am07"}))
    html = antwoord.content.decode()
    assert antwoord.status_code == 200
    assert "Werkgeversservicepunt Midden-Gelderland" in html
    assert 'href="tel:0263775500"' in html and "026 377 5500" in html
    assert f'href="{reverse("verzoek_indienen")}"' in html
    assert f'href="{reverse("instrumenten")}"' in html
    assert "Arnhem" in html  # the gemeenten of the region


def test_unknown_region_is_404(client):
    assert client.get(reverse("regio", kwargs={"code": "AM99"})).status_code == 404


def test_anonymous_werkgever_may_read_the_instrumentengids(client):
    assert client.get(reverse("instrumenten")).status_code == 200


def test_region_list_shows_every_region_with_its_number(client):
    _wsp("AM07")
    html = client.get(reverse("regios")).content.decode()
    assert html.count('href="/regio/') == Arbeidsmarktregio.objects.count()
    assert "026 377 5500" in html


def test_region_list_query_count(client):
    url = reverse("regios")
    klein = queries_voor(client, url)
    for regio in Arbeidsmarktregio.objects.all()[:20]:
        _wsp(regio.code, telefoon="010 123 4567")
    groot = queries_voor(client, url)
    # the page of regions (all 35 fit on a page of 50, so no count: klantreis.lib.paginering.pagineer), their WSPs
    # in one prefetch
    assert (klein, groot) == (2, 2)


def test_region_page_query_count(client):
    _wsp("AM07")
    # the region, its WSP, its gemeenten
    assert queries_voor(client, reverse("regio", kwargs={"code": "AM07"})) == 3


def test_favicon_is_served_and_linked(client):
    antwoord = client.get("/favicon.ico")
    assert antwoord.status_code == 200
    assert 'rel="icon"' in client.get(reverse("home")).content.decode()


def test_fonttools_does_not_log_every_table_it_subsets():
    assert not logging.getLogger("fontTools.subset").isEnabledFor(logging.INFO)
