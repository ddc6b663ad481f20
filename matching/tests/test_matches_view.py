import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bemiddeling.models import Shortlist
from beroepen.tests.factories import BeroepFactory
from werkgevers.tests.factories import VacatureFactory
from werkzoekenden.services import toestemming_verlenen
from werkzoekenden.tests.factories import KandidaatFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def opzet(wereld):
    beroep = BeroepFactory(naam="monteur", met_vaardigheden=["VCA", "solderen"])
    vacature = VacatureFactory(werkgever=wereld.werkgever, beroep=beroep, postcode="6811 AB", uren_per_week=36)
    vacature.vereiste_vaardigheden.set(beroep.vaardigheden.all())
    met = KandidaatFactory(voornaam="Mila", achternaam="Met", postcode="6812 AA", gewenste_uren=36)
    met.vaardigheden.set(beroep.vaardigheden.all())
    met.gewenste_beroepen.add(beroep)
    zonder = KandidaatFactory(voornaam="Zara", achternaam="Zonder", postcode="6812 AA", gewenste_uren=16)
    for k in (met, zonder):
        toestemming_verlenen(kandidaat=k, doel="vindbaar", door=wereld.klantmanager)
    toestemming_verlenen(kandidaat=met, doel="werkgever", werkgever=wereld.werkgever, door=wereld.klantmanager)
    return vacature, met, zonder


def test_ranked_explained_and_anonymous_without_consent(client, wereld, opzet):
    vacature, met, zonder = opzet
    client.force_login(wereld.accountmanager)
    html = client.get(reverse("vacature_matches", args=[vacature.pk])).content.decode()
    assert html.index("Mila Met") < html.index(f"Kandidaat {zonder.pseudoniem} (anoniem)")
    assert "Zara" not in html and "2 van 2 vereiste vaardigheden" in html and "Zoekt werk als monteur" in html
    assert f"?kandidaat={met.pk}" in html and f"?kandidaat={zonder.pk}" not in html
    html = client.get(reverse("vacature_matches", args=[vacature.pk]), {"min_uren": "30"}).content.decode()
    assert "Mila Met" in html and f"Kandidaat {zonder.pseudoniem}" not in html


def test_shortlist_add_and_remove(client, wereld, opzet):
    vacature, _met, zonder = opzet
    client.force_login(wereld.accountmanager)
    url = reverse("vacature_matches", args=[vacature.pk])
    client.post(url, {"kandidaat": zonder.pseudoniem})
    assert Shortlist.objects.filter(vacature=vacature, kandidaat=zonder).exists()
    client.post(url, {"kandidaat": zonder.pseudoniem, "actie": "weg"})
    assert not Shortlist.objects.exists()
    client.post(url, {"kandidaat": wereld.kandidaat.pseudoniem})  # not findable: nothing happens
    assert not Shortlist.objects.exists()


