"""Django's database sessions (``SESSION_ENGINE``), read together with the person logged in, in one query.

Every page a logged-in person opens reads their session first and then the person (``GebruikerMiddleware``). The
sessions live in ``accounts.Sessie``: Django's session table with the person's id as a column of its own (Django's
"extending database-backed session engines"), written from the session's ``_auth_user_id`` whenever the session is
saved. ``load()`` reads the session row (the key, not yet expired) with the person, their organisatie and regio
joined, with SQL that ``vaste_vorm`` compiled once; it decodes the data as Django does and keeps the person read
beside it (``gelezen_gebruiker``) for ``accounts.middleware.gebruiker_van_sessie``, which makes Django's own checks
on it. Everything else (saving, a new key at login, ending a session, ``clearsessions``) is Django's ``db``
backend, on this model.
"""

import functools
import logging

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends import db
from django.core import signing
from django.utils import timezone

from accounts.models import Sessie
from klantreis.lib import vaste_vorm

# What apps above this one read in the same query, about the person the session names: name -> a function giving
# an expression over the session's row (``OuterRef("gebruiker_id")`` is the person). Registered with ``mee_lezen``
# in their ``AppConfig.ready()``, before the first request compiles the query; the value lands on the person read
# with the session, under that name. A page then needs no query of its own for it (the header's unread meldingen).
MEE_GELEZEN = {}


def mee_lezen(naam, expressie):
    """Read ``expressie()`` with every session, onto the person it names as ``naam``. Only before the first session
    is read: the query is compiled once per process."""
    if naam in {veld.name for veld in Sessie._meta.get_fields()}:
        raise ValueError(f"{naam}: al een veld van de sessie")
    MEE_GELEZEN[naam] = expressie


def _sessie(sleutel, nu):
    sessies = (Sessie.objects.select_related("gebruiker__organisatie", "gebruiker__regio")
               .filter(session_key=sleutel, expire_date__gt=nu).order_by())
    if MEE_GELEZEN:
        sessies = sessies.annotate(**{naam: expressie() for naam, expressie in MEE_GELEZEN.items()})
    return sessies


class _Onbewerkt:
    """A serializer for ``signing.loads`` that hands back the bytes whose signature it checked, unparsed."""

    @staticmethod
    def loads(data):
        return data


@functools.lru_cache(maxsize=4096)
def _gecontroleerd(sessiedata, salt, sleutel, oude_sleutels):
    """The payload of a session's data once its signature is checked (raises ``signing.BadSignature`` otherwise).
    Checking the signature (HMAC, base64, the timestamp) is the same work every time the same text comes in, and a
    session's text stays the same from one page to the next until the session changes: 1.1% of the CPU of the load
    mix (docs/benchmarks.md, zevenendertigste sessie). Kept per text, salt and keys, so a text is only ever
    accepted under the keys it was checked with; a failed check is not kept (``lru_cache`` keeps no exception)."""
    return signing.loads(sessiedata, key=sleutel, salt=salt, serializer=_Onbewerkt, fallback_keys=list(oude_sleutels))


def _gebruiker_id(data):
    try:
        return int(data[SESSION_KEY])
    except (KeyError, TypeError, ValueError):
        return None


class SessionStore(db.SessionStore):
    # (the session's gebruiker column, that person or None) as read with the session; None: not read from a row
    gelezen_gebruiker = None

    @classmethod
    def get_model_class(cls):
        return Sessie

    def create_model_instance(self, data):
        sessie = super().create_model_instance(data)
        sessie.gebruiker_id = _gebruiker_id(data)
        return sessie

    def load(self):
        sleutel = self.session_key
        rijen = vaste_vorm.objecten("accounts.sessie", _sessie, sleutel=sleutel, nu=timezone.now()) if sleutel else []
        if not rijen:  # unknown, expired or no key: as Django's own, an empty session that gets a new key
            self._session_key = None
            return {}
        sessie = rijen[0]
        if sessie.gebruiker is not None:
            for naam in MEE_GELEZEN:
                sessie.gebruiker.__dict__[naam] = sessie.__dict__[naam]
        self.gelezen_gebruiker = (sessie.gebruiker_id, sessie.gebruiker)
        return self.decode(sessie.session_data)

    def decode(self, session_data):
        """Django's ``decode``, with the checked payload kept (``_gecontroleerd``); parsed anew every time, so each
        request gets a session of its own to change."""
        try:
            payload = _gecontroleerd(session_data, self.key_salt, settings.SECRET_KEY,
                                     tuple(settings.SECRET_KEY_FALLBACKS))
            return self.serializer().loads(payload)
        except signing.BadSignature:
            logging.getLogger("django.security.SuspiciousSession").warning("Session data corrupted")
        except Exception:  # noqa: BLE001, S110 - as Django's own decode: any other fault gives an empty session
            pass
        return {}
