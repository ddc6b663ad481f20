"""Whoever covers a klantmanager's dossier (her waarnemer, or a colleague granted the dossier) reads the plaatsing as
she does and follows its nazorg: the meldingen about it reach the waarnemer too, and the voordracht it came from opens
for her already."""

from datetime import timedelta

import pytest
from django.urls import reverse

from accounts.models import User
from accounts.permissions import geef_objectrecht
from accounts.services import waarnemer_instellen
from accounts.tests.factories import KlantmanagerFactory
from meldingen.models import Melding
from plaatsingen.services import plaatsing_verlengen

pytestmark = pytest.mark.django_db


def test_the_colleague_covering_follows_the_plaatsingen_and_nazorg_of_the_caseload(client, wereld):
    """Ilse went on leave and Piotr covers her caseload. He had the melding "Voor Ilse Postma (je neemt waar): Anja
    is begonnen bij ..." and her nazorg task, but the plaatsing and its contact moment were a 404 for him and the
    nazorg overview was empty: a nazorg call due while she was away reached nobody who could make it."""
    wereld.met_plaatsing()
    ilse = wereld.klantmanager
    piotr = KlantmanagerFactory(organisatie=ilse.organisatie, regio=ilse.regio)
    ander = KlantmanagerFactory(organisatie=ilse.organisatie, regio=ilse.regio)
    plaatsing = reverse("plaatsing_detail", args=[wereld.plaatsing.pk])
    moment = reverse("nazorg_uitkomst", args=[wereld.moment.pk])
    waarnemer_instellen(gebruiker=ilse, waarnemer=piotr)

    client.force_login(piotr)
    assert client.get(plaatsing).status_code == 200
    assert client.get(moment).status_code == 200
    assert "Anja Roest" in client.get(reverse("nazorg_overzicht")).content.decode()

    client.force_login(ander)  # a colleague who does not cover for her
    assert client.get(plaatsing).status_code == 404
    assert client.get(moment).status_code == 404
    assert "Anja Roest" not in client.get(reverse("nazorg_overzicht")).content.decode()

    waarnemer_instellen(gebruiker=ilse, waarnemer=None)  # she is back
    client.force_login(piotr)
    assert client.get(plaatsing).status_code == 404
    assert client.get(moment).status_code == 404
    assert "Anja Roest" not in client.get(reverse("nazorg_overzicht")).content.decode()
    client.force_login(ilse)
    assert client.get(plaatsing).status_code == 200
    assert "Anja Roest" in client.get(reverse("nazorg_overzicht")).content.decode()


def test_the_colleague_covering_the_dossier_opens_the_plaatsing_and_its_nazorg_as_the_klantmanager_does(
        client, w, django_capture_on_commit_callbacks):
    """Lotte is away, Jeske covers for her: Jeske got Lotte's melding "De plaatsing van Anja Roest ... is verlengd"
    with a link to the plaatsing, and the plaatsing (and its nazorg moment) answered her with 404, while the voordracht
    it came from opened for her. A colleague granted the dossier reads it too; a klantmanager with no tie to it still
    gets 404."""
    lotte, plaatsing = w.klantmanager, w.plaatsing
    jeske = KlantmanagerFactory(organisatie=lotte.organisatie, regio=lotte.regio)
    User.objects.filter(pk=lotte.pk).update(waarnemer=jeske)
    met_recht = KlantmanagerFactory(regio=lotte.regio)
    geef_objectrecht(met_recht, "werkzoekenden.waarnemen_kandidaat", plaatsing.kandidaat)
    with django_capture_on_commit_callbacks(execute=True):
        plaatsing_verlengen(plaatsing=plaatsing, door=w.accountmanager,
                            einddatum=plaatsing.einddatum + timedelta(days=7), verlenging_reden="Meer tijd nodig.")
    [(url,)] = Melding.objects.filter(ontvanger=jeske).values_list("url")
    assert url == reverse("plaatsing_detail", args=[plaatsing.pk])
    urls = [url, reverse("nazorg_uitkomst", args=[w.moment.pk]),
            reverse("voordracht_detail", args=[plaatsing.voordracht_id])]
    for klantmanager in (lotte, jeske):
        client.force_login(klantmanager)
        assert [client.get(u).status_code for u in urls] == [200, 200, 200], klantmanager
    client.force_login(met_recht)  # of another organisation: reads, records no nazorg (the test below)
    assert [client.get(u).status_code for u in urls] == [200, 404, 200]
    client.force_login(w.vreemde_klantmanager)
    assert [client.get(u).status_code for u in urls] == [404, 404, 404]


def test_a_klantmanager_of_another_organisation_granted_the_dossier_reads_the_plaatsing_but_records_no_nazorg(
        client, w):
    """Lotte gave Jeske of the gemeente (another organisation, with Anja's consent to share her data) access to the
    dossier. Jeske reads the plaatsing; recording the outcome of a nazorg contact with the werkgever is the work of the
    organisation that holds the dossier (Lotte, her waarnemer, a colleague of hers granted the dossier), not of a third
    party Anja let read along: the form is a 404 for Jeske and the plaatsing page offers no link to it."""
    lotte, plaatsing, moment = w.klantmanager, w.plaatsing, w.moment
    gemeente = KlantmanagerFactory(regio=lotte.regio)
    collega = KlantmanagerFactory(organisatie=lotte.organisatie, regio=lotte.regio)
    assert gemeente.organisatie_id != lotte.organisatie_id
    for km in (gemeente, collega):
        geef_objectrecht(km, "werkzoekenden.waarnemen_kandidaat", plaatsing.kandidaat)
    detail = reverse("plaatsing_detail", args=[plaatsing.pk])
    formulier = reverse("nazorg_uitkomst", args=[moment.pk])
    post = {"uitkomst": "goed", "bijzonderheden": "Door de gemeente.", "interventie": ""}

    client.force_login(gemeente)
    pagina = client.get(detail)
    assert pagina.status_code == 200
    assert formulier not in pagina.content.decode()
    assert client.get(formulier).status_code == 404
    assert client.post(formulier, post).status_code == 404
    moment.refresh_from_db()
    assert moment.uitkomst == ""

    client.force_login(collega)  # a colleague of Lotte's organisation granted the dossier records it
    assert formulier in client.get(detail).content.decode()
    assert client.post(formulier, {**post, "bijzonderheden": "Door een collega."}).status_code == 302
    moment.refresh_from_db()
    assert (moment.uitkomst, moment.uitkomst_door) == ("goed", collega)
