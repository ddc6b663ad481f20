"""Findable kandidaten as numpy columns, and the vector form of ``engine.score`` over them."""


import numpy as np
from django.db import connections
from django.utils import timezone

from matching import engine
from matching.selectors import (
    KANDIDAAT_KOLOMMEN,
    in_doelgroepregister,
    met_vindbaar_profiel,
    pc4_coordinaten,
    stempel,
)
from werkzoekenden.models import Kandidaat

CONTRACT_CODES = {c: i for i, c in enumerate(engine.CONTRACTEN, start=1)}
# Up to this many rows, ``_aantal_met`` looks each row up in the posting lists (measured: faster up to a few hundred
# rows over a region, slower from ~1,500).
WEINIG_RIJEN = 256


class Kolommen:
    """Findable kandidaten as columns, sorted by (regio, id).

    Every ndarray attribute is part of the on-disk version (``matching.index.opslag`` writes them all and maps
    them all read-only): an array derived here once is derived at build, never again in a process that maps it.
    Only plain-Python conveniences (``n``, ``regio_bereik``, caches) are made from the arrays in ``_na_arrays``."""

    def __init__(self, kolommen, vaardigheden, beroepen):
        for naam, waarden in kolommen.items():
            setattr(self, naam, waarden)
        n = len(self.ids)
        self.lat_rad, self.lon_rad = np.radians(self.lat), np.radians(self.lon)
        self.cos_lat = np.cos(self.lat_rad)

        # Region slices: regio_codes[i] holds positions [regio_start[i], regio_eind[i]).
        grenzen = np.flatnonzero(np.diff(self.regio)) + 1
        self.regio_start = np.concatenate(([0], grenzen)).astype(np.int64) if n else np.empty(0, dtype=np.int64)
        self.regio_eind = np.concatenate((grenzen, [n])).astype(np.int64) if n else np.empty(0, dtype=np.int64)
        self.regio_codes = self.regio[self.regio_start]

        # Position of an id.
        self._id_volgorde = np.argsort(self.ids, kind="stable")
        self._ids_gesorteerd = self.ids[self._id_volgorde]
        self.vaardigheid_ptr, self.vaardigheid_idx = self._csr(vaardigheden, n)
        self.beroep_ptr, self.beroep_idx = self._csr(beroepen, n)
        # Inverted index: for each skill the positions that have it, ascending.
        volgorde = np.argsort(self.vaardigheid_idx, kind="stable")
        rij_van = np.repeat(np.arange(n, dtype=np.int64), np.diff(self.vaardigheid_ptr))
        self.post_vaardigheid = self.vaardigheid_idx[volgorde]
        self.post_positie = rij_van[volgorde]
        # --- derived arrays for pruning (matching.index.zoeken); plain arrays, computed here and nowhere else ---
        # Inverted index of wished beroepen: for each beroep the positions that wish it, ascending.
        volgorde = np.argsort(self.beroep_idx, kind="stable")
        rij_van = np.repeat(np.arange(n, dtype=np.int64), np.diff(self.beroep_ptr))
        self.post_beroep = self.beroep_idx[volgorde]
        self.post_beroep_positie = rij_van[volgorde]
        self._na_arrays()

    @classmethod
    def uit_arrays(cls, arrays):
        """Columns from arrays derived before (a mapped version): nothing is computed again."""
        kolommen = cls.__new__(cls)
        for naam, waarden in arrays.items():
            setattr(kolommen, naam, waarden)
        kolommen._na_arrays()
        return kolommen

    def arrays(self):
        """Every array of this index by attribute name: what an on-disk version holds."""
        return {naam: waarde for naam, waarde in vars(self).items() if isinstance(waarde, np.ndarray)}

    def _na_arrays(self):
        self.n = len(self.ids)
        self._rijbewijs_cache = {}
        self.op_factor = {}  # matching.index.zoeken: per beroep factor array, what it derives from these columns
        self.regio_bereik = {int(r): (int(a), int(b))
                             for r, a, b in zip(self.regio_codes, self.regio_start, self.regio_eind)}

    def posities(self, ids):
        """Positions of these ids (ids not in the index are left out)."""
        ids = np.asarray(ids, dtype=np.int64)
        if not self.n or not len(ids):
            return np.empty(0, dtype=np.int64)
        plek = np.searchsorted(self._ids_gesorteerd, ids)
        plek = np.minimum(plek, self.n - 1)
        gevonden = self._ids_gesorteerd[plek] == ids
        return self._id_volgorde[plek[gevonden]]

    def _csr(self, paren, n):
        """Pairs (kandidaat id, value) -> (ptr, values) in position order."""
        if not len(paren):
            return np.zeros(n + 1, dtype=np.int64), np.empty(0, dtype=np.int64)
        paren = np.asarray(paren, dtype=np.int64).reshape(-1, 2)
        pos = np.searchsorted(self._ids_gesorteerd, paren[:, 0])
        pos = np.minimum(pos, max(n - 1, 0))
        bekend = self._ids_gesorteerd[pos] == paren[:, 0] if n else np.zeros(len(paren), dtype=bool)
        rij = self._id_volgorde[pos[bekend]]
        waarden = paren[bekend, 1]
        volgorde = np.argsort(rij, kind="stable")
        rij, waarden = rij[volgorde], waarden[volgorde]
        ptr = np.zeros(n + 1, dtype=np.int64)
        np.add.at(ptr, rij + 1, 1)
        return np.cumsum(ptr), waarden

    def koppelingen(self, ids, verouderd):
        """{id: (stempel, skills, wished beroepen)} for those of ``ids`` held here at a position not ``verouderd``
        (changed since and read again elsewhere)."""
        ids = np.asarray(ids, dtype=np.int64)
        if not self.n or not len(ids):
            return {}
        plek = np.minimum(np.searchsorted(self._ids_gesorteerd, ids), self.n - 1)
        hier = self._ids_gesorteerd[plek] == ids
        gevonden, v, b = {}, self.vaardigheid_ptr, self.beroep_ptr
        for pk, rij in zip(ids[hier].tolist(), self._id_volgorde[plek[hier]].tolist()):
            if not verouderd[rij]:
                gevonden[pk] = (int(self.stempel[rij]), frozenset(self.vaardigheid_idx[v[rij]:v[rij + 1]].tolist()),
                                frozenset(self.beroep_idx[b[rij]:b[rij + 1]].tolist()))
        return gevonden

    def heeft_rijbewijs(self, soort):
        if soort not in self._rijbewijs_cache:
            codes = [code for tekst, code in TEKSTCODES.items() if soort in tekst]
            self._rijbewijs_cache[soort] = np.isin(self.rijbewijs, codes)
        return self._rijbewijs_cache[soort]

    # --- scoring -------------------------------------------------------------------------------------------
    # Every method below takes ``rijen``: a slice [a, b) of positions, or an ascending array of positions. Numpy
    # reads a column the same way for both, so one formula serves a whole region and a small pruned set alike.

    def postingen(self, vaardigheid, a=0, b=None):
        """Ascending positions in [a, b) of the kandidaten with this skill (a view, never a copy)."""
        lo, hi = np.searchsorted(self.post_vaardigheid, [vaardigheid, vaardigheid + 1])
        pos = self.post_positie[lo:hi]
        return pos[np.searchsorted(pos, a):np.searchsorted(pos, self.n if b is None else b)]

    def met_beroep(self, beroepen, a=0, b=None):
        """Positions in [a, b) of the kandidaten who wish one of these beroepen (per beroep ascending)."""
        beroepen = np.asarray(beroepen, dtype=np.int64)
        lo = np.searchsorted(self.post_beroep, beroepen)
        hi = np.searchsorted(self.post_beroep, beroepen, side="right")
        pos = self.post_beroep_positie[_bereiken(lo, hi)]
        b = self.n if b is None else b
        return pos[(pos >= a) & (pos < b)]

    def _aantal_met(self, vaardigheden, rijen):
        """Per row: how many of these skills the kandidaat has."""
        if isinstance(rijen, slice):
            a, b = rijen.start, rijen.stop
            aantal = np.zeros(b - a, dtype=np.int64)
            for v in vaardigheden:
                aantal[self.postingen(v, a, b) - a] += 1
            return aantal
        if not len(rijen):
            return np.zeros(0, dtype=np.int64)
        a, b = int(rijen.min()), int(rijen.max()) + 1
        if len(rijen) <= WEINIG_RIJEN:
            # Few rows (those with every required skill): each looked up in each list, not a count over the range
            # they span (a region: 100,000 places), 4-20 times faster here (docs/benchmarks.md).
            aantal = np.zeros(len(rijen), dtype=np.int64)
            for v in vaardigheden:
                lijst = self.postingen(v, a, b)
                if len(lijst):
                    aantal += lijst[np.minimum(np.searchsorted(lijst, rijen), len(lijst) - 1)] == rijen
            return aantal
        # Count over the range the rows span (each list holds a position once), then pick the rows out: cheaper than
        # looking every row up in every list.
        aantal = np.zeros(b - a, dtype=np.int64)
        for v in vaardigheden:
            aantal[self.postingen(v, a, b) - a] += 1
        return aantal[rijen - a]

    def _beste_beroep(self, factor, rijen, n):
        """Per row: the best ``factor`` over the kandidaat's wished beroepen (0 without wishes)."""
        if isinstance(rijen, slice):
            begin, eind = self.beroep_ptr[rijen.start:rijen.stop], self.beroep_ptr[rijen.start + 1:rijen.stop + 1]
        else:
            begin, eind = self.beroep_ptr[rijen], self.beroep_ptr[rijen + 1]
        lengte = eind - begin
        best = np.zeros(n)
        gevuld = lengte > 0
        if not gevuld.any():
            return best
        beroepen = self.beroep_idx[_bereiken(begin, eind)]
        if beroepen.max() >= len(factor):  # an occupation newer than the reference data
            factor = np.pad(factor, (0, int(beroepen.max()) + 1 - len(factor)))
        offsets = np.cumsum(lengte) - lengte
        best[gevuld] = np.maximum.reduceat(factor[beroepen], offsets[gevuld])
        return best

    def totalen(self, v: engine.VacatureProfiel, g, beroep_factor, rijen):
        """``engine.score(...).totaal`` for these rows, as one vector; and how many required skills each has
        (None if the vacature requires none), which ``sleutels`` reuses for "past"."""
        n = _lengte(rijen)
        if v.beroep_id is None:
            punten = np.full(n, g["beroep"] / 2)
        else:
            punten = g["beroep"] * self._beste_beroep(beroep_factor, rijen, n)
        maximum = float(g["beroep"])

        vereist = None
        if v.vereist:
            vereist = self._aantal_met(v.vereist, rijen)
            punten += g["vereist"] * (vereist / len(v.vereist)) ** 2
        else:
            punten += g["vereist"]
        maximum += g["vereist"]
        if v.gewenst:
            punten += g["gewenst"] * self._aantal_met(v.gewenst, rijen) / len(v.gewenst)
            maximum += g["gewenst"]

        if v.lat is not None and v.lon is not None:
            max_km = self.max_km[rijen]
            km = _afstand_km(v.lat, v.lon, self, rijen)
            binnen = km <= max_km  # False where a coordinate is unknown (nan)
            punten += np.where(binnen, g["afstand"] * (1 - 0.5 * km / max_km), 0)
        maximum += g["afstand"]

        uren = self.uren[rijen]
        met_uren = uren > 0
        verhouding = np.minimum(uren, v.uren) / np.maximum(np.maximum(uren, v.uren), 1e-9)
        punten += np.where(met_uren, g["uren"] * verhouding, g["uren"] / 2)
        maximum += g["uren"]

        # Parts that count only where the kandidaat said something; added in the engine's order (float sums).
        maximum = np.full(n, maximum)
        if v.contracttype:
            contract = self.contract[rijen]
            telt = contract > 0
            punten += np.where(telt & (contract == CONTRACT_CODES.get(v.contracttype, -1)), g["contract"], 0)
            maximum += np.where(telt, g["contract"], 0)
        if v.startdatum:
            beschikbaar = self.beschikbaar[rijen]
            telt = beschikbaar > 0
            punten += np.where(telt & (beschikbaar <= v.startdatum.toordinal()), g["start"], 0)
            maximum += np.where(telt, g["start"], 0)
        if v.rijbewijs:
            punten += np.where(self.heeft_rijbewijs(v.rijbewijs)[rijen], g["rijbewijs"], 0)
            maximum += g["rijbewijs"]
        if v.taalniveau:
            taal = self.taal[rijen]
            punten += np.where(taal == 0, g["taal"] / 2, np.where(taal >= v.taalniveau, g["taal"], 0))
            maximum += g["taal"]
        if v.open_doelgroepregister is not None:
            doelgroep = self.doelgroep[rijen]
            if v.open_doelgroepregister:
                punten += np.where(doelgroep, g["doelgroep"], 0)
            maximum += np.where(doelgroep, g["doelgroep"], 0)

        return np.divide(100 * punten, maximum, out=np.zeros(n), where=maximum > 0), vereist

    def scores(self, v: engine.VacatureProfiel, g, beroep_factor, a, b):
        """``engine.score(...).totaal`` for positions [a, b), as one vector."""
        return self.totalen(v, g, beroep_factor, slice(a, b))[0]

    def past(self, v: engine.VacatureProfiel, a, b=None, *, vereist=None):
        """``engine.score(...).past`` for positions [a, b) (or the positions ``a``): every hard requirement met.
        ``vereist``: the count of required skills per row, if already known."""
        rijen = slice(a, b) if b is not None else a
        past = np.ones(_lengte(rijen), dtype=bool)
        if v.vereist:
            if vereist is None:
                vereist = self._aantal_met(v.vereist, rijen)
            past &= vereist == len(v.vereist)
        if v.rijbewijs:
            past &= self.heeft_rijbewijs(v.rijbewijs)[rijen]
        if v.taalniveau:
            taal = self.taal[rijen]
            past &= (taal == 0) | (taal >= v.taalniveau)
        return past

    def sleutels(self, v: engine.VacatureProfiel, g, beroep_factor, rijen):
        """The order of ``engine.volgorde`` as one number per row: the score rounded (so float noise cannot
        reorder ties) plus 1000 for whoever fits every hard requirement, which lifts them above every score."""
        totaal, vereist = self.totalen(v, g, beroep_factor, rijen)
        return np.round(totaal, 9) + 1000 * self.past(v, rijen, vereist=vereist)

    def filtermasker(self, a, b, v, filters):
        """Who passes the page's filters, for positions [a, b) (or the positions ``a`` when ``b`` is None)."""
        rijen = slice(a, b) if b is not None else a
        masker = np.ones(_lengte(rijen), dtype=bool)
        if filters.alleen_werkfit:
            masker &= self.werkfit[rijen]
        if filters.uitkering:
            masker &= self.uitkering[rijen] == TEKSTCODES.get(filters.uitkering, -1)
        if filters.min_uren:
            uren = self.uren[rijen]
            masker &= (uren == 0) | (uren >= filters.min_uren)
        if filters.max_km is not None:
            if v.lat is None or v.lon is None:
                masker[:] = False
            else:
                km = _afstand_km(v.lat, v.lon, self, rijen)
                masker &= ~np.isnan(km) & (km <= filters.max_km)
        return masker


