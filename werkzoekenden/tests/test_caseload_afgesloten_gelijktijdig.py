"""A dossier closed while something in its plan changes at the same moment, on PostgreSQL with a connection per
thread: the closed dossier must keep no attention date, or the caseload counts it ("1 kandidaat vraagt aandacht")
while the list of those who need attention, which shows open dossiers only, does not show it."""

import threading
import time
from datetime import timedelta

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.gelijktijdig import in_draad
from werkzoekenden.models import Kandidaat, PlanVanAanpak
from werkzoekenden.services import dossier_afsluiten

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_plan_saved_while_the_dossier_closes_gives_the_closed_dossier_no_attention_date(wereld_pg):
    """Karin closes Willem's dossier while his plan's evaluation date is saved (a colleague, a second tab). The save
    read the dossier as open before the closing committed, computed today as its first day of attention and wrote
    it after the closing: the closed dossier counted as "vraagt aandacht" for ever, and was in no list."""
    vandaag = timezone.localdate()
    kandidaat = wereld_pg.kandidaat
    Kandidaat.objects.filter(pk=kandidaat.pk).update(laatste_contact_op=vandaag, aandacht_vanaf=vandaag + timedelta(
        days=31))
    plan = PlanVanAanpak.objects.create(kandidaat=kandidaat)
    gesloten = threading.Event()

    def sluiten():
        with transaction.atomic():
            dossier_afsluiten(kandidaat=kandidaat, door=wereld_pg.klantmanager, reden="werk")
            gesloten.set()
            time.sleep(0.5)  # still uncommitted while the plan is saved

    def plan_opslaan():
        gesloten.wait(5)
        plan.evaluatiedatum = vandaag
        plan.save()  # reads the dossier as open (the closing is not committed yet), then waits for its row

    draden = [in_draad(sluiten), in_draad(plan_opslaan)]
    for draad, fouten in draden:
        draad.join(30)
        assert not fouten, fouten
    kandidaat.refresh_from_db()
    assert kandidaat.afgesloten_op is not None
    assert kandidaat.aandacht_vanaf is None
    client = Client()
    client.force_login(wereld_pg.klantmanager)
    pagina = client.get(reverse("klantmanager_home"))
    assert pagina.context["aantal_aandacht"] == 0  # Willem was Karin's only kandidaat
