"""Plaatsing.regio: the werkgever's region, copied onto the plaatsing so that the accountmanager's overview reads
the region's part of an index. Added empty, filled from the werkgevers in one statement, then made required."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def regio_van_werkgever(apps, schema_editor):
    Plaatsing = apps.get_model("plaatsingen", "Plaatsing")
    Werkgever = apps.get_model("werkgevers", "Werkgever")
    Plaatsing.objects.filter(regio__isnull=True).update(
        regio_id=Subquery(Werkgever.objects.filter(pk=OuterRef("werkgever_id")).values("regio_id")[:1]))


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0012_verwerking_zoektekst"),
        ("plaatsingen", "0004_open_nazorgmomenten"),
        ("werkgevers", "0010_werkgever_regio_naam"),
    ]

    operations = [
        migrations.AddField(
            model_name="plaatsing",
            name="regio",
            field=models.ForeignKey(db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="+", to="accounts.arbeidsmarktregio",
                                    verbose_name="arbeidsmarktregio"),
        ),
        migrations.RunPython(regio_van_werkgever, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="plaatsing",
            name="regio",
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                    to="accounts.arbeidsmarktregio", verbose_name="arbeidsmarktregio"),
        ),
        migrations.AddIndex(
            model_name="plaatsing",
            index=models.Index(fields=["regio", "status"], name="plaatsing_regio_status"),
        ),
        migrations.AddIndex(
            model_name="plaatsing",
            index=models.Index(fields=["regio", "-startdatum", "-id"], name="plaatsing_regio_nieuwste"),
        ),
    ]
