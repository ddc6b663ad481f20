"""A consent says itself that it ended because the dossier closed (``Toestemming.bij_afsluiten``). Before, the cause
was read off the dossier's closing moment, which opening it again clears. Filled for what is known: the consents of a
dossier that is closed now and ended at or after its closing, and those whose journey event says so (where the outbox
still holds it). One ended by a closing before a reopening, whose event is gone, stays "ingetrokken" as it read."""

from django.db import migrations, models
from django.db.models import F

INGETROKKEN = "werkzoekenden.toestemming_ingetrokken"
PER_KEER = 1000


def vullen(apps, schema_editor):
    Toestemming = apps.get_model("werkzoekenden", "Toestemming")
    Gebeurtenis = apps.get_model("outbox", "Gebeurtenis")
    Toestemming.objects.filter(kandidaat__afgesloten_op__isnull=False, ingetrokken_op__isnull=False,
                               ingetrokken_op__gte=F("kandidaat__afgesloten_op")).update(bij_afsluiten=True)
    ids = []
    for gegevens in (Gebeurtenis.objects.filter(soort=INGETROKKEN, gegevens__bij_afsluiten=True)
                     .values_list("gegevens", flat=True).iterator(chunk_size=PER_KEER)):
        if isinstance(gegevens.get("toestemming_id"), int):
            ids.append(gegevens["toestemming_id"])
        if len(ids) >= PER_KEER:
            Toestemming.objects.filter(pk__in=ids, ingetrokken_op__isnull=False).update(bij_afsluiten=True)
            ids = []
    if ids:
        Toestemming.objects.filter(pk__in=ids, ingetrokken_op__isnull=False).update(bij_afsluiten=True)


class Migration(migrations.Migration):

    dependencies = [
        ("outbox", "0004_mail_vervallen"),
        ("werkzoekenden", "0032_kandidaat_formuliersleutel"),
    ]

    operations = [
        migrations.AddField(
            model_name="toestemming",
            name="bij_afsluiten",
            field=models.BooleanField(db_default=False, default=False,
                                      verbose_name="gestopt doordat het dossier sloot"),
        ),
        migrations.RunPython(vullen, migrations.RunPython.noop),
    ]
