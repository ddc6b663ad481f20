from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext
from django.views.decorators.http import require_POST

from accounts import selectors as accounts_selectors
from accounts.forms import CollegaUitnodigenForm
from accounts.models import Rol
from accounts.permissions import rol_vereist
from accounts.services import inzage_vastleggen
from beroepen.models import Vaardigheid, vaardigheid_label
from klantreis.lib import vaste_vorm
from klantreis.lib.clientip import client_ip
from klantreis.lib.paginering import blader, blader_vast, pagineer
from klantreis.lib.views import formulier, fouten_naar_formulier
from klantreis.lib.werktijd import uiterlijk_tekst
from werkgevers import selectors, services
from werkgevers.forms import (
    AccountmanagerWijzigenForm,
    AfspraakForm,
    BedrijfsgegevensForm,
    BezoekForm,
    ContactForm,
    ContactOpgenomenForm,
    ProfielForm,
    TelefonischVerzoekForm,
    VaardighedenForm,
    VacatureForm,
    VacatureStatusForm,
    VerzoekForm,
    VerzoekSluitenForm,
)
from werkgevers.models import Instrument, Vacature, Verzoek
from werkgevers.permissions import get_vacature_for_user, get_verzoek_for_user, get_werkgever_for_user

VERZOEKEN_PER_UUR = 5


# --- home pages ------------------------------------------------------------------------------


# --- verzoek: the public form and the 24-hour queue ------------------------------------------


def _client_ip(request):
    return client_ip(request) or "onbekend"


def verzoek_indienen(request):
    """Public: a werkgever asks for help without an account. Honeypot plus a rate limit per address."""
    form = VerzoekForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["website"]:
            # A robot filled in the hidden field: act as if all went well, store nothing.
            return redirect("verzoek_bedankt")
        sleutel = f"verzoek-indienen:{_client_ip(request)}"
        cache.add(sleutel, 0, timeout=3600)
        if cache.incr(sleutel) > VERZOEKEN_PER_UUR:
            form.add_error(None, _("U heeft het afgelopen uur al een paar verzoeken gestuurd. Probeer het later "
                                   "opnieuw, of bel ons direct."))
        else:
            c = form.cleaned_data
            try:
                services.verzoek_indienen(
                    bedrijfsnaam=c["bedrijfsnaam"], kvk_nummer=c["kvk_nummer"], adres=c["adres"],
                    postcode=c["postcode"], plaats=c["plaats"], sector=c["sector"],
                    aantal_medewerkers=c["aantal_medewerkers"], contactpersoon=c["contactpersoon"],
                    telefoon=c["telefoon"], email=c["email"], vraag=c["vraag"], kanaal=Verzoek.Kanaal.WEBFORMULIER,
                )
            except ValidationError as exc:
                fouten_naar_formulier(form, exc)
            else:
                return redirect("verzoek_bedankt")
    return formulier(
        request, form, titel=_("Hulp vragen bij het vinden van personeel"), knop=_("Verstuur mijn vraag"),
        intro=_("Vul het formulier in. Wij bellen u binnen één werkdag terug. U heeft geen account nodig."),
        template="werkgevers/verzoek_formulier.html",
    )


def verzoek_bedankt(request):
    return render(request, "werkgevers/verzoek_bedankt.html")


@rol_vereist(Rol.ACCOUNTMANAGER)
def verzoeken(request):
    # The same shape on every visit: compiled once per process (without a region, IS NULL: the ORM builds it).
    lijst = (vaste_vorm.Lijst("werkgevers.open_verzoeken", selectors.open_verzoeken, regio_id=request.user.regio_id,
                              accountmanager_id=request.user.pk)
             if request.user.regio_id is not None else selectors.verzoeken_voor_accountmanager(request.user))
    pagina = pagineer(request, lijst)
    return render(request, "werkgevers/verzoeken.html", {"pagina": pagina, "nu": timezone.now()})


