import logging
import os
import posixpath
from datetime import timedelta
from functools import partial

from celery import current_app
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import gettext_noop

from accounts.models import Rol, User, Verwerking
from accounts.permissions import geef_objectrecht, trek_objectrecht_in
from accounts.selectors import gemeente_voor_postcode
from accounts.services import verwerking_registreer
from klantreis.lib import datums
from klantreis.lib.claim import claim, claim_rijen
from klantreis.lib.forms import VIJF_JAAR
from klantreis.lib.opslag import bestand_opslaan
from klantreis.lib.tekst import een_punt
from outbox.services import gebeurtenis_vastleggen
from werkzoekenden.emails import (
    caseload_ontvangen,
    dossier_gesloten,
    nieuwe_contactpersoon,
    overdracht_ontvangen,
    rechtenverzoek_beantwoord,
    rechtenverzoek_ontvangen,
    toestemming_beantwoord,
    toestemming_gevraagd,
)
from werkzoekenden.models import (
    DOCUMENT_HERINNERING_WEKEN,
    Actie,
    Afsluitreden,
    Caseloadoverdracht,
    CaseloadoverdrachtDossier,
    Contactvoorkeur,
    Document,
    DossierToegang,
    Kandidaat,
    KlantmanagerToewijzing,
    PlanVanAanpak,
    PlanWijziging,
    Rechtenverzoek,
    Toestemming,
    ToestemmingVerzoek,
    aandacht_bijwerken,
    een_maand_later,
)
from werkzoekenden.permissions import WAARNEMEN

logger = logging.getLogger(__name__)

# Journey events of this app (the apps above react to them; see docs/architecture.md).
TOESTEMMING_INGETROKKEN = "werkzoekenden.toestemming_ingetrokken"
DOSSIER_OVERGEDRAGEN = "werkzoekenden.dossier_overgedragen"
# A plan action was added or changed (payload ``actie_id``; ``wat``: ``toegevoegd``, ``afgerond`` (now klaar),
# ``notitie`` (a note written or changed, and not done) or ``gewijzigd``; events written before carry no ``wat``).
ACTIE_GEWIJZIGD = "werkzoekenden.actie_gewijzigd"
ACTIE_TOEGEVOEGD, ACTIE_AFGEROND, ACTIE_ANDERS = "toegevoegd", "afgerond", "gewijzigd"
ACTIE_NOTITIE = "notitie"
# How the werkzoekende wants to be reached changed (payload ``kandidaat_id``, ``contactvoorkeur``: the new one).
CONTACTVOORKEUR_GEWIJZIGD = "werkzoekenden.contactvoorkeur_gewijzigd"
# The kind of contact in this phase changed (payload ``kandidaat_id``, ``soort_contact``: the new one): telefonisch,
# persoonlijk or zelfstandig, which the werkzoekende may choose herself.
SOORT_CONTACT_GEWIJZIGD = "werkzoekenden.soort_contact_gewijzigd"
# The klantmanager changed the uitkering in the dossier (payload ``kandidaat_id``, ``uitkering_van``,
# ``uitkering_naar``), as a handover may (``DOSSIER_OVERGEDRAGEN``): what hangs on it follows (the WW
# sollicitatieplicht).
UITKERING_GEWIJZIGD = "werkzoekenden.uitkering_gewijzigd"
CV_GEUPLOAD = "werkzoekenden.cv_geupload"
# An accountmanager asked consent in the portal, and the werkzoekende's answer. Payload: ``verzoek_id``,
# ``kandidaat_id``, ``werkgever_id``, ``vacature_id``, ``gevraagd_door_id``, ``klantmanager_id`` (what a
# notification needs to find its people without reading the request again).
TOESTEMMING_GEVRAAGD = "werkzoekenden.toestemming_gevraagd"
TOESTEMMING_VERLEEND = "werkzoekenden.toestemming_verleend"
TOESTEMMING_GEWEIGERD = "werkzoekenden.toestemming_geweigerd"
# A klantmanager recorded a consent the werkzoekende gave outside the portal (payload ``toestemming_id``,
# ``kandidaat_id``): the werkzoekende hears what was recorded, and that they can withdraw it.
TOESTEMMING_VASTGELEGD = "werkzoekenden.toestemming_vastgelegd"
# The werkzoekende gave a consent herself in the portal (payload ``toestemming_id``, ``kandidaat_id``): her klantmanager
# hears what may be shared now, also when it comes back after she withdrew it.
TOESTEMMING_GEGEVEN = "werkzoekenden.toestemming_gegeven"
# A consent recorded for the werkzoekende is of this year: one given longer ago is asked again, not written down late
# (and a typing slip such as 1900 is caught).
TOESTEMMING_HOOGSTENS_GELEDEN = timedelta(days=365)
# A certificate expires within DOCUMENT_HERINNERING_WEKEN weeks (payload ``document_id``, ``kandidaat_id``,
# ``klantmanager_id``, ``verloopt_op``); once per certificate.
DOCUMENT_VERLOOPT = "werkzoekenden.document_verloopt"
# A document was uploaded (payload ``document_id``, ``kandidaat_id``): the other side of the dossier hears of it.
DOCUMENT_GEUPLOAD = "werkzoekenden.document_geupload"
# A new dossier after the intake (payload ``kandidaat_id``), and a plan review: the evaluation that was due
# took place and the klantmanager sets the next date (``kandidaat_id``, ``plan_id``). Beleving asks the
# werkzoekende "Hoe ging dit?".
DOSSIER_AANGEMAAKT = "werkzoekenden.dossier_aangemaakt"
PLAN_GEEVALUEERD = "werkzoekenden.plan_geevalueerd"
# The klantmanager set (or moved) the day the plan is looked at together (payload ``kandidaat_id``, ``evaluatiedatum``:
# the new one, ISO, or None when it was taken away): the werkzoekende hears a new day; one taken away is not told, but
# the melding of the day she was told is read.
EVALUATIE_GEPLAND = "werkzoekenden.evaluatie_gepland"


def toestemming_verlenen(*, kandidaat: Kandidaat, doel: str, door, werkgever=None, derde_partij="", wijze="",
                         gegeven_op=None, voor_dossiertoegang=False) -> Toestemming:
    """Record a consent of the kandidaat. Granting the same consent twice keeps the first one.
    ``voor_dossiertoegang``: recorded by ``dossiertoegang_geven``, whose melding tells the werkzoekende of it.

    The werkzoekende gives it in the portal. A klantmanager only records what the werkzoekende said: how
    (``wijze``: in a gesprek, by phone, in writing) and on which day; the werkzoekende sees that and can
    withdraw it."""
    if door is not None and door.rol == "werkzoekende":
        wijze, gegeven_op = Toestemming.Wijze.PORTAAL, timezone.localdate()
    else:
        # Recorded for the werkzoekende (the klantmanager's form asks both; an import may not know them).
        fouten = {}
        if wijze and (wijze not in Toestemming.Wijze.values or wijze == Toestemming.Wijze.PORTAAL):
            fouten["wijze"] = _("Hoe gaf de werkzoekende toestemming? Kies gesprek, telefoon of schriftelijk.")
        if gegeven_op is not None and gegeven_op > timezone.localdate():
            fouten["gegeven_op"] = _("Die datum ligt in de toekomst.")
        elif gegeven_op is not None and gegeven_op < timezone.localdate() - TOESTEMMING_HOOGSTENS_GELEDEN:
            fouten["gegeven_op"] = _(
                "Die datum ligt meer dan een jaar terug (vóór %(grens)s). Een toestemming van zo lang geleden leg je "
                "niet achteraf vast: vraag de werkzoekende opnieuw en vul de dag van dat gesprek in.") % {
                "grens": datums.datum(timezone.localdate() - TOESTEMMING_HOOGSTENS_GELEDEN)}
        if fouten:
            raise ValidationError(fouten)
    if doel == Toestemming.Doel.DELEN_MET_WERKGEVER and werkgever is None:
        raise ValidationError({"werkgever": _("Kies met welke werkgever het cv gedeeld mag worden.")})
    if doel == Toestemming.Doel.DELEN_MET_DERDE and not derde_partij.strip():
        raise ValidationError({"derde_partij": _("Vul in met welke partij de gegevens gedeeld mogen worden.")})
    with transaction.atomic():
        # Serialise grants per kandidaat, and read whether the dossier is still open as it is now.
        if Kandidaat.objects.select_for_update().get(pk=kandidaat.pk).afgesloten_op is not None:
            # Closing ended every consent with the guidance; a new one would make her findable again.
            raise ValidationError(_("Dit dossier is gesloten: er wordt geen nieuwe toestemming meer vastgelegd. "
                                    "Begint de begeleiding weer, dan heropent de klantmanager eerst het dossier."))
        bestaand = Toestemming.objects.filter(
            kandidaat=kandidaat, doel=doel, werkgever=werkgever, derde_partij=derde_partij.strip(),
            ingetrokken_op__isnull=True,
        ).first()
        if bestaand:
            return bestaand
        toestemming = Toestemming.objects.create(
            kandidaat=kandidaat, doel=doel, werkgever=werkgever, derde_partij=derde_partij.strip(), verleend_door=door,
            wijze=wijze, gegeven_op=gegeven_op,
        )
        verwerking_registreer(
            gebruiker=door, actie=Verwerking.Actie.AANMAKEN, obj=toestemming, doel=gettext_noop("toestemming gegeven")
        )
        if door is not None and door.rol != "werkzoekende":
            gebeurtenis_vastleggen(TOESTEMMING_VASTGELEGD, door=door, toestemming_id=toestemming.pk,
                                   kandidaat_id=kandidaat.pk, voor_dossiertoegang=voor_dossiertoegang)
        elif door is not None:
            gebeurtenis_vastleggen(TOESTEMMING_GEGEVEN, door=door, toestemming_id=toestemming.pk,
                                   kandidaat_id=kandidaat.pk)
        if doel == Toestemming.Doel.DELEN_MET_WERKGEVER:
            # One truth: an open question for this werkgever is answered by the consent, however it was given.
            _verzoeken_afsluiten(toestemming, door=door)
    return toestemming


def _verzoek_gegevens(verzoek):
    return {"verzoek_id": verzoek.pk, "kandidaat_id": verzoek.kandidaat_id, "werkgever_id": verzoek.werkgever_id,
            "vacature_id": verzoek.vacature_id, "gevraagd_door_id": verzoek.gevraagd_door_id,
            "klantmanager_id": verzoek.kandidaat.klantmanager_id}


def _verzoeken_afsluiten(toestemming, *, door):
    for verzoek in (ToestemmingVerzoek.objects.select_for_update(of=("self",)).select_related(
            "kandidaat", "werkgever", "vacature", "gevraagd_door")
            .filter(kandidaat_id=toestemming.kandidaat_id, werkgever_id=toestemming.werkgever_id,
                    status=ToestemmingVerzoek.Status.GEVRAAGD)):
        verzoek.status, verzoek.toestemming = ToestemmingVerzoek.Status.VERLEEND, toestemming
        verzoek.beantwoord_op, verzoek.beantwoord_door = timezone.now(), door
        verzoek.save(update_fields=["status", "toestemming", "beantwoord_op", "beantwoord_door"])
        toestemming_beantwoord(verzoek)
        gebeurtenis_vastleggen(TOESTEMMING_VERLEEND, door=door, **_verzoek_gegevens(verzoek))


