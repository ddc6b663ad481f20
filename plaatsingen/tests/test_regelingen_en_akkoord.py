"""Two gaps around a running plaatsing that an exploration as users found.

The regelingen (werkgeversinstrumenten) chosen at the start could not be corrected: a regeling forgotten or ticked by
mistake stayed on the overeenkomst the werkgever signed. They are corrected now with the rest of "Gegevens corrigeren",
with the rules of the soort (the regeling Proefplaatsing belongs to a proefplaatsing only, and stays with it).

The akkoord of UWV or the gemeente could be recorded again after the overeenkomst was made from it, by the same page,
without a trace: the pdf kept the old akkoord (or the werkgever signed a concept that named another one), an ended
proefplaatsing took a new akkoord, and nobody heard. Changing a recorded akkoord is now a correction: a reason, a
``PlaatsingCorrectie``, a new pdf. The akkoord is printed on the overeenkomst: once he signed, the signed pdf stays
as it is, on file, and he signs the new one, as after any correction (a document with his signature is never made
again from what the portal holds now); an overeenkomst still waiting for him is made again and offered anew.

The clock stands still on Monday 2 March 2026, 08:00 in Amsterdam."""

import io
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from accounts.models import Verwerking
from bemiddeling.services import voordracht_uitkomst
from klantreis.lib.toestanden import OvergangNietToegestaan
from outbox.models import Gebeurtenis
from outbox.services import mails_versturen
from plaatsingen import selectors
from plaatsingen.models import Plaatsing
from plaatsingen.services import (
    OVEREENKOMST_KLAARGEZET,
    PLAATSING_GECORRIGEERD,
    correctie_stand,
    overeenkomst_klaarzetten,
    overeenkomst_ondertekenen,
    plaatsing_corrigeren,
    plaatsing_starten,
    proefplaatsing_afronden,
    proefplaatsing_akkoord,
)
from plaatsingen.tests.factories import PlaatsingFactory
from werkgevers.models import Instrument

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")
MAANDAG = date(2026, 3, 2)
REDEN = "Anja heeft bijstand, geen WW: de gemeente gaf het akkoord."


def _pdf_tekst(bestand_veld, naam=None):
    storage = bestand_veld.storage
    with storage.open(naam or bestand_veld.name, "rb") as bestand:
        reader = PdfReader(io.BytesIO(bestand.read()))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _mails(onderwerp):
    return [m for m in mail.outbox if onderwerp in m.subject]


def _regelingen(*namen):
    return list(Instrument.objects.filter(naam__in=namen))


