"""The warme overdracht page: the colleague who takes over is found by a search, never chosen from a list of all."""

import re
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Verwerking
from accounts.selectors import COLLEGAS_PER_ZOEKOPDRACHT as KLANTMANAGERS_PER_ZOEKOPDRACHT
from accounts.tests.factories import KlantmanagerFactory, OrganisatieFactory
from taken.models import Taak
from werkzoekenden.models import Kandidaat, KlantmanagerToewijzing
from werkzoekenden.services import dossier_afsluiten, warme_overdracht

pytestmark = pytest.mark.django_db


def _gekozen(html):
    return re.findall(r'name="naar" value="(\d+)"', html)


def test_the_colleague_is_found_by_name_or_organisation_never_chosen_from_a_list_of_all(client, wereld):
    """Before: a <select> of every active klantmanager of the region (about 1,000 at national volume: 54 kB, up to
    323 ms). Now the page lists nobody until a search, and a search shows at most 20; anyone of the region is
    still a valid choice, and nobody of a third region is."""
    regio = wereld.klantmanager.regio
    uwv = OrganisatieFactory(soort="uwv", gemeente=None, naam="UWV Arnhem", regio=regio)
    jansens = [KlantmanagerFactory(voornaam=f"Jan{i:02d}", achternaam="Jansen", regio=regio)
               for i in range(KLANTMANAGERS_PER_ZOEKOPDRACHT + 5)]
    ula = KlantmanagerFactory(voornaam="Ula", achternaam="Uwv-medewerker", regio=regio, organisatie=uwv)
    elders = KlantmanagerFactory(voornaam="Jan", achternaam="Jansen-Elders", regio=wereld.vreemde_klantmanager.regio)
    weg = KlantmanagerFactory(voornaam="Jan", achternaam="Jansen-Vertrokken", regio=regio, is_active=False)
    client.force_login(wereld.klantmanager)
    url = reverse("overdracht", args=[wereld.kandidaat.pk])

    html = client.get(url).content.decode()
    assert 'name="naar"' not in html  # neither a <select> nor a radio button
    assert 'name="naar_zoek"' in html and "Jansen" not in html

    gezocht = client.get(url, {"naar_zoek": "  jansen "}).content.decode()
    assert _gekozen(gezocht) == [str(k.pk) for k in jansens[:KLANTMANAGERS_PER_ZOEKOPDRACHT]]
    assert "Typ meer van de naam" in gezocht and "Jansen-Elders" not in gezocht and "Vertrokken" not in gezocht
    precies = client.get(url, {"naar_zoek": "jan24 jansen"}).content.decode()
    assert _gekozen(precies) == [str(jansens[-1].pk)] and "Typ meer van de naam" not in precies
    assert _gekozen(client.get(url, {"naar_zoek": "uwv arnhem"}).content.decode()) == [str(ula.pk)]
    assert "Geen klantmanager gevonden met" in client.get(url, {"naar_zoek": "zzz"}).content.decode()
    assert wereld.klantmanager.achternaam not in " ".join(
        re.findall(r'<label[^>]*for="id_naar_\d+"[^>]*>.*?</label>', client.get(url, {"naar_zoek": "klant"})
                   .content.decode(), re.DOTALL))  # never oneself

    # Someone of a third region, one who left, or no id at all: a clear message, the note kept, nothing moved.
    for fout in (elders.pk, weg.pk, "abc", ""):
        antwoord = client.post(url, {"naar": fout, "notitie": "WW eindigt 1 maart.", "naar_zoek": "jansen"})
        tekst = antwoord.content.decode()
        assert antwoord.status_code == 400 and "WW eindigt 1 maart." in tekst and 'value="jansen"' in tekst
        assert "Kies een klantmanager uit de zoekresultaten" in tekst or "Zoek je collega op naam en kies" in tekst
    wereld.kandidaat.refresh_from_db()
    assert wereld.kandidaat.klantmanager == wereld.klantmanager
    # The last Jansen, beyond the first 20 shown: found by a more precise search, and a valid choice.
    assert client.post(url, {"naar": jansens[-1].pk, "notitie": "WW eindigt 1 maart."}).status_code == 302
    wereld.kandidaat.refresh_from_db()
    assert wereld.kandidaat.klantmanager == jansens[-1]


