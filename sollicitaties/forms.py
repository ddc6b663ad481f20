from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klantreis.lib import datums
from klantreis.lib.forms import (
    TIEN_JAAR,
    TWEE_JAAR,
    Datumgrens,
    DatumInput,
    FormuliersleutelField,
    GecontroleerdBestandField,
    Tekstlimieten,
    formuliersleutel_met_inhoud,
    voorwaardelijk_verplicht,
)
from sollicitaties.models import STANDAARD_AANTAL, Sollicitatieactiviteit

MAX_BEWIJS_BYTES = 10 * 1024 * 1024
DATUM = DatumInput()


class ActiviteitForm(Tekstlimieten, forms.ModelForm):
    """``begin``: the first day of the open period; an activity lies in it and not in the future."""

    # A pdf, a docx, or a photo (a screenshot of the sollicitatiemail) stored as a pdf.
    bewijs = GecontroleerdBestandField(
        max_bytes=MAX_BEWIJS_BYTES, te_groot=_("Dit bestand is %(mb)s MB. Een bewijs mag hooguit 10 MB zijn."),
        fout_soort=_("Dit is geen pdf, Word-bestand (.docx) of foto (jpg, png). Maak een pdf of een foto van je "
                     "bewijs en probeer het opnieuw."),
        label=_("Bewijs (pdf, Word of een foto, hooguit 10 MB)"), required=False,
                         help_text=_("Bijvoorbeeld je sollicitatiemail of de bevestiging van de werkgever, als pdf "
                                     "of als schermafdruk. Mag ook later."),
                         error_messages={"empty": _("Dit bestand is leeg.")})
    bewijs_weg = forms.BooleanField(label=_("Bewijs weghalen"), required=False)
    formuliersleutel = FormuliersleutelField()
    link = forms.URLField(label=_("Link naar de vacature"), required=False, max_length=500,
                          assume_scheme="https", error_messages={"invalid": _("Dit is geen goede link. Begin met https://")})

    class Meta:
        model = Sollicitatieactiviteit
        fields = ["werkgever", "functie", "datum", "wijze", "link", "toelichting"]
        labels = {"werkgever": _("Bij welke werkgever?"), "functie": _("Welke functie?"),
                  "datum": _("Wanneer?"), "wijze": _("Hoe heb je gesolliciteerd?"),
                  "toelichting": _("Wil je er iets over kwijt?")}
        widgets = {"datum": DATUM, "toelichting": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "werkgever": {"required": _("Vul de naam van de werkgever in.")},
            "functie": {"required": _("Vul de functie in.")},
            "datum": {"required": _("Vul de datum in."), "invalid": _("Vul een datum in, bijvoorbeeld 14-11-2026.")},
            "wijze": {"required": _("Kies hoe je hebt gesolliciteerd.")},
        }

    def __init__(self, *args, begin, te_groot=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.begin, self.te_groot = begin, te_groot
        self.fields["wijze"].choices = [("", _("Kies...")), *Sollicitatieactiviteit.Wijze.choices]
        if not (self.instance.pk and self.instance.bewijs):
            del self.fields["bewijs_weg"]
        if self.instance.pk:  # changing an activity twice is harmless; only a new one needs the key
            del self.fields["formuliersleutel"]
        self.fields["bewijs"].widget.attrs.update({
            "data-max-bytes": MAX_BEWIJS_BYTES, "accept": ".pdf,.docx,application/pdf,image/jpeg,image/png",
            "data-te-groot": _("Dit bestand is groter dan 10 MB. Kies een kleiner bestand.")})

    def clean(self):
        data = super().clean()
        if self.te_groot:  # the upload handler stopped reading: say so instead of saving without the proof
            self.errors.pop("bewijs", None)
            self.add_error("bewijs", self.fields["bewijs"].widget.attrs["data-te-groot"])
        formuliersleutel_met_inhoud(self, data)
        return data

    def clean_datum(self):
        datum = self.cleaned_data["datum"]
        vandaag = timezone.localdate()
        if datum > vandaag:
            raise forms.ValidationError(_("Deze datum ligt in de toekomst. Vul de dag in waarop je solliciteerde."))
        if datum < self.begin:
            raise forms.ValidationError(
                _("Deze periode begon op %(d)s. Een sollicitatie van eerder kun je niet meer doorgeven.")
                % {"d": datums.datum(self.begin)})
        return datum


class PlichtForm(Tekstlimieten, forms.Form):
    aantal = forms.TypedChoiceField(
        label=_("Aantal sollicitatieactiviteiten per 4 weken"), coerce=int,
        choices=[(n, str(n)) for n in range(STANDAARD_AANTAL, -1, -1)],
        help_text=_("Standaard is 4. Lager is maatwerk; 0 betekent vrijstelling."))
    # The WW lasts at most about two years; "vandaag of eerder" is checked below with its own words.
    startdatum = forms.DateField(label=_("Perioden tellen vanaf"), widget=DATUM,
                                 validators=[Datumgrens(terug=TWEE_JAAR)],
                                 help_text=_("Bijvoorbeeld de eerste dag van de WW."),
                                 error_messages={"required": _("Vul een datum in."),
                                                 "invalid": _("Vul een datum in, bijvoorbeeld 02-11-2026.")})
    reden = forms.CharField(label=_("Reden"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                            help_text=_("Verplicht als het minder dan 4 is (maatwerk)."))

    def __init__(self, *args, eerste_activiteit=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.eerste_activiteit = eerste_activiteit
        voorwaardelijk_verplicht(self.fields["reden"])

    def clean_startdatum(self):
        datum = self.cleaned_data["startdatum"]
        if datum > timezone.localdate():
            raise forms.ValidationError(_("Kies vandaag of een dag in het verleden."))
        if self.eerste_activiteit and datum > self.eerste_activiteit:
            raise forms.ValidationError(
                _("Er zijn al activiteiten vanaf %(d)s. Kies die dag of eerder.")
                % {"d": datums.datum(self.eerste_activiteit)})
        return datum

    def clean(self):
        data = super().clean()
        if data.get("aantal") is not None and data["aantal"] < STANDAARD_AANTAL and not data.get("reden", "").strip():
            self.add_error("reden", _("Schrijf op waarom het minder dan 4 is (maatwerk)."))
        return data


class PdfBereikForm(forms.Form):
    van = forms.DateField(label=_("Van"), widget=DATUM, validators=[Datumgrens(niet_later=True, terug=TIEN_JAAR)],
                          error_messages={
        "required": _("Vul een begindatum in."), "invalid": _("Vul een datum in, bijvoorbeeld 02-11-2026.")})
    tot = forms.DateField(label=_("Tot en met"), widget=DATUM, validators=[Datumgrens(terug=TIEN_JAAR)],
                          error_messages={
        "required": _("Vul een einddatum in."), "invalid": _("Vul een datum in, bijvoorbeeld 30-11-2026.")})

    def clean(self):
        data = super().clean()
        if data.get("van") and data.get("tot"):
            if data["tot"] < data["van"]:
                self.add_error("tot", _("De einddatum ligt voor de begindatum."))
            elif (data["tot"] - data["van"]).days > 366:
                self.add_error("tot", _("Kies hooguit een jaar."))
        return data
