"""The beheerder's admin in Chromium at phone width: a page titled by a long text stays within the screen."""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Verwerking
from conftest import Wereld
from tests.conftest import inloggen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_line_of_the_log_with_a_long_address_fits_a_phone(page, live_server):
    """The title of a line names who did it with the e-mail address in angle brackets, one word wider than 390 px:
    the page scrolled sideways (406 px for jeske.gunterman@gemeente.example.nl): dots do not break a line."""
    wereld = Wereld()
    regel = Verwerking.objects.create(
        tijdstip=timezone.now(), actie=Verwerking.Actie.INZIEN, wat="dossier", rol="klantmanager",
        organisatie="Gemeente Arnhem",
        gebruiker_omschrijving="Jeske Gunterman <jeske.gunterman.vandenheuvel@gemeenteoverbetuwe.example.nl> "
                               "(Klantmanager)")
    inloggen(page, live_server, wereld.beheerder.email)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + reverse("admin:accounts_verwerking_change", args=[regel.pk]))
    assert page.get_by_role("heading", name="jeske.gunterman.vandenheuvel").first.is_visible()
    breedte = page.evaluate("document.documentElement.scrollWidth")
    assert breedte <= 390, breedte
