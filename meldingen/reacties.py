"""Reactions to journey events that tell people what changed for them: one Melding per person, with the cause
in ``sleutel`` so a reaction that ran twice gives nobody a second one. Texts name no more than the receiver
needs; for a werkzoekende they are B1 ("je"), for a werkgever "u"."""

import functools
import operator
from datetime import date, datetime

from django.db.models import F, Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import Rol, User
from accounts.selectors import werkgevermensen
from accounts.services import WAARNEMING_GEWIJZIGD, WAARNEMINGEN_BEEINDIGD, WAARNEMINGEN_DOORGEGEVEN
from agenda.models import Afspraak, Deelnemer
from agenda.selectors import plant_opnieuw, wie_kan_niet
from agenda.services import (
    AFSPRAAK_GEANNULEERD,
    AFSPRAAK_GEPLAND,
    AFSPRAAK_GEWIJZIGD,
    DEELNEMER_KAN_NIET,
    DEELNEMER_KAN_TOCH,
)
from bemiddeling.models import Sollicitatiegesprek, Voordracht
from bemiddeling.services import (
    BEGELEIDER_GEKOZEN,
    GESPREK_GEPLAND,
    GESPREK_VERPLAATST,
    VERVALLEN_DOSSIER_GESLOTEN,
    VERVALLEN_ELDERS_GEPLAATST,
    VERVALLEN_VACATURE_GESLOTEN,
    VOORDRACHT_AANGENOMEN,
    VOORDRACHT_AFGEWEZEN,
    VOORDRACHT_GEMAAKT,
    VOORDRACHT_INGETROKKEN,
    VOORDRACHT_UITGENODIGD,
    VOORDRACHT_VERVALLEN,
)
from berichten.models import Bericht
from berichten.selectors import ontvangers
from berichten.services import BERICHT_VERSTUURD
from klantreis.lib import datums
from klantreis.lib.tekst import een_punt
from matching.models import Interesse
from matching.services import INTERESSE_GETOOND
from meldingen.models import Melding
from meldingen.services import (
    kopieen_van_waarneming_verwijderen,
    meldingen_gelezen_over,
    meldingen_maken,
    sleutel_hash,
)
from ondersteuning.models import Aanvraag
from ondersteuning.services import AANVRAAG_BEOORDEELD, AANVRAAG_INGEDIEND, AANVRAAG_VERVALLEN
from outbox.registry import handelende, reageer_op
from plaatsingen.models import IN_WOORDEN_MAX, Checkin, NazorgMoment, Plaatsing, PlaatsingCorrectie, Regelingaanvraag
from plaatsingen.services import (
    AKKOORD_VASTGELEGD,
    BEREIK_DOORGEVEN,
    BEREIK_PORTAAL,
    CHECKIN_LAAG,
    NAZORGMOMENTEN_OPGEPAKT,
    OVEREENKOMST_KLAARGEZET,
    OVEREENKOMST_ONDERTEKEND,
    PLAATSING_AFGESLOTEN,
    PLAATSING_GECORRIGEERD,
    PLAATSING_GESTART,
    PLAATSING_VERLENGD,
    PROEFPLAATSING_GESTOPT,
    REGELING_BESLUIT,
    werknemer_bereik,
)
from sollicitaties.services import PERIODE_BIJNA_OM, PLICHT_GEWIJZIGD, WW_PLICHT_GESTOPT
from werkgevers.models import Vacature, Werkgever
from werkgevers.services import ACCOUNTMANAGER_GEWIJZIGD, VACATURE_GEOPEND, geopend_voor_accountmanager
from werkzoekenden.models import (
    Actie,
    Contactvoorkeur,
    DossierToegang,
    Kandidaat,
    Rechtenverzoek,
    SoortContact,
    Toestemming,
    ToestemmingVerzoek,
)
from werkzoekenden.permissions import mag_dossier
from werkzoekenden.services import (
    ACTIE_AFGEROND,
    ACTIE_GEWIJZIGD,
    ACTIE_NOTITIE,
    ACTIE_TOEGEVOEGD,
    CASELOAD_OVERGEDRAGEN,
    CONTACTVOORKEUR_GEWIJZIGD,
    CV_GEUPLOAD,
    DOCUMENT_GEUPLOAD,
    DOCUMENT_VERLOOPT,
    DOSSIER_AFGESLOTEN,
    DOSSIER_HEROPEND,
    DOSSIER_OVERGEDRAGEN,
    DOSSIERTOEGANG_BEEINDIGD,
    DOSSIERTOEGANG_GEGEVEN,
    EVALUATIE_GEPLAND,
    RECHTENVERZOEK_AFGEHANDELD,
    RECHTENVERZOEK_INGEDIEND,
    SOORT_CONTACT_GEWIJZIGD,
    TOESTEMMING_GEGEVEN,
    TOESTEMMING_GEVRAAGD,
    TOESTEMMING_GEWEIGERD,
    TOESTEMMING_INGETROKKEN,
    TOESTEMMING_VASTGELEGD,
    TOESTEMMING_VERLEEND,
)

Soort = Melding.Soort


def _werkgever_mensen(werkgever):
    return list(werkgevermensen(werkgever.organisatie_id))


def _item(ontvanger, soort, tekst, url, sleutel, mail=True, over=None):
    """``over``: whose matter the melding is, if not the ontvanger's: her waarnemer gets no copy of it."""
    return {"ontvanger": ontvanger, "soort": soort, "tekst": tekst, "url": url, "sleutel": sleutel, "mail": mail,
            "over": over}


def _collega(kandidaat, door_id):
    """Who changed the dossier, if it was neither the werkzoekende nor her vaste klantmanager: a colleague covering
    for the klantmanager (waarnemer), or one she gave access to the dossier. None otherwise (also for the system, and
    for a dossier without a vaste klantmanager: nobody there is "een collega van je contactpersoon")."""
    if door_id is None or not kandidaat.klantmanager_id or door_id in (kandidaat.account_id, kandidaat.klantmanager_id):
        return None
    return User.objects.filter(pk=door_id).first()


@reageer_op(BERICHT_VERSTUURD)
def bericht_ontvangen(gebeurtenis):
    bericht = Bericht.objects.select_related(
        "afzender", "wisseling__kandidaat__klantmanager", "wisseling__kandidaat__account",
        "wisseling__werkgever__accountmanager", "wisseling__accountmanager").get(pk=gebeurtenis.gegevens["bericht_id"])
    wisseling = bericht.wisseling
    url = reverse("wisseling", args=[wisseling.pk])
    items = []
    for ontvanger in ontvangers(wisseling, bericht.afzender):
        if ontvanger.rol == Rol.WERKZOEKENDE:
            tekst = _("Je hebt een nieuw bericht van %(naam)s.") % {"naam": bericht.afzender.get_full_name()}
        elif ontvanger.rol == Rol.WERKGEVER:
            tekst = _("U hebt een nieuw bericht van %(naam)s.") % {"naam": bericht.afzender.get_full_name()}
        else:
            tekst = _("Nieuw bericht van %(naam)s: %(onderwerp)s") % {"naam": bericht.afzender.get_full_name(),
                                                                     "onderwerp": wisseling.onderwerp}
        items.append(_item(ontvanger, Soort.BERICHT, tekst, url, f"bericht:{bericht.pk}:{ontvanger.pk}"))
    meldingen_maken(items)


def _voordracht(pk):
    return Voordracht.objects.select_related("kandidaat__klantmanager", "kandidaat__account",
                                             "vacature__werkgever__accountmanager", "voorgedragen_door",
                                             "geplaatst_via__vacature").get(pk=pk)


def _over_voordracht(voordracht, *, sleutel, werkzoekende, professional, door_id=None):
    """The werkzoekende (their own page), the klantmanager and the accountmanager (the voordracht)."""
    items = []
    kandidaat = voordracht.kandidaat
    if kandidaat.account_id and kandidaat.account_id != door_id and werkzoekende:
        items.append(_item(kandidaat.account_id, Soort.VOORDRACHT, werkzoekende, reverse("mijn_voordrachten"),
                           f"{sleutel}:{kandidaat.account_id}"))
    # The accountmanager who follows the voordracht up (who made it, or the werkgever's own once that account left),
    # the same one the task of the ``taken`` app goes to.
    for staf in {kandidaat.klantmanager, voordracht.opvolgende_accountmanager} - {None}:
        if staf.pk != door_id:
            items.append(_item(staf, Soort.VOORDRACHT, professional,
                               reverse("voordracht_detail", args=[voordracht.pk]), f"{sleutel}:{staf.pk}"))
    meldingen_maken(items)


@reageer_op(VOORDRACHT_GEMAAKT)
def voordracht_gemaakt(gebeurtenis):
    """A kandidaat proposed for his vacature: the werkgever's people see it in the portal at once. The mail about
    it is the day's one mail of ``voordrachten_melden``, so their melding sends none of its own. The werkzoekende
    (with an account) hears she was proposed, by whom, where and for what."""
    voordracht = _voordracht(gebeurtenis.gegevens["voordracht_id"])
    if voordracht.status not in Voordracht.OPEN:
        return
    vacature = voordracht.vacature
    tekst = _("Er is een nieuwe kandidaat voor uw vacature %(v)s. Bekijk het cv en laat weten of u een gesprek "
              "wilt.") % {"v": vacature.titel}
    url = reverse("voordracht_detail", args=[voordracht.pk])
    items = [_item(mens, Soort.VOORDRACHT, tekst, url, f"voorgedragen:{voordracht.pk}:{mens.pk}", mail=False)
             for mens in _werkgever_mensen(vacature.werkgever) if mens.pk != gebeurtenis.door_id]
    # The werkzoekende heard nothing until the werkgever answered: she hears it now (mailed by her preference).
    kandidaat = voordracht.kandidaat
    if kandidaat.account_id and kandidaat.account_id != gebeurtenis.door_id:
        items.append(_item(kandidaat.account_id, Soort.VOORDRACHT,
                           _("%(am)s heeft je voorgesteld bij %(w)s voor %(v)s. Je hoort het als de werkgever "
                             "reageert.") % {"am": voordracht.voorgedragen_door.voornaam
                                             or voordracht.voorgedragen_door.get_full_name(),
                                             "w": vacature.werkgever.naam, "v": vacature.titel},
                           reverse("mijn_voordrachten"), f"voorgedragen:{voordracht.pk}:{kandidaat.account_id}"))
    meldingen_maken(items)


@reageer_op(VOORDRACHT_UITGENODIGD)
def voordracht_uitgenodigd(gebeurtenis):
    voordracht = _voordracht(gebeurtenis.gegevens["voordracht_id"])
    _over_voordracht(
        voordracht, sleutel=f"uitgenodigd:{voordracht.pk}", door_id=gebeurtenis.door_id,
        werkzoekende=_("Goed nieuws: %(w)s wil een gesprek met je over %(v)s.") % {
            "w": voordracht.vacature.werkgever.naam, "v": voordracht.vacature.titel},
        professional=_("%(w)s nodigt %(k)s uit voor een gesprek (%(v)s).") % {
            "w": voordracht.vacature.werkgever.naam, "k": voordracht.kandidaat, "v": voordracht.vacature.titel})


@reageer_op(VOORDRACHT_AFGEWEZEN)
def voordracht_afgewezen(gebeurtenis):
    voordracht = _voordracht(gebeurtenis.gegevens["voordracht_id"])
    _over_voordracht(
        voordracht, sleutel=f"afgewezen:{voordracht.pk}", door_id=gebeurtenis.door_id,
        werkzoekende=een_punt(_("Er is nieuws over je sollicitatie bij %(w)s.")
                              % {"w": voordracht.vacature.werkgever.naam}),
        professional=_("%(w)s heeft %(k)s %(wat)s (%(v)s).") % {
            "w": voordracht.vacature.werkgever.naam, "k": voordracht.kandidaat, "wat": gebeurtenis.gegevens["wat"],
            "v": voordracht.vacature.titel})


@reageer_op(VOORDRACHT_AANGENOMEN)
def voordracht_aangenomen(gebeurtenis):
    """Good news for everyone of the voordracht except who recorded it: the werkzoekende (her own page), her
    klantmanager, and the accountmanager who arranges the plaatsing (a task of ``taken`` too)."""
    voordracht = _voordracht(gebeurtenis.gegevens["voordracht_id"])
    werkgever, kandidaat = voordracht.vacature.werkgever, voordracht.kandidaat
    am = voordracht.opvolgende_accountmanager
    sleutel = f"aangenomen:{voordracht.pk}"
    url = reverse("voordracht_detail", args=[voordracht.pk])
    items = []
    if kandidaat.account_id and kandidaat.account_id != gebeurtenis.door_id:
        items.append(_item(kandidaat.account_id, Soort.VOORDRACHT,
                           _("Goed nieuws: %(w)s wil je aannemen als %(v)s. Gefeliciteerd! Je contactpersoon neemt "
                             "contact met je op over hoe het verder gaat.") % {
                               "w": werkgever.naam, "v": voordracht.vacature.titel},
                           reverse("mijn_voordrachten"), f"{sleutel}:{kandidaat.account_id}"))
    if am is not None and am.pk != gebeurtenis.door_id:
        items.append(_item(am, Soort.VOORDRACHT,
                           _("%(w)s heeft %(k)s aangenomen voor %(v)s. Regel de plaatsing.") % {
                               "w": werkgever.naam, "k": kandidaat, "v": voordracht.vacature.titel},
                           url, f"{sleutel}:{am.pk}"))
    km = kandidaat.klantmanager
    if km is not None and km.pk != gebeurtenis.door_id and km != am:
        items.append(_item(km, Soort.VOORDRACHT,
                           _("%(w)s heeft %(k)s aangenomen voor %(v)s.") % {
                               "w": werkgever.naam, "k": kandidaat, "v": voordracht.vacature.titel},
                           url, f"{sleutel}:{km.pk}"))
    meldingen_maken(items)


@reageer_op(VOORDRACHT_VERVALLEN)
def voordracht_vervallen(gebeurtenis):
    """Consent withdrawn: the klantmanager and the accountmanager. Hired elsewhere: only the accountmanager of
    this voordracht, who looks for another kandidaat (the klantmanager heard of the hire itself). The vacature
    vervuld or closed: the werkzoekende, the klantmanager and the accountmanager, except who closed it."""
    voordracht = _voordracht(gebeurtenis.gegevens["voordracht_id"])
    if gebeurtenis.gegevens.get("reden") == VERVALLEN_ELDERS_GEPLAATST:
        am = voordracht.opvolgende_accountmanager
        via = voordracht.geplaatst_via
        waarden = {"k": voordracht.kandidaat, "v": voordracht.vacature.titel, "w": voordracht.vacature.werkgever.naam}
        if via is not None and via.vacature.werkgever_id == voordracht.vacature.werkgever_id:
            # Hired at this same werkgever, for another vacature: "bij een andere werkgever" would be untrue.
            tekst = _("De voordracht van %(k)s voor %(v)s (%(w)s) is gestopt: %(w)s heeft %(k)s aangenomen als "
                      "%(a)s. Zoek een andere kandidaat.") % {**waarden, "a": via.vacature.titel}
        else:
            tekst = _("De voordracht van %(k)s voor %(v)s (%(w)s) is gestopt: %(k)s is bij een andere werkgever "
                      "aangenomen. Zoek een andere kandidaat.") % waarden
        meldingen_maken([_item(am, Soort.VOORDRACHT, tekst, reverse("voordracht_detail", args=[voordracht.pk]),
                               f"vervallen:{voordracht.pk}:{am.pk}")])
        return
    if gebeurtenis.gegevens.get("reden") == VERVALLEN_VACATURE_GESLOTEN:
        # Everyone but who closed the vacature: the werkzoekende, her klantmanager and the accountmanager.
        waarden = {"k": voordracht.kandidaat, "v": voordracht.vacature.titel, "w": voordracht.vacature.werkgever.naam}
        vervuld = gebeurtenis.gegevens.get("vacature_status") == Vacature.Status.VERVULD
        _over_voordracht(
            voordracht, sleutel=f"vervallen:{voordracht.pk}", door_id=gebeurtenis.gegevens.get("gesloten_door_id"),
            werkzoekende=(_("De vacature %(v)s bij %(w)s is vervuld. Je voordracht is daarom gestopt. Je "
                            "contactpersoon zoekt met je verder.") if vervuld
                          else _("%(w)s heeft de vacature %(v)s gesloten. Je voordracht is daarom gestopt. Je "
                                 "contactpersoon zoekt met je verder.")
                          if gebeurtenis.gegevens.get("door_werkgever")
                          else _("De vacature %(v)s bij %(w)s is gesloten. Je voordracht is daarom gestopt. Je "
                                 "contactpersoon zoekt met je verder.")) % waarden,
            professional=(_("De voordracht van %(k)s voor %(v)s (%(w)s) is gestopt: de vacature is vervuld.")
                          if vervuld
                          else _("De voordracht van %(k)s voor %(v)s (%(w)s) is gestopt: de vacature is gesloten."))
            % waarden)
        return
    if gebeurtenis.gegevens.get("reden") == VERVALLEN_DOSSIER_GESLOTEN:
        # The klantmanager closed the dossier: the accountmanager hears that (not a consent she withdrew); the one
        # who closed it and the werkzoekende (told of the closing) hear nothing more.
        _over_voordracht(
            voordracht, sleutel=f"vervallen:{voordracht.pk}", werkzoekende="",
            door_id=gebeurtenis.gegevens.get("gesloten_door_id"),
            professional=_("De voordracht van %(k)s voor %(v)s (%(w)s) is gestopt: het dossier van %(k)s is "
                           "gesloten.") % {"k": voordracht.kandidaat, "v": voordracht.vacature.titel,
                                           "w": voordracht.vacature.werkgever.naam})
        return
    _over_voordracht(
        voordracht, sleutel=f"vervallen:{voordracht.pk}", werkzoekende="",
        professional=_("De voordracht van %(k)s voor %(v)s is gestopt: de toestemming is ingetrokken.") % {
            "k": voordracht.kandidaat, "v": voordracht.vacature.titel})


