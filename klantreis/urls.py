from django.contrib import admin
from django.urls import include, path

from accounts import views as accounts_views
from werkgevers import views as werkgevers_views
from werkzoekenden import views as werkzoekenden_views

urlpatterns = [
    path("", accounts_views.home, name="home"),
    path("beheer/", accounts_views.beheerder_home, name="beheerder_home"),
    path("uitnodigen/", accounts_views.uitnodigen, name="uitnodigen"),
    path(
        "uitnodiging/<str:uidb64>/<str:token>/",
        accounts_views.uitnodiging_accepteren,
        name="uitnodiging_accepteren",
    ),
    path("accountmanager/", werkgevers_views.accountmanager_home, name="accountmanager_home"),
    path("werkgever/", werkgevers_views.werkgever_home, name="werkgever_home"),
    path("klantmanager/", werkzoekenden_views.klantmanager_home, name="klantmanager_home"),
    path("mijn/", werkzoekenden_views.werkzoekende_home, name="werkzoekende_home"),
    path("health/", accounts_views.health, name="health"),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("beheer/admin/", admin.site.urls),
]
