"""The score parts on hand-made cases, and fairness: nothing personal can change a ranking."""

from datetime import date

import pytest

from matching.engine import KandidaatProfiel, VacatureProfiel, afstand_km, rangschik, score
from werkzoekenden.models import Kandidaat

ARNHEM = (51.98, 5.91)
NIJMEGEN = (51.84, 5.86)  # about 16 km
ZWOLLE = (52.51, 6.09)  # about 60 km
VCA, LEIDING, SOLDEREN, TEKENING = 1, 2, 3, 4
NAMEN = {VCA: "VCA", LEIDING: "leidingen leggen", SOLDEREN: "solderen", TEKENING: "tekening lezen"}


def vacature(**extra):
    waarden = dict(id=1, beroep_id=10, lat=ARNHEM[0], lon=ARNHEM[1], uren=36,
                   vereist=frozenset({VCA, LEIDING, SOLDEREN, TEKENING}), gewenst=frozenset())
    waarden.update(extra)
    return VacatureProfiel(**waarden)


def kandidaat(**extra):
    waarden = dict(id=7, lat=NIJMEGEN[0], lon=NIJMEGEN[1], max_km=25, uren=32,
                   vaardigheden=frozenset({LEIDING, SOLDEREN, TEKENING}), beroepen=frozenset({10}))
    waarden.update(extra)
    return KandidaatProfiel(**waarden)


def uitleg(resultaat, code):
    return next(o.uitleg for o in resultaat.onderdelen if o.code == code)


def test_explanations_in_words():
    r = score(vacature(), kandidaat(), namen=NAMEN, beroepnamen={10: "monteur"})
    assert uitleg(r, "vereist") == "3 van 4 vereiste vaardigheden (mist: VCA)"
    assert uitleg(r, "afstand") == "16 km (max 25)"
    assert uitleg(r, "uren") == "32 van 36 uur"
    assert uitleg(r, "beroep") == "Zoekt werk als monteur"


def test_a_missing_required_skill_weighs_heavily():
    alles = score(vacature(), kandidaat(vaardigheden=frozenset({VCA, LEIDING, SOLDEREN, TEKENING})))
    een_mist = score(vacature(), kandidaat())
    twee_mist = score(vacature(), kandidaat(vaardigheden=frozenset({LEIDING, SOLDEREN})))
    verlies_1, verlies_2 = alles.totaal - een_mist.totaal, een_mist.totaal - twee_mist.totaal
    assert verlies_1 > 10 and verlies_2 > 5


def test_distance_beyond_the_kandidaats_maximum_scores_nothing():
    r = score(vacature(), kandidaat(lat=ZWOLLE[0], lon=ZWOLLE[1]))
    afstand = next(o for o in r.onderdelen if o.code == "afstand")
    assert afstand.punten == 0 and afstand.uitleg.endswith("km (max 25)")
    assert 55 < afstand_km(*ARNHEM, *ZWOLLE) < 65


def test_related_occupation_by_shared_skills():
    beroep_vaardigheden = {10: frozenset({1, 2, 3, 4}), 20: frozenset({2, 3, 4, 5}), 30: frozenset({8, 9})}
    verwant = score(vacature(), kandidaat(beroepen=frozenset({20})), beroep_vaardigheden=beroep_vaardigheden,
                    beroepnamen={20: "loodgieter"})
    vreemd = score(vacature(), kandidaat(beroepen=frozenset({30})), beroep_vaardigheden=beroep_vaardigheden)
    assert uitleg(verwant, "beroep") == "Verwant aan loodgieter (3 gedeelde vaardigheden)"
    assert uitleg(vreemd, "beroep") == "Niet het gezochte beroep"
    assert verwant.totaal > vreemd.totaal


