"""Every list page costs a fixed number of queries, however many rows there are."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from accounts.tests.factories import AccountmanagerFactory, WerkzoekendeUserFactory
from conftest import logregel_queries
from outbox.models import Gebeurtenis
from plaatsingen.tests.factories import PlaatsingFactory
from werkgevers.models import Verzoek
from werkgevers.tests.factories import VacatureFactory, WerkgeverFactory
from werkzoekenden.tests.factories import KandidaatFactory

pytestmark = pytest.mark.django_db


# MEE: the header's unread meldingen count, read with the session (meldingen.selectors.ongelezen_met_de_sessie).


def queries_voor(client, url):
    ContentType.objects.clear_cache()  # measure a cold process, not a warm cache
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_caseload(client, wereld):
    client.force_login(wereld.klantmanager)
    url = reverse("klantmanager_home")
    klein = queries_voor(client, url)
    KandidaatFactory.create_batch(40, klantmanager=wereld.klantmanager)
    groot = queries_voor(client, url)
    # session+user (+organisatie, regio, the unread meldingen count: MEE), the ids of the caseload's klantmanagers
    # (own and covered), count, page of kandidaten (+gemeente, plan, overdue actions as EXISTS; keyset,
    # werkzoekenden/tests/test_caseload_schaal.py), the number that needs attention (2: past the denormalised date;
    # flagged only by "loopt achter" of sollicitaties, a semi-join), content type of Kandidaat, open questions for
    # consent (+werkgever, vacature, accountmanager, kandidaat), the verwerkingenlog line naming every kandidaat on
    # the page (1 line + N betrokkenen, never N lines; logregel_queries)
    log = logregel_queries()
    assert (klein, groot) == (8 + log, 8 + log)


def test_invitation_list_of_klantmanager(client, wereld):
    client.force_login(wereld.klantmanager)
    url = reverse("uitnodigen")
    klein = queries_voor(client, url)
    KandidaatFactory.create_batch(40, klantmanager=wereld.klantmanager)
    groot = queries_voor(client, url)
    # session+user (+organisatie, regio, MEE), the ids of the caseload's klantmanagers (own and covered), a keyset
    # page of the caseload without an account (+gemeente, klantmanager); with a page of names, the content type of
    # Kandidaat and the verwerkingenlog line naming them (1 line + N betrokkenen; logregel_queries)
    log = logregel_queries()
    assert (klein, groot) == (3, 4 + log)


def test_werkgevers_of_accountmanager(client, wereld):
    client.force_login(wereld.accountmanager)
    url = reverse("accountmanager_home")
    klein = queries_voor(client, url)
    WerkgeverFactory.create_batch(40, accountmanager=wereld.accountmanager)
    groot = queries_voor(client, url)
    # session+user (+organisatie, regio, MEE), page of werkgevers (+gemeente) and, once that first page is full, their
    # count (klantreis.lib.paginering.pagineer), first five verzoeken (+werkgever, gemeente, accountmanager), waiting
    # voordrachten, the ids of me and the colleagues I cover for, open taken (theirs too); the verzoeken are only
    # counted when there are five or more
    assert (klein, groot) == (6, 7)
    verzoeken = [
        Verzoek.objects.create(werkgever=wereld.werkgever, regio=wereld.accountmanager.regio,
                               kanaal=Verzoek.Kanaal.TELEFOON, contactpersoon="Piet", telefoon="026 1234567",
                               email="piet@example.nl", vraag=f"Vraag {i}",
                               deadline=timezone.now() + timedelta(hours=i + 1)) for i in range(6)]
    assert queries_voor(client, url) == 8
    html = client.get(url).content.decode()
    assert "6 werkgevers wachten op een telefoontje" in html
    # the five closest deadlines
    assert [reverse("verzoek_detail", args=[v.pk]) in html for v in verzoeken] == [True] * 5 + [False]


def test_vacatures_of_werkgever(client, wereld):
    client.force_login(wereld.werkgever_user)
    url = reverse("werkgever_home")
    vacature = VacatureFactory(werkgever=wereld.werkgever)
    geplaatst = [PlaatsingFactory(lopend=True, voordracht__vacature=vacature)]
    klein = queries_voor(client, url)
    VacatureFactory.create_batch(40, werkgever=wereld.werkgever)
    # "uw mensen via ons" reads 20 plaatsingen with only the columns it shows: a column it shows but did not read
    # would cost a query per row
    geplaatst += [PlaatsingFactory(lopend=True, voordracht__vacature=vacature) for _ in range(21)]
    groot = queries_voor(client, url)
    html = client.get(url).content.decode()
    assert sum(escape(str(p.kandidaat)) in html for p in geplaatst) == 20  # names such as van 't Hof
    assert html.count("proefplaatsing (met behoud van uitkering), loopt") == 20
    # session+user (+organisatie, regio, MEE), werkgever (+accountmanager, organisatie, gemeente, regio), count (only
    # once the first page is full: pagineer), page of vacatures (+gemeente, beroep, counts of voordrachten), afspraken, plaatsingen (+kandidaat, next contact
    # moment), the open "Hoe ging dit?" question; for the people on the page the verwerkingenlog's line and, in a
    # cold process, the kandidaat's content type. The WSP of the region is only read for a werkgever without a vaste
    # accountmanager (werkgevers/tests/test_views.py).
    log = logregel_queries()
    assert (klein, groot) == (7 + log, 8 + log)


def test_beheerder_overview(client, wereld):
    client.force_login(wereld.beheerder)
    url = reverse("beheerder_home")
    klein = queries_voor(client, url)
    KandidaatFactory.create_batch(5, klantmanager=wereld.klantmanager)
    WerkgeverFactory.create_batch(5)
    groot = queries_voor(client, url)
    assert klein == groot


@pytest.mark.parametrize("model", ["user", "organisatie", "gemeente", "arbeidsmarktregio", "verwerking"])
def test_admin_lists(client, wereld, model):
    client.force_login(wereld.beheerder)
    url = reverse(f"admin:accounts_{model}_changelist")
    klein = queries_voor(client, url)
    WerkgeverFactory.create_batch(10)
    KandidaatFactory.create_batch(10, klantmanager=wereld.klantmanager)
    client.get(reverse("klantmanager_home"))  # adds lines to the verwerkingenlog
    client.force_login(wereld.beheerder)
    assert queries_voor(client, url) == klein


def _verzoeken(n, regio_postcode="6811 AB"):
    from werkgevers.models import Verzoek
    from werkgevers.services import verzoek_indienen

    for i in range(n):
        verzoek_indienen(
            bedrijfsnaam=f"Bedrijf {i}", kvk_nummer=f"{50000000 + i + Verzoek.objects.count() * 100}", adres="Markt 1",
            postcode=regio_postcode, plaats="Arnhem", sector="Bouw", aantal_medewerkers=10, contactpersoon="Piet",
            telefoon="026 1234567", email=f"p{i}@b.nl", vraag="Hulp", kanaal=Verzoek.Kanaal.WEBFORMULIER,
        )


def test_verzoeken_queue(client, wereld):
    client.force_login(wereld.accountmanager)
    url = reverse("verzoeken")
    _verzoeken(2)
    klein = queries_voor(client, url)
    _verzoeken(30)
    _nog_een_vraag(Verzoek.objects.order_by("deadline", "pk")[:10])
    groot = queries_voor(client, url)
    # session+user (+organisatie, regio, MEE), page of verzoeken (+werkgever, gemeente, accountmanager, how many
    # questions were added), their count only once the first page is full (pagineer)
    assert (klein, groot) == (2, 3)
    assert "en nog 1 vraag" in client.get(url).content.decode()


def _nog_een_vraag(verzoeken):
    """The public form again for each verzoek's company: a question added to it."""
    from werkgevers.services import verzoek_indienen

    for v in verzoeken:
        verzoek_indienen(
            bedrijfsnaam=v.werkgever.naam, kvk_nummer=v.werkgever.kvk_nummer, adres="Markt 1", postcode="6811 AB",
            plaats="Arnhem", sector="Bouw", aantal_medewerkers=10, contactpersoon="Els", telefoon="026 7654321",
            email="els@b.nl", vraag="Nog iets", kanaal=Verzoek.Kanaal.WEBFORMULIER,
        )


