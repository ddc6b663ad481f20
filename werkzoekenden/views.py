from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from accounts.bulkrem import DOWNLOADS, PROFIELEN, bulkrem
from accounts.models import Rol, Verwerking
from accounts.permissions import rol_vereist
from accounts.selectors import collegas_zoeken, inzage_per_dag_blad
from accounts.services import inzage_vastleggen, verwerkingen_registreer
from klantreis.lib import datums, vaste_vorm
from klantreis.lib.paginering import lees_cursors, pagineer
from klantreis.lib.tekst import een_punt
from klantreis.lib.views import download, formulier, fouten_naar_formulier, id_uit
from werkgevers.models import Werkgever
from werkzoekenden import selectors, services
from werkzoekenden.forms import (
    ActieForm,
    CaseloadFilterForm,
    CaseloadOverdragenForm,
    CvForm,
    DocumentForm,
    DossierToegangForm,
    EvaluatieForm,
    NieuwDossierForm,
    OverdrachtForm,
    ToestemmingForm,
    dossier_form,
)
from werkzoekenden.models import Actie, Caseloadoverdracht, PlanVanAanpak, PlanWijziging, ToestemmingVerzoek
from werkzoekenden.permissions import (
    get_actie_for_user,
    get_document_for_user,
    get_dossiertoegang_for_user,
    get_eigen_kandidaat_for_user,
    get_kandidaat_for_user,
    mag_dossier,
)


@rol_vereist(Rol.KLANTMANAGER)
def klantmanager_home(request):
    filters = CaseloadFilterForm(request.GET or None)
    keuzes = filters.cleaned_data if filters.is_valid() else {}
    # Keyset pages (docs/benchmarks.md, "Caseload"): a deep page reads what the first does. A search chooses the
    # page's 25 from the index of the caseload's names and reads only those in full.
    blad, aantal_aandacht, aantal = selectors.caseload_blad(request, request.user, keuzes)
    for k in blad.object_list:  # the page's rows only: the annotations are already there, no query
        k.extra_aandacht = [kenmerk for naam, (_l, kenmerk, _v) in selectors.CASELOAD_AANDACHT.items()
                            if getattr(k, f"aandacht_{naam}", False)]
    verwerkingen_registreer(
        gebruiker=request.user, actie=Verwerking.Actie.INZIEN, objecten=blad.object_list,
        doel=gettext_noop("begeleiding naar werk"), wat=gettext_noop("caseload")
    )
    template = "werkzoekenden/_caseload_lijst.html" if request.htmx else "werkzoekenden/klantmanager_home.html"
    return render(request, template, {"blad": blad, "aantal": aantal, "filters": filters,
                                      "aantal_aandacht": aantal_aandacht,
                                      "vandaag": timezone.localdate(),
                                      # An empty list after a search or filter is not an empty caseload.
                                      "gefilterd": any(w for naam, w in keuzes.items()
                                                       if naam not in ("sorteer", "status")),
                                      "afgesloten": keuzes.get("status") == "afgesloten",
                                      "vragen": selectors.open_toestemmingsverzoeken_caseload(request.user)})


# --- plan van aanpak -------------------------------------------------------------------------


@rol_vereist(Rol.WERKZOEKENDE, Rol.KLANTMANAGER)
def plan_van_aanpak(request, pk):
    return _plan_pagina(request, get_kandidaat_for_user(request.user, pk))


def _plan_wijzigingen(plan_id):
    return PlanWijziging.objects.filter(plan_id=plan_id).select_related("door")[:20]


def _plan_van_kandidaat(kandidaat_id):
    return PlanVanAanpak.objects.filter(kandidaat_id=kandidaat_id)


def _plan_acties(plan_id):
    return Actie.objects.filter(plan_id=plan_id)


def _plan_pagina(request, kandidaat, evaluatie_form=None):
    """The plan of a kandidaat that passed the permission check; with ``evaluatie_form`` a refused evaluatiedatum,
    shown again with its message and what was typed."""
    if geremd := bulkrem(request, soort=PROFIELEN, obj=kandidaat):
        return geremd
    # The plan and its actions on every visit (werkzoekende and klantmanager): compiled once per process; a kandidaat
    # without a plan yet gets one.
    gevonden = vaste_vorm.objecten("werkzoekenden.plan.van_kandidaat", _plan_van_kandidaat, kandidaat_id=kandidaat.pk)
    plan = gevonden[0] if gevonden else services.plan_van(kandidaat)
    inzage_vastleggen(gebruiker=request.user, wat=gettext_noop("plan van aanpak"), betrokkenen=[kandidaat])
    acties = vaste_vorm.objecten("werkzoekenden.plan.acties", _plan_acties, plan_id=plan.pk)
    anderen = [a for a in acties if a.eigenaar == Actie.Eigenaar.DERDE]
    return render(request, "werkzoekenden/plan.html", {
        "kandidaat": kandidaat, "plan": plan,
        "zelf": [a for a in acties if a.eigenaar == Actie.Eigenaar.IK],
        "contactpersoon": [a for a in acties if a.eigenaar == Actie.Eigenaar.CONTACTPERSOON],
        "anderen": anderen,
        # Passing something on to schuldhulp or the WMO-loket needs her consent: the klantmanager sees which is missing.
        "derden_zonder_toestemming": selectors.derden_zonder_toestemming(kandidaat, anderen)
        if request.user.rol == Rol.KLANTMANAGER else [],
        # The latest 20 changes, on every visit of the plan (werkzoekende and klantmanager): compiled once per process.
        "wijzigingen": vaste_vorm.objecten("werkzoekenden.plan.wijzigingen", _plan_wijzigingen, plan_id=plan.pk),
        "evaluatie_form": evaluatie_form or EvaluatieForm(initial={"evaluatiedatum": plan.evaluatiedatum}),
    }, status=400 if evaluatie_form is not None else 200)


