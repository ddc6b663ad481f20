import logging
from datetime import date, timedelta
from itertools import groupby

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from accounts.models import Rol, Verwerking
from accounts.permissions import rol_vereist
from accounts.selectors import ik_en_wie_ik_waarneem, werkgevermensen
from accounts.services import inzage_vastleggen, verwerkingen_registreer
from agenda import selectors, services
from agenda.forms import AfspraakForm, KanNietForm, KanNietUForm, VerplaatsenForm
from agenda.ics import afspraak_event, dag_event, kalender
from agenda.models import Afspraak, AgendaFeed, Deelnemer
from agenda.permissions import (
    MEDEWERKERS,
    deelname_van,
    get_afspraak_for_user,
    get_uitnodiging_for_user,
    waargenomen_deelname,
)
from klantreis.lib import datums, vaste_vorm
from klantreis.lib.views import formulier, fouten_naar_formulier
from werkgevers.models import Werkgever
from werkzoekenden.models import Kandidaat
from werkzoekenden.selectors import kandidaat_van_gebruiker

logger = logging.getLogger(__name__)
ALLE_ROLLEN = (Rol.ACCOUNTMANAGER, Rol.KLANTMANAGER, Rol.BEHEERDER, Rol.WERKGEVER, Rol.WERKZOEKENDE)
FEED_VAN, FEED_TOT = timedelta(days=60), timedelta(days=400)
FEED_VENSTER, FEED_MAX_PER_VENSTER = 600, 60  # seconds; fetches per feed per window


def _maandag(request):
    """``?week=2026-W49`` (ISO week); anything else: this week."""
    try:
        jaar, week = request.GET.get("week", "").split("-W")
        return date.fromisocalendar(int(jaar), int(week), 1)
    except ValueError:
        vandaag = timezone.localdate()
        return vandaag - timedelta(days=vandaag.weekday())


def _feed_van(gebruiker_id):
    return AgendaFeed.objects.filter(gebruiker_id=gebruiker_id).order_by("pk")[:1]


def _feed_context(request):
    # On every visit of the agenda: compiled once per process.
    gevonden = vaste_vorm.objecten("agenda.feed_van", _feed_van, gebruiker_id=request.user.pk)
    feed = gevonden[0] if gevonden else None
    return {"feed": feed, "feed_url": request.session.pop("agenda_feed_url", None)}


def _registreer(gebruiker, items, genoemd=()):
    """One line of the verwerkingenlog naming every kandidaat the page shows: of the evaluations and nazorg moments,
    and the werkzoekenden named at the afspraken (``genoemd``), as the caseload logs its page."""
    kandidaten = {i.kandidaat.pk: i.kandidaat for i in items if i.kandidaat is not None}
    kandidaten.update((k.pk, k) for k in genoemd)
    verwerkingen_registreer(gebruiker=gebruiker, actie=Verwerking.Actie.INZIEN, objecten=kandidaten.values(),
                            doel=gettext_noop("agenda bekijken"))


@rol_vereist(*ALLE_ROLLEN)
def agenda(request):
    """Staff: "Mijn week" (afspraken, evaluations of the caseload, nazorg moments due) with previous/next week.
    Werkgevers and werkzoekenden: "Mijn afspraken", upcoming and past (and workshops to sign up for)."""
    user = request.user
    if user.rol in MEDEWERKERS:
        maandag = _maandag(request)
        van, tot = selectors.week_van(maandag)
        items = selectors.agenda_items(user, van, tot, met_waarneming=True)
        _registreer(user, items, selectors.met_kandidaten(items, user))
        dagen = [{"dag": dag, "items": list(rij)} for dag, rij in groupby(items, key=lambda i: i.dag)]
        week = lambda d: f"{d.isocalendar()[0]}-W{d.isocalendar()[1]:02d}"  # noqa: E731
        return render(request, "agenda/mijn_week.html", {
            "dagen": dagen, "maandag": maandag, "zondag": maandag + timedelta(days=6),
            "vorige": week(maandag - timedelta(days=7)), "volgende": week(maandag + timedelta(days=7)),
            "weeknummer": maandag.isocalendar()[1], **_feed_context(request)})
    nu = timezone.now()
    items = selectors.agenda_items(user, nu - timedelta(days=90), nu + timedelta(days=365))
    vandaag = timezone.localdate()
    komend = [i for i in items if (i.dag >= vandaag if i.hele_dag else i.start >= nu)]
    geweest = [i for i in items if not (i.dag >= vandaag if i.hele_dag else i.start >= nu)][::-1][:20]
    context = {"komend": komend, "geweest": geweest, **_feed_context(request)}
    if user.rol in (Rol.WERKZOEKENDE, Rol.WERKGEVER):
        context["kan_niet"] = selectors.kan_niet_bij(user, [i.afspraak.pk for i in komend if i.afspraak is not None])
    if user.rol == Rol.WERKZOEKENDE:
        mijn = {i.afspraak.pk for i in items if i.afspraak is not None}
        # A closed dossier signs up for nothing (``services.aanmelden``): no workshops to go to.
        kandidaat = kandidaat_van_gebruiker(user)
        context["workshops"] = [] if kandidaat is None or kandidaat.afgesloten_op else [
            a for a in selectors.komende_groepsbijeenkomsten(user) if a.pk not in mijn]
    return render(request, "agenda/mijn_afspraken.html", context)


