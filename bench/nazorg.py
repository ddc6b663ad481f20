#!/usr/bin/env python
"""Benchmark of the nazorg sweep: prints figures, passes or fails nothing.

    DJANGO_SETTINGS_MODULE=klantreis.settings DEBUG=true \\
        DATABASE_URL=postgres://postgres@127.0.0.1:5432/klantreis_bench \\
        .venv/bin/python bench/nazorg.py --momenten 100000

works in a fresh database of its own (``<NAME>_nazorg_bench``, created and migrated, dropped afterwards
unless ``--bewaar``) and a Redis of its own on a free port, and measures:

* building ``--momenten`` due moments with ``plaatsingen.tests.bulk`` (4 per running plaatsing);
* ``nazorg_sweep`` claiming all of them, with their check-ins, outbox mails and (through the journey event's
  reaction, after each batch commits) their tasks: moments per second, then a count that each moment got
  exactly 2 check-ins, 4 mails and 2 tasks;
* the baseline: the sweep as it was, one moment per transaction (a compare-and-set on the row, then the
  task, check-in and mail rows inserted one by one), measured on ``--baseline-steekproef`` other moments and
  scaled linearly to ``--momenten``; and the ratio;
* mail flowing during a sweep: a sweep worker and a mail worker (real ``celery worker --pool=solo``
  processes on their own queues), a sweep of ``--stroom-momenten`` moments, and how many mails went out
  while it ran.
"""

import argparse
import hashlib
import os
import platform
import secrets
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "klantreis.settings")
os.environ.setdefault("DEBUG", "true")


def _per_seconde(aantal, seconden):
    return aantal / seconden if seconden else float("inf")


def oude_sweep(ids, nu):
    """The sweep before batching (``git show e40ee9f~1:plaatsingen/services.py``), written out here: per
    moment one transaction, a compare-and-set claim, the moment read with its people, one task per
    professional, the reminder, and per role a check-in row and its mail; every commit publishes a send task."""
    from django.db import transaction
    from django.urls import reverse

    from outbox.services import mail_klaarzetten
    from plaatsingen.models import CHECKIN_GELDIG, Checkin, NazorgMoment, Plaatsing
    from werkgevers.emails import werkgever_adressen

    Taak = _taakmodel()
    met_sleutel = any(f.name == "sleutel" for f in Taak._meta.fields)
    aantal = 0
    for pk in ids:
        with transaction.atomic():
            if not NazorgMoment.objects.filter(pk=pk, verwerkt_op__isnull=True).update(verwerkt_op=nu):
                continue
            moment = NazorgMoment.objects.select_related(
                "plaatsing__werkgever__accountmanager", "plaatsing__kandidaat__klantmanager",
                "plaatsing__kandidaat__account").get(pk=pk)
            plaatsing = moment.plaatsing
            if plaatsing.status != Plaatsing.Status.LOPEND:
                continue
            professionals = [p for p in (plaatsing.werkgever.accountmanager, plaatsing.kandidaat.klantmanager) if p]
            for p in professionals:
                Taak.objects.create(toegewezen_aan=p, omschrijving=f"Nazorg {moment.get_soort_display().lower()}: "
                                    f"{plaatsing.kandidaat} bij {plaatsing.werkgever.naam}."[:500],
                                    uiterlijk=nu.date(), werkgever=plaatsing.werkgever,
                                    **({"sleutel": f"nazorg:{moment.pk}:{p.pk}"} if met_sleutel else {}))
            mail_klaarzetten(aan=[p.email for p in professionals], template="emails/plaatsingen/nazorg_herinnering",
                             onderwerp=f"Nazorg vandaag: {plaatsing.kandidaat} bij {plaatsing.werkgever}",
                             sleutel=f"nazorg:{moment.pk}:herinnering",
                             context={"m": moment, "link": reverse("plaatsing_detail", args=[plaatsing.pk])})
            k = plaatsing.kandidaat
            werknemer = k.account.email if k.account_id else k.email
            for rol, adressen in ((Checkin.Rol.WERKGEVER, werkgever_adressen(plaatsing.werkgever)[:1]),
                                  (Checkin.Rol.WERKNEMER, [werknemer])):
                if not adressen or not adressen[0]:
                    continue
                token = secrets.token_urlsafe(32)
                Checkin.objects.create(moment=moment, rol=rol, email=adressen[0],
                                       token_hash=hashlib.sha256(token.encode()).hexdigest(),
                                       verloopt_op=nu + CHECKIN_GELDIG)
                mail_klaarzetten(aan=adressen[:1], onderwerp="Hoe gaat het?", template="emails/plaatsingen/checkin",
                                 sleutel=f"checkin:{moment.pk}:{rol}",
                                 context={"m": moment, "rol": rol, "link": reverse("checkin", args=[token]),
                                          "am": plaatsing.werkgever.accountmanager,
                                          "geldig_tot": nu + CHECKIN_GELDIG})
            aantal += 1
    return aantal


