"""The admin lists of tables that grow with the country (klantreis/lib/beheerlijst.py): the verwerkingenlog and the
outbox. Django's own list read such a table whole twice per page (the years of the date drill-down with SELECT
DISTINCT, the number with COUNT); at five million lines that was 2.2-3.5 s (docs/benchmarks.md)."""

import datetime
import re
from datetime import timedelta

import pytest
from django.contrib import admin
from django.db import connection
from django.db.models import BooleanField, F, Min, Q
from django.db.models.expressions import RawSQL
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.admin import UserAdmin, VerwerkingAdmin
from accounts.models import Rol, User, Verwerking
from accounts.tests.factories import OrganisatieFactory
from conftest import ontbreekt
from klantreis.lib.beheerlijst import BegrensdePaginator, _binnen_de_teltijd
from klantreis.lib.zoeken import HeeftTweetal
from tests.logregels import vulregels
from tests.plannen import leest_hoogstens
from werkgevers.models import Vacature
from werkgevers.tests.factories import VacatureFactory, WerkgeverFactory

pytestmark = pytest.mark.django_db

GRENS = 50


def _moment(jaar, maand, dag, uur=10):
    return timezone.make_aware(datetime.datetime(jaar, maand, dag, uur))


def _log(momenten):
    Verwerking.objects.bulk_create(
        Verwerking(tijdstip=m, gebruiker_omschrijving=f"Klantmanager {i % 7}", rol="klantmanager",
                   organisatie="Gemeente Arnhem", actie=Verwerking.Actie.INZIEN, wat="dossier",
                   object_id=str(i), object_omschrijving=f"Kandidaat {i}", doel="uitvoering van de bemiddeling")
        for i, m in enumerate(momenten))


def _drie_jaar():
    """400 lines: a busy March 2024, some of July 2025, and 5-9 February 2026."""
    momenten = [_moment(2024, 3, 1 + i % 28, 8 + i % 9) for i in range(300)]
    momenten += [_moment(2025, 7, 10 + i % 3) for i in range(60)]
    momenten += [_moment(2026, 2, 5 + i % 5) for i in range(40)]
    _log(momenten)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE accounts_verwerking")  # the statistics the planner would have


def _keuzes(html):
    begin = html.index('<nav class="toplinks">')
    return html[begin:html.index("</nav>", begin)]


@override_settings(BEHEERLIJST_TELGRENS=GRENS)
def test_the_verwerkingenlog_list_offers_its_years_and_pages_without_reading_every_line(client, wereld):
    _drie_jaar()
    client.force_login(wereld.beheerder)
    url = reverse("admin:accounts_verwerking_changelist")
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url).content.decode()
    keuzes = _keuzes(html)
    assert all(f"tijdstip__year={jaar}" in keuzes for jaar in (2024, 2025, 2026))
    # More lines than the limit: PostgreSQL's estimate, said to be one; SQLite (the embedded demo) counts.
    aantal = Verwerking.objects.count()
    if connection.vendor == "postgresql":
        # Every query reads at most a page (and one more) of the log, whatever the log holds. Django's own list
        # read all 400+ lines twice: the years (SELECT DISTINCT) and the number (COUNT).
        leest_hoogstens(queries, "accounts_verwerking", max(VerwerkingAdmin.list_per_page, GRENS) + 1)
        assert "ongeveer" in html and "verfijn met een datum of filter" in html
        # "Select all" says it too, rather than a number as if counted.
        assert "verwerkingenlog selecteren (ongeveer" in html and not re.search(r"Alle [\d.]+ verwerkingenlog", html)
    else:
        assert f"{aantal} verwerkingenlog" in html

    # No counts per filter option, even when asked for: each read every line.
    assert "Aantallen tonen" not in html
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"_facets": "True"})
    assert response.context["cl"].add_facets is False
    if connection.vendor == "postgresql":
        leest_hoogstens(queries, "accounts_verwerking", max(VerwerkingAdmin.list_per_page, GRENS) + 1)

    # A search says how many it found the same way.
    zoeken = client.get(url, {"q": "Klantmanager"}).content.decode()
    begin = zoeken.index('id="changelist-search"')
    zoekbalk = zoeken[begin:zoeken.index("</form>", begin)]
    gevonden = Verwerking.objects.filter(gebruiker_omschrijving__contains="Klantmanager").count()
    if connection.vendor == "postgresql":  # PostgreSQL guesses what share of the log a LIKE finds
        assert "ongeveer" in zoekbalk or f"meer dan {max(GRENS, VerwerkingAdmin.list_per_page)} resultaten" in zoekbalk
    else:
        assert f"{gevonden} resultaten" in zoekbalk

    # A year opens at the months from its first to its last line, a month at its days.
    keuzes = _keuzes(client.get(url, {"tijdstip__year": 2025}).content.decode())
    assert "tijdstip__month=7" in keuzes and "tijdstip__month=6" not in keuzes and "tijdstip__month=8" not in keuzes
    keuzes = _keuzes(client.get(url, {"tijdstip__year": 2024, "tijdstip__month": 3}).content.decode())
    assert all(f"tijdstip__day={d}&" in keuzes for d in range(1, 29)) and "tijdstip__day=29&" not in keuzes
    dag = client.get(url, {"tijdstip__year": 2026, "tijdstip__month": 2, "tijdstip__day": 7})
    assert "7 februari" in _keuzes(dag.content.decode())
    assert dag.context["cl"].result_count == 8
    # A month without lines lists nothing; the pages still go on.
    leeg = client.get(url, {"tijdstip__year": 2025, "tijdstip__month": 1})
    assert leeg.status_code == 200 and "tijdstip__day=" not in _keuzes(leeg.content.decode())
    assert client.get(url, {"p": 2}).status_code == 200


