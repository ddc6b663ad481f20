"""Uploaded documents are cleaned, not only checked.

A photo (jpeg or png, where a document may be one: a diploma, a letter, proof of an application; never a cv) is
decoded and written anew as a one-page pdf: what the camera put in it (location, device, time) does not travel on.

A pdf is parsed completely with pikepdf (qpdf) and written anew without anything that runs or opens something
(JavaScript, open actions, launch actions, embedded files, XFA forms); a docx is refused when its zip would
unpack to something absurd, carries macros or hides another archive; and when ``CLAMD_ADRES`` is set every
upload is streamed to ClamAV first. The werkgever downloads only what this module wrote.

Every refusal is an ``OnveiligBestand`` with a Dutch sentence that says what to do. pikepdf is imported at the
first pdf a process checks, not when it starts (``klantreis.lib.lui``).
"""

import io
import os
import socket
import struct
import zipfile

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from klantreis.lib.lui import LuiModule

pikepdf = LuiModule("pikepdf")
fpdf = LuiModule("fpdf")
Image = LuiModule("PIL.Image")
ImageOps = LuiModule("PIL.ImageOps")


class OnveiligBestand(ValueError):
    """The upload is refused; ``str(exc)`` is the Dutch message for the person who uploaded it."""


class ScannerOnbereikbaar(OnveiligBestand):
    """ClamAV is configured but does not answer: the upload is refused (fail closed), nothing is stored."""


# --- soort -----------------------------------------------------------------------------------------------

def soort_bepalen(bestand) -> str | None:
    """'pdf' or 'docx' judged by the content (magic bytes and the zip's parts), never by the name."""
    bestand.seek(0)
    begin = bestand.read(8)
    bestand.seek(0)
    if begin.startswith(b"%PDF-"):
        return "pdf"
    if begin.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(bestand) as zipbestand:
                namen = set(zipbestand.namelist())
        except (zipfile.BadZipFile, ValueError, OSError):
            return None
        finally:
            bestand.seek(0)
        if "[Content_Types].xml" in namen and "word/document.xml" in namen:
            return "docx"
    return None


def foto_soort(bestand) -> str | None:
    """'jpeg' or 'png' judged by the magic bytes, never by the name."""
    bestand.seek(0)
    begin = bestand.read(8)
    bestand.seek(0)
    if begin.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if begin.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    return None


# --- foto ------------------------------------------------------------------------------------------------

# A phone photo is 12-50 million pixels; more is not a photo of a document but a way to fill memory.
FOTO_MAX_PIXELS = 60_000_000
# Written at a size that is sharp on an A4 page (about 200 dpi) and small to store and send.
_FOTO_MAX_ZIJDE = 2400


def foto_naar_pdf(bestand) -> bytes:
    """The photo decoded completely, turned upright (the camera's orientation tag), without its metadata, and
    placed on an A4 page of a new pdf. Raises ``OnveiligBestand`` for what does not decode as a jpeg or png."""
    onleesbaar = OnveiligBestand(_("Deze foto is beschadigd of niet te lezen. Maak de foto opnieuw, of sla het "
                                   "document op als pdf, en probeer het nog eens."))
    bestand.seek(0)
    try:
        with Image.open(bestand, formats=["JPEG", "PNG"]) as foto:
            breedte, hoogte = foto.size
            if breedte * hoogte > FOTO_MAX_PIXELS:
                raise OnveiligBestand(_("Deze foto is te groot (meer dan 60 megapixel). Maak een kleinere foto en "
                                        "probeer het opnieuw."))
            foto.load()
            foto = ImageOps.exif_transpose(foto).convert("RGB")
    except OnveiligBestand:
        raise
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise onleesbaar from exc
    finally:
        bestand.seek(0)
    foto.thumbnail((_FOTO_MAX_ZIJDE, _FOTO_MAX_ZIJDE))
    jpeg = io.BytesIO()
    foto.save(jpeg, format="JPEG", quality=85)  # no exif= argument: nothing of the camera's metadata
    pdf = fpdf.FPDF(orientation="L" if foto.width > foto.height else "P", unit="mm", format="A4")
    pdf.set_creator("Werkgeversservicepunt")
    pdf.add_page()
    marge = 10
    pdf.image(jpeg, x=marge, y=marge, w=pdf.w - 2 * marge, h=pdf.h - 2 * marge, keep_aspect_ratio=True)
    return bytes(pdf.output())


