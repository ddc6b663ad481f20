"""The attention dates of a kandidaat (``Kandidaat.aandacht_vanaf``, ``volgende_evaluatie``): a new kandidaat gets
them in its INSERT, and they are what ``aandacht_bijwerken`` computes."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.tests.factories import gemeente
from werkzoekenden.models import ALTIJD, CONTACT_TERMIJN, Kandidaat, aandacht_bijwerken, kandidaten_toevoegen

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
