from django import forms
from django.utils.translation import gettext_lazy as _

from meldingen.models import Bezorging


class VoorkeurForm(forms.Form):
    bezorging = forms.ChoiceField(label=_("Hoe wil je horen dat er iets nieuws is?"), choices=Bezorging.choices,
                                  widget=forms.RadioSelect,
                                  error_messages={"required": _("Kies een van de mogelijkheden."),
                                                  "invalid_choice": _("Kies een van de mogelijkheden.")})

    def __init__(self, *args, u=False, **kwargs):
        super().__init__(*args, **kwargs)
        if u:
            self.fields["bezorging"].label = _("Hoe wilt u horen dat er iets nieuws is?")
