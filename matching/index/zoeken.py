"""Choosing the best kandidaten for a vacature from the columns, without scoring every row when that is not needed.

``engine.volgorde`` ranks whoever fits every hard requirement first, then by score, then by id. That order allows
exact pruning, in steps that each score a small set of rows and prove that no other row can enter the top:

1. **Who can fit.** When the vacature requires skills, only kandidaten with *all* of them can fit: the
   intersection of the inverted skill lists. If at least ``nodig`` of them pass the filters and fit, every other
   kandidaat (who cannot fit, so scores at most 100 without the lift of 1000) ranks below them.
2. **Who shares something.** Kandidaten with none of the vacature's skills and no wished beroep of weight at least
   ``f`` can score at most a bound computed from the weights (their skill parts are zero, their beroep part at most
   ``f``, every other part at its maximum). Score the union of the skill lists and the beroep lists; if the
   ``nodig``-th best key is strictly above that bound, nobody outside can reach the top, not even at a tie. This
   step is tried with few beroep lists first (the highest factors, so the bound is low enough most of the time),
   then with more (``BEROEP_POSTINGEN``).
3. Otherwise every row, as before.

A step whose rows that pass the filters are fewer than ``nodig`` cannot prove anything and is passed over without
scoring them (they are scored again in the next step anyway).

Small parts (the overlay segments) are always scored whole: they are few rows. The answer is the same top, in the
same order, as scoring every row (``matching/tests/test_zoeken.py`` compares the steps with the full scoring).
"""

import threading

import numpy as np

from matching.index.kolommen import Kolommen

# Below this many rows in a part, scoring it whole is cheaper than proving what may be skipped.
KLEIN = 20000
# Wished beroepen taken into step 2, best factor first, until their lists (over the whole country) hold this many
# positions; each budget is one try, the next is taken only when the bound of the one before did not suffice. Most
# vacatures are answered by the first: the related beroepen with the highest factor are few, and whoever shares a
# skill is scored in every try anyway.
BEROEP_POSTINGEN = (4000, 40000)
# Float noise in the bound must never let a row through that could tie: keys are rounded to 9 decimals.
MARGE = 1e-6

_STAP = threading.local()


def laatste_stap():
    """Which step answered this thread's last choice: "passend", "overlap" or "alles" (for the benchmark)."""
    return getattr(_STAP, "naam", None)


def bovengrens_zonder_overlap(v, g, beroep_buiten):
    """The highest key a kandidaat can have who has none of the vacature's skills and wishes no beroep worth
    more than ``beroep_buiten`` (engine.score term by term, every other part at its best)."""
    punten = g["beroep"] / 2 if v.beroep_id is None else g["beroep"] * beroep_buiten
    maximum = g["beroep"]
    punten += 0 if v.vereist else g["vereist"]
    maximum += g["vereist"]
    if v.gewenst:
        maximum += g["gewenst"]
    punten += g["afstand"] + g["uren"]
    maximum += g["afstand"] + g["uren"]
    for deel, gevraagd in (("rijbewijs", v.rijbewijs), ("taal", v.taalniveau)):
        if gevraagd:
            punten += g[deel]
            maximum += g[deel]
    # Contract, start and doelgroep count only where the kandidaat said something: with full points each raises
    # a share of at most 1, without points (or with the werkgever not open) it only lowers it.
    volle = sum(g[deel] for deel, telt in (("contract", bool(v.contracttype)), ("start", bool(v.startdatum)),
                                            ("doelgroep", bool(v.open_doelgroepregister))) if telt)
    punten, maximum = punten + volle, maximum + volle
    score = 100 * punten / maximum if maximum > 0 else 0.0
    # Without required skills someone outside may still fit every hard requirement.
    return score + (0 if v.vereist else 1000)


def _doorsnede(lijsten):
    """Positions on every one of these ascending lists."""
    lijsten = sorted(lijsten, key=len)
    gekozen = lijsten[0]
    for lijst in lijsten[1:]:
        if not len(gekozen) or not len(lijst):
            return np.empty(0, dtype=np.int64)
        plek = np.minimum(np.searchsorted(lijst, gekozen), len(lijst) - 1)
        gekozen = gekozen[lijst[plek] == gekozen]
    return gekozen


