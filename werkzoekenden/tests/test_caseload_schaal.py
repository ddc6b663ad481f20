"""The caseload at national volume (issue #16): no OR across a join, keyset pages, an attention count from an
index, and query plans that use the indexes (docs/benchmarks.md, "Caseload")."""

import base64
import copy
import random
from contextlib import contextmanager
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import KlantmanagerFactory
from conftest import Wereld, een_keer_per_module
from klantreis.lib.bulk import rijen_invoegen
from klantreis.lib.namen import sorteernaam
from klantreis.lib.paginering import blader
from tests.plannen import alleen_uit_een_index, alles_zichtbaar, leest_hoogstens, scans
from werkzoekenden import selectors
from werkzoekenden.models import Actie, Kandidaat, aandacht_datum
from werkzoekenden.services import actie_toevoegen, actie_wijzigen, dossier_bijwerken, evaluatiedatum_instellen
from werkzoekenden.tests.factories import KandidaatFactory

pytestmark = pytest.mark.django_db

VANDAAG = timezone.localdate


def _live_aandacht(klantmanager):
    """The three attention rules as the caseload stated them before the denormalised date: the reference."""
    vandaag = VANDAAG()
    te_laat = Actie.objects.filter(plan__kandidaat=OuterRef("pk"), uiterlijk__lt=vandaag).exclude(status="klaar")
    return set(Kandidaat.objects.filter(klantmanager=klantmanager).annotate(te_laat=Exists(te_laat)).filter(
        Q(te_laat=True) | Q(plan__evaluatiedatum__lte=vandaag)
        | Q(laatste_contact_op__lt=vandaag - timedelta(days=30)) | Q(laatste_contact_op__isnull=True)
    ).values_list("pk", flat=True))


def test_the_attention_date_is_the_first_day_one_rule_holds():
    d = VANDAAG()
    assert aandacht_datum(laatste_contact_op=None, evaluatiedatum=None, eerste_open_uiterlijk=None) < d
    assert aandacht_datum(laatste_contact_op=d, evaluatiedatum=None, eerste_open_uiterlijk=None) == d + timedelta(31)
    assert aandacht_datum(laatste_contact_op=d, evaluatiedatum=d + timedelta(3),
                          eerste_open_uiterlijk=None) == d + timedelta(3)
    # an action is late the day after its date
    assert aandacht_datum(laatste_contact_op=d, evaluatiedatum=d + timedelta(3),
                          eerste_open_uiterlijk=d + timedelta(1)) == d + timedelta(2)


def test_the_attention_count_follows_every_change_of_contact_plan_and_actions(wereld):
    km = wereld.klantmanager
    rng = random.Random(16)
    kandidaten = [KandidaatFactory(klantmanager=km, laatste_contact_op=rng.choice(
        [None, VANDAAG() - timedelta(days=rng.randint(0, 60))])) for _ in range(24)]
    acties = []
    for k in kandidaten:
        for _ in range(rng.randint(0, 2)):
            actie = actie_toevoegen(kandidaat=k, door=km, levensdomein="werk", doel="Werk vinden",
                                    omschrijving="Bellen", eigenaar=Actie.Eigenaar.IK, uiterlijk=VANDAAG())
            # time passes: the agreed date moves into the past or the future
            actie = actie_wijzigen(actie=actie, door=km, versie=actie.versie,
                                   uiterlijk=VANDAAG() + timedelta(days=rng.randint(-10, 10)))
            acties.append(actie)
        if rng.random() < 0.4:
            evaluatiedatum_instellen(kandidaat=k, door=km, evaluatiedatum=VANDAAG() + timedelta(rng.randint(0, 5)))

    def klopt():
        _qs, aantal = selectors.caseload_gefilterd(km, {})
        lijst, _ = selectors.caseload_gefilterd(km, {"aandacht": "alle"})
        verwacht = _live_aandacht(km)
        assert aantal == len(verwacht) and set(lijst.values_list("pk", flat=True)) == verwacht
        return len(verwacht)

    voor = klopt()
    assert 0 < voor < len(kandidaten) + 1
    # Everything done, everyone called today, evaluations moved to next month: nobody needs attention.
    for actie in acties:
        actie.refresh_from_db()
        actie_wijzigen(actie=actie, door=km, versie=actie.versie, status=Actie.Status.KLAAR)
    for k in kandidaten:
        k.refresh_from_db()
        dossier_bijwerken(kandidaat=k, door=km, laatste_contact_op=VANDAAG())
        if hasattr(k, "plan") and k.plan.evaluatiedatum:
            evaluatiedatum_instellen(kandidaat=k, door=km, evaluatiedatum=VANDAAG() + timedelta(days=30))
    willem = wereld.kandidaat
    willem.laatste_contact_op = VANDAAG()
    willem.save()
    assert klopt() == 0
    # One action reopened and late again; one deleted (through the model, as the admin does).
    acties[0].refresh_from_db()
    actie_wijzigen(actie=acties[0], door=km, versie=acties[0].versie, status=Actie.Status.OPEN,
                   uiterlijk=VANDAAG() - timedelta(days=1))
    assert klopt() == 1
    acties[0].delete()
    assert klopt() == 0


