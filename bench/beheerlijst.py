#!/usr/bin/env python
"""Benchmark of the admin list of the verwerkingenlog at national volume: prints figures, passes or fails nothing.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/klantreis_last \\
        .venv/bin/python bench/beheerlijst.py --vul 5000000 --herhalingen 10

measures, on whatever database DATABASE_URL points at, the beheerder's list of the verwerkingenlog (``GET
/beheer/admin/accounts/verwerking/`` through Django's test client: middleware, admin, template) unfiltered, for this
year, for a month, for one action, for three searches and on page 50; and in the same run, as the baseline, the two
queries Django's own admin list made for the same list before (the years, months or days of the date drill-down
with SELECT DISTINCT over every line, and the exact COUNT), plus a trivial request (/health/) for the noise of the
machine. For the searches for a rare name and for a name that is not there, the baseline is what such a search
asked before the trigram index (accounts.0012): every word in any of six fields with icontains, and the
drill-down's MIN/MAX on that list. ``--vul N`` first tops the log up to N lines, one every six seconds back from
now (a country's dossier views), written with COPY on PostgreSQL. Run it on a copy of the benchmark database: the
log only grows.
"""

import argparse
import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.meten import django_als_productie  # noqa: E402

django_als_productie()  # the models below need the app registry; this file is a script, never imported

from django.contrib import admin  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Max, Min, Q  # noqa: E402
from django.test import Client, RequestFactory  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.admin import VerwerkingAdmin  # noqa: E402
from accounts.models import Rol, User, Verwerking  # noqa: E402
from bench.meten import tijden  # noqa: E402
from klantreis.lib.beheerlijst import telgrens  # noqa: E402
from klantreis.lib.bulk import rijen_invoegen  # noqa: E402

VELDEN = ["tijdstip", "gebruiker_omschrijving", "rol", "organisatie", "actie", "wat", "object_id",
          "object_omschrijving", "doel", "details"]


def vullen(totaal):
    nu, al = timezone.now(), Verwerking.objects.count()
    erbij = max(0, totaal - al)
    print(f"verwerkingenlog: {al:,} regels, {erbij:,} erbij")
    stap = 200_000
    for begin in range(0, erbij, stap):
        rijen_invoegen(Verwerking, VELDEN, [
            (nu - timedelta(seconds=6 * (al + i)), f"Klantmanager {i % 2000}", Rol.KLANTMANAGER, "Gemeente Arnhem",
             Verwerking.Actie.INZIEN, "dossier", str(i % 1_000_000), f"Kandidaat {i % 1_000_000}",
             "uitvoering van de bemiddeling", "")
            for i in range(begin, min(erbij, begin + stap))])
    if erbij and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE accounts_verwerking")


def django_eigen(beheerder, url, params):
    """The two queries Django's admin list made for this list: the periods of the date drill-down (SELECT DISTINCT
    over the list) and the exact COUNT."""
    verzoek = RequestFactory().get(url, params)
    verzoek.user = beheerder
    cl = admin.site._registry[Verwerking].get_changelist_instance(verzoek)
    niveau = "day" if "tijdstip__month" in params else "month" if "tijdstip__year" in params else "year"

    def queries():
        list(cl.queryset.datetimes("tijdstip", niveau))
        cl.queryset.count()

    return queries


def django_zoeken(q):
    """What a search of the log asked before the trigram index: every word in any of the six fields with
    icontains (Django's own search over search_fields), and the drill-down's MIN/MAX straight on that list."""
    lijst = Verwerking.objects.all()
    for woord in q.split():
        lijst = lijst.filter(Q.create([(f"{veld}__icontains", woord) for veld in VerwerkingAdmin.search_fields],
                                      connector=Q.OR))

    def queries():
        list(lijst[:100])
        lijst.order_by()[:telgrens() + 1].count()
        lijst.aggregate(Min("tijdstip"), Max("tijdstip"))

    return queries


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--vul", type=int, default=0, help="vul de verwerkingenlog aan tot zoveel regels")
    parser.add_argument("--herhalingen", type=int, default=10)
    args = parser.parse_args()
    if args.vul < 0 or args.herhalingen < 1:
        parser.error("--vul is 0 of meer, --herhalingen 1 of meer")
    if args.vul:
        vullen(args.vul)
    beheerder = User.objects.filter(rol=Rol.BEHEERDER, is_active=True).order_by("pk").first()
    if beheerder is None:
        sys.exit("Geen beheerder in deze database: vul eerst de demo (manage.py demo).")
    client = Client()
    client.force_login(beheerder)
    url = reverse("admin:accounts_verwerking_changelist")
    nu = timezone.localtime()
    print(f"database {connection.settings_dict['NAME']} ({connection.vendor}), "
          f"{Verwerking.objects.count():,} regels in de verwerkingenlog, {args.herhalingen} herhalingen\n")
    p50, p95 = tijden(lambda: client.get("/health/"), args.herhalingen)
    print(f"{'ruis: /health/':34} p50 {p50:8.1f} ms  p95 {p95:8.1f} ms")
    lijsten = [
        ("alles", {}),
        ("dit jaar", {"tijdstip__year": nu.year}),
        ("een maand", {"tijdstip__year": nu.year, "tijdstip__month": nu.month}),
        ("een actie", {"actie__exact": Verwerking.Actie.INZIEN}),
        ("zoeken", {"q": "Klantmanager 17"}),
        ("zoeken, een zeldzame naam", {"q": "Kandidaat 123456"}),
        ("zoeken, niets gevonden", {"q": "nietsgevonden"}),
        ("pagina 50", {"p": 50}),
    ]
    for naam, params in lijsten:
        antwoord = client.get(url, params)
        if naam.startswith("zoeken, "):
            p50, p95 = tijden(lambda params=params: client.get(url, params), args.herhalingen)
            d50, _ = tijden(django_zoeken(params["q"]), 1)
            print(f"{'lijst: ' + naam:34} p50 {p50:8.1f} ms  p95 {p95:8.1f} ms  status {antwoord.status_code}  |  "
                  f"zes keer icontains + MIN/MAX (vroeger): {d50:8.1f} ms")
            continue
        p50, p95 = tijden(lambda params=params: client.get(url, params), args.herhalingen)
        d50, d95 = tijden(django_eigen(beheerder, url, params), max(1, args.herhalingen // 3))
        print(f"{'lijst: ' + naam:34} p50 {p50:8.1f} ms  p95 {p95:8.1f} ms  status {antwoord.status_code}  |  "
              f"Django's eigen jaren/maanden/dagen + COUNT: p50 {d50:8.1f} ms")


if __name__ == "__main__":
    main()
