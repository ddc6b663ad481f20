from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import gettext_noop
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.bulkrem import DOWNLOADS, bulkrem
from accounts.models import Rol, Verwerking
from accounts.permissions import rol_vereist
from accounts.services import DOEL_PER_ROL, inzage_vastleggen, verwerkingen_registreer
from bemiddeling.models import Voordracht
from bemiddeling.permissions import get_voordracht_for_user
from klantreis.lib import datums
from klantreis.lib.toestanden import OvergangNietToegestaan
from klantreis.lib.views import download, formulier, fouten_naar_formulier, intussen_veranderd
from klantreis.lib.werktijd import volgende_werkdag
from plaatsingen import selectors, services
from plaatsingen.forms import (
    AanvraagForm,
    AfrondenForm,
    AfsluitenForm,
    AkkoordForm,
    BesluitForm,
    CheckinForm,
    CorrectieForm,
    NazorgUitkomstForm,
    OndertekenForm,
    PlaatsingForm,
    VerlengenForm,
)
from plaatsingen.models import CORRIGEERBAAR, Checkin, Plaatsing, PlaatsingCorrectie, Regelingaanvraag
from plaatsingen.overeenkomst import standaardvoorwaarden
from plaatsingen.permissions import get_nazorgmoment_for_user, get_plaatsing_for_user, mag_nazorg_vastleggen
from werkgevers.forms import AfspraakForm
from werkgevers.services import afspraak_vastleggen

INTUSSEN_VERANDERD = _lazy("Deze plaatsing is intussen veranderd. De status is nu: %(status)s.")
AANVRAAG_OPNIEUW = _lazy("Deze aanvraag is intussen veranderd. Zo staat die er nu: %(nu)s. Hieronder staat wat je "
                         "invulde. Klopt het nog? Leg het dan opnieuw vast.")


def _afspraken(plaatsing, instrumenten=None):
    """What the block "Afspraken en regelingen" shows: the overeenkomst's own conditions (a contract has none in the
    portal) and the regelingen that come with the plaatsing (``instrumenten``: read already, or read here)."""
    return {"voorwaarden": standaardvoorwaarden(plaatsing) if plaatsing.heeft_overeenkomst_nodig else [],
            "instrumenten": list(plaatsing.instrumenten.all()) if instrumenten is None else instrumenten}


@rol_vereist(Rol.ACCOUNTMANAGER)
def plaatsing_nieuw(request, pk):
    voordracht = get_voordracht_for_user(request.user, pk, write=True)
    if voordracht.status != Voordracht.Status.AANGENOMEN:
        raise Http404
    form = PlaatsingForm(request.POST or None, initial={
        "functie": voordracht.vacature.titel, "uren_per_week": voordracht.vacature.uren_per_week,
        "soort": Plaatsing.Soort.PROEFPLAATSING, "instrumenten": voordracht.instrumenten.all(),
    })
    if request.method == "POST" and form.is_valid():
        try:
            plaatsing = services.plaatsing_starten(voordracht=voordracht, door=request.user, **form.cleaned_data)
        except ValidationError as exc:
            fouten_naar_formulier(form, exc)
        else:
            messages.success(request, _("De plaatsing is aangemaakt."))
            return redirect("plaatsing_detail", plaatsing.pk)
    # Each render names the kandidaat (a refused form too): one line each time.
    inzage_vastleggen(gebruiker=request.user, wat=gettext_noop("plaatsing aanmaken"), obj=voordracht,
                      betrokkenen=[voordracht.kandidaat])
    return formulier(request, form, titel=_("Plaatsing voor %(k)s") % {"k": voordracht.kandidaat},
                     knop=_("Plaatsing aanmaken"), terug=reverse("voordracht_detail", args=[pk]),
                     intro=_("Wij vullen de overeenkomst in met deze gegevens; de werkgever hoeft alleen te tekenen."))


