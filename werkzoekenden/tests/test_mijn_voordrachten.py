"""Willem's page "mijn sollicitaties". The voordrachten and gesprekken come from the factories in the state the
page needs; how a voordracht gets there is tested in ``bemiddeling/tests``."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import WerkzoekendeUserFactory
from bemiddeling.models import Voordracht
from bemiddeling.tests.factories import SollicitatiegesprekFactory, VoordrachtFactory
from meldingen.models import Melding
from outbox.models import Gebeurtenis

pytestmark = pytest.mark.django_db


def _gesprek(wereld):
    """Willem's voordracht at De Heul with a gesprek in three days; his begeleider joins."""
    return SollicitatiegesprekFactory(voordracht__kandidaat=wereld.kandidaat,
                                      voordracht__vacature__werkgever=wereld.werkgever,
                                      voordracht__voorgedragen_door=wereld.accountmanager)


def test_werkzoekende_follows_proposals_and_chooses_the_begeleider(client, wereld, django_capture_on_commit_callbacks):
    gesprek = _gesprek(wereld)
    client.force_login(wereld.werkzoekende_user)
    html = client.get(reverse("mijn_voordrachten")).content.decode()
    assert "Gesprek gepland" in html and "Je begeleider gaat mee." in html
    client.post(reverse("begeleider_kiezen", args=[gesprek.pk]), {"mee": "nee"})
    gesprek.refresh_from_db()
    assert not gesprek.begeleider_gaat_mee
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("begeleider_kiezen", args=[gesprek.pk]), {"mee": "ja"})
    assert any(wereld.klantmanager.email in m.to for m in mail.outbox)  # the begeleider is told


def test_the_klantmanager_hears_that_she_need_not_come_along_any_more(client, wereld,
                                                                    django_capture_on_commit_callbacks):
    """Willem tapped "Ik ga liever alleen": saved, but his klantmanager, invited to go along, heard nothing and would
    have waited at the bus stop. Now she gets a melding (and its mail); asked again, the invitation mail says it."""
    gesprek = _gesprek(wereld)
    client.force_login(wereld.werkzoekende_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("begeleider_kiezen", args=[gesprek.pk]), {"mee": "nee"})
    [melding] = Melding.objects.filter(ontvanger=wereld.klantmanager)
    werkgever = wereld.werkgever.naam
    assert melding.tekst.startswith(f"Willem van de Vecht gaat liever alleen naar het gesprek bij {werkgever} op ")
    assert melding.tekst.endswith("Je hoeft niet mee.")
    assert melding.url == reverse("gesprek_voorbereiding", args=[gesprek.pk])
    # The same choice again changes nothing and tells nobody twice.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("begeleider_kiezen", args=[gesprek.pk]), {"mee": "nee"})
    assert Melding.objects.filter(ontvanger=wereld.klantmanager).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("begeleider_kiezen", args=[gesprek.pk]), {"mee": "ja"})
    assert Melding.objects.filter(ontvanger=wereld.klantmanager, tekst__contains="wil graag dat je meegaat").exists()


def test_a_cancelled_gesprek_asks_no_klantmanager_to_come_along(client, wereld, django_capture_on_commit_callbacks):
    """Willem still has the page open when the gesprek is cancelled, and taps "Ik wil graag dat mijn begeleider
    meegaat": he reads that the gesprek is off; his klantmanager gets no invitation and no melding."""
    gesprek = _gesprek(wereld)
    gesprek.begeleider_gaat_mee = False
    gesprek.geannuleerd_op = timezone.now()
    gesprek.save(update_fields=["begeleider_gaat_mee", "geannuleerd_op"])
    Voordracht.objects.filter(pk=gesprek.voordracht_id).update(status=Voordracht.Status.INGETROKKEN)
    client.force_login(wereld.werkzoekende_user)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = client.post(reverse("begeleider_kiezen", args=[gesprek.pk]), {"mee": "ja"}, follow=True)
    assert antwoord.status_code == 200
    assert "Dit gesprek gaat niet door." in next(str(m) for m in antwoord.context["messages"])
    gesprek.refresh_from_db()
    assert gesprek.begeleider_gaat_mee is False
    assert not Melding.objects.filter(ontvanger=wereld.klantmanager).exists()
    assert not [m for m in mail.outbox if wereld.klantmanager.email in m.to]
    assert not Gebeurtenis.objects.filter(soort="bemiddeling.begeleider_gekozen").exists()


