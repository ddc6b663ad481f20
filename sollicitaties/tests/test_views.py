import io
import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from fpdf import FPDF
from PIL import Image
from pypdf import PdfReader

from accounts.models import Verwerking
from accounts.tests.factories import KlantmanagerFactory
from klantreis.lib import datums
from sollicitaties import services
from sollicitaties.models import PlichtWijziging, Sollicitatieactiviteit, Sollicitatieplicht
from sollicitaties.services import herinneringen_versturen, plicht_instellen
from sollicitaties.tests.factories import SollicitatieactiviteitFactory, SollicitatieplichtFactory, WWKandidaatFactory
from werkzoekenden.models import Kandidaat
from werkzoekenden.services import dossier_afsluiten, dossier_bijwerken, warme_overdracht

pytestmark = pytest.mark.django_db


def klein_pdf(tekst="Bedankt voor je sollicitatie"):
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(0, 10, tekst)
    return bytes(pdf.output())


@pytest.fixture
def anja(wereld):
    """Willem made WW for these tests (the wereld's werkzoekende), with the standard plicht from today."""
    Kandidaat.objects.filter(pk=wereld.kandidaat.pk).update(uitkering=Kandidaat.Uitkering.WW)
    wereld.kandidaat.refresh_from_db()
    return wereld


def _formulier(**extra):
    return {"werkgever": "Bakkerij Van Dam", "functie": "Verkoper", "datum": timezone.localdate().isoformat(),
            "wijze": "mail", "link": "", "toelichting": "", **extra}


