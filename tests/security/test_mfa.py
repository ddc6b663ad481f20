"""Probe: a stolen staff password alone opens nothing.

The general suite runs with MFA_VERPLICHT off (klantreis/settings_test.py); here it is on, as in
production. Every URL of the permission matrix is walked for every staff role: without an authenticator
the person is sent to set one up, with one but a session that never gave it, to the second step. After a
real login (password, then a code the way an authenticator app computes it) the pages answer as the
matrix says.
"""

import time
from urllib.parse import urlparse

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.urls import reverse

from accounts.middleware import MFA_INSTELLEN, ZONDER_MFA
from accounts.tests.factories import WACHTWOORD
from tests.test_permission_matrix import MATRIX, admin_kwargs, admin_verwachting, alle_url_namen

pytestmark = pytest.mark.django_db

STAFF = ["beheerder", "accountmanager", "klantmanager"]


@pytest.fixture(autouse=True)
def mfa_verplicht(settings):
    settings.MFA_VERPLICHT = True


def app_code(secret, *, stap=0):
    """What an authenticator app shows now (RFC 6238, with allauth's own HOTP function)."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + stap))


def met_app(user):
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def url_en_verwachting(naam, pattern, wereld, rol):
    if naam.startswith("admin:"):
        return reverse(naam, kwargs=admin_kwargs(naam, pattern, wereld)), admin_verwachting(naam)[rol]
    kwargs, verwacht = MATRIX[naam]
    kwargs = kwargs(wereld) if callable(kwargs) else kwargs
    return reverse(naam, kwargs=kwargs), verwacht[rol]


def wachtwoord_inloggen(client, user):
    return client.post(reverse("account_login"), {"login": user.email, "password": WACHTWOORD})


def wachtwoord_bevestigen(client):
    """allauth asks for the password again before a second factor is added or removed."""
    response = client.post(reverse("account_reauthenticate"), {"password": WACHTWOORD})
    assert response.status_code == 302, response.content.decode()[:500]


@pytest.mark.parametrize("rol", STAFF)
def test_staff_without_authenticator_only_reaches_setting_one_up(client, volle_wereld, rol):
    client.force_login(volle_wereld.gebruiker(rol))
    fouten = []
    for naam, pattern in sorted(alle_url_namen().items()):
        if naam in ZONDER_MFA or naam in MFA_INSTELLEN:
            continue
        url, _ = url_en_verwachting(naam, pattern, volle_wereld, rol)
        response = client.get(url)
        if response.status_code != 302 or response["Location"] != reverse("mfa_index"):
            fouten.append(f"{naam} ({url}): {response.status_code} {response.get('Location')}")
    assert not fouten, f"rol {rol} kwam zonder tweede stap bij:\n" + "\n".join(fouten)
    uitleg = client.get(reverse("mfa_index")).content.decode()
    assert "Stel eerst een tweede stap in" in uitleg
    assert "Een wachtwoord alleen is dan niet genoeg" in uitleg


@pytest.mark.parametrize("rol", STAFF)
def test_staff_session_without_second_step_is_sent_to_give_it(client, volle_wereld, rol):
    """An authenticator on the account is not enough: this session must have used it."""
    met_app(volle_wereld.gebruiker(rol))
    client.force_login(volle_wereld.gebruiker(rol))  # a session that only knows the password, say
    fouten = []
    for naam, pattern in sorted(alle_url_namen().items()):
        if naam in ZONDER_MFA:
            continue
        url, _ = url_en_verwachting(naam, pattern, volle_wereld, rol)
        response = client.get(url)
        location = urlparse(response.get("Location", ""))
        if response.status_code != 302 or location.path != reverse("mfa_reauthenticate"):
            fouten.append(f"{naam} ({url}): {response.status_code} {response.get('Location')}")
    assert not fouten, f"rol {rol} kwam zonder tweede stap bij:\n" + "\n".join(fouten)


@pytest.mark.parametrize("rol", STAFF)
def test_after_password_and_app_code_every_page_answers_as_the_matrix_says(client, volle_wereld, rol):
    user = volle_wereld.gebruiker(rol)
    secret = met_app(user)
    response = wachtwoord_inloggen(client, user)
    assert response["Location"] == reverse("mfa_authenticate")  # the password alone does not log in
    assert "_auth_user_id" not in client.session
    response = client.post(reverse("mfa_authenticate"), {"code": app_code(secret)})
    assert response.status_code == 302 and response["Location"] != reverse("mfa_authenticate")
    fouten = []
    for naam, pattern in sorted(alle_url_namen().items()):
        if naam.startswith(("mfa_", "account_")) or naam == "sessie_status":
            continue  # one's own account pages answer differently once a second factor exists
        url, verwacht = url_en_verwachting(naam, pattern, volle_wereld, rol)
        status = client.get(url).status_code
        if status != verwacht:
            fouten.append(f"{naam} ({url}): {status}, verwacht {verwacht}")
    assert not fouten, f"rol {rol}:\n" + "\n".join(fouten)


def test_wrong_or_replayed_code_does_not_log_in(client, wereld):
    user = wereld.accountmanager
    secret = met_app(user)
    wachtwoord_inloggen(client, user)
    fout = client.post(reverse("mfa_authenticate"), {"code": "000000" if app_code(secret) != "000000" else "111111"})
    assert fout.status_code == 200
    assert "Deze code klopt niet" in fout.content.decode()
    code = app_code(secret)
    assert client.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302
    assert client.get(reverse("accountmanager_home")).status_code == 200
    # Someone who watched the code being typed cannot use it again in another browser.
    from django.test import Client

    ander = Client()
    wachtwoord_inloggen(ander, user)
    assert ander.post(reverse("mfa_authenticate"), {"code": code}).status_code == 200
    assert ander.get(reverse("accountmanager_home")).status_code == 302


def test_second_step_addresses_the_person_logging_in_as_their_role_does(client, wereld):
    """During login the request's user is still anonymous (whose pages take "u"): the page asks the login stage who
    is logging in. Staff read "je", werkgevers "u"."""
    from django.test import Client

    for gebruiker, verwacht, niet in [(wereld.klantmanager, "uit je authenticator-app", " uw "),
                                      (wereld.werkgever_user, "uit uw authenticator-app", " je ")]:
        met_app(gebruiker)
        browser = Client()
        wachtwoord_inloggen(browser, gebruiker)
        html = browser.get(reverse("mfa_authenticate")).content.decode()
        pagina = html[html.index("<main"):html.index("</main>")]  # the footer is the public one until logged in
        assert verwacht in pagina and niet not in pagina, gebruiker.rol


def test_recovery_code_logs_in_once(client, wereld):
    from django.test import Client

    user = wereld.klantmanager
    met_app(user)
    code = RecoveryCodes.activate(user).get_unused_codes()[0]
    wachtwoord_inloggen(client, user)
    assert client.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302
    assert client.get(reverse("klantmanager_home")).status_code == 200
    ander = Client()
    wachtwoord_inloggen(ander, user)
    assert ander.post(reverse("mfa_authenticate"), {"code": code}).status_code == 200
    assert ander.get(reverse("klantmanager_home")).status_code == 302


@pytest.mark.django_db(transaction=True)  # allauth announces the new app on commit, inside the request
def test_setting_up_the_app_confirms_the_session(client, wereld):
    """The code typed to set the app up proves the second factor: no second login needed."""
    user = wereld.accountmanager
    wachtwoord_inloggen(client, user)  # no authenticator: the password logs in, to set one up
    assert client.get(reverse("accountmanager_home"))["Location"] == reverse("mfa_index")
    assert client.get(reverse("mfa_activate_totp"))["Location"].startswith(reverse("account_reauthenticate"))
    wachtwoord_bevestigen(client)
    pagina = client.get(reverse("mfa_activate_totp"))
    assert pagina.status_code == 200
    secret = pagina.context["form"].secret
    assert secret in pagina.content.decode()  # shown to type over when scanning fails
    response = client.post(reverse("mfa_activate_totp"), {"code": app_code(secret)})
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    codes = client.get(reverse("mfa_view_recovery_codes")).content.decode()
    assert all(c in codes for c in RecoveryCodes(Authenticator.objects.get(
        user=user, type=Authenticator.Type.RECOVERY_CODES)).get_unused_codes())
    assert client.get(reverse("accountmanager_home")).status_code == 200


def test_a_wrong_code_when_setting_up_keeps_the_secret(client, wereld):
    user = wereld.accountmanager
    wachtwoord_inloggen(client, user)
    wachtwoord_bevestigen(client)
    secret = client.get(reverse("mfa_activate_totp")).context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": "12"})
    assert response.status_code == 200
    assert response.context["form"].secret == secret  # the app the person already scanned stays valid
    assert not Authenticator.objects.filter(user=user).exists()


def test_staff_cannot_switch_off_their_only_second_factor(client, wereld):
    user = wereld.accountmanager
    secret = met_app(user)
    wachtwoord_inloggen(client, user)
    client.post(reverse("mfa_authenticate"), {"code": app_code(secret)})
    wachtwoord_bevestigen(client)
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 200
    assert "Medewerkers hebben altijd een tweede stap nodig" in response.content.decode()
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def test_werkgever_may_switch_it_off(client, wereld):
    user = wereld.werkgever_user
    secret = met_app(user)
    wachtwoord_inloggen(client, user)
    client.post(reverse("mfa_authenticate"), {"code": app_code(secret)})
    wachtwoord_bevestigen(client)
    assert client.post(reverse("mfa_deactivate_totp")).status_code == 302
    assert not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def test_werkgevers_and_werkzoekenden_are_offered_not_forced(client, wereld):
    client.force_login(wereld.werkgever_user)
    home = client.get(reverse("werkgever_home"))
    assert home.status_code == 200
    assert "Tweede stap instellen" in home.content.decode()
    client.force_login(wereld.werkzoekende_user)
    assert client.get(reverse("werkzoekende_home")).status_code == 200
    assert client.get(reverse("mfa_index")).status_code == 200


def test_werkgever_with_second_factor_is_not_offered_it_again(client, wereld):
    user = wereld.werkgever_user
    secret = met_app(user)
    wachtwoord_inloggen(client, user)
    client.post(reverse("mfa_authenticate"), {"code": app_code(secret)})
    assert "Tweede stap instellen" not in client.get(reverse("werkgever_home")).content.decode()


def test_htmx_request_is_redirected_as_a_whole_page(client, wereld):
    client.force_login(wereld.accountmanager)
    response = client.get(reverse("werkgevers_regio"), HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"] == reverse("mfa_index")


def test_the_secret_is_encrypted_in_the_database(wereld):
    secret = met_app(wereld.accountmanager)
    opgeslagen = Authenticator.objects.get(user=wereld.accountmanager, type=Authenticator.Type.TOTP).data["secret"]
    assert secret not in opgeslagen
    assert TOTP(Authenticator.objects.get(user=wereld.accountmanager)).validate_code(app_code(secret))


def test_beheerder_cannot_read_or_edit_a_second_factor_in_the_admin(client, wereld):
    secret = met_app(wereld.accountmanager)
    beheerder_secret = met_app(wereld.beheerder)
    wachtwoord_inloggen(client, wereld.beheerder)
    client.post(reverse("mfa_authenticate"), {"code": app_code(beheerder_secret)})
    auth = Authenticator.objects.get(user=wereld.accountmanager)
    pagina = client.get(reverse("admin:mfa_authenticator_change", args=[auth.pk]))
    assert pagina.status_code == 200
    assert secret not in pagina.content.decode() and auth.data["secret"] not in pagina.content.decode()
    assert client.post(reverse("admin:mfa_authenticator_change", args=[auth.pk]),
                       {"type": "totp", "data": "{}"}).status_code == 403
    # A lost phone: the beheerder removes it, the accountmanager sets up a new one at the next login.
    assert client.post(reverse("admin:mfa_authenticator_delete", args=[auth.pk]), {"post": "yes"}).status_code == 302
    assert not Authenticator.objects.filter(pk=auth.pk).exists()


def test_webauthn_registration_page_offers_the_options(client, wereld):
    user = wereld.accountmanager
    wachtwoord_inloggen(client, user)
    wachtwoord_bevestigen(client)
    pagina = client.get(reverse("mfa_add_webauthn"))
    assert pagina.status_code == 200
    opties = pagina.context["js_data"]["creation_options"]["publicKey"]
    assert opties["rp"]["id"] == "testserver"
    assert opties["user"]["name"] == user.email
    html = pagina.content.decode()
    assert 'data-passkey="toevoegen"' in html and "<script>" not in html


def test_a_wrong_code_is_told_in_the_words_of_who_logs_in(client, wereld):
    """The intro of the second step said "je" to staff, but a wrong code gave them "Wat u typte" and "de code die
    uw app nu laat zien": the request's user is still anonymous, whose pages take "u"."""
    from django.test import Client

    for gebruiker, verwacht, niet in [(wereld.klantmanager, "Wat je typte, staat er nog.", " uw "),
                                      (wereld.werkgever_user, "Wat u typte, staat er nog.", " je ")]:
        met_app(gebruiker)
        browser = Client()
        wachtwoord_inloggen(browser, gebruiker)
        html = browser.post(reverse("mfa_authenticate"), {"code": "12345678"}).content.decode()
        pagina = html[html.index("<main"):html.index("</main>")]
        assert verwacht in pagina and "Deze code klopt niet." in pagina, gebruiker.rol
        assert niet not in pagina, gebruiker.rol


