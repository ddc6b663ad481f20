"""The outbox: mail written in the transaction of the change, one recipient per message, sent once."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import KlantmanagerFactory
from conftest import ontbreekt
from outbox import registry
from outbox.models import Gebeurtenis, Mail
from outbox.services import (
    BATCH,
    gebeurtenis_vastleggen,
    gebeurtenissen_inhalen,
    mail_klaarzetten,
    mail_opnieuw,
    mails_invoegen,
    mails_maken,
    mails_versturen,
    outbox_sweep,
    te_versturen,
)
from tests.plannen import generiek_gelezen

pytestmark = pytest.mark.django_db


def _zet_klaar(**kwargs):
    gegevens = dict(aan=["a@voorbeeld.nl"], onderwerp="Test", tekst="tekst", html="<p>html</p>")
    return mail_klaarzetten(**{**gegevens, **kwargs})


def test_each_recipient_gets_a_message_of_their_own(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _zet_klaar(aan=["werkgever@bedrijf.nl", "Kandidaat@Voorbeeld.nl", "werkgever@bedrijf.nl", ""])
    assert sorted(b.to for b in mail.outbox) == [["kandidaat@voorbeeld.nl"], ["werkgever@bedrijf.nl"]]
    assert all(b.cc == [] and b.bcc == [] for b in mail.outbox)
    # The Message-ID is the row's own: a resend is recognisably the same message.
    ids = {b.extra_headers["Message-ID"] for b in mail.outbox}
    assert ids == {m.message_id_header for m in Mail.objects.all()}
    assert set(Mail.objects.values_list("status", flat=True)) == {Mail.Status.VERSTUURD}


def test_a_rolled_back_change_sends_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            _zet_klaar()
            raise RuntimeError("de wijziging mislukt")
    assert not Mail.objects.exists()
    assert mail.outbox == []


def test_a_line_break_in_a_subject_is_cleaned_not_a_failure(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _zet_klaar(onderwerp="Vacature Monteur\r\nBcc: iedereen@voorbeeld.nl")
    [bericht] = mail.outbox
    assert bericht.subject == "[Werkgeversservicepunt] Vacature Monteur Bcc: iedereen@voorbeeld.nl"
    assert bericht.to == ["a@voorbeeld.nl"] and not bericht.bcc
    assert Mail.objects.get().status == Mail.Status.VERSTUURD


def test_the_same_key_is_never_written_twice(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _zet_klaar(sleutel="checkin:1:werkgever")
        _zet_klaar(sleutel="checkin:1:werkgever")
    assert Mail.objects.count() == 1
    assert len(mail.outbox) == 1


def test_mail_left_waiting_is_sent_by_the_sweep():
    """A broker outage at commit leaves the mail waiting (tests/test_storingen.py stops a real Redis);
    the beat's sweep sends it."""
    Mail.objects.bulk_create(mails_maken(aan=["a@voorbeeld.nl"], onderwerp="Test", tekst="tekst"))
    assert outbox_sweep()["verstuurd"] == 1
    assert len(mail.outbox) == 1
    assert Mail.objects.get().status == Mail.Status.VERSTUURD


def test_a_claim_of_a_worker_that_died_expires_and_the_same_message_goes_again(settings):
    settings.OUTBOX_LEASE_SECONDEN = 60
    [klaar] = _zet_klaar()
    # A worker claimed it and died before recording anything.
    Mail.objects.filter(pk=klaar.pk).update(status=Mail.Status.BEZIG, pogingen=1,
                                            geclaimd_tot=timezone.now() + timedelta(seconds=60))
    assert mails_versturen() == 0  # still claimed: nobody else sends it
    Mail.objects.filter(pk=klaar.pk).update(geclaimd_tot=timezone.now() - timedelta(seconds=1))

    assert outbox_sweep()["vrijgegeven"] == 1
    [bericht] = mail.outbox
    assert bericht.extra_headers["Message-ID"] == klaar.message_id_header
    verstuurd = Mail.objects.get()
    assert (verstuurd.status, verstuurd.pogingen) == (Mail.Status.VERSTUURD, 2)
    # What it said is not kept once it has gone (AVG: only what is needed).
    assert (verstuurd.tekst, verstuurd.html, verstuurd.context) == ("", "", {})


