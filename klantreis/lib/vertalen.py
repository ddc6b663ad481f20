"""``{% translate %}`` for a fixed text: the same output as Django's, looked up once per language.

Django's ``TranslateNode`` does the whole lookup on every render: the text through the active catalog, then
``render_value_in_context`` (local time, localisation, escaping): about 6 µs a tag, and a page renders 30 to 125 of
them (every label and button text of every row of a list). For a tag whose text is a quoted literal without filters
or a variable message context, that output depends only on the active language and on whether the context escapes,
so each tag keeps it per pair. Anything else (a variable, a filter, ``context`` with a variable) is Django's own node.

The active language is read once per render (``taal``): ``get_language()`` goes through asgiref's ``Local``, 2-4 µs a
read, and the dossier asked it 61 times. ``{% language %}`` forgets it at the start and end of its block.

``installeer()`` (from ``PortaalConfig.ready``) puts this ``translate``, its old name ``trans`` and ``language`` into
Django's own ``i18n`` library, so ``{% load i18n %}`` in every template gives them; the library's other tags and
filters stay Django's. (Mapping ``i18n`` to another module in ``TEMPLATES`` would do the same, but Django's system
check then warns that two modules carry the name, and ``check --deploy`` must stay clean.)
"""

import copy

from django import template
from django.templatetags import i18n as django_i18n
from django.utils.translation import get_language, gettext, gettext_lazy

DJANGO_TRANSLATE = django_i18n.do_translate
DJANGO_LANGUAGE = django_i18n.language

_TAAL = "_taal_van_deze_render"  # an attribute of the Context: one Context is one render of one template


def taal(context):
    """The active language, read once per render. A Context belongs to one render (with its extends and includes),
    during which the language only changes inside ``{% language %}`` (see ``TaalBlok``)."""
    try:
        return context.__dict__[_TAAL]
    except KeyError:
        waarde = context.__dict__[_TAAL] = get_language()
        return waarde


_VASTE = {}  # (language, text) -> translation, for the tags written in Python


def vertaald(context, bericht):
    """``gettext(bericht)`` of a fixed text, looked up once per language, for a tag that writes its HTML in Python
    (``{% paginakop %}``, ``{% waar_sta_ik %}``, ...) as ``VasteVertaling`` does for ``{% translate %}``: the same
    translation, safe as Django's ``gettext`` leaves a text from a template."""
    sleutel = (taal(context), bericht)
    try:
        return _VASTE[sleutel]
    except KeyError:
        waarde = _VASTE[sleutel] = gettext(bericht)
        return waarde


_LUI_GETTEXT = type(gettext_lazy(""))  # the proxy class of every gettext_lazy text
_LUI = {}  # (language, message id) -> translation, for lazy texts (apart from _VASTE: a lazy text is not safe)


def lui_vertaald(waarde, taal_nu):
    """``str(waarde)``, where ``waarde`` is a ``gettext_lazy`` text (a menu label, a label of a choice): its
    translation in ``taal_nu`` (the active language, as ``taal(context)`` gives it), looked up once per language and
    message id instead of through the catalogs on every page. Any other value: ``str(waarde)``."""
    if type(waarde) is _LUI_GETTEXT and len(waarde._args) == 1 and not waarde._kw:
        sleutel = (taal_nu, waarde._args[0])
        try:
            return _LUI[sleutel]
        except KeyError:
            vertaling = _LUI[sleutel] = str(waarde)
            return vertaling
    return str(waarde)


class TaalBlok(template.Node):
    """Django's ``{% language %}``, forgetting the language ``taal`` kept, at the start and the end of the block."""

    child_nodelists = ("nodelist",)

    def __init__(self, node):
        self.node = node
        self.nodelist = node.nodelist

    def render(self, context):
        buiten = context.__dict__.pop(_TAAL, None)
        try:
            return self.node.render(context)
        finally:
            context.__dict__.pop(_TAAL, None)
            if buiten is not None:
                context.__dict__[_TAAL] = buiten


class VasteVertaling(template.Node):
    """A ``TranslateNode`` of a literal: Django's node renders it once per (language, autoescape)."""

    child_nodelists = ()

    def __init__(self, node):
        self.node = node
        self.asvar = node.asvar
        self.zonder_var = copy.copy(node)  # the same tag without "as": its render gives the value itself
        self.zonder_var.asvar = None
        self.uitkomsten = {}

    def render(self, context):
        sleutel = (taal(context), context.autoescape)
        try:
            waarde = self.uitkomsten[sleutel]
        except KeyError:
            waarde = self.uitkomsten[sleutel] = self.zonder_var.render(context)
        if self.asvar:
            context[self.asvar] = waarde
            return ""
        return waarde


def vast(node):
    """Whether the node's output is the same for every context in one language (a literal, no filters)."""
    tekst = node.filter_expression
    return (not tekst.filters and getattr(tekst.var, "literal", None) is not None
            and node.message_context is None)


def translate(parser, token):
    node = DJANGO_TRANSLATE(parser, token)
    return VasteVertaling(node) if vast(node) else node


def language(parser, token):
    return TaalBlok(DJANGO_LANGUAGE(parser, token))


def installeer():
    """Django's ``i18n`` library compiles ``{% translate %}``, ``{% trans %}`` and ``{% language %}`` with the
    functions here from now on."""
    django_i18n.register.tags["translate"] = translate
    django_i18n.register.tags["trans"] = translate
    django_i18n.register.tags["language"] = language
