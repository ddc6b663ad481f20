"""klantreis.lib.forms.Vinkjes writes the HTML of Django's CheckboxSelectMultiple itself: character for character the
same as Django's templates give, for every kind of option a form of the portal can have."""

import pytest
from django import forms
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override

from klantreis.lib.forms import Vinkjes

KEUZES = [
    ("1", "Eén & <twee>"),
    (2, 1000),  # a number as label: a template localizes it
    ('x"y', gettext_lazy("Vaardigheden")),
    ("", mark_safe("<em>al veilig</em>")),
    ("groep", [("g1", "In een groep"), ("g2", "Nog één")]),
]


@pytest.mark.parametrize("waarde", [[], ["1", 'x"y'], ["g2", ""], None])
@pytest.mark.parametrize("attrs", [
    None,
    {"id": "id_vereist", "aria-describedby": "id_vereist_helptext"},
    {"id": "id_x", "required": True, "disabled": False, "class": "keuzes", "data-waarde": mark_safe("a&b")},
    {"id": "id_<x>", "aria-invalid": "true", "data-n": 7},
])
@pytest.mark.parametrize("eigen", [{}, {"class": "lijst"}])
def test_the_html_is_djangos_own(waarde, attrs, eigen):
    with override("nl"):
        django = forms.CheckboxSelectMultiple(attrs=eigen, choices=KEUZES).render("vereist", waarde, attrs=attrs)
        snel = Vinkjes(attrs=eigen, choices=KEUZES).render("vereist", waarde, attrs=attrs)
    assert snel == django


def test_a_form_field_renders_the_same_with_its_label_help_and_errors():
    class Formulier(forms.Form):
        langzaam = forms.MultipleChoiceField(choices=KEUZES[:3], widget=forms.CheckboxSelectMultiple,
                                             help_text="Kies", required=True)
        snel = forms.MultipleChoiceField(choices=KEUZES[:3], widget=Vinkjes, help_text="Kies", required=True)

    formulier = Formulier({"langzaam": ["9"], "snel": ["9"]})
    assert not formulier.is_valid()
    assert str(formulier["snel"]).replace("snel", "langzaam") == str(formulier["langzaam"])
