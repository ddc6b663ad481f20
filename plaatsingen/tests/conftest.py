"""Anja's running proefplaatsing (``Wereld.met_plaatsing``) built once per test module, for the tests that start from
it (``w``): the whole service chain with its two overeenkomst PDFs took most of each such test's time. And the clock
those tests stand on (``klok``)."""

import copy
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from conftest import Wereld, een_keer_per_module

# The clock the plaatsingen tests stand on (their ``klok``): Monday 2 March 2026, 08:00 in Amsterdam.
STAAT_STIL_OP = datetime(2026, 3, 2, 8, tzinfo=ZoneInfo("Europe/Amsterdam"))


@pytest.fixture(scope="module")
def _plaatsing_van_de_module(django_db_setup, django_db_blocker):
    with een_keer_per_module(django_db_blocker):
        with django_db_blocker.unblock(), time_machine.travel(STAAT_STIL_OP, tick=False):
            wereld = Wereld().met_plaatsing()
        yield wereld


@pytest.fixture
def plaatsing_eenmaal(db, _plaatsing_van_de_module):
    """The module's wereld with its plaatsing, in a savepoint of the test (conftest.een_keer_per_module); a copy of
    the Python objects for each test: what one test caches on them is gone for the next."""
    return copy.deepcopy(_plaatsing_van_de_module)


@pytest.fixture
def klok():
    with time_machine.travel(STAAT_STIL_OP, tick=False) as traveller:
        yield traveller


@pytest.fixture
def w(klok, plaatsing_eenmaal):
    """Anja Roest in a signed, running proefplaatsing from 2 March up to 1 May 2026."""
    return plaatsing_eenmaal
