"""The outbox writes each mail with less work (``outbox.mime``) and the same bytes as Django's own message."""

import email
import random
import re
import string
from email import generator, header
from email.policy import compat32

import pytest
from django.core import mail

from accounts.tests.factories import KlantmanagerFactory
from outbox.mime import KOPPEN, Bericht
from outbox.models import Mail
from outbox.services import mail_klaarzetten, mails_versturen

pytestmark = pytest.mark.django_db


def test_every_header_folds_as_compat32_folds_it():
    """Short ASCII values (the fast path) and everything else (compat32 itself): the same text, tabs, runs of
    spaces, leading and trailing white space, long values and non-ASCII included."""
    rng = random.Random(16)
    tekens = string.ascii_letters + string.digits + " \t;:,.<>@=?\"'()-_/\\"
    waarden = ["", " ", "Nazorg: hoe gaat het met Willem?", "=?utf-8?q?Caf=C3=A9?=", "één keer", "a\tb  c ",
               "x" * 72, "x" * 73, "woord " * 30, "regel een\n regel twee"]
    waarden += ["".join(rng.choice(tekens if rng.random() < 0.5 else "ab  \t") for _ in range(rng.randint(0, 90)))
                for _ in range(3000)]
    for naam in ("To", "Subject", "Message-ID", "X-Een-Lange-Kopnaam-Voor-De-Grens"):
        for waarde in waarden:
            for beleid, standaard in ((KOPPEN, compat32), (KOPPEN.clone(linesep="\r\n"), compat32.clone(linesep="\r\n"))):
                assert beleid._fold(naam, waarde, sanitize=True) == standaard._fold(naam, waarde, sanitize=True), (
                    naam, waarde)


def _bericht(klasse):
    bericht = klasse(subject="Nazorg: één vraag over Willem van de Vecht", body="Beste Jeske,\n\nHoe gaat het?\n",
                     to=["jeske.klantmanager@gemeente-overbetuwe.example.nl"],
                     headers={"Message-ID": "<4711@klantreis>"})
    bericht.attach_alternative("<p>Beste Jeske,</p><p>Hoe gaat het?</p>", "text/html")
    bericht.attach("overeenkomst.pdf", b"%PDF-1.4 proef", "application/pdf")
    return bericht


def _zonder_grenzen(ruw: bytes) -> bytes:
    grenzen = re.findall(rb'boundary="([^"]+)"', ruw)  # in the order they appear
    for i, g in enumerate(grenzen):
        ruw = ruw.replace(g, b"GRENS%d" % i)
    return re.sub(rb"\nDate: [^\n]+", b"\nDate: -", ruw)


def test_a_mail_is_written_to_the_same_bytes_without_header_objects_or_a_regex_per_mail(monkeypatch):
    gewoon = _bericht(mail.EmailMultiAlternatives).message()
    snel = _bericht(Bericht).message()
    # Each multipart part has a boundary of its own before the generator runs; no compiled check of the text.
    grenzen = [deel.get_boundary() for deel in snel.walk() if deel.is_multipart()]
    assert len(grenzen) == 2 and len(set(grenzen)) == 2 and all(g is not None for g in grenzen)

    gebruikt = {"koppen": 0, "regex": 0}
    echte_encode, echte_re = header.Header.encode, generator.BytesGenerator._compile_re.__func__

    def encode(self, *args, **kwargs):
        gebruikt["koppen"] += 1
        return echte_encode(self, *args, **kwargs)

    def compile_re(cls, *args, **kwargs):
        gebruikt["regex"] += 1
        return echte_re(cls, *args, **kwargs)

    monkeypatch.setattr(header.Header, "encode", encode)
    monkeypatch.setattr(generator.BytesGenerator, "_compile_re", classmethod(compile_re))
    for linesep in ("\n", "\r\n"):  # the file backend and the SMTP backend
        assert _zonder_grenzen(snel.as_bytes(linesep=linesep)) == _zonder_grenzen(gewoon.as_bytes(linesep=linesep))
    per_bericht = {}
    for naam, klasse in (("gewoon", mail.EmailMultiAlternatives), ("snel", Bericht)):
        bericht = _bericht(klasse).message()  # a fresh one: the generator keeps the boundary it drew on the message
        gebruikt.update(koppen=0, regex=0)
        bericht.as_bytes(linesep="\r\n")
        per_bericht[naam] = dict(gebruikt)
    # Django's own: every header through a Header object, a regex per multipart part. The outbox's: only the
    # Content-Type line of the alternative part, which is longer than a line with its boundary.
    assert per_bericht == {"gewoon": {"koppen": 19, "regex": 2}, "snel": {"koppen": 1, "regex": 0}}, per_bericht

    terug = email.message_from_bytes(snel.as_bytes())
    delen = [(d.get_content_type(), d.get_payload(decode=True)) for d in terug.walk() if not d.is_multipart()]
    assert delen == [("text/plain", b"Beste Jeske,\n\nHoe gaat het?\n"),
                     ("text/html", b"<p>Beste Jeske,</p><p>Hoe gaat het?</p>"),
                     ("application/pdf", b"%PDF-1.4 proef")]
    assert str(header.make_header(header.decode_header(terug["Subject"]))) == (
        "Nazorg: één vraag over Willem van de Vecht")


def test_the_outbox_sends_with_the_lighter_message(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    klantmanager = KlantmanagerFactory()
    mail_klaarzetten(aan=[klantmanager.email], onderwerp="Één nieuw bericht", tekst="Kijk in het portaal.\n")
    assert mails_versturen() == 1
    (verstuurd,) = mail.outbox
    assert isinstance(verstuurd, Bericht)
    assert verstuurd.message().policy is KOPPEN
    assert Mail.objects.get(aan=klantmanager.email).status == Mail.Status.VERSTUURD