@rol_vereist(Rol.WERKZOEKENDE)
def mijn_plan(request):
    """"Mijn plan" in the werkzoekende's menu: the own plan at an address without an id, so the menu can link it."""
    kandidaat = selectors.kandidaat_van_gebruiker(request.user)
    # The own dossier (account = this user), read once: the same check as get_kandidaat_for_user, no query.
    if kandidaat is None or not mag_dossier(request.user, kandidaat):
        raise Http404
    return _plan_pagina(request, kandidaat)


@rol_vereist(Rol.WERKZOEKENDE, Rol.KLANTMANAGER)
def actie_nieuw(request, pk):
    kandidaat = get_kandidaat_for_user(request.user, pk)
    if kandidaat.afgesloten_op is not None:
        messages.info(request, services.PLAN_STAAT_STIL)
        return redirect("plan_van_aanpak", pk)
    if request.user.rol == Rol.KLANTMANAGER:
        # No choice made for them: "Ik" on this form once filed the klantmanager's own step under the werkzoekende.
        form = ActieForm(request.POST or None, medewerker=request.user, kandidaat=kandidaat)
    else:
        form = ActieForm(request.POST or None, initial={"eigenaar": Actie.Eigenaar.IK})
    form.fields.pop("versie")
    if request.method == "POST" and form.is_valid():
        try:
            services.actie_toevoegen(kandidaat=kandidaat, door=request.user, **form.cleaned_data)
        except ValidationError as exc:
            fouten_naar_formulier(form, exc)
        else:
            messages.success(request, _("De actie staat in het plan."))
            return redirect("plan_van_aanpak", pk)
    return formulier(request, form, titel=_("Actie toevoegen"), knop=_("Toevoegen"),
                     terug=reverse("plan_van_aanpak", args=[pk]))


@rol_vereist(Rol.WERKZOEKENDE, Rol.KLANTMANAGER)
def actie_bewerken(request, pk):
    actie = get_actie_for_user(request.user, pk)
    if request.method == "GET" and actie.plan.kandidaat.afgesloten_op is not None:
        messages.info(request, services.PLAN_STAAT_STIL)
        return redirect("plan_van_aanpak", actie.plan.kandidaat_id)
    if request.method == "GET":
        inzage_vastleggen(gebruiker=request.user, wat=gettext_noop("actie uit het plan van aanpak"), obj=actie,
                          betrokkenen=[actie.plan.kandidaat])
    medewerker = request.user if request.user.rol == Rol.KLANTMANAGER else None
    form = ActieForm(request.POST or None, instance=actie, initial={"versie": actie.versie}, medewerker=medewerker,
                     kandidaat=actie.plan.kandidaat)
    conflict = None
    if request.method == "POST" and form.is_valid():
        velden = {v: form.cleaned_data[v] for v in services.ACTIEVELDEN}
        try:
            services.actie_wijzigen(actie=actie, door=request.user, versie=form.cleaned_data["versie"] or 0, **velden)
        except services.Bewerkingsconflict as exc:
            conflict = exc.actie
            if all(getattr(conflict, veld) == waarde for veld, waarde in velden.items()):
                # The same form sent twice (a double click, or back and "Opslaan" again): it is saved as it stands.
                messages.success(request, _("Opgeslagen."))
                return redirect("plan_van_aanpak", actie.plan.kandidaat_id)
            conflict.zelf = selectors.actie_laatst_gewijzigd_door(conflict) == request.user.pk
            form.add_error(None, _("Je hebt deze actie intussen zelf al opgeslagen, in een ander venster of voor je "
                                   "terugging. Je tekst staat hieronder nog; bekijk hoe het er nu staat en sla "
                                   "opnieuw op.") if conflict.zelf else str(exc))
            # Their text stays in the form; the next save knowingly builds on the newer version.
            data = request.POST.copy()
            data["versie"] = conflict.versie
            form.data = data
        except ValidationError as exc:
            fouten_naar_formulier(form, exc)
        else:
            messages.success(request, _("Opgeslagen."))
            return redirect("plan_van_aanpak", actie.plan.kandidaat_id)
    return formulier(request, form, titel=_("Actie bewerken"), knop=_("Opslaan"),
                     terug=reverse("plan_van_aanpak", args=[actie.plan.kandidaat_id]),
                     template="werkzoekenden/actie_formulier.html", conflict=conflict)


@rol_vereist(Rol.KLANTMANAGER)
@require_POST
def evaluatie_instellen(request, pk):
    kandidaat = get_kandidaat_for_user(request.user, pk)
    form = EvaluatieForm(request.POST)
    if form.is_valid():
        try:
            services.evaluatiedatum_instellen(kandidaat=kandidaat, door=request.user, **form.cleaned_data)
        except ValidationError as exc:
            fouten_naar_formulier(form, exc)
        else:
            messages.success(request, _("De evaluatiedatum is opgeslagen."))
            return redirect("plan_van_aanpak", pk)
    # The plan page again, the date as typed beside its message.
    return _plan_pagina(request, kandidaat, evaluatie_form=form)


# --- toestemming -----------------------------------------------------------------------------


