"""The fast path (per-process index) must rank exactly as the engine does over the database, stay correct
when kandidaten change, and never show someone who withdrew consent."""

import copy
import random
import re
import threading
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.tests.factories import gemeente
from beroepen.models import Vaardigheid
from beroepen.selectors import beroep_vaardigheden
from beroepen.tests.factories import BeroepFactory
from conftest import Wereld, een_keer_per_module
from matching import engine, index
from matching.index import Filters
from matching.models import Matchgewichten
from matching.ranking import kandidaten_voor_vacature, vacatures_voor_kandidaat
from matching.selectors import (
    kandidaat_profielen,
    matchgewichten,
    vacature_profiel,
    vindbare_kandidaten,
    voorgestelde_profielen,
)
from werkgevers.tests.factories import VacatureFactory, WerkgeverFactory
from werkzoekenden.models import Kandidaat, Toestemming, kandidaten_toevoegen
from werkzoekenden.services import toestemming_intrekken, toestemming_verlenen, vaardigheden_instellen
from werkzoekenden.tests.factories import KandidaatFactory, ToestemmingFactory

pytestmark = pytest.mark.django_db

# Postcodes in two regions (Arnhem/Nijmegen and Zwolle), so region slices and distances both matter.
POSTCODES = ["6811 AB", "6822 AB", "6541 AA", "6702 AA", "8011 AA", "8021 AB", "9999 ZZ"]
GEMEENTEN = {"68": "GM0202", "65": "GM0268", "67": "GM0289", "80": "GM0193", "99": "GM0202"}


def _straight(vacature, *, top=25, heel_nederland=False, filters=None):
    """The baseline: every findable kandidaat from the database, scored one by one by the engine."""
    filters = filters or Filters()
    v = vacature_profiel(vacature)
    qs = filters.op_queryset(vindbare_kandidaten(vacature, heel_nederland=heel_nederland,
                                                 alleen_werkfit=filters.alleen_werkfit))
    profielen = [k for k in kandidaat_profielen(qs) if filters.laat_door(v, k)]
    return engine.rangschik(v, profielen, top=top, gewichten=matchgewichten(),
                            beroep_vaardigheden=beroep_vaardigheden())


def _bevolking(wereld):
    """Rows as the services leave them, written in bulk: the kandidaten as ``Kandidaat.save()`` writes them, together
    (``kandidaten_toevoegen``), their skills, wishes and consents in one insert per table (the services took 3 of the
    5 seconds). Everything is written before an index is built, so no change has to reach a built index here."""
    rng = random.Random(7)
    beroepen = [BeroepFactory(naam=f"beroep {i}", met_vaardigheden=[f"v{j}" for j in range(i, i + 5)])
                for i in range(0, 12, 2)]
    vaardigheden = [v for b in beroepen for v in b.vaardigheden.all()]
    kandidaten, kunnen, wensen, toestemmingen = [], [], [], []
    for i in range(160):
        postcode = rng.choice(POSTCODES)
        g = gemeente(GEMEENTEN[postcode[:2]])
        k = KandidaatFactory.build(
            postcode=postcode, gemeente=g, regio=g.regio, werkfit=rng.random() > 0.2,
            uitkering=rng.choice([Kandidaat.Uitkering.WW, Kandidaat.Uitkering.BIJSTAND]),
            gewenste_uren=rng.choice([None, 16, 24, 32, 36, 40]), max_reisafstand_km=rng.choice([None, 10, 25, 60]),
            gewenst_contracttype=rng.choice(["", "vast", "tijdelijk"]), rijbewijs=rng.choice(["", "B", "BE", "C"]),
            talen=rng.choice(["", "Nederlands B1, Pools", "Nederlands A2", "Nederlands moedertaal"]),
            beschikbaar_per=rng.choice([None, date(2027, 1, 1), date(2027, 6, 1)]),
            doelgroepregister=rng.random() > 0.8)
        gekozen = {v.pk: v for v in rng.sample(vaardigheden, rng.randint(0, 7))}  # a skill of two beroepen: once
        kunnen += [Kandidaat.vaardigheden.through(kandidaat=k, vaardigheid=v) for v in gekozen.values()]
        wensen += [Kandidaat.gewenste_beroepen.through(kandidaat=k, beroep=b)
                   for b in rng.sample(beroepen, rng.randint(0, 2))]
        keuze = rng.random()
        if keuze < 0.75:
            toestemmingen.append(Toestemming(kandidaat=k, doel=Toestemming.Doel.VINDBAAR,
                                             verleend_door=wereld.klantmanager, wijze=Toestemming.Wijze.GESPREK,
                                             gegeven_op=timezone.localdate()))
        elif keuze < 0.85:
            toestemmingen.append(Toestemming(kandidaat=k, doel=Toestemming.Doel.DELEN_MET_WERKGEVER,
                                             werkgever=wereld.werkgever, verleend_door=wereld.klantmanager,
                                             wijze=Toestemming.Wijze.GESPREK, gegeven_op=timezone.localdate()))
        kandidaten.append(k)
    kandidaten_toevoegen(kandidaten)
    Kandidaat.vaardigheden.through.objects.bulk_create(kunnen)
    Kandidaat.gewenste_beroepen.through.objects.bulk_create(wensen)
    Toestemming.objects.bulk_create(toestemmingen)
    vacatures = []
    for i, b in enumerate(beroepen):
        v = VacatureFactory(werkgever=wereld.werkgever, beroep=b if i else None, postcode=POSTCODES[i % 4],
                            uren_per_week=[36, 24, 32, 40, 20, 38][i], contracttype=["", "vast", "tijdelijk"][i % 3],
                            rijbewijs=["", "B", "C"][i % 3], taalniveau=["", "B1", "A2"][i % 3],
                            startdatum=[None, date(2027, 2, 1)][i % 2])
        v.vereiste_vaardigheden.set(list(b.vaardigheden.all())[:3])
        v.gewenste_vaardigheden.set(list(b.vaardigheden.all())[3:])
        vacatures.append(v)
    wereld.werkgever.open_doelgroepregister = True
    wereld.werkgever.save()
    return kandidaten, vacatures


