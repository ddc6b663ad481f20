"""``{% paginakop %}`` writes the header of every page in Python: character for character what the template
``includes/kop.html`` gives, for a visitor and for every role, with and without a region, with no, one, some and more
meldingen than the bell counts, on the meldingen page and on a page of the menu, with names and addresses that need
escaping, in both languages."""

from unittest import mock

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import engines
from django.urls import reverse
from django.utils.translation import override

from accounts.models import Rol
from accounts.tests.factories import UserFactory
from meldingen.selectors import TELLER_MAX
from tests.pariteit import verzoek_als, zonder_csrf

SJABLOON = engines["django"].from_string(
    '{% load i18n %}{% get_current_language as LANGUAGE_CODE %}{% include "includes/kop.html" %}')
TAG = engines["django"].from_string(
    "{% load i18n paginakop %}{% get_current_language as LANGUAGE_CODE %}{% paginakop %}")


def _verzoek(user, pad, meldingen):
    verzoek = verzoek_als(user, pad)
    if meldingen is not None:
        verzoek._meldingen_ongelezen = meldingen  # what meldingen.context_processors counts once per request
    return verzoek


def _beide(user, pad="/", meldingen=0, taal="nl"):
    """(template, tag) for the same request, each with its CSRF tokens checked and set aside."""
    verzoek = _verzoek(user, pad, meldingen)
    with override(taal):
        verwacht, uit = SJABLOON.render({}, verzoek), TAG.render({}, verzoek)
    assert verwacht.endswith("\n"), "the template file ends with a newline"
    (verwacht, aantal), (uit, ook) = zonder_csrf(verwacht[:-1], verzoek), zonder_csrf(uit, verzoek)
    assert aantal == ook == (2 if user.is_authenticated else 1)
    return verwacht, uit


@pytest.mark.parametrize("taal", ["nl", "en"])
def test_a_visitor_gets_the_templates_header(taal):
    verwacht, kop = _beide(AnonymousUser(), pad="/hulp-bij-personeel/?a=1&b=<x>", taal=taal)
    assert kop == verwacht
    assert "Inloggen" in kop or "Log in" in kop
    assert 'value="/hulp-bij-personeel/?a=1&amp;b=' in kop
    assert "<nav" not in kop


@pytest.mark.django_db
@pytest.mark.parametrize("taal", ["nl", "en"])
@pytest.mark.parametrize("rol", list(Rol))
@pytest.mark.parametrize("meldingen", [0, 1, 7, TELLER_MAX + 1])
def test_every_role_gets_the_templates_header(rol, meldingen, taal):
    user = UserFactory(rol=rol, voornaam='Zoë <b>"', achternaam="van 't Veld & zn")
    verwacht, kop = _beide(user, pad="/mijn/?x=<y>", meldingen=meldingen, taal=taal)
    assert kop == verwacht
    assert "Zoë &lt;b&gt;&quot;" in kop
    assert ("wsp-bel" in kop) == (rol != Rol.PROGRAMMA)
    if rol != Rol.PROGRAMMA:
        teller = {0: None, 1: ">1<", 7: ">7<", TELLER_MAX + 1: f">{TELLER_MAX}+<"}[meldingen]
        assert (teller in kop) if teller else ("wsp-bel--nieuw" not in kop)


@pytest.mark.django_db
@pytest.mark.parametrize("pad", ["/meldingen/", "/klantmanager/"])
def test_the_page_one_is_on_is_marked_in_the_header(pad):
    user = UserFactory(rol=Rol.KLANTMANAGER, is_coordinator=True)
    verwacht, kop = _beide(user, pad=pad, meldingen=3)
    assert kop == verwacht
    assert kop.count('aria-current="page"') == 1


@pytest.mark.django_db
def test_without_a_region_the_logo_names_none():
    user = UserFactory(rol=Rol.WERKGEVER)
    user.regio = None
    verwacht, kop = _beide(user)
    assert kop == verwacht
    assert "wsp-logo__regio" not in kop


@pytest.mark.django_db
def test_a_configured_broker_adds_linking_to_the_menu():
    user = UserFactory(rol=Rol.WERKZOEKENDE)
    with mock.patch("accounts.context_processors._ingestelde_brokers", return_value={"digid"}):
        verwacht, kop = _beide(user, taal="en")
    assert kop == verwacht
    assert f'href="{reverse("socialaccount_connections")}"' in kop


WAARSCHUWING_SJABLOON = engines["django"].from_string('{% include "includes/sessie_waarschuwing.html" %}')
WAARSCHUWING_TAG = engines["django"].from_string("{% load paginakop %}{% sessiewaarschuwing %}")


@pytest.mark.django_db
@pytest.mark.parametrize("taal", ["nl", "en"])
@pytest.mark.parametrize("rol", [Rol.WERKGEVER, Rol.WERKZOEKENDE, Rol.ACCOUNTMANAGER])
def test_the_session_warning_is_the_templates_own(rol, taal):
    """``{% sessiewaarschuwing %}``: the dialog before an idle session ends, as ``includes/sessie_waarschuwing.html``
    gives it (u for a werkgever, je for the others), with the render's one CSRF token in both places."""
    verzoek = _verzoek(UserFactory(rol=rol), "/", 0)
    with override(taal):
        verwacht, dialoog = WAARSCHUWING_SJABLOON.render({}, verzoek), WAARSCHUWING_TAG.render({}, verzoek)
    assert verwacht.endswith("\n")
    (verwacht, aantal), (dialoog, ook) = zonder_csrf(verwacht[:-1], verzoek), zonder_csrf(dialoog, verzoek)
    assert aantal == ook == 1 and 'data-csrf="TOKEN"' in dialoog  # the render's one token in both places
    assert dialoog == verwacht
    if taal == "nl":
        assert ("U wordt bijna uitgelogd" in dialoog) == (rol == Rol.WERKGEVER)
    assert 'data-inactief="' in dialoog and "/sessie/" in dialoog