def test_the_search_button_keeps_what_was_typed_and_hands_nothing_over(client, wereld):
    """Without JavaScript the search is a button of the form, and the form's first: Enter in the search field
    searches. The page comes back with the results, the note, the uitkering and the colleague chosen."""
    jeske = KlantmanagerFactory(voornaam="Jeske", achternaam="Gunterman", regio=wereld.klantmanager.regio)
    client.force_login(wereld.klantmanager)
    url = reverse("overdracht", args=[wereld.kandidaat.pk])
    html = client.get(url).content.decode()
    assert "Je draagt het dossier van Willem van de Vecht over aan een collega." in html
    formulier = html[html.index('<form method="post" class="utrecht-form wsp-formulier"'):]
    assert 'name="zoeken"' in re.search(r"<button[^>]*>", formulier)[0]

    antwoord = client.post(url, {"naar_zoek": "gunter", "zoeken": "1", "notitie": "Schulden in beeld bij GKB.",
                                 "uitkering": "bijstand"})
    html = antwoord.content.decode()
    assert antwoord.status_code == 200 and "Niet alles is goed ingevuld" not in html
    assert _gekozen(html) == [str(jeske.pk)] and "Schulden in beeld bij GKB." in html
    assert re.search(r'value="bijstand"[^>]*selected', html)
    wereld.kandidaat.refresh_from_db()
    assert wereld.kandidaat.klantmanager == wereld.klantmanager
    # Chosen, then an error elsewhere (no note): the choice stays checked, without a search.
    fout = client.post(url, {"naar": jeske.pk, "notitie": " "})
    assert fout.status_code == 400 and re.search(rf'value="{jeske.pk}"[^>]*checked', fout.content.decode())


def test_searching_with_htmx_returns_only_the_results_keeps_the_choice_and_logs_no_view(client, wereld):
    """The search as you type gets the results alone: colleagues' names, nothing of the werkzoekende, so no inzage
    line; the colleague already ticked stays ticked when the results change."""
    regio = wereld.klantmanager.regio
    jeske = KlantmanagerFactory(voornaam="Jeske", achternaam="Gunterman", regio=regio)
    gijs = KlantmanagerFactory(voornaam="Gijs", achternaam="Gemeente", regio=regio)
    client.force_login(wereld.klantmanager)
    url = reverse("overdracht", args=[wereld.kandidaat.pk])
    regels = Verwerking.objects.filter(gebruiker=wereld.klantmanager, wat="warme overdracht")
    client.get(url)
    assert regels.count() == 1
    deel = client.get(url, {"naar_zoek": "gemeente", "naar": jeske.pk}, HTTP_HX_REQUEST="true").content.decode()
    assert regels.count() == 1
    assert "<html" not in deel and deel.lstrip().startswith('<div id="klantmanager-keuzes"')
    assert wereld.kandidaat.achternaam not in deel
    assert re.search(rf'value="{jeske.pk}"[^>]*checked', deel)
    assert re.search(rf'value="{gijs.pk}"', deel) and not re.search(rf'value="{gijs.pk}"[^>]*checked', deel)
    assert "Typ minstens twee letters" in client.get(url, {"naar_zoek": "g"}, HTTP_HX_REQUEST="true").content.decode()
    # Nothing found, a colleague already chosen: the page says so, and keeps the choice.
    niets = client.get(url, {"naar_zoek": "zzz", "naar": jeske.pk}, HTTP_HX_REQUEST="true").content.decode()
    assert "Geen klantmanager gevonden met" in niets and re.search(rf'value="{jeske.pk}"[^>]*checked', niets)


