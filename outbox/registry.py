"""Who reacts to which journey event. Apps above the one that records an event register here (in
their ``AppConfig.ready``); the recording app never imports them."""

from collections import defaultdict
from contextvars import ContextVar

_reacties = defaultdict(list)
# Whose act the reactions now running follow from (the event's ``door_id``), for what they write in turn: a colleague
# covering for someone gets no copy of a melding about her own act (meldingen.services).
_handelende = ContextVar("handelende", default=None)


def handelende():
    """The id of the person whose act the running reaction follows from, or None."""
    return _handelende.get()


def reageer_op(*soorten):
    """Decorator: ``handler(gebeurtenis)`` runs after commit, exactly once per event, in the transaction
    that marks the event handled. It may write rows and mail; it must not talk to other systems."""

    def registreer(handler):
        for soort in soorten:
            if handler not in _reacties[soort]:
                _reacties[soort].append(handler)
        return handler

    return registreer


def reacties_op(soort):
    return list(_reacties.get(soort, ()))
