"""A verzoek that ends (contact recorded, closed without contact) while the public form adds a question to it at the
same moment. Real concurrency on PostgreSQL (threads, own connections). The form locks the werkgever, finds the open
verzoek and adds the question (whose foreign key takes a share lock on the verzoek); ending the verzoek locked the
verzoek first and then the werkgever: the opposite order, and PostgreSQL cancelled one of the two (the accountmanager's
work or the asker's question lost, a server error). The same for the other writers of a werkgever's verzoeken: the
sweep writing a tijdlijn line while a vaste accountmanager is assigned, a leaving accountmanager's verzoeken moving
while the form adds a question. The steps are ordered with events so each interleaving happens every time."""

import threading
import time
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from accounts.tests.factories import AccountmanagerFactory
from tests.gelijktijdig import in_draad
from werkgevers import emails, services
from werkgevers.models import Verzoek, Verzoekaanvulling
from werkgevers.services import (
    accountmanager_toewijzen,
    verzoek_contact_opgenomen,
    verzoek_indienen,
    verzoek_oppakken,
    verzoek_sluiten,
    verzoeken_bewaken,
    verzoeken_van_vertrokken_accountmanager,
)

pytestmark = pytest.mark.django_db(transaction=True)

VERZOEK = dict(
    bedrijfsnaam="Timmerbedrijf Rijnoever B.V.", kvk_nummer="12345678", adres="Markt 1", postcode="6811 AB",
    plaats="Arnhem", sector="Bouw", aantal_medewerkers=12, contactpersoon="Piet Jansen", telefoon="026 1234567",
    email="piet@rijnoever.nl", vraag="Twee timmerlieden per 1 juni", kanaal=Verzoek.Kanaal.WEBFORMULIER,
)


@pytest.mark.parametrize("beeindigen", ["sluiten", "contact"])
def test_a_verzoek_ending_while_the_form_adds_a_question_loses_neither(wereld_pg, monkeypatch, beeindigen):
    cache.clear()
    verzoek = verzoek_indienen(**VERZOEK)
    am = wereld_pg.accountmanager
    formulier_bezig, einde_gestart = threading.Event(), threading.Event()
    origineel = emails.verzoek_aangevuld

    def traag_aangevuld(aanvulling):
        formulier_bezig.set()  # the form holds the werkgever and has added the question
        einde_gestart.wait(5)
        time.sleep(0.3)  # the accountmanager's transaction now runs into the form's locks
        return origineel(aanvulling)

    monkeypatch.setattr(emails, "verzoek_aangevuld", traag_aangevuld)

    def formulier():
        with transaction.atomic():
            verzoek_indienen(**{**VERZOEK, "contactpersoon": "Bram", "email": "bram@x.nl", "vraag": "Vraag van Bram"})

    def einde():
        formulier_bezig.wait(5)
        einde_gestart.set()
        if beeindigen == "sluiten":
            verzoek_sluiten(verzoek=verzoek, door=am, reden=Verzoek.Sluitreden.GEEN_VRAAG, toelichting="Spam")
        else:
            verzoek_contact_opgenomen(verzoek=verzoek, door=am, notitie="Gebeld")

    d1, fouten_formulier = in_draad(formulier)
    d2, fouten_einde = in_draad(einde)
    d1.join(30)
    d2.join(30)
    assert fouten_formulier == [] and fouten_einde == [], (fouten_formulier, fouten_einde)
    verzoek.refresh_from_db()
    assert verzoek.status != Verzoek.Status.NIEUW
    # Bram's question came in before the end was recorded and was not ticked: a verzoek of its own.
    assert Verzoekaanvulling.objects.get(contactpersoon="Bram").vervolgverzoek is not None


# --- the sweep and a new vaste accountmanager; a leaving accountmanager and the form ----------------------

VELDEN_TWEE = dict(bedrijfsnaam="Bouwbedrijf Twee B.V.", kvk_nummer="30000079", adres="Markt 1", postcode="6811 AB",
              plaats="Arnhem", sector="Bouw", aantal_medewerkers=12, kanaal=Verzoek.Kanaal.WEBFORMULIER)


def _toewijzen_tegen_de_sweep(monkeypatch, toewijzen):
    """Run ``toewijzen`` (which makes a vaste accountmanager) and the sweep at once, in this order: the assignment
    holds the werkgever's lock when it writes its history row, and waits there until the sweep, holding an open
    verzoek of that werkgever, writes a tijdlijn line for it. The errors of both, as two lists."""
    rol = threading.local()
    werkgever_vast, sweep_schrijft = threading.Event(), threading.Event()
    echt = services.AccountmanagerToewijzing

    class Beheer:
        def filter(self, *a, **k):
            return echt.objects.filter(*a, **k)

        def create(self, **k):
            if getattr(rol, "naam", "") == "toewijzen":
                werkgever_vast.set()  # accountmanager_toewijzen holds the werkgever now
                sweep_schrijft.wait(5)
                time.sleep(0.3)  # the sweep is writing its tijdlijn line of the werkgever now
            return echt.objects.create(**k)

    class Toewijzing:
        objects = Beheer()

    monkeypatch.setattr(services, "AccountmanagerToewijzing", Toewijzing)
    echte_tijdlijn = services.tijdlijn

    def tijdlijn(*a, **k):
        if getattr(rol, "naam", "") == "sweep":
            sweep_schrijft.set()  # the sweep holds its claimed verzoek and now needs the werkgever
        return echte_tijdlijn(*a, **k)

    monkeypatch.setattr(services, "tijdlijn", tijdlijn)

    def eerst():
        rol.naam = "toewijzen"
        toewijzen()

    def sweep():
        rol.naam = "sweep"
        werkgever_vast.wait(5)
        verzoeken_bewaken()

    d1, fouten_toewijzen = in_draad(eerst)
    d2, fouten_sweep = in_draad(sweep)
    d1.join(30)
    d2.join(30)
    return fouten_toewijzen, fouten_sweep


