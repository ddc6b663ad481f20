"""What the browser exploration of the demo found (Anja, her klantmanager, accountmanager Peter, the werkgever):
a withdrawn consent reaches the accountmanager who asked for it, a new contactvoorkeur reaches the klantmanager,
a melding that asks the werkgever to act is read once he acted, and the klantmanager reads what the werkzoekende
did (an actie added or done, a request about her data) and she hears the answer."""


import pytest
from django.urls import reverse
from django.utils import timezone

from bemiddeling.services import voordracht_create, voordracht_reageren
from meldingen.models import Melding
from meldingen.selectors import aantal_ongelezen
from plaatsingen.services import (
    overeenkomst_klaarzetten,
    overeenkomst_ondertekenen,
)
from taken.models import Taak
from werkgevers.tests.factories import VacatureFactory
from werkzoekenden.models import Actie, Contactvoorkeur, Toestemming
from werkzoekenden.services import (
    actie_toevoegen,
    actie_wijzigen,
    dossier_bijwerken,
    rechtenverzoek_afhandelen,
    rechtenverzoek_indienen,
    toestemming_intrekken,
    toestemming_verlenen,
    toestemming_verzoek_beantwoorden,
    toestemming_vragen,
)

pytestmark = pytest.mark.django_db



def _teksten(gebruiker):
    return list(Melding.objects.filter(ontvanger=gebruiker).order_by("pk").values_list("tekst", flat=True))


def _ja_op_de_vraag(wereld, met_commit):
    vacature = VacatureFactory(werkgever=wereld.werkgever, titel="Begeleider dagbesteding")
    verzoek = met_commit(toestemming_vragen, kandidaat=wereld.kandidaat, vacature=vacature,
                         door=wereld.accountmanager, delen=["profiel"])
    met_commit(toestemming_verzoek_beantwoorden, verzoek=verzoek, door=wereld.werkzoekende_user, ja=True)
    verzoek.refresh_from_db()
    return vacature, verzoek


def test_the_task_after_a_yes_says_voordragen_once(wereld, met_commit):
    _vacature, verzoek = _ja_op_de_vraag(wereld, met_commit)
    taak = Taak.objects.get(sleutel=f"toestemmingsverzoek:{verzoek.pk}")
    assert "voor voor" not in taak.omschrijving
    assert taak.omschrijving.endswith("Je kunt Willem van de Vecht nu voordragen voor Begeleider dagbesteding.")


def test_the_accountmanager_reads_who_withdrew_a_consent_when_it_was_not_the_werkzoekende(wereld, met_commit):
    """Karin, Willem's klantmanager, withdrew his consent for him (he called her): Anton read "Willem van de Vecht heeft
    de toestemming ... ingetrokken", as if Willem had done it in the portal. Now he reads who did."""
    _vacature, verzoek = _ja_op_de_vraag(wereld, met_commit)
    Melding.objects.filter(ontvanger=wereld.accountmanager).update(gelezen_op=timezone.now())

    met_commit(toestemming_intrekken, toestemming=verzoek.toestemming, door=wereld.klantmanager)

    [nieuw] = Melding.objects.filter(ontvanger=wereld.accountmanager, gelezen_op__isnull=True)
    assert nieuw.tekst == ("Karin Klant heeft de toestemming van Willem van de Vecht voor De Heul Installatietechniek "
                           "ingetrokken. Je kunt Willem daar niet meer voordragen.")


