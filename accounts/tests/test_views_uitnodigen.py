import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Rol, User, Verwerking
from accounts.services import gebruiker_uitnodigen
from accounts.tests.factories import regio
from werkzoekenden.tests.factories import KandidaatFactory

pytestmark = pytest.mark.django_db


def test_beheerder_invites_klantmanager_who_sets_password_and_lands_home(
    client, wereld, django_capture_on_commit_callbacks
):
    client.force_login(wereld.beheerder)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("uitnodigen"), {
            "email": "nieuw@gemeente.nl", "voornaam": "Nina", "achternaam": "Nieuw", "telefoon": "",
            "rol": Rol.KLANTMANAGER, "regio": regio("AM07").pk, "organisatie": wereld.klantmanager.organisatie.pk,
        }, follow=True)
    assert "Uitnodiging verstuurd naar nieuw@gemeente.nl" in response.content.decode()
    link = re.search(r"http://[^\s]+/uitnodiging/[^\s]+/", mail.outbox[0].body).group(0)
    client.logout()
    pad = link.split("127.0.0.1:8000", 1)[1] if "127.0.0.1:8000" in link else link
    assert client.get(pad).status_code == 200
    response = client.post(pad, {"new_password1": "Zomer-in-Arnhem-2026", "new_password2": "Zomer-in-Arnhem-2026"})
    assert response.status_code == 302 and response.url == reverse("home")
    assert client.get(reverse("home")).url == reverse("klantmanager_home")
    # The link works once.
    client.logout()
    assert client.get(pad).status_code == 404  # the same answer as an unknown link: no account is revealed


def test_the_beheerder_need_not_choose_the_region_the_organisation_is_in(client, wereld):
    """The region was asked apart from the organisation, out of 35, and had to be the organisation's: the one choice
    that could be made is now made for her."""
    client.force_login(wereld.beheerder)
    organisatie = wereld.klantmanager.organisatie
    response = client.post(reverse("uitnodigen"), {
        "email": "nina@gemeente.nl", "voornaam": "Nina", "achternaam": "Nieuw", "telefoon": "",
        "rol": Rol.KLANTMANAGER, "regio": "", "organisatie": organisatie.pk}, follow=True)
    assert "Uitnodiging verstuurd naar nina@gemeente.nl" in response.content.decode()
    nina = User.objects.get(email="nina@gemeente.nl")
    assert (nina.organisatie_id, nina.regio_id) == (organisatie.pk, organisatie.regio_id)


def test_invalid_form_keeps_what_was_typed_and_says_what_is_wrong(client, wereld):
    client.force_login(wereld.beheerder)
    response = client.post(reverse("uitnodigen"), {
        "email": "geen-email", "voornaam": "Nina", "achternaam": "Nieuwenhuis", "telefoon": "12",
        "rol": Rol.KLANTMANAGER, "regio": regio("AM02").pk, "organisatie": wereld.klantmanager.organisatie.pk,
    })
    html = response.content.decode()
    assert response.status_code == 400
    assert "Vul een geldig e-mailadres in" in html
    assert "Vul een telefoonnummer in met 10 cijfers" in html
    assert "Deze organisatie hoort bij een andere arbeidsmarktregio" in html
    assert 'value="Nieuwenhuis"' in html and 'value="geen-email"' in html
    assert 'aria-invalid="true"' in html and 'aria-describedby="id_email_fout"' in html
    assert not User.objects.filter(achternaam="Nieuwenhuis").exists()


def test_accountmanager_invites_only_contacts_of_own_werkgevers(client, wereld, django_capture_on_commit_callbacks):
    from werkgevers.tests.factories import WerkgeverFactory

    ander = WerkgeverFactory(accountmanager=wereld.vreemde_accountmanager)
    client.force_login(wereld.accountmanager)
    response = client.post(reverse("uitnodigen"), {
        "werkgever": ander.pk, "email": "c@ander.nl", "voornaam": "C", "achternaam": "D",
    })
    assert response.status_code == 400
    assert "werkgever" in response.context["form"].errors
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("uitnodigen"), {
            "werkgever": wereld.werkgever.pk, "email": "romy@bedrijf.nl", "voornaam": "Romy", "achternaam": "de Vries",
        })
    nieuw = User.objects.get(email="romy@bedrijf.nl")
    assert nieuw.rol == Rol.WERKGEVER and nieuw.organisatie == wereld.werkgever.organisatie


