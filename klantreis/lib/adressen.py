"""``{% url %}`` for the addresses of rows: the same output as Django's, without a full ``reverse()`` per row.

Django's ``reverse()`` walks the URL patterns, converts every argument, checks the result against the pattern with a
regular expression and quotes it: 13-26 µs a call, and a list page links every row (the caseload, "Wie past erbij",
the werkgevers: 25 rows, one or two links each). For a name whose address has only ``<int:...>`` parts, the address
of any non-negative whole number is the same text with other digits. So the first call per name, number of
arguments, script prefix and URLconf asks ``reverse()`` once with marker numbers, in every language of the portal,
and keeps the text around them when it is the same in all; later calls put the numbers in. Anything else (another
kind of part, a negative number, a text, keyword arguments, a namespaced name) goes to Django's own ``reverse()``.

The URLconf and script prefix (each a read of asgiref's ``Local``, 2-4 µs) are read once per render, and once per
menu in the header's context processor.

``TEMPLATES["OPTIONS"]["builtins"]`` loads this library after Django's own, so its ``url`` tag is the one every
template uses, with the same syntax (``{% url 'naam' a b %}``, ``{% url 'naam' a as var %}``).
"""

from django import template
from django.conf import settings
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.urls import NoReverseMatch, get_resolver, get_script_prefix, get_urlconf, reverse
from django.urls.converters import IntConverter
from django.utils.html import conditional_escape
from django.utils.translation import override

register = template.Library()

_MERK = 918_273_645_000  # marker numbers _MERK + i: more digits than any id the portal reaches
_GEEN = object()
_SJABLONEN = {}


def _sjabloon(naam, aantal, sleutel):
    """The address as fixed pieces with argument positions between them, or _GEEN when Django must do it."""
    resolver = get_resolver(sleutel[0])
    for mogelijkheid, _patroon, _standaard, converters in resolver.reverse_dict.getlist(naam):
        for _resultaat, params in mogelijkheid:
            if len(params) != aantal:
                continue
            # Django takes the first pattern with this number of parts whose values fit; an <int:...> part takes
            # every non-negative whole number (an <id:...> part, klantreis.urls.IdConverter, every id: whatever fits
            # a bigint), so for whole numbers this pattern is the one.
            if not all(isinstance(converters.get(p), IntConverter) for p in params):
                return _GEEN
            merken = [str(_MERK + i) for i in range(aantal)]
            voorbeelden = set()
            for taal, _taalnaam in settings.LANGUAGES:  # a translated path would differ per language
                with override(taal):
                    voorbeelden.add(reverse(naam, args=[_MERK + i for i in range(aantal)]))
            if len(voorbeelden) != 1:
                return _GEEN
            (voorbeeld,) = voorbeelden
            stukken = []
            for i, merk in enumerate(merken):
                voor, gevonden, voorbeeld = voorbeeld.partition(merk)
                if not gevonden or merk in voorbeeld:
                    return _GEEN
                stukken += [voor, i]
            return (*stukken, voorbeeld)
    return _GEEN


def waar():
    """The URLconf and script prefix in force: the part of an address that does not come from its name."""
    return get_urlconf(), get_script_prefix()


_WAAR = "_adressen_waar"  # an attribute of the Context: one Context is one render, in one request


def waar_in(context):
    """``waar()``, read once per render."""
    try:
        return context.__dict__[_WAAR]
    except KeyError:
        waarde = context.__dict__[_WAAR] = waar()
        return waarde


def adres(naam, args, plek=None):
    """``reverse(naam, args=args)``: from the kept text when every argument is a non-negative int. ``plek``: what
    ``waar()`` gives, when the caller read it already."""
    if ":" in naam or not all(type(a) is int and a >= 0 for a in args):
        return reverse(naam, args=args)
    urlconf, prefix = plek or waar()
    sleutel = (urlconf, prefix, naam, len(args))
    sjabloon = _SJABLONEN.get(sleutel)
    if sjabloon is None:
        sjabloon = _SJABLONEN[sleutel] = _sjabloon(naam, len(args), sleutel)
    if sjabloon is _GEEN:
        return reverse(naam, args=args)
    return "".join(stuk if type(stuk) is str else str(args[stuk]) for stuk in sjabloon)


class AdresNode(URLNode):
    def render(self, context):
        if self.kwargs:
            return super().render(context)
        naam = self.view_name.resolve(context)
        args = [arg.resolve(context) for arg in self.args]
        if not isinstance(naam, str) or ":" in naam or not all(type(a) is int and a >= 0 for a in args):
            return super().render(context)
        try:
            gevonden = adres(naam, args, waar_in(context))
        except NoReverseMatch:  # Django's tag decides: empty with "as", an error without
            return super().render(context)
        if self.asvar:
            context[self.asvar] = gevonden
            return ""
        return conditional_escape(gevonden) if context.autoescape else gevonden


@register.tag
def url(parser, token):
    node = django_url(parser, token)
    return AdresNode(node.view_name, node.args, node.kwargs, node.asvar)
