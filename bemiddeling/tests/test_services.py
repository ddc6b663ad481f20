"""Voordrachten and sollicitatiegesprekken through their services: consent, who may do what, the state
machine with its log, the mails (with agenda invitation) and the reminder after five working days."""

from datetime import datetime, time, timedelta
from datetime import timezone as dt_timezone
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from bemiddeling.models import Sollicitatiegesprek, Voordracht
from bemiddeling.services import (
    gesprek_plannen,
    voordracht_create,
    voordracht_intrekken,
    voordracht_reageren,
    voordracht_uitkomst,
    voordrachten_herinneren,
    voordrachten_melden,
    voordrachten_vervallen_vacature_gesloten,
    voordrachten_vervallen_zonder_toestemming,
    werkdagen_geleden,
)
from meldingen.models import Melding
from taken.models import Taak
from werkgevers.models import Vacature
from werkgevers.tests.factories import VacatureFactory, WerkgeverFactory
from werkzoekenden.models import Toestemming
from werkzoekenden.services import toestemming_intrekken, toestemming_verlenen
from werkzoekenden.tests.factories import KandidaatFactory

pytestmark = pytest.mark.django_db

S = Voordracht.Status
AMS = ZoneInfo("Europe/Amsterdam")


# --- helpers: every step goes through the real services ------------------------------------


def _toestemming(wereld, kandidaat=None, werkgever=None):
    return toestemming_verlenen(
        kandidaat=kandidaat or wereld.kandidaat, doel=Toestemming.Doel.DELEN_MET_WERKGEVER,
        werkgever=werkgever or wereld.werkgever, door=wereld.klantmanager,
    )


def _vacature(wereld, **extra):
    return VacatureFactory(werkgever=extra.pop("werkgever", wereld.werkgever), **{"titel": "Monteur", **extra})


def _voordracht(wereld, *, vacature=None, kandidaat=None):
    kandidaat = kandidaat or wereld.kandidaat
    vacature = vacature or _vacature(wereld)
    _toestemming(wereld, kandidaat, vacature.werkgever)  # granting twice keeps the first consent
    return voordracht_create(vacature=vacature, kandidaat=kandidaat, door=wereld.accountmanager,
                             toelichting="Ervaren en gemotiveerd.")


def _straks(dagen=3, uur=10, minuut=0):
    return (timezone.localtime() + timedelta(days=dagen)).replace(hour=uur, minute=minuut, second=0, microsecond=0)


# Each step performs one transition and returns who did it.
def _uitnodigen(wereld, v):
    voordracht_reageren(voordracht=v, door=wereld.werkgever_user, uitnodigen=True)
    return wereld.werkgever_user


def _plannen(wereld, v):
    # Planned a second time (gesprek_gepland -> gesprek_gepland) is a move: another day.
    gesprek_plannen(voordracht=v, door=wereld.accountmanager, begint_op=_straks(dagen=3 + v.gesprekken.count()),
                    locatie="Arnhem", begeleider_gaat_mee=False)
    return wereld.accountmanager


def _niet_passend(wereld, v):
    voordracht_reageren(voordracht=v, door=wereld.werkgever_user, uitnodigen=False, reden=Voordracht.Reden.ERVARING)
    return wereld.werkgever_user


def _aannemen(wereld, v):
    wereld.gesprek_geweest(v)
    voordracht_uitkomst(voordracht=v, door=wereld.werkgever_user, aangenomen=True)
    return wereld.werkgever_user


def _afwijzen(wereld, v):
    voordracht_uitkomst(voordracht=v, door=wereld.werkgever_user, aangenomen=False, reden=Voordracht.Reden.MOTIVATIE)
    return wereld.werkgever_user


def _intrekken(wereld, v):
    voordracht_intrekken(voordracht=v, door=wereld.accountmanager)
    return wereld.accountmanager


def _elders_aangenomen(wereld, v):
    """The same kandidaat is hired on another vacature; the system closes this one (no person did): door is
    None, so no werkgever sees another's contact person in its history."""
    andere = _voordracht(wereld, kandidaat=v.kandidaat)
    _uitnodigen(wereld, andere)
    _plannen(wereld, andere)
    _aannemen(wereld, andere)


def _toestemming_weg(wereld, v):
    """The kandidaat withdrew consent; the system closes the voordracht (no person did): door is None."""
    voordrachten_vervallen_zonder_toestemming(toestemming_id=v.toestemming_id)


def _vacature_dicht(wereld, v):
    """The werkgever marked the vacature vervuld; the system closes its open voordrachten: door is None."""
    Vacature.objects.filter(pk=v.vacature_id).update(status=Vacature.Status.VERVULD)
    voordrachten_vervallen_vacature_gesloten(vacature_id=v.vacature_id, status=Vacature.Status.VERVULD)


STAP = {
    S.UITGENODIGD: _uitnodigen,
    S.GESPREK_GEPLAND: _plannen,
    S.NIET_PASSEND: _niet_passend,
    S.AANGENOMEN: _aannemen,
    S.AFGEWEZEN: _afwijzen,
    S.INGETROKKEN: _intrekken,
    S.ELDERS_GEPLAATST: _elders_aangenomen,
    S.ZONDER_TOESTEMMING: _toestemming_weg,
    S.VACATURE_GESLOTEN: _vacature_dicht,
}

