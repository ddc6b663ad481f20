from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Rol, Verwerking
from accounts.permissions import rol_vereist
from accounts.services import verwerking_registreer
from matching import services
from matching.emails import gesprek_ics
from matching.forms import GesprekForm, ReactieForm, UitkomstForm, VoordrachtForm
from matching.models import Voordracht
from matching.permissions import get_gesprek_for_user, get_voordracht_for_user
from werkgevers.permissions import get_vacature_for_user
from klantreis.lib.views import fouten_naar_formulier, formulier
from werkzoekenden.selectors import kandidaten_met_toestemming_voor


@rol_vereist(Rol.ACCOUNTMANAGER)
def voordracht_nieuw(request, pk):
    vacature = get_vacature_for_user(request.user, pk, write=True)
    al_voorgedragen = Voordracht.objects.filter(vacature=vacature, status__in=Voordracht.OPEN).values("kandidaat_id")
    kandidaten = kandidaten_met_toestemming_voor(vacature.werkgever, vacature.regio).exclude(pk__in=al_voorgedragen)
    initial = {}
    gekozen = request.GET.get("kandidaat", "")
    if gekozen.isdigit() and request.method == "GET":
        kandidaat = kandidaten.filter(pk=int(gekozen)).first()
        if kandidaat is not None:
            from matching.ranking import score_voor

            # One step from the ranking: the explanation becomes the first draft of the toelichting.
            delen = [o.uitleg for o in score_voor(vacature, kandidaat).onderdelen if o.punten >= o.maximum / 2]
            initial = {"kandidaat": kandidaat.pk,
                       "toelichting": _("Past bij deze vacature: %(delen)s.") % {"delen": "; ".join(delen)}}
    form = VoordrachtForm(request.POST or None, kandidaten=kandidaten, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            voordracht = services.voordracht_create(vacature=vacature, door=request.user, **form.cleaned_data)
        except ValidationError as exc:
            fouten_naar_formulier(form, exc)
        else:
            messages.success(request, _("%(naam)s is voorgedragen. De werkgever krijgt bericht.")
                             % {"naam": voordracht.kandidaat})
            return redirect("vacature_detail", pk)
    return formulier(request, form, titel=_("Kandidaat voordragen voor %(titel)s") % {"titel": vacature.titel},
                     knop=_("Voordragen"), terug=reverse("vacature_detail", args=[pk]),
                     intro=_("De werkgever ziet het cv, uw toelichting en de instrumenten."))


@rol_vereist(Rol.ACCOUNTMANAGER, Rol.WERKGEVER, Rol.KLANTMANAGER)
def voordracht_detail(request, pk):
    voordracht = get_voordracht_for_user(request.user, pk)
    kandidaat = voordracht.kandidaat
    verwerking_registreer(gebruiker=request.user, actie=Verwerking.Actie.INZIEN, obj=kandidaat,
                          doel=_("cv bekijken bij voordracht voor %(titel)s") % {"titel": voordracht.vacature.titel})
    return render(request, "matching/voordracht_detail.html", {
        "voordracht": voordracht, "kandidaat": kandidaat, "vacature": voordracht.vacature,
        "vaardigheden": kandidaat.vaardigheden.order_by("naam"),
        "instrumenten": voordracht.instrumenten.all(),
        "transities": voordracht.transities.select_related("door"),
        "gesprek": voordracht.gesprekken.first(),
        "taken": voordracht.taken.filter(toegewezen_aan=request.user, afgerond_op__isnull=True),
        "plaatsingen": voordracht.plaatsingen.order_by("startdatum"),
        "kan": {
            "reageren": request.user.rol == Rol.WERKGEVER and voordracht.status == Voordracht.Status.VOORGEDRAGEN,
            "plannen": request.user.rol in (Rol.ACCOUNTMANAGER, Rol.WERKGEVER)
            and voordracht.kan_naar(Voordracht.Status.GESPREK_GEPLAND),
            "uitkomst": request.user.rol in (Rol.ACCOUNTMANAGER, Rol.WERKGEVER)
            and voordracht.status == Voordracht.Status.GESPREK_GEPLAND,
            "intrekken": request.user.rol == Rol.ACCOUNTMANAGER and voordracht.is_open,
            "plaatsen": request.user.rol == Rol.ACCOUNTMANAGER and voordracht.status == Voordracht.Status.AANGENOMEN
            and not voordracht.plaatsingen.exists(),
        },
    })


@rol_vereist(Rol.WERKGEVER)
def voordracht_reageren(request, pk):
    voordracht = get_voordracht_for_user(request.user, pk, write=True)
    form = ReactieForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            if c["keuze"] == "uitnodigen":
                services.voordracht_reageren(voordracht=voordracht, door=request.user, uitnodigen=True)
                if c.get("gesprek_plannen"):
                    services.gesprek_plannen(voordracht=voordracht, door=request.user, begint_op=form.begint_op(),
                                             locatie=c["locatie"], begeleider_gaat_mee=c["begeleider_gaat_mee"])
                    messages.success(request, _("Het gesprek is gepland. Iedereen krijgt een uitnodiging per e-mail."))
                else:
                    messages.success(request, _("Dank u. Uw accountmanager plant het gesprek met u in."))
            else:
                services.voordracht_reageren(voordracht=voordracht, door=request.user, uitnodigen=False,
                                             reden=c["reden"], reden_toelichting=c["reden_toelichting"],
                                             reden_delen=c["reden_delen"])
                messages.success(request, _("Dank u voor uw reactie. Daarmee zoeken we gerichter verder."))
        except ValidationError as exc:
            fouten_naar_formulier(form, exc)
        else:
            return redirect("vacature_detail", voordracht.vacature_id)
    return formulier(request, form, titel=_("Reageren op de voordracht"), knop=_("Reactie versturen"),
                     terug=reverse("voordracht_detail", args=[pk]),
                     intro=_("Nodigt u de kandidaat uit? Vul dan meteen een moment in, of laat dat aan uw "
                             "accountmanager over. Past de kandidaat niet? Kies een reden."))


@rol_vereist(Rol.ACCOUNTMANAGER, Rol.WERKGEVER)
def gesprek_plannen(request, pk):
    voordracht = get_voordracht_for_user(request.user, pk, write=True)
    gesprek = voordracht.gesprekken.first()
    initial = {"begeleider_gaat_mee": gesprek.begeleider_gaat_mee, "locatie": gesprek.locatie,
               "voorbereiding": gesprek.voorbereiding, "duur_minuten": gesprek.duur_minuten} if gesprek else {}
    if not gesprek:
        vestiging = voordracht.vacature.werkgever.vestigingen.first()
        initial["locatie"] = str(vestiging) if vestiging else ""
    form = GesprekForm(request.POST or None, initial=initial)
    if request.user.rol != Rol.ACCOUNTMANAGER:
        form.fields.pop("voorbereiding")
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            services.gesprek_plannen(voordracht=voordracht, door=request.user, begint_op=form.begint_op(),
                                     locatie=c["locatie"], begeleider_gaat_mee=c["begeleider_gaat_mee"],
                                     voorbereiding=c.get("voorbereiding", ""), duur_minuten=c["duur_minuten"])
        except ValidationError as exc:
            fouten_naar_formulier(form, exc)
        else:
            messages.success(request, _("Het gesprek is gepland. Iedereen krijgt een uitnodiging met agenda-bijlage."))
            return redirect("voordracht_detail", pk)
    return formulier(request, form, titel=_("Sollicitatiegesprek plannen"), knop=_("Gesprek plannen"),
                     terug=reverse("voordracht_detail", args=[pk]))


@rol_vereist(Rol.ACCOUNTMANAGER, Rol.WERKGEVER)
def voordracht_uitkomst(request, pk):
    voordracht = get_voordracht_for_user(request.user, pk, write=True)
    form = UitkomstForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            services.voordracht_uitkomst(voordracht=voordracht, door=request.user,
                                         aangenomen=c["keuze"] == "aangenomen", reden=c["reden"],
                                         reden_toelichting=c["reden_toelichting"], reden_delen=c["reden_delen"])
        except ValidationError as exc:
            fouten_naar_formulier(form, exc)
        else:
            messages.success(request, _("De uitkomst is vastgelegd."))
            return redirect("voordracht_detail", pk)
    return formulier(request, form, titel=_("Uitkomst van het gesprek"), knop=_("Uitkomst vastleggen"),
                     terug=reverse("voordracht_detail", args=[pk]))


@rol_vereist(Rol.ACCOUNTMANAGER)
@require_POST
def voordracht_intrekken(request, pk):
    voordracht = get_voordracht_for_user(request.user, pk, write=True)
    try:
        services.voordracht_intrekken(voordracht=voordracht, door=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("De voordracht is ingetrokken."))
    return redirect("voordracht_detail", pk)


@rol_vereist(Rol.ACCOUNTMANAGER, Rol.WERKGEVER, Rol.KLANTMANAGER)
def gesprek_agenda(request, pk):
    gesprek = get_gesprek_for_user(request.user, pk)
    response = HttpResponse(gesprek_ics(gesprek), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="sollicitatiegesprek.ics"'
    return response


@rol_vereist(Rol.ACCOUNTMANAGER, Rol.WERKGEVER, Rol.KLANTMANAGER)
def voordracht_cv(request, pk):
    """The uploaded cv, for those who may see this voordracht (the werkgever only with consent)."""
    from django.http import Http404

    from werkzoekenden.views import cv_response

    voordracht = get_voordracht_for_user(request.user, pk)
    if not voordracht.kandidaat.cv:
        raise Http404
    verwerking_registreer(gebruiker=request.user, actie=Verwerking.Actie.INZIEN, obj=voordracht.kandidaat,
                          doel=_("cv downloaden bij voordracht voor %(titel)s") % {"titel": voordracht.vacature.titel})
    return cv_response(voordracht.kandidaat)


@rol_vereist(Rol.ACCOUNTMANAGER)
def vacature_matches(request, pk):
    """Who fits this vacature: ranked, explained, filtered; the accountmanager decides."""
    from matching.forms import MatchFilterForm
    from matching.models import Shortlist
    from matching.ranking import kandidaten_voor_vacature
    from matching.selectors import vindbare_kandidaten
    from werkzoekenden.models import Kandidaat, Toestemming

    vacature = get_vacature_for_user(request.user, pk, write=True)
    form = MatchFilterForm(request.GET or None)
    filters, heel_nederland = form.filters()
    if request.method == "POST":
        kandidaat_id = request.POST.get("kandidaat", "")
        vindbaar = vindbare_kandidaten(vacature, heel_nederland=True, alleen_werkfit=False)
        if kandidaat_id.isdigit() and vindbaar.filter(pk=int(kandidaat_id)).exists():
            if request.POST.get("actie") == "weg":
                Shortlist.objects.filter(vacature=vacature, kandidaat_id=int(kandidaat_id)).delete()
            else:
                Shortlist.objects.get_or_create(vacature=vacature, kandidaat_id=int(kandidaat_id),
                                                defaults={"door": request.user})
        return redirect(f"{reverse('vacature_matches', args=[pk])}?{request.GET.urlencode()}")

    ranglijst = kandidaten_voor_vacature(vacature, top=25, heel_nederland=heel_nederland, filters=filters)
    resultaten = ranglijst.resultaten
    shortlist = list(Shortlist.objects.filter(vacature=vacature).values_list("kandidaat_id", flat=True))
    ids = [r.kandidaat_id for r in resultaten]
    met_toestemming = set(Toestemming.objects.filter(
        kandidaat_id__in=ids + shortlist, doel=Toestemming.Doel.DELEN_MET_WERKGEVER,
        werkgever_id=vacature.werkgever_id, ingetrokken_op__isnull=True).values_list("kandidaat_id", flat=True))
    # Who is still findable: a kandidaat who withdrew consent disappears from the shortlist too.
    nog_vindbaar = set(vindbare_kandidaten(vacature, heel_nederland=True, alleen_werkfit=False).filter(
        pk__in=shortlist).values_list("pk", flat=True))
    kandidaat_info = {k.pk: k for k in Kandidaat.objects.filter(pk__in=set(ids) | nog_vindbaar).select_related(
        "gemeente")}
    zichtbaar = [kandidaat_info[i] for i in set(ids) | nog_vindbaar if i in met_toestemming]
    if zichtbaar:
        from accounts.services import verwerkingen_registreer

        verwerkingen_registreer(gebruiker=request.user, actie=Verwerking.Actie.INZIEN, objecten=zichtbaar,
                                doel=_("matchen voor %(titel)s") % {"titel": vacature.titel})
    rijen = [{"r": r, "k": kandidaat_info[r.kandidaat_id], "naam_zichtbaar": r.kandidaat_id in met_toestemming,
              "op_shortlist": r.kandidaat_id in shortlist} for r in resultaten]
    shortlist_rijen = [{"k": kandidaat_info[i], "naam_zichtbaar": i in met_toestemming}
                       for i in shortlist if i in nog_vindbaar]
    return render(request, "matching/vacature_matches.html", {
        "vacature": vacature, "rijen": rijen, "aantal": ranglijst.bekeken, "form": form,
        "shortlist": shortlist_rijen, "heel_nederland": heel_nederland, "regio": vacature.regio})
