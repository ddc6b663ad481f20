#!/usr/bin/env python
"""Benchmark of the lists that start from a person, at national volume: prints figures, passes or fails nothing.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/klantreis_bench \\
        .venv/bin/python bench/lijsten.py --vul --herhalingen 10

measures, on whatever database DATABASE_URL points at (a national demo, docs/benchmarks.md "Hoe meten"), through
Django's test client (middleware, view, template):

* the home pages of a werkzoekende and a werkgever and /hoe-ging-het/ (the open belevingsvragen of the person);
* the inbox /berichten/ of a klantmanager and of an accountmanager;
* /agenda/ of a klantmanager, an accountmanager and a werkzoekende, and the 15 months the agenda feed reads;
* /beheer/, with the number of lines in the verwerkingenlog (give it millions first: bench/inzage.py --vul) and the
  users per role (``--vul-gebruikers``), and the beheerder's search of those users for two letters;
* /plaatsingen/, the nazorg overview of an accountmanager of the region with the most plaatsingen, the first page
  and one 2,000 plaatsingen in;
* /uitnodigen/ of a klantmanager and of the team (the caseload without an account);
* the werkgevers of the region with the most werkgevers, the first page and one 10,000 names in;
* the monitor's newest 50 comments of a region's three months;

and in the same run, as the baseline, the queries these made before (an OR across a join to the kandidaat or the
users; the inbox's COUNT; /beheer/'s counts of all users; the nazorg overview's join to the werkgevers with an
OFFSET page and its COUNT), with the buffers
each reads (EXPLAIN (ANALYZE, BUFFERS): the same figure on a quiet and a busy machine), plus a trivial request
(/health/) for the noise of the machine.

``--vul`` first adds, in SQL on PostgreSQL, what a country has of these tables and a demo has not: belevingsvragen
(``--vragen``, to kandidaten and their accounts), berichtenwisselingen (``--wisselingen``: with werkzoekenden,
werkgevers, overleg) and afspraken with two deelnemers each (``--afspraken``), spread over all kandidaten,
werkgevers and staff. ``--vul-plaatsingen N`` adds N plaatsingen of five years (a tenth still running) with their
toestemming, voordracht and four nazorg moments. ``--vul-werkgevers N`` adds N werkgevers to the region with the most,
``--vul-opmerkingen N`` answers N belevingsvragen of a region with a comment, ``--vul-gebruikers N`` adds N
accounts of werkzoekenden and werkgevers.
A second run of any of these adds them again: run it once, on a copy of a demo database.
"""

import argparse
import sys
from datetime import datetime, time, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.meten import django_als_productie  # noqa: E402

django_als_productie()  # the models below need the app registry; this file is a script, never imported

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.paginator import Paginator  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import BigIntegerField, Count, Exists, OuterRef, Q, Subquery, Value  # noqa: E402
from django.db.models.functions import Cast, Coalesce  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from guardian.models import UserObjectPermission  # noqa: E402

from accounts.models import Arbeidsmarktregio, Organisatie, Rol, User, Verwerking  # noqa: E402
from agenda.models import Afspraak, Deelnemer  # noqa: E402
from agenda.selectors import agenda_items  # noqa: E402
from beleving.models import Belevingsvraag  # noqa: E402
from beleving.selectors import opmerkingen_voor as beleving_opmerkingen  # noqa: E402
from bench.meten import tijden  # noqa: E402
from bench.plannen import buffers  # noqa: E402
from berichten.models import Bericht, Berichtenwisseling, Gelezen  # noqa: E402
from klantreis.lib.paginering import codeer_cursor  # noqa: E402
from monitor.selectors import opmerkingen_voor as monitor_opmerkingen  # noqa: E402
from plaatsingen.models import NazorgMoment, Plaatsing  # noqa: E402
from plaatsingen.selectors import _volgend_moment, proef_eindigt_binnenkort  # noqa: E402
from werkgevers.models import Werkgever  # noqa: E402
from werkgevers.selectors import werkgevers_van_regio  # noqa: E402
from werkzoekenden.models import Kandidaat  # noqa: E402
from werkzoekenden.selectors import caseload_van_klantmanager, klantmanagers_van_caseload  # noqa: E402

Soort = Berichtenwisseling.Soort


