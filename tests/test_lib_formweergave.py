"""klantreis.lib.formweergave.Formweergave writes the HTML of Django's plain input, textarea and select widgets itself:
character for character what Django's own templates give, for every kind of value and attribute a form of the portal
can have; other widgets go through Django's templates."""

import datetime
import decimal

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.template import engines
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override

from klantreis.lib import formweergave
from klantreis.lib.forms import TELEFOON, DatumInput, TijdInput, handtekening
from klantreis.lib.formweergave import Formweergave, kommagetal, tekst

DJANGO = DjangoTemplates()
SNEL = Formweergave()

KEUZES = [
    ("", "---------"),
    ("1", "Eén & <twee>"),
    (2, 1000),  # a number as label: a template localizes it
    ('x"y', gettext_lazy("Vaardigheden")),
    ("veilig", mark_safe("<em>al veilig</em>")),
    ("groep", [("g1", "In een groep"), ("g2", "Nog één")]),
    (gettext_lazy("Uitkering"), [("ww", "WW")]),
]

INVOER = [forms.TextInput, forms.EmailInput, forms.NumberInput, forms.URLInput, forms.PasswordInput,
          forms.HiddenInput, forms.DateInput, forms.TimeInput, forms.DateTimeInput, forms.SearchInput,
          forms.TelInput, forms.ColorInput, DatumInput, TijdInput, forms.Textarea, forms.CheckboxInput]
KEUZE = [forms.Select, forms.SelectMultiple, forms.NullBooleanSelect]

WAARDEN = [None, "", "Jan & <Piet> \"de\" 'Vries'", mark_safe("<b>veilig</b>"), 0, 42, 3.5,
           decimal.Decimal("12.50"), True, False, datetime.date(2026, 12, 4), datetime.time(9, 30),
           datetime.datetime(2026, 12, 4, 9, 30), gettext_lazy("Vaardigheden"), "regel 1\nregel 2", ("a", 1)]
ATTRS = [
    None,
    {"id": "id_naam", "class": "utrecht-textbox utrecht-textbox--html-input", "maxlength": "200", "required": True},
    {"id": "id_<x>", "aria-describedby": "id_x_helptext id_x_fout", "aria-invalid": "true", "disabled": False,
     "data-waarde": mark_safe("a&b"), "data-n": 7, "autocomplete": "off", "placeholder": gettext_lazy("Zoeken")},
]


def _beide(maak, waarden):
    """Every value with every set of attributes in both languages: (Django's HTML, this renderer's HTML, what)."""
    for taal in ("nl", "en"):
        for attrs in ATTRS:
            for waarde in waarden:
                with override(taal):
                    yield (maak().render("veld", waarde, attrs=attrs, renderer=DJANGO),
                           maak().render("veld", waarde, attrs=attrs, renderer=SNEL), (taal, attrs, waarde))


def test_a_value_is_written_as_a_template_writes_it():
    """``tekst`` (the ``{{ value }}`` of the rows, cards and fields written in Python): plain text is only escaped,
    anything else goes the template's way; the same result for every kind of value in both languages."""
    sjabloon = engines["django"].from_string("{{ waarde }}")
    for taal in ("nl", "en"):
        with override(taal):
            for waarde in [*WAARDEN, "<a href='x'>&amp; \"y\"</a>", "", "gewoon", 1234567, 0.5]:
                assert tekst(waarde) == sjabloon.render({"waarde": waarde}), (taal, waarde)


@pytest.mark.parametrize("scheiding", [False, True])
def test_a_whole_number_is_written_as_a_template_writes_it(settings, scheiding):
    """Whole numbers (counts, minutes) take a short cut; with thousands separators switched on the template's way."""
    settings.USE_THOUSAND_SEPARATOR = scheiding
    sjabloon = engines["django"].from_string("{{ waarde }}")
    for taal in ("nl", "en"):
        with override(taal):
            for waarde in [0, 7, -3, 99, 100, 1234, -1234567, 10**20, True, False]:
                assert tekst(waarde) == sjabloon.render({"waarde": waarde}), (taal, waarde)
    with override("en"):
        assert tekst(1234567) == ("1,234,567" if scheiding else "1234567")


@pytest.mark.parametrize("soort", INVOER, ids=lambda s: s.__name__)
def test_an_input_or_textarea_is_djangos_own(soort):
    for django, snel, wat in _beide(lambda: soort(attrs={"class": "eigen"}), WAARDEN):
        assert snel == django, wat


@pytest.mark.parametrize("soort", KEUZE, ids=lambda s: s.__name__)
def test_a_select_is_djangos_own(soort):
    waarden = [None, "", "1", ["1", 'x"y', "g2"], 2, "ww", True, "unknown"]
    if soort is forms.NullBooleanSelect:
        waarden.remove(["1", 'x"y', "g2"])  # Django's own cannot render a list
    for django, snel, wat in _beide(lambda: soort(**({} if soort is forms.NullBooleanSelect
                                                     else {"choices": KEUZES})), waarden):
        assert snel == django, wat


