"""The door to a request about personal data: the klantmanager who may open the dossier, or a coordinator
to whom the overdue request was escalated (a task for it). Anyone else: 404. The werkzoekende sees their own
requests on "Mijn gegevens", not through this door."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import Rol
from taken.models import Taak
from werkzoekenden.models import Rechtenverzoek
from werkzoekenden.permissions import mag_dossier


def get_rechtenverzoek_for_user(user, pk):
    verzoek = get_object_or_404(Rechtenverzoek.objects.select_related(
        "kandidaat__klantmanager", "kandidaat__account", "afgehandeld_door"), pk=pk)
    if user.rol != Rol.KLANTMANAGER:
        raise Http404
    if mag_dossier(user, verzoek.kandidaat):
        return verzoek
    if user.is_coordinator and Taak.objects.filter(rechtenverzoek=verzoek, toegewezen_aan=user).exists():
        return verzoek
    raise Http404
