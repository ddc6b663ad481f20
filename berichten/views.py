import os

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.cache import never_cache

from accounts.models import Rol, User, Verwerking
from accounts.permissions import rol_vereist
from accounts.services import verwerking_registreer, verwerkingen_registreer
from berichten import services
from berichten.forms import BerichtForm, NieuweWisselingForm
from berichten.models import Berichtenwisseling
from berichten.permissions import (
    antwoordbewijs,
    get_bijlage_for_user,
    get_kandidaat_voor_bericht,
    get_wisseling_for_user,
    mag_starten_werkgever,
    start_verloren,
    start_via,
    startbewijs,
    toegang_verloren,
    toegang_via,
)
from berichten.selectors import berichten_pagina, contactpersoon_en_waarnemer, contactpersoon_weg, inbox_blad
from klantreis.lib.views import download, fouten_naar_formulier, id_uit
from werkgevers.models import Werkgever
from werkgevers.selectors import werkgever_van_gebruiker
from werkzoekenden.selectors import kandidaat_van_gebruiker

Soort = Berichtenwisseling.Soort
IEDEREEN = (Rol.WERKZOEKENDE, Rol.KLANTMANAGER, Rol.ACCOUNTMANAGER, Rol.WERKGEVER, Rol.BEHEERDER)
STAF = (Rol.KLANTMANAGER, Rol.ACCOUNTMANAGER)


def _verstuurd(request, wisseling, u):
    """The message is stored; whether anyone hears of it now depends on the werkzoekende's or werkgever's
    contactpersoon still working here (``contactpersoon_weg``)."""
    if request.user.rol in (Rol.WERKZOEKENDE, Rol.WERKGEVER) and contactpersoon_weg(wisseling):
        messages.warning(request, _("Uw bericht is bewaard. Uw nieuwe accountmanager kan het lezen.") if u
                         else _("Je bericht is bewaard. Je nieuwe contactpersoon kan het lezen."))
    else:
        messages.success(request, _("Uw bericht is verstuurd.") if u else _("Je bericht is verstuurd."))


def _geen_toegang_meer(request, via, *, nieuw=False):
    """Her answer came from a page made while she took part in the thread, and she no longer does (``via``
    "waarneming": her waarneming ended; else the thread has another contactpersoon now). Not sent; what she typed is
    shown back to copy, and nothing else of the thread (not even its subject). ``nieuw``: the message was to start a
    thread (the new-message page), and the subject she typed is shown back too."""
    bijlage = request.FILES.get("bijlage")
    return render(request, "berichten/geen_toegang.html", {
        "via": via, "u": request.user.rol == Rol.WERKGEVER, "staf": request.user.rol in STAF, "nieuw": nieuw,
        "onderwerp": request.POST.get("onderwerp", "").strip() if nieuw else "",
        "tekst": request.POST.get("tekst", "").strip(), "bijlage": os.path.basename(bijlage.name) if bijlage else "",
    }, status=403)


def _wie_antwoordt(user, wisseling):
    """For the werkzoekende or werkgever: (contactpersoon, the colleague covering for them or None)."""
    if user.rol in (Rol.WERKZOEKENDE, Rol.WERKGEVER):
        return contactpersoon_en_waarnemer(wisseling)
    return None, None


def _nieuw_links(user):
    """Where this person can start a thread from the list page (staff start one from a dossier or werkgever)."""
    if user.rol == Rol.WERKZOEKENDE:
        kandidaat = kandidaat_van_gebruiker(user)
        if kandidaat is not None and kandidaat.klantmanager_id:
            return [(reverse("wisseling_nieuw_werkzoekende", args=[kandidaat.pk]),
                     _("Nieuw bericht aan je contactpersoon"))]
    if user.rol == Rol.WERKGEVER and user.organisatie_id:
        werkgever = werkgever_van_gebruiker(user)
        if werkgever is not None and werkgever.accountmanager_id:
            return [(reverse("wisseling_nieuw_werkgever", args=[werkgever.pk]),
                     _("Nieuw bericht aan uw accountmanager"))]
    return []


