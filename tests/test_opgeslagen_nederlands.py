"""What the portal stores for others to read later is in its own language (Dutch), whatever language the person
who acted reads the portal in. The journey events' reactions (meldingen, tasks) ran right after the commit in the
request of whoever acted, so a klantmanager who reads the portal in English sent her werkzoekende English
meldingen, and the same melding was Dutch when a worker ran it later."""

import pytest
from django.utils import translation

from meldingen.models import Melding
from taken.models import Taak
from werkzoekenden.models import Afsluitreden
from werkzoekenden.services import dossier_afsluiten, toestemming_intrekken

pytestmark = pytest.mark.django_db


def test_reactions_write_meldingen_and_tasks_in_dutch_when_the_actor_reads_english(wereld, met_commit):
    wereld.met_bemiddeling()
    with translation.override("en"):
        met_commit(toestemming_intrekken, toestemming=wereld.toestemming, door=wereld.werkzoekende_user)
        met_commit(dossier_afsluiten, kandidaat=wereld.kandidaat, door=wereld.klantmanager,
                   reden=Afsluitreden.WERK)

    ingetrokken = Melding.objects.get(ontvanger=wereld.accountmanager, soort=Melding.Soort.VOORDRACHT)
    assert ingetrokken.tekst.startswith("De voordracht van Willem van de Vecht voor Monteur is gestopt")
    gesloten = Melding.objects.get(ontvanger=wereld.werkzoekende_user, soort=Melding.Soort.DOSSIER)
    assert gesloten.tekst.startswith("Je contactpersoon heeft je dossier gesloten")
    taak = Taak.objects.get(toegewezen_aan=wereld.accountmanager, voordracht=wereld.voordracht)
    assert "toestemming" in taak.omschrijving and "consent" not in taak.omschrijving
