from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from accounts.bulkrem import DOWNLOADS, PROFIELEN, bulkrem
from accounts.models import Rol
from accounts.permissions import rol_vereist
from accounts.services import inzage_vastleggen
from bemiddeling import services
from bemiddeling.emails import gesprek_ics
from bemiddeling.forms import (
    DocumentenKiezenForm,
    GesprekForm,
    IntrekkenForm,
    ReactieForm,
    UitkomstForm,
    VoorbereidingForm,
)
from bemiddeling.models import Gespreksvoorbereiding, Sollicitatiegesprek, Voordracht
from bemiddeling.permissions import (
    get_gesprek_for_user,
    get_voorbereiding_for_user,
    get_voorbereidingspunt_for_user,
    get_voordracht_for_user,
)
from bemiddeling.selectors import (
    botsingen_bij_gesprek,
    gesprekken_erbij,
    intrekkingen_erbij,
    meegestuurde_documenten,
    rust_op_toestemming,
    uitnodigingen_bij_gesprekken,
    uitnodigingen_erbij,
    vervallingen_erbij,
    voorbereiding_gegevens,
    voordrachten_van_kandidaat,
    wachtend_na_vervulling,
)
from klantreis.lib import datums, vaste_vorm
from klantreis.lib.paginering import pagineer
from klantreis.lib.toestanden import OvergangNietToegestaan
from klantreis.lib.views import formulier, fouten_naar_formulier, intussen_veranderd
from werkzoekenden.models import Toestemming
from werkzoekenden.permissions import mag_dossier
from werkzoekenden.selectors import deelbare_documenten, kandidaat_van_gebruiker
from werkzoekenden.services import toestemming_intrekken as toestemming_intrekken_dienst
from werkzoekenden.views import cv_response, document_response

AL_BEANTWOORD = _lazy("Deze voordracht is intussen al beantwoord: %(status)s.")
INTUSSEN_VERANDERD = _lazy("Deze voordracht is intussen veranderd. De status is nu: %(status)s.")


