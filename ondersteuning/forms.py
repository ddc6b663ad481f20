from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Gemeente
from klantreis.lib.forms import (
    EEN_JAAR,
    Datumgrens,
    DatumInput,
    Klokvragen,
    Tekstlimieten,
    TijdInput,
    keerveld,
    voorwaardelijk_verplicht,
)
from ondersteuning.models import Traject


class TrajectForm(Tekstlimieten, forms.ModelForm):
    class Meta:
        model = Traject
        fields = ["titel", "soort", "omschrijving", "voor_wie", "duur", "kosten", "aanbieder", "plaats", "gemeente"]
        widgets = {"omschrijving": forms.Textarea(attrs={"rows": 4}), "voor_wie": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"gemeente": _("Leeg: voor werkzoekenden in de hele arbeidsmarktregio."),
                      "voor_wie": _("Bijvoorbeeld: voor wie wil werken in de bouw of de techniek."),
                      "kosten": _("Meestal: Geen. Noem het als de werkzoekende iets moet betalen of meenemen.")}
        error_messages = {veld: {"required": _("Vul dit in.")}
                          for veld in ("titel", "omschrijving", "aanbieder", "plaats", "soort")}

    def __init__(self, *args, regio_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].queryset = Gemeente.objects.filter(regio_id=regio_id)  # in Dutch order (Meta)
        self.fields["gemeente"].empty_label = _("Hele arbeidsmarktregio")
        if not self.instance.pk:
            self.initial.setdefault("kosten", _("Geen"))


class StartmomentForm(Klokvragen, Tekstlimieten, forms.Form):
    # A groepsbijeenkomst comes in the agenda: at most a year ahead, like an afspraak.
    datum = forms.DateField(label=_("Datum"), widget=DatumInput, validators=[Datumgrens(vooruit=EEN_JAAR)],
                            error_messages={"invalid": _("Vul een geldige datum in."),
                                            "required": _("Vul de datum in.")})
    begintijd = forms.TimeField(label=_("Begint om"), widget=TijdInput,
                                error_messages={"invalid": _("Vul een tijd in zoals 09:30."),
                                                "required": _("Vul de begintijd in.")})
    begintijd_keer = keerveld(_("Welke keer begint het?"))
    eindtijd = forms.TimeField(label=_("Eindigt om"), widget=TijdInput, required=False,
                               help_text=_("Nodig bij een groepsbijeenkomst: die komt in de agenda."),
                               error_messages={"invalid": _("Vul een tijd in zoals 12:00.")})
    eindtijd_keer = keerveld(_("Welke keer eindigt het?"))
    capaciteit = forms.IntegerField(label=_("Aantal plaatsen"), required=False, min_value=1, max_value=500,
                                    help_text=_("Leeg: geen maximum."),
                                    error_messages={"invalid": _("Vul een aantal in, bijvoorbeeld 12."),
                                                    "min_value": _("Vul minstens 1 in."),
                                                    "max_value": _("Hoogstens 500 plaatsen.")})

    klokvelden = ("begintijd", "eindtijd")

    def clean(self):
        """A groepsbijeenkomst comes in the agenda: a time the clocks show twice is asked, one they skip is refused,
        as on the agenda's forms (``Klokvragen``)."""
        c = super().clean()
        self.klok_controleren(c)
        return c

    def tijden(self):
        """Begin and end (None when not given), aware; a time of the hour that is there twice as chosen."""
        return self.moment("begintijd"), self.moment("eindtijd") if self.cleaned_data.get("eindtijd") else None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        voorwaardelijk_verplicht(self.fields["eindtijd"])  # its help text says when


class AanvraagForm(Tekstlimieten, forms.Form):
    startmoment = forms.TypedChoiceField(label=_("Wanneer wil je beginnen?"), coerce=int, required=False,
                                         widget=forms.RadioSelect,
                                         error_messages={"invalid_choice": _("Kies een moment uit de lijst.")})
    motivatie = forms.CharField(label=_("Waarom wil je meedoen?"), required=False, max_length=2000,
                                widget=forms.Textarea(attrs={"rows": 4}),
                                help_text=_("Dit hoeft niet. Je contactpersoon leest het."))

    def __init__(self, *args, startmomenten, **kwargs):
        super().__init__(*args, **kwargs)
        if startmomenten:
            self.fields["startmoment"].choices = startmomenten
            self.fields["startmoment"].required = True
            self.fields["startmoment"].error_messages["required"] = _("Kies wanneer je wilt beginnen.")
        else:
            del self.fields["startmoment"]


class BeoordelingForm(Tekstlimieten, forms.Form):
    besluit = forms.ChoiceField(label=_("Besluit"), widget=forms.RadioSelect,
                                choices=[("ja", _("Ja, goedkeuren: het komt in het plan van aanpak")),
                                         ("nee", _("Nee, niet goedkeuren"))],
                                error_messages={"required": _("Kies ja of nee.")})
    reden = forms.CharField(label=_("Reden (de werkzoekende leest dit)"), required=False, max_length=2000,
                            widget=forms.Textarea(attrs={"rows": 3}),
                            help_text=_("Verplicht bij nee. Schrijf in gewone taal, met je/jij."))

    def clean(self):
        c = super().clean()
        if c.get("besluit") == "nee" and not (c.get("reden") or "").strip():
            self.add_error("reden", _("Schrijf op waarom niet. De werkzoekende leest dit."))
        return c
