"""Generated people never carry the first name of a person the tests make by name, nor a surname a page escapes;
the regions and gemeenten the factories use are read once per test."""

import html
import re
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Gemeente
from accounts.tests.factories import VOORNAMEN_VAN_DE_TESTWERELD, UserFactory, gemeente, vergeet_referenties
from conftest import Wereld
from werkzoekenden.tests.factories import KandidaatFactory


@pytest.mark.django_db
def test_generated_people_never_get_a_first_name_of_the_test_world():
    """ondersteuning/tests/test_views.py checked that a klantmanager of another region sees nothing of Willem, and
    failed in CI when that generated klantmanager was called Willem (Faker's Dutch names include Willem, Zara and
    Pim, each about one in 500). 2,500 of each: with Faker's names as they were, ~15 such names expected."""
    gebruikers = UserFactory.build_batch(2500, organisatie=None, regio=None)
    kandidaten = KandidaatFactory.build_batch(2500)
    namen = {p.voornaam for p in gebruikers + kandidaten}
    assert len(namen) > 100  # still Faker's variety of Dutch first names
    assert not namen & VOORNAMEN_VAN_DE_TESTWERELD


@pytest.mark.django_db
def test_generated_people_have_surnames_a_page_shows_as_they_are():
    """tests/test_beheerlijst.py and tests/test_query_counts.py look for a generated person's name in a page, and
    failed when Faker gave "van 't Houteveen": the page says "van &#x27;t Houteveen". About 25 in 5,000 of Faker's
    Dutch surnames have an apostrophe."""
    mensen = UserFactory.build_batch(2500, organisatie=None, regio=None) + KandidaatFactory.build_batch(2500)
    namen = {p.achternaam for p in mensen}
    assert len(namen) > 100
    assert [naam for naam in namen if html.escape(naam) != naam] == []


@pytest.mark.django_db
def test_a_test_reads_each_region_and_gemeente_of_the_factories_once():
    """The wereld read its region and gemeente again for each of the dozen people and companies it made (12 of its
    46 queries)."""
    with CaptureQueriesContext(connection) as queries:
        Wereld()
    gelezen = Counter(q["sql"] for q in queries.captured_queries
                      if re.search(r'FROM "accounts_(gemeente|arbeidsmarktregio)"', q["sql"])
                      and not q["sql"].startswith("SELECT 1"))
    assert gelezen and max(gelezen.values()) == 1, gelezen


@pytest.mark.django_db
def test_what_one_changes_on_a_region_or_gemeente_of_the_factories_is_not_what_the_next_gets():
    eerste = gemeente()
    eerste.naam = "Alleen hier"
    assert gemeente().naam != "Alleen hier"
    assert gemeente().regio is not gemeente().regio
    # Saved, it is read again.
    eerste.save()
    assert gemeente().naam == "Alleen hier"
    Gemeente.objects.filter(pk=eerste.pk).update(naam="Bijgewerkt")
    vergeet_referenties()  # what conftest.verse_cache does before each test
    assert gemeente().naam == "Bijgewerkt"
