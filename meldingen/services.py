"""Meldingen: the API every reaction uses.

    melding_maken(ontvanger=user, soort=Melding.Soort.AGENDA, tekst="...", url="/...", sleutel="afspraak:12:3")
    meldingen_maken([{"ontvanger": user, "soort": ..., "tekst": ..., "url": ..., "sleutel": ...}, ...])

``sleutel`` names the cause and is unique: the same cause never gives one person a second melding. The receiver
hears of it by their own choice (``bezorging_voor``): only in the portal, a mail at once (which says only that
there is something, with a link), or a daily summary (``dagelijkse_samenvattingen``). Runs in the caller's
transaction (a reaction's, so exactly once)."""

import hashlib

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Rol, User
from meldingen.emails import melding_mails, samenvatting_mail
from meldingen.models import Bezorging, Melding, MeldingVoorkeur, Samenvatting
from meldingen.selectors import vergeet_aantal
from outbox.registry import handelende
from werkzoekenden.models import Contactvoorkeur, Kandidaat

# Without a chosen preference: a werkzoekende as their contactvoorkeur in the dossier says (mail: a mail at
# once; app or bellen: in the portal only, the klantmanager calls or apps as agreed), a werkgever a mail at once
# (they rarely log in), staff one summary a day (they work in the portal), a beheerder the portal only.
STANDAARD = {
    Rol.WERKGEVER: Bezorging.DIRECT,
    Rol.ACCOUNTMANAGER: Bezorging.DAGELIJKS,
    Rol.KLANTMANAGER: Bezorging.DAGELIJKS,
    Rol.BEHEERDER: Bezorging.PORTAAL,
}
PER_CONTACTVOORKEUR = {
    Contactvoorkeur.MAIL: Bezorging.DIRECT,
    Contactvoorkeur.APP: Bezorging.PORTAAL,
    Contactvoorkeur.BELLEN: Bezorging.PORTAAL,
}


def bezorging_voor(gebruikers) -> dict:
    """{user id: Bezorging} for these users (two queries, however many)."""
    gebruikers = {g.pk: g for g in gebruikers}
    gekozen = dict(MeldingVoorkeur.objects.filter(gebruiker_id__in=gebruikers).values_list("gebruiker_id",
                                                                                            "bezorging"))
    zonder = [pk for pk, g in gebruikers.items() if pk not in gekozen and g.rol == Rol.WERKZOEKENDE]
    contact = dict(Kandidaat.objects.filter(account_id__in=zonder).values_list("account_id", "contactvoorkeur")) \
        if zonder else {}
    result = {}
    for pk, g in gebruikers.items():
        if pk in gekozen:
            result[pk] = gekozen[pk]
        elif g.rol == Rol.WERKZOEKENDE:
            result[pk] = PER_CONTACTVOORKEUR.get(contact.get(pk), Bezorging.PORTAAL)
        else:
            result[pk] = STANDAARD.get(g.rol, Bezorging.PORTAAL)
    return result


def melding_maken(*, ontvanger, soort, tekst, sleutel, url="", mail=True) -> Melding | None:
    """One melding; None when this sleutel was already used (see ``meldingen_maken``)."""
    gemaakt = meldingen_maken([{"ontvanger": ontvanger, "soort": soort, "tekst": tekst, "url": url,
                                "sleutel": sleutel, "mail": mail}])
    return gemaakt[0] if gemaakt else None


