import re
from datetime import datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.permissions import geef_objectrecht
from beroepen.models import Vaardigheid
from beroepen.tests.factories import BeroepFactory
from klantreis.lib import datums
from meldingen.models import Melding
from taken.models import Taak
from werkzoekenden.models import Actie, PlanVanAanpak, PlanWijziging, Toestemming
from werkzoekenden.services import (
    actie_toevoegen,
    actie_wijzigen,
    dossier_afsluiten,
    dossier_heropenen,
    evaluatiedatum_instellen,
    plan_van,
    toestemming_verlenen,
)

pytestmark = pytest.mark.django_db


def _actie(wereld, **extra):
    velden = {"levensdomein": "financien", "doel": "Overzicht over mijn schulden",
              "omschrijving": "Brieven van schuldeisers verzamelen", "eigenaar": "ik"}
    velden.update(extra)
    return actie_toevoegen(kandidaat=wereld.kandidaat, door=wereld.werkzoekende_user, **velden)


def _post(actie, **wijziging):
    data = {"levensdomein": actie.levensdomein, "doel": actie.doel, "omschrijving": actie.omschrijving,
            "eigenaar": actie.eigenaar, "derde_partij": actie.derde_partij, "uiterlijk": "", "status": actie.status,
            "notitie": actie.notitie, "versie": actie.versie}
    data.update(wijziging)
    return data


def test_two_people_saving_at_once_never_lose_an_edit(client, wereld):
    actie = _actie(wereld)
    url = reverse("actie_bewerken", args=[actie.pk])
    # Willem and his klantmanager both open the form (version 1) ...
    client.force_login(wereld.klantmanager)
    assert client.post(url, _post(actie, notitie="Afspraak bij schuldhulp op dinsdag")).status_code == 302
    # ... Willem saves second, from the version he opened: refused, with his text back and the new version shown.
    client.force_login(wereld.werkzoekende_user)
    response = client.post(url, _post(actie, notitie="Ik heb alle brieven in een map gedaan", status="klaar"))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Iemand anders heeft deze actie net gewijzigd. Je tekst staat hieronder nog" in html  # not "Uw tekst"
    assert "Ik heb alle brieven in een map gedaan" in html  # his text is still in the form
    assert "Afspraak bij schuldhulp op dinsdag" in html  # and he sees what was saved
    actie.refresh_from_db()
    assert actie.notitie == "Afspraak bij schuldhulp op dinsdag" and actie.versie == 2
    # Saving again from the form (now carrying version 2) works and keeps history of both.
    response = client.post(url, _post(actie, notitie="Ik heb alle brieven in een map gedaan", status="klaar"))
    assert response.status_code == 302
    actie.refresh_from_db()
    assert actie.status == "klaar" and actie.versie == 3
    assert PlanWijziging.objects.filter(actie=actie).count() == 3  # added, changed, changed


def test_the_werkzoekende_adds_and_finishes_their_own_actions(client, wereld):
    client.force_login(wereld.werkzoekende_user)
    response = client.post(reverse("actie_nieuw", args=[wereld.kandidaat.pk]), {
        "levensdomein": "kinderopvang", "doel": "Opvang voor mijn zoon", "omschrijving": "Aanmelden bij de BSO",
        "eigenaar": "ik", "status": "open", "uiterlijk": (timezone.localdate() + timedelta(days=7)).isoformat()})
    assert response.status_code == 302
    _actie(wereld, eigenaar="derde", derde_partij="Schuldhulpverlening Arnhem", omschrijving="Budgetplan maken")
    html = client.get(reverse("werkzoekende_home")).content.decode()
    zelf, anderen = html.split("Wat regelen anderen voor mij?")
    assert "Aanmelden bij de BSO" in zelf and "Budgetplan maken" not in zelf
    assert "Budgetplan maken" in anderen and "Schuldhulpverlening Arnhem" in anderen


@pytest.mark.parametrize("veld,waarde,melding", [
    ("uiterlijk", "2001-01-01", "al voorbij"),
    ("uiterlijk", "2099-01-01", "meer dan vijf jaar"),
    ("uiterlijk", "31-02-2027", "geldige datum"),
    ("derde_partij", "", "Welke organisatie"),
])
def test_a_due_date_or_owner_that_makes_no_sense_gets_a_clear_message(client, wereld, veld, waarde, melding):
    client.force_login(wereld.werkzoekende_user)
    data = {"levensdomein": "werk", "doel": "Werk", "omschrijving": "Solliciteren bij de bakker",
            "eigenaar": "derde", "derde_partij": "UWV", "status": "open", veld: waarde}
    response = client.post(reverse("actie_nieuw", args=[wereld.kandidaat.pk]), data)
    assert response.status_code == 400
    assert melding in response.content.decode() and "Solliciteren bij de bakker" in response.content.decode()
    assert not Actie.objects.exists()


