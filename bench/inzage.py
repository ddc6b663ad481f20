#!/usr/bin/env python
"""Benchmark of "Wie heeft mijn gegevens bekeken" at national volume: prints figures, passes or fails nothing.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/klantreis_inzage \\
        .venv/bin/python bench/inzage.py --vul 3000000 --over-een 30000 --herhalingen 10

measures, on whatever database DATABASE_URL points at, the werkzoekende's page of the verwerkingenlog lines about
them (``GET /mijn-gegevens/inzage/`` through Django's test client: middleware, view, template) on the first page and
on a page deep in their history, and in the same run, as the baseline, the queries the page made before (the lines
of a person through ``pk IN (betrokkenen)``, sorted on tijdstip, the Paginator's COUNT and OFFSET), with the
buffers each read (EXPLAIN (ANALYZE, BUFFERS): the same figure on a quiet and a busy machine), plus a trivial request
(/health/) for the noise of the machine.

``--vul N`` first tops the log up to N lines, one every six seconds up to now, written in SQL on PostgreSQL: every
``N / K``-th line (``--over-een K``) is about the first demo werkzoekende, the others about other people. A
kandidaat on a klantmanager's caseload is named on every view of that caseload page and on every matching list they
appear on; over the two years that the log is kept that is easily tens of thousands of lines. Run it on a copy of a
demo database: the log only grows.
"""

import argparse
import html
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.meten import django_als_productie  # noqa: E402

django_als_productie()  # the models below need the app registry; this file is a script, never imported

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.paginator import Paginator  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Q  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from accounts.models import Rol, User, Verwerking, VerwerkingBetrokkene  # noqa: E402
from bench.meten import tijden  # noqa: E402
from bench.plannen import buffers  # noqa: E402
from klantreis.lib.paginering import PER_PAGINA  # noqa: E402
from werkzoekenden.models import Kandidaat  # noqa: E402

LOG = ["accounts_verwerking"]


