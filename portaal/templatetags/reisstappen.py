"""``{% waar_sta_ik %}``: the card "Waar sta ik?" (the werkzoekende's start page) and "Waar staat ... in de
klantreis?" (the klantmanager's dossier), written in Python.

The card is ten steps with a status each, a heading, what comes next and who does it: some sixty nodes
(``if``/``elif`` chains, ``translate``, ``blocktranslate``) through the template ``werkzoekenden/_waar_sta_ik.html``,
on two of the pages opened most (docs/benchmarks.md, vijfendertigste sessie). This tag writes the same HTML,
character for character, with the same translations and escaping; the template stays the readable description of the
card, and ``portaal/tests/test_reisstappen.py`` renders both for every journey and compares them, as
``{% caseloadrijen %}`` and its template are compared.
"""

from functools import partial

from django import template
from django.utils.safestring import mark_safe

from klantreis.lib.adressen import adres, waar_in
from klantreis.lib.formweergave import tekst
from klantreis.lib.vertalen import vertaald
from portaal.waar_sta_ik import GEDAAN, IK, KLANTMANAGER, NIET_NODIG, NU, SAMEN, WERKGEVER

register = template.Library()

_HUIDIG = ' aria-current="step"'


def _stap(context, stap, medewerker):
    t = partial(vertaald, context)
    if stap.status == GEDAAN:
        teken = "✓"
    elif stap.status == NIET_NODIG:
        teken = "–"
    else:
        teken = tekst(stap.nummer)
    if stap.status == NU:
        erbij = f' <strong class="wsp-reis__hier">{t("hier is het nu" if medewerker else "hier ben je nu")}</strong>'
    elif stap.status == GEDAAN:
        erbij = f' <span class="wsp-verborgen">({t("gedaan")})</span>'
    elif stap.status == NIET_NODIG:
        erbij = f' <span class="wsp-reis__klein">({t("niet nodig")})</span>'
    else:
        erbij = f' <span class="wsp-verborgen">({t("nog niet")})</span>'
    return (f'\n    <li class="wsp-reis__stap wsp-reis__stap--{tekst(stap.status)}"'
            f'{_HUIDIG if stap.is_nu else ""}>\n'
            f'      <span class="wsp-reis__teken" aria-hidden="true">{teken}</span>\n'
            f'      <span class="wsp-reis__tekst">{tekst(stap.titel)}{erbij}</span>\n'
            '    </li>\n  ')


def _wie(context, reis, kandidaat, medewerker):
    t = partial(vertaald, context)
    km = kandidaat.klantmanager
    if reis.wie == IK:
        return (tekst(kandidaat.voornaam) if medewerker else t("jij")) + "\n  "
    if reis.wie == KLANTMANAGER:
        if not km:
            return t("je contactpersoon") + "\n  "
        if medewerker:
            return f'{tekst(km.get_full_name())} ({t("klantmanager")})\n  '
        return t("%(naam)s, je contactpersoon") % {"naam": tekst(km.get_full_name())} + "\n  "
    if reis.wie == SAMEN:
        if medewerker:
            ander = tekst(km.get_full_name()) if km else t("de klantmanager")
            return f'{tekst(kandidaat.voornaam)} {t("en")} {ander}\n  '
        if km:
            return t("jij en %(naam)s") % {"naam": tekst(km.get_full_name())} + "\n  "
        return t("jij en je contactpersoon") + "\n  "
    if reis.wie == WERKGEVER:
        return t("de werkgever (met het Werkgeversservicepunt)") + "\n  "
    return t("UWV of de gemeente")


@register.simple_tag(takes_context=True)
def waar_sta_ik(context, medewerker=False):
    """What ``{% include "werkzoekenden/_waar_sta_ik.html" %}`` gives (``with medewerker=True`` on the dossier), without
    the newline at the end of that file, in a page with autoescape (every page of the portal)."""
    t = partial(vertaald, context)
    reis, kandidaat = context["reis"], context["kandidaat"]
    if medewerker:
        kop = t("Waar staat %(naam)s in de klantreis?") % {"naam": tekst(kandidaat.voornaam)}
        hierna = t("Wat komt hierna (zoals %(naam)s het leest)?") % {"naam": tekst(kandidaat.voornaam)}
    else:
        kop, hierna = t("Waar sta ik?"), t("Wat komt hierna?")
    route = t("De route naar werk met een WW-uitkering." if reis.soort == "ww" else
               "De route naar werk vanuit de bijstand.")
    stap_van = t("Stap %(n)s van %(totaal)s.") % {"n": tekst(reis.nu.nummer), "totaal": tekst(len(reis.stappen))}
    # Said in her words ("Je hebt je toestemming ingetrokken"): on the dossier, whose words they are.
    leest = (f'<strong>{t("%(naam)s leest:") % {"naam": tekst(kandidaat.voornaam)}}</strong> ' if medewerker
             else "")
    opmerkingen = "".join(f'<p class="utrecht-paragraph wsp-let-op">{leest}{tekst(o)}</p>' for o in reis.opmerkingen)
    stappen = "".join(_stap(context, stap, medewerker) for stap in reis.stappen)
    gesprek = ""
    if reis.gesprek_id and not medewerker:
        gesprek = ('<p class="utrecht-paragraph"><a class="utrecht-button-link utrecht-button-link--html-a '
                   f'utrecht-button-link--primary-action" href="'
                   f'{tekst(adres("mijn_voorbereiding", [reis.gesprek_id], waar_in(context)))}">'
                   f'{t("Bereid je gesprek voor")}</a></p>')
    return mark_safe(
        '<section class="wsp-kaart wsp-kaart--uitgelicht wsp-reis" aria-labelledby="kop-reis">\n'
        f'  <h2 class="utrecht-heading-2" id="kop-reis">{kop}</h2>\n'
        f'  <p class="utrecht-paragraph">{route} {stap_van}</p>\n'
        f'  {opmerkingen}\n'
        '  <ol class="wsp-reis__stappen">\n'
        f'  {stappen}\n'
        '  </ol>\n'
        f'  <h3 class="utrecht-heading-3">{hierna}</h3>\n'
        f'  <p class="utrecht-paragraph">{tekst(reis.volgende)}</p>\n'
        '  \n'
        f'  <p class="utrecht-paragraph"><strong>{t("Wie doet het:")}</strong>\n'
        f'  {_wie(context, reis, kandidaat, medewerker)}</p>\n'
        '  \n'
        f'  {gesprek}\n'
        '</section>')
