"""Writes of the matching app."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from accounts.models import User
from bemiddeling.models import Voordracht
from matching.models import Interesse
from outbox.services import gebeurtenis_vastleggen
from werkgevers.models import Vacature
from werkzoekenden.models import Kandidaat

INTERESSE_GETOOND = "matching.interesse_getoond"
# "Ik wil hier meer over weten" from a closed dossier (a page opened before the closing).
DOSSIER_GESLOTEN = _lazy("Je dossier is gesloten: we zoeken niet meer met je naar werk. Zoek je weer werk? Neem "
                         "contact op met je contactpersoon; die kan je dossier weer openen.")


def interesse_tonen(*, kandidaat: Kandidaat, vacature: Vacature, door: User) -> tuple[Interesse, bool]:
    """"Ik wil hier meer over weten": recorded once per vacature, with ``matching.interesse_getoond`` for the
    klantmanager (melding and task). A second click changes nothing and returns the first, with False."""
    if vacature.status != Vacature.Status.OPEN:
        raise ValidationError(_("Deze vacature is niet meer open."))
    if Voordracht.objects.filter(kandidaat=kandidaat, vacature=vacature, status__in=Voordracht.OPEN).exists():
        # Already in progress: a task for the klantmanager to ask for a voordracht would be one too many.
        raise ValidationError(_("Je bent hiervoor al voorgedragen. Bij je sollicitaties zie je hoe het ervoor staat."))
    if Voordracht.objects.filter(kandidaat=kandidaat, vacature=vacature, status=Voordracht.Status.AANGENOMEN).exists():
        # Hired there already (Mijn kansen leaves it out; only a crafted or very old request reaches this).
        raise ValidationError(_("Je bent al aangenomen voor deze vacature. Bij je sollicitaties zie je hoe het ervoor "
                                "staat."))
    with transaction.atomic():
        # The dossier as it is now, locked against a closing at the same moment (``dossier_afsluiten`` locks it too).
        if Kandidaat.objects.select_for_update(no_key=True).filter(pk=kandidaat.pk).values_list(
                "afgesloten_op", flat=True).first() is not None:
            raise ValidationError(str(DOSSIER_GESLOTEN))
        interesse, nieuw = Interesse.objects.get_or_create(kandidaat=kandidaat, vacature=vacature,
                                                           defaults={"door": door})
        if nieuw:
            gebeurtenis_vastleggen(INTERESSE_GETOOND, door=door, interesse_id=interesse.pk, kandidaat_id=kandidaat.pk,
                                   vacature_id=vacature.pk, klantmanager_id=kandidaat.klantmanager_id)
    return interesse, nieuw
