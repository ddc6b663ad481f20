"""Voordrachten and sollicitatiegesprekken: every transition is one function with a row lock, a guard
from the model, a transition log row, a tijdlijnregel and mail after commit."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import gettext_noop, ngettext

from accounts.models import Rol, User, Verwerking
from accounts.services import verwerking_registreer
from bemiddeling import emails
from bemiddeling.models import Gespreksvoorbereiding, Shortlist, Sollicitatiegesprek, Voorbereidingspunt, Voordracht
from klantreis.lib import datums
from klantreis.lib.claim import claim, claim_rijen
from klantreis.lib.toestanden import begin_vastleggen, overgang
from klantreis.lib.werktijd import werkdagen_geleden
from outbox.services import gebeurtenis_vastleggen
from werkgevers.models import Tijdlijnregel, Vacature
from werkgevers.services import tijdlijn
from werkzoekenden.models import Kandidaat
from werkzoekenden.selectors import actieve_toestemming_werkgever, deelbare_documenten

REACTIETERMIJN_WERKDAGEN = 5

# Journey events of this app (the apps above react to them; see docs/architecture.md).
VOORDRACHT_AFGEWEZEN = "bemiddeling.voordracht_afgewezen"
VOORDRACHT_VERVALLEN = "bemiddeling.voordracht_vervallen"
VOORDRACHT_UITGENODIGD = "bemiddeling.voordracht_uitgenodigd"
# A sollicitatiegesprek was planned, moved or cancelled (payload ``gesprek_id``, ``voordracht_id``,
# ``volgnummer``): the agenda keeps its Afspraak in step. The mails with .ics go from here, as before.
GESPREK_GEPLAND = "bemiddeling.gesprek_gepland"
GESPREK_VERPLAATST = "bemiddeling.gesprek_verplaatst"
GESPREK_GEANNULEERD = "bemiddeling.gesprek_geannuleerd"
# A kandidaat was proposed (payload ``voordracht_id``, ``kandidaat_id``, ``vacature_id``), and the outcome of a
# gesprek that took place (``voordracht_id``, ``aangenomen``): beleving asks "Hoe ging dit?".
VOORDRACHT_GEMAAKT = "bemiddeling.voordracht_gemaakt"
GESPREK_GEVOERD = "bemiddeling.gesprek_gevoerd"
# The werkgever hired the kandidaat (payload ``voordracht_id``; recorded with or without a gesprek that took
# place): the accountmanager arranges the (proef)plaatsing, the klantmanager and the werkzoekende hear it.
VOORDRACHT_AANGENOMEN = "bemiddeling.voordracht_aangenomen"
# The accountmanager withdrew a voordracht (``voordracht_id``; the why is on its transition): the werkzoekende and the
# klantmanager read why, the werkgever's people that the kandidaat is no longer available.
VOORDRACHT_INGETROKKEN = "bemiddeling.voordracht_ingetrokken"
# The werkzoekende chose whether the klantmanager goes along to a gesprek (payload ``gesprek_id``, ``mee``): she
# hears it, also when she need not come any more.
BEGELEIDER_GEKOZEN = "bemiddeling.begeleider_gekozen"
# Why a voordracht closed without anyone deciding on it (``reden`` in the payload of ``VOORDRACHT_VERVALLEN``).
VERVALLEN_ZONDER_TOESTEMMING = "toestemming_ingetrokken"
VERVALLEN_ELDERS_GEPLAATST = "elders_geplaatst"
VERVALLEN_VACATURE_GESLOTEN = "vacature_gesloten"
# The consent ended because the klantmanager closed the dossier (not because the werkzoekende withdrew it).
VERVALLEN_DOSSIER_GESLOTEN = "dossier_gesloten"


def _vergrendel(voordracht):
    return Voordracht.objects.select_for_update(of=("self",)).select_related(
        "vacature__werkgever", "kandidaat__klantmanager"
    ).get(pk=voordracht.pk)


def voordracht_create(*, vacature: Vacature, kandidaat, door: User, toelichting: str, instrumenten=()) -> Voordracht:
    """Propose a kandidaat. Impossible without the kandidaat's active consent to share with this werkgever."""
    if door.rol != Rol.ACCOUNTMANAGER:
        raise PermissionError("Alleen een accountmanager draagt kandidaten voor.")
    if not toelichting.strip():
        raise ValidationError({"toelichting": _("Schrijf kort waarom deze kandidaat bij de vacature past.")})
    with transaction.atomic():
        # The status as it is now, locked: a vacature closing at this moment either waits for this voordracht (and
        # its reaction then stops it) or is seen closed here. The page's copy may be minutes old.
        vacature = Vacature.objects.select_for_update().get(pk=vacature.pk)
        if vacature.status != Vacature.Status.OPEN:
            raise ValidationError(_("Je kunt alleen voordragen voor een open vacature."))
        toestemming = actieve_toestemming_werkgever(kandidaat, vacature.werkgever)
        if toestemming is None:
            raise ValidationError(
                {"kandidaat": _("%(naam)s heeft (nog) geen toestemming gegeven om het cv met %(werkgever)s te delen.")
                 % {"naam": kandidaat, "werkgever": vacature.werkgever}}
            )
        # Lock the consent row: a withdrawal at this very moment either waits for us or is seen here.
        toestemming = type(toestemming).objects.select_for_update().get(pk=toestemming.pk)
        if toestemming.ingetrokken_op is not None:
            raise ValidationError({"kandidaat": _("De kandidaat heeft de toestemming zojuist ingetrokken.")})
        if Voordracht.objects.filter(vacature=vacature, kandidaat=kandidaat, status__in=Voordracht.OPEN).exists():
            raise ValidationError({"kandidaat": _("Deze kandidaat is al voorgedragen voor deze vacature.")})
        if Voordracht.objects.filter(vacature=vacature, kandidaat=kandidaat,
                                     status=Voordracht.Status.AANGENOMEN).exists():
            raise ValidationError({"kandidaat": _("Deze kandidaat is al aangenomen voor deze vacature.")})
        voordracht = Voordracht.objects.create(vacature=vacature, kandidaat=kandidaat, toestemming=toestemming,
                                               toelichting=toelichting, voorgedragen_door=door)
        voordracht.instrumenten.set(instrumenten)
        begin_vastleggen(voordracht, door=door)
        tijdlijn(vacature.werkgever, Tijdlijnregel.Soort.VOORDRACHT,
                 gettext_noop("Kandidaat voorgedragen voor %(titel)s.") % {"titel": vacature.titel}, door=door)
        gebeurtenis_vastleggen(VOORDRACHT_GEMAAKT, door=door, voordracht_id=voordracht.pk, kandidaat_id=kandidaat.pk,
                               vacature_id=vacature.pk)
        # The werkgever hears of it in the day's one mail (``voordrachten_melden``).
    return voordracht


