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
