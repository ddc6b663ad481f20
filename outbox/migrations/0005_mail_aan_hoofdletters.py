"""``mail_aan_hoofdletters``: ``UPPER("aan")``, a person's mail by address whatever its case.

The AVG exports (the werkzoekende's and the werkgever's "Mijn gegevens") and the erasure of a person look up mail by
address (``outbox.selectors.mails_aan``; before, ``aan__iexact``, which PostgreSQL runs as ``UPPER("aan"::text) =
UPPER(...)``). ``aan`` had no index, so each read every mail ever sent: one row per recipient of every reminder and
check-in of every sweep. Built CONCURRENTLY on PostgreSQL (reads and writes go on, outside a transaction), like
werkzoekenden 0031.
"""

from django.db import migrations, models
from django.db.models.functions import Upper

AAN_HOOFDLETTERS = models.Index(Upper("aan"), name="mail_aan_hoofdletters")


def _gelijktijdig(schema_editor):
    """``concurrently=True`` on PostgreSQL; other databases know no such argument."""
    return {"concurrently": True} if schema_editor.connection.vendor == "postgresql" else {}


def vooruit(apps, schema_editor):
    mail = apps.get_model("outbox", "Mail")
    schema_editor.execute(AAN_HOOFDLETTERS.create_sql(mail, schema_editor, **_gelijktijdig(schema_editor)))


def terug(apps, schema_editor):
    mail = apps.get_model("outbox", "Mail")
    schema_editor.execute(AAN_HOOFDLETTERS.remove_sql(mail, schema_editor, **_gelijktijdig(schema_editor)))


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("outbox", "0004_mail_vervallen"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(vooruit, terug)],
            state_operations=[migrations.AddIndex(model_name="mail", index=AAN_HOOFDLETTERS)],
        ),
    ]
