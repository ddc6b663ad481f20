"""What a werkgever sees after inviting must not tell whether an address had an account, not later either (a review of
the uniform answer of "Collega's met toegang"). Four traces it still left:

- the tijdlijn said "X is opnieuw uitgenodigd" for a new address invited twice (the first time made its account),
  "X is uitgenodigd" for a werkzoekende's address;
- once the link expired, the account made for a new address stood under "Wie kan inloggen" (and among the
  participants of an afspraak, and got the company's mail) until the sweep removed it, or for good when the sweep
  could not; a werkzoekende's address was simply gone;
- another person's verified second address got a second account, whose invitation crashed on accepting (HTTP 500);
- an account the accountmanager invited took the names and the blank phone number a werkgever typed.
"""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import Collegauitnodiging, Rol, User
from accounts.services import gebruiker_uitnodigen
from accounts.tests.factories import WerkzoekendeUserFactory
from agenda.models import Afspraak
from agenda.services import gesprek_bijwerken
from werkgevers.emails import werkgever_adressen

pytestmark = pytest.mark.django_db


def _uitnodigen(client, capture, voornaam, achternaam, email, telefoon=""):
    mail.outbox.clear()
    with capture(execute=True):
        return client.post(reverse("werkgever_collegas"), {"voornaam": voornaam, "achternaam": achternaam,
                                                          "email": email, "telefoon": telefoon}, follow=True)


def _intrekken(client, email):
    uitnodiging = Collegauitnodiging.objects.filter(email=email).latest("pk")
    assert client.post(reverse("werkgever_uitnodiging_intrekken", args=[uitnodiging.pk])).status_code == 302


def _zonder(html, *woorden):
    for woord in sorted(woorden, key=len, reverse=True):
        html = html.replace(woord, "…")
    html = re.sub(r'(name="csrfmiddlewaretoken" value="|data-csrf=")[^"]+', "", html)
    return re.sub(r"/\d+/", "/…/", html)


def _deel(html, kop):
    return html.split(f'id="{kop}"', 1)[1].split("</section>", 1)[0] if f'id="{kop}"' in html else ""


def _uitgenodigd(html):
    return re.findall(r"<li>.*?</li>", _deel(html, "kop-uitgenodigd"), flags=re.S)


def _tijdlijn(client, werkgever, naam):
    """The lines of the tijdlijn the werkgever reads that name ``naam``, oldest first, the name left out."""
    html = client.get(reverse("werkgever_tijdlijn", args=[werkgever.pk])).content.decode()
    teksten = re.findall(r"</strong>: (.*?)(?: <em>|</li>)", html, flags=re.S)
    return [t.replace(naam, "…") for t in reversed(teksten) if naam in t]


def _pagina(client):
    """The page "Collega's met toegang" below the header (the messages of the last step left out)."""
    html = client.get(reverse("werkgever_collegas")).content.decode()
    return _zonder(html.split("</header>")[-1].split('<h1', 1)[1])


def test_inviting_twice_or_again_after_withdrawing_reads_alike_for_every_address(client, wereld,
                                                                                 django_capture_on_commit_callbacks):
    """A new address and a werkzoekende's: twice, and once more after withdrawing. The werkgever's tijdlijn and page
    read the same for both; what really happened is on a line only the WSP reads."""
    werkgever = wereld.werkgever
    client.force_login(wereld.werkgever_user)
    tweede_wz = WerkzoekendeUserFactory(voornaam="Wim", achternaam="Werkt")
    paren = [(("Nina", "Nieuw", "nina.nieuw@example.nl"), ("Willem", "van de Vecht", wereld.werkzoekende_user.email)),
             (("Otto", "Opnieuw", "otto.opnieuw@example.nl"), ("Wout", "Weer", tweede_wz.email))]
    # Twice.
    for voornaam, achternaam, email in paren[0]:
        for _keer in range(2):
            assert _uitnodigen(client, django_capture_on_commit_callbacks, voornaam, achternaam, email).redirect_chain
    # Invited, withdrawn, invited again.
    for voornaam, achternaam, email in paren[1]:
        _uitnodigen(client, django_capture_on_commit_callbacks, voornaam, achternaam, email)
        _intrekken(client, email)
        _uitnodigen(client, django_capture_on_commit_callbacks, voornaam, achternaam, email)

    html = client.get(reverse("werkgever_collegas")).content.decode()
    regels = {r.split("</strong>")[0].split("<strong>")[1]: r for r in _uitgenodigd(html)}
    for nieuw, ander in paren:
        namen = [f"{v} {a}" for v, a, _e in (nieuw, ander)]
        # The tijdlijn: line for line the same.
        tijdlijnen = [_tijdlijn(client, werkgever, naam) for naam in namen]
        assert tijdlijnen[0] == tijdlijnen[1], tijdlijnen
        assert all("opnieuw" not in regel and "terug" not in regel for regel in tijdlijnen[0])
        # The page: one entry under "Uitgenodigd" each, alike, and neither among who can log in.
        assert (_zonder(regels[namen[0]], *nieuw) == _zonder(regels[namen[1]], *ander))
        for naam in namen:
            assert naam not in _deel(html, "kop-mensen")
    # The WSP reads which it was.
    wsp = werkgever.tijdlijn.filter(voor_werkgever=False).values_list("tekst", flat=True)
    assert "Nina Nieuw was al uitgenodigd en had de link niet gebruikt; het account kreeg een nieuwe link." in wsp
    assert ("Otto Opnieuw had geen toegang meer tot het portaal en is opnieuw uitgenodigd op hetzelfde account."
            in wsp)


