from celery import shared_task
from django.conf import settings

from privacy.bewaren import bewaartermijnen_toepassen


@shared_task
def bewaartermijnen_task():
    """Nightly (beat ``bewaartermijnen``). Acts only when BEWAARTERMIJNEN_UITVOEREN is on; otherwise a dry run
    whose report is logged, so a new installation first shows what it would do."""
    return bewaartermijnen_toepassen(droog=not settings.BEWAARTERMIJNEN_UITVOEREN).als_dict()
