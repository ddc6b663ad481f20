from django.contrib import admin
from django.urls import include, path, register_converter
from django.urls.converters import IntConverter

from accounts import views as accounts_views
from agenda import views as agenda_views
from beleving import views as beleving_views
from bemiddeling import views as bemiddeling_views
from berichten import views as berichten_views
from beroepen import views as beroepen_views
from klantreis.lib import csp
from matching import views as matching_views
from meldingen import views as meldingen_views
from monitor import views as monitor_views
from ondersteuning import views as ondersteuning_views
from plaatsingen import views as plaatsingen_views
from portaal import views as portaal_views
from portaal import views_berichten as portaal_berichten
from privacy import views as privacy_views
from sollicitaties import views as sollicitaties_views
from taken import views as taken_views
from werkgevers import views as werkgevers_views
from werkzoekenden import views as werkzoekenden_views


class IdConverter(IntConverter):
    """The id of a row in an address: a number that fits a bigint (and SQLite's integer). A larger one matches no
    address, and the page is the 404 of any unknown address; with ``<int:...>`` it reached the database, where SQLite
    raised OverflowError (a 500) for a lookup on a foreign key (``/gesprekken/<25 digits>/voorbereiding/``)."""

    regex = "[0-9]{1,19}"

    def to_python(self, value):
        getal = int(value)
        if getal > 2**63 - 1:
            raise ValueError("geen id: groter dan een bigint")  # Django: no match for this pattern
        return getal


register_converter(IdConverter, "id")

