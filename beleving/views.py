"""'Hoe ging het?': the open questions in the portal, one question, and the one-time link from the mail.

The link has no login. It opens one question, shows only that question (no names, nothing of the dossier),
expires, and works once; a wrong, used or expired token is the same 404. Staff have no page here: they see
the answers only as figures and comments without names in the monitor."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from accounts.models import Rol
from accounts.permissions import rol_vereist
from beleving import selectors, services
from beleving.forms import AntwoordForm
from beleving.models import Score
from beleving.permissions import get_belevingsvraag_for_user
from klantreis.lib.paginering import pagineer

GEZICHTEN = {s.value: s.label for s in Score}


def _geen_cache(response):
    response["Cache-Control"] = "no-store, private"
    # The token never leaves in a Referer to another site. Not "no-referrer": Chromium then posts the form
    # with "Origin: null", which the CSRF check refuses.
    response["Referrer-Policy"] = "same-origin"
    return response


@rol_vereist(Rol.WERKGEVER, Rol.WERKZOEKENDE)
def beleving_overzicht(request):
    """The open questions, and the choice "Vraag me dit niet meer" (or to be asked again)."""
    u = request.user.rol == Rol.WERKGEVER
    stand = services.bevraagde_van_gebruiker(request.user, maken=request.method == "POST")
    if request.method == "POST":
        if request.POST.get("keuze") == "niet_meer":
            services.niet_meer_vragen(bevraagde=stand)
            messages.success(request, _("Goed, we stellen u deze vragen niet meer.") if u
                             else _("Goed, we stellen je deze vragen niet meer."))
        elif request.POST.get("keuze") == "weer":
            services.weer_vragen(bevraagde=stand)
            messages.success(request, _("Goed, we stellen u soms weer een korte vraag.") if u
                             else _("Goed, we stellen je soms weer een korte vraag."))
        return redirect("beleving_overzicht")
    return render(request, "beleving/overzicht.html", {
        "pagina": pagineer(request, selectors.open_vragen(request.user)), "stand": stand, "u": u,
    })


def _beantwoorden(request, vraag, *, bevraagde, bedankt_url=None):
    """Bind the form; answer, or store "Vraag me dit niet meer". Returns a response or the bound form."""
    if request.method == "POST" and request.POST.get("keuze") == "niet_meer":
        if bevraagde is not None:
            services.niet_meer_vragen(bevraagde=bevraagde)
        return render(request, "beleving/bedankt.html", {"niet_meer": True, "u": vraag.voor_werkgever,
                                                         "terug": bedankt_url})
    form = AntwoordForm(request.POST or None, u=vraag.voor_werkgever)
    if request.method == "POST" and form.is_valid():
        services.vraag_beantwoorden(vraag=vraag, **form.cleaned_data)
        return render(request, "beleving/bedankt.html", {"u": vraag.voor_werkgever, "terug": bedankt_url})
    return render(request, "beleving/vraag.html", {"vraag": vraag, "form": form, "u": vraag.voor_werkgever,
                                                   "gezichten": GEZICHTEN},
                  status=400 if form.errors else 200)


@rol_vereist(Rol.WERKGEVER, Rol.WERKZOEKENDE)
def beleving_vraag(request, pk):
    vraag = get_belevingsvraag_for_user(request.user, pk, write=request.method == "POST")
    return _beantwoorden(request, vraag, bevraagde=vraag.bevraagde or services.bevraagde_van_gebruiker(request.user),
                         bedankt_url="beleving_overzicht")


@never_cache
def beleving_link(request, token):
    """No password: the link in the mail opens only this one question."""
    vraag = services.vraag_bij_token(token)
    return _geen_cache(_beantwoorden(request, vraag, bevraagde=vraag.bevraagde))
