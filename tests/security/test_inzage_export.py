"""Inzage en export (AVG art. 15 and 20): the werkzoekende downloads ALL data about them, as JSON and PDF."""

import datetime as dt
import io
import json

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from accounts.models import Verwerking
from accounts.services import verwerking_registreer
from accounts.tests.factories import WerkzoekendeUserFactory
from agenda.models import Deelnemer
from agenda.services import kan_niet_melden
from klantreis.lib import datums
from plaatsingen.services import plaatsing_corrigeren, plaatsing_verlengen
from plaatsingen.tests.factories import PlaatsingFactory
from privacy.export import DEKKING, NIET_GEEXPORTEERD, SLEUTELS, gegevens_van, kandidaat_voor_export
from privacy.pdf import KOPPEN, LABELS
from tests.security.rechten_helpers import vol_dossier
from werkzoekenden.models import Kandidaat
from werkzoekenden.services import rechtenverzoek_indienen

pytestmark = pytest.mark.django_db


def modellen_over_kandidaat():
    """Every model that points at a Kandidaat, directly or through another such model (Voordracht -> Gesprek)."""
    gevonden = {Kandidaat}
    veranderd = True
    while veranderd:
        veranderd = False
        for model in apps.get_models():
            if model in gevonden:
                continue
            for veld in model._meta.get_fields():
                if veld.is_relation and not veld.auto_created and veld.concrete and veld.related_model in gevonden:
                    gevonden.add(model)
                    veranderd = True
                    break
    return {m._meta.label for m in gevonden}


def test_every_model_about_a_kandidaat_is_in_the_export_or_excluded_with_a_reason():
    """A new model with a FK to Kandidaat (or to a voordracht, plaatsing, ...) fails here until the export
    covers it (``privacy.export.DEKKING``) or says why not (``NIET_GEEXPORTEERD``)."""
    ontbrekend = modellen_over_kandidaat() - set(DEKKING) - set(NIET_GEEXPORTEERD)
    assert not ontbrekend, f"Niet in de export van 'Mijn gegevens': {sorted(ontbrekend)}"
    assert set(DEKKING.values()) <= set(SLEUTELS)
    assert not set(DEKKING) & set(NIET_GEEXPORTEERD)


def test_a_verlenging_is_exported_as_a_changed_end_date_not_as_what_was_wrong():
    """A verlenging of a signed proefplaatsing is kept as a correction row; the export filed its text under
    "wat_er_fout_was", as if the werkzoekende's plaatsing had been recorded wrong."""
    plaatsing = PlaatsingFactory(lopend=True, startdatum=dt.date(2026, 3, 2), einddatum=dt.date(2026, 5, 1))
    plaatsing_verlengen(plaatsing=plaatsing, door=plaatsing.aangemaakt_door, einddatum=dt.date(2026, 4, 15))
    plaatsing_corrigeren(plaatsing=plaatsing, door=plaatsing.aangemaakt_door, reden="Uren overgetypt.",
                         uren_per_week=24)

    [export] = gegevens_van(kandidaat_voor_export(plaatsing.kandidaat_id))["plaatsingen"]

    assert [c["wat_er_fout_was"] for c in export["correcties"]] == ["Uren overgetypt."]
    assert export["einddatum_gewijzigd"] == [{
        "tijdstip": export["einddatum_gewijzigd"][0]["tijdstip"],
        "wat_veranderde": ["Einddatum: woensdag 15 april 2026 (was vrijdag 1 mei 2026)"],
        "toelichting": "Eindigt eerder, op 15 april 2026 (geen fout): de werkgever ondertekent de overeenkomst "
                       "opnieuw."}]


def test_the_coverage_check_sees_a_new_model(monkeypatch):
    """The check above can fail: a model pointing at Kandidaat that is not listed is found."""
    class Extra(models.Model):
        kandidaat = models.ForeignKey(Kandidaat, on_delete=models.CASCADE, related_name="+")

        class Meta:
            app_label = "privacy"

    try:
        assert "privacy.Extra" in modellen_over_kandidaat() - set(DEKKING) - set(NIET_GEEXPORTEERD)
    finally:
        apps.all_models["privacy"].pop("extra", None)
        apps.clear_cache()


