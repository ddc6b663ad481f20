"""Agenda pages and the iCalendar feed; the consent question on the matching page and on the home page."""

from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from accounts.models import Verwerking
from accounts.permissions import geef_objectrecht
from accounts.services import waarnemer_instellen
from accounts.tests.factories import AccountmanagerFactory, KlantmanagerFactory, gemeente
from agenda import views
from agenda.models import Afspraak, AgendaFeed, Deelnemer
from agenda.selectors import agenda_items
from agenda.services import aanmelden, afmelden, afspraak_plannen, gesprek_bijwerken
from bemiddeling.models import Sollicitatiegesprek
from bemiddeling.services import begeleider_kiezen
from conftest import logregel_queries
from plaatsingen.models import NazorgMoment
from plaatsingen.tests.bulk import due_nazorgmomenten
from tests.gebouwd import gebouwde_queries
from tests.plannen import leest_hoogstens
from werkgevers.tests.factories import VacatureFactory
from werkzoekenden.models import Kandidaat, Toestemming, ToestemmingVerzoek
from werkzoekenden.permissions import mag_dossier
from werkzoekenden.services import dossier_afsluiten, evaluatiedatum_instellen, toestemming_verlenen, toestemming_vragen
from werkzoekenden.tests.factories import KandidaatFactory

pytestmark = pytest.mark.django_db


def _feed_url(client, gebruiker):
    client.force_login(gebruiker)
    client.post(reverse("agenda_feed_beheren"), {"actie": "nieuw"})
    pagina = client.get(reverse("agenda"))
    url = pagina.context["feed_url"]
    assert url and url in pagina.content.decode()
    client.logout()
    return url.split("://", 1)[1].split("/", 1)[1]  # path only


def _feed(client, pad):
    response = client.get("/" + pad)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    return Calendar.from_ical(response.content)


@pytest.fixture
def gesprek(wereld):
    wereld.met_bemiddeling()
    return gesprek_bijwerken(gesprek_id=wereld.gesprek.pk)


def test_feed_van_ieder_van_de_vier_toont_het_gesprek_zonder_naam_van_de_kandidaat(client, wereld, gesprek):
    for gebruiker in (wereld.accountmanager, wereld.klantmanager, wereld.werkgever_user, wereld.werkzoekende_user):
        cal = _feed(client, _feed_url(client, gebruiker))
        [event] = cal.walk("VEVENT")
        assert str(event["uid"]) == gesprek.ics_uid
        tekst = cal.to_ical().decode()
        assert "Willem" not in tekst and "Vecht" not in tekst, gebruiker.rol
        assert "attendee" not in tekst.lower()
    # The pages, behind a login, do name him for staff.
    client.force_login(wereld.accountmanager)
    assert "Willem" in client.get(reverse("agenda") + "?week=" + _week(gesprek.start)).content.decode()


def _week(moment):
    jaar, week, _dag = timezone.localtime(moment).isocalendar()
    return f"{jaar}-W{week:02d}"


def test_feed_met_verkeerde_of_ingetrokken_sleutel_is_404(client, wereld, gesprek):
    pad = _feed_url(client, wereld.accountmanager)
    assert client.get("/" + pad[:-10] + "xxxxxx.ics").status_code == 404
    nieuw = _feed_url(client, wereld.accountmanager)  # "Nieuwe link maken": the old one stops
    assert client.get("/" + pad).status_code == 404
    assert client.get("/" + nieuw).status_code == 200
    client.force_login(wereld.accountmanager)
    client.post(reverse("agenda_feed_beheren"), {"actie": "uitzetten"})
    assert client.get("/" + nieuw).status_code == 404
    assert not AgendaFeed.objects.exists()


def test_feed_slaat_de_sleutel_niet_op(client, wereld):
    pad = _feed_url(client, wereld.klantmanager)
    sleutel = pad.rsplit("/", 1)[1].removesuffix(".ics")
    assert AgendaFeed.objects.get().sleutel_hash != sleutel and sleutel not in AgendaFeed.objects.get().sleutel_hash


def test_vreemde_ziet_het_gesprek_niet_in_de_eigen_feed(client, wereld, gesprek):
    cal = _feed(client, _feed_url(client, wereld.vreemde_accountmanager))
    assert cal.walk("VEVENT") == []


def test_mijn_week_navigeert_en_toont_evaluatie_en_nazorg(client, wereld):
    wereld.met_plaatsing()
    vandaag = timezone.localdate()
    evaluatiedatum_instellen(kandidaat=wereld.kandidaat, door=wereld.klantmanager, evaluatiedatum=vandaag)
    client.force_login(wereld.klantmanager)
    inhoud = client.get(reverse("agenda")).content.decode()
    assert "Evaluatie plan van aanpak: Willem van de Vecht" in inhoud
    moment = NazorgMoment.objects.filter(plaatsing=wereld.plaatsing).order_by("gepland_op").first()
    pagina = client.get(reverse("agenda") + "?week=" + _week(moment.gepland_op)).content.decode()
    assert "Nazorg" in pagina and "Anja" in pagina
    assert client.get(reverse("agenda") + "?week=onzin").status_code == 200  # falls back to this week


