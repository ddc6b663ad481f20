from datetime import datetime

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klantreis.lib.forms import (
    EEN_JAAR,
    VIJF_JAAR,
    Datumgrens,
    DatumInput,
    Tekstlimieten,
    TijdInput,
    Vinkjes,
    handtekening,
    voorwaardelijk_verplicht,
)
from plaatsingen.models import AANVRAAG_REDEN_MAX, Checkin, NazorgMoment, Plaatsing, Regelingaanvraag
from plaatsingen.services import (
    NAZORG_OP_DAG,
    ONBEKEND,
    PROEFPLAATSING_INSTRUMENT,
    fouten_in_gegevens,
    fouten_in_regelingen,
    instrumenten_voor_contract,
    regelingaanvragen,
    regelingen_te_kiezen,
)
from werkgevers.models import Instrument

DATUM_FOUT = {"invalid": _("Vul een geldige datum in.")}
# What the rules of dates and hours read (``plaatsingen.services.fouten_in_gegevens``).
GEGEVENS = ("soort", "startdatum", "einddatum", "uren_per_week", "verlenging_reden")
# A start is recorded up to a year late and planned up to a year ahead; an end lies at most five years ahead.
START = [Datumgrens(vooruit=EEN_JAAR, terug=EEN_JAAR)]
EINDE = [Datumgrens(vooruit=VIJF_JAAR, terug=EEN_JAAR)]


