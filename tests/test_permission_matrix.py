"""Every URL name of the project, for every role and for anonymous visitors.

A URL that is added without a row here fails ``test_every_url_is_in_the_matrix``: every new
view must state who may see it. A person without a relation to a page gets 404, never a hint.
"""

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver, reverse, reverse_lazy
from django.utils import timezone

from accounts.models import Verwerking
from accounts.services import verwerking_registreer
from werkgevers.tests.factories import VacatureFactory

ROLLEN = ["anoniem", "beheerder", "accountmanager", "klantmanager", "werkgever", "werkzoekende",
          "vreemde_accountmanager", "vreemde_klantmanager", "vreemde_werkgever", "programma"]
# The programme (landelijk) reads the klantreis monitor of every region and nothing personal: 404 on every page
# that is not its own account's (alleen() gives it 404 unless named).
LOGIN = 302  # anonymous people are sent to the login page


def alleen(toegestaan, status=200, anoniem=LOGIN):
    """Role page: the named roles get ``status``, anonymous is sent to log in, the rest 404."""
    result = {rol: 404 for rol in ROLLEN}
    result["anoniem"] = anoniem
    for rol in toegestaan:
        result[rol] = status
    return result


def iedereen(status, anoniem=None):
    result = {rol: status for rol in ROLLEN}
    if anoniem is not None:
        result["anoniem"] = anoniem
    return result


def ingelogd(status, anoniem=LOGIN):
    return iedereen(status, anoniem=anoniem)


def eigen_lijst(status):
    """One's own berichten, meldingen, agenda: every logged-in role, except the programme (nothing personal)."""
    return {**ingelogd(status), "programma": 404}


ACCOUNTMANAGERS = ["accountmanager", "vreemde_accountmanager"]
KLANTMANAGERS = ["klantmanager", "vreemde_klantmanager"]
WERKGEVERS = ["werkgever", "vreemde_werkgever"]
POST_ALLEEN = 405  # a GET on a POST-only action, answered before any object is looked up


def pk(attr):
    """kwargs for a URL about one object of the wereld (see conftest.Wereld.met_bemiddeling)."""
    return lambda wereld: {"pk": getattr(wereld, attr).pk}


def werkgever_pk(wereld):
    return {"pk": wereld.werkgever.pk}

def collegauitnodiging_van(wereld):
    """An open invitation Martijn sent to a colleague's address, made once per wereld."""
    if not hasattr(wereld, "collegauitnodiging"):
        from accounts.models import Collegauitnodiging

        wereld.collegauitnodiging = Collegauitnodiging.objects.create(
            door=wereld.werkgever_user, organisatie=wereld.werkgever.organisatie, email="nieuw@deheul.example.nl",
            voornaam="Nina", achternaam="Nieuw")
    return wereld.collegauitnodiging


def rechtenverzoek_van(wereld):
    """Willem's request about his data, made once per wereld."""
    if not hasattr(wereld, "rechtenverzoek"):
        from werkzoekenden.tests.factories import RechtenverzoekFactory

        wereld.rechtenverzoek = RechtenverzoekFactory(kandidaat=wereld.kandidaat)
    return wereld.rechtenverzoek


def dossiertoegang_van(wereld):
    """Karin gave a colleague of her organisation access to Willem's dossier (made once per wereld)."""
    if not hasattr(wereld, "dossiertoegang"):
        from datetime import timedelta

        from accounts.tests.factories import KlantmanagerFactory
        from werkzoekenden.services import dossiertoegang_geven

        karin = wereld.klantmanager
        wereld.dossiertoegang = dossiertoegang_geven(
            kandidaat=wereld.kandidaat, door=karin, reden="Neemt waar tijdens verlof",
            klantmanager=KlantmanagerFactory(organisatie=karin.organisatie, regio=karin.regio),
            tot=timezone.localdate() + timedelta(days=14))
    return wereld.dossiertoegang


def regelingaanvraag_van(wereld):
    """Anja's proefplaatsing with a no-riskpolis that was applied for with UWV (made once per wereld): the form to
    record its aanvraag and the one for its besluit."""
    if not hasattr(wereld, "regelingaanvraag"):
        from plaatsingen.services import regeling_aanvragen
        from werkgevers.models import Instrument

        polis = Instrument.objects.get(naam="No-riskpolis")
        wereld.plaatsing.instrumenten.add(polis)
        wereld.regelingaanvraag = regeling_aanvragen(plaatsing=wereld.plaatsing, instrument=polis,
                                                     door=wereld.accountmanager, aangevraagd_op=timezone.localdate())
    return {"pk": wereld.plaatsing.pk, "instrument_pk": wereld.regelingaanvraag.instrument_id}


def ter_ondertekening_van(wereld):
    """A proefplaatsing of a third kandidaat (Sem) whose overeenkomst waits for the werkgever's signature, made once
    per wereld: the signing page of a signed one (Anja's) sends the werkgever on to the plaatsing."""
    if not hasattr(wereld, "ter_ondertekening"):
        from bemiddeling.services import voordracht_create
        from plaatsingen.services import overeenkomst_klaarzetten
        from werkzoekenden.models import Toestemming
        from werkzoekenden.services import toestemming_verlenen
        from werkzoekenden.tests.factories import KandidaatFactory

        sem = KandidaatFactory(voornaam="Sem", achternaam="de Wit", klantmanager=wereld.klantmanager)
        vacature = VacatureFactory(werkgever=wereld.werkgever, beroep=wereld.beroep, titel="Leerling monteur")
        toestemming_verlenen(kandidaat=sem, doel=Toestemming.Doel.DELEN_MET_WERKGEVER, werkgever=wereld.werkgever,
                             door=wereld.klantmanager)
        voordracht = voordracht_create(vacature=vacature, kandidaat=sem, door=wereld.accountmanager,
                                       toelichting="Leergierig.")
        wereld.ter_ondertekening = overeenkomst_klaarzetten(
            plaatsing=wereld.proefplaatsing_met_akkoord(voordracht), door=wereld.accountmanager)
    return wereld.ter_ondertekening


def _sollicitatie(wereld):
    """Willem with a plicht set by Karin and one sollicitatie with a proof (made once per wereld)."""
    if not hasattr(wereld, "sollicitatie"):
        from django.core.files.base import ContentFile

        from sollicitaties.services import activiteit_vastleggen, plicht_instellen

        plicht_instellen(kandidaat=wereld.kandidaat, door=wereld.klantmanager, aantal=4,
                         startdatum=timezone.localdate())
        bewijs = ContentFile(b"%PDF-1.4 bewijs", name="bevestiging.pdf")
        bewijs.soort = "pdf"
        wereld.sollicitatie = activiteit_vastleggen(
            kandidaat=wereld.kandidaat, door=wereld.werkzoekende_user, werkgever="Bakkerij Van Dam",
            functie="Verkoper", datum=timezone.localdate(), wijze="mail", bewijs=bewijs)
    return wereld.sollicitatie