@rol_vereist(*IEDEREEN)
def berichten(request):
    # Newest first, page by page without counting: a klantmanager covering a team has tens of thousands of threads,
    # and counting them on every visit cost as much as the page itself.
    blad = inbox_blad(request, request.user)
    if request.user.rol in STAF:
        kandidaten = {w.kandidaat_id: w.kandidaat for w in blad.object_list if w.kandidaat_id}
        verwerkingen_registreer(gebruiker=request.user, actie=Verwerking.Actie.INZIEN, objecten=kandidaten.values(),
                                doel=gettext_noop("berichten bekijken"))
    return render(request, "berichten/lijst.html", {"blad": blad, "nieuw": _nieuw_links(request.user)})


@never_cache
@rol_vereist(*IEDEREEN)
def wisseling(request, pk):
    try:
        wisseling = get_wisseling_for_user(request.user, pk)
    except Http404:
        # A stranger's POST is a 404 like her GET; only the token of her own form shows she took part until now.
        via = toegang_verloren(request.user, pk, request.POST.get("bewijs")) if request.method == "POST" else None
        if via is None:
            raise
        return _geen_toegang_meer(request, via)
    u = request.user.rol == Rol.WERKGEVER
    form = BerichtForm(request.POST or None, request.FILES or None, u=u,
                       te_groot=getattr(request, "upload_te_groot", False))
    if request.method == "POST" and form.is_valid():
        bijlage = form.cleaned_data.get("bijlage")
        try:
            services.bericht_versturen(wisseling=wisseling, door=request.user, tekst=form.cleaned_data["tekst"],
                                       bijlage=bijlage or None, bijlage_soort=getattr(bijlage, "soort", ""))
        except ValidationError as exc:
            fouten_naar_formulier(form, exc)
        except PermissionDenied:  # her access ended between the check above and the service's own
            return _geen_toegang_meer(request, toegang_via(request.user, wisseling))
        else:
            _verstuurd(request, wisseling, u)
            return redirect(reverse("wisseling", args=[wisseling.pk]) + "#nieuw-bericht")
    voor, na = id_uit(request.GET.get("voor")), id_uit(request.GET.get("na"))
    rijen, ouder, nieuwer = berichten_pagina(wisseling, voor=voor, na=na)
    if rijen and nieuwer is None:
        services.wisseling_gelezen(wisseling=wisseling, door=request.user, tot_bericht=rijen[-1].pk)
    if request.user.rol in STAF and request.method == "GET":
        verwerking_registreer(gebruiker=request.user, actie=Verwerking.Actie.INZIEN,
                              obj=wisseling.kandidaat or wisseling, doel=gettext_noop("berichten lezen"),
                              details=f"berichtenwisseling {wisseling.pk}")
    contact, waarnemer = _wie_antwoordt(request.user, wisseling)
    return render(request, "berichten/wisseling.html", {
        "wisseling": wisseling, "berichten": rijen, "ouder": ouder, "nieuwer": nieuwer, "form": form, "u": u,
        "contactpersoon_weg": request.user.rol in (Rol.WERKZOEKENDE, Rol.WERKGEVER) and contactpersoon_weg(wisseling),
        "contact": contact, "waarnemer": waarnemer, "bewijs": antwoordbewijs(request.user, wisseling),
    }, status=400 if form.errors else 200)


def _nieuw_met(user, pk, soort):
    """(kandidaat, werkgever, the name the page addresses, the accountmanagers to choose from) for a new thread of
    ``soort``; 404 for whoever may not start it."""
    kandidaat = werkgever = None
    accountmanagers = None
    if soort == Soort.WERKGEVER:
        werkgever = get_object_or_404(Werkgever.objects.select_related("accountmanager"), pk=pk)
        if not mag_starten_werkgever(user, werkgever):
            raise Http404
        met = werkgever.naam if user.rol == Rol.ACCOUNTMANAGER else werkgever.accountmanager.get_full_name()
    else:
        kandidaat = get_kandidaat_voor_bericht(user, pk, soort=soort)
        if user.rol == Rol.WERKZOEKENDE:
            met = kandidaat.klantmanager.get_full_name()
        elif soort == Soort.WERKZOEKENDE or user.rol == Rol.ACCOUNTMANAGER:
            met = kandidaat.klantmanager.get_full_name() if user.rol == Rol.ACCOUNTMANAGER else str(kandidaat)
        else:
            met = None
            accountmanagers = User.objects.filter(rol=Rol.ACCOUNTMANAGER, is_active=True,
                                                  regio_id=user.regio_id).order_by("achternaam", "voornaam")
    return kandidaat, werkgever, met, accountmanagers


