"""Reads of beleving: the open questions of a person, and the comments for the monitor without names.

Staff never see an answer with a name: the monitor shows aggregates and, through ``opmerkingen_voor``, the
comments of their own region/organisation with the names of everyone in the dossier replaced by "[naam]"
(the person asked, their klantmanagers, the accountmanagers, the werkgever's people, the kandidaten voorgedragen
there), and e-mail addresses and telephone numbers by "[e-mail]" and "[telefoon]"."""

import re
from datetime import date, datetime, time

from django.utils import timezone

from accounts.models import Rol, User
from beleving.models import Belevingsvraag
from bemiddeling.models import Voordracht
from klantreis.lib import vaste_vorm
from werkgevers.models import AccountmanagerToewijzing
from werkzoekenden.models import KlantmanagerToewijzing
from werkzoekenden.selectors import aan_account_of_kandidaat

NAAM = "[naam]"
# Parts of a name that are words of their own in a sentence: never replaced alone.
TUSSENVOEGSELS = {"van", "de", "der", "den", "het", "ten", "ter", "te", "op", "in", "'t", "la", "le", "du", "da",
                  "di", "el", "al", "bin", "von", "vom", "zu", "uit", "aan", "bij", "onder", "over", "voor"}
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_TELEFOON = re.compile(r"(?<!\w)(\+31|0031|0)[\s-]?[1-9](?:[\s-]?\d){7,8}(?!\w)")
_HERHAALD = re.compile(r"\[naam\](?:[\s]+\[naam\])+")


def open_vragen(gebruiker):
    """The open questions of a logged-in werkgever or werkzoekende (also those asked by mail before the
    werkzoekende had an account), newest first."""
    return (Belevingsvraag.objects.filter(aan_account_of_kandidaat(gebruiker.pk), beantwoord_op__isnull=True,
                                          verloopt_op__gt=timezone.now())
            .order_by("-gesteld_op", "-pk"))


def _eerste_open_vraag(gebruiker_id, nu):
    return (Belevingsvraag.objects.filter(aan_account_of_kandidaat(gebruiker_id), beantwoord_op__isnull=True,
                                          verloopt_op__gt=nu)
            .order_by("-gesteld_op", "-pk")[:1])


def eerste_open_vraag(gebruiker):
    """The newest of ``open_vragen``, or None: on every home page of a werkgever or werkzoekende, so compiled once per
    process."""
    gevonden = vaste_vorm.objecten("beleving.eerste_open_vraag", _eerste_open_vraag, gebruiker_id=gebruiker.pk,
                                   nu=timezone.now())
    return gevonden[0] if gevonden else None


def vraag_van(gebruiker, pk):
    return open_vragen(gebruiker).filter(pk=pk).first()


class Opmerking(str):
    """A comment text without names (a ``str``), with what the monitor groups it by."""

    touchpoint: str
    score: int
    beantwoord_op: datetime

    def __new__(cls, tekst, *, touchpoint, score, beantwoord_op):
        obj = super().__new__(cls, tekst)
        obj.touchpoint, obj.score, obj.beantwoord_op = touchpoint, score, beantwoord_op
        return obj


def _als_moment(waarde, *, einde=False):
    if isinstance(waarde, datetime):
        return waarde
    if isinstance(waarde, date):
        return timezone.make_aware(datetime.combine(waarde, time.max if einde else time.min))
    raise TypeError("van en tot zijn een datum of een tijdstip")


def _namen_van(*mensen):
    for mens in mensen:
        if mens is None:
            continue
        if isinstance(mens, str):
            yield mens
        elif isinstance(mens, User):
            yield mens.get_full_name()
            yield mens.voornaam
            yield mens.achternaam
        else:  # a Kandidaat
            yield f"{mens.voornaam} {mens.achternaam}"
            yield mens.voornaam
            yield mens.achternaam


