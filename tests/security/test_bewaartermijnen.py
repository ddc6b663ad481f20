"""Retention with a moved clock: a dry run reports and changes nothing; a real run anonymises exactly the due
dossiers and deletes their files from disk, leaves the others untouched; a second run changes nothing more."""

import os
import uuid
from datetime import datetime, timedelta
from functools import partial
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from accounts.models import Verwerking
from accounts.tests.factories import KlantmanagerFactory, WerkzoekendeUserFactory
from agenda.models import Afspraak
from agenda.services import afspraak_plannen, kan_niet_melden
from bemiddeling.models import Voordracht, VoordrachtTransitie
from outbox.models import Mail
from plaatsingen.models import Checkin, Plaatsing, PlaatsingCorrectie, Regelingaanvraag, RegelingaanvraagWijziging
from privacy import bewaren
from privacy.bewaren import bewaartermijnen_toepassen
from privacy.tasks import bewaartermijnen_task
from sollicitaties.models import PlichtWijziging, Sollicitatieactiviteit
from taken.models import Taak
from tests.security.rechten_helpers import vol_dossier
from tests.test_settings_env import start
from werkgevers.models import Instrument, Tijdlijnregel, Verzoek, Verzoekaanvulling
from werkgevers.services import verzoek_contact_opgenomen, verzoek_indienen, verzoek_sluiten
from werkzoekenden.models import Afsluitreden, Caseloadoverdracht, DossierToegang, Kandidaat, Rechtenverzoek
from werkzoekenden.services import dossier_afsluiten, dossiertoegang_geven
from werkzoekenden.tasks import rechtenverzoeken_bewaken_task
from werkzoekenden.tests.factories import KandidaatFactory

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")
BEGIN = datetime(2024, 1, 10, 10, 0, tzinfo=AMS)
PEILDATUM = datetime(2026, 12, 15, 3, 15, tzinfo=AMS)  # the nightly run


def met_cv(kandidaat):
    kandidaat.cv.save(f"cv-{kandidaat.pk}.pdf", ContentFile(b"%PDF-1.4 cv"), save=False)
    kandidaat.cv_bestandsnaam = "mijn cv.pdf"
    kandidaat.save(update_fields=["cv", "cv_bestandsnaam"])
    return kandidaat


def afgerond(kandidaat, einde):
    Plaatsing.objects.filter(kandidaat=kandidaat).update(status=Plaatsing.Status.AFGEROND, einddatum=einde)


@pytest.fixture
def dossiers(wereld):
    """oud: closed early 2024, plaatsing ended -> anonymise. recent: closed in September 2026 -> only the cv.
    open: never closed. werkt_nog: closed early 2024 but the plaatsing still runs -> keep, only the cv goes."""
    with time_machine.travel(BEGIN, tick=False):
        oud = met_cv(vol_dossier(wereld, n=1, kandidaat=met_account(wereld, "Oud")))
        afgerond(oud, BEGIN.date() + timedelta(days=3))
        dossier_afsluiten(kandidaat=oud, door=wereld.klantmanager, reden=Afsluitreden.WERK)
        werkt_nog = met_cv(vol_dossier(wereld, n=1, kandidaat=met_account(wereld, "Werktnog")))
        dossier_afsluiten(kandidaat=werkt_nog, door=wereld.klantmanager, reden=Afsluitreden.WERK)
        open_ = met_cv(KandidaatFactory(achternaam="Open", klantmanager=wereld.klantmanager))
    with time_machine.travel(datetime(2026, 9, 1, 10, 0, tzinfo=AMS), tick=False):
        recent = met_cv(KandidaatFactory(achternaam="Recent", klantmanager=wereld.klantmanager))
        dossier_afsluiten(kandidaat=recent, door=wereld.klantmanager, reden=Afsluitreden.VERHUISD)
    return {"oud": oud, "werkt_nog": werkt_nog, "open": open_, "recent": recent}


def met_account(wereld, achternaam):
    account = WerkzoekendeUserFactory(voornaam="Piet", achternaam=achternaam)
    return KandidaatFactory(voornaam="Piet", achternaam=achternaam, account=account, klantmanager=wereld.klantmanager,
                            samenvatting="Ik ben Piet.", telefoon="06 12121212",
                            email=f"Piet.{achternaam}@Voorbeeld.nl")


def pad(kandidaat):
    return kandidaat.cv.path


