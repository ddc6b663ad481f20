import os
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Rol
from berichten.models import Bericht, Berichtenwisseling, Bijlage, Gelezen
from berichten.permissions import (
    mag_starten_overleg,
    mag_starten_werkgever,
    mag_starten_werkzoekende,
    mag_wisseling,
)
from klantreis.lib.opslag import bestand_opslaan
from outbox.services import gebeurtenis_vastleggen
from werkgevers.services import contact_gehad as werkgever_contact_gehad
from werkzoekenden.services import contact_gehad

# Journey event of this app: ``meldingen`` tells the receivers (see docs/architecture.md).
BERICHT_VERSTUURD = "berichten.bericht_verstuurd"

MAX_TEKST = 5000
# The same message by the same person within this time is the second POST of a double click (or a reloaded POST):
# the first one is kept and returned, the receivers hear of it once.
DUBBEL_BINNEN = timedelta(minutes=2)

Soort = Berichtenwisseling.Soort


def _controleer_tekst(tekst):
    tekst = (tekst or "").strip()
    if not tekst:
        raise ValidationError({"tekst": _("Schrijf eerst een bericht.")})
    if len(tekst) > MAX_TEKST:
        raise ValidationError({"tekst": _("Een bericht is hooguit %(n)s tekens.") % {"n": MAX_TEKST}})
    return tekst


def wisseling_starten(*, door, soort, onderwerp, tekst, kandidaat=None, werkgever=None, accountmanager=None,
                      bijlage=None, bijlage_soort="") -> Berichtenwisseling:
    """A new thread with its first message. The thread belongs to the relation (kandidaat, werkgever), never to
    the people of today: see ``berichten.permissions``."""
    onderwerp = (onderwerp or "").strip()
    if not onderwerp:
        raise ValidationError({"onderwerp": _("Vul een onderwerp in.")})
    tekst = _controleer_tekst(tekst)
    if soort == Soort.WERKZOEKENDE:
        toegestaan = kandidaat is not None and mag_starten_werkzoekende(door, kandidaat)
        werkgever = accountmanager = None
    elif soort == Soort.WERKGEVER:
        toegestaan = werkgever is not None and mag_starten_werkgever(door, werkgever)
        kandidaat = accountmanager = None
    elif soort == Soort.OVERLEG:
        if door.rol == Rol.ACCOUNTMANAGER:
            accountmanager = door
        if accountmanager is None or accountmanager.rol != Rol.ACCOUNTMANAGER or not accountmanager.is_active:
            raise ValidationError({"accountmanager": _("Kies een accountmanager.")})
        toegestaan = kandidaat is not None and mag_starten_overleg(door, kandidaat)
        werkgever = None
    else:
        raise ValidationError(_("Onbekende soort berichtenwisseling."))
    if not toegestaan:
        raise PermissionDenied("Geen relatie met deze kandidaat of werkgever.")
    with transaction.atomic():
        # New threads about one kandidaat or werkgever one at a time, so a double click finds the first.
        over = kandidaat if kandidaat is not None else werkgever
        type(over).objects.select_for_update().filter(pk=over.pk).first()
        for eerder in Berichtenwisseling.objects.filter(
                gestart_door=door, soort=soort, onderwerp=onderwerp[:200], kandidaat=kandidaat, werkgever=werkgever,
                accountmanager=accountmanager, aangemaakt_op__gte=timezone.now() - DUBBEL_BINNEN).order_by("-pk")[:1]:
            if _zelfde(eerder.berichten.order_by("pk").first(), door=door, tekst=tekst, bijlage=bijlage):
                return eerder
        wisseling = Berichtenwisseling.objects.create(
            soort=soort, onderwerp=onderwerp[:200], kandidaat=kandidaat, werkgever=werkgever,
            accountmanager=accountmanager, gestart_door=door)
        _bericht_toevoegen(wisseling, door=door, tekst=tekst, bijlage=bijlage, bijlage_soort=bijlage_soort)
    return wisseling


