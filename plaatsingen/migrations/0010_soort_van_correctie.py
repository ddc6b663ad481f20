"""A verlenging of a signed plaatsing (since 8a6d26c8) is kept as a ``PlaatsingCorrectie``, and was listed and exported
as a correction ("wat er fout was"). Its own ``soort`` says it is a changed end date. The rows written before this
migration are known by the reden the service stored (in Dutch, always): "Verlengd tot <datum> (geen fout): de
werkgever ondertekent de overeenkomst opnieuw." (or "Eindigt eerder, op ..."), which an accountmanager's own reason
for a correction does not read like. Going back drops the column."""

from django.db import migrations, models

STAART = " (geen fout): de werkgever ondertekent de overeenkomst opnieuw."


def verlengingen_benoemen(apps, schema_editor):
    PlaatsingCorrectie = apps.get_model("plaatsingen", "PlaatsingCorrectie")
    for begin in ("Verlengd tot ", "Eindigt eerder, op "):
        PlaatsingCorrectie.objects.filter(reden__startswith=begin, reden__endswith=STAART).update(soort="verlenging")


class Migration(migrations.Migration):

    dependencies = [
        ("plaatsingen", "0009_geen_nazorg_na_het_eindgesprek"),
    ]

    operations = [
        migrations.AddField(
            model_name="plaatsingcorrectie",
            name="soort",
            field=models.CharField(choices=[("correctie", "Correctie"), ("verlenging", "Einddatum gewijzigd")],
                                   default="correctie", max_length=20, verbose_name="soort"),
        ),
        migrations.RunPython(verlengingen_benoemen, migrations.RunPython.noop),
    ]
