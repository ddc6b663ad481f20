"""A startmoment of a groepsbijeenkomst (it comes in the agenda) in the two nights the clocks change: a time the
clocks show twice is asked, one they skip is refused, as on the agenda's own forms (``Klokvragen``)."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from agenda.models import Afspraak
from klantreis.lib import datums
from ondersteuning import services
from ondersteuning.tests.factories import TrajectFactory

pytestmark = pytest.mark.django_db


def _nacht(maand):
    """The next last Sunday of ``maand`` (10: the clocks go back, 3: forward) at least two days ahead."""
    vandaag = timezone.localdate()
    for jaar in (vandaag.year, vandaag.year + 1):
        nacht = max(date(jaar, maand, d) for d in range(25, 32) if date(jaar, maand, d).weekday() == 6)
        if nacht > vandaag + timedelta(days=1):
            return nacht


def test_een_workshop_om_een_tijd_die_niet_bestaat_wordt_geweigerd_niet_een_uur_verschoven(client, wereld):
    """Found in a review: the agenda's and the gesprek's forms refuse 02:30 in the night the clocks go forward, but a
    startmoment of a groepsbijeenkomst was planned in the agenda at 03:30 without a word."""
    traject = TrajectFactory(groep=True, titel="Nachtwerk: zo begin je", regio=wereld.klantmanager.regio)
    nacht = _nacht(3)
    client.force_login(wereld.klantmanager)
    response = client.post(reverse("startmoment_nieuw", args=[traject.pk]), {
        "datum": nacht.isoformat(), "begintijd": "02:30", "eindtijd": "04:00", "capaciteit": "12"})
    assert response.status_code == 400
    fout = (f"Deze tijd bestaat niet: in de nacht van zaterdag {nacht.day - 1} op zondag {nacht.day} maart gaat de "
            "klok van 02:00 naar 03:00. Kies een tijd voor 02:00 of vanaf 03:00.")
    assert response.context["form"].errors == {"begintijd": [fout]}
    assert 'value="02:30"' in response.content.decode()
    assert not Afspraak.objects.exists()


def test_een_workshop_om_de_tweede_0230_wordt_gevraagd_en_zo_gepland(client, wereld):
    traject = TrajectFactory(groep=True, titel="Nachtwerk: zo begin je", regio=wereld.klantmanager.regio)
    nacht = _nacht(10)
    client.force_login(wereld.klantmanager)
    url = reverse("startmoment_nieuw", args=[traject.pk])
    data = {"datum": nacht.isoformat(), "begintijd": "02:30", "eindtijd": "04:00", "capaciteit": "12"}
    response = client.post(url, data)
    assert response.status_code == 400
    assert response.context["form"].errors == {"begintijd_keer": ["Kies welke keer 02:30 je bedoelt."]}
    assert 'type="radio" name="begintijd_keer" value="wintertijd"' in response.content.decode()
    assert not Afspraak.objects.exists()

    assert client.post(url, {**data, "begintijd_keer": "wintertijd"}).status_code == 302
    afspraak = Afspraak.objects.get()
    assert afspraak.start == datetime.combine(nacht, time(1, 30), tzinfo=UTC)  # 02:30 winter time
    assert afspraak.eind - afspraak.start == timedelta(hours=1, minutes=30)
    assert traject.startmomenten.get().start == afspraak.start


def test_de_workshop_om_de_tweede_0230_zegt_welke_0230_bij_het_traject_en_bij_meedoen(client, wereld):
    """The startmoment at the second 02:30 was written "02:30" on the traject, in the gids and where a werkzoekende
    chooses when to begin: the first 02:30, an hour early."""
    nacht = _nacht(10)
    tweede = timezone.make_aware(datetime.combine(nacht, time(2, 30, fold=1)))
    groep = TrajectFactory(groep=True, titel="Nachtwerk: zo begin je", regio=wereld.klantmanager.regio)
    services.startmoment_toevoegen(traject=groep, door=wereld.klantmanager, start=tweede,
                                   eind=datums.in_utc(tweede) + timedelta(hours=1), capaciteit=12)
    training = TrajectFactory(titel="Heftruck 's nachts", regio=wereld.klantmanager.regio)
    services.startmoment_toevoegen(traject=training, door=wereld.klantmanager, start=tweede, capaciteit=4)
    client.force_login(wereld.werkzoekende_user)
    detail = client.get(reverse("traject_detail", args=[groep.pk])).content.decode()
    assert "02:30 (wintertijd)</strong> – 03:30" in detail
    assert "02:30 (wintertijd)" in client.get(reverse("ondersteuningsgids")).content.decode()
    assert "02:30 (wintertijd)" in client.get(reverse("traject_meedoen", args=[training.pk])).content.decode()
