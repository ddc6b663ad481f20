"""What the browser exploration of the plan van aanpak found between Willem and his klantmanager (December 2026):
what he does in the portal reaches her, in words for her; what she reads on his side is in "je" form."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.services import waarnemer_instellen
from accounts.tests.factories import AccountmanagerFactory, KlantmanagerFactory, regio
from klantreis.lib import datums
from meldingen.models import Melding
from werkgevers.models import Vacature, Werkgever
from werkgevers.tests.factories import VacatureFactory
from werkzoekenden.models import Actie, Contactvoorkeur, Kandidaat, SoortContact, Toestemming
from werkzoekenden.services import (
    ACTIEVELDEN,
    actie_toevoegen,
    actie_wijzigen,
    cv_opslaan,
    dossier_bijwerken,
    evaluatiedatum_instellen,
    toestemming_verzoek_beantwoorden,
    toestemming_vragen,
)

pytestmark = pytest.mark.django_db


def _ongelezen(gebruiker):
    return list(Melding.objects.filter(ontvanger=gebruiker, gelezen_op__isnull=True).order_by("pk")
                .values_list("tekst", flat=True))


def test_a_consent_given_back_in_the_portal_reaches_the_klantmanager(
        client, wereld, django_capture_on_commit_callbacks):
    """Willem withdrew his consent for Schuldhulp Arnhem and gave it back: his klantmanager was told of the withdrawal
    only, so her meldingen said it was gone while it held again (and a consent he gave the first time reached her
    not at all)."""
    url = reverse("toestemmingen", args=[wereld.kandidaat.pk])
    client.force_login(wereld.werkzoekende_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"doel": "derde", "derde_partij": "Schuldhulp Arnhem"})
    assert _ongelezen(wereld.klantmanager) == [
        "Willem van de Vecht heeft toestemming gegeven: gegevens delen met Schuldhulp Arnhem."]
    [gegeven] = Melding.objects.filter(ontvanger=wereld.klantmanager)
    assert gegeven.url == url
    gegeven.delete()

    toestemming = Toestemming.objects.get(kandidaat=wereld.kandidaat)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("toestemming_intrekken", args=[toestemming.pk]))
    assert _ongelezen(wereld.klantmanager) == [
        "Willem van de Vecht heeft een toestemming ingetrokken: gegevens delen met Schuldhulp Arnhem."]

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"doel": "derde", "derde_partij": "Schuldhulp Arnhem"})
    # The withdrawal holds no more: read; what holds now is new.
    assert _ongelezen(wereld.klantmanager) == [
        "Willem van de Vecht heeft weer toestemming gegeven: gegevens delen met Schuldhulp Arnhem."]
    # Nobody else hears of it, and the same consent sent twice (a double click) tells her once.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"doel": "derde", "derde_partij": "Schuldhulp Arnhem"})
    assert Melding.objects.filter(ontvanger=wereld.klantmanager, gelezen_op__isnull=True).count() == 1
    assert not Melding.objects.exclude(ontvanger=wereld.klantmanager).exists()


def test_a_consent_the_klantmanager_recorded_or_a_yes_to_a_question_is_not_told_twice(
        client, wereld, met_commit, django_capture_on_commit_callbacks):
    # Recorded by the klantmanager herself: only Willem hears (toestemming_vastgelegd).
    client.force_login(wereld.klantmanager)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("toestemmingen", args=[wereld.kandidaat.pk]), {"doel": "vindbaar", "wijze": "gesprek"})
    assert _ongelezen(wereld.klantmanager) == []
    # His yes to an accountmanager's question: the klantmanager hears that answer once, not a second melding.
    vacature = VacatureFactory(werkgever=wereld.werkgever, titel="Monteur")
    verzoek = met_commit(toestemming_vragen, kandidaat=wereld.kandidaat, vacature=vacature,
                         door=wereld.accountmanager, delen=["profiel"])
    Melding.objects.filter(ontvanger=wereld.klantmanager).delete()
    met_commit(toestemming_verzoek_beantwoorden, verzoek=verzoek, door=wereld.werkzoekende_user, ja=True)
    assert _ongelezen(wereld.klantmanager) == [
        f"Willem van de Vecht geeft toestemming om het profiel te delen met {wereld.werkgever.naam}."]


def _actie_van_de_klantmanager(wereld, met_commit):
    return met_commit(actie_toevoegen, kandidaat=wereld.kandidaat, door=wereld.klantmanager, levensdomein="scholing",
                      doel="Heftruckcertificaat halen", omschrijving="Cursus heftruck aanvragen",
                      eigenaar=Actie.Eigenaar.CONTACTPERSOON)


def _velden(actie, **wijziging):
    return {**{veld: getattr(actie, veld) for veld in ACTIEVELDEN}, **wijziging}


def test_a_question_in_the_note_of_an_actie_says_so_to_the_other_side(wereld, met_commit):
    """Willem asked in the note of his klantmanager's actie "Moet ik zelf nog iets doen?": she read "heeft een actie
    gewijzigd", nothing that said there was something to read, let alone answer."""
    actie = _actie_van_de_klantmanager(wereld, met_commit)
    Melding.objects.all().delete()
    actie = met_commit(actie_wijzigen, actie=actie, door=wereld.werkzoekende_user, versie=actie.versie,
                       **_velden(actie, notitie="Moet ik zelf nog iets doen? Ik kan alleen op dinsdag."))
    [melding] = Melding.objects.filter(ontvanger=wereld.klantmanager)
    assert melding.tekst == "Willem van de Vecht heeft een notitie gezet bij een actie: Cursus heftruck aanvragen"
    assert melding.url == reverse("plan_van_aanpak", args=[wereld.kandidaat.pk])
    # Her answer in the note: Willem reads that there is something to read, in "je" words.
    met_commit(actie_wijzigen, actie=actie, door=wereld.klantmanager, versie=actie.versie,
               **_velden(actie, notitie="Nee, ik regel het. Dinsdag is goed."))
    [antwoord] = Melding.objects.filter(ontvanger=wereld.werkzoekende_user)
    assert antwoord.tekst == "Je contactpersoon heeft een notitie gezet bij een actie in je plan: Cursus heftruck " \
                             "aanvragen"
    # Another change without a (new) note is told as before.
    Melding.objects.all().delete()
    actie.refresh_from_db()
    met_commit(actie_wijzigen, actie=actie, door=wereld.werkzoekende_user, versie=actie.versie,
               **_velden(actie, status=Actie.Status.KLAAR))
    assert _ongelezen(wereld.klantmanager) == [
        "Willem van de Vecht heeft een actie afgerond: Cursus heftruck aanvragen"]


