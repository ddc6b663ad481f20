"""Computing the ``Kengetal`` rows of the klantreis monitor (definitions: docs/kpi.md).

How: per figure a few set-based queries (filters, joins, ``GROUP BY``/``MIN`` for "the first gesprek", "the
first action in the plan") return one narrow row per event: ids, and moments as epoch numbers computed by the
database (``Epoch``), so no model instance or datetime object is built per row. Everything per event after that
is vectorised with numpy: the local month, werkuren and werkdagen (``Kalender``: a calendar of the days
involved, built once per refresh with ``klantreis.lib.werktijd``), "the first X after Y of the same key"
(``eerste_na``: one sort and one ``searchsorted``), and the grouping per region, organisation and month
(``_codes``/``bincount``; medians from one ``lexsort``). No Python loop runs per journey row; loops run per day
of the calendar, per hour of the time zone table and per result cell.

Writing: per (region, month) one transaction that deletes the cell's rows and inserts the new ones, under a
PostgreSQL advisory transaction lock on the region. A reader sees the old rows or the new ones, never half;
a worker killed mid-refresh leaves every region/month either as it was or fully new. Two refreshes that overlap
wait for each other per cell and both leave a complete result; the beat task moreover skips when another
refresh holds the refresh lock (``verversing_slot``).
"""

import logging
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
from django.conf import settings
from django.db import connection, transaction
from django.db.models import FloatField, Func, Min, OuterRef, Q, Subquery
from django.utils import timezone

from accounts.models import Arbeidsmarktregio, Organisatie
from agenda.models import Afspraak
from beleving.models import Belevingsvraag
from bemiddeling.models import Sollicitatiegesprek, Voordracht, VoordrachtTransitie
from berichten.models import Bericht
from klantreis.lib.werktijd import is_werkdag
from monitor.kengetallen import FASEN
from monitor.models import Kengetal, Verversing
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


def _codes(*kolommen):
    """The distinct combinations of integer columns (sorted, as rows) and, per input row, the index of its
    combination: like ``np.unique(np.stack(kolommen, 1), axis=0, return_inverse=True)``, but through one int64 key
    (each column replaced by its rank), which is many times faster."""
    rangen, waarden = [], []
    for kolom in kolommen:
        w, r = np.unique(kolom, return_inverse=True)
        waarden.append(w)
        rangen.append(r.ravel().astype(np.int64))
    sleutel = np.zeros(len(kolommen[0]), dtype=np.int64)
    for r, w in zip(rangen, waarden, strict=True):
        sleutel = sleutel * len(w) + r
    uniek, inv = np.unique(sleutel, return_inverse=True)
    combinaties = np.empty((len(uniek), len(kolommen)), dtype=np.int64)
    rest = uniek.copy()
    for i in range(len(kolommen) - 1, -1, -1):
        combinaties[:, i] = waarden[i][rest % len(waarden[i])]
        rest //= len(waarden[i])
    return combinaties, inv.ravel()


def _groepeer(sleutel, soort, f: Feiten, *, per_organisatie):
    """Kengetal rows (unsaved) for one level: the region (organisatie empty) or each organisation."""
    if per_organisatie:
        f = f.filter(f.organisatie >= 0)
    if not len(f.regio):
        return []
    org = f.organisatie if per_organisatie else np.full(len(f.regio), -1, dtype=np.int64)
    uniek, inv = _codes(f.regio, org, f.maand)
    g = len(uniek)
    n = np.bincount(inv, minlength=g)
    paren, _inv = _codes(inv, f.persoon)
    personen = np.bincount(paren[:, 0], minlength=g)
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
            # Bucket upper bound: the whole unit at or above (13.0000001 h is 13 h, not 14).
            emmers = np.ceil(np.round(waarde, 6)).astype(np.int64)
        else:
            aantal = np.bincount(inv, weights=waarde, minlength=g).round().astype(np.int64)  # sum of the scores
            noemer = n
            emmers = waarde.astype(np.int64)
        paren, per_paar = _codes(inv, emmers)
        tellingen = np.bincount(per_paar, minlength=len(paren))
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