PAD = {
    S.VOORGEDRAGEN: [],
    S.UITGENODIGD: [S.UITGENODIGD],
    S.GESPREK_GEPLAND: [S.UITGENODIGD, S.GESPREK_GEPLAND],
    S.NIET_PASSEND: [S.NIET_PASSEND],
    S.AANGENOMEN: [S.UITGENODIGD, S.GESPREK_GEPLAND, S.AANGENOMEN],
    S.AFGEWEZEN: [S.UITGENODIGD, S.GESPREK_GEPLAND, S.AFGEWEZEN],
    S.INGETROKKEN: [S.INGETROKKEN],
    S.ELDERS_GEPLAATST: [S.ELDERS_GEPLAATST],
    S.ZONDER_TOESTEMMING: [S.ZONDER_TOESTEMMING],
}


def _in_status(wereld, status, **kwargs):
    v = _voordracht(wereld, **kwargs)
    for stap in PAD[status]:
        STAP[stap](wereld, v)
    v.refresh_from_db()
    assert v.status == status
    return v


def _ics(bericht):
    """The one agenda invitation attached to a mail, parsed: its one VEVENT."""
    bijlagen = [a for a in bericht.attachments if a[2].startswith("text/calendar")]
    assert len(bijlagen) == 1, bericht.subject
    assert bijlagen[0][0].endswith(".ics")
    events = Calendar.from_ical(bijlagen[0][1]).walk("VEVENT")
    assert len(events) == 1
    return events[0]


# --- voordracht_create ----------------------------------------------------------------------


def test_voordracht_without_consent_is_impossible(wereld, django_capture_on_commit_callbacks):
    vacature = _vacature(wereld)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError) as exc:
        voordracht_create(vacature=vacature, kandidaat=wereld.kandidaat, door=wereld.accountmanager,
                          toelichting="Past goed.")
    assert "geen toestemming" in " ".join(exc.value.message_dict["kandidaat"])
    assert not Voordracht.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize("soort", ["andere_werkgever", "vindbaar", "derde"])
def test_consent_for_something_else_is_not_consent_for_this_werkgever(wereld, soort):
    vacature = _vacature(wereld)
    if soort == "andere_werkgever":
        _toestemming(wereld, werkgever=WerkgeverFactory())
    elif soort == "vindbaar":
        toestemming_verlenen(kandidaat=wereld.kandidaat, doel=Toestemming.Doel.VINDBAAR, door=wereld.klantmanager)
    else:
        toestemming_verlenen(kandidaat=wereld.kandidaat, doel=Toestemming.Doel.DELEN_MET_DERDE,
                             derde_partij="Re-integratiebureau", door=wereld.klantmanager)
    with pytest.raises(ValidationError):
        voordracht_create(vacature=vacature, kandidaat=wereld.kandidaat, door=wereld.accountmanager,
                          toelichting="Past goed.")
    assert not Voordracht.objects.exists()


def test_after_withdrawal_a_new_voordracht_is_refused(wereld, django_capture_on_commit_callbacks):
    toestemming = _toestemming(wereld)
    eerste = voordracht_create(vacature=_vacature(wereld), kandidaat=wereld.kandidaat, door=wereld.accountmanager,
                               toelichting="Past goed.")
    assert eerste.toestemming == toestemming
    toestemming_intrekken(toestemming=toestemming, door=wereld.werkzoekende_user)

    tweede_vacature = _vacature(wereld)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError) as exc:
        voordracht_create(vacature=tweede_vacature, kandidaat=wereld.kandidaat, door=wereld.accountmanager,
                          toelichting="Past ook hier.")
    assert "kandidaat" in exc.value.message_dict
    assert not Voordracht.objects.filter(vacature=tweede_vacature).exists()
    assert mail.outbox == []


@pytest.mark.parametrize("rol", ["klantmanager", "werkgever", "werkzoekende", "beheerder"])
def test_only_an_accountmanager_proposes(wereld, rol):
    _toestemming(wereld)
    vacature = _vacature(wereld)
    with pytest.raises(PermissionError):
        voordracht_create(vacature=vacature, kandidaat=wereld.kandidaat, door=wereld.gebruiker(rol),
                          toelichting="Past goed.")
    assert not Voordracht.objects.exists()


@pytest.mark.parametrize("status", [Vacature.Status.CONCEPT, Vacature.Status.VERVULD, Vacature.Status.GESLOTEN])
def test_only_for_an_open_vacature(wereld, status):
    _toestemming(wereld)
    vacature = _vacature(wereld, status=status)
    with pytest.raises(ValidationError) as exc:
        voordracht_create(vacature=vacature, kandidaat=wereld.kandidaat, door=wereld.accountmanager,
                          toelichting="Past goed.")
    assert "alleen voordragen voor een open vacature" in " ".join(exc.value.messages)
    assert not Voordracht.objects.exists()