class PlaatsingForm(Tekstlimieten, forms.Form):
    soort = forms.ChoiceField(label=_("Soort plaatsing"), choices=Plaatsing.Soort.choices, widget=forms.RadioSelect)
    functie = forms.CharField(label=_("Functie"), max_length=200)
    startdatum = forms.DateField(label=_("Startdatum"), widget=DatumInput, error_messages=DATUM_FOUT,
                                 validators=START)
    einddatum = forms.DateField(label=_("Einddatum"), widget=DatumInput, required=False, error_messages=DATUM_FOUT,
                                validators=EINDE,
                                help_text=_("Niet bij een vast contract. Een proefplaatsing duurt hooguit 2 maanden, "
                                            "met een reden hooguit 6."))
    uren_per_week = forms.IntegerField(label=_("Uren per week"), min_value=1, max_value=40, error_messages={
        "min_value": _("Minimaal 1 uur."), "max_value": _("Maximaal 40 uur per week."),
        "invalid": _("Vul een getal in.")})
    verlenging_reden = forms.CharField(label=_("Reden voor een proefplaatsing langer dan 2 maanden"), required=False,
                                       widget=forms.Textarea(attrs={"rows": 2}))
    voorwaarden = forms.CharField(label=_("Extra afspraken voor de overeenkomst"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    instrumenten = forms.ModelMultipleChoiceField(label=_("Instrumenten"), required=False,
                                                  queryset=Instrument.objects.filter(actief=True),
                                                  widget=Vinkjes)

    def vaste_gegevens(self):
        """What the rules read that is not on this form: nothing for a new plaatsing (it follows no other)."""
        return {"vorige": None}

    def huidige_regelingen(self):
        """The regelingen the plaatsing has now (``fouten_in_regelingen``): None, a new plaatsing has none yet."""
        return None

    def regelingaanvragen(self):
        """The aanvragen of the plaatsing's regelingen (``fouten_in_regelingen``): None, a new plaatsing has none."""
        return None

    def clean(self):
        """The service's rules of dates and hours (end before start, the length of a proefplaatsing), also when
        another field is wrong: all errors at once. A rule waits only for the fields it reads that have an error of
        their own."""
        cleaned = super().clean()
        gegevens = {**self.vaste_gegevens(),
                    **{naam: cleaned.get(naam, ONBEKEND) for naam in GEGEVENS if naam in self.fields}}
        for veld, fout in fouten_in_gegevens(**gegevens).items():
            if veld in self.fields and veld not in self.errors:
                self.add_error(veld, fout)
        if "instrumenten" in self.fields and "instrumenten" not in self.errors and gegevens["soort"] is not ONBEKEND:
            for fout in fouten_in_regelingen(soort=gegevens["soort"], instrumenten=cleaned.get("instrumenten") or [],
                                             huidige=self.huidige_regelingen(), aanvragen=self.regelingaanvragen()):
                self.add_error("instrumenten", fout)
        return cleaned


class CorrectieForm(PlaatsingForm):
    """"Gegevens corrigeren": the fields of the plaatsing form that a correction may change, with their checks (the
    service adds the rules of ``controleer_gegevens``), and what was wrong. ``stand`` is the plaatsing the form was
    opened on (``services.correctie_stand``). The regelingen offered are those that fit the soort, and the ones the
    plaatsing has (``services.regelingen_te_kiezen``)."""

    soort = None
    reden = forms.CharField(label=_("Wat was er fout?"), widget=forms.Textarea(attrs={"rows": 3}),
                            help_text=_("Bijvoorbeeld: de startdatum is verkeerd overgenomen. De werkgever ziet dit "
                                        "niet; de werknemer kan dit opvragen."),
                            error_messages={"required": _("Schrijf op wat er fout was.")})
    stand = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, plaatsing, **kwargs):
        super().__init__(*args, **kwargs)
        self.plaatsing = plaatsing
        regelingen = self.fields["instrumenten"]
        regelingen.queryset, regelingen.label = regelingen_te_kiezen(plaatsing), _("Regelingen")
        # Only a proefplaatsing that has the regeling keeps it (fouten_in_regelingen): say so only then.
        heeft_proef_regeling = plaatsing.is_proef and plaatsing.instrumenten.filter(
            naam__iexact=PROEFPLAATSING_INSTRUMENT).exists()
        regelingen.help_text = _("Wat de werkgever krijgt bij deze plaatsing. De regeling Proefplaatsing hoort bij "
                                 "een proefplaatsing en blijft erbij.") if heeft_proef_regeling else _(
            "Wat de werkgever krijgt bij deze plaatsing.")
        if not plaatsing.is_proef:
            del self.fields["verlenging_reden"]
        if plaatsing.soort == Plaatsing.Soort.VAST:
            del self.fields["einddatum"]
        # What was stored is never refused, only what is typed now (as in the dossier form): the hours of a contract
        # that started more than a year ago can still be corrected.
        if self.is_bound:
            for naam in ("startdatum", "einddatum"):
                if naam in self.fields and naam not in self.changed_data:
                    veld = self.fields[naam]
                    veld.validators = [v for v in veld.validators if not isinstance(v, Datumgrens)]

    def vaste_gegevens(self):
        """The plaatsing's own soort and the proefplaatsing it follows; a field the form leaves out keeps its value."""
        p = self.plaatsing
        return {"soort": p.soort, "vorige": p.vorige, "einddatum": p.einddatum, "verlenging_reden": p.verlenging_reden}

    def huidige_regelingen(self):
        return list(self.plaatsing.instrumenten.all())

    def regelingaanvragen(self):
        return regelingaanvragen(self.plaatsing)


class AkkoordForm(Tekstlimieten, forms.Form):
    """The akkoord of UWV or the gemeente. ``wijzigen``: one is recorded already (``services.akkoord_is_correctie``):
    changing it is a correction, which says why; ``stand`` is the plaatsing the form was opened on."""

    instantie = forms.CharField(label=_("Akkoord van (instantie en naam)"), max_length=200,
                                help_text=_("Bijvoorbeeld: UWV Arnhem, J. de Boer"))
    op = forms.DateField(label=_("Datum van het akkoord"), widget=DatumInput, error_messages=DATUM_FOUT,
                         validators=[Datumgrens(terug=EEN_JAAR)])
    reden = forms.CharField(label=_("Waarom verandert het akkoord?"), widget=forms.Textarea(attrs={"rows": 3}),
                            help_text=_("Bijvoorbeeld: UWV gaf een nieuw akkoord voor de gecorrigeerde uren, of de "
                                        "instantie was verkeerd overgenomen. De werkgever ziet dit niet; de werknemer "
                                        "kan dit opvragen."),
                            error_messages={"required": _("Schrijf op waarom het akkoord verandert.")})
    stand = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, wijzigen, **kwargs):
        super().__init__(*args, **kwargs)
        if not wijzigen:
            del self.fields["reden"]

    def clean_op(self):
        # The rule of ``services.proefplaatsing_akkoord``, here too: shown with the other fields' errors at once, not
        # only after they were put right.
        op = self.cleaned_data["op"]
        if op > timezone.localdate():
            raise forms.ValidationError(_("Het akkoord kan niet in de toekomst gegeven zijn."))
        return op