# --- reading the journey tables ------------------------------------------------------------------------------


class Epoch(Func):
    """Seconds since 1970-01-01 UTC as a float: of a datetime, or of midnight UTC of a date (so days * 86400).
    The database converts, so no datetime object is built per row."""

    output_field = FloatField()

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="EXTRACT(EPOCH FROM %(expressions)s)::double precision",
                           **extra)

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="((julianday(%(expressions)s) - 2440587.5) * 86400.0)",
                           **extra)


def _tabel(queryset, *kolommen, **momenten):
    """One query: ``kolommen`` (ids) and ``momenten`` (name -> field or expression, read as ``Epoch``) as float
    arrays, NaN for NULL. Ids come back as int64 with -1 for NULL through ``_id``."""
    # No ORDER BY: the model's ordering would only make the database sort what numpy groups anyway.
    queryset = queryset.annotate(**{f"t_{naam}": Epoch(veld) for naam, veld in momenten.items()}).order_by()
    namen = [*kolommen, *(f"t_{naam}" for naam in momenten)]
    waarden = np.array(list(queryset.values_list(*namen)), dtype=np.float64).reshape(-1, len(namen))
    # SQLite's julianday is exact to some tens of microseconds: moments are kept to the millisecond.
    uit = {naam.split("__")[-1] if naam in kolommen else naam[2:]:
           np.round(waarden[:, i], 3) if naam.startswith("t_") else waarden[:, i] for i, naam in enumerate(namen)}
    uit["n"] = len(waarden)
    return uit


def _id(kolom) -> np.ndarray:
    return np.where(np.isnan(kolom), -1, kolom).astype(np.int64)


# --- the figures -------------------------------------------------------------------------------------------


def _werkgeverscontact(c: _Context):
    """belofte_24u, tijd_eerste_contact, funnel_verzoek (docs/kpi.md, "Werkgeversreis"). A verzoek closed as "Geen
    vraag voor het WSP" (spam, a werkzoekende, a wrong desk) was no verzoek and is not counted; one closed as "Niet
    bereikbaar" has no contact, so once its deadline passed it is a promise not kept: the figure is what the
    werkgever got."""
    t = _tabel(Verzoek.objects.filter(Q(ontvangen_op__gte=c.begin, ontvangen_op__lt=c.eind)
                                      | Q(contact_opgenomen_op__gte=c.begin, contact_opgenomen_op__lt=c.eind))
               .exclude(sluitreden=Verzoek.Sluitreden.GEEN_VRAAG),
               "regio_id", "accountmanager__organisatie_id", "werkgever_id",
               ontvangen="ontvangen_op", deadline="deadline", contact="contact_opgenomen_op")
    if not t["n"]:
        return []
    regio, werkgever = _id(t["regio_id"]), _id(t["werkgever_id"])
    org = c.wsp_als_leeg(regio, _id(t["organisatie_id"]))
    ontvangen, deadline, contact = t["ontvangen"], t["deadline"], t["contact"]
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


def eerste_na(sleutel, moment, bron_sleutel, bron_moment, *, strikt=False) -> np.ndarray:
    """For each (sleutel, moment): the first ``bron_moment`` with the same key at or after ``moment`` (``strikt``:
    after it), NaN when there is none. Vectorised: one sort of the source on (key, time) in milliseconds and one
    ``searchsorted`` for all questions."""
    uit = np.full(len(sleutel), np.nan)
    bekend = ~np.isnan(bron_moment)
    bron_sleutel, bron_moment = bron_sleutel[bekend], bron_moment[bekend]
    gevraagd = ~np.isnan(moment)
    if not len(bron_sleutel) or not gevraagd.any():
        return uit
    _uniek, rang = np.unique(np.concatenate([bron_sleutel, sleutel]), return_inverse=True)
    rang = rang.ravel().astype(np.int64)
    rb, rq = rang[:len(bron_sleutel)], rang[len(bron_sleutel):]
    basis = min(bron_moment.min(), np.nanmin(moment))
    ms_b = np.round((bron_moment - basis) * 1000).astype(np.int64)
    ms_q = np.round((np.where(gevraagd, moment, basis) - basis) * 1000).astype(np.int64)
    span = int(max(ms_b.max(), ms_q.max())) + 2
    kb = rb * span + ms_b
    orde = np.argsort(kb, kind="stable")
    kb, bm, rb = kb[orde], bron_moment[orde], rb[orde]
    pos = np.searchsorted(kb, rq * span + ms_q + (1 if strikt else 0), "left")
    p = np.minimum(pos, len(kb) - 1)
    treffer = gevraagd & (pos < len(kb)) & (rb[p] == rq)
    uit[treffer] = bm[p[treffer]]
    return uit


