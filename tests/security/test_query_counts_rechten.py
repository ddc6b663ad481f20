"""The pages of the werkzoekende's rights cost a fixed number of queries, however many requests or rows."""

import pytest
from django.urls import reverse

from conftest import logregel_queries
from tests.security.rechten_helpers import vol_dossier
from tests.test_query_counts import queries_voor
from werkzoekenden.tests.factories import RechtenverzoekFactory

pytestmark = pytest.mark.django_db


def test_mijn_gegevens(client, wereld):
    client.force_login(wereld.werkzoekende_user)
    url = reverse("mijn_gegevens")
    RechtenverzoekFactory(kandidaat=wereld.kandidaat)
    klein = queries_voor(client, url)
    RechtenverzoekFactory.create_batch(15, kandidaat=wereld.kandidaat, status="afgehandeld", uitkomst="gedaan",
                                       antwoord="Gedaan.", afgehandeld_op="2026-11-30T10:00:00+01:00")
    groot = queries_voor(client, url)
    # session+user (+organisatie, regio: the page header; the unread meldingen count, the bell), kandidaat
    # (+klantmanager, organisatie, gemeente), the requests, who else has access to the dossier (+colleague,
    # organisatie, given by, consent)
    assert (klein, groot) == (4, 4)


def test_dossier_with_requests_for_the_klantmanager(client, wereld):
    client.force_login(wereld.klantmanager)
    url = reverse("dossier", args=[wereld.kandidaat.pk])
    RechtenverzoekFactory(kandidaat=wereld.kandidaat)
    queries_voor(client, url)  # the first visit also builds the process's matching index
    klein = queries_voor(client, url)
    RechtenverzoekFactory.create_batch(10, kandidaat=wereld.kandidaat)
    assert queries_voor(client, url) == klein


def test_rechtenverzoek_page(client, wereld):
    client.force_login(wereld.klantmanager)
    verzoek = RechtenverzoekFactory(kandidaat=wereld.kandidaat)
    # session+user (+organisatie for the log line, regio for the page header, the unread meldingen count for the
    # bell), the request (+kandidaat, klantmanager, account, afgehandeld_door), content type, the verwerkingenlog
    # line with its betrokkene (logregel_queries)
    assert queries_voor(client, reverse("rechtenverzoek", args=[verzoek.pk])) == 3 + logregel_queries()


def test_download_does_not_grow_with_the_dossier(client, wereld):
    client.force_login(wereld.werkzoekende_user)
    url = reverse("mijn_gegevens_json")
    vol_dossier(wereld, n=1, kandidaat=wereld.kandidaat)
    klein = queries_voor(client, url)
    vol_dossier(wereld, n=4, kandidaat=wereld.kandidaat)
    assert queries_voor(client, url) == klein
