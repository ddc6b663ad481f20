"""Issue #16 item 8: uploaded files in S3-compatible object storage (MinIO in docker-compose).

The suite starts its own S3 server as a separate process: moto in server mode on a free port on 127.0.0.1, spoken
to over real HTTP by django-storages and boto3, nothing mocked in this process. The storage comes from the same
environment variables as in production (``OPSLAG_S3_*``, ``klantreis.env.env_opslag``); a cv and a document go up
through the checked upload, come back through the permission-checked download, and are gone from the bucket after
they are replaced or deleted. Every object is encrypted server-side and the bucket stays private."""

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from klantreis.env import env_opslag
from tests.werkers import vrije_poort
from werkzoekenden.models import Document
from werkzoekenden.tests.test_cv import PDF, docx_bytes

pytestmark = pytest.mark.django_db

BUCKET = "klantreis-test"
SLEUTEL, GEHEIM = "testsleutel", "testgeheim"


@pytest.fixture(scope="module")
def s3_server():
    """moto's S3 server in its own process on a free port; stopped at the end of the module."""
    poort = vrije_poort()
    proces = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(poort)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    adres = f"http://127.0.0.1:{poort}"
    try:
        for _poging in range(100):
            try:
                urllib.request.urlopen(f"{adres}/moto-api/", timeout=1)
                break
            except (urllib.error.URLError, ConnectionError, OSError):
                if proces.poll() is not None:
                    pytest.fail("de S3-testserver (moto) stopte meteen")
                time.sleep(0.2)
        else:
            pytest.fail("de S3-testserver (moto) antwoordt niet")
        yield adres
    finally:
        proces.terminate()
        proces.wait(timeout=10)


@pytest.fixture
def s3(s3_server, monkeypatch, settings):
    """The portal's default storage on the S3 server, configured from the environment as in production."""
    import boto3

    client = boto3.client("s3", endpoint_url=s3_server, aws_access_key_id=SLEUTEL, aws_secret_access_key=GEHEIM,
                          region_name="us-east-1")
    if BUCKET not in {b["Name"] for b in client.list_buckets()["Buckets"]}:
        client.create_bucket(Bucket=BUCKET)
    for variabele, waarde in {"OPSLAG_S3_BUCKET": BUCKET, "OPSLAG_S3_ENDPOINT_URL": s3_server,
                              "OPSLAG_S3_ACCESS_KEY": SLEUTEL, "OPSLAG_S3_SECRET_KEY": GEHEIM,
                              "OPSLAG_S3_PREFIX": "media"}.items():
        monkeypatch.setenv(variabele, waarde)
    settings.STORAGES = {**settings.STORAGES, "default": env_opslag()}
    yield client


def _objecten(client):
    return {o["Key"] for o in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])}


def test_the_default_without_a_bucket_is_the_local_file_system(monkeypatch):
    monkeypatch.delenv("OPSLAG_S3_BUCKET", raising=False)
    assert env_opslag() == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_cv_upload_download_and_replacement_go_through_the_bucket(client, wereld, s3,
                                                                  django_capture_on_commit_callbacks):
    from django.core.files.storage import default_storage
    from storages.backends.s3 import S3Storage

    assert isinstance(default_storage, S3Storage)
    client.force_login(wereld.werkzoekende_user)
    voor = _objecten(s3)
    docx = docx_bytes()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("cv", args=[wereld.kandidaat.pk]),
                           {"cv": SimpleUploadedFile("mijn cv.docx", docx)}).status_code == 302
    wereld.kandidaat.refresh_from_db()
    [sleutel] = _objecten(s3) - voor
    assert sleutel == f"media/{wereld.kandidaat.cv.name}"
    kop = s3.head_object(Bucket=BUCKET, Key=sleutel)
    assert kop["ServerSideEncryption"] == "AES256"
    # Private: the object has no grant for everyone (AllUsers), so without the portal nobody reads it.
    grants = s3.get_object_acl(Bucket=BUCKET, Key=sleutel)["Grants"]
    assert not [g for g in grants if "AllUsers" in g["Grantee"].get("URI", "")]
    response = client.get(reverse("cv_downloaden", args=[wereld.kandidaat.pk]))
    assert response["Cache-Control"] == "no-store"
    assert b"".join(response.streaming_content) == docx

    # A new cv replaces the old one: after commit the old object is gone from the bucket.
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("cv", args=[wereld.kandidaat.pk]),
                           {"cv": SimpleUploadedFile("cv.pdf", PDF)}).status_code == 302
    wereld.kandidaat.refresh_from_db()
    assert _objecten(s3) - voor == {f"media/{wereld.kandidaat.cv.name}"}


