from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Arbeidsmarktregio, Gemeente, Organisatie, User, Verwerking
from accounts.services import verwerking_registreer
from klantreis.lib.spreadsheet import csv_response


class VerwerkingLoggenMixin:
    """Admin pages about a person write to the verwerkingenlog when opened or changed."""

    verwerking_doel = _("beheer")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        obj = self.get_object(request, object_id)
        if obj is not None and request.method == "GET" and response.status_code == 200:
            verwerking_registreer(
                gebruiker=request.user, actie=Verwerking.Actie.INZIEN, obj=obj, doel=str(self.verwerking_doel)
            )
        return response

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        verwerking_registreer(
            gebruiker=request.user,
            actie=Verwerking.Actie.WIJZIGEN if change else Verwerking.Actie.AANMAKEN,
            obj=obj,
            doel=str(self.verwerking_doel),
            details=", ".join(form.changed_data)[:500],
        )

    def delete_model(self, request, obj):
        verwerking_registreer(
            gebruiker=request.user, actie=Verwerking.Actie.VERWIJDEREN, obj=obj, doel=str(self.verwerking_doel)
        )
        super().delete_model(request, obj)


class GemeenteInline(admin.TabularInline):
    model = Gemeente
    fields = ["code", "naam", "provincie"]
    extra = 0
    show_change_link = True


@admin.register(Arbeidsmarktregio)
class ArbeidsmarktregioAdmin(admin.ModelAdmin):
    list_display = ["naam", "code", "aantal_gemeenten"]
    search_fields = ["naam", "code"]
    inlines = [GemeenteInline]

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).annotate(n_gemeenten=Count("gemeenten"))

    @admin.display(description=_("gemeenten"), ordering="n_gemeenten")
    def aantal_gemeenten(self, obj):
        return obj.n_gemeenten


@admin.register(Gemeente)
class GemeenteAdmin(admin.ModelAdmin):
    list_display = ["naam", "code", "provincie", "regio"]
    list_filter = ["regio", "provincie"]
    search_fields = ["naam", "code"]
    list_select_related = ["regio"]
    autocomplete_fields = ["regio"]


@admin.register(Organisatie)
class OrganisatieAdmin(admin.ModelAdmin):
    list_display = ["naam", "soort", "regio", "gemeente"]
    list_filter = ["soort", "regio"]
    search_fields = ["naam"]
    list_select_related = ["regio", "gemeente"]
    autocomplete_fields = ["regio", "gemeente"]


@admin.register(User)
class UserAdmin(VerwerkingLoggenMixin, DjangoUserAdmin):
    verwerking_doel = _("gebruikersbeheer")
    ordering = ["achternaam", "voornaam", "email"]
    list_display = ["email", "voornaam", "achternaam", "rol", "organisatie", "regio", "is_active", "last_login"]
    list_filter = ["rol", "is_active", "regio", "organisatie__soort"]
    search_fields = ["email", "voornaam", "achternaam", "organisatie__naam"]
    list_select_related = ["organisatie", "regio"]
    autocomplete_fields = ["organisatie", "regio"]
    readonly_fields = ["last_login", "date_joined", "uitgenodigd_door", "uitgenodigd_op"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Persoon"), {"fields": ["voornaam", "achternaam", "telefoon"]}),
        (_("Rol en organisatie"), {"fields": ["rol", "organisatie", "regio", "is_active"]}),
        (_("Geschiedenis"), {"fields": ["uitgenodigd_door", "uitgenodigd_op", "date_joined", "last_login"]}),
    ]

    def has_add_permission(self, request):
        # New accounts come in by invitation only (see the link on the list page).
        return False

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "uitnodigen_url": reverse("uitnodigen"),
        }
        return super().changelist_view(request, extra_context)


@admin.register(Verwerking)
class VerwerkingAdmin(admin.ModelAdmin):
    """The verwerkingenlog, read-only for the beheerder."""

    list_display = ["tijdstip", "gebruiker_omschrijving", "actie", "soort", "object_omschrijving", "doel"]
    list_filter = ["actie", "content_type", "tijdstip"]
    search_fields = ["gebruiker_omschrijving", "object_omschrijving", "object_id", "doel"]
    date_hierarchy = "tijdstip"
    list_select_related = ["content_type"]
    show_full_result_count = False
    actions = ["exporteer_csv"]

    @admin.action(description=_("Geselecteerde regels downloaden als CSV"))
    def exporteer_csv(self, request, queryset):
        """For the privacy officer: the rows in a spreadsheet, every cell safe to open (klantreis.lib.spreadsheet);
        a name such as "=HYPERLINK(...)" stays text."""
        rijen = (
            (timezone.localtime(v.tijdstip).strftime("%Y-%m-%d %H:%M:%S"), v.gebruiker_omschrijving,
             v.get_actie_display(), v.content_type.name, v.object_id, v.object_omschrijving, v.doel)
            for v in queryset.select_related("content_type").order_by("tijdstip", "pk").iterator(chunk_size=2000)
        )
        kop = [_("tijdstip"), _("door"), _("actie"), _("soort gegeven"), _("record"), _("omschrijving"), _("doel")]
        return csv_response(f"verwerkingenlog-{timezone.localdate():%Y-%m-%d}.csv", [str(k) for k in kop], rijen)

    @admin.display(description=_("soort gegeven"), ordering="content_type")
    def soort(self, obj):
        return obj.content_type.name

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False




# Roles are a field on the user (accounts.models.Rol), not Django groups.
admin.site.unregister(Group)
