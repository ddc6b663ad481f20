"""An accountmanager leaves or hands a werkgever over: the open work about the werkgever follows the vaste
accountmanager, on the werkgever's page and in the beheerder's admin alike."""

import pytest
from django.contrib.admin import helpers
from django.core import mail
from django.urls import reverse

from accounts.tests.factories import AccountmanagerFactory
from bemiddeling.tests.factories import VoordrachtFactory
from meldingen.models import Melding
from taken.models import Taak
from taken.services import taak_aanmaken
from werkgevers.models import AccountmanagerToewijzing, Werkgever
from werkgevers.services import accountmanager_toewijzen
from werkgevers.tests.factories import VacatureFactory, WerkgeverFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def kevin(wereld):
    am = wereld.accountmanager
    return AccountmanagerFactory(regio=am.regio, organisatie=am.organisatie, voornaam="Kevin", achternaam="de Wit")


def test_the_open_work_about_a_werkgever_goes_to_its_new_accountmanager(client, wereld, kevin, met_commit):
    """Anton hands De Heul over to Kevin. Before, only new verzoeken went along: Anton's tasks about De Heul stayed
    his, Kevin heard nothing and his home page said "Niets wacht" while De Heul still had to answer a voordracht."""
    w = wereld.met_bemiddeling()
    anton = w.accountmanager
    wachtend = VoordrachtFactory(vacature=w.vacature, voorgedragen_door=anton)
    over_de_voordracht = taak_aanmaken(voor=anton, omschrijving="Bel De Heul over Willem", voordracht=w.voordracht)
    over_een_ander = taak_aanmaken(voor=anton, omschrijving="Bel Ander Bedrijf",
                                   werkgever=WerkgeverFactory(accountmanager=anton, regio=anton.regio))
    van_de_klantmanager = taak_aanmaken(voor=w.klantmanager, omschrijving="Bespreek met Willem",
                                        voordracht=w.voordracht)

    met_commit(accountmanager_toewijzen, werkgever=w.werkgever, accountmanager=kevin, door=anton,
               reden="Anton stopt bij het WSP")

    def van(taak):
        return Taak.objects.get(pk=taak.pk).toegewezen_aan

    assert (van(w.taak), van(over_de_voordracht)) == (kevin, kevin)
    assert (van(over_een_ander), van(van_de_klantmanager)) == (anton, w.klantmanager)
    melding = Melding.objects.get(ontvanger=kevin, soort=Melding.Soort.CONTACTPERSOON)
    assert melding.tekst.startswith("Je bent nu de vaste accountmanager van De Heul Installatietechniek, "
                                    "overgenomen van Anton Account.")
    assert melding.url == reverse("werkgever_detail", args=[w.werkgever.pk])
    assert not Melding.objects.filter(ontvanger=anton, soort=Melding.Soort.CONTACTPERSOON).exists()  # he did it
    client.force_login(kevin)
    thuis = client.get(reverse("accountmanager_home"))
    assert wachtend in thuis.context["wachtend"]
    assert "Bel De Heul over Willem" in thuis.content.decode()


