"""The agenda: afspraken with participants, moving and cancelling tells everyone, sign-up with a waiting list,
the reminder 24 hours before (exactly once), and the sollicitatiegesprek kept in step by a journey event."""

import importlib
import re
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.base import Lexer, TokenType
from django.utils import timezone
from icalendar import Calendar

from agenda import ics, services
from agenda.models import Afspraak, Deelnemer
from agenda.reacties import nieuwe_tijd_voorstellen
from agenda.selectors import afspraken_van, agenda_items
from bemiddeling.services import begeleider_kiezen, gesprek_plannen
from klantreis.lib import datums
from meldingen.models import Bezorging, Melding
from meldingen.services import voorkeur_instellen
from outbox.models import Gebeurtenis
from taken.models import Taak
from taken.services import taak_afronden
from werkzoekenden.services import toestemming_intrekken
from werkzoekenden.tests.factories import KandidaatFactory

# A migration's module name starts with a digit: imported by name, once.
MIGRATIE_0004 = importlib.import_module("agenda.migrations.0004_kan_niet_sleutel_met_tijd")


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


def test_elke_zin_van_de_afspraakmail_staat_in_de_vertaling():
    """Every sentence of the agenda mail is wrapped for translation: outside the translate tags only variables,
    spaces and punctuation are left (before: the whole mail was plain Dutch)."""
    bron = (Path(settings.BASE_DIR) / "templates/emails/agenda/afspraak.txt").read_text()
    bron = re.sub(r"{% blocktranslate.*?%}.*?{% endblocktranslate %}", "", bron, flags=re.DOTALL)
    los = [t.contents for t in Lexer(bron).tokenize() if t.token_type == TokenType.TEXT
           and re.search(r"[^\W\d_]", t.contents)]
    assert los == []


@pytest.mark.parametrize("veld,waarden", [
    ("eind", {"eind_min": 0}), ("plaats", {"plaats": ""}), ("start", {"verleden": True}),
    ("capaciteit", {"capaciteit": 10}),
])
def test_plannen_weigert_onzin_met_een_duidelijke_melding(wereld, veld, waarden):
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
    met_commit(toestemming_intrekken, toestemming=wereld.toestemming, door=wereld.werkzoekende_user)
    afspraak = Afspraak.objects.get(gesprek=wereld.gesprek)
    assert afspraak.status == Afspraak.Status.GEANNULEERD
    assert set(afspraak.deelnemers.values_list("herinnering_op", flat=True)) == {None}


# --- "ik kan niet" -----------------------------------------------------------------------------


def _km_gesprek(wereld, met_commit, soort=Afspraak.Soort.KLANTMANAGERGESPREK):
    start = _morgen()
    return met_commit(services.afspraak_plannen, door=wereld.klantmanager, soort=soort, titel="", start=start,
                      eind=start + timedelta(hours=1), plaats="Werkplein", kandidaten=[wereld.kandidaat])


def _kan_niet(wereld, met_commit, afspraak, reden="Ik moet werken"):
    return met_commit(services.kan_niet_melden, deelnemer=afspraak.deelnemers.get(kandidaat=wereld.kandidaat),
                      door=wereld.werkzoekende_user, reden=reden, wanneer_wel="dinsdagochtend of donderdag na 13:00")


def _nieuwe_tijd_taken(afspraak):
    return Taak.objects.filter(sleutel__startswith=f"agenda:kan_niet:{afspraak.pk}:")


def test_kan_niet_staat_bij_haar_deelname_en_de_klantmanager_krijgt_een_melding_en_een_taak(wereld, met_commit):
    afspraak = _km_gesprek(wereld, met_commit)
    deelnemer = _kan_niet(wereld, met_commit, afspraak)
    deelnemer.refresh_from_db()
    assert deelnemer.status == Deelnemer.Status.KAN_NIET and deelnemer.kan_niet_reden == "Ik moet werken"
    assert deelnemer.kan_niet_wanneer_wel == "dinsdagochtend of donderdag na 13:00" and deelnemer.kan_niet_op
    [melding] = Melding.objects.filter(ontvanger=wereld.klantmanager, sleutel__contains=":antwoord:")
    assert "Willem van de Vecht kan niet op" in melding.tekst and melding.url == f"/agenda/afspraken/{afspraak.pk}/"
    [taak] = _nieuwe_tijd_taken(afspraak)
    assert taak.toegewezen_aan == wereld.klantmanager and taak.kandidaat == wereld.kandidaat
    assert taak.omschrijving.startswith("Nieuwe tijd voorstellen: Willem van de Vecht kan niet op")
    assert taak.afgerond_op is None
    # A second click: one answer, one event, one task.
    _kan_niet(wereld, met_commit, afspraak, reden="Iets anders")
    deelnemer.refresh_from_db()
    assert deelnemer.kan_niet_reden == "Ik moet werken"
    assert Gebeurtenis.objects.filter(soort=services.DEELNEMER_KAN_NIET).count() == 1
    assert _nieuwe_tijd_taken(afspraak).count() == 1
    # Who cannot come gets no reminder the day before; the klantmanager, who still comes, does.
    mail.outbox.clear()
    assert met_commit(services.herinneringen_versturen, nu=afspraak.start - timedelta(hours=23)) == 1
    assert [m.to for m in mail.outbox if "Morgen:" in m.subject] == [[wereld.klantmanager.email]]


