"""Closing an open verzoek without contact ("Sluiten zonder contact"): the asker could not be reached, or it was no
question for the WSP. Before this, such a verzoek stayed "Wacht op contact" for ever: in the queue, escalated to the
coordinators, and never wiped."""

import importlib
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import Organisatie, Verwerking
from accounts.selectors import wsp_van_regio
from accounts.tests.factories import AccountmanagerFactory, OrganisatieFactory
from outbox.models import Gebeurtenis
from werkgevers.models import Tijdlijnregel, Verzoek
from werkgevers.services import (
    CONTACT_OPGENOMEN,
    verzoek_contact_opgenomen,
    verzoek_indienen,
    verzoek_oppakken,
    verzoek_sluiten,
    verzoeken_bewaken,
)
from werkgevers.tests.factories import WerkgeverFactory, WerkgeverUserFactory

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")
NIET_BEREIKBAAR, GEEN_VRAAG = Verzoek.Sluitreden.NIET_BEREIKBAAR, Verzoek.Sluitreden.GEEN_VRAAG

VERZOEK = dict(
    bedrijfsnaam="Timmerbedrijf Rijnoever B.V.", kvk_nummer="12345678", adres="Markt 1", postcode="6811 AB",
    plaats="Arnhem", sector="Bouw", aantal_medewerkers=12, contactpersoon="Piet Jansen", telefoon="026 1234567",
    email="piet@rijnoever.nl", vraag="Twee timmerlieden per 1 juni", kanaal=Verzoek.Kanaal.WEBFORMULIER,
)
FORMULIER = {**{k: str(v) for k, v in VERZOEK.items() if k != "kanaal"}, "website": ""}


