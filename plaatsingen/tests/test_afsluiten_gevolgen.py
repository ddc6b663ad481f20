"""A contract that ended ("Afsluiten") reached nobody: the klantmanager did not hear that her werkzoekende was out of
work again (the uitkering may start again, the plan needs her), and the werkzoekende's home still said "Je
contactpersoon en het Werkgeversservicepunt houden contact met je en de werkgever"."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import WerkzoekendeUserFactory
from meldingen.models import Melding
from plaatsingen.models import Plaatsing
from plaatsingen.services import proefplaatsing_afronden
from portaal.waar_sta_ik import reis_van
from taken.models import Taak

pytestmark = pytest.mark.django_db

HOE = "Het tijdelijke contract liep af; de werkgever had geen werk meer."


@pytest.fixture
def contract(wereld):
    """Anja's proefplaatsing became a tijdelijk contract; she has an account of her own."""
    wereld.met_plaatsing()
    wereld.kandidaat2.account = WerkzoekendeUserFactory(voornaam="Anja", achternaam="Roest")
    wereld.kandidaat2.save(update_fields=["account"])
    return proefplaatsing_afronden(plaatsing=wereld.plaatsing, door=wereld.accountmanager, besluit="contract",
                                   contractsoort="tijdelijk", startdatum=wereld.plaatsing.einddatum,
                                   einddatum=wereld.plaatsing.einddatum + timedelta(days=180))


def test_a_closed_contract_reaches_the_klantmanager_and_the_werknemer(client, wereld, contract,
                                                                       django_capture_on_commit_callbacks):
    client.force_login(wereld.accountmanager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("plaatsing_afsluiten", args=[contract.pk]), {"toelichting": HOE})
    assert response.status_code == 302
    contract.refresh_from_db()
    assert contract.status == Plaatsing.Status.AFGEROND

    [taak] = Taak.objects.filter(toegewezen_aan=wereld.klantmanager, sleutel=f"afgesloten:{contract.pk}")
    assert taak.kandidaat_id == wereld.kandidaat2.pk and taak.afgerond_op is None
    assert taak.omschrijving == (f"Het contract van Anja Roest bij De Heul Installatietechniek is afgesloten: {HOE} "
                                 "Neem contact op: werkt Anja Roest verder, of is er weer hulp of een uitkering nodig?")
    [melding] = Melding.objects.filter(ontvanger=wereld.klantmanager, sleutel__startswith="afgesloten:")
    assert melding.tekst == "Het contract van Anja Roest bij De Heul Installatietechniek is afgesloten."
    assert not Melding.objects.filter(ontvanger=wereld.accountmanager, sleutel__startswith="afgesloten:").exists()
    [voor_haar] = Melding.objects.filter(ontvanger=wereld.kandidaat2.account, sleutel__startswith="afgesloten:")
    assert voor_haar.tekst == ("Je contract bij De Heul Installatietechniek is afgesloten. Karin Klant, je "
                               "contactpersoon, neemt contact met je op over hoe het verder gaat.")


def test_her_home_says_the_contract_ended_and_who_she_talks_to_next(client, wereld, contract):
    from plaatsingen.services import plaatsing_afsluiten

    plaatsing_afsluiten(plaatsing=contract, door=wereld.accountmanager, toelichting=HOE)
    reis = reis_van(wereld.kandidaat2)
    assert reis.volgende == "Je contract is afgelopen. Je contactpersoon bespreekt met je hoe het verder gaat."
    assert "houden contact met je en de werkgever" not in reis.volgende


