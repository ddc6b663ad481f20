#!/usr/bin/env python
"""Benchmark of the shared matching index: build once, map in every process, restart without waiting.
Prints figures, passes or fails nothing.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/klantreis_bench .venv/bin/python bench/herstart.py

reads (never writes) the database DATABASE_URL points at and measures, in one run:

* the baseline: building the index in this process from the database, as every web worker did before
  (time, growth of this process's RSS);
* building a version on disk (``opslag.bouw_versie``, what ``manage.py matchingindex_bouwen`` and the beat task
  do): time and size, into ``--map`` (a folder of its own, removed afterwards unless ``--bewaar``);
* mapping the current version in a fresh Python process (``opslag.laad_huidige``), ``--herhalingen`` times;
* gunicorn (production settings, ``--workers`` sync workers, ``gunicorn.conf.py``) started cold twice: once
  *without* a version on disk (the old situation: the first request waits for a build), once *with* the version;
  each time: seconds until the server answers, then an accountmanager logs in and opens "Wie past erbij?" for one
  of their open vacatures (the seconds that page took, and the seconds since the start of gunicorn);
* memory per worker from ``/proc/<pid>/smaps_rollup`` (PSS, USS = private clean + private dirty, RSS, anonymous): the
  baseline is a worker of gunicorn without ``gunicorn.conf.py`` that served only pages that do not rank (no index
  at all); then the workers that ranked their vacatures in the region and in the whole country
  (``heel_nederland``), so every page of the index was read.
"""

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load import inloggen, server_env, start_gunicorn, stop, vrije_poort  # noqa: E402


def rollup(pid):
    """PSS, USS and RSS of a process in MB."""
    waarden = {}
    for regel in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        naam, waarde, *_ = regel.split()
        waarden[naam.rstrip(":")] = int(waarde) / 1024
    return {"pss": waarden["Pss"], "uss": waarden["Private_Clean"] + waarden["Private_Dirty"],
            "rss": waarden["Rss"], "anon": waarden["Anonymous"]}


def workers_van(master):
    kinderen = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return sorted(int(k) for k in kinderen)


def geheugen(master):
    return {pid: rollup(pid) for pid in workers_van(master)}


def args_lezen():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--map", default=str(ROOT / "var" / "bench-matchingindex"),
                        help="Map voor de versies van deze meting (wordt eerst leeggemaakt).")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--herhalingen", type=int, default=5, help="Hoe vaak het mappen gemeten wordt.")
    parser.add_argument("--bewaar", action="store_true", help="De gebouwde versie laten staan.")
    parser.add_argument("--conn-max-age", type=int, default=None)
    return parser.parse_args()


