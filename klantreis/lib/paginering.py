import base64
import binascii
import json
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import Q

from klantreis.lib import vaste_vorm

PER_PAGINA = 25
_GROOTSTE_INT = 2**63 - 1  # what a bigint column holds; a larger number is no key of ours


def pagineer(request, queryset, per_pagina=PER_PAGINA):
    """One page of ``queryset``; a missing, wrong or too high ``?pagina=`` gives a valid page, as Django's
    ``Paginator.get_page`` does.

    The first page is read before anything is counted: when it holds fewer than ``per_pagina`` rows, that is the
    count, and no ``COUNT`` runs. Most lists on a werkgever's or a vacature's page fit on one page, and Django's
    ``get_page`` counted first and read the page after: two round trips where one says it all. A full first page
    is counted as before (then the page itself is not read twice)."""
    paginator = Paginator(queryset, per_pagina)
    gevraagd = request.GET.get("pagina")
    if not _eerste_pagina(gevraagd):
        return paginator.get_page(gevraagd)
    rijen = list(queryset[:per_pagina])
    if len(rijen) < per_pagina:
        paginator.count = len(rijen)  # Paginator.count is a cached_property: this is its value
    return Page(rijen, 1, paginator)


def _eerste_pagina(gevraagd):
    """Whether ``get_page`` would give the first page for ``?pagina=`` without counting: missing, 1, or not a whole
    number (Django's PageNotAnInteger). A number below 1 gives the last page there, so it is not."""
    if gevraagd is None:
        return True
    try:
        return int(gevraagd) == 1
    except (TypeError, ValueError):
        return True


# --- keyset ("bladeren"): the 2,000th page costs what the first does -------------------------------------

@dataclass
class Blad:
    """One page of a keyset walk: ``vorige``/``volgende`` are the cursors of the pages around it (None: none)."""

    object_list: list
    vorige: str | None
    volgende: str | None
    is_eerste: bool


def codeer_cursor(waarden):
    """A cursor for the link to the page after (or before) a row with these sort values."""
    rauw = [["t", w.isoformat()] if isinstance(w, datetime) else ["d", w.isoformat()] if isinstance(w, date)
            else ["w", w] for w in waarden]
    return base64.urlsafe_b64encode(json.dumps(rauw, separators=(",", ":")).encode()).decode().rstrip("=")


def _decodeer(token, lengte):
    """The values of a cursor, or None for anything that is not one of ours (a tampered or old link)."""
    if not token or len(token) > 1000:
        return None
    try:
        rauw = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        waarden = [datetime.fromisoformat(w) if soort == "t" else date.fromisoformat(w) if soort == "d" else w
                   for soort, w in rauw]
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        return None
    if len(waarden) != lengte or not all(_sleutelwaarde(w) for w in waarden):
        return None
    return waarden


def _sleutelwaarde(w):
    """Whether ``w`` can be the value of a sort key as ``codeer_cursor`` wrote it: a text, a number a bigint holds, a
    date, or a moment with its time zone (a naive one was made by hand)."""
    if isinstance(w, bool):
        return False
    if isinstance(w, int):
        return -_GROOTSTE_INT <= w <= _GROOTSTE_INT
    if isinstance(w, datetime):
        return w.tzinfo is not None
    return isinstance(w, (str, date))


def _richting(veld, vooruit, strikt):
    """The field's name and the lookup for "after" (``vooruit``) or "before" a value, in the field's direction: an
    ascending key goes up, a descending one ("-veld") goes down."""
    omhoog = vooruit != veld.startswith("-")
    return veld.lstrip("-"), ("gt" if omhoog else "lt") + ("" if strikt else "e")


def _voorbij(volgorde, waarden, vooruit):
    """Rows after (or before) the cursor in the lexicographic order of ``volgorde``. The first key's bound
    stands alone (``k1 >= v1``, or ``<=`` for a descending key), so the database can start its index range there;
    ties go to the next key."""
    naam, lookup = _richting(volgorde[-1], vooruit, True)
    staart = Q(**{f"{naam}__{lookup}": waarden[-1]})
    for veld, waarde in zip(reversed(volgorde[:-1]), reversed(waarden[:-1])):
        naam, lookup = _richting(veld, vooruit, True)
        staart = Q(**{f"{naam}__{lookup}": waarde}) | (Q(**{naam: waarde}) & staart)
    naam, lookup = _richting(volgorde[0], vooruit, False)
    return Q(**{f"{naam}__{lookup}": waarden[0]}) & staart


