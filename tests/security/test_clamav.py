"""ClamAV: with CLAMD_ADRES set, every upload is streamed to clamd (INSTREAM) before it is checked and stored.

Against a real clamd (Debian's clamav-daemon), started by the test as its own process. freshclam cannot fetch
signatures here, so its database directory holds one signature we write ourselves: the EICAR test string, as a
body signature (.ndb) so it is found inside a pdf as well."""

import io
import shutil
import socket
import subprocess
import time

import pikepdf
import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from conftest import ontbreekt
from klantreis.lib.bestanden import OnveiligBestand, ScannerOnbereikbaar, clamav_scannen
from tests.werkers import vrije_poort
from werkzoekenden.services import cv_opslaan

pytestmark = pytest.mark.django_db

# The standard antivirus test file (not a virus): every scanner is meant to report it.
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


@pytest.fixture(scope="module")
def clamd(tmp_path_factory):
    programma = shutil.which("clamd") or ("/usr/sbin/clamd" if shutil.os.path.exists("/usr/sbin/clamd") else None)
    if programma is None:
        ontbreekt("clamd ontbreekt (apt-get install clamav-daemon)")
    map_ = tmp_path_factory.mktemp("clamd")
    (map_ / "db").mkdir()
    (map_ / "db" / "klantreis.ndb").write_text(f"Klantreis.Test.EICAR:0:*:{EICAR.hex()}\n")
    poort = vrije_poort()
    socketpad = map_ / "clamd.sock"
    (map_ / "clamd.conf").write_text(
        f"DatabaseDirectory {map_ / 'db'}\nLocalSocket {socketpad}\nTCPSocket {poort}\nTCPAddr 127.0.0.1\n"
        f"Foreground yes\nLogFile {map_ / 'clamd.log'}\nPidFile {map_ / 'clamd.pid'}\n"
        "StreamMaxLength 20M\n")
    proces = subprocess.Popen([programma, "-c", str(map_ / "clamd.conf")], stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE)
    try:
        for _i in range(600):  # loading one signature takes about a second
            try:
                with socket.create_connection(("127.0.0.1", poort), timeout=1) as s:
                    s.sendall(b"zPING\0")
                    if s.recv(16).startswith(b"PONG"):
                        break
            except OSError:
                if proces.poll() is not None:
                    pytest.fail(f"clamd stopte: {proces.stderr.read().decode()[-2000:]}")
                time.sleep(0.1)
        else:
            pytest.fail("clamd antwoordde niet binnen 60 s")
        yield {"tcp": f"127.0.0.1:{poort}", "unix": str(socketpad)}
    finally:
        proces.terminate()
        proces.wait(timeout=30)


def pdf_met(tekst: bytes, *, lading: bytes = b""):
    """A valid pdf; ``lading`` goes into an uncompressed stream of its own, byte for byte."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.pages[0].obj.Contents = pdf.make_stream(b"BT /F1 12 Tf 72 720 Td (" + tekst + b") Tj ET")
    if lading:
        pdf.Root.Lading = pdf.make_stream(lading)
    uit = io.BytesIO()
    pdf.save(uit, compress_streams=False)
    return uit.getvalue()


def upload(client, wereld, inhoud, naam="cv.pdf"):
    return client.post(reverse("cv", args=[wereld.kandidaat.pk]), {"cv": SimpleUploadedFile(naam, inhoud)})


@pytest.mark.parametrize("soort", ["tcp", "unix"])
def test_clamd_finds_eicar_over_tcp_and_unix_socket(clamd, soort):
    with pytest.raises(OnveiligBestand, match="virus"):
        clamav_scannen(io.BytesIO(EICAR), adres=clamd[soort])
    clamav_scannen(io.BytesIO(b"Gewoon een cv zonder virus"), adres=clamd[soort])  # no exception


def test_an_infected_cv_is_refused_and_a_clean_one_stored(client, wereld, clamd):
    client.force_login(wereld.werkzoekende_user)
    with override_settings(CLAMD_ADRES=clamd["tcp"]):
        besmet = pdf_met(b"cv", lading=EICAR)
        with pikepdf.open(io.BytesIO(besmet)):
            pass  # a valid pdf: without the scan it would be stored
        response = upload(client, wereld, besmet)
        assert response.status_code == 400
        assert "In dit bestand zit een virus" in response.content.decode()
        wereld.kandidaat.refresh_from_db()
        assert not wereld.kandidaat.cv
        assert upload(client, wereld, pdf_met(b"Ervaren monteur")).status_code == 302
    wereld.kandidaat.refresh_from_db()
    assert wereld.kandidaat.cv


def test_clamd_configured_but_unreachable_refuses_and_keeps_the_old_cv(client, wereld):
    cv_opslaan(kandidaat=wereld.kandidaat, door=wereld.klantmanager, soort="pdf",
               bestand=ContentFile(pdf_met(b"oud cv"), name="cv.pdf"))
    wereld.kandidaat.refresh_from_db()
    oud = wereld.kandidaat.cv.name
    client.force_login(wereld.werkzoekende_user)
    with override_settings(CLAMD_ADRES=f"127.0.0.1:{vrije_poort()}"):
        response = upload(client, wereld, pdf_met(b"nieuw cv"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "kan nu niet op virussen gecontroleerd worden" in html and "Probeer het later" in html
    wereld.kandidaat.refresh_from_db()
    assert wereld.kandidaat.cv.name == oud
    with pytest.raises(ScannerOnbereikbaar):
        clamav_scannen(io.BytesIO(b"x"), adres="/bestaat/niet/clamd.sock")
