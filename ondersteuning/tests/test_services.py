from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.tests.factories import KlantmanagerFactory, gemeente, regio
from agenda.models import Afspraak, Deelnemer
from agenda.services import aanmelden
from meldingen.models import Melding
from ondersteuning import services
from ondersteuning.models import Aanvraag, Traject
from ondersteuning.reacties import taak_sleutel
from ondersteuning.tests.factories import AanvraagFactory, StartmomentFactory, TrajectFactory
from outbox.models import Gebeurtenis
from taken.models import Taak
from werkzoekenden.models import Actie, Levensdomein
from werkzoekenden.services import dossier_afsluiten
from werkzoekenden.tests.factories import KandidaatFactory

pytestmark = pytest.mark.django_db


def test_asking_to_join_records_the_event_and_gives_the_klantmanager_a_task_and_a_melding(wereld, met_commit):
    start = StartmomentFactory(capaciteit=12)
    aanvraag = met_commit(services.aanvraag_indienen, kandidaat=wereld.kandidaat, door=wereld.werkzoekende_user,
                          traject=start.traject, startmoment=start, motivatie="  Ik wil de bouw in.  ")
    assert aanvraag.status == Aanvraag.Status.INGEDIEND and aanvraag.motivatie == "Ik wil de bouw in."
    assert Gebeurtenis.objects.get(soort=services.AANVRAAG_INGEDIEND).gegevens["aanvraag_id"] == aanvraag.pk
    taak = Taak.objects.get(sleutel=taak_sleutel(aanvraag.pk))
    assert taak.toegewezen_aan == wereld.klantmanager and taak.uiterlijk > timezone.localdate()
    assert "Willem" not in taak.omschrijving  # the task list names no one (the melding does)
    melding = Melding.objects.get(ontvanger=wereld.klantmanager)
    assert "Willem van de Vecht" in melding.tekst and f"/ondersteuning/aanvragen/{aanvraag.pk}/" == melding.url


def test_asking_twice_for_the_same_traject_is_refused(wereld):
    traject = TrajectFactory()
    services.aanvraag_indienen(kandidaat=wereld.kandidaat, door=wereld.werkzoekende_user, traject=traject)
    with pytest.raises(ValidationError, match="al gevraagd"):
        services.aanvraag_indienen(kandidaat=wereld.kandidaat, door=wereld.werkzoekende_user, traject=traject)
    assert Aanvraag.objects.count() == 1


def test_a_full_or_started_startmoment_takes_no_more_requests(wereld):
    start = StartmomentFactory(capaciteit=1)
    AanvraagFactory(traject=start.traject, startmoment=start)
    with pytest.raises(ValidationError, match="vol"):
        services.aanvraag_indienen(kandidaat=wereld.kandidaat, door=wereld.werkzoekende_user,
                                   traject=start.traject, startmoment=start)
    # A declined request frees its place.
    Aanvraag.objects.update(status=Aanvraag.Status.AFGEWEZEN, reden="Past nu niet")
    services.aanvraag_indienen(kandidaat=wereld.kandidaat, door=wereld.werkzoekende_user, traject=start.traject,
                               startmoment=start)
    begonnen = StartmomentFactory(start=timezone.now() - timedelta(hours=1))
    with pytest.raises(ValidationError, match="al begonnen"):
        services.aanvraag_indienen(kandidaat=wereld.kandidaat, door=wereld.werkzoekende_user,
                                   traject=begonnen.traject, startmoment=begonnen)


def test_a_traject_with_dates_needs_a_chosen_start_and_an_archived_one_none(wereld):
    start = StartmomentFactory()
    with pytest.raises(ValidationError, match="wanneer"):
        services.aanvraag_indienen(kandidaat=wereld.kandidaat, door=wereld.werkzoekende_user, traject=start.traject)
    gearchiveerd = TrajectFactory(gearchiveerd_op=timezone.now())
    with pytest.raises(ValidationError, match="niet meer"):
        services.aanvraag_indienen(kandidaat=wereld.kandidaat, door=wereld.werkzoekende_user, traject=gearchiveerd)


