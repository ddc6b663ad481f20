"""The other direction: open vacatures as numpy columns, so a kandidaat's matches are not found by scoring every
open vacature in Python.

The same rules as the kandidaat index (``matching.index``): each process holds its own copy, catches up before
every ranking with one query on ``Vacature.gewijzigd_op`` (kept moving by skills, status and the werkgever's
openness, see ``matching.signals``), looks back ``TERUGKIJKEN`` every few seconds for late commits, and only
*proposes*: the proposals are read again from the database (still open, still in the region) and scored exactly
by ``engine.score``, which also explains. There are about 10,000 open vacatures in the country, so the base is
read in a fraction of a second; what changed since is masked in the base and scored from a small overlay built
from fresh rows; when the overlay grows, a new base is built in a thread while the old one keeps answering.
"""

import logging
import threading
import time

import numpy as np
from django.db import connections

from matching import engine
from matching.index.bijhouden import beroep_factor
from matching.index.inhalen import Inhalen
from matching.index.kolommen import rijen
from matching.selectors import open_stempels, pc4_coordinaten, vacature_profiel_uit, vacature_profielen
from werkgevers.models import Vacature

logger = logging.getLogger(__name__)

HERBOUW_NA_SECONDEN = 3600
MAX_GEZIEN = 20000
# Proposals beyond the top, read and scored in the same round: the check in the database drops only who changed or
# withdrew consent since the index caught up, so a few suffice; a round that comes short asks for the next ones.
VACATURES_PER_RONDE = 5

# Short texts (contract, rijbewijs) as small numbers; "" is always 0 ("not asked").
_CODES = {"": 0}


def _code(tekst):
    return _CODES.setdefault(tekst or "", len(_CODES))


_VELDEN = ("pk", "regio_id", "beroep_id", "postcode", "uren_per_week", "rijbewijs", "startdatum", "contracttype",
           "taalniveau", "werkgever__open_doelgroepregister", "gewijzigd_op")


def open_vacatures():
    return Vacature.objects.filter(status=Vacature.Status.OPEN)


