"""The period of the monitor: a range of months; quick choices this quarter, this year, last 12 months."""

import re
from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAAND = re.compile(r"^(\d{4})-(\d{1,2})$")
MAXIMUM_MAANDEN = 60
SNELKEUZES = {"12m": _("Laatste 12 maanden"), "kwartaal": _("Dit kwartaal"), "jaar": _("Dit jaar")}


def _plus_maanden(maand: date, n: int) -> date:
    index = maand.year * 12 + maand.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def snelkeuze(keuze: str, *, vandaag: date | None = None) -> tuple[date, date]:
    """(van, tot) of a quick choice; the current month is the last one."""
    vandaag = vandaag or timezone.localdate()
    tot = vandaag.replace(day=1)
    if keuze == "kwartaal":
        return date(tot.year, (tot.month - 1) // 3 * 3 + 1, 1), tot
    if keuze == "jaar":
        return date(tot.year, 1, 1), tot
    return _plus_maanden(tot, -11), tot


class MaandVeld(forms.CharField):
    widget = forms.TextInput(attrs={"type": "month", "placeholder": "2026-01", "autocomplete": "off"})
    default_error_messages = {"invalid": _("Vul een maand in als jaar-maand, bijvoorbeeld 2026-03.")}

    def to_python(self, value):
        value = super().to_python(value).strip()
        if not value:
            return None
        gevonden = MAAND.match(value)
        if not gevonden or not 1 <= int(gevonden[2]) <= 12 or int(gevonden[1]) < 2000:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return date(int(gevonden[1]), int(gevonden[2]), 1)


class PeriodeForm(forms.Form):
    van = MaandVeld(label=_("Van maand"), required=False)
    tot = MaandVeld(label=_("Tot en met maand"), required=False)

    def clean(self):
        cleaned = super().clean()
        van, tot = cleaned.get("van"), cleaned.get("tot")
        if self.errors:
            return cleaned
        standaard_van, standaard_tot = snelkeuze("12m")
        van, tot = van or (tot and _plus_maanden(tot, -11)) or standaard_van, tot or standaard_tot
        if van > tot:
            self.add_error("tot", _("De laatste maand ligt vóór de eerste. Kies een latere maand."))
        elif (tot.year - van.year) * 12 + tot.month - van.month + 1 > MAXIMUM_MAANDEN:
            self.add_error("van", _("Kies een periode van hoogstens %(n)s maanden.") % {"n": MAXIMUM_MAANDEN})
        cleaned["van"], cleaned["tot"] = van, tot
        return cleaned


def periode_uit(params) -> tuple[PeriodeForm, date, date]:
    """The form bound to the query string, and the period to show: the chosen one, a quick choice, or (when the
    input is wrong) the last 12 months while the form shows what was typed with the message."""
    keuze = params.get("snel", "")
    if keuze in SNELKEUZES:
        van, tot = snelkeuze(keuze)
        form = PeriodeForm({"van": f"{van:%Y-%m}", "tot": f"{tot:%Y-%m}"})
        form.is_valid()
        return form, van, tot
    form = PeriodeForm(params)
    if form.is_valid():
        van, tot = form.cleaned_data["van"], form.cleaned_data["tot"]
        # The fields show the months in effect, also when one or both were left empty (the default period).
        getoond = PeriodeForm({"van": f"{van:%Y-%m}", "tot": f"{tot:%Y-%m}"})
        getoond.is_valid()
        return getoond, van, tot
    van, tot = snelkeuze("12m")
    return form, van, tot
