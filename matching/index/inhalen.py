"""Catching up with the database: which rows of a model changed since an index was built.

Both indexes (kandidaten and open vacatures) keep up by the same rules, so the rules live here once:

* before the rows of a build are read, the newest ``gewijzigd_op`` (the watermark) and every row stamped within
  ``TERUGKIJKEN`` are noted ('gezien'): a change that commits while the build reads carries another stamp than
  noted and is caught up, however its commit interleaves with the reading;
* before each ranking one indexed query returns what changed since the watermark; every
  ``MATCHING_TERUGBLIK_SECONDEN`` that query instead looks back ``TERUGKIJKEN`` before the previous look-back, so a
  transaction that commits late (stamped before the watermark) is still seen; 'gezien' keeps such a look-back
  from returning what was already read.

The state travels with an on-disk version (``naar_meta``/``uit_meta``), so a process that maps a version built
elsewhere catches up from exactly the moment that version was read.
"""

import datetime
import time

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from klantreis.lib import vaste_vorm
from matching.index.kolommen import rijen
from matching.selectors import tijdstip

TERUGKIJKEN = datetime.timedelta(minutes=2)  # longer than any transaction that writes kandidaten or vacatures


class Inhalen:
    """Watermark, look-back and what was seen, for one model with an indexed ``gewijzigd_op``."""

    def __init__(self, model, *, max_gezien):
        self.model, self.max_gezien = model, max_gezien
        self.watermerk = None  # the newest gewijzigd_op seen
        self.terugblik = None  # wall-clock time of the last look-back
        self.laatste_terugblik = 0.0  # the same, monotonic, to know when the next one is due
        self.gezien = {}  # pk -> gewijzigd_op as last read (aware datetime), for what changed lately

    @classmethod
    def voor_bouw(cls, model, *, max_gezien):
        """The state to note before a build reads its rows."""
        stand = cls(model, max_gezien=max_gezien)
        nu = timezone.now()
        watermerk = model.objects.aggregate(m=Max("gewijzigd_op"))["m"]
        stand.watermerk = tijdstip(watermerk) if watermerk is not None else None
        stand.gezien = {pk: tijdstip(ts) for pk, ts in rijen(
            model.objects.filter(gewijzigd_op__gte=nu - TERUGKIJKEN).order_by().values_list("pk", "gewijzigd_op"))}
        stand.terugblik, stand.laatste_terugblik = nu, time.monotonic()
        return stand

    def nieuw(self):
        """What changed since the last call: {pk: gewijzigd_op}; one query, empty when nothing changed."""
        model = self.model
        if time.monotonic() - self.laatste_terugblik >= settings.MATCHING_TERUGBLIK_SECONDEN:
            # A change that committed since the last look-back was stamped at most TERUGKIJKEN before that
            # look-back (a transaction takes less); so this window holds every late commit.
            nu = timezone.now()
            gevonden = vaste_vorm.rijen(("terugblik", model._meta.label), lambda vanaf: model.objects.filter(
                gewijzigd_op__gte=vanaf).order_by().values_list("pk", "gewijzigd_op"),
                vanaf=self.terugblik - TERUGKIJKEN)
            self.terugblik, self.laatste_terugblik = nu, time.monotonic()
            if len(self.gezien) > self.max_gezien:
                grens = self.terugblik - 2 * TERUGKIJKEN
                self.gezien = {pk: ts for pk, ts in self.gezien.items() if ts >= grens}
        elif self.watermerk is not None:
            # Before every ranking: compiled once per process (building the query cost more than running it).
            gevonden = vaste_vorm.rijen(("sinds", model._meta.label), lambda sinds: model.objects.filter(
                gewijzigd_op__gt=sinds).order_by().values_list("pk", "gewijzigd_op"), sinds=self.watermerk)
        else:
            gevonden = rijen(model.objects.order_by().values_list("pk", "gewijzigd_op"))
        nieuw = {}
        for pk, ts in gevonden:
            ts = tijdstip(ts)
            if self.gezien.get(pk) != ts:
                nieuw[pk] = ts
        if nieuw:
            self.gezien.update(nieuw)
            nieuwste = max(nieuw.values())
            self.watermerk = max(nieuwste, self.watermerk) if self.watermerk else nieuwste
        return nieuw

    def naar_meta(self):
        return {
            "watermerk": self.watermerk.isoformat() if self.watermerk else None,
            "terugblik": self.terugblik.isoformat(),
            "gezien": [[pk, ts.isoformat()] for pk, ts in sorted(self.gezien.items())],
        }

    @classmethod
    def uit_meta(cls, model, meta, *, max_gezien):
        """The state of a version read elsewhere, possibly long ago: the first catch-up looks back at once, from
        the moment that version noted, so every change since (late commits too) reaches this process."""
        stand = cls(model, max_gezien=max_gezien)
        stand.watermerk = datetime.datetime.fromisoformat(meta["watermerk"]) if meta["watermerk"] else None
        stand.terugblik = datetime.datetime.fromisoformat(meta["terugblik"])
        stand.gezien = {int(pk): datetime.datetime.fromisoformat(ts) for pk, ts in meta["gezien"]}
        stand.laatste_terugblik = float("-inf")
        return stand
