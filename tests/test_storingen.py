"""Failures while 5,000 nazorg moments fall due at once: nothing lost, nothing doubled.

Real processes on the test database: a sweep worker, a mail worker (each ``--pool=solo`` on a queue of its
own), Celery beat every 2 seconds, the web server, and a Redis the test starts and stops itself. While the
sweep runs the sweep worker gets ``kill -9``; then Redis goes away for 30 seconds, during which a werkgever
sends the public help form; then the mail worker gets ``kill -9`` halfway through the mail. Afterwards every
mail row is counted against the messages that arrived (by Message-ID), and per moment the check-ins, the
mails and the tasks are counted: every one exactly once.

PostgreSQL only (the sweep claims with ``SKIP LOCKED``; SQLite's file lock makes five processes a queue).
"""

import http.client
import re
import time
import urllib.parse
from collections import Counter, defaultdict
from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from accounts.models import Rol, User
from conftest import ontbreekt
from outbox.models import Gebeurtenis, Mail
from plaatsingen.models import Checkin, NazorgMoment
from plaatsingen.tests.bulk import due_nazorgmomenten
from taken.models import Taak
from tests.werkers import (
    Redis,
    Webserver,
    berichten,
    celery_beat,
    celery_worker,
    database_url,
    nieuwe_queue,
    omgeving,
    verbindingen,
)
from werkgevers.models import Verzoek

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]

MOMENTEN = 5000
LEASE = 5
STORING_SECONDEN = 30
KLAAR_BINNEN = 300  # seconds after the last restart until everything is handled
KVK = "87654321"
VERZOEKER = "piet@storing.test"


def _wacht_tot(voorwaarde, timeout, interval=0.02):
    grens = time.monotonic() + timeout
    while time.monotonic() < grens:
        waarde = voorwaarde()
        if waarde:
            return waarde
        time.sleep(interval)
    return voorwaarde()


class Omgeving:
    def __init__(self, tmp_path):
        self.maildir = tmp_path / "mail"
        self.logs = tmp_path / "logs"
        self.redis = Redis(self.logs)
        self.queue = nieuwe_queue()
        self.env = omgeving(database=database_url(connection.settings_dict), redis_url=self.redis.url,
                            maildir=self.maildir, queue=self.queue, OUTBOX_LEASE_SECONDEN=LEASE,
                            OUTBOX_SWEEP_SECONDEN=2, NAZORG_SWEEP_SECONDEN=2)
        self.sweep = celery_worker(self._env_van("sweep"), [self.queue], "sweep", self.logs)
        self.mail = celery_worker(self._env_van("mail"), [f"{self.queue}-mail"], "mail", self.logs)
        self.beat = celery_beat(self.env, self.logs)
        self.web = Webserver(self.env, self.logs)
        self.processen = [self.beat, self.sweep, self.mail, self.web]

    def _env_van(self, naam):
        """The environment of a worker whose database connections PostgreSQL knows by its name (application_name),
        so that ``kill9`` can wait for them."""
        return {**self.env, "DATABASE_URL": database_url(connection.settings_dict, f"{self.queue}-{naam}")}

    def kill9(self, werker):
        """SIGKILL a worker, then wait until PostgreSQL has ended its connections. A statement the worker sent just
        before it died (marking a mail sent, claiming a moment) is still run and committed by its backend, a few
        milliseconds after the process is gone: what the dead worker claimed or held is only known after that. Read
        at once, a mail it had just marked sent counted as still in its hands (and as one that should have been sent
        twice). Returns how many connections it had just before the kill."""
        naam = f"{self.queue}-{werker.naam}"
        voor = verbindingen(naam)
        werker.kill9()
        assert _wacht_tot(lambda: verbindingen(naam) == 0, timeout=30), (
            f"connections of {naam} still open 30 s after the kill\n{self.logs_staart()}")
        return voor

    def logs_staart(self):
        return "\n".join(f"--- {p.naam} ---\n{p.staart()}" for p in [*self.processen, self.redis.proces])

    def stop(self):
        for proces in self.processen:
            proces.stop()
        self.redis.kill9()


@pytest.fixture
def storing(transactional_db, tmp_path):
    if connection.vendor != "postgresql":
        ontbreekt("PostgreSQL nodig")
    o = Omgeving(tmp_path)
    yield o
    o.stop()  # before the test database is flushed
    print(o.logs_staart())


def _geclaimd():

    return NazorgMoment.objects.filter(verwerkt_op__isnull=False).count()


def _mailstatus():

    telling = dict(Mail.objects.values("status").annotate(n=Count("pk")).values_list("status", "n"))
    return {s: telling.get(s, 0) for s in ("wacht", "bezig", "verstuurd", "mislukt")}


