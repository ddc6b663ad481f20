"""accounts.middleware.GebruikerMiddleware: the user with organisatie and regio in one query, and Django's checks of
the session kept (the password changed elsewhere, a deactivated account, a rotated secret, a backend no longer
configured)."""

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User, Verwerking

pytestmark = pytest.mark.django_db


def _ingelogd(client):
    return client.get(reverse("meldingen")).status_code == 200


def test_the_header_regio_and_the_audit_organisatie_come_with_the_user(client, wereld):
    client.force_login(wereld.klantmanager)
    url = reverse("dossier", args=[wereld.kandidaat.pk])
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url).content.decode()
    assert wereld.klantmanager.regio.naam in html
    sql = [q["sql"] for q in queries.captured_queries]
    assert not any(s.startswith(('SELECT "accounts_arbeidsmarktregio"', 'SELECT "accounts_organisatie"')) for s in sql)
    assert any('"accounts_user"' in s and '"accounts_arbeidsmarktregio"' in s and '"accounts_organisatie"' in s
               for s in sql)

    assert Verwerking.objects.filter(gebruiker=wereld.klantmanager).latest("pk").organisatie == \
        wereld.klantmanager.organisatie.naam


def test_a_password_changed_elsewhere_ends_the_session(client, wereld):
    client.force_login(wereld.klantmanager)
    assert _ingelogd(client)
    gebruiker = User.objects.get(pk=wereld.klantmanager.pk)
    gebruiker.set_password("een-heel-ander-wachtwoord")
    gebruiker.save()
    assert client.get(reverse("meldingen")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_deactivated_account_is_anonymous_at_once(client, wereld):
    client.force_login(wereld.werkzoekende_user)
    assert _ingelogd(client)
    User.objects.filter(pk=wereld.werkzoekende_user.pk).update(is_active=False)
    assert client.get(reverse("meldingen")).status_code == 302


def test_a_session_of_a_rotated_secret_gets_the_new_hash_and_a_new_key(client, wereld, settings):
    client.force_login(wereld.accountmanager)
    oude_sleutel = client.session.session_key
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "een-nieuw-geheim-" + "x" * 40
    assert _ingelogd(client)
    assert client.session.session_key != oude_sleutel
    assert client.session[HASH_SESSION_KEY] == User.objects.get(pk=wereld.accountmanager.pk).get_session_auth_hash()


def test_a_session_without_hash_or_of_an_unknown_backend_is_anonymous(client, wereld):
    client.force_login(wereld.accountmanager)
    sessie = client.session
    del sessie[HASH_SESSION_KEY]
    sessie.save()
    assert client.get(reverse("meldingen")).status_code == 302
    client.force_login(wereld.accountmanager)
    sessie = client.session
    sessie[BACKEND_SESSION_KEY] = "accounts.bestaat.niet.Backend"
    sessie.save()
    assert client.get(reverse("meldingen")).status_code == 302


def test_a_session_of_allauths_backend_is_still_valid(client, wereld):
    client.force_login(wereld.werkgever_user, backend="allauth.account.auth_backends.AuthenticationBackend")
    assert _ingelogd(client)


def test_the_user_is_read_before_the_view_and_is_the_user_itself(client, wereld):
    """Every request reads the user anyway (the session limit asks whether it is logged in), so it is read once,
    before the view, and ``request.user`` is the User: no proxy between each of the page's ``user.…`` and it.
    Without a session cookie nothing is read."""
    client.force_login(wereld.klantmanager)
    response = client.get(reverse("meldingen"))
    assert type(response.wsgi_request.user) is User and response.wsgi_request.user == wereld.klantmanager
    client.logout()
    client.cookies.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")  # the public start page, which reads nothing itself
    assert not response.wsgi_request.user.is_authenticated and not queries.captured_queries
