from celery import shared_task

from werkzoekenden.services import (
    documenten_herinneren,
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
