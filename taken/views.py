from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from accounts.models import Rol
from accounts.permissions import rol_vereist
from accounts.selectors import ik_en_wie_ik_waarneem
from accounts.services import inzage_vastleggen
from klantreis.lib import vaste_vorm
from klantreis.lib.paginering import pagineer
from taken import services
from taken.models import Taak
from taken.selectors import betrokkenen_van_taken, open_taken


@rol_vereist(Rol.ACCOUNTMANAGER, Rol.KLANTMANAGER, Rol.BEHEERDER)
def taken(request):
    # My own tasks and those of the colleagues I cover for: their caseload is mine while they are away. A beheerder
    # has tasks too: what nobody else may do (appoint a coordinator for an AVG request, a slowed colleague's check).
    ik_en_zij = ik_en_wie_ik_waarneem(request.user)
    # The same shape on every visit: the page and its count are compiled once per process.
    pagina = pagineer(request, vaste_vorm.Lijst("taken.open", open_taken, gebruikers=ik_en_zij))
    # A task's text names the kandidaat or the werkgever's contact ("Bel Piet over Willem").
    inzage_vastleggen(gebruiker=request.user, wat=gettext_noop("taken"),
                      betrokkenen=betrokkenen_van_taken(pagina.object_list))
    return render(request, "taken/taken.html", {"pagina": pagina, "ik_en_zij": ik_en_zij})


@rol_vereist(Rol.ACCOUNTMANAGER, Rol.KLANTMANAGER, Rol.BEHEERDER)
@require_POST
def taak_afronden(request, pk):
    # Mine, or of a colleague I cover for: what I do for them while they are away is done.
    taak = get_object_or_404(Taak, pk=pk, toegewezen_aan_id__in=ik_en_wie_ik_waarneem(request.user))
    try:
        services.taak_afronden(taak=taak, door=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("Taak afgerond."))
    return redirect(request.POST.get("terug") if url_has_allowed_host_and_scheme(
        request.POST.get("terug"), allowed_hosts={request.get_host()}) else "taken")
