"""A KlantmanagerToewijzing keeps the organisation its klantmanager had when assigned: a beheerder who moves her to
another organisation later does not change the dossier's history (``portaal.waar_sta_ik`` reads it)."""

import importlib

import pytest
from django.apps import apps
from django.db import connection

from accounts.models import Organisatie
from accounts.tests.factories import KlantmanagerFactory, OrganisatieFactory
from werkzoekenden.models import Kandidaat, KlantmanagerToewijzing
from werkzoekenden.services import dossier_aanmaken, warme_overdracht

pytestmark = pytest.mark.django_db


def test_a_new_dossier_and_a_handover_record_the_organisation_of_the_klantmanager_then(wereld):
    karin = wereld.klantmanager
    k = dossier_aanmaken(door=karin, voornaam="Ans", achternaam="Arnhem", postcode="6811 AB", uitkering="ww",
                         email="ans@example.nl")
    [eerste] = KlantmanagerToewijzing.objects.filter(kandidaat=k)
    assert eerste.organisatie == karin.organisatie
    uwv = OrganisatieFactory(soort=Organisatie.Soort.UWV, gemeente=None, regio=karin.regio)
    kees = KlantmanagerFactory(organisatie=uwv)
    warme_overdracht(kandidaat=k, door=karin, naar=kees, notitie="Graag bellen.")
    assert [t.organisatie for t in KlantmanagerToewijzing.objects.filter(kandidaat=k).order_by("pk")] == [
        karin.organisatie, uwv]
    # Moved to another organisation afterwards: the history stays as it was.
    karin.organisatie = uwv
    karin.save(update_fields=["organisatie"])
    eerste.refresh_from_db()
    assert eerste.organisatie != uwv


def test_a_dossier_that_came_without_history_records_the_organisation_of_who_hands_it_over(wereld):
    """An imported dossier without its toewijzing: the one handing over is put in the history at the handover."""
    k = wereld.kandidaat
    KlantmanagerToewijzing.objects.filter(kandidaat=k).delete()
    collega = KlantmanagerFactory(organisatie=wereld.klantmanager.organisatie)
    warme_overdracht(kandidaat=k, door=wereld.klantmanager, naar=collega, notitie="Verlof.")
    assert {t.klantmanager_id: t.organisatie_id for t in KlantmanagerToewijzing.objects.filter(kandidaat=k)} == {
        wereld.klantmanager.pk: wereld.klantmanager.organisatie_id, collega.pk: collega.organisatie_id}


def test_the_migration_fills_the_existing_rows_with_the_klantmanagers_organisation_now(wereld):
    vullen = importlib.import_module("werkzoekenden.migrations.0030_klantmanagertoewijzing_organisatie_vullen").vullen
    karin = wereld.klantmanager
    zonder = KlantmanagerFactory(organisatie=None)
    andere = OrganisatieFactory(regio=karin.regio)
    k = wereld.kandidaat
    oud = KlantmanagerToewijzing.objects.create(kandidaat=k, klantmanager=karin)
    al_gevuld = KlantmanagerToewijzing.objects.create(kandidaat=k, klantmanager=karin, organisatie=andere)
    geen = KlantmanagerToewijzing.objects.create(kandidaat=Kandidaat.objects.get(pk=k.pk), klantmanager=zonder)

    class SchemaEditor:
        pass

    editor = SchemaEditor()
    editor.connection = connection
    vullen(apps, editor)
    for rij in (oud, al_gevuld, geen):
        rij.refresh_from_db()
    assert (oud.organisatie, al_gevuld.organisatie, geen.organisatie) == (karin.organisatie, andere, None)


def test_the_dossier_history_and_the_export_name_the_organisation_of_then(client, wereld):
    """Kees of UWV handed Willem to the gemeente; later a beheerder moved Kees to the gemeente. Willem's home still
    says UWV handed him over, but his dossier's list of klantmanagers and his privacy export read Kees's organisation
    now: "Kees Vermeulen (Gemeente ...)" for his months at UWV."""
    from django.urls import reverse

    from privacy.export import gegevens_van, kandidaat_voor_export

    k = wereld.kandidaat
    gemeente = wereld.klantmanager.organisatie
    uwv = OrganisatieFactory(naam="UWV Arnhem", soort=Organisatie.Soort.UWV, gemeente=None,
                             regio=wereld.klantmanager.regio)
    kees = KlantmanagerFactory(voornaam="Kees", achternaam="Vermeulen", organisatie=uwv)
    Kandidaat.objects.filter(pk=k.pk).update(klantmanager=kees)
    k.refresh_from_db()
    warme_overdracht(kandidaat=k, door=kees, naar=wereld.klantmanager, notitie="WW stopt.")
    kees.organisatie = gemeente
    kees.save(update_fields=["organisatie"])
    export = gegevens_van(kandidaat_voor_export(k.pk))["klantmanagers"]
    assert [(t["naam"], t["organisatie"]) for t in export] == [("Kees Vermeulen", "UWV Arnhem"),
                                                              ("Karin Klant", str(gemeente))]
    client.force_login(wereld.werkzoekende_user)
    html = client.get(reverse("dossier", args=[k.pk])).content.decode()
    assert "Kees Vermeulen (UWV Arnhem)" in html and f"Karin Klant ({gemeente})" in html