def test_verplaatsen_nodigt_haar_opnieuw_uit_en_rondt_de_taak_af(wereld, met_commit):
    afspraak = _km_gesprek(wereld, met_commit)
    _kan_niet(wereld, met_commit, afspraak)
    mail.outbox.clear()
    nieuw = _morgen(14)
    met_commit(services.afspraak_verplaatsen, afspraak=afspraak, door=wereld.klantmanager, start=nieuw,
               eind=nieuw + timedelta(hours=1))
    deelnemer = afspraak.deelnemers.get(kandidaat=wereld.kandidaat)
    assert (deelnemer.status, deelnemer.kan_niet_reden, deelnemer.kan_niet_op) == (Deelnemer.Status.AANGEMELD, "",
                                                                                  None)
    assert wereld.werkzoekende_user.email in [a for m in mail.outbox if "Gewijzigd:" in m.subject for a in m.to]
    [taak] = _nieuwe_tijd_taken(afspraak)
    assert taak.afgerond_op is not None
    # Cannot come at the new time either: a new task, the old one stays done.
    _kan_niet(wereld, met_commit, afspraak, reden="Weer werken")
    assert sorted(t.afgerond_op is None for t in _nieuwe_tijd_taken(afspraak)) == [False, True]


def test_annuleren_rondt_de_taak_af_en_ook_wie_niet_kon_krijgt_de_annulering(wereld, met_commit):
    afspraak = _km_gesprek(wereld, met_commit)
    _kan_niet(wereld, met_commit, afspraak)
    mail.outbox.clear()
    met_commit(services.afspraak_annuleren, afspraak=afspraak, door=wereld.klantmanager)
    assert wereld.werkzoekende_user.email in [a for m in mail.outbox if "Gaat niet door:" in m.subject for a in m.to]
    assert _nieuwe_tijd_taken(afspraak).get().afgerond_op is not None
    with pytest.raises(ValidationError, match="Deze afspraak gaat niet door"):
        services.kan_toch(deelnemer=afspraak.deelnemers.get(kandidaat=wereld.kandidaat), door=wereld.werkzoekende_user)


def test_kan_toch_rondt_de_taak_af_en_meldt_het_en_weer_niet_opent_dezelfde_taak(wereld, met_commit):
    afspraak = _km_gesprek(wereld, met_commit)
    deelnemer = _kan_niet(wereld, met_commit, afspraak)
    deelnemer = met_commit(services.kan_toch, deelnemer=deelnemer, door=wereld.werkzoekende_user)
    assert (deelnemer.status, deelnemer.kan_niet_reden) == (Deelnemer.Status.AANGEMELD, "")
    assert _nieuwe_tijd_taken(afspraak).get().afgerond_op is not None
    assert Melding.objects.filter(ontvanger=wereld.klantmanager, tekst__contains="kan toch op").count() == 1
    _kan_niet(wereld, met_commit, afspraak)
    assert _nieuwe_tijd_taken(afspraak).get().afgerond_op is None


def test_een_afgeronde_taak_blijft_af_als_een_ander_niet_kan(wereld, met_commit):
    anja = KandidaatFactory(voornaam="Anja", achternaam="Roest", klantmanager=wereld.klantmanager)
    start = _morgen()
    afspraak = met_commit(services.afspraak_plannen, door=wereld.klantmanager,
                          soort=Afspraak.Soort.KLANTMANAGERGESPREK, titel="", start=start,
                          eind=start + timedelta(hours=1), plaats="Werkplein", kandidaten=[wereld.kandidaat, anja])
    _kan_niet(wereld, met_commit, afspraak)
    [taak_willem] = _nieuwe_tijd_taken(afspraak)
    taak_afronden(taak=taak_willem, door=wereld.klantmanager)  # "Markeer als afgerond"
    met_commit(services.kan_niet_melden, deelnemer=afspraak.deelnemers.get(kandidaat=anja), door=wereld.klantmanager,
               reden="Ik ben ziek")
    taak_willem.refresh_from_db()
    assert taak_willem.afgerond_op is not None
    assert _nieuwe_tijd_taken(afspraak).get(kandidaat=anja).afgerond_op is None
    # A change that is no new time (the gesprek's reaction run again) opens nothing again either.
    nieuwe_tijd_voorstellen(Gebeurtenis(soort=services.AFSPRAAK_GEWIJZIGD, gegevens={"afspraak_id": afspraak.pk}))
    taak_willem.refresh_from_db()
    assert taak_willem.afgerond_op is not None


