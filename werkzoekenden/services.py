from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Verwerking
from accounts.services import verwerking_registreer
from werkzoekenden.models import Kandidaat, Toestemming


def toestemming_verlenen(*, kandidaat: Kandidaat, doel: str, door, werkgever=None, derde_partij="") -> Toestemming:
    """Record a consent of the kandidaat. Granting the same consent twice keeps the first one."""
    if doel == Toestemming.Doel.DELEN_MET_WERKGEVER and werkgever is None:
        raise ValidationError({"werkgever": _("Kies met welke werkgever het cv gedeeld mag worden.")})
    if doel == Toestemming.Doel.DELEN_MET_DERDE and not derde_partij.strip():
        raise ValidationError({"derde_partij": _("Vul in met welke partij de gegevens gedeeld mogen worden.")})
    with transaction.atomic():
        Kandidaat.objects.select_for_update().get(pk=kandidaat.pk)  # serialise grants per kandidaat
        bestaand = Toestemming.objects.filter(
            kandidaat=kandidaat, doel=doel, werkgever=werkgever, derde_partij=derde_partij.strip(),
            ingetrokken_op__isnull=True,
        ).first()
        if bestaand:
            return bestaand
        toestemming = Toestemming.objects.create(
            kandidaat=kandidaat, doel=doel, werkgever=werkgever, derde_partij=derde_partij.strip(), verleend_door=door
        )
        verwerking_registreer(
            gebruiker=door, actie=Verwerking.Actie.AANMAKEN, obj=toestemming, doel=_("toestemming gegeven")
        )
    return toestemming


def toestemming_intrekken(*, toestemming: Toestemming, door) -> Toestemming:
    """Withdraw at once: from this moment the werkgever no longer sees the cv and no new
    voordracht can be made on it."""
    with transaction.atomic():
        toestemming = Toestemming.objects.select_for_update().get(pk=toestemming.pk)
        if toestemming.ingetrokken_op is None:
            toestemming.ingetrokken_op = timezone.now()
            toestemming.ingetrokken_door = door
            toestemming.save(update_fields=["ingetrokken_op", "ingetrokken_door"])
            verwerking_registreer(
                gebruiker=door, actie=Verwerking.Actie.WIJZIGEN, obj=toestemming, doel=_("toestemming ingetrokken")
            )
    return toestemming