# --- pdf -------------------------------------------------------------------------------------------------

# Keys that make a viewer run or open something. Removed wherever they occur, in any dictionary.
_VERBODEN_SLEUTELS = {
    "/OpenAction", "/AA", "/JavaScript", "/JS", "/EmbeddedFiles", "/EmbeddedFile", "/EF", "/XFA",
    "/RichMediaContent", "/RichMediaSettings",
}
# An action (/A) is kept only when it goes somewhere inside the document or to an ordinary web or mail address.
_VEILIGE_ACTIES = {"/GoTo", "/URI"}
_VEILIGE_URI = (b"http://", b"https://", b"mailto:")
# Annotations that only exist to play, open or attach something.
_ONVEILIGE_ANNOTATIES = {"/FileAttachment", "/Movie", "/Sound", "/Screen", "/RichMedia", "/3D"}
# Action types that run, open, send or import something (the /S of an action dictionary).
_ONVEILIGE_ACTIESOORTEN = {"/JavaScript", "/Launch", "/ImportData", "/SubmitForm", "/ResetForm", "/GoToR", "/GoToE",
                           "/RichMediaExecute", "/Rendition", "/Sound", "/Movie", "/Hide", "/GoTo3DView"}

# Text that shows a "pdf" is really a web page or script with a pdf header in front (a polyglot).
_ANDERE_INHOUD = (b"<html", b"<!doctype", b"<script", b"<body", b"<iframe", b"<head")


def _actie_veilig(actie) -> bool:
    if not isinstance(actie, pikepdf.Dictionary):
        return False
    soort = actie.get("/S")
    if soort is None or str(soort) not in _VEILIGE_ACTIES:
        return False
    if str(soort) == "/URI":
        uri = actie.get("/URI")
        if uri is None or not bytes(uri).strip().lower().startswith(_VEILIGE_URI):
            return False
    # A chain of actions (/Next) could hide JavaScript behind a harmless first step.
    return "/Next" not in actie


def _dictionary_schoonmaken(obj) -> int:
    weg = 0
    for sleutel in list(obj.keys()):
        if sleutel in _VERBODEN_SLEUTELS or sleutel == "/A" and not _actie_veilig(obj.get("/A")):
            del obj[sleutel]
            weg += 1
    onveilige_annotatie = str(obj.get("/Subtype", "")) in _ONVEILIGE_ANNOTATIES
    onveilige_actie = str(obj.get("/S", "")) in _ONVEILIGE_ACTIESOORTEN
    if onveilige_annotatie or onveilige_actie:
        # Cut it down to nothing that can act (an action that is still referenced somewhere does nothing).
        for sleutel in list(obj.keys()):
            if sleutel not in ("/Type", "/Subtype", "/Rect", "/P"):
                del obj[sleutel]
        weg += 1
    return weg


def _schoonmaken(obj, diepte=0):
    """Clean one object and the direct (not separately stored) dictionaries and arrays inside it: an action can
    sit in a dictionary nested in a dictionary. Indirect objects are cleaned on their own turn."""
    if diepte > 100:
        raise RecursionError("te diep genest")
    if isinstance(obj, pikepdf.Stream):
        obj = obj.stream_dict
    if isinstance(obj, pikepdf.Dictionary):
        _dictionary_schoonmaken(obj)
        kinderen = [obj.get(sleutel) for sleutel in list(obj.keys())]
    elif isinstance(obj, pikepdf.Array):
        kinderen = list(obj)
    else:
        return
    for kind in kinderen:
        if isinstance(kind, (pikepdf.Dictionary, pikepdf.Array)) and not kind.is_indirect:
            _schoonmaken(kind, diepte + 1)


