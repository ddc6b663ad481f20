"""Issue #14 item 3: diploma's, certificaten, brieven en referenties next to the cv; the werkzoekende decides what
may go along with a voordracht, the accountmanager chooses per voordracht, the werkgever downloads (logged)."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Verwerking
from bemiddeling.services import voordracht_documenten_kiezen
from meldingen.models import Melding
from werkzoekenden.models import Document
from werkzoekenden.services import (
    document_delen_instellen,
    document_opslaan,
    documenten_herinneren,
    toestemming_intrekken,
)
from werkzoekenden.tests.test_cv import PDF, docx_bytes

pytestmark = pytest.mark.django_db


def _upload(client, wereld, **velden):
    data = {"soort": "certificaat", "titel": "VCA basis", "verloopt_op": "", **velden}
    data.setdefault("bestand", SimpleUploadedFile("vca certificaat.pdf", PDF))
    return client.post(reverse("documenten", args=[wereld.kandidaat.pk]), data)


def _document(wereld, *, door=None, delen=True, soort="certificaat", verloopt_op=None, titel="VCA basis"):
    return document_opslaan(kandidaat=wereld.kandidaat, door=door or wereld.werkzoekende_user,
                            bestand=ContentFile(PDF, name="vca.pdf"), bestandssoort="pdf", soort=soort, titel=titel,
                            verloopt_op=verloopt_op, delen_met_werkgever=delen)


def test_willem_uploads_his_vca_with_expiry_and_allows_sharing(client, wereld):
    client.force_login(wereld.werkzoekende_user)
    verloopt = timezone.localdate() + timedelta(days=400)
    response = _upload(client, wereld, verloopt_op=verloopt.strftime("%d-%m-%Y"), delen_met_werkgever="on")
    assert response.status_code == 302
    document = Document.objects.get()
    assert (document.soort, document.titel, document.bestandsnaam, document.verloopt_op, document.delen_met_werkgever,
            document.bestandssoort) == ("certificaat", "VCA basis", "vca certificaat.pdf", verloopt, True, "pdf")
    assert document.bestand.storage.exists(document.bestand.name)
    pagina = client.get(reverse("mijn_documenten")).content.decode()
    assert "VCA basis" in pagina and "Verloopt op" in pagina and "Mag mee bij een voordracht" in pagina
    gedownload = client.get(reverse("document_downloaden", args=[document.pk]))
    assert gedownload["Cache-Control"] == "no-store"
    assert b"".join(gedownload.streaming_content).startswith(b"%PDF-")


def test_the_klantmanager_uploads_but_sharing_stays_the_werkzoekendes_choice(client, wereld):
    client.force_login(wereld.klantmanager)
    pagina = client.get(reverse("documenten", args=[wereld.kandidaat.pk])).content.decode()
    assert 'name="delen_met_werkgever"' not in pagina
    # Even when the field is posted, a klantmanager's upload is not shared.
    assert _upload(client, wereld, soort="diploma", titel="mbo 2 logistiek", delen_met_werkgever="on",
                   bestand=SimpleUploadedFile("diploma.docx", docx_bytes())).status_code == 302
    document = Document.objects.get()
    assert (document.soort, document.delen_met_werkgever, document.bestandssoort) == ("diploma", False, "docx")
    assert client.post(reverse("document_delen", args=[document.pk]), {"delen": "ja"}).status_code == 404
    with pytest.raises(PermissionError):
        document_delen_instellen(document=document, door=wereld.klantmanager, delen=True)
    client.force_login(wereld.werkzoekende_user)
    assert client.post(reverse("document_delen", args=[document.pk]), {"delen": "ja"}).status_code == 302
    document.refresh_from_db()
    assert document.delen_met_werkgever is True


@pytest.mark.parametrize("velden,fout", [
    ({"soort": "diploma", "verloopt_op": "01-01-2030"}, "Alleen een certificaat heeft een datum"),
    ({"verloopt_op": "31-02-2030"}, "Vul een geldige datum in."),
    ({"soort": ""}, "Kies wat voor document het is."),
    ({"bestand": SimpleUploadedFile("vca.pdf", b"gewoon tekst")}, "geen pdf, Word-bestand (.docx) of foto"),
    ({"bestand": SimpleUploadedFile("leeg.pdf", b"")}, "Dit bestand is leeg."),
])
def test_bad_input_gets_a_dutch_message_and_keeps_what_was_typed(client, wereld, velden, fout):
    client.force_login(wereld.werkzoekende_user)
    response = _upload(client, wereld, titel="Heftruck", **velden)
    assert response.status_code == 400
    pagina = response.content.decode()
    assert fout in pagina and 'value="Heftruck"' in pagina
    assert not Document.objects.exists()


def test_an_expired_certificate_is_marked(client, wereld):
    _document(wereld, verloopt_op=timezone.localdate() - timedelta(days=3))
    client.force_login(wereld.klantmanager)
    pagina = client.get(reverse("documenten", args=[wereld.kandidaat.pk])).content.decode()
    assert "Verlopen op" in pagina and "wsp-document--verlopen" in pagina


def test_delete_removes_row_and_file_and_a_stranger_gets_404(client, wereld, django_capture_on_commit_callbacks):
    document = _document(wereld)
    naam, storage = document.bestand.name, document.bestand.storage
    url = reverse("document_verwijderen", args=[document.pk])
    for rol in ("vreemde_klantmanager", "werkgever", "accountmanager"):
        client.force_login(wereld.gebruiker(rol))
        assert client.post(url).status_code == 404
        assert client.get(reverse("document_downloaden", args=[document.pk])).status_code == 404
    assert Document.objects.exists() and storage.exists(naam)
    client.force_login(wereld.werkzoekende_user)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"bevestigd": "ja"}).status_code == 302
    assert not Document.objects.exists()
    assert not storage.exists(naam)


def test_delete_asks_first_and_a_post_without_the_answer_deletes_nothing(client, wereld):
    """Before: "Verwijderen" on Mijn documenten deleted the document for good at once, with no question (withdrawing
    a consent does ask). Now the button opens a page that asks; only its "Ja, verwijderen" deletes. A form of an
    older page, posted without that answer, is sent to the question too."""
    document = _document(wereld)
    url = reverse("document_verwijderen", args=[document.pk])
    client.force_login(wereld.werkzoekende_user)
    lijst = client.get(reverse("mijn_documenten")).content.decode()
    assert f'href="{url}"' in lijst
    vraag = client.get(url)
    assert vraag.status_code == 200
    html = vraag.content.decode()
    assert "Document verwijderen?" in html and document.naam in html and "Ja, verwijderen" in html
    assert 'name="bevestigd"' in html and "Nee, niet verwijderen" in html
    assert Document.objects.filter(pk=document.pk).exists()
    antwoord = client.post(url, {"dossier": wereld.kandidaat.pk})
    assert antwoord.status_code == 302 and antwoord.url == url
    assert Document.objects.filter(pk=document.pk).exists()
    client.force_login(wereld.klantmanager)
    assert "Het document is daarna weg, ook voor Willem." in client.get(url).content.decode()
    client.force_login(wereld.gebruiker("vreemde_klantmanager"))
    assert client.get(url).status_code == 404


def test_voordracht_carries_the_document_to_the_werkgever_until_consent_goes(client, wereld):
    wereld.met_bemiddeling()
    vca = _document(wereld)
    prive = _document(wereld, soort="referentie", titel="Referentie oud-werkgever", delen=False)
    client.force_login(wereld.accountmanager)
    keuze = client.get(reverse("voordracht_documenten", args=[wereld.voordracht.pk])).content.decode()
    assert "VCA basis" in keuze and "Referentie oud-werkgever" not in keuze
    # A document the kandidaat does not share cannot be forced along.
    with pytest.raises(ValidationError):
        voordracht_documenten_kiezen(voordracht=wereld.voordracht, door=wereld.accountmanager, documenten=[prive])
    assert client.post(reverse("voordracht_documenten", args=[wereld.voordracht.pk]),
                       {"documenten": [prive.pk]}).status_code == 400
    assert client.post(reverse("voordracht_documenten", args=[wereld.voordracht.pk]),
                       {"documenten": [vca.pk]}).status_code == 302
    assert list(wereld.voordracht.documenten.all()) == [vca]

    client.force_login(wereld.werkgever_user)
    detail = client.get(reverse("voordracht_detail", args=[wereld.voordracht.pk])).content.decode()
    url = reverse("voordracht_document", args=[wereld.voordracht.pk, vca.pk])
    assert url in detail and "VCA basis" in detail
    voor = Verwerking.objects.count()
    response = client.get(url)
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    regel = Verwerking.objects.order_by("-pk").first()
    assert Verwerking.objects.count() == voor + 1
    assert regel.gebruiker == wereld.werkgever_user and "download" in regel.wat
    assert regel.betrokkenen.get().object_id == str(wereld.kandidaat.pk)
    # Not chosen for this voordracht: 404.
    assert client.get(reverse("voordracht_document", args=[wereld.voordracht.pk, prive.pk])).status_code == 404

    # Willem stops sharing the document: the werkgever's download is gone.
    document_delen_instellen(document=vca, door=wereld.werkzoekende_user, delen=False)
    assert client.get(url).status_code == 404
    document_delen_instellen(document=vca, door=wereld.werkzoekende_user, delen=True)
    assert client.get(url).status_code == 200
    # Willem withdraws consent for this werkgever: 404 as well.
    toestemming_intrekken(toestemming=wereld.toestemming, door=wereld.werkzoekende_user)
    assert client.get(url).status_code == 404


def test_reminder_weeks_before_expiry_once_for_werkzoekende_and_klantmanager(wereld,
                                                                           django_capture_on_commit_callbacks):
    vandaag = timezone.localdate()
    binnenkort = _document(wereld, verloopt_op=vandaag + timedelta(weeks=5))
    _document(wereld, verloopt_op=vandaag + timedelta(weeks=20), titel="Heftruck")
    _document(wereld, verloopt_op=vandaag - timedelta(days=1), titel="Oud")
    with django_capture_on_commit_callbacks(execute=True):
        assert documenten_herinneren() == 1
        assert documenten_herinneren() == 0
    meldingen = Melding.objects.filter(sleutel__startswith="document_verloopt:")
    assert {m.ontvanger_id for m in meldingen} == {wereld.werkzoekende_user.pk, wereld.klantmanager.pk}
    assert all("verloopt op" in m.tekst for m in meldingen)
    binnenkort.refresh_from_db()
    assert binnenkort.herinnerd_op is not None


def test_documents_of_a_closed_dossier_go_with_the_cv_period(wereld, settings):
    from privacy.bewaren import bewaartermijnen_toepassen
    from werkzoekenden.models import Kandidaat

    document = _document(wereld)
    naam, storage = document.bestand.name, document.bestand.storage
    Kandidaat.objects.filter(pk=wereld.kandidaat.pk).update(
        afgesloten_op=timezone.now() - timedelta(days=settings.BEWAARTERMIJNEN["cv"] + 1))
    droog = bewaartermijnen_toepassen(droog=True, categorieen=["documenten"])
    assert droog.regels[0].ids == [document.pk] and storage.exists(naam)
    bewaartermijnen_toepassen(droog=False, categorieen=["documenten"])
    assert not Document.objects.exists() and not storage.exists(naam)
    assert bewaartermijnen_toepassen(droog=False, categorieen=["documenten"]).regels[0].aantal == 0


def test_the_export_lists_the_documents(wereld):
    from privacy.export import gegevens_van, kandidaat_voor_export

    wereld.met_bemiddeling()
    vca = _document(wereld, verloopt_op=timezone.localdate() + timedelta(days=30))
    voordracht_documenten_kiezen(voordracht=wereld.voordracht, door=wereld.accountmanager, documenten=[vca])
    [regel] = gegevens_van(kandidaat_voor_export(wereld.kandidaat.pk))["documenten"]
    assert regel["naam"] == "VCA basis" and regel["mag_mee_bij_een_voordracht"] is True
    assert regel["meegestuurd_met"] == [f"Monteur ({wereld.werkgever.naam})"]


def _tel(client, url):
    with CaptureQueriesContext(connection) as q:
        assert client.get(url).status_code == 200
    return len(q)


def test_documenten_page_query_count_does_not_grow(client, wereld):
    client.force_login(wereld.klantmanager)
    url = reverse("documenten", args=[wereld.kandidaat.pk])
    _document(wereld)
    een = _tel(client, url)
    for i in range(5):
        _document(wereld, titel=f"Diploma {i}", soort="diploma", door=wereld.klantmanager)
    # session+user, kandidaat (+klantmanager, gemeente, account), the documenten (+geupload door), the log line
    # (verwerking, betrokkene, content type cached), the bulk brake (the bell count comes with the session): fixed
    # whatever the number.
    assert _tel(client, url) == een


def test_voordracht_documenten_page_query_count_does_not_grow(client, wereld):
    wereld.met_bemiddeling()
    client.force_login(wereld.accountmanager)
    url = reverse("voordracht_documenten", args=[wereld.voordracht.pk])
    _document(wereld)
    _tel(client, url)  # the first request of a process fills Django's ContentType cache (one query, once)
    een = _tel(client, url)
    for i in range(5):
        _document(wereld, titel=f"Certificaat {i}")
    assert _tel(client, url) == een


def test_the_other_side_of_the_dossier_hears_of_an_upload(wereld, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _document(wereld, door=wereld.klantmanager, titel="Diploma", soort="diploma")
    melding = Melding.objects.get(soort="document")
    assert melding.ontvanger == wereld.werkzoekende_user and melding.url == reverse("mijn_documenten")
    with django_capture_on_commit_callbacks(execute=True):
        _document(wereld)
    assert Melding.objects.filter(soort="document", ontvanger=wereld.klantmanager).count() == 1


def test_consent_page_names_the_documents_that_may_go_along(client, wereld):
    _document(wereld)
    _document(wereld, titel="Referentie", soort="referentie", delen=False)
    client.force_login(wereld.werkzoekende_user)
    pagina = client.get(reverse("toestemmingen", args=[wereld.kandidaat.pk])).content.decode()
    deel = pagina.split('id="kop-documenten"')[1]
    assert "VCA basis" in deel and "Referentie" not in deel


def test_after_proposing_the_accountmanager_chooses_the_documents(client, wereld):
    from werkgevers.tests.factories import VacatureFactory
    from werkzoekenden.models import Toestemming
    from werkzoekenden.services import toestemming_verlenen

    vacature = VacatureFactory(werkgever=wereld.werkgever, titel="Heftruckchauffeur")
    toestemming_verlenen(kandidaat=wereld.kandidaat, doel=Toestemming.Doel.DELEN_MET_WERKGEVER,
                         werkgever=wereld.werkgever, door=wereld.werkzoekende_user)
    _document(wereld)
    client.force_login(wereld.accountmanager)
    response = client.post(reverse("voordracht_nieuw", args=[vacature.pk]),
                           {"kandidaat": wereld.kandidaat.pk, "toelichting": "Heeft VCA en heftruckervaring."})
    voordracht = vacature.voordrachten.get()
    assert response.status_code == 302 and response["Location"] == reverse("voordracht_documenten",
                                                                           args=[voordracht.pk])


def test_the_documents_are_read_in_their_order_and_built_once_per_process(client, wereld, monkeypatch):
    """Certificates that expire first on top of their kind; the list is the same shape on every visit, so the next
    visit builds no queryset of documents."""
    from tests.gebouwd import gebouwde_queries
    from werkzoekenden.models import Document

    vandaag = timezone.localdate()
    later = _document(wereld, titel="Later", verloopt_op=vandaag + timedelta(days=300))
    eerder = _document(wereld, titel="Eerder", verloopt_op=vandaag + timedelta(days=30))
    diploma = _document(wereld, soort="diploma", titel="MBO 2")
    client.force_login(wereld.werkzoekende_user)
    eerste = [d.pk for d in client.get(reverse("mijn_documenten")).context["documenten"]]
    assert eerste.index(eerder.pk) < eerste.index(later.pk) and diploma.pk in eerste
    gebouwd = gebouwde_queries(monkeypatch)
    antwoord = client.get(reverse("mijn_documenten"))
    assert [d.pk for d in antwoord.context["documenten"]] == eerste
    assert antwoord.context["documenten"][0].geupload_door == wereld.werkzoekende_user
    assert not [c for c in gebouwd if c.query.model is Document]


def _formuliersleutel(client, url):
    """The one-time key of the form as the page shows it ("" on a page without one)."""
    gevonden = re.search(r'name="formuliersleutel" value="([0-9a-f-]{36})"', client.get(url).content.decode())
    return gevonden.group(1) if gevonden else ""


def test_the_same_upload_page_sent_twice_is_one_document(client, wereld):
    """The back button and "Document opslaan" again (or a double tap) sends the page once more: one document, and the
    page says what it said the first time. A new visit to the form is a new key: the same file again is a second
    document (she may have two)."""
    client.force_login(wereld.werkzoekende_user)
    url = reverse("documenten", args=[wereld.kandidaat.pk])
    sleutel = _formuliersleutel(client, url)
    for _keer in range(2):
        antwoord = _upload(client, wereld, titel="BHV", formuliersleutel=sleutel)
        assert antwoord.status_code == 302
        assert "BHV is opgeslagen." in [str(m) for m in client.get(antwoord.url).context["messages"]]
    assert Document.objects.filter(kandidaat=wereld.kandidaat, titel="BHV").count() == 1
    nieuwe = _formuliersleutel(client, url)
    assert nieuwe != sleutel
    assert _upload(client, wereld, titel="BHV", formuliersleutel=nieuwe).status_code == 302
    assert Document.objects.filter(kandidaat=wereld.kandidaat, titel="BHV").count() == 2


def test_a_form_shown_again_after_an_error_keeps_its_key(client, wereld):
    client.force_login(wereld.werkzoekende_user)
    sleutel = _formuliersleutel(client, reverse("documenten", args=[wereld.kandidaat.pk]))
    antwoord = _upload(client, wereld, soort="", formuliersleutel=sleutel)
    assert antwoord.status_code == 400
    assert f'name="formuliersleutel" value="{sleutel}"' in antwoord.content.decode()


def test_an_upload_without_a_key_is_stored(client, wereld):
    """A page open since before the key existed still works; it is just not deduplicated."""
    client.force_login(wereld.werkzoekende_user)
    assert _upload(client, wereld, titel="BHV", formuliersleutel="").status_code == 302
    assert _upload(client, wereld, titel="BHV", formuliersleutel="geen-sleutel").status_code == 302
    assert Document.objects.filter(kandidaat=wereld.kandidaat, titel="BHV").count() == 2


def test_uploading_again_with_mag_mee_ticked_keeps_that_choice(client, wereld):
    """She uploads her BHV certificate, sees she forgot "mag mee", opens the form again, ticks it and uploads it
    again: that document may go along (the old dedupe returned the first, unticked one)."""
    client.force_login(wereld.werkzoekende_user)
    url = reverse("documenten", args=[wereld.kandidaat.pk])
    assert _upload(client, wereld, titel="BHV", formuliersleutel=_formuliersleutel(client, url)).status_code == 302
    assert _upload(client, wereld, titel="BHV", delen_met_werkgever="on",
                   formuliersleutel=_formuliersleutel(client, url)).status_code == 302
    assert Document.objects.filter(kandidaat=wereld.kandidaat, titel="BHV", delen_met_werkgever=True).exists()


def test_two_different_files_of_the_same_name_and_size_are_two_documents(wereld):
    """Two diplomas both saved by a school's portal as "diploma.pdf", of the same length."""
    plek = PDF.index(b"/ID [<") + 6  # one hex digit of the document id: another, equally long, valid pdf
    tweede = PDF[:plek] + (b"0" if PDF[plek:plek + 1] != b"0" else b"1") + PDF[plek + 1:]
    assert tweede != PDF and len(tweede) == len(PDF)
    for inhoud in (PDF, tweede):
        document_opslaan(kandidaat=wereld.kandidaat, door=wereld.werkzoekende_user,
                         bestand=ContentFile(inhoud, name="diploma.pdf"), bestandssoort="pdf", soort="diploma")
    opgeslagen = {d.bestand.open("rb").read() for d in Document.objects.filter(kandidaat=wereld.kandidaat)}
    assert opgeslagen == {PDF, tweede}


