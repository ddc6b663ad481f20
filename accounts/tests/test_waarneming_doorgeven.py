"""A waarnemer who goes away herself: the waarnemingen she holds go along to her own waarnemer, and come back to her
when she is back. Karin is on leave and Jeske covers for her; then Jeske goes on leave and chooses Lotte. Before,
Karin's caseload stayed with Jeske, who was not there: Lotte's caseload was her own and Jeske's only, and Willem
(Karin's werkzoekende) read that Jeske helps him."""

import importlib
import re

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from accounts.selectors import ik_en_wie_ik_waarneem
from accounts.services import gebruiker_opslaan, waarnemer_instellen
from accounts.tests.factories import AccountmanagerFactory, KlantmanagerFactory, OrganisatieFactory
from berichten.services import wisseling_starten
from meldingen.models import Melding
from werkzoekenden.selectors import caseload_van_klantmanager

# A migration's module name starts with a digit: imported by name, once.
MIGRATIE_0021 = importlib.import_module("accounts.migrations.0021_waarneming_doorgegeven_door")

pytestmark = pytest.mark.django_db


def _collegas(wereld):
    karin = wereld.klantmanager
    maak = dict(organisatie=karin.organisatie, regio=karin.regio)
    jeske = KlantmanagerFactory(voornaam="Jeske", achternaam="Gunterman", **maak)
    lotte = KlantmanagerFactory(voornaam="Lotte", achternaam="Peters", telefoon="026 3777777", **maak)
    return karin, jeske, lotte


def _waarneming(gebruiker):
    return User.objects.values_list("waarnemer_id", "waarneming_doorgegeven_door_id").get(pk=gebruiker.pk)


def _meldingen():
    return set(Melding.objects.filter(soort=Melding.Soort.WAARNEMING).values_list("ontvanger_id", "tekst"))


def test_a_waarnemer_who_goes_away_passes_the_caseloads_she_covers_on_to_her_own_waarnemer(client, wereld):
    karin, jeske, lotte = _collegas(wereld)
    waarnemer_instellen(gebruiker=karin, waarnemer=jeske)
    waarnemer_instellen(gebruiker=jeske, waarnemer=lotte)

    assert set(ik_en_wie_ik_waarneem(lotte)) == {lotte.pk, jeske.pk, karin.pk}
    assert wereld.kandidaat in caseload_van_klantmanager(lotte)
    assert ik_en_wie_ik_waarneem(jeske) == [jeske.pk]
    client.force_login(wereld.werkzoekende_user)
    html = client.get(reverse("werkzoekende_home")).content.decode()
    assert "Tot Karin terug is, helpt Lotte Peters je." in html and "tel:0263777777" in html
    assert "Jeske" not in html
    assert _waarneming(karin) == (lotte.pk, jeske.pk)  # Lotte covers; Karin had chosen Jeske
    assert _waarneming(jeske) == (lotte.pk, None)


def test_when_she_is_back_the_waarneming_comes_back_to_her_or_goes_on_to_the_next_she_chooses(wereld):
    karin, jeske, lotte = _collegas(wereld)
    mila = KlantmanagerFactory(organisatie=karin.organisatie, regio=karin.regio, voornaam="Mila")
    waarnemer_instellen(gebruiker=karin, waarnemer=jeske)
    waarnemer_instellen(gebruiker=jeske, waarnemer=lotte)

    waarnemer_instellen(gebruiker=jeske, waarnemer=mila)  # still away, Mila covers from now on: Karin goes along
    assert User.objects.get(pk=karin.pk).waarnemer_id == mila.pk
    assert _waarneming(karin) == (mila.pk, jeske.pk)
    assert ik_en_wie_ik_waarneem(lotte) == [lotte.pk]

    waarnemer_instellen(gebruiker=jeske, waarnemer=None)  # back
    assert _waarneming(karin) == (jeske.pk, None)
    assert set(ik_en_wie_ik_waarneem(jeske)) == {jeske.pk, karin.pk}
    assert ik_en_wie_ik_waarneem(mila) == [mila.pk]


