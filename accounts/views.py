from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from accounts import selectors, services, sessie
from accounts.forms import (
    UitnodigingAccepterenForm,
    WaarnemingForm,
)
from accounts.models import Rol, User
from accounts.permissions import rol_vereist
from klantreis.lib.views import fouten_naar_formulier, id_uit

HOME_PER_ROL = {
    Rol.BEHEERDER: "beheerder_home",
    Rol.ACCOUNTMANAGER: "accountmanager_home",
    Rol.KLANTMANAGER: "klantmanager_home",
    Rol.WERKGEVER: "werkgever_home",
    Rol.WERKZOEKENDE: "werkzoekende_home",
    Rol.PROGRAMMA: "monitor",  # the programme has only the klantreis monitor
}


def home(request):
    """Anonymous visitors see what the portal is; everyone else lands on their role's page."""
    if request.user.is_authenticated:
        return redirect(HOME_PER_ROL[request.user.rol])
    return render(request, "accounts/welkom.html")


@rol_vereist(Rol.BEHEERDER)
def beheerder_home(request):
    uitnodigingen = list(selectors.recente_uitnodigingen())
    # The list of recent invitations shows names and e-mail addresses of the people invited.
    services.inzage_vastleggen(gebruiker=request.user, wat=gettext_noop("beheer: recente uitnodigingen"),
                               betrokkenen=uitnodigingen)
    overzicht = selectors.beheer_overzicht()
    return render(
        request,
        "accounts/beheerder_home.html",
        {
            "overzicht": overzicht,
            "per_rol": [(rol.label, *overzicht["per_rol"][rol.value]) for rol in Rol],
            "uitnodigingen": uitnodigingen,
            # What only she can do: an AVG request nobody may open until she appoints a coordinator (taken.reacties).
            "open_taken": request.user.taken.filter(afgerond_op__isnull=True).count(),
        },
    )