def test_delete_clicked_twice_says_it_is_gone_and_a_stranger_still_gets_404(client, wereld):
    """Found walking the journey: "Verwijderen" clicked twice, or in a second tab after the first, showed Willem
    "Pagina niet gevonden" (404) for the document he had just deleted himself. The form now says which dossier it
    came from: the second click returns to that dossier's documents with "Dit document is al verwijderd."."""
    document = _document(wereld)
    url = reverse("document_verwijderen", args=[document.pk])
    client.force_login(wereld.werkzoekende_user)
    html = client.get(url).content.decode()
    assert f'name="dossier" value="{wereld.kandidaat.pk}"' in html  # the delete form says where it came from
    assert client.post(url, {"dossier": wereld.kandidaat.pk, "bevestigd": "ja"}).status_code == 302
    tweede = client.post(url, {"dossier": wereld.kandidaat.pk, "bevestigd": "ja"}, follow=True)
    assert tweede.redirect_chain[0][0] == reverse("documenten", args=[wereld.kandidaat.pk])
    assert "Dit document is al verwijderd." in tweede.content.decode()
    # Someone who may not open that dossier learns nothing: 404, with or without it named.
    client.force_login(wereld.gebruiker("vreemde_klantmanager"))
    assert client.post(url, {"dossier": wereld.kandidaat.pk}).status_code == 404
    assert client.post(url).status_code == 404