def _gezocht(client, url, q):
    response = client.get(url, {"q": q})
    assert response.status_code == 200
    return {regel.object_id for regel in response.context["cl"].result_list}


def test_the_search_of_the_log_finds_every_word_in_any_of_its_fields(client, wereld):
    """As Django's search over search_fields: every word (or "quoted phrase") in one of the fields, any case; a
    % or _ is a character, not a wildcard."""
    velden = dict(tijdstip=timezone.now(), rol="klantmanager", actie=Verwerking.Actie.INZIEN, details="")
    Verwerking.objects.bulk_create([
        Verwerking(gebruiker_omschrijving="Jeske Gunterman", organisatie="Gemeente Arnhem", wat="dossier",
                   object_id="11", object_omschrijving="Willem van de Vecht", doel="begeleiding naar werk", **velden),
        Verwerking(gebruiker_omschrijving="Hans Klip", organisatie="WSP Midden-Gelderland", wat="cv (download)",
                   object_id="12", object_omschrijving="Anja Roest", doel="bemiddeling naar werk", **velden),
        Verwerking(gebruiker_omschrijving="Ria van Dam", organisatie="Bakkerij Van Dam", wat="voordracht",
                   object_id="13", object_omschrijving="Willem 100% Vecht_", doel="beoordelen", **velden),
    ])
    client.force_login(wereld.beheerder)
    url = reverse("admin:accounts_verwerking_changelist")
    assert _gezocht(client, url, "jeske") == {"11"}  # door
    assert _gezocht(client, url, "midden-gelderland") == {"12"}  # organisatie
    assert _gezocht(client, url, "ROEST") == {"12"}  # omschrijving
    assert _gezocht(client, url, "13") == {"13"}  # record
    assert _gezocht(client, url, "beoordelen") == {"13"}  # doel
    assert _gezocht(client, url, "download") == {"12"}  # wat
    assert _gezocht(client, url, "willem vecht") == {"11", "13"}  # every word, in any order
    assert _gezocht(client, url, "willem arnhem") == {"11"}  # words in different fields
    assert _gezocht(client, url, '"van de vecht"') == {"11"}  # a phrase
    assert _gezocht(client, url, "100%") == {"13"} and _gezocht(client, url, "t_") == {"13"}
    assert _gezocht(client, url, "willem hans") == set()


@override_settings(BEHEERLIJST_TELGRENS=GRENS)
def test_a_search_for_a_rare_name_reads_what_it_finds_not_the_whole_log(client, wereld):
    """The beheerder looks up one person in the log (docs/benchmarks.md: 15-22 s at 3 million lines, with six LIKEs
    and MIN/MAX walking the index on the date to the end for a name that is not there)."""
    # Enough of a log that PostgreSQL's planner weighs the index on the date against the trigram index as it would
    # at volume (with a few hundred lines it reads them all, whatever the indexes); COPY, so it takes no time.
    vulregels(_moment(2024, 3, 1) + timedelta(minutes=i) for i in range(5000))
    Verwerking.objects.create(tijdstip=_moment(2025, 7, 10), gebruiker_omschrijving="Jeske Gunterman",
                              organisatie="Gemeente Arnhem", actie=Verwerking.Actie.INZIEN, wat="dossier",
                              object_id="9", object_omschrijving="Willem van de Vecht", doel="begeleiding naar werk")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # What autovacuum does with a busy log: new lines move from the pending list into the trigram index.
            cursor.execute("SELECT gin_clean_pending_list('verwerking_zoektekst')")
            cursor.execute("ANALYZE accounts_verwerking")
    client.force_login(wereld.beheerder)
    url = reverse("admin:accounts_verwerking_changelist")
    for q in ("Gunterman", "Niemand", "Klantmanager"):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, {"q": q})
        assert response.status_code == 200
        if q == "Gunterman":
            assert response.context["cl"].result_count == 1
            # One line: the drill-down opens at its day.
            assert "tijdstip__day=10&amp;tijdstip__month=7&amp;tijdstip__year=2025" in _keuzes(
                response.content.decode())
        if connection.vendor == "postgresql":  # a trigram index on PostgreSQL; the embedded SQLite reads the lines
            # A page (+1) of what it finds; a word on every line may pass a few that lack it on the way.
            leest_hoogstens(queries, "accounts_verwerking", 2 * (max(VerwerkingAdmin.list_per_page, GRENS) + 1),
                            sorteren=True)


@override_settings(BEHEERLIJST_TELGRENS=GRENS)
def test_a_list_within_the_limit_is_counted_exactly_and_one_year_opens_at_its_months(client, wereld):
    client.force_login(wereld.beheerder)
    url = reverse("admin:accounts_verwerking_changelist")
    _log([_moment(2025, 7, 10 + i % 3) for i in range(20)])
    response = client.get(url, {"tijdstip__year": 2025})
    assert response.context["cl"].result_count == 20
    assert "ongeveer" not in response.content.decode()
    assert "20 verwerkingenlog" in response.content.decode()


