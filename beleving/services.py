"""Asking "Hoe ging dit?" after a key moment, answering it, and saying "Vraag me dit niet meer".

``vraag_stellen`` runs in the transaction of a journey-event reaction (``beleving/reacties.py``): it writes the
question and its mail together, or nothing. Rules, in this order:

- the same cause (``sleutel``) never asks twice;
- a person who said "Vraag me dit niet meer" is not asked;
- never more than one question per person per week: the question is skipped, not queued. The ``Bevraagde`` row
  of the person is the claim (one conditional UPDATE on the row's own columns): of two events at the same moment
  one wins, the other waits for the row lock and then finds the week taken;
- a werkzoekende is mailed only when the contactvoorkeur of the dossier is mail; without an account and without
  that, there is no way to ask and nothing is written.

The one-time link: ``secrets.token_urlsafe(32)``, only its SHA-256 is stored; it expires after ``GELDIG``, works
once, and a wrong, used or expired token is the same 404 (``vraag_bij_token``)."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisatie, Rol, User
from accounts.selectors import werkgevermensen
from beleving import emails
from beleving.models import WERKGEVER_TOUCHPOINTS, Belevingsvraag, Bevraagde, Score
from klantreis.lib.claim import claim
from werkgevers.emails import werkgever_contactadres
from werkzoekenden.models import Contactvoorkeur, Kandidaat

GELDIG = timedelta(days=14)
ONDERBREKING = timedelta(days=7)  # at most one question per person per week
OPMERKING_MAX = 1000


def _hash(token: str) -> str:
    return hashlib.sha256((token or "").encode()).hexdigest()


@dataclass(frozen=True)
class Ontvanger:
    """Who is asked: an account (asked in the portal) and/or an address (asked by mail)."""

    persoon: str
    gebruiker: User | None = None
    kandidaat: Kandidaat | None = None
    email: str = ""


def ontvanger_werkzoekende(kandidaat: Kandidaat) -> Ontvanger | None:
    """The werkzoekende: in the portal with an account; by mail only when their contactvoorkeur is mail."""
    account = kandidaat.account if kandidaat.account_id and kandidaat.account.is_active else None
    email = ""
    if kandidaat.contactvoorkeur == Contactvoorkeur.MAIL:
        email = (account.email if account else "") or kandidaat.email
    if account is None and not email:
        return None
    if kandidaat.afgesloten_op is not None:
        return None  # the dossier is closed: the journey is over
    return Ontvanger(persoon=f"kandidaat:{kandidaat.pk}", gebruiker=account, kandidaat=kandidaat, email=email)


def ontvanger_werkgever(werkgever, *, email: str = "") -> Ontvanger | None:
    """The werkgever's person: the account of ``email`` (or of the contactpersoon) when there is one, else the
    first active account of the company, else the address alone (a contactpersoon without an account). The
    contactpersoon's address counts only as ``werkgever_contactadres`` has it, as for every werkgever mail: not when
    it is that of a deactivated account (she left the company but the record still names her)."""
    email = (email or "").strip() or werkgever_contactadres(werkgever)
    mensen = werkgevermensen(werkgever.organisatie_id)
    gebruiker = (mensen.filter(email__iexact=email).first() if email else None) or mensen.order_by("pk").first()
    if gebruiker is not None:
        return Ontvanger(persoon=f"gebruiker:{gebruiker.pk}", gebruiker=gebruiker, email=gebruiker.email)
    if not email:
        return None
    return Ontvanger(persoon=f"email:{_hash(email.lower())}", email=email)


def _bevraagde(ontvanger: Ontvanger) -> Bevraagde:
    """The person's row; made when missing. ``ignore_conflicts``: two events at once both end up with one row
    (on PostgreSQL the second INSERT waits for the first to commit, then does nothing)."""
    # A werkzoekende's row is theirs through the dossier; the account would be one OneToOne too many.
    Bevraagde.objects.bulk_create([Bevraagde(persoon=ontvanger.persoon, kandidaat=ontvanger.kandidaat,
                                             gebruiker=None if ontvanger.kandidaat else ontvanger.gebruiker)],
                                  ignore_conflicts=True)
    return Bevraagde.objects.get(persoon=ontvanger.persoon)


def vraag_stellen(*, touchpoint: str, ontvanger: Ontvanger | None, sleutel: str, regio, organisatie=None,
                  werkgever=None, nu=None) -> Belevingsvraag | None:
    """Ask one question (portal and/or mail) or nothing; returns the question or None when skipped.

    Call inside a transaction (a reaction's): the claim of the week, the question and the mail commit together."""
    if ontvanger is None or regio is None:
        return None
    nu = nu or timezone.now()
    sleutel = sleutel[:200]
    with transaction.atomic():
        if Belevingsvraag.objects.filter(sleutel=sleutel).exists():
            return None
        stand = _bevraagde(ontvanger)
        # Compare-and-set on the row's own columns (klantreis.lib.claim): of two at once exactly one wins.
        if not claim(Bevraagde.objects.filter(pk=stand.pk, niet_meer_vragen_op__isnull=True).filter(
                Q(laatst_gevraagd_op__isnull=True) | Q(laatst_gevraagd_op__lte=nu - ONDERBREKING)),
                laatst_gevraagd_op=nu):
            return None
        token = secrets.token_urlsafe(32)
        vraag = Belevingsvraag.objects.create(
            touchpoint=touchpoint, gebruiker=ontvanger.gebruiker, kandidaat=ontvanger.kandidaat,
            werkgever=werkgever if touchpoint in WERKGEVER_TOUCHPOINTS else None, regio=regio,
            organisatie=organisatie, bevraagde=stand, sleutel=sleutel, gesteld_op=nu, verloopt_op=nu + GELDIG, token_hash=_hash(token))
        if ontvanger.email:
            emails.vraag_mail(vraag, adres=ontvanger.email, token=token)
    return vraag


# --- where the answer is counted -----------------------------------------------------------------------


def wsp_van(regio):
    return Organisatie.objects.filter(regio=regio, soort=Organisatie.Soort.WSP).first() if regio else None


def organisatie_van_kandidaat(kandidaat):
    """The gemeente or UWV whose klantmanager serves the werkzoekende now."""
    km = kandidaat.klantmanager
    return km.organisatie if km is not None and km.organisatie_id else None


# --- answering -----------------------------------------------------------------------------------------


def vraag_bij_token(token: str) -> Belevingsvraag:
    """The open question behind a link. Unknown, used, expired or opted out: the same 404, no hint which."""
    vraag = (Belevingsvraag.objects.filter(token_hash=_hash(token), beantwoord_op__isnull=True,
                                           verloopt_op__gt=timezone.now()).first() if token else None)
    if vraag is None:
        raise Http404
    return vraag


def _controleer(score, opmerking):
    try:
        score = int(score)
    except (TypeError, ValueError):
        score = 0
    if score not in Score.values:
        raise ValidationError({"score": _("Kies hoe het ging: een van de vijf antwoorden.")})
    opmerking = (opmerking or "").strip()
    if len(opmerking) > OPMERKING_MAX:
        raise ValidationError({"opmerking": _("Schrijf hooguit %(n)s tekens.") % {"n": OPMERKING_MAX}})
    return score, opmerking


def vraag_beantwoorden(*, vraag: Belevingsvraag, score: int, opmerking: str = "") -> Belevingsvraag:
    """Once: a second answer (a double click, the link used again) finds the question answered -> 404."""
    score, opmerking = _controleer(score, opmerking)
    with transaction.atomic():
        if not claim(Belevingsvraag.objects.filter(pk=vraag.pk, beantwoord_op__isnull=True,
                                                   verloopt_op__gt=timezone.now()),
                     beantwoord_op=timezone.now(), score=score, opmerking=opmerking):
            raise Http404
    vraag.refresh_from_db()
    return vraag


def niet_meer_vragen(*, bevraagde: Bevraagde) -> Bevraagde:
    """"Vraag me dit niet meer": stored, and the open questions of this person close now."""
    nu = timezone.now()
    with transaction.atomic():
        claim(Bevraagde.objects.filter(pk=bevraagde.pk, niet_meer_vragen_op__isnull=True), niet_meer_vragen_op=nu)
        Belevingsvraag.objects.filter(bevraagde=bevraagde, beantwoord_op__isnull=True,
                                      verloopt_op__gt=nu).update(verloopt_op=nu)
    bevraagde.refresh_from_db()
    return bevraagde


def weer_vragen(*, bevraagde: Bevraagde) -> Bevraagde:
    """Changed one's mind: questions may come again (still at most one a week)."""
    Bevraagde.objects.filter(pk=bevraagde.pk).update(niet_meer_vragen_op=None)
    bevraagde.refresh_from_db()
    return bevraagde


def bevraagde_van_gebruiker(gebruiker: User, *, maken=True) -> Bevraagde | None:
    """The row of a logged-in werkzoekende (their dossier) or werkgever (their account); made when missing
    (``maken``), else None for someone never asked."""
    ontvanger = Ontvanger(persoon=f"gebruiker:{gebruiker.pk}", gebruiker=gebruiker)
    if gebruiker.rol == Rol.WERKZOEKENDE:
        kandidaat = Kandidaat.objects.filter(account=gebruiker).first()
        if kandidaat is not None:
            ontvanger = Ontvanger(persoon=f"kandidaat:{kandidaat.pk}", gebruiker=gebruiker, kandidaat=kandidaat)
    if not maken:
        return Bevraagde.objects.filter(persoon=ontvanger.persoon).first()
    return _bevraagde(ontvanger)
