from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import Rol, User
from accounts.selectors import ik_en_wie_ik_waarneem
from beroepen.models import Beroep
from klantreis.lib import vaste_vorm
from klantreis.lib.letterlijk import Letterlijk
from klantreis.lib.paginering import PER_PAGINA, blader, blader_vast
from klantreis.lib.zoeken import BevatInHoofdletters, buiten_de_index, met_trigrammen
from werkzoekenden.models import (
    GEEN_EVALUATIE,
    NOOIT_GEBELD,
    Actie,
    Caseloadoverdracht,
    CaseloadoverdrachtDossier,
    Document,
    DossierToegang,
    Kandidaat,
    KlantmanagerToewijzing,
    PlanWijziging,
    Rechtenverzoek,
    Toestemming,
    ToestemmingVerzoek,
)

# "Aandacht" filters that apps above add to the caseload (sollicitaties: "loopt achter"), registered in their
# AppConfig.ready, so this floor names no app above it. naam -> (label, kenmerk, kandidaten(vandaag) -> a queryset
# of that app's rows with a ``kandidaat_id``: the kandidaten the rule flags today). Each is annotated on the
# caseload as ``aandacht_<naam>`` (an EXISTS for the rows on the page) and joins "alle".
CASELOAD_AANDACHT = {}


def caseload_aandacht_registreren(naam, *, label, kenmerk, kandidaten):
    """``kandidaten(vandaag)`` puts ``vandaag`` itself in its SQL, no date computed from it: the caseload counts
    the rule with SQL compiled once per process (``caseload_aandacht_aantal``, ``vaste_vorm``)."""
    CASELOAD_AANDACHT[naam] = (label, kenmerk, kandidaten)


def klantmanagers_van_caseload(klantmanager):
    """The ids of the klantmanager and of the colleagues (same organisation) they cover for: a short list.

    The caseload filters on ``klantmanager_id IN (<these ids>)``: one indexed column of the kandidaat table,
    never an OR across a join to the users. The ids go in as values, not as a subquery, so the planner
    estimates the caseload from the column's statistics and reads it by index (a team of 60,000 among a
    million) instead of guessing half the table and scanning it (docs/benchmarks.md, "Caseload")."""
    return ik_en_wie_ik_waarneem(klantmanager)


def caseload_van_klantmanager(klantmanager, *, klantmanager_ids=None):
    """Own kandidaten plus those of colleagues (same organisation) this klantmanager covers for, by
    achternaam without tussenvoegsel ("de Boer" under B, see ``Kandidaat.sorteernaam``): open and closed dossiers
    (the caseload page shows one or the other, ``caseload_blad``)."""
    if klantmanager_ids is None:
        klantmanager_ids = klantmanagers_van_caseload(klantmanager)
    return Kandidaat.objects.filter(klantmanager_id__in=klantmanager_ids).select_related(
        "gemeente", "klantmanager").order_by("sorteernaam", "voornaam", "pk")


def _kandidaat_van_account(account_id):
    # With the colleague who covers for the klantmanager (leave, illness): the home page names them.
    return (Kandidaat.objects.select_related("klantmanager", "klantmanager__organisatie", "klantmanager__waarnemer",
                                             "gemeente")
            .filter(account_id=account_id).order_by("pk")[:1])


def kandidaat_van_gebruiker(gebruiker, *, met_koppelingen=False):
    """The werkzoekende's own dossier, or None. Every page of the werkzoekende reads it: the SQL is compiled once
    per process (``vaste_vorm``). ``met_koppelingen``: with the ids of their skills and wished beroepen in the same
    row (PostgreSQL), for a page that ranks vacatures for them ("Mijn kansen")."""
    if gebruiker.pk is None:
        return None
    if met_koppelingen:
        gevonden = vaste_vorm.objecten("werkzoekenden.van_account_met_koppelingen",
                                       _kandidaat_van_account_met_koppelingen, account_id=gebruiker.pk)
    else:
        gevonden = vaste_vorm.objecten("werkzoekenden.van_account", _kandidaat_van_account, account_id=gebruiker.pk)
    return gevonden[0] if gevonden else None


