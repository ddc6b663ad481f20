#!/usr/bin/env python
"""Benchmark of the caseload page: prints figures, passes or fails nothing.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/klantreis_bench \\
        .venv/bin/python bench/caseload.py --vul 125000 --regio AM07

measures, on whatever database DATABASE_URL points at, the whole caseload page (``GET /klantmanager/`` through
Django's test client: middleware, view, template, audit log) for

* a klantmanager of the demo bulk (a caseload of 50-200),
* Jeske, who covers for every bulk colleague of her gemeente (the waarneming team: about half the region),

on the first page, a deep page (a cursor at 90% of the caseload) and the other two sort orders; and in the same
run, as the baseline, the queries the page made before issue #16 (an OR across the join to the users, the
Paginator's COUNT and OFFSET) for the same people and pages, plus a trivial request (the public start page) for
the noise of the machine. ``--vul N`` first tops the demo up to N bulk kandidaten (``manage.py demo``).
"""

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "klantreis.settings")
os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("MFA_VERPLICHT", "false")  # the second step is not what is measured here

import django  # noqa: E402

django.setup()  # the models below need the app registry; this file is a script, never imported

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.paginator import Paginator  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Exists, OuterRef, Q  # noqa: E402
from django.test import Client, RequestFactory  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from bench.meten import tijden  # noqa: E402
from klantreis.lib.paginering import codeer_cursor  # noqa: E402
from portaal.management.commands.demo import BULK_DOMEIN, WAARNEMER_TEAM  # noqa: E402
from werkzoekenden import selectors  # noqa: E402
from werkzoekenden.models import Actie, Kandidaat  # noqa: E402


def oude_pagina(klantmanager, nummer):
    """What the caseload page asked the database before #16: the OR across the join, COUNT, OFFSET."""
    vandaag = timezone.localdate()
    waarneming = Q(klantmanager__waarnemer=klantmanager, klantmanager__organisatie_id=klantmanager.organisatie_id)
    te_laat = Actie.objects.filter(plan__kandidaat=OuterRef("pk"), uiterlijk__lt=vandaag).exclude(status="klaar")
    caseload = Kandidaat.objects.filter(Q(klantmanager=klantmanager) | waarneming)
    qs = caseload.select_related("gemeente", "klantmanager", "plan").annotate(
        acties_te_laat=Exists(te_laat)).order_by("sorteernaam", "voornaam", "pk")
    aandacht = (Q(acties_te_laat=True) | Q(plan__evaluatiedatum__lte=vandaag)
                | Q(laatste_contact_op__lt=vandaag - timezone.timedelta(days=30))
                | Q(laatste_contact_op__isnull=True))
    caseload.annotate(acties_te_laat=Exists(te_laat)).filter(aandacht).count()
    pagina = Paginator(qs, 25).get_page(nummer)
    return list(pagina.object_list)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--vul", type=int, default=0, help="top the demo up to this many bulk kandidaten first")
    parser.add_argument("--regio", default="AM07")
    parser.add_argument("--herhalingen", type=int, default=30)
    args = parser.parse_args()
    if args.vul:
        call_command("migrate", verbosity=0)
        call_command("demo", kandidaten=args.vul, regio=[args.regio])
    settings.ALLOWED_HOSTS = ["*"]
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}; "
          f"{Kandidaat.objects.count():,} kandidaten; herhalingen: {args.herhalingen}")
    jeske = User.objects.get(email=WAARNEMER_TEAM)
    gewoon = User.objects.filter(email__endswith="@" + BULK_DOMEIN, rol="klantmanager").order_by("pk").first()
    url = reverse("klantmanager_home")
    client = Client()
    hello = tijden(lambda: client.get("/"), args.herhalingen)
    print(f"{'basislijn: publieke startpagina':58} p50 {hello[0]:7.1f} ms  p95 {hello[1]:7.1f} ms")
    for km in (gewoon, jeske):
        client.force_login(km)
        qs, _ = selectors.caseload_gefilterd(km, {})
        omvang = qs.count()
        volgorde = selectors.caseload_volgorde({})
        diep = qs.order_by(*volgorde)[int(omvang * 0.9)]
        cursor = codeer_cursor([getattr(diep, v) for v in volgorde])
        print(f"-- {km.email} (caseload {omvang:,})")
        for naam, params in (("eerste pagina", {}), ("diepe pagina (90%)", {"na": cursor}),
                             ("langst geen contact", {"sorteer": "contact"}),
                             ("evaluatie eerst", {"sorteer": "evaluatie"})):
            def verzoek(params=params):
                response = client.get(url, params)
                assert response.status_code == 200, response.status_code
            p50, p95 = tijden(verzoek, args.herhalingen)
            print(f"   {'pagina: ' + naam:55} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms")
        for naam, params in (("eerste pagina", {}), ("diepe pagina (90%)", {"na": cursor})):
            def nieuw(params=params, km=km):
                selectors.caseload_blad(RequestFactory().get(url, params), km, {})
            p50, p95 = tijden(nieuw, args.herhalingen)
            print(f"   {'na #16, alleen de queries: ' + naam:55} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms")
        for naam, nummer in (("eerste pagina", 1), ("diepe pagina (90%)", max(1, int(omvang * 0.9) // 25))):
            p50, p95 = tijden(lambda nummer=nummer: oude_pagina(km, nummer), max(3, args.herhalingen // 5))
            print(f"   {'voor #16, alleen de queries: ' + naam:55} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms")


if __name__ == "__main__":
    main()