def test_werkzoekende_ziet_workshop_meldt_zich_aan_en_ziet_hem_bij_mijn_afspraken(client, wereld):
    start = timezone.now() + timedelta(days=3)
    workshop = afspraak_plannen(door=wereld.klantmanager, soort="groepsbijeenkomst", titel="Workshop sollicitatie",
                                start=start, eind=start + timedelta(hours=2), plaats="Wijkcentrum", capaciteit=1,
                                regio=wereld.werkzoekende_user.regio)
    client.force_login(wereld.werkzoekende_user)
    assert "Workshop sollicitatie" in client.get(reverse("agenda")).content.decode()
    client.post(reverse("afspraak_aanmelden", args=[workshop.pk]))
    pagina = client.get(reverse("agenda"))
    assert [i.afspraak for i in pagina.context["komend"]] == [workshop]
    assert pagina.context["workshops"] == []


def test_mijn_afspraken_schrijft_de_maand_in_het_nederlands_klein(client, wereld):
    """"wo 10 dec", as Dutch writes it: the format "M" capitalises the month ("wo 10 Dec"), "b" does not."""
    ams = timezone.get_default_timezone()
    km = wereld.klantmanager
    with time_machine.travel(datetime(2025, 12, 1, 9, tzinfo=ams), tick=False):
        for dag, titel in [(3, "Kennismaken"), (10, "Gesprek over je plan")]:
            start = datetime(2025, 12, dag, 14, tzinfo=ams)
            afspraak_plannen(door=km, soort="klantmanagergesprek", titel=titel, start=start,
                             eind=start + timedelta(hours=1), plaats="Stadhuis", kandidaten=[wereld.kandidaat])
        start = datetime(2025, 12, 17, 10, tzinfo=ams)
        afspraak_plannen(door=km, soort="groepsbijeenkomst", titel="Workshop solliciteren", start=start,
                         eind=start + timedelta(hours=2), plaats="Wijkcentrum", capaciteit=5,
                         regio=wereld.werkzoekende_user.regio)
    client.force_login(wereld.werkzoekende_user)
    with time_machine.travel(datetime(2025, 12, 5, 9, tzinfo=ams), tick=False):
        html = client.get(reverse("agenda")).content.decode()
    assert '<span class="wsp-agenda-tijd">wo 10 dec, 14:00</span>' in html  # coming
    assert '<span class="wsp-agenda-tijd">wo 17 dec, 10:00</span>' in html  # a workshop to sign up for
    assert '<span class="wsp-agenda-tijd">wo 3 dec</span>' in html  # been
    assert "Dec" not in html


def test_medewerker_plant_verplaatst_en_annuleert_via_de_paginas(client, wereld):
    client.force_login(wereld.accountmanager)
    dag = (timezone.localdate() + timedelta(days=5)).isoformat()
    response = client.post(reverse("afspraak_nieuw"), {
        "soort": "kennismakingsbezoek", "datum": dag, "begintijd": "10:00", "eindtijd": "09:00", "plaats": "Arnhem",
        "werkgever": wereld.werkgever.pk})
    assert response.status_code == 400 and "De afspraak moet na het begin eindigen." in response.content.decode()
    assert 'value="Arnhem"' in response.content.decode()  # nothing typed is lost
    response = client.post(reverse("afspraak_nieuw"), {
        "soort": "kennismakingsbezoek", "datum": dag, "begintijd": "10:00", "eindtijd": "11:00", "plaats": "Arnhem",
        "werkgever": wereld.werkgever.pk})
    afspraak = Afspraak.objects.get()
    assert response.status_code == 302
    assert afspraak.deelnemers.filter(gebruiker=wereld.werkgever_user).exists()
    client.post(reverse("afspraak_verplaatsen", args=[afspraak.pk]), {
        "datum": dag, "begintijd": "13:00", "eindtijd": "14:00", "plaats": "Arnhem"})
    afspraak.refresh_from_db()
    assert timezone.localtime(afspraak.start).hour == 13 and afspraak.volgnummer == 1
    client.post(reverse("afspraak_annuleren", args=[afspraak.pk]))
    afspraak.refresh_from_db()
    assert afspraak.geannuleerd
    # The werkgever sees it, cannot change it.
    client.force_login(wereld.werkgever_user)
    assert client.get(reverse("afspraak_detail", args=[afspraak.pk])).status_code == 200
    assert client.post(reverse("afspraak_annuleren", args=[afspraak.pk])).status_code == 404