def meldingen_maken(items) -> list[Melding]:
    """Many meldingen at once (a sweep of 500 nazorgmomenten): one query for what exists, one INSERT, the
    preferences in two queries and the mails in one INSERT. ``ontvanger`` is a User or a user id; inactive
    people get nothing. ``"mail": False``: the change itself already mailed this person (an agenda invitation,
    the mail of a warme overdracht), so the melding stays in the portal, in no mail and no summary."""
    items = [dict(i) for i in items]
    if not items:
        return []
    for i in items:
        i["sleutel"] = str(i["sleutel"])[:200]
    ids = {getattr(i["ontvanger"], "pk", i["ontvanger"]) for i in items}
    mensen = {u.pk: u for u in User.objects.filter(pk__in=ids, is_active=True).only(
        "pk", "rol", "email", "voornaam", "achternaam", "organisatie_id", "waarnemer_id")}
    items += _voor_de_waarnemers(items, mensen)
    bestaand = set(Melding.objects.filter(sleutel__in=[i["sleutel"] for i in items]).values_list("sleutel",
                                                                                                 flat=True))
    nu = timezone.now()
    nieuw, gezien = [], set()
    for i in items:
        uid = getattr(i["ontvanger"], "pk", i["ontvanger"])
        if uid not in mensen or i["sleutel"] in bestaand or i["sleutel"] in gezien:
            continue
        gezien.add(i["sleutel"])
        nieuw.append(Melding(ontvanger_id=uid, soort=i["soort"], tekst=str(i["tekst"])[:300],
                             url=str(i.get("url") or "")[:300], aangemaakt_op=nu, sleutel=i["sleutel"],
                             samengevat_op=None if i.get("mail", True) else nu,
                             waargenomen_voor_id=i.get("waargenomen_voor")))
    if not nieuw:
        return []
    Melding.objects.bulk_create(nieuw, ignore_conflicts=True)
    if nieuw[0].pk is None:  # ignore_conflicts returns no ids: read back what this call wrote
        nieuw = list(Melding.objects.filter(sleutel__in=[m.sleutel for m in nieuw], aangemaakt_op=nu))
    bezorging = bezorging_voor([mensen[m.ontvanger_id] for m in nieuw])
    melding_mails([(m, mensen[m.ontvanger_id]) for m in nieuw
                   if bezorging[m.ontvanger_id] == Bezorging.DIRECT and m.samengevat_op is None])
    return nieuw


def _voor_de_waarnemers(items, mensen):
    """A copy of each melding for a colleague who is away (a klantmanager or accountmanager with a ``waarnemer``),
    to the colleague of the same organisation covering for them: the waarnemer opens that caseload and those tasks,
    so what happens in it reaches someone who is there. Not when the waarnemer gets a melding for the same page in
    this call already (a message in a thread tells both of them itself), nor of the waarneming itself, nor to the
    waarnemer whose own act the melding is about (``outbox.registry.handelende``), nor to the waarnemer whose own
    matter it is (an item's ``"over"``: the caseload handed over is hers, though the beheerder did it). Adds the
    waarnemers to ``mensen``; no query when nobody in ``items`` is covered."""
    afwezig = [i for i in items if (c := mensen.get(getattr(i["ontvanger"], "pk", i["ontvanger"]))) is not None
               and c.waarnemer_id and c.rol in (Rol.KLANTMANAGER, Rol.ACCOUNTMANAGER)
               and i["soort"] != Melding.Soort.WAARNEMING]
    if not afwezig:
        return []
    waarnemers = {u.pk: u for u in User.objects.filter(
        pk__in={mensen[getattr(i["ontvanger"], "pk", i["ontvanger"])].waarnemer_id for i in afwezig},
        is_active=True).only("pk", "rol", "email", "organisatie_id")}
    kopieen, al_op = [], {(getattr(i["ontvanger"], "pk", i["ontvanger"]), i.get("url") or "") for i in items}
    for i in afwezig:
        collega = mensen[getattr(i["ontvanger"], "pk", i["ontvanger"])]
        waarnemer = waarnemers.get(collega.waarnemer_id)
        if (waarnemer is None or waarnemer.organisatie_id != collega.organisatie_id
                or (waarnemer.pk, i.get("url") or "") in al_op or waarnemer.pk in (handelende(), i.get("over"))):
            continue
        al_op.add((waarnemer.pk, i.get("url") or ""))
        mensen.setdefault(waarnemer.pk, waarnemer)
        kopieen.append({**i, "ontvanger": waarnemer.pk, "mail": True, "waargenomen_voor": collega.pk,
                        "sleutel": f"waarnemer:{waarnemer.pk}:{sleutel_hash(i['sleutel'])}",
                        "tekst": _("Voor %(naam)s (je neemt waar): %(tekst)s") % {
                            "naam": collega.get_full_name(), "tekst": i["tekst"]}})
    return kopieen


def kopieen_van_waarneming_verwijderen(*, paren) -> int:
    """A waarneming ended (the colleague is back, chose another, passed it on, or one of them left or moved): the
    copies the one who covered got of that colleague's meldingen (``_voor_de_waarnemers``) go. They name
    werkzoekenden, werkgevers and what happened in their dossiers, and lead into a caseload she no longer opens (AVG:
    she has no business with them any more); the colleague keeps the meldingen themselves. ``paren``: (who covered,
    the colleague) per waarneming that ended. A reaction may run late: where she covers for that colleague again by
    now, hers stay. Returns how many went; two queries, however many colleagues (a team lead who
    covered for her whole team leaves)."""
    paren = {(van, collega) for van, collega in paren if van and collega and van != collega}
    if not paren:
        return 0
    nu = dict(User.objects.filter(pk__in={collega for _van, collega in paren}).values_list("pk", "waarnemer_id"))
    per_van = {}
    for van, collega in paren:
        if nu.get(collega) != van:
            per_van.setdefault(van, []).append(collega)
    if not per_van:
        return 0
    waar = Q()
    for van, collegas in per_van.items():
        waar |= Q(waargenomen_voor_id__in=sorted(collegas), ontvanger_id=van)
    verwijderd, _per_model = Melding.objects.filter(waar).delete()
    return verwijderd


