from taken.models import Taak


def open_taken(gebruiker):
    return (
        Taak.objects.filter(toegewezen_aan=gebruiker, afgerond_op__isnull=True)
        .select_related("voordracht__kandidaat", "voordracht__vacature", "werkgever")
        .order_by("uiterlijk", "aangemaakt_op", "pk")
    )
