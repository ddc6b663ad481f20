"""Fairness: age, gender, nationality, origin and health never enter the score.

The portal stores no age, gender, nationality or origin; what could stand in for them (names, e-mail, the
other languages someone speaks, the story in their own words) and health (actions in the plan van aanpak
about health or care) is changed here for every kandidaat, and no ranking may move by a hair.
"""

import random

import pytest

from matching.ranking import kandidaten_voor_vacature, vacatures_voor_kandidaat
from matching.tests.test_index import _bevolking_van_de_module, bevolking_eenmaal  # noqa: F401 - fixtures
from werkzoekenden.models import Kandidaat
from werkzoekenden.services import actie_toevoegen

# The shared population of test_index, built once for this module too: its tests change it only inside their own
# savepoint.
pytestmark = pytest.mark.django_db

NAMEN = [("Mohammed", "El Idrissi"), ("Anna", "Kowalska"), ("Jan", "de Vries"), ("Fatma", "Yilmaz"),
         ("Priya", "Ramdin"), ("Kees", "Bakker")]


def _rangschikkingen(vacatures, kandidaten):
    per_vacature = [[(r.kandidaat_id, r.totaal) for r in kandidaten_voor_vacature(
        v, top=1000, heel_nederland=True, filters=None).resultaten] for v in vacatures]
    per_kandidaat = [[(r.vacature_id, r.totaal) for r in vacatures_voor_kandidaat(k, heel_nederland=True).resultaten]
                     for k in kandidaten[:20]]
    return per_vacature, per_kandidaat


def test_nothing_personal_moves_a_ranking(bevolking_eenmaal):  # noqa: F811
    wereld, (kandidaten, vacatures) = bevolking_eenmaal
    voor = _rangschikkingen(vacatures, kandidaten)
    rng = random.Random(3)
    for k in Kandidaat.objects.all():
        k.voornaam, k.achternaam = rng.choice(NAMEN)
        k.email = f"{k.voornaam.lower()}.{k.pk}@voorbeeld.nl"
        k.telefoon = "06 11112222"
        # Other languages than Dutch say something about origin: they must not count.
        k.talen = k.talen.replace("Pools", "Arabisch, Turks") if "Pools" in k.talen else (
            k.talen + ", Tigrinya" if k.talen else "")
        k.samenvatting = rng.choice(["Ik ben 58 en heb een hernia gehad.", "Moeder van drie, gevlucht uit Syrië.",
                                     "Jonge man, net afgestudeerd.", ""])
        k.save()
        if rng.random() < 0.5:
            actie_toevoegen(kandidaat=k, door=wereld.klantmanager, levensdomein="gezondheid",
                            doel="Fysiotherapie afronden", omschrijving="Twee keer per week naar de fysio",
                            eigenaar="ik")
    assert _rangschikkingen(vacatures, kandidaten) == voor


def test_the_dutch_language_level_does_count_where_the_vacature_asks_for_it(bevolking_eenmaal):  # noqa: F811
    """The control: the test above would notice a change, because a real criterion does move rankings."""
    _wereld, (_kandidaten, vacatures) = bevolking_eenmaal
    vacature = next(v for v in vacatures if v.taalniveau == "B1")
    voor = [r.kandidaat_id for r in kandidaten_voor_vacature(vacature, top=1000, heel_nederland=True).resultaten]
    Kandidaat.objects.filter(pk__in=voor[:10]).update(talen="")
    for k in Kandidaat.objects.filter(pk__in=voor[:10]):
        k.save()
    na = [r.kandidaat_id for r in kandidaten_voor_vacature(vacature, top=1000, heel_nederland=True).resultaten]
    assert na != voor