def test_no_second_open_voordracht_for_the_same_kandidaat_and_vacature(wereld):
    eerste = _voordracht(wereld)
    with pytest.raises(ValidationError) as exc:
        voordracht_create(vacature=eerste.vacature, kandidaat=wereld.kandidaat, door=wereld.accountmanager,
                          toelichting="Nog een keer.")
    assert "al voorgedragen" in " ".join(exc.value.message_dict["kandidaat"])
    assert Voordracht.objects.filter(vacature=eerste.vacature).count() == 1
    # Once the first one is closed, the kandidaat may be proposed again.
    voordracht_intrekken(voordracht=eerste, door=wereld.accountmanager)
    opnieuw = voordracht_create(vacature=eerste.vacature, kandidaat=wereld.kandidaat, door=wereld.accountmanager,
                                toelichting="Toch weer beschikbaar.")
    assert opnieuw.status == S.VOORGEDRAGEN


def test_werkgever_gets_one_mail_a_day_with_the_new_voordrachten_that_names_no_kandidaat(
        wereld, django_capture_on_commit_callbacks):
    """Before: one mail per kandidaat, at once. Now one mail per werkgever after 16:00 with all of the day's."""
    _toestemming(wereld)
    vacature = _vacature(wereld)
    tweede = _vacature(wereld, titel="Servicemonteur")
    anja = KandidaatFactory(voornaam="Anja", klantmanager=wereld.klantmanager)
    toestemming_verlenen(kandidaat=anja, doel=Toestemming.Doel.DELEN_MET_WERKGEVER, werkgever=wereld.werkgever,
                         door=wereld.klantmanager)
    ochtend = timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=1), time(10, 0)))
    with time_machine.travel(ochtend, tick=False), django_capture_on_commit_callbacks(execute=True):
        voordracht_create(vacature=vacature, kandidaat=wereld.kandidaat, door=wereld.accountmanager,
                          toelichting="Willem heeft tien jaar ervaring.")
        voordracht_create(vacature=tweede, kandidaat=anja, door=wereld.accountmanager, toelichting="Handig.")
        assert voordrachten_melden() == 0  # before 16:00 nothing goes out
    assert [m for m in mail.outbox if "kandidat" in m.subject.lower()] == []

    with time_machine.travel(ochtend.replace(hour=16, minute=5), tick=False), \
            django_capture_on_commit_callbacks(execute=True):
        assert voordrachten_melden() == 1
        assert voordrachten_melden() == 0  # a second run reports nothing twice
    [bericht] = [m for m in mail.outbox if wereld.werkgever_user.email in m.to]
    assert bericht.subject.endswith("2 nieuwe kandidaten voor u")
    assert bericht.body.startswith("Beste Martijn de Heul,")  # the one who reads it, not the company's contactpersoon
    assert "Monteur: 1 kandidaat" in bericht.body and "Servicemonteur: 1 kandidaat" in bericht.body
    assert reverse("vacature_detail", args=[vacature.pk]) in bericht.body
    inhoud = " ".join([bericht.subject, bericht.body, *(a[0] for a in bericht.alternatives)])
    for persoonsgegeven in ("Willem", "Vecht", "Anja", wereld.kandidaat.email, wereld.werkzoekende_user.email):
        assert persoonsgegeven not in inhoud


def test_a_new_voordracht_logs_its_first_state(wereld):
    voordracht = _voordracht(wereld)
    assert [(t.van, t.naar, t.door) for t in voordracht.transities.all()] == [
        ("", S.VOORGEDRAGEN, wereld.accountmanager)
    ]


# --- the state machine ----------------------------------------------------------------------

TOEGESTAAN = sorted((van, naar) for van, naars in Voordracht.OVERGANGEN.items() for naar in naars)


@pytest.mark.parametrize("van,naar", TOEGESTAAN, ids=[f"{v}->{n}" for v, n in TOEGESTAAN])
def test_every_allowed_transition_goes_through_and_is_logged(wereld, van, naar):
    voordracht = _in_status(wereld, van)
    rijen = voordracht.transities.count()
    door = STAP[naar](wereld, voordracht)
    voordracht.refresh_from_db()
    assert voordracht.status == naar
    assert voordracht.transities.count() == rijen + 1
    laatste = voordracht.transities.order_by("-id").first()
    assert (laatste.van, laatste.naar, laatste.door) == (van, naar, door)


def test_the_whole_route_to_aangenomen_is_in_the_log(wereld):
    voordracht = _voordracht(wereld)
    _uitnodigen(wereld, voordracht)
    _plannen(wereld, voordracht)
    _plannen(wereld, voordracht)  # moved
    _aannemen(wereld, voordracht)
    am, wg = wereld.accountmanager, wereld.werkgever_user
    assert [(t.van, t.naar, t.door) for t in voordracht.transities.all()] == [
        ("", S.VOORGEDRAGEN, am),
        (S.VOORGEDRAGEN, S.UITGENODIGD, wg),
        (S.UITGENODIGD, S.GESPREK_GEPLAND, am),
        (S.GESPREK_GEPLAND, S.GESPREK_GEPLAND, am),
        (S.GESPREK_GEPLAND, S.AANGENOMEN, wg),
    ]


