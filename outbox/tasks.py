"""Outbox tasks run on the mail queue (``CELERY_MAIL_QUEUE``), apart from the sweeps, so mail keeps
flowing while a large sweep runs. They store no result: publishing never touches a result backend."""

from celery import shared_task

from outbox import services


@shared_task(ignore_result=True, acks_late=True)
def mails_versturen_task():
    verstuurd = services.mails_versturen()
    if verstuurd:
        # More may be waiting: keep draining without waiting for the beat.
        services.publiceer_als_er_meer_is()
    return verstuurd


@shared_task(ignore_result=True)
def outbox_sweep_task():
    return services.outbox_sweep()
