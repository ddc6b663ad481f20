"""What people type: a NUL character never reaches a view (PostgreSQL cannot store or compare it), and every
free-text field of every form has a maximum length with a Dutch message that keeps what was typed.

Run on PostgreSQL too (DATABASE_URL=postgres://...): there a NUL in a query used to give a 500."""

import importlib

import pytest
from django import forms
from django.apps import apps
from django.urls import reverse

from werkgevers.forms import ContactOpgenomenForm

pytestmark = pytest.mark.django_db

PROJECT_APPS = {"accounts", "beroepen", "werkgevers", "werkzoekenden", "bemiddeling", "koppelingen", "matching",
                "plaatsingen", "taken", "portaal", "outbox"}


@pytest.mark.parametrize("pad", ["/beroepen/zoeken/?q=a%00b", "/beroepen/zoeken/?beroep=%00"])
def test_a_nul_in_a_public_search_gives_a_dutch_400(client, pad):
    response = client.get(pad)
    assert response.status_code == 400
    assert "ongeldig teken" in response.content.decode()


def test_a_nul_in_the_werkgevers_search_gives_a_dutch_400(client, wereld):
    client.force_login(wereld.accountmanager)
    response = client.get("/accountmanager/werkgevers/?q=%00")
    assert response.status_code == 400
    assert "ongeldig teken" in response.content.decode()
    assert client.get("/accountmanager/werkgevers/?q=Heul").status_code == 200


def test_a_nul_in_a_posted_form_gives_a_dutch_400_and_stores_nothing(client, wereld):
    wereld.met_bemiddeling()
    client.force_login(wereld.accountmanager)
    response = client.post(reverse("verzoek_detail", args=[wereld.verzoek.pk]), {"notitie": "Gebeld\x00"})
    assert response.status_code == 400
    assert "ongeldig teken" in response.content.decode()
    wereld.verzoek.refresh_from_db()
    assert wereld.verzoek.contact_notitie == ""


def test_a_note_of_60000_characters_is_refused_in_dutch_and_kept_in_the_form():
    tekst = "Lang verhaal. " * 4300  # 60,200 characters
    form = ContactOpgenomenForm(data={"notitie": tekst})
    assert not form.is_valid()
    [fout] = form.errors["notitie"]
    assert "hoogstens 5000 tekens" in fout and "De tekst staat er nog" in fout
    assert tekst.strip() in str(form["notitie"])
    assert ContactOpgenomenForm(data={"notitie": "Gebeld, bezoek volgende week."}).is_valid()


def _alle_formulieren():
    for config in apps.get_app_configs():
        if config.name not in PROJECT_APPS:
            continue
        for naam in ("forms", "importeren.forms"):
            try:
                module = importlib.import_module(f"{config.name}.{naam}")
            except ModuleNotFoundError:
                continue
            for waarde in vars(module).values():
                if isinstance(waarde, type) and issubclass(waarde, forms.BaseForm) and waarde.__module__ == module.__name__:
                    yield waarde


def test_every_free_text_field_of_every_form_has_a_maximum_length():
    gezien = 0
    for form_class in _alle_formulieren():
        try:
            form = form_class()
        except TypeError:  # needs arguments (choices): its base fields tell the same
            form = None
        velden = form.fields if form is not None else form_class.base_fields
        for naam, veld in velden.items():
            if isinstance(veld, forms.CharField):
                gezien += 1
                if form is not None:
                    assert veld.max_length, f"{form_class.__name__}.{naam} heeft geen maximumlengte"
    assert gezien > 30


def test_an_id_longer_than_any_row_is_an_unknown_address_for_every_page(client, wereld):
    """Before: ``<int:pk>`` took any number, and on SQLite (the portal's embedded default) a lookup on a foreign key
    with 25 digits raised OverflowError: a 500 for ``/gesprekken/<25 digits>/voorbereiding/``. Now an id fits a bigint,
    and a larger number is an address that does not exist: the 404 page."""
    import re

    from django.test import Client

    from klantreis import urls
    from klantreis.urls import IdConverter

    patronen = [p for p in urls.urlpatterns if hasattr(p, "pattern") and getattr(p.pattern, "converters", None)]
    assert patronen and all(isinstance(c, IdConverter) for p in patronen for c in p.pattern.converters.values()
                            if type(c).__name__ in ("IntConverter", "IdConverter"))
    te_groot = [str(2**63), "9" * 25]  # one more than the largest bigint, and a number no id has
    for gebruiker in (wereld.klantmanager, wereld.werkzoekende_user):
        bezoeker = Client(raise_request_exception=False)
        bezoeker.force_login(gebruiker)
        for patroon in patronen:
            for getal in te_groot:
                pad = "/" + re.sub(r"<id:\w+>", getal, str(patroon.pattern))
                if "<" in pad:
                    break  # another kind of part (a token): not an id
                antwoord = bezoeker.get(pad)
                assert antwoord.status_code == 404, (pad, antwoord.status_code)
