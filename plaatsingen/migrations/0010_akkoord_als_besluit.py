"""The akkoord of UWV or the gemeente is the besluit on the regeling Proefplaatsing (``services.akkoord_als_besluit``).
Proefplaatsingen with an akkoord from before the aanvragen of regelingen were recorded get the aanvraag of that
regeling, toegekend on the date of the akkoord, with one history row that says where it came from. One that has an
aanvraag for it already is left as it is."""

from django.db import migrations

MAANDEN = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
           "november", "december")


def _datum(datum):
    return f"{datum.day} {MAANDEN[datum.month - 1]} {datum.year}"


def akkoord_als_besluit(apps, schema_editor):
    Plaatsing = apps.get_model("plaatsingen", "Plaatsing")
    Regelingaanvraag = apps.get_model("plaatsingen", "Regelingaanvraag")
    RegelingaanvraagWijziging = apps.get_model("plaatsingen", "RegelingaanvraagWijziging")
    Instrument = apps.get_model("werkgevers", "Instrument")
    for instrument in Instrument.objects.filter(naam__iexact="Proefplaatsing"):
        plaatsingen = Plaatsing.objects.filter(soort="proef", akkoord_op__isnull=False,
                                               instrumenten=instrument).exclude(
            pk__in=Regelingaanvraag.objects.filter(instrument=instrument).values("plaatsing_id"))
        for plaatsing in plaatsingen.iterator():
            bij = plaatsing.akkoord_instantie.strip() or instrument.aanvragen_bij.strip() or "UWV of de gemeente"
            aanvraag = Regelingaanvraag.objects.create(
                plaatsing=plaatsing, instrument=instrument, status="toegekend", aangevraagd_op=plaatsing.akkoord_op,
                aangevraagd_bij=bij, besluit_op=plaatsing.akkoord_op,
                gewijzigd_door_id=plaatsing.akkoord_vastgelegd_door_id)
            RegelingaanvraagWijziging.objects.create(
                aanvraag=aanvraag, van="", naar="toegekend", door_id=plaatsing.akkoord_vastgelegd_door_id,
                toelichting=f"toegekend op {_datum(plaatsing.akkoord_op)} (akkoord van {bij}; overgenomen uit het "
                            "akkoord van de plaatsing)")


class Migration(migrations.Migration):
    dependencies = [
        ("plaatsingen", "0009_regelingaanvraag_bij_wie"),
    ]

    operations = [
        migrations.RunPython(akkoord_als_besluit, migrations.RunPython.noop),
    ]