def main():
    args = args_lezen()
    map_ = Path(args.map).resolve()
    shutil.rmtree(map_, ignore_errors=True)
    os.environ["MATCHINGINDEX_MAP"] = str(map_)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "klantreis.settings")
    os.environ.setdefault("DEBUG", "true")
    import django

    django.setup()
    from django.db import connection

    from accounts.models import Rol, User
    from matching.index import opslag
    from matching.index.kolommen import bouw_kolommen
    from matching.selectors import met_vindbaar_profiel
    from portaal.management.commands.demo import BULK_DOMEIN
    from werkgevers.models import Vacature

    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}; belasting: {os.getloadavg()}")
    am = (User.objects.filter(rol=Rol.ACCOUNTMANAGER, email__endswith="@" + BULK_DOMEIN).order_by("pk").first()
          or User.objects.filter(rol=Rol.ACCOUNTMANAGER).order_by("pk").first())
    vacatures = list(Vacature.objects.filter(werkgever__accountmanager=am, status="open").order_by("pk")
                     .values_list("pk", flat=True)[:4])
    if not vacatures:
        raise SystemExit("Geen accountmanager met open vacatures: vul eerst de demo (manage.py demo).")
    print(f"accountmanager {am.email}, vacatures {vacatures}")

    # 1. Baseline: the index built in this process, as each worker did before.
    rss_voor = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    kolommen = bouw_kolommen(met_vindbaar_profiel())
    oud_bouw = time.perf_counter() - start
    oud_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - rss_voor
    n = kolommen.n
    del kolommen
    print(f"\n[baseline] index bouwen in het proces (oud, per worker): {n} kandidaten in {oud_bouw:.1f} s, "
          f"piek-RSS +{oud_rss:.0f} MB")

    # 2. One version on disk.
    start = time.perf_counter()
    naam = opslag.bouw_versie(wacht=True)
    bouw = time.perf_counter() - start
    grootte = sum(p.stat().st_size for p in (map_ / naam).iterdir()) / 2 ** 20
    print(f"[nieuw] versie bouwen (matchingindex_bouwen): {bouw:.1f} s, {grootte:.0f} MB op schijf ({naam})")

    # 3. Mapping it in a fresh process.
    code = ("import os,time,django;django.setup();from matching.index import opslag;"
            "t=time.perf_counter();g=opslag.laad_huidige();print(time.perf_counter()-t, g[1].n)")
    env = dict(os.environ)
    tijden = []
    for _ in range(args.herhalingen):
        uit = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                             check=True).stdout.split()
        tijden.append(float(uit[0]))
    print(f"[nieuw] versie mappen in een vers proces ({args.herhalingen}x): mediaan "
          f"{statistics.median(tijden) * 1000:.0f} ms, max {max(tijden) * 1000:.0f} ms")

    # 4. gunicorn cold: a worker without any index (the memory baseline), without a version on disk (the first
    # page waits for a build, as before), and with the version (workers map it).
    leeg = map_.parent / (map_.name + "-leeg")
    shutil.rmtree(leeg, ignore_errors=True)
    zonder_index = None
    for titel, indexmap, config in (
            ("[baseline] worker zonder index (gunicorn zonder gunicorn.conf.py, geen pagina die rangschikt)", map_,
             False),
            ("[baseline] zonder versie op schijf (eerste verzoek wacht op een bouw)", leeg, True),
            ("[nieuw] met versie op schijf (workers mappen)", map_, True)):
        env = server_env(args)
        env["MATCHINGINDEX_MAP"] = str(indexmap)
        # Without a version on disk the first ranking waits for a build (16-30 s here): a sync worker that takes
        # longer than WEB_TIMEOUT would be killed, and that is not what this baseline measures.
        env["WEB_TIMEOUT"] = "600"
        poort = vrije_poort()
        basis = f"http://127.0.0.1:{poort}"
        start = time.perf_counter()
        # The baseline worker runs the hello-world configuration: the same settings without the index hook.
        server = start_gunicorn("klantreis.wsgi:application", poort, env,
                                config=ROOT / ("gunicorn.conf.py" if config else "bench/hallo_gunicorn.py"))
        klaar = time.perf_counter() - start
        try:
            sessie = requests.Session()
            inloggen(sessie, basis, am.email)
            print(f"\n{titel}\n  gunicorn antwoordt na {klaar:.1f} s")
            if config:
                t = time.perf_counter()
                antwoord = sessie.get(f"{basis}/vacatures/{vacatures[0]}/matches/", timeout=600)
                pagina = time.perf_counter() - t
                assert antwoord.status_code == 200 and "Wie past erbij?" in antwoord.text, antwoord.status_code
                print(f"  eerste 'Wie past erbij?' (direct na inloggen) {pagina:.2f} s; sinds de start van gunicorn "
                      f"{time.perf_counter() - start:.1f} s")
                # Every worker ranks in the region and in the whole country: as many clients at once as there are
                # workers, each on new connections, so no worker is left out (one client alone is served by
                # whichever worker is free first, each time the same one).
                urls = [f"{basis}/vacatures/{pk}/matches/{extra}" for pk in vacatures
                        for extra in ("", "?heel_nederland=on")]

                def rangschikken(_client, urls=urls, cookies=sessie.cookies):
                    for url in urls:
                        antwoord = requests.get(url, cookies=cookies, timeout=600, headers={"Connection": "close"})
                        if antwoord.status_code != 200:
                            raise SystemExit(f"{url}: {antwoord.status_code}")

                with ThreadPoolExecutor(args.workers) as clients:
                    list(clients.map(rangschikken, range(args.workers * 2)))
            else:
                for _ in range(args.workers * 3):
                    sessie.get(f"{basis}/accountmanager/", timeout=300)
            per_worker = geheugen(server.pid)
            for pid, m in sorted(per_worker.items()):
                print(f"  worker {pid}: PSS {m['pss']:.0f} / USS {m['uss']:.0f} / RSS {m['rss']:.0f} / "
                      f"anoniem {m['anon']:.0f} MB")
            gemiddeld = {k: statistics.mean(m[k] for m in per_worker.values()) for k in ("pss", "uss", "rss", "anon")}
            if zonder_index is None:
                zonder_index = gemiddeld
            else:
                extra = {k: gemiddeld[k] - zonder_index[k] for k in gemiddeld}
                # Pages of the mapped version that only one process has read yet count as its 'private clean'
                # (USS) although they are page cache that every other process shares once it reads them;
                # anonymous memory (heap, numpy temporaries, caches) is what a worker really adds.
                print(f"  extra per worker t.o.v. een worker zonder index: PSS {extra['pss']:+.0f} MB, "
                      f"USS {extra['uss']:+.0f} MB, RSS {extra['rss']:+.0f} MB, anoniem {extra['anon']:+.0f} MB")
        finally:
            stop(server)
    print(f"\nbelasting na afloop: {os.getloadavg()}")
    shutil.rmtree(leeg, ignore_errors=True)
    if not args.bewaar:
        shutil.rmtree(map_, ignore_errors=True)


if __name__ == "__main__":
    main()