def test_the_outbox_and_the_lists_per_account_are_big_lists_too(client, wereld):
    """The outbox grows with every mail and event; e-mail addresses, DigiD/eHerkenning links and second factors
    with the accounts (a million werkzoekenden)."""
    client.force_login(wereld.beheerder)
    for naam in ("admin:outbox_mail_changelist", "admin:outbox_gebeurtenis_changelist",
                 "admin:account_emailaddress_changelist", "admin:socialaccount_socialaccount_changelist",
                 "admin:mfa_authenticator_changelist"):
        response = client.get(reverse(naam))
        assert response.status_code == 200
        assert response.templates[0].name == "admin/grote_lijst.html"


@override_settings(BEHEERLIJST_TELGRENS=GRENS)
def test_the_list_of_users_reads_a_page_in_name_order_from_an_index(client, wereld):
    """Every werkzoekende with an account is a user: at national volume the beheerder's list sorted a million rows
    by name for each page (and counted them all)."""
    User.objects.bulk_create(User(email=f"persoon{i}@example.nl", voornaam=f"Voornaam{i % 13}",
                                  achternaam=f"Achternaam{i % 97:02d}", rol=Rol.WERKZOEKENDE) for i in range(300))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE accounts_user")  # the statistics the planner would have
    client.force_login(wereld.beheerder)
    url = reverse("admin:accounts_user_changelist")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    namen = [(u.achternaam, u.voornaam, u.email) for u in response.context["cl"].result_list]
    assert namen == sorted(namen) and len(namen) == UserAdmin.list_per_page
    if connection.vendor == "postgresql":
        leest_hoogstens(queries, "accounts_user", max(UserAdmin.list_per_page, GRENS) + 1)
        assert "ongeveer" in response.content.decode()
    else:
        assert f"{User.objects.count()} gebruikers" in response.content.decode()


def test_the_search_of_the_users_finds_every_word_in_an_address_a_name_or_the_organisation(client, wereld):
    """As Django's search over search_fields (every word, or a "quoted phrase", in one of them), and read from the
    trigram index on the user's columns and the index on their organisation on PostgreSQL. Before, with 700,000
    users, the list walked all of them in name order for any word: 0.5-1 s ("jan": 1,056 ms, now 68 ms)."""
    bakkerij = OrganisatieFactory(naam="Bakkerij Zwqxenburg", soort="werkgever")
    # Enough users that PostgreSQL's planner weighs the name order against the trigram index as it would at volume.
    User.objects.bulk_create((User(email=f"persoon{i}@example.nl", voornaam=f"Voornaam{i % 13}",
                                   achternaam=f"Achternaam{i % 97:02d}", rol=Rol.WERKZOEKENDE) for i in range(5000)),
                             batch_size=1000)
    gevonden = [
        User.objects.create(email="a.zwqxsen@example.nl", voornaam="Anna", achternaam="Zwqxsen", rol=Rol.WERKZOEKENDE),
        User.objects.create(email="bas@zwqxsen.example.nl", voornaam="Bas", achternaam="Aaldering",
                            rol=Rol.WERKGEVER),
        User.objects.create(email="cas@example.nl", voornaam="Zwqxsen", achternaam="de Wit", rol=Rol.WERKZOEKENDE),
        User.objects.create(email="dirk@bakkerij.example.nl", voornaam="Dirk", achternaam="Bakker", rol=Rol.WERKGEVER,
                            organisatie=bakkerij),
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # What autovacuum does: new users move from the pending list into the trigram index.
            cursor.execute("SELECT gin_clean_pending_list('gebruiker_naam_trgm')")
        cursor.execute("ANALYZE accounts_user")
    client.force_login(wereld.beheerder)
    url = reverse("admin:accounts_user_changelist")

    def gezocht(q):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, {"q": q})
        assert response.status_code == 200
        return [u.pk for u in response.context["cl"].result_list], queries

    # In name order (achternaam, voornaam, e-mail), as the list without a search.
    assert gezocht("ZWQX")[0] == list(User.objects.filter(pk__in=[u.pk for u in gevonden]).order_by(
        "achternaam", "voornaam", "email").values_list("pk", flat=True))
    assert gezocht("zwqx anna")[0] == [gevonden[0].pk]  # every word, in different columns
    assert gezocht("zwqxenburg dirk")[0] == [gevonden[3].pk]  # the organisation's name
    fraze = set(gezocht('"de wit"')[0])  # a phrase
    assert gevonden[2].pk in fraze and not fraze & {gevonden[0].pk, gevonden[1].pk, gevonden[3].pk}
    assert gezocht("zwqx niemand")[0] == []
    assert set(gezocht("wq")[0]) == {u.pk for u in gevonden}  # two letters: no trigrams, the list is walked
    if connection.vendor == "postgresql":
        _pks, queries = gezocht("zwqx")
        lijst = [q for q in queries.captured_queries if '"accounts_organisatie"' in q["sql"]]
        leest_hoogstens(type("Q", (), {"captured_queries": lijst}), "accounts_user", 2 * len(gevonden),
                        sorteren=True)


