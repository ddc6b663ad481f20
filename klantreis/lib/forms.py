"""Form fields and widgets shared by every app's forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

KVK = forms.RegexField(
    label=_("KvK-nummer"), regex=r"^\d{8}$",
    error_messages={"invalid": _("Een KvK-nummer bestaat uit precies 8 cijfers, zoals 12345678.")},
)
POSTCODE = dict(
    label=_("Postcode"), regex=r"^\s*[1-9]\d{3}\s?[A-Za-z]{2}\s*$", max_length=8,
    error_messages={"invalid": _("Vul een postcode in zoals 1234 AB.")},
)
TELEFOON = dict(
    regex=r"^\+?[0-9 ()-]{10,20}$",
    error_messages={"invalid": _("Vul een telefoonnummer in met 10 cijfers, zoals 06 12345678 of 026 1234567.")},
)
EMAIL_FOUT = {"invalid": _("Vul een geldig e-mailadres in, zoals naam@bedrijf.nl.")}
JA_NEE_ONBEKEND = forms.NullBooleanSelect


class DatumInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class TijdInput(forms.TimeInput):
    input_type = "time"
