"""The open (NIEUW) verzoeken of accountmanagers who left before ``werkgevers.reacties.verzoeken_na_vertrek``
existed: they were seen only through her waarneming, which ``accounts`` 0020 cleared. As that reaction does, each goes
to the werkgever's vaste accountmanager when that is someone else who still works as one, else back to the region's
queue; the deadline stands and the timeline says so. No mail: the sweep (``verzoeken_bewaken``) still reminds and
escalates what nobody calls."""

from django.db import migrations


def verplaatsen(apps, schema_editor):
    Verzoek = apps.get_model("werkgevers", "Verzoek")
    Tijdlijnregel = apps.get_model("werkgevers", "Tijdlijnregel")
    verzoeken = Verzoek.objects.filter(status="nieuw", accountmanager__is_active=False).select_related(
        "accountmanager", "werkgever__accountmanager").order_by("pk")
    for verzoek in verzoeken:
        weg, vaste = verzoek.accountmanager, verzoek.werkgever.accountmanager
        naam = f"{weg.voornaam} {weg.achternaam}".strip() or weg.email
        if vaste is not None and vaste.pk != weg.pk and vaste.is_active and vaste.rol == "accountmanager":
            verzoek.accountmanager = vaste
            tekst = "%s kan het verzoek niet meer oppakken: het is nu van %s." % (
                naam, f"{vaste.voornaam} {vaste.achternaam}".strip())
        else:
            verzoek.accountmanager = None
            tekst = "%s kan het verzoek niet meer oppakken: het staat weer in de wachtrij van de regio." % naam
        verzoek.save(update_fields=["accountmanager"])
        Tijdlijnregel.objects.create(werkgever=verzoek.werkgever, soort="verzoek", tekst=tekst[:500],
                                     voor_werkgever=False)


class Migration(migrations.Migration):

    dependencies = [
        ("werkgevers", "0011_werkgever_laatste_contact"),
        ("accounts", "0020_waarnemingen_die_niet_meer_gelden"),
    ]

    operations = [migrations.RunPython(verplaatsen, migrations.RunPython.noop)]
