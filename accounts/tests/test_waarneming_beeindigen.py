"""A team lead who covers for her whole team leaves (switched off) or moves to another organisation: every
waarneming she held ends. Before, each colleague was one ``waarnemer_instellen`` (its locks, reads and UPDATE) and one
journey event with its own reaction, and a team lead who moved got a melding per colleague."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from accounts.services import (
    WAARNEMING_GEWIJZIGD,
    WAARNEMINGEN_BEEINDIGD,
    waarnemer_instellen,
    waarnemingen_beeindigen,
)
from accounts.tests.factories import KlantmanagerFactory, OrganisatieFactory
from meldingen.models import Melding
from outbox.models import Gebeurtenis
from outbox.services import gebeurtenis_verwerken

pytestmark = pytest.mark.django_db


def _team(wereld, aantal):
    """Jeske (the team lead, away herself: Lotte covers for her), and ``aantal`` colleagues she covers. Half of them
    (at least one) each had a colleague of their own who chose them before they went away: passed on to Jeske."""
    organisatie = wereld.klantmanager.organisatie
    jeske = KlantmanagerFactory(organisatie=organisatie, voornaam="Jeske", achternaam="Gunterman")
    lotte = KlantmanagerFactory(organisatie=organisatie, voornaam="Lotte", achternaam="Aalbers")
    team = KlantmanagerFactory.create_batch(aantal, organisatie=organisatie, achternaam="Team")
    User.objects.filter(pk__in=[b.pk for b in team]).update(waarnemer=jeske)
    dieper = [KlantmanagerFactory(organisatie=organisatie, achternaam="Dieper", waarnemer=jeske,
                                  waarneming_doorgegeven_door=collega) for collega in team[:max(1, aantal // 2)]]
    User.objects.filter(pk=jeske.pk).update(waarnemer=lotte)
    return jeske, lotte, team, dieper


def _verhuist(jeske, django_capture_on_commit_callbacks, beheerder):
    """Jeske moved to another organisation (the beheerder's save is done); the reaction ends what she held, and the
    reactions to what it wrote run after its commit."""
    User.objects.filter(pk=jeske.pk).update(organisatie=OrganisatieFactory(naam="UWV Nijmegen", regio=jeske.regio))
    with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks(execute=True):
        beeindigd = waarnemingen_beeindigen(gebruiker_id=jeske.pk, door=beheerder)
    return beeindigd, len(queries)


def test_a_team_lead_who_moves_costs_as_many_queries_for_forty_colleagues_as_for_three(
        wereld, django_capture_on_commit_callbacks):
    def verhuizen(aantal):
        jeske, _lotte, team, dieper = _team(wereld, aantal)
        beeindigd, queries = _verhuist(jeske, django_capture_on_commit_callbacks, wereld.beheerder)
        assert beeindigd == 1 + len(team) + len(dieper)
        assert not User.objects.filter(pk__in=[c.pk for c in team + dieper], waarnemer__isnull=False).exists()
        return queries

    # The rows (hers, the colleagues', and whom they passed theirs on to) read (2), locked in one statement in a
    # savepoint and read again (4), the UPDATE of hers and the colleagues', the marks on whom they passed it on to,
    # and two events; then each event's reaction: claim, the people, the meldingen (exists, insert, read back), the
    # preferences. Before: a waarnemer_instellen, an event and a reaction per colleague (109 queries for 3, 1,304
    # for 40).
    assert verhuizen(3) == verhuizen(40)


def test_each_colleague_hears_it_and_the_team_lead_who_moved_once(wereld, django_capture_on_commit_callbacks):
    jeske, lotte, team, dieper = _team(wereld, 4)
    Melding.objects.all().delete()
    _verhuist(jeske, django_capture_on_commit_callbacks, wereld.beheerder)

    assert Gebeurtenis.objects.filter(soort=WAARNEMINGEN_BEEINDIGD).count() == 1
    assert Gebeurtenis.objects.filter(soort=WAARNEMING_GEWIJZIGD).count() == 1  # her own: Lotte no longer covers
    gebeurtenis = Gebeurtenis.objects.get(soort=WAARNEMINGEN_BEEINDIGD)
    assert gebeurtenis.door_id == wereld.beheerder.pk and gebeurtenis.gegevens["gebruiker_id"] == jeske.pk
    assert sorted(map(tuple, gebeurtenis.gegevens["collegas"])) == sorted((c.pk, jeske.pk) for c in team + dieper)
    assert list(Melding.objects.filter(ontvanger=jeske).values_list("tekst", flat=True).order_by("tekst")) == [
        "Je neemt niet meer waar voor 6 collega's, nu je rol of organisatie is gewijzigd. De meldingen die je voor "
        "hen kreeg, staan niet meer in je lijst.",
        "Lotte Aalbers neemt je caseload niet meer waar, nu je rol of organisatie is gewijzigd."]
    for collega in team + dieper:
        assert list(Melding.objects.filter(ontvanger=collega).values_list("tekst", flat=True)) == [
            "Jeske Gunterman neemt je caseload niet meer waar: Jeske is vertrokken of heeft een andere rol of "
            "organisatie. Kies zo nodig een andere collega."]
    assert list(Melding.objects.filter(ontvanger=lotte).values_list("tekst", flat=True)) == [
        "Je neemt de caseload van Jeske Gunterman niet meer waar. De meldingen die je voor Jeske Gunterman kreeg, "
        "staan niet meer in je lijst."]

    aantal = Melding.objects.count()  # the outbox runs it again: nothing twice
    gebeurtenis_verwerken(gebeurtenis.pk)
    assert Melding.objects.count() == aantal


def test_one_colleague_reads_as_before(wereld, django_capture_on_commit_callbacks):
    organisatie = wereld.klantmanager.organisatie
    jeske = KlantmanagerFactory(organisatie=organisatie, voornaam="Jeske", achternaam="Gunterman")
    karin = wereld.klantmanager
    User.objects.filter(pk=karin.pk).update(waarnemer=jeske)
    Melding.objects.all().delete()
    _verhuist(jeske, django_capture_on_commit_callbacks, wereld.beheerder)
    assert Melding.objects.get(ontvanger=jeske).tekst == f"Je neemt de caseload van {karin.get_full_name()} niet " \
                                                         "meer waar. De meldingen die je voor " \
                                                         f"{karin.get_full_name()} kreeg, staan niet meer in je lijst."
    assert Melding.objects.get(ontvanger=karin).tekst.startswith("Jeske Gunterman neemt je caseload niet meer waar")


def test_whom_a_leaver_passed_on_to_keeps_it_and_a_later_choice_stays(wereld, django_capture_on_commit_callbacks):
    """Jeske was away (Lotte covers) and had passed Karin on to Lotte: Karin keeps Lotte, now as her own choice.
    Pieter chose Mila since: nothing of his ends."""
    organisatie = wereld.klantmanager.organisatie
    jeske = KlantmanagerFactory(organisatie=organisatie, voornaam="Jeske")
    lotte = KlantmanagerFactory(organisatie=organisatie, voornaam="Lotte")
    mila = KlantmanagerFactory(organisatie=organisatie, voornaam="Mila")
    karin = wereld.klantmanager
    pieter = KlantmanagerFactory(organisatie=organisatie, voornaam="Pieter")
    waarnemer_instellen(gebruiker=karin, waarnemer=jeske)
    waarnemer_instellen(gebruiker=jeske, waarnemer=lotte)
    waarnemer_instellen(gebruiker=pieter, waarnemer=mila)
    assert User.objects.values_list("waarnemer_id", "waarneming_doorgegeven_door_id").get(pk=karin.pk) == (
        lotte.pk, jeske.pk)
    User.objects.filter(pk=jeske.pk).update(is_active=False)
    assert waarnemingen_beeindigen(gebruiker_id=jeske.pk) == 1
    assert User.objects.values_list("waarnemer_id", "waarneming_doorgegeven_door_id").get(pk=karin.pk) == (
        lotte.pk, None)
    assert User.objects.values_list("waarnemer_id", flat=True).get(pk=pieter.pk) == mila.pk
    assert User.objects.values_list("waarnemer_id", flat=True).get(pk=jeske.pk) is None
