"""Who passed a waarneming on (``User.waarneming_doorgegeven_door``), and the chains left before: a colleague who
covered for others and went away herself left their caseloads with someone who is not there. Each of those is now
covered by the first colleague down the chain who is there, and remembers whom she had chosen, as if that colleague
passed it on when she went away. Without a melding (as 0020): the change happened long ago."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def doorgeven(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    waarnemer_van = dict(User.objects.filter(waarnemer__isnull=False).values_list("pk", "waarnemer_id"))
    for pk, gekozen in waarnemer_van.items():
        er_is, gezien = gekozen, {pk}
        while er_is in waarnemer_van and er_is not in gezien:  # away herself: her waarnemer, and so on
            gezien.add(er_is)
            er_is = waarnemer_van[er_is]
        if er_is != gekozen and er_is not in gezien:
            User.objects.filter(pk=pk).update(waarnemer_id=er_is, waarneming_doorgegeven_door_id=gekozen)


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0020_waarnemingen_die_niet_meer_gelden'),
    ]

    operations = [
        migrations.AddField(
            model_name='user',
            name='waarneming_doorgegeven_door',
            field=models.ForeignKey(
                blank=True,
                help_text="De gekozen waarnemer, die zelf afwezig is en deze waarneming aan een collega doorgaf.",
                null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+",
                to=settings.AUTH_USER_MODEL, verbose_name="waarneming doorgegeven door"),
        ),
        migrations.RunPython(doorgeven, migrations.RunPython.noop),
    ]
