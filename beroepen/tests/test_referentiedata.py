"""Loading ESCO: every skill, Dutch where ESCO has it, English (marked) where it does not."""

import pytest

from beroepen.models import BeroepVaardigheid, Vaardigheid
from beroepen.referentiedata import laad_beroepen_en_vaardigheden
from beroepen.selectors import vaardigheden_zoeken

pytestmark = pytest.mark.django_db

MUSICAL_STAFF = "http://data.europa.eu/esco/skill/0005c151-5b5a-4a66-8aac-60e734beb1ab"  # no Dutch label


def test_every_esco_skill_is_loaded_english_ones_marked_and_findable():
    beroepen, vaardigheden, relaties = laad_beroepen_en_vaardigheden()
    # Before: 7,097 skills (only those with a Dutch label), 42% of essential skills unknown.
    assert vaardigheden == Vaardigheid.objects.count() == 14028
    assert Vaardigheid.objects.filter(alleen_engels=False).count() == 7097
    engels = Vaardigheid.objects.get(uri=MUSICAL_STAFF)
    assert engels.naam == engels.naam_en == "manage musical staff" and engels.alleen_engels
    assert str(engels) == "manage musical staff (Engels)"
    nederlands = Vaardigheid.objects.filter(alleen_engels=False).exclude(naam_en="").first()
    assert str(nederlands) == nederlands.naam != nederlands.naam_en
    # Real occupations now know all their essential skills that ESCO links.
    assert BeroepVaardigheid.objects.filter(essentieel=True, vaardigheid__alleen_engels=True).count() > 5000

    # Search finds a skill by its English name too, and puts Dutch names first.
    assert nederlands in vaardigheden_zoeken(nederlands.naam_en)
    assert engels in vaardigheden_zoeken("musical staff")
    gevonden = list(vaardigheden_zoeken("musical", limit=200))
    assert any(v.alleen_engels for v in gevonden) and not any(v.alleen_engels for v in gevonden[:3])
    assert [v.alleen_engels for v in gevonden] == sorted(v.alleen_engels for v in gevonden)

    # Loading twice changes nothing, and puts back what was changed by hand.
    Vaardigheid.objects.filter(pk=engels.pk).update(naam="iets anders", alleen_engels=False)
    assert laad_beroepen_en_vaardigheden() == (beroepen, vaardigheden, relaties)
    engels.refresh_from_db()
    assert engels.naam == "manage musical staff" and engels.alleen_engels
