"""The werkzoekende's rights in the portal (AVG art. 15-21) and closing a dossier (which starts retention); the
inzage of a werkgever's contactpersoon ("Mijn gegevens" for his own account)."""

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import Rol, Verwerking
from accounts.permissions import rol_vereist
from accounts.services import verwerking_registreer
from klantreis.lib.views import fouten_naar_formulier
from privacy.export import SLEUTELS, gegevens_van, kandidaat_voor_export
from privacy.export_werkgever import SLEUTELS_WERKGEVER, werkgever_gegevens_van
from privacy.forms import AfsluitenForm, AntwoordForm, RechtenverzoekForm
from privacy.pdf import gegevens_pdf, werkgever_gegevens_pdf
from privacy.permissions import get_rechtenverzoek_for_user
from werkzoekenden import services as werkzoekenden_services
from werkzoekenden.permissions import get_eigen_kandidaat_for_user
from werkzoekenden.selectors import dossiertoegangen_van, kandidaat_van_gebruiker, rechtenverzoeken_van


def _eigen_kandidaat(user):
    kandidaat = kandidaat_van_gebruiker(user)
    if kandidaat is None:
        raise Http404
    return kandidaat


@rol_vereist(Rol.WERKZOEKENDE)
def mijn_gegevens(request):
    """Download everything, and ask to correct, delete, restrict or object; the requests with their answers."""
    kandidaat = _eigen_kandidaat(request.user)
    form = RechtenverzoekForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            werkzoekenden_services.rechtenverzoek_indienen(kandidaat=kandidaat, door=request.user,
                                                           **form.cleaned_data)
        except ValidationError as exc:
            fouten_naar_formulier(form, exc)
        else:
            messages.success(request, _("We hebben je verzoek ontvangen. Je krijgt binnen een maand antwoord."))
            return redirect("mijn_gegevens")
    return render(request, "privacy/mijn_gegevens.html", {
        "kandidaat": kandidaat, "form": form, "sleutels": SLEUTELS,
        "verzoeken": rechtenverzoeken_van(kandidaat),
        # "Wie kan mijn dossier zien": her klantmanager, and the colleagues who were given access for a while.
        "toegangen": list(dossiertoegangen_van(kandidaat)),
    }, status=400 if form.errors else 200)