def aan_account_of_kandidaat(gebruiker_id, *, gebruiker="gebruiker", kandidaat="kandidaat"):
    """Rows meant for a logged-in person: for the account (``gebruiker``) or for the kandidaat behind it
    (``kandidaat``; a question asked, an afspraak made, before the account existed).

    The kandidaat's id goes in as a scalar subquery, which PostgreSQL runs once and then looks up like a value: both
    halves of the OR use their own index. "The kandidaat's account is me", joined to the kandidaten, puts the OR across
    two tables, and then every row in the country is read (a belevingsvraag, a deelnemer of an afspraak)."""
    return Q(**{f"{gebruiker}_id": gebruiker_id}) | Q(
        **{f"{kandidaat}_id": Subquery(Kandidaat.objects.filter(account_id=gebruiker_id).values("pk")[:1])})


def actieve_toestemming_werkgever(kandidaat, werkgever):
    return Toestemming.objects.filter(
        kandidaat=kandidaat, werkgever=werkgever, doel=Toestemming.Doel.DELEN_MET_WERKGEVER,
        ingetrokken_op__isnull=True,
    ).first()


def derden_zonder_toestemming(kandidaat, acties) -> list[str]:
    """The other organisations of these plan actions (still to do) that the werkzoekende gave no consent to share
    her data with (``Toestemming.Doel.DELEN_MET_DERDE``, the same name, any case): the klantmanager asks before she
    passes anything on. One query, none without such an action."""
    namen = {}
    for actie in acties:
        if actie.eigenaar == Actie.Eigenaar.DERDE and actie.status != Actie.Status.KLAAR and actie.derde_partij.strip():
            namen.setdefault(" ".join(actie.derde_partij.split()).casefold(), actie.derde_partij.strip())
    if not namen:
        return []
    gegeven = {" ".join(naam.split()).casefold() for naam in Toestemming.objects.filter(
        kandidaat=kandidaat, doel=Toestemming.Doel.DELEN_MET_DERDE, ingetrokken_op__isnull=True,
    ).values_list("derde_partij", flat=True)}
    return [naam for sleutel, naam in namen.items() if sleutel not in gegeven]


def toestemming_ingetrokken_voor(werkgever, regio) -> bool:
    """Whether a kandidaat of the region once consented to share with this werkgever and withdrew it: the reason an
    empty list of ``kandidaten_met_toestemming_voor`` gives."""
    return Toestemming.objects.filter(doel=Toestemming.Doel.DELEN_MET_WERKGEVER, werkgever=werkgever,
                                      kandidaat__regio=regio, ingetrokken_op__isnull=False).exists()


def kandidaten_met_toestemming_voor(werkgever, regio):
    """Kandidaten of the region who consented to share their cv with this werkgever."""
    return (
        Kandidaat.objects.filter(
            regio=regio,
            toestemmingen__werkgever=werkgever,
            toestemmingen__doel=Toestemming.Doel.DELEN_MET_WERKGEVER,
            toestemmingen__ingetrokken_op__isnull=True,
        )
        .select_related("gemeente")
        .order_by("achternaam", "voornaam")
        .distinct()
    )


def caseload_volgorde(filters):
    """The sort keys of the caseload (for keyset paging, ``klantreis.lib.paginering.blader``): without NULLs,
    ending in the primary key. A search by name (``q``) in name order sorts by ``ZOEKNAAM``
    (see ``op_naam_gezocht``)."""
    if filters.get("sorteer") in ("contact", "evaluatie"):
        return [f"{filters['sorteer']}_sleutel", "sorteernaam", "pk"]
    return naamvolgorde(filters.get("q"))


def naamvolgorde(zoekterm):
    """The sort keys of a list of kandidaten in name order, searched by ``zoekterm`` (``op_naam_gezocht``) or not.

    A word of three letters or more is looked up: in the trigram index on the names, or in the caseload's own rows,
    sorted afterwards (``ZOEKNAAM``). Words of one or two letters only ("de") match a large share of all names and
    no trigram index can look them up: the walk of the name index finds a page of them soonest (23 ms where reading
    the caseload of Jeske's team took 76 ms)."""
    woorden = zoekwoorden(zoekterm)
    if any(met_trigrammen(w) for w in woorden):
        return NAAMVOLGORDE_GEZOCHT
    return ["sorteernaam", "voornaam", "pk"]


def zoekwoorden(zoekterm):
    """The words of a name search (at most five)."""
    return (zoekterm or "").split()[:5]


# The name order of a search: the same order as ``sorteernaam``, from a key no index on the whole table holds.
ZOEKNAAM = "zoeknaam"
NAAMVOLGORDE_GEZOCHT = [ZOEKNAAM, "voornaam", "pk"]