def _formulier_versturen(web, bedrijfsnaam="Storing B.V.", kvk=KVK, email=VERZOEKER):
    """GET the form for its CSRF cookie and token, POST it; return (status, Location, seconds of the POST)."""
    c = http.client.HTTPConnection("127.0.0.1", web.poort, timeout=30)
    c.request("GET", "/hulp-bij-personeel/")
    antwoord = c.getresponse()
    html = antwoord.read().decode()
    assert antwoord.status == 200, html[:500]
    cookie = re.search(r"csrftoken=([^;]+)", antwoord.getheader("Set-Cookie") or "").group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    velden = dict(csrfmiddlewaretoken=token, bedrijfsnaam=bedrijfsnaam, kvk_nummer=kvk, adres="Markt 1",
                  postcode="6811 AB", plaats="Arnhem", sector="Bouw", aantal_medewerkers="12",
                  contactpersoon="Piet Storing", telefoon="026 1234567", email=email,
                  vraag="Twee timmerlieden, graag snel.", website="")
    start = time.perf_counter()
    c.request("POST", "/hulp-bij-personeel/", body=urllib.parse.urlencode(velden),
              headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={cookie}"})
    antwoord = c.getresponse()
    antwoord.read()
    duur = time.perf_counter() - start
    c.close()
    return antwoord.status, antwoord.getheader("Location"), duur


def _verwacht_per_moment(moment_ids):
    """{moment: {(soort, adres)}} and {moment: {user ids}} from the data: what the sweep must produce."""

    contact = dict(User.objects.filter(rol=Rol.WERKGEVER).values_list("organisatie_id", "email"))
    mails, taken = {}, {}
    for pk, am_id, am, km_id, km, org, werknemer in NazorgMoment.objects.filter(pk__in=moment_ids).values_list(
            "pk", "plaatsing__werkgever__accountmanager_id", "plaatsing__werkgever__accountmanager__email",
            "plaatsing__kandidaat__klantmanager_id", "plaatsing__kandidaat__klantmanager__email",
            "plaatsing__werkgever__organisatie_id", "plaatsing__kandidaat__email"):
        mails[pk] = {("herinnering", am.lower()), ("herinnering", km.lower()), ("werkgever", contact[org].lower()),
                     ("werknemer", werknemer.lower())}
        taken[pk] = {am_id, km_id}
    return mails, taken


def _taken_per_moment(moment_ids, verwacht):
    """'' when every moment has exactly one task per professional (by the key ``nazorg:<moment>:<user>``),
    else what is wrong."""
    per_moment = defaultdict(list)
    for sleutel, user_id in Taak.objects.filter(sleutel__startswith="nazorg:").values_list(
            "sleutel", "toegewezen_aan_id"):
        per_moment[int(sleutel.split(":")[1])].append(user_id)
    fout = {pk: per_moment.get(pk) for pk in moment_ids if sorted(per_moment.get(pk, [])) != sorted(verwacht[pk])}
    if fout:
        return f"{len(fout)} moments without exactly one task per professional: {list(fout.items())[:3]}"
    if Taak.objects.filter(omschrijving__startswith="Nazorg ").count() != 2 * len(moment_ids):
        return "more nazorg tasks than moments times professionals"
    return ""


@pytest.mark.duur(90)  # a 30 s broker outage and 20,000 mails
def test_nothing_lost_nothing_doubled_through_kills_and_a_broker_outage(storing):
    o = storing
    start = time.monotonic()

    def meld(regel):  # with the seconds since the start: where a slow run spends its time
        print(f"[{time.monotonic() - start:6.1f} s] {regel}")

    moment_ids = due_nazorgmomenten(MOMENTEN)
    assert len(moment_ids) == MOMENTEN
    meld(f"{MOMENTEN:,} due moments built")

    o.redis.start()
    o.mail.start()
    o.sweep.start()
    o.web.start()
    assert o.web.wacht_tot_klaar(), o.logs_staart()
    assert o.mail.wacht_op_log("ready") and o.sweep.wacht_op_log("ready"), o.logs_staart()
    o.beat.start()
    meld("web server, sweep and mail workers ready; beat started")

    # 1. kill -9 the sweep worker while the sweep is underway.
    assert _wacht_tot(lambda: 0 < _geclaimd() < MOMENTEN, timeout=120, interval=0.01), (
        f"sweep not caught underway (claimed: {_geclaimd()})\n{o.logs_staart()}")
    sweep_verbindingen = o.kill9(o.sweep)
    bij_kill = _geclaimd()
    time.sleep(0.5)
    na_kill = _geclaimd()
    assert na_kill == bij_kill, "a dead worker claimed on"
    assert bij_kill < MOMENTEN
    o.sweep.start()
    meld(f"sweep worker killed with {bij_kill:,} of {MOMENTEN:,} moments claimed (read after PostgreSQL ended its "
         f"{sweep_verbindingen} connection(s)); started again")

    # 2. Redis away for 30 s while the sweep runs; the public form still answers at once.
    _wacht_tot(lambda: _geclaimd() > bij_kill, timeout=60)
    # The baseline: the same form with Redis up, on the machine as busy as it is now (the sweep runs).
    status, locatie, basis = _formulier_versturen(o.web, "Basislijn B.V.", "87654322", "basis@storing.test")
    assert status == 302 and locatie.endswith("/hulp-bij-personeel/bedankt/"), o.web.staart()
    meld(f"help form with Redis up (baseline): {basis * 1000:.0f} ms")
    bij_storing = _geclaimd()
    o.redis.kill9()
    storing_sinds = time.monotonic()
    meld(f"Redis killed with {bij_storing:,} of {MOMENTEN:,} moments claimed "
          f"({'sweep underway' if bij_storing < MOMENTEN else 'sweep already done'})")
    status, locatie, duur = _formulier_versturen(o.web)
    meld(f"help form during the outage: HTTP {status} in {duur * 1000:.0f} ms")
    assert status == 302 and locatie.endswith("/hulp-bij-personeel/bedankt/"), o.web.staart()
    verzoek = Verzoek.objects.select_related("werkgever").get(werkgever__kvk_nummer=KVK)
    time.sleep(max(0.0, STORING_SECONDEN - (time.monotonic() - storing_sinds)))
    bij_herstel = _geclaimd()
    o.redis.start()
    redis_terug = timezone.now()
    meld(f"Redis back after {time.monotonic() - storing_sinds:.0f} s; {bij_herstel:,} moments claimed by then; "
          f"mail {_mailstatus()}")

    # 3. kill -9 the mail worker while mail is being sent: some sent, some waiting, a batch in its hands.
    verstuurd_bij_herstel = _mailstatus()["verstuurd"]

    def halverwege():
        s = _mailstatus()
        return s if s["bezig"] and s["wacht"] and s["verstuurd"] > verstuurd_bij_herstel else None

    assert _wacht_tot(halverwege, timeout=120, interval=0.01), f"mail not caught mid-send\n{o.logs_staart()}"
    mail_verbindingen = o.kill9(o.mail)
    bij_mailkill = _mailstatus()
    in_handen = set(Mail.objects.filter(status=Mail.Status.BEZIG).values_list("message_id", flat=True))
    o.mail.start()
    laatste_herstart = time.monotonic()
    meld(f"mail worker killed at {bij_mailkill} (read after PostgreSQL ended its {mail_verbindingen} connection(s)); "
         "started again")

    # 4. Wait until everything is handled.
    def klaar():
        return (not NazorgMoment.objects.filter(pk__in=moment_ids, verwerkt_op__isnull=True).exists()
                and not Mail.objects.filter(status__in=[Mail.Status.WACHT, Mail.Status.BEZIG]).exists()
                and not Gebeurtenis.objects.filter(verwerkt_op__isnull=True).exists())

    assert _wacht_tot(klaar, timeout=KLAAR_BINNEN, interval=0.5), (
        f"not done after {KLAAR_BINNEN} s: moments open "
        f"{NazorgMoment.objects.filter(verwerkt_op__isnull=True).count()}, mail {_mailstatus()}, events open "
        f"{Gebeurtenis.objects.filter(verwerkt_op__isnull=True).count()}\n{o.logs_staart()}")
    meld(f"everything handled {time.monotonic() - laatste_herstart:.0f} s after the mail worker's restart")
    o.beat.stop()
    o.sweep.stop()
    o.mail.stop()
    meld("workers stopped; counting")

    # --- count per message ---------------------------------------------------------------------
    rijen = list(Mail.objects.values("message_id", "aan", "onderwerp", "status", "sleutel", "verstuurd_op"))
    geleverd, afgebroken = berichten(o.maildir)
    per_id = Counter(b.message_id for b in geleverd)
    per_rij = {f"<{r['message_id']}@klantreis>": r for r in rijen}
    niet_verstuurd = [r for r in rijen if r["status"] != Mail.Status.VERSTUURD]
    kwijt = [mid for mid in per_rij if mid not in per_id]
    onbekend = [mid for mid in per_id if mid not in per_rij]
    dubbel = {mid: n for mid, n in per_id.items() if n > 1}
    herhaald = sum(n - 1 for n in dubbel.values())
    meld(f"mail rows {len(rijen):,}; deliveries {len(geleverd):,}; distinct Message-IDs {len(per_id):,}; "
          f"resent with the same Message-ID after the kill {herhaald} (of {len(in_handen)} in the killed worker's "
          f"hands); cut off mid-write {afgebroken}; lost {len(kwijt)}; unknown {len(onbekend)}")
    assert not niet_verstuurd, niet_verstuurd[:5]
    assert not kwijt, f"{len(kwijt)} mails never arrived, e.g. {kwijt[:3]}"
    assert not onbekend, f"{len(onbekend)} messages without an outbox row, e.g. {onbekend[:3]}"
    assert len({r["message_id"] for r in rijen}) == len(rijen)
    # What the killed worker held went out after its lease expired, claimed a second time, same Message-ID.
    assert not Mail.objects.filter(message_id__in=in_handen, pogingen__lt=2).exists()
    # A second delivery is only ever the resend of a mail the killed worker held, with the same Message-ID.
    assert {mid.strip("<>").split("@")[0] for mid in dubbel} <= {str(m) for m in in_handen}, dubbel
    for b in geleverd:
        rij = per_rij[b.message_id]
        assert (b.aan.lower(), b.onderwerp) == (rij["aan"].lower(), " ".join(rij["onderwerp"].split())), b

    # --- count per moment ----------------------------------------------------------------------
    verwacht_mails, verwacht_taken = _verwacht_per_moment(moment_ids)
    per_moment = defaultdict(list)
    for r in rijen:
        delen = (r["sleutel"] or "").split(":")
        if delen[0] == "nazorg" and delen[2] == "herinnering":
            per_moment[int(delen[1])].append(("herinnering", r["aan"].lower()))
        elif delen[0] == "checkin":
            per_moment[int(delen[1])].append((delen[2], r["aan"].lower()))
    fout_mail = {pk: sorted(per_moment.get(pk, [])) for pk in moment_ids
                 if sorted(per_moment.get(pk, [])) != sorted(verwacht_mails[pk])}
    assert not fout_mail, f"{len(fout_mail)} moments with other mail than 2 reminders and 2 check-ins: " \
                          f"{list(fout_mail.items())[:3]}"
    assert set(per_moment) == set(moment_ids)

    checkins = Counter(Checkin.objects.values_list("moment_id", "rol"))
    assert set(checkins.values()) == {1} and len(checkins) == 2 * MOMENTEN
    assert {m for m, _rol in checkins} == set(moment_ids)

    taak_fout = _taken_per_moment(moment_ids, verwacht_taken)
    assert not taak_fout, taak_fout
    assert not Gebeurtenis.objects.filter(verwerkt_op__isnull=True).exists()

    # --- the form sent during the outage -------------------------------------------------------
    bevestiging = [r for r in rijen if r["aan"] == VERZOEKER]
    melding = [r for r in rijen if r["onderwerp"].startswith("[Werkgeversservicepunt] Nieuw verzoek van Storing")]
    assert len(bevestiging) == 1 and "We bellen u binnen één werkdag" in bevestiging[0]["onderwerp"]
    assert melding, "no notice to an accountmanager"
    for r in bevestiging + melding:
        assert per_id[f"<{r['message_id']}@klantreis>"] >= 1
    na_herstel = ", ".join(f"{(r['verstuurd_op'] - redis_terug).total_seconds():+.0f} s" for r in bevestiging + melding)
    eerste = min((r["verstuurd_op"] for r in rijen if r["verstuurd_op"] > redis_terug), default=None)
    meld(f"first mail after the outage sent {(eerste - redis_terug).total_seconds():.1f} s after Redis came back")
    laatste = max(r["verstuurd_op"] for r in bevestiging + melding)
    sweep_ervoor = sum(1 for r in rijen if (r["sleutel"] or "").startswith(("nazorg:", "checkin:"))
                       and verzoek.ontvangen_op < r["verstuurd_op"] < laatste)
    meld(f"help form: confirmation to the werkgever and {len(melding)} notice(s) to accountmanagers delivered, "
          f"sent at {na_herstel} relative to Redis coming back; {sweep_ervoor:,} of the sweep's mails went out between "
          f"the form and the last of them")
    # The mail the werkgever waits for is not queued behind the sweep's thousands (outbox: bulk last): only what a
    # worker had claimed already (50 a batch) can go first. Unless the killed mail worker held one of them: then it
    # waited for the lease like every mail in its hands.
    in_handen_gehouden = [r for r in bevestiging + melding if str(r["message_id"]) in {str(m) for m in in_handen}]
    assert in_handen_gehouden or sweep_ervoor < 500, (
        f"the confirmation waited for {sweep_ervoor:,} reminders and check-ins")
    assert verzoek.ontvangen_op > timezone.now() - timedelta(hours=1)
    # The one timing assertion (the issue demands it), last, so a slow answer still shows every figure above.
    # Waiting on the broker (kombu's default retries, a connect timeout per publish) costs seconds; a busy machine
    # can stretch any request past a second, so the limit is the same request with Redis up, measured above.
    assert duur < max(1.0, 3 * basis), (
        f"the help form waited {duur:.2f} s for the broker that was away (with Redis up: {basis:.2f} s)")
