"""Open tasks to decide an aanvraag learn whom they are about (``Taak.kandidaat``, see taken 0005): the
aanvraag named in their key (``reacties.taak_sleutel``)."""

from django.db import migrations


def vullen(apps, schema_editor):
    Taak = apps.get_model("taken", "Taak")
    Aanvraag = apps.get_model("ondersteuning", "Aanvraag")
    taken = list(Taak.objects.filter(afgerond_op__isnull=True, kandidaat__isnull=True,
                                     sleutel__startswith="ondersteuning:").only("pk", "sleutel"))
    ids = {int(t.sleutel.split(":")[1]) for t in taken if t.sleutel.split(":")[1].isdigit()}
    kandidaten = dict(Aanvraag.objects.filter(pk__in=ids).values_list("pk", "kandidaat_id"))
    for taak in taken:
        deel = taak.sleutel.split(":")[1]
        taak.kandidaat_id = kandidaten.get(int(deel)) if deel.isdigit() else None
    Taak.objects.bulk_update([t for t in taken if t.kandidaat_id], ["kandidaat"], batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ("ondersteuning", "0001_ondersteuningsgids"),
        ("taken", "0005_taak_kandidaat_vullen"),
    ]

    operations = [migrations.RunPython(vullen, migrations.RunPython.noop)]
