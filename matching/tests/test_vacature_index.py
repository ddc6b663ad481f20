"""The other direction: the vacature index must give a kandidaat exactly the vacatures, order and scores the
engine gives over every open vacature in the database, and keep doing so when vacatures change."""

import copy
import random
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.tests.factories import gemeente
from beroepen.selectors import beroep_vaardigheden
from beroepen.tests.factories import BeroepFactory, VaardigheidFactory
from conftest import Wereld, een_keer_per_module
from matching import engine, index
from matching.models import Matchgewichten
from matching.ranking import vacatures_voor_kandidaat
from matching.selectors import kandidaat_profiel, kandidaat_profielen, matchgewichten, vacature_profielen
from werkgevers.models import Vacature
from werkgevers.services import vacature_status_wijzigen, vacature_vaardigheden_instellen
from werkgevers.tests.factories import VacatureFactory, WerkgeverFactory
from werkzoekenden.models import Kandidaat
from werkzoekenden.tests.factories import KandidaatFactory

pytestmark = pytest.mark.django_db

POSTCODES = ["6811 AB", "6822 AB", "6541 AA", "6702 AA", "8011 AA", "8021 AB", "9999 ZZ"]
GEMEENTEN = {"68": "GM0202", "65": "GM0268", "67": "GM0289", "80": "GM0193", "99": "GM0202"}


def _straight(kandidaat, *, top=25, heel_nederland=False):
    """The old path: every open vacature (of the region) from the database, scored by the engine."""
    k = kandidaat_profielen(Kandidaat.objects.filter(pk=kandidaat.pk))[0]
    qs = Vacature.objects.filter(status=Vacature.Status.OPEN)
    if not heel_nederland:
        qs = qs.filter(regio_id=kandidaat.regio_id)
    resultaten = [engine.score(v, k, gewichten=matchgewichten(), beroep_vaardigheden=beroep_vaardigheden())
                  for v in vacature_profielen(qs)]
    return sorted(resultaten, key=lambda r: (not r.past, -r.totaal, r.vacature_id))[:top]


def _paren(resultaten):
    return [(r.vacature_id, round(r.totaal, 9), r.past) for r in resultaten]


def _wereldje_bouwen(wereld):
    """Six occupations with overlapping skills; 120 vacatures of four werkgevers in two regions with every
    kind of requirement; 40 kandidaten with every kind of wish."""
    rng = random.Random(16)
    beroepen = [BeroepFactory(naam=f"beroep {i}", met_vaardigheden=[f"v{j}" for j in range(i, i + 5)])
                for i in range(0, 12, 2)]
    vaardigheden = [v for b in beroepen for v in b.vaardigheden.all()]
    werkgevers = [wereld.werkgever] + [WerkgeverFactory(open_doelgroepregister=rng.random() > 0.5) for _ in range(3)]
    vacatures = []
    for i in range(120):
        b = rng.choice(beroepen)
        postcode = rng.choice(POSTCODES)
        g = gemeente(GEMEENTEN[postcode[:2]])
        v = VacatureFactory(werkgever=rng.choice(werkgevers), beroep=b if rng.random() > 0.1 else None,
                            postcode=postcode, gemeente=g, regio=g.regio,
                            uren_per_week=rng.choice([8, 20, 24, 32, 36, 40]),
                            contracttype=rng.choice(["vast", "tijdelijk", "uitzend"]),
                            rijbewijs=rng.choice(["", "", "B", "C", "BE"]),
                            taalniveau=rng.choice(["", "A2", "B1", "B2"]),
                            startdatum=rng.choice([None, date(2027, 2, 1), date(2027, 9, 1)]),
                            status=rng.choice([Vacature.Status.OPEN] * 5 + [Vacature.Status.CONCEPT,
                                                                            Vacature.Status.GESLOTEN]))
        eisen = rng.sample(vaardigheden, rng.randint(0, 5))
        v.vereiste_vaardigheden.set(eisen[:rng.randint(0, len(eisen))])
        v.gewenste_vaardigheden.set([e for e in eisen if e not in v.vereiste_vaardigheden.all()])
        vacatures.append(v)
    kandidaten = []
    for i in range(40):
        postcode = rng.choice(POSTCODES)
        g = gemeente(GEMEENTEN[postcode[:2]])
        k = KandidaatFactory(
            postcode=postcode, gemeente=g, regio=g.regio, gewenste_uren=rng.choice([None, 16, 24, 32, 40]),
            max_reisafstand_km=rng.choice([None, 10, 25, 60]),
            gewenst_contracttype=rng.choice(["", "vast", "tijdelijk"]),
            rijbewijs=rng.choice(["", "B", "BE", "C"]),
            talen=rng.choice(["", "Nederlands B1, Pools", "Nederlands A2", "Nederlands moedertaal"]),
            beschikbaar_per=rng.choice([None, date(2027, 1, 1), date(2027, 6, 1)]),
            doelgroepregister=rng.random() > 0.7)
        k.vaardigheden.set(rng.sample(vaardigheden, rng.randint(0, 8)))
        k.gewenste_beroepen.set(rng.sample(beroepen, rng.randint(0, 3)))
        kandidaten.append(k)
    return kandidaten, vacatures


