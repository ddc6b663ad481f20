"""Dutch surnames: "de Boer" is filed under B, "van der Berg" under B, as every Dutch list does. And names to compare
as people type them: with or without accents, in any case."""

import unicodedata

TUSSENVOEGSELS = frozenset({
    "van", "de", "der", "den", "het", "'t", "te", "ten", "ter", "in", "op", "aan", "bij", "uit", "onder",
    "voor", "over", "d'", "la", "le", "les", "l'", "du", "des", "di", "da", "del", "della", "dos", "von", "vom", "zu",
})


def sorteernaam(achternaam: str) -> str:
    """The achternaam without leading tussenvoegsels, in lower case: the key to sort on."""
    woorden = achternaam.split()
    while len(woorden) > 1 and woorden[0].lower() in TUSSENVOEGSELS:
        woorden.pop(0)
    return " ".join(woorden).lower()


def naamvorm(tekst: str) -> str:
    """A name to compare: no accents, no case, one space between words, a hyphen as a space ("Conciërge" and
    "concierge", "'s-Hertogenbosch" and "'s Hertogenbosch" are the same)."""
    tekst = unicodedata.normalize("NFKD", tekst.replace("-", " "))
    return " ".join("".join(t for t in tekst if not unicodedata.combining(t)).casefold().split())