@override_settings(BEHEERLIJST_TELGRENS=GRENS)
def test_two_letters_that_few_users_hold_are_looked_up_in_the_index_of_two_letter_pieces(client, wereld, monkeypatch):
    """Two letters have no trigrams, so the list was walked in name order until a page of matches was found, and
    counted the same way. Where few users hold them the walk went to the end: "de" among the 700,000 users of the
    bench read the whole name index (26,000 buffers, 260-400 ms), for 1,901 people. Now two letters that few users hold
    are looked up in the index of the users' two-letter pieces (accounts.0018) and only their rows are read; two
    letters that many hold still come from the walk, which finds a page of them soonest."""
    monkeypatch.setattr("accounts.admin.TWEETAL_GRENS", 500)  # "en" (3,000 users) is common here, "qx" is not
    kwijl = OrganisatieFactory(naam="Kwijlqx Zorg", soort="werkgever")
    User.objects.bulk_create((User(email=f"bench-{i}@gebruikers.example.nl", voornaam="Gebruiker",
                                   achternaam=f"Bench {i}", rol=Rol.WERKZOEKENDE) for i in range(3000)),
                             batch_size=1000)
    gevonden = [
        User.objects.create(email="qxander@example.nl", voornaam="Alexander", achternaam="Zwart",
                            rol=Rol.WERKZOEKENDE),
        User.objects.create(email="els@example.nl", voornaam="Els", achternaam="Waqxi", rol=Rol.WERKZOEKENDE),
        User.objects.create(email="piet@example.nl", voornaam="Piet", achternaam="Aalders", rol=Rol.WERKGEVER,
                            organisatie=kwijl),
    ]
    # "Q" and "X" at the end and the start of two columns ("Q␟XANDER"), and "Q.X": not the two letters "qx".
    User.objects.create(email="q.x@example.nl", voornaam="Q", achternaam="Xander", rol=Rol.WERKZOEKENDE)
    # 150 users with "zq" (few, but more than a page): from the index of pieces too, a page after a page.
    User.objects.bulk_create(User(email=f"z{i}@zq.example.nl", voornaam=f"Voornaam{i % 7}",
                                  achternaam=f"Zqerda {i % 11}", rol=Rol.WERKZOEKENDE) for i in range(150))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # What autovacuum does: new users move from the pending list into the index of pieces.
            cursor.execute("SELECT gin_clean_pending_list('gebruiker_tweetallen')")
        cursor.execute("ANALYZE accounts_user")
    client.force_login(wereld.beheerder)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("admin:accounts_user_changelist"), {"q": "QX"})
    assert response.status_code == 200
    assert [u.pk for u in response.context["cl"].result_list] == [gevonden[2].pk, gevonden[1].pk, gevonden[0].pk]
    assert "3 gebruikers" in response.content.decode()
    if connection.vendor == "postgresql":
        # The matches from the index of pieces (and the organisation's user from the index on organisatie_id),
        # sorted; not the walk of the name index, not even an index-only one.
        leest_hoogstens(queries, "accounts_user", UserAdmin.list_per_page, sorteren=True)
        assert any(q["sql"].startswith("SELECT") and "klantreis_tweetallen" in q["sql"]
                   for q in queries.captured_queries)  # the list's own query, not the EXPLAIN that asks how many
    # A page of a hundred at a time, in name order, the second after the first: two letters most users hold (from
    # the walk) and two letters 150 users hold (from the index of pieces).
    for woord, opgezocht in (("en", False), ("zq", True)):
        with CaptureQueriesContext(connection) as queries:
            paginas = [client.get(reverse("admin:accounts_user_changelist"), {"q": woord, "p": p}).context["cl"]
                       for p in (1, 2)]
        if connection.vendor == "postgresql":
            assert opgezocht == any(q["sql"].startswith("SELECT") and "klantreis_tweetallen" in q["sql"]
                                    for q in queries.captured_queries), woord
        assert [u.pk for cl in paginas for u in cl.result_list] == list(
            User.objects.filter(Q(email__icontains=woord) | Q(voornaam__icontains=woord)
                                | Q(achternaam__icontains=woord) | Q(organisatie__naam__icontains=woord))
            .order_by("achternaam", "voornaam", "email").values_list("pk", flat=True)[:2 * UserAdmin.list_per_page])


def test_the_two_letter_pieces_of_a_text_are_every_two_characters_in_it(db):
    """``klantreis_tweetallen`` (accounts.0018), against Python: every piece of two characters, at the even and at the
    odd positions, of texts with spaces, accents, the character between the user's columns and odd lengths; a
    leftover single character is allowed, a piece that is not in the text is not."""
    if connection.vendor != "postgresql":
        ontbreekt("PostgreSQL nodig")
    teksten = ["", "A", "AB", "ABC", "DE VRIES\x1fANNA\x1fA.DEVRIES@EXAMPLE.NL", "ÉLODIE\x1fÇA", "XYZ XYZ",
               "MAAS  EN WAAL", "\x1fQ\x1f"]
    with connection.cursor() as cursor:
        for tekst in teksten:
            cursor.execute("SELECT klantreis_tweetallen(%s)", [tekst])
            stukken = set(cursor.fetchone()[0])
            verwacht = {tekst[i:i + 2] for i in range(len(tekst) - 1)}
            assert {s for s in stukken if len(s) == 2} == verwacht, tekst
            assert all(len(s) < 2 for s in stukken - verwacht), tekst
    with pytest.raises(ValueError):
        HeeftTweetal(F("zoektekst"), "abc")


def _vacatures():
    werkgever = WerkgeverFactory()
    nu = timezone.now()
    Vacature.objects.bulk_create(VacatureFactory.build(werkgever=werkgever, aangemaakt_op=nu - timedelta(hours=i))
                                 for i in range(250))


