"""What the portal stores for others to read later is Dutch, whatever language the person who acted reads it in.

A klantmanager or accountmanager who switched the portal to English wrote English into the werkgever's tijdlijn, the
history of a werkzoekende's plan and the verwerkingenlog (AVG) that the werkzoekende reads on her inzage page. This
test walks many journeys through the services and the pages with English active, runs what waits for the commit,
and then scans every free-text column of every model for a piece of an English translation."""

import re
from datetime import timedelta

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import Verwerking
from accounts.services import waarnemer_instellen
from accounts.tests.factories import KlantmanagerFactory, OrganisatieFactory
from agenda.models import Afspraak
from agenda.services import afspraak_plannen
from bemiddeling.models import Voordracht
from bemiddeling.services import voordracht_create, voordracht_intrekken, voordracht_reageren
from berichten.models import Berichtenwisseling
from berichten.services import bericht_versturen, wisseling_starten
from conftest import Wereld
from plaatsingen.models import NazorgMoment
from plaatsingen.services import nazorg_uitkomst_vastleggen, proefplaatsing_afronden
from sollicitaties.services import activiteit_vastleggen, plicht_instellen
from werkgevers.models import Vacature, Verzoek
from werkgevers.services import (
    collega_uitnodigen,
    contact_vastleggen,
    vacature_bevestigen,
    vacature_status_wijzigen,
    verzoek_contact_opgenomen,
    verzoek_indienen,
    verzoek_oppakken,
    verzoek_sluiten,
)
from werkgevers.tests.factories import VacatureFactory
from werkzoekenden.models import Actie, Afsluitreden, Toestemming
from werkzoekenden.services import (
    actie_toevoegen,
    actie_wijzigen,
    document_opslaan,
    dossier_afsluiten,
    dossier_heropenen,
    dossiertoegang_beeindigen,
    dossiertoegang_geven,
    evaluatiedatum_instellen,
    rechtenverzoek_afhandelen,
    rechtenverzoek_indienen,
    toestemming_intrekken,
    toestemming_verlenen,
    warme_overdracht,
)
from werkzoekenden.tests.factories import KandidaatFactory
from werkzoekenden.tests.test_cv import PDF

pytestmark = pytest.mark.django_db

NIET_GESCAND = ("contenttypes", "auth", "sessions", "admin", "sites")


def engelse_stukken():
    """Pieces of the English translations that the Dutch text of the same message does not contain: the parts
    between placeholders of at least 8 characters with a space, and every whole English text of a message that is
    not itself a Dutch message (a short line such as "placement" is found as a whole value)."""
    catalogus = dict(translation.trans_real.translation("en")._catalog.items())  # Django's catalog is no dict
    msgids = {mid for mid in catalogus if isinstance(mid, str)}
    stukken, geheel = {}, {}
    for mid, mstr in catalogus.items():
        if isinstance(mid, tuple) or not mid or mid == mstr:
            continue
        if mstr not in msgids and mstr.lower() != mid.lower():
            geheel[mstr] = mid
        for stuk in re.split(r"%\(\w+\)[sd]|%[sd]|\{\w*\}", mstr):
            stuk = stuk.strip(" :.,;()\"'")
            if len(stuk) >= 8 and " " in stuk and stuk not in mid:
                stukken[stuk] = mid
    return stukken, geheel


def engels_opgeslagen():
    stukken, geheel = engelse_stukken()
    gevonden = set()
    for model in apps.get_models():
        if model._meta.app_label in NIET_GESCAND:
            continue
        velden = [f.name for f in model._meta.get_fields()
                  if isinstance(f, (models.CharField, models.TextField)) and not f.choices]
        if not velden:
            continue
        for rij in model._base_manager.values_list(*velden):
            for veld, waarde in zip(velden, rij, strict=True):
                if not waarde:
                    continue
                if waarde in geheel:
                    gevonden.add((model._meta.label, veld, waarde[:120]))
                for stuk in stukken:
                    if stuk in waarde:
                        gevonden.add((model._meta.label, veld, waarde[:120]))
    return sorted(gevonden)


def _morgen(dagen=1, uur=10):
    return timezone.localtime().replace(hour=uur, minute=0, second=0, microsecond=0) + timedelta(days=dagen)


