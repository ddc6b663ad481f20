#!/usr/bin/env python
"""Benchmark of matching: prints figures, passes or fails nothing.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/klantreis_bench \\
        .venv/bin/python bench/matching.py --vul --kandidaten 1000000 --vacatures 10000

measures, on whatever database DATABASE_URL points at (the embedded SQLite default without it):

* building the per-process index (time, peak Python/numpy memory, process RSS);
* ranking one vacature against all findable kandidaten of its arbeidsmarktregio, and of the whole country
  (top 25 with explanations), each for ``--herhalingen`` different vacatures: median and p95, and how many 8 kB
  blocks the database read from storage per ranking (not from memory); then the same vacatures once more, when
  what the first round read is in memory;
* ranking one kandidaat against all open vacatures of the region and of the country (top 25 with explanations),
  through the vacature index, and the old path (every open vacature read and scored in Python) as the baseline
  in the same run; the same for the dossier page (``/dossiers/<pk>/``, Willem of the demo seen by Jeske, whose
  "Vacatures die passen" is this ranking). ``--alleen-omgekeerd`` measures only this direction (it needs no
  kandidaat index, so no million kandidaten);
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
from bench.load import server_env  # noqa: E402

# The server's settings, as bench/load.py and bench/paginas.py use them: DEBUG off (with DEBUG on Django keeps every
# query's SQL and time, which a ranking of a few queries notices), no second factor (the dossier page is measured
# with force_login).
os.environ.update(server_env(argparse.Namespace(conn_max_age=None)))
os.environ["ALLOWED_HOSTS"] = "localhost"

import django  # noqa: E402

django.setup()  # the models below need the app registry; this file is a script, never imported

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from accounts.models import Arbeidsmarktregio  # noqa: E402
from beroepen.selectors import beroep_vaardigheden  # noqa: E402
from matching import engine, ranking  # noqa: E402
from matching.index import KANDIDATEN_PER_RONDE, Filters, index, vacature_index, zoeken  # noqa: E402
from matching.ranking import kandidaten_voor_vacature, vacatures_voor_kandidaat  # noqa: E402
from matching.selectors import _coord as engine_coord  # noqa: E402
from matching.selectors import (  # noqa: E402
    kandidaat_profielen,
    matchgewichten,
    vacature_profiel,
    vacature_profielen,
    vindbare_kandidaten,
)
from werkgevers.models import Vacature  # noqa: E402
from werkzoekenden.models import Kandidaat  # noqa: E402


def _ms(seconden):
    return seconden * 1000


def _p95(waarden):
    waarden = sorted(waarden)
    return waarden[min(len(waarden) - 1, int(round(0.95 * (len(waarden) - 1))))]


def _schijf():
    """Bytes this connection's PostgreSQL backend has read from storage so far (``/proc/<pid>/io``: reads the
    operating system's page cache answered are not counted), when the server runs on this machine; else None."""
    if connection.vendor != "postgresql":
        return None
    connection.ensure_connection()
    try:
        regels = Path(f"/proc/{connection.connection.get_backend_pid()}/io").read_text().splitlines()
        return next(int(r.split()[1]) for r in regels if r.startswith("read_bytes:"))
    except (OSError, ValueError, IndexError, StopIteration):
        return None


