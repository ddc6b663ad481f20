from celery import shared_task

from sollicitaties.services import plichten_bijwerken


@shared_task
def plichten_bijwerken_task():
    """Daily: standard plichten for new WW dossiers, the next period where one ended, reminders before the end."""
    return plichten_bijwerken()
