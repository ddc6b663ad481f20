"""accounts.sessieopslag: Django's database sessions on accounts.Sessie, read together with the person logged in in
one query; the same outcome as Django's own store on the same table."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts import sessieopslag
from accounts.models import Sessie
from accounts.tasks import verlopen_sessies_opruimen_task
from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# Django's own database store on the portal's session model; named SessionStore like both stores, because Django
# signs session data with the class name.
DjangoEigen = type("SessionStore", (db.SessionStore,), {"get_model_class": classmethod(lambda cls: Sessie)})


def _beide(sleutel):
    return sessieopslag.SessionStore(sleutel), DjangoEigen(sleutel)


def test_the_portal_uses_it():
    assert settings.SESSION_ENGINE == "accounts.sessieopslag"
    assert sessieopslag.SessionStore.get_model_class() is Sessie


def test_a_saved_session_loads_as_in_django():
    opgeslagen = sessieopslag.SessionStore()
    opgeslagen["rol"] = "klantmanager"
    opgeslagen["getal"] = 3
    opgeslagen.save()
    ons, django = _beide(opgeslagen.session_key)
    assert dict(ons.items()) == dict(django.items()) == {"rol": "klantmanager", "getal": 3}
    assert ons.session_key == django.session_key == opgeslagen.session_key
    assert ons.gelezen_gebruiker == (None, None)  # nobody logged in


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
    Sessie.objects.filter(pk=opgeslagen.session_key).update(expire_date=timezone.now() - timedelta(seconds=1))
    ons, django = _beide(opgeslagen.session_key)
    assert dict(ons.items()) == dict(django.items()) == {}
    assert ons.session_key is None and ons.gelezen_gebruiker is None


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return response, [q["sql"] for q in ctx.captured_queries]


def test_a_logged_in_page_reads_the_session_and_the_person_in_one_query(client, wereld):
    client.force_login(wereld.klantmanager)
    sessie = Sessie.objects.get()
    assert sessie.gebruiker_id == wereld.klantmanager.pk  # written beside the data at login
    response, queries = _queries(client, reverse("sessie_status"))
    assert isinstance(response.wsgi_request.session, sessieopslag.SessionStore)
    user = response.wsgi_request.user
    assert user == wereld.klantmanager and user.organisatie == wereld.klantmanager.organisatie
    assert "accounts_sessie" in queries[0] and '"accounts_user"' in queries[0]
    assert not [q for q in queries[1:] if q.lstrip().startswith('SELECT "accounts_user"')], queries


def test_a_session_without_the_column_reads_the_person_apart_and_gets_it_at_the_next_save(client, wereld):
    """As a session moved by the migration (accounts 0010), or a column that names someone else than the session's
    data: the data decides who is logged in, as in Django."""
    client.force_login(wereld.klantmanager)
    for kolom in (None, wereld.accountmanager.pk):
        Sessie.objects.update(gebruiker_id=kolom)
        response, queries = _queries(client, reverse("sessie_status"))
        assert response.wsgi_request.user == wereld.klantmanager
        assert [q for q in queries[1:] if q.lstrip().startswith('SELECT "accounts_user"')], queries
    sleutel = Sessie.objects.get().session_key
    store = sessieopslag.SessionStore(sleutel)
    store["iets"] = 1
    store.save()
    assert Sessie.objects.get(pk=sleutel).gebruiker_id == wereld.klantmanager.pk


def test_logging_out_or_deleting_the_person_ends_the_session(client, wereld):
    iemand = UserFactory()
    client.force_login(iemand)
    assert Sessie.objects.filter(gebruiker=iemand).count() == 1
    iemand.delete()
    assert not Sessie.objects.exists()
    client.force_login(wereld.klantmanager)
    client.post(reverse("account_logout"))
    assert not Sessie.objects.exists()


def test_the_migration_moves_sessions_that_have_not_expired():
    oud = db.SessionStore()
    oud["_auth_user_id"] = "1"
    oud.save()
    Session.objects.create(session_key="verlopen123456789", session_data="x",
                           expire_date=timezone.now() - timedelta(minutes=1))
    importlib.import_module("accounts.migrations.0010_sessie").sessies_verhuizen(apps, None)
    (verhuisd,) = Sessie.objects.all()
    assert verhuisd.session_key == oud.session_key and verhuisd.gebruiker_id is None
    assert dict(sessieopslag.SessionStore(oud.session_key).items()) == {"_auth_user_id": "1"}
    assert not Session.objects.exists()


def test_expired_sessions_are_cleared_every_hour(client, wereld):
    client.force_login(wereld.klantmanager)
    verlopen = sessieopslag.SessionStore()
    verlopen["x"] = 1
    verlopen.save()
    Sessie.objects.filter(pk=verlopen.session_key).update(expire_date=timezone.now() - timedelta(seconds=1))
    assert verlopen_sessies_opruimen_task() == 1  # as beat runs it (the task itself, in this process)
    assert list(Sessie.objects.values_list("gebruiker", flat=True)) == [wereld.klantmanager.pk]
    assert client.get(reverse("sessie_status")).wsgi_request.user == wereld.klantmanager
    assert settings.CELERY_BEAT_SCHEDULE["sessies-opruimen"] == {
        "task": "accounts.tasks.verlopen_sessies_opruimen_task", "schedule": 3600}


def test_decoding_gives_what_django_gives_and_a_session_of_its_own_each_time(caplog):
    """The checked payload is kept per text (accounts.sessieopslag._gecontroleerd): the same dict as Django's own
    decode, the second time from the kept check, and never the dict another request changed."""
    sessieopslag._gecontroleerd.cache_clear()
    ons = sessieopslag.SessionStore()
    tekst = ons.encode({"rol": "klantmanager", "lijst": [1, {"a": "é"}]})
    django = DjangoEigen()
    assert tekst == django.encode({"rol": "klantmanager", "lijst": [1, {"a": "é"}]})  # same class name, same salt
    eerste = ons.decode(tekst)
    eerste["lijst"][1]["a"] = "veranderd"
    eerste["nieuw"] = True
    tweede = ons.decode(tekst)
    assert tweede == django.decode(tekst) == {"rol": "klantmanager", "lijst": [1, {"a": "é"}]}
    assert sessieopslag._gecontroleerd.cache_info().hits == 1
    # a text with a wrong signature, or none: an empty session and Django's warning, also the second time
    vervalst = tekst[:-3] + ("aaa" if not tekst.endswith("aaa") else "bbb")
    for _ in range(2):
        with caplog.at_level("WARNING", logger="django.security.SuspiciousSession"):
            caplog.clear()
            assert ons.decode(vervalst) == django.decode(vervalst) == {}
            assert [r.getMessage() for r in caplog.records] == ["Session data corrupted"] * 2
    assert ons.decode("geen sessie") == django.decode("geen sessie") == {}


def test_a_text_checked_under_an_old_key_needs_that_key_as_a_fallback(settings):
    sessieopslag._gecontroleerd.cache_clear()
    tekst = sessieopslag.SessionStore().encode({"x": 1})
    assert sessieopslag.SessionStore().decode(tekst) == {"x": 1}
    oud = settings.SECRET_KEY
    settings.SECRET_KEY = "een-nieuwe-sleutel-" + "y" * 40
    assert sessieopslag.SessionStore().decode(tekst) == DjangoEigen().decode(tekst) == {}
    settings.SECRET_KEY_FALLBACKS = [oud]
    assert sessieopslag.SessionStore().decode(tekst) == DjangoEigen().decode(tekst) == {"x": 1}