def _eerste_voordracht(c: _Context):
    """tijd_eerste_voordracht: per verzoek, the first voordracht for that werkgever at or after it."""
    van = c.begin - timedelta(days=730)
    t = _tabel(Verzoek.objects.filter(ontvangen_op__lt=c.eind, ontvangen_op__gte=van)
               .exclude(sluitreden=Verzoek.Sluitreden.GEEN_VRAAG),
               "regio_id", "accountmanager__organisatie_id", "werkgever_id", ontvangen="ontvangen_op")
    v = _tabel(Voordracht.objects.filter(voorgedragen_op__gte=van, voorgedragen_op__lt=c.eind),
               "vacature__werkgever_id", op="voorgedragen_op")
    if not t["n"] or not v["n"]:
        return []
    regio, werkgever, ontvangen = _id(t["regio_id"]), _id(t["werkgever_id"]), t["ontvangen"]
    eerste = eerste_na(werkgever, ontvangen, _id(v["werkgever_id"]), v["op"])
    f = Feiten(regio, c.wsp_als_leeg(regio, _id(t["organisatie_id"])), c.maand(eerste), werkgever,
               c.kalender.werkdagen(ontvangen, eerste))
    return rijen_voor("tijd_eerste_voordracht", "mediaan", f.filter(~np.isnan(eerste) & c.in_venster(eerste)),
                      c.maanden)


def _vacatures(c: _Context):
    t = _tabel(Vacature.objects.filter(aangemaakt_op__gte=c.begin, aangemaakt_op__lt=c.eind)
               .exclude(status=Vacature.Status.CONCEPT),
               "regio_id", "werkgever__accountmanager__organisatie_id", "werkgever_id", op="aangemaakt_op")
    if not t["n"]:
        return []
    regio = _id(t["regio_id"])
    f = Feiten(regio, c.wsp_als_leeg(regio, _id(t["organisatie_id"])), c.maand(t["op"]), _id(t["werkgever_id"]))
    return rijen_voor("funnel_vacature", "aantal", f, c.maanden)


_VOORDRACHT = ("vacature__regio_id", "voorgedragen_door__organisatie_id", "kandidaat_id")


def _feiten_voordracht(t, moment, waarde=None):
    return Feiten(_id(t["regio_id"]), _id(t["organisatie_id"]), moment, _id(t["kandidaat_id"]), waarde)


def _voordrachten(c: _Context):
    """funnel_voordracht, tijd_reactie_voordracht, funnel_gesprek."""
    uit = []
    t = _tabel(Voordracht.objects.filter(voorgedragen_op__gte=c.begin, voorgedragen_op__lt=c.eind), *_VOORDRACHT,
               op="voorgedragen_op")
    if t["n"]:
        uit += rijen_voor("funnel_voordracht", "aantal", _feiten_voordracht(t, c.maand(t["op"])), c.maanden)
    t = _tabel(Voordracht.objects.filter(gereageerd_op__gte=c.begin, gereageerd_op__lt=c.eind), *_VOORDRACHT,
               op="voorgedragen_op", reactie="gereageerd_op")
    if t["n"]:
        uit += rijen_voor("tijd_reactie_voordracht", "mediaan",
                          _feiten_voordracht(t, c.maand(t["reactie"]), c.kalender.werkdagen(t["op"], t["reactie"])),
                          c.maanden)
    # The first gesprek that was not cancelled and has taken place: one GROUP BY over the gesprekken.
    gesprekken = (Sollicitatiegesprek.objects.filter(geannuleerd_op__isnull=True).values("voordracht_id")
                  .annotate(t_eerste=Epoch(Min("begint_op")))
                  .filter(t_eerste__gte=c.begin.timestamp(), t_eerste__lt=min(c.eind, c.nu).timestamp()))
    t = _tabel(gesprekken, *(f"voordracht__{k}" for k in _VOORDRACHT), "t_eerste")
    if t["n"]:
        uit += rijen_voor("funnel_gesprek", "aantal", _feiten_voordracht(t, c.maand(t["t_eerste"])), c.maanden)
    return uit


