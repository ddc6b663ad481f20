import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Gemeente
from bemiddeling.models import Shortlist
from beroepen.tests.factories import BeroepFactory
from conftest import ontbreekt
from matching.index import Filters
from matching.selectors import voorgestelde_profielen
from tests.plannen import _knopen, alles_zichtbaar, gelezen_rijen, generiek_plan, scans
from werkgevers.tests.factories import VacatureFactory, WerkgeverFactory
from werkzoekenden.models import Kandidaat, Toestemming
from werkzoekenden.services import toestemming_verlenen, toestemming_vragen
from werkzoekenden.tests.factories import KandidaatFactory, ToestemmingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def opzet(wereld):
    beroep = BeroepFactory(naam="monteur", met_vaardigheden=["VCA", "solderen"])
    vacature = VacatureFactory(werkgever=wereld.werkgever, beroep=beroep, postcode="6811 AB", uren_per_week=36)
    vacature.vereiste_vaardigheden.set(beroep.vaardigheden.all())
    met = KandidaatFactory(voornaam="Mila", achternaam="Met", postcode="6812 AA", gewenste_uren=36)
    met.vaardigheden.set(beroep.vaardigheden.all())
    met.gewenste_beroepen.add(beroep)
    zonder = KandidaatFactory(voornaam="Zara", achternaam="Zonder", postcode="6812 AA", gewenste_uren=16)
    for k in (met, zonder):
        toestemming_verlenen(kandidaat=k, doel="vindbaar", door=wereld.klantmanager)
    toestemming_verlenen(kandidaat=met, doel="werkgever", werkgever=wereld.werkgever, door=wereld.klantmanager)
    return vacature, met, zonder


def test_ranked_explained_and_anonymous_without_consent(client, wereld, opzet):
    vacature, met, zonder = opzet
    client.force_login(wereld.accountmanager)
    html = client.get(reverse("vacature_matches", args=[vacature.pk])).content.decode()
    assert html.index("Mila Met") < html.index(f"Kandidaat {zonder.pseudoniem} (anoniem)")
    assert "Zara" not in html and "2 van 2 vereiste vaardigheden" in html and "Zoekt werk als monteur" in html
    assert f"?kandidaat={met.pk}" in html and f"?kandidaat={zonder.pk}" not in html
    html = client.get(reverse("vacature_matches", args=[vacature.pk]), {"min_uren": "30"}).content.decode()
    assert "Mila Met" in html and f"Kandidaat {zonder.pseudoniem}" not in html


def test_the_link_to_ask_consent_names_the_kandidaat_by_pseudonym_not_by_database_id(client, wereld, opzet):
    """A screen reader read "Toestemming vragen 96": the hidden part of the link's name was the row's id, where the
    card's heading and its shortlist button say "K-...". A page never names a person by a database id."""
    vacature, _met, zonder = opzet
    client.force_login(wereld.accountmanager)

    html = client.get(reverse("vacature_matches", args=[vacature.pk])).content.decode()

    vragen = reverse("toestemming_vragen", args=[vacature.pk, zonder.pk])
    [link] = re.findall(rf'<a [^>]*href="{vragen}"[^>]*>(.*?)</a>', html, re.S)
    assert " ".join(re.sub(r"<[^>]+>", " ", link).split()) == f"Toestemming vragen {zonder.pseudoniem}"


def test_the_part_that_is_always_shared_says_so_in_words(client, wereld, opzet):
    """"Naam en profiel (werkervaring, vaardigheden, opleiding); altijd": a semicolon and a lone word."""
    vacature, _met, zonder = opzet
    client.force_login(wereld.accountmanager)

    html = client.get(reverse("toestemming_vragen", args=[vacature.pk, zonder.pk])).content.decode()

    assert "Naam en profiel (werkervaring, vaardigheden, opleiding): gaan altijd mee" in html
    assert "; altijd" not in html


def test_shortlist_add_and_remove(client, wereld, opzet):
    vacature, _met, zonder = opzet
    client.force_login(wereld.accountmanager)
    url = reverse("vacature_matches", args=[vacature.pk])
    client.post(url, {"kandidaat": zonder.pseudoniem})
    assert Shortlist.objects.filter(vacature=vacature, kandidaat=zonder).exists()
    client.post(url, {"kandidaat": zonder.pseudoniem, "actie": "weg"})
    assert not Shortlist.objects.exists()
    client.post(url, {"kandidaat": wereld.kandidaat.pseudoniem})  # not findable: nothing happens
    assert not Shortlist.objects.exists()