@override_settings(BEHEERLIJST_TELGRENS=GRENS)
@pytest.mark.parametrize(("lijst", "tabel", "vullen"), [
    ("admin:werkgevers_vacature_changelist", "werkgevers_vacature", _vacatures),
    ("admin:werkgevers_werkgever_changelist", "werkgevers_werkgever", lambda: WerkgeverFactory.create_batch(150)),
], ids=["vacatures", "werkgevers"])
def test_the_lists_of_vacatures_and_werkgevers_read_a_page_in_their_order_from_an_index(client, wereld, lijst, tabel,
                                                                                      vullen):
    """Vacatures (open and closed) and werkgevers add up over the years; their lists sorted every row per page."""
    vullen()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {tabel}")  # the statistics the planner would have
    client.force_login(wereld.beheerder)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(lijst))
    cl = response.context["cl"]
    assert response.status_code == 200 and len(cl.result_list) == cl.list_per_page
    volgorde = [o.aangemaakt_op for o in cl.result_list] if tabel == "werkgevers_vacature" else \
        [o.naam for o in cl.result_list]
    assert volgorde == sorted(volgorde, reverse=tabel == "werkgevers_vacature")
    if connection.vendor == "postgresql":
        leest_hoogstens(queries, tabel, max(cl.list_per_page, GRENS) + 1)


def _traag(queryset, seconden):
    """``queryset`` with a condition that makes PostgreSQL wait ``seconden`` per row (on SQLite: none)."""
    if connection.vendor != "postgresql":
        return queryset
    # Correlated with the row (its id), so PostgreSQL waits for every row, not once for the query.
    return queryset.alias(traag=RawSQL('(SELECT true FROM pg_sleep(%s + 0 * "accounts_verwerking"."id"))', [seconden],
                                       output_field=BooleanField())).filter(traag=True)


@override_settings(BEHEERLIJST_TELTIJD_MS=100)
def test_a_count_or_drill_down_that_takes_too_long_gives_way_to_the_estimate(db):
    """The number and the periods are help for the eye: past BEHEERLIJST_TELTIJD_MS PostgreSQL stops them and the
    list says "ongeveer" its estimate (a search whose every word is on nearly every line counted 3 s at 3 million
    lines). The caller's transaction goes on without the limit."""
    _log([_moment(2025, 7, 10) + timedelta(minutes=i) for i in range(40)])
    lijst = _traag(Verwerking.objects.order_by("-tijdstip", "-id"), 0.02)  # 40 × 20 ms = 0.8 s to count
    paginator = BegrensdePaginator(lijst, 25)
    if connection.vendor == "postgresql":
        # More than a page, whatever the estimate: with exactly a page the admin would read the list whole.
        assert paginator.count > 25 and paginator.geschat and paginator.num_pages >= 2
        assert _binnen_de_teltijd(lijst, lambda: lijst.order_by()[:100].aggregate(Min("tijdstip"))) is None
        with connection.cursor() as cursor:
            cursor.execute("SHOW statement_timeout")
            standaard = cursor.fetchone()[0]
        assert standaard == "0", "the limit stayed on the rest of the transaction"
        # Within the time: the answer itself, and again no limit left behind.
        assert _binnen_de_teltijd(lijst, lambda: Verwerking.objects.count()) == 40
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(0.2)")  # would be stopped if the limit had stayed
    else:
        assert paginator.count == 40 and not paginator.geschat


@override_settings(BEHEERLIJST_TELGRENS=GRENS)
def test_the_beheer_home_counts_each_role_once_up_to_the_limit_then_shows_the_estimate(client, wereld):
    """/beheer/ shows the active users per role: each role counted once, up to the limit, above it PostgreSQL's
    estimate ("ongeveer"). Every werkzoekende and werkgever with an account is a user: at national volume hundreds of
    thousands. The page counted them all with a GROUP BY, once for each of the six roles it listed."""
    nu = timezone.now()
    User.objects.bulk_create([User(email=f"wz{i}@bulk.test", rol=Rol.WERKZOEKENDE, password="!",
                                   uitgenodigd_op=nu - timedelta(days=30), last_login=nu) for i in range(3 * GRENS)])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE accounts_user")
    exact = {rol: User.objects.filter(is_active=True, rol=rol).count() for rol in Rol.values}
    client.force_login(wereld.beheerder)
    with CaptureQueriesContext(connection) as queries:
        pagina = client.get(reverse("beheerder_home")).content.decode()
    tellingen = [q["sql"] for q in queries.captured_queries
                 if "COUNT(" in q["sql"] and '"accounts_user"' in q["sql"] and '"rol"' in q["sql"]
                 and '"accounts_sessie"' not in q["sql"]]  # the session's read counts the unread meldingen
    geteld = sorted(rol for sql in tellingen for rol in re.findall(r""""rol" = '(\w+)'""", sql))
    # Each role, no GROUP BY over all users for each role. Once on PostgreSQL; SQLite (a demo) counts a role above the
    # limit again, exactly, having no estimate.
    assert sorted(set(geteld)) == sorted(Rol.values), tellingen
    if connection.vendor == "postgresql":
        assert geteld == sorted(Rol.values), tellingen
    rollen = dict(re.findall(r"<dt>([^<]+)</dt><dd>([^<]+)</dd>", pagina))
    for rol in Rol:
        if rol == Rol.WERKZOEKENDE and connection.vendor == "postgresql":
            assert all(f"LIMIT {GRENS + 1}" in sql for sql in tellingen), tellingen
            assert rollen[rol.label].startswith("ongeveer "), rollen
            assert int(rollen[rol.label].split()[1].replace(".", "")) > GRENS
        else:
            assert rollen[rol.label] == str(exact[rol.value]), (rol, rollen)