@reageer_op(VOORDRACHT_INGETROKKEN)
def voordracht_ingetrokken(gebeurtenis):
    """The werkzoekende and the klantmanager read who withdrew it and why; the werkgever's people that the kandidaat
    is no longer available (no name, no why: that is the kandidaat's business), and what asked them to answer on
    it is read (they can no longer)."""
    voordracht = _voordracht(gebeurtenis.gegevens["voordracht_id"])
    if voordracht.status != Voordracht.Status.INGETROKKEN:
        return
    stap = voordracht.transities.filter(naar=Voordracht.Status.INGETROKKEN).select_related("door").order_by(
        "-pk").first()
    wie = stap.door if stap.door_id else voordracht.opvolgende_accountmanager
    waarden = {"am": wie.get_full_name(), "k": voordracht.kandidaat, "v": voordracht.vacature.titel,
               "w": voordracht.vacature.werkgever.naam, "waarom": stap.toelichting}
    _over_voordracht(
        voordracht, sleutel=f"ingetrokken:{voordracht.pk}", door_id=gebeurtenis.door_id,
        werkzoekende=_("%(am)s heeft je voordracht bij %(w)s voor %(v)s ingetrokken: %(waarom)s") % waarden,
        professional=_("%(am)s heeft de voordracht van %(k)s voor %(v)s (%(w)s) ingetrokken: %(waarom)s") % waarden)
    url = reverse("voordracht_detail", args=[voordracht.pk])
    mensen = [m for m in _werkgever_mensen(voordracht.vacature.werkgever) if m.pk != gebeurtenis.door_id]
    meldingen_gelezen_over(ontvangers=mensen, url=url)
    # The neutral mail went from the service (if he could know the kandidaat): the melding sends none of its own.
    meldingen_maken([_item(mens, Soort.VOORDRACHT,
                           _("De voordracht voor %(v)s is ingetrokken: de kandidaat is niet meer beschikbaar voor "
                             "deze vacature. U hoeft niets te doen.") % waarden,
                           url, f"ingetrokken:{voordracht.pk}:{mens.pk}", mail=False) for mens in mensen])


@reageer_op(GESPREK_GEPLAND)
@reageer_op(GESPREK_VERPLAATST)
def gesprek_gepland(gebeurtenis):
    """Everyone at the table hears when it is (or that it moved), except who planned it."""
    gesprek = Sollicitatiegesprek.objects.select_related(
        "voordracht__kandidaat__klantmanager", "voordracht__vacature__werkgever",
        "voordracht__voorgedragen_door").get(pk=gebeurtenis.gegevens["gesprek_id"])
    voordracht = gesprek.voordracht
    wanneer = datums.kort(gesprek.begint_op, "l j F H:i")
    verplaatst = gebeurtenis.gegevens.get("verplaatst")
    sleutel = f"gesprek:{gesprek.pk}:{gebeurtenis.gegevens.get('volgnummer', gebeurtenis.pk)}"
    werkgever = voordracht.vacature.werkgever
    items = []
    kandidaat = voordracht.kandidaat
    if kandidaat.account_id and kandidaat.account_id != gebeurtenis.door_id:
        tekst = (_("Je gesprek bij %(w)s is verplaatst naar %(t)s.") if verplaatst
                 else _("Je hebt een gesprek bij %(w)s op %(t)s.")) % {"w": werkgever.naam, "t": wanneer}
        items.append(_item(kandidaat.account_id, Soort.GESPREK, tekst, reverse("mijn_voordrachten"),
                           f"{sleutel}:{kandidaat.account_id}"))
    url = reverse("voordracht_detail", args=[voordracht.pk])
    for mens in _werkgever_mensen(werkgever):
        tekst = (_("Het gesprek over %(v)s is verplaatst naar %(t)s.") if verplaatst
                 else _("Het gesprek over %(v)s is gepland op %(t)s.")) % {"v": voordracht.vacature.titel, "t": wanneer}
        items.append(_item(mens, Soort.GESPREK, tekst, url, f"{sleutel}:{mens.pk}"))
    for staf in {kandidaat.klantmanager, voordracht.voorgedragen_door} - {None}:
        tekst = (_("Gesprek van %(k)s bij %(w)s verplaatst naar %(t)s.") if verplaatst
                 else _("Gesprek van %(k)s bij %(w)s gepland op %(t)s.")) % {"k": kandidaat, "w": werkgever.naam,
                                                                          "t": wanneer}
        items.append(_item(staf, Soort.GESPREK, tekst, url, f"{sleutel}:{staf.pk}"))
    # Everyone invited already has the agenda mail (with the .ics) of ``gesprek_plannen``: no second mail.
    meldingen_maken([{**i, "mail": False} for i in items
                     if getattr(i["ontvanger"], "pk", i["ontvanger"]) != gebeurtenis.door_id])


@reageer_op(BEGELEIDER_GEKOZEN)
def begeleider_gekozen(gebeurtenis):
    """The klantmanager who would go along hears the werkzoekende's choice: that she need not come, or that she is
    asked to. Either way ``begeleider_kiezen`` mailed her already (the invitation, or its CANCEL for her own
    calendar): no second mail."""
    gesprek = Sollicitatiegesprek.objects.select_related(
        "voordracht__kandidaat__klantmanager", "voordracht__vacature__werkgever").get(
        pk=gebeurtenis.gegevens["gesprek_id"])
    kandidaat = gesprek.voordracht.kandidaat
    if kandidaat.klantmanager is None:
        return
    mee = gebeurtenis.gegevens["mee"]
    tekst = (_("%(k)s wil graag dat je meegaat naar het gesprek bij %(w)s op %(t)s.") if mee
             else _("%(k)s gaat liever alleen naar het gesprek bij %(w)s op %(t)s. Je hoeft niet mee.")) % {
        "k": kandidaat, "w": gesprek.voordracht.vacature.werkgever.naam,
        "t": datums.kort(gesprek.begint_op, "l j F H:i")}
    meldingen_maken([_item(kandidaat.klantmanager, Soort.GESPREK, tekst,
                           reverse("gesprek_voorbereiding", args=[gesprek.pk]),
                           f"begeleider:{gebeurtenis.pk}:{kandidaat.klantmanager_id}", mail=False)])


@reageer_op(TOESTEMMING_INGETROKKEN)
def toestemming_ingetrokken(gebeurtenis):
    """The other side of the dossier hears it: the klantmanager when the werkzoekende withdrew, the
    werkzoekende when the klantmanager recorded it for them; both, by name, when a colleague did."""
    toestemming = Toestemming.objects.select_related("kandidaat__klantmanager", "werkgever__accountmanager").get(
        pk=gebeurtenis.gegevens["toestemming_id"])
    kandidaat = toestemming.kandidaat
    if gebeurtenis.gegevens.get("met_dossiertoegang"):
        return  # it ended with the access it was given for: DOSSIERTOEGANG_BEEINDIGD tells who needs to know
    items = []
    # A colleague with access to the dossier (her waarnemer, or one she gave access) is named as who did it: not the
    # werkzoekende to the klantmanager, not "je contactpersoon" to the werkzoekende.
    collega = _collega(kandidaat, gebeurtenis.door_id)
    if kandidaat.klantmanager_id and kandidaat.klantmanager_id != gebeurtenis.door_id:
        if collega is not None:
            tekst = _("%(wie)s heeft een toestemming van %(k)s ingetrokken: %(wat)s.") % {
                "wie": collega.get_full_name(), "k": kandidaat, "wat": toestemming.wat}
        else:
            tekst = _("%(k)s heeft een toestemming ingetrokken: %(wat)s.") % {"k": kandidaat, "wat": toestemming.wat}
        items.append(_item(kandidaat.klantmanager, Soort.TOESTEMMING, tekst,
                           reverse("toestemmingen", args=[kandidaat.pk]),
                           f"ingetrokken:{toestemming.pk}:{kandidaat.klantmanager_id}"))
    # Ended because the dossier closed: she hears that once, with what it means (``dossier_afgesloten``).
    if (kandidaat.account_id and kandidaat.account_id != gebeurtenis.door_id
            and not gebeurtenis.gegevens.get("bij_afsluiten")):
        if collega is not None:
            tekst = _("%(naam)s, een collega van je contactpersoon, heeft een toestemming voor je ingetrokken: "
                      "%(wat)s. Kijk wat er nog geldt.") % {"naam": collega.get_full_name(), "wat": toestemming.wat}
        else:
            tekst = _("Je contactpersoon heeft een toestemming voor je ingetrokken: %(wat)s. Kijk wat er nog "
                      "geldt.") % {"wat": toestemming.wat}
        items.append(_item(kandidaat.account_id, Soort.TOESTEMMING, tekst,
                           reverse("toestemmingen", args=[kandidaat.pk]),
                           f"ingetrokken:{toestemming.pk}:{kandidaat.account_id}"))
    # The accountmanager who asked for this consent (and got "Je kunt nu voordragen"): that no longer holds. Only to
    # one who still works for this werkgever (its region, ``werkgevers.permissions``), as when it is given back
    # (``toestemming_gegeven``): one moved to another region since cannot open its vacature. When none of them is
    # left, the werkgever's own accountmanager hears it instead: the one who would voordragen her there now.
    werkgever = toestemming.werkgever
    if werkgever is None:  # a consent of another kind: no accountmanager asked for it
        meldingen_maken(items)
        return

    def van_de_regio(am):  # and still here: one who left (deactivated) gets no melding, so is not the one to tell
        return (am is not None and am.is_active and am.rol == Rol.ACCOUNTMANAGER
                and am.regio_id == werkgever.regio_id)

    # Who withdrew it: the werkzoekende herself, or staff (her klantmanager, a colleague) for her, or the system.
    waarden = {"k": kandidaat, "w": werkgever.naam, "v": kandidaat.voornaam}
    staf = collega or (kandidaat.klantmanager if gebeurtenis.door_id and gebeurtenis.door_id
                       == kandidaat.klantmanager_id else None)
    if staf is not None:
        tekst = _("%(wie)s heeft de toestemming van %(k)s voor %(w)s ingetrokken. Je kunt %(v)s daar niet meer "
                  "voordragen.") % {**waarden, "wie": staf.get_full_name()}
    elif gebeurtenis.door_id is None or gebeurtenis.door_id != kandidaat.account_id:
        tekst = _("De toestemming van %(k)s voor %(w)s is ingetrokken. Je kunt %(v)s daar niet meer "
                  "voordragen.") % waarden
    else:
        tekst = _("%(k)s heeft de toestemming voor %(w)s ingetrokken. Je kunt %(v)s daar niet meer voordragen.") % (
            waarden)
    verzoeken = list(ToestemmingVerzoek.objects.filter(toestemming=toestemming).select_related("gevraagd_door")
                     .order_by("-pk"))
    ams = set()
    for verzoek in verzoeken:
        am_id = verzoek.gevraagd_door_id
        if am_id is None or am_id == gebeurtenis.door_id:
            continue
        Melding.objects.filter(sleutel=f"verzoek_verleend:{verzoek.pk}:{am_id}", gelezen_op__isnull=True).update(
            gelezen_op=gebeurtenis.aangemaakt_op)
        if not van_de_regio(verzoek.gevraagd_door) or am_id in ams:
            continue
        ams.add(am_id)
        items.append(_item(am_id, Soort.TOESTEMMING, tekst, reverse("vacature_matches", args=[verzoek.vacature_id]),
                           f"ingetrokken:{toestemming.pk}:{am_id}"))
    vast = werkgever.accountmanager
    if verzoeken and not ams and van_de_regio(vast) and vast.pk != gebeurtenis.door_id:
        items.append(_item(vast, Soort.TOESTEMMING, tekst, reverse("vacature_matches", args=[verzoeken[0].vacature_id]),
                           f"ingetrokken:{toestemming.pk}:{vast.pk}"))
    meldingen_maken(items)


@reageer_op(TOESTEMMING_VASTGELEGD)
def toestemming_vastgelegd(gebeurtenis):
    """A klantmanager wrote down a consent the werkzoekende gave on paper, by phone or in a gesprek: the
    werkzoekende reads what was recorded, for whom, and that they can withdraw it (in the portal and, as they
    chose, by mail)."""
    toestemming = Toestemming.objects.select_related("kandidaat", "werkgever", "verleend_door").get(
        pk=gebeurtenis.gegevens["toestemming_id"])
    kandidaat = toestemming.kandidaat
    if not kandidaat.account_id or kandidaat.account_id == gebeurtenis.door_id:
        return
    if gebeurtenis.gegevens.get("voor_dossiertoegang"):
        return  # recorded to give a colleague access: the melding of that access says it, once
    wie = toestemming.verleend_door.get_full_name() if toestemming.verleend_door else _("Je contactpersoon")
    meldingen_maken([_item(
        kandidaat.account_id, Soort.TOESTEMMING,
        _("%(wie)s heeft vastgelegd dat je toestemming gaf: %(wat)s. Klopt dat niet, of wil je het niet meer? Je "
          "kunt het altijd intrekken.") % {"wie": wie, "wat": toestemming.wat},
        reverse("toestemmingen", args=[kandidaat.pk]), f"vastgelegd:{toestemming.pk}:{kandidaat.account_id}")])


