from klantreis.lib import vaste_vorm
from meldingen.models import Melding

TELLER_MAX = 99


def meldingen_voor(gebruiker):
    return Melding.objects.filter(ontvanger=gebruiker).order_by("-aangemaakt_op", "-pk")


def _ongelezen(ontvanger_id):
    return (Melding.objects.filter(ontvanger_id=ontvanger_id, gelezen_op__isnull=True).order_by()
            .values_list("pk")[:TELLER_MAX + 1])


def aantal_ongelezen(gebruiker) -> int:
    """The header's count: one query on a partial index, capped (nobody needs to know it is 4,312). Every page
    asks it, so its SQL is compiled once per process."""
    return len(vaste_vorm.rijen("meldingen.ongelezen", _ongelezen, ontvanger_id=gebruiker.pk))
