"""Every write to the agenda. Each change mails the participants through the outbox (in the same transaction)
and records a journey event with the afspraak id, for the notification centre."""

import hashlib
import secrets
import uuid
from datetime import UTC, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from accounts.models import Rol, User
from accounts.selectors import werkgevermensen
from agenda import emails
from agenda.models import BEGELEIDER_NIET_MEE, MAX_DUUR, Afspraak, AgendaFeed, Deelnemer
from bemiddeling.models import Gespreksvoorbereiding, Sollicitatiegesprek
from klantreis.lib.claim import claim_rijen
from outbox.services import gebeurtenis_vastleggen
from werkzoekenden.models import Kandidaat

# Journey events of this app; payload ``afspraak_id`` (and ``gebruiker_ids``: who takes part).
AFSPRAAK_GEPLAND = "agenda.afspraak_gepland"
AFSPRAAK_GEWIJZIGD = "agenda.afspraak_gewijzigd"
AFSPRAAK_GEANNULEERD = "agenda.afspraak_geannuleerd"
# An invited werkzoekende cannot come, or can after all; payload also ``deelnemer_id``.
DEELNEMER_KAN_NIET = "agenda.deelnemer_kan_niet"
DEELNEMER_KAN_TOCH = "agenda.deelnemer_kan_toch"

DOSSIER_GESLOTEN_AANMELDEN = _lazy("Je dossier is gesloten. Daarom kun je je niet aanmelden. Zoek je weer werk? Neem "
                                   "contact op met je contactpersoon; die kan je dossier weer openen.")

HERINNERING_VOORAF = timedelta(hours=24)
HERINNERING_BATCH = 500


def _herinnering_op(afspraak):
    return afspraak.start - HERINNERING_VOORAF


def _utc(tijd):
    """A time as stored, in UTC: reckoning with a local one (24 hours before, for the reminder) goes by the clock,
    and across the night the clocks go back that is an hour off."""
    return tijd.astimezone(UTC) if tijd is not None else None


def _controleer(*, soort, start, eind, plaats, videolink, capaciteit, nieuw=True, fouten=None):
    fouten = dict(fouten or {})
    if soort not in Afspraak.Soort.values:
        fouten["soort"] = _("Kies een soort afspraak uit de lijst.")
    if start is None or eind is None:
        fouten["start"] = _("Vul een begin- en eindtijd in.")
    else:
        # Compared in UTC: two times in the same zone compare by the clock, so on the night the clocks go forward
        # 02:30 (which does not exist, so is 03:30) seemed an hour before 03:30, and 0 minutes were planned.
        start, eind = start.astimezone(UTC), eind.astimezone(UTC)
        if nieuw and start <= timezone.now():
            fouten["start"] = _("Dit tijdstip is al voorbij. Kies een moment in de toekomst.")
        if eind <= start:
            fouten["eind"] = _("De afspraak moet na het begin eindigen. Controleer de eindtijd.")
        elif eind - start > MAX_DUUR:
            fouten["eind"] = _("Een afspraak duurt hoogstens 12 uur. Controleer de eindtijd.")
    if not (plaats or "").strip() and not (videolink or "").strip():
        fouten["plaats"] = _("Vul een plaats in of een videolink.")
    if soort == Afspraak.Soort.GROEPSBIJEENKOMST:
        if not capaciteit:
            fouten["capaciteit"] = _("Hoeveel mensen kunnen meedoen? Vul een aantal in.")
    elif capaciteit:
        fouten["capaciteit"] = _("Een aantal plaatsen hoort alleen bij een groepsbijeenkomst.")
    if fouten:
        raise ValidationError(fouten)


def _actieve_deelnemers(afspraak):
    # Who said "ik kan niet" still has the afspraak in her own calendar: she gets its change or cancellation too.
    return list(afspraak.deelnemers.filter(status__in=[Deelnemer.Status.AANGEMELD, Deelnemer.Status.KAN_NIET])
                .select_related("gebruiker", "kandidaat__account").order_by("pk"))


def _gebruiker_ids(afspraak):
    ids = set()
    for gebruiker_id, account_id in afspraak.deelnemers.exclude(status=Deelnemer.Status.AFGEMELD).values_list(
            "gebruiker_id", "kandidaat__account_id"):
        ids.add(gebruiker_id or account_id)
    return sorted(i for i in ids if i)


def _gebeurtenis(soort, afspraak, door, **extra):
    gebeurtenis_vastleggen(soort, door=door, afspraak_id=afspraak.pk, soort_afspraak=afspraak.soort,
                           gebruiker_ids=_gebruiker_ids(afspraak), volgnummer=afspraak.volgnummer, **extra)


