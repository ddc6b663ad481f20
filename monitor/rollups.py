"""Computing the ``Kengetal`` rows of the klantreis monitor (definitions: docs/kpi.md).

How: one query per figure selects the events of the months asked for, with the joins and "first event after"
subqueries done by the database, and returns one narrow tuple per event (ids and moments, no model instances).
Everything per event after that is vectorised with numpy: the local month, werkuren and werkdagen (a calendar of
the days involved, built once per refresh with ``klantreis.lib.werktijd``), and the grouping per region,
organisation and month (``np.unique``/``bincount``; medians from one ``lexsort``). No Python loop runs per
journey row; loops run per day of the calendar, per hour of the offset table and per result cell.

Writing: per (region, month) one transaction that deletes the cell's rows and inserts the new ones, under a
PostgreSQL advisory transaction lock on the region. A reader sees the old rows or the new ones, never half;
a worker killed mid-refresh leaves every region/month either as it was or fully new. Two refreshes that overlap
wait for each other per cell and both leave a complete result; the beat task moreover skips when another
refresh holds the refresh lock (``verversing_bezig``).
"""

import logging
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import timezone as dt_timezone
from zoneinfo import ZoneInfo

import numpy as np
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Min, OuterRef, Q, Subquery
from django.utils import timezone

from accounts.models import Arbeidsmarktregio, Organisatie
from agenda.models import Afspraak
from beleving.models import Belevingsvraag
from bemiddeling.models import Voordracht, VoordrachtTransitie
from berichten.models import Bericht
from klantreis.lib.werktijd import is_werkdag
from monitor.kengetallen import FASEN
from monitor.models import Kengetal
from plaatsingen.models import VOOR_ONDERTEKENING, NazorgMoment, Plaatsing, PlaatsingTransitie
from taken.models import Taak
from werkgevers.models import Vacature, Verzoek
from werkzoekenden.models import Kandidaat, KlantmanagerToewijzing, PlanWijziging

logger = logging.getLogger(__name__)

# Rules of docs/kpi.md that are numbers.
AFGEWEZEN_WERKDAGEN = 5  # an afgewezen kandidaat is picked up within 5 werkdagen
NAZORG_WERKDAGEN = 2  # a nazorg moment is on time when its outcome is recorded within 2 werkdagen of the plan
WERKT_NA = {"funnel_werkt_6w": 42, "funnel_werkt_6m": 182}  # 6 weeks; 6 months = 26 weeks
WACHTTIJD_VENSTER = timedelta(days=366)  # a first contact after a handover is looked for within a year
AFGEWEZEN = (Voordracht.Status.NIET_PASSEND, Voordracht.Status.AFGEWEZEN)

# pg_advisory locks: (namespace, key). The namespace is "KG" in ASCII.
_SLOT_NAAMRUIMTE = 0x4B47
_SLOT_VERVERSING = 0


def maand_index(dag: date) -> int:
    """Months since January 1970 (numpy's datetime64[M])."""
    return (dag.year - 1970) * 12 + dag.month - 1


