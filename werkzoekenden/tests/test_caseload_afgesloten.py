"""A closed dossier on the caseload: "Mijn caseload" lists the open dossiers and counts their attention; the closed
ones are a choice of the filter ("Dossiers: Afgesloten dossiers"), where a klantmanager finds one to look something
up or to open it again.

Before: a closed dossier stayed in the caseload, counted among its kandidaten and flagged "geen contact sinds ..."
for ever (nobody calls a werkzoekende who left), and the attention count kept it too."""

from datetime import timedelta

import lxml.html
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from werkzoekenden.models import Afsluitreden, Kandidaat
from werkzoekenden.services import dossier_afsluiten, dossier_heropenen
from werkzoekenden.tests.factories import KandidaatFactory

pytestmark = pytest.mark.django_db


def _namen(response):
    boom = lxml.html.fromstring(response.content)
    return {" ".join(a.text_content().split()) for a in boom.xpath('//*[@id="caseload-lijst"]//tbody//th//a')}


def _kop(response):
    return " ".join(lxml.html.fromstring(response.content).get_element_by_id("kop-caseload").text_content().split())


def test_a_closed_dossier_leaves_the_caseload_and_its_attention_and_can_be_found_and_opened_again(client, wereld):
    km = wereld.klantmanager
    oud = timezone.localdate() - timedelta(days=60)  # no contact for two months: both need attention
    KandidaatFactory(klantmanager=km, voornaam="Blijft", achternaam="Open", laatste_contact_op=oud)
    weg = KandidaatFactory(klantmanager=km, voornaam="Gaat", achternaam="Weg", laatste_contact_op=oud)
    client.force_login(km)
    url = reverse("klantmanager_home")
    voor = client.get(url)
    assert {"Blijft Open", "Gaat Weg"} <= _namen(voor)

    dossier_afsluiten(kandidaat=weg, door=km, reden=Afsluitreden.WERK)
    with override("nl"):
        open_ = client.get(url)
        aandacht = client.get(url, {"aandacht": "alle"})
        dicht = client.get(url, {"status": "afgesloten"})
    assert "Gaat Weg" not in _namen(open_) and "Blijft Open" in _namen(open_)
    assert open_.context["aantal"] == voor.context["aantal"] - 1
    assert open_.context["aantal_aandacht"] == voor.context["aantal_aandacht"] - 1
    assert "Gaat Weg" not in _namen(aandacht)
    assert Kandidaat.objects.get(pk=weg.pk).aandacht_vanaf is None
    # The closed ones on their own: named, counted, with when and why they closed instead of what is late.
    assert _namen(dicht) == {"Gaat Weg"} and dicht.context["aantal"] == 1
    assert _kop(dicht) == "1 afgesloten dossier"
    cel = " ".join(lxml.html.fromstring(dicht.content).xpath('//*[@id="caseload-lijst"]//td[@data-kolom="Aandacht"]')[0]
                   .text_content().split())
    assert cel.startswith("afgesloten op ") and cel.endswith("Uitgestroomd naar werk") and "contact" not in cel
    # The attention count above the list is the open caseload's, whichever list is shown.
    assert dicht.context["aantal_aandacht"] == open_.context["aantal_aandacht"]

    dossier_heropenen(kandidaat=weg, door=km)
    weer = client.get(url)
    assert "Gaat Weg" in _namen(weer) and weer.context["aantal"] == voor.context["aantal"]
    assert weer.context["aantal_aandacht"] == voor.context["aantal_aandacht"]
    assert client.get(url, {"status": "afgesloten"}).context["aantal"] == 0


def test_no_closed_dossiers_says_so_and_points_back_to_the_open_ones(client, wereld):
    client.force_login(wereld.klantmanager)
    with override("nl"):
        response = client.get(reverse("klantmanager_home"), {"status": "afgesloten"})
    html = response.content.decode()
    assert response.status_code == 200 and "Er zijn geen afgesloten dossiers in je caseload." in html
    assert "Er staan nog geen kandidaten in je caseload." not in html
    assert _kop(response) == "0 afgesloten dossiers"


def test_an_unknown_status_shows_the_open_dossiers(client, wereld):
    km = wereld.klantmanager
    dossier_afsluiten(kandidaat=KandidaatFactory(klantmanager=km, voornaam="Gaat", achternaam="Weg"), door=km,
                      reden=Afsluitreden.VERHUISD)
    client.force_login(km)
    response = client.get(reverse("klantmanager_home"), {"status": "'; drop table"})
    assert response.status_code == 200 and "Gaat Weg" not in _namen(response)


def test_the_closed_list_costs_the_same_queries_for_two_or_twelve(client, wereld):
    km = wereld.klantmanager
    client.force_login(km)
    url = reverse("klantmanager_home")
    kandidaten = [KandidaatFactory(klantmanager=km) for _ in range(12)]
    Kandidaat.objects.filter(pk__in=[k.pk for k in kandidaten[:2]]).update(afgesloten_op=timezone.now(),
                                                                           afsluitreden="werk")
    client.get(url, {"status": "afgesloten"})  # SQL compiled once per process
    with CaptureQueriesContext(connection) as twee:
        assert client.get(url, {"status": "afgesloten"}).context["aantal"] == 2
    Kandidaat.objects.filter(pk__in=[k.pk for k in kandidaten[:12]]).update(afgesloten_op=timezone.now(),
                                                                            afsluitreden="werk")
    with CaptureQueriesContext(connection) as twaalf:
        assert client.get(url, {"status": "afgesloten"}).context["aantal"] == 12
    assert len(twaalf.captured_queries) == len(twee.captured_queries)


def test_the_migration_empties_the_attention_of_dossiers_closed_before_it(wereld):
    import importlib

    from django.apps import apps

    migratie = importlib.import_module("werkzoekenden.migrations.0028_afgesloten_zonder_aandacht")
    km = wereld.klantmanager
    dicht = KandidaatFactory(klantmanager=km, laatste_contact_op=None)
    open_ = KandidaatFactory(klantmanager=km, laatste_contact_op=None)
    # closed as it was before: the date stayed
    Kandidaat.objects.filter(pk=dicht.pk).update(afgesloten_op=timezone.now(), afsluitreden="werk")
    voor = Kandidaat.objects.get(pk=dicht.pk).aandacht_vanaf
    assert voor is not None
    migratie.zonder_aandacht(apps, None)
    assert Kandidaat.objects.get(pk=dicht.pk).aandacht_vanaf is None
    assert Kandidaat.objects.get(pk=open_.pk).aandacht_vanaf == open_.aandacht_vanaf
    migratie.met_aandacht(apps, None)  # and back
    assert Kandidaat.objects.get(pk=dicht.pk).aandacht_vanaf == voor


def test_the_closed_list_does_not_show_an_attention_filter_it_ignores(client, wereld):
    """Found in review: "Acties over datum" stayed selected above the closed dossiers, which the list ignores (a closed
    dossier asks for nothing)."""
    client.force_login(wereld.klantmanager)
    response = client.get(reverse("klantmanager_home"), {"status": "afgesloten", "aandacht": "acties"})
    boom = lxml.html.fromstring(response.content)
    gekozen = boom.xpath('//select[@name="aandacht"]/option[@selected]/@value')
    assert response.status_code == 200 and gekozen in ([], [""]), gekozen
    assert boom.xpath('//select[@name="status"]/option[@selected]/@value') == ["afgesloten"]