def voordracht_documenten_kiezen(*, voordracht: Voordracht, door: User, documenten) -> Voordracht:
    """The accountmanager chooses which of the kandidaat's documents go along to the werkgever: only documents of
    this kandidaat that the werkzoekende allows to share, and only while the voordracht is open."""
    if door.rol != Rol.ACCOUNTMANAGER:
        raise PermissionError("Alleen een accountmanager kiest de documenten bij een voordracht.")
    with transaction.atomic():
        voordracht = _vergrendel(voordracht)
        if not voordracht.is_open:
            raise ValidationError(_("Deze voordracht loopt niet meer; er gaan geen documenten meer mee."))
        gekozen = list(documenten)
        toegestaan = set(deelbare_documenten(voordracht.kandidaat).values_list("pk", flat=True))
        if any(d.pk not in toegestaan for d in gekozen):
            raise ValidationError({"documenten": _("Kies alleen documenten die de kandidaat wil delen.")})
        voor = set(voordracht.documenten.values_list("pk", flat=True))
        voordracht.documenten.set(gekozen)
        if {d.pk for d in gekozen} != voor:
            verwerking_registreer(gebruiker=door, actie=Verwerking.Actie.DELEN, obj=voordracht,
                                  betrokkene=voordracht.kandidaat,
                                  doel=gettext_noop("documenten meesturen met voordracht voor %(titel)s")
                                  % {"titel": voordracht.vacature.titel},
                                  details=", ".join(d.naam for d in gekozen)[:500])
    return voordracht


def voordracht_reageren(*, voordracht: Voordracht, door: User, uitnodigen: bool, reden: str = "",
                        reden_toelichting: str = "", reden_delen: bool = False) -> Voordracht:
    """The werkgever answers: invite, or 'niet passend' with a reason from the fixed list."""
    with transaction.atomic():
        voordracht = _vergrendel(voordracht)
        if uitnodigen:
            overgang(voordracht, Voordracht.Status.UITGENODIGD, door=door)
            tekst = gettext_noop("%(werkgever)s nodigt de kandidaat uit voor een gesprek.")
            gebeurtenis_vastleggen(VOORDRACHT_UITGENODIGD, door=door, voordracht_id=voordracht.pk)
        else:
            if reden not in Voordracht.Reden.values:
                raise ValidationError({"reden": _("Kies een reden uit de lijst.")})
            if reden == Voordracht.Reden.ANDERS and not reden_toelichting.strip():
                raise ValidationError({"reden_toelichting": _("Licht de andere reden kort toe.")})
            overgang(voordracht, Voordracht.Status.NIET_PASSEND, door=door, toelichting=Voordracht.Reden(reden).label)
            voordracht.reden, voordracht.reden_toelichting = reden, reden_toelichting
            voordracht.reden_delen_met_kandidaat = reden_delen
            tekst = gettext_noop("%(werkgever)s vindt de kandidaat niet passend.")
            _vervolgtaken(voordracht, gettext_noop("niet passend bevonden"), door=door)
        voordracht.gereageerd_op = timezone.now()
        voordracht.save(update_fields=["status", "gereageerd_op", "reden", "reden_toelichting",
                                       "reden_delen_met_kandidaat"])
        tijdlijn(voordracht.vacature.werkgever, Tijdlijnregel.Soort.REACTIE,
                 tekst % {"werkgever": voordracht.vacature.werkgever.naam}, door=door)
    return voordracht