def sollicitatie_kandidaat(wereld):
    _sollicitatie(wereld)
    return {"pk": wereld.kandidaat.pk}


def sollicitatie_pk(wereld):
    return {"pk": _sollicitatie(wereld).pk}
def belevingsvraag_van(wereld):
    """An open "Hoe ging dit?" of Willem: the one his voordracht brought, else one made here."""
    if not hasattr(wereld, "belevingsvraag"):
        import uuid
        from datetime import timedelta

        from beleving.models import Belevingsvraag, Touchpoint
        from beleving.selectors import open_vragen

        wereld.belevingsvraag = open_vragen(wereld.werkzoekende_user).first() or Belevingsvraag.objects.create(
            touchpoint=Touchpoint.WZ_PLAN, gebruiker=wereld.werkzoekende_user, kandidaat=wereld.kandidaat,
            regio=wereld.kandidaat.regio, sleutel=f"matrix:{uuid.uuid4().hex}", token_hash=uuid.uuid4().hex,
            verloopt_op=timezone.now() + timedelta(days=14))
    return wereld.belevingsvraag


def caseloadoverdracht_van(wereld):
    """A caseload handover of a colleague of Karin who leaves (her one dossier going to Karin), started and not yet
    moved by a worker; made once per wereld."""
    if not hasattr(wereld, "caseloadoverdracht"):
        from accounts.tests.factories import KlantmanagerFactory
        from werkzoekenden.services import caseloadoverdracht_starten
        from werkzoekenden.tests.factories import KandidaatFactory

        km = wereld.klantmanager
        vertrekt = KlantmanagerFactory(organisatie=km.organisatie, regio=km.regio)
        KandidaatFactory(klantmanager=vertrekt)
        wereld.caseloadoverdracht = caseloadoverdracht_starten(van=vertrekt, ontvangers=[km], notitie="Vertrekt.",
                                                               door=wereld.beheerder)
    return {"pk": wereld.caseloadoverdracht.pk}