def test_a_document_is_uploaded_downloaded_and_deleted_in_the_bucket(client, wereld, s3,
                                                                     django_capture_on_commit_callbacks):
    client.force_login(wereld.klantmanager)
    voor = _objecten(s3)
    assert client.post(reverse("documenten", args=[wereld.kandidaat.pk]), {
        "soort": "certificaat", "titel": "Heftruck", "verloopt_op": "",
        "bestand": SimpleUploadedFile("heftruck.pdf", PDF)}).status_code == 302
    document = Document.objects.get()
    assert _objecten(s3) - voor == {f"media/{document.bestand.name}"}
    assert s3.head_object(Bucket=BUCKET, Key=f"media/{document.bestand.name}")["ServerSideEncryption"] == "AES256"
    gedownload = b"".join(client.get(reverse("document_downloaden", args=[document.pk])).streaming_content)
    assert gedownload.startswith(b"%PDF-") and b"/Page" in gedownload
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("document_verwijderen", args=[document.pk]), {"bevestigd": "ja"}).status_code == 302
    assert _objecten(s3) - voor == set()


def test_a_cv_the_bucket_lost_gives_the_page_that_says_so(client, wereld, s3, caplog):
    """An object gone from the bucket (restored from an older backup, deleted by hand): django-storages raises
    FileNotFoundError, and the download gives the page that says so with status 404, not a 500."""
    import logging

    from django.core.files.base import ContentFile

    from werkzoekenden.services import cv_opslaan

    cv_opslaan(kandidaat=wereld.kandidaat, door=wereld.klantmanager, soort="pdf",
               bestand=ContentFile(PDF, name="cv.pdf"))
    wereld.kandidaat.refresh_from_db()
    s3.delete_object(Bucket=BUCKET, Key=f"media/{wereld.kandidaat.cv.name}")
    client.force_login(wereld.klantmanager)
    with caplog.at_level(logging.ERROR):
        antwoord = client.get(reverse("cv_downloaden", args=[wereld.kandidaat.pk]))
    assert antwoord.status_code == 404 and "Dit bestand is niet gevonden" in antwoord.content.decode()
    assert any("Bestand ontbreekt in de opslag" in r.getMessage() for r in caplog.records)


def test_retention_deletes_the_objects_of_an_anonymised_dossier(wereld, s3):
    from datetime import timedelta

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from privacy.bewaren import bewaartermijnen_toepassen
    from werkzoekenden.models import Kandidaat
    from werkzoekenden.services import cv_opslaan

    voor = _objecten(s3)
    cv_opslaan(kandidaat=wereld.kandidaat, door=wereld.klantmanager, soort="pdf",
               bestand=ContentFile(PDF, name="cv.pdf"))
    assert len(_objecten(s3) - voor) == 1
    Kandidaat.objects.filter(pk=wereld.kandidaat.pk).update(afgesloten_op=timezone.now() - timedelta(days=4000))
    bewaartermijnen_toepassen(droog=False, categorieen=["dossier"])
    assert _objecten(s3) - voor == set()


def test_no_app_code_reaches_media_files_outside_the_storage_api():
    """Files in object storage have no path: app code that used ``.path`` or ``MEDIA_ROOT`` on a media file would
    work on a laptop and fail in production. (Tests may look at the disk: they run on the local storage.)"""
    import re
    from pathlib import Path

    from django.apps import apps
    from django.db import models

    wortel = Path(__file__).resolve().parent.parent
    velden = {f.name for m in apps.get_models() for f in m._meta.get_fields() if isinstance(f, models.FileField)}
    verboden = re.compile(r"\.(%s)\.path\b|settings\.MEDIA_ROOT\b|\.storage\.path\(" % "|".join(sorted(velden)))
    fouten = []
    for bestand in wortel.rglob("*.py"):
        deel = bestand.relative_to(wortel).parts
        if deel[0] in (".venv", "node_modules", "tests", "var", "bench") or "tests" in deel or "migrations" in deel \
                or deel[-1].startswith("settings"):
            continue
        for nummer, regel in enumerate(bestand.read_text(encoding="utf-8").splitlines(), 1):
            if verboden.search(regel) and not regel.lstrip().startswith("#"):
                fouten.append(f"{bestand.relative_to(wortel)}:{nummer}: {regel.strip()}")
    assert velden >= {"cv", "bestand", "overeenkomst"}
    assert not fouten, "\n".join(fouten)


