"""``{% plaatsingregels %}``: the werkgever's "Uw mensen via ons" on their start page, written in Python.

Up to 20 lines of who works there through the WSP: name, kind of plaatsing, status, whether it waits for their
signature (the first, or again after a correction) and when the next contact is. Through the template
(``werkgevers/_plaatsing_regels.html``, some fifteen nodes and two filters a line) the lines took about a tenth of
the page's CPU (docs/benchmarks.md, vierendertigste sessie). This tag writes the same HTML, character for character,
with the same translations, dates, escaping and addresses, as ``{% caseloadrijen %}`` does for the caseload; the
template stays the readable description of a line, and ``plaatsingen/tests/test_plaatsingregels.py`` renders both
for every kind of line and compares them.
"""

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from klantreis.lib import datums
from klantreis.lib.adressen import adres, waar_in
from klantreis.lib.formweergave import tekst
from klantreis.lib.vertalen import taal
from plaatsingen.models import Plaatsing

register = template.Library()


@register.simple_tag(takes_context=True)
def plaatsingregels(context, plaatsingen):
    """What ``{% include "werkgevers/_plaatsing_regels.html" %}`` gives (without the newline at the end of that
    file), in a page with autoescape (every page of the portal). ``volgend_moment``: the first open contact moment,
    as ``plaatsingen.selectors.plaatsingen_voor`` annotates it."""
    plek, taal_nu = waar_in(context), taal(context)
    handtekening, volgend = gettext("wacht op uw handtekening"), gettext("Volgend contact")
    opnieuw = gettext("Gewijzigde overeenkomst: wacht op uw handtekening")
    delen = []
    for p in plaatsingen:
        regel = (f'<li><a class="utrecht-link" href="{tekst(adres("plaatsing_detail", [p.pk], plek))}">'
                 f'{tekst(str(p.kandidaat))}</a>: {tekst(p.get_soort_display().lower())}, ')
        # Waiting for the first signature, that is its state; a running one changed since: its state, then that.
        if p.status == Plaatsing.Status.WACHT_OP_HANDTEKENING:
            regel += f"<strong>{handtekening}</strong>"
        else:
            regel += tekst(p.status_weergave.lower())
            if p.opnieuw_te_ondertekenen:
                regel += f". <strong>{opnieuw}</strong>"
        if p.volgend_moment and p.status == Plaatsing.Status.LOPEND:
            formaat = datums.formaat_voor(p.volgend_moment, "j F", context.use_tz)  # |kort:"j F"
            regel += f". {volgend}: {tekst(datums.in_sjabloon(p.volgend_moment, formaat, taal_nu, context.use_tz))}"
        delen.append(regel + "</li>")
    return mark_safe("".join(delen))
