"""Waar sta ik? The phase of the gewenste klantreis, derived from constructed situations (WW and bijstand) and
from real data, and shown on the werkzoekende's home and the klantmanager's dossier."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Count, Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Organisatie
from accounts.services import gebruiker_opslaan
from accounts.tests.factories import KlantmanagerFactory, OrganisatieFactory
from agenda.models import Afspraak, Deelnemer
from bemiddeling.services import voordracht_uitkomst
from beroepen.tests.factories import BeroepFactory
from plaatsingen.models import Plaatsing
from plaatsingen.tests.factories import NazorgMomentFactory, PlaatsingFactory
from portaal.waar_sta_ik import (
    GEDAAN,
    IK,
    KLANTMANAGER,
    NIET_NODIG,
    NU,
    SAMEN,
    STRAKS,
    WERKGEVER,
    WSP,
    Situatie,
    reis_bepalen,
    situatie_van,
)
from werkzoekenden.models import Kandidaat, SoortContact
from werkzoekenden.services import (
    actie_toevoegen,
    dossier_afsluiten,
    dossier_heropenen,
    toestemming_intrekken,
    warme_overdracht,
)

WW, BIJSTAND = Kandidaat.Uitkering.WW, Kandidaat.Uitkering.BIJSTAND
LATER = timezone.now() + timedelta(days=2)


def _ww(**velden):
    return Situatie(uitkering=WW, heeft_klantmanager=True, **velden)


def _bijstand(**velden):
    return Situatie(uitkering=BIJSTAND, heeft_klantmanager=True, **velden)


@pytest.mark.parametrize("situatie,stap,wie", [
    (Situatie(uitkering=WW), 3, WSP),  # WW aangevraagd, no contactpersoon yet
    (_ww(), 4, SAMEN),  # a contactpersoon, no plan yet
    (_ww(acties=2), 5, IK),  # plan made: first groepsbijeenkomst
    (_ww(acties=2, groepsbijeenkomst_gepland=LATER), 5, IK),
    (_ww(acties=2, groepsbijeenkomsten_geweest=1), 6, IK),
    (_ww(acties=2, groepsbijeenkomsten_geweest=2), 7, KLANTMANAGER),  # breder kijken
    (_ww(acties=2, soort_contact=SoortContact.ZELFSTANDIG), 7, KLANTMANAGER),  # groups not needed
    (_ww(acties=2, groepsbijeenkomsten_geweest=2, acties_begeleiding_open=1), 8, KLANTMANAGER),
    (_ww(acties=2, voordrachten_open=1), 9, WERKGEVER),
    (_ww(acties=2, gesprek_komt=LATER, gesprek_komt_id=7), 9, IK),
    (_ww(acties=2, gesprek_geweest_zonder_uitkomst=True), 9, WERKGEVER),
    (_ww(acties=2, aangenomen=True), 10, WERKGEVER),
    (_ww(acties=2, plaatsing_status=Plaatsing.Status.LOPEND), 10, SAMEN),
])
def test_ww(situatie, stap, wie):
    reis = reis_bepalen(situatie)
    assert reis.soort == "ww" and len(reis.stappen) == 10
    assert (reis.nu.nummer, reis.wie) == (stap, wie)
    assert [s.nummer for s in reis.stappen if s.status == NU] == [stap]
    assert all(s.status in (GEDAAN, NIET_NODIG) for s in reis.stappen[:stap - 1])
    assert all(s.status == STRAKS for s in reis.stappen[stap:])


def test_ww_zelfstandig_slaat_de_groepsbijeenkomsten_over():
    reis = reis_bepalen(_ww(acties=1, soort_contact=SoortContact.ZELFSTANDIG))
    assert [s.status for s in reis.stappen[3:7]] == [GEDAAN, NIET_NODIG, NIET_NODIG, NU]


def test_ww_een_bijgewoonde_groepsbijeenkomst_is_gedaan_een_overgeslagen_niet_nodig():
    reis = reis_bepalen(_ww(acties=1, groepsbijeenkomsten_geweest=1, voordrachten_open=1))
    assert reis.nu.nummer == 9
    assert [s.status for s in reis.stappen[4:6]] == [GEDAAN, NIET_NODIG]


def test_ww_gesprek_verwijst_naar_de_voorbereiding():
    reis = reis_bepalen(_ww(acties=1, gesprek_komt=LATER, gesprek_komt_id=42))
    assert reis.gesprek_id == 42 and "sollicitatiegesprek" in reis.volgende


@pytest.mark.parametrize("maak", [_ww, _bijstand])
def test_kan_zij_niet_op_het_gesprek_dan_komt_er_een_nieuwe_tijd_en_daarna_is_zij_opnieuw_uitgenodigd(maak):
    """After "Ik kan niet" the home still said "Bereid je voor op je sollicitatiegesprek op ..."."""
    reis = reis_bepalen(maak(acties=1, gewenste_beroepen=1, gesprek_komt=LATER, gesprek_komt_id=42,
                             gesprek_kan_niet=True))
    assert reis.volgende.startswith("Je kunt niet op ") and reis.volgende.endswith(". Er komt een nieuwe tijd.")
    assert "Bereid je voor" not in reis.volgende and reis.gesprek_id is None and reis.wie == WERKGEVER
    reis = reis_bepalen(maak(acties=1, gewenste_beroepen=1, gesprek_komt=LATER, gesprek_komt_id=42,
                             gesprek_opnieuw=True))
    assert reis.volgende.startswith("Je bent opnieuw uitgenodigd: ") and reis.gesprek_id == 42


def test_ww_afgewezen_zoekt_verder_met_aangepast_plan():
    reis = reis_bepalen(_ww(acties=1, groepsbijeenkomsten_geweest=2, voordrachten_gesloten=1))
    assert reis.nu.nummer == 7 and "geen baan" in reis.opmerkingen[0]


@pytest.mark.parametrize("situatie,stap,wie", [
    (Situatie(uitkering=BIJSTAND), 2, WSP),
    (_bijstand(), 3, SAMEN),
    (_bijstand(acties=1), 4, IK),  # choose the help you need and the work you look for
    (_bijstand(acties=1, gewenste_beroepen=2), 5, KLANTMANAGER),  # kansen
    (_bijstand(acties=1, gewenste_beroepen=2, voordrachten_open=1), 5, WERKGEVER),
    (_bijstand(acties=1, gewenste_beroepen=2, gesprek_komt=LATER, gesprek_komt_id=3), 6, IK),
    (_bijstand(acties=1, gesprek_geweest_zonder_uitkomst=True), 7, WERKGEVER),
    (_bijstand(acties=1, aangenomen=True), 8, WERKGEVER),
    (_bijstand(acties=1, aangenomen=True, plaatsing_status=Plaatsing.Status.WACHT_OP_HANDTEKENING), 8, WERKGEVER),
    (_bijstand(acties=1, aangenomen=True, plaatsing_status=Plaatsing.Status.LOPEND), 9, KLANTMANAGER),
    (_bijstand(acties=1, aangenomen=True, plaatsing_status=Plaatsing.Status.LOPEND, nazorg_gehad=1), 10,
     KLANTMANAGER),
    # Anything else than WW follows the bijstand journey.
    (Situatie(uitkering=Kandidaat.Uitkering.GEEN, heeft_klantmanager=True), 3, SAMEN),
])
def test_bijstand(situatie, stap, wie):
    reis = reis_bepalen(situatie)
    assert reis.soort == "bijstand" and len(reis.stappen) == 10
    assert (reis.nu.nummer, reis.wie) == (stap, wie)
    assert [s.nummer for s in reis.stappen if s.status == NU] == [stap]


def test_bijstand_na_warme_overdracht_van_uwv():
    reis = reis_bepalen(_bijstand(warm_overgedragen=True))
    assert reis.soort == "bijstand" and "warm overgedragen" in reis.opmerkingen[0]


# --- from real data ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_situatie_uit_echte_gegevens_ww_van_plan_tot_gesprek(wereld):
    k = wereld.kandidaat
    Kandidaat.objects.filter(pk=k.pk).update(uitkering=WW)
    k.refresh_from_db()
    assert reis_bepalen(situatie_van(k)).nu.nummer == 4
    actie_toevoegen(kandidaat=k, door=wereld.klantmanager, levensdomein="werk", doel="Werk", omschrijving="Cv",
                    eigenaar="ik")
    assert reis_bepalen(situatie_van(k)).nu.nummer == 5
    # A groepsbijeenkomst yesterday, and one cancelled (does not count).
    for status in (Afspraak.Status.GEPLAND, Afspraak.Status.GEANNULEERD):
        start = timezone.now() - timedelta(days=1)
        afspraak = Afspraak.objects.create(soort=Afspraak.Soort.GROEPSBIJEENKOMST, titel="Workshop", start=start,
                                           eind=start + timedelta(hours=2), plaats="Werkplein", capaciteit=10,
                                           status=status, georganiseerd_door=wereld.klantmanager,
                                           ics_uid=f"{status}@test")
        Deelnemer.objects.create(afspraak=afspraak, kandidaat=k)
    situatie = situatie_van(k)
    assert situatie.groepsbijeenkomsten_geweest == 1 and reis_bepalen(situatie).nu.nummer == 6
    wereld.met_bemiddeling()  # a voordracht with a gesprek in three days
    situatie = situatie_van(k)
    assert situatie.gesprek_komt == wereld.gesprek.begint_op and situatie.gesprek_komt_id == wereld.gesprek.pk
    reis = reis_bepalen(situatie)
    assert (reis.nu.nummer, reis.wie, reis.gesprek_id) == (9, IK, wereld.gesprek.pk)


@pytest.mark.django_db
def test_situatie_uit_echte_gegevens_aangenomen_en_aan_het_werk(wereld):
    wereld.met_plaatsing()  # Anja (WW) hired, proefplaatsing signed and running
    anja = wereld.kandidaat2
    situatie = situatie_van(anja)
    assert situatie.aangenomen and situatie.plaatsing_status == Plaatsing.Status.LOPEND
    assert reis_bepalen(situatie).nu.nummer == 10


@pytest.mark.django_db
def test_situatie_uit_echte_gegevens_afgewezen_na_gesprek(wereld):
    wereld.met_bemiddeling()
    wereld.gesprek_geweest(wereld.voordracht)
    assert situatie_van(wereld.kandidaat).gesprek_geweest_zonder_uitkomst
    voordracht_uitkomst(voordracht=wereld.voordracht, door=wereld.werkgever_user, aangenomen=False,
                        reden="ervaring")
    situatie = situatie_van(wereld.kandidaat)
    assert situatie.voordrachten_gesloten == 1 and not situatie.gesprek_geweest_zonder_uitkomst


@pytest.mark.django_db
def test_warme_overdracht_van_ww_naar_bijstand(wereld):
    k = wereld.kandidaat
    uwv = OrganisatieFactory(soort=Organisatie.Soort.UWV, gemeente=None, regio=wereld.klantmanager.regio)
    uwv_km = KlantmanagerFactory(voornaam="Kees", achternaam="Vermeulen", organisatie=uwv)
    Kandidaat.objects.filter(pk=k.pk).update(uitkering=WW, klantmanager=uwv_km)
    k.refresh_from_db()
    gemeente_km = KlantmanagerFactory(voornaam="Jeske", achternaam="Gunterman")
    warme_overdracht(kandidaat=k, door=uwv_km, naar=gemeente_km, notitie="WW stopt per 1 maart.",
                     uitkering=BIJSTAND)
    k.refresh_from_db()
    reis = reis_bepalen(situatie_van(k))
    assert reis.soort == "bijstand" and reis.nu.nummer == 3
    assert "warm overgedragen" in reis.opmerkingen[0]


@pytest.mark.django_db
def test_a_handover_between_colleagues_of_the_gemeente_does_not_say_the_ww_stopped(client, wereld):
    """Willem has bijstand and never had WW; his klantmanager went on leave and handed him to a colleague of the
    gemeente with a note. His home page said "Je WW is gestopt. UWV heeft je dossier warm overgedragen aan de
    gemeente": untrue, and about a WW he never had."""
    k = wereld.kandidaat
    Kandidaat.objects.filter(pk=k.pk).update(uitkering=BIJSTAND)
    k.refresh_from_db()
    collega = KlantmanagerFactory(voornaam="Lotte", achternaam="Peters", organisatie=wereld.klantmanager.organisatie)
    warme_overdracht(kandidaat=k, door=wereld.klantmanager, naar=collega, notitie="Ik ga met verlof.")
    k.refresh_from_db()
    assert not situatie_van(k).warm_overgedragen
    client.force_login(wereld.werkzoekende_user)
    assert "Je WW is gestopt" not in client.get(reverse("werkzoekende_home")).content.decode()


