from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from accounts.models import Rol
from accounts.permissions import rol_vereist
from accounts.services import inzage_vastleggen
from agenda import services as agenda_services
from agenda.models import Deelnemer
from klantreis.lib import datums
from klantreis.lib.paginering import pagineer
from klantreis.lib.views import formulier, fouten_naar_formulier
from ondersteuning import selectors, services
from ondersteuning.forms import AanvraagForm, BeoordelingForm, StartmomentForm, TrajectForm
from ondersteuning.models import Aanvraag, Traject
from ondersteuning.permissions import (
    get_aanvraag_for_user,
    get_eigen_aanvraag_for_user,
    get_startmoment_for_user,
    get_traject_for_user,
    kandidaat_voor_gids,
)

BEHEER = (Rol.BEHEERDER, Rol.KLANTMANAGER)


def _soort(request):
    soort = request.GET.get("soort", "")
    return soort if soort in Traject.Soort.values else ""


@rol_vereist(Rol.WERKZOEKENDE, Rol.KLANTMANAGER, Rol.BEHEERDER)
def gids(request):
    """The werkzoekende browses what they can take part in (their gemeente and region) and sees their own
    requests; the beheerder and klantmanagers see and keep the region's gids."""
    soort = _soort(request)
    context = {"soort": soort, "soorten": Traject.Soort.choices}
    if request.user.rol == Rol.WERKZOEKENDE:
        kandidaat = kandidaat_voor_gids(request.user)
        pagina = pagineer(request, selectors.gids_voor_kandidaat(kandidaat, soort=soort), per_pagina=20)
        aanvragen = selectors.laatste_aanvragen_van_kandidaat(kandidaat, aantal=20)
        context.update(kandidaat=kandidaat, aanvragen=aanvragen,
                       gevraagd={a.traject_id: a for a in aanvragen if a.status in Aanvraag.ACTIEF})
        template = "ondersteuning/gids.html"
    else:
        archief = request.GET.get("archief") == "1"
        pagina = pagineer(request, selectors.gids_van_regio(request.user.regio_id, archief=archief, soort=soort),
                          per_pagina=20)
        context["archief"] = archief
        if request.user.rol == Rol.KLANTMANAGER:
            context["open_aanvragen"] = selectors.aantal_open_aanvragen(request.user)
        template = "ondersteuning/gids_beheer.html"
    nu = timezone.now()
    selectors.startmomenten_erbij(pagina.object_list)
    for traject in pagina.object_list:
        traject.komend = [selectors.met_plaatsen(s) for s in traject.starts if s.start > nu]
        traject.heeft_starts = bool(traject.starts)
        traject.mijn_aanvraag = context.get("gevraagd", {}).get(traject.pk)
    context["pagina"] = pagina
    return render(request, template, context)


@rol_vereist(Rol.WERKZOEKENDE, Rol.KLANTMANAGER, Rol.BEHEERDER)
def traject_detail(request, pk):
    traject = get_traject_for_user(request.user, pk)
    startmomenten = selectors.startmomenten_van(traject)
    context = {"traject": traject, "startmomenten": startmomenten,
               "komend": [s for s in startmomenten if not s.begonnen]}
    if request.user.rol == Rol.WERKZOEKENDE:
        kandidaat = kandidaat_voor_gids(request.user)
        context["aanvraag"] = selectors.aanvragen_van_kandidaat(kandidaat).filter(traject=traject).first()
        deelnames = selectors.aangemelde_afspraken(kandidaat)
        for s in startmomenten:
            s.mijn_status = deelnames.get(s.afspraak_id) if s.afspraak_id else None
        context["groep"] = traject.soort == Traject.Soort.GROEPSBIJEENKOMST
        # A closed dossier asks for and signs up for nothing (the services refuse it): no buttons, but why.
        context["dossier_gesloten"] = kandidaat.afgesloten_op is not None
    return render(request, "ondersteuning/traject_detail.html", context)


@rol_vereist(*BEHEER)
def traject_nieuw(request):
    form = TrajectForm(request.POST or None, regio_id=request.user.regio_id)
    if request.method == "POST" and form.is_valid():
        try:
            traject = services.traject_aanmaken(door=request.user, **form.cleaned_data)
        except ValidationError as exc:
            fouten_naar_formulier(form, exc)
        else:
            messages.success(request, _("Het traject staat in de gids. Voeg startmomenten toe als het op vaste "
                                        "data begint."))
            return redirect("traject_detail", traject.pk)
    return formulier(request, form, titel=_("Nieuw traject in de ondersteuningsgids"), knop=_("Opslaan"),
                     terug=reverse("ondersteuningsgids"),
                     intro=_("Werkzoekenden in je regio lezen dit. Schrijf in gewone taal, met je/jij."))


