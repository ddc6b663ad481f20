"""Iets laten verbeteren of verwijderen (AVG art. 16-21): a request becomes a task with the legal deadline,
the werkzoekende follows it and reads the answer; an overdue request goes to the coordinator."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from accounts.tests.factories import KlantmanagerFactory
from outbox.models import Mail
from taken.models import Taak
from werkzoekenden.models import Rechtenverzoek, een_maand_later
from werkzoekenden.services import rechtenverzoek_afhandelen, rechtenverzoek_indienen, rechtenverzoeken_bewaken
from werkzoekenden.tests.factories import KandidaatFactory, RechtenverzoekFactory

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")


@pytest.mark.parametrize("ingediend, uiterlijk", [
    (date(2026, 11, 30), date(2026, 12, 30)),
    (date(2026, 12, 15), date(2027, 1, 15)),
    (date(2027, 1, 31), date(2027, 2, 28)),
    (date(2028, 1, 31), date(2028, 2, 29)),  # leap year
    (date(2027, 3, 31), date(2027, 4, 30)),
])
def test_the_deadline_is_one_calendar_month(ingediend, uiterlijk):
    assert een_maand_later(ingediend) == uiterlijk


def test_willem_sends_a_correction_and_jeske_gets_a_task_with_the_legal_deadline(client, wereld,
                                                                                 django_capture_on_commit_callbacks):
    with time_machine.travel(datetime(2027, 1, 31, 10, 0, tzinfo=AMS), tick=False):
        client.force_login(wereld.werkzoekende_user)  # (a session of today would have expired by then)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("mijn_gegevens"), {
                "soort": "correctie", "wat": "Mijn telefoonnummer klopt niet", "wens": "06 55554444"})
    assert response.status_code == 302 and response.url == reverse("mijn_gegevens")
    verzoek = Rechtenverzoek.objects.get(kandidaat=wereld.kandidaat)
    assert verzoek.status == Rechtenverzoek.Status.ONTVANGEN
    assert verzoek.uiterlijk == date(2027, 2, 28)
    taak = Taak.objects.get(rechtenverzoek=verzoek)
    assert taak.toegewezen_aan == wereld.klantmanager
    assert taak.uiterlijk == date(2027, 2, 28)
    # The confirmation mail says nothing personal: not the name, not what the request is about.
    bevestiging = Mail.objects.get(onderwerp__endswith="We hebben je verzoek ontvangen")
    assert bevestiging.aan == wereld.werkzoekende_user.email.lower()
    verstuurd = [m for m in mail.outbox if m.subject.endswith("We hebben je verzoek ontvangen")]
    assert len(verstuurd) == 1
    inhoud = verstuurd[0].body
    for geheim in ("Willem", "Vecht", "telefoonnummer", "06 55554444"):
        assert geheim not in inhoud
    assert "Je krijgt uiterlijk 28 februari 2027 antwoord." in inhoud  # a date in words, as everywhere


def test_a_double_click_sends_one_request_and_gives_one_task(client, wereld, django_capture_on_commit_callbacks):
    """The second POST of a double click (or a reload of the POST) finds the same open request: no second request,
    no second task with a legal deadline for the klantmanager, no second confirmation mail."""
    client.force_login(wereld.werkzoekende_user)
    formulier = {"soort": "correctie", "wat": "Mijn telefoonnummer", "wens": "06 55554444"}
    with django_capture_on_commit_callbacks(execute=True):
        eerste = client.post(reverse("mijn_gegevens"), formulier)
        tweede = client.post(reverse("mijn_gegevens"), {**formulier, "wat": " Mijn telefoonnummer "})
    assert eerste.status_code == tweede.status_code == 302
    verzoek = Rechtenverzoek.objects.get(kandidaat=wereld.kandidaat)
    assert Taak.objects.filter(rechtenverzoek=verzoek).count() == 1
    assert len([m for m in mail.outbox if m.subject.endswith("We hebben je verzoek ontvangen")]) == 1
    # Another request, or the same one once it was answered, is a new request.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mijn_gegevens"), {**formulier, "wens": "06 11112222"})
    assert Rechtenverzoek.objects.filter(kandidaat=wereld.kandidaat).count() == 2
    rechtenverzoek_afhandelen(verzoek=verzoek, door=wereld.klantmanager, uitkomst="gedaan", antwoord="Gedaan.")
    client.post(reverse("mijn_gegevens"), formulier)
    assert Rechtenverzoek.objects.filter(kandidaat=wereld.kandidaat).count() == 3


def test_a_correction_without_what_it_should_be_is_refused_and_nothing_typed_is_lost(client, wereld):
    client.force_login(wereld.werkzoekende_user)
    response = client.post(reverse("mijn_gegevens"), {"soort": "correctie", "wat": "Mijn adres is oud"})
    assert response.status_code == 400
    inhoud = response.content.decode()
    assert "Schrijf wat het wel moet zijn." in inhoud
    assert "Mijn adres is oud" in inhoud
    assert not Rechtenverzoek.objects.exists()


def test_jeske_answers_and_willem_reads_the_answer(client, wereld, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        verzoek = rechtenverzoek_indienen(kandidaat=wereld.kandidaat, door=wereld.werkzoekende_user,
                                          soort="verwijdering", wat="Mijn oude cv", wens="Het klopt niet meer")
    client.force_login(wereld.klantmanager)
    url = reverse("rechtenverzoek", args=[verzoek.pk])
    taken = client.get(reverse("taken")).content.decode()
    assert url in taken
    assert client.get(url).status_code == 200
    client.post(url, {"actie": "oppakken"})
    verzoek.refresh_from_db()
    assert verzoek.status == Rechtenverzoek.Status.IN_BEHANDELING
    # An answer without text is refused with a Dutch message.
    assert client.post(url, {"actie": "antwoord", "uitkomst": "gedaan", "antwoord": ""}).status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"actie": "antwoord", "uitkomst": "gedaan",
                                     "antwoord": "Ik heb je oude cv verwijderd."})
    assert response.status_code == 302
    verzoek.refresh_from_db()
    assert verzoek.status == Rechtenverzoek.Status.AFGEHANDELD
    assert verzoek.afgehandeld_door == wereld.klantmanager
    assert not Taak.objects.filter(rechtenverzoek=verzoek, afgerond_op__isnull=True).exists()
    beantwoord = [m for m in mail.outbox if m.subject.endswith("Er is een antwoord op je verzoek")]
    assert len(beantwoord) == 1 and "cv" not in beantwoord[0].body
    client.force_login(wereld.werkzoekende_user)
    pagina = client.get(reverse("mijn_gegevens")).content.decode()
    assert "Ik heb je oude cv verwijderd." in pagina
    assert "Afgehandeld" in pagina


def test_another_klantmanager_or_the_werkzoekende_cannot_open_the_request(client, wereld):
    verzoek = rechtenverzoek_indienen(kandidaat=wereld.kandidaat, door=wereld.werkzoekende_user,
                                      soort="bezwaar", wat="Delen met derden")
    url = reverse("rechtenverzoek", args=[verzoek.pk])
    for gebruiker in (wereld.vreemde_klantmanager, wereld.werkzoekende_user, wereld.accountmanager):
        client.force_login(gebruiker)
        assert client.get(url).status_code == 404
        assert client.post(url, {"actie": "antwoord", "uitkomst": "niet", "antwoord": "x"}).status_code == 404
    verzoek.refresh_from_db()
    assert verzoek.status == Rechtenverzoek.Status.ONTVANGEN


def test_an_overdue_request_goes_to_the_coordinator_once(client, wereld, django_capture_on_commit_callbacks):
    coordinator = KlantmanagerFactory(organisatie=wereld.klantmanager.organisatie, is_coordinator=True)
    with time_machine.travel(datetime(2027, 1, 10, 9, 0, tzinfo=AMS), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            verzoek = rechtenverzoek_indienen(kandidaat=wereld.kandidaat, door=wereld.werkzoekende_user,
                                              soort="correctie", wat="Adres", wens="Nieuw adres")
    with time_machine.travel(datetime(2027, 2, 10, 23, 0, tzinfo=AMS), tick=False):
        assert rechtenverzoeken_bewaken() == 0  # the deadline day itself is still in time
    with time_machine.travel(datetime(2027, 2, 11, 8, 0, tzinfo=AMS), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert rechtenverzoeken_bewaken() == 1
        assert rechtenverzoeken_bewaken() == 0
    escalatie = Taak.objects.get(rechtenverzoek=verzoek, toegewezen_aan=coordinator)
    assert "Te laat" in escalatie.omschrijving
    # The coordinator can open it from the task (another coordinator cannot), and answering closes both tasks.
    client.force_login(coordinator)
    assert client.get(reverse("rechtenverzoek", args=[verzoek.pk])).status_code == 200
    client.force_login(KlantmanagerFactory(is_coordinator=True))
    assert client.get(reverse("rechtenverzoek", args=[verzoek.pk])).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        rechtenverzoek_afhandelen(verzoek=verzoek, door=coordinator, uitkomst="gedaan", antwoord="Aangepast.")
    assert not Taak.objects.filter(rechtenverzoek=verzoek, afgerond_op__isnull=True).exists()


def test_an_overdue_request_with_no_coordinator_in_the_region_goes_to_a_beheerder_to_appoint_one(
        client, wereld, django_capture_on_commit_callbacks):
    """No klantmanager-coordinator in the organisation or region: the escalation went to nobody and the overdue
    request was seen by no one. A beheerder of the region reads that one must be appointed; made coordinator, a
    klantmanager of the region gets the task and can open the request."""
    from accounts.services import gebruiker_opslaan
    from accounts.tests.factories import BeheerderFactory, regio

    BeheerderFactory(achternaam="Aalders", regio=regio("AM29"))
    hier = BeheerderFactory(achternaam="Abbing", regio=wereld.kandidaat.regio)
    with time_machine.travel(datetime(2027, 1, 10, 9, 0, tzinfo=AMS), tick=False):
        verzoek = rechtenverzoek_indienen(kandidaat=wereld.kandidaat, door=wereld.werkzoekende_user,
                                          soort="correctie", wat="Adres", wens="Nieuw adres")
    with (time_machine.travel(datetime(2027, 2, 11, 8, 0, tzinfo=AMS), tick=False),
          django_capture_on_commit_callbacks(execute=True)):
        assert rechtenverzoeken_bewaken() == 1
    escalatie = Taak.objects.get(rechtenverzoek=verzoek, sleutel__contains=":escalatie:")
    assert escalatie.toegewezen_aan == hier
    assert escalatie.omschrijving.startswith("Geen klantmanager-coördinator om dit AVG-verzoek af te handelen")
    coordinator = KlantmanagerFactory(organisatie=wereld.klantmanager.organisatie, regio=wereld.kandidaat.regio)
    coordinator.is_coordinator = True
    with django_capture_on_commit_callbacks(execute=True):
        gebruiker_opslaan(coordinator, door=hier)
    escalatie.refresh_from_db()
    assert escalatie.toegewezen_aan == coordinator and escalatie.omschrijving.startswith("Te laat")
    client.force_login(coordinator)
    assert client.get(reverse("rechtenverzoek", args=[verzoek.pk])).status_code == 200


def test_a_request_of_a_werkzoekende_without_klantmanager_or_coordinator_goes_to_a_beheerder(
        wereld, django_capture_on_commit_callbacks):
    """No klantmanager and no klantmanager-coordinator in the region: the request made no task at all."""
    from accounts.tests.factories import BeheerderFactory

    hier = BeheerderFactory(achternaam="Abbing", regio=wereld.kandidaat.regio)
    kandidaat = KandidaatFactory(regio=wereld.kandidaat.regio, klantmanager=None)
    with django_capture_on_commit_callbacks(execute=True):
        verzoek = rechtenverzoek_indienen(kandidaat=kandidaat, door=wereld.werkzoekende_user, soort="correctie",
                                          wat="Adres", wens="Nieuw adres")
    taak = Taak.objects.get(rechtenverzoek=verzoek)
    assert taak.toegewezen_aan == hier and taak.omschrijving.startswith("Geen klantmanager-coördinator")


def test_whoever_holds_the_request_already_gets_no_second_task_when_it_runs_late(
        wereld, django_capture_on_commit_callbacks):
    """No klantmanager and no klantmanager-coordinator: the beheerder got the request as a task, and when the month
    passed a second task about the same request. One task per person per request: the one he holds says it is late
    now, with today as its date; made coordinator, a klantmanager then gets that one task, not two."""
    from accounts.services import gebruiker_opslaan
    from accounts.tests.factories import BeheerderFactory

    hier = BeheerderFactory(achternaam="Abbing", regio=wereld.kandidaat.regio)
    kandidaat = KandidaatFactory(regio=wereld.kandidaat.regio, klantmanager=None)
    with (time_machine.travel(datetime(2027, 1, 10, 9, 0, tzinfo=AMS), tick=False),
          django_capture_on_commit_callbacks(execute=True)):
        verzoek = rechtenverzoek_indienen(kandidaat=kandidaat, door=wereld.werkzoekende_user, soort="correctie",
                                          wat="Adres", wens="Nieuw adres")
    with time_machine.travel(datetime(2027, 2, 11, 8, 0, tzinfo=AMS), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert rechtenverzoeken_bewaken() == 1
        taak = Taak.objects.get(rechtenverzoek=verzoek, afgerond_op__isnull=True)
        assert taak.toegewezen_aan == hier and taak.uiterlijk == date(2027, 2, 11)
        assert taak.omschrijving.startswith("Geen klantmanager-coördinator") and "Te laat" in taak.omschrijving
        coordinator = KlantmanagerFactory(organisatie=wereld.klantmanager.organisatie, regio=kandidaat.regio)
        coordinator.is_coordinator = True
        with django_capture_on_commit_callbacks(execute=True):
            gebruiker_opslaan(coordinator, door=hier)
        taak = Taak.objects.get(rechtenverzoek=verzoek, afgerond_op__isnull=True)
        assert taak.toegewezen_aan == coordinator and taak.omschrijving.startswith("Te laat")


def test_a_coordinator_who_has_the_request_already_keeps_one_task_when_it_runs_late(
        wereld, django_capture_on_commit_callbacks):
    """No klantmanager: the coordinator got the request at once, and the escalation is hers too: one task."""
    coordinator = KlantmanagerFactory(regio=wereld.kandidaat.regio, is_coordinator=True)
    kandidaat = KandidaatFactory(regio=wereld.kandidaat.regio, klantmanager=None)
    with (time_machine.travel(datetime(2027, 1, 10, 9, 0, tzinfo=AMS), tick=False),
          django_capture_on_commit_callbacks(execute=True)):
        verzoek = rechtenverzoek_indienen(kandidaat=kandidaat, door=wereld.werkzoekende_user, soort="verwijdering",
                                          wat="Mijn cv")
    assert Taak.objects.get(rechtenverzoek=verzoek).toegewezen_aan == coordinator
    with (time_machine.travel(datetime(2027, 2, 11, 8, 0, tzinfo=AMS), tick=False),
          django_capture_on_commit_callbacks(execute=True)):
        assert rechtenverzoeken_bewaken() == 1
    taak = Taak.objects.get(rechtenverzoek=verzoek)
    assert taak.toegewezen_aan == coordinator and taak.omschrijving.startswith("Te laat")
    assert taak.uiterlijk == date(2027, 2, 11) and taak.afgerond_op is None


def test_an_answered_request_is_not_escalated(wereld, django_capture_on_commit_callbacks):
    KlantmanagerFactory(organisatie=wereld.klantmanager.organisatie, is_coordinator=True)
    with time_machine.travel(datetime(2027, 1, 10, 9, 0, tzinfo=AMS), tick=False):
        verzoek = rechtenverzoek_indienen(kandidaat=wereld.kandidaat, door=wereld.werkzoekende_user,
                                          soort="beperking", wat="Mijn cv")
        rechtenverzoek_afhandelen(verzoek=verzoek, door=wereld.klantmanager, uitkomst="niet",
                                  antwoord="Het cv is nodig voor de voordracht die loopt.")
    with time_machine.travel(datetime(2027, 3, 1, 8, 0, tzinfo=AMS), tick=False):
        assert rechtenverzoeken_bewaken() == 0


def test_mijn_gegevens_lists_only_the_own_requests_newest_first(client, wereld):
    client.force_login(wereld.werkzoekende_user)
    assert "Je hebt nog geen verzoeken gestuurd." in client.get(reverse("mijn_gegevens")).content.decode()
    RechtenverzoekFactory(kandidaat=wereld.kandidaat, wat="Eerste vraag",
                          ingediend_op=datetime(2026, 11, 2, 10, 0, tzinfo=ZoneInfo("Europe/Amsterdam")))
    RechtenverzoekFactory(kandidaat=wereld.kandidaat, wat="Tweede vraag",
                          ingediend_op=datetime(2026, 11, 20, 10, 0, tzinfo=ZoneInfo("Europe/Amsterdam")))
    RechtenverzoekFactory(kandidaat=KandidaatFactory(), wat="Vraag van een ander")
    html = client.get(reverse("mijn_gegevens")).content.decode()
    assert "Vraag van een ander" not in html and "nog geen verzoeken" not in html
    assert html.index("Tweede vraag") < html.index("Eerste vraag")
    assert "Gestuurd op 20 november 2026." in html and "Gestuurd op 2 november 2026." in html


def test_what_it_should_be_is_not_labelled_optional_and_too_long_gives_only_the_length_error(client, wereld):
    """"Wat moet het worden?" is needed for "Iets verbeteren": no "(niet verplicht)" on it; 5000 characters get the
    length error alone, not also "Schrijf wat het wel moet zijn."."""
    client.force_login(wereld.werkzoekende_user)
    pagina = client.get(reverse("mijn_gegevens")).content.decode()
    label = re.search(r'<label[^>]*for="id_wens"[^>]*>(.*?)</label>', pagina, re.S)
    assert label and "niet verplicht" not in label.group(1), label
    response = client.post(reverse("mijn_gegevens"), {"soort": "correctie", "wat": "Mijn adres", "wens": "x" * 5000})
    assert response.status_code == 400
    fouten = response.context["form"].errors["wens"]
    assert len(fouten) == 1 and "2000" in fouten[0], fouten
    assert "Schrijf wat het wel moet zijn." not in response.content.decode()