@pytest.fixture
def bevolking(wereld):
    """160 kandidaten and 6 vacatures with their skills and consents (several seconds to build)."""
    return _bevolking(wereld)


@pytest.fixture(scope="module")
def _bevolking_van_de_module(django_db_setup, django_db_blocker):
    with een_keer_per_module(django_db_blocker):
        with django_db_blocker.unblock():
            wereld = Wereld()
            bevolking = _bevolking(wereld)
        yield wereld, bevolking


@pytest.fixture
def bevolking_eenmaal(db, _bevolking_van_de_module):
    """(wereld, bevolking) built once for this module (conftest.een_keer_per_module); each test a copy."""
    return copy.deepcopy(_bevolking_van_de_module)


def _ids(resultaten):
    return [(r.kandidaat_id, round(r.totaal, 9)) for r in resultaten]


@pytest.mark.parametrize("heel_nederland", [False, True])
def test_index_ranks_exactly_like_the_engine(bevolking_eenmaal, heel_nederland):
    _, (_kandidaten, vacatures) = bevolking_eenmaal
    for vacature in vacatures:
        for top in (5, 25):
            snel = kandidaten_voor_vacature(vacature, top=top, heel_nederland=heel_nederland).resultaten
            assert _ids(snel) == _ids(_straight(vacature, top=top, heel_nederland=heel_nederland))
            assert len(snel) == top


@pytest.mark.parametrize("filters", [
    Filters(alleen_werkfit=False), Filters(uitkering="ww"), Filters(min_uren=30), Filters(max_km=12),
    Filters(alleen_werkfit=False, uitkering="bijstand", min_uren=20, max_km=40),
])
def test_filters_match_the_engine(bevolking_eenmaal, filters):
    _, (_kandidaten, vacatures) = bevolking_eenmaal
    for vacature in vacatures[:3]:
        snel = kandidaten_voor_vacature(vacature, heel_nederland=True, filters=filters).resultaten
        assert _ids(snel) == _ids(_straight(vacature, heel_nederland=True, filters=filters))


