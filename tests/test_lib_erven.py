"""klantreis.lib.erven: every template's {% extends %} renders what Django's renders, without walking the root
template's nodes again on every render."""

import pytest
from django.template import Context, Engine, TemplateSyntaxError, engines
from django.template.base import NodeList
from django.template.loader_tags import ExtendsNode

from klantreis.lib.erven import ErfNode

SJABLONEN = {
    "wortel.html": "<t>{% block titel %}wortel{% endblock %}</t>{% block inhoud %}<i>{{ x }}</i>{% endblock %}"
                   "{% if toon %}{% block voet %}voet{% endblock %}{% endif %}",
    "midden.html": "{% extends 'wortel.html' %}{% block titel %}midden+{{ block.super }}{% endblock %}",
    "blad.html": "{% extends 'midden.html' %}{% block inhoud %}blad {{ block.super }}{% endblock %}"
                 "{% block voet %}[{{ block.super }}]{% endblock %}",
    "direct.html": "\n{% extends 'wortel.html' %}{% block voet %}eigen voet{% endblock %}",
    "van_variabele.html": "{% extends ouder %}{% block inhoud %}via variabele{% endblock %}",
}


def _machine(builtins):
    return Engine(loaders=[("django.template.loaders.cached.Loader",
                            [("django.template.loaders.locmem.Loader", SJABLONEN)])], builtins=builtins)


DJANGO, PORTAAL = _machine([]), _machine(["klantreis.lib.erven"])


@pytest.mark.parametrize("naam", ["blad.html", "midden.html", "direct.html", "wortel.html"])
@pytest.mark.parametrize("context", [{"x": 1, "toon": True}, {"x": "<b>", "toon": False}])
def test_the_same_output_as_djangos_extends(naam, context):
    verwacht = DJANGO.get_template(naam).render(Context(context))
    sjabloon = PORTAAL.get_template(naam)
    assert sjabloon.render(Context(context)) == verwacht
    assert sjabloon.render(Context(context)) == verwacht  # the second time from the kept blocks


def test_a_parent_from_a_variable():
    for ouder in ("wortel.html", "midden.html", DJANGO.get_template("midden.html")):
        verwacht = DJANGO.get_template("van_variabele.html").render(Context({"ouder": ouder, "toon": True}))
        assert PORTAAL.get_template("van_variabele.html").render(Context({"ouder": ouder, "toon": True})) == verwacht


def test_the_root_is_walked_once(monkeypatch):
    sjabloon = PORTAAL.get_template("blad.html")
    sjabloon.render(Context({"toon": True}))
    gelopen = []
    origineel = NodeList.get_nodes_by_type
    monkeypatch.setattr(NodeList, "get_nodes_by_type", lambda self, t: gelopen.append(t) or origineel(self, t))
    assert sjabloon.render(Context({"x": 2, "toon": True})) == "<t>midden+wortel</t>blad <i>2</i>[voet]"
    assert gelopen == []


def test_the_extends_tag_of_every_template_is_this_one():
    sjabloon = engines["django"].from_string("{% extends 'base.html' %}{% block content %}x{% endblock %}")
    (node,) = sjabloon.template.nodelist
    assert isinstance(node, ErfNode) and isinstance(node, ExtendsNode)


@pytest.mark.parametrize("bron", ["{% extends 'wortel.html' %}{% extends 'midden.html' %}",
                                  "{% extends %}", "{% if 1 %}{% endif %}{% extends 'wortel.html' %}"])
def test_wrong_use_fails_as_in_django(bron):
    with pytest.raises(TemplateSyntaxError) as django_fout:
        DJANGO.from_string(bron)
    with pytest.raises(TemplateSyntaxError) as fout:
        PORTAAL.from_string(bron)
    assert str(fout.value) == str(django_fout.value)