def test_approval_becomes_an_action_of_the_aanbieder_in_the_plan(wereld, met_commit):
    start = StartmomentFactory(traject__aanbieder="Bouwmensen Arnhem")
    aanvraag = met_commit(services.aanvraag_indienen, kandidaat=wereld.kandidaat, door=wereld.werkzoekende_user,
                          traject=start.traject, startmoment=start)
    met_commit(services.aanvraag_beoordelen, aanvraag=aanvraag, door=wereld.klantmanager, goedkeuren=True)
    aanvraag.refresh_from_db()
    actie = aanvraag.actie
    assert aanvraag.status == Aanvraag.Status.GOEDGEKEURD and aanvraag.beoordeeld_door == wereld.klantmanager
    assert actie.plan.kandidaat == wereld.kandidaat
    assert (actie.eigenaar, actie.derde_partij) == (Actie.Eigenaar.DERDE, "Bouwmensen Arnhem")
    assert actie.levensdomein == Levensdomein.SCHOLING
    assert actie.uiterlijk == timezone.localtime(start.start).date()
    assert start.traject.titel in actie.omschrijving
    assert Taak.objects.get(sleutel=taak_sleutel(aanvraag.pk)).afgerond_op is not None
    willem = list(Melding.objects.filter(ontvanger=wereld.werkzoekende_user).values_list("tekst", flat=True))
    assert len(willem) == 1 and "zei ja" in willem[0]  # not also "je plan is aangepast" for the same change
    with pytest.raises(ValidationError, match="al besloten"):
        services.aanvraag_beoordelen(aanvraag=aanvraag, door=wereld.klantmanager, goedkeuren=False, reden="Toch niet")


def test_declining_needs_a_reason_which_the_werkzoekende_reads(wereld, met_commit):
    aanvraag = AanvraagFactory(kandidaat=wereld.kandidaat)
    with pytest.raises(ValidationError):
        services.aanvraag_beoordelen(aanvraag=aanvraag, door=wereld.klantmanager, goedkeuren=False, reden="  ")
    met_commit(services.aanvraag_beoordelen, aanvraag=aanvraag, door=wereld.klantmanager, goedkeuren=False,
               reden="Eerst je taalcursus afmaken.")
    aanvraag.refresh_from_db()
    assert aanvraag.status == Aanvraag.Status.AFGEWEZEN and aanvraag.actie is None
    assert aanvraag.reden == "Eerst je taalcursus afmaken."
    assert not Actie.objects.exists()
    assert Melding.objects.filter(ontvanger=wereld.werkzoekende_user, tekst__contains="zei nee").exists()


def test_a_colleague_covering_decides_and_the_vaste_klantmanager_hears_it(wereld, met_commit):
    collega = KlantmanagerFactory(organisatie=wereld.klantmanager.organisatie)
    wereld.klantmanager.waarnemer = collega
    wereld.klantmanager.save()
    aanvraag = AanvraagFactory(kandidaat=wereld.kandidaat)
    met_commit(services.aanvraag_beoordelen, aanvraag=aanvraag, door=collega, goedkeuren=True)
    assert Melding.objects.filter(ontvanger=wereld.klantmanager, tekst__contains="collega").exists()


def test_a_groepsbijeenkomst_start_is_planned_in_the_agenda_for_the_region(wereld):
    traject = TrajectFactory(groep=True)
    start = timezone.now() + timedelta(days=7)
    moment = services.startmoment_toevoegen(traject=traject, door=wereld.klantmanager, start=start,
                                            eind=start + timedelta(hours=2), capaciteit=8)
    afspraak = moment.afspraak
    assert afspraak.soort == Afspraak.Soort.GROEPSBIJEENKOMST
    assert (afspraak.capaciteit, afspraak.regio, afspraak.titel) == (8, traject.regio, traject.titel)
    with pytest.raises(ValidationError) as fout:
        services.startmoment_toevoegen(traject=traject, door=wereld.klantmanager, start=start, capaciteit=None)
    assert set(fout.value.message_dict) == {"capaciteit", "eindtijd"}


@pytest.mark.parametrize("aanbieder, plaats, in_de_agenda", [
    ("Werkplein Arnhem", "Werkplein Arnhem, zaal 2", "Werkplein Arnhem, zaal 2"),  # was "Werkplein Arnhem, Werkplein.."
    ("Werkplein Arnhem", "werkplein arnhem", "werkplein arnhem"),
    ("Stichting Taal", "Wijkcentrum De Brug, Arnhem", "Stichting Taal, Wijkcentrum De Brug, Arnhem"),
])
def test_the_agenda_names_the_aanbieder_of_a_session_once(wereld, aanbieder, plaats, in_de_agenda):
    traject = TrajectFactory(groep=True, aanbieder=aanbieder, plaats=plaats)
    start = timezone.now() + timedelta(days=7)
    moment = services.startmoment_toevoegen(traject=traject, door=wereld.klantmanager, start=start,
                                            eind=start + timedelta(hours=2), capaciteit=8)
    assert moment.afspraak.plaats == in_de_agenda