GESPREK_DUUR_MINUTEN = 60  # when who plans it does not say (the werkgever's reply form)


def gesprek_plannen(*, voordracht: Voordracht, door: User, begint_op, locatie: str, begeleider_gaat_mee: bool,
                    voorbereiding: str = "", duur_minuten: int = GESPREK_DUUR_MINUTEN) -> Sollicitatiegesprek:
    """Plan (or move) the sollicitatiegesprek; everyone invited gets an e-mail with an .ics. The gesprek as it stands
    planned again (a double click) changes nothing and tells nobody."""
    # Kept in UTC, as stored: the second 02:30 of the night the clocks go back compares unequal to the same moment
    # read back from the database (PEP 495), so moving nothing looked like a move.
    begint_op = datums.in_utc(begint_op)
    if begint_op <= timezone.now():
        raise ValidationError({"begint_op": _("Dit tijdstip is al voorbij. Kies een moment in de toekomst.")})
    if not 15 <= duur_minuten <= 480:
        raise ValidationError({"duur_minuten": _("Een gesprek duurt tussen 15 minuten en 8 uur.")})
    with transaction.atomic():
        voordracht = _vergrendel(voordracht)
        if voordracht.vacature.status != Vacature.Status.OPEN:
            # Only the outcome of a gesprek that took place is left to record on a vacature that closed.
            raise ValidationError(_("De vacature is %(status)s: er kan geen gesprek meer worden gepland. Leg wel de "
                                    "uitkomst vast van een gesprek dat al geweest is.")
                                  % {"status": voordracht.vacature.get_status_display().lower()})
        # The note and the tijdlijn line are stored and read by everyone later: in Dutch, whatever language the
        # one who plans reads the portal in.
        gesprek = voordracht.gesprekken.select_for_update().first()
        if (voordracht.status == Voordracht.Status.GESPREK_GEPLAND and gesprek is not None
                and gesprek.geannuleerd_op is None
                and (gesprek.begint_op, gesprek.locatie, gesprek.duur_minuten, gesprek.begeleider_gaat_mee)
                == (begint_op, locatie, duur_minuten, begeleider_gaat_mee)
                and (gesprek.voorbereiding == voorbereiding or not (voorbereiding or door.rol == Rol.ACCOUNTMANAGER))):
            # The same gesprek sent again (a double click, a second tab): nothing moved, so nobody is invited or told
            # again, and no "verplaatst" to the time it had.
            return gesprek
        with translation.override(settings.LANGUAGE_CODE):
            wanneer = datums.datum_tijd(begint_op)
            regel = _("Sollicitatiegesprek gepland op %(wanneer)s in %(waar)s.") % {"wanneer": wanneer, "waar": locatie}
        overgang(voordracht, Voordracht.Status.GESPREK_GEPLAND, door=door, toelichting=wanneer)
        if voordracht.gereageerd_op is None:
            voordracht.gereageerd_op = timezone.now()
        voordracht.save(update_fields=["status", "gereageerd_op"])
        verplaatst = gesprek is not None
        begeleider_ging_al_mee = verplaatst and gesprek.begeleider_gaat_mee
        vorige_tijd_en_plek = (gesprek.begint_op, gesprek.locatie, gesprek.duur_minuten) if verplaatst else None
        if gesprek is None:
            gesprek = Sollicitatiegesprek(voordracht=voordracht, ics_uid=f"{uuid.uuid4()}@klantreis", gepland_door=door)
        else:
            gesprek.volgnummer += 1
        gesprek.begint_op, gesprek.locatie, gesprek.duur_minuten = begint_op, locatie, duur_minuten
        gesprek.begeleider_gaat_mee = begeleider_gaat_mee
        if voorbereiding or door.rol == Rol.ACCOUNTMANAGER:
            gesprek.voorbereiding = voorbereiding
        gesprek.gepland_door, gesprek.gepland_op = door, timezone.now()
        gesprek.save()
        if not verplaatst:
            _voorbereiding_klaarzetten(gesprek)
        tijdlijn(voordracht.vacature.werkgever, Tijdlijnregel.Soort.GESPREK, regel, door=door)
        emails.gesprek_uitnodiging(gesprek, begeleider_ging_al_mee=begeleider_ging_al_mee)
        begeleider_af = begeleider_ging_al_mee and not begeleider_gaat_mee
        if begeleider_af:
            # She had the invitation: out of her calendar. This one mail tells her the new time too: the agenda sends
            # her no "ter informatie" of this move (``begeleider_af`` in the event).
            emails.gesprek_begeleider_niet_mee(
                gesprek, verplaatst=vorige_tijd_en_plek != (begint_op, locatie, duur_minuten))
        gebeurtenis_vastleggen(GESPREK_VERPLAATST if verplaatst else GESPREK_GEPLAND, door=door,
                               gesprek_id=gesprek.pk, voordracht_id=voordracht.pk, verplaatst=verplaatst,
                               volgnummer=gesprek.volgnummer, begeleider_af=begeleider_af)
    return gesprek


