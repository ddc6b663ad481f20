"""The data migrations for colleagues who left before the reactions to ``accounts.gebruiker_gewijzigd`` existed:
``accounts`` 0020 cleared the waarneming through which their open tasks and verzoeken were still seen."""

import importlib

import pytest
from django.apps import apps
from django.utils import timezone

from accounts.models import User
from accounts.tests.factories import AccountmanagerFactory, KlantmanagerFactory, OrganisatieFactory
from taken.models import Taak
from taken.services import taak_aanmaken
from werkgevers.models import Verzoek
from werkzoekenden.tests.factories import KandidaatFactory

pytestmark = pytest.mark.django_db

taken_verplaatsen = importlib.import_module("taken.migrations.0006_taken_van_wie_al_vertrok").verplaatsen
verzoeken_verplaatsen = importlib.import_module("werkgevers.migrations.0012_verzoeken_van_wie_al_vertrok").verplaatsen


def test_the_open_tasks_of_who_left_before_the_deploy_move_within_her_organisation(wereld):
    karin = wereld.klantmanager
    pieter = KlantmanagerFactory(organisatie=karin.organisatie, regio=karin.regio, voornaam="Pieter", achternaam="Plas")
    KlantmanagerFactory(organisatie=OrganisatieFactory(regio=karin.regio), regio=karin.regio, is_coordinator=True)
    over_fatima = taak_aanmaken(voor=pieter, omschrijving="Bel Fatima.", kandidaat=KandidaatFactory(klantmanager=karin))
    over_niemand = taak_aanmaken(voor=pieter, omschrijving="Bel de gemeente.")
    klaar = Taak.objects.create(toegewezen_aan=pieter, omschrijving="Klaar.", afgerond_op=timezone.now())
    User.objects.filter(pk=pieter.pk).update(is_active=False)
    van_karin = taak_aanmaken(voor=karin, omschrijving="Van Karin zelf.")

    taken_verplaatsen(apps, None)
    over_fatima.refresh_from_db()
    assert over_fatima.toegewezen_aan == karin  # his organisation has no coordinator: the vaste klantmanager
    assert over_fatima.omschrijving == "Van Pieter Plas, die vertrok: Bel Fatima."
    assert Taak.objects.get(pk=over_niemand.pk).toegewezen_aan == wereld.beheerder
    assert Taak.objects.get(pk=klaar.pk).toegewezen_aan == pieter
    assert Taak.objects.get(pk=van_karin.pk).omschrijving == "Van Karin zelf."

    coordinator = KlantmanagerFactory(organisatie=karin.organisatie, regio=karin.regio, is_coordinator=True)
    nog_een = taak_aanmaken(voor=pieter, omschrijving="Nog een.", kandidaat=KandidaatFactory(klantmanager=None))
    taken_verplaatsen(apps, None)
    assert Taak.objects.get(pk=nog_een.pk).toegewezen_aan == coordinator


def test_the_open_verzoeken_of_an_accountmanager_who_left_before_the_deploy_go_on(wereld):
    anouk = AccountmanagerFactory(voornaam="Anouk", achternaam="Aa")
    werkgever = wereld.werkgever
    verzoek = Verzoek.objects.create(
        werkgever=werkgever, regio=werkgever.regio, accountmanager=anouk, kanaal=Verzoek.Kanaal.WEBFORMULIER,
        contactpersoon="Piet", telefoon="026 1234567", email="piet@example.nl", vraag="Twee monteurs",
        deadline=timezone.now() + timezone.timedelta(days=1))
    weg = Verzoek.objects.create(
        werkgever=werkgever, regio=werkgever.regio, accountmanager=wereld.accountmanager,
        kanaal=Verzoek.Kanaal.WEBFORMULIER, contactpersoon="Piet", telefoon="026 1234567", email="piet@example.nl",
        vraag="Nog een", deadline=timezone.now() + timezone.timedelta(days=1))
    User.objects.filter(pk=wereld.accountmanager.pk).update(is_active=False)
    User.objects.filter(pk=anouk.pk).update(is_active=False)

    verzoeken_verplaatsen(apps, None)
    verzoek.refresh_from_db()
    assert verzoek.accountmanager is None  # the werkgever's own accountmanager left too: the region's queue
    assert Verzoek.objects.get(pk=weg.pk).accountmanager is None
    regels = list(werkgever.tijdlijn.filter(voor_werkgever=False).order_by("pk").values_list("tekst", flat=True))
    assert regels[-2:] == [
        "Anouk Aa kan het verzoek niet meer oppakken: het staat weer in de wachtrij van de regio.",
        "Anton Account kan het verzoek niet meer oppakken: het staat weer in de wachtrij van de regio."]

    User.objects.filter(pk=wereld.accountmanager.pk).update(is_active=True)
    Verzoek.objects.filter(pk=verzoek.pk).update(accountmanager=anouk)
    verzoeken_verplaatsen(apps, None)
    assert Verzoek.objects.get(pk=verzoek.pk).accountmanager == wereld.accountmanager
