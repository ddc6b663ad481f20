"""Fast ranking of kandidaten for a vacature: a column index on disk, mapped by every process, kept honest by the
database.

Why this shape (figures in docs/benchmarks.md):

* Every findable kandidaat is a row in a few numpy columns, sorted by arbeidsmarktregio so that a region is one
  contiguous slice; skills and wished occupations are CSR lists with an inverted index per skill. Scoring a
  vacature against a region is then a handful of vector operations (the same formula as ``engine.score``),
  the same code on PostgreSQL and SQLite.
* The index is **built once, on disk, in versions** (``matching.index.opslag``: ``manage.py matchingindex_bouwen``
  and a beat task); every process on the machine maps the current version read-only, so the pages are shared
  and a worker that starts needs milliseconds, not the half minute a build takes. A process looks every few
  seconds (one ``stat``) whether a newer version is current and swaps to it; a request never waits for a build.
* Each process **catches up before every ranking**: one indexed query on
  ``Kandidaat.gewijzigd_op`` (kept moving by skills, wishes and consent too, see ``matching.signals``) returns
  what changed; those kandidaten are masked in the base and scored from a small overlay index built from fresh
  rows (``matching.index.inhalen``, the same rules for both directions). Every few seconds
  (``MATCHING_TERUGBLIK_SECONDEN``) the query looks back ``TERUGKIJKEN`` before the newest change it saw, so a
  transaction that commits late is still seen; long bulk writes (the import)
  stamp their rows again after their commit.
* The index only proposes. The best candidates are loaded again from the database, checked against consent
  and filters there, and scored exactly by ``engine.score``, which also writes the explanations. A withdrawn
  consent or a removed dossier can therefore never show up, even in a process that has not caught up.
* The other direction (vacatures for a kandidaat) has its own, much smaller index of open vacatures
  (``matching.index.vacatures``) kept by the same rules; it is read in well under a second, so each process
  still builds its own.
"""

from matching.index import bijhouden, opslag, vacatures, zoeken
from matching.index.bijhouden import (
    KANDIDATEN_PER_RONDE,
    MAX_SEGMENTEN,
    TERUGKIJKEN,
    KandidaatIndex,
    beroep_factor,
    index,
)
from matching.index.kolommen import Filters, Kolommen
from matching.index.vacatures import VacatureIndex, vacature_index

__all__ = ["KANDIDATEN_PER_RONDE", "MAX_SEGMENTEN", "TERUGKIJKEN", "Filters", "KandidaatIndex", "Kolommen",
           "VacatureIndex", "beroep_factor", "index", "opslag", "vacature_index", "vergeet", "zoeken"]


def vergeet():
    """Drop this process's indexes, both directions (tests, and after loading data outside the portal)."""
    bijhouden.vergeet()
    vacatures.vergeet()