def test_a_waarneming_passed_on_down_a_chain_comes_back_step_by_step(wereld):
    """Karin chose Jeske, Jeske chose Lotte, and then Lotte went away too and chose Mila: Mila covers all three.
    Lotte back: Jeske and Karin are with Lotte again (Jeske is still away). Jeske back: Karin is with Jeske."""
    karin, jeske, lotte = _collegas(wereld)
    mila = KlantmanagerFactory(organisatie=karin.organisatie, regio=karin.regio, voornaam="Mila")
    waarnemer_instellen(gebruiker=karin, waarnemer=jeske)
    waarnemer_instellen(gebruiker=jeske, waarnemer=lotte)
    waarnemer_instellen(gebruiker=lotte, waarnemer=mila)
    assert set(ik_en_wie_ik_waarneem(mila)) == {mila.pk, lotte.pk, jeske.pk, karin.pk}

    waarnemer_instellen(gebruiker=lotte, waarnemer=None)
    assert (_waarneming(jeske), _waarneming(karin)) == ((lotte.pk, None), (lotte.pk, jeske.pk))
    waarnemer_instellen(gebruiker=jeske, waarnemer=None)
    assert (_waarneming(jeske), _waarneming(karin)) == ((None, None), (jeske.pk, None))


def test_a_waarneming_changed_by_hand_meanwhile_stays_when_she_is_back(wereld):
    """Karin (or the beheerder for her) chose Mila herself while Jeske was away: Jeske's return leaves that. Pieter
    only saved his page again, unchanged (Lotte): his goes back to Jeske, as his page said it would."""
    karin, jeske, lotte = _collegas(wereld)
    mila = KlantmanagerFactory(organisatie=karin.organisatie, regio=karin.regio)
    pieter = KlantmanagerFactory(organisatie=karin.organisatie, regio=karin.regio)
    waarnemer_instellen(gebruiker=karin, waarnemer=jeske)
    waarnemer_instellen(gebruiker=pieter, waarnemer=jeske)
    waarnemer_instellen(gebruiker=jeske, waarnemer=lotte)

    waarnemer_instellen(gebruiker=karin, waarnemer=mila, door=wereld.beheerder)
    waarnemer_instellen(gebruiker=pieter, waarnemer=lotte)  # the same, saved again
    assert _waarneming(karin) == (mila.pk, None) and _waarneming(pieter) == (lotte.pk, jeske.pk)
    waarnemer_instellen(gebruiker=jeske, waarnemer=None)
    assert _waarneming(karin) == (mila.pk, None) and _waarneming(pieter) == (jeske.pk, None)


def test_she_cannot_hand_her_work_to_a_colleague_she_covers_for(client, wereld):
    """Jeske covers for Karin and goes away: choosing Karin would have Karin cover for herself. Refused, with why."""
    karin, jeske, lotte = _collegas(wereld)
    waarnemer_instellen(gebruiker=karin, waarnemer=jeske)
    with pytest.raises(ValidationError) as fout:
        waarnemer_instellen(gebruiker=jeske, waarnemer=karin)
    assert fout.value.message_dict["waarnemer"] == [
        "Karin Klant is zelf afwezig, en jij neemt voor Karin Klant waar. Kies een collega die er is: die neemt dan "
        "ook voor Karin Klant waar, tot je terug bent."]
    assert _waarneming(jeske) == (None, None) and _waarneming(karin) == (jeske.pk, None)

    client.force_login(jeske)
    antwoord = client.post(reverse("waarneming"), {"waarnemer": karin.pk, "waarnemer_zoek": "karin"})
    assert antwoord.status_code == 400 and "en jij neemt voor Karin Klant waar" in antwoord.content.decode()
    with pytest.raises(ValidationError) as fout:  # the beheerder, choosing for Jeske in the user admin
        waarnemer_instellen(gebruiker=jeske, waarnemer=karin, door=wereld.beheerder)
    assert fout.value.messages == ["Karin Klant is zelf afwezig, en Jeske Gunterman neemt voor Karin Klant waar. "
                                   "Kies een collega die er is: die neemt dan ook voor Karin Klant waar."]

    # Passed on already (Jeske away with Lotte, and Karin with Lotte): Jeske choosing Karin is refused alike.
    waarnemer_instellen(gebruiker=jeske, waarnemer=lotte)
    with pytest.raises(ValidationError, match="en jij neemt voor Karin Klant waar"):
        waarnemer_instellen(gebruiker=jeske, waarnemer=karin)
    assert _waarneming(karin) == (lotte.pk, jeske.pk) and _waarneming(jeske) == (lotte.pk, None)


