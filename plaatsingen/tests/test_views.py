"""The plaatsing pages through the test client: the werkgever signing the overeenkomst, the PDF download
and who may have it, the one-time "hoe gaat het?" page, the plaatsing form's Dutch messages, the
werknemer's own page and the accountmanager's nazorg dashboard.

The clock stands still on Monday 2 March 2026, 08:00 in Amsterdam, so dates on the pages are fixed."""

import io
import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from pypdf import PdfReader

from accounts.models import Verwerking
from accounts.tests.factories import WerkzoekendeUserFactory
from bemiddeling.services import voordracht_uitkomst
from conftest import ontbreekt
from klantreis.lib.paginering import codeer_cursor
from meldingen.models import Melding
from outbox.models import Mail
from plaatsingen import selectors, services
from plaatsingen.models import Checkin, NazorgMoment, Plaatsing
from plaatsingen.selectors import momenten_vandaag_en_te_laat
from plaatsingen.services import (
    correctie_stand,
    nazorg_sweep,
    overeenkomst_klaarzetten,
    plaatsing_corrigeren,
    plaatsing_starten,
    plaatsing_verlengen,
    proefplaatsing_afronden,
    proefplaatsing_akkoord,
)
from plaatsingen.tests.bulk import due_nazorgmomenten
from plaatsingen.tests.factories import PlaatsingFactory
from tests.bladeren import alle_bladen
from tests.gebouwd import gebouwde_queries
from tests.plannen import generiek_gelezen, leest_hoogstens
from werkgevers.models import Instrument

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")
MAANDAG = date(2026, 3, 2)


def _om(dag, uur, minuut=0):
    return datetime(dag.year, dag.month, dag.day, uur, minuut, tzinfo=AMS)


def _sectie(html, kop_id):
    """The HTML of one card on a page, from its heading to the next section."""
    return html.split(f'id="{kop_id}"', 1)[1].split("</section>", 1)[0]


@pytest.fixture
def aangenomen(klok, wereld):
    """Willem's voordracht, accepted after the gesprek, with no plaatsing yet."""
    wereld.met_bemiddeling()
    wereld.gesprek_geweest(wereld.voordracht)
    return voordracht_uitkomst(voordracht=wereld.voordracht, door=wereld.werkgever_user, aangenomen=True)


@pytest.fixture
def ter_ondertekening(aangenomen, wereld):
    plaatsing = plaatsing_starten(voordracht=aangenomen, door=wereld.accountmanager,
                                  soort=Plaatsing.Soort.PROEFPLAATSING, functie="Monteur", startdatum=MAANDAG,
                                  einddatum=date(2026, 4, 30), uren_per_week=32)
    proefplaatsing_akkoord(plaatsing=plaatsing, door=wereld.accountmanager, instantie="UWV Arnhem", op=MAANDAG)
    return overeenkomst_klaarzetten(plaatsing=plaatsing, door=wereld.accountmanager)


