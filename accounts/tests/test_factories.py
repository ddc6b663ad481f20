"""Generated people never carry the first name of a person the tests make by name, nor a surname a page escapes."""

import html

import pytest

from accounts.tests.factories import VOORNAMEN_VAN_DE_TESTWERELD, UserFactory
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