@rol_vereist(Rol.ACCOUNTMANAGER, Rol.KLANTMANAGER, Rol.WERKGEVER, Rol.WERKZOEKENDE)
def plaatsing_detail(request, pk):
    plaatsing = get_plaatsing_for_user(request.user, pk)
    inzage_vastleggen(gebruiker=request.user, wat=gettext_noop("plaatsing"), obj=plaatsing,
                      betrokkenen=[plaatsing.kandidaat])
    # What was corrected and why: for the professionals (the werkgever and the werknemer had a melding).
    correcties = list(plaatsing.correcties.select_related("door")) \
        if request.user.rol in (Rol.ACCOUNTMANAGER, Rol.KLANTMANAGER) else []
    transities = list(plaatsing.transities.select_related("door"))
    if request.user.rol == Rol.WERKZOEKENDE:
        # The werkgever's reason for an afscheid is told to the WSP, not to her (as the afscheid melding leaves it
        # out): her contactpersoon tells her what she should hear of it. The page's "Reden afscheid" is left out too.
        for transitie in transities:
            if transitie.naar == Plaatsing.Status.AFSCHEID:
                transitie.toelichting = ""
    return render(request, "plaatsingen/plaatsing_detail.html", {
        "plaatsing": plaatsing,
        "momenten": plaatsing.nazorgmomenten.select_related("uitkomst_door").prefetch_related("checkins"),
        "transities": transities,
        "correcties": [c for c in correcties if c.soort == PlaatsingCorrectie.Soort.CORRECTIE],
        # A verlenging after the werkgever signed: nothing was wrong, the end date changed (he signs again).
        "einddatum_gewijzigd": [c for c in correcties if c.soort == PlaatsingCorrectie.Soort.VERLENGING],
        # The last correction of the period or hours that the akkoord of UWV or the gemeente still predates.
        "akkoord_van_voor": next((c for c in reversed(correcties) if c.akkoord_nog_van_voor(plaatsing)), None),
        "afspraken": plaatsing.nazorgafspraken.select_related("vastgelegd_door"),
        "vervolg": Plaatsing.objects.filter(vorige=plaatsing).first(),
        "is_am": request.user.rol == Rol.ACCOUNTMANAGER,
        "mag_nazorg": mag_nazorg_vastleggen(request.user, plaatsing),
        # The werkgever signs (again): what changed since, with the old values (staff read it under "Correcties").
        "wijzigingen": selectors.wijzigingen_te_ondertekenen(plaatsing) if request.user.rol == Rol.WERKGEVER else [],
        # Each regeling with its aanvraag (the regeling Proefplaatsing: the akkoord); staff read who changed it when,
        # the accountmanager records it.
        **_afspraken(plaatsing, _regelingen(plaatsing, request.user)),
        "aanvragen_tonen": True,
        # Ended: nothing more to record here (a contract after a proefplaatsing took the aanvragen along).
        "aanvragen_gesloten": services.waarom_geen_aanvragen(plaatsing) if request.user.rol == Rol.ACCOUNTMANAGER
        else "",
        "aanvragen_geschiedenis": request.user.rol in (Rol.ACCOUNTMANAGER, Rol.KLANTMANAGER),
    })


def _regelingen(plaatsing, user):
    staf = user.rol in (Rol.ACCOUNTMANAGER, Rol.KLANTMANAGER)
    instrumenten = selectors.regelingen_met_aanvraag(plaatsing, geschiedenis=staf)
    for instrument in instrumenten:
        instrument.volgt_akkoord = services.volgt_akkoord(instrument)
    if user.rol == Rol.ACCOUNTMANAGER and not services.waarom_geen_aanvragen(plaatsing):
        for instrument in instrumenten:
            instrument.aanvraagform, instrument.besluitform = _aanvraag_formulieren(instrument, instrument.aanvraag)
    return instrumenten


def _aanvraag_formulieren(instrument, aanvraag, data=None, welk=None):
    """The two small forms of a regeling on the plaatsing page: record (or correct, or repeat) the aanvraag, and the
    besluit or withdrawal of one that runs or was granted; None where it cannot be done. ``data`` binds ``welk``.
    The regeling Proefplaatsing has neither: it follows the akkoord of UWV or the gemeente (``services.volgt_akkoord``).
    """
    if services.volgt_akkoord(instrument):
        return None, None
    stand = services.regelingaanvraag_stand(aanvraag)
    prefix = f"r{instrument.pk}"
    aanvraagform = besluitform = None
    if aanvraag is None or aanvraag.status != Regelingaanvraag.Status.TOEGEKEND:
        initial = {"aangevraagd_op": timezone.localdate(), "aangevraagd_bij": instrument.aanvragen_bij, "stand": stand}
        if aanvraag is not None and aanvraag.status == Regelingaanvraag.Status.AANGEVRAAGD:
            initial.update(aangevraagd_op=aanvraag.aangevraagd_op, aangevraagd_bij=aanvraag.aangevraagd_bij,
                           kenmerk=aanvraag.kenmerk)
        aanvraagform = AanvraagForm(data if welk == "aanvraag" else None, initial=initial, prefix=prefix)
    if aanvraag is not None and aanvraag.in_gebruik:
        keuzes = set(Regelingaanvraag.OVERGANGEN[aanvraag.status])
        besluitform = BesluitForm(data if welk == "besluit" else None, keuzes=keuzes, prefix=prefix, initial={
            "op": timezone.localdate(), "stand": stand,
            **({"besluit": Regelingaanvraag.Status.INGETROKKEN} if keuzes == {Regelingaanvraag.Status.INGETROKKEN}
               else {})})
    return aanvraagform, besluitform