def test_klantmanager_invites_kandidaat_from_own_caseload(client, wereld, django_capture_on_commit_callbacks):
    kandidaat = KandidaatFactory(klantmanager=wereld.klantmanager, email="anja@voorbeeld.nl")
    niet_van_mij = KandidaatFactory(klantmanager=wereld.vreemde_klantmanager)
    client.force_login(wereld.klantmanager)
    assert client.post(reverse("uitnodigen"), {"kandidaat": niet_van_mij.pk}).status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("uitnodigen"), {"kandidaat": kandidaat.pk, "email": ""})
    kandidaat.refresh_from_db()
    assert kandidaat.account.email == "anja@voorbeeld.nl" and kandidaat.account.rol == Rol.WERKZOEKENDE
    assert mail.outbox[0].to == ["anja@voorbeeld.nl"]


def test_caseload_view_is_logged(client, wereld):
    client.force_login(wereld.klantmanager)
    client.get(reverse("klantmanager_home"))
    regel = Verwerking.objects.get(betrokkenen__object_id=str(wereld.kandidaat.pk))
    assert regel.gebruiker == wereld.klantmanager and regel.wat == "caseload"
    assert regel.doel == "begeleiding naar werk"


def test_admin_change_page_of_a_user_is_logged(client, wereld):
    client.force_login(wereld.beheerder)
    url = reverse("admin:accounts_user_change", args=[wereld.klantmanager.pk])
    assert client.get(url).status_code == 200
    assert Verwerking.objects.filter(
        gebruiker=wereld.beheerder, betrokkenen__object_id=str(wereld.klantmanager.pk), actie="inzien"
    ).exists()


@pytest.mark.parametrize("pagina", ["abc", "-1", "999999", "1' OR 1=1"])
def test_bad_page_number_gives_a_page_not_an_error(client, wereld, pagina):
    client.force_login(wereld.klantmanager)
    assert client.get(reverse("klantmanager_home"), {"pagina": pagina}).status_code == 200


def test_home_pages_show_the_vaste_contactpersoon(client, wereld):
    client.force_login(wereld.werkgever_user)
    html = client.get(reverse("werkgever_home")).content.decode()
    assert "Anton Account" in html and wereld.accountmanager.email in html and "tel:" in html
    client.force_login(wereld.werkzoekende_user)
    html = client.get(reverse("werkzoekende_home")).content.decode()
    assert "Karin Klant" in html and wereld.klantmanager.email in html


