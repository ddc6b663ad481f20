from celery import shared_task

from werkzoekenden.services import (
    caseloadoverdracht_publiceren,
    caseloadoverdracht_verwerken,
    caseloadoverdrachten_hervatten,
    documenten_herinneren,
    dossiertoegangen_laten_verlopen,
    rechtenverzoeken_bewaken,
    toestemmingsverzoeken_laten_vervallen,
)


@shared_task
def rechtenverzoeken_bewaken_task():
    return rechtenverzoeken_bewaken()


@shared_task
def toestemmingsverzoeken_vervallen_task():
    """Idempotent: a lapsed question is no longer open, so a second run changes nothing."""
    return toestemmingsverzoeken_laten_vervallen()


@shared_task
def documenten_herinneren_task():
    """Idempotent: ``herinnerd_op`` is claimed once per certificate."""
    return documenten_herinneren()


@shared_task
def caseloadoverdracht_task(overdracht_id):
    """A batch of the run, then the next batch as a task of its own (so other work gets a turn). Killed halfway, the
    message comes back (acks late) or the sweep starts the run again; a dossier is never moved twice."""
    resultaat = caseloadoverdracht_verwerken(overdracht_id=overdracht_id)
    if resultaat["meer"]:
        caseloadoverdracht_publiceren(overdracht_id)
    return resultaat


@shared_task
def caseloadoverdrachten_hervatten_task():
    return caseloadoverdrachten_hervatten()


@shared_task
def dossiertoegangen_verlopen_task():
    """Idempotent: each access ends in its own transaction, checked again under its lock (an ended one is skipped)."""
    return dossiertoegangen_laten_verlopen()