def test_someone_elses_plan_is_404(client, wereld):
    actie = _actie(wereld)
    client.force_login(wereld.vreemde_klantmanager)
    assert client.get(reverse("plan_van_aanpak", args=[wereld.kandidaat.pk])).status_code == 404
    assert client.get(reverse("actie_bewerken", args=[actie.pk])).status_code == 404


def test_a_covering_colleague_with_a_grant_sees_the_plan(client, wereld):
    client.force_login(wereld.vreemde_klantmanager)
    url = reverse("plan_van_aanpak", args=[wereld.kandidaat.pk])
    assert client.get(url).status_code == 404
    geef_objectrecht(wereld.vreemde_klantmanager, "werkzoekenden.waarnemen_kandidaat", wereld.kandidaat)
    assert client.get(url).status_code == 200


def test_plan_page_query_count_does_not_grow(client, wereld):
    client.force_login(wereld.klantmanager)
    url = reverse("plan_van_aanpak", args=[wereld.kandidaat.pk])
    _actie(wereld)
    with CaptureQueriesContext(connection) as klein:
        client.get(url)
    for i in range(20):
        _actie(wereld, omschrijving=f"Stap {i}")
    with CaptureQueriesContext(connection) as groot:
        client.get(url)
    assert len(groot.captured_queries) == len(klein.captured_queries)


def test_one_click_done_never_overwrites_a_newer_edit(client, wereld):
    actie = _actie(wereld)
    client.force_login(wereld.werkzoekende_user)
    url = reverse("actie_klaar", args=[actie.pk])
    # The klantmanager changed it after the page was loaded (version 1 -> 2): the click is refused.
    actie_wijzigen(actie=actie, door=wereld.klantmanager, versie=1, notitie="Eerst bellen met GKB")
    response = client.post(url, {"versie": 1})
    assert response.url == reverse("actie_bewerken", args=[actie.pk])
    actie.refresh_from_db()
    assert actie.status == "open" and actie.notitie == "Eerst bellen met GKB"
    client.post(url, {"versie": actie.versie})
    actie.refresh_from_db()
    assert actie.status == "klaar"



def test_klaar_clicked_twice_says_it_is_done_not_that_someone_else_changed_it(client, wereld):
    """A double click on "Klaar", or the back button and "Klaar" again: the second click carried the old version and
    read "Iemand anders heeft deze actie net gewijzigd. Je tekst staat hieronder nog" on the edit form: untrue (it
    was herself, and she typed nothing). Now it says the action is already done, back on the plan."""
    actie = _actie(wereld, eigenaar="contactpersoon")
    client.force_login(wereld.klantmanager)
    url = reverse("actie_klaar", args=[actie.pk])
    assert client.post(url, {"versie": actie.versie}).url == reverse("plan_van_aanpak", args=[wereld.kandidaat.pk])
    tweede = client.post(url, {"versie": actie.versie}, follow=True)
    html = tweede.content.decode()
    assert tweede.redirect_chain[0][0] == reverse("plan_van_aanpak", args=[wereld.kandidaat.pk])
    assert "Deze actie staat al op klaar." in html and "Iemand anders" not in html
    actie.refresh_from_db()
    assert actie.status == "klaar" and actie.versie == 2  # the second click changed nothing
    assert PlanWijziging.objects.filter(actie=actie).count() == 2  # added, done

def test_cv_from_profile(client, wereld):
    wereld.kandidaat.werkervaring = "Productiemedewerker zuivel (6 jaar)\nMagazijn, uitzendwerk"
    wereld.kandidaat.save()
    wereld.kandidaat.gewenste_beroepen.add(BeroepFactory(naam="bakkerijmedewerker"))
    client.force_login(wereld.werkzoekende_user)
    html = client.get(reverse("cv_profiel", args=[wereld.kandidaat.pk])).content.decode()
    assert "Productiemedewerker zuivel (6 jaar)" in html and "bakkerijmedewerker" in html


def test_wishes_occupation_and_skills(client, wereld):
    BeroepFactory(naam="bakkerijmedewerker", met_vaardigheden=["deeg kneden", "hygiëneregels volgen"])
    client.force_login(wereld.werkzoekende_user)
    url = reverse("wensen", args=[wereld.kandidaat.pk])
    response = client.post(url, {"actie": "beroep", "beroep": "bakker in de maan"})
    assert response.status_code == 400 and "Dit beroep kennen we niet" in response.content.decode()
    assert client.post(url, {"actie": "beroep", "beroep": "Bakkerijmedewerker"}).status_code == 302
    html = client.get(url).content.decode()
    assert "deeg kneden" in html
    deeg = Vaardigheid.objects.get(naam="deeg kneden")
    client.post(url, {"actie": "vaardigheden", "vaardigheden": [str(deeg.pk)]})
    assert list(wereld.kandidaat.vaardigheden.values_list("naam", flat=True)) == ["deeg kneden"]
    assert client.post(url, {"actie": "verwijder", "beroep": "geen-getal"}).status_code == 302