@reageer_op(TOESTEMMING_GEGEVEN)
def toestemming_gegeven(gebeurtenis):
    """The werkzoekende gave a consent herself in the portal, the other side of ``toestemming_ingetrokken``: her
    klantmanager hears what may be shared now. Given back after a withdrawal, the meldingen of that withdrawal are
    read (they hold no more), and the accountmanager who asked for the withdrawn one (and read "Je kunt ... daar niet
    meer voordragen") hears it holds again. A yes to an accountmanager's question is told by
    ``toestemming_beantwoord``, once."""
    toestemming = Toestemming.objects.select_related("kandidaat", "werkgever").filter(
        pk=gebeurtenis.gegevens["toestemming_id"]).first()
    if toestemming is None or not toestemming.actief:
        return  # withdrawn again before this ran: that melding says how it stands
    if ToestemmingVerzoek.objects.filter(toestemming=toestemming).exists():
        return
    kandidaat = toestemming.kandidaat
    eerder = list(Toestemming.objects.filter(
        kandidaat=kandidaat, doel=toestemming.doel, werkgever_id=toestemming.werkgever_id,
        derde_partij=toestemming.derde_partij, ingetrokken_op__isnull=False).values_list("pk", flat=True))
    items = []
    km = kandidaat.klantmanager_id
    if km and km != gebeurtenis.door_id:
        tekst = (_("%(k)s heeft weer toestemming gegeven: %(wat)s.") if eerder
                 else _("%(k)s heeft toestemming gegeven: %(wat)s.")) % {"k": kandidaat, "wat": toestemming.wat}
        items.append(_item(km, Soort.TOESTEMMING, tekst, reverse("toestemmingen", args=[kandidaat.pk]),
                           f"gegeven:{toestemming.pk}:{km}"))
    # For a vacature still open: one filled or closed since is no place to voordragen. Only to an accountmanager who
    # still works for this werkgever (its region, ``werkgevers.permissions``): one moved to another region since cannot
    # voordragen there, and has no business reading about this werkzoekende's consent.
    gevraagd = ToestemmingVerzoek.objects.filter(
        toestemming_id__in=eerder, gevraagd_door__isnull=False, vacature__status=Vacature.Status.OPEN).exclude(
        gevraagd_door_id=gebeurtenis.door_id).select_related("vacature__werkgever__accountmanager").order_by("-pk")
    verzoeken = gevraagd.filter(gevraagd_door__rol=Rol.ACCOUNTMANAGER, gevraagd_door__is_active=True,
                                gevraagd_door__regio_id=F("vacature__werkgever__regio_id"))
    ams = {}
    for verzoek in verzoeken:  # the latest question of each accountmanager
        ams.setdefault(verzoek.gevraagd_door_id, verzoek)
    if not ams and (laatste := gevraagd.first()) is not None:
        # None of them works for this werkgever any more: its own accountmanager heard of the withdrawal instead
        # (``toestemming_ingetrokken``), and hears it holds again.
        vast = laatste.vacature.werkgever.accountmanager
        if (vast is not None and vast.is_active and vast.rol == Rol.ACCOUNTMANAGER and vast.pk != gebeurtenis.door_id
                and vast.regio_id == laatste.vacature.werkgever.regio_id):
            ams[vast.pk] = laatste
    for am_id, verzoek in ams.items():
        items.append(_item(am_id, Soort.TOESTEMMING, een_punt(
            _("%(k)s geeft weer toestemming om te delen met %(w)s. Je kunt %(v)s weer voordragen voor %(t)s.") % {
                "k": kandidaat, "w": toestemming.werkgever.naam, "v": kandidaat.voornaam,
                "t": verzoek.vacature.titel}),
            reverse("vacature_matches", args=[verzoek.vacature_id]), f"gegeven:{toestemming.pk}:{am_id}"))
    ontvangers = [i["ontvanger"] for i in items]
    ingetrokken = [f"ingetrokken:{pk}:{o}" for pk in eerder for o in ontvangers]
    # The copies of those meldingen for the colleague who covered (or covers) for one of them (``meldingen.services``:
    # "waarnemer:<id>:<hash of the key>") hold no more either.
    if ingetrokken:
        kopieen = functools.reduce(operator.or_, (Q(sleutel__endswith=f":{sleutel_hash(s)}") for s in ingetrokken))
        Melding.objects.filter(Q(sleutel__in=ingetrokken) | (Q(sleutel__startswith="waarnemer:") & kopieen),
                               gelezen_op__isnull=True).update(gelezen_op=gebeurtenis.aangemaakt_op)
    meldingen_maken(items)


def _verzoek(pk):
    return ToestemmingVerzoek.objects.select_related("kandidaat__klantmanager", "werkgever", "vacature",
                                                     "gevraagd_door").get(pk=pk)


@reageer_op(TOESTEMMING_GEVRAAGD)
def toestemming_gevraagd(gebeurtenis):
    """The werkzoekende answers on their home page (the service mailed them already: no second mail); the
    klantmanager sees who asks for which werkgever."""
    verzoek = _verzoek(gebeurtenis.gegevens["verzoek_id"])
    kandidaat = verzoek.kandidaat
    sleutel = f"verzoek_gevraagd:{verzoek.pk}"
    items = []
    if kandidaat.account_id and kandidaat.account_id != gebeurtenis.door_id:
        items.append(_item(kandidaat.account_id, Soort.TOESTEMMING,
                           _("Er is een vraag over het delen van je gegevens. Kijk op je startpagina."),
                           reverse("werkzoekende_home"), f"{sleutel}:{kandidaat.account_id}", mail=False))
    if kandidaat.klantmanager_id and kandidaat.klantmanager_id != gebeurtenis.door_id:
        items.append(_item(kandidaat.klantmanager_id, Soort.TOESTEMMING,
                           een_punt(_("%(am)s vraagt %(k)s om toestemming om het profiel te delen met %(w)s.") % {
                               "am": verzoek.gevraagd_door.get_full_name(), "k": kandidaat,
                               "w": verzoek.werkgever.naam}),
                           reverse("dossier", args=[kandidaat.pk]), f"{sleutel}:{kandidaat.klantmanager_id}"))
    meldingen_maken(items)


@reageer_op(TOESTEMMING_VERLEEND)
@reageer_op(TOESTEMMING_GEWEIGERD)
def toestemming_beantwoord(gebeurtenis):
    """The accountmanager who asked (mailed by the service already) and the klantmanager. A no names nobody to
    the accountmanager: without consent the werkgever's side learns nothing about the kandidaat."""
    verzoek = _verzoek(gebeurtenis.gegevens["verzoek_id"])
    kandidaat = verzoek.kandidaat
    ja = gebeurtenis.soort == TOESTEMMING_VERLEEND
    sleutel = f"verzoek_{'verleend' if ja else 'geweigerd'}:{verzoek.pk}"
    items = []
    am = verzoek.gevraagd_door
    if am is not None and am.pk != gebeurtenis.door_id:
        if ja:
            tekst = een_punt(_("%(k)s geeft toestemming om het profiel te delen met %(w)s. Je kunt nu voordragen "
                               "voor %(v)s.") % {"k": kandidaat, "w": verzoek.werkgever.naam,
                                                 "v": verzoek.vacature.titel})
            url = reverse("vacature_matches", args=[verzoek.vacature_id])
        else:
            tekst = _("Een werkzoekende geeft geen toestemming om het profiel te delen met %(w)s (%(v)s).") % {
                "w": verzoek.werkgever.naam, "v": verzoek.vacature.titel}
            url = reverse("vacature_matches", args=[verzoek.vacature_id])
        items.append(_item(am, Soort.TOESTEMMING, tekst, url, f"{sleutel}:{am.pk}", mail=False))
    if kandidaat.klantmanager_id and kandidaat.klantmanager_id != gebeurtenis.door_id:
        tekst = een_punt((_("%(k)s geeft toestemming om het profiel te delen met %(w)s.") if ja
                          else _("%(k)s geeft geen toestemming om het profiel te delen met %(w)s.")) % {
            "k": kandidaat, "w": verzoek.werkgever.naam})
        items.append(_item(kandidaat.klantmanager_id, Soort.TOESTEMMING, tekst,
                           reverse("dossier", args=[kandidaat.pk]), f"{sleutel}:{kandidaat.klantmanager_id}"))
    meldingen_maken(items)


@reageer_op(AFSPRAAK_GEPLAND)
@reageer_op(AFSPRAAK_GEWIJZIGD)
@reageer_op(AFSPRAAK_GEANNULEERD)
def afspraak_veranderd(gebeurtenis):
    """Every participant hears of a new, moved or cancelled afspraak, except who did it. They have the mail
    with the .ics from the agenda already: the melding stays in the portal.

    A sollicitatiegesprek is left out here: its Afspraak mirrors the gesprek, and ``gesprek_gepland`` (on
    bemiddeling's own events, whose ``door`` is who really planned or moved it) tells the same people. So one
    gesprek, one melding per person. ``volgnummer`` (the event's) is in the key: a sign-up or sign-off for a
    groepsbijeenkomst (also ``afspraak_gewijzigd``, no new time) gives the others nothing new. A sign-off tells the
    organiser alone (``_afgemeld_aan_organisator``)."""
    afspraak = Afspraak.objects.filter(pk=gebeurtenis.gegevens["afspraak_id"]).first()
    if afspraak is None or afspraak.gesprek_id:
        return
    if gebeurtenis.gegevens.get("afgemeld_deelnemer_id"):
        _afgemeld_aan_organisator(gebeurtenis, afspraak)
        return  # nothing changed for the others; the agenda mails a freed place itself
    volgnummer = gebeurtenis.gegevens.get("volgnummer", afspraak.volgnummer)
    if volgnummer != afspraak.volgnummer:
        return  # an older event run late: the afspraak changed since, and that change tells everyone
    if gebeurtenis.soort == AFSPRAAK_GEWIJZIGD and volgnummer == 0:
        return  # only who takes part changed; the agenda mails a freed place itself
    wanneer = datums.kort(afspraak.start, "l j F H:i")
    ids = set(gebeurtenis.gegevens.get("gebruiker_ids") or []) - {gebeurtenis.door_id}
    if gebeurtenis.soort == AFSPRAAK_GEWIJZIGD:
        # Who signed up after the move saw the new time already.
        later = set(Deelnemer.objects.filter(afspraak=afspraak, aangemeld_op__gt=afspraak.gewijzigd_op)
                    .values_list("gebruiker_id", "kandidaat__account_id").distinct())
        ids -= {i for paar in later for i in paar if i}
    mensen = User.objects.filter(pk__in=ids).only("pk", "rol")
    url = reverse("afspraak_detail", args=[afspraak.pk])
    items = []
    for mens in mensen:
        je = mens.rol == Rol.WERKZOEKENDE
        if gebeurtenis.soort == AFSPRAAK_GEANNULEERD:
            tekst = (_("Je afspraak %(a)s op %(t)s gaat niet door.") if je
                     else _("De afspraak %(a)s op %(t)s gaat niet door."))
        elif gebeurtenis.soort == AFSPRAAK_GEWIJZIGD:
            tekst = (_("Je afspraak %(a)s is verplaatst naar %(t)s.") if je
                     else _("De afspraak %(a)s is verplaatst naar %(t)s."))
        else:
            tekst = (_("Je hebt een nieuwe afspraak: %(a)s op %(t)s.") if je
                     else _("Nieuwe afspraak: %(a)s op %(t)s."))
        titel = afspraak.titel_voor_werkzoekende if je else afspraak.titel
        items.append(_item(mens, Soort.AGENDA, tekst % {"a": titel, "t": wanneer}, url,
                           f"afspraak:{afspraak.pk}:{afspraak.volgnummer}:{mens.pk}", mail=False))
    meldingen_maken(items)


def _opende_dossier(mens, kandidaat):
    """Whether ``mens`` may open the closed dossier, or could until its closing ended her access (she is told that
    herself, with the reason: ``dossiertoegang_beeindigd``)."""
    return mag_dossier(mens, kandidaat) or (kandidaat.afgesloten_op is not None and DossierToegang.objects.filter(
        kandidaat=kandidaat, klantmanager=mens, einde=DossierToegang.Einde.DOSSIER_GESLOTEN,
        beeindigd_op__gte=kandidaat.afgesloten_op).exists())


def _afgemeld_aan_organisator(gebeurtenis, afspraak):
    """A werkzoekende was signed off an afspraak that goes on (by herself, or by her dossier closing): the organiser,
    staff, hears it, unless the organiser did it. Told only while it is still true (she may have signed up again).
    Why is said only to an organiser who may open the dossier (its klantmanager, or one with access, also one whose
    access this closing ended): to anyone else a closed dossier is none of their business, so they read a neutral
    "afgemeld". Nothing was mailed to the organiser about it: her own choice decides on a mail (as for "kan niet")."""
    deelnemer = Deelnemer.objects.select_related("kandidaat__klantmanager").filter(
        pk=gebeurtenis.gegevens["afgemeld_deelnemer_id"], status=Deelnemer.Status.AFGEMELD).first()
    organisator = User.objects.filter(pk=afspraak.georganiseerd_door_id, is_active=True).first()
    if (deelnemer is None or deelnemer.kandidaat_id is None or afspraak.geannuleerd or organisator is None
            or organisator.rol not in (Rol.ACCOUNTMANAGER, Rol.KLANTMANAGER, Rol.BEHEERDER)
            or organisator.pk in (handelende(), gebeurtenis.door_id)):
        return
    kandidaat = deelnemer.kandidaat
    waarden = {"k": kandidaat, "a": afspraak.titel, "t": datums.kort(afspraak.start, "l j F H:i")}
    over = None
    if gebeurtenis.gegevens.get("dossier_gesloten") and _opende_dossier(organisator, kandidaat):
        tekst = _("%(k)s is afgemeld voor %(a)s op %(t)s: het dossier is gesloten.") % waarden
        # Who covers for an organiser with access of her own (a grant, a colleague's caseload) may not have it: no
        # copy of the reason for him. The waarnemer of the dossier's own klantmanager covers that caseload.
        over = None if kandidaat.klantmanager_id == organisator.pk else organisator.pk
    elif kandidaat.account_id is not None and kandidaat.account_id == gebeurtenis.door_id:
        tekst = _("%(k)s heeft zich afgemeld voor %(a)s op %(t)s.") % waarden
    else:
        tekst = _("%(k)s is afgemeld voor %(a)s op %(t)s.") % waarden
    meldingen_maken([_item(organisator, Soort.AGENDA, tekst, reverse("afspraak_detail", args=[afspraak.pk]),
                           f"afspraak:{afspraak.pk}:afgemeld:{gebeurtenis.pk}:{organisator.pk}", over=over)])


@reageer_op(DEELNEMER_KAN_NIET, DEELNEMER_KAN_TOCH)
def deelnemer_antwoordt(gebeurtenis):
    """Who plans the afspraak hears that an invited werkzoekende (or a werkgever's contactpersoon) cannot come (and
    has a task to propose a new time, see ``agenda.reacties``), or can after all; at a sollicitatiegesprek the
    werkgever's people too. Nothing was mailed about it yet: the receiver's own choice decides on a mail. Told only
    while it is still true (they may have changed their mind before this ran)."""
    deelnemer = Deelnemer.objects.select_related("afspraak__georganiseerd_door", "afspraak__werkgever",
                                                 "kandidaat__klantmanager", "gebruiker").filter(
        pk=gebeurtenis.gegevens["deelnemer_id"]).first()
    if deelnemer is None or deelnemer.afspraak.geannuleerd:
        return
    kan_niet = gebeurtenis.soort == DEELNEMER_KAN_NIET
    if deelnemer.kan_niet != kan_niet:
        return
    afspraak = deelnemer.afspraak
    wanneer, url = datums.kort(afspraak.start, "l j F H:i"), reverse("afspraak_detail", args=[afspraak.pk])
    items = []
    ontvanger = plant_opnieuw(afspraak, deelnemer)
    if ontvanger is not None:
        tekst = (_("%(k)s kan niet op %(t)s (%(a)s). Stel een nieuwe tijd voor.") if kan_niet
                 else _("%(k)s kan toch op %(t)s (%(a)s). De afspraak blijft staan.")) % {
            "k": wie_kan_niet(afspraak, deelnemer), "t": wanneer, "a": afspraak.titel}
        items.append(_item(ontvanger, Soort.AGENDA, tekst, url,
                           f"afspraak:{afspraak.pk}:antwoord:{gebeurtenis.pk}:{ontvanger.pk}"))
    if afspraak.gesprek_id and deelnemer.kandidaat_id:
        # The werkgever's people at a sollicitatiegesprek hear that he cannot come (or can after all), by his first
        # name, and not why: that is between him and the Werkgeversservicepunt.
        tekst = (_("%(k)s kan niet op %(t)s. Uw accountmanager stelt een nieuwe tijd voor.") if kan_niet
                 else _("%(k)s kan toch op %(t)s. Het gesprek gaat door zoals gepland.")) % {
            "k": deelnemer.kandidaat.voornaam, "t": wanneer}
        for mens_id in (afspraak.deelnemers.filter(gebruiker__rol=Rol.WERKGEVER, gebruiker__is_active=True)
                        .exclude(status=Deelnemer.Status.AFGEMELD).values_list("gebruiker_id", flat=True)):
            items.append(_item(mens_id, Soort.AGENDA, tekst, url,
                               f"afspraak:{afspraak.pk}:antwoord:{gebeurtenis.pk}:{mens_id}"))
    meldingen_maken(items)