def test_groepsbijeenkomst_sign_up_goes_through_the_agenda_with_a_waiting_list(wereld):
    traject = TrajectFactory(groep=True)
    start = timezone.now() + timedelta(days=7)
    moment = services.startmoment_toevoegen(traject=traject, door=wereld.klantmanager, start=start,
                                            eind=start + timedelta(hours=2), capaciteit=1)
    eerste = aanmelden(afspraak=moment.afspraak, door=wereld.werkzoekende_user, kandidaat=wereld.kandidaat)
    tweede = aanmelden(afspraak=moment.afspraak, door=wereld.klantmanager, kandidaat=KandidaatFactory())
    assert (eerste.status, tweede.status) == (Deelnemer.Status.AANGEMELD, Deelnemer.Status.WACHTLIJST)


def test_only_staff_of_the_region_keep_its_trajecten(wereld):
    velden = dict(titel="Taalcoach", omschrijving="Samen Nederlands oefenen.", soort=Traject.Soort.TAAL,
                  aanbieder="Rijnstad", plaats="Arnhem", kosten="")
    traject = services.traject_aanmaken(door=wereld.klantmanager, **velden)
    assert traject.regio == wereld.klantmanager.regio and traject.kosten == "Geen"
    with pytest.raises(PermissionError):
        services.traject_wijzigen(traject=traject, door=wereld.vreemde_klantmanager, **velden)
    with pytest.raises(PermissionError):
        services.traject_aanmaken(door=wereld.accountmanager, **velden)
    with pytest.raises(ValidationError, match="arbeidsmarktregio"):
        services.traject_wijzigen(traject=traject, door=wereld.beheerder, **{**velden, "gemeente": gemeente("GM0983")})
    services.traject_archiveren(traject=traject, door=wereld.beheerder)
    traject.refresh_from_db()
    assert traject.gearchiveerd and regio().pk == traject.regio_id


def test_willem_withdraws_before_a_decision_the_place_frees_and_the_task_closes(wereld, met_commit):
    start = StartmomentFactory(capaciteit=1)
    aanvraag = met_commit(services.aanvraag_indienen, kandidaat=wereld.kandidaat, door=wereld.werkzoekende_user,
                          traject=start.traject, startmoment=start)
    met_commit(services.aanvraag_intrekken, aanvraag=aanvraag, door=wereld.werkzoekende_user)
    aanvraag.refresh_from_db()
    assert aanvraag.status == Aanvraag.Status.INGETROKKEN
    assert Taak.objects.get(sleutel=taak_sleutel(aanvraag.pk)).afgerond_op is not None
    ander = KandidaatFactory()
    services.aanvraag_indienen(kandidaat=ander, door=wereld.klantmanager, traject=start.traject, startmoment=start)
    with pytest.raises(ValidationError, match="al besloten"):
        services.aanvraag_intrekken(aanvraag=aanvraag, door=wereld.werkzoekende_user)
    with pytest.raises(ValidationError, match="al besloten"):
        services.aanvraag_beoordelen(aanvraag=aanvraag, door=wereld.klantmanager, goedkeuren=True)


def test_a_closed_dossier_asks_for_no_traject_its_plan_cannot_take(wereld, met_commit):
    """The plan of a closed dossier stands still (b697d2b): the klantmanager can no longer approve an aanvraag
    ("Het dossier is gesloten: het plan staat stil"). The werkzoekende could still send one all the same, which gave
    the klantmanager a task "Beoordeel een aanvraag" for a dossier nobody works in, that she could only refuse."""
    start = StartmomentFactory()
    dossier_afsluiten(kandidaat=wereld.kandidaat, door=wereld.klantmanager, reden="werk")
    wereld.kandidaat.refresh_from_db()
    with pytest.raises(ValidationError, match="dossier is gesloten"):
        met_commit(services.aanvraag_indienen, kandidaat=wereld.kandidaat, door=wereld.werkzoekende_user,
                   traject=start.traject, startmoment=start)
    assert not Aanvraag.objects.filter(kandidaat=wereld.kandidaat).exists()
    assert not Taak.objects.filter(sleutel__startswith="ondersteuning:").exists()
