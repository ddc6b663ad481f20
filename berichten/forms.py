from django import forms
from django.utils.translation import gettext_lazy as _

from klantreis.lib.forms import GecontroleerdBestandField, Tekstlimieten
from werkzoekenden.forms import MAX_CV_BYTES

MAX_BIJLAGE_BYTES = MAX_CV_BYTES


class BerichtForm(Tekstlimieten, forms.Form):
    """``te_groot``: the upload handler stopped reading because the body passed the limit (as ``CvForm``)."""

    tekst = forms.CharField(label=_("Je bericht"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}),
                            error_messages={"required": _("Schrijf eerst een bericht.")})
    # What a werkgever, a werkzoekende or staff opens from a message is what klantreis.lib.bestanden wrote.
    bijlage = GecontroleerdBestandField(
        label=_("Bijlage (pdf, Word of een foto, hooguit 10 MB)"), required=False,
        error_messages={"empty": _("Dit bestand is leeg.")}, max_bytes=MAX_BIJLAGE_BYTES,
        te_groot=_("Dit bestand is %(mb)s MB. Een bijlage mag hooguit %(max)s MB zijn."),
        fout_soort=_("Dit is geen pdf, Word-bestand (.docx) of foto (jpg, png). Sla het op als pdf en probeer het "
                     "opnieuw."))

    def __init__(self, *args, u=False, te_groot=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.te_groot = te_groot
        if u:
            self.fields["tekst"].label = _("Uw bericht")
        # static/js/upload.js does not send a file over the limit: the form and what was typed stay as they are.
        self.fields["bijlage"].widget.attrs.update({
            "data-max-bytes": MAX_BIJLAGE_BYTES,
            "data-te-groot": _("Dit bestand is groter dan 10 MB. Kies een kleiner bestand, bijvoorbeeld opgeslagen "
                               "als pdf zonder grote foto's."),
        })

    def clean(self):
        if self.te_groot:
            self.errors.pop("bijlage", None)
            self.add_error("bijlage", self.fields["bijlage"].widget.attrs["data-te-groot"])
        return super().clean()


class NieuweWisselingForm(BerichtForm):
    onderwerp = forms.CharField(label=_("Onderwerp"), max_length=200,
                                error_messages={"required": _("Vul een onderwerp in.")})
    accountmanager = forms.ModelChoiceField(label=_("Met welke accountmanager?"), queryset=None, required=False)

    field_order = ["accountmanager", "onderwerp", "tekst", "bijlage"]

    def __init__(self, *args, accountmanagers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if accountmanagers is None:
            del self.fields["accountmanager"]
        else:
            self.fields["accountmanager"].queryset = accountmanagers
            self.fields["accountmanager"].required = True
            self.fields["accountmanager"].error_messages["required"] = _("Kies een accountmanager.")