def test_she_records_an_activity_with_a_proof_and_downloads_it(client, anja):
    client.force_login(anja.werkzoekende_user)
    url = reverse("sollicitatie_nieuw", args=[anja.kandidaat.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _formulier(bewijs=SimpleUploadedFile("mail.pdf", klein_pdf(), "application/pdf")))
    assert response.status_code == 302
    activiteit = Sollicitatieactiviteit.objects.get(kandidaat=anja.kandidaat)
    assert activiteit.bewijs_bestandsnaam == "mail.pdf" and activiteit.bewijs.name.endswith(".pdf")
    pagina = client.get(reverse("sollicitatieplicht", args=[anja.kandidaat.pk])).content.decode()
    assert "Nog 3 te doen" in pagina and "Bakkerij Van Dam" in pagina
    download = client.get(reverse("sollicitatie_bewijs", args=[activiteit.pk]))
    assert download.status_code == 200 and "no-store" in download["Cache-Control"]
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    # Her own download is not an inzage of someone else's data; her klantmanager's is.
    assert not Verwerking.objects.filter(actie=Verwerking.Actie.INZIEN).exists()
    client.force_login(anja.klantmanager)
    assert client.get(reverse("sollicitatie_bewijs", args=[activiteit.pk])).status_code == 200
    assert Verwerking.objects.filter(gebruiker=anja.klantmanager, wat__contains="bewijs").count() == 1


def _formuliersleutel(client, url):
    """The one-time key of the form as the page shows it ("" on a page without one)."""
    gevonden = re.search(r'name="formuliersleutel" value="([0-9a-f-]{36})"', client.get(url).content.decode())
    return gevonden.group(1) if gevonden else ""


def test_the_same_page_sent_twice_counts_one_sollicitatie(client, anja):
    """A double tap on "Opslaan", or the back button and "Opslaan" again, sends the same page (its key) again: one
    sollicitatie, and the page says what it said the first time."""
    client.force_login(anja.werkzoekende_user)
    url = reverse("sollicitatie_nieuw", args=[anja.kandidaat.pk])
    sleutel = _formuliersleutel(client, url)
    # The same file both times, as a browser sends it again (fpdf writes the second it was made into the pdf).
    pdf = klein_pdf()
    for _keer in range(2):
        bewijs = SimpleUploadedFile("mail.pdf", pdf, "application/pdf")
        antwoord = client.post(url, _formulier(bewijs=bewijs, formuliersleutel=sleutel))
        assert antwoord.status_code == 302
        assert "Je sollicitatie is opgeslagen." in [str(m) for m in client.get(antwoord.url).context["messages"]]
    assert Sollicitatieactiviteit.objects.filter(kandidaat=anja.kandidaat).count() == 1
    pagina = client.get(reverse("sollicitatieplicht", args=[anja.kandidaat.pk])).content.decode()
    assert "Nog 3 te doen" in pagina


def test_two_vacatures_of_the_same_title_at_one_uitzendbureau_count_twice(client, anja):
    """Two vacatures "Productiemedewerker" at Randstad, each recorded right after applying (the link left empty):
    the same content from two visits to the form is two sollicitaties, both counting towards her plicht."""
    client.force_login(anja.werkzoekende_user)
    url = reverse("sollicitatie_nieuw", args=[anja.kandidaat.pk])
    for _vacature in range(2):
        data = _formulier(werkgever="Randstad", functie="Productiemedewerker", wijze="formulier",
                          formuliersleutel=_formuliersleutel(client, url))
        assert client.post(url, data).status_code == 302
    assert Sollicitatieplicht.objects.get(kandidaat=anja.kandidaat).gedaan == 2
    # A page open since before the key existed (no key) is stored too, just not deduplicated.
    assert client.post(url, _formulier(werkgever="Randstad", functie="Productiemedewerker")).status_code == 302
    assert Sollicitatieactiviteit.objects.filter(kandidaat=anja.kandidaat).count() == 3


def test_a_corrected_proof_with_the_same_file_name_is_kept(client, anja):
    """The wrong screenshot as proof, then the form again with the right one (a phone names every photo the same):
    the corrected proof is stored, not thrown away."""
    client.force_login(anja.werkzoekende_user)
    url = reverse("sollicitatie_nieuw", args=[anja.kandidaat.pk])
    fout = klein_pdf("Verkeerde mail van een andere vacature")
    goed = klein_pdf("Bedankt voor je sollicitatie bij Bakkerij Van Dam als verkoper")
    for inhoud in (fout, goed):
        bewijs = SimpleUploadedFile("bewijs.pdf", inhoud, "application/pdf")
        data = _formulier(bewijs=bewijs, formuliersleutel=_formuliersleutel(client, url))
        assert client.post(url, data).status_code == 302
    # Both are stored (cleaned, so not byte for byte what was sent): the corrected one too.
    bewijzen = {a.bewijs.open("rb").read() for a in Sollicitatieactiviteit.objects.filter(kandidaat=anja.kandidaat)}
    assert len(bewijzen) == 2


def test_a_date_before_the_period_is_refused_with_the_day_written_out(client, anja):
    """The message once said "Deze periode begon op 07-12-2026"; every page writes "7 december 2026"."""
    client.force_login(anja.werkzoekende_user)
    gisteren = timezone.localdate() - timedelta(days=1)
    response = client.post(reverse("sollicitatie_nieuw", args=[anja.kandidaat.pk]),
                           _formulier(datum=gisteren.isoformat()))
    assert response.status_code == 400
    tekst = response.content.decode()
    assert f"Deze periode begon op {datums.datum(timezone.localdate())}." in tekst
    assert timezone.localdate().strftime("%d-%m-%Y") not in tekst


def _schermafdruk():
    uit = io.BytesIO()
    Image.new("RGB", (390, 844), (255, 255, 255)).save(uit, format="PNG")
    return uit.getvalue()


def test_bad_input_keeps_what_she_typed(client, anja):
    client.force_login(anja.werkzoekende_user)
    url = reverse("sollicitatie_nieuw", args=[anja.kandidaat.pk])
    morgen = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(url, _formulier(datum=morgen, link="geen link"))
    assert response.status_code == 400
    tekst = response.content.decode()
    assert "Deze datum ligt in de toekomst" in tekst and "Dit is geen goede link" in tekst
    assert 'value="Bakkerij Van Dam"' in tekst
    response = client.post(url, _formulier(bewijs=SimpleUploadedFile("mail.gif", b"GIF89a screenshot")))
    assert response.status_code == 400 and "Dit is geen pdf, Word-bestand (.docx) of foto" in response.content.decode()
    response = client.post(url, _formulier(bewijs=SimpleUploadedFile("foto.jpg", b"\xff\xd8\xff\xe0 jpeg")))
    assert response.status_code == 400 and "Deze foto is beschadigd of niet te lezen" in response.content.decode()
    assert not Sollicitatieactiviteit.objects.exists()
    # A screenshot of the sollicitatiemail, as a phone makes it, is proof enough: stored as a pdf.
    response = client.post(url, _formulier(bewijs=SimpleUploadedFile("Screenshot.png", _schermafdruk())))
    assert response.status_code == 302
    assert Sollicitatieactiviteit.objects.get().bewijs.name.endswith(".pdf")


def test_she_edits_and_deletes_her_own_activity(client, anja):
    client.force_login(anja.werkzoekende_user)
    client.post(reverse("sollicitatie_nieuw", args=[anja.kandidaat.pk]), _formulier())
    activiteit = Sollicitatieactiviteit.objects.get()
    response = client.post(reverse("sollicitatie_bewerken", args=[activiteit.pk]), _formulier(functie="Bakker"))
    assert response.status_code == 302
    activiteit.refresh_from_db()
    assert activiteit.functie == "Bakker"
    assert client.post(reverse("sollicitatie_verwijderen", args=[activiteit.pk])).status_code == 302
    assert not Sollicitatieactiviteit.objects.exists()
    assert Sollicitatieplicht.objects.get().gedaan == 0


def test_an_activity_of_a_closed_period_cannot_be_changed(client, anja):
    SollicitatieplichtFactory(kandidaat=anja.kandidaat, startdatum=timezone.localdate() - timedelta(days=35))
    oud = SollicitatieactiviteitFactory(kandidaat=anja.kandidaat, datum=timezone.localdate() - timedelta(days=20))
    client.force_login(anja.werkzoekende_user)
    assert client.get(reverse("sollicitatie_bewerken", args=[oud.pk])).status_code == 302
    client.post(reverse("sollicitatie_verwijderen", args=[oud.pk]))
    assert Sollicitatieactiviteit.objects.filter(pk=oud.pk).exists()


def test_the_klantmanager_sets_maatwerk_with_a_reason(client, anja):
    client.force_login(anja.klantmanager)
    url = reverse("sollicitatieplicht_wijzigen", args=[anja.kandidaat.pk])
    response = client.post(url, {"aantal": "1", "startdatum": timezone.localdate().isoformat(), "reden": ""})
    assert response.status_code == 400 and "Schrijf op waarom" in response.content.decode()
    response = client.post(url, {"aantal": "1", "startdatum": timezone.localdate().isoformat(),
                                 "reden": "Start met een opleiding"})
    assert response.status_code == 302
    plicht = Sollicitatieplicht.objects.get(kandidaat=anja.kandidaat)
    assert (plicht.aantal, plicht.reden) == (1, "Start met een opleiding")
    pagina = client.get(reverse("sollicitatieplicht", args=[anja.kandidaat.pk])).content.decode()
    assert "Start met een opleiding" in pagina and "Karin Klant" in pagina


def test_the_days_left_are_hers_on_her_page_and_named_on_the_klantmanagers(client, anja):
    """The klantmanager's page once said "Je hebt nog 28 dagen": they have no days, Willem has."""
    plicht_instellen(kandidaat=anja.kandidaat, door=anja.klantmanager, aantal=4, startdatum=timezone.localdate(),
                     reden="")
    url = reverse("sollicitatieplicht", args=[anja.kandidaat.pk])
    client.force_login(anja.klantmanager)
    pagina = client.get(url).content.decode()
    assert "Willem heeft nog 28 dagen." in pagina and "Je hebt nog" not in pagina
    client.force_login(anja.werkzoekende_user)
    assert "Je hebt nog 28 dagen." in client.get(reverse("mijn_sollicitatieplicht"), follow=True).content.decode()


def test_the_pdf_for_uwv_holds_the_period_and_every_activity(client, anja):
    plicht_instellen(kandidaat=anja.kandidaat, door=anja.klantmanager, aantal=4,
                     startdatum=timezone.localdate() - timedelta(days=30))
    vorige = timezone.localdate() - timedelta(days=10)
    SollicitatieactiviteitFactory(kandidaat=anja.kandidaat, werkgever="Hornbach Zwolle", functie="Verkoper bouw",
                                  datum=vorige, wijze="gesprek", link="https://werk.example.nl/123")
    SollicitatieactiviteitFactory(kandidaat=anja.kandidaat, werkgever="Kringloop Één", functie="Winkelmedewerker",
                                  datum=timezone.localdate())
    for gebruiker in (anja.werkzoekende_user, anja.klantmanager):
        client.force_login(gebruiker)
        response = client.get(reverse("sollicitaties_pdf", args=[anja.kandidaat.pk]) + "?periode=1")
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert "no-store" in response["Cache-Control"]
        tekst = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
        assert "Willem van de Vecht" in tekst and "Periode 1" in tekst
        assert "Hornbach Zwolle" in tekst and "Verkoper bouw" in tekst and "Sollicitatiegesprek" in tekst
        assert "Gevraagd: 4. Gedaan: 1 (3 te weinig)" in tekst  # period 1 is over
        assert "Kringloop" not in tekst  # period 2
    # A range over both periods, special characters as written.
    van = (timezone.localdate() - timedelta(days=30)).isoformat()
    response = client.get(reverse("sollicitaties_pdf", args=[anja.kandidaat.pk]),
                          {"van": van, "tot": timezone.localdate().isoformat()})
    tekst = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Hornbach Zwolle" in tekst and "Kringloop Één" in tekst and "Periode 2" in tekst
    assert "Gevraagd: 4. Gedaan: 1 (nog 3 te doen)" in tekst  # period 2 is open
    # Both downloads are logged: hers as shared (she hands it to UWV), the klantmanager's as inzage.
    assert Verwerking.objects.filter(gebruiker=anja.werkzoekende_user, actie=Verwerking.Actie.DELEN).count() == 1
    assert Verwerking.objects.filter(gebruiker=anja.klantmanager, wat__contains="pdf").count() == 2


def test_a_wrong_range_is_a_clear_message_not_an_error(client, anja):
    client.force_login(anja.werkzoekende_user)
    url = reverse("sollicitaties_pdf", args=[anja.kandidaat.pk])
    response = client.get(url, {"van": "2026-11-20", "tot": "2026-11-01"})
    assert response.status_code == 400 and "De einddatum ligt voor de begindatum" in response.content.decode()
    assert client.get(url, {"periode": "99"}).status_code == 404
    assert client.get(url, {"periode": "x"}).status_code == 404


def test_the_overview_costs_the_same_queries_for_many_periods_and_activities(client, anja):
    client.force_login(anja.werkzoekende_user)
    SollicitatieplichtFactory(kandidaat=anja.kandidaat, startdatum=timezone.localdate() - timedelta(days=60))
    url = reverse("sollicitatieplicht", args=[anja.kandidaat.pk])

    def tel():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    klein = tel()
    Sollicitatieplicht.objects.filter(kandidaat=anja.kandidaat).update(
        startdatum=timezone.localdate() - timedelta(days=400))
    for dagen in range(0, 400, 9):
        SollicitatieactiviteitFactory(kandidaat=anja.kandidaat, datum=timezone.localdate() - timedelta(days=dagen))
    # session+user (+organisatie, regio: the header's regio), kandidaat (+klantmanager, gemeente, account), the
    # plicht, its history, the activities of the page's periods; the unread meldingen count comes with the session
    assert klein == tel() == 5


def test_caseload_filter_loopt_achter_does_not_grow_with_the_caseload(client, wereld):
    vandaag = timezone.localdate()
    achter = SollicitatieplichtFactory(kandidaat=WWKandidaatFactory(klantmanager=wereld.klantmanager,
                                                                    achternaam="Achterop"),
                                       startdatum=vandaag - timedelta(days=10)).kandidaat
    SollicitatieplichtFactory(kandidaat=WWKandidaatFactory(klantmanager=wereld.klantmanager, achternaam="Opschema"),
                              startdatum=vandaag - timedelta(days=2))
    client.force_login(wereld.klantmanager)
    url = reverse("klantmanager_home") + "?aandacht=sollicitaties"

    def tel():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        return len(ctx), response.content.decode()

    klein, html = tel()
    assert "Achterop" in html and "Opschema" not in html and "loopt achter met solliciteren" in html
    for i in range(30):
        SollicitatieplichtFactory(kandidaat=WWKandidaatFactory(klantmanager=wereld.klantmanager),
                                  startdatum=vandaag - timedelta(days=8 + i % 10))
    groot, html = tel()
    assert klein == groot
    # In "vraagt aandacht" too.
    assert "Achterop" in client.get(reverse("klantmanager_home") + "?aandacht=alle").content.decode()
    assert achter.pk


def test_her_home_page_says_how_many_are_still_to_do(client, anja, wereld):
    client.force_login(anja.werkzoekende_user)
    SollicitatieactiviteitFactory(kandidaat=anja.kandidaat)
    SollicitatieplichtFactory(kandidaat=anja.kandidaat)
    tekst = client.get(reverse("werkzoekende_home")).content.decode()
    assert "Je gaf er 1 van de 4 door." in tekst and "Nog 3 te doen" in tekst
    # Vrijstelling or no plicht: nothing about it on the home page.
    Sollicitatieplicht.objects.filter(kandidaat=anja.kandidaat).update(aantal=0, reden="Ziek")
    assert "Nog 3 te doen" not in client.get(reverse("werkzoekende_home")).content.decode()


def test_a_closed_dossier_asks_her_for_nothing_any_more(client, anja, wereld):
    """The klantmanager closed the dossier (geen uitkering meer): her home page still said "Nog 3 te doen" with a
    button to pass on applications. Now it says nothing of it, and the page itself says nothing is asked."""
    client.force_login(anja.werkzoekende_user)
    SollicitatieactiviteitFactory(kandidaat=anja.kandidaat)
    SollicitatieplichtFactory(kandidaat=anja.kandidaat)
    dossier_afsluiten(kandidaat=anja.kandidaat, door=wereld.klantmanager, reden="geen_uitkering")

    home = client.get(reverse("werkzoekende_home")).content.decode()
    assert "Nog 3 te doen" not in home and "Sollicitaties doorgeven" not in home
    pagina = client.get(reverse("sollicitatieplicht", args=[anja.kandidaat.pk])).content.decode()
    assert "Je dossier is gesloten. Je hoeft hier niets meer door te geven." in pagina


def test_a_closed_dossier_offers_no_button_to_pass_on_a_sollicitatie(client, anja, wereld):
    """"Je dossier is gesloten. Je hoeft hier niets meer door te geven." stood right above the button "Sollicitatie
    doorgeven", and the form behind it saved one all the same (and each one "Aanpassen" and "Weghalen")."""
    client.force_login(anja.werkzoekende_user)
    SollicitatieplichtFactory(kandidaat=anja.kandidaat)
    activiteit = SollicitatieactiviteitFactory(kandidaat=anja.kandidaat)
    dossier_afsluiten(kandidaat=anja.kandidaat, door=wereld.klantmanager, reden="geen_uitkering")
    anja.kandidaat.refresh_from_db()

    pagina = client.get(reverse("sollicitatieplicht", args=[anja.kandidaat.pk])).content.decode()
    assert reverse("sollicitatie_nieuw", args=[anja.kandidaat.pk]) not in pagina
    assert reverse("sollicitatie_bewerken", args=[activiteit.pk]) not in pagina
    assert 'id="kop-nu"' not in pagina  # no "Deze periode" with "Nog 3 te doen" or "Doorgeven mag wel"
    response = client.get(reverse("sollicitatie_nieuw", args=[anja.kandidaat.pk]))
    assert response.status_code == 302 and response.url == reverse("sollicitatieplicht", args=[anja.kandidaat.pk])
    with pytest.raises(ValidationError):
        services.activiteit_vastleggen(kandidaat=anja.kandidaat, door=anja.werkzoekende_user, werkgever="Bakkerij",
                                       functie="Verkoper", datum=timezone.localdate(), wijze="mail")
    assert Sollicitatieactiviteit.objects.filter(kandidaat=anja.kandidaat).count() == 1


def test_an_optional_field_says_so_once(client, anja):
    """Before: "Link naar de vacature (mag leeg) (niet verplicht)"."""
    client.force_login(anja.werkzoekende_user)
    tekst = " ".join(re.sub(r"<[^>]+>", " ", client.get(
        reverse("sollicitatie_nieuw", args=[anja.kandidaat.pk])).content.decode()).split())
    assert "mag leeg" not in tekst
    assert "Link naar de vacature (niet verplicht)" in tekst and "Wil je er iets over kwijt? (niet verplicht)" in tekst


def test_a_closed_dossier_behind_on_solliciteren_no_longer_counts_for_attention(client, wereld):
    """The rule of this app ("loopt achter") is counted from its own rows: a closed dossier stayed in that count."""
    vandaag = timezone.localdate()
    achter = SollicitatieplichtFactory(kandidaat=WWKandidaatFactory(klantmanager=wereld.klantmanager,
                                                                    achternaam="Achterop", laatste_contact_op=vandaag),
                                       startdatum=vandaag - timedelta(days=10)).kandidaat
    client.force_login(wereld.klantmanager)
    url = reverse("klantmanager_home")
    voor = client.get(url).context["aantal_aandacht"]
    dossier_afsluiten(kandidaat=achter, door=wereld.klantmanager, reden="verhuisd")
    assert client.get(url).context["aantal_aandacht"] == voor - 1
    assert "Achterop" not in client.get(url, {"aandacht": "sollicitaties"}).content.decode()


def test_a_warme_overdracht_from_ww_to_bijstand_ends_the_ww_sollicitatieplicht(client, wereld, met_commit):
    """WW ends, UWV hands the dossier to the gemeente (bijstand): her home page still counted "Nog 3 te doen" for the
    WW, she was reminded before each period's end, and the gemeente's klantmanager saw "loopt achter met
    solliciteren" in her caseload. Now the WW plicht becomes a vrijstelling, with the reason in its history; what
    she did stays."""
    vandaag = timezone.localdate()
    Kandidaat.objects.filter(pk=wereld.kandidaat.pk).update(uitkering=Kandidaat.Uitkering.WW,
                                                             klantmanager=wereld.klantmanager)
    wereld.kandidaat.refresh_from_db()
    plicht = SollicitatieplichtFactory(kandidaat=wereld.kandidaat, startdatum=vandaag - timedelta(days=10))
    SollicitatieactiviteitFactory(kandidaat=wereld.kandidaat, datum=vandaag - timedelta(days=9))
    gemeente = KlantmanagerFactory(regio=wereld.klantmanager.regio)
    met_commit(warme_overdracht, kandidaat=wereld.kandidaat, door=wereld.klantmanager, naar=gemeente,
               notitie="WW stopt, bijstand begint.", uitkering=Kandidaat.Uitkering.BIJSTAND)

    client.force_login(wereld.werkzoekende_user)
    assert "Nog 3 te doen" not in client.get(reverse("werkzoekende_home")).content.decode()
    eigen = client.get(reverse("sollicitatieplicht", args=[wereld.kandidaat.pk])).content.decode()
    assert "Je hoeft nu niet te solliciteren" in eigen and "Bouwbedrijf" in eigen  # what she did stays
    assert herinneringen_versturen(vandaag=plicht.periode_eind) == 0
    client.force_login(gemeente)
    caseload = client.get(reverse("klantmanager_home") + "?aandacht=sollicitaties").content.decode()
    assert wereld.kandidaat.achternaam not in caseload
    wijziging = PlichtWijziging.objects.get(plicht=plicht, aantal=0)
    assert wijziging.door == wereld.klantmanager and "De WW is gestopt" in wijziging.reden


def test_after_the_handover_to_the_bijstand_she_no_longer_reads_the_overview_for_uwv(client, wereld, met_commit):
    """Before: "Overzicht voor UWV (pdf)" ("Dit kun je printen of naar UWV sturen") stayed on her page after the
    warme overdracht to the gemeente, while she gets bijstand and has nothing to send to UWV any more. Her
    klantmanager keeps it (the periods of the WW stay)."""
    vandaag = timezone.localdate()
    Kandidaat.objects.filter(pk=wereld.kandidaat.pk).update(uitkering=Kandidaat.Uitkering.WW,
                                                             klantmanager=wereld.klantmanager)
    wereld.kandidaat.refresh_from_db()
    SollicitatieplichtFactory(kandidaat=wereld.kandidaat, startdatum=vandaag - timedelta(days=10))
    url = reverse("sollicitatieplicht", args=[wereld.kandidaat.pk])
    client.force_login(wereld.werkzoekende_user)
    assert "Overzicht voor UWV (pdf)" in client.get(url).content.decode()  # in the WW it applies
    gemeente = KlantmanagerFactory(regio=wereld.klantmanager.regio)
    met_commit(warme_overdracht, kandidaat=wereld.kandidaat, door=wereld.klantmanager, naar=gemeente,
               notitie="WW stopt, bijstand begint.", uitkering=Kandidaat.Uitkering.BIJSTAND)
    eigen = client.get(url).content.decode()
    assert "Overzicht voor UWV" not in eigen and "naar UWV sturen" not in eigen
    assert reverse("sollicitaties_pdf", args=[wereld.kandidaat.pk]) not in eigen  # nor the pdf of a period
    client.force_login(gemeente)
    assert "Overzicht voor UWV (pdf)" in client.get(url).content.decode()


def test_a_handover_within_the_ww_keeps_the_sollicitatieplicht(wereld, met_commit):
    Kandidaat.objects.filter(pk=wereld.kandidaat.pk).update(uitkering=Kandidaat.Uitkering.WW,
                                                             klantmanager=wereld.klantmanager)
    wereld.kandidaat.refresh_from_db()
    plicht = SollicitatieplichtFactory(kandidaat=wereld.kandidaat)
    met_commit(warme_overdracht, kandidaat=wereld.kandidaat, door=wereld.klantmanager,
               naar=KlantmanagerFactory(regio=wereld.klantmanager.regio), notitie="Andere collega van UWV.")
    plicht.refresh_from_db()
    assert plicht.aantal == 4


def test_a_vrijstelling_does_not_read_as_one_of_zero_done(client, anja):
    """Found walking the journey: under a vrijstelling the page read "1 van de 0 gedaan.", "compleet" and, below
    "Vrijstelling: 0 per 4 weken.", also "Afspraak: 0 per 4 weken (maatwerk).\""""
    kandidaat = anja.kandidaat
    services.plicht_instellen(kandidaat=kandidaat, door=anja.klantmanager, aantal=0,
                              startdatum=timezone.localdate(), reden="Ziek gemeld tot 1 januari.")
    SollicitatieactiviteitFactory(kandidaat=kandidaat, datum=timezone.localdate())
    for wie in (anja.klantmanager, anja.werkzoekende_user):
        client.force_login(wie)
        html = client.get(reverse("sollicitatieplicht", args=[kandidaat.pk])).content.decode()
        assert "van de 0 gedaan" not in html and "0 per 4 weken (maatwerk)" not in html, wie
        assert "1 doorgegeven; in deze periode gold een vrijstelling." in html, wie


def test_a_closed_dossier_takes_no_change_or_removal_of_a_sollicitatie_either(client, anja, wereld):
    """The page of a closed dossier hid "Aanpassen" and "Weghalen", but a page opened before the closing (or the
    address) still changed and removed what she had passed on, in a dossier that asks nothing any more."""
    client.force_login(anja.werkzoekende_user)
    SollicitatieplichtFactory(kandidaat=anja.kandidaat)
    activiteit = SollicitatieactiviteitFactory(kandidaat=anja.kandidaat, datum=timezone.localdate())
    dossier_afsluiten(kandidaat=anja.kandidaat, door=wereld.klantmanager, reden="geen_uitkering")
    overzicht = reverse("sollicitatieplicht", args=[anja.kandidaat.pk])

    response = client.get(reverse("sollicitatie_bewerken", args=[activiteit.pk]))
    assert response.status_code == 302 and response.url == overzicht
    response = client.post(reverse("sollicitatie_bewerken", args=[activiteit.pk]),
                           _formulier(werkgever="Iets anders"), follow=True)
    assert "Je dossier is gesloten. Je hoeft hier niets meer door te geven." in response.content.decode()
    response = client.post(reverse("sollicitatie_verwijderen", args=[activiteit.pk]), follow=True)
    assert "Je dossier is gesloten. Je hoeft hier niets meer door te geven." in response.content.decode()
    assert "Je sollicitatie is weggehaald" not in response.content.decode()
    activiteit.refresh_from_db()  # still there, as it was
    assert activiteit.werkgever != "Iets anders"
    anja.kandidaat.refresh_from_db()
    for service, extra in ((services.activiteit_wijzigen, {"werkgever": "Iets anders", "functie": "Verkoper",
                                                           "datum": timezone.localdate(), "wijze": "mail"}),
                           (services.activiteit_verwijderen, {})):
        with pytest.raises(ValidationError):
            service(activiteit=activiteit, door=anja.werkzoekende_user, **extra)
    assert Sollicitatieactiviteit.objects.filter(pk=activiteit.pk, werkgever=activiteit.werkgever).exists()


def test_the_pdf_of_a_period_under_a_vrijstelling_does_not_read_as_complete(client, anja):
    """The page no longer said "1 van de 0 gedaan" and "compleet" under a vrijstelling (a052cfc); the pdf she hands to
    UWV still did: "Gevraagd: 0. Gedaan: 1 (compleet).", and "Gedaan: 0 (compleet)" for a period with nothing."""
    kandidaat = anja.kandidaat
    plicht_instellen(kandidaat=kandidaat, door=anja.klantmanager, aantal=0, startdatum=timezone.localdate(),
                     reden="Ziek gemeld tot 1 januari.")
    SollicitatieactiviteitFactory(kandidaat=kandidaat, datum=timezone.localdate())
    client.force_login(anja.werkzoekende_user)
    response = client.get(reverse("sollicitaties_pdf", args=[kandidaat.pk]) + "?periode=1")
    tekst = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages).split())
    assert "compleet" not in tekst and "Gevraagd: 0" not in tekst
    assert "Vrijstelling in deze periode. Gedaan: 1." in tekst


