""""Wie kan je dossier zien?" on the werkzoekende's Mijn gegevens names the colleague who covers now."""

import pytest
from django.urls import reverse

from accounts.services import waarnemer_instellen
from accounts.tests.factories import KlantmanagerFactory

pytestmark = pytest.mark.django_db


def test_she_reads_who_covers_for_her_contactpersoon_now(client, wereld):
    """Karin is on leave and Yasmina covers her caseload: Yasmina opens Willem's dossier and reads his messages. The
    page about who can see his dossier named the colleagues given access for a task, but of Yasmina only said "a
    colleague who covers" could, in general, and that nobody else had access now."""
    yasmina = KlantmanagerFactory(voornaam="Yasmina", achternaam="van Leeuwen",
                                  organisatie=wereld.klantmanager.organisatie)
    client.force_login(wereld.werkzoekende_user)
    zin = "Karin is er nu even niet: Yasmina van Leeuwen neemt waar en kan je dossier nu ook zien."
    assert zin not in client.get(reverse("mijn_gegevens")).content.decode()
    waarnemer_instellen(gebruiker=wereld.klantmanager, waarnemer=yasmina)
    assert zin in client.get(reverse("mijn_gegevens")).content.decode()