def _afgewezen(c: _Context):
    """afgewezen_opgepakt: picked up = a follow-up task of the rejection done, a new voordracht for the
    kandidaat, or a change of the plan by a klantmanager; within 5 werkdagen."""
    afgewezen = (VoordrachtTransitie.objects.filter(naar__in=AFGEWEZEN, voordracht__status__in=AFGEWEZEN)
                 .values("voordracht_id").annotate(t_op=Epoch(Min("tijdstip")))
                 .filter(t_op__gte=c.begin.timestamp(), t_op__lt=c.eind.timestamp()))
    t = _tabel(afgewezen, "voordracht_id", *(f"voordracht__{k}" for k in _VOORDRACHT), "t_op")
    if not t["n"]:
        return []
    voordracht, kandidaat, op = _id(t["voordracht_id"]), _id(t["kandidaat_id"]), t["t_op"]
    taken = _tabel(Taak.objects.filter(sleutel__startswith="afgewezen:", afgerond_op__gte=c.begin), "voordracht_id",
                   op="afgerond_op")
    nieuwe = _tabel(Voordracht.objects.filter(voorgedragen_op__gte=c.begin), "kandidaat_id", op="voorgedragen_op")
    plan = _tabel(PlanWijziging.objects.filter(door__rol="klantmanager", tijdstip__gte=c.begin),
                  "plan__kandidaat_id", op="tijdstip")
    opgepakt = np.fmin(np.fmin(eerste_na(voordracht, op, _id(taken["voordracht_id"]), taken["op"]),
                               eerste_na(kandidaat, op, _id(nieuwe["kandidaat_id"]), nieuwe["op"], strikt=True)),
                       eerste_na(kandidaat, op, _id(plan["kandidaat_id"]), plan["op"], strikt=True))
    binnen = ~np.isnan(opgepakt) & (c.kalender.werkdagen(op, opgepakt) <= AFGEWEZEN_WERKDAGEN)
    beslist = binnen | (c.kalender.werkdagen(op, np.full(len(op), c.nu_epoch)) > AFGEWEZEN_WERKDAGEN)
    f = _feiten_voordracht(t, c.maand(op), binnen.astype(np.float64))
    return rijen_voor("afgewezen_opgepakt", "aandeel", f.filter(beslist), c.maanden)


