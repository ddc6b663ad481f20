"""Every page or download that shows someone else's personal data writes exactly one line to the
verwerkingenlog, naming whose data it was. Derived from the permission matrix: every URL name there is either
in LOGT (with the role that opens it and whose data it shows) or in GEEN_GEGEVENS_VAN_ANDEREN with the reason;
a new view that is in neither fails ``test_elke_url_is_ingedeeld``.
"""

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from accounts.admin import VerwerkingLoggenMixin
from accounts.models import Verwerking, VerwerkingBetrokkene
from tests.test_permission_matrix import MATRIX, ter_ondertekening_van


def _uitnodiging_open(w):
    """beheerder_home lists recent invitations: make the werkzoekende one of them."""
    from django.utils import timezone

    from accounts.models import User

    User.objects.filter(pk=w.werkzoekende_user.pk).update(uitgenodigd_op=timezone.now())
    return [w.werkzoekende_user]


def _kandidaat_met_toestemming(w):
    """Someone the accountmanager may propose for the vacature: consented to sharing with this werkgever."""
    from werkzoekenden.models import Toestemming
    from werkzoekenden.services import toestemming_verlenen
    from werkzoekenden.tests.factories import KandidaatFactory

    k = KandidaatFactory(voornaam="Sem", achternaam="Zand", klantmanager=w.klantmanager, regio=w.werkgever.regio)
    toestemming_verlenen(kandidaat=k, doel=Toestemming.Doel.DELEN_MET_WERKGEVER, werkgever=w.werkgever,
                         door=w.klantmanager)
    return [k]


def _evaluatie_deze_week(w):
    """"Mijn week" of the klantmanager names Willem: his plan is evaluated today (whatever the weekday)."""
    from django.utils import timezone

    from werkzoekenden.models import PlanVanAanpak

    PlanVanAanpak.objects.filter(kandidaat=w.kandidaat).update(evaluatiedatum=timezone.localdate())
    return [w.kandidaat]


def _collega_van_de_werkgever(w):
    """Martijn's colleague Ria, who has an account too: "Collega's met toegang" shows her name and address."""
    from werkgevers.tests.factories import WerkgeverUserFactory

    return [WerkgeverUserFactory(werkgever=w.werkgever, voornaam="Ria", achternaam="Vandam")]


def _gedeeld_met_karin(w):
    """A colleague of Karin's organisation gave her access to one of his dossiers: her "Dossiers van collega's"."""
    from datetime import timedelta

    from django.utils import timezone

    from accounts.tests.factories import KlantmanagerFactory
    from werkzoekenden.services import dossiertoegang_geven
    from werkzoekenden.tests.factories import KandidaatFactory

    collega = KlantmanagerFactory(organisatie=w.klantmanager.organisatie, regio=w.klantmanager.regio)
    k = KandidaatFactory(voornaam="Noor", achternaam="Bakker", klantmanager=collega)
    dossiertoegang_geven(kandidaat=k, door=collega, klantmanager=w.klantmanager, reden="Neemt waar",
                         tot=timezone.localdate() + timedelta(days=7))
    return [k]


