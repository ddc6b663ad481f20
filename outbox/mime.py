"""The outbox's mail as Django builds it, written out with less work per message.

Two costs of Python's ``email`` package that the outbox pays for every mail and needs for none:

- Every header went through ``email.header.Header`` (the compat32 policy folds each value that way), about a tenth
  of a millisecond per header and a dozen headers per mail. A header that is one short line of ASCII comes out of
  that machinery unchanged; ``KorteKoppen`` writes such a header directly and leaves every other header (long,
  non-ASCII, several lines) to compat32 itself, so the bytes on the wire are the same.
- For a multipart mail without a boundary the generator draws a random one and compiles a regular expression to
  make sure the text does not contain it: one compilation per mail. ``Bericht`` gives each multipart part a
  boundary of the generator's own shape from ``secrets`` (63 random bits, drawn after the text was written and
  not predictable), which no text contains by chance.
"""

import secrets
import sys
from email.policy import Compat32

from django.core.mail import EmailMultiAlternatives


class KorteKoppen(Compat32):
    """compat32, with a one-line ASCII header that fits the line length written as it is."""

    def _fold(self, name, value, sanitize):
        if (isinstance(value, str) and value.isascii() and "\n" not in value and "\r" not in value
                and len(name) + 2 + len(value) <= (self.max_line_length or sys.maxsize)):
            return f"{name}: {value}{self.linesep}"
        return super()._fold(name, value, sanitize)


KOPPEN = KorteKoppen()


def grens() -> str:
    """A MIME boundary in the generator's own shape: 15 '=', 19 random digits, '=='."""
    return "=" * 15 + f"{secrets.randbelow(sys.maxsize):019d}" + "=="


class Bericht(EmailMultiAlternatives):
    """``EmailMultiAlternatives`` whose MIME message is written with ``KOPPEN`` and fixed boundaries."""

    def message(self):
        mime = super().message()
        mime.policy = KOPPEN
        for deel in mime.walk():
            if deel.is_multipart():
                deel.set_boundary(grens())
        return mime