@pytest.fixture(autouse=True)
def lege_cache():
    # The public form counts submissions per address in the cache; start every test at zero.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def met_mail(django_capture_on_commit_callbacks):
    """Call a service and deliver the mails it queued for after the commit."""

    def _met_mail(service, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return service(**kwargs)

    return _met_mail


@pytest.fixture
def indienen(met_mail):
    def _indienen(**extra):
        return met_mail(verzoek_indienen, **{**VERZOEK, **extra})

    return _indienen


@pytest.fixture
def wsp(wereld):
    """The Werkgeversservicepunt of Arnhem's region, with the number an asker who was not reached can call."""
    regio = wereld.accountmanager.regio
    wsp = wsp_van_regio(regio) or OrganisatieFactory(soort=Organisatie.Soort.WSP, regio=regio, naam="WSP Rijk")
    Organisatie.objects.filter(pk=wsp.pk).update(telefoon="026 7000000", email="info@wsp-rijk.nl")
    wsp.refresh_from_db()
    return wsp


def _bewaak(django_capture_on_commit_callbacks, moment):
    with time_machine.travel(moment, tick=False), django_capture_on_commit_callbacks(execute=True):
        return verzoeken_bewaken()


# --- the service -----------------------------------------------------------------------------


def test_niet_bereikbaar_ends_the_verzoek_and_the_asker_hears_how_to_reach_the_wsp(wereld, wsp, indienen, met_mail):
    verzoek = indienen()
    mail.outbox.clear()
    with time_machine.travel(verzoek.ontvangen_op + timedelta(hours=3), tick=False):
        met_mail(verzoek_sluiten, verzoek=verzoek, door=wereld.accountmanager, reden=NIET_BEREIKBAAR,
                 toelichting="  Drie keer gebeld, voicemail ingesproken, mail kwam terug  ")
    verzoek.refresh_from_db()
    assert verzoek.status == Verzoek.Status.GESLOTEN and verzoek.get_status_display() == "Gesloten zonder contact"
    assert verzoek.gesloten_op == verzoek.ontvangen_op + timedelta(hours=3)
    assert (verzoek.gesloten_door, verzoek.sluitreden) == (wereld.accountmanager, NIET_BEREIKBAAR)
    assert verzoek.sluit_toelichting == "Drie keer gebeld, voicemail ingesproken, mail kwam terug"
    assert verzoek.contact_opgenomen_op is None and verzoek.accountmanager == wereld.accountmanager
    # Nobody spoke to the werkgever: no vaste accountmanager, no "laatste contact", no "Hoe ging dit?".
    assert verzoek.werkgever.accountmanager is None and verzoek.werkgever.laatste_contact_op is None
    assert not Gebeurtenis.objects.filter(soort=CONTACT_OPGENOMEN).exists()
    regel = Tijdlijnregel.objects.get(werkgever=verzoek.werkgever, tekst__startswith="Verzoek gesloten zonder contact")
    assert regel.voor_werkgever is False and regel.door == wereld.accountmanager
    assert "(niet bereikbaar)" in regel.tekst and "voicemail ingesproken" in regel.tekst

    [bericht] = mail.outbox
    assert bericht.to == ["piet@rijnoever.nl"] and "niet bereiken" in bericht.subject
    assert "Beste Piet Jansen" in bericht.body and "026 1234567" in bericht.body
    assert "telefoon 026 7000000" in bericht.body and "info@wsp-rijk.nl" in bericht.body
    assert reverse("verzoek_indienen") in bericht.body and "Twee timmerlieden per 1 juni" in bericht.body
    assert "u " in bericht.body and " je " not in bericht.body  # a werkgever reads "u"
    assert "Drie keer gebeld" not in bericht.body  # the note is for colleagues


def test_geen_vraag_voor_het_wsp_sends_no_mail(wereld, indienen, met_mail):
    verzoek = indienen(vraag="Ik zoek zelf werk als timmerman")
    mail.outbox.clear()
    met_mail(verzoek_sluiten, verzoek=verzoek, door=wereld.accountmanager, reden=GEEN_VRAAG,
             toelichting="Werkzoekende; doorverwezen naar het werkplein")
    verzoek.refresh_from_db()
    assert (verzoek.status, verzoek.sluitreden) == (Verzoek.Status.GESLOTEN, GEEN_VRAAG)
    assert mail.outbox == []
    assert Tijdlijnregel.objects.filter(werkgever=verzoek.werkgever,
                                        tekst__contains="(geen vraag voor het WSP): Werkzoekende").exists()


def test_a_closed_verzoek_is_neither_reminded_nor_escalated(wereld, indienen, django_capture_on_commit_callbacks):
    AccountmanagerFactory(is_coordinator=True)
    with time_machine.travel(datetime(2026, 3, 10, 10, 0, tzinfo=AMS), tick=False):  # Tuesday
        verzoek = indienen()
        verzoek_sluiten(verzoek=verzoek, door=wereld.accountmanager, reden=GEEN_VRAAG, toelichting="Spam")
    mail.outbox.clear()
    for moment in (verzoek.deadline - timedelta(hours=1), verzoek.deadline + timedelta(hours=1),
                   verzoek.deadline + timedelta(days=30)):
        assert _bewaak(django_capture_on_commit_callbacks, moment) == {"herinneringen": 0, "escalaties": 0}
    assert mail.outbox == []
    verzoek.refresh_from_db()
    assert verzoek.herinnering_verstuurd_op is None and verzoek.geescaleerd_op is None


def test_a_reason_and_a_toelichting_are_needed(wereld, indienen):
    verzoek = indienen()
    with pytest.raises(ValidationError) as exc:
        verzoek_sluiten(verzoek=verzoek, door=wereld.accountmanager, reden="", toelichting="Spam")
    assert "reden" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        verzoek_sluiten(verzoek=verzoek, door=wereld.accountmanager, reden=GEEN_VRAAG, toelichting="   ")
    assert "toelichting" in exc.value.message_dict
    verzoek.refresh_from_db()
    assert verzoek.status == Verzoek.Status.NIEUW


def test_a_contacted_or_closed_verzoek_cannot_be_closed_or_contacted_again(wereld, indienen, met_mail):
    gebeld = indienen()
    verzoek_contact_opgenomen(verzoek=gebeld, door=wereld.accountmanager, notitie="Gebeld")
    with pytest.raises(ValidationError) as exc:
        verzoek_sluiten(verzoek=gebeld, door=wereld.accountmanager, reden=GEEN_VRAAG, toelichting="Spam")
    assert exc.value.messages == ["Voor dit verzoek is het contact al geregistreerd."]
    gebeld.refresh_from_db()
    assert (gebeld.status, gebeld.sluitreden) == (Verzoek.Status.CONTACT, "")

    gesloten = indienen(kvk_nummer="87654321")
    verzoek_sluiten(verzoek=gesloten, door=wereld.accountmanager, reden=GEEN_VRAAG, toelichting="Spam")
    collega = AccountmanagerFactory()
    mail.outbox.clear()
    for service, kwargs in ((verzoek_sluiten, {"reden": NIET_BEREIKBAAR, "toelichting": "Niet opgenomen"}),
                            (verzoek_contact_opgenomen, {"notitie": "Toch gebeld"}),
                            (verzoek_oppakken, {})):
        with pytest.raises(ValidationError) as exc:
            door = {"accountmanager": collega} if service is verzoek_oppakken else {"door": collega}
            met_mail(service, verzoek=gesloten, **door, **kwargs)
        assert exc.value.messages == [f"Dit verzoek is al gesloten zonder contact, door "
                                      f"{wereld.accountmanager.get_full_name()}."]
    gesloten.refresh_from_db()
    assert (gesloten.status, gesloten.sluitreden, gesloten.gesloten_door) == (
        Verzoek.Status.GESLOTEN, GEEN_VRAAG, wereld.accountmanager)
    assert gesloten.accountmanager == wereld.accountmanager and mail.outbox == []


def test_the_database_refuses_a_closed_verzoek_without_moment_or_reason(wereld, indienen):
    verzoek = indienen()
    for velden in ({"sluitreden": GEEN_VRAAG}, {"gesloten_op": timezone.now()}, {"sluitreden": "weet_niet",
                                                                                   "gesloten_op": timezone.now()}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Verzoek.objects.filter(pk=verzoek.pk).update(status=Verzoek.Status.GESLOTEN, **velden)


def test_questions_added_while_open_are_closed_with_it_or_become_verzoeken_of_their_own(wereld, indienen, met_mail):
    """Piet's verzoek was spam, and so was the same sender's second form (Els); Bram asked a real question in between:
    he was promised a call too, so his question becomes a verzoek of its own in the queue, announced as new."""
    def om(uur):
        return time_machine.travel(datetime(2026, 6, 1, uur, 0, tzinfo=AMS), tick=False)

    with om(9):
        verzoek = indienen(vraag="Goedkope pillen")
    with om(10):
        indienen(contactpersoon="Els", email="els@x.nl", vraag="Nog meer goedkope pillen")
    with om(11):
        indienen(contactpersoon="Bram", email="bram@x.nl", telefoon="06 11112222", vraag="Vraag van Bram")
    els, bram = verzoek.aanvullingen.order_by("pk")
    mail.outbox.clear()
    with om(12):
        met_mail(verzoek_sluiten, verzoek=verzoek, door=wereld.accountmanager, reden=GEEN_VRAAG,
                 toelichting="Spam", mee=[str(els.pk)])
    els.refresh_from_db()
    bram.refresh_from_db()
    assert els.vervolgverzoek is None and els.gebeld_op is None  # closed with the verzoek: nobody called Els
    nieuw = bram.vervolgverzoek
    assert nieuw.status == Verzoek.Status.NIEUW and nieuw.werkgever == verzoek.werkgever
    assert (nieuw.contactpersoon, nieuw.telefoon, nieuw.email, nieuw.vraag) == ("Bram", "06 11112222", "bram@x.nl",
                                                                                "Vraag van Bram")
    assert timezone.localtime(nieuw.ontvangen_op) == datetime(2026, 6, 1, 11, 0, tzinfo=AMS)
    # No vaste accountmanager came of closing: Bram's verzoek is in the region's queue, announced to it.
    assert nieuw.accountmanager is None
    aangekondigd = [m for m in mail.outbox if "Nieuw verzoek" in m.subject]
    assert aangekondigd and all("Vraag van Bram" in m.body for m in aangekondigd)
    assert wereld.accountmanager.email in {m.to[0] for m in aangekondigd}
    assert Tijdlijnregel.objects.filter(werkgever=verzoek.werkgever, voor_werkgever=False,
                                        tekst__startswith="Niet gesloten met het verzoek zonder contact").count() == 1


def test_a_question_through_the_form_after_closing_starts_a_new_verzoek(wereld, indienen):
    """The open verzoek the form adds to is one waiting for contact: a closed one waits for nobody."""
    gesloten = indienen()
    verzoek_sluiten(verzoek=gesloten, door=wereld.accountmanager, reden=NIET_BEREIKBAAR, toelichting="Geen gehoor")
    mail.outbox.clear()
    nieuw = indienen(vraag="Nu wel bereikbaar: twee timmerlieden", telefoon="06 99998888")
    assert nieuw.pk != gesloten.pk and nieuw.status == Verzoek.Status.NIEUW
    assert nieuw.werkgever_id == gesloten.werkgever_id and not gesloten.aanvullingen.exists()
    assert [m for m in mail.outbox if "Nieuw verzoek" in m.subject]


# --- the page --------------------------------------------------------------------------------


def _pagina(verzoek):
    return reverse("verzoek_detail", args=[verzoek.pk])


def test_closing_on_the_page_takes_it_out_of_the_queue_and_shows_staff_what_happened(
        client, wereld, wsp, indienen, django_capture_on_commit_callbacks):
    verzoek = indienen()
    client.force_login(wereld.accountmanager)
    html = client.get(_pagina(verzoek)).content.decode()
    assert "Sluiten zonder contact" in html and 'name="sluiten-reden"' in html
    assert "Timmerbedrijf Rijnoever B.V." in client.get(reverse("verzoeken")).content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_pagina(verzoek), {"actie": "sluiten", "sluiten-reden": NIET_BEREIKBAAR,
                                                  "sluiten-toelichting": "Twee keer gebeld, geen gehoor"})
    assert response.status_code == 302 and response.url == reverse("werkgever_detail", args=[verzoek.werkgever_id])
    verzoek.refresh_from_db()
    assert (verzoek.status, verzoek.gesloten_door) == (Verzoek.Status.GESLOTEN, wereld.accountmanager)
    assert [m.to for m in mail.outbox] == [["piet@rijnoever.nl"]]

    volgende = client.get(response.url).content.decode()
    assert "Het verzoek is gesloten zonder contact." in volgende and "Open verzoek" not in volgende
    assert "Timmerbedrijf Rijnoever B.V." not in client.get(reverse("verzoeken")).content.decode()
    assert _pagina(verzoek) not in client.get(reverse("accountmanager_home")).content.decode()
    html = client.get(_pagina(verzoek)).content.decode()
    assert "Gesloten zonder contact" in html and "Niet bereikbaar" in html and "Twee keer gebeld" in html
    assert 'name="sluiten-reden"' not in html and 'name="notitie"' not in html
    tijdlijn = reverse("werkgever_tijdlijn", args=[verzoek.werkgever_id])
    assert "Verzoek gesloten zonder contact" in client.get(tijdlijn).content.decode()


def test_closing_without_a_toelichting_keeps_what_was_chosen(client, wereld, indienen):
    verzoek = indienen()
    client.force_login(wereld.accountmanager)
    response = client.post(_pagina(verzoek), {"actie": "sluiten", "sluiten-reden": GEEN_VRAAG,
                                              "sluiten-toelichting": "  "})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Schrijf kort wat je probeerde, of waarom dit geen vraag voor het WSP is." in html
    assert response.context["sluit_form"]["reden"].value() == GEEN_VRAAG
    assert not response.context["form"].errors  # the contact form was not sent: no errors there
    assert "<details class=\"wsp-reden\" id=\"sluiten\" open>" in html
    verzoek.refresh_from_db()
    assert verzoek.status == Verzoek.Status.NIEUW

    response = client.post(_pagina(verzoek), {"actie": "sluiten", "sluiten-toelichting": "Spam"})
    assert response.status_code == 400 and "Kies waarom je het verzoek sluit." in response.content.decode()
    assert "Spam</textarea>" in response.content.decode()


def test_a_stale_form_after_a_colleague_called_says_so_and_keeps_the_text(client, wereld, indienen):
    verzoek = indienen()
    client.force_login(wereld.accountmanager)
    client.get(_pagina(verzoek))
    verzoek_contact_opgenomen(verzoek=verzoek, door=AccountmanagerFactory(), notitie="Ik heb hem gesproken")
    response = client.post(_pagina(verzoek), {"actie": "sluiten", "sluiten-reden": NIET_BEREIKBAAR,
                                              "sluiten-toelichting": "Voicemail ingesproken om 10:15"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Voor dit verzoek is het contact al geregistreerd." in html
    assert "Voicemail ingesproken om 10:15</textarea>" in html
    verzoek.refresh_from_db()
    assert (verzoek.status, verzoek.sluitreden) == (Verzoek.Status.CONTACT, "")


def test_the_page_accounts_for_each_question_added(client, wereld, indienen):
    verzoek = indienen(vraag="Goedkope pillen")
    client.post(reverse("verzoek_indienen"), {**FORMULIER, "contactpersoon": "Els", "email": "els@x.nl",
                                              "vraag": "Nog meer goedkope pillen"})
    client.post(reverse("verzoek_indienen"), {**FORMULIER, "contactpersoon": "Bram", "email": "bram@x.nl",
                                              "vraag": "Vraag van Bram"})
    els, bram = verzoek.aanvullingen.order_by("pk")
    client.force_login(wereld.accountmanager)
    assert 'name="sluiten-mee"' in client.get(_pagina(verzoek)).content.decode()
    response = client.post(_pagina(verzoek), {"actie": "sluiten", "sluiten-reden": GEEN_VRAAG,
                                              "sluiten-toelichting": "Spam", "sluiten-mee": [els.pk]}, follow=True)
    assert "1 vraag die je niet aanvinkte, staat nu als nieuw verzoek bij de verzoeken." in response.content.decode()
    bram.refresh_from_db()
    html = client.get(_pagina(verzoek)).content.decode()
    assert "Gesloten met dit verzoek." in html and "Niet mee gesloten: nu een eigen verzoek" in html
    assert _pagina(bram.vervolgverzoek) in html


# --- found in review ---------------------------------------------------------------------------


@pytest.mark.parametrize("collega_doet, bericht", [
    ("oppakken", "Dit verzoek is al opgepakt door Karin Collega."),
    ("sluiten", "Dit verzoek is al gesloten zonder contact, door Karin Collega."),
    ("contact", "Voor dit verzoek is het contact al geregistreerd."),
])
def test_ik_pak_dit_op_after_a_colleague_was_first_says_why_not_a_500(client, wereld, indienen, collega_doet,
                                                                     bericht):
    """Two accountmanagers with the region's queue open: the second "Ik pak dit op" gave a server error."""
    verzoek = indienen()
    client.force_login(wereld.accountmanager)
    client.get(_pagina(verzoek))
    karin = AccountmanagerFactory(regio=wereld.accountmanager.regio, voornaam="Karin", achternaam="Collega")
    if collega_doet == "oppakken":
        verzoek_oppakken(verzoek=verzoek, accountmanager=karin)
    elif collega_doet == "sluiten":
        verzoek_sluiten(verzoek=verzoek, door=karin, reden=GEEN_VRAAG, toelichting="Spam")
    else:
        verzoek_contact_opgenomen(verzoek=verzoek, door=karin, notitie="Gesproken")
    response = client.post(_pagina(verzoek), {"actie": "oppakken"})
    assert response.status_code == 302 and response.url == _pagina(verzoek)
    html = client.get(response.url).content.decode()
    assert bericht in html
    verzoek.refresh_from_db()
    assert verzoek.accountmanager == karin


def test_a_refused_form_shows_the_asker_and_logs_that_view(client, wereld, indienen):
    """The page after a refused form shows who asked, with phone and mail, as the page does when it opens."""
    verzoek = indienen()
    client.force_login(wereld.accountmanager)
    gezien = Verwerking.objects.filter(gebruiker=wereld.accountmanager, actie=Verwerking.Actie.INZIEN)
    for gegevens in ({"actie": "sluiten", "sluiten-reden": NIET_BEREIKBAAR, "sluiten-toelichting": ""},
                     {"actie": "contact", "notitie": ""}):
        voor = gezien.count()
        response = client.post(_pagina(verzoek), gegevens)
        assert response.status_code == 400 and "026 1234567" in response.content.decode()
        assert gezien.count() == voor + 1
        assert gezien.latest("pk").wat == "verzoek met contactpersoon"


def test_niet_bereikbaar_mails_each_asker_closed_with_it_once(wereld, indienen, met_mail):
    """A question of someone else ticked "Ook sluiten": that asker was promised a call too, and heard nothing."""
    verzoek = indienen()
    indienen(contactpersoon="Bram Rijnoever", email="bram@rijnoever.nl", telefoon="06 11112222",
             vraag="Ook een uitvoerder")
    indienen(contactpersoon="Piet Jansen", email="Piet@Rijnoever.nl", vraag="En een leerling")
    indienen(contactpersoon="Els", email="els@rijnoever.nl", vraag="Niet aangevinkt")
    bram, piet, els = verzoek.aanvullingen.order_by("pk")
    mail.outbox.clear()
    met_mail(verzoek_sluiten, verzoek=verzoek, door=wereld.accountmanager, reden=NIET_BEREIKBAAR,
             toelichting="Allebei drie keer gebeld en gemaild", mee=[bram.pk, piet.pk])
    niet_bereikt = [m for m in mail.outbox if "niet bereiken" in m.subject]
    assert sorted(m.to[0] for m in niet_bereikt) == ["bram@rijnoever.nl", "piet@rijnoever.nl"]
    [aan_bram] = [m for m in niet_bereikt if m.to == ["bram@rijnoever.nl"]]
    assert "Beste Bram Rijnoever" in aan_bram.body and "06 11112222" in aan_bram.body
    assert "Ook een uitvoerder" in aan_bram.body and "Twee timmerlieden" not in aan_bram.body
    els.refresh_from_db()
    assert els.vervolgverzoek is not None  # not ticked: her own verzoek, still to be called


def test_a_closed_verzoek_does_not_say_its_questions_are_still_waiting(client, wereld, indienen):
    verzoek = indienen()
    indienen(contactpersoon="Bram", email="bram@x.nl", vraag="Vraag van Bram")
    client.force_login(wereld.accountmanager)
    assert "Nog 1 vraag bij dit verzoek" in client.get(_pagina(verzoek)).content.decode()
    verzoek_sluiten(verzoek=verzoek, door=wereld.accountmanager, reden=GEEN_VRAAG, toelichting="Spam",
                    mee=list(verzoek.aanvullingen.values_list("pk", flat=True)))
    html = client.get(_pagina(verzoek)).content.decode()
    assert "1 vraag bij dit verzoek" in html and "Nog 1 vraag" not in html


def test_going_back_to_0014_opens_a_closed_verzoek_again(wereld, indienen):
    """0014 knows no closing: a closed verzoek left "gesloten" showed as "Contact opgenomen" there, was never wiped,
    and made 0015 fail when applied again (its moment and reason were dropped with the columns)."""
    weer_open = importlib.import_module("werkgevers.migrations.0015_verzoek_gesloten_zonder_contact").weer_open
    gesloten, open_ = indienen(), indienen(kvk_nummer="87654321")
    verzoek_sluiten(verzoek=gesloten, door=wereld.accountmanager, reden=GEEN_VRAAG, toelichting="Spam")
    weer_open(apps, None)
    gesloten.refresh_from_db()
    open_.refresh_from_db()
    assert (gesloten.status, open_.status) == (Verzoek.Status.NIEUW, Verzoek.Status.NIEUW)
    assert not Verzoek.objects.filter(status="gesloten").exists()


def test_no_question_for_the_wsp_ends_the_vaste_accountmanager_who_came_only_from_picking_it_up(wereld, indienen):
    """Picking a verzoek up from the queue makes her the werkgever's vaste accountmanager; spam closed as "Geen vraag
    voor het WSP" stayed among her werkgevers for good. A vaste accountmanager from before stays; so does the one
    who picked up a verzoek she could not reach (a real company that asked)."""
    am = wereld.accountmanager
    spam = indienen(bedrijfsnaam="Goedkope Pillen BV")
    verzoek_oppakken(verzoek=spam, accountmanager=am)
    niet_bereikt = indienen(kvk_nummer="87654321", bedrijfsnaam="Bouwbedrijf Stil")
    verzoek_oppakken(verzoek=niet_bereikt, accountmanager=am)
    eerder = indienen(kvk_nummer="11223344", bedrijfsnaam="Bakkerij Trouw")
    verzoek_oppakken(verzoek=eerder, accountmanager=am)
    verzoek_contact_opgenomen(verzoek=eerder, door=am, notitie="Kennismaking gepland")
    tweede = indienen(kvk_nummer="11223344", bedrijfsnaam="Bakkerij Trouw", vraag="Reclame voor zonnepanelen")
    assert tweede.accountmanager == am  # the werkgever's vaste accountmanager has it at once

    verzoek_sluiten(verzoek=spam, door=am, reden=GEEN_VRAAG, toelichting="Spam")
    verzoek_sluiten(verzoek=niet_bereikt, door=am, reden=NIET_BEREIKBAAR, toelichting="Drie keer gebeld")
    verzoek_sluiten(verzoek=tweede, door=am, reden=GEEN_VRAAG, toelichting="Reclame")
    mijn = set(am.werkgevers.values_list("naam", flat=True))
    assert "Goedkope Pillen BV" not in mijn and {"Bouwbedrijf Stil", "Bakkerij Trouw"} <= mijn
    spam.werkgever.refresh_from_db()
    assert spam.werkgever.accountmanager is None
    [toewijzing] = spam.werkgever.toewijzingen.all()
    assert toewijzing.tot == Verzoek.objects.get(pk=spam.pk).gesloten_op
    regel = Tijdlijnregel.objects.filter(werkgever=spam.werkgever).latest("pk")
    assert regel.tekst.startswith(f"{am.get_full_name()} is geen vaste accountmanager meer")
    assert not regel.voor_werkgever


def test_no_question_for_the_wsp_keeps_the_vaste_accountmanager_once_a_relation_began(wereld, indienen):
    """Found in review: she picked up the spam, then called the company's real question (another verzoek of the
    same werkgever); closing the spam dropped the vaste accountmanager of a werkgever she had just spoken with. And a
    company with people on the portal, told she is their vaste accountmanager, lost her without a word."""
    am = wereld.accountmanager
    eerste = indienen(contactpersoon="Onbekend", email="a@x.example")
    indienen(contactpersoon="Spammer", email="spam@x.example", vraag="Koop nu")
    indienen(contactpersoon="Echte Directeur", email="dir@echt.example", vraag="Wij zoeken twee timmerlieden")
    verzoek_sluiten(verzoek=eerste, door=am, reden=NIET_BEREIKBAAR, toelichting="Drie keer gebeld")
    spam, echt = (a.vervolgverzoek for a in eerste.aanvullingen.order_by("pk"))
    verzoek_oppakken(verzoek=spam, accountmanager=am)
    verzoek_contact_opgenomen(verzoek=echt, door=am, notitie="Goed gesprek, vacatures volgen")
    verzoek_sluiten(verzoek=spam, door=am, reden=GEEN_VRAAG, toelichting="Spam")
    eerste.werkgever.refresh_from_db()
    assert eerste.werkgever.accountmanager == am

    bedrijf = WerkgeverFactory(naam="Echt Bedrijf B.V.", kvk_nummer="30000081", regio=am.regio)
    WerkgeverUserFactory(werkgever=bedrijf)
    verzoek = indienen(kvk_nummer="30000081", contactpersoon="Willem", email="willem@prive.example",
                       vraag="Ik zoek werk")
    verzoek_oppakken(verzoek=verzoek, accountmanager=am)
    verzoek_sluiten(verzoek=verzoek, door=am, reden=GEEN_VRAAG, toelichting="Een werkzoekende")
    bedrijf.refresh_from_db()
    assert bedrijf.accountmanager == am