def _naar_organisatie(wereld, klantmanager, organisatie, met_commit):
    """A beheerder moves the klantmanager to another organisation, as the user admin does (with its journey
    event and what reacts to it)."""
    klantmanager.organisatie = organisatie
    met_commit(gebruiker_opslaan, gebruiker=klantmanager, door=wereld.beheerder, update_fields=["organisatie"])


@pytest.mark.django_db
def test_a_colleague_moving_to_uwv_after_a_handover_in_the_gemeente_does_not_say_the_ww_stopped(
        client, wereld, met_commit):
    """Willem has bijstand; his klantmanager of the gemeente handed him to a colleague before her leave, and later a
    beheerder moved her to UWV. The home page read the organisation she has now, saw "UWV, then the gemeente" and
    told Willem his WW had stopped."""
    k = wereld.kandidaat
    Kandidaat.objects.filter(pk=k.pk).update(uitkering=BIJSTAND)
    k.refresh_from_db()
    karin = wereld.klantmanager
    collega = KlantmanagerFactory(voornaam="Lotte", achternaam="Peters", organisatie=karin.organisatie)
    met_commit(warme_overdracht, kandidaat=k, door=karin, naar=collega, notitie="Ik ga met verlof.")
    uwv = OrganisatieFactory(soort=Organisatie.Soort.UWV, gemeente=None, regio=karin.regio)
    _naar_organisatie(wereld, karin, uwv, met_commit)
    k.refresh_from_db()
    assert not situatie_van(k).warm_overgedragen
    client.force_login(wereld.werkzoekende_user)
    assert "Je WW is gestopt" not in client.get(reverse("werkzoekende_home")).content.decode()