# name -> (kwargs, {rol: status})
MATRIX = {
    "home": ({}, ingelogd(302, anoniem=200)),
    "taken": ({}, alleen([*ACCOUNTMANAGERS, *KLANTMANAGERS, "beheerder"])),  # a beheerder's own (taken.reacties)
    "waarneming": ({}, alleen([*KLANTMANAGERS, *ACCOUNTMANAGERS])),
    "taak_afronden": (pk("taak"), alleen([*ACCOUNTMANAGERS, *KLANTMANAGERS, "beheerder"], POST_ALLEEN)),
    # werkgeversreis
    "verzoek_indienen": ({}, iedereen(200)),  # public: no account needed
    "verzoek_bedankt": ({}, iedereen(200)),
    # The public face of each Werkgeversservicepunt.
    "regios": ({}, iedereen(200)),
    "regio": (lambda w: {"code": w.accountmanager.regio.code}, iedereen(200)),
    "verzoeken": ({}, alleen(ACCOUNTMANAGERS)),
    "verzoek_telefoon": ({}, alleen(ACCOUNTMANAGERS)),
    # only the verzoek's own region; its POSTs (oppakken, contact, sluiten) too: test_only_the_regions_...
    "verzoek_detail": (pk("verzoek"), alleen(["accountmanager"])),
    "werkgevers_regio": ({}, alleen(ACCOUNTMANAGERS)),
    "werkgever_detail": (werkgever_pk, alleen(["accountmanager"])),
    "werkgever_profiel": (werkgever_pk, alleen(["accountmanager"])),
    "bezoek_nieuw": (werkgever_pk, alleen(["accountmanager"])),
    "werkgever_contact_nieuw": (werkgever_pk, alleen(["accountmanager"])),
    "werkgever_afspraak_nieuw": (werkgever_pk, alleen(["accountmanager"])),
    "accountmanager_wijzigen": (werkgever_pk, alleen(["accountmanager"])),
    "werkgever_tijdlijn": (werkgever_pk, alleen(["accountmanager", "werkgever"])),
    "vacature_nieuw": (werkgever_pk, alleen(["accountmanager", "werkgever"])),
    "vacature_detail": (pk("vacature"), alleen(["accountmanager", "werkgever"])),
    "vacature_bewerken": (pk("vacature"), alleen(["accountmanager", "werkgever"])),
    "vacature_vaardigheden": (pk("vacature"), alleen(["accountmanager", "werkgever"])),
    "vacature_status": (pk("vacature"), alleen([*ACCOUNTMANAGERS, *WERKGEVERS], POST_ALLEEN)),
    "vacature_bevestigen": (pk("vacature"), alleen([*ACCOUNTMANAGERS, *WERKGEVERS], POST_ALLEEN)),
    "vacature_vervuld": (pk("vacature"), alleen(["accountmanager", "werkgever"])),
    "vacature_sluiten": (pk("vacature"), alleen(["accountmanager", "werkgever"])),
    "voordracht_nieuw": (pk("vacature"), alleen(["accountmanager"])),
    "vacature_matches": (pk("vacature"), alleen(["accountmanager"])),
    "voordracht_detail": (pk("voordracht"), alleen(["accountmanager", "werkgever", "klantmanager"])),
    # The world's voordracht is answered (gesprek gepland): the werkgever is sent to the voordracht, not to the form.
    "voordracht_reageren": (pk("voordracht"), alleen(["werkgever"], 302)),
    "gesprek_plannen": (pk("voordracht"), alleen(["accountmanager", "werkgever"])),
    "voordracht_uitkomst": (pk("voordracht"), alleen(["accountmanager", "werkgever"])),
    "voordracht_intrekken": (pk("voordracht"), alleen(["accountmanager"])),
    "gesprek_agenda": (pk("gesprek"), alleen(["accountmanager", "werkgever", "klantmanager"])),
    # The werkzoekende's preparation for the gesprek: staff of the relation fill it, the werkzoekende reads and
    # ticks it off; the werkgever never sees it (issue #14).
    "gesprek_voorbereiding": (pk("gesprek"), alleen(["accountmanager", "klantmanager"])),
    "mijn_voorbereiding": (pk("gesprek"), alleen(["werkzoekende"])),
    "voorbereidingspunt_afvinken": (lambda w: {"pk": w.gesprek.gespreksvoorbereiding.punten.first().pk},
                                    alleen(["werkzoekende"], POST_ALLEEN)),
    # werkzoekendenreis: the dossier is the werkzoekende's own and their vaste klantmanager's
    "dossier_nieuw": ({}, alleen(KLANTMANAGERS)),
    "dossier": (lambda w: {"pk": w.kandidaat.pk}, alleen(["werkzoekende", "klantmanager"])),
    "dossier_bewerken": (lambda w: {"pk": w.kandidaat.pk}, alleen(["werkzoekende", "klantmanager"])),
    "overdracht": (lambda w: {"pk": w.kandidaat.pk}, alleen(["klantmanager"])),
    # Only the vaste klantmanager gives and ends access to her dossier; a waarnemer or a colleague with access 404.
    "dossier_toegang": (lambda w: {"pk": w.kandidaat.pk}, alleen(["klantmanager"])),
    "dossier_toegang_beeindigen": (lambda w: {"pk": dossiertoegang_van(w).pk}, alleen(KLANTMANAGERS, POST_ALLEEN)),
    "gedeelde_dossiers": ({}, alleen(KLANTMANAGERS)),
    "plan_van_aanpak": (lambda w: {"pk": w.kandidaat.pk}, alleen(["werkzoekende", "klantmanager"])),
    "actie_nieuw": (lambda w: {"pk": w.kandidaat.pk}, alleen(["werkzoekende", "klantmanager"])),
    "evaluatie_instellen": (lambda w: {"pk": w.kandidaat.pk}, alleen(KLANTMANAGERS, POST_ALLEEN)),
    "actie_bewerken": (pk("actie"), alleen(["werkzoekende", "klantmanager"])),
    "actie_klaar": (pk("actie"), alleen(["werkzoekende", *KLANTMANAGERS], POST_ALLEEN)),
    "wensen": (lambda w: {"pk": w.kandidaat.pk}, alleen(["werkzoekende", "klantmanager"])),
    "cv_profiel": (lambda w: {"pk": w.kandidaat.pk}, alleen(["werkzoekende", "klantmanager"])),
    "mijn_voordrachten": ({}, alleen(["werkzoekende"])),
    "mijn_plan": ({}, alleen(["werkzoekende"])),
    "mijn_kansen": ({}, alleen(["werkzoekende"])),  # only one's own chances
    "mijn_inzage": ({}, alleen(["werkzoekende"])),  # only one's own log: "wie heeft mijn gegevens bekeken"
    "begeleider_kiezen": (pk("gesprek"), alleen(["werkzoekende"], POST_ALLEEN)),
    # sollicitatieactiviteiten (WW sollicitatieplicht): she records, her klantmanager reads and sets maatwerk
    "mijn_sollicitatieplicht": ({}, alleen(["werkzoekende"], 302)),
    "sollicitatieplicht": (sollicitatie_kandidaat, alleen(["werkzoekende", "klantmanager"])),
    "sollicitatie_nieuw": (sollicitatie_kandidaat, alleen(["werkzoekende"])),
    "sollicitatieplicht_wijzigen": (sollicitatie_kandidaat, alleen(["klantmanager"])),
    "sollicitaties_pdf": (sollicitatie_kandidaat, alleen(["werkzoekende", "klantmanager"])),
    "sollicitatie_bewerken": (sollicitatie_pk, alleen(["werkzoekende"])),
    "sollicitatie_verwijderen": (sollicitatie_pk, alleen(["werkzoekende"], POST_ALLEEN)),
    "sollicitatie_bewijs": (sollicitatie_pk, alleen(["werkzoekende", "klantmanager"])),
    "cv": (lambda w: {"pk": w.kandidaat.pk}, alleen(["werkzoekende", "klantmanager"])),
    "cv_downloaden": (lambda w: {"pk": w.kandidaat.pk}, alleen(["werkzoekende", "klantmanager"])),
    "voordracht_cv": (pk("voordracht"), alleen(["accountmanager", "werkgever", "klantmanager"])),
    # documenten (issue #14): Willem's VCA certificate goes along with the voordracht (see _documenten)
    "documenten": (lambda w: {"pk": w.kandidaat.pk}, alleen(["werkzoekende", "klantmanager"])),
    "mijn_documenten": ({}, alleen(["werkzoekende"])),
    "document_downloaden": (pk("document"), alleen(["werkzoekende", "klantmanager"])),
    # GET asks first; the POST of that page deletes.
    "document_verwijderen": (pk("document"), alleen(["werkzoekende", "klantmanager"])),
    "document_delen": (pk("document"), alleen(["werkzoekende"], POST_ALLEEN)),
    "voordracht_documenten": (pk("voordracht"), alleen(["accountmanager"])),
    "voordracht_document": (lambda w: {"pk": w.voordracht.pk, "document_pk": w.document.pk},
                            alleen(["accountmanager", "werkgever", "klantmanager"])),
    "toestemmingen": (lambda w: {"pk": w.kandidaat.pk}, alleen(["werkzoekende", "klantmanager"])),
    # GET: what stops with it, to confirm; the POST of that page withdraws.
    "toestemming_intrekken": (pk("toestemming"), alleen(["werkzoekende", "klantmanager"])),
    # AVG rights: only the werkzoekende downloads their own data and sends requests; the klantmanager of the
    # dossier answers (a coordinator only with the escalation task, see tests/security); closing a dossier.
    "mijn_gegevens": ({}, alleen(["werkzoekende"])),
    "mijn_gegevens_json": ({}, alleen(["werkzoekende"])),
    "mijn_gegevens_pdf": ({}, alleen(["werkzoekende"])),
    # The werkgever's contactpersoon: his own data (AVG inzage), each werkgever his own
    "werkgever_mijn_gegevens": ({}, alleen(WERKGEVERS)),
    "werkgever_mijn_gegevens_json": ({}, alleen(WERKGEVERS)),
    "werkgever_mijn_gegevens_pdf": ({}, alleen(WERKGEVERS)),
    "rechtenverzoek": (lambda w: {"pk": rechtenverzoek_van(w).pk}, alleen(["klantmanager"])),
    "dossier_afsluiten": (lambda w: {"pk": w.kandidaat.pk}, alleen(["klantmanager"])),
    # plaatsingen en nazorg
    "plaatsing_nieuw": (pk("voordracht2"), alleen(["accountmanager"])),
    "nazorg_overzicht": ({}, alleen([*ACCOUNTMANAGERS, *KLANTMANAGERS])),
    "plaatsing_detail": (pk("plaatsing"), alleen(["accountmanager", "klantmanager", "werkgever"])),
    "plaatsing_akkoord": (pk("plaatsing"), alleen(["accountmanager"])),
    "overeenkomst_klaarzetten": (pk("plaatsing"), alleen(ACCOUNTMANAGERS, POST_ALLEEN)),
    "overeenkomst_ondertekenen": (lambda w: {"pk": ter_ondertekening_van(w).pk}, alleen(["werkgever"])),
    "overeenkomst_download": (pk("plaatsing"), alleen(["accountmanager", "klantmanager", "werkgever"])),
    "plaatsing_corrigeren": (pk("plaatsing"), alleen(["accountmanager"])),
    "plaatsing_verlengen": (pk("plaatsing"), alleen(["accountmanager"])),
    "proefplaatsing_afronden": (pk("plaatsing"), alleen(["accountmanager"])),
    "nazorg_afspraak": (pk("plaatsing"), alleen(["accountmanager"])),
    "plaatsing_afsluiten": (pk("plaatsing"), alleen(["accountmanager"])),
    # The aanvraag and besluit of a regeling: the accountmanager of the region records; the werkgever, the werknemer
    # and the klantmanager read it on the plaatsing page.
    "regeling_aanvragen": (regelingaanvraag_van, alleen(["accountmanager"])),
    "regeling_besluit": (regelingaanvraag_van, alleen(["accountmanager"])),
    "nazorg_uitkomst": (pk("moment"), alleen(["accountmanager", "klantmanager"])),
    # A check-in link opens one form for whoever has it; an unknown token tells nobody anything.
    "checkin": ({"token": "onbekend-token"}, iedereen(410)),
    # beleving: everyone's own questions (werkgever, werkzoekende); staff see answers only in the monitor,
    # without names. The mail link: a wrong, used or expired token tells nobody anything.
    "beleving_overzicht": ({}, alleen(["werkzoekende", *WERKGEVERS])),
    "beleving_vraag": (lambda w: {"pk": belevingsvraag_van(w).pk}, alleen(["werkzoekende"])),
    "beleving_link": ({"token": "onbekend-token"}, iedereen(404)),
    "beroep_zoeken": ({}, alleen([*ACCOUNTMANAGERS, *KLANTMANAGERS, *WERKGEVERS, "werkzoekende"])),
    # The instrumentengids is public: the regio page shows werkgevers who have no account yet what exists.
    "instrumenten": ({}, iedereen(200)),
    "instrument_detail": (lambda w: {"pk": w.instrument.pk}, iedereen(200)),
    "beheerder_home": ({}, alleen(["beheerder"])),
    # A whole caseload to colleagues: the beheerder only (a klantmanager hands over one dossier, "overdracht").
    "caseload_overdragen": ({}, alleen(["beheerder"])),
    "caseload_overdragen_plan": (lambda w: {"pk": w.klantmanager.pk}, alleen(["beheerder"])),
    "caseloadoverdracht": (caseloadoverdracht_van, alleen(["beheerder"])),
    "uitnodigen": ({}, alleen(["beheerder", *ACCOUNTMANAGERS, *KLANTMANAGERS])),
    # A link with a token that is not valid: nobody learns anything from it.
    "uitnodiging_accepteren": ({"uidb64": "MTIzNDU2Nzg", "token": "abc-123"}, iedereen(404)),
    "accountmanager_home": ({}, alleen(ACCOUNTMANAGERS)),
    "werkgever_home": ({}, alleen(WERKGEVERS)),
    "mijn_bedrijf": ({}, alleen(WERKGEVERS)),
    "werkgever_collegas": ({}, alleen(WERKGEVERS)),
    "werkgever_collega_intrekken": (pk("werkgever_user"), alleen(WERKGEVERS, POST_ALLEEN)),
    # Only an open invitation of one's own company (every other werkgever: 404).
    "werkgever_uitnodiging_intrekken": (lambda w: {"pk": collegauitnodiging_van(w).pk},
                                        alleen(WERKGEVERS, POST_ALLEEN)),
    "klantmanager_home": ({}, alleen(KLANTMANAGERS)),
    "werkzoekende_home": ({}, alleen(["werkzoekende"])),
    # berichten (issue #13): a thread is readable by the people of its relation only; a stranger gets 404
    "berichten": ({}, eigen_lijst(200)),  # everyone's own list (empty for whoever takes part in nothing)
    "wisseling": (pk("wisseling"), alleen(["werkzoekende", "klantmanager"])),
    "bijlage_downloaden": (pk("bijlage"), alleen(["werkzoekende", "klantmanager"])),
    "wisseling_nieuw_werkzoekende": (lambda w: {"pk": w.kandidaat.pk}, alleen(["werkzoekende", "klantmanager"])),
    "wisseling_nieuw_werkgever": (werkgever_pk, alleen(["accountmanager", "werkgever"])),
    # The accountmanager of a werkgever Willem consented to share his cv with may ask his klantmanager.
    "wisseling_nieuw_overleg": (lambda w: {"pk": w.kandidaat.pk}, alleen(["accountmanager", "klantmanager"])),
    # meldingen: everyone's own; a melding of someone else is 404 (see test_melding_of_someone_else)
    "meldingen": ({}, eigen_lijst(200)),
    "melding_voorkeur": ({}, eigen_lijst(200)),
    "meldingen_alles_gelezen": ({}, eigen_lijst(POST_ALLEEN)),
    "melding_openen": (pk("melding"), eigen_lijst(POST_ALLEEN)),
    "melding_gelezen": (pk("melding"), eigen_lijst(POST_ALLEEN)),
    # klantreis monitor (issue #15): aggregates only. The beheerder and the programme see every region; a
    # WSP-coördinator their own (test_monitor_coordinator below: the wereld's accountmanager is no coordinator).
    "monitor": ({}, alleen(["beheerder", "programma"])),
    "monitor_export": ({"tabel": "funnel", "formaat": "xlsx"}, alleen(["beheerder", "programma"])),
    "health": ({}, iedereen(200)),
    # Browsers POST what the Content-Security-Policy blocked; a GET is refused (tests/security/test_csp.py).
    "csp_rapport": ({}, iedereen(405)),
    # agenda: everyone logged in has one; an afspraak is for its participants only
    "agenda": ({}, eigen_lijst(200)),
    "afspraak_nieuw": ({}, alleen([*ACCOUNTMANAGERS, *KLANTMANAGERS])),
    "afspraak_detail": (pk("afspraak"), alleen(["accountmanager", "werkgever", "klantmanager", "werkzoekende"])),
    "afspraak_verplaatsen": (pk("bezoek"), alleen(["accountmanager"])),
    # GET asks "Weet je het zeker?" and names who is told: the afspraak's staff only (POST cancels)
    "afspraak_annuleren": (pk("bezoek"), alleen(["accountmanager"])),
    "afspraak_aanmelden": (pk("workshop"), alleen(["werkzoekende"], POST_ALLEEN)),
    "afspraak_afmelden": (pk("workshop"), alleen(["werkzoekende"], POST_ALLEEN)),
    # "Ik kan niet": only the invited werkzoekende herself (the klantmanager who invited her: 404); at a visit the
    # werkgever's invited contactpersoon (test_kan_niet_at_a_visit_is_for_the_invited_werkgever)
    "afspraak_kan_niet": (pk("km_gesprek"), alleen(["werkzoekende"])),
    "afspraak_kan_toch": (pk("km_gesprek"), alleen(["werkzoekende", *WERKGEVERS], POST_ALLEEN)),
    "agenda_feed_beheren": ({}, eigen_lijst(POST_ALLEEN)),
    # The feed has no login (calendar apps cannot log in): a wrong or revoked token tells nobody anything.
    "agenda_feed": ({"sleutel": "onbekend-token"}, iedereen(404)),
    # ondersteuningsgids (issue #14): the werkzoekende browses their gemeente's and region's trajecten and asks
    # to join; the beheerder and klantmanagers of the region keep them; the klantmanager of the dossier decides.
    "ondersteuningsgids": ({}, alleen(["beheerder", *KLANTMANAGERS, "werkzoekende"])),
    "traject_nieuw": ({}, alleen(["beheerder", *KLANTMANAGERS])),
    "traject_detail": (pk("traject"), alleen(["beheerder", "klantmanager", "werkzoekende"])),
    "traject_bewerken": (pk("traject"), alleen(["beheerder", "klantmanager"])),
    "traject_archiveren": (pk("traject"), alleen(["beheerder", *KLANTMANAGERS], POST_ALLEEN)),
    "startmoment_nieuw": (pk("traject"), alleen(["beheerder", "klantmanager"])),
    "traject_meedoen": (pk("traject"), alleen(["werkzoekende"])),
    "groep_aanmelden": (pk("groep_startmoment"), alleen(["werkzoekende"], POST_ALLEEN)),
    "groep_afmelden": (pk("groep_startmoment"), alleen(["werkzoekende"], POST_ALLEEN)),
    "ondersteuning_aanvragen": ({}, alleen(KLANTMANAGERS)),
    "aanvraag_beoordelen": (pk("aanvraag"), alleen(["klantmanager"])),
    "aanvraag_intrekken": (pk("aanvraag"), alleen(["werkzoekende"], POST_ALLEEN)),
    # toestemming vragen in het portaal
    "toestemming_vragen": (lambda w: {"pk": w.vacature.pk, "kandidaat": w.kandidaat.pk}, alleen(["accountmanager"])),
    "toestemming_verzoek_beantwoorden": (pk("toestemmingsverzoek"), alleen(["werkzoekende"], POST_ALLEEN)),
    "set_language": ({}, iedereen(302)),  # a GET just goes back; changing language is a POST
    # allauth
    "account_login": ({}, ingelogd(302, anoniem=200)),
    "account_logout": ({}, ingelogd(200, anoniem=302)),
    "account_inactive": ({}, iedereen(200)),
    "account_signup": ({}, ingelogd(302, anoniem=200)),  # shows "registreren is gesloten"
    "account_reauthenticate": ({}, ingelogd(200)),
    # Re-authentication by a mailed code, for one's own account only.
    "account_request_reauthentication_code": ({}, ingelogd(200)),
    "account_confirm_reauthentication_code": ({}, iedereen(302)),  # no code pending: back

    "account_email": ({}, ingelogd(200)),
    "account_email_verification_sent": ({}, iedereen(200)),
    "account_change_password": ({}, ingelogd(200)),
    "account_set_password": ({}, ingelogd(302)),  # everyone who logs in has a password already
    "account_reset_password": ({}, iedereen(200)),
    "account_confirm_login_code": ({}, iedereen(302)),  # no login code pending: back
    "account_confirm_email": ({"key": "ongeldig"}, iedereen(200)),
    "account_reset_password_from_key_done": ({}, iedereen(200)),
    "account_reset_password_from_key": ({"uidb36": "zz", "key": "ongeldig"}, iedereen(200)),
    "account_reset_password_done": ({}, iedereen(200)),
    # allauth.socialaccount: DigiD / eHerkenning (accounts/oidc.py); no broker is configured here.
    "socialaccount_connections": ({}, ingelogd(200)),
    "socialaccount_signup": ({}, iedereen(302)),  # nobody signs up through a broker: nothing pending
    "socialaccount_login_cancelled": ({}, iedereen(200)),
    "socialaccount_login_error": ({}, iedereen(401)),  # allauth answers a failed broker login with 401
    "openid_connect_login": ({"provider_id": "digid"}, iedereen(404)),  # not configured: not there
    "openid_connect_callback": ({"provider_id": "digid"}, iedereen(404)),
    # The second factor (allauth.mfa), each for one's own account. Setting one up first asks to confirm the
    # password (force_login leaves no record of it): 302. Nothing to switch off or view yet: 404.
    "mfa_index": ({}, ingelogd(200)),
    "mfa_authenticate": ({}, iedereen(302)),  # only between password and code of a login
    "mfa_reauthenticate": ({}, ingelogd(302)),  # no second factor yet: confirm with the password instead
    "mfa_activate_totp": ({}, ingelogd(302)),
    "mfa_deactivate_totp": ({}, ingelogd(404)),
    "mfa_view_recovery_codes": ({}, ingelogd(404)),
    "mfa_generate_recovery_codes": ({}, ingelogd(302)),
    "mfa_download_recovery_codes": ({}, ingelogd(404)),
    "mfa_list_webauthn": ({}, ingelogd(200)),
    "mfa_add_webauthn": ({}, ingelogd(302)),
    "mfa_reauthenticate_webauthn": ({}, ingelogd(302)),
    "mfa_remove_webauthn": ({"pk": 999999}, ingelogd(302)),
    "mfa_edit_webauthn": ({"pk": 999999}, ingelogd(302)),
    "mfa_login_webauthn": ({}, ingelogd(302, anoniem=302)),  # a GET without Accept: JSON goes to the login page
    # The warning before an idle session ends asks how long is left (JSON); POST = "Ingelogd blijven".
    "sessie_status": ({}, ingelogd(200)),
}