def test_the_three_of_them_hear_why_the_waarneming_moved(wereld, met_commit):
    karin, jeske, lotte = _collegas(wereld)
    waarnemer_instellen(gebruiker=karin, waarnemer=jeske)
    Melding.objects.all().delete()

    met_commit(waarnemer_instellen, gebruiker=jeske, waarnemer=lotte)
    assert _meldingen() == {
        (karin.pk, "Jeske Gunterman is afwezig; Lotte Peters neemt je caseload nu waar. Als Jeske Gunterman terug "
                   "is, neemt Jeske Gunterman die weer waar."),
        (jeske.pk, "Je neemt de caseload van Karin Klant niet meer waar: zolang je afwezig bent, neemt Lotte Peters "
                   "die waar. De meldingen die je voor Karin Klant kreeg, staan niet meer in je lijst."),
        (lotte.pk, "Je neemt nu ook de caseload van Karin Klant waar: Jeske Gunterman nam die waar en is nu zelf "
                   "afwezig. Je vindt die op je caseloadpagina."),
        (lotte.pk, "Je neemt nu de caseload van Jeske Gunterman waar. Je vindt die op je caseloadpagina."),
    }
    assert Melding.objects.get(ontvanger=karin).url == reverse("waarneming")

    Melding.objects.all().delete()
    met_commit(waarnemer_instellen, gebruiker=jeske, waarnemer=None)
    assert _meldingen() == {
        (karin.pk, "Jeske Gunterman is terug en neemt je caseload weer waar."),
        (jeske.pk, "Je neemt de caseload van Karin Klant weer waar, nu je terug bent."),
        (lotte.pk, "Je neemt de caseload van Karin Klant niet meer waar: Jeske Gunterman is terug en neemt die weer "
                   "waar. De meldingen die je voor Karin Klant kreeg, staan niet meer in je lijst."),
        (lotte.pk, "Je neemt de caseload van Jeske Gunterman niet meer waar. De meldingen die je voor Jeske "
                   "Gunterman kreeg, staan niet meer in je lijst."),
    }


