"""A colleague leaves or changes role or organisation (``accounts.services.gebruiker_opslaan``): her open tasks that
no handover took along go to a coordinator (``taken.reacties.taken_na_vertrek``), not to nobody."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.services import GEBRUIKER_GEWIJZIGD, gebruiker_opslaan
from accounts.tests.factories import (
    AccountmanagerFactory,
    BeheerderFactory,
    KlantmanagerFactory,
    OrganisatieFactory,
    regio,
)
from outbox.models import Gebeurtenis
from taken.models import Taak
from taken.reacties import taken_na_vertrek
from taken.selectors import open_taken
from taken.services import taak_aanmaken, taak_afronden
from werkzoekenden.tests.factories import KandidaatFactory, RechtenverzoekFactory

pytestmark = pytest.mark.django_db


def _pieter(wereld):
    km = wereld.klantmanager
    return KlantmanagerFactory(organisatie=km.organisatie, regio=km.regio, voornaam="Pieter", achternaam="Plas")


def test_the_open_tasks_of_who_left_go_to_the_coordinator_of_her_organisation(wereld, met_commit):
    """Pieter's caseload was handed over, but the call to the gemeente he still had to make was his alone: with his
    waarneming ended when he left, nobody saw it. Now the coordinator of his team has it, and reads from whom."""
    pieter = _pieter(wereld)
    coordinator = KlantmanagerFactory(organisatie=pieter.organisatie, regio=pieter.regio, is_coordinator=True)
    KlantmanagerFactory(organisatie=OrganisatieFactory(regio=pieter.regio), regio=pieter.regio, is_coordinator=True)
    bellen = taak_aanmaken(voor=pieter, omschrijving="Bel de gemeente over de regeling van Oost.")
    klaar = taak_afronden(taak=taak_aanmaken(voor=pieter, omschrijving="Al gedaan."), door=pieter)
    pieter.is_active = False
    met_commit(gebruiker_opslaan, gebruiker=pieter, door=wereld.beheerder)

    bellen.refresh_from_db()
    assert bellen.toegewezen_aan == coordinator and bellen.afgerond_op is None
    assert bellen.omschrijving == "Van Pieter Plas, die vertrok: Bel de gemeente over de regeling van Oost."
    assert list(open_taken([coordinator.pk])) == [bellen]
    assert Taak.objects.get(pk=klaar.pk).toegewezen_aan == pieter  # what is done stays his history

    # Switched on again: nothing moves back or on.
    pieter.is_active = True
    met_commit(gebruiker_opslaan, gebruiker=pieter, door=wereld.beheerder)
    assert Taak.objects.get(pk=bellen.pk).toegewezen_aan == coordinator


def test_without_a_coordinator_a_beheerder_gets_the_tasks_of_who_moved(wereld, met_commit):
    """An accountmanager who moves to another organisation: no coordinator anywhere, so the beheerder."""
    am = AccountmanagerFactory(regio=wereld.klantmanager.regio, voornaam="Anouk", achternaam="Aa")
    taak = taak_aanmaken(voor=am, omschrijving="Stuur de folder naar de brancheclub.")
    am.organisatie = OrganisatieFactory(regio=am.regio)
    met_commit(gebruiker_opslaan, gebruiker=am, door=wereld.beheerder)

    taak.refresh_from_db()
    assert taak.toegewezen_aan == wereld.beheerder
    assert taak.omschrijving == ("Van Anouk Aa, die nu een andere functie of organisatie heeft: Stuur de folder naar "
                                 "de brancheclub.")


def test_without_a_coordinator_of_her_organisation_no_task_crosses_to_another(wereld, met_commit):
    """Pieter's gemeente has no coordinator; the UWV in his region has one. A task naming a werkzoekende must not go
    to the UWV: it goes to the werkzoekende's own vaste klantmanager, or stays where it is when she has none; only a
    task that names nobody goes to the beheerder."""
    pieter = _pieter(wereld)
    uwv = KlantmanagerFactory(organisatie=OrganisatieFactory(regio=pieter.regio), regio=pieter.regio,
                              is_coordinator=True)
    karin = wereld.klantmanager
    kandidaat = KandidaatFactory(klantmanager=karin, voornaam="Fatima", achternaam="Bakker")
    zonder_klantmanager = KandidaatFactory(klantmanager=None)
    over_fatima = taak_aanmaken(voor=pieter, omschrijving="Bel Fatima Bakker terug.", kandidaat=kandidaat)
    over_niemand = taak_aanmaken(voor=pieter, omschrijving="Bel de gemeente.")
    blijft = taak_aanmaken(voor=pieter, omschrijving="Bel haar terug.", kandidaat=zonder_klantmanager)
    pieter.is_active = False
    met_commit(gebruiker_opslaan, gebruiker=pieter, door=wereld.beheerder)

    assert not Taak.objects.filter(toegewezen_aan=uwv).exists()
    assert Taak.objects.get(pk=over_fatima.pk).toegewezen_aan == karin
    assert Taak.objects.get(pk=over_niemand.pk).toegewezen_aan == wereld.beheerder
    assert Taak.objects.get(pk=blijft.pk).toegewezen_aan == pieter


def test_she_moved_to_another_organisation_her_tasks_go_to_a_coordinator_of_the_old_one(wereld, met_commit):
    """No klantmanager-coordinator in his old gemeente, but an accountmanager-coordinator there: she takes them,
    not the klantmanager-coordinator of his new organisation."""
    pieter = _pieter(wereld)
    oud = AccountmanagerFactory(organisatie=pieter.organisatie, regio=pieter.regio, is_coordinator=True)
    nieuw = OrganisatieFactory(regio=pieter.regio)
    KlantmanagerFactory(organisatie=nieuw, regio=pieter.regio, is_coordinator=True)
    taak = taak_aanmaken(voor=pieter, omschrijving="Bel Fatima.", kandidaat=KandidaatFactory(klantmanager=pieter))
    pieter.organisatie = nieuw
    met_commit(gebruiker_opslaan, gebruiker=pieter, door=wereld.beheerder)
    assert Taak.objects.get(pk=taak.pk).toegewezen_aan == oud


def _gebeurtenis():
    return Gebeurtenis.objects.filter(soort=GEBRUIKER_GEWIJZIGD).latest("pk")


def test_a_late_retry_moves_nothing_when_she_is_back_as_she_was(wereld):
    """Switched off by mistake and on again before the outbox got to the event: her tasks stay hers."""
    pieter = _pieter(wereld)
    KlantmanagerFactory(organisatie=pieter.organisatie, regio=pieter.regio, is_coordinator=True)
    taak = taak_aanmaken(voor=pieter, omschrijving="Bel de gemeente.")
    pieter.is_active = False
    gebruiker_opslaan(gebruiker=pieter, door=wereld.beheerder)  # its reactions wait for a commit: not yet run
    gebeurtenis = _gebeurtenis()
    pieter.is_active = True
    gebruiker_opslaan(gebruiker=pieter, door=wereld.beheerder)

    taken_na_vertrek(gebeurtenis)
    assert Taak.objects.get(pk=taak.pk).toegewezen_aan == pieter
    assert Taak.objects.get(pk=taak.pk).omschrijving == "Bel de gemeente."


def test_a_late_retry_moves_only_what_she_had_and_says_what_happened_then(wereld):
    """He left; switched on again in another organisation before the retry, he got a new task there. Only the task
    he had when he left moves, and it says he left (what the event says), not what he is now."""
    pieter = _pieter(wereld)
    coordinator = KlantmanagerFactory(organisatie=pieter.organisatie, regio=pieter.regio, is_coordinator=True)
    oud = taak_aanmaken(voor=pieter, omschrijving="Bel de gemeente.")
    pieter.is_active = False
    gebruiker_opslaan(gebruiker=pieter, door=wereld.beheerder)
    gebeurtenis = _gebeurtenis()
    pieter.is_active, pieter.organisatie = True, OrganisatieFactory(regio=pieter.regio)
    gebruiker_opslaan(gebruiker=pieter, door=wereld.beheerder)
    nieuw = taak_aanmaken(voor=pieter, omschrijving="Welkom: lees het werkproces.")
    Taak.objects.filter(pk=nieuw.pk).update(aangemaakt_op=gebeurtenis.aangemaakt_op + timedelta(minutes=5))

    taken_na_vertrek(gebeurtenis)
    oud.refresh_from_db()
    assert oud.toegewezen_aan == coordinator
    assert oud.omschrijving == "Van Pieter Plas, die vertrok: Bel de gemeente."
    assert Taak.objects.get(pk=nieuw.pk).toegewezen_aan == pieter


def test_a_coordinator_who_loses_the_flag_hands_on_what_only_a_coordinator_can_do(client, wereld, met_commit):
    """The user admin can take the WSP-coördinator flag away. Cora's escalated AVG request (a werkzoekende without a
    klantmanager, past its legal month) opens only to a coordinator with the task: left with her it was 404 to her and
    seen by nobody. It goes to Olga, the other coordinator of her gemeente; where Olga has the same escalation
    already, Cora's is closed. A slowed colleague's check goes along too; her own work stays hers."""
    from werkzoekenden.tests.factories import RechtenverzoekFactory

    km = wereld.klantmanager
    cora = KlantmanagerFactory(organisatie=km.organisatie, regio=km.regio, is_coordinator=True, voornaam="Cora",
                               achternaam="Kok")
    olga = KlantmanagerFactory(organisatie=km.organisatie, regio=km.regio, is_coordinator=True)
    KlantmanagerFactory(organisatie=OrganisatieFactory(regio=km.regio), regio=km.regio, is_coordinator=True)
    te_laat = RechtenverzoekFactory(kandidaat=KandidaatFactory(regio=km.regio, klantmanager=km))  # of the gemeente
    ook_bij_olga = RechtenverzoekFactory(kandidaat=KandidaatFactory(regio=km.regio, klantmanager=None))
    escalatie = Taak.objects.create(toegewezen_aan=cora, omschrijving="Te laat: het verzoek van A.",
                                    rechtenverzoek=te_laat, kandidaat=te_laat.kandidaat,
                                    sleutel=f"rechtenverzoek:{te_laat.pk}:escalatie:{cora.pk}")
    dubbel = [Taak.objects.create(toegewezen_aan=wie, omschrijving="Te laat: het verzoek van B.",
                                  rechtenverzoek=ook_bij_olga, kandidaat=ook_bij_olga.kandidaat,
                                  sleutel=f"rechtenverzoek:{ook_bij_olga.pk}:escalatie:{wie.pk}")
              for wie in (cora, olga)]
    bulkrem = Taak.objects.create(toegewezen_aan=cora, omschrijving="Bel na of het klopt.",
                                  sleutel=f"bulkrem:{km.pk}:dossiers:1:{cora.pk}")
    eigen = taak_aanmaken(voor=cora, omschrijving="Bel Fatima.", kandidaat=KandidaatFactory(klantmanager=cora))
    url = reverse("rechtenverzoek", args=[te_laat.pk])
    client.force_login(cora)
    assert client.get(url).status_code == 200

    cora.is_coordinator = False
    met_commit(gebruiker_opslaan, gebruiker=cora, door=wereld.beheerder)

    escalatie.refresh_from_db()
    assert escalatie.toegewezen_aan == olga and escalatie.afgerond_op is None
    assert escalatie.omschrijving == "Van Cora Kok, die geen coördinator meer is: Te laat: het verzoek van A."
    client.force_login(olga)
    assert client.get(url).status_code == 200
    assert Taak.objects.get(pk=dubbel[0].pk).afgerond_op is not None  # Olga has it already: once on her list
    assert Taak.objects.get(pk=dubbel[1].pk).afgerond_op is None
    assert Taak.objects.get(pk=bulkrem.pk).toegewezen_aan == olga
    assert Taak.objects.get(pk=eigen.pk).toegewezen_aan == cora
    assert list(open_taken([cora.pk])) == [Taak.objects.get(pk=eigen.pk)]


def test_without_another_coordinator_of_her_organisation_one_of_her_region_takes_them(wereld, met_commit):
    """The rechtenverzoek opens only to a klantmanager: the accountmanager-coordinator of her own gemeente cannot take
    it, the klantmanager-coordinator of the UWV in her region can."""
    from werkzoekenden.tests.factories import RechtenverzoekFactory

    km = wereld.klantmanager
    cora = KlantmanagerFactory(organisatie=km.organisatie, regio=km.regio, is_coordinator=True)
    AccountmanagerFactory(organisatie=km.organisatie, regio=km.regio, is_coordinator=True)
    uwv = KlantmanagerFactory(organisatie=OrganisatieFactory(regio=km.regio), regio=km.regio, is_coordinator=True)
    verzoek = RechtenverzoekFactory(kandidaat=KandidaatFactory(regio=km.regio, klantmanager=None))
    taak = Taak.objects.create(toegewezen_aan=cora, omschrijving="Te laat.", rechtenverzoek=verzoek,
                               kandidaat=verzoek.kandidaat)
    cora.is_coordinator = False
    met_commit(gebruiker_opslaan, gebruiker=cora, door=wereld.beheerder)
    assert Taak.objects.get(pk=taak.pk).toegewezen_aan == uwv


def _escalatie(cora, regio, klantmanager=None):
    verzoek = RechtenverzoekFactory(kandidaat=KandidaatFactory(regio=regio, klantmanager=klantmanager))
    return verzoek, Taak.objects.create(toegewezen_aan=cora, omschrijving="Te laat.", rechtenverzoek=verzoek,
                                        kandidaat=verzoek.kandidaat,
                                        sleutel=f"rechtenverzoek:{verzoek.pk}:escalatie:{cora.pk}")


def _kan_openen(client, wie, verzoek):
    client.force_login(wie)
    return client.get(reverse("rechtenverzoek", args=[verzoek.pk])).status_code == 200


def test_a_late_flag_reaction_after_she_moved_never_hands_the_request_to_her_new_organisation(client, wereld):
    """Her flag went (E1), then she moved to another region's organisation (E2) before E1's reaction ran. The
    request is about a werkzoekende of her old region: it goes to the klantmanager-coordinator there, whichever
    reaction runs first, never to the coordinator of her new organisation (who could then open it)."""
    km = wereld.klantmanager
    cora = KlantmanagerFactory(organisatie=km.organisatie, regio=km.regio, is_coordinator=True)
    uwv = KlantmanagerFactory(organisatie=OrganisatieFactory(regio=km.regio), regio=km.regio, is_coordinator=True)
    nieuw = OrganisatieFactory(regio=regio("AM29"))
    bea = KlantmanagerFactory(organisatie=nieuw, regio=nieuw.regio, is_coordinator=True)
    verzoek, taak = _escalatie(cora, km.regio)
    cora.is_coordinator = False
    gebruiker_opslaan(cora, door=wereld.beheerder)
    e1 = Gebeurtenis.objects.filter(soort=GEBRUIKER_GEWIJZIGD).latest("pk")
    cora.organisatie, cora.regio = nieuw, nieuw.regio
    gebruiker_opslaan(cora, door=wereld.beheerder)
    e2 = Gebeurtenis.objects.filter(soort=GEBRUIKER_GEWIJZIGD).latest("pk")
    taken_na_vertrek(e2)
    taken_na_vertrek(e1)  # retried after a transient error
    taak.refresh_from_db()
    assert taak.toegewezen_aan == uwv
    assert _kan_openen(client, uwv, verzoek) and not _kan_openen(client, bea, verzoek)


def test_a_late_flag_reaction_run_first_after_she_moved_picks_from_the_request_not_from_her(wereld):
    km = wereld.klantmanager
    cora = KlantmanagerFactory(organisatie=km.organisatie, regio=km.regio, is_coordinator=True)
    uwv = KlantmanagerFactory(organisatie=OrganisatieFactory(regio=km.regio), regio=km.regio, is_coordinator=True)
    nieuw = OrganisatieFactory(regio=regio("AM29"))
    KlantmanagerFactory(organisatie=nieuw, regio=nieuw.regio, is_coordinator=True)
    _verzoek, taak = _escalatie(cora, km.regio)
    cora.is_coordinator = False
    gebruiker_opslaan(cora, door=wereld.beheerder)
    e1 = Gebeurtenis.objects.filter(soort=GEBRUIKER_GEWIJZIGD).latest("pk")
    cora.organisatie, cora.regio = nieuw, nieuw.regio
    gebruiker_opslaan(cora, door=wereld.beheerder)
    taken_na_vertrek(e1)
    assert Taak.objects.get(pk=taak.pk).toegewezen_aan == uwv


def test_flag_taken_and_moved_in_one_save_the_request_goes_to_a_klantmanager_coordinator_of_the_region(
        client, wereld, met_commit):
    """She was the only coordinator of her gemeente; the UWV of the region has a klantmanager-coordinator. Flag and
    organisation changed in one save: the request went nowhere (404 to her, seen by nobody); now the UWV's."""
    km = wereld.klantmanager
    cora = KlantmanagerFactory(organisatie=km.organisatie, regio=km.regio, is_coordinator=True)
    uwv = KlantmanagerFactory(organisatie=OrganisatieFactory(regio=km.regio), regio=km.regio, is_coordinator=True)
    verzoek, taak = _escalatie(cora, km.regio)
    cora.is_coordinator = False
    cora.organisatie = OrganisatieFactory(regio=km.regio)
    met_commit(gebruiker_opslaan, gebruiker=cora, door=wereld.beheerder)
    taak.refresh_from_db()
    assert taak.toegewezen_aan == uwv and _kan_openen(client, uwv, verzoek)