def toestemming_vragen(*, kandidaat: Kandidaat, vacature, door, delen) -> ToestemmingVerzoek:
    """The accountmanager asks the werkzoekende, in the portal, to share their profile with the werkgever of
    ``vacature``. Asking again while a question is open returns the open question (a database constraint
    keeps it at one). The werkzoekende gets a mail without details: the question itself is in the portal."""
    if door.rol != "accountmanager":
        raise PermissionError("Alleen een accountmanager vraagt toestemming.")
    delen = [g for g in ToestemmingVerzoek.Gegeven.values if g in set(delen)]
    if ToestemmingVerzoek.Gegeven.NAAM_EN_PROFIEL not in delen:
        raise ValidationError({"delen": _("Naam en profiel horen er altijd bij: zonder kan de werkgever niets.")})
    if vacature.status != "open":
        raise ValidationError(_("Vraag alleen toestemming voor een open vacature."))
    werkgever = vacature.werkgever
    with transaction.atomic():
        kandidaat = Kandidaat.objects.select_for_update(of=("self",)).select_related("klantmanager", "account").get(
            pk=kandidaat.pk)
        if kandidaat.afgesloten_op is not None:
            raise ValidationError(_("Het dossier van deze kandidaat is gesloten: vraag geen toestemming meer."))
        if Toestemming.objects.filter(kandidaat=kandidaat, doel=Toestemming.Doel.DELEN_MET_WERKGEVER,
                                      werkgever=werkgever, ingetrokken_op__isnull=True).exists():
            raise ValidationError(een_punt(_("Deze kandidaat heeft al toestemming gegeven voor %(w)s.")
                                           % {"w": werkgever}))
        bestaand = ToestemmingVerzoek.objects.filter(kandidaat=kandidaat, werkgever=werkgever,
                                                     status=ToestemmingVerzoek.Status.GEVRAAGD).first()
        if bestaand:
            return bestaand
        try:
            with transaction.atomic():
                verzoek = ToestemmingVerzoek.objects.create(kandidaat=kandidaat, werkgever=werkgever,
                                                            vacature=vacature, gevraagd_door=door, delen=delen)
        except IntegrityError:  # asked at the same moment by a colleague: theirs is the question
            return ToestemmingVerzoek.objects.get(kandidaat=kandidaat, werkgever=werkgever,
                                                  status=ToestemmingVerzoek.Status.GEVRAAGD)
        toestemming_gevraagd(verzoek)
        gebeurtenis_vastleggen(TOESTEMMING_GEVRAAGD, door=door, **_verzoek_gegevens(verzoek))
    return verzoek


def toestemming_verzoek_beantwoorden(*, verzoek: ToestemmingVerzoek, door, ja: bool,
                                     reden: str = "") -> ToestemmingVerzoek:
    """The werkzoekende answers with one click. Yes grants the real consent (``toestemming_verlenen``, which
    closes the question); no closes it with an optional reason that only the klantmanager reads. The
    accountmanager is told either way (mail now, task by ``taken.reacties``)."""
    if door.rol != "werkzoekende" or verzoek.kandidaat.account_id != door.pk:
        raise PermissionError("Alleen de werkzoekende zelf beantwoordt de vraag.")
    with transaction.atomic():
        # The kandidaat first, then the question: the order of ``dossier_afsluiten`` (which lets an open question
        # lapse) and of ``toestemming_verlenen``. The other way round, a yes while the dossier closes deadlocked.
        Kandidaat.objects.select_for_update().filter(pk=verzoek.kandidaat_id).first()
        huidig = ToestemmingVerzoek.objects.select_for_update(of=("self",)).select_related(
            "kandidaat__klantmanager", "werkgever", "vacature", "gevraagd_door").get(pk=verzoek.pk)
        if huidig.status == ToestemmingVerzoek.Status.VERVALLEN:  # nobody answered it: old, or the dossier closed
            raise ValidationError(_("Deze vraag geldt niet meer. Je hoeft niets te doen."))
        if not huidig.is_open:
            raise ValidationError(_("Deze vraag is al beantwoord."))
        if ja:
            toestemming_verlenen(kandidaat=huidig.kandidaat, doel=Toestemming.Doel.DELEN_MET_WERKGEVER,
                                 werkgever=huidig.werkgever, door=door)
            huidig.refresh_from_db()
            return huidig
        huidig.status, huidig.reden = ToestemmingVerzoek.Status.GEWEIGERD, reden.strip()[:500]
        huidig.beantwoord_op, huidig.beantwoord_door = timezone.now(), door
        huidig.save(update_fields=["status", "reden", "beantwoord_op", "beantwoord_door"])
        verwerking_registreer(gebruiker=door, actie=Verwerking.Actie.WIJZIGEN, obj=huidig.kandidaat,
                              doel=gettext_noop("geen toestemming gegeven"))
        toestemming_beantwoord(huidig)
        gebeurtenis_vastleggen(TOESTEMMING_GEWEIGERD, door=door, **_verzoek_gegevens(huidig))
    return huidig


def toestemming_intrekken(*, toestemming: Toestemming, door, bij_afsluiten: bool = False,
                          met_dossiertoegang: bool = False) -> Toestemming:
    """Withdraw at once: from this moment the werkgever no longer sees the cv and no new
    voordracht can be made on it, and a colleague of another organisation whose access to the dossier rested on it
    loses that access (in this transaction). ``bij_afsluiten``: it ends because the dossier closed (the werkzoekende
    hears that once, from ``DOSSIER_AFGESLOTEN``, not once per consent). ``met_dossiertoegang``: it ends because the
    access it was given for ended (nobody hears of the consent apart: ``DOSSIERTOEGANG_BEEINDIGD`` tells them).
    Locks the kandidaat, then the consent, then the accesses on it: the order of every such write."""
    with transaction.atomic():
        # The lock order of every write to a dossier's consents and accesses: kandidaat, access rows, consent
        # (``dossier_afsluiten``, a handover, ``dossiertoegang_geven``); in another order two of them deadlock.
        Kandidaat.objects.select_for_update().filter(
            pk__in=Toestemming.objects.filter(pk=toestemming.pk).values("kandidaat_id")).first()
        toestemming = Toestemming.objects.select_for_update().get(pk=toestemming.pk)
        if toestemming.ingetrokken_op is None:
            toestemming.ingetrokken_op = timezone.now()
            toestemming.ingetrokken_door = door
            toestemming.bij_afsluiten = bij_afsluiten
            toestemming.save(update_fields=["ingetrokken_op", "ingetrokken_door", "bij_afsluiten"])
            verwerking_registreer(
                gebruiker=door, actie=Verwerking.Actie.WIJZIGEN, obj=toestemming,
                doel=gettext_noop("toestemming ingetrokken")
            )
            for toegang in (DossierToegang.objects.select_for_update(of=("self",))
                            .select_related("kandidaat", "klantmanager")
                            .filter(toestemming=toestemming, beeindigd_op__isnull=True)):
                _toegang_beeindigen(toegang, door=door, einde=DossierToegang.Einde.TOESTEMMING_INGETROKKEN)
            # What rested on it (open voordrachten) closes after commit: see bemiddeling.reacties.
            gebeurtenis_vastleggen(TOESTEMMING_INGETROKKEN, door=door, toestemming_id=toestemming.pk,
                                   kandidaat_id=toestemming.kandidaat_id, werkgever_id=toestemming.werkgever_id,
                                   doel=toestemming.doel, bij_afsluiten=bij_afsluiten,
                                   met_dossiertoegang=met_dossiertoegang)
    return toestemming


# --- toegang tot één dossier voor een collega (django-guardian) ------------------------------------

# A colleague was given access to one dossier, or its end date changed (payload ``dossiertoegang_id``,
# ``kandidaat_id``, ``klantmanager_id``, ``verlengd``, ``toestemming_nieuw``: whether this call recorded the consent
# it rests on): the colleague and the werkzoekende hear it.
DOSSIERTOEGANG_GEGEVEN = "werkzoekenden.dossiertoegang_gegeven"
# That access ended (payload ``dossiertoegang_id``, ``kandidaat_id``, ``klantmanager_id``, ``einde``: why, one of
# ``DossierToegang.Einde``).
DOSSIERTOEGANG_BEEINDIGD = "werkzoekenden.dossiertoegang_beeindigd"
# Access is for a task (a colleague who covers one werkzoekende during a leave, the gemeente's klantmanager for the
# bijstand beside UWV's WW): at most three calendar months, the rhythm in which a plan van aanpak is evaluated.
# Longer is a warme overdracht, or giving it again before it ends.
DOSSIERTOEGANG_HOOGSTENS_MAANDEN = 3


def dossiertoegang_uiterlijk(vandaag):
    """The last end date a grant made on ``vandaag`` may have: three calendar months on."""
    dag = vandaag
    for _i in range(DOSSIERTOEGANG_HOOGSTENS_MAANDEN):
        dag = een_maand_later(dag)
    return dag


def derde_partij_voor(klantmanager):
    """How a consent for a colleague of another organisation names them: person and organisation, so the
    werkzoekende reads exactly who ("Jeske Gunterman (Gemeente Arnhem)")."""
    return f"{klantmanager.get_full_name()} ({klantmanager.organisatie})"[:200]