def vullen(vragen, wisselingen, afspraken):
    if connection.vendor != "postgresql":
        sys.exit("--vul schrijft met SQL van PostgreSQL: zet DATABASE_URL op een PostgreSQL-database.")
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM accounts_arbeidsmarktregio ORDER BY id LIMIT 1")
        regio = cursor.fetchone()[0]
        # The ids to spread over, as arrays: row g takes element 1 + (g * a prime) mod n.
        ids = """k AS (SELECT array_agg(id ORDER BY id) AS ids, count(*) AS n FROM werkzoekenden_kandidaat),
                 w AS (SELECT array_agg(id ORDER BY id) AS ids, count(*) AS n FROM werkgevers_werkgever),
                 am AS (SELECT array_agg(id ORDER BY id) AS ids, count(*) AS n FROM accounts_user
                        WHERE rol = 'accountmanager'),
                 staf AS (SELECT array_agg(id ORDER BY id) AS ids, count(*) AS n FROM accounts_user
                          WHERE rol IN ('accountmanager', 'klantmanager'))"""
        cursor.execute(f"""
            WITH {ids}
            INSERT INTO beleving_belevingsvraag (touchpoint, gebruiker_id, kandidaat_id, werkgever_id, regio_id,
                organisatie_id, bevraagde_id, sleutel, gesteld_op, verloopt_op, token_hash, beantwoord_op, score,
                opmerking)
            SELECT 'wz_plan', NULL, k.ids[1 + (g::bigint * 7919) %% k.n], NULL, %(regio)s, NULL, NULL, 'bench:' || g,
                now() - g * interval '20 seconds', now() - g * interval '20 seconds' + interval '14 days',
                md5('a' || g) || md5('b' || g),
                CASE WHEN g %% 3 = 0 THEN now() - g * interval '20 seconds' END, CASE WHEN g %% 3 = 0 THEN 4 END, ''
            FROM k, generate_series(1, %(n)s) AS g""", {"n": vragen, "regio": regio})
        print(f"{vragen:,} belevingsvragen erbij")
        cursor.execute(f"""
            WITH {ids}
            INSERT INTO berichten_berichtenwisseling (soort, onderwerp, kandidaat_id, werkgever_id, accountmanager_id,
                gestart_door_id, aangemaakt_op, laatste_bericht_op)
            SELECT CASE WHEN g %% 10 < 7 THEN 'werkzoekende' WHEN g %% 10 < 9 THEN 'werkgever' ELSE 'overleg' END,
                'Vraag',
                CASE WHEN g %% 10 < 7 OR g %% 10 = 9 THEN k.ids[1 + (g::bigint * 7919) %% k.n] END,
                CASE WHEN g %% 10 IN (7, 8) THEN w.ids[1 + (g::bigint * 104729) %% w.n] END,
                CASE WHEN g %% 10 = 9 THEN am.ids[1 + (g::bigint * 31) %% am.n] END,
                NULL, now() - g * interval '30 seconds', now() - g * interval '20 seconds'
            FROM k, w, am, generate_series(1, %(n)s) AS g""", {"n": wisselingen})
        print(f"{wisselingen:,} berichtenwisselingen erbij")
        cursor.execute("SELECT coalesce(max(id), 0) FROM agenda_afspraak")
        hoogste = cursor.fetchone()[0]
        cursor.execute(f"""
            WITH {ids}
            INSERT INTO agenda_afspraak (soort, titel, start, eind, plaats, videolink, toelichting, status,
                capaciteit, regio_id, werkgever_id, gesprek_id, georganiseerd_door_id, ics_uid, volgnummer,
                aangemaakt_op, gewijzigd_op)
            SELECT 'kennismakingsbezoek', 'Bezoek', now() + (g %% 730 - 365) * interval '1 day' + g * interval '1 s',
                now() + (g %% 730 - 365) * interval '1 day' + g * interval '1 s' + interval '1 hour', 'Arnhem', '', '',
                'gepland', NULL, NULL, NULL, NULL, staf.ids[1 + (g::bigint * 31) %% staf.n],
                'bench-' || g || '@klantreis', 0, now(), now()
            FROM staf, generate_series(1, %(n)s) AS g""", {"n": afspraken})
        # The kandidaat by number (a join): a 1-million-element array subscripted per row of a join is unpacked
        # again for every row.
        cursor.execute("""
            WITH kn AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS i FROM werkzoekenden_kandidaat),
                 n AS (SELECT count(*) AS n FROM werkzoekenden_kandidaat)
            INSERT INTO agenda_deelnemer (afspraak_id, gebruiker_id, kandidaat_id, status, aangemeld_op,
                herinnering_op, herinnerd_op, kan_niet_reden, kan_niet_wanneer_wel)
            SELECT a.id, a.georganiseerd_door_id, NULL::bigint, 'aangemeld', now(), NULL::timestamptz,
                NULL::timestamptz, '', ''
            FROM agenda_afspraak a WHERE a.id > %(hoogste)s
            UNION ALL
            SELECT a.id, NULL, kn.id, 'aangemeld', now(), NULL, NULL, '', ''
            FROM agenda_afspraak a CROSS JOIN n JOIN kn ON kn.i = (a.id::bigint * 7919) %% n.n
            WHERE a.id > %(hoogste)s""", {"hoogste": hoogste})
        print(f"{afspraken:,} afspraken met {2 * afspraken:,} deelnemers erbij")
        for tabel in ("beleving_belevingsvraag", "berichten_berichtenwisseling", "agenda_afspraak",
                      "agenda_deelnemer"):
            cursor.execute(f"VACUUM ANALYZE {tabel}")


