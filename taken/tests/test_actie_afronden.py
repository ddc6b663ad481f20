"""A task that is a plan action of "mijn contactpersoon" (``taken.reacties.actie_voor_contactpersoon``) is the same
thing as that action: ticked off on the task page, the action in the werkzoekende's plan is done too."""

import pytest
from django.urls import reverse

from accounts.tests.factories import KlantmanagerFactory
from meldingen.models import Melding
from taken.models import Taak
from werkzoekenden.models import Actie, Kandidaat
from werkzoekenden.services import actie_toevoegen, dossier_afsluiten

pytestmark = pytest.mark.django_db


def _actie_voor_de_klantmanager(wereld, met_commit):
    actie = met_commit(actie_toevoegen, kandidaat=wereld.kandidaat, door=wereld.werkzoekende_user,
                       levensdomein="kinderopvang", doel="Opvang voor mijn zoon",
                       omschrijving="Uitzoeken of ik kinderopvangtoeslag krijg", eigenaar=Actie.Eigenaar.CONTACTPERSOON)
    return actie, Taak.objects.get(sleutel=f"actie:{actie.pk}")


def test_ticking_off_the_task_of_a_plan_action_marks_the_action_done(client, wereld, met_commit,
                                                                     django_capture_on_commit_callbacks):
    """Fatima ticked off "Plan van Anja: Uitzoeken of ik kinderopvangtoeslag krijg" on her task page: the task was
    gone, while Anja's plan kept saying "Nog te doen", she heard nothing, and the action went over its date."""
    actie, taak = _actie_voor_de_klantmanager(wereld, met_commit)
    Melding.objects.all().delete()
    client.force_login(wereld.klantmanager)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("taak_afronden", args=[taak.pk])).status_code == 302
    actie.refresh_from_db()
    taak.refresh_from_db()
    assert actie.status == Actie.Status.KLAAR and taak.afgerond_op is not None
    [melding] = Melding.objects.filter(ontvanger=wereld.werkzoekende_user)
    assert melding.tekst == ("Je contactpersoon heeft een actie in je plan afgerond: Uitzoeken of ik "
                             "kinderopvangtoeslag krijg")
    assert actie.wijzigingen.filter(door=wereld.klantmanager).count() == 1  # in the history of her plan
    # Sent twice (a double click): nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("taak_afronden", args=[taak.pk]))
    assert actie.wijzigingen.count() == 2 and Melding.objects.filter(ontvanger=wereld.werkzoekende_user).count() == 1


def test_a_task_of_an_action_in_a_closed_plan_is_still_ticked_off(client, wereld, met_commit):
    actie, taak = _actie_voor_de_klantmanager(wereld, met_commit)
    dossier_afsluiten(kandidaat=wereld.kandidaat, door=wereld.klantmanager, reden="verhuisd")
    Taak.objects.filter(pk=taak.pk).update(afgerond_op=None)  # as a task left open would be
    client.force_login(wereld.klantmanager)
    assert client.post(reverse("taak_afronden", args=[taak.pk])).status_code == 302
    taak.refresh_from_db()
    actie.refresh_from_db()
    assert taak.afgerond_op is not None and actie.status != Actie.Status.KLAAR  # the closed plan stands still


def test_the_task_of_a_plan_action_links_to_the_plan(client, wereld, met_commit):
    """"Plan van Anja: Uitzoeken of ik kinderopvangtoeslag krijg" linked to her dossier, a page short of the action."""
    _actie_voor_de_klantmanager(wereld, met_commit)
    client.force_login(wereld.klantmanager)
    pagina = client.get(reverse("taken")).content.decode()
    plan = reverse("plan_van_aanpak", args=[wereld.kandidaat.pk])
    assert f'href="{plan}">naar het plan van Willem</a>' in pagina
    assert f'href="{reverse("dossier", args=[wereld.kandidaat.pk])}"' not in pagina


def test_who_may_no_longer_open_the_plan_does_not_change_it_by_ticking_off_the_task(
        client, wereld, met_commit, django_capture_on_commit_callbacks):
    """Willem's dossier went to Piotr and the reaction that takes the open tasks along had not run yet (a worker
    behind): Jeske ticked off "Plan van Willem: ..." on her list and so changed, in her name, the plan of a dossier
    she may no longer open, with a line in its history and a melding to him."""
    actie, taak = _actie_voor_de_klantmanager(wereld, met_commit)
    Melding.objects.all().delete()
    piotr = KlantmanagerFactory(organisatie=wereld.klantmanager.organisatie, regio=wereld.klantmanager.regio)
    Kandidaat.objects.filter(pk=wereld.kandidaat.pk).update(klantmanager=piotr)
    client.force_login(wereld.klantmanager)
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = client.post(reverse("taak_afronden", args=[taak.pk]), follow=True)
    assert "Het dossier van Willem is overgedragen aan een collega" in antwoord.content.decode()
    actie.refresh_from_db()
    taak.refresh_from_db()
    assert actie.status != Actie.Status.KLAAR and taak.afgerond_op is None  # it goes along to Piotr
    assert not actie.wijzigingen.filter(door=wereld.klantmanager).exists() and not Melding.objects.exists()


def test_a_task_of_an_action_that_is_no_longer_the_contactpersoons_only_closes(client, wereld, met_commit):
    """Willem took the action on himself ("Wat ik zelf doe") just before Jeske ticked off its task: his own action is
    not hers to mark done."""
    actie, taak = _actie_voor_de_klantmanager(wereld, met_commit)
    Actie.objects.filter(pk=actie.pk).update(eigenaar=Actie.Eigenaar.IK)
    client.force_login(wereld.klantmanager)
    assert client.post(reverse("taak_afronden", args=[taak.pk])).status_code == 302
    actie.refresh_from_db()
    taak.refresh_from_db()
    assert taak.afgerond_op is not None and actie.status != Actie.Status.KLAAR
