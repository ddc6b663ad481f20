from functools import update_wrapper

from django.contrib import admin
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Rol


class Keuzelijst(AutocompleteJsonView):
    """A colleague to choose as waarnemer is shown with her organisation ("Lotte Peters, Gemeente Arnhem"): she must
    be of the same one, and a name alone does not tell."""

    def serialize_result(self, obj, to_field_name):
        resultaat = super().serialize_result(obj, to_field_name)
        if self.source_field.name == "waarnemer" and getattr(obj, "organisatie", None) is not None:
            resultaat["text"] = f"{resultaat['text']}, {obj.organisatie}"
        return resultaat

    def get_queryset(self):
        qs = super().get_queryset()
        return qs.select_related("organisatie") if self.source_field.name == "waarnemer" else qs


class WspAdminSite(admin.AdminSite):
    """The Django admin, for beheerders only.

    Logging in goes through allauth (its rate limits and e-mail login); anyone else who is
    logged in gets a 404, as for every page they have no business with.
    """

    site_header = _("Werkgeversservicepunt: beheer")
    site_title = _("WSP-beheer")
    index_title = _("Regio's, organisaties en gebruikers")

    def has_permission(self, request):
        return request.user.is_active and request.user.is_authenticated and request.user.rol == Rol.BEHEERDER

    def login(self, request, extra_context=None):
        if not request.user.is_authenticated:
            return redirect_to_login(request.GET.get("next") or reverse("admin:index"))
        if not self.has_permission(request):
            raise Http404
        return redirect(request.GET.get("next") or "admin:index")

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def wrapper(request, *args, **kwargs):
            if request.user.is_authenticated and not self.has_permission(request):
                raise Http404
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            return inner(request, *args, **kwargs)

        return update_wrapper(wrapper, view)

    def password_change(self, request, extra_context=None):
        """Her own password on her account page (allauth: the same rules, the mail that tells her it changed), not
        on a second form of the admin's own."""
        return redirect("account_change_password")

    def autocomplete_view(self, request):
        return Keuzelijst.as_view(admin_site=self)(request)