def test_weer_niet_na_toch_geeft_de_taak_aan_wie_nu_opnieuw_plant(wereld, met_commit):
    afspraak = _bezoek(wereld, met_commit, kandidaten=[wereld.kandidaat])
    deelnemer = _kan_niet(wereld, met_commit, afspraak)
    assert _nieuwe_tijd_taken(afspraak).get().toegewezen_aan == wereld.accountmanager
    met_commit(services.kan_toch, deelnemer=deelnemer, door=wereld.werkzoekende_user)
    wereld.accountmanager.is_active = False  # the organiser left
    wereld.accountmanager.save(update_fields=["is_active"])
    _kan_niet(wereld, met_commit, afspraak, reden="Weer werken")
    taak = _nieuwe_tijd_taken(afspraak).get()
    assert (taak.afgerond_op, taak.toegewezen_aan) == (None, wereld.klantmanager)


def test_niet_meer_na_het_begin_of_als_de_afspraak_niet_doorgaat(wereld, met_commit):
    afspraak = _km_gesprek(wereld, met_commit)
    deelnemer = afspraak.deelnemers.get(kandidaat=wereld.kandidaat)
    Afspraak.objects.filter(pk=afspraak.pk).update(start=timezone.now() - timedelta(minutes=5))
    with pytest.raises(ValidationError, match="al begonnen"):
        services.kan_niet_melden(deelnemer=deelnemer, door=wereld.werkzoekende_user, reden="Ziek")
    Afspraak.objects.filter(pk=afspraak.pk).update(start=_morgen(), status=Afspraak.Status.GEANNULEERD)
    with pytest.raises(ValidationError, match="gaat niet door"):
        services.kan_niet_melden(deelnemer=deelnemer, door=wereld.werkzoekende_user, reden="Ziek")
    with pytest.raises(ValidationError) as fout:
        services.kan_niet_melden(deelnemer=deelnemer, door=wereld.werkzoekende_user, reden="   ")
    assert "reden" in fout.value.message_dict
    deelnemer.refresh_from_db()
    assert deelnemer.status == Deelnemer.Status.AANGEMELD


def test_database_bewaakt_kan_niet_met_reden_en_bekende_status(wereld, met_commit):
    afspraak = _km_gesprek(wereld, met_commit)
    rijen = afspraak.deelnemers
    with pytest.raises(IntegrityError), transaction.atomic():
        rijen.filter(kandidaat=wereld.kandidaat).update(status="kan_niet", kan_niet_op=timezone.now())
    with pytest.raises(IntegrityError), transaction.atomic():
        rijen.filter(gebruiker=wereld.klantmanager).update(status="kan_niet", kan_niet_op=timezone.now())
    with pytest.raises(IntegrityError), transaction.atomic():
        rijen.filter(kandidaat=wereld.kandidaat).update(status="misschien")
    rijen.filter(kandidaat=wereld.kandidaat).update(status="kan_niet", kan_niet_reden="x", kan_niet_op=timezone.now())


def test_kan_niet_bij_een_sollicitatiegesprek_is_voor_de_accountmanager_en_verplaatsen_nodigt_opnieuw_uit(
        wereld, met_commit):
    wereld.met_bemiddeling()
    afspraak = services.gesprek_bijwerken(gesprek_id=wereld.gesprek.pk)
    _kan_niet(wereld, met_commit, afspraak)
    [taak] = _nieuwe_tijd_taken(afspraak)
    assert (taak.toegewezen_aan, taak.voordracht) == (wereld.accountmanager, wereld.voordracht)
    later = _morgen(15) + timedelta(days=3)
    met_commit(gesprek_plannen, voordracht=wereld.voordracht, door=wereld.accountmanager, begint_op=later,
               locatie="Arnhem", begeleider_gaat_mee=True)
    assert afspraak.deelnemers.get(kandidaat=wereld.kandidaat).status == Deelnemer.Status.AANGEMELD
    assert _nieuwe_tijd_taken(afspraak).get().afgerond_op is not None


