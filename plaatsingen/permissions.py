from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import Rol
from plaatsingen.models import NazorgMoment, Plaatsing
from werkzoekenden.permissions import mag_dossier


def _mag(user, plaatsing, write):
    if not (user.is_authenticated and user.is_active):
        return False
    if user.rol == Rol.ACCOUNTMANAGER:
        return plaatsing.regio_id == user.regio_id
    if write:
        return False
    if user.rol == Rol.WERKGEVER:
        return plaatsing.werkgever.organisatie_id == user.organisatie_id
    if user.rol == Rol.KLANTMANAGER:
        # Whoever works in the werknemer's dossier: her own klantmanager, or the colleague covering for her (who gets
        # the meldingen about the plaatsing) or granted the dossier, as with the voordracht it came from.
        return mag_dossier(user, plaatsing.kandidaat)
    if user.rol == Rol.WERKZOEKENDE:
        return plaatsing.kandidaat.account_id == user.pk
    return False


def get_plaatsing_for_user(user, pk, *, write=False):
    """Accountmanagers of the region change a plaatsing; the werkgever, the werknemer and the
    klantmanager who works in the werknemer's dossier (``werkzoekenden.permissions.mag_dossier``) read it (the werkgever
    also signs, see the view)."""
    plaatsing = get_object_or_404(
        Plaatsing.objects.select_related("kandidaat__klantmanager", "kandidaat__account", "kandidaat__gemeente",
                                         "werkgever__accountmanager", "voordracht__vacature"), pk=pk)
    if not _mag(user, plaatsing, write):
        raise Http404
    return plaatsing


def mag_nazorg_vastleggen(user, plaatsing):
    """Whether ``user``, who reads ``plaatsing`` (``get_plaatsing_for_user``), records its nazorg: the accountmanager,
    and the klantmanager who works in the werknemer's dossier for the organisation that holds it (her own, the
    waarnemer, a colleague of that organisation granted the dossier). A klantmanager of another organisation granted
    the dossier reads the plaatsing only: the werknemer's consent was to share her data with her, not to have her act
    for the organisation towards the werkgever."""
    if user.rol == Rol.ACCOUNTMANAGER:
        return True
    if user.rol != Rol.KLANTMANAGER:
        return False
    km = plaatsing.kandidaat.klantmanager
    return km is not None and km.organisatie_id == user.organisatie_id


def get_nazorgmoment_for_user(user, pk):
    """A nazorg moment, to record its outcome (``mag_nazorg_vastleggen``), else Http404."""
    moment = get_object_or_404(NazorgMoment, pk=pk)
    plaatsing = get_plaatsing_for_user(user, moment.plaatsing_id)
    if not mag_nazorg_vastleggen(user, plaatsing):
        raise Http404
    moment.plaatsing = plaatsing
    return moment