@reageer_op(DOSSIER_OVERGEDRAGEN)
def nieuwe_contactpersoon(gebeurtenis):
    """Both already have a mail of ``warme_overdracht``; the melding stays in the portal. In a caseload handover the
    receiver hears it once for all her dossiers (``caseload_ontvangen``), the werkzoekende for her own."""
    kandidaat = Kandidaat.objects.select_related("account").get(pk=gebeurtenis.gegevens["kandidaat_id"])
    naar = User.objects.get(pk=gebeurtenis.gegevens["naar_id"])
    items = []
    if not gebeurtenis.gegevens.get("caseloadoverdracht_id"):
        items.append(_item(naar, Soort.CONTACTPERSOON,
                           _("Je bent nu de vaste klantmanager van %(k)s. Lees de overdrachtsnotitie.")
                           % {"k": kandidaat},
                           reverse("dossier", args=[kandidaat.pk]), f"overdracht:{gebeurtenis.pk}:{naar.pk}",
                           mail=False))
    if kandidaat.account_id:
        items.append(_item(kandidaat.account_id, Soort.CONTACTPERSOON,
                           _("Je hebt een nieuwe contactpersoon: %(naam)s. Je plan en je berichten gaan mee.")
                           % {"naam": naar.get_full_name()},
                           reverse("werkzoekende_home"), f"overdracht:{gebeurtenis.pk}:{kandidaat.account_id}",
                           mail=False))
    meldingen_maken(items)


@reageer_op(CASELOAD_OVERGEDRAGEN)
def caseload_ontvangen(gebeurtenis):
    """A caseload handover is done: each receiver one melding for all her dossiers (she had one mail of it too), and
    the beheerder who started it that it is done."""
    g = gebeurtenis.gegevens
    aantallen = {int(pk): aantal for pk, aantal in g["aantallen"].items()}
    mensen = User.objects.in_bulk([*aantallen, g["van_id"]])
    van = mensen.get(g["van_id"])
    if van is None:
        return
    items = [_item(mensen[pk], Soort.CONTACTPERSOON, ngettext(
        "Je bent nu de vaste klantmanager van %(n)s werkzoekende uit de caseload van %(van)s. Lees de "
        "overdrachtsnotitie en maak kennis.",
        "Je bent nu de vaste klantmanager van %(n)s werkzoekenden uit de caseload van %(van)s. Lees de "
        "overdrachtsnotitie en maak kennis.", aantal) % {"n": aantal, "van": van.get_full_name()},
        reverse("klantmanager_home"), f"caseload:{g['caseloadoverdracht_id']}:{pk}", mail=False, over=van.pk)
        for pk, aantal in aantallen.items() if pk in mensen]
    if gebeurtenis.door_id:
        totaal = sum(aantallen.values())
        tekst = ngettext(
            "De caseload van %(van)s is overgedragen: %(n)s dossier.",
            "De caseload van %(van)s is overgedragen: %(n)s dossiers.", totaal) % {"n": totaal,
                                                                                   "van": van.get_full_name()}
        if mislukt := g.get("mislukt", 0):
            tekst += " " + ngettext(
                "%(n)s dossier kon niet worden overgedragen door een fout: bekijk het op de pagina van de overdracht.",
                "%(n)s dossiers konden niet worden overgedragen door een fout: bekijk ze op de pagina van de "
                "overdracht.", mislukt) % {"n": mislukt}
        items.append(_item(gebeurtenis.door_id, Soort.CONTACTPERSOON, tekst,
            reverse("caseloadoverdracht", args=[g["caseloadoverdracht_id"]]),
            f"caseload:{g['caseloadoverdracht_id']}:{gebeurtenis.door_id}"))
    meldingen_maken(items)


@reageer_op(DOSSIERTOEGANG_GEGEVEN)
def dossiertoegang_gegeven(gebeurtenis):
    """The colleague finds the dossier from the melding (and a mail, as she chose; it names the werkzoekende, a staff
    mail may) and on "Dossiers van collega's"; the werkzoekende reads who can see her dossier, and where to read
    why (no reason in the melding: a mail of it would carry it out of the portal)."""
    toegang = DossierToegang.objects.select_related("kandidaat", "klantmanager__organisatie", "gegeven_door").get(
        pk=gebeurtenis.gegevens["dossiertoegang_id"])
    kandidaat, collega = toegang.kandidaat, toegang.klantmanager
    tot = formats.date_format(toegang.tot, "j F Y")
    wie = toegang.gegeven_door.get_full_name() if toegang.gegeven_door else _("Een collega")
    items = [_item(collega, Soort.WAARNEMING,
                   _("%(wie)s geeft je tot en met %(tot)s toegang tot het dossier van %(k)s. Waarom: %(reden)s")
                   % {"wie": wie, "tot": tot, "k": kandidaat, "reden": toegang.reden},
                   reverse("dossier", args=[kandidaat.pk]), f"toegang:{gebeurtenis.pk}:{collega.pk}")]
    if kandidaat.account_id:
        naam = collega.get_full_name() + (f" ({collega.organisatie})" if collega.organisatie_id else "")
        # A consent recorded by this very call has no melding of its own (toestemming_vastgelegd): say it here, and
        # mail it as she chose. One that was already there (an extension, a consent recorded before) was told then.
        nieuw = bool(gebeurtenis.gegevens.get("toestemming_nieuw")) and bool(toegang.toestemming_id)
        if nieuw:
            tekst = _("%(naam)s kan tot en met %(tot)s ook je dossier zien. %(wie)s heeft vastgelegd dat je daar "
                      "toestemming voor gaf. Bij Mijn gegevens lees je waarom, en kun je je toestemming intrekken."
                      ) % {"naam": naam, "tot": tot, "wie": wie}
        else:
            tekst = _("%(naam)s kan tot en met %(tot)s ook je dossier zien. Bij Mijn gegevens lees je waarom.") % {
                "naam": naam, "tot": tot}
        items.append(_item(kandidaat.account_id, Soort.CONTACTPERSOON, tekst,
                           reverse("mijn_gegevens"), f"toegang:{gebeurtenis.pk}:{kandidaat.account_id}",
                           mail=nieuw))
    meldingen_maken(items)


@reageer_op(DOSSIERTOEGANG_BEEINDIGD)
def dossiertoegang_beeindigd(gebeurtenis):
    """The colleague hears the dossier no longer opens for her; the werkzoekende that this person no longer sees it
    (not when she ended it herself by withdrawing her consent, nor when the dossier closed: she hears that once)."""
    toegang = DossierToegang.objects.select_related("kandidaat", "klantmanager").get(
        pk=gebeurtenis.gegevens["dossiertoegang_id"])
    kandidaat, collega = toegang.kandidaat, toegang.klantmanager
    if toegang.einde == DossierToegang.Einde.NU_VASTE_KLANTMANAGER:
        # The dossier was handed over to her: she did not lose it, and the werkzoekende hears of her new
        # contactpersoon (``nieuwe_contactpersoon``), not that this person no longer sees it.
        return
    if toegang.einde == DossierToegang.Einde.COLLEGA_VERTROKKEN:
        # She left, or works in another organisation or role now: no melding to her (her new place has no business
        # with the werkzoekende's name). The werkzoekende hears why, in her words.
        if kandidaat.account_id:
            meldingen_maken([_item(
                kandidaat.account_id, Soort.CONTACTPERSOON,
                _("%(naam)s kan je dossier niet meer zien: %(naam)s doet nu ander werk of werkt ergens anders.")
                % {"naam": collega.get_full_name()},
                reverse("mijn_gegevens"), f"toegang_einde:{toegang.pk}:{kandidaat.account_id}", mail=False)])
        return
    waarom = {
        DossierToegang.Einde.VERLOPEN: _("de einddatum is voorbij"),
        DossierToegang.Einde.TOESTEMMING_INGETROKKEN: _("de werkzoekende heeft de toestemming ingetrokken"),
        DossierToegang.Einde.DOSSIER_GESLOTEN: _("het dossier is gesloten"),
        DossierToegang.Einde.OVERGEDRAGEN: _("het dossier is overgedragen"),
    }.get(toegang.einde, _("je collega heeft de toegang beëindigd"))
    items = []
    if collega.pk != gebeurtenis.door_id:
        items.append(_item(collega, Soort.WAARNEMING,
                           _("Je kunt het dossier van %(k)s niet meer openen: %(waarom)s.") % {"k": kandidaat,
                                                                                             "waarom": waarom},
                           reverse("gedeelde_dossiers"), f"toegang_einde:{toegang.pk}:{collega.pk}", mail=False))
    if (kandidaat.account_id and kandidaat.account_id != gebeurtenis.door_id
            and toegang.einde != DossierToegang.Einde.DOSSIER_GESLOTEN):
        items.append(_item(kandidaat.account_id, Soort.CONTACTPERSOON,
                           _("%(naam)s kan je dossier niet meer zien.") % {"naam": collega.get_full_name()},
                           reverse("mijn_gegevens"), f"toegang_einde:{toegang.pk}:{kandidaat.account_id}",
                           mail=False))
    meldingen_maken(items)


@reageer_op(WAARNEMING_GEWIJZIGD)
def waarneming_gewijzigd(gebeurtenis):
    """The colleague who covers a caseload from now on hears it, and the one who covered until now; the copies of the
    meldingen she got for it go (``kopieen_van_waarneming_verwijderen``)."""
    g = gebeurtenis.gegevens
    if g["van_id"] != g["naar_id"]:
        kopieen_van_waarneming_verwijderen(paren=[(g["van_id"], g["gebruiker_id"])])
    mensen = User.objects.in_bulk([pk for pk in (g["gebruiker_id"], g["van_id"], g["naar_id"], g.get("via_id"))
                                   if pk])
    wie = mensen.get(g["gebruiker_id"])
    if wie is None:
        return
    am = wie.rol == Rol.ACCOUNTMANAGER
    url = reverse("taken" if am else "klantmanager_home")
    if g.get("via_id") in mensen:
        meldingen_maken(_waarneming_doorgegeven(gebeurtenis, mensen, wie, am, url))
        return
    if am:
        begint = _("Je neemt nu waar voor %(naam)s: de taken en meldingen van %(naam)s en de berichten van die "
                   "werkgevers komen ook bij jou.")
        stopt = _("Je neemt niet meer waar voor %(naam)s.")
    else:
        begint = _("Je neemt nu de caseload van %(naam)s waar. Je vindt die op je caseloadpagina.")
        stopt = _("Je neemt de caseload van %(naam)s niet meer waar.")
    items = []
    if g["naar_id"] in mensen:
        items.append(_item(mensen[g["naar_id"]], Soort.WAARNEMING, begint % {"naam": wie.get_full_name()}, url,
                           f"waarneming:{gebeurtenis.pk}:{g['naar_id']}"))
    if g["van_id"] in mensen:
        items.append(_item(mensen[g["van_id"]], Soort.WAARNEMING, _kopieen_weg(stopt, wie), url,
                           f"waarneming:{gebeurtenis.pk}:{g['van_id']}"))
    vanwege = g.get("vanwege_id")
    if vanwege is not None and g["van_id"] in mensen:
        # Ended because one of them left or changed, not by her own choice: she hears it too (nothing when she is the
        # one who left: inactive people get no meldingen). Never where the colleague works now.
        items.append(_beeindigd_vanwege(gebeurtenis.pk, wie, mensen[g["van_id"]], vanwege, am))
    elif vanwege is None and gebeurtenis.door_id not in (None, wie.pk):
        # A beheerder chose for her (she was ill, and could not): she hears who covers for her now.
        if g["naar_id"] in mensen:
            tekst = (_("De beheerder heeft %(naam)s gekozen om voor je waar te nemen.") if am else
                     _("De beheerder heeft %(naam)s gekozen om je caseload waar te nemen."))
            tekst %= {"naam": mensen[g["naar_id"]].get_full_name()}
        else:
            tekst = _("De beheerder heeft je waarneming beëindigd: niemand neemt nu voor je waar.")
        items.append(_item(wie, Soort.WAARNEMING, tekst, reverse("waarneming"),
                           f"waarneming:{gebeurtenis.pk}:{wie.pk}"))
    meldingen_maken(items)


def _kopieen_weg(stopt, wie=None):
    """``stopt`` (she no longer covers for ``wie``, or for several colleagues: None) and that the copies of their
    meldingen are gone from her list (``kopieen_van_waarneming_verwijderen``, in the same reaction): else she looks
    for them in vain."""
    if wie is None:
        return stopt + " " + _("De meldingen die je voor hen kreeg, staan niet meer in je lijst.")
    naam = {"naam": wie.get_full_name()}
    return stopt % naam + " " + _("De meldingen die je voor %(naam)s kreeg, staan niet meer in je lijst.") % naam


def _beeindigd_vanwege(gebeurtenis_pk, wie, van, vanwege_id, am):
    """To ``wie``: ``van`` no longer covers for her, because one of them (``vanwege_id``) left or changed role or
    organisation. Never where the colleague works now."""
    if vanwege_id == van.pk:
        tekst = (_("%(naam)s neemt niet meer voor je waar: %(voornaam)s is vertrokken of heeft een andere rol of "
                   "organisatie. Kies zo nodig een andere collega.") if am else
                 _("%(naam)s neemt je caseload niet meer waar: %(voornaam)s is vertrokken of heeft een andere "
                   "rol of organisatie. Kies zo nodig een andere collega."))
    else:
        tekst = (_("%(naam)s neemt niet meer voor je waar, nu je rol of organisatie is gewijzigd.") if am else
                 _("%(naam)s neemt je caseload niet meer waar, nu je rol of organisatie is gewijzigd."))
    kiezen = reverse("waarneming") if wie.rol in (Rol.KLANTMANAGER, Rol.ACCOUNTMANAGER) else ""
    tekst = tekst % {"naam": van.get_full_name(), "voornaam": van.get_short_name()}
    return _item(wie, Soort.WAARNEMING, tekst, kiezen, f"waarneming:{gebeurtenis_pk}:{wie.pk}")


@reageer_op(WAARNEMINGEN_BEEINDIGD)
def waarnemingen_beeindigd(gebeurtenis):
    """The waarnemingen of colleagues that ended because she left or her role or organisation changed, in one event
    however many (a team lead who covered for her whole team). Each colleague hears it, as when it is one: she has
    to choose another. The one who covered them (she, when she moved and is still here) hears it once for all of
    them, with how many, instead of once per colleague; a switched-off account hears nothing. A bounded number of
    queries: the people in one, the meldingen in a few (``meldingen_maken``). The copies of their meldingen that the
    one who covered got go (``kopieen_van_waarneming_verwijderen``)."""
    g = gebeurtenis.gegevens
    kopieen_van_waarneming_verwijderen(paren=[(van_id, pk) for pk, van_id in g["collegas"]])
    vanwege_id = g["gebruiker_id"]
    mensen = User.objects.in_bulk({pk for rij in g["collegas"] for pk in rij if pk})
    rijen = [(mensen[pk], mensen[van_id]) for pk, van_id in g["collegas"] if pk in mensen and van_id in mensen]
    per_van = {}
    for _wie, van in rijen:
        per_van[van.pk] = per_van.get(van.pk, 0) + 1
    items = []
    for wie, van in rijen:
        am = wie.rol == Rol.ACCOUNTMANAGER
        if per_van[van.pk] == 1:
            stopt = (_("Je neemt niet meer waar voor %(naam)s.") if am else
                     _("Je neemt de caseload van %(naam)s niet meer waar."))
            items.append(_item(van, Soort.WAARNEMING, _kopieen_weg(stopt, wie),
                               reverse("taken" if am else "klantmanager_home"),
                               f"waarneming:{gebeurtenis.pk}:{van.pk}"))
        items.append(_beeindigd_vanwege(gebeurtenis.pk, wie, van, vanwege_id, am))
    for van_pk, aantal in per_van.items():
        if aantal > 1:
            van = mensen[van_pk]
            if van_pk == vanwege_id:  # she moved (switched off, she hears nothing)
                tekst = ngettext("Je neemt niet meer waar voor %(aantal)d collega, nu je rol of organisatie is "
                                 "gewijzigd.", "Je neemt niet meer waar voor %(aantal)d collega's, nu je rol of "
                                 "organisatie is gewijzigd.", aantal)
            else:
                tekst = ngettext("Je neemt niet meer waar voor %(aantal)d collega.",
                                 "Je neemt niet meer waar voor %(aantal)d collega's.", aantal)
            kiezen = reverse("waarneming") if van.rol in (Rol.KLANTMANAGER, Rol.ACCOUNTMANAGER) else ""
            items.append(_item(van, Soort.WAARNEMING, _kopieen_weg(tekst % {"aantal": aantal}), kiezen,
                               f"waarneming:{gebeurtenis.pk}:{van_pk}"))
    meldingen_maken(items)


