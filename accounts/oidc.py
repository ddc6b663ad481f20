"""Logging in with DigiD and eHerkenning through a broker (OpenID Connect), only for existing accounts.

Nobody gets an account this way. A werkzoekende or werkgever who is logged in with a password links
the broker once (allauth's "connect" flow); from then on the broker's login is enough.

What is kept of the broker's answer: on allauth's ``SocialAccount`` of that person, ``uid`` is an
HMAC-SHA256 under ``OIDC_KOPPELSLEUTEL`` of the configured attribute(s) (the BSN for DigiD; the KvK
number and the person's pseudonym for eHerkenning), and ``extra_data`` only names those attributes and
the assurance level. No BSN, no name, no e-mail address, no tokens.
"""

import hashlib
import hmac

from django.conf import settings

from accounts.models import Rol

ROL_PER_BROKER = {"digid": Rol.WERKZOEKENDE, "eherkenning": Rol.WERKGEVER}


def broker_claims(data):
    """The claims of a broker's answer as allauth's OpenID Connect provider hands it over.

    The signed ID token wins over the userinfo answer where both carry a claim.
    """
    claims = {}
    claims.update(data.get("userinfo") or {})
    claims.update(data.get("id_token") or {})
    return claims


def koppelsleutel(*, broker, waarden):
    """The keyed hash that stands for a person at one broker; the same person always gives the same key."""
    bericht = "\x1f".join([broker, *waarden]).encode()
    return hmac.new(settings.OIDC_KOPPELSLEUTEL.encode(), bericht, hashlib.sha256).hexdigest()


def identiteit(*, broker, attributen, claims):
    """The koppelsleutel for these claims, or None when the broker left an attribute out."""
    waarden = []
    for attribuut in attributen:
        waarde = claims.get(attribuut)
        if waarde is None or not str(waarde).strip():
            return None
        waarden.append(str(waarde).strip())
    return koppelsleutel(broker=broker, waarden=waarden)


def minimale_gegevens(*, attributen, claims):
    """What the link remembers about the broker's answer: which attributes made the key, and the level."""
    gegevens = {"attributen": list(attributen)}
    if claims.get("acr"):
        gegevens["acr"] = str(claims["acr"])[:200]
    return gegevens
