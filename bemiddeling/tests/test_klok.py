"""The sollicitatiegesprek in the two nights the clocks change (Europe/Amsterdam). The last Sunday of October
02:00-03:00 is there twice: the forms ask which, the pages and mails say which ("02:30 (wintertijd)"), the .ics
writes such a time in UTC. The last Sunday of March 02:00-03:00 does not exist: the forms say so and keep what was
typed, instead of planning 03:30."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from agenda.models import Afspraak
from agenda.services import afspraak_plannen
from bemiddeling.emails import gesprek_ics
from bemiddeling.models import Sollicitatiegesprek, Voordracht
from bemiddeling.services import gesprek_plannen, voordracht_create, voordracht_reageren
from klantreis.lib import datums
from meldingen.models import Melding
from werkgevers.tests.factories import VacatureFactory
from werkzoekenden.models import Toestemming
from werkzoekenden.services import toestemming_verlenen

pytestmark = pytest.mark.django_db


def _laatste_zondag(jaar, maand):
    return max(date(jaar, maand, d) for d in range(25, 32) if date(jaar, maand, d).weekday() == 6)


def _nacht(maand):
    """The next last Sunday of ``maand`` (10: the clocks go back, 3: forward) at least two days ahead."""
    vandaag = timezone.localdate()
    return next(nacht for jaar in (vandaag.year, vandaag.year + 1)
                if (nacht := _laatste_zondag(jaar, maand)) > vandaag + timedelta(days=1))


@pytest.fixture
def voordracht(wereld):
    toestemming_verlenen(kandidaat=wereld.kandidaat, doel=Toestemming.Doel.DELEN_MET_WERKGEVER,
                         werkgever=wereld.werkgever, door=wereld.klantmanager)
    vacature = VacatureFactory(werkgever=wereld.werkgever, titel="Nachtmonteur")
    return voordracht_create(vacature=vacature, kandidaat=wereld.kandidaat, door=wereld.accountmanager,
                             toelichting="Werkt graag 's nachts.")


def _event(ics):
    [event] = Calendar.from_ical(ics).walk("VEVENT")
    return event


def test_de_accountmanager_kiest_welke_0230_en_iedereen_leest_welke(
    client, wereld, voordracht, django_capture_on_commit_callbacks
):
    """Found in a review: the gesprek's form took 02:30 of the night the clocks go back as summer time without a
    word, the pages and mails wrote a plain "02:30", and the .ics (TZID) put it at the first 02:30."""
    nacht = _nacht(10)
    client.force_login(wereld.accountmanager)
    url = reverse("gesprek_plannen", args=[voordracht.pk])
    data = {"datum": nacht.isoformat(), "tijd": "02:30", "locatie": "Nachtpoort 3, Arnhem", "duur_minuten": "60"}
    response = client.post(url, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert response.context["form"].errors == {"tijd_keer": ["Kies welke keer 02:30 je bedoelt."]}
    assert ("In deze nacht gaat de klok een uur terug, van zomertijd naar wintertijd. Daarom is het die nacht twee "
            "keer 02:30.") in html
    assert 'type="radio" name="tijd_keer" value="wintertijd"' in html
    assert 'value="02:30"' in html and 'value="Nachtpoort 3, Arnhem"' in html
    assert not Sollicitatiegesprek.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**data, "tijd_keer": "wintertijd"})
    assert response.status_code == 302
    gesprek = Sollicitatiegesprek.objects.get()
    tweede = datetime.combine(nacht, time(1, 30), tzinfo=UTC)  # 02:30 winter time (UTC+1)
    assert gesprek.begint_op == tweede

    # The .ics: in UTC, not "02:30" with TZID (the first one, an hour early); the end an hour later.
    kandidaat_mail = next(b for b in mail.outbox if wereld.werkzoekende_user.email in b.to)
    event = _event(kandidaat_mail.attachments[0][1])
    assert event["dtstart"].to_ical() == f"{nacht:%Y%m%d}T013000Z".encode()
    assert event["dtend"].dt == tweede + timedelta(hours=1)
    # The mails say which.
    assert "om 02:30 (wintertijd)" in kandidaat_mail.body
    werkgever_mail = next(b for b in mail.outbox if wereld.werkgever_user.email in b.to)
    assert "om 02:30 (wintertijd) (60 minuten)" in werkgever_mail.body

    # Her melding too (a short date: ``datums.kort``).
    melding = Melding.objects.get(ontvanger=wereld.werkzoekende_user, soort=Melding.Soort.GESPREK)
    assert melding.tekst.endswith(f"op {datums.kort(gesprek.begint_op, 'l j F')} 02:30 (wintertijd).")

    # The werkgever's page and download, the werkzoekende's list and preparation.
    client.force_login(wereld.werkgever_user)
    detail = client.get(reverse("voordracht_detail", args=[voordracht.pk])).content.decode()
    assert f"{nacht.day} oktober {nacht.year} 02:30 (wintertijd)</dd>" in detail
    download = client.get(reverse("gesprek_agenda", args=[gesprek.pk])).content.decode()
    assert _event(download)["dtstart"].dt == tweede
    client.force_login(wereld.werkzoekende_user)
    lijst = client.get(reverse("mijn_voordrachten")).content.decode()
    assert f"{nacht.day} oktober {nacht.year} 02:30 (wintertijd), Nachtpoort 3, Arnhem." in lijst
    voorbereiding = client.get(reverse("mijn_voorbereiding", args=[gesprek.pk])).content.decode()
    assert "02:30 (wintertijd) – 03:30</dd>" in voorbereiding

    # Moving it: the form has the second 02:30 as chosen.
    client.force_login(wereld.accountmanager)
    assert 'type="hidden" name="tijd_keer" value="wintertijd"' in client.get(url).content.decode()


def test_de_werkgever_wordt_met_u_gevraagd_welke_0230_en_zo_gepland(client, wereld, voordracht):
    """The werkgever's answer plans the gesprek at once: the same question, in "u"."""
    nacht = _nacht(10)
    client.force_login(wereld.werkgever_user)
    url = reverse("voordracht_reageren", args=[voordracht.pk])
    data = {"keuze": "uitnodigen", "datum": nacht.isoformat(), "tijd": "02:30", "locatie": "Arnhem"}
    response = client.post(url, data)
    assert response.status_code == 400
    assert response.context["form"].errors == {"tijd_keer": ["Kies welke keer 02:30 u bedoelt."]}
    assert not Sollicitatiegesprek.objects.exists()

    assert client.post(url, {**data, "tijd_keer": "zomertijd"}).status_code == 302
    assert Sollicitatiegesprek.objects.get().begint_op == datetime.combine(nacht, time(0, 30), tzinfo=UTC)


