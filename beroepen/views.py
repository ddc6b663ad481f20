from django.shortcuts import render

from accounts.models import Rol
from accounts.permissions import rol_vereist
from beroepen.selectors import beroepen_zoeken


@rol_vereist(Rol.ACCOUNTMANAGER, Rol.WERKGEVER, Rol.KLANTMANAGER, Rol.WERKZOEKENDE)
def beroep_zoeken(request):
    """htmx: suggestions for the beroep field (``<option>``s for a datalist)."""
    term = request.GET.get("beroep") or request.GET.get("q") or ""
    return render(request, "werkgevers/_beroep_opties.html", {"beroepen": beroepen_zoeken(term[:100])})
