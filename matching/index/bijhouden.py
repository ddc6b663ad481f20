"""Each process's view of the kandidaat index: a mapped on-disk version, what changed since in segments, and
catching up."""

import logging
import threading
import time

import numpy as np
from celery import current_app
from django.conf import settings
from django.db import connections

from beroepen.selectors import beroep_vaardigheden, gedeeld_per_beroep
from matching.index import opslag, zoeken
from matching.index.inhalen import TERUGKIJKEN, Inhalen
from matching.index.kolommen import Kolommen, lees_ids, zet_tekstcodes
from werkzoekenden.models import Kandidaat

logger = logging.getLogger(__name__)

__all__ = ["KANDIDATEN_PER_RONDE", "MAX_SEGMENTEN", "TERUGKIJKEN", "KandidaatIndex", "beroep_factor", "index"]

# Proposals beyond the top, read and scored in the same round: the check in the database drops only who changed or
# withdrew consent since the index caught up, so a few suffice; a round that comes short asks for the next ones.
KANDIDATEN_PER_RONDE = 5
MAX_SEGMENTEN = 16
NIEUWE_VERSIE_HOOGUIT_ELKE = 300  # seconds between two requests for a new version from one process
# By name: matching.tasks imports the index (its build), so the index does not import the task module back.
BOUW_TAAK = "matching.tasks.matchingindex_bouwen_task"
OVERLAY_GROOT = 20000  # kandidaten in the overlay (or a tenth of the base, if more) before a new version is asked


