from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from accounts.bulkrem import DOWNLOADS, bulkrem
from accounts.models import Rol, Verwerking
from accounts.permissions import rol_vereist
from accounts.services import inzage_vastleggen, verwerking_registreer
from klantreis.lib.views import download, formulier, fouten_naar_formulier, id_uit
from sollicitaties import selectors, services
from sollicitaties.forms import ActiviteitForm, PdfBereikForm, PlichtForm
from sollicitaties.pdf import overzicht_pdf
from sollicitaties.permissions import get_activiteit_for_user
from werkzoekenden.permissions import get_kandidaat_for_user
from werkzoekenden.selectors import kandidaat_van_gebruiker


def _eigen(request, kandidaat):
    return request.user.rol == Rol.WERKZOEKENDE and kandidaat.account_id == request.user.pk


@rol_vereist(Rol.WERKZOEKENDE)
def mijn_sollicitatieplicht(request):
    kandidaat = kandidaat_van_gebruiker(request.user)
    if kandidaat is None:
        raise Http404
    return redirect("sollicitatieplicht", kandidaat.pk)


@rol_vereist(Rol.WERKZOEKENDE, Rol.KLANTMANAGER)
def sollicitatieplicht(request, pk):
    """The periods with their activities: the werkzoekende's own page, the klantmanager's view of it (logged)."""
    kandidaat = get_kandidaat_for_user(request.user, pk)
    if _eigen(request, kandidaat):  # where her menu's "Sollicitatieplicht" leads (mijn_sollicitatieplicht)
        request.menukeuze = "mijn_sollicitatieplicht"
    inzage_vastleggen(gebruiker=request.user, wat=gettext_noop("sollicitatieactiviteiten"), betrokkenen=[kandidaat])
    gegevens = selectors.overzicht(kandidaat, pagina=request.GET.get("pagina"))
    vandaag = timezone.localdate()
    bereik = PdfBereikForm(initial={"van": gegevens["huidige"].begin if gegevens["huidige"] else vandaag,
                                    "tot": vandaag})
    return render(request, "sollicitaties/overzicht.html", {
        "kandidaat": kandidaat, "eigen": _eigen(request, kandidaat), "bereik": bereik, "vandaag": vandaag,
        **gegevens})


