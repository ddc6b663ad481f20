from celery import shared_task
from django.utils import timezone

from monitor.rollups import kengetallen_verversen, vorige_maand


@shared_task(acks_late=True)
def monitor_verversen_task():
    """This month and the previous one (late events, decisions that fell after the month ended). Skips when
    another refresh runs; a redelivered task only recomputes the same rows."""
    vandaag = timezone.localdate()
    return kengetallen_verversen(vanaf=vorige_maand(vandaag), tot=vandaag, wachten=False)