def momentopname():
    return {
        "kandidaten": list(Kandidaat.objects.order_by("pk").values()),
        "voordrachten": list(Voordracht.objects.order_by("pk").values()),
        "mails": Mail.objects.count(),
        "checkins": list(Checkin.objects.order_by("pk").values()),
    }


def test_dry_run_reports_what_is_due_and_changes_nothing(dossiers):
    bestanden = {naam: pad(k) for naam, k in dossiers.items()}
    voor = momentopname()
    with time_machine.travel(PEILDATUM, tick=False):
        rapport = bewaartermijnen_toepassen()
    regels = {r.categorie: r for r in rapport.regels}
    assert rapport.droog
    assert regels["dossier"].ids == [dossiers["oud"].pk]
    assert regels["cv"].ids == [dossiers["werkt_nog"].pk, dossiers["recent"].pk]
    assert momentopname() == voor
    assert all(os.path.exists(p) for p in bestanden.values())
    tekst = rapport.als_tekst()
    assert "PROEF" in tekst and "dossier: 1" in tekst and str(dossiers["oud"].pk) in tekst


def test_real_run_anonymises_exactly_the_due_dossiers_and_deletes_their_files(dossiers, wereld):
    bestanden = {naam: pad(k) for naam, k in dossiers.items()}
    oud = dossiers["oud"]
    regio, status = oud.regio_id, list(Plaatsing.objects.filter(kandidaat=oud).values_list("status", "startdatum"))
    voordracht_status = list(Voordracht.objects.filter(kandidaat=oud).values_list("status", flat=True))
    ongemoeid = {naam: Kandidaat.objects.filter(pk=dossiers[naam].pk).values().get()
                 for naam in ("open",)}
    adressen = [oud.email.lower(), oud.account.email.lower()]

    bewijzen = [a.bewijs.path for a in Sollicitatieactiviteit.objects.filter(kandidaat__in=[oud, dossiers["werkt_nog"]])
                if a.bewijs]
    assert len(bewijzen) == 2 and all(os.path.exists(b) for b in bewijzen)
    with time_machine.travel(BEGIN, tick=False):  # "ik kan niet" on an afspraak: often a health reason
        afspraak = afspraak_plannen(door=wereld.klantmanager, soort=Afspraak.Soort.KLANTMANAGERGESPREK, titel="",
                                    start=BEGIN + timedelta(days=2), eind=BEGIN + timedelta(days=2, hours=1),
                                    plaats="Werkplein", kandidaten=[oud, dossiers["werkt_nog"]])
        for k in (oud, dossiers["werkt_nog"]):
            kan_niet_melden(deelnemer=afspraak.deelnemers.get(kandidaat=k), door=k.account, reden="Ik ben ziek",
                            wanneer_wel="Na mijn operatie")
    Mail.objects.filter(aan__in=adressen).update(status=Mail.Status.VERSTUURD, verstuurd_op=BEGIN)
    # A correction of her signed overeenkomst: why, what it said, who signed it, and that signed pdf on file.
    plaatsing = Plaatsing.objects.filter(kandidaat=oud).first()
    getekend = Plaatsing._meta.get_field("overeenkomst").storage.save(f"overeenkomsten/overeenkomst-{plaatsing.pk}-"
                                                                      "ondertekend.pdf", ContentFile(b"%PDF-1.4"))
    PlaatsingCorrectie.objects.create(
        plaatsing=plaatsing, reden="Piet werkt bij de keuken, niet in de bediening.",
        oud={"functie": "Bediening", "voorwaarden": "Piet mag om 15 uur weg.", "uren_per_week": 24,
             "ondertekend_door_naam": "Martijn de Heul", "ondertekend_op": "2024-01-08T09:00:00+00:00",
             "overeenkomst": getekend},
        nieuw={"functie": "Keuken", "voorwaarden": "Piet mag om 16 uur weg.", "uren_per_week": 20})
    # The aanvraag of a regeling of her plaatsing, rejected with a reason about her, and its history.

    aanvraag = Regelingaanvraag.objects.create(
        plaatsing=plaatsing, instrument=Instrument.objects.get(naam="No-riskpolis"), aangevraagd_op=BEGIN.date(),
        aangevraagd_bij="Gemeente Arnhem", kenmerk="LKS-Piet-1", status="afgewezen", besluit_op=BEGIN.date(),
        reden="Piet valt niet onder de doelgroep.")
    RegelingaanvraagWijziging.objects.create(aanvraag=aanvraag, naar="afgewezen",
                                             toelichting="afgewezen: Piet valt niet onder de doelgroep.")
    with time_machine.travel(PEILDATUM - timedelta(days=1), tick=False):
        # Recent, so the mail category (180 days) leaves it: only the anonymisation takes it.
        Mail.objects.create(aan=oud.email.lower(), onderwerp="Check-in", status=Mail.Status.VERSTUURD,
                            verstuurd_op=PEILDATUM - timedelta(days=1))
    with time_machine.travel(PEILDATUM, tick=False):
        rapport = bewaartermijnen_toepassen(droog=False)
    regels = {r.categorie: r for r in rapport.regels}
    assert regels["dossier"].ids == [oud.pk]
    assert not Mail.objects.filter(aan__in=adressen).exists()
    assert regels["cv"].ids == [dossiers["werkt_nog"].pk, dossiers["recent"].pk]

    oud.refresh_from_db()
    assert (oud.voornaam, oud.achternaam, oud.email, oud.telefoon, oud.samenvatting, oud.cv.name) == (
        "Geanonimiseerd", "", "", "", "", "")
    assert oud.geanonimiseerd_op is not None
    assert not os.path.exists(bestanden["oud"])
    account = oud.account
    assert not account.is_active and not account.has_usable_password()
    assert "Piet" not in account.email and account.email.endswith(".invalid")
    assert not Voordracht.objects.filter(kandidaat=oud).exclude(toelichting="").exists()
    assert not Checkin.objects.filter(moment__plaatsing__kandidaat=oud).exclude(opmerking="").exists()
    assert set(Rechtenverzoek.objects.filter(kandidaat=oud).values_list("wat", flat=True)) == {"Geanonimiseerd"}
    assert list(afspraak.deelnemers.filter(kandidaat__isnull=False).order_by("kandidaat_id").values_list(
        "kan_niet_reden", "kan_niet_wanneer_wel")) == [("Geanonimiseerd", ""), ("Ik ben ziek", "Na mijn operatie")]
    # Sollicitaties: the proof goes with the dossier, and to whom and why; date and how stay.
    assert not os.path.exists(bewijzen[0]) and os.path.exists(bewijzen[1])  # werkt_nog keeps hers
    assert list(Sollicitatieactiviteit.objects.filter(kandidaat=oud).values_list(
        "werkgever", "bewijs", "bewijs_bestandsnaam", "wijze")) == [("Geanonimiseerd", "", "", "mail")]
    assert set(PlichtWijziging.objects.filter(plicht__kandidaat=oud).values_list("reden", flat=True)) == {
        "", "Geanonimiseerd"}
    # "Ik wil hier meer over weten": the row stays (which vacature, when), the task that named them does not.
    def interessetaken(kandidaat):
        return set(Taak.objects.filter(sleutel__in=[f"interesse:{i.pk}" for i in kandidaat.interesses.all()])
                   .values_list("omschrijving", flat=True))
    assert oud.interesses.exists() and interessetaken(oud) == {"Geanonimiseerd"}
    assert interessetaken(dossiers["werkt_nog"]) == {"Meer weten 0"}
    # Facts for statistics stay: region, statuses, dates.
    assert oud.regio_id == regio and oud.afgesloten_op is not None
    assert list(Plaatsing.objects.filter(kandidaat=oud).values_list("status", "startdatum")) == status
    # Her corrections: what changed and when stay, the reason, the texts, the signer and the signed pdf go.
    laatste = PlaatsingCorrectie.objects.filter(plaatsing__kandidaat=oud).latest("pk")
    assert set(PlaatsingCorrectie.objects.filter(plaatsing__kandidaat=oud).values_list("reden", flat=True)) == {
        "Geanonimiseerd"}
    assert (laatste.oud, laatste.nieuw) == (
        {"functie": None, "voorwaarden": None, "uren_per_week": 24, "ondertekend_door_naam": None,
         "ondertekend_op": "2024-01-08T09:00:00+00:00", "overeenkomst": None},
        {"functie": None, "voorwaarden": None, "uren_per_week": 20})
    assert not Plaatsing._meta.get_field("overeenkomst").storage.exists(getekend)
    # Her aanvragen: which regeling, with whom, the state and the dates stay; the kenmerk and the reasons go.
    aanvraag.refresh_from_db()
    assert (aanvraag.aangevraagd_bij, aanvraag.status, aanvraag.kenmerk, aanvraag.reden) == (
        "Gemeente Arnhem", "afgewezen", "", "Geanonimiseerd")
    assert list(aanvraag.wijzigingen.values_list("toelichting", flat=True)) == [""]
    assert set(Regelingaanvraag.objects.filter(plaatsing__kandidaat=oud).values_list("kenmerk", flat=True)) == {""}
    assert set(RegelingaanvraagWijziging.objects.filter(aanvraag__plaatsing__kandidaat=oud).values_list(
        "toelichting", flat=True)) == {""}
    assert Regelingaanvraag.objects.filter(plaatsing__kandidaat=dossiers["werkt_nog"]).exclude(kenmerk="").exists()
    assert list(Voordracht.objects.filter(kandidaat=oud).values_list("status", flat=True)) == voordracht_status
    assert Verwerking.objects.filter(content_type=ContentType.objects.get_for_model(Kandidaat), object_id=str(oud.pk),
                                     doel__contains="geanonimiseerd").count() == 1

    for naam, achternaam in (("recent", "Recent"), ("werkt_nog", "Werktnog")):
        k = Kandidaat.objects.get(pk=dossiers[naam].pk)
        assert k.achternaam == achternaam and k.geanonimiseerd_op is None
        assert not k.cv and not os.path.exists(bestanden[naam])
    for naam, waarden in ongemoeid.items():
        assert Kandidaat.objects.filter(pk=dossiers[naam].pk).values().get() == waarden
        assert os.path.exists(bestanden[naam])


