from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from matching.models import Matchgewichten
from matching.selectors import GEWICHTEN_GELDIG_SECONDEN


@admin.register(Matchgewichten)
class MatchgewichtenAdmin(admin.ModelAdmin):
    """One row: the beheerder tunes the weights; there is nothing to add or delete."""

    fieldsets = [
        (_("Wat de kandidaat kan en wil"), {"fields": ["beroep", "vereist", "gewenst"]}),
        (_("Praktisch"), {"fields": ["afstand", "uren", "contract", "start", "rijbewijs", "taal"]}),
        (_("Werkgever"), {"fields": ["doelgroep"]}),
        (None, {"fields": ["gewijzigd_op", "gewijzigd_door"]}),
    ]
    readonly_fields = ["gewijzigd_op", "gewijzigd_door"]
    list_display = ["__str__", *Matchgewichten.ONDERDELEN, "gewijzigd_op"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not Matchgewichten.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        obj.gewijzigd_door = request.user
        super().save_model(request, obj, form, change)
        # Every process keeps the weights a few seconds (matching.selectors.GEWICHTEN_GELDIG_SECONDEN).
        self.message_user(request, _("De nieuwe gewichten gelden binnen %(seconden)s seconden voor elke "
                                     "rangschikking.") % {"seconden": int(GEWICHTEN_GELDIG_SECONDEN)})
