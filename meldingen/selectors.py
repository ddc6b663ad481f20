from django.db.models import OuterRef

from klantreis.lib import vaste_vorm
from klantreis.lib.tellen import Aantal
from meldingen.models import Melding

TELLER_MAX = 99
# The header's count as read with the session (accounts.sessieopslag.mee_lezen, registered in apps.py), on the person.
MET_DE_SESSIE = "meldingen_ongelezen_met_de_sessie"


def meldingen_voor(gebruiker):
    return Melding.objects.filter(ontvanger=gebruiker).order_by("-aangemaakt_op", "-pk")


def _ongelezen(ontvanger_id):
    return (Melding.objects.filter(ontvanger_id=ontvanger_id, gelezen_op__isnull=True).order_by()
            .values_list("pk")[:TELLER_MAX + 1])


def ongelezen_met_de_sessie():
    """The same count as ``aantal_ongelezen``, as a column of the session's query (the person is its
    ``gebruiker_id``): every page reads the session and shows the count, and this spares each page one round trip
    to the database (docs/benchmarks.md, zevenendertigste sessie)."""
    return Aantal(Melding.objects.filter(ontvanger_id=OuterRef("gebruiker_id"), gelezen_op__isnull=True)
                  .order_by().values("pk")[:TELLER_MAX + 1])


def aantal_ongelezen(gebruiker) -> int:
    """The header's count, capped (nobody needs to know it is 4,312): read with the session when the person came
    with it (``ongelezen_met_de_sessie``) and nothing marked a melding read since (``services`` forgets it then),
    else one query on a partial index, with its SQL compiled once per process."""
    gelezen = gebruiker.__dict__.get(MET_DE_SESSIE)
    if gelezen is not None:
        return gelezen
    return len(vaste_vorm.rijen("meldingen.ongelezen", _ongelezen, ontvanger_id=gebruiker.pk))


def vergeet_aantal(gebruiker):
    """After marking meldingen read: the count read with the session no longer holds."""
    gebruiker.__dict__.pop(MET_DE_SESSIE, None)