def test_verzoek_page_with_its_questions_and_both_forms(client, wereld):
    """The verzoek page lists the questions added to it, and both the contact and the close form tick them: the same
    queries for one or twelve."""
    client.force_login(wereld.accountmanager)
    _verzoeken(1)
    verzoek = Verzoek.objects.get()
    url = reverse("verzoek_detail", args=[verzoek.pk])
    _nog_een_vraag([verzoek])
    klein = queries_voor(client, url)
    for i in range(11):
        Verzoek.objects.get(pk=verzoek.pk).aanvullingen.create(bedrijfsnaam="B", contactpersoon=f"Vrager {i}",
                                                               telefoon="026 1", email="v@b.nl", vraag="Nog iets")
    html = client.get(url).content.decode()
    assert html.count('name="sluiten-mee"') == 12 and html.count('name="gebeld"') == 12
    # session+user (+organisatie, regio, MEE), the verzoek (+werkgever, gemeente, accountmanagers), the log line's
    # content type (a cold process) and the line (logregel_queries), its questions
    assert queries_voor(client, url) == klein == 4 + logregel_queries()


def test_werkgevers_of_region(client, wereld):
    client.force_login(wereld.accountmanager)
    url = reverse("werkgevers_regio")
    klein = queries_voor(client, url)
    WerkgeverFactory.create_batch(30, accountmanager=wereld.accountmanager)
    # session+user (+organisatie, regio, MEE), a keyset page (+gemeente, accountmanager; no count)
    assert queries_voor(client, url) == klein == 2


