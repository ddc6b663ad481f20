"""The warme overdracht on the werkzoekende's "Wie heeft mijn gegevens bekeken?"."""

import pytest
from django.urls import reverse

from accounts.tests.factories import KlantmanagerFactory
from werkzoekenden.services import warme_overdracht

pytestmark = pytest.mark.django_db


def test_the_handover_is_by_her_contactpersoon_of_that_moment(client, wereld):
    """Anja read "Fatima El Amrani, medewerker bij UWV Leeuwarden: Gedeeld: warme overdracht aan Ruud Dijkstra": the
    line was written just after Fatima's time as her klantmanager had been closed, so the one who handed her over
    read as a stranger of UWV, not as the contactpersoon she had until then."""
    karin = wereld.klantmanager
    ruud = KlantmanagerFactory(voornaam="Ruud", achternaam="Dijkstra", organisatie=karin.organisatie)
    warme_overdracht(kandidaat=wereld.kandidaat, door=karin, naar=ruud, notitie="WW stopt.")
    client.force_login(wereld.werkzoekende_user)
    html = " ".join(client.get(reverse("mijn_inzage")).content.decode().split())
    organisatie = karin.organisatie.naam
    assert "warme overdracht aan Ruud Dijkstra" in html
    assert f"<dd>Karin Klant, je contactpersoon bij {organisatie}</dd>" in html
    assert f"<dd>Karin Klant, medewerker bij {organisatie}</dd>" not in html
    assert f"<dd>Ruud Dijkstra, je contactpersoon bij {organisatie}</dd>" in html