def test_mijn_plan_is_in_the_werkzoekende_menu_and_opens_the_own_plan(client, wereld):
    client.force_login(wereld.werkzoekende_user)
    home = client.get(reverse("werkzoekende_home")).content.decode()
    nav = home.split('aria-label="Hoofdmenu"')[1].split("</nav>")[0]
    assert f'href="{reverse("mijn_plan")}"' in nav and "Mijn plan" in nav
    plan = client.get(reverse("mijn_plan"))
    assert plan.status_code == 200
    assert 'aria-current="page">Mijn plan' in plan.content.decode()


def test_the_plan_shows_its_latest_20_changes_newest_first_with_who_made_them(client, wereld):
    client.force_login(wereld.werkzoekende_user)
    assert "<li>Nog niets.</li>" in client.get(reverse("mijn_plan")).content.decode()
    plan = plan_van(wereld.kandidaat)
    nu = timezone.now()
    for i in range(25):
        PlanWijziging.objects.create(plan=plan, omschrijving=f"wijziging {i:02d}", door=wereld.klantmanager,
                                     tijdstip=nu - timedelta(minutes=25 - i))
    PlanWijziging.objects.create(plan=plan, omschrijving="zonder persoon", door=None, tijdstip=nu)
    for url, gebruiker in ((reverse("mijn_plan"), wereld.werkzoekende_user),
                           (reverse("plan_van_aanpak", args=[wereld.kandidaat.pk]), wereld.klantmanager)):
        client.force_login(gebruiker)
        html = client.get(url).content.decode()
        getoond = [regel.split("</time> ")[1].split("</li>")[0] for regel in html.split('<time datetime="')[1:]]
        assert getoond[0] == "zonder persoon"
        assert getoond[1:] == [f"wijziging {i:02d} (Karin Klant)" for i in range(24, 5, -1)], getoond


def test_a_kandidaat_without_a_plan_gets_one_on_the_first_visit_and_sees_its_actions_after(client, wereld):
    PlanVanAanpak.objects.filter(kandidaat=wereld.kandidaat).delete()
    client.force_login(wereld.werkzoekende_user)
    html = client.get(reverse("mijn_plan")).content.decode()
    assert PlanVanAanpak.objects.filter(kandidaat=wereld.kandidaat).count() == 1
    assert html.count("<p class=\"utrecht-paragraph\">Niets.</p>") == 3
    _actie(wereld, omschrijving="Cv naar de bibliotheek brengen")
    html = client.get(reverse("mijn_plan")).content.decode()
    assert "Cv naar de bibliotheek brengen" in html
    assert PlanVanAanpak.objects.filter(kandidaat=wereld.kandidaat).count() == 1


