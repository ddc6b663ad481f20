"""Rankings as pages and commands use them: the index proposes, the engine scores and explains."""

from dataclasses import dataclass, field

from beroepen.selectors import beroep_vaardigheden
from matching import engine, uitleg
from matching.index import KANDIDATEN_PER_RONDE, Filters, index
from matching.index.vacatures import VACATURES_PER_RONDE, vacature_index
from matching.selectors import (
    kandidaat_profielen,
    matchgewichten,
    profiel_van,
    vacature_profiel,
    voorgestelde_profielen,
)
from matching.selectors import (
    namen as _namen,
)
from werkzoekenden.models import Kandidaat


@dataclass
class Ranglijst:
    resultaten: list = field(default_factory=list)
    bekeken: int = 0
    # Vacatures for a kandidaat: what was scored, for explanations in other words (matching.uitleg).
    kandidaat: object = None
    vacatures: dict = field(default_factory=dict)
    namen: dict = field(default_factory=dict)
    beroepnamen: dict = field(default_factory=dict)


def kandidaten_voor_vacature(vacature, *, top=25, heel_nederland=False, filters=None) -> Ranglijst:
    """The ``top`` kandidaten for this vacature with explanations; only those who may be found for it."""
    filters = filters or Filters()
    gewichten = matchgewichten()
    v = vacature_profiel(vacature)
    regio_id = None if heel_nederland else vacature.regio_id

    # The index proposes; every proposal is read again and checked against consent and filters right now. The
    # kandidaten who shared their profile with this werkgever only (few, not in the index) are read in the same
    # query as the first proposals and scored straight from the database.
    profielen, overslaan, uit_index, bekeken = [], 0, 0, 0
    while True:
        aantal = top + KANDIDATEN_PER_RONDE
        ids, in_index = index().kandidaat_ids(v, regio_id=regio_id, werkgever_id=vacature.werkgever_id,
                                              gewichten=gewichten, filters=filters, aantal=aantal,
                                              overslaan=overslaan)
        voorgesteld = set(ids)
        al = {k.id for k in profielen}
        gelezen = voorgestelde_profielen(vacature, ids, heel_nederland=heel_nederland, filters=filters,
                                         met_extra=not overslaan, bekend=index().koppelingen(ids))
        vers = [k for k in gelezen if filters.laat_door(v, k) and k.id not in al]
        profielen += vers
        uit_index += sum(1 for k in vers if k.id in voorgesteld)
        if not overslaan:
            bekeken = in_index + sum(1 for k in vers if k.id not in voorgesteld)
        if uit_index >= top or len(ids) < aantal:
            break
        overslaan += aantal

    beroepen = {b for k in profielen for b in k.beroepen} | ({v.beroep_id} if v.beroep_id else set())
    vaardigheid_namen, beroepnamen = _namen(v.vereist | v.gewenst, beroepen)
    resultaten = engine.rangschik(v, profielen, top=top, gewichten=gewichten, beroep_vaardigheden=beroep_vaardigheden(),
                                  namen=vaardigheid_namen, beroepnamen=beroepnamen)
    return Ranglijst(resultaten=resultaten, bekeken=bekeken)


def vacatures_voor_kandidaat(kandidaat, *, top=25, heel_nederland=False, binnen_reisafstand=False,
                             zonder_aangenomen=False) -> Ranglijst:
    """The open vacatures that fit this kandidaat best, with the same explanations (scored from the
    vacature's side, so both directions agree). ``binnen_reisafstand``: only those no farther than the kandidaat
    wants to travel (the pages: a region is far wider than most want to travel, and a region with few vacatures
    would otherwise fill the list with work on the islands). ``zonder_aangenomen``: not a vacature she was hired for
    (it may stay open for the werkgever's other places): left out with the proposals, before the top is chosen.

    The vacature index proposes; every proposal is read again (still open, still in the region) and scored
    exactly by the engine, as ``kandidaten_voor_vacature`` does the other way round."""
    gewichten = matchgewichten()
    k = profiel_van(kandidaat)
    regio_id = None if heel_nederland else kandidaat.regio_id
    profielen, overslaan, bekeken = [], 0, 0
    while True:
        aantal = top + VACATURES_PER_RONDE
        ids, in_index = vacature_index().vacature_ids(k, regio_id=regio_id, gewichten=gewichten, aantal=aantal,
                                                      overslaan=overslaan, binnen_reisafstand=binnen_reisafstand)
        if not overslaan:
            bekeken = in_index
        al = {v.id for v in profielen}
        # Read again: a vacature that moved since the index caught up is checked against the distance here.
        profielen += [v for v in vacature_index().profielen(
                          ids, regio_id, niet_aangenomen=kandidaat.pk if zonder_aangenomen else None) if v.id not in al
                      and (not binnen_reisafstand or engine.binnen_reisafstand(v, k))]
        if len(profielen) >= top or len(ids) < aantal:
            break
        overslaan += aantal
    # The proposals are few (top + a margin): scored once, with the names for the explanations.
    namen, beroepnamen = _namen(set().union(*(v.vereist | v.gewenst for v in profielen)),
                                k.beroepen | {v.beroep_id for v in profielen if v.beroep_id})
    per_beroep = beroep_vaardigheden()
    uitgelegd = sorted((engine.score(v, k, gewichten=gewichten, beroep_vaardigheden=per_beroep, namen=namen,
                                     beroepnamen=beroepnamen) for v in profielen), key=_volgorde)[:top]
    gekozen = {r.vacature_id for r in uitgelegd}
    return Ranglijst(resultaten=uitgelegd, bekeken=bekeken, kandidaat=k,
                     vacatures={v.id: v for v in profielen if v.id in gekozen}, namen=namen, beroepnamen=beroepnamen)


def kansen_voor_kandidaat(kandidaat, *, top=10):
    """The open vacatures of the region that fit best, each with what fits and what is missing in the
    werkzoekende's own words ("Mijn kansen"); none farther than they want to travel, nor one she was hired for."""
    ranglijst = vacatures_voor_kandidaat(kandidaat, top=top, binnen_reisafstand=True, zonder_aangenomen=True)
    per_beroep = beroep_vaardigheden()
    return [(r, uitleg.voor_werkzoekende(ranglijst.vacatures[r.vacature_id], ranglijst.kandidaat,
                                         namen=ranglijst.namen, beroepnamen=ranglijst.beroepnamen,
                                         beroep_vaardigheden=per_beroep))
            for r in ranglijst.resultaten]


def _volgorde(r):
    return (not r.past, -r.totaal, r.vacature_id)


def score_voor(vacature, kandidaat):
    """The explained score of one kandidaat for one vacature (for a voordracht's opening text)."""
    v = vacature_profiel(vacature)
    k = kandidaat_profielen(Kandidaat.objects.filter(pk=kandidaat.pk))[0]
    namen, beroepnamen = _namen(v.vereist | v.gewenst, k.beroepen | ({v.beroep_id} if v.beroep_id else set()))
    return engine.score(v, k, gewichten=matchgewichten(), beroep_vaardigheden=beroep_vaardigheden(), namen=namen,
                        beroepnamen=beroepnamen)
