from django import forms
from django.utils.translation import gettext_lazy as _

from werkgevers.forms import DatumInput
from werkzoekenden.models import Actie


class ActieForm(forms.ModelForm):
    versie = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Actie
        fields = ["levensdomein", "doel", "omschrijving", "eigenaar", "derde_partij", "uiterlijk", "status", "notitie"]
        widgets = {
            "uiterlijk": DatumInput,
            "eigenaar": forms.RadioSelect,
            "notitie": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {"uiterlijk": {"invalid": _("Vul een geldige datum in.")}}


class EvaluatieForm(forms.Form):
    evaluatiedatum = forms.DateField(label=_("Volgende evaluatie van het plan"), widget=DatumInput, required=False,
                                     error_messages={"invalid": _("Vul een geldige datum in.")})


class ToestemmingForm(forms.Form):
    doel = forms.ChoiceField(label=_("Waarvoor geef je toestemming?"), widget=forms.RadioSelect, choices=[
        ("werkgever", _("Mijn cv en profiel delen met een werkgever")),
        ("derde", _("Mijn gegevens delen met een andere organisatie (bijvoorbeeld schuldhulp of WMO)")),
        ("vindbaar", _("Zonder naam vindbaar zijn voor accountmanagers in mijn regio")),
    ])
    werkgever = forms.ModelChoiceField(label=_("Met welke werkgever?"), queryset=None, required=False)
    derde_partij = forms.CharField(label=_("Met welke organisatie?"), max_length=200, required=False)

    def __init__(self, *args, werkgevers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["werkgever"].queryset = werkgevers
