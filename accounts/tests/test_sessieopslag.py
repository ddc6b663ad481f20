"""accounts.sessieopslag: Django's database sessions, read with SQL compiled once; the same outcome as Django's own."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from accounts import sessieopslag

pytestmark = pytest.mark.django_db


def _beide(sleutel):
    return sessieopslag.SessionStore(sleutel), db.SessionStore(sleutel)


def test_the_portal_uses_it():
    assert settings.SESSION_ENGINE == "accounts.sessieopslag"


def test_a_saved_session_loads_as_in_django():
    opgeslagen = sessieopslag.SessionStore()
    opgeslagen["rol"] = "klantmanager"
    opgeslagen["getal"] = 3
    opgeslagen.save()
    ons, django = _beide(opgeslagen.session_key)
    assert dict(ons.items()) == dict(django.items()) == {"rol": "klantmanager", "getal": 3}
    assert ons.session_key == django.session_key == opgeslagen.session_key


@pytest.mark.parametrize("sleutel", ["bestaatniet12345678", None])
def test_an_unknown_key_gives_an_empty_session_that_gets_a_new_key(sleutel):
    ons, django = _beide(sleutel)
    assert dict(ons.items()) == dict(django.items()) == {}
    assert ons.session_key is None and django.session_key is None
    ons["x"] = 1
    ons.save()
    assert ons.session_key and ons.session_key != sleutel


def test_an_expired_session_is_not_loaded():
    opgeslagen = sessieopslag.SessionStore()
    opgeslagen["geheim"] = "nee"
    opgeslagen.save()
    Session.objects.filter(pk=opgeslagen.session_key).update(expire_date=timezone.now() - timedelta(seconds=1))
    ons, django = _beide(opgeslagen.session_key)
    assert dict(ons.items()) == dict(django.items()) == {}
    assert ons.session_key is None


def test_a_logged_in_request_reads_its_session_through_it(client, wereld):
    client.force_login(wereld.klantmanager)
    response = client.get(reverse("sessie_status"))
    assert response.status_code == 200
    assert isinstance(response.wsgi_request.session, sessieopslag.SessionStore)
    assert response.wsgi_request.user == wereld.klantmanager
