#!/usr/bin/env python
"""Benchmark of the klantreis monitor: prints figures, passes or fails nothing.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/klantreis_bench .venv/bin/python bench/monitor.py

works on the database DATABASE_URL names (migrated first when needed) and

* builds, unless it is there already, one arbeidsmarktregio (``--regio``, AM07) with ``--kandidaten`` kandidaten
  (100,000) and a year of their journeys, written with COPY (``klantreis.lib.bulk``): werkgevers, verzoeken,
  vacatures, voordrachten with their transitions, follow-up tasks, gesprekken, plaatsingen, nazorg moments,
  plans with actions, warme overdrachten with messages, and answered belevingsvragen;
* times the full refresh of every figure for the whole country over the last 12 months plus this one
  (``kengetallen_verversen``; target <= 60 s), and the second run (everything already there);
* times reading one region's figures for a year, as the monitor pages do (all Kengetal rows of the region for
  12 months, region and organisation rows): p50/p95 over ``--herhalingen`` reads (target p95 <= 300 ms), and in
  the same run a plain baseline query (one region row by primary key);
* the werkuren of every verzoek: the vectorised calendar against a per-row Python loop (a day-by-day count).
"""

import argparse
import os
import platform
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "klantreis.settings")
os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("MFA_VERPLICHT", "false")  # the second step is not what is measured here

import django  # noqa: E402

django.setup()  # this file is a script, never imported

import numpy as np  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import Arbeidsmarktregio, Gemeente, Organisatie, Rol, User  # noqa: E402
from beleving.models import Belevingsvraag, Touchpoint  # noqa: E402
from bemiddeling.models import Sollicitatiegesprek, Voordracht, VoordrachtTransitie  # noqa: E402
from berichten.models import Bericht, Berichtenwisseling  # noqa: E402
from klantreis.lib.bulk import rijen_invoegen  # noqa: E402
from klantreis.lib.werktijd import binnen_een_werkdag, is_werkdag  # noqa: E402
from monitor.models import Kengetal  # noqa: E402
from monitor.rollups import Kalender, kengetallen_verversen, maand_datum, maand_index  # noqa: E402
from plaatsingen.models import NazorgMoment, Plaatsing, PlaatsingTransitie  # noqa: E402
from taken.models import Taak  # noqa: E402
from werkgevers.models import Vacature, Verzoek, Werkgever  # noqa: E402
from werkzoekenden.models import (  # noqa: E402
    Actie,
    Kandidaat,
    KlantmanagerToewijzing,
    PlanVanAanpak,
    PlanWijziging,
    Toestemming,
)

MERK = "monbench-"


def _ms(s):
    return s * 1000


def _p95(waarden):
    waarden = sorted(waarden)
    return waarden[min(len(waarden) - 1, int(round(0.95 * (len(waarden) - 1))))]


def invoegen(model, n, **kolommen):
    """COPY ``n`` rows of ``model``: a column is a list/array of n values or one value for all; columns not
    given get their default (evaluated once), None when nullable. Returns the new primary keys in order."""
    velden, waarden = [], []
    for veld in model._meta.concrete_fields:
        if veld.primary_key or veld.generated:
            continue
        if veld.attname in kolommen:
            w = kolommen[veld.attname]
        elif veld.name in kolommen:
            w = kolommen[veld.name]
        elif getattr(veld, "auto_now", False) or getattr(veld, "auto_now_add", False):
            w = timezone.now()
        elif veld.has_default():
            w = veld.get_default()
        elif veld.null:
            w = None
        else:
            w = veld.get_default()
        velden.append(veld.attname)
        waarden.append(w)

    def waarde(w, i):
        if isinstance(w, (list, np.ndarray)):
            w = w[i]
            return w.item() if isinstance(w, np.generic) else w
        return w

    rijen = [tuple(waarde(w, i) for w in waarden) for i in range(n)]
    rijen_invoegen(model, velden, rijen)
    return list(model.objects.order_by("-pk").values_list("pk", flat=True)[:n])[::-1]


