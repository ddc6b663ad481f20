"""A klantmanager who is away: the colleague covering her caseload plans the gesprekken in it."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.services import waarnemer_instellen
from accounts.tests.factories import KlantmanagerFactory
from agenda.models import Afspraak
from agenda.services import afspraak_plannen
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


def _week(moment):
    jaar, week, _dag = timezone.localtime(moment).isocalendar()
    return f"{jaar}-W{week:02d}"


def test_the_colleague_covering_sees_and_can_move_the_gesprekken_of_the_one_who_is_away(client, wereld):
    """Ruud had a gesprek with Willem on Thursday and went on sick leave; Yasmina covers his caseload. The gesprek was
    in nobody's week who was there: Willem came to the office (with a reminder the day before) for a klantmanager
    who was ill, and Yasmina could neither see it nor move it."""
    ruud = wereld.klantmanager
    yasmina = KlantmanagerFactory(organisatie=ruud.organisatie, regio=ruud.regio)
    ander = KlantmanagerFactory(organisatie=ruud.organisatie, regio=ruud.regio)
    begin = timezone.now() + timedelta(days=3)
    afspraak = afspraak_plannen(door=ruud, soort="klantmanagergesprek", titel="", start=begin,
                                eind=begin + timedelta(hours=1), plaats="Stadskantoor", kandidaten=[wereld.kandidaat])
    detail = reverse("afspraak_detail", args=[afspraak.pk])
    week = reverse("agenda") + "?week=" + _week(begin)
    client.force_login(yasmina)
    assert client.get(detail).status_code == 404
    assert detail not in client.get(week).content.decode()

    waarnemer_instellen(gebruiker=ruud, waarnemer=yasmina)
    html = client.get(week).content.decode()
    assert detail in html and f"Voor {ruud.get_full_name()} (je neemt waar)" in html
    assert client.get(detail).status_code == 200
    assert client.get(reverse("afspraak_verplaatsen", args=[afspraak.pk])).status_code == 200
    assert client.post(reverse("afspraak_annuleren", args=[afspraak.pk])).status_code == 302
    afspraak.refresh_from_db()
    assert afspraak.geannuleerd

    client.force_login(ander)  # a colleague who does not cover for him
    assert client.get(detail).status_code == 404
    assert detail not in client.get(week).content.decode()

    waarnemer_instellen(gebruiker=ruud, waarnemer=None)  # he is back
    client.force_login(yasmina)
    assert client.get(detail).status_code == 404
    assert detail not in client.get(week).content.decode()


def _queries(client, url):
    ContentType.objects.clear_cache()
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_query_count_the_week_of_a_colleague_covering_many(client, wereld):
    """A team lead who covers a whole team sees all their afspraken in her week: one read of their places, not one per
    colleague (each added colleague cost a query)."""
    ruud = wereld.klantmanager
    yasmina = KlantmanagerFactory(organisatie=ruud.organisatie, regio=ruud.regio)
    begin = timezone.now() + timedelta(days=3)

    def afwezig_met_gesprek(collega, i):
        afspraak_plannen(door=collega, soort="klantmanagergesprek", titel=f"Gesprek {i}",
                         start=begin + timedelta(hours=i), eind=begin + timedelta(hours=i, minutes=30),
                         plaats="Stadskantoor", kandidaten=[KandidaatFactory(klantmanager=collega)])
        waarnemer_instellen(gebruiker=collega, waarnemer=yasmina)

    afwezig_met_gesprek(ruud, 0)
    url = reverse("agenda") + "?week=" + _week(begin)
    client.force_login(yasmina)
    een = _queries(client, url)
    for i in range(1, 4):
        afwezig_met_gesprek(KlantmanagerFactory(organisatie=ruud.organisatie, regio=ruud.regio), i)
    html = client.get(url).content.decode()
    assert all(f"Gesprek {i}" in html for i in range(4)) and html.count("(je neemt waar)") == 4
    assert _queries(client, url) == een
