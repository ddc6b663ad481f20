from django import forms
from django.utils.translation import gettext_lazy as _

from beroepen.selectors import beroep_bij_naam, beroepen_zoeken


class BeroepField(forms.CharField):
    """Type a beroep; the browser suggests names (htmx), the server resolves the name."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        beroep = beroep_bij_naam(value)
        if beroep is None:
            suggesties = ", ".join(b.naam for b in beroepen_zoeken(value, limit=5))
            raise forms.ValidationError(
                _("Dit beroep kennen we niet. Kies een naam uit de lijst.")
                + (" " + _("Misschien een van deze: %(s)s?") % {"s": suggesties} if suggesties else "")
            )
        return beroep
