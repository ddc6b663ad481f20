"""A vacature marked vervuld or closed while kandidaten were still waiting on it: before, their voordrachten stayed
open (reminders to the werkgever, a gesprek in everyone's agenda, "je hoort het als de werkgever reageert" for the
werkzoekende) and nobody heard that the job was gone."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import Verwerking
from bemiddeling.models import Voordracht
from bemiddeling.services import gesprek_plannen, voordracht_create, voordracht_reageren, voordracht_uitkomst
from meldingen.models import Melding
from taken.models import Taak
from werkgevers.models import Vacature
from werkgevers.services import vacature_status_wijzigen
from werkzoekenden.models import Toestemming
from werkzoekenden.services import toestemming_verlenen
from werkzoekenden.tests.factories import KandidaatFactory

pytestmark = pytest.mark.django_db

S = Voordracht.Status


def _voorgedragen(wereld, voornaam):
    kandidaat = KandidaatFactory(voornaam=voornaam, achternaam="Smit", klantmanager=wereld.klantmanager)
    toestemming_verlenen(kandidaat=kandidaat, doel=Toestemming.Doel.DELEN_MET_WERKGEVER, werkgever=wereld.werkgever,
                         door=wereld.klantmanager)
    return voordracht_create(vacature=wereld.vacature, kandidaat=kandidaat, door=wereld.accountmanager,
                             toelichting="Past goed.")


@pytest.fixture
def drie(wereld):
    """Willem has a gesprek in three days (met_bemiddeling), Anja waits for the werkgever's answer, and Bea had her
    gesprek yesterday without an outcome yet."""
    wereld.met_bemiddeling()
    anja = _voorgedragen(wereld, "Anja")
    bea = _voorgedragen(wereld, "Bea")
    voordracht_reageren(voordracht=bea, door=wereld.werkgever_user, uitnodigen=True)
    gesprek_plannen(voordracht=bea, door=wereld.accountmanager, begint_op=timezone.now() + timedelta(days=1),
                    locatie="Arnhem", begeleider_gaat_mee=False)
    bea.gesprekken.update(begint_op=timezone.now() - timedelta(days=1))
    return wereld.voordracht, anja, bea


def test_vervuld_stops_the_open_voordrachten_and_everyone_hears_why(client, wereld, drie,
                                                                    django_capture_on_commit_callbacks):
    willem, anja, bea = drie
    mail.outbox.clear()
    client.force_login(wereld.werkgever_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("vacature_status", args=[wereld.vacature.pk]), {"status": "vervuld"})

    for v in drie:
        v.refresh_from_db()
    assert (willem.status, anja.status) == (S.VACATURE_GESLOTEN, S.VACATURE_GESLOTEN)
    assert bea.status == S.GESPREK_GEPLAND  # her gesprek took place: the werkgever may still hire her
    laatste = willem.transities.order_by("-id").first()
    assert (laatste.naar, laatste.door) == (S.VACATURE_GESLOTEN, None)

    # Willem's gesprek does not take place, and every mail says why.
    assert willem.gesprekken.get().geannuleerd_op is not None
    afgezegd = {m.to[0]: m.body for m in mail.outbox if "Gaat niet door" in m.subject}
    assert "Reden: de vacature is vervuld." in afgezegd[wereld.werkzoekende_user.email]
    assert "Reden: u heeft de vacature als vervuld gemarkeerd." in afgezegd[wereld.werkgever_user.email]
    assert "Reden: de vacature is vervuld." in afgezegd[wereld.accountmanager.email]
    assert not [m for m in mail.outbox if "vervallen" in m.subject]  # the werkgever did it: no notice to him

    teksten = set(Melding.objects.filter(ontvanger=wereld.werkzoekende_user).values_list("tekst", flat=True))
    assert ("De vacature Monteur bij De Heul Installatietechniek is vervuld. Je voordracht is daarom gestopt. Je "
            "contactpersoon zoekt met je verder.") in teksten, teksten
    for staf in (wereld.klantmanager, wereld.accountmanager):
        teksten = set(Melding.objects.filter(ontvanger=staf).values_list("tekst", flat=True))
        assert ("De voordracht van Anja Smit voor Monteur (De Heul Installatietechniek) is gestopt: de vacature is "
                "vervuld.") in teksten, (staf, teksten)
    [taak] = Taak.objects.filter(toegewezen_aan=wereld.accountmanager, voordracht=anja)
    assert "Kijk of Anja Smit bij een andere vacature past." in taak.omschrijving
    assert not Taak.objects.filter(voordracht=bea, sleutel__startswith="vervallen").exists()

    client.force_login(wereld.werkzoekende_user)
    pagina = client.get(reverse("mijn_voordrachten")).content.decode()
    assert "Deze vacature is vervuld of gesloten. Daarom stopt deze sollicitatie." in pagina


def test_closed_by_the_accountmanager_says_what_happened_not_that_the_werkgever_did_it(
        wereld, drie, met_commit):
    willem, anja, _bea = drie
    mail.outbox.clear()
    met_commit(vacature_status_wijzigen, vacature=wereld.vacature, door=wereld.accountmanager,
               status=Vacature.Status.GESLOTEN)
    # The accountmanager closed it: nobody reads that the werkgever did.
    afgezegd = {m.to[0]: m.body for m in mail.outbox if "Gaat niet door" in m.subject}
    assert "Reden: de vacature is gesloten." in afgezegd[wereld.werkgever_user.email]
    assert "Reden: de vacature is gesloten." in afgezegd[wereld.werkzoekende_user.email]
    assert not Melding.objects.filter(ontvanger=wereld.accountmanager, tekst__contains="is gestopt").exists()
    assert Melding.objects.filter(ontvanger=wereld.klantmanager,
                                  tekst__contains="is gestopt: de vacature is gesloten.").count() == 2
    assert Melding.objects.get(ontvanger=wereld.werkzoekende_user, tekst__contains="Je voordracht").tekst == (
        "De vacature Monteur bij De Heul Installatietechniek is gesloten. Je voordracht is daarom gestopt. Je "
        "contactpersoon zoekt met je verder.")


def test_a_vacature_opened_again_before_the_reaction_keeps_its_voordrachten(
        wereld, drie, django_capture_on_commit_callbacks):
    willem, anja, _bea = drie
    with django_capture_on_commit_callbacks() as wachtend:
        vacature_status_wijzigen(vacature=wereld.vacature, door=wereld.werkgever_user, status=Vacature.Status.VERVULD)
    vacature_status_wijzigen(vacature=wereld.vacature, door=wereld.werkgever_user, status=Vacature.Status.OPEN)
    for callback in wachtend:
        callback()
    for v in (willem, anja):
        v.refresh_from_db()
        assert v.status in Voordracht.OPEN


def test_the_confirmation_shows_who_stops_and_who_waits_for_an_outcome(client, wereld, drie):
    willem, anja, bea = drie
    client.force_login(wereld.werkgever_user)
    detail = client.get(reverse("vacature_detail", args=[wereld.vacature.pk])).content.decode()
    assert f'href="{reverse("vacature_vervuld", args=[wereld.vacature.pk])}"' in detail
    assert f'href="{reverse("vacature_sluiten", args=[wereld.vacature.pk])}"' in detail
    response = client.get(reverse("vacature_vervuld", args=[wereld.vacature.pk]))
    html = response.content.decode()
    stoppen = html.split("Deze voordrachten stoppen", 1)[1].split("</ul>", 1)[0]
    assert "Willem van de Vecht: gesprek op" in stoppen and "Anja Smit: voorgedragen" in stoppen
    assert "Bea" not in stoppen
    wacht = html.split("uitkomst nog niet vastgelegd", 1)[1].split("</ul>", 1)[0]
    assert "Bea Smit" in wacht and reverse("voordracht_uitkomst", args=[bea.pk]) in wacht
    assert 'name="status" value="vervuld"' in html and "Ja, de vacature is vervuld" in html
    regel = Verwerking.objects.filter(gebruiker=wereld.werkgever_user, actie=Verwerking.Actie.INZIEN).latest("pk")
    assert set(regel.betrokkenen.values_list("object_id", flat=True)) == {str(v.kandidaat_id) for v in drie}
    # Nothing changed by looking.
    wereld.vacature.refresh_from_db()
    assert wereld.vacature.status == Vacature.Status.OPEN


def test_a_vacature_already_closed_sends_the_confirmation_back_with_a_sentence(client, wereld):
    wereld.met_bemiddeling()
    vacature_status_wijzigen(vacature=wereld.vacature, door=wereld.werkgever_user, status=Vacature.Status.GESLOTEN)
    client.force_login(wereld.werkgever_user)
    response = client.get(reverse("vacature_sluiten", args=[wereld.vacature.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("vacature_detail", args=[wereld.vacature.pk])
    assert "Deze vacature is al gesloten." in response.content.decode()


def test_after_the_last_place_is_filled_the_hire_page_asks_to_mark_the_vacature_vervuld(client, wereld, drie):
    """Hiring filled the vacature's one place, but the vacature stayed open and the other kandidaten kept waiting
    (nothing pointed from the hire to "Vervuld"). Now the voordracht that was hired says so, with the link."""
    willem, anja, bea = drie
    wereld.gesprek_geweest(willem)
    voordracht_uitkomst(voordracht=willem, door=wereld.werkgever_user, aangenomen=True)
    url = reverse("voordracht_detail", args=[willem.pk])
    link = reverse("vacature_vervuld", args=[wereld.vacature.pk])
    for wie in (wereld.werkgever_user, wereld.accountmanager):
        client.force_login(wie)
        html = client.get(url).content.decode()
        assert "Alle plaatsen van deze vacature zijn vervuld (1 van 1)" in html, wie
        assert "2 kandidaten wachten nog" in html and f'href="{link}"' in html

    # With a second place, nothing is asked yet.
    Vacature.objects.filter(pk=wereld.vacature.pk).update(aantal_posities=2)
    assert "Alle plaatsen" not in client.get(url).content.decode()


def test_no_question_when_nobody_waits_or_the_vacature_is_no_longer_open(client, wereld):
    wereld.met_bemiddeling()
    wereld.gesprek_geweest(wereld.voordracht)
    voordracht_uitkomst(voordracht=wereld.voordracht, door=wereld.werkgever_user, aangenomen=True)
    client.force_login(wereld.werkgever_user)
    url = reverse("voordracht_detail", args=[wereld.voordracht.pk])
    assert "Alle plaatsen" not in client.get(url).content.decode()  # nobody else waits
    _voorgedragen(wereld, "Anja")
    assert "Alle plaatsen" in client.get(url).content.decode()
    vacature_status_wijzigen(vacature=wereld.vacature, door=wereld.werkgever_user, status=Vacature.Status.VERVULD)
    assert "Alle plaatsen" not in client.get(url).content.decode()


def test_closed_by_the_werkgever_himself_says_so(client, wereld, drie, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    client.force_login(wereld.werkgever_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("vacature_status", args=[wereld.vacature.pk]), {"status": "gesloten"})
    afgezegd = {m.to[0]: m.body for m in mail.outbox if "Gaat niet door" in m.subject}
    assert "Reden: u heeft de vacature gesloten." in afgezegd[wereld.werkgever_user.email]
    assert "Reden: de werkgever heeft de vacature gesloten." in afgezegd[wereld.werkzoekende_user.email]
    assert Melding.objects.get(ontvanger=wereld.werkzoekende_user, tekst__contains="Je voordracht").tekst == (
        "De Heul Installatietechniek heeft de vacature Monteur gesloten. Je voordracht is daarom gestopt. Je "
        "contactpersoon zoekt met je verder.")


def test_proposing_reads_the_status_of_the_vacature_as_it_is_now(wereld):
    """voordracht_create checked the vacature the page had loaded: closed a moment earlier, it still took the
    voordracht, which then stayed open on a closed vacature (its closing reaction had already run)."""
    from django.core.exceptions import ValidationError

    wereld.met_bemiddeling()
    pagina = Vacature.objects.get(pk=wereld.vacature.pk)  # as the accountmanager's page loaded it
    vacature_status_wijzigen(vacature=wereld.vacature, door=wereld.werkgever_user, status=Vacature.Status.VERVULD)
    kandidaat = KandidaatFactory(voornaam="Cor", achternaam="Laat", klantmanager=wereld.klantmanager)
    toestemming_verlenen(kandidaat=kandidaat, doel=Toestemming.Doel.DELEN_MET_WERKGEVER, werkgever=wereld.werkgever,
                         door=wereld.klantmanager)
    with pytest.raises(ValidationError, match="open vacature"):
        voordracht_create(vacature=pagina, kandidaat=kandidaat, door=wereld.accountmanager, toelichting="Past.")
    assert not Voordracht.objects.filter(kandidaat=kandidaat).exists()


def test_no_new_gesprek_on_a_closed_vacature_only_the_outcome(client, wereld, drie, django_capture_on_commit_callbacks):
    """Bea's voordracht stays open after the vacature closed (her gesprek took place, the outcome may be a hire);
    a new gesprek could still be planned on it, for a job that is gone."""
    _willem, _anja, bea = drie
    with django_capture_on_commit_callbacks(execute=True):
        vacature_status_wijzigen(vacature=wereld.vacature, door=wereld.werkgever_user, status=Vacature.Status.VERVULD)
    client.force_login(wereld.accountmanager)
    morgen = timezone.localtime() + timedelta(days=1)
    response = client.post(reverse("gesprek_plannen", args=[bea.pk]), {
        "datum": morgen.date().isoformat(), "tijd": "10:00", "locatie": "Arnhem", "duur_minuten": 60})
    assert response.status_code == 400
    assert "er kan geen gesprek meer worden gepland" in response.content.decode()
    assert bea.gesprekken.count() == 1
