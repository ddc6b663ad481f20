"""Breder kijken: other occupations that a kandidaat's skills fit, outside the own trade."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Verwerking
from beroepen.models import BeroepVaardigheid
from beroepen.tests.factories import BeroepFactory, VaardigheidFactory
from matching.selectors import breder_kijken, kandidaat_profiel
from werkgevers.tests.factories import VacatureFactory

pytestmark = pytest.mark.django_db


def _beroep(naam, isco, vaardigheden):
    beroep = BeroepFactory(naam=naam, isco_code=isco)
    for v in vaardigheden:
        BeroepVaardigheid.objects.create(beroep=beroep, vaardigheid=v, essentieel=True)
    return beroep


def _pagina(rol, k):
    return reverse("dossier", args=[k.pk]) if rol == "klantmanager" else reverse("mijn_kansen")


@pytest.fixture
def anja(wereld):
    v = {n: VaardigheidFactory(naam=n) for n in [
        "post afhandelen", "documenten archiveren", "formulieren invullen", "spreadsheets", "behangen", "smetten",
        "meetinstrumenten gebruiken", "oppervlakken schilderen", "tegels leggen", "tegels snijden", "voegen",
        "klanten te woord staan"]}
    beroepen = {
        "administratief medewerker": _beroep("administratief medewerker", "3343", [
            v["post afhandelen"], v["documenten archiveren"], v["formulieren invullen"], v["spreadsheets"]]),
        "secretaris": _beroep("secretaris", "3343", [v["post afhandelen"], v["formulieren invullen"],
                                                     v["klanten te woord staan"]]),
        "behanger": _beroep("behanger", "7131", [v["behangen"], v["smetten"], v["meetinstrumenten gebruiken"]]),
        "schilder": _beroep("schilder bouw", "7131", [v["oppervlakken schilderen"], v["smetten"],
                                                      v["meetinstrumenten gebruiken"], v["voegen"]]),
        "tegelzetter": _beroep("tegelzetter", "7122", [v["tegels leggen"], v["tegels snijden"], v["voegen"],
                                                       v["meetinstrumenten gebruiken"]]),
        "receptionist": _beroep("receptionist", "4226", [v["klanten te woord staan"], v["post afhandelen"],
                                                         v["formulieren invullen"], v["spreadsheets"]]),
    }
    k = wereld.kandidaat
    k.vaardigheden.set([v[n] for n in ["post afhandelen", "documenten archiveren", "formulieren invullen",
                                       "spreadsheets", "behangen", "smetten", "meetinstrumenten gebruiken",
                                       "tegels leggen"]])
    return k, beroepen


def test_suggestions_outside_the_old_trade_with_what_is_still_needed(wereld, anja):
    k, beroepen = anja
    VacatureFactory(werkgever=wereld.werkgever, beroep=beroepen["behanger"], regio=k.regio)
    suggesties = breder_kijken(k)
    namen = [s["beroep"].naam for s in suggesties]
    # Without wishes or work history her own trade is the occupation her skills share most with (office,
    # ISCO 33): left out, as is the secretaris in the same group, and the receptionist, who would rest on
    # her office skills alone. Best covered first: behanger 3 of 3, then 2 of 4 (lowest id first).
    assert namen == ["behanger", "schilder bouw", "tegelzetter"]
    behanger = suggesties[0]
    assert (behanger["gedeeld"], behanger["totaal"], behanger["nog_nodig"]) == (3, 3, [])
    assert behanger["open_vacatures"] == 1
    tegelzetter = suggesties[2]
    assert tegelzetter["nog_nodig"] == ["tegels snijden", "voegen"]


def test_a_wish_is_no_suggestion_and_its_trade_counts_as_own(anja):
    k, beroepen = anja
    k.gewenste_beroepen.add(beroepen["schilder"])
    # Now painting (ISCO 71) is her trade: behanger and tegelzetter are in it, her office skills are new.
    assert [s["beroep"].naam for s in breder_kijken(k)] == ["administratief medewerker", "receptionist",
                                                            "secretaris"]


def test_the_work_history_names_the_old_trade(anja):
    k, _beroepen = anja
    k.werkervaring = "Behanger bij Klusbedrijf Jansen (3 jaar)\nonbekend werk"
    assert [s["beroep"].naam for s in breder_kijken(k)] == ["administratief medewerker", "receptionist",
                                                            "secretaris"]
    k.werkervaring = "Administratief medewerker bij een verzekeraar (12 jaar)"
    assert [s["beroep"].naam for s in breder_kijken(k)][0] == "behanger"


def test_no_skills_no_suggestions(wereld):
    assert breder_kijken(wereld.kandidaat) == []


@pytest.mark.parametrize("rol", ["klantmanager", "werkzoekende"])
def test_klantmanager_and_werkzoekende_add_a_suggestion_to_the_wishes(client, wereld, anja, rol):
    k, beroepen = anja
    client.force_login(wereld.gebruiker(rol))
    # Staff see it on the dossier; the werkzoekende on "Mijn kansen".
    html = client.get(_pagina(rol, k)).content.decode()
    assert "Breder kijken" in html and "behanger" in html and "3 van 3 vaardigheden" in html
    response = client.post(reverse("wensen", args=[k.pk]), {"actie": "breder", "beroep": beroepen["behanger"].pk},
                           follow=True)
    assert beroepen["behanger"] in k.gewenste_beroepen.all()
    assert "behanger staat nu bij de wensen" in response.content.decode()
    assert Verwerking.objects.filter(gebruiker=wereld.gebruiker(rol), object_id=str(k.pk), actie="wijzigen").exists()
    # Now a wish, so no longer suggested, and neither is the rest of its trade.
    assert "behanger" not in [s["beroep"].naam for s in breder_kijken(k)]


def test_a_bad_beroep_id_gets_a_message_not_an_error(client, wereld, anja):
    k, _beroepen = anja
    client.force_login(wereld.klantmanager)
    for waarde in ["999999", "abc", ""]:
        response = client.post(reverse("wensen", args=[k.pk]), {"actie": "breder", "beroep": waarde}, follow=True)
        assert response.status_code == 200 and "Dit beroep bestaat niet" in response.content.decode()
    assert not k.gewenste_beroepen.exists()


def test_a_stranger_cannot_add_wishes(client, wereld, anja):
    k, beroepen = anja
    client.force_login(wereld.vreemde_klantmanager)
    response = client.post(reverse("wensen", args=[k.pk]), {"actie": "breder", "beroep": beroepen["behanger"].pk})
    assert response.status_code == 404 and not k.gewenste_beroepen.exists()


def test_dossier_shows_fitting_open_vacatures_with_explanations(client, wereld, anja):
    k, beroepen = anja
    k.gewenste_beroepen.add(beroepen["behanger"])
    k.postcode = "6811 AB"
    k.save()
    past = VacatureFactory(werkgever=wereld.werkgever, titel="Behanger gezocht", beroep=beroepen["behanger"],
                           regio=k.regio, postcode="6812 AA")
    past.vereiste_vaardigheden.set(beroepen["behanger"].vaardigheden.all())
    VacatureFactory(werkgever=wereld.werkgever, titel="Tegelzetter", beroep=beroepen["tegelzetter"], regio=k.regio)
    VacatureFactory(werkgever=wereld.werkgever, titel="Gesloten behanger", beroep=beroepen["behanger"],
                    regio=k.regio, status="gesloten")
    client.force_login(wereld.klantmanager)
    html = client.get(reverse("dossier", args=[k.pk])).content.decode()
    assert "Vacatures die passen" in html and "Gesloten behanger" not in html
    assert html.index("Behanger gezocht") < html.index("Tegelzetter")
    assert "3 van 3 vereiste vaardigheden" in html and "Zoekt werk als behanger" in html


@pytest.mark.parametrize("rol", ["klantmanager", "werkzoekende"])
def test_skills_that_point_nowhere_new_are_not_asked_for_again(client, wereld, anja, rol):
    """Issue: Willem, with 8 skills, was told to fill in his skills first."""
    k, beroepen = anja
    k.vaardigheden.set(beroepen["administratief medewerker"].vaardigheden.all())  # only office skills
    assert breder_kijken(k) == []
    client.force_login(wereld.gebruiker(rol))
    for url in (_pagina(rol, k), reverse("wensen", args=[k.pk])):
        html = client.get(url).content.decode()
        assert "vul eerst de vaardigheden in" not in html
        assert "4 vaardigheden" in html and 'id="breder-geen"' in html


def test_the_dossier_reads_the_skills_and_wishes_once_for_its_matches_and_its_suggestions(client, wereld, anja):
    """The dossier's matches read the kandidaat's profile (skills and wished occupations); "breder kijken" takes
    them from that profile instead of reading both again, and suggests the same as on its own."""
    k, beroepen = anja
    k.gewenste_beroepen.add(beroepen["schilder"])
    client.force_login(wereld.klantmanager)
    url = reverse("dossier", args=[k.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url).content.decode()
    assert "administratief medewerker" in html
    lezen = [q["sql"] for q in queries.captured_queries if '"werkzoekenden_kandidaat_vaardigheden"' in q["sql"]]
    assert len(lezen) == 1, lezen
    assert breder_kijken(k, profiel=kandidaat_profiel(k.pk)) == breder_kijken(k)
    ander = kandidaat_profiel(wereld.kandidaat.pk + 10_000)  # no such kandidaat: no profile, read as before
    assert breder_kijken(k, profiel=ander) == breder_kijken(k)
