from werkzoekenden.models import Kandidaat


def caseload_van_klantmanager(klantmanager):
    return Kandidaat.objects.filter(klantmanager=klantmanager).select_related("gemeente").order_by(
        "achternaam", "voornaam", "pk"
    )


def kandidaat_van_gebruiker(gebruiker):
    return (
        Kandidaat.objects.select_related("klantmanager", "klantmanager__organisatie", "gemeente")
        .filter(account=gebruiker)
        .first()
    )