def test_an_expired_invitation_leaves_nothing_behind_whatever_the_address(client, wereld, settings,
                                                                          django_capture_on_commit_callbacks):
    """Between the link's expiry and the sweep (or for good, when the sweep cannot remove the account) the account
    made for a new address is nowhere the werkgever looks: not on the page, not at an afspraak, not among the
    addresses mailed, not withdrawable by its number. As for a werkzoekende's address, of which nothing was made."""
    settings.PASSWORD_RESET_TIMEOUT = 3 * 86400
    werkgever = wereld.werkgever
    client.force_login(wereld.werkgever_user)
    voor = _pagina(client)
    _uitnodigen(client, django_capture_on_commit_callbacks, "Nina", "Nieuw", "nina.nieuw@example.nl")
    _uitnodigen(client, django_capture_on_commit_callbacks, "Willem", "van de Vecht", wereld.werkzoekende_user.email)
    nina = User.objects.get(email="nina.nieuw@example.nl")

    # While the invitation is open, she is only that invitation: no participant of the werkgever's gesprek, no mail.
    wereld.met_bemiddeling()
    gesprek_bijwerken(gesprek_id=wereld.gesprek.pk)
    afspraak = Afspraak.objects.get(gesprek=wereld.gesprek)
    assert not afspraak.deelnemers.filter(gebruiker=nina).exists()
    assert "Nina" not in _deel(client.get(reverse("afspraak_detail", args=[afspraak.pk])).content.decode(), "kop-wie")
    assert nina.email not in werkgever_adressen(werkgever)

    # Four days later the links expired; the sweep has not run yet.
    vier_dagen = timedelta(days=4)
    Collegauitnodiging.objects.update(verstuurd_op=timezone.now() - vier_dagen)
    User.objects.filter(pk=nina.pk).update(uitgenodigd_op=timezone.now() - vier_dagen)
    assert _pagina(client) == voor
    antwoorden = [client.post(reverse("werkgever_collega_intrekken", args=[pk])).status_code
                  for pk in (nina.pk, wereld.werkzoekende_user.pk)]
    assert antwoorden == [404, 404]
    assert User.objects.get(pk=nina.pk).is_active  # untouched: the sweep removes it
    assert nina.email not in werkgever_adressen(werkgever)

    # Accepted after all (a new link): now she is a colleague like any other.
    _uitnodigen(client, django_capture_on_commit_callbacks, "Nina", "Nieuw", "nina.nieuw@example.nl")
    nina.refresh_from_db()
    nina.set_password("Een-goed-wachtwoord-42")
    nina.save(update_fields=["password"])
    assert "Nina Nieuw" in _deel(client.get(reverse("werkgever_collegas")).content.decode(), "kop-mensen")
    assert nina.email in werkgever_adressen(werkgever)


def test_a_contactpersoon_the_accountmanager_invited_stays_as_the_werkgever_saw_it(
        client, wereld, settings, django_capture_on_commit_callbacks):
    """The accountmanager invited Carla; she has not chosen a password yet. The werkgever sees her as before, among
    who can log in ("nog niet ingelogd"), at the gesprek and in the mail. Inviting her again from the page gives her
    a new link, but keeps what the accountmanager wrote down: her names, her number, who invited her."""
    settings.PASSWORD_RESET_TIMEOUT = 3 * 86400
    werkgever = wereld.werkgever
    with django_capture_on_commit_callbacks(execute=True):
        carla = gebruiker_uitnodigen(door=wereld.accountmanager, email="carla@deheul.example.nl", rol=Rol.WERKGEVER,
                                     voornaam="Carla", achternaam="Contact", telefoon="026 1234567",
                                     organisatie=werkgever.organisatie, regio=werkgever.regio)
    client.force_login(wereld.werkgever_user)
    mensen = _deel(client.get(reverse("werkgever_collegas")).content.decode(), "kop-mensen")
    assert "<strong>Carla Contact</strong>" in mensen and "nog niet ingelogd" in mensen
    assert carla.email in werkgever_adressen(werkgever)
    wereld.met_bemiddeling()
    gesprek_bijwerken(gesprek_id=wereld.gesprek.pk)
    assert Afspraak.objects.get(gesprek=wereld.gesprek).deelnemers.filter(gebruiker=carla).exists()

    antwoord = _uitnodigen(client, django_capture_on_commit_callbacks, "Karla", "Kontakt", "CARLA@deheul.example.nl")
    assert antwoord.redirect_chain
    [bericht] = [b for b in mail.outbox if "uitnodiging" in b.subject]
    assert bericht.to == [carla.email] and "/uitnodiging/" in bericht.body  # a new link
    carla.refresh_from_db()
    assert (carla.voornaam, carla.achternaam, carla.telefoon) == ("Carla", "Contact", "026 1234567")
    assert carla.uitgenodigd_door_id == wereld.accountmanager.pk and carla.is_active
    assert timezone.now() - carla.uitgenodigd_op < timedelta(minutes=1)
    # While the werkgever's invitation is open she is listed as that invitation; once it expired, as before.
    html = client.get(reverse("werkgever_collegas")).content.decode()
    assert "Karla Kontakt" in _deel(html, "kop-uitgenodigd") and "Carla" not in _deel(html, "kop-mensen")
    Collegauitnodiging.objects.update(verstuurd_op=timezone.now() - timedelta(days=4))
    assert "<strong>Carla Contact</strong>" in _deel(client.get(reverse("werkgever_collegas")).content.decode(),
                                                     "kop-mensen")


