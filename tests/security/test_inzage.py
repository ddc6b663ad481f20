""""Wie heeft mijn gegevens bekeken": the werkzoekende sees every line of the verwerkingenlog about them
(when, who by role and organisation, what, why), nothing they did themselves, nothing about anyone else."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Verwerking, VerwerkingBetrokkene
from accounts.services import verwerking_registreer, verwerking_vastleggen
from conftest import logregel_queries
from klantreis.lib.paginering import PER_PAGINA, codeer_cursor
from tests.logregels import vulregels
from tests.plannen import leest_hoogstens
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


def _lines(response):
    return [r["regel"].pk for r in response.context["regels"]]


def test_aantal_queries_groeit_niet_en_de_pagina_is_gepagineerd(client, wereld):
    client.force_login(wereld.werkzoekende_user)
    verwerking_registreer(gebruiker=wereld.klantmanager, actie="inzien", obj=wereld.kandidaat, doel="x")
    klein, _ = _queries(client)
    for i in range(60):
        verwerking_registreer(gebruiker=wereld.klantmanager if i % 2 else wereld.vreemde_klantmanager,
                              actie="inzien", obj=wereld.kandidaat, doel=f"reden {i}")
    groot, response = _queries(client)
    # session+user, kandidaat (+klantmanager), content types of Kandidaat and User, one walk of the betrokkenen
    # per person, one page of lines with their account, regio in the header
    assert klein == groot
    assert len(response.context["regels"]) == PER_PAGINA
    assert client.get(URL + "?pagina=2").status_code == 200


def _alle_paginas(client):
    """Follow the page's own "Volgende" links from the first page to the last."""
    paginas, url = [], URL
    while url:
        response = client.get(url)
        assert response.status_code == 200
        paginas.append(response)
        blad = response.context["blad"]
        url = URL + "?na=" + blad.volgende if blad.volgende else None
    return paginas


def test_bladeren_toont_elke_regel_een_keer_van_nieuw_naar_oud(client, wereld):
    """Newest first, every line once, over pages of 25: the lines about the kandidaat and about their account (one
    line naming both shows once), never what the werkzoekende did themself."""
    client.force_login(wereld.werkzoekende_user)
    kandidaat, account = wereld.kandidaat, wereld.werkzoekende_user
    verwacht = []
    for i in range(57):
        regel = verwerking_registreer(gebruiker=wereld.klantmanager, actie="inzien", obj=kandidaat, doel=f"{i}")
        verwacht.append(regel.pk)
        if i % 10 == 3:  # the account alone: a beheerder looked at the user
            verwacht.append(verwerking_registreer(gebruiker=wereld.beheerder, actie="inzien", obj=account,
                                                  doel="gebruikersbeheer").pk)
        if i % 10 == 7:  # one line naming both
            verwacht.append(verwerking_vastleggen(gebruiker=wereld.klantmanager, actie="inzien", wat="beide",
                                                  doel="x", betrokkenen=[kandidaat, account]).pk)
        if i % 10 == 9:  # what they changed themself is left out
            verwerking_registreer(gebruiker=account, actie="wijzigen", obj=kandidaat, doel="eigen gegevens")
    paginas = _alle_paginas(client)
    gezien = [pk for response in paginas for pk in _lines(response)]
    assert gezien == sorted(verwacht, reverse=True)
    assert len(verwacht) == 68 and [len(_lines(r)) for r in paginas] == [25, 25, 18]
    assert paginas[0].context["blad"].is_eerste and not paginas[0].context["blad"].vorige
    # "Vorige" from the last page gives the second page again, and from there the first.
    tweede = client.get(URL + "?voor=" + paginas[2].context["blad"].vorige)
    assert _lines(tweede) == _lines(paginas[1]) and not tweede.context["blad"].is_eerste
    eerste = client.get(URL + "?voor=" + tweede.context["blad"].vorige)
    assert _lines(eerste) == _lines(paginas[0]) and eerste.context["blad"].is_eerste
    assert not eerste.context["blad"].vorige and eerste.context["blad"].volgende
    html = paginas[1].content.decode()
    assert 'rel="next"' in html and 'rel="prev"' in html and "Eerste" in html


def test_een_vreemde_of_verlopen_link_geeft_een_goede_pagina(client, wereld):
    client.force_login(wereld.werkzoekende_user)
    for i in range(3):
        verwerking_registreer(gebruiker=wereld.klantmanager, actie="inzien", obj=wereld.kandidaat, doel=f"{i}")
    eerste = _lines(client.get(URL))
    for kapot in ["?na=xyz", "?voor=!!", "?na=" + codeer_cursor(["Jansen", 3]), "?na=" + codeer_cursor(["12"]),
                  "?na=" + codeer_cursor([True])]:
        response = client.get(URL + kapot)
        assert response.status_code == 200, kapot
        assert _lines(response) == eerste, kapot
    # Past the oldest line (purged by the bewaartermijn since the link was made): no lines, a way back.
    response = client.get(URL + "?na=" + codeer_cursor([min(eerste)]))
    html = response.content.decode()
    assert _lines(response) == [] and "Hier staan geen regels meer" in html and "Eerste" in html
    assert "Nog niemand anders" not in html


def test_een_pagina_leest_een_pagina_van_het_log_hoe_lang_het_ook_is(client, wereld):
    """A kandidaat is named on every view of their klantmanager's caseload: tens of thousands of lines over the
    bewaartermijn. A page reads a page of them (docs/benchmarks.md: 839 ms and 102,259 buffers before, at 30,000
    lines of one person in 3 million)."""
    client.force_login(wereld.werkzoekende_user)
    for i in range(60):
        if connection.vendor == "postgresql":
            # The country's other lines in between, so the person's are as sparse in the log as they would be:
            # the planner weighs walking the log itself against the person's range of the betrokkenen index.
            vulregels([timezone.now()] * 80, eerste_id=10_000_000)
        verwerking_registreer(gebruiker=wereld.klantmanager, actie="inzien", obj=wereld.kandidaat, doel=f"{i}")
        verwerking_registreer(gebruiker=wereld.klantmanager, actie="inzien", obj=wereld.werkzoekende_user,
                              doel=f"{i}")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE accounts_verwerking")
            cursor.execute("ANALYZE accounts_verwerkingbetrokkene")
    params = {}
    for volgende in ("na", "voor", None):  # the first page, the second, and back to the first
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL, params)
        assert len(_lines(response)) == PER_PAGINA
        blad = response.context["blad"]
        params = {"na": blad.volgende} if volgende == "na" else {"voor": blad.vorige}
        if connection.vendor != "postgresql":  # EXPLAIN ANALYZE is PostgreSQL's
            continue
        leest_hoogstens(queries, "accounts_verwerking", 2 * (PER_PAGINA + 1))
        leest_hoogstens(queries, "accounts_verwerkingbetrokkene", 2 * (PER_PAGINA + 1))


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