@rol_vereist(Rol.ACCOUNTMANAGER, Rol.WERKGEVER, Rol.KLANTMANAGER)
def voordracht_detail(request, pk):
    voordracht = get_voordracht_for_user(request.user, pk)
    kandidaat = voordracht.kandidaat
    if geremd := bulkrem(request, soort=PROFIELEN, obj=kandidaat):
        return geremd
    inzage_vastleggen(gebruiker=request.user, obj=voordracht, betrokkenen=[kandidaat],
                      wat=gettext_noop("voordracht en cv voor %(titel)s") % {"titel": voordracht.vacature.titel})
    gesprek = voordracht.gesprekken.first()
    voorbereiding = None
    if gesprek is not None and request.user.rol != Rol.WERKGEVER:
        voorbereiding = Gespreksvoorbereiding.objects.filter(gesprek=gesprek).first()
    punten = list(voorbereiding.punten.all()) if voorbereiding else []
    vervallingen_erbij([voordracht])
    # Closing the dossier ended the consent (not the kandidaat): said so, whether it stopped this voordracht or found
    # it closed already.
    dossier_gesloten = voordracht.toestemming_gestopt_bij_afsluiten
    # Staff see near the gesprek that she cannot come, why and when she can (the werkgever: on the afspraak, no why).
    uitnodiging = (uitnodigingen_bij_gesprekken([gesprek.pk]).get(gesprek.pk)
                   if gesprek is not None and request.user.rol != Rol.WERKGEVER and not gesprek.geannuleerd_op
                   else None)
    return render(request, "bemiddeling/voordracht_detail.html", {
        "voordracht": voordracht, "kandidaat": kandidaat, "vacature": voordracht.vacature,
        "dossier_gesloten": dossier_gesloten,
        "vaardigheden": kandidaat.vaardigheden.all(),
        "instrumenten": voordracht.instrumenten.all(),
        "transities": _verloop(voordracht, request.user),
        "gesprek": gesprek,
        "kan_niet": [uitnodiging] if uitnodiging is not None and uitnodiging.kan_niet else [],
        "documenten": meegestuurde_documenten(voordracht),
        # The werkzoekende's preparation is for staff only: the werkgever does not learn of it.
        "voorbereiding": voorbereiding,
        "voorbereiding_totaal": len(punten), "voorbereiding_afgevinkt": sum(1 for p in punten if p.afgevinkt_op),
        "taken": voordracht.taken.filter(toegewezen_aan=request.user, afgerond_op__isnull=True),
        "plaatsingen": voordracht.plaatsingen.order_by("startdatum"),
        "vervulling": (wachtend_na_vervulling(voordracht) if request.user.rol in (Rol.ACCOUNTMANAGER, Rol.WERKGEVER)
                       else (0, 0)),
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


def _verloop(voordracht, gebruiker):
    """The voordracht's history. Why the accountmanager withdrew it is for the kandidaat and the klantmanager: the
    werkgever reads only that it was withdrawn (the form promises so)."""
    transities = list(voordracht.transities.select_related("door"))
    for t in transities:
        if gebruiker.rol == Rol.WERKGEVER and t.naar == Voordracht.Status.INGETROKKEN:
            t.toelichting = ""
        elif t.dossier_gesloten:
            t.toelichting = ""  # "Het dossier is gesloten.": its name (``naar_weergave``) says so already
    return transities


@rol_vereist(Rol.WERKGEVER)
def voordracht_reageren(request, pk):
    voordracht = get_voordracht_for_user(request.user, pk, write=True)
    if request.method == "GET" and voordracht.status != Voordracht.Status.VOORGEDRAGEN:
        # The link in the mail or the back button, after the answer (or the withdrawal): the form could only be
        # filled in to be refused.
        beantwoord = voordracht.gereageerd_op and voordracht.status != Voordracht.Status.INGETROKKEN
        bericht = AL_BEANTWOORD if beantwoord else INTUSSEN_VERANDERD
        messages.info(request, bericht % {"status": voordracht.get_status_display()})
        return redirect("voordracht_detail", pk)
    form = ReactieForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and (
            form.cleaned_data["keuze"] != "uitnodigen" or not form.cleaned_data.get("gesprek_plannen")
            or _vrij_voor_gesprek(request, form, voordracht, voordracht.gesprekken.first())):
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
        except OvergangNietToegestaan as exc:
            return intussen_veranderd(request, exc, AL_BEANTWOORD, "voordracht_detail", pk)
        except ValidationError as exc:
            fouten_naar_formulier(form, exc)
        else:
            return redirect("vacature_detail", voordracht.vacature_id)
    _inzage_bij_botsing(request, voordracht, form)
    return formulier(request, form, titel=_("Reageren op de voordracht"), knop=_("Reactie versturen"),
                     template="bemiddeling/voordracht_reageren.html",
                     terug=reverse("voordracht_detail", args=[pk]),
                     intro=_("Nodigt u de kandidaat uit? Vul dan meteen een moment in, of laat dat aan uw "
                             "accountmanager over. Past de kandidaat niet? Kies een reden."))


@rol_vereist(Rol.ACCOUNTMANAGER, Rol.WERKGEVER)
def gesprek_plannen(request, pk):
    voordracht = get_voordracht_for_user(request.user, pk, write=True)
    if request.method == "GET" and (weg := _formulier_te_laat(request, voordracht, Voordracht.Status.GESPREK_GEPLAND)):
        return weg
    gesprek = voordracht.gesprekken.first()
    if gesprek:
        # Moving: the form starts from the gesprek as it stands.
        begint_op = timezone.localtime(gesprek.begint_op)
        initial = {"datum": begint_op.date(), "tijd": begint_op.time().replace(second=0, microsecond=0),
                   "tijd_keer": datums.welke_keer(begint_op), "begeleider_gaat_mee": gesprek.begeleider_gaat_mee,
                   "locatie": gesprek.locatie, "voorbereiding": gesprek.voorbereiding,
                   "duur_minuten": gesprek.duur_minuten}
    else:
        initial = {}
        vestiging = voordracht.vacature.werkgever.vestigingen.first()
        initial["locatie"] = str(vestiging) if vestiging else ""
    form = GesprekForm(request.POST or None, initial=initial, u=not request.user.leest_je)
    if request.user.rol != Rol.ACCOUNTMANAGER:
        form.fields.pop("voorbereiding")
    # Why the werkzoekende cannot come and when she can, for the accountmanager who picks the new time; the werkgever
    # reads only that she cannot (on the afspraak), not why.
    uitnodiging = (uitnodigingen_bij_gesprekken([gesprek.pk]).get(gesprek.pk)
                   if gesprek and request.user.rol != Rol.WERKGEVER and not gesprek.geannuleerd_op else None)
    kan_niet = [uitnodiging] if uitnodiging is not None and uitnodiging.kan_niet else []
    if request.method == "POST" and form.is_valid() and _vrij_voor_gesprek(request, form, voordracht, gesprek):
        c = form.cleaned_data
        try:
            gepland = services.gesprek_plannen(
                voordracht=voordracht, door=request.user, begint_op=form.begint_op(), locatie=c["locatie"],
                begeleider_gaat_mee=c["begeleider_gaat_mee"], voorbereiding=c.get("voorbereiding", ""),
                duur_minuten=c["duur_minuten"])
        except OvergangNietToegestaan as exc:
            return intussen_veranderd(request, exc, INTUSSEN_VERANDERD, "voordracht_detail", pk)
        except ValidationError as exc:
            fouten_naar_formulier(form, exc)
        else:
            if gesprek is not None and gepland.volgnummer == gesprek.volgnummer:
                # The gesprek as it stood (a double click): the service changed nothing and told nobody.
                messages.info(request, _("Het gesprek staat al op dit moment. Er is niets veranderd."))
            else:
                messages.success(request, _("Het gesprek is verplaatst. Iedereen krijgt een nieuwe uitnodiging met "
                                            "agenda-bijlage.") if gesprek else
                                 _("Het gesprek is gepland. Iedereen krijgt een uitnodiging met agenda-bijlage."))
            return redirect("voordracht_detail", pk)
    _inzage_bij_botsing(request, voordracht, form, kan_niet=kan_niet)
    if gesprek:
        return formulier(request, form, titel=_("Sollicitatiegesprek verplaatsen"), knop=_("Gesprek verplaatsen"),
                         terug=reverse("voordracht_detail", args=[pk]), template="formulier_planning.html",
                         kan_niet=kan_niet,
                         intro=_("Het gesprek staat nu op %(wanneer)s. Kies een nieuw moment; iedereen krijgt een "
                                 "nieuwe uitnodiging.") % {"wanneer": datums.datum_tijd(gesprek.begint_op)})
    return formulier(request, form, titel=_("Sollicitatiegesprek plannen"), knop=_("Gesprek plannen"),
                     terug=reverse("voordracht_detail", args=[pk]), template="formulier_planning.html")


def _formulier_te_laat(request, voordracht, naar):
    """The link in a mail or melding, the back button or a second tab, after the voordracht closed (hired elsewhere,
    withdrawn, the outcome recorded): the form, over a gesprek that was cancelled, could only be filled in to be
    refused. The voordracht as it stands instead, with why."""
    if voordracht.kan_naar(naar):
        return None
    messages.info(request, INTUSSEN_VERANDERD % {"status": voordracht.get_status_display()})
    return redirect("voordracht_detail", voordracht.pk)


def _vrij_voor_gesprek(request, form, voordracht, gesprek):
    """Whether everyone of the gesprek has time then (``botsingen_bij_gesprek``), or "Toch plannen" was ticked for
    who has not. If not, the form says who is busy ("u" for the werkgever). The werkgever's reply form has no
    duration: its gesprek gets the service's default, so that is the time checked."""
    c = form.cleaned_data
    return form.bevestigd(botsingen_bij_gesprek(request.user, voordracht=voordracht, gesprek=gesprek,
                                                begint_op=form.begint_op(),
                                                duur_minuten=c.get("duur_minuten", services.GESPREK_DUUR_MINUTEN),
                                                begeleider_gaat_mee=c["begeleider_gaat_mee"]),
                          u=not request.user.leest_je)


def _inzage_bij_botsing(request, voordracht, form, *, kan_niet=()):
    """The kandidaat named on a planning form (why he cannot come, that he is busy then): one line of the
    verwerkingenlog."""
    if kan_niet or any(b.kandidaat is not None for b in form.botsingen):
        inzage_vastleggen(gebruiker=request.user, obj=voordracht, betrokkenen=[voordracht.kandidaat],
                          wat=gettext_noop("wie niet kan of op dat moment al een afspraak heeft"))


def _uitkomst_vastgelegd(voordracht, gebruiker, aangenomen):
    """What happens next after a hire: the werkgever hears who contacts him, the accountmanager what to do."""
    if not aangenomen:
        return _("De uitkomst is vastgelegd.")
    if gebruiker.rol == Rol.WERKGEVER:
        return _("Fijn dat het klikt! De uitkomst is vastgelegd. Uw accountmanager %(naam)s neemt binnen twee "
                 "werkdagen contact met u op om de plaatsing te regelen.") % {
            "naam": voordracht.opvolgende_accountmanager.get_full_name()}
    return _("De uitkomst is vastgelegd. Regel nu de plaatsing met de werkgever.")


@rol_vereist(Rol.ACCOUNTMANAGER, Rol.WERKGEVER)
def voordracht_uitkomst(request, pk):
    voordracht = get_voordracht_for_user(request.user, pk, write=True)
    if request.method == "GET" and (weg := _formulier_te_laat(request, voordracht, Voordracht.Status.AANGENOMEN)):
        return weg
    form = UitkomstForm(request.POST or None, u=request.user.rol == Rol.WERKGEVER)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        aangenomen = c["keuze"] == "aangenomen"
        try:
            services.voordracht_uitkomst(voordracht=voordracht, door=request.user, aangenomen=aangenomen,
                                         reden=c["reden"], reden_toelichting=c["reden_toelichting"],
                                         reden_delen=c["reden_delen"])
        except OvergangNietToegestaan as exc:
            return intussen_veranderd(request, exc, INTUSSEN_VERANDERD, "voordracht_detail", pk)
        except ValidationError as exc:
            fouten_naar_formulier(form, exc)
        else:
            messages.success(request, _uitkomst_vastgelegd(voordracht, request.user, aangenomen))
            return redirect("voordracht_detail", pk)
    # "Aangenomen" is refused until the gesprek has begun (``services.voordracht_uitkomst``): said before the form is
    # filled in, not after.
    komt = voordracht.gesprekken.filter(geannuleerd_op__isnull=True, begint_op__gt=timezone.now()).first()
    intro = ""
    if komt is not None:
        intro = (_("Het gesprek is pas op %(wanneer)s. Aangenomen kunt u vastleggen nadat het gesprek is geweest; "
                   "afwijzen kan nu al.") if request.user.rol == Rol.WERKGEVER
                 else _("Het gesprek is pas op %(wanneer)s. Aangenomen kun je vastleggen nadat het gesprek is "
                        "geweest; afwijzen kan nu al.")) % {"wanneer": datums.kort(komt.begint_op, "l j F H:i")}
    return formulier(request, form, titel=_("Uitkomst van het gesprek"), knop=_("Uitkomst vastleggen"),
                     terug=reverse("voordracht_detail", args=[pk]), template="bemiddeling/voordracht_uitkomst.html",
                     intro=intro)


@rol_vereist(Rol.ACCOUNTMANAGER)
def voordracht_intrekken(request, pk):
    """Withdrawing asks why (the kandidaat and the klantmanager read it) and says first who hears it and which
    gesprek is cancelled."""
    voordracht = get_voordracht_for_user(request.user, pk, write=True)
    if not voordracht.is_open:
        messages.error(request, _("Deze voordracht loopt niet meer."))
        return redirect("voordracht_detail", pk)
    form = IntrekkenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.voordracht_intrekken(voordracht=voordracht, door=request.user,
                                          toelichting=form.cleaned_data["toelichting"])
        except OvergangNietToegestaan as exc:
            return intussen_veranderd(request, exc, INTUSSEN_VERANDERD, "voordracht_detail", pk)
        messages.success(request, _("De voordracht is ingetrokken. De kandidaat, de klantmanager en de werkgever "
                                    "horen het."))
        return redirect("voordracht_detail", pk)
    inzage_vastleggen(gebruiker=request.user, obj=voordracht, betrokkenen=[voordracht.kandidaat],
                      wat=gettext_noop("voordracht intrekken voor %(titel)s") % {"titel": voordracht.vacature.titel})
    gesprek = voordracht.gesprekken.filter(geannuleerd_op__isnull=True, begint_op__gt=timezone.now()).first()
    return formulier(request, form, titel=_("Voordracht intrekken"), knop=_("Voordracht intrekken"),
                     terug=reverse("voordracht_detail", args=[pk]), template="bemiddeling/voordracht_intrekken.html",
                     voordracht=voordracht, gesprek=gesprek)


@rol_vereist(Rol.ACCOUNTMANAGER, Rol.WERKGEVER, Rol.KLANTMANAGER)
def gesprek_agenda(request, pk):
    gesprek = get_gesprek_for_user(request.user, pk)
    # The calendar file names the kandidaat (invitee and title).
    inzage_vastleggen(gebruiker=request.user, wat=gettext_noop("agenda-bestand van een sollicitatiegesprek"),
                      obj=gesprek,
                      betrokkenen=[gesprek.voordracht.kandidaat])
    response = HttpResponse(gesprek_ics(gesprek), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="sollicitatiegesprek.ics"'
    return response


@rol_vereist(Rol.ACCOUNTMANAGER, Rol.WERKGEVER, Rol.KLANTMANAGER)
def voordracht_cv(request, pk):
    """The uploaded cv, for those who may see this voordracht (the werkgever only with consent)."""
    voordracht = get_voordracht_for_user(request.user, pk)
    if not voordracht.kandidaat.cv:
        raise Http404
    if geremd := bulkrem(request, soort=DOWNLOADS, obj=voordracht.kandidaat):
        return geremd
    return cv_response(request, voordracht.kandidaat, vastleggen=lambda: inzage_vastleggen(
        gebruiker=request.user, obj=voordracht, betrokkenen=[voordracht.kandidaat],
        wat=gettext_noop("cv (download) bij voordracht voor %(titel)s") % {"titel": voordracht.vacature.titel}))


@rol_vereist(Rol.ACCOUNTMANAGER)
def voordracht_documenten(request, pk):
    """The accountmanager chooses which documents go along, within what the kandidaat allows to share."""
    voordracht = get_voordracht_for_user(request.user, pk, write=True)
    kandidaat = voordracht.kandidaat
    form = DocumentenKiezenForm(request.POST or None, documenten=deelbare_documenten(kandidaat),
                                initial={"documenten": list(voordracht.documenten.values_list("pk", flat=True))})
    if request.method == "GET":
        inzage_vastleggen(gebruiker=request.user, obj=voordracht, betrokkenen=[kandidaat],
                          wat=gettext_noop("documenten kiezen bij voordracht voor %(titel)s")
                          % {"titel": voordracht.vacature.titel})
    if request.method == "POST" and form.is_valid():
        try:
            services.voordracht_documenten_kiezen(voordracht=voordracht, door=request.user,
                                                  documenten=form.cleaned_data["documenten"])
        except ValidationError as exc:
            fouten_naar_formulier(form, exc)
        else:
            messages.success(request, _("De werkgever ziet nu de gekozen documenten bij de voordracht."))
            return redirect("voordracht_detail", pk)
    return formulier(request, form, titel=_("Documenten meesturen"), knop=_("Opslaan"),
                     terug=reverse("voordracht_detail", args=[pk]),
                     intro=_("%(naam)s bepaalt zelf welke documenten gedeeld mogen worden. Staat er niets? Dan "
                             "heeft %(naam)s (nog) niets gedeeld.") % {"naam": kandidaat.voornaam})


@rol_vereist(Rol.ACCOUNTMANAGER, Rol.WERKGEVER, Rol.KLANTMANAGER)
def voordracht_document(request, pk, document_pk):
    """A document that goes along with the voordracht. 404 once the kandidaat withdrew consent for the
    werkgever (``get_voordracht_for_user``) or stopped sharing this document."""
    voordracht = get_voordracht_for_user(request.user, pk)
    document = get_object_or_404(meegestuurde_documenten(voordracht), pk=document_pk)
    if geremd := bulkrem(request, soort=DOWNLOADS, obj=voordracht.kandidaat):
        return geremd
    with translation.override(settings.LANGUAGE_CODE):  # stored, read by everyone later: in Dutch
        wat = _("%(soort)s (download) bij voordracht voor %(titel)s") % {"soort": document.get_soort_display(),
                                                                          "titel": voordracht.vacature.titel}
    return document_response(request, document, vastleggen=lambda: inzage_vastleggen(
        gebruiker=request.user, obj=voordracht, betrokkenen=[voordracht.kandidaat], wat=wat))


@rol_vereist(Rol.WERKZOEKENDE)
def mijn_voordrachten(request):
    kandidaat = kandidaat_van_gebruiker(request.user)
    # On every visit the same shape: the page, its count and the gesprekken of its voordrachten are compiled once
    # per process.
    pagina = pagineer(request, vaste_vorm.Lijst("bemiddeling.mijn_voordrachten", voordrachten_van_kandidaat,
                                                prefetch=(gesprekken_erbij, uitnodigingen_erbij,
                                                          intrekkingen_erbij, vervallingen_erbij),
                                                kandidaat_id=kandidaat.pk)
                      ) if kandidaat else None
    return render(request, "werkzoekenden/mijn_voordrachten.html", {"pagina": pagina, "nu": timezone.now()})


@rol_vereist(Rol.WERKZOEKENDE)
@require_POST
def begeleider_kiezen(request, pk):
    gesprek = get_object_or_404(Sollicitatiegesprek.objects.select_related("voordracht__kandidaat"), pk=pk,
                                voordracht__kandidaat__account=request.user)
    try:
        services.begeleider_kiezen(gesprek=gesprek, door=request.user, mee=request.POST.get("mee") == "ja")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Je keuze is opgeslagen."))
    return redirect("mijn_voordrachten")


# --- voorbereiding op het gesprek --------------------------------------------------------------


def _voorbereiding_context(voorbereiding):
    gesprek = voorbereiding.gesprek
    vestiging = gesprek.voordracht.vacature.werkgever.vestigingen.first()
    return {"voorbereiding": voorbereiding, "gesprek": gesprek, "voordracht": gesprek.voordracht,
            "vacature": gesprek.voordracht.vacature, "werkgever": gesprek.voordracht.vacature.werkgever,
            "kandidaat": gesprek.voordracht.kandidaat, "vestiging": vestiging,
            "eind": gesprek.begint_op + timedelta(minutes=gesprek.duur_minuten),
            "open": voorbereiding.is_open, **voorbereiding_gegevens(voorbereiding)}


@rol_vereist(Rol.ACCOUNTMANAGER, Rol.KLANTMANAGER)
def gesprek_voorbereiding(request, pk):
    """The klantmanager or the accountmanager fills the werkzoekende's preparation; either may change it."""
    voorbereiding = get_voorbereiding_for_user(request.user, pk, write=True)
    if request.method == "GET":
        inzage_vastleggen(gebruiker=request.user, obj=voorbereiding,
                          betrokkenen=[voorbereiding.gesprek.voordracht.kandidaat],
                          wat=gettext_noop("voorbereiding op het sollicitatiegesprek"))
    initial = {veld: getattr(voorbereiding, veld) for veld in voorbereiding.TEKSTVELDEN}
    initial["punten"] = "\n".join(p.tekst for p in voorbereiding.punten.all())
    form = VoorbereidingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.voorbereiding_bijwerken(voorbereiding=voorbereiding, door=request.user, **form.cleaned_data)
        except ValidationError as exc:
            fouten_naar_formulier(form, exc)
        else:
            messages.success(request, _("De voorbereiding is opgeslagen. De werkzoekende ziet het meteen."))
            return redirect("gesprek_voorbereiding", pk)
    context = {"form": form, **_voorbereiding_context(voorbereiding)}
    return render(request, "bemiddeling/voorbereiding.html", context, status=400 if form.errors else 200)


@rol_vereist(Rol.WERKZOEKENDE)
def mijn_voorbereiding(request, pk):
    """The werkzoekende's own preparation, on the phone: what to know, what to bring, and a list to tick off."""
    voorbereiding = get_voorbereiding_for_user(request.user, pk)
    return render(request, "bemiddeling/mijn_voorbereiding.html", _voorbereiding_context(voorbereiding))


@rol_vereist(Rol.WERKZOEKENDE)
@require_POST
def voorbereidingspunt_afvinken(request, pk):
    punt = get_voorbereidingspunt_for_user(request.user, pk)
    gesprek_id = punt.voorbereiding.gesprek_id
    try:
        services.voorbereidingspunt_afvinken(punt=punt, door=request.user, klaar=request.POST.get("klaar") == "ja")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    if request.htmx:
        voorbereiding = get_voorbereiding_for_user(request.user, gesprek_id)
        return render(request, "bemiddeling/_checklist.html", _voorbereiding_context(voorbereiding))
    return redirect("mijn_voorbereiding", gesprek_id)


@rol_vereist(Rol.WERKZOEKENDE, Rol.KLANTMANAGER)
def toestemming_intrekken(request, pk):
    """First say what stops with the consent (the open voordrachten and a gesprek still to come: they do not come
    back with a new consent), then withdraw on the POST of that page. Here, not in werkzoekenden: it reads the
    voordrachten that rest on the consent."""
    toestemming = get_object_or_404(Toestemming.objects.select_related("kandidaat__klantmanager", "werkgever"),
                                    pk=pk)
    kandidaat = toestemming.kandidaat
    if not mag_dossier(request.user, kandidaat):
        raise Http404
    if not toestemming.actief:
        messages.info(request, _("Deze toestemming is al ingetrokken."))
        return redirect("toestemmingen", kandidaat.pk)
    if request.method == "POST":
        toestemming_intrekken_dienst(toestemming=toestemming, door=request.user)
        messages.success(request, _("Ingetrokken. Vanaf nu delen we hiervoor niets meer."))
        return redirect("toestemmingen", kandidaat.pk)
    inzage_vastleggen(gebruiker=request.user, wat=gettext_noop("toestemming intrekken"), betrokkenen=[kandidaat])
    return render(request, "bemiddeling/toestemming_intrekken.html", {
        "toestemming": toestemming, "kandidaat": kandidaat,
        "namens": kandidaat if request.user.rol == Rol.KLANTMANAGER else None,
        "voordrachten": rust_op_toestemming(toestemming.pk),
        # A colleague of another organisation whose access to the dossier rests on it loses that access too.
        "toegangen": list(toestemming.dossiertoegangen.filter(beeindigd_op__isnull=True).select_related(
            "klantmanager"))})