def plaatsingen_vullen(aantal):
    """``aantal`` plaatsingen of five years, each with its toestemming, voordracht and four nazorg moments, at the
    werkgevers of the open vacatures: a tenth still running (their later moments still to do), the rest ended."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM werkzoekenden_toestemming")
        vanaf_toestemming = cursor.fetchone()[0]
        cursor.execute("""
            WITH kn AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS i FROM werkzoekenden_kandidaat),
                 n AS (SELECT count(*) AS n FROM werkzoekenden_kandidaat),
                 vn AS (SELECT id, werkgever_id, row_number() OVER (ORDER BY id) - 1 AS i FROM werkgevers_vacature),
                 vm AS (SELECT count(*) AS n FROM werkgevers_vacature)
            INSERT INTO werkzoekenden_toestemming (doel, derde_partij, verleend_op, kandidaat_id, wijze, werkgever_id)
            SELECT 'werkgever', '', now() - (g %% 1800) * interval '1 day' - interval '30 days', kn.id, 'gesprek',
                vn.werkgever_id
            FROM generate_series(1, %(n)s) AS g CROSS JOIN n CROSS JOIN vm
            JOIN kn ON kn.i = (g::bigint * 7919) %% n.n JOIN vn ON vn.i = (g::bigint * 31) %% vm.n
            ON CONFLICT DO NOTHING""", {"n": aantal})
        cursor.execute("SELECT coalesce(max(id), 0) FROM matching_voordracht")
        vanaf_voordracht = cursor.fetchone()[0]
        cursor.execute("""
            INSERT INTO matching_voordracht (toelichting, status, voorgedragen_op, reden, reden_toelichting,
                reden_delen_met_kandidaat, kandidaat_id, toestemming_id, vacature_id, voorgedragen_door_id)
            SELECT 'Past goed.', 'aangenomen', t.verleend_op, '', '', false, t.kandidaat_id, t.id,
                (SELECT v.id FROM werkgevers_vacature v WHERE v.werkgever_id = t.werkgever_id ORDER BY v.id LIMIT 1),
                w.accountmanager_id
            FROM werkzoekenden_toestemming t JOIN werkgevers_werkgever w ON w.id = t.werkgever_id
            WHERE t.id > %(vanaf)s AND w.accountmanager_id IS NOT NULL""", {"vanaf": vanaf_toestemming})
        cursor.execute("SELECT coalesce(max(id), 0) FROM plaatsingen_plaatsing")
        vanaf_plaatsing = cursor.fetchone()[0]
        cursor.execute("""
            INSERT INTO plaatsingen_plaatsing (soort, status, functie, startdatum, einddatum, uren_per_week,
                verlenging_reden, voorwaarden, akkoord_instantie, overeenkomst, ondertekend_door_naam, afscheid_reden,
                aangemaakt_op, aangemaakt_door_id, kandidaat_id, voordracht_id, werkgever_id, regio_id)
            SELECT 'tijdelijk', CASE WHEN v.id %% 10 = 0 THEN 'lopend' ELSE 'afgerond' END, 'Monteur',
                (v.voorgedragen_op + interval '20 days')::date,
                (v.voorgedragen_op + interval '200 days')::date, 32, '', '', '', '', '', '',
                v.voorgedragen_op + interval '20 days', v.voorgedragen_door_id, v.kandidaat_id, v.id, w.werkgever_id,
                wg.regio_id
            FROM matching_voordracht v JOIN werkgevers_vacature w ON w.id = v.vacature_id
                JOIN werkgevers_werkgever wg ON wg.id = w.werkgever_id
            WHERE v.id > %(vanaf)s""", {"vanaf": vanaf_voordracht})
        cursor.execute("""
            INSERT INTO plaatsingen_nazorgmoment (plaatsing_id, soort, gepland_op, uitkomst, bijzonderheden,
                interventie)
            SELECT p.id, m.soort, p.aangemaakt_op + m.na,
                CASE WHEN p.status = 'lopend' AND p.aangemaakt_op + m.na > now() - interval '3 days' THEN ''
                     ELSE 'goed' END, '', ''
            FROM plaatsingen_plaatsing p CROSS JOIN (VALUES ('24uur', interval '1 day'), ('2weken', interval '14 days'),
                ('6weken', interval '42 days'), ('einde_contract', interval '180 days')) AS m (soort, na)
            WHERE p.id > %(vanaf)s""", {"vanaf": vanaf_plaatsing})
        cursor.execute("SELECT count(*) FROM plaatsingen_plaatsing WHERE id > %s", [vanaf_plaatsing])
        print(f"{cursor.fetchone()[0]:,} plaatsingen met hun toestemming, voordracht en vier nazorgmomenten erbij")
        for tabel in ("werkzoekenden_toestemming", "matching_voordracht", "plaatsingen_plaatsing",
                      "plaatsingen_nazorgmoment"):
            cursor.execute(f"VACUUM ANALYZE {tabel}")


def werkgevers_vullen(aantal):
    """``aantal`` werkgevers (with their organisatie) in the region that has the most, spread over its gemeenten: what
    a WSP's relatiebeheer holds after some years, where a demo has a few hundred."""
    with connection.cursor() as cursor:
        cursor.execute("""SELECT regio_id FROM werkgevers_werkgever GROUP BY regio_id ORDER BY count(*) DESC LIMIT 1""")
        regio_id = cursor.fetchone()[0]
        cursor.execute("SELECT coalesce(max(id), 0) FROM accounts_organisatie")
        vanaf = cursor.fetchone()[0]
        cursor.execute("""
            WITH gm AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS i FROM accounts_gemeente
                        WHERE regio_id = %(regio)s),
                 n AS (SELECT count(*) AS n FROM gm)
            INSERT INTO accounts_organisatie (naam, soort, telefoon, email, gemeente_id, regio_id)
            SELECT (ARRAY['Bakkerij', 'Installatiebedrijf', 'Transport', 'Schildersbedrijf', 'Zorggroep', 'Hoveniers',
                          'Autobedrijf', 'Kapsalon', 'Drukkerij', 'Timmerfabriek', 'Schoonmaakbedrijf',
                          'Metaalbewerking'])[1 + g %% 12]
                   || ' ' || (ARRAY['De Vries', 'Jansen', 'Van Dijk', 'Bakker', 'Visser', 'Smit', 'Meijer', 'De Boer',
                                    'Mulder', 'De Groot', 'Bos', 'Vos', 'Peters', 'Hendriks', 'Van Leeuwen', 'Dekker',
                                    'Brouwer', 'De Wit', 'Dijkstra', 'Smits'])[1 + (g / 12) %% 20]
                   || ' ' || g, 'werkgever', '', '', gm.id, %(regio)s
            FROM generate_series(1, %(n)s) AS g CROSS JOIN n JOIN gm ON gm.i = g %% n.n""",
                       {"regio": regio_id, "n": aantal})
        cursor.execute("""
            INSERT INTO werkgevers_werkgever (naam, kvk_nummer, sector, aantal_medewerkers, aangemaakt_op, gemeente_id,
                organisatie_id, regio_id, activiteiten, contactpersoon_email, contactpersoon_naam,
                contactpersoon_telefoon, cultuur, website, zoekt)
            SELECT o.naam, lpad((60000000 + o.id)::text, 8, '0'), 'Diverse', 5 + o.id %% 45, now(), o.gemeente_id,
                o.id, o.regio_id, '', '', '', '', '', '', ''
            FROM accounts_organisatie o WHERE o.id > %(vanaf)s""", {"vanaf": vanaf})
        print(f"{cursor.rowcount:,} werkgevers erbij in regio {regio_id}")
        for tabel in ("accounts_organisatie", "werkgevers_werkgever"):
            cursor.execute(f"VACUUM ANALYZE {tabel}")