@never_cache
def uitnodiging_accepteren(request, uidb64, token):
    """The link from the invitation mail: choose a password once, then you are logged in."""
    try:
        gebruiker = User.objects.get(pk=int(urlsafe_base64_decode(uidb64).decode()))
    except (ValueError, TypeError, OverflowError, UnicodeDecodeError, User.DoesNotExist):
        gebruiker = None
    geldig = (
        gebruiker is not None
        and gebruiker.is_active
        and gebruiker.uitgenodigd_op is not None
        and not gebruiker.has_usable_password()
        and default_token_generator.check_token(gebruiker, token)
    )
    if not geldig:
        # One answer for every invalid link (used, expired, unknown): it tells nobody whether an account exists.
        return render(request, "accounts/uitnodiging_ongeldig.html", status=404)
    form = UitnodigingAccepterenForm(gebruiker, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            gebruiker = services.uitnodiging_accepteren(gebruiker=gebruiker,
                                                        wachtwoord=form.cleaned_data["new_password1"])
        except ValidationError as exc:
            fouten_naar_formulier(form, exc)
        else:
            login(request, gebruiker, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welkom! Je wachtwoord is ingesteld.") if gebruiker.leest_je
                             else _("Welkom! Uw wachtwoord is ingesteld."))
            return redirect("home")
    return render(
        request,
        "accounts/uitnodiging_accepteren.html",
        {"form": form, "gebruiker": gebruiker},
        status=400 if form.errors else 200,
    )


@require_GET
def health(request):
    """For the load balancer and docker-compose: is the database reachable?"""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def sessie_status(request):
    """For the warning before the session ends (static/js/sessie.js): a GET asks how many seconds are
    left and does not count as activity; a POST is the click on "Ingelogd blijven" and does."""
    if request.method == "POST":
        sessie.activiteit(request.session, request.user, altijd=True)
    return JsonResponse({"resterend": sessie.resterend(request.session, request.user), "verlopen": False})


@rol_vereist(Rol.KLANTMANAGER, Rol.ACCOUNTMANAGER)
def waarneming(request):
    """Who covers for me while I am away (a klantmanager's caseload; an accountmanager's werkgevers: their messages,
    her tasks and meldingen): a colleague of my own organisation in the same role, found by name (a search as you
    type with htmx, a Zoeken button without JavaScript), or nobody. Without a search the first colleagues by name are
    shown: for a real team that is everyone."""
    am = request.user.rol == Rol.ACCOUNTMANAGER
    zoeken = request.method == "POST" and "zoeken" in request.POST  # the search button, without JavaScript
    gegevens = request.POST if request.method == "POST" else request.GET
    van_het_formulier = request.method == "POST" or request.htmx
    collegas = selectors.mogelijke_waarnemers(request.user)
    huidige = request.user.waarnemer_id
    gekozen = id_uit(gegevens.get("waarnemer")) if van_het_formulier else huidige
    keuze = selectors.collegas_zoeken(collegas, gegevens.get("waarnemer_zoek", ""), gekozen=gekozen,
                                      zonder_zoekterm=collegas)
    organisatie = request.user.organisatie
    kop = (_("Collega's van %(organisatie)s:") % {"organisatie": organisatie}
           if organisatie and keuze.aantal_gevonden and not keuze.zoekterm else "")
    context = {**keuze.context(), "kop": kop, "zoek_url": request.path}
    label = _("Collega die voor mij waarneemt") if am else None
    if request.method == "POST" and not zoeken:
        form = WaarnemingForm(request.POST, collegas=collegas, label=label)
    else:  # a page, or a search: the colleague chosen stays checked, nothing is stored
        form = WaarnemingForm(initial={"waarnemer": gekozen if gekozen in {c.pk for c in keuze.collegas} else ""},
                              collegas=collegas, label=label)
    form.toon_collegas(keuze.collegas)
    if request.htmx and request.method == "GET":
        return render(request, "includes/klantmanager_keuzes.html", {"veld": form["waarnemer"], "am": am, **context})
    if request.method == "POST" and not zoeken and form.is_valid():
        try:
            services.waarnemer_instellen(gebruiker=request.user, waarnemer=form.cleaned_data["waarnemer"])
        except ValidationError as exc:
            fouten_naar_formulier(form, exc)
        else:
            waarnemer = form.cleaned_data["waarnemer"]
            if am:
                messages.success(request, _("Opgeslagen: %(naam)s neemt voor je waar.") % {
                    "naam": waarnemer.get_full_name()} if waarnemer else _("Opgeslagen: niemand neemt voor je waar."))
            else:
                messages.success(request, _("Opgeslagen: %(naam)s neemt je caseload waar.") % {
                    "naam": waarnemer.get_full_name()} if waarnemer else _(
                    "Opgeslagen: niemand neemt je caseload waar."))
            doorgegeven, aantal = selectors.doorgegeven_waarnemingen(request.user, limiet=3) if waarnemer else ([], 0)
            if doorgegeven:
                # What went along with hers, said once more now it happened (the page said it before she saved).
                namen = ", ".join(c.get_full_name() for c in doorgegeven)
                if aantal > len(doorgegeven):
                    namen += " " + ngettext("en nog %(n)s collega", "en nog %(n)s collega's",
                                            aantal - len(doorgegeven)) % {"n": aantal - len(doorgegeven)}
                messages.info(request, ngettext(
                    "Ook je waarneming voor %(namen)s gaat mee naar %(naam)s, tot je terug bent.",
                    "Ook je waarnemingen voor %(namen)s gaan mee naar %(naam)s, tot je terug bent.", aantal) % {
                    "namen": namen, "naam": waarnemer.get_full_name()})
            return redirect(HOME_PER_ROL[request.user.rol])
    ik_neem_waar_voor, aantal_waargenomen = selectors.waargenomen_door(request.user)
    # Away, she passed the waarnemingen she held on to her waarnemer: they come back when she is.
    doorgegeven, aantal_doorgegeven = selectors.doorgegeven_waarnemingen(request.user) if huidige else ([], 0)
    return render(request, "accounts/waarneming.html", {
        "form": form, "veld": form["waarnemer"], "huidige_waarnemer": request.user.waarnemer if huidige else None,
        "gekozen_waarnemer": request.user.waarneming_doorgegeven_door if huidige else None,
        "ik_neem_waar_voor": ik_neem_waar_voor, "nog_meer": aantal_waargenomen - len(ik_neem_waar_voor),
        "doorgegeven": doorgegeven, "nog_meer_doorgegeven": aantal_doorgegeven - len(doorgegeven),
        "am": am, "thuis": HOME_PER_ROL[request.user.rol], **context},
        status=400 if form.errors else 200)
