"""For the tests of the portal's faster template tags (klantreis/lib/vertalen.py, statisch.py): Django's own library
as Django ships it, and one template rendered by Django's tags and by the portal's."""

from django.template import Context, Library, engines


def djangos_eigen(bibliotheek, **tags):
    """A copy of Django's template library ``bibliotheek`` with ``tags`` (name: Django's compile function) put back
    where the portal replaced them at startup. A test module keeps it as ``register`` and names itself in an
    ``Engine(libraries=...)``."""
    register = Library()
    register.tags.update(bibliotheek.tags)
    register.filters.update(bibliotheek.filters)
    register.tags.update(tags)
    return register


def beide(django, portaal, bron, context, autoescape):
    """``bron`` rendered by Django's engine once and by the portal's twice (the second render comes from what the
    tag kept): (Django's, the portal's first, the portal's second)."""
    verwacht = django.from_string(bron).render(Context(context, autoescape=autoescape))
    sjabloon = portaal.from_string(bron)
    return (verwacht, sjabloon.render(Context(context, autoescape=autoescape)),
            sjabloon.render(Context(context, autoescape=autoescape)))


def soorten(bron):
    """The kinds of node the portal's template engine compiles ``bron`` into, without the ``{% load %}``."""
    return [type(node) for node in engines["django"].from_string(bron).template.nodelist
            if type(node).__name__ != "LoadNode"]