@rol_vereist(*BEHEER)
def traject_bewerken(request, pk):
    traject = get_traject_for_user(request.user, pk, write=True)
    form = TrajectForm(request.POST or None, instance=traject, regio_id=traject.regio_id)
    if request.method == "POST" and form.is_valid():
        try:
            services.traject_wijzigen(traject=traject, door=request.user, **form.cleaned_data)
        except ValidationError as exc:
            fouten_naar_formulier(form, exc)
        else:
            messages.success(request, _("Opgeslagen."))
            return redirect("traject_detail", pk)
    return formulier(request, form, titel=_("Traject bewerken: %(t)s") % {"t": traject.titel}, knop=_("Opslaan"),
                     terug=reverse("traject_detail", args=[pk]))


@rol_vereist(*BEHEER)
@require_POST
def traject_archiveren(request, pk):
    traject = get_traject_for_user(request.user, pk, write=True)
    archiveren = request.POST.get("actie") != "terugzetten"
    services.traject_archiveren(traject=traject, door=request.user, archiveren=archiveren)
    messages.success(request, _("Gearchiveerd: werkzoekenden zien het niet meer.") if archiveren
                     else _("Het traject staat weer in de gids."))
    return redirect("traject_detail", pk)


@rol_vereist(*BEHEER)
def startmoment_nieuw(request, pk):
    traject = get_traject_for_user(request.user, pk, write=True)
    form = StartmomentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        start, eind = form.tijden()
        try:
            services.startmoment_toevoegen(traject=traject, door=request.user, start=start, eind=eind,
                                           capaciteit=form.cleaned_data["capaciteit"])
        except ValidationError as exc:
            fouten_naar_formulier(form, exc)
        else:
            messages.success(request, _("Startmoment toegevoegd."))
            return redirect("traject_detail", pk)
    groep = traject.soort == Traject.Soort.GROEPSBIJEENKOMST
    return formulier(request, form, titel=_("Startmoment toevoegen: %(t)s") % {"t": traject.titel},
                     knop=_("Toevoegen"), terug=reverse("traject_detail", args=[pk]),
                     intro=_("Een groepsbijeenkomst komt in de agenda. Werkzoekenden van de regio melden zich zelf "
                             "aan tot de plaatsen vol zijn; daarna komen ze op de wachtlijst.") if groep else
                     _("Werkzoekenden vragen om mee te doen op dit moment. Een open of goedgekeurde aanvraag "
                       "telt als bezette plaats."))


def _keuze(startmoment):
    tekst = formats.date_format(timezone.localtime(startmoment.start), "l j F Y, H:i")
    if klok := datums.klok(startmoment.start):  # a time the clocks show twice says which: "02:30 (wintertijd)"
        tekst += f" ({klok})"
    if startmoment.vrij is not None:
        tekst += " – " + (_("nog 1 plek") if startmoment.vrij == 1 else _("nog %(n)s plekken") % {"n": startmoment.vrij})
    return startmoment.pk, tekst


@rol_vereist(Rol.WERKZOEKENDE)
def traject_meedoen(request, pk):
    """"Ik wil hieraan meedoen": choose a start (when there are dates) and, if you like, say why."""
    traject = get_traject_for_user(request.user, pk)
    kandidaat = kandidaat_voor_gids(request.user)
    if traject.soort == Traject.Soort.GROEPSBIJEENKOMST:
        return redirect("traject_detail", pk)
    open_starts = [s for s in selectors.startmomenten_van(traject) if not s.begonnen]
    keuzes = [_keuze(s) for s in open_starts if not s.vol]
    form = AanvraagForm(request.POST or None, startmomenten=keuzes)
    bestaand = selectors.aanvragen_van_kandidaat(kandidaat).filter(traject=traject, status__in=Aanvraag.ACTIEF).first()
    if bestaand is not None:
        messages.info(request, _("Je hebt al gevraagd om hieraan mee te doen."))
        return redirect("traject_detail", pk)
    if open_starts and not keuzes:
        messages.error(request, _("Alle startmomenten zijn vol. Vraag je contactpersoon naar andere mogelijkheden."))
        return redirect("traject_detail", pk)
    if request.method == "POST" and form.is_valid():
        startmoment_id = form.cleaned_data.get("startmoment")
        startmoment = next((s for s in open_starts if s.pk == startmoment_id), None)
        try:
            services.aanvraag_indienen(kandidaat=kandidaat, door=request.user, traject=traject,
                                       startmoment=startmoment, motivatie=form.cleaned_data["motivatie"])
        except ValidationError as exc:
            fouten_naar_formulier(form, exc)
        else:
            messages.success(request, _("Je vraag is verstuurd. Je contactpersoon kijkt ernaar en laat je weten of "
                                        "je mee kunt doen."))
            return redirect("ondersteuningsgids")
    return formulier(request, form, titel=_("Meedoen aan: %(t)s") % {"t": traject.titel},
                     knop=_("Vraag versturen"), terug=reverse("traject_detail", args=[pk]),
                     intro=_("Je contactpersoon krijgt je vraag. Die kijkt of het past bij je plan en laat je weten "
                             "of je mee kunt doen."))