def test_a_double_click_on_overeenkomst_klaarzetten_asks_the_werkgever_to_sign_once(
        client, aangenomen, wereld, django_capture_on_commit_callbacks):
    """The accountmanager's second click reached the portal after the first had put the overeenkomst ready: the pdf
    was made again and the werkgever got "Overeenkomst klaar om te ondertekenen" twice, in his mail and in his
    meldingen. Now the second press only says it is ready already."""
    plaatsing = plaatsing_starten(voordracht=aangenomen, door=wereld.accountmanager,
                                  soort=Plaatsing.Soort.PROEFPLAATSING, functie="Monteur", startdatum=MAANDAG,
                                  einddatum=date(2026, 4, 30), uren_per_week=32)
    proefplaatsing_akkoord(plaatsing=plaatsing, door=wereld.accountmanager, instantie="UWV Arnhem", op=MAANDAG)
    client.force_login(wereld.accountmanager)
    url = reverse("overeenkomst_klaarzetten", args=[plaatsing.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        tweede = client.post(url, follow=True)

    assert len([m for m in mail.outbox if wereld.werkgever_user.email in m.to
                and m.subject.endswith("Overeenkomst klaar om te ondertekenen")]) == 1
    assert Melding.objects.filter(ontvanger=wereld.werkgever_user,
                                  url=reverse("overeenkomst_ondertekenen", args=[plaatsing.pk])).count() == 1
    assert "De overeenkomst ligt al bij de werkgever om te ondertekenen." in tweede.content.decode()
    plaatsing.refresh_from_db()
    assert plaatsing.status == Plaatsing.Status.WACHT_OP_HANDTEKENING


def test_a_nazorg_afspraak_sent_twice_is_recorded_and_confirmed_once(client, w, django_capture_on_commit_callbacks):
    """A double click on "Vastleggen en bevestigen per e-mail": the werkgever got the confirmation twice and the
    plaatsing and his tijdlijn listed the afspraak twice. The same page sent again is one afspraak; a new visit to
    the form with the same words is a second, as meant."""
    client.force_login(w.accountmanager)
    url = reverse("nazorg_afspraak", args=[w.plaatsing.pk])
    sleutel = re.search(r'name="formuliersleutel" value="([^"]+)"', client.get(url).content.decode())[1]
    gegevens = {"wat": "Na vier weken samen de inwerkperiode bespreken.", "wie": "Accountmanager",
                "uiterlijk": "2026-03-30", "formuliersleutel": sleutel}
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for _keer in range(2):
            assert client.post(url, gegevens).status_code == 302
    assert w.plaatsing.nazorgafspraken.count() == 1
    assert len([m for m in mail.outbox if w.werkgever_user.email in m.to
                and m.subject.endswith("Bevestiging van onze afspraak")]) == 1
    assert w.werkgever.tijdlijn.filter(tekst__startswith="Afspraak: Na vier weken").count() == 1
    nieuw = re.search(r'name="formuliersleutel" value="([^"]+)"', client.get(url).content.decode())[1]
    assert client.post(url, {**gegevens, "formuliersleutel": nieuw}).status_code == 302
    assert w.plaatsing.nazorgafspraken.count() == 2


# --- signing -------------------------------------------------------------------------------------


def test_the_werkgever_signs_after_ticking_akkoord_and_keeps_the_typed_name_until_then(client, wereld,
                                                                                     ter_ondertekening):
    url = reverse("overeenkomst_ondertekenen", args=[ter_ondertekening.pk])
    client.force_login(wereld.werkgever_user)

    response = client.post(url, {"naam": "M. de Heul"})

    assert response.status_code == 400
    html = response.content.decode()
    assert "Vink aan dat u akkoord gaat." in html
    assert 'value="M. de Heul"' in html
    ter_ondertekening.refresh_from_db()
    assert ter_ondertekening.status == Plaatsing.Status.WACHT_OP_HANDTEKENING

    response = client.post(url, {"akkoord": "on", "naam": "M. de Heul"})

    assert response.status_code == 302
    assert response["Location"] == reverse("plaatsing_detail", args=[ter_ondertekening.pk])
    ter_ondertekening.refresh_from_db()
    assert ter_ondertekening.status == Plaatsing.Status.LOPEND
    assert ter_ondertekening.ondertekend_door_naam == "M. de Heul"
    assert ter_ondertekening.ondertekend_door == wereld.werkgever_user


def test_signing_twice_shows_who_signed_first(client, w):
    """Signed already: the signing page (a melding's link, the back button, a second tab) offers no empty form to sign
    again, but goes to the plaatsing and says who signed and when, in words."""
    client.force_login(w.werkgever_user)
    url = reverse("overeenkomst_ondertekenen", args=[w.plaatsing.pk])

    for response in (client.get(url), client.post(url, {"akkoord": "on", "naam": "Martijn de Heul"})):
        assert response.status_code == 302
        assert response["Location"] == reverse("plaatsing_detail", args=[w.plaatsing.pk])
    html = client.get(reverse("plaatsing_detail", args=[w.plaatsing.pk])).content.decode()
    assert "Deze overeenkomst is al ondertekend door Martijn de Heul op maandag 2 maart 2026 om 08:00." in html
    assert "Ondertekenen" not in html
    w.plaatsing.refresh_from_db()
    assert w.plaatsing.ondertekend_door_naam == "Martijn de Heul"


def test_the_signing_page_waits_until_the_overeenkomst_is_ready(client, wereld, aangenomen):
    plaatsing = plaatsing_starten(voordracht=aangenomen, door=wereld.accountmanager,
                                  soort=Plaatsing.Soort.PROEFPLAATSING, functie="Monteur", startdatum=MAANDAG,
                                  einddatum=date(2026, 4, 30), uren_per_week=32)  # not yet sent to sign
    client.force_login(wereld.werkgever_user)

    response = client.get(reverse("overeenkomst_ondertekenen", args=[plaatsing.pk]), follow=True)

    assert response.redirect_chain == [(reverse("plaatsing_detail", args=[plaatsing.pk]), 302)]
    assert "Er ligt nog geen overeenkomst klaar om te ondertekenen." in response.content.decode()


def test_the_werkgever_reads_the_afspraken_and_regelingen_before_and_after_signing(client, wereld, aangenomen):
    """"Wat krijg ik en wat moet ik doen?": the regelingen with what they are, the extra afspraken and the conditions of
    the overeenkomst are on the page where he signs, and on the plaatsing afterwards, not only in the pdf."""
    regelingen = Instrument.objects.filter(naam__in=["Proefplaatsing", "No-riskpolis", "Jobcoach"])
    plaatsing = plaatsing_starten(voordracht=aangenomen, door=wereld.accountmanager,
                                  soort=Plaatsing.Soort.PROEFPLAATSING, functie="Monteur", startdatum=MAANDAG,
                                  einddatum=date(2026, 4, 30), uren_per_week=32, instrumenten=regelingen,
                                  voorwaarden="Martijn begeleidt op de werkvloer; werktijden 7:00-15:30.")
    proefplaatsing_akkoord(plaatsing=plaatsing, door=wereld.accountmanager, instantie="UWV Arnhem", op=MAANDAG)
    overeenkomst_klaarzetten(plaatsing=plaatsing, door=wereld.accountmanager)
    client.force_login(wereld.werkgever_user)

    for url in (reverse("overeenkomst_ondertekenen", args=[plaatsing.pk]),
                reverse("plaatsing_detail", args=[plaatsing.pk])):
        blok = _sectie(client.get(url).content.decode(), "kop-voorwaarden")
        for regeling in regelingen:
            assert reverse("instrument_detail", args=[regeling.pk]) in blok, url
            assert escape(regeling.samenvatting) in blok, url
        assert "Martijn begeleidt op de werkvloer; werktijden 7:00-15:30." in blok
        assert "Bij een goed verloop biedt de werkgever een arbeidsovereenkomst aan van minimaal 6 maanden." in blok
        assert "Uw accountmanager regelt de aanvraag van deze regelingen met u." in blok


def test_the_decision_form_of_a_proefplaatsing_that_became_a_contract_is_not_offered_again(client, w):
    proefplaatsing_afronden(plaatsing=w.plaatsing, door=w.accountmanager, besluit="contract",
                            contractsoort=Plaatsing.Soort.VAST, startdatum=date(2026, 5, 4))
    client.force_login(w.accountmanager)

    response = client.get(reverse("proefplaatsing_afronden", args=[w.plaatsing.pk]), follow=True)

    assert response.redirect_chain == [(reverse("plaatsing_detail", args=[w.plaatsing.pk]), 302)]
    assert "Deze plaatsing is intussen veranderd. De status is nu: Omgezet in contract." in response.content.decode()


def test_the_contract_after_a_proefplaatsing_keeps_its_regelingen(client, w):
    """The no-riskpolis and the jobcoach of the proefplaatsing go on with the contract; the regeling "Proefplaatsing"
    ends with it. The accountmanager sees them ticked and can change them."""
    w.plaatsing.instrumenten.set(Instrument.objects.filter(naam__in=["Proefplaatsing", "No-riskpolis", "Jobcoach"]))
    no_risk, jobcoach, proef = (Instrument.objects.get(naam=n) for n in ("No-riskpolis", "Jobcoach", "Proefplaatsing"))
    client.force_login(w.accountmanager)
    url = reverse("proefplaatsing_afronden", args=[w.plaatsing.pk])

    html = client.get(url).content.decode()
    aangevinkt = set(map(int, re.findall(r'name="instrumenten" value="(\d+)"[^>]*checked', html)))
    assert aangevinkt == {no_risk.pk, jobcoach.pk}
    assert f'name="instrumenten" value="{proef.pk}"' not in html  # a contract is no proefplaatsing
    # The proefplaatsing ends on Friday 1 May 2026: the contract is proposed from Monday 4 May, not Saturday.
    assert w.plaatsing.einddatum == date(2026, 5, 1)
    assert 'name="startdatum" value="2026-05-04"' in html

    response = client.post(url, {"besluit": "contract", "contractsoort": Plaatsing.Soort.TIJDELIJK,
                                 "startdatum": "2026-05-01", "einddatum": "2026-10-31", "uren_per_week": "32",
                                 "instrumenten": [no_risk.pk]})

    contract = Plaatsing.objects.get(vorige=w.plaatsing)
    assert response.status_code == 302 and response["Location"] == reverse("plaatsing_detail", args=[contract.pk])
    assert list(contract.instrumenten.all()) == [no_risk]
    assert set(w.plaatsing.instrumenten.all()) == {no_risk, jobcoach, proef}  # the proefplaatsing keeps its own
    # Without a choice (another caller of the service) the contract takes what goes on.
    assert set(services.instrumenten_voor_contract(w.plaatsing)) == {no_risk, jobcoach}


def test_a_werkgever_of_another_company_cannot_open_the_signing_page(client, wereld, ter_ondertekening):
    client.force_login(wereld.vreemde_werkgever_user)
    url = reverse("overeenkomst_ondertekenen", args=[ter_ondertekening.pk])

    assert client.get(url).status_code == 404
    assert client.post(url, {"akkoord": "on", "naam": "Indringer"}).status_code == 404
    ter_ondertekening.refresh_from_db()
    assert ter_ondertekening.status == Plaatsing.Status.WACHT_OP_HANDTEKENING


# --- the PDF ------------------------------------------------------------------------------------


@pytest.mark.parametrize("rol", ["werkgever", "accountmanager", "klantmanager"])
def test_the_signed_overeenkomst_downloads_as_pdf_and_the_view_is_logged(client, w, rol):
    gebruiker = w.gebruiker(rol)
    client.force_login(gebruiker)

    response = client.get(reverse("overeenkomst_download", args=[w.plaatsing.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="overeenkomst-ondertekend.pdf"' in response["Content-Disposition"]
    inhoud = b"".join(response.streaming_content)  # read to the end: the client then closes the file
    tekst = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(inhoud)).pages).split())
    assert "Anja Roest" in tekst and "Digitaal ondertekend door Martijn de Heul" in tekst
    [regel] = Verwerking.objects.filter(gebruiker=gebruiker, wat="overeenkomst (download)")
    assert regel.actie == Verwerking.Actie.INZIEN
    assert regel.betrokkenen.get().object_id == str(w.kandidaat2.pk)


@pytest.mark.parametrize("rol", ["vreemde_werkgever", "vreemde_accountmanager", "vreemde_klantmanager"])
def test_strangers_get_a_404_for_the_pdf_and_leave_no_log_line(client, w, rol):
    client.force_login(w.gebruiker(rol))

    response = client.get(reverse("overeenkomst_download", args=[w.plaatsing.pk]))

    assert response.status_code == 404
    assert not Verwerking.objects.filter(doel="overeenkomst downloaden").exists()


# --- the check-in page ---------------------------------------------------------------------------


@pytest.fixture
def token(w, klok, django_capture_on_commit_callbacks):
    """The werknemer's link from the check-in mail sent at the 24-hour moment."""
    klok.move_to(_om(date(2026, 3, 3), 9))
    with django_capture_on_commit_callbacks(execute=True):
        nazorg_sweep()
    [bericht] = [m for m in mail.outbox if "Hoe gaat het?" in m.subject and m.to == [w.kandidaat2.email]]
    [gevonden] = re.findall(r"/hoe-gaat-het/([^/\s]+)/", bericht.body)
    return gevonden


def test_the_checkin_link_shows_the_form_without_logging_in_and_takes_one_answer(client, w, token):
    url = reverse("checkin", args=[token])

    response = client.get(url)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Hoe gaat het bij De Heul Installatietechniek?" in html
    assert 'name="score"' in html and 'name="opmerking"' in html
    assert "Wil je er iets over kwijt?" in html and "Wilt u" not in html  # the werknemer is a werkzoekende: "je"

    response = client.post(url, {"score": "4", "opmerking": "Fijne collega's, veel geleerd."})

    assert response.status_code == 200
    assert "Dank je wel!" in response.content.decode() and "Uw antwoord" not in response.content.decode()
    checkin = Checkin.objects.get(rol=Checkin.Rol.WERKNEMER)
    assert (checkin.score, checkin.opmerking) == (4, "Fijne collega's, veel geleerd.")


def test_a_checkin_link_used_once_answers_410_al_beantwoord(client, w, token):
    url = reverse("checkin", args=[token])
    client.post(url, {"score": "4"})

    response_get = client.get(url)
    response_post = client.post(url, {"score": "1", "opmerking": "Toch niet."})

    for response in (response_get, response_post):
        assert response.status_code == 410
        assert "Je hebt deze vragen al beantwoord" in response.content.decode()
    assert Checkin.objects.get(rol=Checkin.Rol.WERKNEMER).score == 4


def test_a_checkin_without_a_score_asks_again(client, w, token):
    response = client.post(reverse("checkin", args=[token]), {"opmerking": "Weet niet."})

    assert response.status_code == 400
    assert 'name="score"' in response.content.decode()
    assert Checkin.objects.get(rol=Checkin.Rol.WERKNEMER).beantwoord_op is None
    # Nobody is logged in, but the page knows its reader: the werknemer is a werkzoekende and reads "je".
    assert "Wat je typte, staat er nog." in response.content.decode() and "Wat u typte" not in response.content.decode()
    # The werkgever's link of the same moment: "u".
    [bericht] = [m for m in mail.outbox if "Hoe gaat het?" in m.subject and m.to == [w.werkgever_user.email]]
    [werkgever_token] = re.findall(r"/hoe-gaat-het/([^/\s]+)/", bericht.body)
    response = client.post(reverse("checkin", args=[werkgever_token]), {"opmerking": "Weet niet."})
    assert response.status_code == 400 and "Wat u typte, staat er nog." in response.content.decode()


def test_an_expired_checkin_link_answers_410_verlopen(client, w, token, klok):
    klok.move_to(_om(date(2026, 3, 17), 9, 1))

    for response in (client.get(reverse("checkin", args=[token])),
                     client.post(reverse("checkin", args=[token]), {"score": "5"})):
        assert response.status_code == 410
        assert "Bel gerust je contactpersoon" in response.content.decode()
    assert Checkin.objects.get(rol=Checkin.Rol.WERKNEMER).beantwoord_op is None


@pytest.mark.parametrize("onzin", ["abc", "x" * 43])
def test_a_garbage_checkin_link_answers_410(client, w, token, onzin):
    response = client.get(reverse("checkin", args=[onzin]))

    assert response.status_code == 410
    assert "Deze link kennen we niet." in response.content.decode()


# --- the plaatsing form --------------------------------------------------------------------------


def _formulier(**extra):
    return {"soort": "proef", "functie": "Monteur", "startdatum": "2026-03-09",
            "einddatum": "2026-05-08", "uren_per_week": "32", "verlenging_reden": "", "voorwaarden": "", **extra}


def test_a_correct_plaatsing_form_creates_the_plaatsing(client, wereld, aangenomen):
    client.force_login(wereld.accountmanager)

    response = client.post(reverse("plaatsing_nieuw", args=[aangenomen.pk]), _formulier(functie="Leerling-monteur"))

    plaatsing = Plaatsing.objects.get(voordracht=aangenomen)
    assert response.status_code == 302
    assert response["Location"] == reverse("plaatsing_detail", args=[plaatsing.pk])
    assert (plaatsing.functie, plaatsing.startdatum, plaatsing.einddatum) == (
        "Leerling-monteur", date(2026, 3, 9), date(2026, 5, 8))


@pytest.mark.parametrize("fout, melding", [
    pytest.param(dict(uren_per_week="41"), "Maximaal 40 uur per week.", id="41-uur"),
    pytest.param(dict(startdatum="2026-03-09", einddatum="2026-03-08"), "De einddatum ligt vóór de startdatum.",
                 id="einde-voor-start"),
    pytest.param(dict(einddatum="2026-10-09", verlenging_reden="Lang inwerktraject."),
                 "Een proefplaatsing duurt hooguit 6 maanden.", id="proef-7-maanden"),
])
def test_a_wrong_plaatsing_form_says_what_is_wrong_in_dutch_and_keeps_the_functie(client, wereld, aangenomen, fout,
                                                                                 melding):
    client.force_login(wereld.accountmanager)

    response = client.post(reverse("plaatsing_nieuw", args=[aangenomen.pk]),
                           _formulier(functie="Leerling-monteur Zuid", **fout))

    assert response.status_code == 400
    html = response.content.decode()
    assert melding in html
    assert 'value="Leerling-monteur Zuid"' in html
    assert not Plaatsing.objects.exists()


# --- the werknemer's own page --------------------------------------------------------------------


def test_the_werknemer_sees_the_plaatsing_its_end_and_the_next_contact(client, w, klok):
    w.kandidaat2.account = WerkzoekendeUserFactory(voornaam="Anja", achternaam="Roest")
    w.kandidaat2.save(update_fields=["account"])
    client.force_login(w.kandidaat2.account)

    html = client.get(reverse("werkzoekende_home")).content.decode()

    werk = _sectie(html, "kop-werk")
    assert "De Heul Installatietechniek, Monteur" in werk
    assert "Proefplaatsing (met behoud van uitkering)" in werk
    assert "Tot en met 1 mei 2026" in werk
    assert "dinsdag 3 maart" in werk  # the call 24 hours after the start

    klok.move_to(_om(date(2026, 3, 3), 12))
    client.force_login(w.kandidaat2.account)  # a day later the old session has ended (idle limit): log in again
    werk = _sectie(client.get(reverse("werkzoekende_home")).content.decode(), "kop-werk")
    assert "maandag 16 maart" in werk and "dinsdag 3 maart" not in werk


def test_another_werkzoekende_does_not_see_that_plaatsing(client, w):
    client.force_login(w.werkzoekende_user)  # Willem: a voordracht, no plaatsing

    html = client.get(reverse("werkzoekende_home")).content.decode()

    assert 'id="kop-werk"' not in html
    assert "De Heul Installatietechniek" not in html


# --- the nazorg dashboard ------------------------------------------------------------------------


def test_the_dashboard_lists_due_moments_and_proefplaatsingen_ending_within_two_weeks(client, w, klok):
    client.force_login(w.accountmanager)
    html = client.get(reverse("nazorg_overzicht")).content.decode()
    assert "Anja Roest" not in _sectie(html, "kop-vandaag")  # on the first day nothing is due yet
    assert "Anja Roest" not in _sectie(html, "kop-eindigt")  # and the end is two months away

    klok.move_to(_om(date(2026, 4, 20), 12))
    client.force_login(w.accountmanager)
    response = client.get(reverse("nazorg_overzicht"))

    assert response.status_code == 200
    html = response.content.decode()
    vandaag = _sectie(html, "kop-vandaag")
    assert vandaag.count("Anja Roest bij De Heul Installatietechniek") == 3  # 24 hours, 2 weeks, 6 weeks
    assert "na 6 weken" in vandaag
    assert "einde proefplaatsing" not in vandaag  # due on 24 April
    eindigend = _sectie(html, "kop-eindigt")
    assert "Anja Roest bij De Heul Installatietechniek</a>: 1 mei" in eindigend


def test_the_dashboard_of_an_accountmanager_elsewhere_does_not_list_them(client, w, klok):
    klok.move_to(_om(date(2026, 4, 20), 12))
    client.force_login(w.vreemde_accountmanager)

    html = client.get(reverse("nazorg_overzicht")).content.decode()

    assert "Anja Roest" not in html


def test_the_dashboard_counts_each_plaatsing_once_however_many_moments_it_has(client, w):
    assert w.plaatsing.nazorgmomenten.count() >= 4
    client.force_login(w.accountmanager)

    html = client.get(reverse("nazorg_overzicht")).content.decode()

    assert "<dt>Loopt</dt><dd>1</dd>" in html


def test_the_werkgevers_tijdlijn_names_a_plaatsing_and_a_signature_for_what_they_are(w):
    regels = {r.tekst: r.soort for r in w.werkgever.tijdlijn.all()}
    assert regels["Overeenkomst ondertekend door Martijn de Heul."] == "overeenkomst"
    gestart = [soort for tekst, soort in regels.items() if tekst.startswith("Proefplaatsing") and " vanaf " in tekst]
    assert gestart == ["plaatsing"]


def test_the_nazorg_overview_reads_the_open_moments_not_every_moment_of_the_region(client, wereld):
    """The accountmanager's overview: the due moments through an index on the open ones, and each plaatsing's next
    moment looked up for the rows on the page only. MIN over a join with GROUP BY read every moment of every plaatsing
    of the region, years of them, before the page was cut (1.3 s at 54,000 plaatsingen, docs/benchmarks.md)."""
    from types import SimpleNamespace

    from django.db import connection
    from django.db.models import Count, Max
    from django.test.utils import CaptureQueriesContext

    wereld.met_plaatsing()
    ids = due_nazorgmomenten(400)  # 100 running plaatsingen in the region, four due moments each
    NazorgMoment.objects.filter(pk__in=ids[4:]).update(uitkomst="goed")  # handled, all but one plaatsing's
    morgen = timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=1), datetime.min.time()))
    open_nu = NazorgMoment.objects.filter(uitkomst="", plaatsing__status="lopend", gepland_op__lt=morgen)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE plaatsingen_nazorgmoment")
            cursor.execute("ANALYZE plaatsingen_plaatsing")
    client.force_login(wereld.accountmanager)
    with CaptureQueriesContext(connection) as queries:
        antwoord = client.get(reverse("nazorg_overzicht"))
    assert antwoord.status_code == 200
    assert {m.pk for m in antwoord.context["momenten"]} == set(open_nu.values_list("pk", flat=True))
    pagina = antwoord.context["blad"]
    volgend = {p.pk: p.volgend_moment for p in pagina.object_list}
    for plaatsing in pagina.object_list:
        eerste = plaatsing.nazorgmomenten.filter(uitkomst="").order_by("gepland_op").first()
        assert volgend[plaatsing.pk] == (eerste.gepland_op if eerste else None)
    if connection.vendor == "postgresql":
        # The list of plaatsingen, its count and the counts per status. (The due moments come from the region's
        # plaatsingen in a test this small; at volume from the index on the open ones: measured, 183 -> 3.8 ms.)
        lijst = SimpleNamespace(captured_queries=[q for q in queries.captured_queries
                                                  if not q["sql"].startswith('SELECT "plaatsingen_nazorgmoment"')])
        # Each row on the page: its own moments at most (by the partial index only the open one, but the planner
        # may take the index on the plaatsing and filter its few handled ones), never those of the whole region.
        # The page reads one row more than it shows (keyset: is there a next page?), and that row's moment too.
        per_plaatsing = NazorgMoment.objects.values("plaatsing").annotate(n=Count("pk")).aggregate(m=Max("n"))["m"]
        leest_hoogstens(lijst, "plaatsingen_nazorgmoment", per_plaatsing * (len(pagina.object_list) + 1),
                        sorteren=True, opzoeken=True)


