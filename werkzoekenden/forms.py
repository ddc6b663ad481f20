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


MAX_CV_BYTES = 10 * 1024 * 1024


def soort_cv(bestand):
    """'pdf' or 'docx' judged by the content (magic bytes and the zip's parts), never by the name."""
    import zipfile

    bestand.seek(0)
    begin = bestand.read(8)
    bestand.seek(0)
    if begin.startswith(b"%PDF-"):
        return "pdf"
    if begin.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(bestand) as zipbestand:
                namen = set(zipbestand.namelist())
        except zipfile.BadZipFile:
            return None
        finally:
            bestand.seek(0)
        if "[Content_Types].xml" in namen and "word/document.xml" in namen:
            return "docx"
    return None


class CvForm(forms.Form):
    cv = forms.FileField(label=_("Kies je cv (pdf of Word, hooguit 10 MB)"),
                         error_messages={"required": _("Kies eerst een bestand."),
                                         "empty": _("Dit bestand is leeg.")})

    def clean_cv(self):
        bestand = self.cleaned_data["cv"]
        if bestand.size > MAX_CV_BYTES:
            raise forms.ValidationError(_("Dit bestand is %(mb)s MB. Een cv mag hooguit 10 MB zijn.")
                                        % {"mb": round(bestand.size / 1024 / 1024, 1)})
        soort = soort_cv(bestand)
        if soort is None:
            raise forms.ValidationError(_("Dit is geen pdf- of Word-bestand (.docx). Sla je cv op als pdf en "
                                          "probeer het opnieuw."))
        bestand.soort = soort
        return bestand
