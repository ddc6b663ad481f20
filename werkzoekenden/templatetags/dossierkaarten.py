"""``{% passende_vacatures %}`` and ``{% breder_kijken %}``: the cards "Vacatures die passen" (the dossier) and
"Breder kijken" (the dossier, "Werk dat ik zoek" and "Mijn kansen"), written in Python.

On the dossier, the page a klantmanager opens most, the two cards went through some fifty template nodes each
(``for`` over the matches and their explanations, ``blocktranslate`` with plurals, a form per suggestion)
(docs/benchmarks.md, vijfendertigste sessie). These tags write the same HTML, character for character, with the same
translations, numbers, escaping and CSRF token, including the newline at the end of the template files; the
templates ``werkzoekenden/_passende_vacatures.html`` and ``werkzoekenden/_breder_kijken.html`` stay the readable
description, and ``werkzoekenden/tests/test_dossierkaarten.py`` renders both for every branch and compares them.
"""

from functools import partial

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import ngettext

from accounts.templatetags.paginakop import csrf_invoer
from klantreis.lib.adressen import adres, waar_in
from klantreis.lib.formweergave import kommagetal, tekst
from klantreis.lib.vertalen import taal, vertaald

register = template.Library()

PASSEND_UITLEG = ("De open vacatures in de regio die het best passen bij de wensen en vaardigheden, niet verder weg "
                  "dan de kandidaat wil reizen. De accountmanager van de werkgever kan voordragen; dat gebeurt alleen "
                  "met toestemming.")
GEEN_PASSEND = "Er staan nu geen open vacatures in de regio binnen de reisafstand van de kandidaat."
GEEN_SUGGESTIES = "Nog geen suggesties: vul eerst de vaardigheden in bij 'Werk dat ik zoek en wat ik kan'."
GEEN_SUGGESTIES_MEDEWERKER = "Nog geen suggesties: vul eerst de vaardigheden in bij 'Wensen en vaardigheden'."


@register.simple_tag(takes_context=True)
def passende_vacatures(context):
    """What ``{% include "werkzoekenden/_passende_vacatures.html" %}`` gives, for the context's
    ``passende_vacatures`` (``{"r": ranking result, "v": vacature}``)."""
    t = partial(vertaald, context)
    passend = context.get("passende_vacatures")
    delen = [('\n<section class="wsp-kaart" aria-labelledby="kop-passend" id="passende-vacatures">\n'
              f'<h2 class="utrecht-heading-2" id="kop-passend">{t("Vacatures die passen")}</h2>\n')]
    if passend:
        delen.append(f'\n<p class="utrecht-paragraph">{t(PASSEND_UITLEG)}</p>\n<ol class="utrecht-ordered-list">\n')
        for p in passend:
            v, r = p["v"], p["r"]
            uitleg = "".join(f"<li>{tekst(o.uitleg)}</li>" for o in r.onderdelen)
            delen.append(f"\n<li><strong>{tekst(v.titel)}</strong>, {tekst(v.werkgever.naam)} ({tekst(v.gemeente)}): "
                         f'{t("past voor %(p)s%%") % {"p": tekst(kommagetal(r.totaal, 0, taal(context)))}}\n'
                         f'  <ul class="utrecht-unordered-list">{uitleg}</ul></li>\n')
        delen.append("\n</ol>\n")
    else:
        delen.append(f'\n<p class="utrecht-paragraph">{t(GEEN_PASSEND)}</p>\n')
    delen.append("\n</section>\n")
    return mark_safe("".join(delen))