def test_the_key_against_a_double_cv_upload_goes_with_the_cv(dossiers):
    """``cv_formuliersleutel`` (set by ``cv_opslaan``) stayed on the dossier after its cv expired or the dossier was
    anonymised: a remnant of the upload nobody needs any more. It goes with the cv; an open dossier keeps its own."""
    for k in dossiers.values():
        Kandidaat.objects.filter(pk=k.pk).update(cv_formuliersleutel=uuid.uuid4())
    with time_machine.travel(PEILDATUM, tick=False):
        bewaartermijnen_toepassen(droog=False)
    sleutels = dict(Kandidaat.objects.filter(pk__in=[k.pk for k in dossiers.values()])
                    .values_list("pk", "cv_formuliersleutel"))
    assert {naam: sleutels[k.pk] is None for naam, k in dossiers.items()} == {
        "oud": True, "werkt_nog": True, "recent": True, "open": False}


def test_a_second_run_changes_nothing_more(dossiers):
    with time_machine.travel(PEILDATUM, tick=False):
        bewaartermijnen_toepassen(droog=False)
        voor = momentopname()
        rapport = bewaartermijnen_toepassen(droog=False)
    assert all(r.aantal == 0 for r in rapport.regels), rapport.als_tekst()
    assert momentopname() == voor


