"""The shared form helper's messages for a number out of range write the number as the reader's language does."""

from django import forms
from django.utils import translation

from klantreis.lib.forms import Tekstlimieten


class _Form(Tekstlimieten, forms.Form):
    aantal = forms.IntegerField(min_value=10_000, max_value=1_000_000)
    bedrag = forms.DecimalField(min_value=0, max_value=2500.5, decimal_places=2)


def _fouten(taal, **gegevens):
    with translation.override(taal):
        form = _Form(data={"aantal": "500", "bedrag": "1", **gegevens})
        assert not form.is_valid()
        return [str(m) for veld in form.errors.values() for m in veld]


def test_a_limit_of_a_million_is_written_with_thousands_separators_in_the_readers_language():
    """Review: "Vul hoogstens 1000000 in." (Django's bare number in the helper's message, commit f3c3b7f)."""
    assert _fouten("nl", aantal="2000000") == ["Vul hoogstens 1.000.000 in."]
    assert _fouten("en", aantal="2000000") == ["Enter at most 1,000,000."]
    assert _fouten("nl") == ["Vul minstens 10.000 in."]
    assert _fouten("en") == ["Enter at least 10,000."]
    assert _fouten("nl", aantal="20000", bedrag="3000") == ["Vul hoogstens 2.500,5 in."]
    assert _fouten("en", aantal="20000", bedrag="3000") == ["Enter at most 2,500.5."]
