#!/usr/bin/env python
"""Benchmark of the retention purge of the verwerkingenlog: prints figures, passes or fails nothing.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/klantreis_inzage \\
        .venv/bin/python bench/opschonen.py --regels 500000

A country writes millions of log lines a day, and the nightly purge removes what is past the bewaartermijn: a
day's worth, or weeks' worth after the beat was down. This script writes ``--regels`` lines (each naming one
person) older than the bewaartermijn, in SQL on PostgreSQL, and times the purge (``accounts.services.
verwerkingen_opschonen``) in a child process, with that process's peak memory; then it writes them again and does
the same with the purge as it was before (all lines at once, as model instances, in one transaction: the baseline,
in the same run). The lines that are younger stay untouched. Run it on a copy of a demo database.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "klantreis.settings")
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()  # the models below need the app registry; this file is a script, never imported

from django.conf import settings  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.db import connection  # noqa: E402

from accounts.models import Verwerking  # noqa: E402
from werkzoekenden.models import Kandidaat  # noqa: E402

KIND = """
import os, resource, sys, time
sys.path.insert(0, {pad!r})
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "klantreis.settings")
import django
django.setup()
from datetime import timedelta
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from accounts.models import Verwerking, VerwerkingBetrokkene
from accounts.services import verwerkingen_opschonen


def vroeger():
    grens = timezone.now() - timedelta(days=settings.BEWAARTERMIJN_VERWERKINGENLOG_DAGEN)
    aantal = Verwerking.objects.filter(tijdstip__lt=grens).count()
    with transaction.atomic():
        VerwerkingBetrokkene._base_manager.filter(verwerking__tijdstip__lt=grens).delete()
        Verwerking._base_manager.filter(tijdstip__lt=grens).delete()
    return aantal


voor = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
begin = time.perf_counter()
aantal = vroeger() if {manier!r} == "vroeger" else verwerkingen_opschonen(droog=False)
duur = time.perf_counter() - begin
print(aantal, duur, voor, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def vullen(aantal):
    ct = ContentType.objects.get_for_model(Kandidaat).pk
    dagen = settings.BEWAARTERMIJN_VERWERKINGENLOG_DAGEN + 30
    with connection.cursor() as cursor:
        cursor.execute("""
            WITH regels AS (
                INSERT INTO accounts_verwerking (tijdstip, gebruiker_omschrijving, rol, organisatie, actie, wat,
                    content_type_id, object_id, object_omschrijving, doel, details)
                SELECT now() - %(dagen)s * interval '1 day' - g * interval '1 second', 'Klantmanager', 'klantmanager',
                    'Gemeente Arnhem', 'inzien', 'dossier', %(ct)s, (20000000 + g)::text, 'Kandidaat ' || g,
                    'begeleiding naar werk', ''
                FROM generate_series(1, %(n)s) AS g
                RETURNING id, content_type_id, object_id, object_omschrijving)
            INSERT INTO accounts_verwerkingbetrokkene (verwerking_id, content_type_id, object_id, omschrijving)
            SELECT id, content_type_id, object_id, object_omschrijving FROM regels""",
                       {"dagen": dagen, "ct": ct, "n": aantal})
        cursor.execute("VACUUM ANALYZE accounts_verwerking")
        cursor.execute("VACUUM ANALYZE accounts_verwerkingbetrokkene")


def meten(manier):
    kind = subprocess.run([sys.executable, "-c", KIND.format(pad=str(Path(__file__).resolve().parent.parent),
                                                               manier=manier)],
                          capture_output=True, text=True, env=os.environ, check=True)
    aantal, duur, voor, piek = kind.stdout.split()
    return int(aantal), float(duur), int(voor) / 1024, int(piek) / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--regels", type=int, default=500_000, help="zoveel regels ouder dan de bewaartermijn")
    args = parser.parse_args()
    if args.regels < 1:
        parser.error("--regels is 1 of meer")
    if connection.vendor != "postgresql":
        sys.exit("Dit script schrijft met SQL van PostgreSQL: zet DATABASE_URL op een PostgreSQL-database.")
    print(f"database {connection.settings_dict['NAME']}, {Verwerking.objects.count():,} regels in de log, "
          f"{args.regels:,} oude erbij per meting\n")
    for manier in ("nu", "vroeger"):
        begin = time.perf_counter()
        vullen(args.regels)
        gevuld = time.perf_counter() - begin
        aantal, duur, voor, piek = meten(manier)
        print(f"{manier:8} {aantal:>10,} regels weg in {duur:7.1f} s  piekgeheugen {piek:7.0f} MB "
              f"(na het opstarten {voor:5.0f} MB)  [vullen {gevuld:.0f} s]")


if __name__ == "__main__":
    main()
