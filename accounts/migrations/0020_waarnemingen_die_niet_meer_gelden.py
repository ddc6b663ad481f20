"""Waarnemingen that stopped holding before a change of account ended them (``accounts.reacties``): a waarnemer or a
covered colleague who left, or whose organisation or role changed, is no waarnemer nor covered any more. Cleared
without a melding: they had already stopped holding, and nobody is told of a change that happened long ago."""

from django.db import migrations
from django.db.models import F, Q

GEDEKTE_ROLLEN = ("klantmanager", "accountmanager")


def beeindigen(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    User.objects.filter(waarnemer__isnull=False).filter(
        Q(is_active=False) | Q(waarnemer__is_active=False) | Q(organisatie__isnull=True)
        | ~Q(rol__in=GEDEKTE_ROLLEN) | ~Q(waarnemer__rol=F("rol"))
        | ~Q(waarnemer__organisatie_id=F("organisatie_id")) | Q(waarnemer__organisatie__isnull=True)
    ).update(waarnemer=None)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0019_collegauitnodiging")]

    operations = [migrations.RunPython(beeindigen, migrations.RunPython.noop)]