def test_tijdlijn(client, wereld):
    from werkgevers.services import tijdlijn

    client.force_login(wereld.werkgever_user)
    url = reverse("werkgever_tijdlijn", args=[wereld.werkgever.pk])
    tijdlijn(wereld.werkgever, "contact", "Gebeld", door=wereld.accountmanager)
    klein = queries_voor(client, url)
    for i in range(30):
        tijdlijn(wereld.werkgever, "contact", f"Gebeld {i}", door=wereld.accountmanager)
    groot = queries_voor(client, url)
    for i in range(30):
        tijdlijn(wereld.werkgever, "contact", f"Later {i}", door=wereld.accountmanager)
    # the COUNT only once the first page is full (pagineer); after that nothing more
    assert (groot, queries_voor(client, url)) == (klein + 1, klein + 1)


def test_voordrachten_of_vacature(client, wereld):
    from bemiddeling.services import voordracht_create
    from werkzoekenden.models import Toestemming
    from werkzoekenden.services import toestemming_verlenen

    wereld.met_bemiddeling()
    client.force_login(wereld.werkgever_user)
    url = reverse("vacature_detail", args=[wereld.vacature.pk])
    klein = queries_voor(client, url)
    for kandidaat in KandidaatFactory.create_batch(30, klantmanager=wereld.klantmanager):
        toestemming_verlenen(kandidaat=kandidaat, doel=Toestemming.Doel.DELEN_MET_WERKGEVER,
                             werkgever=wereld.werkgever, door=wereld.klantmanager)
        voordracht_create(vacature=wereld.vacature, kandidaat=kandidaat, door=wereld.accountmanager,
                          toelichting="past")
    groot = queries_voor(client, url)
    # session+user (+organisatie, regio, MEE), vacature (+werkgever...), page (+kandidaat, toestemming) and, once it
    # is full, its count (pagineer),
    # instrumenten (prefetch), vereiste and gewenste vaardigheden (one query); the verwerkingenlog: content type of
    # Kandidaat, the line naming every kandidaat on the page (logregel_queries)
    log = logregel_queries()
    assert (klein, groot) == (6 + log, 7 + log)


