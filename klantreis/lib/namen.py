"""Dutch surnames: "de Boer" is filed under B, "van der Berg" under B, as every Dutch list does."""

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