def test_a_run_killed_halfway_is_finished_by_the_next(dossiers, monkeypatch):
    """Two due dossiers, batches of one; the process dies after the second batch deleted its files but
    before it committed. That batch is rolled back whole; the next run finishes it."""
    tweede = dossiers["werkt_nog"]
    afgerond(tweede, BEGIN.date() + timedelta(days=3))
    cv_tweede = pad(tweede)
    echt = bewaren.dossiers_anonimiseren
    aanroepen = []

    def sterft_bij_de_tweede(ids, *, nu):
        aanroepen.append(ids)
        echt(ids, nu=nu)
        if len(aanroepen) == 2:
            raise KeyboardInterrupt("kill")

    monkeypatch.setattr(bewaren, "PARTIJ", 1)
    monkeypatch.setattr(bewaren, "dossiers_anonimiseren", sterft_bij_de_tweede)
    with time_machine.travel(PEILDATUM, tick=False), pytest.raises(KeyboardInterrupt):
        bewaartermijnen_toepassen(droog=False, categorieen=["dossier"])
    tweede.refresh_from_db()
    assert tweede.geanonimiseerd_op is None and tweede.achternaam == "Werktnog"  # rolled back
    assert Kandidaat.objects.get(pk=dossiers["oud"].pk).geanonimiseerd_op is not None
    assert not os.path.exists(cv_tweede)  # the file went before the kill; the row still names it
    monkeypatch.setattr(bewaren, "dossiers_anonimiseren", echt)
    with time_machine.travel(PEILDATUM, tick=False):
        rapport = bewaartermijnen_toepassen(droog=False, categorieen=["dossier"])
    assert rapport.regels[0].ids == [tweede.pk]
    tweede.refresh_from_db()
    assert tweede.geanonimiseerd_op is not None and not tweede.cv


