"""``beroep_factor``: what each beroep is worth towards a vacature, as arrays, the same as ``engine.score``."""

import random

import pytest

from beroepen.models import BeroepVaardigheid
from beroepen.selectors import beroep_vaardigheden, gedeeld_per_beroep, gedeelde_vaardigheden, vergeet_referentiedata
from beroepen.tests.factories import BeroepFactory, VaardigheidFactory
from matching import engine
from matching.index import beroep_factor, bijhouden

pytestmark = pytest.mark.django_db


@pytest.fixture
def beroepen():
    """Forty beroepen: the first without essential skills, the others with 1-8 from a pool of 25, so that they share
    0 to all of them."""
    rng = random.Random(16)
    pool = [VaardigheidFactory() for _ in range(25)]
    gemaakt = [BeroepFactory() for _ in range(40)]
    BeroepVaardigheid.objects.bulk_create(
        BeroepVaardigheid(beroep=b, vaardigheid=v, essentieel=True)
        for b in gemaakt[1:] for v in rng.sample(pool, rng.randint(1, 8)))
    BeroepVaardigheid.objects.create(beroep=gemaakt[2], vaardigheid=pool[0], essentieel=False)  # not essential
    vergeet_referentiedata()
    bijhouden._FACTOR_CACHE.clear()
    yield gemaakt
    vergeet_referentiedata()
    bijhouden._FACTOR_CACHE.clear()


def _punten_beroep(vacature_beroep, kandidaat_beroep):
    v = engine.VacatureProfiel(id=1, beroep_id=vacature_beroep, lat=None, lon=None, uren=32, vereist=frozenset(),
                               gewenst=frozenset())
    k = engine.KandidaatProfiel(id=1, lat=None, lon=None, max_km=None, uren=None, vaardigheden=frozenset(),
                                beroepen=frozenset({kandidaat_beroep}))
    deel = next(o for o in engine.score(v, k, beroep_vaardigheden=beroep_vaardigheden()).onderdelen
                if o.code == "beroep")
    return deel.punten


def test_every_factor_is_the_float_the_engine_gives_that_beroep(beroepen):
    waarden = set()
    for vacature_beroep in beroepen:
        factor = beroep_factor(vacature_beroep.pk)
        assert len(factor) > max(b.pk for b in beroepen)
        for kandidaat_beroep in beroepen:
            # As the index scores it: the weight times the factor.
            assert engine.STANDAARD_GEWICHTEN["beroep"] * factor[kandidaat_beroep.pk] == _punten_beroep(vacature_beroep.pk, kandidaat_beroep.pk), (
                vacature_beroep.pk, kandidaat_beroep.pk)
            if kandidaat_beroep != vacature_beroep:
                waarden.add(float(factor[kandidaat_beroep.pk]))
    # Unrelated, related and closely related (capped at 1) beroepen all occur.
    assert 0.0 in waarden and 1.0 in waarden and len(waarden) > 10


def test_the_shared_skills_as_arrays_are_the_counts_per_beroep(beroepen):
    per_beroep = beroep_vaardigheden()
    rng = random.Random(7)
    alle = sorted(set().union(*per_beroep.values()))
    for vaardigheden in [set(), {alle[0]}, set(rng.sample(alle, 5)), set(alle), {max(alle) + 1000}]:
        gedeeld, aantallen = gedeeld_per_beroep(vaardigheden)
        verwacht = gedeelde_vaardigheden(vaardigheden)
        assert {int(b): int(n) for b in gedeeld.nonzero()[0] for n in [gedeeld[b]]} == verwacht
        assert {b: int(aantallen[b]) for b in per_beroep} == {b: len(v) for b, v in per_beroep.items()}
        assert aantallen[beroepen[0].pk] == 0


def test_no_beroep_and_a_beroep_id_above_every_other(beroepen):
    assert not beroep_factor(None).any()
    boven = max(b.pk for b in beroepen) + 50  # a beroep added after the reference data was read
    factor = beroep_factor(boven)
    assert len(factor) == boven + 1 and factor[boven] == 1.0 and factor.sum() == 1.0


def test_the_counts_are_of_the_reference_data_the_caller_holds(beroepen):
    eigen = {1: frozenset({10, 11}), 3: frozenset({11, 12, 13})}
    gedeeld, aantallen = gedeeld_per_beroep({11, 12}, eigen)
    assert gedeeld.tolist() == [0, 1, 0, 2] and aantallen.tolist() == [0, 2, 0, 3]


def test_reloaded_reference_data_gives_new_factors(beroepen):
    """After reloading the reference data (``vergeet_referentiedata``, as ``referentiedata_laden`` does) a factor is
    worked out again from the new skills, not taken from the factors of the old data."""
    eerste, tweede = beroepen[1], beroepen[2]
    voor = beroep_factor(eerste.pk)[tweede.pk]
    for vaardigheid in tweede.vaardigheden.all():
        BeroepVaardigheid.objects.get_or_create(beroep=eerste, vaardigheid=vaardigheid, essentieel=True)
    vergeet_referentiedata()
    na = beroep_factor(eerste.pk)[tweede.pk]
    assert na != voor
    assert engine.STANDAARD_GEWICHTEN["beroep"] * na == _punten_beroep(eerste.pk, tweede.pk)