@pytest.fixture
def met_mail(django_capture_on_commit_callbacks):
    def _met_mail(service, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return service(**kwargs)

    return _met_mail


@pytest.fixture
def aangenomen(klok, wereld):
    wereld.met_bemiddeling()
    wereld.gesprek_geweest(wereld.voordracht)
    return voordracht_uitkomst(voordracht=wereld.voordracht, door=wereld.werkgever_user, aangenomen=True)


def _ter_ondertekening(wereld, voordracht, **extra):
    plaatsing = plaatsing_starten(voordracht=voordracht, door=wereld.accountmanager,
                                  soort=Plaatsing.Soort.PROEFPLAATSING, functie="Monteur", startdatum=MAANDAG,
                                  einddatum=date(2026, 4, 30), uren_per_week=32, **extra)
    proefplaatsing_akkoord(plaatsing=plaatsing, door=wereld.accountmanager, instantie="UWV Arnhem", op=MAANDAG)
    return overeenkomst_klaarzetten(plaatsing=plaatsing, door=wereld.accountmanager)


# --- the akkoord after the overeenkomst was made -----------------------------------------------------------------


def test_an_akkoord_changed_after_signing_is_a_correction_that_he_signs_again(w, klok, met_mail):
    """Today the akkoord was overwritten: the signed pdf still said UWV Arnhem, 2 March, while the portal said the
    gemeente; no reason, no history, no log line, nobody heard. Now it is a correction. The akkoord is printed on what
    he signed: the signed pdf stays untouched on file, and he gets the new overeenkomst to sign, as after any
    correction. (A first version made the signed pdf again with the new akkoord, his signature and a note: a
    document carrying his signature that he never saw, also with whatever else had changed since, such as a renamed
    regeling or another contactpersoon.)"""
    klok.move_to(datetime(2026, 3, 10, 9, tzinfo=AMS))
    getekend = w.plaatsing.overeenkomst.name
    getekende_tekst = _pdf_tekst(w.plaatsing.overeenkomst, getekend)
    klaargezet = Gebeurtenis.objects.filter(soort=OVEREENKOMST_KLAARGEZET).count()
    mails_versturen()  # what starting the plaatsing queued
    mail.outbox.clear()

    met_mail(proefplaatsing_akkoord, plaatsing=w.plaatsing, door=w.accountmanager, instantie="Gemeente Arnhem, P. Smit",
             op=date(2026, 3, 9), reden=REDEN)

    plaatsing = Plaatsing.objects.get(pk=w.plaatsing.pk)
    assert (plaatsing.akkoord_instantie, plaatsing.akkoord_op) == ("Gemeente Arnhem, P. Smit", date(2026, 3, 9))
    [correctie] = plaatsing.correcties.all()
    assert correctie.reden == REDEN
    assert correctie.oud["akkoord_instantie"] == "UWV Arnhem" and correctie.oud["akkoord_op"] == "2026-03-02"
    assert correctie.oud["overeenkomst"] == getekend and correctie.oud["ondertekend_door_naam"] == "Martijn de Heul"
    assert correctie.nieuw == {"akkoord_instantie": "Gemeente Arnhem, P. Smit", "akkoord_op": "2026-03-09"}
    assert correctie.handtekening_vervallen and not correctie.akkoord_te_controleren
    assert correctie.regels() == [("Akkoord van UWV of de gemeente", "UWV Arnhem, 2 maart 2026",
                                   "Gemeente Arnhem, P. Smit, 9 maart 2026")]
    # He signs the new one; the plaatsing runs on.
    assert plaatsing.te_ondertekenen and not plaatsing.overeenkomst_ondertekend
    assert plaatsing.status == Plaatsing.Status.LOPEND
    # The signed pdf is kept exactly as he signed it; the new one names the new akkoord and waits for him.
    assert plaatsing.overeenkomst.name != getekend
    assert _pdf_tekst(plaatsing.overeenkomst, getekend) == getekende_tekst
    assert "Akkoord uitkeringsinstantie: UWV Arnhem, 02-03-2026" in getekende_tekst
    tekst = _pdf_tekst(plaatsing.overeenkomst)
    assert "Akkoord uitkeringsinstantie: Gemeente Arnhem, P. Smit, 09-03-2026" in tekst
    assert "Digitaal ondertekend" not in tekst and "Nog niet ondertekend" in tekst
    [gebeurtenis] = Gebeurtenis.objects.filter(soort=PLAATSING_GECORRIGEERD)
    assert gebeurtenis.gegevens["ter_ondertekening"] is True
    assert Gebeurtenis.objects.filter(soort=OVEREENKOMST_KLAARGEZET).count() == klaargezet + 1
    assert len(_mails("Overeenkomst klaar om te ondertekenen")) == 1
    assert selectors.wijzigingen_te_ondertekenen(plaatsing) == [
        ("Akkoord van UWV of de gemeente", "Gemeente Arnhem, P. Smit, 9 maart 2026", "UWV Arnhem, 2 maart 2026")]
    [regel] = Verwerking.objects.filter(actie=Verwerking.Actie.WIJZIGEN, gebruiker=w.accountmanager)
    assert (regel.doel, regel.details) == ("plaatsing corrigeren", "akkoord van UWV of de gemeente")


def test_an_akkoord_changed_twice_after_signing_keeps_the_signed_pdf_and_he_signs_the_last(w, klok):
    klok.move_to(datetime(2026, 3, 10, 9, tzinfo=AMS))
    getekend = w.plaatsing.overeenkomst.name
    proefplaatsing_akkoord(plaatsing=w.plaatsing, door=w.accountmanager, instantie="Gemeente Arnhem",
                           op=date(2026, 3, 9), reden=REDEN)
    klok.move_to(datetime(2026, 3, 11, 9, tzinfo=AMS))

    proefplaatsing_akkoord(plaatsing=w.plaatsing, door=w.accountmanager, instantie="Gemeente Arnhem, P. Smit",
                           op=date(2026, 3, 9), reden="De naam van de consulent erbij.")

    w.plaatsing.refresh_from_db()
    assert w.plaatsing.overeenkomst.storage.exists(getekend)
    # The first new pdf was a concept nobody signed: it goes; the signed one stays, named by the first correction.
    eerste, tweede = w.plaatsing.correcties.all()
    assert eerste.oud["overeenkomst"] == getekend and not tweede.handtekening_vervallen
    assert "Akkoord uitkeringsinstantie: Gemeente Arnhem, P. Smit, 09-03-2026" in _pdf_tekst(w.plaatsing.overeenkomst)

    overeenkomst_ondertekenen(plaatsing=w.plaatsing, door=w.werkgever_user, naam="Martijn de Heul")

    w.plaatsing.refresh_from_db()
    assert w.plaatsing.overeenkomst_ondertekend
    tekst = _pdf_tekst(w.plaatsing.overeenkomst)
    assert "Akkoord uitkeringsinstantie: Gemeente Arnhem, P. Smit, 09-03-2026" in tekst
    assert "Digitaal ondertekend door Martijn de Heul" in tekst
    assert w.plaatsing.overeenkomst.storage.exists(getekend)


def test_an_akkoord_changed_while_the_overeenkomst_waits_is_in_the_overeenkomst_he_signs(aangenomen, wereld,
                                                                                         met_mail):
    """Today the werkgever read a concept that named UWV Arnhem and signed a pdf that named the gemeente: his
    signature made the pdf anew from the plaatsing. Now the concept is made again at once and offered anew, and he
    reads what changed before he signs."""
    plaatsing = met_mail(_ter_ondertekening, wereld=wereld, voordracht=aangenomen)
    mail.outbox.clear()

    met_mail(proefplaatsing_akkoord, plaatsing=plaatsing, door=wereld.accountmanager, instantie="Gemeente Arnhem",
             op=MAANDAG, reden="Willem heeft bijstand.")

    plaatsing.refresh_from_db()
    assert plaatsing.status == Plaatsing.Status.WACHT_OP_HANDTEKENING
    tekst = _pdf_tekst(plaatsing.overeenkomst)
    assert "Akkoord uitkeringsinstantie: Gemeente Arnhem, 02-03-2026" in tekst and "Nog niet ondertekend" in tekst
    assert len(_mails("Overeenkomst klaar om te ondertekenen")) == 1
    assert selectors.wijzigingen_te_ondertekenen(plaatsing) == [
        ("Akkoord van UWV of de gemeente", "Gemeente Arnhem, 2 maart 2026", "UWV Arnhem, 2 maart 2026")]
    [correctie] = plaatsing.correcties.all()
    assert "overeenkomst" not in correctie.oud  # a concept nobody signed is not kept

    overeenkomst_ondertekenen(plaatsing=plaatsing, door=wereld.werkgever_user, naam="Martijn de Heul")

    plaatsing.refresh_from_db()
    tekst = _pdf_tekst(plaatsing.overeenkomst)
    assert "Akkoord uitkeringsinstantie: Gemeente Arnhem, 02-03-2026" in tekst
    assert "Digitaal ondertekend door Martijn de Heul" in tekst


def test_a_new_akkoord_for_corrected_hours_goes_into_the_overeenkomst_he_signs_again(w, klok):
    """UWV agreed to 32 hours; the hours were corrected to 24, and the werkgever is asked to sign again. UWV agrees to
    24 hours on 11 March: the overeenkomst waiting for him names that akkoord, and the page no longer asks to check
    it."""
    klok.move_to(datetime(2026, 3, 10, 9, tzinfo=AMS))
    plaatsing_corrigeren(plaatsing=w.plaatsing, door=w.accountmanager, reden="Uren van de vacature.", uren_per_week=24)
    klok.move_to(datetime(2026, 3, 11, 9, tzinfo=AMS))

    proefplaatsing_akkoord(plaatsing=w.plaatsing, door=w.accountmanager, instantie="UWV Arnhem",
                           op=date(2026, 3, 11), reden="UWV gaf akkoord voor 24 uur.")

    w.plaatsing.refresh_from_db()
    uren, akkoord = w.plaatsing.correcties.all()
    assert not uren.akkoord_nog_van_voor(w.plaatsing)
    assert w.plaatsing.opnieuw_te_ondertekenen
    assert "Akkoord uitkeringsinstantie: UWV Arnhem, 11-03-2026" in _pdf_tekst(w.plaatsing.overeenkomst)
    assert [label for label, _nu, _was in selectors.wijzigingen_te_ondertekenen(w.plaatsing)] == [
        "Uren per week", "Akkoord van UWV of de gemeente"]


def test_the_akkoord_of_an_ended_proefplaatsing_cannot_be_changed(w):
    """Today it could: a proefplaatsing that ended in afscheid took a new akkoord."""
    proefplaatsing_afronden(plaatsing=w.plaatsing, door=w.accountmanager, besluit="afscheid", reden="Past niet.")

    with pytest.raises(ValidationError) as exc:
        proefplaatsing_akkoord(plaatsing=w.plaatsing, door=w.accountmanager, instantie="Gemeente Arnhem",
                               op=MAANDAG, reden=REDEN)

    assert exc.value.messages == [
        "Deze plaatsing is beëindigd (Afscheid genomen). De gegevens van een beëindigde plaatsing kun je niet meer "
        "corrigeren."]
    w.plaatsing.refresh_from_db()
    assert w.plaatsing.akkoord_instantie == "UWV Arnhem" and not w.plaatsing.correcties.exists()


def test_changing_a_recorded_akkoord_asks_why_and_says_when_nothing_changed(w):
    with pytest.raises(ValidationError) as exc:
        proefplaatsing_akkoord(plaatsing=w.plaatsing, door=w.accountmanager, instantie="Gemeente Arnhem", op=MAANDAG)
    assert exc.value.message_dict == {"reden": ["Schrijf op wat er fout was."]}

    with pytest.raises(ValidationError) as exc:
        proefplaatsing_akkoord(plaatsing=w.plaatsing, door=w.accountmanager, instantie="UWV Arnhem", op=MAANDAG,
                               reden=REDEN)
    assert exc.value.messages == ["Er is niets veranderd: dit zijn de gegevens die er al stonden."]

    stand = correctie_stand(w.plaatsing)
    proefplaatsing_akkoord(plaatsing=w.plaatsing, door=w.accountmanager, instantie="Gemeente Arnhem", op=MAANDAG,
                           reden=REDEN)  # a colleague, a moment ago
    with pytest.raises(OvergangNietToegestaan):
        proefplaatsing_akkoord(plaatsing=w.plaatsing, door=w.accountmanager, instantie="UWV Apeldoorn", op=MAANDAG,
                               reden=REDEN, stand=stand)
    w.plaatsing.refresh_from_db()
    assert w.plaatsing.akkoord_instantie == "Gemeente Arnhem"


def test_the_first_akkoord_before_the_overeenkomst_is_simply_recorded(aangenomen, wereld):
    plaatsing = plaatsing_starten(voordracht=aangenomen, door=wereld.accountmanager,
                                  soort=Plaatsing.Soort.PROEFPLAATSING, functie="Monteur", startdatum=MAANDAG,
                                  einddatum=date(2026, 4, 30), uren_per_week=32)

    proefplaatsing_akkoord(plaatsing=plaatsing, door=wereld.accountmanager, instantie="UWV Arnhem", op=MAANDAG)

    plaatsing.refresh_from_db()
    assert (plaatsing.akkoord_instantie, plaatsing.akkoord_op) == ("UWV Arnhem", MAANDAG)
    assert not plaatsing.correcties.exists() and not Gebeurtenis.objects.filter(soort=PLAATSING_GECORRIGEERD).exists()


# --- the regelingen ----------------------------------------------------------------------------------------------


def test_regelingen_of_a_signed_proefplaatsing_are_corrected_and_the_werkgever_signs_again(aangenomen, wereld,
                                                                                          met_mail):
    """The no-riskpolis was ticked by mistake and the jobcoach forgotten. The regelingen are on the overeenkomst he
    signed: he signs the new one; the signed one is kept; the regeling Proefplaatsing stays."""
    plaatsing = met_mail(_ter_ondertekening, wereld=wereld, voordracht=aangenomen,
                         instrumenten=_regelingen("Proefplaatsing", "No-riskpolis"))
    met_mail(overeenkomst_ondertekenen, plaatsing=plaatsing, door=wereld.werkgever_user, naam="Martijn de Heul")
    plaatsing.refresh_from_db()
    getekend = plaatsing.overeenkomst.name
    assert "Instrumenten: No-riskpolis, Proefplaatsing" in _pdf_tekst(plaatsing.overeenkomst)
    mail.outbox.clear()

    correctie = met_mail(plaatsing_corrigeren, plaatsing=plaatsing, door=wereld.accountmanager,
                         reden="Jobcoach vergeten; geen no-riskpolis (niet in het doelgroepregister).",
                         instrumenten=_regelingen("Proefplaatsing", "Jobcoach", "Loonkostensubsidie"))

    plaatsing = Plaatsing.objects.get(pk=plaatsing.pk)
    assert sorted(i.naam for i in plaatsing.instrumenten.all()) == ["Jobcoach", "Loonkostensubsidie", "Proefplaatsing"]
    assert correctie.oud["instrumenten"] == ["No-riskpolis", "Proefplaatsing"]
    assert correctie.nieuw == {"instrumenten": ["Jobcoach", "Loonkostensubsidie", "Proefplaatsing"]}
    assert correctie.handtekening_vervallen and correctie.oud["overeenkomst"] == getekend
    assert correctie.regels() == [("Regelingen", "No-riskpolis, Proefplaatsing",
                                   "Jobcoach, Loonkostensubsidie, Proefplaatsing")]
    assert correctie.in_woorden() == "Regelingen erbij: Jobcoach, Loonkostensubsidie. Regeling vervallen: No-riskpolis."
    assert correctie.veldnamen() == "regelingen"
    assert plaatsing.opnieuw_te_ondertekenen and plaatsing.overeenkomst.storage.exists(getekend)
    tekst = _pdf_tekst(plaatsing.overeenkomst)
    assert "Instrumenten: Jobcoach, Loonkostensubsidie, Proefplaatsing" in tekst and "Nog niet ondertekend" in tekst
    assert len(_mails("Overeenkomst klaar om te ondertekenen")) == 1
    assert selectors.wijzigingen_te_ondertekenen(plaatsing) == [
        ("Regelingen", "Jobcoach, Loonkostensubsidie, Proefplaatsing", "No-riskpolis, Proefplaatsing")]
    [regel] = Verwerking.objects.filter(actie=Verwerking.Actie.WIJZIGEN, gebruiker=wereld.accountmanager)
    assert regel.details == "regelingen"


def test_the_regelingen_of_a_contract_are_corrected_without_an_overeenkomst(klok):
    plaatsing = PlaatsingFactory(soort=Plaatsing.Soort.TIJDELIJK, status=Plaatsing.Status.LOPEND,
                                 einddatum=date(2026, 8, 31))
    plaatsing.instrumenten.set(_regelingen("No-riskpolis"))

    correctie = plaatsing_corrigeren(plaatsing=plaatsing, door=plaatsing.aangemaakt_door, reden="LKV vergeten.",
                                     instrumenten=_regelingen("No-riskpolis", "Loonkostenvoordeel (LKV)"))

    plaatsing.refresh_from_db()
    assert correctie.in_woorden() == "Regeling erbij: Loonkostenvoordeel (LKV)."
    assert not plaatsing.overeenkomst and not plaatsing.te_ondertekenen
    assert {i.naam for i in plaatsing.instrumenten.all()} == {"No-riskpolis", "Loonkostenvoordeel (LKV)"}


def test_the_regeling_proefplaatsing_belongs_to_a_proefplaatsing_and_stays_with_it(w, klok):
    w.plaatsing.instrumenten.set(_regelingen("Proefplaatsing"))
    with pytest.raises(ValidationError) as exc:
        plaatsing_corrigeren(plaatsing=w.plaatsing, door=w.accountmanager, reden="Jobcoach vergeten.",
                             instrumenten=_regelingen("Jobcoach"))
    assert exc.value.message_dict == {"instrumenten": ["Dit is een proefplaatsing: de regeling Proefplaatsing blijft "
                                                       "erbij."]}

    contract = proefplaatsing_afronden(plaatsing=w.plaatsing, door=w.accountmanager, besluit="contract",
                                       contractsoort=Plaatsing.Soort.VAST, startdatum=date(2026, 5, 4))
    with pytest.raises(ValidationError) as exc:
        plaatsing_corrigeren(plaatsing=contract, door=w.accountmanager, reden="Verkeerd aangevinkt.",
                             instrumenten=_regelingen("Proefplaatsing", "Jobcoach"))
    assert exc.value.message_dict == {"instrumenten": ["De regeling Proefplaatsing hoort alleen bij een "
                                                       "proefplaatsing."]}
    assert not contract.instrumenten.exists() and not contract.correcties.exists()


def test_a_contract_does_not_start_with_the_regeling_proefplaatsing(aangenomen, wereld):
    """Today a vast contract started with the regeling Proefplaatsing ticked (the voordracht's regelingen)."""
    with pytest.raises(ValidationError) as exc:
        plaatsing_starten(voordracht=aangenomen, door=wereld.accountmanager, soort=Plaatsing.Soort.VAST,
                          functie="Monteur", startdatum=MAANDAG, einddatum=None, uren_per_week=32,
                          instrumenten=_regelingen("Proefplaatsing", "No-riskpolis"))

    assert exc.value.message_dict == {"instrumenten": ["De regeling Proefplaatsing hoort alleen bij een "
                                                       "proefplaatsing."]}
    assert not Plaatsing.objects.exists()


def test_a_regeling_taken_out_of_the_gids_stays_but_is_not_added_again(klok):
    plaatsing = PlaatsingFactory(soort=Plaatsing.Soort.TIJDELIJK, status=Plaatsing.Status.LOPEND,
                                 einddatum=date(2026, 8, 31))
    plaatsing.instrumenten.set(_regelingen("Loondispensatie"))
    Instrument.objects.filter(naam__in=["Loondispensatie", "Werkplekaanpassing"]).update(actief=False)

    plaatsing_corrigeren(plaatsing=plaatsing, door=plaatsing.aangemaakt_door, reden="Jobcoach vergeten.",
                         instrumenten=_regelingen("Loondispensatie", "Jobcoach"))
    with pytest.raises(ValidationError) as exc:
        plaatsing_corrigeren(plaatsing=plaatsing, door=plaatsing.aangemaakt_door, reden="Aanpassing vergeten.",
                             instrumenten=_regelingen("Loondispensatie", "Jobcoach", "Werkplekaanpassing"))

    assert exc.value.message_dict == {"instrumenten": [
        "Werkplekaanpassing staat niet meer in de instrumentengids en kan er niet bij komen."]}
    assert {i.naam for i in plaatsing.instrumenten.all()} == {"Loondispensatie", "Jobcoach"}


def test_a_correction_form_opened_before_a_colleague_changed_the_regelingen_is_refused(w):
    stand = correctie_stand(w.plaatsing)
    plaatsing_corrigeren(plaatsing=w.plaatsing, door=w.accountmanager, reden="Jobcoach vergeten.",
                         instrumenten=_regelingen("Jobcoach"))

    with pytest.raises(OvergangNietToegestaan):
        plaatsing_corrigeren(plaatsing=w.plaatsing, door=w.accountmanager, reden="Uren.", stand=stand,
                             uren_per_week=24)
    w.plaatsing.refresh_from_db()
    assert w.plaatsing.uren_per_week == 32


# --- the pages ---------------------------------------------------------------------------------------------------


def _sectie(html, kop_id):
    return html.split(f'id="{kop_id}"', 1)[1].split("</section>", 1)[0]


def _aangevinkt(html):
    return set(map(int, re.findall(r'name="instrumenten" value="(\d+)"[^>]*checked', html)))


def _correctie(plaatsing, **extra):
    return {"functie": plaatsing.functie, "startdatum": plaatsing.startdatum.isoformat(),
            "einddatum": plaatsing.einddatum.isoformat() if plaatsing.einddatum else "",
            "uren_per_week": str(plaatsing.uren_per_week), "verlenging_reden": plaatsing.verlenging_reden,
            "voorwaarden": plaatsing.voorwaarden, "instrumenten": [i.pk for i in plaatsing.instrumenten.all()],
            "reden": "Verkeerd overgenomen.", "stand": correctie_stand(plaatsing), **extra}


def test_the_correction_form_corrects_the_regelingen_and_the_werkgever_reads_what_changed(client, w):
    proef, no_risk, jobcoach = (Instrument.objects.get(naam=n) for n in ("Proefplaatsing", "No-riskpolis", "Jobcoach"))
    w.plaatsing.instrumenten.set([proef, no_risk])
    url = reverse("plaatsing_corrigeren", args=[w.plaatsing.pk])
    client.force_login(w.accountmanager)

    html = client.get(url).content.decode()
    assert "Regelingen" in html and _aangevinkt(html) == {proef.pk, no_risk.pk}
    assert f'name="instrumenten" value="{jobcoach.pk}"' in html
    response = client.post(url, _correctie(w.plaatsing, instrumenten=[jobcoach.pk]))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Dit is een proefplaatsing: de regeling Proefplaatsing blijft erbij." in html
    assert _aangevinkt(html) == {jobcoach.pk}  # what was typed stays

    response = client.post(url, _correctie(w.plaatsing, instrumenten=[proef.pk, jobcoach.pk],
                                           reden="Jobcoach vergeten, geen no-riskpolis."), follow=True)

    html = response.content.decode()
    assert "De werkgever krijgt de nieuwe overeenkomst om opnieuw te ondertekenen." in html
    assert ("Regelingen: Jobcoach, Proefplaatsing (was: No-riskpolis, Proefplaatsing)"
            in _sectie(html, "kop-correcties"))
    client.force_login(w.werkgever_user)
    for pagina in (reverse("plaatsing_detail", args=[w.plaatsing.pk]),
                   reverse("overeenkomst_ondertekenen", args=[w.plaatsing.pk])):
        html = client.get(pagina).content.decode()
        assert ("Regelingen: nu Jobcoach, Proefplaatsing (was No-riskpolis, Proefplaatsing)"
                in _sectie(html, "kop-wijzigingen"))
        regelingen = _sectie(html, "kop-voorwaarden")
        assert "Jobcoach" in regelingen and "No-riskpolis" not in regelingen
        assert "Jobcoach vergeten" not in html


def test_the_correction_form_says_the_regeling_proefplaatsing_stays_only_when_the_plaatsing_has_it(w):
    """A proefplaatsing started without the regeling Proefplaatsing: its form does not tell the accountmanager that the
    regeling (unticked before her eyes) "hoort erbij en blijft erbij"; with it ticked, it does."""
    from plaatsingen.forms import CorrectieForm

    w.plaatsing.instrumenten.set(_regelingen("Jobcoach"))
    uitleg = str(CorrectieForm(plaatsing=w.plaatsing).fields["instrumenten"].help_text)
    assert "blijft erbij" not in uitleg and uitleg.startswith("Wat de werkgever krijgt bij deze plaatsing.")

    w.plaatsing.instrumenten.set(_regelingen("Proefplaatsing", "Jobcoach"))
    uitleg = str(CorrectieForm(plaatsing=w.plaatsing).fields["instrumenten"].help_text)
    assert "De regeling Proefplaatsing hoort bij een proefplaatsing en blijft erbij." in uitleg


def test_a_contract_is_not_offered_the_regeling_proefplaatsing(client, w):
    contract = proefplaatsing_afronden(plaatsing=w.plaatsing, door=w.accountmanager, besluit="contract",
                                       contractsoort=Plaatsing.Soort.VAST, startdatum=date(2026, 5, 4))
    client.force_login(w.accountmanager)

    html = client.get(reverse("plaatsing_corrigeren", args=[contract.pk])).content.decode()

    proef = Instrument.objects.get(naam="Proefplaatsing")
    assert f'name="instrumenten" value="{proef.pk}"' not in html
    assert f'name="instrumenten" value="{Instrument.objects.get(naam="Jobcoach").pk}"' in html


def test_the_plaatsing_form_refuses_a_contract_with_the_regeling_proefplaatsing(client, wereld, aangenomen):
    """Today the voordracht's regelingen (Proefplaatsing, No-riskpolis) went with a vast contract when the
    accountmanager chose "vast" and left them ticked."""
    proef, no_risk = (Instrument.objects.get(naam=n) for n in ("Proefplaatsing", "No-riskpolis"))
    client.force_login(wereld.accountmanager)

    response = client.post(reverse("plaatsing_nieuw", args=[aangenomen.pk]), {
        "soort": "vast", "functie": "Monteur", "startdatum": "2026-03-09", "einddatum": "", "uren_per_week": "32",
        "verlenging_reden": "", "voorwaarden": "", "instrumenten": [proef.pk, no_risk.pk]})

    assert response.status_code == 400
    html = response.content.decode()
    assert "De regeling Proefplaatsing hoort alleen bij een proefplaatsing." in html
    assert _aangevinkt(html) == {proef.pk, no_risk.pk}
    assert not Plaatsing.objects.exists()


def test_the_accountmanager_changes_the_akkoord_of_a_running_proefplaatsing_from_its_page(client, w, klok):
    """Today the page offered no way to change it (only the bare URL, which overwrote it)."""
    klok.move_to(datetime(2026, 3, 10, 9, tzinfo=AMS))
    detail = reverse("plaatsing_detail", args=[w.plaatsing.pk])
    url = reverse("plaatsing_akkoord", args=[w.plaatsing.pk])
    for gebruiker in (w.klantmanager, w.werkgever_user):
        client.force_login(gebruiker)
        assert f'href="{url}"' not in client.get(detail).content.decode()
    client.force_login(w.accountmanager)
    assert f'href="{url}"' in client.get(detail).content.decode()

    html = client.get(url).content.decode()
    assert 'value="UWV Arnhem"' in html and 'value="2026-03-02"' in html
    assert "Waarom verandert het akkoord?" in html
    assert "na de wijziging krijgt de werkgever de nieuwe versie om opnieuw te ondertekenen" in html
    gegevens = {"instantie": "Gemeente Arnhem, P. Smit", "op": "2026-03-09", "stand": correctie_stand(w.plaatsing)}
    response = client.post(url, {**gegevens, "reden": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Schrijf op waarom het akkoord verandert." in html and 'value="Gemeente Arnhem, P. Smit"' in html

    response = client.post(url, {**gegevens, "reden": REDEN}, follow=True)

    assert response.redirect_chain == [(detail, 302)]
    html = response.content.decode()
    assert "Het akkoord is gewijzigd. De werkgever krijgt de nieuwe overeenkomst om te ondertekenen." in html
    assert "Gemeente Arnhem, P. Smit, 9 maart 2026" in _sectie(html, "kop-afspraken-p")
    correcties = _sectie(html, "kop-correcties")
    assert REDEN in correcties
    assert ("Akkoord van UWV of de gemeente: Gemeente Arnhem, P. Smit, 9 maart 2026 (was: UWV Arnhem, 2 maart 2026)"
            in correcties)
    assert ("Martijn de Heul ondertekende de overeenkomst van vóór deze correctie (die blijft bewaard); de "
            "werkgever ondertekent de nieuwe opnieuw.") in correcties
    client.force_login(w.werkgever_user)
    html = client.get(detail).content.decode()
    assert 'id="opnieuw-ondertekenen"' in html
    response = client.get(reverse("overeenkomst_download", args=[w.plaatsing.pk]))
    pdf = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    tekst = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    assert "Akkoord uitkeringsinstantie: Gemeente Arnhem, P. Smit, 09-03-2026" in tekst
    assert "Nog niet ondertekend" in tekst


def test_after_corrected_hours_the_page_offers_to_record_the_new_akkoord(client, w):
    plaatsing_corrigeren(plaatsing=w.plaatsing, door=w.accountmanager, reden="Uren.", uren_per_week=24)
    detail = reverse("plaatsing_detail", args=[w.plaatsing.pk])
    client.force_login(w.accountmanager)

    gegevens = _sectie(client.get(detail).content.decode(), "kop-afspraken-p")

    assert "Controleer of het akkoord nog geldt." in gegevens and "Nieuw akkoord vastleggen" in gegevens
    client.force_login(w.klantmanager)
    assert "Nieuw akkoord vastleggen" not in client.get(detail).content.decode()


def test_an_ended_proefplaatsing_offers_no_change_of_its_akkoord(client, w):
    proefplaatsing_afronden(plaatsing=w.plaatsing, door=w.accountmanager, besluit="afscheid", reden="Past niet.")
    url = reverse("plaatsing_akkoord", args=[w.plaatsing.pk])
    client.force_login(w.accountmanager)

    response = client.get(url, follow=True)

    html = response.content.decode()
    assert response.redirect_chain == [(reverse("plaatsing_detail", args=[w.plaatsing.pk]), 302)]
    assert "De gegevens van een beëindigde plaatsing kun je niet meer corrigeren." in html
    assert f'href="{url}"' not in html
    assert client.post(url, {"instantie": "UWV Ede", "op": "2026-03-02", "reden": "x"}).status_code == 302
    w.plaatsing.refresh_from_db()
    assert w.plaatsing.akkoord_instantie == "UWV Arnhem"