@rol_vereist(Rol.ACCOUNTMANAGER)
def verzoek_telefoon(request):
    """The accountmanager registers a call to the central number: the same data and the same clock."""
    form = TelefonischVerzoekForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            verzoek = services.verzoek_indienen(
                bedrijfsnaam=c["bedrijfsnaam"], kvk_nummer=c["kvk_nummer"], adres=c["adres"], postcode=c["postcode"],
                plaats=c["plaats"], sector=c["sector"], aantal_medewerkers=c["aantal_medewerkers"],
                contactpersoon=c["contactpersoon"], telefoon=c["telefoon"], email=c["email"], vraag=c["vraag"],
                kanaal=Verzoek.Kanaal.TELEFOON, geregistreerd_door=request.user,
            )
        except ValidationError as exc:
            fouten_naar_formulier(form, exc)
        else:
            uiterlijk = uiterlijk_tekst(verzoek.deadline)
            if verzoek.regio_id != request.user.regio_id:
                messages.success(request, _("Het verzoek is vastgelegd in de wachtrij van %(regio)s: een "
                                            "accountmanager daar belt de werkgever %(uiterlijk)s.")
                                 % {"regio": verzoek.regio, "uiterlijk": uiterlijk})
                return redirect("verzoeken")
            if verzoek.accountmanager_id == request.user.pk:
                messages.success(request, _("Het verzoek is vastgelegd en staat op je naam. Bel de werkgever "
                                            "%(uiterlijk)s.") % {"uiterlijk": uiterlijk})
            else:
                messages.success(request, _("Het verzoek is vastgelegd en staat bij %(naam)s, de vaste "
                                            "accountmanager van deze werkgever. %(naam)s belt de werkgever "
                                            "%(uiterlijk)s.")
                                 % {"naam": verzoek.accountmanager.get_full_name(), "uiterlijk": uiterlijk})
            return redirect("verzoek_detail", verzoek.pk)
    return formulier(request, form, titel=_("Telefonisch verzoek vastleggen"), knop=_("Verzoek vastleggen"),
                     intro=_("Een werkgever belde het centrale nummer. Leg het verzoek vast; de werkgever krijgt een "
                             "bevestiging per e-mail."), terug=reverse("verzoeken"))


@rol_vereist(Rol.ACCOUNTMANAGER)
def verzoek_detail(request, pk):
    """An open verzoek ends with "Contact opgenomen" or "Sluiten zonder contact" (``actie``); each form is bound only
    to its own POST, so the other shows no errors and what was typed in the one sent comes back with its error."""
    verzoek = get_verzoek_for_user(request.user, pk)
    aanvullingen = selectors.aanvullingen_van(verzoek)
    open_aanvullingen = [a for a in aanvullingen if a.gebeld_op is None and a.vervolgverzoek_id is None]
    actie = request.POST.get("actie") if request.method == "POST" else None
    contact = request.method == "POST" and actie not in ("oppakken", "sluiten")
    form = ContactOpgenomenForm(request.POST if contact else None, aanvullingen=open_aanvullingen)
    sluit_form = VerzoekSluitenForm(request.POST if actie == "sluiten" else None, aanvullingen=open_aanvullingen)
    fout = None
    if request.method == "POST":
        try:
            if actie == "oppakken":
                services.verzoek_oppakken(verzoek=verzoek, accountmanager=request.user)
                messages.success(request, _("Je hebt dit verzoek opgepakt."))
                return redirect("verzoek_detail", pk)
            if actie == "sluiten" and sluit_form.is_valid():
                mee = sluit_form.cleaned_data.get("mee", [])
                services.verzoek_sluiten(verzoek=verzoek, door=request.user, reden=sluit_form.cleaned_data["reden"],
                                         toelichting=sluit_form.cleaned_data["toelichting"], mee=mee)
                messages.success(request, _("Het verzoek is gesloten zonder contact.")
                                 + (" " + _("De vrager krijgt een e-mail met hoe die het WSP kan bereiken.")
                                    if sluit_form.cleaned_data["reden"] == Verzoek.Sluitreden.NIET_BEREIKBAAR else ""))
                _niet_afgevinkt(request, len(open_aanvullingen) - len(mee))
                return redirect("werkgever_detail", verzoek.werkgever_id)
            if contact and form.is_valid():
                gebeld = form.cleaned_data.get("gebeld", [])
                services.verzoek_contact_opgenomen(verzoek=verzoek, door=request.user,
                                                   notitie=form.cleaned_data["notitie"], gebeld=gebeld)
                messages.success(request, _("Contact geregistreerd. De klok is gestopt."))
                _niet_afgevinkt(request, len(open_aanvullingen) - len(gebeld))
                return redirect("werkgever_detail", verzoek.werkgever_id)
        except ValidationError as exc:
            if actie == "oppakken":  # nothing typed: the page as it stands now says who has it, or how it ended
                messages.warning(request, " ".join(exc.messages))
                return redirect("verzoek_detail", pk)
            fouten_naar_formulier(sluit_form if actie == "sluiten" else form, exc)
        fout = bool(form.errors or sluit_form.errors)
    # Who asked, with phone and mail, on the page as it opens and after a refused form alike.
    inzage_vastleggen(gebruiker=request.user, wat=gettext_noop("verzoek met contactpersoon"), betrokkenen=[verzoek])
    return render(request, "werkgevers/verzoek_detail.html",
                  {"verzoek": verzoek, "form": form, "sluit_form": sluit_form, "aanvullingen": aanvullingen,
                   "fout": fout},
                  status=400 if fout else 200)