@rol_vereist(*ALLE_ROLLEN)
def afspraak_detail(request, pk):
    afspraak = get_afspraak_for_user(request.user, pk)
    deelname = deelname_van(request.user, afspraak)
    deelnemers = list(afspraak.deelnemers.exclude(status=Deelnemer.Status.AFGEMELD)
                      .select_related("gebruiker__organisatie", "kandidaat").order_by("status", "pk"))
    # Staff of the afspraak: a participant, or the colleague covering one who is away.
    medewerker = request.user.rol in MEDEWERKERS and (
        deelname is not None or waargenomen_deelname(request.user, afspraak) is not None)
    # Who else comes: staff participants see everyone; the werkgever sees the kandidaat of their own gesprek
    # (who consented to it); a werkzoekende sees the people they meet, never other werkzoekenden.
    werkgever_bij_gesprek = request.user.rol == Rol.WERKGEVER and not afspraak.is_groep
    zichtbaar = deelnemers if medewerker or werkgever_bij_gesprek else [
        d for d in deelnemers if d.kandidaat_id is None or d.kandidaat.account_id == request.user.pk]
    kandidaten = [d.kandidaat for d in zichtbaar if d.kandidaat_id and d.kandidaat.account_id != request.user.pk]
    if kandidaten:
        verwerkingen_registreer(gebruiker=request.user, actie=Verwerking.Actie.INZIEN, objecten=kandidaten,
                                doel=gettext_noop("afspraak bekijken"))
    bezet = sum(1 for d in deelnemers if d.kandidaat_id and d.status == Deelnemer.Status.AANGEMELD)
    kan_aanmelden = (afspraak.is_groep and request.user.rol == Rol.WERKZOEKENDE and not afspraak.geannuleerd
                     and afspraak.start > timezone.now())
    gesloten = kan_aanmelden and getattr(kandidaat_van_gebruiker(request.user), "afgesloten_op", None) is not None
    # An invitation of her own (not a groepsbijeenkomst: that has afmelden) she can answer with "ik kan niet"; so
    # can the werkgever's contactpersoon, at a visit (a sollicitatiegesprek he moves at the voordracht).
    eigen_uitnodiging = deelname is not None and not afspraak.is_groep and (
        (request.user.rol == Rol.WERKZOEKENDE and deelname.kandidaat_id)
        or (request.user.rol == Rol.WERKGEVER and deelname.gebruiker_id and not afspraak.gesprek_id))
    return render(request, "agenda/afspraak_detail.html", {
        "afspraak": afspraak, "deelnemers": zichtbaar, "deelname": deelname, "medewerker": medewerker,
        "eigen_uitnodiging": eigen_uitnodiging, "kan_nog_antwoorden": afspraak.kan_nog_beantwoorden(),
        "plant_opnieuw": selectors.plant_opnieuw(afspraak, deelname) if eigen_uitnodiging and deelname.kan_niet
        else None,
        "kan_niet": [d for d in zichtbaar if d.kan_niet] if medewerker else [],
        # That he cannot come, not why: the werkgever of a gesprek sees the mark, the reason is for staff.
        "toon_kan_niet": medewerker or werkgever_bij_gesprek,
        "bezet": bezet, "vol": afspraak.is_groep and bezet >= (afspraak.capaciteit or 0),
        "kan_aanmelden": kan_aanmelden and not gesloten,
        # Her dossier closed: no button to sign up, but why.
        "dossier_gesloten": kan_aanmelden and gesloten,
        # Why it does not take place is about the dossier of whom it was for: staff read it, and she herself (still
        # on it). Not a werkgever, nor another werkzoekende who was signed off it before.
        "toon_annuleringsreden": medewerker or (request.user.rol == Rol.WERKZOEKENDE and deelname is not None
                                                and deelname.status != Deelnemer.Status.AFGEMELD),
        "voordracht": afspraak.gesprek.voordracht if afspraak.gesprek_id else None,
        "ter_informatie": deelname is not None and selectors.ter_informatie_voor(afspraak, request.user),
        # The klantmanager stays listed when the werkzoekende goes alone, marked so: the others do not wait for her.
        "niet_mee_id": afspraak.gesprek.voordracht.kandidaat.klantmanager_id
        if afspraak.gesprek_id and not afspraak.gesprek.begeleider_gaat_mee else None})