def test_htmx_pagination_returns_only_the_list(client, wereld):
    KandidaatFactory.create_batch(30, klantmanager=wereld.klantmanager)
    client.force_login(wereld.klantmanager)
    eerste = client.get(reverse("klantmanager_home"))
    # keyset pages (klantreis.lib.paginering.blader): the next page is the cursor after the first page's last row
    na = {"na": eerste.context["blad"].volgende}
    volledig = client.get(reverse("klantmanager_home"), na).content.decode()
    deel = client.get(reverse("klantmanager_home"), na, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" in volledig and "<html" not in deel
    assert 'id="caseload-lijst"' in deel and 'rel="prev"' in deel and 'rel="next"' not in deel


def test_password_reset_mail_goes_out_with_text_and_html(client, wereld, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": wereld.werkgever_user.email})
    assert response.status_code == 302
    bericht = mail.outbox[0]
    assert bericht.to == [wereld.werkgever_user.email]
    assert "/accounts/password/reset/key/" in bericht.body
    html = bericht.alternatives[0][0]
    assert bericht.alternatives[0][1] == "text/html" and "/accounts/password/reset/key/" in html


def test_english_is_available(client, wereld):
    client.force_login(wereld.werkgever_user)
    assert "Uw vaste contactpersoon" in client.get(reverse("werkgever_home")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": reverse("werkgever_home")})
    html = client.get(reverse("werkgever_home")).content.decode()
    assert "Your dedicated contact" in html and 'lang="en"' in html


def test_dutch_first_whatever_the_browser_asks(client, wereld):
    response = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "E-mailadres" in response.content.decode() and 'lang="nl"' in response.content.decode()


def test_a_werkzoekende_is_invited_with_je(wereld, django_capture_on_commit_callbacks):
    """Before: the werkzoekende read "Kies uw wachtwoord" in the mail and on the page."""
    with django_capture_on_commit_callbacks(execute=True):
        gebruiker_uitnodigen(door=wereld.klantmanager, email="nieuw@voorbeeld.nl", voornaam="Nina",
                             achternaam="Nieuw", rol=Rol.WERKZOEKENDE, kandidaat=KandidaatFactory(
                                 klantmanager=wereld.klantmanager))
    [bericht] = [m for m in mail.outbox if m.to == ["nieuw@voorbeeld.nl"]]
    assert "Je uitnodiging" in bericht.subject and "Kies je wachtwoord" in bericht.body
    assert " uw " not in bericht.body.lower() and " u " not in bericht.body.lower()
    link = re.search(r"(/uitnodiging/[^\s]+)", bericht.body).group(1)
    pagina = Client().get(link).content.decode()
    assert "Kies je wachtwoord" in pagina and "log je in" in pagina


@pytest.mark.parametrize("rol", [Rol.KLANTMANAGER, Rol.WERKZOEKENDE])
def test_staff_and_werkzoekenden_are_welcomed_with_je(wereld, rol, django_capture_on_commit_callbacks):
    """Staff read "je" on every page, so also in the invitation a beheerder sends them and on the page that
    follows. Before, a new klantmanager read "Uw uitnodiging" and "Kies uw wachtwoord", and every invited
    person, the werkzoekende too, was welcomed with "Uw wachtwoord is ingesteld"."""
    door = wereld.beheerder if rol == Rol.KLANTMANAGER else wereld.klantmanager
    extra = ({"organisatie": wereld.klantmanager.organisatie, "regio": wereld.klantmanager.regio}
             if rol == Rol.KLANTMANAGER else {"kandidaat": KandidaatFactory(klantmanager=wereld.klantmanager)})
    with django_capture_on_commit_callbacks(execute=True):
        gebruiker_uitnodigen(door=door, email="nieuw@voorbeeld.nl", voornaam="Nina", achternaam="Nieuw", rol=rol,
                             **extra)
    [bericht] = [m for m in mail.outbox if m.to == ["nieuw@voorbeeld.nl"]]
    assert "Je uitnodiging" in bericht.subject and "account voor je gemaakt" in bericht.body
    assert not re.search(r"\b(u|uw)\b", bericht.body, re.IGNORECASE), bericht.body
    link = re.search(r"(/uitnodiging/[^\s]+)", bericht.body).group(1)
    client = Client()
    assert "Kies je wachtwoord" in client.get(link).content.decode()
    antwoord = client.post(link, {"new_password1": "Testwachtwoord-2026", "new_password2": "Testwachtwoord-2026"},
                           follow=True)
    assert "Welkom! Je wachtwoord is ingesteld." in antwoord.content.decode()


def _zonder_account_team(wereld, aantal):
    """Karin covers a colleague of her organisation: her caseload without an account is hers and the colleague's."""
    from accounts.tests.factories import KlantmanagerFactory, UserFactory

    collega = KlantmanagerFactory(organisatie=wereld.klantmanager.organisatie, regio=wereld.klantmanager.regio,
                                  waarnemer=wereld.klantmanager)
    eigen = [KandidaatFactory(klantmanager=wereld.klantmanager if i % 2 else collega, achternaam=f"Zon{i:03d}")
             for i in range(aantal)]
    met_account = KandidaatFactory(klantmanager=wereld.klantmanager, achternaam="Zon500",
                                   account=UserFactory(rol=Rol.WERKZOEKENDE, organisatie=None))
    return collega, eigen, met_account


def test_the_klantmanager_chooses_from_a_page_of_the_caseload_without_account_and_only_that_page_is_logged(
        client, wereld):
    """Before: one <select> of the whole caseload without an account, every name of it in the verwerkingenlog on each
    visit: for a team covering colleagues, tens of thousands of people on one page and in one log line."""
    from klantreis.lib.paginering import PER_PAGINA

    _collega, eigen, met_account = _zonder_account_team(wereld, PER_PAGINA + 5)
    client.force_login(wereld.klantmanager)
    voor = Verwerking.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    eerste = client.get(reverse("uitnodigen"))
    html = eerste.content.decode()
    assert eerste.status_code == 200 and "<select" not in html
    getoond = list(eerste.context["blad"].object_list)
    assert len(getoond) == PER_PAGINA and met_account not in getoond and wereld.kandidaat not in getoond
    assert f'href="/uitnodigen/?kandidaat={getoond[0].pk}"' in html and "waarneming voor" in html
    regel = Verwerking.objects.get(gebruiker=wereld.klantmanager, pk__gt=voor)
    assert sorted(int(b.object_id) for b in regel.betrokkenen.all()) == sorted(k.pk for k in getoond)

    volgende = client.get(reverse("uitnodigen"), {"na": eerste.context["blad"].volgende})
    alle = getoond + list(volgende.context["blad"].object_list)
    assert {k.pk for k in eigen} <= {k.pk for k in alle}
    assert len(alle) == len({k.pk for k in alle}) and met_account not in alle

    gezocht = client.get(reverse("uitnodigen"), {"q": "zon007"}).context["blad"].object_list
    assert [k.pk for k in gezocht] == [eigen[7].pk]
    assert 'heet "niemand"' in client.get(reverse("uitnodigen"), {"q": "niemand"}).content.decode()


def test_a_chosen_kandidaat_gets_the_form_and_a_stranger_or_a_bad_id_gets_404(client, wereld,
                                                                              django_capture_on_commit_callbacks):
    _collega, eigen, met_account = _zonder_account_team(wereld, 2)
    vreemd = KandidaatFactory(klantmanager=wereld.vreemde_klantmanager)
    client.force_login(wereld.klantmanager)
    pagina = client.get(reverse("uitnodigen"), {"kandidaat": eigen[0].pk})
    html = pagina.content.decode()
    assert pagina.status_code == 200 and f"<strong>{eigen[0].voornaam} {eigen[0].achternaam}</strong>" in html
    assert f'name="kandidaat" value="{eigen[0].pk}"' in html
    for slecht in (vreemd.pk, "abc", "", "99999999", "1' OR 1=1"):
        assert client.get(reverse("uitnodigen"), {"kandidaat": slecht}).status_code == 404, slecht
    gesloten = KandidaatFactory(klantmanager=wereld.klantmanager, afgesloten_op=timezone.now())
    dicht = client.get(reverse("uitnodigen"), {"kandidaat": gesloten.pk}, follow=True)
    assert dicht.redirect_chain[-1][0] == reverse("dossier", args=[gesloten.pk])
    assert "is afgesloten. Open het weer om uit te nodigen" in dicht.content.decode()
    assert gesloten.pk not in [k.pk for k in client.get(reverse("uitnodigen")).context["blad"].object_list]
    al = client.get(reverse("uitnodigen"), {"kandidaat": met_account.pk}, follow=True)
    assert al.redirect_chain[-1][0] == reverse("dossier", args=[met_account.pk])
    assert "heeft al een account" in al.content.decode()

    # A mistake keeps the chosen person and what was typed; a person who is gone gives the list back with why.
    fout = client.post(reverse("uitnodigen"), {"kandidaat": eigen[1].pk, "email": "anja@voorbeeld"})
    html = fout.content.decode()
    assert fout.status_code == 400 and 'value="anja@voorbeeld"' in html and "Vul een geldig e-mailadres" in html
    assert f"<strong>{eigen[1].voornaam} {eigen[1].achternaam}</strong>" in html
    weg = client.post(reverse("uitnodigen"), {"kandidaat": vreemd.pk, "email": "x@voorbeeld.nl"})
    assert weg.status_code == 400 and "staat niet (meer) zonder account in je caseload" in weg.content.decode()
    assert weg.context["blad"].object_list
    with django_capture_on_commit_callbacks(execute=True):
        klaar = client.post(reverse("uitnodigen"), {"kandidaat": eigen[1].pk, "email": "nieuw-anja@voorbeeld.nl"})
    assert klaar.status_code == 302
    eigen[1].refresh_from_db()
    assert eigen[1].account.email == "nieuw-anja@voorbeeld.nl"


def test_the_dossier_links_to_the_invitation_of_a_kandidaat_without_account(client, wereld):
    anja = KandidaatFactory(klantmanager=wereld.klantmanager)
    client.force_login(wereld.klantmanager)
    zonder = client.get(reverse("dossier", args=[anja.pk])).content.decode()
    assert f'href="/uitnodigen/?kandidaat={anja.pk}"' in zonder
    met = client.get(reverse("dossier", args=[wereld.kandidaat.pk])).content.decode()
    assert "/uitnodigen/?kandidaat=" not in met


def test_the_invitation_list_reads_a_page_of_the_caseload_not_all_of_it(client, wereld, settings):
    """At volume a team's caseload without an account is tens of thousands: the page reads a page of it by the
    caseload's sort index, as the caseload itself does."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from klantreis.lib.paginering import PER_PAGINA
    from tests.plannen import leest_hoogstens

    if connection.vendor != "postgresql":
        pytest.skip("query plans: PostgreSQL")
    _zonder_account_team(wereld, 4 * PER_PAGINA)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE werkzoekenden_kandidaat")
    client.force_login(wereld.klantmanager)
    with CaptureQueriesContext(connection) as queries:
        pagina = client.get(reverse("uitnodigen"))
    leest_hoogstens(queries, "werkzoekenden_kandidaat", 2 * (PER_PAGINA + 1))
    assert len(pagina.context["blad"].object_list) == PER_PAGINA


def test_the_list_without_account_is_built_once_per_process_and_a_search_by_the_orm(client, wereld, monkeypatch):
    """The list as it opens, and its next page, are the same shape on every visit: filled in, not built again. A
    search has other words every time and is built by the ORM."""
    from klantreis.lib.paginering import PER_PAGINA
    from tests.gebouwd import gebouwde_queries
    from werkzoekenden.models import Kandidaat

    _collega, eigen, _met_account = _zonder_account_team(wereld, PER_PAGINA + 5)
    client.force_login(wereld.klantmanager)
    eerste = client.get(reverse("uitnodigen")).context["blad"]
    client.get(reverse("uitnodigen"), {"na": eerste.volgende})
    gebouwd = gebouwde_queries(monkeypatch)
    assert client.get(reverse("uitnodigen")).context["blad"].object_list == eerste.object_list
    assert client.get(reverse("uitnodigen"), {"na": eerste.volgende}).context["blad"].object_list
    monkeypatch.undo()  # str(query) below compiles too
    assert not [c for c in gebouwd if c.query.model is Kandidaat and "account_id" in str(c.query)]
    assert [k.pk for k in client.get(reverse("uitnodigen"), {"q": "zon007"}).context["blad"].object_list] == [
        eigen[7].pk]


def test_an_invitation_nobody_accepted_is_sent_again_from_the_user_list(client, wereld,
                                                                         django_capture_on_commit_callbacks):
    """Nina's link expired before she chose a password. Inviting her address again said only "Er bestaat al een
    account met dit e-mailadres", and the admin had no way to send her a new link, while her page of the dead link
    told her to ask for a new invitation. Now the form says how, and the action on the list of users sends one."""
    from django.contrib.admin import helpers

    with django_capture_on_commit_callbacks(execute=True):  # the first mail leaves
        nina = gebruiker_uitnodigen(door=wereld.beheerder, email="nina@gemeente.nl", rol=Rol.KLANTMANAGER,
                                    voornaam="Nina", achternaam="Nieuw", organisatie=wereld.klantmanager.organisatie,
                                    regio=wereld.klantmanager.regio)
    User.objects.filter(pk=nina.pk).update(uitgenodigd_op=timezone.now() - timezone.timedelta(days=8))
    client.force_login(wereld.beheerder)
    response = client.post(reverse("uitnodigen"), {
        "email": "Nina@gemeente.nl", "voornaam": "Nina", "achternaam": "Nieuw", "telefoon": "",
        "rol": Rol.KLANTMANAGER, "regio": "", "organisatie": wereld.klantmanager.organisatie.pk})
    assert response.status_code == 400
    assert "Nina Nieuw is al uitgenodigd en heeft nog geen wachtwoord gekozen" in response.content.decode()
    assert "“Uitnodiging opnieuw versturen”" in response.content.decode()

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:accounts_user_changelist"), {
            "action": "uitnodiging_opnieuw", helpers.ACTION_CHECKBOX_NAME: [nina.pk, wereld.klantmanager.pk]},
            follow=True)
    html = response.content.decode()
    assert "Uitnodiging opnieuw verstuurd naar 1 persoon" in html
    assert "1 account kreeg geen nieuwe uitnodiging: het heeft al een wachtwoord" in html
    assert [m.to for m in mail.outbox] == [["nina@gemeente.nl"]]
    link = re.search(r"http://[^\s]+/uitnodiging/[^\s]+/", mail.outbox[0].body).group(0)
    client.logout()
    pad = link.split("127.0.0.1:8000", 1)[1] if "127.0.0.1:8000" in link else link
    response = client.post(pad, {"new_password1": "Zomer-in-Arnhem-2026", "new_password2": "Zomer-in-Arnhem-2026"})
    assert response.status_code == 302
    assert User.objects.get(pk=nina.pk).has_usable_password()


def test_inviting_the_address_of_a_switched_off_account_says_to_switch_it_on(client, wereld):
    terug = wereld.klantmanager
    User.objects.filter(pk=terug.pk).update(is_active=False)
    client.force_login(wereld.beheerder)
    response = client.post(reverse("uitnodigen"), {
        "email": terug.email, "voornaam": "Karin", "achternaam": "Terug", "telefoon": "",
        "rol": Rol.KLANTMANAGER, "regio": "", "organisatie": terug.organisatie_id})
    assert response.status_code == 400
    assert f"Het account van {terug.get_full_name()} staat uit." in response.content.decode()
    assert "zet het vinkje bij “Actief” weer aan" in response.content.decode()