def op_naam_gezocht(kandidaten, zoekterm):
    """``kandidaten`` (a caseload) whose first name or surname holds every word of ``zoekterm``, with the sort key
    ``ZOEKNAAM`` that ``naamvolgorde(zoekterm)`` sorts by for a word of three letters or more. A rare name is found
    from the trigram index on ``zoektekst`` (migration werkzoekenden.0020: "gunter" 0.2 ms); a common one ("jan", one
    in fifteen) from the caseload's index of names, which holds ``zoektekst`` too (the table is not read).

    Why the key: sorted by ``sorteernaam`` itself, PostgreSQL walked the index of the whole country in name order
    until it had a page of the team's matches: for the team covering 500 colleagues (62,000 kandidaten of a million)
    and "jan" that was 400,000 rows and 700 ms, since the Jansens sit in the middle of the alphabet. On the same
    value as an expression no index holds, it reads the caseload's own rows and sorts the few that match (50 ms for
    that team, well under 1 ms for a caseload of 150)."""
    for woord in zoekwoorden(zoekterm):
        # In "VOORNAAM ACHTERNAAM" (Kandidaat.zoektekst): a word without spaces is in it exactly when it is in the
        # first name or in the surname.
        kandidaten = kandidaten.filter(BevatInHoofdletters(F("zoektekst"), woord))
    return kandidaten.annotate(**{ZOEKNAAM: buiten_de_index("sorteernaam")})


def _aandacht_extra(vandaag):
    return {f"aandacht_{naam}": Exists(kandidaten(vandaag).filter(kandidaat_id=OuterRef("pk")))
            for naam, (_l, _k, kandidaten) in CASELOAD_AANDACHT.items()}


def _aandacht_alle(vandaag):
    """"Vraagt aandacht": the denormalised first day of attention (Kandidaat.aandacht_vanaf, an index range), or
    a rule of an app above (sollicitaties: "loopt achter")."""
    alle = Q(aandacht_vanaf__lte=vandaag)
    for naam in CASELOAD_AANDACHT:
        alle |= Q(**{f"aandacht_{naam}": True})
    return alle


def caseload_aandacht_tellers(klantmanager_ids, *, vandaag=None):
    """Querysets whose counts add up to the kandidaten of these caseloads that need attention: those past their
    denormalised date (an index range on (klantmanager, aandacht_vanaf)), plus those that only a rule of an app
    above flags, found from that app's own rows (a semi-join, not an EXISTS per row of a 60,000 caseload)."""
    vandaag = vandaag or timezone.localdate()
    tellers = [_aandacht_op_datum(klantmanager_ids, vandaag)]
    if CASELOAD_AANDACHT:
        tellers.append(_aandacht_door_regels(klantmanager_ids, vandaag))
    return tellers


def _caseload_van(ids):
    """The open dossiers of these caseloads: what the caseload shows, counts and asks attention for."""
    return Kandidaat.objects.filter(klantmanager_id__in=ids, afgesloten_op__isnull=True)


def _afgesloten_van(ids):
    """The closed dossiers of these caseloads (``status=afgesloten``): to look one up, or open it again. Both are
    read from the caseload's name index, which carries ``afgesloten_op`` (migration 0021)."""
    return Kandidaat.objects.filter(klantmanager_id__in=ids, afgesloten_op__isnull=False)


def _aandacht_op_datum(ids, vandaag):
    # Only open dossiers have an attention date (``aandacht_bijwerken``): counted from the index on (klantmanager,
    # aandacht_vanaf) alone, without reading each row for ``afgesloten_op``.
    return Kandidaat.objects.filter(klantmanager_id__in=ids, aandacht_vanaf__lte=vandaag)


def _aandacht_door_regels(ids, vandaag):
    andere = Q()
    for _l, _k, kandidaten in CASELOAD_AANDACHT.values():
        andere |= Q(pk__in=kandidaten(vandaag).values("kandidaat_id"))
    return _caseload_van(ids).exclude(aandacht_vanaf__lte=vandaag).filter(andere)


def caseload_aandacht_aantal(klantmanager_ids, *, vandaag=None):
    """The sum of ``caseload_aandacht_tellers``' counts, each counted with SQL compiled once per process (the
    caseload page asks on every visit). A registered rule puts ``vandaag`` itself in its SQL, as
    ``caseload_aandacht_registreren`` asks."""
    vandaag = vandaag or timezone.localdate()
    aantal = vaste_vorm.aantal("werkzoekenden.caseload.aandacht", _aandacht_op_datum, ids=klantmanager_ids,
                               vandaag=vandaag)
    if CASELOAD_AANDACHT:
        aantal += vaste_vorm.aantal(f"werkzoekenden.caseload.aandacht:{','.join(CASELOAD_AANDACHT)}",
                                    _aandacht_door_regels, ids=klantmanager_ids, vandaag=vandaag)
    return aantal


