from django.db import transaction
from django.utils import timezone

from taken.models import Taak


def taak_aanmaken(*, voor, omschrijving, uiterlijk=None, voordracht=None, werkgever=None, kandidaat=None):
    if kandidaat is None and voordracht is not None:
        kandidaat = voordracht.kandidaat
    return Taak.objects.create(
        toegewezen_aan=voor, omschrijving=omschrijving[:500], uiterlijk=uiterlijk,
        voordracht=voordracht, werkgever=werkgever, kandidaat=kandidaat,
    )


def taak_afronden(*, taak, door):
    """Mark a task done: its owner, or the colleague covering for them (checked by the caller's permission lookup)."""
    with transaction.atomic():
        taak = Taak.objects.select_for_update().get(pk=taak.pk)
        if taak.afgerond_op is None:
            taak.afgerond_op = timezone.now()
            taak.save(update_fields=["afgerond_op"])
    return taak
