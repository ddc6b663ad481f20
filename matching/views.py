from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import Rol, Verwerking
from accounts.permissions import rol_vereist
from accounts.services import inzage_vastleggen, verwerkingen_registreer
from bemiddeling import services
from bemiddeling import services as bemiddeling_services
from bemiddeling.forms import VoordrachtForm
from bemiddeling.models import Voordracht
from bemiddeling.selectors import shortlist_kandidaat_ids, werkgever_in_portaal
from klantreis.lib import vaste_vorm
from klantreis.lib.letterlijk import Letterlijk
from klantreis.lib.tekst import een_punt
from klantreis.lib.views import formulier, fouten_naar_formulier
from matching.forms import MatchFilterForm, ToestemmingVragenForm
from matching.ranking import kandidaten_voor_vacature, score_voor
from matching.selectors import vindbare_kandidaten
from werkgevers.permissions import get_vacature_for_user
from werkzoekenden import services as werkzoekenden_services
from werkzoekenden.models import Kandidaat, Toestemming, ToestemmingVerzoek
from werkzoekenden.selectors import (
    deelbare_documenten,
    kandidaten_met_toestemming_voor,
    toestemming_ingetrokken_voor,
)


def _voorgedragen_bericht(voordracht):
    """What the accountmanager reads after proposing: when and how the werkgever hears of it. The melding in the
    portal comes at once; the mail is the day's one mail (``voordrachten_melden``)."""
    werkgever = voordracht.vacature.werkgever
    delen = [_("%(naam)s is voorgedragen.") % {"naam": voordracht.kandidaat}]
    portaal = werkgever_in_portaal(werkgever)
    if portaal:
        delen.append(_("De werkgever ziet het nu in het portaal."))
    if portaal or werkgever.contactpersoon_email:
        mail_op = bemiddeling_services.dagmail_vanaf(voordracht.voorgedragen_op)
        uur = mail_op.strftime("%H:%M")
        if mail_op.date() == timezone.localdate():
            delen.append(_("De dagelijkse mail met nieuwe kandidaten gaat vandaag na %(uur)s naar de werkgever.")
                         % {"uur": uur})
        else:
            delen.append(_("De dagelijkse mail met nieuwe kandidaten gaat morgen na %(uur)s naar de werkgever.")
                         % {"uur": uur})
    else:
        delen.append(_("De werkgever heeft geen account en geen e-mailadres bij ons: laat het de werkgever zelf "
                       "weten."))
    return " ".join(delen)


