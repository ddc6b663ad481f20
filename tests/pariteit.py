"""For the tests of the list rows the portal writes in Python (``{% caseloadrijen %}``, ``{% voordrachtrijen %}``,
``{% plaatsingregels %}``): the readable template and the tag, rendered with the same context."""

from django.template import engines
from django.test import RequestFactory
from django.utils.translation import override


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
