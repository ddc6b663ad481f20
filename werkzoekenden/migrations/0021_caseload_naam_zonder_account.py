"""On PostgreSQL the caseload's name index ``kandidaat_caseload_naam`` also carries ``account_id`` and
``afgesloten_op`` (``INCLUDE``, beside ``zoektekst`` of migration 0020).

The invitation page of a klantmanager lists the caseload without an account and with an open dossier, searched by
name. For a team covering 500 colleagues (62,506 kandidaten) a search for "jan" read every row of the caseload from
the table to test those two columns (58,322 of 62,506 dropped by the filter, 26,652 pages): 92 ms in EXPLAIN ANALYZE.
With them in the index, the page's keys come from the index alone (index-only) and only the page's rows are read
(``blader(..., sleutels_eerst=True)`` in ``portaal.views._zonder_account``).

No rows are rewritten; the index is built beside the old one and swapped in (CONCURRENTLY: outside a transaction).
The model state keeps the index as it was (SQLite has no INCLUDE). Measured in docs/benchmarks.md, dertigste sessie.
"""

from django.db import migrations

from klantreis.lib.migraties import vervang_index

TABEL = "werkzoekenden_kandidaat"
CASELOAD = "kandidaat_caseload_naam"
CASELOAD_SLEUTEL = '"klantmanager_id", "sorteernaam", "voornaam", "id"'


def met_account(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        vervang_index(schema_editor, TABEL, CASELOAD,
                      f'({CASELOAD_SLEUTEL}) INCLUDE ("zoektekst", "account_id", "afgesloten_op")')


def zonder_account(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        vervang_index(schema_editor, TABEL, CASELOAD, f'({CASELOAD_SLEUTEL}) INCLUDE ("zoektekst")')


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("werkzoekenden", "0020_zoektekst"),
    ]

    operations = [
        migrations.RunPython(met_account, zonder_account),
    ]