def test_a_coordinator_who_leaves_hands_the_request_to_a_klantmanager_coordinator_not_any_coordinator(
        client, wereld, met_commit):
    """Her gemeente has an accountmanager-coordinator, the region a klantmanager-coordinator: the request opens only
    to a klantmanager, so the accountmanager got a task she could not open."""
    km = wereld.klantmanager
    cora = KlantmanagerFactory(organisatie=km.organisatie, regio=km.regio, is_coordinator=True)
    AccountmanagerFactory(organisatie=km.organisatie, regio=km.regio, is_coordinator=True)
    uwv = KlantmanagerFactory(organisatie=OrganisatieFactory(regio=km.regio), regio=km.regio, is_coordinator=True)
    verzoek, taak = _escalatie(cora, km.regio)
    cora.is_active = False
    met_commit(gebruiker_opslaan, gebruiker=cora, door=wereld.beheerder)
    taak.refresh_from_db()
    assert taak.toegewezen_aan == uwv and _kan_openen(client, uwv, verzoek)
    assert taak.omschrijving.startswith(f"Van {cora.get_full_name()}, die vertrok: ")


def test_with_no_klantmanager_coordinator_at_all_a_beheerder_of_the_region_is_asked_to_appoint_one(
        client, wereld, met_commit):
    """Nobody may open the request: rather than stay with her (404 to her, seen by nobody), it goes to a beheerder of
    the werkzoekende's region, who reads what to do. Made a coordinator, a klantmanager of the region gets it."""
    km = wereld.klantmanager
    BeheerderFactory(voornaam="Aad", achternaam="Aalders", regio=regio("AM29"))  # first by name, another region
    hier = BeheerderFactory(voornaam="Ab", achternaam="Abbing", regio=km.regio)
    cora = KlantmanagerFactory(organisatie=km.organisatie, regio=km.regio, is_coordinator=True, voornaam="Cora",
                               achternaam="Kok")
    verzoek, taak = _escalatie(cora, km.regio)
    cora.is_active = False
    met_commit(gebruiker_opslaan, gebruiker=cora, door=wereld.beheerder)
    taak.refresh_from_db()
    assert taak.toegewezen_aan == hier
    assert taak.omschrijving == (
        "Geen klantmanager-coördinator om dit AVG-verzoek af te handelen: maak in het gebruikersbeheer een "
        "klantmanager van de regio WSP-coördinator; zij krijgt deze taak dan. Van Cora Kok, die vertrok: Te laat.")
    km.is_coordinator = True
    met_commit(gebruiker_opslaan, gebruiker=km, door=wereld.beheerder)
    taak.refresh_from_db()
    assert taak.toegewezen_aan == km and taak.omschrijving == "Van Cora Kok, die vertrok: Te laat."
    assert _kan_openen(client, km, verzoek)


