"""Withdrawing consent stops what rests on it. Before: one click on "Intrekken" stopped Willem's voordrachten and
cancelled his sollicitatiegesprek at once, without a word of warning."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from bemiddeling.models import Voordracht
from bemiddeling.services import voordracht_create
from werkgevers.tests.factories import VacatureFactory
from werkzoekenden.models import Toestemming
from werkzoekenden.services import toestemming_verlenen

pytestmark = pytest.mark.django_db


def _tekst(response):
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def test_intrekken_first_says_which_voordrachten_and_gesprek_stop_and_withdraws_only_on_confirm(
        client, wereld, django_capture_on_commit_callbacks):
    wereld.met_bemiddeling()  # Willem: voordracht "Monteur" at De Heul with a gesprek planned
    wachtend = voordracht_create(vacature=VacatureFactory(werkgever=wereld.werkgever, titel="Servicemonteur"),
                                 kandidaat=wereld.kandidaat, door=wereld.accountmanager, toelichting="Precies.")
    client.force_login(wereld.werkzoekende_user)
    url = reverse("toestemming_intrekken", args=[wereld.toestemming.pk])
    eigen = client.get(reverse("toestemmingen", args=[wereld.kandidaat.pk])).content.decode()
    # The button on the consent page leads to the question; it withdraws nothing itself.
    assert re.search(r'<form method="get" action="%s"' % re.escape(url), eigen)

    vraag = client.get(url)
    assert vraag.status_code == 200
    tekst = _tekst(vraag)
    assert "Cv en profiel delen met De Heul Installatietechniek" in tekst  # as on the button that led here
    assert "Je voordracht voor Monteur bij De Heul Installatietechniek." in tekst
    assert "Je voordracht voor Servicemonteur bij De Heul Installatietechniek." in tekst
    from klantreis.lib.datums import datum_tijd
    assert (f"Het sollicitatiegesprek op {datum_tijd(wereld.gesprek.begint_op)} bij De Heul Installatietechniek "
            "gaat niet door.") in tekst
    assert "Geef je later opnieuw toestemming, dan komen deze voordrachten en gesprekken niet terug." in tekst
    assert "Vraag het eerst aan je contactpersoon Karin Klant" in tekst
    wereld.toestemming.refresh_from_db()
    assert wereld.toestemming.actief  # looking is not withdrawing
    assert Voordracht.objects.filter(pk__in=[wereld.voordracht.pk, wachtend.pk],
                                     status__in=Voordracht.OPEN).count() == 2

    with django_capture_on_commit_callbacks(execute=True):
        antwoord = client.post(url, follow=True)
    assert "Ingetrokken. Vanaf nu delen we hiervoor niets meer." in antwoord.content.decode()
    wereld.toestemming.refresh_from_db()
    assert not wereld.toestemming.actief
    assert set(Voordracht.objects.filter(pk__in=[wereld.voordracht.pk, wachtend.pk])
               .values_list("status", flat=True)) == {Voordracht.Status.ZONDER_TOESTEMMING}
    # Withdrawn already: the link leads back to the consent page, nothing to confirm.
    assert client.get(url).status_code == 302


def test_intrekken_with_nothing_resting_on_it_is_a_short_question(client, wereld):
    toestemming = toestemming_verlenen(kandidaat=wereld.kandidaat, doel=Toestemming.Doel.VINDBAAR,
                                       door=wereld.werkzoekende_user)
    client.force_login(wereld.werkzoekende_user)
    tekst = _tekst(client.get(reverse("toestemming_intrekken", args=[toestemming.pk])))
    assert "Vanaf dan delen we hiervoor niets meer. Je kunt later altijd opnieuw toestemming geven." in tekst
    assert "voordracht" not in tekst.lower()
    # A klantmanager who records a withdrawal reads it about Willem, not as "je".
    client.force_login(wereld.klantmanager)
    tekst = _tekst(client.get(reverse("toestemming_intrekken", args=[toestemming.pk])))
    assert "Je trekt deze toestemming van Willem in" in tekst


def test_the_werkzoekende_hears_of_the_cancelled_gesprek_in_je_form_from_his_own_contactpersoon(
        wereld, django_capture_on_commit_callbacks):
    """Before: Willem got the mail meant for the werkgever: "voor uw agenda" and "Vragen? Anton Account"."""
    from werkzoekenden.services import toestemming_intrekken

    wereld.met_bemiddeling()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        toestemming_intrekken(toestemming=wereld.toestemming, door=wereld.werkzoekende_user)
    [eigen] = [m for m in mail.outbox if "Gaat niet door" in m.subject and wereld.werkzoekende_user.email in m.to]
    assert eigen.to == [wereld.werkzoekende_user.email]
    assert "uw " not in eigen.body.lower() and "voor je agenda" in eigen.body
    assert "Karin Klant" in eigen.body and "Anton" not in eigen.body
    assert eigen.attachments and "CANCEL" in eigen.attachments[0][1]
    # The werkgever reads "u"; the accountmanager and the klantmanager who would go along read "je", as staff do.
    def annulering(gebruiker):
        [bericht] = [m for m in mail.outbox if "Gaat niet door" in m.subject and gebruiker.email in m.to]
        assert bericht.to == [gebruiker.email] and bericht.attachments
        return bericht.body

    assert "voor uw agenda" in annulering(wereld.werkgever_user)
    for staf in (wereld.accountmanager, wereld.klantmanager):
        assert "voor je agenda" in annulering(staf) and "uw " not in annulering(staf).lower()
    assert "Vragen? Anton Account" in annulering(wereld.klantmanager)
    assert "Vragen?" not in annulering(wereld.accountmanager)  # she is who they would ask


def test_the_gesprek_invitation_says_je_to_staff_and_u_to_the_werkgever(wereld, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        wereld.met_bemiddeling()
    uitnodigingen = {a: m.body for m in mail.outbox if m.subject.endswith("] Sollicitatiegesprek Monteur")
                     for a in m.to}
    assert "De uitnodiging voor uw agenda" in uitnodigingen[wereld.werkgever_user.email]
    assert "De uitnodiging voor je agenda" in uitnodigingen[wereld.accountmanager.email]
    assert "uw " not in uitnodigingen[wereld.accountmanager.email].lower()