def pdf_schoonmaken(bestand) -> bytes:
    """Parse every object of the pdf and return a new pdf without JavaScript, actions, embedded files and XFA.

    Raises ``OnveiligBestand`` when it is not a pdf that parses completely (a broken file, or html/script with a
    pdf header in front)."""
    bestand.seek(0)
    inhoud = bestand.read()
    bestand.seek(0)
    if not inhoud.startswith(b"%PDF-"):
        raise OnveiligBestand(_("Dit is geen pdf-bestand."))
    # The first kilobyte of a pdf is its header and the first objects, never a web page.
    if any(teken in inhoud[:1024].lower() for teken in _ANDERE_INHOUD):
        raise OnveiligBestand(_("Dit bestand begint als pdf, maar is een webpagina of script. Sla je cv opnieuw "
                                "op als pdf (in Word: Bestand > Opslaan als > PDF) en probeer het nog eens."))
    onleesbaar = OnveiligBestand(_("Deze pdf is beschadigd of niet goed te lezen. Sla je cv opnieuw op als pdf "
                                   "(in Word: Bestand > Opslaan als > PDF) en probeer het nog eens."))
    try:
        # qpdf may repair a damaged cross-reference table (common in pdfs from older tools); what it cannot read as
        # a pdf with pages is refused, and what it reads is written anew, so bytes outside the objects are gone.
        with pikepdf.open(io.BytesIO(inhoud)) as pdf:
            if len(pdf.pages) == 0:
                raise onleesbaar
            for obj in pdf.objects:
                _schoonmaken(obj)
            for pagina in pdf.pages:
                # Inherited or direct page dictionaries and their annotations, whatever pdf.objects listed.
                _schoonmaken(pagina.obj)
            root = pdf.Root
            _dictionary_schoonmaken(root)
            if "/Names" in root:
                _dictionary_schoonmaken(root.Names)
            if "/AcroForm" in root:
                _dictionary_schoonmaken(root.AcroForm)
                if "/NeedsRendering" in root.AcroForm:
                    del root.AcroForm["/NeedsRendering"]
            uit = io.BytesIO()
            # Only objects reachable from the new root are written: the removed scripts and files are gone.
            pdf.save(uit, compress_streams=True, deterministic_id=True, encryption=False)
    except OnveiligBestand:
        raise
    except (pikepdf.PdfError, pikepdf.PasswordError, ValueError, TypeError, RecursionError) as exc:
        if isinstance(exc, pikepdf.PasswordError):
            raise OnveiligBestand(_("Deze pdf is beveiligd met een wachtwoord. Sla je cv op zonder wachtwoord en "
                                    "probeer het opnieuw.")) from exc
        raise onleesbaar from exc
    return uit.getvalue()


# --- docx ------------------------------------------------------------------------------------------------

_RATIO_VANAF = 5 * 1024 * 1024
_MACRO_TYPES = (b"macroenabled", b"vbaproject", b"vnd.ms-office.activex", b"vnd.ms-word.keymap")


def docx_controleren(bestand) -> None:
    """Refuse a docx that unpacks to an absurd size or ratio (a zip bomb), has macros or holds another archive.

    The sizes in the zip's directory are checked before anything is unpacked; then every part is read in
    bounded pieces, so a directory that lies (a smaller size than the real one) fails its CRC check instead
    of filling memory."""
    max_uitgepakt = settings.DOCX_MAX_UITGEPAKT_BYTES
    max_ratio = settings.DOCX_MAX_RATIO
    max_delen = settings.DOCX_MAX_DELEN
    bom = OnveiligBestand(_("Dit Word-bestand wordt bij het openen veel te groot. Sla je cv opnieuw op als .docx "
                            "of als pdf en probeer het nog eens."))
    kapot = OnveiligBestand(_("Dit Word-bestand is beschadigd. Sla je cv opnieuw op als .docx of als pdf en "
                              "probeer het nog eens."))
    bestand.seek(0, io.SEEK_END)
    grootte = max(bestand.tell(), 1)
    bestand.seek(0)
    try:
        with zipfile.ZipFile(bestand) as zipbestand:
            delen = zipbestand.infolist()
            if len(delen) > max_delen:
                raise bom
            totaal = sum(deel.file_size for deel in delen)
            # The ratio only counts from a few MB: a small docx of repetitive xml may pack very well and harms
            # nobody; a bomb needs size.
            if totaal > max_uitgepakt or totaal > _RATIO_VANAF and totaal / grootte > max_ratio:
                raise bom
            for deel in delen:
                naam = deel.filename.lower()
                if naam.endswith("vbaproject.bin") or naam.endswith(".bin") and "vba" in naam:
                    raise OnveiligBestand(_("Dit Word-bestand bevat macro's. Sla je cv op als gewoon Word-document "
                                            "(.docx) of als pdf en probeer het opnieuw."))
                if deel.file_size > _RATIO_VANAF and deel.file_size / max(deel.compress_size, 1) > max_ratio:
                    raise bom
            gelezen = 0
            for deel in delen:
                if deel.is_dir():
                    continue
                with zipbestand.open(deel) as stuk:
                    begin = stuk.read(4)
                    if begin.startswith(b"PK\x03\x04") or begin.startswith(b"PK\x05\x06"):
                        raise OnveiligBestand(_("Dit Word-bestand bevat een ander ingepakt bestand. Sla je cv op "
                                                "zonder ingevoegde bestanden en probeer het opnieuw."))
                    gelezen += len(begin)
                    inhoud_types = deel.filename == "[Content_Types].xml"
                    types = bytearray(begin) if inhoud_types else None
                    while blok := stuk.read(64 * 1024):
                        gelezen += len(blok)
                        if gelezen > max_uitgepakt:
                            raise bom
                        if types is not None and len(types) < 1024 * 1024:
                            types.extend(blok)
                    if types is not None and any(t in bytes(types).lower() for t in _MACRO_TYPES):
                        raise OnveiligBestand(_("Dit Word-bestand bevat macro's. Sla je cv op als gewoon "
                                                "Word-document (.docx) of als pdf en probeer het opnieuw."))
    except OnveiligBestand:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, ValueError, OSError, EOFError) as exc:
        raise kapot from exc
    finally:
        bestand.seek(0)


