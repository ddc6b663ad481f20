"""Aanvragen are part of the dossier: in the AVG export, and their free text goes when the dossier is
anonymised after its retention period."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from ondersteuning.models import Aanvraag
from ondersteuning.tests.factories import AanvraagFactory
from privacy.bewaren import bewaartermijnen_toepassen
from privacy.export import gegevens_van, kandidaat_voor_export
from werkzoekenden.models import Afsluitreden
from werkzoekenden.services import dossier_afsluiten
from werkzoekenden.tests.factories import KandidaatFactory

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")


def test_willems_requests_are_in_his_export(wereld):
    AanvraagFactory(kandidaat=wereld.kandidaat, traject__titel="Jobcoach", motivatie="Ik wil hulp op mijn werk.")
    gegevens = gegevens_van(kandidaat_voor_export(wereld.kandidaat.pk))
    [aanvraag] = gegevens["ondersteuning"]
    assert (aanvraag["traject"], aanvraag["jouw_motivatie"], aanvraag["status"]) == (
        "Jobcoach", "Ik wil hulp op mijn werk.", "Wacht op je contactpersoon")


def test_anonymising_a_closed_dossier_wipes_motivation_and_reason_but_keeps_the_facts(wereld):
    with time_machine.travel(datetime(2024, 1, 10, 10, 0, tzinfo=AMS), tick=False):
        oud = KandidaatFactory(klantmanager=wereld.klantmanager)
        afgewezen = AanvraagFactory(kandidaat=oud, motivatie="Ik heb schulden bij de bank.", status="afgewezen",
                                    reden="Eerst het schuldhulptraject afronden.")
        dossier_afsluiten(kandidaat=oud, door=wereld.klantmanager, reden=Afsluitreden.WERK)
    open_ = AanvraagFactory(kandidaat=wereld.kandidaat, motivatie="Ik wil Nederlands leren.")
    with time_machine.travel(datetime(2026, 12, 15, 3, 15, tzinfo=AMS), tick=False):
        bewaartermijnen_toepassen(droog=False, categorieen=["dossier"])
    afgewezen.refresh_from_db()
    assert (afgewezen.motivatie, afgewezen.reden) == ("", "Geanonimiseerd")
    assert afgewezen.status == Aanvraag.Status.AFGEWEZEN and afgewezen.traject_id
    open_.refresh_from_db()
    assert open_.motivatie == "Ik wil Nederlands leren."