def _omgekeerd(veld):
    return veld[1:] if veld.startswith("-") else f"-{veld}"


def lees_cursors(request, lengte):
    """The sort values of ``?na=`` and of ``?voor=`` (one of the two, or neither: None) of a link this module made;
    a bad or tampered cursor counts as none."""
    na = _decodeer(request.GET.get("na"), lengte)
    return na, None if na else _decodeer(request.GET.get("voor"), lengte)


def blader(request, queryset, volgorde, *, per_pagina=PER_PAGINA, sleutels_eerst=False):
    """The page after ``?na=`` or before ``?voor=`` (cursors made by this function), else the first page.

    ``volgorde`` names the sort keys (fields or annotations without NULLs; "-veld" for newest first), ending in a
    unique one ("pk"). A bad cursor gives the first page, never an error.

    ``sleutels_eerst``: for a list whose page is chosen from many rows that are sorted rather than read in order (a
    search in a large caseload). The page's keys are chosen first, from the columns the filter and the sort name
    alone (an index can hold them all), and only those rows are read in full, with the queryset's joins and
    annotations; one query, with the keys as a subquery. Without it PostgreSQL builds every matching row in full
    (joins, EXISTS per row) before the sort keeps a page of them."""
    na, voor = lees_cursors(request, len(volgorde))
    try:
        return _blad(queryset, volgorde, na, voor, per_pagina, sleutels_eerst)
    except (ValueError, TypeError, OverflowError, ValidationError):
        if na is None and voor is None:
            raise
        # A cursor made by hand, of the right shape but not of the keys' types (a text where the key is a number or
        # a moment, a NUL character, a number too large): the first page, as for any other bad cursor.
        return _blad(queryset, volgorde, None, None, per_pagina, sleutels_eerst)


def _lees(queryset, volgorde, aantal, sleutels_eerst):
    """The first ``aantal`` rows of ``queryset`` in ``volgorde``: at once, or (``sleutels_eerst``) their keys first."""
    geordend = queryset.order_by(*volgorde)
    if not sleutels_eerst:
        return list(geordend[:aantal])
    return list(queryset.filter(pk__in=geordend.values("pk")[:aantal]).order_by(*volgorde))


def _blad(queryset, volgorde, na, voor, per_pagina, sleutels_eerst):
    if voor is not None:
        rijen = _lees(queryset.filter(_voorbij(volgorde, voor, False)), [_omgekeerd(v) for v in volgorde],
                      per_pagina + 1, sleutels_eerst)
    else:
        if na is not None:
            queryset = queryset.filter(_voorbij(volgorde, na, True))
        rijen = _lees(queryset, volgorde, per_pagina + 1, sleutels_eerst)
    return _blad_van(rijen, volgorde, na, voor, per_pagina)


def _blad_van(rijen, volgorde, na, voor, per_pagina):
    """The page of the ``per_pagina + 1`` rows read after ``na``, before ``voor`` (then in reverse order) or from the
    start: one more than the page says whether there is more that way."""
    def waarden(rij):
        return [getattr(rij, v.lstrip("-")) for v in volgorde]

    if voor is not None:
        meer_ervoor = len(rijen) > per_pagina
        rijen = rijen[:per_pagina][::-1]
        return Blad(rijen, codeer_cursor(waarden(rijen[0])) if meer_ervoor and rijen else None,
                    codeer_cursor(waarden(rijen[-1])) if rijen else None, not meer_ervoor)
    meer = len(rijen) > per_pagina
    rijen = rijen[:per_pagina]
    return Blad(rijen, codeer_cursor(waarden(rijen[0])) if na is not None and rijen else None,
                codeer_cursor(waarden(rijen[-1])) if meer else None, na is None)


# --- keyset with SQL compiled once per process --------------------------------------------------------------