def _waarneming_doorgegeven(gebeurtenis, mensen, wie, am, url):
    """One waarneming that went along (an event of one colleague, written before ``WAARNEMINGEN_DOORGEGEVEN``)."""
    g = gebeurtenis.gegevens
    return [item for _wie, item in _doorgegeven(gebeurtenis.pk, wie, mensen[g["via_id"]], mensen.get(g["van_id"]),
                                                 mensen.get(g["naar_id"]), am, url)]


def _doorgegeven(gebeurtenis_pk, wie, via, van, naar, am, url):
    """A waarneming that went along with that of the colleague ``wie`` had chosen (``via``): she went away and passed
    it on (to her waarnemer), chose another waarnemer, or came back and has it again. All three hear why: ``wie``,
    the colleague who covered until now (``van``) and the one who covers from now (``naar``). Yields ("naar", "van"
    or "wie", the item)."""
    terug = naar is not None and naar.pk == via.pk
    namen = {"naam": wie.get_full_name(), "collega": via.get_full_name(),
             "nieuw": naar.get_full_name() if naar is not None else ""}
    if naar is not None:
        if terug:
            tekst = (_("Je neemt weer waar voor %(naam)s, nu je terug bent.") if am else
                     _("Je neemt de caseload van %(naam)s weer waar, nu je terug bent."))
        else:
            tekst = (_("Je neemt nu ook waar voor %(naam)s: %(collega)s nam voor %(naam)s waar en is nu zelf afwezig. "
                       "De taken en meldingen van %(naam)s en de berichten van die werkgevers komen ook bij jou.")
                     if am else
                     _("Je neemt nu ook de caseload van %(naam)s waar: %(collega)s nam die waar en is nu zelf "
                       "afwezig. Je vindt die op je caseloadpagina."))
        yield "naar", _item(naar, Soort.WAARNEMING, tekst % namen, url, f"waarneming:{gebeurtenis_pk}:{naar.pk}")
    if van is not None:
        if van.pk == via.pk:
            tekst = (_("Je neemt niet meer waar voor %(naam)s: zolang je afwezig bent, neemt %(nieuw)s voor "
                       "%(naam)s waar.") if am else
                     _("Je neemt de caseload van %(naam)s niet meer waar: zolang je afwezig bent, neemt %(nieuw)s "
                       "die waar."))
        elif terug:
            tekst = (_("Je neemt niet meer waar voor %(naam)s: %(collega)s is terug en neemt weer voor %(naam)s "
                       "waar.") if am else
                     _("Je neemt de caseload van %(naam)s niet meer waar: %(collega)s is terug en neemt die weer "
                       "waar."))
        else:
            tekst = (_("Je neemt niet meer waar voor %(naam)s: %(nieuw)s neemt nu voor %(naam)s waar, zolang "
                       "%(collega)s afwezig is.") if am else
                     _("Je neemt de caseload van %(naam)s niet meer waar: %(nieuw)s neemt die nu waar, zolang "
                       "%(collega)s afwezig is."))
        tekst = tekst % namen + " " + _("De meldingen die je voor %(naam)s kreeg, staan niet meer in je lijst.") % namen
        yield "van", _item(van, Soort.WAARNEMING, tekst, url, f"waarneming:{gebeurtenis_pk}:{van.pk}")
    if naar is not None:
        if terug:
            tekst = (_("%(collega)s is terug en neemt weer voor je waar.") if am else
                     _("%(collega)s is terug en neemt je caseload weer waar."))
        else:
            tekst = (_("%(collega)s is afwezig; %(nieuw)s neemt nu voor je waar. Als %(collega)s terug is, neemt "
                       "%(collega)s weer voor je waar.") if am else
                     _("%(collega)s is afwezig; %(nieuw)s neemt je caseload nu waar. Als %(collega)s terug is, "
                       "neemt %(collega)s die weer waar."))
        yield "wie", _item(wie, Soort.WAARNEMING, tekst % namen, reverse("waarneming"),
                           f"waarneming:{gebeurtenis_pk}:{wie.pk}")


@reageer_op(WAARNEMINGEN_DOORGEGEVEN)
def waarnemingen_doorgegeven(gebeurtenis):
    """The waarnemingen that went along with a colleague's, in one event however many (a team lead who goes away and
    covered for 500). Each colleague hears who covers now, as when it is one. The colleague who covers them from now
    and the one who covered until now hear it once for all of them, with how many and a link to the waarneming page
    that names them, instead of once per colleague. A bounded number of queries: the people in one, the meldingen in
    a few (``meldingen_maken``). The one who covered until now no longer opens their caseloads: the copies of their
    meldingen she got go (``kopieen_van_waarneming_verwijderen``)."""
    g = gebeurtenis.gegevens
    kopieen_van_waarneming_verwijderen(paren=[(van_id, pk) for pk, van_id, _via in g["collegas"]
                                              if van_id != g["naar_id"]])
    mensen = User.objects.in_bulk({g["gebruiker_id"], g["naar_id"], *(pk for rij in g["collegas"] for pk in rij if pk)})
    collega, naar = mensen.get(g["gebruiker_id"]), mensen.get(g["naar_id"])
    rijen = [(mensen[pk], mensen.get(van_id), mensen[via_id]) for pk, van_id, via_id in g["collegas"]
             if pk in mensen and via_id in mensen]
    if collega is None or not rijen:
        return
    samen_naar = naar is not None and len(rijen) > 1
    per_van = {}
    for _wie, van, _via in rijen:
        if van is not None:
            per_van[van.pk] = per_van.get(van.pk, 0) + 1
    items = []
    for wie, van, via in rijen:
        am = wie.rol == Rol.ACCOUNTMANAGER
        for aan, item in _doorgegeven(gebeurtenis.pk, wie, via, van, naar, am, reverse("taken" if am else
                                                                                     "klantmanager_home")):
            if not ((aan == "naar" and samen_naar) or (aan == "van" and per_van[van.pk] > 1)):
                items.append(item)
    terug = naar is not None and naar.pk == collega.pk
    namen = {"collega": collega.get_full_name(), "nieuw": naar.get_full_name() if naar is not None else ""}
    if samen_naar:
        aantal = len(rijen)
        if terug:
            tekst = ngettext("Je neemt weer waar voor %(aantal)d collega, nu je terug bent. Op de pagina Waarneming "
                             "zie je voor wie.", "Je neemt weer waar voor %(aantal)d collega's, nu je terug bent. Op "
                             "de pagina Waarneming zie je voor wie.", aantal)
        elif naar.rol == Rol.ACCOUNTMANAGER:
            tekst = ngettext("Je neemt nu ook waar voor %(aantal)d collega van %(collega)s: %(collega)s nam voor die "
                             "collega waar en is nu zelf afwezig. Op de pagina Waarneming zie je voor wie.",
                             "Je neemt nu ook waar voor %(aantal)d collega's van %(collega)s: %(collega)s nam voor "
                             "hen waar en is nu zelf afwezig. Op de pagina Waarneming zie je voor wie.", aantal)
        else:
            tekst = ngettext("Je neemt nu ook waar voor %(aantal)d collega van %(collega)s: %(collega)s nam die "
                             "caseload waar en is nu zelf afwezig. Op de pagina Waarneming zie je voor wie.",
                             "Je neemt nu ook waar voor %(aantal)d collega's van %(collega)s: %(collega)s nam hun "
                             "caseloads waar en is nu zelf afwezig. Op de pagina Waarneming zie je voor wie.", aantal)
        items.append(_item(naar, Soort.WAARNEMING, tekst % {"aantal": aantal, **namen}, reverse("waarneming"),
                           f"waarneming:{gebeurtenis.pk}:{naar.pk}"))
    for van_pk, aantal in per_van.items():
        if aantal < 2:
            continue
        if van_pk == collega.pk:
            tekst = ngettext("Je neemt niet meer waar voor %(aantal)d collega: zolang je afwezig bent, neemt "
                             "%(nieuw)s die waarneming over.", "Je neemt niet meer waar voor %(aantal)d collega's: "
                             "zolang je afwezig bent, neemt %(nieuw)s voor hen waar.", aantal)
        elif terug:
            tekst = ngettext("Je neemt niet meer waar voor %(aantal)d collega: %(collega)s is terug en neemt die "
                             "waarneming weer over.", "Je neemt niet meer waar voor %(aantal)d collega's: "
                             "%(collega)s is terug en neemt weer voor hen waar.", aantal)
        else:
            tekst = ngettext("Je neemt niet meer waar voor %(aantal)d collega: %(nieuw)s neemt die waarneming over, "
                             "zolang %(collega)s afwezig is.", "Je neemt niet meer waar voor %(aantal)d collega's: "
                             "%(nieuw)s neemt nu voor hen waar, zolang %(collega)s afwezig is.", aantal)
        items.append(_item(mensen[van_pk], Soort.WAARNEMING, _kopieen_weg(tekst % {"aantal": aantal, **namen}),
                           reverse("waarneming"), f"waarneming:{gebeurtenis.pk}:{van_pk}"))
    meldingen_maken(items)


@reageer_op(ACTIE_GEWIJZIGD)
def plan_gewijzigd(gebeurtenis):
    """The plan is shared: when one side changes it, the other side hears it. A colleague who changed it (her
    waarnemer, or one she gave access) is not her: the vaste klantmanager hears it too, by name, so that when she is
    back she knows what changed in her plan (her waarnemer gets no copy of a melding about her own act)."""
    actie = Actie.objects.select_related("plan__kandidaat__klantmanager").filter(
        pk=gebeurtenis.gegevens["actie_id"]).first()
    if actie is None or gebeurtenis.door_id is None:
        return
    if Aanvraag.objects.filter(actie_id=actie.pk).exists():
        return  # an approved request for ondersteuning: ondersteuning_beoordeeld tells it (one melding, not two)
    kandidaat = actie.plan.kandidaat
    # What was done, so that adding an actie and ticking it off are two different lines, on either side.
    wat = gebeurtenis.gegevens.get("wat")
    items = []
    if gebeurtenis.door_id == kandidaat.account_id:
        if not kandidaat.klantmanager_id:
            return
        if wat == ACTIE_TOEGEVOEGD:
            sjabloon = _("%(k)s heeft een actie toegevoegd: %(a)s")
        elif wat == ACTIE_AFGEROND:
            sjabloon = _("%(k)s heeft een actie afgerond: %(a)s")
        elif wat == ACTIE_NOTITIE:  # often a question: she reads it on the plan
            sjabloon = _("%(k)s heeft een notitie gezet bij een actie: %(a)s")
        elif wat:
            sjabloon = _("%(k)s heeft een actie gewijzigd: %(a)s")
        else:  # an event written before the payload said what
            sjabloon = _("%(k)s heeft het plan van aanpak aangepast: %(a)s")
        items.append(_item(kandidaat.klantmanager_id, Soort.PLAN,
                           sjabloon % {"k": kandidaat, "a": actie.omschrijving},
                           reverse("plan_van_aanpak", args=[kandidaat.pk]),
                           f"plan:{gebeurtenis.pk}:{kandidaat.klantmanager_id}"))
        meldingen_maken(items)
        return
    collega = _collega(kandidaat, gebeurtenis.door_id)
    if collega is not None and kandidaat.klantmanager_id:
        if wat == ACTIE_TOEGEVOEGD:
            sjabloon = _("%(wie)s heeft een actie toegevoegd aan het plan van %(k)s: %(a)s")
        elif wat == ACTIE_AFGEROND:
            sjabloon = _("%(wie)s heeft een actie afgerond in het plan van %(k)s: %(a)s")
        elif wat == ACTIE_NOTITIE:
            sjabloon = _("%(wie)s heeft een notitie gezet bij een actie in het plan van %(k)s: %(a)s")
        else:
            sjabloon = _("%(wie)s heeft een actie gewijzigd in het plan van %(k)s: %(a)s")
        items.append(_item(kandidaat.klantmanager_id, Soort.PLAN,
                           sjabloon % {"wie": collega.get_full_name(), "k": kandidaat, "a": actie.omschrijving},
                           reverse("plan_van_aanpak", args=[kandidaat.pk]),
                           f"plan:{gebeurtenis.pk}:{kandidaat.klantmanager_id}"))
    if kandidaat.account_id:
        # Not "je contactpersoon" for a colleague: she would think her contactpersoon did it.
        if collega is not None:
            wie = _("%(naam)s, een collega van je contactpersoon,") % {"naam": collega.get_full_name()}
        else:
            wie = _("Je contactpersoon")
        if wat == ACTIE_TOEGEVOEGD:
            sjabloon = _("%(wie)s heeft een actie aan je plan toegevoegd: %(a)s")
        elif wat == ACTIE_AFGEROND:
            sjabloon = _("%(wie)s heeft een actie in je plan afgerond: %(a)s")
        elif wat == ACTIE_NOTITIE:
            sjabloon = _("%(wie)s heeft een notitie gezet bij een actie in je plan: %(a)s")
        else:
            sjabloon = _("%(wie)s heeft je plan aangepast: %(a)s")
        items.append(_item(kandidaat.account_id, Soort.PLAN, sjabloon % {"wie": wie, "a": actie.omschrijving},
                           reverse("mijn_plan"), f"plan:{gebeurtenis.pk}:{kandidaat.account_id}"))
    meldingen_maken(items)


@reageer_op(EVALUATIE_GEPLAND)
def evaluatie_gepland(gebeurtenis):
    """Her plan says "We bekijken het plan samen op ...": the werkzoekende hears the day, not only when she opens her
    plan (not when she set it herself, which she cannot; not for a date moved again before this ran). A day told
    before and moved or taken away since holds no more: its melding is read, so hers do not name two days, or a day
    nobody comes to. A colleague who set it (waarnemer, or with access): the vaste klantmanager hears it too, as for
    an actie, and the werkzoekende reads that colleague's name, not "je contactpersoon"."""
    kandidaat = Kandidaat.objects.select_related("plan").filter(pk=gebeurtenis.gegevens["kandidaat_id"]).first()
    dag = date.fromisoformat(gebeurtenis.gegevens["evaluatiedatum"]) if gebeurtenis.gegevens.get("evaluatiedatum") \
        else None
    if kandidaat is None or getattr(getattr(kandidaat, "plan", None), "evaluatiedatum", None) != dag:
        return
    if kandidaat.account_id:
        Melding.objects.filter(ontvanger_id=kandidaat.account_id, soort=Soort.PLAN, sleutel__startswith="evaluatie:",
                               gelezen_op__isnull=True).update(gelezen_op=gebeurtenis.aangemaakt_op)
    if dag is None:
        return
    items = []
    collega = _collega(kandidaat, gebeurtenis.door_id)
    if collega is not None:
        items.append(_item(kandidaat.klantmanager_id, Soort.PLAN,
                           _("%(wie)s heeft de evaluatie van het plan van %(k)s gepland op %(d)s.") % {
                               "wie": collega.get_full_name(), "k": kandidaat, "d": datums.datum(dag)},
                           reverse("plan_van_aanpak", args=[kandidaat.pk]),
                           f"evaluatie:{gebeurtenis.pk}:{kandidaat.klantmanager_id}"))
    if kandidaat.account_id and kandidaat.account_id != gebeurtenis.door_id:
        if collega is not None:
            tekst = _("%(naam)s, een collega van je contactpersoon, wil je plan samen met je bekijken op %(d)s.") % {
                "naam": collega.get_full_name(), "d": datums.datum(dag)}
        else:
            tekst = _("Je contactpersoon wil je plan samen met je bekijken op %(d)s.") % {"d": datums.datum(dag)}
        items.append(_item(kandidaat.account_id, Soort.PLAN, tekst,
                           reverse("mijn_plan"), f"evaluatie:{gebeurtenis.pk}:{kandidaat.account_id}"))
    meldingen_maken(items)


