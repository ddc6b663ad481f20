"""The klantmanager follows on the dossier where her werkzoekende was proposed and how it stands, and her work."""

import pytest
from django.urls import reverse

from bemiddeling.tests.factories import VoordrachtFactory
from tests.test_query_counts import queries_voor
from werkgevers.models import Vacature
from werkgevers.tests.factories import VacatureFactory

pytestmark = pytest.mark.django_db


def _dossier(client, gebruiker, kandidaat):
    client.force_login(gebruiker)
    return client.get(reverse("dossier", args=[kandidaat.pk])).content.decode()


def test_the_klantmanager_reads_the_voordrachten_and_the_plaatsing_on_the_dossier(client, wereld):
    """Lotte opened Anja's dossier and read nothing of her voordracht at De Heul, its gesprek, the hire or the
    proefplaatsing that runs: only the step of "Waar staat Anja?". The voordracht and the plaatsing were reachable
    only from a melding. Now the dossier lists both, each linked, with how it stands; the werkzoekende reads her own
    on "Mijn sollicitaties" and her home page, not here."""
    wereld.met_plaatsing()
    anja = wereld.kandidaat2
    html = _dossier(client, wereld.klantmanager, anja)
    assert "Voordrachten en werk" in html
    assert reverse("voordracht_detail", args=[wereld.voordracht2.pk]) in html
    assert reverse("plaatsing_detail", args=[wereld.plaatsing.pk]) in html
    assert "Proefplaatsing (met behoud van uitkering)</a> bij De Heul Installatietechniek (Monteur)" in html
    assert ">Aangenomen</span>" in html
    html = _dossier(client, wereld.werkzoekende_user, wereld.kandidaat)
    assert "Voordrachten en werk" not in html
    assert reverse("voordracht_detail", args=[wereld.voordracht.pk]) not in html


def test_the_voordrachten_on_the_dossier_cost_the_same_queries_however_many(client, wereld):
    client.force_login(wereld.klantmanager)
    url = reverse("dossier", args=[wereld.kandidaat.pk])
    vacatures = VacatureFactory.create_batch(5, werkgever=wereld.werkgever, status=Vacature.Status.GESLOTEN)
    VoordrachtFactory(kandidaat=wereld.kandidaat, vacature=vacatures[0])
    queries_voor(client, url)  # the first visit also builds the process's matching index
    een = queries_voor(client, url)
    for vacature in vacatures[1:]:
        VoordrachtFactory(kandidaat=wereld.kandidaat, vacature=vacature, status="niet_passend", reden="ervaring")
    assert queries_voor(client, url) == een
