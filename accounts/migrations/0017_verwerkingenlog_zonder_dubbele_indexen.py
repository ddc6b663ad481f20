"""The verwerkingenlog without indexes that another index already covers.

Every logged page view (a dossier, a caseload page, the werkgever's start page) writes a line and its betrokkenen,
and so every index of both tables. Five of them served no query:

- ``content_type_id`` of both tables: the lookups (``content_type``, ``object_id``, ...) of ``Meta.indexes`` start
  with it, and nothing looks up the content type alone;
- ``object_id`` of a line, with its ``varchar_pattern_ops`` twin: a line is looked up by its betrokkenen
  (``verwerking_betrokkene_idx``) or by (``content_type``, ``object_id``), never by ``object_id`` alone;
- the ``varchar_pattern_ops`` twin of ``actie`` (PostgreSQL gives every indexed text column one, for ``LIKE 'x%'``):
  the beheerder's list filters on an action with ``=``, which the plain index of ``actie`` serves.

Measured on the national bench: the INSERT of a line took 0.79-0.90 ms of the database's CPU inside a page, 0.75-0.77
without them (docs/benchmarks.md, eenendertigste sessie), and the table of the fastest growing data carries less.

The model state changes with Django's operations; the database only drops the indexes (CONCURRENTLY on PostgreSQL,
so the log goes on being written: outside a transaction, ``atomic = False``). Django's own ``AlterField`` would also
drop and re-add the foreign keys, which checks every line of the log again.
"""

import django.db.models.deletion
from django.db import migrations, models

LIJNEN = "accounts_verwerking"
BETROKKENEN = "accounts_verwerkingbetrokkene"
# (table, index, definition) as Django made them (migration 0001 and 0007): their names are Django's own.
WEG = [
    (LIJNEN, "accounts_verwerking_content_type_id_ce2de779", '("content_type_id")'),
    (LIJNEN, "accounts_verwerking_object_id_d42e99fc", '("object_id")'),
    (BETROKKENEN, "accounts_verwerkingbetrokkene_content_type_id_5fd667bc", '("content_type_id")'),
]
WEG_POSTGRESQL = [
    (LIJNEN, "accounts_verwerking_object_id_d42e99fc_like", '("object_id" varchar_pattern_ops)'),
    (LIJNEN, "accounts_verwerking_actie_2c209cc7_like", '("actie" varchar_pattern_ops)'),
]


def _indexen(schema_editor):
    return WEG + (WEG_POSTGRESQL if schema_editor.connection.vendor == "postgresql" else [])


def weg(apps, schema_editor):
    gelijktijdig = "CONCURRENTLY " if schema_editor.connection.vendor == "postgresql" else ""
    for _tabel, naam, _definitie in _indexen(schema_editor):
        schema_editor.execute(f'DROP INDEX {gelijktijdig}IF EXISTS "{naam}"')


def terug(apps, schema_editor):
    gelijktijdig = "CONCURRENTLY " if schema_editor.connection.vendor == "postgresql" else ""
    for tabel, naam, definitie in _indexen(schema_editor):
        schema_editor.execute(f'CREATE INDEX {gelijktijdig}IF NOT EXISTS "{naam}" ON "{tabel}" {definitie}')


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("accounts", "0016_gebruiker_zoektekst"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="verwerking",
                    name="content_type",
                    field=models.ForeignKey(blank=True, db_index=False, null=True,
                                            on_delete=django.db.models.deletion.PROTECT,
                                            to="contenttypes.contenttype", verbose_name="soort gegeven"),
                ),
                migrations.AlterField(
                    model_name="verwerking",
                    name="object_id",
                    field=models.CharField(blank=True, max_length=64, verbose_name="record"),
                ),
                migrations.AlterField(
                    model_name="verwerkingbetrokkene",
                    name="content_type",
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT,
                                            to="contenttypes.contenttype", verbose_name="soort persoon"),
                ),
            ],
            database_operations=[migrations.RunPython(weg, terug)],
        ),
    ]
