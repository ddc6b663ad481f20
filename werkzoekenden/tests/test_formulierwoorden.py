"""Small words on the werkzoekende's forms that said something else than was meant."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _tekst(response):
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def test_a_wrong_file_as_referentie_speaks_of_the_document_not_the_cv(client, wereld):
    client.force_login(wereld.werkzoekende_user)
    antwoord = client.post(reverse("documenten", args=[wereld.kandidaat.pk]), {
        "soort": "referentie", "titel": "Referentie bakker", "bestand": SimpleUploadedFile("ref.gif", b"GIF89a...")})
    assert antwoord.status_code == 400
    tekst = _tekst(antwoord)
    assert "Sla het document op als pdf" in tekst and "cv" not in tekst.split("Niet alles is goed ingevuld")[1][:300]


def test_the_organisation_is_not_called_optional_where_it_is_required(client, wereld):
    """Before: "Met welke organisatie? (niet verplicht)", and then "Vul in met welke partij…" when left empty."""
    client.force_login(wereld.werkzoekende_user)
    url = reverse("toestemmingen", args=[wereld.kandidaat.pk])
    tekst = _tekst(client.get(url))
    assert "Met welke organisatie? (niet verplicht)" not in tekst
    assert "Met welke organisatie? Nodig bij delen met een andere organisatie." in tekst
    assert "Vul in met welke partij" in _tekst(client.post(url, {"doel": "derde"}))


def test_the_error_banner_speaks_to_the_werkzoekende_with_je_and_does_not_promise_the_file(client, wereld):
    """Before: "Wat u typte, staat er nog." to Willem, while the file he chose was gone."""
    client.force_login(wereld.werkzoekende_user)
    antwoord = client.post(reverse("documenten", args=[wereld.kandidaat.pk]), {
        "soort": "", "titel": "Mijn diploma", "bestand": SimpleUploadedFile("d.pdf", b"%PDF-1.4\n%%EOF")})
    tekst = _tekst(antwoord)
    assert "Wat je typte, staat er nog. Een bestand moet je wel opnieuw kiezen." in tekst
    assert "Wat u typte" not in tekst
    # A form without a file says nothing about one; a werkgever still reads "u".
    tekst = _tekst(client.post(reverse("toestemmingen", args=[wereld.kandidaat.pk]), {"doel": "derde"}))
    assert "Wat je typte, staat er nog." in tekst and "bestand" not in tekst.split("Wat je typte")[1][:60]
    client.force_login(wereld.werkgever_user)
    antwoord = client.post(reverse("wisseling_nieuw_werkgever", args=[wereld.werkgever.pk]),
                           {"onderwerp": "", "tekst": ""})
    assert "Wat u typte, staat er nog. Een bestand moet u wel opnieuw kiezen." in _tekst(antwoord)


def test_the_klantmanagers_form_asks_how_the_werkzoekende_wants_to_be_reached(client, wereld):
    """Jeske's form for Willem's data asked her "Hoe wil je bereikt worden": the werkzoekende's question, to her."""
    url = reverse("dossier_bewerken", args=[wereld.kandidaat.pk])
    client.force_login(wereld.klantmanager)
    hare = _tekst(client.get(url))
    assert "Hoe wil de werkzoekende bereikt worden" in hare and "Hoe wil je bereikt worden" not in hare
    client.force_login(wereld.werkzoekende_user)
    assert "Hoe wil je bereikt worden" in _tekst(client.get(url))