ONMOGELIJK = [
    (S.NIET_PASSEND, S.UITGENODIGD),
    (S.NIET_PASSEND, S.GESPREK_GEPLAND),
    (S.AANGENOMEN, S.AANGENOMEN),
    (S.AANGENOMEN, S.INGETROKKEN),
    (S.VOORGEDRAGEN, S.AANGENOMEN),
    (S.VOORGEDRAGEN, S.AFGEWEZEN),
    (S.UITGENODIGD, S.NIET_PASSEND),
    (S.UITGENODIGD, S.UITGENODIGD),
    (S.AFGEWEZEN, S.GESPREK_GEPLAND),
    (S.INGETROKKEN, S.UITGENODIGD),
    (S.ELDERS_GEPLAATST, S.GESPREK_GEPLAND),
]


@pytest.mark.parametrize("van,naar", ONMOGELIJK, ids=[f"{v}->{n}" for v, n in ONMOGELIJK])
def test_impossible_transitions_are_refused_in_dutch(wereld, van, naar):
    voordracht = _in_status(wereld, van)
    rijen = voordracht.transities.count()
    with pytest.raises(ValidationError) as exc:
        STAP[naar](wereld, voordracht)
    assert exc.value.messages == [f"Een voordracht met status '{S(van).label}' kan niet naar '{S(naar).label}'."]
    voordracht.refresh_from_db()
    assert voordracht.status == van
    assert voordracht.transities.count() == rijen


@pytest.mark.parametrize("eind", [S.AANGENOMEN, S.NIET_PASSEND, S.AFGEWEZEN, S.ELDERS_GEPLAATST, S.INGETROKKEN])
def test_a_closed_voordracht_goes_nowhere(eind):
    voordracht = Voordracht(status=eind)
    assert not voordracht.is_open
    for naar in S:
        with pytest.raises(ValidationError):
            voordracht.controleer_overgang(naar)


# --- voordracht_reageren ----------------------------------------------------------------------


@pytest.mark.parametrize("delen", [True, False])
def test_niet_passend_stores_the_reason_whether_to_share_it_and_gives_follow_up_tasks(
        wereld, delen, django_capture_on_commit_callbacks):
    voordracht = _voordracht(wereld)
    with django_capture_on_commit_callbacks(execute=True):  # the tasks follow the commit (journey event)
        voordracht_reageren(voordracht=voordracht, door=wereld.werkgever_user, uitnodigen=False,
                            reden=Voordracht.Reden.REISAFSTAND, reden_toelichting="Twee uur reizen per dag.",
                            reden_delen=delen)
    voordracht.refresh_from_db()
    assert voordracht.status == S.NIET_PASSEND
    assert voordracht.reden == Voordracht.Reden.REISAFSTAND
    assert voordracht.reden_toelichting == "Twee uur reizen per dag."
    assert voordracht.reden_delen_met_kandidaat is delen
    assert voordracht.gereageerd_op is not None

    taken = list(Taak.objects.filter(voordracht=voordracht))
    assert sorted(t.toegewezen_aan.pk for t in taken) == sorted([wereld.klantmanager.pk, wereld.accountmanager.pk])
    for taak in taken:
        assert taak.afgerond_op is None and taak.uiterlijk is not None
        assert "Reisafstand is te groot" in taak.omschrijving
        assert wereld.werkgever.naam in taak.omschrijving
    # Each her own part: the klantmanager talks it through with the werkzoekende, the accountmanager (who does not
    # speak to the werkzoekende) looks for another kandidaat, and with the klantmanager for another vacature.
    bij = {t.toegewezen_aan: t.omschrijving for t in taken}
    assert bij[wereld.klantmanager].startswith(f"Bespreek met {voordracht.kandidaat}: niet passend bevonden bij ")
    assert bij[wereld.accountmanager].startswith(f"{voordracht.kandidaat} is niet passend bevonden bij ")
    assert f"Zoek een andere kandidaat voor {voordracht.vacature.titel}" in bij[wereld.accountmanager]
    assert "Bespreek met" not in bij[wereld.accountmanager]


@pytest.mark.parametrize("reden,toelichting,veld", [
    ("", "", "reden"),
    ("te_oud", "", "reden"),  # not on the list (and not a reason one may give)
    (Voordracht.Reden.ANDERS, "   ", "reden_toelichting"),
])
def test_niet_passend_needs_a_reason_from_the_list(wereld, reden, toelichting, veld):
    voordracht = _voordracht(wereld)
    with pytest.raises(ValidationError) as exc:
        voordracht_reageren(voordracht=voordracht, door=wereld.werkgever_user, uitnodigen=False, reden=reden,
                            reden_toelichting=toelichting)
    assert veld in exc.value.message_dict
    voordracht.refresh_from_db()
    assert voordracht.status == S.VOORGEDRAGEN
    assert voordracht.gereageerd_op is None
    assert not Taak.objects.filter(voordracht=voordracht).exists()


