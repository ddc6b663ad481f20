"""The plan of a dossier that closes at the same moment, on PostgreSQL with a connection per thread: a change to the
plan read the dossier as open while the closing had not committed yet, and went into the closed plan."""

import threading
import time

import pytest
from django.db import transaction

from tests.gelijktijdig import in_draad
from werkzoekenden.models import Actie, PlanVanAanpak
from werkzoekenden.services import actie_toevoegen, actie_wijzigen, dossier_afsluiten, evaluatiedatum_instellen

pytestmark = pytest.mark.django_db(transaction=True)


def _tijdens_het_sluiten(wereld, wijziging):
    """Run ``wijziging`` while Karin's closing of the dossier holds its row, not yet committed; its exception or
    None."""
    gesloten = threading.Event()

    def sluiten():
        with transaction.atomic():
            dossier_afsluiten(kandidaat=wereld.kandidaat, door=wereld.klantmanager, reden="werk")
            gesloten.set()
            time.sleep(0.5)  # still uncommitted while the plan changes

    def wijzigen():
        gesloten.wait(5)
        wijziging()

    sluit_draad, sluit_fouten = in_draad(sluiten)
    draad, fouten = in_draad(wijzigen)
    for d in (sluit_draad, draad):
        d.join(30)
    assert not sluit_fouten, sluit_fouten
    return fouten[0] if fouten else None


def test_an_action_added_while_the_dossier_closes_does_not_go_into_the_closed_plan(wereld_pg):
    """Willem adds an action for his contactpersoon in the second Karin closes his dossier: it read the dossier as
    open before the closing committed, and the closed plan got the action (and Karin a task nobody works on)."""
    from django.core.exceptions import ValidationError

    PlanVanAanpak.objects.create(kandidaat=wereld_pg.kandidaat)
    fout = _tijdens_het_sluiten(wereld_pg, lambda: actie_toevoegen(
        kandidaat=wereld_pg.kandidaat, door=wereld_pg.werkzoekende_user, levensdomein="werk", doel="Werk",
        omschrijving="Help me met mijn cv", eigenaar="contactpersoon"))
    assert isinstance(fout, ValidationError), fout
    assert not Actie.objects.filter(omschrijving="Help me met mijn cv").exists()


def test_an_action_ticked_while_the_dossier_closes_stays_as_it_was(wereld_pg):
    from django.core.exceptions import ValidationError

    actie = actie_toevoegen(kandidaat=wereld_pg.kandidaat, door=wereld_pg.werkzoekende_user, levensdomein="werk",
                            doel="Werk", omschrijving="Cv maken", eigenaar="ik")
    fout = _tijdens_het_sluiten(wereld_pg, lambda: actie_wijzigen(
        actie=actie, door=wereld_pg.werkzoekende_user, versie=actie.versie, status=Actie.Status.KLAAR))
    assert isinstance(fout, ValidationError), fout
    actie.refresh_from_db()
    assert actie.status == Actie.Status.OPEN


def test_an_evaluation_date_set_while_the_dossier_closes_is_refused(wereld_pg):
    from django.core.exceptions import ValidationError
    from django.utils import timezone

    PlanVanAanpak.objects.create(kandidaat=wereld_pg.kandidaat)
    fout = _tijdens_het_sluiten(wereld_pg, lambda: evaluatiedatum_instellen(
        kandidaat=wereld_pg.kandidaat, door=wereld_pg.klantmanager, evaluatiedatum=timezone.localdate()))
    assert isinstance(fout, ValidationError), fout
    assert PlanVanAanpak.objects.get(kandidaat=wereld_pg.kandidaat).evaluatiedatum is None