def test_the_accountmanagers_overview_pages_newest_first_and_counts_from_the_region_alone(client, wereld):
    """The overview of a region with years of plaatsingen: keyset pages newest first (a page reads a page of the
    region's index, no COUNT over all of them, no OFFSET), and the counts per status from the plaatsingen of the
    region alone. Joined to the region's werkgevers, PostgreSQL read every plaatsing of the country and hashed them
    against 20,435 werkgevers for the counts (62-87 ms), and counted them all again for the page numbers
    (docs/benchmarks.md, vijfentwintigste sessie)."""
    from types import SimpleNamespace

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    wereld.met_plaatsing()
    due_nazorgmomenten(300)  # 75 running plaatsingen in the region
    Plaatsing.objects.filter(pk__in=Plaatsing.objects.order_by("pk").values("pk")[10:40]).update(
        status=Plaatsing.Status.AFGEROND)
    for n, plaatsing in enumerate(Plaatsing.objects.order_by("pk")):  # start dates that repeat, not in id order
        Plaatsing.objects.filter(pk=plaatsing.pk).update(
            startdatum=timezone.localdate() - timedelta(days=(n * 37) % 50), einddatum=None)
    regio = Plaatsing.objects.filter(regio=wereld.accountmanager.regio)
    assert regio.count() == 76
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE plaatsingen_plaatsing")
    client.force_login(wereld.accountmanager)

    bladen = list(alle_bladen(client, reverse("nazorg_overzicht")))
    gezien = [p.pk for antwoord, _queries in bladen for p in antwoord.context["blad"].object_list]
    verwacht = list(regio.order_by("-startdatum", "-pk").values_list("pk", flat=True))
    assert gezien == verwacht  # every plaatsing of the region once, newest first
    assert len(bladen) == 4
    # A link from before the region's last plaatsing moved away: nothing after it, and the way back to the start.
    laatste = Plaatsing.objects.get(pk=verwacht[-1])
    leeg = client.get(reverse("nazorg_overzicht") + "?na=" + codeer_cursor([laatste.startdatum, laatste.pk]))
    assert leeg.context["blad"].object_list == []
    assert "Hier staan geen plaatsingen meer." in leeg.content.decode()
    assert "Nog geen plaatsingen." not in leeg.content.decode()

    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("nazorg_overzicht")).content.decode()
    assert "<dt>Loopt</dt><dd>46</dd>" in html and "<dt>Afgerond</dt><dd>30</dd>" in html
    assert "Pagina 1 van" not in html and "Volgende" in html
    sql = [q["sql"] for q in queries.captured_queries
           if q["sql"].startswith("SELECT") and '"plaatsingen_plaatsing"' in q["sql"]]
    assert not any("COUNT(" in q and "GROUP BY" not in q for q in sql)  # no count for page numbers
    per_status = [q for q in sql if "GROUP BY" in q]
    assert len(per_status) == 1 and '"werkgevers_werkgever"' not in per_status[0]
    if connection.vendor == "postgresql":
        # Each page, the first and those after a cursor: the page's rows from the region's index, never the region.
        # (The due moments and the ending proefplaatsingen are other queries, with tests of their own.)
        for _antwoord, blad_queries in bladen:
            lijst = SimpleNamespace(captured_queries=[
                q for q in blad_queries.captured_queries if "ORDER BY" in q["sql"] and '"startdatum" DESC' in
                q["sql"].split("ORDER BY")[-1] and "GROUP BY" not in q["sql"]])
            leest_hoogstens(lijst, "plaatsingen_plaatsing", 2 * 26, opzoeken=True)