def gebruikers_vullen(aantal):
    """``aantal`` accounts of werkzoekenden (85%) and werkgevers (15%), as a country has them where a demo has a few:
    each invited by a professional in the last five years, 92% logged in since, 3% no longer active. They are not
    linked to kandidaten or werkgevers (what is measured with them is the counting of users)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM accounts_user")
        vanaf = cursor.fetchone()[0]
        cursor.execute("SELECT id FROM accounts_user WHERE rol = 'klantmanager' ORDER BY id LIMIT 1")
        door = cursor.fetchone()[0]
        cursor.execute("""
            INSERT INTO accounts_user (password, last_login, is_superuser, email, voornaam, achternaam, telefoon, rol,
                is_staff, is_active, date_joined, uitgenodigd_op, uitgenodigd_door_id, is_coordinator)
            SELECT '!', CASE WHEN g %% 25 < 23 THEN now() - (g %% 1801) * interval '1 day' + interval '2 days' END,
                false, 'bench-' || (%(vanaf)s + g) || '@gebruikers.example.nl', 'Gebruiker', 'Bench ' || g, '',
                CASE WHEN g %% 20 < 17 THEN 'werkzoekende' ELSE 'werkgever' END, false, g %% 33 <> 0,
                now() - (g %% 1801) * interval '1 day', now() - (g %% 1801) * interval '1 day', %(door)s, false
            FROM generate_series(1, %(n)s) AS g""", {"n": aantal, "vanaf": vanaf, "door": door})
        print(f"{cursor.rowcount:,} gebruikers erbij")
        cursor.execute("VACUUM ANALYZE accounts_user")


def opmerkingen_vullen(aantal):
    """``aantal`` open belevingsvragen of the region with the most, answered in the last three months with a comment
    that names nobody: what the monitor shows the newest 50 of."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT regio_id FROM beleving_belevingsvraag GROUP BY regio_id ORDER BY count(*) DESC LIMIT 1")
        regio_id = cursor.fetchone()[0]
        cursor.execute("""
            UPDATE beleving_belevingsvraag SET beantwoord_op = now() - (id %% 90) * interval '1 day',
                score = 1 + id %% 5,
                opmerking = 'Het ging ' || (ARRAY['goed', 'redelijk', 'snel', 'traag', 'prima'])[1 + id %% 5]
                    || ', het gesprek was duidelijk.'
            WHERE id IN (SELECT id FROM beleving_belevingsvraag WHERE regio_id = %(regio)s AND beantwoord_op IS NULL
                         ORDER BY id LIMIT %(n)s)""", {"regio": regio_id, "n": aantal})
        print(f"{cursor.rowcount:,} belevingsvragen beantwoord met een opmerking in regio {regio_id}")
        cursor.execute("VACUUM ANALYZE beleving_belevingsvraag")


# --- the queries as they were before (the baseline) ----------------------------------------------------------


def oude_open_vraag(gebruiker):
    def queries():
        list(Belevingsvraag.objects.filter(Q(gebruiker=gebruiker) | Q(kandidaat__account=gebruiker),
                                           beantwoord_op__isnull=True, verloopt_op__gt=timezone.now())
             .order_by("-gesteld_op", "-pk")[:1])
    return queries