def _lengte(rijen):
    return rijen.stop - rijen.start if isinstance(rijen, slice) else len(rijen)


def _bereiken(begin, eind):
    """The indexes of the ranges [begin[i], eind[i]) one after another, as one array (no Python loop)."""
    lengte = eind - begin
    totaal = int(lengte.sum())
    if not totaal:
        return np.empty(0, dtype=np.int64)
    offsets = np.cumsum(lengte) - lengte
    return np.arange(totaal, dtype=np.int64) + np.repeat(begin - offsets, lengte)


def _afstand_km(lat, lon, kolommen, rijen):
    """``engine.afstand_km`` from one point to these rows (NaN where unknown); the kandidaten's radians and
    cosines are computed once, at build."""
    f1 = np.radians(lat)
    df = kolommen.lat_rad[rijen] - f1
    dl = kolommen.lon_rad[rijen] - np.radians(lon)
    h = np.sin(df / 2) ** 2 + np.cos(f1) * kolommen.cos_lat[rijen] * np.sin(dl / 2) ** 2
    return 2 * 6371.0 * np.arcsin(np.sqrt(h))


# Short texts (rijbewijs, uitkering) as small numbers. A process's table is the one of the version it maps
# (``matching.index.opslag`` stores it beside the arrays), extended here for what changed since; a build starts from
# the previous version's table, so a text keeps its code from version to version.
TEKSTCODES = {}


