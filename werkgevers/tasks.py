from celery import shared_task


@shared_task
def verzoeken_bewaken_task():
    from werkgevers.services import verzoeken_bewaken

    return verzoeken_bewaken()


@shared_task
def verouderde_vacatures_signaleren_task():
    from werkgevers.services import verouderde_vacatures_signaleren

    return verouderde_vacatures_signaleren()
