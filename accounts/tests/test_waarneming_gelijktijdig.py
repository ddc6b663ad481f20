"""Karin chooses Lotte as her waarnemer at the moment the beheerder switches Lotte's account off. Real concurrency on
PostgreSQL: two threads, each with its own connection. Whatever the order, Karin is not left with a waarnemer who
left: either her choice is refused, or the reaction to Lotte leaving (run by the outbox after the beheerder's commit)
finds the waarneming and ends it."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from accounts import admin as beheer
from accounts.admin import UserAdmin
from accounts.models import User
from accounts.reacties import waarneming_na_vertrek
from accounts.services import GEBRUIKER_GEWIJZIGD, gebruiker_opslaan, waarnemer_instellen
from accounts.tests.factories import KlantmanagerFactory
from outbox.models import Gebeurtenis
from tests.gelijktijdig import in_draad, tegelijk

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


def test_a_colleague_who_chooses_her_while_she_goes_away_goes_along(wereld_pg):
    """Karin chooses Jeske at the moment Jeske goes away and chooses Lotte. Jeske's save read the colleagues she
    covers before Karin's choice was committed: before, Karin was left with Jeske, who was not there. Now Jeske's
    save waits for Karin's, sees her once it holds the locks, takes them again with hers, and Karin goes along."""
    karin = wereld_pg.klantmanager
    jeske = KlantmanagerFactory(organisatie=karin.organisatie, regio=karin.regio, voornaam="Jeske")
    lotte = KlantmanagerFactory(organisatie=karin.organisatie, regio=karin.regio, voornaam="Lotte")
    gekozen, jeske_klaar = threading.Event(), threading.Event()

    def karin_kiest():
        with transaction.atomic():
            waarnemer_instellen(gebruiker=karin, waarnemer=jeske)
            gekozen.set()
            jeske_klaar.wait(1.0)  # Jeske's save waits for this commit (Jeske's row is locked)

    def jeske_gaat_weg():
        gekozen.wait(10)
        waarnemer_instellen(gebruiker=jeske, waarnemer=lotte)
        jeske_klaar.set()

    karin_draad, karin_fouten = in_draad(karin_kiest)
    jeske_draad, jeske_fouten = in_draad(jeske_gaat_weg)
    karin_draad.join(30)
    jeske_draad.join(30)
    assert not karin_fouten and not jeske_fouten, (karin_fouten, jeske_fouten)
    assert User.objects.values_list("waarnemer_id", "waarneming_doorgegeven_door_id").get(pk=karin.pk) == (
        lotte.pk, jeske.pk)


def test_passing_on_and_choosing_at_once_never_deadlock(wereld_pg):
    """Jeske goes away (her row, Pieter's and Karin's whom she covers, and Lotte's: all locked in id order) while
    Pieter and Karin save their waarneming again and Lotte chooses a waarnemer of her own: each waits for the other,
    none deadlocks, and whatever the order nobody is left with a colleague who is away."""
    karin = wereld_pg.klantmanager
    jeske = KlantmanagerFactory(organisatie=karin.organisatie, regio=karin.regio, voornaam="Jeske")
    pieter = KlantmanagerFactory(organisatie=karin.organisatie, regio=karin.regio, voornaam="Pieter")
    lotte = KlantmanagerFactory(organisatie=karin.organisatie, regio=karin.regio, voornaam="Lotte")
    mila = KlantmanagerFactory(organisatie=karin.organisatie, regio=karin.regio, voornaam="Mila")
    for wie in (karin, pieter):
        waarnemer_instellen(gebruiker=wie, waarnemer=jeske)
    for _ronde in range(6):
        fouten = tegelijk([lambda: waarnemer_instellen(gebruiker=jeske, waarnemer=lotte),
                           lambda: waarnemer_instellen(gebruiker=pieter, waarnemer=jeske),
                           lambda: waarnemer_instellen(gebruiker=karin, waarnemer=jeske),
                           lambda: waarnemer_instellen(gebruiker=lotte, waarnemer=mila)], vasthouden=0.1)
        assert all(isinstance(f, ValidationError) for f in fouten), fouten
        afwezig = set(User.objects.filter(waarnemer__isnull=False).values_list("pk", flat=True))
        assert not User.objects.filter(waarnemer_id__in=afwezig).exists()
        for wie in (jeske, lotte):  # back, for the next round
            waarnemer_instellen(gebruiker=wie, waarnemer=None)
        for wie in (karin, pieter):
            waarnemer_instellen(gebruiker=wie, waarnemer=jeske)