def caseload_gefilterd(klantmanager, filters):
    """The caseload with the klantmanager's filters, name search and sort, and how many kandidaten need
    attention: the same conditions as the "aandacht" filter, so the count and the list agree."""
    keuze = _keuze(klantmanager, filters)
    return _geordend(keuze), caseload_aandacht_aantal(keuze.ids, vandaag=keuze.vandaag)


def caseload_blad(request, klantmanager, filters, *, per_pagina=PER_PAGINA):
    """The page of the caseload that ``request`` asks for (keyset: ``?na=``/``?voor=``), how many of the caseload
    need attention and how many kandidaten the list holds: (blad, aantal_aandacht, aantal).

    Every visit reads one of a few shapes (which filters are set, the sort): the page and the count are read with
    SQL compiled once per process (``blader_vast``, ``vaste_vorm``); building and compiling the caseload's queryset
    (joins, an EXISTS per rule) on every visit cost more CPU than PostgreSQL needed to run it. A search by name has
    other words every time: the ORM builds it, and the page's 25 are chosen from the index of the caseload's names
    first (``sleutels_eerst``). The caseload as it opens (no filter that leaves anyone out) is counted without its
    annotations."""
    keuze = _keuze(klantmanager, filters)
    volgorde = caseload_volgorde(filters)
    if keuze.zoekterm:
        qs = _geordend(keuze)
        blad = blader(request, qs, volgorde, per_pagina=per_pagina, sleutels_eerst=True)
        aantal = qs.count()
    else:
        naam = f"werkzoekenden.caseload:{keuze.vorm}:{','.join(CASELOAD_AANDACHT)}"
        bouw = partial(_caseload, keuze.vorm)
        blad = blader_vast(request, naam, bouw, volgorde, per_pagina=per_pagina, **keuze.waarden)
        if not keuze.beperkt:
            aantal = vaste_vorm.aantal("werkzoekenden.caseload.aantal", _caseload_van, ids=keuze.ids)
        elif keuze.vorm[-2] in (None, "contact"):  # no filter on a date of today: counted without the annotations
            aantal = vaste_vorm.aantal(naam, bouw, **{k: w for k, w in keuze.waarden.items() if k != "vandaag"})
        else:
            aantal = vaste_vorm.aantal(naam, bouw, **keuze.waarden)
    return blad, caseload_aandacht_aantal(keuze.ids, vandaag=keuze.vandaag), aantal


@dataclass(frozen=True)
class _Keuze:
    """The caseload a klantmanager asked for: ``vorm`` is what changes the SQL (which filters are set, werkfit yes
    or no, which attention, the sort), ``waarden`` the values that go into it (``_caseload``)."""

    vorm: tuple  # (*the filters set, "open"/"afgesloten", werkfit, aandacht, sorteer)
    waarden: dict
    ids: list
    vandaag: object
    zoekterm: str
    beperkt: bool  # whether a filter leaves kandidaten out (the sort does not)


def _keuze(klantmanager, filters):
    vandaag = timezone.localdate()
    ids = klantmanagers_van_caseload(klantmanager)
    afgesloten = filters.get("status") == "afgesloten"
    # A closed dossier asks for nothing (``aandacht_bijwerken``): among those the attention filter has no meaning.
    aandacht = filters.get("aandacht") if filters.get("aandacht") in (*_AANDACHT_VAST, *CASELOAD_AANDACHT, "alle") \
        and not afgesloten else None
    sorteer = filters.get("sorteer") if filters.get("sorteer") in ("contact", "evaluatie") else None
    werkfit = {"ja": True, "nee": False}.get(filters.get("werkfit"))
    # The closed dossiers' shape has no annotation of today (nothing is late in them): no date in its SQL.
    waarden = {"ids": ids} if afgesloten else {"ids": ids, "vandaag": vandaag}
    for naam in ("uitkering", "soort_contact"):
        if filters.get(naam):
            waarden[naam] = filters[naam]
    if aandacht == "contact":
        waarden["maand_terug"] = vandaag - timedelta(days=30)
    vorm = (*sorted(set(waarden) - {"ids", "vandaag", "maand_terug"}), "afgesloten" if afgesloten else "open",
            werkfit, aandacht, sorteer)
    zoekterm = " ".join(zoekwoorden(filters.get("q")))
    beperkt = bool(zoekterm) or len(waarden) > 2 or werkfit is not None or aandacht is not None or afgesloten
    return _Keuze(vorm, waarden, ids, vandaag, zoekterm, beperkt)


