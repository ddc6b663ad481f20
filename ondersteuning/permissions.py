"""The doors to the ondersteuningsgids. A werkzoekende sees the trajecten of their own gemeente and region (not
archived); the beheerder and klantmanagers of a region see and keep that region's trajecten. An aanvraag is
decided by whoever may open the dossier (the vaste klantmanager, or a colleague covering). Anyone else: 404."""

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import Rol
from ondersteuning.models import Aanvraag, Startmoment, Traject
from werkzoekenden.permissions import mag_dossier
from werkzoekenden.selectors import kandidaat_van_gebruiker

BEHEERDERS = (Rol.BEHEERDER, Rol.KLANTMANAGER)


def zichtbaar_voor_kandidaat(kandidaat):
    """The trajecten a werkzoekende may browse: their region, for everyone there or for their gemeente."""
    return zichtbaar_in(kandidaat.regio_id, kandidaat.gemeente_id)


def zichtbaar_in(regio_id, gemeente_id):
    """``zichtbaar_voor_kandidaat`` from the two values it reads (the gids compiles it once per process)."""
    return Q(regio_id=regio_id, gearchiveerd_op__isnull=True) & (Q(gemeente__isnull=True) | Q(gemeente_id=gemeente_id))


def kandidaat_voor_gids(user):
    """The werkzoekende's own dossier; without one there is nothing to browse (404)."""
    kandidaat = kandidaat_van_gebruiker(user)
    if kandidaat is None:
        raise Http404
    return kandidaat


def get_traject_for_user(user, pk, *, write=False):
    traject = get_object_or_404(Traject.objects.select_related("regio", "gemeente"), pk=pk)
    if not (user.is_authenticated and user.is_active):
        raise Http404
    if user.rol in BEHEERDERS:
        if traject.regio_id != user.regio_id:
            raise Http404
        return traject
    if write or user.rol != Rol.WERKZOEKENDE:
        raise Http404
    kandidaat = kandidaat_voor_gids(user)
    if not Traject.objects.filter(zichtbaar_voor_kandidaat(kandidaat), pk=traject.pk).exists():
        raise Http404
    return traject


def get_startmoment_for_user(user, pk):
    """A groepsbijeenkomst to sign up for: the werkzoekende must be able to see its traject."""
    startmoment = get_object_or_404(Startmoment.objects.select_related("traject", "afspraak"), pk=pk)
    get_traject_for_user(user, startmoment.traject_id)
    if user.rol != Rol.WERKZOEKENDE or startmoment.afspraak_id is None:
        raise Http404
    return startmoment


def get_aanvraag_for_user(user, pk):
    """Only the klantmanager of the dossier (or a colleague covering it) decides."""
    aanvraag = get_object_or_404(Aanvraag.objects.select_related(
        "kandidaat__klantmanager", "kandidaat__gemeente", "kandidaat__account", "traject", "startmoment",
        "beoordeeld_door"), pk=pk)
    if user.rol != Rol.KLANTMANAGER or not mag_dossier(user, aanvraag.kandidaat):
        raise Http404
    return aanvraag


def get_eigen_aanvraag_for_user(user, pk):
    """A werkzoekende's own request (to withdraw it); anyone else's: 404."""
    aanvraag = get_object_or_404(Aanvraag.objects.select_related("kandidaat", "traject"), pk=pk)
    if user.rol != Rol.WERKZOEKENDE or aanvraag.kandidaat.account_id != user.pk:
        raise Http404
    return aanvraag