def _oud_zichtbaar(user):
    if user.rol == Rol.KLANTMANAGER:
        toegekend = UserObjectPermission.objects.filter(
            user=user, permission__codename="waarnemen_kandidaat",
            content_type=ContentType.objects.get_for_model(Kandidaat),
        ).annotate(kandidaat_pk=Cast("object_pk", BigIntegerField())).values("kandidaat_pk")
        return Q(soort__in=[Soort.WERKZOEKENDE, Soort.OVERLEG]) & (
            Q(kandidaat__klantmanager=user)
            | Q(kandidaat__klantmanager__waarnemer=user, kandidaat__klantmanager__organisatie=user.organisatie_id)
            | Q(kandidaat_id__in=toegekend))
    return (Q(soort=Soort.WERKGEVER) & (
        Q(werkgever__accountmanager=user)
        | Q(werkgever__accountmanager__waarnemer=user, werkgever__accountmanager__organisatie=user.organisatie_id))
    ) | (Q(soort=Soort.OVERLEG) & (
        Q(accountmanager=user) | Q(accountmanager__waarnemer=user, accountmanager__organisatie=user.organisatie_id)))


def oude_berichten(user):
    def queries():
        gelezen_tot = Subquery(Gelezen.objects.filter(wisseling=OuterRef("pk"), gebruiker=user)
                               .values("tot_bericht")[:1])
        qs = (Berichtenwisseling.objects.filter(_oud_zichtbaar(user))
              .annotate(gelezen_tot=Coalesce(gelezen_tot, Value(0), output_field=BigIntegerField()))
              .annotate(ongelezen=Exists(Bericht.objects.filter(wisseling=OuterRef("pk"),
                                                                pk__gt=OuterRef("gelezen_tot")).exclude(afzender=user)))
              .select_related("kandidaat__klantmanager", "werkgever", "accountmanager")
              .order_by("-laatste_bericht_op", "-pk"))
        list(Paginator(qs, 20).get_page(1).object_list)
    return queries


def oude_uitnodigen(km):
    """The invitation page of a klantmanager as it was: the whole caseload without an account, read for the log line
    and again for the <select>."""
    def queries():
        for _ in range(2):
            list(caseload_van_klantmanager(km).filter(account__isnull=True))
    return queries


def oude_werkgevers(am, pagina):
    """The werkgevers of the region as they were: a COUNT and an OFFSET page, sorted by name."""
    def queries():
        list(Paginator(werkgevers_van_regio(am.regio), 25).get_page(pagina).object_list)
    return queries


def oude_opmerkingen(regio, van, tot):
    """The monitor's comments as they were: every comment of the months, without names, then the newest 50 kept."""
    def queries():
        beleving_opmerkingen(regio, van=van, tot=tot)[-50:]
    return queries


def vorige_beheer():
    """/beheer/'s user counts before the 25th session: the active users, every invited user who never logged in, and
    the GROUP BY over all active users once for each of the six roles the page lists (the log's count as now)."""
    def queries():
        User.objects.filter(is_active=True).count()
        User.objects.filter(uitgenodigd_op__isnull=False, last_login__isnull=True).count()
        for _rol in Rol:
            dict(User.objects.filter(is_active=True).values_list("rol").annotate(n=Count("id")))
    return queries


def oude_gebruikers_zoeken(woord):
    """The beheerder's search of the users before the 30th session, for a word of one or two letters: the page in
    name order and the count up to the limit, each testing the three columns in upper case and the organisation on
    every user it passes (what Django's own search asks)."""
    def queries():
        lijst = User.objects.filter(Q(email__icontains=woord) | Q(voornaam__icontains=woord)
                                    | Q(achternaam__icontains=woord)
                                    | Q(organisatie__in=Organisatie.objects.filter(naam__icontains=woord).values("pk")))
        list(lijst.select_related("organisatie", "regio").order_by("achternaam", "voornaam", "email")[:100])
        lijst.order_by()[:10_001].count()
    return queries


def vorige_nazorg(am, pagina):
    """The accountmanager's nazorg overview before the 25th session: the plaatsingen of the region's werkgevers (a
    join), the next moment per row, an OFFSET page with its COUNT for the page numbers, and the counts per status
    over the same join; the due moments and the ending proefplaatsingen as now."""

    def queries():
        qs = (Plaatsing.objects.select_related("kandidaat", "werkgever").annotate(volgend_moment=_volgend_moment())
              .filter(werkgever__regio_id=am.regio_id).order_by("-startdatum", "-pk"))
        einde = timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=1), time.min))
        list(NazorgMoment.objects.filter(plaatsing__in=qs.values("pk"), uitkomst="", gepland_op__lt=einde,
                                         plaatsing__status=Plaatsing.Status.LOPEND)
             .select_related("plaatsing__kandidaat", "plaatsing__werkgever").order_by("gepland_op", "pk")[:50])
        list(proef_eindigt_binnenkort(qs)[:50])
        list(Paginator(qs, 25).get_page(pagina).object_list)
        dict(qs.order_by().values_list("status").annotate(n=Count("pk")))
    return queries


