"""Two beheerders take the WSP-coördinator flag of the only two coordinators at the same time. Real concurrency on
PostgreSQL: two threads, each with its own connection. Whatever the order, Cora's overdue AVG request does not end
with Olga, who can no longer open it: the reaction that hands it to Olga holds Olga's row, so her flag goes only
after that commit, and the reaction to that passes it on."""

import threading

import pytest
from django.db import transaction

from accounts.models import User
from accounts.services import GEBRUIKER_GEWIJZIGD, gebruiker_opslaan
from accounts.tests.factories import BeheerderFactory, KlantmanagerFactory
from outbox import services as outbox_services
from outbox.models import Gebeurtenis
from outbox.services import gebeurtenis_verwerken
from taken import reacties
from taken.models import Taak
from tests.gelijktijdig import in_draad
from werkzoekenden.tests.factories import KandidaatFactory, RechtenverzoekFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _reactie(gebruiker_id):
    """What the outbox does with the event of her flag: its reactions, in the transaction that marks it handled."""
    assert gebeurtenis_verwerken(Gebeurtenis.objects.filter(
        soort=GEBRUIKER_GEWIJZIGD, gegevens__gebruiker_id=gebruiker_id).latest("pk").pk)


@pytest.mark.parametrize("wanneer", ["na de keuze", "na het doorgeven"])
def test_two_coordinators_losing_the_flag_at_once_do_not_hand_the_request_to_each_other(wereld_pg, monkeypatch,
                                                                                      wanneer):
    """Before (nothing locked): Cora's reaction chose Olga; Olga's flag went and her reaction ran before Cora's
    committed, found nothing of hers, and Cora's commit then left the request with Olga: 404 to her, seen by
    nobody. Olga's flag goes just after Cora's reaction chose her, or after it handed her the task (uncommitted)."""
    km = wereld_pg.klantmanager
    beheerder = BeheerderFactory(achternaam="Abbing", regio=km.regio)
    cora = KlantmanagerFactory(organisatie=km.organisatie, regio=km.regio, is_coordinator=True)
    olga = KlantmanagerFactory(organisatie=km.organisatie, regio=km.regio, is_coordinator=True)
    verzoek = RechtenverzoekFactory(kandidaat=KandidaatFactory(regio=km.regio, klantmanager=None))
    taak = Taak.objects.create(toegewezen_aan=cora, omschrijving="Te laat.", rechtenverzoek=verzoek,
                               kandidaat=verzoek.kandidaat, sleutel=f"rechtenverzoek:{verzoek.pk}:escalatie:{cora.pk}")
    # The reactions run when the outbox gets to them (here: in the threads), not at each commit.
    monkeypatch.setattr(outbox_services, "_verwerk_na_commit", lambda pk: None)
    cora.is_coordinator = False
    gebruiker_opslaan(cora, door=wereld_pg.beheerder)
    gekozen, olga_klaar = threading.Event(), threading.Event()
    kiezen = reacties.opvolgers_van_coordinatortaken

    def kiezen_en_wachten(taken, **kwargs):
        opvolgers = kiezen(taken, **kwargs)
        if wanneer == "na de keuze" and not gekozen.is_set():
            gekozen.set()
            olga_klaar.wait(1.0)  # Cora's reaction has chosen, not yet written
        return opvolgers

    monkeypatch.setattr(reacties, "opvolgers_van_coordinatortaken", kiezen_en_wachten)

    def coras_reactie():
        with transaction.atomic():
            _reactie(cora.pk)
            gekozen.set()
            olga_klaar.wait(1.0)  # still open when Olga's flag goes; ends once that is done, or after a second

    def olgas_vlag():
        gekozen.wait(10)
        zonder = User.objects.get(pk=olga.pk)
        zonder.is_coordinator = False
        gebruiker_opslaan(zonder, door=wereld_pg.beheerder)
        _reactie(olga.pk)
        olga_klaar.set()

    cora_draad, cora_fouten = in_draad(coras_reactie)
    olga_draad, olga_fouten = in_draad(olgas_vlag)
    cora_draad.join(30)
    olga_draad.join(30)
    assert not cora_fouten and not olga_fouten, (cora_fouten, olga_fouten)
    assert not User.objects.get(pk=olga.pk).is_coordinator
    taak.refresh_from_db()
    assert taak.toegewezen_aan == beheerder and taak.afgerond_op is None
