"""Issue #12: one account downloaded the same cv 500 times in 9 s and browsed 75 profiles in 2.6 s, unbraked.

The brake: per account and window (LIMIET_VENSTER_MINUTEN, 10), at most LIMIET_CV_DOWNLOADS (30) downloads and
LIMIET_PROFIELEN (30) different kandidaten; past it a 429, a row in the verwerkingenlog per attempt and one task
per window for the coordinators of the region."""

import json
import os
import subprocess
import sys
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import Verwerking
from accounts.tests.factories import AccountmanagerFactory, KlantmanagerFactory
from conftest import ontbreekt
from taken.models import Taak
from werkzoekenden.services import cv_opslaan
from werkzoekenden.tests.factories import KandidaatFactory

pytestmark = pytest.mark.django_db(transaction=False)

REDIS_URL = "redis://127.0.0.1:6379/6"
# Parallel test workers (pytest-xdist) share this Redis database and repeat each other's user ids: each worker's
# counters live under a prefix of its own, and a worker empties only its own keys.
SLEUTELPREFIX = f"bulkrem-test-{os.environ.get('PYTEST_XDIST_WORKER', 'master')}"


@pytest.fixture
def met_cv(wereld):
    cv_opslaan(kandidaat=wereld.kandidaat, door=wereld.klantmanager, soort="pdf",
               bestand=ContentFile(b"%PDF-1.4 test", name="cv.pdf"))
    wereld.coordinator = AccountmanagerFactory(regio=wereld.klantmanager.regio, is_coordinator=True,
                                               voornaam="Hans", achternaam="Klip")
    return wereld


def _downloaden(client, wereld, keer):
    url = reverse("cv_downloaden", args=[wereld.kandidaat.pk])
    return [client.get(url).status_code for _i in range(keer)]


def _geblokkeerd(gebruiker):
    return Verwerking.objects.filter(gebruiker=gebruiker, doel__startswith="geblokkeerd")


def test_the_31st_download_in_ten_minutes_is_braked_logged_and_gives_one_task(client, met_cv, django_capture_on_commit_callbacks):
    wereld = met_cv
    client.force_login(wereld.klantmanager)
    with django_capture_on_commit_callbacks(execute=True):
        statussen = _downloaden(client, wereld, 30)
    assert statussen == [200] * 30
    assert not _geblokkeerd(wereld.klantmanager).exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("cv_downloaden", args=[wereld.kandidaat.pk]))
    assert response.status_code == 429
    html = response.content.decode()
    assert "Waarschijnlijk is dit een vergissing" in html and "coördinator" in html
    assert "Over 10 minuten kun je weer verder" in html and response["Retry-After"] == "600"
    assert _geblokkeerd(wereld.klantmanager).count() == 1
    # 40 more attempts: each is logged, but the coordinators get one task for this window, not 41.
    with django_capture_on_commit_callbacks(execute=True):
        assert set(_downloaden(client, wereld, 40)) == {429}
    assert _geblokkeerd(wereld.klantmanager).count() == 41
    taken = Taak.objects.filter(sleutel__startswith="bulkrem:")
    assert [t.toegewezen_aan for t in taken] == [wereld.coordinator]
    assert "Karin Klant" in taken[0].omschrijving and "30" in taken[0].omschrijving


def test_after_the_window_the_account_can_download_again(client, met_cv, django_capture_on_commit_callbacks):
    wereld = met_cv
    client.force_login(wereld.klantmanager)
    with time_machine.travel(timezone.now(), tick=False) as reis:
        with django_capture_on_commit_callbacks(execute=True):
            assert _downloaden(client, wereld, 31)[-1] == 429
        reis.shift(timedelta(minutes=6))
        response = client.get(reverse("cv_downloaden", args=[wereld.kandidaat.pk]))
        assert response.status_code == 429 and "Over 4 minuten" in response.content.decode()
        reis.shift(timedelta(minutes=4, seconds=1))
        assert _downloaden(client, wereld, 30) == [200] * 30
        with django_capture_on_commit_callbacks(execute=True):
            assert _downloaden(client, wereld, 1) == [429]
    # A new window that is braked again gives a new task: the coordinator sees it happened twice.
    assert Taak.objects.filter(sleutel__startswith="bulkrem:").count() == 2


def test_two_accounts_have_their_own_counters(client, met_cv):
    wereld = met_cv
    collega = KlantmanagerFactory(regio=wereld.klantmanager.regio, organisatie=wereld.klantmanager.organisatie)
    wereld.kandidaat.klantmanager = wereld.klantmanager
    client.force_login(wereld.klantmanager)
    assert _downloaden(client, wereld, 30) == [200] * 30
    client.force_login(collega)
    # The colleague may see this dossier as waarnemer; their count starts at zero.
    wereld.klantmanager.waarnemer = collega
    wereld.klantmanager.save(update_fields=["waarnemer"])
    statussen = _downloaden(client, wereld, 30)
    assert statussen == [200] * 30, statussen
    client.force_login(wereld.klantmanager)
    assert _downloaden(client, wereld, 1) == [429]