def _rijen(n, rng, achternamen, **vast):
    """``n`` kandidaten as plain rows (no factory per row: this is volume), with names that tie a lot."""
    model = KandidaatFactory.build()
    velden = [f for f in Kandidaat._meta.concrete_fields if not f.primary_key and not f.generated]
    basis = {f.attname: f.pre_save(model, add=True) for f in velden}
    rijen = []
    for i in range(n):
        achternaam = rng.choice(achternamen)
        contact = rng.choice([None, VANDAAG() - timedelta(days=rng.randrange(60))])
        rij = dict(basis, voornaam=rng.choice(["Anna", "Bas", "Cas"]), achternaam=achternaam,
                   sorteernaam=sorteernaam(achternaam), email=f"k{rng.random()}@voorbeeld.nl",
                   pseudoniem=f"T-{rng.randrange(10**12):012d}", laatste_contact_op=contact,
                   aandacht_vanaf=aandacht_datum(laatste_contact_op=contact, evaluatiedatum=None,
                                                 eerste_open_uiterlijk=None), **vast)
        rijen.append(rij)
    return [f.attname for f in velden], rijen


def _caseload(km, n, rng, achternamen=("Jansen", "de Vries", "Bakker")):
    velden, rijen = _rijen(n, rng, achternamen, klantmanager_id=km.pk)
    rijen_invoegen(Kandidaat, velden, [tuple(r[v] for v in velden) for r in rijen])


@pytest.mark.parametrize("sorteer", ["", "contact", "evaluatie"])
def test_keyset_pages_forward_and_back_give_every_kandidaat_once_in_order(wereld, sorteer):
    """Many equal names (ties on every sort key but the id): no row is skipped or shown twice."""
    km = wereld.klantmanager
    _caseload(km, 57, random.Random(1))
    filters = {"sorteer": sorteer} if sorteer else {}
    qs, _ = selectors.caseload_gefilterd(km, filters)
    alles = list(qs.values_list("pk", flat=True))
    assert len(alles) == 58  # and Willem
    rf = RequestFactory()
    gezien, bladen, verzoek = [], [], rf.get("/")
    while True:
        blad = blader(verzoek, qs, selectors.caseload_volgorde(filters), per_pagina=10)
        bladen.append(blad)
        gezien += [k.pk for k in blad.object_list]
        if not blad.volgende:
            break
        verzoek = rf.get("/", {"na": blad.volgende})
    assert gezien == alles and len(bladen) == 6 and bladen[0].is_eerste and not bladen[1].is_eerste
    # back from the last page with "vorige"
    terug, blad = [], bladen[-1]
    while blad.vorige:
        blad = blader(rf.get("/", {"voor": blad.vorige}), qs, selectors.caseload_volgorde(filters), per_pagina=10)
        terug = [k.pk for k in blad.object_list] + terug
    assert blad.is_eerste and terug + [k.pk for k in bladen[-1].object_list] == alles


@pytest.mark.parametrize("cursor", ["", "x", "!!!", base64.urlsafe_b64encode(b'[["w",1]]').decode(),
                                    base64.urlsafe_b64encode(b'{"a":1}').decode(),
                                    base64.urlsafe_b64encode(b'[["d","2026-13-45"],["w","a"],["w",3]]').decode(),
                                    base64.urlsafe_b64encode(b'[["w",true],["w","a"],["w",3]]').decode(), "a" * 5000])