def test_the_beheerder_hands_over_in_the_admin_as_on_the_werkgevers_page(client, wereld, kevin, met_commit,
                                                                          django_capture_on_commit_callbacks):
    """Changed in the werkgever's admin form, the vaste accountmanager was saved as a plain field: no history, no
    line on the tijdlijn, no mail to the werkgever, and the tasks stayed with whoever left."""
    from django.forms.models import model_to_dict

    w = wereld.met_bemiddeling()
    gegevens = {veld: ("unknown" if waarde is None else waarde) if veld.startswith(("leidt_op", "open_"))
                else waarde for veld, waarde in model_to_dict(w.werkgever).items() if waarde is not None
                or veld.startswith(("leidt_op", "open_"))}
    client.force_login(w.beheerder)
    url = reverse("admin:werkgevers_werkgever_change", args=[w.werkgever.pk])
    vertrokken = AccountmanagerFactory(regio=w.accountmanager.regio, is_active=False)
    antwoord = client.post(url, {**gegevens, "accountmanager": vertrokken.pk})
    assert antwoord.status_code == 200 and "Kies een actieve accountmanager." in antwoord.content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = client.post(url, {**gegevens, "accountmanager": kevin.pk})
    assert antwoord.status_code == 302, antwoord.context["adminform"].form.errors
    assert Werkgever.objects.get(pk=w.werkgever.pk).accountmanager == kevin
    nu = AccountmanagerToewijzing.objects.get(werkgever=w.werkgever, tot__isnull=True)
    assert (nu.accountmanager, nu.toegewezen_door) == (kevin, w.beheerder)
    assert Taak.objects.get(pk=w.taak.pk).toegewezen_aan == kevin
    assert w.werkgever.tijdlijn.filter(tekst="Kevin de Wit is uw vaste accountmanager.").exists()
    assert Melding.objects.filter(ontvanger=w.accountmanager, soort=Melding.Soort.CONTACTPERSOON).exists()


def test_the_beheerder_hands_over_all_werkgevers_of_who_leaves_in_one_go(client, wereld, kevin, met_commit,
                                                                         django_capture_on_commit_callbacks):
    """An accountmanager with thirty werkgevers leaves: one admin action, not thirty forms. Werkgevers of two regions
    at once are refused (the new one works in the werkgever's region), and the page keeps to the region's colleagues."""
    anton = wereld.accountmanager
    werkgevers = [wereld.werkgever, *WerkgeverFactory.create_batch(2, accountmanager=anton, regio=anton.regio)]
    VacatureFactory(werkgever=werkgevers[1])
    taak = taak_aanmaken(voor=anton, omschrijving="Bel terug", werkgever=werkgevers[2])
    client.force_login(wereld.beheerder)
    url = reverse("admin:werkgevers_werkgever_changelist")
    gekozen = {"action": "accountmanager_overdragen", helpers.ACTION_CHECKBOX_NAME: [w.pk for w in werkgevers]}

    pagina = client.post(url, gekozen)
    html = pagina.content.decode()
    assert pagina.status_code == 200 and "Deze 3 werkgevers krijgen een andere vaste accountmanager" in html
    assert f'<option value="{kevin.pk}">' in html
    assert f'<option value="{wereld.vreemde_accountmanager.pk}"' not in html
    # Not Anton himself, who has them all: chosen, nothing changed and the page said each werkgever was told.
    assert f'<option value="{anton.pk}"' not in html
    assert client.post(url, {**gekozen, "overdragen": "1", "accountmanager": anton.pk}).status_code == 400
    assert client.post(url, {**gekozen, "overdragen": "1", "accountmanager": wereld.vreemde_accountmanager.pk}
                       ).status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        klaar = client.post(url, {**gekozen, "overdragen": "1", "accountmanager": kevin.pk, "reden": "Anton stopt"},
                            follow=True)
    assert "3 werkgevers hebben nu Kevin de Wit als vaste accountmanager" in klaar.content.decode()
    assert set(Werkgever.objects.filter(pk__in=[w.pk for w in werkgevers]).values_list(
        "accountmanager", flat=True)) == {kevin.pk}
    assert AccountmanagerToewijzing.objects.filter(accountmanager=kevin, reden="Anton stopt").count() == 3
    assert Taak.objects.get(pk=taak.pk).toegewezen_aan == kevin
    assert Melding.objects.filter(ontvanger=kevin, soort=Melding.Soort.CONTACTPERSOON).count() == 3

    elders = WerkgeverFactory(accountmanager=wereld.vreemde_accountmanager, regio=wereld.vreemde_accountmanager.regio)
    gemengd = client.post(url, {**gekozen, helpers.ACTION_CHECKBOX_NAME: [werkgevers[0].pk, elders.pk]}, follow=True)
    assert "Kies werkgevers van één arbeidsmarktregio" in gemengd.content.decode()
    assert Werkgever.objects.get(pk=elders.pk).accountmanager == wereld.vreemde_accountmanager


