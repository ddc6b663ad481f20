import re
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import Gemeente, Verwerking
from accounts.tests.factories import KlantmanagerFactory, OrganisatieFactory, regio
from klantreis.lib import datums
from werkzoekenden.models import Kandidaat
from werkzoekenden.services import actie_toevoegen, dossier_aanmaken, evaluatiedatum_instellen
from werkzoekenden.tests.factories import KandidaatFactory

pytestmark = pytest.mark.django_db


def test_klantmanager_creates_a_dossier_and_the_werkzoekende_completes_it(client, wereld):
    # A klantmanager in Friesland (the postcode's region): no question about the region.
    wereld.klantmanager.regio = Gemeente.objects.get(naam="Leeuwarden").regio
    wereld.klantmanager.save(update_fields=["regio"])
    client.force_login(wereld.klantmanager)
    response = client.post(reverse("dossier_nieuw"), {"voornaam": "Anja", "achternaam": "Roest", "postcode": "8911aa",
                                                      "uitkering": "ww", "werkfit": "on", "email": "anja@x.nl"})
    kandidaat = Kandidaat.objects.get(achternaam="Roest")
    assert response.url == reverse("dossier", args=[kandidaat.pk])
    assert kandidaat.klantmanager == wereld.klantmanager and kandidaat.gemeente.naam == "Leeuwarden"
    assert kandidaat.postcode == "8911 AA" and kandidaat.toewijzingen.count() == 1
    # Bad postcode: a clear message and nothing lost.
    response = client.post(reverse("dossier_nieuw"), {"voornaam": "Piet", "achternaam": "Zonder", "postcode": "0000",
                                                      "uitkering": "ww"})
    assert response.status_code == 400 and "zoals 1234 AB" in response.content.decode()
    assert 'value="Zonder"' in response.content.decode()


def test_werkzoekende_edits_only_their_own_parts(client, wereld):
    client.force_login(wereld.werkzoekende_user)
    url = reverse("dossier_bewerken", args=[wereld.kandidaat.pk])
    html = client.get(url).content.decode()
    assert 'name="contactvoorkeur"' in html and 'name="uitkering"' not in html and 'name="werkfit"' not in html
    response = client.post(url, {"contactvoorkeur": "app", "soort_contact": "zelfstandig", "max_reisafstand_km": "25",
                                 "gewenste_uren": "32", "uitkering": "geen", "telefoon": wereld.kandidaat.telefoon})
    assert response.status_code == 302
    wereld.kandidaat.refresh_from_db()
    assert wereld.kandidaat.contactvoorkeur == "app" and wereld.kandidaat.soort_contact == "zelfstandig"
    assert wereld.kandidaat.uitkering == "bijstand"  # not changed by the werkzoekende
    client.force_login(wereld.klantmanager)
    assert "Zelfstandig" in client.get(reverse("klantmanager_home")).content.decode()


def test_warme_overdracht_from_uwv_to_gemeente(client, wereld, django_capture_on_commit_callbacks):
    uwv = KlantmanagerFactory(organisatie=OrganisatieFactory(soort="uwv", gemeente=None, naam="UWV Arnhem"))
    gemeente_km = KlantmanagerFactory(voornaam="Gijs", achternaam="Gemeente", regio=regio("AM07"))
    anja = KandidaatFactory(klantmanager=uwv, uitkering="ww", email="anja@x.nl")
    actie_toevoegen(kandidaat=anja, door=uwv, levensdomein="werk", doel="Werk", omschrijving="Cv maken",
                    eigenaar="ik")
    client.force_login(uwv)
    url = reverse("overdracht", args=[anja.pk])
    response = client.post(url, {"naar": gemeente_km.pk, "notitie": ""})
    assert response.status_code == 400 and "overdrachtsnotitie" in response.content.decode().lower()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"naar": gemeente_km.pk, "notitie": "WW eindigt 1 maart; schulden in beeld bij GKB."})
    anja.refresh_from_db()
    assert anja.klantmanager == gemeente_km
    assert any("Gijs Gemeente" in m.body and m.to == ["anja@x.nl"] for m in mail.outbox)
    assert Verwerking.objects.filter(gebruiker=uwv, actie="delen", object_id=str(anja.pk)).exists()
    assert Verwerking.objects.filter(gebruiker=gemeente_km, object_id=str(anja.pk)).exists()
    # The new klantmanager sees the whole dossier with the plan and the note; the old one no longer.
    client.force_login(gemeente_km)
    assert "schulden in beeld bij GKB" in client.get(reverse("dossier", args=[anja.pk])).content.decode()
    assert "Cv maken" in client.get(reverse("plan_van_aanpak", args=[anja.pk])).content.decode()
    client.force_login(uwv)
    assert client.get(reverse("dossier", args=[anja.pk])).status_code == 404