def test_every_covered_part_is_filled_from_a_full_dossier(wereld):
    kandidaat = vol_dossier(wereld, n=2)
    verwerking_registreer(gebruiker=wereld.klantmanager, actie=Verwerking.Actie.INZIEN, obj=kandidaat,
                          doel="dossier bekijken")
    gegevens = gegevens_van(kandidaat_voor_export(kandidaat.pk))
    for sleutel in set(DEKKING.values()) | {"mails_aan_jou", "wie_bekeek_je_gegevens"}:
        assert gegevens[sleutel], f"{sleutel} is leeg"
    assert gegevens["profiel"]["voornaam"] == "Fatima"
    assert gegevens["profiel"]["werkervaring"] == ["Hovenier", "Magazijnmedewerker"]
    assert {v["werkgever"] for v in gegevens["voordrachten"]} == {"Groen B.V. 0", "Groen B.V. 1"}
    assert any(t["ingetrokken_op"] for t in gegevens["toestemmingen"])
    assert any(t["overdrachtsnotitie"] == "Gemotiveerd, zoekt buitenwerk." for t in gegevens["klantmanagers"])
    assert [t["waarom"] for t in gegevens["toegang_tot_je_dossier"]] == ["Neemt waar tijdens verlof 0",
                                                                       "Neemt waar tijdens verlof 1"]
    assert gegevens["plaatsingen"][0]["nazorg"][0]["check_ins"][0]["opmerking"] == "Gaat goed"
    [correctie] = gegevens["plaatsingen"][0]["correcties"]
    assert (correctie["wat_veranderde"], correctie["wat_er_fout_was"]) == (["Uren per week: 24 (was 32)"],
                                                                          "Uren overgetypt.")
    assert len(gegevens["plan_van_aanpak"]["acties"]) == 2
    assert gegevens["gesprekken"][0]["jouw_voorbereiding"]["lijstje"][0] == {"punt": "Lees over het bedrijf",
                                                                           "afgevinkt_op": None}
    assert any(wereld.klantmanager.email in v["wie"] for v in gegevens["wie_bekeek_je_gegevens"])
    # Dates are ISO 8601.
    assert gegevens["voordrachten"][0]["voorgedragen_op"][4] == "-"
    assert gegevens["verzoeken_over_gegevens"][0]["uiterlijk"][4] == "-"
    verzoek = gegevens["vragen_om_toestemming"][0]
    assert verzoek["werkgever"] == "Tuin B.V. 0" and verzoek["status"] == "Gevraagd"
    assert verzoek["wat_we_wilden_delen"][1] == "je cv"
    [wisseling, _tweede] = gegevens["berichten"]
    assert wisseling["onderwerp"] == "Vraag 0" and wisseling["door_jou_gelezen_op"]
    assert wisseling["berichten"][0]["van"] == "Karin Klant" and wisseling["berichten"][0]["rol"] == "Klantmanager"
    assert wisseling["berichten"][0]["bijlagen"] == ["rooster-0.pdf"]
    assert [a["wat"] for a in gegevens["afspraken"]] == ["Gesprek 0", "Gesprek 1"]
    assert gegevens["afspraken"][0]["plaats"] == "Stadhuis" and gegevens["afspraken"][0]["status"] == "Gepland"
    assert {m["wat"] for m in gegevens["meldingen"]} >= {"Nieuw bericht 0", "Nieuw bericht 1"}
    plicht = gegevens["sollicitatieplicht"]
    assert plicht["per_4_weken"] == 2 and plicht["reden_maatwerk"] == "Mantelzorg"
    assert [(w["aantal_was"], w["aantal"], w["door"]) for w in plicht["wijzigingen"]] == [
        (None, 4, "Karin Klant"), (4, 2, "Karin Klant")]
    assert [a["werkgever"] for a in plicht["sollicitaties"]] == ["Hoveniersbedrijf 0", "Hoveniersbedrijf 1"]
    assert plicht["sollicitaties"][0]["bewijs"] == "bevestiging-0.pdf" and plicht["sollicitaties"][0]["hoe"] == "Per mail"
    regeling = gegevens["plaatsingen"][0]["aanvragen_van_regelingen"][0]
    # What the plaatsing page shows her; the kenmerk of the werkgever's application is not about her.
    assert (regeling["regeling"], regeling["status"], regeling["aangevraagd_bij"]) == (
        "Loonkostensubsidie", "Aangevraagd", "Gemeente Arnhem")
    assert regeling["stappen"][0]["naar"] == "Aangevraagd" and "kenmerk" not in regeling
    assert "LKS-0" not in str(gegevens)
    aanvraag = gegevens["ondersteuning"][0]
    assert (aanvraag["traject"], aanvraag["status"], aanvraag["reden"]) == ("VCA-cursus 0", "Niet goedgekeurd",
                                                                          "Eerst de taalcursus.")
    assert aanvraag["jouw_motivatie"] == "Ik wil de bouw in 0." and aanvraag["start"][4] == "-"
    assert "Beoordeel aanvraag 0" in {t["wat"] for t in gegevens["taken_van_medewerkers"]}
    for sleutel in gegevens:
        assert sleutel in SLEUTELS, f"{sleutel} staat niet in SLEUTELS"

    assert set(KOPPEN) == set(gegevens) - {"over_dit_bestand"}  # the PDF has a heading for every part