def test_tuned_weights_from_the_admin_are_used(bevolking_eenmaal):
    _, (_kandidaten, vacatures) = bevolking_eenmaal
    voor = _ids(kandidaten_voor_vacature(vacatures[1], heel_nederland=True).resultaten)
    Matchgewichten.objects.update_or_create(pk=1, defaults={"afstand": 0, "vereist": 80, "beroep": 0})
    na = _ids(kandidaten_voor_vacature(vacatures[1], heel_nederland=True).resultaten)
    assert na != voor
    assert na == _ids(_straight(vacatures[1], heel_nederland=True))


def test_changes_reach_a_built_index(bevolking_eenmaal):
    wereld, (kandidaten, vacatures) = bevolking_eenmaal
    vacature = vacatures[1]
    eerst = [r.kandidaat_id for r in kandidaten_voor_vacature(vacature, heel_nederland=True).resultaten]
    # A kandidaat at the bottom learns every skill and wishes this occupation: now first.
    onderaan = next(k for k in kandidaten if k.pk not in eerst and k.werkfit
                    and k.toestemmingen.filter(doel="vindbaar").exists())
    onderaan.postcode, onderaan.gewenste_uren, onderaan.max_reisafstand_km = vacature.postcode, vacature.uren_per_week, 60
    onderaan.gewenst_contracttype, onderaan.rijbewijs, onderaan.talen = vacature.contracttype, "BE C", "Nederlands C1"
    onderaan.beschikbaar_per = None
    onderaan.save()
    vaardigheden_instellen(kandidaat=onderaan, door=wereld.klantmanager,
                           vaardigheden=list(vacature.vereiste_vaardigheden.all())
                           + list(vacature.gewenste_vaardigheden.all()))
    onderaan.gewenste_beroepen.add(vacature.beroep)
    na = [r.kandidaat_id for r in kandidaten_voor_vacature(vacature, heel_nederland=True).resultaten]
    assert na[0] == onderaan.pk
    # The first one withdraws consent: gone at once.
    toestemming_intrekken(toestemming=Toestemming.objects.get(kandidaat_id=na[1], doel="vindbaar"),
                          door=wereld.klantmanager)
    daarna = [r.kandidaat_id for r in kandidaten_voor_vacature(vacature, heel_nederland=True).resultaten]
    assert na[1] not in daarna
    # A new kandidaat who consents appears.
    nieuw = KandidaatFactory(postcode=vacature.postcode, gewenste_uren=vacature.uren_per_week)
    nieuw.vaardigheden.set(vacature.vereiste_vaardigheden.all())
    nieuw.gewenste_beroepen.add(vacature.beroep)
    toestemming_verlenen(kandidaat=nieuw, doel="vindbaar", door=wereld.klantmanager)
    laatst = kandidaten_voor_vacature(vacature, heel_nederland=True).resultaten
    assert nieuw.pk in [r.kandidaat_id for r in laatst]
    assert _ids(laatst) == _ids(_straight(vacature, heel_nederland=True))


def test_a_stale_index_still_never_shows_withdrawn_consent(bevolking_eenmaal):
    """Even a change that bypassed every signal (a raw SQL update) cannot leak: proposals are re-checked."""
    _, (_kandidaten, vacatures) = bevolking_eenmaal
    vacature = vacatures[2]
    eerst = [r.kandidaat_id for r in kandidaten_voor_vacature(vacature, heel_nederland=True).resultaten]
    alleen_vindbaar = [i for i in eerst if not Toestemming.objects.filter(kandidaat_id=i, doel="werkgever").exists()]
    Toestemming.objects.filter(kandidaat_id__in=alleen_vindbaar[:3], doel="vindbaar").update(
        ingetrokken_op=timezone.now())
    Kandidaat.objects.filter(pk=alleen_vindbaar[3]).delete()
    na = kandidaten_voor_vacature(vacature, heel_nederland=True).resultaten
    assert not set(alleen_vindbaar[:4]) & {r.kandidaat_id for r in na}
    assert len(na) == 25 and _ids(na) == _ids(_straight(vacature, heel_nederland=True))


