import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import Verwerking
from bemiddeling.services import voordracht_create
from klantreis.lib import datums
from meldingen.models import Bezorging, Melding
from meldingen.services import voorkeur_instellen
from werkgevers.tests.factories import VacatureFactory, WerkgeverFactory
from werkzoekenden.models import Toestemming
from werkzoekenden.selectors import WERKGEVERS_PER_ZOEKOPDRACHT
from werkzoekenden.services import dossier_afsluiten, toestemming_verlenen

pytestmark = pytest.mark.django_db


def test_werkzoekende_grants_and_withdraws_consent_for_one_werkgever(client, wereld):
    vacature = VacatureFactory(werkgever=wereld.werkgever)
    client.force_login(wereld.werkzoekende_user)
    url = reverse("toestemmingen", args=[wereld.kandidaat.pk])
    # Choosing "werkgever" without naming one: a clear message, nothing stored.
    response = client.post(url, {"doel": "werkgever"})
    assert response.status_code == 400 and "Kies met welke werkgever" in response.content.decode()
    assert client.post(url, {"doel": "werkgever", "werkgever": wereld.werkgever.pk}).status_code == 302
    toestemming = Toestemming.objects.get(kandidaat=wereld.kandidaat, werkgever=wereld.werkgever)
    assert Verwerking.objects.filter(object_id=str(toestemming.pk), actie="aanmaken").exists()
    voordracht = voordracht_create(vacature=vacature, kandidaat=wereld.kandidaat, door=wereld.accountmanager,
                                   toelichting="Past")
    client.force_login(wereld.werkgever_user)
    assert client.get(reverse("voordracht_detail", args=[voordracht.pk])).status_code == 200

    client.force_login(wereld.werkzoekende_user)
    client.post(reverse("toestemming_intrekken", args=[toestemming.pk]))
    toestemming.refresh_from_db()
    assert toestemming.ingetrokken_op is not None
    # At once: the werkgever no longer sees the cv, and no new voordracht can be made.
    client.force_login(wereld.werkgever_user)
    assert client.get(reverse("voordracht_detail", args=[voordracht.pk])).status_code == 404
    with pytest.raises(ValidationError):
        voordracht_create(vacature=VacatureFactory(werkgever=wereld.werkgever), kandidaat=wereld.kandidaat,
                          door=wereld.accountmanager, toelichting="Past")


def test_nobody_else_withdraws_someones_consent(client, wereld):
    toestemming = toestemming_verlenen(kandidaat=wereld.kandidaat, doel="vindbaar", door=wereld.werkzoekende_user)
    client.force_login(wereld.vreemde_klantmanager)
    assert client.post(reverse("toestemming_intrekken", args=[toestemming.pk])).status_code == 404
    toestemming.refresh_from_db()
    assert toestemming.actief


def test_a_klantmanager_records_who_gave_consent_and_how_and_the_werkzoekende_sees_it(client, wereld):
    """Before: the klantmanager's form said "Je toestemming is vastgelegd", as if the klantmanager consented."""
    client.force_login(wereld.klantmanager)
    url = reverse("toestemmingen", args=[wereld.kandidaat.pk])
    zonder = client.post(url, {"doel": "vindbaar"})
    assert zonder.status_code == 400  # how and when are required, and the choice stays as it was
    assert re.search(r'value="vindbaar"[^>]*checked', zonder.content.decode())
    dag = timezone.localdate() - timedelta(days=35)
    antwoord = client.post(url, {"doel": "vindbaar", "wijze": "gesprek", "gegeven_op": dag.isoformat()}, follow=True)
    tekst = antwoord.content.decode()
    assert "Je toestemming is vastgelegd" not in tekst
    assert f"Vastgelegd: Willem gaf toestemming (mondeling in een gesprek op {datums.datum(dag)})" in tekst
    toestemming = Toestemming.objects.get(kandidaat=wereld.kandidaat, doel="vindbaar")
    assert (toestemming.wijze, toestemming.gegeven_op, toestemming.verleend_door) == (
        "gesprek", dag, wereld.klantmanager)

    client.force_login(wereld.werkzoekende_user)
    eigen = client.get(url).content.decode()
    assert "Je gaf dit mondeling in een gesprek; Karin Klant heeft het voor je vastgelegd" in eigen
    client.post(reverse("toestemming_intrekken", args=[toestemming.pk]))
    toestemming.refresh_from_db()
    assert toestemming.ingetrokken_op is not None


