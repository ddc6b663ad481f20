from celery import shared_task

from werkzoekenden.services import rechtenverzoeken_bewaken, toestemmingsverzoeken_laten_vervallen


@shared_task
def rechtenverzoeken_bewaken_task():
    return rechtenverzoeken_bewaken()


@shared_task
def toestemmingsverzoeken_vervallen_task():
    """Idempotent: a lapsed question is no longer open, so a second run changes nothing."""
    return toestemmingsverzoeken_laten_vervallen()