@pytest.mark.django_db
def test_the_uwv_handover_still_says_the_ww_stopped_after_its_klantmanager_moved_to_a_gemeente(
        client, wereld, met_commit):
    """Kees of UWV handed Willem to Jeske of the gemeente when his WW stopped; later a beheerder moved Kees to a
    gemeente. The home page then read two klantmanagers of the gemeente and dropped "Je WW is gestopt"."""
    k = wereld.kandidaat
    uwv = OrganisatieFactory(soort=Organisatie.Soort.UWV, gemeente=None, regio=wereld.klantmanager.regio)
    kees = KlantmanagerFactory(voornaam="Kees", achternaam="Vermeulen", organisatie=uwv)
    Kandidaat.objects.filter(pk=k.pk).update(uitkering=WW, klantmanager=kees)
    k.refresh_from_db()
    jeske = KlantmanagerFactory(voornaam="Jeske", achternaam="Gunterman", organisatie=wereld.klantmanager.organisatie)
    met_commit(warme_overdracht, kandidaat=k, door=kees, naar=jeske, notitie="WW stopt per 1 maart.",
               uitkering=BIJSTAND)
    _naar_organisatie(wereld, kees, wereld.klantmanager.organisatie, met_commit)
    k.refresh_from_db()
    assert situatie_van(k).warm_overgedragen
    client.force_login(wereld.werkzoekende_user)
    assert "Je WW is gestopt" in client.get(reverse("werkzoekende_home")).content.decode()


