"""Every list page costs a fixed number of queries, however many rows there are."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from werkgevers.tests.factories import VacatureFactory, WerkgeverFactory
from werkzoekenden.tests.factories import KandidaatFactory

pytestmark = pytest.mark.django_db


def queries_voor(client, url):
    ContentType.objects.clear_cache()  # measure a cold process, not a warm cache
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_caseload(client, wereld):
    client.force_login(wereld.klantmanager)
    url = reverse("klantmanager_home")
    klein = queries_voor(client, url)
    KandidaatFactory.create_batch(40, klantmanager=wereld.klantmanager)
    groot = queries_voor(client, url)
    # session, user, count, page of kandidaten (+gemeente, plan, overdue actions as EXISTS), the number that
    # needs attention, content type of Kandidaat, one bulk INSERT into the verwerkingenlog, open questions for
    # consent (+werkgever, vacature, accountmanager, kandidaat), organisatie and regio
    assert (klein, groot) == (10, 10)


def test_werkgevers_of_accountmanager(client, wereld):
    client.force_login(wereld.accountmanager)
    url = reverse("accountmanager_home")
    klein = queries_voor(client, url)
    WerkgeverFactory.create_batch(40, accountmanager=wereld.accountmanager)
    groot = queries_voor(client, url)
    # session, user, count and page of werkgevers (+gemeente), first verzoeken (+werkgever, gemeente,
    # accountmanager) and their count, waiting voordrachten, open taken, organisatie and regio of the user
    assert (klein, groot) == (10, 10)


def test_vacatures_of_werkgever(client, wereld):
    client.force_login(wereld.werkgever_user)
    url = reverse("werkgever_home")
    VacatureFactory(werkgever=wereld.werkgever)
    klein = queries_voor(client, url)
    VacatureFactory.create_batch(40, werkgever=wereld.werkgever)
    groot = queries_voor(client, url)
    # session, user, werkgever (+accountmanager, organisatie, gemeente, regio), WSP of region,
    # count, page of vacatures (+gemeente, beroep, counts of voordrachten), afspraken, plaatsingen (+kandidaat,
    # next contact moment), regio in the header
    assert (klein, groot) == (9, 9)


def test_beheerder_overview(client, wereld):
    client.force_login(wereld.beheerder)
    url = reverse("beheerder_home")
    klein = queries_voor(client, url)
    KandidaatFactory.create_batch(5, klantmanager=wereld.klantmanager)
    WerkgeverFactory.create_batch(5)
    groot = queries_voor(client, url)
    assert klein == groot


@pytest.mark.parametrize("model", ["user", "organisatie", "gemeente", "arbeidsmarktregio", "verwerking"])
def test_admin_lists(client, wereld, model):
    client.force_login(wereld.beheerder)
    url = reverse(f"admin:accounts_{model}_changelist")
    klein = queries_voor(client, url)
    WerkgeverFactory.create_batch(10)
    KandidaatFactory.create_batch(10, klantmanager=wereld.klantmanager)
    client.get(reverse("klantmanager_home"))  # adds lines to the verwerkingenlog
    client.force_login(wereld.beheerder)
    assert queries_voor(client, url) == klein


def _verzoeken(n, regio_postcode="6811 AB"):
    from werkgevers.models import Verzoek
    from werkgevers.services import verzoek_indienen

    for i in range(n):
        verzoek_indienen(
            bedrijfsnaam=f"Bedrijf {i}", kvk_nummer=f"{50000000 + i + Verzoek.objects.count() * 100}", adres="Markt 1",
            postcode=regio_postcode, plaats="Arnhem", sector="Bouw", aantal_medewerkers=10, contactpersoon="Piet",
            telefoon="026 1234567", email=f"p{i}@b.nl", vraag="Hulp", kanaal=Verzoek.Kanaal.WEBFORMULIER,
        )


def test_verzoeken_queue(client, wereld):
    client.force_login(wereld.accountmanager)
    url = reverse("verzoeken")
    _verzoeken(2)
    klein = queries_voor(client, url)
    _verzoeken(30)
    groot = queries_voor(client, url)
    # session, user, count, page of verzoeken (+werkgever, gemeente, accountmanager), regio in the header
    assert (klein, groot) == (5, 5)


def test_werkgevers_of_region(client, wereld):
    client.force_login(wereld.accountmanager)
    url = reverse("werkgevers_regio")
    klein = queries_voor(client, url)
    WerkgeverFactory.create_batch(30, accountmanager=wereld.accountmanager)
    assert queries_voor(client, url) == klein == 5  # session, user, regio, count, page (+gemeente, accountmanager)


def test_tijdlijn(client, wereld):
    from werkgevers.services import tijdlijn

    client.force_login(wereld.werkgever_user)
    url = reverse("werkgever_tijdlijn", args=[wereld.werkgever.pk])
    tijdlijn(wereld.werkgever, "contact", "Gebeld", door=wereld.accountmanager)
    klein = queries_voor(client, url)
    for i in range(30):
        tijdlijn(wereld.werkgever, "contact", f"Gebeld {i}", door=wereld.accountmanager)
    assert queries_voor(client, url) == klein


def test_voordrachten_of_vacature(client, wereld):
    from bemiddeling.services import voordracht_create
    from werkzoekenden.models import Toestemming
    from werkzoekenden.services import toestemming_verlenen

    wereld.met_bemiddeling()
    client.force_login(wereld.werkgever_user)
    url = reverse("vacature_detail", args=[wereld.vacature.pk])
    klein = queries_voor(client, url)
    for kandidaat in KandidaatFactory.create_batch(30, klantmanager=wereld.klantmanager):
        toestemming_verlenen(kandidaat=kandidaat, doel=Toestemming.Doel.DELEN_MET_WERKGEVER,
                             werkgever=wereld.werkgever, door=wereld.klantmanager)
        voordracht_create(vacature=wereld.vacature, kandidaat=kandidaat, door=wereld.accountmanager,
                          toelichting="past")
    groot = queries_voor(client, url)
    # session, user, vacature (+werkgever...), count, page (+kandidaat, toestemming), instrumenten (prefetch),
    # vereiste and gewenste vaardigheden, regio in the header
    assert (klein, groot) == (9, 9)


def test_taken(client, wereld):
    from taken.services import taak_aanmaken

    client.force_login(wereld.klantmanager)
    url = reverse("taken")
    taak_aanmaken(voor=wereld.klantmanager, omschrijving="Eerste taak")
    klein = queries_voor(client, url)
    for i in range(30):
        taak_aanmaken(voor=wereld.klantmanager, omschrijving=f"Taak {i}")
    assert queries_voor(client, url) == klein


def test_instrumenten(client, wereld):
    from werkgevers.models import Instrument

    client.force_login(wereld.werkgever_user)
    url = reverse("instrumenten")
    klein = queries_voor(client, url)
    for i in range(20):
        Instrument.objects.create(naam=f"Regeling {i}", samenvatting="x", voorwaarden="y", voor_wie="z",
                                  aanvragen_bij="UWV")
    assert queries_voor(client, url) == klein


def test_nazorg_overzicht(client, wereld):
    from bemiddeling.models import Voordracht
    from plaatsingen.models import NazorgMoment, Plaatsing

    wereld.met_plaatsing()
    client.force_login(wereld.accountmanager)
    url = reverse("nazorg_overzicht")
    NazorgMoment.objects.update(gepland_op=timezone.now() - timedelta(hours=1))
    klein = queries_voor(client, url)
    for i in range(25):
        # Each its own (accepted) voordracht: the database allows one first plaatsing per voordracht.
        voordracht = Voordracht.objects.get(pk=wereld.plaatsing.voordracht_id)
        voordracht.pk = None
        voordracht.save()
        kopie = Plaatsing.objects.get(pk=wereld.plaatsing.pk)
        kopie.pk = None
        kopie.vorige = None
        kopie.voordracht = voordracht
        kopie.save()
        NazorgMoment.objects.create(plaatsing=kopie, soort="extra", gepland_op=timezone.now() - timedelta(hours=2))
    groot = queries_voor(client, url)
    # session, user, due moments (+plaatsing, kandidaat, werkgever), ending proefplaatsingen, counts per status,
    # count and page of plaatsingen (+kandidaat, werkgever, next moment), regio in the header
    assert klein == groot
