"""A klantmanager leaves: her whole caseload goes to colleagues of her organisation, each dossier as a warme overdracht
(``werkzoekenden.services.caseloadoverdracht_starten`` and ``caseloadoverdracht_verwerken``)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import Verwerking
from accounts.tests.factories import KlantmanagerFactory
from agenda.models import Afspraak, Deelnemer
from agenda.services import afspraak_plannen
from meldingen.models import Melding
from outbox.models import Mail
from taken.models import Taak
from taken.services import taak_aanmaken
from werkzoekenden.models import (
    Caseloadoverdracht,
    CaseloadoverdrachtDossier,
    Kandidaat,
    KlantmanagerToewijzing,
)
from werkzoekenden.services import (
    caseload_verdelen,
    caseloadoverdracht_starten,
    caseloadoverdracht_verwerken,
    caseloadoverdrachten_hervatten,
    warme_overdracht,
)
from werkzoekenden.tests.factories import KandidaatFactory

pytestmark = pytest.mark.django_db

NOTITIE = "Karin gaat naar team Zuid. Alle afspraken staan in de dossiers."


def _team(wereld, aantal_collegas=2):
    karin = wereld.klantmanager
    collegas = [KlantmanagerFactory(organisatie=karin.organisatie, regio=karin.regio, voornaam=f"Collega{i}",
                                    achternaam=f"Team{i}") for i in range(aantal_collegas)]
    return karin, collegas


def _caseload(karin, aantal):
    return [KandidaatFactory(klantmanager=karin, achternaam=f"Dossier{i:02d}") for i in range(aantal)]


def test_caseload_verdelen_is_even_and_one_receiver_gets_all():
    assert caseload_verdelen(7, ["a", "b", "c"]) == [("a", 3), ("b", 2), ("c", 2)]
    assert caseload_verdelen(6, ["a", "b"]) == [("a", 3), ("b", 3)]
    assert caseload_verdelen(5, ["a"]) == [("a", 5)]
    assert caseload_verdelen(1, ["a", "b"]) == [("a", 1), ("b", 0)]
    assert caseload_verdelen(3, []) == []


def test_every_open_dossier_goes_evenly_as_a_warme_overdracht(wereld, django_capture_on_commit_callbacks):
    karin, (ali, bo) = _team(wereld)
    eigen = _caseload(karin, 4)  # and Willem of the wereld: five open dossiers
    gesloten = KandidaatFactory(klantmanager=karin, afgesloten_op=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        overdracht = caseloadoverdracht_starten(van=karin, ontvangers=[ali, bo], notitie=NOTITIE,
                                                door=wereld.beheerder, verwacht=5)
    overdracht.refresh_from_db()
    assert overdracht.status == Caseloadoverdracht.Status.KLAAR and overdracht.klaar_op is not None
    verdeeld = {k: Kandidaat.objects.filter(klantmanager=k).count() for k in (karin, ali, bo)}
    assert verdeeld == {karin: 1, ali: 3, bo: 2}  # only the closed one stays; the first gets the one left over
    assert Kandidaat.objects.get(pk=gesloten.pk).klantmanager == karin
    # As a warme overdracht: the note in the history, the werkzoekende's mail, the audit lines.
    for kandidaat in [*eigen, wereld.kandidaat]:
        kandidaat.refresh_from_db()
        toewijzing = KlantmanagerToewijzing.objects.get(kandidaat=kandidaat, tot__isnull=True)
        assert toewijzing.klantmanager == kandidaat.klantmanager and toewijzing.overdrachtsnotitie == NOTITIE
        assert toewijzing.door == wereld.beheerder
        adres = kandidaat.account.email if kandidaat.account_id else kandidaat.email
        assert Mail.objects.filter(aan=adres, onderwerp__endswith="Je nieuwe contactpersoon").count() == 1
        assert Verwerking.objects.filter(gebruiker=kandidaat.klantmanager, actie=Verwerking.Actie.AANMAKEN,
                                         doel__startswith="dossier overgenomen van").exists()
    # Willem hears it in the portal too, with his new contactpersoon's name.
    willem = Melding.objects.get(ontvanger=wereld.werkzoekende_user)
    assert wereld.kandidaat.klantmanager.get_full_name() in willem.tekst
    # Each receiver: one summary mail and one melding, not one per dossier; a task per dossier to make contact.
    for collega, aantal in ((ali, 3), (bo, 2)):
        [onderwerp] = Mail.objects.filter(aan=collega.email).values_list("onderwerp", flat=True)
        assert onderwerp.endswith(f"Caseload van {karin.get_full_name()}: {aantal} dossiers voor jou")
        meldingen = list(Melding.objects.filter(ontvanger=collega).values_list("tekst", flat=True))
        assert len(meldingen) == 1 and f"{aantal} werkzoekenden uit de caseload van" in meldingen[0]
        taken = Taak.objects.filter(toegewezen_aan=collega, sleutel__startswith="overdracht:")
        assert taken.count() == aantal
        assert {t.uiterlijk for t in taken} == {timezone.localdate() + timedelta(days=14)}
    assert Melding.objects.filter(ontvanger=wereld.beheerder, url__endswith=f"/{overdracht.pk}/").count() == 1


def test_the_werkzoekende_reads_who_handed_the_dossier_over_truly(wereld, django_capture_on_commit_callbacks):
    """Karin did not write the mail of a caseload run (the beheerder moved her caseload, perhaps after she left): it
    is not signed with her name, nor says that she gave the dossier; it says she is no longer the contactpersoon. A
    warme overdracht by her own hand still comes from her."""
    from django.core import mail

    from outbox.services import mails_versturen

    karin, (ali,) = _team(wereld, 1)
    with django_capture_on_commit_callbacks(execute=True):
        caseloadoverdracht_starten(van=karin, ontvangers=[ali], notitie=NOTITIE, door=wereld.beheerder, verwacht=1)
    mails_versturen()
    [bericht] = [m for m in mail.outbox if m.subject.endswith("Je nieuwe contactpersoon")]
    assert "Karin Klant is niet meer je contactpersoon." in bericht.body
    assert "heeft je dossier en je plan aan" not in bericht.body
    assert bericht.body.rstrip().endswith("Het Werkgeversservicepunt")

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        warme_overdracht(kandidaat=wereld.kandidaat, door=ali, naar=karin, notitie="Terug naar Karin.")
    mails_versturen()
    [bericht] = [m for m in mail.outbox if m.subject.endswith("Je nieuwe contactpersoon")]
    assert "heeft je dossier en je plan aan Karin gegeven" in bericht.body
    assert bericht.body.rstrip().endswith(ali.get_full_name())


def test_open_tasks_and_coming_afspraken_follow_the_dossier(wereld, django_capture_on_commit_callbacks):
    karin, (ali,) = _team(wereld, 1)
    taak = taak_aanmaken(voor=karin, omschrijving="Bel Willem over de cursus", kandidaat=wereld.kandidaat)
    andere_taak = taak_aanmaken(voor=karin, omschrijving="Teamoverleg")
    morgen = timezone.now() + timedelta(days=1)
    gesprek = afspraak_plannen(door=karin, soort=Afspraak.Soort.KLANTMANAGERGESPREK, titel="Voortgang",
                               start=morgen, eind=morgen + timedelta(hours=1), plaats="Werkplein",
                               kandidaten=[wereld.kandidaat])
    groep = afspraak_plannen(door=karin, soort=Afspraak.Soort.GROEPSBIJEENKOMST, titel="Workshop cv",
                             start=morgen, eind=morgen + timedelta(hours=2), plaats="Werkplein", capaciteit=10,
                             kandidaten=[wereld.kandidaat])
    with django_capture_on_commit_callbacks(execute=True):
        caseloadoverdracht_starten(van=karin, ontvangers=[ali], notitie=NOTITIE, door=wereld.beheerder)
    taak.refresh_from_db(), andere_taak.refresh_from_db()
    assert taak.toegewezen_aan == ali and andere_taak.toegewezen_aan == karin
    gesprek.refresh_from_db()
    assert gesprek.georganiseerd_door == ali
    assert Deelnemer.objects.get(afspraak=gesprek, gebruiker=karin).status == Deelnemer.Status.AFGEMELD
    assert Deelnemer.objects.get(afspraak=gesprek, gebruiker=ali).status == Deelnemer.Status.AANGEMELD
    assert Mail.objects.filter(aan=ali.email, onderwerp__endswith="Afspraak: Voortgang").count() == 1
    # The workshop is Karin's to give, not Willem's dossier's.
    groep.refresh_from_db()
    assert groep.georganiseerd_door == karin and not Deelnemer.objects.filter(afspraak=groep, gebruiker=ali).exists()


def test_a_warme_overdracht_by_hand_takes_the_coming_afspraken_along_too(wereld, django_capture_on_commit_callbacks):
    karin, (ali,) = _team(wereld, 1)
    morgen = timezone.now() + timedelta(days=1)
    gesprek = afspraak_plannen(door=karin, soort=Afspraak.Soort.KLANTMANAGERGESPREK, titel="Voortgang",
                               start=morgen, eind=morgen + timedelta(hours=1), plaats="Werkplein",
                               kandidaten=[wereld.kandidaat])
    with django_capture_on_commit_callbacks(execute=True):
        warme_overdracht(kandidaat=wereld.kandidaat, door=karin, naar=ali, notitie="Over naar Ali.")
    gesprek.refresh_from_db()
    assert gesprek.georganiseerd_door == ali
    # By hand, the receiver still has the mail about the one dossier and a task due in three days.
    assert Mail.objects.filter(aan=ali.email, onderwerp__contains="Dossier overgedragen:").count() == 1
    assert Taak.objects.get(toegewezen_aan=ali, sleutel__startswith="overdracht:").uiterlijk == (
        timezone.localdate() + timedelta(days=3))


def _gestart(wereld, karin, ontvangers):
    """Started, but no worker has run yet (the commit's callbacks are not run)."""
    return caseloadoverdracht_starten(van=karin, ontvangers=ontvangers, notitie=NOTITIE, door=wereld.beheerder)


def test_a_run_that_stops_halfway_goes_on_and_moves_each_dossier_once(wereld, django_capture_on_commit_callbacks):
    karin, (ali, bo) = _team(wereld)
    _caseload(karin, 6)
    overdracht = _gestart(wereld, karin, [ali, bo])
    with django_capture_on_commit_callbacks(execute=True):
        assert caseloadoverdracht_verwerken(overdracht_id=overdracht.pk, batch=3) == {"verwerkt": 3, "meer": True}
    assert Kandidaat.objects.filter(klantmanager=karin).count() == 4
    assert not Mail.objects.filter(aan__in=[ali.email, bo.email]).exists()  # the summary waits for the end
    # The worker was killed here. The task comes back (twice, even), and the sweep starts it once more.
    with django_capture_on_commit_callbacks(execute=True):
        assert caseloadoverdracht_verwerken(overdracht_id=overdracht.pk) == {"verwerkt": 4, "meer": False}
        assert caseloadoverdracht_verwerken(overdracht_id=overdracht.pk) == {"verwerkt": 0, "meer": False}
        Caseloadoverdracht.objects.filter(pk=overdracht.pk).update(bijgewerkt_op=timezone.now() - timedelta(hours=1))
        assert caseloadoverdrachten_hervatten() == 0  # done: nothing to start again
    assert Kandidaat.objects.filter(klantmanager=karin).count() == 0
    assert KlantmanagerToewijzing.objects.filter(overdrachtsnotitie=NOTITIE).count() == 7
    assert Mail.objects.filter(onderwerp__endswith="Je nieuwe contactpersoon").count() == 7
    assert Mail.objects.filter(aan=ali.email).count() == 1 and Mail.objects.filter(aan=bo.email).count() == 1
    assert Melding.objects.filter(ontvanger__in=[ali, bo]).count() == 2


def test_the_sweep_starts_a_run_that_stood_still(wereld, django_capture_on_commit_callbacks):
    """The broker was away when it started (or the worker died and its message was lost): the sweep finishes it."""
    karin, (ali,) = _team(wereld, 1)
    overdracht = _gestart(wereld, karin, [ali])
    assert caseloadoverdrachten_hervatten() == 0  # moving recently: left alone
    Caseloadoverdracht.objects.filter(pk=overdracht.pk).update(bijgewerkt_op=timezone.now() - timedelta(minutes=6))
    with django_capture_on_commit_callbacks(execute=True):
        assert caseloadoverdrachten_hervatten() == 1
    overdracht.refresh_from_db()
    assert overdracht.status == Caseloadoverdracht.Status.KLAAR
    assert Kandidaat.objects.get(pk=wereld.kandidaat.pk).klantmanager == ali


def test_a_dossier_moved_by_hand_in_between_stays_where_it_went(wereld, django_capture_on_commit_callbacks):
    karin, (ali, bo) = _team(wereld)
    dirk = KlantmanagerFactory(organisatie=karin.organisatie, regio=karin.regio)
    eigen = _caseload(karin, 3)
    overdracht = _gestart(wereld, karin, [ali, bo])
    with django_capture_on_commit_callbacks(execute=True):
        warme_overdracht(kandidaat=eigen[1], door=karin, naar=dirk, notitie="Dirk kent hem al.")
        caseloadoverdracht_verwerken(overdracht_id=overdracht.pk)
    eigen[1].refresh_from_db()
    assert eigen[1].klantmanager == dirk
    rij = CaseloadoverdrachtDossier.objects.get(overdracht=overdracht, kandidaat=eigen[1])
    assert rij.status == CaseloadoverdrachtDossier.Status.OVERGESLAGEN
    # He heard of his new contactpersoon once: from the handover by hand.
    assert Mail.objects.filter(aan=eigen[1].email, onderwerp__endswith="Je nieuwe contactpersoon").count() == 1
    assert not Kandidaat.objects.filter(klantmanager=karin).exists()


def test_a_dossier_still_waiting_in_one_run_can_go_in_the_run_of_whoever_holds_it_now(
        wereld, django_capture_on_commit_callbacks):
    """Karin's run has not reached Sem when he is handed to Dirk by hand, and Dirk leaves too: Dirk's run takes him
    (before, a constraint of one waiting row per dossier made starting Dirk's run fail), Karin's skips him."""
    karin, (ali, bo) = _team(wereld)
    dirk = KlantmanagerFactory(organisatie=karin.organisatie, regio=karin.regio)
    sem = KandidaatFactory(klantmanager=karin, achternaam="Sem")
    run_karin = _gestart(wereld, karin, [ali])
    warme_overdracht(kandidaat=sem, door=karin, naar=dirk, notitie="Dirk kent hem.")
    with django_capture_on_commit_callbacks(execute=True):
        caseloadoverdracht_starten(van=dirk, ontvangers=[bo], notitie=NOTITIE, door=wereld.beheerder)
        caseloadoverdracht_verwerken(overdracht_id=run_karin.pk)
    sem.refresh_from_db()
    assert sem.klantmanager == bo
    assert CaseloadoverdrachtDossier.objects.get(overdracht=run_karin, kandidaat=sem).status == (
        CaseloadoverdrachtDossier.Status.OVERGESLAGEN)


def test_a_second_run_takes_what_is_left_and_starting_twice_gives_the_running_one(wereld,
                                                                                 django_capture_on_commit_callbacks):
    karin, (ali, bo) = _team(wereld)
    _caseload(karin, 2)
    eerste = _gestart(wereld, karin, [ali])
    assert _gestart(wereld, karin, [bo]) == eerste  # a double click, a second beheerder: the same run
    assert CaseloadoverdrachtDossier.objects.count() == 3
    with django_capture_on_commit_callbacks(execute=True):
        caseloadoverdracht_verwerken(overdracht_id=eerste.pk)
    assert not Kandidaat.objects.filter(klantmanager=karin).exists()
    # Later a dossier comes back to her (an intake she still did): a second run moves only that one.
    laat = KandidaatFactory(klantmanager=karin)
    with django_capture_on_commit_callbacks(execute=True):
        tweede = caseloadoverdracht_starten(van=karin, ontvangers=[bo], notitie=NOTITIE, door=wereld.beheerder)
    assert tweede != eerste and tweede.dossiers.count() == 1
    laat.refresh_from_db()
    assert laat.klantmanager == bo
    assert Mail.objects.filter(onderwerp__endswith="Je nieuwe contactpersoon").count() == 4
    # Nothing left: a third run is refused with a clear message.
    with pytest.raises(ValidationError, match="geen open dossiers meer"):
        _gestart(wereld, karin, [bo])


def test_what_is_refused(wereld):
    karin, (ali,) = _team(wereld, 1)
    elders = KlantmanagerFactory(regio=karin.regio)  # another organisation
    weg = KlantmanagerFactory(organisatie=karin.organisatie, regio=karin.regio, is_active=False)
    with pytest.raises(PermissionError):
        caseloadoverdracht_starten(van=karin, ontvangers=[ali], notitie=NOTITIE, door=karin)
    for ontvangers, fout in (([], "minstens één collega"), ([elders], "Kies actieve klantmanagers van"),
                             ([weg], "Kies actieve klantmanagers van"), ([karin], "eigen dossiers")):
        with pytest.raises(ValidationError, match=fout):
            caseloadoverdracht_starten(van=karin, ontvangers=ontvangers, notitie=NOTITIE, door=wereld.beheerder)
    zonder = KlantmanagerFactory(organisatie=None)
    KandidaatFactory(klantmanager=zonder)
    with pytest.raises(ValidationError, match="hoort bij geen organisatie"):
        caseloadoverdracht_starten(van=zonder, ontvangers=[KlantmanagerFactory(organisatie=None)], notitie=NOTITIE,
                                   door=wereld.beheerder)
    with pytest.raises(ValidationError, match="overdrachtsnotitie"):
        caseloadoverdracht_starten(van=karin, ontvangers=[ali], notitie="  ", door=wereld.beheerder)
    with pytest.raises(ValidationError, match="veranderd sinds je de verdeling zag"):
        caseloadoverdracht_starten(van=karin, ontvangers=[ali], notitie=NOTITIE, door=wereld.beheerder, verwacht=3)
    assert not Caseloadoverdracht.objects.exists()


def test_a_receiver_who_left_before_her_turn_leaves_her_dossiers_with_the_one_leaving(
        wereld, django_capture_on_commit_callbacks):
    karin, (ali, bo) = _team(wereld)
    _caseload(karin, 3)
    overdracht = _gestart(wereld, karin, [ali, bo])
    type(bo).objects.filter(pk=bo.pk).update(is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        caseloadoverdracht_verwerken(overdracht_id=overdracht.pk)
    assert not Kandidaat.objects.filter(klantmanager=bo).exists()
    assert Kandidaat.objects.filter(klantmanager=karin).count() == overdracht.dossiers.filter(
        status=CaseloadoverdrachtDossier.Status.OVERGESLAGEN).count() == 2


def test_a_dossier_that_cannot_move_is_skipped_and_shown_not_retried_for_ever(wereld, client, caplog,
                                                                                django_capture_on_commit_callbacks):
    """Bad data of an old import made the move of one dossier raise: its claim rolled back with it, it was claimed
    first again on every start, and the run never got past it while the page said "nog te doen"."""
    karin, (ali,) = _team(wereld, 1)
    _caseload(karin, 2)
    kapot = KandidaatFactory(klantmanager=karin, achternaam="Aardig")  # first in the plan
    Kandidaat.objects.filter(pk=kapot.pk).update(uitkering="rww")  # a benefit the portal no longer knows
    overdracht = _gestart(wereld, karin, [ali])
    with django_capture_on_commit_callbacks(execute=True):
        assert caseloadoverdracht_verwerken(overdracht_id=overdracht.pk) == {"verwerkt": 6, "meer": False}
    rij = CaseloadoverdrachtDossier.objects.get(overdracht=overdracht, kandidaat=kapot)
    assert (rij.status, rij.reden, rij.pogingen) == (CaseloadoverdrachtDossier.Status.OVERGESLAGEN,
                                                     CaseloadoverdrachtDossier.Reden.MISLUKT, 3)
    overdracht.refresh_from_db()
    assert overdracht.status == Caseloadoverdracht.Status.KLAAR
    # The others went; this one stays with Karin, whole (nothing of the failed attempts was kept).
    assert list(Kandidaat.objects.filter(klantmanager=karin, afgesloten_op__isnull=True)) == [kapot]
    assert not KlantmanagerToewijzing.objects.filter(kandidaat=kapot, klantmanager=ali).exists()
    assert caplog.text.count(f"Caseloadoverdracht {overdracht.pk}: dossier (rij {rij.pk}) overdragen mislukt") == 3
    # The beheerder hears it, and the page names it by its pseudoniem (no name, no error text).
    [melding] = Melding.objects.filter(ontvanger=wereld.beheerder, sleutel__startswith="caseload:")
    assert "1 dossier kon niet worden overgedragen door een fout" in melding.tekst
    client.force_login(wereld.beheerder)
    html = client.get(reverse("caseloadoverdracht", args=[overdracht.pk])).content.decode()
    assert "1 dossier kon niet worden overgedragen door een fout." in html
    assert kapot.pseudoniem in html and "Aardig" not in html and "ValueError" not in html
    assert "Draag ook die over" in html
    # Once the data is put right, a new run takes it.
    Kandidaat.objects.filter(pk=kapot.pk).update(uitkering=Kandidaat.Uitkering.WW)
    with django_capture_on_commit_callbacks(execute=True):
        caseloadoverdracht_starten(van=karin, ontvangers=[ali], notitie=NOTITIE, door=wereld.beheerder)
    assert Kandidaat.objects.get(pk=kapot.pk).klantmanager == ali


def test_one_failed_attempt_is_tried_again(wereld, monkeypatch, django_capture_on_commit_callbacks):
    """A deadlock or a lost connection once is no reason to skip the dossier."""
    from werkzoekenden import services

    karin, (ali,) = _team(wereld, 1)
    echt, keer = services._dossier_overdragen, []

    def eenmaal_mis(**kwargs):
        keer.append(1)
        if len(keer) == 1:
            raise RuntimeError("even weg")
        return echt(**kwargs)

    monkeypatch.setattr(services, "_dossier_overdragen", eenmaal_mis)
    overdracht = _gestart(wereld, karin, [ali])
    with django_capture_on_commit_callbacks(execute=True):
        caseloadoverdracht_verwerken(overdracht_id=overdracht.pk)
    rij = CaseloadoverdrachtDossier.objects.get(overdracht=overdracht)
    assert (rij.status, rij.reden, rij.pogingen) == (CaseloadoverdrachtDossier.Status.OVERGEDRAGEN, "", 1)
    assert Kandidaat.objects.get(pk=wereld.kandidaat.pk).klantmanager == ali


def test_the_leaving_klantmanager_gets_no_copy_of_the_melding_about_her_own_caseload(
        wereld, django_capture_on_commit_callbacks):
    """Karin covered for Ali when her caseload went to Ali and Bo: Ali's melding "Je bent nu de vaste klantmanager
    van ... uit de caseload van Karin" reached Karin as a copy (the beheerder's act, her caseload). Bo's waarnemer,
    who has nothing to do with the handover, still gets a copy of Bo's."""
    from accounts.services import waarnemer_instellen

    karin, (ali, bo, cas) = _team(wereld, aantal_collegas=3)
    _caseload(karin, 3)
    waarnemer_instellen(gebruiker=ali, waarnemer=karin)
    waarnemer_instellen(gebruiker=bo, waarnemer=cas)
    with django_capture_on_commit_callbacks(execute=True):
        caseloadoverdracht_starten(van=karin, ontvangers=[ali, bo], notitie=NOTITIE, door=wereld.beheerder,
                                   verwacht=4)
    assert not Melding.objects.filter(ontvanger=karin, tekst__contains="uit de caseload van").exists()
    assert Melding.objects.filter(ontvanger=ali, tekst__contains="uit de caseload van").count() == 1
    [kopie] = Melding.objects.filter(ontvanger=cas, tekst__contains="uit de caseload van").values_list("tekst",
                                                                                                      flat=True)
    assert kopie.startswith(f"Voor {bo.get_full_name()} (je neemt waar): Je bent nu de vaste klantmanager van 2 ")


def test_a_sollicitatiegesprek_the_werkzoekende_goes_to_alone_is_no_invitation_for_the_new_klantmanager(
        wereld, django_capture_on_commit_callbacks):
    """Willem goes alone to his sollicitatiegesprek; his dossier goes to Ali. She has it in her agenda for
    information, as Karin had, but the handover mailed her the agenda's invitation (a REQUEST for her own calendar)
    to a gesprek she need not come to."""
    from agenda.selectors import agenda_items
    from bemiddeling.services import begeleider_kiezen

    karin, (ali,) = _team(wereld, 1)
    with django_capture_on_commit_callbacks(execute=True):
        wereld.met_bemiddeling()
    with django_capture_on_commit_callbacks(execute=True):
        begeleider_kiezen(gesprek=wereld.gesprek, door=wereld.werkzoekende_user, mee=False)
    Mail.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        warme_overdracht(kandidaat=wereld.kandidaat, door=karin, naar=ali, notitie="Over naar Ali.")
    afspraak = Afspraak.objects.get(gesprek=wereld.gesprek)
    assert Deelnemer.objects.get(afspraak=afspraak, gebruiker=ali).status == Deelnemer.Status.AANGEMELD
    assert not Mail.objects.filter(aan__in=[ali.email, karin.email], onderwerp__contains="Sollicitatiegesprek").exists()
    [item] = [i for i in agenda_items(ali, afspraak.start - timedelta(days=1), afspraak.eind) if i.afspraak]
    assert item.ter_informatie


def test_a_dossier_of_a_handover_is_named_by_its_werkzoekende_where_the_admin_lists_it(
        client, wereld, django_capture_on_commit_callbacks):
    """A colleague who received dossiers cannot be deleted; the admin's page listed why as "Caseloadoverdracht
    dossier: CaseloadoverdrachtDossier object (1)" once per dossier."""
    karin, (ali,) = _team(wereld, 1)
    with django_capture_on_commit_callbacks(execute=True):
        caseloadoverdracht_starten(van=karin, ontvangers=[ali], notitie=NOTITIE, door=wereld.beheerder, verwacht=1)
    client.force_login(wereld.beheerder)
    html = client.get(reverse("admin:accounts_user_delete", args=[ali.pk])).content.decode()
    willem = Kandidaat.objects.get(klantmanager=ali)
    assert f"{willem.voornaam} {willem.achternaam} (overgedragen)" in html
    assert "object (" not in html
