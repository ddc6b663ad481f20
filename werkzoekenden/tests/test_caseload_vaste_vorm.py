"""The counts of the caseload page with SQL compiled once per process (``vaste_vorm``): the same numbers as the
ORM's querysets, for the klantmanager's own caseload and for one that covers for a colleague, and no query built
again on the next visit."""

import random
from datetime import timedelta

import pytest
from django.db.models import Q
from django.test import RequestFactory
from django.utils import timezone

from accounts.models import User
from accounts.tests.factories import KlantmanagerFactory
from klantreis.lib.paginering import PER_PAGINA
from sollicitaties.models import Sollicitatieplicht
from tests.gebouwd import gebouwde_queries
from werkzoekenden import selectors
from werkzoekenden.models import Kandidaat
from werkzoekenden.tests.factories import KandidaatFactory

pytestmark = pytest.mark.django_db

FILTERS = [{}, {"sorteer": "contact"}, {"uitkering": "ww"}, {"werkfit": "ja"}, {"werkfit": "nee"},
           {"soort_contact": "telefoon"}, {"q": "Jan"}, {"q": "   "}, {"aandacht": "alle"}, {"aandacht": "contact"},
           {"aandacht": "sollicitaties"}, {"aandacht": "bestaat-niet"}, {"uitkering": "bijstand", "q": "de"}]


@pytest.fixture
def caseloads(wereld):
    km = wereld.klantmanager
    collega = KlantmanagerFactory(organisatie=km.organisatie, regio=km.regio, waarnemer=km)
    rng = random.Random(7)
    vandaag = timezone.localdate()
    for eigenaar in (km, collega, wereld.vreemde_klantmanager):
        for i in range(9):
            k = KandidaatFactory(klantmanager=eigenaar, voornaam=rng.choice(["Jan", "Anna", "Bas"]),
                                 achternaam=rng.choice(["de Vries", "Jansen", "Bakker"]),
                                 uitkering=rng.choice(["ww", "bijstand"]), werkfit=rng.random() < 0.5,
                                 soort_contact=["telefonisch", "face_to_face", "zelfstandig"][i % 3],
                                 laatste_contact_op=vandaag if i % 3 == 0 else rng.choice(
                                     [None, vandaag - timedelta(days=rng.randrange(60))]))
            if i % 3 == 0:  # called today, but behind with applying: only the rule of sollicitaties flags them
                Sollicitatieplicht.objects.create(kandidaat=k, startdatum=vandaag - timedelta(days=40), aantal=4,
                                                  periode_eind=vandaag + timedelta(days=5),
                                                  achter_vanaf=vandaag - timedelta(days=rng.choice([-3, 0, 2])))
    return km, collega


def _orm_klantmanagers(km):
    return set(User.objects.filter(Q(pk=km.pk) | Q(waarnemer=km, organisatie_id=km.organisatie_id))
               .values_list("pk", flat=True))


def test_the_same_numbers_as_the_orm(caseloads, wereld):
    km, collega = caseloads
    for wie in (km, collega, wereld.vreemde_klantmanager):
        ids = selectors.klantmanagers_van_caseload(wie)
        assert set(ids) == _orm_klantmanagers(wie)
        tellers = selectors.caseload_aandacht_tellers(ids)
        assert len(tellers) == 2 and all(teller.count() for teller in tellers)
        assert selectors.caseload_aandacht_aantal(ids) == sum(teller.count() for teller in tellers)
        for filters in FILTERS:
            qs, aandacht = selectors.caseload_gefilterd(wie, filters)
            blad, aandacht_blad, aantal = selectors.caseload_blad(RequestFactory().get("/"), wie, filters)
            assert aantal == qs.count(), filters
            assert aandacht_blad == aandacht
            assert blad.object_list == list(qs[:PER_PAGINA]), filters
    assert set(selectors.klantmanagers_van_caseload(km)) == {km.pk, collega.pk}
    assert selectors.caseload_blad(RequestFactory().get("/"), km, {})[2] == Kandidaat.objects.filter(
        klantmanager__in=[km, collega]).count()


@pytest.mark.parametrize("filters", FILTERS, ids=[",".join(f"{k}={v}" for k, v in f.items()) or "-" for f in FILTERS])
def test_every_page_there_and_back_is_the_orms(caseloads, filters):
    """With a page of four: every page after and before, read with SQL compiled once per process, holds the rows of
    the ORM's queryset in its order, and each row's annotations (what the page shows) are the ORM's."""
    km, _collega = caseloads
    qs, _aandacht = selectors.caseload_gefilterd(km, filters)
    alle = list(qs)
    kenmerken = ["acties_te_laat", *(f"aandacht_{naam}" for naam in selectors.CASELOAD_AANDACHT)]
    rf = RequestFactory()
    gezien, verder = [], {}
    while True:
        blad = _blad(rf.get("/", verder), km, filters)
        gezien += blad.object_list
        if blad.volgende is None:
            break
        verder = {"na": blad.volgende}
    assert gezien == alle
    assert len(alle) > 4 or filters
    assert [[getattr(k, a) for a in kenmerken] for k in gezien] == [[getattr(k, a) for a in kenmerken] for k in alle]
    assert [(k.gemeente.naam, k.klantmanager.pk) for k in gezien] == [(k.gemeente.naam, k.klantmanager.pk)
                                                                       for k in alle]
    terug = blad.object_list
    while blad.vorige is not None:
        blad = _blad(rf.get("/", {"voor": blad.vorige}), km, filters)
        terug = blad.object_list + terug
    assert blad.is_eerste and terug == alle