def _regeling_van(request, plaatsing, instrument_pk):
    """The regeling of the plaatsing named in the URL, or None with a message: one a correction took off since the page
    was opened, an id that is no regeling of it, or the regeling Proefplaatsing (it follows the akkoord)."""
    instrument = plaatsing.instrumenten.filter(pk=instrument_pk).first()
    if instrument is None:
        messages.error(request, _("Deze regeling hoort niet (meer) bij deze plaatsing. Kijk hieronder welke er nu "
                                  "bij horen."))
    elif services.volgt_akkoord(instrument):
        messages.error(request, _("Voor de regeling %(naam)s leg je geen aanvraag of besluit vast: die volgt het "
                                  "akkoord van UWV of de gemeente. Leg dat akkoord vast bij de plaatsing.") % {
            "naam": instrument.naam})
        return None
    return instrument


def _geen_aanvragen(request, plaatsing):
    """A redirect with the reason when the plaatsing has ended (``services.waarom_geen_aanvragen``): to the contract
    that took the aanvragen along, or back to the plaatsing. None while it runs."""
    if not (waarom := services.waarom_geen_aanvragen(plaatsing)):
        return None
    messages.error(request, waarom)
    vervolg = Plaatsing.objects.filter(vorige=plaatsing).first()
    return redirect(reverse("plaatsing_detail", args=[vervolg.pk if vervolg else plaatsing.pk])
                    + "#afspraken-en-regelingen")


def _verouderd(form, aanvraag):
    """Whether the posted form was opened on another version of the aanvraag (``services.regelingaanvraag_stand``)."""
    return form.data.get(form.add_prefix("stand")) != services.regelingaanvraag_stand(aanvraag)


def _intussen_veranderd(instrument, plaatsing, data, welk):
    """A form opened before a colleague changed the aanvraag: shown again with what was typed, now on the current
    version (pressing again is a choice made seeing it), and a Dutch message with how it stands now. None when this
    form no longer fits the aanvraag (granted meanwhile, say): the caller says so and goes back to the plaatsing."""
    aanvraag = Regelingaanvraag.objects.filter(plaatsing=plaatsing, instrument=instrument).first()
    data = data.copy()
    data[f"r{instrument.pk}-stand"] = services.regelingaanvraag_stand(aanvraag)
    form = _aanvraag_formulieren(instrument, aanvraag, data, welk)[0 if welk == "aanvraag" else 1]
    if form is not None:
        form.is_valid()
        form.add_error(None, AANVRAAG_OPNIEUW % {
            "nu": services.aanvraag_in_woorden(aanvraag) if aanvraag else _("nog niets vastgelegd")})
    return form


def _regeling_formulier(request, plaatsing, instrument, form, *, titel, knop):
    return formulier(request, form, titel=titel % {"naam": instrument.naam}, knop=knop,
                     terug=reverse("plaatsing_detail", args=[plaatsing.pk]),
                     intro=_("%(naam)s bij de plaatsing bij %(w)s (%(f)s).") % {
                         "naam": instrument.naam, "w": plaatsing.werkgever.naam, "f": plaatsing.functie})


def _regeling_stap(request, pk, instrument_pk, *, stap, service, geen_formulier, titel, knop, gelukt):
    """One step of a regeling (``stap``: "aanvraag" or "besluit", the forms of ``_aanvraag_formulieren``) through
    ``service``: the same checks (an ended plaatsing, a regeling not on it, a form opened before a colleague's
    change) and the same way back to the plaatsing page. ``geen_formulier``: why this step has no form now;
    ``gelukt(aanvraag)``: the message after it, both with %(naam)s."""
    plaatsing = get_plaatsing_for_user(request.user, pk, write=True)
    naar_de_plaatsing = reverse("plaatsing_detail", args=[pk]) + "#afspraken-en-regelingen"
    if (terug := _geen_aanvragen(request, plaatsing)) is not None:
        return terug
    if (instrument := _regeling_van(request, plaatsing, instrument_pk)) is None:
        return redirect(naar_de_plaatsing)
    aanvraag = Regelingaanvraag.objects.filter(plaatsing=plaatsing, instrument=instrument).first()
    aanvraag_form, besluit_form = _aanvraag_formulieren(instrument, aanvraag, request.POST or None, stap)
    form = aanvraag_form if stap == "aanvraag" else besluit_form
    if form is None:
        messages.info(request, geen_formulier % {"naam": instrument.naam})
        return redirect(naar_de_plaatsing)
    if request.method == "POST" and _verouderd(form, aanvraag):
        form = _intussen_veranderd(instrument, plaatsing, request.POST, stap)
    elif request.method == "POST" and form.is_valid():
        try:
            aanvraag = service(plaatsing=plaatsing, instrument=instrument, door=request.user, **form.cleaned_data)
        except OvergangNietToegestaan:  # a colleague was a moment faster than the check above
            form = _intussen_veranderd(instrument, plaatsing, request.POST, stap)
        except ValidationError as exc:
            fouten_naar_formulier(form, exc)
        else:
            messages.success(request, gelukt(aanvraag) % {"naam": instrument.naam})
            return redirect(naar_de_plaatsing)
    if form is None:  # this form no longer fits what a colleague recorded a moment earlier
        messages.warning(request, _("Deze regeling is intussen veranderd. Bekijk hoe die er nu voor staat."))
        return redirect(naar_de_plaatsing)
    return _regeling_formulier(request, plaatsing, instrument, form, titel=titel, knop=knop)


