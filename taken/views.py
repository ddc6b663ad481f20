from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Rol
from accounts.permissions import rol_vereist
from klantreis.lib.paginering import pagineer
from taken.models import Taak
from taken.selectors import open_taken
from taken import services


@rol_vereist(Rol.ACCOUNTMANAGER, Rol.KLANTMANAGER)
def taken(request):
    return render(request, "taken/taken.html", {"pagina": pagineer(request, open_taken(request.user))})


@rol_vereist(Rol.ACCOUNTMANAGER, Rol.KLANTMANAGER)
@require_POST
def taak_afronden(request, pk):
    taak = get_object_or_404(Taak, pk=pk, toegewezen_aan=request.user)
    services.taak_afronden(taak=taak, door=request.user)
    messages.success(request, _("Taak afgerond."))
    return redirect(request.POST.get("terug") if url_has_allowed_host_and_scheme(
        request.POST.get("terug"), allowed_hosts={request.get_host()}) else "taken")