def blader_vast(request, vorm, bouw, volgorde, *, per_pagina=PER_PAGINA, **waarden):
    """``blader`` for a list that every visit reads in the same shape: ``bouw(**waarden)`` gives its queryset (filter,
    annotations, ``select_related``), with the values as ``vaste_vorm`` takes them (a list is never empty: give a
    value that matches nothing, such as ``[0]`` for ids). The first page, a page after and a page before a cursor are
    each compiled once per process (per type of the cursor's values), not on every visit: building and compiling the
    inbox's queryset cost Django more CPU than PostgreSQL needed to run it.

    The page is the one ``blader`` gives for ``bouw(**waarden)``; a bad or hand-made cursor gives the first page. No
    ``sleutels_eerst``: a search is another shape on every visit (its words), and goes through ``blader``."""
    if any(isinstance(w, list) and not w for w in waarden.values()):
        raise ValueError(f"{vorm}: een lege lijst als waarde")
    na, voor = lees_cursors(request, len(volgorde))
    try:
        rijen = _vast_lezen(vorm, bouw, volgorde, na, voor, per_pagina, waarden)
    except (ValueError, TypeError, OverflowError, ValidationError):
        if na is None and voor is None:
            raise
        # A cursor of the right shape whose values the keys cannot hold (a text where the key is a moment, a NUL
        # character): its shape does not compile, or the driver refuses the value. The first page, as in ``blader``.
        na = voor = None
        rijen = _vast_lezen(vorm, bouw, volgorde, None, None, per_pagina, waarden)
    return _blad_van(rijen, volgorde, na, voor, per_pagina)


_GRENZEN = {}


def _binnen_de_kolommen(vorm, bouw, volgorde, cursor, waarden):
    """Whether each whole number of ``cursor`` fits the column of its sort key. Django leaves a comparison with a
    number beyond a small integer column out of the SQL; a shape compiled once sends it, and once the connection has
    prepared the statement PostgreSQL types the parameter as the column and refuses the number ("smallint out of
    range"), which ends the request's transaction. The ranges of the keys are looked up once per shape."""
    sleutel = (vorm, tuple(volgorde))
    if sleutel not in _GRENZEN:
        model, verbinding = bouw(**waarden).model, connections["default"]
        grenzen = []
        for veld in volgorde:
            naam = veld.lstrip("-")
            try:
                kolom = model._meta.pk if naam == "pk" else model._meta.get_field(naam)
            except FieldDoesNotExist:  # an annotation: its own type, no column
                grenzen.append(None)
                continue
            soort = kolom.target_field.get_internal_type() if kolom.is_relation else kolom.get_internal_type()
            grenzen.append(verbinding.ops.integer_field_range(soort) if "Integer" in soort or "AutoField" in soort
                           else None)
        _GRENZEN[sleutel] = grenzen
    return all(grens is None or not isinstance(w, int) or (grens[0] is None or grens[0] <= w) and
               (grens[1] is None or w <= grens[1]) for w, grens in zip(cursor, _GRENZEN[sleutel], strict=True))


def _vast_lezen(vorm, bouw, volgorde, na, voor, per_pagina, waarden):
    cursor = na if na is not None else voor
    if cursor is not None and not _binnen_de_kolommen(vorm, bouw, volgorde, cursor, waarden):
        raise ValueError(f"{vorm}: een getal dat de kolom niet kan bevatten")
    if cursor is None:
        richting, sleutel = "eerste", ()
    else:
        richting = "na" if na is not None else "voor"
        waarden = {**waarden, **{f"_cursor{i}": w for i, w in enumerate(cursor)}}
        # The type of each value is part of the shape: a text and a moment compile to different SQL (or not at all).
        sleutel = tuple(type(w).__name__ for w in cursor)

    def gericht(**gegeven):
        grens = [gegeven.pop(f"_cursor{i}") for i in range(len(volgorde))] if richting != "eerste" else None
        queryset = bouw(**gegeven)
        if richting == "voor":
            return queryset.filter(_voorbij(volgorde, grens, False)).order_by(
                *[_omgekeerd(v) for v in volgorde])[:per_pagina + 1]
        if richting == "na":
            queryset = queryset.filter(_voorbij(volgorde, grens, True))
        return queryset.order_by(*volgorde)[:per_pagina + 1]

    return vaste_vorm.objecten((vorm, "blader", tuple(volgorde), per_pagina, richting, sleutel), gericht, **waarden)
