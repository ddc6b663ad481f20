"""Sentences built around a name."""

import re

# Two periods that are not part of an ellipsis ("..."): the sentence's own after a name's last one.
_DUBBELE_PUNT = re.compile(r"(?<!\.)\.\.(?!\.)")
# The sentence's period after a name that ends a sentence of its own: "Yahoo!", "Wat Nu?", "Bakkerij Zo…" or
# "Bakkerij Zo...". Only at the end of a word (a space or the end follows): "Zo...nl" is left as it is.
_PUNT_NA_TEKEN = re.compile(r"(?:(?<=[!?…])|(?<=\.\.\.))\.(?=\s|$)")


def een_punt(tekst) -> str:
    """A sentence that ends on a name ending in a period ("De Heul Installatietechniek B.V.") ends with that one
    period: "met De Heul Installatietechniek B.V.. Vraag eerst" read like a typo. So does a name ending in "!", "?"
    or an ellipsis ("bij Yahoo!." is "bij Yahoo!"). An ellipsis in the text stays."""
    return _PUNT_NA_TEKEN.sub("", _DUBBELE_PUNT.sub(".", str(tekst)))