def afspraak_plannen(*, door: User, soort: str, titel: str, start, eind, plaats: str = "", videolink: str = "",
                     toelichting: str = "", capaciteit=None, werkgever=None, gebruikers=(), kandidaten=(),
                     regio=None) -> Afspraak:
    """Plan an afspraak; ``door`` takes part, so do ``gebruikers`` and ``kandidaten``. A groepsbijeenkomst is
    open for werkzoekenden of ``regio`` (default: the organiser's) to sign up, up to ``capaciteit``. Who is invited
    must fit the soort (``Afspraak.deelname_fouten``), whichever way the afspraak is planned."""
    if door.rol not in (Rol.ACCOUNTMANAGER, Rol.KLANTMANAGER, Rol.BEHEERDER):
        raise PermissionError("Alleen medewerkers plannen afspraken.")
    if soort == Afspraak.Soort.SOLLICITATIEGESPREK:
        raise ValidationError({"soort": _("Een sollicitatiegesprek plan je bij de voordracht.")})
    kandidaten = list(kandidaten)
    start, eind = _utc(start), _utc(eind)
    _controleer(soort=soort, start=start, eind=eind, plaats=plaats, videolink=videolink, capaciteit=capaciteit,
                fouten=Afspraak.deelname_fouten(soort, werkgever=werkgever, kandidaten=kandidaten,
                                                capaciteit=capaciteit))
    if not titel.strip():
        with translation.override(settings.LANGUAGE_CODE):  # stored, everyone reads it: in Dutch, as typed titles
            titel = str(Afspraak.Soort(soort).label)
    groep = soort == Afspraak.Soort.GROEPSBIJEENKOMST
    with transaction.atomic():
        afspraak = Afspraak.objects.create(
            soort=soort, titel=titel.strip()[:200], start=start, eind=eind, plaats=plaats.strip(),
            videolink=videolink.strip(), toelichting=toelichting, capaciteit=capaciteit if groep else None,
            regio=(regio or door.regio) if groep else None, werkgever=werkgever, georganiseerd_door=door,
            ics_uid=f"{uuid.uuid4()}@klantreis")
        herinnering = _herinnering_op(afspraak)
        rijen = [Deelnemer(afspraak=afspraak, gebruiker=door, herinnering_op=herinnering)]
        rijen += [Deelnemer(afspraak=afspraak, gebruiker=g, herinnering_op=herinnering)
                  for g in {g.pk: g for g in gebruikers if g.pk != door.pk}.values()]
        rijen += [Deelnemer(afspraak=afspraak, kandidaat=k, herinnering_op=herinnering)
                  for k in {k.pk: k for k in kandidaten}.values()]
        afwezig = _waargenomen_collegas(door, werkgever=werkgever, kandidaten=kandidaten,
                                        al={r.gebruiker_id for r in rijen if r.gebruiker_id})
        rijen += [Deelnemer(afspraak=afspraak, gebruiker_id=pk, herinnering_op=herinnering, uitgenodigd=False)
                  for pk in afwezig]
        Deelnemer.objects.bulk_create(rijen)
        emails.uitnodiging(afspraak, [d for d in _actieve_deelnemers(afspraak) if d.gebruiker_id not in afwezig],
                           door=door)
        _gebeurtenis(AFSPRAAK_GEPLAND, afspraak, door)
    return afspraak


def _waargenomen_collegas(door, *, werkgever, kandidaten, al):
    """The ids of the colleagues ``door`` covers for (away, they chose her: ``User.waarnemer``) whose werkzoekende
    (vaste klantmanager) or werkgever (vaste accountmanager) this afspraak is with, not yet in ``al``. They take part:
    back, he has the gesprek with his werkzoekende or the visit to his werkgever in his week and can move it, and the
    werkgevers and werkzoekenden he hands over take it along (``dossierafspraken_overdragen``). No invitation mail
    while he is away (the melding of the afspraak waits in the portal; no reminder while he is away either:
    ``herinneringen_versturen``), and so no CANCEL for it later (``Deelnemer.uitgenodigd``). One query, none when the
    afspraak is with nobody's caseload."""
    vaste = {k.klantmanager_id for k in kandidaten} | ({werkgever.accountmanager_id} if werkgever else set())
    vaste -= {None, door.pk, *al}
    if not vaste or not door.organisatie_id:
        return set()
    return set(User.objects.filter(pk__in=vaste, waarnemer_id=door.pk, organisatie_id=door.organisatie_id,
                                   rol=door.rol).values_list("pk", flat=True))


def _vergrendel(afspraak):
    return Afspraak.objects.select_for_update().get(pk=afspraak.pk)