def _geordend(keuze):
    qs = _caseload(keuze.vorm, **keuze.waarden)
    if keuze.zoekterm:
        qs = op_naam_gezocht(qs, keuze.zoekterm)
    return qs.order_by(*caseload_volgorde({"q": keuze.zoekterm, "sorteer": keuze.vorm[-1]}))


_AANDACHT_VAST = ("acties", "evaluatie", "contact")


def _caseload(vorm, ids, vandaag=None, uitkering=None, soort_contact=None, maand_terug=None):
    """The caseload of ``ids`` in the shape ``vorm`` (``_keuze``), without its order: one queryset for the page
    compiled once per process and for the ORM's search. Without ``vandaag`` (to count a list whose filters name no
    date of today: ``vaste_vorm`` takes only values that are in the SQL) without the annotations of today."""
    *_gezet, status, werkfit, aandacht, sorteer = vorm
    # The evaluation date the page shows is the kandidaat's own copy of the plan's (``volgende_evaluatie``, the same
    # column the "evaluatie" filter reads): no plan joined, and no failed lookup for a kandidaat without one.
    qs = (_afgesloten_van if status == "afgesloten" else _caseload_van)(ids).select_related("gemeente", "klantmanager")
    if vandaag is not None and status == "open":  # a closed dossier's row shows when it closed, not what is late
        te_laat = Actie.objects.filter(plan__kandidaat=OuterRef("pk"), uiterlijk__lt=vandaag).exclude(status="klaar")
        qs = qs.annotate(acties_te_laat=Exists(te_laat), **_aandacht_extra(vandaag))
    if uitkering is not None:
        qs = qs.filter(uitkering=uitkering)
    if werkfit is not None:
        qs = qs.filter(werkfit=werkfit)
    if soort_contact is not None:
        qs = qs.filter(soort_contact=soort_contact)
    if aandacht == "acties":
        qs = qs.filter(acties_te_laat=True)
    elif aandacht == "evaluatie":
        qs = qs.filter(volgende_evaluatie__lte=vandaag)
    elif aandacht == "contact":
        qs = qs.filter(Q(laatste_contact_op__lt=maand_terug) | Q(laatste_contact_op__isnull=True))
    elif aandacht == "alle":
        qs = qs.filter(_aandacht_alle(vandaag))
    elif aandacht is not None:
        qs = qs.filter(**{f"aandacht_{aandacht}": True})
    if sorteer == "contact":  # never contacted first, then the longest ago
        qs = qs.annotate(contact_sleutel=Coalesce("laatste_contact_op", Value(NOOIT_GEBELD)))
    elif sorteer == "evaluatie":  # the nearest evaluation first, plans without one last
        qs = qs.annotate(evaluatie_sleutel=Coalesce("volgende_evaluatie", Value(GEEN_EVALUATIE)))
    return qs


def open_toestemmingsverzoeken(*, kandidaat=None, klantmanager=None):
    """Questions still waiting for the werkzoekende's answer: on their home page, on the dossier and on the
    klantmanager's home page."""
    verzoeken = ToestemmingVerzoek.objects.filter(status=ToestemmingVerzoek.Status.GEVRAAGD).select_related(
        "werkgever__gemeente", "vacature", "gevraagd_door", "kandidaat").order_by("gevraagd_op", "pk")
    if kandidaat is not None:
        verzoeken = verzoeken.filter(kandidaat=kandidaat)
    if klantmanager is not None:
        verzoeken = verzoeken.filter(kandidaat__klantmanager=klantmanager)
    return verzoeken


# The dossier's reads, on every visit of a klantmanager: their SQL is compiled once per process (``vaste_vorm``).
def _open_vragen(kandidaat_id):
    return open_toestemmingsverzoeken().filter(kandidaat_id=kandidaat_id)


def _toewijzingen(kandidaat_id):
    # The organisation each had when assigned (``KlantmanagerToewijzing.organisatie``): the history stays as it was.
    return KlantmanagerToewijzing.objects.filter(kandidaat_id=kandidaat_id).select_related(
        "klantmanager", "organisatie", "door")


def _gewenste_beroepen(kandidaat_id):
    gekozen = Kandidaat.gewenste_beroepen.through.objects.filter(kandidaat_id=kandidaat_id).values("beroep_id")
    return Beroep.objects.filter(pk__in=gekozen)


