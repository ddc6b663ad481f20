"""conftest's ``wereld``: made once per module for the tests that do not commit, each of which gets a copy of its
Python objects and runs in a savepoint inside the module's transaction; a test that commits gets a new one.

The tests here run in the order conftest gives them (a test that commits before the module's wereld is made)."""

from types import SimpleNamespace

import pytest
from django.db import connection

from accounts.models import User
from conftest import WERELD_VAN_DE_MODULE, wereld_van_de_module
from werkzoekenden.models import Kandidaat

GEZIEN = {}


def test_a_test_that_does_not_commit_gets_a_copy_of_the_modules_wereld(request, wereld):
    van_de_module = request.getfixturevalue(WERELD_VAN_DE_MODULE)
    assert wereld.kandidaat.pk == van_de_module.kandidaat.pk
    # conftest put the test that commits, below in this file, before this one (it runs first).
    volgorde = [item.name for item in request.session.items if item.module is request.module]
    assert volgorde.index(test_a_test_that_commits_gets_a_new_wereld_outside_any_transaction.__name__) < (
        volgorde.index(request.node.name))
    assert wereld.kandidaat.pk != GEZIEN.get("committend")
    assert wereld.kandidaat is not van_de_module.kandidaat
    assert wereld.kandidaat.account is wereld.werkzoekende_user  # one graph, copied as one
    wereld.kandidaat.voornaam = "Gewijzigd"
    wereld.kandidaat.save(update_fields=["voornaam"])
    User.objects.filter(pk=wereld.beheerder.pk).update(voornaam="Ander")
    wereld.extra = Kandidaat.objects.create(voornaam="Extra", achternaam="Erbij", regio=wereld.kandidaat.regio,
                                            gemeente=wereld.kandidaat.gemeente)
    GEZIEN["extra"] = wereld.extra.pk
    assert van_de_module.kandidaat.voornaam == "Willem"
    assert not hasattr(van_de_module, "extra")


def test_what_a_test_wrote_is_gone_for_the_next(request, wereld):
    assert WERELD_VAN_DE_MODULE in request.fixturenames
    assert wereld.kandidaat.voornaam == "Willem"
    assert Kandidaat.objects.get(pk=wereld.kandidaat.pk).voornaam == "Willem"
    assert User.objects.get(pk=wereld.beheerder.pk).voornaam == "Bea"
    assert not hasattr(wereld, "extra")
    if "extra" in GEZIEN:  # also when this test runs on its own
        assert not Kandidaat.objects.filter(pk=GEZIEN["extra"]).exists()


def test_a_test_that_commits_gets_a_new_wereld_outside_any_transaction(request, transactional_db, wereld):
    """Below the others in this file, first in the order conftest gives them: inside the module's transaction the
    flush after this test would empty the module's wereld."""
    assert WERELD_VAN_DE_MODULE not in request.fixturenames
    assert not connection.in_atomic_block
    GEZIEN["committend"] = wereld.kandidaat.pk


def _item(module, *namen, mark=None, eigen=True, autouse_van=""):
    definitie = SimpleNamespace(func=SimpleNamespace(__module__="conftest" if eigen else module), baseid="",
                                _autouse=False)
    vooraf = SimpleNamespace(func=None, baseid=autouse_van, _autouse=True)  # "" : this conftest's or a plugin's
    return SimpleNamespace(module=module, fixturenames=["db", "vooraf", *namen],
                           _fixtureinfo=SimpleNamespace(name2fixturedefs={"wereld": [definitie], "vooraf": [vooraf]}),
                           get_closest_marker=lambda naam: mark if naam == "django_db" else None)


@pytest.mark.parametrize(("item", "van_de_module"), [
    (_item("a", "wereld"), True),
    (_item("a", "wereld", mark=pytest.mark.django_db.mark), True),
    (_item("a", "wereld", "live_server"), False),
    (_item("a", "wereld", "transactional_db"), False),
    (_item("a", "wereld", mark=pytest.mark.django_db(transaction=True).mark), False),
    (_item("a", "wereld", mark=pytest.mark.django_db(True).mark), False),
    (_item("a", "wereld", eigen=False), False),  # a module's own fixture of that name
    (_item("a", "wereld", autouse_van="monitor/tests/test_views.py"), False),  # it stops the clock first
    (_item("a", "client"), False),
])
def test_which_tests_get_the_modules_wereld(item, van_de_module):
    wereld_van_de_module([item])
    assert (WERELD_VAN_DE_MODULE in item.fixturenames) is van_de_module
    if van_de_module:
        assert item.fixturenames[0] == WERELD_VAN_DE_MODULE  # before the test's own transaction (``db``)


def test_a_module_with_another_once_per_module_fixture_makes_a_new_wereld_per_test():
    """Two module transactions would nest in the order the tests ask for them."""
    items = [_item("b", "wereld"), _item("b", "esco")]
    wereld_van_de_module(items)
    assert WERELD_VAN_DE_MODULE not in items[0].fixturenames
