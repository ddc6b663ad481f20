import uuid

from django.db import models
from django.db.models import JSONField, Value
from django.db.models.functions import Now, Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Gebeurtenis(models.Model):
    """A journey event: what happened, written in the same transaction as the change.

    The apps above react to it after commit (``outbox.registry``); the reaction runs in one transaction
    with marking the event handled, so it happens exactly once, however often it is retried."""

    soort = models.CharField(_("soort"), max_length=80, db_index=True)
    gegevens = models.JSONField(_("gegevens"), default=dict, blank=True)
    # Who caused it; a plain id so this ground-floor table points at nothing above it.
    door_id = models.BigIntegerField(_("door (gebruiker-id)"), null=True, blank=True)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), default=timezone.now, db_index=True)
    verwerkt_op = models.DateTimeField(_("verwerkt op"), null=True, blank=True)
    pogingen = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    volgende_poging_op = models.DateTimeField(_("volgende poging"), default=timezone.now)
    fout = models.TextField(_("laatste fout"), blank=True)

    class Meta:
        verbose_name = _("gebeurtenis")
        verbose_name_plural = _("gebeurtenissen")
        ordering = ["-aangemaakt_op", "-pk"]
        indexes = [
            # The sweep looks only at what is still to do.
            models.Index(fields=["volgende_poging_op"], condition=models.Q(verwerkt_op__isnull=True),
                         name="gebeurtenis_te_verwerken"),
        ]

    def __str__(self):
        return f"{self.soort} ({timezone.localtime(self.aangemaakt_op):%d-%m-%Y %H:%M})"


class Mail(models.Model):
    """One e-mail to one recipient, written in the transaction of the change that causes it.

    A worker claims it before sending (status ``bezig`` with a lease) and records it after; the
    Message-ID comes from ``message_id``, so a resend after a crash mid-send is recognisably the same
    message. What to say is rendered at send time from ``template`` and ``context`` (or given as
    ``tekst``/``html`` when already rendered), which keeps a sweep of thousands of moments fast."""

    class Status(models.TextChoices):
        WACHT = "wacht", _("Wacht op verzending")
        BEZIG = "bezig", _("Wordt verstuurd")
        VERSTUURD = "verstuurd", _("Verstuurd")
        MISLUKT = "mislukt", _("Mislukt")
        # Not sent: what it would say was no longer so when its turn came (``outbox.context.zolang``).
        VERVALLEN = "vervallen", _("Vervallen (niet meer van toepassing)")

    message_id = models.UUIDField(_("bericht-id"), default=uuid.uuid4, unique=True, editable=False)
    sleutel = models.CharField(
        _("sleutel"), max_length=200, unique=True, null=True, blank=True,
        help_text=_("Dezelfde sleutel wordt nooit twee keer klaargezet (bijv. check-in per moment en rol)."))
    aan = models.EmailField(_("aan"), max_length=254)
    onderwerp = models.CharField(_("onderwerp"), max_length=300)
    template = models.CharField(_("sjabloon"), max_length=200, blank=True)
    context = models.JSONField(_("gegevens voor het sjabloon"), default=dict, blank=True)
    # Database defaults too, so a sweep's COPY names only what differs per mail.
    tekst = models.TextField(_("tekst"), blank=True, default="", db_default="")
    html = models.TextField(_("html"), blank=True, default="", db_default="")
    bijlagen = models.JSONField(_("bijlagen"), default=list, db_default=Value([], JSONField()), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.WACHT,
                              db_default=Status.WACHT)
    pogingen = models.PositiveSmallIntegerField(_("pogingen"), default=0, db_default=0)
    volgende_poging_op = models.DateTimeField(_("volgende poging"), default=timezone.now, db_default=Now())
    geclaimd_tot = models.DateTimeField(_("geclaimd tot"), null=True, blank=True)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), default=timezone.now, db_default=Now(), db_index=True)
    verstuurd_op = models.DateTimeField(_("verstuurd op"), null=True, blank=True)
    fout = models.TextField(_("reden"), blank=True, default="", db_default="")
    # A sweep writes thousands at once (reminders, check-ins); mail that someone is waiting for (a confirmation, a
    # proposal, a reset link) must not queue behind them, so workers claim it first.
    bulk = models.BooleanField(
        _("bulk"), default=False, db_default=False,
        help_text=_("Uit een sweep (herinneringen, check-ins): gaat na de mail waar iemand op wacht."))

    class Meta:
        verbose_name = _("uitgaande mail")
        verbose_name_plural = _("uitgaande mail")
        ordering = ["-aangemaakt_op", "-pk"]
        indexes = [
            # The claim's order (outbox.services.mails_versturen): the mail people wait for first, then by due time.
            models.Index(fields=["bulk", "volgende_poging_op", "id"], condition=models.Q(status="wacht"),
                         name="mail_te_versturen_bulk_laatst"),
            models.Index(fields=["geclaimd_tot"], condition=models.Q(status="bezig"), name="mail_geclaimd"),
            models.Index(fields=["status", "aangemaakt_op"], name="mail_status"),
            # A person's mail by address, whatever its case (``outbox.selectors.mails_aan``; ``aan__iexact`` on
            # PostgreSQL compares ``UPPER("aan"::text)`` too): the AVG exports and the erasure of a person.
            models.Index(Upper("aan"), name="mail_aan_hoofdletters"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["wacht", "bezig", "verstuurd", "mislukt", "vervallen"]),
                name="mail_status_geldig"),
            models.CheckConstraint(condition=~models.Q(status="bezig") | models.Q(geclaimd_tot__isnull=False),
                                   name="mail_bezig_heeft_claim"),
            models.CheckConstraint(condition=~models.Q(status="verstuurd") | models.Q(verstuurd_op__isnull=False),
                                   name="mail_verstuurd_heeft_tijdstip"),
        ]

    def __str__(self):
        return f"{self.onderwerp} → {self.aan}"

    @property
    def message_id_header(self):
        return f"<{self.message_id}@klantreis>"
