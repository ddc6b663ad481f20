"""The waarneming page: the colleague who covers a caseload is found by a search, never chosen from a <select> of
the whole organisation, and both colleagues hear of it."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from accounts.selectors import COLLEGAS_PER_ZOEKOPDRACHT, ik_en_wie_ik_waarneem
from accounts.services import gebruiker_opslaan, waarnemer_instellen, waarnemingen_beeindigen
from accounts.tests.factories import AccountmanagerFactory, BeheerderFactory, KlantmanagerFactory, OrganisatieFactory
from berichten.services import wisseling_starten
from meldingen.models import Melding
from meldingen.services import melding_maken
from taken.services import taak_aanmaken

pytestmark = pytest.mark.django_db


def _keuzes(html):
    return re.findall(r'name="waarnemer" value="(\d*)"', html)


def _aangevinkt(html):
    return re.findall(r'name="waarnemer" value="(\d*)"[^>]*checked', html)


def test_the_colleague_is_found_by_name_never_chosen_from_a_list_of_the_whole_organisation(client, wereld):
    """Before: a <select> of every active klantmanager of the organisation (498 in the demo's Gemeente Arnhem:
    30 kB). Now the page shows the first 20 by name (a real team: everyone), and a search finds the others; nobody
    of another organisation, no one who left, no accountmanager, never oneself."""
    km = wereld.klantmanager
    collegas = [KlantmanagerFactory(organisatie=km.organisatie, regio=km.regio, voornaam=f"Anna{i:02d}",
                                    achternaam="Aalbers") for i in range(COLLEGAS_PER_ZOEKOPDRACHT + 5)]
    vera = KlantmanagerFactory(organisatie=km.organisatie, regio=km.regio, voornaam="Vera", achternaam="Vervang")
    KlantmanagerFactory(organisatie=km.organisatie, voornaam="Vera", achternaam="Vertrokken", is_active=False)
    KlantmanagerFactory(organisatie=OrganisatieFactory(), voornaam="Vera", achternaam="Vreemd")
    AccountmanagerFactory(organisatie=km.organisatie, voornaam="Vera", achternaam="Accountmanager")
    client.force_login(km)
    url = reverse("waarneming")

    html = client.get(url).content.decode()
    assert "<select" not in html and 'name="waarnemer_zoek"' in html
    assert _keuzes(html) == ["", *[str(c.pk) for c in collegas[:COLLEGAS_PER_ZOEKOPDRACHT]]]
    assert _aangevinkt(html) == [""] and "Nu neemt niemand je caseload waar" in html
    assert "Typ meer van de naam" in html and "Vervang" not in html

    gezocht = client.get(url, {"waarnemer_zoek": " vera "}).content.decode()
    assert _keuzes(gezocht) == ["", str(vera.pk)]
    assert not {"Vertrokken", "Vreemd", "Accountmanager"} & set(re.findall(r"Vera (\w+)", gezocht))
    assert _keuzes(client.get(url, {"waarnemer_zoek": km.achternaam}).content.decode()) == [""]  # never oneself
    assert "Geen klantmanager gevonden met" in client.get(url, {"waarnemer_zoek": "zzz"}).content.decode()

    # The last Aalbers, beyond the first 20: a valid choice, and from then on shown (and checked) on the page.
    assert client.post(url, {"waarnemer": collegas[-1].pk}).status_code == 302
    km.refresh_from_db()
    assert km.waarnemer == collegas[-1]
    html = client.get(url).content.decode()
    assert _aangevinkt(html) == [str(collegas[-1].pk)] and "Anna24 Aalbers</strong> je caseload waar" in html



def test_a_colleague_who_is_away_herself_cannot_be_chosen(client, wereld):
    """Lotte was on leave and Jeske covered for her; Jeske then went on leave and chose Lotte. Both caseloads were
    with someone who was not there, and Willem read "Tot Lotte terug is, helpt Jeske Gunterman je." Now the
    choice is refused with her name, nothing is stored; a colleague who is there can still be chosen, and the
    waarneming already set is kept when the page is saved again."""
    jeske = wereld.klantmanager
    lotte = KlantmanagerFactory(organisatie=jeske.organisatie, voornaam="Lotte", achternaam="Peters")
    vera = KlantmanagerFactory(organisatie=jeske.organisatie, voornaam="Vera", achternaam="Vervang")
    waarnemer_instellen(gebruiker=lotte, waarnemer=jeske)  # Lotte is away; Jeske covers
    client.force_login(jeske)
    antwoord = client.post(reverse("waarneming"), {"waarnemer": lotte.pk, "waarnemer_zoek": "lotte"})
    assert antwoord.status_code == 400
    assert "Lotte Peters is zelf afwezig" in antwoord.content.decode()
    assert User.objects.get(pk=jeske.pk).waarnemer_id is None
    with pytest.raises(ValidationError):
        waarnemer_instellen(gebruiker=jeske, waarnemer=lotte)

    assert waarnemer_instellen(gebruiker=jeske, waarnemer=vera).waarnemer == vera
    # Vera goes away too: Jeske's waarneming goes along to Vera's waarnemer, and saved again it is kept.
    nina = KlantmanagerFactory(organisatie=jeske.organisatie)
    waarnemer_instellen(gebruiker=vera, waarnemer=nina)
    assert User.objects.get(pk=jeske.pk).waarnemer_id == nina.pk
    assert waarnemer_instellen(gebruiker=jeske, waarnemer=nina).waarnemer == nina  # saved again: kept

def test_a_bad_choice_or_a_search_keeps_what_was_chosen_and_stores_nothing(client, wereld):
    km = wereld.klantmanager
    vera = KlantmanagerFactory(organisatie=km.organisatie, voornaam="Vera", achternaam="Vervang")
    vreemd = KlantmanagerFactory(organisatie=OrganisatieFactory(), voornaam="Vera", achternaam="Vreemd")
    client.force_login(km)
    url = reverse("waarneming")
    for fout in (vreemd.pk, "abc", 2**70):
        antwoord = client.post(url, {"waarnemer": fout, "waarnemer_zoek": "ver"})
        assert antwoord.status_code == 400, fout
        assert "Kies een collega uit de zoekresultaten" in antwoord.content.decode()
    # The no-JS search: the form's first button, so Enter in the search field searches and never saves.
    html = client.get(url).content.decode()
    form = html[html.index("wsp-formulier"):]
    assert re.findall(r"<button[^>]*>", form)[0].count('name="zoeken"') == 1
    antwoord = client.post(url, {"waarnemer_zoek": "vervang", "zoeken": "1", "waarnemer": vera.pk})
    assert antwoord.status_code == 200 and _aangevinkt(antwoord.content.decode()) == [str(vera.pk)]
    km.refresh_from_db()
    assert km.waarnemer is None
    # htmx: only the results, the choice kept, and a link cannot pick the colleague.
    deel = client.get(url, {"waarnemer_zoek": "zzz", "waarnemer": vera.pk}, HTTP_HX_REQUEST="true").content.decode()
    assert deel.lstrip().startswith('<div id="klantmanager-keuzes"') and _aangevinkt(deel) == [str(vera.pk)]
    assert _aangevinkt(client.get(url, {"waarnemer": vera.pk}).content.decode()) == [""]


def test_the_colleague_who_starts_and_the_one_who_stops_hear_it(client, wereld, django_capture_on_commit_callbacks):
    """Before: nobody heard of it; a colleague found a second caseload on their page, or lost one, unannounced."""
    km = wereld.klantmanager
    vera = KlantmanagerFactory(organisatie=km.organisatie, voornaam="Vera", achternaam="Vervang")
    wim = KlantmanagerFactory(organisatie=km.organisatie, voornaam="Wim", achternaam="Waarnemer")
    client.force_login(km)
    url = reverse("waarneming")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"waarnemer": vera.pk})
    [melding] = Melding.objects.filter(ontvanger=vera)
    assert melding.soort == "waarneming" and f"caseload van {km.get_full_name()} waar" in melding.tekst
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"waarnemer": vera.pk})  # the same again: nothing new
        client.post(url, {"waarnemer": wim.pk})
    assert Melding.objects.filter(ontvanger=vera).count() == 2
    assert "niet meer waar" in Melding.objects.filter(ontvanger=vera).latest("pk").tekst
    assert Melding.objects.filter(ontvanger=wim).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = client.post(url, {"waarnemer": ""}, follow=True)
    assert "niemand neemt je caseload waar" in antwoord.content.decode()
    assert "niet meer waar" in Melding.objects.filter(ontvanger=wim).latest("pk").tekst
    assert Melding.objects.filter(ontvanger=km).count() == 0


def test_only_an_active_klantmanager_of_the_own_organisation_can_cover(wereld):
    """Before: the service took anyone of the organisation, an inactive account or an accountmanager included."""
    km = wereld.klantmanager
    for ander in (KlantmanagerFactory(organisatie=km.organisatie, is_active=False),
                  AccountmanagerFactory(organisatie=km.organisatie), KlantmanagerFactory(), km):
        with pytest.raises(ValidationError):
            waarnemer_instellen(gebruiker=km, waarnemer=ander)
    assert User.objects.get(pk=km.pk).waarnemer_id is None


def test_the_page_reads_as_much_with_five_colleagues_as_with_forty(client, wereld):
    km = wereld.klantmanager
    client.force_login(km)
    url = reverse("waarneming")

    def tellen():
        aantallen = []
        for gegevens in ({}, {"waarnemer_zoek": "de"}):
            with CaptureQueriesContext(connection) as q:
                assert client.get(url, gegevens).status_code == 200
            aantallen.append(len(q))
        return aantallen

    KlantmanagerFactory.create_batch(5, organisatie=km.organisatie, achternaam="de Vries")
    weinig = tellen()
    KlantmanagerFactory.create_batch(35, organisatie=km.organisatie, achternaam="de Wit")
    assert tellen() == weinig


def test_the_page_says_whose_caseload_one_covers_oneself_in_a_line(client, wereld):
    """A team lead who covers for a whole team sees ten names and how many more, not a page of names."""
    km = wereld.klantmanager
    client.force_login(km)
    assert "Zelf neem je waar voor" not in client.get(reverse("waarneming")).content.decode()
    KlantmanagerFactory.create_batch(12, organisatie=km.organisatie, waarnemer=km, achternaam="Team")
    html = client.get(reverse("waarneming")).content.decode()
    regel = html[html.index("Zelf neem je waar voor"):].split("</p>")[0]
    assert regel.count(" Team") == 10 and "en nog 2 collega's." in regel


def test_the_werkzoekende_sees_who_helps_while_her_klantmanager_is_away(client, wereld):
    """While Lotte covered for Jeske, Willem still saw only Jeske and her phone number: he called someone on leave."""
    lotte = KlantmanagerFactory(voornaam="Lotte", achternaam="Peters", organisatie=wereld.klantmanager.organisatie,
                                regio=wereld.klantmanager.regio, telefoon="026 3777777")
    client.force_login(wereld.werkzoekende_user)
    assert "helpt Lotte Peters je" not in client.get(reverse("werkzoekende_home")).content.decode()
    waarnemer_instellen(gebruiker=wereld.klantmanager, waarnemer=lotte)
    html = client.get(reverse("werkzoekende_home")).content.decode()
    km = wereld.klantmanager.get_short_name()
    assert f"{km} is er even niet. Tot {km} terug is, helpt Lotte Peters je." in html
    assert "tel:0263777777" in html and lotte.email in html
    waarnemer_instellen(gebruiker=wereld.klantmanager, waarnemer=None)
    assert "helpt Lotte Peters je" not in client.get(reverse("werkzoekende_home")).content.decode()


def test_an_accountmanager_on_sick_leave_is_covered_and_the_werkgever_sees_by_whom(client, wereld, met_commit):
    """Anton is ill for weeks. Before, only klantmanagers could choose a waarnemer: De Heul's messages, Anton's
    tasks and meldingen waited for him, and De Heul read on its page only that Anton is its contact. Now Kevin covers:
    he reads and answers De Heul's messages, sees Anton's tasks, and De Heul sees who helps; until Anton is back."""

    anton, werkgever = wereld.accountmanager, wereld.werkgever
    kevin = AccountmanagerFactory(organisatie=anton.organisatie, regio=anton.regio, voornaam="Kevin",
                                  achternaam="de Wit")
    KlantmanagerFactory(organisatie=anton.organisatie, voornaam="Kevin", achternaam="Klantmanager")
    client.force_login(anton)
    url = reverse("waarneming")
    assert url in client.get(reverse("accountmanager_home")).content.decode()
    html = client.get(url, {"waarnemer_zoek": "kevin"}).content.decode()
    assert _keuzes(html) == ["", str(kevin.pk)] and "Nu neemt niemand voor je waar." in html
    assert client.post(url, {"waarnemer": wereld.klantmanager.pk}).status_code == 400  # not a klantmanager
    with_commit = met_commit(client.post, path=url, data={"waarnemer": kevin.pk})
    assert with_commit.status_code == 302 and with_commit.url == reverse("accountmanager_home")
    assert User.objects.get(pk=anton.pk).waarnemer == kevin
    assert Melding.objects.get(ontvanger=kevin, soort=Melding.Soort.WAARNEMING).tekst.startswith(
        "Je neemt nu waar voor Anton Account")

    client.force_login(wereld.werkgever_user)
    thuis = client.get(reverse("werkgever_home")).content.decode()
    assert "Anton is er even niet. Tot Anton terug is, helpt Kevin de Wit u." in thuis
    wisseling = met_commit(wisseling_starten, door=wereld.werkgever_user, soort="werkgever", werkgever=werkgever,
                           onderwerp="Monteur", tekst="Wanneer komt de volgende kandidaat?")
    taak = taak_aanmaken(voor=anton, omschrijving="Bel De Heul terug", werkgever=werkgever)
    client.force_login(kevin)
    assert Melding.objects.filter(ontvanger=kevin, url=reverse("wisseling", args=[wisseling.pk])).exists()
    assert client.get(reverse("wisseling", args=[wisseling.pk])).status_code == 200
    assert "Voor Anton Account (je neemt waar):</strong> Bel De Heul terug" in client.get(
        reverse("taken")).content.decode()

    # Anton is back: Kevin no longer reads De Heul's messages, and De Heul no longer sees him as help.
    waarnemer_instellen(gebruiker=anton, waarnemer=None)
    assert client.get(reverse("wisseling", args=[wisseling.pk])).status_code == 404
    assert client.post(reverse("taak_afronden", args=[taak.pk])).status_code == 404
    client.force_login(wereld.werkgever_user)
    assert "is er even niet" not in client.get(reverse("werkgever_home")).content.decode()


def _uit_in_de_admin(client, beheerder, gebruiker, django_capture_on_commit_callbacks):
    """The beheerder switches the account off on its admin page (and what waits for the commit runs)."""
    client.force_login(beheerder)
    gegevens = {"email": gebruiker.email, "voornaam": gebruiker.voornaam, "achternaam": gebruiker.achternaam,
                "telefoon": gebruiker.telefoon, "rol": gebruiker.rol, "organisatie": gebruiker.organisatie_id,
                "regio": gebruiker.regio_id}
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = client.post(reverse("admin:accounts_user_change", args=[gebruiker.pk]), gegevens)
    assert antwoord.status_code == 302
    assert not User.objects.get(pk=gebruiker.pk).is_active


def test_a_waarnemer_who_becomes_accountmanager_no_longer_covers_the_caseload(client, wereld, met_commit):
    """Vera covered Karin's caseload and became an accountmanager of the same organisation: she still had Karin's
    tasks on her page and a copy of every melding of Karin's caseload. Now the waarneming ends with the change of role,
    and both hear it."""

    km = wereld.klantmanager
    vera = KlantmanagerFactory(organisatie=km.organisatie, regio=km.regio, voornaam="Vera", achternaam="Vervang")
    waarnemer_instellen(gebruiker=km, waarnemer=vera)
    taak_aanmaken(voor=km, omschrijving="Bel Willem over de training")
    client.force_login(vera)
    assert "Bel Willem over de training" in client.get(reverse("taken")).content.decode()

    vera.rol = "accountmanager"
    met_commit(gebruiker_opslaan, gebruiker=vera, door=BeheerderFactory())
    assert User.objects.get(pk=km.pk).waarnemer_id is None
    assert ik_en_wie_ik_waarneem(vera) == [vera.pk]
    assert "Bel Willem over de training" not in client.get(reverse("taken")).content.decode()
    assert Melding.objects.get(ontvanger=vera, soort=Melding.Soort.WAARNEMING, tekst__contains="niet meer").tekst == (
        f"Je neemt de caseload van {km.get_full_name()} niet meer waar. De meldingen die je voor "
        f"{km.get_full_name()} kreeg, staan niet meer in je lijst.")
    melding = Melding.objects.get(ontvanger=km, soort=Melding.Soort.WAARNEMING)
    assert melding.tekst.startswith("Vera Vervang neemt je caseload niet meer waar: Vera is vertrokken")
    assert melding.url == reverse("waarneming")
    # What happens in Karin's caseload from now on reaches Karin only.
    met_commit(melding_maken, ontvanger=km, soort=Melding.Soort.PLAN, tekst="Willem paste zijn plan aan.",
               sleutel="test:plan")
    assert not Melding.objects.filter(ontvanger=vera, tekst__contains="Willem paste zijn plan aan").exists()


def test_a_waarnemer_switched_off_in_the_admin_no_longer_covers(client, wereld, django_capture_on_commit_callbacks):
    """Vera left and her account was switched off: she stayed Karin's waarnemer, Karin's page said Vera covered for
    her and Karin was never told to find someone else."""
    km = wereld.klantmanager
    vera = KlantmanagerFactory(organisatie=km.organisatie, regio=km.regio, voornaam="Vera", achternaam="Vervang")
    waarnemer_instellen(gebruiker=km, waarnemer=vera)
    _uit_in_de_admin(client, wereld.beheerder, vera, django_capture_on_commit_callbacks)

    assert User.objects.get(pk=km.pk).waarnemer_id is None
    assert Melding.objects.get(ontvanger=km, soort=Melding.Soort.WAARNEMING).url == reverse("waarneming")
    assert not Melding.objects.filter(ontvanger=vera).exists()  # switched off: she hears nothing
    client.force_login(km)
    html = client.get(reverse("waarneming")).content.decode()
    assert "Nu neemt niemand je caseload waar." in html and "Vera Vervang</strong>" not in html
    # Switched on again, she covers for nobody: nothing comes back.
    vera.refresh_from_db()
    vera.is_active = True
    with django_capture_on_commit_callbacks(execute=True):
        gebruiker_opslaan(vera, door=wereld.beheerder)
    assert User.objects.get(pk=km.pk).waarnemer_id is None


def test_when_the_covered_colleague_leaves_her_waarnemer_stops_covering(client, wereld,
                                                                        django_capture_on_commit_callbacks):
    """Pieter handed his caseload over and left; Jeske, his waarnemer, still had him among the caseloads she covers,
    and his tasks and meldingen kept coming to her. Now his leaving ends the waarneming and Jeske hears it."""

    jeske = wereld.klantmanager
    pieter = KlantmanagerFactory(organisatie=jeske.organisatie, regio=jeske.regio, voornaam="Pieter",
                                 achternaam="Plas")
    waarnemer_instellen(gebruiker=pieter, waarnemer=jeske)
    assert set(ik_en_wie_ik_waarneem(jeske)) == {jeske.pk, pieter.pk}
    _uit_in_de_admin(client, wereld.beheerder, pieter, django_capture_on_commit_callbacks)

    assert User.objects.get(pk=pieter.pk).waarnemer_id is None
    assert ik_en_wie_ik_waarneem(jeske) == [jeske.pk]
    [melding] = Melding.objects.filter(ontvanger=jeske, soort=Melding.Soort.WAARNEMING, tekst__contains="niet meer")
    assert melding.tekst == ("Je neemt de caseload van Pieter Plas niet meer waar. De meldingen die je voor Pieter "
                            "Plas kreeg, staan niet meer in je lijst.")
    client.force_login(jeske)
    assert "Zelf neem je waar voor" not in client.get(reverse("waarneming")).content.decode()


def test_an_accountmanager_covering_who_moves_to_another_organisation_stops_and_a_later_choice_stays(
        client, wereld, met_commit):
    """Kevin covered for Anton and moved to another organisation: De Heul still read that Kevin helps while Anton is
    away. Now Kevin's move ends it and Anton hears it (not where Kevin went). A reaction that runs late (the outbox
    sweep) does not end the waarneming Anton chose since."""

    anton = wereld.accountmanager
    kevin = AccountmanagerFactory(organisatie=anton.organisatie, regio=anton.regio, voornaam="Kevin",
                                  achternaam="de Wit")
    waarnemer_instellen(gebruiker=anton, waarnemer=kevin)
    client.force_login(wereld.werkgever_user)
    assert "helpt Kevin de Wit u" in client.get(reverse("werkgever_home")).content.decode()

    nieuw = OrganisatieFactory(naam="UWV Nijmegen", regio=anton.regio)
    kevin.organisatie = nieuw
    met_commit(gebruiker_opslaan, gebruiker=kevin, door=wereld.beheerder)
    assert User.objects.get(pk=anton.pk).waarnemer_id is None
    melding = Melding.objects.get(ontvanger=anton, soort=Melding.Soort.WAARNEMING)
    assert melding.tekst.startswith("Kevin de Wit neemt niet meer voor je waar") and "UWV" not in melding.tekst
    assert Melding.objects.get(ontvanger=kevin, soort=Melding.Soort.WAARNEMING).tekst == (
        "Je neemt niet meer waar voor Anton Account. De meldingen die je voor Anton Account kreeg, staan niet meer "
        "in je lijst.")
    assert "is er even niet" not in client.get(reverse("werkgever_home")).content.decode()

    lisa = AccountmanagerFactory(organisatie=anton.organisatie, regio=anton.regio)
    waarnemer_instellen(gebruiker=anton, waarnemer=lisa)
    assert waarnemingen_beeindigen(gebruiker_id=kevin.pk, door=wereld.beheerder) == 0
    assert waarnemingen_beeindigen(gebruiker_id=anton.pk, door=wereld.beheerder) == 0
    assert User.objects.get(pk=anton.pk).waarnemer_id == lisa.pk


def test_waarnemingen_that_stopped_holding_before_are_cleared_by_the_migration(wereld):
    """Waarnemingen left behind before the reaction existed: a waarnemer who left, moved or changed role, a covered
    colleague who left. The migration clears those and keeps the one that holds."""
    import importlib

    from django.apps import apps

    migratie = importlib.import_module("accounts.migrations.0020_waarnemingen_die_niet_meer_gelden")
    km = wereld.klantmanager
    org = km.organisatie

    def gedekt_door(waarnemer, **velden):
        collega = KlantmanagerFactory(organisatie=org, **velden)
        User.objects.filter(pk=collega.pk).update(waarnemer=waarnemer)
        return collega

    blijft = gedekt_door(km)
    weg = [gedekt_door(KlantmanagerFactory(organisatie=org, is_active=False)),
           gedekt_door(KlantmanagerFactory(organisatie=OrganisatieFactory())),
           gedekt_door(AccountmanagerFactory(organisatie=org)),
           gedekt_door(km, is_active=False)]
    migratie.beeindigen(apps, None)
    assert User.objects.get(pk=blijft.pk).waarnemer_id == km.pk
    assert not User.objects.filter(pk__in=[c.pk for c in weg], waarnemer__isnull=False).exists()


def test_the_waarnemer_is_checked_again_as_her_row_is_now_under_its_lock(wereld):
    """Lotte was switched off (or moved) while Karin's form was being sent: the Lotte read before the lock still looks
    active, but the row says otherwise, so no waarneming starts that no reaction would end."""
    karin = wereld.klantmanager
    lotte = KlantmanagerFactory(organisatie=karin.organisatie, regio=karin.regio)
    User.objects.filter(pk=lotte.pk).update(is_active=False)
    with pytest.raises(ValidationError):
        waarnemer_instellen(gebruiker=karin, waarnemer=lotte)
    assert User.objects.get(pk=karin.pk).waarnemer_id is None

    anders = KlantmanagerFactory(organisatie=karin.organisatie, regio=karin.regio)
    User.objects.filter(pk=anders.pk).update(organisatie=OrganisatieFactory(regio=karin.regio))
    with pytest.raises(ValidationError):
        waarnemer_instellen(gebruiker=karin, waarnemer=anders)
    assert User.objects.get(pk=karin.pk).waarnemer_id is None


def test_setting_a_waarnemer_locks_both_rows(wereld):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite kent geen FOR UPDATE: het vergrendelen wordt op PostgreSQL getest")
    karin = wereld.klantmanager
    lotte = KlantmanagerFactory(organisatie=karin.organisatie, regio=karin.regio)
    with CaptureQueriesContext(connection) as queries:
        waarnemer_instellen(gebruiker=karin, waarnemer=lotte)
    [vergrendeling] = [q["sql"] for q in queries if "FOR NO KEY UPDATE" in q["sql"]]
    assert str(karin.pk) in vergrendeling and str(lotte.pk) in vergrendeling and "ORDER BY" in vergrendeling