def test_vraag_om_toestemming_van_matching_tot_voordragen(client, wereld, django_capture_on_commit_callbacks):
    vacature = VacatureFactory(werkgever=wereld.werkgever, titel="Bakker")
    anoniem = KandidaatFactory(voornaam="Sanne", achternaam="Verborgen", klantmanager=wereld.klantmanager,
                               account=None)
    toestemming_verlenen(kandidaat=anoniem, doel=Toestemming.Doel.VINDBAAR, door=wereld.klantmanager)
    client.force_login(wereld.accountmanager)
    url = reverse("toestemming_vragen", args=[vacature.pk, anoniem.pk])
    pagina = client.get(url).content.decode()
    assert "Verborgen" not in pagina  # still anonymous while asking
    response = client.post(url, {"delen": ["cv"]})
    assert response.status_code == 400 and "altijd" in response.content.decode()
    client.post(url, {"delen": ["profiel", "cv"]})
    verzoek = ToestemmingVerzoek.objects.get()
    assert verzoek.delen == ["profiel", "cv"] and verzoek.werkgever == wereld.werkgever
    # A kandidaat who is not findable cannot be asked.
    onvindbaar = KandidaatFactory()
    assert client.get(reverse("toestemming_vragen", args=[vacature.pk, onvindbaar.pk])).status_code == 404
    # Another werkzoekende cannot answer Sanne's question.
    client.force_login(wereld.werkzoekende_user)
    assert client.post(reverse("toestemming_verzoek_beantwoorden", args=[verzoek.pk]),
                       {"antwoord": "ja"}).status_code == 404


def test_werkzoekende_ziet_de_vraag_in_gewone_woorden_en_zegt_ja(client, wereld, django_capture_on_commit_callbacks):
    vacature = VacatureFactory(werkgever=wereld.werkgever, titel="Bakker")

    verzoek = toestemming_vragen(kandidaat=wereld.kandidaat, vacature=vacature, door=wereld.accountmanager,
                                 delen=["profiel", "cv"])
    client.force_login(wereld.werkzoekende_user)
    inhoud = client.get(reverse("werkzoekende_home")).content.decode()
    for tekst in (wereld.werkgever.naam, "Bakker", "je cv", "Ja, dat mag", "Nee, liever niet", "hoort niets"):
        assert tekst in inhoud
    assert client.post(reverse("toestemming_verzoek_beantwoorden", args=[verzoek.pk]),
                       {"antwoord": "misschien"}).status_code == 302
    verzoek.refresh_from_db()
    assert verzoek.is_open  # an unknown answer changes nothing
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("toestemming_verzoek_beantwoorden", args=[verzoek.pk]), {"antwoord": "ja"})
    verzoek.refresh_from_db()
    assert verzoek.status == ToestemmingVerzoek.Status.VERLEEND
    assert "Ja, dat mag" not in client.get(reverse("werkzoekende_home")).content.decode()


def queries_voor(client, url):
    ContentType.objects.clear_cache()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _bezoeken(wereld, aantal, start, *, met_kandidaat=False):
    for i in range(aantal):
        begin = start + timedelta(minutes=10 * i)
        afspraak_plannen(door=wereld.accountmanager, soort="kennismakingsbezoek", titel=f"Bezoek {i}", start=begin,
                         eind=begin + timedelta(minutes=30), plaats="Arnhem", werkgever=wereld.werkgever,
                         gebruikers=[wereld.werkgever_user], kandidaten=[KandidaatFactory()] if met_kandidaat else [])


def test_query_count_mijn_week(client, wereld):
    wereld.met_bemiddeling()
    # The gesprek and the visits on Wednesday of next week, 10:00-17:00: all in one week whatever the hour the test
    # runs. (Three days from now plus two hours, on a Thursday after 22:00, put the visits in the week after the
    # gesprek's, and the page read fewer rows than counted.)
    vandaag = timezone.localdate()
    woensdag = vandaag + timedelta(days=7 - vandaag.weekday() + 2)
    begint = timezone.make_aware(datetime.combine(woensdag, time(10)))
    Sollicitatiegesprek.objects.filter(pk=wereld.gesprek.pk).update(begint_op=begint)
    gesprek_bijwerken(gesprek_id=wereld.gesprek.pk)
    start = begint + timedelta(hours=2)
    client.force_login(wereld.accountmanager)
    url = reverse("agenda") + "?week=" + _week(start)
    _bezoeken(wereld, 1, start, met_kandidaat=True)
    klein = queries_voor(client, url)
    _bezoeken(wereld, 30, start, met_kandidaat=True)
    groot = queries_voor(client, url)
    # session+user (+organisatie for the log line, regio for the header), afspraken (+werkgever), the colleagues she
    # covers for (their afspraken are in her week), nazorg moments (+plaatsing, werkgever, kandidaat), the
    # werkzoekenden at the afspraken (deelnemers with their kandidaat; an accountmanager opens no dossier, so no query
    # for the links), content type, the verwerkingenlog line with its betrokkenen (logregel_queries), the feed row;
    # the unread meldingen count (the bell) comes with the session
    log = logregel_queries()
    assert (klein, groot) == (7 + log, 7 + log)
    assert _aantal_met_namen(client, url) == 32  # the gesprek's kandidaat and one at each visit


def _aantal_met_namen(client, url):
    return client.get(url).content.decode().count('<span class="wsp-agenda-met">')


def test_query_count_mijn_afspraken(client, wereld):
    start = timezone.now() + timedelta(days=2)
    client.force_login(wereld.werkgever_user)
    url = reverse("agenda")
    _bezoeken(wereld, 1, start)
    klein = queries_voor(client, url)
    _bezoeken(wereld, 30, start)
    groot = queries_voor(client, url)
    # session+user (+organisatie, regio: the header's regio; the unread meldingen count, the bell), afspraken
    # (+werkgever, gesprek), the ones he said he cannot come to (selectors.kan_niet_bij), the feed row
    assert (klein, groot) == (4, 4)