def _plaatsingen(c: _Context):
    """funnel_plaatsing, funnel_werkt_6w, funnel_werkt_6m (duurzaamheid)."""
    gestart = ~Q(status__in=VOOR_ONDERTEKENING)
    t = _tabel(Plaatsing.objects.filter(gestart, vorige__isnull=True, startdatum__gte=maand_datum(min(c.maanden)),
                                        startdatum__lt=maand_datum(max(c.maanden) + 1)),
               *(f"voordracht__{k}" for k in _VOORDRACHT[:2]), "kandidaat_id", start="startdatum")
    if not t["n"]:
        return []
    regio, org, kandidaat = _id(t["regio_id"]), _id(t["organisatie_id"]), _id(t["kandidaat_id"])
    start = np.round(t["start"] / 86400).astype(np.int64)  # days since 1970-01-01
    maand = dag_maand(start)
    begonnen = start <= c.vandaag
    uit = rijen_voor("funnel_plaatsing", "aantal", Feiten(regio, org, maand, kandidaat).filter(begonnen), c.maanden)

    # Every started plaatsing of these kandidaten, with the day it ended (einddatum, or the day it was closed).
    einde = (PlaatsingTransitie.objects.filter(plaatsing_id=OuterRef("pk"), naar__in=["afscheid", "afgerond"])
             .order_by("tijdstip").values("tijdstip")[:1])
    a = _tabel(Plaatsing.objects.filter(gestart, kandidaat_id__in=Plaatsing.objects.filter(
        gestart, vorige__isnull=True, startdatum__gte=maand_datum(min(c.maanden)),
        startdatum__lt=maand_datum(max(c.maanden) + 1)).values("kandidaat_id")),
        "kandidaat_id", start="startdatum", eind="einddatum", gesloten=Subquery(einde))
    gesloten = np.where(np.isnan(a["gesloten"]), np.inf,
                        c.kalender.lokale_dag(a["gesloten"]).astype(np.float64))
    a_eind = np.fmin(np.where(np.isnan(a["eind"]), np.inf, np.round(a["eind"] / 86400)), gesloten)
    a_kand, a_start = _id(a["kandidaat_id"]), np.round(a["start"] / 86400)
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
    t = _tabel(NazorgMoment.objects.filter(gepland_op__gte=c.begin, gepland_op__lt=c.eind, verwerkt_op__isnull=False),
               *(f"plaatsing__voordracht__{k}" for k in _VOORDRACHT[:2]), "plaatsing__kandidaat_id",
               gepland="gepland_op", uitkomst="uitkomst_op")
    if not t["n"]:
        return []
    gepland, uitkomst = t["gepland"], t["uitkomst"]
    gedaan = ~np.isnan(uitkomst)
    op_tijd = gedaan & (c.kalender.werkdagen(gepland, uitkomst) <= NAZORG_WERKDAGEN)
    beslist = gedaan | (c.kalender.werkdagen(gepland, np.full(len(gepland), c.nu_epoch)) > NAZORG_WERKDAGEN)
    f = _feiten_voordracht(t, c.maand(gepland), op_tijd.astype(np.float64))
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
    t = _tabel(KlantmanagerToewijzing.objects.exclude(overdrachtsnotitie="")
               .filter(van__gte=c.begin - WACHTTIJD_VENSTER, van__lt=c.eind),
               # The organisation she had when the dossier was handed to her: one who moves to another one later
               # does not take her past handovers along (docs/kpi.md, "Organisatie").
               "kandidaat__regio_id", "organisatie_id", "kandidaat_id",
               van="van", bericht=Subquery(bericht), gesprek=Subquery(gesprek), plan=Subquery(plan))
    if not t["n"]:
        return []
    regio, org, kandidaat, van = _id(t["regio_id"]), _id(t["organisatie_id"]), _id(t["kandidaat_id"]), t["van"]
    contact = np.fmin(np.fmin(t["bericht"], t["gesprek"]), t["plan"])
    uit = rijen_voor("warme_overdrachten", "aantal",
                     Feiten(regio, org, c.maand(van), kandidaat).filter(c.in_venster(van)), c.maanden)
    f = Feiten(regio, org, c.maand(contact), kandidaat, c.kalender.werkdagen(van, contact))
    uit += rijen_voor("wachttijd_na_overdracht", "mediaan", f.filter(~np.isnan(contact) & c.in_venster(contact)),
                      c.maanden)
    return uit


def _eerste_per(queryset, sleutel, moment):
    """Per key its first moment (epoch), one GROUP BY in the database: (keys, moments)."""
    t = _tabel(queryset.values(sleutel).annotate(t_eerste=Epoch(Min(moment))), sleutel, "t_eerste")
    return _id(t[sleutel.split("__")[-1]]), t["t_eerste"]


def _opzoeken(sleutels, bron_sleutels, bron_waarden):
    """bron_waarden[i] where bron_sleutels[i] == sleutel (NaN where absent); bron_sleutels unique."""
    uit = np.full(len(sleutels), np.nan)
    if not len(bron_sleutels):
        return uit
    orde = np.argsort(bron_sleutels)
    bs, bw = bron_sleutels[orde], bron_waarden[orde]
    pos = np.minimum(np.searchsorted(bs, sleutels), len(bs) - 1)
    treffer = bs[pos] == sleutels
    uit[treffer] = bw[pos[treffer]]
    return uit


