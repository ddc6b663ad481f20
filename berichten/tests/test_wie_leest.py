"""What the berichten page tells the werkzoekende and the werkgever about who reads their messages."""

import pytest
from django.urls import reverse

from accounts.services import waarnemer_instellen
from accounts.tests.factories import AccountmanagerFactory, KlantmanagerFactory
from berichten.models import Berichtenwisseling
from berichten.services import wisseling_starten

pytestmark = pytest.mark.django_db
Soort = Berichtenwisseling.Soort


def test_the_werkzoekende_is_not_told_only_her_contactpersoon_reads_her_messages(client, wereld):
    """Her page said "Alleen jij en je contactpersoon lezen ze", while the colleague covering her klantmanager's
    caseload reads them too (and answers them): untrue about who reads her data."""
    wisseling = wisseling_starten(door=wereld.werkzoekende_user, soort=Soort.WERKZOEKENDE, kandidaat=wereld.kandidaat,
                                  onderwerp="Mijn bijstand", tekst="Wanneer hoor ik iets?")
    collega = KlantmanagerFactory(organisatie=wereld.klantmanager.organisatie)
    waarnemer_instellen(gebruiker=wereld.klantmanager, waarnemer=collega)
    client.force_login(collega)
    assert client.get(reverse("wisseling", args=[wisseling.pk])).status_code == 200

    client.force_login(wereld.werkzoekende_user)
    html = client.get(reverse("berichten")).content.decode()
    assert "Alleen jij en je contactpersoon lezen ze" not in html
    assert "Is je contactpersoon er even niet, dan leest de collega die waarneemt ze ook." in html
    assert f'href="{reverse("mijn_gegevens")}#kop-wie"' in html


def test_the_werkgever_is_not_told_only_his_accountmanager_reads_his_messages(client, wereld):
    wisseling = wisseling_starten(door=wereld.werkgever_user, soort=Soort.WERKGEVER, werkgever=wereld.werkgever,
                                  onderwerp="Vacature monteur", tekst="Kunt u ons bellen?")
    collega = AccountmanagerFactory(organisatie=wereld.accountmanager.organisatie, regio=wereld.accountmanager.regio)
    waarnemer_instellen(gebruiker=wereld.accountmanager, waarnemer=collega)
    client.force_login(collega)
    assert client.get(reverse("wisseling", args=[wisseling.pk])).status_code == 200

    client.force_login(wereld.werkgever_user)
    html = client.get(reverse("berichten")).content.decode()
    assert "Alleen u, uw collega" not in html
    assert "Is uw accountmanager er even niet, dan leest de collega die waarneemt ze ook." in html