def afspraak_verplaatsen(*, afspraak: Afspraak, door: User, start, eind, plaats=None, videolink=None) -> Afspraak:
    """A new time (and place): every participant gets mail with the updated .ics (same UID, next SEQUENCE)
    and a new reminder for the new time."""
    if afspraak.gesprek_id:
        raise ValidationError(_("Een sollicitatiegesprek verplaats je bij de voordracht."))
    with transaction.atomic():
        afspraak = _vergrendel(afspraak)
        if afspraak.geannuleerd:
            raise ValidationError(_("Deze afspraak gaat niet door; plan een nieuwe."))
        plaats = afspraak.plaats if plaats is None else plaats.strip()
        videolink = afspraak.videolink if videolink is None else videolink.strip()
        start, eind = _utc(start), _utc(eind)
        _controleer(soort=afspraak.soort, start=start, eind=eind, plaats=plaats, videolink=videolink,
                    capaciteit=afspraak.capaciteit)
        afspraak.start, afspraak.eind, afspraak.plaats, afspraak.videolink = start, eind, plaats, videolink
        afspraak.status, afspraak.volgnummer = Afspraak.Status.VERPLAATST, afspraak.volgnummer + 1
        afspraak.gewijzigd_op = timezone.now()
        afspraak.save(update_fields=["start", "eind", "plaats", "videolink", "status", "volgnummer", "gewijzigd_op"])
        afspraak.deelnemers.update(herinnering_op=_herinnering_op(afspraak), herinnerd_op=None)
        _opnieuw_uitnodigen(afspraak)
        emails.gewijzigd(afspraak, _actieve_deelnemers(afspraak))
        # The change carries the .ics (a REQUEST): it is in their own calendar now.
        afspraak.deelnemers.filter(status__in=[Deelnemer.Status.AANGEMELD, Deelnemer.Status.KAN_NIET],
                                   uitgenodigd=False).update(uitgenodigd=True)
        _gebeurtenis(AFSPRAAK_GEWIJZIGD, afspraak, door)
    return afspraak


def afspraak_annuleren(*, afspraak: Afspraak, door: User | None, reden: str = "") -> Afspraak:
    """It does not take place: a CANCEL for every participant's calendar, no reminder. ``reden``: why, when the
    agenda knows (stored, so in Dutch); the mail and the afspraak's page say it."""
    if afspraak.gesprek_id:
        raise ValidationError(_("Een sollicitatiegesprek annuleer je bij de voordracht."))
    with transaction.atomic():
        afspraak = _vergrendel(afspraak)
        if afspraak.geannuleerd:
            return afspraak
        afspraak.status, afspraak.volgnummer = Afspraak.Status.GEANNULEERD, afspraak.volgnummer + 1
        afspraak.annuleringsreden = reden[:200]
        afspraak.gewijzigd_op = timezone.now()
        afspraak.save(update_fields=["status", "volgnummer", "annuleringsreden", "gewijzigd_op"])
        afspraak.deelnemers.update(herinnering_op=None)
        # No CANCEL for whom it was never mailed (the colleague away): the melding of it tells him in the portal.
        emails.geannuleerd(afspraak, [d for d in _actieve_deelnemers(afspraak) if d.uitgenodigd])
        _gebeurtenis(AFSPRAAK_GEANNULEERD, afspraak, door)
    return afspraak


def aanmelden(*, afspraak: Afspraak, door: User, kandidaat) -> Deelnemer:
    """A werkzoekende signs up for a groepsbijeenkomst: a place while there is one, else the waiting list.
    The afspraak row is locked, so two people cannot take the last place together. A closed dossier signs up for
    nothing: read on the kandidaat's row, locked first (as ``ondersteuning.services.aanvraag_indienen`` does), so a
    closing not yet committed is waited for, and one committed is seen (its reaction signs her off what she had)."""
    with transaction.atomic():
        if Kandidaat.objects.select_for_update(no_key=True).filter(pk=kandidaat.pk).values_list(
                "afgesloten_op", flat=True).first() is not None:
            raise ValidationError(DOSSIER_GESLOTEN_AANMELDEN)
        afspraak = _vergrendel(afspraak)
        if not afspraak.is_groep:
            raise ValidationError(_("Voor deze afspraak kun je je niet zelf aanmelden."))
        if afspraak.geannuleerd or afspraak.start <= timezone.now():
            raise ValidationError(_("Aanmelden kan niet meer: deze bijeenkomst gaat niet door of is al begonnen."))
        bezet = afspraak.deelnemers.filter(status=Deelnemer.Status.AANGEMELD, kandidaat__isnull=False).count()
        status = Deelnemer.Status.AANGEMELD if bezet < afspraak.capaciteit else Deelnemer.Status.WACHTLIJST
        deelnemer, nieuw = Deelnemer.objects.get_or_create(
            afspraak=afspraak, kandidaat=kandidaat,
            defaults={"status": status, "herinnering_op": _herinnering_op(afspraak)})
        if not nieuw and deelnemer.status == Deelnemer.Status.AFGEMELD:
            deelnemer.status, deelnemer.aangemeld_op = status, timezone.now()
            deelnemer.herinnering_op, deelnemer.herinnerd_op = _herinnering_op(afspraak), None
            deelnemer.save(update_fields=["status", "aangemeld_op", "herinnering_op", "herinnerd_op"])
        _gebeurtenis(AFSPRAAK_GEWIJZIGD, afspraak, door)
    return deelnemer