def _vereniging(lijsten, a, b):
    """Ascending positions on any of these lists, all within [a, b)."""
    lijsten = [lijst for lijst in lijsten if len(lijst)]
    if not lijsten:
        return np.empty(0, dtype=np.int64)
    if sum(len(lijst) for lijst in lijsten) * 16 < b - a:
        # Few positions in a wide range: sort them and drop repeats (np.unique hashes first, ten times slower here).
        alle = np.sort(np.concatenate(lijsten))
        return alle[np.concatenate(([True], alle[1:] != alle[:-1]))]
    aanwezig = np.zeros(b - a, dtype=bool)
    for lijst in lijsten:
        aanwezig[lijst - a] = True
    return np.flatnonzero(aanwezig) + a


def _verwante_beroepen(factor, kolommen, budget):
    """The wished beroepen worth taking into step 2 (best factor first, while their lists hold at most ``budget``
    positions), and the highest factor among those left out."""
    beroepen, opgeteld = _beroepen_op_factor(factor, kolommen)
    if not len(beroepen):
        return beroepen, 0.0
    binnen = opgeteld <= budget
    binnen[0] = True  # the vacature's own beroep (factor 1) always
    if binnen.all():
        return beroepen, 0.0
    eerste_buiten = int(np.argmin(binnen))
    return beroepen[:eerste_buiten], float(factor[beroepen[eerste_buiten]])


def _beroepen_op_factor(factor, kolommen):
    """The related beroepen best first and the running total of their list lengths. Both are fixed for a vacature's
    beroep (``beroep_factor`` keeps one array per beroep) and these columns, and cost 0.1-0.2 ms to work out: the
    columns keep them per factor array, checked by identity (the entry holds the array, so its id is not reused)."""
    gevonden = kolommen.op_factor.get(id(factor))
    if gevonden is not None and gevonden[0] is factor:
        return gevonden[1], gevonden[2]
    beroepen = np.flatnonzero(factor > 0)
    beroepen = beroepen[np.argsort(-factor[beroepen], kind="stable")]
    lengte = (np.searchsorted(kolommen.post_beroep, beroepen, side="right")
              - np.searchsorted(kolommen.post_beroep, beroepen))
    opgeteld = np.cumsum(lengte)
    beroepen.flags.writeable = opgeteld.flags.writeable = False  # shared by every later ranking: never changed
    if len(kolommen.op_factor) >= 512:
        kolommen.op_factor.clear()
    kolommen.op_factor[id(factor)] = (factor, beroepen, opgeteld)
    return beroepen, opgeteld


class _Deel:
    """One part (the base or an overlay segment) restricted to the region and to who passes the filters."""

    def __init__(self, kolommen: Kolommen, verouderd, a, b, v, filters):
        self.kolommen, self.a, self.b = kolommen, a, b
        self.masker = kolommen.filtermasker(a, b, v, filters)
        self.masker &= ~verouderd[a:b]
        self.bekeken = int(np.count_nonzero(self.masker))

    def aantal_door(self, posities):
        """How many of ``posities`` pass the filters here."""
        return int(np.count_nonzero(self.masker[posities - self.a])) if len(posities) else 0

    def sleutels(self, v, g, factor, posities=None):
        """Keys and ids of the rows that pass (all of them, or those among ``posities``)."""
        if posities is None:
            posities = np.flatnonzero(self.masker) + self.a
        else:
            posities = posities[self.masker[posities - self.a]]
        if not len(posities):
            return np.empty(0), np.empty(0, dtype=np.int64)
        return self.kolommen.sleutels(v, g, factor, posities), self.kolommen.ids[posities]

    def stappen(self, v, g, factor):
        """(name, positions to score, highest key any other row of this part can have) per pruning step; each
        step is computed only when the one before did not suffice."""
        k, a, b = self.kolommen, self.a, self.b
        vereist = [k.postingen(s, a, b) for s in sorted(v.vereist)]
        if vereist:
            # Outside the intersection nobody has every required skill: nobody fits, so no lift of 1000.
            yield "passend", _doorsnede(vereist), 100.0
        lijsten = vereist + [k.postingen(s, a, b) for s in sorted(v.gewenst)]
        if v.beroep_id is None:
            yield "overlap", _vereniging(lijsten, a, b), bovengrens_zonder_overlap(v, g, 0.0)
            return
        for budget in BEROEP_POSTINGEN:
            beroepen, beroep_buiten = _verwante_beroepen(factor, k, budget)
            yield "overlap", _vereniging([*lijsten, k.met_beroep(beroepen, a, b)], a, b), \
                bovengrens_zonder_overlap(v, g, beroep_buiten)
            if not beroep_buiten:  # every related beroep was in: a larger budget takes nothing more
                return