def test_voordracht_text_and_sent_mail_expire_after_their_own_period(wereld):
    wereld.met_bemiddeling()
    with time_machine.travel(BEGIN, tick=False):
        oude_mail = Mail.objects.create(aan="a@voorbeeld.nl", onderwerp="Oud", status=Mail.Status.VERSTUURD,
                                        verstuurd_op=BEGIN)
        # Set aside unsent (what it said no longer held): it goes after the same period.
        vervallen = Mail.objects.create(aan="d@voorbeeld.nl", onderwerp="Vervallen", status=Mail.Status.VERVALLEN)
        wacht = Mail.objects.create(aan="b@voorbeeld.nl", onderwerp="Wacht nog")
    voordracht = wereld.voordracht
    Voordracht.objects.filter(pk=voordracht.pk).update(status=Voordracht.Status.NIET_PASSEND, reden="ervaring",
                                                        reden_toelichting="Te weinig ervaring met warmtepompen",
                                                        voorgedragen_op=BEGIN)
    VoordrachtTransitie.objects.filter(voordracht=voordracht).update(tijdstip=BEGIN)
    with time_machine.travel(PEILDATUM, tick=False):
        recente_mail = Mail.objects.create(aan="c@voorbeeld.nl", onderwerp="Nieuw", status=Mail.Status.VERSTUURD,
                                           verstuurd_op=PEILDATUM)
        droog = bewaartermijnen_toepassen(categorieen=["voordracht", "mail"])
        assert {r.categorie: r.ids for r in droog.regels} == {"voordracht": [voordracht.pk],
                                                              "mail": sorted([oude_mail.pk, vervallen.pk])}
        bewaartermijnen_toepassen(droog=False, categorieen=["voordracht", "mail"])
    voordracht.refresh_from_db()
    assert voordracht.toelichting == "" and voordracht.reden_toelichting == ""
    assert voordracht.status == Voordracht.Status.NIET_PASSEND and voordracht.reden == "ervaring"
    assert set(Mail.objects.values_list("pk", flat=True)) >= {wacht.pk, recente_mail.pk}
    assert not Mail.objects.filter(pk__in=[oude_mail.pk, vervallen.pk]).exists()


def test_the_command_is_a_dry_run_unless_told_otherwise(dossiers):
    uit = StringIO()
    with time_machine.travel(PEILDATUM, tick=False):
        call_command("bewaartermijnen", stdout=uit)
        assert "PROEF" in uit.getvalue()
        assert Kandidaat.objects.get(pk=dossiers["oud"].pk).geanonimiseerd_op is None
        uit = StringIO()
        call_command("bewaartermijnen", "--uitvoeren", stdout=uit)
        assert "UITGEVOERD" in uit.getvalue()
    assert Kandidaat.objects.get(pk=dossiers["oud"].pk).geanonimiseerd_op is not None
    with pytest.raises(CommandError, match="Onbekende categorie: dossiers"):
        call_command("bewaartermijnen", "--categorie", "dossiers")


def test_the_nightly_task_is_a_dry_run_until_switched_on(dossiers, settings):
    with time_machine.travel(PEILDATUM, tick=False):
        rapport = bewaartermijnen_task()
        assert rapport["droog"] and rapport["categorieen"]["dossier"]["aantal"] == 1
        assert Kandidaat.objects.get(pk=dossiers["oud"].pk).geanonimiseerd_op is None
        settings.BEWAARTERMIJNEN_UITVOEREN = True
        assert not bewaartermijnen_task()["droog"]
    assert Kandidaat.objects.get(pk=dossiers["oud"].pk).geanonimiseerd_op is not None


def test_a_shorter_period_by_env_takes_more(dossiers, settings):
    settings.BEWAARTERMIJNEN = {**settings.BEWAARTERMIJNEN, "dossier": 30}
    with time_machine.travel(PEILDATUM, tick=False):
        rapport = bewaartermijnen_toepassen(categorieen=["dossier"])
    assert rapport.regels[0].ids == [dossiers["oud"].pk, dossiers["recent"].pk]


@pytest.mark.parametrize("waarde", ["twee jaar", "0"])
def test_a_bad_period_in_the_environment_stops_start_up_with_one_line(waarde):
    result = start(BEWAARTERMIJN_DOSSIER_DAGEN=waarde)
    assert result.returncode != 0
    assert "BEWAARTERMIJN_DOSSIER_DAGEN" in result.stderr and "Traceback" not in result.stderr


def test_beat_runs_the_retention_nightly_and_watches_the_requests(settings):
    from celery.schedules import crontab

    nacht = settings.CELERY_BEAT_SCHEDULE["bewaartermijnen"]
    assert nacht["task"] == bewaartermijnen_task.name
    assert isinstance(nacht["schedule"], crontab) and nacht["schedule"].hour == {3}
    assert settings.CELERY_BEAT_SCHEDULE["rechtenverzoeken-bewaken"]["task"] == rechtenverzoeken_bewaken_task.name