def test_de_taak_blijft_open_als_het_volgnummer_stijgt_zonder_nieuwe_tijd(wereld, met_commit):
    """Willem cannot come to the sollicitatiegesprek; then he asks his begeleider to come along, which raises the
    gesprek's SEQUENCE (her invitation) and the Afspraak's with it, at the same time. The task's key held that
    SEQUENCE: when a move's AFSPRAAK_GEWIJZIGD was handled after that (late, a retry, or the gesprek's reaction run
    again), the task no longer matched the "new" key and was closed, while Willem still cannot come, and nothing
    opened it again. The task is about the time he cannot come: it stays open until the time changes."""
    wereld.met_bemiddeling()
    afspraak = services.gesprek_bijwerken(gesprek_id=wereld.gesprek.pk)
    _kan_niet(wereld, met_commit, afspraak)
    [taak] = _nieuwe_tijd_taken(afspraak)
    met_commit(begeleider_kiezen, gesprek=wereld.gesprek, door=wereld.werkzoekende_user, mee=False)
    afspraak.refresh_from_db()
    assert afspraak.volgnummer == wereld.gesprek.volgnummer + 1  # the agenda follows the SEQUENCE, same time
    assert afspraak.deelnemers.get(kandidaat=wereld.kandidaat).status == Deelnemer.Status.KAN_NIET
    nieuwe_tijd_voorstellen(Gebeurtenis(soort=services.AFSPRAAK_GEWIJZIGD, gegevens={"afspraak_id": afspraak.pk}))
    taak.refresh_from_db()
    assert taak.afgerond_op is None
    assert [t.pk for t in _nieuwe_tijd_taken(afspraak)] == [taak.pk]
    # "Kan toch" and "kan niet" again at that same time: the same task opens again, not a second one.
    deelnemer = met_commit(services.kan_toch, deelnemer=afspraak.deelnemers.get(kandidaat=wereld.kandidaat),
                           door=wereld.werkzoekende_user)
    _kan_niet(wereld, met_commit, afspraak, reden="Toch weer werken")
    assert [(t.pk, t.afgerond_op) for t in _nieuwe_tijd_taken(afspraak)] == [(taak.pk, None)]
    # Moved to a new time: invited again, the task is done; not able then either: a new task for the new time.
    later = _morgen(15) + timedelta(days=3)
    met_commit(gesprek_plannen, voordracht=wereld.voordracht, door=wereld.accountmanager, begint_op=later,
               locatie="Arnhem", begeleider_gaat_mee=False)
    taak.refresh_from_db()
    assert taak.afgerond_op is not None and deelnemer.pk
    _kan_niet(wereld, met_commit, afspraak, reden="Weer werken")
    assert sorted(t.afgerond_op is None for t in _nieuwe_tijd_taken(afspraak)) == [False, True]


def test_de_migratie_geeft_de_taken_van_nu_de_sleutel_met_de_tijd(wereld, met_commit):
    """Migration 0003: a task with the key of before (the SEQUENCE) that still stands gets the key the reaction looks
    for now; one of an earlier time keeps its old key."""
    afspraak = _km_gesprek(wereld, met_commit)
    _kan_niet(wereld, met_commit, afspraak)
    [taak] = _nieuwe_tijd_taken(afspraak)
    deelnemer = afspraak.deelnemers.get(kandidaat=wereld.kandidaat)
    nu = taak.sleutel
    voor = f"agenda:kan_niet:{afspraak.pk}:{deelnemer.pk}:"
    Taak.objects.filter(pk=taak.pk).update(sleutel=f"{voor}{afspraak.volgnummer + 1}")
    oud = Taak.objects.create(toegewezen_aan=wereld.klantmanager, omschrijving="Vorige tijd",
                              sleutel=f"agenda:kan_niet:{afspraak.pk}:{deelnemer.pk}:7", afgerond_op=timezone.now())
    migratie = MIGRATIE_0004
    migratie.sleutels_met_tijd(apps, None)
    taak.refresh_from_db()
    oud.refresh_from_db()
    assert (taak.sleutel, oud.sleutel) == (nu, f"agenda:kan_niet:{afspraak.pk}:{deelnemer.pk}:7")


def test_de_migratie_terug_geeft_de_taken_van_nu_het_volgnummer_weer(wereld, met_commit):
    """Migration 0004 rolled back (a deploy taken back): it did nothing, so the tasks kept the key with the time,
    which the code of before does not look for. Its next event of the afspraak closed the task of an answer that
    still stands, and "kan niet" again opened a second one. Back, the task of the current time gets the key with the
    SEQUENCE; one of an earlier time keeps its key."""
    afspraak = _km_gesprek(wereld, met_commit)
    _kan_niet(wereld, met_commit, afspraak)
    [taak] = _nieuwe_tijd_taken(afspraak)
    deelnemer = afspraak.deelnemers.get(kandidaat=wereld.kandidaat)
    afspraak.refresh_from_db()
    assert taak.sleutel == f"agenda:kan_niet:{afspraak.pk}:{deelnemer.pk}:{int(afspraak.start.timestamp())}"
    oud = Taak.objects.create(toegewezen_aan=wereld.klantmanager, omschrijving="Vorige tijd",
                              sleutel=f"agenda:kan_niet:{afspraak.pk}:{deelnemer.pk}:1700000000",
                              afgerond_op=timezone.now())
    MIGRATIE_0004.sleutels_met_volgnummer(apps, None)
    taak.refresh_from_db()
    oud.refresh_from_db()
    assert taak.sleutel == f"agenda:kan_niet:{afspraak.pk}:{deelnemer.pk}:{afspraak.volgnummer}"
    assert oud.sleutel == f"agenda:kan_niet:{afspraak.pk}:{deelnemer.pk}:1700000000"


