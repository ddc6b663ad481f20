from django.shortcuts import render
from django.utils.translation import gettext as _

from accounts.models import Rol, Verwerking
from accounts.paginering import pagineer
from accounts.permissions import rol_vereist
from accounts.services import verwerkingen_registreer
from plaatsingen.selectors import huidige_plaatsing
from werkzoekenden import selectors


@rol_vereist(Rol.KLANTMANAGER)
def klantmanager_home(request):
    pagina = pagineer(request, selectors.caseload_van_klantmanager(request.user))
    verwerkingen_registreer(
        gebruiker=request.user, actie=Verwerking.Actie.INZIEN, objecten=pagina.object_list, doel=_("caseload bekijken")
    )
    template = "werkzoekenden/_caseload_lijst.html" if request.htmx else "werkzoekenden/klantmanager_home.html"
    return render(request, template, {"pagina": pagina})


@rol_vereist(Rol.WERKZOEKENDE)
def werkzoekende_home(request):
    kandidaat = selectors.kandidaat_van_gebruiker(request.user)
    return render(request, "werkzoekenden/werkzoekende_home.html", {
        "kandidaat": kandidaat, "plaatsing": huidige_plaatsing(kandidaat) if kandidaat else None,
    })