def _niet_afgevinkt(request, aantal):
    if aantal:
        messages.info(request, ngettext(
            "%(n)s vraag die je niet aanvinkte, staat nu als nieuw verzoek bij de verzoeken.",
            "%(n)s vragen die je niet aanvinkte, staan nu elk als nieuw verzoek bij de verzoeken.",
            aantal) % {"n": aantal})


# --- werkgever: detail, profiel, bezoek, afspraken, accountmanager, tijdlijn ---------------


@rol_vereist(Rol.ACCOUNTMANAGER)
def werkgevers_regio(request):
    zoekterm = request.GET.get("q", "").strip()[:100]
    # Keyset pages by name: a page reads a page, however many werkgevers the region has (no count, no OFFSET). The
    # list as it opens is the same shape on every visit: compiled once per process; a search is built by the ORM.
    if zoekterm or request.user.regio_id is None:
        blad = blader(request, selectors.werkgevers_van_regio(request.user.regio, zoekterm), ["naam", "pk"])
    else:
        blad = blader_vast(request, "werkgevers.van_regio", selectors.werkgevers_van_regio, ["naam", "pk"],
                           regio=request.user.regio_id)
    return render(request, "werkgevers/werkgevers_regio.html", {"blad": blad, "q": zoekterm})


@rol_vereist(Rol.ACCOUNTMANAGER)
def werkgever_profiel(request, pk):
    werkgever = get_werkgever_for_user(request.user, pk, write=True)
    if request.method == "GET":
        inzage_vastleggen(gebruiker=request.user, wat=gettext_noop("bedrijfsprofiel met contactpersoon"),
                          betrokkenen=[werkgever])
    form = ProfielForm(request.POST or None, instance=werkgever)
    if request.method == "POST" and form.is_valid():
        velden = {veld: form.cleaned_data[veld] for veld in form.changed_data}
        services.profiel_bijwerken(werkgever=werkgever, door=request.user, **velden)
        messages.success(request, _("Het bedrijfsprofiel is bijgewerkt."))
        return redirect("werkgever_detail", pk)
    return formulier(request, form, titel=_("Bedrijfsprofiel van %(naam)s") % {"naam": werkgever.naam},
                     knop=_("Profiel opslaan"), terug=reverse("werkgever_detail", args=[pk]),
                     intro=_("Wat weet je na de kennismaking? Dit helpt bij het kiezen van passende kandidaten."))


@rol_vereist(Rol.WERKGEVER)
def mijn_bedrijf(request):
    """The werkgever keeps his own contact details up to date: who the accountmanager calls, and how."""
    werkgever = selectors.werkgever_van_gebruiker(request.user)
    if werkgever is None:
        raise Http404
    form = BedrijfsgegevensForm(request.POST or None, instance=werkgever)
    if request.method == "POST" and form.is_valid():
        if form.changed_data:  # nothing changed: no line in the history
            services.profiel_bijwerken(werkgever=werkgever, door=request.user,
                                       **{veld: form.cleaned_data[veld] for veld in form.changed_data})
            messages.success(request, _("Opgeslagen. Uw accountmanager ziet de nieuwe gegevens meteen."))
        return redirect("werkgever_home")
    return formulier(request, form, titel=_("Gegevens van %(naam)s") % {"naam": werkgever.naam},
                     knop=_("Opslaan"), terug=reverse("werkgever_home"),
                     intro=_("Naam, KvK-nummer en vestiging veranderen? Vraag het uw accountmanager."))


