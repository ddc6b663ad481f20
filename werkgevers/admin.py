from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db import models
from django.template.response import TemplateResponse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from accounts.admin import VerwerkingLoggenMixin
from accounts.models import Rol, User
from klantreis.lib.beheerlijst import GroteLijstAdmin
from werkgevers.models import Instrument, Vacature, Werkgever
from werkgevers.services import accountmanager_toewijzen, werkgever_regio_gewijzigd


class WerkgeverAdminForm(forms.ModelForm):
    # No Meta: the admin builds the fields (``modelform_factory`` with its ``formfield_overrides``). A Meta with the
    # model would build them once more when this module is imported, the website without ``assume_scheme``: a
    # RemovedInDjango60Warning on every start.

    def clean(self):
        # As everywhere else (werkgevers.services): the vaste accountmanager works in the werkgever's region. A
        # werkgever moved to another region keeping its accountmanager would leave them the nazorg mails and agenda
        # of plaatsingen they can no longer open.
        gegevens = super().clean()
        accountmanager, regio = gegevens.get("accountmanager"), gegevens.get("regio")
        if accountmanager is not None and regio is not None and accountmanager.regio_id != regio.pk:
            self.add_error("accountmanager", _("Deze accountmanager werkt in een andere regio."))
        elif accountmanager is not None and "accountmanager" in self.changed_data and not accountmanager.is_active:
            self.add_error("accountmanager", _("Kies een actieve accountmanager."))
        return gegevens


class AccountmanagerOverdragenForm(forms.Form):
    """The admin action: the werkgevers chosen go to one accountmanager of their region."""

    accountmanager = forms.ModelChoiceField(label=_("Nieuwe vaste accountmanager"), queryset=User.objects.none())
    reden = forms.CharField(label=_("Reden (niet verplicht)"), max_length=300, required=False)

    def __init__(self, *args, regio_id, huidige_ids=(), **kwargs):
        """``huidige_ids``: the accountmanagers the chosen werkgevers have now (the one who leaves among them), not
        offered: chosen, her own werkgevers stayed hers and the page said each had her "now" and was told."""
        super().__init__(*args, **kwargs)
        self.fields["accountmanager"].queryset = User.objects.filter(
            rol=Rol.ACCOUNTMANAGER, regio_id=regio_id, is_active=True).exclude(
            pk__in=[pk for pk in huidige_ids if pk is not None]).order_by("achternaam", "voornaam")


@admin.register(Werkgever)
class WerkgeverAdmin(VerwerkingLoggenMixin, GroteLijstAdmin, admin.ModelAdmin):
    """Shows the werkgever's contactpersoon (name, phone, e-mail): its pages write to the verwerkingenlog."""

    form = WerkgeverAdminForm
    verwerking_doel = _("beheer van werkgevers")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["naam", "kvk_nummer", "regio", "gemeente", "aantal_medewerkers", "accountmanager"]
    list_filter = ["regio"]
    # The accountmanager's surname too: who hands over the werkgevers of someone who leaves finds them all at once.
    search_fields = ["naam", "kvk_nummer", "accountmanager__achternaam"]
    list_select_related = ["regio", "gemeente", "accountmanager"]
    autocomplete_fields = ["organisatie", "regio", "gemeente", "accountmanager"]
    actions = ["accountmanager_overdragen"]

    def save_model(self, request, obj, form, change):
        # The admin saves the form and its log line in one transaction (``changeform_view``): the event commits
        # with the new region, or not at all.
        nieuwe = obj.accountmanager
        via_de_overdracht = change and "accountmanager" in form.changed_data and nieuwe is not None
        if via_de_overdracht:
            # Another vaste accountmanager goes as it does on the werkgever's page: the history, the tijdlijn, the
            # werkgever's mail, and the open work along (``accountmanager_toewijzen``). Saved directly, the werkgever
            # had a new contact no one told them of, and the tasks stayed with the one who left.
            obj.accountmanager_id = form.initial.get("accountmanager")
        super().save_model(request, obj, form, change)
        if change and "regio" in form.changed_data:
            werkgever_regio_gewijzigd(werkgever=obj, door=request.user)
        if via_de_overdracht:
            accountmanager_toewijzen(werkgever=obj, accountmanager=nieuwe, door=request.user,
                                     reden=gettext("gewijzigd door de beheerder"))
            obj.accountmanager = nieuwe

    @admin.action(description=_("Andere vaste accountmanager (overdragen)"))
    def accountmanager_overdragen(self, request, queryset):
        """An accountmanager leaves: her werkgevers go to a colleague of their region in one go, each as on the
        werkgever's page (history, tijdlijn, the werkgever's mail, the open tasks along)."""
        werkgevers = list(queryset.select_related("accountmanager", "regio").order_by("naam"))
        regios = {w.regio_id for w in werkgevers}
        if len(regios) != 1:
            self.message_user(request, gettext("Kies werkgevers van één arbeidsmarktregio: de nieuwe accountmanager "
                                               "werkt in de regio van de werkgever."), messages.ERROR)
            return None
        form = AccountmanagerOverdragenForm(request.POST if "overdragen" in request.POST else None,
                                            regio_id=regios.pop(),
                                            huidige_ids={w.accountmanager_id for w in werkgevers})
        if form.is_valid():
            nieuwe, reden = form.cleaned_data["accountmanager"], form.cleaned_data["reden"]
            gelukt = 0
            for werkgever in werkgevers:
                try:
                    accountmanager_toewijzen(werkgever=werkgever, accountmanager=nieuwe, door=request.user,
                                             reden=reden)
                except ValidationError as exc:
                    self.message_user(request, f"{werkgever.naam}: {' '.join(exc.messages)}", messages.ERROR)
                else:
                    gelukt += 1
            self.message_user(request, ngettext(
                "%(n)s werkgever heeft nu %(naam)s als vaste accountmanager; de werkgever krijgt bericht.",
                "%(n)s werkgevers hebben nu %(naam)s als vaste accountmanager; elke werkgever krijgt bericht.",
                gelukt) % {"n": gelukt, "naam": nieuwe.get_full_name()}, messages.SUCCESS)
            return None
        return TemplateResponse(request, "admin/werkgevers/accountmanager_overdragen.html", {
            **self.admin_site.each_context(request), "title": gettext("Andere vaste accountmanager"),
            "opts": self.model._meta, "werkgevers": werkgevers, "form": form,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }, status=400 if form.errors else 200)


@admin.register(Vacature)
class VacatureAdmin(GroteLijstAdmin, admin.ModelAdmin):
    list_display = ["titel", "werkgever", "status", "uren_per_week", "regio", "aangemaakt_op"]
    list_filter = ["status", "regio"]
    search_fields = ["titel", "werkgever__naam"]
    list_select_related = ["werkgever", "regio"]
    # Chosen by typing, never from a list of the whole table: ESCO's 3,000 beroepen and 14,000 vaardigheden (twice)
    # made the page 2.1 MB and 2.6 s with a demo's data, and who created it is history, not a choice among all users.
    autocomplete_fields = ["werkgever", "gemeente", "regio", "beroep", "vereiste_vaardigheden", "gewenste_vaardigheden"]
    # The status changes on the vacature's page (vacature_status_wijzigen): closing it there stops its open
    # voordrachten and tells the kandidaten; saved here, they kept waiting and nobody heard.
    readonly_fields = ["aangemaakt_door", "status"]


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    """The instrumentengids: the beheerder keeps conditions and amounts current."""

    list_display = ["naam", "voor_wie", "aanvragen_bij", "actief"]
    list_filter = ["actief"]
    search_fields = ["naam", "samenvatting", "voorwaarden"]