def zet_tekstcodes(codes):
    """Make this process's table that of the version it maps (under the index lock: the scoring reads it)."""
    TEKSTCODES.clear()
    TEKSTCODES.update(codes)


def _naar_kolommen(rijen, pc4, vandaag, codes):
    def _tekstcode(tekst):
        return codes.setdefault(tekst or "", len(codes))

    n = len(rijen)
    coords = [pc4.get((r[2] or "")[:4], (np.nan, np.nan)) for r in rijen]
    return {
        "ids": np.fromiter((r[0] for r in rijen), dtype=np.int64, count=n),
        "regio": np.fromiter((r[1] for r in rijen), dtype=np.int64, count=n),
        "lat": np.fromiter((c[0] for c in coords), dtype=np.float64, count=n),
        "lon": np.fromiter((c[1] for c in coords), dtype=np.float64, count=n),
        "max_km": np.fromiter((r[3] or engine.STANDAARD_MAX_KM for r in rijen), dtype=np.float64, count=n),
        "uren": np.fromiter((r[4] or 0 for r in rijen), dtype=np.float64, count=n),
        "rijbewijs": np.fromiter((_tekstcode(r[5]) for r in rijen), dtype=np.int16, count=n),
        "beschikbaar": np.fromiter((r[6].toordinal() if r[6] else 0 for r in rijen), dtype=np.int64, count=n),
        "contract": np.fromiter((CONTRACT_CODES.get(r[7], 0) for r in rijen), dtype=np.int8, count=n),
        "taal": np.fromiter((engine.taalniveau_nederlands(r[8]) for r in rijen), dtype=np.int8, count=n),
        "doelgroep": np.fromiter((in_doelgroepregister(r[9], r[10], r[11], vandaag) for r in rijen), dtype=bool,
                                 count=n),
        "werkfit": np.fromiter((bool(r[12]) for r in rijen), dtype=bool, count=n),
        "uitkering": np.fromiter((_tekstcode(r[13]) for r in rijen), dtype=np.int16, count=n),
        # gewijzigd_op as the row was read: the links below are this row's while the row still carries it
        "stempel": np.fromiter((stempel(r[14]) for r in rijen), dtype=np.int64, count=n),
    }


