from celery import shared_task


@shared_task(acks_late=True)
def nazorg_sweep_task():
    """Idempotent: every due moment is claimed once, so a redelivered or doubled task does no harm."""
    from plaatsingen.services import nazorg_sweep

    return nazorg_sweep()
