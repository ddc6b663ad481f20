"""The kandidaat index on disk: built once, in versions, mapped read-only by every process of the machine.

Layout of ``settings.MATCHINGINDEX_MAP``::

    current                  the name of the current version (replaced by a rename: never half-written)
    .bouwslot                flock: one build at a time on this machine (released by the kernel if a build dies)
    v20261130T140501-000123-4711/
        meta.json            format, counts, the catch-up state (watermark, look-back, 'gezien'), text codes,
                             the dtype and shape of every array; written last
        <attribute>.npy      every ndarray attribute of ``Kolommen``, derived arrays included

A build writes into ``.tmp-<name>``, fsyncs every file, renames the directory to its name and only then
replaces ``current``. A version is never changed after that, so a process may go on mapping one that a later
build has pruned: Linux keeps an unlinked file's pages for as long as they are mapped. A directory that does
not load (a partial copy, a missing or truncated array, another database, another format) is skipped with a
warning; the newest version that does load is used instead.
"""

import datetime
import fcntl
import json
import logging
import os
import shutil
import time
from contextlib import contextmanager
from pathlib import Path

import numpy as np
from django.conf import settings
from django.db import connection
from django.utils import timezone

from matching.index.inhalen import Inhalen
from matching.index.kolommen import TEKSTCODES, Kolommen, bouw_kolommen
from matching.selectors import met_vindbaar_profiel
from werkzoekenden.models import Kandidaat

logger = logging.getLogger(__name__)

FORMAAT = 2  # raise when the meaning of the files changes: older versions are then skipped and rebuilt
MAX_GEZIEN = 50000
WIJZER = "current"
SLOT = ".bouwslot"
TIJDELIJK = ".tmp-"


class OngeldigeVersie(Exception):
    """A version directory that cannot be used (partial, corrupt, other database or format)."""


def indexmap() -> Path:
    return Path(settings.MATCHINGINDEX_MAP)


def database_sleutel():
    """Which database a version was read from: a version of another database is never mapped (a test database,
    a restored copy beside the original on the same machine)."""
    return f"{connection.vendor}:{connection.settings_dict['NAME']}"


def versies(map_=None):
    """Names of the version directories, oldest first (names sort by build time)."""
    map_ = map_ or indexmap()
    if not map_.is_dir():
        return []
    return sorted(p.name for p in map_.iterdir() if p.is_dir() and p.name.startswith("v"))


def wijzer_stand(map_=None):
    """What identifies the pointer file now (inode and mtime change with every switch), or None without one: one
    ``stat``, cheap enough to ask every few seconds."""
    try:
        s = os.stat((map_ or indexmap()) / WIJZER)
    except FileNotFoundError:
        return None
    return (s.st_ino, s.st_mtime_ns)


def huidige_naam(map_=None):
    try:
        return ((map_ or indexmap()) / WIJZER).read_text().strip() or None
    except FileNotFoundError:
        return None


def laad(naam, map_=None):
    """Map one version read-only: (Kolommen, meta). Raises ``OngeldigeVersie`` when it cannot be used."""
    pad = (map_ or indexmap()) / naam
    try:
        meta = json.loads((pad / "meta.json").read_text())
    except (OSError, ValueError) as fout:
        raise OngeldigeVersie(f"meta.json onleesbaar ({fout})") from fout
    if meta.get("formaat") != FORMAAT:
        raise OngeldigeVersie(f"formaat {meta.get('formaat')!r}, verwacht {FORMAAT}")
    if meta.get("database") != database_sleutel():
        raise OngeldigeVersie(f"gebouwd uit een andere database ({meta.get('database')})")
    arrays = {}
    for attribuut, beschrijving in meta["arrays"].items():
        bestand = pad / f"{attribuut}.npy"
        try:
            # An empty array cannot be mapped (no pages); it is read, which costs nothing.
            waarden = np.load(bestand, mmap_mode="r" if np.prod(beschrijving["shape"]) else None,
                              allow_pickle=False)
        except (OSError, ValueError) as fout:
            raise OngeldigeVersie(f"{bestand.name} onleesbaar ({fout})") from fout
        if str(waarden.dtype) != beschrijving["dtype"] or list(waarden.shape) != beschrijving["shape"]:
            raise OngeldigeVersie(f"{bestand.name} heeft {waarden.dtype}{list(waarden.shape)}, verwacht "
                                  f"{beschrijving['dtype']}{beschrijving['shape']}")
        # A plain ndarray view of the mapping (no copy): slicing a np.memmap costs a Python call per slice.
        arrays[attribuut] = np.asarray(waarden)
    kolommen = Kolommen.uit_arrays(arrays)
    if kolommen.n != meta["aantal"]:
        raise OngeldigeVersie(f"{kolommen.n} kandidaten, meta.json zegt {meta['aantal']}")
    return kolommen, meta


def laad_huidige(map_=None):
    """The current version mapped, as (name, Kolommen, meta); when it does not load, the newest that does
    (each skipped one logged); None when there is none."""
    map_ = map_ or indexmap()
    huidige = huidige_naam(map_)
    kandidaten = ([huidige] if huidige else []) + [n for n in reversed(versies(map_)) if n != huidige]
    for naam in kandidaten:
        try:
            kolommen, meta = laad(naam, map_)
        except OngeldigeVersie as fout:
            logger.warning("Matchingindex-versie %s overgeslagen: %s", naam, fout)
            continue
        return naam, kolommen, meta
    return None


