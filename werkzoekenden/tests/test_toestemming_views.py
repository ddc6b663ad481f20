import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import Verwerking
from bemiddeling.services import voordracht_create
from werkgevers.tests.factories import VacatureFactory
from werkzoekenden.models import Toestemming

pytestmark = pytest.mark.django_db


def test_werkzoekende_grants_and_withdraws_consent_for_one_werkgever(client, wereld):
    vacature = VacatureFactory(werkgever=wereld.werkgever)
    client.force_login(wereld.werkzoekende_user)
    url = reverse("toestemmingen", args=[wereld.kandidaat.pk])
    # Choosing "werkgever" without naming one: a clear message, nothing stored.
    response = client.post(url, {"doel": "werkgever"})
    assert response.status_code == 400 and "Kies met welke werkgever" in response.content.decode()
    assert client.post(url, {"doel": "werkgever", "werkgever": wereld.werkgever.pk}).status_code == 302
    toestemming = Toestemming.objects.get(kandidaat=wereld.kandidaat, werkgever=wereld.werkgever)
    assert Verwerking.objects.filter(object_id=str(toestemming.pk), actie="aanmaken").exists()
    voordracht = voordracht_create(vacature=vacature, kandidaat=wereld.kandidaat, door=wereld.accountmanager,
                                   toelichting="Past")
    client.force_login(wereld.werkgever_user)
    assert client.get(reverse("voordracht_detail", args=[voordracht.pk])).status_code == 200

    client.force_login(wereld.werkzoekende_user)
    client.post(reverse("toestemming_intrekken", args=[toestemming.pk]))
    toestemming.refresh_from_db()
    assert toestemming.ingetrokken_op is not None
    # At once: the werkgever no longer sees the cv, and no new voordracht can be made.
    client.force_login(wereld.werkgever_user)
    assert client.get(reverse("voordracht_detail", args=[voordracht.pk])).status_code == 404
    with pytest.raises(ValidationError):
        voordracht_create(vacature=VacatureFactory(werkgever=wereld.werkgever), kandidaat=wereld.kandidaat,
                          door=wereld.accountmanager, toelichting="Past")


def test_nobody_else_withdraws_someones_consent(client, wereld):
    from werkzoekenden.services import toestemming_verlenen

    toestemming = toestemming_verlenen(kandidaat=wereld.kandidaat, doel="vindbaar", door=wereld.werkzoekende_user)
    client.force_login(wereld.vreemde_klantmanager)
    assert client.post(reverse("toestemming_intrekken", args=[toestemming.pk])).status_code == 404
    toestemming.refresh_from_db()
    assert toestemming.actief


def test_a_klantmanager_records_who_gave_consent_and_how_and_the_werkzoekende_sees_it(client, wereld):
    """Before: the klantmanager's form said "Je toestemming is vastgelegd", as if the klantmanager consented."""
    client.force_login(wereld.klantmanager)
    url = reverse("toestemmingen", args=[wereld.kandidaat.pk])
    zonder = client.post(url, {"doel": "vindbaar"})
    assert zonder.status_code == 400  # how and when are required, and the choice stays as it was
    assert re.search(r'value="vindbaar"[^>]*checked', zonder.content.decode())
    antwoord = client.post(url, {"doel": "vindbaar", "wijze": "gesprek", "gegeven_op": "2026-11-02"}, follow=True)
    tekst = antwoord.content.decode()
    assert "Je toestemming is vastgelegd" not in tekst
    assert "Vastgelegd: Willem gaf toestemming (mondeling in een gesprek op 02-11-2026)" in tekst
    toestemming = Toestemming.objects.get(kandidaat=wereld.kandidaat, doel="vindbaar")
    assert (toestemming.wijze, str(toestemming.gegeven_op), toestemming.verleend_door) == (
        "gesprek", "2026-11-02", wereld.klantmanager)

    client.force_login(wereld.werkzoekende_user)
    eigen = client.get(url).content.decode()
    assert "Je gaf dit mondeling in een gesprek; Karin Klant heeft het voor je vastgelegd" in eigen
    client.post(reverse("toestemming_intrekken", args=[toestemming.pk]))
    toestemming.refresh_from_db()
    assert toestemming.ingetrokken_op is not None


def test_consent_given_in_the_portal_is_recorded_as_such(client, wereld):
    client.force_login(wereld.werkzoekende_user)
    client.post(reverse("toestemmingen", args=[wereld.kandidaat.pk]), {"doel": "vindbaar"})
    toestemming = Toestemming.objects.get(kandidaat=wereld.kandidaat, doel="vindbaar")
    assert toestemming.wijze == "portaal" and toestemming.gegeven_op is not None