@pytest.fixture(scope="module")
def _wereldje_van_de_module(django_db_setup, django_db_blocker):
    """Built once for the module (conftest.een_keer_per_module): 2-3 s of factories that every test here used."""
    with een_keer_per_module(django_db_blocker):
        with django_db_blocker.unblock():
            wereld = Wereld()
            gebouwd = (wereld, *_wereldje_bouwen(wereld))
        yield gebouwd


@pytest.fixture
def wereldje_eenmaal(db, _wereldje_van_de_module):
    """The module's rows in a savepoint of the test; a copy of the Python objects for each test."""
    return copy.deepcopy(_wereldje_van_de_module)


@pytest.fixture
def wereld(wereldje_eenmaal):
    """The wereld the module's vacatures and kandidaten were built in (instead of conftest's new one)."""
    return wereldje_eenmaal[0]


@pytest.fixture
def wereldje(wereldje_eenmaal):
    return wereldje_eenmaal[1], wereldje_eenmaal[2]


@pytest.mark.parametrize("heel_nederland", [False, True])
def test_the_index_gives_the_same_top_and_scores_as_the_engine(wereldje, heel_nederland):
    kandidaten, _vacatures = wereldje
    for k in kandidaten:
        for top in (1, 5, 25):
            snel = vacatures_voor_kandidaat(k, top=top, heel_nederland=heel_nederland)
            assert _paren(snel.resultaten) == _paren(_straight(k, top=top, heel_nederland=heel_nederland))
            assert all(r.kandidaat_id == k.pk and r.onderdelen for r in snel.resultaten)
        open_ = Vacature.objects.filter(status="open")
        assert snel.bekeken == (open_ if heel_nederland else open_.filter(regio_id=k.regio_id)).count()


def test_the_index_itself_orders_every_open_vacature_as_the_engine(wereldje):
    """Not only the top after re-reading: the proposals themselves, all of them, in the engine's order (scores
    rounded to 9 decimals: the engine's own float noise, 46.66666666666666 against 46.666666666666664 for the same
    sum in another order, is no reason to put one vacature before another)."""
    kandidaten, _vacatures = wereldje
    for k in kandidaten[:10]:
        profiel = kandidaat_profielen(Kandidaat.objects.filter(pk=k.pk))[0]
        ids, bekeken = index.vacature_index().vacature_ids(profiel, regio_id=None, gewichten=matchgewichten(),
                                                           aantal=1000)
        verwacht = sorted(_straight(k, top=1000, heel_nederland=True),
                          key=lambda r: (not r.past, -round(r.totaal, 9), r.vacature_id))
        assert ids == [r.vacature_id for r in verwacht]
        assert bekeken == Vacature.objects.filter(status="open").count()


def test_tuned_weights_are_used(wereldje):
    kandidaten, _vacatures = wereldje
    k = kandidaten[3]
    voor = _paren(vacatures_voor_kandidaat(k, heel_nederland=True).resultaten)
    Matchgewichten.objects.update_or_create(pk=1, defaults={"afstand": 0, "vereist": 80, "beroep": 3, "taal": 20})
    na = _paren(vacatures_voor_kandidaat(k, heel_nederland=True).resultaten)
    assert na != voor and na == _paren(_straight(k, heel_nederland=True))