def _meet(naam, functie, argumenten):
    """Wall-clock median and p95; the median CPU time of this process, which a busy machine inflates less
    (it leaves out waiting for a core and for the database); and what the database read from storage meanwhile
    (8 kB blocks per call): a block that is neither in PostgreSQL's shared buffers nor in the page cache of the
    operating system costs a read from disk, ~0.07 ms each on these machines against ~0.006 ms from memory."""
    tijden, cpu = [], []
    schijf_begin = _schijf()
    for arg in argumenten:
        start, start_cpu = time.perf_counter(), time.process_time()
        functie(arg)
        tijden.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    schijf_eind = _schijf()
    schijf = ("" if schijf_begin is None or schijf_eind is None
              else f"; van schijf {(schijf_eind - schijf_begin) / 8192 / len(tijden):.0f} blokken per keer")
    print(f"{naam:<58} mediaan {_ms(statistics.median(tijden)):8.1f} ms   p95 {_ms(_p95(tijden)):8.1f} ms"
          f"   (n={len(tijden)}; cpu {_ms(statistics.median(cpu)):.1f} ms{schijf})")
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
    parser.add_argument("--alleen-omgekeerd", action="store_true",
                        help="Alleen kandidaat tegen vacatures meten (en de dossierpagina), zonder kandidaat-index.")
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

    if args.alleen_omgekeerd:
        omgekeerd(regio, open_vacatures, args)
        return

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
    # Same answers first: the pruned choice of the index against scoring every row, region and country.
    zelfde_als_alles(vacatures, regio)

    print()
    regio_ms = _meet(f"Vacature tegen regio ({in_regio:,} kandidaten), top 25", kandidaten_voor_vacature, vacatures)
    land_ms = _meet(f"Vacature tegen heel Nederland ({totaal:,}), top 25",
                    lambda v: kandidaten_voor_vacature(v, heel_nederland=True), vacatures)
    # The same vacatures once more: what the first round read from disk is now in memory, as on a database server
    # that holds its working set (the first round is the figure of record; this one shows what the disk cost).
    regio_warm_ms = _meet("  nog eens, dezelfde vacatures, regio", kandidaten_voor_vacature, vacatures)
    land_warm_ms = _meet("  nog eens, dezelfde vacatures, heel Nederland",
                         lambda v: kandidaten_voor_vacature(v, heel_nederland=True), vacatures)
    omgekeerd(regio, open_vacatures, args, kandidaten=kandidaten)

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
    print(f"Doel (issue #16): regio <= 5 ms mediaan (PostgreSQL), land <= 25 ms. "
          f"Gemeten: regio {_ms(regio_ms):.1f} ms, land {_ms(land_ms):.1f} ms (nog eens, uit het geheugen: regio "
          f"{_ms(regio_warm_ms):.1f} ms, land {_ms(land_warm_ms):.1f} ms).")


def zelfde_als_alles(vacatures, regio):
    """The index's pruned choice (``matching.index.zoeken``) must be the choice of scoring every row: the same ids
    in the same order, for every measured vacature, its region and the country."""
    gewichten, filters = matchgewichten(), Filters()
    stappen = {}
    for vacature in vacatures:
        v = vacature_profiel(vacature)
        for regio_id in (regio.pk, None):
            kwargs = dict(regio_id=regio_id, werkgever_id=vacature.werkgever_id, gewichten=gewichten,
                          filters=filters, aantal=25 + KANDIDATEN_PER_RONDE)
            gesnoeid = index().kandidaat_ids(v, **kwargs)
            stap = zoeken.laatste_stap()
            klein, zoeken.KLEIN = zoeken.KLEIN, float("inf")
            try:
                alles = index().kandidaat_ids(v, **kwargs)
            finally:
                zoeken.KLEIN = klein
            if gesnoeid != alles:
                raise SystemExit(f"Verschil voor vacature {vacature.pk} (regio {regio_id}): {gesnoeid} != {alles}")
            stappen[stap] = stappen.get(stap, 0) + 1
    print(f"Zelfde top 50 als alle rijen scoren voor alle {len(vacatures)} vacatures, regio en land; beantwoord "
          f"na stap: " + ", ".join(f"{stap} {aantal}x" for stap, aantal in sorted(stappen.items())))


def oud_vacatures_voor_kandidaat(kandidaat, *, top=25, heel_nederland=False):
    """The baseline for this direction: the ranking as it was before the vacature index, every open vacature
    (of the region) read and scored by the engine in Python, then the top scored again with explanations."""
    gewichten = matchgewichten()
    k = kandidaat_profielen(Kandidaat.objects.filter(pk=kandidaat.pk))[0]
    vacatures = Vacature.objects.filter(status=Vacature.Status.OPEN)
    if not heel_nederland:
        vacatures = vacatures.filter(regio_id=kandidaat.regio_id)
    profielen = vacature_profielen(vacatures)
    per_beroep = beroep_vaardigheden()
    resultaten = [engine.score(v, k, gewichten=gewichten, beroep_vaardigheden=per_beroep) for v in profielen]
    resultaten.sort(key=lambda r: (not r.past, -r.totaal, r.vacature_id))
    beste = {r.vacature_id for r in resultaten[:top]}
    gekozen = [v for v in profielen if v.id in beste]
    namen, beroepnamen = ranking._namen(set().union(*(v.vereist | v.gewenst for v in gekozen)),
                                        k.beroepen | {v.beroep_id for v in gekozen if v.beroep_id})
    uitgelegd = [engine.score(v, k, gewichten=gewichten, beroep_vaardigheden=per_beroep, namen=namen,
                              beroepnamen=beroepnamen) for v in gekozen]
    uitgelegd.sort(key=lambda r: (not r.past, -r.totaal, r.vacature_id))
    return ranking.Ranglijst(resultaten=uitgelegd, bekeken=len(profielen))


