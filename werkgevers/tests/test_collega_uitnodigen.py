"""Inviting a colleague tells nobody who has an account (AVG).

Before, "Collega's met toegang" answered an address with an account "Er bestaat al een account met dit
e-mailadres.", so any werkgever could test whether an address belonged to someone on the portal, a werkzoekende (a
client of the gemeente or UWV) for one. Now every address gets the same answer and the same open invitation on the
page; behind it an address of another account is left alone and its owner gets a mail. And a person sends at most
``LIMIET_UITNODIGINGEN_PER_DAG`` invitations a day, counted in the database.
"""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.hashers import make_password
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import Collegauitnodiging, Organisatie, User
from accounts.services import verlopen_uitnodigingen_opruimen
from accounts.tests.factories import WACHTWOORD
from outbox.models import Mail
from werkgevers.models import Tijdlijnregel
from werkgevers.tests.factories import WerkgeverUserFactory

pytestmark = pytest.mark.django_db


def _uitnodigen(client, capture, voornaam, achternaam, email):
    mail.outbox.clear()
    with capture(execute=True):
        return client.post(reverse("werkgever_collegas"), {"voornaam": voornaam, "achternaam": achternaam,
                                                          "email": email, "telefoon": ""}, follow=True)


def _zonder(html, *woorden):
    """The page as a werkgever compares it: what they typed themselves, ids and the csrf token left out."""
    for woord in sorted(woorden, key=len, reverse=True):  # "Willem van de Vecht" before "Willem"
        html = html.replace(woord, "…")
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r"/\d+/", "/…/", html)


def _uitgenodigd(html):
    """The entries of the section "Uitgenodigd"."""
    deel = html.split('id="kop-uitgenodigd"', 1)[1].split("</section>", 1)[0]
    return re.findall(r"<li>.*?</li>", deel, flags=re.S)


def test_every_address_gets_the_same_answer_and_the_same_open_invitation(client, wereld,
                                                                        django_capture_on_commit_callbacks):
    """A new address, a werkzoekende's, an accountmanager's and another company's person's: the werkgever reads the
    same words, sees the same entry under "Uitgenodigd" and the same line on the tijdlijn."""
    werkgever, martijn = wereld.werkgever, wereld.werkgever_user
    willem = wereld.werkzoekende_user
    client.force_login(martijn)
    adressen = [("Nina", "Nieuw", "nina.nieuw@example.nl"), ("Willem", "van de Vecht", willem.email.upper()),
                ("Anton", "Account", wereld.accountmanager.email),
                ("Vera", "Vreemd", wereld.vreemde_werkgever_user.email)]
    antwoorden = []
    for voornaam, achternaam, email in adressen:
        antwoord = _uitnodigen(client, django_capture_on_commit_callbacks, voornaam, achternaam, email)
        assert antwoord.status_code == 200 and antwoord.redirect_chain[0][1] == 302
        html = antwoord.content.decode()
        assert "Er bestaat al een account" not in html
        antwoorden.append(_zonder(html.split('id="kop-uitgenodigd"')[0].split("</header>")[-1], voornaam, achternaam,
                                  email.lower()))
        if email != "nina.nieuw@example.nl":
            # Behind the same words: a mail to the owner of the address, and nothing changed on the account.
            [bericht] = mail.outbox
            assert bericht.to == [email.lower()] and "Iemand probeerde" in bericht.subject
            assert "De Heul Installatietechniek" in bericht.body and "/uitnodiging/" not in bericht.body
    assert len(set(antwoorden)) == 1, antwoorden[0]

    pagina = client.get(reverse("werkgever_collegas")).content.decode()
    regels = _uitgenodigd(pagina)
    assert len(regels) == 4
    assert len({_zonder(regel, *adres[:2], adres[2].lower()) for regel, adres in zip(regels, reversed(adressen),
                                                                                    strict=True)}) == 1
    tijdlijn = client.get(reverse("werkgever_tijdlijn", args=[werkgever.pk])).content.decode()
    for voornaam, achternaam, _email in adressen:
        assert f"{voornaam} {achternaam} is uitgenodigd voor het portaal." in tijdlijn
    assert "hoort bij een account" not in tijdlijn

    # Only the new address has an account now; the others are as they were.
    assert User.objects.get(email="nina.nieuw@example.nl").organisatie_id == werkgever.organisatie_id
    for persoon in (willem, wereld.accountmanager, wereld.vreemde_werkgever_user):
        voor = (persoon.rol, persoon.organisatie_id, persoon.is_active, persoon.voornaam, persoon.password)
        persoon.refresh_from_db()
        assert (persoon.rol, persoon.organisatie_id, persoon.is_active, persoon.voornaam, persoon.password) == voor
    # The accountmanager's tijdlijn says what happened, without the address.
    client.force_login(wereld.accountmanager)
    wsp = client.get(reverse("werkgever_tijdlijn", args=[werkgever.pk])).content.decode()
    assert wsp.count("hoort bij een account met een andere rol of van een andere organisatie") == 3
    assert willem.email not in wsp