def afmelden(*, afspraak: Afspraak, door: User | None, kandidaat,
             dossier_gesloten: bool = False) -> Deelnemer | None:
    """Sign off; a freed place goes to the first on the waiting list, who gets a mail. The event names who was
    signed off (``afgemeld_deelnemer_id``) and whether her dossier closing did it (``dossier_gesloten``), for the
    organiser's melding (``meldingen.reacties``)."""
    with transaction.atomic():
        afspraak = _vergrendel(afspraak)
        deelnemer = afspraak.deelnemers.filter(kandidaat=kandidaat).exclude(
            status=Deelnemer.Status.AFGEMELD).first()
        if deelnemer is None:
            return None
        had_plek = deelnemer.status == Deelnemer.Status.AANGEMELD
        deelnemer.status = Deelnemer.Status.AFGEMELD
        deelnemer.save(update_fields=["status"])
        if had_plek and not afspraak.geannuleerd:
            # Not to a closed dossier still on the list (its closing's reaction has not run, or it closed before
            # closing signed her off): nobody guides her, and her reaction would free the place again.
            volgende = (afspraak.deelnemers.filter(status=Deelnemer.Status.WACHTLIJST, kandidaat__afgesloten_op=None)
                        .select_related("gebruiker", "kandidaat__account").order_by("aangemeld_op", "pk").first())
            if volgende is not None:
                volgende.status = Deelnemer.Status.AANGEMELD
                volgende.save(update_fields=["status"])
                emails.plek_vrij(afspraak, volgende)
        _gebeurtenis(AFSPRAAK_GEWIJZIGD, afspraak, door, afgemeld_deelnemer_id=deelnemer.pk,
                     dossier_gesloten=dossier_gesloten)
    return deelnemer


def dossierafspraken_stoppen(*, kandidaat_id: int, door: User | None) -> int:
    """The dossier closed (``werkzoekenden.dossier_afgesloten``): nobody guides her any more, so her coming afspraken
    stop, in the same way as by hand. One of this dossier alone (a gesprek with the klantmanager) is cancelled with the
    reason: every participant gets the CANCEL, and a melding (``meldingen.reacties``). From one that goes on for
    others (a groepsbijeenkomst, one with other werkzoekenden, or a werkgever's: an accountmanager's visit she was to
    come along to is his and the werkgever's, and a cancel would tell the werkgever something happened to her) she is
    signed off: her place goes to the first on the waiting list, as when she signs off herself, and she gets the
    CANCEL for her own calendar. A sollicitatiegesprek is
    bemiddeling's: its voordracht lapsed with the consent it rested on, which cancelled it. A nazorggesprek is the
    plaatsing's and follows its end, not the dossier's (as its tasks do, ``taken.reacties``): after an uitstroom naar
    werk, the usual reason to close, the nazorg with her werkgever goes on. Returns how many afspraken she is out of.

    The kandidaat row is locked first (as ``aanmelden`` and ``dossier_heropenen`` lock it) and the dossier must still
    be closed under that lock: a reopening committed after the reaction looked, and a sign-up right after it, are not
    undone; a reopening that comes later waits until this is done."""
    with transaction.atomic():
        if Kandidaat.objects.select_for_update(no_key=True).filter(pk=kandidaat_id).values_list(
                "afgesloten_op", flat=True).first() is None:
            return 0
        return _dossierafspraken_stoppen(kandidaat_id=kandidaat_id, door=door)


