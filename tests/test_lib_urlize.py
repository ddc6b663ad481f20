"""``klantreis.lib.urlize`` gives the same text as Django's ``urlize``, and is the ``|urlize`` of the templates."""

import random

import pytest
from django.template import Context, engines
from django.template import defaultfilters as django_filters
from django.utils.html import urlize as django_urlize
from django.utils.safestring import SafeData, mark_safe

from klantreis.lib.urlize import urlize

# Words that are links, almost links, or that Django's trimming of punctuation and wrapping treats specially.
WOORDEN = [
    "Beste", "Anja,", "gaat.", "het?", "(zie", "hier)", "1", "één", "ñandú", "Korenschoof.",
    "https://portaal.wsp.example.nl/checkin/abcdef0123/", "https://x.nl/a?b=1&c=2", "http://example.com.",
    "https://x.nl/a.", "(https://x.nl/pad)", "[https://x.nl]", "https://x.nl/a),", "HTTPS://X.NL/A",
    "http://[::1]:8000/", "https://bücher.de/ä?ö=ü", "https://x.nl/%20a%zz", "http://", "https://", "ftp://x.nl",
    "www.wsp.nl,", "WWW.EXAMPLE.ORG", "www.", "wwwXnl", "foo.com", "foo.COM/pad", "foo.comma", "foo.int",
    "ab.ınt", "xy.İNT", "a.gov.", "b.mil;", "c.edu!", "d.net:", "e.org/", "x.nl", "example.nl.", "mailto:a@b.nl",
    "jan@example.nl",
    "jan@example.nl.", "<jan@example.nl>", "Jan.de.Vries@gemeente.example.nl", "x@y", "@", "a@", "@b", "a@b@c.nl",
    "jan@@example.nl", "jan@example", "user@[127.0.0.1]", "://", "a://b", "tel:026", "...", "a.b.c", ":", "&amp;",
    "&", "&lt;script&gt;", "<b>", "</b>", '"aan"', "'x'", "it's", "http://x.nl/'a'", "x" * 60,
    "https://x.nl/" + "a" * 2100, "www." + "b" * 2100 + ".com",
]
TUSSEN = [" ", " ", " ", "\n", "\n\n", "\t", "  ", "<", ">", '"', "'", "\r\n", "\u00a0", "\u2028", " ("]


def _teksten(aantal, seed=2026):
    rng = random.Random(seed)
    for _ in range(aantal):
        delen = []
        for _ in range(rng.randint(1, 14)):
            delen += [rng.choice(WOORDEN), rng.choice(TUSSEN)]
        yield "".join(delen[: rng.randint(1, len(delen))])


VOORBEELDEN = [
    "", " ", "Beste Anja,\n\nJe werkt nu bij Bakkerij Één. Hoe gaat het?\n\nGeef een cijfer:\n"
    "https://portaal.wsp.example.nl/checkin/abc/\n\nDe link werkt één keer.\nLiever bellen? Hans: 026 123 45 67.",
    "Mail jeske.gunterman@gemeente.example.nl of kijk op www.werk.nl.", "<script>alert('x')</script> & co",
    "Zie (https://x.nl/a.b?c=d#e).", "x" * 5000, "a@b " * 200,
]


@pytest.mark.parametrize("autoescape", [True, False])
@pytest.mark.parametrize("veilig", [False, True], ids=["tekst", "veilige-tekst"])
@pytest.mark.parametrize("nofollow,limiet", [(True, None), (False, None), (True, 15)])
def test_the_same_text_as_djangos_urlize(autoescape, veilig, nofollow, limiet):
    verschillen = []
    for tekst in [*VOORBEELDEN, *_teksten(1500)]:
        invoer = mark_safe(tekst) if veilig else tekst
        verwacht = django_urlize(invoer, trim_url_limit=limiet, nofollow=nofollow, autoescape=autoescape)
        gekregen = urlize(invoer, trim_url_limit=limiet, nofollow=nofollow, autoescape=autoescape)
        if gekregen != verwacht:
            verschillen.append((tekst, verwacht, gekregen))
    assert not verschillen, verschillen[:3]


def test_the_generated_texts_hold_links_of_every_kind():
    """The comparison above can fail: the texts hold URLs, www addresses, mail addresses, IDN and escaping."""
    uit = "".join(django_urlize(t, nofollow=True, autoescape=True) for t in _teksten(1500))
    for stuk in ('href="https://portaal.wsp.example.nl/checkin/abcdef0123/"', 'href="http://www.wsp.nl"',
                 'href="mailto:jan@example.nl"', 'href="http://foo.com"', 'href="https://b%C3%BCcher.de/%C3%A4',
                 "&lt;b&gt;", "&#x27;", "&quot;", "&amp;amp;"):
        assert stuk in uit, stuk


def test_the_filter_in_a_template_is_this_one_with_djangos_output():
    engine = engines["django"].engine
    sjabloon = engine.from_string("{{ t|urlize }}|{% autoescape off %}{{ t|urlize }}{% endautoescape %}")
    (filter_functie, _args), = sjabloon.nodelist[0].filter_expression.filters
    assert filter_functie.__module__ == "klantreis.lib.urlize"
    assert filter_functie.is_safe and filter_functie.needs_autoescape
    for tekst in [*VOORBEELDEN, *_teksten(300, seed=7)]:
        for invoer in (tekst, mark_safe(tekst)):
            verwacht = (f"{django_filters.urlize(invoer, autoescape=True)}|"
                        f"{django_filters.urlize(invoer, autoescape=False)}")
            gekregen = sjabloon.render(Context({"t": invoer}))
            assert gekregen == verwacht, tekst
    assert isinstance(django_filters.register.filters["urlize"]("https://x.nl"), SafeData)
