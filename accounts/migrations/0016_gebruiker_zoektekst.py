"""``User.zoektekst``: e-mail address, first name and surname in upper case, a column the database keeps itself; and
on PostgreSQL the indexes of the beheerder's search of the users on it.

A search of two letters ("de") has no trigrams, so the list is walked in name order (``gebruiker_op_naam``) until a
page of matches is found, and counted the same way. Where few users hold the two letters, that walk read every user
from the table and upper-cased three columns of each: with 700,000 users 1.0-1.3 s for the page, and the count was
stopped at its 500 ms. Now:

- the name index ``gebruiker_op_naam`` (achternaam, voornaam, email) also carries ``zoektekst``, ``organisatie_id``
  and ``id`` (``INCLUDE``): the count and the choice of the page's keys read that index alone (an index-only scan)
  and compare with LIKE only, no UPPER() per row; the page then reads its own rows by key
  (``klantreis.lib.beheerlijst.SleutelsEerstPaginator``);
- the trigram index for words of three letters or more (``gebruiker_naam_trgm``, migration 0015, on the three
  columns in upper case) is built on ``zoektekst`` instead, which the search now names.

Adding a stored generated column rewrites the table once (about 20-30 s per million users, during which the table is
locked: run it outside office hours, docs/scaling.md). The indexes are built beside the old ones and swapped in
(CONCURRENTLY: logins go on while they are built; outside a transaction: atomic = False). The model state keeps the
name index as it was: SQLite has no INCLUDE, and the columns the ORM names are the same. Measured in
docs/benchmarks.md, dertigste sessie.
"""

import django.db.models.functions.text
from django.db import migrations, models

from klantreis.lib.migraties import vervang_index

TABEL = "accounts_user"
NAAM = "gebruiker_op_naam"
NAAM_SLEUTEL = '"achternaam", "voornaam", "email"'
TRIGRAM = "gebruiker_naam_trgm"


def op_zoektekst(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        vervang_index(schema_editor, TABEL, NAAM, f'({NAAM_SLEUTEL}) INCLUDE ("zoektekst", "organisatie_id", "id")')
        vervang_index(schema_editor, TABEL, TRIGRAM, 'USING gin ("zoektekst" gin_trgm_ops)')


def op_de_kolommen(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        vervang_index(schema_editor, TABEL, NAAM, f"({NAAM_SLEUTEL})")
        vervang_index(schema_editor, TABEL, TRIGRAM,
                      'USING gin (UPPER("email") gin_trgm_ops, UPPER("voornaam") gin_trgm_ops, '
                      'UPPER("achternaam") gin_trgm_ops)')


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("accounts", "0015_gebruiker_naam_trgm"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="zoektekst",
            field=models.GeneratedField(db_persist=True, expression=django.db.models.functions.text.Upper(
                django.db.models.functions.text.Concat("email", models.Value("\x1f"), "voornaam", models.Value("\x1f"),
                                                       "achternaam")),
                output_field=models.CharField(max_length=506), verbose_name="zoektekst"),
        ),
        # Reversed, the indexes go back before the column goes.
        migrations.RunPython(op_zoektekst, op_de_kolommen),
    ]