def test_a_new_gesprek_after_the_contract_ended_comes_first_on_her_home(wereld, contract):
    from bemiddeling.services import gesprek_plannen, voordracht_create, voordracht_reageren
    from plaatsingen.services import plaatsing_afsluiten
    from werkgevers.tests.factories import VacatureFactory

    plaatsing_afsluiten(plaatsing=contract, door=wereld.accountmanager, toelichting=HOE)
    nieuw = voordracht_create(vacature=VacatureFactory(werkgever=wereld.werkgever, titel="Servicemonteur"),
                              kandidaat=wereld.kandidaat2, door=wereld.accountmanager, toelichting="Weer beschikbaar")
    voordracht_reageren(voordracht=nieuw, door=wereld.werkgever_user, uitnodigen=True)
    gesprek_plannen(voordracht=nieuw, door=wereld.accountmanager, begint_op=timezone.now() + timedelta(days=2),
                    locatie="Arnhem", begeleider_gaat_mee=False)
    reis = reis_van(wereld.kandidaat2)
    assert "Bereid je voor op je sollicitatiegesprek" in reis.volgende and reis.gesprek_id is not None



@pytest.mark.parametrize("aantal", [4, 0])
def test_work_that_starts_asks_the_klantmanager_to_look_at_the_sollicitatieplicht(wereld, met_commit, aantal):
    """A WW werkzoekende who started working kept her sollicitatieplicht of 4 per 4 weeks, with its reminders, and
    nothing asked the klantmanager to set maatwerk or a vrijstelling. Already at 0 (vrijstelling): nothing to ask."""
    from sollicitaties.services import plicht_instellen

    wereld.met_plaatsing()
    plicht_instellen(kandidaat=wereld.kandidaat2, door=wereld.klantmanager, aantal=aantal,
                     startdatum=timezone.localdate() - timedelta(days=10), reden="" if aantal else "Werkt al")
    contract = met_commit(proefplaatsing_afronden, plaatsing=wereld.plaatsing, door=wereld.accountmanager,
                          besluit="contract", contractsoort="tijdelijk", startdatum=wereld.plaatsing.einddatum,
                          einddatum=wereld.plaatsing.einddatum + timedelta(days=180))
    taken = list(Taak.objects.filter(toegewezen_aan=wereld.klantmanager, sleutel=f"plicht_werk:{contract.pk}"))
    if not aantal:
        assert taken == []
        return
    [taak] = taken
    assert taak.kandidaat_id == wereld.kandidaat2.pk
    assert "sollicitatieplicht" in taak.omschrijving and "Anja Roest" in taak.omschrijving
    assert f"{contract.uren_per_week} uur per week" in taak.omschrijving


def test_a_werkervaringsplaats_that_ends_is_not_called_a_contract(client, wereld, django_capture_on_commit_callbacks):
    from plaatsingen.tests.factories import PlaatsingFactory

    wereld.met_plaatsing()
    wereld.kandidaat2.account = WerkzoekendeUserFactory(voornaam="Anja", achternaam="Roest")
    wereld.kandidaat2.save(update_fields=["account"])
    contract = PlaatsingFactory(voordracht__kandidaat=wereld.kandidaat2,
                                voordracht__vacature__werkgever=wereld.werkgever,
                                soort=Plaatsing.Soort.WERKERVARING, lopend=True)
    client.force_login(wereld.accountmanager)
    url = reverse("plaatsing_afsluiten", args=[contract.pk])
    assert "De werkervaringsplaats is afgelopen." in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"toelichting": "Het jaar is om."})
    [taak] = Taak.objects.filter(toegewezen_aan=wereld.klantmanager, sleutel=f"afgesloten:{contract.pk}")
    assert taak.omschrijving.startswith("De werkervaringsplaats van Anja Roest bij De Heul Installatietechniek is")
    [voor_haar] = Melding.objects.filter(ontvanger=wereld.kandidaat2.account, sleutel__startswith="afgesloten:")
    assert voor_haar.tekst.startswith("Je werkervaringsplaats bij De Heul Installatietechniek is afgesloten.")
    assert "contract" not in " ".join(Melding.objects.filter(sleutel__startswith="afgesloten:").values_list(
        "tekst", flat=True))
