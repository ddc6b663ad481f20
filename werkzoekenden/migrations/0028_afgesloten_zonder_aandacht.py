"""A closed dossier asks for no attention (``aandacht_bijwerken``): its attention date is emptied, so the caseload's
count (an index range on (klantmanager, aandacht_vanaf)) leaves it out. Before, a dossier closed a month ago was
flagged "geen contact" on the caseload for ever. Backwards: the dates as the rules give them, closed or not."""

from django.db import migrations
from django.db.models import Min, Q

# A pure function of three dates (no model, no query), the same in both directions.
from werkzoekenden.models import aandacht_datum


def zonder_aandacht(apps, schema_editor):
    Kandidaat = apps.get_model("werkzoekenden", "Kandidaat")
    Kandidaat.objects.filter(afgesloten_op__isnull=False, aandacht_vanaf__isnull=False).update(aandacht_vanaf=None)


def met_aandacht(apps, schema_editor):
    Kandidaat = apps.get_model("werkzoekenden", "Kandidaat")
    rijen = Kandidaat.objects.filter(afgesloten_op__isnull=False).annotate(
        eerste_open=Min("plan__acties__uiterlijk", filter=~Q(plan__acties__status="klaar"))
    ).values_list("pk", "laatste_contact_op", "plan__evaluatiedatum", "eerste_open")
    per_datum = {}
    for pk, contact, evaluatie, eerste_open in rijen.iterator(chunk_size=2000):
        datum = aandacht_datum(laatste_contact_op=contact, evaluatiedatum=evaluatie, eerste_open_uiterlijk=eerste_open)
        per_datum.setdefault(datum, []).append(pk)
    for datum, pks in per_datum.items():
        for begin in range(0, len(pks), 5000):
            Kandidaat.objects.filter(pk__in=pks[begin:begin + 5000]).update(aandacht_vanaf=datum)


class Migration(migrations.Migration):

    dependencies = [
        ("werkzoekenden", "0027_document_formuliersleutel"),
    ]

    operations = [
        migrations.RunPython(zonder_aandacht, met_aandacht),
    ]
