from celery import shared_task

from meldingen.services import dagelijkse_samenvattingen


@shared_task(acks_late=True)
def dagelijkse_samenvattingen_task():
    """Idempotent: one summary per person per day (``Samenvatting`` is the claim)."""
    return dagelijkse_samenvattingen()