def _bestand(gegevens, *, formaat, pdf):
    """The download of an inzage: the JSON file for a computer, or the PDF to read (made by ``pdf``). Never cached."""
    naam = f"mijn-gegevens-{timezone.localdate():%Y-%m-%d}"
    if formaat == "json":
        response = HttpResponse(json.dumps(gegevens, ensure_ascii=False, indent=2),
                                content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{naam}.json"'
    else:
        response = HttpResponse(pdf(gegevens), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{naam}.pdf"'
    add_never_cache_headers(response)
    response["Cache-Control"] = "no-store, private"
    return response


def _download(request, *, formaat):
    kandidaat = kandidaat_voor_export(_eigen_kandidaat(request.user).pk)
    gegevens = gegevens_van(kandidaat)
    # DELEN, not INZIEN: the data leaves the portal as a file. Looking at one's own data is not logged
    # (``verwerking_vastleggen``), but this download is: it is the record that the art. 15 request was met.
    verwerking_registreer(gebruiker=request.user, actie=Verwerking.Actie.DELEN, obj=kandidaat,
                          doel=gettext_noop("eigen gegevens gedownload (inzage)"), details=formaat)
    return _bestand(gegevens, formaat=formaat, pdf=gegevens_pdf)


@rol_vereist(Rol.WERKZOEKENDE)
def mijn_gegevens_json(request):
    return _download(request, formaat="json")


@rol_vereist(Rol.WERKZOEKENDE)
def mijn_gegevens_pdf(request):
    return _download(request, formaat="pdf")


@rol_vereist(Rol.WERKGEVER)
def werkgever_mijn_gegevens(request):
    """What the portal holds about the werkgever's contactpersoon himself (his account, not the company's data), with
    the download. His own page: no log line for looking (as for the werkzoekende's own data)."""
    return render(request, "privacy/werkgever_mijn_gegevens.html", {"sleutels": SLEUTELS_WERKGEVER})


def _werkgever_download(request, *, formaat):
    gegevens = werkgever_gegevens_van(request.user)
    # DELEN, as the werkzoekende's download: the record that the art. 15 request was met. Stored in Dutch (read in the
    # reader's language), whatever language he reads the portal in.
    verwerking_registreer(gebruiker=request.user, actie=Verwerking.Actie.DELEN, obj=request.user,
                          doel=gettext_noop("eigen gegevens gedownload (inzage)"), details=formaat)
    return _bestand(gegevens, formaat=formaat, pdf=werkgever_gegevens_pdf)


@rol_vereist(Rol.WERKGEVER)
def werkgever_mijn_gegevens_json(request):
    return _werkgever_download(request, formaat="json")


@rol_vereist(Rol.WERKGEVER)
def werkgever_mijn_gegevens_pdf(request):
    return _werkgever_download(request, formaat="pdf")


@rol_vereist(Rol.KLANTMANAGER)
def rechtenverzoek(request, pk):
    """The klantmanager (or the coordinator it was escalated to) reads the request and answers it."""
    verzoek = get_rechtenverzoek_for_user(request.user, pk)
    verwerking_registreer(gebruiker=request.user, actie=Verwerking.Actie.INZIEN, obj=verzoek.kandidaat,
                          doel=gettext_noop("verzoek over gegevens bekijken"))
    form = AntwoordForm(request.POST if request.POST.get("actie") == "antwoord" else None)
    if request.method == "POST":
        if request.POST.get("actie") == "oppakken":
            werkzoekenden_services.rechtenverzoek_oppakken(verzoek=verzoek, door=request.user)
            messages.success(request, _("De werkzoekende ziet nu dat je het verzoek in behandeling hebt."))
            return redirect("rechtenverzoek", verzoek.pk)
        if form.is_valid():
            try:
                werkzoekenden_services.rechtenverzoek_afhandelen(verzoek=verzoek, door=request.user,
                                                                 **form.cleaned_data)
            except ValidationError as exc:
                fouten_naar_formulier(form, exc)
            else:
                messages.success(request, _("Verzoek afgehandeld. De werkzoekende krijgt bericht."))
                return redirect("rechtenverzoek", verzoek.pk)
    return render(request, "privacy/rechtenverzoek.html", {
        "verzoek": verzoek, "kandidaat": verzoek.kandidaat, "form": form,
        "te_laat": verzoek.open and verzoek.uiterlijk < timezone.localdate(),
    }, status=400 if form.errors else 200)


@rol_vereist(Rol.KLANTMANAGER)
def dossier_afsluiten(request, pk):
    """Close (or reopen) a dossier: a reason and a confirmation, because closing starts the retention period. Only
    the own klantmanager does this, as with the warme overdracht: a waarnemer gets 404."""
    kandidaat = get_eigen_kandidaat_for_user(request.user, pk)
    form = AfsluitenForm(request.POST if request.POST.get("actie") == "afsluiten" else None)
    if request.method == "POST" and request.POST.get("actie") == "heropenen":
        try:
            werkzoekenden_services.dossier_heropenen(kandidaat=kandidaat, door=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Het dossier is weer open."))
        return redirect("dossier", kandidaat.pk)
    if request.method == "POST" and form.is_valid():
        try:
            werkzoekenden_services.dossier_afsluiten(kandidaat=kandidaat, door=request.user,
                                                     reden=form.cleaned_data["reden"])
        except ValidationError as exc:
            fouten_naar_formulier(form, exc)
        else:
            messages.success(request, _("Het dossier is afgesloten."))
            return redirect("dossier", kandidaat.pk)
    return render(request, "privacy/dossier_afsluiten.html", {
        "kandidaat": kandidaat, "form": form,
    }, status=400 if form.errors else 200)