@rol_vereist(Rol.WERKZOEKENDE, Rol.KLANTMANAGER)
def toestemmingen(request, pk):
    """Grant and withdraw consent per purpose. Withdrawal works at once; every change is logged."""
    kandidaat = get_kandidaat_for_user(request.user, pk)
    zoeken = request.method == "POST" and "zoeken" in request.POST  # the search button, without JavaScript
    werkgevers = Werkgever.objects.filter(regio=kandidaat.regio).select_related("gemeente")
    namens = kandidaat if request.user.rol == Rol.KLANTMANAGER else None
    gegevens = request.POST if request.method == "POST" else request.GET
    zoekterm = " ".join(gegevens.get("werkgever_zoek", "").split()[:5])[:100]
    gevonden = selectors.werkgevers_gezocht(werkgevers, zoekterm)
    meer = len(gevonden) > selectors.WERKGEVERS_PER_ZOEKOPDRACHT
    gevonden = gevonden[:selectors.WERKGEVERS_PER_ZOEKOPDRACHT]
    keuze = {"zoekterm": zoekterm, "meer_gevonden": meer, "aantal_gevonden": len(gevonden)}
    gekozen = id_uit(gegevens.get("werkgever"))
    if gekozen and gekozen not in {w.pk for w in gevonden}:
        gevonden = [*werkgevers.filter(pk=gekozen), *gevonden]
    if request.method == "POST" and not zoeken:
        form = ToestemmingForm(request.POST, werkgevers=werkgevers, namens=namens)
    else:  # a page, or a search: what was typed stays (the werkgever chosen still checked), nothing is checked yet
        initial = {k: v for k, v in gegevens.items() if k in TOESTEMMING_VELDEN}
        if zoekterm:
            initial.setdefault("doel", "werkgever")
        if gekozen in {w.pk for w in gevonden}:
            initial["werkgever"] = gekozen
        form = ToestemmingForm(initial=initial, werkgevers=werkgevers, namens=namens)
    form.toon_werkgevers(gevonden)
    if request.htmx and request.method == "GET":
        # The search as you type: only its results (werkgevers), nothing of the werkzoekende, so no inzage line.
        return render(request, "werkzoekenden/_werkgever_keuzes.html", {"form": form, **keuze})
    if request.method == "GET":
        inzage_vastleggen(gebruiker=request.user, wat=gettext_noop("toestemmingen"), betrokkenen=[kandidaat])
    if request.method == "POST" and not zoeken and form.is_valid():
        c = form.cleaned_data
        try:
            toestemming = services.toestemming_verlenen(
                kandidaat=kandidaat, door=request.user, doel=c["doel"],
                werkgever=c["werkgever"] if c["doel"] == "werkgever" else None,
                derde_partij=c["derde_partij"] if c["doel"] == "derde" else "",
                wijze=c.get("wijze", ""), gegeven_op=c.get("gegeven_op"))
        except ValidationError as exc:
            fouten_naar_formulier(form, exc)
        else:
            if namens is None:
                messages.success(request, _("Je toestemming is vastgelegd. Je kunt hem altijd weer intrekken."))
            else:
                messages.success(request, _(
                    "Vastgelegd: %(naam)s gaf toestemming (%(wijze)s op %(datum)s). %(naam)s ziet dit op de eigen "
                    "pagina en kan het altijd intrekken.") % {
                    "naam": kandidaat.voornaam, "wijze": toestemming.get_wijze_display(),
                    "datum": datums.datum(toestemming.gegeven_op) or "-"})
            return redirect("toestemmingen", pk)
    return render(request, "werkzoekenden/toestemmingen.html", {
        "kandidaat": kandidaat, "form": form, **keuze,
        "toestemmingen": kandidaat.toestemmingen.select_related("werkgever", "verleend_door").order_by(
            "ingetrokken_op", "-verleend_op"),
        "namens": namens, "gedeelde_documenten": selectors.deelbare_documenten(kandidaat),
    }, status=400 if form.errors else 200)


TOESTEMMING_VELDEN = ("doel", "derde_partij", "wijze", "gegeven_op", "werkgever")


@rol_vereist(Rol.WERKZOEKENDE)
@require_POST
def toestemming_verzoek_beantwoorden(request, pk):
    """One click on the home page: "Ja, dat mag" or "Nee, liever niet" (with an optional reason)."""
    verzoek = get_object_or_404(ToestemmingVerzoek.objects.select_related("kandidaat", "werkgever"), pk=pk,
                                kandidaat__account=request.user)
    ja = request.POST.get("antwoord") == "ja"
    if request.POST.get("antwoord") not in ("ja", "nee"):
        messages.error(request, _("Kies ja of nee."))
        return redirect("werkzoekende_home")
    try:
        services.toestemming_verzoek_beantwoorden(verzoek=verzoek, door=request.user, ja=ja,
                                                  reden=request.POST.get("reden", "")[:500])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if ja:
            messages.success(request, een_punt(_("Dank je. We delen je gegevens met %(w)s. Je kunt dit altijd weer "
                                                 "intrekken.") % {"w": verzoek.werkgever.naam}))
        else:
            messages.success(request, een_punt(_("Dank je. We delen niets met %(w)s.") % {"w": verzoek.werkgever.naam}))
    return redirect("werkzoekende_home")


# --- mijn voordrachten en sollicitaties ------------------------------------------------------


# --- cv --------------------------------------------------------------------------------------


def cv_response(request, kandidaat, *, vastleggen):
    soort = kandidaat.cv.name.rsplit(".", 1)[-1]
    return download(request, kandidaat.cv, content_type=MIME.get(soort, "application/octet-stream"),
                    bestandsnaam=f"cv-{kandidaat.voornaam}-{kandidaat.achternaam}.{soort}".replace(" ", "-"),
                    vastleggen=vastleggen)


@rol_vereist(Rol.WERKZOEKENDE, Rol.KLANTMANAGER)
def cv(request, pk):
    kandidaat = get_kandidaat_for_user(request.user, pk)
    if request.method == "GET":
        inzage_vastleggen(gebruiker=request.user, wat=gettext_noop("cv-pagina"), betrokkenen=[kandidaat])
    form = CvForm(request.POST if request.method == "POST" else None, request.FILES or None,
                  te_groot=getattr(request, "upload_te_groot", False),
                  namens=kandidaat if request.user.rol == Rol.KLANTMANAGER else None)
    if request.method == "POST" and form.is_valid():
        bestand = form.cleaned_data["cv"]
        try:
            services.cv_opslaan(kandidaat=kandidaat, door=request.user, bestand=bestand, soort=bestand.soort,
                                formuliersleutel=form.cleaned_data["formuliersleutel"])
        except ValidationError as exc:
            fouten_naar_formulier(form, exc)
        else:
            messages.success(request, _("Je cv is opgeslagen.") if request.user.rol == Rol.WERKZOEKENDE else
                             _("Het cv van %(naam)s is opgeslagen.") % {"naam": kandidaat.voornaam})
            return redirect("cv", pk)
    return render(request, "werkzoekenden/cv.html", {"kandidaat": kandidaat, "form": form},
                  status=400 if form.errors else 200)


