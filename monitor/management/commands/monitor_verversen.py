import argparse
import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from monitor.rollups import kengetallen_verversen


def _maand(tekst):
    try:
        jaar, maand = tekst.split("-")
        return date(int(jaar), int(maand), 1)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"Geef een maand als JJJJ-MM, bijvoorbeeld 2026-01 (niet '{tekst}').") from exc


class Command(BaseCommand):
    help = "Rekent de kengetallen van de klantreis-monitor opnieuw uit (alle regio's, per maand)."

    def add_arguments(self, parser):
        parser.add_argument("--vanaf", type=_maand, default=None,
                            help="Eerste maand, JJJJ-MM (standaard: twaalf maanden geleden).")
        parser.add_argument("--tot", type=_maand, default=None, help="Laatste maand, JJJJ-MM (standaard: deze maand).")

    def handle(self, *args, vanaf=None, tot=None, **options):
        vandaag = timezone.localdate()
        tot = tot or vandaag.replace(day=1)
        vanaf = vanaf or date(vandaag.year - 1, vandaag.month, 1)
        if vanaf > tot:
            raise CommandError("--vanaf ligt na --tot.")
        start = time.perf_counter()
        aantal = kengetallen_verversen(vanaf=vanaf, tot=tot, wachten=True)
        self.stdout.write(f"{aantal} kengetallen geschreven voor {vanaf:%Y-%m} t/m {tot:%Y-%m} "
                          f"in {time.perf_counter() - start:.1f} s.")
