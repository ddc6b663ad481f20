"""The pages for "not found", "not allowed", "not understood" and "something broke": Dutch, in the portal's own look,
with a way back. Before, each was Django's bare English page ("Not Found. The requested resource was not found on
this server.")."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.views import defaults

pytestmark = pytest.mark.django_db


def test_a_page_that_does_not_exist_and_one_of_someone_else_look_the_same(client, wereld):
    client.force_login(wereld.vreemde_klantmanager)
    vreemd = client.get(reverse("dossier", args=[wereld.kandidaat.pk]))
    weg = client.get(reverse("dossier", args=[10**9]))
    for antwoord in (vreemd, weg):
        tekst = antwoord.content.decode()
        assert antwoord.status_code == 404 and "Deze pagina is niet gevonden" in tekst
        assert "Not Found" not in tekst and 'href="/"' in tekst and "Mijn caseload" in tekst  # the own menu
    assert wereld.kandidaat.achternaam not in vreemd.content.decode()
    client.logout()
    anoniem = client.get("/bestaat-niet/")
    assert anoniem.status_code == 404 and "Deze pagina is niet gevonden" in anoniem.content.decode()
    assert "Inloggen" in anoniem.content.decode()


def test_not_allowed_says_so_in_dutch(client, wereld):
    client.force_login(wereld.beheerder)
    antwoord = client.get(reverse("admin:beroepen_beroep_add"))
    assert antwoord.status_code == 403 and "Geen toegang tot deze pagina" in antwoord.content.decode()


def test_a_request_not_understood_and_a_server_error_get_a_dutch_page():
    verzoek = RequestFactory().get("/")
    antwoord = defaults.bad_request(verzoek, Exception("kapot"))
    assert antwoord.status_code == 400 and "Dit verzoek begrijpen we niet" in antwoord.content.decode()
    # Without the database: a server error may be the database being away.
    with CaptureQueriesContext(connection) as queries:
        fout = defaults.server_error(verzoek)
    assert fout.status_code == 500 and "Er ging iets mis" in fout.content.decode() and len(queries) == 0
