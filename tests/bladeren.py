"""Walking keyset pages in tests: follow each page's "Volgende" link (``rel="next"``) to the end."""

import re
from types import SimpleNamespace

from django.db import connection
from django.test.utils import CaptureQueriesContext


def alle_bladen(client, url):
    """Each page of the list at ``url`` from the first: (response, its queries), following the next links.

    The queries are a copy taken right after the page: a CaptureQueriesContext reads the connection's log when asked,
    and every request clears that log, so read after a later request it would show that request's queries."""
    volgende = ""
    while True:
        with CaptureQueriesContext(connection) as vastgelegd:
            antwoord = client.get(url + volgende)
        queries = SimpleNamespace(captured_queries=list(vastgelegd.captured_queries))
        yield antwoord, queries
        link = re.search(r'rel="next" href="(\?na=[^"]+)"', antwoord.content.decode())
        if link is None:
            return
        volgende = link[1].replace("&amp;", "&")