def test_a_broken_cursor_gives_the_first_page_not_an_error(client, wereld, cursor):
    client.force_login(wereld.klantmanager)
    for sleutel in ("na", "voor"):
        response = client.get(reverse("klantmanager_home"), {sleutel: cursor})
        assert response.status_code == 200 and response.context["blad"].is_eerste


def test_the_caseload_page_walks_with_links_and_a_deep_page_costs_what_the_first_does(client, wereld):
    from django.test.utils import CaptureQueriesContext

    km = wereld.klantmanager
    _caseload(km, 60, random.Random(2))
    client.force_login(km)
    url = reverse("klantmanager_home")
    with CaptureQueriesContext(connection) as eerste:
        response = client.get(url)
    html = response.content.decode()
    assert "61 kandidaten" in html and 'rel="next"' in html and 'rel="prev"' not in html
    blad = response.context["blad"]
    namen = set()
    pagina_s = 0
    while True:
        namen |= {k.pk for k in blad.object_list}
        pagina_s += 1
        if not blad.volgende:
            break
        with CaptureQueriesContext(connection) as diep:
            response = client.get(url, {"na": blad.volgende})
        assert len(diep.captured_queries) == len(eerste.captured_queries)
        assert 'rel="prev"' in response.content.decode()
        blad = response.context["blad"]
    assert pagina_s == 3 and len(namen) == 61


# --- query plans at volume --------------------------------------------------------------------------------

@contextmanager
def _uitgevoerd():
    """(sql, params) of every query sent inside the block, as the driver got them."""
    gezien = []

    def vastleggen(execute, sql, params, many, context):
        gezien.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(vastleggen):
        yield gezien


def _plan_sql(sql, params):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("EXPLAIN " + sql, params)
            return "\n".join(r[0] for r in cursor.fetchall())
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return "\n".join(str(r[-1]) for r in cursor.fetchall())


def _scant_de_kandidaten(plan):
    if connection.vendor == "postgresql":
        return "Seq Scan on werkzoekenden_kandidaat" in plan
    # SQLite: "SCAN werkzoekenden_kandidaat" without an index is a full table scan
    return any(r.strip().startswith("SCAN werkzoekenden_kandidaat") and "INDEX" not in r for r in plan.splitlines())


def _sorteert(plan):
    if connection.vendor == "postgresql":
        return any(r.strip().lstrip("->").strip().startswith("Sort ") for r in plan.splitlines())
    return "TEMP B-TREE FOR ORDER BY" in plan


def _vulling(aantal, klantmanagers, rng):
    """``aantal`` kandidaten of other caseloads, written with COPY (PostgreSQL) as the national data would be."""
    velden, rijen = _rijen(aantal, rng, [f"Naam{j}" for j in range(60)])
    for i, rij in enumerate(rijen):
        rij["klantmanager_id"] = klantmanagers[i % len(klantmanagers)].pk
    rijen_invoegen(Kandidaat, velden, [tuple(r[v] for v in velden) for r in rijen])


def _land(wereld):
    """A team: one klantmanager covering for 30 colleagues (31 x 150 = 4,650 kandidaten), 10 more colleagues
    with 150 each, and 60,000 kandidaten of other caseloads: the team is some 7% of the table, as a large team
    is of a country's. Then the statistics the planner would have."""
    rng = random.Random(7)
    org = wereld.klantmanager.organisatie
    waarnemer = KlantmanagerFactory(organisatie=org, regio=wereld.klantmanager.regio)
    collegas = [KlantmanagerFactory(organisatie=org, regio=wereld.klantmanager.regio) for _ in range(40)]
    for i, km in enumerate(collegas):
        _caseload(km, 150, rng, achternamen=[f"Naam{j}" for j in range(60)])
        if i < 30:
            km.waarnemer = waarnemer
            km.save(update_fields=["waarnemer"])
    _caseload(waarnemer, 150, rng, achternamen=[f"Naam{j}" for j in range(60)])
    _vulling(60_000, [KlantmanagerFactory(organisatie=org, regio=wereld.klantmanager.regio) for _ in range(4)], rng)
    with connection.cursor() as cursor:
        for tabel in ("werkzoekenden_kandidaat", "accounts_user"):  # one per statement: SQLite takes no list
            cursor.execute(f"ANALYZE {tabel}")
    return waarnemer, collegas[-1]


