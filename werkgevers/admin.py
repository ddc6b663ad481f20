from django.contrib import admin

from werkgevers.models import Vacature, Werkgever


@admin.register(Werkgever)
class WerkgeverAdmin(admin.ModelAdmin):
    list_display = ["naam", "kvk_nummer", "regio", "gemeente", "aantal_medewerkers", "accountmanager"]
    list_filter = ["regio"]
    search_fields = ["naam", "kvk_nummer"]
    list_select_related = ["regio", "gemeente", "accountmanager"]
    autocomplete_fields = ["organisatie", "regio", "gemeente", "accountmanager"]


@admin.register(Vacature)
class VacatureAdmin(admin.ModelAdmin):
    list_display = ["titel", "werkgever", "status", "uren_per_week", "regio", "aangemaakt_op"]
    list_filter = ["status", "regio"]
    search_fields = ["titel", "werkgever__naam"]
    list_select_related = ["werkgever", "regio"]
    autocomplete_fields = ["werkgever", "gemeente", "regio"]