def test_the_reason_the_ww_plicht_ended_is_stored_in_dutch_whatever_language_the_klantmanager_reads(client, wereld,
                                                                                                     met_commit):
    """The reason is written when the handover commits, in the language of the klantmanager who hands over: with the
    English portal, the gemeente's klantmanager read in the (Dutch) history "Reden: The WW has ended...\""""
    Kandidaat.objects.filter(pk=wereld.kandidaat.pk).update(uitkering=Kandidaat.Uitkering.WW,
                                                             klantmanager=wereld.klantmanager)
    wereld.kandidaat.refresh_from_db()
    plicht = SollicitatieplichtFactory(kandidaat=wereld.kandidaat)
    gemeente = KlantmanagerFactory(regio=wereld.klantmanager.regio)
    with translation.override("en"):
        met_commit(warme_overdracht, kandidaat=wereld.kandidaat, door=wereld.klantmanager, naar=gemeente,
                   notitie="WW stopt, bijstand begint.", uitkering=Kandidaat.Uitkering.BIJSTAND)
    plicht.refresh_from_db()
    assert plicht.reden.startswith("De WW is gestopt")
    assert PlichtWijziging.objects.get(plicht=plicht, aantal=0).reden.startswith("De WW is gestopt")
    client.force_login(gemeente)
    pagina = client.get(reverse("sollicitatieplicht", args=[wereld.kandidaat.pk])).content.decode()
    assert "Reden: De WW is gestopt" in pagina


