from django.db import migrations


def laad(apps, schema_editor):
    from werkgevers.referentiedata import laad_instrumenten

    laad_instrumenten(apps.get_model("werkgevers", "Instrument"))


class Migration(migrations.Migration):
    dependencies = [("werkgevers", "0002_instrument_vacature_aangemaakt_door_vacature_beroep_and_more")]

    operations = [migrations.RunPython(laad, migrations.RunPython.noop)]