@rol_vereist(Rol.WERKGEVER)
def collegas(request):
    """Who of the company can log in, inviting a colleague, and stopping the access of one who left: when the
    contactpersoon leaves, a colleague takes over without waiting for the WSP.

    Inviting answers every address with the same words and lists every invitation as open: whether an address has
    an account on the portal is nobody's business here (``services.collega_uitnodigen``)."""
    werkgever = selectors.werkgever_van_gebruiker(request.user)
    if werkgever is None:
        raise Http404
    form = CollegaUitnodigenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            uitnodiging = services.collega_uitnodigen(werkgever=werkgever, door=request.user, **form.cleaned_data)
        except ValidationError as exc:
            fouten_naar_formulier(form, exc)
        else:
            messages.success(request, _("We hebben een e-mail gestuurd naar %(email)s. Heeft dit adres nog geen "
                                        "toegang tot het portaal? Dan kiest %(naam)s met de link in die e-mail een "
                                        "wachtwoord.") % {"email": uitnodiging.email,
                                                           "naam": uitnodiging.voornaam or uitnodiging.email})
            return redirect("werkgever_collegas")
    uitnodigingen = selectors.open_collegauitnodigingen(werkgever)
    uitgenodigd = {u.gebruiker_id for u in uitnodigingen if u.gebruiker_id}
    # Whose invitation is open is listed there, with the invitation's own button.
    mensen = [m for m in selectors.mensen_van_werkgever(werkgever) if m.pk not in uitgenodigd]
    # Names and e-mail addresses of colleagues: a line in the verwerkingenlog (one's own row is not logged). An
    # invitation to an address with another account shows only what was typed here, nothing of that account.
    inzage_vastleggen(gebruiker=request.user, wat=gettext_noop("collega's met toegang tot het portaal"),
                      betrokkenen=[*(m for m in mensen if m.pk != request.user.pk),
                                   *(u.gebruiker for u in uitnodigingen if u.gebruiker_id)])
    return render(request, "werkgevers/collegas.html", {"werkgever": werkgever, "mensen": mensen,
                                                        "uitnodigingen": uitnodigingen, "form": form},
                  status=400 if form.errors else 200)


@rol_vereist(Rol.WERKGEVER)
@require_POST
def collega_uitnodiging_intrekken(request, pk):
    werkgever = selectors.werkgever_van_gebruiker(request.user)
    if werkgever is None:
        raise Http404
    # Only an open invitation of one's own company; anyone else's is not there (404).
    uitnodiging = next((u for u in selectors.open_collegauitnodigingen(werkgever) if u.pk == pk), None)
    if uitnodiging is None:
        raise Http404
    try:
        services.collega_uitnodiging_intrekken(werkgever=werkgever, door=request.user, uitnodiging=uitnodiging)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("werkgever_collegas")
    messages.success(request, _("De uitnodiging voor %(naam)s is ingetrokken. De link in de e-mail werkt niet "
                                "meer.") % {"naam": uitnodiging.get_full_name()})
    return redirect("werkgever_collegas")


@rol_vereist(Rol.WERKGEVER)
@require_POST
def collega_intrekken(request, pk):
    werkgever = selectors.werkgever_van_gebruiker(request.user)
    if werkgever is None:
        raise Http404
    # Only an active colleague of one's own company; anyone else's account is not there (404), nor is one that only
    # waits for a werkgever's invitation (that invitation has its own button): a 404 for it and a page for the account
    # of a new address would tell the two apart.
    collega = get_object_or_404(accounts_selectors.werkgevermensen(werkgever.organisatie_id), pk=pk)
    try:
        services.collega_toegang_intrekken(werkgever=werkgever, door=request.user, collega=collega)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("werkgever_collegas")
    messages.success(request, _("%(naam)s kan niet meer inloggen en krijgt geen meldingen of e-mail meer van "
                                "ons.") % {"naam": collega.get_full_name()})
    if werkgever.contactpersoon_email and werkgever.contactpersoon_email.lower() == collega.email.lower():
        messages.warning(request, _("%(naam)s was ook de contactpersoon die wij bellen en mailen. Vul bij Gegevens "
                                    "wijzigen in wie dat nu is.") % {"naam": collega.get_full_name()})
    return redirect("werkgever_collegas")