def test_the_colleague_covering_for_the_klantmanager_can_open_her_melding(client, wereld,
                                                                         django_capture_on_commit_callbacks):
    """Karin is away and Jeske covers for her: Jeske's copy of "Willem gaat liever alleen ... Je hoeft niet mee."
    links to the gesprek's voorbereiding, which she opens (it was a 404)."""
    from accounts.services import waarnemer_instellen
    from accounts.tests.factories import KlantmanagerFactory
    from bemiddeling.services import _voorbereiding_klaarzetten

    gesprek = _gesprek(wereld)
    _voorbereiding_klaarzetten(gesprek)
    km = wereld.klantmanager
    jeske = KlantmanagerFactory(organisatie=km.organisatie, regio=km.regio)
    waarnemer_instellen(gebruiker=km, waarnemer=jeske)
    client.force_login(wereld.werkzoekende_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("begeleider_kiezen", args=[gesprek.pk]), {"mee": "nee"})
    [kopie] = Melding.objects.filter(ontvanger=jeske)
    assert "Je hoeft niet mee" in kopie.tekst
    client.force_login(jeske)
    assert client.get(kopie.url).status_code == 200


def test_rejection_feedback_only_when_the_werkgever_allowed_it(client, wereld):
    _gesprek(wereld)
    for delen in (True, False):
        VoordrachtFactory(niet_passend=True, kandidaat=wereld.kandidaat, vacature__werkgever=wereld.werkgever,
                          vacature__titel=f"Functie {delen}", reden_toelichting=f"toelichting {delen}",
                          reden_delen_met_kandidaat=delen)
    client.force_login(wereld.werkzoekende_user)
    html = client.get(reverse("mijn_voordrachten")).content.decode()
    assert "toelichting True" in html and "toelichting False" not in html


def test_someone_else_cannot_choose_for_you(client, wereld):
    gesprek = _gesprek(wereld)
    client.force_login(WerkzoekendeUserFactory())
    assert client.post(reverse("begeleider_kiezen", args=[gesprek.pk]), {"mee": "nee"}).status_code == 404


def test_query_count_does_not_grow(client, wereld):
    _gesprek(wereld)
    client.force_login(wereld.werkzoekende_user)
    with CaptureQueriesContext(connection) as klein:
        client.get(reverse("mijn_voordrachten"))
    # Each with its own vacature, werkgever, toestemming and accountmanager: nothing the page reads is shared.
    VoordrachtFactory.create_batch(15, kandidaat=wereld.kandidaat)
    with CaptureQueriesContext(connection) as groot:
        client.get(reverse("mijn_voordrachten"))
    assert len(groot.captured_queries) == len(klein.captured_queries)


def test_the_page_shows_each_gesprek_with_its_preparation_and_is_built_once_per_process(client, wereld, monkeypatch):
    """Two gesprekken of one voordracht, newest first, one with a preparation (a link) and one without; another
    voordracht without any. On the next visit nothing of the page's list is built again: before, the page, its count
    and the prefetch of gesprekken and preparations were four querysets on every visit."""
    from datetime import timedelta

    from bemiddeling.models import Gespreksvoorbereiding, Sollicitatiegesprek, Voordracht
    from tests.gebouwd import gebouwde_queries

    eerste = _gesprek(wereld)
    later = SollicitatiegesprekFactory(voordracht=eerste.voordracht, begint_op=eerste.begint_op + timedelta(days=7),
                                       locatie="Tweede ronde")
    Gespreksvoorbereiding.objects.filter(gesprek=later).delete()
    Gespreksvoorbereiding.objects.get_or_create(gesprek=eerste, defaults={"vragen": "Waarom dit werk?"})
    VoordrachtFactory(kandidaat=wereld.kandidaat, vacature__titel="Zonder gesprek")
    client.force_login(wereld.werkzoekende_user)
    html = client.get(reverse("mijn_voordrachten")).content.decode()
    assert html.index("Tweede ronde") < html.index(eerste.locatie)  # newest first
    assert Gespreksvoorbereiding.objects.filter(gesprek=eerste).exists()
    assert reverse("mijn_voorbereiding", args=[eerste.pk]) in html
    assert reverse("mijn_voorbereiding", args=[later.pk]) not in html and "Zonder gesprek" in html
    gebouwd = gebouwde_queries(monkeypatch)
    pagina = client.get(reverse("mijn_voordrachten")).context["pagina"]
    monkeypatch.undo()
    assert not [c for c in gebouwd if c.query.model in (Voordracht, Sollicitatiegesprek, Gespreksvoorbereiding)]
    # Each voordracht with its own gesprekken, newest first, and the preparation read along.
    assert {v.pk: [g.pk for g in v.gesprekken_lijst] for v in pagina.object_list} == {
        v.pk: list(v.gesprekken.order_by("-begint_op", "pk").values_list("pk", flat=True))
        for v in Voordracht.objects.filter(kandidaat=wereld.kandidaat)}
    assert [hasattr(g, "gespreksvoorbereiding") for v in pagina.object_list for g in v.gesprekken_lijst
            if g.pk in (eerste.pk, later.pk)] == [False, True]