def voordracht_uitkomst(*, voordracht: Voordracht, door: User, aangenomen: bool, reden: str = "",
                        reden_toelichting: str = "", reden_delen: bool = False) -> Voordracht:
    """After the gesprek: aangenomen (other open voordrachten close as 'elders geplaatst') or afgewezen.
    Aangenomen only once the gesprek has begun: nobody is hired on a gesprek that has not taken place."""
    with transaction.atomic():
        if aangenomen:
            # A hire closes the kandidaat's other open voordrachten: lock the kandidaat, then all of them in one order
            # (by pk), before this one. Two werkgevers hiring the same person at once then take turns, and the second
            # hears that the voordracht changed; each locking its own first and then the other's was a deadlock.
            Kandidaat.objects.select_for_update().filter(pk=voordracht.kandidaat_id).first()
            list(Voordracht.objects.select_for_update(of=("self",)).filter(
                kandidaat_id=voordracht.kandidaat_id, status__in=Voordracht.OPEN).order_by("pk").values_list("pk"))
        voordracht = _vergrendel(voordracht)
        if aangenomen:
            gesprek = voordracht.gesprekken.filter(geannuleerd_op__isnull=True).first()
            if gesprek is not None and gesprek.begint_op > timezone.now():
                raise ValidationError(
                    _("Het gesprek is pas op %(wanneer)s. Leg de uitkomst vast nadat het gesprek is geweest.")
                    % {"wanneer": datums.kort(gesprek.begint_op, "l j F H:i")})
            overgang(voordracht, Voordracht.Status.AANGENOMEN, door=door)
            voordracht.save(update_fields=["status"])
            gebeurtenis_vastleggen(VOORDRACHT_AANGENOMEN, door=door, voordracht_id=voordracht.pk,
                                   vacature_id=voordracht.vacature_id, kandidaat_id=voordracht.kandidaat_id)
            _elders_geplaatst(voordracht)
            tekst = gettext_noop("De kandidaat is aangenomen voor %(titel)s.")
        else:
            if reden not in Voordracht.Reden.values:
                raise ValidationError({"reden": _("Kies een reden uit de lijst.")})
            overgang(voordracht, Voordracht.Status.AFGEWEZEN, door=door, toelichting=Voordracht.Reden(reden).label)
            voordracht.reden, voordracht.reden_toelichting = reden, reden_toelichting
            voordracht.reden_delen_met_kandidaat = reden_delen
            voordracht.save(update_fields=["status", "reden", "reden_toelichting", "reden_delen_met_kandidaat"])
            _vervolgtaken(voordracht, gettext_noop("afgewezen na het gesprek"), door=door)
            tekst = gettext_noop("De kandidaat is na het gesprek afgewezen voor %(titel)s.")
        tijdlijn(voordracht.vacature.werkgever, Tijdlijnregel.Soort.REACTIE,
                 tekst % {"titel": voordracht.vacature.titel}, door=door)
        if voordracht.gesprekken.filter(geannuleerd_op__isnull=True, begint_op__lte=timezone.now()).exists():
            gebeurtenis_vastleggen(GESPREK_GEVOERD, door=door, voordracht_id=voordracht.pk, aangenomen=aangenomen)
    return voordracht


def _elders_geplaatst(aangenomen):
    """The kandidaat's other open voordrachten close as 'elders geplaatst'. The system closes them, not the
    werkgever who hired (``door=None``): another werkgever must not see his contact person in its history. A
    gesprek still to come is cancelled; the other werkgever gets a neutral notice (no name of who hired), its
    accountmanager a task (``VOORDRACHT_VERVALLEN``). Runs in the caller's transaction."""
    for andere in (Voordracht.objects.select_for_update(of=("self",))
                   .select_related("vacature__werkgever", "voorgedragen_door", "kandidaat__account",
                                   "kandidaat__klantmanager")
                   .filter(kandidaat_id=aangenomen.kandidaat_id, status__in=Voordracht.OPEN)
                   .exclude(pk=aangenomen.pk).order_by("pk")):
        overgang(andere, Voordracht.Status.ELDERS_GEPLAATST, door=None)
        andere.geplaatst_via = aangenomen
        andere.save(update_fields=["status", "geplaatst_via"])
        _gesprek_annuleren(andere, aangenomen=aangenomen)
        werkgever = andere.vacature.werkgever
        tijdlijn(werkgever, Tijdlijnregel.Soort.VOORDRACHT,
                 gettext_noop("Voordracht voor %(titel)s vervallen.") % {"titel": andere.vacature.titel})
        if werkgever.pk != aangenomen.vacature.werkgever_id:  # who hired needs no notice on his own vacatures
            emails.voordracht_vervallen(andere, elders_geplaatst=True)
        gebeurtenis_vastleggen(VOORDRACHT_VERVALLEN, voordracht_id=andere.pk, reden=VERVALLEN_ELDERS_GEPLAATST,
                               aangenomen_voordracht_id=aangenomen.pk)


