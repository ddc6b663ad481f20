from django.contrib import admin

from ondersteuning.models import Startmoment, Traject


class StartmomentInline(admin.TabularInline):
    model = Startmoment
    fields = ["start", "capaciteit", "afspraak"]
    readonly_fields = ["afspraak"]
    extra = 0


@admin.register(Traject)
class TrajectAdmin(admin.ModelAdmin):
    list_display = ["titel", "soort", "aanbieder", "regio", "gemeente", "gearchiveerd_op"]
    list_filter = ["soort", "regio"]
    search_fields = ["titel", "aanbieder"]
    list_select_related = ["regio", "gemeente"]
    autocomplete_fields = ["regio", "gemeente"]
    readonly_fields = ["aangemaakt_door", "aangemaakt_op", "gewijzigd_op"]
    inlines = [StartmomentInline]