def test_a_proposal_that_is_now_shared_with_this_werkgever_only_is_shown_once(bevolking_eenmaal):
    """A kandidaat the (stale) index proposes who is no longer findable but shared their profile with this werkgever
    answers both halves of the check in the database: the ranking holds them once, as scoring everyone does."""
    wereld, (_kandidaten, vacatures) = bevolking_eenmaal
    vacature = vacatures[2]
    eerst = [r.kandidaat_id for r in kandidaten_voor_vacature(vacature, heel_nederland=True).resultaten]
    gedeeld = eerst[:2]
    # Written without signals, as a stale index sees it: still findable in the index, only shared in the database.
    Toestemming.objects.bulk_create([ToestemmingFactory.build(kandidaat=k, werkgever=wereld.werkgever)
                                     for k in Kandidaat.objects.filter(pk__in=gedeeld)])
    Toestemming.objects.filter(kandidaat_id__in=gedeeld, doel="vindbaar").update(ingetrokken_op=timezone.now())
    na = kandidaten_voor_vacature(vacature, heel_nederland=True).resultaten
    ids = [r.kandidaat_id for r in na]
    assert len(ids) == len(set(ids)) == 25
    assert set(gedeeld) <= set(ids)
    assert _ids(na) == _ids(_straight(vacature, heel_nederland=True))


def test_a_change_that_commits_late_is_still_seen(bevolking_eenmaal):
    """Another process's transaction may stamp a time before the newest change this process saw."""
    _wereld, (_kandidaten, vacatures) = bevolking_eenmaal
    vacature = vacatures[1]
    alle = kandidaten_voor_vacature(vacature, top=1000, heel_nederland=True).resultaten
    # The very last one, far outside what the index proposes for a top 25.
    laat = next(Kandidaat.objects.get(pk=r.kandidaat_id) for r in reversed(alle)
                if not Toestemming.objects.filter(kandidaat_id=r.kandidaat_id, doel="werkgever").exists())
    KandidaatFactory(postcode="6811 AB")  # a newer change moves the watermark
    kandidaten_voor_vacature(vacature, heel_nederland=True)
    # Written without signals, stamped a minute back: as a slow transaction elsewhere would.
    Kandidaat.vaardigheden.through.objects.bulk_create(
        [Kandidaat.vaardigheden.through(kandidaat_id=laat.pk, vaardigheid_id=v.pk)
         for v in (vacature.vereiste_vaardigheden.all() | vacature.gewenste_vaardigheden.all()).exclude(
             kandidaten=laat).distinct()])
    Kandidaat.gewenste_beroepen.through.objects.get_or_create(kandidaat_id=laat.pk, beroep_id=vacature.beroep_id)
    Kandidaat.objects.filter(pk=laat.pk).update(
        postcode=vacature.postcode, gewenste_uren=vacature.uren_per_week, max_reisafstand_km=60,
        gewenst_contracttype=vacature.contracttype, rijbewijs="BE C", talen="Nederlands C1", beschikbaar_per=None,
        gewijzigd_op=timezone.now() - timedelta(minutes=1))
    na = kandidaten_voor_vacature(vacature, heel_nederland=True).resultaten
    assert na[0].kandidaat_id == laat.pk
    assert _ids(na) == _ids(_straight(vacature, heel_nederland=True))