# URL name -> (role that opens it, whose data it shows: wereld -> people). For a list page these are the
# people the page at least shows; a page about one person names exactly that person.
LOGT = {
    "taken": ("accountmanager", lambda w: [w.werkgever]),
    "verzoek_detail": ("accountmanager", lambda w: [w.verzoek]),
    # The werkgever's contact, and who of the werkgever can log in.
    "werkgever_detail": ("accountmanager", lambda w: [w.werkgever, w.werkgever_user]),
    "werkgever_collegas": ("werkgever", _collega_van_de_werkgever),
    "werkgever_profiel": ("accountmanager", lambda w: [w.werkgever]),
    "werkgever_tijdlijn": ("accountmanager", lambda w: [w.werkgever]),
    "vacature_detail": ("werkgever", lambda w: [w.kandidaat, w.kandidaat2]),
    "vacature_vervuld": ("werkgever", lambda w: [w.kandidaat]),
    "vacature_sluiten": ("accountmanager", lambda w: [w.kandidaat]),
    "voordracht_nieuw": ("accountmanager", _kandidaat_met_toestemming),
    "vacature_matches": ("accountmanager", _kandidaat_met_toestemming),
    "voordracht_detail": ("werkgever", lambda w: [w.kandidaat]),
    "gesprek_agenda": ("klantmanager", lambda w: [w.kandidaat]),
    "gesprek_voorbereiding": ("klantmanager", lambda w: [w.kandidaat]),
    "voordracht_cv": ("werkgever", lambda w: [w.kandidaat]),
    "voordracht_document": ("werkgever", lambda w: [w.kandidaat]),
    "voordracht_documenten": ("accountmanager", lambda w: [w.kandidaat]),
    "documenten": ("klantmanager", lambda w: [w.kandidaat]),
    "document_downloaden": ("klantmanager", lambda w: [w.kandidaat]),
    "dossier": ("klantmanager", lambda w: [w.kandidaat]),
    "dossier_bewerken": ("klantmanager", lambda w: [w.kandidaat]),
    "overdracht": ("klantmanager", lambda w: [w.kandidaat]),
    "dossier_toegang": ("klantmanager", lambda w: [w.kandidaat]),
    "gedeelde_dossiers": ("klantmanager", _gedeeld_met_karin),
    "plan_van_aanpak": ("klantmanager", lambda w: [w.kandidaat]),
    "actie_bewerken": ("klantmanager", lambda w: [w.kandidaat]),
    "wensen": ("klantmanager", lambda w: [w.kandidaat]),
    "cv_profiel": ("klantmanager", lambda w: [w.kandidaat]),
    "sollicitatieplicht": ("klantmanager", lambda w: [w.kandidaat]),
    "sollicitatieplicht_wijzigen": ("klantmanager", lambda w: [w.kandidaat]),
    "sollicitaties_pdf": ("klantmanager", lambda w: [w.kandidaat]),
    "sollicitatie_bewijs": ("klantmanager", lambda w: [w.kandidaat]),
    "cv": ("klantmanager", lambda w: [w.kandidaat]),
    "cv_downloaden": ("klantmanager", lambda w: [w.kandidaat]),
    "toestemmingen": ("klantmanager", lambda w: [w.kandidaat]),
    # The question before withdrawing names the voordrachten and gesprekken that rest on the consent.
    "toestemming_intrekken": ("klantmanager", lambda w: [w.kandidaat]),
    # The question before deleting names the document.
    "document_verwijderen": ("klantmanager", lambda w: [w.kandidaat]),
    "plaatsing_nieuw": ("accountmanager", lambda w: [w.kandidaat2]),
    "nazorg_overzicht": ("klantmanager", lambda w: [w.kandidaat2]),
    "plaatsing_detail": ("werkgever", lambda w: [w.kandidaat2]),
    "plaatsing_corrigeren": ("accountmanager", lambda w: [w.kandidaat2]),  # the form names her and her plaatsing
    "voordracht_intrekken": ("accountmanager", lambda w: [w.kandidaat]),  # the form names him and the vacature
    "overeenkomst_ondertekenen": ("werkgever", lambda w: [ter_ondertekening_van(w).kandidaat]),
    "overeenkomst_download": ("klantmanager", lambda w: [w.kandidaat2]),
    "nazorg_uitkomst": ("klantmanager", lambda w: [w.kandidaat2]),
    "uitnodigen": ("klantmanager", lambda w: [w.kandidaat2]),  # the choice list of the caseload without account
    "accountmanager_home": ("accountmanager", lambda w: [w.werkgever]),  # open tasks name the werkgever's contact
    "werkgever_home": ("werkgever", lambda w: [w.kandidaat2]),  # "uw mensen via ons"
    "klantmanager_home": ("klantmanager", lambda w: [w.kandidaat, w.kandidaat2]),
    "beheerder_home": ("beheerder", _uitnodiging_open),
    # berichten: Willem's thread with his klantmanager (admin_objecten makes it, with an attachment)
    "berichten": ("klantmanager", lambda w: [w.kandidaat]),
    "wisseling": ("klantmanager", lambda w: [w.kandidaat]),
    "bijlage_downloaden": ("klantmanager", lambda w: [w.kandidaat]),
    "rechtenverzoek": ("klantmanager", lambda w: [w.kandidaat]),
    "afspraak_detail": ("klantmanager", lambda w: [w.kandidaat]),
    "agenda": ("klantmanager", _evaluatie_deze_week),  # the sollicitatiegesprek names the kandidaat
    "ondersteuning_aanvragen": ("klantmanager", lambda w: [w.kandidaat]),
    "aanvraag_beoordelen": ("klantmanager", lambda w: [w.kandidaat]),
}
LIJSTEN = {"agenda", "berichten", "taken", "vacature_detail", "voordracht_nieuw", "vacature_matches", "nazorg_overzicht", "uitnodigen",
           "accountmanager_home", "werkgever_home", "klantmanager_home", "beheerder_home", "ondersteuning_aanvragen",
           "werkgever_collegas", "gedeelde_dossiers"}

