"""Load the CBS arbeidsmarktregio's and gemeenten shipped in ``accounts/data/`` (see README: sources).

Idempotent: rows are matched on their CBS code and updated in place, so running it again after a
new CBS release only changes what changed. Used by a data migration and by
``manage.py referentiedata_laden``.
"""

import csv
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
REGIO_CSV = DATA_DIR / "arbeidsmarktregios_2026.csv"
GEMEENTE_CSV = DATA_DIR / "gemeenten_2026_arbeidsmarktregio_centroid.csv"
PC4_CSV = DATA_DIR / "pc4_centroids_arbeidsmarktregio.csv"


def _rows(path):
    with open(path, encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def laad_regios_en_gemeenten(Arbeidsmarktregio, Gemeente):
    """Create or update all regions and gemeenten; returns (regio's, gemeenten) counted."""
    bestaand = {r.code: r for r in Arbeidsmarktregio.objects.all()}
    regios = {}  # the regions of the file: a gemeente of the file must lie in one of them
    for row in _rows(REGIO_CSV):
        regio = bestaand.get(row["arbeidsmarktregiocode"])
        if regio is None:
            regio = Arbeidsmarktregio.objects.create(code=row["arbeidsmarktregiocode"], naam=row["arbeidsmarktregio"])
        elif regio.naam != row["arbeidsmarktregio"]:
            regio.naam = row["arbeidsmarktregio"]
            regio.save(update_fields=["naam"])
        regios[regio.code] = regio
    _nieuw, _gewijzigd, gelezen = _bijwerken(
        Gemeente, {g.code: g for g in Gemeente.objects.all()},
        ((row["gemeentecode"], {"naam": row["gemeentenaam"], "provincie": row["provincie"],
                                "regio_id": regios[row["arbeidsmarktregiocode"]].pk,
                                "lat": float(row["lat"]), "lon": float(row["lon"])})
         for row in _rows(GEMEENTE_CSV)), sleutel="code")
    return len(regios), gelezen


def _bijwerken(model, bestaand, rijen, *, sleutel, batch_size=None):
    """Insert the rows of ``rijen`` ((key, values)) that ``bestaand`` (key -> instance) lacks, and update those whose
    values differ; an unchanged row writes nothing (loading the same files again rewrote all 4,086 postcode areas:
    4 of the 6 s that ``make run`` spent on the reference data at every start). Returns (new, changed, rows read)."""
    nieuw, gewijzigd, gelezen, velden = [], [], 0, set()
    for code, waarden in rijen:
        gelezen += 1
        rij = bestaand.get(code)
        if rij is None:
            nieuw.append(model(**{sleutel: code}, **waarden))
            continue
        anders = [veld for veld, waarde in waarden.items() if getattr(rij, veld) != waarde]
        for veld in anders:
            setattr(rij, veld, waarden[veld])
        if anders:
            gewijzigd.append(rij)
            velden.update(anders)
    model.objects.bulk_create(nieuw, batch_size=batch_size)
    if gewijzigd:
        model.objects.bulk_update(gewijzigd, sorted(velden), batch_size=batch_size)
    return nieuw, gewijzigd, gelezen


def pc4_per_gemeente():
    """{gemeentecode: [pc4, ...]}: real postcode areas, used to give demo people real addresses."""
    result = {}
    for row in _rows(PC4_CSV):
        result.setdefault(row["gemeentecode"], []).append(row["pc4"])
    return result


def laad_postcodegebieden(Gemeente, Postcodegebied):
    """Create or update the 4,086 PC4 areas with their centre and gemeente."""
    gemeenten = dict(Gemeente.objects.values_list("code", "pk"))
    _nieuw, _gewijzigd, gelezen = _bijwerken(
        Postcodegebied, {p.pc4: p for p in Postcodegebied.objects.all()},
        ((row["pc4"], {"lat": float(row["lat"]), "lon": float(row["lon"]),
                       "woonplaatsen": row["woonplaatsen"].replace("|", ", ")[:300],
                       "gemeente_id": gemeenten[row["gemeentecode"]]})
         for row in _rows(PC4_CSV)), sleutel="pc4", batch_size=2000)
    return gelezen