@pytest.fixture(scope="module")
def _land_van_de_module(django_db_setup, django_db_blocker):
    with een_keer_per_module(django_db_blocker):
        with django_db_blocker.unblock():
            land = _land(Wereld())
        yield land


@pytest.fixture
def land_eenmaal(db, _land_van_de_module):
    """The land (66,000 kandidaten) built once for the module's three query-plan tests, which only read it."""
    return copy.deepcopy(_land_van_de_module)


@pytest.mark.parametrize("sorteer", ["", "contact", "evaluatie"])
def test_no_caseload_query_scans_the_kandidaten_or_sorts_the_whole_caseload(land_eenmaal, sorteer):
    waarnemer, gewone = land_eenmaal
    filters = {"sorteer": sorteer} if sorteer else {}
    volgorde = selectors.caseload_volgorde(filters)
    for km, omvang in ((waarnemer, 31 * 150), (gewone, 150)):
        qs, _aandacht = selectors.caseload_gefilterd(km, filters)
        assert qs.count() == omvang
        # What the page sends (``caseload_blad``: SQL compiled once per process, its lists padded), the first page and
        # the next, each with its counts.
        rf = RequestFactory()
        blad, _aandacht, aantal = selectors.caseload_blad(rf.get("/"), km, filters)
        with _uitgevoerd() as uitgevoerd:
            blad, _aandacht, aantal = selectors.caseload_blad(rf.get("/"), km, filters)
            verder = selectors.caseload_blad(rf.get("/", {"na": blad.volgende}), km, filters)[0]
        assert aantal == omvang
        assert verder.object_list and verder.object_list[0].pk not in {k.pk for k in blad.object_list}
        assert [k.pk for k in blad.object_list + verder.object_list] == [k.pk for k in qs.order_by(*volgorde)[:50]]
        plannen = {f"{i}: {sql[:80]}": _plan_sql(sql, params) for i, (sql, params) in enumerate(uitgevoerd)
                   if "werkzoekenden_kandidaat" in sql}
        assert len(plannen) >= 4  # two pages, the count, the attention
        for naam, plan in plannen.items():
            assert not _scant_de_kandidaten(plan), f"{km} {naam}:\n{plan}"
        # A team's page reads an index in the sort order and stops after 26; a small caseload may sort its 150.
        # SQLite (the embedded default) cannot match the expression indexes of the other sorts to a query whose
        # date is a bound parameter, so there only the name order is held to this.
        if km is waarnemer and (connection.vendor == "postgresql" or not sorteer):
            paginas = [_plan_sql(sql, params) for sql, params in uitgevoerd if "LIMIT" in sql and "COUNT" not in sql]
            assert len(paginas) == 2 and not any(_sorteert(plan) for plan in paginas), paginas


def test_the_closed_dossiers_of_a_team_caseload_are_read_by_index(land_eenmaal):
    """The closed list of the team covering 30 colleagues (4,650 kandidaten among 66,000): no query scans the
    kandidaten, and its page walks the caseload's name index (which carries ``afgesloten_op``) without a sort."""
    waarnemer, _gewone = land_eenmaal
    team = selectors.klantmanagers_van_caseload(waarnemer)
    dicht = list(Kandidaat.objects.filter(klantmanager_id__in=team).order_by("pk").values_list("pk", flat=True)[::60])
    Kandidaat.objects.filter(pk__in=dicht).update(afgesloten_op=timezone.now(), afsluitreden="werk")
    filters = {"status": "afgesloten"}
    rf = RequestFactory()
    selectors.caseload_blad(rf.get("/"), waarnemer, filters)
    with _uitgevoerd() as uitgevoerd:
        blad, _aandacht, aantal = selectors.caseload_blad(rf.get("/"), waarnemer, filters)
        verder = selectors.caseload_blad(rf.get("/", {"na": blad.volgende}), waarnemer, filters)[0]
    assert aantal == len(dicht)
    gezien = [k.pk for k in blad.object_list + verder.object_list]
    assert set(gezien) <= set(dicht) and len(gezien) == 50
    for sql, params in uitgevoerd:
        if "werkzoekenden_kandidaat" in sql:
            plan = _plan_sql(sql, params)
            assert not _scant_de_kandidaten(plan), f"{sql[:80]}:\n{plan}"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="index-only scans are PostgreSQL's")