FORMULIER = "a form or action that shows no one's personal data; what it changes is logged by its service"
EIGEN = "the werkzoekende's own data (own data is not logged)"
PUBLIEK = "public or reference information, no personal data"
ACCOUNT = "one's own account"
GEEN_GEGEVENS_VAN_ANDEREN = {
    "home": "redirects to the role's home page",
    "waarneming": "names of colleagues of one's own organisation as work contacts, no client data",
    "taak_afronden": FORMULIER, "verzoek_indienen": PUBLIEK, "verzoek_bedankt": PUBLIEK, "regios": PUBLIEK,
    "regio": PUBLIEK,
    "verzoeken": "company names and deadlines of the queue; the contactpersoon is only on verzoek_detail",
    "verzoek_telefoon": FORMULIER,
    "mijn_bedrijf": "the werkgever's own company and its contactpersoon (own data is not logged)",
    "werkgever_collega_intrekken": FORMULIER, "werkgever_uitnodiging_intrekken": FORMULIER,
    "werkgevers_regio": "company names and places, no contact persons",
    "bezoek_nieuw": FORMULIER, "werkgever_afspraak_nieuw": FORMULIER, "werkgever_contact_nieuw": FORMULIER,
    "afspraak_nieuw": FORMULIER + "; that a werkzoekende is busy then is logged when shown",
    "accountmanager_wijzigen": "a choice of colleagues (accountmanagers) of the region, no client data",
    "caseload_overdragen": "klantmanagers (staff, as work contacts) with the number of their open dossiers, and "
                           "past handovers in counts; no werkzoekende is named (a beheerder reads no dossier)",
    "caseload_overdragen_plan": "one klantmanager's number of open dossiers and a choice of her colleagues, no client "
                                "data; each dossier moved is logged by the service (delen, aanmaken)",
    "caseloadoverdracht": "a handover's progress in counts per colleague, no werkzoekende named",
    "vacature_nieuw": FORMULIER, "vacature_bewerken": "the vacature: company data, no person",
    "vacature_vaardigheden": "the vacature's skills, no person", "vacature_status": FORMULIER,
    "vacature_bevestigen": FORMULIER,
    "voordracht_reageren": FORMULIER, "voordracht_uitkomst": FORMULIER,
    "gesprek_plannen": FORMULIER + "; why the kandidaat cannot come, or that he is busy then, is logged when shown "
                       "(agenda/tests/test_views_planning.py)",
    "dossier_nieuw": "an empty form for a new dossier", "actie_nieuw": FORMULIER,
    "evaluatie_instellen": FORMULIER, "actie_klaar": FORMULIER,
    "begeleider_kiezen": FORMULIER,
    "mijn_voordrachten": EIGEN, "mijn_plan": EIGEN, "mijn_documenten": EIGEN,
    "document_delen": FORMULIER, "werkzoekende_home": EIGEN,
    "mijn_voorbereiding": EIGEN + "; it names only the staff who wrote it, as work contacts",
    "voorbereidingspunt_afvinken": FORMULIER,
    "mijn_kansen": EIGEN + " and the public part of open vacatures (work, sector, place), no werkgever or person",
    "mijn_inzage": EIGEN + "; reading one's own log writes no new line",
    "plaatsing_akkoord": FORMULIER, "overeenkomst_klaarzetten": FORMULIER, "plaatsing_verlengen": FORMULIER,
    "proefplaatsing_afronden": FORMULIER, "nazorg_afspraak": FORMULIER, "plaatsing_afsluiten": FORMULIER,
    "regeling_aanvragen": FORMULIER + ": the regeling, the werkgever and the functie, no one named",
    "regeling_besluit": FORMULIER + ": the regeling, the werkgever and the functie, no one named",
    "checkin": "the person with the link answers about themselves; an unknown token shows nothing",
    "beleving_overzicht": EIGEN + ": one's own open questions, no names", "beleving_vraag": EIGEN,
    "beleving_link": "one question without names or dossier details, for whoever has the link; a wrong, used "
                     "or expired token is 404",
    "beroep_zoeken": PUBLIEK, "instrumenten": PUBLIEK, "instrument_detail": PUBLIEK,
    "uitnodiging_accepteren": "the invited person's own account",
    "health": PUBLIEK, "set_language": PUBLIEK,
    "wisseling_nieuw_werkzoekende": FORMULIER, "wisseling_nieuw_werkgever": FORMULIER,
    "wisseling_nieuw_overleg": FORMULIER,
    "meldingen": "one's own notifications", "melding_voorkeur": ACCOUNT, "meldingen_alles_gelezen": FORMULIER,
    "melding_openen": FORMULIER, "melding_gelezen": FORMULIER,
    "socialaccount_connections": ACCOUNT, "socialaccount_signup": "nobody signs up through a broker",
    "socialaccount_login_cancelled": PUBLIEK, "socialaccount_login_error": PUBLIEK,
    "openid_connect_login": "redirects to the broker", "openid_connect_callback": "the person's own login",
}
GEEN_GEGEVENS_VAN_ANDEREN.update({naam: ACCOUNT for naam in MATRIX if naam.startswith(("account_", "mfa_"))})
GEEN_GEGEVENS_VAN_ANDEREN.update({
    "sessie_status": "seconds left of one's own session",
    "csp_rapport": "a browser's report of a blocked resource: a URL of the portal, no one's data",
    "mijn_gegevens": EIGEN, "mijn_gegevens_json": EIGEN + "; logged as 'delen' (the record of the art. 15 request)",
    "mijn_gegevens_pdf": EIGEN + "; logged as 'delen'", "toestemming_verzoek_beantwoorden": FORMULIER,
    "werkgever_mijn_gegevens": "the werkgever's contactpersoon's own account data (own data is not logged)",
    "werkgever_mijn_gegevens_json": "the werkgever's contactpersoon's own data; logged as 'delen' (the record of the "
                                    "art. 15 request)",
    "werkgever_mijn_gegevens_pdf": "the werkgever's contactpersoon's own data; logged as 'delen'",
    "dossier_afsluiten": FORMULIER,
    "dossier_toegang_beeindigen": FORMULIER,
    "afspraak_verplaatsen": FORMULIER + "; why a werkzoekende cannot come, or that she is busy then, is logged when "
                            "shown (agenda/tests/test_views_planning.py)",
    "afspraak_annuleren": "who is told: colleagues and the werkgever's contacts as work contacts; the werkzoekenden "
                          "named are logged (agenda/tests/test_views_planning.py)",
    "afspraak_aanmelden": FORMULIER, "afspraak_afmelden": FORMULIER, "agenda_feed_beheren": ACCOUNT,
    "afspraak_kan_niet": EIGEN + " (her own answer; the afspraak and the organiser's name)",
    "afspraak_kan_toch": FORMULIER,
    "agenda_feed": "one's own afspraken without kandidaat names (docs/security.md); a wrong token is 404",
    "toestemming_vragen": "the kandidaat by pseudonym only: there is no consent yet",
    "mijn_sollicitatieplicht": "redirects the werkzoekende to her own page",
    "sollicitatie_nieuw": EIGEN, "sollicitatie_bewerken": EIGEN, "sollicitatie_verwijderen": FORMULIER,
    "ondersteuningsgids": "trajecten of the region (public offer); a werkzoekende also sees their own requests",
    "traject_detail": "a traject with its start dates and the number of places taken, no names",
    "traject_nieuw": FORMULIER, "traject_bewerken": "the traject: an offer, no person", "traject_archiveren": FORMULIER,
    "startmoment_nieuw": FORMULIER, "traject_meedoen": EIGEN, "groep_aanmelden": FORMULIER,
    "groep_afmelden": FORMULIER, "aanvraag_intrekken": FORMULIER,
    # klantreis monitor (issue #15): aggregates, never a person.
    "monitor": "aggregates only (Kengetal rollups; a cell behind fewer than 5 people shows 'minder dan 5'); the "
               "coordinator's comments carry no field about the person and beleving removes names from the text",
    "monitor_export": "the page's aggregate tables as CSV/Excel, suppressed the same way: not about people, so "
                      "no export line in the log (monitor/tests/test_views.py checks that none is written)",
})

