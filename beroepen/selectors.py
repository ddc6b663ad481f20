"""Reads of the ESCO reference data; the big maps are built once per process."""

import re

import numpy as np
from django.db.models import Q

from beroepen.models import Beroep, BeroepVaardigheid, Vaardigheid, vaardigheid_label
from klantreis.lib.namen import naamvorm

_BEROEP_VAARDIGHEDEN = None
_VAARDIGHEID_BEROEPEN = None
_BEROEP_ISCO = None
_BEROEP_PER_NAAM = None
_BEROEP_PER_NAAMVORM = None
_GEDEELD_ARRAYS = None


def beroepen_zoeken(term, limit=15):
    term = (term or "").strip()
    if len(term) < 2:
        return Beroep.objects.none()
    return Beroep.objects.filter(Q(naam__icontains=term) | Q(synoniemen__icontains=term)).order_by("naam")[:limit]


def vaardigheden_zoeken(term, limit=15):
    """Skills by Dutch name, synonym or English name; those with a Dutch name first."""
    term = (term or "").strip()
    if not term:
        return Vaardigheid.objects.none()
    return Vaardigheid.objects.filter(Q(naam__icontains=term) | Q(synoniemen__icontains=term)
                                      | Q(naam_en__icontains=term)).order_by("alleen_engels", "naam")[:limit]


def vaardigheid_namen(ids):
    """{pk: label} for these skills, English-only ones marked."""
    return {pk: vaardigheid_label(naam, engels) for pk, naam, engels
            in Vaardigheid.objects.filter(pk__in=ids).values_list("pk", "naam", "alleen_engels")}


def beroep_per_naam():
    """{name or synonym in lower case: beroep id}: a name wins over a synonym, and of two beroepen with the same
    name or synonym the first by name. Reference data, loaded once per process: a dossier resolves up to 20 lines
    of work history, and a query per line (an unindexable ``icontains`` over every synonym) cost more than the page.
    """
    global _BEROEP_PER_NAAM
    if _BEROEP_PER_NAAM is None:
        rijen = list(Beroep.objects.order_by("naam", "pk").values_list("pk", "naam", "synoniemen"))
        per_naam = {}
        for pk, naam, _synoniemen in rijen:
            per_naam.setdefault(naam.strip().lower(), pk)
        for pk, _naam, synoniemen in rijen:
            for synoniem in synoniemen.splitlines():
                if synoniem.strip():
                    per_naam.setdefault(synoniem.strip().lower(), pk)
        _BEROEP_PER_NAAM = per_naam
    return _BEROEP_PER_NAAM


def beroep_per_naamvorm():
    """``beroep_per_naam`` by ``naamvorm``: for a source system that writes "concierge" or "industriele kok". A form
    that fits two beroepen is None: ESCO has "chef-patissier" (banketbakker) and "chef-pâtissier" (hoofdbanketbakker),
    "data architect" and "data-architect"; what was typed ("chef pâtissier") does not say which, so none is chosen."""
    global _BEROEP_PER_NAAMVORM
    if _BEROEP_PER_NAAMVORM is None:
        per_vorm = {}
        for naam, pk in beroep_per_naam().items():
            vorm = naamvorm(naam)
            per_vorm[vorm] = pk if per_vorm.get(vorm, pk) == pk else None
        _BEROEP_PER_NAAMVORM = per_vorm
    return _BEROEP_PER_NAAMVORM


def beroep_id_bij_naam(naam):
    """The id of the beroep with this exact name or synonym (any case; else without accents), or None; no query once
    loaded."""
    naam = (naam or "").strip().lower()
    if not naam:
        return None
    pk = beroep_per_naam().get(naam)
    return pk if pk is not None else beroep_per_naamvorm().get(naamvorm(naam))


def beroep_bij_naam(naam):
    """Resolve what someone typed to one beroep: the exact name first, then an exact synonym."""
    pk = beroep_id_bij_naam(naam)
    return Beroep.objects.filter(pk=pk).first() if pk is not None else None


def beroep_vaardigheden():
    """{beroep id: frozenset(essential skill ids)} from ESCO; reference data, loaded once per process."""
    global _BEROEP_VAARDIGHEDEN
    if _BEROEP_VAARDIGHEDEN is None:
        per_beroep = {}
        for b, v in BeroepVaardigheid.objects.filter(essentieel=True).values_list("beroep_id", "vaardigheid_id"):
            per_beroep.setdefault(b, set()).add(v)
        _BEROEP_VAARDIGHEDEN = {b: frozenset(v) for b, v in per_beroep.items()}
    return _BEROEP_VAARDIGHEDEN