@rol_vereist(Rol.WERKZOEKENDE, Rol.KLANTMANAGER)
def cv_downloaden(request, pk):
    kandidaat = get_kandidaat_for_user(request.user, pk)
    if not kandidaat.cv:
        raise Http404
    if geremd := bulkrem(request, soort=DOWNLOADS, obj=kandidaat):
        return geremd
    return cv_response(request, kandidaat, vastleggen=lambda: inzage_vastleggen(
        gebruiker=request.user, wat=gettext_noop("cv (download)"), betrokkenen=[kandidaat]))


# --- documenten ------------------------------------------------------------------------------

MIME = {"pdf": "application/pdf",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def document_response(request, document, *, vastleggen):
    """The stored (cleaned) file as a download, read through the storage API (local disk or object storage)."""
    k = document.kandidaat
    naam = f"{document.soort}-{k.voornaam}-{k.achternaam}".replace(" ", "-")
    return download(request, document.bestand, bestandsnaam=f"{naam}.{document.bestandssoort}",
                    content_type=MIME.get(document.bestandssoort, "application/octet-stream"), vastleggen=vastleggen)


@rol_vereist(Rol.WERKZOEKENDE, Rol.KLANTMANAGER)
def documenten(request, pk):
    """Diploma's, certificaten, brieven en referenties of one dossier: list, upload, share or not, delete."""
    kandidaat = get_kandidaat_for_user(request.user, pk)
    zelf = request.user.rol == Rol.WERKZOEKENDE
    form = DocumentForm(request.POST if request.method == "POST" else None, request.FILES or None, zelf=zelf,
                        te_groot=getattr(request, "upload_te_groot", False))
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            document = services.document_opslaan(
                kandidaat=kandidaat, door=request.user, bestand=c["bestand"], bestandssoort=c["bestand"].soort,
                soort=c["soort"], titel=c["titel"], verloopt_op=c["verloopt_op"],
                delen_met_werkgever=c.get("delen_met_werkgever", False), formuliersleutel=c["formuliersleutel"])
        except ValidationError as exc:
            fouten_naar_formulier(form, exc)
        else:
            messages.success(request, _("%(naam)s is opgeslagen.") % {"naam": document.naam})
            return redirect("documenten", pk)
    # On every visit: compiled once per process.
    lijst = vaste_vorm.objecten("werkzoekenden.documenten", selectors.documenten_van, kandidaat=kandidaat.pk)
    if request.method == "GET":
        inzage_vastleggen(gebruiker=request.user, wat=gettext_noop("documenten"), betrokkenen=[kandidaat])
    return render(request, "werkzoekenden/documenten.html", {
        "kandidaat": kandidaat, "form": form, "documenten": lijst, "zelf": zelf,
    }, status=400 if form.errors else 200)


@rol_vereist(Rol.WERKZOEKENDE)
def mijn_documenten(request):
    """"Mijn documenten" in the werkzoekende's menu: the own documents at an address without an id."""
    kandidaat = selectors.kandidaat_van_gebruiker(request.user)
    if kandidaat is None:
        raise Http404
    return documenten(request, kandidaat.pk)


@rol_vereist(Rol.WERKZOEKENDE, Rol.KLANTMANAGER)
def document_downloaden(request, pk):
    document = get_document_for_user(request.user, pk)
    if geremd := bulkrem(request, soort=DOWNLOADS, obj=document.kandidaat):
        return geremd
    with translation.override(settings.LANGUAGE_CODE):  # stored, read by everyone later: in Dutch
        wat = _("document (download): %(soort)s") % {"soort": document.get_soort_display()}
    return document_response(request, document, vastleggen=lambda: inzage_vastleggen(
        gebruiker=request.user, wat=wat, obj=document, betrokkenen=[document.kandidaat]))


@rol_vereist(Rol.WERKZOEKENDE, Rol.KLANTMANAGER)
def document_verwijderen(request, pk):
    """Deleting is for good: the GET asks first, and only the POST of that page (``bevestigd``) deletes. A POST
    without it (a form of an older page) is asked first too."""
    try:
        document = get_document_for_user(request.user, pk)
    except Http404:
        if request.method != "POST":
            raise
        # "Verwijderen" clicked twice, or in a second tab after the first: the document is gone from the dossier the
        # form came from (which she may open, else 404 as before), and she reads that instead of "Pagina niet gevonden".
        kandidaat = get_kandidaat_for_user(request.user, id_uit(request.POST.get("dossier")) or 0)
        messages.info(request, _("Dit document is al verwijderd."))
        return redirect("documenten", kandidaat.pk)
    if request.method != "POST" or not request.POST.get("bevestigd"):
        if request.method == "POST":
            return redirect("document_verwijderen", pk)
        inzage_vastleggen(gebruiker=request.user, wat=gettext_noop("document verwijderen"), obj=document,
                          betrokkenen=[document.kandidaat])
        return render(request, "werkzoekenden/document_verwijderen.html", {
            "document": document, "kandidaat": document.kandidaat,
            "zelf": request.user.rol == Rol.WERKZOEKENDE})
    kandidaat_id, naam = document.kandidaat_id, document.naam
    services.document_verwijderen(document=document, door=request.user)
    messages.success(request, _("%(naam)s is verwijderd.") % {"naam": naam})
    return redirect("documenten", kandidaat_id)


@rol_vereist(Rol.WERKZOEKENDE)
@require_POST
def document_delen(request, pk):
    """The werkzoekende's own switch: may this document go along with a voordracht?"""
    document = get_document_for_user(request.user, pk)
    delen = request.POST.get("delen") == "ja"
    services.document_delen_instellen(document=document, door=request.user, delen=delen)
    if delen:
        messages.success(request, _("%(naam)s mag nu mee als je wordt voorgedragen.") % {"naam": document.naam})
    else:
        messages.success(request, _("%(naam)s gaat niet meer mee. Werkgevers kunnen het niet meer downloaden.")
                         % {"naam": document.naam})
    return redirect("documenten", document.kandidaat_id)


# --- dossier ---------------------------------------------------------------------------------


@rol_vereist(Rol.KLANTMANAGER)
def dossier_nieuw(request):
    gevraagd = request.method == "POST" and "buiten_regio_bevestigd" in request.POST
    form = NieuwDossierForm(request.POST or None, buiten_regio=gevraagd)
    if request.method == "POST" and form.is_valid():
        try:
            kandidaat = services.dossier_aanmaken(door=request.user, **form.cleaned_data)
        except ValidationError as exc:
            if any(e.code == "buiten_regio" for e in exc.error_dict.get("postcode", [])):
                # Ask to confirm, keeping everything typed.
                form = NieuwDossierForm(request.POST, buiten_regio=True)
                form.is_valid()
            fouten_naar_formulier(form, exc)
        else:
            if kandidaat.regio_id != request.user.regio_id:
                messages.warning(request, _("Het dossier is aangemaakt in %(regio)s. Draag het nu warm over aan een "
                                            "klantmanager daar.") % {"regio": kandidaat.regio.naam})
                return redirect("overdracht", kandidaat.pk)
            messages.success(request, _("Het dossier is aangemaakt. Nodig de werkzoekende uit om mee te kijken."))
            return redirect("dossier", kandidaat.pk)
    return formulier(request, form, titel=_("Nieuw dossier"), knop=_("Dossier aanmaken"),
                     terug=reverse("klantmanager_home"))


@rol_vereist(Rol.WERKZOEKENDE, Rol.KLANTMANAGER)
def dossier_bewerken(request, pk):
    kandidaat = get_kandidaat_for_user(request.user, pk)
    if request.method == "GET":
        inzage_vastleggen(gebruiker=request.user, wat=gettext_noop("gegevens bijwerken (naam, uitkering, contact)"),
                          betrokkenen=[kandidaat])
    Form = dossier_form(request.user.rol)
    form = Form(request.POST or None, instance=kandidaat)
    if request.method == "POST" and form.is_valid():
        try:
            services.dossier_bijwerken(kandidaat=kandidaat, door=request.user,
                                       **{v: form.cleaned_data[v] for v in form.changed_data})
        except ValidationError as exc:
            fouten_naar_formulier(form, exc)
        else:
            messages.success(request, _("Opgeslagen."))
            return redirect("dossier", pk)
    return formulier(request, form, titel=_("Gegevens bijwerken"), knop=_("Opslaan"),
                     terug=reverse("dossier", args=[pk]))


@rol_vereist(Rol.KLANTMANAGER)
def overdracht(request, pk):
    """The warme overdracht: the colleague who takes over is found by name or organisation (a search as you type
    with htmx, a Zoeken button without JavaScript), never picked from a list of everyone who could. For a dossier
    of another region, that region's klantmanagers are shown before anything is typed."""
    try:
        kandidaat = get_eigen_kandidaat_for_user(request.user, pk)
    except Http404:
        if request.method == "POST" and (al := _al_overgedragen(request, pk)):
            return al
        raise
    zoeken = request.method == "POST" and "zoeken" in request.POST  # the search button, without JavaScript
    gegevens = request.POST if request.method == "POST" else request.GET
    # A page opened by a link takes no choice from its address (no colleague, note or uitkering picked for the
    # klantmanager by whoever made the link), only a search term; the form itself (the Zoeken button, the search
    # with htmx) keeps what is on it.
    van_het_formulier = request.method == "POST" or request.htmx
    ontvangers = selectors.ontvangers_van_overdracht(kandidaat, request.user)
    andere_regio = kandidaat.regio if kandidaat.regio_id != request.user.regio_id else None
    gekozen = id_uit(gegevens.get("naar")) if van_het_formulier else None
    keuze = collegas_zoeken(ontvangers, gegevens.get("naar_zoek", ""), gekozen=gekozen,
                            zonder_zoekterm=ontvangers.filter(regio_id=andere_regio.pk) if andere_regio else None)
    gevonden = keuze.collegas
    kop = (_("Klantmanagers in %(regio)s, waar de werkzoekende woont:") % {"regio": andere_regio}
           if andere_regio and keuze.aantal_gevonden and not keuze.zoekterm else "")
    keuze = {**keuze.context(), "andere_regio": andere_regio, "kop": kop, "zoek_url": request.path}
    if request.method == "POST" and not zoeken:
        form = OverdrachtForm(request.POST, ontvangers=ontvangers)
    else:  # a page, or a search: what was typed stays (the colleague chosen still checked), nothing is stored
        initial = {k: v for k, v in gegevens.items() if k in ("notitie", "uitkering") and van_het_formulier}
        if gekozen in {k.pk for k in gevonden}:
            initial["naar"] = gekozen
        form = OverdrachtForm(initial=initial, ontvangers=ontvangers)
    form.toon_klantmanagers(gevonden)
    if request.htmx and request.method == "GET":
        # The search as you type: only its results (colleagues), nothing of the werkzoekende, so no inzage line.
        return render(request, "includes/klantmanager_keuzes.html", {"veld": form["naar"], **keuze})
    if request.method == "GET":
        inzage_vastleggen(gebruiker=request.user, wat=gettext_noop("warme overdracht"), betrokkenen=[kandidaat])
    if request.method == "POST" and not zoeken and form.is_valid():
        try:
            services.warme_overdracht(kandidaat=kandidaat, door=request.user, **form.cleaned_data)
        except PermissionError:  # a second click that waited for the first: the dossier is no longer hers
            if al := _al_overgedragen(request, pk):
                return al
            raise Http404 from None
        except ValidationError as exc:
            fouten_naar_formulier(form, exc)
        else:
            messages.success(request, _("Het dossier is overgedragen; de werkzoekende krijgt bericht."))
            return redirect("klantmanager_home")
    return render(request, "werkzoekenden/overdracht.html",
                  {"kandidaat": kandidaat, "form": form, "veld": form["naar"], **keuze},
                  status=400 if form.errors else 200)


def _al_overgedragen(request, pk):
    """A second "Overdragen" of a dossier she just handed over: say to whom, back to the caseload. None when she
    did not hand it over herself (never hers, or moved on since): that stays a 404."""
    naar = selectors.door_mij_overgedragen(request.user, pk)
    if naar is None:
        return None
    messages.info(request, _("Je hebt dit dossier al overgedragen aan %(naam)s.") % {"naam": naar.get_full_name()})
    return redirect("klantmanager_home")


@rol_vereist(Rol.WERKZOEKENDE, Rol.KLANTMANAGER)
@require_POST
def actie_klaar(request, pk):
    """One click: done. Uses the version the page showed, so it never overwrites a newer edit."""
    actie = get_actie_for_user(request.user, pk)
    try:
        versie = int(request.POST.get("versie", ""))
    except ValueError:
        versie = -1
    try:
        services.actie_wijzigen(actie=actie, door=request.user, versie=versie, status=Actie.Status.KLAAR)
    except services.Bewerkingsconflict as exc:
        if exc.actie.status == Actie.Status.KLAAR:
            # A double click, or the back button and "Klaar" again: what was asked is done, by whom does not matter.
            messages.info(request, _("Deze actie staat al op klaar."))
            return redirect("plan_van_aanpak", actie.plan.kandidaat_id)
        messages.error(request, str(exc))
        return redirect("actie_bewerken", pk)
    except ValidationError as exc:  # the dossier closed since the page was shown
        messages.error(request, " ".join(exc.messages))
        return redirect("plan_van_aanpak", actie.plan.kandidaat_id)
    messages.success(request, _("Goed gedaan! De actie staat op klaar."))
    return redirect("plan_van_aanpak", actie.plan.kandidaat_id)


@rol_vereist(Rol.WERKZOEKENDE, Rol.KLANTMANAGER)
def cv_profiel(request, pk):
    """A clean cv made from the profile: to print or save as pdf from the browser."""
    kandidaat = get_kandidaat_for_user(request.user, pk)
    if geremd := bulkrem(request, soort=PROFIELEN, obj=kandidaat):
        return geremd
    inzage_vastleggen(gebruiker=request.user, wat=gettext_noop("cv op basis van het profiel"), betrokkenen=[kandidaat])
    return render(request, "werkzoekenden/cv_profiel.html", {
        "kandidaat": kandidaat, "vaardigheden": kandidaat.vaardigheden.all(),
        "gewenste_beroepen": kandidaat.gewenste_beroepen.order_by("naam"),
    })




# --- inzage: wie heeft mijn gegevens bekeken -------------------------------------------------


def _regelnummer(cursor):
    """The id in a cursor of the inzage page, or None (no cursor, or one of another page)."""
    return cursor[0] if cursor and type(cursor[0]) is int else None


@rol_vereist(Rol.WERKZOEKENDE)
def mijn_inzage(request):
    """"Wie heeft mijn gegevens bekeken": the verwerkingenlog lines about this werkzoekende (their dossier and their
    account), one line per person per day and per kind (viewing, changing, ...): when, who (name, role and
    organisation), what and how often (for a change of their dossier: which of their data), and why (by the role).
    What they did themselves is left out. The inzage download (privacy) keeps every line."""
    kandidaat = selectors.kandidaat_van_gebruiker(request.user)
    na, voor = lees_cursors(request, 1)
    blad = inzage_per_dag_blad(kandidaat, request.user, behalve=request.user, na=_regelnummer(na),
                               voor=_regelnummer(voor), uitleg=services.veranderde_gegevens,
                               contactpersoon=selectors.door_de_contactpersoon(kandidaat) if kandidaat else None)
    return render(request, "werkzoekenden/mijn_inzage.html", {
        "blad": blad, "groepen": blad.object_list, "kandidaat": kandidaat,
        "bewaartermijn": settings.BEWAARTERMIJN_VERWERKINGENLOG_DAGEN})


# --- caseload overdragen (beheer) ----------------------------------------------------------------
#
# A beheerder, not the klantmanager herself: how a whole caseload is shared over a team is the team's decision, and
# who leaves in a hurry (ill, dismissed) cannot do it. One dossier she still hands over herself (``overdracht``). The
# pages show staff names and counts, no werkzoekende: a beheerder manages the portal without reading dossiers.


@rol_vereist(Rol.BEHEERDER)
def caseload_overdragen(request):
    """Find the klantmanager who leaves (by name or organisation, active or not), see who already left with open
    dossiers, and the handovers so far."""
    keuze = collegas_zoeken(selectors.klantmanagers_voor_beheer(), request.GET.get("zoek", ""))
    vertrokken = selectors.vertrokken_met_caseload()
    aantallen = selectors.open_dossiers_per_klantmanager({k.pk for k in [*keuze.collegas, *vertrokken]})
    return render(request, "werkzoekenden/caseload_overdragen.html", {
        **keuze.context(), "gevonden": [(k, aantallen.get(k.pk, 0)) for k in keuze.collegas],
        "vertrokken": [(k, aantallen.get(k.pk, 0)) for k in vertrokken],
        "pagina": pagineer(request, selectors.caseloadoverdrachten())})


def _plan_sleutel(aantal, ontvangers):
    return f"{aantal}:{','.join(str(pk) for pk in sorted(o.pk for o in ontvangers))}"


@rol_vereist(Rol.BEHEERDER)
def caseload_overdragen_plan(request, pk):
    """Her open dossiers to one or more colleagues of her organisation, with one note. "Bekijk de verdeling" shows
    how many go to whom; only the button under that plan starts it, and only for the plan shown."""
    van = get_object_or_404(selectors.klantmanagers_voor_beheer(), pk=pk)
    lopend = Caseloadoverdracht.objects.filter(van=van, status=Caseloadoverdracht.Status.BEZIG).first()
    if lopend is not None:
        messages.info(request, _("De caseload van %(naam)s wordt al overgedragen.") % {"naam": van.get_full_name()})
        return redirect("caseloadoverdracht", lopend.pk)
    aantal = services.open_dossiers_van(van).count()
    ontvangers = selectors.ontvangers_van_caseload(van)
    zoeken = request.method == "POST" and "zoeken" in request.POST
    gegevens = request.POST if request.method == "POST" else request.GET
    van_het_formulier = request.method == "POST" or request.htmx
    gekozen = {i for i in map(id_uit, gegevens.getlist("ontvangers")) if i} if van_het_formulier else set()
    keuze = collegas_zoeken(ontvangers, gegevens.get("ontvangers_zoek", ""), zonder_zoekterm=ontvangers)
    getoond = {k.pk for k in keuze.collegas}
    gevonden = [*ontvangers.filter(pk__in=gekozen - getoond).order_by("achternaam", "voornaam", "pk"),
                *keuze.collegas]
    if request.method == "POST" and not zoeken:
        form = CaseloadOverdragenForm(request.POST, ontvangers=ontvangers)
    else:
        initial = {"ontvangers": sorted(gekozen & {k.pk for k in gevonden})}
        if van_het_formulier:
            initial["notitie"] = gegevens.get("notitie", "")
        form = CaseloadOverdragenForm(initial=initial, ontvangers=ontvangers)
    form.toon_klantmanagers(gevonden)
    keuze = {**keuze.context(), "zoek_url": request.path,
             "kop": _("Klantmanagers van %(org)s:") % {"org": van.organisatie}
             if van.organisatie_id and keuze.aantal_gevonden and not keuze.zoekterm else ""}
    if request.htmx and request.method == "GET":
        return render(request, "includes/klantmanager_keuzes.html", {"veld": form["ontvangers"], **keuze})
    plan = sleutel = None
    if request.method == "POST" and not zoeken and form.is_valid():
        gekozen_ontvangers = list(form.cleaned_data["ontvangers"])
        caseloads = selectors.open_dossiers_per_klantmanager(o.pk for o in gekozen_ontvangers)
        # The smallest caseload first: the one or two left over go to whoever has the fewest now.
        gekozen_ontvangers.sort(key=lambda o: (caseloads.get(o.pk, 0), o.achternaam, o.voornaam, o.pk))
        sleutel = _plan_sleutel(aantal, gekozen_ontvangers)
        if request.POST.get("stap") == "bevestigen" and request.POST.get("plan") != sleutel:
            form.add_error(None, _("De keuze of het aantal dossiers is veranderd sinds je de verdeling zag. Bekijk "
                                   "de nieuwe verdeling hieronder en bevestig opnieuw."))
        elif request.POST.get("stap") == "bevestigen":
            try:
                overdracht = services.caseloadoverdracht_starten(
                    van=van, ontvangers=gekozen_ontvangers, notitie=form.cleaned_data["notitie"], door=request.user,
                    verwacht=aantal)
            except ValidationError as exc:
                fouten_naar_formulier(form, exc)
                aantal = services.open_dossiers_van(van).count()
                sleutel = _plan_sleutel(aantal, gekozen_ontvangers)
            else:
                messages.success(request, _("De overdracht is gestart. De dossiers gaan in delen over; deze pagina "
                                            "laat zien hoe ver het is."))
                return redirect("caseloadoverdracht", overdracht.pk)
        plan = [(o, n, caseloads.get(o.pk, 0)) for o, n in services.caseload_verdelen(aantal, gekozen_ontvangers)]
    return render(request, "werkzoekenden/caseload_overdragen_plan.html", {
        "van": van, "aantal": aantal, "form": form, "veld": form["ontvangers"], "plan": plan, "plan_sleutel": sleutel,
        **keuze}, status=400 if form.errors else 200)


@rol_vereist(Rol.BEHEERDER)
def caseloadoverdracht(request, pk):
    """How far the run is: per colleague how many went, were skipped (moved by hand or closed in between), failed
    (listed by pseudoniem, a page at a time) and are still to go. While it runs, the figures refresh themselves
    (htmx) or with the button."""
    overdracht = get_object_or_404(Caseloadoverdracht.objects.select_related("van", "gestart_door", "organisatie"),
                                   pk=pk)
    stand = selectors.caseloadoverdracht_stand(overdracht)
    klaar = overdracht.status == Caseloadoverdracht.Status.KLAAR
    mislukt = sum(r[3] for r in stand)
    context = {"overdracht": overdracht, "stand": stand, "klaar": klaar,
               "overgedragen": sum(r[1] for r in stand), "overgeslagen": sum(r[2] for r in stand),
               "mislukt": mislukt, "nog_te_doen": sum(r[4] for r in stand),
               "totaal": sum(r[1] + r[2] + r[3] + r[4] for r in stand),
               # A pseudoniem, never a name: the beheerder reads no dossier, so no inzage line.
               "pagina": pagineer(request, selectors.mislukte_caseloaddossiers(overdracht)) if mislukt else None,
               "nog_open": services.open_dossiers_van(overdracht.van).count() if klaar else 0}
    if request.htmx:
        return render(request, "werkzoekenden/_caseloadoverdracht_stand.html", context)
    return render(request, "werkzoekenden/caseloadoverdracht.html", context)


@rol_vereist(Rol.KLANTMANAGER)
def dossier_toegang(request, pk):
    """"Toegang tot dit dossier": the vaste klantmanager gives one colleague access to this dossier, for a reason and
    until a date, and sees and ends who has it now. The colleague is found by a search (name or organisation), as in
    the warme overdracht; a colleague of another organisation needs the werkzoekende's consent, recorded here."""
    kandidaat = get_eigen_kandidaat_for_user(request.user, pk)
    zoeken = request.method == "POST" and "zoeken" in request.POST  # the search button, without JavaScript
    gegevens = request.POST if request.method == "POST" else request.GET
    van_het_formulier = request.method == "POST" or request.htmx
    collegas = selectors.collegas_voor_dossiertoegang(request.user)
    gekozen = id_uit(gegevens.get("klantmanager")) if van_het_formulier else None
    keuze = collegas_zoeken(collegas, gegevens.get("klantmanager_zoek", ""), gekozen=gekozen)
    keuze_context = {**keuze.context(), "zoek_url": request.path}
    if request.method == "POST" and not zoeken:
        form = DossierToegangForm(request.POST, collegas=collegas, kandidaat=kandidaat)
    else:  # a page, or a search: what was typed stays (the colleague chosen still checked), nothing is stored
        initial = {k: v for k, v in gegevens.items() if k in ("reden", "tot", "wijze", "gegeven_op")
                   and van_het_formulier}
        if gekozen in {k.pk for k in keuze.collegas}:
            initial["klantmanager"] = gekozen
        form = DossierToegangForm(initial=initial, collegas=collegas, kandidaat=kandidaat)
    form.toon_klantmanagers(keuze.collegas)
    if request.htmx and request.method == "GET":
        # The search as you type: only its results (colleagues), nothing of the werkzoekende, so no inzage line.
        return render(request, "includes/klantmanager_keuzes.html", {"veld": form["klantmanager"], **keuze_context})
    if request.method == "POST" and not zoeken and form.is_valid():
        c = form.cleaned_data
        try:
            toegang = services.dossiertoegang_geven(
                kandidaat=kandidaat, door=request.user, klantmanager=c["klantmanager"], reden=c["reden"],
                tot=c["tot"], wijze=c.get("wijze", ""), gegeven_op=c.get("gegeven_op"))
        except PermissionError:  # handed over to a colleague since the page was opened: no longer hers
            raise Http404 from None
        except ValidationError as exc:
            fouten_naar_formulier(form, exc)
        else:
            messages.success(request, _("%(naam)s kan het dossier van %(k)s nu openen, tot en met %(tot)s. "
                                        "%(naam)s krijgt hiervan een melding.") % {
                "naam": toegang.klantmanager.get_full_name(), "k": kandidaat.voornaam,
                "tot": formats.date_format(toegang.tot, "j F Y")})
            return redirect("dossier_toegang", pk)
    if request.method == "GET":
        inzage_vastleggen(gebruiker=request.user, wat=gettext_noop("toegang tot het dossier"), betrokkenen=[kandidaat])
    pagina = pagineer(request, selectors.dossiertoegangen_van(kandidaat))
    return render(request, "werkzoekenden/dossier_toegang.html", {
        "kandidaat": kandidaat, "form": form, "veld": form["klantmanager"], **keuze_context, "pagina": pagina,
        "uiterlijk": services.dossiertoegang_uiterlijk(timezone.localdate()),
    }, status=400 if form.errors else 200)


@rol_vereist(Rol.KLANTMANAGER)
@require_POST
def dossier_toegang_beeindigen(request, pk):
    """"Toegang beëindigen": at once; the colleague hears it. A second click finds it ended, changes nothing and
    says so (it was "Pagina niet gevonden")."""
    try:
        toegang = get_dossiertoegang_for_user(request.user, pk)
    except Http404:
        if (al := selectors.beeindigde_dossiertoegang(request.user, pk)) is None:
            raise
        if selectors.heeft_lopende_dossiertoegang(al.kandidaat_id, al.klantmanager_id):
            # An old page (another tab, the back button) of an access that was given again since: that one runs.
            messages.warning(request, _("%(naam)s heeft intussen opnieuw toegang gekregen; die is niet beëindigd. "
                                        "Beëindig die hieronder als dat de bedoeling is.") % {
                "naam": al.klantmanager.get_full_name()})
        else:
            messages.info(request, _("%(naam)s kan het dossier al niet meer openen.") % {
                "naam": al.klantmanager.get_full_name()})
        return redirect("dossier_toegang", al.kandidaat_id)
    services.dossiertoegang_beeindigen(toegang=toegang, door=request.user)
    messages.success(request, _("%(naam)s kan het dossier niet meer openen.") % {
        "naam": toegang.klantmanager.get_full_name()})
    return redirect("dossier_toegang", toegang.kandidaat_id)


@rol_vereist(Rol.KLANTMANAGER)
def gedeelde_dossiers(request):
    """The dossiers colleagues gave me access to: whose, why, until when and from whom; each opens the dossier."""
    pagina = pagineer(request, selectors.gedeelde_dossiers(request.user))
    verwerkingen_registreer(gebruiker=request.user, actie=Verwerking.Actie.INZIEN,
                            objecten=[t.kandidaat for t in pagina.object_list],
                            doel=gettext_noop("begeleiding naar werk"),
                            wat=gettext_noop("dossiers gedeeld door collega's"))
    return render(request, "werkzoekenden/gedeelde_dossiers.html", {"pagina": pagina})