# The Django admin is for beheerders; others logged in get 404, anonymous people the login page.
# For the beheerder every admin page answers 200 except these:
ADMIN_BEHEERDER_ANDERS = {
    "admin:login": 302,  # already logged in: on to the admin index
    "admin:logout": 405,  # logging out is a POST
    "admin:autocomplete": 403,  # without the parameters of a real autocomplete field
    "admin:view_on_site": 404,  # users have no public page
    "admin:accounts_user_add": 403,  # accounts only come in by invitation
    # A beheerder does not set anyone's password (she sends a mail to choose one); her own on her account page.
    "admin:auth_user_password_change": 404,
    "admin:password_change": 302,
    "admin:accounts_verwerking_add": 403,  # the verwerkingenlog is append-only
    "admin:accounts_verwerking_delete": 403,
    "admin:matching_matchgewichten_add": 403,  # one row of weights: tuned, never added
    "admin:matching_matchgewichten_delete": 403,
    # The outbox is read and retried, never written or deleted by hand.
    "admin:outbox_gebeurtenis_add": 403,
    "admin:outbox_gebeurtenis_delete": 403,
    "admin:outbox_mail_add": 403,
    "admin:outbox_mail_delete": 403,
    "admin:socialaccount_socialaccount_add": 403,  # a DigiD/eHerkenning link is made by the person only
    "admin:mfa_authenticator_add": 403,  # a second factor is set up by its owner only
    # In use (the first of each holds kandidaten, users or gemeenten): only one that nothing refers to is deleted.
    "admin:accounts_arbeidsmarktregio_delete": 403,
    "admin:accounts_gemeente_delete": 403,
    "admin:accounts_organisatie_delete": 403,
    "admin:beroepen_beroep_add": 403,  # ESCO's reference data: loaded (referentiedata_laden), not typed
    "admin:beroepen_beroep_delete": 403,
    "admin:beroepen_vaardigheid_add": 403,
    "admin:beroepen_vaardigheid_delete": 403,
}