@reageer_op(CV_GEUPLOAD)
def cv_geupload(gebeurtenis):
    """The other side hears of a new cv. The melding points to the one cv there is (a new one replaces it): while one
    is unread, a newer upload (or the same one sent twice, a double click) adds none. A klantmanager who is away
    leaves hers unread: the colleague covering for her, who read her copy, still hears of the newer one (and the
    one away keeps one unread melding about it)."""
    kandidaat = Kandidaat.objects.get(pk=gebeurtenis.gegevens["kandidaat_id"])
    url = reverse("cv", args=[kandidaat.pk])
    if gebeurtenis.door_id == kandidaat.account_id:
        ontvanger, tekst = kandidaat.klantmanager_id, _("%(k)s heeft een nieuw cv geüpload.") % {"k": kandidaat}
    else:
        ontvanger = kandidaat.account_id
        tekst = _("Je contactpersoon heeft een cv voor je in het portaal gezet. Kijk of het klopt.")
    if not ontvanger:
        return
    ongelezen = Melding.objects.filter(soort=Soort.CV, url=url, gelezen_op__isnull=True)
    eigen = ongelezen.filter(ontvanger_id=ontvanger, tekst=tekst)
    if eigen.exists():
        waarnemer = User.objects.filter(pk=ontvanger).values_list("waarnemer_id", flat=True).first()
        # Her copy ("Voor ... (je neemt waar): <tekst>") still unread, or nobody covering: nothing new to tell.
        if waarnemer is None or ongelezen.filter(ontvanger_id=waarnemer, tekst__endswith=tekst).exists():
            return
        eigen.update(gelezen_op=gebeurtenis.aangemaakt_op)  # the newer one takes its place: one unread, not two
    meldingen_maken([_item(ontvanger, Soort.CV, tekst, url, f"cv:{gebeurtenis.pk}:{ontvanger}")])


@reageer_op(DOCUMENT_GEUPLOAD)
def document_geupload(gebeurtenis):
    """Like the cv: the klantmanager hears of the werkzoekende's upload; the werkzoekende of the klantmanager's,
    with the question whether it may go along (that is theirs to decide)."""
    kandidaat = Kandidaat.objects.get(pk=gebeurtenis.gegevens["kandidaat_id"])
    sleutel = f"document:{gebeurtenis.gegevens['document_id']}"
    if gebeurtenis.door_id == kandidaat.account_id:
        if kandidaat.klantmanager_id:
            meldingen_maken([_item(kandidaat.klantmanager_id, Soort.DOCUMENT,
                                   _("%(k)s heeft een document geüpload.") % {"k": kandidaat},
                                   reverse("documenten", args=[kandidaat.pk]),
                                   f"{sleutel}:{kandidaat.klantmanager_id}")])
    elif kandidaat.account_id:
        meldingen_maken([_item(kandidaat.account_id, Soort.DOCUMENT,
                               _("Je contactpersoon heeft een document voor je in het portaal gezet. Kijk of het "
                                 "klopt en of het mee mag als je wordt voorgedragen."),
                               reverse("mijn_documenten"), f"{sleutel}:{kandidaat.account_id}")])


@reageer_op(DOCUMENT_VERLOOPT)
def document_verloopt(gebeurtenis):
    """A certificate expires in a few weeks: the werkzoekende (to renew it) and the klantmanager (who may help)."""
    g = gebeurtenis.gegevens
    kandidaat = Kandidaat.objects.get(pk=g["kandidaat_id"])
    dag = formats.date_format(date.fromisoformat(g["verloopt_op"]), "j F Y")
    items = []
    if kandidaat.account_id:
        items.append(_item(kandidaat.account_id, Soort.DOCUMENT,
                           _("Je certificaat verloopt op %(d)s. Vraag op tijd een nieuw aan.") % {"d": dag},
                           reverse("mijn_documenten"), f"document_verloopt:{g['document_id']}:{kandidaat.account_id}"))
    if g.get("klantmanager_id"):
        items.append(_item(g["klantmanager_id"], Soort.DOCUMENT,
                           _("Een certificaat van %(k)s verloopt op %(d)s.") % {"k": kandidaat, "d": dag},
                           reverse("documenten", args=[kandidaat.pk]),
                           f"document_verloopt:{g['document_id']}:{g['klantmanager_id']}"))
    meldingen_maken(items)


@reageer_op(NAZORGMOMENTEN_OPGEPAKT)
def nazorg_aan_de_beurt(gebeurtenis):
    """One melding per professional per moment (next to the task that ``taken`` writes)."""
    soorten = dict(NazorgMoment.Soort.choices)
    dag = datums.kort(date.fromisoformat(gebeurtenis.gegevens["datum"]), "j F")
    items = []
    for moment_id, soort, kandidaat, _werkgever_id, werkgever_naam, am_id, km_id in gebeurtenis.gegevens["momenten"]:
        tekst = _("Nazorg %(m)s voor %(k)s bij %(w)s, uiterlijk %(d)s.") % {
            "m": str(soorten[soort]).lower(), "k": kandidaat, "w": werkgever_naam, "d": dag}
        for professional_id in {am_id, km_id} - {None}:
            items.append(_item(professional_id, Soort.NAZORG, tekst, reverse("nazorg_uitkomst", args=[moment_id]),
                               f"nazorg:{moment_id}:{professional_id}"))
    meldingen_maken(items)


@reageer_op(PLAATSING_AFGESLOTEN)
def plaatsing_afgesloten(gebeurtenis):
    """The klantmanager and the werkgever's accountmanager (except who closed it), and the werknemer: who of the
    WSP or gemeente will talk with her about what comes next."""
    plaatsing = Plaatsing.objects.select_related("kandidaat__klantmanager", "werkgever__accountmanager").get(
        pk=gebeurtenis.gegevens["plaatsing_id"])
    kandidaat, werkgever = plaatsing.kandidaat, plaatsing.werkgever.naam
    werkervaring = plaatsing.soort == Plaatsing.Soort.WERKERVARING
    tekst = (_("De werkervaringsplaats van %(k)s bij %(w)s is afgesloten.") if werkervaring
             else _("Het contract van %(k)s bij %(w)s is afgesloten.")) % {"k": kandidaat, "w": werkgever}
    items = [_item(staf, Soort.NAZORG, tekst, reverse("plaatsing_detail", args=[plaatsing.pk]),
                   f"afgesloten:{plaatsing.pk}:{staf.pk}")
             for staf in {kandidaat.klantmanager, plaatsing.werkgever.accountmanager} - {None}
             if staf.pk != gebeurtenis.door_id]
    contact = kandidaat.klantmanager or plaatsing.werkgever.accountmanager
    if kandidaat.account_id and contact is not None:
        items.append(_item(kandidaat.account_id, Soort.NAZORG,
                           (_("Je werkervaringsplaats bij %(w)s is afgesloten. %(c)s, je contactpersoon, neemt "
                              "contact met je op over hoe het verder gaat.") if werkervaring
                            else _("Je contract bij %(w)s is afgesloten. %(c)s, je contactpersoon, neemt contact met "
                                   "je op over hoe het verder gaat.")) % {"w": werkgever, "c": contact.get_full_name()},
                           reverse("werkzoekende_home"), f"afgesloten:{plaatsing.pk}:{kandidaat.account_id}"))
    meldingen_maken(items)


@reageer_op(PROEFPLAATSING_GESTOPT)
def proefplaatsing_gestopt(gebeurtenis):
    """Afscheid after a proefplaatsing: the klantmanager and the werkgever's accountmanager (except who decided it),
    and the werkzoekende herself, as when a contract is closed (``plaatsing_afgesloten``): that it stopped and who will
    talk with her about what comes next. Not the reason of the afscheid: the werkgever gave it to the WSP, and her
    contactpersoon tells her what she should hear of it."""
    plaatsing = Plaatsing.objects.select_related("kandidaat__klantmanager", "werkgever__accountmanager").get(
        pk=gebeurtenis.gegevens["plaatsing_id"])
    kandidaat, werkgever = plaatsing.kandidaat, plaatsing.werkgever
    tekst = _("De proefplaatsing van %(k)s bij %(w)s is gestopt.") % {"k": kandidaat, "w": werkgever.naam}
    items = [_item(staf, Soort.NAZORG, tekst, reverse("plaatsing_detail", args=[plaatsing.pk]),
                   f"proef_gestopt:{plaatsing.pk}:{staf.pk}")
             for staf in {kandidaat.klantmanager, werkgever.accountmanager} - {None}
             if staf.pk != gebeurtenis.door_id]
    # Who will talk with her: who has that task (``taken.reacties.proefplaatsing_gestopt``), her klantmanager or,
    # without one, the accountmanager who decided the afscheid; not the werkgever's own accountmanager, who may not.
    contact = kandidaat.klantmanager or User.objects.filter(pk=gebeurtenis.door_id).first()
    if kandidaat.account_id and contact is not None:
        zelf = _("Je proefplaatsing bij %(w)s is gestopt. Je gaat daar niet verder werken. Dat kan tegenvallen. "
                 "%(c)s, je contactpersoon, neemt contact met je op. Samen kijken jullie hoe het verder gaat.") % {
            "w": werkgever.naam, "c": contact.get_full_name()}
        items.append(_item(kandidaat.account_id, Soort.NAZORG, Truncator(zelf).chars(MELDING_MAX),
                           reverse("werkzoekende_home"), f"proef_gestopt:{plaatsing.pk}:{kandidaat.account_id}"))
    meldingen_maken(items)


@reageer_op(PLAATSING_GESTART)
def plaatsing_gestart(gebeurtenis):
    """The work starts (a signed proefplaatsing, a contract): the klantmanager hears it, since the uitkering and the
    plan follow it (a proefplaatsing keeps the uitkering; a contract may end it)."""
    plaatsing = Plaatsing.objects.select_related("kandidaat__klantmanager", "werkgever").get(
        pk=gebeurtenis.gegevens["plaatsing_id"])
    km = plaatsing.kandidaat.klantmanager
    if km is None or km.pk == gebeurtenis.door_id:
        return
    # Signed on the 7th for a start on the 14th: until then "begint op", not "is begonnen".
    tekst = (_("%(k)s begint op %(d)s bij %(w)s: %(soort)s.") if plaatsing.startdatum > timezone.localdate()
             else _("%(k)s is begonnen bij %(w)s: %(soort)s vanaf %(d)s.")) % {
        "k": plaatsing.kandidaat, "w": plaatsing.werkgever.naam, "soort": str(plaatsing.get_soort_display()).lower(),
        "d": datums.kort(plaatsing.startdatum, "j F")}
    meldingen_maken([_item(km, Soort.NAZORG, tekst, reverse("plaatsing_detail", args=[plaatsing.pk]),
                           f"gestart:{plaatsing.pk}:{km.pk}")])


@reageer_op(OVEREENKOMST_KLAARGEZET)
def overeenkomst_klaargezet(gebeurtenis):
    """The werkgever's people see that an overeenkomst waits for their signature, with the way to sign it. The
    service mailed them already ("Overeenkomst klaar om te ondertekenen"): no second mail. Each time it is made
    anew (a new mail too) gives a new melding; a running plaatsing whose overeenkomst a correction changed says so."""
    plaatsing = Plaatsing.objects.select_related("werkgever", "kandidaat").filter(
        pk=gebeurtenis.gegevens["plaatsing_id"]).first()
    if plaatsing is None or not plaatsing.te_ondertekenen:
        return
    if plaatsing.opnieuw_te_ondertekenen:
        tekst = _("De overeenkomst voor %(k)s (%(f)s) is gewijzigd. De plaatsing loopt door; controleer de gewijzigde "
                  "overeenkomst en onderteken die opnieuw.")
    else:
        tekst = _("De overeenkomst voor %(k)s (%(f)s) staat klaar. Controleer en onderteken die.")
    tekst %= {"k": plaatsing.kandidaat.voornaam, "f": plaatsing.functie}
    url = reverse("overeenkomst_ondertekenen", args=[plaatsing.pk])
    meldingen_maken([_item(mens, Soort.VOORDRACHT, tekst, url,
                           f"overeenkomst:{plaatsing.pk}:{gebeurtenis.pk}:{mens.pk}", mail=False)
                     for mens in _werkgever_mensen(plaatsing.werkgever) if mens.pk != gebeurtenis.door_id])


# With the akkoord's warning (about 200 characters with the names) what changed gets this much of the 300 of a melding.
AKKOORD_WAT_MAX = 100
MELDING_MAX = Melding._meta.get_field("tekst").max_length


@reageer_op(PLAATSING_GECORRIGEERD)
def plaatsing_gecorrigeerd(gebeurtenis):
    """The accountmanager corrected a plaatsing: what changed, in plain words, for the werkgever's people, the
    werknemer, the klantmanager and the werkgever's accountmanager (not who corrected it). Why it was wrong stays on the
    page, for the professionals. When the correction sent the overeenkomst to sign (again: ``ter_ondertekening``), the
    service's mail "Overeenkomst klaar om te ondertekenen" reaches them already: their melding sends no mail of its
    own. When it changed the period or the hours of a proefplaatsing after UWV or the gemeente agreed to it, the
    professionals read that the akkoord is to be checked. A werknemer without an account has no meldingen: the service
    mailed her, or (``BEREIK_DOORGEVEN``) her klantmanager is asked to pass it on."""
    correctie = PlaatsingCorrectie.objects.select_related(
        "plaatsing__kandidaat__klantmanager", "plaatsing__kandidaat__account", "plaatsing__werkgever__accountmanager"
    ).filter(pk=gebeurtenis.gegevens["correctie_id"]).first()
    if correctie is None:
        return
    plaatsing, wat = correctie.plaatsing, correctie.in_woorden()
    # Events written before the payload said so: only a withdrawn signature sent the overeenkomst with a mail then.
    ter_ondertekening = gebeurtenis.gegevens.get("ter_ondertekening", correctie.handtekening_vervallen)
    url, sleutel = reverse("plaatsing_detail", args=[plaatsing.pk]), f"gecorrigeerd:{correctie.pk}"
    kandidaat, werkgever = plaatsing.kandidaat, plaatsing.werkgever
    items = [_item(mens, Soort.NAZORG, _("De gegevens van de plaatsing van %(k)s (%(f)s) zijn aangepast. %(wat)s") % {
        "k": kandidaat.voornaam, "f": plaatsing.functie, "wat": wat}, url, f"{sleutel}:{mens.pk}",
        mail=not ter_ondertekening) for mens in _werkgever_mensen(werkgever)]
    if kandidaat.account_id:
        items.append(_item(kandidaat.account_id, Soort.NAZORG, _("Je plaatsing bij %(w)s is aangepast. %(wat)s") % {
            "w": werkgever.naam, "wat": wat}, url, f"{sleutel}:{kandidaat.account_id}"))
    waarden = {"k": kandidaat, "w": werkgever.naam}
    if correctie.akkoord_te_controleren:
        # The period or the hours UWV or the gemeente agreed to changed; the warning comes first and what changed is
        # said short, so the melding holds both.
        sjabloon, ruimte = _("De plaatsing van %(k)s bij %(w)s is gecorrigeerd. Het akkoord van UWV of de gemeente "
                             "(%(op)s) gold voor de periode en de uren van vóór deze correctie: controleer of het nog "
                             "geldt. %(wat)s"), AKKOORD_WAT_MAX
        waarden["op"] = formats.date_format(correctie.akkoord_op, "j F Y")
    else:
        sjabloon, ruimte = _("De plaatsing van %(k)s bij %(w)s is gecorrigeerd. %(wat)s"), IN_WOORDEN_MAX
    tekst = sjabloon % {**waarden, "wat": correctie.in_woorden(max_lengte=ruimte)}
    # A werknemer without an account who gets no mail (``werknemer_bereik``) hears it from her klantmanager: asked
    # first, and what changed said as fully as the rest of the melding leaves room for.
    bereik = gebeurtenis.gegevens.get("werknemer") or werknemer_bereik(kandidaat)
    doorgeven = ""
    if bereik == BEREIK_DOORGEVEN:
        doorgeven = _doorgeven_vraag(kandidaat)[0]
    for staf in {kandidaat.klantmanager, werkgever.accountmanager} - {None}:
        if doorgeven and staf == kandidaat.klantmanager:
            items.append(_item(staf, Soort.NAZORG, _doorgeven_tekst(correctie, doorgeven, sjabloon, waarden, ruimte),
                               url, f"{sleutel}:{staf.pk}"))
        else:
            items.append(_item(staf, Soort.NAZORG, tekst, url, f"{sleutel}:{staf.pk}"))
    meldingen_maken([i for i in items if getattr(i["ontvanger"], "pk", i["ontvanger"]) != gebeurtenis.door_id])