def test_caseload_filters_and_attention(client, wereld):
    gisteren = timezone.localdate() - timedelta(days=1)
    laat = KandidaatFactory(klantmanager=wereld.klantmanager, achternaam="Laatmans", uitkering="ww",
                            laatste_contact_op=timezone.localdate())
    actie = actie_toevoegen(kandidaat=laat, door=wereld.klantmanager, levensdomein="werk", doel="Werk",
                            omschrijving="Bellen", eigenaar="ik")
    type(actie).objects.filter(pk=actie.pk).update(uiterlijk=gisteren)
    KandidaatFactory(klantmanager=wereld.klantmanager, achternaam="Bijstandsma", uitkering="bijstand",
                     laatste_contact_op=timezone.localdate())
    client.force_login(wereld.klantmanager)
    html = client.get(reverse("klantmanager_home"), {"aandacht": "acties"}).content.decode()
    assert "Laatmans" in html and "Bijstandsma" not in html
    html = client.get(reverse("klantmanager_home"), {"uitkering": "bijstand"}).content.decode()
    assert "Bijstandsma" in html and "Laatmans" not in html
    assert client.get(reverse("klantmanager_home"), {"uitkering": "onzin", "sorteer": "x"}).status_code == 200



def test_a_search_that_finds_nobody_does_not_say_the_caseload_is_empty(client, wereld):
    """A name typed wrong, or a filter nobody matches, said "Er staan nog geen kandidaten in je caseload." to a
    klantmanager with a full caseload. Now it says nothing was found and leads back to the whole caseload; a
    caseload that is empty still says so, and a sort alone filters nothing."""
    client.force_login(wereld.klantmanager)
    url = reverse("klantmanager_home")
    for gezocht in ({"q": "zzqqxx"}, {"uitkering": "geen", "aandacht": "acties"}):
        html = client.get(url, gezocht).content.decode()
        assert "Geen kandidaten gevonden met deze zoekopdracht of filters." in html
        assert "nog geen kandidaten in je caseload" not in html and f'href="{url}"' in html
        htmx = client.get(url, gezocht, HTTP_HX_REQUEST="true").content.decode()  # the list alone, as htmx asks it
        assert "Geen kandidaten gevonden" in htmx and "nog geen kandidaten" not in htmx
    client.force_login(KlantmanagerFactory(regio=wereld.klantmanager.regio))
    for leeg in ({}, {"sorteer": "contact"}):
        html = client.get(url, leeg).content.decode()
        assert "Er staan nog geen kandidaten in je caseload." in html and "Geen kandidaten gevonden" not in html

