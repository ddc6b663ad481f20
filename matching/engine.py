"""Explainable scoring of a kandidaat for a vacature.

Pure functions over small profiles: no database access here, so the same code serves the web page,
the ``rank`` command and the benchmark, and a test can build profiles by hand. Every part of the
score carries its explanation in words; nothing about age, gender, nationality, origin or health
exists in a profile, so it cannot enter the score.
"""

import math
import re
from dataclasses import dataclass, field

STANDAARD_GEWICHTEN = {
    "beroep": 25,
    "vereist": 35,
    "gewenst": 5,
    "afstand": 15,
    "uren": 10,
    "contract": 5,
    "start": 5,
    "rijbewijs": 5,
    "taal": 5,
    "doelgroep": 5,
}
STANDAARD_MAX_KM = 25
TAALNIVEAUS = ["", "A1", "A2", "B1", "B2", "C1", "C2"]
CONTRACTEN = {"vast": "een vast contract", "tijdelijk": "een tijdelijk contract", "uitzend": "werk via een uitzendbureau",
              "werkervaring": "een werkervaringsplaats"}
_NEDERLANDS = re.compile(r"nederlands\W{0,3}(a1|a2|b1|b2|c1|c2|moedertaal|nt1)", re.IGNORECASE)


def taalniveau_nederlands(talen: str) -> int:
    """0 (unknown) to 6 (C2 or mother tongue) from what the kandidaat wrote, e.g. "Nederlands B1, Pools"."""
    m = _NEDERLANDS.search(talen or "")
    if not m:
        return 0
    niveau = m.group(1).upper()
    return 6 if niveau in ("MOEDERTAAL", "NT1") else TAALNIVEAUS.index(niveau)


@dataclass(frozen=True)
class KandidaatProfiel:
    id: int
    lat: float | None
    lon: float | None
    max_km: int | None
    uren: int | None
    vaardigheden: frozenset
    beroepen: frozenset
    rijbewijs: str = ""
    beschikbaar_per: object = None
    contracttype: str = ""
    taalniveau: int = 0
    doelgroepregister: bool = False


@dataclass(frozen=True)
class VacatureProfiel:
    id: int
    beroep_id: int | None
    lat: float | None
    lon: float | None
    uren: int
    vereist: frozenset
    gewenst: frozenset
    rijbewijs: str = ""
    startdatum: object = None
    contracttype: str = ""
    taalniveau: int = 0
    open_doelgroepregister: bool | None = None


@dataclass
class Onderdeel:
    code: str
    punten: float
    maximum: float
    uitleg: str


@dataclass
class Resultaat:
    kandidaat_id: int
    totaal: float
    onderdelen: list = field(default_factory=list)
    vacature_id: int | None = None
    # The vacature's hard requirements this kandidaat does not meet, in words. Whoever misses one does not
    # "fit", whatever the percentage says: they are "bijna" and rank after everyone who fits.
    mist: list = field(default_factory=list)

    @property
    def past(self):
        return not self.mist

    def als_dict(self):
        return {"kandidaat": self.kandidaat_id, "vacature": self.vacature_id, "totaal": round(self.totaal, 1),
                "onderdelen": [{"code": o.code, "punten": round(o.punten, 1), "maximum": o.maximum,
                                "uitleg": o.uitleg} for o in self.onderdelen], "mist": list(self.mist)}