def maand_datum(index: int) -> date:
    return date(1970 + index // 12, index % 12 + 1, 1)


def _epoch(waarden) -> np.ndarray:
    return np.array([w.timestamp() if w is not None else np.nan for w in waarden], dtype=np.float64)


def _dagen(waarden) -> np.ndarray:
    """Dates as days since 1970-01-01 (NaN for none)."""
    return np.array([w.toordinal() - 719163 if w is not None else np.nan for w in waarden], dtype=np.float64)


def _ints(waarden, leeg=-1) -> np.ndarray:
    return np.array([leeg if w is None else w for w in waarden], dtype=np.int64)


class Kalender:
    """Local days, werkdagen and werkuren for every moment between ``van`` and ``tot`` (dates), vectorised.

    Same rules as ``klantreis.lib.werktijd``: Monday to Friday without public holidays, between
    ``WERKTIJD_BEGIN`` and ``WERKTIJD_EINDE``; time outside those hours does not count."""

    def __init__(self, van: date, tot: date):
        self.dag0 = van.toordinal() - 719163  # days since 1970-01-01
        aantal = (tot - van).days + 1
        werk = np.array([is_werkdag(van + timedelta(days=i)) for i in range(aantal)], dtype=bool)
        b, e = settings.WERKTIJD_BEGIN, settings.WERKTIJD_EINDE
        self.begin = b.hour * 60 + b.minute
        self.lengte = (e.hour * 60 + e.minute) - self.begin
        self.werk = werk
        # Werkminuten before day i; werkdagen up to and including day i.
        self.cum_minuten = np.concatenate([[0], np.cumsum(werk * self.lengte)])
        self.cum_dagen = np.cumsum(werk)
        # UTC offset of the local time zone for every UTC hour of the range (transitions fall on whole hours).
        tz = ZoneInfo(settings.TIME_ZONE)
        self.uur0 = (self.dag0 - 1) * 24
        uren = (aantal + 2) * 24
        self.offset = np.array([datetime.fromtimestamp((self.uur0 + h) * 3600, tz).utcoffset().total_seconds()
                                for h in range(uren)], dtype=np.float64)

    def _lokaal(self, epoch):
        uur = np.clip(np.floor(epoch / 3600).astype(np.int64) - self.uur0, 0, len(self.offset) - 1)
        lokaal = epoch + self.offset[uur]
        dag = np.floor(lokaal / 86400).astype(np.int64)
        minuut = (lokaal - dag * 86400) / 60
        return np.clip(dag - self.dag0, 0, len(self.werk) - 1), minuut

    def lokale_dag(self, epoch) -> np.ndarray:
        """Local day (days since 1970-01-01)."""
        dag, _minuut = self._lokaal(np.nan_to_num(epoch))
        return dag + self.dag0

    def maand(self, epoch) -> np.ndarray:
        """Local month (``maand_index``) of epoch moments."""
        return dag_maand(self.lokale_dag(epoch))

    def _werkminuten(self, epoch):
        dag, minuut = self._lokaal(epoch)
        return self.cum_minuten[dag] + self.werk[dag] * np.clip(minuut - self.begin, 0, self.lengte)

    def werkuren(self, van, tot) -> np.ndarray:
        van, tot = np.nan_to_num(van), np.nan_to_num(tot)
        return (self._werkminuten(tot) - self._werkminuten(van)) / 60

    def werkdagen(self, van, tot) -> np.ndarray:
        """Werkdagen after the local day of ``van`` up to and including the day of ``tot``
        (``werktijd.werkdagen_geleden``)."""
        d1, _m = self._lokaal(np.nan_to_num(van))
        d2, _m = self._lokaal(np.nan_to_num(tot))
        return (self.cum_dagen[d2] - self.cum_dagen[d1]).astype(np.float64)


def dag_maand(dagen) -> np.ndarray:
    """Months (``maand_index``) of days since 1970-01-01."""
    return np.asarray(dagen, dtype="int64").astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)


@dataclass
class Feiten:
    """One row per event behind a figure: where (region, organisation or -1), which month, whose, and its value
    (a 0/1 for a share, a duration for a median, a score for beleving)."""

    regio: np.ndarray
    organisatie: np.ndarray
    maand: np.ndarray
    persoon: np.ndarray
    waarde: np.ndarray | None = None
    noemer: np.ndarray | None = None  # counts with a denominator of their own (duurzaamheid)

    def filter(self, masker) -> "Feiten":
        return Feiten(*(None if a is None else a[masker] for a in
                        (self.regio, self.organisatie, self.maand, self.persoon, self.waarde, self.noemer)))


