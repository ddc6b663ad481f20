"""A trigram index on the names of the kandidaten (upper-case first name and surname), on PostgreSQL only.

The klantmanager's search of the caseload, and of the caseload without an account on the invitation page, filters
with ``UPPER(voornaam) LIKE '%...%' OR UPPER(achternaam) LIKE '%...%'`` (Django's icontains). A rare name ("gunter")
was found by reading the whole caseload (33-41 ms for the team covering 62,000 kandidaten); from this index in
0.2 ms. As with the verwerkingenlog's (accounts.0012) the index stays out of the model state: SQLite has no such
index. Built in about two seconds for a million kandidaten (docs/benchmarks.md, zevenentwintigste sessie).
"""

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations
from django.db.models.functions import Upper

NAAM = "kandidaat_naam_trgm"


def _index():
    return GinIndex(OpClass(Upper("voornaam"), name="gin_trgm_ops"), OpClass(Upper("achternaam"), name="gin_trgm_ops"),
                    name=NAAM)


def maken(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("werkzoekenden", "Kandidaat"), _index())


def weghalen(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("werkzoekenden", "Kandidaat"), _index())


class Migration(migrations.Migration):

    dependencies = [
        ("werkzoekenden", "0018_documenten"),
    ]

    operations = [
        TrigramExtension(),
        migrations.RunPython(maken, weghalen),
    ]
