from django import forms
from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.admin import VerwerkingLoggenMixin
from klantreis.lib.beheerlijst import GroteLijstAdmin
from werkgevers.models import Instrument, Vacature, Werkgever
from werkgevers.services import werkgever_regio_gewijzigd


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
        return gegevens


@admin.register(Werkgever)
class WerkgeverAdmin(VerwerkingLoggenMixin, GroteLijstAdmin, admin.ModelAdmin):
    """Shows the werkgever's contactpersoon (name, phone, e-mail): its pages write to the verwerkingenlog."""

    form = WerkgeverAdminForm
    verwerking_doel = _("beheer van werkgevers")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["naam", "kvk_nummer", "regio", "gemeente", "aantal_medewerkers", "accountmanager"]
    list_filter = ["regio"]
    search_fields = ["naam", "kvk_nummer"]
    list_select_related = ["regio", "gemeente", "accountmanager"]
    autocomplete_fields = ["organisatie", "regio", "gemeente", "accountmanager"]

    def save_model(self, request, obj, form, change):
        # The admin saves the form and its log line in one transaction (``changeform_view``): the event commits
        # with the new region, or not at all.
        super().save_model(request, obj, form, change)
        if change and "regio" in form.changed_data:
            werkgever_regio_gewijzigd(werkgever=obj, door=request.user)


@admin.register(Vacature)
class VacatureAdmin(GroteLijstAdmin, admin.ModelAdmin):
    list_display = ["titel", "werkgever", "status", "uren_per_week", "regio", "aangemaakt_op"]
    list_filter = ["status", "regio"]
    search_fields = ["titel", "werkgever__naam"]
    list_select_related = ["werkgever", "regio"]
    # Chosen by typing, never from a list of the whole table: ESCO's 3,000 beroepen and 14,000 vaardigheden (twice)
    # made the page 2.1 MB and 2.6 s with a demo's data, and who created it is history, not a choice among all users.
    autocomplete_fields = ["werkgever", "gemeente", "regio", "beroep", "vereiste_vaardigheden", "gewenste_vaardigheden"]
    readonly_fields = ["aangemaakt_door"]


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    """The instrumentengids: the beheerder keeps conditions and amounts current."""

    list_display = ["naam", "voor_wie", "aanvragen_bij", "actief"]
    list_filter = ["actief"]
    search_fields = ["naam", "samenvatting", "voorwaarden"]
