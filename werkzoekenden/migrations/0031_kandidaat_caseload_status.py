"""``kandidaat_caseload_status``: ``(klantmanager_id, afgesloten_op)``, the open or the closed dossiers of a caseload.

The caseload lists open dossiers only (migration 0028) and counts them on every visit; "Afgesloten dossiers" counts
the closed ones. With ``afgesloten_op IS NULL`` added, PostgreSQL counted the team of Jeske (63,017 kandidaten of
125,039) by reading every row of the team from the table to test ``afgesloten_op``: 25 ms, against 6 ms from the
foreign key's index alone before; SQLite read the whole table. Both search this index on both columns (a B-tree finds
``IS NULL`` and ``IS NOT NULL``) and count from it alone (docs/benchmarks.md, zesenzestigste sessie). Built
CONCURRENTLY on PostgreSQL (reads and writes go on, outside a transaction).
"""

from django.db import migrations, models

CASELOAD_STATUS = models.Index(fields=["klantmanager", "afgesloten_op"], name="kandidaat_caseload_status")


def _gelijktijdig(schema_editor):
    """``concurrently=True`` on PostgreSQL; other databases know no such argument."""
    return {"concurrently": True} if schema_editor.connection.vendor == "postgresql" else {}


def vooruit(apps, schema_editor):
    kandidaat = apps.get_model("werkzoekenden", "Kandidaat")
    schema_editor.execute(CASELOAD_STATUS.create_sql(kandidaat, schema_editor, **_gelijktijdig(schema_editor)))


def terug(apps, schema_editor):
    kandidaat = apps.get_model("werkzoekenden", "Kandidaat")
    schema_editor.execute(CASELOAD_STATUS.remove_sql(kandidaat, schema_editor, **_gelijktijdig(schema_editor)))


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("werkzoekenden", "0030_klantmanagertoewijzing_organisatie_vullen"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(vooruit, terug)],
            state_operations=[migrations.AddIndex(model_name="kandidaat", index=CASELOAD_STATUS)],
        ),
    ]