def test_a_withdrawn_consent_closes_the_task_and_tells_the_accountmanager_who_asked(wereld, met_commit, client):
    vacature, verzoek = _ja_op_de_vraag(wereld, met_commit)
    taak = Taak.objects.get(sleutel=f"toestemmingsverzoek:{verzoek.pk}")
    assert taak.afgerond_op is None
    [kan_nu] = Melding.objects.filter(ontvanger=wereld.accountmanager)
    assert "Je kunt nu voordragen" in kan_nu.tekst and kan_nu.gelezen_op is None

    met_commit(toestemming_intrekken, toestemming=verzoek.toestemming, door=wereld.werkzoekende_user)

    taak.refresh_from_db()
    assert taak.afgerond_op is not None
    kan_nu.refresh_from_db()
    assert kan_nu.gelezen_op is not None  # "Je kunt nu voordragen" holds no more
    [nieuw] = Melding.objects.filter(ontvanger=wereld.accountmanager, gelezen_op__isnull=True)
    assert nieuw.tekst == ("Willem van de Vecht heeft de toestemming voor De Heul Installatietechniek ingetrokken. "
                           "Je kunt Willem daar niet meer voordragen.")
    assert nieuw.url == reverse("vacature_matches", args=[vacature.pk])
    assert any("heeft een toestemming ingetrokken" in t for t in _teksten(wereld.klantmanager))

    # The voordragen page says why its list is empty.
    client.force_login(wereld.accountmanager)
    pagina = client.get(reverse("voordracht_nieuw", args=[vacature.pk])).content.decode()
    assert 'id="geen-kandidaten"' in pagina
    assert "toestemming voor De Heul Installatietechniek ingetrokken" in pagina


def test_the_voordragen_page_without_any_consent_says_to_ask_first(wereld, client):
    vacature = VacatureFactory(werkgever=wereld.werkgever, titel="Monteur")
    client.force_login(wereld.accountmanager)
    pagina = client.get(reverse("voordracht_nieuw", args=[vacature.pk])).content.decode()
    assert "Er is nog geen kandidaat met toestemming om te delen met De Heul Installatietechniek" in pagina


def test_the_klantmanager_hears_a_new_contactvoorkeur_only_from_the_werkzoekende(wereld, met_commit):
    wereld.kandidaat.contactvoorkeur = Contactvoorkeur.BELLEN
    wereld.kandidaat.save(update_fields=["contactvoorkeur"])
    met_commit(dossier_bijwerken, kandidaat=wereld.kandidaat, door=wereld.werkzoekende_user,
               contactvoorkeur=Contactvoorkeur.APP)
    [melding] = Melding.objects.filter(ontvanger=wereld.klantmanager)
    assert melding.tekst == "Willem van de Vecht wil voortaan zo bereikt worden: appen."
    assert melding.url == reverse("dossier", args=[wereld.kandidaat.pk])
    # The same preference again, another field, or the klantmanager's own change: nothing new.
    met_commit(dossier_bijwerken, kandidaat=wereld.kandidaat, door=wereld.werkzoekende_user,
               contactvoorkeur=Contactvoorkeur.APP, telefoon="0612345678")
    met_commit(dossier_bijwerken, kandidaat=wereld.kandidaat, door=wereld.klantmanager,
               contactvoorkeur=Contactvoorkeur.MAIL)
    assert Melding.objects.filter(ontvanger=wereld.klantmanager).count() == 1


def test_the_caseload_row_shows_how_she_wants_to_be_reached(wereld, client):
    wereld.kandidaat.contactvoorkeur = Contactvoorkeur.APP
    wereld.kandidaat.save(update_fields=["contactvoorkeur"])
    client.force_login(wereld.klantmanager)
    pagina = client.get(reverse("klantmanager_home")).content.decode()
    assert "voorkeur: Appen" in pagina


def _voordracht(wereld, met_commit):
    vacature = VacatureFactory(werkgever=wereld.werkgever, titel="Monteur")
    toestemming_verlenen(kandidaat=wereld.kandidaat, doel=Toestemming.Doel.DELEN_MET_WERKGEVER,
                         werkgever=wereld.werkgever, door=wereld.klantmanager)
    return met_commit(voordracht_create, vacature=vacature, kandidaat=wereld.kandidaat, door=wereld.accountmanager,
                      toelichting="Past goed.")


def _nieuw(gebruiker):
    return Melding.objects.filter(ontvanger=gebruiker, gelezen_op__isnull=True)


