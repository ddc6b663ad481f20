"""Findable kandidaten as numpy columns, and the vector form of ``engine.score`` over them."""

import datetime

import numpy as np
from django.db import connections
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from matching import engine
from matching.selectors import KANDIDAAT_KOLOMMEN, in_doelgroepregister, met_vindbaar_profiel, pc4_coordinaten
from werkzoekenden.models import Kandidaat

CONTRACT_CODES = {c: i for i, c in enumerate(engine.CONTRACTEN, start=1)}


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

    def heeft_rijbewijs(self, soort):
        if soort not in self._rijbewijs_cache:
            codes = [code for tekst, code in TEKSTCODES.items() if soort in tekst]
            self._rijbewijs_cache[soort] = np.isin(self.rijbewijs, codes)
        return self._rijbewijs_cache[soort]

    def _aantal_met(self, vaardigheden, a, b):
        """Per position in [a, b): how many of these skills the kandidaat has."""
        aantal = np.zeros(b - a, dtype=np.int64)
        for v in vaardigheden:
            lo, hi = np.searchsorted(self.post_vaardigheid, [v, v + 1])
            pos = self.post_positie[lo:hi]
            pos = pos[np.searchsorted(pos, a):np.searchsorted(pos, b)]
            aantal[pos - a] += 1
        return aantal

    def scores(self, v: engine.VacatureProfiel, g, beroep_factor, a, b):
        """``engine.score(...).totaal`` for positions [a, b), as one vector."""
        n = b - a
        punten = np.zeros(n)
        maximum = np.zeros(n)

        if v.beroep_id is None:
            punten += g["beroep"] / 2
        else:
            lo, hi = self.beroep_ptr[a], self.beroep_ptr[b]
            best = np.zeros(n)
            if hi > lo:
                beroepen = self.beroep_idx[lo:hi]
                if beroepen.max() >= len(beroep_factor):  # an occupation newer than the reference data
                    beroep_factor = np.pad(beroep_factor, (0, int(beroepen.max()) + 1 - len(beroep_factor)))
                waarden = beroep_factor[beroepen]
                lengte = np.diff(self.beroep_ptr[a:b + 1])
                gevuld = lengte > 0
                best[gevuld] = np.maximum.reduceat(waarden, (self.beroep_ptr[a:b][gevuld] - lo))
            punten += g["beroep"] * best
        maximum += g["beroep"]

        if v.vereist:
            dekking = self._aantal_met(v.vereist, a, b) / len(v.vereist)
            punten += g["vereist"] * dekking ** 2
        else:
            punten += g["vereist"]
        maximum += g["vereist"]
        if v.gewenst:
            punten += g["gewenst"] * self._aantal_met(v.gewenst, a, b) / len(v.gewenst)
            maximum += g["gewenst"]

        if v.lat is not None and v.lon is not None:
            max_km = self.max_km[a:b]
            km = _afstand_km(v.lat, v.lon, self, a, b)
            binnen = ~np.isnan(km) & (km <= max_km)
            punten += np.where(binnen, g["afstand"] * (1 - 0.5 * np.nan_to_num(km) / max_km), 0)
        maximum += g["afstand"]

        uren = self.uren[a:b]
        met_uren = uren > 0
        verhouding = np.minimum(uren, v.uren) / np.maximum(np.maximum(uren, v.uren), 1e-9)
        punten += np.where(met_uren, g["uren"] * verhouding, g["uren"] / 2)
        maximum += g["uren"]

        if v.contracttype:
            contract = self.contract[a:b]
            telt = contract > 0
            punten += np.where(telt & (contract == CONTRACT_CODES.get(v.contracttype, -1)), g["contract"], 0)
            maximum += np.where(telt, g["contract"], 0)
        if v.startdatum:
            beschikbaar = self.beschikbaar[a:b]
            telt = beschikbaar > 0
            punten += np.where(telt & (beschikbaar <= v.startdatum.toordinal()), g["start"], 0)
            maximum += np.where(telt, g["start"], 0)
        if v.rijbewijs:
            punten += np.where(self.heeft_rijbewijs(v.rijbewijs)[a:b], g["rijbewijs"], 0)
            maximum += g["rijbewijs"]
        if v.taalniveau:
            taal = self.taal[a:b]
            punten += np.where(taal == 0, g["taal"] / 2, np.where(taal >= v.taalniveau, g["taal"], 0))
            maximum += g["taal"]
        if v.open_doelgroepregister is not None:
            doelgroep = self.doelgroep[a:b]
            if v.open_doelgroepregister:
                punten += np.where(doelgroep, g["doelgroep"], 0)
            maximum += np.where(doelgroep, g["doelgroep"], 0)

        return np.divide(100 * punten, maximum, out=np.zeros(n), where=maximum > 0)

    def past(self, v: engine.VacatureProfiel, a, b):
        """``engine.score(...).past`` for positions [a, b): every hard requirement met."""
        past = np.ones(b - a, dtype=bool)
        if v.vereist:
            past &= self._aantal_met(v.vereist, a, b) == len(v.vereist)
        if v.rijbewijs:
            past &= self.heeft_rijbewijs(v.rijbewijs)[a:b]
        if v.taalniveau:
            taal = self.taal[a:b]
            past &= (taal == 0) | (taal >= v.taalniveau)
        return past

    def filtermasker(self, a, b, v, filters):
        masker = np.ones(b - a, dtype=bool)
        if filters.alleen_werkfit:
            masker &= self.werkfit[a:b]
        if filters.uitkering:
            masker &= self.uitkering[a:b] == TEKSTCODES.get(filters.uitkering, -1)
        if filters.min_uren:
            uren = self.uren[a:b]
            masker &= (uren == 0) | (uren >= filters.min_uren)
        if filters.max_km is not None:
            if v.lat is None or v.lon is None:
                masker[:] = False
            else:
                km = _afstand_km(v.lat, v.lon, self, a, b)
                masker &= ~np.isnan(km) & (km <= filters.max_km)
        return masker


def _afstand_km(lat, lon, kolommen, a, b):
    """``engine.afstand_km`` from one point to positions [a, b) (NaN where unknown); the kandidaten's
    radians and cosines are computed once, at build."""
    f1 = np.radians(lat)
    df = kolommen.lat_rad[a:b] - f1
    dl = kolommen.lon_rad[a:b] - np.radians(lon)
    h = np.sin(df / 2) ** 2 + np.cos(f1) * kolommen.cos_lat[a:b] * np.sin(dl / 2) ** 2
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
    }


def rijen(queryset, chunk=20000):
    """The rows of a values_list queryset straight from the cursor (no model machinery per row)."""
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        while deel := cursor.fetchmany(chunk):
            yield from deel


def tijdstip(waarde):
    """A timestamp as the driver gave it (SQLite: naive or text, in UTC) as an aware datetime."""
    if isinstance(waarde, str):
        waarde = parse_datetime(waarde)
    if timezone.is_naive(waarde):
        waarde = waarde.replace(tzinfo=datetime.timezone.utc)
    return waarde


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
    velden = ("pk", "regio_id", *KANDIDAAT_KOLOMMEN[1:], "werkfit", "uitkering")
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