# --- de begeleider gaat niet meer mee --------------------------------------------------------------


def _begeleider_ics(wereld):
    """The .ics events the klantmanager got, in order, as (METHOD, UID, SEQUENCE)."""
    gezien = []
    for bericht in mail.outbox:
        if wereld.klantmanager.email not in bericht.to:
            continue
        for naam, inhoud, _soort in bericht.attachments:
            if naam.endswith(".ics"):
                cal = Calendar.from_ical(inhoud.encode() if isinstance(inhoud, str) else inhoud)
                [event] = cal.walk("VEVENT")
                gezien.append((str(cal["method"]), str(event["uid"]), int(event["sequence"])))
    return gezien


def test_alleen_naar_het_gesprek_haalt_het_uit_de_agenda_van_de_klantmanager_en_weer_mee_nodigt_opnieuw_uit(
        wereld, met_commit):
    """Willem first asked his klantmanager to come along, then tapped "Ik ga liever alleen": she got a melding,
    but the invitation stayed in her own calendar (Outlook) as one to attend. Now she gets a CANCEL for the same UID
    with a higher SEQUENCE; asked again, a REQUEST above that. Her agenda in the portal and her feed say she need
    not come, and no reminder the day before puts it back in her calendar."""
    start = _morgen(11)
    mail.outbox.clear()
    met_commit(wereld.met_bemiddeling)  # the accountmanager planned it with the begeleider along: she was invited
    gesprek = wereld.gesprek
    [uitnodiging] = _begeleider_ics(wereld)
    assert uitnodiging == ("REQUEST", gesprek.ics_uid, gesprek.volgnummer)
    mail.outbox.clear()
    met_commit(begeleider_kiezen, gesprek=gesprek, door=wereld.werkzoekende_user, mee=False)
    [annulering] = _begeleider_ics(wereld)
    assert annulering[0] == "CANCEL" and annulering[1] == uitnodiging[1] and annulering[2] > uitnodiging[2]
    [bericht] = [m for m in mail.outbox if wereld.klantmanager.email in m.to]
    assert "Je hoeft niet mee" in bericht.subject and "gaat liever alleen" in bericht.body
    # Only she gets it: the others' invitation does not change.
    assert {a for m in mail.outbox for a in m.to} == {wereld.klantmanager.email}
    # In the portal: still in her agenda, marked for information; the feed keeps her time free.
    afspraak = Afspraak.objects.get(gesprek=gesprek)
    assert afspraak.volgnummer == annulering[2] and afspraak.status == Afspraak.Status.GEPLAND
    van, tot = afspraak.start - timedelta(days=1), afspraak.start + timedelta(days=1)
    [item] = [i for i in agenda_items(wereld.klantmanager, van, tot) if i.afspraak]
    assert item.ter_informatie and item.feed_titel.startswith("Ter informatie, je gaat niet mee")
    [item] = [i for i in agenda_items(wereld.accountmanager, van, tot) if i.afspraak]
    assert not item.ter_informatie
    # The reminder the day before goes to the others, not to her (its REQUEST would put it back).
    mail.outbox.clear()
    assert met_commit(services.herinneringen_versturen, nu=afspraak.start - timedelta(hours=1)) >= 3
    assert not [m for m in mail.outbox if wereld.klantmanager.email in m.to]
    assert [m for m in mail.outbox if wereld.accountmanager.email in m.to]
    # A move after she chose alone: told for information, with no REQUEST for her calendar.
    mail.outbox.clear()
    met_commit(gesprek_plannen, voordracht=wereld.voordracht, door=wereld.accountmanager, begint_op=start,
               locatie="Arnhem", begeleider_gaat_mee=False)
    [bericht] = [m for m in mail.outbox if wereld.klantmanager.email in m.to]
    assert "(ter informatie)" in bericht.subject
    assert _begeleider_ics(wereld) == []
    # Asked again: a REQUEST above everything she got.
    gesprek.refresh_from_db()
    mail.outbox.clear()
    met_commit(begeleider_kiezen, gesprek=gesprek, door=wereld.werkzoekende_user, mee=True)
    [weer] = _begeleider_ics(wereld)
    assert weer[0] == "REQUEST" and weer[1] == gesprek.ics_uid and weer[2] > annulering[2]
    afspraak.refresh_from_db()
    assert afspraak.volgnummer == weer[2] and afspraak.start == start
    [item] = [i for i in agenda_items(wereld.klantmanager, start - timedelta(days=1), start + timedelta(days=1))
              if i.afspraak]
    assert not item.ter_informatie