def test_caseload_marks_the_evaluation_that_is_due_and_no_other(client, wereld):
    vandaag = timezone.localdate()
    nu_aan_de_beurt = KandidaatFactory(klantmanager=wereld.klantmanager, achternaam="Evaluatie-vandaag",
                                       laatste_contact_op=vandaag)
    later = KandidaatFactory(klantmanager=wereld.klantmanager, achternaam="Evaluatie-later",
                             laatste_contact_op=vandaag)
    evaluatiedatum_instellen(kandidaat=nu_aan_de_beurt, door=wereld.klantmanager, evaluatiedatum=vandaag)
    evaluatiedatum_instellen(kandidaat=later, door=wereld.klantmanager, evaluatiedatum=vandaag + timedelta(days=9))
    KandidaatFactory(klantmanager=wereld.klantmanager, achternaam="Zonder-plan", laatste_contact_op=vandaag)
    client.force_login(wereld.klantmanager)
    rijen = {}
    for rij in client.get(reverse("klantmanager_home")).content.decode().split("<tr ")[1:]:
        for naam in ("Evaluatie-vandaag", "Evaluatie-later", "Zonder-plan"):
            if naam in rij:
                rijen[naam] = rij
    assert set(rijen) == {"Evaluatie-vandaag", "Evaluatie-later", "Zonder-plan"}
    assert f">evaluatie {datums.kort(vandaag, 'j b')}</span>" in rijen["Evaluatie-vandaag"]
    assert ">evaluatie " not in rijen["Evaluatie-later"] and ">evaluatie " not in rijen["Zonder-plan"]


def test_a_colleague_covers_the_caseload_during_leave(client, wereld):
    collega = KlantmanagerFactory(organisatie=wereld.klantmanager.organisatie, voornaam="Vera", achternaam="Vervang")
    andere_org = KlantmanagerFactory()
    url = reverse("dossier", args=[wereld.kandidaat.pk])
    client.force_login(collega)
    assert client.get(url).status_code == 404
    client.force_login(wereld.klantmanager)
    assert client.post(reverse("waarneming"), {"waarnemer": andere_org.pk}).status_code == 400  # not a colleague
    client.post(reverse("waarneming"), {"waarnemer": collega.pk})
    client.force_login(collega)
    assert client.get(url).status_code == 200
    assert "waarneming voor Karin Klant" in client.get(reverse("klantmanager_home")).content.decode()
    client.force_login(wereld.klantmanager)
    client.post(reverse("waarneming"), {"waarnemer": ""})
    client.force_login(collega)
    assert client.get(url).status_code == 404


def test_a_dossier_outside_the_own_region_asks_first_then_offers_the_overdracht(client, wereld):
    """Before: a postcode in Groningen by a klantmanager in Arnhem made the dossier silently, and the list of
    werkgevers for consent stayed empty for ever."""
    KlantmanagerFactory(voornaam="Greet", achternaam="Groningen", regio=regio("AM01"))  # who could take it over
    client.force_login(wereld.klantmanager)
    gegevens = {"voornaam": "Piet", "achternaam": "Noord", "postcode": "9711 AB", "uitkering": "ww",
                "werkfit": "on", "telefoon": "06 12345678"}
    eerst = client.post(reverse("dossier_nieuw"), gegevens)
    tekst = eerst.content.decode()
    assert eerst.status_code == 400 and "buiten jouw regio" in tekst and "Groningen" in tekst
    assert 'value="Noord"' in tekst  # nothing typed is lost
    assert not Kandidaat.objects.filter(achternaam="Noord").exists()

    daarna = client.post(reverse("dossier_nieuw"), {**gegevens, "buiten_regio_bevestigd": "on"})
    piet = Kandidaat.objects.get(achternaam="Noord")
    assert daarna.status_code == 302 and daarna["Location"] == reverse("overdracht", args=[piet.pk])
    overdracht = client.get(daarna["Location"]).content.decode()
    assert "Greet Groningen" in overdracht  # a klantmanager of that region can receive it


def _bereikbaar(html):
    telefoon = re.search(r"<dt>Telefoon</dt><dd>(.*?)</dd>", html).group(1)
    hoe = re.search(r"<dt>Hoe bereikbaar</dt><dd>(.*?)</dd>", html).group(1)
    return hoe, telefoon


