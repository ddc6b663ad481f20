"""Fast ranking of kandidaten for a vacature: an in-memory column index per process, kept honest by the database.

Why this shape (figures in docs/benchmarks.md):

* Every findable kandidaat is a row in a few numpy columns, sorted by arbeidsmarktregio so that a region is one
  contiguous slice; skills and wished occupations are CSR lists with an inverted index per skill. Scoring a
  vacature against a region is then a handful of vector operations (the same formula as ``engine.score``),
  the same code on PostgreSQL and SQLite.
* Each web process holds its own index and **catches up before every ranking**: one indexed query on
  ``Kandidaat.gewijzigd_op`` (kept moving by skills, wishes and consent too, see ``matching.signals``) returns
  what changed; those kandidaten are masked in the base and scored from a small overlay index built from fresh
  rows. Every few seconds (``MATCHING_TERUGBLIK_SECONDEN``) the query looks back ``TERUGKIJKEN`` before the
  newest change it saw, so a transaction that commits late is still seen; long bulk writes (the import)
  stamp their rows again after their commit.
* The index only proposes. The best candidates are loaded again from the database, checked against consent
  and filters there, and scored exactly by ``engine.score``, which also writes the explanations. A withdrawn
  consent or a removed dossier can therefore never show up, even in a process that has not caught up.
"""

import datetime
import logging
import threading
import time

import numpy as np
from django.conf import settings
from django.db import connections
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from matching import engine
from matching.selectors import (
    KANDIDAAT_KOLOMMEN,
    beroep_vaardigheden,
    in_doelgroepregister,
    met_vindbaar_profiel,
    pc4_coordinaten,
    vaardigheid_beroepen,
)

logger = logging.getLogger(__name__)

TERUGKIJKEN = datetime.timedelta(minutes=2)  # longer than any transaction that writes kandidaten
HERBOUW_NA_SECONDEN = 6 * 3600
KANDIDATEN_PER_RONDE = 25
MAX_SEGMENTEN = 16
CONTRACT_CODES = {c: i for i, c in enumerate(engine.CONTRACTEN, start=1)}


class Kolommen:
    """Findable kandidaten as columns, sorted by (regio, id)."""

    def __init__(self, kolommen, vaardigheden, beroepen):
        for naam, waarden in kolommen.items():
            setattr(self, naam, waarden)
        self.n = n = len(self.ids)
        self._rijbewijs_cache = {}
        self.lat_rad, self.lon_rad = np.radians(self.lat), np.radians(self.lon)
        self.cos_lat = np.cos(self.lat_rad)

        # Region slices.
        self.regio_bereik = {}
        if n:
            grenzen = np.flatnonzero(np.diff(self.regio)) + 1
            starts = np.concatenate(([0], grenzen))
            ends = np.concatenate((grenzen, [n]))
            self.regio_bereik = {int(self.regio[a]): (int(a), int(b)) for a, b in zip(starts, ends)}

        # Position of an id.
        self._id_volgorde = np.argsort(self.ids, kind="stable")
        self._ids_gesorteerd = self.ids[self._id_volgorde]
        self.vaardigheid_ptr, self.vaardigheid_idx = self._csr(vaardigheden)
        self.beroep_ptr, self.beroep_idx = self._csr(beroepen)
        # Inverted index: for each skill the positions that have it, ascending.
        volgorde = np.argsort(self.vaardigheid_idx, kind="stable")
        rij_van = np.repeat(np.arange(n, dtype=np.int64), np.diff(self.vaardigheid_ptr))
        self.post_vaardigheid = self.vaardigheid_idx[volgorde]
        self.post_positie = rij_van[volgorde]

    def posities(self, ids):
        """Positions of these ids (ids not in the index are left out)."""
        ids = np.asarray(ids, dtype=np.int64)
        if not self.n or not len(ids):
            return np.empty(0, dtype=np.int64)
        plek = np.searchsorted(self._ids_gesorteerd, ids)
        plek = np.minimum(plek, self.n - 1)
        gevonden = self._ids_gesorteerd[plek] == ids
        return self._id_volgorde[plek[gevonden]]

    def _csr(self, paren):
        """Pairs (kandidaat id, value) -> (ptr, values) in position order."""
        if not len(paren):
            return np.zeros(self.n + 1, dtype=np.int64), np.empty(0, dtype=np.int64)
        paren = np.asarray(paren, dtype=np.int64).reshape(-1, 2)
        pos = np.searchsorted(self._ids_gesorteerd, paren[:, 0])
        pos = np.minimum(pos, max(self.n - 1, 0))
        bekend = self._ids_gesorteerd[pos] == paren[:, 0]
        rij = self._id_volgorde[pos[bekend]]
        waarden = paren[bekend, 1]
        volgorde = np.argsort(rij, kind="stable")
        rij, waarden = rij[volgorde], waarden[volgorde]
        ptr = np.zeros(self.n + 1, dtype=np.int64)
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