def alle_url_namen():
    namen = {}

    def walk(patterns, prefix):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + (f"{p.namespace}:" if p.namespace else ""))
            elif isinstance(p, URLPattern) and p.name:
                namen[prefix + p.name] = p

    walk(get_resolver().url_patterns, "")
    return namen


def admin_verwachting(naam):
    result = {rol: 404 for rol in ROLLEN}
    result["anoniem"] = LOGIN
    result["beheerder"] = ADMIN_BEHEERDER_ANDERS.get(naam, 200)
    return result


def admin_kwargs(naam, pattern, wereld):
    if naam == "admin:app_list":
        return {"app_label": "accounts"}
    if naam == "admin:view_on_site":
        return {"content_type_id": ContentType.objects.get_for_model(wereld.beheerder).pk,
                "object_id": wereld.beheerder.pk}
    params = set(pattern.pattern.converters) | set(re.findall(r"<(?:\w+:)?(\w+)>", str(pattern.pattern)))
    if not params:
        return {}
    callback = pattern.callback
    model_admin = getattr(callback, "model_admin", None) or getattr(callback.__wrapped__, "__self__", None)
    model = model_admin.model
    obj = model.objects.order_by("pk").first()
    assert obj is not None, f"geen {model._meta.label} om {naam} mee te testen"
    return {param: obj.pk for param in params}


