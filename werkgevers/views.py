from django.shortcuts import render

from accounts.models import Rol
from accounts.paginering import pagineer
from accounts.permissions import rol_vereist
from accounts.selectors import wsp_van_regio
from werkgevers import selectors


@rol_vereist(Rol.ACCOUNTMANAGER)
def accountmanager_home(request):
    werkgevers = pagineer(request, selectors.werkgevers_van_accountmanager(request.user))
    template = "werkgevers/_werkgevers_lijst.html" if request.htmx else "werkgevers/accountmanager_home.html"
    return render(request, template, {"pagina": werkgevers})


@rol_vereist(Rol.WERKGEVER)
def werkgever_home(request):
    werkgever = selectors.werkgever_van_gebruiker(request.user)
    vacatures = pagineer(request, selectors.vacatures_van_werkgever(werkgever)) if werkgever else None
    return render(
        request,
        "werkgevers/werkgever_home.html",
        {
            "werkgever": werkgever,
            "pagina": vacatures,
            "wsp": wsp_van_regio(request.user.regio) if request.user.regio_id else None,
        },
    )