def test_werkgever_downloading_proposed_cvs_counts_too(client, met_cv, django_capture_on_commit_callbacks):
    wereld = met_cv
    wereld.met_bemiddeling()
    client.force_login(wereld.werkgever_user)
    url = reverse("voordracht_cv", args=[wereld.voordracht.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert [client.get(url).status_code for _i in range(31)][-2:] == [200, 429]
    assert _geblokkeerd(wereld.werkgever_user).count() == 1
    # A werkgever account has no WSP region of its own: the task goes to the coordinators of the werkgever's
    # organisation's region, or to the beheerders when that region has none.
    taak = Taak.objects.get(sleutel__startswith="bulkrem:")
    regio = wereld.werkgever_user.organisatie.regio_id if wereld.werkgever_user.organisatie else None
    verwacht = wereld.coordinator if regio == wereld.coordinator.regio_id else wereld.beheerder
    assert taak.toegewezen_aan == verwacht and "Martijn de Heul" in taak.omschrijving


def test_the_werkzoekende_is_never_braked_on_their_own_cv(client, met_cv):
    client.force_login(met_cv.werkzoekende_user)
    assert set(_downloaden(client, met_cv, 35)) == {200}


def test_many_different_dossiers_are_braked_but_a_normal_caseload_afternoon_is_not(client, wereld):
    """A klantmanager works through a caseload of 60 in an afternoon, opening dossier, plan and profile-cv of
    each: opening one person's pages counts once. Opening 31 different people within 10 minutes is braked."""
    caseload = [KandidaatFactory(klantmanager=wereld.klantmanager) for _i in range(60)]
    client.force_login(wereld.klantmanager)
    with time_machine.travel(timezone.now(), tick=False) as reis:
        for i, kandidaat in enumerate(caseload):
            for naam in ("dossier", "plan_van_aanpak", "cv_profiel", "dossier"):
                assert client.get(reverse(naam, args=[kandidaat.pk])).status_code == 200, (i, naam)
            reis.shift(timedelta(minutes=4))  # 60 people in 4 hours: brisk, but casework
        reis.shift(timedelta(minutes=30))
        statussen = [client.get(reverse("dossier", args=[k.pk])).status_code for k in caseload[:31]]
    assert statussen == [200] * 30 + [429]
    assert _geblokkeerd(wereld.klantmanager).count() == 1


def test_a_stranger_still_gets_404_not_429(client, met_cv):
    client.force_login(met_cv.vreemde_klantmanager)
    assert set(_downloaden(client, met_cv, 35)) == {404}


# --- shared between processes ------------------------------------------------------------------------

def _redis_of_overslaan():
    import redis

    try:
        verbinding = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
        verbinding.ping()
    except redis.exceptions.ConnectionError:
        ontbreekt(f"Redis op {REDIS_URL} is niet bereikbaar")
    return verbinding


def _eigen_sleutels_wissen(verbinding):
    for sleutel in verbinding.scan_iter(match=f"{SLEUTELPREFIX}:*"):
        verbinding.delete(sleutel)


TELLER = """
import json, os, sys, types
import django
from django.conf import settings
settings.CACHES["default"]["KEY_PREFIX"] = sys.argv[3]
django.setup()
from accounts.bulkrem import tellen
gebruiker, obj = types.SimpleNamespace(pk=int(sys.argv[1])), types.SimpleNamespace(pk=1)
uit = [tellen(gebruiker, "downloads", obj).aantal for _i in range(int(sys.argv[2]))]
print(json.dumps(uit))
"""


def _proces(gebruiker_id, keer):
    env = {**os.environ, "CACHE_URL": REDIS_URL, "DJANGO_SETTINGS_MODULE": "klantreis.settings_test"}
    return subprocess.Popen([sys.executable, "-c", TELLER, str(gebruiker_id), str(keer), SLEUTELPREFIX], env=env,
                            cwd=settings.BASE_DIR, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_with_redis_the_counter_is_shared_between_processes(client, met_cv):
    verbinding = _redis_of_overslaan()
    _eigen_sleutels_wissen(verbinding)
    wereld = met_cv
    try:
        with override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                                   "LOCATION": REDIS_URL, "KEY_PREFIX": SLEUTELPREFIX}}):
            # Two other web processes count 50 each at the same time: no increment is lost (atomic INCR).
            processen = [_proces(wereld.klantmanager.pk, 50), _proces(wereld.klantmanager.pk, 50)]
            uitkomsten = []
            for proces in processen:
                uit, fout = proces.communicate(timeout=120)
                assert proces.returncode == 0, fout
                uitkomsten += json.loads(uit)
            assert sorted(uitkomsten) == list(range(1, 101))
            # This process sees the same counter: the account is already past the limit here.
            client.force_login(wereld.klantmanager)
            assert _downloaden(client, wereld, 1) == [429]
            assert cache.get(f"bulkrem:downloads:{wereld.klantmanager.pk}:begin") is not None
            # Another account is untouched.
            client.force_login(wereld.werkzoekende_user)
            assert _downloaden(client, wereld, 1) == [200]
    finally:
        _eigen_sleutels_wissen(verbinding)