def test_accountmanagers_pass_on_the_werkgevers_they_cover_and_hear_it_in_their_words(client, wereld, met_commit):
    """Kevin covers for Anton (ill); Kevin goes on leave and chooses Lisa: De Heul reads Lisa helps, Lisa reads De
    Heul's messages, and Kevin choosing someone else moves it on."""
    anton = wereld.accountmanager
    maak = dict(organisatie=anton.organisatie, regio=anton.regio)
    kevin = AccountmanagerFactory(voornaam="Kevin", achternaam="de Wit", **maak)
    lisa = AccountmanagerFactory(voornaam="Lisa", achternaam="Laan", **maak)
    tom = AccountmanagerFactory(voornaam="Tom", achternaam="Toe", **maak)
    waarnemer_instellen(gebruiker=anton, waarnemer=kevin)
    wisseling = wisseling_starten(door=wereld.werkgever_user, soort="werkgever", werkgever=wereld.werkgever,
                                  onderwerp="Monteur", tekst="Wanneer komt de volgende kandidaat?")
    met_commit(waarnemer_instellen, gebruiker=kevin, waarnemer=lisa)

    client.force_login(lisa)
    assert client.get(reverse("wisseling", args=[wisseling.pk])).status_code == 200
    client.force_login(wereld.werkgever_user)
    assert "Tot Anton terug is, helpt Lisa Laan u." in client.get(reverse("werkgever_home")).content.decode()
    assert Melding.objects.get(ontvanger=anton, soort=Melding.Soort.WAARNEMING, tekst__contains="Lisa").tekst == (
        "Kevin de Wit is afwezig; Lisa Laan neemt nu voor je waar. Als Kevin de Wit terug is, neemt Kevin de Wit "
        "weer voor je waar.")

    met_commit(waarnemer_instellen, gebruiker=kevin, waarnemer=tom)
    assert Melding.objects.get(ontvanger=lisa, tekst__contains="niet meer waar voor Anton").tekst == (
        "Je neemt niet meer waar voor Anton Account: Tom Toe neemt nu voor Anton Account waar, zolang Kevin de Wit "
        "afwezig is. De meldingen die je voor Anton Account kreeg, staan niet meer in je lijst.")
    assert Melding.objects.get(ontvanger=tom, tekst__contains="Anton").tekst.startswith(
        "Je neemt nu ook waar voor Anton Account: Kevin de Wit nam voor Anton Account waar en is nu zelf afwezig.")
    client.force_login(lisa)
    assert client.get(reverse("wisseling", args=[wisseling.pk])).status_code == 404


def test_when_she_leaves_while_away_the_waarneming_she_passed_on_stays(wereld, met_commit):
    """Jeske, on leave with Karin's caseload passed on to Lotte, leaves for good: Karin stays with Lotte, now as if
    she had chosen Lotte (nothing comes back to an account that is off). When Lotte leaves, Karin is told, as any
    waarneming that ends so."""
    karin, jeske, lotte = _collegas(wereld)
    waarnemer_instellen(gebruiker=karin, waarnemer=jeske)
    waarnemer_instellen(gebruiker=jeske, waarnemer=lotte)
    jeske.refresh_from_db()
    jeske.is_active = False
    met_commit(gebruiker_opslaan, gebruiker=jeske, door=wereld.beheerder)
    assert _waarneming(jeske) == (None, None)
    assert _waarneming(karin) == (lotte.pk, None)

    Melding.objects.all().delete()
    lotte.refresh_from_db()
    lotte.is_active = False
    met_commit(gebruiker_opslaan, gebruiker=lotte, door=wereld.beheerder)
    assert _waarneming(karin) == (None, None)
    assert Melding.objects.get(ontvanger=karin).tekst.startswith("Lotte Peters neemt je caseload niet meer waar")


def test_when_the_colleague_it_was_passed_on_to_leaves_both_hear_it(wereld, met_commit):
    """Lotte covers Jeske and (passed on) Karin, and leaves: both waarnemingen end, and neither comes back to Jeske,
    who is still away."""
    karin, jeske, lotte = _collegas(wereld)
    waarnemer_instellen(gebruiker=karin, waarnemer=jeske)
    waarnemer_instellen(gebruiker=jeske, waarnemer=lotte)
    lotte.refresh_from_db()
    lotte.is_active = False
    met_commit(gebruiker_opslaan, gebruiker=lotte, door=wereld.beheerder)
    assert _waarneming(karin) == (None, None) and _waarneming(jeske) == (None, None)
    for wie in (karin, jeske):
        assert "Kies zo nodig een andere collega" in Melding.objects.get(ontvanger=wie, tekst__contains="Lotte").tekst