urlpatterns = [
    path("", accounts_views.home, name="home"),
    path("beheer/", accounts_views.beheerder_home, name="beheerder_home"),
    path("beheer/caseload-overdragen/", werkzoekenden_views.caseload_overdragen, name="caseload_overdragen"),
    path("beheer/caseload-overdragen/<id:pk>/", werkzoekenden_views.caseload_overdragen_plan,
         name="caseload_overdragen_plan"),
    path("beheer/caseloadoverdrachten/<id:pk>/", werkzoekenden_views.caseloadoverdracht, name="caseloadoverdracht"),
    path("uitnodigen/", portaal_views.uitnodigen, name="uitnodigen"),
    path("uitnodiging/<str:uidb64>/<str:token>/", accounts_views.uitnodiging_accepteren,
         name="uitnodiging_accepteren"),
    path("taken/", taken_views.taken, name="taken"),
    path("waarneming/", accounts_views.waarneming, name="waarneming"),
    path("taken/<id:pk>/afronden/", taken_views.taak_afronden, name="taak_afronden"),
    # werkgeversreis
    path("hulp-bij-personeel/", werkgevers_views.verzoek_indienen, name="verzoek_indienen"),
    path("hulp-bij-personeel/bedankt/", werkgevers_views.verzoek_bedankt, name="verzoek_bedankt"),
    path("regio/", werkgevers_views.regios, name="regios"),
    path("regio/<str:code>/", werkgevers_views.regio, name="regio"),
    path("accountmanager/", portaal_views.accountmanager_home, name="accountmanager_home"),
    path("accountmanager/verzoeken/", werkgevers_views.verzoeken, name="verzoeken"),
    path("accountmanager/verzoeken/telefonisch/", werkgevers_views.verzoek_telefoon, name="verzoek_telefoon"),
    path("accountmanager/verzoeken/<id:pk>/", werkgevers_views.verzoek_detail, name="verzoek_detail"),
    path("accountmanager/werkgevers/", werkgevers_views.werkgevers_regio, name="werkgevers_regio"),
    path("werkgevers/<id:pk>/", portaal_views.werkgever_detail, name="werkgever_detail"),
    path("werkgevers/<id:pk>/profiel/", werkgevers_views.werkgever_profiel, name="werkgever_profiel"),
    path("werkgevers/<id:pk>/bezoek/", werkgevers_views.bezoek_nieuw, name="bezoek_nieuw"),
    path("werkgevers/<id:pk>/contact/", werkgevers_views.contact_nieuw, name="werkgever_contact_nieuw"),
    path("werkgevers/<id:pk>/afspraak/", werkgevers_views.afspraak_nieuw, name="werkgever_afspraak_nieuw"),
    path("werkgevers/<id:pk>/accountmanager/", werkgevers_views.accountmanager_wijzigen,
         name="accountmanager_wijzigen"),
    path("werkgevers/<id:pk>/tijdlijn/", werkgevers_views.werkgever_tijdlijn, name="werkgever_tijdlijn"),
    path("werkgevers/<id:pk>/vacatures/nieuw/", werkgevers_views.vacature_nieuw, name="vacature_nieuw"),
    path("werkgever/", portaal_views.werkgever_home, name="werkgever_home"),
    path("werkgever/bedrijf/", werkgevers_views.mijn_bedrijf, name="mijn_bedrijf"),
    path("werkgever/collegas/", werkgevers_views.collegas, name="werkgever_collegas"),
    path("werkgever/collegas/<id:pk>/intrekken/", werkgevers_views.collega_intrekken,
         name="werkgever_collega_intrekken"),
    path("werkgever/collegas/uitnodigingen/<id:pk>/intrekken/", werkgevers_views.collega_uitnodiging_intrekken,
         name="werkgever_uitnodiging_intrekken"),
    path("vacatures/<id:pk>/", portaal_views.vacature_detail, name="vacature_detail"),
    path("vacatures/<id:pk>/bewerken/", werkgevers_views.vacature_bewerken, name="vacature_bewerken"),
    path("vacatures/<id:pk>/vaardigheden/", werkgevers_views.vacature_vaardigheden, name="vacature_vaardigheden"),
    path("vacatures/<id:pk>/status/", werkgevers_views.vacature_status, name="vacature_status"),
    path("vacatures/<id:pk>/vervuld/", portaal_views.vacature_afsluiten, {"status": "vervuld"},
         name="vacature_vervuld"),
    path("vacatures/<id:pk>/sluiten/", portaal_views.vacature_afsluiten, {"status": "gesloten"},
         name="vacature_sluiten"),
    path("vacatures/<id:pk>/bevestigen/", werkgevers_views.vacature_bevestigen, name="vacature_bevestigen"),
    path("vacatures/<id:pk>/matches/", matching_views.vacature_matches, name="vacature_matches"),
    path("vacatures/<id:pk>/voordragen/", matching_views.voordracht_nieuw, name="voordracht_nieuw"),
    path("vacatures/<id:pk>/toestemming-vragen/<id:kandidaat>/", matching_views.toestemming_vragen,
         name="toestemming_vragen"),
    path("voordrachten/<id:pk>/", bemiddeling_views.voordracht_detail, name="voordracht_detail"),
    path("voordrachten/<id:pk>/reageren/", bemiddeling_views.voordracht_reageren, name="voordracht_reageren"),
    path("voordrachten/<id:pk>/gesprek/", bemiddeling_views.gesprek_plannen, name="gesprek_plannen"),
    path("voordrachten/<id:pk>/uitkomst/", bemiddeling_views.voordracht_uitkomst, name="voordracht_uitkomst"),
    path("voordrachten/<id:pk>/intrekken/", bemiddeling_views.voordracht_intrekken, name="voordracht_intrekken"),
    path("gesprekken/<id:pk>/agenda.ics", bemiddeling_views.gesprek_agenda, name="gesprek_agenda"),
    path("gesprekken/<id:pk>/voorbereiding/", bemiddeling_views.gesprek_voorbereiding, name="gesprek_voorbereiding"),
    # plaatsingen en nazorg
    path("voordrachten/<id:pk>/plaatsing/", plaatsingen_views.plaatsing_nieuw, name="plaatsing_nieuw"),
    path("plaatsingen/", plaatsingen_views.nazorg_overzicht, name="nazorg_overzicht"),
    path("plaatsingen/<id:pk>/", plaatsingen_views.plaatsing_detail, name="plaatsing_detail"),
    path("plaatsingen/<id:pk>/akkoord/", plaatsingen_views.plaatsing_akkoord, name="plaatsing_akkoord"),
    path("plaatsingen/<id:pk>/overeenkomst/klaarzetten/", plaatsingen_views.overeenkomst_klaarzetten,
         name="overeenkomst_klaarzetten"),
    path("plaatsingen/<id:pk>/ondertekenen/", plaatsingen_views.overeenkomst_ondertekenen,
         name="overeenkomst_ondertekenen"),
    path("plaatsingen/<id:pk>/overeenkomst.pdf", plaatsingen_views.overeenkomst_download,
         name="overeenkomst_download"),
    path("plaatsingen/<id:pk>/corrigeren/", plaatsingen_views.plaatsing_corrigeren, name="plaatsing_corrigeren"),
    path("plaatsingen/<id:pk>/verlengen/", plaatsingen_views.plaatsing_verlengen, name="plaatsing_verlengen"),
    path("plaatsingen/<id:pk>/afronden/", plaatsingen_views.proefplaatsing_afronden, name="proefplaatsing_afronden"),
    path("plaatsingen/<id:pk>/afsluiten/", plaatsingen_views.plaatsing_afsluiten, name="plaatsing_afsluiten"),
    path("plaatsingen/<id:pk>/afspraak/", plaatsingen_views.nazorg_afspraak, name="nazorg_afspraak"),
    path("plaatsingen/<id:pk>/regelingen/<id:instrument_pk>/aanvraag/", plaatsingen_views.regeling_aanvragen,
         name="regeling_aanvragen"),
    path("plaatsingen/<id:pk>/regelingen/<id:instrument_pk>/besluit/", plaatsingen_views.regeling_besluit,
         name="regeling_besluit"),
    path("nazorg/<id:pk>/", plaatsingen_views.nazorg_uitkomst, name="nazorg_uitkomst"),
    path("hoe-gaat-het/<str:token>/", plaatsingen_views.checkin, name="checkin"),
    # beleving per touchpoint (issue #15): one's own open questions, one question, the one-time link from the mail
    path("hoe-ging-het/", beleving_views.beleving_overzicht, name="beleving_overzicht"),
    path("hoe-ging-het/<id:pk>/", beleving_views.beleving_vraag, name="beleving_vraag"),
    path("hoe-ging-dit/<str:token>/", beleving_views.beleving_link, name="beleving_link"),
    path("beroepen/zoeken/", beroepen_views.beroep_zoeken, name="beroep_zoeken"),
    path("instrumenten/", werkgevers_views.instrumenten, name="instrumenten"),
    path("instrumenten/<id:pk>/", werkgevers_views.instrument_detail, name="instrument_detail"),
    # werkzoekendenreis
    path("klantmanager/", werkzoekenden_views.klantmanager_home, name="klantmanager_home"),
    path("mijn/", portaal_views.werkzoekende_home, name="werkzoekende_home"),
    path("mijn/toestemmingsvragen/<id:pk>/", werkzoekenden_views.toestemming_verzoek_beantwoorden,
         name="toestemming_verzoek_beantwoorden"),
    path("mijn/plan/", werkzoekenden_views.mijn_plan, name="mijn_plan"),
    path("mijn/kansen/", portaal_views.mijn_kansen, name="mijn_kansen"),
    path("mijn-gegevens/inzage/", werkzoekenden_views.mijn_inzage, name="mijn_inzage"),
    # AVG: inzage, download and requests of the werkzoekende; the klantmanager answers; closing a dossier.
    path("mijn/gegevens/", privacy_views.mijn_gegevens, name="mijn_gegevens"),
    path("mijn/gegevens/download.json", privacy_views.mijn_gegevens_json, name="mijn_gegevens_json"),
    path("mijn/gegevens/download.pdf", privacy_views.mijn_gegevens_pdf, name="mijn_gegevens_pdf"),
    path("werkgever/mijn-gegevens/", privacy_views.werkgever_mijn_gegevens, name="werkgever_mijn_gegevens"),
    path("werkgever/mijn-gegevens/download.json", privacy_views.werkgever_mijn_gegevens_json,
         name="werkgever_mijn_gegevens_json"),
    path("werkgever/mijn-gegevens/download.pdf", privacy_views.werkgever_mijn_gegevens_pdf,
         name="werkgever_mijn_gegevens_pdf"),
    path("verzoeken-over-gegevens/<id:pk>/", privacy_views.rechtenverzoek, name="rechtenverzoek"),
    path("dossiers/<id:pk>/afsluiten/", privacy_views.dossier_afsluiten, name="dossier_afsluiten"),
    path("mijn/sollicitaties/", bemiddeling_views.mijn_voordrachten, name="mijn_voordrachten"),
    path("mijn/gesprekken/<id:pk>/begeleider/", bemiddeling_views.begeleider_kiezen, name="begeleider_kiezen"),
    path("mijn/gesprekken/<id:pk>/voorbereiding/", bemiddeling_views.mijn_voorbereiding, name="mijn_voorbereiding"),
    path("mijn/voorbereiding/<id:pk>/afvinken/", bemiddeling_views.voorbereidingspunt_afvinken,
         name="voorbereidingspunt_afvinken"),
    path("dossiers/nieuw/", werkzoekenden_views.dossier_nieuw, name="dossier_nieuw"),
    path("dossiers/<id:pk>/", portaal_views.dossier, name="dossier"),
    path("dossiers/<id:pk>/bewerken/", werkzoekenden_views.dossier_bewerken, name="dossier_bewerken"),
    path("dossiers/<id:pk>/overdracht/", werkzoekenden_views.overdracht, name="overdracht"),
    path("dossiers/<id:pk>/toegang/", werkzoekenden_views.dossier_toegang, name="dossier_toegang"),
    path("dossiertoegang/<id:pk>/beeindigen/", werkzoekenden_views.dossier_toegang_beeindigen,
         name="dossier_toegang_beeindigen"),
    path("klantmanager/gedeeld/", werkzoekenden_views.gedeelde_dossiers, name="gedeelde_dossiers"),
    path("dossiers/<id:pk>/plan/", werkzoekenden_views.plan_van_aanpak, name="plan_van_aanpak"),
    path("dossiers/<id:pk>/plan/actie/", werkzoekenden_views.actie_nieuw, name="actie_nieuw"),
    path("dossiers/<id:pk>/plan/evaluatie/", werkzoekenden_views.evaluatie_instellen, name="evaluatie_instellen"),
    path("acties/<id:pk>/", werkzoekenden_views.actie_bewerken, name="actie_bewerken"),
    path("acties/<id:pk>/klaar/", werkzoekenden_views.actie_klaar, name="actie_klaar"),
    path("dossiers/<id:pk>/wensen/", portaal_views.wensen, name="wensen"),
    path("dossiers/<id:pk>/cv/profiel/", werkzoekenden_views.cv_profiel, name="cv_profiel"),
    path("dossiers/<id:pk>/cv/", werkzoekenden_views.cv, name="cv"),
    path("dossiers/<id:pk>/cv/download/", werkzoekenden_views.cv_downloaden, name="cv_downloaden"),
    path("voordrachten/<id:pk>/cv/", bemiddeling_views.voordracht_cv, name="voordracht_cv"),
    path("voordrachten/<id:pk>/documenten/", bemiddeling_views.voordracht_documenten, name="voordracht_documenten"),
    path("voordrachten/<id:pk>/documenten/<id:document_pk>/", bemiddeling_views.voordracht_document,
         name="voordracht_document"),
    path("dossiers/<id:pk>/documenten/", werkzoekenden_views.documenten, name="documenten"),
    path("mijn/documenten/", werkzoekenden_views.mijn_documenten, name="mijn_documenten"),
    path("documenten/<id:pk>/download/", werkzoekenden_views.document_downloaden, name="document_downloaden"),
    path("documenten/<id:pk>/verwijderen/", werkzoekenden_views.document_verwijderen, name="document_verwijderen"),
    path("documenten/<id:pk>/delen/", werkzoekenden_views.document_delen, name="document_delen"),
    path("dossiers/<id:pk>/toestemmingen/", werkzoekenden_views.toestemmingen, name="toestemmingen"),
    path("toestemmingen/<id:pk>/intrekken/", bemiddeling_views.toestemming_intrekken,
         name="toestemming_intrekken"),
    # sollicitatieactiviteiten (WW sollicitatieplicht, issue #14)
    path("mijn/sollicitatieplicht/", sollicitaties_views.mijn_sollicitatieplicht, name="mijn_sollicitatieplicht"),
    path("dossier/<id:pk>/sollicitatieplicht/", sollicitaties_views.sollicitatieplicht, name="sollicitatieplicht"),
    path("dossier/<id:pk>/sollicitatieplicht/nieuw/", sollicitaties_views.activiteit_nieuw,
         name="sollicitatie_nieuw"),
    path("dossier/<id:pk>/sollicitatieplicht/wijzigen/", sollicitaties_views.plicht_wijzigen,
         name="sollicitatieplicht_wijzigen"),
    path("dossier/<id:pk>/sollicitatieplicht/pdf/", sollicitaties_views.sollicitaties_pdf, name="sollicitaties_pdf"),
    path("sollicitaties/<id:pk>/bewerken/", sollicitaties_views.activiteit_bewerken, name="sollicitatie_bewerken"),
    path("sollicitaties/<id:pk>/verwijderen/", sollicitaties_views.activiteit_verwijderen,
         name="sollicitatie_verwijderen"),
    path("sollicitaties/<id:pk>/bewijs/", sollicitaties_views.activiteit_bewijs, name="sollicitatie_bewijs"),
    # berichten en meldingen (issue #13)
    path("berichten/", berichten_views.berichten, name="berichten"),
    path("berichten/<id:pk>/", portaal_berichten.wisseling, name="wisseling"),
    path("berichten/nieuw/werkzoekende/<id:pk>/", berichten_views.wisseling_nieuw, {"soort": "werkzoekende"},
         name="wisseling_nieuw_werkzoekende"),
    path("berichten/nieuw/werkgever/<id:pk>/", berichten_views.wisseling_nieuw, {"soort": "werkgever"},
         name="wisseling_nieuw_werkgever"),
    path("berichten/nieuw/overleg/<id:pk>/", berichten_views.wisseling_nieuw, {"soort": "overleg"},
         name="wisseling_nieuw_overleg"),
    path("berichten/bijlagen/<id:pk>/", berichten_views.bijlage_downloaden, name="bijlage_downloaden"),
    path("meldingen/", meldingen_views.meldingen, name="meldingen"),
    path("meldingen/alles-gelezen/", meldingen_views.meldingen_alles_gelezen, name="meldingen_alles_gelezen"),
    path("meldingen/voorkeur/", meldingen_views.melding_voorkeur, name="melding_voorkeur"),
    path("meldingen/<id:pk>/openen/", meldingen_views.melding_openen, name="melding_openen"),
    path("meldingen/<id:pk>/gelezen/", meldingen_views.melding_gelezen, name="melding_gelezen"),
    # agenda
    path("agenda/", agenda_views.agenda, name="agenda"),
    path("agenda/nieuw/", agenda_views.afspraak_nieuw, name="afspraak_nieuw"),
    path("agenda/afspraken/<id:pk>/", agenda_views.afspraak_detail, name="afspraak_detail"),
    path("agenda/afspraken/<id:pk>/verplaatsen/", agenda_views.afspraak_verplaatsen, name="afspraak_verplaatsen"),
    path("agenda/afspraken/<id:pk>/annuleren/", agenda_views.afspraak_annuleren, name="afspraak_annuleren"),
    path("agenda/afspraken/<id:pk>/aanmelden/", agenda_views.aanmelden, name="afspraak_aanmelden"),
    path("agenda/afspraken/<id:pk>/afmelden/", agenda_views.afmelden, name="afspraak_afmelden"),
    path("agenda/afspraken/<id:pk>/kan-niet/", agenda_views.afspraak_kan_niet, name="afspraak_kan_niet"),
    path("agenda/afspraken/<id:pk>/kan-toch/", agenda_views.afspraak_kan_toch, name="afspraak_kan_toch"),
    path("agenda/koppelen/", agenda_views.feed_beheren, name="agenda_feed_beheren"),
    path("agenda/feed/<str:sleutel>.ics", agenda_views.agenda_feed, name="agenda_feed"),
    # ondersteuningsgids (issue #14)
    path("ondersteuning/", ondersteuning_views.gids, name="ondersteuningsgids"),
    path("ondersteuning/nieuw/", ondersteuning_views.traject_nieuw, name="traject_nieuw"),
    path("ondersteuning/aanvragen/", ondersteuning_views.aanvragen, name="ondersteuning_aanvragen"),
    path("ondersteuning/aanvragen/<id:pk>/", ondersteuning_views.aanvraag_beoordelen, name="aanvraag_beoordelen"),
    path("ondersteuning/aanvragen/<id:pk>/intrekken/", ondersteuning_views.aanvraag_intrekken,
         name="aanvraag_intrekken"),
    path("ondersteuning/startmomenten/<id:pk>/aanmelden/", ondersteuning_views.groep_aanmelden,
         name="groep_aanmelden"),
    path("ondersteuning/startmomenten/<id:pk>/afmelden/", ondersteuning_views.groep_afmelden, name="groep_afmelden"),
    path("ondersteuning/<id:pk>/", ondersteuning_views.traject_detail, name="traject_detail"),
    path("ondersteuning/<id:pk>/bewerken/", ondersteuning_views.traject_bewerken, name="traject_bewerken"),
    path("ondersteuning/<id:pk>/archiveren/", ondersteuning_views.traject_archiveren, name="traject_archiveren"),
    path("ondersteuning/<id:pk>/startmoment/", ondersteuning_views.startmoment_nieuw, name="startmoment_nieuw"),
    path("ondersteuning/<id:pk>/meedoen/", ondersteuning_views.traject_meedoen, name="traject_meedoen"),
    # klantreis monitor (issue #15): aggregates per region and period
    path("monitor/", monitor_views.monitor, name="monitor"),
    path("monitor/export/<str:tabel>.<str:formaat>", monitor_views.monitor_export, name="monitor_export"),
    path("health/", accounts_views.health, name="health"),
    path("sessie/", accounts_views.sessie_status, name="sessie_status"),
    path("csp-rapport/", csp.csp_rapport, name="csp_rapport"),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("beheer/admin/", admin.site.urls),
]
