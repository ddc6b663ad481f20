from django import forms
from django.utils.translation import gettext_lazy as _

from beleving.models import Score
from klantreis.lib.forms import Tekstlimieten


class AntwoordForm(Tekstlimieten, forms.Form):
    """Five answers as a radio group with text labels (the faces are decoration in the template)."""

    score = forms.TypedChoiceField(label=_("Hoe ging het?"), coerce=int, choices=Score.choices,
                                   widget=forms.RadioSelect,
                                   error_messages={"required": _("Kies hoe het ging: een van de vijf antwoorden."),
                                                   "invalid_choice": _("Kies hoe het ging: een van de vijf "
                                                                       "antwoorden.")})
    opmerking = forms.CharField(label=_("Wil je er iets over kwijt? Dat mag, het hoeft niet."), required=False,
                                max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, u=False, **kwargs):
        super().__init__(*args, **kwargs)
        if u:
            self.fields["opmerking"].label = _("Wilt u er iets over kwijt? Dat mag, het hoeft niet.")