class VacatureKolommen:
    """Open vacatures as columns, sorted by (regio, id): a region is one slice."""

    def __init__(self, vacatures):
        pc4 = pc4_coordinaten()
        rij = sorted(vacatures.order_by().values_list(*_VELDEN), key=lambda r: (r[1], r[0]))
        self.n = n = len(rij)
        coords = [pc4.get((r[3] or "")[:4], (np.nan, np.nan)) for r in rij]
        self.ids = np.fromiter((r[0] for r in rij), dtype=np.int64, count=n)
        self.regio = np.fromiter((r[1] for r in rij), dtype=np.int64, count=n)
        self.beroep = np.fromiter((-1 if r[2] is None else r[2] for r in rij), dtype=np.int64, count=n)
        lat = np.fromiter((c[0] for c in coords), dtype=np.float64, count=n)
        lon = np.fromiter((c[1] for c in coords), dtype=np.float64, count=n)
        self.lat_rad, self.lon_rad = np.radians(lat), np.radians(lon)
        self.cos_lat = np.cos(self.lat_rad)
        self.uren = np.fromiter((r[4] for r in rij), dtype=np.float64, count=n)
        self.rijbewijs = np.fromiter((_code(r[5]) for r in rij), dtype=np.int64, count=n)
        self.start = np.fromiter((r[6].toordinal() if r[6] else 0 for r in rij), dtype=np.int64, count=n)
        self.contract = np.fromiter((_code(r[7]) for r in rij), dtype=np.int64, count=n)
        self.taal = np.fromiter((engine.TAALNIVEAUS.index(r[8]) if r[8] in engine.TAALNIVEAUS else 0 for r in rij),
                                dtype=np.int64, count=n)
        self.doelgroep = np.fromiter((-1 if r[9] is None else int(r[9]) for r in rij), dtype=np.int8, count=n)

        self.regio_bereik = {}
        if n:
            grenzen = np.flatnonzero(np.diff(self.regio)) + 1
            starts, ends = np.concatenate(([0], grenzen)), np.concatenate((grenzen, [n]))
            self.regio_bereik = {int(self.regio[a]): (int(a), int(b)) for a, b in zip(starts, ends)}
        self._id_volgorde = np.argsort(self.ids, kind="stable")
        self._ids_gesorteerd = self.ids[self._id_volgorde]
        ids = vacatures.order_by().values("pk")
        vereist = self._paren(Vacature.vereiste_vaardigheden.through.objects.filter(vacature_id__in=ids))
        gewenst = self._paren(Vacature.gewenste_vaardigheden.through.objects.filter(vacature_id__in=ids))
        self.vereist, self.gewenst = self._csr(vereist), self._csr(gewenst)
        # The engine's profile of each row, with the stamp it was read at: a proposal whose stamp is still the
        # same in the database needs no second read (``VacatureIndex.profielen``).
        per_vacature = ({}, {})
        for paren, doel in ((vereist, per_vacature[0]), (gewenst, per_vacature[1])):
            for vacature_id, vaardigheid in paren.tolist():
                doel.setdefault(vacature_id, []).append(vaardigheid)
        self.profielen = {
            r[0]: (vacature_profiel_uit(r[0], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9],
                                     vereist=per_vacature[0].get(r[0], ()), gewenst=per_vacature[1].get(r[0], ())),
                   r[10])
            for r in rij}

    def posities(self, ids):
        ids = np.asarray(list(ids), dtype=np.int64)
        if not self.n or not len(ids):
            return np.empty(0, dtype=np.int64)
        plek = np.minimum(np.searchsorted(self._ids_gesorteerd, ids), self.n - 1)
        return self._id_volgorde[plek[self._ids_gesorteerd[plek] == ids]]

    def _paren(self, koppelingen):
        """(vacature id, skill id) of the vacatures in this index (one that left between the reads is left out)."""
        paren = np.array(list(rijen(koppelingen.values_list("vacature_id", "vaardigheid_id"))),
                         dtype=np.int64).reshape(-1, 2)
        return paren[np.isin(paren[:, 0], self.ids)]

    def _csr(self, paren):
        """(ptr, skill ids, row of each entry) in position order."""
        rij = self.posities(paren[:, 0]) if self.n else np.empty(0, dtype=np.int64)
        volgorde = np.argsort(rij, kind="stable")
        rij, waarden = rij[volgorde], paren[volgorde, 1]
        ptr = np.zeros(self.n + 1, dtype=np.int64)
        np.add.at(ptr, rij + 1, 1)
        return np.cumsum(ptr), waarden, rij

    @staticmethod
    def _aantal(csr, vaardigheden, a, b):
        """Per position in [a, b): how many of its skills the kandidaat has, and how many it lists."""
        ptr, waarden, rij = csr
        lo, hi = ptr[a], ptr[b]
        heeft = np.isin(waarden[lo:hi], vaardigheden)
        return np.bincount(rij[lo:hi][heeft] - a, minlength=b - a), np.diff(ptr[a:b + 1])

    def km(self, k: engine.KandidaatProfiel, a, b):
        """``engine.afstand_km`` from the kandidaat to the vacatures at positions [a, b) (NaN where a vacature's
        place is unknown); None when the kandidaat's own place is unknown."""
        if k.lat is None or k.lon is None:
            return None
        f1 = np.radians(k.lat)
        df = self.lat_rad[a:b] - f1
        dl = self.lon_rad[a:b] - np.radians(k.lon)
        h = np.sin(df / 2) ** 2 + np.cos(f1) * self.cos_lat[a:b] * np.sin(dl / 2) ** 2
        return 2 * 6371.0 * np.arcsin(np.sqrt(h))

    def scores(self, k: engine.KandidaatProfiel, g, factor, a, b):
        """``engine.score(v, k).totaal`` for every vacature at positions [a, b), and ``.past``."""
        n = b - a
        punten, maximum = np.zeros(n), np.zeros(n)
        vaardigheden = np.fromiter(k.vaardigheden, dtype=np.int64, count=len(k.vaardigheden))

        beroep = self.beroep[a:b]
        if len(factor) <= max(int(beroep.max(initial=-1)), 0):
            factor = np.pad(factor, (0, int(beroep.max()) + 1 - len(factor)))
        punten += np.where(beroep < 0, g["beroep"] / 2, g["beroep"] * factor[np.maximum(beroep, 0)])
        maximum += g["beroep"]

        heeft, aantal = self._aantal(self.vereist, vaardigheden, a, b)
        met = aantal > 0
        dekking = np.divide(heeft, aantal, out=np.zeros(n), where=met)
        punten += np.where(met, g["vereist"] * dekking ** 2, g["vereist"])
        maximum += g["vereist"]
        past = heeft == aantal
        gewenst, aantal = self._aantal(self.gewenst, vaardigheden, a, b)
        met = aantal > 0
        punten += np.divide(g["gewenst"] * gewenst, aantal, out=np.zeros(n), where=met)
        maximum += np.where(met, g["gewenst"], 0)

        km = self.km(k, a, b)
        if km is not None:
            max_km = k.max_km or engine.STANDAARD_MAX_KM
            binnen = km <= max_km  # False where a coordinate is unknown (nan)
            punten += np.where(binnen, g["afstand"] * (1 - 0.5 * km / max_km), 0)
        maximum += g["afstand"]

        uren = self.uren[a:b]
        if k.uren:
            punten += g["uren"] * np.minimum(k.uren, uren) / np.maximum(k.uren, uren)
        else:
            punten += g["uren"] / 2
        maximum += g["uren"]

        if k.contracttype:
            contract = self.contract[a:b]
            telt = contract > 0
            punten += np.where(telt & (contract == _CODES.get(k.contracttype, -1)), g["contract"], 0)
            maximum += np.where(telt, g["contract"], 0)
        if k.beschikbaar_per:
            start = self.start[a:b]
            telt = start > 0
            punten += np.where(telt & (k.beschikbaar_per.toordinal() <= start), g["start"], 0)
            maximum += np.where(telt, g["start"], 0)

        rijbewijs = self.rijbewijs[a:b]
        heeft_rijbewijs = np.array([bool(t) and t in (k.rijbewijs or "") for t in _CODES])[rijbewijs]
        telt = rijbewijs > 0
        punten += np.where(telt & heeft_rijbewijs, g["rijbewijs"], 0)
        maximum += np.where(telt, g["rijbewijs"], 0)
        past &= ~telt | heeft_rijbewijs

        taal = self.taal[a:b]
        telt = taal > 0
        if not k.taalniveau:
            punten += np.where(telt, g["taal"] / 2, 0)
        else:
            genoeg = k.taalniveau >= taal
            punten += np.where(telt & genoeg, g["taal"], 0)
            past &= ~telt | genoeg
        maximum += np.where(telt, g["taal"], 0)

        if k.doelgroepregister:
            doelgroep = self.doelgroep[a:b]
            punten += np.where(doelgroep == 1, g["doelgroep"], 0)
            maximum += np.where(doelgroep >= 0, g["doelgroep"], 0)

        return np.divide(100 * punten, maximum, out=np.zeros(n), where=maximum > 0), past