def test_the_open_dossiers_of_a_team_are_counted_from_an_index_alone(land_eenmaal):
    """The caseload counts its open dossiers on every visit. With ``afgesloten_op IS NULL`` added, PostgreSQL read every
    row of the team from the table to test it: for Jeske's team (63,017 of 125,039, bench/caseload.py) 25 ms against
    6 ms from the foreign key's index alone before. The index ``kandidaat_caseload_status`` (migration 0031) answers
    it alone again. A guard, not the proof: on this smaller land PostgreSQL found an index-only plan without
    that index too (through the name index, which carries ``afgesloten_op``); the figures are in docs/benchmarks.md,
    zesenzestigste sessie."""
    waarnemer, _gewone = land_eenmaal
    team = selectors.klantmanagers_van_caseload(waarnemer)
    sql, params = selectors._caseload_van(team).order_by().values("pk").query.sql_with_params()
    # The plan PostgreSQL chooses (not only one it could): the table all-visible, as autovacuum leaves it at volume.
    with transaction.atomic(), connection.cursor() as cursor:
        alles_zichtbaar(cursor, "werkzoekenden_kandidaat")
        cursor.execute(f"EXPLAIN (FORMAT JSON) SELECT COUNT(*) FROM ({sql}) AS x", params)
        plan = cursor.fetchone()[0][0]["Plan"]
        transaction.set_rollback(True)
    gelezen = scans(plan, "werkzoekenden_kandidaat")
    assert gelezen and all(k["Node Type"] == "Index Only Scan" for k in gelezen), \
        f"het aantal open dossiers leest de tabel: {[(k['Node Type'], k.get('Index Name')) for k in gelezen]}"


def test_a_name_search_in_a_team_caseload_reads_the_caseload_not_the_country(land_eenmaal):
    """Before: a search sorted by ``sorteernaam`` itself, and PostgreSQL walked the name index of the whole table
    until it had a page of the team's matches: for the team covering 500 colleagues (62,000 of a million) and "jan"
    400,000 rows and 700 ms, since the Jansens sit in the middle of the alphabet. Here the team's Zwijsens come after
    66,000 others in name order. Now a search reads the team's own rows or the trigram index on the names, and sorts
    the few that match; pages forward still give each one once, in name order."""
    waarnemer, _gewone = land_eenmaal
    team = Kandidaat.objects.filter(klantmanager=waarnemer).order_by("pk").values("pk")[:30]
    Kandidaat.objects.filter(pk__in=team).update(achternaam="Zwijsen", sorteernaam=sorteernaam("Zwijsen"))
    zwijsens = list(Kandidaat.objects.filter(achternaam="Zwijsen").order_by("voornaam", "pk").values_list(
        "pk", flat=True))
    # Two letters match a large share of all names and no trigram index looks them up: those walk the name order.
    assert selectors.caseload_volgorde({"q": "zw"}) == ["sorteernaam", "voornaam", "pk"]
    for term in ("zwijs", "zw"):
        filters = {"q": term}
        qs, _aandacht = selectors.caseload_gefilterd(waarnemer, filters)
        volgorde = selectors.caseload_volgorde(filters)
        gezien, verzoek = [], RequestFactory().get("/")
        with CaptureQueriesContext(connection) as queries:
            while True:
                blad = blader(verzoek, qs, volgorde, per_pagina=10)
                gezien += [k.pk for k in blad.object_list]
                if not blad.volgende:
                    break
                verzoek = RequestFactory().get("/", {"na": blad.volgende})
        assert gezien == zwijsens and len(gezien) == 30, term
        terug = []  # and back from the last page, with the cursors of the search's own sort key
        while blad.vorige:
            blad = blader(RequestFactory().get("/", {"voor": blad.vorige}), qs, volgorde, per_pagina=10)
            terug = [k.pk for k in blad.object_list] + terug
        assert terug == zwijsens[:20], term
        if connection.vendor == "postgresql" and term == "zwijs":
            leest_hoogstens(queries, "werkzoekenden_kandidaat", 31 * 150, sorteren=True)