def test_een_geannuleerd_gesprek_na_alleen_gaan_stuurt_de_klantmanager_geen_uitnodiging(wereld, met_commit):
    """After the CANCEL she got for going alone, the cancellation of the gesprek itself reaches her as a CANCEL with
    a still higher SEQUENCE, never a REQUEST."""
    met_commit(wereld.met_bemiddeling)
    met_commit(begeleider_kiezen, gesprek=wereld.gesprek, door=wereld.werkzoekende_user, mee=False)
    [*_, annulering] = _begeleider_ics(wereld)
    assert annulering[0] == "CANCEL"
    mail.outbox.clear()
    met_commit(toestemming_intrekken, toestemming=wereld.toestemming, door=wereld.werkzoekende_user)
    gezien = _begeleider_ics(wereld)
    assert gezien and all(m == "CANCEL" and uid == annulering[1] and seq > annulering[2] for m, uid, seq in gezien)


def test_de_accountmanager_die_het_gesprek_verplaatst_zonder_begeleider_haalt_het_uit_haar_agenda(
        wereld, met_commit):
    """The accountmanager moves the gesprek and unticks the begeleider (on the werkzoekende's word): the klantmanager
    who was invited gets the CANCEL too, not only the werkgever's new time."""
    met_commit(wereld.met_bemiddeling)
    [uitnodiging] = _begeleider_ics(wereld)
    mail.outbox.clear()
    met_commit(gesprek_plannen, voordracht=wereld.voordracht, door=wereld.accountmanager, begint_op=_morgen(15),
               locatie="Arnhem", begeleider_gaat_mee=False)
    gezien = _begeleider_ics(wereld)
    assert [m for m, _uid, _seq in gezien] == ["CANCEL"]
    assert gezien[0][1] == uitnodiging[1] and gezien[0][2] > uitnodiging[2]


def test_de_keuze_voor_de_begeleider_laat_een_kan_niet_en_de_taak_ervan_staan(wereld, met_commit):
    """The begeleider's choice raises the gesprek's SEQUENCE, but the gesprek did not move: Willem's "ik kan niet"
    stands, the accountmanager's task to propose a new time stays open, and nobody hears of a move."""
    wereld.met_bemiddeling()
    afspraak = services.gesprek_bijwerken(gesprek_id=wereld.gesprek.pk)
    _kan_niet(wereld, met_commit, afspraak)
    [taak] = _nieuwe_tijd_taken(afspraak)
    mail.outbox.clear()
    met_commit(begeleider_kiezen, gesprek=wereld.gesprek, door=wereld.werkzoekende_user, mee=False)
    afspraak.refresh_from_db()
    assert afspraak.status == Afspraak.Status.GEPLAND and afspraak.volgnummer == 1
    assert afspraak.deelnemers.get(kandidaat=wereld.kandidaat).status == Deelnemer.Status.KAN_NIET
    taak.refresh_from_db()
    assert taak.afgerond_op is None
    assert {a for m in mail.outbox for a in m.to} == {wereld.klantmanager.email}


def test_de_klantmanager_die_niet_mee_hoeft_krijgt_een_mail_niet_twee(wereld, met_commit):
    """With her meldingen by mail at once, the klantmanager got the melding's mail beside the CANCEL saying the
    same: the CANCEL's mail is the one, the melding stays in the portal."""
    met_commit(wereld.met_bemiddeling)
    voorkeur_instellen(door=wereld.klantmanager, bezorging=Bezorging.DIRECT)
    mail.outbox.clear()
    met_commit(begeleider_kiezen, gesprek=wereld.gesprek, door=wereld.werkzoekende_user, mee=False)
    [bericht] = [m for m in mail.outbox if wereld.klantmanager.email in m.to]
    assert "Je hoeft niet mee" in bericht.subject
    assert Melding.objects.filter(ontvanger=wereld.klantmanager, tekst__endswith="Je hoeft niet mee.").exists()


