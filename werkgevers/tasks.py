from celery import shared_task

from werkgevers.services import verouderde_vacatures_signaleren, verzoeken_bewaken


@shared_task
def verzoeken_bewaken_task():
    return verzoeken_bewaken()


@shared_task
def verouderde_vacatures_signaleren_task():
    return verouderde_vacatures_signaleren()
