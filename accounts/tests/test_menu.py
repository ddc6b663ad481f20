"""accounts.context_processors.navigatie: the main menu with its addresses, the page one is on marked, and no
reverse() per page once an address is known."""

import copy
import re

import pytest
from django.test import RequestFactory
from django.urls import reverse

from accounts import context_processors
from accounts.context_processors import MENU, Menukeuze, navigatie
from accounts.models import Rol
from klantreis.lib import adressen

pytestmark = pytest.mark.django_db

MENU_LINK = re.compile(r'<a class="utrecht-nav-list__link[^"]*" href="([^"]+)"( aria-current="page")?>([^<]+)</a>')


def test_the_header_shows_every_item_of_the_role_and_marks_the_page(client, wereld):
    client.force_login(wereld.klantmanager)
    html = client.get(reverse("klantmanager_home")).content.decode()
    links = MENU_LINK.findall(html)
    # "Berichten" second, right after the home page: first in view on a phone, where the menu wraps.
    home, *rest = MENU[Rol.KLANTMANAGER]
    verwacht = [home, ("berichten", "Berichten"), *rest, ("mfa_index", "Beveiliging")]
    assert [(href, str(label)) for href, _huidig, label in links] == [
        (reverse(naam), str(label)) for naam, label in verwacht]
    assert [label for _href, huidig, label in links if huidig] == ["Mijn caseload"]
    assert 'utrecht-nav-list__link utrecht-nav-list__link--current" href="/klantmanager/"' in html


def test_berichten_marked_on_its_own_page_and_not_for_the_programme(client, wereld):
    client.force_login(wereld.werkzoekende_user)
    links = MENU_LINK.findall(client.get(reverse("berichten")).content.decode())
    assert [label for _href, huidig, label in links if huidig] == ["Berichten"]
    verzoek = RequestFactory().get("/monitor/")
    verzoek.user = copy.copy(wereld.werkzoekende_user)
    verzoek.user.rol = Rol.PROGRAMMA
    assert [keuze.url for keuze in navigatie(verzoek)["menu"]] == [reverse("monitor"), reverse("mfa_index")]


def test_no_reverse_once_the_addresses_are_known(wereld, monkeypatch):
    verzoek = RequestFactory().get("/mijn/plan/")
    verzoek.user = wereld.werkzoekende_user
    eerste = navigatie(verzoek)["menu"]
    gevraagd = []
    monkeypatch.setattr(adressen, "reverse", lambda *a, **k: gevraagd.append(a))
    assert navigatie(verzoek)["menu"] == eerste
    assert gevraagd == []
    assert all(isinstance(keuze, Menukeuze) for keuze in eerste)
    assert [keuze.label for keuze in eerste if keuze.huidig] == ["Mijn plan"]
    assert context_processors.navigatie(RequestFactory().get("/")) == {"menu": []}


@pytest.mark.parametrize("rol", ["beheerder", "accountmanager", "klantmanager", "werkgever_user", "werkzoekende_user",
                                 "programma"])
def test_every_item_is_marked_on_the_page_it_leads_to(client, wereld, rol):
    """Also an item whose address forwards: "Sollicitatieplicht" leads the werkzoekende to her own dossier page, and
    there no item was marked."""
    client.force_login(getattr(wereld, rol))
    links = MENU_LINK.findall(client.get("/", follow=True).content.decode())
    assert len(links) >= 2, links
    niet = []
    for href, _huidig, label in links:
        antwoord = client.get(href, follow=True)
        html = antwoord.content.decode()
        if "utrecht-nav-list" not in html:  # Django's admin, with a header of its own
            continue
        gemarkeerd = [ander for _href, huidig, ander in MENU_LINK.findall(html) if huidig]
        if gemarkeerd != [label]:
            niet.append((label, antwoord.redirect_chain, gemarkeerd))
    assert not niet, niet
