"""The agenda follows the sollicitatiegesprekken of bemiddeling: one agenda, one truth (the gesprek). And the
organiser's task "Nieuwe tijd voorstellen" when an invited werkzoekende (or a werkgever's contactpersoon) cannot
come: it lives here, not in ``taken``, which is a floor below this app and cannot know its events (like
``ondersteuning.reacties``)."""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Rol, User
from agenda.models import Afspraak
from agenda.selectors import plant_opnieuw, wie_kan_niet
from agenda.services import (
    AFSPRAAK_GEANNULEERD,
    AFSPRAAK_GEWIJZIGD,
    DEELNEMER_KAN_NIET,
    DEELNEMER_KAN_TOCH,
    afspraken_overdragen,
    dossierafspraken_overdragen,
    dossierafspraken_stoppen,
    gesprek_bijwerken,
)
from bemiddeling.services import BEGELEIDER_GEKOZEN, GESPREK_GEANNULEERD, GESPREK_GEPLAND, GESPREK_VERPLAATST
from klantreis.lib import datums
from klantreis.lib.werktijd import volgende_werkdag
from outbox.registry import reageer_op
from taken.models import Taak
from werkgevers.models import Werkgever
from werkgevers.services import ACCOUNTMANAGER_GEWIJZIGD
from werkzoekenden.models import Kandidaat
from werkzoekenden.services import DOSSIER_AFGESLOTEN, DOSSIER_OVERGEDRAGEN


@reageer_op(GESPREK_GEPLAND)
def gesprek_gepland(gebeurtenis):
    gesprek_bijwerken(gesprek_id=gebeurtenis.gegevens["gesprek_id"])


@reageer_op(GESPREK_VERPLAATST)
def gesprek_verplaatst(gebeurtenis):
    # ``begeleider_af``: the klantmanager's CANCEL from bemiddeling named the new time already.
    gegevens = gebeurtenis.gegevens
    gesprek_bijwerken(gesprek_id=gegevens["gesprek_id"],
                      begeleider_gemaild_bij=gegevens.get("volgnummer") if gegevens.get("begeleider_af") else None)


@reageer_op(GESPREK_GEANNULEERD)
def gesprek_geannuleerd(gebeurtenis):
    gesprek_bijwerken(gesprek_id=gebeurtenis.gegevens["gesprek_id"])


@reageer_op(BEGELEIDER_GEKOZEN)
def begeleider_gekozen(gebeurtenis):
    """The begeleider's choice raised the gesprek's SEQUENCE: the Afspraak follows, so that the mails the agenda
    sends her later carry one above the invitation or CANCEL she has."""
    gesprek_bijwerken(gesprek_id=gebeurtenis.gegevens["gesprek_id"])


def _kan_niet_sleutel(afspraak, deelnemer_id):
    # The time in the key: after a move, "kan niet" at the new time is a new task; the old one stays done. The time
    # itself, not the SEQUENCE: that also rises when nothing moves (the begeleider's choice for a gesprek), and a key
    # with it no longer matched the task of an answer that still stands, so the next event closed that task.
    return f"agenda:kan_niet:{afspraak.pk}:{deelnemer_id}:{int(afspraak.start.timestamp())}"


