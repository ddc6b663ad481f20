"""For the tests of what the portal writes in Python (the rows of ``{% caseloadrijen %}``, ``{% voordrachtrijen %}``,
``{% plaatsingregels %}``; the header and cards of ``{% paginakop %}``, ``{% waar_sta_ik %}``, ...): the readable
template and the tag, rendered with the same context."""

from importlib import import_module

from django.conf import settings
from django.middleware.csrf import _unmask_cipher_token, get_token
from django.template import engines
from django.test import RequestFactory
from django.utils.translation import override

CSRF_VELD = 'name="csrfmiddlewaretoken" value="'


def tag_en_sjabloon(sjabloon, tag, context, *, pad, taal):
    """(what ``{% include sjabloon %}`` gives without the newline at the end of the file, what ``{% tag naam %}``
    gives) for ``context``, whose one list the tag takes, rendered for a request of ``pad`` in ``taal``."""
    (naam,) = [sleutel for sleutel, waarde in context.items() if isinstance(waarde, list)]
    verzoek = RequestFactory().get(pad)
    with override(taal):
        verwacht = engines["django"].from_string(f'{{% include "{sjabloon}" %}}').render(context, verzoek)
        uit = engines["django"].from_string(f"{{% load {tag} %}}{{% {tag} {naam} %}}").render(context, verzoek)
    assert verwacht.endswith("\n"), "the template file ends with a newline"
    return verwacht[:-1], uit


def verzoek_als(user, pad):
    """A GET of ``pad`` by ``user``, with a session: what the context processors of a page read."""
    verzoek = RequestFactory().get(pad)
    verzoek.user = user
    verzoek.session = import_module(settings.SESSION_ENGINE).SessionStore()
    return verzoek


def zonder_csrf(html, verzoek):
    """(``html`` with each CSRF token replaced by ``TOKEN``, the number of form fields with a token). Each render masks
    the request's secret anew, so two renders differ there: each token is checked against the secret first."""
    tokens = [deel.split('"', 1)[0] for deel in html.split(CSRF_VELD)[1:]]
    geheim = _unmask_cipher_token(get_token(verzoek))
    for token in tokens:
        assert _unmask_cipher_token(token) == geheim
        html = html.replace(token, "TOKEN")
    return html, len(tokens)