def test_the_klantmanager_hears_when_the_werkzoekende_chooses_another_kind_of_contact(
        client, wereld, django_capture_on_commit_callbacks):
    """Willem chose "Zelfstandig" instead of "Persoonlijk" on his own form: the caseload changed under his
    klantmanager's eyes and nothing told her (a new contactvoorkeur did)."""
    Kandidaat.objects.filter(pk=wereld.kandidaat.pk).update(soort_contact=SoortContact.FACE_TO_FACE)
    client.force_login(wereld.werkzoekende_user)
    url = reverse("dossier_bewerken", args=[wereld.kandidaat.pk])
    formulier = client.get(url).context["form"]
    data = {naam: waarde for naam, waarde in formulier.initial.items()
            if waarde is not None and naam in formulier.fields}
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {**data, "soort_contact": SoortContact.ZELFSTANDIG}).status_code == 302
    [melding] = Melding.objects.filter(ontvanger=wereld.klantmanager)
    assert melding.tekst == ("Willem van de Vecht kiest voortaan dit soort contact: zelfstandig (met hulp als de "
                             "werkzoekende erom vraagt).")
    assert melding.url == reverse("dossier", args=[wereld.kandidaat.pk])
    # Her own change (on her form) tells nobody; the werkzoekende hears nothing of his own.
    client.force_login(wereld.klantmanager)
    with django_capture_on_commit_callbacks(execute=True):
        dossier_bijwerken(kandidaat=wereld.kandidaat, door=wereld.klantmanager, soort_contact=SoortContact.TELEFONISCH)
    assert Melding.objects.count() == 1