# What each plans most: a klantmanager talks with her werkzoekende, an accountmanager visits a werkgever. The first
# choice of the list (a visit) made a klantmanager's gesprek a "Kennismakingsbezoek" for whoever did not look.
VOOR_DE_HAND = {Rol.KLANTMANAGER: Afspraak.Soort.KLANTMANAGERGESPREK,
                Rol.ACCOUNTMANAGER: Afspraak.Soort.KENNISMAKINGSBEZOEK}


def _keuzes(user):
    werkgevers = Werkgever.objects.none()
    kandidaten = Kandidaat.objects.none()
    if user.rol == Rol.ACCOUNTMANAGER:
        # Her werkgevers and those of the colleagues she covers for: while one is away, his werkgevers' page says she
        # helps them, and a visit (kennismaking, nazorg) is part of that.
        werkgevers = Werkgever.objects.filter(accountmanager_id__in=ik_en_wie_ik_waarneem(user)).order_by("naam")
    if user.rol == Rol.KLANTMANAGER:
        # Open dossiers (nobody makes an afspraak in a closed one) of her caseload and of the colleagues she covers for:
        # while one is away, his werkzoekenden are told she helps them, and a gesprek is part of that.
        kandidaten = Kandidaat.objects.filter(klantmanager_id__in=ik_en_wie_ik_waarneem(user),
                                              afgesloten_op__isnull=True).order_by("sorteernaam", "voornaam")
    return werkgevers, kandidaten


@rol_vereist(Rol.ACCOUNTMANAGER, Rol.KLANTMANAGER)
def afspraak_nieuw(request):
    werkgevers, kandidaten = _keuzes(request.user)
    form = AfspraakForm(request.POST or None, werkgevers=werkgevers, kandidaten=kandidaten,
                        initial={"soort": VOOR_DE_HAND.get(request.user.rol)})
    # The organiser and the werkzoekende are asked about; the werkgever's own calendar is his.
    if request.method == "POST" and form.is_valid() and _vrij(
            request, form, gebruiker_ids=[request.user.pk],
            kandidaat_ids=[form.cleaned_data["kandidaat"].pk] if form.cleaned_data.get("kandidaat") else []):
        c = form.cleaned_data
        start, eind = form.tijden()
        werkgever = c.get("werkgever")
        gebruikers = list(werkgevermensen(werkgever.organisatie_id)) if werkgever is not None else []
        try:
            afspraak = services.afspraak_plannen(
                door=request.user, soort=c["soort"], titel=c["titel"], start=start, eind=eind, plaats=c["plaats"],
                videolink=c["videolink"], toelichting=c["toelichting"], capaciteit=c["capaciteit"],
                werkgever=werkgever, gebruikers=gebruikers,
                kandidaten=[c["kandidaat"]] if c.get("kandidaat") else [])
        except ValidationError as exc:
            fouten_naar_formulier(form, exc)
        else:
            messages.success(request, _("De afspraak staat in de agenda. De deelnemers krijgen een uitnodiging."))
            return redirect("afspraak_detail", afspraak.pk)
    return _planformulier(request, form, titel=_("Nieuwe afspraak"), knop=_("Afspraak plannen"),
                          terug=reverse("agenda"),
                          intro=_("De deelnemers krijgen een uitnodiging met de afspraak voor hun eigen agenda, en "
                                  "24 uur van tevoren een herinnering."))


