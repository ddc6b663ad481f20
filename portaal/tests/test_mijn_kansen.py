"""Mijn kansen (issue #14 item 5): vacatures that fit, in the werkzoekende's own words, and "Ik wil hier meer
over weten" for the klantmanager: once per vacature, a melding and a task, and the werkzoekende sees it went."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import gemeente
from bemiddeling.services import gesprek_plannen, voordracht_create, voordracht_reageren, voordracht_uitkomst
from beroepen.tests.factories import BeroepFactory
from matching import selectors as matching_selectors
from matching.models import Interesse
from matching.services import INTERESSE_GETOOND, interesse_tonen
from matching.tests.test_gewichten_admin import Klok
from meldingen.models import Melding
from outbox.models import Gebeurtenis
from plaatsingen.models import Plaatsing
from plaatsingen.services import plaatsing_starten
from taken.models import Taak
from tests.gebouwd import gebouwde_queries
from werkgevers.models import Vacature
from werkgevers.tests.factories import VacatureFactory, WerkgeverFactory
from werkzoekenden.services import dossier_afsluiten, toestemming_verlenen

pytestmark = pytest.mark.django_db


@pytest.fixture
def kansen(wereld):
    """Willem (Arnhem, 6822 AB) wishes to be a productiemedewerker and can two of its three skills; one vacature
    in Arnhem asks VCA he does not have, one in Zwolle is in another region."""
    beroep = BeroepFactory(naam="productiemedewerker", met_vaardigheden=["machines bedienen", "inpakken", "VCA"])
    vaardigheden = {v.naam: v for v in beroep.vaardigheden.all()}
    k = wereld.kandidaat
    k.postcode, k.max_reisafstand_km, k.gewenste_uren, k.rijbewijs = "6822 AB", 25, 32, "B"
    k.save()
    k.gewenste_beroepen.set([beroep])
    k.vaardigheden.set([vaardigheden["machines bedienen"], vaardigheden["inpakken"]])
    werkgever = WerkgeverFactory(naam="Zuivelfabriek Geheim B.V.", sector="Voedingsindustrie",
                                 accountmanager=wereld.accountmanager)
    vacature = VacatureFactory(werkgever=werkgever, titel="Productiemedewerker zuivel", beroep=beroep,
                               postcode="6812 AA", uren_per_week=32, rijbewijs="C",
                               omschrijving="Bel Piet op 06-99999999")
    vacature.vereiste_vaardigheden.set(list(vaardigheden.values()))
    return vacature


def _html(client, wereld):
    client.force_login(wereld.werkzoekende_user)
    antwoord = client.get(reverse("mijn_kansen"))
    assert antwoord.status_code == 200
    return antwoord.content.decode()


def test_why_it_fits_and_what_is_missing_in_plain_words(client, wereld, kansen):
    html = _html(client, wereld)
    assert "Productiemedewerker zuivel" in html and "Voedingsindustrie" in html
    assert "Je zoekt werk als productiemedewerker." in html
    assert "Je kunt al: inpakken, machines bedienen." in html
    assert "Je woont op 3 km." in html  # 6822 to 6812, centre to centre
    assert "Het is 32 uur per week. Dat past bij de 32 uur die je wilt werken." in html
    assert "Dit vragen ze en heb je nog niet: VCA." in html
    assert "Je hebt nog geen rijbewijs C." in html
    # No staff words, no score, and nothing confidential of the werkgever.
    for woord in ("past voor", "kandidaat", "Kandidaat", "doelgroepregister", "Zuivelfabriek Geheim",
                  "06-99999999"):
        assert woord not in html, woord
    assert "Ik wil hier meer over weten" in html


def test_interest_once_per_vacature_tells_the_klantmanager(client, wereld, kansen, django_capture_on_commit_callbacks):
    client.force_login(wereld.werkzoekende_user)
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = client.post(reverse("mijn_kansen"), {"vacature": kansen.pk}, follow=True)
    html = antwoord.content.decode()
    assert "Verstuurd." in html and "weet dat je hier meer over wilt weten" in html
    assert "Ik wil hier meer over weten" not in html
    [melding] = Melding.objects.filter(ontvanger=wereld.klantmanager, soort="interesse")
    assert "Willem" in melding.tekst and "Productiemedewerker zuivel" in melding.tekst
    assert melding.url == reverse("dossier", args=[wereld.kandidaat.pk])
    [taak] = Taak.objects.filter(toegewezen_aan=wereld.klantmanager, sleutel__startswith="interesse:")
    assert "Willem" in taak.omschrijving and taak.werkgever == kansen.werkgever
    # A second click (another tab, a double tap): nothing new.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mijn_kansen"), {"vacature": kansen.pk})
    assert Interesse.objects.count() == 1 and Gebeurtenis.objects.filter(soort=INTERESSE_GETOOND).count() == 1
    assert Melding.objects.filter(soort="interesse").count() == 1
    # The werkgever and its accountmanager hear nothing from here.
    assert not Melding.objects.filter(ontvanger__in=[wereld.accountmanager, wereld.werkgever_user]).exists()


def test_a_vacature_not_among_your_chances_gets_a_message(client, wereld, kansen):
    elders = VacatureFactory(titel="Ver weg", werkgever=WerkgeverFactory(), postcode="8011 AA")
    elders.regio = wereld.vreemde_klantmanager.regio
    elders.save()
    client.force_login(wereld.werkzoekende_user)
    for waarde in (str(elders.pk), "abc", "", "999999"):
        antwoord = client.post(reverse("mijn_kansen"), {"vacature": waarde}, follow=True)
        assert antwoord.status_code == 200
        assert "staat niet meer bij je kansen" in antwoord.content.decode()
    assert not Interesse.objects.exists()


def test_a_closed_vacature_cannot_be_asked_about(wereld, kansen):
    kansen.status = "gesloten"
    kansen.save()
    with pytest.raises(ValidationError):
        interesse_tonen(kandidaat=wereld.kandidaat, vacature=kansen, door=wereld.werkzoekende_user)


def test_mijn_gegevens_no_longer_shows_the_staff_block(client, wereld, kansen):
    client.force_login(wereld.werkzoekende_user)
    html = client.get(reverse("dossier", args=[wereld.kandidaat.pk])).content.decode()
    assert "Vacatures die passen" not in html and "past voor" not in html
    assert reverse("mijn_kansen") in html
    client.force_login(wereld.klantmanager)
    assert "Vacatures die passen" in client.get(reverse("dossier", args=[wereld.kandidaat.pk])).content.decode()


def test_query_count_does_not_grow_with_the_vacatures(client, wereld, kansen, django_assert_num_queries, monkeypatch):
    """Mijn kansen with 1 and with 8 fitting vacatures (some already asked about): the same number of queries."""
    monkeypatch.setattr(matching_selectors, "time", Klok())  # the weights are read once, however slow the machine
    client.force_login(wereld.werkzoekende_user)
    client.get(reverse("mijn_kansen"))  # the per-process caches (reference data, the vacature index) fill once

    def tel():
        with CaptureQueriesContext(connection) as vastgelegd:
            assert client.get(reverse("mijn_kansen")).status_code == 200
        return len(vastgelegd)

    een = tel()
    for i in range(7):
        v = VacatureFactory(werkgever=WerkgeverFactory(sector=f"Sector {i}"), beroep=kansen.beroep,
                            titel=f"Inpakker {i}", postcode="6811 AB")
        v.vereiste_vaardigheden.set(kansen.vereiste_vaardigheden.all())
        if i % 2:
            Interesse.objects.create(kandidaat=wereld.kandidaat, vacature=v)
    # The first request after a change reads the changed vacatures into the index (3 queries, once per process).
    client.get(reverse("mijn_kansen"))
    assert tel() == een
    # session+user (+organisatie, regio: the header's regio; the bell's count) (1); the kandidaat (1: on PostgreSQL
    # with the ids of skills and wishes as arrays in the row, which make the ranking's profile and breder kijken's
    # input); the weights (none: read once per process every few seconds, GEWICHTEN_GELDIG_SECONDEN); the vacature
    # index catching up (1); the proposals' current stamps (1); skill and occupation names (none: read once per
    # process); the vacatures with werkgever and gemeente (1); interest already sent (1). On SQLite the profile
    # reads the row and its links again (2) and breder kijken the skills and beroepen (2).
    assert een == (6 if connection.vendor == "postgresql" else 10)


def test_the_vacatures_and_the_interest_shown_are_read_with_sql_compiled_once(client, wereld, kansen, monkeypatch,
                                                                            django_capture_on_commit_callbacks):
    """The page shows each vacature of the ranking with its werkgever, and "you asked about this" with the moment, on
    every visit from SQL compiled once per process (before: two querysets built on every visit)."""
    client.force_login(wereld.werkzoekende_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mijn_kansen"), {"vacature": kansen.pk})
    eerste = client.get(reverse("mijn_kansen")).context["kansen"]
    [kans] = [k for k in eerste if k["v"].pk == kansen.pk]
    assert kans["verstuurd"] == Interesse.objects.get().getoond_op and kans["v"].werkgever.naam == kansen.werkgever.naam
    gebouwd = gebouwde_queries(monkeypatch)
    tweede = client.get(reverse("mijn_kansen")).context["kansen"]
    assert [(k["v"].pk, k["verstuurd"]) for k in tweede] == [(k["v"].pk, k["verstuurd"]) for k in eerste]
    assert not [c for c in gebouwd if c.query.model in (Vacature, Interesse)]


def test_a_vacature_he_was_put_forward_for_shows_as_in_progress_without_the_interest_button(
        client, wereld, kansen, django_capture_on_commit_callbacks):
    """Before: the vacature with his voordracht (and a gesprek planned) still said "Ik wil hier meer over weten", and
    a click gave the klantmanager a task to ask for the voordracht he already had."""
    tweede = VacatureFactory(werkgever=WerkgeverFactory(sector="Logistiek"), titel="Inpakker", beroep=kansen.beroep,
                             postcode="6812 AA", uren_per_week=32)
    tweede.vereiste_vaardigheden.set(kansen.vereiste_vaardigheden.all())
    client.force_login(wereld.werkzoekende_user)
    voor = client.get(reverse("mijn_kansen"))
    volgorde = [k["v"].pk for k in voor.context["kansen"]]
    with CaptureQueriesContext(connection) as zonder:
        client.get(reverse("mijn_kansen"))

    toestemming_verlenen(kandidaat=wereld.kandidaat, doel="werkgever", werkgever=kansen.werkgever,
                         door=wereld.werkzoekende_user)
    voordracht = voordracht_create(vacature=kansen, kandidaat=wereld.kandidaat, door=wereld.accountmanager,
                                   toelichting="Past goed.")
    voordracht_reageren(voordracht=voordracht, door=kansen.werkgever.accountmanager, uitnodigen=True)
    gesprek_plannen(voordracht=voordracht, door=wereld.accountmanager, locatie="Arnhem",
                    begint_op=timezone.now() + timezone.timedelta(days=3), begeleider_gaat_mee=False)
    client.get(reverse("mijn_kansen"))  # the vacature index catches up once
    with CaptureQueriesContext(connection) as met:
        antwoord = client.get(reverse("mijn_kansen"))
    assert len(met) == len(zonder)  # no query per vacature for it
    assert [k["v"].pk for k in antwoord.context["kansen"]] == volgorde  # the ranking as it was
    html = antwoord.content.decode()
    kaart = html[html.index(f'id="vacature-{kansen.pk}"'):]
    kaart = kaart[:kaart.index("</li>\n")]
    assert "Je bent hiervoor voorgedragen en er is een sollicitatiegesprek gepland." in kaart
    assert reverse("mijn_voordrachten") in kaart and "Ik wil hier meer over weten" not in kaart
    andere = html[html.index(f'id="vacature-{tweede.pk}"'):]
    assert "Ik wil hier meer over weten" in andere[:andere.index("</li>\n")]
    # A click from an old tab: a clear word, and no task for the klantmanager.
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = client.post(reverse("mijn_kansen"), {"vacature": kansen.pk}, follow=True)
    assert "Je bent hiervoor al voorgedragen." in antwoord.content.decode()
    assert not Interesse.objects.exists() and not Taak.objects.filter(sleutel__startswith="interesse:").exists()


def _aangenomen(wereld, kansen):
    """Willem was hired for the zuivel vacature and works there (a running plaatsing)."""
    toestemming_verlenen(kandidaat=wereld.kandidaat, doel="werkgever", werkgever=kansen.werkgever,
                         door=wereld.werkzoekende_user)
    voordracht = voordracht_create(vacature=kansen, kandidaat=wereld.kandidaat, door=wereld.accountmanager,
                                   toelichting="Past goed.")
    voordracht_reageren(voordracht=voordracht, door=wereld.accountmanager, uitnodigen=True)
    gesprek_plannen(voordracht=voordracht, door=wereld.accountmanager, locatie="Arnhem",
                    begint_op=timezone.now() + timezone.timedelta(hours=2), begeleider_gaat_mee=False)
    wereld.gesprek_geweest(voordracht)
    voordracht_uitkomst(voordracht=voordracht, door=wereld.accountmanager, aangenomen=True)
    plaatsing = plaatsing_starten(voordracht=voordracht, door=wereld.accountmanager, soort=Plaatsing.Soort.VAST,
                                  functie="Productiemedewerker", startdatum=timezone.localdate(), einddatum=None,
                                  uren_per_week=32)
    assert plaatsing.status == Plaatsing.Status.LOPEND


def test_the_vacature_she_was_hired_for_no_longer_fits_her_on_mijn_kansen_or_the_dossier(client, wereld, kansen):
    """Willem was hired for the zuivel vacature and works there (a running plaatsing); the werkgever keeps it open for
    a second place. His dossier listed it under "Vacatures die passen" and Mijn kansen offered it to him, as if he
    could still apply. Now both leave it out; the other vacature that fits stays."""
    tweede = VacatureFactory(werkgever=WerkgeverFactory(sector="Logistiek"), titel="Inpakker", beroep=kansen.beroep,
                             postcode="6812 AA", uren_per_week=32)
    tweede.vereiste_vaardigheden.set(kansen.vereiste_vaardigheden.all())
    _aangenomen(wereld, kansen)

    client.force_login(wereld.werkzoekende_user)
    client.get(reverse("mijn_kansen"))  # the vacature index catches up once
    mijn = client.get(reverse("mijn_kansen"))
    assert [k["v"].pk for k in mijn.context["kansen"]] == [tweede.pk]
    assert "Productiemedewerker zuivel" not in mijn.content.decode()
    client.force_login(wereld.klantmanager)
    dossier = client.get(reverse("dossier", args=[wereld.kandidaat.pk]))
    assert [p["v"].pk for p in dossier.context["passende_vacatures"]] == [tweede.pk]
    passend = dossier.content.decode().split('id="kop-passend"', 1)[1].split("</section>", 1)[0]
    assert "Inpakker" in passend and "Productiemedewerker zuivel" not in passend


def test_the_vacature_she_was_hired_for_leaves_the_list_before_the_top_is_chosen(client, wereld, kansen):
    """The hired vacature was left out after the ranking had chosen its top 5 (dossier) or top 10 (Mijn kansen): when
    it was among them, the list showed 4 or 9 although more vacatures fit. Now it is left out before the top is cut."""
    kansen.rijbewijs = ""
    kansen.save()
    # Now the zuivel vacature fits Willem best: it would be first on both lists.
    kansen.vereiste_vaardigheden.set(kansen.vereiste_vaardigheden.exclude(naam="VCA"))
    anderen = []
    for i in range(11):
        v = VacatureFactory(werkgever=WerkgeverFactory(sector=f"Sector {i}"), beroep=kansen.beroep,
                            titel=f"Inpakker {i}", postcode="6811 AB", uren_per_week=32)
        v.vereiste_vaardigheden.set(kansen.beroep.vaardigheden.all())
        anderen.append(v.pk)
    toestemming_verlenen(kandidaat=wereld.kandidaat, doel="werkgever", werkgever=kansen.werkgever,
                         door=wereld.werkzoekende_user)
    voordracht = voordracht_create(vacature=kansen, kandidaat=wereld.kandidaat, door=wereld.accountmanager,
                                   toelichting="Past goed.")
    voordracht_reageren(voordracht=voordracht, door=wereld.accountmanager, uitnodigen=True)
    gesprek_plannen(voordracht=voordracht, door=wereld.accountmanager, locatie="Arnhem",
                    begint_op=timezone.now() + timezone.timedelta(hours=2), begeleider_gaat_mee=False)
    wereld.gesprek_geweest(voordracht)
    voordracht_uitkomst(voordracht=voordracht, door=wereld.accountmanager, aangenomen=True)

    client.force_login(wereld.werkzoekende_user)
    client.get(reverse("mijn_kansen"))  # the vacature index catches up once
    assert [k["v"].pk for k in client.get(reverse("mijn_kansen")).context["kansen"]] == anderen[:10]
    client.force_login(wereld.klantmanager)
    dossier = client.get(reverse("dossier", args=[wereld.kandidaat.pk]))
    assert [p["v"].pk for p in dossier.context["passende_vacatures"]] == anderen[:5]


def test_interest_in_the_vacature_she_was_hired_for_is_refused(client, wereld, kansen,
                                                               django_capture_on_commit_callbacks):
    """Mijn kansen no longer offers the vacature Willem was hired for, but a crafted "Ik wil hier meer over weten"
    for it was accepted: his klantmanager got a task to ask a werkgever about a job he already has. Now he reads
    why not, and nothing is recorded."""
    _aangenomen(wereld, kansen)
    Taak.objects.all().delete()
    client.force_login(wereld.werkzoekende_user)
    client.get(reverse("mijn_kansen"))  # the vacature index catches up once
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = client.post(reverse("mijn_kansen"), {"vacature": kansen.pk}, follow=True)
    assert antwoord.status_code == 200
    # The page no longer has it among her kansen (f857f9de), so it says that; the service refuses it as well.
    assert "Deze vacature staat niet meer bij je kansen." in antwoord.content.decode()
    assert not Interesse.objects.exists() and not Taak.objects.filter(sleutel__startswith="interesse:").exists()
    with pytest.raises(ValidationError, match=r"Je bent al aangenomen voor deze vacature\."):
        interesse_tonen(kandidaat=wereld.kandidaat, vacature=kansen, door=wereld.werkzoekende_user)


def test_a_closed_dossier_has_no_kansen_and_cannot_ask_about_one(client, wereld, kansen):
    """Exploratory test: after the klantmanager closed Willem's dossier, "Mijn kansen" still listed vacatures with
    "Ik wil hier meer over weten", which gave his klantmanager a task for a dossier nobody works in any more. Now the
    page says the dossier is closed and who can open it again; a page opened before the closing is refused."""
    open_pagina = _html(client, wereld)
    assert "Ik wil hier meer over weten" in open_pagina
    dossier_afsluiten(kandidaat=wereld.kandidaat, door=wereld.klantmanager, reden="werk")
    html = _html(client, wereld)
    assert "Je dossier is gesloten: we zoeken niet meer met je naar werk." in html
    assert "Neem contact op met Karin; die kan je dossier weer openen." in html
    assert "Productiemedewerker zuivel" not in html and "Ik wil hier meer over weten" not in html
    taken = Taak.objects.count()
    antwoord = client.post(reverse("mijn_kansen"), {"vacature": kansen.pk}, follow=True)
    assert antwoord.content.decode().count("Je dossier is gesloten") == 1  # the page says it, once
    assert not Interesse.objects.filter(kandidaat=wereld.kandidaat).exists() and Taak.objects.count() == taken
    with pytest.raises(ValidationError):
        interesse_tonen(kandidaat=wereld.kandidaat, vacature=kansen, door=wereld.werkzoekende_user)


def test_the_klantmanager_does_not_match_a_closed_dossier(client, wereld, kansen):
    """Exploratory test: a closed dossier still showed "Vacatures die passen", "Breder kijken" and where the
    werkzoekende stood in the klantreis ("hier is het nu"), as if the work went on."""
    client.force_login(wereld.klantmanager)
    url = reverse("dossier", args=[wereld.kandidaat.pk])
    open_ = client.get(url).content.decode()
    assert "Vacatures die passen" in open_ and "Productiemedewerker zuivel" in open_ and "Breder kijken" in open_
    assert "in de klantreis?" in open_
    dossier_afsluiten(kandidaat=wereld.kandidaat, door=wereld.klantmanager, reden="werk")
    dicht = client.get(url).content.decode()
    assert "Dossier afgesloten op" in dicht
    for weg in ("Vacatures die passen", "Productiemedewerker zuivel", "Breder kijken", "in de klantreis?"):
        assert weg not in dicht, weg
    # and the werkzoekende's own dossier page does not send her to Mijn kansen
    client.force_login(wereld.werkzoekende_user)
    assert "Naar mijn kansen" not in client.get(url).content.decode()


def test_the_wensen_page_of_a_closed_dossier_offers_no_other_beroepen(client, wereld, kansen):
    client.force_login(wereld.werkzoekende_user)
    url = reverse("wensen", args=[wereld.kandidaat.pk])
    assert "Breder kijken" in client.get(url).content.decode()
    dossier_afsluiten(kandidaat=wereld.kandidaat, door=wereld.klantmanager, reden="werk")
    assert "Breder kijken" not in client.get(url).content.decode()


@pytest.fixture
def anja(wereld):
    """A werkzoekende in Leeuwarden who travels at most 25 km; her region (Friesland) also holds the Wadden islands:
    work on Ameland (about 30 km as the crow flies) and Schiermonnikoog (about 40 km), and one job in town."""
    beroep = BeroepFactory(naam="schilder", met_vaardigheden=["behangen", "oppervlakken schilderen"])
    leeuwarden = gemeente("GM0080")
    k = wereld.kandidaat
    k.postcode, k.gemeente, k.regio = "8911 AA", leeuwarden, leeuwarden.regio
    k.max_reisafstand_km, k.gewenste_uren = 25, 32
    k.save()
    k.gewenste_beroepen.set([beroep])
    k.vaardigheden.set(beroep.vaardigheden.all())
    vacatures = {}
    for titel, code, postcode in (("Schilder in de stad", "GM0080", "8913 AA"),
                                  ("Schilder op Ameland", "GM0060", "9163 AA"),
                                  ("Schilder op Schiermonnikoog", "GM0088", "9166 AA")):
        g = gemeente(code)
        assert g.regio_id == leeuwarden.regio_id
        vacatures[titel] = VacatureFactory(werkgever=WerkgeverFactory(accountmanager=wereld.accountmanager),
                                           titel=titel, beroep=beroep, postcode=postcode, gemeente=g, regio=g.regio,
                                           uren_per_week=32)
    return vacatures


def test_mijn_kansen_keeps_to_the_distance_she_wants_to_travel(client, wereld, anja):
    """Before: under "Dit werk in je regio past bij wat je zoekt" Anja (25 km) read work on the islands, 27-43 km
    away: the ranking took every vacature of the region and counted distance only as points."""
    html = _html(client, wereld)
    assert "Schilder in de stad" in html
    assert "Schilder op Ameland" not in html and "Schilder op Schiermonnikoog" not in html
    assert "verder dan je wilt reizen" not in html


def test_the_dossier_matches_keep_to_the_distance_too(client, wereld, anja):
    client.force_login(wereld.klantmanager)
    html = client.get(reverse("dossier", args=[wereld.kandidaat.pk])).content.decode()
    assert "Vacatures die passen" in html and "Schilder in de stad" in html
    assert "Schilder op Ameland" not in html and "Schilder op Schiermonnikoog" not in html
    # Further away is fine for whoever wants to travel further.
    wereld.kandidaat.max_reisafstand_km = 60
    wereld.kandidaat.save()
    html = client.get(reverse("dossier", args=[wereld.kandidaat.pk])).content.decode()
    assert "Schilder op Ameland" in html and "Schilder op Schiermonnikoog" in html


def test_the_dossier_does_not_say_the_region_has_no_open_vacatures_when_they_are_only_too_far(client, wereld, anja):
    """With only the islands' work open, the klantmanager read "Er staan nu geen open vacatures in de regio": the
    list keeps to the reisafstand, so empty means none within it, and both texts say so."""
    anja["Schilder in de stad"].delete()
    client.force_login(wereld.klantmanager)
    html = client.get(reverse("dossier", args=[wereld.kandidaat.pk])).content.decode()
    assert "Schilder op Ameland" not in html
    assert "Er staan nu geen open vacatures in de regio." not in html
    assert "Er staan nu geen open vacatures in de regio binnen de reisafstand van de kandidaat." in html
    wereld.kandidaat.max_reisafstand_km = 60
    wereld.kandidaat.save()
    html = client.get(reverse("dossier", args=[wereld.kandidaat.pk])).content.decode()
    assert "Schilder op Ameland" in html and "niet verder weg dan de kandidaat wil reizen" in html


def test_mijn_kansen_says_how_to_see_work_further_away_when_only_that_is_open(client, wereld, anja):
    """With only the islands' work open, Anja read "geen open vacatures in je regio die passen" and was told to fill
    in what work she looks for, which she had: the list keeps to her reisafstand, which she can change herself."""
    anja["Schilder in de stad"].delete()
    html = _html(client, wereld)
    assert "Schilder op Ameland" not in html
    assert "niet verder weg zijn dan je wilt reizen" in html and "Wil je verder reizen?" in html
    assert reverse("dossier_bewerken", args=[wereld.kandidaat.pk]) in html