def test_uitnodigen_gives_no_follow_up_tasks(wereld):
    voordracht = _voordracht(wereld)
    _uitnodigen(wereld, voordracht)
    voordracht.refresh_from_db()
    assert voordracht.status == S.UITGENODIGD and voordracht.gereageerd_op is not None
    assert not Taak.objects.filter(voordracht=voordracht).exists()


# --- gesprek_plannen --------------------------------------------------------------------------


def test_a_gesprek_in_the_past_is_refused(wereld, django_capture_on_commit_callbacks):
    voordracht = _in_status(wereld, S.UITGENODIGD)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError) as exc:
        gesprek_plannen(voordracht=voordracht, door=wereld.accountmanager,
                        begint_op=timezone.now() - timedelta(minutes=5), locatie="Arnhem", begeleider_gaat_mee=False)
    assert "al voorbij" in " ".join(exc.value.message_dict["begint_op"])
    voordracht.refresh_from_db()
    assert voordracht.status == S.UITGENODIGD
    assert not Sollicitatiegesprek.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize("begeleider", [True, False], ids=["begeleider_gaat_mee", "zonder_begeleider"])
def test_invitation_with_ics_goes_to_all_and_to_the_klantmanager_only_when_asked(
    wereld, django_capture_on_commit_callbacks, begeleider
):
    voordracht = _in_status(wereld, S.UITGENODIGD)
    begint_op = _straks(dagen=4, uur=14, minuut=30)
    with django_capture_on_commit_callbacks(execute=True):
        gesprek = gesprek_plannen(voordracht=voordracht, door=wereld.accountmanager, begint_op=begint_op,
                                  locatie="Velperweg 12, Arnhem", begeleider_gaat_mee=begeleider)
    voordracht.refresh_from_db()
    assert voordracht.status == S.GESPREK_GEPLAND

    verwacht = {wereld.werkgever_user.email, wereld.accountmanager.email, wereld.werkzoekende_user.email}
    if begeleider:
        verwacht.add(wereld.klantmanager.email)
    gesprekmails = [b for b in mail.outbox if "sollicitatiegesprek" in b.subject.lower()]
    assert sorted(adres for bericht in gesprekmails for adres in bericht.to) == sorted(verwacht)
    for bericht in gesprekmails:
        event = _ics(bericht)
        assert event.decoded("dtstart") == begint_op
        assert event.decoded("dtend") - event.decoded("dtstart") == timedelta(minutes=60)
        assert str(event["uid"]) == gesprek.ics_uid
        assert str(event["location"]) == "Velperweg 12, Arnhem"
    kandidaat_mail = next(b for b in mail.outbox if wereld.werkzoekende_user.email in b.to)
    assert "Velperweg 12, Arnhem" in kandidaat_mail.body and "14:30" in kandidaat_mail.body


def test_moving_the_gesprek_keeps_the_uid_and_raises_the_sequence(wereld, django_capture_on_commit_callbacks):
    voordracht = _in_status(wereld, S.UITGENODIGD)
    with django_capture_on_commit_callbacks(execute=True):
        gesprek_plannen(voordracht=voordracht, door=wereld.accountmanager, begint_op=_straks(dagen=2),
                        locatie="Arnhem", begeleider_gaat_mee=False)
    eerste = _ics(next(b for b in mail.outbox if "sollicitatiegesprek" in b.subject.lower()))
    mail.outbox.clear()

    nieuw = _straks(dagen=5, uur=9, minuut=15)
    with django_capture_on_commit_callbacks(execute=True):
        gesprek_plannen(voordracht=voordracht, door=wereld.accountmanager, begint_op=nieuw, locatie="Ede",
                        begeleider_gaat_mee=False)
    assert Sollicitatiegesprek.objects.filter(voordracht=voordracht).count() == 1
    assert mail.outbox
    for bericht in mail.outbox:
        assert "Gewijzigd" in bericht.subject
        if "(ter informatie)" in bericht.subject:
            # The klantmanager who does not go along: the new time for information, no REQUEST for her calendar.
            assert bericht.to == [wereld.klantmanager.email]
            assert not [a for a in bericht.attachments if a[2].startswith("text/calendar")]
            continue
        event = _ics(bericht)
        assert str(event["uid"]) == str(eerste["uid"])
        assert int(event["sequence"]) > int(eerste.get("sequence", 0))
        assert event.decoded("dtstart") == nieuw
        assert str(event["location"]) == "Ede"


