"""Step 2 of 3: a random pseudonym for every existing kandidaat.

Batches of 10,000 by id, each in its own transaction (the migration is not atomic), written with one UPDATE per
batch: on PostgreSQL ``UPDATE ... FROM (VALUES ...)``, elsewhere executemany. About 100 statements for a
million kandidaten. Codes are drawn fresh (``secrets``), never from the id, and checked against every code
drawn so far, so the unique index of step 3 always fits."""

import secrets

from django.db import migrations, transaction

TEKENS = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
BATCH = 10_000


def _code():
    tekens = "".join(secrets.choice(TEKENS) for _i in range(10))
    return f"K-{tekens[:5]}-{tekens[5:]}"


def vullen(apps, schema_editor):
    Kandidaat = apps.get_model("werkzoekenden", "Kandidaat")
    verbinding = schema_editor.connection
    tabel = verbinding.ops.quote_name(Kandidaat._meta.db_table)
    gebruikt = set(Kandidaat.objects.exclude(pseudoniem__isnull=True).values_list("pseudoniem", flat=True))
    vanaf = 0
    while True:
        ids = list(Kandidaat.objects.filter(id__gt=vanaf, pseudoniem__isnull=True).order_by("id")
                   .values_list("id", flat=True)[:BATCH])
        if not ids:
            return
        rijen = []
        for pk in ids:
            code = _code()
            while code in gebruikt:
                code = _code()
            gebruikt.add(code)
            rijen.append((pk, code))
        with transaction.atomic(using=verbinding.alias), verbinding.cursor() as cursor:
            if verbinding.vendor == "postgresql":
                from psycopg2.extras import execute_values

                execute_values(cursor, f"UPDATE {tabel} AS k SET pseudoniem = v.p FROM (VALUES %s) AS v(id, p) "
                                       f"WHERE k.id = v.id", rijen, page_size=BATCH)
            else:
                cursor.executemany(f"UPDATE {tabel} SET pseudoniem = %s WHERE id = %s",
                                   [(code, pk) for pk, code in rijen])
        vanaf = ids[-1]


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("werkzoekenden", "0012_kandidaat_pseudoniem"),
    ]

    operations = [
        migrations.RunPython(vullen, migrations.RunPython.noop, elidable=True),
    ]