def _reizen_door_de_services(w, met_commit):
    vandaag = timezone.localdate()
    km, am = w.klantmanager, w.accountmanager
    actie = met_commit(actie_toevoegen, kandidaat=w.kandidaat, door=km, omschrijving="Bel de schuldhulp",
                       eigenaar=Actie.Eigenaar.DERDE, derde_partij="Schuldhulp Arnhem",
                       uiterlijk=vandaag + timedelta(days=5))
    actie = met_commit(actie_wijzigen, actie=actie, door=km, versie=actie.versie, eigenaar=Actie.Eigenaar.IK,
                       uiterlijk=vandaag + timedelta(days=9))
    met_commit(actie_wijzigen, actie=actie, door=w.werkzoekende_user, versie=actie.versie, status="klaar")
    met_commit(evaluatiedatum_instellen, kandidaat=w.kandidaat, door=km, evaluatiedatum=vandaag + timedelta(days=30))
    derde = met_commit(toestemming_verlenen, kandidaat=w.kandidaat, doel=Toestemming.Doel.DELEN_MET_DERDE,
                       derde_partij="Schuldhulp Arnhem", door=km)
    met_commit(toestemming_intrekken, toestemming=derde, door=w.werkzoekende_user)
    collega = KlantmanagerFactory(organisatie=km.organisatie, regio=km.regio, voornaam="Cora", achternaam="Collega")
    toegang = met_commit(dossiertoegang_geven, kandidaat=w.kandidaat, door=km, klantmanager=collega,
                         reden="Neemt waar tijdens mijn verlof", tot=vandaag + timedelta(days=14))
    met_commit(dossiertoegang_beeindigen, toegang=toegang, door=km)
    met_commit(waarnemer_instellen, gebruiker=km, waarnemer=collega)
    met_commit(waarnemer_instellen, gebruiker=km, waarnemer=None)
    met_commit(document_opslaan, kandidaat=w.kandidaat, door=km, bestand=ContentFile(PDF, name="vca.pdf"),
               bestandssoort="pdf", soort="certificaat", titel="VCA basis",
               verloopt_op=vandaag + timedelta(days=300), delen_met_werkgever=True)
    met_commit(plicht_instellen, kandidaat=w.kandidaat2, door=km, aantal=2, startdatum=vandaag - timedelta(days=3),
               reden="Werkt al deels")
    met_commit(activiteit_vastleggen, kandidaat=w.kandidaat2, door=km, werkgever="Bakkerij Van Dam",
               functie="Verkoper", datum=vandaag, wijze="mail")
    met_commit(afspraak_plannen, door=km, soort=Afspraak.Soort.KLANTMANAGERGESPREK, titel="Gesprek over je plan",
               start=_morgen(), eind=_morgen(uur=11), plaats="Werkplein", kandidaten=[w.kandidaat])
    wisseling = met_commit(wisseling_starten, door=km, soort=Berichtenwisseling.Soort.WERKZOEKENDE,
                           kandidaat=w.kandidaat, onderwerp="Je plan", tekst="Hoe gaat het?")
    met_commit(bericht_versturen, wisseling=wisseling, door=w.werkzoekende_user, tekst="Goed, dank je.")
    met_commit(nazorg_uitkomst_vastleggen, moment=w.moment, door=am, uitkomst=NazorgMoment.Uitkomst.GOED)
    met_commit(proefplaatsing_afronden, plaatsing=w.plaatsing, door=am, besluit="afscheid",
               reden="Past niet bij het werk")
    verzoek = met_commit(verzoek_oppakken, verzoek=w.verzoek, accountmanager=am)
    met_commit(verzoek_contact_opgenomen, verzoek=verzoek, door=am, notitie="Gebeld")
    met_commit(contact_vastleggen, werkgever=w.werkgever, door=am, op=vandaag, manier="telefoon",
               notitie="Vacature besproken")
    met_commit(vacature_bevestigen, vacature=w.vacature, door=am)
    met_commit(vacature_status_wijzigen, vacature=w.vacature, door=am, status=Vacature.Status.GESLOTEN)
    verzoek = met_commit(rechtenverzoek_indienen, kandidaat=w.kandidaat, door=w.werkzoekende_user,
                         soort="verwijdering", wat="Mijn oude cv", wens="Het klopt niet meer")
    met_commit(rechtenverzoek_afhandelen, verzoek=verzoek, door=km, uitkomst="gedaan", antwoord="Gedaan.")
    met_commit(dossier_afsluiten, kandidaat=w.kandidaat, door=km, reden=Afsluitreden.WERK)
    met_commit(dossier_heropenen, kandidaat=w.kandidaat, door=km)
    uwv = OrganisatieFactory(soort="uwv", gemeente=None, naam="UWV Arnhem", regio=km.regio)
    ula = KlantmanagerFactory(voornaam="Ula", achternaam="Uwv", regio=km.regio, organisatie=uwv)
    met_commit(warme_overdracht, kandidaat=w.kandidaat2, door=km, naar=ula, notitie="Graag bellen.")
    met_commit(warme_overdracht, kandidaat=w.kandidaat2, door=ula, naar=km, notitie="Terug naar de gemeente.")


