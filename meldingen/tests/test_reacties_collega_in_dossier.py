"""A colleague with access to Willem's dossier (Lotte, who covers Karin's caseload while she is away, or Jeske, to
whom Karin gave access to this one dossier) changes his plan or withdraws a consent. Karin, his vaste klantmanager,
heard nothing of a changed plan, and what she and Willem read said it was Willem, or "je contactpersoon"."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.services import waarnemer_instellen
from accounts.tests.factories import KlantmanagerFactory
from klantreis.lib import datums
from meldingen.models import Melding
from werkzoekenden.models import Actie, Kandidaat, Toestemming
from werkzoekenden.services import (
    ACTIEVELDEN,
    actie_toevoegen,
    actie_wijzigen,
    dossiertoegang_geven,
    evaluatiedatum_instellen,
    toestemming_verlenen,
)

pytestmark = pytest.mark.django_db


def _ongelezen(gebruiker):
    return list(Melding.objects.filter(ontvanger=gebruiker, gelezen_op__isnull=True).order_by("pk")
                .values_list("tekst", flat=True))


def _waarnemer(wereld):
    """Lotte covers Karin's caseload: Karin is away."""
    karin = wereld.klantmanager
    lotte = KlantmanagerFactory(organisatie=karin.organisatie, regio=karin.regio, voornaam="Lotte",
                                achternaam="Peters")
    waarnemer_instellen(gebruiker=karin, waarnemer=lotte)
    Melding.objects.all().delete()
    return lotte


def _met_toegang(wereld):
    """Jeske, of Karin's organisation, has access to Willem's dossier (a django-guardian grant); Karin is not away."""
    karin = wereld.klantmanager
    jeske = KlantmanagerFactory(organisatie=karin.organisatie, regio=karin.regio, voornaam="Jeske",
                                achternaam="Gunterman")
    dossiertoegang_geven(kandidaat=wereld.kandidaat, door=karin, klantmanager=jeske, reden="Helpt bij het cv",
                         tot=timezone.localdate() + timedelta(days=14))
    Melding.objects.all().delete()
    return jeske


def _velden(actie, **wijziging):
    return {**{veld: getattr(actie, veld) for veld in ACTIEVELDEN}, **wijziging}


def _actie(wereld, door, met_commit):
    return met_commit(actie_toevoegen, kandidaat=wereld.kandidaat, door=door, levensdomein="scholing",
                      doel="Heftruckcertificaat halen", omschrijving="Cursus heftruck aanvragen",
                      eigenaar=Actie.Eigenaar.CONTACTPERSOON)


def test_the_vaste_klantmanager_hears_what_her_waarnemer_changed_in_the_plan(wereld, met_commit):
    """Karin comes back and wants to see what changed in Willem's plan while Lotte covered: the melding waits for
    her. Lotte gets no copy of her own act; Willem reads that it was a colleague, not his contactpersoon."""
    lotte = _waarnemer(wereld)
    actie = _actie(wereld, lotte, met_commit)
    assert _ongelezen(wereld.klantmanager) == [
        "Lotte Peters heeft een actie toegevoegd aan het plan van Willem van de Vecht: Cursus heftruck aanvragen"]
    [melding] = Melding.objects.filter(ontvanger=wereld.klantmanager)
    assert melding.url == reverse("plan_van_aanpak", args=[wereld.kandidaat.pk])
    assert _ongelezen(lotte) == []
    assert _ongelezen(wereld.werkzoekende_user) == [
        "Lotte Peters, een collega van je contactpersoon, heeft een actie aan je plan toegevoegd: Cursus heftruck "
        "aanvragen"]

    Melding.objects.all().delete()
    met_commit(actie_wijzigen, actie=actie, door=lotte, versie=actie.versie,
               **_velden(actie, status=Actie.Status.KLAAR))
    assert _ongelezen(wereld.klantmanager) == [
        "Lotte Peters heeft een actie afgerond in het plan van Willem van de Vecht: Cursus heftruck aanvragen"]
    assert _ongelezen(lotte) == []


def test_the_vaste_klantmanager_hears_what_a_colleague_with_access_changed_in_the_plan(wereld, met_commit):
    jeske = _met_toegang(wereld)
    actie = _actie(wereld, jeske, met_commit)
    assert _ongelezen(wereld.klantmanager) == [
        "Jeske Gunterman heeft een actie toegevoegd aan het plan van Willem van de Vecht: Cursus heftruck aanvragen"]
    Melding.objects.all().delete()
    met_commit(actie_wijzigen, actie=actie, door=jeske, versie=actie.versie,
               **_velden(actie, notitie="Ik heb de cursus in Arnhem gevonden."))
    assert _ongelezen(wereld.klantmanager) == [
        "Jeske Gunterman heeft een notitie gezet bij een actie in het plan van Willem van de Vecht: Cursus heftruck "
        "aanvragen"]
    assert _ongelezen(jeske) == []


