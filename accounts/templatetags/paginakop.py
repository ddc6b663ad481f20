"""``{% paginakop %}``: the header of every page (logo, who is logged in, the bell, log out, language, the main menu),
written in Python.

Every page of the portal renders ``base.html``, and the header was the larger part of it: some forty nodes (``if``,
``url``, ``translate``, ``csrf_token``, two loops) for the same few lines, 0.21 of the 0.39 ms that ``base.html``
took per page (docs/benchmarks.md, vijfendertigste sessie). This tag writes the same HTML, character for character,
with the same translations, addresses, escaping and CSRF token; ``includes/kop.html`` stays the readable
description of the header, and ``accounts/tests/test_paginakop.py`` renders both for every role, language and
count of meldingen and compares them, as ``{% caseloadrijen %}`` and its template are compared.
"""

from functools import partial

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import ngettext

from klantreis.lib.adressen import adres, waar_in
from klantreis.lib.formweergave import tekst
from klantreis.lib.vertalen import lui_vertaald, taal, vertaald

register = template.Library()

_BEL = ('            <svg class="wsp-bel__icoon" aria-hidden="true" focusable="false" viewBox="0 0 24 24" width="20" '
        'height="20"><path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 '
        '0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z"/></svg>\n')
_HUIDIG = ' aria-current="page"'


def csrf_invoer(context):
    """What ``{% csrf_token %}`` writes: the render's one token (the ``csrf`` context processor's lazy value)."""
    token = context.get("csrf_token")
    if not token or token == "NOTPROVIDED":
        return ""
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)


def _waarde(context, naam):
    """A context variable as a template reads it: called when callable, "" when missing."""
    waarde = context.get(naam, "")
    return waarde() if callable(waarde) else waarde


def _bel(context, request, plek):
    t = partial(vertaald, context)
    aantal = _waarde(context, "meldingen_ongelezen")
    maximum = _waarde(context, "meldingen_max")
    huidig = _HUIDIG if request is not None and request.path == "/meldingen/" else ""
    if aantal:
        # {% if aantal > meldingen_max %}: false when the two cannot be compared
        boven = isinstance(aantal, int) and isinstance(maximum, int) and aantal > maximum
        getal = f"{tekst(maximum)}+" if boven else tekst(aantal)
        telling = (f' <span class="wsp-bel__aantal" aria-hidden="true">{getal}</span><span class="wsp-verborgen">'
                   f'{ngettext(", %(n)s ongelezen", ", %(n)s ongelezen", aantal) % {"n": tekst(aantal)}}</span>')
    else:
        telling = f'<span class="wsp-verborgen">{t(", geen nieuwe")}</span>'
    return (f'<a class="wsp-bel{" wsp-bel--nieuw" if aantal else ""}" href="{tekst(adres("meldingen", [], plek))}"'
            f'{huidig}>\n{_BEL}'
            f'            <span class="wsp-bel__tekst">{t("Meldingen")}</span>{telling}\n'
            f'          </a>')