def test_a_new_dossier_is_reached_by_what_it_has(client, wereld):
    """A new dossier without a phone number read "Hoe bereikbaar: Bellen" beside "Telefoon: -" (the model's
    default). Now: with a phone number bellen, with only an e-mail address mailen, with neither it is refused."""
    client.force_login(wereld.klantmanager)
    basis = {"postcode": wereld.kandidaat.postcode, "uitkering": "bijstand", "werkfit": "on", "email": "",
             "telefoon": ""}
    for achternaam, contact, hoe in (("Mail", {"email": "sanne@example.nl"}, "Mailen"),
                                     ("Bel", {"telefoon": "06 12345678"}, "Bellen"),
                                     ("Beide", {"email": "b@example.nl", "telefoon": "06 12345678"}, "Bellen")):
        antwoord = client.post(reverse("dossier_nieuw"), {**basis, "voornaam": "Sanne", "achternaam": achternaam,
                                                          **contact})
        assert antwoord.status_code == 302, achternaam
        assert _bereikbaar(client.get(antwoord.url).content.decode())[0] == hoe, achternaam
    antwoord = client.post(reverse("dossier_nieuw"), {**basis, "voornaam": "Sanne", "achternaam": "Geen"})
    tekst = antwoord.content.decode()
    assert antwoord.status_code == 400 and "Vul een telefoonnummer of een e-mailadres in." in tekst
    assert 'value="Geen"' in tekst
    assert not Kandidaat.objects.filter(achternaam="Geen").exists()
    with pytest.raises(ValidationError):
        dossier_aanmaken(door=wereld.klantmanager, voornaam="Sanne", achternaam="Dienst",
                         postcode=wereld.kandidaat.postcode, uitkering="bijstand")


def test_a_dossier_in_the_own_region_needs_no_confirmation(client, wereld):
    client.force_login(wereld.klantmanager)
    antwoord = client.post(reverse("dossier_nieuw"), {"voornaam": "Ans", "achternaam": "Arnhem",
                                                      "postcode": "6811 AB", "uitkering": "ww",
                                                      "email": "ans@example.nl"})
    assert antwoord.status_code == 302
    assert antwoord["Location"] == reverse("dossier", args=[Kandidaat.objects.get(achternaam="Arnhem").pk])


def test_caseload_counts_the_kandidaten_its_attention_filter_lists(client, wereld):
    KandidaatFactory(klantmanager=wereld.klantmanager, achternaam="Nooitgebeld", laatste_contact_op=None)
    KandidaatFactory(klantmanager=wereld.klantmanager, achternaam="Langgeleden",
                     laatste_contact_op=timezone.localdate() - timedelta(days=40))
    KandidaatFactory(klantmanager=wereld.klantmanager, achternaam="Gisterengebeld",
                     laatste_contact_op=timezone.localdate() - timedelta(days=1))
    client.force_login(wereld.klantmanager)

    html = client.get(reverse("klantmanager_home"), {"aandacht": "contact"}).content.decode()
    assert "Nooitgebeld" in html and "Langgeleden" in html and "Gisterengebeld" not in html
    home = client.get(reverse("klantmanager_home"))
    gebeld = {"Gisterengebeld"}
    # Willem (wereld) has no contact date either: he needs attention too.
    aandacht = [k for k in home.context["blad"].object_list if k.achternaam not in gebeld]
    assert home.context["aantal_aandacht"] == len(aandacht) == 3
    assert "3 kandidaten vragen aandacht" in home.content.decode()
    lijst = client.get(reverse("klantmanager_home"), {"aandacht": "alle"}).context["blad"].object_list
    assert len(lijst) == 3


def test_caseload_sorts_on_the_achternaam_without_tussenvoegsel_and_searches_by_name(client, wereld):
    for achternaam in ["Visser", "de Boer", "van der Aa", "Jansen"]:
        KandidaatFactory(klantmanager=wereld.klantmanager, voornaam="Kim", achternaam=achternaam)
    client.force_login(wereld.klantmanager)

    namen = [k.achternaam for k in client.get(reverse("klantmanager_home")).context["blad"].object_list]
    assert namen == ["van der Aa", "de Boer", "Jansen", "van de Vecht", "Visser"]

    gevonden = client.get(reverse("klantmanager_home"), {"q": "boer"}).context["blad"].object_list
    assert [k.achternaam for k in gevonden] == ["de Boer"]
    gevonden = client.get(reverse("klantmanager_home"), {"q": "willem vecht"}).context["blad"].object_list
    assert [k.achternaam for k in gevonden] == ["van de Vecht"]