def test_a_confirmation_is_not_queued_behind_a_sweeps_thousands(settings):
    """A sweep's reminders and check-ins (written in bulk) were claimed in order of time, so a werkgever's
    confirmation written just after a national sweep waited for all of them. Mail someone waits for goes first."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    eerder = timezone.now() - timedelta(minutes=5)
    mails_invoegen([{"aan": f"werknemer{n}@voorbeeld.nl", "onderwerp": "Hoe gaat het?", "template": "",
                     "context": {}} for n in range(120)])
    Mail.objects.filter(bulk=True).update(volgende_poging_op=eerder, tekst="Hoe gaat het?")
    [bevestiging] = _zet_klaar(aan=["piet@bouwbedrijf.example.nl"])
    assert mails_versturen(max_aantal=BATCH) == BATCH
    # First in its batch too: a worker killed halfway through a batch has sent it already.
    assert mail.outbox[0].to == ["piet@bouwbedrijf.example.nl"]
    assert Mail.objects.get(pk=bevestiging.pk).status == Mail.Status.VERSTUURD
    assert not Mail.objects.filter(bulk=False).exclude(status=Mail.Status.VERSTUURD).exists()
    assert Mail.objects.filter(bulk=True, status=Mail.Status.WACHT).count() == 120 - (BATCH - 1)


def test_the_claim_reads_the_next_batch_from_the_waiting_mails_whatever_plan_the_connection_keeps():
    """The worker's claim, read with the plan a prepared statement keeps for any values: the next batch in the order of
    the partial index on the waiting mails. With ``status = $1`` that plan could not use the index, which stands on
    ``status = 'wacht'``, and read every waiting mail to sort them (after an outage tens of thousands), or every mail
    ever sent."""
    if connection.vendor != "postgresql":
        ontbreekt("PostgreSQL nodig: plannen van prepared statements")
    mails_invoegen([{"aan": f"werknemer{n}@voorbeeld.nl", "onderwerp": "Hoe gaat het?", "template": "",
                     "context": {}} for n in range(300)])
    Mail.objects.filter(pk__in=Mail.objects.order_by("pk").values("pk")[:150]).update(
        status=Mail.Status.VERSTUURD, verstuurd_op=timezone.now())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE outbox_mail")
    batch = te_versturen(timezone.now() + timedelta(minutes=1)).order_by("bulk", "volgende_poging_op", "pk")
    assert len(batch.values_list("pk", flat=True)[:BATCH]) == BATCH
    gelezen, plan = generiek_gelezen(batch.values_list("pk", flat=True)[:BATCH], "outbox_mail")
    assert gelezen <= BATCH + 1, plan


class OnthoudtDeCommitModus(EmailBackend):
    """Delivers like locmem and notes the connection's ``synchronous_commit`` at the moment of sending."""
    modi = []

    def send_messages(self, berichten):
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            self.modi.append(cursor.fetchone()[0])
        return super().send_messages(berichten)


@pytest.mark.django_db(transaction=True)
def test_a_sender_records_without_waiting_for_the_disk_and_leaves_the_connection_as_it_found_it(settings):
    """Each "sent" record is its own commit; on PostgreSQL it does not wait for the WAL flush (a killed worker
    loses nothing by that, see ``_asynchroon_vastleggen``). The setting is the sender's only."""
    if connection.vendor != "postgresql":
        ontbreekt("PostgreSQL nodig")
    settings.EMAIL_BACKEND = f"{__name__}.OnthoudtDeCommitModus"
    OnthoudtDeCommitModus.modi = []
    Mail.objects.bulk_create(mails_maken(aan=["a@voorbeeld.nl", "b@voorbeeld.nl"], onderwerp="Test", tekst="t"))

    assert mails_versturen() == 2

    assert OnthoudtDeCommitModus.modi == ["off", "off"]
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone()[0] == "on"
    assert set(Mail.objects.values_list("status", flat=True)) == {Mail.Status.VERSTUURD}


def test_a_mail_about_something_deleted_fails_with_the_reason_and_can_be_retried():
    km = KlantmanagerFactory()
    [klaar] = mail_klaarzetten(aan=["a@voorbeeld.nl"], onderwerp="Nieuwe contactpersoon",
                               template="emails/werkzoekenden/nieuwe_contactpersoon",
                               context={"k": km, "vorige": km, "nieuw": km})
    Mail.objects.filter(pk=klaar.pk).update(context={"k": {"__model__": "accounts.user", "pk": 999999}})
    assert mails_versturen() == 0
    mislukt = Mail.objects.get()
    assert mislukt.status == Mail.Status.MISLUKT
    assert "bestaat niet meer" in mislukt.fout

    Mail.objects.filter(pk=klaar.pk).update(context={"k": {"__model__": "accounts.user", "pk": km.pk},
                                                     "vorige": {"__model__": "accounts.user", "pk": km.pk},
                                                     "nieuw": {"__model__": "accounts.user", "pk": km.pk}})
    assert mail_opnieuw(mail=mislukt)
    assert mails_versturen() == 1
    assert Mail.objects.get().status == Mail.Status.VERSTUURD