@rol_vereist(Rol.ACCOUNTMANAGER)
def regeling_aanvragen(request, pk, instrument_pk):
    """Record that a regeling was applied for (or correct it, or apply again after a rejection or withdrawal). The
    small form on the plaatsing page posts here; this page shows it again with what was typed when it is refused."""
    return _regeling_stap(
        request, pk, instrument_pk, stap="aanvraag", service=services.regeling_aanvragen,
        geen_formulier=_("%(naam)s is al toegekend. Is de regeling gestopt? Leg dan vast dat die is ingetrokken."),
        titel=_("%(naam)s: aanvraag vastleggen"), knop=_("Aanvraag vastleggen"),
        gelukt=lambda aanvraag: _("De aanvraag van %(naam)s is vastgelegd."))


def _besluit_gelukt(aanvraag):
    if aanvraag.status == Regelingaanvraag.Status.INGETROKKEN:
        return _("Vastgelegd: de aanvraag van %(naam)s is ingetrokken. Je kunt de regeling nu weghalen met Gegevens "
                 "corrigeren.")
    return _("Het besluit over %(naam)s is vastgelegd. De werkgever krijgt een melding.")


@rol_vereist(Rol.ACCOUNTMANAGER)
def regeling_besluit(request, pk, instrument_pk):
    """The besluit on an aanvraag (toegekend, afgewezen with the reason) or its withdrawal."""
    return _regeling_stap(
        request, pk, instrument_pk, stap="besluit", service=services.regeling_besluit,
        geen_formulier=_("Voor %(naam)s loopt geen aanvraag. Leg eerst de aanvraag vast."),
        titel=_("%(naam)s: besluit vastleggen"), knop=_("Besluit vastleggen"), gelukt=_besluit_gelukt)


@rol_vereist(Rol.ACCOUNTMANAGER)
def plaatsing_akkoord(request, pk):
    """The first akkoord of UWV or the gemeente, or a change of the one recorded: a correction
    (``services.akkoord_is_correctie``), which says why and makes an overeenkomst made with the old one again."""
    plaatsing = get_plaatsing_for_user(request.user, pk, write=True)
    if not plaatsing.is_proef:
        messages.info(request, _("Alleen een proefplaatsing heeft akkoord van de uitkeringsinstantie nodig."))
        return redirect("plaatsing_detail", pk)
    wijzigen = services.akkoord_is_correctie(plaatsing)
    if wijzigen and (waarom := services.waarom_niet_te_corrigeren(plaatsing)):
        messages.error(request, waarom)
        return redirect("plaatsing_detail", pk)
    form = AkkoordForm(request.POST or None, wijzigen=wijzigen, initial={
        "instantie": plaatsing.akkoord_instantie, "op": plaatsing.akkoord_op or timezone.localdate(),
        "stand": services.correctie_stand(plaatsing)})
    if request.method == "POST" and form.is_valid():
        try:
            plaatsing = services.proefplaatsing_akkoord(plaatsing=plaatsing, door=request.user, **form.cleaned_data)
        except OvergangNietToegestaan as exc:
            return intussen_veranderd(request, exc, INTUSSEN_VERANDERD, "plaatsing_detail", pk)
        except ValidationError as exc:
            fouten_naar_formulier(form, exc)
        else:
            if not wijzigen:
                messages.success(request, _("Het akkoord is vastgelegd. De werkgever krijgt een melding. Zet nu de "
                                            "overeenkomst klaar."))
            elif plaatsing.te_ondertekenen:
                messages.success(request, _("Het akkoord is gewijzigd. De werkgever krijgt de nieuwe overeenkomst om "
                                            "te ondertekenen."))
            else:
                messages.success(request, _("Het akkoord is gewijzigd."))
            return redirect("plaatsing_detail", pk)
    if not wijzigen:
        return formulier(request, form, titel=_("Akkoord van de uitkeringsinstantie"), knop=_("Akkoord vastleggen"),
                         terug=reverse("plaatsing_detail", args=[pk]), intro=_(
                             "Een proefplaatsing met behoud van uitkering kan pas na akkoord van UWV of de gemeente."))
    if plaatsing.te_ondertekenen:
        intro = _("De overeenkomst ligt bij de werkgever. Na de wijziging maken we hem opnieuw en krijgt de werkgever "
                  "de nieuwe versie om te ondertekenen.")
    elif plaatsing.overeenkomst_ondertekend:
        intro = _("De werkgever heeft de overeenkomst ondertekend. Het akkoord staat erin: na de wijziging krijgt de "
                  "werkgever de nieuwe versie om opnieuw te ondertekenen. De ondertekende versie blijft bewaard.")
    else:
        intro = _("Verbeter het akkoord, of leg het nieuwe akkoord vast.")
    return formulier(request, form, titel=_("Akkoord van de uitkeringsinstantie wijzigen"), knop=_("Akkoord wijzigen"),
                     terug=reverse("plaatsing_detail", args=[pk]), intro=f"{intro} {_wie_hoort_het(plaatsing)}")