def kandidaat_factor(beroepen):
    """For every beroep id: what a vacature for it is worth to a kandidaat wishing ``beroepen`` (1 for a wished
    occupation, else the best min(1, 2 x Jaccard) over the wishes, exactly as ``engine.score``)."""
    factor = np.zeros(0)
    for b in beroepen:
        eigen = beroep_factor(b)
        if len(eigen) > len(factor):
            factor = np.pad(factor, (0, len(eigen) - len(factor)))
        factor[:len(eigen)] = np.maximum(factor[:len(eigen)], eigen)
    return factor if len(factor) else np.zeros(1)


class VacatureIndex:
    """The open vacatures of this process: a base built at once, plus an overlay of what changed since."""

    def __init__(self):
        self.lock = threading.RLock()
        self.basis = None
        self._draad = None
        self.gebouwd_op = 0.0
        self._vergeet_basis()

    def _vergeet_basis(self):
        self.verouderd = None
        self.overlay, self.overlay_ids = None, set()
        self.inhalen = Inhalen(Vacature, max_gezien=MAX_GEZIEN)

    def bouw(self):
        """Build the base (synchronously). What changed lately is noted before the rows are read, so a change
        committed while reading carries a newer stamp and is caught up."""
        inhalen = Inhalen.voor_bouw(Vacature, max_gezien=MAX_GEZIEN)
        start = time.perf_counter()
        basis = VacatureKolommen(open_vacatures())
        with self.lock:
            self.basis = basis
            self._vergeet_basis()
            self.verouderd = np.zeros(basis.n, dtype=bool)
            self.inhalen = inhalen
            self.gebouwd_op = time.monotonic()
        logger.info("Vacature-index gebouwd: %s open vacatures in %.2f s", basis.n, time.perf_counter() - start)
        return basis

    def _herbouw_op_achtergrond(self):
        with self.lock:
            if self._draad is not None and self._draad.is_alive():
                return

            def werk():
                try:
                    self.bouw()
                except Exception:  # the old index keeps serving; the next ranking tries again
                    logger.exception("Vacature-index herbouwen mislukt")
                finally:
                    connections.close_all()

            self._draad = threading.Thread(target=werk, name="vacature-index", daemon=True)
            self._draad.start()

    def opwarmen(self):
        if self.basis is None:
            self._herbouw_op_achtergrond()

    def bijwerken(self):
        """Catch up with the database: one query when nothing changed."""
        draad = self._draad
        if self.basis is None and draad is not None and draad.is_alive():
            draad.join()
        if self.basis is None:
            self.bouw()
        elif (time.monotonic() - self.gebouwd_op > HERBOUW_NA_SECONDEN
              or len(self.overlay_ids) > max(500, self.basis.n // 20)):
            self._herbouw_op_achtergrond()
        with self.lock:
            nieuw = self.inhalen.nieuw()
            if not nieuw:
                return
            self.verouderd[self.basis.posities(nieuw)] = True
            self.overlay_ids |= set(nieuw)
            # Few vacatures change between builds: the overlay is read again whole, in three queries.
            self.overlay = VacatureKolommen(open_vacatures().filter(pk__in=sorted(self.overlay_ids)))

    def profielen(self, ids, regio_id=None, *, niet_aangenomen=None):
        """The engine's profiles of these proposals that are still open (and in region ``regio_id``): one query
        for their current ``gewijzigd_op``; a proposal whose stamp differs from the one the index read (changed
        since, in a process that has not caught up) is read again from the database. ``niet_aangenomen``: a
        kandidaat's id, whose hired vacatures are left out (``open_stempels``)."""
        actueel = open_stempels(ids, regio_id, niet_aangenomen=niet_aangenomen)
        profielen, opnieuw = [], []
        with self.lock:
            delen = [d for d in (self.overlay, self.basis) if d is not None]  # the overlay is the newer
            for pk, stempel in actueel.items():
                gevonden = next((d.profielen[pk] for d in delen if pk in d.profielen), None)
                if gevonden is not None and gevonden[1] == stempel:
                    profielen.append(gevonden[0])
                else:
                    opnieuw.append(pk)
        if opnieuw:
            vacatures = open_vacatures().filter(pk__in=opnieuw)
            profielen += vacature_profielen(vacatures if regio_id is None else vacatures.filter(regio_id=regio_id))
        return profielen

    def vacature_ids(self, k: engine.KandidaatProfiel, *, regio_id, gewichten, aantal, overslaan=0,
                     binnen_reisafstand=False):
        """Ids of the best ``aantal`` open vacatures for this kandidaat after the first ``overslaan`` (order of
        ``engine.volgorde``: who fits every hard requirement first, then score, then id); plus how many open
        vacatures were looked at. ``binnen_reisafstand``: only those no farther than the kandidaat wants to
        travel (``engine.binnen_reisafstand``)."""
        self.bijwerken()
        with self.lock:
            factor = kandidaat_factor(k.beroepen)
            alle_scores, alle_ids, bekeken = [], [], 0
            delen = [(self.basis, self.verouderd)]
            if self.overlay is not None:
                delen.append((self.overlay, None))
            for kolommen, verouderd in delen:
                if not kolommen.n:
                    continue
                a, b = (0, kolommen.n) if regio_id is None else kolommen.regio_bereik.get(regio_id, (0, 0))
                if a == b:
                    continue
                totaal, past = kolommen.scores(k, gewichten, factor, a, b)
                # Rounded so float noise cannot reorder ties; 1000 lifts who fits above every score (0-100).
                scores = np.round(totaal, 9) + 1000 * past
                posities = np.arange(b - a) if verouderd is None else np.flatnonzero(~verouderd[a:b])
                bekeken += len(posities)
                if binnen_reisafstand and (km := kolommen.km(k, a, b)) is not None:
                    # NaN (place unknown) is not ruled out, as in the engine.
                    posities = posities[~(km[posities] > (k.max_km or engine.STANDAARD_MAX_KM))]
                alle_scores.append(scores[posities])
                alle_ids.append(kolommen.ids[a:b][posities])
            if not alle_scores:
                return [], 0
            scores, ids = np.concatenate(alle_scores), np.concatenate(alle_ids)
            nodig = min(len(scores), overslaan + aantal)
            if nodig == 0:
                return [], bekeken
            grens = -np.partition(-scores, nodig - 1)[nodig - 1]
            kandidaat = np.flatnonzero(scores >= grens)
            volgorde = np.lexsort((ids[kandidaat], -scores[kandidaat]))
            return [int(i) for i in ids[kandidaat[volgorde]][overslaan:nodig]], bekeken


_INDEX = VacatureIndex()


def vacature_index():
    return _INDEX


def vergeet():
    """Drop this process's vacature index; a build still running in a thread is waited for first, so it cannot
    read a database that is being emptied (tests)."""
    global _INDEX
    draad = _INDEX._draad
    if draad is not None and draad.is_alive():
        draad.join(timeout=60)
    _INDEX = VacatureIndex()