def test_the_links_of_an_unchanged_kandidaat_come_from_the_index_and_a_changed_one_is_read_again(bevolking_eenmaal):
    """The proposals are read again for consent, filters and their own columns; their skills and wishes come from
    the index while the row still carries the stamp the index read them under. Shown with a link written without
    signals (no stamp moves, as no service writes): the index's links are used, not the table's. Once the stamp
    moves (as every service and the admin move it with the links, in the same transaction), the links are read
    from the tables, also with what the index held before the change."""
    wereld, (_kandidaten, vacatures) = bevolking_eenmaal
    vacature = vacatures[1]
    bovenaan = kandidaten_voor_vacature(vacature, heel_nederland=True).resultaten[0].kandidaat_id
    kandidaat = Kandidaat.objects.get(pk=bovenaan)
    eigen = set(kandidaat.vaardigheden.values_list("pk", flat=True))
    erbij = next(v for v in vacature.gewenste_vaardigheden.all() | vacature.vereiste_vaardigheden.all()
                 if v.pk not in eigen)
    bekend = index.index().koppelingen([bovenaan])
    assert bekend[bovenaan][1] == frozenset(eigen)
    Kandidaat.vaardigheden.through.objects.bulk_create(
        [Kandidaat.vaardigheden.through(kandidaat_id=bovenaan, vaardigheid_id=erbij.pk)])

    def profiel(**kwargs):
        gelezen = voorgestelde_profielen(vacature, [bovenaan], heel_nederland=True, filters=Filters(),
                                         met_extra=False, **kwargs)
        return next(k for k in gelezen if k.id == bovenaan)

    assert profiel(bekend=bekend).vaardigheden == frozenset(eigen)  # the index's, unchanged stamp
    assert profiel().vaardigheden == frozenset(eigen | {erbij.pk})  # the table's
    # No query of a ranking reads the link tables for the kandidaten the index proposed.
    vindbaar = set(Toestemming.objects.filter(doel="vindbaar", ingetrokken_op__isnull=True).values_list(
        "kandidaat_id", flat=True))
    with CaptureQueriesContext(connection) as queries:
        voorgesteld = kandidaten_voor_vacature(vacature, heel_nederland=True).resultaten
    koppelingen = [q["sql"] for q in queries.captured_queries if "werkzoekenden_kandidaat_vaardigheden" in q["sql"]]
    if connection.vendor == "postgresql":  # in the row, for the half of those shared with this werkgever only
        assert len(koppelingen) == 1 and koppelingen[0].index("kandidaat_vaardigheden") > koppelingen[0].index(
            "UNION ALL"), koppelingen
    else:  # one query for those shared with this werkgever only, who are not in the index
        gelezen = {int(i) for sql in koppelingen for i in re.findall(r"\b\d+\b", sql.split(" IN (", 1)[1])}
        assert gelezen and not gelezen & vindbaar, koppelingen
    assert bovenaan in {r.kandidaat_id for r in voorgesteld}

    # The service moves the stamp with the links: the same (now stale) index entry is no longer used.
    nu = (eigen - {min(eigen)}) | {erbij.pk}
    vaardigheden_instellen(kandidaat=kandidaat, door=wereld.klantmanager,
                           vaardigheden=list(Vaardigheid.objects.filter(pk__in=nu)))
    assert profiel(bekend=bekend).vaardigheden == frozenset(nu)
    na = kandidaten_voor_vacature(vacature, heel_nederland=True).resultaten
    assert _ids(na) == _ids(_straight(vacature, heel_nederland=True))


def test_vacatures_for_a_kandidaat_agree_with_the_other_direction(bevolking_eenmaal):
    _, (kandidaten, vacatures) = bevolking_eenmaal
    WerkgeverFactory()
    k = next(k for k in kandidaten if k.vaardigheden.exists() and k.gewenste_beroepen.exists())
    resultaten = vacatures_voor_kandidaat(k, top=3, heel_nederland=True).resultaten
    profiel = kandidaat_profielen(Kandidaat.objects.filter(pk=k.pk))[0]
    verwacht = sorted((engine.score(vacature_profiel(v), profiel, gewichten=matchgewichten(),
                                    beroep_vaardigheden=beroep_vaardigheden()) for v in vacatures),
                      key=lambda r: (-r.totaal, r.vacature_id))[:3]
    assert [(r.vacature_id, round(r.totaal, 9)) for r in resultaten] == [
        (r.vacature_id, round(r.totaal, 9)) for r in verwacht]
    assert all(r.kandidaat_id == k.pk and r.onderdelen for r in resultaten)


def test_many_small_changes_one_after_another(bevolking_eenmaal):
    """Each change is read on its own; after a while the pieces are merged; the ranking stays exact."""
    wereld, (kandidaten, vacatures) = bevolking_eenmaal
    vacature = vacatures[1]
    vereist = list(vacature.vereiste_vaardigheden.all())
    rng = random.Random(11)
    gekozen = rng.sample(kandidaten, 30)
    # Some kandidaten change again in a later round: their older version must no longer count.
    volgorde = gekozen + gekozen[:10]
    for k in volgorde:
        vaardigheden_instellen(kandidaat=k, door=wereld.klantmanager,
                               vaardigheden=rng.sample(vereist, rng.randint(0, len(vereist))))
        verwacht = _straight(vacature, top=1000, heel_nederland=True)
        assert _ids(kandidaten_voor_vacature(vacature, heel_nederland=True).resultaten) == _ids(verwacht[:25])
        # The index itself, before any re-reading, already holds each kandidaat once, in its latest version.
        voorgesteld, _ = index.index().kandidaat_ids(
            vacature_profiel(vacature), regio_id=None, werkgever_id=vacature.werkgever_id,
            gewichten=matchgewichten(), filters=Filters(), aantal=1000)
        alleen_werkgever = set(Toestemming.objects.filter(doel="werkgever").exclude(
            kandidaat__toestemmingen__doel="vindbaar").values_list("kandidaat_id", flat=True))
        assert voorgesteld == [r.kandidaat_id for r in verwacht if r.kandidaat_id not in alleen_werkgever]
    assert 1 <= len(index.index().segmenten) <= index.MAX_SEGMENTEN


