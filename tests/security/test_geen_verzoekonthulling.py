"""The public form "Hulp bij personeel" does not tell whether a company has asked the WSP for help, nor whether the
WSP knows it. A KvK-nummer is public, so anyone could type one and read the answer; of an eenmanszaak it is a
person's business with the gemeente (AVG). Before, a second request while one was open got "Voor dit KvK-nummer
loopt al een verzoek ...", and the confirmation mail of a known company named its vaste accountmanager.

The accountmanager who types in a phone call (``verzoek_telefoon``) is still told plainly (staff; see
``werkgevers/tests/test_services.py``).
"""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from werkgevers.models import Verzoek, Werkgever
from werkgevers.services import verzoek_indienen
from werkgevers.tests.factories import WerkgeverFactory

pytestmark = pytest.mark.django_db

FORMULIER = {
    "bedrijfsnaam": "Timmerbedrijf Rijnoever", "adres": "Markt 1", "postcode": "6811 AB", "plaats": "Arnhem",
    "sector": "Bouw", "aantal_medewerkers": "3", "contactpersoon": "Piet Jansen", "telefoon": "026 1234567",
    "vraag": "Twee timmerlieden per 1 juni", "website": "",
}


def _zonder(html):
    return re.sub(r'(X-CSRFToken": "|value="|data-csrf=")[^"]+', r"\1", html)


def test_the_help_form_answers_alike_whether_or_not_a_verzoek_is_open(client, wereld,
                                                                       django_capture_on_commit_callbacks):
    """Three KvK-nummers: one the WSP does not know, a werkgever with a vaste accountmanager and no open verzoek,
    and one whose verzoek is open. The same status, page and mail (subject, text and HTML) for each."""
    cache.clear()  # the form counts submissions per address
    open_werkgever = wereld.werkgever
    with time_machine.travel(datetime(2026, 6, 1, 9, 0, tzinfo=ZoneInfo("Europe/Amsterdam")), tick=False):
        gegevens = {k: v for k, v in FORMULIER.items() if k != "website"}
        verzoek_indienen(**{**gegevens, "aantal_medewerkers": 3, "email": "eerder@example.nl",
                            "vraag": "Eerdere vraag"},
                         kvk_nummer=open_werkgever.kvk_nummer, kanaal=Verzoek.Kanaal.WEBFORMULIER)
    bekend = WerkgeverFactory(accountmanager=wereld.accountmanager, regio=open_werkgever.regio)
    assert not Werkgever.objects.filter(kvk_nummer="87650001").exists()
    mail.outbox.clear()

    antwoorden = []
    with time_machine.travel(datetime(2026, 6, 1, 15, 0, tzinfo=ZoneInfo("Europe/Amsterdam")), tick=False):
        for i, kvk in enumerate(("87650001", bekend.kvk_nummer, open_werkgever.kvk_nummer)):
            adres = f"vrager{i}@example.nl"
            with django_capture_on_commit_callbacks(execute=True):
                antwoord = client.post(reverse("verzoek_indienen"), {**FORMULIER, "kvk_nummer": kvk, "email": adres},
                                       follow=True)
            mails = [(m.subject, m.body, [inhoud for inhoud, _soort in m.alternatives]) for m in mail.outbox
                     if m.to == [adres]]
            antwoorden.append((antwoord.status_code, antwoord.redirect_chain, _zonder(antwoord.content.decode()),
                               mails))
    assert antwoorden[0][0] == 200 and antwoorden[0][1] == [(reverse("verzoek_bedankt"), 302)]
    assert len(antwoorden[0][3]) == 1 and "uiterlijk dinsdag 15:00" in antwoorden[0][3][0][1]
    assert antwoorden[0] == antwoorden[1] == antwoorden[2]
    # No second verzoek in the queue for the company that has one open.
    assert Verzoek.objects.filter(werkgever=open_werkgever).count() == 1
