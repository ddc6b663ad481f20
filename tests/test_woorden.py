"""One form of address per reader: werkzoekenden read "je" and no staff words, werkgevers read "u",
staff read "je" too and read about the werkgever in the third person. Dutch password rules, capitalised mail
subjects."""

import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import WACHTWOORD
from tests.test_browser_alle_paginas import NIET_HTML, _wereld
from tests.test_permission_matrix import MATRIX
from werkzoekenden.tests.factories import KandidaatFactory

pytestmark = pytest.mark.django_db

U_VORM = re.compile(r"\b(u|uw|uzelf)\b", re.IGNORECASE)
JE_VORM = re.compile(r"\b(je|jou|jouw|jij|jezelf)\b", re.IGNORECASE)
STAFFWOORDEN = re.compile(r"werkfit|doelgroepregister|kandidaat|kandidaten", re.IGNORECASE)
# Werkzoekenden know their klantmanager as "je contactpersoon" (the home page's word): one name for one person.
WERKZOEKENDE_STAFFWOORDEN = re.compile(STAFFWOORDEN.pattern + r"|klantmanager", re.IGNORECASE)
EMAIL = re.compile(r"\S+@\S+")
# Public pages written for werkgevers; a werkzoekende may open them, they speak to the werkgever.
VOOR_WERKGEVERS = {"verzoek_indienen", "verzoek_bedankt", "instrumenten", "instrument_detail", "regio", "regios"}
# The public pages where a werkgever asks for help: staff may open them, they speak to the werkgever.
WERKGEVERSLOKET = {"verzoek_indienen", "verzoek_bedankt", "regio", "regios"}
STAF = ("accountmanager", "klantmanager", "beheerder", "programma")


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
        # The keys of the data export (``<code>klantmanagers</code>``) are the file's field names, not words.
        tekst = EMAIL.sub("", zichtbare_tekst(re.sub(r"<code>[^<]*</code>", "", client.get(url).content.decode())))
        for patroon in (U_VORM, WERKZOEKENDE_STAFFWOORDEN):
            for m in patroon.finditer(tekst):
                fouten.append(f"{naam}: ...{tekst[max(0, m.start() - 60):m.end() + 30]}...")
    assert not fouten, "\n".join(fouten)


def _u_vorm(waar, html):
    tekst = EMAIL.sub("", zichtbare_tekst(html))
    return [f"{waar}: ...{tekst[max(0, m.start() - 60):m.end() + 30]}..." for m in U_VORM.finditer(tekst)]


def test_staff_read_je_on_every_page(client):
    """Staff read "je", as most of their pages already did. Before, an accountmanager read "je" on her start page
    and "u" on the matches, the queue of verzoeken, the invitation page, the second factor and the agenda link."""
    wereld = _wereld()
    fouten = []
    for rol in STAF:
        client.force_login(getattr(wereld, rol))
        for naam, url in _paginas_voor(rol, wereld):
            if naam not in WERKGEVERSLOKET:
                fouten += _u_vorm(f"{rol} {naam}", client.get(url).content.decode())
    assert not fouten, "\n".join(fouten)


