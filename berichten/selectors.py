from functools import partial

from django.db.models import BigIntegerField, Exists, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from accounts.models import Rol, User
from berichten.models import Bericht, Berichtenwisseling, Gelezen
from berichten.permissions import zichtbaar, zichtbaar_q
from klantreis.lib.paginering import Blad, blader_vast

PER_PAGINA = 20

Soort = Berichtenwisseling.Soort


def inbox_blad(request, user):
    """The page of the inbox of ``user`` that ``request`` asks for (``?na=``/``?voor=``): the threads they take part
    in, newest activity first, each with ``ongelezen`` (a message of someone else after what this person read: one
    index range per row). Read with SQL compiled once per process (``blader_vast``): building and compiling this
    queryset (a subquery, an EXISTS, three joins) on every visit was a quarter of the page's time."""
    zicht = zichtbaar(user)
    if zicht is None:
        return Blad([], None, None, True)
    rol, waarden = zicht
    # Which values there are is part of the shape (a klantmanager with a dossier granted has one more condition).
    return blader_vast(request, f"berichten.inbox.{rol}:{','.join(sorted(waarden))}", partial(_wisselingen, rol),
                       ["-laatste_bericht_op", "-pk"], gebruiker_id=user.pk, **waarden)


def _wisselingen(rol, gebruiker_id, **waarden):
    gelezen_tot = Subquery(Gelezen.objects.filter(wisseling=OuterRef("pk"), gebruiker_id=gebruiker_id)
                           .values("tot_bericht")[:1])
    return (Berichtenwisseling.objects.filter(zichtbaar_q(rol, **waarden))
            .annotate(gelezen_tot=Coalesce(gelezen_tot, Value(0), output_field=BigIntegerField()))
            .annotate(ongelezen=Exists(Bericht.objects.filter(wisseling=OuterRef("pk"), pk__gt=OuterRef("gelezen_tot"))
                                       .exclude(afzender_id=gebruiker_id)))
            .select_related("kandidaat__klantmanager", "werkgever", "accountmanager"))


def berichten_pagina(wisseling, *, voor=None, na=None, per_pagina=PER_PAGINA):
    """One page of a thread, oldest first on the page; without ``voor``/``na`` the newest page. Keyset on the
    id (index ``bericht_wisseling_id``): the 200th page costs what the first does.

    Returns (berichten, ouder, nieuwer): ``ouder``/``nieuwer`` are the ids to page on, or None."""
    qs = Bericht.objects.filter(wisseling=wisseling).select_related("afzender").prefetch_related("bijlagen")
    if na is not None:
        rijen = list(qs.filter(pk__gt=na).order_by("pk")[:per_pagina + 1])
        meer = len(rijen) > per_pagina
        rijen = rijen[:per_pagina]
        ouder = rijen[0].pk if rijen else None
        nieuwer = rijen[-1].pk if meer else None
        return rijen, ouder, nieuwer
    if voor is not None:
        qs = qs.filter(pk__lt=voor)
    rijen = list(qs.order_by("-pk")[:per_pagina + 1])
    meer = len(rijen) > per_pagina
    rijen = rijen[:per_pagina][::-1]
    ouder = rijen[0].pk if meer else None
    nieuwer = rijen[-1].pk if voor is not None and rijen else None
    return rijen, ouder, nieuwer


def _contactpersoon(wisseling):
    """The werkzoekende's vaste klantmanager or the werkgever's vaste accountmanager (None: none, or an overleg)."""
    if wisseling.soort == Soort.WERKZOEKENDE:
        return wisseling.kandidaat.klantmanager
    if wisseling.soort == Soort.WERKGEVER:
        return wisseling.werkgever.accountmanager
    return None


def contactpersoon_weg(wisseling) -> bool:
    """The werkzoekende's vaste klantmanager or the werkgever's vaste accountmanager left (account switched off) or
    there is none: a message from that side reaches nobody (``ontvangers``) until someone new is assigned. It stays in
    the thread, which belongs to the relation, so the new contactpersoon reads it; the writer is told so."""
    if wisseling.soort not in (Soort.WERKZOEKENDE, Soort.WERKGEVER):
        return False
    contact = _contactpersoon(wisseling)
    return contact is None or not contact.is_active


def contactpersoon_en_waarnemer(wisseling):
    """(the werkzoekende's or werkgever's contactpersoon, the colleague covering for them or None), for the side that
    asks who answers: while the contactpersoon is away her waarnemer reads and answers (``ontvangers``), and the page
    says so as the home page does. (None, None) for an overleg or when there is no active contactpersoon
    (``contactpersoon_weg``)."""
    contact = _contactpersoon(wisseling)
    if contact is None or not contact.is_active:
        return None, None
    return contact, _waarnemer(contact)


def _waarnemer(collega):
    if collega is None or collega.waarnemer_id is None:
        return None
    waarnemer = User.objects.filter(pk=collega.waarnemer_id, is_active=True,
                                    organisatie_id=collega.organisatie_id).first()
    return waarnemer


def ontvangers(wisseling, afzender):
    """Who hears of a new message: everyone on the other side, and the vaste contactpersoon when their
    covering colleague wrote. The covering colleague hears of messages to the one they cover."""
    if wisseling.soort == Soort.WERKZOEKENDE:
        kandidaat = wisseling.kandidaat
        if afzender.rol == Rol.WERKZOEKENDE:
            ontvangers = {kandidaat.klantmanager, _waarnemer(kandidaat.klantmanager)}
        else:
            ontvangers = {kandidaat.account, kandidaat.klantmanager}
    elif wisseling.soort == Soort.WERKGEVER:
        am = wisseling.werkgever.accountmanager
        if afzender.rol == Rol.WERKGEVER:
            ontvangers = {am, _waarnemer(am)}
        else:
            ontvangers = {*User.objects.filter(rol=Rol.WERKGEVER, is_active=True,
                                               organisatie_id=wisseling.werkgever.organisatie_id), am}
    else:
        if afzender.rol == Rol.KLANTMANAGER:
            ontvangers = {wisseling.accountmanager, _waarnemer(wisseling.accountmanager)}
        else:
            km = wisseling.kandidaat.klantmanager
            ontvangers = {km, _waarnemer(km), wisseling.accountmanager}
    return [o for o in ontvangers if o is not None and o.is_active and o.pk != afzender.pk]
