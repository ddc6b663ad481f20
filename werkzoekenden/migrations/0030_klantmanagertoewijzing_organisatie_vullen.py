"""The organisation of each existing toewijzing's klantmanager, as well as it is known: her organisation now (where
she was when assigned is written nowhere else). Batches of 10,000 by id, each one UPDATE in its own transaction (the
migration is not atomic); a row whose klantmanager has no organisation stays empty."""

from django.db import migrations, transaction
from django.db.models import OuterRef, Subquery

BATCH = 10_000


def vullen(apps, schema_editor):
    Toewijzing = apps.get_model("werkzoekenden", "KlantmanagerToewijzing")
    User = apps.get_model("accounts", "User")
    organisatie = Subquery(User.objects.filter(pk=OuterRef("klantmanager_id")).values("organisatie_id")[:1])
    vanaf = 0
    while True:
        ids = list(Toewijzing.objects.filter(id__gt=vanaf, organisatie__isnull=True).order_by("id")
                   .values_list("id", flat=True)[:BATCH])
        if not ids:
            return
        with transaction.atomic(using=schema_editor.connection.alias):
            Toewijzing.objects.filter(id__gte=ids[0], id__lte=ids[-1], organisatie__isnull=True).update(
                organisatie=organisatie)
        vanaf = ids[-1]


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("werkzoekenden", "0029_klantmanagertoewijzing_organisatie"),
    ]

    operations = [
        migrations.RunPython(vullen, migrations.RunPython.noop, elidable=True),
    ]