def omgekeerd(regio, open_vacatures, args, *, kandidaten=None):
    """Kandidaat against open vacatures: the vacature index against the old path, and the dossier page."""
    from django.test import Client

    from portaal import views as portaal_views

    rng = random.Random(args.seed + 1)
    if kandidaten is None:
        ids = list(Kandidaat.objects.filter(regio=regio).values_list("pk", flat=True)[:50000])
        kandidaten = list(Kandidaat.objects.filter(pk__in=rng.sample(ids, min(args.herhalingen, len(ids)))))
    in_regio = Vacature.objects.filter(status=Vacature.Status.OPEN, regio=regio).count()

    start = time.perf_counter()
    gebouwd = vacature_index().bouw()
    print(f"Vacature-index gebouwd: {gebouwd.n:,} open vacatures in {_ms(time.perf_counter() - start):.0f} ms")
    # Same answers first (top 25 and scores), then the clock.
    for k in kandidaten:
        for land in (False, True):
            snel = [(r.vacature_id, round(r.totaal, 9)) for r in
                    vacatures_voor_kandidaat(k, heel_nederland=land).resultaten]
            oud = [(r.vacature_id, round(r.totaal, 9)) for r in
                   oud_vacatures_voor_kandidaat(k, heel_nederland=land).resultaten]
            if snel != oud:
                raise SystemExit(f"Verschil voor kandidaat {k.pk} (heel Nederland: {land}): {snel} != {oud}")
    print(f"Zelfde top 25 en scores als het oude pad voor alle {len(kandidaten)} kandidaten, regio en land.")
    print()
    regio_oud = _meet(f"Oud: kandidaat tegen regio ({in_regio:,} open), top 25", oud_vacatures_voor_kandidaat,
                      kandidaten)
    regio_snel = _meet(f"Index: kandidaat tegen regio ({in_regio:,} open), top 25", vacatures_voor_kandidaat,
                       kandidaten)
    land_oud = _meet(f"Oud: kandidaat tegen alle {open_vacatures:,} open, top 25",
                     lambda k: oud_vacatures_voor_kandidaat(k, heel_nederland=True), kandidaten)
    land_snel = _meet(f"Index: kandidaat tegen alle {open_vacatures:,} open, top 25",
                      lambda k: vacatures_voor_kandidaat(k, heel_nederland=True), kandidaten)

    willem = Kandidaat.objects.filter(account__email="willem.vandevecht@example.nl").select_related(
        "klantmanager").first()
    if willem is None:
        print("Dossierpagina niet gemeten: de demo-personen ontbreken (manage.py demo).")
    else:
        client = Client(HTTP_HOST="localhost")
        client.force_login(willem.klantmanager)
        url = f"/dossiers/{willem.pk}/"

        def pagina(_):
            antwoord = client.get(url)
            assert antwoord.status_code == 200, antwoord.status_code

        pagina(None)
        nieuw = portaal_views.vacatures_voor_kandidaat
        portaal_views.vacatures_voor_kandidaat = oud_vacatures_voor_kandidaat
        try:
            dossier_oud = _meet("Oud: dossierpagina (Willem, door Jeske)", pagina, range(args.herhalingen))
        finally:
            portaal_views.vacatures_voor_kandidaat = nieuw
        dossier_snel = _meet("Index: dossierpagina (Willem, door Jeske)", pagina, range(args.herhalingen))
        print(f"Dossierpagina: {_ms(dossier_oud):.1f} -> {_ms(dossier_snel):.1f} ms")
    print()
    print(f"Snelheidswinst kandidaat tegen regio: {regio_oud / regio_snel:,.0f}x, tegen het land: "
          f"{land_oud / land_snel:,.0f}x")
    print(f"Doel: regio <= 5 ms, land <= 10 ms, dossier <= 50 ms (PostgreSQL). Gemeten: regio "
          f"{_ms(regio_snel):.1f} ms, land {_ms(land_snel):.1f} ms.")


if __name__ == "__main__":
    main()