def _groep(request, pk, aanmelden):
    startmoment = get_startmoment_for_user(request.user, pk)
    kandidaat = kandidaat_voor_gids(request.user)
    afspraak = startmoment.afspraak
    if aanmelden:
        try:
            deelnemer = agenda_services.aanmelden(afspraak=afspraak, door=request.user, kandidaat=kandidaat)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            if deelnemer.status == Deelnemer.Status.AANGEMELD:
                messages.success(request, _("Je bent aangemeld. Het staat in je agenda. Je krijgt 24 uur van "
                                            "tevoren een herinnering."))
            else:
                messages.info(request, _("Het is vol. Je staat op de wachtlijst; komt er een plek vrij, dan krijg "
                                         "je een mail."))
    elif agenda_services.afmelden(afspraak=afspraak, door=request.user, kandidaat=kandidaat) is not None:
        messages.success(request, _("Je bent afgemeld."))
    return redirect("traject_detail", startmoment.traject_id)


@rol_vereist(Rol.WERKZOEKENDE)
@require_POST
def groep_aanmelden(request, pk):
    return _groep(request, pk, aanmelden=True)


@rol_vereist(Rol.WERKZOEKENDE)
@require_POST
def groep_afmelden(request, pk):
    return _groep(request, pk, aanmelden=False)


@rol_vereist(Rol.WERKZOEKENDE)
@require_POST
def aanvraag_intrekken(request, pk):
    aanvraag = get_eigen_aanvraag_for_user(request.user, pk)
    try:
        services.aanvraag_intrekken(aanvraag=aanvraag, door=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Je vraag is ingetrokken. Je kunt later altijd opnieuw vragen."))
    return redirect("ondersteuningsgids")


@rol_vereist(Rol.KLANTMANAGER)
def aanvragen(request):
    """Open aanvragen of the caseload, oldest first."""
    pagina = pagineer(request, selectors.open_aanvragen_voor(request.user))
    inzage_vastleggen(gebruiker=request.user, wat=gettext_noop("aanvragen voor ondersteuning"),
                      betrokkenen=[a.kandidaat for a in pagina.object_list])
    return render(request, "ondersteuning/aanvragen.html", {"pagina": pagina})


@rol_vereist(Rol.KLANTMANAGER)
def aanvraag_beoordelen(request, pk):
    aanvraag = get_aanvraag_for_user(request.user, pk)
    form = BeoordelingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        goedkeuren = form.cleaned_data["besluit"] == "ja"
        try:
            services.aanvraag_beoordelen(aanvraag=aanvraag, door=request.user, goedkeuren=goedkeuren,
                                         reden=form.cleaned_data["reden"])
        except ValidationError as exc:
            fouten_naar_formulier(form, exc)
        else:
            messages.success(request, _("Goedgekeurd: het staat in het plan van aanpak. %(k)s krijgt een melding.")
                             % {"k": aanvraag.kandidaat.voornaam} if goedkeuren else
                             _("Niet goedgekeurd. %(k)s krijgt een melding met de reden.")
                             % {"k": aanvraag.kandidaat.voornaam})
            return redirect("ondersteuning_aanvragen")
    if request.method == "GET":
        inzage_vastleggen(gebruiker=request.user, wat=gettext_noop("aanvraag voor ondersteuning"),
                          betrokkenen=[aanvraag.kandidaat], obj=aanvraag)
    return render(request, "ondersteuning/aanvraag.html", {"aanvraag": aanvraag, "form": form},
                  status=400 if form.errors else 200)