def dossiertoegang_geven(*, kandidaat, door, klantmanager, reden, tot, wijze="", gegeven_op=None) -> DossierToegang:
    """The vaste klantmanager gives ``klantmanager`` (a colleague of her organisation, or of another organisation in
    her arbeidsmarktregio) access to this one dossier, for ``reden``, through ``tot`` (inclusive). Giving it again
    while it runs changes the reason and end date of the running one.

    A colleague of another organisation reads personal data across organisations: that needs the werkzoekende's
    consent. An active consent for exactly this colleague is used; otherwise the klantmanager records the consent
    the werkzoekende gave her (``wijze``, ``gegeven_op``; ``toestemming_verlenen``), which the werkzoekende sees and
    can withdraw, and withdrawing ends the access.

    The django-guardian grant is what opens the dossier; the ``DossierToegang`` row beside it holds why and until
    when. Both are written in one transaction, with the kandidaat locked (the same lock as closing the dossier and a
    warme overdracht), an audit line and the journey event ``DOSSIERTOEGANG_GEGEVEN``."""
    reden = " ".join((reden or "").split())
    vandaag = timezone.localdate()
    fouten = {}
    if not reden:
        fouten["reden"] = _("Schrijf kort waarom je collega toegang krijgt.")
    elif len(reden) > 200:
        fouten["reden"] = _("Houd de reden kort: hoogstens 200 tekens.")
    uiterlijk = dossiertoegang_uiterlijk(vandaag)
    if tot is None:
        fouten["tot"] = _("Kies tot wanneer je collega toegang heeft.")
    elif tot < vandaag:
        fouten["tot"] = _("Die datum is al voorbij. Kies vandaag of een dag daarna.")
    elif tot > uiterlijk:
        fouten["tot"] = _("Toegang geef je voor hoogstens 3 maanden: kies uiterlijk %(datum)s. Duurt het langer? "
                          "Geef de toegang dan opnieuw als hij bijna afloopt, of draag het dossier over.") % {
            "datum": datums.datum(uiterlijk)}
    if klantmanager is None or klantmanager.rol != Rol.KLANTMANAGER or not klantmanager.is_active:
        fouten["klantmanager"] = _("Kies een actieve klantmanager.")
    elif klantmanager.pk == door.pk:
        fouten["klantmanager"] = _("Kies een collega; je bent zelf de klantmanager van dit dossier.")
    elif klantmanager.organisatie_id != door.organisatie_id and (
            door.regio_id is None or klantmanager.regio_id != door.regio_id):
        fouten["klantmanager"] = _("Kies een klantmanager van je eigen organisatie of uit je eigen "
                                   "arbeidsmarktregio.")
    if fouten:
        raise ValidationError(fouten)
    andere_organisatie = klantmanager.organisatie_id != door.organisatie_id
    with transaction.atomic():
        kandidaat = Kandidaat.objects.select_for_update().get(pk=kandidaat.pk)
        if kandidaat.klantmanager_id != door.pk:
            raise PermissionError("Alleen de vaste klantmanager geeft toegang tot het dossier.")
        if kandidaat.afgesloten_op is not None:
            raise ValidationError(_("Dit dossier is gesloten: niemand krijgt er nog toegang toe."))
        bestaand = DossierToegang.objects.select_for_update().filter(
            kandidaat=kandidaat, klantmanager=klantmanager, beeindigd_op__isnull=True).first()
        toestemming, toestemming_nieuw = None, False
        if andere_organisatie:
            toestemming = Toestemming.objects.filter(
                kandidaat=kandidaat, doel=Toestemming.Doel.DELEN_MET_DERDE,
                derde_partij=derde_partij_voor(klantmanager), ingetrokken_op__isnull=True).first()
            if toestemming is None:
                if not wijze or gegeven_op is None:
                    raise ValidationError({"wijze": _(
                        "%(collega)s werkt bij een andere organisatie. Daarvoor is toestemming van %(naam)s nodig. "
                        "Vraag het %(naam)s en vul in hoe en wanneer %(naam)s ja zei.") % {
                        "collega": klantmanager.get_full_name(), "naam": kandidaat.voornaam}})
                toestemming = toestemming_verlenen(
                    kandidaat=kandidaat, doel=Toestemming.Doel.DELEN_MET_DERDE,
                    derde_partij=derde_partij_voor(klantmanager), door=door, wijze=wijze, gegeven_op=gegeven_op,
                    voor_dossiertoegang=True)
                toestemming_nieuw = True
        if bestaand is not None:
            bestaand.reden, bestaand.tot, bestaand.toestemming = reden, tot, toestemming
            bestaand.save(update_fields=["reden", "tot", "toestemming"])
            toegang = bestaand
        else:
            toegang = DossierToegang.objects.create(kandidaat=kandidaat, klantmanager=klantmanager, reden=reden,
                                                    tot=tot, gegeven_door=door, toestemming=toestemming)
        # The one door: werkzoekenden.permissions asks guardian, never the row above.
        geef_objectrecht(klantmanager, WAARNEMEN, kandidaat)
        with translation.override(settings.LANGUAGE_CODE):  # stored, read by everyone later: in Dutch
            doel = _("toegang tot het dossier voor %(naam)s tot en met %(tot)s") % {
                "naam": klantmanager.get_full_name(), "tot": datums.datum(tot)}
        verwerking_registreer(gebruiker=door, actie=Verwerking.Actie.DELEN, obj=kandidaat, doel=doel,
                              details=reden[:500])
        gebeurtenis_vastleggen(DOSSIERTOEGANG_GEGEVEN, door=door, dossiertoegang_id=toegang.pk,
                               kandidaat_id=kandidaat.pk, klantmanager_id=klantmanager.pk,
                               verlengd=bestaand is not None, toestemming_nieuw=toestemming_nieuw)
    return toegang


def _toegang_beeindigen(toegang, *, door, einde):
    """End ``toegang``: the guardian grant goes and the row says when, by whom and why. Precondition: in a
    transaction, the row locked and still running. The consent it rested on is the caller's business."""
    toegang.beeindigd_op, toegang.beeindigd_door, toegang.einde = timezone.now(), door, einde
    toegang.save(update_fields=["beeindigd_op", "beeindigd_door", "einde"])
    trek_objectrecht_in(toegang.klantmanager, WAARNEMEN, toegang.kandidaat)
    verwerking_registreer(
        gebruiker=door, actie=Verwerking.Actie.WIJZIGEN, obj=toegang.kandidaat,
        doel=gettext_noop("toegang tot het dossier beëindigd voor %(naam)s") % {
            "naam": toegang.klantmanager.get_full_name()},
        details=einde)
    gebeurtenis_vastleggen(DOSSIERTOEGANG_BEEINDIGD, door=door, dossiertoegang_id=toegang.pk,
                           kandidaat_id=toegang.kandidaat_id, klantmanager_id=toegang.klantmanager_id, einde=einde)


def dossiertoegang_beeindigen(*, toegang, door, einde=DossierToegang.Einde.BEEINDIGD, verlopen_voor=None) -> bool:
    """End one access to a dossier ("Toegang beëindigen", or the expiry sweep with ``verlopen_voor``: only if its
    end date still lies before that day, as it is now). True if this call ended it; an access that already ended
    stays as it was, so a second click or a second sweep changes nothing.

    The consent a colleague of another organisation had it on ends with it: it was given for this access.
    Locks the kandidaat first, then the access and its consent: the order of closing the dossier, a handover and
    ``toestemming_intrekken`` (in another order two of them deadlock)."""
    with transaction.atomic():
        Kandidaat.objects.select_for_update().filter(
            pk__in=DossierToegang.objects.filter(pk=toegang.pk).values("kandidaat_id")).first()
        toegang = (DossierToegang.objects.select_for_update(of=("self",)).select_related("kandidaat", "klantmanager")
                   .filter(pk=toegang.pk, beeindigd_op__isnull=True).first())
        if toegang is None or (verlopen_voor is not None and toegang.tot >= verlopen_voor):
            return False
        _toegang_beeindigen(toegang, door=door, einde=einde)
        if toegang.toestemming_id is not None:
            toestemming_intrekken(toestemming=toegang.toestemming, door=door, met_dossiertoegang=True)
    return True


def dossiertoegangen_laten_verlopen(*, nu=None, per_keer=500) -> int:
    """Celery beat: every access whose end date is past ends ("tot en met" the end date; from the day after, the
    dossier no longer opens). One transaction per access, each checked again under its lock: a worker killed
    halfway has ended whole accesses only (guardian grant and row together), and the next run ends the rest; two
    runs at once end each access once. Returns how many this run ended."""
    vandaag = timezone.localdate(nu)
    aantal = 0
    gezien = set()  # read again per batch: one another sweep or a click just ended is not asked twice
    while True:
        pks = list(DossierToegang.objects.filter(beeindigd_op__isnull=True, tot__lt=vandaag).exclude(pk__in=gezien)
                   .order_by("tot", "pk").values_list("pk", flat=True)[:per_keer])
        if not pks:
            return aantal
        for pk in pks:
            gezien.add(pk)
            if dossiertoegang_beeindigen(toegang=DossierToegang(pk=pk), door=None,
                                         einde=DossierToegang.Einde.VERLOPEN, verlopen_voor=vandaag):
                aantal += 1


def dossiertoegangen_van_collega_beeindigen(*, klantmanager_id, door) -> int:
    """Every running access of this colleague ends as ``COLLEGA_VERTROKKEN`` (she left, or her organisation or role
    changed: ``accounts.GEBRUIKER_GEWIJZIGD``), each through ``dossiertoegang_beeindigen``: guardian grant, row and the
    consent it rested on together, in the lock order of every dossier. Returns how many this call ended."""
    pks = list(DossierToegang.objects.filter(klantmanager_id=klantmanager_id, beeindigd_op__isnull=True)
               .order_by("pk").values_list("pk", flat=True))
    return sum(dossiertoegang_beeindigen(toegang=DossierToegang(pk=pk), door=door,
                                         einde=DossierToegang.Einde.COLLEGA_VERTROKKEN) for pk in pks)


# --- plan van aanpak -------------------------------------------------------------------------

ACTIEVELDEN = ("levensdomein", "doel", "omschrijving", "eigenaar", "derde_partij", "uiterlijk", "status", "notitie")


class Bewerkingsconflict(Exception):
    """Someone else saved this actie after you opened it. Nothing of yours was saved; ``actie`` is
    how it is now, so the form can show both."""

    def __init__(self, actie):
        super().__init__(_("Iemand anders heeft deze actie net gewijzigd. Je tekst staat hieronder nog; "
                           "bekijk de nieuwe versie en sla opnieuw op."))
        self.actie = actie


def plan_van(kandidaat):
    plan, _nieuw = PlanVanAanpak.objects.get_or_create(kandidaat=kandidaat)
    return plan


def _beschrijf(actie):
    """The action as the werkzoekende reads it in the history of her plan ("Mijn gegevens"): the form's own words
    and values ("Wie doet het: Een andere organisatie", "Klaar op: 18 december 2026"), not field names and codes.
    An empty optional field is left out."""
    delen = []
    with translation.override(settings.LANGUAGE_CODE):  # stored, read by everyone later: in Dutch
        for veld in ACTIEVELDEN:
            waarde = getattr(actie, veld)
            if veld == "uiterlijk":
                waarde = datums.datum(waarde)
            elif veld in ("levensdomein", "eigenaar", "status"):
                waarde = getattr(actie, f"get_{veld}_display")()
            if waarde:
                delen.append(f"{str(Actie._meta.get_field(veld).verbose_name).capitalize()}: {waarde}")
    return "; ".join(delen)


def actie_controleren(velden, *, nieuw):
    """The rules of an action that no single field knows: the organisation when another organisation does it, a day
    not already past for a new one, not more than five years ahead. Raises a ``ValidationError`` per field. The form
    (``ActieForm.clean``) asks it too, so that every error shows at once, not these only on a second submit."""
    fouten = {}
    if velden.get("eigenaar") == Actie.Eigenaar.DERDE and not (velden.get("derde_partij") or "").strip():
        fouten["derde_partij"] = _("Welke organisatie doet dit? Bijvoorbeeld schuldhulpverlening.")
    uiterlijk = velden.get("uiterlijk")
    if uiterlijk and nieuw and uiterlijk < timezone.localdate():
        fouten["uiterlijk"] = _("Deze datum is al voorbij. Kies vandaag of later.")
    if uiterlijk and uiterlijk > VIJF_JAAR.vanaf(timezone.localdate()):  # also on 29 February
        fouten["uiterlijk"] = _("Deze datum ligt meer dan vijf jaar vooruit. Klopt het jaartal?")
    if fouten:
        raise ValidationError(fouten)


# The same new action (or document) by the same person within this time is the second POST of a double click, or
# the form sent again after the back button: the first one is kept and returned, the dossier gets it once.
DUBBEL_BINNEN = timedelta(minutes=5)


# The plan of a closed dossier stands still: nobody works in it (``dossier_afsluiten`` finished its tasks), so an action
# for the klantmanager would be a task nobody sees coming. Open again, it moves on.
PLAN_STAAT_STIL = _lazy("Het dossier is gesloten: het plan staat stil tot het dossier weer open is.")