def _vrij(request, form, **wie):
    """Whether the time on ``form`` (valid) suits everyone in ``wie`` (``selectors.bezet``), or "Toch plannen" was
    ticked for who is busy. If not, the form shows who is busy and asks (``TochPlannen.bevestigd``)."""
    start, eind = form.tijden()
    return form.bevestigd(selectors.botsingen(request.user, start=start, eind=eind, **wie))


def _planformulier(request, form, *, kan_niet=(), **context):
    """The plan or move form, with who cannot come and why (``kan_niet``) and who is busy at the time chosen: the
    werkzoekenden it names in one line of the verwerkingenlog."""
    inzage_vastleggen(gebruiker=request.user, wat=gettext_noop("wie niet kan of op dat moment al een afspraak heeft"),
                      betrokkenen=[*(d.kandidaat for d in kan_niet if d.kandidaat_id),
                                   *(b.kandidaat for b in form.botsingen)])
    return formulier(request, form, template="formulier_planning.html", kan_niet=kan_niet, **context)


@rol_vereist(Rol.ACCOUNTMANAGER, Rol.KLANTMANAGER, Rol.BEHEERDER)
def afspraak_verplaatsen(request, pk):
    afspraak = get_afspraak_for_user(request.user, pk, write=True)
    if afspraak.gesprek_id:
        return redirect("gesprek_plannen", afspraak.gesprek.voordracht_id)
    start, eind = timezone.localtime(afspraak.start), timezone.localtime(afspraak.eind)
    form = VerplaatsenForm(request.POST or None, initial={
        "datum": start.date(), "begintijd": start.time(), "eindtijd": eind.time(), "plaats": afspraak.plaats,
        "videolink": afspraak.videolink, "begintijd_keer": datums.welke_keer(start),
        "eindtijd_keer": datums.welke_keer(eind)})
    deelnemers = selectors.deelnemers_bij(afspraak)
    # Why she cannot come and when she can: what the new time is chosen by (staff only, as on the afspraak).
    kan_niet = [d for d in deelnemers if d.kan_niet]
    # Staff and the werkzoekenden are asked about; the werkgever's own calendar is his.
    wie = {"gebruiker_ids": [request.user.pk, *(d.gebruiker_id for d in deelnemers
                                                if d.gebruiker_id and d.gebruiker.rol in MEDEWERKERS)],
           "kandidaat_ids": [d.kandidaat_id for d in deelnemers if d.kandidaat_id]}
    if request.method == "POST" and form.is_valid() and _vrij(request, form, behalve_afspraak_id=afspraak.pk,
                                                               **wie):
        start, eind = form.tijden()
        try:
            services.afspraak_verplaatsen(afspraak=afspraak, door=request.user, start=start, eind=eind,
                                          plaats=form.cleaned_data["plaats"],
                                          videolink=form.cleaned_data["videolink"])
        except ValidationError as exc:
            fouten_naar_formulier(form, exc)
        else:
            messages.success(request, _("Verplaatst. Alle deelnemers krijgen bericht met de nieuwe tijd."))
            return redirect("afspraak_detail", pk)
    return _planformulier(request, form, titel=_("Afspraak verplaatsen: %(t)s") % {"t": afspraak.titel},
                          knop=_("Verplaatsen"), terug=reverse("afspraak_detail", args=[pk]), kan_niet=kan_niet,
                          intro=_("Alle deelnemers krijgen bericht en een bijgewerkte afspraak voor hun agenda."))


