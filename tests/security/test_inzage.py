""""Wie heeft mijn gegevens bekeken": the werkzoekende sees every line of the verwerkingenlog about them
(when, who by role and organisation, what, why), nothing they did themselves, nothing about anyone else."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Verwerking, VerwerkingBetrokkene
from accounts.services import verwerking_registreer
from conftest import logregel_queries
from klantreis.lib.paginering import PER_PAGINA
from werkzoekenden.tests.factories import KandidaatFactory

URL = "/mijn-gegevens/inzage/"


def _bekijk(client, gebruiker, naam, *args):
    client.force_login(gebruiker)
    assert client.get(reverse(naam, args=args)).status_code == 200


def test_url_en_naam():
    assert reverse("mijn_inzage") == URL


def test_werkzoekende_ziet_wie_wanneer_wat_en_waarom(client, wereld):
    wereld.met_bemiddeling()
    _bekijk(client, wereld.klantmanager, "dossier", wereld.kandidaat.pk)
    _bekijk(client, wereld.werkgever_user, "voordracht_detail", wereld.voordracht.pk)
    _bekijk(client, wereld.klantmanager, "dossier", KandidaatFactory(klantmanager=wereld.klantmanager).pk)
    _bekijk(client, wereld.werkzoekende_user, "dossier", wereld.kandidaat.pk)  # own: no line

    client.force_login(wereld.werkzoekende_user)
    response = client.get(URL)
    assert response.status_code == 200
    regels = [r["regel"] for r in response.context["regels"]]
    assert len(regels) == 2  # not their own look, not the other kandidaat's dossier
    html = response.content.decode()
    # Their own klantmanager by name, role and organisation; the werkgever's person by role and company only.
    assert "Karin Klant, klantmanager bij " + wereld.klantmanager.organisatie.naam in html
    assert "werkgever bij " + wereld.werkgever_user.organisatie.naam in html
    assert "Martijn" not in html
    assert "Bekeken: dossier" in html and "begeleiding naar werk" in html
    assert "voordracht en cv voor Monteur" in html
    # Reading one's own log writes nothing new.
    aantal = Verwerking.objects.count()
    client.get(URL)
    assert Verwerking.objects.count() == aantal


def test_lijstpagina_noemt_de_werkzoekende_ook(client, wereld):
    _bekijk(client, wereld.klantmanager, "klantmanager_home")
    client.force_login(wereld.werkzoekende_user)
    html = client.get(URL).content.decode()
    assert "caseload" in html


def test_werkzoekende_zonder_dossier_krijgt_een_lege_pagina(client, db):
    from accounts.tests.factories import WerkzoekendeUserFactory

    client.force_login(WerkzoekendeUserFactory())
    response = client.get(URL)
    assert response.status_code == 200
    assert "Nog niemand anders heeft je gegevens bekeken." in response.content.decode()


def test_gelinkt_vanaf_home_mijn_gegevens_en_de_voettekst(client, wereld):
    client.force_login(wereld.werkzoekende_user)
    for url in [reverse("werkzoekende_home"), reverse("dossier", args=[wereld.kandidaat.pk])]:
        assert f'href="{URL}"' in client.get(url).content.decode()
    client.force_login(wereld.klantmanager)
    assert f'href="{URL}"' not in client.get(reverse("dossier", args=[wereld.kandidaat.pk])).content.decode()


def _queries(client):
    ContentType.objects.clear_cache()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(URL)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


def test_aantal_queries_groeit_niet_en_de_pagina_is_gepagineerd(client, wereld):
    client.force_login(wereld.werkzoekende_user)
    verwerking_registreer(gebruiker=wereld.klantmanager, actie="inzien", obj=wereld.kandidaat, doel="x")
    klein, _ = _queries(client)
    for i in range(60):
        verwerking_registreer(gebruiker=wereld.klantmanager if i % 2 else wereld.vreemde_klantmanager,
                              actie="inzien", obj=wereld.kandidaat, doel=f"reden {i}")
    groot, response = _queries(client)
    # session+user, kandidaat (+klantmanager), content types of Kandidaat and User, count, one page of lines
    # with their account, regio in the header
    assert klein == groot
    assert len(response.context["regels"]) < 61
    assert response.context["pagina"].paginator.count == 61
    assert client.get(URL + "?pagina=2").status_code == 200


def test_caseload_schrijft_een_regel_met_n_betrokkenen_in_vaste_queries(client, wereld):
    """A caseload page: 1 line + N betrokkenen, with a number of INSERTs that does not grow with N (one statement
    on PostgreSQL, the line and one bulk INSERT of the betrokkenen elsewhere)."""
    client.force_login(wereld.klantmanager)

    def inserts():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("klantmanager_home")).status_code == 200
        return sum(1 for q in ctx.captured_queries if "INSERT INTO" in q["sql"].upper())

    assert inserts() == logregel_queries()
    KandidaatFactory.create_batch(30, klantmanager=wereld.klantmanager)
    voor = Verwerking.objects.count()
    assert inserts() == logregel_queries()
    assert Verwerking.objects.count() == voor + 1
    regel = Verwerking.objects.order_by("-pk").first()
    assert VerwerkingBetrokkene.objects.filter(verwerking=regel).count() == min(PER_PAGINA, 31)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_inzage_op_een_telefoon(browser, live_server, axe):
    from conftest import Wereld
    from tests.conftest import inloggen

    wereld = Wereld().met_bemiddeling()
    verwerking_registreer(gebruiker=wereld.klantmanager, actie="inzien", obj=wereld.kandidaat,
                          doel="begeleiding naar werk", wat="dossier")
    verwerking_registreer(gebruiker=wereld.werkgever_user, actie="inzien", obj=wereld.kandidaat,
                          doel="beoordelen en begeleiden van een kandidaat",
                          wat="voordracht en cv voor Monteur (een lange omschrijving die moet afbreken)")
    context = browser.new_context(locale="nl-NL", viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        inloggen(page, live_server, wereld.werkzoekende_user.email)
        page.goto(live_server.url + reverse("werkzoekende_home"))
        page.get_by_role("link", name="Wie heeft mijn gegevens bekeken?").click()
        page.wait_for_load_state("load")
        assert page.url.endswith(URL)
        assert page.get_by_role("heading", name="Wie heeft mijn gegevens bekeken").is_visible()
        assert page.get_by_text("Karin Klant, klantmanager bij").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        axe.controleer(page, "mijn-inzage-390")
    finally:
        context.close()
