"""Django's database sessions (``SESSION_ENGINE``), with the read of every request compiled once per process.

Every page a logged-in person opens reads their session first. Django's own ``load()`` builds that query with the
ORM each time and makes a ``Session`` instance of the row; this reads the same row (the key, not yet expired) with
SQL that ``vaste_vorm`` compiled once, and decodes the data as Django does. Everything else (saving, a new key at
login, ending a session, ``clearsessions``) is Django's ``db`` backend unchanged.
"""

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.utils import timezone

from klantreis.lib import vaste_vorm


def _sessie(sleutel, nu):
    return Session.objects.filter(session_key=sleutel, expire_date__gt=nu).values_list("session_data").order_by()


class SessionStore(db.SessionStore):
    def load(self):
        sleutel = self.session_key
        rijen = vaste_vorm.rijen("accounts.sessie", _sessie, sleutel=sleutel, nu=timezone.now()) if sleutel else []
        if not rijen:  # unknown, expired or no key: as Django's own, an empty session that gets a new key
            self._session_key = None
            return {}
        return self.decode(rijen[0][0])
