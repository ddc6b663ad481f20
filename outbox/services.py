"""Journey events and the e-mail outbox.

Writing: ``gebeurtenis_vastleggen`` and ``mail_klaarzetten`` add rows to the caller's transaction; nothing
leaves the database before it commits. After commit the event's reactions run (in-process, each in one
transaction with marking the event handled) and one send task is published with ``retry=False``: a broker
that is away costs the request nothing, and ``outbox_sweep`` (Celery beat) picks up whatever was left.

Sending: a worker claims mails (``status=bezig`` with a lease, committed) before it sends and records each
right after; a worker killed in between leaves the claim to expire and the sweep puts the mail back. The
resend carries the same Message-ID, so it is the same message to every mail system that looks."""

import logging
import re
import secrets
from datetime import timedelta
from functools import partial

from celery import current_app
from django.conf import settings
from django.core.mail import BadHeaderError, get_connection
from django.db import connection, transaction
from django.db.models import F
from django.template import Context, TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation

from klantreis.lib.bulk import rijen_invoegen
from klantreis.lib.claim import claim_rijen
from klantreis.lib.letterlijk import Letterlijk
from outbox.context import ZOLANG, NietMeerWaar, ObjectVerdwenen, bevries, nog_waar, ontdooi, vooraf_laden
from outbox.mime import Bericht
from outbox.models import Gebeurtenis, Mail
from outbox.registry import _handelende, reacties_op

logger = logging.getLogger(__name__)

MAX_POGINGEN = 10
BATCH = 50
VERSTUREN_TAAK = "outbox.tasks.mails_versturen_task"


def _wachttijd(pogingen):
    """1, 2, 4, ... minutes, at most an hour."""
    return timedelta(seconds=min(3600, 60 * 2 ** max(0, pogingen - 1)))


# --- journey events ----------------------------------------------------------------------------


def gebeurtenis_vastleggen(soort: str, *, door=None, **gegevens) -> Gebeurtenis:
    """Record that ``soort`` happened, in the caller's transaction; the reactions run after commit."""
    gebeurtenis = Gebeurtenis.objects.create(
        soort=soort, gegevens=bevries(gegevens),
        door_id=door.pk if door is not None and getattr(door, "is_authenticated", False) else None)
    transaction.on_commit(partial(_verwerk_na_commit, gebeurtenis.pk), robust=True)
    return gebeurtenis


def _verwerk_na_commit(pk):
    try:
        gebeurtenis_verwerken(pk)
    except Exception:  # noqa: BLE001 - recorded on the row; the sweep tries again
        logger.exception("Gebeurtenis %s: reactie mislukt, de sweep probeert het opnieuw", pk)


def gebeurtenis_verwerken(pk) -> bool:
    """Run every reaction to one event, once: the claim and the reactions are one transaction, so a
    crash undoes both and a second runner finds nothing to do. False if it was already handled.

    The reactions write in the portal's language (Dutch): what they store (a melding, a task, a line on a
    timeline) is read later by others, and a mail is Dutch. They run right after the commit in the request of
    whoever acted, in her language, or later in a worker: without this, the same melding was English or Dutch
    depending on who acted and on when it ran."""
    try:
        with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
            if not Gebeurtenis.objects.filter(pk=pk, verwerkt_op__isnull=True).update(verwerkt_op=timezone.now()):
                return False
            gebeurtenis = Gebeurtenis.objects.get(pk=pk)
            token = _handelende.set(gebeurtenis.door_id)
            try:
                for reactie in reacties_op(gebeurtenis.soort):
                    reactie(gebeurtenis)
            finally:
                _handelende.reset(token)
    except Exception as exc:
        Gebeurtenis.objects.filter(pk=pk, verwerkt_op__isnull=True).update(
            pogingen=F("pogingen") + 1, fout=f"{type(exc).__name__}: {exc}"[:2000],
            volgende_poging_op=timezone.now() + _wachttijd(
                Gebeurtenis.objects.filter(pk=pk).values_list("pogingen", flat=True).first() or 0))
        raise
    return True


def gebeurtenissen_inhalen(*, nu=None, max_aantal=1000) -> int:
    """Events whose reaction did not run (process gone, handler failed): try them again, oldest first."""
    nu = nu or timezone.now()
    ids = list(Gebeurtenis.objects.filter(verwerkt_op__isnull=True, volgende_poging_op__lte=nu)
               .order_by("pk").values_list("pk", flat=True)[:max_aantal])
    aantal = 0
    for pk in ids:
        try:
            aantal += gebeurtenis_verwerken(pk)
        except Exception:  # noqa: BLE001
            logger.exception("Gebeurtenis %s: reactie mislukt", pk)
    return aantal