# Admin pages: a model whose admin shows people's data uses VerwerkingLoggenMixin; the others say why not.
ADMIN_ZONDER_PERSOONSGEGEVENS = {
    "accounts.Arbeidsmarktregio": PUBLIEK, "accounts.Gemeente": PUBLIEK, "accounts.Organisatie": PUBLIEK,
    "accounts.Verwerking": "the log itself: reading it is the beheerder's check on it; no line about lines",
    "werkgevers.Vacature": "vacatures are company data", "werkgevers.Instrument": PUBLIEK,
    "beroepen.Beroep": PUBLIEK, "beroepen.Vaardigheid": PUBLIEK,
    "ondersteuning.Traject": "the ondersteuningsgids: offers of a region, no person (aanvragen have no admin)",
    "matching.Matchgewichten": "weights of the matching engine",
    "outbox.Gebeurtenis": "journey events hold ids and kinds, shown without names",
    "django_celery_beat.ClockedSchedule": "scheduler settings", "django_celery_beat.CrontabSchedule": "scheduler",
    "django_celery_beat.IntervalSchedule": "scheduler", "django_celery_beat.PeriodicTask": "scheduler",
    "django_celery_beat.SolarSchedule": "scheduler",
}


def test_elke_url_is_ingedeeld():
    """A new view must be classified: logs, or shows no one else's personal data (and why)."""
    onbekend = [n for n in MATRIX if n not in LOGT and n not in GEEN_GEGEVENS_VAN_ANDEREN]
    assert not onbekend, f"Niet ingedeeld (logt het? zo niet, waarom niet?): {onbekend}"
    dubbel = set(LOGT) & set(GEEN_GEGEVENS_VAN_ANDEREN)
    assert not dubbel
    verouderd = [n for n in [*LOGT, *GEEN_GEGEVENS_VAN_ANDEREN] if n not in MATRIX]
    assert not verouderd
    for naam, (rol, _wie) in LOGT.items():
        assert MATRIX[naam][1][rol] == 200, f"{naam}: {rol} mag deze pagina niet zien volgens de matrix"