def test_the_admin_shows_failed_mail_with_its_reason_and_retries_it(client, wereld):
    [klaar] = _zet_klaar(aan=["x@voorbeeld.nl"], onderwerp="Mislukt bericht")
    Mail.objects.filter(pk=klaar.pk).update(status=Mail.Status.MISLUKT, fout="SMTPRecipientsRefused: x")
    client.force_login(wereld.beheerder)
    pagina = client.get(reverse("admin:outbox_mail_changelist") + "?status__exact=mislukt")
    assert pagina.status_code == 200
    assert "Mislukt bericht" in pagina.content.decode() and "SMTPRecipientsRefused" in pagina.content.decode()

    antwoord = client.post(reverse("admin:outbox_mail_changelist"),
                           {"action": "opnieuw_proberen", "_selected_action": [klaar.pk]}, follow=True)
    assert antwoord.status_code == 200
    assert Mail.objects.get().status in (Mail.Status.WACHT, Mail.Status.VERSTUURD)
    client.force_login(wereld.accountmanager)
    assert client.get(reverse("admin:outbox_mail_changelist")).status_code == 404


@pytest.fixture
def reactie():
    gezien = []

    @registry.reageer_op("test.iets_gebeurd")
    def noteer(gebeurtenis):
        if gebeurtenis.gegevens.get("faal") and len(gezien) < 1:
            gezien.append("fout")
            raise RuntimeError("even niet")
        gezien.append(gebeurtenis.gegevens["wat"])

    yield gezien
    registry._reacties.pop("test.iets_gebeurd", None)


def test_an_event_is_reacted_to_once_after_commit(reactie, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            gebeurtenis_vastleggen("test.iets_gebeurd", wat="a")
            assert reactie == []  # not before the commit
    assert reactie == ["a"]
    assert gebeurtenissen_inhalen() == 0  # already handled: the sweep does not do it again
    assert reactie == ["a"]
    assert Gebeurtenis.objects.get().verwerkt_op is not None


def test_a_failing_reaction_is_recorded_and_tried_again_by_the_sweep(reactie, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        gebeurtenis_vastleggen("test.iets_gebeurd", wat="b", faal=True)
    gebeurtenis = Gebeurtenis.objects.get()
    assert (gebeurtenis.verwerkt_op, gebeurtenis.pogingen) == (None, 1)
    assert "even niet" in gebeurtenis.fout
    assert gebeurtenissen_inhalen(nu=timezone.now() + timedelta(minutes=5)) == 1
    assert reactie == ["fout", "b"]


def test_the_admin_never_shows_the_link_a_waiting_or_failed_mail_holds(client, wereld):
    """The page of a mail showed its text and its template data: the link of a new-password mail or an invitation,
    with which a beheerder could log in as anyone whose mail waited or had failed."""
    geheim = "http://127.0.0.1:8000/accounts/password/reset/key/v-geheim-1e4cadb931f41dcfff5dc1687cfb1435/"
    tekst = Mail.objects.create(aan="anja@voorbeeld.nl", onderwerp="Nieuw wachtwoord", tekst=f"Klik: {geheim}",
                                html=f'<a href="{geheim}">{geheim}</a>', status=Mail.Status.MISLUKT, fout="SMTP: x")
    sjabloon = Mail.objects.create(aan="nina@voorbeeld.nl", onderwerp="Je uitnodiging voor het portaal",
                                   template="emails/uitnodiging", context={"link": "http://x/uitnodiging/Mjk/geheim2/"})
    client.force_login(wereld.beheerder)
    for mail_, verborgen in ((tekst, "v-geheim-1e4cadb931f41dcfff5dc1687cfb1435"), (sjabloon, "geheim2")):
        pagina = client.get(reverse("admin:outbox_mail_change", args=[mail_.pk]))
        assert pagina.status_code == 200
        html = pagina.content.decode()
        assert verborgen not in html
        assert mail_.aan in html and mail_.onderwerp in html
    assert "SMTP: x" in client.get(reverse("admin:outbox_mail_change", args=[tekst.pk])).content.decode()