class OndertekenForm(Tekstlimieten, forms.Form):
    akkoord = forms.BooleanField(label=_("Ik heb de overeenkomst gelezen en ga akkoord"),
                                 error_messages={"required": _("Vink aan dat u akkoord gaat.")})
    naam = forms.CharField(label=_("Uw volledige naam (als handtekening)"), max_length=200,
                           help_text=_("Uw voornaam en achternaam, zoals bij uw account. Voorletters mogen ook."))

    def __init__(self, *args, ondertekenaar, **kwargs):
        super().__init__(*args, **kwargs)
        self.ondertekenaar = ondertekenaar

    def clean_naam(self):
        return handtekening(self.cleaned_data["naam"], voornaam=self.ondertekenaar.voornaam,
                            achternaam=self.ondertekenaar.achternaam)


class VerlengenForm(Tekstlimieten, forms.Form):
    einddatum = forms.DateField(label=_("Nieuwe einddatum"), widget=DatumInput, error_messages=DATUM_FOUT,
                                validators=EINDE)
    verlenging_reden = forms.CharField(label=_("Reden"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class AfrondenForm(Tekstlimieten, forms.Form):
    besluit = forms.ChoiceField(label=_("Hoe gaat het verder?"), widget=forms.RadioSelect, choices=[
        ("contract", _("De werkgever biedt een contract aan")), ("afscheid", _("Afscheid"))])
    contractsoort = forms.ChoiceField(label=_("Soort contract"), required=False, choices=[
        ("", "---------"), (Plaatsing.Soort.TIJDELIJK, _("Tijdelijk contract")),
        (Plaatsing.Soort.VAST, _("Vast contract"))])
    startdatum = forms.DateField(label=_("Start contract"), widget=DatumInput, required=False,
                                 error_messages=DATUM_FOUT, validators=START)
    einddatum = forms.DateField(label=_("Einde contract (bij tijdelijk)"), widget=DatumInput, required=False,
                                error_messages=DATUM_FOUT, validators=EINDE)
    uren_per_week = forms.IntegerField(label=_("Uren per week"), min_value=1, max_value=40, required=False)
    instrumenten = forms.ModelMultipleChoiceField(
        label=_("Regelingen bij het contract"), required=False,
        queryset=Instrument.objects.filter(actief=True).exclude(naam__iexact=PROEFPLAATSING_INSTRUMENT),
        widget=Vinkjes, help_text=_("Alleen bij een contract. Al aangevinkt: de regelingen van de proefplaatsing die "
                                    "doorlopen, zoals een no-riskpolis of loonkostensubsidie."))
    reden = forms.CharField(label=_("Reden van afscheid"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, plaatsing=None, **kwargs):
        super().__init__(*args, **kwargs)
        if plaatsing is not None:
            # The proefplaatsing's regelingen that go on stay on offer, also one taken out of the gids since: one
            # applied for or granted must go along (``services.proefplaatsing_afronden``).
            veld = self.fields["instrumenten"]
            veld.queryset = Instrument.objects.filter(
                Q(pk__in=veld.queryset.values("pk")) | Q(pk__in=instrumenten_voor_contract(plaatsing).values("pk")))
        for veld in ("contractsoort", "startdatum"):
            voorwaardelijk_verplicht(self.fields[veld], _("Nodig bij een contract."))

    def clean(self):
        c = super().clean()
        if c.get("besluit") == "contract":
            if not c.get("contractsoort"):
                self.add_error("contractsoort", _("Kies een tijdelijk of een vast contract."))
            if not c.get("startdatum"):
                self.add_error("startdatum", _("Vul de startdatum van het contract in."))
        return c


class NazorgUitkomstForm(Tekstlimieten, forms.Form):
    uitkomst = forms.ChoiceField(label=_("Uitkomst"), choices=NazorgMoment.Uitkomst.choices, widget=forms.RadioSelect)
    bijzonderheden = forms.CharField(label=_("Bijzonderheden"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 3}))
    interventie = forms.CharField(label=_("Interventie"), required=False, max_length=200,
                                  help_text=_("Bijvoorbeeld: jobcoach, extra gesprek."))
    extra_datum = forms.DateField(label=_("Extra contactmoment op (datum)"), widget=DatumInput, required=False,
                                  error_messages=DATUM_FOUT, validators=[Datumgrens(vooruit=EEN_JAAR)])
    extra_tijd = forms.TimeField(label=_("Extra contactmoment om (tijd)"), widget=TijdInput, required=False,
                                 help_text=_("Leeg: om 10:00."))

    def extra_moment(self):
        c = self.cleaned_data
        if not c.get("extra_datum"):
            return None
        return timezone.make_aware(datetime.combine(c["extra_datum"], c.get("extra_tijd") or NAZORG_OP_DAG))


class CheckinForm(Tekstlimieten, forms.Form):
    score = forms.TypedChoiceField(label=_("Hoe gaat het? (1 = slecht, 5 = heel goed)"), coerce=int,
                                   choices=[(i, str(i)) for i in range(1, 6)], widget=forms.RadioSelect)
    opmerking = forms.CharField(label=_("Wilt u er iets over kwijt?"), required=False,
                                widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, rol, **kwargs):
        super().__init__(*args, **kwargs)
        if rol != Checkin.Rol.WERKGEVER:  # the werknemer is a werkzoekende: she reads "je"
            self.fields["opmerking"].label = _("Wil je er iets over kwijt?")


class AfsluitenForm(Tekstlimieten, forms.Form):
    toelichting = forms.CharField(label=_("Hoe is het afgelopen?"), max_length=500,
                                  widget=forms.Textarea(attrs={"rows": 3}))


class AanvraagForm(Tekstlimieten, forms.Form):
    """The aanvraag of one regeling: when, with whom, the kenmerk. ``stand``: the status of the aanvraag the form was
    opened on ("" for none yet), so that a colleague's change in between is not overwritten."""

    aangevraagd_op = forms.DateField(label=_("Aangevraagd op"), widget=DatumInput, error_messages=DATUM_FOUT,
                                     validators=[Datumgrens(niet_later=True, terug=VIJF_JAAR)])
    aangevraagd_bij = forms.CharField(label=_("Aangevraagd bij"), max_length=200, required=False,
                                      help_text=_("Bijvoorbeeld: UWV, of de gemeente Arnhem."))
    kenmerk = forms.CharField(label=_("Kenmerk"), max_length=100, required=False,
                              help_text=_("Het nummer van de aanvraag, als je dat hebt."))
    stand = forms.CharField(widget=forms.HiddenInput, required=False)


class BesluitForm(Tekstlimieten, forms.Form):
    """The besluit on an aanvraag, or its withdrawal. ``keuzes``: what can follow the aanvraag's status."""

    besluit = forms.ChoiceField(label=_("Besluit"), widget=forms.RadioSelect, choices=[
        (Regelingaanvraag.Status.TOEGEKEND, _("Toegekend")),
        (Regelingaanvraag.Status.AFGEWEZEN, _("Afgewezen")),
        (Regelingaanvraag.Status.INGETROKKEN, _("Aanvraag ingetrokken")),
    ], error_messages={"required": _("Kies: toegekend, afgewezen of ingetrokken.")})
    op = forms.DateField(label=_("Datum"), widget=DatumInput, error_messages=DATUM_FOUT,
                         validators=[Datumgrens(niet_later=True, terug=VIJF_JAAR)],
                         help_text=_("De datum van het besluit, of van de intrekking."))
    reden = forms.CharField(label=_("Reden"), widget=forms.Textarea(attrs={"rows": 2}), required=False,
                            max_length=AANVRAAG_REDEN_MAX,
                            help_text=_("Bij een afwijzing: waarom. De werkgever leest dit."))
    stand = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, keuzes=None, **kwargs):
        super().__init__(*args, **kwargs)
        voorwaardelijk_verplicht(self.fields["reden"])
        if keuzes is not None:
            veld = self.fields["besluit"]
            veld.choices = [(waarde, label) for waarde, label in veld.choices if waarde in keuzes]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("besluit") == Regelingaanvraag.Status.AFGEWEZEN and not (cleaned.get("reden") or "").strip():
            self.add_error("reden", _("Schrijf op waarom de aanvraag is afgewezen. De werkgever leest het."))
        return cleaned