def _rechtenverzoeken(kandidaat_id):
    return Rechtenverzoek.objects.filter(kandidaat_id=kandidaat_id)


def _open_vragen_caseload(klantmanager_id):
    return open_toestemmingsverzoeken().filter(kandidaat__klantmanager_id=klantmanager_id)[:20]


def open_toestemmingsverzoeken_caseload(klantmanager):
    """The first 20 open questions in the klantmanager's own caseload, for the home page: with five tables joined,
    compiling the query cost Django 1.6 ms of CPU on every visit (``vaste_vorm``)."""
    return vaste_vorm.objecten("werkzoekenden.open_vragen_caseload", _open_vragen_caseload,
                               klantmanager_id=klantmanager.pk)


def open_toestemmingsverzoeken_van(kandidaat):
    """``open_toestemmingsverzoeken(kandidaat=...)`` as a list."""
    return vaste_vorm.objecten("werkzoekenden.open_vragen", _open_vragen, kandidaat_id=kandidaat.pk)


def toewijzingen_van(kandidaat):
    """The vaste klantmanagers of the dossier, the current one first."""
    return vaste_vorm.objecten("werkzoekenden.toewijzingen", _toewijzingen, kandidaat_id=kandidaat.pk)


def met_koppelingen(qs):
    """On PostgreSQL the ids of each kandidaat's skills and wished beroepen come along as two arrays in the same
    row (``koppeling_vaardigheden``, ``koppeling_beroepen``): one round trip instead of two, for the matching
    profile (a ranking waits for each). SQLite has no arrays: the queryset stays as it is and whoever needs the
    links reads them in a second query."""
    if connection.vendor != "postgresql":
        return qs
    koppeling = (Kandidaat.vaardigheden.through, Kandidaat.gewenste_beroepen.through)
    return qs.annotate(
        koppeling_vaardigheden=ArraySubquery(koppeling[0].objects.filter(
            kandidaat_id=OuterRef("pk")).values("vaardigheid_id")),
        koppeling_beroepen=ArraySubquery(koppeling[1].objects.filter(
            kandidaat_id=OuterRef("pk")).values("beroep_id")))


def _kandidaat_van_account_met_koppelingen(account_id):
    return met_koppelingen(_kandidaat_van_account(account_id))


def gewenste_beroepen_van(kandidaat):
    """``kandidaat.gewenste_beroepen.all()`` as a list."""
    return vaste_vorm.objecten("werkzoekenden.gewenste_beroepen", _gewenste_beroepen, kandidaat_id=kandidaat.pk)


def rechtenverzoeken_van(kandidaat):
    """``kandidaat.rechtenverzoeken.all()`` as a list, the newest first."""
    return vaste_vorm.objecten("werkzoekenden.rechtenverzoeken", _rechtenverzoeken, kandidaat_id=kandidaat.pk)


def documenten_van(kandidaat):
    """The kandidaat's documents for the documenten page, certificates that expire first on top of their kind."""
    return Document.objects.filter(kandidaat=kandidaat).select_related("geupload_door").order_by(
        "soort", "verloopt_op", "-geupload_op", "-pk")


def deelbare_documenten(kandidaat):
    """What the werkzoekende allows to go along with a voordracht."""
    return Document.objects.filter(kandidaat=kandidaat, delen_met_werkgever=True).order_by("soort", "-geupload_op",
                                                                                           "-pk")


WERKGEVERS_PER_ZOEKOPDRACHT = 20


def werkgevers_gezocht(werkgevers, zoekterm):
    """The first werkgevers (by name) of ``werkgevers`` whose name holds every word of ``zoekterm`` (at least two
    letters), for choosing one to share a cv with: a page of them and one more (so the page can say there are
    more), from the index on (regio, naam, id)."""
    woorden = zoekterm.split()
    if not woorden or len(zoekterm) < 2:
        return []
    for woord in woorden:
        werkgevers = werkgevers.filter(naam__icontains=woord)
    return list(werkgevers.order_by("naam", "pk")[:WERKGEVERS_PER_ZOEKOPDRACHT + 1])