def _plan_staat_stil(**kandidaat):
    """Refuse a change to the plan of a closed dossier (``kandidaat``: a filter for its row). Call inside ``atomic()``
    before any other lock: the kandidaat row is locked first, as ``dossier_afsluiten`` and a handover lock it (then
    the plan). Read without the lock, a closing not yet committed passed for open and the change went into the closed
    plan; taken after the plan's, the lock would be the reverse order of a handover's, which writes to the plan. NO KEY:
    a row that only refers to the kandidaat (a sollicitatie, a message) is not held up by it."""
    gesloten = Kandidaat.objects.select_for_update(no_key=True, of=("self",)).filter(**kandidaat).values_list(
        "afgesloten_op", flat=True).first()
    if gesloten is not None:
        raise ValidationError(str(PLAN_STAAT_STIL))


def actie_toevoegen(*, kandidaat, door, **velden):
    actie_controleren(velden, nieuw=True)
    with transaction.atomic():
        _plan_staat_stil(pk=kandidaat.pk)
        plan = plan_van(kandidaat)
        # New actions on one plan one at a time, so the second POST finds the first.
        PlanVanAanpak.objects.select_for_update().filter(pk=plan.pk).first()
        for eerder in Actie.objects.filter(
                plan=plan, versie=1, gewijzigd_op__gte=timezone.now() - DUBBEL_BINNEN,
                wijzigingen__door=door, **{veld: velden.get(veld, Actie._meta.get_field(veld).get_default())
                                           for veld in ACTIEVELDEN}).order_by("-pk")[:1]:
            return eerder
        actie = Actie.objects.create(plan=plan, **velden)
        PlanWijziging.objects.create(plan=plan, actie=actie, door=door, na=_beschrijf(actie),
                                     omschrijving=gettext_noop("Actie toegevoegd: %(a)s") % {
                                         "a": actie.omschrijving[:400]})
        verwerking_registreer(gebruiker=door, actie=Verwerking.Actie.WIJZIGEN, obj=kandidaat,
                              doel=gettext_noop("plan van aanpak bijwerken"))
        gebeurtenis_vastleggen(ACTIE_GEWIJZIGD, door=door, actie_id=actie.pk, wat=ACTIE_TOEGEVOEGD)
    return actie


def actie_wijzigen(*, actie, door, versie: int, **velden):
    """Save the changes only if nobody saved in between (``versie`` is the version the form showed)."""
    actie_controleren(velden, nieuw=False)
    with transaction.atomic():
        _plan_staat_stil(plan__acties=actie.pk)
        huidig = Actie.objects.select_for_update(of=("self",)).select_related("plan").get(pk=actie.pk)
        if huidig.versie != versie:
            raise Bewerkingsconflict(huidig)
        if all(getattr(huidig, veld) == waarde for veld, waarde in velden.items()):
            # "Opslaan" on a form nobody changed: nothing happened, so no line in the history of her plan and no
            # melding to the other side that the plan was changed.
            return huidig
        voor, was_klaar, notitie_voor = _beschrijf(huidig), huidig.status == Actie.Status.KLAAR, huidig.notitie
        velden["versie"], velden["gewijzigd_op"] = versie + 1, timezone.now()
        # Compare-and-set on the version, also where SELECT FOR UPDATE does not lock (SQLite).
        if Actie.objects.filter(pk=actie.pk, versie=versie).update(**velden) != 1:
            raise Bewerkingsconflict(Actie.objects.get(pk=actie.pk))
        huidig.refresh_from_db()
        PlanWijziging.objects.create(plan=huidig.plan, actie=huidig, door=door, voor=voor, na=_beschrijf(huidig),
                                     omschrijving=gettext_noop("Actie gewijzigd: %(a)s") % {
                                         "a": huidig.omschrijving[:400]})
        verwerking_registreer(gebruiker=door, actie=Verwerking.Actie.WIJZIGEN, obj=huidig.plan.kandidaat,
                              doel=gettext_noop("plan van aanpak bijwerken"))
        afgerond = huidig.status == Actie.Status.KLAAR and not was_klaar
        # A note written or changed (a question for the other side, or the answer): the melding says there is
        # something to read.
        notitie = bool(huidig.notitie.strip()) and huidig.notitie != notitie_voor
        gebeurtenis_vastleggen(ACTIE_GEWIJZIGD, door=door, actie_id=huidig.pk,
                               wat=ACTIE_AFGEROND if afgerond else ACTIE_NOTITIE if notitie else ACTIE_ANDERS)
        aandacht_bijwerken([huidig.plan.kandidaat_id])  # the UPDATE above skips Actie.save()
    return huidig


def evaluatiedatum_instellen(*, kandidaat, door, evaluatiedatum):
    if evaluatiedatum and evaluatiedatum < timezone.localdate():
        raise ValidationError({"evaluatiedatum": _("De evaluatie plan je vandaag of later.")})
    with transaction.atomic():
        _plan_staat_stil(pk=kandidaat.pk)
        plan = plan_van(kandidaat)
        plan = type(plan).objects.select_for_update().get(pk=plan.pk)
        vorige = plan.evaluatiedatum
        if evaluatiedatum == vorige:
            # Saved again as it stands (a second click, or "opslaan" without a change): no "gewijzigd" in the history.
            return plan
        plan.evaluatiedatum = evaluatiedatum
        plan.save(update_fields=["evaluatiedatum"])
        with translation.override(settings.LANGUAGE_CODE):  # stored, read by everyone later: in Dutch
            omschrijving = (_("Evaluatiedatum gewijzigd naar %(datum)s") % {"datum": datums.datum(evaluatiedatum)}
                            if evaluatiedatum else _("Evaluatiedatum weggehaald"))
            PlanWijziging.objects.create(plan=plan, door=door, voor=datums.datum(vorige),
                                         na=datums.datum(evaluatiedatum), omschrijving=omschrijving)
        # Also a date taken away (``evaluatiedatum`` None): the melding of the day she was told holds no more.
        gebeurtenis_vastleggen(EVALUATIE_GEPLAND, door=door, kandidaat_id=kandidaat.pk,
                               evaluatiedatum=evaluatiedatum.isoformat() if evaluatiedatum else None)
        if vorige is not None and vorige <= timezone.localdate() and evaluatiedatum and evaluatiedatum > vorige:
            # The evaluation that was due has been held: the klantmanager plans the next one.
            gebeurtenis_vastleggen(PLAN_GEEVALUEERD, door=door, kandidaat_id=kandidaat.pk, plan_id=plan.pk)
    return plan


def cv_opslaan(*, kandidaat, door, bestand, soort, formuliersleutel=None):
    """Store the checked cv (pdf or docx) under a neutral name; the old one is removed.

    ``formuliersleutel`` is the cv page's one-time key, joined with the file's bytes: the same page sent again with
    the same file (a double click, the back button and the button again) stores nothing a second time (no second
    file, audit line or melding) and returns the kandidaat as it is. Another file, or another visit to the page, is
    a new cv. Locks the kandidaat row: the second of two at once waits and then finds the first's key."""
    with transaction.atomic():
        kandidaat = Kandidaat.objects.select_for_update().get(pk=kandidaat.pk)
        if formuliersleutel is not None and kandidaat.cv and kandidaat.cv_formuliersleutel == formuliersleutel:
            return kandidaat
        oud = kandidaat.cv.name if kandidaat.cv else None
        naam = os.path.basename(bestand.name)[:150] or f"cv.{soort}"
        with bestand_opslaan("cv"):
            kandidaat.cv.save(f"cv-{kandidaat.pk}-{timezone.now():%Y%m%d%H%M%S}.{soort}", bestand, save=False)
        kandidaat.cv_bestandsnaam, kandidaat.cv_geupload_op = naam, timezone.now()
        kandidaat.cv_formuliersleutel = formuliersleutel
        kandidaat.save(update_fields=["cv", "cv_bestandsnaam", "cv_geupload_op", "cv_formuliersleutel"])
        verwerking_registreer(gebruiker=door, actie=Verwerking.Actie.WIJZIGEN, obj=kandidaat,
                              doel=gettext_noop("cv uploaden"))
        gebeurtenis_vastleggen(CV_GEUPLOAD, door=door, kandidaat_id=kandidaat.pk)
        if oud and oud != kandidaat.cv.name:
            transaction.on_commit(lambda: kandidaat.cv.storage.delete(oud), robust=True)
    return kandidaat


# --- documenten (diploma's, certificaten, brieven, referenties) -----------------------------

def _documentvelden_controleren(*, soort, verloopt_op, nieuw=True):
    fouten = {}
    if soort not in Document.Soort.values:
        fouten["soort"] = _("Kies wat voor document het is.")
    elif verloopt_op is not None and soort != Document.Soort.CERTIFICAAT:
        fouten["verloopt_op"] = _("Alleen een certificaat heeft een datum waarop het verloopt. Laat dit leeg of "
                                  "kies soort certificaat.")
    elif verloopt_op is not None and verloopt_op.year > timezone.localdate().year + 25:
        fouten["verloopt_op"] = _("Deze datum ligt meer dan 25 jaar vooruit. Klopt het jaartal?")
    if fouten:
        raise ValidationError(fouten)


def document_opslaan(*, kandidaat: Kandidaat, door, bestand, bestandssoort: str, soort: str, titel: str = "",
                     verloopt_op=None, delen_met_werkgever: bool = False, formuliersleutel=None) -> Document:
    """Store a checked document (pdf or docx, already cleaned by the form) under a neutral name.

    Whether it may go along with a voordracht is the werkzoekende's choice: a klantmanager's upload starts as
    "niet delen" and the werkzoekende switches it on (``document_delen_instellen``).

    ``formuliersleutel`` is the upload page's one-time key: the same page sent again (a double tap, the back button
    and "Document opslaan" again) returns the document it made. Two uploads from two visits are two documents, even
    when name and size are the same. Locks the kandidaat row: one upload at a time per dossier."""
    _documentvelden_controleren(soort=soort, verloopt_op=verloopt_op)
    if door is None or door.rol != "werkzoekende":
        delen_met_werkgever = False
    naam = posixpath.basename((bestand.name or "").replace("\\", "/"))[:150] or f"{soort}.{bestandssoort}"
    titel = (titel or "").strip()[:150]
    with transaction.atomic():
        # The same page sent twice at once: the second waits here and then finds the first's document.
        Kandidaat.objects.select_for_update().filter(pk=kandidaat.pk).first()
        if formuliersleutel is not None and (eerder := Document.objects.filter(
                kandidaat=kandidaat, formuliersleutel=formuliersleutel).first()):
            return eerder
        document = Document(kandidaat=kandidaat, soort=soort, titel=titel,
                            bestandsnaam=naam, bestandssoort=bestandssoort, grootte=bestand.size or 0,
                            verloopt_op=verloopt_op, delen_met_werkgever=delen_met_werkgever, geupload_door=door,
                            formuliersleutel=formuliersleutel)
        with bestand_opslaan("bestand"):
            document.bestand.save(f"{soort}-{kandidaat.pk}-{timezone.now():%Y%m%d%H%M%S%f}.{bestandssoort}",
                                  bestand, save=False)
        opgeslagen = document.bestand.name
        try:
            document.save()
        except Exception:
            # A failed insert must not leave the file behind.
            document.bestand.storage.delete(opgeslagen)
            raise
        verwerking_registreer(gebruiker=door, actie=Verwerking.Actie.AANMAKEN, obj=document, betrokkene=kandidaat,
                              doel=gettext_noop("document uploaden"), details=soort)
        gebeurtenis_vastleggen(DOCUMENT_GEUPLOAD, door=door, document_id=document.pk, kandidaat_id=kandidaat.pk)
    return document


