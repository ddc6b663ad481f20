from django.db import migrations


def laad(apps, schema_editor):
    from accounts.referentiedata import laad_postcodegebieden

    laad_postcodegebieden(apps.get_model("accounts", "Gemeente"), apps.get_model("accounts", "Postcodegebied"))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_taak_voordracht_taak_werkgever_and_more")]

    operations = [migrations.RunPython(laad, migrations.RunPython.noop)]
