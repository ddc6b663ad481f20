"""Downloads of stored files (cv's, documents, attachments, proof of an application, the overeenkomst) when the storage
no longer has the file: a volume lost in a rebuild, a bucket restored from an older backup."""

import logging

import pytest
from django.test import override_settings
from django.urls import reverse

from accounts.models import Verwerking
from tests.test_permission_matrix import MATRIX

pytestmark = pytest.mark.django_db

DOWNLOADS = ["cv_downloaden", "voordracht_cv", "document_downloaden", "voordracht_document", "overeenkomst_download",
             "sollicitatie_bewijs", "bijlage_downloaden"]


@pytest.mark.parametrize("naam", DOWNLOADS)
def test_a_file_the_storage_lost_gives_a_page_that_says_so_not_a_server_error(client, volle_wereld, naam, caplog,
                                                                                tmp_path):
    """Before: the cv, a document and the overeenkomst gave a 500 (FileNotFoundError); now every download gives the
    same Dutch page with status 404 and an error in the log for the beheerder. A file that is there comes with
    ``no-store``: personal data, kept in no cache."""
    kwargs, rollen = MATRIX[naam]
    rol = next(r for r, status in rollen.items() if status == 200)
    url = reverse(naam, kwargs=kwargs(volle_wereld) if callable(kwargs) else kwargs)
    client.force_login(volle_wereld.gebruiker(rol))
    er = client.get(url)
    assert er.status_code == 200 and er["Cache-Control"] == "no-store" and b"".join(er.streaming_content)

    regels = Verwerking.objects.count()
    with override_settings(MEDIA_ROOT=tmp_path / "leeg"), caplog.at_level(logging.ERROR):
        weg = client.get(url)
    # Nothing was given: no line in the verwerkingenlog says it was.
    assert Verwerking.objects.count() == regels
    tekst = weg.content.decode()
    assert weg.status_code == 404 and "Dit bestand is niet gevonden" in tekst and "opnieuw te uploaden" in tekst
    assert any("Bestand ontbreekt in de opslag" in r.getMessage() for r in caplog.records)