def test_taken(client, wereld):
    from taken.services import taak_aanmaken

    client.force_login(wereld.klantmanager)
    url = reverse("taken")
    taak_aanmaken(voor=wereld.klantmanager, omschrijving="Eerste taak")
    klein = queries_voor(client, url)
    for i in range(30):
        taak_aanmaken(voor=wereld.klantmanager, omschrijving=f"Taak {i}")
    groot = queries_voor(client, url)
    for i in range(30):
        taak_aanmaken(voor=wereld.klantmanager, omschrijving=f"Later {i}")
    # the COUNT only once the first page is full (pagineer); after that nothing more
    assert (groot, queries_voor(client, url)) == (klein + 1, klein + 1)


def test_taken_about_kandidaten_link_to_their_dossiers_at_the_same_cost(client, wereld):
    """A task about a kandidaat (``Taak.kandidaat``) links the klantmanager to the dossier: the kandidaat comes in
    the page's one query (a join), however many there are."""
    from taken.models import Taak

    client.force_login(wereld.klantmanager)
    url = reverse("taken")
    Taak.objects.create(toegewezen_aan=wereld.klantmanager, omschrijving="Over Willem", kandidaat=wereld.kandidaat)
    klein = queries_voor(client, url)
    for i in range(30):
        Taak.objects.create(toegewezen_aan=wereld.klantmanager, omschrijving=f"Taak {i}",
                            kandidaat=KandidaatFactory(klantmanager=wereld.klantmanager))
    groot = queries_voor(client, url)
    # as above: the COUNT once the first page is full; the verwerkingenlog line names them all in one go
    assert groot == klein + 1
    html = client.get(url).content.decode()
    assert html.count('href="/dossiers/') == 25


def test_taken_of_a_beheerder(client, wereld):
    """The beheerder's /taken/ (AVG requests nobody else may open, bulkrem checks): its links to what he may not open
    are hidden without a query per task."""
    from taken.tests.factories import TaakFactory
    from werkzoekenden.tests.factories import RechtenverzoekFactory

    client.force_login(wereld.beheerder)
    url = reverse("taken")

    def erbij(n):
        for i in range(n):
            kandidaat = KandidaatFactory(klantmanager=wereld.klantmanager)
            TaakFactory(toegewezen_aan=wereld.beheerder, omschrijving=f"Wijs een coördinator aan {i}",
                        kandidaat=kandidaat, rechtenverzoek=RechtenverzoekFactory(kandidaat=kandidaat))

    erbij(1)
    klein = queries_voor(client, url)
    erbij(30)
    groot = queries_voor(client, url)
    erbij(30)
    # as for a klantmanager: the COUNT once the first page is full, then nothing more
    assert (groot, queries_voor(client, url)) == (klein + 1, klein + 1)


def test_instrumenten(client, wereld):
    from werkgevers.models import Instrument

    client.force_login(wereld.werkgever_user)
    url = reverse("instrumenten")
    klein = queries_voor(client, url)
    for i in range(20):
        Instrument.objects.create(naam=f"Regeling {i}", samenvatting="x", voorwaarden="y", voor_wie="z",
                                  aanvragen_bij="UWV")
    assert queries_voor(client, url) == klein


