"""The key of the "Nieuwe tijd voorstellen" task holds the afspraak's time, no longer its SEQUENCE
(``agenda.reacties._kan_niet_sleutel``): the tasks of the answers that stand get the key the reaction now looks for,
or the next event of their afspraak would close them (the defect this fixes). A task of an earlier time keeps its
old key: no answer matches it any more, as before. Read and written in batches (the afspraken and answers of a batch
in one query each), and reversible: back, the tasks of the current time get its SEQUENCE again, the key the code of
before looks for."""

from django.db import migrations

PREFIX = "agenda:kan_niet:"
PER_KEER = 1000


def _delen(sleutel):
    delen = sleutel[len(PREFIX):].split(":")
    if len(delen) != 3 or not all(d.isdigit() for d in delen):
        return None
    return tuple(map(int, delen))


def _omzetten(apps, nieuwe_sleutel):
    """Every kan-niet task, open ones first (of two for one key, the open one gets it), in batches: ``nieuwe_sleutel``
    (task, afspraak, deelnemer_id, laatste deel, nog_niet) gives its new key, or None to leave it."""
    Taak = apps.get_model("taken", "Taak")
    Afspraak = apps.get_model("agenda", "Afspraak")
    Deelnemer = apps.get_model("agenda", "Deelnemer")
    rijen = sorted(Taak.objects.filter(sleutel__startswith=PREFIX).values_list("pk", "sleutel", "afgerond_op"),
                   key=lambda r: (r[2] is not None, r[0]))
    if not rijen:
        return
    bezet = {sleutel for _pk, sleutel, _af in rijen}
    for begin in range(0, len(rijen), PER_KEER):
        stuk = [(pk, sleutel, af, _delen(sleutel)) for pk, sleutel, af in rijen[begin:begin + PER_KEER]]
        stuk = [r for r in stuk if r[3] is not None]
        afspraken = Afspraak.objects.only("pk", "start", "volgnummer").in_bulk({r[3][0] for r in stuk})
        nog_niet = set(Deelnemer.objects.filter(pk__in={r[3][1] for r in stuk}, status="kan_niet").values_list(
            "pk", "afspraak_id"))
        for pk, sleutel, afgerond_op, (afspraak_id, deelnemer_id, laatste) in stuk:
            afspraak = afspraken.get(afspraak_id)
            if afspraak is None:
                continue
            nieuw = nieuwe_sleutel(afgerond_op, afspraak, deelnemer_id, laatste,
                                   (deelnemer_id, afspraak_id) in nog_niet)
            if nieuw is None or nieuw == sleutel or nieuw in bezet:
                continue
            bezet.discard(sleutel)
            bezet.add(nieuw)
            Taak.objects.filter(pk=pk).update(sleutel=nieuw)


def sleutels_met_tijd(apps, schema_editor):
    def nieuwe_sleutel(afgerond_op, afspraak, deelnemer_id, volgnummer, nog_niet):
        # Of this time: its SEQUENCE is the afspraak's now, or it is open for an answer that still stands (the
        # SEQUENCE rose without a move: the case that closed such a task too early).
        if volgnummer != afspraak.volgnummer and not (afgerond_op is None and nog_niet):
            return None
        return f"{PREFIX}{afspraak.pk}:{deelnemer_id}:{int(afspraak.start.timestamp())}"

    _omzetten(apps, nieuwe_sleutel)


def sleutels_met_volgnummer(apps, schema_editor):
    def nieuwe_sleutel(afgerond_op, afspraak, deelnemer_id, tijd, nog_niet):
        # Only a key of the afspraak's current time: one of an earlier time matches no SEQUENCE of now either.
        if tijd != int(afspraak.start.timestamp()):
            return None
        return f"{PREFIX}{afspraak.pk}:{deelnemer_id}:{afspraak.volgnummer}"

    _omzetten(apps, nieuwe_sleutel)


class Migration(migrations.Migration):

    dependencies = [
        ("agenda", "0003_afspraak_annuleringsreden"),
        ("taken", "0006_taken_van_wie_al_vertrok"),
    ]

    operations = [migrations.RunPython(sleutels_met_tijd, sleutels_met_volgnummer)]