def _fasen(c: _Context):
    """fase:<fase>: days between the milestones of a werkzoekende (docs/kpi.md, "Fasen")."""
    a_sleutel, a_op = _eerste_per(PlanWijziging.objects.filter(actie__isnull=False, tijdstip__lt=c.eind),
                                  "plan__kandidaat_id", "tijdstip")
    v_sleutel, v_op = _eerste_per(Voordracht.objects.filter(voorgedragen_op__lt=c.eind), "kandidaat_id",
                                  "voorgedragen_op")
    p_sleutel, p_dag = _eerste_per(Plaatsing.objects.exclude(status__in=VOOR_ONDERTEKENING)
                                   .filter(startdatum__lt=c.eind.date()), "kandidaat_id", "startdatum")
    # A start date counts from local midnight.
    p_op = np.where(np.isnan(p_dag), np.nan, _middernacht(c, np.round(np.nan_to_num(p_dag) / 86400)))
    # Only kandidaten with a milestone (a phase end) in the months asked for.
    betrokken = np.unique(np.concatenate([a_sleutel[c.in_venster(a_op)], v_sleutel[c.in_venster(v_op)],
                                          p_sleutel[c.in_venster(p_op)]]))
    if not len(betrokken):
        return []
    t = _tabel(Kandidaat.objects.filter(aangemaakt_op__lt=c.eind, pk__gte=int(betrokken.min()),
                                        pk__lte=int(betrokken.max())),
               "pk", "regio_id", "klantmanager__organisatie_id", aangemaakt="aangemaakt_op")
    kandidaat, regio, org = _id(t["pk"]), _id(t["regio_id"]), _id(t["organisatie_id"])
    mijlpalen = [t["aangemaakt"], _opzoeken(kandidaat, a_sleutel, a_op), _opzoeken(kandidaat, v_sleutel, v_op),
                 _opzoeken(kandidaat, p_sleutel, p_op)]
    uit = []
    for (fase, _label), begin, einde in zip(FASEN, mijlpalen[:-1], mijlpalen[1:], strict=True):
        geldig = ~np.isnan(begin) & ~np.isnan(einde) & (einde >= begin) & c.in_venster(einde)
        f = Feiten(regio, org, c.maand(einde), kandidaat, (einde - begin) / 86400)
        uit += rijen_voor(f"fase:{fase}", "mediaan", f.filter(geldig), c.maanden)
    return uit


def _middernacht(c: _Context, dagen):
    """Epoch of local midnight of days since 1970-01-01 (the offset at noon UTC of that day is the day's)."""
    middag = np.nan_to_num(dagen) * 86400 + 12 * 3600
    uur = np.clip(np.floor(middag / 3600).astype(np.int64) - c.kalender.uur0, 0, len(c.kalender.offset) - 1)
    return np.nan_to_num(dagen) * 86400 - c.kalender.offset[uur]


def _beleving(c: _Context):
    touchpoints = list(Belevingsvraag.objects.filter(beantwoord_op__gte=c.begin, beantwoord_op__lt=c.eind,
                                                     score__isnull=False).order_by()
                       .values_list("touchpoint", flat=True).distinct())
    uit = []
    for tp in touchpoints:  # per touchpoint (a dozen), not per answer: one query each
        t = _tabel(Belevingsvraag.objects.filter(touchpoint=tp, beantwoord_op__gte=c.begin, beantwoord_op__lt=c.eind,
                                                 score__isnull=False),
                   "regio_id", "organisatie_id", "gebruiker_id", "score", op="beantwoord_op")
        f = Feiten(_id(t["regio_id"]), _id(t["organisatie_id"]), c.maand(t["op"]), _id(t["gebruiker_id"]),
                   t["score"])
        uit += rijen_voor(f"beleving:{tp}", "gemiddelde", f, c.maanden)
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
                Verversing.objects.update_or_create(regio_id=regio_id, maand=maand,
                                                    defaults={"bijgewerkt_op": timezone.now()})
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
