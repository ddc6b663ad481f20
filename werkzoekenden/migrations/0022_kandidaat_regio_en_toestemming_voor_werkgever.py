"""Two indexes for "Wie past erbij?" and every ranking of a vacature: who shared their profile with this werkgever
only (not findable in general, so not in the matching index) is read from the database with each ranking.

- ``toestemming_voor_werkgever``: the werkgever's active consents by (werkgever, kandidaat), from the index alone.
  Before, a bitmap scan on ``werkgever_id`` read one table row per consent.
- ``kandidaat_regio`` (regio, id) replaces the foreign key's own index on ``regio_id``: the same lookups by region,
  and one kandidaat by id within a region. The consents of a werkgever come from the whole country; each kandidaat was
  read from the table by primary key to test the region, now only those of the vacature's region are.

In the national demo (125 such consents per werkgever, 13 in its region) the query went from 1.0-1.1 to 0.4-0.5 ms
and a ranking against a cold cache read 35 instead of 103-104 blocks from disk (docs/benchmarks.md,
drieënveertigste sessie). Built CONCURRENTLY on PostgreSQL (reads and writes go on, outside a transaction); the new
index is in place before the old one goes, so the foreign key always has one.
"""

import django.db.models.deletion
from django.db import migrations, models

KANDIDAAT_REGIO = models.Index(fields=["regio", "id"], name="kandidaat_regio")
VOOR_WERKGEVER = models.Index(fields=["werkgever", "kandidaat"],
                              condition=models.Q(doel="werkgever", ingetrokken_op__isnull=True),
                              name="toestemming_voor_werkgever")


def _regio_index_alleen(schema_editor, tabel):
    """The names of the indexes on ``regio_id`` alone (the foreign key's, as Django named it)."""
    with schema_editor.connection.cursor() as cursor:
        beperkingen = schema_editor.connection.introspection.get_constraints(cursor, tabel)
    return [naam for naam, b in beperkingen.items()
            if b["index"] and b["columns"] == ["regio_id"] and not (b["primary_key"] or b["unique"])]


def _gelijktijdig(schema_editor):
    """``concurrently=True`` on PostgreSQL; other databases know no such argument."""
    return {"concurrently": True} if schema_editor.connection.vendor == "postgresql" else {}


def vooruit(apps, schema_editor):
    pg = schema_editor.connection.vendor == "postgresql"
    kandidaat, toestemming = apps.get_model("werkzoekenden", "Kandidaat"), apps.get_model("werkzoekenden", "Toestemming")
    schema_editor.execute(KANDIDAAT_REGIO.create_sql(kandidaat, schema_editor, **_gelijktijdig(schema_editor)))
    schema_editor.execute(VOOR_WERKGEVER.create_sql(toestemming, schema_editor, **_gelijktijdig(schema_editor)))
    for naam in _regio_index_alleen(schema_editor, kandidaat._meta.db_table):
        schema_editor.execute(f'DROP INDEX {"CONCURRENTLY " if pg else ""}IF EXISTS "{naam}"')


def terug(apps, schema_editor):
    pg = schema_editor.connection.vendor == "postgresql"
    kandidaat, toestemming = apps.get_model("werkzoekenden", "Kandidaat"), apps.get_model("werkzoekenden", "Toestemming")
    tabel = kandidaat._meta.db_table
    naam = schema_editor._create_index_name(tabel, ["regio_id"])
    schema_editor.execute(f'CREATE INDEX {"CONCURRENTLY " if pg else ""}"{naam}" ON "{tabel}" ("regio_id")')
    schema_editor.execute(VOOR_WERKGEVER.remove_sql(toestemming, schema_editor, **_gelijktijdig(schema_editor)))
    schema_editor.execute(KANDIDAAT_REGIO.remove_sql(kandidaat, schema_editor, **_gelijktijdig(schema_editor)))


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("accounts", "0017_verwerkingenlog_zonder_dubbele_indexen"),
        ("werkzoekenden", "0021_caseload_naam_zonder_account"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(vooruit, terug)],
            state_operations=[
                migrations.AlterField(
                    model_name="kandidaat",
                    name="regio",
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT,
                                            related_name="kandidaten", to="accounts.arbeidsmarktregio",
                                            verbose_name="arbeidsmarktregio"),
                ),
                migrations.AddIndex(model_name="kandidaat", index=KANDIDAAT_REGIO),
                migrations.AddIndex(model_name="toestemming", index=VOOR_WERKGEVER),
            ],
        ),
    ]