# Short texts (rijbewijs, uitkering) as small numbers; the same text always gets the same code in a process.
TEKSTCODES = {}


def _tekstcode(tekst):
    return TEKSTCODES.setdefault(tekst or "", len(TEKSTCODES))


def _naar_kolommen(rijen, pc4, vandaag):
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


def _rijen(queryset, chunk=20000):
    """The rows of a values_list queryset straight from the cursor (no model machinery per row)."""
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        while deel := cursor.fetchmany(chunk):
            yield from deel


def _tijdstip(waarde):
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


def _lees(kandidaten, chunk=50000):
    """Columns and (id, value) pairs for a queryset of kandidaten, in chunks (memory stays flat)."""
    from werkzoekenden.models import Kandidaat

    pc4, vandaag = pc4_coordinaten(), timezone.localdate()
    velden = ("pk", "regio_id", *KANDIDAAT_KOLOMMEN[1:], "werkfit", "uitkering")
    delen, rijen = [], []
    for rij in kandidaten.order_by("regio_id", "pk").values_list(*velden).iterator(chunk_size=chunk):
        rijen.append(rij)
        if len(rijen) >= chunk:
            delen.append(_naar_kolommen(rijen, pc4, vandaag))
            rijen = []
    delen.append(_naar_kolommen(rijen, pc4, vandaag))
    kolommen = {naam: np.concatenate([d[naam] for d in delen]) for naam in delen[0]}
    subquery = kandidaten.order_by().values("pk")
    vaardigheden = _paren(Kandidaat.vaardigheden.through.objects.filter(kandidaat__in=subquery).values_list(
        "kandidaat_id", "vaardigheid_id"))
    beroepen = _paren(Kandidaat.gewenste_beroepen.through.objects.filter(kandidaat__in=subquery).values_list(
        "kandidaat_id", "beroep_id"))
    return kolommen, vaardigheden, beroepen


def _bouw(kandidaten):
    return Kolommen(*_lees(kandidaten))


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