def test_nazorg_overzicht(client, wereld):
    from bemiddeling.models import Voordracht
    from plaatsingen.models import NazorgMoment, Plaatsing

    wereld.met_plaatsing()
    client.force_login(wereld.accountmanager)
    url = reverse("nazorg_overzicht")
    NazorgMoment.objects.update(gepland_op=timezone.now() - timedelta(hours=1))
    klein = queries_voor(client, url)
    for i in range(25):
        # Each its own (accepted) voordracht: the database allows one first plaatsing per voordracht.
        voordracht = Voordracht.objects.get(pk=wereld.plaatsing.voordracht_id)
        voordracht.pk = None
        voordracht.save()
        kopie = Plaatsing.objects.get(pk=wereld.plaatsing.pk)
        kopie.pk = None
        kopie.vorige = None
        kopie.voordracht = voordracht
        kopie.save()
        NazorgMoment.objects.create(plaatsing=kopie, soort="extra", gepland_op=timezone.now() - timedelta(hours=2))
    groot = queries_voor(client, url)
    # session+user, due moments (+plaatsing, kandidaat, werkgever), ending proefplaatsingen, counts per status,
    # a keyset page of plaatsingen (+kandidaat, werkgever, next moment; no count), regio in the header
    assert klein == groot


@pytest.mark.parametrize("rol", ["accountmanager", "klantmanager", "werkgever"])
def test_plaatsing_detail_with_its_regelingen_and_their_aanvragen(client, wereld, rol):
    """The plaatsing page shows each regeling with its aanvraag (the accountmanager also its history and two small
    forms): a fixed number of queries however many regelingen there are."""
    from plaatsingen.services import regeling_aanvragen, regeling_besluit
    from werkgevers.models import Instrument

    wereld.met_plaatsing()
    plaatsing = wereld.plaatsing
    plaatsing.instrumenten.set([])

    def met_aanvraag(instrument, besluit=None):
        plaatsing.instrumenten.add(instrument)
        regeling_aanvragen(plaatsing=plaatsing, instrument=instrument, door=wereld.accountmanager,
                           aangevraagd_op=timezone.localdate(), kenmerk="K-1")
        if besluit:
            regeling_besluit(plaatsing=plaatsing, instrument=instrument, door=wereld.accountmanager, besluit=besluit,
                             op=timezone.localdate(), reden="Reden")

    # The regeling Proefplaatsing has no aanvraag of its own (it follows the akkoord).
    instrumenten = list(Instrument.objects.exclude(naam="Proefplaatsing").order_by("pk")[:5])
    met_aanvraag(instrumenten[0])
    client.force_login(wereld.gebruiker(rol))
    url = reverse("plaatsing_detail", args=[plaatsing.pk])
    klein = queries_voor(client, url)
    # The regelingen are read once (reviewed: the block's own list was read too, and thrown away).
    ContentType.objects.clear_cache()
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    assert len([q for q in ctx.captured_queries if "plaatsing_instrumenten" in q["sql"]]) == 1
    met_aanvraag(instrumenten[1], "toegekend")
    met_aanvraag(instrumenten[2], "afgewezen")
    met_aanvraag(instrumenten[3], "ingetrokken")
    plaatsing.instrumenten.add(instrumenten[4])  # still to be applied for
    groot = queries_voor(client, url)
    # ... the regelingen, their aanvragen, and for staff the aanvragen's changes (+door): one query each, not one per
    # regeling.
    assert klein == groot


# --- berichten en meldingen (issue #13) -------------------------------------------------------


def _wisseling(wereld, onderwerp="Vraag"):
    from berichten.services import wisseling_starten

    return wisseling_starten(door=wereld.werkzoekende_user, soort="werkzoekende", kandidaat=wereld.kandidaat,
                             onderwerp=onderwerp, tekst="Hoi Karin")


