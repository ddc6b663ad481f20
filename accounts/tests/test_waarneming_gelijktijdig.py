"""Karin chooses Lotte as her waarnemer at the moment the beheerder switches Lotte's account off. Real concurrency on
PostgreSQL: two threads, each with its own connection. Whatever the order, Karin is not left with a waarnemer who
left: either her choice is refused, or the reaction to Lotte leaving (run by the outbox after the beheerder's commit)
finds the waarneming and ends it."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from accounts.reacties import waarneming_na_vertrek
from accounts.services import GEBRUIKER_GEWIJZIGD, gebruiker_opslaan, waarnemer_instellen
from accounts.tests.factories import KlantmanagerFactory
from outbox.models import Gebeurtenis
from tests.gelijktijdig import in_draad

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_waarnemer_switched_off_while_she_is_chosen_does_not_stay(wereld_pg):
    """Before (only Karin's row locked): the beheerder's save went through while Karin's choice was still open; the
    reaction to it found no waarneming yet, and Karin's commit then left Lotte, who had left, as her waarnemer for
    good: Karin's meldingen, tasks and caseload went on to an account nobody used."""
    karin = wereld_pg.klantmanager
    lotte = KlantmanagerFactory(organisatie=karin.organisatie, regio=karin.regio, voornaam="Lotte")
    gekozen = threading.Event()

    def karin_kiest():
        with transaction.atomic():
            waarnemer_instellen(gebruiker=karin, waarnemer=lotte)
            gekozen.set()
            # Her request is not done yet (its transaction is still open) when the beheerder saves; it ends once
            # he is done, or after a second when he waits for it.
            beheerder_klaar.wait(1.0)

    def beheerder_zet_uit():
        gekozen.wait(10)
        uit = User.objects.get(pk=lotte.pk)
        uit.is_active = False
        gebruiker_opslaan(uit, door=wereld_pg.beheerder)  # waits for Karin's commit while Lotte's row is locked
        # What the outbox does after this commit: the reaction to Lotte leaving.
        waarneming_na_vertrek(Gebeurtenis.objects.filter(soort=GEBRUIKER_GEWIJZIGD).latest("pk"))
        beheerder_klaar.set()

    beheerder_klaar = threading.Event()
    karin_draad, karin_fouten = in_draad(karin_kiest)
    beheerder_draad, beheerder_fouten = in_draad(beheerder_zet_uit)
    karin_draad.join(30)
    beheerder_draad.join(30)
    assert not beheerder_fouten, beheerder_fouten
    assert not karin_fouten or isinstance(karin_fouten[0], ValidationError), karin_fouten
    assert not User.objects.get(pk=lotte.pk).is_active
    assert User.objects.get(pk=karin.pk).waarnemer_id is None
