from django.db import migrations, models

import werkzoekenden.models


class Migration(migrations.Migration):
    """Step 3 of 3: every kandidaat has a pseudonym; from now on it is required and unique (indexed)."""

    dependencies = [
        ("werkzoekenden", "0013_pseudoniemen_vullen"),
    ]

    operations = [
        migrations.AlterField(
            model_name="kandidaat",
            name="pseudoniem",
            field=models.CharField(default=werkzoekenden.models.nieuw_pseudoniem, editable=False, max_length=16,
                                   unique=True, verbose_name="pseudoniem"),
        ),
    ]
