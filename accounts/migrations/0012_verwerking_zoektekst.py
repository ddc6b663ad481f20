"""A trigram index on the text of every verwerkingenlog line (accounts.models.Zoektekst), on PostgreSQL only.

The beheerder's search of the log looked in six columns with LIKE '%...%': a full scan of the log for every search,
15-22 s at 3 million lines. pg_trgm is a trusted extension (PostgreSQL 13 and later): the owner of the database may
create it. The index stays out of the model state: SQLite has no such index, and a table that SQLite rebuilds for a
later migration must not try to make one. It costs about 45 µs per line written and ~90 bytes per line
(docs/benchmarks.md).
"""

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from accounts.models import Zoektekst

NAAM = "verwerking_zoektekst"


def _index():
    return GinIndex(OpClass(Zoektekst(), name="gin_trgm_ops"), name=NAAM)


def maken(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("accounts", "Verwerking"), _index())


def weghalen(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("accounts", "Verwerking"), _index())


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0011_gebruiker_op_naam"),
    ]

    operations = [
        TrigramExtension(),
        migrations.RunPython(maken, weghalen),
    ]
