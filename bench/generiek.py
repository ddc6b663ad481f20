#!/usr/bin/env python
"""Whether a page gets slower once its reads run on a prepared statement's generic plan: prints figures, passes or
fails nothing.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/klantreis_bench \\
        .venv/bin/python bench/generiek.py --verzoeken 16

The PostgreSQL backend prepares a read that a connection has run three times (klantreis/lib/postgresql); PostgreSQL
then plans five runs with their values and from the eighth on may keep one generic plan, made without the values. For
most reads that plan is as good and saves the planning. It is worse where the value decides the plan: a partial index
on a constant (``WHERE uitkomst = ''``, which ``uitkomst = $4`` cannot use) or a skewed column (one plan for a role of
one user and a role of 600,000). A benchmark that requests a page six times never sees it.

For every page of the four roles of ``bench/load.py`` (the same people, the same URLs), and the nazorg overview of an
accountmanager of the region with the most plaatsingen and /beheer/, this requests the page ``--verzoeken`` times on
one connection and prints the median of requests 2-7 (plans for the values) beside that of request 9 on (the plan
PostgreSQL keeps), marking a page that got more than half slower. It writes what a visit writes (sessions, audit
rows): run it on a copy of a benchmark database.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.load import scenarios_maken, server_env  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--verzoeken", type=int, default=16, help="verzoeken per pagina (minstens 10)")
    parser.add_argument("--gebruikers", type=int, default=4, help="scenario's (rollen om de beurt), zoals load.py")
    args = parser.parse_args()
    if args.verzoeken < 10:
        parser.error("--verzoeken is minstens 10: het generieke plan komt pas vanaf het achtste")
    os.environ.update(server_env(argparse.Namespace(conn_max_age=None)))
    os.environ["ALLOWED_HOSTS"] = "testserver"
    scenarios = scenarios_maken(args.gebruikers)  # django.setup() happens here, with the server's environment

    from django.db import connection
    from django.db.models import Count
    from django.test import Client

    from accounts.models import Rol, User
    from plaatsingen.models import Plaatsing

    if connection.vendor != "postgresql":
        sys.exit("Dit meet plannen van PostgreSQL: zet DATABASE_URL op een PostgreSQL-database.")
    drukste = (Plaatsing.objects.values("regio_id").annotate(n=Count("pk")).order_by("-n")
               .values_list("regio_id", flat=True).first())
    extra = [(User.objects.filter(rol=Rol.ACCOUNTMANAGER, is_active=True, regio_id=drukste).order_by("pk").first(),
              "nazorgoverzicht, drukste regio", "/plaatsingen/"),
             (User.objects.filter(rol=Rol.BEHEERDER, is_active=True).order_by("pk").first(), "beheer", "/beheer/")]
    paginas = []
    gezien = set()
    for scenario in scenarios:
        gebruiker = User.objects.get(email=scenario["email"])
        for naam, url in scenario["paginas"]:
            if naam not in gezien and url is not None:
                gezien.add(naam)
                paginas.append((gebruiker, naam, url))
    paginas += [(gebruiker, naam, url) for gebruiker, naam, url in extra if gebruiker is not None]

    print(f"database {connection.settings_dict['NAME']}; {args.verzoeken} verzoeken per pagina op één verbinding\n")
    for gebruiker, naam, url in paginas:
        client = Client()
        client.force_login(gebruiker)
        tijden = []
        for _ in range(args.verzoeken):
            begin = time.perf_counter()
            client.get(url)
            tijden.append((time.perf_counter() - begin) * 1000)
        eigen, generiek = statistics.median(tijden[1:7]), statistics.median(tijden[8:])
        teken = "  <- trager met het generieke plan" if generiek > 1.5 * eigen and generiek - eigen > 5 else ""
        print(f"{naam:40} verzoek 2-7 {eigen:7.1f} ms   vanaf 9 {generiek:7.1f} ms{teken}")


if __name__ == "__main__":
    main()
