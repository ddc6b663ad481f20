from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.admin import VerwerkingLoggenMixin
from klantreis.lib.beheerlijst import GroteLijstAdmin
from werkgevers.models import Instrument, Vacature, Werkgever
from werkgevers.services import werkgever_regio_gewijzigd


@admin.register(Werkgever)
class WerkgeverAdmin(VerwerkingLoggenMixin, GroteLijstAdmin, admin.ModelAdmin):
    """Shows the werkgever's contactpersoon (name, phone, e-mail): its pages write to the verwerkingenlog."""

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
    autocomplete_fields = ["werkgever", "gemeente", "regio"]


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    """The instrumentengids: the beheerder keeps conditions and amounts current."""

    list_display = ["naam", "voor_wie", "aanvragen_bij", "actief"]
    list_filter = ["actief"]
    search_fields = ["naam", "samenvatting", "voorwaarden"]
