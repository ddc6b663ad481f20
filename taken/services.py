from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Rol
from taken.models import Taak


def taak_aanmaken(*, voor, omschrijving, uiterlijk=None, voordracht=None, werkgever=None, kandidaat=None):
    if kandidaat is None and voordracht is not None:
        kandidaat = voordracht.kandidaat
    return Taak.objects.create(
        toegewezen_aan=voor, omschrijving=omschrijving[:500], uiterlijk=uiterlijk,
        voordracht=voordracht, werkgever=werkgever, kandidaat=kandidaat,
    )


def taak_afronden(*, taak, door):
    """Mark a task done: its owner, or the colleague covering for them (checked by the caller's permission lookup).
    A beheerder's task about an AVG request (nobody else could open it: ``taken.reacties``) is not his to close: it
    goes to the klantmanager-coördinator he appoints, who handles the request. Closed, nobody would."""
    with transaction.atomic():
        taak = Taak.objects.select_for_update().select_related("toegewezen_aan").get(pk=taak.pk)
        if taak.afgerond_op is None and taak.rechtenverzoek_id and taak.toegewezen_aan.rol == Rol.BEHEERDER:
            raise ValidationError(_("Deze taak gaat vanzelf naar de klantmanager die je WSP-coördinator maakt: zij "
                                    "handelt het AVG-verzoek af. Afvinken zou het verzoek bij niemand laten."))
        if taak.afgerond_op is None:
            taak.afgerond_op = timezone.now()
            taak.save(update_fields=["afgerond_op"])
    return taak