def test_an_evaluatiedatum_is_bounded_like_an_action_and_the_history_names_the_date(client, wereld):
    client.force_login(wereld.klantmanager)
    url = reverse("evaluatie_instellen", args=[wereld.kandidaat.pk])
    response = client.post(url, {"evaluatiedatum": "9999-12-31"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Deze datum ligt meer dan vijf jaar vooruit. Klopt het jaartal?" in html
    assert 'value="9999-12-31"' in html
    assert plan_van(wereld.kandidaat).evaluatiedatum is None
    # The action form says the same of the same date.
    response = client.post(reverse("actie_nieuw", args=[wereld.kandidaat.pk]), {
        "levensdomein": "financien", "doel": "Overzicht", "omschrijving": "Brieven verzamelen", "eigenaar": "ik",
        "uiterlijk": "9999-12-31", "status": "open"})
    assert "Deze datum ligt meer dan vijf jaar vooruit. Klopt het jaartal?" in response.content.decode()

    over_een_maand = timezone.localdate() + timedelta(days=30)
    response = client.post(url, {"evaluatiedatum": over_een_maand.isoformat()})
    assert response.status_code == 302
    wijziging = PlanWijziging.objects.filter(plan__kandidaat=wereld.kandidaat).latest("pk")
    assert wijziging.omschrijving.startswith("Evaluatiedatum gewijzigd naar ")
    assert f"{over_een_maand.day} " in wijziging.omschrijving and str(over_een_maand.year) in wijziging.omschrijving


def test_the_klantmanagers_action_form_speaks_from_her_side(client, wereld):
    """On the klantmanager's form "Ik" meant the werkzoekende: her own step landed under "Wat de werkzoekende zelf
    doet". Now the choices say who, nothing is chosen for her, and the note says the werkzoekende reads it."""
    client.force_login(wereld.klantmanager)
    url = reverse("actie_nieuw", args=[wereld.kandidaat.pk])
    html = client.get(url).content.decode()
    assert "De werkzoekende" in html and "Ik (klantmanager)" in html and "Mijn contactpersoon" not in html
    assert "Doel van de werkzoekende" in html and "Wat wil je bereiken?" not in html
    assert "De werkzoekende ziet deze notitie ook" in html
    assert "checked" not in html.split('name="eigenaar"')[1].split(">")[0]  # nothing pre-selected
    assert client.post(url, {"levensdomein": "werk", "doel": "Werk als schilder", "status": "open",
                             "omschrijving": "Oriëntatiegesprek bij schildersbedrijf regelen",
                             "eigenaar": "contactpersoon"}).status_code == 302
    actie = Actie.objects.get()
    assert actie.eigenaar == Actie.Eigenaar.CONTACTPERSOON
    plan = client.get(reverse("plan_van_aanpak", args=[wereld.kandidaat.pk])).content.decode()
    assert "Oriëntatiegesprek" in plan.split("Wat de klantmanager regelt")[1]
    bewerken = client.get(reverse("actie_bewerken", args=[actie.pk])).content.decode()
    assert "Ik (klantmanager)" in bewerken and "Doel van de werkzoekende" in bewerken
    # The werkzoekende's own form keeps her words.
    client.force_login(wereld.werkzoekende_user)
    eigen = client.get(url).content.decode()
    assert "Mijn contactpersoon" in eigen and "Wat wil je bereiken?" in eigen and "Ik (klantmanager)" not in eigen


@pytest.mark.parametrize("rol", ["werkzoekende_user", "klantmanager"])
def test_who_does_it_has_no_blank_radio_button(client, wereld, rol):
    """"Wie doet het" showed a radio button "---------" on the werkzoekende's form: the form's blank choice."""
    client.force_login(getattr(wereld, rol))
    html = client.get(reverse("actie_nieuw", args=[wereld.kandidaat.pk])).content.decode()
    radios = re.findall(r'<input type="radio" name="eigenaar" value="([^"]*)"', html)
    assert radios == ["ik", "contactpersoon", "derde"], radios
    assert "---------" not in html.split('name="eigenaar"', 1)[1].split("</fieldset>")[0]


def test_the_history_of_the_plan_says_what_changed_in_the_words_of_the_form(wereld):
    """The werkzoekende reads the history in her download (Mijn gegevens): the words she sees on the form and dates
    in words, not field names and stored codes ("eigenaar: derde; uiterlijk: 2026-12-18")."""
    uiterlijk = timezone.localdate() + timedelta(days=10)
    actie = actie_toevoegen(kandidaat=wereld.kandidaat, door=wereld.klantmanager, levensdomein="financien",
                            doel="Rust in mijn geldzaken", omschrijving="Intake bij schuldhulp plannen",
                            eigenaar="derde", derde_partij="Schuldhulpverlening Arnhem", uiterlijk=uiterlijk,
                            status="open", notitie="")
    actie_wijzigen(actie=actie, door=wereld.werkzoekende_user, versie=1, status="klaar")
    evaluatiedatum_instellen(kandidaat=wereld.kandidaat, door=wereld.klantmanager, evaluatiedatum=uiterlijk)
    toegevoegd, gewijzigd, evaluatie = PlanWijziging.objects.filter(plan__kandidaat=wereld.kandidaat).order_by("pk")

    assert toegevoegd.na == (
        f"Onderwerp: Geld en schulden; Doel: Rust in mijn geldzaken; Wat moet er gebeuren: Intake bij schuldhulp "
        f"plannen; Wie doet het: Een andere organisatie; Welke organisatie: Schuldhulpverlening Arnhem; "
        f"Klaar op: {datums.datum(uiterlijk)}; Status: Nog te doen")
    assert gewijzigd.voor == toegevoegd.na and gewijzigd.na.endswith("; Status: Klaar")
    assert (evaluatie.voor, evaluatie.na) == ("", datums.datum(uiterlijk))


def test_the_klantmanager_sees_which_organisation_of_the_plan_has_no_consent_yet(client, wereld):
    """A plan action for schuldhulp means passing her story on: the klantmanager sees on the plan that Willem gave no
    consent for that organisation yet, with a link that records it; the consent (any case or spacing) ends the note."""
    actie_toevoegen(kandidaat=wereld.kandidaat, door=wereld.klantmanager, levensdomein="financien",
                    doel="Rust in mijn geldzaken", omschrijving="Intake bij schuldhulp", eigenaar="derde",
                    derde_partij="Schuldhulpverlening Arnhem", status="open", notitie="")
    actie_toevoegen(kandidaat=wereld.kandidaat, door=wereld.klantmanager, levensdomein="zorg", doel="Hulp thuis",
                    omschrijving="Melding WMO", eigenaar="derde", derde_partij="WMO-loket", status="klaar", notitie="")
    url = reverse("plan_van_aanpak", args=[wereld.kandidaat.pk])
    client.force_login(wereld.klantmanager)

    html = client.get(url).content.decode()
    notitie = html.split('id="derden-zonder-toestemming"', 1)[1].split("</div>", 1)[0]
    assert "Nog geen toestemming van Willem om gegevens te delen met:" in notitie
    assert "Schuldhulpverlening Arnhem" in notitie and "WMO-loket" not in notitie  # a finished action asks nothing
    assert (reverse("toestemmingen", args=[wereld.kandidaat.pk])
            + "?doel=derde&amp;derde_partij=Schuldhulpverlening%20Arnhem") in notitie
    formulier = client.get(reverse("toestemmingen", args=[wereld.kandidaat.pk]),
                           {"doel": "derde", "derde_partij": "Schuldhulpverlening Arnhem"}).content.decode()
    assert 'value="Schuldhulpverlening Arnhem"' in formulier  # the link fills in the organisation

    client.force_login(wereld.werkzoekende_user)
    html = client.get(url).content.decode()
    assert "derden-zonder-toestemming" not in html
    assert "We geven je gegevens alleen aan deze organisaties als jij dat goed vindt." in html

    toestemming_verlenen(kandidaat=wereld.kandidaat, doel=Toestemming.Doel.DELEN_MET_DERDE, door=wereld.klantmanager,
                         derde_partij="schuldhulpverlening  arnhem", wijze=Toestemming.Wijze.GESPREK,
                         gegeven_op=timezone.localdate())
    client.force_login(wereld.klantmanager)
    assert "derden-zonder-toestemming" not in client.get(url).content.decode()


def test_the_werkzoekende_sees_which_of_her_actions_is_past_its_day(client, wereld):
    """"Klaar op 1 december" of an open action said nothing when that day had passed, and a finished action read
    "Klaar · klaar op 18 december": her plan and her home page now say when a day is over, and a done action shows
    no day still to come."""
    vandaag = timezone.localdate()
    laat = _actie(wereld, omschrijving="Brieven van schuldeisers verzamelen", uiterlijk=vandaag + timedelta(days=1))
    Actie.objects.filter(pk=laat.pk).update(uiterlijk=vandaag - timedelta(days=3))  # three days ago
    op_tijd = _actie(wereld, omschrijving="Aanmelden bij de BSO", uiterlijk=vandaag + timedelta(days=5))
    klaar = _actie(wereld, omschrijving="Kinderopvangtoeslag aanvragen", uiterlijk=vandaag + timedelta(days=9),
                   status="klaar")
    client.force_login(wereld.werkzoekende_user)

    plan = client.get(reverse("mijn_plan")).content.decode()
    per_actie = {a.omschrijving: plan.split(f"<strong>{a.omschrijving}</strong>", 1)[1].split("</li>", 1)[0]
                 for a in (laat, op_tijd, klaar)}
    assert "De datum is voorbij" in per_actie[laat.omschrijving]
    assert "De datum is voorbij" not in per_actie[op_tijd.omschrijving]
    assert "klaar op" not in per_actie[klaar.omschrijving]
    home = client.get(reverse("werkzoekende_home")).content.decode()
    regel = home.split(laat.omschrijving, 1)[1].split("</li>", 1)[0]
    assert "De datum is voorbij" in regel
    assert home.count("De datum is voorbij") == 1


def test_the_form_sent_twice_adds_the_action_once(client, wereld):
    """A double tap on "Toevoegen", or the back button and "Toevoegen" again: one action in the plan, not two."""
    client.force_login(wereld.werkzoekende_user)
    data = {"levensdomein": "werk", "doel": "Een baan in een magazijn",
            "omschrijving": "Drie keer per week solliciteren", "eigenaar": "ik", "status": "open",
            "uiterlijk": (timezone.localdate() + timedelta(days=7)).isoformat()}
    url = reverse("actie_nieuw", args=[wereld.kandidaat.pk])
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert Actie.objects.filter(omschrijving="Drie keer per week solliciteren").count() == 1
    assert PlanWijziging.objects.filter(omschrijving__startswith="Actie toegevoegd").count() == 1
    # Another action, or the same one added again on purpose by the klantmanager, is a new action.
    assert client.post(url, {**data, "omschrijving": "Een cv maken"}).status_code == 302
    client.force_login(wereld.klantmanager)
    assert client.post(url, {**data, "eigenaar": "ik"}).status_code == 302
    assert Actie.objects.count() == 3


def test_an_action_with_a_due_date_can_be_added_on_29_february(client, wereld):
    """Five years after a 29 February has no 29 February: the check of the due date once raised there (a 500)."""
    data = {"levensdomein": "werk", "doel": "Werk", "omschrijving": "Solliciteren bij de bakker", "eigenaar": "ik",
            "status": "open", "uiterlijk": "2028-03-07"}
    with time_machine.travel(datetime(2028, 2, 29, 12, tzinfo=timezone.get_current_timezone()), tick=False):
        client.force_login(wereld.werkzoekende_user)  # in 2028: a session of today has expired by then
        response = client.post(reverse("actie_nieuw", args=[wereld.kandidaat.pk]), data)
        assert response.status_code == 302 and response.url == reverse("plan_van_aanpak", args=[wereld.kandidaat.pk])
        response = client.post(reverse("actie_nieuw", args=[wereld.kandidaat.pk]),
                               {**data, "omschrijving": "Te ver", "uiterlijk": "2033-03-01"})
    assert response.status_code == 400 and "meer dan vijf jaar" in response.content.decode()
    assert list(Actie.objects.values_list("omschrijving", flat=True)) == ["Solliciteren bij de bakker"]


def test_the_klantmanagers_plan_page_names_her_part_from_her_side(client, wereld):
    """Her form says "Ik (klantmanager)"; the plan's heading for those actions said "Wat de contactpersoon regelt"."""
    _actie(wereld, eigenaar="contactpersoon", omschrijving="Aanmelden bij schuldhulp")
    client.force_login(wereld.klantmanager)
    html = client.get(reverse("plan_van_aanpak", args=[wereld.kandidaat.pk])).content.decode()
    assert "Wat de klantmanager regelt" in html and "Wat de contactpersoon regelt" not in html
    # Hers in her own words, as "Wat ik zelf doe" beside it and "Mijn contactpersoon" on her form (it said "Wat de
    # contactpersoon regelt", as of someone else's).
    client.force_login(wereld.werkzoekende_user)
    eigen = client.get(reverse("mijn_plan")).content.decode()
    assert "Wat mijn contactpersoon regelt" in eigen and "Wat de contactpersoon regelt" not in eigen


def test_the_edit_form_sent_twice_is_saved_and_an_own_earlier_save_is_not_someone_elses(client, wereld):
    """"Opslaan" clicked twice, or the back button and "Opslaan" again: the second form carried the old version and
    read "Iemand anders heeft deze actie net gewijzigd", with the action "opgeslagen door iemand anders": untrue,
    she saved it herself. The same form again is simply saved; a different text after her own save says so."""
    actie = _actie(wereld, eigenaar="contactpersoon")
    client.force_login(wereld.klantmanager)
    url = reverse("actie_bewerken", args=[actie.pk])
    gegevens = _post(actie, notitie="Eerst bellen met de GKB")
    assert client.post(url, gegevens).status_code == 302
    tweede = client.post(url, gegevens, follow=True)
    assert tweede.redirect_chain[0][0] == reverse("plan_van_aanpak", args=[wereld.kandidaat.pk])
    assert "Iemand anders" not in tweede.content.decode()
    actie.refresh_from_db()
    assert actie.versie == 2 and PlanWijziging.objects.filter(actie=actie).count() == 2  # added, changed once

    anders = client.post(url, _post(actie, versie=1, notitie="Eerst de brieven sorteren"))
    html = anders.content.decode()
    assert anders.status_code == 400 and "Je hebt deze actie intussen zelf al opgeslagen" in html
    assert "door jou opgeslagen" in html and "Iemand anders" not in html and "Eerst de brieven sorteren" in html
    # Saved by the werkzoekende in between: that is someone else, as before.
    actie_wijzigen(actie=actie, door=wereld.werkzoekende_user, versie=2, notitie="Ik bel zelf")
    html = client.post(url, _post(actie, versie=2, notitie="Eerst de brieven sorteren")).content.decode()
    assert "Iemand anders heeft deze actie net gewijzigd" in html and "opgeslagen door iemand anders" in html


def test_the_plan_of_a_closed_dossier_stands_still(client, wereld):
    """Found walking the journey: with her dossier closed, the werkzoekende could still add an action for her
    contactpersoon, which gave the klantmanager a task for a dossier nobody works in; "Klaar" and the evaluation date
    still moved too. Now the plan says it stands still, offers nothing to change, and the services refuse."""
    actie = _actie(wereld)
    dossier_afsluiten(kandidaat=wereld.kandidaat, door=wereld.klantmanager, reden="werk")
    taken = Taak.objects.count()
    for wie in (wereld.werkzoekende_user, wereld.klantmanager):
        client.force_login(wie)
        html = client.get(reverse("plan_van_aanpak", args=[wereld.kandidaat.pk])).content.decode()
        assert "plan staat stil" in html and "Brieven van schuldeisers verzamelen" in html  # kept, to read
        assert reverse("actie_nieuw", args=[wereld.kandidaat.pk]) not in html
        assert reverse("actie_bewerken", args=[actie.pk]) not in html
        assert reverse("actie_klaar", args=[actie.pk]) not in html
        assert reverse("evaluatie_instellen", args=[wereld.kandidaat.pk]) not in html
        # pages opened before the closing
        assert client.get(reverse("actie_nieuw", args=[wereld.kandidaat.pk])).status_code == 302
        response = client.post(reverse("actie_nieuw", args=[wereld.kandidaat.pk]), {
            "levensdomein": "werk", "doel": "Werk", "omschrijving": "Help me met mijn cv", "eigenaar": "contactpersoon",
            "status": "open", "uiterlijk": ""})
        assert response.status_code in (200, 302)
        response = client.post(reverse("actie_klaar", args=[actie.pk]), {"versie": actie.versie}, follow=True)
        assert response.status_code == 200 and "plan staat stil" in response.content.decode()
    actie.refresh_from_db()
    assert actie.status != Actie.Status.KLAAR and Taak.objects.count() == taken
    assert not Actie.objects.filter(omschrijving="Help me met mijn cv").exists()
    with pytest.raises(ValidationError):
        evaluatiedatum_instellen(kandidaat=wereld.kandidaat, door=wereld.klantmanager,
                                 evaluatiedatum=timezone.localdate())
    # open again, it moves on
    dossier_heropenen(kandidaat=wereld.kandidaat, door=wereld.klantmanager)
    actie_wijzigen(actie=actie, door=wereld.klantmanager, versie=actie.versie, status=Actie.Status.KLAAR)


def test_her_home_page_asks_nothing_of_the_plan_of_a_closed_dossier(client, wereld):
    """Her home page said the dossier is closed ("We begeleiden je niet meer naar werk") and, below it, under "Wat moet
    ik zelf doen?", still listed the open actions of the plan that stands still, each day later with "De datum is
    voorbij", and under "Wat regelen anderen voor mij?" what her contactpersoon no longer does."""
    zelf = _actie(wereld, uiterlijk=timezone.localdate() + timedelta(days=1))
    _actie(wereld, omschrijving="Afspraak bij de schuldhulp maken", eigenaar="contactpersoon")
    Actie.objects.filter(pk=zelf.pk).update(uiterlijk=timezone.localdate() - timedelta(days=3))
    dossier_afsluiten(kandidaat=wereld.kandidaat, door=wereld.klantmanager, reden="werk")
    client.force_login(wereld.werkzoekende_user)
    html = client.get(reverse("werkzoekende_home")).content.decode()
    assert "Je dossier is gesloten" in html
    assert "Brieven van schuldeisers verzamelen" not in html and "De datum is voorbij" not in html
    assert "Afspraak bij de schuldhulp maken" not in html
    dossier_heropenen(kandidaat=wereld.kandidaat, door=wereld.klantmanager)
    html = client.get(reverse("werkzoekende_home")).content.decode()
    assert "Brieven van schuldeisers verzamelen" in html and "De datum is voorbij" in html
    assert "Afspraak bij de schuldhulp maken" in html


def test_saving_an_action_unchanged_is_no_change_for_the_other_side(client, wereld, django_capture_on_commit_callbacks):
    """Found walking the journey: Willem opened "Bijwerken" on his action and pressed "Opslaan" without changing a
    thing. "Wat er veranderde" got a line "Actie gewijzigd" (its before and after the same), the version moved on and
    his klantmanager had a melding "Willem heeft een actie gewijzigd" for nothing. Now nothing happens."""
    actie = _actie(wereld)
    client.force_login(wereld.werkzoekende_user)
    url = reverse("actie_bewerken", args=[actie.pk])
    wijzigingen = PlanWijziging.objects.count()
    meldingen = Melding.objects.filter(ontvanger=wereld.klantmanager).count()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, _post(actie), follow=True)
    assert response.redirect_chain[0][0] == reverse("plan_van_aanpak", args=[wereld.kandidaat.pk])
    actie.refresh_from_db()
    assert actie.versie == 1 and PlanWijziging.objects.count() == wijzigingen
    assert Melding.objects.filter(ontvanger=wereld.klantmanager).count() == meldingen
    # A real change still goes through, and the klantmanager hears of it.
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, _post(actie, notitie="Map gekocht")).status_code == 302
    actie.refresh_from_db()
    assert actie.versie == 2 and PlanWijziging.objects.count() == wijzigingen + 1
    assert Melding.objects.filter(ontvanger=wereld.klantmanager).count() == meldingen + 1


