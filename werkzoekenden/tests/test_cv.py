import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Verwerking
from meldingen.models import Melding
from outbox.models import Gebeurtenis
from werkzoekenden.services import CV_GEUPLOAD, toestemming_intrekken

pytestmark = pytest.mark.django_db



def echte_pdf():
    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page()
    uit = io.BytesIO()
    pdf.save(uit)
    return uit.getvalue()


PDF = echte_pdf()


def docx_bytes(met_document=True):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        if met_document:
            z.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def upload(client, wereld, naam, inhoud):
    return client.post(reverse("cv", args=[wereld.kandidaat.pk]), {"cv": SimpleUploadedFile(naam, inhoud)})


@pytest.mark.parametrize("naam,inhoud", [("mijn cv.pdf", PDF), ("cv.docx", docx_bytes()), ("cv-zonder-extensie", PDF)])
def test_pdf_and_docx_are_accepted_by_content(client, wereld, naam, inhoud):
    client.force_login(wereld.werkzoekende_user)
    assert upload(client, wereld, naam, inhoud).status_code == 302
    wereld.kandidaat.refresh_from_db()
    assert wereld.kandidaat.cv_bestandsnaam == naam
    response = client.get(reverse("cv_downloaden", args=[wereld.kandidaat.pk]))
    gedownload = b"".join(response.streaming_content)
    if inhoud.startswith(b"%PDF-"):
        # A pdf is stored as rewritten by pikepdf: a pdf with the same pages, not the same bytes.
        import pikepdf

        assert len(pikepdf.open(io.BytesIO(gedownload)).pages) == 1
    else:
        assert gedownload == inhoud


@pytest.mark.parametrize("naam,inhoud,melding", [
    ("cv.pdf", b"Dit is gewoon tekst, geen pdf", "geen pdf- of Word-bestand"),
    ("cv.docx", docx_bytes(met_document=False), "geen pdf- of Word-bestand"),
    ("cv.exe", b"MZ\x90\x00", "geen pdf- of Word-bestand"),
    ("cv.pdf", PDF + b"0" * (10 * 1024 * 1024), "hooguit 10 MB"),
    ("cv.pdf", b"", "leeg"),
])
def test_wrong_or_too_big_uploads_get_a_clear_message(client, wereld, naam, inhoud, melding):
    client.force_login(wereld.werkzoekende_user)
    response = upload(client, wereld, naam, inhoud)
    assert response.status_code == 400 and melding in response.content.decode()
    wereld.kandidaat.refresh_from_db()
    assert not wereld.kandidaat.cv


def test_werkgever_downloads_the_cv_only_with_consent_and_it_is_logged(client, wereld):
    wereld.met_bemiddeling()
    client.force_login(wereld.werkzoekende_user)
    upload(client, wereld, "cv.pdf", PDF)
    client.force_login(wereld.werkgever_user)
    url = reverse("voordracht_cv", args=[wereld.voordracht.pk])
    assert client.get(url).status_code == 200
    assert Verwerking.objects.filter(gebruiker=wereld.werkgever_user, betrokkenen__object_id=str(wereld.kandidaat.pk),
                                     wat__startswith="cv (download)").exists()
    toestemming_intrekken(toestemming=wereld.toestemming, door=wereld.werkzoekende_user)
    assert client.get(url).status_code == 404
    client.force_login(wereld.vreemde_werkgever_user)
    assert client.get(reverse("cv_downloaden", args=[wereld.kandidaat.pk])).status_code == 404


def test_the_klantmanager_reads_about_the_werkzoekende_on_the_cv_page(client, wereld):
    """Before: the klantmanager read "Upload hier je cv" and "Lukt het niet? Bel je contactpersoon"."""
    url = reverse("cv", args=[wereld.kandidaat.pk])
    client.force_login(wereld.klantmanager)
    html = client.get(url).content.decode()
    assert "Upload hier het cv van Willem" in html and "Kies het cv van Willem" in html
    assert "Upload hier je cv" not in html and "Bel je contactpersoon" not in html and "Kies je cv" not in html
    assert "Maak een cv van de gegevens van Willem" in html
    client.force_login(wereld.werkzoekende_user)
    eigen = client.get(url).content.decode()
    assert "Upload hier je cv" in eigen and "Bel je contactpersoon" in eigen and "Kies je cv" in eigen


def _formuliersleutel(client, url):
    gevonden = re.search(r'name="formuliersleutel" value="([0-9a-f-]{36})"', client.get(url).content.decode())
    return gevonden.group(1) if gevonden else ""


def _cv_regels(wereld):
    """What one stored cv leaves behind: its audit line and its journey event."""
    return (Verwerking.objects.filter(object_id=str(wereld.kandidaat.pk), doel="cv uploaden").count(),
            Gebeurtenis.objects.filter(soort=CV_GEUPLOAD, gegevens__kandidaat_id=wereld.kandidaat.pk).count())


def test_the_same_cv_page_sent_twice_stores_the_cv_once(client, wereld, django_capture_on_commit_callbacks):
    """Willem's "Cv opslaan" went twice (a double click on a slow line): the cv was stored twice, with two audit
    lines; only the melding to his klantmanager was one. Now the same page with the same file is one cv; a changed
    cv sent from that page (the back button, another file) and a new visit to the page are a new upload."""
    client.force_login(wereld.werkzoekende_user)
    url = reverse("cv", args=[wereld.kandidaat.pk])
    sleutel = _formuliersleutel(client, url)
    assert sleutel
    for _keer in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            antwoord = client.post(url, {"cv": SimpleUploadedFile("cv.pdf", PDF), "formuliersleutel": sleutel})
        assert antwoord.status_code == 302
        assert "Je cv is opgeslagen." in [str(m) for m in client.get(antwoord.url).context["messages"]]
    wereld.kandidaat.refresh_from_db()
    eerste = wereld.kandidaat.cv.name
    assert _cv_regels(wereld) == (1, 1)
    assert Melding.objects.filter(ontvanger=wereld.klantmanager, soort=Melding.Soort.CV).count() == 1

    # The back button, another (changed) cv chosen, sent again with the page's key: stored.
    assert client.post(url, {"cv": SimpleUploadedFile("cv.docx", docx_bytes()),
                             "formuliersleutel": sleutel}).status_code == 302
    wereld.kandidaat.refresh_from_db()
    assert wereld.kandidaat.cv_bestandsnaam == "cv.docx" and wereld.kandidaat.cv.name != eerste
    assert _cv_regels(wereld) == (2, 2)
    # A new visit to the page: a deliberate new upload, also of a file stored before.
    nieuwe = _formuliersleutel(client, url)
    assert nieuwe != sleutel
    assert client.post(url, {"cv": SimpleUploadedFile("cv.pdf", PDF), "formuliersleutel": nieuwe}).status_code == 302
    wereld.kandidaat.refresh_from_db()
    assert wereld.kandidaat.cv_bestandsnaam == "cv.pdf"
    assert _cv_regels(wereld) == (3, 3)


def test_a_cv_page_without_a_key_still_stores_the_cv(client, wereld):
    """A page open since before the key existed: stored, just not deduplicated."""
    client.force_login(wereld.werkzoekende_user)
    for sleutel in ("", "geen-sleutel"):
        assert client.post(reverse("cv", args=[wereld.kandidaat.pk]),
                           {"cv": SimpleUploadedFile("cv.pdf", PDF), "formuliersleutel": sleutel}).status_code == 302
    assert _cv_regels(wereld) == (2, 2)