def test_the_counts_per_status_stop_at_the_limit_and_read_no_more(client, wereld, settings):
    """A region gathers plaatsingen over the years. Before: a GROUP BY over all of them on every visit of the nazorg
    overview (54,294 rows and 18 ms for the bench's busiest region, a scan of the table). Now each status is counted
    up to ``BEHEERLIJST_TELGRENS`` from the index on (regio, status), in one query, and above it the overview says
    "ongeveer" PostgreSQL's estimate (or "meer dan" the limit). The embedded SQLite counts exactly."""
    from types import SimpleNamespace

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    wereld.met_plaatsing()
    due_nazorgmomenten(300)  # 75 running plaatsingen in the region
    Plaatsing.objects.filter(pk__in=Plaatsing.objects.order_by("pk").values("pk")[10:40]).update(
        status=Plaatsing.Status.AFGEROND)
    Plaatsing.objects.filter(pk__in=Plaatsing.objects.order_by("pk").values("pk")[40:43]).update(
        status=Plaatsing.Status.CONTRACT)
    settings.BEHEERLIJST_TELGRENS = 20
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE plaatsingen_plaatsing")
    client.force_login(wereld.accountmanager)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("nazorg_overzicht")).content.decode()
    assert "<dt>Omgezet in contract</dt><dd>3</dd>" in html and "<dt>In voorbereiding</dt><dd>0</dd>" in html
    if connection.vendor != "postgresql":
        assert "<dt>Loopt</dt><dd>43</dd>" in html and "<dt>Afgerond</dt><dd>30</dd>" in html
        return
    assert re.search(r"<dt>Loopt</dt><dd>(ongeveer \d+|meer dan 20)</dd>", html)
    assert re.search(r"<dt>Afgerond</dt><dd>(ongeveer \d+|meer dan 20)</dd>", html)
    per_status = [q for q in queries.captured_queries if "GROUP BY" in q["sql"] and "plaatsingen_plaatsing" in q["sql"]]
    assert len(per_status) == 1
    # At most the limit and one more of each of the two big statuses, and the few of the small ones.
    leest_hoogstens(SimpleNamespace(captured_queries=per_status), "plaatsingen_plaatsing", 2 * 21 + 3)


def test_a_werkgever_moved_to_another_region_takes_its_plaatsingen_along(client, w,
                                                                         django_capture_on_commit_callbacks):
    """``Plaatsing.regio`` is the werkgever's region: when a beheerder moves the werkgever in the admin, its
    plaatsingen go to the accountmanagers of the new region (overview and detail), and leave the old one's."""
    from django.forms.models import model_to_dict

    nieuw = w.vreemde_accountmanager.regio
    gegevens = {veld: ("unknown" if waarde is None else waarde) if veld.startswith(("leidt_op", "open_"))
                else waarde for veld, waarde in model_to_dict(w.werkgever).items() if waarde is not None
                or veld.startswith(("leidt_op", "open_"))}
    client.force_login(w.beheerder)
    url = reverse("admin:werkgevers_werkgever_change", args=[w.werkgever.pk])
    # Its accountmanager works in the old region: refused, as everywhere else, and nothing moves.
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = client.post(url, {**gegevens, "regio": nieuw.pk})
    assert antwoord.status_code == 200
    assert "Deze accountmanager werkt in een andere regio." in antwoord.content.decode()
    assert set(Plaatsing.objects.filter(werkgever=w.werkgever).values_list("regio", flat=True)) == {
        w.accountmanager.regio_id}
    # With an accountmanager of the new region (and a website typed without https://, as people do).
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = client.post(url, {**gegevens, "regio": nieuw.pk, "accountmanager": w.vreemde_accountmanager.pk,
                                     "website": "www.bakkerij-roest.nl"})
    assert antwoord.status_code == 302, antwoord.context["adminform"].form.errors
    w.werkgever.refresh_from_db()
    assert w.werkgever.regio == nieuw
    assert w.werkgever.website == "https://www.bakkerij-roest.nl"
    assert set(Plaatsing.objects.filter(werkgever=w.werkgever).values_list("regio", flat=True)) == {nieuw.pk}

    client.force_login(w.vreemde_accountmanager)
    assert "Anja Roest" in client.get(reverse("nazorg_overzicht")).content.decode()
    assert client.get(reverse("plaatsing_detail", args=[w.plaatsing.pk])).status_code == 200
    client.force_login(w.accountmanager)
    assert "Anja Roest" not in client.get(reverse("nazorg_overzicht")).content.decode()
    assert client.get(reverse("plaatsing_detail", args=[w.plaatsing.pk])).status_code == 404


def test_the_due_moments_are_found_from_the_moments_whatever_plan_the_connection_keeps(wereld):
    """The due contact moments of the accountmanager's region, read with the plan a prepared statement keeps for any
    values: from the open moments due (the partial index on them) with each one's plaatsing looked up. With
    ``uitkomst = $n`` that plan could not use the index, which stands on ``uitkomst = ''``, and walked every moment
    due before tomorrow, handled ones included: 312,000 at national volume, 350-470 ms from the eighth visit on
    (docs/benchmarks.md, vijfentwintigste sessie)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        ontbreekt("PostgreSQL nodig: plannen van prepared statements")
    ids = due_nazorgmomenten(800)  # 200 running plaatsingen in the region, four due moments each
    NazorgMoment.objects.filter(pk__in=ids[8:]).update(uitkomst="goed")  # all but two plaatsingen's handled
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE plaatsingen_nazorgmoment")
        cursor.execute("ANALYZE plaatsingen_plaatsing")
    momenten = momenten_vandaag_en_te_laat(wereld.accountmanager)[:50]
    assert len(list(momenten)) == 8
    for tabel in ("plaatsingen_nazorgmoment", "plaatsingen_plaatsing"):
        gelezen, plan = generiek_gelezen(momenten, tabel)
        assert gelezen <= 2 * 8, plan


@pytest.mark.parametrize("wie", ["accountmanager", "klantmanager"])
def test_the_overview_is_what_the_orm_reads_and_is_built_once_per_process(client, wereld, wie, monkeypatch):
    """The nazorg overview reads its four parts with SQL compiled once per process: the same moments, proefplaatsingen
    ending soon, page and counts as the ORM's querysets, and on the next visit nothing of them is built again (before:
    twelve querysets on every visit, a third of the page's CPU)."""
    from collections import Counter

    from django.test import RequestFactory

    wereld.met_plaatsing()
    due_nazorgmomenten(120, klantmanagers=1)
    # Proefplaatsingen of the region ending in the coming two weeks (and one later), and a klantmanager who follows
    # some of each.
    vandaag = timezone.localdate()
    proef = Plaatsing.objects.order_by("pk").values_list("pk", flat=True)[:8]
    for i, pk in enumerate(proef):
        Plaatsing.objects.filter(pk=pk).update(soort=Plaatsing.Soort.PROEFPLAATSING, status=Plaatsing.Status.LOPEND,
                                               einddatum=vandaag + timedelta(days=2 * i), ondertekend_op=timezone.now(),
                                               akkoord_op=timezone.now())
    km = Plaatsing.objects.order_by("-pk").first().kandidaat.klantmanager
    gebruiker = wereld.accountmanager if wie == "accountmanager" else km
    orm = selectors.plaatsingen_voor(gebruiker)
    verwacht = {"momenten": list(selectors.momenten_vandaag_en_te_laat(gebruiker)[:50]),
                "eindigend": list(selectors.proef_eindigt_binnenkort(orm)[:50]),
                "blad": list(orm[:25]), "per_status": selectors.tellingen_per_status(gebruiker)}
    assert verwacht["momenten"] and verwacht["eindigend"] and len(verwacht["blad"]) == 25
    gezien = selectors.overzicht(RequestFactory().get("/"), gebruiker)
    assert {**gezien, "blad": gezien["blad"].object_list} == verwacht
    assert [m.plaatsing.kandidaat.pk for m in gezien["momenten"]] == [
        m.plaatsing.kandidaat.pk for m in verwacht["momenten"]]
    assert [p.volgend_moment for p in gezien["blad"].object_list] == [p.volgend_moment for p in verwacht["blad"]]
    # The counts per status, worked out here from the plaatsingen the person follows.
    gevolgd = (Plaatsing.objects.filter(regio=gebruiker.regio) if wie == "accountmanager"
               else Plaatsing.objects.filter(kandidaat__klantmanager=gebruiker))
    per_status = Counter(gevolgd.values_list("status", flat=True))
    assert [aantal for _label, aantal, _soort in gezien["per_status"]] == [
        per_status[waarde] for waarde in Plaatsing.Status.values]
    assert NazorgMoment.objects.exists()

    client.force_login(gebruiker)
    client.get(reverse("nazorg_overzicht"))
    gebouwd = gebouwde_queries(monkeypatch)
    antwoord = client.get(reverse("nazorg_overzicht"))
    assert antwoord.context["blad"].object_list == verwacht["blad"]
    assert not [c for c in gebouwd if c.query.model in (Plaatsing, NazorgMoment)]


