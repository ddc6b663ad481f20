import pytest
from django.urls import reverse

from matching.models import Matchgewichten
from matching.selectors import matchgewichten

pytestmark = pytest.mark.django_db

ALLES_NUL = {o: 0 for o in Matchgewichten.ONDERDELEN}


def test_beheerder_tunes_the_weights_in_the_admin(client, wereld):
    Matchgewichten.objects.get_or_create(pk=1)
    client.force_login(wereld.beheerder)
    url = reverse("admin:matching_matchgewichten_change", args=[1])
    response = client.post(url, {**matchgewichten(), "afstand": 40, "taal": 0})
    assert response.status_code == 302
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