def _suggestie(context, s, kandidaat_pk, csrf, plek):
    t = partial(vertaald, context)
    naam = tekst(s["beroep"].naam)
    nog = ""
    if s["nog_nodig"]:
        nog = f'; {t("nog nodig")}: {", ".join(tekst(v) for v in s["nog_nodig"])}'
        if s["nog_meer"]:
            nog += " " + ngettext("en %(n)s andere", "en %(n)s andere", s["nog_meer"]) % {"n": tekst(s["nog_meer"])}
    vacatures = ""
    if s["open_vacatures"]:
        vacatures = ngettext("%(n)s open vacature in de regio.", "%(n)s open vacatures in de regio.",
                             s["open_vacatures"]) % {"n": tekst(s["open_vacatures"])}
    gedeeld = t("%(n)s van %(totaal)s vaardigheden") % {"n": tekst(s["gedeeld"]), "totaal": tekst(s["totaal"])}
    return (f"\n<li><strong>{naam}</strong>: {gedeeld}{nog}.\n"
            f"  {vacatures}\n"
            f'  <form method="post" action="{tekst(adres("wensen", [kandidaat_pk], plek))}" class="wsp-inline">{csrf}'
            f'<input type="hidden" name="actie" value="breder"><input type="hidden" name="beroep" '
            f'value="{tekst(s["beroep"].pk)}"><button type="submit" class="utrecht-button '
            f'utrecht-button--secondary-action">{t("Toevoegen aan de wensen")}<span class="wsp-honing"> {naam}</span>'
            "</button></form>\n</li>\n")


@register.simple_tag(takes_context=True)
def breder_kijken(context):
    """What ``{% include "werkzoekenden/_breder_kijken.html" %}`` gives, for the context's ``suggesties``
    (``matching.selectors.Suggesties``), ``kandidaat`` and ``user``."""
    t = partial(vertaald, context)
    suggesties, user = context.get("suggesties"), context.get("user")
    werkzoekende = getattr(user, "rol", None) == "werkzoekende"
    delen = [('\n<section class="wsp-kaart" aria-labelledby="kop-breder" id="breder-kijken">\n'
              f'<h2 class="utrecht-heading-2" id="kop-breder">{t("Breder kijken")}</h2>\n')]
    if suggesties:
        inleiding = t("Je vaardigheden passen ook bij deze beroepen, buiten je eigen vakgebied:") if werkzoekende \
            else t("De vaardigheden van deze kandidaat passen ook bij deze beroepen, buiten het eigen vakgebied:")
        delen.append(f'\n<p class="utrecht-paragraph">{inleiding}</p>\n<ul class="utrecht-unordered-list">\n')
        kandidaat_pk, csrf, plek = context["kandidaat"].pk, csrf_invoer(context), waar_in(context)
        delen.extend(_suggestie(context, s, kandidaat_pk, csrf, plek) for s in suggesties)
        delen.append("\n</ul>\n")
    elif getattr(suggesties, "vaardigheden", None):
        n = suggesties.vaardigheden
        if werkzoekende:
            zin = ngettext(
                "We vinden nu geen beroepen buiten je eigen vakgebied die goed passen bij je %(n)s vaardigheid. Kun je "
                "iets dat je thuis, als vrijwilliger of in een hobby leerde? Voeg het toe bij 'Werk dat ik zoek en wat "
                "ik kan'.",
                "We vinden nu geen beroepen buiten je eigen vakgebied die goed passen bij je %(n)s vaardigheden. Kun "
                "je iets dat je thuis, als vrijwilliger of in een hobby leerde? Voeg het toe bij 'Werk dat ik zoek en "
                "wat ik kan'.", n)
        else:
            zin = ngettext(
                "Geen beroepen buiten het eigen vakgebied die goed passen bij de %(n)s vaardigheid van deze kandidaat. "
                "Vaardigheden van buiten het werk (thuis, vrijwilligerswerk, hobby) kunnen nieuwe richtingen geven.",
                "Geen beroepen buiten het eigen vakgebied die goed passen bij de %(n)s vaardigheden van deze "
                "kandidaat. Vaardigheden van buiten het werk (thuis, vrijwilligerswerk, hobby) kunnen nieuwe "
                "richtingen geven.", n)
        delen.append(f'\n<p class="utrecht-paragraph" id="breder-geen">{zin % {"n": tekst(n)}}</p>\n')
    else:
        geen = t(GEEN_SUGGESTIES if werkzoekende else GEEN_SUGGESTIES_MEDEWERKER)
        delen.append(f'\n<p class="utrecht-paragraph">{geen}</p>\n')
    delen.append("\n</section>\n")
    return mark_safe("".join(delen))
