"""``{% translate %}`` from klantreis/lib/vertalen.py: the same output as Django's for every form of the tag, in every
language of the portal, with and without escaping; a fixed text is looked up once per language."""

import pytest
from django.conf import settings
from django.template import Context, Engine
from django.templatetags import i18n as django_i18n
from django.templatetags.i18n import TranslateNode
from django.utils import translation
from django.utils.translation import gettext_lazy, ngettext_lazy, pgettext_lazy

from klantreis.lib import vertalen
from klantreis.lib.vertalen import DJANGO_LANGUAGE, DJANGO_TRANSLATE, VasteVertaling
from tests.sjabloontags import beide, djangos_eigen, soorten

# The reference: Django's i18n library as Django ships it (the portal replaced its translate tag at startup).
register = djangos_eigen(django_i18n.register, translate=DJANGO_TRANSLATE, trans=DJANGO_TRANSLATE,
                         language=DJANGO_LANGUAGE)

DJANGO = Engine(libraries={"i18n": __name__})
PORTAAL = Engine(libraries={"i18n": "django.templatetags.i18n"})

VORMEN = [
    '{% translate "Uitloggen" %}',
    "{% trans 'Inloggen' %}",
    '{% translate "Naar de inhoud" as kop %}[{{ kop }}]',
    '{% translate "Uitloggen" noop %}',
    '{% translate "Uitloggen"|upper %}',
    '{% translate tekst %}',
    '{% translate "May" context "month name" %}',
    '{% translate "100%% zeker" %}',
    '{% translate "<b>vet</b> & meer" %}',
    '{% for i in "abc" %}{% translate "Opslaan" %} {% endfor %}',
    '{% blocktranslate with n=3 %}{{ n }} ongelezen{% endblocktranslate %} {{ "en"|language_name_local }}',
    # {% language %} inside a render: the texts in the block in its language, around it in the page's
    ('{% translate "Uitloggen" %}|{% language "en" %}{% translate "Uitloggen" %}|{% language "nl" %}'
     '{% translate "Uitloggen" %}{% endlanguage %}|{% translate "Inloggen" %}{% endlanguage %}|'
     '{% translate "Uitloggen" %}'),
]


@pytest.mark.parametrize("vorm", VORMEN)
def test_the_same_output_as_django_in_every_language_with_and_without_escaping(vorm):
    for taal, _naam in settings.LANGUAGES:
        for autoescape in (True, False):
            with translation.override(taal):
                django, eerste, tweede = beide(DJANGO, PORTAAL, "{% load i18n %}" + vorm, {"tekst": "<Uitloggen>"},
                                               autoescape)
            assert eerste == tweede == django, (taal, autoescape, vorm)


def test_a_fixed_text_follows_the_language_of_each_render():
    sjabloon = PORTAAL.from_string('{% load i18n %}{% translate "Uitloggen" %}')
    uit = []
    for taal in ("nl", "en", "nl"):
        with translation.override(taal):
            uit.append(sjabloon.render(Context()))
    assert uit[0] == uit[2] == "Uitloggen" and uit[1] == "Log out", uit


def test_the_portal_templates_load_it_and_only_fixed_texts_are_kept():
    assert soorten('{% load i18n %}{% translate "Uitloggen" %}{% translate tekst %}'
                   '{% translate "Uitloggen"|lower %}') == [VasteVertaling, TranslateNode, TranslateNode]


def test_one_render_reads_the_language_once(monkeypatch):
    """get_language() goes through asgiref's Local (2-4 µs a read): the dossier read it 61 times a render."""
    gelezen = []
    echte = vertalen.get_language
    monkeypatch.setattr(vertalen, "get_language", lambda: gelezen.append(1) or echte())
    sjabloon = PORTAAL.from_string('{% load i18n %}{% for i in "abcdefghij" %}{% translate "Uitloggen" %}'
                                   '{% translate "Inloggen" %}{% endfor %}')
    with translation.override("en"):
        assert sjabloon.render(Context()) == "Log outLog in" * 10
    assert len(gelezen) == 1
    with translation.override("nl"):  # a new render reads it again
        assert sjabloon.render(Context()) == "UitloggenInloggen" * 10
    assert len(gelezen) == 2


def test_a_tag_written_in_python_gets_the_translation_once_per_language(monkeypatch):
    """``vertaald``: what ``gettext`` gives in the active language, kept per language after the first lookup, and
    left as Django leaves a text from a template (safe, not escaped)."""
    vertalen._VASTE.clear()
    gevraagd = []
    echte = vertalen.gettext
    monkeypatch.setattr(vertalen, "gettext", lambda tekst: gevraagd.append(tekst) or echte(tekst))
    for taal in ("nl", "en", "nl", "en"):
        with translation.override(taal):
            assert vertalen.vertaald(Context(), "Uitloggen") == echte("Uitloggen")
    assert gevraagd == ["Uitloggen", "Uitloggen"]
    with translation.override("en"):
        assert vertalen.vertaald(Context(), "Uitloggen") == "Log out"


def test_a_lazy_text_is_translated_as_str_gives_it_once_per_language(monkeypatch):
    monkeypatch.setattr(vertalen, "_LUI", {})
    for taal in ("nl", "en", "nl", "en"):
        with translation.override(taal):
            for lui in (gettext_lazy("Uitloggen"), gettext_lazy("Beveiliging"), gettext_lazy("<b>vet</b> & meer")):
                assert vertalen.lui_vertaald(lui, taal) == str(lui)
    assert vertalen.lui_vertaald(gettext_lazy("Beveiliging"), "en") == "Security"
    assert sorted(vertalen._LUI) == sorted((taal, tekst) for taal in ("nl", "en")
                                          for tekst in ("Uitloggen", "Beveiliging", "<b>vet</b> & meer"))
    # Not a gettext_lazy text: as str gives it, every time.
    with translation.override("en"):
        assert vertalen.lui_vertaald(pgettext_lazy("month name", "May"), "en") == "May"
        assert vertalen.lui_vertaald(ngettext_lazy("%d dag", "%d dagen", 2) % 2, "en") == str(
            ngettext_lazy("%d dag", "%d dagen", 2) % 2)
        assert vertalen.lui_vertaald("gewoon", "en") == "gewoon"
        assert vertalen.lui_vertaald(3, "en") == "3"
    assert len(vertalen._LUI) == 6