def test_staff_read_je_in_messages_errors_the_brake_and_their_own_account(client, wereld, settings):
    """What a GET of the pages does not show: a message after an action, a form's errors, the page of the brake on
    bulk access, the calendar link once made, and the pages of the second factor."""
    from werkgevers.models import Verzoek
    from werkgevers.services import verzoek_indienen

    telefoon = {"bedrijfsnaam": "Nieuw B.V.", "kvk_nummer": "87654321", "adres": "Markt 1", "postcode": "6811 AB",
                "plaats": "Arnhem", "sector": "Bouw", "aantal_medewerkers": 12, "contactpersoon": "Piet",
                "telefoon": "026 1234567", "email": "piet@nieuw.nl", "vraag": "Twee timmerlieden"}
    verzoek = verzoek_indienen(**telefoon, kanaal=Verzoek.Kanaal.WEBFORMULIER)
    fouten = []
    client.force_login(wereld.accountmanager)
    antwoord = client.post(reverse("verzoek_telefoon"), telefoon)  # the werkgever's first verzoek is still open
    assert antwoord.status_code == 400 and "loopt al een verzoek" in antwoord.content.decode()
    fouten += _u_vorm("telefonisch verzoek", antwoord.content.decode())
    antwoord = client.post(reverse("verzoek_detail", args=[verzoek.pk]), {"actie": "oppakken"}, follow=True)
    assert "verzoek opgepakt" in antwoord.content.decode()
    fouten += _u_vorm("verzoek oppakken", antwoord.content.decode())

    km = wereld.klantmanager
    client.force_login(km)
    fouten += _u_vorm("agendalink gemaakt", client.post(reverse("agenda_feed_beheren"), {"actie": "nieuw"},
                                                        follow=True).content.decode())
    fouten += _u_vorm("agendalink bestaat", client.get(reverse("agenda")).content.decode())
    antwoord = client.get(reverse("klantmanager_home"), {"q": "\x00"})
    assert antwoord.status_code == 400
    fouten += _u_vorm("nul-teken", antwoord.content.decode())
    settings.LIMIET_PROFIELEN = 1
    client.get(reverse("dossier", args=[wereld.kandidaat.pk]))
    antwoord = client.get(reverse("dossier", args=[KandidaatFactory(klantmanager=km).pk]))
    assert antwoord.status_code == 429
    fouten += _u_vorm("bulkrem", antwoord.content.decode())

    settings.MFA_VERPLICHT = True
    client.logout()
    client.post(reverse("account_login"), {"login": km.email, "password": WACHTWOORD})
    fouten += _u_vorm("tweede stap verplicht", client.get(reverse("mfa_index")).content.decode())
    fouten += _u_vorm("wachtwoord bevestigen", client.get(reverse("account_reauthenticate")).content.decode())
    assert client.post(reverse("account_reauthenticate"), {"password": WACHTWOORD}).status_code == 302
    for naam in ("mfa_activate_totp", "mfa_add_webauthn"):
        antwoord = client.get(reverse(naam))
        assert antwoord.status_code == 200, naam
        fouten += _u_vorm(naam, antwoord.content.decode())
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(km, generate_totp_secret())
    RecoveryCodes.activate(km)
    settings.MFA_VERPLICHT = False  # this session gave no code: with the rule on, every page asks for it first
    antwoord = client.get(reverse("mfa_view_recovery_codes"))
    assert antwoord.status_code == 200
    fouten += _u_vorm("herstelcodes", antwoord.content.decode())
    assert not fouten, "\n".join(fouten)


def test_werkgever_still_reads_u_where_staff_now_read_je(client, wereld):
    """The pages both share keep the werkgever's "u": the calendar link, the second factor, a form's errors."""
    client.force_login(wereld.werkgever_user)
    tekst = zichtbare_tekst(client.get(reverse("agenda")).content.decode())
    assert "Zet uw afspraken in uw eigen agenda-app" in tekst
    assert "Beveiliging van uw account" in zichtbare_tekst(client.get(reverse("mfa_index")).content.decode())


def test_account_pages_of_allauth_speak_to_each_reader_in_their_form(client, wereld):
    """The e-mail and password pages are allauth's, and its Dutch says "jouw account" and (the password rules) "je
    naam" to everyone: a werkgever reads "u" there, the others "je"."""
    pagina = {"e-mailadressen": reverse("account_email"), "wachtwoord": reverse("account_change_password")}
    fouten = []
    for gebruiker in (wereld.werkgever_user, wereld.werkzoekende_user, wereld.klantmanager):
        client.force_login(gebruiker)
        for waar, url in pagina.items():
            html = client.get(url).content.decode()
            tekst = EMAIL.sub("", zichtbare_tekst(html).replace("Uitloggen", ""))
            vorm = JE_VORM if gebruiker.rol == "werkgever" else U_VORM
            fouten += [f"{gebruiker.rol} {waar}: ...{tekst[max(0, m.start() - 60):m.end() + 30]}..."
                       for m in vorm.finditer(tekst)]
    assert not fouten, "\n".join(fouten)
    client.force_login(wereld.werkgever_user)
    assert "Deze e-mailadressen horen bij uw account:" in client.get(pagina["e-mailadressen"]).content.decode()


def test_the_message_after_logging_in_speaks_to_each_reader_in_their_form(client, wereld):
    """allauth's Dutch "Je bent nu ingelogd als ..." greeted a werkgever with "je" on his first page."""
    for gebruiker, verwacht in ((wereld.werkgever_user, "U bent nu ingelogd als Martijn de Heul."),
                                (wereld.werkzoekende_user, "Je bent nu ingelogd als Willem van de Vecht.")):
        client.logout()
        antwoord = client.post(reverse("account_login"), {"login": gebruiker.email, "password": WACHTWOORD},
                               follow=True)
        assert verwacht in zichtbare_tekst(antwoord.content.decode()), gebruiker.rol


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
