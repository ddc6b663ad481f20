"""The agenda: afspraken with participants, moving and cancelling tells everyone, sign-up with a waiting list,
the reminder 24 hours before (exactly once), and the sollicitatiegesprek kept in step by a journey event."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from icalendar import Calendar

from agenda import services
from agenda.models import Afspraak, Deelnemer
from agenda.selectors import afspraken_van, agenda_items
from bemiddeling.services import gesprek_plannen
from werkzoekenden.tests.factories import KandidaatFactory


@pytest.fixture
def met_commit(django_capture_on_commit_callbacks):
    """Call a service; run what waits for the commit (reactions, mail)."""

    def _met_commit(service, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return service(**kwargs)

    return _met_commit


def _ics(bericht):
    [bijlage] = [a for a in bericht.attachments if a[0].endswith(".ics")]
    inhoud = bijlage[1]
    return Calendar.from_ical(inhoud.encode() if isinstance(inhoud, str) else inhoud)


def _morgen(uur=10):
    return (timezone.localtime() + timedelta(days=2)).replace(hour=uur, minute=0, second=0, microsecond=0)


def _bezoek(wereld, met_commit, **extra):
    start = extra.pop("start", _morgen())
    return met_commit(services.afspraak_plannen, door=wereld.accountmanager,
                      soort=Afspraak.Soort.KENNISMAKINGSBEZOEK, titel="", start=start, eind=start + timedelta(hours=1),
                      plaats="Bakkerstraat 1, Arnhem", werkgever=wereld.werkgever, gebruikers=[wereld.werkgever_user],
                      **extra)


def test_plannen_nodigt_de_anderen_uit_met_ics(wereld, met_commit):
    afspraak = _bezoek(wereld, met_commit)
    assert afspraak.titel == "Kennismakingsbezoek"
    assert set(afspraak.deelnemers.values_list("gebruiker_id", flat=True)) == {wereld.accountmanager.pk,
                                                                              wereld.werkgever_user.pk}
    [bericht] = [m for m in mail.outbox if "Afspraak:" in m.subject]
    assert bericht.to == [wereld.werkgever_user.email]  # the organiser does not mail themself
    event = _ics(bericht).walk("VEVENT")[0]
    assert str(event["uid"]) == afspraak.ics_uid and int(event["sequence"]) == 0
    assert afspraak in afspraken_van(wereld.werkgever_user)


def test_de_uitnodiging_zegt_je_tegen_de_collega_en_u_tegen_de_werkgever(wereld, met_commit):
    """Before: the klantmanager invited to a bezoek read the werkgever's "U bent uitgenodigd" and "uw agenda"."""
    start = _morgen()
    met_commit(services.afspraak_plannen, door=wereld.accountmanager, soort=Afspraak.Soort.KENNISMAKINGSBEZOEK,
               titel="", start=start, eind=start + timedelta(hours=1), plaats="Bakkerstraat 1, Arnhem",
               werkgever=wereld.werkgever, gebruikers=[wereld.werkgever_user, wereld.klantmanager])
    mails = {m.to[0]: m.body for m in mail.outbox if "Afspraak:" in m.subject}
    collega, werkgever = mails[wereld.klantmanager.email], mails[wereld.werkgever_user.email]
    assert "Je bent uitgenodigd voor een afspraak" in collega and "voor je agenda" in collega
    assert not re.search(r"\b(u|uw)\b", collega, re.IGNORECASE), collega
    assert "U bent uitgenodigd voor een afspraak" in werkgever and "voor uw agenda" in werkgever


@pytest.mark.parametrize("veld,waarden", [
    ("eind", {"eind_min": 0}), ("plaats", {"plaats": ""}), ("start", {"verleden": True}),
    ("capaciteit", {"capaciteit": 10}),
])
def test_plannen_weigert_onzin_met_een_duidelijke_melding(wereld, veld, waarden):
    from django.core.exceptions import ValidationError

    start = _morgen() - timedelta(days=5) if waarden.get("verleden") else _morgen()
    with pytest.raises(ValidationError) as fout:
        services.afspraak_plannen(door=wereld.accountmanager, soort=Afspraak.Soort.KENNISMAKINGSBEZOEK, titel="x",
                                  start=start, eind=start + timedelta(minutes=waarden.get("eind_min", 60)),
                                  plaats=waarden.get("plaats", "Arnhem"), capaciteit=waarden.get("capaciteit"))
    assert veld in fout.value.message_dict