def ontvangers_van_overdracht(kandidaat, door):
    """Who may receive ``kandidaat``'s dossier from ``door`` in a warme overdracht: the active klantmanagers of
    door's region and of the region the werkzoekende lives in (a dossier for another WSP), door excepted.

    At national volume that is a thousand and more people, so the page never lists them all: it shows a search's
    results (``accounts.selectors.collegas_zoeken``) and, for a dossier of another region, that region's first
    ones."""
    regios = {door.regio_id, kandidaat.regio_id} - {None}
    return (User.objects.filter(regio_id__in=regios, rol=Letterlijk(Rol.KLANTMANAGER), is_active=True)
            .exclude(pk=door.pk).select_related("organisatie", "waarnemer"))



def actie_laatst_gewijzigd_door(actie):
    """The id of who saved ``actie`` last (its latest change in the plan's history), or None."""
    return PlanWijziging.objects.filter(actie=actie).order_by("-pk").values_list("door_id", flat=True).first()


def beeindigde_dossiertoegang(klantmanager, pk):
    """Access ``pk`` if it has ended and the dossier is ``klantmanager``'s own: what a second "Toegang beëindigen"
    is told. None otherwise (running, unknown, or not her dossier: those stay a 404)."""
    return (DossierToegang.objects.select_related("klantmanager")
            .filter(pk=pk, beeindigd_op__isnull=False, kandidaat__klantmanager=klantmanager).first())


def heeft_lopende_dossiertoegang(kandidaat_id, klantmanager_id):
    """Whether this colleague has running access to the dossier now (given again after an earlier one ended)."""
    return DossierToegang.objects.filter(kandidaat_id=kandidaat_id, klantmanager_id=klantmanager_id,
                                         beeindigd_op__isnull=True).exists()


def door_mij_overgedragen(door, kandidaat_id):
    """The klantmanager ``door`` handed dossier ``kandidaat_id`` over to, if she did and it is still with that
    colleague: what a second "Overdragen" (a double click, or the back button and the button again) is told,
    instead of a page that does not exist. None otherwise (never hers, or it moved on since)."""
    toewijzing = (KlantmanagerToewijzing.objects.filter(kandidaat_id=kandidaat_id, door=door, tot__isnull=True)
                  .exclude(klantmanager=door).select_related("klantmanager").first())
    return toewijzing.klantmanager if toewijzing else None

# --- caseload overdragen (beheer) ----------------------------------------------------------------

def open_dossiers_per_klantmanager(klantmanager_ids) -> dict:
    """How many open dossiers each of these klantmanagers holds (one grouped count, from the caseload index)."""
    return dict(Kandidaat.objects.filter(klantmanager_id__in=list(klantmanager_ids), afgesloten_op__isnull=True)
                .values("klantmanager_id").annotate(n=Count("pk")).order_by().values_list("klantmanager_id", "n"))


def klantmanagers_voor_beheer():
    """Every klantmanager, active or not: one who already left may still hold werkzoekenden."""
    return User.objects.filter(rol=Letterlijk(Rol.KLANTMANAGER)).select_related("organisatie")


def vertrokken_met_caseload(aantal=20):
    """Klantmanagers no longer active who still hold open dossiers (the werkzoekenden have a contactpersoon who no
    longer reads anything): the first ``aantal`` by name, for the beheerder to hand over."""
    open_dossier = Kandidaat.objects.filter(klantmanager=OuterRef("pk"), afgesloten_op__isnull=True)
    return list(klantmanagers_voor_beheer().filter(is_active=False).filter(Exists(open_dossier))
                .order_by("achternaam", "voornaam", "pk")[:aantal])


def ontvangers_van_caseload(van):
    """Who may take dossiers of ``van``'s caseload: the active klantmanagers of her organisation, she excepted."""
    if not van.organisatie_id:
        return User.objects.none()
    return (User.objects.filter(organisatie_id=van.organisatie_id, rol=Letterlijk(Rol.KLANTMANAGER), is_active=True)
            .exclude(pk=van.pk).select_related("organisatie", "waarnemer"))


def caseloadoverdrachten():
    """The handovers, newest first, each with how far it is (four counts per row, of the page only)."""
    rijen = CaseloadoverdrachtDossier.objects.filter(overdracht=OuterRef("pk"))
    return (Caseloadoverdracht.objects.select_related("van", "gestart_door").annotate(
        totaal=_aantal(rijen), overgedragen=_aantal(rijen.filter(status=CaseloadoverdrachtDossier.Status.OVERGEDRAGEN)),
        overgeslagen=_aantal(rijen.filter(status=CaseloadoverdrachtDossier.Status.OVERGESLAGEN)),
        mislukt=_aantal(rijen.filter(reden=CaseloadoverdrachtDossier.Reden.MISLUKT)))
        .order_by("-gestart_op", "-pk"))


