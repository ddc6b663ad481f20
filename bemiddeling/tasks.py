from celery import shared_task

from bemiddeling.services import voordrachten_herinneren, voordrachten_melden


@shared_task
def voordrachten_herinneren_task():
    return voordrachten_herinneren()


@shared_task
def voordrachten_melden_task():
    return voordrachten_melden()
