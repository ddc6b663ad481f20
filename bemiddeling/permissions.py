from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import Rol
from bemiddeling.models import Sollicitatiegesprek, Voordracht


def get_voordracht_for_user(user, pk, *, write=False):
    """Who may open a voordracht:

    * the accountmanagers of the vacature's region;
    * the werkgever's own people, only while the kandidaat's consent stands;
    * the kandidaat's vaste klantmanager (read only).
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
    if user.rol == Rol.KLANTMANAGER and voordracht.kandidaat.klantmanager_id == user.pk and not write:
        return voordracht
    raise Http404


def get_gesprek_for_user(user, pk):
    gesprek = get_object_or_404(Sollicitatiegesprek, pk=pk)
    get_voordracht_for_user(user, gesprek.voordracht_id)
    return gesprek
