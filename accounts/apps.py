from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = _("Gebruikers, organisaties en regio's")

    def ready(self):
        from allauth.mfa.signals import authenticator_added, authenticator_used
        from django.contrib.auth.signals import user_logged_in

        from accounts import sessie, tweede_stap

        user_logged_in.connect(sessie.bij_inloggen, dispatch_uid="accounts.sessie.bij_inloggen")
        authenticator_added.connect(sessie.bij_authenticator_toegevoegd,
                                    dispatch_uid="accounts.sessie.bij_authenticator_toegevoegd")
        authenticator_used.connect(tweede_stap.bij_authenticator_gebruikt,
                                   dispatch_uid="accounts.tweede_stap.bij_authenticator_gebruikt")
