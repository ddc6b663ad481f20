"""``{% static %}`` from klantreis/lib/statisch.py: the same output as Django's for every form of the tag, with and
without escaping; the storage is asked once per fixed path, and again after a setting changed."""

import pytest
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template import Engine, engines
from django.templatetags import static as django_static
from django.templatetags.static import StaticNode
from django.test import override_settings

from klantreis.lib.statisch import DJANGO_STATIC, VasteStatischeNode
from tests.sjabloontags import beide, djangos_eigen, soorten

# The reference: Django's static library as Django ships it (the portal replaced its static tag at startup).
register = djangos_eigen(django_static.register, static=DJANGO_STATIC)

DJANGO = Engine(libraries={"static": __name__})
PORTAAL = Engine(libraries={"static": "django.templatetags.static"})

VORMEN = [
    "{% static 'css/wsp.css' %}",
    '{% static "vendor/htmx/htmx.min.js" %}',
    "{% static 'css/wsp.css' as stijl %}[{{ stijl }}]",
    "{% static 'map met spatie/a&b <c>.css' %}",
    "{% static 'ë/ü.png' %}",
    "{% static pad %}",
    "{% static 'css/WSP.css'|lower %}",
    "{% for i in 'abc' %}{% static 'css/wsp.css' %} {% endfor %}",
]


@pytest.mark.parametrize("vorm", VORMEN)
def test_the_same_output_as_django_with_and_without_escaping(vorm):
    for autoescape in (True, False):
        django, eerste, tweede = beide(DJANGO, PORTAAL, "{% load static %}" + vorm,
                                      {"pad": "js/taal.js?x=<1>&y=2"}, autoescape)
        assert eerste == tweede == django, (autoescape, vorm)


def test_the_portal_templates_load_it_and_only_fixed_paths_are_kept():
    assert soorten("{% load static %}{% static 'css/wsp.css' %}{% static pad %}{% static 'css/WSP.css'|lower %}") == [
        VasteStatischeNode, StaticNode, StaticNode]


def test_the_storage_is_asked_once_per_path_and_again_after_a_setting_changed(monkeypatch):
    gevraagd = []
    staticfiles_storage.url("css/wsp.css")  # set the lazy storage up
    echte = type(staticfiles_storage._wrapped).url

    def tellend(self, naam):
        gevraagd.append(naam)
        return echte(self, naam)

    monkeypatch.setattr(type(staticfiles_storage._wrapped), "url", tellend)
    sjabloon = engines["django"].from_string("{% load static %}{% for i in 'abcde' %}"
                                             "{% static 'css/eenmalig.css' %}|{% endfor %}")
    assert sjabloon.render({}) == "/static/css/eenmalig.css|" * 5
    assert sjabloon.render({}) == "/static/css/eenmalig.css|" * 5
    assert gevraagd == ["css/eenmalig.css"]
    with override_settings(STATIC_URL="/elders/"):
        assert sjabloon.render({}) == "/elders/css/eenmalig.css|" * 5
    assert sjabloon.render({}) == "/static/css/eenmalig.css|" * 5