def test_consent_recorded_without_how_reads_as_a_sentence(client, wereld):
    """``wijze`` is empty for consent recorded before it was asked, or by an import (the demo's, too). Before: the
    werkzoekende read "Je gaf dit ; Karin Klant heeft het voor je vastgelegd", the klantmanager "Vastgelegd door Karin
    Klant: ."."""
    Toestemming.objects.create(kandidaat=wereld.kandidaat, doel="vindbaar", verleend_door=wereld.klantmanager)
    url = reverse("toestemmingen", args=[wereld.kandidaat.pk])

    client.force_login(wereld.werkzoekende_user)
    eigen = " ".join(re.sub(r"<[^>]+>", " ", client.get(url).content.decode()).split())
    assert "Karin Klant heeft dit voor je vastgelegd. Klopt het niet? Trek het in." in eigen
    assert "Je gaf dit ;" not in eigen

    client.force_login(wereld.klantmanager)
    namens = " ".join(re.sub(r"<[^>]+>", " ", client.get(url).content.decode()).split())
    assert "Vastgelegd door Karin Klant." in namens
    assert "Karin Klant: ." not in namens


def test_consent_given_in_the_portal_is_recorded_as_such(client, wereld):
    client.force_login(wereld.werkzoekende_user)
    client.post(reverse("toestemmingen", args=[wereld.kandidaat.pk]), {"doel": "vindbaar"})
    toestemming = Toestemming.objects.get(kandidaat=wereld.kandidaat, doel="vindbaar")
    assert toestemming.wijze == "portaal" and toestemming.gegeven_op is not None


def test_the_werkgever_is_found_by_name_never_chosen_from_a_list_of_the_whole_region(client, wereld):
    """Before: a <select> of every werkgever of the region (20,000 in a region made the page 1.2 MB and 5 s). Now a
    search by name shows at most 20 of them to choose from; any werkgever of the region is still valid."""
    bakkers = [WerkgeverFactory(naam=f"Bakkerij Jansen {i:02d}", gemeente=wereld.werkgever.gemeente)
               for i in range(WERKGEVERS_PER_ZOEKOPDRACHT + 5)]
    WerkgeverFactory.create_batch(10, gemeente=wereld.werkgever.gemeente)
    elders = WerkgeverFactory(naam="Bakkerij Amsterdam")
    elders.regio = wereld.vreemde_klantmanager.regio
    elders.save()
    client.force_login(wereld.werkzoekende_user)
    url = reverse("toestemmingen", args=[wereld.kandidaat.pk])
    html = client.get(url).content.decode()
    assert "<select" not in html and 'name="werkgever"' not in html and 'name="werkgever_zoek"' in html
    gezocht = client.get(url, {"werkgever_zoek": "bakkerij  jansen"}).content.decode()
    gevonden = re.findall(r'name="werkgever" value="(\d+)"', gezocht)
    assert gevonden == [str(w.pk) for w in bakkers[:WERKGEVERS_PER_ZOEKOPDRACHT]]
    assert "Bakkerij Amsterdam" not in gezocht and "Typ meer van de naam" in gezocht
    assert re.search(r'value="werkgever"[^>]*checked', gezocht)  # searching a werkgever: that is the purpose
    precies = client.get(url, {"werkgever_zoek": "jansen 24"}).content.decode()
    assert re.findall(r'name="werkgever" value="(\d+)"', precies) == [str(bakkers[-1].pk)]
    assert "Typ meer van de naam" not in precies
    assert "Geen werkgever gevonden met" in client.get(url, {"werkgever_zoek": "zzz"}).content.decode()

    # A werkgever of another region, or an id that is no werkgever: a clear message, the input kept.
    for fout in (elders.pk, "abc"):
        antwoord = client.post(url, {"doel": "werkgever", "werkgever": fout, "werkgever_zoek": "bakkerij"})
        assert antwoord.status_code == 400 and "Kies een werkgever uit de zoekresultaten" in antwoord.content.decode()
        assert 'value="bakkerij"' in antwoord.content.decode()
    # The last of the bakers, beyond the first 20 shown: still found by a more precise search, and valid.
    assert client.post(url, {"doel": "werkgever", "werkgever": bakkers[-1].pk}).status_code == 302
    assert Toestemming.objects.filter(kandidaat=wereld.kandidaat, werkgever=bakkers[-1]).exists()