def test_database_bewaakt_eind_na_start_en_een_deelname_per_persoon(wereld, met_commit):
    afspraak = _bezoek(wereld, met_commit)
    with pytest.raises(IntegrityError), transaction.atomic():
        Afspraak.objects.filter(pk=afspraak.pk).update(eind=afspraak.start)
    with pytest.raises(IntegrityError), transaction.atomic():
        Deelnemer.objects.create(afspraak=afspraak, gebruiker=wereld.werkgever_user)
    with pytest.raises(IntegrityError), transaction.atomic():
        Deelnemer.objects.create(afspraak=afspraak)


def test_verplaatsen_en_annuleren_vertellen_iedereen_met_dezelfde_uid(wereld, met_commit):
    afspraak = _bezoek(wereld, met_commit)
    mail.outbox.clear()
    nieuw = _morgen(14)
    afspraak = met_commit(services.afspraak_verplaatsen, afspraak=afspraak, door=wereld.accountmanager, start=nieuw,
                          eind=nieuw + timedelta(hours=1))
    assert afspraak.status == Afspraak.Status.VERPLAATST and afspraak.volgnummer == 1
    ontvangers = sorted(adres for m in mail.outbox if "Gewijzigd:" in m.subject for adres in m.to)
    assert ontvangers == sorted([wereld.accountmanager.email, wereld.werkgever_user.email])
    event = _ics(mail.outbox[0]).walk("VEVENT")[0]
    assert str(event["uid"]) == afspraak.ics_uid and int(event["sequence"]) == 1
    assert event.decoded("dtstart") == nieuw
    mail.outbox.clear()
    met_commit(services.afspraak_annuleren, afspraak=afspraak, door=wereld.accountmanager)
    assert len([m for m in mail.outbox if "Gaat niet door:" in m.subject]) == 2
    cal = _ics(mail.outbox[0])
    assert str(cal["method"]) == "CANCEL" and int(cal.walk("VEVENT")[0]["sequence"]) == 2


def _workshop(wereld, met_commit, capaciteit=1):
    start = _morgen()
    return met_commit(services.afspraak_plannen, door=wereld.klantmanager, soort=Afspraak.Soort.GROEPSBIJEENKOMST,
                      titel="Workshop solliciteren", start=start, eind=start + timedelta(hours=2),
                      plaats="Wijkcentrum", capaciteit=capaciteit)


def test_aanmelden_tot_vol_dan_wachtlijst_en_een_vrije_plek_schuift_door(wereld, met_commit):
    workshop = _workshop(wereld, met_commit)
    anja = KandidaatFactory(voornaam="Anja")
    eerste = services.aanmelden(afspraak=workshop, door=wereld.werkzoekende_user, kandidaat=wereld.kandidaat)
    tweede = services.aanmelden(afspraak=workshop, door=wereld.werkzoekende_user, kandidaat=anja)
    assert (eerste.status, tweede.status) == (Deelnemer.Status.AANGEMELD, Deelnemer.Status.WACHTLIJST)
    mail.outbox.clear()
    met_commit(services.afmelden, afspraak=workshop, door=wereld.werkzoekende_user, kandidaat=wereld.kandidaat)
    tweede.refresh_from_db()
    assert tweede.status == Deelnemer.Status.AANGEMELD
    assert [m.to for m in mail.outbox if "plek" in m.subject] == [[anja.email]]
    # Signing up again after signing off: back in line, not a second row.
    weer = services.aanmelden(afspraak=workshop, door=wereld.werkzoekende_user, kandidaat=wereld.kandidaat)
    assert weer.pk == eerste.pk and weer.status == Deelnemer.Status.WACHTLIJST


