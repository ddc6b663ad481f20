"""Form fields and widgets shared by every app's forms."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from klantreis.lib.spreadsheet import is_formule

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


NOTITIE_MAX = 5000  # a note, a question, a motivation: a few paragraphs
REGEL_MAX = 200  # a one-line text without a limit of its own
TE_LANG = _("Gebruik hoogstens %(limit_value)d tekens; dit zijn er %(show_value)d. De tekst staat er nog: "
            "maak hem wat korter.")


class Tekstlimieten:
    """Mixin for every form: each free-text field gets a maximum length (``NOTITIE_MAX`` for a textarea,
    ``REGEL_MAX`` for a line, unless the field has its own) and a Dutch message when it is exceeded. The form
    is shown again with everything that was typed, so nothing is lost. (A NUL character never reaches a form:
    ``klantreis.lib.middleware.GeenNulTekensMiddleware`` answers 400 first.)"""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for veld in self.fields.values():
            if not isinstance(veld, forms.CharField):
                continue
            if veld.max_length is None:
                veld.max_length = NOTITIE_MAX if isinstance(veld.widget, forms.Textarea) else REGEL_MAX
                veld.validators.append(MaxLengthValidator(veld.max_length))
                if not isinstance(veld.widget, forms.Textarea):
                    veld.widget.attrs.setdefault("maxlength", str(veld.max_length))
            veld.error_messages["max_length"] = TE_LANG
            # A textarea with maxlength silently cuts a pasted text; the message above says it instead.
            if isinstance(veld.widget, forms.Textarea):
                veld.widget.attrs.pop("maxlength", None)


def geen_formule(waarde):
    """Validator for imported text: never store something a spreadsheet would execute (CSV/formula injection).
    The same test as the exports use (klantreis.lib.spreadsheet): +31 6... and -5 stay allowed, -1+cmd|... not."""
    if isinstance(waarde, str) and is_formule(waarde):
        raise ValidationError(_("Dit lijkt een spreadsheetformule (het begint met '%(teken)s'). Haal dat teken weg "
                                "of zet er een apostrof voor."), code="formule",
                              params={"teken": waarde.strip()[:1]})
