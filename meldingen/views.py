from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Rol
from accounts.permissions import rol_vereist
from klantreis.lib import vaste_vorm
from klantreis.lib.paginering import pagineer
from meldingen import services
from meldingen.forms import VoorkeurForm
from meldingen.models import Melding
from meldingen.selectors import meldingen_voor

IEDEREEN = (Rol.WERKZOEKENDE, Rol.KLANTMANAGER, Rol.ACCOUNTMANAGER, Rol.WERKGEVER, Rol.BEHEERDER)


def _eigen(request, pk):
    """A melding is only ever its receiver's: anyone else gets 404."""
    return get_object_or_404(Melding, pk=pk, ontvanger=request.user)


@rol_vereist(*IEDEREEN)
def meldingen(request):
    # The same shape on every visit: the page and its count are compiled once per process.
    pagina = pagineer(request, vaste_vorm.Lijst("meldingen.lijst", meldingen_voor, gebruiker=request.user.pk))
    return render(request, "meldingen/lijst.html", {"pagina": pagina, "u": request.user.rol == Rol.WERKGEVER})


def _veilig(request, url, anders="meldingen"):
    return url if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()},
                                                          require_https=request.is_secure()) else anders


@rol_vereist(*IEDEREEN)
@require_POST
def melding_openen(request, pk):
    melding = _eigen(request, pk)
    services.melding_gelezen(melding=melding, door=request.user)
    return redirect(_veilig(request, melding.url))


@rol_vereist(*IEDEREEN)
@require_POST
def melding_gelezen(request, pk):
    services.melding_gelezen(melding=_eigen(request, pk), door=request.user)
    return redirect(_veilig(request, request.POST.get("terug")))


@rol_vereist(*IEDEREEN)
@require_POST
def meldingen_alles_gelezen(request):
    aantal = services.meldingen_alles_gelezen(door=request.user)
    if aantal:
        messages.success(request, _("Alle meldingen zijn gelezen."))
    return redirect("meldingen")


@rol_vereist(*IEDEREEN)
def melding_voorkeur(request):
    u = request.user.rol == Rol.WERKGEVER
    huidig = services.bezorging_voor([request.user])[request.user.pk]
    form = VoorkeurForm(request.POST or None, initial={"bezorging": huidig}, u=u)
    if request.method == "POST" and form.is_valid():
        services.voorkeur_instellen(door=request.user, bezorging=form.cleaned_data["bezorging"])
        messages.success(request, _("Uw keuze is opgeslagen.") if u else _("Je keuze is opgeslagen."))
        return redirect("melding_voorkeur")
    return render(request, "meldingen/voorkeur.html", {"form": form, "u": u},
                  status=400 if form.errors else 200)