def _voor_haar(wereld, aantal, start):
    for i in range(aantal):
        begin = start + timedelta(hours=i)
        afspraak_plannen(door=wereld.klantmanager, soort="klantmanagergesprek", titel=f"Gesprek {i}", start=begin,
                         eind=begin + timedelta(minutes=30), plaats="Werkplein", kandidaten=[wereld.kandidaat])
        afspraak_plannen(door=wereld.klantmanager, soort="groepsbijeenkomst", titel=f"Workshop {i}", start=begin,
                         eind=begin + timedelta(hours=2), plaats="Wijkcentrum", capaciteit=10,
                         regio=wereld.werkzoekende_user.regio)


def test_query_count_mijn_afspraken_of_a_werkzoekende(client, wereld):
    """Her afspraken and the workshops she can sign up for; a closed dossier reads no workshops."""
    start = timezone.now() + timedelta(days=2)
    client.force_login(wereld.werkzoekende_user)
    url = reverse("agenda")
    _voor_haar(wereld, 1, start)
    klein = queries_voor(client, url)
    _voor_haar(wereld, 20, start)
    groot = queries_voor(client, url)
    assert len(client.get(url).context["workshops"]) == 20  # the first 20 (``komende_groepsbijeenkomsten``)
    # session+user (with the bell), her afspraken, her plan (the evaluation date), the feed row, which of the coming
    # ones she said "ik kan niet" to, her dossier (closed?), the workshops of her region
    assert (klein, groot) == (7, 7)
    dossier_afsluiten(kandidaat=wereld.kandidaat, door=wereld.klantmanager, reden="werk")
    assert queries_voor(client, url) == 6 and client.get(url).context["workshops"] == []

