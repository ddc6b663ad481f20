"""Second reading of "stored texts are Dutch whatever language the actor reads": places the first pass missed.

Each test acts in English and checks the stored text is Dutch: a choice label interpolated into a Dutch line (it
was evaluated in the actor's language before the line was made), two verwerkingen written with the eager gettext,
the uitkering in the handover mail (a queued mail keeps its context as it was evaluated, and is rendered later)
and the standard title of an afspraak planned without one."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import Verwerking
from accounts.tests.factories import KlantmanagerFactory
from agenda.models import Afspraak
from agenda.services import afspraak_plannen
from werkgevers.models import Tijdlijnregel, Verzoek
from werkgevers.services import verzoek_sluiten
from werkzoekenden.models import Kandidaat
from werkzoekenden.services import document_opslaan, warme_overdracht
from werkzoekenden.tests.test_cv import PDF

pytestmark = pytest.mark.django_db


def test_a_verzoek_closed_in_english_has_its_reason_in_dutch_on_the_tijdlijn(wereld, met_commit):
    wereld.met_bemiddeling()
    with translation.override("en"):
        met_commit(verzoek_sluiten, verzoek=wereld.verzoek, door=wereld.accountmanager,
                   reden=Verzoek.Sluitreden.GEEN_VRAAG, toelichting="Reclame")
    regel = Tijdlijnregel.objects.filter(tekst__startswith="Verzoek gesloten zonder contact").get()
    assert "(geen vraag voor het WSP): Reclame" in regel.tekst


def test_a_werkgever_reading_english_downloads_her_data_and_the_line_is_dutch(client, wereld):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(wereld.werkgever_user)
    assert client.get(reverse("werkgever_mijn_gegevens_json")).status_code == 200
    regel = Verwerking.objects.filter(gebruiker=wereld.werkgever_user, actie=Verwerking.Actie.DELEN).get()
    assert regel.doel == "eigen gegevens gedownload (inzage)"


def test_the_question_before_deleting_a_document_is_logged_in_dutch(client, wereld):
    document = document_opslaan(kandidaat=wereld.kandidaat, door=wereld.klantmanager,
                                bestand=ContentFile(PDF, name="vca.pdf"), bestandssoort="pdf", soort="certificaat",
                                titel="VCA basis")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(wereld.klantmanager)
    assert client.get(reverse("document_verwijderen", args=[document.pk])).status_code == 200
    assert list(Verwerking.objects.filter(gebruiker=wereld.klantmanager, actie=Verwerking.Actie.INZIEN,
                                          object_id=str(document.pk)).values_list("wat", flat=True)) == [
        "document verwijderen"]


def test_the_handover_mail_names_the_new_uitkering_in_dutch(wereld, met_commit):
    kandidaat = wereld.kandidaat
    assert kandidaat.uitkering != Kandidaat.Uitkering.GEEN
    naar = KlantmanagerFactory(voornaam="Ula", achternaam="Uwv", regio=wereld.klantmanager.regio)
    with translation.override("en"):
        met_commit(warme_overdracht, kandidaat=kandidaat, door=wereld.klantmanager, naar=naar,
                   notitie="Graag bellen.", uitkering=Kandidaat.Uitkering.GEEN)
    [bericht] = [m for m in mail.outbox if m.to == [naar.email] and "overgedragen" in m.subject]
    assert [r for r in bericht.body.splitlines() if "uitkering" in r] == ["De uitkering is nu: Geen uitkering."]


def test_an_afspraak_planned_in_english_without_a_title_has_the_dutch_standard_title(wereld):
    morgen = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0) + timedelta(days=1)
    with translation.override("en"):
        afspraak = afspraak_plannen(door=wereld.klantmanager, soort=Afspraak.Soort.KLANTMANAGERGESPREK, titel="",
                                    start=morgen, eind=morgen + timedelta(hours=1), plaats="Werkplein",
                                    kandidaten=[wereld.kandidaat])
    assert afspraak.titel == "Gesprek met klantmanager"
    # the werkzoekende, reading Dutch, reads it as a gesprek with her contactpersoon
    assert afspraak.titel_voor_werkzoekende == "Gesprek met je contactpersoon"