def _opslag_met(settings, monkeypatch, **variabelen):
    """The portal's storage from the environment again, with these variables changed (as a deploy would)."""
    for variabele, waarde in variabelen.items():
        monkeypatch.setenv(variabele, waarde)
    settings.STORAGES = {**settings.STORAGES, "default": env_opslag()}


def _iam_sleutel(s3_server, naam, acties):
    """An IAM user of the S3 server that may do only ``acties`` on the test bucket; its access key and secret."""
    import json

    import boto3

    iam = boto3.client("iam", endpoint_url=s3_server, aws_access_key_id=SLEUTEL, aws_secret_access_key=GEHEIM,
                       region_name="us-east-1")
    iam.create_user(UserName=naam)
    iam.put_user_policy(UserName=naam, PolicyName="alleen", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": acties,
                                                "Resource": [f"arn:aws:s3:::{BUCKET}", f"arn:aws:s3:::{BUCKET}/*"]}]}))
    sleutel = iam.create_access_key(UserName=naam)["AccessKey"]
    return sleutel["AccessKeyId"], sleutel["SecretAccessKey"]


@pytest.fixture
def s3_met_rechten(s3_server, s3):
    """The S3 server checks every request against IAM from now on (moto's reset-auth), and stops after the test."""
    def zetten(aantal_zonder_controle):
        urllib.request.urlopen(urllib.request.Request(
            f"{s3_server}/moto-api/reset-auth", data=aantal_zonder_controle, method="POST",
            headers={"Content-Type": "text/plain"}))

    yield lambda: zetten(b"0")
    zetten(b"inf")


def test_credentials_without_a_right_give_a_dutch_page_and_keep_what_was_typed(
        client, wereld, s3, s3_server, s3_met_rechten, settings, monkeypatch, caplog):
    """A bucket whose credentials lack a right (a policy changed, a key rotated to a narrower one): S3 answers 403
    AccessDenied, which django-storages passes on as a ClientError. Before: a 500 for the download, and for an upload
    a 500 that lost the message typed with it. Now the download gives a page that says the file cannot be opened
    (503), and the upload gives the form back with everything typed and a message on the file field."""
    import logging

    from django.core.files.base import ContentFile

    from berichten.models import Bericht
    from berichten.services import wisseling_starten
    from werkzoekenden.services import cv_opslaan

    cv_opslaan(kandidaat=wereld.kandidaat, door=wereld.klantmanager, soort="pdf",
               bestand=ContentFile(PDF, name="cv.pdf"))
    wisseling = wisseling_starten(door=wereld.werkzoekende_user, soort="werkzoekende", kandidaat=wereld.kandidaat,
                                  onderwerp="Vraag", tekst="Hoi")
    alleen_schrijven = _iam_sleutel(s3_server, "alleen-schrijven", ["s3:PutObject"])
    alleen_lezen = _iam_sleutel(s3_server, "alleen-lezen", ["s3:GetObject", "s3:ListBucket"])
    s3_met_rechten()

    _opslag_met(settings, monkeypatch, OPSLAG_S3_ACCESS_KEY=alleen_schrijven[0],
                OPSLAG_S3_SECRET_KEY=alleen_schrijven[1])
    client.force_login(wereld.klantmanager)
    with caplog.at_level(logging.ERROR):
        antwoord = client.get(reverse("cv_downloaden", args=[wereld.kandidaat.pk]))
    assert antwoord.status_code == 503 and "Het bestand kan nu niet worden geopend" in antwoord.content.decode()
    assert any("ClientError 403" in r.getMessage() for r in caplog.records)  # a HEAD: S3 sends no body

    _opslag_met(settings, monkeypatch, OPSLAG_S3_ACCESS_KEY=alleen_lezen[0], OPSLAG_S3_SECRET_KEY=alleen_lezen[1])
    client.force_login(wereld.werkzoekende_user)
    tekst = "Hoi Karin,\nhierbij mijn brief voor de bakkerij. Kun je er vandaag nog naar kijken?"
    antwoord = client.post(reverse("wisseling", args=[wisseling.pk]),
                           {"tekst": tekst, "bijlage": SimpleUploadedFile("brief.pdf", PDF)})
    inhoud = antwoord.content.decode()
    assert antwoord.status_code == 400 and "Het bestand kon nu niet worden opgeslagen" in inhoud
    assert "Kun je er vandaag nog naar kijken?" in inhoud
    assert Bericht.objects.count() == 1  # the first one only: nothing half stored