def _taakmodel():
    from django.apps import apps

    return next(m for m in apps.get_models() if m.__name__ == "Taak")


def precies_eens(ids):
    """Count what the sweep made for ``ids``: (moments claimed, moments with exactly 2 check-ins, 4 mails
    (2 reminders, 2 check-ins) and 2 tasks, a list of what is off)."""
    from outbox.models import Gebeurtenis, Mail
    from plaatsingen.models import Checkin, NazorgMoment

    laag, hoog = min(ids), max(ids)
    assert hoog - laag + 1 == len(ids), "the moments of one build have consecutive ids"
    fouten = []
    geclaimd = NazorgMoment.objects.filter(pk__gte=laag, pk__lte=hoog, verwerkt_op__isnull=False).count()
    checkins = Counter(Checkin.objects.filter(moment_id__gte=laag, moment_id__lte=hoog)
                       .values_list("moment_id", flat=True))
    mails = Counter()
    for sleutel in Mail.objects.filter(sleutel__regex=r"^(nazorg|checkin):").values_list("sleutel", flat=True):
        pk = int(sleutel.split(":")[1])
        if laag <= pk <= hoog:
            mails[pk] += 1
    Taak = _taakmodel()
    if any(f.name == "sleutel" for f in Taak._meta.fields):
        taken = Counter(int(s.split(":")[1]) for s in Taak.objects.filter(sleutel__startswith="nazorg:")
                        .values_list("sleutel", flat=True) if laag <= int(s.split(":")[1]) <= hoog)
        taken_ok = sum(1 for pk in ids if taken[pk] == 2)
    else:
        # Without a key: each (professional, description) pair is one moment of one bulk plaatsing.
        paren = Counter(Taak.objects.filter(omschrijving__startswith="Nazorg ").values_list("toegewezen_aan_id",
                                                                                             "omschrijving"))
        if any(n > 1 for n in paren.values()):
            fouten.append(f"{sum(n > 1 for n in paren.values())} tasks doubled")
        taken_ok = None
    goed = sum(1 for pk in ids if checkins[pk] == 2 and mails[pk] == 4)
    if geclaimd != len(ids):
        fouten.append(f"{len(ids) - geclaimd} moments not claimed")
    if goed != len(ids):
        fouten.append(f"{len(ids) - goed} moments without exactly 2 check-ins and 4 mails")
    if taken_ok is not None and taken_ok != len(ids):
        fouten.append(f"{len(ids) - taken_ok} moments without exactly 2 tasks")
    open_events = Gebeurtenis.objects.filter(verwerkt_op__isnull=True).count()
    if open_events:
        fouten.append(f"{open_events} journey events not handled")
    return geclaimd, goed, sum(checkins.values()), sum(mails.values()), fouten


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--momenten", type=int, default=100000)
    parser.add_argument("--baseline-steekproef", type=int, default=2000)
    parser.add_argument("--stroom-momenten", type=int, default=5000,
                        help="Moments in the sweep during which mail is counted (0: skip that part).")
    parser.add_argument("--bewaar", action="store_true", help="Keep the benchmark database afterwards.")
    parser.add_argument("--geen-twee-slots", dest="twee_slots", action="store_false",
                        help="Skip the run of the beat task on two worker slots.")
    args = parser.parse_args()

    from tests.werkers import Redis, celery_worker, database_url, nieuwe_queue, omgeving

    werkmap = Path(tempfile.mkdtemp(prefix="bench-nazorg-"))
    redis = Redis(werkmap / "logs").start()
    queue = nieuwe_queue("bench")
    # This process publishes like a web or worker process does: to a real broker.
    os.environ.update(CELERY_BROKER_URL=redis.url, CELERY_RESULT_BACKEND=redis.url, CELERY_QUEUE=queue,
                      CELERY_MAIL_QUEUE=f"{queue}-mail", EMAIL_BACKEND="file",
                      EMAIL_FILE_PATH=str(werkmap / "mail"), LOG_LEVEL="ERROR")

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.utils import timezone

    from outbox.models import Mail
    from plaatsingen.models import NazorgMoment
    from plaatsingen.services import nazorg_sweep
    from plaatsingen.tests.bulk import due_nazorgmomenten

    db = settings.DATABASES["default"]
    oude_naam = db["NAME"]
    if connection.vendor == "sqlite":
        db.setdefault("TEST", {})["NAME"] = str(werkmap / "bench.sqlite3")
    else:
        db.setdefault("TEST", {})["NAME"] = f"{oude_naam}_nazorg_bench"
    start = time.perf_counter()
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{connection.vendor} {connection.Database.sqlite_version if connection.vendor == 'sqlite' else connection.pg_version}"
          f" ({db['NAME']}, fresh: created and migrated in {time.perf_counter() - start:.1f} s); "
          f"Redis on port {redis.poort}")
    werkers = []
    try:
        # --- building ---------------------------------------------------------------------------------
        steekproef = due_nazorgmomenten(args.baseline_steekproef, label="basis")
        start = time.perf_counter()
        ids = due_nazorgmomenten(args.momenten, label="snel")
        bouw = time.perf_counter() - start
        print(f"Gebouwd: {len(ids):,} due nazorgmomenten ({len(ids) // 4:,} lopende plaatsingen) in {bouw:.1f} s "
              f"({_per_seconde(len(ids), bouw):,.0f}/s), plus {len(steekproef):,} voor de baseline")

        # --- baseline: one moment per transaction -----------------------------------------------------
        nu = timezone.now()
        start = time.perf_counter()
        oud = oude_sweep(steekproef, nu)
        basis = time.perf_counter() - start
        basis_per_s = _per_seconde(oud, basis)
        geschat = len(ids) / basis_per_s
        print(f"Baseline (1 moment per transactie, rij voor rij): {oud:,} momenten in {basis:.1f} s = "
              f"{basis_per_s:,.0f} momenten/s; voor {len(ids):,} momenten lineair doorgerekend {geschat:,.0f} s")

        # --- the sweep --------------------------------------------------------------------------------
        start = time.perf_counter()
        opgepakt = nazorg_sweep()
        snel = time.perf_counter() - start
        print(f"nazorg_sweep: {opgepakt:,} momenten met check-ins, outbox-mails en taken in {snel:.1f} s = "
              f"{_per_seconde(opgepakt, snel):,.0f} momenten/s")
        print(f"Snelheidswinst: {geschat / snel:,.1f}x  (baseline {basis_per_s:,.0f}/s, sweep "
              f"{_per_seconde(opgepakt, snel):,.0f}/s)")
        geclaimd, goed, checkins, mails, fouten = precies_eens(ids)
        print(f"Precies eens: {geclaimd:,}/{len(ids):,} geclaimd, {goed:,} met precies 2 check-ins en 4 mails "
              f"({checkins:,} check-ins, {mails:,} mails); "
              + ("geen afwijkingen" if not fouten else "AFWIJKINGEN: " + "; ".join(fouten)))

        # --- the task as beat starts it, on two worker slots (it asks a second sweep to join) -----------
        if args.twee_slots:
            from outbox.models import Gebeurtenis
            from plaatsingen.tasks import nazorg_sweep_task

            twee = due_nazorgmomenten(args.momenten, label="twee")
            env = omgeving(database=database_url(connection.settings_dict), redis_url=redis.url,
                           maildir=werkmap / "mail", queue=queue, LOG_LEVEL="WARNING")
            slots = [celery_worker(env, [queue], f"sweep{i}", werkmap / "logs").start() for i in (1, 2)]
            for w in slots:
                w.wacht_op_log("ready", timeout=60)
            open_momenten = NazorgMoment.objects.filter(pk__in=twee, verwerkt_op__isnull=True)
            start = time.perf_counter()
            nazorg_sweep_task.apply_async(queue=queue, retry=False)
            grens = time.perf_counter() + 900
            while (open_momenten.exists() or Gebeurtenis.objects.filter(verwerkt_op__isnull=True).exists()) \
                    and time.perf_counter() < grens:
                time.sleep(0.1)
            duur = time.perf_counter() - start
            for w in slots:
                w.stop()
            print(f"nazorg_sweep_task op twee worker-slots (de tweede sweep sluit aan na een volle batch): "
                  f"{len(twee):,} momenten in {duur:.1f} s = {_per_seconde(len(twee), duur):,.0f} momenten/s")
            geclaimd, goed, checkins, mails, fouten = precies_eens(twee)
            print(f"Precies eens (twee slots): {geclaimd:,}/{len(twee):,} geclaimd, {goed:,} met precies 2 check-ins "
                  f"en 4 mails; " + ("geen afwijkingen" if not fouten else "AFWIJKINGEN: " + "; ".join(fouten)))

        # --- mail keeps flowing during a sweep --------------------------------------------------------
        if args.stroom_momenten:
            Mail.objects.all().delete()  # the mail of the runs above would only be a backlog here
            stroom = due_nazorgmomenten(args.stroom_momenten, label="stroom")
            redis.kill9()
            redis.start()  # no leftover send tasks of the runs above
            env = omgeving(database=database_url(connection.settings_dict), redis_url=redis.url,
                           maildir=werkmap / "mail", queue=queue, LOG_LEVEL="WARNING")
            werkers = [celery_worker(env, [queue], "sweep", werkmap / "logs").start(),
                       celery_worker(env, [f"{queue}-mail"], "mail", werkmap / "logs").start()]
            for w in werkers:
                if not w.wacht_op_log("ready", timeout=60):
                    w.stop()
            from plaatsingen.tasks import nazorg_sweep_task

            laag, hoog = min(stroom), max(stroom)
            momenten = NazorgMoment.objects.filter(pk__gte=laag, pk__lte=hoog, verwerkt_op__isnull=False)
            verstuurd = Mail.objects.filter(status=Mail.Status.VERSTUURD)
            begin = timezone.now()
            start = time.perf_counter()
            resultaat = nazorg_sweep_task.apply_async(queue=queue)
            resultaat.get(timeout=1800)
            duur = time.perf_counter() - start
            eind = timezone.now()
            tijdens = verstuurd.filter(verstuurd_op__gte=begin, verstuurd_op__lte=eind).count()
            print(f"Sweep op een worker: {momenten.count():,} momenten in {duur:.1f} s "
                  f"({_per_seconde(momenten.count(), duur):,.0f}/s); intussen verstuurde de mailworker {tijdens:,} "
                  f"mails ({_per_seconde(tijdens, duur):,.0f}/s) van de {Mail.objects.count():,} die de sweep klaarzette")
            totaal = Mail.objects.count()
            grens = time.perf_counter() + 900
            while verstuurd.count() < totaal and time.perf_counter() < grens:
                time.sleep(0.5)
            leeg = time.perf_counter() - start
            print(f"Alle {verstuurd.count():,}/{totaal:,} mails verstuurd {leeg:.1f} s na de start van de sweep "
                  f"({_per_seconde(verstuurd.count(), leeg):,.0f} mails/s, één mailworker, bestands-backend)")
            geclaimd, goed, *_rest, fouten = precies_eens(stroom)
            print(f"Precies eens (met workers): {goed:,}/{len(stroom):,} momenten met 2 check-ins en 4 mails; "
                  + ("geen afwijkingen" if not fouten else "AFWIJKINGEN: " + "; ".join(fouten)))
    finally:
        for w in werkers:
            w.stop()
        redis.kill9()
        connection.close()
        if args.bewaar:
            print(f"Database bewaard: {db['NAME']}")
        else:
            connection.creation.destroy_test_db(oude_naam, verbosity=0)


if __name__ == "__main__":
    main()