def test_the_page_says_before_she_saves_that_the_waarnemingen_go_along(client, wereld):
    karin, jeske, lotte = _collegas(wereld)
    waarnemer_instellen(gebruiker=karin, waarnemer=jeske)
    client.force_login(jeske)
    html = client.get(reverse("waarneming")).content.decode()
    assert "Zelf neem je waar voor: Karin Klant." in html
    assert "Die waarneming gaat mee naar de collega die je kiest, tot je terug bent." in html

    thuis = client.post(reverse("waarneming"), {"waarnemer": lotte.pk}, follow=True).content.decode()
    assert "Ook je waarneming voor Karin Klant gaat mee naar Lotte Peters, tot je terug bent." in thuis
    html = client.get(reverse("waarneming")).content.decode()
    assert "Zolang je afwezig bent, neemt <strong>Lotte Peters</strong> ook waar voor: Karin Klant." in html
    assert "gaat mee naar de collega" not in html

    client.force_login(karin)
    html = client.get(reverse("waarneming")).content.decode()
    assert "Nu neemt <strong>Lotte Peters</strong> je caseload waar." in html
    assert "Jeske Gunterman, die je koos, is zelf afwezig en gaf het door." in html


def test_chains_left_before_are_passed_on_by_the_migration(wereld):
    """Karin chose Jeske, who went away and chose Lotte, who went away and chose Mila, before waarnemingen went
    along: the migration gives Karin and Jeske to Mila, and remembers whom they had chosen."""
    migratie = MIGRATIE_0021
    karin, jeske, lotte = _collegas(wereld)
    mila = KlantmanagerFactory(organisatie=karin.organisatie, regio=karin.regio)
    pieter = KlantmanagerFactory(organisatie=karin.organisatie, regio=karin.regio)
    for wie, waarnemer in ((karin, jeske), (jeske, lotte), (lotte, mila), (pieter, mila)):
        User.objects.filter(pk=wie.pk).update(waarnemer=waarnemer)
    migratie.doorgeven(apps, None)
    assert [_waarneming(wie) for wie in (karin, jeske, lotte, pieter)] == [
        (mila.pk, jeske.pk), (mila.pk, lotte.pk), (mila.pk, None), (mila.pk, None)]
    waarnemer_instellen(gebruiker=lotte, waarnemer=None)
    assert [_waarneming(wie) for wie in (karin, jeske)] == [(lotte.pk, jeske.pk), (lotte.pk, None)]


def test_the_page_of_a_colleague_away_reads_as_much_with_twelve_passed_on_as_with_forty(client, wereld):
    """The page of Jeske, away: her waarnemer, those passed on (the first ten by name, then how many more)."""
    karin, jeske, lotte = _collegas(wereld)
    client.force_login(jeske)

    def doorgeven(aantal):
        waarnemer_instellen(gebruiker=jeske, waarnemer=None)
        for collega in KlantmanagerFactory.create_batch(aantal, organisatie=karin.organisatie, achternaam="Team"):
            waarnemer_instellen(gebruiker=collega, waarnemer=jeske)
        waarnemer_instellen(gebruiker=jeske, waarnemer=lotte)
        with CaptureQueriesContext(connection) as q:
            html = client.get(reverse("waarneming")).content.decode()
        return len(q), html[html.index('id="waarneming-doorgegeven"'):].split("</p>")[0]

    weinig, regel = doorgeven(12)
    assert regel.count(" Team") == 10 and "en nog 2 collega's." in regel
    veel, regel = doorgeven(28)
    # Six: the session (with her account), the colleagues to choose from, whom she covers herself, the waarnemingen
    # passed on that her waarnemer holds (ids), the first ten of those that rest on her, her waarnemer. The same for
    # 40 as for 12.
    assert veel == weinig == 6
    assert regel.count(" Team") == 10 and "en nog 30 collega's." in regel


def test_the_beheerder_sees_whom_she_had_chosen(client, wereld):
    karin, jeske, lotte = _collegas(wereld)
    waarnemer_instellen(gebruiker=karin, waarnemer=jeske)
    waarnemer_instellen(gebruiker=jeske, waarnemer=lotte)
    client.force_login(wereld.beheerder)
    html = client.get(reverse("admin:accounts_user_change", args=[karin.pk])).content.decode()
    veld = html[html.index("field-waarneming_doorgegeven_door"):]
    assert "Waarneming doorgegeven door" in veld[:600] and "Jeske Gunterman" in veld[:1500]


