import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Verwerking

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
    from werkzoekenden.services import toestemming_intrekken

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