def test_the_export_takes_the_same_number_of_queries_for_a_small_and_a_large_dossier(wereld):
    klein = vol_dossier(wereld, n=1)
    groot = vol_dossier(wereld, n=4)

    def tel(kandidaat):
        with CaptureQueriesContext(connection) as q:
            gegevens_van(kandidaat_voor_export(kandidaat.pk))
        return len(q)

    # kandidaat with account, gemeente, regio, klantmanager, plan (1); gewenste beroepen, vaardigheden,
    # toestemmingen, acties, wijzigingen, toewijzingen, voordrachten, their transities and gesprekken, plaatsingen,
    # their transities and correcties, the aanvragen of their regelingen (+instrument) and their history (2),
    # nazorgafspraken, nazorgmomenten, check-ins, verzoeken (16); taken, mails,
    # verwerkingen (3; the content type is cached); toestemmingsverzoeken (+werkgever, vacature, gevraagd door),
    # berichtenwisselingen, their berichten (+afzender), their bijlagen, deelnames (+afspraak) (5 prefetches); the
    # account's read markers and its meldingen (2); belevingsvragen (1); documenten (+geupload door) and the
    # voordrachten they went along with (2); the checklists of the gesprekken' preparations (1; the preparation
    # itself comes with the gesprek); sollicitatieactiviteiten and the history of the sollicitatieplicht (2; the
    # plicht itself is in the first query); ondersteuningsaanvragen (+traject, startmoment, beoordeeld door) (1);
    # interest in vacatures (+vacature, gemeente, werkgever) (1); colleagues' access to the dossier (+klantmanager,
    # organisatie, given by) (1).
    # Content types are cached per process, as in a running server: one export first, so the count does not depend
    # on whether an earlier test (or the making of the dossiers) happened to look one up.
    tel(klein)
    assert tel(klein) == tel(groot) == 38