@pytest.mark.parametrize("pagina", ["gesprek_plannen", "voordracht_reageren"])
def test_een_tijd_die_niet_bestaat_wordt_gezegd_en_niet_een_uur_verschoven(client, wereld, voordracht, pagina):
    """Found in a review: in the night the clocks go forward 02:30 does not exist, and the gesprek was planned at
    03:30 without a word."""
    nacht = _nacht(3)
    fout = (f"Deze tijd bestaat niet: in de nacht van zaterdag {nacht.day - 1} op zondag {nacht.day} maart gaat de "
            "klok van 02:00 naar 03:00. Kies een tijd voor 02:00 of vanaf 03:00.")
    client.force_login(wereld.werkgever_user)
    data = {"datum": nacht.isoformat(), "tijd": "02:30", "locatie": "Nachtpoort 3, Arnhem", "duur_minuten": "60"}
    if pagina == "voordracht_reageren":
        data["keuze"] = "uitnodigen"
    response = client.post(reverse(pagina, args=[voordracht.pk]), data)
    assert response.status_code == 400
    assert response.context["form"].errors == {"tijd": [fout]}
    html = response.content.decode()
    assert fout in html
    assert 'value="02:30"' in html and 'value="Nachtpoort 3, Arnhem"' in html
    assert not Sollicitatiegesprek.objects.exists()
    voordracht.refresh_from_db()
    assert voordracht.status == Voordracht.Status.VOORGEDRAGEN


