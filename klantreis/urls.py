from django.contrib import admin
from django.urls import include, path

from accounts import views as accounts_views
from matching import views as matching_views
from plaatsingen import views as plaatsingen_views
from werkgevers import views as werkgevers_views
from werkzoekenden import views as werkzoekenden_views

urlpatterns = [
    path("", accounts_views.home, name="home"),
    path("beheer/", accounts_views.beheerder_home, name="beheerder_home"),
    path("uitnodigen/", accounts_views.uitnodigen, name="uitnodigen"),
    path("uitnodiging/<str:uidb64>/<str:token>/", accounts_views.uitnodiging_accepteren,
         name="uitnodiging_accepteren"),
    path("taken/", accounts_views.taken, name="taken"),
    path("taken/<int:pk>/afronden/", accounts_views.taak_afronden, name="taak_afronden"),
    # werkgeversreis
    path("hulp-bij-personeel/", werkgevers_views.verzoek_indienen, name="verzoek_indienen"),
    path("hulp-bij-personeel/bedankt/", werkgevers_views.verzoek_bedankt, name="verzoek_bedankt"),
    path("accountmanager/", werkgevers_views.accountmanager_home, name="accountmanager_home"),
    path("accountmanager/verzoeken/", werkgevers_views.verzoeken, name="verzoeken"),
    path("accountmanager/verzoeken/telefonisch/", werkgevers_views.verzoek_telefoon, name="verzoek_telefoon"),
    path("accountmanager/verzoeken/<int:pk>/", werkgevers_views.verzoek_detail, name="verzoek_detail"),
    path("accountmanager/werkgevers/", werkgevers_views.werkgevers_regio, name="werkgevers_regio"),
    path("werkgevers/<int:pk>/", werkgevers_views.werkgever_detail, name="werkgever_detail"),
    path("werkgevers/<int:pk>/profiel/", werkgevers_views.werkgever_profiel, name="werkgever_profiel"),
    path("werkgevers/<int:pk>/bezoek/", werkgevers_views.bezoek_nieuw, name="bezoek_nieuw"),
    path("werkgevers/<int:pk>/afspraak/", werkgevers_views.afspraak_nieuw, name="afspraak_nieuw"),
    path("werkgevers/<int:pk>/accountmanager/", werkgevers_views.accountmanager_wijzigen,
         name="accountmanager_wijzigen"),
    path("werkgevers/<int:pk>/tijdlijn/", werkgevers_views.werkgever_tijdlijn, name="werkgever_tijdlijn"),
    path("werkgevers/<int:pk>/vacatures/nieuw/", werkgevers_views.vacature_nieuw, name="vacature_nieuw"),
    path("werkgever/", werkgevers_views.werkgever_home, name="werkgever_home"),
    path("vacatures/<int:pk>/", werkgevers_views.vacature_detail, name="vacature_detail"),
    path("vacatures/<int:pk>/bewerken/", werkgevers_views.vacature_bewerken, name="vacature_bewerken"),
    path("vacatures/<int:pk>/vaardigheden/", werkgevers_views.vacature_vaardigheden, name="vacature_vaardigheden"),
    path("vacatures/<int:pk>/status/", werkgevers_views.vacature_status, name="vacature_status"),
    path("vacatures/<int:pk>/bevestigen/", werkgevers_views.vacature_bevestigen, name="vacature_bevestigen"),
    path("vacatures/<int:pk>/voordragen/", matching_views.voordracht_nieuw, name="voordracht_nieuw"),
    path("voordrachten/<int:pk>/", matching_views.voordracht_detail, name="voordracht_detail"),
    path("voordrachten/<int:pk>/reageren/", matching_views.voordracht_reageren, name="voordracht_reageren"),
    path("voordrachten/<int:pk>/gesprek/", matching_views.gesprek_plannen, name="gesprek_plannen"),
    path("voordrachten/<int:pk>/uitkomst/", matching_views.voordracht_uitkomst, name="voordracht_uitkomst"),
    path("voordrachten/<int:pk>/intrekken/", matching_views.voordracht_intrekken, name="voordracht_intrekken"),
    path("gesprekken/<int:pk>/agenda.ics", matching_views.gesprek_agenda, name="gesprek_agenda"),
    # plaatsingen en nazorg
    path("voordrachten/<int:pk>/plaatsing/", plaatsingen_views.plaatsing_nieuw, name="plaatsing_nieuw"),
    path("plaatsingen/", plaatsingen_views.nazorg_overzicht, name="nazorg_overzicht"),
    path("plaatsingen/<int:pk>/", plaatsingen_views.plaatsing_detail, name="plaatsing_detail"),
    path("plaatsingen/<int:pk>/akkoord/", plaatsingen_views.plaatsing_akkoord, name="plaatsing_akkoord"),
    path("plaatsingen/<int:pk>/overeenkomst/klaarzetten/", plaatsingen_views.overeenkomst_klaarzetten,
         name="overeenkomst_klaarzetten"),
    path("plaatsingen/<int:pk>/ondertekenen/", plaatsingen_views.overeenkomst_ondertekenen,
         name="overeenkomst_ondertekenen"),
    path("plaatsingen/<int:pk>/overeenkomst.pdf", plaatsingen_views.overeenkomst_download,
         name="overeenkomst_download"),
    path("plaatsingen/<int:pk>/verlengen/", plaatsingen_views.plaatsing_verlengen, name="plaatsing_verlengen"),
    path("plaatsingen/<int:pk>/afronden/", plaatsingen_views.proefplaatsing_afronden, name="proefplaatsing_afronden"),
    path("plaatsingen/<int:pk>/afsluiten/", plaatsingen_views.plaatsing_afsluiten, name="plaatsing_afsluiten"),
    path("plaatsingen/<int:pk>/afspraak/", plaatsingen_views.nazorg_afspraak, name="nazorg_afspraak"),
    path("nazorg/<int:pk>/", plaatsingen_views.nazorg_uitkomst, name="nazorg_uitkomst"),
    path("hoe-gaat-het/<str:token>/", plaatsingen_views.checkin, name="checkin"),
    path("beroepen/zoeken/", werkgevers_views.beroep_zoeken, name="beroep_zoeken"),
    path("instrumenten/", werkgevers_views.instrumenten, name="instrumenten"),
    path("instrumenten/<int:pk>/", werkgevers_views.instrument_detail, name="instrument_detail"),
    # werkzoekendenreis
    path("klantmanager/", werkzoekenden_views.klantmanager_home, name="klantmanager_home"),
    path("mijn/", werkzoekenden_views.werkzoekende_home, name="werkzoekende_home"),
    path("health/", accounts_views.health, name="health"),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("beheer/admin/", admin.site.urls),
]