def test_the_search_button_keeps_what_was_typed_and_stores_nothing(client, wereld):
    """Without JavaScript the search is a button of the form: the page comes back with the results, the choices and
    text as they were, and no consent yet."""
    client.force_login(wereld.klantmanager)
    url = reverse("toestemmingen", args=[wereld.kandidaat.pk])
    antwoord = client.post(url, {"doel": "werkgever", "werkgever_zoek": wereld.werkgever.naam[:5], "zoeken": "1",
                                 "wijze": "gesprek", "gegeven_op": "2026-11-02"})
    html = antwoord.content.decode()
    assert antwoord.status_code == 200 and not Toestemming.objects.filter(kandidaat=wereld.kandidaat).exists()
    assert f'name="werkgever" value="{wereld.werkgever.pk}"' in html
    assert re.search(r'value="werkgever"[^>]*checked', html) and re.search(r'value="gesprek"[^>]*selected', html)
    assert 'value="2026-11-02"' in html and "Niet alles is goed ingevuld" not in html
    # The werkgever chosen and the search gone: after an error elsewhere the choice is still checked.
    fout = client.post(url, {"doel": "werkgever", "werkgever": wereld.werkgever.pk, "wijze": "gesprek"})
    assert fout.status_code == 400
    assert re.search(rf'value="{wereld.werkgever.pk}"[^>]*checked', fout.content.decode())