# --- writing mail --------------------------------------------------------------------------------

_REGELEINDE = re.compile(r"[\r\n\t\x00-\x1f\x7f]+")


def schone_header(tekst) -> str:
    """Text for a mail header: line breaks and control characters become one space (a vacature title with
    CRLF must neither break the header nor make the mail fail)."""
    return re.sub(r" {2,}", " ", _REGELEINDE.sub(" ", str(tekst))).strip()


def ontvangers(adressen) -> list[str]:
    return sorted({a.strip().lower() for a in adressen if a and a.strip()})


def mails_maken(*, aan, onderwerp, template="", context=None, tekst="", html="", bijlagen=(),
                sleutel=None, zolang=None) -> list[Mail]:
    """Unsaved ``Mail`` rows, one per recipient, for a writer that saves many at once (``mails_klaarzetten``).
    ``zolang`` (``outbox.context.zolang``): sent only if that still holds when its turn comes."""
    adressen = ontvangers(aan)
    context = bevries(context or {})
    if zolang:
        context[ZOLANG] = zolang
    gedeeld = dict(onderwerp=schone_header(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + str(onderwerp))[:300],
                   template=template, context=context, tekst=tekst, html=html,
                   bijlagen=[list(b) for b in bijlagen])
    return [Mail(aan=adres, sleutel=f"{sleutel}:{adres}"[:200] if sleutel else None, **gedeeld)
            for adres in adressen]


def mail_klaarzetten(*, aan, onderwerp, template="", context=None, tekst="", html="", bijlagen=(),
                     sleutel=None, zolang=None) -> list[Mail]:
    """One row per recipient (nobody sees another recipient's address), sent after commit.

    ``sleutel`` makes it idempotent: a mail with the same key (per recipient) is never written twice. ``zolang``: see
    ``mails_maken``."""
    return mails_klaarzetten(mails_maken(aan=aan, onderwerp=onderwerp, template=template, context=context,
                                         tekst=tekst, html=html, bijlagen=bijlagen, sleutel=sleutel, zolang=zolang))


def mails_klaarzetten(mails: list[Mail]) -> list[Mail]:
    """Write prepared ``Mail`` rows in one INSERT (a key already present is skipped) and publish after commit."""
    if not mails:
        return []
    for mail in mails:
        mail.onderwerp = schone_header(mail.onderwerp)[:300]
    gemaakt = Mail.objects.bulk_create(mails, ignore_conflicts=any(m.sleutel for m in mails))
    publiceer_na_commit()
    return gemaakt


# The rest has database defaults. The times come from the application's clock, like every other row's.
MAIL_VELDEN = ("message_id", "sleutel", "aan", "onderwerp", "template", "context", "aangemaakt_op",
               "volgende_poging_op", "bulk")


def mails_invoegen(mails: list[dict]) -> int:
    """The fast path for sweeps: mails as dicts (``aan``, ``onderwerp``, ``template``, ``context`` already
    JSON-safe (see ``outbox.context.bevries``), optional ``sleutel``), written with COPY on PostgreSQL, no model
    instances. The moments a sweep claims are its own, so their keys cannot be there yet. Marked ``bulk``: they go
    after the mail that someone is waiting for."""
    prefix = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX
    nu = timezone.now().isoformat()  # once, not per row
    # A random 128-bit id in hex (cheaper than uuid4() for thousands; the column stores it as a uuid).
    rijen = [(secrets.token_hex(16), m.get("sleutel"), m["aan"], schone_header(prefix + m["onderwerp"])[:300], m["template"],
              m["context"], nu, nu, True) for m in mails if m["aan"]]
    rijen_invoegen(Mail, list(MAIL_VELDEN), rijen)
    if rijen:
        publiceer_na_commit()
    return len(rijen)


def publiceer_na_commit():
    """Ask a mail worker to send, once per transaction, after it commits."""
    # Once per (savepoint of a) transaction; a callback of an enclosing block may never run (rolled back).
    sids = set(connection.savepoint_ids)
    if connection.in_atomic_block and any(f is publiceer and set(s) == sids for s, f, _r in connection.run_on_commit):
        return
    transaction.on_commit(publiceer, robust=True)