# --- one checked upload ----------------------------------------------------------------------------------

def gecontroleerd(bestand, *, fout_soort: str, foto: bool = False):
    """What is stored of an upload: scanned as it came, judged by its bytes, a pdf written anew without scripts
    or attachments, a docx checked, and (``foto``) a jpeg or png written anew as a pdf. Returns the file to store
    with ``.soort`` ('pdf' or 'docx'). ``fout_soort``: the Dutch sentence for any other kind of file. Raises
    ``OnveiligBestand``."""
    clamav_scannen(bestand)
    soort = soort_bepalen(bestand)
    if soort == "pdf":
        schoon = ContentFile(pdf_schoonmaken(bestand), name=bestand.name)
    elif soort == "docx":
        docx_controleren(bestand)
        schoon = bestand
    elif foto and foto_soort(bestand):
        stam = os.path.splitext(os.path.basename(bestand.name or ""))[0] or "foto"
        schoon, soort = ContentFile(foto_naar_pdf(bestand), name=f"{stam}.pdf"), "pdf"
    else:
        raise OnveiligBestand(fout_soort)
    schoon.soort = soort
    return schoon


# --- ClamAV ----------------------------------------------------------------------------------------------

def _clamd_verbinding(adres: str, timeout: float) -> socket.socket:
    if adres.startswith("/"):
        verbinding = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        verbinding.settimeout(timeout)
        verbinding.connect(adres)
        return verbinding
    host, _sep, poort = adres.rpartition(":")
    return socket.create_connection((host.strip("[]") or "127.0.0.1", int(poort)), timeout=timeout)


def clamav_scannen(bestand, *, adres: str | None = None) -> None:
    """Stream the file to clamd (INSTREAM) when ``CLAMD_ADRES`` is set; refuse what it finds.

    clamd configured but not answering, or answering with an error, refuses the upload: better "try again
    later" than passing on a file nobody checked."""
    adres = adres if adres is not None else settings.CLAMD_ADRES
    if not adres:
        return
    later = ScannerOnbereikbaar(_("Je bestand kan nu niet op virussen gecontroleerd worden. Er is niets "
                                  "opgeslagen en je oude cv blijft staan. Probeer het later nog eens."))
    bestand.seek(0)
    try:
        with _clamd_verbinding(adres, settings.CLAMD_TIMEOUT_SECONDEN) as verbinding:
            verbinding.sendall(b"zINSTREAM\0")
            while blok := bestand.read(64 * 1024):
                verbinding.sendall(struct.pack("!L", len(blok)) + blok)
            verbinding.sendall(struct.pack("!L", 0))
            antwoord = b""
            while not antwoord.endswith(b"\0"):
                deel = verbinding.recv(4096)
                if not deel:
                    break
                antwoord += deel
    except (OSError, ValueError) as exc:
        raise later from exc
    finally:
        bestand.seek(0)
    antwoord = antwoord.rstrip(b"\0").decode("utf-8", "replace").strip()
    if antwoord.endswith("FOUND"):
        raise OnveiligBestand(_("In dit bestand zit een virus of schadelijke code. Het is niet opgeslagen. "
                                "Controleer je computer en sla je cv opnieuw op."))
    if not antwoord.endswith("OK"):
        raise later