def voordracht_intrekken(*, voordracht: Voordracht, door: User, toelichting: str = "") -> Voordracht:
    """The accountmanager withdraws a voordracht, with why (``toelichting``, on the transition): a gesprek still to
    come is cancelled in every agenda, the werkgever gets a neutral mail (no name, no why) once he could have known
    of it, and ``VOORDRACHT_INGETROKKEN`` tells the werkzoekende, the klantmanager and the werkgever's people."""
    with transaction.atomic():
        voordracht = _vergrendel(voordracht)
        van = voordracht.status
        overgang(voordracht, Voordracht.Status.INGETROKKEN, door=door, toelichting=toelichting)
        voordracht.save(update_fields=["status"])
        _gesprek_annuleren(voordracht, ingetrokken=True)
        tijdlijn(voordracht.vacature.werkgever, Tijdlijnregel.Soort.VOORDRACHT,
                 gettext_noop("Voordracht voor %(titel)s ingetrokken.") % {"titel": voordracht.vacature.titel},
                 door=door)
        # A werkgever who answered, or had the day's mail with it, knows the kandidaat: he hears it is over.
        if van != Voordracht.Status.VOORGEDRAGEN or voordracht.werkgever_gemeld_op is not None:
            emails.voordracht_vervallen(voordracht, ingetrokken=True)
        gebeurtenis_vastleggen(VOORDRACHT_INGETROKKEN, door=door, voordracht_id=voordracht.pk)
    return voordracht


def _vervolgtaken(voordracht, wat, *, door):
    """An afgewezen kandidaat is picked up: the klantmanager and the accountmanager discuss and look further
    (the ``taken`` app writes their tasks when it hears of it). Recorded as ``door``'s act: who recorded the outcome
    (the accountmanager, after the werkgever phoned) reads no melding of it."""
    gebeurtenis_vastleggen(VOORDRACHT_AFGEWEZEN, door=door, voordracht_id=voordracht.pk, wat=str(wat),
                           uiterlijk=(timezone.localdate() + timedelta(days=3)).isoformat())


def _gesprek_annuleren(voordracht, *, aangenomen=None, vacature_status=None, door_werkgever=False, ingetrokken=False):
    """A gesprek still to come does not take place: marked, and every participant's agenda gets a CANCEL. Because
    the kandidaat was hired on the voordracht ``aangenomen``, because the vacature was marked vervuld or closed
    (``vacature_status``), or because the voordracht was withdrawn (``ingetrokken``): the mails say so (each reader
    as much as is theirs)."""
    gesprek = voordracht.gesprekken.select_for_update().filter(geannuleerd_op__isnull=True,
                                                              begint_op__gt=timezone.now()).first()
    if gesprek is None:
        return
    gesprek.geannuleerd_op, gesprek.volgnummer = timezone.now(), gesprek.volgnummer + 1
    gesprek.save(update_fields=["geannuleerd_op", "volgnummer"])
    Gespreksvoorbereiding.objects.filter(gesprek=gesprek, gesloten_op__isnull=True).update(
        gesloten_op=gesprek.geannuleerd_op)
    emails.gesprek_geannuleerd(gesprek, aangenomen=aangenomen, vacature_status=vacature_status,
                               door_werkgever=door_werkgever, ingetrokken=ingetrokken)
    gebeurtenis_vastleggen(GESPREK_GEANNULEERD, gesprek_id=gesprek.pk, voordracht_id=voordracht.pk,
                           volgnummer=gesprek.volgnummer)


def voordrachten_vervallen_zonder_toestemming(*, toestemming_id, dossier_gesloten=False,
                                              door_id=None) -> list[Voordracht]:
    """The kandidaat withdrew the consent a voordracht rested on: every open one closes ("toestemming
    ingetrokken"), so no reminder, gesprek or answer follows. The werkgever gets a neutral notice (no
    reason); the accountmanager a task (journey event ``VOORDRACHT_VERVALLEN``). Runs in the reaction's
    transaction. ``dossier_gesloten``: the consent ended because ``door_id`` (the klantmanager) closed the dossier,
    which is the reason the others read, not a consent she withdrew; the step names her as who did it, and why
    (the pages know it by the consent's ``bij_afsluiten``: ``STAP_DOSSIER_GESLOTEN``)."""
    sluiter = User.objects.filter(pk=door_id).first() if dossier_gesloten and door_id else None
    gesloten = []
    for voordracht in (Voordracht.objects.select_for_update(of=("self",))
                       .select_related("vacature__werkgever", "voorgedragen_door", "kandidaat")
                       .filter(toestemming_id=toestemming_id, status__in=Voordracht.OPEN).order_by("pk")):
        with translation.override(settings.LANGUAGE_CODE):  # stored, read by everyone later: in Dutch
            waarom = _("Het dossier is gesloten.") if dossier_gesloten else ""
        overgang(voordracht, Voordracht.Status.ZONDER_TOESTEMMING, door=sluiter, toelichting=waarom)
        voordracht.save(update_fields=["status"])
        _gesprek_annuleren(voordracht)
        tijdlijn(voordracht.vacature.werkgever, Tijdlijnregel.Soort.VOORDRACHT,
                 gettext_noop("Voordracht voor %(titel)s vervallen.") % {"titel": voordracht.vacature.titel})
        emails.voordracht_vervallen(voordracht)
        gebeurtenis_vastleggen(VOORDRACHT_VERVALLEN, voordracht_id=voordracht.pk,
                               reden=VERVALLEN_DOSSIER_GESLOTEN if dossier_gesloten else VERVALLEN_ZONDER_TOESTEMMING,
                               gesloten_door_id=door_id if dossier_gesloten else None)
        gesloten.append(voordracht)
    return gesloten


