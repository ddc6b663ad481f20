#!/usr/bin/env python
"""Benchmark of matching: prints figures, passes or fails nothing.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/klantreis_bench \\
        .venv/bin/python bench/matching.py --vul --kandidaten 1000000 --vacatures 10000

measures, on whatever database DATABASE_URL points at (the embedded SQLite default without it):

* building the per-process index (time, peak Python/numpy memory, process RSS);
* ranking one vacature against all findable kandidaten of its arbeidsmarktregio, and of the whole country
  (top 25 with explanations), each for ``--herhalingen`` different vacatures: median and p95;
* ranking one kandidaat against all open vacatures of the region and of the country;
* the baseline: a straightforward per-object Python loop over the ORM for one vacature and its region
  (measured on ``--baseline-steekproef`` kandidaten and scaled linearly to the whole region, unless
  ``--baseline-volledig``), and the ratio to the fast path.

``--vul`` first runs ``manage.py demo --kandidaten N --vacatures M`` (it tops up, so a second run adds
nothing); with ``--regio`` the bulk goes to that region first so that one region holds N kandidaten.
"""

import argparse
import os
import platform
import random
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "klantreis.settings")
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()  # the models below need the app registry; this file is a script, never imported

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from accounts.models import Arbeidsmarktregio  # noqa: E402
from beroepen.selectors import beroep_vaardigheden  # noqa: E402
from matching import engine  # noqa: E402
from matching.index import index  # noqa: E402
from matching.ranking import kandidaten_voor_vacature, vacatures_voor_kandidaat  # noqa: E402
from matching.selectors import _coord as engine_coord  # noqa: E402
from matching.selectors import matchgewichten, vacature_profiel, vindbare_kandidaten  # noqa: E402
from werkgevers.models import Vacature  # noqa: E402
from werkzoekenden.models import Kandidaat  # noqa: E402


def _ms(seconden):
    return seconden * 1000


def _p95(waarden):
    waarden = sorted(waarden)
    return waarden[min(len(waarden) - 1, int(round(0.95 * (len(waarden) - 1))))]