def test_a_category_that_leaves_its_rows_stops_instead_of_looping(wereld):
    KandidaatFactory.create_batch(2)
    with pytest.raises(RuntimeError, match="blijven na verwerking over"):
        bewaren._in_partijen(Kandidaat.objects.all(), lambda ids: None, droog=False)


def test_why_a_colleague_had_access_is_wiped_with_the_dossier(wereld):
    """``DossierToegang.reden`` is free text about the werkzoekende ("Schulden", "verlof van ..."): it went on after
    the dossier was anonymised. Who had it, from when to when and why it ended stay."""

    karin = wereld.klantmanager
    with time_machine.travel(BEGIN, tick=False):
        kandidaat = KandidaatFactory(achternaam="Toegang", klantmanager=karin)
        toegang = dossiertoegang_geven(
            kandidaat=kandidaat, door=karin, reden="Helpt Piet met zijn schulden bij de gemeente",
            klantmanager=KlantmanagerFactory(organisatie=karin.organisatie, regio=karin.regio),
            tot=BEGIN.date() + timedelta(days=10))
        dossier_afsluiten(kandidaat=kandidaat, door=karin, reden=Afsluitreden.VERHUISD)
    with time_machine.travel(PEILDATUM, tick=False):
        bewaartermijnen_toepassen(droog=False, categorieen=["dossier"])
    toegang.refresh_from_db()
    assert toegang.reden == bewaren.GEANONIMISEERD
    assert toegang.tot == BEGIN.date() + timedelta(days=10) and toegang.einde == DossierToegang.Einde.DOSSIER_GESLOTEN


def test_the_note_of_a_finished_caseload_handover_goes_after_the_period_of_events(wereld, settings):
    """The run's note may name werkzoekenden; each dossier keeps its own copy until it is anonymised. A run still
    going, or finished recently, keeps it."""

    settings.BEWAARTERMIJNEN = {**settings.BEWAARTERMIJNEN, "gebeurtenis": 90}
    notitie = "Let op bij Piet de Vries: schulden."
    maak = partial(Caseloadoverdracht.objects.create, van=wereld.klantmanager, notitie=notitie,
                   gestart_door=wereld.beheerder)
    oud = maak(status=Caseloadoverdracht.Status.KLAAR, klaar_op=PEILDATUM - timedelta(days=91))
    recent = maak(status=Caseloadoverdracht.Status.KLAAR, klaar_op=PEILDATUM - timedelta(days=89),
                  van=wereld.vreemde_klantmanager)
    bezig = maak(van=wereld.klantmanager, gestart_op=PEILDATUM - timedelta(days=200))
    with time_machine.travel(PEILDATUM, tick=False):
        assert bewaartermijnen_toepassen(categorieen=["caseloadoverdracht"]).regels[0].ids == [oud.pk]
        bewaartermijnen_toepassen(droog=False, categorieen=["caseloadoverdracht"])
        assert bewaartermijnen_toepassen(categorieen=["caseloadoverdracht"]).regels[0].ids == []
    assert Caseloadoverdracht.objects.get(pk=oud.pk).notitie == bewaren.GEANONIMISEERD
    assert {o.notitie for o in Caseloadoverdracht.objects.filter(pk__in=[recent.pk, bezig.pk])} == {notitie}


