"""A klantmanager who is away: the colleague covering her caseload follows its plaatsingen and nazorg too."""

import pytest
from django.urls import reverse

from accounts.services import waarnemer_instellen
from accounts.tests.factories import KlantmanagerFactory

pytestmark = pytest.mark.django_db


def test_the_colleague_covering_follows_the_plaatsingen_and_nazorg_of_the_caseload(client, wereld):
    """Ilse went on leave and Piotr covers her caseload. He had the melding "Voor Ilse Postma (je neemt waar): Anja
    is begonnen bij ..." and her nazorg task, but the plaatsing and its contact moment were a 404 for him and the
    nazorg overview was empty: a nazorg call due while she was away reached nobody who could make it."""
    wereld.met_plaatsing()
    ilse = wereld.klantmanager
    piotr = KlantmanagerFactory(organisatie=ilse.organisatie, regio=ilse.regio)
    ander = KlantmanagerFactory(organisatie=ilse.organisatie, regio=ilse.regio)
    plaatsing = reverse("plaatsing_detail", args=[wereld.plaatsing.pk])
    moment = reverse("nazorg_uitkomst", args=[wereld.moment.pk])
    waarnemer_instellen(gebruiker=ilse, waarnemer=piotr)

    client.force_login(piotr)
    assert client.get(plaatsing).status_code == 200
    assert client.get(moment).status_code == 200
    assert "Anja Roest" in client.get(reverse("nazorg_overzicht")).content.decode()

    client.force_login(ander)  # a colleague who does not cover for her
    assert client.get(plaatsing).status_code == 404
    assert client.get(moment).status_code == 404
    assert "Anja Roest" not in client.get(reverse("nazorg_overzicht")).content.decode()

    waarnemer_instellen(gebruiker=ilse, waarnemer=None)  # she is back
    client.force_login(piotr)
    assert client.get(plaatsing).status_code == 404
    assert client.get(moment).status_code == 404
    assert "Anja Roest" not in client.get(reverse("nazorg_overzicht")).content.decode()
    client.force_login(ilse)
    assert client.get(plaatsing).status_code == 200
    assert "Anja Roest" in client.get(reverse("nazorg_overzicht")).content.decode()