def document_verwijderen(*, document: Document, door) -> None:
    """Remove the document and, after commit, its file. It leaves every voordracht it went along with."""
    with transaction.atomic():
        document = Document.objects.select_for_update().select_related("kandidaat").get(pk=document.pk)
        naam, storage, kandidaat = document.bestand.name, document.bestand.storage, document.kandidaat
        verwerking_registreer(gebruiker=door, actie=Verwerking.Actie.VERWIJDEREN, obj=kandidaat,
                              doel=gettext_noop("document verwijderen"),
                              details=f"{document.soort}: {document.naam}"[:500])
        document.delete()
        if naam:
            transaction.on_commit(lambda: storage.delete(naam), robust=True)


def document_delen_instellen(*, document: Document, door, delen: bool) -> Document:
    """The werkzoekende decides whether this document may go along with a voordracht. Switched off, a werkgever
    who had it can no longer download it (the check is at every download)."""
    if door is None or door.rol != "werkzoekende" or document.kandidaat.account_id != door.pk:
        raise PermissionError("Alleen de werkzoekende zelf bepaalt wat er gedeeld wordt.")
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=document.pk)
        if document.delen_met_werkgever != delen:
            document.delen_met_werkgever = delen
            document.save(update_fields=["delen_met_werkgever"])
            verwerking_registreer(gebruiker=door, actie=Verwerking.Actie.WIJZIGEN, obj=document,
                                  betrokkene=document.kandidaat,
                                  doel=gettext_noop("toestemming document delen gegeven") if delen
                                  else gettext_noop("toestemming document delen ingetrokken"))
    return document


def documenten_herinneren(*, nu=None) -> int:
    """Celery beat, daily: a certificate that expires within DOCUMENT_HERINNERING_WEKEN weeks (and has not
    expired long ago) gives one journey event; the meldingen app tells the werkzoekende and the klantmanager.
    The compare-and-set on ``herinnerd_op`` makes it once per certificate, also when two sweeps overlap."""
    nu = nu or timezone.now()
    vandaag = timezone.localdate(nu)
    binnenkort = Document.objects.filter(
        soort=Document.Soort.CERTIFICAAT, herinnerd_op__isnull=True,
        verloopt_op__lte=vandaag + timedelta(weeks=DOCUMENT_HERINNERING_WEKEN), verloopt_op__gte=vandaag,
        kandidaat__afgesloten_op__isnull=True)
    aantal = 0
    for pk, kandidaat_id, klantmanager_id, verloopt_op in binnenkort.values_list(
            "pk", "kandidaat_id", "kandidaat__klantmanager_id", "verloopt_op").order_by("verloopt_op", "pk")[:1000]:
        with transaction.atomic():
            if claim(Document.objects.filter(pk=pk, herinnerd_op__isnull=True), herinnerd_op=nu):
                gebeurtenis_vastleggen(DOCUMENT_VERLOOPT, door=None, document_id=pk, kandidaat_id=kandidaat_id,
                                       klantmanager_id=klantmanager_id, verloopt_op=verloopt_op.isoformat())
                aantal += 1
    return aantal


# --- dossier, vaste klantmanager, warme overdracht -------------------------------------------

DOSSIERVELDEN_WERKZOEKENDE = ("telefoon", "samenvatting", "werkervaring", "opleidingsniveau", "gewenste_uren",
                              "max_reisafstand_km", "gewenst_contracttype", "beschikbaar_per", "rijbewijs", "talen",
                              "contactvoorkeur", "soort_contact")
DOSSIERVELDEN_KLANTMANAGER = DOSSIERVELDEN_WERKZOEKENDE + (
    "voornaam", "achternaam", "email", "postcode", "uitkering", "werkfit", "doelgroepregister",
    "doelgroepregister_van", "doelgroepregister_tot", "laatste_contact_op")

# What the werkzoekende reads on "Wie heeft mijn gegevens bekeken" for a changed dossier field: ``dossier_bijwerken``
# keeps the names of the fields it changed in the line's ``details`` ("telefoon, postcode, gemeente, regio"). Every
# field it may change, and the gemeente and regio a new postcode brings.
GEGEVENS_VOOR_WERKZOEKENDE = {
    "telefoon": _lazy("je telefoonnummer"),
    "samenvatting": _lazy("wat je over jezelf vertelt"),
    "werkervaring": _lazy("je werkervaring"),
    "opleidingsniveau": _lazy("je opleiding"),
    "gewenste_uren": _lazy("hoeveel uur je wilt werken"),
    "max_reisafstand_km": _lazy("hoe ver je wilt reizen"),
    "gewenst_contracttype": _lazy("het soort contract dat je wilt"),
    "beschikbaar_per": _lazy("wanneer je kunt beginnen"),
    "rijbewijs": _lazy("je rijbewijs"),
    "talen": _lazy("je talen"),
    "contactvoorkeur": _lazy("hoe je bereikt wilt worden"),
    "soort_contact": _lazy("hoe jullie contact hebben"),
    "voornaam": _lazy("je voornaam"),
    "achternaam": _lazy("je achternaam"),
    "email": _lazy("je e-mailadres"),
    "postcode": _lazy("je postcode"),
    "gemeente": _lazy("je gemeente"),
    "regio": _lazy("je regio"),
    "uitkering": _lazy("je uitkering"),
    "werkfit": _lazy("of je nu al kunt werken"),
    "doelgroepregister": _lazy("of je meetelt voor de banenafspraak"),
    "doelgroepregister_van": _lazy("of je meetelt voor de banenafspraak"),
    "doelgroepregister_tot": _lazy("of je meetelt voor de banenafspraak"),
    "laatste_contact_op": _lazy("wanneer jullie voor het laatst contact hadden"),
}


def veranderde_gegevens(details):
    """The werkzoekende's words for the dossier fields that ``details`` (of the lines of the verwerkingenlog) name,
    each once, in order. A detail that is not such a list of fields (a document, a reason) names nothing."""
    gegevens = []
    for detail in details:
        velden = [veld.strip() for veld in detail.split(",")]
        if not all(veld in GEGEVENS_VOOR_WERKZOEKENDE for veld in velden):
            continue
        for veld in velden:
            tekst = str(GEGEVENS_VOOR_WERKZOEKENDE[veld])
            if tekst not in gegevens:
                gegevens.append(tekst)
    return gegevens


def _gemeente_bij(postcode):
    gemeente = gemeente_voor_postcode(postcode)
    if gemeente is None:
        raise ValidationError({"postcode": _("Deze postcode kennen we niet. Controleer de vier cijfers.")})
    return gemeente


ZONDER_CONTACT = _lazy("Vul een telefoonnummer of een e-mailadres in. Zonder een van de twee kun je de werkzoekende "
                       "niet bereiken en niet uitnodigen voor het portaal.")


def dossier_aanmaken(*, door, voornaam, achternaam, postcode, uitkering, email="", telefoon="", werkfit=True,
                     buiten_regio_bevestigd=False, formuliersleutel=None, **velden):
    """The klantmanager opens the digital dossier; they become the vaste klantmanager.

    ``formuliersleutel`` is the form's one-time key: the same page sent again (a double click, or the back button and
    "Dossier aanmaken" again) returns the dossier it made. A new visit to the form is a new key, so a second person
    with the same name, postcode and phone number (father and son at one address, who share the landline) gets his
    own dossier. Locks her own user row (NO KEY: a row that refers to her still may) so that two such requests wait
    for each other; it is the first lock taken, and the only user row.

    A postcode outside the klantmanager's arbeidsmarktregio is a typo or a dossier for another WSP: it is only
    created when the klantmanager confirms, and then belongs in a warme overdracht to that region.

    The dossier says how the werkzoekende is reached, and only by what it has: bellen with a phone number, else
    mailen. With neither (the dossier holds no address) it is refused: nobody could reach or invite her."""
    if door.rol != "klantmanager":
        raise PermissionError("Alleen een klantmanager maakt een dossier.")
    if not telefoon and not email:
        raise ValidationError({"telefoon": ZONDER_CONTACT})
    velden.setdefault("contactvoorkeur", Contactvoorkeur.BELLEN if telefoon else Contactvoorkeur.MAIL)
    gemeente = _gemeente_bij(postcode)
    if door.regio_id and gemeente.regio_id != door.regio_id and not buiten_regio_bevestigd:
        raise ValidationError({"postcode": ValidationError(
            _("Deze postcode ligt in %(gemeente)s, in arbeidsmarktregio %(regio)s: buiten jouw regio. Klopt de "
              "postcode? Vink dan hieronder aan dat je het dossier toch wilt maken; draag het daarna warm over aan "
              "een klantmanager in %(regio)s.") % {"gemeente": gemeente.naam, "regio": gemeente.regio.naam},
            code="buiten_regio")})
    postcode = postcode.upper().replace(" ", "")[:4] + " " + postcode.upper().replace(" ", "")[4:]
    with transaction.atomic():
        # Matching on what was typed (within 5 minutes) merged two people with the same details into one dossier
        # without a word: the form's key tells the same page sent twice from a second dossier.
        User.objects.select_for_update(no_key=True).filter(pk=door.pk).first()
        if formuliersleutel is not None:
            eerder = Kandidaat.objects.filter(formuliersleutel=formuliersleutel).first()
            if eerder is not None and eerder.klantmanager_id == door.pk:
                return eerder
            if eerder is not None:  # not hers (a key copied from another page): stored without one
                formuliersleutel = None
        kandidaat = Kandidaat.objects.create(
            voornaam=voornaam, achternaam=achternaam, email=email, telefoon=telefoon, postcode=postcode,
            gemeente=gemeente, regio=gemeente.regio, uitkering=uitkering, werkfit=werkfit, klantmanager=door,
            formuliersleutel=formuliersleutel, **velden)
        KlantmanagerToewijzing.objects.create(kandidaat=kandidaat, klantmanager=door, door=door,
                                              organisatie_id=door.organisatie_id)
        plan_van(kandidaat)
        verwerking_registreer(gebruiker=door, actie=Verwerking.Actie.AANMAKEN, obj=kandidaat,
                              doel=gettext_noop("dossier aanmaken"))
        gebeurtenis_vastleggen(DOSSIER_AANGEMAAKT, door=door, kandidaat_id=kandidaat.pk)
    return kandidaat


def dossier_bijwerken(*, kandidaat, door, **velden):
    toegestaan = DOSSIERVELDEN_WERKZOEKENDE if door.rol == "werkzoekende" else DOSSIERVELDEN_KLANTMANAGER
    verboden = set(velden) - set(toegestaan)
    if verboden:
        raise PermissionError(f"velden niet toegestaan: {verboden}")
    if velden.get("doelgroepregister_van") and velden.get("doelgroepregister_tot") \
            and velden["doelgroepregister_tot"] < velden["doelgroepregister_van"]:
        raise ValidationError({"doelgroepregister_tot": _("De einddatum ligt vóór de begindatum.")})
    with transaction.atomic():
        kandidaat = Kandidaat.objects.select_for_update().get(pk=kandidaat.pk)
        oude_voorkeur, oude_uitkering = kandidaat.contactvoorkeur, kandidaat.uitkering
        oude_soort = kandidaat.soort_contact
        if "postcode" in velden:
            gemeente = _gemeente_bij(velden["postcode"])
            velden["gemeente"], velden["regio"] = gemeente, gemeente.regio
        for veld, waarde in velden.items():
            setattr(kandidaat, veld, waarde)
        kandidaat.save(update_fields=list(velden))
        verwerking_registreer(gebruiker=door, actie=Verwerking.Actie.WIJZIGEN, obj=kandidaat,
                              doel=gettext_noop("dossier bijwerken"), details=", ".join(velden)[:500])
        if kandidaat.contactvoorkeur != oude_voorkeur:
            gebeurtenis_vastleggen(CONTACTVOORKEUR_GEWIJZIGD, door=door, kandidaat_id=kandidaat.pk,
                                   contactvoorkeur=kandidaat.contactvoorkeur)
        if kandidaat.soort_contact != oude_soort:
            gebeurtenis_vastleggen(SOORT_CONTACT_GEWIJZIGD, door=door, kandidaat_id=kandidaat.pk,
                                   soort_contact=kandidaat.soort_contact)
        if kandidaat.uitkering != oude_uitkering:
            gebeurtenis_vastleggen(UITKERING_GEWIJZIGD, door=door, kandidaat_id=kandidaat.pk,
                                   uitkering_van=oude_uitkering, uitkering_naar=kandidaat.uitkering)
    return kandidaat


