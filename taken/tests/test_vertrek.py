"""A colleague leaves or changes role or organisation (``accounts.services.gebruiker_opslaan``): her open tasks that
no handover took along go to a coordinator (``taken.reacties.taken_na_vertrek``), not to nobody."""

import pytest

from accounts.services import gebruiker_opslaan
from accounts.tests.factories import AccountmanagerFactory, KlantmanagerFactory, OrganisatieFactory
from taken.models import Taak
from taken.selectors import open_taken
from taken.services import taak_aanmaken, taak_afronden

pytestmark = pytest.mark.django_db


def _pieter(wereld):
    km = wereld.klantmanager
    return KlantmanagerFactory(organisatie=km.organisatie, regio=km.regio, voornaam="Pieter", achternaam="Plas")


def test_the_open_tasks_of_who_left_go_to_the_coordinator_of_her_organisation(wereld, met_commit):
    """Pieter's caseload was handed over, but the call to the gemeente he still had to make was his alone: with his
    waarneming ended when he left, nobody saw it. Now the coordinator of his team has it, and reads from whom."""
    pieter = _pieter(wereld)
    coordinator = KlantmanagerFactory(organisatie=pieter.organisatie, regio=pieter.regio, is_coordinator=True)
    KlantmanagerFactory(organisatie=OrganisatieFactory(regio=pieter.regio), regio=pieter.regio, is_coordinator=True)
    bellen = taak_aanmaken(voor=pieter, omschrijving="Bel de gemeente over de regeling van Oost.")
    klaar = taak_afronden(taak=taak_aanmaken(voor=pieter, omschrijving="Al gedaan."), door=pieter)
    pieter.is_active = False
    met_commit(gebruiker_opslaan, gebruiker=pieter, door=wereld.beheerder)

    bellen.refresh_from_db()
    assert bellen.toegewezen_aan == coordinator and bellen.afgerond_op is None
    assert bellen.omschrijving == "Van Pieter Plas, die vertrok: Bel de gemeente over de regeling van Oost."
    assert list(open_taken([coordinator.pk])) == [bellen]
    assert Taak.objects.get(pk=klaar.pk).toegewezen_aan == pieter  # what is done stays his history

    # Switched on again: nothing moves back or on.
    pieter.is_active = True
    met_commit(gebruiker_opslaan, gebruiker=pieter, door=wereld.beheerder)
    assert Taak.objects.get(pk=bellen.pk).toegewezen_aan == coordinator


def test_without_a_coordinator_a_beheerder_gets_the_tasks_of_who_moved(wereld, met_commit):
    """An accountmanager who moves to another organisation: no coordinator anywhere, so the beheerder."""
    am = AccountmanagerFactory(regio=wereld.klantmanager.regio, voornaam="Anouk", achternaam="Aa")
    taak = taak_aanmaken(voor=am, omschrijving="Stuur de folder naar de brancheclub.")
    am.organisatie = OrganisatieFactory(regio=am.regio)
    met_commit(gebruiker_opslaan, gebruiker=am, door=wereld.beheerder)

    taak.refresh_from_db()
    assert taak.toegewezen_aan == wereld.beheerder
    assert taak.omschrijving == ("Van Anouk Aa, die nu een andere functie of organisatie heeft: Stuur de folder naar "
                                 "de brancheclub.")
