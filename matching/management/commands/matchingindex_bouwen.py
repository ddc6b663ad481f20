from django.core.management.base import BaseCommand

from matching.index import opslag


class Command(BaseCommand):
    help = ("Bouwt een nieuwe versie van de matchingindex in MATCHINGINDEX_MAP en maakt die de huidige; elk "
            "webproces op deze machine neemt hem binnen enkele seconden over. Voor een deploy: --als-nodig bouwt "
            "alleen als er nog geen bruikbare versie is.")

    def add_arguments(self, parser):
        parser.add_argument("--als-nodig", action="store_true",
                            help="Alleen bouwen als er nog geen bruikbare versie is (bij het starten van een machine).")

    def handle(self, *args, als_nodig=False, **options):
        if als_nodig:
            gevonden = opslag.laad_huidige()
            if gevonden is not None:
                naam, kolommen, _ = gevonden
                self.stdout.write(f"Matchingindex-versie {naam} is bruikbaar ({kolommen.n} kandidaten); niet gebouwd.")
                return
        naam = opslag.bouw_versie(wacht=True)
        naam, kolommen, meta = opslag.laad_huidige()
        self.stdout.write(f"Matchingindex-versie {naam} is de huidige: {kolommen.n} kandidaten, gelezen in "
                          f"{meta['bouwtijd_s']:.1f} s, in {opslag.indexmap()}.")