def contact_gehad(*, kandidaat_id, op):
    """Contact between the werkzoekende and the klantmanager happened in the portal (a message from the klantmanager in
    their conversation): the caseload's "langer dan 30 dagen geen contact" counts from that day. The date only moves
    forward: a later one typed in the dossier stays."""
    dag = timezone.localdate(op)
    if Kandidaat.objects.filter(Q(laatste_contact_op__lt=dag) | Q(laatste_contact_op__isnull=True),
                                pk=kandidaat_id).update(laatste_contact_op=dag):
        aandacht_bijwerken([kandidaat_id])


def warme_overdracht(*, kandidaat, door, naar, notitie, uitkering=""):
    """UWV to gemeente (or any colleague): the dossier, plan, history and documents move along;
    the werkzoekende hears who the new contactpersoon is and does not start over. The receiver gets a mail
    now and a task (journey event ``DOSSIER_OVERGEDRAGEN``); ``uitkering`` changes it when the handover
    says so (WW ends, bijstand begins)."""
    if uitkering and uitkering not in Kandidaat.Uitkering.values:
        raise ValidationError({"uitkering": _("Kies een uitkering uit de lijst.")})
    if not notitie.strip():
        raise ValidationError({"notitie": _("Schrijf een overdrachtsnotitie: wat moet je collega weten?")})
    if naar.rol != "klantmanager" or not naar.is_active:
        raise ValidationError({"naar": _("Kies een actieve klantmanager.")})
    with transaction.atomic():
        kandidaat = Kandidaat.objects.select_for_update().get(pk=kandidaat.pk)
        if kandidaat.klantmanager_id != door.pk:
            raise PermissionError("Alleen de huidige klantmanager draagt over.")
        if naar.pk == door.pk:
            raise ValidationError({"naar": _("Kies een collega; je bent zelf al de klantmanager.")})
        if kandidaat.afgesloten_op is not None:
            # Nobody works in it: the receiver would get a first-contact task, the werkzoekende a new contactpersoon.
            raise ValidationError(_("Dit dossier is gesloten: open het eerst weer om het over te dragen."))
        _dossier_overdragen(kandidaat=kandidaat, van=door, naar=naar, door=door, notitie=notitie, uitkering=uitkering)
    return kandidaat


def _dossier_overdragen(*, kandidaat, van, naar, door, notitie, uitkering="", caseloadoverdracht=None):
    """What every handover of one dossier does, by hand (``warme_overdracht``: ``door`` is ``van``) or as part of a
    caseload (``caseloadoverdracht_verwerken``: ``door`` is the beheerder). Call inside ``atomic()`` with the
    kandidaat's row locked and ``van`` its klantmanager. The werkzoekende hears it once (mail now, a melding after
    commit); the receiver gets the mail with the note here, except in a caseload, whose receivers get one mail for
    all their dossiers when the run is done (``_caseloadoverdracht_afronden``)."""
    # Written before her time as klantmanager closes (at ``nu``): on the werkzoekende's inzage the one who handed her
    # over is the contactpersoon she had at that moment, not a stranger of that organisation.
    verwerking_registreer(gebruiker=door, actie=Verwerking.Actie.DELEN, obj=kandidaat,
                          doel=gettext_noop("warme overdracht aan %(naar)s") % {"naar": naar})
    nu = timezone.now()
    if not KlantmanagerToewijzing.objects.filter(kandidaat=kandidaat, klantmanager=van, tot__isnull=True).exists():
        # A dossier that came in without its history (an import, older data): the one handing over
        # stays in the list of vaste klantmanagers all the same.
        KlantmanagerToewijzing.objects.create(kandidaat=kandidaat, klantmanager=van, door=door,
                                              van=kandidaat.aangemaakt_op or nu, tot=nu,
                                              organisatie_id=van.organisatie_id)  # the best known
    KlantmanagerToewijzing.objects.filter(kandidaat=kandidaat, tot__isnull=True).update(tot=nu)
    KlantmanagerToewijzing.objects.create(kandidaat=kandidaat, klantmanager=naar, door=door, van=nu,
                                          organisatie_id=naar.organisatie_id, overdrachtsnotitie=notitie)
    oude_uitkering = kandidaat.uitkering
    kandidaat.klantmanager = naar
    if uitkering:
        kandidaat.uitkering = uitkering
    kandidaat.save(update_fields=["klantmanager", "uitkering"])
    with translation.override(settings.LANGUAGE_CODE):  # stored, read by everyone later: in Dutch
        omschrijving = _("Dossier overgedragen van %(van)s aan %(naar)s") % {"van": van, "naar": naar}
        if kandidaat.uitkering != oude_uitkering:
            omschrijving += _("; uitkering nu %(u)s") % {"u": kandidaat.get_uitkering_display()}
        PlanWijziging.objects.create(plan=plan_van(kandidaat), door=door, omschrijving=omschrijving[:500],
                                     voor=str(Kandidaat.Uitkering(oude_uitkering).label),
                                     na=str(kandidaat.get_uitkering_display()))
    _toegangen_na_overdracht(kandidaat, door=door, naar=naar)
    verwerking_registreer(gebruiker=naar, actie=Verwerking.Actie.AANMAKEN, obj=kandidaat,
                          doel=gettext_noop("dossier overgenomen van %(van)s") % {"van": van})
    nieuwe_contactpersoon(kandidaat, vorige=van, nieuw=naar, caseload=caseloadoverdracht is not None)
    if caseloadoverdracht is None:
        overdracht_ontvangen(kandidaat, van=van, naar=naar, notitie=notitie,
                             uitkering_gewijzigd=kandidaat.uitkering != oude_uitkering)
    gebeurtenis_vastleggen(DOSSIER_OVERGEDRAGEN, door=door, kandidaat_id=kandidaat.pk, van_id=van.pk,
                           naar_id=naar.pk, uitkering_van=oude_uitkering, uitkering_naar=kandidaat.uitkering,
                           caseloadoverdracht_id=caseloadoverdracht.pk if caseloadoverdracht else None)


def _toegangen_na_overdracht(kandidaat, *, door, naar):
    """What a warme overdracht does to colleagues' access (in its transaction). An access for a task goes on: the
    gemeente's colleague who helps with debts still does after UWV handed the dossier to the gemeente, and the new
    klantmanager sees who has access and can end it. Two end: the new klantmanager's own (she holds the dossier
    now), and one of a colleague of another organisation than the new klantmanager's without the werkzoekende's
    consent (given within UWV, it would now share her data across organisations). Her own ends as
    ``NU_VASTE_KLANTMANAGER``: nobody is told it ended, she did not lose the dossier."""
    for toegang in (kandidaat.toegangen.select_for_update(of=("self",)).select_related("kandidaat", "klantmanager")
                    .filter(beeindigd_op__isnull=True)):
        if toegang.klantmanager_id == naar.pk:
            _toegang_beeindigen(toegang, door=door, einde=DossierToegang.Einde.NU_VASTE_KLANTMANAGER)
        elif toegang.toestemming_id is None and toegang.klantmanager.organisatie_id != naar.organisatie_id:
            _toegang_beeindigen(toegang, door=door, einde=DossierToegang.Einde.OVERGEDRAGEN)
        else:
            continue
        if toegang.toestemming_id is not None:
            toestemming_intrekken(toestemming=toegang.toestemming, door=door, met_dossiertoegang=True)


def gewenst_beroep_toevoegen(*, kandidaat, door, beroep):
    kandidaat.gewenste_beroepen.add(beroep)
    verwerking_registreer(gebruiker=door, actie=Verwerking.Actie.WIJZIGEN, obj=kandidaat,
                          doel=gettext_noop("wensen bijwerken"), details=f"+ {beroep.naam}"[:500])


def gewenst_beroep_verwijderen(*, kandidaat, door, beroep_id):
    kandidaat.gewenste_beroepen.remove(beroep_id)
    verwerking_registreer(gebruiker=door, actie=Verwerking.Actie.WIJZIGEN, obj=kandidaat,
                          doel=gettext_noop("wensen bijwerken"))


def vaardigheden_instellen(*, kandidaat, door, vaardigheden):
    kandidaat.vaardigheden.set(vaardigheden)
    verwerking_registreer(gebruiker=door, actie=Verwerking.Actie.WIJZIGEN, obj=kandidaat,
                          doel=gettext_noop("vaardigheden bijwerken"))


# --- dossier afsluiten en rechten van de werkzoekende (AVG) -----------------------------------

RECHTENVERZOEK_INGEDIEND = "werkzoekenden.rechtenverzoek_ingediend"
RECHTENVERZOEK_AFGEHANDELD = "werkzoekenden.rechtenverzoek_afgehandeld"
RECHTENVERZOEK_VERLOPEN = "werkzoekenden.rechtenverzoek_verlopen"
# The klantmanager closed the dossier (payload ``kandidaat_id``, ``reden``): the werkzoekende is told what happens to
# her data (she had a mail from the service already).
DOSSIER_AFGESLOTEN = "werkzoekenden.dossier_afgesloten"
# It is open again (payload ``kandidaat_id``, ``gesloten_op``: the moment it had been closed): what the closing ended
# for it comes back (the klantmanager's tasks of its plan).
DOSSIER_HEROPEND = "werkzoekenden.dossier_heropend"


