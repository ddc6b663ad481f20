from taken.models import Taak


def open_taken(gebruikers):
    """The open tasks of ``gebruikers`` (a list of ids): one's own, and those of the colleagues one covers for
    (``accounts.selectors.ik_en_wie_ik_waarneem``), so a rechtenverzoek's deadline or a werkzoekende's question does
    not wait for someone on leave. Whose task it is comes along, for the page to say so."""
    return (
        Taak.objects.filter(toegewezen_aan_id__in=gebruikers, afgerond_op__isnull=True)
        .select_related("voordracht__kandidaat", "voordracht__vacature", "werkgever", "kandidaat__regio",
                        "toegewezen_aan")
        .order_by("uiterlijk", "aangemaakt_op", "pk")
    )


def betrokkenen_van_taken(taken):
    """Whose personal data a list of tasks shows: the kandidaat it is about (of a voordracht, or named by the task),
    the werkgever's contact."""
    return ([t.voordracht.kandidaat for t in taken if t.voordracht_id] + [t.kandidaat for t in taken if t.kandidaat_id]
            + [t.werkgever for t in taken if t.werkgever_id])
