"""Closing a dossier starts the retention periods and ends the bemiddeling; until anonymised it can reopen."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from bemiddeling.models import Voordracht
from klantreis.lib import datums
from meldingen.models import Melding
from privacy.bewaren import dossiers_anonimiseren
from werkzoekenden.models import Kandidaat
from werkzoekenden.services import dossier_afsluiten
from werkzoekenden.tests.factories import KandidaatFactory

pytestmark = pytest.mark.django_db


def test_the_klantmanager_closes_with_a_reason_and_a_confirmation(client, wereld, django_capture_on_commit_callbacks):
    wereld.met_bemiddeling()
    client.force_login(wereld.klantmanager)
    url = reverse("dossier_afsluiten", args=[wereld.kandidaat.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"actie": "afsluiten", "reden": "werk"})
    assert response.status_code == 400 and "Vink aan dat je dit begrijpt." in response.content.decode()
    assert Kandidaat.objects.get(pk=wereld.kandidaat.pk).afgesloten_op is None
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"actie": "afsluiten", "reden": "werk", "bevestigd": "on"})
    assert response.status_code == 302
    kandidaat = Kandidaat.objects.get(pk=wereld.kandidaat.pk)
    assert kandidaat.afgesloten_op is not None and kandidaat.afsluitreden == "werk"
    # The bemiddeling ends: no active consent, the open voordracht stopped.
    assert not kandidaat.toestemmingen.filter(ingetrokken_op__isnull=True).exists()
    assert Voordracht.objects.get(pk=wereld.voordracht.pk).status == Voordracht.Status.ZONDER_TOESTEMMING
    assert "Dossier afgesloten op" in client.get(reverse("dossier", args=[kandidaat.pk])).content.decode()

    client.post(url, {"actie": "heropenen"})
    kandidaat.refresh_from_db()
    assert kandidaat.afgesloten_op is None and kandidaat.afsluitreden == ""


def test_an_anonymised_dossier_cannot_reopen(client, wereld):
    client.force_login(wereld.klantmanager)
    url = reverse("dossier_afsluiten", args=[wereld.kandidaat.pk])
    client.post(url, {"actie": "afsluiten", "reden": "verhuisd", "bevestigd": "on"})
    dossiers_anonimiseren([wereld.kandidaat.pk], nu=timezone.now())
    response = client.post(url, {"actie": "heropenen"}, follow=True)
    assert "geanonimiseerd en kan niet meer open" in response.content.decode()
    assert Kandidaat.objects.get(pk=wereld.kandidaat.pk).afgesloten_op is not None


def test_others_cannot_close_a_dossier(client, wereld):
    url = reverse("dossier_afsluiten", args=[wereld.kandidaat.pk])
    for gebruiker in (wereld.vreemde_klantmanager, wereld.werkzoekende_user, wereld.accountmanager):
        client.force_login(gebruiker)
        assert client.post(url, {"actie": "afsluiten", "reden": "werk", "bevestigd": "on"}).status_code == 404
    assert Kandidaat.objects.get(pk=wereld.kandidaat.pk).afgesloten_op is None


def test_the_werkzoekende_is_told_once_what_happens_to_her_data(client, wereld, django_capture_on_commit_callbacks,
                                                                  settings):
    """Closing starts the retention periods: Willem hears it, once (not once per consent that ended with it), in a
    mail without personal details and on his own pages, with the days his cv and his dossier go."""
    settings.BEWAARTERMIJNEN = {**settings.BEWAARTERMIJNEN, "cv": 90, "dossier": 730}
    wereld.met_bemiddeling()
    client.force_login(wereld.klantmanager)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("dossier_afsluiten", args=[wereld.kandidaat.pk]),
                    {"actie": "afsluiten", "reden": "werk", "bevestigd": "on"})
    vandaag = timezone.localdate()
    cv_weg, dossier_weg = datums.datum(vandaag + timedelta(days=90)), datums.datum(vandaag + timedelta(days=730))
    gesloten = [m for m in mail.outbox if m.subject.endswith("Je dossier bij ons is gesloten")]
    assert len(gesloten) == 1 and gesloten[0].to == [wereld.werkzoekende_user.email.lower()]
    inhoud = gesloten[0].body
    for geheim in ("Willem", "Vecht", "De Heul", "werk gevonden", "Uitgestroomd"):
        assert geheim not in inhoud
    assert f"verwijderen we vanaf {cv_weg}." in inhoud and f"bewaren we tot {dossier_weg}." in inhoud
    assert reverse("mijn_gegevens") in inhoud
    # One melding about the closing; the consent that ended with it gives him no melding of its own.
    van_willem = Melding.objects.filter(ontvanger=wereld.werkzoekende_user)
    assert [m.tekst for m in van_willem.filter(soort=Melding.Soort.DOSSIER)] == [
        "Je contactpersoon heeft je dossier gesloten. Lees wat er met je gegevens gebeurt."]
    assert not van_willem.filter(sleutel=f"ingetrokken:{wereld.toestemming.pk}:{wereld.werkzoekende_user.pk}").exists()

    client.force_login(wereld.werkzoekende_user)
    for pagina in ("werkzoekende_home", "mijn_gegevens"):
        tekst = client.get(reverse(pagina)).content.decode()
        assert "Je dossier is gesloten" in tekst, pagina
        assert "(reden: uitgestroomd naar werk)" in tekst, pagina
        assert f"verwijderen we vanaf {cv_weg}." in tekst and f"bewaren we tot {dossier_weg}." in tekst, pagina

    # Without work through us the guidance has no next step to show him ("Waar sta ik?" asked for his plan).
    assert "Waar sta ik?" not in client.get(reverse("werkzoekende_home")).content.decode()

    # Reopened: nothing about closing on his pages any more, and the route is back.
    client.force_login(wereld.klantmanager)
    client.post(reverse("dossier_afsluiten", args=[wereld.kandidaat.pk]), {"actie": "heropenen"})
    client.force_login(wereld.werkzoekende_user)
    home = client.get(reverse("werkzoekende_home")).content.decode()
    assert "Je dossier is gesloten" not in home and "Waar sta ik?" in home


def test_a_werkzoekende_without_an_account_is_told_by_mail_without_a_login_link(wereld,
                                                                                 django_capture_on_commit_callbacks):
    zonder = KandidaatFactory(account=None, email="anja@example.nl", klantmanager=wereld.klantmanager)
    with django_capture_on_commit_callbacks(execute=True):
        dossier_afsluiten(kandidaat=zonder, door=wereld.klantmanager, reden="verhuisd")
        dossier_afsluiten(kandidaat=zonder, door=wereld.klantmanager, reden="verhuisd")  # twice: told once
    gesloten = [m for m in mail.outbox if m.subject.endswith("Je dossier bij ons is gesloten")]
    assert [m.to for m in gesloten] == [["anja@example.nl"]]
    assert reverse("mijn_gegevens") not in gesloten[0].body and "Vraag het aan je contactpersoon" in gesloten[0].body
