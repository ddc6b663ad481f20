from django.contrib.admin.apps import AdminConfig


class WspAdminConfig(AdminConfig):
    """The Django admin with our site class: for beheerders only, login through allauth."""

    default_site = "accounts.admin_site.WspAdminSite"
