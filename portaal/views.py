"""Pages that bring several apps together: each role's home page, the werkgever and vacature pages with their
voordrachten, the dossier with its matching results. They sit on the top floor so the domain apps below never
import each other upwards (like les-emplois ``itou/www/``)."""

from functools import partial

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import IntegerField, OuterRef, Q, Subquery, Value
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts import services as accounts_services
from accounts.bulkrem import PROFIELEN, bulkrem
from accounts.forms import MedewerkerUitnodigenForm, WerkgeverContactUitnodigenForm, WerkzoekendeUitnodigenForm
from accounts.models import Rol, User
from accounts.permissions import rol_vereist
from accounts.selectors import ik_en_wie_ik_waarneem, wsp_van_regio
from accounts.services import inzage_vastleggen
from beleving.selectors import eerste_open_vraag
from bemiddeling.models import Voordracht
from bemiddeling.selectors import (
    VOORDRACHTEN_VAN_VACATURE_PREFETCH,
    laatste_voordrachten_van_kandidaat,
    lopende_voordrachten_van_vacature,
    vacatures_met_tellingen,
    voordrachten_van_vacature,
    wachtende_voordrachten,
)
from beroepen.models import Beroep, BeroepVaardigheid, Vaardigheid, vaardigheid_label
from klantreis.lib import vaste_vorm
from klantreis.lib.paginering import blader, blader_vast, pagineer
from klantreis.lib.views import id_uit
from matching import services as matching_services
from matching.models import Interesse
from matching.ranking import kansen_voor_kandidaat, vacatures_voor_kandidaat
from matching.selectors import beroepnamen_van, breder_kijken, heeft_koppelingen, profiel_van
from ondersteuning.selectors import laatste_aanvragen_van_kandidaat
from plaatsingen.selectors import huidige_plaatsing, plaatsingen_van_kandidaat, plaatsingen_voor
from portaal.waar_sta_ik import reis_van
from sollicitaties.selectors import huidige_periode
from taken.selectors import betrokkenen_van_taken, open_taken
from werkgevers import selectors as werkgevers_selectors
from werkgevers import services as werkgevers_services
from werkgevers.models import AccountmanagerToewijzing, Bedrijfsbezoek, Vacature, Verzoek, Vestiging
from werkgevers.permissions import get_vacature_for_user, get_werkgever_for_user
from werkgevers.selectors import werkgevers_van_accountmanager
from werkzoekenden import selectors as werkzoekenden_selectors
from werkzoekenden import services as werkzoekenden_services
from werkzoekenden.forms import GewenstBeroepForm, VaardighedenKandidaatForm
from werkzoekenden.models import Actie
from werkzoekenden.permissions import get_kandidaat_for_user
from werkzoekenden.selectors import (
    caseload_van_klantmanager,
    klantmanagers_van_caseload,
    naamvolgorde,
    op_naam_gezocht,
)