def test_handing_on_coordinator_tasks_takes_the_same_queries_however_many_she_has(wereld):
    """Flag taken: the reaction asks the same number of queries for 4 tasks as for 8 (escalations and slowed
    colleagues' checks), and a check goes to a coordinator of the slowed colleague's organisation."""
    km = wereld.klantmanager
    uwv = OrganisatieFactory(regio=km.regio)
    KlantmanagerFactory(organisatie=uwv, regio=km.regio, is_coordinator=True)
    am_coordinator = AccountmanagerFactory(organisatie=wereld.accountmanager.organisatie,
                                           regio=wereld.accountmanager.regio, is_coordinator=True)
    tellingen = []
    for aantal in (2, 4):
        cora = KlantmanagerFactory(organisatie=km.organisatie, regio=km.regio, is_coordinator=True)
        for i in range(aantal):
            _escalatie(cora, km.regio)
            Taak.objects.create(toegewezen_aan=cora, omschrijving="Bel na.",
                                sleutel=f"bulkrem:{wereld.accountmanager.pk}:dossiers:{i}:{cora.pk}")
        cora.is_coordinator = False
        gebruiker_opslaan(cora, door=wereld.beheerder)
        with CaptureQueriesContext(connection) as q:
            taken_na_vertrek(Gebeurtenis.objects.filter(soort=GEBRUIKER_GEWIJZIGD).latest("pk"))
        tellingen.append(len(q))
        assert not Taak.objects.filter(toegewezen_aan=cora, afgerond_op__isnull=True).exists()
        assert Taak.objects.filter(toegewezen_aan=am_coordinator, sleutel__endswith=f":{cora.pk}").count() == aantal
    # Her, her tasks (locked), the slowed colleagues, the coordinators (locked), who has them already, the moves
    # (one per receiver).
    assert tellingen[0] == tellingen[1], tellingen
