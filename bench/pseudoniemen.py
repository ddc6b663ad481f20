#!/usr/bin/env python
"""Benchmark of the migration that gives every existing kandidaat a pseudonym: prints figures, asserts nothing.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/klantreis_bench \\
        .venv/bin/python bench/pseudoniemen.py --aantal 1000000

On a migrated database with at least one kandidaat (``manage.py demo``): takes werkzoekenden back to
0011 (the column without codes), copies the first kandidaat ``--aantal`` times with one INSERT ... SELECT
generate_series (PostgreSQL only), and times ``migrate werkzoekenden`` forward: 0012 fills the codes in batches
of 10,000, 0013 adds the unique index. The copies stay (they are demo data without a name of their own).
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "klantreis.settings")
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from werkzoekenden.models import Kandidaat  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--aantal", type=int, default=1_000_000)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Alleen op PostgreSQL (DATABASE_URL=postgres://...).")
    eerste = Kandidaat.objects.order_by("pk").first()
    if eerste is None:
        sys.exit("Geen kandidaat om te kopiëren: draai eerst manage.py demo.")
    call_command("migrate", "werkzoekenden", "0011", verbosity=0)
    tabel = Kandidaat._meta.db_table
    kolommen = [f.column for f in Kandidaat._meta.concrete_fields if not f.generated
                if f.column not in ("id", "externe_referentie", "pseudoniem", "account_id", "email")]
    lijst = ", ".join(kolommen)
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {tabel} ({lijst}, externe_referentie, email) SELECT {lijst}, '', "
                       f"'kopie' || n || '@voorbeeld.nl' FROM {tabel}, generate_series(1, %s) AS n WHERE id = %s",
                       [args.aantal, eerste.pk])
        cursor.execute(f"UPDATE {tabel} SET pseudoniem = NULL")
        cursor.execute(f"SELECT count(*) FROM {tabel}")
        totaal = cursor.fetchone()[0]
    print(f"{totaal:,} kandidaten zonder pseudoniem (kopiëren: {time.perf_counter() - start:.1f} s)")
    start = time.perf_counter()
    call_command("migrate", "werkzoekenden", verbosity=0)
    duur = time.perf_counter() - start
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*), count(DISTINCT pseudoniem) FROM {tabel} WHERE pseudoniem IS NOT NULL")
        gevuld, uniek = cursor.fetchone()
    print(f"migratie 0012 + 0013: {duur:.1f} s voor {totaal:,} kandidaten; {gevuld:,} codes, {uniek:,} uniek")


if __name__ == "__main__":
    main()
