"""Sentences built around a name."""

import re

# Two periods that are not part of an ellipsis ("..."): the sentence's own after a name's last one.
_DUBBELE_PUNT = re.compile(r"(?<!\.)\.\.(?!\.)")


def een_punt(tekst) -> str:
    """A sentence that ends on a name ending in a period ("De Heul Installatietechniek B.V.") ends with that one
    period: "met De Heul Installatietechniek B.V.. Vraag eerst" read like a typo. An ellipsis stays."""
    return _DUBBELE_PUNT.sub(".", str(tekst))
