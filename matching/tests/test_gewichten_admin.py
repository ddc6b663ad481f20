import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from matching import selectors
from matching.models import Matchgewichten
from matching.selectors import matchgewichten

pytestmark = pytest.mark.django_db

ALLES_NUL = {o: 0 for o in Matchgewichten.ONDERDELEN}


def test_beheerder_tunes_the_weights_in_the_admin(client, wereld):
    Matchgewichten.objects.get_or_create(pk=1)
    client.force_login(wereld.beheerder)
    url = reverse("admin:matching_matchgewichten_change", args=[1])
    response = client.post(url, {**matchgewichten(), "afstand": 40, "taal": 0}, follow=True)
    assert "De nieuwe gewichten gelden binnen 5 seconden voor elke rangschikking." in response.content.decode()
    rij = Matchgewichten.objects.get()
    assert (rij.afstand, rij.taal, rij.gewijzigd_door) == (40, 0, wereld.beheerder)
    assert matchgewichten()["afstand"] == 40


def test_all_zero_is_refused_with_a_message(client, wereld):
    Matchgewichten.objects.get_or_create(pk=1)
    client.force_login(wereld.beheerder)
    response = client.post(reverse("admin:matching_matchgewichten_change", args=[1]), ALLES_NUL)
    assert response.status_code == 200 and "Geef minstens één onderdeel een gewicht" in response.content.decode()
    assert Matchgewichten.objects.get().vereist == 35


def test_without_the_row_the_defaults_apply():
    Matchgewichten.objects.all().delete()
    assert matchgewichten()["vereist"] == 35 and matchgewichten()["beroep"] == 25


class Klok:
    """``time`` as matching.selectors sees it, with a monotonic clock the test moves."""

    def __init__(self):
        self.nu = 1000.0

    def monotonic(self):
        return self.nu


def test_a_process_reads_the_weights_once_per_period_and_sees_another_process_change_after_it(monkeypatch):
    """Every ranking (the dossier, "Wie past erbij?") read the weights row: a round trip on a fifth of all pages.
    Now a process keeps them ``GEWICHTEN_GELDIG_SECONDEN``; a change saved elsewhere (here: an UPDATE that no signal
    of this process sees) counts from the next read after that."""
    klok = Klok()
    monkeypatch.setattr(selectors, "time", klok)
    Matchgewichten.objects.get_or_create(pk=1)
    with CaptureQueriesContext(connection) as ctx:
        eerst = matchgewichten()
        eerst["vereist"] = 99  # the caller's copy
        assert matchgewichten()["vereist"] == 35
    assert len(ctx.captured_queries) == 1
    Matchgewichten.objects.filter(pk=1).update(vereist=50)
    klok.nu += selectors.GEWICHTEN_GELDIG_SECONDEN - 0.1
    assert matchgewichten()["vereist"] == 35
    klok.nu += 0.1
    assert matchgewichten()["vereist"] == 50


def test_saving_the_weights_counts_at_once_in_the_saving_process(monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(selectors, "time", Klok())  # the clock stands still: only forgetting reads them again
    rij, _ = Matchgewichten.objects.get_or_create(pk=1)
    assert matchgewichten()["afstand"] == 15
    rij.afstand = 30
    with django_capture_on_commit_callbacks(execute=True):
        rij.save()
    assert matchgewichten()["afstand"] == 30
    rij.delete()
    assert matchgewichten()["afstand"] == 15