def test_het_einde_in_de_uitnodiging_is_de_duur_na_het_begin_ook_als_de_klok_teruggaat(wereld, voordracht):
    """The end was reckoned on the local clock: 01:30 plus 90 minutes is 03:00 there, while that night it is the
    second 02:00: calendars showed the gesprek an hour longer than planned."""
    nacht = _nacht(10)
    voordracht_reageren(voordracht=voordracht, door=wereld.werkgever_user, uitnodigen=True)
    begin = timezone.make_aware(datetime.combine(nacht, time(1, 30)))  # summer time, there once
    gesprek = gesprek_plannen(voordracht=voordracht, door=wereld.accountmanager, begint_op=begin, locatie="Arnhem",
                              begeleider_gaat_mee=False, duur_minuten=90)
    event = _event(gesprek_ics(gesprek))
    assert event["dtend"].dt - event["dtstart"].dt == timedelta(minutes=90)
    assert event["dtend"].to_ical() == f"{nacht:%Y%m%d}T010000Z".encode()  # 02:00 winter time


def test_alleen_de_begeleider_afzeggen_om_de_tweede_0230_is_geen_verplaatsing(wereld, voordracht, met_commit):
    """The same second 02:30 planned again (the kandidaat goes alone now) compared unequal to the time stored
    (PEP 495: a time the clocks show twice against another zone's), so the begeleider read that it had moved."""
    nacht = _nacht(10)
    voordracht_reageren(voordracht=voordracht, door=wereld.werkgever_user, uitnodigen=True)
    tweede = timezone.make_aware(datetime.combine(nacht, time(2, 30, fold=1)))
    gesprek_plannen(voordracht=voordracht, door=wereld.accountmanager, begint_op=tweede, locatie="Arnhem",
                    begeleider_gaat_mee=True)
    met_commit(gesprek_plannen, voordracht=voordracht, door=wereld.accountmanager, begint_op=tweede,
               locatie="Arnhem", begeleider_gaat_mee=False)
    [bericht] = [b for b in mail.outbox if "Je hoeft niet mee" in b.subject]
    assert "gaat liever alleen naar het sollicitatiegesprek" in bericht.body
    assert "verplaatst" not in bericht.body
    assert "om 02:30 (wintertijd)" in bericht.body


def test_wie_al_een_afspraak_heeft_na_het_einde_is_niet_bezet_ook_als_de_klok_teruggaat(client, wereld, voordracht):
    """Who is busy was read until the end on the local clock: 01:30 plus 90 minutes was 03:00 there, an hour after
    the real end (the second 02:00), so an afspraak at the second 02:15 was said to clash."""
    nacht = _nacht(10)
    tweede = timezone.make_aware(datetime.combine(nacht, time(2, 15, fold=1)))
    afspraak_plannen(door=wereld.klantmanager, soort=Afspraak.Soort.KLANTMANAGERGESPREK, titel="", start=tweede,
                     eind=tweede + timedelta(minutes=45), plaats="Werkplein", kandidaten=[wereld.kandidaat])
    client.force_login(wereld.accountmanager)
    response = client.post(reverse("gesprek_plannen", args=[voordracht.pk]), {
        "datum": nacht.isoformat(), "tijd": "01:30", "locatie": "Arnhem", "duur_minuten": "90"})
    assert response.status_code == 302
    assert Sollicitatiegesprek.objects.get().duur_minuten == 90


def test_een_onbekende_waarde_voor_welke_keer_wordt_in_u_opnieuw_gevraagd(client, wereld, voordracht):
    """Found in a review: a "welke keer" that is not one of the two was Django's "Selecteer een geldige keuze." beside
    the question; on an ordinary day an error on a hidden field nobody could see or change."""
    nacht = _nacht(10)
    client.force_login(wereld.werkgever_user)
    url = reverse("voordracht_reageren", args=[voordracht.pk])
    data = {"keuze": "uitnodigen", "datum": nacht.isoformat(), "tijd": "02:30", "tijd_keer": "bogus",
            "locatie": "Arnhem"}
    response = client.post(url, data)
    assert response.status_code == 400
    assert response.context["form"].errors == {"tijd_keer": ["Kies welke keer 02:30 u bedoelt."]}
    dag = timezone.localdate() + timedelta(days=7)
    assert client.post(url, {**data, "datum": dag.isoformat(), "tijd": "10:00"}).status_code == 302
    assert Sollicitatiegesprek.objects.get().begint_op == timezone.make_aware(datetime.combine(dag, time(10)))
