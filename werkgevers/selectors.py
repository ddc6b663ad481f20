from werkgevers.models import Vacature, Werkgever


def werkgevers_van_accountmanager(accountmanager):
    return (
        Werkgever.objects.filter(accountmanager=accountmanager)
        .select_related("gemeente")
        .order_by("naam")
    )


def werkgever_van_gebruiker(gebruiker):
    """The company a werkgever-user works for, or None."""
    if not gebruiker.organisatie_id:
        return None
    return (
        Werkgever.objects.select_related("accountmanager", "accountmanager__organisatie", "gemeente", "regio")
        .filter(organisatie_id=gebruiker.organisatie_id)
        .first()
    )


def vacatures_van_werkgever(werkgever):
    return Vacature.objects.filter(werkgever=werkgever).select_related("gemeente").order_by("-aangemaakt_op")
