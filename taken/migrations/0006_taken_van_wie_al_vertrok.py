"""The open tasks of colleagues who left before ``taken.reacties.taken_na_vertrek`` existed: they were seen only
through her waarneming, which ``accounts`` 0020 cleared. They move as that reaction moves them (the same simple rule,
written here on historical models): to a coordinator of her role in her organisation, else any coordinator there;
with none, a task about a werkzoekende to that werkzoekende's vaste klantmanager (active, not herself), and only a
task without personal data to a beheerder. Nobody fits: it stays hers. No melding: the task says from whom it came."""

from django.db import migrations
from django.db.models import Value
from django.db.models.functions import Concat, Substr


def _volgorde(qs):
    return qs.order_by("achternaam", "voornaam", "pk")


def verplaatsen(apps, schema_editor):
    Taak = apps.get_model("taken", "Taak")
    User = apps.get_model("accounts", "User")
    Kandidaat = apps.get_model("werkzoekenden", "Kandidaat")
    actief = User.objects.filter(is_active=True)
    beheerder = _volgorde(actief.filter(rol="beheerder")).first()
    vertrokken = User.objects.filter(is_active=False, taken__afgerond_op__isnull=True).distinct()
    for gebruiker in vertrokken:
        coordinator = None
        if gebruiker.organisatie_id is not None:
            coordinatoren = _volgorde(actief.filter(is_coordinator=True, organisatie_id=gebruiker.organisatie_id))
            coordinator = coordinatoren.filter(rol=gebruiker.rol).first() or coordinatoren.first()
        taken = Taak.objects.filter(toegewezen_aan=gebruiker, afgerond_op__isnull=True)
        per_opvolger = {}
        for taak in taken.values("pk", "kandidaat_id", "voordracht__kandidaat_id", "rechtenverzoek__kandidaat_id",
                                 "voordracht_id", "rechtenverzoek_id"):
            opvolger_id = coordinator.pk if coordinator is not None else None
            if opvolger_id is None and (taak["kandidaat_id"] or taak["voordracht_id"] or taak["rechtenverzoek_id"]):
                kandidaat_id = (taak["kandidaat_id"] or taak["voordracht__kandidaat_id"]
                                or taak["rechtenverzoek__kandidaat_id"])
                opvolger_id = Kandidaat.objects.filter(
                    pk=kandidaat_id, klantmanager__is_active=True, klantmanager__rol="klantmanager").exclude(
                    klantmanager=gebruiker).values_list("klantmanager_id", flat=True).first()
            elif opvolger_id is None and beheerder is not None:
                opvolger_id = beheerder.pk
            if opvolger_id is not None:
                per_opvolger.setdefault(opvolger_id, []).append(taak["pk"])
        van = "Van %s, die vertrok: " % (f"{gebruiker.voornaam} {gebruiker.achternaam}".strip() or gebruiker.email)
        for opvolger_id, pks in per_opvolger.items():
            Taak.objects.filter(pk__in=pks).update(
                toegewezen_aan_id=opvolger_id, omschrijving=Substr(Concat(Value(van), "omschrijving"), 1, 500))


class Migration(migrations.Migration):

    dependencies = [
        ("taken", "0005_taak_kandidaat_vullen"),
        ("accounts", "0020_waarnemingen_die_niet_meer_gelden"),
    ]

    operations = [migrations.RunPython(verplaatsen, migrations.RunPython.noop)]