def test_the_accountmanager_told_she_can_no_longer_voordragen_hears_the_consent_is_back(
        client, wereld, met_commit, django_capture_on_commit_callbacks):
    """Peter asked Willem's consent for a vacature and got "Je kunt Willem daar niet meer voordragen" when Willem
    withdrew it. Willem gave it back in the portal: that melding stayed, unread, and nothing said it held again."""
    vacature = VacatureFactory(werkgever=wereld.werkgever, titel="Monteur")
    verzoek = met_commit(toestemming_vragen, kandidaat=wereld.kandidaat, vacature=vacature,
                         door=wereld.accountmanager, delen=["profiel"])
    met_commit(toestemming_verzoek_beantwoorden, verzoek=verzoek, door=wereld.werkzoekende_user, ja=True)
    verzoek.refresh_from_db()
    client.force_login(wereld.werkzoekende_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("toestemming_intrekken", args=[verzoek.toestemming_id]))
    Melding.objects.filter(ontvanger=wereld.accountmanager).exclude(tekst__contains="niet meer").delete()
    url = reverse("toestemmingen", args=[wereld.kandidaat.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"doel": "werkgever", "werkgever": wereld.werkgever.pk})
    assert _ongelezen(wereld.accountmanager) == [
        f"Willem van de Vecht geeft weer toestemming om te delen met {wereld.werkgever.naam}. Je kunt Willem weer "
        "voordragen voor Monteur."]
    assert Melding.objects.get(ontvanger=wereld.accountmanager, gelezen_op__isnull=True).url == reverse(
        "vacature_matches", args=[vacature.pk])
    # Another werkgever, or an accountmanager who never asked: nobody hears of it.
    assert Melding.objects.filter(ontvanger=wereld.accountmanager).count() == 2
    # Withdrawn and given back once more, with the vacature filled in between: no "weer voordragen" for it.
    Vacature.objects.filter(pk=vacature.pk).update(status=Vacature.Status.VERVULD)
    nieuw = Toestemming.objects.get(kandidaat=wereld.kandidaat, doel="werkgever", ingetrokken_op__isnull=True)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("toestemming_intrekken", args=[nieuw.pk]))
        client.post(url, {"doel": "werkgever", "werkgever": wereld.werkgever.pk})
    assert Melding.objects.filter(ontvanger=wereld.accountmanager).count() == 2


def test_a_cv_sent_twice_is_one_unread_melding(wereld, met_commit):
    """Anja's "Cv opslaan" went twice (a double click on a slow line): Fatima read "Anja Roest heeft een nieuw cv
    geüpload." twice. The melding points to the one cv there is: while it is unread, a newer upload adds none."""
    for _keer in range(2):
        met_commit(cv_opslaan, kandidaat=wereld.kandidaat, door=wereld.werkzoekende_user, soort="pdf",
                   bestand=ContentFile(b"%PDF-1.4 x", name="cv.pdf"))
    assert _ongelezen(wereld.klantmanager) == ["Willem van de Vecht heeft een nieuw cv geüpload."]
    # Read, a later cv is news again; the same for the klantmanager's upload to him.
    Melding.objects.update(gelezen_op=timezone.now())
    for _keer in range(2):
        met_commit(cv_opslaan, kandidaat=wereld.kandidaat, door=wereld.werkzoekende_user, soort="pdf",
                   bestand=ContentFile(b"%PDF-1.4 y", name="cv.pdf"))
        met_commit(cv_opslaan, kandidaat=wereld.kandidaat, door=wereld.klantmanager, soort="pdf",
                   bestand=ContentFile(b"%PDF-1.4 z", name="cv.pdf"))
    assert _ongelezen(wereld.klantmanager) == ["Willem van de Vecht heeft een nieuw cv geüpload."]
    assert _ongelezen(wereld.werkzoekende_user) == [
        "Je contactpersoon heeft een cv voor je in het portaal gezet. Kijk of het klopt."]


def test_the_werkzoekende_reads_what_her_contactpersoon_did_in_her_plan(wereld, met_commit):
    """Fatima added an actie to Anja's plan and later finished it: Anja read "Je contactpersoon heeft je plan
    aangepast" both times, and so had to open her plan to learn that what she waited for was done. Her klantmanager
    reads which it was ("heeft een actie toegevoegd", "afgerond"); now so does she."""
    actie = _actie_van_de_klantmanager(wereld, met_commit)
    assert _ongelezen(wereld.werkzoekende_user) == [
        "Je contactpersoon heeft een actie aan je plan toegevoegd: Cursus heftruck aanvragen"]
    Melding.objects.all().delete()
    met_commit(actie_wijzigen, actie=actie, door=wereld.klantmanager, versie=actie.versie,
               **_velden(actie, status=Actie.Status.KLAAR))
    assert _ongelezen(wereld.werkzoekende_user) == [
        "Je contactpersoon heeft een actie in je plan afgerond: Cursus heftruck aanvragen"]


