"""Lists every visit reads in the same shape: on the next visit nothing of the list is built again (its page and
its count are SQL compiled once per process), and the page holds what the person's own rows say."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from meldingen.models import Melding
from taken.models import Taak
from tests.gebouwd import gebouwde_queries

pytestmark = pytest.mark.django_db


def test_meldingen_newest_first_own_only_and_built_once(client, wereld, monkeypatch):
    nu = timezone.now()
    for i in range(30):
        Melding.objects.create(ontvanger=wereld.klantmanager, tekst=f"Melding {i:02d}", url="/", sleutel=f"m{i}",
                               soort=Melding.Soort.values[0], aangemaakt_op=nu - timedelta(minutes=i))
    Melding.objects.create(ontvanger=wereld.accountmanager, tekst="Van een ander", url="/", sleutel="ander",
                           soort=Melding.Soort.values[0])
    client.force_login(wereld.klantmanager)
    pagina = client.get(reverse("meldingen")).context["pagina"]
    assert [m.tekst for m in pagina.object_list] == [f"Melding {i:02d}" for i in range(25)]
    assert pagina.paginator.count == 30
    gebouwd = gebouwde_queries(monkeypatch)
    tweede = client.get(reverse("meldingen"), {"pagina": 2}).context["pagina"]
    assert [m.tekst for m in tweede.object_list] == [f"Melding {i:02d}" for i in range(25, 30)]
    assert not [c for c in gebouwd if c.query.model is Melding]


def test_taken_open_own_only_in_order_and_built_once(client, wereld, monkeypatch):
    vandaag = timezone.localdate()
    for i in range(4):
        Taak.objects.create(toegewezen_aan=wereld.accountmanager, omschrijving=f"Taak {i}", werkgever=wereld.werkgever,
                            uiterlijk=vandaag + timedelta(days=3 - i))
    Taak.objects.create(toegewezen_aan=wereld.accountmanager, omschrijving="Al gedaan", uiterlijk=vandaag,
                        afgerond_op=timezone.now())
    Taak.objects.create(toegewezen_aan=wereld.vreemde_accountmanager, omschrijving="Van een ander", uiterlijk=vandaag)
    client.force_login(wereld.accountmanager)
    eerste = [t.omschrijving for t in client.get(reverse("taken")).context["pagina"].object_list]
    assert eerste == ["Taak 3", "Taak 2", "Taak 1", "Taak 0"]  # the nearest deadline first
    gebouwd = gebouwde_queries(monkeypatch)
    antwoord = client.get(reverse("taken"))
    assert [t.omschrijving for t in antwoord.context["pagina"].object_list] == eerste
    assert antwoord.context["pagina"].object_list[0].werkgever == wereld.werkgever
    assert not [c for c in gebouwd if c.query.model is Taak]


def test_the_instrumentengids_lists_the_active_ones_by_name_built_once_a_search_by_the_orm(client, monkeypatch):
    """Public. The gids as it opens: the active instruments by name, read with SQL compiled once per process; a search
    has other words every time and is built by the ORM."""
    from werkgevers.models import Instrument

    for naam, actief in (("Zzregeling B", True), ("Zzregeling A", True), ("Zzregeling oud", False)):
        Instrument.objects.create(naam=naam, samenvatting="s", voorwaarden="v", voor_wie="w", aanvragen_bij="UWV",
                                  actief=actief)
    eerste = [i.naam for i in client.get(reverse("instrumenten")).context["instrumenten"]]
    assert "Zzregeling oud" not in eerste and eerste.index("Zzregeling A") < eerste.index("Zzregeling B")
    gebouwd = gebouwde_queries(monkeypatch)
    assert [i.naam for i in client.get(reverse("instrumenten")).context["instrumenten"]] == eerste
    assert not [c for c in gebouwd if c.query.model is Instrument]
    assert [i.naam for i in client.get(reverse("instrumenten"), {"q": "zzregeling b"}).context["instrumenten"]] == [
        "Zzregeling B"]


@pytest.mark.parametrize(("wie", "lijst"), [("klantmanager", "ondersteuningsgids"), ("accountmanager", "verzoeken"),
                                            ("accountmanager", "nazorg_overzicht"), ("accountmanager", "werkgevers_regio")])
def test_a_person_without_a_region_gets_the_page_the_orm_builds(client, wereld, wie, lijst):
    """Without a region the condition is ``IS NULL``, another shape than any value: those pages go to the ORM, and
    show nothing of any region."""
    from accounts.models import User

    gebruiker = getattr(wereld, wie)
    User.objects.filter(pk=gebruiker.pk).update(regio=None)
    client.force_login(User.objects.get(pk=gebruiker.pk))
    antwoord = client.get(reverse(lijst))
    assert antwoord.status_code == 200
    gevonden = antwoord.context["pagina"] if "pagina" in antwoord.context else antwoord.context["blad"]
    assert list(gevonden.object_list) == []
