"""The werkgever's contactpersoon leaves the company: a colleague gets an account from the werkgever itself, and the
one who left loses theirs, so the kandidaten, meldingen and mail of the werkgever go to who is there."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User, Verwerking
from accounts.tests.factories import WACHTWOORD
from werkgevers.emails import werkgever_aanhef, werkgever_adressen
from werkgevers.tests.factories import WerkgeverUserFactory

pytestmark = pytest.mark.django_db

# What the werkgever reads after inviting, whatever the address (the e-mail address, the first name typed).
VERSTUURD = ("We hebben een e-mail gestuurd naar %s. Heeft dit adres nog geen toegang tot het portaal? Dan kiest %s "
             "met de link in die e-mail een wachtwoord.")


def test_a_deactivated_contactpersoon_gets_no_more_werkgever_mail(wereld):
    """Before, the company record's contact address went on receiving every werkgever mail (voordrachten, check-ins,
    agreements) after the account of that person was deactivated; a general company address still gets them."""
    martijn, werkgever = wereld.werkgever_user, wereld.werkgever
    collega = WerkgeverUserFactory(organisatie=werkgever.organisatie, voornaam="Piet", achternaam="de Boer")
    werkgever.contactpersoon_email = martijn.email.upper()  # typed in another case
    werkgever.contactpersoon_naam = "Martijn de Heul"
    werkgever.save(update_fields=["contactpersoon_email", "contactpersoon_naam"])
    martijn.is_active = False
    martijn.save(update_fields=["is_active"])

    assert [a.lower() for a in werkgever_adressen(werkgever)] == [collega.email]
    assert werkgever_aanhef(werkgever) == [(collega.email, "Piet de Boer")]

    werkgever.contactpersoon_email = "Info@DeHeul.example.nl"  # no person's account
    werkgever.save(update_fields=["contactpersoon_email"])
    assert werkgever_adressen(werkgever) == [collega.email, "Info@DeHeul.example.nl"]
    assert werkgever_aanhef(werkgever) == [(collega.email, "Piet de Boer"),
                                          ("Info@DeHeul.example.nl", "Martijn de Heul")]


def test_a_colleague_takes_over_when_the_contactpersoon_leaves(client, wereld, django_capture_on_commit_callbacks):
    """Before, only an accountmanager could give a colleague an account and only a beheerder could stop the one who
    left: Martijn's account went on receiving De Heul's kandidaten and mail after he had gone."""
    martijn, werkgever = wereld.werkgever_user, wereld.werkgever
    werkgever.contactpersoon_email = martijn.email
    werkgever.save(update_fields=["contactpersoon_email"])
    client.force_login(martijn)
    html = client.get(reverse("werkgever_home")).content.decode()
    assert reverse("werkgever_collegas") in html
    pagina = client.get(reverse("werkgever_collegas")).content.decode()
    assert "Martijn de Heul</strong> (dat bent u)" in pagina
    assert reverse("werkgever_collega_intrekken", args=[martijn.pk]) not in pagina  # not oneself

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # the invitation mail leaves after commit
        antwoord = client.post(reverse("werkgever_collegas"), {"voornaam": "Piet", "achternaam": "de Boer",
                                                              "email": "Piet@DeHeul.example.nl", "telefoon": ""},
                               follow=True)
    assert VERSTUURD % ("piet@deheul.example.nl", "Piet") in antwoord.content.decode()
    piet = User.objects.get(email="piet@deheul.example.nl")
    assert (piet.rol, piet.organisatie_id, piet.is_active) == ("werkgever", werkgever.organisatie_id, True)
    assert [b.to for b in mail.outbox if "uitnodiging" in b.subject.lower()] == [["piet@deheul.example.nl"]]
    assert werkgever.tijdlijn.filter(tekst="Piet de Boer is uitgenodigd voor het portaal.", door=martijn).exists()

    # The accountmanager sees who can log in now.
    client.force_login(wereld.accountmanager)
    detail = client.get(reverse("werkgever_detail", args=[werkgever.pk])).content.decode()
    assert "Piet de Boer (nog niet ingelogd)" in detail and "Martijn de Heul" in detail

    # Piet chose his password and takes over: Martijn has left.
    piet.set_password("Lang-genoeg-wachtwoord-2026")
    piet.save()
    client.force_login(piet)
    antwoord = client.post(reverse("werkgever_collega_intrekken", args=[martijn.pk]), follow=True)
    html = antwoord.content.decode()
    assert "Martijn de Heul kan niet meer inloggen" in html
    assert "Martijn de Heul was ook de contactpersoon die wij bellen en mailen" in html
    martijn.refresh_from_db()
    assert not martijn.is_active
    # Not even as the contactpersoon's address, which he was (the warning above asks to change it): he left.
    assert martijn.email not in werkgever_adressen(werkgever)
    assert werkgever.tijdlijn.filter(tekst="Martijn de Heul heeft geen toegang meer tot het portaal.",
                                     door=piet).exists()
    regel = Verwerking.objects.filter(gebruiker=piet, actie=Verwerking.Actie.WIJZIGEN).latest("pk")
    assert regel.doel == "toegang tot het portaal ingetrokken"
    assert "Martijn de Heul" not in client.get(reverse("werkgever_collegas")).content.decode()

    client.force_login(martijn)
    assert client.get(reverse("werkgever_home")).status_code == 302  # logged out: the account no longer works


def test_only_a_colleague_of_the_own_company_is_invited_or_stopped(client, wereld,
                                                                   django_capture_on_commit_callbacks):
    martijn = wereld.werkgever_user
    vreemde = wereld.vreemde_werkgever_user
    collega = WerkgeverUserFactory(werkgever=wereld.werkgever, voornaam="Ria", achternaam="Vandam")
    client.force_login(vreemde)
    assert client.post(reverse("werkgever_collega_intrekken", args=[martijn.pk])).status_code == 404
    assert client.post(reverse("werkgever_collega_intrekken", args=[wereld.accountmanager.pk])).status_code == 404
    assert "Martijn" not in client.get(reverse("werkgever_collegas")).content.decode()
    client.force_login(martijn)
    client.post(reverse("werkgever_collega_intrekken", args=[martijn.pk]), follow=True)
    assert User.objects.get(pk=martijn.pk).is_active  # not oneself
    # A colleague who logs in already: the same answer as for any address; nothing changes, she hears it by mail.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = client.post(reverse("werkgever_collegas"), {"voornaam": "Ria", "achternaam": "Tweede",
                                                              "email": collega.email.upper()}, follow=True)
    assert VERSTUURD % (collega.email, "Ria") in antwoord.content.decode()
    assert User.objects.filter(email__iexact=collega.email).count() == 1
    collega.refresh_from_db()
    assert collega.achternaam == "Vandam" and collega.is_active and collega.check_password(WACHTWOORD)
    [bericht] = mail.outbox
    assert bericht.to == [collega.email] and bericht.subject.endswith("U heeft al toegang tot het portaal")
    assert "Martijn de Heul wilde u toegang geven" in bericht.body and "/accounts/password/reset/" in bericht.body


def test_a_colleague_whose_access_was_withdrawn_can_be_invited_again(client, wereld,
                                                                     django_capture_on_commit_callbacks):
    """Withdrawing is one click with no undo: a colleague stopped by mistake, or who came back, could not be invited
    again ("Er bestaat al een account met dit e-mailadres.") and was no longer in the list to restore."""
    martijn, werkgever = wereld.werkgever_user, wereld.werkgever
    piet = WerkgeverUserFactory(werkgever=werkgever, voornaam="Piet", achternaam="de Boer",
                                email="piet@deheul.example.nl")
    piet.set_password("Oud-wachtwoord-van-piet-2026")
    piet.save()
    client.force_login(martijn)
    client.post(reverse("werkgever_collega_intrekken", args=[piet.pk]))
    piet.refresh_from_db()
    assert not piet.is_active

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = client.post(reverse("werkgever_collegas"), {"voornaam": "Piet", "achternaam": "de Boer-Jansen",
                                                              "email": "PIET@deheul.example.nl", "telefoon": ""},
                               follow=True)
    html = antwoord.content.decode()
    assert VERSTUURD % ("piet@deheul.example.nl", "Piet") in html, html
    assert User.objects.filter(email__iexact="piet@deheul.example.nl").count() == 1
    piet.refresh_from_db()
    assert piet.is_active and piet.achternaam == "de Boer-Jansen"
    assert not piet.check_password("Oud-wachtwoord-van-piet-2026")  # he chooses a new one with the link
    [uitnodiging] = [b for b in mail.outbox if "uitnodiging" in b.subject.lower()]
    assert uitnodiging.to == ["piet@deheul.example.nl"]
    link = next(regel for regel in uitnodiging.body.splitlines() if "/uitnodiging/" in regel).strip()
    client.logout()
    assert client.get(link[link.index("/uitnodiging/"):]).status_code == 200
    # The werkgever reads what any invitation reads; that he came back is on a line only the WSP reads.
    assert werkgever.tijdlijn.filter(tekst="Piet de Boer-Jansen is uitgenodigd voor het portaal.", door=martijn,
                                     voor_werkgever=True).exists()
    assert werkgever.tijdlijn.filter(tekst="Piet de Boer-Jansen had geen toegang meer tot het portaal en is opnieuw "
                                           "uitgenodigd op hetzelfde account.", voor_werkgever=False).exists()
    regel = Verwerking.objects.filter(gebruiker=martijn, actie=Verwerking.Actie.WIJZIGEN).latest("pk")
    assert regel.doel == "toegang tot het portaal teruggegeven"


def test_a_stopped_account_of_another_company_is_not_taken_over(client, wereld, django_capture_on_commit_callbacks):
    """Only a former colleague of one's own company comes back; anyone else's account stays as it was, and the
    werkgever hears the same as for any address (before: "Er bestaat al een account met dit e-mailadres.")."""
    ander = wereld.vreemde_werkgever_user
    vreemde = User.objects.create(email="oud@elders.example.nl", voornaam="Olga", rol="werkgever",
                                  organisatie=ander.organisatie, regio=ander.regio, is_active=False)
    client.force_login(wereld.werkgever_user)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = client.post(reverse("werkgever_collegas"), {"voornaam": "Oud", "achternaam": "Elders",
                                                              "email": vreemde.email}, follow=True)
    assert VERSTUURD % ("oud@elders.example.nl", "Oud") in antwoord.content.decode()
    vreemde.refresh_from_db()
    assert not vreemde.is_active and vreemde.organisatie_id == ander.organisatie_id and vreemde.voornaam == "Olga"
    [bericht] = mail.outbox
    assert bericht.subject.endswith("Iemand probeerde u toegang te geven tot het portaal")
    assert "Beste Olga," in bericht.body and "van De Heul Installatietechniek wilde u als collega" in bericht.body