def afstand_km(lat1, lon1, lat2, lon2):
    """Great-circle distance (haversine) between two points, in km."""
    r = 6371.0
    f1, f2 = math.radians(lat1), math.radians(lat2)
    df, dl = f2 - f1, math.radians(lon2 - lon1)
    a = math.sin(df / 2) ** 2 + math.cos(f1) * math.cos(f2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


def binnen_reisafstand(v: VacatureProfiel, k: KandidaatProfiel) -> bool:
    """Whether the vacature is no farther than the kandidaat wants to travel (their own maximum, else
    ``STANDAARD_MAX_KM``, as the score counts it). Where a place is unknown the distance cannot rule it out."""
    if None in (v.lat, v.lon, k.lat, k.lon):
        return True
    return afstand_km(v.lat, v.lon, k.lat, k.lon) <= (k.max_km or STANDAARD_MAX_KM)


def _namen(ids, namen, maximum=3):
    gekozen = sorted(namen.get(i, str(i)) for i in ids)[:maximum]
    return ", ".join(gekozen) + (" en meer" if len(ids) > maximum else "")


def score(v: VacatureProfiel, k: KandidaatProfiel, *, gewichten=None, beroep_vaardigheden=None, namen=None,
          beroepnamen=None) -> Resultaat:
    """Score 0-100 with its parts. ``beroep_vaardigheden`` maps beroep id -> frozenset of skill ids (for
    related occupations); ``namen``/``beroepnamen`` map ids to names for the explanations."""
    g = {**STANDAARD_GEWICHTEN, **(gewichten or {})}
    beroep_vaardigheden, namen, beroepnamen = beroep_vaardigheden or {}, namen or {}, beroepnamen or {}
    delen, mist = [], []

    # Occupation: the one the kandidaat wishes, or a related one by shared skills.
    if v.beroep_id is None:
        delen.append(Onderdeel("beroep", g["beroep"] / 2, g["beroep"], "Vacature zonder beroep"))
    elif v.beroep_id in k.beroepen:
        delen.append(Onderdeel("beroep", g["beroep"], g["beroep"],
                               f"Zoekt werk als {beroepnamen.get(v.beroep_id, 'dit beroep')}"))
    else:
        eigen = beroep_vaardigheden.get(v.beroep_id, frozenset())
        beste, beste_beroep, gedeeld = 0.0, None, 0
        for b in k.beroepen:
            andere = beroep_vaardigheden.get(b, frozenset())
            if eigen and andere:
                overlap = len(eigen & andere)
                jaccard = overlap / len(eigen | andere)
                if jaccard > beste:
                    beste, beste_beroep, gedeeld = jaccard, b, overlap
        if beste_beroep is not None and beste > 0:
            delen.append(Onderdeel("beroep", g["beroep"] * min(1.0, beste * 2), g["beroep"],
                                   f"Verwant aan {beroepnamen.get(beste_beroep, 'gewenst beroep')} "
                                   f"({gedeeld} gedeelde {'vaardigheid' if gedeeld == 1 else 'vaardigheden'})"))
        else:
            delen.append(Onderdeel("beroep", 0, g["beroep"], "Niet het gezochte beroep"))

    # Required skills: coverage, squared so that a missing required skill weighs heavily.
    if v.vereist:
        heeft = v.vereist & k.vaardigheden
        dekking = len(heeft) / len(v.vereist)
        uitleg = f"{len(heeft)} van {len(v.vereist)} vereiste vaardigheden"
        if ontbreekt := v.vereist - k.vaardigheden:
            uitleg += f" (mist: {_namen(ontbreekt, namen)})"
            mist.append(f"vereiste vaardigheden: {_namen(ontbreekt, namen)}")
        delen.append(Onderdeel("vereist", g["vereist"] * dekking ** 2, g["vereist"], uitleg))
    else:
        delen.append(Onderdeel("vereist", g["vereist"], g["vereist"], "Geen vereiste vaardigheden"))
    if v.gewenst:
        heeft = v.gewenst & k.vaardigheden
        delen.append(Onderdeel("gewenst", g["gewenst"] * len(heeft) / len(v.gewenst), g["gewenst"],
                               f"{len(heeft)} van {len(v.gewenst)} gewenste vaardigheden"))

    # Travel distance against the kandidaat's own maximum.
    if None in (v.lat, v.lon, k.lat, k.lon):
        delen.append(Onderdeel("afstand", 0, g["afstand"], "Afstand onbekend"))
    else:
        km = afstand_km(v.lat, v.lon, k.lat, k.lon)
        maximum = k.max_km or STANDAARD_MAX_KM
        punten = g["afstand"] * (1 - 0.5 * km / maximum) if km <= maximum else 0
        delen.append(Onderdeel("afstand", punten, g["afstand"], f"{km:.0f} km (max {maximum})"))

    # Hours.
    if k.uren:
        verhouding = min(k.uren, v.uren) / max(k.uren, v.uren)
        delen.append(Onderdeel("uren", g["uren"] * verhouding, g["uren"], f"{k.uren} van {v.uren} uur"))
    else:
        delen.append(Onderdeel("uren", g["uren"] / 2, g["uren"], f"Geen voorkeur voor uren ({v.uren} uur)"))

    if v.contracttype and k.contracttype:
        past = v.contracttype == k.contracttype
        uitleg = f"Zoekt {CONTRACTEN.get(k.contracttype, k.contracttype)}"
        if not past:
            uitleg += f", dit is {CONTRACTEN.get(v.contracttype, v.contracttype)}"
        delen.append(Onderdeel("contract", g["contract"] if past else 0, g["contract"], uitleg))
    if v.startdatum and k.beschikbaar_per:
        op_tijd = k.beschikbaar_per <= v.startdatum
        delen.append(Onderdeel("start", g["start"] if op_tijd else 0, g["start"],
                               "Beschikbaar bij de start" if op_tijd else "Pas later beschikbaar"))
    if v.rijbewijs:
        heeft = v.rijbewijs in (k.rijbewijs or "")
        if not heeft:
            mist.append(f"rijbewijs {v.rijbewijs}")
        delen.append(Onderdeel("rijbewijs", g["rijbewijs"] if heeft else 0, g["rijbewijs"],
                               f"Rijbewijs {v.rijbewijs} {'aanwezig' if heeft else 'nodig, heeft het niet'}"))
    if v.taalniveau:
        gevraagd = TAALNIVEAUS[v.taalniveau]
        if not k.taalniveau:
            delen.append(Onderdeel("taal", g["taal"] / 2, g["taal"], f"Niveau Nederlands onbekend (gevraagd {gevraagd})"))
        else:
            eigen = "moedertaal" if k.taalniveau == 6 else TAALNIVEAUS[k.taalniveau]
            if k.taalniveau < v.taalniveau:
                mist.append(f"Nederlands op niveau {gevraagd} (heeft {eigen})")
            delen.append(Onderdeel("taal", g["taal"] if k.taalniveau >= v.taalniveau else 0, g["taal"],
                                   f"Nederlands {eigen} (gevraagd {gevraagd})"))
    # The werkgever's stated openness, only where it concerns this kandidaat (banenafspraak).
    if k.doelgroepregister and v.open_doelgroepregister is not None:
        open_ = v.open_doelgroepregister
        delen.append(Onderdeel("doelgroep", g["doelgroep"] if open_ else 0, g["doelgroep"],
                               "Werkgever staat open voor het doelgroepregister" if open_
                               else "Werkgever staat niet open voor het doelgroepregister"))

    maximum = sum(o.maximum for o in delen)
    totaal = 100 * sum(o.punten for o in delen) / maximum if maximum else 0
    return Resultaat(kandidaat_id=k.id, vacature_id=v.id, totaal=totaal, onderdelen=delen, mist=mist)


def volgorde(r: Resultaat):
    """Who fits every hard requirement comes first, then the highest score, then the lowest id."""
    return (not r.past, -r.totaal, r.kandidaat_id)


def rangschik(v, kandidaten, *, top=25, **kwargs):
    """The ``top`` best kandidaten, best first (see ``volgorde``)."""
    resultaten = [score(v, k, **kwargs) for k in kandidaten]
    resultaten.sort(key=volgorde)
    return resultaten[:top]
