import logging

from celery import shared_task

from plaatsingen.services import nazorg_sweep

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def nazorg_sweep_task(meehelpen=False):
    """Idempotent: every due moment is claimed once, so a redelivered or doubled task does no harm. With more
    than one batch due, one more sweep joins on another worker slot (SKIP LOCKED keeps them apart)."""
    return nazorg_sweep(bij_volle_batch=None if meehelpen else _hulp_vragen)


def _hulp_vragen():
    try:
        nazorg_sweep_task.apply_async(kwargs={"meehelpen": True}, retry=False)
    except Exception as exc:  # noqa: BLE001 - the broker is away: this sweep simply does it alone
        logger.warning("Geen tweede sweep gestart (%s); deze sweep doet het alleen.", exc)
