from taken.models import Taak


def open_taken(gebruiker):
    return (
        Taak.objects.filter(toegewezen_aan=gebruiker, afgerond_op__isnull=True)
        .select_related("voordracht__kandidaat", "voordracht__vacature", "werkgever", "kandidaat")
        .order_by("uiterlijk", "aangemaakt_op", "pk")
    )


def betrokkenen_van_taken(taken):
    """Whose personal data a list of tasks shows: the kandidaat it is about (of a voordracht, or named by the task),
    the werkgever's contact."""
    return ([t.voordracht.kandidaat for t in taken if t.voordracht_id] + [t.kandidaat for t in taken if t.kandidaat_id]
            + [t.werkgever for t in taken if t.werkgever_id])