@rol_vereist(Rol.ACCOUNTMANAGER)
def voordracht_nieuw(request, pk):
    vacature = get_vacature_for_user(request.user, pk, write=True)
    # Who has an open voordracht here, or was hired for it, is not offered again.
    al_voorgedragen = Voordracht.objects.filter(vacature=vacature,
                                                status__in=(*Voordracht.OPEN, Voordracht.Status.AANGENOMEN))
    kandidaten = kandidaten_met_toestemming_voor(vacature.werkgever, vacature.regio).exclude(
        pk__in=al_voorgedragen.values("kandidaat_id"))
    initial, suggestie, kandidaat = {}, None, None
    gekozen = request.GET.get("kandidaat", "") or request.POST.get("kandidaat", "")
    if gekozen.isdigit():
        kandidaat = kandidaten.filter(pk=int(gekozen)).first()
        bestaand = al_voorgedragen.filter(kandidaat_id=int(gekozen)).select_related("kandidaat").first() \
            if kandidaat is None and request.method == "GET" else None
        if bestaand is not None:
            # "Voordragen" on a card of "Wie past erbij?" for someone already proposed: to that voordracht, not to
            # a form whose list leaves them out.
            messages.info(request, _("%(naam)s is al voorgedragen voor deze vacature: %(status)s.")
                          % {"naam": bestaand.kandidaat, "status": bestaand.get_status_display().lower()})
            return redirect("voordracht_detail", bestaand.pk)
    if kandidaat is not None:
        # The explanation stands beside the field as a suggestion; the toelichting is the accountmanager's own
        # words, because the werkgever reads it next to the cv.
        initial = {"kandidaat": kandidaat.pk}
        suggestie = score_voor(vacature, kandidaat)
    form = VoordrachtForm(request.POST or None, kandidaten=kandidaten, initial=initial)
    leeg = ""
    if request.method == "GET":
        # The choice list names every kandidaat who consented to sharing with this werkgever.
        betrokkenen = list(kandidaten.select_related(None))
        inzage_vastleggen(gebruiker=request.user, wat=gettext_noop("voordragen: kandidaten met toestemming"),
                          betrokkenen=betrokkenen, obj=kandidaat)
        if not betrokkenen:  # say why the list is empty, not a bare empty choice
            waarden = {"w": vacature.werkgever.naam}
            if toestemming_ingetrokken_voor(vacature.werkgever, vacature.regio):
                leeg = een_punt(_("Er is nu geen kandidaat met toestemming om te delen met %(w)s. Een kandidaat "
                                  "heeft de toestemming voor %(w)s ingetrokken: die kun je hier niet meer "
                                  "voordragen.") % waarden)
            else:
                leeg = een_punt(_("Er is nog geen kandidaat met toestemming om te delen met %(w)s. Vraag eerst "
                                  "toestemming bij 'Wie past erbij?'.") % waarden)
    if request.method == "POST" and form.is_valid():
        try:
            voordracht = services.voordracht_create(vacature=vacature, door=request.user, **form.cleaned_data)
        except ValidationError as exc:
            fouten_naar_formulier(form, exc)
        else:
            messages.success(request, _voorgedragen_bericht(voordracht))
            if deelbare_documenten(voordracht.kandidaat).exists():
                # The kandidaat shares diploma's or certificates: choose at once which go along.
                return redirect("voordracht_documenten", voordracht.pk)
            return redirect("vacature_detail", pk)
    return formulier(request, form, titel=_("Kandidaat voordragen voor %(titel)s") % {"titel": vacature.titel},
                     knop=_("Voordragen"), terug=reverse("vacature_detail", args=[pk]),
                     intro=_("De werkgever ziet het cv, je toelichting en de instrumenten. Documenten die de kandidaat "
                             "deelt (diploma's, certificaten) kies je hierna."),
                     template="matching/voordracht_nieuw.html", suggestie=suggestie, kandidaat=kandidaat, leeg=leeg,
                     cv_leeg=kandidaat is not None and not (kandidaat.werkervaring.strip()
                                                             and kandidaat.vaardigheden.exists()))


# "Wie past erbij?" reads this on every visit: compiled once per process (vaste_vorm). With each kandidaat, in the
# same row: whether they consented to share with this werkgever (then the page names them) and whether a question
# to do so is open (two queries of their own before).
def _kandidaten_met_gemeente(ids, werkgever_id):
    # The constants as literals, so that the plan PostgreSQL keeps for this read can use the partial indexes.
    toestemming = Toestemming.objects.filter(kandidaat=OuterRef("pk"),
                                             doel=Letterlijk(Toestemming.Doel.DELEN_MET_WERKGEVER),
                                             werkgever_id=werkgever_id, ingetrokken_op__isnull=True)
    gevraagd = ToestemmingVerzoek.objects.filter(kandidaat=OuterRef("pk"), werkgever_id=werkgever_id,
                                                 status=Letterlijk(ToestemmingVerzoek.Status.GEVRAAGD))
    # Only what the page shows (and the account, by which the verwerkingenlog leaves out a person's own data): the
    # whole row of 41 columns for 25-30 kandidaten cost 0.36 ms of CPU to convert, these 0.21 ms.
    return Kandidaat.objects.filter(pk__in=ids).select_related("gemeente").only(
        "voornaam", "achternaam", "pseudoniem", "werkfit", "account", "gemeente__naam").annotate(
        deelt_met_werkgever=Exists(toestemming), toestemming_gevraagd=Exists(gevraagd))