def test_changed_vacatures_reach_a_built_index(wereld, wereldje):
    kandidaten, vacatures = wereldje
    k = next(k for k in kandidaten if k.vaardigheden.count() >= 3 and k.gewenste_beroepen.exists())
    eerst = vacatures_voor_kandidaat(k, top=5, heel_nederland=True).resultaten
    assert index.vacature_index().basis is not None
    # The best one closes: gone at once.
    beste = Vacature.objects.get(pk=eerst[0].vacature_id)
    vacature_status_wijzigen(vacature=beste, door=wereld.accountmanager, status=Vacature.Status.GESLOTEN)
    na = vacatures_voor_kandidaat(k, top=5, heel_nederland=True).resultaten
    assert beste.pk not in [r.vacature_id for r in na]
    assert _paren(na) == _paren(_straight(k, top=5, heel_nederland=True))
    # One at the bottom asks exactly what the kandidaat can, in their wished occupation: now on top.
    onderaan = next(v for v in vacatures if v.status == "concept")
    onderaan.beroep = k.gewenste_beroepen.first()
    onderaan.postcode, onderaan.gemeente, onderaan.regio = k.postcode, k.gemeente, k.regio
    onderaan.uren_per_week = k.gewenste_uren or 36
    onderaan.rijbewijs, onderaan.taalniveau = "", ""
    onderaan.contracttype = k.gewenst_contracttype or "tijdelijk"
    onderaan.startdatum = None
    onderaan.save()
    vacature_vaardigheden_instellen(vacature=onderaan, door=wereld.accountmanager,
                                    vereist=list(k.vaardigheden.values_list("pk", flat=True)), gewenst=[])
    vacature_status_wijzigen(vacature=onderaan, door=wereld.accountmanager, status=Vacature.Status.OPEN)
    na = vacatures_voor_kandidaat(k, top=5, heel_nederland=True).resultaten
    assert na[0].vacature_id == onderaan.pk
    assert _paren(na) == _paren(_straight(k, top=5, heel_nederland=True))
    assert onderaan.pk in index.vacature_index().overlay_ids


def test_skills_changed_outside_the_services_and_werkgever_openness_are_seen(wereldje):
    """The admin changes skills with a plain .set() and a werkgever flips its openness: both move the stamp."""
    kandidaten, vacatures = wereldje
    k = next(k for k in kandidaten if k.doelgroepregister and k.vaardigheden.exists())
    vacatures_voor_kandidaat(k, heel_nederland=True)
    for v in vacatures[:30]:
        v.vereiste_vaardigheden.set(list(k.vaardigheden.all()))
        v.gewenste_vaardigheden.clear()
    for werkgever in {v.werkgever for v in vacatures}:
        werkgever.open_doelgroepregister = not werkgever.open_doelgroepregister
        werkgever.save()
    assert _paren(vacatures_voor_kandidaat(k, heel_nederland=True).resultaten) == _paren(
        _straight(k, heel_nederland=True))


def test_a_vacature_that_closed_never_shows_even_before_catching_up(wereld, wereldje, monkeypatch):
    """The index only proposes: a proposal is read again, so a process that has not caught up yet still
    shows only open vacatures."""
    kandidaten, _vacatures = wereldje
    k = kandidaten[0]
    eerst = vacatures_voor_kandidaat(k, top=5, heel_nederland=True).resultaten
    monkeypatch.setattr(index.vacature_index(), "bijwerken", lambda: None)
    Vacature.objects.filter(pk=eerst[0].vacature_id).update(status=Vacature.Status.VERVULD)
    na = vacatures_voor_kandidaat(k, top=5, heel_nederland=True).resultaten
    assert eerst[0].vacature_id not in [r.vacature_id for r in na] and len(na) == 5


def test_a_new_base_replaces_the_overlay(wereld, wereldje):
    kandidaten, vacatures = wereldje
    k = kandidaten[5]
    vacatures_voor_kandidaat(k, heel_nederland=True)
    for v in vacatures[:10]:
        v.uren_per_week = 12
        v.save()
    vacatures_voor_kandidaat(k, heel_nederland=True)
    assert len(index.vacature_index().overlay_ids) == 10
    index.vacature_index().bouw()
    assert index.vacature_index().overlay is None
    assert _paren(vacatures_voor_kandidaat(k, heel_nederland=True).resultaten) == _paren(
        _straight(k, heel_nederland=True))


