from celery import shared_task

from accounts.services import verlopen_sessies_opruimen, verlopen_uitnodigingen_opruimen


@shared_task
def verlopen_uitnodigingen_opruimen_task():
    return verlopen_uitnodigingen_opruimen()


@shared_task
def verlopen_sessies_opruimen_task():
    return verlopen_sessies_opruimen()


@shared_task
def ping_task(waarde):
    """Answers with what it got; used to check that a worker is alive (health check, CI)."""
    return {"pong": waarde}