@rol_vereist(Rol.ACCOUNTMANAGER)
def vacature_matches(request, pk):
    """Who fits this vacature: ranked, explained, filtered; the accountmanager decides."""
    vacature = get_vacature_for_user(request.user, pk, write=True)
    form = MatchFilterForm(request.GET or None)
    filters, heel_nederland = form.filters()
    if request.method == "POST":
        # The page names kandidaten by pseudonym, also in its forms: no database id of a person in the page.
        pseudoniem = request.POST.get("kandidaat", "").strip().upper()[:16]
        vindbaar = vindbare_kandidaten(vacature, heel_nederland=True, alleen_werkfit=False)
        kandidaat_id = vindbaar.filter(pseudoniem=pseudoniem).values_list("pk", flat=True).first() \
            if pseudoniem else None
        if kandidaat_id is not None:
            if request.POST.get("actie") == "weg":
                bemiddeling_services.shortlist_verwijderen(vacature=vacature, kandidaat_id=kandidaat_id)
            else:
                bemiddeling_services.shortlist_toevoegen(vacature=vacature, kandidaat_id=kandidaat_id,
                                                         door=request.user)
        return redirect(f"{reverse('vacature_matches', args=[pk])}?{request.GET.urlencode()}")

    ranglijst = kandidaten_voor_vacature(vacature, top=25, heel_nederland=heel_nederland, filters=filters)
    resultaten = ranglijst.resultaten
    shortlist = shortlist_kandidaat_ids(vacature)
    ids = [r.kandidaat_id for r in resultaten]
    # Who is still findable: a kandidaat who withdrew consent disappears from the shortlist too.
    # (Most vacatures have no shortlist: building that queryset alone cost 0.9 ms of CPU.)
    nog_vindbaar = set(vindbare_kandidaten(vacature, heel_nederland=True, alleen_werkfit=False).filter(
        pk__in=shortlist).values_list("pk", flat=True)) if shortlist else set()
    kandidaat_info = {k.pk: k for k in vaste_vorm.objecten("matching.matches.kandidaten", _kandidaten_met_gemeente,
                                                           ids=sorted(set(ids) | nog_vindbaar),
                                                           werkgever_id=vacature.werkgever_id)}
    met_toestemming = {pk for pk, k in kandidaat_info.items() if k.deelt_met_werkgever}
    gevraagd = {pk for pk, k in kandidaat_info.items() if k.toestemming_gevraagd}
    zichtbaar = [k for k in kandidaat_info.values() if k.deelt_met_werkgever]
    if zichtbaar:
        verwerkingen_registreer(gebruiker=request.user, actie=Verwerking.Actie.INZIEN, objecten=zichtbaar,
                                doel=gettext_noop("bemiddeling naar werk"),
                                wat=gettext_noop("matches voor %(titel)s") % {"titel": vacature.titel})
    rijen = [{"r": r, "k": kandidaat_info[r.kandidaat_id], "naam_zichtbaar": r.kandidaat_id in met_toestemming,
              "op_shortlist": r.kandidaat_id in shortlist, "gevraagd": r.kandidaat_id in gevraagd}
             for r in resultaten]
    shortlist_rijen = [{"k": kandidaat_info[i], "naam_zichtbaar": i in met_toestemming}
                       for i in shortlist if i in nog_vindbaar]
    return render(request, "matching/vacature_matches.html", {
        "vacature": vacature, "rijen": rijen, "passend": [rij for rij in rijen if rij["r"].past],
        "bijna": [rij for rij in rijen if not rij["r"].past], "aantal": ranglijst.bekeken, "form": form,
        "shortlist": shortlist_rijen, "heel_nederland": heel_nederland, "regio": vacature.regio})


@rol_vereist(Rol.ACCOUNTMANAGER)
def toestemming_vragen(request, pk, kandidaat):
    """From "Wie past erbij?": ask an anonymous kandidaat, in the portal, to share their profile with this
    werkgever. The accountmanager confirms what is shared; the name stays hidden until the answer is yes."""
    vacature = get_vacature_for_user(request.user, pk, write=True)
    kandidaat = vindbare_kandidaten(vacature, heel_nederland=True, alleen_werkfit=False).filter(pk=kandidaat).first()
    if kandidaat is None:
        raise Http404
    terug = reverse("vacature_matches", args=[pk])
    form = ToestemmingVragenForm(request.POST or None, initial={"delen": ["profiel", "cv"]})
    if request.method == "POST" and form.is_valid():
        try:
            werkzoekenden_services.toestemming_vragen(kandidaat=kandidaat, vacature=vacature, door=request.user,
                                                      delen=form.cleaned_data["delen"])
        except ValidationError as exc:
            fouten_naar_formulier(form, exc)
        else:
            messages.success(request, _("Gevraagd. De kandidaat ziet de vraag in het portaal; je hoort het "
                                        "antwoord per mail en als taak."))
            return redirect(terug)
    return formulier(request, form, titel=_("Toestemming vragen voor %(titel)s") % {"titel": vacature.titel},
                     knop=_("Toestemming vragen"), terug=terug,
                     intro=_("De kandidaat (anoniem, %(plaats)s) krijgt de vraag in het portaal: mag %(w)s deze "
                             "gegevens zien voor de vacature %(titel)s? De klantmanager ziet de vraag ook. Pas na "
                             "een ja zie je de naam en kun je voordragen.")
                     % {"plaats": kandidaat.gemeente, "w": vacature.werkgever.naam, "titel": vacature.titel})