def test_the_werkzoekende_hears_when_her_plan_will_be_looked_at_together(wereld, met_commit):
    """Jeske set the date to look at Willem's plan together: his plan page said "We bekijken het plan samen op ...",
    but nothing told him, so he learnt of it only if he opened his plan."""
    dag = timezone.localdate() + timedelta(days=30)
    met_commit(evaluatiedatum_instellen, kandidaat=wereld.kandidaat, door=wereld.klantmanager, evaluatiedatum=dag)
    [melding] = Melding.objects.filter(ontvanger=wereld.werkzoekende_user)
    assert melding.tekst == f"Je contactpersoon wil je plan samen met je bekijken op {datums.datum(dag)}."
    assert melding.url == reverse("mijn_plan")
    # The same date again: nothing; a date taken away: nothing to come to.
    met_commit(evaluatiedatum_instellen, kandidaat=wereld.kandidaat, door=wereld.klantmanager, evaluatiedatum=dag)
    met_commit(evaluatiedatum_instellen, kandidaat=wereld.kandidaat, door=wereld.klantmanager, evaluatiedatum=None)
    assert Melding.objects.filter(ontvanger=wereld.werkzoekende_user).count() == 1
    assert not Melding.objects.exclude(ontvanger=wereld.werkzoekende_user).exists()


def test_the_werkzoekende_hears_when_her_klantmanager_changed_how_she_is_reached(wereld, met_commit):
    """Jeske set Willem's contactvoorkeur to "mailen" after a call: how he is reached (and, until he chose it himself,
    how his meldingen come) changed without a word to him."""
    wereld.kandidaat.contactvoorkeur = Contactvoorkeur.BELLEN
    wereld.kandidaat.save(update_fields=["contactvoorkeur"])
    met_commit(dossier_bijwerken, kandidaat=wereld.kandidaat, door=wereld.klantmanager,
               contactvoorkeur=Contactvoorkeur.MAIL)
    [melding] = Melding.objects.filter(ontvanger=wereld.werkzoekende_user)
    assert melding.tekst == ("Je contactpersoon heeft vastgelegd hoe je bereikt wilt worden: mailen. Klopt dat niet? "
                             "Pas het aan bij je gegevens.")
    assert melding.url == reverse("dossier_bewerken", args=[wereld.kandidaat.pk])
    assert not Melding.objects.filter(ontvanger=wereld.klantmanager).exists()


def _gegeven_ingetrokken_en_terug(client, wereld, met_commit, django_capture_on_commit_callbacks, tussendoor):
    """Peter asks Willem's consent for a vacature, Willem says yes, withdraws it, ``tussendoor()`` happens, and he
    gives it back in the portal."""
    vacature = VacatureFactory(werkgever=wereld.werkgever, titel="Monteur")
    verzoek = met_commit(toestemming_vragen, kandidaat=wereld.kandidaat, vacature=vacature,
                         door=wereld.accountmanager, delen=["profiel"])
    met_commit(toestemming_verzoek_beantwoorden, verzoek=verzoek, door=wereld.werkzoekende_user, ja=True)
    verzoek.refresh_from_db()
    client.force_login(wereld.werkzoekende_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("toestemming_intrekken", args=[verzoek.toestemming_id]))
    tussendoor()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("toestemmingen", args=[wereld.kandidaat.pk]),
                    {"doel": "werkgever", "werkgever": wereld.werkgever.pk})


def test_an_accountmanager_moved_to_another_region_does_not_hear_the_consent_is_back(
        client, wereld, met_commit, django_capture_on_commit_callbacks):
    """Peter asked Willem's consent for a werkgever of his region and has since moved to another region: that
    werkgever is not his any more (its vacature is a 404 for him), so Willem's consent given back is none of his
    business. Before, he read "Je kunt Willem weer voordragen voor Monteur" with a link he could not open."""
    ander = regio("AM29") if wereld.werkgever.regio_id != regio("AM29").pk else regio("AM07")

    def verhuizen():
        Melding.objects.all().delete()
        User.objects.filter(pk=wereld.accountmanager.pk).update(regio=ander)

    _gegeven_ingetrokken_en_terug(client, wereld, met_commit, django_capture_on_commit_callbacks, verhuizen)
    assert _ongelezen(wereld.accountmanager) == []
    # Willem's klantmanager still hears it.
    assert [t for t in _ongelezen(wereld.klantmanager) if "heeft weer toestemming gegeven" in t]