def test_the_owner_of_another_account_reads_who_tried_and_whom_to_ask(client, wereld,
                                                                      django_capture_on_commit_callbacks):
    wsp = Organisatie.objects.create(naam="WSP Rijk van Nijmegen", soort=Organisatie.Soort.WSP,
                                     regio=wereld.werkgever.regio, telefoon="024 123 45 67",
                                     email="info@wsp.example.nl")
    client.force_login(wereld.werkgever_user)
    _uitnodigen(client, django_capture_on_commit_callbacks, "Willem", "van de Vecht", wereld.werkzoekende_user.email)
    [bericht] = mail.outbox
    assert bericht.subject.endswith("Iemand probeerde je toegang te geven tot het portaal")  # a werkzoekende: "je"
    assert "Beste Willem," in bericht.body
    assert "Martijn de Heul van De Heul Installatietechniek wilde je als collega toegang geven" in bericht.body
    assert "Je kunt deze e-mail negeren." in bericht.body
    assert f"{wsp.naam}, telefoon {wsp.telefoon}, e-mail {wsp.email}" in bericht.body
    assert " u " not in bericht.body
    # Trying the same address again the same day does not flood its owner: one such mail a day per company.
    _uitnodigen(client, django_capture_on_commit_callbacks, "Willem", "V", wereld.werkzoekende_user.email)
    assert Mail.objects.filter(aan=wereld.werkzoekende_user.email).count() == 1


def test_a_colleague_who_never_used_the_invitation_gets_a_new_link(client, wereld,
                                                                  django_capture_on_commit_callbacks):
    client.force_login(wereld.werkgever_user)
    _uitnodigen(client, django_capture_on_commit_callbacks, "Piet", "de Boer", "piet@deheul.example.nl")
    eerste = next(r for r in mail.outbox[0].body.splitlines() if "/uitnodiging/" in r).strip()
    piet = User.objects.get(email="piet@deheul.example.nl")
    User.objects.filter(pk=piet.pk).update(uitgenodigd_op=timezone.now() - timedelta(days=5))

    _uitnodigen(client, django_capture_on_commit_callbacks, "Piet", "de Boer", "piet@deheul.example.nl")
    [bericht] = mail.outbox
    tweede = next(r for r in bericht.body.splitlines() if "/uitnodiging/" in r).strip()
    piet.refresh_from_db()
    assert piet.is_active and not piet.has_usable_password()
    assert timezone.now() - piet.uitgenodigd_op < timedelta(minutes=1)  # a new term before the sweep
    client.logout()
    assert client.get(eerste[eerste.index("/uitnodiging/"):]).status_code == 404  # the lost link stopped
    assert client.get(tweede[tweede.index("/uitnodiging/"):]).status_code == 200
    client.force_login(wereld.werkgever_user)
    assert len(_uitgenodigd(client.get(reverse("werkgever_collegas")).content.decode())) == 1  # one per address


def test_withdrawing_an_invitation_looks_the_same_whatever_the_address(client, wereld,
                                                                      django_capture_on_commit_callbacks):
    """A mistyped address: the werkgever withdraws it. A new account stops (its link no longer works); another
    account is not touched. Someone of another company cannot withdraw it (404)."""
    client.force_login(wereld.werkgever_user)
    _uitnodigen(client, django_capture_on_commit_callbacks, "Nina", "Nieuw", "nina.nieuw@example.nl")
    _uitnodigen(client, django_capture_on_commit_callbacks, "Willem", "van de Vecht", wereld.werkzoekende_user.email)
    nina = Collegauitnodiging.objects.get(email="nina.nieuw@example.nl")
    willem = Collegauitnodiging.objects.get(email=wereld.werkzoekende_user.email)
    assert willem.gebruiker_id is None

    client.force_login(wereld.vreemde_werkgever_user)
    for uitnodiging in (nina, willem):
        url = reverse("werkgever_uitnodiging_intrekken", args=[uitnodiging.pk])
        assert client.post(url).status_code == 404
    client.force_login(wereld.werkgever_user)
    teksten = []
    for uitnodiging in (nina, willem):
        antwoord = client.post(reverse("werkgever_uitnodiging_intrekken", args=[uitnodiging.pk]), follow=True)
        html = antwoord.content.decode()
        assert f"De uitnodiging voor {uitnodiging.get_full_name()} is ingetrokken." in html
        # The message and the people who can log in (the other invitation is still listed after the first).
        teksten.append(_zonder(html.split("</header>")[-1].split('<section aria-labelledby="kop-ui')[0].strip(),
                               uitnodiging.voornaam, uitnodiging.achternaam, uitnodiging.email))
    assert teksten[0] == teksten[1]
    assert 'id="kop-uitgenodigd"' not in client.get(reverse("werkgever_collegas")).content.decode()
    assert not User.objects.get(email="nina.nieuw@example.nl").is_active
    assert User.objects.get(pk=wereld.werkzoekende_user.pk).is_active
    assert client.post(reverse("werkgever_uitnodiging_intrekken", args=[nina.pk])).status_code == 404  # gone
    assert wereld.werkgever.tijdlijn.filter(tekst="De uitnodiging voor Willem van de Vecht is ingetrokken.").exists()