def _aantal(rijen):
    return Coalesce(Subquery(rijen.order_by().values("overdracht").annotate(n=Count("pk")).values("n")), Value(0))


def caseloadoverdracht_stand(overdracht) -> list:
    """Per receiver of the run: ``(naam, overgedragen, overgeslagen, mislukt, open)``, by name. ``overgeslagen``: moved
    by hand or closed in between, or the colleague left; ``mislukt``: moving it failed (``Reden.MISLUKT``)."""
    per = {}
    mislukt = CaseloadoverdrachtDossier.Reden.MISLUKT
    for naar_id, status, reden, n in (CaseloadoverdrachtDossier.objects.filter(overdracht=overdracht)
                                      .values_list("naar_id", "status", "reden").annotate(n=Count("pk")).order_by()):
        tellers = per.setdefault(naar_id, {})
        sleutel = "mislukt" if reden == mislukt else status
        tellers[sleutel] = tellers.get(sleutel, 0) + n
    mensen = User.objects.in_bulk(list(per))
    S = CaseloadoverdrachtDossier.Status
    return sorted(((mensen[pk].get_full_name(), d.get(S.OVERGEDRAGEN, 0), d.get(S.OVERGESLAGEN, 0),
                    d.get("mislukt", 0), d.get(S.OPEN, 0)) for pk, d in per.items()), key=lambda r: r[0].lower())


def mislukte_caseloaddossiers(overdracht):
    """The dossiers of the run whose move failed, in the order of the plan: named by their pseudoniem (the beheerder
    reads no dossier; whoever repairs it finds it by that code) with the colleague it was meant for (one query)."""
    return (CaseloadoverdrachtDossier.objects.filter(overdracht=overdracht,
                                                     reden=CaseloadoverdrachtDossier.Reden.MISLUKT)
            .select_related("kandidaat", "naar")
            .only("pk", "pogingen", "verwerkt_op", "kandidaat__pseudoniem", "naar__voornaam", "naar__achternaam")
            .order_by("pk"))


def collegas_voor_dossiertoegang(door):
    """Who ``door`` (the vaste klantmanager) may give access to one dossier: the active klantmanagers of her own
    organisation, and those of the other organisations of her arbeidsmarktregio (UWV beside the gemeenten), door
    excepted. Like ``ontvangers_van_overdracht``: the page shows a search's results, never them all. Another
    organisation's colleague needs the werkzoekende's consent (``services.dossiertoegang_geven``)."""
    eigen = Q(organisatie_id=door.organisatie_id) if door.organisatie_id else Q(pk__in=[])
    regio = Q(regio_id=door.regio_id) if door.regio_id else Q(pk__in=[])
    return (User.objects.filter(eigen | regio, rol=Letterlijk(Rol.KLANTMANAGER), is_active=True)
            .exclude(pk=door.pk).select_related("organisatie"))


def dossiertoegangen_van(kandidaat):
    """Who else has access to this dossier now, the first to end on top: for the dossier's page "Toegang tot dit
    dossier" and the werkzoekende's "Mijn gegevens" (one query)."""
    return (DossierToegang.objects.filter(kandidaat=kandidaat, beeindigd_op__isnull=True)
            .select_related("klantmanager__organisatie", "gegeven_door", "toestemming").order_by("tot", "pk"))


def gedeelde_dossiers(klantmanager):
    """The dossiers a colleague gave ``klantmanager`` access to, running, the first to end on top."""
    return (DossierToegang.objects.filter(klantmanager=klantmanager, beeindigd_op__isnull=True)
            .select_related("kandidaat", "gegeven_door").order_by("tot", "pk"))


def door_de_contactpersoon(kandidaat):
    """A condition on a verwerkingenlog line: done by ``kandidaat``'s vaste klantmanager, the one she has now or the
    one she had at that moment (``KlantmanagerToewijzing``). Her inzage calls only that one "je contactpersoon"; a
    colleague who covered (waarneming, dossiertoegang) was not."""
    toen = KlantmanagerToewijzing.objects.filter(
        Q(tot__isnull=True) | Q(tot__gt=OuterRef("tijdstip")), kandidaat=kandidaat,
        klantmanager=OuterRef("gebruiker_id"), van__lte=OuterRef("tijdstip"))
    door = Q(Exists(toen))
    if kandidaat.klantmanager_id:
        door |= Q(gebruiker_id=kandidaat.klantmanager_id)
    return Q(rol=Rol.KLANTMANAGER) & door