def _dossierafspraken_stoppen(*, kandidaat_id, door):
    with translation.override(settings.LANGUAGE_CODE):  # stored, read by everyone later: in Dutch
        reden = _("Het dossier is gesloten.")
    ids = list(Afspraak.objects.filter(
        start__gt=timezone.now(), gesprek__isnull=True,
        pk__in=Deelnemer.objects.filter(kandidaat_id=kandidaat_id).exclude(status=Deelnemer.Status.AFGEMELD).values(
            "afspraak_id")).exclude(status=Afspraak.Status.GEANNULEERD).exclude(
        soort=Afspraak.Soort.NAZORGGESPREK).values_list("pk", flat=True))
    for afspraak in Afspraak.objects.filter(pk__in=ids).order_by("pk"):
        anderen = afspraak.deelnemers.filter(kandidaat__isnull=False).exclude(kandidaat_id=kandidaat_id).exclude(
            status=Deelnemer.Status.AFGEMELD)
        met_werkgever = afspraak.werkgever_id is not None or afspraak.deelnemers.filter(
            gebruiker__rol=Rol.WERKGEVER).exclude(status=Deelnemer.Status.AFGEMELD).exists()
        if afspraak.is_groep or met_werkgever or anderen.exists():
            kandidaat = Kandidaat.objects.get(pk=kandidaat_id)
            with transaction.atomic():
                afspraak = _vergrendel(afspraak)
                had = afspraak.deelnemers.filter(kandidaat_id=kandidaat_id).values_list("status", flat=True).first()
                deelnemer = afmelden(afspraak=afspraak, door=door, kandidaat=kandidaat, dossier_gesloten=True)
                # Who was only on the waiting list had nothing in her calendar: no mail.
                if deelnemer is not None and had != Deelnemer.Status.WACHTLIJST:
                    emails.afgemeld_dossier_gesloten(afspraak, Deelnemer.objects.select_related(
                        "kandidaat__account").get(pk=deelnemer.pk))
        else:
            afspraak_annuleren(afspraak=afspraak, door=door, reden=reden)
    return len(ids)


# --- "ik kan niet": an invited werkzoekende answers -----------------------------------------------


def _opnieuw_uitnodigen(afspraak):
    """A new time is a new question: who could not come at the old time is invited again."""
    afspraak.deelnemers.filter(status=Deelnemer.Status.KAN_NIET).update(
        status=Deelnemer.Status.AANGEMELD, kan_niet_reden="", kan_niet_wanneer_wel="", kan_niet_op=None)


def antwoord_controleren(afspraak, nu=None, *, u=False):
    """Why an invitation can no longer be answered, as a ValidationError (for the page as for the service); ``u``:
    in the words for a werkgever."""
    if afspraak.is_groep:
        raise ValidationError(_("Voor een bijeenkomst meld je je af."))
    if afspraak.geannuleerd:
        raise ValidationError(_("Deze afspraak gaat niet door. U hoeft niets te doen.") if u else
                              _("Deze afspraak gaat niet door. Je hoeft niets te doen."))
    if not afspraak.kan_nog_beantwoorden(nu):
        raise ValidationError(_("Deze afspraak is al begonnen of voorbij. Wilt u iets doorgeven? Stuur dan een "
                                "bericht.") if u else
                              _("Deze afspraak is al begonnen of voorbij. Wil je iets doorgeven? Stuur dan een "
                                "bericht."))


def kan_niet_melden(*, deelnemer: Deelnemer, door: User, reden: str, wanneer_wel: str = "") -> Deelnemer:
    """The invited werkzoekende (or the werkgever's contactpersoon at a visit) cannot come: the answer with the reason
    (and when they can) is on their Deelnemer row, and a journey event tells the organiser (a melding, a task to
    propose a new time). The afspraak row is locked, so a double submit, or a move at the same moment, gives one
    answer and one event. ``door`` is the invited person themselves (checked by
    ``permissions.get_uitnodiging_for_user``)."""
    u = door.rol == Rol.WERKGEVER
    reden, wanneer_wel = (reden or "").strip(), (wanneer_wel or "").strip()
    if not reden:
        raise ValidationError({"reden": _("Schrijf kort waarom u niet kunt.") if u else
                               _("Schrijf kort waarom je niet kunt.")})
    nu = timezone.now()
    with transaction.atomic():
        afspraak = _vergrendel(deelnemer.afspraak)
        deelnemer = afspraak.deelnemers.get(pk=deelnemer.pk)
        antwoord_controleren(afspraak, nu, u=u)
        if deelnemer.kan_niet:
            return deelnemer  # answered already (a second click): one answer, one task
        deelnemer.status = Deelnemer.Status.KAN_NIET
        deelnemer.kan_niet_reden, deelnemer.kan_niet_wanneer_wel = reden[:500], wanneer_wel[:200]
        deelnemer.kan_niet_op = nu
        deelnemer.save(update_fields=["status", "kan_niet_reden", "kan_niet_wanneer_wel", "kan_niet_op"])
        gebeurtenis_vastleggen(DEELNEMER_KAN_NIET, door=door, afspraak_id=afspraak.pk, deelnemer_id=deelnemer.pk,
                               soort_afspraak=afspraak.soort, volgnummer=afspraak.volgnummer)
    return deelnemer


