"""Plaatsingen and nazorg through their services: who may start one and with what dates, the
proefplaatsingsovereenkomst (akkoord, PDF, signing once), the contact moments it plans, the end of a
proefplaatsing, and the nazorg sweep with its one-time "hoe gaat het?" links.

The clock stands still on Monday 2 March 2026, 08:00 in Amsterdam (no daylight-saving change in the
first weeks), so every date below is a date a user would read in the portal or a mail."""

import importlib
import io
import re
from datetime import date, datetime, timedelta
from functools import partial
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from accounts.models import User, Verwerking
from accounts.tests.factories import AccountmanagerFactory
from bemiddeling.models import Voordracht
from bemiddeling.services import voordracht_uitkomst
from conftest import ontbreekt
from klantreis.lib.toestanden import OvergangNietToegestaan
from outbox.models import Gebeurtenis, Mail
from outbox.services import mails_versturen
from plaatsingen.models import Checkin, NazorgMoment, Plaatsing, PlaatsingCorrectie, PlaatsingTransitie
from plaatsingen.services import (
    NAZORG_BATCH,
    NAZORG_GEVOERD,
    OVEREENKOMST_KLAARGEZET,
    PLAATSING_GECORRIGEERD,
    PLAATSING_GESTART,
    CheckinOngeldig,
    checkin_beantwoorden,
    checkin_zoeken,
    correctie_stand,
    gewenste_momenten,
    nazorg_sweep,
    nazorg_uitkomst_vastleggen,
    overeenkomst_klaarzetten,
    overeenkomst_ondertekenen,
    plaatsing_corrigeren,
    plaatsing_starten,
    plaatsing_verlengen,
    proefplaatsing_afronden,
    proefplaatsing_akkoord,
    te_sweepen,
)
from plaatsingen.tests.bulk import due_nazorgmomenten
from plaatsingen.tests.factories import PlaatsingFactory
from taken.models import Taak
from tests.plannen import generiek_gelezen
from werkgevers.models import Werkgever
from werkgevers.services import accountmanager_toewijzen

# A migration's module name starts with a digit: imported by name, once.
MIGRATIE_0009 = importlib.import_module("plaatsingen.migrations.0009_geen_nazorg_na_het_eindgesprek")
MIGRATIE_0007 = importlib.import_module("plaatsingen.migrations.0007_plaatsing_opnieuw_te_ondertekenen_sinds")
MIGRATIE_0010 = importlib.import_module("plaatsingen.migrations.0010_soort_van_correctie")

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")
MAANDAG = date(2026, 3, 2)
EINDE_PROEF = date(2026, 5, 1)  # Wereld.met_plaatsing: 60 days after the start
M = NazorgMoment.Soort


def _om(dag, uur, minuut=0, seconde=0):
    return datetime(dag.year, dag.month, dag.day, uur, minuut, seconde, tzinfo=AMS)


def _lokaal(moment):
    """What the portal shows: the wall-clock time in Amsterdam."""
    return timezone.localtime(moment, AMS).replace(tzinfo=None)


def _momenten(plaatsing):
    return {m.soort: m for m in plaatsing.nazorgmomenten.all()}


def _pdf_tekst(plaatsing):
    with plaatsing.overeenkomst.open("rb") as bestand:
        reader = PdfReader(io.BytesIO(bestand.read()))
    # Line breaks depend on the length of names and addresses: compare the words, not the layout.
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _mails(onderwerp):
    return [m for m in mail.outbox if onderwerp in m.subject]


def _nazorgtaken():
    return Taak.objects.filter(omschrijving__startswith="Nazorg")


@pytest.fixture
def aangenomen(klok, wereld):
    """Willem's voordracht, accepted after the gesprek, with no plaatsing yet."""
    wereld.met_bemiddeling()
    wereld.gesprek_geweest(wereld.voordracht)
    return voordracht_uitkomst(voordracht=wereld.voordracht, door=wereld.werkgever_user, aangenomen=True)