def test_the_region_of_the_heading_comes_with_the_vacature(client, wereld, opzet):
    """The page names the region ("De beste 25 van ... in Midden-Gelderland"): read with the vacature, not with a
    query of its own on every request (the view put ``vacature.regio`` in the context)."""
    vacature, _met, _zonder = opzet
    client.force_login(wereld.accountmanager)
    url = reverse("vacature_matches", args=[vacature.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).context["regio"] == vacature.regio
    assert not [q for q in queries.captured_queries if 'FROM "accounts_arbeidsmarktregio"' in q["sql"]]


def test_query_count_does_not_grow(client, wereld, opzet):
    vacature, _met, zonder = opzet
    client.force_login(wereld.accountmanager)
    url = reverse("vacature_matches", args=[vacature.pk])
    # Steady state, after this process's index caught up: session and user, vacature (+ werkgever for the
    # permission), weights, vacature profile (2 skill lists), kandidaten for this werkgever only (3), index
    # catching up (1), proposals read again (3), skill and occupation names (2), shortlist, consent, still
    # findable, kandidaten, verwerkingenlog (the region for the heading comes with the vacature).
    client.post(url, {"kandidaat": zonder.pseudoniem})
    client.get(url)
    with CaptureQueriesContext(connection) as klein:
        client.get(url)
    for k in KandidaatFactory.create_batch(30, postcode="6812 AA"):
        toestemming_verlenen(kandidaat=k, doel="vindbaar", door=wereld.klantmanager)
        client.post(url, {"kandidaat": k.pseudoniem})
    client.get(url)
    with CaptureQueriesContext(connection) as groot:
        response = client.get(url)
    html = response.content.decode()
    assert "Shortlist (31)" in html and html.count("Van de shortlist") + html.count("Op de shortlist") == 25
    assert len(groot.captured_queries) == len(klein.captured_queries)


def test_naming_more_kandidaten_who_share_with_the_werkgever_costs_no_query_each(client, wereld, opzet):
    """The page reads only the columns it shows of each kandidaat; a name, a place, the werkfit label and the check
    that the verwerkingenlog leaves out a person's own data must all come from that read, not from a query per
    kandidaat (a column left out of the read is fetched per instance)."""
    vacature, _met, _zonder = opzet
    client.force_login(wereld.accountmanager)
    url = reverse("vacature_matches", args=[vacature.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as een:
        html = client.get(url).content.decode()
    assert html.count('<li class="wsp-kaart">') == 2 and "Mila Met" in html
    for i in range(6):
        k = KandidaatFactory(voornaam=f"Deelt{i}", achternaam="Mee", postcode="6812 AA")
        toestemming_verlenen(kandidaat=k, doel="vindbaar", door=wereld.klantmanager)
        toestemming_verlenen(kandidaat=k, doel="werkgever", werkgever=wereld.werkgever, door=wereld.klantmanager)
    client.get(url)
    with CaptureQueriesContext(connection) as zeven:
        html = client.get(url).content.decode()
    assert html.count('<li class="wsp-kaart">') == 8 and all(f"Deelt{i} Mee" in html for i in range(6))
    assert len(zeven.captured_queries) == len(een.captured_queries), [
        q["sql"] for q in zeven.captured_queries][len(een.captured_queries):]


def test_consent_and_open_questions_come_with_the_kandidaten_in_one_query(client, wereld, opzet):
    """Whether a kandidaat shares with this werkgever (named on the page) and whether a question to do so is open
    ("wacht op antwoord") were two queries of their own on every visit of the page; now they are two EXISTS in the
    row of each kandidaat. A consent of another werkgever names nobody."""
    vacature, _met, zonder = opzet
    toestemming_vragen(kandidaat=zonder, vacature=vacature, door=wereld.accountmanager,
                       delen=["profiel", "cv"])
    derde = KandidaatFactory(voornaam="Dirk", achternaam="Derde", postcode="6812 AA")
    toestemming_verlenen(kandidaat=derde, doel="vindbaar", door=wereld.klantmanager)
    toestemming_verlenen(kandidaat=derde, doel="werkgever", werkgever=WerkgeverFactory(), door=wereld.klantmanager)
    client.force_login(wereld.accountmanager)
    url = reverse("vacature_matches", args=[vacature.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url).content.decode()
    assert "Mila Met" in html and "Dirk" not in html and f"Kandidaat {derde.pseudoniem} (anoniem)" in html
    (kaart,) = [k for k in html.split('<li class="wsp-kaart">') if f"Kandidaat {zonder.pseudoniem} (anoniem)" in k]
    assert "Toestemming gevraagd: wacht op antwoord" in kaart
    assert html.count("Toestemming gevraagd: wacht op antwoord") == 1
    sqls = [q["sql"] for q in queries.captured_queries]
    assert not [s for s in sqls if s.startswith('SELECT "werkzoekenden_toestemmingverzoek"')], sqls
    assert not [s for s in sqls if s.startswith('SELECT "werkzoekenden_toestemming"')], sqls


def test_a_kandidaat_who_misses_a_hard_requirement_is_bijna_never_a_percentage_fit(client, wereld):
    """Issue: the top "Past voor 24%" had 0 of 3 required skills and no rijbewijs B, with no warning."""
    beroep = BeroepFactory(naam="bezorger", met_vaardigheden=["route plannen", "pakketten sorteren", "klantcontact"])
    vacature = VacatureFactory(werkgever=wereld.werkgever, beroep=beroep, postcode="6811 AB", uren_per_week=38,
                               rijbewijs="B")
    vacature.vereiste_vaardigheden.set(beroep.vaardigheden.all())
    dichtbij = KandidaatFactory(voornaam="Dirk", achternaam="Dichtbij", postcode="6812 AA", gewenste_uren=38,
                                rijbewijs="")
    toestemming_verlenen(kandidaat=dichtbij, doel="vindbaar", door=wereld.klantmanager)
    client.force_login(wereld.accountmanager)
    html = client.get(reverse("vacature_matches", args=[vacature.pk])).content.decode()
    assert "Niemand past" in html
    assert "Past voor" not in html
    assert "Mist:" in html and "rijbewijs B" in html and "vereiste vaardigheden: klantcontact" in html

    # One who has it all ranks first and fits, even with a lower score than the one nearby.
    verder = KandidaatFactory(voornaam="Vera", achternaam="Verder", postcode="6541 AA", gewenste_uren=20,
                              rijbewijs="B")
    verder.vaardigheden.set(beroep.vaardigheden.all())
    toestemming_verlenen(kandidaat=verder, doel="vindbaar", door=wereld.klantmanager)
    html = client.get(reverse("vacature_matches", args=[vacature.pk])).content.decode()
    assert "Niemand past" not in html and "Past (1)" in html and "Bijna (1)" in html
    assert html.index(f"Kandidaat {verder.pseudoniem}") < html.index("Past voor") < html.index("Bijna (1)") \
        < html.index(f"Kandidaat {dichtbij.pseudoniem}")


def test_voordragen_leaves_the_toelichting_to_the_accountmanager(client, wereld, opzet):
    """Issue: "Voordragen" filled the toelichting with the score explanation; one click sent machine text."""
    vacature, met, _zonder = opzet
    client.force_login(wereld.accountmanager)
    response = client.get(reverse("voordracht_nieuw", args=[vacature.pk]), {"kandidaat": met.pk})
    html = response.content.decode()
    veld = re.search(r"<textarea[^>]*name=\"toelichting\"[^>]*>(.*?)</textarea>", html, re.DOTALL)
    assert veld and veld.group(1).strip() == ""
    assert "Past bij deze vacature" not in html
    # The explanation stands beside the field, for the accountmanager only.
    suggestie = html[html.index('id="suggestie"'):]
    assert "2 van 2 vereiste vaardigheden" in suggestie and "36 van 36 uur" in suggestie
    # Mila's dossier has skills but no work history: the werkgever would see an empty cv, so say so.
    assert 'id="cv-leeg"' in html
    met.werkervaring = "Monteur bij een installatiebedrijf (4 jaar)"
    met.save(update_fields=["werkervaring"])
    html = client.get(reverse("voordracht_nieuw", args=[vacature.pk]), {"kandidaat": met.pk}).content.decode()
    assert 'id="cv-leeg"' not in html


def _gedeeld_met_deze_werkgever(wereld):
    """A vacature, two kandidaten of its region and four elsewhere who shared their profile with its werkgever only."""
    vacature = VacatureFactory(werkgever=wereld.werkgever)
    hier = [KandidaatFactory(gemeente=Gemeente.objects.filter(regio=vacature.regio).first()) for _ in range(2)]
    daar = [KandidaatFactory(gemeente=Gemeente.objects.exclude(regio=vacature.regio).first()) for _ in range(4)]
    for kandidaat in hier + daar:
        ToestemmingFactory(kandidaat=kandidaat, werkgever=wereld.werkgever)
    return vacature, hier, daar


def _als_op_volume(cursor, hier, daar):
    """As at volume, in the caller's transaction (which rolls it back): many kandidaten in the vacature's region and
    many consents of other werkgevers (one each; their ids need no rows, the foreign key is checked at a commit that
    never comes), twice as many kandidaten elsewhere, with their statistics; every page all-visible (autovacuum); no
    reading a whole table or a bitmap of it, joins by lookup. With a dozen rows PostgreSQL would as soon start from
    the region's few kandidaten; with nearly all of them in the region, a lookup by primary key filtered on the
    region costs it the same as one by (region, id), and which it took depended on what earlier tests had left in
    the table (a full run on PostgreSQL once took the primary key)."""
    # Deferred here: a module's transaction (conftest.een_keer_per_module) checks foreign keys as each statement ends.
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    kolommen = ", ".join(f'"{f.column}"' for f in Kandidaat._meta.concrete_fields
                         if f.column not in ("id", "pseudoniem", "email") and not f.generated)
    toestemming_kolommen = ", ".join(f'"{f.column}"' for f in Toestemming._meta.concrete_fields
                                     if f.column not in ("id", "kandidaat_id", "werkgever_id"))
    cursor.execute(f"""INSERT INTO werkzoekenden_kandidaat ({kolommen}, "pseudoniem", "email")
                       SELECT {kolommen}, 'VOLUME' || g, 'volume' || g || '@voorbeeld.nl'
                       FROM werkzoekenden_kandidaat, generate_series(1, 3000) g WHERE id = %s""", [hier[0].pk])
    cursor.execute(f"""INSERT INTO werkzoekenden_kandidaat ({kolommen}, "pseudoniem", "email")
                       SELECT {kolommen}, 'ELDERS' || g, 'elders' || g || '@voorbeeld.nl'
                       FROM werkzoekenden_kandidaat, generate_series(1, 6000) g WHERE id = %s""", [daar[0].pk])
    cursor.execute(f"""INSERT INTO werkzoekenden_toestemming ({toestemming_kolommen}, "kandidaat_id", "werkgever_id")
                       SELECT {", ".join(f"t.{k}" for k in toestemming_kolommen.split(", "))}, k.id, 1000000 + k.id
                       FROM werkzoekenden_kandidaat k, werkzoekenden_toestemming t
                       WHERE k.pseudoniem LIKE 'VOLUME%%' AND t.id = %s""", [hier[0].toestemmingen.get().pk])
    for tabel in ("werkzoekenden_toestemming", "werkzoekenden_kandidaat"):
        cursor.execute(f"ANALYZE {tabel}")
        alles_zichtbaar(cursor, tabel)
    for instelling in ("seqscan", "bitmapscan", "hashjoin", "mergejoin"):
        cursor.execute(f"SET LOCAL enable_{instelling} = off")


def test_who_shared_with_this_werkgever_only_is_read_from_indexes_by_werkgever_and_region(wereld):
    """Every ranking of a vacature also reads who shared their profile with this werkgever only (not findable in
    general, so not in the matching index), in the same query as the proposals. In the national demo a werkgever has
    125 of those over the whole country, 13 in the vacature's region: a bitmap scan on ``werkgever_id`` read one
    consent row per kandidaat from the table, and each kandidaat was read by primary key to test the region. Against
    a cold cache a ranking read 103-104 blocks from disk (docs/benchmarks.md, drieënveertigste sessie). Now the
    consents come from an index alone and the kandidaten by (region, id): only those of the region are read."""
    if connection.vendor != "postgresql":
        ontbreekt("PostgreSQL nodig: queryplannen")
    vacature, hier, daar = _gedeeld_met_deze_werkgever(wereld)

    with CaptureQueriesContext(connection) as queries:
        profielen = voorgestelde_profielen(vacature, [], heel_nederland=False, filters=Filters(), met_extra=True)
    assert {p.id for p in profielen} == {k.pk for k in hier}
    (sql,) = [q["sql"] for q in queries.captured_queries if "werkzoekenden_toestemming" in q["sql"]]

    with transaction.atomic(), connection.cursor() as cursor:
        _als_op_volume(cursor, hier, daar)
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql.replace("%", "%%"))
        plan = cursor.fetchone()[0][0]["Plan"]
        transaction.set_rollback(True)
    # The consents: from an index alone, this werkgever's only.
    toestemming = scans(plan, "werkzoekenden_toestemming")
    assert toestemming and {s["Node Type"] for s in toestemming} == {"Index Only Scan"}, _knopen(plan)
    assert gelezen_rijen(plan, "werkzoekenden_toestemming") <= len(hier + daar), _knopen(plan)
    # Each of their kandidaten looked up by region and id: one outside the region is not read from the table (the
    # rows a filter drops are a per-loop average in EXPLAIN, rounded, so the condition itself is what is checked).
    opgezocht = [s for s in scans(plan, "werkzoekenden_kandidaat") if "kandidaat_id" in s.get("Index Cond", "")]
    assert opgezocht and all("regio_id" in s["Index Cond"] for s in opgezocht), _knopen(plan)


def test_the_plan_kept_for_the_consent_reads_of_a_ranking_uses_the_partial_indexes(client, wereld):
    """A connection prepares a read it repeats (klantreis/lib/postgresql), and PostgreSQL keeps one generic plan for
    it when that costs no more than planning it again with the values. The purpose of a consent (``doel``) was a
    parameter, and a generic plan cannot use an index whose condition names it (``toestemming_voor_werkgever``:
    ``doel = 'werkgever'``): its plan read the consents of the werkgever from the table, so PostgreSQL planned the
    proposals of every ranking again, 0.6-1.1 ms of the 2.2 ms that query took, and the kandidaten of "Wie past
    erbij?" the same (docs/benchmarks.md, achtenveertigste sessie). With the purpose written into the SQL the plan
    kept for any werkgever and region reads the consents from the partial indexes alone, as the plan with the values
    does; the answers are unchanged."""
    if connection.vendor != "postgresql":
        ontbreekt("PostgreSQL nodig: queryplannen van prepared statements")
    vacature, hier, daar = _gedeeld_met_deze_werkgever(wereld)
    gelezen = []

    def vastleggen(execute, sql, params, many, context):
        if "werkzoekenden_toestemming" in sql:
            gelezen.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(vastleggen):
        profielen = voorgestelde_profielen(vacature, [hier[1].pk], heel_nederland=False, filters=Filters(),
                                           met_extra=True, bekend={})
        assert {p.id for p in profielen} == {k.pk for k in hier}
        client.force_login(wereld.accountmanager)
        html = client.get(reverse("vacature_matches", args=[vacature.pk])).content.decode()
    assert hier[0].pseudoniem in html
    voorstellen = [g for g in gelezen if "UNION ALL" in g[0]]
    kandidaten_van_de_pagina = [g for g in gelezen if "werkzoekenden_toestemmingverzoek" in g[0]]
    assert voorstellen and kandidaten_van_de_pagina

    for sql, params in (voorstellen[0], kandidaten_van_de_pagina[0]):
        with transaction.atomic(), connection.cursor() as cursor:
            _als_op_volume(cursor, hier, daar)
            plan = generiek_plan(cursor, sql, params)
            transaction.set_rollback(True)
        toestemming = scans(plan, "werkzoekenden_toestemming")
        assert toestemming and {s.get("Index Name") for s in toestemming} <= {
            "actieve_toestemming", "toestemming_voor_werkgever"}, _knopen(plan)
        assert {s["Node Type"] for s in toestemming} == {"Index Only Scan"}, _knopen(plan)
