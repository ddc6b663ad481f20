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
    # (+klantmanager, organisatie, gemeente), the requests
    assert (klein, groot) == (3, 3)


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


def test_the_dossiers_lists_come_in_one_query_on_postgresql(client, wereld):
    """The klantmanagers of the dossier, the wished beroepen, the open consent questions, the AVG requests, the
    aanvragen and the werkgevers of the fitting vacatures: one round trip (``vaste_vorm.samen``), each on its own
    elsewhere; the page shows what each holds."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from beroepen.tests.factories import BeroepFactory

    kandidaat = vol_dossier(wereld, n=2, kandidaat=wereld.kandidaat)  # handed over warmly to a colleague
    kandidaat.gewenste_beroepen.add(BeroepFactory(naam="Stratenmaker"))
    client.force_login(kandidaat.klantmanager)
    url = reverse("dossier", args=[kandidaat.pk])
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        antwoord = client.get(url)
    assert antwoord.status_code == 200
    html = antwoord.content.decode()
    tabellen = ("werkzoekenden_klantmanagertoewijzing", "matching_beroep", "werkzoekenden_toestemmingverzoek",
                "werkzoekenden_rechtenverzoek", "ondersteuning_aanvraag")
    per_tabel = {t: [q["sql"] for q in queries.captured_queries if f'"{t}"' in q["sql"] and "FROM" in q["sql"]]
                 for t in tabellen}
    if connection.vendor == "postgresql":
        samen = per_tabel["werkzoekenden_rechtenverzoek"]
        assert len(samen) == 1 and all(samen[0] in lijst for lijst in per_tabel.values()), per_tabel
    else:
        assert all(len(lijst) >= 1 for lijst in per_tabel.values())
    verzoeken = [reverse("rechtenverzoek", args=[pk]) for pk in kandidaat.rechtenverzoeken.values_list("pk", flat=True)]
    for tekst in ("Stratenmaker", "Tuin B.V. 1 (Tuinman 1)", "VCA-cursus 1", *verzoeken, wereld.klantmanager.get_full_name(),
                  kandidaat.klantmanager.get_full_name()):
        assert tekst in html, tekst