@override_settings(BEHEERLIJST_TELGRENS=GRENS)
def test_a_count_is_planned_for_its_own_values_also_when_the_connection_has_it_prepared(client, wereld):
    """The connection prepares a read it repeats (klantreis/lib/postgresql), and after five runs PostgreSQL may keep
    one generic plan for it, made for a value as common as the average one. For the count of one role that plan read
    all 700,000 users to find the one 'programma' (181 ms at national volume; the index finds it in 0.2 ms). The
    bounded counts of /beheer/ and the admin lists are planned for their values, every time."""
    from django.conf import settings

    if connection.vendor != "postgresql":
        ontbreekt("PostgreSQL nodig: prepared statements en plannen")
    assert getattr(settings, "DATABASE_PREPARE_THRESHOLD", None), "this test is about prepared statements"
    User.objects.bulk_create([User(email=f"wz{i}@bulk.test", rol=Rol.WERKZOEKENDE, password="!")
                              for i in range(3 * GRENS)])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE accounts_user")
    client.force_login(wereld.beheerder)
    for _ in range(4):  # six roles a visit: the count is prepared, then planned more than five times
        assert client.get(reverse("beheerder_home")).status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("""SELECT generic_plans, custom_plans FROM pg_prepared_statements
                          WHERE statement LIKE '%%COUNT(*) FROM (SELECT "accounts_user"."id"%%' """)
        plannen = cursor.fetchall()
    assert plannen, "the count was not prepared: this test would test nothing"
    assert all(generiek == 0 for generiek, _eigen in plannen), plannen


def test_an_invitation_waits_for_a_password_only_while_its_link_works(client, wereld, settings):
    """"N uitnodigingen wachten nog op een wachtwoord": the ones whose link still works. After
    ``PASSWORD_RESET_TIMEOUT`` the link is refused and the sweep removes the account; counting every invited user
    who never logged in read most of the users (a werkzoekende or werkgever is invited by a professional)."""
    nu = timezone.now()
    geldig = timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)
    User.objects.filter(uitgenodigd_op__isnull=False).update(last_login=nu)
    for i, geleden in enumerate([timedelta(hours=1), geldig - timedelta(hours=1), geldig + timedelta(hours=1)]):
        User.objects.create(email=f"uitgenodigd{i}@bulk.test", rol=Rol.WERKGEVER, password="!",
                            uitgenodigd_op=nu - geleden, uitgenodigd_door=wereld.beheerder)
    User.objects.create(email="binnen@bulk.test", rol=Rol.WERKGEVER, password="!", uitgenodigd_op=nu, last_login=nu)
    client.force_login(wereld.beheerder)

    pagina = client.get(reverse("beheerder_home")).content.decode()

    assert "2 uitnodigingen wachten nog op een wachtwoord." in pagina


@override_settings(BEHEERLIJST_TELGRENS=GRENS)
def test_the_beheer_home_counts_the_log_up_to_the_limit_then_shows_the_estimate(client, wereld):
    """/beheer/ shows how many lines the verwerkingenlog holds: counted up to the limit, above it PostgreSQL's estimate
    ("ongeveer"), as the log's own list does. A COUNT(*) read the whole log, millions of lines, on every visit."""
    vulregels(_moment(2024, 3, 1) + timedelta(minutes=i) for i in range(3 * GRENS))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE accounts_verwerking")
    totaal = Verwerking.objects.count()
    client.force_login(wereld.beheerder)
    with CaptureQueriesContext(connection) as queries:
        pagina = client.get(reverse("beheerder_home")).content.decode()
    tellingen = [q["sql"] for q in queries.captured_queries
                 if "COUNT(" in q["sql"] and '"accounts_verwerking"' in q["sql"]]
    if connection.vendor == "postgresql":
        assert tellingen and all(f"LIMIT {GRENS + 1}" in sql for sql in tellingen), tellingen
        geschat = re.search(r"ongeveer ([\d.]+)</span>", pagina)
        assert geschat and int(geschat[1].replace(".", "")) > GRENS, pagina
    else:
        assert f'<span class="wsp-getal">{totaal}</span>' in pagina


# Tables of a size set by the code or by law, not by the country: a <select> of them stays short.
VASTE_TABELLEN = {"django_celery_beat.IntervalSchedule", "django_celery_beat.CrontabSchedule",
                  "django_celery_beat.SolarSchedule", "django_celery_beat.ClockedSchedule",
                  "contenttypes.ContentType", "auth.Group", "auth.Permission", "werkgevers.Instrument"}


