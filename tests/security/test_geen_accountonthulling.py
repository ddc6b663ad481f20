"""No form a non-staff person can reach tells whether an e-mail address has an account on the portal (AVG: it
could be a werkzoekende's, a client of the gemeente or UWV). Each form below gets an address with an account and
one without, and must answer both alike. The werkgever's invitation of a colleague is tested in
``werkgevers/tests/test_collega_uitnodigen.py``.

Staff forms keep saying "Er bestaat al een account met dit e-mailadres." (``accounts.forms._PersoonVelden``,
``WerkzoekendeUitnodigenForm``): a beheerder, accountmanager or klantmanager invites on behalf of the WSP, may see
who has an account, and needs to hear it to avoid a second account for one person.
"""

import re

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from accounts.models import User
from outbox.models import Mail

pytestmark = pytest.mark.django_db


def _zonder(html, *woorden):
    for woord in woorden:
        html = html.replace(woord, "…")
    return re.sub(r'(X-CSRFToken": "|value="|data-csrf=")[^"]+', r"\1", html)


def test_password_reset_answers_every_address_alike(client, wereld):
    """allauth's ACCOUNT_PREVENT_ENUMERATION (on by default): the same page for both; only the owner of the address
    reads in their mail whether it has an account (a link, or "Onbekend account")."""
    antwoorden = []
    for email in (wereld.werkzoekende_user.email, "niemand@example.nl"):
        antwoord = client.post(reverse("account_reset_password"), {"email": email}, follow=True)
        antwoorden.append((antwoord.status_code, antwoord.redirect_chain,
                           _zonder(antwoord.content.decode(), email)))
    assert antwoorden[0] == antwoorden[1]
    onderwerpen = dict(Mail.objects.values_list("aan", "onderwerp"))
    assert onderwerpen == {wereld.werkzoekende_user.email: "[Werkgeversservicepunt] Nieuw wachtwoord",
                           "niemand@example.nl": "[Werkgeversservicepunt] Onbekend account"}


def test_signup_is_closed_for_every_address(client, wereld):
    antwoorden = []
    for email in (wereld.werkzoekende_user.email, "niemand@example.nl"):
        antwoord = client.post(reverse("account_signup"), {"email": email, "password1": "Lang-genoeg-2026-x",
                                                           "password2": "Lang-genoeg-2026-x"})
        antwoorden.append((antwoord.status_code, _zonder(antwoord.content.decode(), email)))
    assert antwoorden[0] == antwoorden[1]
    assert not User.objects.filter(email="niemand@example.nl").exists()


def test_adding_an_address_to_ones_account_answers_every_address_alike(client, wereld):
    """A werkgever adds an address on "E-mailadressen": another person's address is not called taken."""
    client.force_login(wereld.werkgever_user)
    antwoorden = []
    # (The list of addresses is in alphabetical order: both sort after the werkgever's own.)
    assert wereld.werkzoekende_user.email > wereld.werkgever_user.email < "zz-nieuw@example.nl"
    for email in (wereld.werkzoekende_user.email, "zz-nieuw@example.nl"):
        antwoord = client.post(reverse("account_email"), {"action_add": "", "email": email}, follow=True)
        antwoorden.append((antwoord.status_code, antwoord.redirect_chain, _zonder(antwoord.content.decode(), email)))
        # Each time from the same list of the werkgever's own addresses.
        EmailAddress.objects.filter(user=wereld.werkgever_user, email=email).delete()
    assert antwoorden[0] == antwoorden[1]
    assert "Bevestigings e-mail verzonden aan …" in antwoorden[0][2]
    willem = User.objects.get(pk=wereld.werkzoekende_user.pk)
    assert willem.email == wereld.werkzoekende_user.email  # still his


def test_logging_in_with_a_wrong_password_answers_every_address_alike(client, wereld):
    antwoorden = []
    for email in (wereld.werkzoekende_user.email, "niemand@example.nl"):
        antwoord = client.post(reverse("account_login"), {"login": email, "password": "Niet-het-wachtwoord-1"})
        antwoorden.append((antwoord.status_code, _zonder(antwoord.content.decode(), email)))
    assert antwoorden[0] == antwoorden[1]