def _meet(naam, functie, argumenten):
    tijden = []
    for arg in argumenten:
        start = time.perf_counter()
        functie(arg)
        tijden.append(time.perf_counter() - start)
    print(f"{naam:<58} mediaan {_ms(statistics.median(tijden)):8.1f} ms   p95 {_ms(_p95(tijden)):8.1f} ms"
          f"   (n={len(tijden)})")
    return statistics.median(tijden)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--vul", action="store_true", help="Eerst vullen met manage.py demo.")
    parser.add_argument("--kandidaten", type=int, default=100000)
    parser.add_argument("--vacatures", type=int, default=10000)
    parser.add_argument("--regio", default="AM07", help="Arbeidsmarktregio om te meten (standaard AM07).")
    parser.add_argument("--herhalingen", type=int, default=30)
    parser.add_argument("--baseline-steekproef", type=int, default=2000)
    parser.add_argument("--baseline-volledig", action="store_true")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    if args.vul:
        call_command("demo", kandidaten=args.kandidaten, vacatures=args.vacatures, regio=[args.regio])

    regio = Arbeidsmarktregio.objects.get(code=args.regio)
    db = settings.DATABASES["default"]
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{connection.vendor} {connection.Database.sqlite_version if connection.vendor == 'sqlite' else connection.pg_version}"
          f" ({db['NAME']})")
    totaal = Kandidaat.objects.count()
    in_regio = Kandidaat.objects.filter(regio=regio).count()
    open_vacatures = Vacature.objects.filter(status=Vacature.Status.OPEN).count()
    print(f"Kandidaten: {totaal:,} in Nederland, {in_regio:,} in {regio.naam} ({regio.code}); "
          f"open vacatures: {open_vacatures:,}")

    # --- building the index ---------------------------------------------------------------------------
    tracemalloc.start()
    start = time.perf_counter()
    basis = index().bouw()
    bouwtijd = time.perf_counter() - start
    _, piek = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"Index gebouwd: {basis.n:,} vindbare kandidaten in {bouwtijd:.1f} s; piek Python/numpy-geheugen "
          f"{piek / 2**20:,.0f} MB; procesgeheugen (max RSS) {rss:,.0f} MB")

    rng = random.Random(args.seed)
    vacature_ids = list(Vacature.objects.filter(regio=regio, status=Vacature.Status.OPEN, beroep__isnull=False)
                        .values_list("pk", flat=True))
    vacatures = [Vacature.objects.select_related("werkgever").get(pk=pk)
                 for pk in rng.sample(vacature_ids, min(args.herhalingen, len(vacature_ids)))]
    kandidaat_ids = list(Kandidaat.objects.filter(regio=regio).values_list("pk", flat=True)[:50000])
    kandidaten = list(Kandidaat.objects.filter(pk__in=rng.sample(kandidaat_ids, min(args.herhalingen,
                                                                                      len(kandidaat_ids)))))
    # One ranking first, so the first measurement does not pay for catching up once.
    kandidaten_voor_vacature(vacatures[0])

    print()
    regio_ms = _meet(f"Vacature tegen regio ({in_regio:,} kandidaten), top 25", kandidaten_voor_vacature, vacatures)
    land_ms = _meet(f"Vacature tegen heel Nederland ({totaal:,}), top 25",
                    lambda v: kandidaten_voor_vacature(v, heel_nederland=True), vacatures)
    _meet("Kandidaat tegen open vacatures in de regio, top 25", vacatures_voor_kandidaat, kandidaten)
    _meet(f"Kandidaat tegen alle {open_vacatures:,} open vacatures, top 25",
          lambda k: vacatures_voor_kandidaat(k, heel_nederland=True), kandidaten)

    # --- baseline -------------------------------------------------------------------------------------
    vacature = vacatures[0]
    alle = vindbare_kandidaten(vacature)
    aantal = alle.count()
    steekproef = aantal if args.baseline_volledig else min(aantal, args.baseline_steekproef)

    def per_object():
        """What one writes first: every kandidaat an ORM object, its skills and wishes fetched one by one."""
        v = vacature_profiel(vacature)
        gewichten, per_beroep = matchgewichten(), beroep_vaardigheden()
        resultaten = []
        for k in alle.order_by("pk")[:steekproef]:
            lat, lon = engine_coord(k.postcode)
            profiel = engine.KandidaatProfiel(
                id=k.pk, lat=lat, lon=lon, max_km=k.max_reisafstand_km, uren=k.gewenste_uren,
                vaardigheden=frozenset(x.pk for x in k.vaardigheden.all()),
                beroepen=frozenset(x.pk for x in k.gewenste_beroepen.all()), rijbewijs=k.rijbewijs,
                beschikbaar_per=k.beschikbaar_per, contracttype=k.gewenst_contracttype,
                taalniveau=engine.taalniveau_nederlands(k.talen), doelgroepregister=k.doelgroepregister)
            resultaten.append(engine.score(v, profiel, gewichten=gewichten, beroep_vaardigheden=per_beroep))
        resultaten.sort(key=lambda r: (-r.totaal, r.kandidaat_id))
        return resultaten[:25]

    start = time.perf_counter()
    per_object()
    gemeten = time.perf_counter() - start
    geschat = gemeten * aantal / max(steekproef, 1)
    wijze = "volledig gemeten" if steekproef == aantal else f"gemeten op {steekproef:,}, lineair doorgerekend"
    print()
    print(f"Baseline per-object ORM-lus, vacature tegen regio ({aantal:,} vindbaar): {geschat:,.1f} s ({wijze})")
    print(f"Snelheidswinst regio: {geschat / regio_ms:,.0f}x   (snel pad mediaan {_ms(regio_ms):.1f} ms)")
    print(f"Procesgeheugen na afloop (max RSS): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB")
    print(f"Doel: regio <= 20 ms mediaan (PostgreSQL), land <= 100 ms; SQLite binnen 3x. "
          f"Gemeten: regio {_ms(regio_ms):.1f} ms, land {_ms(land_ms):.1f} ms.")


if __name__ == "__main__":
    main()