def dossier_afsluiten(*, kandidaat, door, reden):
    """The klantmanager closes the dossier (uitgestroomd, verhuisd, ...). From this moment the retention
    periods run (``privacy.bewaren``); closing twice keeps the first date.

    The bemiddeling ends with it: every active consent to share ends (its purpose is gone), so the
    kandidaat is no longer found or proposed, and open voordrachten stop (``TOESTEMMING_INGETROKKEN``).
    The werkzoekende is told once what happens to her data and until when (a mail without personal details, and
    a melding through ``DOSSIER_AFGESLOTEN``)."""
    if reden not in Afsluitreden.values:
        raise ValidationError({"reden": _("Kies waarom het dossier dicht gaat.")})
    with transaction.atomic():
        kandidaat = Kandidaat.objects.select_for_update().get(pk=kandidaat.pk)
        if kandidaat.afgesloten_op is None:
            kandidaat.afgesloten_op = timezone.now()
            kandidaat.afsluitreden = reden
            kandidaat.save(update_fields=["afgesloten_op", "afsluitreden", "gewijzigd_op"])
            aandacht_bijwerken([kandidaat.pk])  # off the caseload's attention count
            verwerking_registreer(gebruiker=door, actie=Verwerking.Actie.WIJZIGEN, obj=kandidaat,
                                  doel=gettext_noop("dossier afsluiten"), details=reden)
            # Nobody works in a closed dossier any more: every colleague's access ends (the consents under it end
            # just below, with the others).
            for toegang in (kandidaat.toegangen.select_for_update(of=("self",))
                            .select_related("kandidaat", "klantmanager").filter(beeindigd_op__isnull=True)):
                _toegang_beeindigen(toegang, door=door, einde=DossierToegang.Einde.DOSSIER_GESLOTEN)
            for toestemming in kandidaat.toestemmingen.filter(ingetrokken_op__isnull=True):
                toestemming_intrekken(toestemming=toestemming, door=door, bij_afsluiten=True)
            # A question to share her profile that she has not answered lapses: nothing is shared from a closed
            # dossier, and it leaves her home page (the accountmanager may ask again if it opens again).
            kandidaat.toestemmingsverzoeken.filter(status=ToestemmingVerzoek.Status.GEVRAAGD).update(
                status=ToestemmingVerzoek.Status.VERVALLEN, beantwoord_op=kandidaat.afgesloten_op)
            gebeurtenis_vastleggen(DOSSIER_AFGESLOTEN, door=door, kandidaat_id=kandidaat.pk, reden=reden)
            dossier_gesloten(kandidaat)
    return kandidaat


def dossier_heropenen(*, kandidaat, door):
    """Back in the caseload (the werkzoekende comes back before the data was anonymised)."""
    with transaction.atomic():
        kandidaat = Kandidaat.objects.select_for_update().get(pk=kandidaat.pk)
        if kandidaat.geanonimiseerd_op is not None:
            raise ValidationError(_("Dit dossier is geanonimiseerd en kan niet meer open."))
        if kandidaat.afgesloten_op is not None:
            gesloten_op = kandidaat.afgesloten_op
            kandidaat.afgesloten_op = None
            kandidaat.afsluitreden = ""
            kandidaat.save(update_fields=["afgesloten_op", "afsluitreden"])
            aandacht_bijwerken([kandidaat.pk])  # what it asks for counts again
            verwerking_registreer(gebruiker=door, actie=Verwerking.Actie.WIJZIGEN, obj=kandidaat,
                                  doel=gettext_noop("dossier heropenen"))
            gebeurtenis_vastleggen(DOSSIER_HEROPEND, door=door, kandidaat_id=kandidaat.pk,
                                   gesloten_op=gesloten_op.isoformat())
    return kandidaat


def rechtenverzoek_indienen(*, kandidaat, door, soort, wat, wens="") -> Rechtenverzoek:
    """The werkzoekende asks to correct, delete, restrict or object. The klantmanager gets a task with the
    legal deadline (one calendar month, AVG art. 12(3)) through the journey event; the werkzoekende a
    confirmation mail without personal details."""
    fouten = {}
    if soort not in Rechtenverzoek.Soort.values:
        fouten["soort"] = _("Kies wat je wilt.")
    if not (wat or "").strip():
        fouten["wat"] = _("Schrijf over welke gegevens het gaat.")
    if soort == Rechtenverzoek.Soort.CORRECTIE and not (wens or "").strip():
        fouten["wens"] = _("Schrijf wat het wel moet zijn.")
    if fouten:
        raise ValidationError(fouten)
    nu = timezone.now()
    wat, wens = wat.strip(), (wens or "").strip()
    with transaction.atomic():
        # One request at a time per werkzoekende: the second POST of a double click (or a reloaded POST) waits here
        # and then finds the first, still open, instead of giving the klantmanager a second legal deadline.
        Kandidaat.objects.select_for_update().filter(pk=kandidaat.pk).first()
        al = Rechtenverzoek.objects.filter(kandidaat=kandidaat, soort=soort, wat=wat, wens=wens).exclude(
            status=Rechtenverzoek.Status.AFGEHANDELD).first()
        if al is not None:
            return al
        verzoek = Rechtenverzoek.objects.create(
            kandidaat=kandidaat, soort=soort, wat=wat, wens=wens, ingediend_op=nu,
            uiterlijk=een_maand_later(timezone.localdate(nu)))
        verwerking_registreer(gebruiker=door, actie=Verwerking.Actie.AANMAKEN, obj=kandidaat,
                              doel=gettext_noop("verzoek over gegevens ingediend"), details=soort)
        gebeurtenis_vastleggen(RECHTENVERZOEK_INGEDIEND, door=door, rechtenverzoek_id=verzoek.pk,
                               kandidaat_id=kandidaat.pk)
        rechtenverzoek_ontvangen(verzoek)
    return verzoek


def rechtenverzoek_oppakken(*, verzoek, door) -> Rechtenverzoek:
    """The klantmanager says they are on it: the werkzoekende sees "in behandeling"."""
    with transaction.atomic():
        verzoek = Rechtenverzoek.objects.select_for_update().get(pk=verzoek.pk)
        if verzoek.status == Rechtenverzoek.Status.ONTVANGEN:
            verzoek.status = Rechtenverzoek.Status.IN_BEHANDELING
            verzoek.in_behandeling_op = timezone.now()
            verzoek.save(update_fields=["status", "in_behandeling_op"])
    return verzoek


def rechtenverzoek_afhandelen(*, verzoek, door, uitkomst, antwoord) -> Rechtenverzoek:
    """Answer the request. The answer is shown in the portal; the mail says only that there is one.
    The tasks about it close through ``RECHTENVERZOEK_AFGEHANDELD``."""
    fouten = {}
    if uitkomst not in Rechtenverzoek.Uitkomst.values:
        fouten["uitkomst"] = _("Kies wat er met het verzoek gedaan is.")
    if not (antwoord or "").strip():
        fouten["antwoord"] = _("Schrijf een antwoord aan de werkzoekende: wat is er gedaan, of waarom niet.")
    if fouten:
        raise ValidationError(fouten)
    with transaction.atomic():
        verzoek = (Rechtenverzoek.objects.select_for_update(of=("self",)).select_related("kandidaat__account")
                   .get(pk=verzoek.pk))
        if verzoek.status == Rechtenverzoek.Status.AFGEHANDELD:
            raise ValidationError(_("Dit verzoek is al afgehandeld."))
        nu = timezone.now()
        verzoek.status = Rechtenverzoek.Status.AFGEHANDELD
        verzoek.in_behandeling_op = verzoek.in_behandeling_op or nu
        verzoek.afgehandeld_op = nu
        verzoek.afgehandeld_door = door
        verzoek.uitkomst = uitkomst
        verzoek.antwoord = antwoord.strip()
        verzoek.save(update_fields=["status", "in_behandeling_op", "afgehandeld_op", "afgehandeld_door", "uitkomst",
                                    "antwoord"])
        verwerking_registreer(gebruiker=door, actie=Verwerking.Actie.WIJZIGEN, obj=verzoek.kandidaat,
                              doel=gettext_noop("verzoek over gegevens afgehandeld"),
                              details=f"{verzoek.soort}: {uitkomst}")
        gebeurtenis_vastleggen(RECHTENVERZOEK_AFGEHANDELD, door=door, rechtenverzoek_id=verzoek.pk,
                               kandidaat_id=verzoek.kandidaat_id)
        rechtenverzoek_beantwoord(verzoek)
    return verzoek


def rechtenverzoeken_bewaken(*, nu=None) -> int:
    """Past the legal deadline and still open: the coordinator gets a task (journey event, once per request)."""
    nu = nu or timezone.now()
    vandaag = timezone.localdate(nu)
    aantal = 0
    te_laat = Rechtenverzoek.objects.filter(uiterlijk__lt=vandaag, geescaleerd_op__isnull=True).exclude(
        status=Rechtenverzoek.Status.AFGEHANDELD)
    for pk, kandidaat_id in te_laat.values_list("pk", "kandidaat_id")[:1000]:
        with transaction.atomic():
            # Compare-and-set: of two sweeps only one escalates.
            if claim(Rechtenverzoek.objects.filter(pk=pk, geescaleerd_op__isnull=True), geescaleerd_op=nu):
                gebeurtenis_vastleggen(RECHTENVERZOEK_VERLOPEN, door=None, rechtenverzoek_id=pk,
                                       kandidaat_id=kandidaat_id)
                aantal += 1
    return aantal
VERZOEK_GELDIG_DAGEN = 30


def toestemmingsverzoeken_laten_vervallen(*, nu=None) -> int:
    """Celery beat: a question nobody answered in 30 days, or for a vacature that is no longer open, lapses
    (status ``vervallen``): it leaves the werkzoekende's home page, and the accountmanager may ask again."""
    nu = nu or timezone.now()
    oud = Q(gevraagd_op__lt=nu - timedelta(days=VERZOEK_GELDIG_DAGEN)) | ~Q(vacature__status="open")
    return ToestemmingVerzoek.objects.filter(oud, status=ToestemmingVerzoek.Status.GEVRAAGD).update(
        status=ToestemmingVerzoek.Status.VERVALLEN, beantwoord_op=nu)


# --- caseload overdragen (a klantmanager leaves or changes team) ------------------------------

# The whole run is over (payload ``caseloadoverdracht_id``): each receiver hears once how many dossiers came to her,
# the beheerder who started it that it is done (meldingen).
CASELOAD_OVERGEDRAGEN = "werkzoekenden.caseload_overgedragen"
# Dossiers a worker moves before it hands the rest to a next task: progress shows, and a worker that is stopped loses
# at most the dossier in hand (each is its own transaction).
CASELOAD_BATCH = 25
CASELOAD_TAAK = "werkzoekenden.tasks.caseloadoverdracht_task"
# A run that moved nothing for this long lost its worker (or its message, the broker away): the sweep starts it again.
CASELOAD_STIL = timedelta(minutes=5)
# A dossier whose move raised this many times is skipped (``CaseloadoverdrachtDossier.Reden.MISLUKT``): once could be
# a deadlock or a lost connection, three times is the dossier itself.
CASELOAD_POGINGEN = 3


def open_dossiers_van(klantmanager):
    """The dossiers a caseload handover moves: those she is the vaste klantmanager of and that are not closed."""
    return Kandidaat.objects.filter(klantmanager=klantmanager, afgesloten_op__isnull=True)


def caseload_verdelen(aantal: int, ontvangers: list) -> list[tuple]:
    """How ``aantal`` dossiers are spread over ``ontvangers`` (in the order given: the smallest caseload first, see
    ``selectors.ontvangers_met_caseload``): as evenly as it goes, the one or two left over to the first. One
    receiver gets them all. Returns ``[(ontvanger, aantal), ...]``."""
    if not ontvangers:
        return []
    deel, rest = divmod(aantal, len(ontvangers))
    return [(ontvanger, deel + (1 if i < rest else 0)) for i, ontvanger in enumerate(ontvangers)]