def test_the_klantmanager_changing_the_uitkering_from_ww_ends_the_ww_sollicitatieplicht_too(client, wereld,
                                                                                             met_commit):
    """6509fc9 ended the WW sollicitatieplicht when a warme overdracht ends the WW. His own klantmanager recording it
    in the dossier (Uitkering: bijstand, no handover) left it on: his home page still counted "Nog 3 te doen" for
    the WW, and her caseload said "loopt achter met solliciteren"."""
    vandaag = timezone.localdate()
    Kandidaat.objects.filter(pk=wereld.kandidaat.pk).update(uitkering=Kandidaat.Uitkering.WW,
                                                             klantmanager=wereld.klantmanager)
    wereld.kandidaat.refresh_from_db()
    plicht = SollicitatieplichtFactory(kandidaat=wereld.kandidaat, startdatum=vandaag - timedelta(days=10))
    SollicitatieactiviteitFactory(kandidaat=wereld.kandidaat, datum=vandaag - timedelta(days=9))
    met_commit(dossier_bijwerken, kandidaat=wereld.kandidaat, door=wereld.klantmanager,
               uitkering=Kandidaat.Uitkering.BIJSTAND)

    client.force_login(wereld.werkzoekende_user)
    assert "Nog 3 te doen" not in client.get(reverse("werkzoekende_home")).content.decode()
    plicht.refresh_from_db()
    assert plicht.vrijgesteld and plicht.achter_vanaf is None
    wijziging = PlichtWijziging.objects.get(plicht=plicht, aantal=0)
    assert wijziging.door == wereld.klantmanager and "De WW is gestopt" in wijziging.reden
    # another change of the dossier leaves a plicht set since alone
    plicht_instellen(kandidaat=wereld.kandidaat, door=wereld.klantmanager, aantal=2, startdatum=vandaag,
                     reden="De gemeente vraagt er 2.")
    met_commit(dossier_bijwerken, kandidaat=wereld.kandidaat, door=wereld.klantmanager, telefoon="0612345678")
    plicht.refresh_from_db()
    assert plicht.aantal == 2