def test_the_same_gesprek_planned_twice_invites_and_tells_everyone_once(wereld, django_capture_on_commit_callbacks):
    """A double click on "Gesprek plannen": the second press moved the gesprek to the time it already had. Everyone
    got a second invitation ("Gewijzigd"), and Willem, the werkgever and the klantmanager a melding that the gesprek
    "is verplaatst" to the very same time. The same gesprek sent again now changes nothing; a real move still does."""
    voordracht = _in_status(wereld, S.UITGENODIGD)
    wanneer = _straks(dagen=2)
    mail.outbox.clear()
    for _keer in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            gesprek = gesprek_plannen(voordracht=voordracht, door=wereld.accountmanager, begint_op=wanneer,
                                      locatie="Arnhem", begeleider_gaat_mee=False)
    assert [b.subject for b in mail.outbox if "Gewijzigd" in b.subject] == []
    assert Melding.objects.filter(ontvanger=wereld.werkzoekende_user, tekst__contains="verplaatst").count() == 0
    assert voordracht.transities.filter(naar=S.GESPREK_GEPLAND).count() == 1
    assert Sollicitatiegesprek.objects.get(pk=gesprek.pk).volgnummer == 0
    with django_capture_on_commit_callbacks(execute=True):
        gesprek_plannen(voordracht=voordracht, door=wereld.accountmanager, begint_op=wanneer + timedelta(hours=1),
                        locatie="Arnhem", begeleider_gaat_mee=False)
    assert [b.subject for b in mail.outbox if "Gewijzigd" in b.subject]
    assert Melding.objects.filter(ontvanger=wereld.werkzoekende_user, tekst__contains="verplaatst").count() == 1


# --- voordracht_uitkomst ----------------------------------------------------------------------


def test_aangenomen_closes_the_kandidaats_other_open_voordrachten(wereld):
    gekozen = _in_status(wereld, S.GESPREK_GEPLAND)
    bij_ander_bedrijf = _in_status(wereld, S.VOORGEDRAGEN, vacature=_vacature(wereld, werkgever=WerkgeverFactory()))
    uitgenodigd = _in_status(wereld, S.UITGENODIGD)
    ook_gepland = _in_status(wereld, S.GESPREK_GEPLAND)
    al_dicht = _in_status(wereld, S.NIET_PASSEND)
    andere_kandidaat = _in_status(wereld, S.VOORGEDRAGEN, vacature=gekozen.vacature,
                                  kandidaat=KandidaatFactory(klantmanager=wereld.klantmanager))

    wereld.gesprek_geweest(gekozen)
    voordracht_uitkomst(voordracht=gekozen, door=wereld.werkgever_user, aangenomen=True)

    for voordracht, verwacht in [(gekozen, S.AANGENOMEN), (bij_ander_bedrijf, S.ELDERS_GEPLAATST),
                                 (uitgenodigd, S.ELDERS_GEPLAATST), (ook_gepland, S.ELDERS_GEPLAATST),
                                 (al_dicht, S.NIET_PASSEND), (andere_kandidaat, S.VOORGEDRAGEN)]:
        vorige = voordracht.status
        voordracht.refresh_from_db()
        assert voordracht.status == verwacht, voordracht
        if verwacht == S.ELDERS_GEPLAATST:
            laatste = voordracht.transities.order_by("-id").first()
            assert (laatste.van, laatste.naar, laatste.door) == (vorige, S.ELDERS_GEPLAATST, None)


def test_afgewezen_needs_a_reason_and_gives_follow_up_tasks(wereld, django_capture_on_commit_callbacks):
    voordracht = _in_status(wereld, S.GESPREK_GEPLAND)
    with pytest.raises(ValidationError) as exc:
        voordracht_uitkomst(voordracht=voordracht, door=wereld.werkgever_user, aangenomen=False, reden="")
    assert "reden" in exc.value.message_dict
    assert not Taak.objects.filter(voordracht=voordracht).exists()

    with django_capture_on_commit_callbacks(execute=True):
        voordracht_uitkomst(voordracht=voordracht, door=wereld.werkgever_user, aangenomen=False,
                            reden=Voordracht.Reden.TAAL, reden_toelichting="Instructies lezen lukt nog niet.",
                            reden_delen=True)
    voordracht.refresh_from_db()
    assert voordracht.status == S.AFGEWEZEN
    assert (voordracht.reden, voordracht.reden_delen_met_kandidaat) == (Voordracht.Reden.TAAL, True)
    taken = Taak.objects.filter(voordracht=voordracht)
    assert sorted(t.toegewezen_aan.pk for t in taken) == sorted([wereld.klantmanager.pk, wereld.accountmanager.pk])
    assert all("afgewezen na het gesprek" in t.omschrijving and "Taalniveau past niet" in t.omschrijving
               for t in taken)


# --- reminders after five working days ------------------------------------------------------

VRIJDAG = datetime(2026, 3, 6, 16, 0, tzinfo=AMS)


@pytest.fixture
def voordracht_van_vrijdag(wereld):
    with time_machine.travel(VRIJDAG, tick=False):
        return _voordracht(wereld)


def _herinneren_op(moment, capture):
    with time_machine.travel(moment, tick=False), capture(execute=True):
        return voordrachten_herinneren()