def test_searching_with_htmx_returns_only_the_results_keeps_the_choice_and_logs_no_view(client, wereld):
    """The search as you type gets the results alone (no page around them: nothing of the werkzoekende, so no
    inzage line), and the werkgever already ticked stays ticked when the results change."""
    andere = WerkgeverFactory(naam="Bakkerij Jansen", gemeente=wereld.werkgever.gemeente)
    client.force_login(wereld.klantmanager)
    url = reverse("toestemmingen", args=[wereld.kandidaat.pk])
    regels = Verwerking.objects.filter(gebruiker=wereld.klantmanager, wat="toestemmingen")
    client.get(url)
    assert regels.count() == 1
    deel = client.get(url, {"werkgever_zoek": "bakkerij", "werkgever": wereld.werkgever.pk},
                      HTTP_HX_REQUEST="true").content.decode()
    assert regels.count() == 1
    assert "<html" not in deel and deel.lstrip().startswith('<div id="werkgever-keuzes"')
    assert wereld.kandidaat.achternaam not in deel
    assert re.search(rf'value="{wereld.werkgever.pk}"[^>]*checked', deel)
    assert re.search(rf'value="{andere.pk}"', deel) and not re.search(rf'value="{andere.pk}"[^>]*checked', deel)
    kort = client.get(url, {"werkgever_zoek": "b"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Typ minstens twee letters" in kort


def test_enter_in_a_field_gives_consent_not_a_search(client, wereld):
    """A browser submits with the form's first submit button when someone presses Enter in a field. Before, that was
    Zoeken: Enter in "Met welke organisatie?" searched and stored nothing."""
    client.force_login(wereld.werkzoekende_user)
    html = client.get(reverse("toestemmingen", args=[wereld.kandidaat.pk])).content.decode()
    formulier = html[html.index('<form method="post" class="utrecht-form wsp-formulier"'):]
    eerste = re.search(r"<button[^>]*>", formulier)[0]
    assert 'type="submit"' in eerste and 'name="zoeken"' not in eerste


def test_consent_recorded_for_the_werkzoekende_is_announced_to_her(client, wereld,
                                                                    django_capture_on_commit_callbacks):
    """Before: the klantmanager read "Willem ziet dit op de eigen pagina", but Willem got no melding and no mail."""
    voorkeur_instellen(door=wereld.werkzoekende_user, bezorging=Bezorging.DIRECT)
    client.force_login(wereld.klantmanager)
    url = reverse("toestemmingen", args=[wereld.kandidaat.pk])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"doel": "derde", "derde_partij": "Schuldhulp Arnhem", "wijze": "schriftelijk",
                                 "gegeven_op": timezone.localdate().isoformat()}).status_code == 302
    [melding] = Melding.objects.filter(ontvanger=wereld.werkzoekende_user)
    assert "Karin Klant heeft vastgelegd dat je toestemming gaf: gegevens delen met Schuldhulp Arnhem" in melding.tekst
    assert "intrekken" in melding.tekst and melding.url == url
    assert [m for m in mail.outbox if m.to == [wereld.werkzoekende_user.email]]  # as she chose: a mail at once
    # Given by Willem himself in the portal: nothing to announce to him.
    client.force_login(wereld.werkzoekende_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"doel": "vindbaar"})
    assert Melding.objects.filter(ontvanger=wereld.werkzoekende_user).count() == 1


@pytest.mark.parametrize("dag", ["1900-01-01", "jaar"])
def test_a_consent_date_of_long_ago_is_refused_and_the_form_kept(client, wereld, dag):
    """Before: 01-01-1900 was stored ("sinds 1 januari 1900"). A consent is recorded within a year of being given."""
    if dag == "jaar":
        dag = (timezone.localdate() - timedelta(days=366)).isoformat()
    client.force_login(wereld.klantmanager)
    url = reverse("toestemmingen", args=[wereld.kandidaat.pk])
    antwoord = client.post(url, {"doel": "derde", "derde_partij": "Schuldhulp Arnhem", "wijze": "schriftelijk",
                                 "gegeven_op": dag})
    html = antwoord.content.decode()
    assert antwoord.status_code == 400 and "meer dan een jaar terug" in html
    assert "vraag de werkzoekende opnieuw" in html  # the service's own advice, not only "klopt het jaartal?"
    grens = timezone.localdate() - timedelta(days=365)
    assert f"(vóór {datums.datum(grens)})" in html  # the day written out, as everywhere, not 07-12-2025
    assert 'value="Schuldhulp Arnhem"' in html and f'value="{dag}"' in html
    assert not Toestemming.objects.filter(kandidaat=wereld.kandidaat).exists()
    een_jaar = (timezone.localdate() - timedelta(days=365)).isoformat()
    assert client.post(url, {"doel": "derde", "derde_partij": "Schuldhulp Arnhem", "wijze": "schriftelijk",
                             "gegeven_op": een_jaar}).status_code == 302