def test_a_mixed_choice_of_werkgevers_does_not_offer_who_has_some_of_them(client, wereld, kevin):
    """Anton leaves; the beheerder ticks his werkgevers, one of Kevin's and one without an accountmanager. Anton
    was still offered (only one accountmanager for all was left out): chosen, his stayed his and the page said each
    werkgever had him "now". Neither Anton nor Kevin is offered; Lotte is."""
    anton = wereld.accountmanager
    lotte = AccountmanagerFactory(regio=anton.regio, organisatie=anton.organisatie, voornaam="Lotte")
    werkgevers = [wereld.werkgever, WerkgeverFactory(accountmanager=kevin, regio=anton.regio),
                  WerkgeverFactory(accountmanager=None, regio=anton.regio)]
    client.force_login(wereld.beheerder)
    url = reverse("admin:werkgevers_werkgever_changelist")
    gekozen = {"action": "accountmanager_overdragen", helpers.ACTION_CHECKBOX_NAME: [w.pk for w in werkgevers]}
    html = client.post(url, gekozen).content.decode()
    assert f'<option value="{lotte.pk}">' in html
    assert f'<option value="{anton.pk}"' not in html and f'<option value="{kevin.pk}"' not in html
    assert client.post(url, {**gekozen, "overdragen": "1", "accountmanager": anton.pk}).status_code == 400
    assert Werkgever.objects.get(pk=werkgevers[1].pk).accountmanager == kevin


def test_the_coming_afspraken_with_the_werkgever_go_to_the_new_accountmanager(client, wereld, kevin, met_commit):
    """Anton had planned a kennismakingsbezoek at De Heul for next week; after the handover it stayed in Anton's
    agenda and Kevin's was empty. Now Kevin is invited (with the .ics) and Anton's agenda drops it; a
    sollicitatiegesprek stays with whoever made the voordracht, and what already happened stays as it was."""
    from datetime import timedelta

    from django.utils import timezone

    from agenda.models import Afspraak, Deelnemer
    from agenda.services import afspraak_plannen, gesprek_bijwerken

    w = wereld.met_bemiddeling()
    anton = w.accountmanager
    start = timezone.now() + timedelta(days=7)
    bezoek = afspraak_plannen(door=anton, soort="kennismakingsbezoek", titel="", start=start,
                              eind=start + timedelta(hours=1), plaats="Arnhem", werkgever=w.werkgever,
                              gebruikers=[w.werkgever_user])
    gesprek = gesprek_bijwerken(gesprek_id=w.gesprek.pk)
    geweest = afspraak_plannen(door=anton, soort="kennismakingsbezoek", titel="Eerder", start=start,
                               eind=start + timedelta(hours=1), plaats="Arnhem", werkgever=w.werkgever)
    Afspraak.objects.filter(pk=geweest.pk).update(start=start - timedelta(days=30),
                                                  eind=start - timedelta(days=30) + timedelta(hours=1))
    mail.outbox.clear()

    met_commit(accountmanager_toewijzen, werkgever=w.werkgever, accountmanager=kevin, door=w.beheerder)

    def status(afspraak, wie):
        return Deelnemer.objects.filter(afspraak=afspraak, gebruiker=wie).values_list("status", flat=True).first()

    assert (status(bezoek, kevin), status(bezoek, anton)) == ("aangemeld", "afgemeld")
    assert Afspraak.objects.get(pk=bezoek.pk).georganiseerd_door == kevin
    assert status(bezoek, w.werkgever_user) == "aangemeld"
    assert (status(gesprek, anton), status(gesprek, kevin)) == ("aangemeld", None)
    assert (status(geweest, anton), status(geweest, kevin)) == ("aangemeld", None)
    # (The outbox still held the first invitations of the bezoek; they leave with this one.)
    [uitnodiging] = [b for b in mail.outbox if b.subject.endswith("Afspraak: Kennismakingsbezoek")
                     and b.to == [kevin.email]]
    assert uitnodiging.attachments[0][0] == "afspraak.ics"
    # Anton's own calendar (an invitation he accepted in Outlook) gets a CANCEL for it: the portal dropping it from
    # his feed was not enough.
    [afgezegd] = [b for b in mail.outbox if b.to == [anton.email] and "Kennismakingsbezoek" in b.subject]
    assert "METHOD:CANCEL" in afgezegd.attachments[0][1] and "STATUS:CANCELLED" in afgezegd.attachments[0][1]
    assert "gaat door zonder jou" in afgezegd.body
    assert "UID:" + Afspraak.objects.get(pk=bezoek.pk).ics_uid in afgezegd.attachments[0][1].replace("\r\n ", "")
    client.force_login(kevin)
    assert client.get(reverse("afspraak_detail", args=[bezoek.pk])).status_code == 200


