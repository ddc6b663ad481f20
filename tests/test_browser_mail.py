"""The HTML of the outbox's mail as a phone shows it (Chromium at 390 px): the check-in link and the reminder's
link to the plaatsing are links, and nothing makes the mail wider than the screen (a long link wraps)."""

import pytest
from django.core import mail

from outbox.services import mails_versturen
from plaatsingen.services import nazorg_sweep
from plaatsingen.tests.bulk import due_nazorgmomenten

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

TELEFOON = {"width": 390, "height": 844}
BREEDTE_JS = "document.documentElement.scrollWidth"


def test_the_sweeps_mails_fit_a_phone_with_their_links(browser):
    due_nazorgmomenten(4)
    assert nazorg_sweep() == 4
    mail.outbox.clear()
    assert mails_versturen() == 16
    context = browser.new_context(viewport=TELEFOON)
    page = context.new_page()
    te_breed, zonder_link = [], []
    for bericht in mail.outbox:
        (html, soort), = bericht.alternatives
        assert soort == "text/html"
        page.set_content(html)
        if (breedte := page.evaluate(BREEDTE_JS)) > TELEFOON["width"]:
            te_breed.append(f"{bericht.subject}: {breedte}px")
        links = page.eval_on_selector_all("a[href^='http']", "links => links.map(a => a.href)")
        if not links or not all(link in bericht.body for link in links):
            zonder_link.append(f"{bericht.subject}: {links}")
    context.close()
    assert {b.subject.split(" ")[1] for b in mail.outbox} >= {"Nazorg", "Hoe"}, [b.subject for b in mail.outbox]
    assert not te_breed, te_breed
    assert not zonder_link, zonder_link