class KandidaatIndex:
    """This process's view: the current on-disk version mapped read-only (``basis``), plus an overlay of what
    changed since that version was read."""

    def __init__(self):
        self.lock = threading.RLock()
        self.basis = None
        self.versie = None  # name of the mapped version
        self._wijzer = None  # the pointer file's identity when last looked at
        self._gekeken_op = 0.0
        self._gevraagd_op = float("-inf")
        self._draad = self._aanvraag = None
        self._vergeet_basis()

    def _vergeet_basis(self):
        self.verouderd = None  # bool mask over basis: changed since the version was read
        # What changed since, in segments read as the changes came (a change reads only itself); each with its own
        # mask of rows changed again later. Compacted into one when they pile up.
        self.segmenten = []
        self.overlay_ids = set()
        self.inhalen = Inhalen(Kandidaat, max_gezien=opslag.MAX_GEZIEN)

    # --- versions --------------------------------------------------------------------------------------
    def _neem(self, naam, basis, meta):
        """Swap to a mapped version (under the lock: a ranking on the old one finishes first, and keeps its own
        references to the old arrays until it returns)."""
        with self.lock:
            self.basis, self.versie = basis, naam
            self._vergeet_basis()
            self.verouderd = np.zeros(basis.n, dtype=bool)
            self.inhalen = Inhalen.uit_meta(Kandidaat, meta, max_gezien=opslag.MAX_GEZIEN)
            zet_tekstcodes(meta["tekstcodes"])
        logger.info("Matchingindex-versie %s in gebruik: %s kandidaten", naam, basis.n)

    def map_huidige(self):
        """Map the current version if it is not the one mapped already; False when there is none at all."""
        self._wijzer = opslag.wijzer_stand()
        self._gekeken_op = time.monotonic()
        gevonden = opslag.laad_huidige()
        if gevonden is None:
            return False
        naam, basis, meta = gevonden
        if naam != self.versie:
            self._neem(naam, basis, meta)
        return True

    def bouw(self):
        """Build a new version (synchronously; or take the one another process finished while this one waited)
        and map it. For small data, tests and a process that found no version at all; at national scale the
        build runs in ``manage.py matchingindex_bouwen`` and the Celery task, never in a web process."""
        opslag.bouw_versie(wacht=True)
        if not self.map_huidige():
            raise opslag.OngeldigeVersie(f"geen bruikbare versie in {opslag.indexmap()} na het bouwen")
        return self.basis

    def _bouw_op_achtergrond(self):
        with self.lock:
            if self._draad is not None and self._draad.is_alive():
                return

            def werk():
                try:
                    self.bouw()
                except Exception:  # the next ranking tries again
                    logger.exception("Matchingindex bouwen mislukt")
                finally:
                    connections.close_all()

            self._draad = threading.Thread(target=werk, name="matchingindex", daemon=True)
            self._draad.start()

    def opwarmen(self):
        """A web worker that just started maps the current version at once (milliseconds); only where there is
        none yet (a fresh clone, tests) it starts building one in the background, so the first ranking waits at
        most for what is left of that build."""
        if self.basis is None and not self.map_huidige():
            self._bouw_op_achtergrond()

    def _vraag_nieuwe_versie(self):
        """The overlay grew large: ask the Celery worker for a new version, from a thread, so no request waits for
        the broker; the process swaps to it when it appears."""
        if time.monotonic() - self._gevraagd_op < NIEUWE_VERSIE_HOOGUIT_ELKE:
            return
        self._gevraagd_op = time.monotonic()

        def vraag():
            try:
                if current_app.conf.task_always_eager:
                    opslag.bouw_versie(wacht=False)  # no workers (tests, a shell): build here, as the task would
                else:
                    current_app.send_task(BOUW_TAAK, ignore_result=True)
            except Exception:  # the process keeps its overlay; beat builds on its own schedule
                logger.exception("Matchingindex: nieuwe versie aanvragen mislukt")
            finally:
                connections.close_all()

        self._aanvraag = threading.Thread(target=vraag, name="matchingindex-aanvraag", daemon=True)
        self._aanvraag.start()

    def _kijk_naar_nieuwe_versie(self):
        if time.monotonic() - self._gekeken_op < settings.MATCHINGINDEX_CONTROLE_SECONDEN:
            return
        self._gekeken_op = time.monotonic()
        stand = opslag.wijzer_stand()
        if stand is not None and stand != self._wijzer:
            self.map_huidige()

    # --- keeping up ------------------------------------------------------------------------------------
    def bijwerken(self):
        """Use the newest version on disk, then catch up with the database: one query when nothing changed."""
        draad = self._draad
        if self.basis is None and draad is not None and draad.is_alive():
            draad.join()  # warming up already: wait for it rather than build twice
        if self.basis is None and not self.map_huidige():
            self.bouw()
        else:
            self._kijk_naar_nieuwe_versie()
        if len(self.overlay_ids) > max(OVERLAY_GROOT, self.basis.n // 10):
            self._vraag_nieuwe_versie()
        with self.lock:
            nieuw = self.inhalen.nieuw()
            if not nieuw:
                return
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

    def koppelingen(self, ids):
        """The skills and wished beroepen of these kandidaten as this process holds them, with the ``gewijzigd_op``
        they were read under: {id: (stempel, vaardigheden, beroepen)}, from the newest segment that holds a
        kandidaat, else the mapped version (``voorgestelde_profielen`` uses them where the row still carries
        that stamp)."""
        gevonden = {}
        with self.lock:
            for kolommen, verouderd in [*reversed(self.segmenten), (self.basis, self.verouderd)]:
                over = [pk for pk in ids if pk not in gevonden]
                if not over or kolommen is None:
                    break
                gevonden.update(kolommen.koppelingen(over, verouderd))
        return gevonden


_FACTOR_CACHE = {}
_GROOTTE = [None, 0]


def beroep_factor(beroep_id):
    """For every beroep id: what it is worth towards a vacature for ``beroep_id`` (1 for the same occupation,
    else min(1, 2 x Jaccard of essential skills), exactly as ``engine.score``)."""
    per_beroep = beroep_vaardigheden()
    bekend, grootte = _GROOTTE
    if bekend is not per_beroep:  # the highest beroep id, once per load of the reference data
        grootte = max(per_beroep, default=0) + 1
        _FACTOR_CACHE.clear()  # factors of the previous reference data
        _GROOTTE[:] = [per_beroep, grootte]
    if beroep_id is not None:
        grootte = max(grootte, beroep_id + 1)
    sleutel = (id(per_beroep), beroep_id, grootte)
    if sleutel in _FACTOR_CACHE:
        return _FACTOR_CACHE[sleutel]
    factor = np.zeros(grootte)
    if beroep_id is not None:
        eigen = per_beroep.get(beroep_id, frozenset())
        gedeeld, aantallen = gedeeld_per_beroep(eigen, per_beroep)
        b = np.flatnonzero(gedeeld)
        # The same operations in the same order as engine.score (a quotient of two whole numbers, times 2), so each
        # value is the same float.
        factor[b] = np.minimum(1.0, gedeeld[b] / (len(eigen) + aantallen[b] - gedeeld[b]) * 2)
        factor[beroep_id] = 1.0
    if len(_FACTOR_CACHE) > 5000:
        _FACTOR_CACHE.clear()
    _FACTOR_CACHE[sleutel] = factor
    return factor


_INDEX = KandidaatIndex()


def index():
    return _INDEX


def vergeet():
    """Drop this process's index (tests, and after loading data outside the portal). A build or a request for a new
    version still running in a thread is waited for first: it holds a database connection of its own, and must
    not read a database that is being emptied or dropped (tests)."""
    global _INDEX
    for draad in (_INDEX._draad, _INDEX._aanvraag):
        if draad is not None and draad.is_alive():
            draad.join(timeout=60)
    _INDEX = KandidaatIndex()
    _FACTOR_CACHE.clear()
