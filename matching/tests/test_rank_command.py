"""`manage.py rank`: the ranking with every score part, for scripts and audits."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from beroepen.tests.factories import BeroepFactory
from werkgevers.tests.factories import VacatureFactory
from werkzoekenden.services import toestemming_verlenen
from werkzoekenden.tests.factories import KandidaatFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def opzet(wereld):
    beroep = BeroepFactory(naam="monteur", met_vaardigheden=["VCA", "solderen"])
    vacature = VacatureFactory(werkgever=wereld.werkgever, beroep=beroep, postcode="6811 AB", uren_per_week=36,
                               externe_referentie="VAC-77")
    vacature.vereiste_vaardigheden.set(beroep.vaardigheden.all())
    andere = VacatureFactory(werkgever=wereld.werkgever, titel="Schoonmaker", postcode="6811 AB", uren_per_week=20)
    k = KandidaatFactory(postcode="6812 AA", gewenste_uren=36, externe_referentie="UWV-123")
    k.vaardigheden.set(beroep.vaardigheden.all())
    k.gewenste_beroepen.add(beroep)
    toestemming_verlenen(kandidaat=k, doel="vindbaar", door=wereld.klantmanager)
    return vacature, andere, k


def _json(**opties):
    uit = StringIO()
    call_command("rank", format="json", stdout=uit, **opties)
    return json.loads(uit.getvalue())


def test_by_external_reference_with_every_part(opzet):
    vacature, _andere, k = opzet
    data = _json(vacature="VAC-77", top=5)
    assert data["vacature"] == vacature.pk and data["referentie"] == "VAC-77" and data["kandidaten_bekeken"] == 1
    resultaat = data["resultaten"][0]
    assert resultaat["kandidaat"] == k.pseudoniem and resultaat["vacature"] == vacature.pk
    delen = {o["code"]: o for o in resultaat["onderdelen"]}
    assert delen["vereist"]["uitleg"] == "2 van 2 vereiste vaardigheden" and delen["vereist"]["punten"] == 35
    assert delen["uren"]["uitleg"] == "36 van 36 uur"
    assert round(sum(o["punten"] for o in resultaat["onderdelen"]) * 100
                 / sum(o["maximum"] for o in resultaat["onderdelen"]), 1) == resultaat["totaal"]


def test_vacatures_for_a_kandidaat(opzet):
    vacature, andere, k = opzet
    data = _json(kandidaat="UWV-123")
    assert data["kandidaat"] == k.pseudoniem and data["vacatures_bekeken"] == 2
    assert [r["vacature"] for r in data["resultaten"]] == [vacature.pk, andere.pk]
    assert _json(kandidaat=str(k.pk))["resultaten"] == data["resultaten"]  # by number as well
    assert _json(kandidaat=k.pseudoniem)["resultaten"] == data["resultaten"]  # and by pseudonym


def test_text_format_lists_the_parts(opzet):
    uit = StringIO()
    call_command("rank", vacature="VAC-77", stdout=uit)
    tekst = uit.getvalue()
    assert "1 vindbare kandidaten" in tekst and "vereist" in tekst and "2 van 2 vereiste vaardigheden" in tekst


@pytest.mark.parametrize("opties, melding", [
    ({"vacature": "BESTAAT-NIET"}, "Vacature 'BESTAAT-NIET' bestaat niet"),
    ({"kandidaat": "999999"}, "Kandidaat '999999' bestaat niet"),
    ({"vacature": "VAC-77", "top": 0}, "--top moet tussen 1 en 1000 liggen"),
])
def test_bad_input_gets_a_dutch_message(opzet, opties, melding):
    with pytest.raises(CommandError, match=melding):
        call_command("rank", **opties)