def test_no_admin_form_offers_a_whole_table_that_grows_to_choose_from(rf, wereld):
    """Before: the vacature screen listed ESCO's beroepen and its vaardigheden (twice) and every user as <select>s:
    2.1 MB and 2.6 s with a demo's data, and a country's 700,000 accounts in one more. Every relation in a form of the
    admin to a table that grows is chosen by typing (autocomplete) or shown, not listed."""
    from django import forms
    from django.contrib.admin.widgets import AutocompleteMixin, ForeignKeyRawIdWidget, RelatedFieldWidgetWrapper

    verzoek = rf.get("/")
    verzoek.user = wereld.beheerder
    lijsten = []
    for model, model_admin in admin.site._registry.items():
        obj = model.objects.first()
        formulieren = [model_admin.get_form(verzoek, obj)] if obj is not None and model_admin.has_change_permission(
            verzoek, obj) else []
        if model_admin.has_add_permission(verzoek):
            formulieren.append(model_admin.get_form(verzoek, None))
        for formulier in formulieren:
            for naam, veld in formulier.base_fields.items():
                if not isinstance(veld, forms.ModelChoiceField):
                    continue
                widget = veld.widget.widget if isinstance(veld.widget, RelatedFieldWidgetWrapper) else veld.widget
                doel = veld.queryset.model._meta.label
                # An id typed or looked up (raw_id_fields: ForeignKeyRawIdWidget and its many-to-many subclass).
                if not isinstance(widget, (AutocompleteMixin, ForeignKeyRawIdWidget)) and doel not in VASTE_TABELLEN:
                    lijsten.append(f"{model._meta.label}.{naam} -> {doel}")
    assert not lijsten, f"Keuzelijsten van een hele tabel: {sorted(set(lijsten))}"


def test_the_vacature_screen_finds_a_beroep_and_skills_by_typing(client, wereld):
    from beroepen.tests.factories import BeroepFactory

    monteur = BeroepFactory(naam="monteur installatietechniek", met_vaardigheden=["leidingen leggen", "VCA"])
    BeroepFactory(naam="bakker")
    vacature = VacatureFactory(werkgever=wereld.werkgever, beroep=monteur)
    client.force_login(wereld.beheerder)
    pagina = client.get(reverse("admin:werkgevers_vacature_change", args=[vacature.pk]))
    html = pagina.content.decode()
    assert pagina.status_code == 200 and "bakker" not in html and "monteur installatietechniek" in html
    gevonden = client.get(reverse("admin:autocomplete"), {"app_label": "werkgevers", "model_name": "vacature",
                                                          "field_name": "beroep", "term": "monteur"}).json()
    assert [r["text"] for r in gevonden["results"]] == ["monteur installatietechniek"]
    gevonden = client.get(reverse("admin:autocomplete"), {"app_label": "werkgevers", "model_name": "vacature",
                                                          "field_name": "vereiste_vaardigheden", "term": "leiding"})
    assert [r["text"] for r in gevonden.json()["results"]] == ["leidingen leggen"]
    # Reference data from ESCO: to look up, not to edit.
    assert client.get(reverse("admin:beroepen_beroep_changelist"), {"q": "bakker"}).status_code == 200
    assert client.get(reverse("admin:beroepen_beroep_add")).status_code == 403


def test_a_line_of_the_log_shows_all_its_people_in_the_same_queries_however_many(client, wereld):
    """A caseload page logs one line naming the 25 people on it. Before, the line's page asked the kind of each person
    apart: 105 queries for one line at national volume."""
    from accounts.services import verwerkingen_registreer
    from werkzoekenden.tests.factories import KandidaatFactory

    def tellen(aantal):
        kandidaten = KandidaatFactory.create_batch(aantal, klantmanager=wereld.klantmanager)
        regel = verwerkingen_registreer(gebruiker=wereld.klantmanager, actie=Verwerking.Actie.INZIEN,
                                        objecten=kandidaten, doel="begeleiding naar werk", wat="caseload")
        with CaptureQueriesContext(connection) as queries:
            pagina = client.get(reverse("admin:accounts_verwerking_change", args=[regel.pk]))
        assert pagina.status_code == 200 and kandidaten[-1].achternaam in pagina.content.decode()
        return len(queries)

    client.force_login(wereld.beheerder)
    tellen(1)  # the first page of the session also reads what later pages have cached
    assert tellen(2) == tellen(25)


def test_a_region_gemeente_or_organisatie_in_use_offers_no_deletion_and_one_entered_by_mistake_does(client, wereld):
    """Before: the page to confirm deleting a region listed every kandidaat, werkgever and user that holds on to it,
    to end in "cannot be deleted": 235 queries, 795 kB and 1.6 s for a region of the country."""
    from accounts.models import Arbeidsmarktregio, Gemeente, Organisatie

    client.force_login(wereld.beheerder)
    regio, organisatie = wereld.kandidaat.regio, wereld.klantmanager.organisatie
    for model, obj in ((Arbeidsmarktregio, regio), (Gemeente, wereld.kandidaat.gemeente), (Organisatie, organisatie)):
        naam = f"admin:accounts_{model._meta.model_name}"
        wijzigen = client.get(reverse(f"{naam}_change", args=[obj.pk])).content.decode()
        assert reverse(f"{naam}_delete", args=[obj.pk]) not in wijzigen
        with CaptureQueriesContext(connection) as queries:
            weg = client.get(reverse(f"{naam}_delete", args=[obj.pk]))
        assert weg.status_code == 403 and len(queries) < 40
        assert "delete_selected" not in client.get(reverse(f"{naam}_changelist")).content.decode()
        assert client.post(reverse(f"{naam}_delete", args=[obj.pk]), {"post": "yes"}).status_code == 403
        assert model.objects.filter(pk=obj.pk).exists()

    # Held on to only by a foreign key without a way back (related_name="+"): a vestiging's gemeente.
    from werkgevers.models import Vestiging

    alleen_vestiging = Gemeente.objects.create(code="GM9999", naam="Vestigingdorp", regio=regio)
    Vestiging.objects.create(werkgever=wereld.werkgever, adres="Markt 1", postcode="6811 AB", plaats="Vestigingdorp",
                             gemeente=alleen_vestiging)
    assert client.get(reverse("admin:accounts_gemeente_delete", args=[alleen_vestiging.pk])).status_code == 403
    # The region's page lists its gemeenten without a way to delete one there.
    regiopagina = client.get(reverse("admin:accounts_arbeidsmarktregio_change", args=[regio.pk])).content.decode()
    assert "-DELETE" not in regiopagina

    vergissing = Arbeidsmarktregio.objects.create(code="AM99", naam="Per ongeluk")
    url = reverse("admin:accounts_arbeidsmarktregio_delete", args=[vergissing.pk])
    assert url in client.get(reverse("admin:accounts_arbeidsmarktregio_change", args=[vergissing.pk])).content.decode()
    assert client.get(url).status_code == 200
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not Arbeidsmarktregio.objects.filter(pk=vergissing.pk).exists()


