"""The doors to sollicitatieactiviteiten: the dossier's (werkzoekenden.permissions.mag_dossier) for reading;
writing only by the werkzoekende herself. Anyone else: 404."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import Rol
from sollicitaties.models import Sollicitatieactiviteit
from werkzoekenden.permissions import mag_dossier


def get_activiteit_for_user(user, pk, *, write=False):
    activiteit = get_object_or_404(
        Sollicitatieactiviteit.objects.select_related("kandidaat__klantmanager", "kandidaat__account"), pk=pk)
    if not mag_dossier(user, activiteit.kandidaat):
        raise Http404
    if write and not (user.rol == Rol.WERKZOEKENDE and activiteit.kandidaat.account_id == user.pk):
        raise Http404
    return activiteit