def test_after_saving_she_reads_which_waarnemingen_went_along(client, wereld):
    karin, jeske, lotte = _collegas(wereld)
    for i in range(5):
        waarnemer_instellen(gebruiker=KlantmanagerFactory(organisatie=karin.organisatie, voornaam=f"Anna{i}",
                                                          achternaam="Aalbers"), waarnemer=jeske)
    client.force_login(jeske)
    thuis = client.post(reverse("waarneming"), {"waarnemer": lotte.pk}, follow=True).content.decode()
    assert ("Ook je waarnemingen voor Anna0 Aalbers, Anna1 Aalbers, Anna2 Aalbers en nog 2 collega&#x27;s gaan mee "
            "naar Lotte Peters, tot je terug bent.") in thuis
    thuis = client.post(reverse("waarneming"), {"waarnemer": ""}, follow=True).content.decode()
    assert "gaan mee" not in thuis


def test_a_colleague_who_is_away_herself_is_marked_so_among_the_choices(client, wereld):
    karin, jeske, _lotte = _collegas(wereld)
    waarnemer_instellen(gebruiker=karin, waarnemer=jeske)
    client.force_login(jeske)
    html = client.get(reverse("waarneming")).content.decode()
    assert "Karin Klant, Organisatie" in html and re.search(r"Karin Klant, [^<]*\(zelf afwezig\)", html)
    assert not re.search(r"Lotte Peters, [^<]*\(zelf afwezig\)", html)


def _in_de_gebruikersbeheer(client, beheerder, wie, **wijziging):
    """The beheerder saves ``wie`` in the user admin with these changes (what the outbox runs after it too)."""
    gegevens = {"email": wie.email, "voornaam": wie.voornaam, "achternaam": wie.achternaam, "telefoon": wie.telefoon,
                "rol": wie.rol, "organisatie": wie.organisatie_id, "regio": wie.regio_id, "is_active": "on",
                "waarnemer": wie.waarnemer_id or "", **wijziging}
    client.force_login(beheerder)
    antwoord = client.post(reverse("admin:accounts_user_change", args=[wie.pk]),
                           {k: v for k, v in gegevens.items() if v is not None})
    assert antwoord.status_code == 302, antwoord.content.decode()[:2000]


def test_switched_off_with_her_waarnemer_cleared_in_one_save_what_she_passed_on_stays(
        client, wereld, django_capture_on_commit_callbacks):
    """Jeske, on leave with Karin's caseload passed on to Lotte, leaves: the beheerder switches her account off and
    clears "Wordt vervangen door" in the same save. Before, that read as Jeske being back: Karin's caseload went to
    Jeske's switched-off account, Karin read "Jeske Gunterman is terug" and then that nobody covers it any more."""
    karin, jeske, lotte = _collegas(wereld)
    waarnemer_instellen(gebruiker=karin, waarnemer=jeske)
    waarnemer_instellen(gebruiker=jeske, waarnemer=lotte)
    jeske.refresh_from_db()
    Melding.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        _in_de_gebruikersbeheer(client, wereld.beheerder, jeske, is_active=None, waarnemer="")

    assert _waarneming(karin) == (lotte.pk, None) and _waarneming(jeske) == (None, None)
    assert not Melding.objects.filter(ontvanger=karin).exists()
    assert _meldingen() == {(lotte.pk, "Je neemt de caseload van Jeske Gunterman niet meer waar. De meldingen die je "
                                       "voor Jeske Gunterman kreeg, staan niet meer in je lijst.")}