def _werkgeversreis(w, met_commit):
    am = w.accountmanager
    derde = KandidaatFactory(voornaam="Dirk", achternaam="Derde", klantmanager=w.klantmanager)
    met_commit(toestemming_verlenen, kandidaat=derde, doel=Toestemming.Doel.DELEN_MET_WERKGEVER,
               werkgever=w.werkgever, door=w.klantmanager)
    vacature = VacatureFactory(werkgever=w.werkgever, beroep=w.beroep, titel="Elektricien")
    niet_passend = met_commit(voordracht_create, vacature=vacature, kandidaat=derde, door=am,
                              toelichting="Zoekt vast werk.")
    met_commit(voordracht_reageren, voordracht=niet_passend, door=w.werkgever_user, uitnodigen=False,
               reden=Voordracht.Reden.ERVARING)
    met_commit(voordracht_intrekken, voordracht=w.voordracht, door=am, toelichting="Heeft elders werk")
    verzoek = met_commit(verzoek_indienen, bedrijfsnaam="Spam B.V.", kvk_nummer="11223344", adres="Markt 2",
                         postcode="6811 AB", plaats="Arnhem", sector="Bouw", aantal_medewerkers=3,
                         contactpersoon="Sam", telefoon="026 7654321", email="sam@spam.nl", vraag="Koop onze pennen",
                         kanaal=Verzoek.Kanaal.WEBFORMULIER)
    met_commit(verzoek_sluiten, verzoek=verzoek, door=am, reden=Verzoek.Sluitreden.GEEN_VRAAG,
               toelichting="Reclame")
    met_commit(collega_uitnodigen, werkgever=w.werkgever, door=w.werkgever_user, email="nina@deheul.nl",
               voornaam="Nina", achternaam="de Heul")


def _paginas_in_het_engels(client, w):
    """The pages write their own lines in the verwerkingenlog (who saw what, and why)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(w.klantmanager)
    for naam, args in [("dossier", [w.kandidaat.pk]), ("plan_van_aanpak", [w.kandidaat.pk]),
                       ("documenten", [w.kandidaat.pk]), ("toestemmingen", [w.kandidaat.pk]),
                       ("dossier_toegang", [w.kandidaat.pk]), ("taken", [])]:
        antwoord = client.get(reverse(naam, args=args))
        assert antwoord.status_code == 200, naam
    client.force_login(w.accountmanager)
    for naam, args in [("werkgever_detail", [w.werkgever.pk]), ("werkgever_tijdlijn", [w.werkgever.pk]),
                       ("plaatsing_detail", [w.plaatsing.pk]), ("nazorg_overzicht", [])]:
        antwoord = client.get(reverse(naam, args=args))
        assert antwoord.status_code == 200, naam


def test_what_is_stored_is_dutch_when_the_people_who_act_read_the_portal_in_english(
        client, met_commit, django_capture_on_commit_callbacks):
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        w = Wereld().met_plaatsing()
    with translation.override("en"):
        _werkgeversreis(w, met_commit)
        _reizen_door_de_services(w, met_commit)
    _paginas_in_het_engels(client, w)

    assert engels_opgeslagen() == []


def test_the_scan_finds_english_that_is_stored(wereld):
    """The scan itself: a tijdlijn line written in English is found."""
    with translation.override("en"):
        tekst = translation.gettext("Proefplaatsing beëindigd.")
    wereld.werkgever.tijdlijn.create(soort="plaatsing", tekst=tekst)
    assert [regel[:2] for regel in engels_opgeslagen()] == [("werkgevers.Tijdlijnregel", "tekst")]


def test_an_english_actor_still_reads_her_validation_error_in_english(wereld):
    """Only what is stored is Dutch: the person who acted reads why her input was refused in her own language."""
    verleden = timezone.localdate() - timedelta(days=1)
    with translation.override("en"), pytest.raises(ValidationError) as fout:
        actie_toevoegen(kandidaat=wereld.kandidaat, door=wereld.klantmanager, omschrijving="Bel de schuldhulp",
                        eigenaar=Actie.Eigenaar.IK, uiterlijk=verleden)
    with translation.override("en"):
        engels = translation.gettext("Deze datum is al voorbij. Kies vandaag of later.")
    assert engels != "Deze datum is al voorbij. Kies vandaag of later."
    assert fout.value.message_dict == {"uiterlijk": [engels]}


def test_the_werkzoekende_reads_what_was_seen_in_her_own_language(client, wereld):
    """The line is stored in Dutch; the inzage page shows its "what" in the language the werkzoekende reads."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(wereld.klantmanager)
    assert client.get(reverse("plan_van_aanpak", args=[wereld.kandidaat.pk])).status_code == 200
    assert Verwerking.objects.filter(wat="plan van aanpak").count() == 1

    client.force_login(wereld.werkzoekende_user)
    with translation.override("en"):
        engels = translation.gettext("plan van aanpak")
    assert engels != "plan van aanpak"
    assert engels in client.get(reverse("mijn_inzage")).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    assert "plan van aanpak" in client.get(reverse("mijn_inzage")).content.decode()
