"""conftest.dode_rijen_opruimen: after a module, a table full of deleted rows is vacuumed and analysed, as
autovacuum would have done (it is off on the machines CI runs on); a table with few dead rows is left alone."""

import pytest
from django.db import connection
from django.utils import timezone

from conftest import dode_rijen_opruimen, ontbreekt
from klantreis.lib.bulk import rijen_invoegen
from outbox.models import Mail

pytestmark = pytest.mark.django_db(transaction=True)


def _stand(tabel):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_force_next_flush()")  # this connection's counts, now (PostgreSQL 15)
        cursor.execute("SELECT n_dead_tup, last_vacuum IS NOT NULL, last_analyze IS NOT NULL FROM "
                       "pg_stat_user_tables WHERE relname = %s", [tabel])
        return cursor.fetchone()


def test_a_table_full_of_deleted_rows_is_vacuumed_and_analysed():
    if connection.vendor != "postgresql":
        ontbreekt("PostgreSQL nodig")
    nu = timezone.now()
    rijen_invoegen(Mail, ["message_id", "aan", "onderwerp", "template", "context", "tekst", "aangemaakt_op",
                          "volgende_poging_op"],
                   [(f"{i:032x}", "a@voorbeeld.nl", "Onderwerp", "", {}, "", nu, nu) for i in range(2500)])
    Mail.objects.all().delete()
    tabel = Mail._meta.db_table
    dood, _, _ = _stand(tabel)
    assert dood >= 2500
    assert tabel in dode_rijen_opruimen(connection, grens=2000)
    assert _stand(tabel) == (0, True, True)
    assert tabel not in dode_rijen_opruimen(connection, grens=2000)  # nothing left to do