def test_the_sweep_of_expired_invitations_reads_the_unused_ones_not_every_user(wereld, settings):
    """Every six hours the sweep removes accounts whose invitation expired unused. Before, it read every user invited
    before the limit and never logged in, by the index on uitgenodigd_op, which holds nearly every user (all 700,000:
    661 ms from disk), and skipped those with a password in Python. Now the index on the invitations never used, and
    only accounts without a password."""
    from accounts.selectors import verlopen_uitnodigingen
    from tests.plannen import leest_hoogstens

    nu = timezone.now()
    lang_geleden = nu - timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT) - timedelta(days=30)
    User.objects.bulk_create(User(email=f"ingelogd{i}@bulk.test", rol=Rol.WERKZOEKENDE, password="!",
                                  uitgenodigd_op=lang_geleden, last_login=nu) for i in range(300))
    verlopen = [User.objects.create(email=f"verlopen{i}@bulk.test", rol=Rol.WERKGEVER, password="!",
                                    uitgenodigd_op=lang_geleden) for i in range(3)]
    User.objects.create(email="wachtwoord@bulk.test", rol=Rol.WERKGEVER, password="pbkdf2_sha256$1$x$y",
                        uitgenodigd_op=lang_geleden)  # set a password, never logged in: not the sweep's
    User.objects.create(email="open@bulk.test", rol=Rol.WERKGEVER, password="!", uitgenodigd_op=nu)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE accounts_user")
    with CaptureQueriesContext(connection) as queries:
        gevonden = list(verlopen_uitnodigingen(nu))
    assert gevonden == verlopen
    if connection.vendor == "postgresql":
        leest_hoogstens(queries, "accounts_user", 10)


def test_the_checkbox_before_each_row_is_djangos_own_written_at_once(wereld):
    """GroteLijstAdmin writes the checkbox of each row itself (Django's form widget templates cost a third of a page
    of the verwerkingenlog): the same HTML as Django's, also for a name that needs escaping."""
    beheer = admin.site._registry[Verwerking]
    regel = Verwerking(pk=12, gebruiker_omschrijving='Anna "A&B" <Jansen>', wat="dossier", doel="test")
    assert beheer.action_checkbox(regel) == admin.ModelAdmin.action_checkbox(beheer, regel)
    assert "&lt;Jansen&gt;" in beheer.action_checkbox(regel)


def test_a_line_of_the_log_is_titled_with_the_time_its_page_shows(client, wereld):
    """The page of a line was titled "2026-07-10 07:30 Jeske Gunterman ..." (UTC) above "Tijdstip: 10 juli 2026
    09:30": the beheerder answering an AVG question read two times for one look at a dossier."""
    from datetime import UTC, datetime

    regel = Verwerking.objects.create(tijdstip=datetime(2026, 7, 10, 7, 30, tzinfo=UTC),
                                      gebruiker_omschrijving="Jeske Gunterman", organisatie="Gemeente Arnhem",
                                      actie=Verwerking.Actie.INZIEN, wat="dossier", rol="klantmanager")
    client.force_login(wereld.beheerder)
    html = client.get(reverse("admin:accounts_verwerking_change", args=[regel.pk])).content.decode()
    assert "2026-07-10 09:30 Jeske Gunterman" in html
    assert "07:30" not in html


def test_the_count_of_active_users_opens_the_list_of_active_users(client, wereld):
    """"33 actieve gebruikers" opened the list of every user, also those switched off: a different number."""
    wereld.klantmanager.is_active = False
    wereld.klantmanager.save(update_fields=["is_active"])
    client.force_login(wereld.beheerder)
    pagina = client.get(reverse("beheerder_home")).content.decode()
    adres = re.search(r'<a class="wsp-kaart" href="([^"]+)"><span class="wsp-getal">[^<]*</span>actieve gebruikers',
                      pagina).group(1).replace("&amp;", "&")
    lijst = client.get(adres)
    assert lijst.status_code == 200
    getoond = list(lijst.context["cl"].result_list)
    assert getoond and all(g.is_active for g in getoond)
    assert wereld.klantmanager not in getoond
