"""The test processes run with the cycle collector tuned (root conftest.py): what exists after collection is frozen
and young objects are collected less often. A full collection over everything a run holds took a quarter of a
second each time, dozens of times per process."""

import gc

from conftest import GC_DREMPELS


def test_wat_na_het_verzamelen_bestaat_is_bevroren():
    assert gc.get_freeze_count() > 10_000


def test_jonge_objecten_niet_na_elke_700_toewijzingen():
    assert gc.get_threshold() == GC_DREMPELS
