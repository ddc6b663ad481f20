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

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends import db
from django.utils import timezone

from accounts.models import Sessie
from klantreis.lib import vaste_vorm


def _sessie(sleutel, nu):
    return (Sessie.objects.select_related("gebruiker__organisatie", "gebruiker__regio")
            .filter(session_key=sleutel, expire_date__gt=nu).order_by())


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
        self.gelezen_gebruiker = (sessie.gebruiker_id, sessie.gebruiker)
        return self.decode(sessie.session_data)
