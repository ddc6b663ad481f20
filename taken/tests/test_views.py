import pytest
from django.urls import reverse

from taken.models import Taak
from taken.tests.factories import TaakFactory

pytestmark = pytest.mark.django_db


def test_the_button_of_a_task_says_what_it_does_and_which_task(client, wereld):
    """"Afgerond" beside a task read as its status, not as a button to mark it done; and ten buttons with one name
    tell a screen reader user nothing."""
    eerste = TaakFactory(toegewezen_aan=wereld.accountmanager, omschrijving="Bel De Heul terug over de monteur")
    TaakFactory(toegewezen_aan=wereld.accountmanager, omschrijving="Stuur Bakkerij van Dam de regeling")
    client.force_login(wereld.accountmanager)
    html = client.get(reverse("taken")).content.decode()
    assert ">Afgerond<" not in html
    assert 'Markeer als afgerond<span class="wsp-honing">: Bel De Heul terug over de monteur</span>' in html
    assert 'Markeer als afgerond<span class="wsp-honing">: Stuur Bakkerij van Dam de regeling</span>' in html
    client.post(reverse("taak_afronden", args=[eerste.pk]))
    assert Taak.objects.get(pk=eerste.pk).afgerond_op is not None


def test_the_colleague_covering_sees_and_finishes_the_tasks_of_whoever_is_on_leave(client, wereld):
    """Karin is on leave and Lotte covers her caseload: a task for Karin (Willem asked about a vacature, a
    rechtenverzoek with a legal deadline) waited for Karin's return, since /taken/ showed Lotte her own only. Now
    Lotte sees it, named as Karin's, with the link to the dossier she may open, and can finish it; nobody else's."""
    from accounts.services import waarnemer_instellen
    from accounts.tests.factories import KlantmanagerFactory

    karin = wereld.klantmanager
    lotte = KlantmanagerFactory(organisatie=karin.organisatie, regio=karin.regio, voornaam="Lotte",
                                achternaam="Peters")
    collega = KlantmanagerFactory(organisatie=karin.organisatie, regio=karin.regio)
    van_karin = TaakFactory(toegewezen_aan=karin, kandidaat=wereld.kandidaat,
                            omschrijving="Willem wil meer weten over de vacature Monteur")
    van_een_ander = TaakFactory(toegewezen_aan=collega, omschrijving="Van een collega die er gewoon is")
    eigen = TaakFactory(toegewezen_aan=lotte, omschrijving="Lottes eigen taak")
    waarnemer_instellen(gebruiker=karin, waarnemer=lotte)
    client.force_login(lotte)

    html = client.get(reverse("taken")).content.decode()
    assert "Voor Karin Klant (je neemt waar):</strong> Willem wil meer weten over de vacature Monteur" in html
    assert reverse("dossier", args=[wereld.kandidaat.pk]) in html
    assert "Lottes eigen taak" in html and "Voor Lotte" not in html
    assert "Van een collega die er gewoon is" not in html
    assert client.post(reverse("taak_afronden", args=[van_een_ander.pk])).status_code == 404
    assert client.post(reverse("taak_afronden", args=[van_karin.pk])).status_code == 302
    assert Taak.objects.get(pk=van_karin.pk).afgerond_op is not None
    assert Taak.objects.get(pk=eigen.pk).afgerond_op is None

    # Karin is back: her tasks are hers alone again.
    weer_van_karin = TaakFactory(toegewezen_aan=karin, omschrijving="Na het verlof")
    waarnemer_instellen(gebruiker=karin, waarnemer=None)
    assert "Na het verlof" not in client.get(reverse("taken")).content.decode()
    assert client.post(reverse("taak_afronden", args=[weer_van_karin.pk])).status_code == 404


