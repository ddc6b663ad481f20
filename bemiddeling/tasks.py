from celery import shared_task


@shared_task
def voordrachten_herinneren_task():
    from bemiddeling.services import voordrachten_herinneren

    return voordrachten_herinneren()
