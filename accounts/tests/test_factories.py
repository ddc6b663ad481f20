"""Generated people never carry the first name of a person the tests make by name."""

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