def test_weer_mee_gevraagd_binnen_24_uur_krijgt_de_klantmanager_toch_de_herinnering(wereld, met_commit):
    """Willem went alone, so the sweep 24 hours before passed Karin by (and marked her reminded); 20 hours before he
    asked her along after all: she got the invitation, but never the reminder the others got."""
    met_commit(wereld.met_bemiddeling)
    met_commit(begeleider_kiezen, gesprek=wereld.gesprek, door=wereld.werkzoekende_user, mee=False)
    afspraak = Afspraak.objects.get(gesprek=wereld.gesprek)
    nu = afspraak.start - timedelta(hours=20)
    mail.outbox.clear()
    met_commit(services.herinneringen_versturen, nu=nu)
    assert not [m for m in mail.outbox if wereld.klantmanager.email in m.to]
    met_commit(begeleider_kiezen, gesprek=wereld.gesprek, door=wereld.werkzoekende_user, mee=True)
    mail.outbox.clear()
    met_commit(services.herinneringen_versturen, nu=nu + timedelta(minutes=5))
    [herinnering] = [m for m in mail.outbox if wereld.klantmanager.email in m.to]
    assert herinnering.subject.endswith("Morgen: Sollicitatiegesprek Monteur")
    event = _ics(herinnering).walk("VEVENT")[0]
    assert int(event["sequence"]) == Afspraak.objects.get(pk=afspraak.pk).volgnummer
    # Once: the next sweep sends nobody anything.
    mail.outbox.clear()
    assert met_commit(services.herinneringen_versturen, nu=nu + timedelta(minutes=10)) == 0


def test_verplaatst_zonder_begeleider_krijgt_de_klantmanager_een_mail_met_de_nieuwe_tijd_niet_twee(wereld, met_commit):
    """Anton moves the gesprek and unticks the begeleider: Karin got "Je hoeft niet mee" (with the CANCEL) and, from
    the agenda, "Gewijzigd: ... (ter informatie)" about the same change. Now one mail, with the new time; a later
    move or the cancellation still reaches her."""
    met_commit(wereld.met_bemiddeling)
    mail.outbox.clear()
    nieuw = _morgen(15)
    met_commit(gesprek_plannen, voordracht=wereld.voordracht, door=wereld.accountmanager, begint_op=nieuw,
               locatie="Arnhem", begeleider_gaat_mee=False)
    [bericht] = [m for m in mail.outbox if wereld.klantmanager.email in m.to]
    assert "Je hoeft niet mee" in bericht.subject
    assert "is verplaatst. Je hoeft niet mee. Dit is de nieuwe tijd:" in bericht.body
    assert f"{timezone.localtime(nieuw):%H:%M}" in bericht.body
    assert [m for m, _uid, _seq in _begeleider_ics(wereld)] == ["CANCEL"]
    # The next move is news for her, for information.
    mail.outbox.clear()
    met_commit(gesprek_plannen, voordracht=wereld.voordracht, door=wereld.accountmanager, begint_op=_morgen(16),
               locatie="Arnhem", begeleider_gaat_mee=False)
    [bericht] = [m for m in mail.outbox if wereld.klantmanager.email in m.to]
    assert "(ter informatie)" in bericht.subject


def test_een_tijd_die_in_de_zomertijdnacht_niet_bestaat_plant_geen_afspraak_van_0_minuten(wereld):
    """Found on the demo: 02:30-03:30 on the night the clocks go forward (02:30 does not exist: it is 03:30) was
    planned, as an afspraak of 0 minutes, because the two times were compared by the clock."""
    jaar = timezone.localdate().year + 1
    nacht = max(date(jaar, 3, d) for d in range(25, 32) if date(jaar, 3, d).weekday() == 6)  # last Sunday of March
    start = timezone.make_aware(datetime.combine(nacht, time(2, 30)))
    eind = timezone.make_aware(datetime.combine(nacht, time(3, 30)))
    assert eind.astimezone(UTC) == start.astimezone(UTC)
    with pytest.raises(ValidationError) as fout:
        services.afspraak_plannen(door=wereld.klantmanager, soort="klantmanagergesprek", titel="", start=start,
                                  eind=eind, plaats="Werkplein", kandidaten=[wereld.kandidaat])
    assert "eind" in fout.value.message_dict
    assert not Afspraak.objects.exists()


# --- de soort afspraak past bij wie er meedoet ------------------------------------------------------------------


@pytest.mark.parametrize("soort, met, veld", [
    ("kennismakingsbezoek", {"kandidaten": "willem"}, "werkgever"),  # a werkgever's visit with only Willem
    ("klantmanagergesprek", {"werkgever": "werkgever"}, "kandidaat"),  # no werkzoekende (and a werkgever)
    ("klantmanagergesprek", {"werkgever": "werkgever", "kandidaten": "willem"}, "werkgever"),
    ("nazorggesprek", {}, "wie"),  # with nobody
    ("groepsbijeenkomst", {"werkgever": "werkgever", "capaciteit": 10}, "werkgever"),
    ("groepsbijeenkomst", {"kandidaten": "willem", "capaciteit": 1}, "kandidaat"),  # a one-to-one
])
def test_de_soort_afspraak_past_bij_wie_er_meedoet(wereld, soort, met, veld):
    """Found in a review: a kennismakingsbezoek could be planned with only a werkzoekende, a gesprek met de
    klantmanager without one, and a "workshop" with one werkzoekende and one place. Refused in the service, so
    no other path than the form plans them either."""
    door = wereld.accountmanager if "werkgever" in met else wereld.klantmanager
    start = _morgen()
    extra = {"capaciteit": met["capaciteit"]} if "capaciteit" in met else {}
    if "werkgever" in met:
        extra["werkgever"] = wereld.werkgever
    if "kandidaten" in met:
        extra["kandidaten"] = [wereld.kandidaat]
    with pytest.raises(ValidationError) as fout:
        services.afspraak_plannen(door=door, soort=soort, titel="", start=start, eind=start + timedelta(hours=1),
                                  plaats="Werkplein", **extra)
    assert veld in fout.value.message_dict
    assert not Afspraak.objects.exists()