def test_the_signature_is_a_full_name_and_the_signers_own(client, wereld, ter_ondertekening):
    """"x" was accepted, and the page then said "Ondertekend: x"."""
    url = reverse("overeenkomst_ondertekenen", args=[ter_ondertekening.pk])
    client.force_login(wereld.werkgever_user)  # Martijn de Heul
    for naam, fout in (("x", "Typ uw voornaam en achternaam als handtekening"),
                       ("Martijn", "Typ uw voornaam en achternaam als handtekening"),
                       ("1 2", "Typ uw voornaam en achternaam als handtekening"),
                       ("Piet de Heul", "Onderteken met uw eigen naam, zoals die bij uw account staat: "
                                        "Martijn de Heul.")):
        response = client.post(url, {"akkoord": "on", "naam": naam})
        assert response.status_code == 400, naam
        html = response.content.decode()
        assert fout in html and f'value="{naam}"' in html, naam
    ter_ondertekening.refresh_from_db()
    assert ter_ondertekening.status == Plaatsing.Status.WACHT_OP_HANDTEKENING

    response = client.post(url, {"akkoord": "on", "naam": "  martijn  DE héul "})
    assert response.status_code == 302
    ter_ondertekening.refresh_from_db()
    assert ter_ondertekening.ondertekend_door_naam == "martijn DE héul"


def test_the_bijzonderheden_of_a_nazorg_contact_are_on_the_plaatsing_for_staff_only(client, w):
    """They were only visible inside the form: the klantmanager saw "Gesprek gevoerd, het gaat goed" and not what was
    said. The werkgever does not read the professionals' notes."""
    moment = w.plaatsing.nazorgmomenten.order_by("gepland_op").first()
    type(moment).objects.filter(pk=moment.pk).update(uitkomst="goed", uitkomst_door=w.accountmanager,
                                                     bijzonderheden="Werkt goed mee; wil na de zomer meer uren.")
    url = reverse("plaatsing_detail", args=[w.plaatsing.pk])
    for gebruiker in (w.accountmanager, w.klantmanager):
        client.force_login(gebruiker)
        html = client.get(url).content.decode()
        assert f"Bijzonderheden ({w.accountmanager.get_full_name()}): Werkt goed mee; wil na de zomer" in html
    client.force_login(w.werkgever_user)
    assert "wil na de zomer meer uren" not in client.get(url).content.decode()


# --- gegevens corrigeren -------------------------------------------------------------------------------------------


def _correctie(plaatsing, **extra):
    """The correction form as it was opened on ``plaatsing``, with ``extra`` typed over it."""
    return {"functie": plaatsing.functie, "startdatum": plaatsing.startdatum.isoformat(),
            "einddatum": plaatsing.einddatum.isoformat() if plaatsing.einddatum else "",
            "uren_per_week": str(plaatsing.uren_per_week), "verlenging_reden": plaatsing.verlenging_reden,
            "voorwaarden": plaatsing.voorwaarden, "instrumenten": [i.pk for i in plaatsing.instrumenten.all()],
            "reden": "Verkeerd overgenomen.", "stand": correctie_stand(plaatsing), **extra}


def test_the_correction_form_is_prefilled_and_keeps_what_was_typed_when_it_is_wrong(client, w):
    url = reverse("plaatsing_corrigeren", args=[w.plaatsing.pk])
    client.force_login(w.accountmanager)

    html = client.get(url).content.decode()

    assert 'value="Monteur"' in html and 'value="2026-03-02"' in html and 'value="2026-05-01"' in html
    assert 'value="32"' in html and "Wat was er fout?" in html
    for fout, melding in ((dict(uren_per_week="41"), "Maximaal 40 uur per week."),
                          (dict(einddatum="2026-03-01"), "De einddatum ligt vóór de startdatum."),
                          (dict(reden=""), "Schrijf op wat er fout was."),
                          ({}, "Er is niets veranderd: dit zijn de gegevens die er al stonden.")):
        gegevens = _correctie(w.plaatsing, **{"functie": "Leerling-monteur", **fout} if fout else {})
        response = client.post(url, gegevens)
        assert response.status_code == 400, melding
        html = response.content.decode()
        assert melding in html
        if fout:
            assert 'value="Leerling-monteur"' in html and f'value="{gegevens["uren_per_week"]}"' in html
    w.plaatsing.refresh_from_db()
    assert (w.plaatsing.functie, w.plaatsing.uren_per_week) == ("Monteur", 32)


def test_a_correction_shows_in_the_history_for_staff_only(client, w):
    url = reverse("plaatsing_corrigeren", args=[w.plaatsing.pk])
    client.force_login(w.accountmanager)

    response = client.post(url, _correctie(w.plaatsing, uren_per_week="24", reden="Uren uit de oude vacature."),
                           follow=True)

    html = response.content.decode()
    assert "De werkgever krijgt de nieuwe overeenkomst om opnieuw te ondertekenen." in html
    detail = reverse("plaatsing_detail", args=[w.plaatsing.pk])
    for gebruiker in (w.accountmanager, w.klantmanager):
        client.force_login(gebruiker)
        correcties = _sectie(client.get(detail).content.decode(), "kop-correcties")
        assert "Uren uit de oude vacature." in correcties and "Uren per week: 24 (was: 32)" in correcties
        assert ("Martijn de Heul ondertekende de overeenkomst van vóór deze correctie (die blijft bewaard); de "
                "werkgever ondertekent de nieuwe opnieuw.") in correcties
    client.force_login(w.werkgever_user)
    html = client.get(detail).content.decode()
    assert "kop-correcties" not in html and "Uren uit de oude vacature." not in html


def test_a_correction_form_opened_before_a_change_says_the_plaatsing_changed_meanwhile(client, w):
    url = reverse("plaatsing_corrigeren", args=[w.plaatsing.pk])
    gegevens = _correctie(w.plaatsing, uren_per_week="24")
    plaatsing_corrigeren(plaatsing=w.plaatsing, door=w.accountmanager, reden="Typfout.", functie="Leerling-monteur")
    client.force_login(w.accountmanager)

    response = client.post(url, gegevens, follow=True)

    assert response.redirect_chain == [(reverse("plaatsing_detail", args=[w.plaatsing.pk]), 302)]
    assert "Deze plaatsing is intussen veranderd. De status is nu: Loopt." in response.content.decode()
    w.plaatsing.refresh_from_db()
    assert (w.plaatsing.functie, w.plaatsing.uren_per_week) == ("Leerling-monteur", 32)


def test_a_contract_that_started_over_a_year_ago_keeps_its_start_when_its_hours_are_corrected(client, wereld, klok):
    """The bounds of the start apply to what is typed now, not to what was stored."""
    plaatsing = PlaatsingFactory(voordracht__vacature__werkgever=wereld.werkgever, soort=Plaatsing.Soort.VAST,
                                 status=Plaatsing.Status.LOPEND, startdatum=date(2025, 1, 6), einddatum=None)
    url = reverse("plaatsing_corrigeren", args=[plaatsing.pk])
    client.force_login(wereld.accountmanager)

    response = client.post(url, _correctie(plaatsing, startdatum="2025-01-07"))
    assert response.status_code == 400
    assert "Deze datum ligt meer dan een jaar terug. Klopt het jaartal?" in response.content.decode()

    response = client.post(url, _correctie(plaatsing, uren_per_week="36"))
    assert response.status_code == 302
    plaatsing.refresh_from_db()
    assert (plaatsing.startdatum, plaatsing.uren_per_week) == (date(2025, 1, 6), 36)


