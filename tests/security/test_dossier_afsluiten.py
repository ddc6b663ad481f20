"""Closing a dossier starts the retention periods and ends the bemiddeling; until anonymised it can reopen."""

import pytest
from django.urls import reverse
from django.utils import timezone

from bemiddeling.models import Voordracht
from privacy.bewaren import dossiers_anonimiseren
from werkzoekenden.models import Kandidaat

pytestmark = pytest.mark.django_db


def test_the_klantmanager_closes_with_a_reason_and_a_confirmation(client, wereld, django_capture_on_commit_callbacks):
    wereld.met_bemiddeling()
    client.force_login(wereld.klantmanager)
    url = reverse("dossier_afsluiten", args=[wereld.kandidaat.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"actie": "afsluiten", "reden": "werk"})
    assert response.status_code == 400 and "Vink aan dat je dit begrijpt." in response.content.decode()
    assert Kandidaat.objects.get(pk=wereld.kandidaat.pk).afgesloten_op is None
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"actie": "afsluiten", "reden": "werk", "bevestigd": "on"})
    assert response.status_code == 302
    kandidaat = Kandidaat.objects.get(pk=wereld.kandidaat.pk)
    assert kandidaat.afgesloten_op is not None and kandidaat.afsluitreden == "werk"
    # The bemiddeling ends: no active consent, the open voordracht stopped.
    assert not kandidaat.toestemmingen.filter(ingetrokken_op__isnull=True).exists()
    assert Voordracht.objects.get(pk=wereld.voordracht.pk).status == Voordracht.Status.ZONDER_TOESTEMMING
    assert "Dossier afgesloten op" in client.get(reverse("dossier", args=[kandidaat.pk])).content.decode()

    client.post(url, {"actie": "heropenen"})
    kandidaat.refresh_from_db()
    assert kandidaat.afgesloten_op is None and kandidaat.afsluitreden == ""


def test_an_anonymised_dossier_cannot_reopen(client, wereld):
    client.force_login(wereld.klantmanager)
    url = reverse("dossier_afsluiten", args=[wereld.kandidaat.pk])
    client.post(url, {"actie": "afsluiten", "reden": "verhuisd", "bevestigd": "on"})
    dossiers_anonimiseren([wereld.kandidaat.pk], nu=timezone.now())
    response = client.post(url, {"actie": "heropenen"}, follow=True)
    assert "geanonimiseerd en kan niet meer open" in response.content.decode()
    assert Kandidaat.objects.get(pk=wereld.kandidaat.pk).afgesloten_op is not None


def test_others_cannot_close_a_dossier(client, wereld):
    url = reverse("dossier_afsluiten", args=[wereld.kandidaat.pk])
    for gebruiker in (wereld.vreemde_klantmanager, wereld.werkzoekende_user, wereld.accountmanager):
        client.force_login(gebruiker)
        assert client.post(url, {"actie": "afsluiten", "reden": "werk", "bevestigd": "on"}).status_code == 404
    assert Kandidaat.objects.get(pk=wereld.kandidaat.pk).afgesloten_op is None