def _groepeer(sleutel, soort, f: Feiten, *, per_organisatie):
    """Kengetal rows (unsaved) for one level: the region (organisatie empty) or each organisation."""
    if per_organisatie:
        f = f.filter(f.organisatie >= 0)
    if not len(f.regio):
        return []
    org = f.organisatie if per_organisatie else np.full(len(f.regio), -1, dtype=np.int64)
    uniek, inv = np.unique(np.stack([f.regio, org, f.maand], axis=1), axis=0, return_inverse=True)
    inv = inv.ravel()
    g = len(uniek)
    n = np.bincount(inv, minlength=g)
    personen = np.bincount(np.unique(np.stack([inv, f.persoon], axis=1), axis=0)[:, 0], minlength=g)
    aantal, noemer, mediaan, verdeling = n.copy(), [None] * g, [None] * g, [{} for _g in range(g)]
    if soort == "aandeel":
        aantal = np.bincount(inv, weights=f.waarde, minlength=g).round().astype(np.int64)
        noemer = n
    elif soort == "aantal" and f.noemer is not None:
        aantal = np.bincount(inv, weights=f.waarde, minlength=g).round().astype(np.int64)
        noemer = np.bincount(inv, weights=f.noemer, minlength=g).round().astype(np.int64)
    elif soort in ("mediaan", "gemiddelde"):
        waarde = f.waarde
        if soort == "mediaan":
            volgorde = np.lexsort((waarde, inv))
            v = waarde[volgorde]
            starts = np.concatenate([[0], np.cumsum(n)[:-1]])
            mediaan = ((v[starts + (n - 1) // 2] + v[starts + n // 2]) / 2).round(2)
            emmers = np.ceil(waarde).astype(np.int64)  # bucket upper bound: the whole unit at or above
        else:
            aantal = np.bincount(inv, weights=waarde, minlength=g).round().astype(np.int64)  # sum of the scores
            noemer = n
            emmers = waarde.astype(np.int64)
        paren, tellingen = np.unique(np.stack([inv, emmers], axis=1), axis=0, return_counts=True)
        for (groep, emmer), telling in zip(paren.tolist(), tellingen.tolist(), strict=True):
            verdeling[groep][str(emmer)] = telling
    rijen = []
    for i, (regio_id, org_id, maand) in enumerate(uniek.tolist()):
        rijen.append(Kengetal(
            sleutel=sleutel, regio_id=regio_id, organisatie_id=None if org_id < 0 else org_id,
            maand=maand_datum(maand), aantal=int(aantal[i]),
            noemer=None if noemer[i] is None else int(noemer[i]),
            mediaan=None if mediaan[i] is None else float(mediaan[i]), verdeling=verdeling[i],
            personen=int(personen[i])))
    return rijen


def rijen_voor(sleutel, soort, f: Feiten, maanden: set[int]):
    f = f.filter(np.isin(f.maand, list(maanden)))
    return _groepeer(sleutel, soort, f, per_organisatie=False) + _groepeer(sleutel, soort, f, per_organisatie=True)


class _Context:
    """What every figure needs: the months, the window in time, now, the calendar and the region's WSP."""

    def __init__(self, vanaf: date, tot: date, nu: datetime):
        self.nu = nu
        self.maanden = set(range(maand_index(vanaf), maand_index(tot) + 1))
        self.begin = timezone.make_aware(datetime.combine(maand_datum(min(self.maanden)), datetime.min.time()))
        self.eind = timezone.make_aware(datetime.combine(maand_datum(max(self.maanden) + 1), datetime.min.time()))
        self.nu_epoch = nu.timestamp()
        self.vandaag = timezone.localdate(nu).toordinal() - 719163
        wsp = dict(Organisatie.objects.filter(soort=Organisatie.Soort.WSP).values_list("regio_id", "pk"))
        self._wsp = np.full(max([*wsp, *Arbeidsmarktregio.objects.values_list("pk", flat=True), 0]) + 1, -1,
                            dtype=np.int64)
        for regio_id, org_id in wsp.items():
            self._wsp[regio_id] = org_id
        self.kalender = Kalender(maand_datum(min(self.maanden)) - timedelta(days=800),
                                 max(maand_datum(max(self.maanden) + 1), timezone.localdate(nu)) + timedelta(days=2))

    def wsp_als_leeg(self, regio, org):
        """The organisation, or the region's WSP when nobody is named (the WSP's queue)."""
        return np.where(org >= 0, org, self._wsp[regio])

    def maand(self, epoch):
        return self.kalender.maand(epoch)

    def in_venster(self, epoch):
        return (epoch >= self.begin.timestamp()) & (epoch < self.eind.timestamp())


# --- the figures -------------------------------------------------------------------------------------------


def _werkgeverscontact(c: _Context):
    """belofte_24u, tijd_eerste_contact, funnel_verzoek (docs/kpi.md, "Werkgeversreis")."""
    rijen = list(Verzoek.objects.filter(Q(ontvangen_op__gte=c.begin, ontvangen_op__lt=c.eind)
                                        | Q(contact_opgenomen_op__gte=c.begin, contact_opgenomen_op__lt=c.eind))
                 .values_list("regio_id", "accountmanager__organisatie_id", "werkgever_id", "ontvangen_op",
                              "deadline", "contact_opgenomen_op"))
    if not rijen:
        return []
    regio, org, werkgever, ontvangen, deadline, contact = zip(*rijen, strict=True)
    regio, werkgever = _ints(regio), _ints(werkgever)
    org = c.wsp_als_leeg(regio, _ints(org))
    ontvangen, deadline, contact = _epoch(ontvangen), _epoch(deadline), _epoch(contact)
    gecontacteerd = ~np.isnan(contact)
    nieuw = c.in_venster(ontvangen)
    uit = []
    # Counted once decided: contacted, or the deadline has passed without contact.
    beslist = nieuw & (gecontacteerd | (deadline <= c.nu_epoch))
    op_tijd = gecontacteerd & (contact <= deadline)
    f = Feiten(regio, org, c.maand(ontvangen), werkgever, op_tijd.astype(np.float64))
    uit += rijen_voor("belofte_24u", "aandeel", f.filter(beslist), c.maanden)
    uit += rijen_voor("funnel_verzoek", "aantal", f.filter(nieuw), c.maanden)
    f = Feiten(regio, org, c.maand(contact), werkgever, c.kalender.werkuren(ontvangen, contact))
    uit += rijen_voor("tijd_eerste_contact", "mediaan", f.filter(gecontacteerd & c.in_venster(contact)), c.maanden)
    return uit


def _eerste_voordracht(c: _Context):
    """tijd_eerste_voordracht: per verzoek, the first voordracht for that werkgever at or after it."""
    eerste = Voordracht.objects.filter(vacature__werkgever_id=OuterRef("werkgever_id"),
                                       voorgedragen_op__gte=OuterRef("ontvangen_op")).order_by("voorgedragen_op")
    rijen = list(Verzoek.objects.filter(ontvangen_op__lt=c.eind, ontvangen_op__gte=c.begin - timedelta(days=730))
                 .annotate(eerste=Subquery(eerste.values("voorgedragen_op")[:1]))
                 .filter(eerste__gte=c.begin, eerste__lt=c.eind)
                 .values_list("regio_id", "accountmanager__organisatie_id", "werkgever_id", "ontvangen_op", "eerste"))
    if not rijen:
        return []
    regio, org, werkgever, ontvangen, eerste = zip(*rijen, strict=True)
    regio = _ints(regio)
    ontvangen, eerste = _epoch(ontvangen), _epoch(eerste)
    f = Feiten(regio, c.wsp_als_leeg(regio, _ints(org)), c.maand(eerste), _ints(werkgever),
               c.kalender.werkdagen(ontvangen, eerste))
    return rijen_voor("tijd_eerste_voordracht", "mediaan", f, c.maanden)


def _vacatures(c: _Context):
    rijen = list(Vacature.objects.filter(aangemaakt_op__gte=c.begin, aangemaakt_op__lt=c.eind)
                 .exclude(status=Vacature.Status.CONCEPT)
                 .values_list("regio_id", "werkgever__accountmanager__organisatie_id", "werkgever_id",
                              "aangemaakt_op"))
    if not rijen:
        return []
    regio, org, werkgever, aangemaakt = zip(*rijen, strict=True)
    regio = _ints(regio)
    f = Feiten(regio, c.wsp_als_leeg(regio, _ints(org)), c.maand(_epoch(aangemaakt)), _ints(werkgever))
    return rijen_voor("funnel_vacature", "aantal", f, c.maanden)


def _voordrachten(c: _Context):
    """funnel_voordracht, tijd_reactie_voordracht, funnel_gesprek."""
    uit = []
    kolommen = ("vacature__regio_id", "voorgedragen_door__organisatie_id", "kandidaat_id")
    rijen = list(Voordracht.objects.filter(voorgedragen_op__gte=c.begin, voorgedragen_op__lt=c.eind)
                 .values_list(*kolommen, "voorgedragen_op"))
    if rijen:
        regio, org, kandidaat, op = zip(*rijen, strict=True)
        uit += rijen_voor("funnel_voordracht", "aantal",
                          Feiten(_ints(regio), _ints(org), c.maand(_epoch(op)), _ints(kandidaat)), c.maanden)
    rijen = list(Voordracht.objects.filter(gereageerd_op__gte=c.begin, gereageerd_op__lt=c.eind)
                 .values_list(*kolommen, "voorgedragen_op", "gereageerd_op"))
    if rijen:
        regio, org, kandidaat, op, reactie = zip(*rijen, strict=True)
        op, reactie = _epoch(op), _epoch(reactie)
        uit += rijen_voor("tijd_reactie_voordracht", "mediaan",
                          Feiten(_ints(regio), _ints(org), c.maand(reactie), _ints(kandidaat),
                                 c.kalender.werkdagen(op, reactie)), c.maanden)
    eind = min(c.eind, c.nu)
    rijen = list(Voordracht.objects
                 .annotate(eerste_gesprek=Min("gesprekken__begint_op",
                                              filter=Q(gesprekken__geannuleerd_op__isnull=True)))
                 .filter(eerste_gesprek__gte=c.begin, eerste_gesprek__lt=eind)
                 .values_list(*kolommen, "eerste_gesprek"))
    if rijen:
        regio, org, kandidaat, gesprek = zip(*rijen, strict=True)
        uit += rijen_voor("funnel_gesprek", "aantal",
                          Feiten(_ints(regio), _ints(org), c.maand(_epoch(gesprek)), _ints(kandidaat)), c.maanden)
    return uit


def _afgewezen(c: _Context):
    """afgewezen_opgepakt: picked up = a follow-up task of the rejection done, a new voordracht for the
    kandidaat, or a change of the plan by a klantmanager; within 5 werkdagen."""
    afgewezen_op = (VoordrachtTransitie.objects.filter(voordracht_id=OuterRef("pk"), naar__in=AFGEWEZEN)
                    .order_by("tijdstip").values("tijdstip")[:1])
    taak = (Taak.objects.filter(voordracht_id=OuterRef("pk"), sleutel__startswith="afgewezen:",
                                afgerond_op__gte=OuterRef("afgewezen_op"))
            .order_by("afgerond_op").values("afgerond_op")[:1])
    nieuwe = (Voordracht.objects.filter(kandidaat_id=OuterRef("kandidaat_id"),
                                        voorgedragen_op__gt=OuterRef("afgewezen_op"))
              .order_by("voorgedragen_op").values("voorgedragen_op")[:1])
    plan = (PlanWijziging.objects.filter(plan__kandidaat_id=OuterRef("kandidaat_id"), door__rol="klantmanager",
                                         tijdstip__gt=OuterRef("afgewezen_op"))
            .order_by("tijdstip").values("tijdstip")[:1])
    rijen = list(Voordracht.objects.filter(status__in=AFGEWEZEN)
                 .annotate(afgewezen_op=Subquery(afgewezen_op))
                 .filter(afgewezen_op__gte=c.begin, afgewezen_op__lt=c.eind)
                 .annotate(taak=Subquery(taak), nieuwe=Subquery(nieuwe), plan=Subquery(plan))
                 .values_list("vacature__regio_id", "voorgedragen_door__organisatie_id", "kandidaat_id",
                              "afgewezen_op", "taak", "nieuwe", "plan"))
    if not rijen:
        return []
    regio, org, kandidaat, op, taak, nieuwe, plan = zip(*rijen, strict=True)
    op = _epoch(op)
    opgepakt = np.fmin(np.fmin(_epoch(taak), _epoch(nieuwe)), _epoch(plan))
    binnen = ~np.isnan(opgepakt) & (c.kalender.werkdagen(op, opgepakt) <= AFGEWEZEN_WERKDAGEN)
    beslist = binnen | (c.kalender.werkdagen(op, np.full(len(op), c.nu_epoch)) > AFGEWEZEN_WERKDAGEN)
    f = Feiten(_ints(regio), _ints(org), c.maand(op), _ints(kandidaat), binnen.astype(np.float64))
    return rijen_voor("afgewezen_opgepakt", "aandeel", f.filter(beslist), c.maanden)


def _plaatsingen(c: _Context):
    """funnel_plaatsing, funnel_werkt_6w, funnel_werkt_6m (duurzaamheid)."""
    gestart = ~Q(status__in=VOOR_ONDERTEKENING)
    rijen = list(Plaatsing.objects.filter(gestart, vorige__isnull=True,
                                          startdatum__gte=maand_datum(min(c.maanden)),
                                          startdatum__lt=maand_datum(max(c.maanden) + 1))
                 .values_list("voordracht__vacature__regio_id", "voordracht__voorgedragen_door__organisatie_id",
                              "kandidaat_id", "startdatum"))
    if not rijen:
        return []
    regio, org, kandidaat, start = zip(*rijen, strict=True)
    regio, org, kandidaat, start = _ints(regio), _ints(org), _ints(kandidaat), _dagen(start).astype(np.int64)
    maand = dag_maand(start)
    begonnen = start <= c.vandaag
    uit = rijen_voor("funnel_plaatsing", "aantal", Feiten(regio, org, maand, kandidaat).filter(begonnen), c.maanden)

    # Every started plaatsing of these kandidaten, with the day it ended (einddatum, or the day it was closed).
    einde = (PlaatsingTransitie.objects.filter(plaatsing_id=OuterRef("pk"), naar__in=["afscheid", "afgerond"])
             .order_by("tijdstip").values("tijdstip")[:1])
    alle = list(Plaatsing.objects.filter(gestart, kandidaat_id__in=set(kandidaat.tolist()))
                .annotate(gesloten=Subquery(einde))
                .values_list("kandidaat_id", "startdatum", "einddatum", "gesloten"))
    a_kand, a_start, a_eind, a_gesloten = zip(*alle, strict=True)
    a_kand = _ints(a_kand)
    a_start = _dagen(a_start)
    gesloten = _epoch(a_gesloten)
    gesloten_dag = np.where(np.isnan(gesloten), np.inf, c.kalender.lokale_dag(gesloten).astype(np.float64))
    a_eind = np.fmin(np.where(np.isnan(_dagen(a_eind)), np.inf, _dagen(a_eind)), gesloten_dag)
    volgorde = np.argsort(a_kand, kind="stable")
    a_kand, a_start, a_eind = a_kand[volgorde], a_start[volgorde], a_eind[volgorde]
    lo, hi = np.searchsorted(a_kand, kandidaat, "left"), np.searchsorted(a_kand, kandidaat, "right")
    for sleutel, dagen in WERKT_NA.items():
        peil = start + dagen
        gemeten = peil <= c.vandaag
        werkt = np.zeros(len(start), dtype=bool)
        for k in range(int((hi - lo).max())):  # the longest chain of plaatsingen of one kandidaat, not per row
            j = lo + k
            geldig = j < hi
            jj = np.where(geldig, j, 0)
            werkt |= geldig & (a_start[jj] <= peil) & (a_eind[jj] >= peil)
        f = Feiten(regio, org, maand, kandidaat, werkt.astype(np.float64), np.ones(len(start)))
        uit += rijen_voor(sleutel, "aantal", f.filter(gemeten), c.maanden)
    return uit


def _nazorg(c: _Context):
    """nazorg_op_tijd: moments the sweep picked up (due, plaatsing running), outcome within 2 werkdagen."""
    rijen = list(NazorgMoment.objects.filter(gepland_op__gte=c.begin, gepland_op__lt=c.eind,
                                             verwerkt_op__isnull=False)
                 .values_list("plaatsing__voordracht__vacature__regio_id",
                              "plaatsing__voordracht__voorgedragen_door__organisatie_id", "plaatsing__kandidaat_id",
                              "gepland_op", "uitkomst_op"))
    if not rijen:
        return []
    regio, org, kandidaat, gepland, uitkomst = zip(*rijen, strict=True)
    gepland, uitkomst = _epoch(gepland), _epoch(uitkomst)
    gedaan = ~np.isnan(uitkomst)
    op_tijd = gedaan & (c.kalender.werkdagen(gepland, uitkomst) <= NAZORG_WERKDAGEN)
    beslist = gedaan | (c.kalender.werkdagen(gepland, np.full(len(gepland), c.nu_epoch)) > NAZORG_WERKDAGEN)
    f = Feiten(_ints(regio), _ints(org), c.maand(gepland), _ints(kandidaat), op_tijd.astype(np.float64))
    return rijen_voor("nazorg_op_tijd", "aandeel", f.filter(beslist), c.maanden)


def _overdrachten(c: _Context):
    """warme_overdrachten and wachttijd_na_overdracht (first contact of the new klantmanager)."""
    km, kand, van = OuterRef("klantmanager_id"), OuterRef("kandidaat_id"), OuterRef("van")
    bericht = (Bericht.objects.filter(wisseling__kandidaat_id=kand, wisseling__soort="werkzoekende", afzender_id=km,
                                      verstuurd_op__gte=van)
               .order_by("verstuurd_op").values("verstuurd_op")[:1])
    gesprek = (Afspraak.objects.filter(soort=Afspraak.Soort.KLANTMANAGERGESPREK, deelnemers__kandidaat_id=kand,
                                       start__gte=van, start__lte=c.nu)
               .exclude(status=Afspraak.Status.GEANNULEERD).order_by("start").values("start")[:1])
    plan = (PlanWijziging.objects.filter(plan__kandidaat_id=kand, door_id=km, tijdstip__gte=van)
            .order_by("tijdstip").values("tijdstip")[:1])
    rijen = list(KlantmanagerToewijzing.objects.exclude(overdrachtsnotitie="")
                 .filter(van__gte=c.begin - WACHTTIJD_VENSTER, van__lt=c.eind)
                 .annotate(bericht=Subquery(bericht), gesprek=Subquery(gesprek), plan=Subquery(plan))
                 .values_list("kandidaat__regio_id", "klantmanager__organisatie_id", "kandidaat_id", "van",
                              "bericht", "gesprek", "plan"))
    if not rijen:
        return []
    regio, org, kandidaat, van, bericht, gesprek, plan = zip(*rijen, strict=True)
    regio, org, kandidaat, van = _ints(regio), _ints(org), _ints(kandidaat), _epoch(van)
    contact = np.fmin(np.fmin(_epoch(bericht), _epoch(gesprek)), _epoch(plan))
    uit = rijen_voor("warme_overdrachten", "aantal",
                     Feiten(regio, org, c.maand(van), kandidaat).filter(c.in_venster(van)), c.maanden)
    f = Feiten(regio, org, c.maand(contact), kandidaat, c.kalender.werkdagen(van, contact))
    uit += rijen_voor("wachttijd_na_overdracht", "mediaan", f.filter(~np.isnan(contact) & c.in_venster(contact)),
                      c.maanden)
    return uit


def _fasen(c: _Context):
    """fase:<fase>: days between the milestones of a werkzoekende (docs/kpi.md, "Fasen")."""
    actie = (PlanWijziging.objects.filter(plan__kandidaat_id=OuterRef("pk"), actie__isnull=False)
             .order_by("tijdstip").values("tijdstip")[:1])
    voordracht = (Voordracht.objects.filter(kandidaat_id=OuterRef("pk"))
                  .order_by("voorgedragen_op").values("voorgedragen_op")[:1])
    plaatsing = (Plaatsing.objects.filter(kandidaat_id=OuterRef("pk")).exclude(status__in=VOOR_ONDERTEKENING)
                 .order_by("startdatum").values("startdatum")[:1])
    rijen = list(Kandidaat.objects.filter(aangemaakt_op__lt=c.eind)
                 .annotate(actie=Subquery(actie), voordracht=Subquery(voordracht), plaatsing=Subquery(plaatsing))
                 .filter(Q(actie__gte=c.begin, actie__lt=c.eind) | Q(voordracht__gte=c.begin, voordracht__lt=c.eind)
                         | Q(plaatsing__gte=c.begin.date(), plaatsing__lt=c.eind.date()))
                 .values_list("regio_id", "klantmanager__organisatie_id", "pk", "aangemaakt_op", "actie",
                              "voordracht", "plaatsing"))
    if not rijen:
        return []
    regio, org, kandidaat, aangemaakt, actie, voordracht, plaatsing = zip(*rijen, strict=True)
    regio, org, kandidaat = _ints(regio), _ints(org), _ints(kandidaat)
    # A start date counts from the local midnight it begins.
    plaatsing_dag = _dagen(plaatsing)
    plaatsing = np.where(np.isnan(plaatsing_dag), np.nan, _middernacht(c, plaatsing_dag))
    mijlpalen = [_epoch(aangemaakt), _epoch(actie), _epoch(voordracht), plaatsing]
    uit = []
    for (fase, _label), begin, einde in zip(FASEN, mijlpalen[:-1], mijlpalen[1:], strict=True):
        geldig = ~np.isnan(begin) & ~np.isnan(einde) & (einde >= begin) & c.in_venster(einde)
        dagen = (einde - begin) / 86400
        f = Feiten(regio, org, c.maand(einde), kandidaat, dagen)
        uit += rijen_voor(f"fase:{fase}", "mediaan", f.filter(geldig), c.maanden)
    return uit


def _middernacht(c: _Context, dagen):
    """Epoch of local midnight of days since 1970-01-01 (the offset at noon UTC of that day is the day's)."""
    middag = np.nan_to_num(dagen) * 86400 + 12 * 3600
    uur = np.clip(np.floor(middag / 3600).astype(np.int64) - c.kalender.uur0, 0, len(c.kalender.offset) - 1)
    return np.nan_to_num(dagen) * 86400 - c.kalender.offset[uur]


def _beleving(c: _Context):
    rijen = list(Belevingsvraag.objects.filter(beantwoord_op__gte=c.begin, beantwoord_op__lt=c.eind,
                                               score__isnull=False)
                 .values_list("touchpoint", "regio_id", "organisatie_id", "gebruiker_id", "beantwoord_op", "score"))
    if not rijen:
        return []
    touchpoint, regio, org, gebruiker, op, score = zip(*rijen, strict=True)
    touchpoint = np.array(touchpoint)
    f = Feiten(_ints(regio), _ints(org), c.maand(_epoch(op)), _ints(gebruiker), np.array(score, dtype=np.float64))
    uit = []
    for tp in np.unique(touchpoint).tolist():  # per touchpoint (a dozen), not per answer
        uit += rijen_voor(f"beleving:{tp}", "gemiddelde", f.filter(touchpoint == tp), c.maanden)
    return uit


BEREKENINGEN = (_werkgeverscontact, _eerste_voordracht, _vacatures, _voordrachten, _afgewezen, _plaatsingen,
                _nazorg, _overdrachten, _fasen, _beleving)


def kengetallen_berekenen(*, vanaf: date, tot: date, nu: datetime | None = None) -> list[Kengetal]:
    """All Kengetal rows (unsaved) of the months ``vanaf`` up to and including ``tot``."""
    c = _Context(vanaf, tot, nu or timezone.now())
    rijen = []
    for berekening in BEREKENINGEN:
        rijen += berekening(c)
    return rijen


# --- writing -----------------------------------------------------------------------------------------------


def _cel_slot(regio_id):
    """Writers of the same region wait for each other (PostgreSQL; SQLite has one writer anyway)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_SLOT_NAAMRUIMTE, regio_id])


def kengetallen_schrijven(rijen, *, maanden: list[date], regio_ids=None) -> int:
    """Replace the rows of every (region, month) asked for by ``rijen``, one transaction per region and month."""
    per_cel = defaultdict(list)
    for rij in rijen:
        per_cel[(rij.regio_id, rij.maand)].append(rij)
    if regio_ids is None:
        regio_ids = list(Arbeidsmarktregio.objects.order_by("pk").values_list("pk", flat=True))
    geschreven = 0
    for regio_id in regio_ids:
        for maand in maanden:
            cel = per_cel.get((regio_id, maand), [])
            with transaction.atomic():
                _cel_slot(regio_id)
                Kengetal.objects.filter(regio_id=regio_id, maand=maand).delete()
                Kengetal.objects.bulk_create(cel, batch_size=1000)
            geschreven += len(cel)
    return geschreven


@contextmanager
def verversing_slot(*, wachten: bool):
    """The refresh lock (PostgreSQL session advisory lock; released when the connection dies). Yields whether it
    was obtained: without ``wachten`` a refresh that another process is running gives False at once."""
    if connection.vendor != "postgresql":
        yield True
        return
    with connection.cursor() as cursor:
        if wachten:
            cursor.execute("SELECT pg_advisory_lock(%s, %s)", [_SLOT_NAAMRUIMTE, _SLOT_VERVERSING])
            gekregen = True
        else:
            cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [_SLOT_NAAMRUIMTE, _SLOT_VERVERSING])
            gekregen = cursor.fetchone()[0]
    try:
        yield gekregen
    finally:
        if gekregen:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [_SLOT_NAAMRUIMTE, _SLOT_VERVERSING])


def maanden_tussen(vanaf: date, tot: date) -> list[date]:
    return [maand_datum(i) for i in range(maand_index(vanaf), maand_index(tot) + 1)]


def kengetallen_verversen(*, vanaf: date, tot: date | None = None, nu: datetime | None = None,
                          wachten: bool = True) -> int | None:
    """Compute and write every figure of the months ``vanaf`` .. ``tot`` (default: this month) for the whole
    country. Returns the number of rows written, or None when another refresh runs and ``wachten`` is off.

    Idempotent: the same data gives the same rows. Must not run inside a transaction of the caller (each
    region/month commits on its own)."""
    nu = nu or timezone.now()
    tot = tot or timezone.localdate(nu)
    with verversing_slot(wachten=wachten) as gekregen:
        if not gekregen:
            logger.info("Monitor: een andere verversing loopt al; deze slaat over.")
            return None
        rijen = kengetallen_berekenen(vanaf=vanaf, tot=tot, nu=nu)
        return kengetallen_schrijven(rijen, maanden=maanden_tussen(vanaf, tot))


def vorige_maand(dag: date) -> date:
    return maand_datum(maand_index(dag) - 1)