def _vastleggen_bij_werkgever(request, pk, *, form, service, gelukt, naar, titel, **extra):
    """A visit, a contact or an agreement with a werkgever: one form, one service, back to ``naar``. What the
    service refuses shows in the form, with everything typed."""
    werkgever = get_werkgever_for_user(request.user, pk, write=True)
    if request.method == "POST" and form.is_valid():
        try:
            service(werkgever=werkgever, door=request.user, **form.cleaned_data)
        except ValidationError as exc:
            fouten_naar_formulier(form, exc)
        else:
            messages.success(request, gelukt)
            return redirect(naar, pk)
    return formulier(request, form, titel=titel % {"naam": werkgever.naam},
                     terug=reverse("werkgever_detail", args=[pk]), **extra)


@rol_vereist(Rol.ACCOUNTMANAGER)
def bezoek_nieuw(request, pk):
    return _vastleggen_bij_werkgever(
        request, pk, form=BezoekForm(request.POST or None, initial={"bezocht_op": timezone.localdate()}),
        service=services.bezoek_vastleggen, naar="werkgever_profiel",
        gelukt=_("Het bezoek is vastgelegd. Werk ook het bedrijfsprofiel bij."),
        titel=_("Kennismaking op locatie bij %(naam)s"), knop=_("Bezoek vastleggen"))


@rol_vereist(Rol.ACCOUNTMANAGER)
def contact_nieuw(request, pk):
    return _vastleggen_bij_werkgever(
        request, pk, form=ContactForm(request.POST or None, initial={"op": timezone.localdate()}),
        service=services.contact_vastleggen, naar="werkgever_detail", gelukt=_("Het contact is vastgelegd."),
        titel=_("Contact met %(naam)s vastleggen"), knop=_("Contact vastleggen"))


@rol_vereist(Rol.ACCOUNTMANAGER)
def afspraak_nieuw(request, pk):
    return _vastleggen_bij_werkgever(
        request, pk, form=AfspraakForm(request.POST or None), service=services.afspraak_vastleggen,
        naar="werkgever_detail", gelukt=_("De afspraak is vastgelegd en per e-mail bevestigd aan de werkgever."),
        titel=_("Afspraak vastleggen met %(naam)s"), knop=_("Vastleggen en bevestigen per e-mail"),
        intro=_("De werkgever krijgt een bevestiging per e-mail en ziet de afspraak op zijn pagina."))


@rol_vereist(Rol.ACCOUNTMANAGER)
def accountmanager_wijzigen(request, pk):
    werkgever = get_werkgever_for_user(request.user, pk, write=True)
    form = AccountmanagerWijzigenForm(request.POST or None, regio=werkgever.regio,
                                      initial={"accountmanager": werkgever.accountmanager_id})
    if request.method == "POST" and form.is_valid():
        try:
            services.accountmanager_toewijzen(werkgever=werkgever, door=request.user, **form.cleaned_data)
        except ValidationError as exc:
            fouten_naar_formulier(form, exc)
        else:
            messages.success(request, _("De vaste accountmanager is gewijzigd; de werkgever krijgt bericht."))
            return redirect("werkgever_detail", pk)
    return formulier(request, form, titel=_("Vaste accountmanager van %(naam)s") % {"naam": werkgever.naam},
                     knop=_("Opslaan"), terug=reverse("werkgever_detail", args=[pk]),
                     intro=_("Een werkgever heeft altijd één vaste accountmanager. De geschiedenis blijft bewaard."))


@rol_vereist(Rol.ACCOUNTMANAGER, Rol.WERKGEVER)
def werkgever_tijdlijn(request, pk):
    werkgever = get_werkgever_for_user(request.user, pk)
    pagina = pagineer(request, selectors.tijdlijn_van(werkgever, voor_werkgever=request.user.rol == Rol.WERKGEVER))
    if request.user.rol == Rol.ACCOUNTMANAGER:
        # The contact history names the werkgever's people; the werkgever reading its own history is not logged.
        inzage_vastleggen(gebruiker=request.user, wat=gettext_noop("tijdlijn van de werkgever"),
                          betrokkenen=[werkgever])
    return render(request, "werkgevers/tijdlijn.html", {"werkgever": werkgever, "pagina": pagina})