@register.simple_tag(takes_context=True)
def paginakop(context):
    """What ``{% include "includes/kop.html" %}`` gives (without the newline at the end of that file), in a page with
    autoescape (every page of the portal)."""
    t = partial(vertaald, context)
    user, request, plek = context.get("user"), context.get("request"), waar_in(context)
    ingelogd = user is not None and user.is_authenticated
    regio = f'<span class="wsp-logo__regio">{tekst(user.regio)}</span>' if ingelogd and user.regio else ""
    delen = [(
        '<header class="utrecht-page-header wsp-header">\n'
        '    <div class="wsp-header__inner">\n'
        f'      <a class="wsp-logo{" wsp-logo--compact" if ingelogd else ""}" '
        f'href="{tekst(adres("home", [], plek))}">\n'
        '        <span class="wsp-logo__beeldmerk" aria-hidden="true">WSP</span>\n'
        f'        <span class="wsp-logo__tekst"><span class="wsp-logo__naam">{t("Werkgeversservicepunt")}'
        f'</span>{regio}</span>\n'
        '      </a>\n'
        '      <div class="wsp-header__acties">\n'
        '        ')
    ]
    if ingelogd:
        delen.append(
            f'\n          <span class="wsp-header__wie">{tekst(user.get_short_name())} <span class="wsp-header__rol">'
            f'({tekst(str(user.get_rol_display()).lower())})</span></span>\n'
            f'          {_bel(context, request, plek) if user.rol != "programma" else ""}\n'
            f'          <form method="post" action="{tekst(adres("account_logout", [], plek))}" class="wsp-inline">'
            f'{csrf_invoer(context)}\n'
            '            <button type="submit" class="utrecht-button utrecht-button--secondary-action">'
            f'{t("Uitloggen")}</button>\n'
            '          </form>\n'
            '        ')
    else:
        delen.append(
            '\n          <a class="utrecht-button-link utrecht-button-link--html-a '
            'utrecht-button-link--primary-action" '
            f'href="{tekst(adres("account_login", [], plek))}">{t("Inloggen")}</a>\n'
            '        ')
    pad = tekst(request.get_full_path()) if request is not None else ""
    huidige_taal = context.get("LANGUAGE_CODE", "")
    talen = "".join(
        f'\n            <button type="submit" name="language" value="{tekst(code)}" class="utrecht-button '
        f'utrecht-button--subtle" lang="{tekst(code)}">{"English" if code == "en" else "Nederlands"}</button>\n'
        '          ' for code, _naam in settings.LANGUAGES if code != huidige_taal)
    delen.append(
        f'\n        <form action="{tekst(adres("set_language", [], plek))}" method="post" class="wsp-inline wsp-taal">'
        f'{csrf_invoer(context)}\n'
        f'          <input name="next" type="hidden" value="{pad}">\n'
        '          \n'
        f'          {talen}\n'
        '        </form>\n'
        '      </div>\n'
        '    </div>\n'
        '    ')
    menu = context.get("menu")
    if menu:
        taal_nu = taal(context)
        keuzes = "".join(
            '\n        <li class="utrecht-nav-list__item"><a class="utrecht-nav-list__link'
            f'{" utrecht-nav-list__link--current" if huidig else ""}" href="{tekst(url)}"'
            f'{_HUIDIG if huidig else ""}>{tekst(lui_vertaald(label, taal_nu))}</a></li>\n'
            '        ' for url, label, huidig in menu)
        delen.append(
            f'\n    <nav class="utrecht-nav-bar wsp-nav" aria-label="{t("Hoofdmenu")}">\n'
            '      <ul class="utrecht-nav-list" role="list" id="hoofdmenu">\n'
            f'        {keuzes}\n'
            '      </ul>\n'
            '      <button type="button" class="wsp-nav__knop" aria-controls="hoofdmenu" aria-expanded="false" hidden>'
            f'{t("Menu")}</button>\n'
            '    </nav>\n'
            # Right after the menu and not deferred: it folds the menu before the page is first drawn (deferred,
            # a phone showed the whole menu for a moment).
            f'    <script src="{tekst(static("js/menu.js"))}"></script>\n'
            '    ')
    delen.append("\n  </header>")
    return mark_safe("".join(delen))


@register.simple_tag(takes_context=True)
def sessiewaarschuwing(context):
    """What ``{% include "includes/sessie_waarschuwing.html" %}`` gives (without the newline at the end of that file):
    the dialog before an idle session ends, on every page of someone logged in."""
    t = partial(vertaald, context)
    user, plek = context.get("user"), waar_in(context)
    if getattr(user, "rol", None) == "werkgever":
        kop = t("U wordt bijna uitgelogd")
        uitleg = t('U wordt over <span class="wsp-sessie-tijd">2 minuten</span> uitgelogd, omdat u een tijd '
                         "niets in het portaal heeft gedaan. Zo kan niemand anders op uw scherm verder.")
    else:
        kop = t("Je wordt bijna uitgelogd")
        uitleg = t('Je wordt over <span class="wsp-sessie-tijd">2 minuten</span> uitgelogd, omdat je een tijd '
                         "niets in het portaal hebt gedaan. Zo kan niemand anders op je scherm verder.")
    return mark_safe(
        '\n<dialog class="wsp-sessie-dialoog" id="sessie-waarschuwing" aria-labelledby="sessie-kop" '
        'aria-describedby="sessie-tekst"\n'
        f'  data-status-url="{tekst(adres("sessie_status", [], plek))}" '
        f'data-inloggen-url="{tekst(adres("account_login", [], plek))}" '
        f'data-csrf="{tekst(context.get("csrf_token", ""))}"\n'
        f'  data-inactief="{tekst(context.get("sessie_inactief_seconden", ""))}" '
        f'data-waarschuwing="{tekst(context.get("sessie_waarschuwing_seconden", ""))}"\n'
        # {% translate '%s minuten' %}: Django looks a literal with % up with the % doubled, and undoubles the result
        f'  data-minuten="{t("%%s minuten").replace("%%", "%")}" '
        f'data-minuut="{t("1 minuut")}" '
        f'data-seconden="{t("minder dan een minuut")}">\n'
        '  \n'
        f'  <h2 class="utrecht-heading-2" id="sessie-kop">{kop}</h2>\n'
        f'  <p class="utrecht-paragraph" id="sessie-tekst">{uitleg}</p>\n'
        '  \n'
        '  <div class="utrecht-button-group">\n'
        '    <button type="button" class="utrecht-button utrecht-button--primary-action" data-sessie-verlengen>'
        f'{t("Ingelogd blijven")}</button>\n'
        f'    <form method="post" action="{tekst(adres("account_logout", [], plek))}" class="wsp-inline">'
        f'{csrf_invoer(context)}\n'
        '      <button type="submit" class="utrecht-button utrecht-button--secondary-action">'
        f'{t("Nu uitloggen")}</button>\n'
        '    </form>\n'
        '  </div>\n'
        '</dialog>\n')
