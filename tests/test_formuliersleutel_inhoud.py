"""A form's one-time key (``klantreis.lib.forms.formuliersleutel_met_inhoud``) stands for the page AND what was sent
with it. The back button puts the page's key back (``static/js/formuliersleutel.js``); when the werkzoekende then
changed something (another werkgever, another file, "mag mee" ticked) and sent it, the service found the first row by
the key alone and returned it: the second entry was lost while the page said it was saved. The same page sent again
unchanged (a double tap, back and "Opslaan" with nothing changed) is still one row."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from sollicitaties.models import Sollicitatieactiviteit
from werkzoekenden.models import Document, Kandidaat
from werkzoekenden.tests.test_cv import PDF

pytestmark = pytest.mark.django_db


def _sleutel(client, url):
    return re.search(r'name="formuliersleutel" value="([0-9a-f-]{36})"', client.get(url).content.decode()).group(1)


def test_back_and_another_werkgever_is_a_second_sollicitatie(client, wereld):
    Kandidaat.objects.filter(pk=wereld.kandidaat.pk).update(uitkering=Kandidaat.Uitkering.WW)
    client.force_login(wereld.werkzoekende_user)
    url = reverse("sollicitatie_nieuw", args=[wereld.kandidaat.pk])
    sleutel = _sleutel(client, url)
    for werkgever in ("Randstad", "Randstad", "Albert Heijn"):  # sent, sent again unchanged, changed and sent
        data = {"werkgever": werkgever, "functie": "Verkoper", "datum": timezone.localdate().isoformat(),
                "wijze": "mail", "link": "", "toelichting": "", "formuliersleutel": sleutel}
        assert client.post(url, data).status_code == 302
    assert sorted(Sollicitatieactiviteit.objects.filter(kandidaat=wereld.kandidaat)
                  .values_list("werkgever", flat=True)) == ["Albert Heijn", "Randstad"]


def test_back_and_another_file_or_mag_mee_ticked_is_a_second_document(client, wereld):
    client.force_login(wereld.werkzoekende_user)
    url = reverse("documenten", args=[wereld.kandidaat.pk])
    sleutel = _sleutel(client, url)
    vca = ("certificaat", "VCA basis", "vca.pdf", PDF)
    verzonden = [(*vca, False), (*vca, False),  # sent, and sent again unchanged: one document
                 ("diploma", "MBO 2 Logistiek", "mbo.pdf", PDF.replace(b"%%EOF", b"% mbo\n%%EOF"), False),
                 (*vca, True)]
    for soort, titel, naam, inhoud, mag_mee in verzonden:
        data = {"soort": soort, "titel": titel, "verloopt_op": "", "formuliersleutel": sleutel,
                "bestand": SimpleUploadedFile(naam, inhoud)}
        if mag_mee:
            data["delen_met_werkgever"] = "on"
        assert client.post(url, data).status_code == 302
    assert sorted(Document.objects.filter(kandidaat=wereld.kandidaat).values_list("titel", "delen_met_werkgever")) == [
        ("MBO 2 Logistiek", False), ("VCA basis", False), ("VCA basis", True)]
