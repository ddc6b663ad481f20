"""The only doors to werkgevers, verzoeken and vacatures: return the object or raise 404.

An accountmanager sees the werkgevers of their own region; a werkgever-user only their own company.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import Rol
from klantreis.lib import vaste_vorm
from werkgevers.models import Vacature, Verzoek, Werkgever


def _mag_werkgever(user, werkgever):
    if not (user.is_authenticated and user.is_active):
        return False
    if user.rol == Rol.ACCOUNTMANAGER:
        return werkgever.regio_id == user.regio_id
    if user.rol == Rol.WERKGEVER:
        return werkgever.organisatie_id == user.organisatie_id
    return False


def _werkgever(pk):
    return Werkgever.objects.select_related(
        "accountmanager__organisatie", "gemeente", "regio", "organisatie").filter(pk=pk).order_by()


def _vacature(pk):
    return Vacature.objects.select_related(
        "werkgever__accountmanager", "werkgever__organisatie", "beroep", "gemeente", "regio").filter(pk=pk).order_by()


# The werkgever's and the vacature's pages open with these reads: their SQL is compiled once per process.
def get_werkgever_for_user(user, pk, *, write=False):
    werkgever = vaste_vorm.object_of_404("werkgevers.werkgever", _werkgever, pk)
    if not _mag_werkgever(user, werkgever):
        raise Http404
    if write and user.rol != Rol.ACCOUNTMANAGER:
        raise Http404
    return werkgever


def get_vacature_for_user(user, pk, *, write=False):
    """Both the accountmanager and the werkgever may change their vacature."""
    vacature = vaste_vorm.object_of_404("werkgevers.vacature", _vacature, pk)
    if not _mag_werkgever(user, vacature.werkgever):
        raise Http404
    return vacature


def get_verzoek_for_user(user, pk):
    verzoek = get_object_or_404(
        Verzoek.objects.select_related("werkgever__gemeente", "werkgever__accountmanager", "accountmanager",
                                       "gesloten_door"), pk=pk
    )
    if not (user.is_authenticated and user.rol == Rol.ACCOUNTMANAGER and verzoek.regio_id == user.regio_id):
        raise Http404
    return verzoek