def test_the_beheerder_saving_her_account_while_her_waarneming_goes_along_keeps_it(client, wereld_pg, monkeypatch):
    """The beheerder saves Karin's phone number at the moment Jeske, who covers Karin, goes away and chooses Lotte:
    Jeske's save commits after the user admin read Karin's account and before it writes it. Before, the admin wrote
    back all it had read: Karin's caseload went back to Jeske, who is away, and forgot it was passed on. The admin's
    own reading is real; only the moment of Jeske's save (in a thread of its own, committed) is placed by the test."""
    karin = wereld_pg.klantmanager
    jeske = KlantmanagerFactory(organisatie=karin.organisatie, regio=karin.regio, voornaam="Jeske")
    lotte = KlantmanagerFactory(organisatie=karin.organisatie, regio=karin.regio, voornaam="Lotte")
    waarnemer_instellen(gebruiker=karin, waarnemer=jeske)
    karin.refresh_from_db()
    gelezen = UserAdmin.get_object

    def en_intussen_gaat_jeske_weg(self, request, object_id, from_field=None):
        obj = gelezen(self, request, object_id, from_field)
        if request.method == "POST":
            draad, fouten = in_draad(lambda: waarnemer_instellen(gebruiker=jeske, waarnemer=lotte))
            draad.join(10)
            assert not fouten, fouten
        return obj

    monkeypatch.setattr(UserAdmin, "get_object", en_intussen_gaat_jeske_weg)
    client.force_login(wereld_pg.beheerder)
    antwoord = client.post(reverse("admin:accounts_user_change", args=[karin.pk]), {
        "email": karin.email, "voornaam": karin.voornaam, "achternaam": karin.achternaam, "telefoon": "026 1234567",
        "rol": karin.rol, "organisatie": karin.organisatie_id, "regio": karin.regio_id, "is_active": "on",
        "waarnemer": jeske.pk})
    assert antwoord.status_code == 302
    assert User.objects.values_list("waarnemer_id", "waarneming_doorgegeven_door_id", "telefoon").get(
        pk=karin.pk) == (lotte.pk, jeske.pk, "026 1234567")


def test_the_beheerder_choosing_a_waarnemer_while_the_one_who_covers_her_goes_away_does_not_deadlock(
        client, wereld_pg, monkeypatch):
    """The beheerder chooses Lotte for Karin in the user admin at the moment Jeske, who covers Karin, goes away and
    chooses Lotte too. Before, the admin locked Karin's row first (saving the rest of her account) and only then
    Lotte's, for the waarneming: Jeske's save held Lotte's row (lower id, locked first) and waited for Karin's, and
    PostgreSQL broke the deadlock by failing one of the two. Now the admin takes the rows of the waarneming first, in
    id order, as Jeske's save does: one waits for the other."""
    lotte = KlantmanagerFactory(organisatie=wereld_pg.klantmanager.organisatie, regio=wereld_pg.klantmanager.regio,
                                voornaam="Lotte")
    jeske = KlantmanagerFactory(organisatie=lotte.organisatie, regio=lotte.regio, voornaam="Jeske")
    karin = KlantmanagerFactory(organisatie=lotte.organisatie, regio=lotte.regio, voornaam="Karin")
    assert lotte.pk < jeske.pk < karin.pk
    waarnemer_instellen(gebruiker=karin, waarnemer=jeske)
    opslaan = beheer.gebruiker_opslaan
    draden = []

    def en_intussen_gaat_jeske_weg(gebruiker, **kwargs):
        opgeslagen = opslaan(gebruiker, **kwargs)
        draden.append(in_draad(lambda: waarnemer_instellen(gebruiker=jeske, waarnemer=lotte)))
        draden[0][0].join(1.5)  # Jeske's save locks Lotte's row and Jeske's, and waits for Karin's (or is done)
        return opgeslagen

    monkeypatch.setattr(beheer, "gebruiker_opslaan", en_intussen_gaat_jeske_weg)
    client.force_login(wereld_pg.beheerder)
    antwoord = client.post(reverse("admin:accounts_user_change", args=[karin.pk]), {
        "email": karin.email, "voornaam": karin.voornaam, "achternaam": karin.achternaam, "telefoon": "",
        "rol": karin.rol, "organisatie": karin.organisatie_id, "regio": karin.regio_id, "is_active": "on",
        "waarnemer": lotte.pk})
    draad, fouten = draden[0]
    draad.join(30)
    assert antwoord.status_code == 302
    assert not fouten, fouten
    assert User.objects.values_list("waarnemer_id", flat=True).get(pk=karin.pk) == lotte.pk
    assert User.objects.values_list("waarnemer_id", flat=True).get(pk=jeske.pk) == lotte.pk