def rijen(queryset, chunk=20000):
    """The rows of a values_list queryset straight from the cursor (no model machinery per row)."""
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        while deel := cursor.fetchmany(chunk):
            yield from deel


def _paren(queryset, chunk=200000):
    """(kandidaat id, value) pairs of a values_list queryset as an (n, 2) array, fetched in chunks."""
    sql, params = queryset.query.sql_with_params()
    delen = []
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        while rijen := cursor.fetchmany(chunk):
            delen.append(np.array(rijen, dtype=np.int64).reshape(-1, 2))
    return np.concatenate(delen) if delen else np.empty((0, 2), dtype=np.int64)


def _lees(kandidaten, chunk=50000, codes=None):
    """Columns and (id, value) pairs for a queryset of kandidaten, in chunks (memory stays flat); texts are coded
    by ``codes`` (this process's table unless a build passes its own)."""
    codes = TEKSTCODES if codes is None else codes
    pc4, vandaag = pc4_coordinaten(), timezone.localdate()
    velden = ("pk", "regio_id", *KANDIDAAT_KOLOMMEN[1:], "werkfit", "uitkering", "gewijzigd_op")
    delen, rijen = [], []
    for rij in kandidaten.order_by("regio_id", "pk").values_list(*velden).iterator(chunk_size=chunk):
        rijen.append(rij)
        if len(rijen) >= chunk:
            delen.append(_naar_kolommen(rijen, pc4, vandaag, codes))
            rijen = []
    delen.append(_naar_kolommen(rijen, pc4, vandaag, codes))
    kolommen = {naam: np.concatenate([d[naam] for d in delen]) for naam in delen[0]}
    subquery = kandidaten.order_by().values("pk")
    vaardigheden = _paren(Kandidaat.vaardigheden.through.objects.filter(kandidaat__in=subquery).values_list(
        "kandidaat_id", "vaardigheid_id"))
    beroepen = _paren(Kandidaat.gewenste_beroepen.through.objects.filter(kandidaat__in=subquery).values_list(
        "kandidaat_id", "beroep_id"))
    return kolommen, vaardigheden, beroepen