def admin_objecten(wereld):
    """One row of every model the admin shows, so its object pages can be opened."""
    from django_celery_beat.models import (
        ClockedSchedule,
        CrontabSchedule,
        IntervalSchedule,
        PeriodicTask,
        SolarSchedule,
    )

    from werkgevers.models import Instrument

    wereld.met_bemiddeling()
    wereld.met_plaatsing()
    from django.core.files.base import ContentFile

    from werkzoekenden.services import actie_toevoegen, cv_opslaan

    cv_opslaan(kandidaat=wereld.kandidaat, door=wereld.klantmanager, soort="pdf",
               bestand=ContentFile(b"%PDF-1.4 test", name="cv.pdf"))
    wereld.actie = actie_toevoegen(kandidaat=wereld.kandidaat, door=wereld.klantmanager, levensdomein="werk",
                                   doel="Werk vinden", omschrijving="Cv bijwerken", eigenaar="ik")
    wereld.instrument = Instrument.objects.first()
    _berichten_en_meldingen(wereld)
    _documenten(wereld)
    from matching.models import Matchgewichten

    Matchgewichten.objects.get_or_create(pk=1)
    VacatureFactory(werkgever=wereld.werkgever)
    verwerking_registreer(gebruiker=wereld.beheerder, actie=Verwerking.Actie.INZIEN, obj=wereld.kandidaat, doel="test")
    interval = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.HOURS)
    CrontabSchedule.objects.create()
    SolarSchedule.objects.create(event="sunrise", latitude=52.1, longitude=5.1)
    ClockedSchedule.objects.create(clocked_time=timezone.now())
    PeriodicTask.objects.create(name="test", task="accounts.tasks.ping_task", interval=interval)
    from allauth.socialaccount.models import SocialAccount

    SocialAccount.objects.create(user=wereld.werkzoekende_user, provider="digid", uid="0" * 64)
    # A second factor of someone outside the matrix, so that the roles' own MFA pages keep their answer.
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from accounts.tests.factories import AccountmanagerFactory

    TOTP.activate(AccountmanagerFactory(), generate_totp_secret())
    _agenda_objecten(wereld)


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def _berichten_en_meldingen(wereld):
    """Willem's thread with Karin (with an attachment) and a melding for Willem."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from berichten.services import wisseling_starten
    from meldingen.services import melding_maken

    wereld.wisseling = wisseling_starten(
        door=wereld.werkzoekende_user, soort="werkzoekende", kandidaat=wereld.kandidaat, onderwerp="Mijn cv",
        tekst="Kun je kijken?", bijlage=SimpleUploadedFile("cv.pdf", PDF), bijlage_soort="pdf")
    wereld.bijlage = wereld.wisseling.berichten.get().bijlagen.get()
    wereld.melding = melding_maken(ontvanger=wereld.werkzoekende_user, soort="plan", tekst="Je plan is aangepast.",
                                   url="/mijn/plan/", sleutel="matrix:1")


def _documenten(wereld):
    """Willem's VCA certificate, which he allows to share, chosen by the accountmanager for his voordracht."""
    from datetime import timedelta

    from django.core.files.base import ContentFile

    from bemiddeling.services import voordracht_documenten_kiezen
    from werkzoekenden.services import document_opslaan

    wereld.document = document_opslaan(
        kandidaat=wereld.kandidaat, door=wereld.werkzoekende_user, bestand=ContentFile(PDF, name="vca.pdf"),
        bestandssoort="pdf", soort="certificaat", titel="VCA basis",
        verloopt_op=timezone.localdate() + timedelta(days=300), delen_met_werkgever=True)
    voordracht_documenten_kiezen(voordracht=wereld.voordracht, door=wereld.accountmanager,
                                 documenten=[wereld.document])


@pytest.mark.parametrize("actie", [
    {"actie": "sluiten", "sluiten-reden": "geen_vraag", "sluiten-toelichting": "Spam"},
    {"actie": "contact", "notitie": "Gebeld"},
    {"actie": "oppakken"},
])
def test_only_the_regions_accountmanager_ends_or_takes_a_verzoek(client, wereld, actie):
    """The verzoek page's POSTs go through the same door as its GET (``get_verzoek_for_user``): every other role,
    another region's accountmanager included, gets 404 and the verzoek is untouched; anonymous is sent to log in."""
    from werkgevers.models import Verzoek

    wereld.met_bemiddeling()
    url = reverse("verzoek_detail", args=[wereld.verzoek.pk])
    for rol in [r for r in ROLLEN if r != "accountmanager"]:
        client.logout()
        status = _client_voor(client, wereld, rol).post(url, actie).status_code
        assert status == (LOGIN if rol == "anoniem" else 404), rol
        verzoek = Verzoek.objects.get(pk=wereld.verzoek.pk)
        assert (verzoek.status, verzoek.accountmanager_id) == (Verzoek.Status.NIEUW, None), rol
    assert _client_voor(client, wereld, "accountmanager").post(url, actie).status_code == 302
    assert Verzoek.objects.get(pk=wereld.verzoek.pk).accountmanager_id == wereld.accountmanager.pk