def oude_overdracht(km, kandidaat):
    """The warme overdracht before the 26th session: a <select> of every active klantmanager of the klantmanager's
    region and of the werkzoekende's, with their organisations, read for the page (and again to check the choice)."""
    def queries():
        list(User.objects.filter(Q(regio_id=km.regio_id) | Q(regio_id=kandidaat.regio_id), rol=Rol.KLANTMANAGER,
                                 is_active=True).exclude(pk=km.pk).select_related("organisatie")
             .order_by("organisatie__naam", "achternaam"))
    return queries


def oude_agenda(gebruiker, van, tot):
    def queries():
        deelname = Deelnemer.objects.filter(Q(gebruiker=gebruiker) | Q(kandidaat__account=gebruiker)).exclude(
            status=Deelnemer.Status.AFGEMELD)
        list(Afspraak.objects.filter(pk__in=deelname.values("afspraak_id"), start__gte=van, start__lt=tot)
             .select_related("werkgever", "gesprek__voordracht__kandidaat").order_by("start", "pk")[:500])
        if gebruiker.rol in (Rol.ACCOUNTMANAGER, Rol.KLANTMANAGER):
            list(NazorgMoment.objects.filter(
                Q(plaatsing__werkgever__accountmanager=gebruiker) | Q(plaatsing__kandidaat__klantmanager=gebruiker),
                plaatsing__status=Plaatsing.Status.LOPEND, uitkomst="", gepland_op__gte=van, gepland_op__lt=tot,
            ).select_related("plaatsing__werkgever", "plaatsing__kandidaat").order_by("gepland_op", "pk")[:500])
    return queries


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--vul", action="store_true", help="vul eerst aan zoals een land (één keer)")
    parser.add_argument("--vragen", type=int, default=2_000_000)
    parser.add_argument("--wisselingen", type=int, default=1_000_000)
    parser.add_argument("--afspraken", type=int, default=500_000)
    parser.add_argument("--herhalingen", type=int, default=10)
    parser.add_argument("--vul-plaatsingen", type=int, default=0, metavar="N",
                        help="voeg eerst N plaatsingen van vijf jaar toe (één keer)")
    parser.add_argument("--vul-opmerkingen", type=int, default=0, metavar="N",
                        help="beantwoord eerst N belevingsvragen van de drukste regio met een opmerking (één keer)")
    parser.add_argument("--vul-gebruikers", type=int, default=0, metavar="N",
                        help="voeg eerst N accounts van werkzoekenden en werkgevers toe (één keer)")
    parser.add_argument("--vul-werkgevers", type=int, default=0, metavar="N",
                        help="voeg eerst N werkgevers toe aan de regio met de meeste (één keer)")
    args = parser.parse_args()
    if min(args.vragen, args.wisselingen, args.afspraken) < 0 or args.herhalingen < 1:
        parser.error("de aantallen zijn 0 of meer, --herhalingen 1 of meer")
    if connection.vendor != "postgresql":
        sys.exit("Dit meet plannen van PostgreSQL: zet DATABASE_URL op een PostgreSQL-database.")
    if args.vul:
        vullen(args.vragen, args.wisselingen, args.afspraken)
    if args.vul_plaatsingen:
        plaatsingen_vullen(args.vul_plaatsingen)
    if args.vul_werkgevers:
        werkgevers_vullen(args.vul_werkgevers)
    if args.vul_opmerkingen:
        opmerkingen_vullen(args.vul_opmerkingen)
    if args.vul_gebruikers:
        gebruikers_vullen(args.vul_gebruikers)

    kandidaat = Kandidaat.objects.filter(account__isnull=False).select_related("account").order_by("pk").first()
    werkgever = User.objects.filter(rol=Rol.WERKGEVER, is_active=True).order_by("pk").first()
    km = kandidaat.klantmanager if kandidaat else None
    am = User.objects.filter(rol=Rol.ACCOUNTMANAGER, is_active=True, werkgevers__isnull=False
                             ).order_by("pk").first() if kandidaat else None
    # A klantmanager with a caseload as most have (50-200, covering nobody), beside the demo's team (``km``: one who
    # covers a large team's combined caseload).
    gewone_km = next((k.klantmanager for k in Kandidaat.objects.filter(pk__gte=Kandidaat.objects.count() // 2)
                      .exclude(klantmanager=None).select_related("klantmanager").order_by("pk")[:50]
                      if not User.objects.filter(waarnemer=k.klantmanager).exists()), None)
    beheerder = User.objects.filter(rol=Rol.BEHEERDER, is_active=True).order_by("pk").first()
    # The nazorg overview of an accountmanager of the region with the most plaatsingen (--vul-plaatsingen).
    drukste = (Plaatsing.objects.values("regio_id").annotate(n=Count("pk")).order_by("-n")
               .values_list("regio_id", flat=True).first())
    nazorg_am = User.objects.filter(rol=Rol.ACCOUNTMANAGER, is_active=True, regio_id=drukste).order_by("pk").first()
    if nazorg_am is None:
        nazorg_am = am
    # The werkgevers list of an accountmanager of the region with the most werkgevers (--vul-werkgevers).
    grootste = (Werkgever.objects.values("regio_id").annotate(n=Count("pk")).order_by("-n")
                .values_list("regio_id", flat=True).first())
    regio_am = User.objects.filter(rol=Rol.ACCOUNTMANAGER, is_active=True, regio_id=grootste).order_by("pk").first()
    # The warme overdracht of a klantmanager of the region with the most klantmanagers, for one of their dossiers.
    km_regio = (User.objects.filter(rol=Rol.KLANTMANAGER, is_active=True).values("regio_id").annotate(n=Count("pk"))
                .order_by("-n").values_list("regio_id", flat=True).first())
    overdracht_dossier = (Kandidaat.objects.filter(klantmanager__regio_id=km_regio, klantmanager__is_active=True)
                          .select_related("klantmanager").order_by("pk").first())
    if None in (kandidaat, werkgever, km, am, gewone_km, beheerder, regio_am, overdracht_dossier):
        sys.exit("Geen demo-gebruikers: vul eerst de demo (manage.py demo).")
    for naam, wie in (("klantmanager", gewone_km), ("klantmanager team", km)):
        print(f"{naam}: {Kandidaat.objects.filter(klantmanager_id__in=klantmanagers_van_caseload(wie)).count():,} "
              f"kandidaten in de caseload")
    print(f"database {connection.settings_dict['NAME']}: {Kandidaat.objects.count():,} kandidaten, "
          f"{Belevingsvraag.objects.count():,} belevingsvragen, {Berichtenwisseling.objects.count():,} "
          f"berichtenwisselingen, {Afspraak.objects.count():,} afspraken ({Deelnemer.objects.count():,} deelnemers), "
          f"{Plaatsing.objects.count():,} plaatsingen, {NazorgMoment.objects.count():,} nazorgmomenten, "
          f"{Verwerking.objects.count():,} regels in de verwerkingenlog; {args.herhalingen} herhalingen\n")
    ruis = Client()
    p50, p95 = tijden(lambda: ruis.get("/health/"), args.herhalingen)
    print(f"{'ruis: /health/':40} p50 {p50:8.1f} ms  p95 {p95:8.1f} ms")

    nu = timezone.now()
    feed_van, feed_tot = nu - timedelta(days=90), nu + timedelta(days=365)
    metingen = [
        ("werkzoekende: /mijn/", kandidaat.account, reverse("werkzoekende_home"), ["beleving_belevingsvraag"],
         oude_open_vraag(kandidaat.account)),
        ("werkzoekende: /hoe-ging-het/", kandidaat.account, reverse("beleving_overzicht"),
         ["beleving_belevingsvraag"], oude_open_vraag(kandidaat.account)),
        ("werkgever: /werkgever/", werkgever, reverse("werkgever_home"), ["beleving_belevingsvraag"],
         oude_open_vraag(werkgever)),
        ("klantmanager: /berichten/", gewone_km, reverse("berichten"), ["berichten_berichtenwisseling"],
         oude_berichten(gewone_km)),
        ("klantmanager team: /berichten/", km, reverse("berichten"), ["berichten_berichtenwisseling"],
         oude_berichten(km)),
        ("accountmanager: /berichten/", am, reverse("berichten"), ["berichten_berichtenwisseling"],
         oude_berichten(am)),
        ("klantmanager: /agenda/ (week)", gewone_km, reverse("agenda"),
         ["agenda_deelnemer", "plaatsingen_nazorgmoment"], oude_agenda(gewone_km, *_deze_week())),
        ("accountmanager: /agenda/ (week)", am, reverse("agenda"), ["agenda_deelnemer", "plaatsingen_nazorgmoment"],
         oude_agenda(am, *_deze_week())),
        ("werkzoekende: /agenda/", kandidaat.account, reverse("agenda"), ["agenda_deelnemer"],
         oude_agenda(kandidaat.account, feed_van, feed_tot)),
        ("beheerder: /beheer/", beheerder, reverse("beheerder_home"), ["accounts_verwerking", "accounts_user"],
         vorige_beheer()),
        (f"accountmanager {nazorg_am.regio.code}: /plaatsingen/", nazorg_am, reverse("nazorg_overzicht"),
         ["plaatsingen_plaatsing", "plaatsingen_nazorgmoment"], vorige_nazorg(nazorg_am, 1)),
        (f"accountmanager {nazorg_am.regio.code}: /plaatsingen/, verder", nazorg_am,
         reverse("nazorg_overzicht") + "?na=" + _plaatsing_cursor(nazorg_am, PLAATSINGEN_VERDER),
         ["plaatsingen_plaatsing", "plaatsingen_nazorgmoment"], vorige_nazorg(nazorg_am, PLAATSINGEN_VERDER // 25 + 1)),
        ("klantmanager: /uitnodigen/", gewone_km, reverse("uitnodigen"), ["werkzoekenden_kandidaat"],
         oude_uitnodigen(gewone_km)),
        ("klantmanager team: /uitnodigen/", km, reverse("uitnodigen"), ["werkzoekenden_kandidaat"],
         oude_uitnodigen(km)),
        (f"accountmanager {regio_am.regio.code}: werkgevers", regio_am, reverse("werkgevers_regio"),
         ["werkgevers_werkgever"], oude_werkgevers(regio_am, 1)),
        (f"accountmanager {regio_am.regio.code}: werkgevers, verder", regio_am,
         reverse("werkgevers_regio") + "?na=" + _werkgever_cursor(regio_am, VERDER), ["werkgevers_werkgever"],
         oude_werkgevers(regio_am, VERDER // 25 + 1)),
    ]
    overdracht_km = overdracht_dossier.klantmanager
    aantal_km = User.objects.filter(rol=Rol.KLANTMANAGER, is_active=True, regio_id=overdracht_km.regio_id).count()
    overdracht = reverse("overdracht", args=[overdracht_dossier.pk])
    for achter, zoek in (("", ""), (", zoeken", "?naar_zoek=jan"), (", zoeken smal", "?naar_zoek=jansen+gemeente")):
        metingen.append((f"klantmanager {overdracht_km.regio.code} ({aantal_km:,} km): overdracht{achter}",
                         overdracht_km, overdracht + zoek, ["accounts_user"],
                         oude_overdracht(overdracht_km, overdracht_dossier)))
    # The beheerder's search of the users (``--vul-gebruikers``): two letters that few users hold ("de" holds none of
    # the bench's own users) and that none hold, against the same search before the 30th session.
    for woord in ("de", "xq"):
        metingen.append((f"beheerder: gebruikers zoeken {woord!r}", beheerder,
                         reverse("admin:accounts_user_changelist") + "?q=" + woord, ["accounts_user"],
                         oude_gebruikers_zoeken(woord)))
    for naam, gebruiker, url, tabellen, oud in metingen:
        client = Client()
        client.force_login(gebruiker)
        antwoord = client.get(url)
        status = f"{antwoord.status_code} {len(antwoord.content) / 1000:.0f} kB"
        p50, p95 = tijden(lambda client=client, url=url: client.get(url), args.herhalingen)
        nieuw = buffers(lambda client=client, url=url: client.get(url), tabellen)
        o50, _ = tijden(oud, max(1, args.herhalingen // 3))
        print(f"{naam:40} p50 {p50:8.1f} ms  p95 {p95:8.1f} ms  status {status}  {nieuw:,} buffers  |  "
              f"de queries van vroeger: p50 {o50:8.1f} ms  {buffers(oud, tabellen):,} buffers")
    # The monitor's comments of the region with the most belevingsvragen (--vul-opmerkingen), three months.
    regio = Arbeidsmarktregio.objects.get(pk=Belevingsvraag.objects.values("regio_id").annotate(n=Count("pk"))
                                          .order_by("-n").values_list("regio_id", flat=True)[0])
    vandaag = timezone.localdate()
    van = (vandaag - timedelta(days=62)).replace(day=1)
    aantal = Belevingsvraag.objects.filter(regio=regio, beantwoord_op__date__gte=van).exclude(opmerking="").count()
    p50, p95 = tijden(lambda: monitor_opmerkingen(regio, van=van, tot=vandaag), args.herhalingen)
    oud = oude_opmerkingen(regio, van, vandaag)
    o50, _ = tijden(oud, max(1, args.herhalingen // 3))
    tabellen = ["beleving_belevingsvraag", "matching_voordracht"]
    nieuw = buffers(lambda: monitor_opmerkingen(regio, van=van, tot=vandaag), tabellen)
    print(f"{'monitor: opmerkingen ' + regio.code + f' ({aantal:,})':40} p50 {p50:8.1f} ms  p95 {p95:8.1f} ms  "
          f"{nieuw:,} buffers  |  de queries van vroeger: p50 {o50:8.1f} ms  {buffers(oud, tabellen):,} buffers")
    for naam, gebruiker in (("klantmanager", gewone_km), ("accountmanager", am)):
        p50, p95 = tijden(lambda g=gebruiker: agenda_items(g, feed_van, feed_tot), args.herhalingen)
        oud = oude_agenda(gebruiker, feed_van, feed_tot)
        o50, _ = tijden(oud, max(1, args.herhalingen // 3))
        tabellen = ["agenda_deelnemer", "plaatsingen_nazorgmoment"]
        nieuw = buffers(lambda g=gebruiker: agenda_items(g, feed_van, feed_tot), tabellen)
        print(f"{naam + ': feed (15 maanden)':40} p50 {p50:8.1f} ms  p95 {p95:8.1f} ms  {nieuw:,} buffers  |  "
              f"de queries van vroeger: p50 {o50:8.1f} ms  {buffers(oud, tabellen):,} buffers")


VERDER = 10_000  # a page deep in the werkgevers list: after this many names


def _werkgever_cursor(am, na):
    """The cursor of the werkgevers page after the first ``na`` names (or the last one, in a smaller region)."""
    rijen = list(werkgevers_van_regio(am.regio).values_list("naam", "pk")[:na])
    return codeer_cursor(list(rijen[-1]) if rijen else ["", 0])


PLAATSINGEN_VERDER = 2_000  # a page deep in the region's plaatsingen: after this many, newest first


def _plaatsing_cursor(am, na):
    """The cursor of the /plaatsingen/ page after the region's ``na`` newest plaatsingen (or its last one)."""
    rijen = list(Plaatsing.objects.filter(regio_id=am.regio_id).order_by("-startdatum", "-pk")
                 .values_list("startdatum", "pk")[:na])
    return codeer_cursor(list(rijen[-1]) if rijen else [timezone.localdate(), 0])


def _deze_week():
    from agenda.selectors import week_van

    vandaag = timezone.localdate()
    return week_van(vandaag - timedelta(days=vandaag.weekday()))


if __name__ == "__main__":
    main()