def test_berichten_list(client, wereld):
    client.force_login(wereld.klantmanager)
    url = reverse("berichten")
    _wisseling(wereld)
    klein = queries_voor(client, url)
    for kandidaat in KandidaatFactory.create_batch(30, klantmanager=wereld.klantmanager):
        from accounts.tests.factories import WerkzoekendeUserFactory

        kandidaat.account = WerkzoekendeUserFactory()
        kandidaat.save()
        from berichten.services import wisseling_starten

        wisseling_starten(door=kandidaat.account, soort="werkzoekende", kandidaat=kandidaat, onderwerp="Vraag",
                          tekst="Hallo")
    groot = queries_voor(client, url)
    # session+user (+organisatie, regio, MEE), the dossiers granted to this klantmanager and the ids of the caseload's
    # klantmanagers (own and covered; both as values, so the planner sees the caseload's size), the page of threads
    # (keyset, no count; +kandidaat, klantmanager, werkgever, accountmanager, unread as EXISTS), content type of
    # Kandidaat, the verwerkingenlog line naming every kandidaat on the page (logregel_queries)
    log = logregel_queries()
    assert (klein, groot) == (5 + log, 5 + log)


def test_thread_with_10000_messages_pages_in_fixed_queries(client, wereld):
    from berichten.models import Bericht

    wisseling = _wisseling(wereld)
    client.force_login(wereld.werkzoekende_user)
    url = reverse("wisseling", args=[wisseling.pk])
    klein = queries_voor(client, url)
    Bericht.objects.bulk_create([Bericht(wisseling=wisseling, afzender=wereld.klantmanager, tekst=f"Bericht {i}")
                                 for i in range(10_000)], batch_size=2000)
    client.get(url)  # read: the measured views below both find the read state up to date
    groot = queries_voor(client, url)
    # session+user (+organisatie, regio, MEE), thread (+kandidaat, klantmanager, account, werkgever, accountmanager),
    # newest page of 21 (+afzender), its bijlagen, read state (an UPDATE that finds it up to date, then EXISTS), the
    # meldingen that point to this thread marked read (one UPDATE; none here, so the count read with the session
    # holds)
    assert klein == groot == 7
    response = client.get(url)
    assert b"Bericht 9999" in response.content and b"Bericht 9979" not in response.content
    # Deep in the thread: still one index range, same count.
    oudste = Bericht.objects.filter(wisseling=wisseling).order_by("pk").values_list("pk", flat=True)[20]
    diep = queries_voor(client, f"{url}?voor={oudste}")
    assert diep <= groot
    assert b"Hoi Karin" in client.get(f"{url}?voor={oudste}").content


def test_meldingen_list(client, wereld):
    from meldingen.services import meldingen_maken

    client.force_login(wereld.werkzoekende_user)
    url = reverse("meldingen")
    meldingen_maken([{"ontvanger": wereld.werkzoekende_user, "soort": "plan", "tekst": "x", "sleutel": "q0"}])
    klein = queries_voor(client, url)
    meldingen_maken([{"ontvanger": wereld.werkzoekende_user, "soort": "plan", "tekst": f"x{i}", "sleutel": f"q{i}"}
                     for i in range(1, 60)])
    groot = queries_voor(client, url)
    # session+user (+organisatie, regio, MEE), page of meldingen, their count once the first page is full (pagineer)
    assert (klein, groot) == (2, 3)