def test_herinnering_precies_een_keer_en_opnieuw_na_verplaatsen(wereld, met_commit):
    afspraak = _bezoek(wereld, met_commit)
    mail.outbox.clear()
    assert met_commit(services.herinneringen_versturen, nu=afspraak.start - timedelta(hours=25)) == 0
    assert met_commit(services.herinneringen_versturen, nu=afspraak.start - timedelta(hours=23)) == 2
    assert met_commit(services.herinneringen_versturen, nu=afspraak.start - timedelta(hours=22)) == 0
    assert sorted(a for m in mail.outbox if "Morgen:" in m.subject for a in m.to) == sorted(
        [wereld.accountmanager.email, wereld.werkgever_user.email])
    nieuw = afspraak.start + timedelta(days=3)
    met_commit(services.afspraak_verplaatsen, afspraak=afspraak, door=wereld.accountmanager, start=nieuw,
               eind=nieuw + timedelta(hours=1))
    assert met_commit(services.herinneringen_versturen, nu=nieuw - timedelta(hours=23)) == 2
    assert met_commit(services.herinneringen_versturen, nu=nieuw - timedelta(hours=1)) == 0


def test_geen_herinnering_voor_een_geannuleerde_afspraak(wereld, met_commit):
    afspraak = _bezoek(wereld, met_commit)
    met_commit(services.afspraak_annuleren, afspraak=afspraak, door=wereld.accountmanager)
    assert met_commit(services.herinneringen_versturen, nu=afspraak.start - timedelta(hours=1)) == 0


def test_gesprek_gepland_door_werkgever_staat_bij_alle_vier_en_verplaatsen_meldt_alle_vier(wereld, met_commit):
    """The journey of issue #13: the werkgever plans; werkgever, accountmanager, klantmanager and werkzoekende
    see it in their agenda; moved, all four hear it."""
    wereld.met_bemiddeling()  # Willem's voordracht with a gesprek planned by the accountmanager (no commit)
    start = _morgen(11)
    mail.outbox.clear()
    gesprek = met_commit(gesprek_plannen, voordracht=wereld.voordracht, door=wereld.werkgever_user, begint_op=start,
                         locatie="Bakkerij, Arnhem", begeleider_gaat_mee=False)
    afspraak = Afspraak.objects.get(gesprek=gesprek)
    assert afspraak.ics_uid == gesprek.ics_uid and afspraak.start == start
    vier = [wereld.werkgever_user, wereld.accountmanager, wereld.klantmanager, wereld.werkzoekende_user]
    van, tot = start - timedelta(days=1), start + timedelta(days=1)
    for gebruiker in vier:
        assert [i.afspraak for i in agenda_items(gebruiker, van, tot) if i.afspraak] == [afspraak], gebruiker.rol
    assert not afspraken_van(wereld.vreemde_klantmanager).exists()
    mail.outbox.clear()
    later = start + timedelta(days=1)
    met_commit(gesprek_plannen, voordracht=wereld.voordracht, door=wereld.werkgever_user, begint_op=later,
               locatie="Bakkerij, Arnhem", begeleider_gaat_mee=False)
    afspraak.refresh_from_db()
    assert afspraak.start == later and afspraak.status == Afspraak.Status.VERPLAATST
    assert afspraak.volgnummer == gesprek.volgnummer + 1
    ontvangers = {a for m in mail.outbox for a in m.to}
    for gebruiker in vier:
        assert gebruiker.email in ontvangers, gebruiker.rol
    # The reminder follows the new time.
    assert set(afspraak.deelnemers.values_list("herinnering_op", flat=True)) == {later - timedelta(hours=24)}


def test_reactie_die_twee_keer_draait_mailt_niet_twee_keer(wereld, met_commit):
    wereld.met_bemiddeling()
    services.gesprek_bijwerken(gesprek_id=wereld.gesprek.pk)
    mail.outbox.clear()
    with transaction.atomic():
        services.gesprek_bijwerken(gesprek_id=wereld.gesprek.pk)
    assert Afspraak.objects.filter(gesprek=wereld.gesprek).count() == 1
    assert mail.outbox == []


def test_ingetrokken_voordracht_annuleert_het_gesprek_in_de_agenda(wereld, met_commit):
    wereld.met_bemiddeling()
    services.gesprek_bijwerken(gesprek_id=wereld.gesprek.pk)
    from werkzoekenden.services import toestemming_intrekken

    met_commit(toestemming_intrekken, toestemming=wereld.toestemming, door=wereld.werkzoekende_user)
    afspraak = Afspraak.objects.get(gesprek=wereld.gesprek)
    assert afspraak.status == Afspraak.Status.GEANNULEERD
    assert set(afspraak.deelnemers.values_list("herinnering_op", flat=True)) == {None}
