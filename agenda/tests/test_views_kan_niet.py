""""Ik kan niet" on an afspraak: the invited werkzoekende answers with a reason, sees her answer, can take it back;
the organiser sees who cannot and why. Nobody else can answer for her."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import WerkzoekendeUserFactory
from agenda.models import Afspraak, Deelnemer
from agenda.services import afspraak_plannen, gesprek_bijwerken
from meldingen.models import Melding
from outbox.models import Gebeurtenis
from taken.models import Taak
from werkzoekenden.tests.factories import KandidaatFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def afspraak(wereld):
    start = timezone.now() + timedelta(days=2)
    return afspraak_plannen(door=wereld.klantmanager, soort=Afspraak.Soort.KLANTMANAGERGESPREK, titel="",
                            start=start, eind=start + timedelta(hours=1), plaats="Werkplein",
                            kandidaten=[wereld.kandidaat])


def _url(naam, afspraak):
    return reverse(naam, args=[afspraak.pk])


def test_ik_kan_niet_met_reden_dan_ziet_zij_het_antwoord_en_de_klantmanager_de_reden(
        client, wereld, afspraak, django_capture_on_commit_callbacks):
    client.force_login(wereld.werkzoekende_user)
    assert _url("afspraak_kan_niet", afspraak).encode() in client.get(_url("afspraak_detail", afspraak)).content
    formulier = client.get(_url("afspraak_kan_niet", afspraak))
    assert formulier.status_code == 200 and "Waarom kun je niet?" in formulier.content.decode()
    # No reason: a Dutch message, and what she typed is still there.
    leeg = client.post(_url("afspraak_kan_niet", afspraak), {"reden": " ", "wanneer_wel": "dinsdagochtend"})
    assert leeg.status_code == 400
    assert "Schrijf kort waarom je niet kunt." in leeg.content.decode() and "dinsdagochtend" in leeg.content.decode()
    for _keer in range(2):  # a double submit
        with django_capture_on_commit_callbacks(execute=True):
            antwoord = client.post(_url("afspraak_kan_niet", afspraak),
                                   {"reden": "Ik heb een sollicitatiegesprek", "wanneer_wel": "dinsdagochtend"})
        assert antwoord.status_code == 302
    assert Gebeurtenis.objects.filter(soort="agenda.deelnemer_kan_niet").count() == 1
    assert Taak.objects.filter(toegewezen_aan=wereld.klantmanager, omschrijving__startswith="Nieuwe tijd").count() == 1
    detail = client.get(_url("afspraak_detail", afspraak)).content.decode()
    assert "Je hebt laten weten dat je niet kunt. Karin Klant stelt een nieuwe tijd voor." in detail
    assert "Ik heb een sollicitatiegesprek" in detail and _url("afspraak_kan_toch", afspraak) in detail
    assert "Je kunt niet, er komt een nieuwe tijd" in client.get(reverse("agenda")).content.decode()
    client.force_login(wereld.klantmanager)
    detail = client.get(_url("afspraak_detail", afspraak)).content.decode()
    assert "Kan niet komen" in detail and "Ik heb een sollicitatiegesprek" in detail
    assert "Kan wel: dinsdagochtend" in detail


def test_ik_kan_toch(client, wereld, afspraak):
    client.force_login(wereld.werkzoekende_user)
    client.post(_url("afspraak_kan_niet", afspraak), {"reden": "Ziek"})
    response = client.post(_url("afspraak_kan_toch", afspraak), follow=True)
    assert "Fijn dat je toch kunt." in response.content.decode()
    assert afspraak.deelnemers.get(kandidaat=wereld.kandidaat).status == Deelnemer.Status.AANGEMELD
    assert _url("afspraak_kan_niet", afspraak).encode() in response.content


def test_geannuleerd_of_begonnen_geeft_een_duidelijke_melding(client, wereld, afspraak):
    client.force_login(wereld.werkzoekende_user)
    Afspraak.objects.filter(pk=afspraak.pk).update(status=Afspraak.Status.GEANNULEERD)
    pagina = client.get(_url("afspraak_kan_niet", afspraak), follow=True)
    assert "Deze afspraak gaat niet door. Je hoeft niets te doen." in pagina.content.decode()
    assert _url("afspraak_kan_niet", afspraak).encode() not in pagina.content
    post = client.post(_url("afspraak_kan_niet", afspraak), {"reden": "Ziek", "wanneer_wel": "maandag"})
    assert post.status_code == 400 and "gaat niet door" in post.content.decode() and "maandag" in post.content.decode()
    Afspraak.objects.filter(pk=afspraak.pk).update(status=Afspraak.Status.GEPLAND,
                                                   start=timezone.now() - timedelta(minutes=1))
    pagina = client.get(_url("afspraak_kan_niet", afspraak), follow=True)
    assert "al begonnen" in pagina.content.decode()
    assert afspraak.deelnemers.get(kandidaat=wereld.kandidaat).status == Deelnemer.Status.AANGEMELD


def test_alleen_de_uitgenodigde_werkzoekende_zelf_en_niet_bij_een_groepsbijeenkomst(client, wereld, afspraak):
    andere = WerkzoekendeUserFactory(regio=wereld.werkzoekende_user.regio)
    KandidaatFactory(account=andere, klantmanager=wereld.klantmanager)
    for gebruiker in (andere, wereld.klantmanager, wereld.vreemde_klantmanager):
        client.force_login(gebruiker)
        assert client.get(_url("afspraak_kan_niet", afspraak)).status_code == 404
        assert client.post(_url("afspraak_kan_niet", afspraak), {"reden": "x"}).status_code == 404
        assert client.post(_url("afspraak_kan_toch", afspraak)).status_code == 404
    assert afspraak.deelnemers.get(kandidaat=wereld.kandidaat).status == Deelnemer.Status.AANGEMELD
    start = timezone.now() + timedelta(days=3)
    workshop = afspraak_plannen(door=wereld.klantmanager, soort=Afspraak.Soort.GROEPSBIJEENKOMST, titel="Workshop",
                                start=start, eind=start + timedelta(hours=1), plaats="Werkplein", capaciteit=5,
                                kandidaten=[wereld.kandidaat], regio=wereld.werkzoekende_user.regio)
    client.force_login(wereld.werkzoekende_user)
    assert client.get(_url("afspraak_kan_niet", workshop)).status_code == 404
    assert _url("afspraak_kan_niet", workshop).encode() not in client.get(_url("afspraak_detail", workshop)).content


def test_is_de_organisator_weg_dan_leest_zij_de_naam_van_wie_wel_een_nieuwe_tijd_voorstelt(
        client, wereld, django_capture_on_commit_callbacks):
    start = timezone.now() + timedelta(days=2)
    afspraak = afspraak_plannen(door=wereld.accountmanager, soort=Afspraak.Soort.KENNISMAKINGSBEZOEK, titel="",
                                start=start, eind=start + timedelta(hours=1), plaats="Bakkerstraat 1",
                                werkgever=wereld.werkgever, kandidaten=[wereld.kandidaat])
    wereld.accountmanager.is_active = False  # the organiser left: her klantmanager takes it over
    wereld.accountmanager.save(update_fields=["is_active"])
    client.force_login(wereld.werkzoekende_user)
    formulier = client.get(_url("afspraak_kan_niet", afspraak)).content.decode()
    assert "Karin Klant stelt daarna een nieuwe tijd voor." in formulier and "Anton Account" not in formulier
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = client.post(_url("afspraak_kan_niet", afspraak), {"reden": "Ziek"}, follow=True)
    tekst = antwoord.content.decode()
    assert "Dank je. Karin Klant weet nu dat je niet kunt en stelt een nieuwe tijd voor." in tekst
    assert "Je hebt laten weten dat je niet kunt. Karin Klant stelt een nieuwe tijd voor." in tekst
    assert "Anton Account stelt" not in tekst and "Anton Account weet" not in tekst
    assert Taak.objects.get(omschrijving__startswith="Nieuwe tijd").toegewezen_aan == wereld.klantmanager
    # Nobody left to plan it: she is not promised a name, she is told how to ask.
    wereld.klantmanager.is_active = False
    wereld.klantmanager.save(update_fields=["is_active"])
    detail = client.get(_url("afspraak_detail", afspraak)).content.decode()
    assert "Je hebt laten weten dat je niet kunt. Wil je een nieuwe tijd? Stuur dan een bericht." in detail
    assert "stelt een nieuwe tijd voor" not in detail


@pytest.fixture
def bezoek(wereld):
    """The accountmanager's kennismakingsbezoek at De Heul, with Martijn (the werkgever's contactpersoon)."""
    start = timezone.now() + timedelta(days=2)
    return afspraak_plannen(door=wereld.accountmanager, soort=Afspraak.Soort.KENNISMAKINGSBEZOEK, titel="Kennismaking",
                            start=start, eind=start + timedelta(hours=1), plaats="De Heul", werkgever=wereld.werkgever,
                            gebruikers=[wereld.werkgever_user])


def test_de_werkgever_zegt_ik_kan_niet_bij_een_bezoek_en_de_accountmanager_krijgt_taak_en_melding(
        client, wereld, bezoek, django_capture_on_commit_callbacks):
    """A werkgever could not say "Ik kan niet" for a kennismakingsbezoek (only werkzoekenden could): no button, and
    the page was a 404. Now he answers in "u", and the accountmanager who planned it proposes a new time."""
    client.force_login(wereld.werkgever_user)
    assert _url("afspraak_kan_niet", bezoek).encode() in client.get(_url("afspraak_detail", bezoek)).content
    formulier = client.get(_url("afspraak_kan_niet", bezoek))
    assert formulier.status_code == 200 and "Waarom kunt u niet?" in formulier.content.decode()
    leeg = client.post(_url("afspraak_kan_niet", bezoek), {"reden": " "})
    assert leeg.status_code == 400 and "Schrijf kort waarom u niet kunt." in leeg.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = client.post(_url("afspraak_kan_niet", bezoek), {"reden": "Ik ben op vakantie",
                                                                    "wanneer_wel": "volgende week"}, follow=True)
    assert (f"Dank u. {wereld.accountmanager.get_full_name()} weet nu dat u niet kunt en stelt een nieuwe tijd voor."
            in antwoord.content.decode())
    deelnemer = bezoek.deelnemers.get(gebruiker=wereld.werkgever_user)
    assert deelnemer.status == Deelnemer.Status.KAN_NIET and deelnemer.kan_niet_reden == "Ik ben op vakantie"
    detail = client.get(_url("afspraak_detail", bezoek)).content.decode()
    assert "U hebt laten weten dat u niet kunt." in detail and _url("afspraak_kan_toch", bezoek) in detail
    assert "U kunt niet, er komt een nieuwe tijd" in client.get(reverse("agenda")).content.decode()

    [taak] = Taak.objects.filter(sleutel__startswith=f"agenda:kan_niet:{bezoek.pk}:")
    naam = wereld.werkgever_user.get_full_name()
    assert (taak.toegewezen_aan, taak.werkgever, taak.kandidaat, taak.afgerond_op) == (
        wereld.accountmanager, wereld.werkgever, None, None)
    assert taak.omschrijving.startswith(f"Nieuwe tijd voorstellen: {naam} ({wereld.werkgever.naam}) kan niet op")
    [melding] = Melding.objects.filter(ontvanger=wereld.accountmanager, sleutel__contains=":antwoord:")
    assert f"{naam} ({wereld.werkgever.naam}) kan niet op" in melding.tekst
    client.force_login(wereld.accountmanager)
    detail = client.get(_url("afspraak_detail", bezoek)).content.decode()
    assert "Kan niet komen" in detail and "Ik ben op vakantie" in detail and "Kan wel: volgende week" in detail

    client.force_login(wereld.werkgever_user)
    with django_capture_on_commit_callbacks(execute=True):
        toch = client.post(_url("afspraak_kan_toch", bezoek), follow=True)
    assert "Fijn dat u toch kunt." in toch.content.decode()
    taak.refresh_from_db()
    assert taak.afgerond_op is not None


def test_de_werkgever_antwoordt_niet_voor_een_ander_of_bij_een_sollicitatiegesprek(client, wereld, bezoek):
    client.force_login(wereld.werkzoekende_user)
    assert client.get(_url("afspraak_kan_niet", bezoek)).status_code == 404
    client.force_login(wereld.accountmanager)
    assert client.get(_url("afspraak_kan_niet", bezoek)).status_code == 404
    # A sollicitatiegesprek he moves at the voordracht.
    wereld.met_bemiddeling()
    gesprek = gesprek_bijwerken(gesprek_id=wereld.gesprek.pk)
    client.force_login(wereld.werkgever_user)
    assert client.get(_url("afspraak_kan_niet", gesprek)).status_code == 404
    assert _url("afspraak_kan_niet", gesprek).encode() not in client.get(_url("afspraak_detail", gesprek)).content