def test_an_ended_plaatsing_offers_no_correction(client, wereld, klok):
    plaatsing = PlaatsingFactory(voordracht__vacature__werkgever=wereld.werkgever, afscheid=True)
    client.force_login(wereld.accountmanager)

    response = client.get(reverse("plaatsing_corrigeren", args=[plaatsing.pk]), follow=True)

    html = response.content.decode()
    assert response.redirect_chain == [(reverse("plaatsing_detail", args=[plaatsing.pk]), 302)]
    assert "Deze plaatsing is beëindigd (Afscheid genomen). De gegevens van een beëindigde plaatsing kun je niet " \
           "meer corrigeren." in html
    assert reverse("plaatsing_corrigeren", args=[plaatsing.pk]) not in html


def test_a_contract_after_the_proefplaatsing_corrected_to_start_before_it_says_so_on_the_start(client, w):
    contract = proefplaatsing_afronden(plaatsing=w.plaatsing, door=w.accountmanager, besluit="contract",
                                       contractsoort=Plaatsing.Soort.VAST, startdatum=date(2026, 5, 2))
    client.force_login(w.accountmanager)

    response = client.post(reverse("plaatsing_corrigeren", args=[contract.pk]),
                           _correctie(contract, startdatum="2026-02-27", uren_per_week="36"))

    assert response.status_code == 400
    html = response.content.decode()
    assert ('id="id_startdatum_fout"><p>Het contract begint niet vóór de proefplaatsing: die begon op 2 maart 2026.'
            '</p>') in html
    assert 'value="2026-02-27"' in html and 'value="36"' in html
    contract.refresh_from_db()
    assert (contract.startdatum, contract.uren_per_week) == (date(2026, 5, 2), 32)


def test_staff_see_that_the_akkoord_was_given_before_the_period_or_hours_were_corrected(client, w, klok):
    detail = reverse("plaatsing_detail", args=[w.plaatsing.pk])
    klok.move_to(datetime(2026, 3, 10, 9, tzinfo=ZoneInfo("Europe/Amsterdam")))
    plaatsing_corrigeren(plaatsing=w.plaatsing, door=w.accountmanager, reden="Typfout.", functie="Leerling-monteur")
    client.force_login(w.accountmanager)
    assert "Controleer of het akkoord nog geldt." not in client.get(detail).content.decode()  # the functie: no matter

    plaatsing_corrigeren(plaatsing=w.plaatsing, door=w.accountmanager, reden="Uren van de vacature.", uren_per_week=24)

    for gebruiker in (w.accountmanager, w.klantmanager):
        client.force_login(gebruiker)
        html = client.get(detail).content.decode()
        assert ("UWV Arnhem, 2 maart 2026<br><strong>Gegeven vóór de correctie van 10 maart 2026, voor de periode en "
                "de uren van toen. Controleer of het akkoord nog geldt.</strong>") in _sectie(html, "kop-afspraken-p")
        assert "Het akkoord van UWV Arnhem (2 maart 2026) gold voor de periode en de uren van vóór deze correctie." \
               in _sectie(html, "kop-correcties")
    client.force_login(w.werkgever_user)
    html = client.get(detail).content.decode()
    assert "UWV Arnhem, 2 maart 2026" in html and "Controleer of het akkoord" not in html


def test_a_refused_correction_shows_her_plaatsing_again_and_logs_it_as_the_form_did(client, w):
    """The form names Anja and her plaatsing, also when it comes back with what was typed: one line each time."""
    url = reverse("plaatsing_corrigeren", args=[w.plaatsing.pk])
    client.force_login(w.accountmanager)

    def regels():
        return Verwerking.objects.filter(gebruiker=w.accountmanager, actie=Verwerking.Actie.INZIEN,
                                         wat="plaatsing corrigeren").count()

    html = client.get(url).content.decode()
    assert regels() == 1
    assert "De werkgever ziet dit niet; de werknemer kan dit opvragen." in html
    assert "Alleen medewerkers lezen dit" not in html
    response = client.post(url, _correctie(w.plaatsing, uren_per_week="41"))
    assert response.status_code == 400 and "Anja" in response.content.decode()
    assert regels() == 2


def test_the_werkgever_signs_a_corrected_overeenkomst_again_while_the_plaatsing_runs(client, w, klok):
    klok.move_to(datetime(2026, 3, 10, 9, tzinfo=ZoneInfo("Europe/Amsterdam")))
    plaatsing_corrigeren(plaatsing=w.plaatsing, door=w.accountmanager, reden="Uren van de vacature.", uren_per_week=24)
    detail = reverse("plaatsing_detail", args=[w.plaatsing.pk])
    ondertekenen = reverse("overeenkomst_ondertekenen", args=[w.plaatsing.pk])
    for gebruiker in (w.accountmanager, w.klantmanager):
        client.force_login(gebruiker)
        html = client.get(detail).content.decode()
        assert "Nieuwe handtekening nodig sinds 10 maart 2026 (de overeenkomst is gecorrigeerd)." in html
        assert "Overeenkomst (pdf, nog niet ondertekend)" in html
    client.force_login(w.werkgever_user)

    html = client.get(reverse("werkgever_home")).content.decode()
    assert "loopt. <strong>Gewijzigde overeenkomst: wacht op uw handtekening</strong>" in _sectie(html, "kop-mensen")
    html = client.get(detail).content.decode()
    assert "De overeenkomst is gewijzigd nadat u die ondertekende. De plaatsing loopt gewoon door." in html
    assert f'href="{ondertekenen}"' in html and "Nieuwe handtekening nodig" not in html
    html = client.get(ondertekenen).content.decode()
    assert "De overeenkomst is gewijzigd nadat u die op 2 maart 2026 ondertekende." in html
    response = client.post(ondertekenen, {"akkoord": "on", "naam": "Martijn de Heul"}, follow=True)

    assert response.redirect_chain == [(detail, 302)]
    html = response.content.decode()
    assert "Dank u! De overeenkomst is ondertekend." in html and "Ondertekende overeenkomst (pdf)" in html
    assert f'href="{ondertekenen}"' not in html and 'id="opnieuw-ondertekenen"' not in html
    w.plaatsing.refresh_from_db()
    assert (w.plaatsing.status, w.plaatsing.opnieuw_te_ondertekenen_sinds) == (Plaatsing.Status.LOPEND, None)
    assert "wacht op uw handtekening" not in client.get(reverse("werkgever_home")).content.decode()


# --- what the browser exploration found -----------------------------------------------------------------------------


def test_the_correction_form_says_every_error_at_once(client, w):
    """Start 20 March, end 10 March, 0 hours and no reason: the end before the start was only said on the next try."""
    client.force_login(w.accountmanager)

    response = client.post(reverse("plaatsing_corrigeren", args=[w.plaatsing.pk]), _correctie(
        w.plaatsing, startdatum="2026-03-20", einddatum="2026-03-10", uren_per_week="0", reden=""))

    assert response.status_code == 400
    html = response.content.decode()
    for melding in ("De einddatum ligt vóór de startdatum.", "Minimaal 1 uur.", "Schrijf op wat er fout was."):
        assert melding in html, melding
    assert "Vul tussen 1 en 40 uur per week in." not in html  # the hours are said wrong once


def test_the_correction_form_checks_a_proefplaatsing_too_long_while_the_hours_are_wrong(client, w):
    client.force_login(w.accountmanager)

    response = client.post(reverse("plaatsing_corrigeren", args=[w.plaatsing.pk]), _correctie(
        w.plaatsing, einddatum="2026-06-15", uren_per_week="41"))

    html = response.content.decode()
    assert "Maximaal 40 uur per week." in html
    assert "Een proefplaatsing langer dan 2 maanden kan alleen met een reden." in html


def test_the_plaatsing_form_says_every_error_at_once_and_waits_for_a_date_it_cannot_read(client, wereld, aangenomen):
    client.force_login(wereld.accountmanager)
    url = reverse("plaatsing_nieuw", args=[aangenomen.pk])

    html = client.post(url, _formulier(startdatum="2026-03-20", einddatum="2026-03-10", uren_per_week="0")
                       ).content.decode()
    assert "De einddatum ligt vóór de startdatum." in html and "Minimaal 1 uur." in html

    html = client.post(url, _formulier(startdatum="20-03-x", einddatum="2026-03-10", uren_per_week="0")
                       ).content.decode()
    assert "Vul een geldige datum in." in html and "Minimaal 1 uur." in html
    assert "De einddatum ligt vóór de startdatum." not in html
    assert not Plaatsing.objects.exists()


def test_extending_a_signed_proefplaatsing_sends_the_overeenkomst_to_sign_again(client, w,
                                                                                 django_capture_on_commit_callbacks):
    """A correction of the end date sent the werkgever the overeenkomst to sign again; "Verlengen" moved the same end
    date and left the signed overeenkomst saying the old one. Now a verlenging does what a correction does: the
    plaatsing keeps running, the signed pdf stays on file, the werkgever is mailed and reads what changed, and the
    accountmanager is told."""
    getekend = w.plaatsing.overeenkomst.name
    client.force_login(w.accountmanager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("plaatsing_verlengen", args=[w.plaatsing.pk]), {
            "einddatum": "2026-06-30", "verlenging_reden": "Meer tijd nodig voor het VCA-diploma."}, follow=True)
    assert ("Verlengd. Het contactmoment aan het einde is meeverhuisd. De einddatum staat in de overeenkomst: de "
            "werkgever krijgt de gewijzigde overeenkomst om opnieuw te ondertekenen.") in response.content.decode()

    plaatsing = Plaatsing.objects.get(pk=w.plaatsing.pk)
    assert plaatsing.status == Plaatsing.Status.LOPEND and plaatsing.opnieuw_te_ondertekenen
    assert plaatsing.overeenkomst.name != getekend and plaatsing.overeenkomst.storage.exists(getekend)
    assert Mail.objects.filter(onderwerp__endswith="Overeenkomst klaar om te ondertekenen").exists()
    client.force_login(w.werkgever_user)
    html = client.get(reverse("overeenkomst_ondertekenen", args=[plaatsing.pk])).content.decode()
    assert "Einddatum: nu 30 juni 2026 (was 1 mei 2026)" in _sectie(html, "kop-wijzigingen")
    client.post(reverse("overeenkomst_ondertekenen", args=[plaatsing.pk]), {"akkoord": "on", "naam": "Martijn de Heul"})
    plaatsing.refresh_from_db()
    assert plaatsing.overeenkomst_ondertekend and plaatsing.einddatum == date(2026, 6, 30)


