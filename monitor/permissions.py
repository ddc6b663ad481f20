"""Who reads which part of the klantreis monitor. Only aggregates; a stranger gets 404.

- beheerder and programma (landelijk): every region, side by side, and each region or organisation alone;
- a WSP-coördinator (an accountmanager or klantmanager with ``is_coordinator``): their own region and its
  organisations, plus the comments of the "Hoe ging dit?" answers there (names removed);
- everyone else: 404.
"""

from dataclasses import dataclass

from django.http import Http404

from accounts.models import Arbeidsmarktregio, Organisatie, Rol

LANDELIJK = (Rol.BEHEERDER, Rol.PROGRAMMA)
COORDINATOR_ROLLEN = (Rol.ACCOUNTMANAGER, Rol.KLANTMANAGER)
# Every role that can reach the pages at all; within them ``get_bereik_for_user`` decides.
MONITOR_ROLLEN = (*LANDELIJK, *COORDINATOR_ROLLEN)


@dataclass(frozen=True)
class Bereik:
    """The place one person looks at: the whole country (regio None), a region, or an organisation in it."""

    regio: Arbeidsmarktregio | None
    organisatie: Organisatie | None
    landelijk: bool  # may see every region side by side and choose any region
    opmerkingen: bool  # may read the comments (the coordinator, in their own region)


def is_monitorlezer(user) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    return user.rol in LANDELIJK or (user.rol in COORDINATOR_ROLLEN and user.is_coordinator and bool(user.regio_id))


def get_bereik_for_user(user, *, regio_code="", organisatie_pk="") -> Bereik:
    """The region (code) and organisation (pk) asked for, if this person may see them; otherwise 404."""
    if not is_monitorlezer(user):
        raise Http404
    landelijk = user.rol in LANDELIJK
    if landelijk:
        regio = None
        if regio_code:
            regio = Arbeidsmarktregio.objects.filter(code=regio_code).first()
            if regio is None:
                raise Http404
    else:
        regio = user.regio
        if regio_code and regio_code != regio.code:
            raise Http404  # another region is not theirs to see
    organisatie = None
    if organisatie_pk:
        if regio is None or not str(organisatie_pk).isdigit():
            raise Http404
        organisatie = Organisatie.objects.filter(pk=int(organisatie_pk), regio=regio).exclude(
            soort=Organisatie.Soort.WERKGEVER).first()
        if organisatie is None:
            raise Http404
    return Bereik(regio=regio, organisatie=organisatie, landelijk=landelijk, opmerkingen=not landelijk)