def test_the_klantmanager_reads_about_the_werkzoekende_and_a_withdrawal_names_the_party(
        client, wereld, django_capture_on_commit_callbacks):
    """Before: "Je hebt nog geen toestemming gegeven." to the klantmanager, a hidden "(Willem van de Vecht: Gegevens
    delen met een derde partij)" on the button, and the melding "Willem van de Vecht heeft een toestemming
    ingetrokken: Willem van de Vecht: Gegevens delen met een derde partij."."""
    url = reverse("toestemmingen", args=[wereld.kandidaat.pk])
    client.force_login(wereld.klantmanager)
    leeg = client.get(url).content.decode()
    assert "Willem heeft nog geen toestemming gegeven." in leeg and "Je hebt nog geen toestemming" not in leeg
    client.force_login(wereld.werkzoekende_user)
    assert "Je hebt nog geen toestemming gegeven." in client.get(url).content.decode()
    client.post(url, {"doel": "derde", "derde_partij": "Schuldhulp Arnhem"})
    toestemming = Toestemming.objects.get(kandidaat=wereld.kandidaat)
    pagina = client.get(url).content.decode()
    assert "(gegevens delen met Schuldhulp Arnhem)" in pagina and "van de Vecht: " not in pagina
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("toestemming_intrekken", args=[toestemming.pk]))
    [melding] = Melding.objects.filter(ontvanger=wereld.klantmanager)
    assert melding.tekst == ("Willem van de Vecht heeft een toestemming ingetrokken: gegevens delen met Schuldhulp "
                             "Arnhem.")


def test_no_new_consent_on_a_closed_dossier(client, wereld):
    """A closed dossier ended every consent with it, yet the klantmanager could record a new one: the kandidaat,
    no longer guided, became findable and could be proposed again."""
    dossier_afsluiten(kandidaat=wereld.kandidaat, door=wereld.klantmanager, reden="verhuisd")
    client.force_login(wereld.klantmanager)
    vandaag = timezone.localdate().isoformat()
    response = client.post(reverse("toestemmingen", args=[wereld.kandidaat.pk]),
                           {"doel": "vindbaar", "wijze": "gesprek", "gegeven_op": vandaag})
    assert response.status_code == 400
    assert "is gesloten: je legt geen nieuwe toestemming vast" in response.content.decode()
    assert not Toestemming.objects.filter(kandidaat=wereld.kandidaat, ingetrokken_op__isnull=True).exists()


@pytest.mark.parametrize("rol", ["werkzoekende", "klantmanager"])
def test_a_closed_dossier_offers_no_consent_form_that_can_only_fail(client, wereld, rol):
    """Found walking the journey: with his dossier closed, Willem's page "Met wie mogen we je gegevens delen?" still
    offered "Toestemming geven". He chose a werkgever or an organisation, pressed the button and read "Dit dossier is
    gesloten ... dan heropent de klantmanager eerst het dossier": a form that could only fail, in staff words. Now the
    page says so before anything is typed, in his words, and shows no form."""
    dossier_afsluiten(kandidaat=wereld.kandidaat, door=wereld.klantmanager, reden="verhuisd")
    client.force_login(wereld.werkzoekende_user if rol == "werkzoekende" else wereld.klantmanager)
    html = client.get(reverse("toestemmingen", args=[wereld.kandidaat.pk])).content.decode()
    assert 'name="doel"' not in html and "Toestemming vastleggen" not in html
    if rol == "werkzoekende":
        assert "Je dossier is gesloten. Daarom kun je nu geen nieuwe toestemming geven." in html
        assert "klantmanager" not in html.split('id="kop-geven"')[1]
    else:
        assert "is gesloten: je legt geen nieuwe toestemming vast" in html


def test_the_klantmanager_reads_the_findable_consent_in_her_own_words(client, wereld):
    """Jeske's list of Willem's consents said "Anoniem vindbaar voor accountmanagers in mijn regio": his words, not
    hers (it is not her region that is meant, and she is no accountmanager looking)."""
    toestemming_verlenen(kandidaat=wereld.kandidaat, doel="vindbaar", door=wereld.werkzoekende_user)
    url = reverse("toestemmingen", args=[wereld.kandidaat.pk])
    client.force_login(wereld.klantmanager)
    hare = client.get(url).content.decode()
    assert "Anoniem vindbaar voor accountmanagers in de regio van Willem:" in hare and "in mijn regio" not in hare
    client.force_login(wereld.werkzoekende_user)
    assert "Anoniem vindbaar voor accountmanagers in mijn regio:" in client.get(url).content.decode()