def test_one_shared_skill_is_written_in_the_singular():
    """"Verwant aan loodgieter (1 gedeelde vaardigheden)" on "Wie past erbij?"."""
    beroep_vaardigheden = {10: frozenset({1, 2, 3, 4}), 20: frozenset({4, 5, 6})}
    verwant = score(vacature(), kandidaat(beroepen=frozenset({20})), beroep_vaardigheden=beroep_vaardigheden,
                    beroepnamen={20: "loodgieter"})
    assert uitleg(verwant, "beroep") == "Verwant aan loodgieter (1 gedeelde vaardigheid)"


def test_rijbewijs_and_start_date():
    r = score(vacature(rijbewijs="B", startdatum=date(2027, 1, 1)),
              kandidaat(rijbewijs="", beschikbaar_per=date(2027, 3, 1)))
    assert uitleg(r, "rijbewijs") == "Rijbewijs B nodig, heeft het niet"
    assert uitleg(r, "start") == "Pas later beschikbaar"


def test_ranking_is_best_first_and_stable():
    kandidaten = [kandidaat(id=i, uren=u) for i, u in [(3, 20), (1, 36), (2, 36)]]
    assert [r.kandidaat_id for r in rangschik(vacature(), kandidaten, top=2)] == [1, 2]


def test_fairness_nothing_personal_exists_to_enter_the_score():
    """Age, gender, nationality, origin and health are not stored, and a profile has no field for them;
    the name (a proxy for origin) is not in a profile either, so renaming changes nothing."""
    verboden = {"geboortedatum", "leeftijd", "geslacht", "nationaliteit", "herkomst", "gezondheid"}
    assert not verboden & {f.name for f in Kandidaat._meta.get_fields()}
    assert not verboden & set(KandidaatProfiel.__dataclass_fields__)
    assert not {"voornaam", "achternaam", "email"} & set(KandidaatProfiel.__dataclass_fields__)


@pytest.mark.parametrize("weging", [{"afstand": 0}, {"vereist": 100}])
def test_weights_change_the_balance(weging):
    dichtbij_weinig = kandidaat(id=1, vaardigheden=frozenset({LEIDING}))
    ver_alles = kandidaat(id=2, lat=ZWOLLE[0], lon=ZWOLLE[1], max_km=80,
                          vaardigheden=frozenset({VCA, LEIDING, SOLDEREN, TEKENING}))
    assert rangschik(vacature(), [dichtbij_weinig, ver_alles], gewichten=weging)[0].kandidaat_id == 2


@pytest.mark.django_db
def test_rank_command_json_with_consent_rules(wereld):
    import json
    from io import StringIO

    from django.core.management import call_command

    from beroepen.tests.factories import BeroepFactory
    from werkgevers.tests.factories import VacatureFactory
    from werkzoekenden.services import toestemming_intrekken, toestemming_verlenen
    from werkzoekenden.tests.factories import KandidaatFactory

    beroep = BeroepFactory(naam="monteur", met_vaardigheden=["VCA", "solderen"])
    vacature = VacatureFactory(werkgever=wereld.werkgever, beroep=beroep, postcode="6811 AB", uren_per_week=36)
    vacature.vereiste_vaardigheden.set(beroep.vaardigheden.all())
    goed = KandidaatFactory(postcode="6812 AA", gewenste_uren=36, max_reisafstand_km=25)
    goed.vaardigheden.set(beroep.vaardigheden.all())
    goed.gewenste_beroepen.add(beroep)
    matig = KandidaatFactory(postcode="6812 AA", gewenste_uren=20)
    verborgen = KandidaatFactory(postcode="6812 AA")
    vindbaar = [toestemming_verlenen(kandidaat=k, doel="vindbaar", door=wereld.klantmanager) for k in (goed, matig)]
    toestemming_verlenen(kandidaat=verborgen, doel="vindbaar", door=wereld.klantmanager)
    toestemming_intrekken(toestemming=verborgen.toestemmingen.get(), door=wereld.klantmanager)
    uit = StringIO()
    call_command("rank", vacature=str(vacature.pk), top=25, format="json", stdout=uit)
    data = json.loads(uit.getvalue())
    namen = [r["kandidaat"] for r in data["resultaten"]]
    assert namen == [goed.pseudoniem, matig.pseudoniem]  # the withdrawn one is not findable
    onderdelen = {o["code"]: o["uitleg"] for o in data["resultaten"][0]["onderdelen"]}
    assert onderdelen["vereist"] == "2 van 2 vereiste vaardigheden" and onderdelen["beroep"] == "Zoekt werk als monteur"
    assert vindbaar


