from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bemiddeling.models import Voordracht
from klantreis.lib import datums
from klantreis.lib.forms import (
    EEN_JAAR,
    Datumgrens,
    DatumInput,
    Klokvragen,
    Tekstlimieten,
    TijdInput,
    TochPlannen,
    Vinkjes,
    keerveld,
    voorwaardelijk_verplicht,
)
from werkgevers.models import Instrument


class VoordrachtForm(Tekstlimieten, forms.Form):
    kandidaat = forms.ModelChoiceField(
        label=_("Kandidaat"), queryset=None,
        help_text=_("Alleen kandidaten die toestemming gaven om hun cv met deze werkgever te delen."),
    )
    toelichting = forms.CharField(label=_("Waarom past deze kandidaat?"), widget=forms.Textarea(attrs={"rows": 5}),
                                  help_text=_("Dit leest de werkgever bij het cv. Schrijf wat de kandidaat meebrengt."))
    instrumenten = forms.ModelMultipleChoiceField(
        label=_("Instrumenten die kunnen gelden"), queryset=Instrument.objects.filter(actief=True),
        required=False, widget=Vinkjes,
    )

    def __init__(self, *args, kandidaten, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kandidaat"].queryset = kandidaten


class DocumentenKiezenForm(forms.Form):
    documenten = forms.ModelMultipleChoiceField(
        label=_("Welke documenten gaan mee naar de werkgever?"), queryset=None, required=False,
        widget=Vinkjes,
        help_text=_("Alleen documenten die de kandidaat zelf wil delen staan hier."))

    def __init__(self, *args, documenten, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["documenten"].queryset = documenten
        self.fields["documenten"].label_from_instance = _documentlabel


def _documentlabel(document):
    label = f"{document.naam} ({document.get_soort_display()})"
    if document.verloopt_op:
        label += " - " + str(_("verloopt op %(datum)s") % {"datum": datums.datum(document.verloopt_op)})
    if document.verlopen:
        label += " - " + str(_("verlopen"))
    return label


GESPREK_INVULLEN = _("Vul dit in om het gesprek te plannen.")


# Unticking "De kandidaat mag deze reden lezen" keeps the reason out of her portal, not out of her AVG inzage
# (art. 15: she gets her personal data on request): whoever unticks it is told so.
REDEN_DELEN_HULP_U = _("Zo kan de kandidaat ervan leren. Zet u dit uit, dan ziet de kandidaat de reden niet in het "
                       "portaal. Vraagt de kandidaat de eigen gegevens op (AVG), dan staat de reden daar wel bij.")
REDEN_DELEN_HULP_JE = _("Zo kan de kandidaat ervan leren. Zet je dit uit, dan ziet de kandidaat de reden niet in het "
                        "portaal. Vraagt de kandidaat de eigen gegevens op (AVG), dan staat de reden daar wel bij.")


class _GesprekVelden(Klokvragen, Tekstlimieten, forms.Form):
    # A gesprek lies at most a year ahead: as far as the agenda looks ("Wat komt er").
    datum = forms.DateField(label=_("Datum"), widget=DatumInput, required=False,
                            validators=[Datumgrens(vooruit=EEN_JAAR)],
                            error_messages={"invalid": _("Vul een geldige datum in.")})
    tijd = forms.TimeField(label=_("Tijd"), widget=TijdInput, required=False,
                           error_messages={"invalid": _("Vul een tijd in zoals 14:30.")})
    tijd_keer = keerveld(_("Welke keer begint het?"))
    locatie = forms.CharField(label=_("Plaats van het gesprek"), max_length=300, required=False)

    klokvelden = ("tijd",)

    def __init__(self, *args, u=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.klok_u = u

    def begint_op(self):
        """Aware; a time the clocks show twice (the night they go back) as chosen."""
        return self.moment("tijd")

    def _check_gesprek(self, verplicht):
        c = self.cleaned_data
        ingevuld = [v for v in ("datum", "tijd", "locatie") if c.get(v)]
        if not verplicht and not ingevuld:
            return False
        for veld in ("datum", "tijd", "locatie"):
            if not c.get(veld) and veld not in self.errors:
                self.add_error(veld, GESPREK_INVULLEN)
        # The night the clocks change: a time they show twice is asked, one they skip refused (``Klokvragen``).
        self.klok_controleren(c)
        # A day before today is past whatever the time: said with the missing time, not after it is filled in.
        datum = c.get("datum")
        if datum and (datum < timezone.localdate() or c.get("tijd") and self.begint_op() <= timezone.now()):
            self.add_error("datum", _("Dit moment is al voorbij. Kies een datum en tijd in de toekomst."))
        return True


class ReactieForm(_GesprekVelden, TochPlannen):
    """The werkgever's answer on a voordracht. Inviting with a time plans the gesprek at once: like ``GesprekForm``
    it asks first when someone of the gesprek is busy then (``TochPlannen``)."""

    keuze = forms.ChoiceField(
        label=_("Wat wilt u?"), widget=forms.RadioSelect,
        choices=[("uitnodigen", _("Uitnodigen voor een gesprek")), ("niet_passend", _("Niet passend"))],
    )
    reden = forms.ChoiceField(label=_("Reden bij niet passend"),
                              choices=[("", "---------"), *Voordracht.Reden.choices], required=False)
    reden_toelichting = forms.CharField(label=_("Toelichting"), widget=forms.Textarea(attrs={"rows": 3}),
                                        required=False)
    # On unless the werkgever unticks it: the kandidaat learns most from the werkgever's own reason. Unticked it only
    # stays out of her portal: her AVG inzage (art. 15) still holds it, and the help says so.
    reden_delen = forms.BooleanField(label=_("De kandidaat mag deze reden lezen"), required=False, initial=True,
                                     help_text=REDEN_DELEN_HULP_U)
    begeleider_gaat_mee = forms.BooleanField(label=_("Er gaat een begeleider mee"), required=False)

    field_order = ["keuze", "reden", "reden_toelichting", "reden_delen", "datum", "tijd", "tijd_keer", "locatie"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, u=True, **kwargs)
        voorwaardelijk_verplicht(self.fields["reden"], _("Nodig als u 'Niet passend' kiest."))
        voorwaardelijk_verplicht(self.fields["reden_toelichting"], _("Nodig bij 'Andere reden'."))
        self.fields["datum"].help_text = _("Leeg laten mag: dan plant uw accountmanager het gesprek met u in.")
        for veld in ("tijd", "locatie"):
            voorwaardelijk_verplicht(self.fields[veld], _("Nodig als u een datum invult."))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("keuze") == "niet_passend":
            if not cleaned.get("reden"):
                self.add_error("reden", _("Kies een reden; daarmee zoeken we gerichter verder."))
            elif (cleaned["reden"] == Voordracht.Reden.ANDERS and "reden_toelichting" not in self.errors
                  and not cleaned.get("reden_toelichting", "").strip()):
                # A toelichting refused as too long was written: it is not missing.
                self.add_error("reden_toelichting", _("Licht de andere reden kort toe."))
        elif cleaned.get("keuze") == "uitnodigen":
            cleaned["gesprek_plannen"] = self._check_gesprek(verplicht=False)
        return cleaned


class GesprekForm(_GesprekVelden, TochPlannen):
    duur_minuten = forms.IntegerField(label=_("Duur in minuten"), min_value=15, max_value=480, initial=60)
    begeleider_gaat_mee = forms.BooleanField(label=_("Er gaat een begeleider mee (keuze van de kandidaat)"),
                                             required=False)
    voorbereiding = forms.CharField(label=_("Voorbereiding voor de kandidaat"), required=False,
                                    widget=forms.Textarea(attrs={"rows": 4}),
                                    help_text=_("Tips die de kandidaat in de uitnodiging leest."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Here a moment is the point of the page: the three are required, and labelled so.
        for veld in ("datum", "tijd", "locatie"):
            self.fields[veld].required = True
            self.fields[veld].error_messages["required"] = GESPREK_INVULLEN

    def clean(self):
        cleaned = super().clean()
        self._check_gesprek(verplicht=True)
        return cleaned


class UitkomstForm(Tekstlimieten, forms.Form):
    keuze = forms.ChoiceField(label=_("Hoe is het gesprek afgelopen?"), widget=forms.RadioSelect,
                              choices=[("aangenomen", _("Aangenomen")), ("afgewezen", _("Afgewezen"))])
    reden = forms.ChoiceField(label=_("Reden bij afwijzing"), choices=[("", "---------"), *Voordracht.Reden.choices],
                              required=False)
    reden_toelichting = forms.CharField(label=_("Toelichting"), widget=forms.Textarea(attrs={"rows": 3}),
                                        required=False)
    # On unless unticked, as on the answer form: in the gewenste klantreis the werkgever gives the kandidaat feedback.
    reden_delen = forms.BooleanField(label=_("De kandidaat mag deze reden lezen"), required=False, initial=True,
                                     help_text=REDEN_DELEN_HULP_JE)

    def __init__(self, *args, u=False, **kwargs):
        super().__init__(*args, **kwargs)
        if u:  # the werkgever; the accountmanager reads "je"
            self.fields["reden_delen"].help_text = REDEN_DELEN_HULP_U
        voorwaardelijk_verplicht(self.fields["reden"], _("Nodig bij 'Afgewezen'."))
        voorwaardelijk_verplicht(self.fields["reden_toelichting"], _("Nodig bij 'Andere reden'."))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("keuze") == "afgewezen":
            if not cleaned.get("reden"):
                self.add_error("reden", _("Kies een reden; daarmee helpen we de kandidaat verder."))
            elif (cleaned["reden"] == Voordracht.Reden.ANDERS and "reden_toelichting" not in self.errors
                  and not cleaned.get("reden_toelichting", "").strip()):
                # A toelichting refused as too long was written: it is not missing.
                self.add_error("reden_toelichting", _("Licht de andere reden kort toe."))
        return cleaned


class IntrekkenForm(Tekstlimieten, forms.Form):
    toelichting = forms.CharField(
        # The werkzoekende reads it in a melding (300 characters with who, where and what): it must fit whole.
        label=_("Waarom trek je de voordracht in?"), max_length=180, widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Schrijf kort waarom: de kandidaat en de klantmanager lezen het.")},
        help_text=_("De kandidaat en de klantmanager lezen dit. De werkgever hoort alleen dat de kandidaat niet meer "
                    "beschikbaar is."))


class VoorbereidingForm(Tekstlimieten, forms.Form):
    """What the klantmanager or the accountmanager writes for the werkzoekende (je-form, B1)."""

    over_werkgever = forms.CharField(label=_("Over de werkgever"), required=False, max_length=3000,
                                     widget=forms.Textarea(attrs={"rows": 3}),
                                     help_text=_("Wat doet het bedrijf, hoe is de sfeer? Een website mag erbij."))
    over_vacature = forms.CharField(label=_("Over het werk"), required=False, max_length=3000,
                                    widget=forms.Textarea(attrs={"rows": 3}))
    vragen = forms.CharField(label=_("Vragen die je kunt verwachten"), required=False, max_length=3000,
                             widget=forms.Textarea(attrs={"rows": 4}), help_text=_("Eén vraag per regel."))
    meenemen = forms.CharField(label=_("Wat neem je mee?"), required=False, max_length=1000,
                               widget=forms.Textarea(attrs={"rows": 2}))
    reis = forms.CharField(label=_("Reis en tijd"), required=False, max_length=1000,
                           widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("Bijvoorbeeld: welke bus, waar parkeren, bij wie meld je je. Het adres en de "
                                       "tijd van het gesprek staan er al bij."))
    punten = forms.CharField(label=_("Lijstje om af te vinken"), required=False, max_length=4000,
                             widget=forms.Textarea(attrs={"rows": 7}),
                             help_text=_("Eén punt per regel. Wat de werkzoekende al afvinkte, blijft afgevinkt."))

    def clean_punten(self):
        return [regel for regel in self.cleaned_data["punten"].splitlines() if regel.strip()]
