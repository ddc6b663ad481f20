from dataclasses import dataclass, field
from datetime import date

from django.core.paginator import Paginator
from django.utils import timezone

from klantreis.lib import vaste_vorm
from sollicitaties.models import (
    STANDAARD_AANTAL,
    PlichtWijziging,
    Sollicitatieactiviteit,
    Sollicitatieplicht,
    periode_grenzen,
    periode_nummer,
)
from sollicitaties.services import heeft_standaard_plicht, standaard_startdatum

PERIODEN_PER_PAGINA = 6


def lopen_achter(vandaag):
    """The plichten of kandidaten behind in the current period today, compared with the state the services keep
    (no count per kandidaat, no loop in Python). The caseload annotates its page rows with an EXISTS on it and
    counts it as a semi-join (werkzoekenden.selectors.caseload_aandacht_tellers)."""
    return Sollicitatieplicht.objects.filter(achter_vanaf__lte=vandaag, periode_eind__gte=vandaag)


def _plicht(kandidaat_id):
    return Sollicitatieplicht.objects.filter(kandidaat_id=kandidaat_id)  # one at most (a one-to-one field)


def plicht_van(kandidaat):
    """The plicht row; for a WW kandidaat without one the standard (not saved); otherwise None. On every home page
    of a werkzoekende: compiled once per process."""
    gevonden = vaste_vorm.objecten("sollicitaties.plicht", _plicht, kandidaat_id=kandidaat.pk)
    plicht = gevonden[0] if gevonden else None
    if plicht is None and heeft_standaard_plicht(kandidaat):
        plicht = Sollicitatieplicht(kandidaat=kandidaat, startdatum=standaard_startdatum(kandidaat),
                                    aantal=STANDAARD_AANTAL)
    return plicht


@dataclass
class Periode:
    nummer: int  # 1 for the first
    begin: date
    eind: date
    aantal: int
    vandaag: date
    activiteiten: list = field(default_factory=list)

    @property
    def gedaan(self):
        return len(self.activiteiten)

    @property
    def nog(self):
        return max(self.aantal - self.gedaan, 0)

    @property
    def compleet(self):
        return self.gedaan >= self.aantal

    @property
    def open(self):
        return self.begin <= self.vandaag <= self.eind

    @property
    def dagen_over(self):
        return (self.eind - self.vandaag).days + 1 if self.open else 0


def aantal_op(plicht, wijzigingen, dag):
    """The number asked in force on ``dag``: the last change made on or before it, else what it was before the
    first change, else the plicht's number."""
    geldend = None
    for w in wijzigingen:
        if timezone.localdate(w.op) <= dag:
            geldend = w.aantal
    if geldend is None and wijzigingen:
        eerste = wijzigingen[0]
        geldend = eerste.aantal_was if eerste.aantal_was is not None else eerste.aantal
    return plicht.aantal if geldend is None else geldend


def wijzigingen_van(plicht):
    if plicht is None or plicht.pk is None:
        return []
    return list(PlichtWijziging.objects.filter(plicht=plicht).select_related("door").order_by("op", "pk"))


def perioden(plicht, *, vandaag=None, van=None, tot=None, wijzigingen=None):
    """The periods of ``plicht`` from its start to today, newest first, without activities; limited to those
    overlapping ``van``-``tot`` when given."""
    vandaag = vandaag or timezone.localdate()
    wijzigingen = wijzigingen_van(plicht) if wijzigingen is None else wijzigingen
    laatste = max(periode_nummer(plicht.startdatum, vandaag), 0)
    lijst = []
    for nummer in range(laatste, -1, -1):
        begin, eind = periode_grenzen(plicht.startdatum, nummer)
        if (van and eind < van) or (tot and begin > tot):
            continue
        lijst.append(Periode(nummer=nummer + 1, begin=begin, eind=eind, vandaag=vandaag,
                             aantal=aantal_op(plicht, wijzigingen, min(eind, vandaag))))
    return lijst


def _activiteiten(kandidaat_id, van, tot):
    return Sollicitatieactiviteit.objects.filter(kandidaat_id=kandidaat_id, datum__gte=van, datum__lte=tot).order_by(
        "datum", "pk")


def activiteiten_invullen(kandidaat, lijst):
    """One query for the activities of every period in ``lijst``."""
    if not lijst:
        return lijst
    per_begin = {p.begin: p for p in lijst}
    van, tot = min(p.begin for p in lijst), max(p.eind for p in lijst)
    for a in vaste_vorm.objecten("sollicitaties.activiteiten", _activiteiten, kandidaat_id=kandidaat.pk, van=van,
                                 tot=tot):
        for p in per_begin.values():
            if p.begin <= a.datum <= p.eind:
                p.activiteiten.append(a)
                break
    return lijst


def overzicht(kandidaat, *, pagina=None, vandaag=None):
    """What the overview page shows: the plicht (or None), its history and a page of periods with their
    activities. A fixed number of queries, however many periods and activities there are."""
    vandaag = vandaag or timezone.localdate()
    plicht = plicht_van(kandidaat)
    if plicht is None:
        return {"plicht": None, "wijzigingen": [], "pagina": None, "huidige": None}
    wijzigingen = wijzigingen_van(plicht)
    pagina_obj = Paginator(perioden(plicht, vandaag=vandaag, wijzigingen=wijzigingen),
                           PERIODEN_PER_PAGINA).get_page(pagina)
    activiteiten_invullen(kandidaat, list(pagina_obj.object_list))
    huidige = next((p for p in pagina_obj.object_list if p.open), None)
    return {"plicht": plicht, "wijzigingen": wijzigingen, "pagina": pagina_obj, "huidige": huidige}


def huidige_periode(kandidaat, *, vandaag=None):
    """The current period with its activities, or None without a plicht or with a closed dossier (nothing is asked
    of her any more): for the werkzoekende's home page (two queries: the plicht, the activities)."""
    if kandidaat.afgesloten_op is not None:
        return None
    plicht = plicht_van(kandidaat)
    if plicht is None or plicht.vrijgesteld:
        return None
    return activiteiten_invullen(kandidaat, perioden(plicht, vandaag=vandaag, wijzigingen=[])[:1])[0]


def eerste_activiteit(kandidaat):
    return Sollicitatieactiviteit.objects.filter(kandidaat=kandidaat).order_by("datum").values_list(
        "datum", flat=True).first()
