from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import Arbeidsmarktregio, Gemeente, Postcodegebied
from accounts.referentiedata import laad_postcodegebieden, laad_regios_en_gemeenten
from beroepen.referentiedata import laad_beroepen_en_vaardigheden


class Command(BaseCommand):
    help = (
        "Laadt of werkt de referentiedata bij: arbeidsmarktregio's, gemeenten en postcodegebieden (CBS, GeoNames) "
        "en beroepen en vaardigheden (ESCO). Veilig om te herhalen."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            regios, gemeenten = laad_regios_en_gemeenten(Arbeidsmarktregio, Gemeente)
            postcodes = laad_postcodegebieden(Gemeente, Postcodegebied)
        self.stdout.write(f"{regios} arbeidsmarktregio's, {gemeenten} gemeenten en {postcodes} postcodegebieden geladen.")
        beroepen, vaardigheden, relaties = laad_beroepen_en_vaardigheden()
        self.stdout.write(
            f"{beroepen} beroepen, {vaardigheden} vaardigheden en {relaties} koppelingen beroep-vaardigheid geladen."
        )