def test_nazorg_met_werkgever_of_werkzoekende_en_een_workshop_met_plaatsen_over_mag(wereld):
    start = _morgen()
    tijd = {"start": start, "eind": start + timedelta(hours=1), "plaats": "Werkplein", "titel": ""}
    services.afspraak_plannen(door=wereld.accountmanager, soort="nazorggesprek", werkgever=wereld.werkgever, **tijd)
    services.afspraak_plannen(door=wereld.klantmanager, soort="nazorggesprek", kandidaten=[wereld.kandidaat], **tijd)
    services.afspraak_plannen(door=wereld.klantmanager, soort="groepsbijeenkomst", kandidaten=[wereld.kandidaat],
                              capaciteit=8, **tijd)
    assert Afspraak.objects.count() == 3


# --- de nacht dat de klok teruggaat -----------------------------------------------------------------------------


def terugnacht():
    """The next night the clocks go back (the last Sunday of October), at least two days ahead: within the year a
    form accepts."""
    vandaag = timezone.localdate()
    for jaar in (vandaag.year, vandaag.year + 1):
        nacht = max(date(jaar, 10, d) for d in range(25, 32) if date(jaar, 10, d).weekday() == 6)
        if nacht > vandaag + timedelta(days=1):
            return nacht


def test_een_tijd_in_het_dubbele_uur_staat_in_de_uitnodiging_in_utc_en_in_de_mail_met_welke_keer(wereld, met_commit):
    """02:30 is there twice in the night the clocks go back. An .ics writes local times with their zone (TZID),
    and a TZID 02:30 is the first one (RFC 5545): an afspraak at the second 02:30 would stand an hour early in
    Outlook. Now it is in UTC, and the mail says "(wintertijd)"."""
    nacht = terugnacht()
    start = timezone.make_aware(datetime.combine(nacht, time(1, 30)))
    eind = timezone.make_aware(datetime.combine(nacht, time(2, 30, fold=1)))  # the second 02:30
    afspraak = met_commit(services.afspraak_plannen, door=wereld.klantmanager, soort="klantmanagergesprek",
                          titel="Nachtdienst", start=start, eind=eind, plaats="Werkplein",
                          kandidaten=[wereld.kandidaat])
    afspraak.refresh_from_db()
    assert afspraak.eind - afspraak.start == timedelta(hours=2)
    cal = Calendar.from_ical(ics.uitnodiging_ics(afspraak, deelnemers=[]))
    [event] = cal.walk("VEVENT")
    assert event["dtend"].to_ical() == f"{nacht:%Y%m%d}T013000Z".encode()
    assert event["dtend"].dt == datetime.combine(nacht, time(1, 30), tzinfo=UTC)
    assert event["dtstart"].dt == datetime.combine(nacht - timedelta(days=1), time(23, 30), tzinfo=UTC)
    [bericht] = [m for m in mail.outbox if "Nachtdienst" in m.body]  # to Willem (Karin planned it)
    assert "01:30 - 02:30 (wintertijd)" in bericht.body
    assert datums.datum_tijd(afspraak.eind).endswith("om 02:30 (wintertijd)")
    assert datums.datum_tijd(afspraak.eind - timedelta(hours=1)).endswith("om 02:30 (zomertijd)")


def test_de_herinnering_van_een_afspraak_om_de_tweede_0230_komt_24_uur_ervoor(wereld):
    """Reckoned with the local time, 24 hours before the second 02:30 was 02:30 the day before: 25 hours."""
    tweede = timezone.make_aware(datetime.combine(terugnacht(), time(2, 30, fold=1)))
    utc = tweede.astimezone(UTC)  # an ambiguous time compares unequal to any other zone's (PEP 495)
    afspraak = services.afspraak_plannen(door=wereld.klantmanager, soort="klantmanagergesprek", titel="",
                                         start=tweede, eind=tweede + timedelta(hours=1), plaats="Werkplein",
                                         kandidaten=[wereld.kandidaat])
    afspraak.refresh_from_db()
    assert afspraak.start == utc
    assert {d.herinnering_op for d in afspraak.deelnemers.all()} == {utc - timedelta(hours=24)}