def test_elk_beheerscherm_is_ingedeeld():
    zonder_reden = []
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label
        if isinstance(model_admin, VerwerkingLoggenMixin):
            continue
        if not ADMIN_ZONDER_PERSOONSGEGEVENS.get(label):
            zonder_reden.append(label)
    assert not zonder_reden, f"Beheerschermen zonder verwerkingenlog en zonder reden: {zonder_reden}"


def _sleutels(personen):
    return {(ContentType.objects.get_for_model(p).pk, str(p.pk)) for p in personen}


@pytest.mark.parametrize("naam", sorted(LOGT))
def test_pagina_schrijft_precies_een_regel(client, volle_wereld, naam):
    rol, wie = LOGT[naam]
    verwacht = _sleutels(wie(volle_wereld))
    kwargs = MATRIX[naam][0]
    url = reverse(naam, kwargs=kwargs(volle_wereld) if callable(kwargs) else kwargs)
    gebruiker = volle_wereld.gebruiker(rol)
    client.force_login(gebruiker)
    voor = set(Verwerking.objects.values_list("pk", flat=True))
    response = client.get(url)
    assert response.status_code == 200
    nieuw = Verwerking.objects.exclude(pk__in=voor)
    assert nieuw.count() == 1, f"{naam}: {nieuw.count()} regels"
    regel = nieuw.get()
    assert regel.gebruiker == gebruiker and regel.actie == Verwerking.Actie.INZIEN
    assert regel.rol == gebruiker.rol
    assert regel.organisatie == (gebruiker.organisatie.naam if gebruiker.organisatie_id else "")
    assert regel.wat and regel.doel
    betrokken = set(VerwerkingBetrokkene.objects.filter(verwerking=regel).values_list("content_type_id", "object_id"))
    if naam in LIJSTEN:
        assert verwacht <= betrokken, f"{naam}: {verwacht - betrokken} ontbreekt"
    else:
        assert betrokken == verwacht


