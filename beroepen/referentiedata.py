"""Load the ESCO occupations and skills (Dutch labels) shipped in ``beroepen/data/`` (README: sources).

Idempotent: matched on the ESCO URI. Every skill is loaded: about half have no Dutch label in ESCO, and
leaving them out left 42% of the essential skills of real occupations unknown, so a vacature could not
require them and matching could not see them. Those carry their English label, marked ``alleen_engels``.
"""

import csv
import gzip
from pathlib import Path

from django.db import connection, transaction

from beroepen.models import Beroep, BeroepVaardigheid, Vaardigheid
from beroepen.selectors import vergeet_referentiedata
from klantreis.lib.bulk import rijen_invoegen

DATA_DIR = Path(__file__).resolve().parent / "data"


def _csv(path):
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def _upsert(model, rijen, velden):
    """New URIs are inserted; a known one is updated only when a field differs from what is stored, so loading
    the same files again reads the tables and writes nothing (it rewrote all 17,000 rows). New rows go in
    without model instances (COPY on PostgreSQL: a first load took 10 s of CPU, most of it building and
    compiling 141,000 instances for ``bulk_create``)."""
    bestaand = {uri: (pk, waarden) for uri, pk, *waarden in model.objects.values_list("uri", "pk", *velden)}
    rijen_invoegen(model, ["uri", *velden],
                   [(uri, *(w[veld] for veld in velden)) for uri, w in rijen.items() if uri not in bestaand])
    gewijzigd = [model(pk=bestaand[uri][0], uri=uri, **w) for uri, w in rijen.items()
                 if uri in bestaand and [w[veld] for veld in velden] != bestaand[uri][1]]
    model.objects.bulk_update(gewijzigd, velden, batch_size=2000)
    return dict(model.objects.values_list("uri", "pk"))


@transaction.atomic
def laad_beroepen_en_vaardigheden():
    beroepen = {}
    for row in _csv(DATA_DIR / "esco_occupations_nl.csv"):
        # Four URIs occur twice (only modifiedDate differs): keep the latest.
        vorige = beroepen.get(row["conceptUri"])
        if vorige and vorige["_datum"] >= row["modifiedDate"]:
            continue
        beroepen[row["conceptUri"]] = {
            "_datum": row["modifiedDate"],
            "naam": row["preferredLabel"][:200],
            "synoniemen": "\n".join(a.strip() for a in row["altLabels"].splitlines() if a.strip()),
            "isco_code": row["iscoGroup"][:4],
            "omschrijving": row["description"],
        }
    for waarden in beroepen.values():
        waarden.pop("_datum")
    beroep_pk = _upsert(Beroep, beroepen, ["naam", "synoniemen", "isco_code", "omschrijving"])

    vaardigheden = {
        row["conceptUri"]: {
            "naam": (row["preferredLabel_nl"] or row["preferredLabel_en"])[:300],
            "naam_en": row["preferredLabel_en"][:300],
            "alleen_engels": not row["preferredLabel_nl"],
            "synoniemen": "\n".join(a.strip() for a in row["altLabels_nl"].split("|") if a.strip()),
        }
        for row in _csv(DATA_DIR / "esco_skills_nl.csv")
        if row["preferredLabel_nl"] or row["preferredLabel_en"]
    }
    vaardigheid_pk = _upsert(Vaardigheid, vaardigheden, ["naam", "naam_en", "alleen_engels", "synoniemen"])
    _statistieken_bijwerken(Beroep, Vaardigheid)  # before the relations: their foreign-key checks are planned anew

    relaties = {}
    for bestand in ("esco_occupationSkillRelations_v1.1.1.csv.gz", "esco_occupationSkillRelations_v1.2.0_supplement.csv"):
        for row in _csv(DATA_DIR / bestand):
            b, v = beroep_pk.get(row["occupationUri"]), vaardigheid_pk.get(row["skillUri"])
            if b and v:
                essentieel = row["relationType"] == "essential"
                relaties[(b, v)] = relaties.get((b, v), False) or essentieel
    bestaand = set(BeroepVaardigheid.objects.values_list("beroep_id", "vaardigheid_id"))
    rijen_invoegen(BeroepVaardigheid, ["beroep_id", "vaardigheid_id", "essentieel"],
                   [(b, v, e) for (b, v), e in relaties.items() if (b, v) not in bestaand])
    _statistieken_bijwerken(BeroepVaardigheid)
    vergeet_referentiedata()
    return len(beroep_pk), len(vaardigheid_pk), len(relaties)


def _statistieken_bijwerken(*modellen):
    """ANALYZE the tables just filled (PostgreSQL), as autovacuum would some time later. A connection keeps the plan
    of each foreign-key check from its first uses: one made while these tables held a few rows reads the whole table
    per check. In the test suite, where factories had made a few occupations on the same connection, the 120,000
    relations loaded here were checked that way: at the end of the transaction, 54-62 s instead of 1 s
    (docs/benchmarks.md, negenentwintigste sessie), and, with the checks per statement in a module's transaction,
    during the load itself (a setup of 117 s). Fresh statistics of the occupations and skills, before the relations
    go in, make PostgreSQL plan those checks again."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(m._meta.db_table) for m in modellen))