def test_werkzoekende_home_with_waar_sta_ik(client, wereld):
    """Issue #14: the home page's "Waar sta ik?" reads the whole journey in a fixed number of queries, however
    many actions, groepsbijeenkomsten, voordrachten and gesprekken the dossier holds."""
    from agenda.models import Afspraak, Deelnemer
    from bemiddeling.services import gesprek_plannen, voordracht_create, voordracht_reageren
    from werkzoekenden.models import Toestemming
    from werkzoekenden.services import actie_toevoegen, toestemming_verlenen

    client.force_login(wereld.werkzoekende_user)
    url = reverse("werkzoekende_home")
    klein = queries_voor(client, url)
    k = wereld.kandidaat
    for i in range(8):
        actie_toevoegen(kandidaat=k, door=wereld.klantmanager, levensdomein="werk", doel="Werk",
                        omschrijving=f"Stap {i}", eigenaar="ik" if i % 2 else "contactpersoon")
        start = timezone.now() + timedelta(days=i - 4)
        afspraak = Afspraak.objects.create(soort=Afspraak.Soort.GROEPSBIJEENKOMST, titel=f"Workshop {i}", start=start,
                                           eind=start + timedelta(hours=1), plaats="Werkplein", capaciteit=10,
                                           georganiseerd_door=wereld.klantmanager, ics_uid=f"w{i}@test")
        Deelnemer.objects.create(afspraak=afspraak, kandidaat=k)
    for i in range(4):
        werkgever = WerkgeverFactory(accountmanager=wereld.accountmanager)
        vacature = VacatureFactory(werkgever=werkgever)
        toestemming_verlenen(kandidaat=k, doel=Toestemming.Doel.DELEN_MET_WERKGEVER, werkgever=werkgever,
                             door=wereld.klantmanager)
        voordracht = voordracht_create(vacature=vacature, kandidaat=k, door=wereld.accountmanager, toelichting="Past.")
        if i % 2:
            voordracht_reageren(voordracht=voordracht, door=wereld.accountmanager, uitnodigen=True)
            gesprek_plannen(voordracht=voordracht, door=wereld.accountmanager, locatie="Arnhem",
                            begint_op=timezone.now() + timedelta(days=i + 1), begeleider_gaat_mee=False)
    groot = queries_voor(client, url)
    # session+user (+organisatie, regio, MEE), kandidaat (+klantmanager), open actions, the current plaatsing, open
    # consent questions, "Waar sta ik?" (the kandidaat's counts in one query with subqueries, the latest plaatsing
    # with its nazorg among them; the voordrachten with their next gesprek), the sollicitatieplicht of the current
    # period, the open "Hoe ging dit?" question
    assert (klein, groot) == (9, 9)


def _gebeurtenissen(n):
    Gebeurtenis.objects.bulk_create(Gebeurtenis(soort="test.lijst", gegevens={"i": i}) for i in range(n))


def _tweede_stappen(n):
    """Second factors of n new people: the column "gebruiker" names each (the user comes with the row)."""
    from allauth.mfa.models import Authenticator

    Authenticator.objects.bulk_create(Authenticator(user=u, type=Authenticator.Type.RECOVERY_CODES, data={})
                                      for u in AccountmanagerFactory.create_batch(n))


def _inlogkoppelingen(n):
    from allauth.socialaccount.models import SocialAccount

    SocialAccount.objects.bulk_create(SocialAccount(user=u, provider="digid", uid=f"s-{u.pk}")
                                      for u in WerkzoekendeUserFactory.create_batch(n))


@pytest.mark.parametrize(("lijst", "vullen"), [
    ("admin:werkgevers_vacature_changelist", lambda n: VacatureFactory.create_batch(n)),
    ("admin:werkgevers_werkgever_changelist", lambda n: WerkgeverFactory.create_batch(n)),
    ("admin:outbox_gebeurtenis_changelist", _gebeurtenissen),
    ("admin:mfa_authenticator_changelist", _tweede_stappen),
    ("admin:socialaccount_socialaccount_changelist", _inlogkoppelingen),
], ids=["vacatures", "werkgevers", "gebeurtenissen", "tweede-stappen", "inlogkoppelingen"])
def test_big_admin_lists(client, wereld, lijst, vullen):
    """The admin lists of tables that grow with the country (klantreis/lib/beheerlijst.py)."""
    client.force_login(wereld.beheerder)
    vullen(3)
    klein = queries_voor(client, reverse(lijst))
    vullen(30)
    assert queries_voor(client, reverse(lijst)) == klein