def test_forgetting_the_index_rebuilds_it(bevolking_eenmaal):
    _, (_kandidaten, vacatures) = bevolking_eenmaal
    eerst = _ids(kandidaten_voor_vacature(vacatures[3], heel_nederland=True).resultaten)
    index.vergeet()
    assert index.index().basis is None
    assert _ids(kandidaten_voor_vacature(vacatures[3], heel_nederland=True).resultaten) == eerst
    assert index.index().basis.n == Toestemming.objects.filter(doel="vindbaar", ingetrokken_op=None).count()


@pytest.mark.django_db(transaction=True)
def test_warming_up_builds_in_the_background_and_a_ranking_waits_for_it(wereld):
    """A web worker that just started builds at once (gunicorn.conf.py); the first ranking waits for that build
    instead of building a second time. Transactional: the thread has its own database connection."""
    import runpy

    from matching.index import KandidaatIndex

    beroep = BeroepFactory(naam="kok", met_vaardigheden=["koken", "HACCP"])
    vacature = VacatureFactory(werkgever=wereld.werkgever, beroep=beroep, postcode="6811 AB")
    k = KandidaatFactory(postcode="6812 AA")
    k.gewenste_beroepen.add(beroep)
    toestemming_verlenen(kandidaat=k, doel="vindbaar", door=wereld.klantmanager)
    gebouwd = []
    origineel = KandidaatIndex.bouw

    def tel(self):
        gebouwd.append(1)
        return origineel(self)

    KandidaatIndex.bouw = tel
    try:
        runpy.run_path("gunicorn.conf.py")["index_opwarmen"]()  # what post_worker_init does first
        assert [r.kandidaat_id for r in kandidaten_voor_vacature(vacature).resultaten] == [k.pk]
    finally:
        KandidaatIndex.bouw = origineel
    assert gebouwd == [1] and index.index().basis.n == 1


def test_forgetting_the_index_waits_for_a_build_still_running_in_its_thread(monkeypatch):
    """The build thread has a database connection of its own: forgetting the index (each test's teardown, a bulk
    load) waits for it, so it never reads a database that is being emptied, or keeps one that is being dropped
    (seen as "test_klantreis_ci_gw0 is being accessed by other users" at the end of a run)."""
    los = threading.Event()
    monkeypatch.setattr(index.KandidaatIndex, "bouw", lambda self: los.wait(10))
    huidig = index.index()
    huidig._bouw_op_achtergrond()
    draad = huidig._draad
    assert draad.is_alive()
    threading.Timer(0.3, los.set).start()
    index.vergeet()
    assert not draad.is_alive()


def test_kandidaten_whose_postcode_has_no_coordinates_are_ranked_as_the_engine_ranks_them(bevolking_eenmaal):
    """A postcode the reference data does not know (1000 is no postcode area): no distance points, "Afstand
    onbekend", and every other part counts as for anyone else. Every kandidaat, not only the top."""
    _, (kandidaten, vacatures) = bevolking_eenmaal
    onbekend = [k.pk for k in kandidaten if k.postcode == "9999 ZZ"]
    assert len(onbekend) > 10
    Kandidaat.objects.filter(pk__in=onbekend).update(postcode="1000 AA", gewijzigd_op=timezone.now())
    for vacature in vacatures:
        for heel_nederland in (False, True):
            snel = kandidaten_voor_vacature(vacature, top=200, heel_nederland=heel_nederland).resultaten
            assert _ids(snel) == _ids(_straight(vacature, top=200, heel_nederland=heel_nederland))
        assert {r.kandidaat_id for r in snel} & set(onbekend)
