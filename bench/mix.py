#!/usr/bin/env python
"""The page mix of the load benchmark in one process: what a request of the mix costs, without the noise of a load run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/klantreis_belasting_bench \\
        .venv/bin/python bench/mix.py --verzoeken 2500 --rondes 3

Prints figures, passes or fails nothing. The scenarios of ``bench/load.py`` (the same people and pages, four roles
in turn) through Django's test client with the production settings of the load run; every page once to warm up,
then ``--verzoeken`` requests in a fixed random order (``--zaad``): a person at random, one of their pages at random,
as a client of the load run picks them. Per round the CPU time of this process per request (the view, the templates,
the ORM) and of its PostgreSQL backend, and how often each page came. The same order every run, so two versions of
the code, run one after the other, answer the same requests; a load run on two cores shares them with PostgreSQL and
its own clients, and varies more between runs than a change of a tenth.

It writes what a visit writes (sessions, audit rows, last_login): run it on a copy of the benchmark database.
"""

import argparse
import os
import random
import sys
import time
from collections import Counter
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load import VOLGENDE, logomvang, scenarios_maken, server_env
from bench.paginas import _server_cpu

# The server's environment (production settings, as the load run's gunicorn has them) before Django starts.
os.environ.update(server_env(argparse.Namespace(conn_max_age=None)))
os.environ["ALLOWED_HOSTS"] = "testserver"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "klantreis.settings")
django.setup()

from django.test import Client

from accounts.models import User


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gebruikers", type=int, default=8, help="scenario's (rollen om de beurt), zoals load.py")
    parser.add_argument("--verzoeken", type=int, default=2500, help="verzoeken per ronde")
    parser.add_argument("--rondes", type=int, default=1)
    parser.add_argument("--zaad", type=int, default=1, help="de volgorde van de verzoeken")
    parser.add_argument("--per-pagina", action="store_true", help="per ronde ook de CPU per soort pagina")
    args = parser.parse_args()

    scenarios = scenarios_maken(args.gebruikers)

    mensen = []
    for scenario in scenarios:
        client = Client()
        client.force_login(User.objects.get(email=scenario["email"]))
        paginas = []
        for naam, url in scenario["paginas"]:
            if url is None:  # the caseload's next page: the link on its first page
                gevonden = VOLGENDE.search(client.get("/klantmanager/").content.decode())
                if not gevonden:
                    continue
                volgende = gevonden.group(1).replace("&amp;", "&")
                url = "/klantmanager/" + volgende if volgende.startswith("?") else volgende
            paginas.append((naam, url))
        for naam, url in paginas:
            antwoord = client.get(url)
            if antwoord.status_code != 200:
                raise SystemExit(f"{naam} ({url}): {antwoord.status_code}")
        mensen.append((client, paginas))
    print(f"{len(mensen)} scenario's, {sum(len(p) for _c, p in mensen)} pagina's, {args.verzoeken} verzoeken per "
          f"ronde (zaad {args.zaad}); {logomvang()}")
    for ronde in range(1, args.rondes + 1):
        rng = random.Random(args.zaad)
        keer, per_pagina = Counter(), Counter()
        database, cpu = _server_cpu(), time.process_time()
        for _ in range(args.verzoeken):
            client, paginas = rng.choice(mensen)
            naam, url = rng.choice(paginas)
            voor = time.process_time()
            client.get(url)
            per_pagina[naam] += time.process_time() - voor
            keer[naam] += 1
        cpu = (time.process_time() - cpu) / args.verzoeken * 1000
        eind = _server_cpu()
        database = "" if database is None or eind is None else \
            f", database-cpu {(eind - database) / args.verzoeken * 1000:.2f} ms"
        print(f"ronde {ronde}: cpu {cpu:.2f} ms per verzoek{database}")
        if args.per_pagina:
            for naam, n in keer.most_common():
                print(f"  {naam:28s} {n:5d} keer, {per_pagina[naam] / n * 1000:6.2f} ms cpu per verzoek, "
                      f"{per_pagina[naam] / sum(per_pagina.values()) * 100:5.1f}% van de cpu")
    print("per pagina: " + ", ".join(f"{naam} {n}" for naam, n in keer.most_common()))


if __name__ == "__main__":
    main()
