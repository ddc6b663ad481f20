"""Probe: an unattended screen. A session ends after a while without activity (60 minutes for staff,
15 for werkgevers and werkzoekenden, both configurable) and after SESSIE_MAXIMUM_UUR in any case.

The clock is moved with time-machine; the session's timestamps are the ones the middleware wrote.
"""

from datetime import datetime, timedelta, timezone

import pytest
import time_machine
from django.conf import settings as django_settings
from django.urls import reverse

from tests.test_settings_env import start

pytestmark = pytest.mark.django_db

BEGIN = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def klok():
    with time_machine.travel(BEGIN, tick=False) as traveller:
        yield traveller


def na(klok, minuten):
    klok.move_to(BEGIN + timedelta(minutes=minuten))


def uitgelogd(response, client):
    return response.status_code == 302 and response["Location"].startswith(reverse("account_login")) \
        and "_auth_user_id" not in client.session


def test_defaults():
    assert django_settings.SESSIE_INACTIEF_MINUTEN_MEDEWERKER == 60
    assert django_settings.SESSIE_INACTIEF_MINUTEN == 15
    assert django_settings.SESSION_COOKIE_AGE == django_settings.SESSIE_MAXIMUM_UUR * 3600 <= 12 * 3600
    assert django_settings.ACCOUNT_SESSION_REMEMBER is False  # no "remember me" for 14 days


def test_staff_still_logged_in_after_59_minutes(client, wereld, klok):
    client.force_login(wereld.accountmanager)
    na(klok, 59)
    assert client.get(reverse("accountmanager_home")).status_code == 200


def test_staff_logged_out_after_61_minutes_with_a_message(client, wereld, klok):
    client.force_login(wereld.accountmanager)
    na(klok, 61)
    url = reverse("werkgever_detail", args=[wereld.werkgever.pk])
    response = client.get(url)
    assert uitgelogd(response, client)
    assert response["Location"] == f"{reverse('account_login')}?next={url.replace('/', '%2F')}"
    pagina = client.get(response["Location"]).content.decode()
    assert "Je bent uitgelogd omdat je 60 minuten niet actief was" in pagina


def test_activity_moves_the_limit(client, wereld, klok):
    client.force_login(wereld.klantmanager)
    na(klok, 50)
    assert client.get(reverse("klantmanager_home")).status_code == 200
    na(klok, 105)  # 55 minutes after the last click
    assert client.get(reverse("klantmanager_home")).status_code == 200


def test_werkzoekende_logged_out_after_16_minutes(client, wereld, klok):
    client.force_login(wereld.werkzoekende_user)
    na(klok, 14)
    assert client.get(reverse("werkzoekende_home")).status_code == 200
    na(klok, 30)
    response = client.get(reverse("werkzoekende_home"))
    assert uitgelogd(response, client)
    assert "Je bent uitgelogd omdat je 15 minuten niet actief was" in client.get(response["Location"]).content.decode()


def test_werkgever_is_addressed_with_u(client, wereld, klok):
    client.force_login(wereld.werkgever_user)
    na(klok, 16)
    response = client.get(reverse("werkgever_home"))
    assert uitgelogd(response, client)
    assert "U bent uitgelogd omdat u 15 minuten niet actief was" in client.get(response["Location"]).content.decode()


def test_limits_are_configurable(client, wereld, klok, settings):
    settings.SESSIE_INACTIEF_MINUTEN = 30
    settings.SESSIE_INACTIEF_MINUTEN_MEDEWERKER = 20
    client.force_login(wereld.werkzoekende_user)
    na(klok, 25)
    assert client.get(reverse("werkzoekende_home")).status_code == 200
    client.force_login(wereld.klantmanager)
    na(klok, 46)
    assert uitgelogd(client.get(reverse("klantmanager_home")), client)


def test_absolute_limit_however_active(client, wereld, klok):
    client.force_login(wereld.accountmanager)
    minuten = 0
    while minuten + 50 <= 12 * 60:
        minuten += 50
        na(klok, minuten)
        assert client.get(reverse("accountmanager_home")).status_code == 200, minuten
    na(klok, 12 * 60 + 1)
    response = client.get(reverse("accountmanager_home"))
    assert uitgelogd(response, client)
    assert "langer dan 12 uur was ingelogd" in client.get(response["Location"]).content.decode()


def test_asking_how_long_is_left_is_not_activity(client, wereld, klok):
    client.force_login(wereld.werkzoekende_user)
    na(klok, 10)
    status = client.get(reverse("sessie_status")).json()
    assert status == {"resterend": 5 * 60, "verlopen": False}
    na(klok, 16)
    response = client.get(reverse("sessie_status"))
    assert response.json()["verlopen"] is True
    assert "_auth_user_id" not in client.session


def test_ingelogd_blijven_is_activity(client, wereld, klok):
    client.force_login(wereld.werkzoekende_user)
    na(klok, 13)
    assert client.post(reverse("sessie_status")).json() == {"resterend": 15 * 60, "verlopen": False}
    na(klok, 27)
    assert client.get(reverse("werkzoekende_home")).status_code == 200


def test_background_polling_is_not_activity(client, wereld, klok):
    """An htmx poll marked X-Achtergrond would otherwise keep an unattended screen logged in forever."""
    client.force_login(wereld.klantmanager)
    for minuut in range(5, 60, 5):
        na(klok, minuut)
        assert client.get(reverse("klantmanager_home"), HTTP_HX_REQUEST="true",
                          HTTP_X_ACHTERGROND="1").status_code == 200
    na(klok, 61)
    response = client.get(reverse("klantmanager_home"), HTTP_HX_REQUEST="true", HTTP_X_ACHTERGROND="1")
    assert response["HX-Redirect"].startswith(reverse("account_login"))  # the whole page goes to the login
    assert "_auth_user_id" not in client.session


def test_a_real_login_starts_the_clock(client, wereld, klok):
    from accounts.tests.factories import WACHTWOORD

    client.post(reverse("account_login"), {"login": wereld.werkzoekende_user.email, "password": WACHTWOORD})
    assert client.session["sessie_begin"] == BEGIN.timestamp()
    assert client.session.get_expire_at_browser_close()  # the cookie dies with the browser


def test_page_carries_the_limit_for_the_warning(client, wereld):
    client.force_login(wereld.accountmanager)
    html = client.get(reverse("accountmanager_home")).content.decode()
    assert 'data-inactief="3600"' in html and 'data-waarschuwing="120"' in html
    assert "js/sessie.js" in html
    assert "Ingelogd blijven" in html


def test_anonymous_status_goes_to_login(client):
    assert client.get(reverse("sessie_status"))["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("variabele,waarde", [("SESSIE_INACTIEF_MINUTEN", "kwartier"),
                                              ("SESSIE_INACTIEF_MINUTEN_MEDEWERKER", "0"),
                                              ("SESSIE_MAXIMUM_UUR", "-1"), ("MFA_VERPLICHT", "misschien")])
def test_bad_setting_stops_start_up_naming_it(variabele, waarde):
    result = start(**{variabele: waarde})
    assert result.returncode != 0
    assert variabele in result.stderr + result.stdout


def test_a_form_sent_after_the_limit_returns_to_home_after_login(client, wereld, klok):
    client.force_login(wereld.werkzoekende_user)
    na(klok, 20)
    response = client.post(reverse("mijn_plan"), {"iets": "x"})
    assert uitgelogd(response, client)
    assert response["Location"] == f"{reverse('account_login')}?next=%2F"
