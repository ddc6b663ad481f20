"""A trigram index on the names of the kandidaten (upper-case first name and surname), on PostgreSQL only.

The klantmanager's search of the caseload, and of the caseload without an account on the invitation page, filters
with ``UPPER(voornaam) LIKE '%...%' OR UPPER(achternaam) LIKE '%...%'`` (Django's icontains). A rare name ("gunter")
was found by reading the whole caseload (33-41 ms for the team covering 62,000 kandidaten); from this index in
0.2 ms. As with the verwerkingenlog's (accounts.0012) the index stays out of the model state: SQLite has no such
index. Built in about two seconds for a million kandidaten (docs/benchmarks.md, zevenentwintigste sessie).
"""

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import migrations
from django.db.models.functions import Upper

NAAM = "kandidaat_naam_trgm"


def _index():
    return GinIndex(OpClass(Upper("voornaam"), name="gin_trgm_ops"), OpClass(Upper("achternaam"), name="gin_trgm_ops"),
                    name=NAAM)


def maken(apps, schema_editor):
    # CONCURRENTLY: logins and edits go on while a large table is indexed (outside a transaction: atomic = False).
    if schema_editor.connection.vendor == "postgresql":
        model = apps.get_model("werkzoekenden", "Kandidaat")
        schema_editor.execute(_index().create_sql(model, schema_editor, concurrently=True))


def weghalen(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        model = apps.get_model("werkzoekenden", "Kandidaat")
        schema_editor.execute(_index().remove_sql(model, schema_editor, concurrently=True))


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("werkzoekenden", "0018_documenten"),
        ("accounts", "0012_verwerking_zoektekst"),  # pg_trgm
    ]

    operations = [
        migrations.RunPython(maken, weghalen),
    ]