def test_an_earlier_end_of_a_signed_proefplaatsing_is_not_called_extended(client, w,
                                                                         django_capture_on_commit_callbacks):
    """"Verlengen" also takes an earlier end: the meldingen and the tijdlijn said "eindigt eerder", but the page said
    "Verlengd." and the verloop "verlengd tot 15 april 2026; de werkgever ondertekent opnieuw" under an end two weeks
    sooner."""
    client.force_login(w.accountmanager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("plaatsing_verlengen", args=[w.plaatsing.pk]), {
            "einddatum": "2026-04-15", "verlenging_reden": ""}, follow=True)
    html = response.content.decode()

    assert ("De plaatsing eindigt eerder, op 15 april 2026. Het contactmoment aan het einde is meeverhuisd. De "
            "einddatum staat in de overeenkomst: de werkgever krijgt de gewijzigde overeenkomst om opnieuw te "
            "ondertekenen.") in html
    assert "Verlengd" not in html and "verlengd" not in _sectie(html, "kop-verloop")
    assert "(eindigt eerder, op 15 april 2026; de werkgever ondertekent opnieuw), Anton Account" in _sectie(
        html, "kop-verloop")
    assert Plaatsing.objects.get(pk=w.plaatsing.pk).correcties.get().reden == (
        "Eindigt eerder, op 15 april 2026 (geen fout): de werkgever ondertekent de overeenkomst opnieuw.")


def test_an_earlier_end_of_a_plaatsing_without_a_signature_says_so_in_the_verloop(client, w):
    plaatsing = PlaatsingFactory(soort=Plaatsing.Soort.TIJDELIJK, lopend=True, startdatum=date(2026, 3, 2),
                                 einddatum=date(2026, 9, 1), voordracht__vacature__werkgever=w.plaatsing.werkgever)
    client.force_login(w.accountmanager)
    response = client.post(reverse("plaatsing_verlengen", args=[plaatsing.pk]), {
        "einddatum": "2026-08-01", "verlenging_reden": ""}, follow=True)
    html = response.content.decode()

    assert "De plaatsing eindigt eerder, op 1 augustus 2026. Het contactmoment aan het einde is meeverhuisd." in html
    assert "(eindigt eerder, op 1 augustus 2026)" in _sectie(html, "kop-verloop")
    assert "verlengd" not in _sectie(html, "kop-verloop")


def test_a_verlenging_of_a_signed_proefplaatsing_is_not_listed_as_a_correction(client, w):
    """The verlenging is kept as a correction row (the signed pdf, what the werkgever reads as changed before he signs
    again), and the staff page listed it under "Correcties", as if something had been wrong. It has a list of its
    own; a real correction stays under "Correcties"."""
    plaatsing_verlengen(plaatsing=w.plaatsing, door=w.accountmanager, einddatum=date(2026, 5, 29),
                        verlenging_reden="Meer tijd nodig voor het VCA-diploma.")
    client.force_login(w.accountmanager)
    html = client.get(reverse("plaatsing_detail", args=[w.plaatsing.pk])).content.decode()

    assert 'id="kop-correcties"' not in html
    einddatum = " ".join(re.sub(r"<[^>]+>", " ", _sectie(html, "kop-einddatum")).split())
    assert "Einddatum gewijzigd" in einddatum
    assert ("Anton Account: Verlengd tot 29 mei 2026 (geen fout): de werkgever ondertekent de overeenkomst "
            "opnieuw.") in einddatum
    assert "Einddatum: vrijdag 29 mei 2026 (was: vrijdag 1 mei 2026)" in einddatum
    assert ("Martijn de Heul ondertekende de overeenkomst met de vorige einddatum (die blijft bewaard); de werkgever "
            "ondertekent de nieuwe opnieuw.") in einddatum

    plaatsing_corrigeren(plaatsing=Plaatsing.objects.get(pk=w.plaatsing.pk), door=w.accountmanager,
                         reden="Uren van de oude vacature.", uren_per_week=24)
    html = client.get(reverse("plaatsing_detail", args=[w.plaatsing.pk])).content.decode()
    correcties = _sectie(html, "kop-correcties")
    assert "Uren van de oude vacature." in correcties and "Verlengd tot" not in correcties
    assert "Verlengd tot 29 mei 2026" in _sectie(html, "kop-einddatum")


def test_the_werkgever_reads_what_changed_before_he_signs_again_without_the_reason(client, w, klok):
    klok.move_to(datetime(2026, 3, 10, 9, tzinfo=AMS))
    plaatsing_corrigeren(plaatsing=w.plaatsing, door=w.accountmanager, reden="Uren van de oude vacature.",
                         uren_per_week=24)
    plaatsing_corrigeren(plaatsing=w.plaatsing, door=w.accountmanager, reden="Typfout in de einddatum.",
                         uren_per_week=28, einddatum=date(2026, 4, 30))
    detail = reverse("plaatsing_detail", args=[w.plaatsing.pk])
    ondertekenen = reverse("overeenkomst_ondertekenen", args=[w.plaatsing.pk])
    client.force_login(w.werkgever_user)

    for url in (detail, ondertekenen):
        html = client.get(url).content.decode()
        wijzigingen = _sectie(html, "kop-wijzigingen")
        assert "Wat is er veranderd?" in wijzigingen
        # Since his signature: the first old value, the last new one.
        assert "Einddatum: nu 30 april 2026 (was 1 mei 2026)" in wijzigingen
        assert "Uren per week: nu 28 (was 32)" in wijzigingen and "(was 24)" not in wijzigingen
        assert "oude vacature" not in html and "Typfout" not in html

    client.force_login(w.accountmanager)  # staff read the corrections with their reasons instead
    assert 'id="kop-wijzigingen"' not in client.get(detail).content.decode()
    client.force_login(w.werkgever_user)
    client.post(ondertekenen, {"akkoord": "on", "naam": "Martijn de Heul"})
    assert 'id="kop-wijzigingen"' not in client.get(detail).content.decode()


def test_a_werkgever_asked_for_his_first_signature_reads_what_changed_since_it_was_sent(client, wereld,
                                                                                      ter_ondertekening):
    plaatsing_corrigeren(plaatsing=ter_ondertekening, door=wereld.accountmanager, reden="Startdatum verkeerd.",
                         startdatum=date(2026, 3, 9))
    client.force_login(wereld.werkgever_user)

    html = client.get(reverse("overeenkomst_ondertekenen", args=[ter_ondertekening.pk])).content.decode()

    assert "Startdatum: nu 9 maart 2026 (was 2 maart 2026)" in _sectie(html, "kop-wijzigingen")
    assert "Startdatum verkeerd" not in html


def test_a_held_nazorg_moment_offers_to_change_its_outcome_and_an_open_one_to_record_it(client, w):
    """"09:00 : Gesprek gevoerd" had a space before the colon, and the held moment still said "uitkomst vastleggen".
    Then "24 uur na de start: 3 maart 2026 09:00: Interventie nodig" had two colons: the date is now in brackets."""
    moment = w.plaatsing.nazorgmomenten.order_by("gepland_op").first()
    type(moment).objects.filter(pk=moment.pk).update(uitkomst="interventie", interventie="Jobcoach",
                                                     uitkomst_door=w.accountmanager, uitkomst_op=timezone.now())
    moment.refresh_from_db()
    uitkomst = reverse("nazorg_uitkomst", args=[moment.pk])
    client.force_login(w.klantmanager)

    nazorg = _sectie(client.get(reverse("plaatsing_detail", args=[w.plaatsing.pk])).content.decode(), "kop-nazorg")

    regels = re.findall(r"<li>.*?</li>", nazorg, flags=re.S)
    [gehouden] = [r for r in regels if uitkomst in r]
    assert "24 uur na de start</strong> (3 maart 2026 09:00): Interventie nodig (Jobcoach)" in gehouden
    assert "uitkomst wijzigen" in gehouden and "uitkomst vastleggen" not in gehouden
    assert all("uitkomst vastleggen" in r for r in regels if r != gehouden)
    html = client.get(uitkomst).content.decode()
    assert 'value="Jobcoach"' in html and "Uitkomst wijzigen" in html


