"""A caseload handover on real Celery workers that share the test database: a worker killed halfway, the run started
again by the sweep and its task sent once more, and still every dossier moves once and every werkzoekende gets one
mail (``werkzoekenden.tasks.caseloadoverdracht_task``)."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.tests.factories import KlantmanagerFactory
from conftest import Wereld
from tests.test_celery_sweep import workers  # noqa: F401 - the fixture: real workers on the test database
from werkzoekenden.models import Caseloadoverdracht, CaseloadoverdrachtDossier, Kandidaat, KlantmanagerToewijzing
from werkzoekenden.services import caseloadoverdracht_starten, caseloadoverdrachten_hervatten
from werkzoekenden.tasks import caseloadoverdracht_task
from werkzoekenden.tests.factories import KandidaatFactory

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]

AANTAL = 80


def _wacht_tot(voorwaarde, timeout=120):
    einde = time.monotonic() + timeout
    while not voorwaarde():
        assert time.monotonic() < einde, "te lang gewacht"
        time.sleep(0.05)


def test_a_worker_killed_halfway_and_a_task_sent_twice_move_every_dossier_once(workers, settings):  # noqa: F811
    settings.CELERY_TASK_DEFAULT_QUEUE = workers.queue  # where the service publishes the run: this test's workers
    wereld = Wereld()
    karin = wereld.klantmanager
    ali, bo = (KlantmanagerFactory(organisatie=karin.organisatie, regio=karin.regio) for _ in range(2))
    KandidaatFactory.create_batch(AANTAL - 1, klantmanager=karin)  # and Willem
    workers.start(1)
    overdracht = caseloadoverdracht_starten(van=karin, ontvangers=[ali, bo], notitie="Naar team Zuid.",
                                            door=wereld.beheerder)
    gedaan = CaseloadoverdrachtDossier.objects.filter(overdracht=overdracht).exclude(
        status=CaseloadoverdrachtDossier.Status.OPEN)
    _wacht_tot(lambda: gedaan.count() >= 5)
    workers.stop(meteen=True)  # kill -9 in the middle of a batch
    halverwege = gedaan.count()
    assert 5 <= halverwege < AANTAL
    assert Kandidaat.objects.exclude(klantmanager=karin).count() == halverwege  # each done row moved its dossier

    # Nobody takes the run on (its message went with the worker); the sweep starts it again, and the task is sent
    # twice more besides, to two workers.
    workers.start(2)
    assert caseloadoverdrachten_hervatten(nu=timezone.now() + timedelta(minutes=10)) == 1
    resultaten = [caseloadoverdracht_task.apply_async(args=[overdracht.pk], queue=workers.queue) for _ in range(2)]
    [r.get(timeout=120) for r in resultaten]
    _wacht_tot(lambda: Caseloadoverdracht.objects.get(pk=overdracht.pk).status == Caseloadoverdracht.Status.KLAAR)

    assert not Kandidaat.objects.filter(klantmanager=karin).exists()
    assert {Kandidaat.objects.filter(klantmanager=ali).count(), Kandidaat.objects.filter(klantmanager=bo).count()} \
        == {AANTAL // 2}
    # Moved once: one new assignment per dossier, with the note.
    assert KlantmanagerToewijzing.objects.filter(overdrachtsnotitie="Naar team Zuid.").count() == AANTAL
    _wacht_tot(lambda: workers.mails_met("Je nieuwe contactpersoon") >= AANTAL
               and workers.mails_met("dossiers voor jou") >= 2)
    time.sleep(1)  # a duplicate would arrive now
    assert workers.mails_met("Je nieuwe contactpersoon") == AANTAL
    assert workers.mails_met(f"{AANTAL // 2} dossiers voor jou") == 2  # one summary for Ali, one for Bo
