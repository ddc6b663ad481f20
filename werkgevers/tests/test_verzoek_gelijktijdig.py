"""A verzoek that ends (contact recorded, closed without contact) while the public form adds a question to it at the
same moment. Real concurrency on PostgreSQL (threads, own connections). The form locks the werkgever, finds the open
verzoek and adds the question (whose foreign key takes a share lock on the verzoek); ending the verzoek locked the
verzoek first and then the werkgever: the opposite order, and PostgreSQL cancelled one of the two (the accountmanager's
work or the asker's question lost, a server error)."""

import threading
import time

import pytest
from django.core.cache import cache
from django.db import transaction

from tests.gelijktijdig import in_draad
from werkgevers import emails
from werkgevers.models import Verzoek, Verzoekaanvulling
from werkgevers.services import verzoek_contact_opgenomen, verzoek_indienen, verzoek_sluiten

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