def test_who_lost_the_phone_reads_what_to_do_and_is_reminded_after_a_recovery_code(client, wereld):
    """A lost phone: the second step said to type a recovery code, not what to do without one, and a login with a
    recovery code looked like any other, so the app on the lost phone went on working unnoticed."""
    from django.test import Client

    user = wereld.klantmanager
    met_app(user)
    codes = RecoveryCodes.activate(user).get_unused_codes()
    wachtwoord_inloggen(client, user)
    html = client.get(reverse("mfa_authenticate")).content.decode()
    assert "Telefoon kwijt?" in html and "Vraag de beheerder van het portaal om je tweede stap te wissen" in html
    thuis = client.post(reverse("mfa_authenticate"), {"code": codes[0]}, follow=True).content.decode()
    assert f"Je bent ingelogd met een herstelcode; je hebt er nog {len(codes) - 1}." in thuis
    assert "Ga in het menu naar Beveiliging: zet de app uit" in thuis

    werkgever = wereld.werkgever_user
    met_app(werkgever)
    browser = Client()
    wachtwoord_inloggen(browser, werkgever)
    assert "Bel uw accountmanager" in browser.get(reverse("mfa_authenticate")).content.decode()
    # A login with the app says nothing of the kind.
    ander = Client()
    secret = met_app(wereld.accountmanager)
    wachtwoord_inloggen(ander, wereld.accountmanager)
    assert "herstelcode;" not in ander.post(reverse("mfa_authenticate"), {"code": app_code(secret)},
                                            follow=True).content.decode()