@pytest.mark.parametrize("moment", [
    datetime(2026, 3, 11, 10, 0, tzinfo=AMS),  # Wednesday: five calendar days, three working days
    datetime(2026, 3, 12, 23, 0, tzinfo=AMS),  # Thursday night: four working days
])
def test_no_reminder_before_five_working_days(voordracht_van_vrijdag, django_capture_on_commit_callbacks, moment):
    assert _herinneren_op(moment, django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []
    voordracht_van_vrijdag.refresh_from_db()
    assert voordracht_van_vrijdag.herinnering_verstuurd_op is None


def test_one_reminder_the_next_friday_even_when_run_twice(
    wereld, voordracht_van_vrijdag, django_capture_on_commit_callbacks
):
    volgende_vrijdag = datetime(2026, 3, 13, 9, 0, tzinfo=AMS)
    assert _herinneren_op(volgende_vrijdag, django_capture_on_commit_callbacks) == 1
    assert _herinneren_op(volgende_vrijdag + timedelta(hours=1), django_capture_on_commit_callbacks) == 0
    assert _herinneren_op(datetime(2026, 3, 16, 9, 0, tzinfo=AMS), django_capture_on_commit_callbacks) == 0
    herinneringen = [b for b in mail.outbox if "Wilt u nog reageren" in b.subject]
    assert sorted(b.to[0] for b in herinneringen) == sorted([wereld.werkgever_user.email, wereld.accountmanager.email])
    assert all("Monteur" in b.subject for b in herinneringen)
    herinnering = herinneringen[0]
    assert reverse("voordracht_detail", args=[voordracht_van_vrijdag.pk]) in herinnering.body
    voordracht_van_vrijdag.refresh_from_db()
    assert voordracht_van_vrijdag.herinnering_verstuurd_op == volgende_vrijdag


def test_an_answered_voordracht_gets_no_reminder(wereld, voordracht_van_vrijdag, django_capture_on_commit_callbacks):
    with time_machine.travel(datetime(2026, 3, 9, 9, 0, tzinfo=AMS), tick=False):
        _uitnodigen(wereld, voordracht_van_vrijdag)
    assert _herinneren_op(datetime(2026, 3, 20, 9, 0, tzinfo=AMS), django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []


UTC = dt_timezone.utc


@pytest.mark.parametrize("van,tot,verwacht", [
    (datetime(2026, 3, 6, 9, 0, tzinfo=AMS), datetime(2026, 3, 6, 17, 0, tzinfo=AMS), 0),  # same day
    (datetime(2026, 3, 6, 16, 0, tzinfo=AMS), datetime(2026, 3, 9, 8, 0, tzinfo=AMS), 1),  # Fri -> Mon
    (datetime(2026, 3, 6, 16, 0, tzinfo=AMS), datetime(2026, 3, 11, 8, 0, tzinfo=AMS), 3),  # Fri -> Wed
    (datetime(2026, 3, 6, 16, 0, tzinfo=AMS), datetime(2026, 3, 13, 8, 0, tzinfo=AMS), 5),  # Fri -> Fri
    (datetime(2026, 3, 7, 12, 0, tzinfo=AMS), datetime(2026, 3, 8, 12, 0, tzinfo=AMS), 0),  # Sat -> Sun
    (datetime(2026, 3, 7, 12, 0, tzinfo=AMS), datetime(2026, 3, 9, 12, 0, tzinfo=AMS), 1),  # Sat -> Mon
    (datetime(2026, 3, 2, 9, 0, tzinfo=AMS), datetime(2026, 3, 16, 9, 0, tzinfo=AMS), 10),  # two weeks
    (datetime(2026, 3, 13, 9, 0, tzinfo=AMS), datetime(2026, 3, 6, 9, 0, tzinfo=AMS), 0),  # the past
    # Thursday 23:30 UTC is already Friday in the Netherlands: counted from Friday.
    (datetime(2026, 3, 5, 23, 30, tzinfo=UTC), datetime(2026, 3, 13, 10, 0, tzinfo=AMS), 5),
    # Across the switch to summer time (Sunday 29 March 2026).
    (datetime(2026, 3, 27, 16, 0, tzinfo=AMS), datetime(2026, 4, 3, 9, 0, tzinfo=AMS), 5),
])
def test_werkdagen_geleden(van, tot, verwacht):
    assert werkdagen_geleden(van, tot) == verwacht


def test_the_invitation_names_who_takes_part_and_the_kandidaat_hears_of_their_own_klantmanager(
        wereld, django_capture_on_commit_callbacks):
    """Before: no ATTENDEE in the .ics, and the kandidaat was told to call the werkgever's accountmanager."""
    voordracht = _in_status(wereld, S.UITGENODIGD)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        gesprek_plannen(voordracht=voordracht, door=wereld.accountmanager, begint_op=_straks(dagen=3),
                        locatie="Arnhem", begeleider_gaat_mee=True)
    werkgever_mail = next(b for b in mail.outbox if b.to == [wereld.werkgever_user.email])
    ics = werkgever_mail.attachments[0][1]
    namen = {str(a.params["CN"]) for a in Calendar.from_ical(ics).walk("VEVENT")[0].get("ATTENDEE")}
    assert {"Anton Account", "Willem van de Vecht", "Karin Klant"} <= namen
    assert wereld.kandidaat.email not in ics and wereld.werkzoekende_user.email not in ics
    kandidaat_mail = next(b for b in mail.outbox if b.to == [wereld.werkzoekende_user.email])
    assert "Bel Karin Klant" in kandidaat_mail.body and "Anton" not in kandidaat_mail.body


def test_aangenomen_waits_until_the_gesprek_took_place(wereld):
    voordracht = _in_status(wereld, S.GESPREK_GEPLAND)  # the gesprek is in three days
    with pytest.raises(ValidationError) as exc:
        voordracht_uitkomst(voordracht=voordracht, door=wereld.werkgever_user, aangenomen=True)
    assert "Leg de uitkomst vast nadat het gesprek is geweest" in exc.value.messages[0]
    voordracht.refresh_from_db()
    assert voordracht.status == S.GESPREK_GEPLAND

    wereld.gesprek_geweest(voordracht)
    voordracht_uitkomst(voordracht=voordracht, door=wereld.werkgever_user, aangenomen=True)
    voordracht.refresh_from_db()
    assert voordracht.status == S.AANGENOMEN


def test_the_five_day_reminder_skips_christmas(wereld):
    # Proposed on Monday 22 December 2025: 23, 24, 29, 30, 31 December are the five werkdagen after it
    # (Christmas and the weekend do not count), so the reminder goes on Wednesday 31, not on Monday 29.
    with time_machine.travel(datetime(2025, 12, 22, 10, 0, tzinfo=AMS), tick=False):
        _voordracht(wereld)
    assert voordrachten_herinneren(nu=datetime(2025, 12, 30, 11, 0, tzinfo=AMS)) == 0
    assert voordrachten_herinneren(nu=datetime(2025, 12, 31, 11, 0, tzinfo=AMS)) == 1


# --- found by exploratory testing --------------------------------------------------------------


def test_the_invitation_tells_a_werkzoekende_going_alone_that_he_can_ask_for_his_begeleider(
    wereld, django_capture_on_commit_callbacks
):
    """The werkgever left "begeleider gaat mee" unticked and the mail said flatly "Je gaat zelf, zonder
    begeleider.", while Willem can ask for his begeleider himself on Mijn sollicitaties: the mail says so."""
    v = _voordracht(wereld)
    _uitnodigen(wereld, v)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _plannen(wereld, v)
    [uitnodiging] = [m for m in mail.outbox if wereld.werkzoekende_user.email in m.to]
    assert "Je gaat zelf, zonder begeleider." in uitnodiging.body
    assert "Wil je toch dat je begeleider meegaat? Dat kun je zelf vragen bij Mijn sollicitaties:" in uitnodiging.body
    assert f"{settings.SITE_URL}{reverse('mijn_voordrachten')}" in uitnodiging.body
    # Without an account there is no page to ask on: the mail does not send him to one.
    zonder = KandidaatFactory(account=None, email="z@voorbeeld.nl", klantmanager=wereld.klantmanager)
    v2 = _voordracht(wereld, kandidaat=zonder)
    _uitnodigen(wereld, v2)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _plannen(wereld, v2)
    [uitnodiging] = [m for m in mail.outbox if "z@voorbeeld.nl" in m.to]
    assert "zonder begeleider" in uitnodiging.body and "Mijn sollicitaties" not in uitnodiging.body


def test_a_move_tells_the_begeleider_it_moved_like_everyone_else(wereld, django_capture_on_commit_callbacks):
    """Moved, the begeleider got "Meegaan naar sollicitatiegesprek" saying Willem asked her to come along, while the
    others got "Gewijzigd: Sollicitatiegesprek": the invitation mail always asked the begeleider anew. A move tells
    her it moved; a begeleider who goes along from this move on is asked (her first mail about it)."""
    v = _voordracht(wereld)
    _uitnodigen(wereld, v)
    with django_capture_on_commit_callbacks(execute=True):
        gesprek_plannen(voordracht=v, door=wereld.accountmanager, begint_op=_straks(), locatie="Arnhem",
                        begeleider_gaat_mee=True)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        gesprek_plannen(voordracht=v, door=wereld.accountmanager, begint_op=_straks(uur=14), locatie="Arnhem",
                        begeleider_gaat_mee=True)
    [begeleider] = [m for m in mail.outbox if wereld.klantmanager.email in m.to]
    assert begeleider.subject.endswith(f"Gewijzigd: Sollicitatiegesprek {v.vacature.titel}")
    assert {m.subject for m in mail.outbox} == {begeleider.subject}  # as the werkgever, Anton and Willem
    assert "heeft gevraagd of je meegaat" not in begeleider.body
    assert ("Het sollicitatiegesprek van Willem van de Vecht is verplaatst. Je gaat mee als begeleider."
            in begeleider.body)
    assert "14:00" in begeleider.body
    # Not along before, along from this move: asked, as at the first planning.
    with django_capture_on_commit_callbacks(execute=True):
        gesprek_plannen(voordracht=v, door=wereld.accountmanager, begint_op=_straks(uur=15), locatie="Arnhem",
                        begeleider_gaat_mee=False)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        gesprek_plannen(voordracht=v, door=wereld.accountmanager, begint_op=_straks(uur=16), locatie="Arnhem",
                        begeleider_gaat_mee=True)
    [begeleider] = [m for m in mail.outbox if wereld.klantmanager.email in m.to]
    assert begeleider.subject.endswith(f"Meegaan naar sollicitatiegesprek {v.vacature.titel}")
