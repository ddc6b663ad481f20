from django.db import migrations, models


class Migration(migrations.Migration):
    """Step 1 of 3: the column, still empty (filled by 0012, unique from 0013)."""

    dependencies = [
        ("werkzoekenden", "0011_dossier_afsluiten_rechtenverzoek"),
    ]

    operations = [
        migrations.AddField(
            model_name="kandidaat",
            name="pseudoniem",
            field=models.CharField(editable=False, max_length=16, null=True, verbose_name="pseudoniem"),
        ),
    ]
