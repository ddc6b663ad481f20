from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import Organisatie
from accounts.tests.factories import AccountmanagerFactory, KlantmanagerFactory, regio
from beroepen.tests.factories import BeroepFactory
from klantreis.lib.werktijd import binnen_een_werkdag
from outbox.models import Mail
from werkgevers.models import (
    AccountmanagerToewijzing,
    Afspraak,
    Bedrijfsbezoek,
    Tijdlijnregel,
    Vacature,
    Verzoek,
    Vestiging,
    Werkgever,
)
from werkgevers.selectors import verzoeken_voor_accountmanager
from werkgevers.services import (
    accountmanager_toewijzen,
    afspraak_vastleggen,
    bezoek_vastleggen,
    profiel_bijwerken,
    vacature_bevestigen,
    vacature_opslaan,
    vacature_status_wijzigen,
    verouderde_vacatures_signaleren,
    verzoek_contact_opgenomen,
    verzoek_indienen,
    verzoek_oppakken,
    verzoeken_bewaken,
)
from werkgevers.tests.factories import VacatureFactory, WerkgeverFactory, WerkgeverUserFactory

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")

VERZOEK = dict(
    bedrijfsnaam="Timmerbedrijf Rijnoever B.V.", kvk_nummer="12345678", adres="Markt 1", postcode="6811 AB",
    plaats="Arnhem", sector="Bouw", aantal_medewerkers=12, contactpersoon="Piet Jansen", telefoon="026 1234567",
    email="piet@rijnoever.nl", vraag="Twee timmerlieden per 1 juni", kanaal=Verzoek.Kanaal.WEBFORMULIER,
)


@pytest.fixture
def indienen(django_capture_on_commit_callbacks):
    """Submit a verzoek (defaults: a new company in Arnhem) and run the mails queued after commit."""

    def _indienen(**extra):
        with django_capture_on_commit_callbacks(execute=True):
            return verzoek_indienen(**{**VERZOEK, **extra})

    return _indienen


