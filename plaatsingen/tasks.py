from celery import shared_task
from plaatsingen.services import nazorg_sweep


@shared_task(acks_late=True)
def nazorg_sweep_task():
    """Idempotent: every due moment is claimed once, so a redelivered or doubled task does no harm."""
    return nazorg_sweep()
