from django import forms
from django.utils.translation import gettext_lazy as _

from agenda.models import Afspraak
from klantreis.lib.forms import (
    EEN_JAAR,
    Datumgrens,
    DatumInput,
    Klokvragen,
    Tekstlimieten,
    TijdInput,
    TochPlannen,
    keerveld,
)


class _Tijdvak(Klokvragen, Tekstlimieten, TochPlannen):
    # At most a year ahead, as far as "Wat komt er" looks (agenda.views); a moved afspraak at most a year back.
    datum = forms.DateField(label=_("Datum"), widget=DatumInput,
                            validators=[Datumgrens(vooruit=EEN_JAAR, terug=EEN_JAAR)],
                            error_messages={"invalid": _("Vul een geldige datum in."),
                                            "required": _("Vul de datum in.")})
    begintijd = forms.TimeField(label=_("Begint om"), widget=TijdInput,
                                error_messages={"invalid": _("Vul een tijd in zoals 14:30."),
                                                "required": _("Vul de begintijd in.")})
    begintijd_keer = keerveld(_("Welke keer begint het?"))
    eindtijd = forms.TimeField(label=_("Eindigt om"), widget=TijdInput,
                               error_messages={"invalid": _("Vul een tijd in zoals 15:30."),
                                               "required": _("Vul de eindtijd in.")})
    eindtijd_keer = keerveld(_("Welke keer eindigt het?"))
    plaats = forms.CharField(label=_("Plaats"), max_length=300, required=False,
                             help_text=_("Adres of ruimte. Of vul hieronder een videolink in."))
    videolink = forms.URLField(label=_("Videolink"), max_length=500, required=False, assume_scheme="https",
                               error_messages={"invalid": _("Vul een volledige link in, zoals https://...")})

    klokvelden = ("begintijd", "eindtijd")

    def clean(self):
        """A time the clocks show twice is asked, one they skip is refused (``Klokvragen``)."""
        c = super().clean()
        self.klok_controleren(c)
        return c

    def tijden(self):
        """Begin and end, aware; a time of the hour that is there twice as chosen (``fold``: 1 is the second)."""
        return self.moment("begintijd"), self.moment("eindtijd")


class AfspraakForm(_Tijdvak):
    soort = forms.ChoiceField(label=_("Soort afspraak"),
                              choices=[c for c in Afspraak.Soort.choices if c[0] != Afspraak.Soort.SOLLICITATIEGESPREK],
                              error_messages={"invalid_choice": _("Kies een soort afspraak uit de lijst.")})
    titel = forms.CharField(label=_("Titel"), max_length=200, required=False,
                            help_text=_("Leeg: de soort afspraak is de titel."))
    toelichting = forms.CharField(label=_("Toelichting voor de deelnemers"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    capaciteit = forms.IntegerField(label=_("Aantal plaatsen (alleen bij een groepsbijeenkomst)"), required=False,
                                    min_value=1, max_value=500,
                                    error_messages={"invalid": _("Vul een aantal in, bijvoorbeeld 12.")})
    werkgever = forms.ModelChoiceField(label=_("Met werkgever"), queryset=None, required=False)
    kandidaat = forms.ModelChoiceField(label=_("Met werkzoekende"), queryset=None, required=False)

    field_order = ["soort", "titel", "datum", "begintijd", "begintijd_keer", "eindtijd", "eindtijd_keer", "plaats",
                   "videolink", "werkgever", "kandidaat", "capaciteit", "toelichting"]

    def __init__(self, *args, werkgevers, kandidaten, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["werkgever"].queryset = werkgevers
        self.fields["kandidaat"].queryset = kandidaten
        if not werkgevers.exists():
            del self.fields["werkgever"]
        if not kandidaten.exists():
            del self.fields["kandidaat"]
        # Only the soorten one can invite for here: a visit needs a werkgever to choose (an accountmanager's), a
        # gesprek met de klantmanager a werkzoekende (a klantmanager's), a nazorggesprek either.
        nodig = {Afspraak.Soort.KENNISMAKINGSBEZOEK: {"werkgever"}, Afspraak.Soort.KLANTMANAGERGESPREK: {"kandidaat"},
                 Afspraak.Soort.NAZORGGESPREK: {"werkgever", "kandidaat"}}
        self.fields["soort"].choices = [(waarde, label) for waarde, label in self.fields["soort"].choices
                                        if waarde not in nodig or nodig[waarde] & set(self.fields)]

    def clean(self):
        c = super().clean()
        if c.get("soort"):
            fouten = Afspraak.deelname_fouten(c["soort"], werkgever=c.get("werkgever"),
                                              kandidaten=[c["kandidaat"]] if c.get("kandidaat") else [],
                                              capaciteit=c.get("capaciteit"))
            for veld, fout in fouten.items():
                # "wie": the werkgever or the werkzoekende is missing; shown at the one this form lets choose
                if veld == "wie":
                    veld = next(v for v in ("werkgever", "kandidaat") if v in self.fields)
                self.add_error(veld, fout)
        return c


class VerplaatsenForm(_Tijdvak):
    pass


class KanNietForm(Tekstlimieten, forms.Form):
    reden = forms.CharField(label=_("Waarom kun je niet?"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
                            help_text=_("Kort is goed. Bijvoorbeeld: ik ben ziek, of ik moet werken."),
                            error_messages={"required": _("Schrijf kort waarom je niet kunt.")})
    wanneer_wel = forms.CharField(label=_("Wanneer kun je wel?"), max_length=200, required=False,
                                  help_text=_("Bijvoorbeeld: dinsdagochtend of donderdag na 13:00."))


class KanNietUForm(KanNietForm):
    """The same, for a werkgever's contactpersoon: in "u"."""

    reden = forms.CharField(label=_("Waarom kunt u niet?"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
                            help_text=_("Kort is goed. Bijvoorbeeld: ik ben die dag niet op de zaak."),
                            error_messages={"required": _("Schrijf kort waarom u niet kunt.")})
    wanneer_wel = forms.CharField(label=_("Wanneer kunt u wel?"), max_length=200, required=False,
                                  help_text=_("Bijvoorbeeld: dinsdagochtend of donderdag na 13:00."))
