import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bemiddeling.services import voordracht_reageren

pytestmark = pytest.mark.django_db


def test_werkzoekende_follows_proposals_and_chooses_the_begeleider(client, wereld, django_capture_on_commit_callbacks):
    wereld.met_bemiddeling()  # Willem: voordracht with a gesprek planned, begeleider joins
    client.force_login(wereld.werkzoekende_user)
    html = client.get(reverse("mijn_voordrachten")).content.decode()
    assert "Gesprek gepland" in html and "Je begeleider gaat mee." in html
    client.post(reverse("begeleider_kiezen", args=[wereld.gesprek.pk]), {"mee": "nee"})
    wereld.gesprek.refresh_from_db()
    assert not wereld.gesprek.begeleider_gaat_mee
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("begeleider_kiezen", args=[wereld.gesprek.pk]), {"mee": "ja"})
    assert any(wereld.klantmanager.email in m.to for m in mail.outbox)  # the begeleider is told


def test_rejection_feedback_only_when_the_werkgever_allowed_it(client, wereld):
    from bemiddeling.services import voordracht_create
    from werkgevers.tests.factories import VacatureFactory
    from werkzoekenden.services import toestemming_verlenen

    wereld.met_bemiddeling()
    for delen in (True, False):
        vacature = VacatureFactory(werkgever=wereld.werkgever, titel=f"Functie {delen}")
        toestemming_verlenen(kandidaat=wereld.kandidaat, doel="werkgever", werkgever=wereld.werkgever,
                             door=wereld.klantmanager)
        v = voordracht_create(vacature=vacature, kandidaat=wereld.kandidaat, door=wereld.accountmanager,
                              toelichting="Past")
        voordracht_reageren(voordracht=v, door=wereld.werkgever_user, uitnodigen=False, reden="ervaring",
                            reden_toelichting=f"toelichting {delen}", reden_delen=delen)
    client.force_login(wereld.werkzoekende_user)
    html = client.get(reverse("mijn_voordrachten")).content.decode()
    assert "toelichting True" in html and "toelichting False" not in html


def test_someone_else_cannot_choose_for_you(client, wereld):
    from accounts.tests.factories import WerkzoekendeUserFactory

    wereld.met_bemiddeling()
    client.force_login(WerkzoekendeUserFactory())
    assert client.post(reverse("begeleider_kiezen", args=[wereld.gesprek.pk]), {"mee": "nee"}).status_code == 404


def test_query_count_does_not_grow(client, wereld):
    from bemiddeling.services import voordracht_create
    from werkgevers.tests.factories import VacatureFactory
    from werkzoekenden.services import toestemming_verlenen

    wereld.met_bemiddeling()
    client.force_login(wereld.werkzoekende_user)
    with CaptureQueriesContext(connection) as klein:
        client.get(reverse("mijn_voordrachten"))
    toestemming_verlenen(kandidaat=wereld.kandidaat, doel="werkgever", werkgever=wereld.werkgever,
                         door=wereld.klantmanager)
    for i in range(15):
        voordracht_create(vacature=VacatureFactory(werkgever=wereld.werkgever), kandidaat=wereld.kandidaat,
                          door=wereld.accountmanager, toelichting="Past")
    with CaptureQueriesContext(connection) as groot:
        client.get(reverse("mijn_voordrachten"))
    assert len(groot.captured_queries) == len(klein.captured_queries)
