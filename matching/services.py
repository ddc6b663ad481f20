"""Writes of the matching app."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from bemiddeling.models import Voordracht
from matching.models import Interesse
from outbox.services import gebeurtenis_vastleggen
from werkgevers.models import Vacature
from werkzoekenden.models import Kandidaat

INTERESSE_GETOOND = "matching.interesse_getoond"


def interesse_tonen(*, kandidaat: Kandidaat, vacature: Vacature, door: User) -> tuple[Interesse, bool]:
    """"Ik wil hier meer over weten": recorded once per vacature, with ``matching.interesse_getoond`` for the
    klantmanager (melding and task). A second click changes nothing and returns the first, with False."""
    if vacature.status != Vacature.Status.OPEN:
        raise ValidationError(_("Deze vacature is niet meer open."))
    if Voordracht.objects.filter(kandidaat=kandidaat, vacature=vacature, status__in=Voordracht.OPEN).exists():
        # Already in progress: a task for the klantmanager to ask for a voordracht would be one too many.
        raise ValidationError(_("Je bent hiervoor al voorgedragen. Bij je sollicitaties zie je hoe het ervoor staat."))
    with transaction.atomic():
        interesse, nieuw = Interesse.objects.get_or_create(kandidaat=kandidaat, vacature=vacature,
                                                           defaults={"door": door})
        if nieuw:
            gebeurtenis_vastleggen(INTERESSE_GETOOND, door=door, interesse_id=interesse.pk, kandidaat_id=kandidaat.pk,
                                   vacature_id=vacature.pk, klantmanager_id=kandidaat.klantmanager_id)
    return interesse, nieuw