def test_saving_the_same_evaluatiedatum_again_adds_no_line_to_the_history(client, wereld):
    """"Evaluatiedatum opslaan" clicked twice (or again without a change, or empty while none was set) wrote
    "Evaluatiedatum gewijzigd naar 15 januari 2027" twice in the history the werkzoekende reads ("Evaluatiedatum
    weggehaald" for a date that was never there)."""
    client.force_login(wereld.klantmanager)
    url = reverse("evaluatie_instellen", args=[wereld.kandidaat.pk])
    datum = (timezone.localdate() + timedelta(days=30)).isoformat()
    assert client.post(url, {"evaluatiedatum": ""}).status_code == 302
    assert not PlanWijziging.objects.filter(plan__kandidaat=wereld.kandidaat).exists()
    for _keer in range(2):
        assert client.post(url, {"evaluatiedatum": datum}).status_code == 302
    assert PlanWijziging.objects.filter(plan__kandidaat=wereld.kandidaat).count() == 1
    assert plan_van(wereld.kandidaat).evaluatiedatum.isoformat() == datum


def test_the_plan_of_a_closed_dossier_promises_no_evaluation(client, wereld):
    """The plan of his closed dossier read "Je dossier is gesloten: je plan staat stil" right below "We bekijken het
    plan samen op 15 januari 2027": an appointment nobody keeps any more."""
    datum = timezone.localdate() + timedelta(days=30)
    evaluatiedatum_instellen(kandidaat=wereld.kandidaat, door=wereld.klantmanager, evaluatiedatum=datum)
    client.force_login(wereld.werkzoekende_user)
    assert "We bekijken het plan samen op" in client.get(reverse("mijn_plan")).content.decode()
    dossier_afsluiten(kandidaat=wereld.kandidaat, door=wereld.klantmanager, reden="werk")
    html = client.get(reverse("mijn_plan")).content.decode()
    assert "je plan staat stil" in html and "We bekijken het plan samen op" not in html


