"""``|urlize``: the same output as Django's, without Django's link machinery for words that cannot be a link.

Every mail of the outbox goes out with an HTML part written from its text (``emails/basis.html``:
``{{ tekst|urlize|linebreaks }}``). Django's ``Urlizer`` hands every word of the text, and every run of spaces
between two words, to ``handle_word``: 226 µs for a check-in mail of some fifty words (53 µs here), an eighth of
what sending that mail costs the mail worker.

A word can only become a link when Django's patterns can match a part of it: an address needs ``@``, a URL
``://``, ``www.`` or a dot before com, edu, gov, int, mil, net or org. ``LINKWOORD`` finds the words with exactly
those, case-insensitive as Django's own patterns are (a dotless ı matches i there, and here). Such a word still
goes through Django's ``handle_word``; the text in between comes out as ``handle_word`` would give each of its
words: escaped when the filter escapes and the text was not already safe, else as it is. The tests compare both on
every mail template and on thousands of generated texts.

``installeer()`` (from ``PortaalConfig.ready``) puts this ``urlize`` into Django's built-in filters, as
``klantreis/lib/statisch.py`` does for ``{% static %}``; ``urlizetrunc`` stays Django's.
"""

import html
import re

from django.template import defaultfilters
from django.template.defaultfilters import stringfilter
from django.utils.html import urlizer
from django.utils.safestring import SafeData, mark_safe

# A whole word (Django's words: runs between whitespace, <, >, " and ') in which a link can be. It starts only where
# a word starts (the look-behind), so a long word without one is read once, not once per character.
LINKWOORD = re.compile(r"""(?<![^\s<>"'])[^\s<>"']*?(?:@|://|www\.|\.(?:com|edu|gov|int|mil|net|org))[^\s<>"']*""",
                       re.IGNORECASE)


def urlize(text, trim_url_limit=None, nofollow=False, autoescape=False):
    """``django.utils.html.urlize``, character for character the same text."""
    safe_input = isinstance(text, SafeData)
    text = str(text)
    escapen = autoescape and not safe_input
    delen, vorige = [], 0
    for woord in LINKWOORD.finditer(text):
        # What lies between is words and separators that Django gives back escaped (or as they are); escaping is
        # per character, so escaping it all at once is the same text.
        tussen = text[vorige:woord.start()]
        delen.append(html.escape(tussen) if escapen else tussen)
        delen.append(urlizer.handle_word(woord.group(), safe_input=safe_input, trim_url_limit=trim_url_limit,
                                         nofollow=nofollow, autoescape=autoescape))
        vorige = woord.end()
    rest = text[vorige:]
    delen.append(html.escape(rest) if escapen else rest)
    return "".join(delen)


@stringfilter
def urlize_filter(value, autoescape=True):
    """Django's ``urlize`` filter, with ``urlize`` above."""
    return mark_safe(urlize(value, nofollow=True, autoescape=autoescape))


def installeer():
    """Django's built-in ``urlize`` filter is the one above from now on (for templates compiled after this)."""
    defaultfilters.register.filter("urlize", urlize_filter, is_safe=True, needs_autoescape=True)