@pytest.mark.parametrize("rol, url, gegevens, wat", [
    pytest.param("werkgever_user", lambda w: reverse("overeenkomst_ondertekenen", args=[w.plaatsing.pk]),
                 {"akkoord": "on", "naam": ""}, "overeenkomst ondertekenen", id="ondertekenen"),
    pytest.param("klantmanager", lambda w: reverse("nazorg_uitkomst", args=[w.moment.pk]), {"uitkomst": ""},
                 "nazorgmoment", id="nazorg-uitkomst"),
])
def test_a_refused_form_that_shows_the_werknemer_again_is_logged_like_the_first_view(client, w, rol, url, gegevens,
                                                                                     wat):
    """The werkgever's signing page named Anja on a refused signature without a line in the verwerkingenlog."""
    if rol == "werkgever_user":
        plaatsing_corrigeren(plaatsing=w.plaatsing, door=w.accountmanager, reden="Uren.", uren_per_week=24)
    gebruiker = getattr(w, rol)
    client.force_login(gebruiker)

    def regels():
        return Verwerking.objects.filter(gebruiker=gebruiker, actie=Verwerking.Actie.INZIEN, wat=wat)

    client.get(url(w))
    response = client.post(url(w), gegevens)

    assert response.status_code == 400 and "Anja" in response.content.decode()
    assert regels().count() == 2
    assert [b.object_id for b in regels().last().betrokkenen.all()] == [str(w.kandidaat2.pk)]


def test_the_refused_plaatsing_form_is_logged_like_the_first_view(client, wereld, aangenomen):
    client.force_login(wereld.accountmanager)
    url = reverse("plaatsing_nieuw", args=[aangenomen.pk])

    client.get(url)
    response = client.post(url, _formulier(uren_per_week="41"))

    assert response.status_code == 400 and "Willem" in response.content.decode()
    assert Verwerking.objects.filter(gebruiker=wereld.accountmanager, actie=Verwerking.Actie.INZIEN,
                                     wat="plaatsing aanmaken").count() == 2


@pytest.mark.parametrize("contactvoorkeur, email, zin", [
    pytest.param("account", "", "De werknemer krijgt ook een melding, in het portaal.", id="account"),
    pytest.param("mail", "anja@voorbeeld.nl", "De werknemer heeft geen account en krijgt een e-mail.", id="mail"),
    pytest.param("bellen", "anja@voorbeeld.nl", "De werknemer heeft geen account en krijgt van ons geen e-mail: de "
                 "klantmanager krijgt de vraag het door te geven.", id="bellen"),
])
def test_the_correction_form_says_truly_how_a_werknemer_without_an_account_hears_of_it(client, w, contactvoorkeur,
                                                                                        email, zin):
    if contactvoorkeur == "account":
        type(w.kandidaat2).objects.filter(pk=w.kandidaat2.pk).update(
            account=WerkzoekendeUserFactory(voornaam="Anja", achternaam="Roest"))
    else:
        type(w.kandidaat2).objects.filter(pk=w.kandidaat2.pk).update(contactvoorkeur=contactvoorkeur, email=email)
    client.force_login(w.accountmanager)

    html = client.get(reverse("plaatsing_corrigeren", args=[w.plaatsing.pk])).content.decode()

    assert f"De werkgever en de klantmanager krijgen een melding van wat er veranderde. {zin}" in html
    assert "de werknemer en de klantmanager krijgen een melding" not in html


# --- wording on the pages of the plaatsing ----------------------------------------------------


def test_the_verloop_names_the_signer_once(client, w):
    """"Loopt (ondertekend door Martijn de Heul), Martijn de Heul": the note says who signed, the line said it again.
    A step whose note names nobody still says who took it."""
    plaatsing_verlengen(plaatsing=w.plaatsing, door=w.accountmanager, einddatum=date(2026, 4, 30),
                        verlenging_reden="Meer tijd nodig voor het VCA-diploma.")
    client.force_login(w.accountmanager)

    verloop = _sectie(client.get(reverse("plaatsing_detail", args=[w.plaatsing.pk])).content.decode(),
                      "kop-verloop")

    regels = [" ".join(re.sub(r"<[^>]+>", " ", r).split()) for r in re.findall(r"<li>(.*?)</li>", verloop, re.S)]
    assert "2 maart 2026 08:00 Loopt (ondertekend door Martijn de Heul)" in regels
    assert not any(r.count("Martijn de Heul") > 1 for r in regels), regels


def test_an_extension_in_the_verloop_writes_its_date_out(client, w):
    """"verlengd tot 29-05-2026", where the rest of the page writes "29 mei 2026"."""
    plaatsing_verlengen(plaatsing=w.plaatsing, door=w.accountmanager, einddatum=date(2026, 5, 29),
                        verlenging_reden="Meer tijd nodig voor het VCA-diploma.")
    client.force_login(w.accountmanager)

    verloop = _sectie(client.get(reverse("plaatsing_detail", args=[w.plaatsing.pk])).content.decode(),
                      "kop-verloop")

    # The signed overeenkomst named the old end: the werkgever signs again, and the verloop says so.
    assert "(verlengd tot 29 mei 2026; de werkgever ondertekent opnieuw), Anton Account" in verloop
    assert not re.search(r"\d{2}-\d{2}-\d{4}", verloop)


def test_an_earlier_end_is_not_called_an_extension_in_the_verloop_or_the_correction(client, w):
    """"Verlengen" also takes an earlier end: the verloop, which the werkgever reads too, said "verlengd tot 15 april
    2026; de werkgever ondertekent opnieuw" under an end two weeks sooner, and the correction for the professionals
    "Verlengd tot 15 april 2026 (geen fout)"."""
    plaatsing_verlengen(plaatsing=w.plaatsing, door=w.accountmanager, einddatum=date(2026, 4, 15),
                        verlenging_reden="De werkgever stopt eerder met het project.")

    client.force_login(w.werkgever_user)
    pagina = client.get(reverse("plaatsing_detail", args=[w.plaatsing.pk])).content.decode()
    assert "(eindigt eerder, op 15 april 2026; de werkgever ondertekent opnieuw)" in _sectie(pagina, "kop-verloop")
    assert "verlengd" not in pagina.lower()
    client.force_login(w.accountmanager)
    pagina = client.get(reverse("plaatsing_detail", args=[w.plaatsing.pk])).content.decode()
    assert ("Eindigt eerder, op 15 april 2026 (geen fout): de werkgever ondertekent de overeenkomst opnieuw."
            in _sectie(pagina, "kop-einddatum"))  # its own heading, not under "Correcties" (nothing was wrong)
    assert "kop-correcties" not in pagina and "erlengd tot" not in pagina


def test_the_nazorg_form_names_the_plaatsing_without_brackets_in_brackets(client, w):
    """"Anja Roest bij De Heul Installatietechniek (Proefplaatsing (met behoud van uitkering))"."""
    client.force_login(w.accountmanager)

    html = client.get(reverse("nazorg_uitkomst", args=[w.moment.pk])).content.decode()

    assert "Anja Roest bij De Heul Installatietechniek · Proefplaatsing (met behoud van uitkering)" in html
    assert "))" not in html


def test_the_voordracht_names_its_plaatsing_and_status_as_the_plaatsing_does(client, w):
    """"Proefplaatsing (met behoud van uitkering) (loopt)": brackets after brackets, and the status in lower case."""
    client.force_login(w.werkgever_user)

    html = client.get(reverse("voordracht_detail", args=[w.voordracht2.pk])).content.decode()

    plaatsing = reverse("plaatsing_detail", args=[w.plaatsing.pk])
    assert f'{plaatsing}">Proefplaatsing (met behoud van uitkering) · Loopt</a>' in html


def test_a_future_akkoord_date_is_reported_with_the_other_errors_at_once(client, wereld, aangenomen):
    """The akkoord form with no instantie and a date tomorrow said only "fill in the instantie"; once that was put
    right, the form came back again about the date. Both at the first submit now."""
    plaatsing = plaatsing_starten(voordracht=aangenomen, door=wereld.accountmanager,
                                  soort=Plaatsing.Soort.PROEFPLAATSING, functie="Monteur", startdatum=MAANDAG,
                                  einddatum=date(2026, 4, 30), uren_per_week=32)
    client.force_login(wereld.accountmanager)
    url = reverse("plaatsing_akkoord", args=[plaatsing.pk])
    stand = services.correctie_stand(plaatsing)
    morgen = (timezone.localdate() + timedelta(days=1)).strftime("%d-%m-%Y")

    response = client.post(url, {"instantie": "", "op": morgen, "stand": stand})

    html = response.content.decode()
    assert response.status_code == 400
    assert "Het akkoord kan niet in de toekomst gegeven zijn." in html
    assert "Dit veld is verplicht." in html
    plaatsing.refresh_from_db()
    assert plaatsing.akkoord_op is None


def test_the_werknemer_does_not_read_the_werkgevers_reason_for_the_afscheid(client, w):
    """The afscheid melding leaves the werkgever's reason out (her contactpersoon tells her what she should hear of
    it), but the plaatsing page it leads to showed it to the werknemer twice: under "Reden afscheid" and in the
    verloop. The werkgever and the staff still read it there."""
    w.kandidaat2.account = WerkzoekendeUserFactory(voornaam="Anja", achternaam="Roest")
    w.kandidaat2.save(update_fields=["account"])
    services.proefplaatsing_afronden(plaatsing=w.plaatsing, door=w.accountmanager, besluit="afscheid",
                                     reden="Komt te vaak te laat en het team mist tempo.")
    url = reverse("plaatsing_detail", args=[w.plaatsing.pk])

    client.force_login(w.kandidaat2.account)
    antwoord = client.get(url)
    assert antwoord.status_code == 200
    html = antwoord.content.decode()
    assert "te laat" not in html and "Reden afscheid" not in html
    assert "Afscheid" in _sectie(html, "kop-verloop")

    for wie in (w.werkgever_user, w.accountmanager, w.klantmanager):
        client.force_login(wie)
        assert "Komt te vaak te laat en het team mist tempo." in client.get(url).content.decode()