@pytest.mark.parametrize("soort", [forms.RadioSelect, forms.CheckboxSelectMultiple], ids=lambda s: s.__name__)
def test_radio_buttons_and_checkboxes_are_djangos_own(soort):
    """Options with and without ids (``attrs``), in groups and not, chosen or not, with labels to escape or that are
    safe, lazy or a number."""
    waarden = [None, "", "1", ["1", 'x"y', "g2"], 2, "ww", "unknown"]
    for django, snel, wat in _beide(lambda: soort(choices=KEUZES, attrs={"class": "eigen"}), waarden):
        assert snel == django, wat
    zonder_groepen = soort(choices=KEUZES[:5])
    assert zonder_groepen.render("veld", "1", renderer=SNEL) == zonder_groepen.render("veld", "1", renderer=DJANGO)


def test_a_widget_with_another_template_goes_through_djangos_templates():
    class EigenOptie(forms.Select):
        option_template_name = "django/forms/widgets/input_option.html"

    class EigenKnop(forms.RadioSelect):
        option_template_name = "django/forms/widgets/input.html"

    for widget in (EigenOptie(choices=KEUZES[:3]), EigenKnop(choices=KEUZES[:3]),
                   forms.ClearableFileInput(), forms.SelectDateWidget(years=[2026])):
        assert widget.render("veld", "1", renderer=SNEL) == widget.render("veld", "1", renderer=DJANGO)


def test_the_portal_renders_its_forms_with_it_and_a_whole_form_is_the_same():
    assert isinstance(get_default_renderer(), Formweergave)

    class Formulier(forms.Form):
        naam = forms.CharField(max_length=20, help_text="Uw naam")
        email = forms.EmailField()
        uren = forms.IntegerField(min_value=0)
        uitkering = forms.ChoiceField(choices=KEUZES)
        notitie = forms.CharField(widget=forms.Textarea)
        akkoord = forms.BooleanField()
        datum = forms.DateField(widget=DatumInput)

    gegevens = {"naam": "x" * 30, "email": "geen", "uren": "-1", "uitkering": "2", "notitie": "",
                "datum": "2026-13-01"}
    for formulier in (Formulier(), Formulier(gegevens)):
        formulier.is_valid()
        assert str(Formulier(formulier.data or None, renderer=SNEL)) == str(Formulier(formulier.data or None,
                                                                                      renderer=DJANGO))


@pytest.mark.parametrize("scheiding", [False, True])
def test_a_score_is_written_as_floatformat_writes_it_also_the_second_time(settings, scheiding):
    """``kommagetal`` (the scores on "Wie past erbij?" and in the dossier): ``{{ waarde|floatformat:n }}``, kept per
    value, number of places, language and thousands separator."""
    settings.USE_THOUSAND_SEPARATOR = scheiding
    formweergave._kommagetal.cache_clear()
    sjabloon = engines["django"].from_string("{{ waarde|floatformat:n }}")
    waarden = [0.0, 0.5, 1.5, 2.5, -0.5, -0.4, 87.49999, 87.5, 99.99, 100.0, 1234567.891, 3, -7, decimal.Decimal("2.675"),
               None, "", "geen getal", [1]]
    for _ in range(2):
        for taal in ("nl", "en"):
            with override(taal):
                for n in (0, 1, 2, -1):
                    for waarde in waarden:
                        assert kommagetal(waarde, n, taal) == sjabloon.render({"waarde": waarde, "n": n}), (
                            taal, n, waarde)
    with override("nl"):
        assert kommagetal(1234.5, 1, "nl") == ("1.234,5" if scheiding else "1234,5")


@pytest.mark.parametrize("getypt", ["IJsbrand de Vries", "IJ. de Vries", "ij de vries", "IJ de Vries"])
def test_a_signature_with_the_dutch_ij_initial_is_the_signers_own(getypt):
    assert handtekening(getypt, voornaam="IJsbrand", achternaam="de Vries") == getypt


def test_a_signature_with_another_initial_is_refused():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        handtekening("I. de Vries", voornaam="Jan", achternaam="de Vries")


@pytest.mark.parametrize("nummer, goed", [("06 12345678", True), ("026-3123456", True), ("+31 6 1234 5678", True),
                                          ("(026) 312 34 56", True), ("06-12-34-5", False), ("123", False),
                                          ("geen idee", False)])
def test_one_rule_for_every_phone_field_counts_digits_not_characters(nummer, goed):
    """"06-12-34-5" (seven digits) passed the werkgever's contact field, which counted characters."""
    import re

    assert bool(re.match(TELEFOON["regex"], nummer)) is goed


def test_an_optional_field_says_so_in_the_language_the_page_is_read_in():
    """Seen in the browser: "(niet verplicht)" stood beside every optional field of an English page."""

    class Formulier(forms.Form):
        titel = forms.CharField(label=gettext_lazy("Titel"), required=False)

    sjabloon = engines["django"].from_string("{% load wsp %}{% veld form.titel %}")
    with override("en"):
        html = sjabloon.render({"form": Formulier()})
    assert "(optional)" in html and "niet verplicht" not in html
    with override("nl"):
        assert "(niet verplicht)" in sjabloon.render({"form": Formulier()})