@pytest.mark.django_db(transaction=True)  # allauth announces the new app on commit, inside the request
def test_the_removal_of_a_lost_phone_is_logged_as_the_persons(client, wereld):
    """The beheerder removes a lost phone's second factor: the verwerkingenlog named the removed row ("TOTP") as
    the betrokkene, so nobody could find whose second step was removed, or the person in their own lines."""
    from django.contrib.contenttypes.models import ContentType

    from accounts.models import User, Verwerking, VerwerkingBetrokkene

    met_app(wereld.accountmanager)
    beheerder_secret = met_app(wereld.beheerder)
    wachtwoord_inloggen(client, wereld.beheerder)
    client.post(reverse("mfa_authenticate"), {"code": app_code(beheerder_secret)})
    auth = Authenticator.objects.get(user=wereld.accountmanager)
    assert client.post(reverse("admin:mfa_authenticator_delete", args=[auth.pk]), {"post": "yes"}).status_code == 302
    regel = Verwerking.objects.get(actie=Verwerking.Actie.VERWIJDEREN, gebruiker=wereld.beheerder)
    assert regel.doel == "beheer van tweede stappen (verloren telefoon)"
    assert list(VerwerkingBetrokkene.objects.filter(verwerking=regel).values_list("content_type", "object_id")) == [
        (ContentType.objects.get_for_model(User).pk, str(wereld.accountmanager.pk))]


