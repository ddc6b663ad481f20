"""``{% voordrachtrijen %}``: the rows of the voordrachten on a vacature's page, written in Python.

The werkgever opens a vacature to see who was proposed: 25 rows a page of name, date, status and instruments. Through
the template (``werkgevers/_voordracht_rijen.html``, some twenty nodes a row, a date filter and a loop over the
instruments in each) the rows took about a third of the page's CPU (docs/benchmarks.md, vierendertigste sessie).
This tag writes the same HTML, character for character, with the same translations, dates, escaping and addresses,
as ``{% caseloadrijen %}`` does for the caseload; the template stays the readable description of a row, and
``bemiddeling/tests/test_voordrachtrijen.py`` renders both for every kind of row and compares them.
"""

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from accounts.templatetags.wsp import status_klasse
from klantreis.lib import datums
from klantreis.lib.adressen import adres, waar_in
from klantreis.lib.formweergave import tekst
from klantreis.lib.vertalen import taal

register = template.Library()


@register.simple_tag(takes_context=True)
def voordrachtrijen(context, voordrachten):
    """What ``{% include "werkgevers/_voordracht_rijen.html" %}`` gives (without the newline at the end of that
    file), in a page with autoescape (every page of the portal). Each voordracht carries its instruments as
    ``instrumenten_lijst`` (the list page's prefetch)."""
    plek, taal_nu = waar_in(context), taal(context)
    ingetrokken, gesloten = gettext("toestemming ingetrokken"), gettext("dossier gesloten")
    op_kolom, status_kolom, instrumenten_kolom = gettext("Voorgesteld op"), gettext("Status"), gettext("Instrumenten")
    delen = []
    for vd in voordrachten:
        naam = (f'<a class="utrecht-link" href="{tekst(adres("voordracht_detail", [vd.pk], plek))}">'
                f'{tekst(vd.kandidaat.voornaam)} {tekst(vd.kandidaat.achternaam)}</a>')
        if not vd.toestemming.actief:
            waarom = gesloten if vd.toestemming_gestopt_bij_afsluiten else ingetrokken
            naam += f' <span class="wsp-status wsp-status--nee">{waarom}</span>'
        op = datums.in_sjabloon(vd.voorgedragen_op, "j b Y", taal_nu, context.use_tz)
        instrumenten = ", ".join(tekst(i.naam) for i in vd.instrumenten_lijst) or "-"
        delen.append(
            f'<tr class="utrecht-table__row" role="row">\n'
            f'    <th class="utrecht-table__header-cell" scope="row" role="rowheader">{naam}</th>\n'
            f'    <td class="utrecht-table__cell" role="cell" data-kolom="{op_kolom}">{tekst(op)}</td>\n'
            f'    <td class="utrecht-table__cell" role="cell" data-kolom="{status_kolom}">'
            f'<span class="wsp-status {tekst(status_klasse(vd.status))}">{tekst(vd.status_weergave)}</span></td>\n'
            f'    <td class="utrecht-table__cell" role="cell" data-kolom="{instrumenten_kolom}">{instrumenten}</td>\n'
            f'  </tr>')
    return mark_safe("".join(delen))
