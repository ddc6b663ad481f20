from accounts.models import Rol
from koppelingen.importeren import (
    KANDIDATEN,
    ImportCommand,
    kandidaten_controleren,
    kandidaten_importeren,
    samenvatting_kandidaten,
)


class Command(ImportCommand):
    help = (
        "Importeert kandidaten uit een CSV- of JSON-bestand (kolommen: zie README). Een bekende referentie werkt "
        "de kandidaat bij. Alles of niets: bij een fout wordt niets opgeslagen, tenzij --skip-invalid."
    )
    soort = KANDIDATEN
    door_rollen = (Rol.BEHEERDER, Rol.KLANTMANAGER)

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--klantmanager", metavar="EMAIL",
                            help="Vaste klantmanager voor regels zonder klantmanager.")

    def handle(self, *args, **opties):
        self.standaard_klantmanager = None
        if opties["klantmanager"]:
            self.standaard_klantmanager = self.gebruiker(opties["klantmanager"], (Rol.KLANTMANAGER,), "--klantmanager")
        super().handle(*args, **opties)

    def controleren(self, gelezen, opties):
        return kandidaten_controleren(gelezen, standaard_klantmanager=self.standaard_klantmanager,
                                      bewaren=not opties["dry_run"])

    def importeren(self, rijen, door):
        return kandidaten_importeren(rijen=rijen, door=door)

    def samenvatting(self, *aantallen):
        return samenvatting_kandidaten(*aantallen)