def _doorgeven_vraag(kandidaat):
    """The klantmanager's ask to pass news on to a werknemer who cannot read it in the portal, long and short. A
    werknemer whose account was deactivated has an account: she cannot log in now."""
    waarden = {"k": kandidaat, "v": kandidaat.voornaam, "voorkeur": kandidaat.get_contactvoorkeur_display().lower()}
    if kandidaat.account_id:
        return (_("%(k)s kan nu niet inloggen op het portaal en krijgt hierover geen bericht van ons. Geef het aan "
                  "%(v)s door (voorkeur: %(voorkeur)s).") % waarden,
                _("Geef dit door aan %(v)s, die nu niet kan inloggen (voorkeur: %(voorkeur)s).") % waarden)
    return (_("%(k)s heeft geen account en krijgt hierover geen bericht van ons. Geef het aan %(v)s door "
              "(voorkeur: %(voorkeur)s).") % waarden,
            _("Geef dit door aan %(v)s, die geen account heeft (voorkeur: %(voorkeur)s).") % waarden)


def _doorgeven_tekst(correctie, doorgeven, sjabloon, waarden, ruimte):
    """The klantmanager's melding when she is to pass a correction on: the ask, the correction (with the akkoord's
    warning) and what changed. The ask and the warning together leave no room in a melding with their long words:
    then both are said short, rather than a melding cut off in the middle of the warning."""
    kort = _doorgeven_vraag(correctie.plaatsing.kandidaat)[1]
    sjablonen = [(doorgeven, sjabloon)]
    if correctie.akkoord_te_controleren:
        sjablonen.append((kort, _("De plaatsing van %(k)s bij %(w)s is gecorrigeerd. Het akkoord (%(op)s) gold voor "
                                  "de oude periode en uren: controleer of het nog geldt. %(wat)s")))
    else:
        sjablonen.append((kort, sjabloon))
    for vraag, zinnen in sjablonen:
        rest = MELDING_MAX - len(vraag) - 1 - len(zinnen % {**waarden, "wat": ""})
        tekst = f"{vraag} {zinnen % {**waarden, 'wat': correctie.in_woorden(max_lengte=min(ruimte, rest))}}"
        if len(tekst) <= MELDING_MAX:
            return tekst
    return Truncator(tekst).chars(MELDING_MAX)  # names too long for any wording: cut with "…", never silently


@reageer_op(PLAATSING_VERLENGD)
def plaatsing_verlengd(gebeurtenis):
    """The accountmanager gave a running plaatsing another end: the werkgever's people, the werknemer, her klantmanager
    and the werkgever's vaste accountmanager read the new end date (not who extended it). A proefplaatsing's akkoord of
    UWV or the gemeente was given for the old period: the professionals read that it is to be checked, as after a
    correction of the period."""
    plaatsing = Plaatsing.objects.select_related("kandidaat__klantmanager", "kandidaat__account",
                                                 "werkgever__accountmanager").filter(
        pk=gebeurtenis.gegevens["plaatsing_id"]).first()
    if plaatsing is None:
        return
    van, tot = gebeurtenis.gegevens.get("van"), gebeurtenis.gegevens["tot"]
    kandidaat, werkgever = plaatsing.kandidaat, plaatsing.werkgever
    waarden = {"k": kandidaat.voornaam, "kandidaat": kandidaat, "f": plaatsing.functie, "w": werkgever.naam,
               "tot": datums.datum(date.fromisoformat(tot)),
               "van": datums.datum(date.fromisoformat(van)) if van else ""}
    wijziging = (_("De einddatum is nu %(tot)s (was %(van)s).") if van else _("De einddatum is nu %(tot)s.")) % waarden
    # "Verlengen" also takes an earlier end: then nobody reads that it was extended, and the akkoord of UWV or the
    # gemeente, given for the longer period, still covers it.
    langer = not van or tot > van  # ISO dates compare as the dates do
    url, sleutel = reverse("plaatsing_detail", args=[plaatsing.pk]), f"verlengd:{gebeurtenis.pk}"
    werkgever_tekst = (_("De plaatsing van %(k)s (%(f)s) is verlengd.") if langer
                       else _("De plaatsing van %(k)s (%(f)s) eindigt eerder."))
    items = [_item(mens, Soort.NAZORG, werkgever_tekst % waarden + " " + wijziging, url, f"{sleutel}:{mens.pk}")
             for mens in _werkgever_mensen(werkgever)]
    # A werknemer without an account she can log in with has no meldingen (``werknemer_bereik``): her klantmanager is
    # asked first to pass the new end on, as after a correction.
    in_portaal = werknemer_bereik(kandidaat) == BEREIK_PORTAAL
    if in_portaal:
        werknemer_tekst = (_("Je plaatsing bij %(w)s is verlengd.") if langer
                           else _("Je plaatsing bij %(w)s stopt eerder."))
        items.append(_item(kandidaat.account_id, Soort.NAZORG, werknemer_tekst % waarden + " " + wijziging,
                           url, f"{sleutel}:{kandidaat.account_id}"))
    staf = (_("De plaatsing van %(kandidaat)s bij %(w)s is verlengd.") if langer
            else _("De plaatsing van %(kandidaat)s bij %(w)s eindigt eerder.")) % waarden + " " + wijziging
    akkoord = kort_akkoord = ""
    if langer and plaatsing.is_proef and plaatsing.akkoord_op:
        op = {"op": datums.datum(plaatsing.akkoord_op)}
        akkoord = " " + _("Het akkoord van UWV of de gemeente (%(op)s) gold voor de oude periode: controleer of het "
                          "nog geldt.") % op
        kort_akkoord = " " + _("Het akkoord (%(op)s) gold voor de oude periode: controleer of het nog geldt.") % op
    # The ask first; the ask and the warning said short when the whole leaves no room, rather than a melding cut off
    # in the middle of the warning (as ``_doorgeven_tekst``).
    lang, kort = _doorgeven_vraag(kandidaat)
    gevraagd = [] if in_portaal else [f"{lang} {staf}{akkoord}", f"{kort} {staf}{akkoord}",
                                      f"{kort} {staf}{kort_akkoord}"]
    staf += akkoord
    for p in {kandidaat.klantmanager, werkgever.accountmanager} - {None}:
        tekst = staf
        if gevraagd and p == kandidaat.klantmanager:
            tekst = next((t for t in gevraagd if len(t) <= MELDING_MAX), gevraagd[-1])
        # names too long for any wording: cut with "…", never silently
        items.append(_item(p, Soort.NAZORG, Truncator(tekst).chars(MELDING_MAX), url, f"{sleutel}:{p.pk}"))
    meldingen_maken([i for i in items if getattr(i["ontvanger"], "pk", i["ontvanger"]) != gebeurtenis.door_id])


@reageer_op(REGELING_BESLUIT)
def regeling_besluit(gebeurtenis):
    """UWV or the gemeente decided on a regeling of a plaatsing: the werkgever's people hear it without chasing the
    WSP, and the werkgever's vaste accountmanager when a colleague recorded it; never who recorded it. A rejection's
    reason is on the plaatsing page, behind the login (a mail never says what happened)."""
    aanvraag = Regelingaanvraag.objects.select_related(
        "instrument", "plaatsing__kandidaat", "plaatsing__werkgever__accountmanager").filter(
        pk=gebeurtenis.gegevens["aanvraag_id"]).first()
    if aanvraag is None:
        return
    plaatsing, toegekend = aanvraag.plaatsing, gebeurtenis.gegevens["besluit"] == Regelingaanvraag.Status.TOEGEKEND
    waarden = {"r": aanvraag.instrument.naam, "k": plaatsing.kandidaat.voornaam, "f": plaatsing.functie,
               "w": plaatsing.werkgever.naam}
    if toegekend:
        tekst = _("Goed nieuws: %(r)s voor de plaatsing van %(k)s (%(f)s) is toegekend.") % waarden
        staf = _("%(r)s voor de plaatsing van %(k)s bij %(w)s is toegekend.") % waarden
    else:
        tekst = _("%(r)s voor de plaatsing van %(k)s (%(f)s) is afgewezen. Bij de plaatsing leest u waarom.") % waarden
        staf = _("%(r)s voor de plaatsing van %(k)s bij %(w)s is afgewezen.") % waarden
    url, sleutel = reverse("plaatsing_detail", args=[plaatsing.pk]) + "#afspraken-en-regelingen", \
        f"regeling_besluit:{gebeurtenis.pk}"
    items = [_item(mens, Soort.NAZORG, tekst, url, f"{sleutel}:{mens.pk}")
             for mens in _werkgever_mensen(plaatsing.werkgever) if mens.pk != gebeurtenis.door_id]
    am = plaatsing.werkgever.accountmanager
    if am is not None and am.pk != gebeurtenis.door_id:
        items.append(_item(am, Soort.NAZORG, staf, url, f"{sleutel}:{am.pk}"))
    meldingen_maken(items)


@reageer_op(AKKOORD_VASTGELEGD)
def akkoord_vastgelegd(gebeurtenis):
    """UWV or the gemeente agreed to the proefplaatsing (met behoud van uitkering): news for the werkgever's people as
    a besluit on a regeling is (the page promises it), and for the werkgever's vaste accountmanager when a colleague
    recorded it; never who recorded it. A changed akkoord is a correction, with its own melding."""
    plaatsing = Plaatsing.objects.select_related("kandidaat", "werkgever__accountmanager").filter(
        pk=gebeurtenis.gegevens["plaatsing_id"]).first()
    if plaatsing is None or plaatsing.akkoord_op is None:
        return
    waarden = {"i": plaatsing.akkoord_instantie, "k": plaatsing.kandidaat.voornaam, "f": plaatsing.functie,
               "w": plaatsing.werkgever.naam, "op": datums.kort(plaatsing.akkoord_op, "j F")}
    tekst = _("Goed nieuws: %(i)s heeft op %(op)s akkoord gegeven voor de proefplaatsing van %(k)s (%(f)s).") % waarden
    staf = een_punt(_("%(i)s heeft op %(op)s akkoord gegeven voor de proefplaatsing van %(k)s bij %(w)s.")
                    % waarden)
    url, sleutel = reverse("plaatsing_detail", args=[plaatsing.pk]) + "#afspraken-en-regelingen", \
        f"akkoord:{gebeurtenis.pk}"
    items = [_item(mens, Soort.NAZORG, Truncator(tekst).chars(MELDING_MAX), url, f"{sleutel}:{mens.pk}")
             for mens in _werkgever_mensen(plaatsing.werkgever) if mens.pk != gebeurtenis.door_id]
    am = plaatsing.werkgever.accountmanager
    if am is not None and am.pk != gebeurtenis.door_id:
        items.append(_item(am, Soort.NAZORG, Truncator(staf).chars(MELDING_MAX), url, f"{sleutel}:{am.pk}"))
    meldingen_maken(items)


@reageer_op(CHECKIN_LAAG)
def checkin_laag(gebeurtenis):
    checkin = Checkin.objects.select_related("moment__plaatsing__werkgever__accountmanager",
                                             "moment__plaatsing__kandidaat__klantmanager").get(
        pk=gebeurtenis.gegevens["checkin_id"])
    plaatsing = checkin.moment.plaatsing
    tekst = _("Lage score (%(s)s) bij de check-in van %(p)s: neem contact op.") % {"s": checkin.score, "p": plaatsing}
    meldingen_maken([
        _item(staf, Soort.NAZORG, tekst, reverse("plaatsing_detail", args=[plaatsing.pk]),
              f"checkin_laag:{checkin.pk}:{staf.pk}")
        for staf in {plaatsing.werkgever.accountmanager, plaatsing.kandidaat.klantmanager} - {None}])


@reageer_op(PLICHT_GEWIJZIGD)
def sollicitatieplicht_gewijzigd(gebeurtenis):
    """The klantmanager changed what is asked: the werkzoekende hears it (not who else, not why: that is on the
    page, behind the login)."""
    kandidaat = Kandidaat.objects.get(pk=gebeurtenis.gegevens["kandidaat_id"])
    if not kandidaat.account_id or gebeurtenis.door_id == kandidaat.account_id:
        return
    aantal = gebeurtenis.gegevens["aantal"]
    if aantal == 0:
        tekst = _("Je contactpersoon heeft je sollicitatieplicht aangepast: je hoeft nu niet te solliciteren.")
    else:
        tekst = _("Je contactpersoon heeft je sollicitatieplicht aangepast: nu %(n)s per 4 weken.") % {"n": aantal}
    meldingen_maken([_item(kandidaat.account_id, Soort.SOLLICITATIES, tekst,
                           reverse("sollicitatieplicht", args=[kandidaat.pk]),
                           f"sollicitatieplicht:{gebeurtenis.pk}:{kandidaat.account_id}")])


@reageer_op(WW_PLICHT_GESTOPT)
def ww_sollicitatieplicht_gestopt(gebeurtenis):
    """Her WW ended (a warme overdracht to the bijstand, or the klantmanager recorded it), and the WW
    sollicitatieplicht with it: she hears it herself, and what it means, once per ending (the change in the plicht's
    history is in the key). Not from a closed dossier (an import that ends the WW later): it sends her to a
    contactpersoon she no longer has, and she asks nothing of the portal any more."""
    kandidaat = Kandidaat.objects.filter(pk=gebeurtenis.gegevens["kandidaat_id"]).first()
    if kandidaat is None or not kandidaat.account_id or kandidaat.afgesloten_op is not None:
        return
    tekst = _("Je WW is gestopt. Daarom stopt ook je sollicitatieplicht van de WW: je hoeft voor de WW geen "
              "sollicitaties meer door te geven. Moet je voor de gemeente solliciteren? Dat hoor je van je "
              "contactpersoon.")
    meldingen_maken([_item(kandidaat.account_id, Soort.SOLLICITATIES, tekst,
                           reverse("sollicitatieplicht", args=[kandidaat.pk]),
                           f"ww_plicht_gestopt:{gebeurtenis.gegevens['wijziging_id']}:{kandidaat.account_id}")])


