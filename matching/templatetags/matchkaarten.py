"""``{% matchkaarten rijen %}``: the cards of "Wie past erbij?", written in Python.

The page shows 25 cards, each with a name or pseudonym, the score or what is missing, the explanation per part,
the shortlist form and the next step. Through the template (``matching/_match.html``, some forty nodes a card) the
cards took 2.5-2.8 ms of the page's ~9 ms of CPU (docs/benchmarks.md, eenendertigste sessie). This tag writes the
same HTML, character for character, with the same translations, escaping and addresses; ``matching/_match.html``
stays the readable description of a card, and ``matching/tests/test_matchkaarten.py`` renders both for every kind
of row and compares them.
"""

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from klantreis.lib.adressen import adres, waar_in
from klantreis.lib.formweergave import kommagetal, tekst
from klantreis.lib.vertalen import taal

register = template.Library()

_CSRF = CsrfTokenNode()


def _adres(naam, args, plek):
    return conditional_escape(adres(naam, args, plek))


@register.simple_tag(takes_context=True)
def matchkaarten(context, rijen):
    """What ``{% include "matching/_match.html" with rijen=rijen %}`` gives (with the newline at the end of that
    file), in a page with autoescape (every page of the portal). ``{% translate %}`` of a literal is not escaped (Django
    marks it safe), every ``{{ value }}`` is."""
    csrf = _CSRF.render(context)
    vacature_pk = context["vacature"].pk
    plek, taal_nu = waar_in(context), taal(context)
    anoniem, werkfit = gettext("anoniem"), gettext("nog niet werkfit")
    mist_kop, van, op = gettext("Mist"), gettext("Van de shortlist"), gettext("Op de shortlist")
    voordragen, gevraagd_tekst = gettext("Voordragen"), gettext("Toestemming gevraagd: wacht op antwoord")
    vragen, past_voor = gettext("Toestemming vragen"), gettext("Past voor %(p)s%%")
    delen = []
    for rij in rijen:
        k, r = rij["k"], rij["r"]
        zichtbaar = rij.get("naam_zichtbaar")
        naam = f"{tekst(k.voornaam)} {tekst(k.achternaam)}" if zichtbaar else f"{tekst(k.anoniem)} ({anoniem})"
        status = "" if k.werkfit else f' <span class="wsp-status wsp-status--wacht">{werkfit}</span>'
        delen.append(f'<li class="wsp-kaart">\n  <h3 class="utrecht-heading-3">{naam}, {tekst(k.gemeente)}{status}'
                     '</h3>\n  ')
        if r.past:
            score = past_voor % {"p": tekst(kommagetal(r.totaal, 0, taal_nu))}
            delen.append(f'<p class="utrecht-paragraph"><strong>{score}</strong></p>\n  ')
        else:
            mist = conditional_escape("; ").join(conditional_escape(m) for m in r.mist)
            delen.append(f'<p class="utrecht-paragraph wsp-mist"><strong>{mist_kop}:</strong> {mist}</p>')
        onderdelen = "".join(f"<li>{tekst(o.uitleg)}</li>" for o in r.onderdelen)
        pseudoniem = tekst(k.pseudoniem)
        delen.append(f'\n  <ul class="utrecht-unordered-list">{onderdelen}</ul>\n  <div class="wsp-acties">\n    '
                     f'<form method="post" class="wsp-inline">{csrf}<input type="hidden" name="kandidaat" '
                     f'value="{pseudoniem}">')
        knop = '<button type="submit" class="utrecht-button utrecht-button--secondary-action">'
        if rij.get("op_shortlist"):
            delen.append(f'<input type="hidden" name="actie" value="weg">{knop}{van}'
                         f'<span class="wsp-honing"> {pseudoniem}</span></button>')
        else:
            delen.append(f'{knop}{op}<span class="wsp-honing"> {pseudoniem}</span></button>')
        delen.append("</form>\n    ")
        if zichtbaar:
            delen.append('<a class="utrecht-button-link utrecht-button-link--html-a '
                         'utrecht-button-link--primary-action"'
                         f' href="{_adres("voordracht_nieuw", [vacature_pk], plek)}?kandidaat={tekst(k.pk)}">'
                         f'{voordragen}<span class="wsp-honing"> {tekst(k.voornaam)}</span></a>\n    ')
        elif rij.get("gevraagd"):
            delen.append(f'<span class="wsp-status wsp-status--wacht">{gevraagd_tekst}</span>\n    ')
        else:
            delen.append('<a class="utrecht-button-link utrecht-button-link--html-a '
                         'utrecht-button-link--secondary-action"'
                         f' href="{_adres("toestemming_vragen", [vacature_pk, k.pk], plek)}">'
                         f'{vragen}<span class="wsp-honing"> {pseudoniem}</span></a>')
        delen.append("\n  </div>\n</li>")
    delen.append("\n")
    return mark_safe("".join(delen))
