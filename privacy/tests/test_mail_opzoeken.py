"""The AVG exports find a person's mail through the index on ``UPPER("aan")``, not by reading every mail ever sent
(the outbox holds one row per recipient of every reminder and check-in of every sweep)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from outbox.models import Mail
from outbox.selectors import mails_aan
from privacy.export import gegevens_van, kandidaat_voor_export
from privacy.export_werkgever import werkgever_gegevens_van
from tests.plannen import leest_hoogstens

pytestmark = pytest.mark.django_db

ANDEREN = 600  # mail to other people: enough that reading all of it is not the cheap plan


def _mail(aan, i=0):
    return Mail(aan=aan, onderwerp=f"Bericht {i}", tekst="Hallo")


@pytest.fixture
def drukke_outbox(wereld):
    Mail.objects.bulk_create([_mail(f"iemand{i}@voorbeeld.nl", i) for i in range(ANDEREN)])
    # Lower case as ``outbox.services.ontvangers`` stores it, and as typed (a sweep's ``mails_invoegen``).
    Mail.objects.bulk_create([_mail(wereld.werkgever_user.email), _mail(wereld.werkgever_user.email.upper()),
                              _mail(wereld.kandidaat.email.lower()), _mail(wereld.kandidaat.email.title())])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE outbox_mail")
    return wereld


def test_mails_aan_finds_a_persons_mail_whatever_the_case():
    Mail.objects.bulk_create([_mail("willem@voorbeeld.nl"), _mail("Willem@Voorbeeld.NL"), _mail("anja@voorbeeld.nl")])
    assert sorted(mails_aan([" WILLEM@voorbeeld.nl", ""]).values_list("aan", flat=True)) == [
        "Willem@Voorbeeld.NL", "willem@voorbeeld.nl"]
    assert not mails_aan(["", None]).exists()


def test_the_werkgevers_export_reads_only_his_mail(drukke_outbox):
    with CaptureQueriesContext(connection) as queries:
        gegevens = werkgever_gegevens_van(drukke_outbox.werkgever_user)
    assert len(gegevens["mails_aan_u"]) == 2
    if connection.vendor == "postgresql":  # EXPLAIN ANALYZE is PostgreSQL's
        leest_hoogstens(queries, "outbox_mail", 2, sorteren=True)


def test_the_werkzoekendes_export_reads_only_her_mail(drukke_outbox):
    kandidaat = kandidaat_voor_export(drukke_outbox.kandidaat.pk)
    with CaptureQueriesContext(connection) as queries:
        gegevens = gegevens_van(kandidaat)
    assert len(gegevens["mails_aan_jou"]) >= 2
    if connection.vendor == "postgresql":
        leest_hoogstens(queries, "outbox_mail", len(gegevens["mails_aan_jou"]), sorteren=True)


def test_the_query_django_writes_can_use_the_index():
    """The index is on the expression the lookup writes, on either database: SQLite's plan names it; PostgreSQL's,
    with a sequential scan priced out (a test table is small), uses it."""
    # Without the export's order: on a small table PostgreSQL would rather walk the index on the date and filter.
    sql, params = mails_aan(["willem@voorbeeld.nl"]).order_by().query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql, params)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = " ".join(str(rij[-1]) for rij in cursor.fetchall())
    assert "mail_aan_hoofdletters" in plan, plan