@reageer_op(PERIODE_BIJNA_OM)
def sollicitatieperiode_bijna_om(gebeurtenis):
    """A few days before the end of a period that is not complete (once per period, claimed by the task)."""
    kandidaat = Kandidaat.objects.get(pk=gebeurtenis.gegevens["kandidaat_id"])
    if not kandidaat.account_id or kandidaat.afgesloten_op:
        return
    eind = date.fromisoformat(gebeurtenis.gegevens["periode_eind"])
    nog = gebeurtenis.gegevens["nog"]
    tekst = ngettext("Je periode loopt tot en met %(d)s. Je moet nog %(n)s sollicitatie doorgeven.",
                     "Je periode loopt tot en met %(d)s. Je moet nog %(n)s sollicitaties doorgeven.", nog) % {
        "d": datums.kort(eind, "j F"), "n": nog}
    meldingen_maken([_item(kandidaat.account_id, Soort.SOLLICITATIES, tekst,
                           reverse("sollicitatieplicht", args=[kandidaat.pk]),
                           f"sollicitatieperiode:{kandidaat.pk}:{gebeurtenis.gegevens['periode_begin']}")])


@reageer_op(AANVRAAG_INGEDIEND)
def ondersteuning_gevraagd(gebeurtenis):
    """The klantmanager hears who asked for which traject (and gets a task, see ondersteuning.reacties)."""
    aanvraag = Aanvraag.objects.select_related("kandidaat", "traject").filter(
        pk=gebeurtenis.gegevens["aanvraag_id"]).first()
    if aanvraag is None or not aanvraag.kandidaat.klantmanager_id:
        return
    km = aanvraag.kandidaat.klantmanager_id
    meldingen_maken([_item(km, Soort.PLAN, _("%(k)s wil meedoen aan %(t)s. Keur goed of leg uit waarom niet.") % {
        "k": aanvraag.kandidaat, "t": aanvraag.traject.titel}, reverse("aanvraag_beoordelen", args=[aanvraag.pk]),
        f"ondersteuning:{aanvraag.pk}:ingediend:{km}")])



@reageer_op(AANVRAAG_VERVALLEN)
def ondersteuning_vervallen(gebeurtenis):
    """The dossier closed and the aanvraag lapsed (its task closed, ``ondersteuning.reacties``): nobody decides on it
    any more, so "Keur goed of leg uit waarom niet" in the bell is done too, for whoever it asked."""
    url = reverse("aanvraag_beoordelen", args=[gebeurtenis.gegevens["aanvraag_id"]])
    meldingen_gelezen_over(ontvangers=list(Melding.objects.filter(url=url, gelezen_op__isnull=True).values_list(
        "ontvanger_id", flat=True)), url=url)

@reageer_op(AANVRAAG_BEOORDEELD)
def ondersteuning_beoordeeld(gebeurtenis):
    """The werkzoekende hears the answer (a no with the reason on the page); the vaste klantmanager hears it too
    when a colleague covering the caseload decided."""
    aanvraag = Aanvraag.objects.select_related("kandidaat", "traject").filter(
        pk=gebeurtenis.gegevens["aanvraag_id"]).first()
    if aanvraag is None:
        return
    kandidaat, items = aanvraag.kandidaat, []
    if kandidaat.account_id:
        if aanvraag.status == Aanvraag.Status.GOEDGEKEURD:
            tekst = _("Je contactpersoon zei ja: je kunt meedoen aan %(t)s. Het staat in je plan.")
        else:
            tekst = _("Je contactpersoon zei nee tegen %(t)s. Lees waarom.")
        items.append(_item(kandidaat.account_id, Soort.PLAN, tekst % {"t": aanvraag.traject.titel},
                           reverse("ondersteuningsgids"), f"ondersteuning:{aanvraag.pk}:beoordeeld:{kandidaat.account_id}"))
    km = kandidaat.klantmanager_id
    if km and km != gebeurtenis.door_id:
        items.append(_item(km, Soort.PLAN, _("Een collega besliste over de aanvraag van %(k)s voor %(t)s.") % {
            "k": kandidaat, "t": aanvraag.traject.titel}, reverse("aanvraag_beoordelen", args=[aanvraag.pk]),
            f"ondersteuning:{aanvraag.pk}:beoordeeld:{km}"))
    meldingen_maken(items)


@reageer_op(INTERESSE_GETOOND)
def interesse_getoond(gebeurtenis):
    """"Ik wil hier meer over weten" on Mijn kansen: the klantmanager hears it (the werkzoekende sees it on the
    page itself)."""
    interesse = Interesse.objects.select_related("kandidaat", "vacature__werkgever").filter(
        pk=gebeurtenis.gegevens["interesse_id"]).first()
    if interesse is None or not interesse.kandidaat.klantmanager_id:
        return
    kandidaat, vacature = interesse.kandidaat, interesse.vacature
    meldingen_maken([_item(kandidaat.klantmanager_id, Soort.INTERESSE,
                           een_punt(_("%(k)s wil meer weten over de vacature %(v)s bij %(w)s.") % {
                               "k": kandidaat, "v": vacature.titel, "w": vacature.werkgever.naam}),
                           reverse("dossier", args=[kandidaat.pk]),
                           f"interesse:{interesse.pk}:{kandidaat.klantmanager_id}")])


@reageer_op(VACATURE_GEOPEND)
def vacature_geopend(gebeurtenis):
    """A werkgever opened a vacature himself: his accountmanager hears it (and gets a task, see taken.reacties);
    not when she opened it herself."""
    vacature, am, tekst = geopend_voor_accountmanager(gebeurtenis)
    if vacature is None:
        return
    meldingen_maken([_item(am, Soort.VACATURE, tekst, reverse("vacature_matches", args=[vacature.pk]),
                           f"vacature_geopend:{gebeurtenis.pk}:{am.pk}")])


@reageer_op(CONTACTVOORKEUR_GEWIJZIGD)
def contactvoorkeur_gewijzigd(gebeurtenis):
    """The werkzoekende changed how she wants to be reached: her klantmanager hears the new way. Changed by her
    klantmanager (after a call, say), she hears it: it is about her, and until she chose otherwise her meldingen come
    the way it says."""
    kandidaat = Kandidaat.objects.filter(pk=gebeurtenis.gegevens["kandidaat_id"]).first()
    if kandidaat is None:
        return
    voorkeur = dict(Contactvoorkeur.choices).get(gebeurtenis.gegevens["contactvoorkeur"],
                                                 gebeurtenis.gegevens["contactvoorkeur"])
    if gebeurtenis.door_id != kandidaat.account_id:
        if kandidaat.account_id and gebeurtenis.door_id is not None:
            meldingen_maken([_item(kandidaat.account_id, Soort.CONTACTVOORKEUR,
                                   _("Je contactpersoon heeft vastgelegd hoe je bereikt wilt worden: %(v)s. Klopt dat "
                                     "niet? Pas het aan bij je gegevens.") % {"v": str(voorkeur).lower()},
                                   reverse("dossier_bewerken", args=[kandidaat.pk]),
                                   f"contactvoorkeur:{gebeurtenis.pk}:{kandidaat.account_id}")])
        return
    if not kandidaat.klantmanager_id:
        return
    meldingen_maken([_item(kandidaat.klantmanager_id, Soort.CONTACTVOORKEUR,
                           _("%(k)s wil voortaan zo bereikt worden: %(v)s.") % {"k": kandidaat,
                                                                               "v": str(voorkeur).lower()},
                           reverse("dossier", args=[kandidaat.pk]),
                           f"contactvoorkeur:{gebeurtenis.pk}:{kandidaat.klantmanager_id}")])


@reageer_op(SOORT_CONTACT_GEWIJZIGD)
def soort_contact_gewijzigd(gebeurtenis):
    """The werkzoekende chose another kind of contact for this phase (telefonisch, persoonlijk, zelfstandig), as she
    may on her own form: her klantmanager hears it, in the words of the staff pages (not when she changed it
    herself)."""
    kandidaat = Kandidaat.objects.filter(pk=gebeurtenis.gegevens["kandidaat_id"]).first()
    if kandidaat is None or not kandidaat.klantmanager_id or gebeurtenis.door_id != kandidaat.account_id:
        return
    soort = str(SoortContact.voor_medewerker(gebeurtenis.gegevens["soort_contact"]))
    meldingen_maken([_item(kandidaat.klantmanager_id, Soort.CONTACTVOORKEUR,
                           _("%(k)s kiest voortaan dit soort contact: %(s)s.") % {
                               "k": kandidaat, "s": soort[:1].lower() + soort[1:]},
                           reverse("dossier", args=[kandidaat.pk]),
                           f"soort_contact:{gebeurtenis.pk}:{kandidaat.klantmanager_id}")])


@reageer_op(RECHTENVERZOEK_INGEDIEND)
def rechtenverzoek_ingediend(gebeurtenis):
    """A request about her data: the klantmanager hears it at once, next to the task with the legal deadline
    (``taken.reacties``; without a klantmanager the coordinators have that task)."""
    verzoek = Rechtenverzoek.objects.select_related("kandidaat").filter(
        pk=gebeurtenis.gegevens["rechtenverzoek_id"]).first()
    if verzoek is None or not verzoek.kandidaat.klantmanager_id:
        return
    km = verzoek.kandidaat.klantmanager_id
    meldingen_maken([_item(km, Soort.GEGEVENS,
                           _("%(k)s heeft een verzoek over de gegevens ingediend: %(soort)s. Beantwoord het uiterlijk "
                             "%(d)s.") % {"k": verzoek.kandidaat, "soort": str(verzoek.get_soort_display()).lower(),
                                          "d": datums.kort(verzoek.uiterlijk, "j F")},
                           reverse("rechtenverzoek", args=[verzoek.pk]), f"rechtenverzoek:{verzoek.pk}:{km}")])


@reageer_op(RECHTENVERZOEK_AFGEHANDELD)
def rechtenverzoek_afgehandeld(gebeurtenis):
    """The werkzoekende reads the answer in the portal; the service mailed her already (no second mail)."""
    verzoek = Rechtenverzoek.objects.select_related("kandidaat").filter(
        pk=gebeurtenis.gegevens["rechtenverzoek_id"]).first()
    if verzoek is None or not verzoek.kandidaat.account_id or verzoek.kandidaat.account_id == gebeurtenis.door_id:
        return
    account_id = verzoek.kandidaat.account_id
    meldingen_maken([_item(account_id, Soort.GEGEVENS,
                           _("Je verzoek over je gegevens is beantwoord. Lees het antwoord."),
                           reverse("mijn_gegevens"), f"rechtenverzoek:{verzoek.pk}:beantwoord:{account_id}",
                           mail=False)])


@reageer_op(DOSSIER_AFGESLOTEN)
def dossier_afgesloten(gebeurtenis):
    """The werkzoekende reads that her dossier closed and what happens to her data, on "Mijn gegevens"; the service
    mailed her already (no second mail)."""
    kandidaat = Kandidaat.objects.filter(pk=gebeurtenis.gegevens["kandidaat_id"]).first()
    if kandidaat is None or not kandidaat.account_id or kandidaat.account_id == gebeurtenis.door_id:
        return
    meldingen_maken([_item(kandidaat.account_id, Soort.DOSSIER,
                           _("Je contactpersoon heeft je dossier gesloten. Lees wat er met je gegevens gebeurt."),
                           reverse("mijn_gegevens"), f"dossier_afgesloten:{gebeurtenis.pk}:{kandidaat.account_id}",
                           mail=False)])


@reageer_op(DOSSIER_HEROPEND)
def dossier_heropend(gebeurtenis):
    """She heard that her dossier closed; she hears that it is open again, and who helps her. Closing ended her
    consents to share (``dossier_afsluiten``) and opening does not give them back: without them nobody finds her or
    proposes her to a werkgever, so she is told to give them again, and the melding leads to where she does."""
    kandidaat = Kandidaat.objects.select_related("klantmanager").filter(
        pk=gebeurtenis.gegevens["kandidaat_id"]).first()
    if (kandidaat is None or not kandidaat.account_id or kandidaat.afgesloten_op is not None
            or kandidaat.account_id == gebeurtenis.door_id):
        return
    contactpersoon = kandidaat.klantmanager.get_full_name() if kandidaat.klantmanager else _("je contactpersoon")
    # The consents this closing ended: marked so by it (``bij_afsluiten``), in its transaction, before this
    # reopening. Not one she gave and withdrew herself since it opened (this event handled late), nor those of an
    # earlier closing.
    if kandidaat.toestemmingen.filter(
            bij_afsluiten=True, ingetrokken_op__gte=datetime.fromisoformat(gebeurtenis.gegevens["gesloten_op"]),
            ingetrokken_op__lte=gebeurtenis.aangemaakt_op).exists():
        tekst = _("Je dossier is weer open. %(naam)s helpt je weer verder. Je toestemmingen om je gegevens te delen "
                  "stopten toen je dossier sloot. Wil je dat we je weer voorstellen bij werkgevers? Geef ze opnieuw.")
        url = reverse("toestemmingen", args=[kandidaat.pk])
    else:
        tekst = _("Je dossier is weer open. %(naam)s helpt je weer verder.")
        url = reverse("werkzoekende_home")
    meldingen_maken([_item(kandidaat.account_id, Soort.DOSSIER, tekst % {"naam": contactpersoon}, url,
                           f"dossier_heropend:{gebeurtenis.pk}:{kandidaat.account_id}")])


@reageer_op(VOORDRACHT_UITGENODIGD, VOORDRACHT_AFGEWEZEN, VOORDRACHT_AANGENOMEN, VOORDRACHT_VERVALLEN)
def voordracht_beantwoord(gebeurtenis):
    """A melding that asks the werkgever to act ("laat weten of u een gesprek wilt") is done once the voordracht is
    answered (or stopped): every unread melding of the werkgever's people that points to it is read."""
    voordracht = Voordracht.objects.select_related("vacature__werkgever").filter(
        pk=gebeurtenis.gegevens["voordracht_id"]).first()
    if voordracht is not None:
        meldingen_gelezen_over(ontvangers=_werkgever_mensen(voordracht.vacature.werkgever),
                               url=reverse("voordracht_detail", args=[voordracht.pk]))


@reageer_op(OVEREENKOMST_ONDERTEKEND)
def overeenkomst_ondertekend(gebeurtenis):
    """"Onderteken die" is done once he signed: the werkgever's people's meldingen that point to the signing page
    are read."""
    plaatsing = Plaatsing.objects.select_related("werkgever").filter(pk=gebeurtenis.gegevens["plaatsing_id"]).first()
    if plaatsing is not None:
        meldingen_gelezen_over(ontvangers=_werkgever_mensen(plaatsing.werkgever),
                               url=reverse("overeenkomst_ondertekenen", args=[plaatsing.pk]))


@reageer_op(ACCOUNTMANAGER_GEWIJZIGD)
def werkgever_overgedragen(gebeurtenis):
    """A werkgever has another vaste accountmanager: the new one hears what came to her (with the open tasks,
    see taken.reacties, and the werkgever's messages, which follow the relation), the previous one that it went;
    not who did it. The werkgever's people had the mail of ``accountmanager_toewijzen``."""
    g = gebeurtenis.gegevens
    werkgever = Werkgever.objects.filter(pk=g["werkgever_id"]).first()
    mensen = User.objects.in_bulk([g["van_id"], g["naar_id"]])
    van, naar = mensen.get(g["van_id"]), mensen.get(g["naar_id"])
    if werkgever is None or van is None or naar is None:
        return
    url = reverse("werkgever_detail", args=[werkgever.pk])
    items = []
    if naar.pk != gebeurtenis.door_id:
        items.append(_item(naar, Soort.CONTACTPERSOON,
                           _("Je bent nu de vaste accountmanager van %(w)s, overgenomen van %(van)s. De open taken, "
                             "afspraken en berichten over %(w)s zijn nu voor jou.") % {"w": werkgever.naam,
                                                                            "van": van.get_full_name()},
                           url, f"werkgever_overgedragen:{gebeurtenis.pk}:{naar.pk}"))
    if van.pk != gebeurtenis.door_id:
        items.append(_item(van, Soort.CONTACTPERSOON,
                           een_punt(_("%(naar)s is nu de vaste accountmanager van %(w)s. Je open taken en komende "
                                      "afspraken met %(w)s zijn nu voor %(naar)s.")
                                    % {"w": werkgever.naam, "naar": naar.get_full_name()}),
                           url, f"werkgever_overgedragen:{gebeurtenis.pk}:{van.pk}"))
    meldingen_maken(items)