def test_at_most_the_daily_limit_of_invitations_per_person(client, wereld, settings,
                                                          django_capture_on_commit_callbacks):
    """The form mails any address it is given: without a limit it sends mass mail in the WSP's name."""
    settings.LIMIET_UITNODIGINGEN_PER_DAG = 3
    martijn = wereld.werkgever_user
    client.force_login(martijn)
    for n, email in enumerate(["a@example.nl", wereld.werkzoekende_user.email, "a@example.nl"]):
        antwoord = _uitnodigen(client, django_capture_on_commit_callbacks, "Naam", str(n), email)
        assert antwoord.redirect_chain, n

    antwoord = _uitnodigen(client, django_capture_on_commit_callbacks, "Vierde", "Persoon", "vier@example.nl")
    html = antwoord.content.decode()
    assert antwoord.status_code == 400
    assert "U heeft vandaag al 3 uitnodigingen verstuurd. Meer kan niet op één dag" in html
    # Said as what it is, a step that did not work: no field is wrong (before: "Kijk bij de velden hieronder").
    assert "Dit lukte niet." in html and "Hieronder leest u waarom. Wat u typte, staat er nog." in html
    assert "Niet alles is goed ingevuld" not in html and "Kijk bij de velden" not in html
    assert 'value="Vierde"' in html and 'value="vier@example.nl"' in html  # nothing typed is lost
    assert mail.outbox == [] and not User.objects.filter(email="vier@example.nl").exists()
    assert Collegauitnodiging.objects.filter(door=martijn).count() == 3

    # A colleague has a limit of their own; and tomorrow Martijn may again.
    collega = WerkgeverUserFactory(werkgever=wereld.werkgever)
    client.force_login(collega)
    assert _uitnodigen(client, django_capture_on_commit_callbacks, "Vijf", "X", "vijf@example.nl").redirect_chain
    Collegauitnodiging.objects.filter(door=martijn).update(verstuurd_op=timezone.now() - timedelta(days=1))
    client.force_login(martijn)
    assert _uitnodigen(client, django_capture_on_commit_callbacks, "Vierde", "P", "vier@example.nl").redirect_chain
    assert User.objects.filter(email="vier@example.nl").exists()


def test_invitations_are_swept_a_day_after_their_link_expired(wereld, settings):
    settings.PASSWORD_RESET_TIMEOUT = 7 * 86400
    nu = timezone.now()
    oud = Collegauitnodiging.objects.create(door=wereld.werkgever_user, organisatie=wereld.werkgever.organisatie,
                                            email="oud@example.nl", voornaam="O", achternaam="D",
                                            verstuurd_op=nu - timedelta(days=8, minutes=1))
    jong = Collegauitnodiging.objects.create(door=wereld.werkgever_user, organisatie=wereld.werkgever.organisatie,
                                             email="jong@example.nl", voornaam="J", achternaam="G",
                                             verstuurd_op=nu - timedelta(days=7, hours=23))
    verlopen_uitnodigingen_opruimen(nu=nu)
    assert not Collegauitnodiging.objects.filter(pk=oud.pk).exists()
    assert Collegauitnodiging.objects.filter(pk=jong.pk).exists()


def test_an_accepted_invitation_moves_to_who_can_log_in(client, wereld, django_capture_on_commit_callbacks):
    client.force_login(wereld.werkgever_user)
    _uitnodigen(client, django_capture_on_commit_callbacks, "Piet", "de Boer", "piet@deheul.example.nl")
    User.objects.filter(email="piet@deheul.example.nl").update(password=make_password(WACHTWOORD))
    html = client.get(reverse("werkgever_collegas")).content.decode()
    assert 'id="kop-uitgenodigd"' not in html
    assert "<strong>Piet de Boer</strong>" in html.split('id="kop-mensen"')[1].split("</section>")[0]
    assert Tijdlijnregel.objects.filter(tekst="Piet de Boer is uitgenodigd voor het portaal.").count() == 1