@pytest.mark.django_db
def test_home_toont_de_tijdlijn_met_aria_current_en_wie_het_doet(client, wereld):
    client.force_login(wereld.werkzoekende_user)
    pagina = client.get(reverse("werkzoekende_home")).content.decode()
    assert "Waar sta ik?" in pagina
    assert pagina.count('aria-current="step"') == 1
    assert '<ol class="wsp-reis__stappen">' in pagina
    # Bijstand (the factory's default), a klantmanager, no plan yet: step 3, together with Karin Klant.
    assert "Stap 3 van 10." in pagina and "jij en Karin Klant" in pagina


@pytest.mark.django_db
def test_klantmanager_ziet_de_tijdlijn_op_het_dossier_alleen_lezen(client, wereld):
    client.force_login(wereld.klantmanager)
    pagina = client.get(reverse("dossier", args=[wereld.kandidaat.pk])).content.decode()
    assert "Waar staat Willem in de klantreis?" in pagina and 'aria-current="step"' in pagina
    assert "hier is het nu" in pagina
    client.force_login(wereld.werkzoekende_user)
    assert "Waar staat" not in client.get(reverse("dossier", args=[wereld.kandidaat.pk])).content.decode()


def _laatste_plaatsing_apart(kandidaat):
    """What situatie_van read in a query of its own before: the most recent plaatsing and its moments with an
    outcome."""
    return (Plaatsing.objects.filter(kandidaat=kandidaat)
            .annotate(n=Count("nazorgmomenten", filter=~Q(nazorgmomenten__uitkomst=""), distinct=True))
            .order_by("-startdatum", "-pk").values_list("status", "n").first())


