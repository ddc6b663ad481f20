"""The reader of delivered mail in tests/werkers.py (``berichten``), which the outage test uses to count 20,000
messages: it reads the headers as written (compat32) and decodes them itself. For the headers the outbox writes (a
Message-ID, one address, a subject that Django leaves as ASCII or encodes as a whole) it must give what Python's
structured headers (policy.default) give, as Django's file backend writes them."""

from email import policy
from email.parser import BytesHeaderParser

from django.core.mail.backends.filebased import EmailBackend

from outbox.mime import Bericht
from tests.werkers import SCHEIDING, berichten, ruwe_berichten

ONDERWERPEN = [
    "Check-in: hoe gaat het?",
    "Check-in: hoe gaat het met José Müller bij Bakkerij 't Hoekje in Ede, na vier weken op de werkvloer?",
    "Herinnering:   twee  spaties\tand a tab",
]
AAN = ["willem@example.nl", "José Müller <jose.muller@example.nl>", "an.de.vries@example.nl"]


def _zoals_python(maildir):
    """The three headers through policy.default, message by message, in the reader's order."""
    lezer, uit = BytesHeaderParser(policy=policy.default), []
    for _naam, ruw in ruwe_berichten(maildir)[0]:
        bericht = lezer.parsebytes(ruw)
        uit.append((str(bericht["Message-ID"]).strip(), str(bericht["To"]).strip(),
                    " ".join(str(bericht["Subject"]).split())))
    return uit


def test_the_reader_gives_what_pythons_structured_headers_give(tmp_path):
    verbinding = EmailBackend(file_path=str(tmp_path))
    verbinding.open()
    for i, (onderwerp, aan) in enumerate(zip(ONDERWERPEN, AAN, strict=True)):
        bericht = Bericht(subject=onderwerp, body="Beste José,\n\nHoe gaat het?\n", to=[aan],
                          headers={"Message-ID": f"<{i}-test@klantreis>"}, connection=verbinding)
        bericht.attach_alternative("<p>Beste José,</p>", "text/html")
        bericht.send()
    verbinding.close()
    (bestand,) = tmp_path.glob("*.log")
    ruw = bestand.read_bytes()
    assert b"=?utf-8?" in ruw  # the accents went as encoded words, so the reader had to decode them
    assert b"?=\n =?utf-8?" in ruw  # and the long subject was folded over two lines
    with bestand.open("ab") as f:  # a worker killed while writing: no closing line of dashes
        f.write(ruw.split(SCHEIDING)[0][:200])

    gelezen, afgebroken = berichten(tmp_path)

    assert afgebroken == 1
    assert [(b.message_id, b.aan, b.onderwerp) for b in gelezen] == _zoals_python(tmp_path)
    assert [b.onderwerp for b in gelezen] == [" ".join(o.split()) for o in ONDERWERPEN]
    assert [b.aan for b in gelezen] == AAN
    assert [b.message_id for b in gelezen] == [f"<{i}-test@klantreis>" for i in range(3)]


def test_text_that_only_looks_like_an_encoded_word_is_kept_as_written(tmp_path):
    """A vacature title with ``=?x?q?y?=`` in it (an unknown charset) or a broken payload: counted, not a crash."""
    verbinding = EmailBackend(file_path=str(tmp_path))
    onderwerpen = ["Vacature =?x?q?y?= monteur", "Vacature =?utf-8?q?=FF?= lasser"]
    for i, onderwerp in enumerate(onderwerpen):
        Bericht(subject=onderwerp, body="x", to=["a@example.nl"], headers={"Message-ID": f"<{i}-test@klantreis>"},
                connection=verbinding).send()

    gelezen, afgebroken = berichten(tmp_path)

    assert afgebroken == 0 and [b.onderwerp for b in gelezen] == onderwerpen