@pytest.mark.parametrize("filters", [{"uitkering": "ww"}, {"werkfit": "ja"}, {"werkfit": "nee"},
                                     {"soort_contact": "telefonisch"}, {"aandacht": "contact"}, {"sorteer": "contact"},
                                     {"uitkering": "bijstand", "aandacht": "contact", "sorteer": "contact"}],
                         ids=lambda f: ",".join(f"{k}={v}" for k, v in f.items()))
def test_each_filter_keeps_the_kandidaten_it_names_in_the_order_it_names(caseloads, filters):
    """Worked out here from the kandidaten themselves, not from a queryset of the same builder: the page's filters
    and sort on the page the klantmanager sees."""
    from werkzoekenden.models import NOOIT_GEBELD

    km, collega = caseloads
    vandaag = timezone.localdate()
    houdt = {
        "uitkering": lambda k, v: k.uitkering == v,
        "werkfit": lambda k, v: k.werkfit == (v == "ja"),
        "soort_contact": lambda k, v: k.soort_contact == v,
        "aandacht": lambda k, _v: k.laatste_contact_op is None or k.laatste_contact_op < vandaag - timedelta(days=30),
        "sorteer": lambda _k, _v: True,
    }
    caseload = Kandidaat.objects.filter(klantmanager__in=[km, collega])
    verwacht = [k for k in caseload if all(houdt[naam](k, waarde) for naam, waarde in filters.items())]
    if filters.get("sorteer") == "contact":
        verwacht.sort(key=lambda k: (k.laatste_contact_op or NOOIT_GEBELD, k.sorteernaam, k.pk))
    else:
        verwacht.sort(key=lambda k: (k.sorteernaam, k.voornaam, k.pk))
    blad, _aandacht, aantal = selectors.caseload_blad(RequestFactory().get("/"), km, filters)
    assert [k.pk for k in blad.object_list] == [k.pk for k in verwacht] and aantal == len(verwacht)
    assert 0 < len(verwacht) < caseload.count() or filters == {"sorteer": "contact"}


def _blad(verzoek, km, filters):
    return selectors.caseload_blad(verzoek, km, filters, per_pagina=4)[0]


def test_a_klantmanager_without_organisation(caseloads):
    km, collega = caseloads
    User.objects.filter(pk__in=[km.pk, collega.pk]).update(organisatie=None)
    km.refresh_from_db()
    assert set(selectors.klantmanagers_van_caseload(km)) == {km.pk, collega.pk} == _orm_klantmanagers(km)


def test_the_next_visit_builds_no_query(caseloads, monkeypatch):
    km, _collega = caseloads
    rf = RequestFactory()
    zonder_zoeken = [f for f in FILTERS if not selectors.zoekwoorden(f.get("q"))]
    eerste = [selectors.caseload_blad(rf.get("/"), km, filters, per_pagina=4) for filters in zonder_zoeken]
    volgende = [selectors.caseload_blad(rf.get("/", {"na": blad.volgende}), km, filters, per_pagina=4)
                for (blad, *_a), filters in zip(eerste, zonder_zoeken, strict=True) if blad.volgende]
    gebouwd = gebouwde_queries(monkeypatch)
    tweede = [selectors.caseload_blad(rf.get("/"), km, filters, per_pagina=4) for filters in zonder_zoeken]
    for (blad, *_a), filters in zip(eerste, zonder_zoeken, strict=True):
        if blad.volgende:
            selectors.caseload_blad(rf.get("/", {"na": blad.volgende}), km, filters, per_pagina=4)
    assert volgende and gebouwd == []  # the page and its counts: SQL compiled once per process
    assert [(b.object_list, a, n) for b, a, n in tweede] == [(b.object_list, a, n) for b, a, n in eerste]
    assert tweede[0][2] == 18 + 1  # Willem is Karin's too


@pytest.mark.parametrize("filters", [{}, {"aandacht": "alle", "sorteer": "contact"}, {"werkfit": "ja"}],
                         ids=["zoals-hij-opent", "aandacht-op-contact", "werkfit"])
def test_the_caseload_page_builds_no_query_of_kandidaten_on_the_next_visit(client, caseloads, filters, monkeypatch):
    """The page as the klantmanager opens it again (and with filters they use): the list of the page and its counts
    are filled in, not built (before, the page built the caseload's queryset, with an EXISTS per rule, every time)."""
    km, _collega = caseloads
    client.force_login(km)
    eerste = client.get("/klantmanager/", filters).context
    gebouwd = gebouwde_queries(monkeypatch)
    tweede = client.get("/klantmanager/", filters).context
    assert tweede["blad"].object_list == eerste["blad"].object_list and tweede["blad"].object_list
    assert (tweede["aantal"], tweede["aantal_aandacht"]) == (eerste["aantal"], eerste["aantal_aandacht"])
    assert not [c for c in gebouwd if c.query.model is Kandidaat]
