"""The counts of the caseload page with SQL compiled once per process (``vaste_vorm``): the same numbers as the
ORM's querysets, for the klantmanager's own caseload and for one that covers for a colleague, and no query built
again on the next visit."""

import random
from datetime import timedelta

import pytest
from django.db.models import Q
from django.db.models.sql.compiler import SQLCompiler
from django.utils import timezone

from accounts.models import User
from accounts.tests.factories import KlantmanagerFactory
from sollicitaties.models import Sollicitatieplicht
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
            qs, aandacht, aantal = selectors.caseload_met_aantal(wie, filters)
            assert aantal == qs.count(), filters
            assert aandacht == selectors.caseload_gefilterd(wie, filters)[1]
    assert set(selectors.klantmanagers_van_caseload(km)) == {km.pk, collega.pk}
    assert selectors.caseload_met_aantal(km, {})[2] == Kandidaat.objects.filter(klantmanager__in=[km, collega]).count()


def test_a_klantmanager_without_organisation(caseloads):
    km, collega = caseloads
    User.objects.filter(pk__in=[km.pk, collega.pk]).update(organisatie=None)
    km.refresh_from_db()
    assert set(selectors.klantmanagers_van_caseload(km)) == {km.pk, collega.pk} == _orm_klantmanagers(km)


def test_the_next_visit_builds_no_query(caseloads, monkeypatch):
    km, _collega = caseloads
    eerste = selectors.caseload_met_aantal(km, {})
    gebouwd = []
    origineel = SQLCompiler.as_sql
    monkeypatch.setattr(SQLCompiler, "as_sql", lambda self, *a, **k: gebouwd.append(self) or origineel(self, *a, **k))
    tweede = selectors.caseload_met_aantal(km, {})
    assert gebouwd == []  # the list itself is built when the page reads it, as before
    assert tweede[1:] == eerste[1:] and tweede[2] == 18 + 1  # Willem is Karin's too
