"""Reads of the klantreis monitor: Kengetal rows (monitor.models) combined into figures for a period.

The pages and exports read only these rollup rows (and the beleving comments), never the journey tables.
How months combine, per soort, is written down in ``monitor.kengetallen``; a cell behind fewer than
``MINIMUM_PERSONEN`` people is suppressed: its value is never handed to a page or an export, only
"minder dan 5".

Every function here makes a fixed number of queries, whatever the number of months, keys or regions.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Max
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Arbeidsmarktregio
from beleving.models import WERKGEVER_TOUCHPOINTS, WERKZOEKENDE_TOUCHPOINTS, Touchpoint
from beleving.selectors import opmerkingen_voor as beleving_opmerkingen
from monitor.kengetallen import FUNNEL, MINIMUM_PERSONEN, PER_SLEUTEL, Definitie
from monitor.models import Kengetal, Verversing

ONDERDRUKT = _("minder dan 5")
GEEN_GEGEVENS = _("geen gegevens")
EENHEDEN = {"werkuren": _("werkuren"), "werkdagen": _("werkdagen"), "dagen": _("dagen"), "score": _("van 5")}

# The key figures on the dashboard and in the "Kerncijfers" table, in this order.
KERNCIJFERS = ["belofte_24u", "tijd_eerste_contact", "tijd_eerste_voordracht", "tijd_reactie_voordracht",
               "afgewezen_opgepakt", "nazorg_op_tijd", "warme_overdrachten", "wachttijd_na_overdracht"]
# The figures per month (trend) and per region (side by side).
TREND = ["belofte_24u", "tijd_eerste_contact", "funnel_voordracht", "funnel_plaatsing"]
REGIOS = ["belofte_24u", "tijd_eerste_contact", "funnel_plaatsing", "funnel_werkt_6m", "beleving:werkgever",
          "beleving:werkzoekende"]
BELEVING = "beleving:"
# The steps of each journey from left to right, as the study draws them. The warme overdracht (UWV to gemeente) is
# where the journey from bijstand begins ("randvoorwaarde is (warme) overdracht"), so it comes first.
HEARTBEAT = {
    "werkgever": list(WERKGEVER_TOUCHPOINTS),
    "werkzoekende": [Touchpoint.WZ_OVERDRACHT, *(t for t in WERKZOEKENDE_TOUCHPOINTS if t != Touchpoint.WZ_OVERDRACHT)],
}
FASE = "fase:"


def definitie(sleutel) -> Definitie:
    """The definition of a key, including the open families ``beleving:<touchpoint>`` and ``fase:<fase>``."""
    if sleutel in PER_SLEUTEL:
        return PER_SLEUTEL[sleutel]
    if sleutel.startswith(BELEVING):
        naam = sleutel[len(BELEVING):]
        labels = {**dict(Touchpoint.choices), "werkgever": _("Beleving werkgevers (alle momenten)"),
                  "werkzoekende": _("Beleving werkzoekenden (alle momenten)")}
        return Definitie(sleutel, labels.get(naam, naam), "gemiddelde", "score")
    if sleutel.startswith(FASE):
        naam = sleutel[len(FASE):].replace("_", " ")
        return Definitie(sleutel, _("Tijd in fase: %(fase)s") % {"fase": naam}, "mediaan", "dagen")
    raise KeyError(sleutel)


@dataclass(frozen=True)
class Cel:
    """One figure for one place and period, already suppressed where it must be."""

    definitie: Definitie
    waarde: float | None  # None: suppressed or no data; never the value of a suppressed cell
    onderdrukt: bool = False

    @property
    def sleutel(self):
        return self.definitie.sleutel

    @property
    def label(self):
        return self.definitie.label

    @property
    def eenheid(self):
        return EENHEDEN.get(self.definitie.eenheid, "%" if self.definitie.soort == "aandeel" else "")

    @property
    def getal(self):
        """The number as it is shown and exported: a percentage for a share, one decimal for a median or score."""
        if self.waarde is None:
            return None
        if self.definitie.soort == "aandeel":
            return round(self.waarde * 100)
        if self.definitie.soort == "aantal":
            return int(self.waarde)
        return round(self.waarde, 1)

    @property
    def tekst(self):
        if self.onderdrukt:
            return str(ONDERDRUKT)
        if self.waarde is None:
            return str(GEEN_GEGEVENS)
        getal = self.getal
        if isinstance(getal, float):
            getal = formats.number_format(getal, decimal_pos=0 if getal == int(getal) else 1, use_l10n=True)
        if self.definitie.soort == "aandeel":
            return f"{getal}%"
        return f"{getal} {self.eenheid}".strip()

    @property
    def exportwaarde(self):
        """A number, or the text that replaces it ("minder dan 5", "geen gegevens")."""
        return self.tekst if self.getal is None else self.getal


def _mediaan_uit_verdeling(verdeling: dict) -> float | None:
    """The median of a histogram {upper bound: count}: the first bound where half the values are reached."""
    totaal = sum(verdeling.values())
    if not totaal:
        return None
    teller = 0
    for grens in sorted(verdeling):
        teller += verdeling[grens]
        if teller * 2 >= totaal:
            return grens
    return None  # unreachable: the loop reaches the total


def combineer(sleutel, rijen) -> Cel:
    """Combine the monthly rows of one key (one place) into one cell, per the rules in monitor.kengetallen."""
    d = definitie(sleutel)
    rijen = list(rijen)
    if not rijen:
        return Cel(d, None)
    if sum(r.personen for r in rijen) < MINIMUM_PERSONEN:
        return Cel(d, None, onderdrukt=True)
    if d.soort == "aantal":
        return Cel(d, float(sum(r.aantal for r in rijen)))
    if d.soort in ("aandeel", "gemiddelde"):
        noemer = sum(r.noemer or 0 for r in rijen)
        return Cel(d, sum(r.aantal for r in rijen) / noemer if noemer else None)
    # mediaan: merge the histograms; one month without a histogram keeps its own median.
    verdeling = defaultdict(int)
    for r in rijen:
        for grens, aantal in (r.verdeling or {}).items():
            verdeling[float(grens)] += int(aantal)
    if verdeling:
        return Cel(d, _mediaan_uit_verdeling(verdeling))
    if len(rijen) == 1:
        return Cel(d, rijen[0].mediaan)
    return Cel(d, None)


def _met_reis_totalen(per_sleutel: dict) -> dict:
    """Add ``beleving:werkgever``/``beleving:werkzoekende``: every touchpoint of that journey together."""
    for reis, touchpoints in (("werkgever", WERKGEVER_TOUCHPOINTS), ("werkzoekende", WERKZOEKENDE_TOUCHPOINTS)):
        per_sleutel[f"{BELEVING}{reis}"] = [r for t in touchpoints for r in per_sleutel.get(f"{BELEVING}{t}", [])]
    return per_sleutel


def maanden(van: date, tot: date) -> list[date]:
    """The first days of the months from ``van`` up to and including ``tot``."""
    result, m = [], date(van.year, van.month, 1)
    while m <= tot:
        result.append(m)
        m = date(m.year + (m.month == 12), m.month % 12 + 1, 1)
    return result


def _rijen(*, regio, organisatie, van, tot):
    """The rows of one place in the period: a region (organisatie empty), one organisation, or the whole country
    (``regio`` None: every region's own rows, organisatie empty)."""
    qs = Kengetal.objects.filter(maand__gte=van, maand__lte=tot)
    if regio is not None:
        qs = qs.filter(regio=regio)
    if organisatie is not None:
        qs = qs.filter(organisatie=organisatie)
    else:
        qs = qs.filter(organisatie__isnull=True)
    return list(qs.only("sleutel", "maand", "aantal", "noemer", "mediaan", "verdeling", "personen", "regio_id"))


@dataclass
class Monitor:
    """Everything the dashboard shows for one place and period (one query)."""

    cellen: dict  # sleutel -> Cel over the whole period
    trend: dict  # sleutel -> [(maand, Cel)]
    maanden: list
    # When the newest of these figures was computed (the beat task ``monitor-verversen``), or None: none yet, so the
    # reader can tell "nothing happened" from "not computed yet".
    bijgewerkt_op: datetime | None = None

    def cel(self, sleutel):
        return self.cellen.get(sleutel) or Cel(definitie(sleutel), None)

    @property
    def kerncijfers(self):
        return [self.cel(s) for s in KERNCIJFERS]

    @property
    def funnel(self):
        return [self.cel(s) for s in FUNNEL]

    def heartbeat(self, reis):
        return [self.cel(f"{BELEVING}{t}") for t in HEARTBEAT[reis]]

    @property
    def fasen(self):
        return [c for s, c in sorted(self.cellen.items()) if s.startswith(FASE)]


def monitor_voor(*, regio=None, organisatie=None, van: date, tot: date) -> Monitor:
    """The figures of a region (or one of its organisations, or the whole country with ``regio`` None) over the
    months ``van`` .. ``tot``, and per month for the trend. One query; two for an organisation."""
    per_sleutel, per_maand = _groepeer(_rijen(regio=regio, organisatie=organisatie, van=van, tot=tot))
    regio_sleutel, regio_maand = _groepeer(_rijen(regio=regio, organisatie=None, van=van, tot=tot)) \
        if organisatie is not None else (None, None)

    def cel(sleutel, rijen, regio_rijen):
        gecombineerd = combineer(sleutel, rijen)
        if regio_rijen is None:
            return gecombineerd
        return _niet_af_te_leiden(gecombineerd, rijen, regio_rijen)

    bekend = [s for s in per_sleutel if _is_bekend(s)]
    cellen = {s: cel(s, per_sleutel[s], None if regio_sleutel is None else regio_sleutel.get(s, [])) for s in bekend}
    alle_maanden = maanden(van, tot)
    trend = {s: [(m, cel(s, per_maand[s].get(m, []), None if regio_maand is None else regio_maand[s].get(m, [])))
                 for m in alle_maanden] for s in TREND}
    return Monitor(cellen=cellen, trend=trend, maanden=alle_maanden, bijgewerkt_op=bijgewerkt_op(regio, van, tot))


def bijgewerkt_op(regio, van: date, tot: date):
    """When the newest figures of the region (None: the country) in the months ``van`` .. ``tot`` were computed, also
    where nothing happened (``Verversing``); None: not computed yet. An organisation's figures are computed with its
    region's."""
    verversingen = Verversing.objects.filter(maand__gte=van, maand__lte=tot)
    if regio is not None:
        verversingen = verversingen.filter(regio=regio)
    return verversingen.aggregate(laatste=Max("bijgewerkt_op"))["laatste"]


def _groepeer(rijen):
    per_sleutel, per_maand = defaultdict(list), defaultdict(lambda: defaultdict(list))
    for r in rijen:
        per_sleutel[r.sleutel].append(r)
        per_maand[r.sleutel][r.maand].append(r)
    return _met_reis_totalen(per_sleutel), per_maand


def _niet_af_te_leiden(cel, rijen, regio_rijen):
    """An organisation's figure next to its region's: if the rest of the region is 1 to 4 people, the difference
    of the two would show that small group, so the organisation's cell is suppressed too."""
    rest = sum(r.personen for r in regio_rijen) - sum(r.personen for r in rijen)
    if cel.waarde is not None and 0 < rest < MINIMUM_PERSONEN:
        return Cel(cel.definitie, None, onderdrukt=True)
    return cel


def _is_bekend(sleutel):
    try:
        definitie(sleutel)
    except KeyError:
        return False  # a key of a newer rollup that this page does not know yet: not shown
    return True


def regios_naast_elkaar(*, van: date, tot: date, sleutels=REGIOS) -> list[tuple[Arbeidsmarktregio, list[Cel]]]:
    """Every region with its figures over the period, side by side (two queries)."""
    per_regio = defaultdict(lambda: defaultdict(list))
    for r in _rijen(regio=None, organisatie=None, van=van, tot=tot):
        per_regio[r.regio_id][r.sleutel].append(r)
    result = []
    for regio in Arbeidsmarktregio.objects.order_by("naam"):
        rijen = _met_reis_totalen(per_regio.get(regio.pk, {}))
        result.append((regio, [combineer(s, rijen.get(s, [])) for s in sleutels]))
    return result


def _begin(maand: date):
    return timezone.make_aware(datetime.combine(maand, time.min))


def opmerkingen_voor(regio, organisatie=None, *, van: date, tot: date, limiet=50) -> list[dict]:
    """What people wrote with their "Hoe ging dit?" answer in a region (or one organisation) in the months
    ``van``..``tot``, newest first, at most ``limiet``: through ``beleving.selectors.opmerkingen_voor``, which
    replaces the names of everyone in the person's dossier (and addresses, phone numbers) by "[naam]". Only the
    moment, the score, the text and the month reach the page: no field about the person."""
    laatste_dag = date(tot.year + (tot.month == 12), tot.month % 12 + 1, 1) - timedelta(days=1)
    opmerkingen = beleving_opmerkingen(regio, organisatie, van=van, tot=laatste_dag, laatste=limiet)
    labels = dict(Touchpoint.choices)
    return [{"touchpoint": o.touchpoint, "moment": labels.get(o.touchpoint, o.touchpoint), "score": o.score,
             "opmerking": str(o), "maand": timezone.localtime(o.beantwoord_op).date().replace(day=1)}
            for o in reversed(opmerkingen)]