@pytest.mark.parametrize("veld, waarde, melding", [
    ("telefoon", "geen idee", "Vul een telefoonnummer in met 10 cijfers"),
    ("telefoon", "123", "Vul een telefoonnummer in met 10 cijfers"),
    ("gewenste_uren", "168", "Vul een aantal uren per week in van 1 tot en met 60."),
    ("gewenste_uren", "0", "Vul een aantal uren per week in van 1 tot en met 60."),
    ("max_reisafstand_km", "99999", "Vul een reisafstand in van 1 tot en met 300 km."),
    # Below zero: Django's own "Zorg ervoor dat deze waarde minstens 0 is." came first, not the field's own words.
    ("max_reisafstand_km", "-5", "Vul een reisafstand in van 1 tot en met 300 km."),
    ("gewenste_uren", "-8", "Vul een aantal uren per week in van 1 tot en met 60."),
])
def test_nonsense_in_the_own_details_is_refused_and_what_was_typed_stays(client, wereld, veld, waarde, melding):
    """'geen idee' as a phone number leaves the klantmanager no way to call; 168 hours a week tells matching nothing."""
    client.force_login(wereld.werkzoekende_user)
    url = reverse("dossier_bewerken", args=[wereld.kandidaat.pk])
    gegevens = {"contactvoorkeur": "app", "soort_contact": "zelfstandig", "samenvatting": "Ik zoek werk in de bouw",
                veld: waarde}
    response = client.post(url, gegevens)
    assert response.status_code == 400
    html = response.content.decode()
    assert melding in html and "Ik zoek werk in de bouw" in html and f'value="{waarde}"' in html
    assert "Zorg ervoor dat" not in html
    wereld.kandidaat.refresh_from_db()
    assert getattr(wereld.kandidaat, veld) != waarde and wereld.kandidaat.samenvatting != "Ik zoek werk in de bouw"


def test_sensible_details_are_saved_and_a_stored_odd_value_does_not_block_other_changes(client, wereld):
    Kandidaat.objects.filter(pk=wereld.kandidaat.pk).update(telefoon="onbekend", gewenste_uren=80)  # an old import
    client.force_login(wereld.werkzoekende_user)
    url = reverse("dossier_bewerken", args=[wereld.kandidaat.pk])
    response = client.post(url, {"contactvoorkeur": "app", "soort_contact": "zelfstandig", "telefoon": "onbekend",
                                 "gewenste_uren": "80", "max_reisafstand_km": "25"})
    assert response.status_code == 302
    for telefoon in ("06 12345678", "026-3123456", "+31 6 1234 5678"):
        response = client.post(url, {"contactvoorkeur": "app", "soort_contact": "zelfstandig", "telefoon": telefoon,
                                     "gewenste_uren": "36", "max_reisafstand_km": "300"})
        assert response.status_code == 302, response.content.decode()
        wereld.kandidaat.refresh_from_db()
        assert wereld.kandidaat.telefoon == telefoon and wereld.kandidaat.gewenste_uren == 36