def test_willem_downloads_json_with_no_store_and_the_download_is_logged(client, wereld):
    wereld.met_bemiddeling()
    andere = vol_dossier(wereld, n=1)
    client.force_login(wereld.werkzoekende_user)
    response = client.get(reverse("mijn_gegevens_json"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "no-store" in response["Cache-Control"]
    assert "attachment" in response["Content-Disposition"]
    gegevens = json.loads(response.content)
    assert gegevens["profiel"]["achternaam"] == "van de Vecht"
    assert gegevens["voordrachten"][0]["werkgever"] == "De Heul Installatietechniek"
    assert gegevens["gesprekken"][0]["plaats"] == "Arnhem"
    # Nothing of another werkzoekende.
    assert andere.achternaam not in response.content.decode()
    ct = ContentType.objects.get_for_model(Kandidaat)
    log = Verwerking.objects.filter(content_type=ct, object_id=str(wereld.kandidaat.pk),
                                    doel__contains="eigen gegevens gedownload")
    assert log.count() == 1 and log.get().details == "json"


def test_willem_downloads_a_readable_pdf(client, wereld):
    wereld.met_bemiddeling()
    client.force_login(wereld.werkzoekende_user)
    response = client.get(reverse("mijn_gegevens_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    tekst = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Mijn gegevens" in tekst
    assert "van de Vecht" in tekst
    assert "Bij welke werkgevers je bent voorgedragen" in tekst
    assert "De Heul Installatietechniek" in tekst


def test_the_pdf_gives_times_in_dutch_time_not_utc(client, wereld):
    """Willem reads his gesprek's time from the printout: 10:00 in the portal must be 10:00 on paper too."""
    from django.utils import timezone

    wereld.met_bemiddeling()
    gesprek = wereld.voordracht.gesprekken.get()
    client.force_login(wereld.werkzoekende_user)
    tekst = "".join(p.extract_text() for p in PdfReader(io.BytesIO(client.get(reverse("mijn_gegevens_pdf")).content)
                                                       ).pages)
    lokaal = datums.in_mail(datums.datum_tijd, timezone.localtime(gesprek.begint_op))
    utc = datums.in_mail(datums.datum_tijd, gesprek.begint_op.astimezone(dt.timezone.utc).replace(tzinfo=None))
    assert lokaal != utc  # the world plans it in Dutch winter or summer time, never at UTC
    assert f"Begint op: {lokaal}" in tekst
    assert f"Begint op: {utc}" not in tekst


def test_the_pdf_writes_dates_out_as_the_portal_does(client, wereld):
    """The printout read "Gemaakt op 07-12-2026 14:30" and "Aangemaakt op: 07-12-2026"; everywhere else the portal
    writes "7 december 2026"."""
    from django.utils import timezone

    client.force_login(wereld.werkzoekende_user)
    tekst = "".join(p.extract_text() for p in PdfReader(io.BytesIO(client.get(reverse("mijn_gegevens_pdf")).content)
                                                       ).pages)
    vandaag = timezone.localdate()
    dag = datums.in_mail(datums.datum_tijd, timezone.localtime()).split(" om ")[0]
    assert f"Gemaakt op {dag} om " in tekst
    assert datums.in_mail(datums.datum, vandaag) in tekst
    assert f"{vandaag:%d-%m-%Y}" not in tekst


def test_a_werkzoekende_without_a_dossier_gets_404_not_an_error(client):
    client.force_login(WerkzoekendeUserFactory())
    for naam in ("mijn_gegevens", "mijn_gegevens_json", "mijn_gegevens_pdf"):
        assert client.get(reverse(naam)).status_code == 404


def test_staff_cannot_download_a_werkzoekendes_export(client, wereld):
    for gebruiker in (wereld.klantmanager, wereld.accountmanager, wereld.werkgever_user):
        client.force_login(gebruiker)
        assert client.get(reverse("mijn_gegevens_json")).status_code == 404


def test_mails_to_an_address_with_capitals_are_in_the_export(wereld):
    """The outbox stores addresses lower case; the export must find them all the same."""

    Kandidaat.objects.filter(pk=wereld.kandidaat.pk).update(email="Willem.VanDeVecht@Voorbeeld.nl", account=None)
    kandidaat = Kandidaat.objects.get(pk=wereld.kandidaat.pk)
    rechtenverzoek_indienen(kandidaat=kandidaat, door=wereld.werkzoekende_user, soort="bezwaar", wat="Delen")
    gegevens = gegevens_van(kandidaat_voor_export(kandidaat.pk))
    assert [m["aan"] for m in gegevens["mails_aan_jou"]] == ["willem.vandevecht@voorbeeld.nl"]


def test_her_kan_niet_with_reason_is_in_her_export(wereld):
    kandidaat = vol_dossier(wereld, n=1)
    deelnemer = Deelnemer.objects.get(kandidaat=kandidaat)
    kan_niet_melden(deelnemer=deelnemer, door=wereld.werkzoekende_user, reden="Ik moet werken",
                    wanneer_wel="dinsdagochtend")
    [afspraak] = gegevens_van(kandidaat_voor_export(kandidaat.pk))["afspraken"]
    assert (afspraak["jij_doet_mee"], afspraak["waarom_je_niet_kunt"], afspraak["wanneer_je_wel_kunt"]) == (
        "Kan niet", "Ik moet werken", "dinsdagochtend")
    assert afspraak["niet_kunnen_doorgegeven_op"][4] == "-"


def _sleutels(data, uit):
    if isinstance(data, dict):
        for sleutel, waarde in data.items():
            uit.add(sleutel)
            _sleutels(waarde, uit)
    elif isinstance(data, list):
        for waarde in data:
            _sleutels(waarde, uit)
    return uit


def test_every_field_in_the_pdf_has_a_b1_label(client, wereld):
    """The PDF made its labels from the keys: "E mailadres account", "Max reisafstand km", "Geupload op". Every key
    of a full dossier has a label of its own, and the PDF shows them."""

    gegevens = gegevens_van(kandidaat_voor_export(vol_dossier(wereld, n=1).pk))
    velden = set()
    for deel in KOPPEN:
        _sleutels(gegevens[deel], velden)
    assert not velden - set(LABELS), sorted(velden - set(LABELS))
    client.force_login(wereld.werkzoekende_user)
    tekst = "".join(p.extract_text() for p in PdfReader(io.BytesIO(client.get(reverse("mijn_gegevens_pdf")).content)
                                                       ).pages)
    assert "E-mailadres van je account:" in tekst and "Hoe ver je wilt reizen (km):" in tekst
    assert "Geüpload op:" in tekst and "E mailadres account" not in tekst


def test_the_vaste_klantmanager_is_in_the_export_also_without_a_toewijzing_row(wereld):
    """Willem's dossier (the demo, older data) names Karin as his vaste klantmanager but has no
    KlantmanagerToewijzing: the export said "klantmanagers": []."""
    kandidaat = wereld.kandidaat
    assert not kandidaat.toewijzingen.exists()
    gegevens = gegevens_van(kandidaat_voor_export(kandidaat.pk))
    assert [(t["naam"], t["tot"]) for t in gegevens["klantmanagers"]] == [("Karin Klant", None)]
    assert gegevens["klantmanagers"][0]["van"] == kandidaat.aangemaakt_op.isoformat()