def beste(delen, v, *, gewichten, factor, filters, regio_id, nodig):
    """The ids of the best ``nodig`` kandidaten in the order of ``engine.volgorde``, and how many passed the
    filters. ``delen``: (kolommen, mask of rows changed since) for the base and every overlay segment."""
    gekozen = []
    for kolommen, verouderd in delen:
        if kolommen is None or not kolommen.n:
            continue
        a, b = (0, kolommen.n) if regio_id is None else kolommen.regio_bereik.get(regio_id, (0, 0))
        if a < b:
            gekozen.append(_Deel(kolommen, verouderd, a, b, v, filters))
    bekeken = sum(d.bekeken for d in gekozen)
    _STAP.naam = "alles"
    if not gekozen or not nodig:
        return [], bekeken

    klein = [d.sleutels(v, gewichten, factor) for d in gekozen if d.b - d.a < KLEIN]
    groot = [d for d in gekozen if d.b - d.a >= KLEIN]
    in_klein = sum(len(sleutels) for sleutels, _ in klein)
    # Step by step: all large parts take a step together, so one bound holds for every row left out. A part whose
    # steps are used up keeps its last one (its keys and bound stay valid) until every part's are.
    stappen = [d.stappen(v, gewichten, factor) for d in groot]
    laatste = [None] * len(groot)  # per part: [name, positions, how many pass the filters, keys (once scored), bound]
    while groot:
        nieuw = False
        for i, eigen in enumerate(stappen):
            stap = next(eigen, None)
            if stap is not None:
                naam, posities, buiten = stap
                laatste[i] = [naam, posities, groot[i].aantal_door(posities), None, buiten]
                nieuw = True
        if not nieuw or any(stap is None for stap in laatste):
            break
        if in_klein + sum(stap[2] for stap in laatste) < nodig:
            # Fewer rows than asked for can never prove the top (``_top`` refuses them): not scored, next step.
            # Typically the kandidaten with every required skill of a vacature that requires four.
            continue
        for i, stap in enumerate(laatste):
            if stap[3] is None:
                stap[3] = groot[i].sleutels(v, gewichten, factor, stap[1])
        _STAP.naam = laatste[0][0]
        antwoord = _top([*klein, *(stap[3] for stap in laatste)], nodig,
                        boven=max(stap[4] for stap in laatste) + MARGE)
        if antwoord is not None:
            return antwoord, bekeken
    _STAP.naam = "alles"
    return _top(klein + [d.sleutels(v, gewichten, factor) for d in groot], nodig), bekeken


def _top(delen_sleutels, nodig, *, boven=None):
    """The ids of the best ``nodig`` by (key desc, id asc); None if a bound is given and fewer than ``nodig``
    keys lie strictly above it (then a row that was not scored might belong in the top)."""
    sleutels = np.concatenate([s for s, _ in delen_sleutels]) if delen_sleutels else np.empty(0)
    ids = np.concatenate([i for _, i in delen_sleutels]) if delen_sleutels else np.empty(0, dtype=np.int64)
    nodig_hier = min(len(sleutels), nodig)
    if boven is not None and nodig_hier < nodig:
        return None
    if not nodig_hier:
        return []
    grens = -np.partition(-sleutels, nodig_hier - 1)[nodig_hier - 1]
    if boven is not None and not grens > boven:
        return None
    kandidaat = np.flatnonzero(sleutels >= grens)
    volgorde = np.lexsort((ids[kandidaat], -sleutels[kandidaat]))
    return [int(i) for i in ids[kandidaat[volgorde]][:nodig_hier]]