def test_old_klantmanager_loses_the_thread_after_overdracht(client, wereld):
    """The thread belongs to the dossier: at a warme overdracht it moves to the new klantmanager."""
    from accounts.tests.factories import KlantmanagerFactory
    from werkzoekenden.services import warme_overdracht

    _berichten_en_meldingen(wereld)
    oud = wereld.klantmanager
    nieuw = KlantmanagerFactory(organisatie=oud.organisatie, regio=oud.regio)
    urls = [reverse("wisseling", args=[wereld.wisseling.pk]), reverse("bijlage_downloaden", args=[wereld.bijlage.pk]),
            reverse("wisseling_nieuw_werkzoekende", args=[wereld.kandidaat.pk])]
    client.force_login(nieuw)
    assert [client.get(u).status_code for u in urls] == [404, 404, 404]
    warme_overdracht(kandidaat=wereld.kandidaat, door=oud, naar=nieuw, notitie="Willem gaat naar Jan")
    assert [client.get(u).status_code for u in urls] == [200, 200, 200]
    client.force_login(oud)
    assert [client.get(u).status_code for u in urls] == [404, 404, 404]
    assert wereld.wisseling.onderwerp.encode() not in client.get(reverse("berichten")).content


def test_a_waarnemer_works_in_the_dossier_but_does_not_close_or_hand_it_over(client, wereld):
    """Covering a colleague (waarneming, or a grant for one dossier) is reading and editing the dossier. Closing,
    reopening and handing it over belong to the own klantmanager: 404 for a waarnemer, and no link to them."""
    from accounts.models import User
    from accounts.permissions import geef_objectrecht
    from accounts.tests.factories import KlantmanagerFactory

    lotte = wereld.klantmanager
    jeske = KlantmanagerFactory(organisatie=lotte.organisatie, regio=lotte.regio)
    User.objects.filter(pk=lotte.pk).update(waarnemer=jeske)
    met_recht = wereld.vreemde_klantmanager
    geef_objectrecht(met_recht, "werkzoekenden.waarnemen_kandidaat", wereld.kandidaat)
    pk = wereld.kandidaat.pk
    for waarnemer in (jeske, met_recht):
        client.force_login(waarnemer)
        dossier = client.get(reverse("dossier", args=[pk]))
        assert dossier.status_code == 200
        assert reverse("dossier_afsluiten", args=[pk]).encode() not in dossier.content
        assert reverse("overdracht", args=[pk]).encode() not in dossier.content
        assert client.get(reverse("dossier_afsluiten", args=[pk])).status_code == 404
        assert client.get(reverse("overdracht", args=[pk])).status_code == 404
        assert client.post(reverse("dossier_afsluiten", args=[pk]),
                           {"actie": "afsluiten", "reden": "werk", "bevestigd": "on"}).status_code == 404
    wereld.kandidaat.refresh_from_db()
    assert wereld.kandidaat.afgesloten_op is None
    client.force_login(lotte)
    assert client.get(reverse("dossier_afsluiten", args=[pk])).status_code == 200
    assert client.get(reverse("overdracht", args=[pk])).status_code == 200


def test_a_waarnemer_opens_the_preparation_of_a_gesprek_in_the_dossier(client, wereld):
    """Her melding "Willem gaat liever alleen ... Je hoeft niet mee" links to the gesprek's voorbereiding: whoever
    covers the dossier (waarneming, or a grant for that dossier) opens it, and the voordracht it leads back to, as
    the vaste klantmanager does; another klantmanager still gets 404."""
    from accounts.models import User
    from accounts.permissions import geef_objectrecht
    from accounts.tests.factories import KlantmanagerFactory

    wereld.met_bemiddeling()
    lotte = wereld.klantmanager
    jeske = KlantmanagerFactory(organisatie=lotte.organisatie, regio=lotte.regio)
    User.objects.filter(pk=lotte.pk).update(waarnemer=jeske)
    met_recht = KlantmanagerFactory(regio=lotte.regio)
    geef_objectrecht(met_recht, "werkzoekenden.waarnemen_kandidaat", wereld.kandidaat)
    urls = [reverse("gesprek_voorbereiding", args=[wereld.gesprek.pk]),
            reverse("voordracht_detail", args=[wereld.voordracht.pk])]  # its "Terug naar de voordracht"
    for waarnemer in (lotte, jeske, met_recht):
        client.force_login(waarnemer)
        assert [client.get(u).status_code for u in urls] == [200, 200], waarnemer
    client.force_login(wereld.vreemde_klantmanager)
    assert [client.get(u).status_code for u in urls] == [404, 404]


def test_melding_of_someone_else(client, wereld):
    _berichten_en_meldingen(wereld)
    for rol in ("klantmanager", "werkgever", "vreemde_klantmanager"):
        client.force_login(wereld.gebruiker(rol))
        assert client.post(reverse("melding_openen", args=[wereld.melding.pk])).status_code == 404
        assert client.post(reverse("melding_gelezen", args=[wereld.melding.pk])).status_code == 404
    wereld.melding.refresh_from_db()
    assert wereld.melding.gelezen_op is None


def _agenda_objecten(wereld):
    from datetime import timedelta

    from agenda.services import afspraak_plannen, gesprek_bijwerken
    from werkzoekenden.models import ToestemmingVerzoek

    wereld.afspraak = gesprek_bijwerken(gesprek_id=wereld.gesprek.pk)
    start = timezone.now() + timedelta(days=4)
    wereld.bezoek = afspraak_plannen(door=wereld.accountmanager, soort="kennismakingsbezoek", titel="", start=start,
                                     eind=start + timedelta(hours=1), plaats="Arnhem", werkgever=wereld.werkgever,
                                     gebruikers=[wereld.werkgever_user])
    wereld.workshop = afspraak_plannen(door=wereld.klantmanager, soort="groepsbijeenkomst", titel="Workshop cv",
                                       start=start, eind=start + timedelta(hours=2), plaats="Arnhem", capaciteit=5,
                                       regio=wereld.kandidaat.regio)
    wereld.km_gesprek = afspraak_plannen(door=wereld.klantmanager, soort="klantmanagergesprek", titel="",
                                         start=start, eind=start + timedelta(hours=1), plaats="Arnhem",
                                         kandidaten=[wereld.kandidaat])
    wereld.toestemmingsverzoek = ToestemmingVerzoek.objects.create(
        kandidaat=wereld.kandidaat, werkgever=wereld.werkgever, vacature=wereld.vacature,
        gevraagd_door=wereld.accountmanager, delen=["profiel"])
    _ondersteuning_objecten(wereld)


