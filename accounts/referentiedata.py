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
    regios = {}
    for row in _rows(REGIO_CSV):
        regio, _ = Arbeidsmarktregio.objects.update_or_create(
            code=row["arbeidsmarktregiocode"], defaults={"naam": row["arbeidsmarktregio"]}
        )
        regios[regio.code] = regio
    bestaand = {g.code: g for g in Gemeente.objects.all()}
    nieuw, gewijzigd = [], []
    for row in _rows(GEMEENTE_CSV):
        waarden = {
            "naam": row["gemeentenaam"],
            "provincie": row["provincie"],
            "regio": regios[row["arbeidsmarktregiocode"]],
            "lat": float(row["lat"]),
            "lon": float(row["lon"]),
        }
        gemeente = bestaand.get(row["gemeentecode"])
        if gemeente is None:
            nieuw.append(Gemeente(code=row["gemeentecode"], **waarden))
        else:
            for veld, waarde in waarden.items():
                setattr(gemeente, veld, waarde)
            gewijzigd.append(gemeente)
    Gemeente.objects.bulk_create(nieuw)
    Gemeente.objects.bulk_update(gewijzigd, ["naam", "provincie", "regio", "lat", "lon"])
    return len(regios), len(nieuw) + len(gewijzigd)


def pc4_per_gemeente():
    """{gemeentecode: [pc4, ...]}: real postcode areas, used to give demo people real addresses."""
    result = {}
    for row in _rows(PC4_CSV):
        result.setdefault(row["gemeentecode"], []).append(row["pc4"])
    return result


def laad_postcodegebieden(Gemeente, Postcodegebied):
    """Create or update the 4,086 PC4 areas with their centre and gemeente."""
    gemeenten = dict(Gemeente.objects.values_list("code", "pk"))
    bestaand = {p.pc4: p for p in Postcodegebied.objects.all()}
    nieuw, gewijzigd = [], []
    for row in _rows(PC4_CSV):
        waarden = {
            "lat": float(row["lat"]),
            "lon": float(row["lon"]),
            "woonplaatsen": row["woonplaatsen"].replace("|", ", ")[:300],
            "gemeente_id": gemeenten[row["gemeentecode"]],
        }
        gebied = bestaand.get(row["pc4"])
        if gebied is None:
            nieuw.append(Postcodegebied(pc4=row["pc4"], **waarden))
        else:
            for veld, waarde in waarden.items():
                setattr(gebied, veld, waarde)
            gewijzigd.append(gebied)
    Postcodegebied.objects.bulk_create(nieuw, batch_size=2000)
    Postcodegebied.objects.bulk_update(gewijzigd, ["lat", "lon", "woonplaatsen", "gemeente_id"], batch_size=2000)
    return len(nieuw) + len(gewijzigd)
