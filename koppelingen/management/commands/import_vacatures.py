from accounts.models import Rol
from koppelingen.importeren import (
    VACATURES,
    ImportCommand,
    samenvatting_vacatures,
    vacatures_controleren,
    vacatures_importeren,
)


class Command(ImportCommand):
    help = (
        "Importeert vacatures uit een CSV- of JSON-bestand (kolommen: zie README) voor bestaande werkgevers "
        "(KvK-nummer). Een bekende referentie werkt de vacature bij. Alles of niets, tenzij --skip-invalid."
    )
    soort = VACATURES
    door_rollen = (Rol.BEHEERDER, Rol.ACCOUNTMANAGER)

    def controleren(self, gelezen, opties):
        return vacatures_controleren(gelezen, bewaren=not opties["dry_run"])

    def importeren(self, rijen, door):
        return vacatures_importeren(rijen=rijen, door=door)

    def samenvatting(self, *aantallen):
        return samenvatting_vacatures(*aantallen)
