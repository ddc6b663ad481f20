"""``Kandidaat.zoektekst``: first name and surname in upper case, a column the database keeps itself; and on
PostgreSQL the indexes of a name search on it.

A search in a large caseload (a team covering 500 colleagues: 62,000 kandidaten) looks for the word in the names of
every kandidaat of the caseload: with "jan" one in fifteen matches, too many for a trigram index to help. PostgreSQL
read each of the 62,000 rows from the table (16,886 pages) and upper-cased both names of each, for the count and again
for the page: 36 and 73 ms, the page 105-126 ms. Now:

- the caseload's name index ``kandidaat_caseload_naam`` (klantmanager, sorteernaam, voornaam, id) also carries
  ``zoektekst`` (``INCLUDE``): the count and the choice of the page read that index alone (an index-only scan, 2,013
  pages), and compare with LIKE only, no UPPER() per row; the page then reads its 26 rows by key
  (``klantreis.lib.paginering.blader(..., sleutels_eerst=True)``);
- the trigram index for rare names (``kandidaat_naam_trgm``, migration 0019, on UPPER(voornaam) and UPPER(achternaam))
  is built on ``zoektekst`` instead, which the search now names.

Adding a stored generated column rewrites the table once (for a million kandidaten 20-30 s, during which the table is
locked). The indexes are built beside the old ones and swapped in (CONCURRENTLY: logins and edits go on while a
million rows are indexed; outside a transaction: atomic = False). The model state keeps the caseload index as it was:
SQLite has no INCLUDE (Django would warn on every migrate there), and the columns the ORM names are the same.
Measured in docs/benchmarks.md, negenentwintigste sessie.
"""

import django.db.models.functions.text
from django.db import migrations, models

from klantreis.lib.migraties import vervang_index

TABEL = "werkzoekenden_kandidaat"
CASELOAD = "kandidaat_caseload_naam"
CASELOAD_SLEUTEL = '"klantmanager_id", "sorteernaam", "voornaam", "id"'
TRIGRAM = "kandidaat_naam_trgm"


def op_zoektekst(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        vervang_index(schema_editor, TABEL, CASELOAD, f'({CASELOAD_SLEUTEL}) INCLUDE ("zoektekst")')
        vervang_index(schema_editor, TABEL, TRIGRAM, 'USING gin ("zoektekst" gin_trgm_ops)')


def op_de_namen(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        vervang_index(schema_editor, TABEL, CASELOAD, f"({CASELOAD_SLEUTEL})")
        vervang_index(schema_editor, TABEL, TRIGRAM,
                      'USING gin (UPPER("voornaam") gin_trgm_ops, UPPER("achternaam") gin_trgm_ops)')


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("werkzoekenden", "0019_kandidaat_naam_trgm"),
    ]

    operations = [
        migrations.AddField(
            model_name="kandidaat",
            name="zoektekst",
            field=models.GeneratedField(db_persist=True, expression=django.db.models.functions.text.Upper(
                django.db.models.functions.text.Concat("voornaam", models.Value(" "), "achternaam")),
                output_field=models.CharField(max_length=251), verbose_name="zoektekst"),
        ),
        # Reversed, the indexes go back before the column goes.
        migrations.RunPython(op_zoektekst, op_de_namen),
    ]