def test_the_klantmanager_hears_nothing_of_her_own_change_to_the_plan(wereld, met_commit):
    _met_toegang(wereld)
    _actie(wereld, wereld.klantmanager, met_commit)
    met_commit(evaluatiedatum_instellen, kandidaat=wereld.kandidaat, door=wereld.klantmanager,
               evaluatiedatum=timezone.localdate() + timedelta(days=30))
    assert _ongelezen(wereld.klantmanager) == []
    assert _ongelezen(wereld.werkzoekende_user)[0] == (
        "Je contactpersoon heeft een actie aan je plan toegevoegd: Cursus heftruck aanvragen")


@pytest.mark.parametrize("collega", [_waarnemer, _met_toegang])
def test_the_vaste_klantmanager_hears_when_a_colleague_planned_the_evaluation(wereld, collega, met_commit):
    """Willem read "Je contactpersoon wil je plan samen met je bekijken op ...", while it was a colleague who
    planned it: he reads her name, as for an actie she added."""
    wie = collega(wereld)
    naam = wie.get_full_name()
    dag = timezone.localdate() + timedelta(days=30)
    met_commit(evaluatiedatum_instellen, kandidaat=wereld.kandidaat, door=wie, evaluatiedatum=dag)
    assert _ongelezen(wereld.klantmanager) == [
        f"{naam} heeft de evaluatie van het plan van Willem van de Vecht gepland op {datums.datum(dag)}."]
    assert _ongelezen(wie) == []
    assert _ongelezen(wereld.werkzoekende_user) == [
        f"{naam}, een collega van je contactpersoon, wil je plan samen met je bekijken op {datums.datum(dag)}."]


def test_without_a_vaste_klantmanager_the_evaluation_is_planned_by_her_contactpersoon(wereld, met_commit):
    jeske = _met_toegang(wereld)
    Kandidaat.objects.filter(pk=wereld.kandidaat.pk).update(klantmanager=None)
    dag = timezone.localdate() + timedelta(days=30)
    met_commit(evaluatiedatum_instellen, kandidaat=wereld.kandidaat, door=jeske, evaluatiedatum=dag)
    assert _ongelezen(wereld.werkzoekende_user) == [
        f"Je contactpersoon wil je plan samen met je bekijken op {datums.datum(dag)}."]
    assert _ongelezen(jeske) == []


@pytest.mark.parametrize("collega", [_waarnemer, _met_toegang])
def test_a_consent_a_colleague_withdrew_names_that_colleague(client, wereld, collega,
                                                             django_capture_on_commit_callbacks):
    """Willem read "Je contactpersoon heeft een toestemming voor je ingetrokken" and Karin "Willem van de Vecht heeft
    een toestemming ingetrokken", while it was neither of them."""
    toestemming = toestemming_verlenen(kandidaat=wereld.kandidaat, doel=Toestemming.Doel.DELEN_MET_DERDE,
                                       derde_partij="Schuldhulp Arnhem", door=wereld.klantmanager)
    wie = collega(wereld)
    client.force_login(wie)
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = client.post(reverse("toestemming_intrekken", args=[toestemming.pk]))
    assert antwoord.status_code == 302
    naam = wie.get_full_name()
    assert _ongelezen(wereld.werkzoekende_user) == [
        f"{naam}, een collega van je contactpersoon, heeft een toestemming voor je ingetrokken: gegevens delen met "
        "Schuldhulp Arnhem. Kijk wat er nog geldt."]
    assert _ongelezen(wereld.klantmanager) == [
        f"{naam} heeft een toestemming van Willem van de Vecht ingetrokken: gegevens delen met Schuldhulp Arnhem."]
    assert _ongelezen(wie) == []


def test_without_a_vaste_klantmanager_nobody_is_a_colleague_of_her_contactpersoon(wereld, met_commit):
    """Willem's dossier has no klantmanager (Karin left it); Jeske, who has access, adds an actie. Willem read "Jeske
    Gunterman, een collega van je contactpersoon, ...", while his portal says he has no contactpersoon. With nobody to
    be a colleague of, he reads it as before such a colleague was named: from his contactpersoon."""
    jeske = _met_toegang(wereld)
    Kandidaat.objects.filter(pk=wereld.kandidaat.pk).update(klantmanager=None)
    _actie(wereld, jeske, met_commit)
    assert _ongelezen(wereld.werkzoekende_user) == [
        "Je contactpersoon heeft een actie aan je plan toegevoegd: Cursus heftruck aanvragen"]
    assert _ongelezen(jeske) == []
