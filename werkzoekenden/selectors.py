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


def actieve_toestemming_werkgever(kandidaat, werkgever):
    from werkzoekenden.models import Toestemming

    return Toestemming.objects.filter(
        kandidaat=kandidaat, werkgever=werkgever, doel=Toestemming.Doel.DELEN_MET_WERKGEVER,
        ingetrokken_op__isnull=True,
    ).first()


def kandidaten_met_toestemming_voor(werkgever, regio):
    """Kandidaten of the region who consented to share their cv with this werkgever."""
    from werkzoekenden.models import Kandidaat, Toestemming

    return (
        Kandidaat.objects.filter(
            regio=regio,
            toestemmingen__werkgever=werkgever,
            toestemmingen__doel=Toestemming.Doel.DELEN_MET_WERKGEVER,
            toestemmingen__ingetrokken_op__isnull=True,
        )
        .select_related("gemeente")
        .order_by("achternaam", "voornaam")
        .distinct()
    )