def _en_verder(client, response, url, params):
    """The kandidaten on the page of ``response`` and on every page after it (``?na=``), in the order shown."""
    gezien = [k.pk for k in response.context["blad"].object_list]
    volgende = response.context["blad"].volgende
    while volgende:
        response = client.get(url, {**params, "na": volgende})
        gezien += [k.pk for k in response.context["blad"].object_list]
        volgende = response.context["blad"].volgende
    return gezien


def test_a_common_word_in_a_team_caseload_is_counted_and_paged_from_the_index_of_names(client, land_eenmaal):
    """A word that one kandidaat in six has in their name ("naam1": Naam1 and Naam10-19), searched in the team's
    caseload of 4,650. Before: the count and the page each read every row of the caseload from the table and
    upper-cased both names of each (for the team covering 500 colleagues and "jan": 62,000 rows, 36 and 73 ms, the
    page 105-126 ms). Now the index of the caseload's names holds ``zoektekst`` too (migration 0020): the count and
    the choice of the page's 25 read that index alone, and only the page's rows are read in full."""
    waarnemer, _gewone = land_eenmaal
    filters = {"q": "naam1"}
    qs, _aandacht = selectors.caseload_gefilterd(waarnemer, filters)
    volgorde = selectors.caseload_volgorde(filters)
    team = selectors.klantmanagers_van_caseload(waarnemer)
    verwacht = list(Kandidaat.objects.filter(klantmanager_id__in=team, achternaam__icontains="naam1").order_by(
        "sorteernaam", "voornaam", "pk").values_list("pk", flat=True))
    assert 31 * 150 / 8 < len(verwacht) < 31 * 150 / 4

    client.force_login(waarnemer)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("klantmanager_home"), {"q": "naam1"})
    pagina = [q for q in queries.captured_queries if "acties_te_laat" in q["sql"]]  # before the next request resets
    assert response.status_code == 200 and response.context["aantal"] == len(verwacht)
    assert _en_verder(client, response, reverse("klantmanager_home"), {"q": "naam1"}) == verwacht

    if connection.vendor == "postgresql":
        for naam, deel in (("het aantal", qs.order_by().values("pk")),
                           ("de keuze van de pagina", qs.order_by(*volgorde).values("pk")[:26])):
            alleen, plan = alleen_uit_een_index(deel, "werkzoekenden_kandidaat")
            assert alleen, f"{naam} leest de tabel, niet alleen een index:\n{plan}"
        # The page's own query: its rows read in full are the page's (and one more), not the ~850 matches.
        assert len(pagina) == 1, pagina
        leest_hoogstens(SimpleNamespace(captured_queries=pagina), "werkzoekenden_kandidaat", 26, sorteren=True,
                        opzoeken=True, behalve_index_only=True)


def test_the_invitation_page_searches_the_team_caseload_without_an_account_from_the_index_of_names(client,
                                                                                                 land_eenmaal):
    """The invitation page lists the caseload without an account and with an open dossier, searched by name. For the
    team covering 500 colleagues and "jan" it read every row of the caseload from the table to test those two
    columns (58,322 of 62,506 rows dropped, 92 ms). Now the caseload's name index carries them (migration 0021): the
    page's keys come from that index alone, and only the page's rows are read in full."""
    waarnemer, _gewone = land_eenmaal
    team = selectors.klantmanagers_van_caseload(waarnemer)
    verwacht = list(Kandidaat.objects.filter(
        klantmanager_id__in=team, account__isnull=True, afgesloten_op__isnull=True, achternaam__icontains="naam1",
    ).order_by("sorteernaam", "voornaam", "pk").values_list("pk", flat=True))
    assert len(verwacht) > 26

    client.force_login(waarnemer)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("uitnodigen"), {"q": "naam1"})
    pagina = [q for q in queries.captured_queries if '"werkzoekenden_kandidaat"."account_id" IS NULL' in q["sql"]]
    assert response.status_code == 200
    assert _en_verder(client, response, reverse("uitnodigen"), {"q": "naam1"}) == verwacht

    if connection.vendor == "postgresql":
        assert len(pagina) == 1, pagina
        leest_hoogstens(SimpleNamespace(captured_queries=pagina), "werkzoekenden_kandidaat", 26, sorteren=True,
                        opzoeken=True, behalve_index_only=True)
