
from django import forms
from django.utils.translation import gettext_lazy as _

from klantreis.lib.forms import Tekstlimieten, Vinkjes
from matching.index import Filters
from werkzoekenden.models import Kandidaat


class MatchFilterForm(Tekstlimieten, forms.Form):
    max_km = forms.IntegerField(label=_("Maximaal km"), required=False, min_value=1, max_value=300,
                                widget=forms.TextInput(attrs={"inputmode": "numeric"}),
                                error_messages={"invalid": _("Vul een aantal kilometers in, bijvoorbeeld 15.")})
    min_uren = forms.IntegerField(label=_("Minimaal uren"), required=False, min_value=1, max_value=40,
                                  widget=forms.TextInput(attrs={"inputmode": "numeric"}),
                                  error_messages={"invalid": _("Vul een aantal uren in, bijvoorbeeld 24.")})
    uitkering = forms.ChoiceField(label=_("Uitkering"), required=False)
    ook_niet_werkfit = forms.BooleanField(label=_("Ook kandidaten die nog niet werkfit zijn"), required=False)
    heel_nederland = forms.BooleanField(label=_("Heel Nederland, niet alleen de eigen regio"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["uitkering"].choices = [("", _("Alle")), *Kandidaat.Uitkering.choices]

    def filters(self):
        """The filters that are valid; a wrong value is reported on the page and left out."""
        if not self.is_bound:
            return Filters(), False
        self.is_valid()
        data = {naam: self.cleaned_data.get(naam) for naam in self.fields if naam not in self.errors}
        return Filters(alleen_werkfit=not data.get("ook_niet_werkfit"), uitkering=data.get("uitkering") or "",
                       min_uren=data.get("min_uren"), max_km=data.get("max_km")), bool(data.get("heel_nederland"))


class ToestemmingVragenForm(forms.Form):
    """What the accountmanager asks to share; the werkzoekende reads the same list in their own words."""

    delen = forms.MultipleChoiceField(
        label=_("Wat wil je met de werkgever delen?"), widget=Vinkjes,
        choices=[("profiel", _("Naam en profiel (werkervaring, vaardigheden, opleiding): gaan altijd mee")),
                 ("cv", _("Het cv")), ("contact", _("Telefoonnummer en e-mailadres"))],
        error_messages={"required": _("Kies wat je wilt delen; naam en profiel horen er altijd bij.")})

    def clean_delen(self):
        delen = self.cleaned_data["delen"]
        if "profiel" not in delen:
            raise forms.ValidationError(_("Naam en profiel horen er altijd bij: zonder kan de werkgever niets."))
        return delen
