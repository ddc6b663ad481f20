from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from klantreis.lib.beheerlijst import AlleenInzien, GroteLijstAdmin
from outbox.models import Gebeurtenis, Mail
from outbox.services import gebeurtenis_verwerken, mail_opnieuw


class AlleenLezen(AlleenInzien, GroteLijstAdmin, admin.ModelAdmin):
    """The outbox is read and retried, never written or deleted by hand. It grows with every mail and event: the
    date drill-down and the count come from the index (GroteLijstAdmin)."""

    list_per_page = 50
    show_full_result_count = False
    ordering = ("-aangemaakt_op",)

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    @admin.display(description=_("reden"))
    def fout_kort(self, obj):
        return obj.fout[:120]

@admin.register(Mail)
class MailAdmin(AlleenLezen):
    """Pending and failed mail with the reason, and a retry. What a sent mail said is not kept."""

    list_display = ("aangemaakt_op", "onderwerp", "aan", "status", "pogingen", "volgende_poging_op", "fout_kort")
    # Not what the mail says (its template data, text, HTML, attachments): an invitation or a new-password mail holds
    # a link that logs in as its recipient, and the page showed it to any beheerder while the mail waited or after
    # it failed. Who it goes to, what about, and why it failed is what a retry needs.
    fields = ("aan", "onderwerp", "status", "fout", "pogingen", "volgende_poging_op", "geclaimd_tot", "aangemaakt_op",
              "verstuurd_op", "bulk", "template", "message_id")

    def get_readonly_fields(self, request, obj=None):
        return self.fields
    list_filter = ("status", "bulk")
    search_fields = ("aan", "onderwerp", "message_id")
    date_hierarchy = "aangemaakt_op"
    actions = ["opnieuw_proberen"]

    @admin.action(description=_("Opnieuw proberen (mislukt of wachtend)"))
    def opnieuw_proberen(self, request, queryset):
        aantal = sum(mail_opnieuw(mail=mail) for mail in queryset)
        self.message_user(request, ngettext("%(n)d mail staat weer klaar om te versturen.",
                                            "%(n)d mails staan weer klaar om te versturen.", aantal) % {"n": aantal},
                          messages.SUCCESS if aantal else messages.WARNING)


@admin.register(Gebeurtenis)
class GebeurtenisAdmin(AlleenLezen):
    list_display = ("aangemaakt_op", "soort", "verwerkt_op", "pogingen", "fout_kort")
    list_filter = ("soort", ("verwerkt_op", admin.EmptyFieldListFilter))
    actions = ["opnieuw_verwerken"]

    @admin.action(description=_("Reacties nu opnieuw uitvoeren (nog niet verwerkt)"))
    def opnieuw_verwerken(self, request, queryset):
        gelukt = 0
        for pk in queryset.filter(verwerkt_op__isnull=True).values_list("pk", flat=True):
            try:
                gelukt += gebeurtenis_verwerken(pk)
            except Exception as exc:  # noqa: BLE001 - shown to the beheerder, kept on the row
                self.message_user(request, _("Gebeurtenis %(pk)s: %(fout)s") % {"pk": pk, "fout": exc}, messages.ERROR)
        self.message_user(request, _("%(n)d gebeurtenis(sen) verwerkt.") % {"n": gelukt})