def test_the_page_reads_as_much_with_five_colleagues_as_with_forty(client, wereld):
    """The queries of the page and of a search do not grow with the klantmanagers of the region."""
    regio = wereld.klantmanager.regio
    client.force_login(wereld.klantmanager)
    url = reverse("overdracht", args=[wereld.kandidaat.pk])

    def tellen():
        aantallen = []
        for gegevens in ({}, {"naar_zoek": "de"}):
            with CaptureQueriesContext(connection) as q:
                assert client.get(url, gegevens).status_code == 200
            aantallen.append(len(q))
        return aantallen

    KlantmanagerFactory.create_batch(5, regio=regio, achternaam="de Vries")
    weinig = tellen()
    KlantmanagerFactory.create_batch(35, regio=regio, achternaam="de Wit")
    assert tellen() == weinig


def test_a_link_cannot_choose_the_colleague_or_write_the_note(client, wereld):
    """Only the form fills the form: a link with ``?naar=…&notitie=…`` opens an empty page (a search term in it still
    searches), so nobody picks the receiver of a dossier for the klantmanager by sending a link."""
    jeske = KlantmanagerFactory(voornaam="Jeske", achternaam="Gunterman", regio=wereld.klantmanager.regio)
    client.force_login(wereld.klantmanager)
    url = reverse("overdracht", args=[wereld.kandidaat.pk])
    html = client.get(url, {"naar": jeske.pk, "notitie": "Geef het aan Jeske", "uitkering": "bijstand",
                            "naar_zoek": "gunter"}).content.decode()
    assert _gekozen(html) == [str(jeske.pk)] and not re.search(rf'value="{jeske.pk}"[^>]*checked', html)
    assert "Geef het aan Jeske" not in html and not re.search(r'value="bijstand"[^>]*selected', html)


def test_the_new_klantmanager_reads_the_note_and_the_story_at_the_top_of_the_dossier(client, wereld):
    """"Not having to tell your story again": the overdrachtsnotitie stood at the bottom under "Vaste klantmanagers",
    after the vacatures, and what the werkzoekende wrote about herself only in the edit form."""
    Kandidaat.objects.filter(pk=wereld.kandidaat.pk).update(
        samenvatting="Ik werk graag met mijn handen.", werkervaring="Monteur bij Installatiebedrijf Oost\nMagazijn")
    nieuwe = KlantmanagerFactory(voornaam="Ruud", achternaam="Dijkstra", regio=wereld.klantmanager.regio,
                                 organisatie=wereld.klantmanager.organisatie)
    warme_overdracht(kandidaat=wereld.kandidaat, door=wereld.klantmanager, naar=nieuwe,
                     notitie="Schulden lopen via de gemeente; belt liever na 10 uur.")
    client.force_login(nieuwe)
    html = client.get(reverse("dossier", args=[wereld.kandidaat.pk])).content.decode()
    kop = f"Overgedragen door {wereld.klantmanager.get_full_name()} op "
    assert kop in html and "Schulden lopen via de gemeente; belt liever na 10 uur." in html
    assert html.index(kop) < html.index('id="kop-persoon"')  # above the contact card, not at the bottom
    assert "Over Willem" in html and "Ik werk graag met mijn handen." in html
    assert "Monteur bij Installatiebedrijf Oost<br>Magazijn" in html
    # The werkzoekende reads her own story, not the note between professionals.
    client.force_login(wereld.werkzoekende_user)
    eigen = client.get(reverse("dossier", args=[wereld.kandidaat.pk])).content.decode()
    assert "Over mij" in eigen and "Ik werk graag met mijn handen." in eigen
    assert "Schulden lopen via de gemeente" not in eigen and "Overgedragen door" not in eigen


