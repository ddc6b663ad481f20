from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Organisatie
from accounts.selectors import wsp_van_regio
from accounts.tests.factories import OrganisatieFactory
from bemiddeling.tests.factories import VoordrachtFactory
from beroepen.tests.factories import BeroepFactory, VaardigheidFactory
from werkgevers.models import (
    AccountmanagerToewijzing,
    Afspraak,
    Bedrijfsbezoek,
    Tijdlijnregel,
    Vacature,
    Verzoek,
    Verzoekaanvulling,
    Vestiging,
    Werkgever,
)
from werkgevers.services import VACATURE_OVERGANGEN, afspraak_vastleggen, verzoek_indienen, verzoeken_bewaken
from werkgevers.tests.factories import VacatureFactory

pytestmark = pytest.mark.django_db

FORMULIER = {
    "bedrijfsnaam": "Timmerbedrijf Rijnoever B.V.", "kvk_nummer": "12345678", "adres": "Markt 1",
    "postcode": "6811 AB", "plaats": "Arnhem", "sector": "Bouw", "aantal_medewerkers": "12",
    "contactpersoon": "Piet Jansen", "telefoon": "026 1234567", "email": "piet@rijnoever.nl",
    "vraag": "Twee timmerlieden per 1 juni", "website": "",
}


@pytest.fixture(autouse=True)
def lege_cache():
    # The public form counts submissions per address in the cache; start every test at zero.
    cache.clear()
    yield
    cache.clear()


def _verzoek(**extra):
    """A verzoek as the public form would store it (no mails: nothing here runs on_commit callbacks)."""
    velden = {**FORMULIER, "aantal_medewerkers": 12, "kanaal": Verzoek.Kanaal.WEBFORMULIER, **extra}
    velden.pop("website")
    return verzoek_indienen(**velden)


# --- the public verzoek form -----------------------------------------------------------------


def test_anonymous_werkgever_asks_for_help_and_is_thanked(client, db, django_capture_on_commit_callbacks):
    formulier = client.get(reverse("verzoek_indienen"))
    assert formulier.status_code == 200
    assert "binnen één werkdag" in formulier.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("verzoek_indienen"), FORMULIER)
    assert response.status_code == 302 and response.url == reverse("verzoek_bedankt")
    assert "we bellen u binnen één werkdag" in client.get(response.url).content.decode()

    verzoek = Verzoek.objects.get()
    assert verzoek.kanaal == Verzoek.Kanaal.WEBFORMULIER
    assert verzoek.werkgever.kvk_nummer == "12345678" and verzoek.regio.code == "AM07"
    assert verzoek.geregistreerd_door is None
    assert any(m.to == ["piet@rijnoever.nl"] for m in mail.outbox)


@pytest.mark.parametrize("veld,waarde,melding", [
    ("kvk_nummer", "1234", "Een KvK-nummer bestaat uit precies 8 cijfers"),
    ("postcode", "12345", "Vul een postcode in zoals 1234 AB"),
    ("email", "piet@rijnoever", "Vul een geldig e-mailadres in"),
    ("postcode", "1000 AA", "Deze postcode kennen we niet"),  # well formed, but no such area
    # 12 digits, as the rule allows, but 25 characters with one space or dash between: more than is stored.
    ("telefoon", "+31 (0) 6 - 1 2 3 4 5 6 7 8", "Dit telefoonnummer is te lang"),
])
def test_bad_input_says_what_is_wrong_and_keeps_what_was_typed(client, db, veld, waarde, melding):
    response = client.post(reverse("verzoek_indienen"), {**FORMULIER, veld: waarde})

    html = response.content.decode()
    assert response.status_code == 400
    assert melding in html
    assert f'value="{waarde}"' in html
    assert 'value="Timmerbedrijf Rijnoever B.V."' in html and "Twee timmerlieden per 1 juni" in html
    assert f'id="id_{veld}_fout"' in html
    assert not Verzoek.objects.exists()
    assert not Werkgever.objects.filter(kvk_nummer=FORMULIER["kvk_nummer"]).exists()


@pytest.mark.parametrize("bedrijf", ["nieuw", "met open verzoek"])
def test_a_phone_number_with_spaces_and_dashes_is_stored_not_a_500(client, wereld, bedrijf,
                                                                    django_capture_on_commit_callbacks):
    """The rule allows 10-15 digits among any number of spaces and dashes; "06 - 12 - 34 - 56 - 78" is 22 characters
    and the columns (verzoek, aanvulling) have 20: a database error, a 500. Runs of them become one."""
    kvk = "87650001"
    if bedrijf == "met open verzoek":
        kvk = wereld.werkgever.kvk_nummer
        _verzoek(kvk_nummer=kvk)
    client.raise_request_exception = False
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("verzoek_indienen"),
                               {**FORMULIER, "kvk_nummer": kvk, "telefoon": "06 - 12 - 34 - 56 - 78",
                                "contactpersoon": "Els de Boer"})
    assert response.status_code == 302 and response.url == reverse("verzoek_bedankt")
    gevraagd = (Verzoekaanvulling.objects.get() if bedrijf == "met open verzoek"
                else Verzoek.objects.get(werkgever__kvk_nummer=kvk))
    assert gevraagd.contactpersoon == "Els de Boer" and gevraagd.telefoon == "06-12-34-56-78"