def voordrachten_vervallen_vacature_gesloten(*, vacature_id, status, door_id=None) -> list[Voordracht]:
    """The vacature was marked vervuld or closed (``status``): its open voordrachten stop, so no reminder, answer or
    gesprek follows for a job that is gone, and a gesprek still to come is cancelled with the reason. A voordracht
    whose gesprek already took place stays open: the werkgever may still record that he hires this kandidaat (he
    may have marked the vacature vervuld for that very reason). The kandidaat, the klantmanager and the
    accountmanager hear it (``VOORDRACHT_VERVALLEN``, with who closed the vacature). Runs in the reaction's
    transaction; a vacature opened again in the meantime keeps its voordrachten."""
    if not Vacature.objects.filter(pk=vacature_id, status=status).exists():
        return []
    # Who closed it decides the words: "u heeft de vacature gesloten" only to a werkgever who did.
    door = User.objects.filter(pk=door_id).first() if door_id is not None else None
    door_werkgever = door is not None and door.rol == Rol.WERKGEVER
    nu = timezone.now()
    gesloten = []
    for voordracht in (Voordracht.objects.select_for_update(of=("self",))
                       .select_related("vacature__werkgever", "voorgedragen_door", "kandidaat__account",
                                       "kandidaat__klantmanager")
                       .filter(vacature_id=vacature_id, status__in=Voordracht.OPEN).order_by("pk")):
        if voordracht.gesprekken.filter(geannuleerd_op__isnull=True, begint_op__lte=nu).exists():
            continue
        overgang(voordracht, Voordracht.Status.VACATURE_GESLOTEN, door=None,
                 toelichting=Vacature.Status(status).label)
        voordracht.save(update_fields=["status"])
        _gesprek_annuleren(voordracht, vacature_status=status, door_werkgever=door_werkgever)
        # Recorded as the act of who closed the vacature: what follows from it names (and skips) them.
        gebeurtenis_vastleggen(VOORDRACHT_VERVALLEN, door=door, voordracht_id=voordracht.pk,
                               reden=VERVALLEN_VACATURE_GESLOTEN, vacature_status=status, gesloten_door_id=door_id,
                               door_werkgever=door_werkgever)
        gesloten.append(voordracht)
    if gesloten:
        vacature = gesloten[0].vacature
        with translation.override(settings.LANGUAGE_CODE):  # stored, read by everyone later: in Dutch
            tijdlijn(vacature.werkgever, Tijdlijnregel.Soort.VOORDRACHT,
                     ngettext("%(n)d voordracht voor %(titel)s gestopt: de vacature is %(status)s.",
                              "%(n)d voordrachten voor %(titel)s gestopt: de vacature is %(status)s.", len(gesloten))
                     % {"n": len(gesloten), "titel": vacature.titel, "status": Vacature.Status(status).label.lower()})
    return gesloten


def dagmail_vanaf(voorgedragen_op):
    """From when the day's mail of ``voordrachten_melden`` takes a voordracht made at ``voorgedragen_op`` along
    (local time): ``VOORDRACHT_MELDING_UUR`` on that day, or the next day for one made at or after that hour. Beat
    runs it every 15 minutes, so the mail goes out shortly after."""
    lokaal = timezone.localtime(voorgedragen_op)
    grens = lokaal.replace(hour=settings.VOORDRACHT_MELDING_UUR, minute=0, second=0, microsecond=0)
    return grens if lokaal < grens else grens + timedelta(days=1)


def voordrachten_melden(*, nu=None) -> int:
    """Celery beat: after ``VOORDRACHT_MELDING_UUR`` each day, every werkgever gets one mail with the
    voordrachten made before that hour and not yet reported; claimed per voordracht, so a second run or a
    second worker reports nothing twice. Returns the number of mails (werkgevers)."""
    nu = nu or timezone.now()
    lokaal = timezone.localtime(nu)
    grens = lokaal.replace(hour=settings.VOORDRACHT_MELDING_UUR, minute=0, second=0, microsecond=0)
    if lokaal < grens:
        grens -= timedelta(days=1)
    te_melden = Voordracht.objects.filter(werkgever_gemeld_op__isnull=True, voorgedragen_op__lt=grens,
                                          status__in=Voordracht.OPEN)
    mails = 0
    with transaction.atomic():
        ids = claim_rijen(te_melden, aantal=10000, volgorde=("voorgedragen_op", "pk"), werkgever_gemeld_op=nu)
        per_werkgever = {}
        for voordracht in (Voordracht.objects.filter(pk__in=ids)
                           .select_related("vacature__werkgever", "voorgedragen_door").order_by("voorgedragen_op")):
            per_werkgever.setdefault(voordracht.vacature.werkgever, []).append(voordracht)
        for werkgever, voordrachten in per_werkgever.items():
            emails.voordrachten_van_vandaag(werkgever, voordrachten)
            mails += 1
    return mails