def vaardigheid_beroepen():
    """{skill id: [beroep ids that need it]}: the inverse of ``beroep_vaardigheden``, once per process."""
    global _VAARDIGHEID_BEROEPEN
    if _VAARDIGHEID_BEROEPEN is None:
        inverse = {}
        for beroep, vaardigheden in beroep_vaardigheden().items():
            for v in vaardigheden:
                inverse.setdefault(v, []).append(beroep)
        _VAARDIGHEID_BEROEPEN = inverse
    return _VAARDIGHEID_BEROEPEN


def gedeelde_vaardigheden(vaardigheden):
    """{beroep id: how many of these skills its essential skills include}, for beroepen sharing at least one."""
    per_vaardigheid = vaardigheid_beroepen()
    gedeeld = {}
    for v in vaardigheden:
        for b in per_vaardigheid.get(v, ()):
            gedeeld[b] = gedeeld.get(b, 0) + 1
    return gedeeld


def gedeeld_per_beroep(vaardigheden, per_beroep=None):
    """``gedeelde_vaardigheden`` as arrays indexed by beroep id (``max beroep id + 1`` long): how many of these skills
    each beroep's essential skills include, and how many essential skills each beroep has. ``per_beroep``: the
    ``beroep_vaardigheden()`` the caller works with (so that a reload of the reference data in between cannot mix
    two versions); by default the current one.

    One ``bincount`` over the beroepen of each skill instead of a dict filled one beroep at a time: a vacature's
    beroep shares skills with hundreds of others, and ``beroep_factor`` worked that out in Python the first time a
    process ranked for a beroep (0.085 ms a beroep, now 0.015 ms; docs/benchmarks.md, negenenveertigste sessie)."""
    global _GEDEELD_ARRAYS
    if per_beroep is None:
        per_beroep = beroep_vaardigheden()
    bewaard = _GEDEELD_ARRAYS  # once: another thread may replace it meanwhile
    if bewaard is None or bewaard[0] is not per_beroep:
        aantallen = np.zeros(max(per_beroep, default=0) + 1, dtype=np.int64)
        inverse = {}
        for b, eigen in per_beroep.items():
            aantallen[b] = len(eigen)
            for v in eigen:
                inverse.setdefault(v, []).append(b)
        aantallen.flags.writeable = False
        bewaard = _GEDEELD_ARRAYS = (per_beroep, {v: np.array(bs, dtype=np.int64) for v, bs in inverse.items()},
                                     aantallen)
    _per_beroep, per_vaardigheid, aantallen = bewaard
    lijsten = [per_vaardigheid[v] for v in vaardigheden if v in per_vaardigheid]
    if not lijsten:
        return np.zeros(len(aantallen), dtype=np.int64), aantallen
    return np.bincount(np.concatenate(lijsten), minlength=len(aantallen)), aantallen


def beroep_isco():
    global _BEROEP_ISCO
    if _BEROEP_ISCO is None:
        _BEROEP_ISCO = dict(Beroep.objects.values_list("pk", "isco_code"))
    return _BEROEP_ISCO


def vergeet_referentiedata():
    """After (re)loading ESCO: the per-process caches start over."""
    global _BEROEP_VAARDIGHEDEN, _VAARDIGHEID_BEROEPEN, _BEROEP_ISCO, _BEROEP_PER_NAAM, _BEROEP_PER_NAAMVORM
    global _GEDEELD_ARRAYS
    _BEROEP_VAARDIGHEDEN = _VAARDIGHEID_BEROEPEN = _BEROEP_ISCO = _BEROEP_PER_NAAM = _BEROEP_PER_NAAMVORM = None
    _GEDEELD_ARRAYS = None


def beroepen_uit_werkervaring(werkervaring):
    """Occupations named in the work history, one per line: "Administratief medewerker bij een verzekeraar
    (12 jaar)" -> administratief medewerker (by exact name or synonym; unknown lines are skipped)."""
    gevonden = set()
    for regel in (werkervaring or "").splitlines()[:20]:
        naam = re.split(r"\s+bij\s+|[(,;:]", regel, maxsplit=1)[0].strip()
        beroep_id = beroep_id_bij_naam(naam) if len(naam) >= 3 else None
        if beroep_id is not None:
            gevonden.add(beroep_id)
    return gevonden