def test_honeypot_stores_nothing_but_thanks_the_robot(client, db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("verzoek_indienen"), {**FORMULIER, "website": "https://goedkope-pillen.example"})
    assert response.status_code == 302 and response.url == reverse("verzoek_bedankt")
    assert not Verzoek.objects.exists()
    assert not Werkgever.objects.filter(kvk_nummer=FORMULIER["kvk_nummer"]).exists()
    assert mail.outbox == []


def test_sixth_submission_in_an_hour_from_one_address_is_refused(client, db):
    for i in range(5):
        response = client.post(reverse("verzoek_indienen"), {**FORMULIER, "kvk_nummer": f"2000000{i}"})
        assert response.status_code == 302, i

    response = client.post(reverse("verzoek_indienen"), {**FORMULIER, "kvk_nummer": "20000005"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "U heeft het afgelopen uur al een paar verzoeken gestuurd" in html
    assert 'value="20000005"' in html
    assert Verzoek.objects.count() == 5

    # The limit is per address, and for one hour.
    ander_adres = client.post(reverse("verzoek_indienen"), {**FORMULIER, "kvk_nummer": "20000006"},
                              REMOTE_ADDR="10.1.2.3")
    assert ander_adres.status_code == 302
    with time_machine.travel(timezone.now() + timedelta(minutes=61)):
        later = client.post(reverse("verzoek_indienen"), {**FORMULIER, "kvk_nummer": "20000007"})
    assert later.status_code == 302
    assert Verzoek.objects.count() == 7


# --- the accountmanager's queue --------------------------------------------------------------


def test_queue_lists_the_regions_verzoeken_closest_deadline_first(client, wereld):
    # Within office hours (Tuesday 10 March 2026, 14:00), three hours apart is three werkuren apart.
    with time_machine.travel(datetime(2026, 3, 10, 14, 0, tzinfo=ZoneInfo("Europe/Amsterdam")), tick=False):
        _verzoek(bedrijfsnaam="Later Bouw B.V.", kvk_nummer="30000001")
        with time_machine.travel(timezone.now() - timedelta(hours=3), tick=False):
            _verzoek(bedrijfsnaam="Eerder Bouw B.V.", kvk_nummer="30000002")
        _verzoek(bedrijfsnaam="Venlo Logistiek B.V.", kvk_nummer="30000003", postcode="5911 AA", plaats="Venlo")

    client.force_login(wereld.accountmanager)
    response = client.get(reverse("verzoeken"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "2 verzoeken wachten op contact" in html
    assert html.index("Eerder Bouw B.V.") < html.index("Later Bouw B.V.")
    assert "Venlo Logistiek B.V." not in html


def test_the_queue_is_built_once_per_process(client, wereld, monkeypatch):
    """The queue is the same shape on every visit: the next one builds no queryset of verzoeken."""
    from tests.gebouwd import gebouwde_queries
    from werkgevers.models import Verzoek

    _verzoek(bedrijfsnaam="Eerder Bouw B.V.", kvk_nummer="30000002")
    client.force_login(wereld.accountmanager)
    eerste = [v.pk for v in client.get(reverse("verzoeken")).context["pagina"].object_list]
    assert eerste
    gebouwd = gebouwde_queries(monkeypatch)
    assert [v.pk for v in client.get(reverse("verzoeken")).context["pagina"].object_list] == eerste
    assert not [c for c in gebouwd if c.query.model is Verzoek]


def test_posting_contact_stops_the_clock(client, wereld, django_capture_on_commit_callbacks):
    verzoek = _verzoek()
    client.force_login(wereld.accountmanager)

    response = client.post(reverse("verzoek_detail", args=[verzoek.pk]),
                           {"actie": "contact", "notitie": "Gebeld; kennismaking dinsdag"})
    assert response.status_code == 302
    assert response.url == reverse("werkgever_detail", args=[verzoek.werkgever_id])

    verzoek.refresh_from_db()
    assert verzoek.status == Verzoek.Status.CONTACT
    assert verzoek.contact_opgenomen_door == wereld.accountmanager
    assert verzoek.contact_notitie == "Gebeld; kennismaking dinsdag"
    assert "Timmerbedrijf Rijnoever B.V." not in client.get(reverse("verzoeken")).content.decode()
    with time_machine.travel(verzoek.deadline + timedelta(hours=1), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert verzoeken_bewaken() == {"herinneringen": 0, "escalaties": 0}
    assert mail.outbox == []


def test_contact_without_a_note_is_refused_and_the_clock_keeps_running(client, wereld):
    verzoek = _verzoek()
    client.force_login(wereld.accountmanager)
    response = client.post(reverse("verzoek_detail", args=[verzoek.pk]), {"actie": "contact", "notitie": ""})
    assert response.status_code == 400
    verzoek.refresh_from_db()
    assert verzoek.status == Verzoek.Status.NIEUW


def test_a_question_asked_again_through_the_form_is_on_the_open_verzoek(client, wereld):
    """Who asked, how to reach them and what, on the page the accountmanager calls from; not on the werkgever's own
    tijdlijn (the asker is not verified)."""
    verzoek = _verzoek(kvk_nummer=wereld.werkgever.kvk_nummer)
    client.post(reverse("verzoek_indienen"), {**FORMULIER, "kvk_nummer": wereld.werkgever.kvk_nummer,
                                              "contactpersoon": "Els de Boer", "telefoon": "06 12345678",
                                              "email": "els@rijnoever.nl", "vraag": "Ook een stukadoor, graag snel"})
    client.force_login(wereld.accountmanager)
    html = client.get(reverse("verzoek_detail", args=[verzoek.pk])).content.decode()
    assert "Nog 1 vraag bij dit verzoek" in html
    for tekst in ("Els de Boer", 'href="tel:0612345678"', "els@rijnoever.nl", "Ook een stukadoor, graag snel"):
        assert tekst in html
    assert Verzoek.objects.filter(werkgever=verzoek.werkgever).count() == 1
    assert "en nog 1 vraag" in client.get(reverse("verzoeken")).content.decode()  # the queue says so too
    tijdlijn = reverse("werkgever_tijdlijn", args=[verzoek.werkgever_id])
    assert "Ook een stukadoor" in client.get(tijdlijn).content.decode()
    client.force_login(wereld.werkgever_user)
    html = client.get(tijdlijn).content.decode()
    assert "Twee timmerlieden" in html and "Ook een stukadoor" not in html


def test_contact_opgenomen_asks_about_each_question_asked_again(client, wereld, django_capture_on_commit_callbacks):
    """Els and Bram asked again while Piet's verzoek was open. Closing it after calling Piet left Bram, who was
    promised a call, named nowhere. The form asks who else was called: Els is ticked, Bram's question becomes a
    verzoek of its own in the queue, and the page says so."""
    verzoek = _verzoek(kvk_nummer=wereld.werkgever.kvk_nummer)
    for naam, vraag in (("Els de Boer", "Ook een stukadoor"), ("Bram Smit", "Vraag van Bram")):
        client.post(reverse("verzoek_indienen"), {**FORMULIER, "kvk_nummer": wereld.werkgever.kvk_nummer,
                                                  "contactpersoon": naam, "vraag": vraag})
    els, bram = Verzoekaanvulling.objects.order_by("pk")
    client.force_login(wereld.accountmanager)
    html = client.get(reverse("verzoek_detail", args=[verzoek.pk])).content.decode()
    assert "Ook gebeld of in dit gesprek besproken" in html
    assert f'name="gebeld" value="{els.pk}"' in html and f'name="gebeld" value="{bram.pk}"' in html

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("verzoek_detail", args=[verzoek.pk]),
                               {"actie": "contact", "notitie": "Piet en Els gebeld", "gebeld": [els.pk]}, follow=True)
    assert "1 vraag die je niet aanvinkte, staat nu als nieuw verzoek bij de verzoeken." in response.content.decode()
    nieuw = Verzoek.objects.get(status=Verzoek.Status.NIEUW)
    assert (nieuw.contactpersoon, nieuw.vraag, nieuw.werkgever_id) == ("Bram Smit", "Vraag van Bram",
                                                                       verzoek.werkgever_id)
    assert f'href="{reverse("verzoek_detail", args=[nieuw.pk])}"' in client.get(reverse("verzoeken")).content.decode()
    html = client.get(reverse("verzoek_detail", args=[verzoek.pk])).content.decode()
    assert "Gebeld of besproken" in html
    assert f'href="{reverse("verzoek_detail", args=[nieuw.pk])}"' in html


def test_accountmanager_of_another_region_cannot_open_the_verzoek(client, wereld):
    verzoek = _verzoek()
    client.force_login(wereld.vreemde_accountmanager)
    assert client.get(reverse("verzoek_detail", args=[verzoek.pk])).status_code == 404
    assert client.post(reverse("verzoek_detail", args=[verzoek.pk]),
                       {"actie": "contact", "notitie": "Ik bel wel"}).status_code == 404
    verzoek.refresh_from_db()
    assert verzoek.status == Verzoek.Status.NIEUW


# --- vacatures by the werkgever --------------------------------------------------------------

VACATURE = {
    "titel": "Monteur werkvoorbereiding", "beroep": "monteur installatietechniek", "omschrijving": "",
    "uren_per_week": "32", "contracttype": "vast", "postcode": "6811 AB", "startdatum": "",
    "aantal_posities": "2", "rijbewijs": "", "taalniveau": "", "open_voor_proefplaatsing": "on",
}


@pytest.mark.parametrize("rijbewijs,taalniveau", [("", ""), ("B", "B1")])  # '' is 'Niet nodig' / 'Geen eis'
def test_werkgever_creates_a_vacature_and_chooses_vaardigheden_next(client, wereld, rijbewijs, taalniveau):
    beroep = BeroepFactory(naam="monteur installatietechniek", met_vaardigheden=["VCA", "leidingen leggen"])
    client.force_login(wereld.werkgever_user)

    response = client.post(reverse("vacature_nieuw", args=[wereld.werkgever.pk]),
                           {**VACATURE, "rijbewijs": rijbewijs, "taalniveau": taalniveau})

    vacature = Vacature.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("vacature_vaardigheden", args=[vacature.pk])
    assert (vacature.werkgever, vacature.beroep, vacature.status) == (wereld.werkgever, beroep,
                                                                      Vacature.Status.CONCEPT)
    assert vacature.aantal_posities == 2 and vacature.gemeente.naam == "Arnhem"
    assert (vacature.rijbewijs, vacature.taalniveau) == (rijbewijs, taalniveau)
    pagina = client.get(response.url)
    assert pagina.status_code == 200
    assert "VCA" in pagina.content.decode() and "leidingen leggen" in pagina.content.decode()


def test_unknown_beroep_gives_an_error_that_suggests_names(client, wereld):
    BeroepFactory(naam="lasser constructiewerk")
    BeroepFactory(naam="lasser pijpleidingen")
    client.force_login(wereld.werkgever_user)

    response = client.post(reverse("vacature_nieuw", args=[wereld.werkgever.pk]), {**VACATURE, "beroep": "lasser"})

    html = response.content.decode()
    assert response.status_code == 400
    assert "Dit beroep kennen we niet" in html
    assert "Misschien een van deze: lasser constructiewerk, lasser pijpleidingen?" in html
    assert 'value="Monteur werkvoorbereiding"' in html
    assert not Vacature.objects.exists()


@pytest.mark.parametrize("naam", ["vacature_nieuw", "werkgever_tijdlijn", "vacature_detail", "vacature_bewerken"])
def test_werkgever_user_of_another_company_gets_404(client, wereld, naam):
    vacature = VacatureFactory(werkgever=wereld.werkgever)
    pk = {"vacature_detail": vacature.pk, "vacature_bewerken": vacature.pk}.get(naam, wereld.werkgever.pk)
    client.force_login(wereld.vreemde_werkgever_user)
    assert client.get(reverse(naam, args=[pk])).status_code == 404
    # ...while the company's own people get the page, so the 404 is about the company.
    client.force_login(wereld.werkgever_user)
    assert client.get(reverse(naam, args=[pk])).status_code == 200


def test_werkgever_user_of_another_company_cannot_post_a_vacature(client, wereld):
    BeroepFactory(naam="monteur installatietechniek")
    client.force_login(wereld.vreemde_werkgever_user)
    response = client.post(reverse("vacature_nieuw", args=[wereld.werkgever.pk]), VACATURE)
    assert response.status_code == 404
    assert not Vacature.objects.exists()


# --- tijdlijn --------------------------------------------------------------------------------


def test_tijdlijn_hides_internal_rows_from_the_werkgever(client, wereld):
    Tijdlijnregel.objects.create(werkgever=wereld.werkgever, soort=Tijdlijnregel.Soort.AFSPRAAK,
                                 tekst="Afspraak: drie cv-s sturen", door=wereld.accountmanager)
    Tijdlijnregel.objects.create(werkgever=wereld.werkgever, soort=Tijdlijnregel.Soort.PROFIEL,
                                 tekst="Interne notitie: betaalt traag", voor_werkgever=False)
    url = reverse("werkgever_tijdlijn", args=[wereld.werkgever.pk])

    client.force_login(wereld.werkgever_user)
    html = client.get(url).content.decode()
    assert "Afspraak: drie cv-s sturen" in html
    assert "Interne notitie" not in html

    client.force_login(wereld.accountmanager)
    html = client.get(url).content.decode()
    assert "Afspraak: drie cv-s sturen" in html and "Interne notitie: betaalt traag" in html


def test_werkgever_home_names_the_wsp_until_there_is_a_vaste_accountmanager(client, wereld):
    regio = wereld.werkgever.regio
    wsp = wsp_van_regio(regio) or OrganisatieFactory(soort=Organisatie.Soort.WSP, regio=regio, naam="WSP Rijk")
    Organisatie.objects.filter(pk=wsp.pk).update(telefoon="024 1234567")
    client.force_login(wereld.werkgever_user)
    met = client.get(reverse("werkgever_home")).content.decode()
    assert wereld.accountmanager.get_full_name() in met
    assert "Tot die tijd helpt het Werkgeversservicepunt u:" not in met and "tel:0241234567" not in met
    Werkgever.objects.filter(pk=wereld.werkgever.pk).update(accountmanager=None)
    zonder = client.get(reverse("werkgever_home")).content.decode()
    assert "Tot die tijd helpt het Werkgeversservicepunt u:" in zonder
    assert wsp.naam in zonder and "tel:0241234567" in zonder


def test_werkgever_home_names_the_agreements_so_they_cannot_be_read_as_appointments(client, wereld):
    """"Onze afspraken – Nog geen afspraken vastgelegd" meant service agreements, while his Agenda shows
    appointments ("afspraken" too): the heading says what it is."""
    client.force_login(wereld.werkgever_user)
    html = client.get(reverse("werkgever_home")).content.decode()
    assert "Onze afspraken" not in html and "Nog geen afspraken vastgelegd" not in html
    assert "Wat we met u hebben afgesproken" in html and "We hebben nog niets met u afgesproken." in html
    afspraak_vastleggen(werkgever=wereld.werkgever, door=wereld.accountmanager, wat="Drie cv's per maand sturen",
                        wie="WSP")
    html = client.get(reverse("werkgever_home")).content.decode()
    kop = html.index("Wat we met u hebben afgesproken")
    assert kop < html.index("Drie cv&#x27;s per maand sturen")


def _werkgever_vullen(wereld, n, tag):
    wg = wereld.werkgever
    for i in range(n):
        Vestiging.objects.create(werkgever=wg, adres=f"Vestigingstraat {tag}{i}", postcode="6811 AB", plaats="Arnhem",
                                 gemeente=wg.gemeente)
        vacature = VacatureFactory(werkgever=wg, titel=f"Vacature {tag}{i}")
        VoordrachtFactory(vacature=vacature)
        Afspraak.objects.create(werkgever=wg, wat=f"Afspraak {tag}{i}", wie="WSP", vastgelegd_door=wereld.accountmanager)
        Bedrijfsbezoek.objects.create(werkgever=wg, bezocht_op=timezone.localdate(), accountmanager=wereld.accountmanager,
                                      verslag=f"Bezoek {tag}{i}")
        AccountmanagerToewijzing.objects.create(werkgever=wg, accountmanager=wereld.accountmanager,
                                                toegewezen_door=wereld.accountmanager)
        Verzoek.objects.create(werkgever=wg, regio=wg.regio, kanaal=Verzoek.Kanaal.TELEFOON, contactpersoon="Piet",
                               telefoon="026 1234567", email="piet@example.nl", vraag=f"Verzoek {tag}{i}",
                               deadline=timezone.now() + timedelta(hours=i + 1))
    return wg


def test_the_werkgever_page_shows_every_part_and_its_queries_do_not_grow(client, wereld):
    client.force_login(wereld.accountmanager)
    url = reverse("werkgever_detail", args=[wereld.werkgever.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as weinig:
        client.get(url)
    _werkgever_vullen(wereld, 1, "a")
    html = client.get(url).content.decode()
    for tekst in ("Vestigingstraat a0", "Vacature a0", "Afspraak a0", "Bezoek a0", wereld.accountmanager.get_full_name()):
        assert tekst in html, tekst
    _werkgever_vullen(wereld, 5, "b")
    with CaptureQueriesContext(connection) as veel:
        html = client.get(url).content.decode()
    assert "Vacature b4" in html and "Bezoek b4" in html and "Afspraak b4" in html and "Vestigingstraat b4" in html
    assert html.count("Open verzoek: bellen") == 6
    assert len(veel) == len(weinig)


@pytest.mark.parametrize("rol", ["werkgever_user", "accountmanager"])
def test_the_vacature_page_lists_its_required_and_desired_skills_dutch_first(client, wereld, rol):
    vacature = VacatureFactory(werkgever=wereld.werkgever, titel="Monteur")
    engels = VaardigheidFactory(naam="welding", alleen_engels=True)
    vacature.vereiste_vaardigheden.set([engels, VaardigheidFactory(naam="veilig werken"),
                                        VaardigheidFactory(naam="leidingen leggen")])
    leeg = VacatureFactory(werkgever=wereld.werkgever, titel="Zonder eisen")
    client.force_login(getattr(wereld, rol))
    html = client.get(reverse("vacature_detail", args=[vacature.pk])).content.decode()
    assert f"<dt>Vereist</dt><dd>leidingen leggen, veilig werken, {engels}</dd>" in html
    assert "<dt>Gewenst</dt><dd>-</dd>" in html
    vacature.gewenste_vaardigheden.set([VaardigheidFactory(naam="rijbewijs B")])
    assert "<dt>Gewenst</dt><dd>rijbewijs B</dd>" in client.get(reverse("vacature_detail", args=[vacature.pk])).content.decode()
    html = client.get(reverse("vacature_detail", args=[leeg.pk])).content.decode()
    assert "<dt>Vereist</dt><dd>-</dd>" in html and "<dt>Gewenst</dt><dd>-</dd>" in html


def test_the_status_buttons_of_a_vacature_keep_one_order(client, wereld):
    """The transitions were sets: each process put the buttons in its own order (string hashes differ per process),
    so "Vervuld" and "Sluiten" swapped places between two views of the same page."""
    for van, naar in VACATURE_OVERGANGEN.items():
        assert isinstance(naar, tuple), van
        assert list(naar) == [s for s in Vacature.Status if s in naar], van
    vacature = VacatureFactory(werkgever=wereld.werkgever, status=Vacature.Status.OPEN)
    client.force_login(wereld.accountmanager)
    html = client.get(reverse("vacature_detail", args=[vacature.pk])).content.decode()
    # Both first show who still waits on the vacature (a page of their own).
    assert (html.index(reverse("vacature_vervuld", args=[vacature.pk]))
            < html.index(reverse("vacature_sluiten", args=[vacature.pk])))


def test_the_werkgevers_of_the_region_page_by_name_and_a_page_reads_a_page(client, wereld):
    """Before: OFFSET pages with a count, over every werkgever of the region sorted by name for each page. Now keyset
    pages by (naam, id) from the index on (regio, naam, id): every werkgever once, also where names repeat."""
    from accounts.tests.factories import gemeente
    from klantreis.lib.paginering import PER_PAGINA
    from tests.bladeren import alle_bladen
    from tests.plannen import leest_hoogstens
    from werkgevers.tests.factories import WerkgeverFactory

    regio = wereld.accountmanager.regio
    hier = [w.pk for w in Werkgever.objects.filter(regio=regio)]
    hier += [WerkgeverFactory(naam=f"Bakkerij {i // 3:02d}", gemeente=wereld.werkgever.gemeente).pk
             for i in range(2 * PER_PAGINA + 4)]
    # The rest of the country, with names among these: a walk of all names would meet far more of them than of
    # the region's (as at volume, where a region is one of 35).
    elders = gemeente("GM0363")  # Amsterdam: another region
    organisaties = Organisatie.objects.bulk_create(
        OrganisatieFactory.build(naam=f"Bakkerij {i // 20:02d} elders", soort=Organisatie.Soort.WERKGEVER,
                                 regio=elders.regio, gemeente=elders) for i in range(600))
    Werkgever.objects.bulk_create(WerkgeverFactory.build(naam=o.naam, organisatie=o, gemeente=elders,
                                                         regio=elders.regio, kvk_nummer=f"{70000000 + o.pk}")
                                  for o in organisaties)
    verwacht = list(Werkgever.objects.filter(pk__in=hier).order_by("naam", "pk").values_list("pk", flat=True))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE werkgevers_werkgever")
    client.force_login(wereld.accountmanager)
    url, gezien = reverse("werkgevers_regio"), []
    for antwoord, queries in alle_bladen(client, url):
        assert not any("COUNT(" in q["sql"] and "werkgevers_werkgever" in q["sql"] for q in queries.captured_queries)
        rijen = antwoord.context["blad"].object_list
        if connection.vendor == "postgresql" and len(rijen) == PER_PAGINA:
            # A full page stops at its 26th row. (The last, short page reads on to the end of its range; at this size
            # the planner may take the name index there and filter on the region, which at volume it does not:
            # bench/lijsten.py, "werkgevers, verder", 41 buffers.)
            leest_hoogstens(queries, "werkgevers_werkgever", 2 * (PER_PAGINA + 1))
        gezien += [w.pk for w in rijen]
    assert gezien == verwacht
    gevonden = client.get(url, {"q": "bakkerij 03"}).context["blad"].object_list
    assert [w.naam for w in gevonden] == ["Bakkerij 03"] * 3
    kvk = Werkgever.objects.get(pk=hier[-1]).kvk_nummer
    assert [w.pk for w in client.get(url, {"q": kvk}).context["blad"].object_list] == [hier[-1]]
    assert client.get(url, {"na": "onzin"}).context["blad"].object_list[0].pk == verwacht[0]


def test_the_vacature_page_lists_both_kinds_of_skills_from_one_query(client, wereld):
    """Required and wished skills in one query (portaal.views.vacature_vaardigheden), each list as
    ``vacature.<list>.all()`` writes it: Dutch names first by name, then English-only ones, marked."""
    vacature = VacatureFactory(werkgever=wereld.werkgever)
    namen = ["Zagen", "Assembleren", "Lassen"]
    vacature.vereiste_vaardigheden.set([VaardigheidFactory(naam=n) for n in namen]
                                       + [VaardigheidFactory(naam="Welding", alleen_engels=True)])
    beide = VaardigheidFactory(naam="Beton storten")
    vacature.gewenste_vaardigheden.set([beide, VaardigheidFactory(naam="Aanhangwagen rijden")])
    vacature.vereiste_vaardigheden.add(beide)  # in both lists: shown in both
    client.force_login(wereld.accountmanager)
    with CaptureQueriesContext(connection) as ctx:
        html = client.get(reverse("vacature_detail", args=[vacature.pk])).content.decode()
    verwacht = {lijst: ", ".join(str(v) for v in getattr(vacature, lijst).all())
                for lijst in ("vereiste_vaardigheden", "gewenste_vaardigheden")}
    assert verwacht["vereiste_vaardigheden"] == "Assembleren, Beton storten, Lassen, Zagen, Welding (Engels)"
    assert f"<dt>Vereist</dt><dd>{verwacht['vereiste_vaardigheden']}</dd>" in html
    assert f"<dt>Gewenst</dt><dd>{verwacht['gewenste_vaardigheden']}</dd>" in html
    assert len([q for q in ctx.captured_queries if '"matching_vaardigheid"' in q["sql"]]) == 1


def test_the_werkgevers_of_the_region_are_compiled_once_a_search_by_the_orm(client, wereld, monkeypatch):
    """The list as it opens, and its next page, are the same shape on every visit: filled in, not built again. A
    search has other words every time and is built by the ORM."""
    from tests.gebouwd import gebouwde_queries
    from werkgevers.tests.factories import WerkgeverFactory

    for i in range(30):
        WerkgeverFactory(naam=f"Bakkerij {i:02d}", gemeente=wereld.werkgever.gemeente)
    client.force_login(wereld.accountmanager)
    url = reverse("werkgevers_regio")
    eerste = client.get(url).context["blad"]
    client.get(url, {"na": eerste.volgende})
    gebouwd = gebouwde_queries(monkeypatch)
    assert client.get(url).context["blad"].object_list == eerste.object_list
    assert client.get(url, {"na": eerste.volgende}).context["blad"].object_list
    assert not [c for c in gebouwd if c.query.model is Werkgever]
    assert [w.naam for w in client.get(url, {"q": "bakkerij 07"}).context["blad"].object_list] == ["Bakkerij 07"]
    assert [c for c in gebouwd if c.query.model is Werkgever]


# --- found by exploratory testing (accountmanager) -------------------------------------------


def test_a_phoned_in_verzoek_is_the_accountmanagers_who_took_the_call(client, wereld,
                                                                    django_capture_on_commit_callbacks):
    """Sanne registered a call and found it in the region's queue ("nog niemand"): she had to pick up her own call.
    Now it is hers at once, as "Oppakken" would make it: hers, and she is the new werkgever's vaste accountmanager.
    The deadline of the 24-hour promise stays; no "Nieuw verzoek" mail goes to the region's queue."""
    from accounts.tests.factories import AccountmanagerFactory

    collega = AccountmanagerFactory(regio=wereld.accountmanager.regio)
    client.force_login(wereld.accountmanager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("verzoek_telefoon"), {**FORMULIER, "website": ""}, follow=True)
    verzoek = Verzoek.objects.get()
    assert response.redirect_chain == [(reverse("verzoek_detail", args=[verzoek.pk]), 302)]
    assert verzoek.accountmanager == wereld.accountmanager and verzoek.status == Verzoek.Status.NIEUW
    assert verzoek.kanaal == Verzoek.Kanaal.TELEFOON and verzoek.geregistreerd_door == wereld.accountmanager
    assert verzoek.deadline > verzoek.ontvangen_op
    assert verzoek.werkgever.accountmanager == wereld.accountmanager
    assert AccountmanagerToewijzing.objects.get(werkgever=verzoek.werkgever).reden == "Telefonisch verzoek aangenomen"
    html = response.content.decode()
    assert "Het verzoek is vastgelegd en staat op je naam. Bel de werkgever uiterlijk" in html
    assert "wachtrij van de regio" not in html
    assert not [m for m in mail.outbox if "Nieuw verzoek" in m.subject]
    assert not [m for m in mail.outbox if collega.email in m.to]
    assert any(m.subject.endswith("We bellen u binnen één werkdag") for m in mail.outbox if "piet@rijnoever.nl" in m.to)


def test_a_phoned_in_verzoek_of_a_werkgever_with_a_vaste_accountmanager_stays_his(client, wereld):
    from accounts.tests.factories import AccountmanagerFactory

    collega = AccountmanagerFactory(regio=wereld.accountmanager.regio, voornaam="Sanne", achternaam="Smit")
    client.force_login(collega)
    response = client.post(reverse("verzoek_telefoon"), {**FORMULIER, "kvk_nummer": wereld.werkgever.kvk_nummer},
                           follow=True)
    verzoek = Verzoek.objects.get()
    assert verzoek.accountmanager == wereld.accountmanager
    assert ("Het verzoek is vastgelegd en staat bij Anton Account, de vaste accountmanager van deze werkgever. "
            "Anton Account belt de werkgever uiterlijk") in response.content.decode()


def test_a_phoned_in_verzoek_of_another_region_stays_in_that_regions_queue(client, wereld):
    client.force_login(wereld.vreemde_accountmanager)
    response = client.post(reverse("verzoek_telefoon"), FORMULIER, follow=True)  # Arnhem: not her region
    verzoek = Verzoek.objects.get()
    assert verzoek.accountmanager is None and verzoek.regio != wereld.vreemde_accountmanager.regio
    assert response.redirect_chain == [(reverse("verzoeken"), 302)]
    assert f"Het verzoek is vastgelegd in de wachtrij van {verzoek.regio}" in response.content.decode()


def test_the_instrumentengids_lets_a_werkgever_ask_his_accountmanager_about_a_regeling(client, wereld):
    """"Uw accountmanager regelt de aanvraag met u" offered no way to ask. Now a werkgever with a vaste
    accountmanager gets a link to write to him, the subject filled in with the regeling."""
    import html as html_lib

    from werkgevers.models import Instrument

    instrument = Instrument.objects.filter(actief=True).first()
    nieuw = reverse("wisseling_nieuw_werkgever", args=[wereld.werkgever.pk])
    client.force_login(wereld.werkgever_user)
    lijst = client.get(reverse("instrumenten")).content.decode()
    assert f'href="{nieuw}?onderwerp=' in lijst and "Vraag Anton naar een regeling" in lijst
    detail = client.get(reverse("instrument_detail", args=[instrument.pk])).content.decode()
    assert "Vraag Anton naar deze regeling" in detail
    link = html_lib.unescape(detail[detail.index(f'href="{nieuw}?') + 6:]).split('"')[0]
    formulier = client.get(link).content.decode()
    assert f'value="{html_lib.escape(f"Vraag over {instrument.naam}")}"' in formulier
    # Sending it starts a thread with his accountmanager, under that subject (what he typed wins).
    response = client.post(link, {"onderwerp": f"Vraag over {instrument.naam}", "tekst": "Kan dit voor Willem?"})
    assert response.status_code == 302
    from berichten.models import Berichtenwisseling

    wisseling = Berichtenwisseling.objects.get()
    assert wisseling.onderwerp == f"Vraag over {instrument.naam}" and wisseling.werkgever == wereld.werkgever

    # Without a vaste accountmanager (the page could only lead to a 404), and for anyone else: no link.
    Werkgever.objects.filter(pk=wereld.werkgever.pk).update(accountmanager=None)
    assert "vraag-accountmanager" not in client.get(reverse("instrumenten")).content.decode()
    client.logout()
    assert "vraag-accountmanager" not in client.get(reverse("instrument_detail", args=[instrument.pk])).content.decode()


def test_the_werkgever_keeps_his_own_contact_details_and_the_accountmanager_sees_them(client, wereld):
    """There was no way for a werkgever to change who the accountmanager calls: "Uw bedrijf bij ons" had no link,
    and the profile page is the accountmanager's (404 for him)."""
    from werkgevers.models import Tijdlijnregel, Werkgever

    client.force_login(wereld.werkgever_user)
    home = client.get(reverse("werkgever_home")).content.decode()
    assert reverse("mijn_bedrijf") in home
    url = reverse("mijn_bedrijf")
    gegevens = {"contactpersoon_naam": "Ria van Dam", "contactpersoon_telefoon": "geen idee",
                "contactpersoon_email": "ria@bakkerij.example.nl", "website": "", "sector": "Bakkerij",
                "aantal_medewerkers": "12", "activiteiten": "Brood en banket"}
    response = client.post(url, gegevens)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Vul een telefoonnummer in met 10 cijfers" in html and 'value="Ria van Dam"' in html
    response = client.post(url, {**gegevens, "contactpersoon_telefoon": "026 3123456"})
    assert response.status_code == 302 and response.url == reverse("werkgever_home")
    werkgever = Werkgever.objects.get(pk=wereld.werkgever.pk)
    assert (werkgever.contactpersoon_naam, werkgever.contactpersoon_telefoon) == ("Ria van Dam", "026 3123456")
    assert werkgever.profiel_bijgewerkt_op == wereld.werkgever.profiel_bijgewerkt_op  # the accountmanager's date
    regel = Tijdlijnregel.objects.filter(werkgever=werkgever).latest("pk")
    assert regel.tekst.startswith("Bedrijfsgegevens bijgewerkt door") and regel.voor_werkgever
    client.force_login(wereld.accountmanager)
    assert "026 3123456" in client.get(reverse("werkgever_detail", args=[werkgever.pk])).content.decode()


def test_saving_the_company_details_unchanged_writes_no_history(client, wereld):
    from werkgevers.models import Tijdlijnregel

    client.force_login(wereld.werkgever_user)
    formulier = client.get(reverse("mijn_bedrijf")).context["form"]
    ongewijzigd = {naam: ("" if waarde is None else waarde) for naam, waarde in formulier.initial.items()
                   if naam in formulier.fields}
    voor = Tijdlijnregel.objects.filter(werkgever=wereld.werkgever).count()
    assert client.post(reverse("mijn_bedrijf"), ongewijzigd).status_code == 302
    assert Tijdlijnregel.objects.filter(werkgever=wereld.werkgever).count() == voor


@pytest.mark.parametrize("url,gegevens,melding", [
    ("mijn_bedrijf", {"contactpersoon_naam": "Ria van Dam", "aantal_medewerkers": "0"}, "Vul minstens 1 in."),
    ("mijn_bedrijf", {"contactpersoon_naam": "Ria van Dam", "aantal_medewerkers": "-3"}, "Vul minstens 1 in."),
    ("vacature_nieuw", {**VACATURE, "aantal_posities": "101"}, "Vul hoogstens 100 in."),
])
def test_a_number_out_of_range_is_said_plainly_to_the_werkgever(client, wereld, url, gegevens, melding):
    """Django's "Zorg ervoor dat deze waarde minstens 1 is." (and for -3 on the company details "minstens 0", the
    form's limit before the model's) stood among messages that say what to fill in."""
    BeroepFactory(naam="monteur installatietechniek")
    client.force_login(wereld.werkgever_user)
    args = [wereld.werkgever.pk] if url == "vacature_nieuw" else []

    html = client.post(reverse(url, args=args), gegevens).content.decode()

    assert melding in html
    assert "Zorg ervoor" not in html