@pytest.fixture
def met_mail(django_capture_on_commit_callbacks):
    """Call a service and deliver the mails it queued for after the commit."""

    def _met_mail(service, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return service(**kwargs)

    return _met_mail


def _mail_aan(adres):
    return [m for m in mail.outbox if adres in m.to]


# --- verzoek_indienen ------------------------------------------------------------------------


def test_new_kvk_becomes_werkgever_with_organisatie_and_vestiging_in_the_region_of_the_postcode(wereld, indienen):
    verzoek = indienen(kvk_nummer="87650001", postcode="5911aa", plaats="Venlo")

    werkgever = verzoek.werkgever
    assert werkgever.kvk_nummer == "87650001" and werkgever.naam == "Timmerbedrijf Rijnoever B.V."
    assert werkgever.regio.code == "AM29" and werkgever.gemeente.naam == "Venlo"
    assert werkgever.organisatie.soort == Organisatie.Soort.WERKGEVER
    assert werkgever.organisatie.regio.code == "AM29"
    assert werkgever.contactpersoon_email == "piet@rijnoever.nl"
    vestiging = Vestiging.objects.get(werkgever=werkgever)
    assert (vestiging.adres, vestiging.postcode, vestiging.gemeente.naam) == ("Markt 1", "5911 AA", "Venlo")
    assert verzoek.regio.code == "AM29" and verzoek.accountmanager is None
    assert verzoek.status == Verzoek.Status.NIEUW
    assert verzoek.deadline == binnen_een_werkdag(verzoek.ontvangen_op)  # Friday evening: Monday, see below


def test_known_kvk_links_to_the_existing_werkgever(wereld, indienen):
    aantal = Werkgever.objects.count()
    verzoek = indienen(kvk_nummer=wereld.werkgever.kvk_nummer, bedrijfsnaam="Andere schrijfwijze")

    assert Werkgever.objects.count() == aantal
    assert verzoek.werkgever == wereld.werkgever
    assert verzoek.accountmanager == wereld.accountmanager
    assert not Vestiging.objects.filter(werkgever=wereld.werkgever).exists()
    wereld.werkgever.refresh_from_db()
    assert wereld.werkgever.naam == "De Heul Installatietechniek"


def test_a_second_ask_while_one_is_open_is_added_to_it_not_refused(wereld, indienen):
    """Anyone may type a KvK-nummer: refusing ("loopt al een verzoek") told them that the company had asked the WSP,
    and lost the question. Now the asker gets the mail of a first verzoek, with a deadline one werkdag from now, and
    the question, with who asked, goes to the open verzoek (no second one in the queue)."""
    with time_machine.travel(datetime(2026, 6, 1, 9, 0, tzinfo=AMS), tick=False):
        eerste = indienen()
    mail.outbox.clear()
    with time_machine.travel(datetime(2026, 6, 1, 15, 0, tzinfo=AMS), tick=False):
        antwoord = indienen(vraag="Nog een keer, want niemand belde", contactpersoon="Els de Boer",
                            telefoon="06 12345678", email="els@rijnoever.nl", bedrijfsnaam="Rijnoever")
    assert antwoord == eerste
    assert Verzoek.objects.filter(werkgever=eerste.werkgever).count() == 1
    aanvulling = eerste.aanvullingen.get()
    assert (aanvulling.contactpersoon, aanvulling.telefoon, aanvulling.email, aanvulling.bedrijfsnaam,
            aanvulling.vraag) == ("Els de Boer", "06 12345678", "els@rijnoever.nl", "Rijnoever",
                                  "Nog een keer, want niemand belde")
    regel = Tijdlijnregel.objects.filter(werkgever=eerste.werkgever).order_by("-pk").first()
    assert "Els de Boer" in regel.tekst and "niemand belde" in regel.tekst and not regel.voor_werkgever

    [bevestiging] = _mail_aan("els@rijnoever.nl")
    assert bevestiging.subject.endswith("We bellen u binnen één werkdag")
    assert "Beste Els de Boer" in bevestiging.body and "op 06 12345678" in bevestiging.body
    assert "uiterlijk dinsdag 15:00" in bevestiging.body  # a werkdag from her ask; the open one is due earlier
    eerste.refresh_from_db()
    assert timezone.localtime(eerste.deadline) == datetime(2026, 6, 2, 9, 0, tzinfo=AMS)  # unchanged
    # The region's queue hears of it (nobody has picked the verzoek up), not as a new verzoek.
    [melding] = [m for m in mail.outbox if "Nog een vraag bij het verzoek van" in m.subject]
    assert wereld.accountmanager.email in melding.to
    assert "Els de Boer, 06 12345678, els@rijnoever.nl" in melding.body and "niemand belde" in melding.body
    assert not [m for m in mail.outbox if "Nieuw verzoek" in m.subject]

    # Once contact is made (Els called too), the same company may ask again: a new verzoek.
    verzoek_contact_opgenomen(verzoek=eerste, door=wereld.accountmanager, notitie="Gebeld", gebeld=[aanvulling.pk])
    tweede = indienen(vraag="Nu ook een lasser")
    assert tweede.werkgever == eerste.werkgever and tweede.pk != eerste.pk and not tweede.aanvullingen.exists()


def test_the_form_sent_twice_keeps_one_question(wereld, indienen):
    """A double click on the public form, or the page sent again a minute later: the first made the verzoek, the
    second was added to it as a question of its own (a second line, mail and asker to call about). The same asker
    with the same question within a few minutes is kept once; a new question, or the same one later, is added."""
    with time_machine.travel(datetime(2026, 6, 1, 9, 0, tzinfo=AMS), tick=False):
        eerste = indienen()
    mail.outbox.clear()
    regels = Tijdlijnregel.objects.filter(werkgever=eerste.werkgever).count()
    with time_machine.travel(datetime(2026, 6, 1, 9, 1, tzinfo=AMS), tick=False):
        assert indienen(email=VERZOEK["email"].upper(), vraag=f"  {VERZOEK['vraag']} ") == eerste
    assert not eerste.aanvullingen.exists() and not mail.outbox
    assert Tijdlijnregel.objects.filter(werkgever=eerste.werkgever).count() == regels
    with time_machine.travel(datetime(2026, 6, 1, 9, 2, tzinfo=AMS), tick=False):
        indienen(contactpersoon="Els", email="els@x.nl", vraag="Ook een stukadoor")
        indienen(contactpersoon="Els", email="els@x.nl", vraag="Ook een stukadoor")
    assert eerste.aanvullingen.count() == 1
    with time_machine.travel(datetime(2026, 6, 1, 11, 0, tzinfo=AMS), tick=False):
        indienen(contactpersoon="Els", email="els@x.nl", vraag="Ook een stukadoor")  # hours later: asked again
        indienen(vraag="Een andere vraag")
    assert eerste.aanvullingen.count() == 3


def test_the_accountmanager_who_has_the_open_verzoek_hears_of_the_added_question(wereld, indienen):
    eerste = indienen()
    verzoek_oppakken(verzoek=eerste, accountmanager=wereld.accountmanager)
    collega = AccountmanagerFactory(regio=wereld.accountmanager.regio)
    mail.outbox.clear()
    indienen(vraag="Ook een stukadoor")
    [melding] = [m for m in mail.outbox if "Nog een vraag bij het verzoek van" in m.subject]
    assert melding.to == [wereld.accountmanager.email] and collega.email not in melding.to


def test_a_later_question_the_same_day_is_not_lost_when_the_verzoek_is_closed(wereld, indienen, met_mail):
    """Only the day's first added question is mailed. Els asked at 10, Bram at 11; the accountmanager called Piet
    (and Els) at 12 and closed the verzoek: Bram, promised a call within one werkdag, was named by no mail, queue,
    task or escalation. Now Bram's question is a verzoek of its own, received when he asked, with the deadline he
    was promised, announced to the queue and escalated when late; Els is marked as called."""
    def om(dag, uur):
        return time_machine.travel(datetime(2026, 6, dag, uur, 0, tzinfo=AMS), tick=False)

    with om(1, 9):
        verzoek = indienen()
    with om(1, 10):
        indienen(contactpersoon="Els", email="els@x.nl", vraag="Ook een stukadoor")
    with om(1, 11):
        indienen(contactpersoon="Bram", email="bram@x.nl", telefoon="06 11112222", vraag="Vraag van Bram")
    els, bram = verzoek.aanvullingen.order_by("pk")
    mail.outbox.clear()
    with om(1, 12):
        met_mail(verzoek_contact_opgenomen, verzoek=verzoek, door=wereld.accountmanager, notitie="Piet gebeld",
                 gebeld=[els.pk])
    els.refresh_from_db()
    bram.refresh_from_db()
    assert els.gebeld_op is not None and els.vervolgverzoek is None
    nieuw = bram.vervolgverzoek
    assert nieuw.status == Verzoek.Status.NIEUW and nieuw.werkgever == verzoek.werkgever
    assert (nieuw.contactpersoon, nieuw.telefoon, nieuw.email, nieuw.vraag) == ("Bram", "06 11112222", "bram@x.nl",
                                                                                "Vraag van Bram")
    assert timezone.localtime(nieuw.ontvangen_op) == datetime(2026, 6, 1, 11, 0, tzinfo=AMS)
    assert nieuw.deadline == binnen_een_werkdag(datetime(2026, 6, 1, 11, 0, tzinfo=AMS))
    # The werkgever has a vaste accountmanager now (who called): Bram's verzoek is hers, and she is told.
    assert nieuw.accountmanager == wereld.accountmanager
    [aangekondigd] = [m for m in mail.outbox if "Nieuw verzoek" in m.subject]
    assert aangekondigd.to == [wereld.accountmanager.email] and "Vraag van Bram" in aangekondigd.body
    assert not [m for m in mail.outbox if "els@x.nl" in m.body or "Ook een stukadoor" in m.body]
    mail.outbox.clear()
    with om(3, 12):
        met_mail(verzoeken_bewaken)
    [te_laat] = [m for m in mail.outbox if "Te laat" in m.subject]
    assert reverse("verzoek_detail", args=[nieuw.pk]) in te_laat.body


def test_an_accountmanager_typing_in_a_call_is_told_a_verzoek_is_open(wereld, indienen):
    """Staff may know: she is sent to the open verzoek, and nothing is stored twice."""
    eerste = indienen()
    with pytest.raises(ValidationError) as exc:
        indienen(kanaal=Verzoek.Kanaal.TELEFOON, geregistreerd_door=wereld.accountmanager)
    assert "loopt al een verzoek" in " ".join(exc.value.messages)
    assert Verzoek.objects.filter(werkgever=eerste.werkgever).count() == 1 and not eerste.aanvullingen.exists()


def test_unknown_postcode_is_refused_and_nothing_is_stored(wereld, indienen):
    aantal = Werkgever.objects.count()
    with pytest.raises(ValidationError) as exc:
        indienen(postcode="1000 AA")  # a PO-box range: no postcodegebied
    assert "postcode" in exc.value.message_dict
    assert Werkgever.objects.count() == aantal
    assert not Verzoek.objects.exists()
    assert mail.outbox == []


def test_werkgever_gets_an_acknowledgement_promising_one_werkdag(wereld, indienen):
    indienen()

    [bevestiging] = _mail_aan("piet@rijnoever.nl")
    assert "binnen één werkdag" in bevestiging.subject
    assert "binnen één werkdag, uiterlijk " in bevestiging.body and "026 1234567" in bevestiging.body
    assert "Twee timmerlieden per 1 juni" in bevestiging.body
    assert bevestiging.alternatives and bevestiging.alternatives[0][1] == "text/html"
    assert "één werkdag" in bevestiging.alternatives[0][0]


def test_vaste_accountmanager_alone_is_told_about_a_verzoek_of_their_werkgever(wereld, indienen):
    collega = AccountmanagerFactory()  # same region, not the vaste accountmanager
    indienen(kvk_nummer=wereld.werkgever.kvk_nummer)

    [melding] = _mail_aan(wereld.accountmanager.email)
    assert melding.to == [wereld.accountmanager.email]
    assert "De Heul Installatietechniek" in melding.subject
    assert _mail_aan(collega.email) == []


def test_without_accountmanager_the_regions_accountmanagers_are_told(wereld, indienen):
    collega = AccountmanagerFactory()
    indienen()  # new company in Arnhem (AM07)

    meldingen = [m for m in mail.outbox if "Nieuw verzoek" in m.subject]
    # One mail per person: no accountmanager sees another's address.
    assert sorted(m.to[0] for m in meldingen) == sorted([wereld.accountmanager.email, collega.email])
    assert all(len(m.to) == 1 for m in meldingen)
    assert all("Timmerbedrijf Rijnoever B.V." in m.subject for m in meldingen)


# --- the 24-hour clock -----------------------------------------------------------------------


@pytest.fixture
def open_verzoek(wereld, indienen):
    verzoek = indienen()
    mail.outbox.clear()
    return verzoek


def _bewaak(django_capture_on_commit_callbacks, moment):
    with time_machine.travel(moment, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            return verzoeken_bewaken()


def test_reminder_is_sent_once_in_the_last_four_werkuren(wereld, indienen, django_capture_on_commit_callbacks):
    with time_machine.travel(datetime(2026, 3, 10, 10, 0, tzinfo=AMS), tick=False):  # Tuesday
        open_verzoek = indienen()
    mail.outbox.clear()
    deadline = open_verzoek.deadline
    assert deadline == datetime(2026, 3, 11, 10, 0, tzinfo=AMS)
    # 4 werkuren before Wednesday 10:00: 1.5 on Wednesday morning, 2.5 on Tuesday afternoon.
    assert _bewaak(django_capture_on_commit_callbacks, datetime(2026, 3, 10, 14, 29, tzinfo=AMS)) == {
        "herinneringen": 0, "escalaties": 0}
    assert mail.outbox == []

    herinnerd_op = datetime(2026, 3, 10, 14, 31, tzinfo=AMS)
    assert _bewaak(django_capture_on_commit_callbacks, herinnerd_op)["herinneringen"] == 1
    assert _bewaak(django_capture_on_commit_callbacks, deadline - timedelta(hours=1))["herinneringen"] == 0

    [herinnering] = mail.outbox
    assert "Herinnering" in herinnering.subject and "Timmerbedrijf Rijnoever B.V." in herinnering.subject
    assert wereld.accountmanager.email in herinnering.to
    open_verzoek.refresh_from_db()
    assert open_verzoek.herinnering_verstuurd_op == herinnerd_op
    assert open_verzoek.geescaleerd_op is None


def test_after_the_deadline_the_coordinators_of_the_region_are_told_once(
    wereld, open_verzoek, django_capture_on_commit_callbacks
):
    coordinator = AccountmanagerFactory(is_coordinator=True)
    vreemde_coordinator = AccountmanagerFactory(is_coordinator=True, regio=regio("AM29"))
    na_deadline = open_verzoek.deadline + timedelta(minutes=10)

    assert _bewaak(django_capture_on_commit_callbacks, na_deadline) == {"herinneringen": 0, "escalaties": 1}
    assert _bewaak(django_capture_on_commit_callbacks, na_deadline + timedelta(hours=1))["escalaties"] == 0

    [escalatie] = mail.outbox
    assert "niet binnen één werkdag gebeld" in escalatie.subject
    assert escalatie.to == [coordinator.email]
    assert wereld.accountmanager.email not in escalatie.to and vreemde_coordinator.email not in escalatie.to
    open_verzoek.refresh_from_db()
    assert open_verzoek.geescaleerd_op == na_deadline
    regel = Tijdlijnregel.objects.get(werkgever=open_verzoek.werkgever, tekst__contains="coördinatoren")
    assert regel.voor_werkgever is False


def test_contact_opgenomen_stops_the_clock(wereld, open_verzoek, django_capture_on_commit_callbacks):
    with time_machine.travel(open_verzoek.ontvangen_op + timedelta(hours=2), tick=False):
        verzoek_contact_opgenomen(verzoek=open_verzoek, door=wereld.accountmanager, notitie="Bezoek volgende week")

    for moment in (open_verzoek.deadline - timedelta(hours=3), open_verzoek.deadline + timedelta(hours=1)):
        assert _bewaak(django_capture_on_commit_callbacks, moment) == {"herinneringen": 0, "escalaties": 0}
    assert mail.outbox == []
    open_verzoek.refresh_from_db()
    assert open_verzoek.status == Verzoek.Status.CONTACT
    assert open_verzoek.contact_opgenomen_door == wereld.accountmanager
    assert open_verzoek.contact_notitie == "Bezoek volgende week"
    # The first caller becomes the vaste accountmanager of a new company.
    assert open_verzoek.werkgever.accountmanager == wereld.accountmanager


def test_contact_cannot_be_registered_twice(wereld, open_verzoek):
    verzoek_contact_opgenomen(verzoek=open_verzoek, door=wereld.accountmanager, notitie="Eerste keer")
    collega = AccountmanagerFactory()
    with pytest.raises(ValidationError):
        verzoek_contact_opgenomen(verzoek=open_verzoek, door=collega, notitie="Tweede keer")
    open_verzoek.refresh_from_db()
    assert open_verzoek.contact_notitie == "Eerste keer"
    assert open_verzoek.contact_opgenomen_door == wereld.accountmanager


def test_late_contact_says_so_on_the_tijdlijn(wereld, open_verzoek):
    with time_machine.travel(open_verzoek.deadline + timedelta(hours=1), tick=False):
        verzoek_contact_opgenomen(verzoek=open_verzoek, door=wereld.accountmanager, notitie="Sorry, laat")
    regel = Tijdlijnregel.objects.get(werkgever=open_verzoek.werkgever, soort=Tijdlijnregel.Soort.CONTACT)
    assert "na de termijn van één werkdag" in regel.tekst


# --- verzoek_oppakken ------------------------------------------------------------------------


def test_taking_a_verzoek_makes_the_taker_vaste_accountmanager(wereld, open_verzoek):
    verzoek_oppakken(verzoek=open_verzoek, accountmanager=wereld.accountmanager)

    open_verzoek.refresh_from_db()
    assert open_verzoek.accountmanager == wereld.accountmanager
    werkgever = open_verzoek.werkgever
    werkgever.refresh_from_db()
    assert werkgever.accountmanager == wereld.accountmanager
    toewijzing = AccountmanagerToewijzing.objects.get(werkgever=werkgever)
    assert toewijzing.accountmanager == wereld.accountmanager and toewijzing.tot is None


def test_a_verzoek_taken_by_someone_else_is_refused(wereld, open_verzoek):
    verzoek_oppakken(verzoek=open_verzoek, accountmanager=wereld.accountmanager)
    collega = AccountmanagerFactory()
    with pytest.raises(ValidationError) as exc:
        verzoek_oppakken(verzoek=open_verzoek, accountmanager=collega)
    assert "al opgepakt door Anton Account" in " ".join(exc.value.messages)
    open_verzoek.refresh_from_db()
    assert open_verzoek.accountmanager == wereld.accountmanager


def test_taking_a_verzoek_of_another_region_changes_nothing(wereld, open_verzoek):
    with pytest.raises(ValidationError):
        verzoek_oppakken(verzoek=open_verzoek, accountmanager=wereld.vreemde_accountmanager)
    open_verzoek.refresh_from_db()
    assert open_verzoek.accountmanager is None


# --- accountmanager_toewijzen ----------------------------------------------------------------


def test_reassigning_keeps_the_history_and_tells_the_werkgever(wereld, met_mail):
    werkgever = WerkgeverFactory(contactpersoon_naam="Sanne", contactpersoon_email="sanne@bedrijf.nl")
    medewerker = WerkgeverUserFactory(werkgever=werkgever)
    opvolger = AccountmanagerFactory(voornaam="Olga", achternaam="Opvolger")
    begin = timezone.now()
    with time_machine.travel(begin, tick=False):
        met_mail(accountmanager_toewijzen, werkgever=werkgever, accountmanager=wereld.accountmanager,
                 door=wereld.accountmanager)
    with time_machine.travel(begin + timedelta(days=30), tick=False):
        open_verzoek = verzoek_indienen(**{**VERZOEK, "kvk_nummer": werkgever.kvk_nummer})
        mail.outbox.clear()
        met_mail(accountmanager_toewijzen, werkgever=werkgever, accountmanager=opvolger, door=wereld.accountmanager,
                 reden="Anton gaat met verlof")

    oud, nieuw = AccountmanagerToewijzing.objects.filter(werkgever=werkgever).order_by("van")
    assert (oud.accountmanager, oud.van, oud.tot) == (wereld.accountmanager, begin, begin + timedelta(days=30))
    assert (nieuw.accountmanager, nieuw.tot, nieuw.reden) == (opvolger, None, "Anton gaat met verlof")
    werkgever.refresh_from_db()
    assert werkgever.accountmanager == opvolger
    open_verzoek.refresh_from_db()
    assert open_verzoek.accountmanager == opvolger  # open verzoeken follow the werkgever

    # The verzoek's own mails were still waiting in the outbox and go out with these; look at these.
    berichten = [b for b in mail.outbox if "Uw vaste contactpersoon" in b.subject]
    assert sorted(b.to[0] for b in berichten) == sorted(["sanne@bedrijf.nl", medewerker.email])
    assert all(len(b.to) == 1 for b in berichten)
    assert all("Olga Opvolger" in b.body and "Anton Account" in b.body for b in berichten)


def test_accountmanager_of_another_region_is_refused(wereld, met_mail):
    with pytest.raises(ValidationError) as exc:
        met_mail(accountmanager_toewijzen, werkgever=wereld.werkgever, accountmanager=wereld.vreemde_accountmanager,
                 door=wereld.accountmanager)
    assert "andere regio" in " ".join(exc.value.message_dict["accountmanager"])
    wereld.werkgever.refresh_from_db()
    assert wereld.werkgever.accountmanager == wereld.accountmanager
    assert not AccountmanagerToewijzing.objects.exists()
    assert mail.outbox == []


def test_only_an_accountmanager_can_be_vaste_accountmanager(wereld):
    with pytest.raises(ValidationError):
        accountmanager_toewijzen(werkgever=wereld.werkgever, accountmanager=KlantmanagerFactory(),
                                 door=wereld.accountmanager)
    wereld.werkgever.refresh_from_db()
    assert wereld.werkgever.accountmanager == wereld.accountmanager


# --- afspraken en bezoeken -------------------------------------------------------------------


def test_afspraak_is_confirmed_to_the_werkgever_by_mail(wereld, met_mail):
    afspraak = met_mail(afspraak_vastleggen, werkgever=wereld.werkgever, door=wereld.accountmanager,
                        wat="Wij sturen drie cv's van monteurs", wie="Anton",
                        uiterlijk=timezone.localdate() + timedelta(days=7))

    [bevestiging] = mail.outbox
    assert bevestiging.to == [wereld.werkgever_user.email]
    assert "Bevestiging van onze afspraak" in bevestiging.subject
    assert "Wij sturen drie cv's van monteurs" in bevestiging.body
    assert "Anton Account" in bevestiging.body
    assert afspraak.bevestiging_verstuurd_op is not None


def test_afspraak_with_a_date_in_the_past_is_refused(wereld, met_mail):
    with pytest.raises(ValidationError) as exc:
        met_mail(afspraak_vastleggen, werkgever=wereld.werkgever, door=wereld.accountmanager, wat="Te laat",
                 wie="Anton", uiterlijk=timezone.localdate() - timedelta(days=1))
    assert "uiterlijk" in exc.value.message_dict
    assert not Afspraak.objects.exists()
    assert mail.outbox == []


def test_bezoek_in_the_future_is_refused(wereld):
    with pytest.raises(ValidationError) as exc:
        bezoek_vastleggen(werkgever=wereld.werkgever, door=wereld.accountmanager,
                          bezocht_op=timezone.localdate() + timedelta(days=1), verslag="Nog niet geweest")
    assert "bezocht_op" in exc.value.message_dict
    assert not Bedrijfsbezoek.objects.exists()

    bezoek = bezoek_vastleggen(werkgever=wereld.werkgever, door=wereld.accountmanager,
                               bezocht_op=timezone.localdate(), verslag="Mooie werkplaats")
    assert bezoek.accountmanager == wereld.accountmanager


# --- vacatures -------------------------------------------------------------------------------

VACATURE = dict(titel="Monteur werkvoorbereiding", uren_per_week=32, postcode="5911aa")


def test_new_vacature_is_a_concept_located_by_its_postcode(wereld):
    vacature = vacature_opslaan(werkgever=wereld.werkgever, door=wereld.werkgever_user, **VACATURE)

    vacature.refresh_from_db()
    assert vacature.status == Vacature.Status.CONCEPT
    assert vacature.postcode == "5911 AA"
    # The werkgever sits in Arnhem; the workplace postcode decides, not the company address.
    assert vacature.gemeente.naam == "Venlo" and vacature.regio.code == "AM29"
    assert vacature.aangemaakt_door == wereld.werkgever_user


def test_vacature_with_unknown_postcode_is_refused(wereld):
    with pytest.raises(ValidationError) as exc:
        vacature_opslaan(werkgever=wereld.werkgever, door=wereld.werkgever_user, **{**VACATURE, "postcode": "1000AA"})
    assert "postcode" in exc.value.message_dict
    assert not Vacature.objects.exists()


@pytest.mark.parametrize("rijbewijs,taalniveau", [("", ""), ("B", "B1")])
def test_vacature_with_or_without_rijbewijs_and_taalniveau_is_saved(wereld, rijbewijs, taalniveau):
    """'Niet nodig' and 'Geen eis' are stored as ''; full_clean() once refused them (blank=False)."""
    vacature = vacature_opslaan(werkgever=wereld.werkgever, door=wereld.werkgever_user,
                                **{**VACATURE, "rijbewijs": rijbewijs, "taalniveau": taalniveau})
    vacature.refresh_from_db()
    assert (vacature.rijbewijs, vacature.taalniveau) == (rijbewijs, taalniveau)


def test_concept_opens_only_with_a_beroep(wereld):
    vacature = VacatureFactory(werkgever=wereld.werkgever, status=Vacature.Status.CONCEPT, beroep=None)
    with pytest.raises(ValidationError) as exc:
        vacature_status_wijzigen(vacature=vacature, door=wereld.accountmanager, status=Vacature.Status.OPEN)
    assert "beroep" in " ".join(exc.value.messages)
    vacature.refresh_from_db()
    assert vacature.status == Vacature.Status.CONCEPT

    Vacature.objects.filter(pk=vacature.pk).update(beroep=BeroepFactory())
    vacature_status_wijzigen(vacature=vacature, door=wereld.accountmanager, status=Vacature.Status.OPEN)
    vacature.refresh_from_db()
    assert vacature.status == Vacature.Status.OPEN


@pytest.mark.parametrize("van,naar", [
    (Vacature.Status.CONCEPT, Vacature.Status.VERVULD),
    (Vacature.Status.OPEN, Vacature.Status.CONCEPT),
    (Vacature.Status.VERVULD, Vacature.Status.GESLOTEN),
    (Vacature.Status.GESLOTEN, Vacature.Status.VERVULD),
    (Vacature.Status.OPEN, Vacature.Status.OPEN),
])
def test_impossible_status_change_is_refused(wereld, van, naar):
    vacature = VacatureFactory(werkgever=wereld.werkgever, status=van, beroep=BeroepFactory())
    with pytest.raises(ValidationError):
        vacature_status_wijzigen(vacature=vacature, door=wereld.accountmanager, status=naar)
    vacature.refresh_from_db()
    assert vacature.status == van


@pytest.mark.parametrize("van,naar", [
    (Vacature.Status.OPEN, Vacature.Status.VERVULD),
    (Vacature.Status.OPEN, Vacature.Status.GESLOTEN),
    (Vacature.Status.VERVULD, Vacature.Status.OPEN),
    (Vacature.Status.CONCEPT, Vacature.Status.GESLOTEN),
])
def test_possible_status_change_is_saved(wereld, van, naar):
    vacature = VacatureFactory(werkgever=wereld.werkgever, status=van, beroep=BeroepFactory())
    vacature_status_wijzigen(vacature=vacature, door=wereld.accountmanager, status=naar)
    vacature.refresh_from_db()
    assert vacature.status == naar


def test_old_vacature_is_questioned_once_after_90_days_and_confirming_resets(
    wereld, django_capture_on_commit_callbacks
):
    begin = timezone.now()
    with time_machine.travel(begin, tick=False):
        vacature = VacatureFactory(werkgever=wereld.werkgever, titel="Monteur", status=Vacature.Status.OPEN)
        VacatureFactory(werkgever=wereld.werkgever, titel="Concept", status=Vacature.Status.CONCEPT)
        VacatureFactory(werkgever=wereld.werkgever, titel="Gesloten", status=Vacature.Status.GESLOTEN)

    def signaleer(dagen):
        with time_machine.travel(begin + timedelta(days=dagen), tick=False):
            with django_capture_on_commit_callbacks(execute=True):
                return verouderde_vacatures_signaleren()

    assert signaleer(89) == 0
    assert signaleer(91) == 1
    assert signaleer(92) == 0
    [vraag] = mail.outbox
    assert vraag.to == [wereld.werkgever_user.email]
    assert "Is uw vacature Monteur nog open?" in vraag.subject

    with time_machine.travel(begin + timedelta(days=93), tick=False):
        vacature_bevestigen(vacature=vacature, door=wereld.werkgever_user)
        vacature.refresh_from_db()
        assert vacature.bevestiging_gevraagd_op is None and not vacature.verouderd
    assert vacature.laatst_bevestigd_op == begin + timedelta(days=93)

    assert signaleer(93 + 89) == 0
    assert signaleer(93 + 91) == 1
    assert len(mail.outbox) == 2


# --- every service leaves a trace on the tijdlijn --------------------------------------------


def _roep_aan(wereld, soort):
    werkgever = wereld.werkgever
    vacature = VacatureFactory(werkgever=werkgever, status=Vacature.Status.CONCEPT, beroep=BeroepFactory())
    am = wereld.accountmanager
    return {
        "verzoek_indienen": lambda: verzoek_indienen(**{**VERZOEK, "kvk_nummer": werkgever.kvk_nummer}),
        "verzoek_contact_opgenomen": lambda: verzoek_contact_opgenomen(
            verzoek=verzoek_indienen(**{**VERZOEK, "kvk_nummer": werkgever.kvk_nummer}), door=am, notitie="Gebeld"),
        "accountmanager_toewijzen": lambda: accountmanager_toewijzen(
            werkgever=werkgever, accountmanager=AccountmanagerFactory(), door=am),
        "bezoek_vastleggen": lambda: bezoek_vastleggen(werkgever=werkgever, door=am, bezocht_op=timezone.localdate(),
                                                       verslag="Rondleiding"),
        "profiel_bijwerken": lambda: profiel_bijwerken(werkgever=werkgever, door=am, cultuur="Informeel"),
        "afspraak_vastleggen": lambda: afspraak_vastleggen(werkgever=werkgever, door=am, wat="Cv's sturen", wie="Anton"),
        "vacature_opslaan": lambda: vacature_opslaan(werkgever=werkgever, door=am, **VACATURE),
        "vacature_status_wijzigen": lambda: vacature_status_wijzigen(vacature=vacature, door=am,
                                                                     status=Vacature.Status.OPEN),
        "vacature_bevestigen": lambda: vacature_bevestigen(vacature=vacature, door=am),
    }[soort]


@pytest.mark.parametrize("service,soort,voor_werkgever", [
    ("verzoek_indienen", Tijdlijnregel.Soort.VERZOEK, True),
    ("verzoek_contact_opgenomen", Tijdlijnregel.Soort.CONTACT, True),
    ("accountmanager_toewijzen", Tijdlijnregel.Soort.ACCOUNTMANAGER, True),
    ("bezoek_vastleggen", Tijdlijnregel.Soort.BEZOEK, True),
    ("profiel_bijwerken", Tijdlijnregel.Soort.PROFIEL, False),
    ("afspraak_vastleggen", Tijdlijnregel.Soort.AFSPRAAK, True),
    ("vacature_opslaan", Tijdlijnregel.Soort.VACATURE, True),
    ("vacature_status_wijzigen", Tijdlijnregel.Soort.VACATURE, True),
    ("vacature_bevestigen", Tijdlijnregel.Soort.VACATURE, True),
])
def test_every_service_writes_a_tijdlijnregel(wereld, service, soort, voor_werkgever):
    aanroep = _roep_aan(wereld, service)
    voor = set(Tijdlijnregel.objects.values_list("pk", flat=True))
    aanroep()
    nieuw = Tijdlijnregel.objects.exclude(pk__in=voor).filter(werkgever=wereld.werkgever, soort=soort)
    assert nieuw.count() == 1
    assert nieuw.get().voor_werkgever is voor_werkgever


def test_asking_whether_a_vacature_is_still_open_is_on_the_tijdlijn(wereld):
    begin = timezone.now()
    with time_machine.travel(begin, tick=False):
        VacatureFactory(werkgever=wereld.werkgever, status=Vacature.Status.OPEN)
    with time_machine.travel(begin + timedelta(days=91), tick=False):
        assert verouderde_vacatures_signaleren() == 1
    [regel] = Tijdlijnregel.objects.filter(werkgever=wereld.werkgever, soort=Tijdlijnregel.Soort.VACATURE)
    assert "nog open" in regel.tekst and regel.voor_werkgever


def test_a_friday_evening_verzoek_is_promised_for_monday_in_words(wereld, indienen):
    with time_machine.travel(datetime(2026, 3, 6, 19, 0, tzinfo=AMS), tick=False):
        verzoek = indienen()
    assert verzoek.deadline == datetime(2026, 3, 9, 17, 0, tzinfo=AMS)  # not Saturday: one werkdag, Monday
    [bevestiging] = _mail_aan("piet@rijnoever.nl")
    assert "uiterlijk maandag 17:00" in bevestiging.body


def test_a_verzoek_on_christmas_eve_is_due_after_the_holidays(wereld, indienen):
    with time_machine.travel(datetime(2025, 12, 24, 15, 0, tzinfo=AMS), tick=False):
        verzoek = indienen()
    assert verzoek.deadline == datetime(2025, 12, 29, 15, 0, tzinfo=AMS)


# --- an accountmanager who leaves --------------------------------------------------------------


def test_the_open_verzoek_of_an_accountmanager_who_left_goes_back_to_the_queue(wereld, indienen, met_commit):
    """Anouk had the verzoek of De Heul; the werkgever's vaste accountmanager was emptied in the admin, so the user
    admin let her go (she held no werkgever). The verzoek stayed hers: nobody would call within the werkdag, and
    only the escalation would notice. Now it is in the region's queue again, announced to the region's
    accountmanagers, with the same deadline."""
    from accounts.services import gebruiker_opslaan

    anouk = AccountmanagerFactory(voornaam="Anouk", achternaam="Aa")
    werkgever = wereld.werkgever
    accountmanager_toewijzen(werkgever=werkgever, accountmanager=anouk, door=wereld.beheerder)
    verzoek = indienen(kvk_nummer=werkgever.kvk_nummer)
    assert verzoek.accountmanager == anouk
    Werkgever.objects.filter(pk=werkgever.pk).update(accountmanager=None)
    Mail.objects.all().delete()

    anouk.is_active = False
    met_commit(gebruiker_opslaan, gebruiker=anouk, door=wereld.beheerder)

    verzoek.refresh_from_db()
    assert verzoek.accountmanager is None and verzoek.status == Verzoek.Status.NIEUW
    assert verzoek in verzoeken_voor_accountmanager(wereld.accountmanager)
    aan = Mail.objects.filter(onderwerp__contains="Nieuw verzoek van De Heul").values_list("aan", flat=True)
    assert list(aan) == [wereld.accountmanager.email]
    regel = werkgever.tijdlijn.filter(voor_werkgever=False).latest("pk")
    assert regel.tekst == "Anouk Aa kan het verzoek niet meer oppakken: het staat weer in de wachtrij van de regio."


def test_the_open_verzoek_of_an_accountmanager_who_moved_goes_to_the_werkgevers_own(wereld, indienen, met_commit):
    """The werkgever has another vaste accountmanager than the one who had its verzoek: he calls."""
    from accounts.services import gebruiker_opslaan

    anouk = AccountmanagerFactory(voornaam="Anouk", achternaam="Aa")
    verzoek = indienen(kvk_nummer=wereld.werkgever.kvk_nummer)
    Verzoek.objects.filter(pk=verzoek.pk).update(accountmanager=anouk)
    Mail.objects.all().delete()

    anouk.rol = "klantmanager"
    met_commit(gebruiker_opslaan, gebruiker=anouk, door=wereld.beheerder)

    verzoek.refresh_from_db()
    assert verzoek.accountmanager == wereld.accountmanager
    aan = Mail.objects.filter(onderwerp__contains="Nieuw verzoek van De Heul").values_list("aan", flat=True)
    assert list(aan) == [wereld.accountmanager.email]


def test_a_late_retry_leaves_the_verzoeken_of_an_accountmanager_who_is_back(wereld, indienen):
    """Anouk was switched off by mistake and on again before the outbox got to the event: her verzoek stays hers.
    One that came to her after the event stays hers too when she did change."""
    from accounts.services import GEBRUIKER_GEWIJZIGD, gebruiker_opslaan
    from outbox.models import Gebeurtenis
    from werkgevers.reacties import verzoeken_na_vertrek

    anouk = AccountmanagerFactory(voornaam="Anouk", achternaam="Aa")
    verzoek = indienen(kvk_nummer=wereld.werkgever.kvk_nummer)
    Verzoek.objects.filter(pk=verzoek.pk).update(accountmanager=anouk)
    anouk.is_active = False
    gebruiker_opslaan(gebruiker=anouk, door=wereld.beheerder)  # its reactions wait for a commit: not yet run
    gebeurtenis = Gebeurtenis.objects.filter(soort=GEBRUIKER_GEWIJZIGD).latest("pk")
    anouk.is_active = True
    gebruiker_opslaan(gebruiker=anouk, door=wereld.beheerder)

    verzoeken_na_vertrek(gebeurtenis)
    assert Verzoek.objects.get(pk=verzoek.pk).accountmanager == anouk

    Verzoek.objects.filter(pk=verzoek.pk).update(ontvangen_op=gebeurtenis.aangemaakt_op + timedelta(minutes=5))
    anouk.rol = "klantmanager"
    gebruiker_opslaan(gebruiker=anouk, door=wereld.beheerder)
    verzoeken_na_vertrek(gebeurtenis)
    assert Verzoek.objects.get(pk=verzoek.pk).accountmanager == anouk



def test_each_person_of_the_werkgever_is_greeted_by_his_own_name(wereld, met_mail):
    """The confirmation went to everyone of the company opened with the contactpersoon's name: her colleague Piet read
    "Beste Ria van Dam". The contactpersoon without an account is greeted by hers, once per address."""
    piet = WerkgeverUserFactory(werkgever=wereld.werkgever, voornaam="Piet", achternaam="Bakker")
    wereld.werkgever.contactpersoon_naam = "Ria van Dam"
    wereld.werkgever.contactpersoon_email = "ria@bakkerij.example.nl"
    wereld.werkgever.save(update_fields=["contactpersoon_naam", "contactpersoon_email"])

    met_mail(afspraak_vastleggen, werkgever=wereld.werkgever, door=wereld.accountmanager, wat="Drie cv's", wie="Anton")

    aanhef = {m.to[0]: m.body.splitlines()[0] for m in mail.outbox}
    assert aanhef == {piet.email: "Beste Piet Bakker,", "ria@bakkerij.example.nl": "Beste Ria van Dam,",
                      wereld.werkgever_user.email: "Beste Martijn de Heul,"}