def bericht_versturen(*, wisseling, door, tekst, bijlage=None, bijlage_soort="") -> Bericht:
    """Add a message to a thread ``door`` takes part in; the receivers hear of it through the journey event
    ``BERICHT_VERSTUURD`` (their Melding, and a mail when they want one)."""
    tekst = _controleer_tekst(tekst)
    with transaction.atomic():
        Berichtenwisseling.objects.select_for_update().filter(pk=wisseling.pk).first()  # one message at a time
        # Who takes part is asked of the database now, not of the object the caller loaded: a warme overdracht
        # a moment ago took the old klantmanager out.
        wisseling = Berichtenwisseling.objects.select_related(
            "kandidaat__klantmanager", "werkgever__accountmanager", "accountmanager").get(pk=wisseling.pk)
        if not mag_wisseling(door, wisseling):
            raise PermissionDenied("Geen deelnemer van deze berichtenwisseling.")
        if (wisseling.soort == Soort.OVERLEG and wisseling.accountmanager is not None
                and not wisseling.accountmanager.is_active):
            # The overleg is with this accountmanager, who left: nobody would read it (``selectors.ontvangers``).
            raise ValidationError({"tekst": _(
                "%(naam)s werkt hier niet meer en leest dit overleg niet. Begin een nieuw overleg met een andere "
                "accountmanager.") % {"naam": wisseling.accountmanager.get_full_name()}})
        laatste = wisseling.berichten.order_by("-pk").first()
        if laatste is not None and laatste.verstuurd_op >= timezone.now() - DUBBEL_BINNEN \
                and _zelfde(laatste, door=door, tekst=tekst, bijlage=bijlage):
            return laatste
        return _bericht_toevoegen(wisseling, door=door, tekst=tekst, bijlage=bijlage, bijlage_soort=bijlage_soort)


def _zelfde(bericht, *, door, tekst, bijlage):
    """Is ``bericht`` this message again: same sender, same words, the same file (by name and size) or none?"""
    if bericht is None or bericht.afzender_id != door.pk or bericht.tekst != tekst:
        return False
    bijlagen = [(b.bestandsnaam, b.grootte) for b in bericht.bijlagen.all()]
    if bijlage is None:
        return not bijlagen
    return bijlagen == [(os.path.basename(bijlage.name)[:150], bijlage.size)]


def _bericht_toevoegen(wisseling, *, door, tekst, bijlage, bijlage_soort):
    """In the caller's transaction. The attachment arrives checked
    (``klantreis.lib.forms.GecontroleerdBestandField``)."""
    nu = timezone.now()
    bericht = Bericht.objects.create(wisseling=wisseling, afzender=door, tekst=tekst, verstuurd_op=nu)
    if bijlage is not None:
        if bijlage_soort not in ("pdf", "docx"):
            raise ValidationError({"bijlage": _("Alleen een pdf- of Word-bestand (.docx) kan mee.")})
        naam = os.path.basename(bijlage.name)[:150] or f"bijlage.{bijlage_soort}"
        rij = Bijlage(bericht=bericht, bestandsnaam=naam, soort=bijlage_soort, grootte=bijlage.size)
        with bestand_opslaan("bijlage"):
            rij.bestand.save(f"bericht-{bericht.pk}-{nu:%Y%m%d%H%M%S}.{bijlage_soort}", bijlage, save=False)
        rij.save()
    Berichtenwisseling.objects.filter(pk=wisseling.pk).update(laatste_bericht_op=nu)
    if wisseling.soort == Soort.WERKZOEKENDE and door.rol == Rol.KLANTMANAGER:
        # The klantmanager (or a covering colleague) wrote the werkzoekende: that is contact for the caseload.
        contact_gehad(kandidaat_id=wisseling.kandidaat_id, op=nu)
    elif wisseling.soort == Soort.WERKGEVER and door.rol == Rol.ACCOUNTMANAGER:
        # The accountmanager wrote the werkgever: contact for "Mijn werkgevers" (relatiebeheer).
        werkgever_contact_gehad(werkgever_id=wisseling.werkgever_id, op=nu)
    _gelezen_tot(wisseling, door, bericht.pk)
    gebeurtenis_vastleggen(BERICHT_VERSTUURD, door=door, bericht_id=bericht.pk, wisseling_id=wisseling.pk)
    return bericht


def _gelezen_tot(wisseling, gebruiker, bericht_id):
    rij = Gelezen.objects.filter(wisseling=wisseling, gebruiker=gebruiker)
    if rij.filter(tot_bericht__lt=bericht_id).update(tot_bericht=bericht_id, op=timezone.now()) or rij.exists():
        return
    try:
        with transaction.atomic():
            Gelezen.objects.create(wisseling=wisseling, gebruiker=gebruiker, tot_bericht=bericht_id)
    except IntegrityError:  # two tabs at once: the other one wrote it
        _gelezen_tot(wisseling, gebruiker, bericht_id)


def wisseling_gelezen(*, wisseling, door, tot_bericht: int):
    """``door`` has seen everything up to ``tot_bericht`` (never moves back)."""
    if tot_bericht:
        _gelezen_tot(wisseling, door, tot_bericht)