def test_weghalen_clicked_twice_says_it_is_gone_not_page_not_found(client, anja):
    """"Weghalen" clicked twice, or in a second tab after the first, showed Anja "Pagina niet gevonden" (404) for the
    sollicitatie she had just removed. Now she is back on her list with "Deze sollicitatie is al weggehaald."."""
    client.force_login(anja.werkzoekende_user)
    client.post(reverse("sollicitatie_nieuw", args=[anja.kandidaat.pk]), _formulier())
    activiteit = Sollicitatieactiviteit.objects.get()
    overzicht = reverse("sollicitatieplicht", args=[anja.kandidaat.pk])
    assert f'name="dossier" value="{anja.kandidaat.pk}"' in client.get(overzicht).content.decode()
    url = reverse("sollicitatie_verwijderen", args=[activiteit.pk])
    assert client.post(url, {"dossier": anja.kandidaat.pk}).status_code == 302
    tweede = client.post(url, {"dossier": anja.kandidaat.pk}, follow=True)
    assert tweede.redirect_chain[0][0] == overzicht
    assert "Deze sollicitatie is al weggehaald." in tweede.content.decode()
    # Her klantmanager removes nothing and a stranger learns nothing: 404 as before.
    client.force_login(anja.klantmanager)
    assert client.post(url, {"dossier": anja.kandidaat.pk}).status_code == 404