def test_a_storage_that_does_not_answer_gives_a_dutch_page_and_stores_nothing(
        client, wereld, s3, settings, monkeypatch):
    """The object storage down (nothing listens on its port): a download says the file cannot be opened now (503,
    after at most three attempts), a document upload keeps its title and stores nothing."""
    from django.core.files.base import ContentFile

    from werkzoekenden.services import cv_opslaan

    cv_opslaan(kandidaat=wereld.kandidaat, door=wereld.klantmanager, soort="pdf",
               bestand=ContentFile(PDF, name="cv.pdf"))
    _opslag_met(settings, monkeypatch, OPSLAG_S3_ENDPOINT_URL=f"http://127.0.0.1:{vrije_poort()}")
    client.force_login(wereld.klantmanager)
    begin = time.monotonic()
    antwoord = client.get(reverse("cv_downloaden", args=[wereld.kandidaat.pk]))
    assert antwoord.status_code == 503 and "De opslag van bestanden is even niet bereikbaar" in \
        antwoord.content.decode()
    assert antwoord["Retry-After"] == "60" and time.monotonic() - begin < 20
    antwoord = client.post(reverse("documenten", args=[wereld.kandidaat.pk]), {
        "soort": "certificaat", "titel": "Heftruckcertificaat Van Dijk", "verloopt_op": "",
        "bestand": SimpleUploadedFile("heftruck.pdf", PDF)})
    inhoud = antwoord.content.decode()
    assert antwoord.status_code == 400 and "Heftruckcertificaat Van Dijk" in inhoud
    assert "Het bestand kon nu niet worden opgeslagen" in inhoud and not Document.objects.exists()


def test_a_storage_that_drops_the_connection_gives_the_dutch_page_too(client, wereld, s3, settings, monkeypatch):
    """A server that takes the connection and closes it without an answer (a proxy in trouble, a storage
    restarting): botocore's error then carries ``response=None``. The page must not trip over that."""
    import threading

    from django.core.files.base import ContentFile

    from werkzoekenden.services import cv_opslaan

    cv_opslaan(kandidaat=wereld.kandidaat, door=wereld.klantmanager, soort="pdf",
               bestand=ContentFile(PDF, name="cv.pdf"))
    luisteraar = socket.socket()
    luisteraar.bind(("127.0.0.1", 0))
    luisteraar.listen(16)
    luisteraar.settimeout(0.2)
    stoppen = threading.Event()

    def ophangen():
        while not stoppen.is_set():
            try:
                verbinding, _adres = luisteraar.accept()
            except OSError:
                continue
            verbinding.recv(65536)
            verbinding.close()

    draad = threading.Thread(target=ophangen, daemon=True)
    draad.start()
    try:
        _opslag_met(settings, monkeypatch,
                    OPSLAG_S3_ENDPOINT_URL=f"http://127.0.0.1:{luisteraar.getsockname()[1]}")
        client.force_login(wereld.klantmanager)
        antwoord = client.get(reverse("cv_downloaden", args=[wereld.kandidaat.pk]))
        assert antwoord.status_code == 503 and "De opslag van bestanden is even niet bereikbaar" in \
            antwoord.content.decode()
    finally:
        stoppen.set()
        draad.join(timeout=5)
        luisteraar.close()