def test_the_copy_of_the_withdrawal_for_the_colleague_covering_is_read_when_the_consent_is_back(
        client, wereld, met_commit, django_capture_on_commit_callbacks):
    """Jeske is away and Piotr covers for her: he got "Voor Jeske ...: Willem heeft een toestemming ingetrokken".
    Willem gave it back: Jeske's melding of the withdrawal was read (it holds no more), Piotr's copy stayed unread
    next to the new one, and told him the opposite of what holds."""
    piotr = KlantmanagerFactory(organisatie=wereld.klantmanager.organisatie, regio=wereld.klantmanager.regio)
    waarnemer_instellen(gebruiker=wereld.klantmanager, waarnemer=piotr)
    _gegeven_ingetrokken_en_terug(client, wereld, met_commit, django_capture_on_commit_callbacks, lambda: None)
    ongelezen = _ongelezen(piotr)
    assert not [t for t in ongelezen if "ingetrokken" in t]
    assert [t for t in ongelezen if "weer toestemming gegeven" in t]
    # Only that copy of his is read.
    [gelezen] = Melding.objects.filter(ontvanger=piotr, gelezen_op__isnull=False)
    assert "ingetrokken" in gelezen.tekst


def test_the_colleague_covering_hears_of_a_newer_cv_after_reading_the_first(wereld, met_commit):
    """Jeske is away and Piotr covers for her. Willem uploaded a cv: Piotr read "Voor Jeske ...: Willem heeft een
    nieuw cv geüpload." and looked at it. A week later Willem uploaded a newer one: Jeske's melding of the first was
    still unread (she is away), so nobody heard of it, Piotr included."""
    piotr = KlantmanagerFactory(organisatie=wereld.klantmanager.organisatie, regio=wereld.klantmanager.regio)
    waarnemer_instellen(gebruiker=wereld.klantmanager, waarnemer=piotr)
    Melding.objects.all().delete()

    def uploaden(inhoud):
        met_commit(cv_opslaan, kandidaat=wereld.kandidaat, door=wereld.werkzoekende_user, soort="pdf",
                   bestand=ContentFile(inhoud, name="cv.pdf"))

    kopie = (f"Voor {wereld.klantmanager.get_full_name()} (je neemt waar): Willem van de Vecht heeft een nieuw cv "
             "geüpload.")
    uploaden(b"%PDF-1.4 x")
    uploaden(b"%PDF-1.4 x")  # a double click: still one each
    assert _ongelezen(piotr) == [kopie]
    assert _ongelezen(wereld.klantmanager) == ["Willem van de Vecht heeft een nieuw cv geüpload."]
    Melding.objects.filter(ontvanger=piotr).update(gelezen_op=timezone.now())
    uploaden(b"%PDF-1.4 y")
    assert _ongelezen(piotr) == [kopie]
    # Jeske, back, finds one unread melding about Willem's cv, not two.
    assert _ongelezen(wereld.klantmanager) == ["Willem van de Vecht heeft een nieuw cv geüpload."]


def test_a_day_moved_or_taken_away_is_no_longer_an_unread_melding(wereld, met_commit):
    """Jeske set the day to look at Willem's plan together, then moved it: Willem had two unread meldingen naming two
    different days, and after she took the date away, still one naming a day nobody comes to."""
    eerste, tweede = timezone.localdate() + timedelta(days=10), timezone.localdate() + timedelta(days=14)
    met_commit(evaluatiedatum_instellen, kandidaat=wereld.kandidaat, door=wereld.klantmanager, evaluatiedatum=eerste)
    met_commit(evaluatiedatum_instellen, kandidaat=wereld.kandidaat, door=wereld.klantmanager, evaluatiedatum=tweede)
    assert _ongelezen(wereld.werkzoekende_user) == [
        f"Je contactpersoon wil je plan samen met je bekijken op {datums.datum(tweede)}."]
    met_commit(evaluatiedatum_instellen, kandidaat=wereld.kandidaat, door=wereld.klantmanager, evaluatiedatum=None)
    assert _ongelezen(wereld.werkzoekende_user) == []
    assert Melding.objects.filter(ontvanger=wereld.werkzoekende_user).count() == 2  # read, not gone


