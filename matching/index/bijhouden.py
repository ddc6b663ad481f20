"""The per-process index: a base built once, what changed since in segments, and catching up."""

import datetime
import logging
import threading
import time

import numpy as np
from django.conf import settings
from django.db import connections
from django.utils import timezone

from matching.index import zoeken
from matching.index.kolommen import Kolommen, bouw_kolommen, lees_ids, rijen, tijdstip
from beroepen.selectors import beroep_vaardigheden, gedeelde_vaardigheden
from matching.selectors import met_vindbaar_profiel
from werkzoekenden.models import Kandidaat

logger = logging.getLogger(__name__)

TERUGKIJKEN = datetime.timedelta(minutes=2)  # longer than any transaction that writes kandidaten
HERBOUW_NA_SECONDEN = 6 * 3600
KANDIDATEN_PER_RONDE = 25
MAX_SEGMENTEN = 16


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

        return Kandidaat.objects.aggregate(m=Max("gewijzigd_op"))["m"]

    def bouw(self):
        """Build the base from the database (synchronously).

        What changed lately is noted *before* the rows are read: a later change then carries another
        timestamp than noted and is caught up, however its commit interleaves with the reading."""
        nu = timezone.now()
        watermerk = self._nieuwste_wijziging()
        gezien = dict(rijen(Kandidaat.objects.filter(gewijzigd_op__gte=nu - TERUGKIJKEN).order_by()
                             .values_list("pk", "gewijzigd_op")))
        start = time.perf_counter()
        basis = bouw_kolommen(met_vindbaar_profiel())
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
                    self.gezien = {pk: ts for pk, ts in self.gezien.items() if tijdstip(ts) >= grens}
            elif self.watermerk is not None:
                qs = qs.filter(gewijzigd_op__gt=self.watermerk)
            nieuw = {pk: ts for pk, ts in rijen(qs.order_by().values_list("pk", "gewijzigd_op"))
                     if self.gezien.get(pk) != ts}
            if not nieuw:
                return
            self.gezien.update(nieuw)
            nieuwste = tijdstip(max(nieuw.values()))
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
            kolommen = Kolommen(*lees_ids(ids))
            if kolommen.n:
                self.segmenten.append((kolommen, np.zeros(kolommen.n, dtype=bool)))

    # --- ranking ---------------------------------------------------------------------------------------
    def kandidaat_ids(self, v, *, regio_id, werkgever_id, gewichten, filters, aantal, overslaan=0):
        """Ids of the best ``aantal`` kandidaten after the first ``overslaan``, by the index; plus the number
        of kandidaten that passed the filters."""
        self.bijwerken()
        with self.lock:
            ids, bekeken = zoeken.beste([(self.basis, self.verouderd), *self.segmenten], v, gewichten=gewichten,
                                        factor=beroep_factor(v.beroep_id), filters=filters, regio_id=regio_id,
                                        nodig=overslaan + aantal)
            return ids[overslaan:], bekeken


_FACTOR_CACHE = {}
_GROOTTE = [None, 0]


def beroep_factor(beroep_id):
    """For every beroep id: what it is worth towards a vacature for ``beroep_id`` (1 for the same occupation,
    else min(1, 2 x Jaccard of essential skills), exactly as ``engine.score``)."""
    per_beroep = beroep_vaardigheden()
    if _GROOTTE[0] is not per_beroep:  # the highest beroep id, once per load of the reference data
        _GROOTTE[:] = [per_beroep, max(per_beroep, default=0) + 1]
    grootte = _GROOTTE[1]
    if beroep_id is not None:
        grootte = max(grootte, beroep_id + 1)
    sleutel = (beroep_id, grootte)
    if sleutel in _FACTOR_CACHE:
        return _FACTOR_CACHE[sleutel]
    factor = np.zeros(grootte)
    if beroep_id is not None:
        eigen = per_beroep.get(beroep_id, frozenset())
        for b, overlap in gedeelde_vaardigheden(eigen).items():
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