@contextmanager
def _bouwslot(map_, wacht):
    """One build at a time on this machine; yields whether this build had to wait for another one."""
    with open(map_ / SLOT, "a+") as slot:
        gewacht = False
        try:
            fcntl.flock(slot, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not wacht:
                yield None
                return
            gewacht = True
            fcntl.flock(slot, fcntl.LOCK_EX)
        try:
            yield gewacht
        finally:
            fcntl.flock(slot, fcntl.LOCK_UN)


def _fsync_map(pad):
    fd = os.open(pad, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _schrijf(map_, naam, kolommen, meta):
    """Write a version beside the others and make it current; nothing is visible before it is complete."""
    tijdelijk = map_ / f"{TIJDELIJK}{naam}"
    tijdelijk.mkdir()
    beschrijving = {}
    for attribuut, waarden in kolommen.arrays().items():
        waarden = np.ascontiguousarray(waarden)
        with open(tijdelijk / f"{attribuut}.npy", "wb") as f:
            np.save(f, waarden, allow_pickle=False)
            f.flush()
            os.fsync(f.fileno())
        beschrijving[attribuut] = {"dtype": str(waarden.dtype), "shape": list(waarden.shape)}
    meta = {**meta, "arrays": beschrijving}
    with open(tijdelijk / "meta.json", "w") as f:
        json.dump(meta, f)
        f.flush()
        os.fsync(f.fileno())
    _fsync_map(tijdelijk)
    os.rename(tijdelijk, map_ / naam)
    wijzer = map_ / f"{TIJDELIJK}{WIJZER}"
    with open(wijzer, "w") as f:
        f.write(naam)
        f.flush()
        os.fsync(f.fileno())
    os.replace(wijzer, map_ / WIJZER)
    _fsync_map(map_)


def _ruim_op(map_, bewaren):
    """Leftovers of builds that died (only a build holding the slot writes, so any temp dir now is one), and all
    but the newest ``bewaren`` versions; the current one always stays."""
    for pad in map_.iterdir():
        if pad.name.startswith(TIJDELIJK):
            logger.info("Matchingindex: overblijfsel van een afgebroken bouw verwijderd: %s", pad.name)
            shutil.rmtree(pad, ignore_errors=True) if pad.is_dir() else pad.unlink(missing_ok=True)
    huidige = huidige_naam(map_)
    oud = [n for n in versies(map_) if n != huidige][:-max(bewaren - 1, 0) or None]
    for naam in oud:
        shutil.rmtree(map_ / naam, ignore_errors=True)


def bouw_versie(*, wacht=True):
    """Build a new version from the database and make it current; returns its name.

    With ``wacht`` a build that finds another one running waits for it and then uses that one's result instead of
    building again; without, it returns None at once (a periodic build that overlaps a running one)."""
    map_ = indexmap()
    map_.mkdir(parents=True, exist_ok=True)
    with _bouwslot(map_, wacht) as gewacht:
        if gewacht is None:
            logger.info("Matchingindex: er loopt al een bouw; deze slaat over")
            return None
        if gewacht and laad_huidige(map_) is not None:
            return huidige_naam(map_)
        _ruim_op(map_, settings.MATCHINGINDEX_BEWAREN)
        start = time.perf_counter()
        stand = Inhalen.voor_bouw(Kandidaat, max_gezien=MAX_GEZIEN)
        vorige = laad_huidige(map_)
        # The previous version's codes first, so a text keeps its number; new texts are numbered after them.
        codes = dict(vorige[2]["tekstcodes"]) if vorige else dict(TEKSTCODES)
        del vorige
        kolommen = bouw_kolommen(met_vindbaar_profiel(), codes=codes)
        gelezen = time.perf_counter() - start
        nu = timezone.now()
        naam = f"v{nu.strftime('%Y%m%dT%H%M%S-%f')}-{os.getpid()}"
        meta = {
            "formaat": FORMAAT,
            "naam": naam,
            "database": database_sleutel(),
            "gebouwd_op": nu.isoformat(),
            "bouwtijd_s": round(gelezen, 3),
            "aantal": kolommen.n,
            "vaardigheden": int(len(kolommen.vaardigheid_idx)),
            "beroepen": int(len(kolommen.beroep_idx)),
            "regio's": len(kolommen.regio_bereik),
            "tekstcodes": codes,
            **stand.naar_meta(),
        }
        _schrijf(map_, naam, kolommen, meta)
        _ruim_op(map_, settings.MATCHINGINDEX_BEWAREN)
    logger.info("Matchingindex-versie %s gebouwd: %s kandidaten in %.1f s (lezen %.1f s)", naam, kolommen.n,
                time.perf_counter() - start, gelezen)
    return naam


def leeftijd(meta):
    """How old a version's data is."""
    return timezone.now() - datetime.datetime.fromisoformat(meta["terugblik"])
