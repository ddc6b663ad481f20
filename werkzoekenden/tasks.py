from celery import shared_task

from werkzoekenden.services import rechtenverzoeken_bewaken


@shared_task
def rechtenverzoeken_bewaken_task():
    return rechtenverzoeken_bewaken()
