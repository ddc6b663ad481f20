"""The beheerder changes an account in the admin: a vaste contactpersoon is not taken from werkgevers or werkzoekenden
without their dossiers going to someone else first."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts import admin as gebruikersadmin
from accounts.admin import GebruikerWijzigenForm
from accounts.models import Arbeidsmarktregio, Gemeente, Organisatie, Rol, User, Verwerking
from accounts.services import (
    GEBRUIKER_GEWIJZIGD,
    gebruiker_opslaan,
    gebruiker_uitnodigen,
    organisatie_opslaan,
    waarnemer_instellen,
)
from accounts.tests.factories import (
    WACHTWOORD,
    AccountmanagerFactory,
    BeheerderFactory,
    KlantmanagerFactory,
    OrganisatieFactory,
    regio,
)
from meldingen.models import Melding
from outbox.models import Gebeurtenis
from taken.models import Taak
from werkgevers.models import AccountmanagerToewijzing, Verzoek
from werkgevers.services import accountmanager_toewijzen
from werkgevers.tests.factories import WerkgeverFactory, WerkgeverUserFactory
from werkzoekenden.services import warme_overdracht
from werkzoekenden.tests.factories import KandidaatFactory, RechtenverzoekFactory

pytestmark = pytest.mark.django_db


def _wijzigen(client, gebruiker, **anders):
    gegevens = {"email": gebruiker.email, "voornaam": gebruiker.voornaam, "achternaam": gebruiker.achternaam,
                "telefoon": gebruiker.telefoon, "rol": gebruiker.rol, "organisatie": gebruiker.organisatie_id or "",
                "regio": gebruiker.regio_id or "", "is_active": "on"}
    gegevens.update(anders)
    return client.post(reverse("admin:accounts_user_change", args=[gebruiker.pk]),
                       {k: v for k, v in gegevens.items() if v is not None})


def test_an_accountmanager_with_werkgevers_keeps_the_role_until_they_have_another(client, wereld):
    """Peter became a klantmanager with werkgevers still his: De Linde wrote to someone who could not read it."""
    am = wereld.accountmanager
    assert am.werkgevers.exists()
    client.force_login(wereld.beheerder)
    for anders in ({"rol": Rol.KLANTMANAGER}, {"is_active": None}):
        response = _wijzigen(client, am, **anders)
        assert response.status_code == 200
        html = response.content.decode()
        # It says where the beheerder hands them over: the admin action, not a page only accountmanagers open.
        assert "is nog vaste accountmanager van 1 werkgever" in html
        assert "Andere vaste accountmanager (overdragen)" in html
        am.refresh_from_db()
        assert am.rol == Rol.ACCOUNTMANAGER and am.is_active
    # Without werkgevers of their own, the change goes through.
    am.werkgevers.update(accountmanager=None)
    assert _wijzigen(client, am, rol=Rol.KLANTMANAGER).status_code == 302
    assert User.objects.get(pk=am.pk).rol == Rol.KLANTMANAGER


def test_switching_off_an_accountmanager_links_to_her_werkgevers_and_no_one_elses(client, wereld):
    """The message said "zoek bij Werkgevers op de achternaam, selecteer ze allemaal": for Sanne Jansen that also
    found the werkgevers of her colleague Piet Jansen and a company called Jansen, all handed over with hers. Now it
    links to the list of her own werkgevers, where the action is."""
    regio = wereld.accountmanager.regio
    sanne = AccountmanagerFactory(voornaam="Sanne", achternaam="Jansen", regio=regio,
                                  organisatie=wereld.accountmanager.organisatie)
    piet = AccountmanagerFactory(voornaam="Piet", achternaam="Jansen", regio=regio,
                                 organisatie=wereld.accountmanager.organisatie)
    WerkgeverFactory(naam="Bakkerij Zon", accountmanager=sanne, regio=regio)
    WerkgeverFactory(naam="Garage Maan", accountmanager=sanne, regio=regio)
    WerkgeverFactory(naam="Schilder Ster", accountmanager=piet, regio=regio)
    WerkgeverFactory(naam="Jansen Transport", accountmanager=wereld.accountmanager, regio=regio)
    client.force_login(wereld.beheerder)
    html = _wijzigen(client, sanne, is_active=None).content.decode()
    assert "is nog vaste accountmanager van 2 werkgevers" in html
    lijst = reverse("admin:werkgevers_werkgever_changelist") + f"?accountmanager__id__exact={sanne.pk}"
    assert f'<a href="{lijst}">Werkgevers van Sanne Jansen</a>' in html
    assert "achternaam" not in html.split("errorlist")[1].split("</ul>")[0]

    lijst = client.get(lijst)
    assert lijst.status_code == 200
    assert [w.naam for w in lijst.context["cl"].result_list] == ["Bakkerij Zon", "Garage Maan"]
    assert "Andere vaste accountmanager (overdragen)" in lijst.content.decode()


def test_a_klantmanager_with_a_caseload_is_not_deactivated_before_the_warme_overdracht(client, wereld):
    km = wereld.klantmanager
    aantal = km.caseload.count()
    assert aantal
    client.force_login(wereld.beheerder)
    response = _wijzigen(client, km, is_active=None)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"is nog vaste klantmanager van {aantal} werkzoekende" in html
    # It points to the page that hands the whole caseload over (before: "hand each one over", with no way to).
    assert f'<a href="{reverse("caseload_overdragen_plan", args=[km.pk])}">Caseload overdragen</a>' in html
    assert User.objects.get(pk=km.pk).is_active
    # Another change of the same account (a new phone number) is fine.
    assert _wijzigen(client, km, telefoon="026 3123456").status_code == 302


def test_closed_dossiers_do_not_keep_a_klantmanager_from_leaving(client, wereld):
    """A closed dossier is kept for its retention period with its last klantmanager; it needs no warme overdracht."""
    km = wereld.klantmanager
    km.caseload.update(afgesloten_op=timezone.now())
    client.force_login(wereld.beheerder)
    assert _wijzigen(client, km, is_active=None).status_code == 302
    assert not User.objects.get(pk=km.pk).is_active


def test_a_klantmanager_with_open_dossiers_does_not_move_to_another_organisation_before_the_warme_overdracht(
        client, wereld):
    """Karin (UWV) went to the gemeente in the admin with her caseload: Willem and Anja had a klantmanager of another
    organisation, without a warme overdracht and without being asked. Now the admin refuses it as it refuses her
    leaving, with the way to hand the caseload over; once it is handed over, she moves."""
    km = wereld.klantmanager
    aantal = km.caseload.filter(afgesloten_op__isnull=True).count()
    assert aantal
    oud = km.organisatie
    gemeente = OrganisatieFactory(naam="Gemeente Zevenaar", regio=km.regio)
    client.force_login(wereld.beheerder)
    response = _wijzigen(client, km, organisatie=gemeente.pk)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"is nog vaste klantmanager van {aantal} werkzoekende" in html and f"bij {oud.naam}" in html
    assert "zonder warme overdracht een klantmanager van een andere organisatie" in html
    assert f'<a href="{reverse("caseload_overdragen_plan", args=[km.pk])}">Caseload overdragen</a>' in html
    assert User.objects.get(pk=km.pk).organisatie_id == oud.pk
    assert set(km.caseload.values_list("klantmanager_id", flat=True)) == {km.pk}

    collega = KlantmanagerFactory(organisatie=oud, regio=km.regio)
    for kandidaat in km.caseload.filter(afgesloten_op__isnull=True):
        warme_overdracht(kandidaat=kandidaat, door=km, naar=collega, notitie="Karin gaat naar de gemeente.")
    assert _wijzigen(client, km, organisatie=gemeente.pk).status_code == 302
    assert User.objects.get(pk=km.pk).organisatie_id == gemeente.pk


def test_an_accountmanager_with_werkgevers_keeps_organisation_and_region_until_they_have_another(client, wereld):
    """The same for an accountmanager: her werkgevers would have a contactpersoon of another organisation, and one of
    another region could not even open them (werkgevers.permissions)."""
    am = wereld.accountmanager
    oud = am.organisatie
    andere = OrganisatieFactory(naam="UWV Nijmegen", regio=am.regio)
    client.force_login(wereld.beheerder)
    for anders in ({"organisatie": andere.pk}, {"regio": wereld.vreemde_accountmanager.regio_id}):
        response = _wijzigen(client, am, **anders)
        assert response.status_code == 200, anders
        html = response.content.decode()
        assert f"is nog vaste accountmanager van 1 werkgever bij {oud.naam}" in html
        assert "Andere vaste accountmanager (overdragen)" in html
        am.refresh_from_db()
        assert am.organisatie_id == oud.pk and am.regio_id == wereld.werkgever.regio_id
    # A new phone number is fine.
    assert _wijzigen(client, am, telefoon="026 3999999").status_code == 302

    collega = AccountmanagerFactory(organisatie=oud, regio=am.regio)
    accountmanager_toewijzen(werkgever=wereld.werkgever, accountmanager=collega, door=wereld.beheerder,
                             reden="Anton gaat naar UWV Nijmegen.")
    assert not am.werkgevers.exists()
    assert _wijzigen(client, am, organisatie=andere.pk).status_code == 302
    assert User.objects.get(pk=am.pk).organisatie_id == andere.pk


def test_a_region_does_not_change_apart_from_the_organisation(client, wereld, django_capture_on_commit_callbacks):
    """Before: the admin saved an accountmanager of the WSP of Midden-Gelderland with another region. Her open verzoek
    stayed with her (a region alone was no move: no ``gebruiker_gewijzigd`` event), while she now worked in a region
    whose werkgevers she could not reach. The invitation already asked the organisation's region; the admin asks it
    too, so a region changes only with an organisation of that region, which is a move."""
    am = AccountmanagerFactory(organisatie=wereld.accountmanager.organisatie, regio=wereld.accountmanager.regio,
                               voornaam="Romy", achternaam="Reiziger")
    verzoek = Verzoek.objects.create(werkgever=wereld.werkgever, regio=am.regio, kanaal=Verzoek.Kanaal.TELEFOON,
                                     contactpersoon="Piet", telefoon="026 1234567", email="piet@example.nl",
                                     vraag="Wij zoeken een bakker.", deadline=timezone.now() + timedelta(days=1),
                                     accountmanager=am)
    elders = wereld.vreemde_accountmanager.regio
    assert elders.pk != am.regio_id
    client.force_login(wereld.beheerder)
    response = _wijzigen(client, am, regio=elders.pk)
    assert response.status_code == 200
    html = response.content.decode()
    assert (f"{am.organisatie.naam} hoort bij arbeidsmarktregio {am.regio.naam}. Kies die regio, of een organisatie "
            "in deze regio.") in html
    assert User.objects.get(pk=am.pk).regio_id == am.regio_id  # nothing saved, and what was typed is still there
    assert f'<option value="{elders.pk}" selected>' in html
    # With an organisation of that region it is a move: the event goes, and her open verzoek goes to the werkgever's
    # vaste accountmanager in the region she left.
    daar = OrganisatieFactory(naam="UWV elders", soort="uwv", regio=elders)
    with django_capture_on_commit_callbacks(execute=True):
        assert _wijzigen(client, am, regio=elders.pk, organisatie=daar.pk).status_code == 302
    assert Gebeurtenis.objects.filter(soort=GEBRUIKER_GEWIJZIGD, gegevens__gebruiker_id=am.pk).exists()
    verzoek.refresh_from_db()
    assert verzoek.accountmanager_id == wereld.accountmanager.pk


def test_the_beheerder_chooses_who_covers_for_a_klantmanager_who_cannot(client, wereld,
                                                                        django_capture_on_commit_callbacks):
    """Jeske is ill and did not choose a waarnemer: her caseload waited. Only she could choose (on "Waarneming");
    now the beheerder can, with the same rule (a colleague of her organisation in her role) and both hear it."""
    km = wereld.klantmanager
    collega = KlantmanagerFactory(voornaam="Lotte", achternaam="Peters", organisatie=km.organisatie, regio=km.regio)
    elders = KlantmanagerFactory(organisatie=OrganisatieFactory(naam="Gemeente Rheden", regio=km.regio),
                                 regio=km.regio)
    client.force_login(wereld.beheerder)
    assert 'name="waarnemer"' in client.get(reverse("admin:accounts_user_change", args=[km.pk])).content.decode()

    response = _wijzigen(client, km, waarnemer=elders.pk)
    assert response.status_code == 200
    assert f"Kies een collega van {km.organisatie.naam}." in response.content.decode()
    response = _wijzigen(client, km, waarnemer=wereld.accountmanager.pk)
    assert response.status_code == 200
    assert User.objects.get(pk=km.pk).waarnemer_id is None

    with django_capture_on_commit_callbacks(execute=True):
        assert _wijzigen(client, km, waarnemer=collega.pk).status_code == 302
    assert User.objects.get(pk=km.pk).waarnemer_id == collega.pk
    gebeurtenis = Gebeurtenis.objects.filter(soort="accounts.waarneming_gewijzigd").latest("pk")
    assert gebeurtenis.door_id == wereld.beheerder.pk
    assert Melding.objects.get(ontvanger=collega).tekst.startswith("Je neemt nu de caseload van")
    assert Melding.objects.get(ontvanger=km).tekst == (
        "De beheerder heeft Lotte Peters gekozen om je caseload waar te nemen.")

    with django_capture_on_commit_callbacks(execute=True):
        assert _wijzigen(client, km, waarnemer="").status_code == 302
    assert User.objects.get(pk=km.pk).waarnemer_id is None
    assert "niet meer waar" in Melding.objects.filter(ontvanger=collega).latest("pk").tekst
    assert "beëindigd" in Melding.objects.filter(ontvanger=km).latest("pk").tekst


def test_the_beheerder_makes_an_accountmanager_wsp_coordinator(client, wereld):
    """The coordinators get the verzoeken nobody called in time and see their region's monitor; only the demo
    could make one."""
    am = wereld.accountmanager
    client.force_login(wereld.beheerder)
    assert _wijzigen(client, am, is_coordinator="on").status_code == 302
    assert User.objects.get(pk=am.pk).is_coordinator
    werkgever = wereld.werkgever_user
    response = _wijzigen(client, werkgever, is_coordinator="on")
    assert response.status_code == 200
    assert "Alleen een accountmanager of klantmanager kan WSP-coördinator zijn." in response.content.decode()
    assert not User.objects.get(pk=werkgever.pk).is_coordinator


def test_no_waarnemer_for_a_switched_off_account(client, wereld, django_capture_on_commit_callbacks):
    """Nobody covers for a switched-off account (``waarneming_houdt_stand``), yet the admin and
    ``waarnemer_instellen`` checked only the colleague: Lotte was told she covered for someone whose work had gone to
    others. Refused in the form, with what was chosen kept, and in the service under its lock; clearing it stays."""
    km = wereld.klantmanager
    weg = KlantmanagerFactory(organisatie=km.organisatie, regio=km.regio, is_active=False)
    lotte = KlantmanagerFactory(organisatie=km.organisatie, regio=km.regio)
    client.force_login(wereld.beheerder)
    with django_capture_on_commit_callbacks(execute=True):
        response = _wijzigen(client, weg, is_active=None, waarnemer=lotte.pk)
    assert response.status_code == 200
    html = response.content.decode()
    assert ("Dit account staat uit: een collega neemt alleen waar voor een actief account. Zet het account eerst aan, "
            "of maak het veld “Wordt vervangen door” leeg.") in html
    assert f'<option value="{lotte.pk}" selected>' in html
    assert User.objects.get(pk=weg.pk).waarnemer_id is None and not Melding.objects.filter(ontvanger=lotte).exists()
    with pytest.raises(ValidationError) as exc:
        waarnemer_instellen(gebruiker=weg, waarnemer=lotte, door=wereld.beheerder)
    assert "Dit account staat uit" in " ".join(exc.value.messages)
    assert User.objects.get(pk=weg.pk).waarnemer_id is None
    # Switched on again in the same save, she may have one.
    with django_capture_on_commit_callbacks(execute=True):
        assert _wijzigen(client, weg, waarnemer=lotte.pk).status_code == 302
    assert User.objects.get(pk=weg.pk).waarnemer_id == lotte.pk


def test_switching_off_and_choosing_a_waarnemer_in_one_save_is_refused(client, wereld,
                                                                       django_capture_on_commit_callbacks):
    """Both in one save told Lotte "Je neemt nu ... waar" and straight after "... niet meer waar"."""
    km = wereld.klantmanager
    gaat = KlantmanagerFactory(organisatie=km.organisatie, regio=km.regio)
    lotte = KlantmanagerFactory(organisatie=km.organisatie, regio=km.regio)
    client.force_login(wereld.beheerder)
    with django_capture_on_commit_callbacks(execute=True):
        response = _wijzigen(client, gaat, is_active=None, waarnemer=lotte.pk)
    assert response.status_code == 200
    assert ("Je zet dit account uit: dan neemt niemand meer waar. Maak het veld “Wordt vervangen door” leeg, of laat "
            "het account aan.") in response.content.decode()
    gaat = User.objects.get(pk=gaat.pk)
    assert gaat.is_active and gaat.waarnemer_id is None
    assert not Melding.objects.filter(ontvanger=lotte).exists()


def test_a_waarnemer_switched_off_while_the_form_was_saved_is_a_message_not_a_500(
        client, wereld, monkeypatch, django_capture_on_commit_callbacks):
    """The form checked Lotte; before the save another beheerder switched her off. ``waarnemer_instellen`` refuses her
    under its lock: the page says so, the rest of the change is saved and the waarnemer not."""
    km = wereld.klantmanager
    lotte = KlantmanagerFactory(organisatie=km.organisatie, regio=km.regio)
    controleren = GebruikerWijzigenForm.clean

    def intussen_uitgezet(form):
        gegevens = controleren(form)
        User.objects.filter(pk=lotte.pk).update(is_active=False)
        return gegevens

    monkeypatch.setattr(GebruikerWijzigenForm, "clean", intussen_uitgezet)
    client.force_login(wereld.beheerder)
    with django_capture_on_commit_callbacks(execute=True):
        response = _wijzigen(client, km, waarnemer=lotte.pk, telefoon="026 3123456", is_coordinator=None)
    assert response.status_code == 302 and response.url == reverse("admin:accounts_user_change", args=[km.pk])
    pagina = client.get(response.url).content.decode()
    assert ("De andere wijzigingen zijn opgeslagen, de waarnemer niet: Kies een klantmanager met een actief account."
            in pagina)
    km = User.objects.get(pk=km.pk)
    assert km.telefoon == "026 3123456" and km.waarnemer_id is None


def test_the_flag_is_not_taken_from_the_last_coordinator_who_has_a_coordinators_task(client, wereld,
                                                                                      django_capture_on_commit_callbacks):
    """Cora's overdue AVG request opens only to a coordinator with the task. Without another coordinator in her
    organisation or region, taking her flag would leave it with nobody: the beheerder reads that first."""
    km = wereld.klantmanager
    cora = KlantmanagerFactory(organisatie=km.organisatie, regio=km.regio, is_coordinator=True, voornaam="Cora",
                               achternaam="Kok")
    verzoek = RechtenverzoekFactory(kandidaat=KandidaatFactory(regio=km.regio, klantmanager=None))
    Taak.objects.create(toegewezen_aan=cora, omschrijving="Te laat", rechtenverzoek=verzoek,
                        kandidaat=verzoek.kandidaat)
    client.force_login(wereld.beheerder)
    response = _wijzigen(client, cora)
    assert response.status_code == 200
    assert (f"Cora Kok heeft nog 1 open taak die alleen een coördinator kan doen, zoals een te laat verzoek over "
            f"gegevens, en er is geen andere coördinator bij {km.organisatie.naam} of in de regio die hem kan "
            f"overnemen. Maak eerst een collega coördinator; haal daarna dit vinkje weg.") in response.content.decode()
    assert User.objects.get(pk=cora.pk).is_coordinator
    # With another coordinator in the region it goes to her (``taken.reacties``).
    olga = KlantmanagerFactory(regio=km.regio, is_coordinator=True)
    with django_capture_on_commit_callbacks(execute=True):
        assert _wijzigen(client, cora).status_code == 302
    assert not User.objects.get(pk=cora.pk).is_coordinator
    assert Taak.objects.get(rechtenverzoek=verzoek).toegewezen_aan == olga


def test_the_flag_taken_from_two_coordinators_at_once_leaves_the_request_with_a_beheerder_not_with_nobody(
        client, wereld, monkeypatch, django_capture_on_commit_callbacks):
    """Two beheerders each take the flag of one of the only two coordinators at the same time: Cora's form saw Olga
    as coordinator, whose flag went meanwhile. The save does not ask again; the reaction decides when it runs (the
    coordinators' rows locked): nobody may open the request, so a beheerder of the region is asked to appoint a
    coordinator, rather than it staying with Cora (404 to her, seen by nobody)."""
    km = wereld.klantmanager
    hier = BeheerderFactory(voornaam="Ab", achternaam="Abbing", regio=km.regio)
    cora = KlantmanagerFactory(organisatie=km.organisatie, regio=km.regio, is_coordinator=True)
    olga = KlantmanagerFactory(organisatie=km.organisatie, regio=km.regio, is_coordinator=True)
    verzoek = RechtenverzoekFactory(kandidaat=KandidaatFactory(regio=km.regio, klantmanager=None))
    taak = Taak.objects.create(toegewezen_aan=cora, omschrijving="Te laat.", rechtenverzoek=verzoek,
                               kandidaat=verzoek.kandidaat, sleutel=f"rechtenverzoek:{verzoek.pk}:escalatie:{cora.pk}")
    controleren = GebruikerWijzigenForm.clean

    def intussen(form):
        gegevens = controleren(form)
        User.objects.filter(pk=olga.pk).update(is_coordinator=False)
        return gegevens

    monkeypatch.setattr(GebruikerWijzigenForm, "clean", intussen)
    client.force_login(wereld.beheerder)
    with django_capture_on_commit_callbacks(execute=True):
        assert _wijzigen(client, cora).status_code == 302
    monkeypatch.undo()
    taak.refresh_from_db()
    assert taak.toegewezen_aan == hier
    assert taak.omschrijving.startswith("Geen klantmanager-coördinator om dit AVG-verzoek af te handelen")


def test_the_check_before_taking_the_flag_takes_the_same_queries_however_many_tasks_she_has(client, wereld):
    """Refused (nobody can take them): the page asks as many queries with 5 tasks as with 10."""
    km = wereld.klantmanager
    cora = KlantmanagerFactory(organisatie=km.organisatie, regio=km.regio, is_coordinator=True)
    client.force_login(wereld.beheerder)
    tellingen = []
    for _i in range(2):
        for _j in range(5):
            verzoek = RechtenverzoekFactory(kandidaat=KandidaatFactory(regio=km.regio, klantmanager=None))
            Taak.objects.create(toegewezen_aan=cora, omschrijving="Te laat.", rechtenverzoek=verzoek,
                                kandidaat=verzoek.kandidaat)
        with CaptureQueriesContext(connection) as q:
            assert _wijzigen(client, cora).status_code == 200
        tellingen.append(len(q))
    assert tellingen[0] == tellingen[1], tellingen


def test_choosing_a_waarnemer_offers_only_active_klantmanagers_and_accountmanagers(client, wereld):
    actief = KlantmanagerFactory(voornaam="Lotte", achternaam="Zonneveld")
    KlantmanagerFactory(voornaam="Loes", achternaam="Zonneveld", is_active=False)
    WerkgeverUserFactory(voornaam="Lars", achternaam="Zonneveld")
    client.force_login(wereld.beheerder)
    antwoord = client.get(reverse("admin:autocomplete"), {"app_label": "accounts", "model_name": "user",
                                                          "field_name": "waarnemer", "term": "Zonneveld"})
    # With her organisation: the waarnemer must be of the same one.
    assert antwoord.json()["results"] == [{"id": str(actief.pk), "text": f"Lotte Zonneveld, {actief.organisatie}"}]


def test_the_choices_on_a_users_page_offer_no_deleting_of_what_is_chosen(client, wereld):
    """Beside "Wordt vervangen door: Jeske Gunterman" stood a red cross that opened "delete Jeske's account", where
    the beheerder wanted to clear the waarnemer; beside the organisation, one that deleted the organisation."""
    client.force_login(wereld.beheerder)
    html = client.get(reverse("admin:accounts_user_change", args=[wereld.klantmanager.pk])).content.decode()
    assert 'id="id_waarnemer"' in html and 'id="id_organisatie"' in html
    for veld in ("waarnemer", "organisatie", "regio"):
        assert f'id="delete_id_{veld}"' not in html and f'id="change_id_{veld}"' not in html


def test_a_gemeente_of_another_region_is_named_with_the_region_it_is_in(client, wereld):
    """Adding Gemeente Renkum to Midden-Gelderland said "Deze gemeente hoort bij een andere arbeidsmarktregio": which
    one, the beheerder had to look up. What she typed stays."""
    renkum = Gemeente.objects.select_related("regio").get(naam="Renkum")
    arnhem = regio("AM07")
    assert renkum.regio_id != arnhem.pk
    client.force_login(wereld.beheerder)
    response = client.post(reverse("admin:accounts_organisatie_add"), {
        "naam": "Gemeente Renkum", "soort": Organisatie.Soort.GEMEENTE, "regio": arnhem.pk, "gemeente": renkum.pk,
        "telefoon": "", "email": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert (f"Renkum hoort bij arbeidsmarktregio {renkum.regio.naam}, niet bij {arnhem.naam}. Kies een gemeente van "
            f"{arnhem.naam}, of de regio {renkum.regio.naam}.") in html
    assert 'value="Gemeente Renkum"' in html
    assert not Organisatie.objects.filter(naam="Gemeente Renkum").exists()


def test_an_account_saved_with_a_region_apart_before_the_rule_can_still_be_changed(client, wereld):
    """Before: an accountmanager with werkgevers whose region had been saved apart from her organisation's (before the
    rule) could not be saved at all: keeping the region was refused by the rule, choosing her organisation's region by
    the werkgevers she still has. Not even a new phone number, a waarnemer while she is ill, or switching her off.
    The rule is asked when the region or organisation changes."""
    am = wereld.accountmanager
    assert am.werkgevers.exists()
    User.objects.filter(pk=am.pk).update(regio=wereld.vreemde_accountmanager.regio)
    am.refresh_from_db()
    client.force_login(wereld.beheerder)
    assert _wijzigen(client, am, telefoon="026 1111111").status_code == 302
    assert User.objects.get(pk=am.pk).telefoon == "026 1111111"
    # Changing the region to another that is not her organisation's is still refused.
    derde = OrganisatieFactory(regio=regio("AM02")).regio
    antwoord = _wijzigen(client, am, regio=derde.pk)
    assert antwoord.status_code == 200 and "hoort bij arbeidsmarktregio" in antwoord.content.decode()


def test_the_delete_page_of_an_account_in_use_says_to_switch_it_off_instead(client, wereld):
    """A klantmanager leaves; the beheerder clicks "Verwijderen" on her account. Django's page said only "kan niet
    worden verwijderd" and listed her werkzoekenden, without what to do: switching the account off."""
    km = wereld.klantmanager
    assert km.caseload.exists()
    client.force_login(wereld.beheerder)
    response = client.get(reverse("admin:accounts_user_delete", args=[km.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "haal het vinkje bij “Actief” weg en sla op" in html
    assert f'<a href="{reverse("admin:accounts_user_change", args=[km.pk])}">Naar {km.get_full_name()}</a>' in html
    assert User.objects.filter(pk=km.pk).exists()


def test_the_delete_page_of_an_accountmanager_names_what_holds_on_to_her(client, wereld):
    """The list of what holds on to her account said "AccountmanagerToewijzing object (3)" for each werkgever she was
    the vaste accountmanager of."""
    am = wereld.accountmanager
    werkgever = WerkgeverFactory(naam="Bakkerij Zon", accountmanager=am, regio=am.regio)
    AccountmanagerToewijzing.objects.create(werkgever=werkgever, accountmanager=am)
    client.force_login(wereld.beheerder)
    html = client.get(reverse("admin:accounts_user_delete", args=[am.pk])).content.decode()
    assert "Bakkerij Zon, vaste accountmanager sinds" in html
    assert "object (" not in html


def test_the_list_of_users_offers_the_invitation_where_django_would_offer_to_add(client, wereld):
    """Accounts come in by invitation only, and the list had neither "Toevoegen" nor a link to invite: its context
    held the address of the invitation page, but no template showed it."""
    client.force_login(wereld.beheerder)
    html = client.get(reverse("admin:accounts_user_changelist")).content.decode()
    assert f'<a href="{reverse("uitnodigen")}" class="addlink">Medewerker uitnodigen</a>' in html


def test_an_organisation_does_not_become_a_kind_its_people_may_not_work_at(client, wereld):
    """Gemeente Arnhem became a "werkgever" in the admin with its klantmanagers still there: they worked where no
    klantmanager may, and nothing said so. Now the admin refuses, says who is in the way and links to them."""
    km = wereld.klantmanager
    organisatie = km.organisatie
    client.force_login(wereld.beheerder)
    adres = reverse("admin:accounts_organisatie_change", args=[organisatie.pk])
    form = client.get(adres).context["adminform"].form
    gegevens = {naam: "" if waarde is None else getattr(waarde, "pk", waarde) for naam, waarde in
                ((n, form[n].value()) for n in form.fields)}
    response = client.post(adres, {**gegevens, "soort": "werkgever"})
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Bij {organisatie.naam} werken nog mensen met de rol klantmanager" in html
    lijst = reverse("admin:accounts_user_changelist") + f"?organisatie__id__exact={organisatie.pk}"
    assert f'<a href="{lijst}">Mensen van {organisatie.naam}</a>' in html
    organisatie.refresh_from_db()
    assert organisatie.soort != "werkgever"
    mensen = client.get(lijst)
    assert mensen.status_code == 200 and km in mensen.context["cl"].result_list
    # A kind they may work at is fine.
    nieuw = "uwv" if organisatie.soort != "uwv" else "gemeente"
    assert client.post(adres, {**gegevens, "soort": nieuw}).status_code == 302


def test_an_organisation_keeps_its_region_while_people_dossiers_or_werkgevers_hold_it_there(client, wereld):
    """The beheerder moved Gemeente Arnhem to another arbeidsmarktregio in the admin: its klantmanagers stayed in the
    region they had (their accounts' region is the organisation's), with their caseloads, and nothing said so. Now
    the admin refuses and says how many people and dossiers hold it there; an organisation that nothing holds moves,
    and its switched-off accounts go along."""
    km = wereld.klantmanager
    organisatie = km.organisatie
    KandidaatFactory(klantmanager=km)
    dossiers = km.caseload.filter(afgesloten_op__isnull=True).count()
    mensen = User.objects.filter(organisatie=organisatie, is_active=True).count()
    elders = Arbeidsmarktregio.objects.exclude(pk=organisatie.regio_id).first()
    client.force_login(wereld.beheerder)
    adres = reverse("admin:accounts_organisatie_change", args=[organisatie.pk])
    form = client.get(adres).context["adminform"].form
    gegevens = {naam: "" if waarde is None else getattr(waarde, "pk", waarde) for naam, waarde in
                ((n, form[n].value()) for n in form.fields)}
    # A gemeente of the new region: otherwise the form refuses for that alone.
    response = client.post(adres, {**gegevens, "regio": elders.pk, "gemeente": elders.gemeenten.first().pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert f"De arbeidsmarktregio van {organisatie.naam} kan niet veranderen" in html
    assert (f"er werken {mensen} mensen met een actief account" if mensen > 1
            else "er werkt 1 persoon met een actief account") in html
    assert f"haar klantmanagers hebben {dossiers} open dossier" in html
    organisatie.refresh_from_db()
    km.refresh_from_db()
    assert organisatie.regio_id == km.regio_id != elders.pk
    # The service refuses the same (a save from elsewhere than the admin).
    organisatie.regio = elders
    with pytest.raises(ValidationError):
        organisatie_opslaan(organisatie, door=wereld.beheerder)
    assert Organisatie.objects.get(pk=organisatie.pk).regio_id != elders.pk

    # One that nothing holds (made in the wrong region by mistake) moves; an account switched off there goes along.
    leeg = OrganisatieFactory(soort="uwv", regio=km.regio)
    weg = User.objects.create(email="oud@uwv.example.nl", rol=Rol.KLANTMANAGER, organisatie=leeg, regio=km.regio,
                              is_active=False)
    adres = reverse("admin:accounts_organisatie_change", args=[leeg.pk])
    form = client.get(adres).context["adminform"].form
    gegevens = {naam: "" if waarde is None else getattr(waarde, "pk", waarde) for naam, waarde in
                ((n, form[n].value()) for n in form.fields)}
    assert client.post(adres, {**gegevens, "regio": elders.pk, "gemeente": ""}).status_code == 302
    leeg.refresh_from_db()
    weg.refresh_from_db()
    assert leeg.regio_id == weg.regio_id == elders.pk


def test_an_organisation_and_a_gemeente_offer_no_cross_that_deletes_their_region(client, wereld):
    """Beside the chosen region of an organisation stood a red cross: it opened the page to delete the region (or the
    gemeente), which for one in use answered "Geen toegang ... Neem contact op met de beheerder" to the beheerder."""
    organisatie = wereld.klantmanager.organisatie
    client.force_login(wereld.beheerder)
    for adres in (reverse("admin:accounts_organisatie_change", args=[organisatie.pk]),
                  reverse("admin:accounts_gemeente_change", args=[organisatie.regio.gemeenten.first().pk])):
        html = client.get(adres).content.decode()
        assert 'id="id_regio"' in html
        assert "delete-related" not in html and "change-related" not in html


def test_the_only_beheerder_does_not_switch_herself_off_or_lose_the_role(client, wereld):
    """Unticking "Actief" on her own row (or making herself klantmanager) was saved: with no other beheerder, nobody
    could manage users any more, nor switch her back on."""
    bram = wereld.beheerder
    User.objects.filter(rol=Rol.BEHEERDER).exclude(pk=bram.pk).update(is_active=False)
    client.force_login(bram)
    for anders in ({"is_active": None}, {"rol": Rol.KLANTMANAGER}):
        response = _wijzigen(client, bram, **anders)
        assert response.status_code == 200
        assert "is de enige actieve beheerder. Nodig eerst een andere beheerder uit" in response.content.decode()
        bram.refresh_from_db()
        assert bram.is_active and bram.rol == Rol.BEHEERDER
    # With a colleague beheerder she may go.
    BeheerderFactory(organisatie=bram.organisatie, regio=bram.regio)
    assert _wijzigen(client, bram, is_active=None).status_code == 302
    assert not User.objects.get(pk=bram.pk).is_active


def test_the_coordinator_checkbox_says_what_a_klantmanager_coordinator_does(client, wereld):
    """A task sends the beheerder to make a klantmanager WSP-coördinator for an AVG request; the checkbox said only
    "Krijgt verzoeken van werkgevers die na 24 uur nog niet gebeld zijn"."""
    client.force_login(wereld.beheerder)
    html = client.get(reverse("admin:accounts_user_change", args=[wereld.klantmanager.pk])).content.decode()
    assert "een klantmanager-coördinator verzoeken van werkzoekenden over hun gegevens (AVG)" in html


def test_a_beheerder_sends_a_mail_to_choose_a_password_and_never_sets_one(client, wereld,
                                                                          django_capture_on_commit_callbacks):
    """The admin offered "Wachtwoord wijzigen" on every user's page: the beheerder typed Karin's new password (and
    so knew it). Now the page and its address are gone; the beheerder sends Karin a mail to choose one herself, and
    changes her own password on her own account page."""
    km, beheerder = wereld.klantmanager, wereld.beheerder
    client.force_login(beheerder)
    adres = reverse("admin:accounts_user_change", args=[km.pk])
    html = client.get(adres).content.decode()
    assert "../password/" not in html and 'name="password"' not in html
    assert "Een beheerder kent en kiest geen wachtwoorden" in html
    wachtwoordpagina = reverse("admin:auth_user_password_change", args=[km.pk])
    assert client.get(wachtwoordpagina).status_code == 404
    assert client.post(wachtwoordpagina, {"password1": "Door-de-beheerder-1", "password2": "Door-de-beheerder-1",
                                          "usable_password": "true"}).status_code == 404
    km.refresh_from_db()
    assert km.check_password(WACHTWOORD)

    # The mail instead: a link to choose a new password, to Karin only; her password stays what it was.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:accounts_user_changelist"),
                               {"action": "wachtwoord_herstellen", "_selected_action": [km.pk], "post": "yes"})
    assert response.status_code == 302
    [bericht] = [m for m in mail.outbox if "/accounts/password/reset/key/" in m.body]
    assert bericht.to == [km.email]
    km.refresh_from_db()
    assert km.check_password(WACHTWOORD)
    assert Verwerking.objects.filter(doel="mail om het wachtwoord opnieuw in te stellen").exists()

    # Her own password: the admin's link leads to her account page, where it changes.
    assert client.get(reverse("admin:password_change"))["Location"] == reverse("account_change_password")
    assert client.get(reverse("account_change_password")).status_code == 200


def test_an_invitation_read_before_the_organisation_moved_does_not_leave_her_in_the_old_region(wereld):
    """The beheerder fills in the invitation for a klantmanager of an organisation while another moves that (still
    empty) organisation to another region: the move waited for no one and found nobody, the invitation had read the
    organisation's old region and saved her there, so she worked in a region her organisation had left. The
    invitation reads the organisation again under its lock and refuses."""
    leeg = OrganisatieFactory(soort="uwv", regio=wereld.klantmanager.regio, gemeente=None)
    gelezen = Organisatie.objects.get(pk=leeg.pk)  # the invitation form's choice, read before the move
    elders = Arbeidsmarktregio.objects.exclude(pk=leeg.regio_id).first()
    leeg.regio = elders
    organisatie_opslaan(leeg, door=wereld.beheerder)

    with pytest.raises(ValidationError) as fout:
        gebruiker_uitnodigen(door=wereld.beheerder, email="nieuw@uwv.example.nl", rol=Rol.KLANTMANAGER,
                             voornaam="Nina", achternaam="Nieuw", organisatie=gelezen, regio=gelezen.regio)
    assert "regio" in fout.value.message_dict
    assert not User.objects.filter(email="nieuw@uwv.example.nl").exists()


def test_a_person_moved_to_an_organisation_read_before_it_moved_region_is_refused(wereld):
    """The same in the user admin: the form checked her region against the organisation it read, which another
    beheerder moved to another region (nobody worked there yet) before this save. The save reads it again under the
    lock and refuses, rather than leave her in the region her organisation left."""
    km = User.objects.get(pk=wereld.klantmanager.pk)
    leeg = OrganisatieFactory(soort="uwv", regio=km.regio, gemeente=None)
    km.organisatie = Organisatie.objects.get(pk=leeg.pk)  # as the form read it
    elders = Arbeidsmarktregio.objects.exclude(pk=leeg.regio_id).first()
    leeg.regio = elders
    organisatie_opslaan(leeg, door=wereld.beheerder)

    with pytest.raises(ValidationError) as fout:
        gebruiker_opslaan(km, door=wereld.beheerder)
    assert "regio" in fout.value.message_dict
    assert User.objects.get(pk=km.pk).organisatie_id == wereld.klantmanager.organisatie_id


def test_the_password_mail_goes_only_to_an_address_the_person_verified(client, wereld,
                                                                     django_capture_on_commit_callbacks):
    """The beheerder sets no passwords, but could still choose one: change Willem's e-mail address on his page to
    one of her own, then send "Mail om het wachtwoord opnieuw in te stellen" and set his password from the link,
    and read his dossier as him. The mail goes only to an address Willem verified himself."""
    willem, beheerder = wereld.werkzoekende_user, wereld.beheerder
    EmailAddress.objects.update_or_create(user=willem, email=willem.email,
                                          defaults={"verified": True, "primary": True})
    client.force_login(beheerder)
    # His page shows the address, but it is not a field to change.
    html = client.get(reverse("admin:accounts_user_change", args=[willem.pk])).content.decode()
    assert willem.email in html and 'name="email"' not in html
    # Changed anyway (an older page, the shell): no mail to an address he did not verify.
    User.objects.filter(pk=willem.pk).update(email="beheerder.prive@example.nl")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:accounts_user_changelist"),
                               {"action": "wachtwoord_herstellen", "_selected_action": [willem.pk], "post": "yes"},
                               follow=True)
    links = [m for m in mail.outbox if "/accounts/password/reset/key/" in m.body]
    assert all("beheerder.prive@example.nl" not in m.to for m in links)
    # And the beheerder reads why.
    assert "1 account kreeg geen mail: het staat uit, het e-mailadres is niet bevestigd door de persoon zelf" in (
        response.content.decode())


def test_an_organisation_that_moves_region_while_she_is_saved_into_it_is_a_form_error(client, wereld, monkeypatch):
    """Another beheerder moved the (still empty) organisation to another region after this form had read it: the
    save read it again under its lock and refused, with a ValidationError that became a server error. Now the form
    reads it under the lock (held until the save) and says why on the same page, with what the beheerder typed."""
    km = KlantmanagerFactory(organisatie=wereld.klantmanager.organisatie, regio=wereld.klantmanager.regio)
    leeg = OrganisatieFactory(naam="UWV Leeg", soort="uwv", regio=km.regio, gemeente=None)
    elders = Arbeidsmarktregio.objects.exclude(pk=leeg.regio_id).first()
    controleren = User.clean

    def tussendoor_verhuisd(gebruiker):
        # The form's field read the organisation in its old region; the move commits before the lock is taken.
        controleren(gebruiker)
        Organisatie.objects.filter(pk=leeg.pk).update(regio=elders)

    monkeypatch.setattr(User, "clean", tussendoor_verhuisd)
    client.force_login(wereld.beheerder)
    response = _wijzigen(client, km, organisatie=leeg.pk, telefoon="0612345678")
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert list(form.errors) == ["regio"]
    assert form.errors["regio"] == [f"UWV Leeg hoort bij arbeidsmarktregio {elders.naam}. Kies die regio, of een "
                                    "organisatie in deze regio."]
    assert form["organisatie"].value() == str(leeg.pk) and form["telefoon"].value() == "0612345678"
    assert User.objects.get(pk=km.pk).organisatie_id == km.organisatie_id


def test_the_password_mail_asks_first_and_goes_to_a_limited_number_at_a_time(client, wereld, monkeypatch,
                                                                            django_capture_on_commit_callbacks):
    """"Select all" and the action mailed every account of the list, thousands in one request, at one click. Now a
    page says how many get the mail before it goes, and more than the limit at a time is refused with the reason."""
    km, am, beheerder = wereld.klantmanager, wereld.accountmanager, wereld.beheerder
    client.force_login(beheerder)
    lijst = reverse("admin:accounts_user_changelist")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(lijst, {"action": "wachtwoord_herstellen", "_selected_action": [km.pk, am.pk]})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Je stuurt 2 personen een mail om zelf een (nieuw) wachtwoord te kiezen." in html
    assert km.email in html and am.email in html and 'name="post" value="yes"' in html
    assert not mail.outbox

    # More than the limit ("select all" on a long list): nothing goes, and she reads why.
    monkeypatch.setattr(gebruikersadmin, "WACHTWOORD_MAILS_PER_KEER", 2)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(lijst, {"action": "wachtwoord_herstellen", "select_across": "1", "index": "0",
                                       "_selected_action": [km.pk], "post": "yes"}, follow=True)
    assert User.objects.count() > 2
    assert "Je koos meer dan 2 personen. De mail om een wachtwoord te kiezen gaat per keer naar hoogstens 2 " \
           "personen" in response.content.decode()
    assert not mail.outbox

    # Confirmed, within the limit: it goes.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(lijst, {"action": "wachtwoord_herstellen", "_selected_action": [km.pk, am.pk],
                                       "post": "yes"})
    assert response.status_code == 302
    assert {adres for m in mail.outbox if "/accounts/password/reset/key/" in m.body for adres in m.to} == {
        km.email, am.email}