def test_who_asked_in_a_verzoek_goes_a_year_after_the_first_contact(wereld, settings):
    """Before: a verzoek kept the name, phone, mail and question of whoever asked for ever, and so did the questions
    added through the public form (of someone nobody verified) and the tijdlijn lines that repeat them. Now they go a
    year after the first contact; the dates, kanaal and region stay for the monitor, and an open verzoek stays whole."""

    settings.BEWAARTERMIJNEN = {**settings.BEWAARTERMIJNEN, "verzoek": 365}
    velden = dict(bedrijfsnaam="De Heul", kvk_nummer="11223344", sector="bouw", aantal_medewerkers=12,
                  adres="Dorpsstraat 1", postcode="6822 AB", plaats="Arnhem", kanaal=Verzoek.Kanaal.WEBFORMULIER)
    with time_machine.travel(PEILDATUM - timedelta(days=400), tick=False):
        oud = verzoek_indienen(**velden, contactpersoon="Piet Pieters", telefoon="06 11111111",
                               email="piet@deheul.example.nl", vraag="Wij zoeken een timmerman.")
        verzoek_indienen(**velden, contactpersoon="Onbekende Vrager", telefoon="06 22222222",
                         email="vrager@example.nl", vraag="Nog een vraag van een ander.")
        aanvulling = Verzoekaanvulling.objects.get(verzoek=oud)
    with time_machine.travel(PEILDATUM - timedelta(days=366), tick=False):
        verzoek_contact_opgenomen(verzoek=oud, door=wereld.accountmanager, notitie="Gebeld met Piet.",
                                  gebeld=[aanvulling.pk])
    with time_machine.travel(PEILDATUM - timedelta(days=30), tick=False):
        recent = verzoek_indienen(**{**velden, "kvk_nummer": "55667788", "bedrijfsnaam": "Jong"},
                                  contactpersoon="Jan Jong", telefoon="06 33333333", email="jan@jong.example.nl",
                                  vraag="Een schilder.")
    with time_machine.travel(PEILDATUM, tick=False):
        droog = {r.categorie: r.ids for r in bewaartermijnen_toepassen(categorieen=["verzoek"]).regels}
        assert droog == {"verzoek": [oud.pk]}
        bewaartermijnen_toepassen(droog=False, categorieen=["verzoek", "verzoek_tijdlijn"])
        assert bewaartermijnen_toepassen(categorieen=["verzoek", "verzoek_tijdlijn"]).regels[0].ids == []
    oud.refresh_from_db()
    aanvulling.refresh_from_db()
    assert (oud.contactpersoon, oud.telefoon, oud.email, oud.vraag, oud.contact_notitie) == (
        bewaren.GEANONIMISEERD, "", "", bewaren.GEANONIMISEERD, "")
    assert oud.ontvangen_op and oud.contact_opgenomen_op and oud.kanaal == Verzoek.Kanaal.WEBFORMULIER
    assert (aanvulling.contactpersoon, aanvulling.telefoon, aanvulling.email, aanvulling.vraag) == (
        bewaren.GEANONIMISEERD, "", "", bewaren.GEANONIMISEERD)
    regels = Tijdlijnregel.objects.filter(werkgever=oud.werkgever, soort=Tijdlijnregel.Soort.VERZOEK)
    assert regels.exists() and {r.tekst for r in regels} == {bewaren.TIJDLIJN_VERZOEK_GEWIST}
    recent.refresh_from_db()
    assert (recent.contactpersoon, recent.vraag) == ("Jan Jong", "Een schilder.")
    assert "Een schilder." in Tijdlijnregel.objects.get(werkgever=recent.werkgever, soort=Tijdlijnregel.Soort.VERZOEK
                                                        ).tekst


def test_the_tijdlijn_lines_of_a_werkgever_stay_while_a_verzoek_of_his_runs(wereld, settings):
    """Before: a line counted the year from its own moment, so a verzoek received 400 days ago and called 30 days ago
    (kept whole) already had its tijdlijn line wiped, and so did a verzoek still open. A line is not tied to its
    verzoek: the year counts from the werkgever's last first contact, and nothing of his goes while one is open."""

    settings.BEWAARTERMIJNEN = {**settings.BEWAARTERMIJNEN, "verzoek": 365}
    velden = dict(sector="bouw", aantal_medewerkers=12, adres="Dorpsstraat 1", postcode="6822 AB", plaats="Arnhem",
                  kanaal=Verzoek.Kanaal.WEBFORMULIER, telefoon="06 11111111", email="a@example.nl")
    with time_machine.travel(PEILDATUM - timedelta(days=400), tick=False):
        laat_gebeld = verzoek_indienen(**velden, bedrijfsnaam="Laat", kvk_nummer="10000001", contactpersoon="L",
                                       vraag="Laat gebeld.")
        open_verzoek = verzoek_indienen(**velden, bedrijfsnaam="Open", kvk_nummer="10000002", contactpersoon="O",
                                        vraag="Nog open.")
    with time_machine.travel(PEILDATUM - timedelta(days=30), tick=False):
        verzoek_contact_opgenomen(verzoek=laat_gebeld, door=wereld.accountmanager, notitie="Gebeld.")
    with time_machine.travel(PEILDATUM, tick=False):
        assert bewaartermijnen_toepassen(categorieen=["verzoek_tijdlijn"]).regels[0].ids == []
        bewaartermijnen_toepassen(droog=False, categorieen=["verzoek_tijdlijn"])
    for verzoek, vraag in ((laat_gebeld, "Laat gebeld."), (open_verzoek, "Nog open.")):
        assert vraag in Tijdlijnregel.objects.get(werkgever=verzoek.werkgever, soort=Tijdlijnregel.Soort.VERZOEK).tekst



