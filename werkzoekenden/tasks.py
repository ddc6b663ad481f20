from celery import shared_task

from werkzoekenden.services import (
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
def dossiertoegangen_verlopen_task():
    """Idempotent: each access ends in its own transaction, checked again under its lock (an ended one is skipped)."""
    return dossiertoegangen_laten_verlopen()