@rol_vereist(Rol.ACCOUNTMANAGER)
@require_POST
def overeenkomst_klaarzetten(request, pk):
    plaatsing = get_plaatsing_for_user(request.user, pk, write=True)
    try:
        services.overeenkomst_klaarzetten(plaatsing=plaatsing, door=request.user)
    except OvergangNietToegestaan as exc:
        return intussen_veranderd(request, exc, INTUSSEN_VERANDERD, "plaatsing_detail", pk)
    except ValidationError as exc:
        # A second press (double click) finds it done: news, not a fault.
        melden = messages.info if getattr(exc, "code", None) == services.AL_KLAARGEZET else messages.error
        melden(request, " ".join(exc.messages))
    else:
        messages.success(request, _("De overeenkomst staat klaar; de werkgever krijgt bericht om te tekenen."))
    return redirect("plaatsing_detail", pk)


@rol_vereist(Rol.WERKGEVER)
def overeenkomst_ondertekenen(request, pk):
    plaatsing = get_plaatsing_for_user(request.user, pk)
    if not plaatsing.te_ondertekenen:
        # Signed already (back in the history, the melding's link, a second tab) or not ready yet: no empty form that
        # asks to sign again, but the plaatsing with what holds.
        if plaatsing.ondertekend_op:
            messages.info(request, _("Deze overeenkomst is al ondertekend door %(naam)s op %(op)s.") % {
                "naam": plaatsing.ondertekend_door_naam, "op": datums.datum_tijd(plaatsing.ondertekend_op)})
        else:
            messages.info(request, _("Er ligt nog geen overeenkomst klaar om te ondertekenen. Uw accountmanager "
                                     "laat het u weten als die klaarstaat."))
        return redirect("plaatsing_detail", pk)
    form = OndertekenForm(request.POST or None, initial={"naam": request.user.get_full_name()},
                          ondertekenaar=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.overeenkomst_ondertekenen(plaatsing=plaatsing, door=request.user, naam=form.cleaned_data["naam"])
        except OvergangNietToegestaan as exc:
            return intussen_veranderd(request, exc, INTUSSEN_VERANDERD, "plaatsing_detail", pk)
        except ValidationError as exc:
            fouten_naar_formulier(form, exc)
        else:
            messages.success(request, _("Dank u! De overeenkomst is ondertekend."))
            return redirect("plaatsing_detail", pk)
    # Each time the page shows the werknemer (again with the typed name when it was refused): one line.
    inzage_vastleggen(gebruiker=request.user, wat=gettext_noop("overeenkomst ondertekenen"), obj=plaatsing,
                      betrokkenen=[plaatsing.kandidaat])
    return formulier(request, form, titel=_("Overeenkomst ondertekenen"), knop=_("Ondertekenen"),
                     terug=reverse("plaatsing_detail", args=[pk]), template="plaatsingen/ondertekenen.html",
                     plaatsing=plaatsing, wijzigingen=selectors.wijzigingen_te_ondertekenen(plaatsing),
                     **_afspraken(plaatsing))


@rol_vereist(Rol.ACCOUNTMANAGER, Rol.KLANTMANAGER, Rol.WERKGEVER, Rol.WERKZOEKENDE)
def overeenkomst_download(request, pk):
    plaatsing = get_plaatsing_for_user(request.user, pk)
    if not plaatsing.overeenkomst:
        raise Http404
    if geremd := bulkrem(request, soort=DOWNLOADS, obj=plaatsing.kandidaat):
        return geremd
    naam = "overeenkomst-ondertekend.pdf" if plaatsing.overeenkomst_ondertekend else "overeenkomst-concept.pdf"
    return download(request, plaatsing.overeenkomst, bestandsnaam=naam, content_type="application/pdf",
                    vastleggen=lambda: inzage_vastleggen(gebruiker=request.user,
                                                         wat=gettext_noop("overeenkomst (download)"),
                                                         obj=plaatsing, betrokkenen=[plaatsing.kandidaat]))


@rol_vereist(Rol.ACCOUNTMANAGER)
def plaatsing_verlengen(request, pk):
    plaatsing = get_plaatsing_for_user(request.user, pk, write=True)
    form = VerlengenForm(request.POST or None, initial={"einddatum": plaatsing.einddatum})
    if request.method == "POST" and form.is_valid():
        van = plaatsing.einddatum
        try:
            plaatsing = services.plaatsing_verlengen(plaatsing=plaatsing, door=request.user, **form.cleaned_data)
        except ValidationError as exc:
            fouten_naar_formulier(form, exc)
        else:
            if van is not None and plaatsing.einddatum < van:
                bericht = _("De plaatsing eindigt eerder, op %(d)s. Het contactmoment aan het einde is "
                            "meeverhuisd.") % {"d": datums.datum(plaatsing.einddatum)}
            else:
                bericht = _("Verlengd. Het contactmoment aan het einde is meeverhuisd.")
            if plaatsing.opnieuw_te_ondertekenen and plaatsing.einddatum != van:
                bericht += " " + _("De einddatum staat in de overeenkomst: de werkgever krijgt de gewijzigde "
                                   "overeenkomst om opnieuw te ondertekenen.")
            messages.success(request, bericht)
            return redirect("plaatsing_detail", pk)
    return formulier(request, form, titel=_("Plaatsing verlengen"), knop=_("Verlengen"),
                     terug=reverse("plaatsing_detail", args=[pk]))


def _wie_hoort_het(plaatsing):
    """Who hears of a correction, as it will happen (``services.werknemer_bereik``): a werknemer without an account
    gets no melding."""
    kandidaat = plaatsing.kandidaat
    if kandidaat.klantmanager_id:
        wie = _("De werkgever en de klantmanager krijgen een melding van wat er veranderde.")
    else:
        wie = _("De werkgever krijgt een melding van wat er veranderde.")
    bereik = services.werknemer_bereik(kandidaat)
    if bereik == services.BEREIK_PORTAAL:
        werknemer = _("De werknemer krijgt ook een melding, in het portaal.")
    elif bereik == services.BEREIK_MAIL:
        werknemer = _("De werknemer heeft geen account en krijgt een e-mail.")
    elif kandidaat.klantmanager_id:
        werknemer = _("De werknemer heeft geen account en krijgt van ons geen e-mail: de klantmanager krijgt de vraag "
                      "het door te geven.")
    else:
        werknemer = _("De werknemer heeft geen account en krijgt van ons geen e-mail: laat het de werknemer zelf "
                      "weten.")
    return f"{wie} {werknemer}"


@rol_vereist(Rol.ACCOUNTMANAGER)
def plaatsing_corrigeren(request, pk):
    plaatsing = get_plaatsing_for_user(request.user, pk, write=True)
    if waarom := services.waarom_niet_te_corrigeren(plaatsing):
        messages.error(request, waarom)
        return redirect("plaatsing_detail", pk)
    form = CorrectieForm(request.POST or None, plaatsing=plaatsing, initial={
        **{veld: getattr(plaatsing, veld) for veld in CORRIGEERBAAR},
        "instrumenten": [i.pk for i in plaatsing.instrumenten.all()], "stand": services.correctie_stand(plaatsing)})
    if request.method == "POST" and form.is_valid():
        velden = dict(form.cleaned_data)
        reden, stand = velden.pop("reden"), velden.pop("stand")
        try:
            correctie = services.plaatsing_corrigeren(plaatsing=plaatsing, door=request.user, reden=reden, stand=stand,
                                                      **velden)
        except OvergangNietToegestaan as exc:
            return intussen_veranderd(request, exc, INTUSSEN_VERANDERD, "plaatsing_detail", pk)
        except ValidationError as exc:
            fouten_naar_formulier(form, exc)
        else:
            if correctie.plaatsing.opnieuw_te_ondertekenen:
                messages.success(request, _("De gegevens zijn gecorrigeerd. De werkgever krijgt de nieuwe overeenkomst "
                                            "om opnieuw te ondertekenen."))
            else:
                messages.success(request, _("De gegevens zijn gecorrigeerd."))
            return redirect("plaatsing_detail", pk)
    if plaatsing.te_ondertekenen:
        intro = _("De overeenkomst ligt bij de werkgever. Na de correctie maken we hem opnieuw en krijgt de werkgever "
                  "de nieuwe versie om te ondertekenen.")
    elif plaatsing.heeft_overeenkomst_nodig and plaatsing.ondertekend_op:
        intro = _("De werkgever heeft de overeenkomst ondertekend. Verander je iets, dan krijgt de werkgever de nieuwe "
                  "overeenkomst om opnieuw te ondertekenen. De plaatsing loopt gewoon door en de ondertekende versie "
                  "blijft bewaard.")
    else:
        intro = _("Verbeter wat verkeerd is ingevuld.")
    intro = f"{intro} {_wie_hoort_het(plaatsing)}"
    # Each time the form shows her plaatsing (again with what was typed when it was refused): one line.
    inzage_vastleggen(gebruiker=request.user, wat=gettext_noop("plaatsing corrigeren"), obj=plaatsing,
                      betrokkenen=[plaatsing.kandidaat])
    return formulier(request, form, titel=_("Gegevens corrigeren: %(k)s bij %(w)s") % {
        "k": plaatsing.kandidaat, "w": plaatsing.werkgever.naam}, knop=_("Correctie opslaan"),
        terug=reverse("plaatsing_detail", args=[pk]), intro=intro)


@rol_vereist(Rol.ACCOUNTMANAGER)
def proefplaatsing_afronden(request, pk):
    plaatsing = get_plaatsing_for_user(request.user, pk, write=True)
    if not plaatsing.is_proef or plaatsing.status != Plaatsing.Status.LOPEND:
        # Decided already (a contract or afscheid; the back button, a second tab): no form to decide again.
        messages.info(request, INTUSSEN_VERANDERD % {"status": plaatsing.status_weergave})
        return redirect("plaatsing_detail", pk)
    form = AfrondenForm(request.POST or None, plaatsing=plaatsing, initial={
        # The first werkdag after the proefplaatsing (a Saturday start was proposed when it ended on a Friday).
        "startdatum": volgende_werkdag(plaatsing.einddatum) if plaatsing.einddatum else None,
        "uren_per_week": plaatsing.uren_per_week,
        "instrumenten": [i.pk for i in services.instrumenten_voor_contract(plaatsing)]})
    if request.method == "POST" and form.is_valid():
        try:
            uitkomst = services.proefplaatsing_afronden(plaatsing=plaatsing, door=request.user, **form.cleaned_data)
        except OvergangNietToegestaan as exc:
            return intussen_veranderd(request, exc, INTUSSEN_VERANDERD, "plaatsing_detail", pk)
        except ValidationError as exc:
            fouten_naar_formulier(form, exc)
        else:
            if uitkomst.pk != plaatsing.pk:
                messages.success(request, _("Gefeliciteerd! Het contract is vastgelegd."))
                return redirect("plaatsing_detail", uitkomst.pk)
            messages.success(request, _("Afscheid vastgelegd. De klantmanager pakt het verder op."))
            return redirect("plaatsing_detail", pk)
    return formulier(request, form, titel=_("Einde proefplaatsing"), knop=_("Besluit vastleggen"),
                     terug=reverse("plaatsing_detail", args=[pk]))


@rol_vereist(Rol.ACCOUNTMANAGER)
def nazorg_afspraak(request, pk):
    plaatsing = get_plaatsing_for_user(request.user, pk, write=True)
    form = AfspraakForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            afspraak_vastleggen(werkgever=plaatsing.werkgever, door=request.user, plaatsing=plaatsing,
                                **form.cleaned_data)
        except ValidationError as exc:
            fouten_naar_formulier(form, exc)
        else:
            messages.success(request, _("De nazorg-afspraak is vastgelegd en per e-mail bevestigd."))
            return redirect("plaatsing_detail", pk)
    return formulier(request, form, titel=_("Nazorg-afspraak met %(w)s") % {"w": plaatsing.werkgever.naam},
                     knop=_("Vastleggen en bevestigen per e-mail"), terug=reverse("plaatsing_detail", args=[pk]))


@rol_vereist(Rol.ACCOUNTMANAGER, Rol.KLANTMANAGER)
def nazorg_uitkomst(request, pk):
    moment = get_nazorgmoment_for_user(request.user, pk)
    # An outcome already recorded can be put right: the form opens with it.
    form = NazorgUitkomstForm(request.POST or None, initial={"uitkomst": moment.uitkomst or None,
                                                            "bijzonderheden": moment.bijzonderheden,
                                                            "interventie": moment.interventie})
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            services.nazorg_uitkomst_vastleggen(moment=moment, door=request.user, uitkomst=c["uitkomst"],
                                                bijzonderheden=c["bijzonderheden"], interventie=c["interventie"],
                                                extra_moment_op=form.extra_moment())
        except ValidationError as exc:
            fouten_naar_formulier(form, exc)
        else:
            messages.success(request, _("De uitkomst is vastgelegd."))
            return redirect("plaatsing_detail", moment.plaatsing_id)
    # Each render names the werknemer (a refused form too): one line each time.
    inzage_vastleggen(gebruiker=request.user, wat=gettext_noop("nazorgmoment"), obj=moment,
                      betrokkenen=[moment.plaatsing.kandidaat])
    return formulier(request, form, titel=_("Nazorg: %(m)s") % {"m": moment.get_soort_display().lower()},
                     knop=_("Uitkomst wijzigen") if moment.uitkomst else _("Uitkomst vastleggen"),
                     terug=reverse("plaatsing_detail", args=[moment.plaatsing_id]),
                     intro=_("%(kandidaat)s bij %(werkgever)s · %(soort)s") % {
                         "kandidaat": moment.plaatsing.kandidaat, "werkgever": moment.plaatsing.werkgever.naam,
                         "soort": moment.plaatsing.get_soort_display()})


@never_cache
def checkin(request, token):
    """No password: the link in the mail opens only this one form, expires, and works once."""
    try:
        gevonden = services.checkin_zoeken(token)
    except services.CheckinOngeldig as exc:
        return render(request, "plaatsingen/checkin_ongeldig.html", {"melding": str(exc)}, status=410)
    form = CheckinForm(request.POST or None, rol=gevonden.rol)
    if request.method == "POST" and form.is_valid():
        try:
            services.checkin_beantwoorden(token=token, **form.cleaned_data)
        except services.CheckinOngeldig as exc:
            return render(request, "plaatsingen/checkin_ongeldig.html", {"melding": str(exc)}, status=410)
        return render(request, "plaatsingen/checkin_bedankt.html", {"checkin": gevonden})
    # Nobody is logged in: the link says who reads it (the werknemer is a werkzoekende: "je"; the werkgever "u").
    return render(request, "plaatsingen/checkin.html",
                  {"form": form, "checkin": gevonden, "je": gevonden.rol != Checkin.Rol.WERKGEVER},
                  status=400 if form.errors else 200)


@rol_vereist(Rol.ACCOUNTMANAGER, Rol.KLANTMANAGER)
def nazorg_overzicht(request):
    """Dashboard: today's and overdue contact moments, proefplaatsingen ending soon, plaatsingen by state."""
    gezien = selectors.overzicht(request, request.user)
    blad, momenten, eindigend = gezien["blad"], gezien["momenten"], gezien["eindigend"]
    getoond = {p.kandidaat for p in [*blad.object_list, *eindigend]} | {m.plaatsing.kandidaat for m in momenten}
    verwerkingen_registreer(gebruiker=request.user, actie=Verwerking.Actie.INZIEN,
                            objecten=sorted(getoond, key=lambda k: k.pk), doel=DOEL_PER_ROL[request.user.rol],
                            wat=gettext_noop("nazorgoverzicht"))
    return render(request, "plaatsingen/overzicht.html", {
        "momenten": momenten, "eindigend": eindigend, "per_status": gezien["per_status"], "blad": blad,
    })


@rol_vereist(Rol.ACCOUNTMANAGER)
def plaatsing_afsluiten(request, pk):
    plaatsing = get_plaatsing_for_user(request.user, pk, write=True)
    form = AfsluitenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.plaatsing_afsluiten(plaatsing=plaatsing, door=request.user, **form.cleaned_data)
        except OvergangNietToegestaan as exc:
            return intussen_veranderd(request, exc, INTUSSEN_VERANDERD, "plaatsing_detail", pk)
        except ValidationError as exc:
            fouten_naar_formulier(form, exc)
        else:
            messages.success(request, _("De plaatsing is afgesloten."))
            return redirect("plaatsing_detail", pk)
    return formulier(request, form, titel=_("Plaatsing afsluiten"), knop=_("Afsluiten"),
                     terug=reverse("plaatsing_detail", args=[pk]),
                     intro=_("De werkervaringsplaats is afgelopen. Wordt ze verlengd? Kies dan 'Verlengen'.")
                     if plaatsing.soort == Plaatsing.Soort.WERKERVARING
                     else _("Het contract is afgelopen. Wordt het verlengd? Kies dan 'Verlengen'."))
