from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import Rol
from bemiddeling.models import Gespreksvoorbereiding, Sollicitatiegesprek, Voorbereidingspunt, Voordracht
from werkzoekenden.permissions import mag_dossier


def get_voordracht_for_user(user, pk, *, write=False):
    """Who may open a voordracht:

    * the accountmanagers of the vacature's region;
    * the werkgever's own people, only while the kandidaat's consent stands;
    * the klantmanager who works in the kandidaat's dossier, her own or the colleague covering for her
      (``werkzoekenden.permissions.mag_dossier``), read only.
    """
    voordracht = get_object_or_404(
        Voordracht.objects.select_related(
            "vacature__werkgever__accountmanager", "vacature__beroep", "kandidaat__gemeente",
            "kandidaat__klantmanager", "toestemming", "voorgedragen_door",
        ),
        pk=pk,
    )
    if not (user.is_authenticated and user.is_active):
        raise Http404
    werkgever = voordracht.vacature.werkgever
    if user.rol == Rol.ACCOUNTMANAGER and werkgever.regio_id == user.regio_id:
        return voordracht
    if (user.rol == Rol.WERKGEVER and werkgever.organisatie_id == user.organisatie_id
            and voordracht.toestemming.ingetrokken_op is None):
        return voordracht
    if user.rol == Rol.KLANTMANAGER and not write and mag_dossier(user, voordracht.kandidaat):
        return voordracht
    raise Http404


def get_gesprek_for_user(user, pk):
    gesprek = get_object_or_404(Sollicitatiegesprek, pk=pk)
    get_voordracht_for_user(user, gesprek.voordracht_id)
    return gesprek


def get_voorbereiding_for_user(user, gesprek_pk, *, write=False):
    """The preparation of a sollicitatiegesprek. Staff of the relation may read and change it: the
    accountmanagers of the vacature's region and the klantmanager who works in the kandidaat's dossier (her own, or
    the colleague covering for her: ``werkzoekenden.permissions.mag_dossier``; she may be the one to go along); the
    werkzoekende reads their own (ticking off goes through ``get_voorbereidingspunt_for_user``). The werkgever never
    sees it, not even with consent: it is the werkzoekende's preparation, not part of the voordracht."""
    voorbereiding = get_object_or_404(
        Gespreksvoorbereiding.objects.select_related(
            "gesprek__voordracht__vacature__werkgever", "gesprek__voordracht__kandidaat__klantmanager",
            "gesprek__voordracht__voorgedragen_door"),
        gesprek_id=gesprek_pk)
    if not (user.is_authenticated and user.is_active):
        raise Http404
    voordracht = voorbereiding.gesprek.voordracht
    if user.rol == Rol.ACCOUNTMANAGER and voordracht.vacature.werkgever.regio_id == user.regio_id:
        return voorbereiding
    if user.rol == Rol.KLANTMANAGER and mag_dossier(user, voordracht.kandidaat):
        return voorbereiding
    if user.rol == Rol.WERKZOEKENDE and voordracht.kandidaat.account_id == user.pk and not write:
        return voorbereiding
    raise Http404


def get_voorbereidingspunt_for_user(user, pk):
    """A line of the checklist, for the werkzoekende it is about only (they tick it off)."""
    if not (user.is_authenticated and user.is_active) or user.rol != Rol.WERKZOEKENDE:
        raise Http404
    return get_object_or_404(Voorbereidingspunt.objects.select_related("voorbereiding__gesprek__voordracht"),
                             pk=pk, voorbereiding__gesprek__voordracht__kandidaat__account=user)
