"""Reads of the ESCO reference data; the big maps are built once per process."""

import re

from django.db.models import Q

from beroepen.models import Beroep, BeroepVaardigheid, Vaardigheid, vaardigheid_label

_BEROEP_VAARDIGHEDEN = None
_VAARDIGHEID_BEROEPEN = None
_BEROEP_ISCO = None


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


def beroep_bij_naam(naam):
    """Resolve what someone typed to one beroep: the exact name first, then an exact synonym."""
    naam = (naam or "").strip()
    if not naam:
        return None
    beroep = Beroep.objects.filter(naam__iexact=naam).first()
    if beroep:
        return beroep
    for kandidaat in Beroep.objects.filter(synoniemen__icontains=naam)[:50]:
        if naam.lower() in (s.strip().lower() for s in kandidaat.synoniemen.splitlines()):
            return kandidaat
    return None


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


def beroep_isco():
    global _BEROEP_ISCO
    if _BEROEP_ISCO is None:
        _BEROEP_ISCO = dict(Beroep.objects.values_list("pk", "isco_code"))
    return _BEROEP_ISCO


def vergeet_referentiedata():
    """After (re)loading ESCO: the per-process caches start over."""
    global _BEROEP_VAARDIGHEDEN, _VAARDIGHEID_BEROEPEN, _BEROEP_ISCO
    _BEROEP_VAARDIGHEDEN = _VAARDIGHEID_BEROEPEN = _BEROEP_ISCO = None


def beroepen_uit_werkervaring(werkervaring):
    """Occupations named in the work history, one per line: "Administratief medewerker bij een verzekeraar
    (12 jaar)" -> administratief medewerker (by exact name or synonym; unknown lines are skipped)."""
    gevonden = set()
    for regel in (werkervaring or "").splitlines()[:20]:
        naam = re.split(r"\s+bij\s+|[(,;:]", regel, maxsplit=1)[0].strip()
        beroep = beroep_bij_naam(naam) if len(naam) >= 3 else None
        if beroep is not None:
            gevonden.add(beroep.pk)
    return gevonden