def test_collegas_of_werkgever(client, wereld):
    """"Collega's met toegang": the people who can log in and the open invitations (of new colleagues and of
    addresses with another account alike)."""
    from accounts.models import Collegauitnodiging
    from werkgevers.tests.factories import WerkgeverUserFactory

    client.force_login(wereld.werkgever_user)
    url = reverse("werkgever_collegas")
    WerkgeverUserFactory(werkgever=wereld.werkgever)
    klein = queries_voor(client, url)
    for n in range(15):
        collega = WerkgeverUserFactory(werkgever=wereld.werkgever)
        nieuw = WerkgeverUserFactory(werkgever=wereld.werkgever, password="!onbruikbaar")
        for email, gebruiker in ((f"elders{n}@example.nl", None), (nieuw.email, nieuw)):
            Collegauitnodiging.objects.create(door=wereld.werkgever_user, organisatie=wereld.werkgever.organisatie,
                                              email=email, voornaam="Nog", achternaam=str(n), gebruiker=gebruiker)
        assert collega.has_usable_password()
    groot = queries_voor(client, url)
    # session+user (+organisatie, regio, MEE), the werkgever (+accountmanager, waarnemer, gemeente, regio), the open
    # invitations (+their colleague's account), the people with an active account, the content type of User and
    # the verwerkingenlog line naming the colleagues on the page (1 line + N betrokkenen; logregel_queries)
    log = logregel_queries()
    assert (klein, groot) == (5 + log, 5 + log)


def _toegangen(wereld, aantal, *, kandidaat=None, aan=None):
    """``aantal`` colleagues of Karin's organisation with access to Willem's dossier (or ``aan`` one colleague with
    access to ``aantal`` dossiers of Karin's)."""
    from accounts.tests.factories import KlantmanagerFactory
    from werkzoekenden.services import dossiertoegang_geven

    karin = wereld.klantmanager
    for _i in range(aantal):
        dossiertoegang_geven(
            kandidaat=kandidaat or (KandidaatFactory(klantmanager=karin) if aan else wereld.kandidaat), door=karin,
            klantmanager=aan or KlantmanagerFactory(organisatie=karin.organisatie, regio=karin.regio),
            reden="Neemt waar", tot=timezone.localdate() + timedelta(days=10))


def test_toegang_tot_dossier(client, wereld):
    client.force_login(wereld.klantmanager)
    url = reverse("dossier_toegang", args=[wereld.kandidaat.pk])
    _toegangen(wereld, 1)
    klein = queries_voor(client, url)
    _toegangen(wereld, 30)
    groot = queries_voor(client, url)
    # session+user (+organisatie, regio, MEE), the kandidaat (+klantmanager, organisatie, gemeente, account), the
    # content type of Kandidaat and the verwerkingenlog line (logregel_queries), the page of accesses (+colleague,
    # organisatie, given by, consent); their count once the first page is full (pagineer)
    log = logregel_queries()
    assert (klein, groot) == (4 + log, 5 + log)


def test_gedeelde_dossiers(client, wereld):
    from accounts.tests.factories import KlantmanagerFactory

    karin = wereld.klantmanager
    collega = KlantmanagerFactory(organisatie=karin.organisatie, regio=karin.regio)
    client.force_login(collega)
    url = reverse("gedeelde_dossiers")
    _toegangen(wereld, 1, aan=collega)
    klein = queries_voor(client, url)
    _toegangen(wereld, 30, aan=collega)
    groot = queries_voor(client, url)
    # session+user (+organisatie, regio, MEE), the page of accesses (+kandidaat, given by), their count once the
    # first page is full (pagineer), the content type of Kandidaat and the verwerkingenlog line naming every
    # kandidaat on the page (1 line + N betrokkenen; logregel_queries)
    log = logregel_queries()
    assert (klein, groot) == (3 + log, 4 + log)


def test_mijn_gegevens_with_who_else_sees_the_dossier(client, wereld):
    client.force_login(wereld.werkzoekende_user)
    url = reverse("mijn_gegevens")
    _toegangen(wereld, 1)
    klein = queries_voor(client, url)
    _toegangen(wereld, 20)
    groot = queries_voor(client, url)
    # session+user (+MEE), her kandidaat, her requests about her data, who else has access (+colleague,
    # organisatie, given by, consent)
    assert (klein, groot) == (4, 4)