@pytest.mark.django_db
def test_the_latest_plaatsing_and_its_nazorg_come_with_the_counts(wereld):
    """Two queries for the whole situation: the most recent plaatsing (by start, then the newest) and the number of
    its nazorg moments with an outcome are columns of the counts' query, and the same as read apart."""
    k = wereld.kandidaat
    assert _laatste_plaatsing_apart(k) is None
    with CaptureQueriesContext(connection) as ctx:
        situatie = situatie_van(k)
    assert len(ctx.captured_queries) == 2
    assert (situatie.plaatsing_status, situatie.nazorg_gehad) == ("", 0)  # the defaults: no plaatsing
    vandaag = timezone.localdate()
    oud = PlaatsingFactory(kandidaat=k, afscheid=True, startdatum=vandaag - timedelta(days=200))
    NazorgMomentFactory.create_batch(3, plaatsing=oud, met_uitkomst=True)
    nieuw = PlaatsingFactory(kandidaat=k, lopend=True, startdatum=vandaag - timedelta(days=20))
    NazorgMomentFactory(plaatsing=nieuw, met_uitkomst=True)
    NazorgMomentFactory(plaatsing=nieuw)  # still open
    PlaatsingFactory(lopend=True, startdatum=vandaag)  # someone else's
    for verwacht in ((Plaatsing.Status.LOPEND, 1), (Plaatsing.Status.AFSCHEID, 3)):
        situatie = situatie_van(k)
        assert (situatie.plaatsing_status, situatie.nazorg_gehad) == _laatste_plaatsing_apart(k) == verwacht
        Plaatsing.objects.filter(pk=nieuw.pk).update(startdatum=vandaag - timedelta(days=400))  # now the older one


@pytest.mark.django_db
def test_voordrachten_stopped_by_withdrawn_consent_are_no_rejection(client, wereld, django_capture_on_commit_callbacks):
    """Before: after Willem withdrew his consent his home page said "Het werd (nog) geen baan", as if the werkgever
    had turned him down."""
    k = wereld.kandidaat
    Kandidaat.objects.filter(pk=k.pk).update(uitkering=WW, soort_contact=SoortContact.ZELFSTANDIG)
    k.refresh_from_db()
    actie_toevoegen(kandidaat=k, door=wereld.klantmanager, levensdomein="werk", doel="Werk", omschrijving="Cv",
                    eigenaar="ik")
    wereld.met_bemiddeling()
    with django_capture_on_commit_callbacks(execute=True):
        toestemming_intrekken(toestemming=wereld.toestemming, door=wereld.werkzoekende_user)
    situatie = situatie_van(k)
    assert (situatie.voordrachten_gesloten, situatie.voordrachten_zonder_toestemming) == (1, 1)
    client.force_login(wereld.werkzoekende_user)
    pagina = " ".join(client.get(reverse("werkzoekende_home")).content.decode().split())
    assert "Het werd (nog) geen baan" not in pagina
    assert "Je hebt je toestemming ingetrokken. Daarom zijn je voordrachten bij die werkgever gestopt." in pagina
    # A real "no" of a werkgever still reads as one, beside it.
    reis = reis_bepalen(_ww(acties=1, soort_contact=SoortContact.ZELFSTANDIG, voordrachten_gesloten=2,
                            voordrachten_zonder_toestemming=1))
    assert len(reis.opmerkingen) == 2 and reis.opmerkingen[0].startswith("Het werd (nog) geen baan")