def test_a_stored_date_outside_the_bounds_does_not_block_saving_something_else(client, wereld):
    """The bounds on dates are for what someone types now: a date from an old import (available since 2001) or one
    typed ahead by mistake before the bounds existed must not make every later save fail."""
    morgen = timezone.localdate() + timedelta(days=1)
    Kandidaat.objects.filter(pk=wereld.kandidaat.pk).update(beschikbaar_per=date(2001, 1, 1),
                                                            laatste_contact_op=morgen)
    client.force_login(wereld.klantmanager)
    url = reverse("dossier_bewerken", args=[wereld.kandidaat.pk])
    formulier = client.get(url).context["form"]
    gegevens = {naam: waarde for naam, waarde in formulier.initial.items() if waarde is not None
                and naam in formulier.fields and not isinstance(waarde, (list, tuple))}
    gegevens.update({"beschikbaar_per": "2001-01-01", "laatste_contact_op": morgen.isoformat(),
                     "telefoon": "06 12345678", "werkfit": "on" if wereld.kandidaat.werkfit else ""})
    response = client.post(url, {k: v for k, v in gegevens.items() if v != ""})
    assert response.status_code == 302, response.content.decode()[:3000]
    wereld.kandidaat.refresh_from_db()
    assert wereld.kandidaat.telefoon == "06 12345678" and wereld.kandidaat.beschikbaar_per == date(2001, 1, 1)
    # Typed now, the same date is refused.
    gegevens["beschikbaar_per"] = "2002-01-01"
    assert client.post(url, {k: v for k, v in gegevens.items() if v != ""}).status_code == 400


def test_one_dossier_and_a_list_of_them_open_for_the_same_people(wereld, django_assert_num_queries):
    """``mag_dossier`` (one kandidaat) and ``dossiers_te_openen`` (a list) are one rule: her own for the
    werkzoekende; for a klantmanager her caseload, a colleague's she covers for (same organisation) and a dossier
    granted to her; nobody else, and nobody inactive. The list costs a klantmanager two queries, anyone else none."""
    from accounts.permissions import geef_objectrecht
    from accounts.services import waarnemer_instellen
    from werkzoekenden.permissions import dossiers_te_openen, mag_dossier

    collega = KlantmanagerFactory(organisatie=wereld.klantmanager.organisatie)
    waarnemer_instellen(gebruiker=collega, waarnemer=wereld.klantmanager)
    # Covering a colleague who moved to another organisation since: no longer hers.
    andere_organisatie = KlantmanagerFactory(organisatie=OrganisatieFactory(), waarnemer=wereld.klantmanager)
    toegekend = KandidaatFactory(klantmanager=wereld.vreemde_klantmanager)
    geef_objectrecht(wereld.klantmanager, "werkzoekenden.waarnemen_kandidaat", toegekend)
    van_collega = KandidaatFactory(klantmanager=collega)
    vreemd = KandidaatFactory(klantmanager=wereld.vreemde_klantmanager)
    kandidaten = [wereld.kandidaat, van_collega, toegekend, KandidaatFactory(klantmanager=andere_organisatie),
                  KandidaatFactory(klantmanager=None), vreemd]
    kandidaten = list(Kandidaat.objects.filter(pk__in=[k.pk for k in kandidaten]).select_related("klantmanager"))
    inactief = KlantmanagerFactory(organisatie=wereld.klantmanager.organisatie, is_active=False)
    verwacht = {wereld.klantmanager: {wereld.kandidaat.pk, van_collega.pk, toegekend.pk},
                wereld.werkzoekende_user: {wereld.kandidaat.pk}, wereld.accountmanager: set(),
                wereld.vreemde_klantmanager: {toegekend.pk, vreemd.pk}, wereld.beheerder: set(), inactief: set()}
    for gebruiker, open_ in verwacht.items():
        gebruiker.refresh_from_db()
        with django_assert_num_queries(2 if gebruiker.rol == "klantmanager" and gebruiker.is_active else 0):
            assert dossiers_te_openen(gebruiker, kandidaten) == open_, gebruiker
        assert {k.pk for k in kandidaten if mag_dossier(gebruiker, k)} == open_, gebruiker