def _controleer_caseloadoverdracht(*, van, ontvangers, notitie, door):
    if door.rol != Rol.BEHEERDER:
        raise PermissionError("Alleen een beheerder draagt een hele caseload over.")
    fouten = {}
    if van.rol != Rol.KLANTMANAGER:
        fouten["van"] = _("Kies een klantmanager.")
    elif van.organisatie_id is None:
        fouten["van"] = _("%(naam)s hoort bij geen organisatie, dus er zijn geen collega's om aan over te dragen.") % {
            "naam": van.get_full_name()}
    if not notitie.strip():
        fouten["notitie"] = _("Schrijf een overdrachtsnotitie: wat moeten de collega's weten? Die gaat mee met "
                              "elk dossier.")
    if not ontvangers:
        fouten["ontvangers"] = _("Kies minstens één collega die dossiers overneemt.")
    elif any(o.pk == van.pk for o in ontvangers):
        fouten["ontvangers"] = _("%(naam)s kan haar eigen dossiers niet overnemen. Kies collega's.") % {
            "naam": van.get_full_name()}
    elif any(o.rol != Rol.KLANTMANAGER or not o.is_active or o.organisatie_id != van.organisatie_id
             for o in ontvangers):
        fouten["ontvangers"] = _("Kies actieve klantmanagers van %(org)s.") % {"org": van.organisatie}
    if fouten:
        raise ValidationError(fouten)


def caseloadoverdracht_starten(*, van, ontvangers, notitie, door, verwacht=None) -> Caseloadoverdracht:
    """Fix the plan and start the run: every open dossier of ``van`` gets its receiver (``caseload_verdelen``, in
    the order of the dossiers' names), and a worker moves them after commit (``caseloadoverdracht_verwerken``).
    ``verwacht``: the number of dossiers the beheerder saw in the plan; when the caseload changed since, nothing
    starts and she sees the new plan. While a run for ``van`` is going, starting again returns that run (a double
    click, two beheerders at once)."""
    _controleer_caseloadoverdracht(van=van, ontvangers=ontvangers, notitie=notitie, door=door)
    with transaction.atomic():
        # Serialise the starts for one klantmanager: the second waits here and then finds the first run.
        User.objects.select_for_update().filter(pk=van.pk).first()
        lopend = Caseloadoverdracht.objects.filter(van=van, status=Caseloadoverdracht.Status.BEZIG).first()
        if lopend is not None:
            return lopend
        ids = list(open_dossiers_van(van).order_by("sorteernaam", "voornaam", "pk").values_list("pk", flat=True))
        if not ids:
            raise ValidationError(_("%(naam)s heeft geen open dossiers meer: er is niets over te dragen.") % {
                "naam": van.get_full_name()})
        if verwacht is not None and verwacht != len(ids):
            raise ValidationError(_("Het aantal open dossiers is veranderd sinds je de verdeling zag: nu %(n)s. "
                                    "Bekijk de nieuwe verdeling en bevestig opnieuw.") % {"n": len(ids)})
        overdracht = Caseloadoverdracht.objects.create(van=van, organisatie_id=van.organisatie_id,
                                                       notitie=notitie.strip(), gestart_door=door)
        rijen, begin = [], 0
        for ontvanger, aantal in caseload_verdelen(len(ids), ontvangers):
            rijen += [CaseloadoverdrachtDossier(overdracht=overdracht, kandidaat_id=pk, naar=ontvanger)
                      for pk in ids[begin:begin + aantal]]
            begin += aantal
        CaseloadoverdrachtDossier.objects.bulk_create(rijen)
        transaction.on_commit(partial(caseloadoverdracht_publiceren, overdracht.pk), robust=True)
    return overdracht


def caseloadoverdracht_publiceren(overdracht_id):
    """Ask a worker to go on with the run; never wait for or fail on the broker (the sweep starts it later). Without
    workers (tests, a shell) the run is done here."""
    if current_app.conf.task_always_eager:
        while caseloadoverdracht_verwerken(overdracht_id=overdracht_id)["meer"]:
            pass
        return
    try:
        current_app.send_task(CASELOAD_TAAK, args=[overdracht_id], queue=settings.CELERY_TASK_DEFAULT_QUEUE,
                              retry=False, ignore_result=True)
    except Exception as exc:  # noqa: BLE001 - the broker is away; the sweep starts the run
        logger.warning("Broker niet bereikbaar (%s); de caseloadoverdracht gaat verder bij de volgende sweep.", exc)


def _waarom_niet_overdragen(kandidaat, rij, overdracht):
    """Why this dossier stays where it is now (None: it goes): one of ``CaseloadoverdrachtDossier.Reden``."""
    Reden = CaseloadoverdrachtDossier.Reden
    if kandidaat.klantmanager_id != overdracht.van_id:
        return Reden.AL_OVERGEDRAGEN  # by hand, in between: the colleague who has it now keeps it
    if kandidaat.afgesloten_op is not None:
        return Reden.GESLOTEN
    naar = rij.naar
    if naar.rol != Rol.KLANTMANAGER or not naar.is_active or naar.organisatie_id != overdracht.organisatie_id:
        return Reden.ONTVANGER_WEG
    return None


def _caseloaddossier_mislukt(rij_id, *, nu):
    """Moving one dossier raised: count the attempt in a transaction of its own (the one that moved it rolled back,
    claim and all). After ``CASELOAD_POGINGEN`` the dossier is skipped as ``MISLUKT``, so the run goes on past it
    instead of claiming it first on every start (dossiers are claimed in pk order). Returns the row's status."""
    with transaction.atomic():
        rij = CaseloadoverdrachtDossier.objects.select_for_update().filter(
            pk=rij_id, status=CaseloadoverdrachtDossier.Status.OPEN).first()
        if rij is None:
            return None
        rij.pogingen += 1
        rij.verwerkt_op = nu
        if rij.pogingen >= CASELOAD_POGINGEN:
            rij.status = CaseloadoverdrachtDossier.Status.OVERGESLAGEN
            rij.reden = CaseloadoverdrachtDossier.Reden.MISLUKT
        rij.save(update_fields=["pogingen", "verwerkt_op", "status", "reden"])
        Caseloadoverdracht.objects.filter(pk=rij.overdracht_id).update(bijgewerkt_op=nu)
    return rij.status


def caseloadoverdracht_verwerken(*, overdracht_id, batch=CASELOAD_BATCH) -> dict:
    """Move up to ``batch`` open dossiers of the run, each in a transaction of its own with the same rules as a
    warme overdracht (``_dossier_overdragen``). A dossier is claimed (SKIP LOCKED on PostgreSQL) and marked done in
    the transaction that moves it, so two workers, a task run twice or one started again after a crash move every
    dossier once, and each werkzoekende hears it once. One moved by hand in between, or closed, is skipped. One whose
    move raises (bad data) is tried ``CASELOAD_POGINGEN`` times, each failure logged, and then skipped as ``MISLUKT``
    (``_caseloaddossier_mislukt``): the beheerder sees it on the status page. The last one done closes the run
    (``_caseloadoverdracht_afronden``). Returns ``{"verwerkt": n, "meer": bool}``."""
    overdracht = Caseloadoverdracht.objects.select_related("van", "gestart_door").get(pk=overdracht_id)
    open_rijen = CaseloadoverdrachtDossier.objects.filter(overdracht_id=overdracht_id,
                                                          status=CaseloadoverdrachtDossier.Status.OPEN)
    verwerkt = 0
    while verwerkt < batch and overdracht.status == Caseloadoverdracht.Status.BEZIG:
        geclaimd = None
        try:
            with transaction.atomic():
                nu = timezone.now()
                ids = claim_rijen(open_rijen, aantal=1, volgorde=("pk",), verwerkt_op=nu)
                if not ids:
                    break
                geclaimd = ids[0]
                rij = CaseloadoverdrachtDossier.objects.select_related("naar").get(pk=geclaimd)
                kandidaat = Kandidaat.objects.select_for_update().get(pk=rij.kandidaat_id)
                rij.reden = _waarom_niet_overdragen(kandidaat, rij, overdracht) or ""
                if not rij.reden:
                    _dossier_overdragen(kandidaat=kandidaat, van=overdracht.van, naar=rij.naar,
                                        door=overdracht.gestart_door, notitie=overdracht.notitie,
                                        caseloadoverdracht=overdracht)
                    rij.status = CaseloadoverdrachtDossier.Status.OVERGEDRAGEN
                else:
                    rij.status = CaseloadoverdrachtDossier.Status.OVERGESLAGEN
                rij.save(update_fields=["status", "reden"])
                Caseloadoverdracht.objects.filter(pk=overdracht_id).update(bijgewerkt_op=nu)
        except Exception:
            if geclaimd is None:
                raise  # the claim itself failed (the database is away): the task fails, the sweep starts it again
            # Also a failure at commit (a deferred constraint) lands here: the claim rolled back with the move.
            logger.exception("Caseloadoverdracht %s: dossier (rij %s) overdragen mislukt", overdracht_id, geclaimd)
            _caseloaddossier_mislukt(geclaimd, nu=timezone.now())
        verwerkt += 1
    meer = open_rijen.exists()
    if not meer:
        _caseloadoverdracht_afronden(overdracht)
    return {"verwerkt": verwerkt, "meer": meer}


def _caseloadoverdracht_afronden(overdracht):
    """Once per run (compare-and-set on its status): each receiver one mail with how many dossiers came to her and
    the note, and the event for the meldingen."""
    with transaction.atomic():
        nu = timezone.now()
        if not claim(Caseloadoverdracht.objects.filter(pk=overdracht.pk, status=Caseloadoverdracht.Status.BEZIG),
                     status=Caseloadoverdracht.Status.KLAAR, klaar_op=nu, bijgewerkt_op=nu):
            return
        if CaseloadoverdrachtDossier.objects.filter(overdracht=overdracht,
                                                    status=CaseloadoverdrachtDossier.Status.OPEN).exists():
            transaction.set_rollback(True)  # a dossier was still being moved: its worker closes the run
            return
        per_ontvanger = (CaseloadoverdrachtDossier.objects.filter(
            overdracht=overdracht, status=CaseloadoverdrachtDossier.Status.OVERGEDRAGEN)
            .values("naar").annotate(aantal=Count("pk")).order_by("naar"))
        aantallen = {r["naar"]: r["aantal"] for r in per_ontvanger}
        for naar in User.objects.filter(pk__in=aantallen):
            caseload_ontvangen(naar=naar, van=overdracht.van, aantal=aantallen[naar.pk], notitie=overdracht.notitie)
        mislukt = CaseloadoverdrachtDossier.objects.filter(
            overdracht=overdracht, reden=CaseloadoverdrachtDossier.Reden.MISLUKT).count()
        gebeurtenis_vastleggen(CASELOAD_OVERGEDRAGEN, door=overdracht.gestart_door, caseloadoverdracht_id=overdracht.pk,
                               van_id=overdracht.van_id, aantallen={str(k): v for k, v in aantallen.items()},
                               mislukt=mislukt)


def caseloadoverdrachten_hervatten(*, nu=None) -> int:
    """Celery beat: a run that moved nothing for ``CASELOAD_STIL`` (its worker was killed and its message lost, or the
    broker was away when it started) is started again. Harmless when its worker was only slow: the dossiers are
    claimed one by one."""
    nu = nu or timezone.now()
    ids = list(Caseloadoverdracht.objects.filter(status=Caseloadoverdracht.Status.BEZIG,
                                                 bijgewerkt_op__lt=nu - CASELOAD_STIL).values_list("pk", flat=True))
    for pk in ids:
        # Marked, so the next sweep waits another while for this start to show progress.
        Caseloadoverdracht.objects.filter(pk=pk).update(bijgewerkt_op=nu)
        caseloadoverdracht_publiceren(pk)
    return len(ids)