def test_inviting_again_never_blanks_what_the_account_holds(client, wereld, django_capture_on_commit_callbacks):
    """An account the werkgever made: the names typed the second time replace the first (the company knows its
    colleague's name), a phone number left blank does not wipe the one given before."""
    client.force_login(wereld.werkgever_user)
    _uitnodigen(client, django_capture_on_commit_callbacks, "Piet", "de Boer", "piet@deheul.example.nl",
                telefoon="06 12345678")
    _uitnodigen(client, django_capture_on_commit_callbacks, "Piet", "de Boer-Jansen", "piet@deheul.example.nl")
    piet = User.objects.get(email="piet@deheul.example.nl")
    assert (piet.achternaam, piet.telefoon) == ("de Boer-Jansen", "06 12345678")


def _tweede_adres(gebruiker, email):
    return EmailAddress.objects.create(user=gebruiker, email=email, verified=True, primary=False)


def test_another_persons_verified_second_address_is_that_account(client, wereld, django_capture_on_commit_callbacks):
    """Willem added and verified a second address. A werkgever inviting it makes no second account (whose
    invitation could never be accepted): Willem hears someone tried, as for his login address. Staff hear that the
    address is taken, also in other capitals."""
    willem = wereld.werkzoekende_user
    _tweede_adres(willem, "willem.prive@example.nl")
    client.force_login(wereld.werkgever_user)
    antwoord = _uitnodigen(client, django_capture_on_commit_callbacks, "Willem", "Prive", "Willem.Prive@example.nl")
    assert antwoord.redirect_chain
    assert not User.objects.filter(email__iexact="willem.prive@example.nl").exists()
    [bericht] = mail.outbox
    assert bericht.to == [willem.email] and "Iemand probeerde" in bericht.subject
    assert "/uitnodiging/" not in bericht.body
    assert Collegauitnodiging.objects.get(email="willem.prive@example.nl").gebruiker_id is None

    client.force_login(wereld.accountmanager)
    antwoord = client.post(reverse("uitnodigen"), {"werkgever": wereld.werkgever.pk, "voornaam": "Willem",
                                                   "achternaam": "Prive", "email": "WILLEM.prive@example.nl",
                                                   "telefoon": ""})
    assert antwoord.status_code == 400
    assert "Er bestaat al een account met dit e-mailadres." in antwoord.content.decode()
    assert not User.objects.filter(email__iexact="willem.prive@example.nl").exists()


def test_accepting_an_invitation_to_an_address_another_account_verified_is_refused_clearly(client, wereld):
    """An account invited before the second address was looked for (or verified by its owner after the
    invitation): choosing a password on its link tells the reader what to do, where it gave HTTP 500
    (allauth's one-verified-owner rule)."""
    twee = User(email="dubbel@example.nl", voornaam="Dirk", achternaam="Dubbel", rol=Rol.WERKGEVER,
                organisatie=wereld.werkgever.organisatie, regio=wereld.werkgever.regio,
                uitgenodigd_door=wereld.werkgever_user, uitgenodigd_op=timezone.now())
    twee.set_unusable_password()
    twee.save()
    EmailAddress.objects.create(user=twee, email=twee.email, primary=True, verified=False)
    _tweede_adres(wereld.werkzoekende_user, "dubbel@example.nl")
    url = reverse("uitnodiging_accepteren", args=[urlsafe_base64_encode(force_bytes(twee.pk)),
                                                  default_token_generator.make_token(twee)])
    assert client.get(url).status_code == 200
    antwoord = client.post(url, {"new_password1": "Een-goed-wachtwoord-42", "new_password2": "Een-goed-wachtwoord-42"})
    html = antwoord.content.decode()
    assert antwoord.status_code == 400
    assert "Dit e-mailadres hoort al bij een ander account op het portaal. Log in met dat account" in html
    assert "Dit lukte niet." in html and "Kijk bij de velden" not in html  # no field to look at
    twee.refresh_from_db()
    assert not twee.has_usable_password()
    assert "_auth_user_id" not in client.session
