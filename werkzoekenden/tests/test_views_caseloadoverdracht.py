"""The beheerder's pages for a caseload handover: find the klantmanager, see the plan, confirm, follow the run."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.tests.factories import KlantmanagerFactory
from werkzoekenden.models import Caseloadoverdracht, Kandidaat
from werkzoekenden.services import caseloadoverdracht_starten
from werkzoekenden.tests.factories import KandidaatFactory

pytestmark = pytest.mark.django_db

NOTITIE = "Karin gaat naar team Zuid."


def _team(wereld):
    karin = wereld.klantmanager
    ali = KlantmanagerFactory(organisatie=karin.organisatie, regio=karin.regio, voornaam="Ali", achternaam="Aksoy")
    bo = KlantmanagerFactory(organisatie=karin.organisatie, regio=karin.regio, voornaam="Bo", achternaam="Bakker")
    for i in range(4):
        KandidaatFactory(klantmanager=karin, achternaam=f"Dossier{i}")
    KandidaatFactory(klantmanager=bo)  # Bo has one already: Ali, with none, gets the one left over
    return karin, ali, bo


def test_the_beheerder_finds_the_klantmanager_and_who_left_with_dossiers(client, wereld):
    karin, _ali, _bo = _team(wereld)
    weg = KlantmanagerFactory(voornaam="Wim", achternaam="Weg", is_active=False)
    KandidaatFactory.create_batch(2, klantmanager=weg)
    client.force_login(wereld.beheerder)
    url = reverse("caseload_overdragen")
    html = client.get(url).content.decode()
    assert "Wim Weg" in html and "niet meer actief" in html and "2 open dossiers" in html
    assert reverse("caseload_overdragen_plan", args=[weg.pk]) in html
    gezocht = client.get(url, {"zoek": "klant karin"}).content.decode()
    assert reverse("caseload_overdragen_plan", args=[karin.pk]) in gezocht and "5 open dossiers" in gezocht
    assert "Typ minstens twee letters" in client.get(url, {"zoek": "k"}).content.decode()
    assert "Geen klantmanager gevonden" in client.get(url, {"zoek": "zzzz"}).content.decode()
    # A werkzoekende's name is on none of it.
    assert wereld.kandidaat.achternaam not in gezocht


def test_the_plan_shows_how_many_to_whom_and_only_its_button_starts_it(client, wereld,
                                                                       django_capture_on_commit_callbacks):
    karin, ali, bo = _team(wereld)
    client.force_login(wereld.beheerder)
    url = reverse("caseload_overdragen_plan", args=[karin.pk])
    html = client.get(url).content.decode()
    assert "5 open dossiers." in html
    assert re.findall(r'name="ontvangers" value="(\d+)"', html) == [str(ali.pk), str(bo.pk)]  # her team, not she
    antwoord = client.post(url, {"ontvangers": [ali.pk, bo.pk], "notitie": NOTITIE, "stap": "plan"})
    html = antwoord.content.decode()
    assert antwoord.status_code == 200 and "Zo worden de dossiers verdeeld" in html
    rijen = re.findall(r'rowheader">([^<]+)</th>\s*<td[^>]*>(\d+) dossiers?</td>\s*<td[^>]*>(\d+)</td>', html)
    assert rijen == [("Ali Aksoy", "3", "0"), ("Bo Bakker", "2", "1")]
    assert NOTITIE in html and "Ja, draag 5 dossiers over" in html
    assert not Caseloadoverdracht.objects.exists()
    sleutel = re.search(r'name="plan" value="([^"]+)"', html)[1]
    # Bo unticked after the plan was shown, then the confirm button: the new plan is shown, nothing starts.
    antwoord = client.post(url, {"ontvangers": [ali.pk], "notitie": NOTITIE, "stap": "bevestigen", "plan": sleutel})
    assert antwoord.status_code == 400 and "Bekijk de nieuwe verdeling" in antwoord.content.decode()
    assert "Ja, draag 5 dossiers over" in antwoord.content.decode() and not Caseloadoverdracht.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = client.post(url, {"ontvangers": [ali.pk, bo.pk], "notitie": NOTITIE, "stap": "bevestigen",
                                     "plan": sleutel})
    overdracht = Caseloadoverdracht.objects.get()
    assert antwoord.status_code == 302 and antwoord.url == reverse("caseloadoverdracht", args=[overdracht.pk])
    assert Kandidaat.objects.filter(klantmanager=ali).count() == 3
    assert Kandidaat.objects.filter(klantmanager=bo).count() == 3
    html = client.get(antwoord.url).content.decode()
    assert "Klaar" in html and "5 dossiers overgedragen" in html and 'hx-trigger="every 2s"' not in html
    # The plan page of a klantmanager whose run is going sends the beheerder to that run.
    Caseloadoverdracht.objects.filter(pk=overdracht.pk).update(status=Caseloadoverdracht.Status.BEZIG)
    assert client.get(url).url == reverse("caseloadoverdracht", args=[overdracht.pk])


def test_bad_input_gets_a_clear_message_and_keeps_what_was_typed(client, wereld):
    karin, ali, _bo = _team(wereld)
    elders = KlantmanagerFactory(regio=karin.regio)  # another organisation
    client.force_login(wereld.beheerder)
    url = reverse("caseload_overdragen_plan", args=[karin.pk])
    uit_de_resultaten = "Kies collega&#x27;s uit de zoekresultaten"
    for gegevens, fout in (({"notitie": NOTITIE}, "Kies minstens één collega"),
                           ({"ontvangers": [elders.pk], "notitie": NOTITIE}, uit_de_resultaten),
                           ({"ontvangers": ["abc"], "notitie": NOTITIE}, uit_de_resultaten),
                           ({"ontvangers": [ali.pk], "notitie": " "}, "Schrijf een overdrachtsnotitie")):
        antwoord = client.post(url, {**gegevens, "stap": "plan"})
        html = antwoord.content.decode()
        assert antwoord.status_code == 400 and fout in html, fout
        assert "Zo worden de dossiers verdeeld" not in html
        if gegevens["notitie"].strip():
            assert NOTITIE in html
    # A search keeps the choice and the note, and starts nothing.
    html = client.post(url, {"ontvangers": [ali.pk], "notitie": NOTITIE, "ontvangers_zoek": "bakker",
                             "zoeken": "1"}).content.decode()
    assert re.search(rf'value="{ali.pk}"[^>]*checked', html) and NOTITIE in html
    assert not Caseloadoverdracht.objects.exists()
    # The search as you type returns the choices alone, the ticked one kept.
    deel = client.get(url, {"ontvangers_zoek": "bakker", "ontvangers": ali.pk}, HTTP_HX_REQUEST="true")
    assert deel.content.decode().lstrip().startswith('<div id="klantmanager-keuzes"')
    assert re.search(rf'value="{ali.pk}"[^>]*checked', deel.content.decode())
    # No such klantmanager (an accountmanager's id, a werkzoekende's): 404.
    for pk in (wereld.accountmanager.pk, wereld.werkzoekende_user.pk):
        assert client.get(reverse("caseload_overdragen_plan", args=[pk])).status_code == 404


def test_a_klantmanager_without_open_dossiers_has_nothing_to_hand_over(client, wereld):
    leeg = KlantmanagerFactory()
    client.force_login(wereld.beheerder)
    html = client.get(reverse("caseload_overdragen_plan", args=[leeg.pk])).content.decode()
    assert "geen open dossiers" in html and 'name="notitie"' not in html
    # One alone in her organisation: the page says there is nobody to hand over to.
    alleen = KlantmanagerFactory()
    KandidaatFactory(klantmanager=alleen)
    html = client.get(reverse("caseload_overdragen_plan", args=[alleen.pk])).content.decode()
    assert "heeft geen andere actieve klantmanagers" in html
    # ... and leads to where a colleague is invited (it said "Nodig eerst een collega uit" without the way there).
    assert f'<a class="utrecht-link" href="{reverse("uitnodigen")}">Medewerker uitnodigen</a>' in html


def test_the_running_handover_refreshes_itself(client, wereld):
    karin, ali, _bo = _team(wereld)
    overdracht = caseloadoverdracht_starten(van=karin, ontvangers=[ali], notitie=NOTITIE, door=wereld.beheerder)
    client.force_login(wereld.beheerder)
    url = reverse("caseloadoverdracht", args=[overdracht.pk])
    html = client.get(url).content.decode()
    assert "Bezig" in html and 'hx-trigger="every 2s"' in html and "5 nog te doen" in html
    deel = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert deel.lstrip().startswith('<section id="caseload-stand"')


def test_the_list_of_handovers_reads_as_much_for_two_as_for_twelve(client, wereld):
    """The start page: the search, who left with dossiers, and a page of handovers (each with its three counts in
    the same query)."""
    client.force_login(wereld.beheerder)
    url = reverse("caseload_overdragen")

    def handovers(aantal):
        for _ in range(aantal):
            km = KlantmanagerFactory(organisatie=wereld.klantmanager.organisatie, regio=wereld.klantmanager.regio)
            KandidaatFactory.create_batch(2, klantmanager=km)
            caseloadoverdracht_starten(van=km, ontvangers=[wereld.klantmanager], notitie=NOTITIE,
                                       door=wereld.beheerder)

    def tellen():
        with CaptureQueriesContext(connection) as q:
            assert client.get(url, {"zoek": "klant"}).status_code == 200
        return len(q)

    handovers(2)
    weinig = tellen()
    handovers(10)
    # session and user; the klantmanagers found; those who left with dossiers; their counts of open dossiers; a page
    # of handovers with their counts; the meldingen count of the header: the same for 2 and 12 handovers.
    assert tellen() == weinig


def test_the_status_page_reads_as_much_for_two_failed_dossiers_as_for_thirty(client, wereld):
    """The failed dossiers are a list of their own (by pseudoniem, a page at a time): its queries do not grow."""
    from werkzoekenden.models import CaseloadoverdrachtDossier

    karin = wereld.klantmanager
    ali = KlantmanagerFactory(organisatie=karin.organisatie, regio=karin.regio, voornaam="Ali", achternaam="Aksoy")
    overdracht = Caseloadoverdracht.objects.create(van=karin, notitie=NOTITIE, gestart_door=wereld.beheerder,
                                                   status=Caseloadoverdracht.Status.KLAAR)
    client.force_login(wereld.beheerder)
    url = reverse("caseloadoverdracht", args=[overdracht.pk])

    def mislukt(aantal):
        CaseloadoverdrachtDossier.objects.bulk_create(
            CaseloadoverdrachtDossier(overdracht=overdracht, kandidaat=KandidaatFactory(klantmanager=karin), naar=ali,
                                      status=CaseloadoverdrachtDossier.Status.OVERGESLAGEN, pogingen=3,
                                      reden=CaseloadoverdrachtDossier.Reden.MISLUKT) for _ in range(aantal))

    def tellen():
        with CaptureQueriesContext(connection) as q:
            html = client.get(url).content.decode()
        return len(q), html

    mislukt(2)
    weinig, html = tellen()
    assert "2 dossiers konden niet worden overgedragen door een fout." in html
    mislukt(28)
    veel, html = tellen()
    # session and user; the counts per receiver and their names; one page of failed dossiers with kandidaat and
    # receiver (and its count, a full page); her open dossiers; the meldingen count of the header.
    assert veel <= weinig + 1  # a full first page is counted, as every list
    assert "30 dossiers konden niet worden overgedragen" in html and "Pagina 1 van 2" in html
    mislukt(20)
    assert tellen()[0] == veel