def test_the_region_of_the_heading_comes_with_the_vacature(client, wereld, opzet):
    """The page names the region ("De beste 25 van ... in Midden-Gelderland"): read with the vacature, not with a
    query of its own on every request (the view put ``vacature.regio`` in the context)."""
    vacature, _met, _zonder = opzet
    client.force_login(wereld.accountmanager)
    url = reverse("vacature_matches", args=[vacature.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).context["regio"] == vacature.regio
    assert not [q for q in queries.captured_queries if 'FROM "accounts_arbeidsmarktregio"' in q["sql"]]


def test_query_count_does_not_grow(client, wereld, opzet):
    vacature, _met, zonder = opzet
    client.force_login(wereld.accountmanager)
    url = reverse("vacature_matches", args=[vacature.pk])
    # Steady state, after this process's index caught up: session and user, vacature (+ werkgever for the
    # permission), weights, vacature profile (2 skill lists), kandidaten for this werkgever only (3), index
    # catching up (1), proposals read again (3), skill and occupation names (2), shortlist, consent, still
    # findable, kandidaten, verwerkingenlog (the region for the heading comes with the vacature).
    client.post(url, {"kandidaat": zonder.pseudoniem})
    client.get(url)
    with CaptureQueriesContext(connection) as klein:
        client.get(url)
    for k in KandidaatFactory.create_batch(30, postcode="6812 AA"):
        toestemming_verlenen(kandidaat=k, doel="vindbaar", door=wereld.klantmanager)
        client.post(url, {"kandidaat": k.pseudoniem})
    client.get(url)
    with CaptureQueriesContext(connection) as groot:
        response = client.get(url)
    html = response.content.decode()
    assert "Shortlist (31)" in html and html.count("Van de shortlist") + html.count("Op de shortlist") == 25
    assert len(groot.captured_queries) == len(klein.captured_queries)


def test_a_kandidaat_who_misses_a_hard_requirement_is_bijna_never_a_percentage_fit(client, wereld):
    """Issue: the top "Past voor 24%" had 0 of 3 required skills and no rijbewijs B, with no warning."""
    beroep = BeroepFactory(naam="bezorger", met_vaardigheden=["route plannen", "pakketten sorteren", "klantcontact"])
    vacature = VacatureFactory(werkgever=wereld.werkgever, beroep=beroep, postcode="6811 AB", uren_per_week=38,
                               rijbewijs="B")
    vacature.vereiste_vaardigheden.set(beroep.vaardigheden.all())
    dichtbij = KandidaatFactory(voornaam="Dirk", achternaam="Dichtbij", postcode="6812 AA", gewenste_uren=38,
                                rijbewijs="")
    toestemming_verlenen(kandidaat=dichtbij, doel="vindbaar", door=wereld.klantmanager)
    client.force_login(wereld.accountmanager)
    html = client.get(reverse("vacature_matches", args=[vacature.pk])).content.decode()
    assert "Niemand past" in html
    assert "Past voor" not in html
    assert "Mist:" in html and "rijbewijs B" in html and "vereiste vaardigheden: klantcontact" in html

    # One who has it all ranks first and fits, even with a lower score than the one nearby.
    verder = KandidaatFactory(voornaam="Vera", achternaam="Verder", postcode="6541 AA", gewenste_uren=20,
                              rijbewijs="B")
    verder.vaardigheden.set(beroep.vaardigheden.all())
    toestemming_verlenen(kandidaat=verder, doel="vindbaar", door=wereld.klantmanager)
    html = client.get(reverse("vacature_matches", args=[vacature.pk])).content.decode()
    assert "Niemand past" not in html and "Past (1)" in html and "Bijna (1)" in html
    assert html.index(f"Kandidaat {verder.pseudoniem}") < html.index("Past voor") < html.index("Bijna (1)") \
        < html.index(f"Kandidaat {dichtbij.pseudoniem}")


def test_voordragen_leaves_the_toelichting_to_the_accountmanager(client, wereld, opzet):
    """Issue: "Voordragen" filled the toelichting with the score explanation; one click sent machine text."""
    vacature, met, _zonder = opzet
    client.force_login(wereld.accountmanager)
    response = client.get(reverse("voordracht_nieuw", args=[vacature.pk]), {"kandidaat": met.pk})
    html = response.content.decode()
    veld = re.search(r"<textarea[^>]*name=\"toelichting\"[^>]*>(.*?)</textarea>", html, re.DOTALL)
    assert veld and veld.group(1).strip() == ""
    assert "Past bij deze vacature" not in html
    # The explanation stands beside the field, for the accountmanager only.
    suggestie = html[html.index('id="suggestie"'):]
    assert "2 van 2 vereiste vaardigheden" in suggestie and "36 van 36 uur" in suggestie
    # Mila's dossier has skills but no work history: the werkgever would see an empty cv, so say so.
    assert 'id="cv-leeg"' in html
    met.werkervaring = "Monteur bij een installatiebedrijf (4 jaar)"
    met.save(update_fields=["werkervaring"])
    html = client.get(reverse("voordracht_nieuw", args=[vacature.pk]), {"kandidaat": met.pk}).content.decode()
    assert 'id="cv-leeg"' not in html
