from meldingen.models import Melding

TELLER_MAX = 99


def meldingen_voor(gebruiker):
    return Melding.objects.filter(ontvanger=gebruiker).order_by("-aangemaakt_op", "-pk")


def aantal_ongelezen(gebruiker) -> int:
    """The header's count: one query on a partial index, capped (nobody needs to know it is 4,312)."""
    return Melding.objects.filter(ontvanger=gebruiker, gelezen_op__isnull=True)[:TELLER_MAX + 1].count()