def test_moved_with_a_new_waarnemer_in_one_save_her_colleagues_do_not_go_along(
        client, wereld, django_capture_on_commit_callbacks):
    """Jeske covers Karin and moves to another organisation; the beheerder chooses Xander there to cover Jeske's
    (new) caseload in the same save. Before, Karin's caseload went along to Xander, of the other organisation, who
    was told so, and Karin then read that it ended "nu je rol of organisatie is gewijzigd": hers had not. Now
    Karin's waarneming ends because Jeske moved, and she reads that. Away herself, Jeske's passed-on waarneming
    stays with Lotte, and no longer names Jeske, who cannot have it back."""
    karin, jeske, lotte = _collegas(wereld)
    elders = OrganisatieFactory(soort=karin.organisatie.soort, regio=karin.regio)
    xander = KlantmanagerFactory(voornaam="Xander", achternaam="Ander", organisatie=elders, regio=karin.regio)
    mila = KlantmanagerFactory(voornaam="Mila", achternaam="Mols", organisatie=elders, regio=karin.regio)
    waarnemer_instellen(gebruiker=karin, waarnemer=jeske)
    Melding.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        _in_de_gebruikersbeheer(client, wereld.beheerder, jeske, organisatie=elders.pk, waarnemer=xander.pk)

    assert _waarneming(karin) == (None, None) and _waarneming(jeske) == (xander.pk, None)
    assert not Melding.objects.filter(ontvanger=xander, tekst__contains="Karin").exists()
    assert Melding.objects.get(ontvanger=karin).tekst == (
        "Jeske Gunterman neemt je caseload niet meer waar: Jeske is vertrokken of heeft een andere rol of "
        "organisatie. Kies zo nodig een andere collega.")

    pieter = KlantmanagerFactory(organisatie=karin.organisatie, regio=karin.regio)
    waarnemer_instellen(gebruiker=karin, waarnemer=lotte)  # Lotte covers Karin, goes away, and then moves too
    waarnemer_instellen(gebruiker=lotte, waarnemer=pieter)
    assert _waarneming(karin) == (pieter.pk, lotte.pk)
    lotte.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        _in_de_gebruikersbeheer(client, wereld.beheerder, lotte, organisatie=elders.pk, waarnemer=mila.pk)
    assert _waarneming(karin) == (pieter.pk, None) and _waarneming(lotte) == (mila.pk, None)


def test_down_a_chain_her_page_names_every_waarneming_that_went_along(client, wereld):
    """Lotte covers Jeske and (passed on by Jeske) Karin; her page says both go along, and both do. Before, after
    saving she read that only Jeske's went along to Mila, and her page named only Jeske: Karin, who comes back to
    her too, seemed left behind."""
    karin, jeske, lotte = _collegas(wereld)
    mila = KlantmanagerFactory(organisatie=karin.organisatie, regio=karin.regio, voornaam="Mila", achternaam="Mols")
    waarnemer_instellen(gebruiker=karin, waarnemer=jeske)
    waarnemer_instellen(gebruiker=jeske, waarnemer=lotte)
    client.force_login(lotte)
    assert "Zelf neem je waar voor: Jeske Gunterman, Karin Klant." in client.get(reverse("waarneming")).content.decode()

    thuis = client.post(reverse("waarneming"), {"waarnemer": mila.pk}, follow=True).content.decode()
    assert "Ook je waarnemingen voor Jeske Gunterman, Karin Klant gaan mee naar Mila Mols, tot je terug bent." in thuis
    html = client.get(reverse("waarneming")).content.decode()
    assert "neemt <strong>Mila Mols</strong> ook waar voor: Jeske Gunterman, Karin Klant." in html
    assert (_waarneming(jeske), _waarneming(karin)) == ((mila.pk, lotte.pk), (mila.pk, jeske.pk))

    client.force_login(jeske)  # Jeske's page names Karin, not Lotte's waarneming of Jeske herself
    html = client.get(reverse("waarneming")).content.decode()
    assert "neemt <strong>Mila Mols</strong> ook waar voor: Karin Klant." in html