@rol_vereist(Rol.WERKZOEKENDE, Rol.KLANTMANAGER, Rol.ACCOUNTMANAGER, Rol.WERKGEVER)
def wisseling_nieuw(request, pk, soort):
    try:
        kandidaat, werkgever, met, accountmanagers = _nieuw_met(request.user, pk, soort)
    except Http404:
        # As in ``wisseling``: a stranger's POST is a 404; only the token of her own form for this kandidaat or
        # werkgever shows she could start a thread until now, and gets back what she typed.
        via = start_verloren(request.user, soort, pk, request.POST.get("bewijs")) if request.method == "POST" else None
        if via is None:
            raise
        return _geen_toegang_meer(request, via, nieuw=True)
    via = start_via(request.user, kandidaat=kandidaat, werkgever=werkgever)
    u = request.user.rol == Rol.WERKGEVER
    # A link may fill in the subject (?onderwerp=, e.g. from a regeling in the instrumentengids); it can be changed.
    form = NieuweWisselingForm(request.POST or None, request.FILES or None, u=u, accountmanagers=accountmanagers,
                               te_groot=getattr(request, "upload_te_groot", False),
                               initial={"onderwerp": request.GET.get("onderwerp", "").strip()[:200]})
    if request.method == "POST" and form.is_valid():
        bijlage = form.cleaned_data.get("bijlage")
        try:
            nieuw = services.wisseling_starten(
                door=request.user, soort=soort, onderwerp=form.cleaned_data["onderwerp"],
                tekst=form.cleaned_data["tekst"], kandidaat=kandidaat, werkgever=werkgever,
                accountmanager=form.cleaned_data.get("accountmanager"), bijlage=bijlage or None,
                bijlage_soort=getattr(bijlage, "soort", ""))
        except ValidationError as exc:
            fouten_naar_formulier(form, exc)
        except PermissionDenied:  # she may no longer start it: ended between the check above and the service's own
            return _geen_toegang_meer(request, via, nieuw=True)
        else:
            _verstuurd(request, nieuw, u)
            return redirect("wisseling", nieuw.pk)
    ontwerp = Berichtenwisseling(soort=soort, kandidaat=kandidaat, werkgever=werkgever)
    weg = request.user.rol in (Rol.WERKZOEKENDE, Rol.WERKGEVER) and contactpersoon_weg(ontwerp)
    contact, waarnemer = _wie_antwoordt(request.user, ontwerp)
    return render(request, "berichten/nieuw.html", {
        "form": form, "soort": soort, "kandidaat": kandidaat, "werkgever": werkgever, "met": met, "u": u,
        "contactpersoon_weg": weg, "contact": contact, "waarnemer": waarnemer,
        "bewijs": startbewijs(request.user, soort, pk, via=via),
    }, status=400 if form.errors else 200)


@rol_vereist(*IEDEREEN)
def bijlage_downloaden(request, pk):
    bijlage = get_bijlage_for_user(request.user, pk)
    wisseling = bijlage.bericht.wisseling
    mime = "application/pdf" if bijlage.soort == "pdf" else \
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return download(request, bijlage.bestand, content_type=mime, bestandsnaam=bijlage.bestandsnaam,
                    vastleggen=lambda: verwerking_registreer(
                        gebruiker=request.user, actie=Verwerking.Actie.INZIEN, obj=bijlage,
                        betrokkene=wisseling.kandidaat or wisseling.werkgever,
                        doel=gettext_noop("bijlage van een bericht downloaden"),
                        details=f"berichtenwisseling {bijlage.bericht.wisseling_id}"))