@pytest.fixture
def met_mail(django_capture_on_commit_callbacks):
    """Call a service and deliver the mails it queued for after the commit."""

    def _met_mail(service, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return service(**kwargs)

    return _met_mail


def _starten(wereld, voordracht, **extra):
    gegevens = dict(soort=Plaatsing.Soort.PROEFPLAATSING, functie="Monteur", startdatum=MAANDAG,
                    einddatum=date(2026, 4, 30), uren_per_week=32)
    return plaatsing_starten(voordracht=voordracht, door=extra.pop("door", wereld.accountmanager),
                             **{**gegevens, **extra})


def _ter_ondertekening(wereld, voordracht, **extra):
    plaatsing = _starten(wereld, voordracht, **extra)
    proefplaatsing_akkoord(plaatsing=plaatsing, door=wereld.accountmanager, instantie="UWV Arnhem, J. de Boer",
                           op=MAANDAG)
    return overeenkomst_klaarzetten(plaatsing=plaatsing, door=wereld.accountmanager)


# --- starting a plaatsing --------------------------------------------------------------------


def test_a_plaatsing_starts_only_from_an_accepted_voordracht(klok, wereld):
    wereld.met_bemiddeling()
    wereld.voordracht.refresh_from_db()
    assert wereld.voordracht.status == Voordracht.Status.GESPREK_GEPLAND

    with pytest.raises(ValidationError) as exc:
        _starten(wereld, wereld.voordracht)

    assert exc.value.messages == ["Een plaatsing begint bij een voordracht met status 'aangenomen'."]
    assert not Plaatsing.objects.exists()


@pytest.mark.parametrize("rol", ["klantmanager", "werkgever", "beheerder"])
def test_only_the_accountmanager_starts_a_plaatsing(aangenomen, wereld, rol):
    with pytest.raises(PermissionError):
        _starten(wereld, aangenomen, door=wereld.gebruiker(rol))

    assert not Plaatsing.objects.exists()


@pytest.mark.parametrize("gegevens, fouten", [
    pytest.param(dict(soort="tijdelijk", startdatum=MAANDAG, einddatum=date(2026, 3, 1)),
                 {"einddatum": ["De einddatum ligt vóór de startdatum."]}, id="einde-voor-start"),
    pytest.param(dict(einddatum=date(2026, 5, 3)),
                 {"verlenging_reden": ["Een proefplaatsing langer dan 2 maanden kan alleen met een reden."]},
                 id="proef-ruim-2-maanden-zonder-reden"),
    pytest.param(dict(einddatum=date(2026, 9, 3), verlenging_reden="Lang inwerktraject met opleiding."),
                 {"einddatum": ["Een proefplaatsing duurt hooguit 6 maanden."]}, id="proef-ruim-6-maanden-met-reden"),
    pytest.param(dict(einddatum=date(2026, 12, 31)),
                 {"einddatum": ["Een proefplaatsing duurt hooguit 6 maanden."]}, id="proef-10-maanden"),
    pytest.param(dict(uren_per_week=0), {"uren_per_week": ["Vul tussen 1 en 40 uur per week in."]}, id="0-uur"),
    pytest.param(dict(uren_per_week=41), {"uren_per_week": ["Vul tussen 1 en 40 uur per week in."]}, id="41-uur"),
    pytest.param(dict(soort="vast", einddatum=date(2027, 3, 1)),
                 {"einddatum": ["Een vast contract heeft geen einddatum."]}, id="vast-met-einde"),
    pytest.param(dict(soort="tijdelijk", einddatum=None), {"einddatum": ["Vul een einddatum in."]},
                 id="tijdelijk-zonder-einde"),
    pytest.param(dict(einddatum=None), {"einddatum": ["Vul een einddatum in."]}, id="proef-zonder-einde"),
])
def test_wrong_dates_or_hours_are_refused_with_a_dutch_message_on_the_field(aangenomen, wereld, gegevens, fouten):
    with pytest.raises(ValidationError) as exc:
        _starten(wereld, aangenomen, **gegevens)

    assert exc.value.message_dict == fouten
    assert not Plaatsing.objects.exists()


@pytest.mark.parametrize("gegevens", [
    pytest.param(dict(einddatum=date(2026, 5, 1)), id="proef-2-maanden-tot-en-met-1-mei"),
    pytest.param(dict(einddatum=date(2026, 5, 3), verlenging_reden="Langer inwerken op de bouwplaats."),
                 id="proef-ruim-2-maanden-met-reden"),
    pytest.param(dict(einddatum=date(2026, 9, 1), verlenging_reden="Lang inwerktraject met opleiding."),
                 id="proef-6-maanden-met-reden"),
    pytest.param(dict(uren_per_week=1), id="1-uur"),
    pytest.param(dict(uren_per_week=40), id="40-uur"),
    pytest.param(dict(soort="vast", einddatum=None), id="vast-zonder-einde"),
])
def test_dates_and_hours_within_the_rules_are_accepted(aangenomen, wereld, gegevens):
    plaatsing = _starten(wereld, aangenomen, **gegevens)

    plaatsing.refresh_from_db()
    assert plaatsing.kandidaat == wereld.kandidaat and plaatsing.werkgever == wereld.werkgever
    assert plaatsing.einddatum == gegevens.get("einddatum", date(2026, 4, 30))


@pytest.mark.parametrize("gegevens, veld", [
    pytest.param(dict(einddatum=date(2026, 5, 2)), "verlenging_reden", id="2-maart-tot-en-met-2-mei-zonder-reden"),
    pytest.param(dict(einddatum=date(2026, 9, 2), verlenging_reden="Lang inwerktraject."), "einddatum",
                 id="2-maart-tot-en-met-2-september"),
])
def test_a_proefplaatsing_one_day_longer_than_the_limit_is_refused(aangenomen, wereld, gegevens, veld):
    with pytest.raises(ValidationError) as exc:
        _starten(wereld, aangenomen, **gegevens)

    assert veld in exc.value.message_dict


def test_a_second_plaatsing_for_the_same_voordracht_is_refused(w):
    with pytest.raises(ValidationError) as exc:
        _starten(w, w.voordracht2, soort="tijdelijk", startdatum=date(2026, 5, 2), einddatum=date(2026, 11, 1))

    assert exc.value.messages == ["Voor deze voordracht is al een plaatsing gemaakt."]
    assert list(Plaatsing.objects.filter(voordracht=w.voordracht2)) == [w.plaatsing]


def test_a_tijdelijk_contract_runs_at_once_and_plans_its_moments_up_to_a_week_before_the_end(aangenomen, wereld):
    plaatsing = _starten(wereld, aangenomen, soort="tijdelijk", einddatum=date(2026, 8, 31), uren_per_week=36)

    plaatsing.refresh_from_db()
    assert plaatsing.status == Plaatsing.Status.LOPEND
    assert not plaatsing.overeenkomst  # nothing to sign: the werkgever's own contract
    assert {soort: _lokaal(m.gepland_op) for soort, m in _momenten(plaatsing).items()} == {
        M.DAG_1: datetime(2026, 3, 3, 9, 0),
        M.WEEK_2: datetime(2026, 3, 16, 10, 0),
        M.WEEK_6: datetime(2026, 4, 13, 10, 0),
        M.EINDE_CONTRACT: datetime(2026, 8, 24, 10, 0),
    }


def test_a_vast_contract_runs_at_once_without_an_end_moment_and_sends_the_felicitatie(aangenomen, wereld, met_mail):
    plaatsing = met_mail(_starten, wereld=wereld, voordracht=aangenomen, soort="vast", einddatum=None)

    plaatsing.refresh_from_db()
    assert plaatsing.status == Plaatsing.Status.LOPEND
    assert set(_momenten(plaatsing)) == {M.DAG_1, M.WEEK_2, M.WEEK_6}
    feest = _mails("Feestje")
    # The werknemer with an account gets it at the address they log in with; each their own mail.
    assert sorted(m.to[0] for m in feest) == sorted([wereld.werkgever_user.email, wereld.werkzoekende_user.email])
    assert all(len(m.to) == 1 for m in feest)
    assert all("Willem en De Heul Installatietechniek: gefeliciteerd met het vast contract als Monteur" in m.body
               for m in feest)


def test_a_tijdelijk_contract_without_a_proefplaatsing_before_it_sends_no_felicitatie(aangenomen, wereld, met_mail):
    met_mail(_starten, wereld=wereld, voordracht=aangenomen, soort="tijdelijk", einddatum=date(2026, 8, 31))

    assert _mails("Feestje") == []


# --- akkoord, overeenkomst, signing ------------------------------------------------------------


def test_a_proefplaatsing_waits_in_preparation_until_the_akkoord_is_recorded(aangenomen, wereld):
    plaatsing = _starten(wereld, aangenomen)
    assert plaatsing.status == Plaatsing.Status.VOORBEREIDING
    assert not plaatsing.nazorgmomenten.exists()

    with pytest.raises(ValidationError) as exc:
        overeenkomst_klaarzetten(plaatsing=plaatsing, door=wereld.accountmanager)

    assert exc.value.messages == ["Leg eerst het akkoord van UWV of de gemeente vast."]
    plaatsing.refresh_from_db()
    assert plaatsing.status == Plaatsing.Status.VOORBEREIDING and not plaatsing.overeenkomst


def test_an_akkoord_dated_in_the_future_is_refused(aangenomen, wereld):
    plaatsing = _starten(wereld, aangenomen)

    with pytest.raises(ValidationError) as exc:
        proefplaatsing_akkoord(plaatsing=plaatsing, door=wereld.accountmanager, instantie="UWV Arnhem",
                               op=MAANDAG + timedelta(days=1))

    assert exc.value.message_dict == {"op": ["Het akkoord kan niet in de toekomst gegeven zijn."]}
    plaatsing.refresh_from_db()
    assert plaatsing.akkoord_op is None


def test_after_the_akkoord_the_overeenkomst_is_ready_and_the_werkgever_is_asked_to_sign(aangenomen, wereld,
                                                                                      met_mail):
    plaatsing = _starten(wereld, aangenomen)
    proefplaatsing_akkoord(plaatsing=plaatsing, door=wereld.accountmanager, instantie="UWV Arnhem",
                           op=MAANDAG - timedelta(days=3))

    met_mail(overeenkomst_klaarzetten, plaatsing=plaatsing, door=wereld.accountmanager)

    plaatsing.refresh_from_db()
    assert plaatsing.status == Plaatsing.Status.WACHT_OP_HANDTEKENING
    [verzoek] = _mails("Overeenkomst klaar om te ondertekenen")
    assert verzoek.to == [wereld.werkgever_user.email]
    assert reverse("plaatsing_detail", args=[plaatsing.pk]) in verzoek.body


def test_the_overeenkomst_pdf_holds_what_the_portal_knows(aangenomen, wereld):
    plaatsing = _ter_ondertekening(wereld, aangenomen, functie="Leerling-monteur", uren_per_week=28)

    tekst = _pdf_tekst(plaatsing)

    assert "Proefplaatsingsovereenkomst" in tekst
    assert "De Heul Installatietechniek" in tekst
    assert f"KvK-nummer: {wereld.werkgever.kvk_nummer}" in tekst
    assert "Willem van de Vecht" in tekst
    assert "Functie: Leerling-monteur" in tekst
    assert "Begindatum: 02-03-2026" in tekst and "Einddatum: 30-04-2026" in tekst
    assert "Uren per week: 28" in tekst
    assert "UWV Arnhem, J. de Boer, 02-03-2026" in tekst
    assert "Nog niet ondertekend" in tekst and "Digitaal ondertekend" not in tekst


def test_a_name_beyond_latin_1_is_printed_as_written_in_the_overeenkomst(aangenomen, wereld):
    wereld.kandidaat.voornaam, wereld.kandidaat.achternaam = "Łukasz", "Wiśniewski"
    wereld.kandidaat.save(update_fields=["voornaam", "achternaam"])

    plaatsing = _ter_ondertekening(wereld, aangenomen)

    assert "Łukasz Wiśniewski" in _pdf_tekst(plaatsing)


def test_signing_is_refused_while_the_overeenkomst_is_not_ready(aangenomen, wereld):
    plaatsing = _starten(wereld, aangenomen)

    with pytest.raises(ValidationError) as exc:
        overeenkomst_ondertekenen(plaatsing=plaatsing, door=wereld.werkgever_user, naam="Martijn de Heul")

    assert exc.value.messages == ["Er ligt geen overeenkomst klaar om te ondertekenen."]
    plaatsing.refresh_from_db()
    assert plaatsing.status == Plaatsing.Status.VOORBEREIDING and plaatsing.ondertekend_op is None


@pytest.mark.parametrize("naam", ["", "   "])
def test_signing_needs_a_name(aangenomen, wereld, naam):
    plaatsing = _ter_ondertekening(wereld, aangenomen)

    with pytest.raises(ValidationError) as exc:
        overeenkomst_ondertekenen(plaatsing=plaatsing, door=wereld.werkgever_user, naam=naam)

    assert exc.value.message_dict == {"naam": ["Vul uw naam in als handtekening."]}
    plaatsing.refresh_from_db()
    assert plaatsing.status == Plaatsing.Status.WACHT_OP_HANDTEKENING


def test_signing_makes_the_plaatsing_run_with_a_signed_pdf_and_plans_the_moments(aangenomen, wereld, met_mail):
    plaatsing = _ter_ondertekening(wereld, aangenomen, einddatum=EINDE_PROEF)

    met_mail(overeenkomst_ondertekenen, plaatsing=plaatsing, door=wereld.werkgever_user, naam=" Martijn de Heul ")

    plaatsing.refresh_from_db()
    assert plaatsing.status == Plaatsing.Status.LOPEND
    assert plaatsing.ondertekend_door_naam == "Martijn de Heul"
    tekst = _pdf_tekst(plaatsing)
    assert "Digitaal ondertekend door Martijn de Heul" in tekst
    assert "02-03-2026 om 08:00" in tekst and "Nog niet ondertekend" not in tekst
    momenten = _momenten(plaatsing)
    start = _om(MAANDAG, 9)
    assert momenten[M.DAG_1].gepland_op - start == timedelta(hours=24)
    assert _lokaal(momenten[M.WEEK_2].gepland_op) == datetime(2026, 3, 16, 10, 0)
    assert _lokaal(momenten[M.WEEK_6].gepland_op) == datetime(2026, 4, 13, 10, 0)
    assert _lokaal(momenten[M.EINDE_PROEF].gepland_op) == datetime(2026, 4, 24, 10, 0)
    assert set(momenten) == {M.DAG_1, M.WEEK_2, M.WEEK_6, M.EINDE_PROEF}
    # Werkgever, accountmanager and werknemer each get their own mail: no one sees another's address.
    ondertekend = _mails("De overeenkomst is ondertekend")
    assert sorted(m.to[0] for m in ondertekend) == sorted([wereld.werkgever_user.email, wereld.accountmanager.email,
                                                           wereld.werkzoekende_user.email])
    assert all(len(m.to) == 1 for m in ondertekend)


def test_the_signed_mail_links_the_werknemer_with_an_account_to_the_portal_and_promises_the_first_call(
        aangenomen, wereld, met_mail):
    plaatsing = _ter_ondertekening(wereld, aangenomen)  # from today

    met_mail(overeenkomst_ondertekenen, plaatsing=plaatsing, door=wereld.werkgever_user, naam="Martijn de Heul")

    [aan_willem] = [m for m in _mails("De overeenkomst is ondertekend") if m.to == [wereld.werkzoekende_user.email]]
    # His own mail in "je" form with a greeting, not the werkgever's text.
    assert aan_willem.body.startswith(f"Beste {wereld.kandidaat.voornaam},")
    assert "Je overeenkomst voor" in aan_willem.body and "Met vriendelijke groet" in aan_willem.body
    assert "Start: 2 maart 2026. De ondertekende versie staat in het portaal:" in aan_willem.body
    assert reverse("plaatsing_detail", args=[plaatsing.pk]) in aan_willem.body
    assert "Wij bellen je 24 uur na de start om te horen hoe het gaat." in aan_willem.body


def test_the_signed_mail_to_a_werknemer_without_an_account_who_started_already_has_no_portal_and_no_24_hour_call(
        aangenomen, wereld, met_mail, klok):
    """Willem has no account (any more) and the proefplaatsing started a week before the werkgever signed: "staat in
    het portaal" and "Wij bellen 24 uur na de start" were not true for him. The werkgever's mail keeps its link."""
    plaatsing = _ter_ondertekening(wereld, aangenomen)
    klok.move_to(_om(MAANDAG + timedelta(days=7), 10))
    zonder_account = wereld.kandidaat.email
    type(wereld.kandidaat).objects.filter(pk=wereld.kandidaat.pk).update(account=None)
    plaatsing.refresh_from_db()

    met_mail(overeenkomst_ondertekenen, plaatsing=plaatsing, door=wereld.werkgever_user, naam="Martijn de Heul")

    ondertekend = _mails("De overeenkomst is ondertekend")
    [aan_willem] = [m for m in ondertekend if m.to == [zonder_account]]
    assert "portaal" not in aan_willem.body and "http" not in aan_willem.body
    assert "Start: 2 maart 2026. Wil je de ondertekende overeenkomst lezen? Vraag je contactpersoon" in aan_willem.body
    assert "Wij bellen je binnenkort om te horen hoe het gaat." in aan_willem.body
    assert aan_willem.body.startswith(f"Beste {wereld.kandidaat.voornaam},")
    assert "24 uur" not in aan_willem.body
    [aan_werkgever] = [m for m in ondertekend if m.to == [wereld.werkgever_user.email]]
    assert "De ondertekende versie staat in het portaal:" in aan_werkgever.body
    assert wereld.werkzoekende_user.email not in [m.to[0] for m in ondertekend]


def test_signing_twice_is_refused_naming_who_signed_first(w, klok):
    klok.move_to(_om(MAANDAG, 11, 30))

    with pytest.raises(ValidationError) as exc:
        overeenkomst_ondertekenen(plaatsing=w.plaatsing, door=w.werkgever_user, naam="Iemand Anders")

    assert exc.value.messages == [
        "Deze overeenkomst is al ondertekend door Martijn de Heul op maandag 2 maart 2026 om 08:00."]
    w.plaatsing.refresh_from_db()
    assert w.plaatsing.ondertekend_door_naam == "Martijn de Heul"
    assert "Digitaal ondertekend door Martijn de Heul" in _pdf_tekst(w.plaatsing)


# --- verlengen ---------------------------------------------------------------------------------


def test_verlengen_moves_the_end_moment_and_leaves_the_others(w):
    voor = {soort: m.gepland_op for soort, m in _momenten(w.plaatsing).items()}

    plaatsing_verlengen(plaatsing=w.plaatsing, door=w.accountmanager, einddatum=date(2026, 6, 30),
                        verlenging_reden="Meer tijd nodig voor het VCA-diploma.")

    w.plaatsing.refresh_from_db()
    assert w.plaatsing.einddatum == date(2026, 6, 30)
    na = {soort: m.gepland_op for soort, m in _momenten(w.plaatsing).items()}
    assert _lokaal(na[M.EINDE_PROEF]) == datetime(2026, 6, 23, 10, 0)
    assert {s: t for s, t in na.items() if s != M.EINDE_PROEF} == {s: t for s, t in voor.items()
                                                                   if s != M.EINDE_PROEF}


def test_verlengen_leaves_an_end_moment_that_was_already_handled(w, klok):
    klok.move_to(_om(date(2026, 4, 24), 10))
    assert nazorg_sweep() == 4  # 24 hours, 2 weeks, 6 weeks and the end moment
    einde = _momenten(w.plaatsing)[M.EINDE_PROEF]

    plaatsing_verlengen(plaatsing=w.plaatsing, door=w.accountmanager, einddatum=date(2026, 6, 30),
                        verlenging_reden="Meer tijd nodig voor het VCA-diploma.")

    einde.refresh_from_db()
    assert _lokaal(einde.gepland_op) == datetime(2026, 4, 24, 10, 0)
    assert einde.verwerkt_op == _om(date(2026, 4, 24), 10)


def test_verlengen_to_an_end_before_the_start_is_refused(w):
    with pytest.raises(ValidationError) as exc:
        plaatsing_verlengen(plaatsing=w.plaatsing, door=w.accountmanager, einddatum=date(2026, 2, 27))

    assert exc.value.message_dict == {"einddatum": ["De einddatum ligt vóór de startdatum."]}
    w.plaatsing.refresh_from_db()
    assert w.plaatsing.einddatum == EINDE_PROEF
    assert _lokaal(_momenten(w.plaatsing)[M.EINDE_PROEF].gepland_op) == datetime(2026, 4, 24, 10, 0)


def test_verlengen_a_proefplaatsing_beyond_two_months_needs_a_reason(w):
    with pytest.raises(ValidationError) as exc:
        plaatsing_verlengen(plaatsing=w.plaatsing, door=w.accountmanager, einddatum=date(2026, 6, 30))

    assert set(exc.value.message_dict) == {"verlenging_reden"}
    w.plaatsing.refresh_from_db()
    assert w.plaatsing.einddatum == EINDE_PROEF


# --- the end of a proefplaatsing ---------------------------------------------------------------


def test_a_contract_after_the_proefplaatsing_follows_it_with_a_felicitatie(w, klok, met_mail):
    klok.move_to(_om(date(2026, 4, 20), 12))
    nazorg_sweep()  # 24 hours, 2 weeks and 6 weeks have been handled; the end moment is still to come

    vervolg = met_mail(proefplaatsing_afronden, plaatsing=w.plaatsing, door=w.accountmanager, besluit="contract",
                       contractsoort=Plaatsing.Soort.VAST, startdatum=date(2026, 5, 2))

    w.plaatsing.refresh_from_db()
    assert w.plaatsing.status == Plaatsing.Status.CONTRACT
    assert vervolg.pk != w.plaatsing.pk
    vervolg.refresh_from_db()
    assert vervolg.vorige == w.plaatsing
    assert (vervolg.soort, vervolg.status, vervolg.functie) == ("vast", Plaatsing.Status.LOPEND, "Monteur")
    assert (vervolg.startdatum, vervolg.einddatum, vervolg.uren_per_week) == (date(2026, 5, 2), None, 32)
    # "24 hours after the start" is Sunday 3 May: the call is on Monday.
    assert _lokaal(_momenten(vervolg)[M.DAG_1].gepland_op) == datetime(2026, 5, 4, 9, 0)
    # The proef keeps what happened and loses what is no longer needed.
    assert set(_momenten(w.plaatsing)) == {M.DAG_1, M.WEEK_2, M.WEEK_6}
    feest = _mails("Feestje")
    assert sorted(m.to[0] for m in feest) == sorted([w.werkgever_user.email, w.kandidaat2.email])
    assert all("Anja en De Heul Installatietechniek: gefeliciteerd met het vast contract" in m.body for m in feest)


def test_a_contract_needs_a_contractsoort(w):
    with pytest.raises(ValidationError) as exc:
        proefplaatsing_afronden(plaatsing=w.plaatsing, door=w.accountmanager, besluit="contract",
                                startdatum=date(2026, 5, 2))

    assert exc.value.message_dict == {"contractsoort": ["Kies een tijdelijk of een vast contract."]}
    w.plaatsing.refresh_from_db()
    assert w.plaatsing.status == Plaatsing.Status.LOPEND
    assert not Plaatsing.objects.filter(vorige=w.plaatsing).exists()


@pytest.mark.parametrize("reden", ["", "  "])
def test_afscheid_needs_a_reason(w, reden):
    with pytest.raises(ValidationError) as exc:
        proefplaatsing_afronden(plaatsing=w.plaatsing, door=w.accountmanager, besluit="afscheid", reden=reden)

    assert exc.value.message_dict == {"reden": ["Geef de reden van het afscheid; daar leren we van."]}
    w.plaatsing.refresh_from_db()
    assert w.plaatsing.status == Plaatsing.Status.LOPEND
    assert not Taak.objects.filter(toegewezen_aan=w.klantmanager).exists()


def test_afscheid_gives_the_klantmanager_a_task_and_cancels_the_moments_to_come(w, klok, met_mail):
    klok.move_to(_om(date(2026, 3, 20), 12))

    met_mail(proefplaatsing_afronden, plaatsing=w.plaatsing, door=w.accountmanager, besluit="afscheid",
             reden="Te zwaar werk voor de rug.")

    w.plaatsing.refresh_from_db()
    assert w.plaatsing.status == Plaatsing.Status.AFSCHEID
    assert w.plaatsing.afscheid_reden == "Te zwaar werk voor de rug."
    [taak] = Taak.objects.filter(toegewezen_aan=w.klantmanager)
    assert "Anja Roest" in taak.omschrijving and "Te zwaar werk voor de rug." in taak.omschrijving
    assert taak.uiterlijk == date(2026, 3, 23)
    # Due moments stay as they were; the 6-week and end moments are gone.
    assert set(_momenten(w.plaatsing)) == {M.DAG_1, M.WEEK_2}


# --- the nazorg sweep ----------------------------------------------------------------------------


def test_the_sweep_does_nothing_before_a_moment_is_due(w, klok, met_mail):
    klok.move_to(_om(date(2026, 3, 3), 8, 59, 59))

    assert met_mail(nazorg_sweep) == 0

    assert mail.outbox == []
    assert not _nazorgtaken().exists()
    assert not Checkin.objects.exists()


def test_at_the_24_hour_moment_one_sweep_calls_in_the_professionals_and_asks_how_it_goes(w, klok, met_mail):
    klok.move_to(_om(date(2026, 3, 3), 9))

    assert met_mail(nazorg_sweep) == 1

    dag_1 = _momenten(w.plaatsing)[M.DAG_1]
    assert dag_1.verwerkt_op == _om(date(2026, 3, 3), 9)
    assert _momenten(w.plaatsing)[M.WEEK_2].verwerkt_op is None
    assert {t.toegewezen_aan for t in _nazorgtaken()} == {w.accountmanager, w.klantmanager}
    assert all("Anja Roest" in t.omschrijving and t.uiterlijk == date(2026, 3, 3) for t in _nazorgtaken())
    herinneringen = _mails("Nazorg vandaag")
    assert sorted(m.to[0] for m in herinneringen) == sorted([w.accountmanager.email, w.klantmanager.email])
    checkins = _mails("Hoe gaat het?")
    assert sorted(m.to[0] for m in checkins) == sorted([w.werkgever_user.email, w.kandidaat2.email])
    for bericht in checkins:
        [token] = re.findall(r"/hoe-gaat-het/([^/\s]+)/", bericht.body)
        gevonden = checkin_zoeken(token)  # the link in the mail is a working key
        assert gevonden.moment == dag_1 and gevonden.email == bericht.to[0]
    assert {checkin_zoeken(re.findall(r"/hoe-gaat-het/([^/\s]+)/", m.body)[0]).rol for m in checkins} == {
        Checkin.Rol.WERKGEVER, Checkin.Rol.WERKNEMER}
    # "Liever bellen?" names each reader's own contact: Anja her klantmanager, the werkgever his accountmanager.
    [aan_anja] = [m for m in checkins if m.to == [w.kandidaat2.email]]
    [aan_werkgever] = [m for m in checkins if m.to == [w.werkgever_user.email]]
    assert f"Liever bellen? {w.klantmanager.get_full_name()}" in aan_anja.body
    assert w.accountmanager.get_full_name() not in aan_anja.body
    assert f"Liever bellen? {w.accountmanager.get_full_name()}" in aan_werkgever.body

    mail.outbox.clear()
    assert met_mail(nazorg_sweep) == 0
    assert mail.outbox == []
    assert _nazorgtaken().count() == 2


def test_the_sweeps_mail_is_rendered_from_rows_read_once_per_batch_not_once_per_moment():
    """Each of the four mails of a moment renders the moment, its plaatsing, kandidaat and werkgever and the
    accountmanager: the sender reads them for a whole batch at once, so twelve moments cost the same reads as
    one (only the one "sent" record per mail grows)."""

    def versturen(momenten):
        due_nazorgmomenten(momenten, label=f"q{momenten}")
        assert nazorg_sweep() == momenten
        with CaptureQueriesContext(connection) as queries:
            verstuurd = mails_versturen()
        lezen = [q["sql"] for q in queries.captured_queries if not q["sql"].lstrip().upper().startswith("UPDATE")]
        return verstuurd, lezen

    een, lezen_een = versturen(4)
    twaalf, lezen_twaalf = versturen(12)

    assert (een, twaalf) == (16, 48)  # one batch each (BATCH = 50)
    assert len(lezen_twaalf) == len(lezen_een), "\n".join(lezen_twaalf)
    assert not Mail.objects.exclude(status=Mail.Status.VERSTUURD).exists()
    herinnering = next(b for b in mail.outbox if b.subject.startswith("[Werkgeversservicepunt] Nazorg vandaag"))
    assert " bij " in herinnering.body and "/plaatsingen/" in herinnering.body


def test_a_moment_missed_for_days_is_handled_by_the_next_sweep(w, klok, met_mail):
    klok.move_to(_om(date(2026, 3, 7), 14))  # the sweep did not run for four days

    assert met_mail(nazorg_sweep) == 1

    assert _momenten(w.plaatsing)[M.DAG_1].verwerkt_op == _om(date(2026, 3, 7), 14)
    assert len(_mails("Hoe gaat het?")) == 2
    assert {t.uiterlijk for t in _nazorgtaken()} == {date(2026, 3, 7)}


def test_moments_of_a_plaatsing_that_stopped_are_not_handled(w, klok, met_mail):
    klok.move_to(_om(date(2026, 3, 4), 12))
    proefplaatsing_afronden(plaatsing=w.plaatsing, door=w.accountmanager, besluit="afscheid",
                            reden="Werkgever stopt met de afdeling.")
    assert _momenten(w.plaatsing)[M.DAG_1].verwerkt_op is None  # due, but nobody came to it

    assert met_mail(nazorg_sweep) == 0

    assert _mails("Hoe gaat het?") == [] and _mails("Nazorg vandaag") == []
    assert not _nazorgtaken().exists()


def test_a_moment_with_an_outcome_recorded_by_hand_gets_no_sweep_and_no_checkin(w, klok, met_mail):
    nazorg_uitkomst_vastleggen(moment=w.moment, door=w.accountmanager, uitkomst=NazorgMoment.Uitkomst.GOED)
    klok.move_to(_om(date(2026, 3, 3), 12))

    assert met_mail(nazorg_sweep) == 0

    assert mail.outbox == []


def test_the_sweeps_claim_reads_the_open_due_moments_only():
    """The claim, with the plan a prepared statement keeps for any values: the open moments from the index on
    (verwerkt_op, gepland_op), sorted (the due ones are few). Not the handled moments (years of them at volume), and no
    plaatsing: a running one whose changed overeenkomst waits for a new signature is followed up as any other."""
    if connection.vendor != "postgresql":
        ontbreekt("PostgreSQL nodig: plannen van prepared statements")
    ids = due_nazorgmomenten(400)  # 100 running plaatsingen, four due moments each
    plaatsingen = sorted(set(NazorgMoment.objects.filter(pk__in=ids).values_list("plaatsing_id", flat=True)))
    NazorgMoment.objects.filter(pk__in=ids).exclude(plaatsing_id__in=plaatsingen[:10]).update(
        verwerkt_op=timezone.now() - timedelta(days=1))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE plaatsingen_nazorgmoment")
    claim = te_sweepen(timezone.now()).select_for_update(skip_locked=True).order_by("gepland_op", "pk").values_list(
        "pk", flat=True)[:NAZORG_BATCH]

    assert len(claim) == 10 * 4

    for tabel, grens in (("plaatsingen_nazorgmoment", 10 * 4), ("plaatsingen_plaatsing", 0)):
        gelezen, plan = generiek_gelezen(claim, tabel, sorteren=True)
        assert gelezen <= grens, plan


# --- check-ins -------------------------------------------------------------------------------------


@pytest.fixture
def links(w, klok, met_mail):
    """The sweep at the 24-hour moment: {rol: token} as read from the two check-in mails."""
    klok.move_to(_om(date(2026, 3, 3), 9))
    met_mail(nazorg_sweep)
    tokens = {}
    for bericht in _mails("Hoe gaat het?"):
        [token] = re.findall(r"/hoe-gaat-het/([^/\s]+)/", bericht.body)
        tokens[checkin_zoeken(token).rol] = token
    mail.outbox.clear()
    return tokens


def test_the_werkgevers_checkin_greets_the_one_who_reads_it(w, klok, met_mail):
    """Review of "mails to a werkgever's people greet each reader by his own name": the nazorg check-in goes to one
    address of the company (its first colleague with an account) but opened with the contactpersoon's name, so
    Martijn read "Beste Ria van Dam" in his own inbox."""
    werkgever = w.plaatsing.werkgever
    werkgever.contactpersoon_naam, werkgever.contactpersoon_email = "Ria van Dam", "ria.vandam@example.nl"
    werkgever.save(update_fields=["contactpersoon_naam", "contactpersoon_email"])
    namen = {e.lower(): f"{v} {a}".strip() for e, v, a in User.objects.filter(
        organisatie_id=werkgever.organisatie_id).values_list("email", "voornaam", "achternaam")}
    namen["ria.vandam@example.nl"] = "Ria van Dam"
    klok.move_to(_om(date(2026, 3, 3), 9))

    met_mail(nazorg_sweep)

    [aan_werkgever] = [m for m in _mails("Hoe gaat het?") if "werkt nu bij u" in m.body]
    [adres] = aan_werkgever.to
    assert aan_werkgever.body.startswith(f"Beste {namen[adres.lower()]},")


def test_a_checkin_is_answered_once(w, links):
    checkin = checkin_beantwoorden(token=links["werknemer"], score=4, opmerking="Leuke collega's.")

    checkin.refresh_from_db()
    assert (checkin.score, checkin.opmerking, checkin.rol) == (4, "Leuke collega's.", "werknemer")
    assert checkin.beantwoord_op == _om(date(2026, 3, 3), 9)

    with pytest.raises(CheckinOngeldig, match="al beantwoord"):
        checkin_beantwoorden(token=links["werknemer"], score=1, opmerking="Toch niet.")

    checkin.refresh_from_db()
    assert (checkin.score, checkin.opmerking) == (4, "Leuke collega's.")
    # The other link of the same moment still works.
    assert checkin_beantwoorden(token=links["werkgever"], score=5).score == 5


def test_a_checkin_link_expires_after_14_days(w, links, klok):
    klok.move_to(_om(date(2026, 3, 17), 8, 59))
    assert checkin_zoeken(links["werkgever"]).rol == Checkin.Rol.WERKGEVER

    klok.move_to(_om(date(2026, 3, 17), 9, 0, 1))

    with pytest.raises(CheckinOngeldig, match="verlopen"):
        checkin_beantwoorden(token=links["werkgever"], score=4)
    assert not Checkin.objects.filter(beantwoord_op__isnull=False).exists()


@pytest.mark.parametrize("token", ["onzin", "", "x" * 43])
def test_an_unknown_checkin_link_is_refused(w, links, token):
    with pytest.raises(CheckinOngeldig, match="Deze link kennen we niet"):
        checkin_beantwoorden(token=token, score=4)

    assert not Checkin.objects.filter(beantwoord_op__isnull=False).exists()


@pytest.mark.parametrize("score", [0, 6])
def test_a_score_outside_1_to_5_is_refused_and_the_link_stays_usable(w, links, score):
    with pytest.raises(ValidationError) as exc:
        checkin_beantwoorden(token=links["werknemer"], score=score)

    assert exc.value.message_dict == {"score": ["Kies een cijfer van 1 tot 5."]}
    assert checkin_zoeken(links["werknemer"]).beantwoord_op is None
    assert checkin_beantwoorden(token=links["werknemer"], score=3).score == 3


@pytest.mark.parametrize("score", [1, 2])
def test_a_low_score_gives_the_accountmanager_a_task_today(w, links, score, met_mail):
    met_mail(checkin_beantwoorden, token=links["werkgever"], score=score, opmerking="Komt steeds te laat.")

    [taak] = Taak.objects.filter(toegewezen_aan=w.accountmanager, omschrijving__startswith="Lage score")
    assert f"Lage score ({score}) van de werkgever" in taak.omschrijving and "Anja Roest" in taak.omschrijving
    assert taak.uiterlijk == date(2026, 3, 3)


def test_a_score_of_3_gives_no_extra_task(w, links):
    checkin_beantwoorden(token=links["werkgever"], score=3)

    assert not Taak.objects.filter(omschrijving__startswith="Lage score").exists()


# --- the outcome of a contact moment -----------------------------------------------------------------


def test_an_interventie_needs_to_say_which(w):
    with pytest.raises(ValidationError) as exc:
        nazorg_uitkomst_vastleggen(moment=w.moment, door=w.accountmanager, uitkomst=NazorgMoment.Uitkomst.INTERVENTIE,
                                   bijzonderheden="Mist structuur.", interventie="  ")

    assert exc.value.message_dict == {
        "interventie": ["Welke interventie is nodig? Bijvoorbeeld jobcoach of extra gesprek."]}
    w.moment.refresh_from_db()
    assert w.moment.uitkomst == "" and w.moment.verwerkt_op is None


def test_an_interventie_with_a_text_is_recorded(w):
    nazorg_uitkomst_vastleggen(moment=w.moment, door=w.klantmanager, uitkomst=NazorgMoment.Uitkomst.INTERVENTIE,
                               bijzonderheden="Mist structuur.", interventie="Jobcoach twee keer per week")

    w.moment.refresh_from_db()
    assert (w.moment.uitkomst, w.moment.interventie) == ("interventie", "Jobcoach twee keer per week")
    assert w.moment.uitkomst_door == w.klantmanager


def test_an_outcome_put_right_replaces_the_first_and_says_once_that_the_contact_was_held(w):
    """"Uitkomst wijzigen": the klantmanager puts right what the accountmanager recorded. The contact was held once:
    beleving and whoever else reacts hear it once."""

    nazorg_uitkomst_vastleggen(moment=w.moment, door=w.accountmanager, uitkomst=NazorgMoment.Uitkomst.GOED)
    nazorg_uitkomst_vastleggen(moment=w.moment, door=w.klantmanager, uitkomst=NazorgMoment.Uitkomst.INTERVENTIE,
                               bijzonderheden="Mist structuur.", interventie="Jobcoach")

    w.moment.refresh_from_db()
    assert (w.moment.uitkomst, w.moment.interventie, w.moment.uitkomst_door) == (
        "interventie", "Jobcoach", w.klantmanager)
    assert [g.gegevens["moment_id"] for g in Gebeurtenis.objects.filter(soort=NAZORG_GEVOERD)] == [w.moment.pk]


def test_an_extra_moment_in_the_past_is_refused(w):
    with pytest.raises(ValidationError) as exc:
        nazorg_uitkomst_vastleggen(moment=w.moment, door=w.accountmanager, uitkomst=NazorgMoment.Uitkomst.GOED,
                                   extra_moment_op=_om(MAANDAG, 7, 59))

    assert exc.value.message_dict == {"extra_moment_op": ["Een extra moment plan je in de toekomst."]}
    assert not w.plaatsing.nazorgmomenten.filter(soort=M.EXTRA).exists()
    w.moment.refresh_from_db()
    assert w.moment.uitkomst == ""


def test_the_same_outcome_sent_twice_plans_its_extra_moment_once(w):
    """A double click on "Uitkomst vastleggen" with an extra contact moment: the second press recorded the outcome
    again (allowed, as "uitkomst wijzigen") and planned a second extra moment at the same hour: two calls, two
    "Hoe gaat het?" mails to werkgever and werknemer, two tasks. Another moment, or one later, is still planned."""
    extra = _om(date(2026, 3, 5), 14)
    for _keer in range(2):
        nazorg_uitkomst_vastleggen(moment=w.moment, door=w.accountmanager, uitkomst=NazorgMoment.Uitkomst.GOED,
                                   extra_moment_op=extra)
    assert list(w.plaatsing.nazorgmomenten.filter(soort=M.EXTRA).values_list("gepland_op", flat=True)) == [extra]
    nazorg_uitkomst_vastleggen(moment=w.moment, door=w.accountmanager, uitkomst=NazorgMoment.Uitkomst.GOED,
                               extra_moment_op=_om(date(2026, 3, 12), 14))
    assert w.plaatsing.nazorgmomenten.filter(soort=M.EXTRA).count() == 2


def test_an_extra_moment_is_planned_and_later_handled_by_the_sweep(w, klok, met_mail):
    klok.move_to(_om(date(2026, 3, 3), 11))
    met_mail(nazorg_sweep)
    nazorg_uitkomst_vastleggen(moment=w.moment, door=w.accountmanager,
                               uitkomst=NazorgMoment.Uitkomst.BIJZONDERHEDEN, bijzonderheden="Onzeker over taken.",
                               extra_moment_op=_om(date(2026, 3, 5), 14))
    [extra] = w.plaatsing.nazorgmomenten.filter(soort=M.EXTRA)
    mail.outbox.clear()

    klok.move_to(_om(date(2026, 3, 5), 13, 59))
    assert met_mail(nazorg_sweep) == 0
    klok.move_to(_om(date(2026, 3, 5), 14))
    assert met_mail(nazorg_sweep) == 1

    extra.refresh_from_db()
    assert extra.verwerkt_op == _om(date(2026, 3, 5), 14)
    assert len(_mails("Hoe gaat het?")) == 2
    herinneringen = _mails("Nazorg vandaag")
    assert len(herinneringen) == 2 and all("extra contactmoment" in m.body for m in herinneringen)



@pytest.mark.parametrize("soort,start,eind,verwacht", [
    # Start on Friday 19 December 2025: the day after is Saturday, the end moment would be on Christmas Day. Two
    # and six weeks later (2 and 30 January) the proefplaatsing is over: the end moment is the last call.
    (Plaatsing.Soort.PROEFPLAATSING, date(2025, 12, 19), date(2026, 1, 1), {
        NazorgMoment.Soort.DAG_1: datetime(2025, 12, 22, 9, 0),
        NazorgMoment.Soort.EINDE_PROEF: datetime(2025, 12, 29, 10, 0),
    }),
    # Start on Monday 13 April 2026: two weeks later is Koningsdag (27 April), six weeks later Pinkstermaandag.
    (Plaatsing.Soort.PROEFPLAATSING, date(2026, 4, 13), None, {
        NazorgMoment.Soort.DAG_1: datetime(2026, 4, 14, 9, 0),
        NazorgMoment.Soort.WEEK_2: datetime(2026, 4, 28, 10, 0),
        NazorgMoment.Soort.WEEK_6: datetime(2026, 5, 26, 10, 0),
    }),
    # Start on New Year's Eve: "24 hours later" is 1 January.
    (Plaatsing.Soort.PROEFPLAATSING, date(2025, 12, 31), None, {
        NazorgMoment.Soort.DAG_1: datetime(2026, 1, 2, 9, 0),
        NazorgMoment.Soort.WEEK_2: datetime(2026, 1, 14, 10, 0),
        NazorgMoment.Soort.WEEK_6: datetime(2026, 2, 11, 10, 0),
    }),
])
def test_nazorg_moments_land_on_werkdagen(soort, start, eind, verwacht):
    plaatsing = Plaatsing(soort=soort, startdatum=start, einddatum=eind)
    gepland = {s: timezone.localtime(m).replace(tzinfo=None) for s, m in gewenste_momenten(plaatsing).items()}
    assert gepland == verwacht


@pytest.mark.parametrize("eind,verwacht", [
    # Two months from Monday 14 December 2026 to Sunday 31 January 2027: six weeks after the start (25 January) is
    # the day of the end call, a week before the end on Sunday; one call then, not two at the same hour.
    (date(2027, 1, 31), {
        NazorgMoment.Soort.DAG_1: datetime(2026, 12, 15, 9, 0),
        NazorgMoment.Soort.WEEK_2: datetime(2026, 12, 28, 10, 0),
        NazorgMoment.Soort.EINDE_PROEF: datetime(2027, 1, 25, 10, 0),
    }),
    # Four weeks: the six-week call would come after the proefplaatsing ended.
    (date(2027, 1, 11), {
        NazorgMoment.Soort.DAG_1: datetime(2026, 12, 15, 9, 0),
        NazorgMoment.Soort.WEEK_2: datetime(2026, 12, 28, 10, 0),
        NazorgMoment.Soort.EINDE_PROEF: datetime(2027, 1, 4, 10, 0),
    }),
    # Ten weeks: all four calls, each on its own day.
    (date(2027, 2, 22), {
        NazorgMoment.Soort.DAG_1: datetime(2026, 12, 15, 9, 0),
        NazorgMoment.Soort.WEEK_2: datetime(2026, 12, 28, 10, 0),
        NazorgMoment.Soort.WEEK_6: datetime(2027, 1, 25, 10, 0),
        NazorgMoment.Soort.EINDE_PROEF: datetime(2027, 2, 15, 10, 0),
    }),
])
def test_no_two_week_or_six_week_call_on_or_after_the_end_call(eind, verwacht):
    plaatsing = Plaatsing(soort=Plaatsing.Soort.PROEFPLAATSING, startdatum=date(2026, 12, 14), einddatum=eind)
    gepland = {s: timezone.localtime(m).replace(tzinfo=None) for s, m in gewenste_momenten(plaatsing).items()}
    assert gepland == verwacht


def test_signing_a_short_proefplaatsing_plans_no_call_after_its_end_and_verlengen_brings_the_six_week_call(
        aangenomen, wereld, met_mail):
    """On the plaatsing page, the werkgever's "Volgend contact" and the sweep's "Hoe gaat het?" mails: a four-week
    proefplaatsing had a six-week call two weeks after it ended."""
    plaatsing = _ter_ondertekening(wereld, aangenomen, einddatum=date(2026, 3, 27))  # four weeks from MAANDAG
    met_mail(overeenkomst_ondertekenen, plaatsing=plaatsing, door=wereld.werkgever_user, naam="Martijn de Heul")
    assert set(_momenten(plaatsing)) == {M.DAG_1, M.WEEK_2, M.EINDE_PROEF}

    plaatsing_verlengen(plaatsing=plaatsing, door=wereld.accountmanager, einddatum=EINDE_PROEF)

    momenten = _momenten(plaatsing)
    assert set(momenten) == {M.DAG_1, M.WEEK_2, M.WEEK_6, M.EINDE_PROEF}
    assert _lokaal(momenten[M.WEEK_6].gepland_op) == datetime(2026, 4, 13, 10, 0)


def test_verlengen_after_the_end_call_of_a_short_plaatsing_brings_no_two_week_call_right_after_it(
        aangenomen, wereld, met_mail):
    """Review of the short-plaatsing fix: a three-week proefplaatsing has its end call on the day the two-week call
    would be, so that one is left out. The end call is held, they decide to go on, the accountmanager extends: the
    two-week call came back, due on that same day (already past), and the sweep asked werkgever and werknemer "Hoe
    gaat het?" again right after the end call. The six-week call and a new end call still come."""
    plaatsing = _ter_ondertekening(wereld, aangenomen, einddatum=MAANDAG + timedelta(days=20))
    met_mail(overeenkomst_ondertekenen, plaatsing=plaatsing, door=wereld.werkgever_user, naam="Martijn de Heul")
    assert set(_momenten(plaatsing)) == {M.DAG_1, M.EINDE_PROEF}
    plaatsing.nazorgmomenten.update(verwerkt_op=timezone.now())  # the sweep took up the day-1 and the end call

    plaatsing_verlengen(plaatsing=plaatsing, door=wereld.accountmanager, einddatum=EINDE_PROEF)

    soorten = list(plaatsing.nazorgmomenten.values_list("soort", flat=True))
    assert M.WEEK_2 not in soorten
    assert M.WEEK_6 in soorten and soorten.count(M.EINDE_PROEF) == 2


def test_migration_removes_the_planned_week_calls_on_or_after_the_end_call_of_earlier_plaatsingen(w, klok, met_mail):
    """Migration 0009: a plaatsing signed before the end call became the last one kept its 6-week call at the same hour
    as the end call (on the plaatsing page: two calls on 25 January at 10:00) and a second "Hoe gaat het?" mail. A
    call already held, one by hand (extra) and the calls before the end stay."""
    migratie = MIGRATIE_0009
    momenten = _momenten(w.plaatsing)
    einde = momenten[M.EINDE_PROEF].gepland_op
    # As planned before: the six-week call at the hour of the end call, a two-week one after it.
    NazorgMoment.objects.filter(pk=momenten[M.WEEK_6].pk).update(gepland_op=einde)
    na_einde = NazorgMoment.objects.create(plaatsing=w.plaatsing, soort=M.WEEK_2, gepland_op=einde + timedelta(days=3))
    al_gehouden = NazorgMoment.objects.create(plaatsing=w.plaatsing, soort=M.WEEK_6,
                                              gepland_op=einde + timedelta(days=4), verwerkt_op=timezone.now(),
                                              uitkomst=NazorgMoment.Uitkomst.GOED)
    extra = NazorgMoment.objects.create(plaatsing=w.plaatsing, soort=M.EXTRA, gepland_op=einde)
    wachtend = Mail.objects.create(sleutel=f"checkin:{momenten[M.WEEK_6].pk}:werkgever:info@example.nl",
                                   aan="info@example.nl", onderwerp="Hoe gaat het?")

    migratie.na_het_eindgesprek(apps, None, batch=1)
    migratie.na_het_eindgesprek(apps, None)  # once more: nothing left to do

    over = set(w.plaatsing.nazorgmomenten.values_list("pk", flat=True))
    assert over == {momenten[M.DAG_1].pk, momenten[M.WEEK_2].pk, momenten[M.EINDE_PROEF].pk, al_gehouden.pk, extra.pk}
    assert na_einde.pk not in over
    wachtend.refresh_from_db()
    assert wachtend.status == Mail.Status.VERVALLEN

    klok.move_to(einde - timedelta(days=1))
    assert met_mail(nazorg_sweep) == 2  # 24 hours and 2 weeks
    mail.outbox.clear()
    klok.move_to(einde)
    assert met_mail(nazorg_sweep) == 2  # the end call and the extra one; no six-week call beside them
    assert Checkin.objects.filter(moment__gepland_op=einde).count() == 4  # werkgever and werknemer, twice
    assert len(_mails("Hoe gaat het?")) == 4


def test_the_checkin_greets_its_reader_by_his_own_name_not_the_contactpersoon(w, klok, met_mail):
    """"Hoe gaat het?" went to Martijn opened with "Beste Ria van Dam" (the company's contactpersoon); without a
    name it said "Beste relatie,"."""
    Werkgever.objects.filter(pk=w.werkgever.pk).update(contactpersoon_naam="Ria van Dam")
    klok.move_to(_om(date(2026, 3, 3), 9))
    met_mail(nazorg_sweep)
    [aan_werkgever] = [m for m in _mails("Hoe gaat het?") if m.to == [w.werkgever_user.email]]
    assert aan_werkgever.body.splitlines()[0] == f"Beste {w.werkgever_user.get_full_name()},"
    assert "Ria van Dam" not in aan_werkgever.body

    User.objects.filter(pk=w.werkgever_user.pk).update(voornaam="", achternaam="")
    mail.outbox.clear()
    klok.move_to(_om(date(2026, 3, 16), 10))
    met_mail(nazorg_sweep)
    [aan_werkgever] = [m for m in _mails("Hoe gaat het?") if m.to == [w.werkgever_user.email]]
    assert aan_werkgever.body.splitlines()[0] == "Goedendag,"


def test_an_outcome_weeks_before_the_moment_is_refused_a_few_days_early_is_fine(w, klok):
    """Recording "het gaat goed" for the six-week moment in the first week is a click on the wrong moment: that moment
    would then never come up for anyone. A call a few days early is recorded on its moment."""
    momenten = _momenten(w.plaatsing)
    klok.move_to(_om(date(2026, 3, 3), 12))
    with pytest.raises(ValidationError) as fout:
        nazorg_uitkomst_vastleggen(moment=momenten[M.WEEK_6], door=w.accountmanager, uitkomst=NazorgMoment.Uitkomst.GOED)
    assert "Dit contactmoment is pas op" in str(fout.value)
    momenten[M.WEEK_6].refresh_from_db()
    assert momenten[M.WEEK_6].uitkomst == ""
    # Five days before the two-week moment: recorded.
    klok.move_to(timezone.localtime(momenten[M.WEEK_2].gepland_op) - timedelta(days=5))
    nazorg_uitkomst_vastleggen(moment=momenten[M.WEEK_2], door=w.accountmanager, uitkomst=NazorgMoment.Uitkomst.GOED)
    momenten[M.WEEK_2].refresh_from_db()
    assert momenten[M.WEEK_2].uitkomst == NazorgMoment.Uitkomst.GOED


# --- correcting what was typed wrong ("Gegevens corrigeren") -------------------------------------------------------


def _corrigeren(plaatsing, door, reden="Verkeerd overgenomen uit de mail van de werkgever.", **velden):
    return plaatsing_corrigeren(plaatsing=plaatsing, door=door, reden=reden, **velden)


def test_before_signing_a_correction_changes_the_plaatsing_and_records_what_was_wrong(aangenomen, wereld):
    plaatsing = _starten(wereld, aangenomen)  # in voorbereiding: 2 March to 30 April, 32 hours

    correctie = _corrigeren(plaatsing, wereld.accountmanager, functie="Monteur", startdatum=date(2026, 3, 9),
                            uren_per_week=24)

    plaatsing.refresh_from_db()
    assert (plaatsing.startdatum, plaatsing.uren_per_week, plaatsing.status) == (
        date(2026, 3, 9), 24, Plaatsing.Status.VOORBEREIDING)
    assert (correctie.door, correctie.reden) == (wereld.accountmanager,
                                                  "Verkeerd overgenomen uit de mail van de werkgever.")
    assert (correctie.oud, correctie.nieuw) == ({"startdatum": "2026-03-02", "uren_per_week": 32},
                                                {"startdatum": "2026-03-09", "uren_per_week": 24})
    assert not plaatsing.nazorgmomenten.exists()  # planned once it runs, from the corrected start
    assert [g.gegevens for g in Gebeurtenis.objects.filter(soort=PLAATSING_GECORRIGEERD)] == [
        {"plaatsing_id": plaatsing.pk, "correctie_id": correctie.pk, "ter_ondertekening": False,
         "werknemer": "portaal"}]


def test_a_correction_that_changes_nothing_says_so(w):
    with pytest.raises(ValidationError) as exc:
        _corrigeren(w.plaatsing, w.accountmanager, functie="Monteur", startdatum=MAANDAG, uren_per_week=32)

    assert exc.value.messages == ["Er is niets veranderd: dit zijn de gegevens die er al stonden."]
    assert not w.plaatsing.correcties.exists()


def test_a_correction_keeps_the_rules_of_the_start(w):
    with pytest.raises(ValidationError) as exc:
        _corrigeren(w.plaatsing, w.accountmanager, einddatum=date(2026, 9, 2), verlenging_reden="Lang inwerktraject.")

    assert exc.value.message_dict == {"einddatum": ["Een proefplaatsing duurt hooguit 6 maanden."]}
    with pytest.raises(PermissionError):
        _corrigeren(w.plaatsing, w.klantmanager, uren_per_week=24)
    w.plaatsing.refresh_from_db()
    assert (w.plaatsing.einddatum, w.plaatsing.uren_per_week) == (EINDE_PROEF, 32)


def test_other_hours_keep_the_plaatsing_running_and_the_werkgever_signs_the_new_overeenkomst(w, met_mail):
    """What the werkgever signed said 32 hours: with 24 it is another agreement, signed again. Anja is at work all the
    while: the plaatsing runs on with the old signature, the correction names it and its pdf (kept), and the werkgever
    gets the new overeenkomst, unsigned, to sign. His new signature replaces the old one without starting the
    plaatsing again."""
    getekend = w.plaatsing.overeenkomst.name
    transities = w.plaatsing.transities.count()
    klaargezet = Gebeurtenis.objects.filter(soort=OVEREENKOMST_KLAARGEZET).count()
    mails_versturen()  # what starting the plaatsing queued
    mail.outbox.clear()

    correctie = met_mail(_corrigeren, plaatsing=w.plaatsing, door=w.accountmanager, uren_per_week=24)

    plaatsing = Plaatsing.objects.get(pk=w.plaatsing.pk)
    assert plaatsing.status == Plaatsing.Status.LOPEND
    assert plaatsing.opnieuw_te_ondertekenen_sinds == timezone.now() and plaatsing.te_ondertekenen
    assert plaatsing.ondertekend_door_naam == "Martijn de Heul" and plaatsing.ondertekend_op is not None
    assert correctie.handtekening_vervallen and correctie.oud["ondertekend_door_naam"] == "Martijn de Heul"
    assert correctie.oud["overeenkomst"] == getekend and plaatsing.overeenkomst.storage.exists(getekend)
    assert plaatsing.overeenkomst.name != getekend
    tekst = _pdf_tekst(plaatsing)
    assert "Uren per week: 24" in tekst and "Nog niet ondertekend" in tekst
    [notitie] = plaatsing.transities.all()[transities:]
    assert (notitie.van, notitie.naar, notitie.toelichting) == (
        Plaatsing.Status.LOPEND, Plaatsing.Status.LOPEND, "gegevens gecorrigeerd; de werkgever ondertekent opnieuw")
    assert Gebeurtenis.objects.filter(soort=OVEREENKOMST_KLAARGEZET).count() == klaargezet + 1
    assert Gebeurtenis.objects.filter(soort=PLAATSING_GECORRIGEERD).get().gegevens["ter_ondertekening"] is True
    [verzoek] = _mails("Overeenkomst klaar om te ondertekenen")
    assert verzoek.to == [w.werkgever_user.email]
    assert "is gewijzigd. De plaatsing loopt gewoon door" in verzoek.body
    gestart = Gebeurtenis.objects.filter(soort=PLAATSING_GESTART).count()
    momenten = list(plaatsing.nazorgmomenten.values_list("pk", "gepland_op"))
    concept = plaatsing.overeenkomst.name
    mail.outbox.clear()

    met_mail(overeenkomst_ondertekenen, plaatsing=plaatsing, door=w.werkgever_user, naam="M. de Heul")

    plaatsing.refresh_from_db()
    assert (plaatsing.status, plaatsing.opnieuw_te_ondertekenen_sinds, plaatsing.ondertekend_door_naam) == (
        Plaatsing.Status.LOPEND, None, "M. de Heul")
    tekst = _pdf_tekst(plaatsing)
    assert "Uren per week: 24" in tekst and "Digitaal ondertekend door M. de Heul" in tekst
    assert plaatsing.overeenkomst.storage.exists(getekend) and not plaatsing.overeenkomst.storage.exists(concept)
    assert plaatsing.transities.last().toelichting == "gewijzigde overeenkomst opnieuw ondertekend door M. de Heul"
    assert Gebeurtenis.objects.filter(soort=PLAATSING_GESTART).count() == gestart  # it did not start again
    assert list(plaatsing.nazorgmomenten.values_list("pk", "gepland_op")) == momenten
    ondertekend = _mails("De overeenkomst is ondertekend")
    assert len(ondertekend) == 3 and all("De gewijzigde overeenkomst voor Monteur" in m.body for m in ondertekend)
    assert not [m for m in ondertekend if "Wij bellen" in m.body or "Start:" in m.body]  # she started long ago
    # Anja has no account: her mail points to no portal.
    [aan_anja] = [m for m in ondertekend if m.to == [w.kandidaat2.email]]
    assert "portaal" not in aan_anja.body and "http" not in aan_anja.body
    assert f"Vraag je contactpersoon {w.klantmanager.get_full_name()} om een kopie." in aan_anja.body
    with pytest.raises(ValidationError):  # once per version
        overeenkomst_ondertekenen(plaatsing=plaatsing, door=w.werkgever_user, naam="M. de Heul")


def test_a_corrected_running_proefplaatsing_can_still_be_ended_extended_and_followed_up(w, klok, met_mail):
    """The werkgever never signs the corrected overeenkomst: Anja is still at work, so the accountmanager can still
    extend her proefplaatsing and decide about its end, and the contact moments come as for anyone at work."""
    klok.move_to(_om(date(2026, 3, 10), 12))
    _corrigeren(w.plaatsing, w.accountmanager, uren_per_week=24)
    klok.move_to(_om(date(2026, 3, 17), 12))

    assert met_mail(nazorg_sweep) == 2  # the 24-hour moment and the one of 2 weeks
    assert sorted(m.to[0] for m in _mails("Hoe gaat het?")) == sorted([w.werkgever_user.email] * 2
                                                                      + [w.kandidaat2.email] * 2)
    plaatsing_verlengen(plaatsing=w.plaatsing, door=w.accountmanager, einddatum=date(2026, 5, 29),
                        verlenging_reden="Langer inwerken.")
    proefplaatsing_afronden(plaatsing=w.plaatsing, door=w.accountmanager, besluit="afscheid", reden="Past niet.")

    w.plaatsing.refresh_from_db()
    assert (w.plaatsing.status, w.plaatsing.einddatum) == (Plaatsing.Status.AFSCHEID, date(2026, 5, 29))
    assert not w.plaatsing.te_ondertekenen
    with pytest.raises(ValidationError) as exc:
        overeenkomst_ondertekenen(plaatsing=w.plaatsing, door=w.werkgever_user, naam="Martijn de Heul")
    assert "al ondertekend" in exc.value.messages[0]


def test_a_correction_writes_a_change_of_the_werknemers_data_in_the_verwerkingenlog(w):
    """"Wie heeft mijn gegevens bekeken?" shows Anja that her plaatsing was changed, by whom and what."""
    _corrigeren(w.plaatsing, w.accountmanager, uren_per_week=24, functie="Leerling-monteur")

    [regel] = Verwerking.objects.filter(actie=Verwerking.Actie.WIJZIGEN, gebruiker=w.accountmanager)
    assert [b.object_id for b in regel.betrokkenen.all()] == [str(w.kandidaat2.pk)]
    assert (regel.doel, regel.details) == ("plaatsing corrigeren", "functie, uren per week")


def test_a_corrected_functie_asks_for_a_new_signature_too(w):
    """The functie is printed on the overeenkomst: the signed one would name the old one."""
    _corrigeren(w.plaatsing, w.accountmanager, functie="Leerling-monteur")

    plaatsing = Plaatsing.objects.get(pk=w.plaatsing.pk)
    assert (plaatsing.functie, plaatsing.status) == ("Leerling-monteur", Plaatsing.Status.LOPEND)
    assert plaatsing.opnieuw_te_ondertekenen
    assert "Functie: Leerling-monteur" in _pdf_tekst(plaatsing)


def test_a_second_correction_before_the_werkgever_signs_again_keeps_the_signed_pdf_and_drops_the_first_concept(
        w, django_capture_on_commit_callbacks):
    getekend = w.plaatsing.overeenkomst.name
    with django_capture_on_commit_callbacks(execute=True):
        _corrigeren(w.plaatsing, w.accountmanager, uren_per_week=24)
    w.plaatsing.refresh_from_db()
    sinds, concept = w.plaatsing.opnieuw_te_ondertekenen_sinds, w.plaatsing.overeenkomst.name

    with django_capture_on_commit_callbacks(execute=True):
        tweede = _corrigeren(w.plaatsing, w.accountmanager, uren_per_week=28)

    w.plaatsing.refresh_from_db()
    assert w.plaatsing.opnieuw_te_ondertekenen_sinds == sinds  # waiting since the first
    assert not tweede.handtekening_vervallen  # named by the first correction already
    storage = w.plaatsing.overeenkomst.storage
    assert storage.exists(getekend) and not storage.exists(concept) and storage.exists(w.plaatsing.overeenkomst.name)
    assert "Uren per week: 28" in _pdf_tekst(w.plaatsing)


def test_an_overeenkomst_waiting_for_the_werkgever_is_made_again_with_the_correction(aangenomen, wereld, met_mail):
    plaatsing = met_mail(_ter_ondertekening, wereld=wereld, voordracht=aangenomen)
    mail.outbox.clear()

    met_mail(_corrigeren, plaatsing=plaatsing, door=wereld.accountmanager, functie="Leerling-monteur")

    plaatsing.refresh_from_db()
    assert plaatsing.status == Plaatsing.Status.WACHT_OP_HANDTEKENING
    assert "Functie: Leerling-monteur" in _pdf_tekst(plaatsing)
    assert len(_mails("Overeenkomst klaar om te ondertekenen")) == 1


def test_a_later_start_moves_the_contact_moments_not_yet_held_and_keeps_the_held_ones(klok):
    plaatsing = PlaatsingFactory(soort=Plaatsing.Soort.TIJDELIJK, status=Plaatsing.Status.LOPEND, startdatum=MAANDAG,
                                 einddatum=date(2026, 8, 31), met_momenten=True)
    NazorgMoment.objects.filter(plaatsing=plaatsing, soort=M.DAG_1).update(
        verwerkt_op=timezone.now(), uitkomst=NazorgMoment.Uitkomst.GOED)

    _corrigeren(plaatsing, plaatsing.aangemaakt_door, startdatum=date(2026, 3, 9))

    assert {soort: _lokaal(m.gepland_op) for soort, m in _momenten(plaatsing).items()} == {
        M.DAG_1: datetime(2026, 3, 3, 9, 0),  # held: stays where it was
        M.WEEK_2: datetime(2026, 3, 23, 10, 0),
        M.WEEK_6: datetime(2026, 4, 20, 10, 0),
        M.EINDE_CONTRACT: datetime(2026, 8, 24, 10, 0),
    }
    assert plaatsing.nazorgmomenten.count() == 4


@pytest.mark.parametrize("eind", [
    pytest.param(dict(afscheid=True), id="afscheid"),
    pytest.param(dict(soort=Plaatsing.Soort.TIJDELIJK, status=Plaatsing.Status.AFGEROND), id="afgerond"),
])
def test_an_ended_plaatsing_cannot_be_corrected(klok, eind):
    plaatsing = PlaatsingFactory(**eind)

    with pytest.raises(ValidationError) as exc:
        _corrigeren(plaatsing, plaatsing.aangemaakt_door, uren_per_week=24)

    assert exc.value.messages == [
        f"Deze plaatsing is beëindigd ({plaatsing.get_status_display()}). De gegevens van een beëindigde plaatsing "
        "kun je niet meer corrigeren."]
    plaatsing.refresh_from_db()
    assert plaatsing.uren_per_week == 32 and not plaatsing.correcties.exists()


def test_a_form_opened_before_someone_else_changed_the_plaatsing_is_refused(w):
    stand = correctie_stand(w.plaatsing)
    _corrigeren(w.plaatsing, w.accountmanager, functie="Leerling-monteur")  # a colleague, a moment ago

    with pytest.raises(OvergangNietToegestaan) as exc:
        _corrigeren(w.plaatsing, w.accountmanager, stand=stand, functie="Monteur", uren_per_week=24)

    assert exc.value.status == Plaatsing.Status.LOPEND
    w.plaatsing.refresh_from_db()
    assert (w.plaatsing.functie, w.plaatsing.uren_per_week) == ("Leerling-monteur", 32)


def test_the_signed_mail_still_waiting_when_a_correction_changes_the_overeenkomst_is_not_sent(aangenomen, wereld):
    """"De overeenkomst is ondertekend" is rendered when the worker sends it. When a correction changed what was
    signed before then (it waits for a new signature), nobody gets it (they get the new overeenkomst to sign and the
    melding of the correction): the mail is set aside as no longer true, not failed and not tried again. The new
    signature's mail goes as usual."""
    plaatsing = _ter_ondertekening(wereld, aangenomen)
    overeenkomst_ondertekenen(plaatsing=plaatsing, door=wereld.werkgever_user, naam="Martijn de Heul")
    _corrigeren(plaatsing, wereld.accountmanager, uren_per_week=24)  # before the mail worker came

    mails_versturen()

    assert _mails("De overeenkomst is ondertekend") == []
    vervallen = Mail.objects.filter(onderwerp__contains="De overeenkomst is ondertekend")
    assert vervallen.count() == 3
    assert [(m.status, m.context, m.geclaimd_tot) for m in vervallen] == [(Mail.Status.VERVALLEN, {}, None)] * 3, [
        m.fout for m in vervallen]
    assert all("nieuwe handtekening nodig sinds veranderde sinds de mail klaarstond" in m.fout for m in vervallen)
    assert [m.to for m in _mails("Overeenkomst klaar om te ondertekenen")] == [[wereld.werkgever_user.email]] * 2
    assert not Mail.objects.filter(status__in=[Mail.Status.WACHT, Mail.Status.BEZIG, Mail.Status.MISLUKT]).exists()

    overeenkomst_ondertekenen(plaatsing=plaatsing, door=wereld.werkgever_user, naam="Martijn de Heul")
    mails_versturen()

    ondertekend = _mails("De overeenkomst is ondertekend")
    assert sorted(m.to[0] for m in ondertekend) == sorted([wereld.werkgever_user.email, wereld.accountmanager.email,
                                                           wereld.werkzoekende_user.email])
    assert "is ondertekend door Martijn de Heul op" in ondertekend[0].body


def _contract_na_de_proef(w):
    """Anja's proefplaatsing (from 2 March) ends in a tijdelijk contract from 2 May."""
    return proefplaatsing_afronden(plaatsing=w.plaatsing, door=w.accountmanager, besluit="contract",
                                   contractsoort=Plaatsing.Soort.TIJDELIJK, startdatum=date(2026, 5, 2),
                                   einddatum=date(2026, 11, 1))


def test_a_contract_after_a_proefplaatsing_cannot_be_corrected_to_start_before_it(w):
    contract = _contract_na_de_proef(w)

    with pytest.raises(ValidationError) as exc:
        _corrigeren(contract, w.accountmanager, startdatum=date(2026, 2, 27))

    assert exc.value.message_dict == {"startdatum": [
        "Het contract begint niet vóór de proefplaatsing: die begon op 2 maart 2026."]}
    contract.refresh_from_db()
    assert contract.startdatum == date(2026, 5, 2) and not contract.correcties.exists()
    _corrigeren(contract, w.accountmanager, startdatum=MAANDAG)  # the same day as the proefplaatsing is fine
    contract.refresh_from_db()
    assert contract.startdatum == MAANDAG


def test_the_end_of_a_proefplaatsing_refuses_a_contract_that_starts_before_it_with_the_same_rule(w):
    with pytest.raises(ValidationError) as exc:
        proefplaatsing_afronden(plaatsing=w.plaatsing, door=w.accountmanager, besluit="contract",
                                contractsoort=Plaatsing.Soort.VAST, startdatum=date(2026, 3, 1))

    assert exc.value.message_dict == {"startdatum": [
        "Het contract begint niet vóór de proefplaatsing: die begon op 2 maart 2026."]}
    w.plaatsing.refresh_from_db()
    assert w.plaatsing.status == Plaatsing.Status.LOPEND and not Plaatsing.objects.filter(vorige=w.plaatsing).exists()


def test_a_plaatsing_an_earlier_correction_sent_back_to_signing_runs_again_waiting_for_the_new_signature(w):
    """Migration 0007: a correction used to send a signed, running plaatsing back to 'wacht op handtekening' with
    its signature cleared, where nobody could end it. It runs again with the signature the correction recorded, waiting
    for the new one since that correction."""
    migratie = MIGRATIE_0007
    ondertekend_op = w.plaatsing.ondertekend_op
    correctie = PlaatsingCorrectie.objects.create(
        plaatsing=w.plaatsing, door=w.accountmanager, reden="Uren.", nieuw={"uren_per_week": 24},
        oud={"uren_per_week": 32, "ondertekend_door_naam": "Martijn de Heul",
             "ondertekend_op": ondertekend_op.isoformat(), "overeenkomst": w.plaatsing.overeenkomst.name})
    Plaatsing.objects.filter(pk=w.plaatsing.pk).update(status=Plaatsing.Status.WACHT_OP_HANDTEKENING, uren_per_week=24,
                                                       ondertekend_op=None, ondertekend_door_naam="",
                                                       ondertekend_door=None)
    PlaatsingTransitie.objects.create(plaatsing=w.plaatsing, van=Plaatsing.Status.LOPEND,
                                      naar=Plaatsing.Status.WACHT_OP_HANDTEKENING)

    migratie.weer_lopend(apps, None)

    w.plaatsing.refresh_from_db()
    assert (w.plaatsing.status, w.plaatsing.ondertekend_op, w.plaatsing.ondertekend_door_naam) == (
        Plaatsing.Status.LOPEND, ondertekend_op, "Martijn de Heul")
    assert w.plaatsing.opnieuw_te_ondertekenen_sinds == correctie.tijdstip and w.plaatsing.te_ondertekenen
    proefplaatsing_afronden(plaatsing=w.plaatsing, door=w.accountmanager, besluit="afscheid", reden="Past niet.")


def test_a_low_checkin_gives_the_accountmanager_a_task_that_links_to_the_werkgever(
        w, links, client, django_capture_on_commit_callbacks):
    """"Lage score (1) van de werkgever bij ...: neem contact op." stood on /taken/ without a link: the accountmanager
    cannot open the werknemer's dossier, and had to look up the werkgever and the plaatsing herself."""
    with django_capture_on_commit_callbacks(execute=True):
        checkin_beantwoorden(token=links["werkgever"], score=1, opmerking="Hij komt vaak te laat.")
    [taak] = Taak.objects.filter(sleutel__startswith="checkin_laag:")
    assert (taak.toegewezen_aan, taak.werkgever) == (w.accountmanager, w.werkgever)
    client.force_login(w.accountmanager)
    html = client.get(reverse("taken")).content.decode()
    assert f'href="{reverse("werkgever_detail", args=[w.werkgever.pk])}">naar {w.werkgever.naam}</a>' in html

    # The werkgever gets another vaste accountmanager: the call to make goes along with it.
    opvolger = AccountmanagerFactory(regio=w.werkgever.regio, organisatie=w.accountmanager.organisatie)
    with django_capture_on_commit_callbacks(execute=True):
        accountmanager_toewijzen(werkgever=w.werkgever, accountmanager=opvolger, door=w.accountmanager)
    taak.refresh_from_db()
    assert taak.toegewezen_aan == opvolger


def test_migration_marks_the_verlengingen_kept_as_corrections_before_they_had_a_soort(w):
    """Migration 0010: the verlengingen of signed plaatsingen written before ``PlaatsingCorrectie.soort`` are known by
    the reden the service stored; a correction the accountmanager wrote herself stays a correction."""
    migratie = MIGRATIE_0010
    maak = partial(PlaatsingCorrectie.objects.create, plaatsing=w.plaatsing, door=w.accountmanager,
                   oud={"einddatum": "2026-05-01"}, nieuw={"einddatum": "2026-05-29"})
    later = maak(reden="Verlengd tot 29 mei 2026 (geen fout): de werkgever ondertekent de overeenkomst opnieuw.")
    eerder = maak(reden="Eindigt eerder, op 15 april 2026 (geen fout): de werkgever ondertekent de overeenkomst "
                        "opnieuw.")
    fout = maak(reden="Verlengd tot 29 mei 2026 was afgesproken, niet 1 mei.")

    migratie.verlengingen_benoemen(apps, None)

    assert {c.pk: c.soort for c in PlaatsingCorrectie.objects.all()} == {
        later.pk: "verlenging", eerder.pk: "verlenging", fout.pk: "correctie"}