def voordrachten_herinneren(*, nu=None) -> int:
    """Celery beat: a voordracht without answer after 5 werkdagen (no weekends, no public holidays, see
    ``klantreis.lib.werktijd``) gets exactly one reminder
    (claimed with a compare-and-set, see ``klantreis.lib.claim``)."""
    nu = nu or timezone.now()
    wachtend = Voordracht.objects.filter(status=Voordracht.Status.VOORGEDRAGEN, herinnering_verstuurd_op__isnull=True)
    aantal = 0
    for pk, voorgedragen_op in list(wachtend.filter(
            voorgedragen_op__lte=nu - timedelta(days=REACTIETERMIJN_WERKDAGEN)).values_list("pk", "voorgedragen_op")):
        if werkdagen_geleden(voorgedragen_op, nu) < REACTIETERMIJN_WERKDAGEN:
            continue
        with transaction.atomic():
            if not claim(wachtend.filter(pk=pk), herinnering_verstuurd_op=nu):
                continue
            emails.voordracht_herinnering(
                Voordracht.objects.select_related("vacature__werkgever", "voorgedragen_door").get(pk=pk))
            aantal += 1
    return aantal


def begeleider_kiezen(*, gesprek: Sollicitatiegesprek, door: User, mee: bool) -> Sollicitatiegesprek:
    """The kandidaat decides whether their begeleider joins the gesprek; the begeleider is told (a melding through
    ``BEGELEIDER_GEKOZEN``, and the invitation mail when she is asked to come, or its CANCEL when she need not come
    any more)."""
    if door.rol != Rol.WERKZOEKENDE or gesprek.voordracht.kandidaat.account_id != door.pk:
        raise PermissionError("Alleen de kandidaat zelf kiest of de begeleider meegaat.")
    with transaction.atomic():
        gesprek = Sollicitatiegesprek.objects.select_for_update().get(pk=gesprek.pk)
        if gesprek.begint_op <= timezone.now():
            raise ValidationError(_("Dit gesprek is al geweest."))
        if gesprek.geannuleerd_op is not None:
            # A page open since before the cancellation: no invitation or melding about a gesprek that is off.
            raise ValidationError(_("Dit gesprek gaat niet door. Je hoeft niet te kiezen of je begeleider meegaat."))
        if gesprek.begeleider_gaat_mee != mee:
            # Her invitation and its CANCEL share the gesprek's UID; each needs a higher SEQUENCE than the last she
            # got, or her calendar ignores it. The agenda follows the SEQUENCE (``BEGELEIDER_GEKOZEN``).
            gesprek.begeleider_gaat_mee, gesprek.volgnummer = mee, gesprek.volgnummer + 1
            gesprek.save(update_fields=["begeleider_gaat_mee", "volgnummer"])
            if mee:
                emails.gesprek_begeleider(gesprek)
            else:
                emails.gesprek_begeleider_niet_mee(gesprek)
            gebeurtenis_vastleggen(BEGELEIDER_GEKOZEN, door=door, gesprek_id=gesprek.pk, mee=mee,
                                   volgnummer=gesprek.volgnummer)
    return gesprek


# --- voorbereiding op het gesprek ---------------------------------------------------------------

# The checklist a gesprek starts with; staff change it per gesprek. Plain je-form Dutch (B1).
STANDAARD_PUNTEN = (
    _lazy("Lees over het bedrijf"),
    _lazy("Lees de vacature nog een keer"),
    _lazy("Bedenk wat je over jezelf wilt vertellen"),
    _lazy("Bedenk een vraag die je zelf wilt stellen"),
    _lazy("Neem je ID en cv mee"),
    _lazy("Plan je reis: zorg dat je 10 minuten te vroeg bent"),
)
STANDAARD_VRAGEN = _lazy("Vertel eens iets over jezelf.\nWaarom wil je hier werken?\nWat kun je goed?\n"
                         "Wanneer kun je beginnen en hoeveel uur wil je werken?")
STANDAARD_MEENEMEN = _lazy("Je ID-bewijs (paspoort, ID-kaart of rijbewijs) en je cv.")
MAX_PUNTEN = 20


def _voorbereiding_klaarzetten(gesprek):
    """A new gesprek gets its preparation with a default checklist and what is known of werkgever and
    vacature. Runs in ``gesprek_plannen``'s transaction."""
    vacature = gesprek.voordracht.vacature
    werkgever = vacature.werkgever
    over_werkgever = "\n".join(t for t in (werkgever.activiteiten, werkgever.cultuur, werkgever.website) if t)
    voorbereiding, nieuw = Gespreksvoorbereiding.objects.get_or_create(gesprek=gesprek, defaults={
        "over_werkgever": over_werkgever, "over_vacature": vacature.omschrijving,
        "vragen": str(STANDAARD_VRAGEN), "meenemen": str(STANDAARD_MEENEMEN)})
    if nieuw:
        Voorbereidingspunt.objects.bulk_create(
            [Voorbereidingspunt(voorbereiding=voorbereiding, tekst=str(t), volgorde=i)
             for i, t in enumerate(STANDAARD_PUNTEN)])
    return voorbereiding


