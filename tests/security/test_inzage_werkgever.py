"""Inzage (AVG art. 15) for a werkgever's contactpersoon: "Mijn gegevens" for his own account, with a download of
everything the portal holds about him as a person. Before, only werkzoekenden had this."""

import io
import json
import uuid
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from accounts.models import User, Verwerking
from accounts.services import verwerking_registreer
from agenda.models import Afspraak, Deelnemer
from berichten.models import Bericht, Berichtenwisseling
from conftest import logregel_queries
from meldingen.models import Melding
from outbox.models import Mail
from privacy.export_werkgever import SLEUTELS_WERKGEVER, werkgever_gegevens_van
from privacy.pdf import KOPPEN_WERKGEVER, LABELS_WERKGEVER
from tests.test_query_counts import queries_voor
from werkgevers.models import Werkgever
from werkgevers.tests.factories import WerkgeverUserFactory

pytestmark = pytest.mark.django_db


def test_the_werkgever_finds_mijn_gegevens_on_his_home_page_and_downloads_his_own_data(client, wereld):
    martijn = wereld.werkgever_user
    Werkgever.objects.filter(pk=wereld.werkgever.pk).update(contactpersoon_email=martijn.email.upper(),
                                                            contactpersoon_naam="Martijn de Heul",
                                                            contactpersoon_telefoon="026-1234567")
    wisseling = Berichtenwisseling.objects.create(soort="werkgever", werkgever=wereld.werkgever, gestart_door=martijn,
                                                  onderwerp="Vraag over de proefplaatsing")
    Bericht.objects.create(wisseling=wisseling, afzender=martijn, tekst="Mag het rooster anders?")
    collega = WerkgeverUserFactory(werkgever=wereld.werkgever, voornaam="Piet", achternaam="Bakker")
    Bericht.objects.create(wisseling=wisseling, afzender=collega, tekst="Piet schrijft iets anders.")
    verwerking_registreer(gebruiker=wereld.accountmanager, actie=Verwerking.Actie.INZIEN, obj=martijn,
                          doel="contactpersoon bekijken")

    client.force_login(martijn)
    home = client.get(reverse("werkgever_home")).content.decode()
    assert reverse("werkgever_mijn_gegevens") in home
    pagina = client.get(reverse("werkgever_mijn_gegevens"))
    assert pagina.status_code == 200
    html = pagina.content.decode()
    assert reverse("werkgever_mijn_gegevens_json") in html and martijn.email in html

    response = client.get(reverse("werkgever_mijn_gegevens_json"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    assert "no-store" in response["Cache-Control"] and "attachment" in response["Content-Disposition"]
    gegevens = json.loads(response.content)
    assert gegevens["account"]["email"] == martijn.email
    assert gegevens["contactpersoon_van_het_bedrijf"] == [{
        "bedrijf": wereld.werkgever.naam, "naam": "Martijn de Heul", "telefoon": "026-1234567",
        "email": martijn.email.upper()}]
    assert [b["tekst"] for b in gegevens["berichten"]] == ["Mag het rooster anders?"]
    assert "Piet schrijft" not in response.content.decode()
    assert any(v["waarom"] == "contactpersoon bekijken" for v in gegevens["wie_bekeek_uw_gegevens"])
    # The download is logged, as the werkzoekende's is: the record that the request was met.
    log = Verwerking.objects.filter(content_type=ContentType.objects.get_for_model(User), object_id=str(martijn.pk),
                                    doel__contains="eigen gegevens gedownload")
    assert log.count() == 1 and log.get().details == "json"


def test_the_download_of_a_werkgever_does_not_grow_with_his_messages(client, wereld):
    martijn = wereld.werkgever_user
    wisseling = Berichtenwisseling.objects.create(soort="werkgever", werkgever=wereld.werkgever, onderwerp="Vraag",
                                                  gestart_door=martijn)
    client.force_login(martijn)
    url = reverse("werkgever_mijn_gegevens_json")
    Bericht.objects.create(wisseling=wisseling, afzender=martijn, tekst="Een")
    klein = queries_voor(client, url)
    for tekst in ("Twee", "Drie", "Vier"):
        Bericht.objects.create(wisseling=wisseling, afzender=martijn, tekst=tekst)
    # session+user (+organisatie), uitgenodigd_door, sessions, berichten (+wisseling), bijlagen, afspraken,
    # contactpersoon, meldingen, mails, the verwerkingenlog (content type, lines), and the log line of the download
    assert queries_voor(client, url) == klein
    assert klein <= 12 + logregel_queries()


def test_the_log_line_of_the_download_is_dutch_when_he_reads_the_portal_in_english(client, wereld):
    """The verwerkingenlog stores Dutch, translated when read (as the werkzoekende's download): with English active
    the line of his download said "own data downloaded (access)"."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(wereld.werkgever_user)
    assert client.get(reverse("werkgever_mijn_gegevens_json")).status_code == 200
    assert Verwerking.objects.filter(gebruiker=wereld.werkgever_user, actie=Verwerking.Actie.DELEN).get().doel == (
        "eigen gegevens gedownload (inzage)")


def test_a_werkgever_account_without_a_company_still_gets_its_own_data_and_a_withdrawn_one_none(client, wereld):
    """His own data is his right whatever the company link: without one, the file has no company part. A colleague
    whose access was withdrawn (``is_active`` off) is logged out and gets nothing."""
    los = WerkgeverUserFactory(werkgever=wereld.werkgever, organisatie=None)
    client.force_login(los)
    assert client.get(reverse("werkgever_mijn_gegevens")).status_code == 200
    gegevens = json.loads(client.get(reverse("werkgever_mijn_gegevens_json")).content)
    assert gegevens["account"]["bedrijf"] == "" and gegevens["contactpersoon_van_het_bedrijf"] == []

    weg = WerkgeverUserFactory(werkgever=wereld.werkgever)
    client.force_login(weg)
    User.objects.filter(pk=weg.pk).update(is_active=False)
    antwoord = client.get(reverse("werkgever_mijn_gegevens_json"))
    assert antwoord.status_code == 302 and "application/json" not in antwoord.get("Content-Type", "")


def _tekst(pdf):
    """The PDF's text with its line breaks (where a line was full) as spaces."""
    return " ".join(" ".join(pagina.extract_text() for pagina in PdfReader(io.BytesIO(pdf)).pages).split())


def test_the_werkgever_downloads_a_readable_pdf_of_his_own_data_not_a_colleagues(client, wereld):
    """Before, the werkgever's "Mijn gegevens" offered only the JSON file (for a computer); the werkzoekende also gets a
    PDF to read and print. His PDF holds his data, in "u", and nothing of a colleague of the same company."""
    martijn = wereld.werkgever_user
    Werkgever.objects.filter(pk=wereld.werkgever.pk).update(contactpersoon_email=martijn.email,
                                                            contactpersoon_naam="Martijn de Heul",
                                                            contactpersoon_telefoon="026-1234567")
    wisseling = Berichtenwisseling.objects.create(soort="werkgever", werkgever=wereld.werkgever, gestart_door=martijn,
                                                  onderwerp="Vraag over de proefplaatsing")
    Bericht.objects.create(wisseling=wisseling, afzender=martijn, tekst="Mag het rooster anders?")
    collega = WerkgeverUserFactory(werkgever=wereld.werkgever, voornaam="Piet", achternaam="Bakker",
                                   email="piet.bakker@deheul.example.nl")
    Bericht.objects.create(wisseling=wisseling, afzender=collega, tekst="Piet schrijft iets anders.")
    Melding.objects.create(ontvanger=collega, soort="bericht", tekst="Melding voor Piet", sleutel="piet:1")
    verwerking_registreer(gebruiker=wereld.accountmanager, actie=Verwerking.Actie.INZIEN, obj=collega,
                          doel="collega bekijken")
    verwerking_registreer(gebruiker=wereld.accountmanager, actie=Verwerking.Actie.INZIEN, obj=martijn,
                          doel="contactpersoon bekijken")

    client.force_login(martijn)
    html = client.get(reverse("werkgever_mijn_gegevens")).content.decode()
    assert reverse("werkgever_mijn_gegevens_pdf") in html and reverse("werkgever_mijn_gegevens_json") in html
    response = client.get(reverse("werkgever_mijn_gegevens_pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"] and 'filename="mijn-gegevens-' in response["Content-Disposition"]
    tekst = _tekst(response.content)
    assert "Mijn gegevens" in tekst and "u als persoon weet" in tekst
    assert martijn.get_full_name() in tekst and martijn.email in tekst
    assert "Wat we als contactpersoon van uw bedrijf over u bewaren" in tekst and "026-1234567" in tekst
    assert "Mag het rooster anders?" in tekst and "Wie uw gegevens bekeek of veranderde" in tekst
    assert "contactpersoon bekijken" in tekst
    for van_piet in ("Piet", "piet.bakker", "iets anders", "collega bekijken"):
        assert van_piet not in tekst
    # Logged as the JSON download is, in Dutch: the record that the request was met.
    log = Verwerking.objects.filter(content_type=ContentType.objects.get_for_model(User), object_id=str(martijn.pk),
                                    actie=Verwerking.Actie.DELEN)
    assert [(r.doel, r.details) for r in log] == [("eigen gegevens gedownload (inzage)", "pdf")]


def _velden(data, uit):
    if isinstance(data, dict):
        for sleutel, waarde in data.items():
            uit.add(sleutel)
            _velden(waarde, uit)
    elif isinstance(data, list):
        for waarde in data:
            _velden(waarde, uit)
    return uit


def test_every_part_and_field_of_the_werkgevers_pdf_has_a_heading_and_a_label_in_u(client, wereld):
    martijn = wereld.werkgever_user
    Werkgever.objects.filter(pk=wereld.werkgever.pk).update(contactpersoon_email=martijn.email)
    wisseling = Berichtenwisseling.objects.create(soort="werkgever", werkgever=wereld.werkgever, gestart_door=martijn,
                                                  onderwerp="Vraag")
    Bericht.objects.create(wisseling=wisseling, afzender=martijn, tekst="Hallo")
    nu = timezone.now()
    afspraak = Afspraak.objects.create(soort="klantmanagergesprek", titel="Kennismaking", start=nu + timedelta(days=3),
                                       eind=nu + timedelta(days=3, hours=1), plaats="Kantoor",
                                       georganiseerd_door=wereld.accountmanager, ics_uid=f"{uuid.uuid4()}@test")
    Deelnemer.objects.create(afspraak=afspraak, gebruiker=martijn, kan_niet_reden="Op vakantie")
    Melding.objects.create(ontvanger=martijn, soort="bericht", tekst="Nieuw bericht", sleutel="martijn:1")
    Mail.objects.create(aan=martijn.email, onderwerp="Welkom", sleutel="martijn:welkom")
    verwerking_registreer(gebruiker=wereld.accountmanager, actie=Verwerking.Actie.INZIEN, obj=martijn, doel="kijken")
    client.force_login(martijn)

    gegevens = werkgever_gegevens_van(User.objects.get(pk=martijn.pk))
    assert set(KOPPEN_WERKGEVER) == set(SLEUTELS_WERKGEVER) - {"over_dit_bestand"} == set(gegevens) - {
        "over_dit_bestand"}
    assert all(gegevens[deel] for deel in KOPPEN_WERKGEVER)  # every part has a row: every field below is walked
    velden = _velden({deel: gegevens[deel] for deel in KOPPEN_WERKGEVER}, set()) - set(KOPPEN_WERKGEVER)
    assert not velden - set(LABELS_WERKGEVER), sorted(velden - set(LABELS_WERKGEVER))
    tekst = _tekst(client.get(reverse("werkgever_mijn_gegevens_pdf")).content)
    assert "Waarom u niet kunt: Op vakantie" in tekst and "Mails die we u stuurden" in tekst
    assert " je " not in tekst and " jij " not in tekst
