"""Response headers: pages with personal data and downloads are never stored; no device features."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_logged_in_page_is_never_stored_and_a_public_page_may_be(client, wereld):
    publiek = client.get(reverse("verzoek_indienen"))
    assert "no-store" not in publiek.get("Cache-Control", "")
    assert "camera=()" in publiek["Permissions-Policy"]

    client.force_login(wereld.klantmanager)
    dossier = client.get(reverse("dossier", args=[wereld.kandidaat.pk]))
    assert dossier.status_code == 200
    assert dossier["Cache-Control"] == "no-store"


def test_a_download_is_never_stored(client, wereld):
    wereld.met_bemiddeling()
    client.force_login(wereld.accountmanager)
    ics = client.get(reverse("gesprek_agenda", args=[wereld.gesprek.pk]))
    assert ics.status_code == 200 and "attachment" in ics["Content-Disposition"]
    assert ics["Cache-Control"] == "no-store"