# --- vacatures -------------------------------------------------------------------------------


@rol_vereist(Rol.ACCOUNTMANAGER, Rol.WERKGEVER)
def vacature_nieuw(request, pk):
    werkgever = get_werkgever_for_user(request.user, pk)
    vestiging = werkgever.vestigingen.first()
    form = VacatureForm(request.POST or None, initial={"postcode": vestiging.postcode if vestiging else ""})
    if request.method == "POST" and form.is_valid():
        try:
            vacature = services.vacature_opslaan(werkgever=werkgever, door=request.user, **form.cleaned_data)
        except ValidationError as exc:
            fouten_naar_formulier(form, exc)
        else:
            messages.success(request, _("De vacature is opgeslagen als concept. Kies nu de vaardigheden."))
            return redirect("vacature_vaardigheden", vacature.pk)
    return formulier(request, form, titel=_("Nieuwe vacature bij %(naam)s") % {"naam": werkgever.naam},
                     knop=_("Opslaan en verder"), template="werkgevers/vacature_formulier.html",
                     terug=reverse("werkgever_detail" if request.user.rol == Rol.ACCOUNTMANAGER else "werkgever_home",
                                   args=[pk] if request.user.rol == Rol.ACCOUNTMANAGER else []))


@rol_vereist(Rol.ACCOUNTMANAGER, Rol.WERKGEVER)
def vacature_bewerken(request, pk):
    vacature = get_vacature_for_user(request.user, pk, write=True)
    form = VacatureForm(request.POST or None, initial=VacatureForm.initial_van(vacature), bestaand=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.vacature_opslaan(werkgever=vacature.werkgever, vacature=vacature, door=request.user,
                                      **form.cleaned_data)
        except ValidationError as exc:
            fouten_naar_formulier(form, exc)
        else:
            messages.success(request, _("De vacature is bijgewerkt."))
            return redirect("vacature_detail", pk)
    return formulier(request, form, titel=_("Vacature bewerken"), knop=_("Opslaan"),
                     template="werkgevers/vacature_formulier.html", terug=reverse("vacature_detail", args=[pk]))


@rol_vereist(Rol.ACCOUNTMANAGER, Rol.WERKGEVER)
def vacature_vaardigheden(request, pk):
    vacature = get_vacature_for_user(request.user, pk, write=True)
    if not vacature.beroep_id:
        messages.warning(request, _("Kies eerst een beroep bij de vacature."))
        return redirect("vacature_bewerken", pk)
    keuzes = list(vacature.beroep.beroepvaardigheden.select_related("vaardigheid")
                  .order_by("-essentieel", "vaardigheid__alleen_engels", "vaardigheid__naam")
                  .values_list("vaardigheid_id", "vaardigheid__naam", "vaardigheid__alleen_engels"))
    gekozen = set(vacature.vereiste_vaardigheden.values_list("pk", flat=True)) | set(
        vacature.gewenste_vaardigheden.values_list("pk", flat=True))
    bekende = {pk_ for pk_, _naam, _engels in keuzes}
    # Skills chosen earlier that are not (or no longer) linked to the beroep stay visible.
    keuzes += list(Vaardigheid.objects.filter(pk__in=gekozen - bekende).values_list("pk", "naam", "alleen_engels"))
    keuzes = [(str(k), vaardigheid_label(naam, engels)) for k, naam, engels in keuzes]
    form = VaardighedenForm(request.POST or None, keuzes=keuzes, initial={
        "vereist": [str(v) for v in vacature.vereiste_vaardigheden.values_list("pk", flat=True)],
        "gewenst": [str(v) for v in vacature.gewenste_vaardigheden.values_list("pk", flat=True)],
    })
    if request.method == "POST" and form.is_valid():
        services.vacature_vaardigheden_instellen(vacature=vacature, door=request.user,
                                                 vereist=[int(v) for v in form.cleaned_data["vereist"]],
                                                 gewenst=[int(v) for v in form.cleaned_data["gewenst"]])
        if request.user.rol == Rol.WERKGEVER and vacature.status == Vacature.Status.CONCEPT:
            messages.success(request, _("De vaardigheden zijn opgeslagen. De vacature is nog een concept: zet ze "
                                        "open, dan gaat uw accountmanager zoeken naar kandidaten."))
        else:
            messages.success(request, _("De vaardigheden zijn opgeslagen."))
        return redirect("vacature_detail", pk)
    return formulier(request, form, titel=_("Vaardigheden voor %(titel)s") % {"titel": vacature.titel},
                     knop=_("Vaardigheden opslaan"), terug=reverse("vacature_detail", args=[pk]),
                     intro=_("Dit zijn de vaardigheden die bij het beroep %(beroep)s horen. Vink aan wat nodig is.")
                     % {"beroep": vacature.beroep.naam})


@rol_vereist(Rol.ACCOUNTMANAGER, Rol.WERKGEVER)
@require_POST
def vacature_status(request, pk):
    vacature = get_vacature_for_user(request.user, pk, write=True)
    form = VacatureStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Deze status bestaat niet."))
        return redirect("vacature_detail", pk)
    try:
        vacature = services.vacature_status_wijzigen(vacature=vacature, door=request.user,
                                                     status=form.cleaned_data["status"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        am = vacature.werkgever.accountmanager
        if request.user.rol == Rol.WERKGEVER and vacature.status == Vacature.Status.OPEN and am is not None:
            messages.success(request, _("De vacature staat open. Uw accountmanager %(naam)s hoort het en zoekt "
                                        "kandidaten die passen.") % {"naam": am.get_full_name()})
        else:
            messages.success(request, _("De status van de vacature is gewijzigd."))
    return redirect("vacature_detail", pk)


@rol_vereist(Rol.ACCOUNTMANAGER, Rol.WERKGEVER)
@require_POST
def vacature_bevestigen(request, pk):
    vacature = get_vacature_for_user(request.user, pk, write=True)
    services.vacature_bevestigen(vacature=vacature, door=request.user)
    messages.success(request, _("Dank u! We zoeken verder voor deze vacature."))
    return redirect("vacature_detail", pk)


# --- instrumentengids ------------------------------------------------------------------------


def instrumenten(request):
    """Public: a werkgever who has not called yet may read which regelingen exist (the regio page links here)."""
    zoekterm = request.GET.get("q", "").strip()[:100]
    # The gids as it opens is the same on every visit: compiled once per process; a search is built by the ORM.
    gevonden = selectors.instrumenten(zoekterm) if zoekterm else vaste_vorm.objecten("werkgevers.instrumenten",
                                                                                     selectors.instrumenten)
    return render(request, "werkgevers/instrumenten.html", {
        "instrumenten": gevonden, "q": zoekterm,
        "vragen": _accountmanager_vragen(request.user, _("Vraag over een regeling"))})


def instrument_detail(request, pk):
    instrument = Instrument.objects.filter(pk=pk, actief=True).first()
    if instrument is None:
        raise Http404
    return render(request, "werkgevers/instrument_detail.html", {
        "instrument": instrument,
        "vragen": _accountmanager_vragen(request.user, _("Vraag over %(naam)s") % {"naam": instrument.naam})})


def _accountmanager_vragen(user, onderwerp):
    """"Uw accountmanager regelt de aanvraag met u": for a werkgever with a vaste accountmanager, who that is and
    the link to write to him, the subject filled in. None for everyone else (the gids is public)."""
    if not (user.is_authenticated and user.rol == Rol.WERKGEVER):
        return None
    werkgever = selectors.werkgever_van_gebruiker(user)
    if werkgever is None or werkgever.accountmanager_id is None:
        return None
    link = reverse("wisseling_nieuw_werkgever", args=[werkgever.pk])
    return {"naam": werkgever.accountmanager.get_short_name(), "link": f"{link}?{urlencode({'onderwerp': onderwerp})}"}


def regios(request):
    """Public: find the Werkgeversservicepunt of your region, with its phone number."""
    return render(request, "werkgevers/regios.html",
                  {"pagina": pagineer(request, accounts_selectors.regios_met_wsp(), per_pagina=50)})


def regio(request, code):
    """Public face of one Werkgeversservicepunt: what it does, its number, the request form, the regelingen."""
    regio = accounts_selectors.regio_met_wsp(code[:10])
    if regio is None:
        raise Http404
    return render(request, "werkgevers/regio.html", {"regio": regio, "wsp": next(iter(regio.wsps), None)})