def publiceer():
    """Publish one send task by name; never wait for or fail on the broker (the sweep covers an outage)."""
    if current_app.conf.task_always_eager:
        # No workers (tests, a shell): send here, as the task would.
        if mails_versturen():
            publiceer_als_er_meer_is()
        return
    try:
        current_app.send_task(VERSTUREN_TAAK, retry=False, ignore_result=True)
    except Exception as exc:  # noqa: BLE001 - the broker is away; mail stays in the outbox
        logger.warning("Broker niet bereikbaar (%s); de outbox-sweep verstuurt de mail later.", exc)


# The status of a waiting mail as the partial index on them says it, in the SQL text: the plan a prepared statement
# keeps for any values can then use that index (klantreis/lib/letterlijk.py), not every mail ever sent.
WACHT = Letterlijk(Mail.Status.WACHT)


def publiceer_als_er_meer_is():
    if Mail.objects.filter(status=WACHT, volgende_poging_op__lte=timezone.now()).exists():
        publiceer()


# --- sending -------------------------------------------------------------------------------------


def _inhoud(mail, objecten=None):
    """Text and HTML of a mail; ``objecten`` caches the rows a batch of mails refers to (4 mails per moment).
    ``NietMeerWaar`` when what it says no longer holds (``zolang``)."""
    gegevens = dict(mail.context)
    if voorwaarde := gegevens.pop(ZOLANG, None):
        nog_waar(voorwaarde, objecten)
    if mail.template:
        context = {"site_url": settings.SITE_URL, **ontdooi(gegevens, objecten)}
        tekst = get_template(f"{mail.template}.txt").template.render(Context(context, autoescape=False)).strip() + "\n"
        try:
            html = render_to_string(f"{mail.template}.html", context)
        except TemplateDoesNotExist:
            html = render_to_string("emails/basis.html", {**context, "tekst": tekst, "onderwerp": mail.onderwerp})
        return tekst, html
    return mail.tekst, mail.html


BLIJVENDE_FOUTEN = (ObjectVerdwenen, TemplateDoesNotExist, TemplateSyntaxError, BadHeaderError, ValueError,
                    TypeError, KeyError)


def mail_versturen(mail: Mail, *, verbinding=None, objecten=None) -> bool:
    """Send one claimed mail and record the outcome. True when sent."""
    try:
        tekst, html = _inhoud(mail, objecten)
        bericht = Bericht(subject=schone_header(mail.onderwerp), body=tekst, to=[mail.aan],
                          headers={"Message-ID": mail.message_id_header}, connection=verbinding)
        if html:
            bericht.attach_alternative(html, "text/html")
        for naam, inhoud, mimetype in mail.bijlagen:
            bericht.attach(naam, inhoud, mimetype)
        bericht.send()
    except NietMeerWaar as exc:
        # Set aside, done: neither a failure for the beheerder nor a retry. What it said is not kept, as when sent.
        Mail.objects.filter(pk=mail.pk, status=Mail.Status.BEZIG).update(
            status=Mail.Status.VERVALLEN, geclaimd_tot=None, fout=str(exc)[:2000], context={}, tekst="", html="",
            bijlagen=[])
        logger.info("Mail %s niet verstuurd: %s", mail.pk, exc)
        return False
    except BLIJVENDE_FOUTEN as exc:
        Mail.objects.filter(pk=mail.pk, status=Mail.Status.BEZIG).update(
            status=Mail.Status.MISLUKT, geclaimd_tot=None, fout=f"{type(exc).__name__}: {exc}"[:2000])
        logger.error("Mail %s mislukt: %s", mail.pk, exc)
        return False
    except Exception as exc:  # noqa: BLE001 - mail server away, database hiccup: try again later
        opnieuw = mail.pogingen < MAX_POGINGEN
        Mail.objects.filter(pk=mail.pk, status=Mail.Status.BEZIG).update(
            status=Mail.Status.WACHT if opnieuw else Mail.Status.MISLUKT, geclaimd_tot=None,
            volgende_poging_op=timezone.now() + _wachttijd(mail.pogingen), fout=f"{type(exc).__name__}: {exc}"[:2000])
        logger.warning("Mail %s niet verstuurd (poging %s): %s", mail.pk, mail.pogingen, exc)
        raise
    # Sent: what it said is not kept (AVG: only what is needed), who and when is.
    Mail.objects.filter(pk=mail.pk).update(status=Mail.Status.VERSTUURD, verstuurd_op=timezone.now(),
                                           geclaimd_tot=None, fout="", context={}, tekst="", html="", bijlagen=[])
    return True