@rol_vereist(Rol.BEHEERDER, Rol.ACCOUNTMANAGER, Rol.KLANTMANAGER)
def uitnodigen(request):
    """Invite someone by e-mail: staff (beheerder), a werkgever contact (accountmanager) or a
    werkzoekende from the caseload (klantmanager)."""
    user = request.user
    data = request.POST if request.method == "POST" else None
    if user.rol == Rol.BEHEERDER:
        form = MedewerkerUitnodigenForm(data)
    elif user.rol == Rol.ACCOUNTMANAGER:
        form = WerkgeverContactUitnodigenForm(data, werkgevers=werkgevers_van_accountmanager(user))
    else:
        # Without an account, and with an open dossier (a closed one has nothing to log in to: the dossier offers
        # no invitation either).
        ids = klantmanagers_van_caseload(user)
        kandidaten = _zonder_account_van(ids)
        form = WerkzoekendeUitnodigenForm(data, kandidaten=kandidaten)
        if request.method == "GET":
            return _werkzoekende_kiezen(request, form, kandidaten, ids)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            if user.rol == Rol.BEHEERDER:
                nieuw = accounts_services.gebruiker_uitnodigen(
                    door=user, email=c["email"], rol=c["rol"], voornaam=c["voornaam"],
                    achternaam=c["achternaam"], telefoon=c["telefoon"],
                    organisatie=c["organisatie"], regio=c["regio"],
                )
            elif user.rol == Rol.ACCOUNTMANAGER:
                werkgever = c["werkgever"]
                nieuw = accounts_services.gebruiker_uitnodigen(
                    door=user, email=c["email"], rol=Rol.WERKGEVER, voornaam=c["voornaam"],
                    achternaam=c["achternaam"], telefoon=c["telefoon"],
                    organisatie=werkgever.organisatie, regio=werkgever.regio,
                )
            else:
                kandidaat = c["kandidaat"]
                nieuw = accounts_services.gebruiker_uitnodigen(
                    door=user, email=c["email"], rol=Rol.WERKZOEKENDE, voornaam=kandidaat.voornaam,
                    achternaam=kandidaat.achternaam, telefoon=kandidaat.telefoon,
                    regio=kandidaat.regio, kandidaat=kandidaat,
                )
        except ValidationError as exc:
            # Raced with someone else creating the same account: show it on the form, keep the input.
            fouten = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
            for veld, lijst in fouten.items():
                for fout in lijst:
                    form.add_error(veld if veld in form.fields else None, fout)
        else:
            messages.success(
                request,
                _("Uitnodiging verstuurd naar %(email)s. De link is %(dagen)s dagen geldig.")
                % {"email": nieuw.email, "dagen": settings.PASSWORD_RESET_TIMEOUT // 86400},
            )
            return redirect("uitnodigen")
    context = {"form": form}
    if user.rol == Rol.KLANTMANAGER:
        context["gekozen"] = form.cleaned_data.get("kandidaat") if form.is_bound else None
        if context["gekozen"] is None:
            context.update(_zonder_account(request, kandidaten, ids))
    return render(request, "accounts/uitnodigen.html", context, status=400 if form.errors else 200)


def _werkzoekende_kiezen(request, form, kandidaten, ids):
    """The klantmanager's invitation page: the kandidaat of ``?kandidaat=`` (the link on the dossier and in the list)
    with the form, else a page of the caseload without an account to choose from. Only the names shown are logged:
    the whole caseload of a team covering colleagues is tens of thousands of people."""
    if "kandidaat" in request.GET:
        pk = id_uit(request.GET["kandidaat"])
        gekozen = kandidaten.filter(pk=pk).first()
        if gekozen is None:
            mijn = caseload_van_klantmanager(request.user).filter(pk=pk).first()
            if mijn is None:
                raise Http404
            naam = f"{mijn.voornaam} {mijn.achternaam}"
            waarom = (_("%(naam)s heeft al een account.") if mijn.account_id else
                      _("Het dossier van %(naam)s is afgesloten. Open het weer om uit te nodigen."))
            messages.info(request, waarom % {"naam": naam})
            return redirect("dossier", mijn.pk)
        form.initial["kandidaat"] = gekozen.pk
        inzage_vastleggen(gebruiker=request.user, wat=gettext_noop("uitnodigen: werkzoekende zonder account"),
                          betrokkenen=[gekozen])
        return render(request, "accounts/uitnodigen.html", {"form": form, "gekozen": gekozen})
    return render(request, "accounts/uitnodigen.html", {"form": form, **_zonder_account(request, kandidaten, ids)})


def _zonder_account_van(ids):
    """The kandidaten of these klantmanagers' caseloads without an account, with an open dossier (as the view's
    ``kandidaten``)."""
    return caseload_van_klantmanager(None, klantmanager_ids=ids).filter(account__isnull=True,
                                                                         afgesloten_op__isnull=True)


def _zonder_account(request, kandidaten, ids):
    """A keyset page of the caseload without an account, optionally by name, in the caseload's order."""
    zoekterm = " ".join(request.GET.get("q", "").split()[:5])[:100]
    if zoekterm:
        # A search reads the page's keys from the caseload's name index alone (migration werkzoekenden.0021).
        blad = blader(request, op_naam_gezocht(kandidaten, zoekterm), naamvolgorde(zoekterm), sleutels_eerst=True)
    else:
        # The list as it opens: the same shape on every visit, compiled once per process.
        blad = blader_vast(request, "portaal.uitnodigen.zonder_account", _zonder_account_van, naamvolgorde(""),
                           ids=ids)
    inzage_vastleggen(gebruiker=request.user, wat=gettext_noop("uitnodigen: werkzoekenden zonder account"),
                      betrokkenen=blad.object_list)
    return {"blad": blad, "q": zoekterm}



def _eerste_verzoeken(regio_id, accountmanager_id):
    return Verzoek.objects.filter(regio_id=regio_id, status=Verzoek.Status.NIEUW).filter(
        Q(accountmanager_id=accountmanager_id) | Q(accountmanager__isnull=True)).select_related(
        "werkgever__gemeente", "accountmanager").order_by("deadline", "pk")[:5]


def _wachtend(accountmanager_id):
    return wachtende_voordrachten(accountmanager_id)[:10]  # a foreign key filters on the id as well


def _open_taken(gebruikers):
    return open_taken(gebruikers)[:10]


def _plaatsingen_werkgever(organisatie_id):
    # plaatsingen_voor reads only the role and the organisation of the person it is given. Of each of the 20 only
    # what the list shows and the verwerkingenlog reads: whole Kandidaat and Werkgever rows cost more to read and
    # build than the page uses.
    return plaatsingen_voor(User(rol=Rol.WERKGEVER, organisatie_id=organisatie_id)).exclude(
        status="voorbereiding").select_related(None).select_related("kandidaat").only(
        "soort", "status", "startdatum", "opnieuw_te_ondertekenen_sinds", "kandidaat__voornaam",
        "kandidaat__achternaam", "kandidaat__account_id")[:20]


@rol_vereist(Rol.ACCOUNTMANAGER)
def accountmanager_home(request):
    # The list of every visit (and of every htmx page of it), compiled once per process.
    werkgevers = pagineer(request, vaste_vorm.Lijst("portaal.accountmanager_home.werkgevers",
                                                    werkgevers_selectors.werkgevers_van_accountmanager,
                                                    accountmanager=request.user.pk))
    contact_grens = timezone.localdate() - werkgevers_services.CONTACT_TERMIJN
    if request.htmx:
        return render(request, "werkgevers/_werkgevers_lijst.html", {"pagina": werkgevers,
                                                                       "contact_grens": contact_grens})
    verzoeken = vaste_vorm.objecten("portaal.accountmanager_home.verzoeken", _eerste_verzoeken,
                                    regio_id=request.user.regio_id or 0, accountmanager_id=request.user.pk)
    # Five or fewer: that is all of them, no count needed.
    aantal_verzoeken = len(verzoeken) if len(verzoeken) < 5 else (
        werkgevers_selectors.verzoeken_voor_accountmanager(request.user).count())
    # Both lists on every visit of the home page: compiled once per process.
    wachtend = vaste_vorm.objecten("portaal.accountmanager_home.wachtend", _wachtend, accountmanager_id=request.user.pk)
    taken = vaste_vorm.objecten("portaal.accountmanager_home.taken", _open_taken,
                                gebruikers=ik_en_wie_ik_waarneem(request.user))
    inzage_vastleggen(gebruiker=request.user, wat=gettext_noop("startpagina: wachtende voordrachten en taken"),
                      betrokkenen=[vd.kandidaat for vd in wachtend] + betrokkenen_van_taken(taken))
    return render(request, "werkgevers/accountmanager_home.html", {
        "pagina": werkgevers, "contact_grens": contact_grens,
        "verzoeken": verzoeken,
        "aantal_verzoeken": aantal_verzoeken,
        "wachtend": wachtend,
        "taken": taken,
    })



@rol_vereist(Rol.WERKGEVER)
def werkgever_home(request):
    werkgever = werkgevers_selectors.werkgever_van_gebruiker(request.user)
    # The WSP's own number only shows while there is no vaste accountmanager: only then is it read.
    heeft_accountmanager = werkgever is not None and werkgever.accountmanager_id is not None
    context = {"werkgever": werkgever,
               "wsp": wsp_van_regio(request.user.regio_id) if request.user.regio_id and not heeft_accountmanager
               else None,
               "belevingsvragen": [vraag] if (vraag := eerste_open_vraag(request.user)) else []}
    if werkgever:
        context["pagina"] = pagineer(request, vaste_vorm.Lijst("portaal.werkgever_home.vacatures",
                                                               vacatures_met_tellingen, werkgever=werkgever.pk))
        context["afspraken"] = vaste_vorm.objecten("portaal.werkgever_home.afspraken", werkgevers_selectors.afspraken_van,
                                                   werkgever=werkgever.pk)
        context["plaatsingen"] = vaste_vorm.objecten("portaal.werkgever_home.plaatsingen", _plaatsingen_werkgever,
                                                     organisatie_id=request.user.organisatie_id)
        inzage_vastleggen(gebruiker=request.user, wat=gettext_noop("startpagina: geplaatste kandidaten"),
                          betrokkenen=[p.kandidaat for p in context["plaatsingen"]])
    return render(request, "werkgevers/werkgever_home.html", context)



# The werkgever page's six reads, on every visit of its accountmanager: their SQL is compiled once per process
# (``vaste_vorm``; building them cost Django 0.5-1.2 ms of CPU each, half the page).
def _werkgever_vestigingen(werkgever_id):
    return Vestiging.objects.filter(werkgever_id=werkgever_id).select_related("gemeente")


def _werkgever_vacatures(werkgever_id):
    return vacatures_met_tellingen(werkgever_id)[:20]


def _werkgever_afspraken(werkgever_id):
    return werkgevers_selectors.afspraken_van(werkgever_id)[:10]


def _werkgever_bezoeken(werkgever_id):
    return Bedrijfsbezoek.objects.filter(werkgever_id=werkgever_id).select_related("accountmanager")[:5]


def _werkgever_toewijzingen(werkgever_id):
    return AccountmanagerToewijzing.objects.filter(werkgever_id=werkgever_id).select_related(
        "accountmanager", "toegewezen_door")[:10]


def _werkgever_open_verzoeken(werkgever_id):
    return Verzoek.objects.filter(werkgever_id=werkgever_id, status=Verzoek.Status.NIEUW)


@rol_vereist(Rol.ACCOUNTMANAGER)
def werkgever_detail(request, pk):
    werkgever = get_werkgever_for_user(request.user, pk)
    # Who of the werkgever can log in (and gets its meldingen): the accountmanager sees who took over from whom.
    mensen = werkgevers_selectors.mensen_van_werkgever(werkgever, ook_uitgenodigd=True)
    inzage_vastleggen(gebruiker=request.user, wat=gettext_noop("werkgever met contactpersoon"),
                      betrokkenen=[werkgever, *mensen])
    lezen = {naam: vaste_vorm.objecten(f"portaal.werkgever.{naam}", bouw, werkgever_id=werkgever.pk)
             for naam, bouw in (("vestigingen", _werkgever_vestigingen), ("vacatures", _werkgever_vacatures),
                                ("afspraken", _werkgever_afspraken), ("bezoeken", _werkgever_bezoeken),
                                ("toewijzingen", _werkgever_toewijzingen),
                                ("open_verzoeken", _werkgever_open_verzoeken))}
    return render(request, "werkgevers/werkgever_detail.html", {"werkgever": werkgever, "mensen": mensen, **lezen})



def _vacature_vaardigheden(vacature_id):
    """Both skill lists of a vacature in one query (a page waits for every round trip): (list, alleen_engels, naam)
    with 0 for the required and 1 for the wished skills, each list in ``Vaardigheid``'s order (Dutch first)."""
    delen = [door.objects.filter(vacature_id=vacature_id).annotate(lijst=Value(i, output_field=IntegerField()))
             .values_list("lijst", "vaardigheid__alleen_engels", "vaardigheid__naam")
             for i, door in enumerate((Vacature.vereiste_vaardigheden.through,
                                       Vacature.gewenste_vaardigheden.through))]
    return delen[0].union(delen[1], all=True).order_by("lijst", "vaardigheid__alleen_engels", "vaardigheid__naam")


def vacature_vaardigheden(vacature):
    """(required, wished): the labels of the vacature's skills as ``str(vaardigheid)`` writes them."""
    lijsten = ([], [])
    for lijst, engels, naam in vaste_vorm.rijen("portaal.vacature.vaardigheden", _vacature_vaardigheden,
                                                vacature_id=vacature.pk):
        lijsten[lijst].append(str(vaardigheid_label(naam, bool(engels))))
    return lijsten


@rol_vereist(Rol.ACCOUNTMANAGER, Rol.WERKGEVER)
def vacature_detail(request, pk):
    vacature = get_vacature_for_user(request.user, pk)
    voor_werkgever = request.user.rol == Rol.WERKGEVER
    # The list of every visit, compiled once per process: for the werkgever only voordrachten with consent.
    pagina = pagineer(request, vaste_vorm.Lijst(
        f"portaal.vacature.voordrachten.{'werkgever' if voor_werkgever else 'wsp'}",
        partial(voordrachten_van_vacature, voor_werkgever=voor_werkgever),
        prefetch=VOORDRACHTEN_VAN_VACATURE_PREFETCH, vacature_id=vacature.pk))
    inzage_vastleggen(gebruiker=request.user, wat=gettext_noop("vacature met voorgedragen kandidaten"),
                      betrokkenen=[vd.kandidaat for vd in pagina.object_list])
    statussen = werkgevers_services.VACATURE_OVERGANGEN[Vacature.Status(vacature.status)]
    # A werkgever's concept says plainly that nobody looks yet; its "Openzetten" is in that notice, not twice.
    concept_openzetten = voor_werkgever and vacature.status == Vacature.Status.CONCEPT
    if concept_openzetten:
        statussen = tuple(s for s in statussen if s != Vacature.Status.OPEN)
    return render(request, "werkgevers/vacature_detail.html", {
        "vacature": vacature, "pagina": pagina, "voor_werkgever": voor_werkgever,
        # Every view of a vacature reads both lists: in one query, with SQL compiled once per process.
        **dict(zip(("vereist", "gewenst"), vacature_vaardigheden(vacature), strict=True)),
        "statussen": statussen, "concept_openzetten": concept_openzetten,
    })



@rol_vereist(Rol.ACCOUNTMANAGER, Rol.WERKGEVER)
def vacature_afsluiten(request, pk, status):
    """Before a vacature is marked vervuld or closed: who is still waiting on it. Open voordrachten stop (the
    kandidaten and their contacts hear it, a gesprek still to come is cancelled); one whose gesprek took place stays
    open until its outcome is recorded. The button posts to ``vacature_status``."""
    vacature = get_vacature_for_user(request.user, pk, write=True)
    if status not in werkgevers_services.VACATURE_OVERGANGEN[Vacature.Status(vacature.status)]:
        messages.error(request, _("Deze vacature is al %(status)s.")
                       % {"status": vacature.get_status_display().lower()})
        return redirect("vacature_detail", pk)
    voor_werkgever = request.user.rol == Rol.WERKGEVER
    stoppen, uitkomst_nodig = lopende_voordrachten_van_vacature(vacature.pk, voor_werkgever=voor_werkgever)
    inzage_vastleggen(gebruiker=request.user,
                      wat=gettext_noop("voordrachten die stoppen bij het sluiten van een vacature"),
                      betrokkenen=[v.kandidaat for v in (*stoppen, *uitkomst_nodig)], obj=vacature)
    return render(request, "werkgevers/vacature_afsluiten.html", {
        "vacature": vacature, "status": status, "vervuld": status == Vacature.Status.VERVULD,
        "stoppen": stoppen, "uitkomst_nodig": uitkomst_nodig})


def _open_acties(kandidaat_id):
    return Actie.objects.filter(plan__kandidaat_id=kandidaat_id).exclude(status=Actie.Status.KLAAR).order_by(
        "uiterlijk", "pk")


@rol_vereist(Rol.WERKZOEKENDE)
def werkzoekende_home(request):
    kandidaat = werkzoekenden_selectors.kandidaat_van_gebruiker(request.user)
    # The plan of a closed dossier stands still: it asks nothing of her, nor does anyone do anything in it for her.
    open_acties = vaste_vorm.objecten("portaal.home.open_acties", _open_acties, kandidaat_id=kandidaat.pk) \
        if kandidaat and kandidaat.afgesloten_op is None else []
    return render(request, "werkzoekenden/werkzoekende_home.html", {
        "kandidaat": kandidaat, "plaatsing": huidige_plaatsing(kandidaat) if kandidaat else None,
        "reis": reis_van(kandidaat) if kandidaat else None,
        "vragen": werkzoekenden_selectors.open_toestemmingsverzoeken_van(kandidaat) if kandidaat else [],
        "zelf": [a for a in open_acties if a.eigenaar == Actie.Eigenaar.IK],
        "anderen": [a for a in open_acties if a.eigenaar != Actie.Eigenaar.IK],
        "sollicitaties": huidige_periode(kandidaat) if kandidaat else None,
        "belevingsvragen": [vraag] if (vraag := eerste_open_vraag(request.user)) else [],
    })


def _vacatures_met_werkgever(ids):
    return Vacature.objects.select_related("werkgever", "gemeente").filter(pk__in=ids).order_by()


@rol_vereist(Rol.WERKZOEKENDE, Rol.KLANTMANAGER)
def dossier(request, pk):
    # The skills and wished beroepen come in the same row: the matching profile and the wished beroepen below
    # need no query of their own.
    kandidaat = get_kandidaat_for_user(request.user, pk, met_koppelingen=True)
    if geremd := bulkrem(request, soort=PROFIELEN, obj=kandidaat):
        return geremd
    inzage_vastleggen(gebruiker=request.user, wat=gettext_noop("dossier"), betrokkenen=[kandidaat])
    # Staff see the matches here; the werkzoekende has them in plain words on "Mijn kansen".
    eigen = request.user.rol == Rol.WERKZOEKENDE
    # A closed dossier is not matched (its consents ended with it): no vacatures, no other beroepen, no journey.
    gesloten = kandidaat.afgesloten_op is not None
    # A vacature she was hired for (her plaatsing there runs, or ran) no longer fits her: left out of the ranking.
    ranglijst = None if eigen or gesloten else vacatures_voor_kandidaat(kandidaat, top=5, binnen_reisafstand=True,
                                                                        zonder_aangenomen=True)
    passend = ranglijst.resultaten if ranglijst else []
    vacatures = {v.pk: v for v in vaste_vorm.objecten("portaal.dossier.vacatures", _vacatures_met_werkgever,
                                                      ids=[r.vacature_id for r in passend])}
    klantmanager = request.user.rol == Rol.KLANTMANAGER
    toewijzingen = list(werkzoekenden_selectors.toewijzingen_van(kandidaat))
    # The note of the warme overdracht that brought the dossier to its klantmanager now, at the top: the new
    # klantmanager reads the story before calling, and the werkzoekende need not tell it again.
    overdracht = next((t for t in toewijzingen if t.tot is None and t.overdrachtsnotitie), None) \
        if klantmanager else None
    return render(request, "werkzoekenden/dossier.html", {
        "kandidaat": kandidaat,
        "suggesties": [] if ranglijst is None else breder_kijken(kandidaat, profiel=ranglijst.kandidaat),
        "passende_vacatures": [{"r": r, "v": vacatures[r.vacature_id]} for r in passend if r.vacature_id in vacatures],
        "toewijzingen": toewijzingen, "overdracht": overdracht,
        "gewenste_beroepen": beroepnamen_van(kandidaat, ranglijst.kandidaat if ranglijst else None),
        # Open questions and AVG requests are the klantmanager's business: the werkzoekende answers them elsewhere.
        "vragen": werkzoekenden_selectors.open_toestemmingsverzoeken_van(kandidaat) if klantmanager else [],
        "rechtenverzoeken": werkzoekenden_selectors.rechtenverzoeken_van(kandidaat) if klantmanager else [],
        # Where the werkzoekende is in the klantreis, read-only for the klantmanager (the werkzoekende sees it
        # on the home page).
        "reis": reis_van(kandidaat) if klantmanager and not gesloten else None,
        "aanvragen": laatste_aanvragen_van_kandidaat(kandidaat),
        # Where the accountmanagers proposed her and how it stands, and her work: the klantmanager follows it here
        # (the werkzoekende has "Mijn sollicitaties" and her home page).
        "voordrachten": laatste_voordrachten_van_kandidaat(kandidaat) if klantmanager else [],
        "plaatsingen": plaatsingen_van_kandidaat(kandidaat) if klantmanager else [],
    })



@rol_vereist(Rol.WERKZOEKENDE, Rol.KLANTMANAGER)
def wensen(request, pk):
    """Which work you look for and what you can: the basis for matching."""
    kandidaat = get_kandidaat_for_user(request.user, pk)
    if request.method == "GET":
        inzage_vastleggen(gebruiker=request.user, wat=gettext_noop("wensen en vaardigheden"), betrokkenen=[kandidaat])
    beroepen = list(kandidaat.gewenste_beroepen.order_by("naam"))
    huidige = set(kandidaat.vaardigheden.values_list("pk", flat=True))
    bij_beroepen = list(BeroepVaardigheid.objects.filter(beroep__in=beroepen).order_by(
        "-essentieel", "vaardigheid__alleen_engels", "vaardigheid__naam").values_list(
        "vaardigheid_id", "vaardigheid__naam", "vaardigheid__alleen_engels").distinct()[:60])
    bekend = {v for v, _n, _e in bij_beroepen}
    keuzes = [(str(v), vaardigheid_label(n, e)) for v, n, e in bij_beroepen] + [
        (str(v.pk), str(v)) for v in Vaardigheid.objects.filter(pk__in=huidige - bekend)]
    medewerker = request.user.rol != Rol.WERKZOEKENDE
    beroep_form = GewenstBeroepForm(request.POST if request.POST.get("actie") == "beroep" else None,
                                    medewerker=medewerker)
    vaardigheden_form = VaardighedenKandidaatForm(
        request.POST if request.POST.get("actie") == "vaardigheden" else None, keuzes=keuzes,
        initial={"vaardigheden": [str(v) for v in huidige]}, medewerker=medewerker)
    if request.method == "POST":
        actie = request.POST.get("actie")
        if actie == "beroep" and beroep_form.is_valid():
            werkzoekenden_services.gewenst_beroep_toevoegen(kandidaat=kandidaat, door=request.user,
                                              beroep=beroep_form.cleaned_data["beroep"])
            messages.success(request, _("Toegevoegd. Kijk hieronder welke vaardigheden erbij horen."))
            return redirect("wensen", pk)
        if actie == "breder":
            beroep_id = request.POST.get("beroep", "")
            beroep = Beroep.objects.filter(pk=int(beroep_id)).first() if beroep_id.isdigit() else None
            if beroep is None:
                messages.error(request, _("Dit beroep bestaat niet (meer). Kies een ander beroep."))
            else:
                werkzoekenden_services.gewenst_beroep_toevoegen(kandidaat=kandidaat, door=request.user, beroep=beroep)
                messages.success(request, _("%(beroep)s staat nu bij de wensen. Kijk hieronder welke vaardigheden "
                                            "erbij horen.") % {"beroep": beroep.naam})
            return redirect("wensen", pk)
        if actie == "verwijder":
            try:
                werkzoekenden_services.gewenst_beroep_verwijderen(kandidaat=kandidaat, door=request.user,
                                                    beroep_id=int(request.POST.get("beroep", "")))
            except ValueError:
                pass
            return redirect("wensen", pk)
        if actie == "vaardigheden" and vaardigheden_form.is_valid():
            werkzoekenden_services.vaardigheden_instellen(kandidaat=kandidaat, door=request.user,
                                            vaardigheden=[int(v) for v in vaardigheden_form.cleaned_data["vaardigheden"]])
            messages.success(request, _("Je vaardigheden zijn opgeslagen."))
            return redirect("wensen", pk)
    fout = beroep_form.errors or vaardigheden_form.errors
    return render(request, "werkzoekenden/wensen.html", {
        "kandidaat": kandidaat, "beroepen": beroepen, "beroep_form": beroep_form, "suggesties": [] if kandidaat.afgesloten_op else breder_kijken(kandidaat),
        "vaardigheden_form": vaardigheden_form}, status=400 if fout else 200)



def _kansen_vacatures(ids, kandidaat_id):
    # With the status of the kandidaat's open voordracht for it, if any: that one is already in progress.
    voordracht = Voordracht.objects.filter(vacature=OuterRef("pk"), kandidaat_id=kandidaat_id,
                                           status__in=Voordracht.OPEN).order_by("-voorgedragen_op")
    return (Vacature.objects.select_related("werkgever", "gemeente").filter(pk__in=ids)
            .annotate(voordracht_status=Subquery(voordracht.values("status")[:1])))


def _getoonde_interesse(kandidaat_id, ids):
    return Interesse.objects.filter(kandidaat_id=kandidaat_id, vacature_id__in=ids).values("vacature_id", "getoond_op")


@rol_vereist(Rol.WERKZOEKENDE)
def mijn_kansen(request):
    """"Mijn kansen": open vacatures that fit, in plain words, and "Ik wil hier meer over weten" for the
    klantmanager. Only what a werkzoekende may see of a vacature: the work, the sector and the place; which
    werkgever it is, they hear from their klantmanager (a werkgever is named to them only with a voordracht or
    a question to share their profile)."""
    # With the ids of skills and wishes in the same row: the ranking's profile needs no query of its own.
    kandidaat = werkzoekenden_selectors.kandidaat_van_gebruiker(request.user, met_koppelingen=True)
    if kandidaat is None:
        raise Http404
    if kandidaat.afgesloten_op is not None:
        # Nobody looks for work with her any more: no list to choose from. A page sent before the closing comes back
        # to this one, which says why.
        if request.method == "POST":
            return redirect("mijn_kansen")
        return render(request, "werkzoekenden/mijn_kansen.html", {"kandidaat": kandidaat, "gesloten": True})
    kansen = kansen_voor_kandidaat(kandidaat, top=10)
    if request.method == "POST":
        vacature_id = request.POST.get("vacature", "")
        bekend = {r.vacature_id for r, _w in kansen}
        if not vacature_id.isdigit() or int(vacature_id) not in bekend or not kandidaat.klantmanager_id:
            messages.error(request, _("Deze vacature staat niet meer bij je kansen. Kijk hieronder wat er nu is."))
            return redirect("mijn_kansen")
        try:
            _interesse, nieuw = matching_services.interesse_tonen(
                kandidaat=kandidaat, vacature=Vacature.objects.get(pk=int(vacature_id)), door=request.user)
        except ValidationError as fout:
            messages.error(request, " ".join(fout.messages))
            return redirect("mijn_kansen")
        if nieuw:
            messages.success(request, _("Verstuurd. %(km)s weet nu dat je hier meer over wilt weten en neemt "
                                        "contact met je op.") % {"km": kandidaat.klantmanager.get_short_name()})
        return redirect(f"{reverse('mijn_kansen')}#vacature-{vacature_id}")
    # On every visit: the vacatures of the ranking and the interest already shown, compiled once per process.
    vacatures = {v.pk: v for v in vaste_vorm.objecten("portaal.kansen.vacatures", _kansen_vacatures,
                                                       ids=[r.vacature_id for r, _w in kansen],
                                                       kandidaat_id=kandidaat.pk)}
    verstuurd = {rij["vacature_id"]: rij["getoond_op"] for rij in vaste_vorm.lees(
        "portaal.kansen.interesse", _getoonde_interesse, kandidaat_id=kandidaat.pk, ids=list(vacatures))}
    return render(request, "werkzoekenden/mijn_kansen.html", {
        "kandidaat": kandidaat,
        # A vacature he was already put forward for keeps its place, shown as in progress, without the button.
        "kansen": [{"v": vacatures[r.vacature_id], "woorden": woorden, "past": r.past,
                    "verstuurd": verstuurd.get(r.vacature_id),
                    "voorgedragen": vacatures[r.vacature_id].voordracht_status}
                   for r, woorden in kansen if r.vacature_id in vacatures],
        # PostgreSQL: the skills and wishes came with the row, so breder kijken reads them from there.
        "suggesties": breder_kijken(kandidaat, profiel=profiel_van(kandidaat) if heeft_koppelingen(kandidaat) else None),
    })
