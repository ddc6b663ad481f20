#!/usr/bin/env python
"""Benchmark of a team lead going away: prints figures, passes or fails nothing.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/klantreis_bench \\
        .venv/bin/python bench/waarneming_doorgeven.py --n 3 40 500

A (the team lead) covers for ``--n`` colleagues and goes away: she chooses C on her waarneming page (``POST
/waarneming/`` through Django's test client) and the waarnemingen she holds go along to C; then she is back (the
same POST with nobody) and they come back to her. Measured per POST: the queries (the request and the journey-event
reactions that run after its commit, as they do in-process) and the time, plus the journey events written and the
meldingen C got. Everything happens in one transaction that is rolled back at the end: the database is left as it was.
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.meten import django_als_productie  # noqa: E402

django_als_productie()

from django.db import connection, transaction  # noqa: E402
from django.test import Client, TestCase  # noqa: E402
from django.urls import reverse  # noqa: E402

from accounts.models import User  # noqa: E402
from accounts.tests.factories import KlantmanagerFactory, OrganisatieFactory  # noqa: E402
from meldingen.models import Melding  # noqa: E402
from outbox.models import Gebeurtenis  # noqa: E402


class _Terugdraaien(Exception):
    pass


def _post(client, waarnemer):
    eerste = Gebeurtenis.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    queries = []

    def tellen(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(tellen), TestCase.captureOnCommitCallbacks(execute=True):
        begin = time.perf_counter()
        antwoord = client.post(reverse("waarneming"), {"waarnemer": waarnemer.pk if waarnemer else ""})
        duur = time.perf_counter() - begin
    assert antwoord.status_code == 302, antwoord.status_code
    return len(queries), duur, Gebeurtenis.objects.filter(pk__gt=eerste).count()


def meten(n):
    organisatie = OrganisatieFactory()
    a = KlantmanagerFactory(organisatie=organisatie, voornaam="Teamleider", achternaam="A")
    c = KlantmanagerFactory(organisatie=organisatie, voornaam="Collega", achternaam="C")
    collegas = KlantmanagerFactory.create_batch(n, organisatie=organisatie, achternaam="Team")
    User.objects.filter(pk__in=[b.pk for b in collegas]).update(waarnemer=a)
    client = Client()
    client.force_login(a)
    client.get(reverse("waarneming"))  # warm: the first request pays for caches every later one has
    weg = _post(client, c)
    assert User.objects.filter(waarnemer=c, waarneming_doorgegeven_door=a).count() == n
    aan_c = Melding.objects.filter(ontvanger=c).count()
    terug = _post(client, None)
    assert User.objects.filter(waarnemer=a, waarneming_doorgegeven_door=None).count() == n
    for naam, (queries, duur, gebeurtenissen) in (("weg (A kiest C)", weg), ("terug (A kiest niemand)", terug)):
        print(f"n={n:5d}  {naam:24s} {queries:6d} queries  {duur * 1000:8.0f} ms  {gebeurtenissen:5d} gebeurtenissen")
    print(f"n={n:5d}  meldingen voor C na 'weg': {aan_c}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, nargs="+", default=[500])
    args = parser.parse_args()
    for n in args.n:
        try:
            with transaction.atomic():
                meten(n)
                raise _Terugdraaien
        except _Terugdraaien:
            pass


if __name__ == "__main__":
    main()