def melding_gelezen(*, melding, door) -> Melding:
    if melding.gelezen_op is None:
        melding.gelezen_op = timezone.now()
        Melding.objects.filter(pk=melding.pk, gelezen_op__isnull=True).update(gelezen_op=melding.gelezen_op)
        vergeet_aantal(door)
    return melding


def meldingen_alles_gelezen(*, door) -> int:
    aantal = Melding.objects.filter(ontvanger=door, gelezen_op__isnull=True).update(gelezen_op=timezone.now())
    vergeet_aantal(door)
    return aantal


def voorkeur_instellen(*, door, bezorging) -> MeldingVoorkeur:
    if bezorging not in Bezorging.values:
        raise ValueError(bezorging)
    voorkeur, _ = MeldingVoorkeur.objects.update_or_create(
        gebruiker=door, defaults={"bezorging": bezorging, "gewijzigd_op": timezone.now()})
    return voorkeur


def dagelijkse_samenvattingen(*, nu=None) -> int:
    """Celery beat: after ``MELDINGEN_SAMENVATTING_UUR`` each day, everyone who chose a daily summary and has
    unread meldingen not yet summarised gets one mail (how many, a link; no content). The unique
    ``Samenvatting`` row per person and day is the claim: a second run, or a second worker, sends nothing twice.
    Returns the number of mails."""
    nu = nu or timezone.now()
    lokaal = timezone.localtime(nu)
    if lokaal.hour < settings.MELDINGEN_SAMENVATTING_UUR:
        return 0
    vandaag = lokaal.date()
    wachtend = Melding.objects.filter(gelezen_op__isnull=True, samengevat_op__isnull=True, aangemaakt_op__lte=nu)
    ids = set(wachtend.values_list("ontvanger_id", flat=True).distinct())
    al_gehad = set(Samenvatting.objects.filter(datum=vandaag, gebruiker_id__in=ids).values_list("gebruiker_id",
                                                                                                flat=True))
    mensen = list(User.objects.filter(pk__in=ids - al_gehad, is_active=True).only("pk", "rol", "email"))
    bezorging = bezorging_voor(mensen)
    verstuurd = 0
    for mens in mensen:
        if bezorging[mens.pk] != Bezorging.DAGELIJKS:
            continue
        try:
            with transaction.atomic():
                claim = Samenvatting.objects.create(gebruiker=mens, datum=vandaag)
                aantal = wachtend.filter(ontvanger=mens).update(samengevat_op=nu)
                if not aantal:
                    raise _Niets
                Samenvatting.objects.filter(pk=claim.pk).update(aantal=aantal)
                samenvatting_mail(mens, aantal=aantal, datum=vandaag)
        except (IntegrityError, _Niets):
            continue
        verstuurd += 1
    return verstuurd


class _Niets(Exception):
    """Read in the meantime: no summary, and no claim either (rolled back)."""


def sleutel_hash(tekst) -> str:
    """For reactions whose cause is long (a list of ids): a short stable key."""
    return hashlib.sha1(str(tekst).encode()).hexdigest()


def meldingen_gelezen_voor(*, door, url) -> int:
    """``door`` opened the page these meldingen point to (a thread): they are read."""
    aantal = Melding.objects.filter(ontvanger=door, url=url, gelezen_op__isnull=True).update(gelezen_op=timezone.now())
    if aantal:
        vergeet_aantal(door)
    return aantal


def meldingen_gelezen_over(*, ontvangers, url) -> int:
    """What these meldingen asked of ``ontvangers`` (a werkgever's people: answer a voordracht, sign an overeenkomst)
    is done, by one of them or for them: their unread meldingen that point to ``url`` are read, and the bell counts
    them no more. Runs in a reaction, away from the request of who did it."""
    return Melding.objects.filter(ontvanger__in=list(ontvangers), url=url, gelezen_op__isnull=True).update(
        gelezen_op=timezone.now())
