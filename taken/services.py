from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Rol
from taken.models import Taak
from werkzoekenden.models import Actie
from werkzoekenden.permissions import mag_dossier
from werkzoekenden.services import Bewerkingsconflict, actie_wijzigen


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
            _actie_klaar(taak, door=door)
            taak.afgerond_op = timezone.now()
            taak.save(update_fields=["afgerond_op"])
    return taak


def _actie_klaar(taak, *, door):
    """A task ``actie:<id>`` is a plan action of "mijn contactpersoon" (``taken.reacties``): done here, it is done in
    the werkzoekende's plan too (its history, her melding), else her plan says "Nog te doen" of what was done. An
    action gone, done already or in a closed plan (which stands still) only closes the task."""
    sleutel = taak.sleutel or ""
    actie_id = sleutel.removeprefix("actie:") if sleutel.startswith("actie:") else ""
    actie = (Actie.objects.select_related("plan__kandidaat__klantmanager").filter(pk=actie_id)
             .exclude(status=Actie.Status.KLAAR).first() if actie_id.isdigit() else None)
    if actie is None or actie.eigenaar != Actie.Eigenaar.CONTACTPERSOON:
        return  # hers now (or another's): the task closes with the change that made it so (``taken.reacties``)
    if not mag_dossier(door, actie.plan.kandidaat):
        # The dossier went to another klantmanager and this task not yet with it (its reaction is behind): who may not
        # open the plan does not change it, and the task stays to go along to who may.
        raise ValidationError(_("Het dossier van %(naam)s is overgedragen aan een collega: je past het plan niet meer "
                                "aan. De taak gaat met het dossier mee.") % {"naam": actie.plan.kandidaat.voornaam})
    try:
        with transaction.atomic():
            actie_wijzigen(actie=actie, door=door, versie=actie.versie, status=Actie.Status.KLAAR)
    except Bewerkingsconflict:
        raise ValidationError(_("Deze actie is net gewijzigd. Kijk in het plan hoe het er nu voor staat.")) from None
    except ValidationError:
        pass  # the dossier is closed: the plan stands still
