"""A trigram index on the e-mail address and the names of the users (upper case), on PostgreSQL only.

The beheerder's search of the users (``accounts.admin.UserAdmin``) looks for words anywhere in these three (and in
the name of the organisation): with 700,000 users it walked the whole list in name order, 0.5-1 s for any word
(docs/benchmarks.md, zevenentwintigste sessie). From this index a rare name takes 0.3 ms. As the other trigram
indexes (accounts.0012, werkzoekenden.0019) it stays out of the model state: SQLite has no such index.
"""

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import migrations
from django.db.models.functions import Upper

NAAM = "gebruiker_naam_trgm"


def _index():
    return GinIndex(*[OpClass(Upper(veld), name="gin_trgm_ops") for veld in ("email", "voornaam", "achternaam")],
                    name=NAAM)


def maken(apps, schema_editor):
    # CONCURRENTLY: logins and edits go on while a large table is indexed (outside a transaction: atomic = False).
    if schema_editor.connection.vendor == "postgresql":
        model = apps.get_model("accounts", "User")
        schema_editor.execute(_index().create_sql(model, schema_editor, concurrently=True))


def weghalen(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        model = apps.get_model("accounts", "User")
        schema_editor.execute(_index().remove_sql(model, schema_editor, concurrently=True))


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("accounts", "0014_uitnodiging_nooit_gebruikt"),
    ]

    operations = [
        migrations.RunPython(maken, weghalen),
    ]
