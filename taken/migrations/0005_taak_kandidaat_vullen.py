"""The open tasks of before ``Taak.kandidaat`` learn whom they are about, where the task says it: through its
voordracht or rechtenverzoek, or through the cause in its ``sleutel`` (see ``taken.reacties``). Done tasks stay as
they are; a task whose cause is gone stays without. The ondersteuning's tasks are filled by that app's migration
(it sits above this one)."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def _id(sleutel, plek=1):
    delen = sleutel.split(":")
    return int(delen[plek]) if len(delen) > plek and delen[plek].isdigit() else None


def vullen(apps, schema_editor):
    Taak = apps.get_model("taken", "Taak")
    Actie = apps.get_model("werkzoekenden", "Actie")
    Interesse = apps.get_model("matching", "Interesse")
    Plaatsing = apps.get_model("plaatsingen", "Plaatsing")
    NazorgMoment = apps.get_model("plaatsingen", "NazorgMoment")
    Checkin = apps.get_model("plaatsingen", "Checkin")
    Gebeurtenis = apps.get_model("outbox", "Gebeurtenis")
    Voordracht = apps.get_model("bemiddeling", "Voordracht")
    Rechtenverzoek = apps.get_model("werkzoekenden", "Rechtenverzoek")
    open_taken = Taak.objects.filter(afgerond_op__isnull=True, kandidaat__isnull=True)
    # One UPDATE each (not a save per row while reading the same table).
    open_taken.filter(voordracht__isnull=False).update(kandidaat_id=Subquery(
        Voordracht.objects.filter(pk=OuterRef("voordracht_id")).values("kandidaat_id")[:1]))
    open_taken.filter(rechtenverzoek__isnull=False).update(kandidaat_id=Subquery(
        Rechtenverzoek.objects.filter(pk=OuterRef("rechtenverzoek_id")).values("kandidaat_id")[:1]))

    # The cause in the key, per kind: (prefix, how to find the kandidaat ids for the ids in the keys).
    def via(model, pad):
        return lambda ids: dict(model.objects.filter(pk__in=ids).values_list("pk", pad))

    def overdracht(ids):
        return {g.pk: g.gegevens.get("kandidaat_id") for g in Gebeurtenis.objects.filter(pk__in=ids)}

    soorten = {
        "actie:": via(Actie, "plan__kandidaat_id"),
        "interesse:": via(Interesse, "kandidaat_id"),
        "proef_gestopt:": via(Plaatsing, "kandidaat_id"),
        "nazorg:": via(NazorgMoment, "plaatsing__kandidaat_id"),
        "checkin_laag:": via(Checkin, "moment__plaatsing__kandidaat_id"),
        "overdracht:": overdracht,
    }
    for voorvoegsel, kandidaten_van in soorten.items():
        taken = list(open_taken.filter(sleutel__startswith=voorvoegsel).only("pk", "sleutel"))
        kandidaten = kandidaten_van({_id(t.sleutel) for t in taken} - {None})
        for taak in taken:
            taak.kandidaat_id = kandidaten.get(_id(taak.sleutel))
        Taak.objects.bulk_update([t for t in taken if t.kandidaat_id], ["kandidaat"], batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ("taken", "0004_taak_kandidaat"),
        ("bemiddeling", "0008_voordracht_vacature_nieuwste"),
        ("matching", "0006_interesse_in_vacature"),
        ("outbox", "0003_mail_bulk_laatst"),
        ("plaatsingen", "0005_plaatsing_regio"),
    ]

    operations = [migrations.RunPython(vullen, migrations.RunPython.noop)]