def test_the_withdrawal_goes_to_the_accountmanager_of_the_werkgevers_region_not_the_one_who_moved_away(
        client, wereld, met_commit, django_capture_on_commit_callbacks):
    """Anton asked Willem's consent for De Heul's vacature and moved to another region since; Jeske took De Heul
    over. Willem withdrew it: Anton read "Je kunt Willem daar niet meer voordragen" with a link to a vacature he can
    no longer open, and Jeske, who would voordragen him there, heard nothing. Now Jeske hears it, as she hears it when
    Willem gives it back (and her melding of the withdrawal is then read); Anton hears neither."""
    anton = wereld.accountmanager
    jeske = AccountmanagerFactory(organisatie=anton.organisatie, regio=wereld.werkgever.regio, voornaam="Jeske")
    vacature = VacatureFactory(werkgever=wereld.werkgever, titel="Monteur")
    verzoek = met_commit(toestemming_vragen, kandidaat=wereld.kandidaat, vacature=vacature, door=anton,
                         delen=["profiel"])
    met_commit(toestemming_verzoek_beantwoorden, verzoek=verzoek, door=wereld.werkzoekende_user, ja=True)
    verzoek.refresh_from_db()
    ander = regio("AM29") if wereld.werkgever.regio_id != regio("AM29").pk else regio("AM07")
    User.objects.filter(pk=anton.pk).update(regio=ander)
    Werkgever.objects.filter(pk=wereld.werkgever.pk).update(accountmanager=jeske)
    Melding.objects.all().delete()

    client.force_login(wereld.werkzoekende_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("toestemming_intrekken", args=[verzoek.toestemming_id]))
    assert _ongelezen(anton) == []
    [melding] = Melding.objects.filter(ontvanger=jeske)
    assert (melding.tekst, melding.url) == (
        "Willem van de Vecht heeft de toestemming voor De Heul Installatietechniek ingetrokken. Je kunt Willem daar "
        "niet meer voordragen.", reverse("vacature_matches", args=[vacature.pk]))

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("toestemmingen", args=[wereld.kandidaat.pk]),
                    {"doel": "werkgever", "werkgever": wereld.werkgever.pk})
    assert _ongelezen(anton) == []
    assert _ongelezen(jeske) == ["Willem van de Vecht geeft weer toestemming om te delen met De Heul "
                                 "Installatietechniek. Je kunt Willem weer voordragen voor Monteur."]


def test_the_withdrawal_and_the_consent_given_back_reach_the_werkgevers_accountmanager_when_the_asker_left(
        client, wereld, met_commit, django_capture_on_commit_callbacks):
    """Anton asked Willem's consent for De Heul's vacature and left the organisation since (his account deactivated,
    still of the region); Jeske took De Heul over. Anton counted as the one to tell, so his melding was dropped (an
    inactive account gets none) and nobody heard that Willem can no longer be voorgedragen there, nor that he can
    again. Now Jeske hears both, as when Anton moved to another region."""
    anton = wereld.accountmanager
    jeske = AccountmanagerFactory(organisatie=anton.organisatie, regio=wereld.werkgever.regio, voornaam="Jeske")
    vacature = VacatureFactory(werkgever=wereld.werkgever, titel="Monteur")
    verzoek = met_commit(toestemming_vragen, kandidaat=wereld.kandidaat, vacature=vacature, door=anton,
                         delen=["profiel"])
    met_commit(toestemming_verzoek_beantwoorden, verzoek=verzoek, door=wereld.werkzoekende_user, ja=True)
    verzoek.refresh_from_db()
    User.objects.filter(pk=anton.pk).update(is_active=False)
    Werkgever.objects.filter(pk=wereld.werkgever.pk).update(accountmanager=jeske)
    Melding.objects.all().delete()

    client.force_login(wereld.werkzoekende_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("toestemming_intrekken", args=[verzoek.toestemming_id]))
    assert _ongelezen(jeske) == [
        "Willem van de Vecht heeft de toestemming voor De Heul Installatietechniek ingetrokken. Je kunt Willem daar "
        "niet meer voordragen."]

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("toestemmingen", args=[wereld.kandidaat.pk]),
                    {"doel": "werkgever", "werkgever": wereld.werkgever.pk})
    assert _ongelezen(jeske) == ["Willem van de Vecht geeft weer toestemming om te delen met De Heul "
                                 "Installatietechniek. Je kunt Willem weer voordragen voor Monteur."]
    assert not Melding.objects.filter(ontvanger=anton).exists()