@pytest.mark.parametrize("uitnodigen", [True, False])
def test_the_new_kandidaat_melding_is_read_once_the_werkgever_answered(wereld, met_commit, uitnodigen):
    voordracht = _voordracht(wereld, met_commit)
    [vraag] = _nieuw(wereld.werkgever_user)
    assert "laat weten of u een gesprek wilt" in vraag.tekst
    assert aantal_ongelezen(wereld.werkgever_user) == 1
    met_commit(voordracht_reageren, voordracht=voordracht, door=wereld.werkgever_user, uitnodigen=uitnodigen,
               reden="" if uitnodigen else "ervaring")
    vraag.refresh_from_db()
    assert vraag.gelezen_op is not None
    assert aantal_ongelezen(wereld.werkgever_user) == 0


def test_the_overeenkomst_melding_is_read_once_he_signed(wereld, met_commit):
    voordracht = _voordracht(wereld, met_commit)
    plaatsing = wereld.proefplaatsing_met_akkoord(voordracht)
    met_commit(overeenkomst_klaarzetten, plaatsing=plaatsing, door=wereld.accountmanager)
    teken = Melding.objects.get(ontvanger=wereld.werkgever_user, url=reverse("overeenkomst_ondertekenen",
                                                                             args=[plaatsing.pk]))
    assert teken.gelezen_op is None and "onderteken die" in teken.tekst
    voor = aantal_ongelezen(wereld.werkgever_user)
    met_commit(overeenkomst_ondertekenen, plaatsing=plaatsing, door=wereld.werkgever_user, naam="Martijn de Heul")
    teken.refresh_from_db()
    assert teken.gelezen_op is not None
    assert aantal_ongelezen(wereld.werkgever_user) == voor - 1


def test_the_klantmanager_reads_whether_an_actie_was_added_or_done(wereld, met_commit):
    actie = met_commit(actie_toevoegen, kandidaat=wereld.kandidaat, door=wereld.werkzoekende_user,
                       levensdomein="werk", doel="Werk vinden", omschrijving="Drie vacatures per week bekijken",
                       eigenaar="ik")
    met_commit(actie_wijzigen, actie=actie, door=wereld.werkzoekende_user, versie=actie.versie,
               status=Actie.Status.KLAAR)
    assert _teksten(wereld.klantmanager) == [
        "Willem van de Vecht heeft een actie toegevoegd: Drie vacatures per week bekijken",
        "Willem van de Vecht heeft een actie afgerond: Drie vacatures per week bekijken",
    ]


def test_a_request_about_her_data_is_a_melding_and_so_is_the_answer(wereld, met_commit):
    verzoek = met_commit(rechtenverzoek_indienen, kandidaat=wereld.kandidaat, door=wereld.werkzoekende_user,
                         soort="correctie", wat="Mijn adres", wens="Dorpsstraat 2")
    [melding] = Melding.objects.filter(ontvanger=wereld.klantmanager)
    assert melding.tekst.startswith("Willem van de Vecht heeft een verzoek over de gegevens ingediend: iets "
                                    "verbeteren. Beantwoord het uiterlijk ")
    assert melding.url == reverse("rechtenverzoek", args=[verzoek.pk])
    met_commit(rechtenverzoek_afhandelen, verzoek=verzoek, door=wereld.klantmanager, uitkomst="gedaan",
               antwoord="Aangepast.")
    [antwoord] = Melding.objects.filter(ontvanger=wereld.werkzoekende_user)
    assert antwoord.tekst == "Je verzoek over je gegevens is beantwoord. Lees het antwoord."
    assert antwoord.url == reverse("mijn_gegevens")
    assert antwoord.samengevat_op is not None  # the service mailed her already


def test_a_werkgever_whose_name_ends_in_a_period_reads_as_one_sentence(wereld, client):
    """"Er is nog geen kandidaat met toestemming om te delen met De Heul Installatietechniek B.V.. Vraag eerst": the
    name's period and the sentence's, on the voordragen page (and in the meldingen and taken about consent)."""
    wereld.werkgever.naam = "De Heul Installatietechniek B.V."
    wereld.werkgever.save(update_fields=["naam"])
    vacature = VacatureFactory(werkgever=wereld.werkgever, titel="Monteur")
    client.force_login(wereld.accountmanager)

    pagina = client.get(reverse("voordracht_nieuw", args=[vacature.pk])).content.decode()

    assert "delen met De Heul Installatietechniek B.V. Vraag eerst" in pagina
    assert "B.V.." not in pagina
