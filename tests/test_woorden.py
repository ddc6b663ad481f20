"""One form of address per reader: werkzoekenden read "je" and no staff words, werkgevers read "u",
staff read about the werkgever in the third person. Dutch password rules, capitalised mail subjects."""

import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.test_browser_alle_paginas import NIET_HTML, _wereld
from tests.test_permission_matrix import MATRIX

pytestmark = pytest.mark.django_db

U_VORM = re.compile(r"\b(u|uw|uzelf)\b", re.IGNORECASE)
STAFFWOORDEN = re.compile(r"werkfit|doelgroepregister|kandidaat|kandidaten", re.IGNORECASE)
EMAIL = re.compile(r"\S+@\S+")
# Public pages written for werkgevers; a werkzoekende may open them, they speak to the werkgever.
VOOR_WERKGEVERS = {"verzoek_indienen", "verzoek_bedankt", "instrumenten", "instrument_detail", "regio", "regios"}


class _Tekst(HTMLParser):
    """The text a reader sees: no scripts or styles, and the alt/label texts as they are read."""

    def __init__(self):
        super().__init__()
        self.delen, self._overslaan = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._overslaan += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._overslaan -= 1

    def handle_data(self, data):
        if not self._overslaan:
            self.delen.append(data)


def zichtbare_tekst(html):
    parser = _Tekst()
    parser.feed(html)
    return " ".join(" ".join(parser.delen).split())


def _paginas_voor(rol, wereld):
    for naam, (kwargs, verwacht) in sorted(MATRIX.items()):
        if verwacht.get(rol) != 200 or naam in NIET_HTML or naam.startswith("account_") or naam == "set_language":
            continue
        yield naam, reverse(naam, kwargs=kwargs(wereld) if callable(kwargs) else kwargs)


def test_werkzoekende_reads_je_and_no_staff_words_on_every_page(client):
    wereld = _wereld()
    client.force_login(wereld.werkzoekende_user)
    fouten = []
    for naam, url in _paginas_voor("werkzoekende", wereld):
        if naam in VOOR_WERKGEVERS:
            continue
        tekst = EMAIL.sub("", zichtbare_tekst(client.get(url).content.decode()))
        for patroon in (U_VORM, STAFFWOORDEN):
            for m in patroon.finditer(tekst):
                fouten.append(f"{naam}: ...{tekst[max(0, m.start() - 60):m.end() + 30]}...")
    assert not fouten, "\n".join(fouten)


def test_werkzoekende_home_says_je_vaste_contactpersoon(client, wereld):
    client.force_login(wereld.werkzoekende_user)
    tekst = zichtbare_tekst(client.get(reverse("werkzoekende_home")).content.decode())
    assert "Je vaste contactpersoon" in tekst
    assert "Uw vaste contactpersoon" not in tekst


def test_accountmanager_phone_form_asks_for_the_werkgever_not_your_company(client, wereld):
    client.force_login(wereld.accountmanager)
    tekst = zichtbare_tekst(client.get(reverse("verzoek_telefoon")).content.decode())
    assert not U_VORM.search(tekst.replace("Uitloggen", "")), tekst
    assert "Naam van het bedrijf" in tekst


def test_public_request_form_still_speaks_to_the_werkgever(client, db):
    tekst = zichtbare_tekst(client.get(reverse("verzoek_indienen")).content.decode())
    assert "Naam van uw bedrijf" in tekst


def test_instrumentengids_does_not_tell_the_accountmanager_about_his_accountmanager(client, wereld):
    client.force_login(wereld.accountmanager)
    tekst = zichtbare_tekst(client.get(reverse("instrumenten")).content.decode())
    assert "Uw accountmanager" not in tekst
    client.force_login(wereld.werkgever_user)
    assert "Uw accountmanager" in zichtbare_tekst(client.get(reverse("instrumenten")).content.decode())


def test_password_rules_are_dutch():
    with pytest.raises(ValidationError) as fout:
        validate_password("kort")
    tekst = " ".join(fout.value.messages)
    assert "te kort" in tekst and "10" in tekst
    assert "This password" not in tekst


def test_invitation_page_shows_dutch_password_errors(client, db):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from accounts.tests.factories import WerkzoekendeUserFactory

    gebruiker = WerkzoekendeUserFactory(uitgenodigd_op=timezone.now())
    gebruiker.set_unusable_password()
    gebruiker.save()
    url = reverse("uitnodiging_accepteren", kwargs={"uidb64": urlsafe_base64_encode(force_bytes(gebruiker.pk)),
                                                    "token": default_token_generator.make_token(gebruiker)})
    antwoord = client.post(url, {"new_password1": "kort12", "new_password2": "kort12"})
    tekst = zichtbare_tekst(antwoord.content.decode())
    assert "Dit wachtwoord is te kort" in tekst
    assert "too short" not in tekst


def _onderwerpen():
    prefix = "[Werkgeversservicepunt] "
    return [m.subject.removeprefix(prefix) for m in mail.outbox]


def test_every_mail_subject_of_the_journeys_starts_with_a_capital(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        wereld = _wereld()
    onderwerpen = _onderwerpen()
    assert any("ollicitatiegesprek" in o for o in onderwerpen), onderwerpen
    fout = [o for o in onderwerpen if not o[:1].isupper()]
    assert not fout, fout
    assert wereld.plaatsing


def test_deadline_in_subject_is_written_as_in_the_mail(db, wereld, django_capture_on_commit_callbacks):
    from werkgevers.models import Verzoek
    from werkgevers.services import verzoek_indienen

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        verzoek_indienen(
            bedrijfsnaam="Datum B.V.", kvk_nummer="87654329", adres="Markt 1", postcode="6811 AB", plaats="Arnhem",
            sector="Bouw", aantal_medewerkers=12, contactpersoon="Piet", telefoon="026 1234567",
            email="piet@datum.nl", vraag="Twee timmerlieden", kanaal=Verzoek.Kanaal.WEBFORMULIER,
        )
    nieuw = [m for m in mail.outbox if "Nieuw verzoek" in m.subject]
    assert nieuw
    deadline = nieuw[0].subject.split("vóór ")[1]
    assert deadline in nieuw[0].body, (nieuw[0].subject, nieuw[0].body)