def bouwen(regio, n, rng, nu):
    """One region's year of journeys. Returns a dict of counts."""
    jaar_geleden = nu - timedelta(days=365)
    gemeenten = list(Gemeente.objects.filter(regio=regio))

    def momenten(aantal, van=jaar_geleden, tot=nu):
        seconden = rng.uniform(van.timestamp(), tot.timestamp(), aantal)
        return [datetime.fromtimestamp(s, timezone.get_current_timezone()) for s in seconden]

    def plus(basis, dagen):
        return [None if b is None or np.isnan(d) else b + timedelta(days=float(d)) for b, d in zip(basis, dagen)]

    def hooguit_nu(waarden):
        return [min(w, nu) for w in waarden]

    def niet_na_nu(waarden):
        return [w if w is not None and w <= nu else None for w in waarden]

    wsp, _n = Organisatie.objects.get_or_create(regio=regio, soort=Organisatie.Soort.WSP,
                                                defaults={"naam": f"WSP {regio.naam}"})
    uwv = Organisatie.objects.create(naam=f"{MERK}UWV {regio.naam}", soort=Organisatie.Soort.UWV, regio=regio)
    gem_orgs = [Organisatie.objects.create(naam=f"{MERK}Gemeente {g.naam}", soort=Organisatie.Soort.GEMEENTE,
                                           regio=regio, gemeente=g) for g in gemeenten[:5]]
    staf = []
    for i in range(40):
        org = wsp if i < 20 else (uwv if i < 30 else gem_orgs[i % len(gem_orgs)])
        staf.append(User(email=f"{MERK}am{i}@bench.test", rol=Rol.ACCOUNTMANAGER, organisatie=org, regio=regio,
                         password="!"))
    for i in range(200):
        org = uwv if i < 80 else gem_orgs[i % len(gem_orgs)]
        staf.append(User(email=f"{MERK}km{i}@bench.test", rol=Rol.KLANTMANAGER, organisatie=org, regio=regio,
                         password="!"))
    staf = User.objects.bulk_create(staf)
    ams = np.array([u.pk for u in staf if u.rol == Rol.ACCOUNTMANAGER])
    kms = np.array([u.pk for u in staf if u.rol == Rol.KLANTMANAGER])
    km_org = {u.pk: u.organisatie_id for u in staf if u.rol == Rol.KLANTMANAGER}

    # Werkgevers, their vacatures and verzoeken.
    nw = 5000
    gm = rng.choice([g.pk for g in gemeenten], nw)
    orgs = invoegen(Organisatie, nw, naam=[f"{MERK}Bedrijf {i}" for i in range(nw)], soort="werkgever",
                    regio_id=regio.pk, gemeente_id=gm)
    werkgevers = np.array(invoegen(Werkgever, nw, organisatie_id=orgs, naam=[f"{MERK}Bedrijf {i}" for i in range(nw)],
                                   kvk_nummer=[f"7{i:07d}" for i in range(nw)], aantal_medewerkers=20,
                                   regio_id=regio.pk, gemeente_id=gm, accountmanager_id=rng.choice(ams, nw)))
    nv = 10000
    vac_wg = rng.choice(werkgevers, nv)
    vacatures = np.array(invoegen(Vacature, nv, werkgever_id=vac_wg, titel="Medewerker", uren_per_week=32,
                                  postcode="6822 AB", gemeente_id=gemeenten[0].pk, regio_id=regio.pk,
                                  status=rng.choice(["open", "vervuld", "concept"], nv, p=[0.6, 0.3, 0.1]).tolist(),
                                  aangemaakt_op=momenten(nv), laatst_bevestigd_op=nu))
    vac_werkgever = dict(zip(vacatures.tolist(), vac_wg.tolist()))
    nz = 8000
    ontvangen = momenten(nz)
    deadline = [binnen_een_werkdag(o) for o in ontvangen]
    contact = niet_na_nu(plus(ontvangen, np.where(rng.random(nz) < 0.92, rng.exponential(0.8, nz), np.nan)))
    toegewezen = np.where(rng.random(nz) < 0.7, rng.choice(ams, nz), -1)
    invoegen(Verzoek, nz, werkgever_id=rng.choice(werkgevers, nz), regio_id=regio.pk,
             accountmanager_id=[None if a < 0 else int(a) for a in toegewezen], kanaal="web",
             status=["contact" if c else "nieuw" for c in contact], contactpersoon="Piet", telefoon="026 1234567",
             email="piet@bench.test", vraag="Hulp", ontvangen_op=ontvangen, deadline=deadline,
             contact_opgenomen_op=contact)

    # Kandidaten with their plans.
    aangemaakt = momenten(n, nu - timedelta(days=730))
    kandidaten = np.array(invoegen(
        Kandidaat, n, voornaam="Bench", achternaam=[f"K{i}" for i in range(n)], sorteernaam=[f"k{i}" for i in range(n)],
        pseudoniem=[f"K-B{i:09d}" for i in range(n)], postcode="6822 AB", gemeente_id=gemeenten[0].pk,
        regio_id=regio.pk, uitkering="bijstand", klantmanager_id=rng.choice(kms, n),
        externe_referentie=[f"{MERK}{i}" for i in range(n)], aangemaakt_op=aangemaakt, gewijzigd_op=nu))
    km_van = dict(zip(kandidaten.tolist(), Kandidaat.objects.filter(pk__in=kandidaten.tolist())
                      .order_by("pk").values_list("klantmanager_id", flat=True)))
    plannen = np.array(invoegen(PlanVanAanpak, n, kandidaat_id=kandidaten, aangemaakt_op=aangemaakt))
    na = int(n * 0.7)
    acties = invoegen(Actie, na, plan_id=plannen[:na], levensdomein="werk", doel="Werk", omschrijving="Cv maken",
                      eigenaar="ik", gewijzigd_op=nu)
    invoegen(PlanWijziging, na, plan_id=plannen[:na], actie_id=acties,
             door_id=[km_van[k] for k in kandidaten[:na].tolist()],
             tijdstip=hooguit_nu(plus(aangemaakt[:na], rng.exponential(20, na))), omschrijving="Actie toegevoegd")

    # Voordrachten (with consent), transitions, tasks, gesprekken.
    nd = 60000
    paren = {}
    for k, v in zip(rng.choice(kandidaten[:na], nd).tolist(), rng.choice(vacatures, nd).tolist()):
        paren.setdefault((k, vac_werkgever[v]), (k, v))
    paren = list(paren.values())
    nd = len(paren)
    vd_kand = [k for k, _v in paren]
    vd_vac = [v for _k, v in paren]
    toest = invoegen(Toestemming, nd, kandidaat_id=vd_kand, doel="werkgever",
                     werkgever_id=[vac_werkgever[v] for v in vd_vac], verleend_op=jaar_geleden)
    voorgedragen = momenten(nd)
    status = rng.choice(["niet_passend", "afgewezen", "aangenomen", "voorgedragen", "uitgenodigd"], nd,
                        p=[0.4, 0.2, 0.15, 0.15, 0.1])
    gereageerd = niet_na_nu(plus(voorgedragen, np.where(status == "voorgedragen", np.nan, rng.exponential(5, nd))))
    status = np.where([g is None for g in gereageerd], "voorgedragen", status)
    afgewezen = np.isin(status, ["niet_passend", "afgewezen"])
    voordrachten = np.array(invoegen(
        Voordracht, nd, vacature_id=vd_vac, kandidaat_id=vd_kand, toestemming_id=toest, toelichting="Past.",
        status=status.tolist(), voorgedragen_door_id=rng.choice(ams, nd), voorgedragen_op=voorgedragen,
        gereageerd_op=gereageerd, reden=["ervaring" if a else "" for a in afgewezen]))
    idx = np.flatnonzero(afgewezen)
    invoegen(VoordrachtTransitie, len(idx), voordracht_id=voordrachten[idx], van="voorgedragen",
             naar=status[idx].tolist(), tijdstip=[gereageerd[i] for i in idx])
    afgerond = niet_na_nu(plus([gereageerd[i] for i in idx],
                               np.where(rng.random(len(idx)) < 0.8, rng.exponential(4, len(idx)), np.nan)))
    invoegen(Taak, len(idx), toegewezen_aan_id=[km_van[vd_kand[i]] for i in idx], omschrijving="Bespreek",
             voordracht_id=voordrachten[idx], aangemaakt_op=[gereageerd[i] for i in idx], afgerond_op=afgerond,
             sleutel=[f"afgewezen:{voordrachten[i]}:{km_van[vd_kand[i]]}" for i in idx])
    met_gesprek = np.flatnonzero(np.isin(status, ["afgewezen", "aangenomen"]))
    begint = plus([voorgedragen[i] for i in met_gesprek], np.full(len(met_gesprek), 7.0))
    invoegen(Sollicitatiegesprek, len(met_gesprek), voordracht_id=voordrachten[met_gesprek], begint_op=begint,
             locatie="Arnhem", gepland_door_id=int(ams[0]), gepland_op=[voorgedragen[i] for i in met_gesprek],
             ics_uid=[f"{MERK}{voordrachten[i]}" for i in met_gesprek])

    # Plaatsingen, their nazorg moments and ends.
    aangenomen = np.flatnonzero(status == "aangenomen")
    start = [(voorgedragen[i] + timedelta(days=21)).date() for i in aangenomen]
    keep = [s <= nu.date() for s in start]
    aangenomen = aangenomen[keep]
    start = [s for s, k in zip(start, keep) if k]
    npl = len(aangenomen)
    pl_status = rng.choice(["lopend", "afscheid"], npl, p=[0.8, 0.2])
    plaatsingen = np.array(invoegen(
        Plaatsing, npl, voordracht_id=voordrachten[aangenomen], kandidaat_id=[vd_kand[i] for i in aangenomen],
        werkgever_id=[vac_werkgever[vd_vac[i]] for i in aangenomen], regio_id=regio.pk, soort="vast",
        status=pl_status.tolist(),
        functie="Medewerker", startdatum=start, uren_per_week=32, aangemaakt_door_id=int(ams[0]),
        aangemaakt_op=[voorgedragen[i] for i in aangenomen]))
    weg = np.flatnonzero(pl_status == "afscheid")
    invoegen(PlaatsingTransitie, len(weg), plaatsing_id=plaatsingen[weg], van="lopend", naar="afscheid",
             tijdstip=[min(nu, timezone.make_aware(datetime.combine(start[i], datetime.min.time()))
                           + timedelta(days=int(rng.integers(5, 120)))) for i in weg])
    dagen = np.array([1, 14, 42, 90])
    mp = np.repeat(np.arange(npl), 4)
    gepland = [timezone.make_aware(datetime.combine(start[i], datetime.min.time())) + timedelta(days=int(d), hours=9)
               for i, d in zip(mp, np.tile(dagen, npl))]
    verwerkt = niet_na_nu(gepland)
    uitkomst = niet_na_nu(plus(verwerkt, np.where(rng.random(len(mp)) < 0.85, rng.exponential(1.5, len(mp)), np.nan)))
    invoegen(NazorgMoment, len(mp), plaatsing_id=plaatsingen[mp], soort="extra", gepland_op=gepland,
             verwerkt_op=verwerkt, uitkomst_op=uitkomst, uitkomst=["goed" if u else "" for u in uitkomst])

    # Warme overdrachten, first contact by message.
    no = 10000
    ov_kand = rng.choice(kandidaten, no, replace=False)
    van = momenten(no)
    naar = rng.choice(kms, no)
    invoegen(KlantmanagerToewijzing, no, kandidaat_id=ov_kand, klantmanager_id=naar, van=van,
             organisatie_id=[km_org[k] for k in naar.tolist()],
             door_id=[km_van[k] for k in ov_kand.tolist()], overdrachtsnotitie="Graag snel contact.")
    wisselingen = invoegen(Berichtenwisseling, no, soort="werkzoekende", onderwerp="Kennismaken", kandidaat_id=ov_kand,
                           aangemaakt_op=van, laatste_bericht_op=van)
    invoegen(Bericht, no, wisseling_id=wisselingen, afzender_id=naar, tekst="Hoi!",
             verstuurd_op=hooguit_nu(plus(van, rng.exponential(3, no))))

    # Beleving.
    nb = 30000
    touchpoints = rng.choice(Touchpoint.values, nb)
    orgs_b = [wsp.pk, uwv.pk] + [o.pk for o in gem_orgs]
    gesteld = momenten(nb)
    beantwoord = niet_na_nu(plus(gesteld, np.full(nb, 1.0)))
    invoegen(Belevingsvraag, nb, touchpoint=touchpoints.tolist(), gebruiker_id=rng.choice(kms, nb),
             regio_id=regio.pk, organisatie_id=rng.choice(orgs_b, nb), sleutel=[f"{MERK}{i}" for i in range(nb)],
             gesteld_op=gesteld, verloopt_op=plus(gesteld, np.full(nb, 14.0)),
             token_hash=[f"{i:064x}" for i in range(nb)], beantwoord_op=beantwoord,
             score=[None if b is None else int(s) for b, s in zip(beantwoord, rng.integers(1, 6, nb))])
    return {"werkgevers": nw, "vacatures": nv, "verzoeken": nz, "kandidaten": n, "planwijzigingen": na,
            "voordrachten": nd, "afgewezen": len(idx), "gesprekken": len(met_gesprek), "plaatsingen": npl,
            "nazorgmomenten": len(mp), "overdrachten": no, "belevingsvragen": nb}