def test_the_admin_does_not_change_a_vacatures_status_past_the_voordrachten(client, wereld):
    """A beheerder could close a vacature in the admin: its voordrachten stayed open and nobody was told. The status
    changes on the vacature's page (vacature_status_wijzigen), which stops them and tells everyone."""
    w = wereld.met_bemiddeling()
    client.force_login(w.beheerder)
    html = client.get(reverse("admin:werkgevers_vacature_change", args=[w.vacature.pk])).content.decode()
    assert 'name="status"' not in html


def test_after_the_handover_what_follows_from_anton_s_voordrachten_goes_to_kevin(wereld, kevin, met_commit):
    """Anton handed De Heul to Kevin and stays at the WSP. His open tasks went along, but a task or melding that
    came later about a voordracht he had made (the vacature closed, the kandidaat hired elsewhere) still went to
    Anton: the werkgever is Kevin's now."""
    from werkgevers.models import Vacature
    from werkgevers.services import vacature_status_wijzigen

    w = wereld.met_bemiddeling()
    met_commit(accountmanager_toewijzen, werkgever=w.werkgever, accountmanager=kevin, door=w.beheerder)
    met_commit(vacature_status_wijzigen, vacature=w.vacature, door=w.werkgever_user, status=Vacature.Status.GESLOTEN)
    assert Taak.objects.filter(toegewezen_aan=kevin, voordracht=w.voordracht, afgerond_op__isnull=True).exists()
    assert not Taak.objects.filter(toegewezen_aan=w.accountmanager, voordracht=w.voordracht,
                                   afgerond_op__isnull=True).exists()
    assert Melding.objects.filter(ontvanger=kevin, tekst__contains="is gestopt").exists()
    assert not Melding.objects.filter(ontvanger=w.accountmanager, tekst__contains="is gestopt").exists()


def test_a_colleague_s_voordracht_is_still_followed_up_by_the_colleague(wereld, kevin, met_commit):
    """Without a handover, a voordracht Kevin made for a werkgever of Anton's stays Kevin's to follow up."""
    from bemiddeling.services import voordracht_create
    from werkzoekenden.models import Toestemming
    from werkzoekenden.services import toestemming_verlenen
    from werkzoekenden.tests.factories import KandidaatFactory

    w = wereld.met_bemiddeling()
    sem = KandidaatFactory(voornaam="Sem", achternaam="Zand", klantmanager=w.klantmanager)
    toestemming_verlenen(kandidaat=sem, doel=Toestemming.Doel.DELEN_MET_WERKGEVER, werkgever=w.werkgever,
                         door=w.klantmanager)
    van_kevin = voordracht_create(vacature=w.vacature, kandidaat=sem, door=kevin, toelichting="Past.")
    assert van_kevin.opvolgende_accountmanager == kevin
