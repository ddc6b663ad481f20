"""Every list page costs a fixed number of queries, however many rows there are."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from werkgevers.tests.factories import VacatureFactory, WerkgeverFactory
from werkzoekenden.tests.factories import KandidaatFactory

pytestmark = pytest.mark.django_db


def queries_voor(client, url):
    ContentType.objects.clear_cache()  # measure a cold process, not a warm cache
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_caseload(client, wereld):
    client.force_login(wereld.klantmanager)
    url = reverse("klantmanager_home")
    klein = queries_voor(client, url)
    KandidaatFactory.create_batch(40, klantmanager=wereld.klantmanager)
    groot = queries_voor(client, url)
    # session, user, count, page of kandidaten (+gemeente), content type of Kandidaat, one bulk INSERT
    # into the verwerkingenlog, organisatie and regio of the user in the intro
    assert (klein, groot) == (8, 8)


def test_werkgevers_of_accountmanager(client, wereld):
    client.force_login(wereld.accountmanager)
    url = reverse("accountmanager_home")
    klein = queries_voor(client, url)
    WerkgeverFactory.create_batch(40, accountmanager=wereld.accountmanager)
    groot = queries_voor(client, url)
    # session, user, count and page of werkgevers (+gemeente), first verzoeken (+werkgever, gemeente,
    # accountmanager) and their count, waiting voordrachten, open taken, organisatie and regio of the user
    assert (klein, groot) == (10, 10)


def test_vacatures_of_werkgever(client, wereld):
    client.force_login(wereld.werkgever_user)
    url = reverse("werkgever_home")
    VacatureFactory(werkgever=wereld.werkgever)
    klein = queries_voor(client, url)
    VacatureFactory.create_batch(40, werkgever=wereld.werkgever)
    groot = queries_voor(client, url)
    # session, user, werkgever (+accountmanager, organisatie, gemeente, regio), WSP of region,
    # count, page of vacatures (+gemeente, beroep, counts of voordrachten), afspraken, regio in the header
    assert (klein, groot) == (8, 8)


def test_beheerder_overview(client, wereld):
    client.force_login(wereld.beheerder)
    url = reverse("beheerder_home")
    klein = queries_voor(client, url)
    KandidaatFactory.create_batch(5, klantmanager=wereld.klantmanager)
    WerkgeverFactory.create_batch(5)
    groot = queries_voor(client, url)
    assert klein == groot


@pytest.mark.parametrize("model", ["user", "organisatie", "gemeente", "arbeidsmarktregio", "verwerking"])
def test_admin_lists(client, wereld, model):
    client.force_login(wereld.beheerder)
    url = reverse(f"admin:accounts_{model}_changelist")
    klein = queries_voor(client, url)
    WerkgeverFactory.create_batch(10)
    KandidaatFactory.create_batch(10, klantmanager=wereld.klantmanager)
    client.get(reverse("klantmanager_home"))  # adds lines to the verwerkingenlog
    client.force_login(wereld.beheerder)
    assert queries_voor(client, url) == klein