def _patroon(namen):
    """One regex for all names of one dossier: whole names first (longest first), then each part of a name
    that is not a tussenvoegsel, as whole words, case-insensitive."""
    delen = set()
    for naam in namen:
        naam = " ".join((naam or "").split())
        if len(naam) < 2:
            continue
        delen.add(naam)
        for deel in naam.split(" "):
            if len(deel) >= 2 and deel.lower() not in TUSSENVOEGSELS:
                delen.add(deel)
    if not delen:
        return None
    keuzes = "|".join(re.escape(d) for d in sorted(delen, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{keuzes})(?!\w)", re.IGNORECASE)


def zonder_namen(tekst, namen) -> str:
    tekst = _EMAIL.sub("[e-mail]", tekst)
    tekst = _TELEFOON.sub("[telefoon]", tekst)
    patroon = _patroon(namen)
    if patroon is not None:
        tekst = patroon.sub(NAAM, tekst)
    return _HERHAALD.sub(NAAM, tekst)


def opmerkingen_voor(regio, organisatie=None, *, van, tot, laatste=None) -> list[Opmerking]:
    """The comments answered from ``van`` up to and including ``tot`` (dates or datetimes) in ``regio`` (and
    ``organisatie`` when given), oldest first, each without the names of the people in its dossier; with ``laatste``,
    only the newest that many (read newest first from the index on (regio, beantwoord_op), not the whole period).

    Six queries however many comments: the questions, then per kind of person in the dossiers at once (the
    voordrachten as two lists)."""
    vragen = (
        Belevingsvraag.objects.filter(regio=regio, beantwoord_op__gte=_als_moment(van),
                                      beantwoord_op__lte=_als_moment(tot, einde=True))
        .filter(**({"organisatie": organisatie} if organisatie is not None else {}))
        .exclude(opmerking="")
        .select_related("gebruiker", "kandidaat__account", "kandidaat__klantmanager", "werkgever__accountmanager"))
    if laatste is None:
        vragen = list(vragen.order_by("beantwoord_op", "pk"))
    else:
        vragen = list(vragen.order_by("-beantwoord_op", "-pk")[:laatste])[::-1]
    kandidaat_ids = {v.kandidaat_id for v in vragen if v.kandidaat_id}
    werkgevers = {v.werkgever_id: v.werkgever for v in vragen if v.werkgever_id}
    per_kandidaat, per_werkgever = {}, {}
    for t in KlantmanagerToewijzing.objects.filter(kandidaat_id__in=kandidaat_ids).select_related("klantmanager"):
        per_kandidaat.setdefault(t.kandidaat_id, []).append(t.klantmanager)
    # The voordrachten of these kandidaten and those at these werkgevers: two lists, each by its own index (as one
    # condition, an OR across the join to the vacature, PostgreSQL reads every voordracht of the country).
    voordrachten = Voordracht.objects.select_related("kandidaat__klantmanager", "voorgedragen_door",
                                                     "vacature__werkgever")
    for vd in {vd.pk: vd for vd in [*voordrachten.filter(kandidaat_id__in=kandidaat_ids),
                                    *voordrachten.filter(vacature__werkgever_id__in=werkgevers)]}.values():
        per_kandidaat.setdefault(vd.kandidaat_id, []).extend(
            [vd.voorgedragen_door, vd.vacature.werkgever.contactpersoon_naam])
        per_werkgever.setdefault(vd.vacature.werkgever_id, []).extend(
            [vd.kandidaat, vd.kandidaat.klantmanager, vd.voorgedragen_door])
    for t in AccountmanagerToewijzing.objects.filter(werkgever_id__in=werkgevers).select_related("accountmanager"):
        per_werkgever.setdefault(t.werkgever_id, []).append(t.accountmanager)
    organisaties = {w.organisatie_id: pk for pk, w in werkgevers.items()}
    for mens in User.objects.filter(organisatie_id__in=organisaties, rol=Rol.WERKGEVER):
        per_werkgever.setdefault(organisaties[mens.organisatie_id], []).append(mens)
    uit = []
    for v in vragen:
        mensen = [v.gebruiker]
        if v.kandidaat_id:
            k = v.kandidaat
            mensen += [k, k.account, k.klantmanager, *per_kandidaat.get(k.pk, [])]
        if v.werkgever_id:
            w = v.werkgever
            mensen += [w.contactpersoon_naam, w.accountmanager, *per_werkgever.get(w.pk, [])]
        uit.append(Opmerking(zonder_namen(v.opmerking, list(_namen_van(*mensen))), touchpoint=v.touchpoint,
                             score=v.score, beantwoord_op=v.beantwoord_op))
    return uit
