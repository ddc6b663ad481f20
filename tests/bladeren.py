"""Walking keyset pages in tests: follow each page's "Volgende" link (``rel="next"``) to the end."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext


def alle_bladen(client, url):
    """Each page of the list at ``url`` from the first: (response, its queries), following the next links."""
    volgende = ""
    while True:
        with CaptureQueriesContext(connection) as queries:
            antwoord = client.get(url + volgende)
        yield antwoord, queries
        link = re.search(r'rel="next" href="(\?na=[^"]+)"', antwoord.content.decode())
        if link is None:
            return
        volgende = link[1].replace("&amp;", "&")
