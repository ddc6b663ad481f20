"""A warme overdracht to a klantmanager who is away (a colleague covers her caseload)."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts.services import waarnemer_instellen
from accounts.tests.factories import KlantmanagerFactory
from outbox.services import mails_versturen
from werkzoekenden.services import warme_overdracht

pytestmark = pytest.mark.django_db


def _mail_aan_de_werkzoekende():
    mails_versturen()
    [bericht] = [m for m in mail.outbox if m.subject.endswith("Je nieuwe contactpersoon")]
    return bericht.body


def test_the_werkzoekende_handed_to_a_klantmanager_who_is_away_reads_who_helps_her_meanwhile(
        wereld, django_capture_on_commit_callbacks):
    """Fatima of UWV handed Willem to Ruud of the gemeente when his WW stopped; Ruud was on leave and Yasmina covered
    his caseload. Willem's mail said "Ruud neemt binnenkort contact met je op": he waited for someone who was not
    there, while his home page said Yasmina helps him until Ruud is back and Yasmina had the task to call him."""
    organisatie = wereld.klantmanager.organisatie
    ruud = KlantmanagerFactory(voornaam="Ruud", achternaam="Dijkstra", organisatie=organisatie)
    yasmina = KlantmanagerFactory(voornaam="Yasmina", achternaam="van Leeuwen", organisatie=organisatie)
    waarnemer_instellen(gebruiker=ruud, waarnemer=yasmina)
    with django_capture_on_commit_callbacks(execute=True):
        warme_overdracht(kandidaat=wereld.kandidaat, door=wereld.klantmanager, naar=ruud, notitie="WW stopt.")
    tekst = _mail_aan_de_werkzoekende()
    assert "Je krijgt een nieuwe contactpersoon: Ruud Dijkstra" in tekst
    assert "Ruud is er even niet. Tot Ruud terug is, helpt Yasmina van Leeuwen je." in tekst
    assert f"E-mail: {yasmina.email}" in tekst
    assert "Yasmina neemt binnenkort contact met je op." in tekst
    assert "Ruud neemt binnenkort contact met je op." not in tekst

    mail.outbox.clear()
    waarnemer_instellen(gebruiker=ruud, waarnemer=None)  # back: a handover to him now says he calls
    with django_capture_on_commit_callbacks(execute=True):
        warme_overdracht(kandidaat=wereld.kandidaat, door=ruud, naar=yasmina, notitie="Terug naar Yasmina.")
    with django_capture_on_commit_callbacks(execute=True):
        warme_overdracht(kandidaat=wereld.kandidaat, door=yasmina, naar=ruud, notitie="Ruud is terug.")
    mails_versturen()
    tekst = [m for m in mail.outbox if m.subject.endswith("Je nieuwe contactpersoon")][-1].body
    assert "Ruud neemt binnenkort contact met je op." in tekst and "er even niet" not in tekst


def test_the_klantmanager_handing_over_sees_that_the_colleague_she_finds_is_away(client, wereld):
    """Fatima found Ruud by name and handed Willem to him, not knowing he was on leave: the search showed "Ruud
    Dijkstra, Gemeente ..." as for anyone, while the waarneming page marks a colleague who is away."""
    organisatie, regio = wereld.klantmanager.organisatie, wereld.klantmanager.regio
    ruud = KlantmanagerFactory(voornaam="Ruud", achternaam="Dijkstra", organisatie=organisatie, regio=regio)
    yasmina = KlantmanagerFactory(voornaam="Yasmina", achternaam="van Leeuwen", organisatie=organisatie, regio=regio)
    url = reverse("overdracht", args=[wereld.kandidaat.pk])
    client.force_login(wereld.klantmanager)
    afwezig = f"Ruud Dijkstra, {organisatie} (afwezig: Yasmina van Leeuwen neemt waar)"
    assert afwezig not in client.get(url, {"naar_zoek": "dijkstra"}).content.decode()
    waarnemer_instellen(gebruiker=ruud, waarnemer=yasmina)
    assert afwezig in client.get(url, {"naar_zoek": "dijkstra"}).content.decode()
    assert afwezig in client.get(url, {"naar_zoek": "dijkstra"}, HTTP_HX_REQUEST="true").content.decode()
    # Yasmina herself is there: her name goes as it is.
    assert f"Yasmina van Leeuwen, {organisatie}<" in client.get(url, {"naar_zoek": "yasmina"}).content.decode()


def test_the_beheerder_sharing_out_a_caseload_sees_who_of_the_team_is_away(client, wereld):
    """The same for a whole caseload: the beheerder ticking the colleagues who take the dossiers of one who leaves."""
    karin = wereld.klantmanager
    ruud = KlantmanagerFactory(voornaam="Ruud", achternaam="Dijkstra", organisatie=karin.organisatie, regio=karin.regio)
    yasmina = KlantmanagerFactory(voornaam="Yasmina", achternaam="van Leeuwen", organisatie=karin.organisatie,
                                  regio=karin.regio)
    waarnemer_instellen(gebruiker=ruud, waarnemer=yasmina)
    client.force_login(wereld.beheerder)
    html = client.get(reverse("caseload_overdragen_plan", args=[karin.pk]), {"ontvangers_zoek": "dijkstra"})
    assert f"Ruud Dijkstra, {karin.organisatie} (afwezig: Yasmina van Leeuwen neemt waar)" in html.content.decode()
