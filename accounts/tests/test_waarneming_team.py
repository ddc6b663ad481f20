"""A team lead who covers for her whole team goes away, and chooses Lotte: every waarneming she holds goes along to
Lotte, and comes back to her when she is back. Before, each colleague that went along was one journey event, with
its reaction: in the demo (500 colleagues) her POST made 5,530 queries and took 3.2 s, and Lotte got 501
meldingen."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from accounts.services import WAARNEMING_GEWIJZIGD, WAARNEMINGEN_DOORGEGEVEN
from accounts.tests.factories import KlantmanagerFactory
from meldingen.models import Melding
from outbox.models import Gebeurtenis
from outbox.services import gebeurtenis_vastleggen, gebeurtenis_verwerken

pytestmark = pytest.mark.django_db


def _team(wereld, aantal):
    """Jeske (the team lead), Lotte, and ``aantal`` colleagues Jeske covers for (they are away). Half of them (at
    least one) each had a colleague of their own who chose them before they went away: passed on to Jeske, so that
    colleague's mark names the one she had chosen, a different one for each."""
    organisatie = wereld.klantmanager.organisatie
    jeske = KlantmanagerFactory(organisatie=organisatie, voornaam="Jeske", achternaam="Gunterman")
    # Lotte first by name: always among the colleagues the page shows to choose from, however large the team.
    lotte = KlantmanagerFactory(organisatie=organisatie, voornaam="Lotte", achternaam="Aalbers")
    team = KlantmanagerFactory.create_batch(aantal, organisatie=organisatie, achternaam="Team")
    User.objects.filter(pk__in=[b.pk for b in team]).update(waarnemer=jeske)
    for collega in team[:max(1, aantal // 2)]:
        KlantmanagerFactory(organisatie=organisatie, achternaam="Dieper", waarnemer=jeske,
                            waarneming_doorgegeven_door=collega)
    return jeske, lotte, team


def _post(client, django_capture_on_commit_callbacks, waarnemer):
    """Her POST on the waarneming page, with what runs after its commit (the reactions, in-process as in a request)."""
    with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks(execute=True):
        antwoord = client.post(reverse("waarneming"), {"waarnemer": waarnemer.pk if waarnemer else ""})
    assert antwoord.status_code == 302
    return len(queries)


def test_going_away_and_coming_back_costs_as_many_queries_for_forty_colleagues_as_for_three(
        client, wereld, django_capture_on_commit_callbacks):
    def weg_en_terug(aantal):
        jeske, lotte, _collegas = _team(wereld, aantal)
        client.force_login(jeske)
        weg = _post(client, django_capture_on_commit_callbacks, lotte)
        assert User.objects.filter(waarnemer=lotte).count() == aantal + max(1, aantal // 2) + 1
        terug = _post(client, django_capture_on_commit_callbacks, None)
        assert User.objects.filter(waarnemer=jeske).count() == aantal + max(1, aantal // 2)
        return weg, terug

    # Away: the session and her account (3); her waarneming and the colleagues resting on it, read, locked in id
    # order and read again (2 savepoints, 8); her row, the event, the colleagues' rows (at most two UPDATEs: those
    # whose mark becomes hers, and those who keep the mark of whom they had chosen) and one event for all of them
    # (4); the page she is sent to reads who went along (2). Then each of the two events' reactions: claim, read, the
    # people, the meldingen (exists, insert, read back), the preferences (10 each). Back: the same, less the reading
    # of the page. Before: one event and one reaction per colleague, 469 queries for 40.
    assert weg_en_terug(3) == weg_en_terug(40)


def test_lotte_hears_it_once_for_the_whole_team_and_each_colleague_hears_it(
        client, wereld, django_capture_on_commit_callbacks):
    jeske, lotte, team = _team(wereld, 4)
    client.force_login(jeske)
    Melding.objects.all().delete()
    _post(client, django_capture_on_commit_callbacks, lotte)

    aan_lotte = list(Melding.objects.filter(ontvanger=lotte).order_by("pk").values_list("tekst", "url"))
    assert aan_lotte == [
        ("Je neemt nu de caseload van Jeske Gunterman waar. Je vindt die op je caseloadpagina.",
         reverse("klantmanager_home")),
        ("Je neemt nu ook waar voor 6 collega's van Jeske Gunterman: Jeske Gunterman nam hun caseloads waar en is nu "
         "zelf afwezig. Op de pagina Waarneming zie je voor wie.", reverse("waarneming")),
    ]
    assert list(Melding.objects.filter(ontvanger=jeske).values_list("tekst", flat=True)) == [
        "Je neemt niet meer waar voor 6 collega's: zolang je afwezig bent, neemt Lotte Aalbers voor hen waar. De "
        "meldingen die je voor hen kreeg, staan niet meer in je lijst."]
    for collega in team:
        assert list(Melding.objects.filter(ontvanger=collega).values_list("tekst", flat=True)) == [
            "Jeske Gunterman is afwezig; Lotte Aalbers neemt je caseload nu waar. Als Jeske Gunterman terug is, "
            "neemt Jeske Gunterman die weer waar."]
    for dieper in User.objects.filter(achternaam="Dieper").select_related("waarneming_doorgegeven_door"):
        gekozen = dieper.waarneming_doorgegeven_door.get_full_name()
        assert list(Melding.objects.filter(ontvanger=dieper).values_list("tekst", flat=True)) == [
            f"{gekozen} is afwezig; Lotte Aalbers neemt je caseload nu waar. Als {gekozen} terug is, neemt {gekozen} "
            f"die weer waar."]
    client.force_login(lotte)  # the link: her waarneming page names them
    html = client.get(reverse("waarneming")).content.decode()
    assert "Zelf neem je waar voor:" in html and html.count(" Team") + html.count(" Dieper") >= 6

    Melding.objects.all().delete()
    client.force_login(jeske)
    _post(client, django_capture_on_commit_callbacks, None)
    assert set(Melding.objects.filter(ontvanger=lotte).values_list("tekst", flat=True)) == {
        "Je neemt de caseload van Jeske Gunterman niet meer waar. De meldingen die je voor Jeske Gunterman kreeg, "
        "staan niet meer in je lijst.",
        "Je neemt niet meer waar voor 6 collega's: Jeske Gunterman is terug en neemt weer voor hen waar. De "
        "meldingen die je voor hen kreeg, staan niet meer in je lijst."}
    assert list(Melding.objects.filter(ontvanger=jeske).values_list("tekst", flat=True)) == [
        "Je neemt weer waar voor 6 collega's, nu je terug bent. Op de pagina Waarneming zie je voor wie."]
    assert Melding.objects.get(ontvanger=team[0]).tekst == "Jeske Gunterman is terug en neemt je caseload weer waar."


def test_the_event_log_names_every_colleague_whose_waarneming_moved(client, wereld, django_capture_on_commit_callbacks):
    jeske, lotte, team = _team(wereld, 4)
    dieper = list(User.objects.filter(achternaam="Dieper").values_list("pk", "waarneming_doorgegeven_door_id"))
    client.force_login(jeske)
    _post(client, django_capture_on_commit_callbacks, lotte)

    assert Gebeurtenis.objects.filter(soort=WAARNEMING_GEWIJZIGD).count() == 1  # her own
    weg = Gebeurtenis.objects.get(soort=WAARNEMINGEN_DOORGEGEVEN)
    assert weg.door_id == jeske.pk and weg.gegevens["gebruiker_id"] == jeske.pk and weg.gegevens["naar_id"] == lotte.pk
    assert sorted(map(tuple, weg.gegevens["collegas"])) == sorted(
        [(b.pk, jeske.pk, jeske.pk) for b in team] + [(pk, jeske.pk, gekozen) for pk, gekozen in dieper])

    _post(client, django_capture_on_commit_callbacks, None)
    terug = Gebeurtenis.objects.filter(soort=WAARNEMINGEN_DOORGEGEVEN).latest("pk")
    assert terug.gegevens["naar_id"] == jeske.pk
    assert sorted(map(tuple, terug.gegevens["collegas"])) == sorted(
        [(b.pk, lotte.pk, jeske.pk) for b in team] + [(pk, lotte.pk, gekozen) for pk, gekozen in dieper])


def test_an_event_of_one_colleague_written_before_is_still_told(wereld):
    """An event still waiting in the outbox from before: one colleague per event, with ``via_id``."""
    jeske, lotte, team = _team(wereld, 1)
    gebeurtenis = gebeurtenis_vastleggen(WAARNEMING_GEWIJZIGD, door=jeske, gebruiker_id=team[0].pk, van_id=jeske.pk,
                                         naar_id=lotte.pk, vanwege_id=None, via_id=jeske.pk)
    gebeurtenis_verwerken(gebeurtenis.pk)
    assert Melding.objects.get(ontvanger=lotte).tekst.startswith(
        f"Je neemt nu ook de caseload van {team[0].get_full_name()} waar: Jeske Gunterman nam die waar")
    assert Melding.objects.get(ontvanger=jeske).tekst.startswith(
        f"Je neemt de caseload van {team[0].get_full_name()} niet meer waar: zolang je afwezig bent")
    assert Melding.objects.get(ontvanger=team[0]).tekst.startswith("Jeske Gunterman is afwezig; Lotte Aalbers")
