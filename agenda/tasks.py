from celery import shared_task

from agenda.services import herinneringen_versturen


@shared_task(acks_late=True)
def herinneringen_task():
    """Idempotent: every reminder is claimed once, so a redelivered or doubled task sends nothing twice."""
    return herinneringen_versturen()