def test_the_action_form_says_every_error_at_once_in_its_own_words(client, wereld):
    """Willem sent the new action with no onderwerp, "Een andere organisatie" without which one and a day already
    past: he read "Dit veld is verplicht." at Onderwerp, and only after he put that right, on a second submit, that the
    organisation was missing and the day had passed."""
    client.force_login(wereld.werkzoekende_user)
    gisteren = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = client.post(reverse("actie_nieuw", args=[wereld.kandidaat.pk]), {
        "levensdomein": "", "doel": "", "omschrijving": "", "eigenaar": "derde", "derde_partij": "",
        "uiterlijk": gisteren, "status": "open", "notitie": "Mijn buurvrouw helpt"})
    assert response.status_code == 400
    html = response.content.decode()
    for melding in ("Kies een onderwerp, bijvoorbeeld werk of gezondheid.", "Schrijf op wat je wilt bereiken.",
                    "Schrijf op wat er moet gebeuren.", "Welke organisatie doet dit?", "Deze datum is al voorbij."):
        assert melding in html
    assert "Dit veld is verplicht." not in html
    assert "Mijn buurvrouw helpt" in html  # nothing typed is lost
    assert not Actie.objects.exists()


def test_the_klantmanagers_action_form_asks_for_the_goal_of_the_werkzoekende(client, wereld):
    client.force_login(wereld.klantmanager)
    response = client.post(reverse("actie_nieuw", args=[wereld.kandidaat.pk]), {
        "levensdomein": "werk", "doel": "", "omschrijving": "Cv nalopen", "eigenaar": "", "status": "open"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Schrijf op wat de werkzoekende wil bereiken." in html and "Kies wie het doet." in html
    assert "Dit veld is verplicht." not in html


def test_editing_an_action_shows_the_missing_organisation_with_the_other_errors(client, wereld):
    """On the edit form too; a day that passed since the action was added may stay."""
    actie = _actie(wereld, uiterlijk=timezone.localdate())
    vorige_week = timezone.localdate() - timedelta(days=7)
    Actie.objects.filter(pk=actie.pk).update(uiterlijk=vorige_week)  # added last week, for that day
    client.force_login(wereld.werkzoekende_user)
    response = client.post(reverse("actie_bewerken", args=[actie.pk]),
                           _post(actie, omschrijving="", eigenaar="derde", derde_partij="",
                                 uiterlijk=vorige_week.isoformat()))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Schrijf op wat er moet gebeuren." in html and "Welke organisatie doet dit?" in html
    assert "al voorbij" not in html