def kan_toch(*, deelnemer: Deelnemer, door: User) -> Deelnemer:
    """They can come after all ("Ik kan toch"), while the afspraak is still to come: invited as before, the
    organiser's task to propose a new time is done."""
    nu = timezone.now()
    with transaction.atomic():
        afspraak = _vergrendel(deelnemer.afspraak)
        deelnemer = afspraak.deelnemers.get(pk=deelnemer.pk)
        if not deelnemer.kan_niet:
            return deelnemer
        antwoord_controleren(afspraak, nu, u=door.rol == Rol.WERKGEVER)
        deelnemer.status = Deelnemer.Status.AANGEMELD
        deelnemer.kan_niet_reden, deelnemer.kan_niet_wanneer_wel, deelnemer.kan_niet_op = "", "", None
        deelnemer.save(update_fields=["status", "kan_niet_reden", "kan_niet_wanneer_wel", "kan_niet_op"])
        gebeurtenis_vastleggen(DEELNEMER_KAN_TOCH, door=door, afspraak_id=afspraak.pk, deelnemer_id=deelnemer.pk,
                               soort_afspraak=afspraak.soort, volgnummer=afspraak.volgnummer)
    return deelnemer


def _voorbereiding_van(deelnemer):
    """The werkzoekende's preparation for a sollicitatiegesprek goes along in their reminder the day before:
    one mail ("morgen: ..." with what is still to do), not a second reminder of its own. Staff and the werkgever
    get the plain reminder; the werkgever never sees the preparation."""
    gesprek = deelnemer.afspraak.gesprek if deelnemer.afspraak.gesprek_id else None
    if gesprek is None or deelnemer.kandidaat_id is None:
        return None
    try:
        voorbereiding = gesprek.gespreksvoorbereiding
    except Gespreksvoorbereiding.DoesNotExist:
        return None
    return voorbereiding if voorbereiding.is_open else None


# A colleague away (he has a waarnemer now, ``User.waarnemer``) gets no reminder while he is: she covers for him.
# Claimed all the same (sent once): back before the afspraak, he finds it in his agenda.
_AFWEZIG = Q(gebruiker__waarnemer__isnull=False, gebruiker__rol__in=[Rol.KLANTMANAGER, Rol.ACCOUNTMANAGER])


def herinneringen_versturen(*, nu=None, batch=HERINNERING_BATCH) -> int:
    """Celery beat: each participant gets one reminder 24 hours before. Claimed in batches with SKIP LOCKED
    (``claim_rijen``), like the nazorg sweep: parallel sweeps share the work and nobody gets two; a moved
    afspraak has a new due time and no ``herinnerd_op``, so it is reminded again for its new time."""
    nu = nu or timezone.now()
    verstuurd = 0
    while True:
        with transaction.atomic():
            ids = claim_rijen(Deelnemer.objects.filter(status=Deelnemer.Status.AANGEMELD, herinnerd_op__isnull=True,
                                                       herinnering_op__lte=nu),
                              aantal=batch, volgorde=("herinnering_op", "pk"), herinnerd_op=nu)
            for deelnemer in (Deelnemer.objects.filter(pk__in=ids, afspraak__start__gt=nu)
                              .exclude(afspraak__status=Afspraak.Status.GEANNULEERD)
                              .exclude(BEGELEIDER_NIET_MEE)
                              .exclude(_AFWEZIG)
                              .select_related("afspraak__georganiseerd_door", "gebruiker", "kandidaat__account",
                                              "afspraak__gesprek__gespreksvoorbereiding",
                                              "afspraak__gesprek__voordracht")
                              .prefetch_related("afspraak__gesprek__gespreksvoorbereiding__punten")):
                emails.herinnering(deelnemer.afspraak, deelnemer, voorbereiding=_voorbereiding_van(deelnemer))
                verstuurd += 1
                if not deelnemer.uitgenodigd:  # the reminder carries the .ics: in his own calendar now
                    Deelnemer.objects.filter(pk=deelnemer.pk).update(uitgenodigd=True)
        if len(ids) < batch:
            return verstuurd


# --- sollicitatiegesprekken (bemiddeling) in de agenda -------------------------------------------