@reageer_op(DEELNEMER_KAN_NIET, DEELNEMER_KAN_TOCH, AFSPRAAK_GEWIJZIGD, AFSPRAAK_GEANNULEERD)
def nieuwe_tijd_voorstellen(gebeurtenis):
    """One open task per werkzoekende (or werkgever's contactpersoon) who cannot come at the afspraak's current time;
    done when they can after all, when the afspraak is moved (they are invited again) or cancelled. Any event only
    closes tasks that no longer hold; only their own "kan niet" opens (or reopens) their task, so a task the
    organiser marked done stays done when someone else cannot come or the afspraak changes otherwise."""
    afspraak = Afspraak.objects.select_related("georganiseerd_door", "gesprek", "werkgever").filter(
        pk=gebeurtenis.gegevens["afspraak_id"]).first()
    if afspraak is None or afspraak.is_groep:
        return  # a groepsbijeenkomst has afmelden, no "kan niet"
    deelnemers = afspraak.deelnemers.filter(Q(kandidaat__isnull=False) | Q(gebruiker__rol=Rol.WERKGEVER)
                                            ).select_related("kandidaat__klantmanager", "gebruiker")
    prefix = f"agenda:kan_niet:{afspraak.pk}:"
    if gebeurtenis.soort in (DEELNEMER_KAN_NIET, DEELNEMER_KAN_TOCH):  # their answer is about them alone
        deelnemers = deelnemers.filter(pk=gebeurtenis.gegevens["deelnemer_id"])
        prefix += f"{gebeurtenis.gegevens['deelnemer_id']}:"
    deelnemers = list(deelnemers)
    kan_niet = {} if afspraak.geannuleerd else {_kan_niet_sleutel(afspraak, d.pk): d for d in deelnemers
                                                 if d.kan_niet}
    nu = timezone.now()
    # A werkzoekende's task is about her; a werkgever's contactpersoon's task about the werkgever.
    over = Q(kandidaat_id__in=[d.kandidaat_id for d in deelnemers if d.kandidaat_id])
    if afspraak.werkgever_id and any(d.gebruiker_id for d in deelnemers):
        over |= Q(kandidaat__isnull=True, werkgever_id=afspraak.werkgever_id)
    Taak.objects.filter(over, afgerond_op__isnull=True, sleutel__startswith=prefix).exclude(
        sleutel__in=list(kan_niet)).update(afgerond_op=nu)
    if gebeurtenis.soort != DEELNEMER_KAN_NIET or not kan_niet:
        return
    [(sleutel, deelnemer)] = kan_niet.items()
    voor = plant_opnieuw(afspraak, deelnemer)
    if voor is None:
        return
    uiterlijk = min(volgende_werkdag(timezone.localdate()), timezone.localtime(afspraak.start).date())
    omschrijving = _("Nieuwe tijd voorstellen: %(k)s kan niet op %(t)s (%(a)s). De reden en wanneer het wel "
                     "kan, staan bij de afspraak in de agenda.") % {
        "k": wie_kan_niet(afspraak, deelnemer), "t": datums.kort(afspraak.start, "l j F H:i"), "a": afspraak.titel}
    # "Kan toch" and then "kan niet" again: the same task opens again, for whoever plans now. One closed after
    # this answer (the organiser marked it done) stays done.
    if Taak.objects.filter(sleutel=sleutel, afgerond_op__lt=deelnemer.kan_niet_op).update(
            afgerond_op=None, aangemaakt_op=nu, uiterlijk=uiterlijk, omschrijving=omschrijving[:500],
            toegewezen_aan=voor):
        return
    Taak.objects.bulk_create([Taak(
        toegewezen_aan=voor, kandidaat_id=deelnemer.kandidaat_id, uiterlijk=uiterlijk, sleutel=sleutel,
        werkgever_id=None if deelnemer.kandidaat_id else afspraak.werkgever_id,
        voordracht_id=afspraak.gesprek.voordracht_id if afspraak.gesprek_id else None,
        omschrijving=omschrijving[:500])], ignore_conflicts=True)


@reageer_op(ACCOUNTMANAGER_GEWIJZIGD)
def werkgever_overgedragen(gebeurtenis):
    """The werkgever's coming afspraken go to whoever is its vaste accountmanager now (handed on again before this
    ran: to that one)."""
    werkgever = Werkgever.objects.select_related("accountmanager").filter(
        pk=gebeurtenis.gegevens["werkgever_id"]).first()
    if werkgever is None or werkgever.accountmanager is None or werkgever.accountmanager_id == gebeurtenis.gegevens[
            "van_id"]:
        return
    afspraken_overdragen(werkgever_id=werkgever.pk, van_id=gebeurtenis.gegevens["van_id"],
                         naar=werkgever.accountmanager)


@reageer_op(DOSSIER_OVERGEDRAGEN)
def dossier_overgedragen(gebeurtenis):
    """The coming afspraken of the previous klantmanager with this werkzoekende go to whoever holds the dossier now
    (handed on again before this ran: to that one), as the open tasks do (``taken.reacties``)."""
    kandidaat = Kandidaat.objects.select_related("klantmanager").filter(
        pk=gebeurtenis.gegevens["kandidaat_id"]).first()
    van_id = gebeurtenis.gegevens["van_id"]
    if kandidaat is None or kandidaat.klantmanager is None or kandidaat.klantmanager_id == van_id:
        return
    dossierafspraken_overdragen(kandidaat_id=kandidaat.pk, van_id=van_id, naar=kandidaat.klantmanager)


@reageer_op(DOSSIER_AFGESLOTEN)
def dossier_afgesloten(gebeurtenis):
    """A closed dossier keeps no coming afspraken (``services.dossierafspraken_stoppen``), on behalf of who closed it.
    Not at all when it is open again by the time this runs (a worker behind, a retry): the service looks, under the
    kandidaat's lock."""
    dossierafspraken_stoppen(kandidaat_id=gebeurtenis.gegevens["kandidaat_id"],
                             door=User.objects.filter(pk=gebeurtenis.door_id).first() if gebeurtenis.door_id else None)