@rol_vereist(Rol.WERKZOEKENDE)
def activiteit_nieuw(request, pk):
    kandidaat = get_kandidaat_for_user(request.user, pk)
    plicht = selectors.plicht_van(kandidaat)
    if kandidaat.afgesloten_op is not None:
        messages.info(request, services.DOSSIER_GESLOTEN)
        return redirect("sollicitatieplicht", pk)
    if plicht is None:
        messages.info(request, _("Je hebt nu geen sollicitatieplicht in het portaal."))
        return redirect("sollicitatieplicht", pk)
    begin = selectors.perioden(plicht)[0].begin
    form = ActiviteitForm(request.POST or None, request.FILES or None, begin=begin,
                          te_groot=getattr(request, "upload_te_groot", False),
                          initial={"datum": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.activiteit_vastleggen(
                kandidaat=kandidaat, door=request.user, werkgever=data["werkgever"], functie=data["functie"],
                datum=data["datum"], wijze=data["wijze"], link=data["link"], toelichting=data["toelichting"],
                bewijs=data.get("bewijs") or None, formuliersleutel=data["formuliersleutel"])
        except ValidationError as exc:
            fouten_naar_formulier(form, exc)
        else:
            messages.success(request, _("Je sollicitatie is opgeslagen."))
            return redirect("sollicitatieplicht", pk)
    return formulier(request, form, titel=_("Sollicitatie doorgeven"), knop=_("Opslaan"),
                     template="sollicitaties/activiteit_form.html",
                     intro=_("Vul in bij welke werkgever je solliciteerde. Een bewijs mag je ook later toevoegen."),
                     terug=reverse("sollicitatieplicht", args=[pk]))


@rol_vereist(Rol.WERKZOEKENDE)
def activiteit_bewerken(request, pk):
    activiteit = get_activiteit_for_user(request.user, pk, write=True)
    terug = reverse("sollicitatieplicht", args=[activiteit.kandidaat_id])
    if activiteit.kandidaat.afgesloten_op is not None:  # a page opened before the closing
        messages.info(request, services.DOSSIER_GESLOTEN)
        return redirect(terug)
    plicht = selectors.plicht_van(activiteit.kandidaat)
    if not services.kan_wijzigen(activiteit, plicht):
        messages.info(request, _("Deze periode is voorbij. Je kunt deze sollicitatie niet meer veranderen."))
        return redirect(terug)
    form = ActiviteitForm(request.POST or None, request.FILES or None, instance=activiteit,
                          te_groot=getattr(request, "upload_te_groot", False),
                          begin=selectors.perioden(plicht)[0].begin)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.activiteit_wijzigen(
                activiteit=activiteit, door=request.user, werkgever=data["werkgever"], functie=data["functie"],
                datum=data["datum"], wijze=data["wijze"], link=data["link"], toelichting=data["toelichting"],
                bewijs=data.get("bewijs") or None, bewijs_weg=data.get("bewijs_weg", False))
        except ValidationError as exc:
            fouten_naar_formulier(form, exc)
        else:
            messages.success(request, _("Je sollicitatie is aangepast."))
            return redirect(terug)
    return formulier(request, form, titel=_("Sollicitatie aanpassen"), knop=_("Opslaan"),
                     template="sollicitaties/activiteit_form.html", activiteit=activiteit, terug=terug)


@rol_vereist(Rol.WERKZOEKENDE)
@require_POST
def activiteit_verwijderen(request, pk):
    try:
        activiteit = get_activiteit_for_user(request.user, pk, write=True)
    except Http404:
        # "Weghalen" clicked twice, or in a second tab after the first: gone from her own dossier (the one the form
        # came from; anyone else's stays 404), and she reads that instead of "Pagina niet gevonden".
        kandidaat = get_kandidaat_for_user(request.user, id_uit(request.POST.get("dossier")) or 0)
        if kandidaat.account_id != request.user.pk:
            raise
        messages.info(request, _("Deze sollicitatie is al weggehaald."))
        return redirect("sollicitatieplicht", kandidaat.pk)
    kandidaat_id = activiteit.kandidaat_id
    try:
        services.activiteit_verwijderen(activiteit=activiteit, door=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Je sollicitatie is weggehaald."))
    return redirect("sollicitatieplicht", kandidaat_id)


@rol_vereist(Rol.WERKZOEKENDE, Rol.KLANTMANAGER)
def activiteit_bewijs(request, pk):
    activiteit = get_activiteit_for_user(request.user, pk)
    if not activiteit.bewijs:
        raise Http404
    if geremd := bulkrem(request, soort=DOWNLOADS, obj=activiteit.kandidaat):
        return geremd
    soort = activiteit.bewijs_soort
    mime = "application/pdf" if soort == "pdf" else \
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return download(request, activiteit.bewijs, content_type=mime,
                    bestandsnaam=f"bewijs-{activiteit.datum:%Y-%m-%d}.{soort}",
                    vastleggen=lambda: inzage_vastleggen(gebruiker=request.user,
                                                         wat=gettext_noop("bewijs van een sollicitatie (download)"),
                                                         betrokkenen=[activiteit.kandidaat]))


@rol_vereist(Rol.KLANTMANAGER)
def plicht_wijzigen(request, pk):
    kandidaat = get_kandidaat_for_user(request.user, pk)
    if request.method == "GET":
        inzage_vastleggen(gebruiker=request.user, wat=gettext_noop("sollicitatieplicht"), betrokkenen=[kandidaat])
    plicht = selectors.plicht_van(kandidaat)
    initial = ({"aantal": plicht.aantal, "startdatum": plicht.startdatum, "reden": plicht.reden} if plicht
               else {"aantal": 4, "startdatum": timezone.localdate()})
    form = PlichtForm(request.POST or None, initial=initial,
                      eerste_activiteit=selectors.eerste_activiteit(kandidaat))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.plicht_instellen(kandidaat=kandidaat, door=request.user, aantal=data["aantal"],
                                      startdatum=data["startdatum"], reden=data["reden"])
        except ValidationError as exc:
            fouten_naar_formulier(form, exc)
        else:
            messages.success(request, _("De sollicitatieplicht is opgeslagen. %(naam)s krijgt hiervan een melding.")
                             % {"naam": kandidaat.voornaam})
            return redirect("sollicitatieplicht", pk)
    return formulier(request, form, titel=_("Sollicitatieplicht van %(naam)s") % {"naam": kandidaat},
                     knop=_("Opslaan"), terug=reverse("sollicitatieplicht", args=[pk]),
                     intro=_("Standaard zijn dat 4 sollicitatieactiviteiten per 4 weken. Zet het lager als maatwerk "
                             "(0 is vrijstelling) en schrijf de reden op; die blijft bewaard met je naam en de datum."))


@rol_vereist(Rol.WERKZOEKENDE, Rol.KLANTMANAGER)
def sollicitaties_pdf(request, pk):
    """The overview for UWV: one period (``?periode=3``) or a range (``?van=...&tot=...``)."""
    kandidaat = get_kandidaat_for_user(request.user, pk)
    plicht = selectors.plicht_van(kandidaat)
    if plicht is None:
        raise Http404
    alle = selectors.perioden(plicht)
    if "van" in request.GET or "tot" in request.GET:
        bereik = PdfBereikForm(request.GET)
        if not bereik.is_valid():
            inzage_vastleggen(gebruiker=request.user, wat=gettext_noop("sollicitatieactiviteiten"),
                              betrokkenen=[kandidaat])
            gegevens = selectors.overzicht(kandidaat)
            messages.error(request, " ".join(e for fouten in bereik.errors.values() for e in fouten))
            return render(request, "sollicitaties/overzicht.html", {
                "kandidaat": kandidaat, "eigen": _eigen(request, kandidaat), "bereik": bereik,
                "vandaag": timezone.localdate(), **gegevens}, status=400)
        van, tot = bereik.cleaned_data["van"], bereik.cleaned_data["tot"]
    else:
        try:
            nummer = int(request.GET.get("periode", alle[0].nummer))
        except ValueError:
            raise Http404 from None
        gekozen = next((p for p in alle if p.nummer == nummer), None)
        if gekozen is None:
            raise Http404
        van, tot = gekozen.begin, gekozen.eind
    lijst = selectors.activiteiten_invullen(kandidaat, [p for p in alle if p.eind >= van and p.begin <= tot])
    if _eigen(request, kandidaat):
        # DELEN: the file leaves the portal (she hands it to UWV).
        verwerking_registreer(gebruiker=request.user, actie=Verwerking.Actie.DELEN, obj=kandidaat,
                              doel=gettext_noop("overzicht sollicitatieactiviteiten gedownload"),
                              details=f"{van}..{tot}")
    else:
        inzage_vastleggen(gebruiker=request.user, wat=gettext_noop("overzicht sollicitatieactiviteiten (pdf)"),
                          betrokkenen=[kandidaat])
    response = HttpResponse(overzicht_pdf(kandidaat=kandidaat, plicht=plicht, perioden=lijst, van=van, tot=tot),
                            content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="sollicitaties-{van:%Y-%m-%d}-{tot:%Y-%m-%d}.pdf"'
    add_never_cache_headers(response)
    response["Cache-Control"] = "no-store, private"
    return response