def test_feed_die_te_vaak_wordt_opgehaald_krijgt_429(client, wereld, settings):
    """The limit counts per window of FEED_VENSTER seconds, so the fetches happen at one moment in a window: a run
    that crossed a window's end (every ten minutes on the clock) started counting again and got a 200 for the 61st
    (failed once in CI's run of 4 December). The next window the feed answers again, as Retry-After says."""
    cache.clear()
    pad = _feed_url(client, wereld.accountmanager)
    midden = datetime.fromtimestamp((int(timezone.now().timestamp()) // views.FEED_VENSTER + 1) * views.FEED_VENSTER
                                    + views.FEED_VENSTER // 2, tz=UTC)
    with time_machine.travel(midden, tick=False):
        for _i in range(views.FEED_MAX_PER_VENSTER):
            assert client.get("/" + pad).status_code == 200
        response = client.get("/" + pad)
        assert response.status_code == 429 and response["Retry-After"] == str(views.FEED_VENSTER)
    with time_machine.travel(midden + timedelta(seconds=views.FEED_VENSTER), tick=False):
        assert client.get("/" + pad).status_code == 200
    cache.clear()


@pytest.mark.parametrize("opzoekkosten", [None, 12])
def test_each_agenda_reads_its_own_afspraken_and_nazorg_not_the_countrys(wereld, opzoekkosten):
    """The week and the feed (15 months) of each role read the person's afspraken (as user, or as the kandidaat of the
    account) and the nazorg of their own werkgevers or caseload by index. "A deelnemer is me or my kandidaat" and
    "the werkgever's accountmanager or the kandidaat's klantmanager is me" across joins read every deelnemer and every
    nazorg moment of the window in the country.

    ``opzoekkosten``: the same with a lookup by index priced three times higher (``random_page_cost``), as other
    statistics of the test database can make the planner judge it. The planner then kept a whole set of the test
    database in memory for a join (``Materialize``) and the check saw it read (CI, once in six full runs); at volume
    it looks the person's few rows up (``tests.plannen.leest_hoogstens(opzoeken=True)``)."""

    wereld.met_plaatsing()
    begin = timezone.now() + timedelta(days=3)
    afspraak_plannen(door=wereld.accountmanager, soort="kennismakingsbezoek", titel="Kennismaken", start=begin,
                     eind=begin + timedelta(hours=1), plaats="Arnhem", werkgever=wereld.werkgever,
                     gebruikers=[wereld.werkgever_user, wereld.klantmanager], kandidaten=[wereld.kandidaat])
    eind = timezone.now() + timedelta(days=30)
    # The rest of the country in the same window: other people's afspraken and nazorg.
    plaats = KandidaatFactory()
    anderen = Kandidaat.objects.bulk_create(
        KandidaatFactory.build(gemeente=plaats.gemeente, regio=plaats.regio) for _ in range(300))
    afspraken = Afspraak.objects.bulk_create(
        Afspraak(soort=Afspraak.Soort.KENNISMAKINGSBEZOEK, titel=f"Elders {i}", plaats="Zwolle",
                 start=eind - timedelta(hours=i), eind=eind - timedelta(hours=i) + timedelta(minutes=30),
                 georganiseerd_door=wereld.vreemde_accountmanager, ics_uid=f"elders-{i}@test")
        for i in range(300))
    Deelnemer.objects.bulk_create(
        [Deelnemer(afspraak=a, gebruiker=wereld.vreemde_accountmanager) for a in afspraken]
        + [Deelnemer(afspraak=a, kandidaat=k) for a, k in zip(afspraken, anderen, strict=True)])
    due_nazorgmomenten(400, nu=eind)
    with connection.cursor() as cursor:
        # The werkgevers too: the accountmanager's nazorg starts from their werkgevers (by accountmanager), and
        # without statistics of that table (a full run: whatever earlier tests left) the planner once read every
        # plaatsing and looked up its werkgever instead.
        for tabel in ("agenda_afspraak", "agenda_deelnemer", "plaatsingen_nazorgmoment", "plaatsingen_plaatsing",
                      "werkzoekenden_kandidaat", "werkgevers_werkgever"):
            cursor.execute(f"ANALYZE {tabel}")  # names from the list above

    if opzoekkosten:
        if connection.vendor != "postgresql":
            pytest.skip("random_page_cost is a setting of PostgreSQL's planner")
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL random_page_cost = %s", [opzoekkosten])  # until the test's transaction ends
    van, tot = timezone.now() - timedelta(days=60), timezone.now() + timedelta(days=400)
    moment_uids = {f"nazorg-{m.pk}@klantreis" for m in wereld.plaatsing.nazorgmomenten.filter(uitkomst="")}
    # And the colleague covering the accountmanager, and the klantmanager: their afspraken and nazorg are in her week
    # and feed too (``met_waarneming``), read by the same indexes for all colleagues she covers for at once.
    waarnemers = {}
    for collega, factory in ((wereld.accountmanager, AccountmanagerFactory),
                             (wereld.klantmanager, KlantmanagerFactory)):
        waarnemers[collega] = factory(organisatie=collega.organisatie, regio=collega.regio)
        waarnemer_instellen(gebruiker=collega, waarnemer=waarnemers[collega])
    for gebruiker, nazorg, van_wie in (
            (wereld.accountmanager, moment_uids, wereld.accountmanager),
            (wereld.klantmanager, moment_uids, wereld.klantmanager),
            (wereld.werkzoekende_user, set(), wereld.werkzoekende_user),
            (wereld.werkgever_user, set(), wereld.werkgever_user),
            (waarnemers[wereld.accountmanager], moment_uids, wereld.accountmanager),
            (waarnemers[wereld.klantmanager], moment_uids, wereld.klantmanager)):
        eigen = {a.ics_uid for a in Afspraak.objects.filter(start__gte=van, start__lt=tot).filter(
            pk__in=[d.afspraak_id for d in Deelnemer.objects.exclude(status=Deelnemer.Status.AFGEMELD)
                    if d.gebruiker_id == van_wie.pk or (d.kandidaat_id and d.kandidaat.account_id == van_wie.pk)])}
        with CaptureQueriesContext(connection) as queries:
            items = agenda_items(gebruiker, van, tot, met_waarneming=gebruiker != van_wie)
        assert {i.uid for i in items if i.soort == "afspraak"} == eigen
        assert {i.uid for i in items if i.soort == "nazorg"} == nazorg
        assert eigen or nazorg
        if connection.vendor == "postgresql":
            tabellen = [("agenda_deelnemer", 2 * len(eigen) + 2), ("agenda_afspraak", 2 * len(eigen) + 2)]
            if nazorg:
                tabellen += [("plaatsingen_nazorgmoment", 2 * len(nazorg) + 2), ("plaatsingen_plaatsing", 4)]
            else:  # no nazorg in this agenda: its tables are not read at all
                assert not any('"plaatsingen_' in q["sql"] for q in queries.captured_queries)
            tabellen += [("werkzoekenden_kandidaat", 4)] * any(
                '"werkzoekenden_kandidaat"' in q["sql"] for q in queries.captured_queries)
            for tabel, grens in tabellen:
                leest_hoogstens(queries, tabel, grens, sorteren=True, opzoeken=True)


def test_the_agenda_shows_the_own_feed_read_with_sql_compiled_once(client, wereld, monkeypatch):
    """Whether the person has a calendar link (and when it was made) on every visit of the agenda: read with SQL
    compiled once per process; another person's link is not theirs."""

    _feed_url(client, wereld.accountmanager)
    client.force_login(wereld.klantmanager)
    assert client.get(reverse("agenda")).context["feed"] is None
    client.force_login(wereld.accountmanager)
    assert client.get(reverse("agenda")).context["feed"] == AgendaFeed.objects.get(gebruiker=wereld.accountmanager)
    gebouwd = gebouwde_queries(monkeypatch)
    assert client.get(reverse("agenda")).context["feed"].gebruiker_id == wereld.accountmanager.pk
    assert not [c for c in gebouwd if c.query.model is AgendaFeed]


def test_the_werkzoekende_sees_the_coming_workshops_of_the_region_soonest_first_built_once(client, wereld,
                                                                                         monkeypatch):
    """Workshops of the own region still to come and not cancelled, soonest first; the list is the same shape on
    every visit, so the next one builds no queryset of afspraken for it."""

    nu = timezone.now()
    regio = wereld.werkzoekende_user.regio

    def workshop(titel, dagen, **extra):
        start = nu + timedelta(days=dagen)
        return afspraak_plannen(door=wereld.klantmanager, soort="groepsbijeenkomst", titel=titel, start=start,
                                eind=start + timedelta(hours=2), plaats="Wijkcentrum", capaciteit=10,
                                **{"regio": regio, **extra})

    workshop("Later", 9)
    workshop("Eerst", 2)
    Afspraak.objects.filter(pk=workshop("Gaat niet door", 3).pk).update(status=Afspraak.Status.GEANNULEERD)
    workshop("Elders", 1, regio=gemeente("GM0363").regio)
    client.force_login(wereld.werkzoekende_user)
    eerste = [a.titel for a in client.get(reverse("agenda")).context["workshops"]]
    assert eerste == ["Eerst", "Later"]
    gebouwd = gebouwde_queries(monkeypatch)
    assert [a.titel for a in client.get(reverse("agenda")).context["workshops"]] == eerste
    monkeypatch.undo()
    assert not [c for c in gebouwd if c.query.model is Afspraak]


def test_an_afspraak_more_than_a_year_ahead_is_refused_with_what_was_typed(client, wereld):
    """The agenda shows a year ahead ("Wat komt er"): an afspraak beyond it is a slip in the year."""
    client.force_login(wereld.klantmanager)
    for dag in ((timezone.localdate() + timedelta(days=366)).isoformat(), "9999-12-31"):
        response = client.post(reverse("afspraak_nieuw"), {
            "soort": "klantmanagergesprek", "datum": dag, "begintijd": "10:30", "eindtijd": "11:30",
            "plaats": "Stadskantoor", "kandidaat": wereld.kandidaat.pk})
        html = response.content.decode()
        assert response.status_code == 400, dag
        assert "Deze datum ligt meer dan een jaar vooruit. Klopt het jaartal?" in html
        assert f'value="{dag}"' in html and 'value="Stadskantoor"' in html
    assert not Afspraak.objects.exists()
    dag = (timezone.localdate() + timedelta(days=365)).isoformat()
    response = client.post(reverse("afspraak_nieuw"), {
        "soort": "klantmanagergesprek", "datum": dag, "begintijd": "10:30", "eindtijd": "11:30",
        "plaats": "Stadskantoor", "kandidaat": wereld.kandidaat.pk})
    assert response.status_code == 302


# --- the werkzoekenden at each afspraak in staff's week ----------------------------------------------------------


def _afspraak(wereld, door, *, titel="Gesprek met klantmanager", soort="klantmanagergesprek", dagen=2, **extra):
    begin = timezone.now() + timedelta(days=dagen)
    return afspraak_plannen(door=door, soort=soort, titel=titel, start=begin, eind=begin + timedelta(hours=1),
                            plaats="Arnhem", **extra)


def _week_van(client, gebruiker, afspraak):
    client.force_login(gebruiker)
    return client.get(reverse("agenda") + "?week=" + _week(afspraak.start))


def _agendaregel():
    regel = Verwerking.objects.filter(doel="agenda bekijken").order_by("-pk").first()
    return regel, {b.object_id for b in regel.betrokkenen.all()} if regel else set()


def test_mijn_week_noemt_de_werkzoekende_bij_elke_afspraak_met_een_link_naar_het_dossier(client, wereld):
    """Five times "Gesprek met klantmanager" says nothing: each names who it is with. The klantmanager's own kandidaat
    links to the dossier; one she may not open is named without a link. The page's log line names both."""
    elders = KandidaatFactory(voornaam="Sanne", achternaam="Elders", klantmanager=wereld.vreemde_klantmanager)
    eigen = _afspraak(wereld, wereld.klantmanager, kandidaten=[wereld.kandidaat])
    _afspraak(wereld, wereld.klantmanager, kandidaten=[elders])
    response = _week_van(client, wereld.klantmanager, eigen)
    html = response.content.decode()
    dossier = reverse("dossier", args=[wereld.kandidaat.pk])
    assert f'<a class="utrecht-link" href="{dossier}">Willem van de Vecht</a>' in html
    assert "Met Sanne Elders" in html and reverse("dossier", args=[elders.pk]) not in html
    regel, genoemd = _agendaregel()
    assert regel.gebruiker == wereld.klantmanager and genoemd == {str(wereld.kandidaat.pk), str(elders.pk)}


def test_de_accountmanager_leest_de_naam_zonder_link_en_een_workshop_noemt_er_drie(client, wereld):
    """The accountmanager opens no dossier: the name, no link. A workshop names the first three by name and counts
    the rest; the log names the three shown, not the ones only counted."""
    kandidaten = [KandidaatFactory(voornaam=f"Deelnemer{i}", achternaam=f"Achter{i}") for i in range(5)]
    workshop = _afspraak(wereld, wereld.accountmanager, titel="Workshop solliciteren", soort="groepsbijeenkomst",
                         capaciteit=10, kandidaten=kandidaten)
    html = _week_van(client, wereld.accountmanager, workshop).content.decode()
    assert "Met Deelnemer0 Achter0, Deelnemer1 Achter1, Deelnemer2 Achter2 en 2 anderen" in html
    assert "Achter3" not in html and "/dossier" not in html.split("Workshop solliciteren", 1)[1].split("</li>")[0]
    _regel, genoemd = _agendaregel()
    assert genoemd == {str(k.pk) for k in kandidaten[:3]}


def test_de_agenda_van_werkgever_en_werkzoekende_noemt_geen_andere_werkzoekenden(client, wereld):
    anders = KandidaatFactory(voornaam="Sanne", achternaam="Anders")
    _afspraak(wereld, wereld.klantmanager, titel="Workshop solliciteren", soort="groepsbijeenkomst", capaciteit=10,
              kandidaten=[wereld.kandidaat, anders])
    _afspraak(wereld, wereld.accountmanager, titel="Kennismaken", soort="kennismakingsbezoek", dagen=3,
              werkgever=wereld.werkgever, gebruikers=[wereld.werkgever_user], kandidaten=[anders])
    voor = Verwerking.objects.count()
    for gebruiker in (wereld.werkzoekende_user, wereld.werkgever_user):
        client.force_login(gebruiker)
        html = client.get(reverse("agenda")).content.decode()
        assert ("Workshop solliciteren" if gebruiker.rol == "werkzoekende" else "Kennismaken") in html
        assert "Anders" not in html and "Met " not in html, gebruiker.rol
    assert Verwerking.objects.count() == voor


def test_query_count_mijn_week_van_de_klantmanager_met_werkzoekenden(client, wereld):
    """The names at the afspraken: one read of the deelnemers of the week, and for the dossier links the klantmanagers
    she covers for and the dossiers granted to her; whatever the number of afspraken and of werkzoekenden."""
    eerste = _afspraak(wereld, wereld.klantmanager, kandidaten=[wereld.kandidaat])
    url = reverse("agenda") + "?week=" + _week(eerste.start)
    client.force_login(wereld.klantmanager)
    klein = queries_voor(client, url)
    for i in range(12):
        _afspraak(wereld, wereld.klantmanager, titel=f"Gesprek {i}",
                  kandidaten=[KandidaatFactory(klantmanager=wereld.klantmanager if i % 2 else None)])
    groot = queries_voor(client, url)
    # session+user (+organisatie, regio), afspraken (+werkgever), the colleagues she covers for (their afspraken are
    # in her week), evaluations of the caseload, nazorg moments, the deelnemers with their kandidaat, the klantmanagers
    # she covers for (the dossiers she opens), the dossiers granted to her, content type, the log line with its
    # betrokkenen (logregel_queries), the feed row
    assert klein == groot == 10 + logregel_queries()
    _regel, genoemd = _agendaregel()
    assert len(genoemd) == 13


def test_de_link_naar_het_dossier_volgt_wie_het_dossier_mag_openen(client, wereld):
    """The link is there exactly when the dossier opens for her (``mag_dossier``): the caseload of a colleague she
    covers for, a dossier granted to her; not a colleague's she does not cover for."""

    collega = KlantmanagerFactory(organisatie=wereld.klantmanager.organisatie)
    andere_collega = KlantmanagerFactory(organisatie=wereld.klantmanager.organisatie)
    waarnemer_instellen(gebruiker=collega, waarnemer=wereld.klantmanager)
    waargenomen = KandidaatFactory(klantmanager=collega)
    toegekend = KandidaatFactory(klantmanager=wereld.vreemde_klantmanager)
    geef_objectrecht(wereld.klantmanager, "werkzoekenden.waarnemen_kandidaat", toegekend)
    niet = KandidaatFactory(klantmanager=andere_collega)
    afspraak = _afspraak(wereld, wereld.klantmanager, soort="groepsbijeenkomst", titel="Workshop", capaciteit=5,
                         kandidaten=[waargenomen, toegekend, niet])
    html = _week_van(client, wereld.klantmanager, afspraak).content.decode()
    wereld.klantmanager.refresh_from_db()
    for kandidaat in (waargenomen, toegekend, niet):
        link = reverse("dossier", args=[kandidaat.pk])
        assert (link in html) == mag_dossier(wereld.klantmanager, kandidaat) == (kandidaat != niet), kandidaat


def test_in_een_volle_workshop_staan_de_eigen_werkzoekenden_van_de_klantmanager_voorop(client, wereld):
    """Of thirty at a workshop she reads her own first: the names whose dossier she may open, then by name."""
    anderen = [KandidaatFactory(voornaam="Anna", achternaam=f"Aalbers{i}") for i in range(4)]
    workshop = _afspraak(wereld, wereld.klantmanager, titel="Workshop", soort="groepsbijeenkomst", capaciteit=10,
                         kandidaten=[*anderen, wereld.kandidaat])
    html = _week_van(client, wereld.klantmanager, workshop).content.decode()
    dossier = reverse("dossier", args=[wereld.kandidaat.pk])
    assert (f'Met <a class="utrecht-link" href="{dossier}">Willem van de Vecht</a>, Anna Aalbers0, Anna Aalbers1 '
            "en 2 anderen") in html
    _regel, genoemd = _agendaregel()
    assert genoemd == {str(wereld.kandidaat.pk), str(anderen[0].pk), str(anderen[1].pk)}


def test_de_klantmanager_ziet_ter_informatie_dat_ze_niet_mee_hoeft(client, wereld, gesprek, met_commit):
    """Willem goes alone after all: her week, the afspraak's page and her feed say she need not come (the feed keeps
    her time free), while the accountmanager reads that she does not come along."""

    met_commit(begeleider_kiezen, gesprek=wereld.gesprek, door=wereld.werkzoekende_user, mee=False)
    pad = _feed_url(client, wereld.klantmanager)
    [event] = _feed(client, pad).walk("VEVENT")
    assert str(event["uid"]) == gesprek.ics_uid
    assert str(event["summary"]).startswith("Ter informatie, je gaat niet mee")
    assert str(event["transp"]) == "TRANSPARENT"
    client.force_login(wereld.klantmanager)
    week = client.get(reverse("agenda") + "?week=" + _week(gesprek.start)).content.decode()
    assert "Ter informatie: je gaat niet mee" in week
    pagina = client.get(reverse("afspraak_detail", args=[gesprek.pk])).content.decode()
    assert "Je hoeft niet mee: het staat ter informatie in je agenda." in pagina
    client.force_login(wereld.accountmanager)
    pagina = client.get(reverse("afspraak_detail", args=[gesprek.pk])).content.decode()
    assert "(gaat niet mee, ter informatie)" in pagina and "Je hoeft niet mee" not in pagina
    # Asked again: hers to attend, in the feed too.
    met_commit(begeleider_kiezen, gesprek=wereld.gesprek, door=wereld.werkzoekende_user, mee=True)
    client.logout()
    [event] = _feed(client, pad).walk("VEVENT")
    assert "transp" not in event and not str(event["summary"]).startswith("Ter informatie")


def test_a_closed_dossier_is_not_in_the_week_nor_among_the_werkzoekenden_to_plan_with(client, wereld):
    """Exploratory test: after the dossier closed, "Mijn week" still asked to evaluate its plan, and the form for a new
    afspraak still offered the werkzoekende."""

    ander = KandidaatFactory(klantmanager=wereld.klantmanager)
    evaluatiedatum_instellen(kandidaat=wereld.kandidaat, door=wereld.klantmanager,
                             evaluatiedatum=timezone.localdate())
    client.force_login(wereld.klantmanager)
    assert "Evaluatie plan van aanpak: Willem van de Vecht" in client.get(reverse("agenda")).content.decode()
    keuzes = client.get(reverse("afspraak_nieuw")).context["form"].fields["kandidaat"].queryset
    assert wereld.kandidaat in keuzes
    dossier_afsluiten(kandidaat=wereld.kandidaat, door=wereld.klantmanager, reden="werk")
    assert "Evaluatie plan van aanpak: Willem van de Vecht" not in client.get(reverse("agenda")).content.decode()
    keuzes = client.get(reverse("afspraak_nieuw")).context["form"].fields["kandidaat"].queryset
    assert wereld.kandidaat not in keuzes and ander in keuzes


def test_op_de_wachtlijst_staat_de_workshop_als_wachtlijst_in_haar_agenda_en_feed_niet_als_plek(client, wereld):
    """Found on the demo: on the waiting list of a full workshop, "Mijn afspraken" and her calendar feed showed it
    just as the afspraken she has a place at (CONFIRMED, busy), so she would go to a workshop she has no place at."""
    start = timezone.now() + timedelta(days=3)
    workshop = afspraak_plannen(door=wereld.klantmanager, soort="groepsbijeenkomst", titel="Workshop CV",
                                start=start, eind=start + timedelta(hours=2), plaats="Wijkcentrum", capaciteit=1,
                                regio=wereld.werkzoekende_user.regio)
    aanmelden(afspraak=workshop, door=wereld.klantmanager, kandidaat=KandidaatFactory())
    pad = _feed_url(client, wereld.werkzoekende_user)
    client.force_login(wereld.werkzoekende_user)
    client.post(reverse("afspraak_aanmelden", args=[workshop.pk]))
    assert "Wachtlijst: je hebt nog geen plek" in client.get(reverse("agenda")).content.decode()
    client.logout()  # a calendar app has no session
    [event] = _feed(client, pad).walk("VEVENT")
    assert str(event["summary"]).startswith("Wachtlijst")
    assert event["transp"] == "TRANSPARENT"
    # The one with the place reads it as before: signed off, the place goes to her, and so does her feed.
    [plek] = workshop.deelnemers.filter(status="aangemeld", kandidaat__isnull=False)
    afmelden(afspraak=workshop, door=wereld.klantmanager, kandidaat=plek.kandidaat)
    [event] = _feed(client, pad).walk("VEVENT")
    assert str(event["summary"]) == "Workshop CV" and "transp" not in event