def test_a_second_click_on_overdragen_says_the_dossier_went_to_the_colleague(client, wereld):
    """A double click, or the back button and "Overdragen" again: the second POST found the dossier no longer hers
    and got "Pagina niet gevonden" (or, when it waited for the first on the row lock, a 500 from the service's
    PermissionError). Now it says to whom she handed it over, and nothing moves twice."""
    nieuwe = KlantmanagerFactory(voornaam="Kees", achternaam="Vermeulen", regio=wereld.klantmanager.regio,
                                 organisatie=wereld.klantmanager.organisatie)
    client.force_login(wereld.klantmanager)
    url = reverse("overdracht", args=[wereld.kandidaat.pk])
    gegevens = {"naar": nieuwe.pk, "notitie": "WW eindigt 1 maart."}
    assert client.post(url, gegevens).status_code == 302

    tweede = client.post(url, gegevens, follow=True)
    assert tweede.status_code == 200 and "Je hebt dit dossier al overgedragen aan Kees Vermeulen." in \
        tweede.content.decode()
    assert tweede.redirect_chain[-1][0] == reverse("klantmanager_home")
    assert KlantmanagerToewijzing.objects.filter(kandidaat=wereld.kandidaat).count() == 2  # hers (closed), his

    # The click that passed the door before the first one committed: the service finds the row handed over.
    wereld.kandidaat.klantmanager = wereld.klantmanager  # the stale copy the second request had read
    with mock.patch("werkzoekenden.views.get_eigen_kandidaat_for_user", return_value=wereld.kandidaat):
        gelijktijdig = client.post(url, gegevens, follow=True)
    assert gelijktijdig.status_code == 200 and "al overgedragen aan Kees Vermeulen" in gelijktijdig.content.decode()

    # Someone else's dossier, or one that moved on since: still nothing to see.
    KlantmanagerToewijzing.objects.filter(kandidaat=wereld.kandidaat, tot__isnull=True).update(door=nieuwe)
    assert client.post(url, gegevens).status_code == 404
    client.force_login(wereld.vreemde_klantmanager)
    assert client.post(url, gegevens).status_code == 404


def test_a_closed_dossier_is_not_handed_over_and_offers_no_handover_or_access(client, wereld):
    """Found walking the journey: a closed dossier still offered "Warme overdracht" and "Toegang voor een collega";
    handed over, the receiver got a first-contact task and the werkzoekende a mail about a new contactpersoon, for a
    dossier nobody works in any more."""
    collega = KlantmanagerFactory(organisatie=wereld.klantmanager.organisatie, regio=wereld.klantmanager.regio)
    dossier_afsluiten(kandidaat=wereld.kandidaat, door=wereld.klantmanager, reden="werk")
    client.force_login(wereld.klantmanager)
    html = client.get(reverse("dossier", args=[wereld.kandidaat.pk])).content.decode()
    assert reverse("overdracht", args=[wereld.kandidaat.pk]) not in html
    assert reverse("dossier_toegang", args=[wereld.kandidaat.pk]) not in html
    assert reverse("dossier_afsluiten", args=[wereld.kandidaat.pk]) in html  # "Dossier weer openen"
    taken = Taak.objects.count()
    with pytest.raises(ValidationError, match="gesloten"):
        warme_overdracht(kandidaat=wereld.kandidaat, door=wereld.klantmanager, naar=collega, notitie="Over.")
    response = client.post(reverse("overdracht", args=[wereld.kandidaat.pk]),
                           {"naar": collega.pk, "notitie": "Over.", "uitkering": ""})
    assert response.status_code == 400 and "open het eerst weer" in response.content.decode()
    wereld.kandidaat.refresh_from_db()
    assert wereld.kandidaat.klantmanager_id == wereld.klantmanager.pk and Taak.objects.count() == taken


def test_an_empty_note_gets_its_own_message_not_the_generic_one(client, wereld):
    """Before: an empty (or only spaces) overdrachtsnotitie said "Dit veld is verplicht.", which does not say what
    to write or why."""
    collega = KlantmanagerFactory(voornaam="Nel", achternaam="Nieuw", regio=wereld.klantmanager.regio)
    client.force_login(wereld.klantmanager)
    url = reverse("overdracht", args=[wereld.kandidaat.pk])
    for notitie in ("", "   "):
        antwoord = client.post(url, {"naar": collega.pk, "notitie": notitie})
        html = antwoord.content.decode()
        assert antwoord.status_code == 400
        assert "Schrijf een overdrachtsnotitie: wat moet je collega weten?" in html
        assert "Dit veld is verplicht." not in html
    wereld.kandidaat.refresh_from_db()
    assert wereld.kandidaat.klantmanager == wereld.klantmanager
