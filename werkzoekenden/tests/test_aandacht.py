"""The attention dates of a kandidaat (``Kandidaat.aandacht_vanaf``, ``volgende_evaluatie``): a new kandidaat gets
them in its INSERT, and they are what ``aandacht_bijwerken`` computes."""

from datetime import date, datetime, timedelta

import lxml.html
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.translation import override

from accounts.tests.factories import WerkzoekendeUserFactory, gemeente
from werkzoekenden.models import ALTIJD, CONTACT_TERMIJN, Actie, Kandidaat, aandacht_bijwerken, kandidaten_toevoegen
from werkzoekenden.services import actie_toevoegen, evaluatiedatum_instellen
from werkzoekenden.tests.factories import KandidaatFactory

pytestmark = pytest.mark.django_db


def _nieuw(**velden):
    g = gemeente()
    return Kandidaat(voornaam="Nieuw", achternaam="de Kandidaat", postcode="6822 AB", gemeente=g, regio=g.regio,
                     **velden)


def _onveranderd_door_aandacht_bijwerken(kandidaten):
    """``aandacht_bijwerken`` reads them and finds nothing to write."""
    with CaptureQueriesContext(connection) as queries:
        aandacht_bijwerken([k.pk for k in kandidaten])
    return [q["sql"] for q in queries.captured_queries if not q["sql"].lstrip().upper().startswith("SELECT")]


@pytest.mark.parametrize("contact", [None, date(2026, 11, 2)])
def test_a_new_kandidaat_gets_its_attention_dates_in_its_insert(contact):
    """Saved, a new kandidaat cost four queries: the pseudonym check, the INSERT, then ``aandacht_bijwerken``'s read
    and UPDATE. Its dates follow from the last contact alone (a plan and actions come after it), so two."""
    kandidaat = _nieuw(laatste_contact_op=contact)
    with CaptureQueriesContext(connection) as queries:
        kandidaat.save()
    assert [q["sql"].split()[0] for q in queries.captured_queries] == ["SELECT", "INSERT"]
    kandidaat.refresh_from_db()
    assert kandidaat.aandacht_vanaf == (ALTIJD if contact is None else date(2026, 11, 3) + CONTACT_TERMIJN)
    assert kandidaat.volgende_evaluatie is None
    assert _onveranderd_door_aandacht_bijwerken([kandidaat]) == []


def test_kandidaten_added_together_get_the_same_dates_without_a_read_afterwards():
    nieuw = [_nieuw(laatste_contact_op=contact) for contact in (None, date(2026, 10, 1), date(2026, 11, 20))]
    with CaptureQueriesContext(connection) as queries:
        kandidaten_toevoegen(nieuw)
    assert [q["sql"].split()[0] for q in queries.captured_queries] == ["SELECT", "INSERT"]
    assert {k.aandacht_vanaf for k in Kandidaat.objects.filter(pk__in=[k.pk for k in nieuw])} == {
        ALTIJD, date(2026, 10, 2) + CONTACT_TERMIJN, date(2026, 11, 21) + CONTACT_TERMIJN}
    assert _onveranderd_door_aandacht_bijwerken(nieuw) == []


def test_a_saved_kandidaat_still_gets_its_dates_recomputed():
    kandidaat = _nieuw()
    kandidaat.save()
    kandidaat.laatste_contact_op = date(2026, 11, 2)
    kandidaat.save(update_fields=["laatste_contact_op"])
    kandidaat.refresh_from_db()
    assert kandidaat.aandacht_vanaf == date(2026, 11, 3) + CONTACT_TERMIJN


def test_a_contact_date_given_as_text_counts_as_the_date_it_is_stored_as():
    kandidaat = _nieuw(laatste_contact_op="2026-11-02")
    kandidaat.save()
    kandidaat.refresh_from_db()
    assert kandidaat.aandacht_vanaf == date(2026, 11, 3) + CONTACT_TERMIJN


def _aandacht_per_naam(html):
    """The text of the "Aandacht" cell of each row of the caseload, by the kandidaat's first name."""
    rijen = {}
    for rij in lxml.html.fromstring(html).xpath("//tbody/tr"):
        (cel,) = rij.xpath('td[@data-kolom="Aandacht"]')
        rijen[rij.xpath("th/a")[0].text_content().split()[0]] = " ".join(cel.text_content().split())
    return rijen


def test_each_row_of_the_caseload_names_why_it_needs_attention(client, wereld):
    """Exploratory test: "21 kandidaten vragen aandacht", and the rows with no contact for over a month said nothing
    of why. Each row names every rule that holds for it today, with its date; a row that needs nothing says nothing."""
    km = wereld.klantmanager
    vandaag = date(2026, 12, 4)

    def maken(**velden):  # invited: an account
        return KandidaatFactory(**{"klantmanager": km, "account": WerkzoekendeUserFactory(), **velden})

    def actie(kandidaat, uiterlijk):
        actie_toevoegen(kandidaat=kandidaat, door=km, levensdomein="werk", doel="Werk vinden", omschrijving="Bellen",
                        eigenaar=Actie.Eigenaar.IK, uiterlijk=uiterlijk)

    with time_machine.travel(datetime(2026, 11, 20, 10, tzinfo=timezone.get_current_timezone()), tick=False):
        maken(voornaam="Stil", laatste_contact_op=vandaag - timedelta(days=40))
        maken(voornaam="Nooit", laatste_contact_op=None)
        maken(voornaam="Grens", laatste_contact_op=vandaag - CONTACT_TERMIJN)  # 30 days: not yet
        actie(maken(voornaam="Laat", laatste_contact_op=vandaag), vandaag - timedelta(days=1))
        actie(maken(voornaam="Vandaag", laatste_contact_op=vandaag), vandaag)  # due today: not late yet
        evaluatiedatum_instellen(kandidaat=maken(voornaam="Evaluatie", laatste_contact_op=vandaag), door=km,
                                 evaluatiedatum=vandaag)
        evaluatiedatum_instellen(kandidaat=maken(voornaam="Later", laatste_contact_op=vandaag), door=km,
                                 evaluatiedatum=vandaag + timedelta(days=1))
        maken(voornaam="Rustig", laatste_contact_op=vandaag)
        actie(maken(voornaam="Alles", laatste_contact_op=date(2025, 12, 1), account=None), vandaag - timedelta(days=3))
    client.force_login(km)
    with time_machine.travel(datetime(2026, 12, 4, 10, tzinfo=timezone.get_current_timezone()), tick=False), \
            override("nl"):
        aandacht = _aandacht_per_naam(client.get("/klantmanager/").content)
        contact = _aandacht_per_naam(client.get("/klantmanager/", {"aandacht": "contact"}).content)
    assert aandacht["Stil"] == "geen contact sinds 25 okt"
    assert aandacht["Nooit"] == "nog nooit contact"
    assert aandacht["Laat"] == "acties over datum"
    assert aandacht["Evaluatie"] == "evaluatie 4 dec"
    assert aandacht["Alles"] == "geen contact sinds 1 dec 2025 acties over datum nog niet uitgenodigd"
    for naam in ("Grens", "Vandaag", "Later", "Rustig"):
        assert aandacht[naam] == "", naam
    # the filter on contact lists those the rows name for it
    assert {"Stil", "Nooit", "Alles"} <= set(contact)
    assert all(cel.startswith(("geen contact sinds", "nog nooit contact")) for cel in contact.values())