def werkuren_per_rij(van, tot):
    """Baseline: werkuren of one pair, day by day (what a per-row Python loop does)."""
    van, tot = timezone.localtime(van), timezone.localtime(tot)
    uren, dag = 0.0, van.date()
    while dag <= tot.date():
        if is_werkdag(dag):
            open_ = timezone.make_aware(datetime.combine(dag, settings.WERKTIJD_BEGIN))
            dicht = timezone.make_aware(datetime.combine(dag, settings.WERKTIJD_EINDE))
            uren += max(0.0, (min(dicht, tot) - max(open_, van)).total_seconds() / 3600)
        dag += timedelta(days=1)
    return uren


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--regio", default="AM07")
    parser.add_argument("--kandidaten", type=int, default=100000)
    parser.add_argument("--herhalingen", type=int, default=200)
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    db = connection.settings_dict
    versie = connection.Database.sqlite_version if connection.vendor == "sqlite" else connection.pg_version
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{connection.vendor} {versie} ({db['NAME']})")
    regio = Arbeidsmarktregio.objects.get(code=args.regio)
    nu = timezone.now()
    if Kandidaat.objects.filter(regio=regio, externe_referentie__startswith=MERK).count() >= args.kandidaten:
        print(f"Hergebruikt: {args.kandidaten:,} bench-kandidaten in {regio.naam} staan er al.")
    else:
        start = time.perf_counter()
        with transaction.atomic():
            aantallen = bouwen(regio, args.kandidaten, np.random.default_rng(args.seed), nu)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(f"Gebouwd in {time.perf_counter() - start:.1f} s (COPY): "
              + ", ".join(f"{v:,} {k}" for k, v in aantallen.items()))

    vandaag = timezone.localdate()
    vanaf = maand_datum(maand_index(vandaag) - 12)
    for ronde in ("eerste", "tweede"):
        start = time.perf_counter()
        geschreven = kengetallen_verversen(vanaf=vanaf, tot=vandaag)
        print(f"Volledige verversing ({ronde} keer), heel Nederland, {vanaf:%Y-%m} t/m {vandaag:%Y-%m} "
              f"(13 maanden x {Arbeidsmarktregio.objects.count()} regio's): {geschreven:,} kengetallen in "
              f"{time.perf_counter() - start:.1f} s")
    start = time.perf_counter()
    kengetallen_verversen(vanaf=maand_datum(maand_index(vandaag) - 1), tot=vandaag)
    print(f"Beat-verversing (deze en vorige maand): {time.perf_counter() - start:.1f} s")

    # Reading one region's figures for a year, as the pages do; and a plain query in the same run.
    def lezen():
        return list(Kengetal.objects.filter(regio=regio, maand__gte=vanaf, maand__lte=vandaag)
                    .values_list("sleutel", "organisatie_id", "maand", "aantal", "noemer", "mediaan", "verdeling",
                                 "personen"))

    def basis():
        return list(Arbeidsmarktregio.objects.filter(pk=regio.pk).values_list("pk", "code", "naam"))

    aantal_rijen = len(lezen())
    for naam, functie in ((f"Kengetallen van {regio.naam}, 13 maanden ({aantal_rijen:,} rijen)", lezen),
                          ("Baseline: één regio op primaire sleutel", basis)):
        tijden = []
        for _i in range(args.herhalingen):
            begin = time.perf_counter()
            functie()
            tijden.append(time.perf_counter() - begin)
        print(f"{naam:<60} p50 {_ms(statistics.median(tijden)):7.2f} ms   p95 {_ms(_p95(tijden)):7.2f} ms   "
              f"(n={len(tijden)})")

    # The monitor page itself (GET /monitor/ through the test client: middleware, selectors, SVG charts,
    # template), as the region's coordinator and as the programme (all regions side by side), for the default
    # period (the last 12 months) and a filtered quarter; a trivial page in the same run for the machine's noise.
    from django.test import Client

    settings.ALLOWED_HOSTS = ["*"]
    wsp = Organisatie.objects.filter(regio=regio, soort=Organisatie.Soort.WSP).first()
    coordinator, _ = User.objects.get_or_create(email="bench.coordinator@wsp.example.nl", defaults={
        "rol": Rol.ACCOUNTMANAGER, "regio": regio, "organisatie": wsp, "is_coordinator": True, "voornaam": "Bench"})
    programma, _ = User.objects.get_or_create(email="bench.programma@programma.example.nl", defaults={
        "rol": Rol.PROGRAMMA, "voornaam": "Bench"})
    kwartaal = {"van": f"{maand_datum(maand_index(vandaag) - 2):%Y-%m}", "tot": f"{vandaag:%Y-%m}"}
    client = Client()
    for naam, gebruiker, params in (("Monitor-pagina, coördinator, laatste 12 maanden", coordinator, {}),
                                    ("Monitor-pagina, coördinator, één kwartaal", coordinator, kwartaal),
                                    ("Monitor-pagina, programma (alle regio's naast elkaar)", programma, {}),
                                    ("Baseline: publieke startpagina", None, {})):
        client.logout()
        if gebruiker is not None:
            client.force_login(gebruiker)
        url = "/monitor/" if gebruiker is not None else "/"
        assert client.get(url, params).status_code == 200, naam  # and warm
        tijden = []
        for _i in range(max(20, args.herhalingen // 4)):
            begin = time.perf_counter()
            client.get(url, params)
            tijden.append(time.perf_counter() - begin)
        print(f"{naam:<60} p50 {_ms(statistics.median(tijden)):7.2f} ms   p95 {_ms(_p95(tijden)):7.2f} ms   "
              f"(n={len(tijden)})")

    # Werkuren: vectorised against a per-row loop, on every verzoek with a contact.
    paren = list(Verzoek.objects.filter(contact_opgenomen_op__isnull=False).values_list("ontvangen_op",
                                                                                        "contact_opgenomen_op"))
    start = time.perf_counter()
    a = np.array([p[0].timestamp() for p in paren])
    b = np.array([p[1].timestamp() for p in paren])
    snel = Kalender(vanaf - timedelta(days=800), vandaag + timedelta(days=2)).werkuren(a, b)
    vector = time.perf_counter() - start
    start = time.perf_counter()
    traag = [werkuren_per_rij(van, tot) for van, tot in paren]
    loop = time.perf_counter() - start
    verschil = float(np.abs(snel - np.array(traag)).max()) if paren else 0.0
    print(f"Werkuren van {len(paren):,} verzoeken: kalender (numpy, incl. opbouw) {_ms(vector):.0f} ms, "
          f"lus per rij {_ms(loop):.0f} ms ({loop / vector:.0f}x); grootste verschil {verschil:.6f} uur")


if __name__ == "__main__":
    main()
