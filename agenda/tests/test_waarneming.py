"""A klantmanager who is away: the colleague covering her caseload plans the gesprekken in it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.services import waarnemer_instellen
from accounts.tests.factories import KlantmanagerFactory
from agenda.models import Afspraak
from werkzoekenden.tests.factories import KandidaatFactory

pytestmark = pytest.mark.django_db


def _plannen(client, kandidaat):
    dag = (timezone.localdate() + timedelta(days=3)).isoformat()
    return client.post(reverse("afspraak_nieuw"), {
        "soort": "klantmanagergesprek", "datum": dag, "begintijd": "10:00", "eindtijd": "11:00",
        "plaats": "Stadskantoor", "kandidaat": kandidaat.pk})


def test_the_colleague_covering_plans_a_gesprek_with_a_werkzoekende_of_that_caseload(client, wereld):
    """Ruud is on leave and Yasmina covers his caseload: Willem's home page says "Tot Ruud terug is, helpt Yasmina je",
    and she sends him messages and works in his plan. But "Nieuwe afspraak" listed only her own werkzoekenden: a
    gesprek with Willem could not be planned until Ruud came back."""
    ruud = wereld.klantmanager
    yasmina = KlantmanagerFactory(organisatie=ruud.organisatie, regio=ruud.regio)
    eigen = KandidaatFactory(klantmanager=yasmina)
    waarnemer_instellen(gebruiker=ruud, waarnemer=yasmina)
    client.force_login(yasmina)
    assert {wereld.kandidaat, eigen} <= set(
        client.get(reverse("afspraak_nieuw")).context["form"].fields["kandidaat"].queryset)
    antwoord = _plannen(client, wereld.kandidaat)
    assert antwoord.status_code == 302
    afspraak = Afspraak.objects.get()
    assert afspraak.georganiseerd_door == yasmina and afspraak.deelnemers.filter(kandidaat=wereld.kandidaat).exists()

    waarnemer_instellen(gebruiker=ruud, waarnemer=None)  # he is back: his werkzoekenden are his own again
    assert list(client.get(reverse("afspraak_nieuw")).context["form"].fields["kandidaat"].queryset) == [eigen]
    assert _plannen(client, wereld.kandidaat).status_code == 400
    assert Afspraak.objects.count() == 1