def test_a_verzoek_closed_without_contact_goes_a_year_after_closing(wereld, settings):
    """Before: only a verzoek with contact was ever wiped, so one closed because nobody answered, or because it was
    spam or a werkzoekende, kept who asked, phone, mail and question for ever. Now the year counts from closing, the
    note on closing goes too (it may name them), and the reason stays for the monitor. A werkgever's tijdlijn lines
    stay while a verzoek of his was closed within the year, as they do after a recent first contact."""

    settings.BEWAARTERMIJNEN = {**settings.BEWAARTERMIJNEN, "verzoek": 365}
    velden = dict(sector="bouw", aantal_medewerkers=12, adres="Dorpsstraat 1", postcode="6822 AB", plaats="Arnhem",
                  kanaal=Verzoek.Kanaal.WEBFORMULIER)
    with time_machine.travel(PEILDATUM - timedelta(days=400), tick=False):
        oud = verzoek_indienen(**velden, bedrijfsnaam="Oud", kvk_nummer="20000001", contactpersoon="Piet Pieters",
                               telefoon="06 11111111", email="piet@oud.example.nl", vraag="Wij zoeken een timmerman.")
        verzoek_indienen(**velden, bedrijfsnaam="Oud", kvk_nummer="20000001", contactpersoon="Piet Pieters",
                         telefoon="06 11111111", email="piet2@oud.example.nl", vraag="Nog een keer.")
        aanvulling = Verzoekaanvulling.objects.get(verzoek=oud)
        laat = verzoek_indienen(**velden, bedrijfsnaam="Laat", kvk_nummer="20000002", contactpersoon="Lies Laat",
                                telefoon="06 22222222", email="lies@laat.example.nl", vraag="Laat gesloten.")
    with time_machine.travel(PEILDATUM - timedelta(days=366), tick=False):
        verzoek_sluiten(verzoek=oud, door=wereld.accountmanager, reden=Verzoek.Sluitreden.NIET_BEREIKBAAR,
                        toelichting="Piet Pieters drie keer gebeld op 06 11111111.", mee=[aanvulling.pk])
    with time_machine.travel(PEILDATUM - timedelta(days=30), tick=False):
        verzoek_sluiten(verzoek=laat, door=wereld.accountmanager, reden=Verzoek.Sluitreden.GEEN_VRAAG,
                        toelichting="Lies zoekt zelf werk.")
    with time_machine.travel(PEILDATUM, tick=False):
        assert bewaartermijnen_toepassen(categorieen=["verzoek"]).regels[0].ids == [oud.pk]
        bewaartermijnen_toepassen(droog=False, categorieen=["verzoek", "verzoek_tijdlijn"])
        assert bewaartermijnen_toepassen(categorieen=["verzoek", "verzoek_tijdlijn"]).regels[0].ids == []
    oud.refresh_from_db()
    aanvulling.refresh_from_db()
    assert (oud.contactpersoon, oud.telefoon, oud.email, oud.vraag, oud.sluit_toelichting) == (
        bewaren.GEANONIMISEERD, "", "", bewaren.GEANONIMISEERD, "")
    assert (oud.status, oud.sluitreden) == (Verzoek.Status.GESLOTEN, Verzoek.Sluitreden.NIET_BEREIKBAAR)
    assert oud.gesloten_op and oud.ontvangen_op and oud.deadline
    assert (aanvulling.contactpersoon, aanvulling.email, aanvulling.vraag) == (
        bewaren.GEANONIMISEERD, "", bewaren.GEANONIMISEERD)
    regels = Tijdlijnregel.objects.filter(werkgever=oud.werkgever, soort=Tijdlijnregel.Soort.VERZOEK)
    assert regels.count() >= 2 and {r.tekst for r in regels} == {bewaren.TIJDLIJN_VERZOEK_GEWIST}
    laat.refresh_from_db()
    assert (laat.contactpersoon, laat.vraag, laat.sluit_toelichting) == ("Lies Laat", "Laat gesloten.",
                                                                         "Lies zoekt zelf werk.")
    teksten = " ".join(Tijdlijnregel.objects.filter(werkgever=laat.werkgever).values_list("tekst", flat=True))
    assert "Laat gesloten." in teksten and "Lies zoekt zelf werk." in teksten
