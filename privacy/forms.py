from django import forms
from django.utils.translation import gettext_lazy as _

from klantreis.lib.forms import Tekstlimieten, voorwaardelijk_verplicht
from werkzoekenden.models import Afsluitreden, Rechtenverzoek


class RechtenverzoekForm(Tekstlimieten, forms.Form):
    soort = forms.ChoiceField(label=_("Wat wil je?"), widget=forms.RadioSelect, choices=Rechtenverzoek.Soort.choices,
                              error_messages={"required": _("Kies wat je wilt.")})
    wat = forms.CharField(label=_("Over welke gegevens gaat het?"), max_length=2000, widget=forms.Textarea(
        attrs={"rows": 3}), help_text=_("Bijvoorbeeld: mijn telefoonnummer, of de notitie bij een actie in mijn plan."),
        error_messages={"required": _("Schrijf over welke gegevens het gaat.")})
    wens = forms.CharField(label=_("Wat moet het worden? Of: waarom wil je dit?"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Bij verbeteren: schrijf wat het wel moet zijn."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        voorwaardelijk_verplicht(self.fields["wens"])  # its help text says when: no "(niet verplicht)"

    def clean(self):
        data = super().clean()
        # A text that is too long has its own error already: it is there, so "write it" would be wrong.
        if (data.get("soort") == Rechtenverzoek.Soort.CORRECTIE and not self.has_error("wens")
                and not (data.get("wens") or "").strip()):
            self.add_error("wens", _("Schrijf wat het wel moet zijn."))
        return data


class AntwoordForm(Tekstlimieten, forms.Form):
    uitkomst = forms.ChoiceField(label=_("Wat is er met het verzoek gedaan?"), widget=forms.RadioSelect,
                                 choices=Rechtenverzoek.Uitkomst.choices,
                                 error_messages={"required": _("Kies wat er met het verzoek gedaan is.")})
    antwoord = forms.CharField(
        label=_("Antwoord aan de werkzoekende"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("In begrijpelijke taal (B1): wat je hebt gedaan, of waarom niet, en dat de werkzoekende een "
                    "klacht kan indienen bij de Autoriteit Persoonsgegevens."),
        error_messages={"required": _("Schrijf een antwoord aan de werkzoekende.")})


class AfsluitenForm(Tekstlimieten, forms.Form):
    reden = forms.ChoiceField(label=_("Waarom gaat het dossier dicht?"), widget=forms.RadioSelect,
                              choices=Afsluitreden.choices,
                              error_messages={"required": _("Kies waarom het dossier dicht gaat.")})
    bevestigd = forms.BooleanField(
        label=_("Ik begrijp dat de bewaartermijn nu begint: het cv wordt na de termijn verwijderd en het dossier "
                "daarna geanonimiseerd."),
        error_messages={"required": _("Vink aan dat je dit begrijpt.")})