@pytest.mark.parametrize("voorkeur", ["app", "bellen"])
def test_texting_or_calling_as_the_way_to_be_reached_needs_a_phone_number(client, wereld, voorkeur):
    """Willem chose "Appen" and emptied his phone number: saved, his klantmanager read "Hoe bereikbaar: Appen" beside
    "Telefoon: -". Now the form says what is missing and keeps what he chose; mailen needs no number."""
    Kandidaat.objects.filter(pk=wereld.kandidaat.pk).update(telefoon="06 12345678", contactvoorkeur="mail")
    client.force_login(wereld.werkzoekende_user)
    url = reverse("dossier_bewerken", args=[wereld.kandidaat.pk])
    response = client.post(url, {"contactvoorkeur": voorkeur, "soort_contact": "zelfstandig", "telefoon": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Zonder telefoonnummer kan niemand appen of bellen" in html
    assert re.search(rf'value="{voorkeur}"[^>]*checked', html)  # his choice stays
    wereld.kandidaat.refresh_from_db()
    assert (wereld.kandidaat.contactvoorkeur, wereld.kandidaat.telefoon) == ("mail", "06 12345678")
    assert client.post(url, {"contactvoorkeur": "mail", "soort_contact": "zelfstandig", "telefoon": ""}).status_code \
        == 302
    assert client.post(url, {"contactvoorkeur": voorkeur, "soort_contact": "zelfstandig",
                             "telefoon": "06 23456701"}).status_code == 302
    wereld.kandidaat.refresh_from_db()
    assert (wereld.kandidaat.contactvoorkeur, wereld.kandidaat.telefoon) == (voorkeur, "06 23456701")


def test_the_phone_field_says_when_it_is_needed_instead_of_niet_verplicht(client, wereld):
    """It said "Telefoonnummer (niet verplicht)" and then refused to save appen without one."""
    client.force_login(wereld.werkzoekende_user)
    html = client.get(reverse("dossier_bewerken", args=[wereld.kandidaat.pk])).content.decode()
    assert "Nodig als je wilt appen of gebeld worden." in html
    assert "Telefoonnummer <span class=\"wsp-optioneel\">(niet verplicht)" not in html
    assert "Talen <span class=\"wsp-optioneel\">(niet verplicht)" in html  # what is optional still says so
    client.force_login(wereld.klantmanager)
    html = client.get(reverse("dossier_bewerken", args=[wereld.kandidaat.pk])).content.decode()
    assert "Nodig als de werkzoekende wil appen of gebeld worden." in html


def test_the_kinds_of_contact_are_in_dutch_on_the_werkzoekendes_own_pages(client, wereld):
    """"Face-to-face" stood among the choices on the werkzoekende's form and on "Mijn gegevens"."""
    Kandidaat.objects.filter(pk=wereld.kandidaat.pk).update(soort_contact="face_to_face")
    client.force_login(wereld.werkzoekende_user)
    for naam in ("dossier_bewerken", "dossier"):
        url = reverse(naam, args=[wereld.kandidaat.pk])
        html = client.get(url).content.decode()
        assert "Persoonlijk" in html and "Face-to-face" not in html



def test_the_klantmanager_reads_zelfstandig_from_her_side_and_the_werkzoekende_from_hers(client, wereld):
    """The caseload filter, the caseload's rows, the dossier and her edit form said "Zelfstandig (zelf aan de slag,
    met hulp als ik erom vraag)" to the klantmanager: the werkzoekende's "ik" on a staff page."""
    Kandidaat.objects.filter(pk=wereld.kandidaat.pk).update(soort_contact="zelfstandig")
    client.force_login(wereld.klantmanager)
    for url in (reverse("klantmanager_home"), reverse("dossier", args=[wereld.kandidaat.pk]),
                reverse("dossier_bewerken", args=[wereld.kandidaat.pk])):
        html = client.get(url).content.decode()
        assert "Zelfstandig (met hulp als de werkzoekende erom vraagt)" in html, url
        assert "als ik erom vraag" not in html, url
    html = client.get(reverse("klantmanager_home"), {"soort_contact": "zelfstandig"}).content.decode()
    assert "Willem" in html and "1 kandidaat" in html  # the filter still filters
    client.force_login(wereld.werkzoekende_user)
    for naam in ("dossier", "dossier_bewerken"):
        html = client.get(reverse(naam, args=[wereld.kandidaat.pk])).content.decode()
        assert "met hulp als ik erom vraag" in html and "de werkzoekende erom vraagt" not in html

def test_the_wishes_page_speaks_from_the_klantmanagers_side_to_her(client, wereld):
    """Her dossier linked "Werk dat ik zoek en wat ik kan" and that page said "Beroepen die ik zoek", "Wat ik kan"."""
    client.force_login(wereld.klantmanager)
    for naam in ("dossier", "wensen"):
        html = client.get(reverse(naam, args=[wereld.kandidaat.pk])).content.decode()
        assert "Wensen en vaardigheden" in html
        assert "Werk dat ik zoek" not in html and "Beroepen die ik zoek" not in html and "Wat ik kan<" not in html
    assert "Beroep dat de werkzoekende zoekt" in html and "Beroep dat je zoekt" not in html  # the forms too
    client.force_login(wereld.werkzoekende_user)
    html = client.get(reverse("wensen", args=[wereld.kandidaat.pk])).content.decode()
    assert "Werk dat ik zoek en wat ik kan" in html and "Beroepen die ik zoek" in html and "Wensen en" not in html
    assert "Beroep dat je zoekt" in html


def _nieuw_dossier_sleutel(client):
    """The one-time key of a fresh "Nieuw dossier" page, as the browser sends it back."""
    html = client.get(reverse("dossier_nieuw")).content.decode()
    gevonden = re.search(r'name="formuliersleutel" value="([0-9a-f-]{36})"', html)
    return gevonden.group(1) if gevonden else ""


def test_the_new_dossier_form_sent_twice_makes_one_dossier(client, wereld):
    """Found walking the journey: "Dossier aanmaken", then the back button and "Dossier aanmaken" again (or a double
    click that reached the server twice) made two dossiers of the same werkzoekende in the caseload, each with its
    own plan, and the invitation to the portal went with only one. The second sending now opens the first dossier."""
    client.force_login(wereld.klantmanager)
    gegevens = {"voornaam": "Dubbel", "achternaam": "Klik", "postcode": "6822ab", "uitkering": "bijstand",
                "werkfit": "on", "email": "dubbel.klik@example.nl", "formuliersleutel": _nieuw_dossier_sleutel(client)}
    eerst = client.post(reverse("dossier_nieuw"), gegevens)
    tweede = client.post(reverse("dossier_nieuw"), gegevens)
    kandidaat = Kandidaat.objects.get(achternaam="Klik")  # one, not two
    assert eerst.url == tweede.url == reverse("dossier", args=[kandidaat.pk])
    assert kandidaat.toewijzingen.count() == 1
    # Another person with the same name (another e-mail address), on the page sent back, is another dossier.
    assert client.post(reverse("dossier_nieuw"), {**gegevens, "email": "andere.klik@example.nl"}).status_code == 302
    assert Kandidaat.objects.filter(achternaam="Klik").count() == 2


def test_two_people_with_the_same_details_made_one_after_the_other_are_two_dossiers(client, wereld):
    """Review of the double-click fix: it took a second dossier with the same name, postcode, phone number,
    uitkering and werkfit within 5 minutes for the first sent again, and opened that one with "Het dossier is
    aangemaakt.". Jan de Vries and his son Jan, at one address with one landline and no e-mail, both in the
    bijstand, were one dossier, and the klantmanager did not know. A new visit to the form is a new dossier."""
    client.force_login(wereld.klantmanager)
    gegevens = {"voornaam": "Jan", "achternaam": "de Vries", "postcode": "6822 AB", "uitkering": "bijstand",
                "werkfit": "on", "telefoon": "026-1234567"}
    vader = client.post(reverse("dossier_nieuw"), {**gegevens, "formuliersleutel": _nieuw_dossier_sleutel(client)})
    zoon = client.post(reverse("dossier_nieuw"), {**gegevens, "formuliersleutel": _nieuw_dossier_sleutel(client)})
    assert Kandidaat.objects.filter(voornaam="Jan", achternaam="de Vries").count() == 2
    assert vader.url != zoon.url
