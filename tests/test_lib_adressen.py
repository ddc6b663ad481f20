"""klantreis.lib.adressen: every template's {% url %} gives exactly what Django's reverse() gives."""

import pytest
from django.template import Context, Template, engines
from django.urls import NoReverseMatch, get_resolver, reverse, set_script_prefix
from django.urls.converters import IntConverter
from django.utils import translation

from klantreis.lib import adressen
from klantreis.lib.adressen import AdresNode, adres


def _namen_met_hele_getallen():
    """Every named address of the portal whose parts are all <int:...>, with its number of parts."""
    gevonden = set()
    for naam, mogelijkheden in get_resolver().reverse_dict.lists():
        if not isinstance(naam, str):
            continue
        for mogelijkheid, _patroon, _standaard, converters in mogelijkheden:
            for _resultaat, params in mogelijkheid:
                if params and all(isinstance(converters.get(p), IntConverter) for p in params):
                    gevonden.add((naam, len(params)))
    return sorted(gevonden)


def test_every_address_with_whole_numbers_is_the_same_as_reverse():
    namen = _namen_met_hele_getallen()
    assert len(namen) > 60 and ("dossier", 1) in namen and ("toestemming_vragen", 2) in namen
    for naam, aantal in namen:
        for waarden in ([0] * aantal, [1] * aantal, list(range(7, 7 + aantal)), [2**63 - 1 - i for i in range(aantal)],
                        [918_273_645_000 + i for i in range(aantal)]):  # the marker numbers themselves too
            assert adres(naam, waarden) == reverse(naam, args=waarden), (naam, waarden)
            assert adres(naam, waarden) == reverse(naam, args=waarden)  # from the kept text the second time
            with translation.override("en"):
                assert adres(naam, waarden) == reverse(naam, args=waarden)


def test_the_url_tag_of_every_template_is_this_one():
    template = engines["django"].from_string("{% url 'dossier' pk %}")
    (node,) = [n for n in template.template.nodelist if not n.token.contents.startswith("load")]
    assert isinstance(node, AdresNode)
    assert template.render({"pk": 12}) == "/dossiers/12/"


@pytest.mark.parametrize("bron, context, verwacht", [
    ("{% url 'dossier' pk %}", {"pk": 12}, "/dossiers/12/"),
    ("{% url 'toestemming_vragen' v k %}", {"v": 3, "k": 40}, "/vacatures/3/toestemming-vragen/40/"),
    ("{% url 'dossier' pk as a %}[{{ a }}]", {"pk": 5}, "[/dossiers/5/]"),
    ("{% url 'dossier' pk=pk %}", {"pk": 8}, "/dossiers/8/"),  # keyword arguments: Django's own
    ("{% url 'dossier' pk %}", {"pk": "9"}, "/dossiers/9/"),  # a text: Django's own
    ("{% url 'dossier' pk as a %}[{{ a }}]", {"pk": -1}, "[]"),  # no address: as Django's tag, empty
    ("{% url 'bestaat-niet' 1 as a %}[{{ a }}]", {}, "[]"),
    ("{% url naam %}", {"naam": "health"}, "/health/"),
    ("{% url 'admin:index' %}", {}, reverse("admin:index")),
])
def test_the_tag_gives_what_djangos_tag_gives(bron, context, verwacht):
    assert engines["django"].from_string(bron).render(context) == verwacht
    assert Template("{% load i18n %}" + bron).render(Context(context)) == verwacht


def test_an_address_that_does_not_exist_fails_as_in_django():
    with pytest.raises(NoReverseMatch):
        engines["django"].from_string("{% url 'dossier' pk %}").render({"pk": -3})
    with pytest.raises(NoReverseMatch):
        adres("dossier", [1, 2])


def test_the_script_prefix_is_part_of_the_kept_text():
    try:
        set_script_prefix("/wsp/")
        assert adres("dossier", [4]) == reverse("dossier", args=[4]) == "/wsp/dossiers/4/"
    finally:
        set_script_prefix("/")
    assert adres("dossier", [4]) == "/dossiers/4/"


def test_one_render_reads_urlconf_and_prefix_once(monkeypatch):
    """get_urlconf() and get_script_prefix() each go through asgiref's Local (2-4 µs a read): a page with 18
    addresses read them 36 times."""
    gelezen = []
    echte = adressen.waar
    monkeypatch.setattr(adressen, "waar", lambda: gelezen.append(1) or echte())
    sjabloon = engines["django"].from_string("{% for pk in pks %}{% url 'dossier' pk %} {% endfor %}")
    assert sjabloon.render({"pks": [1, 2, 3]}) == "/dossiers/1/ /dossiers/2/ /dossiers/3/ "
    assert len(gelezen) == 1
    try:  # another render in another request may have another prefix
        set_script_prefix("/wsp/")
        assert sjabloon.render({"pks": [4]}) == "/wsp/dossiers/4/ "
    finally:
        set_script_prefix("/")
    assert len(gelezen) == 2