def gesprek_bijwerken(*, gesprek_id: int, begeleider_gemaild_bij: int | None = None) -> Afspraak:
    """Keep the Afspraak of a sollicitatiegesprek in step (run by the reaction to bemiddeling's events): the
    accountmanager, the werkgever's people, the kandidaat and their klantmanager take part. Bemiddeling already
    mailed them its .ics; the klantmanager who does not go along hears of a move or cancellation here, and sees it
    in her agenda as "ter informatie" (``selectors.agenda_items``), without a reminder. ``begeleider_gemaild_bij``: the
    SEQUENCE of the change bemiddeling mailed her about itself (a move with her CANCEL): no second mail of it."""
    with transaction.atomic():
        gesprek = Sollicitatiegesprek.objects.select_related(
            "voordracht__vacature__werkgever", "voordracht__voorgedragen_door", "voordracht__kandidaat__klantmanager",
            "gepland_door").get(pk=gesprek_id)
        voordracht = gesprek.voordracht
        werkgever = voordracht.vacature.werkgever
        afspraak = Afspraak.objects.select_for_update().filter(gesprek=gesprek).first()
        nieuw = afspraak is None
        vorig_volgnummer = None if nieuw else afspraak.volgnummer
        if nieuw:
            afspraak = Afspraak(gesprek=gesprek, soort=Afspraak.Soort.SOLLICITATIEGESPREK, ics_uid=gesprek.ics_uid,
                                georganiseerd_door=voordracht.voorgedragen_door, werkgever=werkgever)
        # The gesprek's SEQUENCE counts its changes: a reaction that runs twice sees no change the second time. Not
        # every change is a move: the begeleider's choice raises it too (her invitation or its CANCEL), so a move is
        # a change of time or place as well.
        eind = gesprek.begint_op + timedelta(minutes=gesprek.duur_minuten)
        verplaatst = (not nieuw and afspraak.volgnummer != gesprek.volgnummer and not gesprek.geannuleerd_op
                      and (afspraak.start, afspraak.eind, afspraak.plaats) != (gesprek.begint_op, eind,
                                                                                gesprek.locatie))
        geannuleerd = gesprek.geannuleerd_op is not None and (nieuw or not afspraak.geannuleerd)
        afspraak.titel = _("Sollicitatiegesprek %(titel)s") % {"titel": voordracht.vacature.titel}
        afspraak.start, afspraak.eind = gesprek.begint_op, eind
        afspraak.plaats, afspraak.volgnummer = gesprek.locatie, gesprek.volgnummer
        # The werkgever takes part too: the werkzoekende's preparation (the accountmanager's tips included) is on
        # its own page for the werkzoekende and staff, never in the shared afspraak.
        afspraak.toelichting = ""
        if gesprek.geannuleerd_op:
            afspraak.status = Afspraak.Status.GEANNULEERD
        elif verplaatst:
            afspraak.status = Afspraak.Status.VERPLAATST
        afspraak.gewijzigd_op = timezone.now()
        afspraak.save()
        herinnering = None if gesprek.geannuleerd_op else _herinnering_op(afspraak)
        mensen = [voordracht.voorgedragen_door,
                  *werkgevermensen(werkgever.organisatie_id)]
        km = voordracht.kandidaat.klantmanager
        if km is not None:
            mensen.append(km)
        bekend = set(afspraak.deelnemers.values_list("gebruiker_id", flat=True))
        Deelnemer.objects.bulk_create(
            [Deelnemer(afspraak=afspraak, gebruiker=g) for g in {g.pk: g for g in mensen}.values()
             if g.pk not in bekend])
        if not afspraak.deelnemers.filter(kandidaat=voordracht.kandidaat).exists():
            Deelnemer.objects.create(afspraak=afspraak, kandidaat=voordracht.kandidaat)
        if nieuw or verplaatst or geannuleerd:
            afspraak.deelnemers.update(herinnering_op=herinnering, herinnerd_op=None)
        if verplaatst:
            _opnieuw_uitnodigen(afspraak)
        if (km is not None and not gesprek.begeleider_gaat_mee and (verplaatst or geannuleerd)
                and begeleider_gemaild_bij != gesprek.volgnummer):
            emails.gesprek_ter_informatie(afspraak, km, soort="geannuleerd" if geannuleerd else "gewijzigd")
        if not (nieuw or verplaatst or geannuleerd) and vorig_volgnummer != gesprek.volgnummer:
            # Only the begeleider's choice changed: bemiddeling told her; nothing changed for the others (and a
            # "kan niet" answered at this time stays open). Asked along again, she is reminded as of a new invitation:
            # the sweep may have passed her row by while she need not come (``BEGELEIDER_NIET_MEE``).
            if km is not None and gesprek.begeleider_gaat_mee and not gesprek.geannuleerd_op:
                afspraak.deelnemers.filter(gebruiker=km, status=Deelnemer.Status.AANGEMELD).update(
                    herinnering_op=herinnering, herinnerd_op=None)
            return afspraak
        soort = (AFSPRAAK_GEANNULEERD if gesprek.geannuleerd_op else AFSPRAAK_GEPLAND if nieuw
                 else AFSPRAAK_GEWIJZIGD)
        _gebeurtenis(soort, afspraak, gesprek.gepland_door)
    return afspraak


def afspraken_overdragen(*, werkgever_id: int, van_id: int, naar: User) -> int:
    """A werkgever has another vaste accountmanager (``werkgevers.accountmanager_gewijzigd``): its coming afspraken
    that the previous one takes part in (a kennismakingsbezoek, a nazorggesprek) are the new one's. She is invited
    with the .ics; he is afgemeld, so his agenda and feed drop them, and a CANCEL takes them from his own calendar. A
    sollicitatiegesprek stays with whoever made the voordracht, as bemiddeling's mails do. Returns how many."""
    return _afspraken_naar(Afspraak.objects.filter(werkgever_id=werkgever_id).exclude(
        soort=Afspraak.Soort.SOLLICITATIEGESPREK), van_id=van_id, naar=naar)