def _ondersteuning_objecten(wereld):
    """The region's gids: a VCA course with a start date, a workshop (an agenda groepsbijeenkomst) and Willem's
    open request for a taalcoach (so asking for the VCA course is still open to him)."""
    from datetime import timedelta

    from ondersteuning.services import aanvraag_indienen, startmoment_toevoegen, traject_aanmaken

    km = wereld.klantmanager
    wereld.traject = traject_aanmaken(door=km, titel="VCA-basiscursus", soort="training", aanbieder="Bouwmensen",
                                      plaats="Arnhem", omschrijving="Veilig werken op de bouwplaats.")
    start = timezone.now() + timedelta(days=10)
    startmoment_toevoegen(traject=wereld.traject, door=km, start=start, capaciteit=12)
    workshop = traject_aanmaken(door=km, titel="Workshop solliciteren", soort="groepsbijeenkomst",
                                aanbieder="Werkplein", plaats="Arnhem", omschrijving="Oefenen met solliciteren.")
    wereld.groep_startmoment = startmoment_toevoegen(traject=workshop, door=km, start=start,
                                                     eind=start + timedelta(hours=2), capaciteit=10)
    taalcoach = traject_aanmaken(door=km, titel="Taalcoach", soort="taal", aanbieder="Rijnstad", plaats="Arnhem",
                                 omschrijving="Samen Nederlands oefenen.")
    wereld.aanvraag = aanvraag_indienen(kandidaat=wereld.kandidaat, door=wereld.werkzoekende_user,
                                        traject=taalcoach, motivatie="Ik wil beter Nederlands spreken.")


@pytest.mark.parametrize("naam,methode,toegestaan", [("afspraak_kan_niet", "get", 200),
                                                     ("afspraak_kan_toch", "post", 302)])
def test_kan_niet_at_a_visit_is_for_the_invited_werkgever(client, volle_wereld, naam, methode, toegestaan):
    """The accountmanager's kennismakingsbezoek: its werkgever answers "ik kan niet"; nobody else, the organiser
    and another werkgever included."""
    wereld = volle_wereld
    url = reverse(naam, args=[wereld.bezoek.pk])
    verwacht = {"werkgever": toegestaan, "accountmanager": 404, "vreemde_werkgever": 404, "werkzoekende": 404,
                "klantmanager": 404}
    for rol, status in verwacht.items():
        client.force_login(wereld.gebruiker(rol))
        assert getattr(client, methode)(url).status_code == status, rol


def test_every_url_name_is_one_page():
    """Two patterns under one name share one row here, so one of them would never be checked (the werkgever's
    "Afspraak vastleggen" and the agenda's "Nieuwe afspraak" were both ``afspraak_nieuw``)."""
    gezien, dubbel = set(), []

    def walk(patterns, prefix):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + (f"{p.namespace}:" if p.namespace else ""))
            elif isinstance(p, URLPattern) and p.name:
                (dubbel.append if prefix + p.name in gezien else gezien.add)(prefix + p.name)

    walk(get_resolver().url_patterns, "")
    assert not [naam for naam in dubbel if not naam.startswith("admin:")], f"Dubbele URL-namen: {dubbel}"


def test_every_url_is_in_the_matrix():
    ontbrekend = [n for n in alle_url_namen() if n not in MATRIX and not n.startswith("admin:")]
    assert not ontbrekend, f"Deze URL-namen staan niet in de permissiematrix: {ontbrekend}"
    verouderd = [n for n in MATRIX if n not in alle_url_namen()]
    assert not verouderd, f"Deze matrixregels horen bij geen URL meer: {verouderd}"


def _client_voor(client, wereld, rol):
    if rol != "anoniem":
        client.force_login(wereld.gebruiker(rol))
    return client


@pytest.mark.parametrize("rol", ROLLEN)
def test_matrix(client, volle_wereld, rol):
    client = _client_voor(client, volle_wereld, rol)
    fouten = []
    for naam, pattern in sorted(alle_url_namen().items()):
        if naam.startswith("admin:"):
            kwargs, verwacht = admin_kwargs(naam, pattern, volle_wereld), admin_verwachting(naam)
        else:
            kwargs, verwacht = MATRIX[naam]
            kwargs = kwargs(volle_wereld) if callable(kwargs) else kwargs
        url = reverse(naam, kwargs=kwargs)
        status = client.get(url).status_code
        if status != verwacht[rol]:
            fouten.append(f"{naam} ({url}): {status}, verwacht {verwacht[rol]}")
    assert not fouten, f"rol {rol}:\n" + "\n".join(fouten)


MONITOR_URLS = [reverse_lazy("monitor"), reverse_lazy("monitor_export", kwargs={"tabel": "funnel", "formaat": "csv"})]


def test_monitor_coordinator(client, wereld):
    """A WSP-coördinator reads the monitor of their own region (and its organisations); another region, or an
    organisation of another region, is 404; so is the table of all regions side by side."""
    from accounts.tests.factories import AccountmanagerFactory, KlantmanagerFactory, OrganisatieFactory, regio

    eigen, vreemd = OrganisatieFactory(regio=regio("AM07")), OrganisatieFactory(regio=regio("AM29"))
    for coordinator in (AccountmanagerFactory(regio=regio("AM07"), is_coordinator=True),
                        KlantmanagerFactory(regio=regio("AM07"), is_coordinator=True)):
        client.force_login(coordinator)
        for url in MONITOR_URLS:
            assert client.get(url).status_code == 200
            assert client.get(url, {"regio": "AM07"}).status_code == 200
            assert client.get(url, {"organisatie": eigen.pk}).status_code == 200
            assert client.get(url, {"regio": "AM29"}).status_code == 404
            assert client.get(url, {"organisatie": vreemd.pk}).status_code == 404
        assert client.get(reverse("monitor_export", args=["regios", "xlsx"])).status_code == 404
    # The programme and the beheerder may choose any region and its organisations.
    for gebruiker in (wereld.programma, wereld.beheerder):
        client.force_login(gebruiker)
        for url in MONITOR_URLS:
            assert client.get(url, {"regio": "AM29", "organisatie": vreemd.pk}).status_code == 200
            # An organisation needs its region: the export is 404; the page (the organisation left selected when
            # another region is chosen in its form) shows the region or country chosen, without the organisation.
            antwoord = client.get(url, {"organisatie": vreemd.pk})
            if str(url) == reverse("monitor"):
                assert antwoord.status_code == 302 and antwoord.url == reverse("monitor")
            else:
                assert antwoord.status_code == 404
        assert client.get(reverse("monitor_export", args=["regios", "xlsx"])).status_code == 200


def test_stranger_gets_404_not_403(client, wereld):
    """A werkzoekende probing staff pages learns nothing: same answer as for a page that does not exist."""
    client.force_login(wereld.werkzoekende_user)
    assert client.get(reverse("klantmanager_home")).status_code == 404
    assert client.get("/bestaat-niet/").status_code == 404