@pytest.mark.django_db(transaction=True)  # allauth announces the new app on commit, inside the request
def test_the_beheerder_finds_a_lost_phone_by_name_and_a_removal_from_the_list_is_logged(client, wereld):
    """The list of second factors had no search: a beheerder of a big organisation paged through everyone's. And its
    action "Geselecteerde authenticators verwijderen" wrote nothing to the verwerkingenlog (only the single delete
    page did)."""
    from django.contrib.admin import helpers
    from django.contrib.contenttypes.models import ContentType

    from accounts.models import User, Verwerking, VerwerkingBetrokkene

    met_app(wereld.accountmanager)
    met_app(wereld.klantmanager)
    beheerder_secret = met_app(wereld.beheerder)
    wachtwoord_inloggen(client, wereld.beheerder)
    client.post(reverse("mfa_authenticate"), {"code": app_code(beheerder_secret)})
    url = reverse("admin:mfa_authenticator_changelist")
    lijst = client.get(url, {"q": wereld.accountmanager.achternaam})
    gevonden = [a.user for a in lijst.context["cl"].result_list]
    assert gevonden == [wereld.accountmanager]
    auth = Authenticator.objects.get(user=wereld.accountmanager)
    antwoord = client.post(url, {"action": "delete_selected", helpers.ACTION_CHECKBOX_NAME: [auth.pk], "post": "yes"})
    assert antwoord.status_code == 302
    assert not Authenticator.objects.filter(pk=auth.pk).exists()
    regel = Verwerking.objects.get(actie=Verwerking.Actie.VERWIJDEREN, gebruiker=wereld.beheerder)
    assert list(VerwerkingBetrokkene.objects.filter(verwerking=regel).values_list("content_type", "object_id")) == [
        (ContentType.objects.get_for_model(User).pk, str(wereld.accountmanager.pk))]


def test_who_lost_the_phone_is_told_by_mail_that_the_beheerder_removed_the_second_step(
        client, wereld, django_capture_on_commit_callbacks):
    """The beheerder removed the second factor and the person heard nothing: whoever had not asked for it (an
    account taken over, a mistake) could not know that the account now logs in with a password only."""
    from django.core import mail

    met_app(wereld.accountmanager)
    beheerder_secret = met_app(wereld.beheerder)
    wachtwoord_inloggen(client, wereld.beheerder)
    client.post(reverse("mfa_authenticate"), {"code": app_code(beheerder_secret)})
    mail.outbox.clear()
    auth = Authenticator.objects.get(user=wereld.accountmanager, type=Authenticator.Type.TOTP)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:mfa_authenticator_delete", args=[auth.pk]), {"post": "yes"})
    [bericht] = [m for m in mail.outbox if m.to == [wereld.accountmanager.email]]
    assert bericht.subject.endswith("Je tweede inlogstap is verwijderd")
    assert "verwijderd door de beheerder" in bericht.body and "Was jij dit niet" in bericht.body
    assert "Stel bij het volgende inloggen" in bericht.body
