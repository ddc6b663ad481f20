from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import Arbeidsmarktregio, Gemeente
from accounts.referentiedata import laad_regios_en_gemeenten


class Command(BaseCommand):
    help = "Laadt of werkt de 35 arbeidsmarktregio's en hun gemeenten bij (CBS 2026). Veilig om te herhalen."

    def handle(self, *args, **options):
        with transaction.atomic():
            regios, gemeenten = laad_regios_en_gemeenten(Arbeidsmarktregio, Gemeente)
        self.stdout.write(f"{regios} arbeidsmarktregio's en {gemeenten} gemeenten geladen.")
