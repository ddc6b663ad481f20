"""The form renderer of the portal (``FORM_RENDERER``): Django's own, with its most used widget templates written
in Python.

Every form field on a page goes through Django's widget templates: a text field is ``text.html``, which includes
``input.html``, which includes ``attrs.html`` with a loop over the attributes; a select adds ``select.html`` and an
include of ``select_option.html`` per option. Three template renders and some twenty nodes for one ``<input>``:
~30 µs a field, and "Mijn gegevens" has nineteen (docs/benchmarks.md, eenendertigste sessie). This renderer writes
the same HTML, character for character, for the plain input widgets (text, e-mail, number, date, time, url, tel,
search, password, hidden, checkbox), the textarea, the select, and radio buttons and checkboxes (``RadioSelect``,
``CheckboxSelectMultiple``: four templates per option, 0.36 ms for the four choices of "Mijn gegevens", 0.07 ms
here); anything else (a widget with a template of its own, an option template that is not Django's, the form and
field layouts) goes to Django's templates as before.
``tests/test_lib_formweergave.py`` renders every kind of value and attribute both ways and compares.

Django's renderer reads its widget templates from django/forms/templates before any app's, so an app cannot
replace these templates behind this renderer's back: what is written here is what those templates give.
"""

import functools
import html

from django.conf import settings
from django.forms.renderers import DjangoTemplates
from django.template import Context
from django.template.base import render_value_in_context
from django.template.defaultfilters import floatformat
from django.utils.html import escape
from django.utils.safestring import SafeData

_WAARDE = Context(autoescape=True)  # how a template writes {{ value }}: localized, escaped unless safe

_OPTIE = "django/forms/widgets/select_option.html"


def tekst(waarde):
    """``{{ value }}`` in a template. Plain text (most of what the rows, cards and fields written in Python show) is
    only escaped, as Django's ``escape`` does: ``render_value_in_context`` first asks whether it is a number or a date
    to localize and whether it is safe already, four times the CPU for the same result."""
    if type(waarde) is str:
        return html.escape(waarde)
    if type(waarde) is int and not settings.USE_THOUSAND_SEPARATOR:
        # A whole number without thousands separators is its digits in every language (Django's number_format takes
        # the same short cut, after reading the language and three formats: 5-8 µs).
        return str(waarde)
    return render_value_in_context(waarde, _WAARDE)


@functools.lru_cache(maxsize=20_000)
def _kommagetal(_soort, waarde, plaatsen, _taal, _scheiding):
    return floatformat(waarde, plaatsen)


def kommagetal(waarde, plaatsen, taal_nu):
    """``{{ waarde|floatformat:plaatsen }}`` in the active language ``taal_nu``, kept per value: Django's filter goes
    through ``Decimal`` and ``number_format`` (language, three formats) each time, 10-15 µs, and a score is written on
    every row of "Wie past erbij?" and of the dossier's matches, mostly the same scores on the next visit. The type is
    part of the key (2 and 2.0 are the same key otherwise), and so is the thousands separator setting."""
    try:
        return _kommagetal(type(waarde), waarde, plaatsen, taal_nu, settings.USE_THOUSAND_SEPARATOR)
    except TypeError:  # not hashable: the filter itself
        return floatformat(waarde, plaatsen)


def attribuut(waarde):
    """``{{ value|stringformat:'s' }}`` in an attribute: the value as text, escaped unless it was safe."""
    return str(waarde) if isinstance(waarde, SafeData) else escape("%s" % (waarde,))  # noqa: UP031 - what stringformat:'s' does


def attributen(attrs):
    """Django's ``django/forms/widgets/attrs.html``."""
    return "".join(f" {tekst(naam)}" if waarde is True else f' {tekst(naam)}="{attribuut(waarde)}"'
                   for naam, waarde in attrs.items() if waarde is not False)


def invoer(widget):
    """``input.html`` (and the templates that only include it: ``text.html``, ``email.html``, ...)."""
    waarde = "" if widget["value"] is None else f' value="{attribuut(widget["value"])}"'
    return f'<input type="{tekst(widget["type"])}" name="{tekst(widget["name"])}"{waarde}{attributen(widget["attrs"])}>'


def tekstvak(widget):
    """``textarea.html``."""
    waarde = tekst(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{tekst(widget["name"])}"{attributen(widget["attrs"])}>\n{waarde}</textarea>'


def keuzelijst(widget):
    """``select.html`` with ``select_option.html`` for each option; None when an option has another template."""
    delen = [f'<select name="{tekst(widget["name"])}"{attributen(widget["attrs"])}>']
    for groep, opties, _index in widget["optgroups"]:
        if groep:
            delen.append(f'\n  <optgroup label="{tekst(groep)}">')
        for optie in opties:
            if optie["template_name"] != _OPTIE:
                return None
            delen.append(f'\n  <option value="{attribuut(optie["value"])}"{attributen(optie["attrs"])}>'
                         f'{tekst(optie["label"])}</option>\n')
        if groep:
            delen.append("\n  </optgroup>")
    delen.append("\n</select>")
    return "".join(delen)


_INVOEROPTIES = {"django/forms/widgets/radio_option.html", "django/forms/widgets/checkbox_option.html"}


def invoeroptie(optie):
    """``radio_option.html`` / ``checkbox_option.html``: ``input_option.html`` with ``input.html`` inside, each
    with the newline at the end of its file."""
    knop = invoer(optie) + "\n"
    if optie["wrap_label"]:
        voor = f' for="{tekst(optie["attrs"]["id"])}"' if optie["attrs"].get("id") else ""
        knop = f"<label{voor}>{knop} {tekst(optie['label'])}</label>"
    return knop + "\n\n"


def meerkeuze(widget):
    """``multiple_input.html`` (``radio.html``, ``checkbox_select.html``): a ``<div>`` per option, in a group's
    ``<div>`` when the choices are grouped; None when an option has another template."""
    id_, klasse = widget["attrs"].get("id"), widget["attrs"].get("class")
    delen = ["<div", f' id="{tekst(id_)}"' if id_ else "", f' class="{tekst(klasse)}"' if klasse else "", ">"]
    for groep, opties, _index in widget["optgroups"]:
        if groep:
            delen.append(f"\n  <div><label>{tekst(groep)}</label>")
        for optie in opties:
            if optie["template_name"] not in _INVOEROPTIES:
                return None
            delen.append(f"<div>\n    {invoeroptie(optie)}</div>")
        if groep:
            delen.append("\n  </div>")
    delen.append("\n</div>")
    return "".join(delen)


_IN_PYTHON = {
    f"django/forms/widgets/{naam}.html": invoer
    for naam in ("input", "text", "email", "number", "date", "time", "datetime", "url", "tel", "search", "password",
                 "hidden", "checkbox", "color")
}
_IN_PYTHON["django/forms/widgets/textarea.html"] = tekstvak
_IN_PYTHON["django/forms/widgets/select.html"] = keuzelijst
_IN_PYTHON["django/forms/widgets/radio.html"] = _IN_PYTHON["django/forms/widgets/checkbox_select.html"] = meerkeuze


class Formweergave(DjangoTemplates):
    """Django's ``DjangoTemplates`` form renderer; the widget templates of ``_IN_PYTHON`` are written in Python."""

    def render(self, template_name, context, request=None):
        schrijver = _IN_PYTHON.get(template_name)
        if schrijver is not None and set(context) == {"widget"}:
            html = schrijver(context["widget"])
            if html is not None:
                return html
        return super().render(template_name, context, request=request)