def bouw_kolommen(kandidaten, codes=None):
    return Kolommen(*_lees(kandidaten, codes=codes))


class Filters:
    def __init__(self, *, alleen_werkfit=True, uitkering="", min_uren=None, max_km=None):
        self.alleen_werkfit, self.uitkering, self.min_uren, self.max_km = alleen_werkfit, uitkering, min_uren, max_km

    def op_queryset(self, qs):
        from django.db.models import Q

        if self.uitkering:
            qs = qs.filter(uitkering=self.uitkering)
        if self.min_uren:
            qs = qs.filter(Q(gewenste_uren__gte=self.min_uren) | Q(gewenste_uren__isnull=True))
        return qs

    def laat_door(self, v, k):
        if self.max_km is None:
            return True
        if None in (v.lat, v.lon, k.lat, k.lon):
            return False
        return engine.afstand_km(v.lat, v.lon, k.lat, k.lon) <= self.max_km


def lees_ids(ids):
    """Columns for these kandidaten (those still findable), sorted by (regio, id) like the base."""
    delen = [_lees(met_vindbaar_profiel().filter(pk__in=ids[start:start + 5000]))
             for start in range(0, len(ids), 5000)] or [_lees(met_vindbaar_profiel().none())]
    kolommen = {naam: np.concatenate([d[0][naam] for d in delen]) for naam in delen[0][0]}
    volgorde = np.lexsort((kolommen["ids"], kolommen["regio"]))
    kolommen = {naam: waarden[volgorde] for naam, waarden in kolommen.items()}
    return kolommen, np.concatenate([d[1] for d in delen]), np.concatenate([d[2] for d in delen])