def vullen(totaal, over_een, kandidaat, klantmanager):
    al = Verwerking.objects.count()
    erbij = max(0, totaal - al)
    print(f"verwerkingenlog: {al:,} regels, {erbij:,} erbij, waarvan ~{min(erbij, over_een):,} over "
          f"{kandidaat} (kandidaat {kandidaat.pk})")
    if not erbij:
        return
    if connection.vendor != "postgresql":
        sys.exit("--vul schrijft met SQL van PostgreSQL: zet DATABASE_URL op een PostgreSQL-database.")
    stap = max(1, erbij // max(1, over_een))
    ct = ContentType.objects.get_for_model(Kandidaat).pk
    hoogste = Verwerking.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    with connection.cursor() as cursor:
        # Other people's ids start above every real kandidaat, so only the measured one is named by these lines.
        cursor.execute("""
            INSERT INTO accounts_verwerking (tijdstip, gebruiker_id, gebruiker_omschrijving, rol, organisatie, actie,
                wat, content_type_id, object_id, object_omschrijving, doel, details)
            SELECT now() - (%(n)s - g) * interval '6 seconds', %(km)s, 'Klantmanager', 'klantmanager',
                'Gemeente Arnhem', 'inzien', 'dossier', %(ct)s,
                CASE WHEN g %% %(stap)s = 0 THEN %(k)s ELSE (10000000 + g %% 1000000)::text END,
                CASE WHEN g %% %(stap)s = 0 THEN %(naam)s ELSE 'Kandidaat ' || (g %% 1000000) END,
                'begeleiding naar werk', ''
            FROM generate_series(1, %(n)s) AS g ORDER BY g""",
                       {"n": erbij, "km": klantmanager.pk, "ct": ct, "stap": stap, "k": str(kandidaat.pk),
                        "naam": str(kandidaat)})
        cursor.execute("""
            INSERT INTO accounts_verwerkingbetrokkene (verwerking_id, content_type_id, object_id, omschrijving)
            SELECT id, content_type_id, object_id, object_omschrijving FROM accounts_verwerking WHERE id > %s
            ORDER BY id""", [hoogste])
        # What autovacuum does after so many inserts: statistics, and the visibility map for index-only scans.
        cursor.execute("VACUUM ANALYZE accounts_verwerking")
        cursor.execute("VACUUM ANALYZE accounts_verwerkingbetrokkene")


def oude_queries(kandidaat, gebruiker, nummer):
    """What the page asked the database before: the person's lines through pk IN (their betrokkenen), sorted on
    tijdstip, counted for the Paginator and read with OFFSET."""
    wie = Q(pk__in=[])
    for persoon in (kandidaat, gebruiker):
        wie |= Q(content_type=ContentType.objects.get_for_model(persoon), object_id=str(persoon.pk))
    ids = VerwerkingBetrokkene.objects.filter(wie).values("verwerking_id")
    regels = (Verwerking.objects.filter(pk__in=ids).select_related("gebruiker").exclude(gebruiker=gebruiker)
              .order_by("-tijdstip", "-pk"))

    def queries():
        list(Paginator(regels, PER_PAGINA).get_page(nummer).object_list)

    return queries


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--vul", type=int, default=0, help="vul de verwerkingenlog aan tot zoveel regels")
    parser.add_argument("--over-een", type=int, default=30_000, help="waarvan zoveel over de gemeten werkzoekende")
    parser.add_argument("--herhalingen", type=int, default=10)
    args = parser.parse_args()
    if args.vul < 0 or args.over_een < 1 or args.herhalingen < 1:
        parser.error("--vul is 0 of meer, --over-een en --herhalingen 1 of meer")
    kandidaat = Kandidaat.objects.filter(account__isnull=False).select_related("account").order_by("pk").first()
    klantmanager = User.objects.filter(rol=Rol.KLANTMANAGER, is_active=True).order_by("pk").first()
    if kandidaat is None or klantmanager is None:
        sys.exit("Geen werkzoekende met een account of geen klantmanager: vul eerst de demo (manage.py demo).")
    if args.vul:
        vullen(args.vul, args.over_een, kandidaat, klantmanager)
    gebruiker = kandidaat.account
    client = Client()
    client.force_login(gebruiker)
    url = reverse("mijn_inzage")
    over = VerwerkingBetrokkene.objects.filter(content_type=ContentType.objects.get_for_model(Kandidaat),
                                               object_id=str(kandidaat.pk)).count()
    print(f"database {connection.settings_dict['NAME']} ({connection.vendor}), "
          f"{Verwerking.objects.count():,} regels in de verwerkingenlog, {over:,} over {kandidaat}, "
          f"{args.herhalingen} herhalingen\n")
    p50, p95 = tijden(lambda: client.get("/health/"), args.herhalingen)
    print(f"{'ruis: /health/':26} p50 {p50:8.1f} ms  p95 {p95:8.1f} ms")
    # A page deep in the history: the 41st, by following the page's own "Volgende" link (or ?pagina=41).
    diep = {"pagina": 41}
    volgende = url
    for _ in range(40):
        link = re.search(r'rel="next" href="\?na=([^"&]+)"', client.get(volgende).content.decode())
        if link is None:
            break
        diep = {"na": html.unescape(link[1])}
        volgende = url + "?na=" + link[1]
    for naam, params, nummer in (("eerste pagina", {}, 1), ("pagina 41", diep, 41)):
        antwoord = client.get(url, params)
        p50, p95 = tijden(lambda params=params: client.get(url, params), args.herhalingen)
        oud = oude_queries(kandidaat, gebruiker, nummer)
        o50, _ = tijden(oud, max(1, args.herhalingen // 3))
        nieuw = buffers(lambda params=params: client.get(url, params), LOG)
        print(f"{'inzage: ' + naam:26} p50 {p50:8.1f} ms  p95 {p95:8.1f} ms  status {antwoord.status_code}  "
              f"{nieuw:,} buffers  |  de queries van vroeger: p50 {o50:8.1f} ms  {buffers(oud, LOG):,} buffers")


if __name__ == "__main__":
    main()