def dossierafspraken_overdragen(*, kandidaat_id: int, van_id: int, naar: User) -> int:
    """A dossier has another vaste klantmanager (``werkzoekenden.dossier_overgedragen``, by hand or in a caseload
    handover): the coming afspraken of the previous one with this werkzoekende (a gesprek with the klantmanager, a
    sollicitatiegesprek she was to come to) are the new one's, in the same way as a werkgever's. A groepsbijeenkomst
    stays with who gives it, and so does an afspraak with other werkzoekenden too: it is not this dossier's alone."""
    andere = Deelnemer.objects.filter(afspraak=OuterRef("pk"), kandidaat__isnull=False).exclude(
        kandidaat_id=kandidaat_id)
    return _afspraken_naar(Afspraak.objects.filter(deelnemers__kandidaat_id=kandidaat_id).exclude(
        soort=Afspraak.Soort.GROEPSBIJEENKOMST).exclude(Exists(andere)), van_id=van_id, naar=naar)


def _afspraken_naar(afspraken, *, van_id, naar):
    ids = list(afspraken.filter(
        start__gt=timezone.now(), pk__in=Deelnemer.objects.filter(
            gebruiker_id=van_id, status=Deelnemer.Status.AANGEMELD).values("afspraak_id")).exclude(
        status=Afspraak.Status.GEANNULEERD).values_list("pk", flat=True).distinct())
    for pk in ids:
        with transaction.atomic():
            afspraak = Afspraak.objects.select_for_update().get(pk=pk)
            # A sollicitatiegesprek the werkzoekende goes to alone is in the klantmanagers' agenda for information
            # only: no invitation for the new one's own calendar, no CANCEL for the previous one (who has none).
            ter_informatie = afspraak.gesprek_id is not None and not Sollicitatiegesprek.objects.filter(
                pk=afspraak.gesprek_id, begeleider_gaat_mee=True).exists()
            Deelnemer.objects.filter(afspraak=afspraak, gebruiker_id=van_id).update(status=Deelnemer.Status.AFGEMELD)
            for vorige in Deelnemer.objects.filter(afspraak=afspraak, gebruiker_id=van_id).select_related("gebruiker"):
                # No CANCEL for an invitation he never had (added while away, ``afspraak_plannen``).
                if not ter_informatie and vorige.uitgenodigd:
                    emails.niet_meer_voor_jou(afspraak, vorige)
            rij, nieuw = Deelnemer.objects.get_or_create(afspraak=afspraak, gebruiker=naar,
                                                         defaults={"herinnering_op": _herinnering_op(afspraak)})
            if not nieuw and rij.status != Deelnemer.Status.AANGEMELD:
                rij.status, rij.herinnering_op, rij.herinnerd_op = (Deelnemer.Status.AANGEMELD,
                                                                    _herinnering_op(afspraak), None)
                rij.save(update_fields=["status", "herinnering_op", "herinnerd_op"])
            if not nieuw and not rij.uitgenodigd and not ter_informatie:
                Deelnemer.objects.filter(pk=rij.pk).update(uitgenodigd=True)  # invited below
            if afspraak.georganiseerd_door_id == van_id:
                afspraak.georganiseerd_door = naar
                afspraak.save(update_fields=["georganiseerd_door"])
            if not ter_informatie:
                emails.uitnodiging(afspraak, [rij], door=None)
    return len(ids)


# --- de agenda in Outlook of Google (iCalendar-feed) ---------------------------------------------


def feed_vernieuwen(*, gebruiker: User) -> str:
    """A new secret feed address; the old one stops working at once. Returns the token (shown once: only its
    SHA-256 is stored)."""
    sleutel = secrets.token_urlsafe(32)
    AgendaFeed.objects.update_or_create(
        gebruiker=gebruiker, defaults={"sleutel_hash": hashlib.sha256(sleutel.encode()).hexdigest(),
                                       "aangemaakt_op": timezone.now(), "laatst_gebruikt_op": None})
    return sleutel


def feed_intrekken(*, gebruiker: User) -> None:
    AgendaFeed.objects.filter(gebruiker=gebruiker).delete()


def feed_gebruikt(*, feed: AgendaFeed, nu=None) -> None:
    """Remember when a calendar app last fetched the feed, at most once an hour (apps poll often; a row per
    fetch in the audit log would drown it)."""
    nu = nu or timezone.now()
    if feed.laatst_gebruikt_op is None or nu - feed.laatst_gebruikt_op > timedelta(hours=1):
        AgendaFeed.objects.filter(pk=feed.pk).update(laatst_gebruikt_op=nu)
