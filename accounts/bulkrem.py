"""A brake on bulk access to personal data, per account.

Two counters per account and window (``LIMIET_VENSTER_MINUTEN``, default 10), kept in the cache (Redis in
production via ``CACHE_URL``, so every web process shares them):

- ``downloads``: every download of a cv or another document (``LIMIET_CV_DOWNLOADS``, default 30);
- ``profielen``: the number of *different* kandidaten whose dossier, plan, profile-cv or voordracht is opened
  (``LIMIET_PROFIELEN``, default 30). Opening the plan and the cv of the same person counts once; list pages
  (caseload, matches) do not count.

The window starts with the first counted access and ends ``LIMIET_VENSTER_MINUTEN`` later; ``cache.add`` and
``cache.incr`` are atomic in Redis (SET NX, INCR), so two processes never both see "29". Past the limit the
view answers 429 with a calm page, every blocked attempt is written to the verwerkingenlog, and the first one of
a window records the journey event ``accounts.bulktoegang_geremd``, to which ``taken`` reacts with a task for
the coordinators of the region.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import Rol, Verwerking
from accounts.services import verwerking_registreer
from outbox.services import gebeurtenis_vastleggen

BULKTOEGANG_GEREMD = "accounts.bulktoegang_geremd"

DOWNLOADS = "downloads"
PROFIELEN = "profielen"

# The werkzoekende opening their own dossier or cv is never braked.
_GEREMDE_ROLLEN = {Rol.ACCOUNTMANAGER, Rol.KLANTMANAGER, Rol.WERKGEVER, Rol.BEHEERDER}


def limiet(soort: str) -> int:
    return settings.LIMIET_CV_DOWNLOADS if soort == DOWNLOADS else settings.LIMIET_PROFIELEN


def venster_seconden() -> int:
    return settings.LIMIET_VENSTER_MINUTEN * 60


@dataclass(frozen=True)
class Telling:
    aantal: int
    begin: float  # epoch seconds: the start of this account's window
    geremd: bool

    @property
    def nog_minuten(self) -> int:
        over = self.begin + venster_seconden() - timezone.now().timestamp()
        return max(1, -(-int(over) // 60))


def _sleutel(soort, gebruiker_id):
    return f"bulkrem:{soort}:{gebruiker_id}"


def _venster(soort, gebruiker_id) -> float:
    """The start of the account's current window; a new window starts when the old one expired."""
    sleutel = f"{_sleutel(soort, gebruiker_id)}:begin"
    nu = timezone.now().timestamp()
    cache.add(sleutel, nu, timeout=venster_seconden())
    begin = cache.get(sleutel)
    return nu if begin is None else begin


def _ophogen(sleutel, timeout) -> int:
    """Atomic +1 on a counter that expires with its window."""
    for _poging in range(3):
        if cache.add(sleutel, 1, timeout=timeout):
            return 1
        try:
            return cache.incr(sleutel)
        except ValueError:  # expired between add and incr: start again
            continue
    return 1


def tellen(gebruiker, soort: str, obj) -> Telling:
    """Count one access of ``gebruiker`` to ``obj`` and say whether it is past the limit."""
    begin = _venster(soort, gebruiker.pk)
    over = max(1, int(begin + venster_seconden() - timezone.now().timestamp()))
    sleutel = f"{_sleutel(soort, gebruiker.pk)}:{int(begin)}"
    if soort == PROFIELEN:
        # Per different person: the first time in this window this kandidaat is opened.
        if not cache.add(f"{sleutel}:k:{obj.pk}", 1, timeout=over):
            aantal = cache.get(sleutel) or 0
            return Telling(aantal=aantal, begin=begin, geremd=aantal > limiet(soort))
    aantal = _ophogen(sleutel, over)
    return Telling(aantal=aantal, begin=begin, geremd=aantal > limiet(soort))


def _regio_id(gebruiker):
    if gebruiker.regio_id:
        return gebruiker.regio_id
    organisatie = gebruiker.organisatie
    return getattr(organisatie, "regio_id", None) if organisatie is not None else None


def bulkrem(request, *, soort: str, obj):
    """None when the access may go on; otherwise the 429 response (and the log row, and once per window the
    event for the coordinators). Call after the permission check, so a stranger still gets 404."""
    gebruiker = request.user
    if gebruiker.rol not in _GEREMDE_ROLLEN:
        return None
    telling = tellen(gebruiker, soort, obj)
    if not telling.geremd:
        return None
    wat = (gettext_noop("cv's en documenten downloaden") if soort == DOWNLOADS
           else gettext_noop("dossiers en profielen bekijken"))
    with transaction.atomic():
        with translation.override(settings.LANGUAGE_CODE):  # stored, read by everyone later: in Dutch
            verwerking_registreer(
                gebruiker=gebruiker, actie=Verwerking.Actie.INZIEN, obj=obj,
                doel=_("geblokkeerd: te veel in korte tijd (%(wat)s)") % {"wat": _(wat)},
                details=_("poging %(n)s binnen %(m)s minuten; limiet %(l)s") % {
                    "n": telling.aantal, "m": settings.LIMIET_VENSTER_MINUTEN, "l": limiet(soort)})
        # Once per window, however often the account keeps trying.
        if cache.add(f"{_sleutel(soort, gebruiker.pk)}:{int(telling.begin)}:gemeld", 1,
                     timeout=venster_seconden()):
            gebeurtenis_vastleggen(BULKTOEGANG_GEREMD, door=gebruiker, gebruiker_id=gebruiker.pk,
                                   regio_id=_regio_id(gebruiker), wat=soort, limiet=limiet(soort),
                                   minuten=settings.LIMIET_VENSTER_MINUTEN, venster=int(telling.begin),
                                   tijdstip=timezone.now().isoformat())
    response = render(request, "accounts/bulkrem.html", {
        "wat": _(wat), "limiet": limiet(soort), "minuten": settings.LIMIET_VENSTER_MINUTEN,
        "nog_minuten": telling.nog_minuten}, status=429)
    response["Retry-After"] = str(telling.nog_minuten * 60)
    return response
