"""``{% static %}`` for a fixed path: the same output as Django's, the storage asked once per path.

Django's ``StaticNode`` asks the static files storage for the URL on every render: ``staticfiles_storage.url()``
joins ``STATIC_URL`` and the quoted path (``urljoin``, ``quote``, ``filepath_to_uri``), about 8 µs a tag, and
``base.html`` alone has eight of them on every page of the portal. For a quoted path without filters the URL
depends only on the storage and its settings, so it is kept per path; a variable or a filter goes through Django's
node as before. When a setting changes (a test's ``override_settings`` of ``STATIC_URL`` or ``STORAGES``, on which
Django also rebuilds the storage) every kept URL is forgotten.

``installeer()`` (from ``PortaalConfig.ready``) puts this ``static`` into Django's own ``static`` library, so
``{% load static %}`` gives it, as ``klantreis/lib/vertalen.py`` does for ``translate``.
"""

from django.core.signals import setting_changed
from django.templatetags import static as django_static

DJANGO_STATIC = django_static.do_static

_URLS = {}  # path -> the storage's URL for it


def _vergeten(**kwargs):
    _URLS.clear()


setting_changed.connect(_vergeten, dispatch_uid="klantreis.lib.statisch")


class VasteStatischeNode(django_static.StaticNode):
    """A ``StaticNode`` of a quoted path: the storage's URL looked up once; what ``render`` does with it (escaping,
    ``as``) is Django's."""

    def __init__(self, node):
        super().__init__(varname=node.varname, path=node.path)
        self.pad = node.path.var

    def url(self, context):
        try:
            return _URLS[self.pad]
        except KeyError:
            url = _URLS[self.pad] = self.handle_simple(self.pad)
            return url


def vast(node):
    """Whether the path of a ``StaticNode`` is a quoted literal without filters."""
    return isinstance(node, django_static.StaticNode) and not node.path.filters and isinstance(node.path.var, str)


def static(parser, token):
    node = DJANGO_STATIC(parser, token)
    return VasteStatischeNode(node) if vast(node) else node


def installeer():
    """Django's ``static`` library compiles ``{% static %}`` with the function here from now on."""
    django_static.register.tags["static"] = static