def test_a_voordracht_stopped_by_closing_the_dossier_is_not_a_consent_she_withdrew(client, wereld, met_commit):
    """1df4451 made "Mijn sollicitaties" say "Gestopt: je dossier is gesloten". Her home page, with the dossier open
    again, still read under "Waar sta ik": "Je hebt je toestemming ingetrokken. Daarom zijn je voordrachten bij die
    werkgever gestopt." She withdrew nothing: her klantmanager closed the dossier."""
    wereld.met_bemiddeling()
    actie_toevoegen(kandidaat=wereld.kandidaat, door=wereld.klantmanager, levensdomein="werk", doel="Werk",
                    omschrijving="Cv maken", eigenaar="ik")
    wereld.kandidaat.gewenste_beroepen.add(BeroepFactory())
    met_commit(dossier_afsluiten, kandidaat=wereld.kandidaat, door=wereld.klantmanager, reden="werk")
    met_commit(dossier_heropenen, kandidaat=wereld.kandidaat, door=wereld.klantmanager)
    client.force_login(wereld.werkzoekende_user)
    html = client.get(reverse("werkzoekende_home")).content.decode()
    assert "Je hebt je toestemming ingetrokken" not in html and "Het werd (nog) geen baan" not in html
    assert "Je voordrachten zijn gestopt toen je dossier werd gesloten." in html


@pytest.mark.django_db
def test_after_withdrawing_consent_the_journey_says_why_it_went_back(client, wereld, met_commit):
    """Found walking the journey: Willem (bijstand, a gesprek planned: step 6) withdrew his consent. "Waar sta ik"
    went back to step 3 "Mijn plan van aanpak bijwerken" with steps 4 and 5 "nog niet" and no word why: the sentence
    "Je hebt je toestemming ingetrokken. Daarom zijn je voordrachten ... gestopt." came only at step 5."""
    wereld.met_bemiddeling()
    met_commit(toestemming_intrekken, toestemming=wereld.toestemming, door=wereld.werkzoekende_user)
    client.force_login(wereld.werkzoekende_user)
    pagina = " ".join(client.get(reverse("werkzoekende_home")).content.decode().split())
    assert "Je hebt je toestemming ingetrokken. Daarom zijn je voordrachten bij die werkgever gestopt." in pagina
    ingetrokken = {"voordrachten_gesloten": 1, "voordrachten_zonder_toestemming": 1}
    for stap, situatie in ((3, _bijstand(**ingetrokken)), (4, _bijstand(acties=1, **ingetrokken)),
                           (4, _ww(**ingetrokken)), (5, _ww(acties=1, **ingetrokken))):
        reis = reis_bepalen(situatie)
        assert reis.nu.nummer == stap
        assert [o[:36] for o in reis.opmerkingen] == ["Je hebt je toestemming ingetrokken. "]
    # Nothing stopped: nothing to say.
    assert reis_bepalen(_bijstand()).opmerkingen == []


@pytest.mark.parametrize("uitkering,stap", [(WW, 3), (BIJSTAND, 2)])
def test_without_a_contactpersoon_a_note_on_stopped_voordrachten_promises_none(uitkering, stap):
    """Review of e69a036: the notes on stopped voordrachten came to the step "Je krijgt een vaste contactpersoon"
    too, and said "Je contactpersoon zoekt met je verder" (and in WW "Je contactpersoon past je plan aan") to a
    werkzoekende who has none (her klantmanager left, the dossier waits for a new one)."""
    situatie = Situatie(uitkering=uitkering, heeft_klantmanager=False, voordrachten_gesloten=2,
                        voordrachten_zonder_toestemming=1)
    reis = reis_bepalen(situatie)
    assert reis.nu.nummer == stap
    assert reis.opmerkingen == [
        "Het werd (nog) geen baan. Je plan wordt aangepast en je zoekt verder.",
        "Je hebt je toestemming ingetrokken. Daarom zijn je voordrachten bij die werkgever gestopt."]
    # With a contactpersoon she reads what that person does.
    met = reis_bepalen(Situatie(uitkering=uitkering, heeft_klantmanager=True, voordrachten_gesloten=2,
                                voordrachten_zonder_toestemming=1))
    assert all("contactpersoon" not in o for o in reis.opmerkingen)
    assert any("Je contactpersoon zoekt met je verder" in o for o in met.opmerkingen)
