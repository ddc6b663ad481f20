"""The card "Waar staat ... in de klantreis?" on the klantmanager's dossier: what it says in the werkzoekende's words
is said to be hers, not addressed to the klantmanager."""

import pytest
from django.urls import reverse

from werkzoekenden.services import toestemming_intrekken

pytestmark = pytest.mark.django_db


def test_the_klantmanager_reads_a_note_of_the_journey_as_what_the_werkzoekende_reads(client, wereld, met_commit):
    """Jeske opened Willem's dossier after he withdrew his consent and read, addressed to her, "Je hebt je toestemming
    ingetrokken. Daarom zijn je voordrachten bij die werkgever gestopt.": she had withdrawn nothing."""
    wereld.met_bemiddeling()
    met_commit(toestemming_intrekken, toestemming=wereld.toestemming, door=wereld.werkzoekende_user)
    zin = "Je hebt je toestemming ingetrokken. Daarom zijn je voordrachten bij die werkgever gestopt."
    client.force_login(wereld.klantmanager)
    dossier = " ".join(client.get(reverse("dossier", args=[wereld.kandidaat.pk])).content.decode().split())
    assert f'<p class="utrecht-paragraph wsp-let-op"><strong>Willem leest:</strong> {zin}' in dossier
    # Willem's own page says it to him, as before.
    client.force_login(wereld.werkzoekende_user)
    home = " ".join(client.get(reverse("werkzoekende_home")).content.decode().split())
    assert f'<p class="utrecht-paragraph wsp-let-op">{zin}' in home and "leest:" not in home
