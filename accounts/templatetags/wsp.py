from django import forms, template
from django.template.defaultfilters import stringfilter
from django.template.defaultfilters import time as django_tijdfilter

from klantreis.lib import datums
from klantreis.lib.forms import is_optioneel
from klantreis.lib.tekst import een_punt

register = template.Library()

WIDGET_CLASS = {
    forms.Textarea: "utrecht-textarea",
    forms.Select: "utrecht-select utrecht-select--html-select",
    forms.SelectMultiple: "utrecht-select utrecht-select--html-select",
    forms.CheckboxInput: "utrecht-checkbox utrecht-checkbox--html-input",
    forms.RadioSelect: "",
    forms.CheckboxSelectMultiple: "",
}


@register.inclusion_tag("includes/veld.html")
def veld(field):
    """Render a form field NL Design System style: label, help, error tied to the input."""
    widget = field.field.widget
    css = next((c for t, c in WIDGET_CLASS.items() if isinstance(widget, t)), "utrecht-textbox utrecht-textbox--html-input")
    describedby = []
    if field.help_text:
        describedby.append(f"{field.auto_id}_helptext")
    if field.errors:
        describedby.append(f"{field.auto_id}_fout")
        css += " utrecht-textbox--invalid utrecht-select--invalid utrecht-textarea--invalid"
    attrs = {"class": css}
    if describedby:
        attrs["aria-describedby"] = " ".join(describedby)
    if field.errors:
        attrs["aria-invalid"] = "true"
    is_groep = isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple))
    if is_groep:
        attrs.pop("class", None)
    return {
        "field": field,
        "widget_html": field.as_widget(attrs=attrs),
        "is_checkbox": isinstance(widget, forms.CheckboxInput),
        "is_groep": is_groep,
        "optioneel": is_optioneel(field.field),
    }


@register.filter
def tijd_tot(deadline):
    """'nog 3 uur 20 min' or '45 min te laat', for the 24-hour clock."""
    from django.utils import timezone

    seconden = int((deadline - timezone.now()).total_seconds())
    minuten = abs(seconden) // 60
    uren, minuten = divmod(minuten, 60)
    tekst = f"{uren} uur {minuten} min" if uren else f"{minuten} min"
    return f"nog {tekst}" if seconden >= 0 else f"{tekst} te laat"


@register.filter
def deadline_klasse(deadline):
    from datetime import timedelta

    from django.utils import timezone

    over = deadline - timezone.now()
    if over.total_seconds() < 0:
        return "wsp-deadline--te-laat"
    if over < timedelta(hours=4):
        return "wsp-deadline--krap"
    return ""


@register.filter
def status_klasse(status):
    if status in ("voorgedragen", "uitgenodigd", "gesprek_gepland", "nieuw", "concept"):
        return "wsp-status--wacht"
    if status in ("aangenomen", "open", "contact"):
        return "wsp-status--goed"
    if status in ("niet_passend", "afgewezen", "ingetrokken", "gesloten"):
        return "wsp-status--nee"
    return ""


@register.filter(name="datum")
def datum_filter(waarde):
    """A date as we always write it (klantreis.lib.datums)."""
    return datums.datum(waarde)


@register.filter(name="datum_tijd")
def datum_tijd_filter(waarde):
    return datums.datum_tijd(waarde)


@register.filter(name="tijd", expects_localtime=True)
def tijd_filter(waarde):
    """``|time:"H:i"``, and for a time of the hour that is there twice (the night the clocks go back) which of
    the two: "02:30 (wintertijd)" (klantreis.lib.datums.klok)."""
    klok = datums.klok(waarde)
    tijd = django_tijdfilter(waarde, "H:i")
    return f"{tijd} ({klok})" if klok else tijd


@register.filter(name="kort")
def kort_filter(waarde, formaat="j F"):
    """``|date:formaat`` for a short format without a year ("j F", "l j F H:i"), with the year when the date is
    not in this year (klantreis.lib.datums.kort)."""
    return datums.kort(waarde, formaat)


@register.filter(name="een_punt", is_safe=True)
@stringfilter
def een_punt_filter(tekst):
    """A sentence that ends on a name, whole: ``{% filter een_punt %}Je werkt nu bij {{ naam }}.{% endfilter %}``
    ends once after "De Heul B.V." and adds no period after "Yahoo!", "Wat Nu?" or "Zo…" (``klantreis.lib.tekst``).
    On the sentence, not on the name: a filter on the name cannot take away the period the template writes after
    it. It only takes away periods, so escaped text stays safe."""
    return een_punt(tekst)
