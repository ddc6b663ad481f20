#!/usr/bin/env python
"""Benchmark of ``manage.py import_kandidaten``: prints figures, passes or fails nothing.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/klantreis_demo \\
        .venv/bin/python bench/importeren.py --regels 70000 [--baseline /tmp/oude_code] [--schrijven]

Writes a CSV of ``--regels`` kandidaten as a source system exports them (real postcodes, ESCO beroepen and
vaardigheden from the database, the demo's klantmanager), about 230 bytes a row (ESCO names are long; 70,000
rows: 16 MB), and times ``import_kandidaten --dry-run`` on it in a child process: wall and CPU seconds, peak
memory (``/usr/bin/time``; on a shared machine the CPU seconds are the steadier figure).
``--baseline DIR`` runs the same command from another checkout too (``git archive <commit> | tar -x -C DIR``
and a symlink to .venv), on the same file and database: the figures before a change, in the same run.
``--schrijven`` also imports for real and then once more (nothing new the second time), in a transaction each.
On PostgreSQL each code imports into its own copy of the database (``CREATE DATABASE ... TEMPLATE``, dropped
afterwards), so the old and the new code both make a first import and the database is left as it was; on SQLite
run it on a copy of a demo database, it leaves the kandidaten behind. Run with DEBUG=false (and a SECRET_KEY) to
measure what production holds: with DEBUG every statement's text is kept in memory.
"""

import argparse
import contextlib
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

HIER = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(HIER))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "klantreis.settings")
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402
import psycopg2  # noqa: E402
from psycopg2 import sql  # noqa: E402

django.setup()  # the models below need the app registry; this file is a script, never imported

from django.db import connection  # noqa: E402

from accounts.models import Postcodegebied, Rol, User  # noqa: E402
from beroepen.models import Beroep, Vaardigheid  # noqa: E402

KOP = ("referentie;voornaam;achternaam;email;telefoon;postcode;uitkering;klantmanager;gewenste_beroepen;"
       "vaardigheden;gewenste_uren;beschikbaar_per")


def bestand_maken(pad, aantal, *, seed=7):
    kans = random.Random(seed)
    postcodes = list(Postcodegebied.objects.values_list("pc4", flat=True)[:400])
    beroepen = list(Beroep.objects.order_by("pk").values_list("naam", flat=True)[:300])
    vaardigheden = list(Vaardigheid.objects.order_by("pk").values_list("naam", flat=True)[:800])
    km = User.objects.filter(rol=Rol.KLANTMANAGER, is_active=True).order_by("pk").values_list("email", flat=True)
    klantmanagers = list(km[:5])
    if not (postcodes and beroepen and vaardigheden and klantmanagers):
        sys.exit("Geen referentiedata of klantmanagers: draai referentiedata_laden en demo eerst.")
    with open(pad, "w", encoding="utf-8", newline="") as f:
        f.write(KOP + "\r\n")
        for n in range(aantal):
            f.write(";".join([
                f"B-{n:07d}", f"Voornaam{n}", f"van Achternaam{n % 997}", f"kandidaat{n}@example.nl",
                f"06{kans.randrange(10**8):08d}", f"{kans.choice(postcodes)} AB", kans.choice(["ww", "bijstand"]),
                kans.choice(klantmanagers), kans.choice(beroepen), "|".join(kans.sample(vaardigheden, 2)),
                str(kans.randrange(8, 41)), "01-03-2027"]) + "\r\n")
    return pad


def meten(code, pad, *extra, omgeving=None):
    """(seconds, peak MB, last line of the report) of one import in a child process run from ``code``."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tijd:
        kind = subprocess.run(["/usr/bin/time", "-o", tijd.name, "-f", "%e %U %S %M", str(code / ".venv/bin/python"),
                               "manage.py", "import_kandidaten", str(pad), *extra],
                              cwd=code, capture_output=True, text=True, env=omgeving or os.environ)
        duur, user, sys_, piek = tijd.read().split()[-4:]
    uitvoer = (kind.stdout.strip() or kind.stderr.strip()).splitlines()
    return float(duur), float(user) + float(sys_), int(piek) / 1024, (uitvoer[-1] if uitvoer else "")[:90]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--regels", type=int, default=70_000)
    parser.add_argument("--baseline", type=Path, help="een checkout van de code van vóór de wijziging")
    parser.add_argument("--schrijven", action="store_true", help="ook echt importeren, twee keer")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as map_:
        pad = bestand_maken(Path(map_) / "kandidaten.csv", args.regels)
        print(f"{args.regels:,} regels, {pad.stat().st_size / 1e6:.1f} MB\n")
        codes = [("nu", HIER)] + ([("baseline", args.baseline.resolve())] if args.baseline else [])
        for naam, code in codes:
            duur, cpu, piek, regel = meten(code, pad, "--dry-run")
            print(f"{naam:9} --dry-run      {duur:6.1f} s (cpu {cpu:5.1f} s)  piek {piek:5.0f} MB  | {regel}")
        if args.schrijven:
            for naam, code in codes if connection.vendor == "postgresql" else codes[:1]:
                with kopie_van_de_database(naam) as omgeving:
                    for keer in ("eerste", "tweede"):
                        duur, cpu, piek, regel = meten(code, pad, omgeving=omgeving)
                        print(f"{naam:9} {keer} import {duur:6.1f} s (cpu {cpu:5.1f} s)  piek {piek:5.0f} MB  "
                              f"| {regel}")


@contextlib.contextmanager
def kopie_van_de_database(naam):
    """The environment of a child process that works on a fresh copy of this PostgreSQL database, dropped after."""
    if connection.vendor != "postgresql":
        yield os.environ
        return
    bron = connection.settings_dict["NAME"]
    kopie = f"{bron}_bench_{naam}"
    connection.close()  # a database with sessions cannot be the template of a copy
    beheer = psycopg2.connect(dbname="postgres", user=connection.settings_dict["USER"],
                              host=connection.settings_dict["HOST"], port=connection.settings_dict["PORT"] or 5432,
                              password=connection.settings_dict["PASSWORD"] or None)
    beheer.autocommit = True
    try:
        with beheer.cursor() as cursor:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(kopie)))
            cursor.execute(sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(kopie),
                                                                           sql.Identifier(bron)))
        url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + kopie
        yield {**os.environ, "DATABASE_URL": url}
    finally:
        with beheer.cursor() as cursor:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(kopie)))
        beheer.close()


if __name__ == "__main__":
    main()
