"""The key of the "Nieuwe tijd voorstellen" task holds the afspraak's time, no longer its SEQUENCE
(``agenda.reacties._kan_niet_sleutel``): the tasks of the answers that stand get the key the reaction now looks for,
or the next event of their afspraak would close them (the defect this fixes). A task of an earlier time keeps its
old key: no answer matches it any more, as before."""

from django.db import migrations

PREFIX = "agenda:kan_niet:"


def sleutels_met_tijd(apps, schema_editor):
    Taak = apps.get_model("taken", "Taak")
    Afspraak = apps.get_model("agenda", "Afspraak")
    Deelnemer = apps.get_model("agenda", "Deelnemer")
    # Open tasks first: of two for one time, the open one gets the key.
    taken = sorted(Taak.objects.filter(sleutel__startswith=PREFIX), key=lambda t: (t.afgerond_op is not None, t.pk))
    if not taken:
        return
    bezet = set(Taak.objects.filter(sleutel__startswith=PREFIX).values_list("sleutel", flat=True))
    for taak in taken:
        delen = taak.sleutel[len(PREFIX):].split(":")
        if len(delen) != 3 or not all(d.isdigit() for d in delen):
            continue
        afspraak_id, deelnemer_id, volgnummer = map(int, delen)
        afspraak = Afspraak.objects.filter(pk=afspraak_id).first()
        if afspraak is None:
            continue
        nog_niet = Deelnemer.objects.filter(pk=deelnemer_id, afspraak_id=afspraak_id, status="kan_niet").exists()
        # Of this time: its SEQUENCE is the afspraak's now, or it is open for an answer that still stands (the
        # SEQUENCE rose without a move: the case that closed such a task too early).
        if volgnummer != afspraak.volgnummer and not (taak.afgerond_op is None and nog_niet):
            continue
        nieuw = f"{PREFIX}{afspraak_id}:{deelnemer_id}:{int(afspraak.start.timestamp())}"
        if nieuw in bezet:
            continue
        bezet.discard(taak.sleutel)
        bezet.add(nieuw)
        Taak.objects.filter(pk=taak.pk).update(sleutel=nieuw)


class Migration(migrations.Migration):

    dependencies = [
        ("agenda", "0003_afspraak_annuleringsreden"),
        ("taken", "0006_taken_van_wie_al_vertrok"),
    ]

    operations = [migrations.RunPython(sleutels_met_tijd, migrations.RunPython.noop)]
