"""The live server of the browser tests (tests/conftest.py): a database connection lasts as long as the HTTP
connection Chromium keeps open, as a gunicorn worker keeps its own, instead of one per request."""

import threading

import pytest
from django.db.backends.signals import connection_created
from django.urls import reverse

from accounts.tests.factories import KlantmanagerFactory
from tests.conftest import inloggen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pages_on_one_http_connection_share_one_database_connection(page, live_server):
    klantmanager = KlantmanagerFactory()
    inloggen(page, live_server, klantmanager.email)
    gemaakt = []

    def geteld(sender, connection, **kwargs):
        if threading.current_thread() is not threading.main_thread():
            gemaakt.append(connection)

    connection_created.connect(geteld, weak=False)
    try:
        for _ in range(6):  # each reads the session and the klantmanager's caseload from the database
            assert page.goto(live_server.url + reverse("klantmanager_home")).status == 200
    finally:
        connection_created.disconnect(geteld)
    # Chromium opens a page over the connection it already has, so at most one new database connection here (none
    # when the login's thread still serves it); before, every one of the six made its own.
    assert len(gemaakt) <= 1, gemaakt

