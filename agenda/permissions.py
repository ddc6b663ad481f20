"""The only door to an afspraak: its participants see it; werkzoekenden of the region also see an open
groepsbijeenkomst (to sign up). Changing it is for its staff participants, and for the colleague covering one of
them who is away (``waargenomen_deelname``). Answering an invitation ("ik kan
niet") is for the invited werkzoekende herself, or the invited contactpersoon of the werkgever. Anyone else: 404."""

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import Rol
from agenda.models import Afspraak, Deelnemer

MEDEWERKERS = (Rol.ACCOUNTMANAGER, Rol.KLANTMANAGER, Rol.BEHEERDER)


def deelname_van(user, afspraak):
    return afspraak.deelnemers.filter(Q(gebruiker=user) | Q(kandidaat__account=user)).first()


def waargenomen_deelname(user, afspraak):
    """The place at ``afspraak`` of a colleague ``user`` covers for (a klantmanager or accountmanager of her
    organisation who is away and chose her), or None. She sees and moves his afspraken while he is away: his
    werkzoekenden and werkgevers would otherwise come for someone who is not there."""
    if user.rol not in (Rol.KLANTMANAGER, Rol.ACCOUNTMANAGER) or not user.organisatie_id:
        return None
    return (afspraak.deelnemers.select_related("gebruiker")
            .filter(gebruiker__waarnemer=user, gebruiker__organisatie_id=user.organisatie_id, gebruiker__rol=user.rol)
            .exclude(status=Deelnemer.Status.AFGEMELD).first())


def get_afspraak_for_user(user, pk, *, write=False):
    afspraak = get_object_or_404(Afspraak.objects.select_related(
        "werkgever", "georganiseerd_door", "gesprek__voordracht__kandidaat", "regio"), pk=pk)
    if not (user.is_authenticated and user.is_active):
        raise Http404
    deelname = deelname_van(user, afspraak) or waargenomen_deelname(user, afspraak)
    if write:
        if deelname is None or user.rol not in MEDEWERKERS or deelname.status == Deelnemer.Status.AFGEMELD:
            raise Http404
        return afspraak
    open_groep = (afspraak.is_groep and user.rol == Rol.WERKZOEKENDE and afspraak.regio_id
                  and afspraak.regio_id == user.regio_id)
    if deelname is None and not open_groep:
        raise Http404
    return afspraak


def get_uitnodiging_for_user(user, pk):
    """The user's own invitation to afspraak ``pk``, to answer it: their Deelnemer row (with the afspraak, its
    organiser and the werkzoekende's klantmanager, for ``selectors.plant_opnieuw``). A werkzoekende answers any
    invitation; a werkgever's contactpersoon one that is not a sollicitatiegesprek (that one he moves at the
    voordracht). A groepsbijeenkomst has its own afmelden; anyone else: 404."""
    if not (user.is_authenticated and user.is_active) or user.rol not in (Rol.WERKZOEKENDE, Rol.WERKGEVER):
        raise Http404
    uitnodigingen = (Deelnemer.objects.select_related("afspraak__georganiseerd_door", "afspraak__werkgever",
                                                      "kandidaat__klantmanager", "gebruiker")
                     .exclude(afspraak__soort=Afspraak.Soort.GROEPSBIJEENKOMST)
                     .exclude(status=Deelnemer.Status.AFGEMELD))
    if user.rol == Rol.WERKGEVER:
        return get_object_or_404(uitnodigingen.filter(afspraak__gesprek__isnull=True), afspraak_id=pk, gebruiker=user)
    return get_object_or_404(uitnodigingen, afspraak_id=pk, kandidaat__account=user)