def test_the_beheerder_sees_the_task_to_appoint_a_coordinator(client, wereld):
    """An AVG request nobody may open goes to a beheerder (``taken.reacties``), who had no page with tasks: /taken/
    was 404 to her, and /beheer/ did not say there was one. The link to the request (404 to her) is not shown."""
    from werkzoekenden.tests.factories import RechtenverzoekFactory

    verzoek = RechtenverzoekFactory(kandidaat=wereld.kandidaat)
    TaakFactory(toegewezen_aan=wereld.beheerder, rechtenverzoek=verzoek, kandidaat=wereld.kandidaat,
                omschrijving="Geen klantmanager-coördinator om dit AVG-verzoek af te handelen: maak er een.")
    client.force_login(wereld.beheerder)
    home = client.get(reverse("beheerder_home")).content.decode()
    assert f'href="{reverse("taken")}"><span class="wsp-getal">1</span>Open taken' in home
    html = client.get(reverse("taken")).content.decode()
    assert "Geen klantmanager-coördinator om dit AVG-verzoek af te handelen" in html
    assert reverse("rechtenverzoek", args=[verzoek.pk]) not in html


def test_the_beheerder_cannot_tick_off_the_avg_request_nobody_else_may_open(client, wereld):
    """Before: the beheerder could mark "wijs een coördinator aan" as done before appointing one; the task was then
    closed and the AVG request, which only a klantmanager-coördinator may open, was with nobody. It goes to the
    coördinator he appoints (``taken.reacties``); until then it stays his, without the button."""
    from werkzoekenden.tests.factories import RechtenverzoekFactory

    taak = TaakFactory(toegewezen_aan=wereld.beheerder, kandidaat=wereld.kandidaat,
                       rechtenverzoek=RechtenverzoekFactory(kandidaat=wereld.kandidaat),
                       omschrijving="Geen klantmanager-coördinator om dit AVG-verzoek af te handelen.")
    controle = TaakFactory(toegewezen_aan=wereld.beheerder, omschrijving="Controleer de bulkrem van Piet.")
    client.force_login(wereld.beheerder)
    html = client.get(reverse("taken")).content.decode()
    assert reverse("taak_afronden", args=[taak.pk]) not in html
    assert "Deze taak gaat vanzelf naar de klantmanager die je WSP-coördinator maakt." in html
    # Which region lacks one, and where she makes one: its klantmanagers in the list of users (the task said "maak
    # in het gebruikersbeheer een klantmanager van de regio WSP-coördinator", without which region or a link).
    regio = wereld.kandidaat.regio
    lijst = (reverse("admin:accounts_user_changelist")
             + f"?rol__exact=klantmanager&amp;is_active__exact=1&amp;regio__id__exact={regio.pk}")
    assert f'<a class="utrecht-link" href="{lijst}">Klantmanagers van {regio.naam}</a>' in html
    klantmanagers = client.get(lijst.replace("&amp;", "&"))
    assert wereld.klantmanager in klantmanagers.context["cl"].result_list
    antwoord = client.post(reverse("taak_afronden", args=[taak.pk]), follow=True)
    assert "Afvinken zou het verzoek bij niemand laten." in antwoord.content.decode()
    taak.refresh_from_db()
    assert taak.afgerond_op is None
    # Any other task of his he closes as always.
    assert client.post(reverse("taak_afronden", args=[controle.pk])).status_code == 302
    controle.refresh_from_db()
    assert controle.afgerond_op is not None


def test_a_task_about_a_werkgever_links_to_the_werkgever(client, wereld):
    """"Nieuwe vacature van De Heul: Servicemonteur. Zoek kandidaten die passen." stood on /taken/ without a link:
    the accountmanager had to find the werkgever herself. A task about a voordracht keeps its own link."""
    TaakFactory(toegewezen_aan=wereld.accountmanager, werkgever=wereld.werkgever,
                omschrijving="Nieuwe vacature van De Heul Installatietechniek: Servicemonteur.")
    client.force_login(wereld.accountmanager)
    html = client.get(reverse("taken")).content.decode()
    assert (f'<a class="utrecht-link" href="{reverse("werkgever_detail", args=[wereld.werkgever.pk])}">'
            f'naar {wereld.werkgever.naam}</a>') in html