def test_oppakken_while_the_sweep_escalates_another_verzoek_of_the_werkgever(wereld_pg, monkeypatch):
    cache.clear()
    am = wereld_pg.accountmanager
    v0 = verzoek_indienen(**VELDEN_TWEE, contactpersoon="A", telefoon="06 1", email="a@x.example", vraag="eerste")
    verzoek_indienen(**VELDEN_TWEE, contactpersoon="B", telefoon="06 2", email="b@x.example", vraag="tweede")
    verzoek_indienen(**VELDEN_TWEE, contactpersoon="C", telefoon="06 3", email="c@x.example", vraag="derde")
    verzoek_sluiten(verzoek=v0, door=am, reden=Verzoek.Sluitreden.NIET_BEREIKBAAR, toelichting="Niet bereikbaar")
    v1 = Verzoekaanvulling.objects.get(contactpersoon="B").vervolgverzoek
    v2 = Verzoekaanvulling.objects.get(contactpersoon="C").vervolgverzoek
    v0.werkgever.refresh_from_db()
    assert v0.werkgever.accountmanager_id is None and v1.status == v2.status == Verzoek.Status.NIEUW
    Verzoek.objects.filter(pk=v2.pk).update(deadline=timezone.now() - timedelta(hours=1))  # v2 is overdue

    def oppakken():
        verzoek_oppakken(verzoek=v1, accountmanager=am)

    assert _toewijzen_tegen_de_sweep(monkeypatch, oppakken) == ([], [])


def test_assigning_from_the_werkgever_page_while_the_sweep_escalates_its_verzoek(wereld_pg, monkeypatch):
    """Same root (accountmanager_toewijzen: werkgever FOR UPDATE, then the open verzoeken), with ONE open overdue
    verzoek: a coordinator assigns a vaste accountmanager on the werkgever page at the moment the sweep escalates."""
    cache.clear()
    am = wereld_pg.accountmanager
    ander = AccountmanagerFactory(regio=am.regio, voornaam="Bert")
    verzoek = verzoek_indienen(**{**VELDEN_TWEE, "kvk_nummer": "30000083"}, contactpersoon="A", telefoon="06 1",
                               email="a@x.example", vraag="eerste")
    Verzoek.objects.filter(pk=verzoek.pk).update(deadline=timezone.now() - timedelta(hours=1))

    def toewijzen():
        accountmanager_toewijzen(werkgever=verzoek.werkgever, accountmanager=ander, door=am)

    assert _toewijzen_tegen_de_sweep(monkeypatch, toewijzen) == ([], [])


VELDEN_DRIE = dict(bedrijfsnaam="Bouwbedrijf Drie B.V.", kvk_nummer="30000080", adres="Markt 1", postcode="6811 AB",
              plaats="Arnhem", sector="Bouw", aantal_medewerkers=12, kanaal=Verzoek.Kanaal.WEBFORMULIER)


def test_the_form_adds_a_question_while_the_leaving_accountmanagers_verzoek_moves(wereld_pg, monkeypatch):
    cache.clear()
    am = wereld_pg.accountmanager
    verzoek = verzoek_indienen(**VELDEN_DRIE, contactpersoon="A", telefoon="06 1", email="a@x.example", vraag="eerste")
    verzoek_oppakken(verzoek=verzoek, accountmanager=am)

    rol = threading.local()
    verzoek_vast, werkgever_vast = threading.Event(), threading.Event()
    echte_tijdlijn, echte_vraag_van = services.tijdlijn, services._vraag_van

    def tijdlijn(*a, **k):
        if getattr(rol, "naam", "") == "vertrek":
            verzoek_vast.set()  # holds the verzoek FOR UPDATE
            werkgever_vast.wait(5)
            time.sleep(0.3)  # the form now waits on the verzoek
        return echte_tijdlijn(*a, **k)

    def vraag_van(*a, **k):
        if getattr(rol, "naam", "") == "formulier":
            werkgever_vast.set()  # verzoek_indienen holds the werkgever FOR UPDATE
        return echte_vraag_van(*a, **k)

    monkeypatch.setattr(services, "tijdlijn", tijdlijn)
    monkeypatch.setattr(services, "_vraag_van", vraag_van)

    def vertrek():
        rol.naam = "vertrek"
        verzoeken_van_vertrokken_accountmanager(accountmanager=am)

    def formulier():
        rol.naam = "formulier"
        verzoek_vast.wait(5)
        verzoek_indienen(**VELDEN_DRIE, contactpersoon="Bram", telefoon="06 2", email="bram@x.example",
                         vraag="Nog iets")

    d1, fouten_vertrek = in_draad(vertrek)
    d2, fouten_formulier = in_draad(formulier)
    d1.join(30)
    d2.join(30)
    assert fouten_vertrek == [] and fouten_formulier == [], (fouten_vertrek, fouten_formulier)