@rol_vereist(Rol.ACCOUNTMANAGER, Rol.KLANTMANAGER, Rol.BEHEERDER)
def afspraak_annuleren(request, pk):
    """GET asks "Weet je het zeker?" and names who will be told; POST cancels."""
    afspraak = get_afspraak_for_user(request.user, pk, write=True)
    if afspraak.gesprek_id and request.method != "POST":
        messages.error(request, _("Een sollicitatiegesprek annuleer je bij de voordracht."))
        return redirect("afspraak_detail", pk)
    if afspraak.geannuleerd:
        messages.info(request, _("Deze afspraak gaat al niet door."))
        return redirect("afspraak_detail", pk)
    if request.method == "POST":
        try:
            services.afspraak_annuleren(afspraak=afspraak, door=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Geannuleerd. Alle deelnemers krijgen bericht."))
        return redirect("afspraak_detail", pk)
    anderen = [d for d in selectors.deelnemers_bij(afspraak) if d.gebruiker_id != request.user.pk]
    inzage_vastleggen(gebruiker=request.user, wat=gettext_noop("wie bericht krijgt als een afspraak niet doorgaat"),
                      betrokkenen=[d.kandidaat for d in anderen if d.kandidaat_id])
    namen = [d.gebruiker.get_full_name() if d.gebruiker_id else str(d.kandidaat) for d in anderen]
    return render(request, "agenda/afspraak_annuleren.html", {"afspraak": afspraak, "namen": namen})


@rol_vereist(Rol.WERKZOEKENDE)
@require_POST
def aanmelden(request, pk):
    afspraak = get_afspraak_for_user(request.user, pk)
    kandidaat = kandidaat_van_gebruiker(request.user)
    if kandidaat is None:
        raise Http404
    try:
        deelnemer = services.aanmelden(afspraak=afspraak, door=request.user, kandidaat=kandidaat)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if deelnemer.status == Deelnemer.Status.AANGEMELD:
            messages.success(request, _("Je bent aangemeld. Je krijgt 24 uur van tevoren een herinnering."))
        else:
            messages.info(request, _("Het is vol. Je staat op de wachtlijst; komt er een plek vrij, dan krijg je "
                                     "een mail."))
    return redirect("afspraak_detail", pk)


@rol_vereist(Rol.WERKZOEKENDE)
@require_POST
def afmelden(request, pk):
    afspraak = get_afspraak_for_user(request.user, pk)
    kandidaat = kandidaat_van_gebruiker(request.user)
    if kandidaat is None:
        raise Http404
    if services.afmelden(afspraak=afspraak, door=request.user, kandidaat=kandidaat) is not None:
        messages.success(request, _("Je bent afgemeld."))
    return redirect("afspraak_detail", pk)


@rol_vereist(Rol.WERKZOEKENDE, Rol.WERKGEVER)
def afspraak_kan_niet(request, pk):
    """"Ik kan niet": GET asks why (and when they can), POST records it for the organiser. The werkzoekende reads
    "je", the werkgever's contactpersoon "u"."""
    deelnemer = get_uitnodiging_for_user(request.user, pk)
    afspraak = deelnemer.afspraak
    u = request.user.rol == Rol.WERKGEVER
    # Who they are told proposes a new time is who gets the task (the organiser, or her klantmanager).
    planner = selectors.plant_opnieuw(afspraak, deelnemer)
    if deelnemer.kan_niet:
        messages.info(request, _("U hebt al laten weten dat u niet kunt.") if u else
                      _("Je hebt al laten weten dat je niet kunt."))
        return redirect("afspraak_detail", pk)
    if request.method != "POST":
        try:
            services.antwoord_controleren(afspraak, u=u)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("afspraak_detail", pk)
    form = (KanNietUForm if u else KanNietForm)(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.kan_niet_melden(deelnemer=deelnemer, door=request.user, reden=form.cleaned_data["reden"],
                                     wanneer_wel=form.cleaned_data["wanneer_wel"])
        except ValidationError as exc:
            fouten_naar_formulier(form, exc)
        else:
            if u:
                messages.success(request, _("Dank u. %(naam)s weet nu dat u niet kunt en stelt een nieuwe tijd voor.")
                                 % {"naam": planner.get_full_name()} if planner else
                                 _("Dank u. Uw antwoord staat bij de afspraak. Wilt u een nieuwe tijd? Stuur dan een "
                                   "bericht."))
            else:
                messages.success(request, _("Dank je. %(naam)s weet nu dat je niet kunt en stelt een nieuwe tijd "
                                            "voor.") % {"naam": planner.get_full_name()} if planner else
                                 _("Dank je. Je antwoord staat bij de afspraak. Wil je een nieuwe tijd? Stuur dan een "
                                   "bericht."))
            return redirect("afspraak_detail", pk)
    wat = {"titel": afspraak.titel if u else afspraak.titel_voor_werkzoekende,
           "wanneer": datums.kort(afspraak.start, "l j F H:i")}
    if u:
        intro = (_("%(titel)s op %(wanneer)s. Laat weten waarom u niet kunt. %(naam)s stelt daarna een nieuwe tijd "
                   "voor.") % {**wat, "naam": planner.get_full_name()} if planner else
                 _("%(titel)s op %(wanneer)s. Laat weten waarom u niet kunt.") % wat)
    else:
        intro = (_("%(titel)s op %(wanneer)s. Laat weten waarom je niet kunt. %(naam)s stelt daarna een nieuwe tijd "
                   "voor.") % {**wat, "naam": planner.get_full_name()} if planner else
                 _("%(titel)s op %(wanneer)s. Laat weten waarom je niet kunt.") % wat)
    return formulier(request, form, titel=_("Ik kan niet"), knop=_("Versturen"),
                     terug=reverse("afspraak_detail", args=[pk]), intro=intro)


@rol_vereist(Rol.WERKZOEKENDE, Rol.WERKGEVER)
@require_POST
def afspraak_kan_toch(request, pk):
    deelnemer = get_uitnodiging_for_user(request.user, pk)
    try:
        services.kan_toch(deelnemer=deelnemer, door=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Fijn dat u toch kunt. De afspraak blijft staan.")
                         if request.user.rol == Rol.WERKGEVER else
                         _("Fijn dat je toch kunt. De afspraak blijft staan."))
    return redirect("afspraak_detail", pk)


@rol_vereist(*ALLE_ROLLEN)
@require_POST
def feed_beheren(request):
    """"Nieuwe link maken" (the old one stops working) or "Link uitzetten"."""
    if request.POST.get("actie") == "uitzetten":
        services.feed_intrekken(gebruiker=request.user)
        messages.success(request, _("De link werkt niet meer. Agenda-apps die hem gebruiken, tonen niets nieuws meer."))
    else:
        sleutel = services.feed_vernieuwen(gebruiker=request.user)
        request.session["agenda_feed_url"] = settings.SITE_URL + reverse("agenda_feed", args=[sleutel])
        messages.success(request, _("Nieuwe link gemaakt. Een oude link werkt niet meer."))
    return redirect(reverse("agenda") + "#koppelen")


def _te_vaak(feed):
    """A calendar app polls every few minutes; a link that is fetched far more often leaked into a script."""
    sleutel = f"agenda-feed:{feed.pk}:{int(timezone.now().timestamp()) // FEED_VENSTER}"
    cache.add(sleutel, 0, FEED_VENSTER)
    try:
        return cache.incr(sleutel) > FEED_MAX_PER_VENSTER
    except ValueError:  # expired between add and incr
        return False


def agenda_feed(request, sleutel):
    """The subscribed calendar: no login (calendar apps cannot), the secret token is the key. A wrong or
    revoked token is 404. Only what the owner may see, with minimal text (see ``selectors._feed_titel``)."""
    feed = selectors.feed_bij_sleutel(sleutel)
    if feed is None:
        raise Http404
    if _te_vaak(feed):
        response = HttpResponse(_("Te vaak opgehaald. Probeer het over een paar minuten opnieuw."), status=429,
                                content_type="text/plain; charset=utf-8")
        response["Retry-After"] = str(FEED_VENSTER)
        return response
    gebruiker = feed.gebruiker
    services.feed_gebruikt(feed=feed)
    logger.info("agenda-feed opgehaald door gebruiker %s", gebruiker.pk)
    nu = timezone.now()
    cal = kalender(naam=str(_("Agenda Werkgeversservicepunt")))
    # As her week: what she covers for is in it while she does (``met_waarneming``), and gone once it ends. She does
    # not attend a covered colleague's afspraak: shown, but her time stays free (TRANSPARENT), not busy.
    for item in selectors.agenda_items(gebruiker, nu - FEED_VAN, nu + FEED_TOT, met_waarneming=True):
        if item.afspraak is not None:
            cal.add_component(afspraak_event(item.afspraak, samenvatting=item.feed_titel, nu=nu,
                                             vrij=item.ter_informatie or item.wachtlijst or item.waargenomen))
        else:
            cal.add_component(dag_event(uid=item.uid, dag=item.start, samenvatting=item.feed_titel, url=item.url,
                                        nu=nu))
    cal.add_missing_timezones()
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "no-store, private"
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response
