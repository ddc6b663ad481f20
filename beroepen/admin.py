from django.contrib import admin

from beroepen.models import Beroep, Vaardigheid
from klantreis.lib.beheerlijst import AlleenInzien


class EscoAdmin(AlleenInzien, admin.ModelAdmin):
    """ESCO's occupations and skills as the portal loaded them (``manage.py referentiedata_laden``): to look up and
    to choose from by name, as the vacature screen does (autocomplete), never edited here: a new ESCO version is
    loaded, not typed."""

    search_fields = ["naam", "synoniemen"]
    show_facets = admin.ShowFacets.NEVER


@admin.register(Beroep)
class BeroepAdmin(EscoAdmin):
    list_display = ["naam", "isco_code", "uri"]
    fields = ["naam", "isco_code", "synoniemen", "omschrijving", "uri"]


@admin.register(Vaardigheid)
class VaardigheidAdmin(EscoAdmin):
    list_display = ["naam", "naam_en", "uri"]
    list_filter = ["alleen_engels"]
    search_fields = ["naam", "naam_en", "synoniemen"]
    fields = ["naam", "naam_en", "alleen_engels", "synoniemen", "uri"]