class KandidaatIndex:
    """The per-process index: a base built once, plus an overlay of what changed since."""

    def __init__(self):
        self.lock = threading.RLock()
        self.basis = None
        self.gebouwd_op = 0.0
        self._draad = None
        self._vergeet_basis()

    def _vergeet_basis(self):
        self.verouderd = None  # bool mask over basis: changed since the build
        # What changed since the build, in segments read as the changes came (a change reads only itself);
        # each with its own mask of rows changed again later. Compacted into one when they pile up.
        self.segmenten = []
        self.overlay_ids = set()
        self.gezien = {}  # id -> gewijzigd_op as last read, for what changed lately
        self.watermerk = None  # the newest gewijzigd_op seen
        self.terugblik = None  # wall-clock time of the last look-back
        self.laatste_terugblik = 0.0

    # --- keeping up ------------------------------------------------------------------------------------
    def _nieuwste_wijziging(self):
        from django.db.models import Max

        from werkzoekenden.models import Kandidaat

        return Kandidaat.objects.aggregate(m=Max("gewijzigd_op"))["m"]

    def bouw(self):
        """Build the base from the database (synchronously).

        What changed lately is noted *before* the rows are read: a later change then carries another
        timestamp than noted and is caught up, however its commit interleaves with the reading."""
        from werkzoekenden.models import Kandidaat

        nu = timezone.now()
        watermerk = self._nieuwste_wijziging()
        gezien = dict(_rijen(Kandidaat.objects.filter(gewijzigd_op__gte=nu - TERUGKIJKEN).order_by()
                             .values_list("pk", "gewijzigd_op")))
        start = time.perf_counter()
        basis = _bouw(met_vindbaar_profiel())
        with self.lock:
            self.basis = basis
            self._vergeet_basis()
            self.verouderd = np.zeros(basis.n, dtype=bool)
            self.watermerk, self.terugblik, self.gezien = watermerk, nu, gezien
            self.laatste_terugblik = self.gebouwd_op = time.monotonic()
        logger.info("Matchingindex gebouwd: %s kandidaten in %.1f s", basis.n, time.perf_counter() - start)
        return basis

    def _herbouw_op_achtergrond(self):
        """Build a new base in a thread while the old one (if any) keeps answering."""
        with self.lock:
            if self._draad is not None and self._draad.is_alive():
                return

            def werk():
                try:
                    self.bouw()
                except Exception:  # the old index keeps serving; the next ranking tries again
                    logger.exception("Matchingindex herbouwen mislukt")
                finally:
                    connections.close_all()

            self._draad = threading.Thread(target=werk, name="matchingindex", daemon=True)
            self._draad.start()

    def opwarmen(self):
        """Start building at once (a web worker that just started), so the first ranking need not wait."""
        if self.basis is None:
            self._herbouw_op_achtergrond()

    def bijwerken(self):
        """Catch up with the database: one query when nothing changed."""
        from werkzoekenden.models import Kandidaat

        draad = self._draad
        if self.basis is None and draad is not None and draad.is_alive():
            draad.join()  # warming up already: wait for it rather than build twice
        if self.basis is None:
            self.bouw()
        elif (time.monotonic() - self.gebouwd_op > HERBOUW_NA_SECONDEN
              or len(self.overlay_ids) > max(20000, self.basis.n // 10)):
            self._herbouw_op_achtergrond()
        with self.lock:
            qs = Kandidaat.objects.all()
            if time.monotonic() - self.laatste_terugblik >= settings.MATCHING_TERUGBLIK_SECONDEN:
                # A change that committed since the last look-back was stamped at most TERUGKIJKEN before
                # that look-back (a transaction takes less); so this window holds every late commit.
                nu = timezone.now()
                qs = qs.filter(gewijzigd_op__gte=self.terugblik - TERUGKIJKEN)
                self.terugblik, self.laatste_terugblik = nu, time.monotonic()
                if len(self.gezien) > 50000:
                    grens = self.terugblik - 2 * TERUGKIJKEN
                    self.gezien = {pk: ts for pk, ts in self.gezien.items() if _tijdstip(ts) >= grens}
            elif self.watermerk is not None:
                qs = qs.filter(gewijzigd_op__gt=self.watermerk)
            nieuw = {pk: ts for pk, ts in _rijen(qs.order_by().values_list("pk", "gewijzigd_op"))
                     if self.gezien.get(pk) != ts}
            if not nieuw:
                return
            self.gezien.update(nieuw)
            nieuwste = _tijdstip(max(nieuw.values()))
            self.watermerk = max(nieuwste, self.watermerk) if self.watermerk else nieuwste
            self.verouderd[self.basis.posities(list(nieuw))] = True
            for kolommen, verouderd in self.segmenten:
                verouderd[kolommen.posities(list(nieuw))] = True
            self.overlay_ids |= set(nieuw)
            if len(self.segmenten) >= MAX_SEGMENTEN:
                ids = sorted(self.overlay_ids)
                self.segmenten = []
            else:
                ids = sorted(nieuw)
            kolommen = Kolommen(*_lees_ids(ids))
            if kolommen.n:
                self.segmenten.append((kolommen, np.zeros(kolommen.n, dtype=bool)))

    # --- ranking ---------------------------------------------------------------------------------------
    def kandidaat_ids(self, v, *, regio_id, werkgever_id, gewichten, filters, aantal, overslaan=0):
        """Ids of the best ``aantal`` kandidaten after the first ``overslaan``, by the index; plus the number
        of kandidaten that passed the filters."""
        self.bijwerken()
        with self.lock:
            factor = beroep_factor(v.beroep_id)
            kandidaten_scores, kandidaten_ids, bekeken = [], [], 0
            for kolommen, verouderd in [(self.basis, self.verouderd), *self.segmenten]:
                if kolommen is None or not kolommen.n:
                    continue
                if regio_id is None:
                    a, b = 0, kolommen.n
                else:
                    a, b = kolommen.regio_bereik.get(regio_id, (0, 0))
                if a == b:
                    continue
                masker = kolommen.filtermasker(a, b, v, filters)
                masker &= ~verouderd[a:b]
                bekeken += int(masker.sum())
                scores = kolommen.scores(v, gewichten, factor, a, b)
                posities = np.flatnonzero(masker)
                kandidaten_scores.append(scores[posities])
                kandidaten_ids.append(kolommen.ids[a:b][posities])
            if not kandidaten_scores:
                return [], 0
            scores = np.concatenate(kandidaten_scores)
            ids = np.concatenate(kandidaten_ids)
            nodig = min(len(scores), overslaan + aantal)
            if nodig == 0:
                return [], bekeken
            # The best `nodig` by (score desc, id asc); scores rounded so float noise cannot reorder ties.
            afgerond = np.round(scores, 9)
            grens = -np.partition(-afgerond, nodig - 1)[nodig - 1]
            kandidaat = np.flatnonzero(afgerond >= grens)
            volgorde = np.lexsort((ids[kandidaat], -afgerond[kandidaat]))
            gekozen = ids[kandidaat[volgorde]][overslaan:nodig]
            return [int(i) for i in gekozen], bekeken


def _lees_ids(ids):
    """Columns for these kandidaten (those still findable), sorted by (regio, id) like the base."""
    delen = [_lees(met_vindbaar_profiel().filter(pk__in=ids[start:start + 5000]))
             for start in range(0, len(ids), 5000)] or [_lees(met_vindbaar_profiel().none())]
    kolommen = {naam: np.concatenate([d[0][naam] for d in delen]) for naam in delen[0][0]}
    volgorde = np.lexsort((kolommen["ids"], kolommen["regio"]))
    kolommen = {naam: waarden[volgorde] for naam, waarden in kolommen.items()}
    return kolommen, np.concatenate([d[1] for d in delen]), np.concatenate([d[2] for d in delen])


_FACTOR_CACHE = {}


def beroep_factor(beroep_id):
    """For every beroep id: what it is worth towards a vacature for ``beroep_id`` (1 for the same occupation,
    else min(1, 2 x Jaccard of essential skills), exactly as ``engine.score``)."""
    per_beroep = beroep_vaardigheden()
    grootte = max(per_beroep, default=0) + 1
    if beroep_id is not None:
        grootte = max(grootte, beroep_id + 1)
    sleutel = (beroep_id, grootte)
    if sleutel in _FACTOR_CACHE:
        return _FACTOR_CACHE[sleutel]
    factor = np.zeros(grootte)
    if beroep_id is not None:
        eigen = per_beroep.get(beroep_id, frozenset())
        gedeeld = {}
        for v in eigen:
            for b in vaardigheid_beroepen().get(v, ()):
                gedeeld[b] = gedeeld.get(b, 0) + 1
        for b, overlap in gedeeld.items():
            factor[b] = min(1.0, overlap / (len(eigen) + len(per_beroep[b]) - overlap) * 2)
        factor[beroep_id] = 1.0
    if len(_FACTOR_CACHE) > 5000:
        _FACTOR_CACHE.clear()
    _FACTOR_CACHE[sleutel] = factor
    return factor


_INDEX = KandidaatIndex()


def index():
    return _INDEX


def vergeet():
    """Drop this process's index (tests, and after loading data outside the portal)."""
    global _INDEX
    _INDEX = KandidaatIndex()
    _FACTOR_CACHE.clear()