def test_a_changed_proposal_is_read_again_even_before_catching_up(wereld, wereldje, monkeypatch):
    """The index keeps the profiles it read with their stamp; a proposal whose stamp moved is read again, so a
    process that has not caught up still scores the vacature as it is now."""
    kandidaten, _vacatures = wereldje
    k = next(k for k in kandidaten if k.gewenste_uren)
    eerst = vacatures_voor_kandidaat(k, top=5, heel_nederland=True).resultaten
    monkeypatch.setattr(index.vacature_index(), "bijwerken", lambda: None)
    beste = Vacature.objects.get(pk=eerst[0].vacature_id)
    beste.uren_per_week = 1 if k.gewenste_uren > 20 else 40
    beste.save()
    na = vacatures_voor_kandidaat(k, top=25, heel_nederland=True).resultaten
    gewijzigd = next(r for r in na if r.vacature_id == beste.pk) if beste.pk in [r.vacature_id for r in na] else None
    verwacht = {r.vacature_id: round(r.totaal, 9) for r in _straight(k, top=1000, heel_nederland=True)}
    assert gewijzigd is None or round(gewijzigd.totaal, 9) == verwacht[beste.pk]
    assert all(round(r.totaal, 9) == verwacht[r.vacature_id] for r in na)


def test_one_kandidaats_profile_is_one_query_on_postgresql_and_the_same_as_read_in_bulk():
    """The dossier and "Mijn kansen" read one kandidaat's profile on every visit: on PostgreSQL their skills and wished
    beroepen come as arrays in the row itself (SQLite: a second query), and the profile is the one read in bulk."""
    met = KandidaatFactory()
    met.vaardigheden.set(VaardigheidFactory.create_batch(3))
    met.gewenste_beroepen.set(BeroepFactory.create_batch(2))
    zonder = KandidaatFactory()
    kandidaat_profiel(zonder.pk)  # the postcode coordinates are read once per process
    for kandidaat in (met, zonder):
        with CaptureQueriesContext(connection) as ctx:
            profiel = kandidaat_profiel(kandidaat.pk)
        assert len(ctx.captured_queries) == (1 if connection.vendor == "postgresql" else 2)
        assert profiel == kandidaat_profielen(Kandidaat.objects.filter(pk=kandidaat.pk))[0]
    assert len(kandidaat_profiel(met.pk).vaardigheden) == 3 and len(kandidaat_profiel(met.pk).beroepen) == 2
    assert not kandidaat_profiel(zonder.pk).vaardigheden
    assert kandidaat_profiel(zonder.pk + 10_000) is None


def test_vacatures_whose_postcode_has_no_coordinates_are_ordered_as_the_engine_orders_them(wereldje):
    """A vacature at a postcode the reference data does not know (1000 is no postcode area) gets no distance
    points, as in the engine; the index orders every open vacature the same, those among them."""
    kandidaten, vacatures = wereldje
    onbekend = [v.pk for v in vacatures if v.postcode == "9999 ZZ" and v.status == "open"]
    assert len(onbekend) > 5
    Vacature.objects.filter(pk__in=onbekend).update(postcode="1000 AA", gewijzigd_op=timezone.now())
    for k in kandidaten[:10]:
        profiel = kandidaat_profielen(Kandidaat.objects.filter(pk=k.pk))[0]
        assert profiel.lat is not None
        ids, _bekeken = index.vacature_index().vacature_ids(profiel, regio_id=None, gewichten=matchgewichten(),
                                                            aantal=1000)
        verwacht = sorted(_straight(k, top=1000, heel_nederland=True),
                          key=lambda r: (not r.past, -round(r.totaal, 9), r.vacature_id))
        assert ids == [r.vacature_id for r in verwacht]


def test_within_the_travel_distance_the_index_gives_what_the_engine_gives_for_the_near_ones(wereldje):
    """``binnen_reisafstand`` (Mijn kansen, the dossier): exactly the engine's ranking of the open vacatures no
    farther than the kandidaat wants to travel; a vacature whose place is unknown (9999) is not ruled out."""
    kandidaten, _vacatures = wereldje
    for k in kandidaten:
        profiel = kandidaat_profiel(k.pk)
        for top in (1, 5, 25):
            snel = vacatures_voor_kandidaat(k, top=top, binnen_reisafstand=True)
            alle = _straight(k, top=1000)
            vacatures = {v.id: v for v in vacature_profielen(Vacature.objects.filter(pk__in=[r.vacature_id
                                                                                            for r in alle]))}
            verwacht = [r for r in alle if engine.binnen_reisafstand(vacatures[r.vacature_id], profiel)][:top]
            assert _paren(snel.resultaten) == _paren(verwacht)
            assert all(engine.binnen_reisafstand(snel.vacatures[r.vacature_id], profiel) for r in snel.resultaten)
    assert any(len(vacatures_voor_kandidaat(k, top=25, binnen_reisafstand=True).resultaten)
               < len(vacatures_voor_kandidaat(k, top=25).resultaten) for k in kandidaten)
