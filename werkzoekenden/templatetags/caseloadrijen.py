"""``{% caseloadrijen %}``: the rows of the caseload table, written in Python.

The caseload is the klantmanager's own start page: 25 rows of name, woonplaats, uitkering, werkfit, contact (how
they have contact, how the werkzoekende wants to be reached, the last contact) and
what needs attention. Through the template (``werkzoekenden/_caseload_rijen.html`` with the name cell of
``werkzoekenden/_kandidaat_naamcel.html``, some thirty nodes a row) the rows took ~2 ms of the page's ~9 ms of CPU
(docs/benchmarks.md, eenendertigste sessie). This tag writes the same HTML, character for character, with the same
translations, dates, escaping and addresses; the templates stay the readable description of a row, and
``werkzoekenden/tests/test_caseloadrijen.py`` renders both for every kind of row and compares them.
"""

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, pgettext

from klantreis.lib import datums
from klantreis.lib.adressen import adres, waar_in
from klantreis.lib.formweergave import tekst
from klantreis.lib.vertalen import taal

register = template.Library()


@register.simple_tag(takes_context=True)
def caseloadrijen(context, kandidaten):
    """What ``{% include "werkzoekenden/_caseload_rijen.html" %}`` gives (without the newline at the end of that
    file), in a page with autoescape (every page of the portal). ``{% translate %}`` of a literal is not escaped
    (Django marks it safe), every ``{{ value }}`` is."""
    gebruiker_pk = context["user"].pk
    vandaag = context.get("vandaag")
    plek, taal_nu = waar_in(context), taal(context)
    ja, nee, laatst, voorkeur = gettext("ja"), gettext("nee"), gettext("laatst"), gettext("voorkeur")
    # Translators: a date format, not text: "5 nov" (Dutch writes a month in lowercase), English "j M" ("5 Nov").
    dag_maand = pgettext("date format: day and short month", "j b")
    nooit, geen_contact = gettext("nog nooit contact"), gettext("geen contact sinds %(datum)s")
    te_laat, evaluatie = gettext("acties over datum"), gettext("evaluatie %(datum)s")
    niet_uitgenodigd, waarneming = gettext("nog niet uitgenodigd"), gettext("waarneming voor")
    afgesloten = gettext("afgesloten op %(datum)s")

    def kort(dag):  # |kort:dag_maand
        return datums.in_sjabloon(dag, datums.formaat_voor(dag, dag_maand, context.use_tz), taal_nu, context.use_tz)

    # a cell behind its column's name, as the table's head names it (a card on a phone: wsp-tabel--stapel)
    cel = {kolom: f'\n        <td class="utrecht-table__cell" role="cell" data-kolom="{gettext(kolom)}">'
           for kolom in ("Woonplaats", "Uitkering", "Werkfit", "Contact", "Aandacht")}
    delen = []
    for k in kandidaten:
        naam = (f'<th class="utrecht-table__header-cell" scope="row" role="rowheader"><a class="utrecht-link" '
                f'href="{tekst(adres("dossier", [k.pk], plek))}">{tekst(k.voornaam)} {tekst(k.achternaam)}</a>')
        if k.klantmanager_id != gebruiker_pk:
            naam += (f'<br><span class="wsp-status wsp-status--wacht">{waarneming} '
                     f'{tekst(k.klantmanager.get_full_name())}</span>')
        contact = kort(k.laatste_contact_op) if k.laatste_contact_op else "-"
        # every attention rule that holds today (models.aandacht_datum), each its own label; a closed dossier asks for
        # nothing: its row says when and why it closed
        aandacht = []
        if k.afgesloten_op:
            aandacht.append(f' <span class="wsp-status">{afgesloten % {"datum": tekst(kort(k.afgesloten_op))}}</span> '
                            f'{tekst(k.get_afsluitreden_display())}')
        else:
            if not k.laatste_contact_op:
                aandacht.append(f' <span class="wsp-status wsp-status--nee">{nooit}</span>')
            elif vandaag is not None and k.contact_nodig_vanaf <= vandaag:
                aandacht.append(f' <span class="wsp-status wsp-status--nee">'
                                f'{geen_contact % {"datum": tekst(kort(k.laatste_contact_op))}}</span>')
            if k.acties_te_laat:
                aandacht.append(f' <span class="wsp-status wsp-status--nee">{te_laat}</span>')
            if k.volgende_evaluatie and vandaag is not None and k.volgende_evaluatie <= vandaag:
                aandacht.append(f' <span class="wsp-status wsp-status--wacht">'
                                f'{evaluatie % {"datum": tekst(kort(k.volgende_evaluatie))}}</span>')
            aandacht += [f' <span class="wsp-status wsp-status--nee">{tekst(kenmerk)}</span>'
                         for kenmerk in k.extra_aandacht]
            if not k.account_id:
                aandacht.append(f' <span class="wsp-status">{niet_uitgenodigd}</span>')
        delen.append(
            f'\n      <tr class="utrecht-table__row" role="row">\n        {naam}</th>\n'
            f'{cel["Woonplaats"]}{tekst(k.gemeente)}</td>'
            f'{cel["Uitkering"]}{tekst(k.get_uitkering_display())}</td>'
            f'{cel["Werkfit"]}{ja if k.werkfit else nee}</td>'
            f'{cel["Contact"]}{tekst(k.soort_contact_voor_medewerker())}<br>{voorkeur}: '
            f'{tekst(k.get_contactvoorkeur_display())}<br>{laatst}: {tekst(contact)}</td>'
            f'{cel["Aandacht"]}{"".join(aandacht)}</td>\n      </tr>\n    ')
    return mark_safe("".join(delen))
