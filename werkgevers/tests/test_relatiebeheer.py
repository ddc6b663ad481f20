"""Relatiebeheer: "Mijn werkgevers" did not say when the WSP last had contact with a werkgever, so one that had not
heard from its vaste accountmanager for months looked the same as one visited yesterday (the seed: "Mijn
contactpersoon onderhoudt contact met mij"; werkgevers who have to chase the WSP)."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from berichten.models import Berichtenwisseling
from berichten.services import bericht_versturen, wisseling_starten
from werkgevers.models import Tijdlijnregel, Werkgever
from werkgevers.services import afspraak_vastleggen, bezoek_vastleggen, tijdlijn
from werkgevers.tests.factories import WerkgeverFactory

pytestmark = pytest.mark.django_db


def _laatste(werkgever):
    return Werkgever.objects.values_list("laatste_contact_op", flat=True).get(pk=werkgever.pk)


def test_a_visit_an_agreement_and_a_message_of_the_accountmanager_count_as_contact_and_only_move_forward(wereld):
    vandaag = timezone.localdate()
    werkgever = wereld.werkgever
    assert _laatste(werkgever) is None
    bezoek_vastleggen(werkgever=werkgever, door=wereld.accountmanager, bezocht_op=vandaag - timedelta(days=20),
                      verslag="Kennismaking")
    assert _laatste(werkgever) == vandaag - timedelta(days=20)
    bezoek_vastleggen(werkgever=werkgever, door=wereld.accountmanager, bezocht_op=vandaag - timedelta(days=40),
                      verslag="Later vastgelegd, eerder geweest")
    assert _laatste(werkgever) == vandaag - timedelta(days=20)  # an older visit recorded later does not go back

    # A message of the werkgever is no contact of the WSP; the accountmanager's answer is.
    wisseling = wisseling_starten(door=wereld.werkgever_user, soort=Berichtenwisseling.Soort.WERKGEVER,
                                  werkgever=werkgever, onderwerp="Vraag", tekst="Hoe staat het ervoor?")
    assert _laatste(werkgever) == vandaag - timedelta(days=20)
    bericht_versturen(wisseling=wisseling, door=wereld.accountmanager, tekst="Ik bel u morgen.")
    assert _laatste(werkgever) == vandaag

    ander = WerkgeverFactory(accountmanager=wereld.accountmanager)
    afspraak_vastleggen(werkgever=ander, door=wereld.accountmanager, wat="Volgende maand evalueren", wie="Anton")
    assert _laatste(ander) == vandaag


def test_mijn_werkgevers_shows_the_last_contact_and_who_waits_too_long(client, wereld):
    vandaag = timezone.localdate()
    Werkgever.objects.filter(pk=wereld.werkgever.pk).update(laatste_contact_op=vandaag - timedelta(days=100))
    recent = WerkgeverFactory(naam="AAA Recent", accountmanager=wereld.accountmanager,
                              laatste_contact_op=vandaag - timedelta(days=3))
    WerkgeverFactory(naam="BBB Nooit", accountmanager=wereld.accountmanager)
    client.force_login(wereld.accountmanager)
    html = client.get(reverse("accountmanager_home")).content.decode()
    rijen = {naam: html.split(naam, 1)[1].split("</tr>", 1)[0] for naam in ("AAA Recent", "BBB Nooit",
                                                                          wereld.werkgever.naam)}
    assert "Laatste contact" in html
    assert "geen contact" not in rijen["AAA Recent"]
    assert "nog geen contact" in rijen["BBB Nooit"]
    assert "geen contact sinds" in rijen[wereld.werkgever.naam]
    assert recent.laatste_contact_op.day == int(rijen["AAA Recent"].split('data-kolom="Laatste contact">', 1)[1]
                                                .split(" ", 1)[0])


def test_the_migration_takes_the_last_contact_from_the_tijdlijn(wereld):
    vandaag = timezone.localdate()
    tijdlijn(wereld.werkgever, Tijdlijnregel.Soort.BEZOEK, "Bezoek", door=wereld.accountmanager)
    Tijdlijnregel.objects.filter(werkgever=wereld.werkgever).update(tijdstip=timezone.now() - timedelta(days=12))
    tijdlijn(wereld.werkgever, Tijdlijnregel.Soort.VACATURE, "Vacature geopend")  # no contact
    Werkgever.objects.update(laatste_contact_op=None)
    migratie = importlib.import_module("werkgevers.migrations.0011_werkgever_laatste_contact")
    migratie.vullen(apps, None)
    assert _laatste(wereld.werkgever) == vandaag - timedelta(days=12)


def test_a_phone_call_is_recorded_as_contact_with_a_note_for_colleagues_only(client, wereld):
    """Most contact with a werkgever is a phone call, and there was no way to record one: "laatste contact" would
    have said "nog geen contact" for a werkgever called every week."""
    vandaag = timezone.localdate()
    client.force_login(wereld.accountmanager)
    detail = client.get(reverse("werkgever_detail", args=[wereld.werkgever.pk])).content.decode()
    url = reverse("werkgever_contact_nieuw", args=[wereld.werkgever.pk])
    assert f'href="{url}"' in detail
    response = client.post(url, {"op": (vandaag - timedelta(days=2)).isoformat(), "manier": "telefoon",
                                 "notitie": "Twee monteurs nodig in maart; bel terug na de vakantie."})
    assert response.status_code == 302
    assert _laatste(wereld.werkgever) == vandaag - timedelta(days=2)
    detail = client.get(reverse("werkgever_detail", args=[wereld.werkgever.pk])).content.decode()
    assert "laatste contact " in detail and "nog geen contact" not in detail
    regel = Tijdlijnregel.objects.filter(werkgever=wereld.werkgever, soort=Tijdlijnregel.Soort.CONTACT).latest("pk")
    assert regel.tekst == "Telefonisch contact: Twee monteurs nodig in maart; bel terug na de vakantie."
    assert (regel.door, regel.voor_werkgever) == (wereld.accountmanager, False)


def test_a_contact_in_the_future_or_without_a_note_is_refused_and_keeps_what_was_typed(client, wereld):
    client.force_login(wereld.accountmanager)
    url = reverse("werkgever_contact_nieuw", args=[wereld.werkgever.pk])
    morgen = timezone.localdate() + timedelta(days=1)
    response = client.post(url, {"op": morgen.isoformat(), "manier": "mail", "notitie": "Offerte gestuurd"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Offerte gestuurd" in html and "toekomst" in html
    response = client.post(url, {"op": timezone.localdate().isoformat(), "manier": "mail", "notitie": "  "})
    assert response.status_code == 400 and "Schrijf kort" in response.content.decode()
    assert _laatste(wereld.werkgever) is None