def test_eigen_dossier_wordt_niet_gelogd_wel_als_de_klantmanager_kijkt(client, wereld):
    url = reverse("dossier", args=[wereld.kandidaat.pk])
    client.force_login(wereld.werkzoekende_user)
    assert client.get(url).status_code == 200
    assert not Verwerking.objects.exists()
    client.force_login(wereld.klantmanager)
    assert client.get(url).status_code == 200
    assert Verwerking.objects.get().betrokkenen.get().object_id == str(wereld.kandidaat.pk)


BEHEER_PAGINAS = ["changelist", "change", "history", "delete"]


@pytest.mark.parametrize("model_admin", [m for m in admin.site._registry.values()
                                         if isinstance(m, VerwerkingLoggenMixin)],
                         ids=lambda m: m.model._meta.label)
def test_beheerschermen_over_mensen_schrijven_een_regel(client, volle_wereld, model_admin):
    """The user list, a user's page etc. in the Django admin: one line per page, naming who was shown."""
    meta = model_admin.model._meta
    objecten = model_admin.model.objects.order_by("pk")
    if model_admin.model is type(volle_wereld.beheerder):  # the beheerder's own data is not logged
        objecten = objecten.exclude(pk=volle_wereld.beheerder.pk)
    elif any(f.name == "user" for f in meta.fields):
        objecten = objecten.exclude(user=volle_wereld.beheerder)
    obj = objecten.first()
    assert obj is not None
    client.force_login(volle_wereld.beheerder)
    # (A user's password page is gone: a beheerder does not set passwords; tests/test_permission_matrix.py.)
    for pagina in BEHEER_PAGINAS:
        args = [] if pagina == "changelist" else [obj.pk]
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_{pagina}", args=args)
        voor = set(Verwerking.objects.values_list("pk", flat=True))
        response = client.get(url)
        if response.status_code == 403:  # e.g. deleting is not allowed for this model: nothing shown
            assert not Verwerking.objects.exclude(pk__in=voor).exists()
            continue
        assert response.status_code == 200, url
        regel = Verwerking.objects.exclude(pk__in=voor).get()
        betrokken = set(regel.betrokkenen.values_list("content_type_id", "object_id"))
        assert _sleutels(model_admin.verwerking_betrokkenen(obj)) <= betrokken, url