def test_contract_language_and_doelgroep_parts():
    from matching.engine import taalniveau_nederlands

    r = score(vacature(contracttype="vast", taalniveau=3, open_doelgroepregister=True),
              kandidaat(contracttype="tijdelijk", taalniveau=2, doelgroepregister=True))
    assert uitleg(r, "contract") == "Zoekt een tijdelijk contract, dit is een vast contract"
    assert uitleg(r, "taal") == "Nederlands A2 (gevraagd B1)"
    assert uitleg(r, "doelgroep") == "Werkgever staat open voor het doelgroepregister"
    punten = {o.code: o.punten for o in r.onderdelen}
    assert punten["contract"] == 0 and punten["taal"] == 0 and punten["doelgroep"] == 5
    onbekend = score(vacature(taalniveau=3), kandidaat())
    assert uitleg(onbekend, "taal") == "Niveau Nederlands onbekend (gevraagd B1)"
    # A part that does not apply is left out, so it neither helps nor hurts.
    zonder = score(vacature(), kandidaat(contracttype="vast", doelgroepregister=True))
    assert not {"contract", "taal", "doelgroep"} & {o.code for o in zonder.onderdelen}
    assert taalniveau_nederlands("Pools, Nederlands B2") == 4
    assert taalniveau_nederlands("nederlands (moedertaal), Engels") == 6
    assert taalniveau_nederlands("Engels C1") == 0


def test_a_werkgever_closed_to_the_register_scores_it_as_a_mismatch_only_for_those_in_it():
    dicht = vacature(open_doelgroepregister=False)
    in_register = score(dicht, kandidaat(doelgroepregister=True))
    assert uitleg(in_register, "doelgroep") == "Werkgever staat niet open voor het doelgroepregister"
    assert "doelgroep" not in {o.code for o in score(dicht, kandidaat()).onderdelen}


def test_a_failed_hard_requirement_ranks_after_every_fit_whatever_the_score():
    vacature = VacatureProfiel(id=1, beroep_id=None, lat=52.0, lon=5.9, uren=38, vereist=frozenset({1, 2, 3}),
                               gewenst=frozenset(), rijbewijs="B", taalniveau=3)
    dichtbij_zonder = KandidaatProfiel(id=1, lat=52.0, lon=5.9, max_km=25, uren=38, vaardigheden=frozenset(),
                                       beroepen=frozenset(), taalniveau=6)
    ver_met_alles = KandidaatProfiel(id=2, lat=52.2, lon=5.9, max_km=25, uren=16, vaardigheden=frozenset({1, 2, 3}),
                                     beroepen=frozenset(), rijbewijs="B", taalniveau=3)
    taal_te_laag = KandidaatProfiel(id=3, lat=52.0, lon=5.9, max_km=25, uren=38, vaardigheden=frozenset({1, 2, 3}),
                                    beroepen=frozenset(), rijbewijs="B", taalniveau=2)
    eerste, tweede, derde = rangschik(vacature, [dichtbij_zonder, ver_met_alles, taal_te_laag])
    assert eerste.kandidaat_id == 2 and eerste.past and eerste.mist == []
    assert {tweede.kandidaat_id, derde.kandidaat_id} == {1, 3} and not tweede.past and not derde.past
    zonder = score(vacature, dichtbij_zonder)
    assert zonder.totaal > 0 and "rijbewijs B" in zonder.mist and any("vereiste" in m for m in zonder.mist)
    assert score(vacature, taal_te_laag).mist == ["Nederlands op niveau B1 (heeft A2)"]