def _asynchroon_vastleggen(aan: bool):
    """PostgreSQL: while a worker sends, its commits do not wait for the WAL flush (``synchronous_commit``,
    for this session only). A worker killed with ``kill -9`` loses nothing by it: the commit is in the server.
    Only a crash of the database server itself can forget the last fraction of a second of "sent" records;
    those mails stay claimed and go out again after the lease with the same Message-ID, as after a worker
    that died between sending and recording. Every send saves a disk flush (about half a millisecond)."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO off" if aan else "RESET synchronous_commit")


def te_versturen(nu):
    """The mails due at ``nu`` (claimed in the order ``bulk``, ``volgende_poging_op``, pk: the partial index)."""
    return Mail.objects.filter(status=WACHT, volgende_poging_op__lte=nu)


def mails_versturen(*, max_aantal=500) -> int:
    """Claim due mails in batches and send them over one connection. Returns how many were sent."""
    lease = timedelta(seconds=settings.OUTBOX_LEASE_SECONDEN)
    verstuurd = verwerkt = 0
    verbinding = None
    _asynchroon_vastleggen(True)
    try:
        while verwerkt < max_aantal:
            nu = timezone.now()
            ids = claim_rijen(te_versturen(nu),
                              aantal=min(BATCH, max_aantal - verwerkt),
                              volgorde=("bulk", "volgende_poging_op", "pk"),  # a sweep's thousands last
                              status=Mail.Status.BEZIG, geclaimd_tot=nu + lease, pogingen=F("pogingen") + 1)
            if not ids:
                break
            mails = list(Mail.objects.filter(pk__in=ids).order_by("bulk", "volgende_poging_op", "pk"))  # as claimed
            # Every row the batch's templates refer to, one query per model (4 mails per nazorg moment).
            objecten = vooraf_laden(mail.context for mail in mails)
            for mail in mails:
                verwerkt += 1
                if verbinding is None:
                    verbinding = get_connection()
                    verbinding.open()
                try:
                    verstuurd += mail_versturen(mail, verbinding=verbinding, objecten=objecten)
                except Exception:  # noqa: BLE001 - recorded on the row; a fresh connection for the next
                    verbinding.close()
                    verbinding = None
    finally:
        if verbinding is not None:
            verbinding.close()
        try:
            _asynchroon_vastleggen(False)
        except Exception:  # noqa: BLE001 - the connection itself is gone; Django opens a fresh one
            logger.warning("synchronous_commit niet teruggezet; de verbinding wordt vervangen", exc_info=True)
            connection.close()
    return verstuurd


def verlopen_claims_vrijgeven(*, nu=None) -> int:
    """A worker that died mid-send never recorded its mails: after the lease they are due again."""
    nu = nu or timezone.now()
    return Mail.objects.filter(status=Mail.Status.BEZIG, geclaimd_tot__lt=nu).update(
        status=Mail.Status.WACHT, geclaimd_tot=None, volgende_poging_op=nu,
        fout="Verzending onderbroken (werker gestopt); opnieuw klaargezet met hetzelfde bericht-id.")


def outbox_sweep(*, nu=None) -> dict:
    """Celery beat: expired claims back in line, reactions that did not run, mail that was not sent."""
    vrijgegeven = verlopen_claims_vrijgeven(nu=nu)
    gebeurtenissen = gebeurtenissen_inhalen(nu=nu)
    verstuurd = mails_versturen()
    publiceer_als_er_meer_is()
    return {"vrijgegeven": vrijgegeven, "gebeurtenissen": gebeurtenissen, "verstuurd": verstuurd}


def mail_opnieuw(*, mail: Mail) -> bool:
    """The admin's retry button: a failed (or waiting) mail is due now, with a fresh count."""
    bijgewerkt = Mail.objects.filter(pk=mail.pk, status__in=[Mail.Status.MISLUKT, Mail.Status.WACHT]).update(
        status=Mail.Status.WACHT, volgende_poging_op=timezone.now(), pogingen=0, geclaimd_tot=None)
    if bijgewerkt:
        publiceer_na_commit()
    return bool(bijgewerkt)