def _punten_uit_tekst(punten):
    gezien, result = set(), []
    for regel in punten:
        regel = " ".join(regel.split())[:200]
        if regel and regel.lower() not in gezien:
            gezien.add(regel.lower())
            result.append(regel)
    if len(result) > MAX_PUNTEN:
        raise ValidationError({"punten": _("Een lijstje van hoogstens %(n)s punten is genoeg.") % {"n": MAX_PUNTEN}})
    return result


def voorbereiding_bijwerken(*, voorbereiding: Gespreksvoorbereiding, door: User, over_werkgever: str,
                            over_vacature: str, vragen: str, meenemen: str, reis: str,
                            punten: list[str]) -> Gespreksvoorbereiding:
    """The klantmanager or the accountmanager changes the preparation. Each changed part remembers who
    changed it and when; a point that stays keeps its tick, a point taken off goes. The row is locked, so two
    people saving at once do not lose each other's parts silently: the second save wins per part."""
    if door.rol not in (Rol.ACCOUNTMANAGER, Rol.KLANTMANAGER):
        raise PermissionError("Alleen de klantmanager of de accountmanager vult de voorbereiding in.")
    punten = _punten_uit_tekst(punten)
    with transaction.atomic():
        voorbereiding = (Gespreksvoorbereiding.objects.select_for_update(of=("self",))
                         .select_related("gesprek__voordracht").get(pk=voorbereiding.pk))
        if not voorbereiding.is_open:
            raise ValidationError(_("Dit gesprek gaat niet door of is afgerond: de voorbereiding is gesloten."))
        nu = timezone.now()
        stempel = {"door": door.pk, "op": nu.isoformat()}
        nieuw = {"over_werkgever": over_werkgever, "over_vacature": over_vacature, "vragen": vragen,
                 "meenemen": meenemen, "reis": reis}
        gewijzigd = dict(voorbereiding.gewijzigd)
        velden = []
        for veld, waarde in nieuw.items():
            waarde = waarde.strip()
            if getattr(voorbereiding, veld) != waarde:
                setattr(voorbereiding, veld, waarde)
                gewijzigd[veld] = stempel
                velden.append(veld)
        bestaand = {p.tekst: p for p in voorbereiding.punten.all()}
        if list(bestaand) != punten:
            voorbereiding.punten.exclude(tekst__in=punten).delete()
            for volgorde, tekst in enumerate(punten):
                punt = bestaand.get(tekst)
                if punt is None:
                    Voorbereidingspunt.objects.create(voorbereiding=voorbereiding, tekst=tekst, volgorde=volgorde)
                elif punt.volgorde != volgorde:
                    punt.volgorde = volgorde
                    punt.save(update_fields=["volgorde"])
            gewijzigd["punten"] = stempel
            velden.append("punten")
        if velden:
            voorbereiding.gewijzigd = gewijzigd
            voorbereiding.save(update_fields=[v for v in velden if v != "punten"] + ["gewijzigd"])
    return voorbereiding


def voorbereidingspunt_afvinken(*, punt: Voorbereidingspunt, door: User, klaar: bool) -> Voorbereidingspunt:
    """The werkzoekende ticks a point off (or on again). Only their own, only while the gesprek is still
    to come."""
    with transaction.atomic():
        punt = (Voorbereidingspunt.objects.select_for_update(of=("self",))
                .select_related("voorbereiding__gesprek__voordracht__kandidaat").get(pk=punt.pk))
        voorbereiding = punt.voorbereiding
        if door.rol != Rol.WERKZOEKENDE or voorbereiding.gesprek.voordracht.kandidaat.account_id != door.pk:
            raise PermissionError("Alleen de werkzoekende zelf vinkt de voorbereiding af.")
        if not voorbereiding.is_open:
            raise ValidationError(_("Dit gesprek gaat niet door of is al geweest. Je hoeft niets meer af te vinken."))
        if klaar != (punt.afgevinkt_op is not None):
            punt.afgevinkt_op = timezone.now() if klaar else None
            punt.save(update_fields=["afgevinkt_op"])
    return punt


# --- shortlist -------------------------------------------------------------------------------


def shortlist_toevoegen(*, vacature: Vacature, kandidaat_id: int, door: User) -> Shortlist:
    shortlist, _nieuw = Shortlist.objects.get_or_create(vacature=vacature, kandidaat_id=kandidaat_id,
                                                        defaults={"door": door})
    return shortlist


def shortlist_verwijderen(*, vacature: Vacature, kandidaat_id: int) -> None:
    Shortlist.objects.filter(vacature=vacature, kandidaat_id=kandidaat_id).delete()
