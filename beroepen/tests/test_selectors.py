"""Resolving typed beroep names and work history lines (the dossier's "breder kijken" reads up to 20 lines)."""

import pytest

from beroepen.selectors import beroep_bij_naam, beroepen_uit_werkervaring, vergeet_referentiedata
from beroepen.tests.factories import BeroepFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def beroepen():
    return {
        "admin": BeroepFactory(naam="Administratief medewerker", synoniemen="kantoormedewerker\nBaliemedewerker"),
        "behanger": BeroepFactory(naam="Behanger", synoniemen="wandafwerker"),
        # "Kantoormedewerker" is also a name of its own: the name wins over admin's synonym.
        "kantoor": BeroepFactory(naam="Kantoormedewerker", synoniemen=""),
        # Two beroepen share a synonym: the first by name.
        "aa": BeroepFactory(naam="Aannemer", synoniemen="bouwer"),
        "zz": BeroepFactory(naam="Zelfbouwer", synoniemen="bouwer"),
    }


def test_a_name_in_any_case_then_an_exact_synonym_never_a_part(beroepen):
    assert beroep_bij_naam("  administratief MEDEWERKER ") == beroepen["admin"]
    assert beroep_bij_naam("baliemedewerker") == beroepen["admin"]
    assert beroep_bij_naam("kantoormedewerker") == beroepen["kantoor"]
    assert beroep_bij_naam("bouwer") == beroepen["aa"]
    assert beroep_bij_naam("medewerker") is None  # part of a name, not a name
    assert beroep_bij_naam("wand") is None  # part of a synonym
    assert beroep_bij_naam("") is None


def test_work_history_of_twenty_lines_is_resolved_without_a_query_per_line(beroepen, django_assert_num_queries):
    regels = ["Administratief medewerker bij een verzekeraar (12 jaar)", "Wandafwerker, zelfstandig",
              "Vakkenvuller bij de Jumbo", "bouwer: twee jaar"] * 5
    beroepen_uit_werkervaring("kantoormedewerker")  # the names are read once per process
    with django_assert_num_queries(0):
        gevonden = beroepen_uit_werkervaring("\n".join(regels))
    assert gevonden == {beroepen["admin"].pk, beroepen["behanger"].pk, beroepen["aa"].pk}


def test_reloading_the_reference_data_sees_a_new_beroep(beroepen):
    assert beroep_bij_naam("Stukadoor") is None
    stukadoor = BeroepFactory(naam="Stukadoor")
    vergeet_referentiedata()  # what referentiedata_laden does after loading
    assert beroep_bij_naam("stukadoor") == stukadoor


def test_a_name_without_accents_that_fits_two_beroepen_finds_neither():
    """Before: "cafe medewerker" (neither name exactly) silently became whichever of the two came first by name."""
    cafe = BeroepFactory(naam="café medewerker")
    BeroepFactory(naam="cafe-medewerker")
    kok = BeroepFactory(naam="kok", synoniemen="pâtissier-kok\npatissier kok")
    assert beroep_bij_naam("Cafe medewerker") is None
    assert beroep_bij_naam("café medewerker") == cafe  # the exact name still wins
    # One beroep under several forms (a synonym with and one without accents) is not a choice.
    assert beroep_bij_naam("Pâtissier kok") == kok
